/*
 * bibtex: papers out as BibTeX, and what import-bibtex.c shares with it
 * (names, citation keys).
 *
 * Must never: write an entry that bibtex, biber or pybtex could read
 * differently from what was meant (unbalanced braces, a bare special, an
 * undefined type), change a citation key once it is stored, or hold more
 * than one page of the library in memory.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bibtex.h"
#include "text.h"

/* ---------------------------------------------------------------- characters */

/* The letter case of a code point, for the scripts names and titles are
 * mostly written in: 1 upper, -1 lower, 0 neither (or unknown). A table
 * rather than towupper(), so that the result never depends on the
 * locale. */
static int cp_case(uint32_t c)
{
	if (c < 0x80)
		return isupper((int)c) ? 1 : islower((int)c) ? -1 : 0;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return 1;
	if (c >= 0xDF && c <= 0xFF && c != 0xF7)
		return -1;
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
		return c % 2 == 0 ? 1 : -1;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return c % 2 == 1 ? 1 : -1;
	if (c == 0x178)
		return 1;
	if (c == 0x17F || c == 0x138 || c == 0x149)
		return -1;
	if (c >= 0x391 && c <= 0x3A9)
		return 1;
	if (c >= 0x3AC && c <= 0x3CE)
		return -1;
	if (c >= 0x400 && c <= 0x42F)
		return 1;
	if (c >= 0x430 && c <= 0x45F)
		return -1;
	return 0;
}

/* ---------------------------------------------------------------- names */

struct word {
	const char *s;
	size_t n;
};

/* Control sequences that are letters of their own, with their case. */
static int special_case(const char *name, size_t n)
{
	static const char *const lower[] = {"oe", "ae", "aa", "o", "l", "ss", "i", "j", NULL};
	static const char *const upper[] = {"OE", "AE", "AA", "O", "L", NULL};
	size_t i;

	for (i = 0; lower[i]; i++)
		if (strlen(lower[i]) == n && memcmp(lower[i], name, n) == 0)
			return -1;
	for (i = 0; upper[i]; i++)
		if (strlen(upper[i]) == n && memcmp(upper[i], name, n) == 0)
			return 1;
	return 0;
}

/* BibTeX's test for a von word: the first letter at brace level 0 is
 * lower case. A brace group that is not a special character ({\'e}) makes
 * the word caseless, which counts as not lower. */
static bool word_is_lower(const struct word *w)
{
	size_t i = 0;

	while (i < w->n) {
		unsigned char c = (unsigned char)w->s[i];
		if (c == '{') {
			size_t j = i + 1, k;
			int depth = 1, sc;
			if (j >= w->n || w->s[j] != '\\')
				return false;
			j++;
			k = j;
			while (k < w->n && isalpha((unsigned char)w->s[k]))
				k++;
			if (k == j && k < w->n)
				k++;
			sc = special_case(w->s + j, k - j);
			if (sc)
				return sc < 0;
			for (j = k; j < w->n && depth > 0; j++) {
				if (w->s[j] == '{')
					depth++;
				else if (w->s[j] == '}')
					depth--;
				else if (isalpha((unsigned char)w->s[j]))
					return islower((unsigned char)w->s[j]) != 0;
			}
			i = j;
			continue;
		}
		if (c < 0x80) {
			if (isalpha(c))
				return islower(c) != 0;
			i++;
			continue;
		}
		{
			uint32_t cp;
			size_t k = text_utf8_next(w->s + i, w->n - i, &cp);
			int cs = cp_case(cp);
			if (cs)
				return cs < 0;
			i += k;
		}
	}
	return false;
}

static char *join_words(const struct word *w, size_t from, size_t to)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = from; i < to; i++) {
		if (b.len)
			buf_addc(&b, ' ');
		buf_add(&b, w[i].s, w[i].n);
	}
	if (!b.s)
		return xstrdup("");
	return buf_steal(&b);
}

static bool is_suffix(const struct word *w, size_t n)
{
	static const char *const sfx[] = {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "2nd", "3rd",
	                                  "jr", "jr.", "sr", "sr.", NULL};
	size_t i;

	if (n != 1)
		return false;
	for (i = 0; sfx[i]; i++)
		if (strlen(sfx[i]) == w[0].n && memcmp(sfx[i], w[0].s, w[0].n) == 0)
			return true;
	return false;
}

/* "von Last" words: von is from the first word, when it is lower case, to
 * the last lower-case word that still leaves a Last word. */
static void split_von_last(const struct word *w, size_t n, struct bibtex_name *nm)
{
	size_t vend = 0, i;

	if (n >= 2 && word_is_lower(&w[0]))
		for (i = 0; i + 1 < n; i++)
			if (word_is_lower(&w[i]))
				vend = i + 1;
	nm->von = join_words(w, 0, vend);
	nm->last = join_words(w, vend, n);
}

/* "First von Last" words. */
static void split_first_von_last(const struct word *w, size_t n, struct bibtex_name *nm)
{
	size_t i, vstart = n, vend = 0;

	for (i = 0; i + 1 < n; i++)
		if (word_is_lower(&w[i])) {
			if (vstart == n)
				vstart = i;
			vend = i + 1;
		}
	if (vstart == n) {
		nm->first = join_words(w, 0, n ? n - 1 : 0);
		nm->von = xstrdup("");
		nm->last = join_words(w, n ? n - 1 : 0, n);
	} else {
		nm->first = join_words(w, 0, vstart);
		nm->von = join_words(w, vstart, vend);
		nm->last = join_words(w, vend, n);
	}
}

void bibtex_name_parse(const char *s, size_t n, struct bibtex_name *nm)
{
	struct word *w = NULL;
	size_t nw = 0, cap = 0, commas[3], nc = 0, i = 0;
	int depth = 0;

	memset(nm, 0, sizeof(*nm));
	while (i < n) {
		size_t start;
		while (i < n && (isspace((unsigned char)s[i]) || s[i] == '~' ||
		                 (s[i] == ',' && depth == 0))) {
			if (s[i] == ',' && nc < ARRAY_SIZE(commas))
				commas[nc++] = nw;
			i++;
		}
		if (i >= n)
			break;
		start = i;
		while (i < n) {
			char c = s[i];
			if (depth == 0 && (isspace((unsigned char)c) || c == '~' || c == ','))
				break;
			if (c == '{')
				depth++;
			else if (c == '}' && depth > 0)
				depth--;
			i++;
		}
		w = xgrow(w, &cap, nw + 1, sizeof(*w));
		w[nw].s = s + start;
		w[nw].n = i - start;
		/* "A.\ Thiele": BibTeX splits at the space whatever precedes it;
		 * the backslash only asked LaTeX for that space, which the
		 * words' separator gives anyway. */
		if (w[nw].n > 1 && s[i - 1] == '\\' && i < n && isspace((unsigned char)s[i]))
			w[nw].n--;
		nw++;
	}
	/* Commas with no word between them (or at the end) change nothing. */
	if (nc == 0 || (nc >= 1 && commas[0] == nw)) {
		split_first_von_last(w, nw, nm);
		nm->jr = xstrdup("");
	} else if (nc == 1 || commas[1] == commas[0] || commas[1] == nw) {
		if (is_suffix(w + commas[0], nw - commas[0]) && commas[0] >= 2) {
			/* "First Last, Jr." */
			split_first_von_last(w, commas[0], nm);
			nm->jr = join_words(w, commas[0], nw);
		} else {
			split_von_last(w, commas[0], nm);
			nm->first = join_words(w, commas[0], nw);
			nm->jr = xstrdup("");
		}
	} else {
		split_von_last(w, commas[0], nm);
		nm->jr = join_words(w, commas[0], commas[1]);
		nm->first = join_words(w, commas[1], nw);
	}
	if (!nm->first)
		nm->first = xstrdup("");
	free(w);
}

