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
#include <langinfo.h>
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

void text_utf8_clean(struct buf *out, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t k;
		if ((unsigned char)s[i] < 0x80) {
			buf_addc(out, s[i++]);
			continue;
		}
		k = text_utf8_next(s + i, n - i, &cp);
		if (cp == TEXT_REPLACEMENT)
			buf_adds(out, "\xEF\xBF\xBD");
		else
			buf_add(out, s + i, k);
		i += k;
	}
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
			/* Noted before the width check: a space that does not fit
			 * still ends a word that fills the line exactly. */
			if (cp == ' ')
				brk = j;
			if (w + cw > cols)
				break;
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
		if ((flags & TEXT_KEEP_MARKUP) && cp >= TEXT_MARK_ITALIC && cp <= TEXT_MARK_END)
			buf_add(out, s + i, k);
		else if (cp == TEXT_REPLACEMENT || (cp >= 0x80 && cp < 0xA0) || is_bidi_control(cp) ||
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
 * there only for transliteration. The kind says how a symbol sits among
 * its neighbours (see sym_kind below). */
struct sym {
	const char *cmd;
	uint32_t cp;
	const char *ascii;
	unsigned char kind;
};

enum sym_kind {
	/* Its ASCII form is a word ("alpha", "inf", "in"): transliterated
	 * next to a letter or digit it is kept apart by a space, so that
	 * "\Delta I" does not read "DeltaI". */
	SYM_WORD = 1,
	/* A relation or binary operator: in math it gets a space on both
	 * sides when it stands between two operands ("a <= b"). */
	SYM_OP = 2,
	/* A letter of words (\ss, \o, \l): like TeX, its control word
	 * swallows the spaces after it ("Bj\o rn"). Other commands keep
	 * one, since abstracts are written for reading ("\pi\pi scattering"). */
	SYM_LETTER = 4,
};

#define W SYM_WORD
#define OP SYM_OP
#define WOP (SYM_WORD | SYM_OP)
#define LT SYM_LETTER

static const struct sym syms[] = {
	/* Greek */
	{"alpha", 0x3B1, "alpha", W}, {"beta", 0x3B2, "beta", W}, {"gamma", 0x3B3, "gamma", W},
	{"delta", 0x3B4, "delta", W}, {"epsilon", 0x3F5, "epsilon", W},
	{"varepsilon", 0x3B5, "epsilon", W}, {"zeta", 0x3B6, "zeta", W}, {"eta", 0x3B7, "eta", W},
	{"theta", 0x3B8, "theta", W}, {"vartheta", 0x3D1, "theta", W}, {"iota", 0x3B9, "iota", W},
	{"kappa", 0x3BA, "kappa", W}, {"lambda", 0x3BB, "lambda", W}, {"mu", 0x3BC, "mu", W},
	{"nu", 0x3BD, "nu", W}, {"xi", 0x3BE, "xi", W}, {"pi", 0x3C0, "pi", W},
	{"varpi", 0x3D6, "pi", W}, {"rho", 0x3C1, "rho", W}, {"varrho", 0x3F1, "rho", W},
	{"sigma", 0x3C3, "sigma", W}, {"varsigma", 0x3C2, "sigma", W}, {"tau", 0x3C4, "tau", W},
	{"upsilon", 0x3C5, "upsilon", W}, {"phi", 0x3D5, "phi", W}, {"varphi", 0x3C6, "phi", W},
	{"chi", 0x3C7, "chi", W}, {"psi", 0x3C8, "psi", W}, {"omega", 0x3C9, "omega", W},
	{"Gamma", 0x393, "Gamma", W}, {"Delta", 0x394, "Delta", W}, {"Theta", 0x398, "Theta", W},
	{"Lambda", 0x39B, "Lambda", W}, {"Xi", 0x39E, "Xi", W}, {"Pi", 0x3A0, "Pi", W},
	{"Sigma", 0x3A3, "Sigma", W}, {"Upsilon", 0x3A5, "Upsilon", W}, {"Phi", 0x3A6, "Phi", W},
	{"Psi", 0x3A8, "Psi", W}, {"Omega", 0x3A9, "Omega", W},
	{NULL, 0x391, "A", 0}, {NULL, 0x392, "B", 0}, {NULL, 0x395, "E", 0}, {NULL, 0x396, "Z", 0},
	{NULL, 0x397, "H", 0}, {NULL, 0x399, "I", 0}, {NULL, 0x39A, "K", 0}, {NULL, 0x39C, "M", 0},
	{NULL, 0x39D, "N", 0}, {NULL, 0x39F, "O", 0}, {NULL, 0x3A1, "P", 0}, {NULL, 0x3A4, "T", 0},
	{NULL, 0x3A7, "X", 0}, {NULL, 0x3BF, "o", 0},
	/* relations and operators */
	{"leq", 0x2264, "<=", OP}, {"le", 0x2264, "<=", OP}, {"geq", 0x2265, ">=", OP},
	{"ge", 0x2265, ">=", OP}, {"neq", 0x2260, "!=", OP}, {"ne", 0x2260, "!=", OP},
	{"approx", 0x2248, "~", OP}, {"sim", 0x223C, "~", OP}, {"simeq", 0x2243, "~=", OP},
	{"cong", 0x2245, "~=", OP}, {"equiv", 0x2261, "==", OP}, {"propto", 0x221D, "~", OP},
	{"ll", 0x226A, "<<", OP}, {"gg", 0x226B, ">>", OP}, {"times", 0xD7, "x", WOP},
	{"cdot", 0x22C5, "*", OP}, {"div", 0xF7, "/", OP}, {"pm", 0xB1, "+/-", OP},
	{"mp", 0x2213, "-/+", OP}, {"infty", 0x221E, "inf", W},
	{"to", 0x2192, "->", OP}, {"rightarrow", 0x2192, "->", OP}, {"leftarrow", 0x2190, "<-", OP},
	{"gets", 0x2190, "<-", OP}, {"leftrightarrow", 0x2194, "<->", OP},
	{"Rightarrow", 0x21D2, "=>", OP}, {"Leftarrow", 0x21D0, "<=", OP},
	{"Leftrightarrow", 0x21D4, "<=>", OP}, {"iff", 0x21D4, "<=>", OP},
	{"implies", 0x21D2, "=>", OP}, {"mapsto", 0x21A6, "|->", OP},
	{"longrightarrow", 0x27F6, "-->", OP}, {"in", 0x2208, "in", WOP},
	{"notin", 0x2209, "not in", WOP}, {"ni", 0x220B, "ni", WOP},
	{"subset", 0x2282, "subset", WOP}, {"subseteq", 0x2286, "subseteq", WOP},
	{"supset", 0x2283, "supset", WOP}, {"supseteq", 0x2287, "supseteq", WOP},
	{"cup", 0x222A, "u", WOP}, {"cap", 0x2229, "n", WOP}, {"setminus", 0x2216, "\\", OP},
	{"emptyset", 0x2205, "{}", 0}, {"varnothing", 0x2205, "{}", 0}, {"forall", 0x2200, "for all", W},
	{"exists", 0x2203, "exists", W}, {"neg", 0xAC, "not", W}, {"lnot", 0xAC, "not", W},
	{"wedge", 0x2227, "and", WOP}, {"land", 0x2227, "and", WOP}, {"vee", 0x2228, "or", WOP},
	{"lor", 0x2228, "or", WOP}, {"oplus", 0x2295, "(+)", OP}, {"otimes", 0x2297, "(x)", OP},
	{"circ", 0x2218, "o", 0}, {"bullet", 0x2219, "*", 0}, {"star", 0x22C6, "*", 0}, {"ast", 0x2217, "*", 0},
	{"sum", 0x2211, "sum", W}, {"prod", 0x220F, "prod", W}, {"int", 0x222B, "int", W},
	{"oint", 0x222E, "oint", W}, {"partial", 0x2202, "d", 0}, {"nabla", 0x2207, "nabla", W},
	{"sqrt", 0x221A, "sqrt", W}, {"perp", 0x22A5, "perp", WOP}, {"parallel", 0x2225, "||", OP},
	{"mid", 0x2223, "|", OP}, {"vert", 0x7C, "|", 0}, {"Vert", 0x2016, "||", 0},
	{"langle", 0x27E8, "<", 0}, {"rangle", 0x27E9, ">", 0}, {"lceil", 0x2308, "ceil(", 0},
	{"rceil", 0x2309, ")", 0}, {"lfloor", 0x230A, "floor(", 0}, {"rfloor", 0x230B, ")", 0},
	{"ldots", 0x2026, "...", 0}, {"cdots", 0x22EF, "...", 0}, {"dots", 0x2026, "...", 0},
	{"vdots", 0x22EE, "...", 0}, {"ddots", 0x22F1, "...", 0}, {"prime", 0x2032, "'", 0},
	{"dagger", 0x2020, "+", 0}, {"ddagger", 0x2021, "++", 0}, {"ell", 0x2113, "l", 0},
	{"hbar", 0x210F, "hbar", W}, {"Re", 0x211C, "Re", W}, {"Im", 0x2111, "Im", W},
	{"aleph", 0x2135, "aleph", W}, {"wp", 0x2118, "P", 0}, {"angle", 0x2220, "angle", W},
	{"triangle", 0x25B3, "triangle", W}, {"Box", 0x25A1, "[]", 0}, {"square", 0x25A1, "[]", 0},
	{"degree", 0xB0, "deg", W}, {"checkmark", 0x2713, "v", 0},
	{"S", 0xA7, "S", 0}, {"P", 0xB6, "P", 0}, {"copyright", 0xA9, "(C)", 0},
	{"textregistered", 0xAE, "(R)", 0}, {"texttrademark", 0x2122, "(TM)", 0},
	{"pounds", 0xA3, "GBP", W}, {"euro", 0x20AC, "EUR", W}, {"textdegree", 0xB0, "deg", W},
	/* letters without a composing accent */
	{"ss", 0xDF, "ss", LT}, {"o", 0xF8, "o", LT}, {"O", 0xD8, "O", LT}, {"ae", 0xE6, "ae", LT},
	{"AE", 0xC6, "AE", LT}, {"oe", 0x153, "oe", LT}, {"OE", 0x152, "OE", LT},
	{"aa", 0xE5, "a", LT}, {"AA", 0xC5, "A", LT}, {"l", 0x142, "l", LT}, {"L", 0x141, "L", LT},
	{"i", 0x131, "i", LT}, {"j", 0x237, "j", LT}, {"dh", 0xF0, "d", LT}, {"DH", 0xD0, "D", LT},
	{"th", 0xFE, "th", LT}, {"TH", 0xDE, "TH", LT}, {"dj", 0x111, "d", LT},
	{"DJ", 0x110, "D", LT}, {"ng", 0x14B, "ng", LT}, {"NG", 0x14A, "NG", LT},
	/* the middle dot of text (Catalan l·l); \cdot is U+22C5 above */
	{NULL, 0xB7, ".", 0},
	/* punctuation, only transliterated */
	{NULL, 0xA0, " ", 0}, {NULL, 0x2002, " ", 0}, {NULL, 0x2003, " ", 0}, {NULL, 0x2009, " ", 0},
	{NULL, 0x200A, " ", 0}, {NULL, 0x202F, " ", 0}, {NULL, 0x2010, "-", 0}, {NULL, 0x2011, "-", 0},
	{NULL, 0x2012, "-", 0}, {NULL, 0x2013, "-", 0}, {NULL, 0x2014, "-", 0}, {NULL, 0x2015, "-", 0},
	{NULL, 0x2212, "-", 0}, {NULL, 0x2018, "'", 0}, {NULL, 0x2019, "'", 0}, {NULL, 0x201A, "'", 0},
	{NULL, 0x201B, "'", 0}, {NULL, 0x201C, "\"", 0}, {NULL, 0x201D, "\"", 0}, {NULL, 0x201E, "\"", 0},
	{NULL, 0x201F, "\"", 0}, {NULL, 0xAB, "<<", 0}, {NULL, 0xBB, ">>", 0}, {NULL, 0x2039, "<", 0},
	{NULL, 0x203A, ">", 0}, {NULL, 0x2026, "...", 0}, {NULL, 0x2022, "*", 0}, {NULL, 0x2032, "'", 0},
	{NULL, 0x2033, "''", 0}, {NULL, 0xB4, "'", 0}, {NULL, 0xA8, "\"", 0}, {NULL, 0xB5, "u", 0},
	{NULL, 0xB2, "^2", 0}, {NULL, 0xB3, "^3", 0}, {NULL, 0xB9, "^1", 0}, {NULL, 0xBC, "1/4", 0},
	{NULL, 0xBD, "1/2", 0}, {NULL, 0xBE, "3/4", 0}, {NULL, 0xBF, "?", 0}, {NULL, 0xA1, "!", 0},
	{NULL, 0xA2, "c", 0}, {NULL, 0xA5, "JPY", 0}, {NULL, 0xA6, "|", 0}, {NULL, 0xAA, "a", 0},
	{NULL, 0xBA, "o", 0}, {NULL, 0xAD, "", 0}, {NULL, 0xAF, "-", 0}, {NULL, 0xB8, ",", 0},
	{NULL, 0x2122, "(TM)", 0}, {NULL, 0x2044, "/", 0}, {NULL, 0x2215, "/", 0}, {NULL, 0xFB01, "fi", 0},
	{NULL, 0xFB02, "fl", 0}, {NULL, 0xFB00, "ff", 0}, {NULL, 0x2016, "||", 0},
	{NULL, 0x2500, "-", 0}, {NULL, 0x2502, "|", 0}, {NULL, 0x250C, "+", 0}, {NULL, 0x2510, "+", 0},
	{NULL, 0x2514, "+", 0}, {NULL, 0x2518, "+", 0}, {NULL, 0x251C, "+", 0}, {NULL, 0x2524, "+", 0},
	{NULL, 0x252C, "+", 0}, {NULL, 0x2534, "+", 0}, {NULL, 0x253C, "+", 0}, {NULL, 0x2605, "*", 0},
	{NULL, 0x2606, "*", 0}, {NULL, 0x25CF, "*", 0}, {NULL, 0x25CB, "o", 0}, {NULL, 0x2713, "v", 0},
	{NULL, 0x2714, "v", 0}, {NULL, 0x25B8, ">", 0}, {NULL, 0x25B6, ">", 0}, {NULL, 0x2190, "<-", 0},
	{NULL, 0x200B, "", 0}, {NULL, 0x200C, "", 0}, {NULL, 0x200D, "", 0}, {NULL, 0x2060, "", 0},
	{NULL, 0xFEFF, "", 0}, {NULL, 0xFFFD, "?", 0},
	/* double-struck and script letters */
	{NULL, 0x2102, "C", 0}, {NULL, 0x210D, "H", 0}, {NULL, 0x2115, "N", 0}, {NULL, 0x2119, "P", 0},
	{NULL, 0x211A, "Q", 0}, {NULL, 0x211D, "R", 0}, {NULL, 0x2124, "Z", 0}, {NULL, 0x2112, "L", 0},
	{NULL, 0x2131, "F", 0}, {NULL, 0x210B, "H", 0}, {NULL, 0x2133, "M", 0},
};

#undef W
#undef OP
#undef WOP
#undef LT

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
	char acc;  /* and the accent command that makes them */
	unsigned char kind;
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
		translit_map[translit_len++] =
		    (struct cpmap){syms[i].cp, syms[i].ascii, 0, 0, syms[i].kind};
	}
	for (i = 0; i < ARRAY_SIZE(accents); i++) {
		const char *p = accents[i].pairs;
		size_t n = strlen(p);
		while (n > 1) {
			uint32_t cp;
			size_t k = text_utf8_next(p + 1, n - 1, &cp);
			translit_map = xgrow(translit_map, &cap, translit_len + 1, sizeof(*translit_map));
			translit_map[translit_len++] = (struct cpmap){cp, NULL, p[0], accents[i].cmd, 0};
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
	struct cpmap key = {.cp = cp};

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

/* True when the character at s (n bytes) is part of a word once
 * transliterated: an ASCII letter or digit, or a letter such as é or α. */
static bool starts_alnum(const char *s, size_t n)
{
	uint32_t cp;
	const struct cpmap *m;

	if (!n)
		return false;
	if ((unsigned char)s[0] < 0x80)
		return isalnum((unsigned char)s[0]) != 0;
	text_utf8_next(s, n, &cp);
	m = translit_find(cp);
	return m && (m->base || (m->ascii && isalnum((unsigned char)m->ascii[0])));
}

/* Transliterates the non-ASCII character at s[i] (the rest of s is there
 * to look ahead); returns the index after it. *prev_mark carries a run of
 * sub- or superscripts from one character to the next. Markup code points
 * are kept only with keep_marks (rendered text on its way to the reader,
 * which draws them as attributes); else they are '?' like anything else
 * without an ASCII form. */
static size_t translit_char(struct buf *out, const char *s, size_t n, size_t i, char *prev_mark,
                            bool keep_marks)
{
	uint32_t cp;
	size_t k = text_utf8_next(s + i, n - i, &cp);
	const struct cpmap *m;
	char c, mark;

	i += k;
	if (script_ascii(cp, &c, &mark)) {
		/* A run of subscripts reads as one: H₂₀ -> H_20. */
		if (mark != *prev_mark)
			buf_addc(out, mark);
		buf_addc(out, c);
		*prev_mark = mark;
		return i;
	}
	*prev_mark = 0;
	if (cp >= TEXT_MARK_ITALIC && cp <= TEXT_MARK_END) {
		if (keep_marks)
			text_utf8_put(out, cp);
		else
			buf_addc(out, '?');
		return i;
	}
	/* A combining mark (an accent, the arrow of a vector): the base
	 * letter is enough. Bidi controls stay visible as '?'. */
	if (in_ranges(cp, zero_width, ARRAY_SIZE(zero_width)) && !is_bidi_control(cp))
		return i;
	m = translit_find(cp);
	if (m && m->base) {
		buf_addc(out, m->base);
	} else if (m) {
		/* A word stands apart: "ΔI" is "Delta I", "2×3" is "2 x 3". */
		bool word = (m->kind & SYM_WORD) != 0;
		if (word && out->len && isalnum((unsigned char)out->s[out->len - 1]))
			buf_addc(out, ' ');
		buf_adds(out, m->ascii);
		if (word && starts_alnum(s + i, n - i))
			buf_addc(out, ' ');
	} else if (cp >= 0xFF01 && cp <= 0xFF5E) {
		buf_addc(out, (char)(cp - 0xFF01 + 0x21)); /* full-width ASCII */
	} else if (cp >= 0x1D400 && cp <= 0x1D6A3) {
		buf_addc(out, (char)((cp - 0x1D400) % 52 < 26 ? 'A' + (cp - 0x1D400) % 52
		                                                : 'a' + (cp - 0x1D400) % 52 - 26));
	} else {
		buf_addc(out, '?');
	}
	return i;
}

static void translit(struct buf *out, const char *s, size_t n, bool keep_marks)
{
	size_t i = 0;
	char prev_mark = 0;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			buf_addc(out, s[i++]);
			prev_mark = 0;
			continue;
		}
		i = translit_char(out, s, n, i, &prev_mark, keep_marks);
	}
}

