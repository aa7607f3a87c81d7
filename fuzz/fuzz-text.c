/*
 * fuzz-text: the LaTeX renderer (every flag combination) and matching
 * keys; and what stands between data and a terminal: text_sanitize(),
 * the conversions to 8-bit and ASCII terminals, text_fit() and
 * text_wrap(), text_squeeze() and text_to_utf8().
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "merge.h"
#include "text.h"

/* How far rendering may grow a text: the longest ASCII form of one byte
 * of input ("\\" gives a backslash, an α of two bytes gives "alpha") is
 * a few bytes, never hundreds. */
#define RENDER_GROWTH 16

/* The markup code points of a text: spans must open before they close
 * and all be closed at the end (draw_text carries an open span from one
 * line to the next). */
static void check_markup(const char *s, size_t n, bool allowed, const char *what)
{
	size_t i = 0;
	int depth = 0;

	while (i < n) {
		uint32_t cp;
		i += text_utf8_next(s + i, n - i, &cp);
		if (cp < TEXT_MARK_ITALIC || cp > TEXT_MARK_END)
			continue;
		if (!allowed)
			fuzz_fail("%s: markup U+%04X without TEXT_MARKUP", what, (unsigned)cp);
		if (cp == TEXT_MARK_END) {
			if (--depth < 0)
				fuzz_fail("%s: a span closed that was never opened", what);
		} else {
			depth++;
		}
	}
	if (depth != 0)
		fuzz_fail("%s: %d span(s) left open", what, depth);
}

static void check_ascii(const char *s, size_t n, const char *what)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			fuzz_fail("%s: byte 0x%02X at %zu is not ASCII", what, (unsigned char)s[i], i);
}

/* ASCII but for the markup code points (TEXT_ASCII | TEXT_MARKUP: what an
 * ASCII terminal's reader draws, the marks becoming attributes). */
static void check_ascii_markup(const char *s, size_t n, const char *what)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t k = text_utf8_next(s + i, n - i, &cp);
		if (cp >= 0x80 && !(cp >= TEXT_MARK_ITALIC && cp <= TEXT_MARK_END))
			fuzz_fail("%s: U+%04X at %zu is not ASCII", what, (unsigned)cp, i);
		i += k;
	}
}

void fuzz_render(const uint8_t *data, size_t size)
{
	static const unsigned flags[] = {0, TEXT_ASCII, TEXT_MARKUP, TEXT_ASCII | TEXT_MARKUP};
	char *s = xmalloc(size + 1), *full, *part;
	size_t i, n;
	struct buf b = BUF_INIT;

	fuzz_init();
	memcpy(s, data, size);
	s[size] = '\0';
	n = strlen(s); /* the renderer reads a C string */
	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		char what[32], *r = text_render(s, flags[i]);
		size_t rn = strlen(r);

		snprintf(what, sizeof(what), "text_render(flags %u)", flags[i]);
		fuzz_check_utf8(r, rn, what);
		if (flags[i] == TEXT_ASCII)
			check_ascii(r, rn, what);
		else if (flags[i] & TEXT_ASCII)
			check_ascii_markup(r, rn, what);
		/* Without TEXT_MARKUP, literal marks of the input pass through
		 * (text.h); with it, every mark is the renderer's own. */
		if (flags[i] & TEXT_MARKUP)
			check_markup(r, rn, true, what);
		if (rn > RENDER_GROWTH * n + 64)
			fuzz_fail("%s: %zu bytes became %zu", what, n, rn);
		free(r);
	}
	/* Matching keys: letters and digits only, and a key made with a limit
	 * is the start of the whole one (fingerprints are made from either). */
	full = text_match_key(s, 0);
	part = text_match_key(s, MERGE_KEY_MIN);
	for (i = 0; full[i]; i++)
		if (!((full[i] >= 'a' && full[i] <= 'z') || (full[i] >= '0' && full[i] <= '9')))
			fuzz_fail("matching key has '%c'", full[i]);
	if (strlen(part) > MERGE_KEY_MIN)
		fuzz_fail("a key limited to %d characters has %zu", MERGE_KEY_MIN, strlen(part));
	if (strlen(part) == MERGE_KEY_MIN && strncmp(part, full, MERGE_KEY_MIN) != 0)
		fuzz_fail("the limited key \"%s\" is not the start of the whole key \"%.60s\"", part,
		          full);
	free(full);
	free(part);
	text_translit_ascii(&b, s, n);
	check_ascii(b.s ? b.s : "", b.len, "text_translit_ascii");
	buf_free(&b);
	free(s);
}

/* What text_sanitize() promises: nothing that can drive a terminal. */
static void check_safe(const char *s, size_t n, unsigned fl, const char *what)
{
	size_t i = 0;

	fuzz_check_utf8(s, n, what);
	while (i < n) {
		uint32_t cp;
		size_t k = text_utf8_next(s + i, n - i, &cp);
		if ((cp < 0x20 && !(cp == '\n' && (fl & TEXT_KEEP_NEWLINES))) || cp == 0x7F ||
		    (cp >= 0x80 && cp < 0xA0))
			fuzz_fail("%s: control character U+%04X at %zu", what, (unsigned)cp, i);
		if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
		    cp == 0x200F || cp == 0x061C)
			fuzz_fail("%s: bidi control U+%04X at %zu", what, (unsigned)cp, i);
		if (cp >= TEXT_MARK_ITALIC && cp <= TEXT_MARK_END && !(fl & TEXT_KEEP_MARKUP))
			fuzz_fail("%s: markup U+%04X kept", what, (unsigned)cp);
		i += k;
	}
	/* With TEXT_KEEP_MARKUP the marks of the input stay as they were,
	 * balanced or not: the renderer's output is checked for that. */
}

