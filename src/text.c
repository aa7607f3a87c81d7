/*
 * text: UTF-8, widths, wrapping, sanitising, LaTeX rendering,
 * transliteration and iconv.
 *
 * Everything here must accept arbitrary bytes: the importers hand us text
 * from the internet, and a crash or an endless loop on a hostile abstract
 * is a bug. Recursion in the LaTeX renderer is bounded for the same reason.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "text.h"

/* ---------------------------------------------------------------- UTF-8 */

size_t text_utf8_next(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;
	size_t len, i;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		len = 2;
		c = u[0] & 0x1F;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		len = 3;
		c = u[0] & 0x0F;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		len = 4;
		c = u[0] & 0x07;
	} else {
		*cp = TEXT_REPLACEMENT;
		return 1;
	}
	if (n < len)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (u[i] & 0x3F);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are invalid. */
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = TEXT_REPLACEMENT;
	return 1;
}

void text_utf8_put(struct buf *b, uint32_t cp)
{
	char t[4];

	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		cp = TEXT_REPLACEMENT;
	if (cp < 0x80) {
		buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		t[0] = (char)(0xC0 | (cp >> 6));
		t[1] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, t, 2);
	} else if (cp < 0x10000) {
		t[0] = (char)(0xE0 | (cp >> 12));
		t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		t[2] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, t, 3);
	} else {
		t[0] = (char)(0xF0 | (cp >> 18));
		t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		t[3] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, t, 4);
	}
}

bool text_utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		size_t k;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		k = text_utf8_next(s + i, n - i, &cp);
		if (cp == TEXT_REPLACEMENT &&
		    !(k == 3 && (unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBF &&
		      (unsigned char)s[i + 2] == 0xBD))
			return false;
		i += k;
	}
	return true;
}

/* ---------------------------------------------------------------- width */

struct range {
	uint32_t lo, hi;
};