void text_translit_ascii(struct buf *out, const char *s, size_t n)
{
	translit(out, s, n, false);
}

/* ---------------------------------------------------------------- LaTeX */

#define RENDER_MAX_DEPTH 48

/* An internal flag beside TEXT_ASCII and TEXT_MARKUP: rendering for a
 * matching key. Keys are stored (as fingerprints) and must not change
 * when the display improves, so a form that adds letters for the reader
 * (\bar{D} -> "Dbar") is left out of them. */
#define RENDER_KEY 0x100u

struct rd {
	const char *s;
	size_t i, n;
	unsigned flags;
	int depth;
	size_t limit; /* stop once the output holds this many bytes (0 = no) */
	/* The limit was reached: nothing more of the input is read, so that
	 * callers that would go on (a fraction's denominator after its cut
	 * numerator) add nothing, and the output is a start of the whole
	 * rendering (a limited matching key is a start of the whole key). */
	bool done;
	int script;   /* inside a sub- or superscript: operators stay tight */
	/* Where an operator name or an x_ij-style script ended (in which
	 * buffer): an operand starting right there is kept apart by a space,
	 * so "\max_i x_i" does not read "max_ix_i". */
	const struct buf *sep_buf;
	size_t sep_at;
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
			/* A dollar right before a digit opens a price ("$5 and
			 * $10"), it never closes math. */
			if (!dbl && i + 1 < r->n && isdigit((unsigned char)r->s[i + 1]))
				continue;
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

/* A character of the input as it is output: under TEXT_MARKUP, markup
 * code points in the input would open spans the renderer never closes,
 * so they become U+FFFD. */
static uint32_t literal_cp(const struct rd *r, uint32_t cp)
{
	if ((r->flags & TEXT_MARKUP) && cp >= TEXT_MARK_ITALIC && cp <= TEXT_MARK_END)
		return TEXT_REPLACEMENT;
	return cp;
}

/* Renders one argument: a {group}, a command, or one character. */
static void render_arg(struct rd *r, struct buf *out, bool math)
{
	if (r->done)
		return;
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
		text_utf8_put(out, literal_cp(r, cp));
		r->i += k;
	}
}