void bibtex_name_clear(struct bibtex_name *nm)
{
	free(nm->first);
	free(nm->von);
	free(nm->last);
	free(nm->jr);
	memset(nm, 0, sizeof(*nm));
}

void bibtex_name_format(struct buf *out, const struct bibtex_name *nm)
{
	if (*nm->von) {
		buf_adds(out, nm->von);
		buf_addc(out, ' ');
	}
	buf_adds(out, nm->last);
	if (*nm->jr) {
		buf_adds(out, ", ");
		buf_adds(out, nm->jr);
		buf_adds(out, ",");
		if (*nm->first)
			buf_addc(out, ' ');
		buf_adds(out, nm->first);
	} else if (*nm->first) {
		buf_adds(out, ", ");
		buf_adds(out, nm->first);
	}
}

char *bibtex_names_split(const char *field)
{
	struct buf out = BUF_INIT;
	size_t n = strlen(field), i = 0, start = 0;
	int depth = 0;

	for (;;) {
		bool cut = false;
		size_t end = i;
		if (i >= n) {
			cut = true;
		} else if (field[i] == '{') {
			depth++;
		} else if (field[i] == '}') {
			if (depth > 0)
				depth--;
		} else if (depth == 0 && isspace((unsigned char)field[i]) && i + 4 < n &&
		           util_strncasecmp(field + i + 1, "and", 3) == 0 &&
		           isspace((unsigned char)field[i + 4])) {
			cut = true;
		}
		if (cut) {
			struct bibtex_name nm;
			const char *s = field + start;
			size_t len = end - start;
			while (len && isspace((unsigned char)*s))
				s++, len--;
			while (len && isspace((unsigned char)s[len - 1]))
				len--;
			if (len) {
				if (out.len)
					buf_addc(&out, '\n');
				if (len == 6 && memcmp(s, "others", 6) == 0) {
					buf_adds(&out, "others");
				} else {
					bibtex_name_parse(s, len, &nm);
					bibtex_name_format(&out, &nm);
					bibtex_name_clear(&nm);
				}
			}
			if (i >= n)
				break;
			i += 4; /* the space before "and" and "and"; the space after is skipped */
			start = i;
			continue;
		}
		i++;
	}
	if (!out.s)
		return xstrdup("");
	return buf_steal(&out);
}

/* ---------------------------------------------------------------- values */

/* LaTeX commands from text.c's table that work in text mode with no
 * package; the others that are core LaTeX are math commands. Commands
 * that need a package or T1 fonts are left out: their characters are
 * transliterated instead. */
static const char *const text_cmds[] = {"ss", "o", "O", "ae", "AE", "oe", "OE", "aa", "AA",
                                        "l", "L", "i", "j", "S", "P", "copyright", "pounds",
                                        "textregistered", "texttrademark", "textdegree", NULL};
static const char *const package_cmds[] = {"checkmark", "Box", "square", "varnothing", "implies",
                                           "euro", "degree", "dh", "DH", "th", "TH", "dj",
                                           "DJ", "ng", "vert", "Vert", NULL};

static bool in_list(const char *const *list, const char *s)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

struct esc {
	struct buf *out;
	unsigned flags;
	size_t lossy;
};

/* Escapes one ASCII character met where it is meant literally (in text,
 * or transliteration output). */
static void put_literal(struct esc *e, char c, bool math)
{
	switch (c) {
	case '%': buf_adds(e->out, "\\%"); break;
	case '&': buf_adds(e->out, "\\&"); break;
	case '#': buf_adds(e->out, "\\#"); break;
	case '_': buf_adds(e->out, math ? "_" : "\\_"); break;
	case '$': buf_adds(e->out, math ? "\\$" : "\\$"); break;
	case '{': buf_adds(e->out, math ? "\\lbrace " : "{\\textbraceleft}"); break;
	case '}': buf_adds(e->out, math ? "\\rbrace " : "{\\textbraceright}"); break;
	case '\\': buf_adds(e->out, math ? "\\backslash " : "{\\textbackslash}"); break;
	case '~': buf_adds(e->out, math ? "\\sim " : "{\\textasciitilde}"); break;
	case '^': buf_adds(e->out, math ? "\\hat{}" : "{\\textasciicircum}"); break;
	default: buf_addc(e->out, c);
	}
}

/* The transliteration of one character by iconv, for what our table does
 * not know; false when iconv knows no better than '?'. */
static bool iconv_translit(struct buf *out, const char *s, size_t n)
{
	static iconv_t cd = (iconv_t)-1;
	static bool tried;
	char tmp[32], *in = (char *)s, *o = tmp;
	size_t inleft = n, oleft = sizeof(tmp), i;

	if (!tried) {
		tried = true;
		cd = iconv_open("ASCII//TRANSLIT", "UTF-8");
	}
	if (cd == (iconv_t)-1)
		return false;
	iconv(cd, NULL, NULL, NULL, NULL);
	if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 || o == tmp)
		return false;
	for (i = 0; tmp + i < o; i++)
		if (tmp[i] == '?' || (unsigned char)tmp[i] >= 0x80 || (unsigned char)tmp[i] < 0x20)
			return false;
	buf_add(out, tmp, (size_t)(o - tmp));
	return true;
}

/* Writes one non-ASCII character (its n UTF-8 bytes at s) under
 * BIBTEX_ASCII: a LaTeX form where there is a safe one, else a
 * transliteration. */