static bool in_ranges(uint32_t c, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c < r[mid].lo)
			hi = mid;
		else if (c > r[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* Used only where the C library's wcwidth() cannot answer (a locale that
 * is not UTF-8); in a UTF-8 locale we follow wcwidth() so that our columns
 * agree with the ones curses counts. */
static const struct range zero_width[] = {
	{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
	{0x064B, 0x065F}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x1AB0, 0x1AFF},
	{0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064},
	{0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
	{0xE0000, 0xE0FFF},
};
static const struct range wide[] = {
	{0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
	{0x2614, 0x2615}, {0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF},
	{0x4E00, 0x9FFF}, {0xA000, 0xA4CF}, {0xA960, 0xA97F}, {0xAC00, 0xD7A3},
	{0xF900, 0xFAFF}, {0xFE10, 0xFE19}, {0xFE30, 0xFE6F}, {0xFF00, 0xFF60},
	{0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD},
};

int text_cp_width(uint32_t cp)
{
	int w;

	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if (cp < 0x7F)
		return 1;
	if (cp >= TEXT_MARK_ITALIC && cp <= TEXT_MARK_END)
		return 0;
	w = wcwidth((wchar_t)cp);
	if (w >= 0)
		return w;
	if (in_ranges(cp, zero_width, ARRAY_SIZE(zero_width)))
		return 0;
	if (in_ranges(cp, wide, ARRAY_SIZE(wide)))
		return 2;
	return 1;
}

size_t text_width(const char *s)
{
	size_t n = strlen(s), i = 0, w = 0;
	uint32_t cp;

	while (i < n) {
		i += text_utf8_next(s + i, n - i, &cp);
		w += (size_t)text_cp_width(cp);
	}
	return w;
}

int text_fit(struct buf *out, const char *s, int cols, bool ascii)
{
	size_t n = strlen(s), i = 0, cut = 0;
	int w = 0, wcut = 0, ell = ascii ? 3 : 1;
	uint32_t cp;

	if (cols <= 0)
		return 0;
	if ((int)text_width(s) <= cols) {
		buf_add(out, s, n);
		return (int)text_width(s);
	}
	/* Find the last boundary that leaves room for the ellipsis. */
	while (i < n) {
		size_t k = text_utf8_next(s + i, n - i, &cp);
		int cw = text_cp_width(cp);
		if (w + cw > cols - ell)
			break;
		w += cw;
		i += k;
		cut = i;
		wcut = w;
	}
	/* Keep combining marks with their base character. */
	while (cut < n) {
		size_t k = text_utf8_next(s + cut, n - cut, &cp);
		if (text_cp_width(cp) != 0)
			break;
		cut += k;
	}
	if (cols < ell) {
		buf_add(out, "...", (size_t)cols);
		return cols;
	}
	buf_add(out, s, cut);
	buf_adds(out, ascii ? "..." : "\xE2\x80\xA6");
	return wcut + ell;
}

size_t text_wrap(const char *s, int cols, struct text_line **lines)
{
	size_t n = strlen(s), i = 0, count = 0, cap = 0;
	struct text_line *v = NULL;

	if (cols < 1)
		cols = 1;
	while (i < n) {
		size_t start = i, brk = 0, j = i;
		int w = 0;
		bool hard = false;

		/* Extend the line while it fits; remember the last space. */
		while (j < n) {
			uint32_t cp;
			size_t k;
			int cw;

			if (s[j] == '\n') {
				hard = true;
				break;
			}
			k = text_utf8_next(s + j, n - j, &cp);
			cw = text_cp_width(cp);
			if (w + cw > cols)
				break;
			if (cp == ' ')
				brk = j;
			w += cw;
			j += k;
		}
		if (j < n && !hard) {
			if (brk > start) {
				j = brk;
			} else if (j == start) {
				/* A character wider than the line: take it alone. */
				uint32_t cp;
				j += text_utf8_next(s + j, n - j, &cp);
			}
		}
		v = xgrow(v, &cap, count + 1, sizeof(*v));
		v[count].start = start;
		v[count].end = j;
		/* Trailing spaces never start the next line. */
		while (v[count].end > start && s[v[count].end - 1] == ' ')
			v[count].end--;
		count++;
		i = j;
		if (i < n && s[i] == '\n')
			i++;
		else
			while (i < n && s[i] == ' ')
				i++;
	}
	*lines = v;
	return count;
}

/* ---------------------------------------------------------------- sanitise */

static bool is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

void text_sanitize(struct buf *out, const char *s, size_t n, unsigned flags)
{
	size_t i = 0;
	const char *repl = (flags & TEXT_ASCII_ONLY) ? "?" : "\xEF\xBF\xBD";

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t k;

		if (c < 0x80) {
			if (c == '\n' && (flags & TEXT_KEEP_NEWLINES)) {
				buf_addc(out, '\n');
			} else if (c == '\t' || c == '\n' || c == '\r') {
				buf_addc(out, ' ');
			} else if (c < 0x20) {
				buf_addc(out, '^');
				buf_addc(out, (char)(c + 0x40));
			} else if (c == 0x7F) {
				buf_adds(out, "^?");
			} else {
				buf_addc(out, (char)c);
			}
			i++;
			continue;
		}
		k = text_utf8_next(s + i, n - i, &cp);
		if (cp == TEXT_REPLACEMENT || (cp >= 0x80 && cp < 0xA0) || is_bidi_control(cp) ||
		    (cp >= TEXT_MARK_ITALIC && cp <= TEXT_MARK_END))
			buf_adds(out, repl);
		else if (cp == 0x2028 || cp == 0x2029)
			buf_addc(out, ' ');
		else
			buf_add(out, s + i, k);
		i += k;
	}
}

/* ---------------------------------------------------------------- tables */

/* One table serves both directions: a LaTeX command names a code point,
 * and a code point has an ASCII stand-in. Entries without a command are
 * there only for transliteration. */
struct sym {
	const char *cmd;
	uint32_t cp;
	const char *ascii;
};

static const struct sym syms[] = {
	/* Greek */
	{"alpha", 0x3B1, "alpha"}, {"beta", 0x3B2, "beta"}, {"gamma", 0x3B3, "gamma"},
	{"delta", 0x3B4, "delta"}, {"epsilon", 0x3F5, "epsilon"}, {"varepsilon", 0x3B5, "epsilon"},
	{"zeta", 0x3B6, "zeta"}, {"eta", 0x3B7, "eta"}, {"theta", 0x3B8, "theta"},
	{"vartheta", 0x3D1, "theta"}, {"iota", 0x3B9, "iota"}, {"kappa", 0x3BA, "kappa"},
	{"lambda", 0x3BB, "lambda"}, {"mu", 0x3BC, "mu"}, {"nu", 0x3BD, "nu"}, {"xi", 0x3BE, "xi"},
	{"pi", 0x3C0, "pi"}, {"varpi", 0x3D6, "pi"}, {"rho", 0x3C1, "rho"}, {"varrho", 0x3F1, "rho"},
	{"sigma", 0x3C3, "sigma"}, {"varsigma", 0x3C2, "sigma"}, {"tau", 0x3C4, "tau"},
	{"upsilon", 0x3C5, "upsilon"}, {"phi", 0x3D5, "phi"}, {"varphi", 0x3C6, "phi"},
	{"chi", 0x3C7, "chi"}, {"psi", 0x3C8, "psi"}, {"omega", 0x3C9, "omega"},
	{"Gamma", 0x393, "Gamma"}, {"Delta", 0x394, "Delta"}, {"Theta", 0x398, "Theta"},
	{"Lambda", 0x39B, "Lambda"}, {"Xi", 0x39E, "Xi"}, {"Pi", 0x3A0, "Pi"},
	{"Sigma", 0x3A3, "Sigma"}, {"Upsilon", 0x3A5, "Upsilon"}, {"Phi", 0x3A6, "Phi"},
	{"Psi", 0x3A8, "Psi"}, {"Omega", 0x3A9, "Omega"},
	{NULL, 0x391, "A"}, {NULL, 0x392, "B"}, {NULL, 0x395, "E"}, {NULL, 0x396, "Z"},
	{NULL, 0x397, "H"}, {NULL, 0x399, "I"}, {NULL, 0x39A, "K"}, {NULL, 0x39C, "M"},
	{NULL, 0x39D, "N"}, {NULL, 0x39F, "O"}, {NULL, 0x3A1, "P"}, {NULL, 0x3A4, "T"},
	{NULL, 0x3A7, "X"}, {NULL, 0x3BF, "o"},
	/* relations and operators */
	{"leq", 0x2264, "<="}, {"le", 0x2264, "<="}, {"geq", 0x2265, ">="}, {"ge", 0x2265, ">="},
	{"neq", 0x2260, "!="}, {"ne", 0x2260, "!="}, {"approx", 0x2248, "~"},
	{"sim", 0x223C, "~"}, {"simeq", 0x2243, "~="}, {"cong", 0x2245, "~="},
	{"equiv", 0x2261, "=="}, {"propto", 0x221D, "~"}, {"ll", 0x226A, "<<"},
	{"gg", 0x226B, ">>"}, {"times", 0xD7, "x"}, {"cdot", 0xB7, "."}, {"div", 0xF7, "/"},
	{"pm", 0xB1, "+/-"}, {"mp", 0x2213, "-/+"}, {"infty", 0x221E, "inf"},
	{"to", 0x2192, "->"}, {"rightarrow", 0x2192, "->"}, {"leftarrow", 0x2190, "<-"},
	{"gets", 0x2190, "<-"}, {"leftrightarrow", 0x2194, "<->"}, {"Rightarrow", 0x21D2, "=>"},
	{"Leftarrow", 0x21D0, "<="}, {"Leftrightarrow", 0x21D4, "<=>"}, {"iff", 0x21D4, "<=>"},
	{"implies", 0x21D2, "=>"}, {"mapsto", 0x21A6, "|->"}, {"longrightarrow", 0x27F6, "-->"},
	{"in", 0x2208, " in "}, {"notin", 0x2209, " not in "}, {"ni", 0x220B, " ni "},
	{"subset", 0x2282, " subset "}, {"subseteq", 0x2286, " subseteq "},
	{"supset", 0x2283, " supset "}, {"supseteq", 0x2287, " supseteq "},
	{"cup", 0x222A, " u "}, {"cap", 0x2229, " n "}, {"setminus", 0x2216, "\\"},
	{"emptyset", 0x2205, "{}"}, {"varnothing", 0x2205, "{}"}, {"forall", 0x2200, "for all "},
	{"exists", 0x2203, "exists "}, {"neg", 0xAC, "not "}, {"lnot", 0xAC, "not "},
	{"wedge", 0x2227, " and "}, {"land", 0x2227, " and "}, {"vee", 0x2228, " or "},
	{"lor", 0x2228, " or "}, {"oplus", 0x2295, "(+)"}, {"otimes", 0x2297, "(x)"},
	{"circ", 0x2218, "o"}, {"bullet", 0x2219, "*"}, {"star", 0x22C6, "*"}, {"ast", 0x2217, "*"},
	{"sum", 0x2211, "sum "}, {"prod", 0x220F, "prod "}, {"int", 0x222B, "int "},
	{"oint", 0x222E, "oint "}, {"partial", 0x2202, "d"}, {"nabla", 0x2207, "nabla"},
	{"sqrt", 0x221A, "sqrt"}, {"perp", 0x22A5, " perp "}, {"parallel", 0x2225, "||"},
	{"mid", 0x2223, "|"}, {"vert", 0x7C, "|"}, {"Vert", 0x2016, "||"},
	{"langle", 0x27E8, "<"}, {"rangle", 0x27E9, ">"}, {"lceil", 0x2308, "ceil("},
	{"rceil", 0x2309, ")"}, {"lfloor", 0x230A, "floor("}, {"rfloor", 0x230B, ")"},
	{"ldots", 0x2026, "..."}, {"cdots", 0x22EF, "..."}, {"dots", 0x2026, "..."},
	{"vdots", 0x22EE, "..."}, {"ddots", 0x22F1, "..."}, {"prime", 0x2032, "'"},
	{"dagger", 0x2020, "+"}, {"ddagger", 0x2021, "++"}, {"ell", 0x2113, "l"},
	{"hbar", 0x210F, "hbar"}, {"Re", 0x211C, "Re"}, {"Im", 0x2111, "Im"},
	{"aleph", 0x2135, "aleph"}, {"wp", 0x2118, "P"}, {"angle", 0x2220, "angle "},
	{"triangle", 0x25B3, "triangle"}, {"Box", 0x25A1, "[]"}, {"square", 0x25A1, "[]"},
	{"degree", 0xB0, " deg"}, {"checkmark", 0x2713, "v"},
	{"S", 0xA7, "S"}, {"P", 0xB6, "P"}, {"copyright", 0xA9, "(C)"},
	{"textregistered", 0xAE, "(R)"}, {"texttrademark", 0x2122, "(TM)"},
	{"pounds", 0xA3, "GBP"}, {"euro", 0x20AC, "EUR"}, {"textdegree", 0xB0, " deg"},
	/* letters without a composing accent */
	{"ss", 0xDF, "ss"}, {"o", 0xF8, "o"}, {"O", 0xD8, "O"}, {"ae", 0xE6, "ae"},
	{"AE", 0xC6, "AE"}, {"oe", 0x153, "oe"}, {"OE", 0x152, "OE"}, {"aa", 0xE5, "a"},
	{"AA", 0xC5, "A"}, {"l", 0x142, "l"}, {"L", 0x141, "L"}, {"i", 0x131, "i"},
	{"j", 0x237, "j"}, {"dh", 0xF0, "d"}, {"DH", 0xD0, "D"}, {"th", 0xFE, "th"},
	{"TH", 0xDE, "TH"}, {"dj", 0x111, "d"}, {"DJ", 0x110, "D"}, {"ng", 0x14B, "ng"},
	/* punctuation, only transliterated */
	{NULL, 0xA0, " "}, {NULL, 0x2002, " "}, {NULL, 0x2003, " "}, {NULL, 0x2009, " "},
	{NULL, 0x200A, " "}, {NULL, 0x202F, " "}, {NULL, 0x2010, "-"}, {NULL, 0x2011, "-"},
	{NULL, 0x2012, "-"}, {NULL, 0x2013, "-"}, {NULL, 0x2014, "-"}, {NULL, 0x2015, "-"},
	{NULL, 0x2212, "-"}, {NULL, 0x2018, "'"}, {NULL, 0x2019, "'"}, {NULL, 0x201A, "'"},
	{NULL, 0x201B, "'"}, {NULL, 0x201C, "\""}, {NULL, 0x201D, "\""}, {NULL, 0x201E, "\""},
	{NULL, 0x201F, "\""}, {NULL, 0xAB, "<<"}, {NULL, 0xBB, ">>"}, {NULL, 0x2039, "<"},
	{NULL, 0x203A, ">"}, {NULL, 0x2026, "..."}, {NULL, 0x2022, "*"}, {NULL, 0x2032, "'"},
	{NULL, 0x2033, "''"}, {NULL, 0xB4, "'"}, {NULL, 0xA8, "\""}, {NULL, 0xB5, "u"},
	{NULL, 0xB2, "^2"}, {NULL, 0xB3, "^3"}, {NULL, 0xB9, "^1"}, {NULL, 0xBC, "1/4"},
	{NULL, 0xBD, "1/2"}, {NULL, 0xBE, "3/4"}, {NULL, 0xBF, "?"}, {NULL, 0xA1, "!"},
	{NULL, 0xA2, "c"}, {NULL, 0xA5, "JPY"}, {NULL, 0xA6, "|"}, {NULL, 0xAA, "a"},
	{NULL, 0xBA, "o"}, {NULL, 0xAD, ""}, {NULL, 0xAF, "-"}, {NULL, 0xB8, ","},
	{NULL, 0x2122, "(TM)"}, {NULL, 0x2044, "/"}, {NULL, 0x2215, "/"}, {NULL, 0xFB01, "fi"},
	{NULL, 0xFB02, "fl"}, {NULL, 0xFB00, "ff"}, {NULL, 0x2016, "||"},
	{NULL, 0x2500, "-"}, {NULL, 0x2502, "|"}, {NULL, 0x250C, "+"}, {NULL, 0x2510, "+"},
	{NULL, 0x2514, "+"}, {NULL, 0x2518, "+"}, {NULL, 0x251C, "+"}, {NULL, 0x2524, "+"},
	{NULL, 0x252C, "+"}, {NULL, 0x2534, "+"}, {NULL, 0x253C, "+"}, {NULL, 0x2605, "*"},
	{NULL, 0x2606, "*"}, {NULL, 0x25CF, "*"}, {NULL, 0x25CB, "o"}, {NULL, 0x2713, "v"},
	{NULL, 0x2714, "v"}, {NULL, 0x25B8, ">"}, {NULL, 0x25B6, ">"}, {NULL, 0x2190, "<-"},
	{NULL, 0x200B, ""}, {NULL, 0x200C, ""}, {NULL, 0x200D, ""}, {NULL, 0x2060, ""},
	{NULL, 0xFEFF, ""}, {NULL, 0xFFFD, "?"},
	/* double-struck and script letters */
	{NULL, 0x2102, "C"}, {NULL, 0x210D, "H"}, {NULL, 0x2115, "N"}, {NULL, 0x2119, "P"},
	{NULL, 0x211A, "Q"}, {NULL, 0x211D, "R"}, {NULL, 0x2124, "Z"}, {NULL, 0x2112, "L"},
	{NULL, 0x2131, "F"}, {NULL, 0x210B, "H"}, {NULL, 0x2133, "M"},
};

/* Accented letters, as (ASCII base, precomposed) pairs for each accent
 * command. Read at run time by decoding the UTF-8 of each string. */
struct accent {
	char cmd;
	uint32_t mark; /* the combining character, for bases with no pair */
	const char *pairs;
};

static const struct accent accents[] = {
	{'\'', 0x301, "a\xC3\xA1" "e\xC3\xA9" "i\xC3\xAD" "o\xC3\xB3" "u\xC3\xBA" "y\xC3\xBD"
	              "A\xC3\x81" "E\xC3\x89" "I\xC3\x8D" "O\xC3\x93" "U\xC3\x9A" "Y\xC3\x9D"
	              "c\xC4\x87" "C\xC4\x86" "n\xC5\x84" "N\xC5\x83" "s\xC5\x9B" "S\xC5\x9A"
	              "z\xC5\xBA" "Z\xC5\xB9" "l\xC4\xBA" "L\xC4\xB9" "r\xC5\x95" "R\xC5\x94"
	              "g\xC7\xB5"},
	{'`', 0x300, "a\xC3\xA0" "e\xC3\xA8" "i\xC3\xAC" "o\xC3\xB2" "u\xC3\xB9"
	             "A\xC3\x80" "E\xC3\x88" "I\xC3\x8C" "O\xC3\x92" "U\xC3\x99"},
	{'^', 0x302, "a\xC3\xA2" "e\xC3\xAA" "i\xC3\xAE" "o\xC3\xB4" "u\xC3\xBB"
	             "A\xC3\x82" "E\xC3\x8A" "I\xC3\x8E" "O\xC3\x94" "U\xC3\x9B"
	             "c\xC4\x89" "g\xC4\x9D" "h\xC4\xA5" "j\xC4\xB5" "s\xC5\x9D" "w\xC5\xB5" "y\xC5\xB7"},
	{'"', 0x308, "a\xC3\xA4" "e\xC3\xAB" "i\xC3\xAF" "o\xC3\xB6" "u\xC3\xBC" "y\xC3\xBF"
	             "A\xC3\x84" "E\xC3\x8B" "I\xC3\x8F" "O\xC3\x96" "U\xC3\x9C" "Y\xC5\xB8"},
	{'~', 0x303, "a\xC3\xA3" "n\xC3\xB1" "o\xC3\xB5" "A\xC3\x83" "N\xC3\x91" "O\xC3\x95"},
	{'c', 0x327, "c\xC3\xA7" "C\xC3\x87" "s\xC5\x9F" "S\xC5\x9E" "t\xC5\xA3" "T\xC5\xA2"},
	{'v', 0x30C, "c\xC4\x8D" "C\xC4\x8C" "d\xC4\x8F" "D\xC4\x8E" "e\xC4\x9B" "E\xC4\x9A"
	             "n\xC5\x88" "N\xC5\x87" "r\xC5\x99" "R\xC5\x98" "s\xC5\xA1" "S\xC5\xA0"
	             "t\xC5\xA5" "T\xC5\xA4" "z\xC5\xBE" "Z\xC5\xBD"},
	{'r', 0x30A, "a\xC3\xA5" "A\xC3\x85" "u\xC5\xAF" "U\xC5\xAE"},
	{'=', 0x304, "a\xC4\x81" "A\xC4\x80" "e\xC4\x93" "E\xC4\x92" "i\xC4\xAB" "I\xC4\xAA"
	             "o\xC5\x8D" "O\xC5\x8C" "u\xC5\xAB" "U\xC5\xAA"},
	{'u', 0x306, "a\xC4\x83" "A\xC4\x82" "g\xC4\x9F" "G\xC4\x9E" "u\xC5\xAD" "U\xC5\xAC"},
	{'.', 0x307, "z\xC5\xBC" "Z\xC5\xBB" "e\xC4\x97" "E\xC4\x96" "I\xC4\xB0" "c\xC4\x8B"
	             "C\xC4\x8A" "g\xC4\xA1" "G\xC4\xA0"},
	{'H', 0x30B, "o\xC5\x91" "O\xC5\x90" "u\xC5\xB1" "U\xC5\xB0"},
	{'k', 0x328, "a\xC4\x85" "A\xC4\x84" "e\xC4\x99" "E\xC4\x98" "i\xC4\xAF" "I\xC4\xAE"
	             "u\xC5\xB3" "U\xC5\xB2"},
};

struct cpmap {
	uint32_t cp;
	const char *ascii;
	char base; /* for accented letters, else 0 */
};

static struct cpmap *translit_map;
static size_t translit_len;

static int cpmap_cmp(const void *a, const void *b)
{
	const struct cpmap *x = a, *y = b;
	return (x->cp > y->cp) - (x->cp < y->cp);
}

/* Builds the code point -> ASCII index once; the tables are small. Run
 * through pthread_once: a large import renders in a worker thread. */
static void translit_build(void)
{
	size_t cap = 0, i;

	for (i = 0; i < ARRAY_SIZE(syms); i++) {
		translit_map = xgrow(translit_map, &cap, translit_len + 1, sizeof(*translit_map));
		translit_map[translit_len++] = (struct cpmap){syms[i].cp, syms[i].ascii, 0};
	}
	for (i = 0; i < ARRAY_SIZE(accents); i++) {
		const char *p = accents[i].pairs;
		size_t n = strlen(p);
		while (n > 1) {
			uint32_t cp;
			size_t k = text_utf8_next(p + 1, n - 1, &cp);
			translit_map = xgrow(translit_map, &cap, translit_len + 1, sizeof(*translit_map));
			translit_map[translit_len++] = (struct cpmap){cp, NULL, p[0]};
			p += 1 + k;
			n -= 1 + k;
		}
	}
	qsort(translit_map, translit_len, sizeof(*translit_map), cpmap_cmp);
}

static void translit_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, translit_build);
}