/* Skips one argument without rendering it. */
static void skip_arg(struct rd *r)
{
	struct buf junk = BUF_INIT;
	size_t limit = r->limit;

	/* The limit counts what is output: an argument that is skipped must
	 * be skipped whole, or a limited rendering (a matching key's first
	 * characters) would go on inside an argument the whole rendering
	 * leaves out, and the two keys would disagree. */
	r->limit = 0;
	render_arg(r, &junk, false);
	r->limit = limit;
	buf_free(&junk);
}

/* Sub- or superscript: Unicode when every character has a form, else the
 * readable x_ij / x_(i+1) fallback. Returns true when it ends with the
 * bare fallback (x_ij), which an operand after it must not run into. */
static bool put_script(struct buf *out, const char *arg, bool sup, bool ascii)
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
		return false;
	}
	/* Primes read best as they are: f^\prime -> f′ */
	if (sup && (strcmp(arg, "\xE2\x80\xB2") == 0 || strcmp(arg, "'") == 0 || strcmp(arg, "*") == 0 ||
	            strcmp(arg, "\xE2\x80\xA0") == 0)) {
		buf_adds(out, arg);
		return false;
	}
	buf_addc(out, sup ? '^' : '_');
	if (alnum || text_width(arg) <= 1) {
		buf_adds(out, arg);
		return n > 0;
	}
	buf_addc(out, '(');
	buf_adds(out, arg);
	buf_addc(out, ')');
	return false;
}