static void put_ascii_cp(struct esc *e, const char *s, size_t n, uint32_t cp, bool math)
{
	char acc, base;
	const char *sym;
	struct buf t = BUF_INIT;
	size_t i;

	if (!math && text_latex_accent(cp, &acc, &base)) {
		const char *b = base == 'i' ? "\\i" : base == 'j' ? "\\j" : NULL;
		if (isalpha((unsigned char)acc))
			buf_printf(e->out, "{\\%c{", acc);
		else
			buf_printf(e->out, "{\\%c", acc);
		if (b)
			buf_adds(e->out, b);
		else
			buf_addc(e->out, base);
		buf_adds(e->out, isalpha((unsigned char)acc) ? "}}" : "}");
		return;
	}
	sym = text_latex_symbol(cp);
	if (sym && !in_list(package_cmds, sym)) {
		bool text = in_list(text_cmds, sym);
		if (text && !math) {
			buf_printf(e->out, "{\\%s}", sym);
			return;
		}
		if (!text) {
			buf_printf(e->out, math ? "{\\%s}" : "{$\\%s$}", sym);
			return;
		}
	}
	text_translit_ascii(&t, s, n);
	if (strcmp(buf_str(&t), "?") == 0 && cp != '?') {
		buf_reset(&t);
		if (!iconv_translit(&t, s, n)) {
			buf_reset(&t);
			buf_addc(&t, '?');
			e->lossy++;
		}
	}
	for (i = 0; i < t.len; i++)
		put_literal(e, t.s[i], math);
	buf_free(&t);
}

/* Cleans stored text for a field value: controls become spaces, runs of
 * white space one space, invalid UTF-8 U+FFFD; bidi controls and the
 * renderer's markup code points go. */
static char *clean_text(const char *s)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(s), i = 0;
	bool space = false;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t k;

		if (c < 0x80) {
			i++;
			if (c <= 0x20 || c == 0x7F) {
				space = true;
				continue;
			}
			if (space && b.len)
				buf_addc(&b, ' ');
			space = false;
			buf_addc(&b, (char)c);
			continue;
		}
		k = text_utf8_next(s + i, n - i, &cp);
		i += k;
		if ((cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029 || cp == 0xA0) {
			space = true;
			continue;
		}
		if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
		    cp == 0x200F || cp == 0x061C || (cp >= TEXT_MARK_ITALIC && cp <= TEXT_MARK_END))
			continue;
		if (space && b.len)
			buf_addc(&b, ' ');
		space = false;
		text_utf8_put(&b, cp);
	}
	if (!b.s)
		return xstrdup("");
	return buf_steal(&b);
}

/* Marks which braces have a partner (matched[i] for the byte at i). */
static void match_braces(const char *s, size_t n, bool *matched)
{
	size_t *stack = xcalloc(n + 1, sizeof(*stack)), top = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] == '{') {
			stack[top++] = i;
		} else if (s[i] == '}' && top > 0) {
			matched[stack[--top]] = true;
			matched[i] = true;
		}
	}
	free(stack);
}

/* Marks math: inmath[i] for every byte of a $...$ or $$...$$ span that has
 * its closing dollar. */
static void find_math(const char *s, size_t n, bool *inmath)
{
	size_t i = 0, j;

	while (i < n) {
		if (s[i] == '\\') {
			i += 2;
			continue;
		}
		if (s[i] != '$') {
			i++;
			continue;
		}
		if (i + 1 < n && s[i + 1] == '$') {
			for (j = i + 2; j + 1 < n; j++) {
				if (s[j] == '\\') {
					j++;
					continue;
				}
				if (s[j] == '$' && s[j + 1] == '$')
					break;
			}
			if (j + 1 < n && j > i + 2) {
				memset(inmath + i, 1, j + 2 - i);
				i = j + 2;
				continue;
			}
			i += 2; /* a lone "$$": both escaped */
			continue;
		}
		for (j = i + 1; j < n; j++) {
			if (s[j] == '\\') {
				j++;
				continue;
			}
			if (s[j] == '$')
				break;
		}
		if (j < n && s[j] == '$' && j > i + 1 && !(j + 1 < n && s[j + 1] == '$')) {
			memset(inmath + i, 1, j + 1 - i);
			i = j + 1;
			continue;
		}
		i++;
	}
}

static bool word_byte(unsigned char c)
{
	return isalnum(c) || c == '\'' || c == '-' || c >= 0x80;
}

/* True when the word [s, s+n) needs braces to keep its case: it holds a
 * capital anywhere but at the start of the value's first word. */
static bool word_needs_braces(const char *s, size_t n, bool first_word)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t k = text_utf8_next(s + i, n - i, &cp);
		if (cp_case(cp) > 0 && !(first_word && i == 0))
			return true;
		i += k;
	}
	return false;
}

size_t bibtex_escape(struct buf *out, const char *src, unsigned flags)
{
	char *s = clean_text(src);
	size_t n = strlen(s), i = 0;
	bool *matched = xcalloc(n + 1, 1), *inmath = xcalloc(n + 1, 1), seen_word = false;
	struct esc e = {out, flags, 0};
	int depth = 0;

	match_braces(s, n, matched);
	find_math(s, n, inmath);
	while (i < n && (flags & BIBTEX_RAW)) {
		if ((s[i] == '{' || s[i] == '}') && !matched[i])
			put_literal(&e, s[i], false);
		else if ((unsigned char)s[i] >= 0x80 && (flags & BIBTEX_ASCII)) {
			uint32_t cp;
			size_t k = text_utf8_next(s + i, n - i, &cp);
			put_ascii_cp(&e, s + i, k, cp, false);
			i += k;
			continue;
		} else
			buf_addc(out, s[i]);
		i++;
	}
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		bool math = inmath[i];

		if (c == '\\') {
			size_t j = i + 1;
			if (j < n && isalpha((unsigned char)s[j])) {
				/* A command: kept as it is. */
				while (j < n && isalpha((unsigned char)s[j]))
					j++;
				buf_add(out, s + i, j - i);
				i = j;
				continue;
			}
			if (j < n && (s[j] == '{' || s[j] == '}')) {
				if (matched[j]) {
					buf_add(out, s + i, 2);
					depth += s[j] == '{' ? 1 : -1;
				} else {
					put_literal(&e, s[j], math);
				}
				i = j + 1;
				continue;
			}
			if (j < n && (unsigned char)s[j] < 0x80 && ispunct((unsigned char)s[j])) {
				/* A control symbol: \& \% \' \" \\ ... */
				buf_add(out, s + i, 2);
				i = j + 1;
				continue;
			}
			if (j < n && s[j] == ' ') {
				buf_add(out, "\\ ", 2);
				i = j + 1;
				continue;
			}
			put_literal(&e, '\\', math);
			i++;
			continue;
		}
		if (c == '{' || c == '}') {
			if (matched[i]) {
				buf_addc(out, (char)c);
				depth += c == '{' ? 1 : -1;
			} else {
				put_literal(&e, (char)c, math);
			}
			i++;
			continue;
		}
		if (math) {
			if (c == '%' || c == '&' || c == '#') {
				buf_addc(out, '\\');
				buf_addc(out, (char)c);
				i++;
			} else if (c >= 0x80 && (flags & BIBTEX_ASCII)) {
				uint32_t cp;
				size_t k = text_utf8_next(s + i, n - i, &cp);
				put_ascii_cp(&e, s + i, k, cp, true);
				i += k;
			} else {
				buf_addc(out, (char)c);
				i++;
			}
			continue;
		}
		if (c == '$') {
			/* Not math (math was handled above): a dollar sign. */
			buf_adds(out, "\\$");
			i++;
			continue;
		}
		if (c == '~') {
			/* After a word it is LaTeX's tie (D.~E. Knuth); elsewhere
			 * a tilde someone meant ("~10x"). */
			if (i > 0 && s[i - 1] != ' ' && i + 1 < n && s[i + 1] != ' ')
				buf_addc(out, '~');
			else
				put_literal(&e, '~', false);
			i++;
			continue;
		}
		if (word_byte(c) && c != '\'' && c != '-') {
			size_t j = i;
			bool brace;
			while (j < n && word_byte((unsigned char)s[j]) && !inmath[j])
				j++;
			brace = (flags & BIBTEX_PROTECT) && depth == 0 &&
			        word_needs_braces(s + i, j - i, !seen_word);
			seen_word = true;
			if (brace)
				buf_addc(out, '{');
			while (i < j) {
				if ((unsigned char)s[i] >= 0x80 && (flags & BIBTEX_ASCII)) {
					uint32_t cp;
					size_t k = text_utf8_next(s + i, j - i, &cp);
					put_ascii_cp(&e, s + i, k, cp, false);
					i += k;
				} else {
					buf_addc(out, s[i++]);
				}
			}
			if (brace)
				buf_addc(out, '}');
			continue;
		}
		put_literal(&e, (char)c, false);
		i++;
	}
	free(matched);
	free(inmath);
	free(s);
	return e.lossy;
}