static const struct cpmap *translit_find(uint32_t cp)
{
	struct cpmap key = {cp, NULL, 0};

	translit_init();
	return bsearch(&key, translit_map, translit_len, sizeof(key), cpmap_cmp);
}

/* Only the subscript letters fonts commonly have (U+2090..U+209C); the
 * phonetic ones (i, j, r, u, v) render badly, so x_ij is spelled out. */
static const char sub_from[] = "0123456789+-=()aehklmnopstx";
static const uint32_t sub_to[] = {
	0x2080, 0x2081, 0x2082, 0x2083, 0x2084, 0x2085, 0x2086, 0x2087, 0x2088, 0x2089,
	0x208A, 0x208B, 0x208C, 0x208D, 0x208E, 0x2090, 0x2091, 0x2095, 0x2096, 0x2097,
	0x2098, 0x2099, 0x2092, 0x209A, 0x209B, 0x209C, 0x2093,
};
static const char sup_from[] = "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW";
static const uint32_t sup_to[] = {
	0x2070, 0x00B9, 0x00B2, 0x00B3, 0x2074, 0x2075, 0x2076, 0x2077, 0x2078, 0x2079,
	0x207A, 0x207B, 0x207C, 0x207D, 0x207E, 0x1D43, 0x1D47, 0x1D9C, 0x1D48, 0x1D49,
	0x1DA0, 0x1D4D, 0x02B0, 0x2071, 0x02B2, 0x1D4F, 0x02E1, 0x1D50, 0x207F, 0x1D52,
	0x1D56, 0x02B3, 0x02E2, 0x1D57, 0x1D58, 0x1D5B, 0x02B7, 0x02E3, 0x02B8, 0x1DBB,
	0x1D2C, 0x1D2E, 0x1D30, 0x1D31, 0x1D33, 0x1D34, 0x1D35, 0x1D36, 0x1D37, 0x1D38,
	0x1D39, 0x1D3A, 0x1D3C, 0x1D3E, 0x1D3F, 0x1D40, 0x1D41, 0x2C7D, 0x1D42,
};