static void put_space(struct buf *out)
{
	if (out->len && out->s[out->len - 1] != ' ' && out->s[out->len - 1] != '\n')
		buf_addc(out, ' ');
}

/* In math, before an operand: a space when it would otherwise run into
 * the operator name or x_ij-style script that ends the output. */
static void math_atom(struct rd *r, struct buf *out)
{
	if (r->sep_buf == out && out->len && out->len == r->sep_at && out->s[out->len - 1] != ' ')
		buf_addc(out, ' ');
}

/* Remembers that an operand must not follow the output directly. */
static void math_sep(struct rd *r, struct buf *out)
{
	r->sep_buf = out;
	r->sep_at = out->len;
}

/* True when the output ends with something an operator can apply to (not
 * a blank, an opening bracket, punctuation or another relation). */
static bool operand_before(const struct buf *out)
{
	unsigned char c;

	if (!out->len)
		return false;
	c = (unsigned char)out->s[out->len - 1];
	return !(c == ' ' || c == '\n' || strchr("([{,;:=<>", c));
}

/* True when more math follows (past blanks) for an operator to apply to. */
static bool operand_after(const struct rd *r)
{
	size_t k = r->i;

	while (k < r->n && (r->s[k] == ' ' || r->s[k] == '\n' || r->s[k] == '\t'))
		k++;
	return k < r->n && !strchr(")]},;.^_&", r->s[k]);
}