void bibtex_escape_verbatim(struct buf *out, const char *src, unsigned flags)
{
	char *s = clean_text(src);
	size_t n = strlen(s), i;
	bool *matched = xcalloc(n + 1, 1);

	/* Only what would end the value early or leave braces unbalanced is
	 * encoded; "a; b" lists of URLs keep their spaces. */
	match_braces(s, n, matched);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (((c == '{' || c == '}') && !matched[i]) || (c >= 0x80 && (flags & BIBTEX_ASCII)))
			buf_printf(out, "%%%02X", c);
		else
			buf_addc(out, (char)c);
	}
	free(matched);
	free(s);
}

bool bibtex_key_valid(const char *key)
{
	const unsigned char *p = (const unsigned char *)key;

	if (!*p)
		return false;
	for (; *p; p++)
		if (*p <= 0x20 || *p >= 0x7F || strchr(",{}()\"#%'=\\~", *p))
			return false;
	return true;
}

/* ---------------------------------------------------------------- keys */

static bool stopword(const char *w)
{
	static const char *const stop[] = {
		"a", "an", "the", "on", "of", "in", "for", "and", "or", "to", "with", "from", "at",
		"by", "as", "into", "onto", "via", "towards", "toward", "is", "are", "be", "do",
		"does", "can", "what", "how", "why", "when", "where", "which", "who", "its", "their",
		"our", "we", "not", "no", "some", "using", "about", "over", "under", "between", NULL};
	size_t i;

	for (i = 0; stop[i]; i++)
		if (strcmp(stop[i], w) == 0)
			return true;
	return false;
}

/* Appends the lower-case ASCII letters and digits of LaTeX text s, at
 * most max of them. */
static void key_part(struct buf *out, const char *s, size_t max)
{
	char *r = text_render(s, TEXT_ASCII);
	size_t i, n = 0;

	for (i = 0; r[i] && n < max; i++)
		if (isalnum((unsigned char)r[i])) {
			buf_addc(out, (char)tolower((unsigned char)r[i]));
			n++;
		}
	free(r);
}

/* Appends the first `skip`-th significant word of a title (rendered,
 * ASCII), lower case. */
static void title_word(struct buf *out, const char *title, int skip)
{
	char *r = text_render(title, TEXT_ASCII);
	char *p = r;

	while (*p) {
		char w[64];
		size_t n = 0;
		while (*p && !isalnum((unsigned char)*p))
			p++;
		while (*p && (isalnum((unsigned char)*p) || *p == '\'')) {
			if (isalnum((unsigned char)*p) && n < 20)
				w[n++] = (char)tolower((unsigned char)*p);
			p++;
		}
		w[n] = '\0';
		if (n && !stopword(w) && skip-- == 0) {
			buf_adds(out, w);
			break;
		}
	}
	free(r);
}

char *bibtex_key_base(const char *authors, const char *date, const char *title)
{
	struct buf b = BUF_INIT;
	char year[5] = "";

	if (date && strlen(date) >= 4 && isdigit((unsigned char)date[0]) &&
	    isdigit((unsigned char)date[1]) && isdigit((unsigned char)date[2]) &&
	    isdigit((unsigned char)date[3]))
		memcpy(year, date, 4);
	if (authors && *authors) {
		struct bibtex_name nm;
		const char *nl = strchr(authors, '\n');
		bibtex_name_parse(authors, nl ? (size_t)(nl - authors) : strlen(authors), &nm);
		key_part(&b, nm.last, 24);
		bibtex_name_clear(&nm);
	}
	if (b.len) {
		buf_adds(&b, year);
		title_word(&b, title ? title : "", 0);
	} else {
		title_word(&b, title ? title : "", 0);
		buf_adds(&b, year);
		title_word(&b, title ? title : "", 1);
	}
	/* A key must not look like a number to biber, nor be empty. */
	if (!b.len || isdigit((unsigned char)b.s[0])) {
		char *rest = buf_steal(&b);
		buf_adds(&b, "paper");
		buf_adds(&b, rest ? rest : "");
		free(rest);
	}
	return buf_steal(&b);
}

/* The suffix for attempt k (1 = "b", 25 = "z", 26 = "ba", ...): the first
 * paper keeps the bare key, so the second reads as the "b" one. */
static void key_suffix(struct buf *b, unsigned long k)
{
	char tmp[16];
	size_t n = 0;

	k += 1; /* 'b' is digit 1 */
	do {
		tmp[n++] = (char)('a' + k % 26);
		k /= 26;
	} while (k && n < sizeof(tmp));
	while (n)
		buf_addc(b, tmp[--n]);
}

/* Keys made for papers without one, kept in memory when the library
 * cannot store them (read-only, full or locked): unique within the
 * export as in the library, though a later export may choose others. */
struct unkept {
	char **keys;
	size_t n, cap;
};

static bool unkept_has(const struct unkept *u, const char *key)
{
	size_t i;

	for (i = 0; u && i < u->n; i++)
		if (util_strncasecmp(u->keys[i], key, strlen(key) + 1) == 0)
			return true;
	return false;
}