/* For transliteration of sub- and superscripts back to ASCII. */
static int script_ascii(uint32_t cp, char *c, char *mark)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sub_to); i++)
		if (sub_to[i] == cp) {
			*c = sub_from[i];
			*mark = '_';
			return 1;
		}
	for (i = 0; i < ARRAY_SIZE(sup_to); i++)
		if (sup_to[i] == cp) {
			*c = sup_from[i];
			*mark = '^';
			return 1;
		}
	return 0;
}

void text_translit_ascii(struct buf *out, const char *s, size_t n)
{
	size_t i = 0;
	char prev_mark = 0;

	while (i < n) {
		uint32_t cp;
		size_t k;
		const struct cpmap *m;
		char c, mark;

		if ((unsigned char)s[i] < 0x80) {
			buf_addc(out, s[i++]);
			prev_mark = 0;
			continue;
		}
		k = text_utf8_next(s + i, n - i, &cp);
		i += k;
		if (script_ascii(cp, &c, &mark)) {
			/* A run of subscripts reads as one: H₂₀ -> H_20. */
			if (mark != prev_mark)
				buf_addc(out, mark);
			buf_addc(out, c);
			prev_mark = mark;
			continue;
		}
		prev_mark = 0;
		if (cp >= TEXT_MARK_ITALIC && cp <= TEXT_MARK_END) {
			text_utf8_put(out, cp);
			continue;
		}
		if (cp >= 0x300 && cp <= 0x36F)
			continue; /* a combining accent: the base letter is enough */
		m = translit_find(cp);
		if (m && m->base)
			buf_addc(out, m->base);
		else if (m)
			buf_adds(out, m->ascii);
		else if (cp >= 0xFF01 && cp <= 0xFF5E)
			buf_addc(out, (char)(cp - 0xFF01 + 0x21)); /* full-width ASCII */
		else if (cp >= 0x1D400 && cp <= 0x1D6A3)
			buf_addc(out, (char)((cp - 0x1D400) % 52 < 26 ? 'A' + (cp - 0x1D400) % 52
			                                                : 'a' + (cp - 0x1D400) % 52 - 26));
		else
			buf_addc(out, '?');
	}
}