/* Appends a relation or binary operator in math: spaced when it stands
 * between two operands ("a ≤ b", "few × 10⁵"), tight when it does not
 * ("±1", a lone "≤") and inside scripts ("∑ₙ₌₀"). A blank the source
 * already has is never doubled: math drops the source's blanks. */
static void put_op(struct rd *r, struct buf *out, const char *op, size_t len)
{
	bool spaced = r->script == 0 && operand_before(out) && operand_after(r);

	if (spaced)
		buf_addc(out, ' ');
	buf_add(out, op, len);
	if (spaced)
		buf_addc(out, ' ');
}

/* True when the text between two dollars reads as prose, not math: three
 * plain words in a row ("in deeply inelastic"), or a word of three letters
 * or more between blanks at both ends ("$ and $"). This is what a dollar
 * lost from an abstract leaves: pairing the rest as math would run all
 * the words after it together. Words in braces (\text{...}) and command
 * names do not count. */
static bool prose_like(const char *s, size_t n)
{
	size_t i = 0, run = 0;
	int depth = 0;
	bool word3 = false;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\\') {
			i++;
			if (i < n && isalpha((unsigned char)s[i]))
				while (i < n && isalpha((unsigned char)s[i]))
					i++;
			else
				i++;
			run = 0;
			continue;
		}
		if (c == '{' || c == '}') {
			depth += c == '{' ? 1 : (depth > 0 ? -1 : 0);
			run = 0;
			i++;
			continue;
		}
		if (isalpha(c) && depth == 0 && (i == 0 || isspace((unsigned char)s[i - 1]))) {
			size_t j = i;
			while (j < n && isalpha((unsigned char)s[j]))
				j++;
			if (j - i >= 2 && (j == n || isspace((unsigned char)s[j]) || strchr(",.;:", s[j]))) {
				if (++run >= 3)
					return true;
				if (j - i >= 3)
					word3 = true;
			} else {
				run = 0;
			}
			i = j;
			continue;
		}
		if (!isspace(c))
			run = 0;
		i++;
	}
	return word3 && n >= 2 && isspace((unsigned char)s[0]) && isspace((unsigned char)s[n - 1]);
}