/* bibtex_key_get(), storing the key made, or with u, keeping it in u. */
static enum status key_get(struct store *st, const struct store_paper *p, struct unkept *u,
                           char **key)
{
	char *base;
	unsigned long k;
	enum status ret;

	if (p->citekey && *p->citekey) {
		*key = xstrdup(p->citekey);
		return STATUS_OK;
	}
	base = bibtex_key_base(p->authors, p->date, p->stub ? "" : p->title);
	for (k = 0;; k++) {
		struct buf b = BUF_INIT;
		int64_t other;
		buf_adds(&b, base);
		if (k)
			key_suffix(&b, k - 1);
		ret = store_find_citekey(st, b.s, &other);
		if (ret == STATUS_NOTFOUND && unkept_has(u, b.s))
			ret = STATUS_OK; /* taken in this export */
		if (ret == STATUS_NOTFOUND && u) {
			u->keys = xgrow(u->keys, &u->cap, u->n + 1, sizeof(*u->keys));
			u->keys[u->n++] = xstrdup(b.s);
			*key = buf_steal(&b);
			free(base);
			return STATUS_OK;
		}
		if (ret == STATUS_NOTFOUND) {
			ret = store_citekey_set(st, p->id, b.s);
			if (!ret) {
				*key = buf_steal(&b);
				free(base);
				return STATUS_OK;
			}
		}
		buf_free(&b);
		if (ret != STATUS_OK) {
			free(base);
			return ret;
		}
	}
}

enum status bibtex_key_get(struct store *st, const struct store_paper *p, char **key)
{
	return key_get(st, p, NULL, key);
}

/* ---------------------------------------------------------------- entries */

/* What biber's default data model (biber 2.18, biber-tool.conf) allows:
 * fields every entry type may have, and those of the types classic
 * bibtex's standard styles also know. Names are biber's, after its
 * mapping of BibTeX names (journal -> journaltitle, ...). */
static const char dm_all[] =
	" abstract annotation authortype bookpagination crossref date day doi endday endhour "
	"endminute endmonth endsecond endtimezone endyear endyeardivision entryset entrysubtype "
	"eprint eprintclass eprinttype execute file gender hour ids indexsorttitle indextitle "
	"isan ismn iswc keywords label langid langidopts library lista listb listc listd liste "
	"listf minute month namea nameaddon nameatype nameb namebtype namec namectype options "
	"origday origendday origendhour origendminute origendmonth origendsecond "
	"origendtimezone origendyear origendyeardivision orighour origlocation origminute "
	"origmonth origpublisher origsecond origtimezone origtitle origyear origyeardivision "
	"pagination presort related relatedoptions relatedstring relatedtype second shortauthor "
	"shorteditor shorthand shorthandintro shortjournal shortseries shorttitle sortkey "
	"sortname sortshorthand sorttitle sortyear timezone url urldate urlday urlendday "
	"urlendhour urlendminute urlendmonth urlendsecond urlendtimezone urlendyear urlhour "
	"urlminute urlmonth urlsecond urltimezone urlyear usera userb userc userd usere userf "
	"verba verbb verbc xdata xref year yeardivision ";

struct dm_type {
	const char *name;
	const char *fields;
};

static const struct dm_type dm_types[] = {
	{"article",
	 " addendum annotator author commentator editor editora editoratype editorb editorbtype "
	 "editorc editorctype editortype eid issn issue issuesubtitle issuetitle issuetitleaddon "
	 "journalsubtitle journaltitle journaltitleaddon language note number origlanguage pages "
	 "pubstate series subtitle title titleaddon translator version volume "},
	{"book",
	 " addendum afterword annotator author chapter commentator edition editor editora "
	 "editoratype editorb editorbtype editorc editorctype editortype eid foreword "
	 "introduction isbn language location mainsubtitle maintitle maintitleaddon note number "
	 "origlanguage pages pagetotal part publisher pubstate series subtitle title titleaddon "
	 "translator volume volumes "},
	{"booklet",
	 " addendum author chapter editor editortype eid howpublished language location note "
	 "pages pagetotal pubstate subtitle title titleaddon type "},
	{"inbook",
	 " addendum afterword annotator author bookauthor booksubtitle booktitle booktitleaddon "
	 "chapter commentator edition editor editora editoratype editorb editorbtype editorc "
	 "editorctype editortype eid foreword introduction isbn language location mainsubtitle "
	 "maintitle maintitleaddon note number origlanguage pages part publisher pubstate series "
	 "subtitle title titleaddon translator volume volumes "},
	{"incollection",
	 " addendum afterword annotator author booksubtitle booktitle booktitleaddon chapter "
	 "commentator edition editor editora editoratype editorb editorbtype editorc editorctype "
	 "editortype eid foreword introduction isbn language location mainsubtitle maintitle "
	 "maintitleaddon note number origlanguage pages part publisher pubstate series subtitle "
	 "title titleaddon translator volume volumes "},
	{"inproceedings",
	 " addendum author booksubtitle booktitle booktitleaddon chapter editor editortype eid "
	 "eventday eventendday eventendhour eventendminute eventendmonth eventendsecond "
	 "eventendtimezone eventendyear eventendyeardivision eventhour eventminute eventmonth "
	 "eventsecond eventtimezone eventtitle eventtitleaddon eventyear eventyeardivision isbn "
	 "language location mainsubtitle maintitle maintitleaddon note number organization pages "
	 "part publisher pubstate series subtitle title titleaddon venue volume volumes "},
	{"manual",
	 " addendum author chapter edition editor editortype eid isbn language location note "
	 "number organization pages pagetotal publisher pubstate series subtitle title titleaddon "
	 "type version "},
	{"misc",
	 " addendum author editor editortype howpublished language location note organization "
	 "pubstate subtitle title titleaddon type version "},
	{"proceedings",
	 " addendum chapter editor editortype eid eventday eventendday eventendhour "
	 "eventendminute eventendmonth eventendsecond eventendtimezone eventendyear "
	 "eventendyeardivision eventhour eventminute eventmonth eventsecond eventtimezone "
	 "eventtitle eventtitleaddon eventyear eventyeardivision isbn language location "
	 "mainsubtitle maintitle maintitleaddon note number organization pages pagetotal part "
	 "publisher pubstate series subtitle title titleaddon venue volume volumes "},
	{"report",
	 " addendum author chapter eid institution isrn language location note number pages "
	 "pagetotal pubstate subtitle title titleaddon type version "},
	{"thesis",
	 " addendum author chapter eid institution language location note pages pagetotal "
	 "pubstate subtitle title titleaddon type "},
	{"unpublished",
	 " addendum author eventday eventendday eventendhour eventendminute eventendmonth "
	 "eventendsecond eventendtimezone eventendyear eventendyeardivision eventhour "
	 "eventminute eventmonth eventsecond eventtimezone eventtitle eventtitleaddon eventyear "
	 "eventyeardivision howpublished language location note pubstate subtitle title "
	 "titleaddon type venue "},
};

/* The BibTeX entry types plain.bst defines, what each must have to draw no
 * warning from it or from biber ("a|b": one of them), what it must not
 * have together, and biber's name for it. */