/* ---------------------------------------------------------------- LaTeX */

#define RENDER_MAX_DEPTH 48

struct rd {
	const char *s;
	size_t i, n;
	unsigned flags;
	int depth;
	size_t limit; /* stop once the output holds this many bytes (0 = no) */
};

static const struct sym *sym_find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(syms); i++)
		if (syms[i].cmd && strlen(syms[i].cmd) == len && memcmp(syms[i].cmd, name, len) == 0)
			return &syms[i];
	return NULL;
}

static bool name_is(const char *name, size_t len, const char *what)
{
	return strlen(what) == len && memcmp(name, what, len) == 0;
}

static bool name_in(const char *name, size_t len, const char *const *list)
{
	for (; *list; list++)
		if (name_is(name, len, *list))
			return true;
	return false;
}

static void render_until(struct rd *r, struct buf *out, bool math, int close);

/* The index of the '$' that closes math opened just before i (single $),
 * or n when there is none. Escaped dollars do not count. */
static size_t find_math_close(const struct rd *r, size_t i, bool dbl)
{
	for (; i < r->n; i++) {
		if (r->s[i] == '\\' && i + 1 < r->n) {
			i++;
			continue;
		}
		if (r->s[i] == '$') {
			if (!dbl)
				return i;
			if (i + 1 < r->n && r->s[i + 1] == '$')
				return i;
		}
		/* A blank line ends a paragraph; math never spans it. */
		if (r->s[i] == '\n' && i + 1 < r->n && r->s[i + 1] == '\n')
			return r->n;
	}
	return r->n;
}

/* Renders one argument: a {group}, a command, or one character. */
static void render_arg(struct rd *r, struct buf *out, bool math)
{
	while (r->i < r->n && (r->s[r->i] == ' ' || r->s[r->i] == '\n'))
		r->i++;
	if (r->i >= r->n)
		return;
	if (r->s[r->i] == '{') {
		r->i++;
		render_until(r, out, math, '}');
		if (r->i < r->n && r->s[r->i] == '}')
			r->i++;
	} else if (r->s[r->i] == '\\') {
		size_t save = r->n;
		/* Render exactly one command by limiting the input view. */
		size_t j = r->i + 1;
		if (j < r->n && isalpha((unsigned char)r->s[j]))
			while (j < r->n && isalpha((unsigned char)r->s[j]))
				j++;
		else if (j < r->n)
			j++;
		r->n = j;
		render_until(r, out, math, -1);
		r->n = save;
	} else {
		uint32_t cp;
		size_t k = text_utf8_next(r->s + r->i, r->n - r->i, &cp);
		text_utf8_put(out, cp);
		r->i += k;
	}
}

/* Skips one argument without rendering it. */
static void skip_arg(struct rd *r)
{
	struct buf junk = BUF_INIT;
	render_arg(r, &junk, false);
	buf_free(&junk);
}

/* Sub- or superscript: Unicode when every character has a form, else the
 * readable x_ij / x_(i+1) fallback. */
static void put_script(struct buf *out, const char *arg, bool sup, bool ascii)
{
	const char *from = sup ? sup_from : sub_from;
	const uint32_t *to = sup ? sup_to : sub_to;
	size_t n = strlen(arg), i;
	bool all = n > 0 && !ascii, alnum = n > 0;

	for (i = 0; i < n; i++) {
		const char *p = strchr(from, arg[i]);
		if (!p || arg[i] == '\0')
			all = false;
		if (!isalnum((unsigned char)arg[i]))
			alnum = false;
	}
	if (all) {
		for (i = 0; i < n; i++)
			text_utf8_put(out, to[strchr(from, arg[i]) - from]);
		return;
	}
	/* Primes read best as they are: f^\prime -> f′ */
	if (sup && (strcmp(arg, "\xE2\x80\xB2") == 0 || strcmp(arg, "'") == 0 || strcmp(arg, "*") == 0 ||
	            strcmp(arg, "\xE2\x80\xA0") == 0)) {
		buf_adds(out, arg);
		return;
	}
	buf_addc(out, sup ? '^' : '_');
	if (alnum || text_width(arg) <= 1) {
		buf_adds(out, arg);
	} else {
		buf_addc(out, '(');
		buf_adds(out, arg);
		buf_addc(out, ')');
	}
}

static void put_space(struct buf *out)
{
	if (out->len && out->s[out->len - 1] != ' ' && out->s[out->len - 1] != '\n')
		buf_addc(out, ' ');
}

static void put_mark(struct rd *r, struct buf *out, uint32_t mark)
{
	if (r->flags & TEXT_MARKUP)
		text_utf8_put(out, mark);
}

/* Applies accent command acc to the rendered argument. */
static void put_accent(struct buf *out, char acc, const char *arg)
{
	size_t i, n = strlen(arg);
	uint32_t base = 0;
	const struct accent *a = NULL;

	if (n)
		text_utf8_next(arg, n, &base);
	if (base == 0x131)
		base = 'i'; /* \'{\i} */
	if (base == 0x237)
		base = 'j';
	for (i = 0; i < ARRAY_SIZE(accents); i++)
		if (accents[i].cmd == acc)
			a = &accents[i];
	if (!a || !n) {
		buf_adds(out, arg);
		return;
	}
	if (base < 0x80) {
		const char *p = a->pairs;
		size_t m = strlen(p);
		while (m > 1) {
			uint32_t cp;
			size_t k = text_utf8_next(p + 1, m - 1, &cp);
			if ((uint32_t)(unsigned char)p[0] == base) {
				size_t first;
				uint32_t dummy;
				text_utf8_put(out, cp);
				first = text_utf8_next(arg, n, &dummy);
				buf_adds(out, arg + first);
				return;
			}
			p += 1 + k;
			m -= 1 + k;
		}
	}
	/* No precomposed form: base followed by the combining mark. */
	{
		size_t first;
		uint32_t dummy;
		first = text_utf8_next(arg, n, &dummy);
		buf_add(out, arg, first);
		text_utf8_put(out, a->mark);
		buf_adds(out, arg + first);
	}
}

static const char *const style_italic[] = {"em", "it", "itshape", "sl", "slshape", NULL};
static const char *const style_bold[] = {"bf", "bfseries", NULL};
static const char *const style_plain[] = {"rm", "sf", "tt", "sc", "normalfont", "upshape",
                                          "mdseries", "scshape", "ttfamily", "small",
                                          "large", "Large", "footnotesize", "tiny", "huge",
                                          "displaystyle", "textstyle", "scriptstyle", NULL};