/* Text-mode '~' at s[i]: a tie (a space that does not break) between two
 * words, as in "Fig.~3". Plain-text abstracts also use it for
 * "approximately" ("near ~500", "z~2.56") and in URLs ("/~user"); there
 * it is kept. */
static bool is_tie(const char *s, size_t n, size_t i)
{
	unsigned char prev, next;

	if (i == 0 || i + 1 >= n)
		return false;
	prev = (unsigned char)s[i - 1];
	next = (unsigned char)s[i + 1];
	if (isspace(next) || !(isalnum(prev) || strchr(".,;:)]}'", prev)))
		return false;
	/* A lone letter before a number is a quantity: z~2.56 */
	if (isalpha(prev) && isdigit(next) && (i < 2 || !isalnum((unsigned char)s[i - 2])))
		return false;
	return true;
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
/* Declarations learnt after matching keys were first stored: keys keep
 * reading them as unknown commands (their names), or stored fingerprints
 * would no longer match the same abstract. */
static const char *const style_plain_late[] = {"scriptscriptstyle", "cal", "mit", "boldmath",
                                               "unboldmath", NULL};
static const char *const arg_italic[] = {"emph", "textit", "textsl", "mathit", NULL};
static const char *const arg_bold[] = {"textbf", "mathbf", "boldsymbol", "bm", "mathbfit", NULL};
static const char *const arg_plain[] = {
	"textrm", "texttt", "textsf", "textsc", "textup", "textnormal", "mathrm", "mathsf",
	"mathtt", "text", "mbox", "hbox", "operatorname", "underline", "widehat",
	"widetilde", "check", "acute", "grave", "breve", "mathcal", "mathscr", "mathfrak", "uppercase", "lowercase", "textup",
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

/* Big operators: an operand after them (and their limits) stands apart. */
static const char *const big_ops[] = {"sum", "prod", "int", "oint", NULL};

/* Math accents over one character, as combining marks. */
static const struct {
	const char *name;
	uint32_t mark;
} math_accents[] = {
	{"bar", 0x304}, {"overline", 0x305}, {"hat", 0x302}, {"tilde", 0x303},
	{"vec", 0x20D7}, {"dot", 0x307}, {"ddot", 0x308},
};

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
	size_t len, j = r->i + 1, after_name, k;
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
			if ((unsigned char)c >= 0x80) {
				/* A backslash before a character of several bytes
				 * (or a stray byte): the character is rendered
				 * whole by the caller, never cut after its first
				 * byte. */
				r->i = j;
				return;
			}
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
	after_name = r->i;
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
	if (name_in(name, len, style_plain) || name_in(name, len, drop_plain) ||
	    (name_in(name, len, style_plain_late) && !(r->flags & RENDER_KEY)))
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
	for (k = 0; k < ARRAY_SIZE(math_accents); k++) {
		struct buf a = BUF_INIT;
		uint32_t cp;
		if (!name_is(name, len, math_accents[k].name))
			continue;
		render_arg(r, &a, math);
		if (math)
			math_atom(r, out);
		buf_add(out, a.s ? a.s : "", a.len);
		/* Over one character the accent is drawn; over more it would
		 * sit on the last one only, so it is left out. */
		if (a.len && text_utf8_next(a.s, a.len, &cp) == a.len) {
			text_utf8_put(out, math_accents[k].mark);
			/* ASCII drops the mark; an antiparticle still reads
			 * as one: \bar{D} -> Dbar. */
			if (math_accents[k].mark == 0x304 && (r->flags & TEXT_ASCII) &&
			    !(r->flags & RENDER_KEY))
				buf_adds(out, "bar");
		}
		buf_free(&a);
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
		if (r->flags & TEXT_ASCII) {
			/* "sqrt2" would read as a name: sqrt(2) */
			buf_adds(out, "sqrt(");
			buf_adds(out, buf_str(&a));
			buf_addc(out, ')');
			buf_free(&a);
			return;
		}
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
		if (math && (sym->kind & SYM_OP)) {
			struct buf op = BUF_INIT;
			text_utf8_put(&op, sym->cp);
			put_op(r, out, op.s, op.len);
			buf_free(&op);
		} else {
			if (math)
				math_atom(r, out);
			text_utf8_put(out, sym->cp);
		}
		if (math && name_in(name, len, big_ops))
			math_sep(r, out);
		/* Outside math a symbol keeps the blank after it ("\pi\pi
		 * scattering"); a letter (\o, \ss) is part of a word. */
		if (!math && !(sym->kind & SYM_LETTER))
			r->i = after_name;
		return;
	}
	if (name_in(name, len, words)) {
		/* Operator names read as words; keep them apart from neighbours. */
		if (math && out->len && isalnum((unsigned char)out->s[out->len - 1]))
			buf_addc(out, ' ');
		else if (math)
			math_atom(r, out);
		buf_add(out, name, len);
		if (math)
			math_sep(r, out); /* math drops blanks: "\log n", "\max_i x_i" */
		else
			r->i = after_name;
		return;
	}
	/* Unknown: its argument when it has one, else its name, which (like
	 * an operator name) stands apart from what is around it: "4500\kms"
	 * reads "4500 kms". */
	if (r->i < r->n && r->s[r->i] == '{') {
		render_arg(r, out, math);
		return;
	}
	if (math) {
		if (out->len && isalnum((unsigned char)out->s[out->len - 1]))
			buf_addc(out, ' ');
		else
			math_atom(r, out);
	}
	buf_add(out, name, len);
	if (math)
		math_sep(r, out);
	else
		r->i = after_name;
}

/* ASCII bytes that render as themselves outside math: everything
 * printable but white space and the bytes the loop below gives a meaning
 * ('-' too, for "--"). */
static inline bool render_plain(unsigned char c)
{
	/* A table, not strchr() or a switch: this runs for every byte of
	 * every abstract (strchr here was a tenth of a large import's
	 * parsing thread). Bit c is set for the bytes 0x21-0x7E but the
	 * backslash and $ { } _ ^ ~ - ` '. */
	static const uint64_t plain[4] = {0xffffdf6e00000000u, 0x17fffffe2fffffffu, 0, 0};

	return (plain[c >> 6] >> (c & 63)) & 1;
}

/* Renders until the byte `close` at the current depth (not consumed), or
 * the end of input. close < 0 means the end only. */
static void render_until(struct rd *r, struct buf *out, bool math, int close)
{
	r->depth++;
	while (r->i < r->n) {
		unsigned char c = (unsigned char)r->s[r->i];

		if (r->done || (r->limit && out->len >= r->limit)) {
			r->done = true;
			break;
		}
		if (close >= 0 && c == close)
			break;
		if (!math && render_plain(c)) {
			/* The common case, a run of words, copied at once: a single
			 * space after a plain byte is what put_space() would add.
			 * Math spaces its atoms and relations itself (math_atom). */
			size_t k = r->i + 1, stop = r->n;
			if (r->limit && stop - r->i > r->limit - out->len)
				stop = r->i + (r->limit - out->len);
			while (k < stop && (render_plain((unsigned char)r->s[k]) ||
			                    (r->s[k] == ' ' && r->s[k - 1] != ' ')))
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
			if (!dbl && end < r->n && prose_like(r->s + start, end - start)) {
				/* This dollar lost its partner: the next one opens
				 * math, and this one is dropped (kept before a
				 * number, where it is a price). */
				if (isdigit((unsigned char)r->s[start]))
					buf_addc(out, '$');
				r->i++;
				continue;
			}
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
			/* The limits of "\max" or "\sum" still end it. */
			bool carry = r->sep_buf == out && out->len && out->len == r->sep_at;
			r->i++;
			r->script++;
			if (r->depth < RENDER_MAX_DEPTH)
				render_arg(r, &arg, true);
			r->script--;
			if (put_script(out, buf_str(&arg), c == '^', r->flags & TEXT_ASCII) || carry)
				math_sep(r, out);
			buf_free(&arg);
			continue;
		}
		if (math && (c == '=' || c == '<' || c == '>' ||
		             (c == ':' && r->i + 1 < r->n && r->s[r->i + 1] == '='))) {
			/* Relations: one run ("<=", ":=") spaced like \leq. */
			size_t start = r->i++;
			while (r->i < r->n && (r->s[r->i] == '=' || r->s[r->i] == '<' || r->s[r->i] == '>'))
				r->i++;
			put_op(r, out, r->s + start, r->i - start);
			continue;
		}
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			if (!math)
				put_space(out);
			r->i++;
			continue;
		}
		if (c == '~' && !math && is_tie(r->s, r->n, r->i)) {
			put_space(out);
			r->i++;
			continue;
		}
		if (c == '-' && !math && r->i + 2 < r->n && r->s[r->i + 1] == '-' &&
		    r->s[r->i + 2] == '>') {
			/* "D0 --> K- pi+": an arrow, not a dash and a '>' */
			text_utf8_put(out, 0x2192);
			r->i += 3;
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
			if (math && isalnum(c))
				math_atom(r, out);
			buf_addc(out, (char)c);
			r->i++;
			continue;
		}
		{
			uint32_t cp;
			size_t k = text_utf8_next(r->s + r->i, r->n - r->i, &cp);
			cp = literal_cp(r, cp);
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
	struct rd r = {s, 0, strlen(s), flags, 0, limit, false, 0, NULL, 0};
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
		/* Marks are the renderer's own only under TEXT_MARKUP (literal
		 * ones were replaced); without it they came from the input. */
		translit(&a, res, strlen(res), (flags & TEXT_MARKUP) != 0);
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
	char *r = render_limited(s, TEXT_ASCII | RENDER_KEY, max ? max * 4 + 64 : 0);
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

const char *text_strerror(int e)
{
	static char *conv;
	const char *s = strerror(e), *p;
	size_t n;
	bool guessed;

	free(conv);
	conv = NULL;
	for (p = s; *p && (unsigned char)*p < 0x80; p++)
		;
	if (!*p || text_charset_is_utf8(nl_langinfo(CODESET)))
		return s;
	if (text_to_utf8(s, strlen(s), nl_langinfo(CODESET), &conv, &n, &guessed) != STATUS_OK) {
		status_clear(); /* not worth a message of its own */
		conv = NULL;
		return s;
	}
	return conv;
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

/* Appends s to out, character by character: what the charset has goes
 * through as is (converted when convert is true), the rest is
 * transliterated by our own table rather than by iconv's locale-bound
 * guesses (which give '?' for everything in the C locale). */
static void conv_chars(struct text_conv *c, struct buf *out, const char *s, bool convert)
{
	size_t n = strlen(s), i = 0;
	char prev_mark = 0;

	while (i < n) {
		uint32_t cp;
		size_t k;

		if ((unsigned char)s[i] < 0x80) {
			buf_addc(out, s[i++]);
			prev_mark = 0;
			continue;
		}
		k = text_utf8_next(s + i, n - i, &cp);
		if (!c->ascii && !(cp >= TEXT_MARK_ITALIC && cp <= TEXT_MARK_END)) {
			char tmp[16], *in = (char *)s + i, *o = tmp;
			size_t inleft = k, oleft = sizeof(tmp);
			if (cp != TEXT_REPLACEMENT &&
			    iconv(c->cd, &in, &inleft, &o, &oleft) != (size_t)-1) {
				if (convert)
					buf_add(out, tmp, sizeof(tmp) - oleft);
				else
					buf_add(out, s + i, k);
				i += k;
				prev_mark = 0;
				continue;
			}
			iconv(c->cd, NULL, NULL, NULL, NULL);
		}
		/* The whole string is passed so that a word can look at what
		 * follows it. */
		i = translit_char(out, s, n, i, &prev_mark, true);
	}
}

void text_conv(struct text_conv *c, struct buf *out, const char *s)
{
	if (!c) {
		buf_adds(out, s);
		return;
	}
	conv_chars(c, out, s, true);
}

void text_conv_fit(struct text_conv *c, struct buf *out, const char *s)
{
	if (!c) {
		buf_adds(out, s);
		return;
	}
	conv_chars(c, out, s, false);
}

/* ---------------------------------------------------------------- LaTeX forms */

bool text_latex_accent(uint32_t cp, char *accent, char *base)
{
	size_t i;

	/* bsearch may land on any of equal code points; look at them all. */
	const struct cpmap *m = translit_find(cp);
	if (!m)
		return false;
	while (m > translit_map && m[-1].cp == cp)
		m--;
	for (i = 0; m + i < translit_map + translit_len && m[i].cp == cp; i++)
		if (m[i].base) {
			*accent = m[i].acc;
			*base = m[i].base;
			return true;
		}
	return false;
}

const char *text_latex_symbol(uint32_t cp)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(syms); i++)
		if (syms[i].cp == cp && syms[i].cmd)
			return syms[i].cmd;
	return NULL;
}