struct bib_type {
	const char *name;
	const char *required;
	const char *biber;
	bool vol_num; /* plain.bst: not both volume and number; number needs series */
};

static const struct bib_type bib_types[] = {
	{"article", "author title journal year", "article", false},
	{"book", "author title publisher year", "book", true},
	{"booklet", "author|editor title year", "booklet", false},
	{"inbook", "author title booktitle chapter|pages publisher year", "inbook", true},
	{"incollection", "author editor title booktitle publisher year", "incollection", true},
	{"inproceedings", "author title booktitle year", "inproceedings", true},
	{"conference", "author title booktitle year", "inproceedings", true},
	{"manual", "title year", "manual", false},
	{"mastersthesis", "author title school year", "thesis", false},
	{"phdthesis", "author title school year", "thesis", false},
	{"misc", "title year", "misc", false},
	{"proceedings", "title year", "proceedings", true},
	{"techreport", "author title institution year", "report", false},
	{"unpublished", "author title note year", "unpublished", false},
};

static const struct bib_type *bib_type_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bib_types); i++)
		if (strcmp(bib_types[i].name, name) == 0)
			return &bib_types[i];
	return NULL;
}

/* biber's name for a BibTeX field, for the data model check. */
static const char *biber_field(const char *name)
{
	static const char *const map[][2] = {
		{"journal", "journaltitle"}, {"address", "location"}, {"school", "institution"},
		{"annote", "annotation"}, {"archiveprefix", "eprinttype"},
		{"primaryclass", "eprintclass"}, {"key", "sortkey"}, {"pdf", "file"},
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (strcmp(map[i][0], name) == 0)
			return map[i][1];
	return name;
}

static bool in_words(const char *words, const char *name)
{
	size_t n = strlen(name);
	const char *p = words;

	while ((p = strstr(p, name)) != NULL) {
		if (p > words && p[-1] == ' ' && p[n] == ' ')
			return true;
		p += n;
	}
	return false;
}

/* True when biber's data model has field name (BibTeX spelling) for
 * entries of BibTeX type type. */
static bool dm_allows(const char *type, const char *name)
{
	const struct bib_type *t = bib_type_find(type);
	const char *f = biber_field(name);
	size_t i;

	if (in_words(dm_all, f))
		return true;
	for (i = 0; t && i < ARRAY_SIZE(dm_types); i++)
		if (strcmp(dm_types[i].name, t->biber) == 0)
			return in_words(dm_types[i].fields, f);
	return false;
}

/* True when some entry type of biber's data model has field name: a
 * field a style may typeset. */
static bool dm_known(const char *name)
{
	const char *f = biber_field(name);
	size_t i;

	if (in_words(dm_all, f) || strcmp(name, "author") == 0 || strcmp(name, "title") == 0)
		return true;
	for (i = 0; i < ARRAY_SIZE(dm_types); i++)
		if (in_words(dm_types[i].fields, f))
			return true;
	return false;
}

/* One field of an entry about to be written: name and its value's body. */
struct field {
	const char *name;
	char *value;
	bool bare; /* a macro (month), written without braces */
};

struct entry {
	struct field *f;
	size_t n, cap;
};

static struct field *entry_find(struct entry *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (strcmp(e->f[i].name, name) == 0)
			return &e->f[i];
	return NULL;
}

/* Adds a field unless the entry has it already (a value from a column
 * comes before the stored BibTeX field of the same name). Takes value. */
static void entry_add(struct entry *e, const char *name, char *value, bool bare)
{
	if (!value)
		return;
	if (!*value || entry_find(e, name)) {
		free(value);
		return;
	}
	e->f = xgrow(e->f, &e->cap, e->n + 1, sizeof(*e->f));
	e->f[e->n++] = (struct field){name, value, bare};
}

static void entry_drop(struct entry *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (strcmp(e->f[i].name, name) == 0) {
			free(e->f[i].value);
			memmove(&e->f[i], &e->f[i + 1], (e->n - i - 1) * sizeof(*e->f));
			e->n--;
			return;
		}
}

static void entry_free(struct entry *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		free(e->f[i].value);
	free(e->f);
	memset(e, 0, sizeof(*e));
}

/* True when entry e has what type t requires. */
static bool entry_fits(struct entry *e, const struct bib_type *t)
{
	const char *p = t->required;

	while (*p) {
		bool any = false;
		while (*p && *p != ' ') {
			char name[32];
			size_t n = strcspn(p, " |");
			snprintf(name, sizeof(name), "%.*s", (int)n, p);
			if (entry_find(e, name))
				any = true;
			p += n;
			if (*p == '|')
				p++;
		}
		if (!any)
			return false;
		while (*p == ' ')
			p++;
	}
	if (t->vol_num && entry_find(e, "number") &&
	    (entry_find(e, "volume") || !entry_find(e, "series")))
		return false;
	/* plain.bst: "can't use both author and editor fields". */
	if ((strcmp(t->name, "book") == 0 || strcmp(t->name, "inbook") == 0) &&
	    entry_find(e, "author") && entry_find(e, "editor"))
		return false;
	return true;
}

static char *esc(const char *s, unsigned flags, struct bibtex_stats *stats)
{
	struct buf b = BUF_INIT;

	stats->lossy += (long)bibtex_escape(&b, s, flags);
	return b.s ? buf_steal(&b) : xstrdup("");
}

static char *esc_verbatim(const char *s, unsigned flags)
{
	struct buf b = BUF_INIT;

	bibtex_escape_verbatim(&b, s, flags);
	return b.s ? buf_steal(&b) : xstrdup("");
}

static const char *const month_macro[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                          "jul", "aug", "sep", "oct", "nov", "dec"};

/* The order fields are written in; the rest follow by name. */
static const char *const field_order[] = {
	"author", "editor", "title", "booktitle", "journal", "series", "volume", "number",
	"pages", "chapter", "edition", "publisher", "organization", "institution", "school",
	"address", "howpublished", "type", "note", "year", "month", "eprint", "archiveprefix",
	"primaryclass", "doi", "url", "crossref", "key", "abstract", NULL};

static int field_rank(const char *name)
{
	int i;

	for (i = 0; field_order[i]; i++)
		if (strcmp(field_order[i], name) == 0)
			return i;
	return i;
}

static int field_cmp(const void *a, const void *b)
{
	const struct field *x = a, *y = b;
	int rx = field_rank(x->name), ry = field_rank(y->name);

	if (rx != ry)
		return rx - ry;
	return strcmp(x->name, y->name);
}

/* Field names as written: BibTeX's camel case where it has one. */
static const char *field_label(const char *name)
{
	if (strcmp(name, "archiveprefix") == 0)
		return "archivePrefix";
	if (strcmp(name, "primaryclass") == 0)
		return "primaryClass";
	return name;
}

struct writer {
	struct store *st;
	const struct bibtex_opts *o;
	const struct bibtex_sink *sink;
	struct bibtex_stats *stats;
	unsigned flags;
	/* Papers others crossref: written last, in id order. */
	int64_t *parents;
	size_t n_parents, cap_parents;
	/* Keys made but not stored, when the library cannot take them. */
	struct unkept unkept;
	bool keep_keys;
};

static bool is_parent(const struct writer *w, int64_t id)
{
	size_t i;

	for (i = 0; i < w->n_parents; i++)
		if (w->parents[i] == id)
			return true;
	return false;
}

/* Builds and writes the entry of paper p. */
static enum status write_paper(struct writer *w, const struct store_paper *p, bool parent)
{
	struct store_bibfield *bf;
	size_t nbf, i;
	struct entry e = {NULL, 0, 0};
	struct buf b = BUF_INIT;
	char *key = NULL;
	const char *type;
	bool from_bibtex = *p->bibtype != '\0', has_date_field = false;
	enum status ret;

	ret = store_bibfields(w->st, p->id, &bf, &nbf);
	if (ret)
		return ret;
	ret = key_get(w->st, p, w->keep_keys ? NULL : &w->unkept, &key);
	if (ret) {
		store_bibfields_free(bf, nbf);
		return ret;
	}
	/* Columns first. */
	if (*p->authors) {
		const char *a = p->authors;
		struct buf names = BUF_INIT;
		while (*a) {
			const char *nl = strchr(a, '\n');
			size_t len = nl ? (size_t)(nl - a) : strlen(a);
			if (len) {
				struct bibtex_name nm;
				struct buf one = BUF_INIT;
				if (names.len)
					buf_adds(&names, " and ");
				if (len == 6 && memcmp(a, "others", 6) == 0) {
					buf_adds(&one, "others");
				} else {
					bibtex_name_parse(a, len, &nm);
					bibtex_name_format(&one, &nm);
					bibtex_name_clear(&nm);
				}
				w->stats->lossy += (long)bibtex_escape(&names, buf_str(&one),
				                                       w->flags & BIBTEX_ASCII);
				buf_free(&one);
			}
			a += len + (nl ? 1 : 0);
		}
		entry_add(&e, "author", names.s ? buf_steal(&names) : NULL, false);
		buf_free(&names);
	}
	/* A title derived from the abstract is the reader's, not the
	 * entry's: the lossless form (--all-fields) does not invent one,
	 * or the next import would take it for a real title and the round
	 * trip would change the entry. */
	if (*p->title && !(w->o->all_fields && p->title_derived))
		entry_add(&e, "title",
		          esc(p->title,
		              /* A derived title is the abstract's first sentence,
		               * whose case is its own; a title with braces was
		               * braced by someone who meant it (a BibTeX file), and
		               * gets no more. */
		              w->flags | (p->title_derived || strchr(p->title, '{') ? 0
		                                                                   : BIBTEX_PROTECT),
		              w->stats),
		          false);
	if (*p->journal)
		entry_add(&e, "journal", esc(p->journal, w->flags, w->stats), false);
	for (i = 0; i < nbf; i++)
		if (strcmp(bf[i].name, "date") == 0)
			has_date_field = true;
	if (!has_date_field && strlen(p->date) >= 4) {
		entry_add(&e, "year", xstrndup(p->date, 4), false);
		if (strlen(p->date) >= 7) {
			int m = atoi(p->date + 5);
			if (m >= 1 && m <= 12)
				entry_add(&e, "month", xstrdup(month_macro[m - 1]), true);
		}
	}
	if (*p->arxiv) {
		entry_add(&e, "eprint", esc_verbatim(p->arxiv, w->flags), false);
		entry_add(&e, "archiveprefix", xstrdup("arXiv"), false);
		if (*p->categories) {
			size_t n = strcspn(p->categories, " ");
			char *cat = xstrndup(p->categories, n);
			entry_add(&e, "primaryclass", esc_verbatim(cat, w->flags), false);
			free(cat);
		}
	}
	if (*p->doi)
		entry_add(&e, "doi", esc_verbatim(p->doi, w->flags), false);
	if (*p->url)
		entry_add(&e, "url", esc_verbatim(p->url, w->flags), false);
	if (w->o->abstract && *p->abstract)
		entry_add(&e, "abstract", esc(p->abstract, w->flags, w->stats), false);
	/* Then the stored BibTeX fields. */
	for (i = 0; i < nbf; i++) {
		const char *name = bf[i].name;
		const char *c;
		char *v;
		if (strcmp(name, "abstract") == 0 && !w->o->abstract)
			continue;
		/* A field name is written as it is: under --ascii, one that is
		 * not ASCII is left out (and counted) rather than spelt another
		 * way that might be the name of another field. */
		for (c = name; *c && (unsigned char)*c < 0x80; c++)
			;
		if (*c && (w->flags & BIBTEX_ASCII)) {
			w->stats->dropped++;
			continue;
		}
		if (strcmp(name, "crossref") == 0) {
			int64_t target;
			struct store_paper tp;
			/* Only to an entry this file will hold after this one. */
			if (parent || store_find_citekey(w->st, bf[i].value, &target) != STATUS_OK ||
			    !is_parent(w, target) || target == p->id)
				continue;
			if (store_paper_get(w->st, target, &tp) != STATUS_OK)
				continue;
			entry_add(&e, "crossref", xstrdup(tp.citekey), false);
			store_paper_clear(&tp);
			continue;
		}
		if (strcmp(name, "url") == 0 || strcmp(name, "doi") == 0 || strcmp(name, "eprint") == 0)
			v = esc_verbatim(bf[i].value, w->flags);
		else if (strcmp(name, "month") == 0 && !w->o->all_fields)
			continue; /* a month no date holds is not one biber can read */
		else if (!dm_known(name))
			v = esc(bf[i].value, w->flags | BIBTEX_RAW, w->stats);
		else
			v = esc(bf[i].value, w->flags, w->stats);
		entry_add(&e, name, v, false);
	}
	/* Classic styles sort entries without authors by key. */
	if (!entry_find(&e, "author") && !entry_find(&e, "key") && *p->title)
		entry_add(&e, "key", esc(p->title, w->flags, w->stats), false);

	/* The entry type: the imported one when it fits, else article or
	 * misc. */
	if (w->o->all_fields && from_bibtex) {
		type = p->bibtype;
	} else {
		const struct bib_type *t = from_bibtex ? bib_type_find(p->bibtype) : NULL;
		if (!t)
			t = bib_type_find("article");
		if (!entry_fits(&e, t))
			t = bib_type_find("misc");
		type = t->name;
	}
	if (!w->o->all_fields) {
		/* Only what biber's data model takes for this type. */
		for (i = 0; i < e.n;) {
			if (!dm_allows(type, e.f[i].name)) {
				entry_drop(&e, e.f[i].name);
				continue;
			}
			i++;
		}
	}
	if (e.n)
		qsort(e.f, e.n, sizeof(*e.f), field_cmp);
	buf_printf(&b, "@%s{%s,\n", type, key);
	for (i = 0; i < e.n; i++) {
		if (e.f[i].bare)
			buf_printf(&b, "  %s = %s,\n", field_label(e.f[i].name), e.f[i].value);
		else
			buf_printf(&b, "  %s = {%s},\n", field_label(e.f[i].name), e.f[i].value);
	}
	buf_adds(&b, "}\n\n");
	ret = w->sink->put(w->sink->ctx, b.s, b.len);
	if (!ret)
		w->stats->entries++;
	buf_free(&b);
	entry_free(&e);
	free(key);
	store_bibfields_free(bf, nbf);
	return ret;
}

/* ---------------------------------------------------------------- export */

/* each_paper()'s callback and its context, for store_rows_each(). */
struct each_id {
	enum status (*fn)(void *ctx, int64_t id);
	void *ctx;
};

static enum status each_row(void *ctx, const struct store_row *r)
{
	struct each_id *e = ctx;
	return e->fn(e->ctx, r->id);
}

/* Calls fn for each paper of the selection, in order. */
static enum status each_paper(struct store *st, const struct store_view *v, const int64_t *ids,
                              size_t n_ids, enum status (*fn)(void *ctx, int64_t id), void *ctx)
{
	struct each_id e = {fn, ctx};
	enum status ret = STATUS_OK;
	size_t i, j;

	if (!ids)
		return store_rows_each(st, v, each_row, &e);
	for (i = 0; i < n_ids && !ret; i++) {
		bool dup = false;
		for (j = 0; j < i; j++)
			if (ids[j] == ids[i])
				dup = true;
		if (!dup)
			ret = fn(ctx, ids[i]);
	}
	return ret;
}

/* First pass: the papers the selection crossrefs. */
static enum status collect_parent(void *ctx, int64_t id)
{
	struct writer *w = ctx;
	struct store_bibfield *bf;
	size_t n, i;
	enum status ret = store_bibfields(w->st, id, &bf, &n);

	for (i = 0; i < n && !ret; i++) {
		int64_t target;
		if (strcmp(bf[i].name, "crossref") != 0)
			continue;
		if (store_find_citekey(w->st, bf[i].value, &target) == STATUS_OK && target != id &&
		    !is_parent(w, target)) {
			w->parents = xgrow(w->parents, &w->cap_parents, w->n_parents + 1,
			                   sizeof(*w->parents));
			w->parents[w->n_parents++] = target;
		}
	}
	store_bibfields_free(bf, n);
	return ret;
}

static enum status write_one(struct writer *w, int64_t id, bool parent)
{
	struct store_paper p;
	enum status ret = store_paper_get(w->st, id, &p);

	if (ret)
		return ret;
	if (p.stub)
		w->stats->stubs++;
	else
		ret = write_paper(w, &p, parent);
	store_paper_clear(&p);
	return ret;
}

static enum status write_child(void *ctx, int64_t id)
{
	struct writer *w = ctx;

	if (is_parent(w, id))
		return STATUS_OK;
	return write_one(w, id, false);
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

enum status bibtex_export(struct store *st, const struct store_view *v, const int64_t *ids,
                          size_t n_ids, const struct bibtex_opts *o, const struct bibtex_sink *sink,
                          struct bibtex_stats *stats)
{
	struct writer w;
	enum status ret;
	size_t i;

	memset(stats, 0, sizeof(*stats));
	memset(&w, 0, sizeof(w));
	w.st = st;
	w.o = o;
	w.sink = sink;
	w.stats = stats;
	w.flags = o->ascii ? BIBTEX_ASCII : 0;
	/* Keys made on the way are stored in the export's transaction; a
	 * library that cannot take them (read-only, a full disk, another
	 * program's write lock held past the wait) is still exported, from
	 * one consistent view, with keys kept for this export only. */
	w.keep_keys = !store_readonly(st);
	ret = w.keep_keys ? store_begin(st) : store_begin_read(st);
	if (ret == STATUS_READONLY || ret == STATUS_FULL || ret == STATUS_BUSY) {
		w.keep_keys = false;
		ret = store_begin_read(st);
	}
	if (ret)
		return ret;
	ret = each_paper(st, v, ids, n_ids, collect_parent, &w);
	if (!ret && w.n_parents) /* qsort() wants a real array, even of none */
		qsort(w.parents, w.n_parents, sizeof(*w.parents), id_cmp);
	if (!ret)
		ret = each_paper(st, v, ids, n_ids, write_child, &w);
	for (i = 0; i < w.n_parents && !ret; i++)
		ret = write_one(&w, w.parents[i], true);
	if (!ret)
		ret = store_commit(st);
	if (ret)
		store_rollback(st);
	stats->unkept = (long)w.unkept.n;
	for (i = 0; i < w.unkept.n; i++)
		free(w.unkept.keys[i]);
	free(w.unkept.keys);
	free(w.parents);
	return ret;
}

struct file_sink {
	FILE *fp;
	const char *path;
};

static enum status file_put(void *ctx, const char *s, size_t n)
{
	struct file_sink *f = ctx;

	if (fwrite(s, 1, n, f->fp) != n)
		return status_set(errno == ENOSPC ? STATUS_FULL : STATUS_IO, "%s: %s", f->path,
		                  strerror(errno));
	return STATUS_OK;
}

enum status bibtex_export_file(struct store *st, const struct store_view *v, const int64_t *ids,
                               size_t n_ids, const struct bibtex_opts *o, const char *path,
                               struct bibtex_stats *stats)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	struct stat sb;
	struct file_sink fs;
	struct bibtex_sink sink = {file_put, &fs};
	enum status ret;
	mode_t mode;
	int fd;

	memset(stats, 0, sizeof(*stats));
	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			free(tmp);
			return status_set(STATUS_IO, "%s: %s", path, strerror(EISDIR));
		}
		mode = sb.st_mode & 07777;
	} else {
		mode_t mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		ret = status_set(STATUS_IO, "%s: %s", path, strerror(errno));
		free(tmp);
		return ret;
	}
	fchmod(fd, mode);
	fs.fp = fdopen(fd, "w");
	fs.path = path;
	if (!fs.fp) {
		ret = status_set(STATUS_IO, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return ret;
	}
	ret = bibtex_export(st, v, ids, n_ids, o, &sink, stats);
	if (!ret && (fflush(fs.fp) != 0 || fsync(fileno(fs.fp)) != 0))
		ret = status_set(errno == ENOSPC ? STATUS_FULL : STATUS_IO, "%s: %s", path,
		                 strerror(errno));
	if (fclose(fs.fp) != 0 && !ret)
		ret = status_set(STATUS_IO, "%s: %s", path, strerror(errno));
	if (!ret && rename(tmp, path) != 0)
		ret = status_set(STATUS_IO, "%s: %s", path, strerror(errno));
	if (ret)
		unlink(tmp);
	free(tmp);
	return ret;
}