static const char *const arg_italic[] = {"emph", "textit", "textsl", "mathit", NULL};
static const char *const arg_bold[] = {"textbf", "mathbf", "boldsymbol", "bm", "mathbfit", NULL};
static const char *const arg_plain[] = {
	"textrm", "texttt", "textsf", "textsc", "textup", "textnormal", "mathrm", "mathsf",
	"mathtt", "text", "mbox", "hbox", "operatorname", "underline", "overline", "widehat",
	"widetilde", "hat", "tilde", "bar", "vec", "dot", "ddot", "check", "acute", "grave",
	"breve", "mathcal", "mathscr", "mathfrak", "uppercase", "lowercase", "textup",
	"ensuremath", "mathnormal", "mathop", "boxed", "fbox", "url", "nolinkurl",
	"textsuperscript", "textsubscript", "footnote", "thanks", "mathring", "overrightarrow",
	"textcolor_arg", NULL};
static const char *const drop_with_arg[] = {"label", "vspace", "hspace", "vskip", "hskip",
                                            "pagestyle", "thispagestyle", "bibliographystyle",
                                            "color", "setlength", "index", "nocite", NULL};
static const char *const drop_plain[] = {
	"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
	"biggl", "biggr", "Biggl", "Biggr", "middle", "limits", "nolimits", "noindent",
	"par", "centering", "relax", "protect", "nonumber", "notag", "displaystyle",
	"newline", "linebreak", "smallskip", "medskip", "bigskip", "hfill", "vfill",
	"allowbreak", "nobreak", "xspace", "ignorespaces", "mathstrut", "strut", NULL};
static const char *const words[] = {
	"log", "ln", "exp", "sin", "cos", "tan", "sec", "csc", "cot", "sinh", "cosh", "tanh",
	"arcsin", "arccos", "arctan", "max", "min", "sup", "inf", "lim", "limsup", "liminf",
	"det", "dim", "ker", "deg", "gcd", "lcm", "arg", "Pr", "hom", "Hom", "Tr", "tr", "rank",
	"mod", "bmod", "pmod", "argmax", "argmin", "LaTeX", "TeX", "BibTeX", "LaTeXe", "AmS",
	"diag", "sgn", "span", "supp", "Var", "Cov", NULL};

static const char *double_struck(uint32_t c)
{
	switch (c) {
	case 'C': return "\xE2\x84\x82";
	case 'H': return "\xE2\x84\x8D";
	case 'N': return "\xE2\x84\x95";
	case 'P': return "\xE2\x84\x99";
	case 'Q': return "\xE2\x84\x9A";
	case 'R': return "\xE2\x84\x9D";
	case 'Z': return "\xE2\x84\xA4";
	default: return NULL;
	}
}

/* Renders a command whose backslash is at r->i. */
static void render_command(struct rd *r, struct buf *out, bool math)
{
	const char *name;
	size_t len, j = r->i + 1;
	const struct sym *sym;

	if (j >= r->n) {
		buf_addc(out, '\\'); /* a trailing backslash stays visible */
		r->i = j;
		return;
	}
	if (!isalpha((unsigned char)r->s[j])) {
		char c = r->s[j];
		r->i = j + 1;
		switch (c) {
		case '%': case '&': case '#': case '_': case '$': case '{': case '}':
			buf_addc(out, c);
			return;
		case ' ': case ',': case ';': case ':': case '>': case '!':
			if (c != '!')
				put_space(out);
			return;
		case '\\':
			put_space(out);
			return;
		case '(': case ')': case '[': case ']':
			return; /* math delimiters are handled by the caller */
		case '-': case '/': case '@':
			return; /* discretionary hyphen, italic correction */
		case '\'': case '`': case '^': case '"': case '~': case '=': case '.': {
			struct buf arg = BUF_INIT;
			render_arg(r, &arg, false);
			put_accent(out, c, buf_str(&arg));
			buf_free(&arg);
			return;
		}
		default:
			buf_addc(out, c);
			return;
		}
	}
	name = r->s + j;
	while (j < r->n && isalpha((unsigned char)r->s[j]))
		j++;
	len = (size_t)(j - (size_t)(name - r->s));
	r->i = j;
	/* A control word swallows the spaces after it, unless it printed
	 * nothing of its own (then the space separated real words). */
	if (len == 1 && strchr("cvruHkdb", name[0]) && r->i < r->n &&
	    (r->s[r->i] == '{' || (r->s[r->i] == ' ' && r->i + 1 < r->n && isalpha((unsigned char)r->s[r->i + 1])))) {
		/* \c{c}, \v{s}, \H{o}, \u{g}, \r{a}, \k{a} (and \c c) */
		struct buf arg = BUF_INIT;
		char acc = name[0];
		if (acc == 'd' || acc == 'b') {
			render_arg(r, out, math); /* dot/bar below: the letter */
			buf_free(&arg);
			return;
		}
		render_arg(r, &arg, false);
		put_accent(out, acc, buf_str(&arg));
		buf_free(&arg);
		return;
	}
	while (r->i < r->n && r->s[r->i] == ' ' && !math)
		r->i++;
	if (name_in(name, len, style_italic) || name_in(name, len, style_bold)) {
		/* A declaration: styles the rest of the enclosing group. */
		uint32_t mark = name_in(name, len, style_bold) ? TEXT_MARK_BOLD : TEXT_MARK_ITALIC;
		put_mark(r, out, mark);
		render_until(r, out, math, '}');
		put_mark(r, out, TEXT_MARK_END);
		return;
	}
	if (name_in(name, len, style_plain) || name_in(name, len, drop_plain))
		return;
	if (name_in(name, len, arg_italic) || name_in(name, len, arg_bold)) {
		put_mark(r, out, name_in(name, len, arg_bold) ? TEXT_MARK_BOLD : TEXT_MARK_ITALIC);
		render_arg(r, out, math);
		put_mark(r, out, TEXT_MARK_END);
		return;
	}
	if (name_is(name, len, "mathbb") || name_is(name, len, "mathds") || name_is(name, len, "Bbb")) {
		struct buf arg = BUF_INIT;
		uint32_t c = 0;
		render_arg(r, &arg, math);
		if (arg.len)
			text_utf8_next(arg.s, arg.len, &c);
		if (arg.len == 1 && double_struck(c))
			buf_adds(out, double_struck(c));
		else
			buf_adds(out, buf_str(&arg));
		buf_free(&arg);
		return;
	}
	if (name_in(name, len, arg_plain)) {
		render_arg(r, out, math);
		return;
	}
	if (name_in(name, len, drop_with_arg)) {
		skip_arg(r);
		return;
	}
	if (name_is(name, len, "frac") || name_is(name, len, "dfrac") || name_is(name, len, "tfrac")) {
		struct buf a = BUF_INIT, b = BUF_INIT;
		render_arg(r, &a, true);
		render_arg(r, &b, true);
		if (text_width(buf_str(&a)) > 1) {
			buf_addc(out, '(');
			buf_adds(out, buf_str(&a));
			buf_addc(out, ')');
		} else {
			buf_adds(out, buf_str(&a));
		}
		buf_addc(out, '/');
		if (text_width(buf_str(&b)) > 1) {
			buf_addc(out, '(');
			buf_adds(out, buf_str(&b));
			buf_addc(out, ')');
		} else {
			buf_adds(out, buf_str(&b));
		}
		buf_free(&a);
		buf_free(&b);
		return;
	}
	if (name_is(name, len, "sqrt")) {
		struct buf a = BUF_INIT;
		if (r->i < r->n && r->s[r->i] == '[') {
			/* \sqrt[n]{x}: drop the index */
			while (r->i < r->n && r->s[r->i] != ']')
				r->i++;
			if (r->i < r->n)
				r->i++;
		}
		render_arg(r, &a, true);
		text_utf8_put(out, 0x221A);
		if (text_width(buf_str(&a)) > 1) {
			buf_addc(out, '(');
			buf_adds(out, buf_str(&a));
			buf_addc(out, ')');
		} else {
			buf_adds(out, buf_str(&a));
		}
		buf_free(&a);
		return;
	}
	if (name_is(name, len, "href")) {
		skip_arg(r);
		render_arg(r, out, false);
		return;
	}
	if (name_is(name, len, "cite") || name_is(name, len, "citep") || name_is(name, len, "citet") ||
	    name_is(name, len, "ref") || name_is(name, len, "eqref")) {
		struct buf a = BUF_INIT;
		render_arg(r, &a, false);
		buf_addc(out, '[');
		buf_adds(out, buf_str(&a));
		buf_addc(out, ']');
		buf_free(&a);
		return;
	}
	if (name_is(name, len, "textcolor")) {
		skip_arg(r);
		render_arg(r, out, math);
		return;
	}
	if (name_is(name, len, "quad") || name_is(name, len, "qquad") || name_is(name, len, "enspace") ||
	    name_is(name, len, "thinspace")) {
		put_space(out);
		return;
	}
	if (name_is(name, len, "textbackslash") || name_is(name, len, "backslash")) {
		buf_addc(out, '\\');
		return;
	}
	if (name_is(name, len, "textasciitilde")) {
		buf_addc(out, '~');
		return;
	}
	if (name_is(name, len, "textendash")) {
		text_utf8_put(out, 0x2013);
		return;
	}
	if (name_is(name, len, "textemdash")) {
		text_utf8_put(out, 0x2014);
		return;
	}
	if (name_is(name, len, "lbrace")) {
		buf_addc(out, '{');
		return;
	}
	if (name_is(name, len, "rbrace")) {
		buf_addc(out, '}');
		return;
	}
	if (name_is(name, len, "not")) {
		text_utf8_put(out, 0xAC);
		return;
	}
	sym = sym_find(name, len);
	if (sym) {
		text_utf8_put(out, sym->cp);
		return;
	}
	if (name_in(name, len, words)) {
		/* Operator names read as words; keep them apart from neighbours. */
		if (math && out->len && isalnum((unsigned char)out->s[out->len - 1]))
			buf_addc(out, ' ');
		buf_add(out, name, len);
		if (math && r->i < r->n && isalnum((unsigned char)r->s[r->i]))
			buf_addc(out, ' ');
		return;
	}
	/* Unknown: its argument when it has one, else its name. */
	if (r->i < r->n && r->s[r->i] == '{')
		render_arg(r, out, math);
	else
		buf_add(out, name, len);
}