/* The bytes an 8-bit terminal receives: no C0 but newline, and none of
 * 0x80-0x9F, which such a terminal reads as C1 controls (0x9B is CSI). */
static void check_8bit(const char *s, size_t n, const char *what)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\n') || c == 0x7F || (c >= 0x80 && c < 0xA0))
			fuzz_fail("%s: byte 0x%02X at %zu", what, c, i);
	}
}

/* text_wrap()'s lines are in order, inside the text, no wider than the
 * line unless a single character is, and leave out only blanks. */
static void check_wrap(const char *s, int cols)
{
	struct text_line *lines;
	size_t n = strlen(s), nl = text_wrap(s, cols, &lines), i, prev = 0, j;

	for (i = 0; i < nl; i++) {
		struct buf one = BUF_INIT;
		size_t w;
		if (lines[i].start < prev || lines[i].end < lines[i].start || lines[i].end > n)
			fuzz_fail("text_wrap: line %zu is [%zu, %zu) after %zu of %zu", i,
			          lines[i].start, lines[i].end, prev, n);
		for (j = prev; j < lines[i].start; j++)
			if (s[j] != ' ' && s[j] != '\n')
				fuzz_fail("text_wrap: byte %zu (0x%02X) left out", j, (unsigned char)s[j]);
		buf_add(&one, s + lines[i].start, lines[i].end - lines[i].start);
		w = text_width(buf_str(&one));
		if ((int)w > (cols < 1 ? 1 : cols)) {
			uint32_t cp;
			size_t k = text_utf8_next(one.s, one.len, &cp);
			/* A character wider than the line (and what joins it)
			 * stands alone. */
			if (text_width(one.s + k) != 0)
				fuzz_fail("text_wrap: line %zu is %zu columns of %d", i, w, cols);
		}
		if (memchr(buf_str(&one), '\n', one.len))
			fuzz_fail("text_wrap: line %zu holds a newline", i);
		buf_free(&one);
		prev = lines[i].end;
	}
	for (j = prev; j < n; j++)
		if (s[j] != ' ' && s[j] != '\n')
			fuzz_fail("text_wrap: byte %zu (0x%02X) after the last line left out", j,
			          (unsigned char)s[j]);
	free(lines);
}

static void check_fit(const char *s, int cols, bool ascii)
{
	struct buf out = BUF_INIT;
	int got = text_fit(&out, s, cols, ascii);
	size_t w = text_width(buf_str(&out));

	if (cols >= 0 && (int)w > cols)
		fuzz_fail("text_fit: %zu columns in %d", w, cols);
	if (cols > 0 && got != (int)w)
		fuzz_fail("text_fit: said %d columns, appended %zu", got, w);
	if (out.len > strlen(s) + 3)
		fuzz_fail("text_fit: grew the text");
	buf_free(&out);
}

void fuzz_text(const uint8_t *data, size_t size)
{
	static struct text_conv *latin1, *ascii;
	const char *s = (const char *)data;
	unsigned fl;
	int cols = size ? (int)(data[0] % 90) - 5 : 10; /* 0 and less are asked for too */
	char *u, *sq;
	size_t un;
	bool guessed;

	fuzz_init();
	if (!latin1) {
		latin1 = text_conv_open("ISO-8859-1");
		ascii = text_conv_open("ANSI_X3.4-1968");
	}
	for (fl = 0; fl < 8; fl++) {
		struct buf a = BUF_INIT, b = BUF_INIT, c = BUF_INIT;
		char what[48];

		snprintf(what, sizeof(what), "text_sanitize(flags %u)", fl);
		text_sanitize(&a, s, size, fl);
		check_safe(buf_str(&a), a.len, fl, what);
		/* Made safe once, it stays as it is. */
		text_sanitize(&b, buf_str(&a), a.len, fl);
		if (a.len != b.len || memcmp(buf_str(&a), buf_str(&b), a.len) != 0)
			fuzz_fail("%s is not idempotent", what);
		if (!(fl & TEXT_KEEP_MARKUP)) {
			/* What the command line and the reader send to 8-bit
			 * and ASCII terminals. */
			text_conv(latin1, &c, buf_str(&a));
			check_8bit(buf_str(&c), c.len, "ISO-8859-1 output");
			buf_reset(&c);
			text_conv(ascii, &c, buf_str(&a));
			check_8bit(buf_str(&c), c.len, "ASCII output");
			check_ascii(buf_str(&c), c.len, "ASCII output");
		}
		if (fl == 0) {
			check_wrap(buf_str(&a), cols);
			check_fit(buf_str(&a), cols, false);
			check_fit(buf_str(&a), cols, true);
		}
		buf_free(&a);
		buf_free(&b);
		buf_free(&c);
	}
	/* Squeezed: single spaces between words, none at either end. */
	sq = xstrndup(s, size);
	text_squeeze(sq);
	if (sq[0] == ' ' || (sq[0] && sq[strlen(sq) - 1] == ' ') || strstr(sq, "  ") ||
	    strpbrk(sq, "\t\n\r\v\f"))
		fuzz_fail("text_squeeze left \"%.80s\"", sq);
	free(sq);
	/* File data as an importer gets it: UTF-8 (NULs kept), the input
	 * itself when it was UTF-8 already (a byte-order mark aside). */
	if (text_to_utf8(s, size, NULL, &u, &un, &guessed) != STATUS_OK)
		fuzz_fail("text_to_utf8 without an encoding failed: %s", status_msg());
	if (!text_utf8_valid(u, un))
		fuzz_fail("text_to_utf8 gave invalid UTF-8");
	if (!guessed) {
		size_t skip = size >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
		if (un != size - skip || memcmp(u, s + skip, un) != 0)
			fuzz_fail("text_to_utf8 changed UTF-8 input");
	}
	free(u);
}