/* ASCII bytes that render as themselves in and out of math: everything
 * printable but white space and the bytes the loop below gives a meaning
 * ('-' too, for "--"). */
static bool render_plain(unsigned char c)
{
	return c > ' ' && c < 0x7F && !strchr("\\${}_^~-`'", c);
}

/* Renders until the byte `close` at the current depth (not consumed), or
 * the end of input. close < 0 means the end only. */
static void render_until(struct rd *r, struct buf *out, bool math, int close)
{
	r->depth++;
	while (r->i < r->n) {
		unsigned char c = (unsigned char)r->s[r->i];

		if (r->limit && out->len >= r->limit)
			break;
		if (close >= 0 && c == close)
			break;
		if (render_plain(c)) {
			/* The common case, a run of words, copied at once: a single
			 * space after a plain byte is what put_space() would add. */
			size_t k = r->i + 1, stop = r->n;
			if (r->limit && stop - r->i > r->limit - out->len)
				stop = r->i + (r->limit - out->len);
			while (k < stop && (render_plain((unsigned char)r->s[k]) ||
			                    (r->s[k] == ' ' && !math && r->s[k - 1] != ' ')))
				k++;
			buf_add(out, r->s + r->i, k - r->i);
			r->i = k;
			continue;
		}
		if (c == '\\' && r->i + 1 < r->n &&
		    (r->s[r->i + 1] == '(' || r->s[r->i + 1] == '[') && !math) {
			/* \( ... \) and \[ ... \] */
			char end = r->s[r->i + 1] == '(' ? ')' : ']';
			size_t k = r->i + 2, stop = r->n;
			for (; k + 1 < r->n; k++)
				if (r->s[k] == '\\' && r->s[k + 1] == end) {
					stop = k;
					break;
				}
			if (stop < r->n && r->depth < RENDER_MAX_DEPTH) {
				size_t save = r->n;
				r->i += 2;
				r->n = stop;
				render_until(r, out, true, -1);
				r->n = save;
				r->i = stop + 2;
				continue;
			}
			buf_add(out, r->s + r->i, 2);
			r->i += 2;
			continue;
		}
		if (c == '\\') {
			if (r->depth >= RENDER_MAX_DEPTH) {
				buf_addc(out, '\\');
				r->i++;
				continue;
			}
			render_command(r, out, math);
			continue;
		}
		if (c == '$' && !math) {
			bool dbl = r->i + 1 < r->n && r->s[r->i + 1] == '$';
			size_t start = r->i + (dbl ? 2 : 1);
			size_t end = find_math_close(r, start, dbl);
			if (end < r->n && end > start && r->depth < RENDER_MAX_DEPTH) {
				size_t save = r->n;
				r->i = start;
				r->n = end;
				render_until(r, out, true, -1);
				r->n = save;
				r->i = end + (dbl ? 2 : 1);
				continue;
			}
			buf_addc(out, '$'); /* a lone dollar is just a dollar */
			r->i++;
			continue;
		}
		if (c == '{') {
			r->i++;
			if (r->depth >= RENDER_MAX_DEPTH) {
				buf_addc(out, '{');
				continue;
			}
			render_until(r, out, math, '}');
			if (r->i < r->n && r->s[r->i] == '}')
				r->i++;
			continue;
		}
		if (c == '}') {
			r->i++; /* unbalanced: drop it */
			continue;
		}
		if (math && (c == '_' || c == '^')) {
			struct buf arg = BUF_INIT;
			r->i++;
			if (r->depth < RENDER_MAX_DEPTH)
				render_arg(r, &arg, true);
			put_script(out, buf_str(&arg), c == '^', r->flags & TEXT_ASCII);
			buf_free(&arg);
			continue;
		}
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			if (!math)
				put_space(out);
			r->i++;
			continue;
		}
		if (c == '~' && !math) {
			put_space(out);
			r->i++;
			continue;
		}
		if (c == '-' && !math && r->i + 1 < r->n && r->s[r->i + 1] == '-') {
			bool em = r->i + 2 < r->n && r->s[r->i + 2] == '-';
			text_utf8_put(out, em ? 0x2014 : 0x2013);
			r->i += em ? 3 : 2;
			continue;
		}
		if (c == '`' && !math) {
			bool dbl = r->i + 1 < r->n && r->s[r->i + 1] == '`';
			text_utf8_put(out, dbl ? 0x201C : 0x2018);
			r->i += dbl ? 2 : 1;
			continue;
		}
		if (c == '\'' && !math && r->i + 1 < r->n && r->s[r->i + 1] == '\'') {
			text_utf8_put(out, 0x201D);
			r->i += 2;
			continue;
		}
		if (c == '\'' && math) {
			text_utf8_put(out, 0x2032);
			r->i++;
			continue;
		}
		if (c < 0x80) {
			buf_addc(out, (char)c);
			r->i++;
			continue;
		}
		{
			uint32_t cp;
			size_t k = text_utf8_next(r->s + r->i, r->n - r->i, &cp);
			if ((r->flags & TEXT_MARKUP) && cp >= TEXT_MARK_ITALIC && cp <= TEXT_MARK_END)
				cp = TEXT_REPLACEMENT;
			if (cp == 0xA0 || cp == 0x2028 || cp == 0x2029)
				put_space(out);
			else
				text_utf8_put(out, cp);
			r->i += k;
		}
	}
	r->depth--;
}

static char *render_limited(const char *s, unsigned flags, size_t limit)
{
	struct rd r = {s, 0, strlen(s), flags, 0, limit};
	struct buf out = BUF_INIT;
	char *res;

	render_until(&r, &out, false, -1);
	/* Trim the spaces collapsing may have left at either end. */
	while (out.len && out.s[out.len - 1] == ' ')
		out.s[--out.len] = '\0';
	res = buf_steal(&out);
	if (res[0] == ' ')
		memmove(res, res + 1, strlen(res));
	if (flags & TEXT_ASCII) {
		struct buf a = BUF_INIT;
		text_translit_ascii(&a, res, strlen(res));
		free(res);
		res = buf_steal(&a);
	}
	return res;
}

char *text_render(const char *s, unsigned flags)
{
	return render_limited(s, flags, 0);
}

char *text_match_key(const char *s, size_t max)
{
	/* Rendering more than a few bytes per key character is never needed. */
	char *r = render_limited(s, TEXT_ASCII, max ? max * 4 + 64 : 0);
	size_t i, o = 0;

	for (i = 0; r[i] && (!max || o < max); i++) {
		unsigned char c = (unsigned char)r[i];
		if (isalnum(c) && c < 0x80)
			r[o++] = (char)tolower(c);
	}
	r[o] = '\0';
	return r;
}

char *text_squeeze(char *s)
{
	size_t i, o = 0;
	bool space = true; /* drops leading space */

	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
			if (!space)
				s[o++] = ' ';
			space = true;
		} else {
			s[o++] = (char)c;
			space = false;
		}
	}
	if (o && s[o - 1] == ' ')
		o--;
	s[o] = '\0';
	return s;
}

/* ---------------------------------------------------------------- iconv */

bool text_charset_is_utf8(const char *cs)
{
	return cs && (util_strncasecmp(cs, "UTF-8", 6) == 0 || util_strncasecmp(cs, "UTF8", 5) == 0);
}

/* Windows-1252's 0x80-0x9F; the rest of the code page is Latin-1. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

enum status text_to_utf8(const char *data, size_t n, const char *encoding, char **out,
                         size_t *outlen, bool *guessed)
{
	struct buf b = BUF_INIT;
	size_t i;

	*guessed = false;
	if (!encoding || text_charset_is_utf8(encoding)) {
		if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
			data += 3;
			n -= 3;
		}
		if (text_utf8_valid(data, n) || encoding) {
			if (encoding && !text_utf8_valid(data, n))
				return status_set(STATUS_PARSE, _("not valid UTF-8"));
			buf_add(&b, data, n);
			*outlen = b.len;
			*out = buf_steal(&b);
			return STATUS_OK;
		}
		/* Not UTF-8: most such files in the wild are Windows-1252. */
		*guessed = true;
		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)data[i];
			if (c < 0x80)
				buf_addc(&b, (char)c);
			else if (c < 0xA0)
				text_utf8_put(&b, cp1252_high[c - 0x80]);
			else
				text_utf8_put(&b, c);
		}
		*outlen = b.len;
		*out = buf_steal(&b);
		return STATUS_OK;
	}
	{
		iconv_t cd = iconv_open("UTF-8", encoding);
		char *in = (char *)data;
		size_t inleft = n;

		if (cd == (iconv_t)-1)
			return status_set(STATUS_USAGE, _("unknown encoding '%s'"), encoding);
		while (inleft) {
			char chunk[4096], *o = chunk;
			size_t oleft = sizeof(chunk);
			size_t rc = iconv(cd, &in, &inleft, &o, &oleft);
			buf_add(&b, chunk, sizeof(chunk) - oleft);
			if (rc == (size_t)-1 && errno != E2BIG) {
				iconv_close(cd);
				buf_free(&b);
				return status_set(STATUS_PARSE, _("byte %zu is not valid %s"),
				                  (size_t)(in - data) + 1, encoding);
			}
		}
		iconv_close(cd);
		if (b.len >= 3 && memcmp(b.s, "\xEF\xBB\xBF", 3) == 0) {
			memmove(b.s, b.s + 3, b.len - 2);
			b.len -= 3;
		}
		*outlen = b.len;
		*out = buf_steal(&b);
		return STATUS_OK;
	}
}

struct text_conv {
	iconv_t cd;
	bool ascii;
};

struct text_conv *text_conv_open(const char *charset)
{
	struct text_conv *c;

	if (text_charset_is_utf8(charset))
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->ascii = !charset || !*charset || strcmp(charset, "ANSI_X3.4-1968") == 0 ||
	           util_strncasecmp(charset, "ASCII", 6) == 0 ||
	           util_strncasecmp(charset, "US-ASCII", 9) == 0;
	c->cd = c->ascii ? (iconv_t)-1 : iconv_open(charset, "UTF-8");
	if (!c->ascii && c->cd == (iconv_t)-1)
		c->ascii = true; /* unknown charset: ASCII is always safe */
	return c;
}

void text_conv_close(struct text_conv *c)
{
	if (!c)
		return;
	if (c->cd != (iconv_t)-1)
		iconv_close(c->cd);
	free(c);
}

void text_conv(struct text_conv *c, struct buf *out, const char *s)
{
	size_t n = strlen(s), i = 0;

	if (!c) {
		buf_add(out, s, n);
		return;
	}
	/* Character by character, so that what the charset lacks is
	 * transliterated by our own table rather than iconv's locale-bound
	 * guesses (which give '?' for everything in the C locale). */
	while (i < n) {
		uint32_t cp;
		size_t k;

		if ((unsigned char)s[i] < 0x80) {
			buf_addc(out, s[i++]);
			continue;
		}
		k = text_utf8_next(s + i, n - i, &cp);
		if (!c->ascii) {
			char tmp[16], *in = (char *)s + i, *o = tmp;
			size_t inleft = k, oleft = sizeof(tmp);
			if (cp != TEXT_REPLACEMENT &&
			    iconv(c->cd, &in, &inleft, &o, &oleft) != (size_t)-1) {
				buf_add(out, tmp, sizeof(tmp) - oleft);
				i += k;
				continue;
			}
			iconv(c->cd, NULL, NULL, NULL, NULL);
		}
		text_translit_ascii(out, s + i, k);
		i += k;
	}
}
