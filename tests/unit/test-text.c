/*
 * test-text: the contract of src/text.h — decoding that survives any
 * bytes, widths, fitting and wrapping by columns, sanitising, LaTeX
 * rendering (UTF-8 and ASCII), matching keys, transliteration and iconv.
 *
 * Widths follow wcwidth(), so the locale is pinned to C.UTF-8.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "text.h"

/* ---------------------------------------------------------------- helpers */

/* A printable form of bytes for test names: non-ASCII and controls as \xNN. */
static const char *show(const char *s, size_t n)
{
	static char out[8][512];
	static int k;
	char *o = out[k++ % 8];
	size_t i, j = 0;

	for (i = 0; i < n && j + 5 < sizeof(out[0]); i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c >= 0x7F)
			j += (size_t)snprintf(o + j, sizeof(out[0]) - j, "\\x%02X", c);
		else
			o[j++] = (char)c;
	}
	o[j] = '\0';
	return o;
}

static void decode(const char *bytes, size_t n, uint32_t want_cp, size_t want_len)
{
	uint32_t cp = 0;
	size_t len = text_utf8_next(bytes, n, &cp);

	ok(cp == want_cp && len == want_len, "utf8_next(%s, n=%zu) = U+%04X, %zu byte(s)",
	   show(bytes, n), n, (unsigned)want_cp, want_len);
	if (cp != want_cp || len != want_len)
		printf("#   got U+%04X, %zu byte(s)\n", (unsigned)cp, len);
}

static void put(uint32_t cp, const char *want)
{
	struct buf b = BUF_INIT;

	text_utf8_put(&b, cp);
	is_str(show(buf_str(&b), b.len), show(want, strlen(want)), "utf8_put(U+%04X)",
	       (unsigned)cp);
	buf_free(&b);
}

static void fit(const char *s, int cols, bool ascii, const char *want, int want_cols)
{
	struct buf b = BUF_INIT;
	int got = text_fit(&b, s, cols, ascii);

	is_str(buf_str(&b), want, "fit(\"%s\", %d%s)", s, cols, ascii ? ", ascii" : "");
	is_int(got, want_cols, "fit(\"%s\", %d%s) returns its columns", s, cols,
	       ascii ? ", ascii" : "");
	ok(text_width(buf_str(&b)) <= (size_t)(cols > 0 ? cols : 0),
	   "fit(\"%s\", %d) is no wider than %d", s, cols, cols);
	buf_free(&b);
}

/* Lines of text_wrap() joined by '|'. */
static void wrap(const char *s, int cols, const char *want)
{
	struct text_line *lines = NULL;
	size_t n = text_wrap(s, cols, &lines), i;
	struct buf b = BUF_INIT;

	for (i = 0; i < n; i++) {
		if (i)
			buf_addc(&b, '|');
		buf_add(&b, s + lines[i].start, lines[i].end - lines[i].start);
	}
	is_str(buf_str(&b), want, "wrap(\"%s\", %d)", show(s, strlen(s)), cols);
	free(lines);
	buf_free(&b);
}

/* SANITIZE(literal, flags, want): the literal's bytes, embedded NULs included. */
#define SANITIZE(lit, flags, want) sanitize((lit), sizeof(lit) - 1, (flags), (want))

static void sanitize(const char *s, size_t n, unsigned flags, const char *want)
{
	struct buf b = BUF_INIT;

	text_sanitize(&b, s, n, flags);
	is_str(show(buf_str(&b), b.len), show(want, strlen(want)), "sanitize(%s%s%s)", show(s, n),
	       flags & TEXT_KEEP_NEWLINES ? ", keep newlines" : "",
	       flags & TEXT_ASCII_ONLY ? ", ascii only" : "");
	buf_free(&b);
}

static void translit(const char *s, const char *want)
{
	struct buf b = BUF_INIT;

	text_translit_ascii(&b, s, strlen(s));
	is_str(buf_str(&b), want, "translit(\"%s\")", s);
	buf_free(&b);
}

static void key(const char *s, size_t max, const char *want)
{
	char *k = text_match_key(s, max);

	is_str(k, want, "match_key(\"%s\", %zu)", s, max);
	free(k);
}

static bool all_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

/* ---------------------------------------------------------------- UTF-8 */

static void test_decode(void)
{
	static const char garbage[] = "\xFF\xFE\xC0\x80\xE2\x82\xF0\x9F\x98\xED\xA0\x80\x80\xBF"
	                              "ok\xF4\x90\x80\x80\xC3";
	size_t i, steps;
	uint32_t cp;

	decode("A", 1, 'A', 1);
	decode("\xC3\xA9", 2, 0xE9, 2);
	decode("\xE2\x82\xAC", 3, 0x20AC, 3);
	decode("\xF0\x9F\x98\x80", 4, 0x1F600, 4);
	decode("\xC2\x80", 2, 0x80, 2);             /* the smallest two-byte form */
	decode("\xDF\xBF", 2, 0x7FF, 2);            /* the largest */
	decode("\xE0\xA0\x80", 3, 0x800, 3);        /* the smallest three-byte form */
	decode("\xF0\x90\x80\x80", 4, 0x10000, 4);  /* the smallest four-byte form */
	decode("\xF4\x8F\xBF\xBF", 4, 0x10FFFF, 4); /* the last code point */
	decode("\xED\x9F\xBF", 3, 0xD7FF, 3);       /* just below the surrogates */
	decode("\xEE\x80\x80", 3, 0xE000, 3);       /* just above them */
	decode("\xEF\xBF\xBD", 3, 0xFFFD, 3);       /* a real U+FFFD */

	/* Overlong forms: U+FFFD, one byte consumed. */
	decode("\xC0\x80", 2, 0xFFFD, 1);
	decode("\xC1\xBF", 2, 0xFFFD, 1);
	decode("\xE0\x80\xAF", 3, 0xFFFD, 1);
	decode("\xE0\x9F\xBF", 3, 0xFFFD, 1);
	decode("\xF0\x80\x80\xAF", 4, 0xFFFD, 1);
	decode("\xF0\x8F\xBF\xBF", 4, 0xFFFD, 1);
	/* Surrogates, past U+10FFFF, bytes that never start a character. */
	decode("\xED\xA0\x80", 3, 0xFFFD, 1);
	decode("\xED\xBF\xBF", 3, 0xFFFD, 1);
	decode("\xF4\x90\x80\x80", 4, 0xFFFD, 1);
	decode("\xF5\x80\x80\x80", 4, 0xFFFD, 1);
	decode("\xF8\x88\x80\x80\x80", 5, 0xFFFD, 1);
	decode("\xFE", 1, 0xFFFD, 1);
	decode("\xFF", 1, 0xFFFD, 1);
	decode("\x80", 1, 0xFFFD, 1);
	decode("\xBF", 1, 0xFFFD, 1);
	/* Truncated: by the end of the bytes, or by a non-continuation byte. */
	decode("\xE2\x82", 2, 0xFFFD, 1);
	decode("\xE2\x82\xAC", 2, 0xFFFD, 1); /* n says the third byte is not there */
	decode("\xF0\x9F\x98\x80", 3, 0xFFFD, 1);
	decode("\xC3", 1, 0xFFFD, 1);
	decode("\xC3(", 2, 0xFFFD, 1);
	decode("\xE2(\xA1", 3, 0xFFFD, 1);
	decode("\xF0\x9F(\x80", 4, 0xFFFD, 1);

	/* Any bytes make progress, one character or one byte a step. */
	for (i = 0, steps = 0; i < sizeof(garbage) - 1; steps++) {
		size_t k = text_utf8_next(garbage + i, sizeof(garbage) - 1 - i, &cp);
		if (k < 1 || k > sizeof(garbage) - 1 - i)
			break;
		i += k;
	}
	is_int(i, sizeof(garbage) - 1, "garbage is consumed exactly to its end");
	is_int(steps, sizeof(garbage) - 1, "each garbage byte is one U+FFFD (ok is two steps)");
}

static void test_put(void)
{
	static const uint32_t round[] = {0x0, 0x41, 0x7F, 0x80, 0xE9, 0x7FF, 0x800, 0x20AC, 0xD7FF,
	                                 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
	size_t i;

	put('A', "A");
	put(0x7F, "\x7F");
	put(0x80, "\xC2\x80");
	put(0xE9, "\xC3\xA9");
	put(0x7FF, "\xDF\xBF");
	put(0x800, "\xE0\xA0\x80");
	put(0x20AC, "\xE2\x82\xAC");
	put(0xFFFF, "\xEF\xBF\xBF");
	put(0x10000, "\xF0\x90\x80\x80");
	put(0x1F600, "\xF0\x9F\x98\x80");
	put(0x10FFFF, "\xF4\x8F\xBF\xBF");
	put(0xD800, "\xEF\xBF\xBD");
	put(0xDFFF, "\xEF\xBF\xBD");
	put(0x110000, "\xEF\xBF\xBD");
	put(0xFFFFFFFF, "\xEF\xBF\xBD");

	for (i = 0; i < ARRAY_SIZE(round); i++) {
		struct buf b = BUF_INIT;
		uint32_t cp = 0xDEAD;
		size_t k;
		text_utf8_put(&b, round[i]);
		if (round[i] == 0)
			b.len = 1; /* the NUL is in the buffer */
		k = text_utf8_next(b.s, b.len, &cp);
		ok(cp == round[i] && k == b.len, "U+%04X survives put then next",
		   (unsigned)round[i]);
		buf_free(&b);
	}
}

static void test_valid(void)
{
	ok(text_utf8_valid("", 0), "valid: empty");
	ok(text_utf8_valid("plain ASCII", 11), "valid: ASCII");
	ok(text_utf8_valid("caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80", 14),
	   "valid: 2, 3, 4 bytes");
	ok(text_utf8_valid("\xEF\xBF\xBD", 3), "valid: a literal U+FFFD is valid");
	ok(text_utf8_valid("a\0b", 3), "valid: an embedded NUL is valid");
	ok(!text_utf8_valid("caf\xE9", 4), "invalid: Latin-1 byte");
	ok(!text_utf8_valid("\xC0\x80", 2), "invalid: overlong NUL");
	ok(!text_utf8_valid("\xED\xA0\x80", 3), "invalid: surrogate");
	ok(!text_utf8_valid("\xF4\x90\x80\x80", 4), "invalid: past U+10FFFF");
	ok(!text_utf8_valid("ab\xE2\x82", 4), "invalid: truncated at the end");
	{
		/* text_utf8_clean: what SQLite makes of a JSON "\ud800" (a
		 * lone surrogate) becomes U+FFFD, controls stay. */
		struct buf b = BUF_INIT;
		text_utf8_clean(&b, "a\xED\xA0\x80\x1B\xC3\xA9\xFF", 8);
		is_str(buf_str(&b), "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\x1B\xC3\xA9\xEF\xBF\xBD",
		       "clean: a surrogate and a stray byte become U+FFFD, the rest stays");
		ok(text_utf8_valid(b.s, b.len), "clean: the result is valid");
		buf_free(&b);
	}
	ok(!text_utf8_valid("\xE2\x82\xAC", 2), "invalid: n cuts a character");
	ok(!text_utf8_valid("\x80", 1), "invalid: lone continuation byte");
	ok(!text_utf8_valid("\xEF\xBF", 2), "invalid: the start of U+FFFD, truncated");
	ok(text_utf8_valid("\xE2\x82\xAC" "\xFF", 3), "valid: n stops before the bad byte");
}

/* ---------------------------------------------------------------- width */

static void test_width(void)
{
	is_int(text_cp_width('a'), 1, "width: ASCII letter");
	is_int(text_cp_width(' '), 1, "width: space");
	is_int(text_cp_width(0x07), 0, "width: C0 control");
	is_int(text_cp_width(0x7F), 0, "width: DEL");
	is_int(text_cp_width(0x9B), 0, "width: C1 control");
	is_int(text_cp_width(0xE9), 1, "width: é");
	is_int(text_cp_width(0x4E2D), 2, "width: CJK ideograph");
	is_int(text_cp_width(0xAC00), 2, "width: Hangul syllable");
	is_int(text_cp_width(0xFF21), 2, "width: full-width A");
	is_int(text_cp_width(0x3000), 2, "width: ideographic space");
	is_int(text_cp_width(0x1F600), 2, "width: emoji");
	is_int(text_cp_width(0x301), 0, "width: combining acute");
	is_int(text_cp_width(0x20D7), 0, "width: combining vector arrow");
	is_int(text_cp_width(0x200D), 0, "width: zero-width joiner");
	is_int(text_cp_width(0x200B), 0, "width: zero-width space");
	is_int(text_cp_width(0xFE0F), 0, "width: variation selector");
	is_int(text_cp_width(TEXT_MARK_ITALIC), 0, "width: italic marker");
	is_int(text_cp_width(TEXT_MARK_END), 0, "width: end marker");
	is_int(text_cp_width(0x2026), 1, "width: ellipsis");

	is_int(text_width(""), 0, "width of \"\"");
	is_int(text_width("hello"), 5, "width of ASCII");
	is_int(text_width("\xE4\xB8\xAD\xE6\x96\x87"), 4, "width of two CJK characters");
	is_int(text_width("cafe\xCC\x81"), 4, "width of e + combining acute");
	is_int(text_width("a\xE2\x80\x8D" "b"), 2, "width with a zero-width joiner");
	is_int(text_width("\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB"), 4,
	       "width of an emoji ZWJ sequence (each emoji counted, the joiner not)");
	is_int(text_width("\xEE\x80\x80x\xEE\x80\x82"), 1, "markers count 0");
	is_int(text_width("a\xFF" "b"), 3, "an invalid byte counts as U+FFFD, one column");
	is_int(text_width("\xE4\xB8"), 2, "a truncated character: one U+FFFD a byte");
}

static void test_fit(void)
{
	struct buf b = BUF_INIT;
	int got;

	fit("hello", 5, false, "hello", 5);
	fit("hello", 6, false, "hello", 5);
	fit("hello!", 5, false, "hell\xE2\x80\xA6", 5);
	fit("hello!", 5, true, "he...", 5);
	fit("hello", 4, true, "h...", 4);
	fit("hello", 3, true, "...", 3);
	fit("hello", 2, true, "..", 2);
	fit("hello", 1, false, "\xE2\x80\xA6", 1);
	fit("hello", 0, false, "", 0);
	fit("hello", -3, false, "", 0);
	fit("", 5, false, "", 0);
	/* Wide characters are never split; the line may come out narrower. */
	fit("\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97", 6, false,
	    "\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97", 6);
	fit("\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97", 5, false,
	    "\xE4\xB8\xAD\xE6\x96\x87\xE2\x80\xA6", 5);
	fit("\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97", 4, false, "\xE4\xB8\xAD\xE2\x80\xA6", 3);
	fit("\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97", 4, true, "...", 3);
	fit("a\xE4\xB8\xAD" "b", 3, false, "a\xE2\x80\xA6", 2);
	fit("\xE4\xB8\xAD\xE6\x96\x87", 1, false, "\xE2\x80\xA6", 1);
	/* A combining mark stays with its base. */
	fit("cafe\xCC\x81 au lait", 5, false, "cafe\xCC\x81\xE2\x80\xA6", 5);
	fit("cafe\xCC\x81 au lait", 4, false, "caf\xE2\x80\xA6", 4);
	fit("cafe\xCC\x81", 4, false, "cafe\xCC\x81", 4);
	fit("e\xCC\x81\xCC\x82xyz", 3, false, "e\xCC\x81\xCC\x82x\xE2\x80\xA6", 3);

	/* It appends, and returns only what it appended. */
	buf_adds(&b, "id: ");
	got = text_fit(&b, "abcdef", 4, false);
	is_str(buf_str(&b), "id: abc\xE2\x80\xA6", "fit appends to what the buffer holds");
	is_int(got, 4, "... and returns the columns it appended");
	buf_free(&b);
}

static void test_wrap(void)
{
	struct text_line *lines = (struct text_line *)1;
	size_t n, i;
	static const char prose[] =
		"Symmetry is a fundamental tool in the exploration of a broad range of complex "
		"systems. In machine learning symmetry has been explored in both models and data. "
		"\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97\xE4\xB8\xAD\xE6\x96\x87 caf\xC3\xA9 "
		"supercalifragilisticexpialidocious x";
	int cols;

	wrap("the quick brown fox", 10, "the quick|brown fox");
	wrap("the quick brown fox", 9, "the quick|brown fox");
	wrap("the quick brown fox", 8, "the|quick|brown|fox");
	wrap("abcde fghij", 5, "abcde|fghij");
	wrap("abcde fghij", 11, "abcde fghij");
	wrap("abcde fghij", 10, "abcde|fghij");
	wrap("a   b", 3, "a|b");
	wrap("one\ntwo", 20, "one|two");
	wrap("one\n\ntwo", 20, "one||two");
	wrap("one\n", 20, "one");
	wrap("a long line\nshort", 6, "a long|line|short");
	wrap("abcdefghij", 4, "abcd|efgh|ij");
	wrap("a bcdefgh", 4, "a|bcde|fgh");
	wrap("\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD", 4,
	     "\xE4\xB8\xAD\xE6\x96\x87|\xE4\xB8\xAD\xE6\x96\x87|\xE4\xB8\xAD");
	wrap("\xE4\xB8\xAD\xE6\x96\x87", 3, "\xE4\xB8\xAD|\xE6\x96\x87");
	wrap("\xE4\xB8\xAD", 1, "\xE4\xB8\xAD"); /* wider than the line: alone */
	wrap("e\xCC\x81" "e\xCC\x81" "e\xCC\x81", 2, "e\xCC\x81" "e\xCC\x81|e\xCC\x81");
	wrap("abc", 0, "a|b|c");

	n = text_wrap("", 10, &lines);
	is_int(n, 0, "wrap(\"\") has no lines");
	free(lines);

	/* Every line of real text fits, and the lines cover all words. */
	for (cols = 1; cols <= 40; cols++) {
		struct buf joined = BUF_INIT;
		bool fits = true;
		n = text_wrap(prose, cols, &lines);
		for (i = 0; i < n; i++) {
			char *line =
			    xstrndup(prose + lines[i].start, lines[i].end - lines[i].start);
			uint32_t cp;
			/* Only a single character wider than the line may overflow it. */
			if (text_width(line) > (size_t)cols &&
			    text_utf8_next(line, strlen(line), &cp) != strlen(line))
				fits = false;
			if (joined.len)
				buf_addc(&joined, ' ');
			buf_adds(&joined, line);
			free(line);
		}
		ok(fits, "wrap(prose, %d): no line is wider than %d", cols, cols);
		{
			/* Without the spaces the lines hold exactly the text. */
			struct buf a = BUF_INIT, c = BUF_INIT;
			const char *p;
			for (p = prose; *p; p++)
				if (*p != ' ')
					buf_addc(&a, *p);
			for (p = buf_str(&joined); *p; p++)
				if (*p != ' ')
					buf_addc(&c, *p);
			is_str(buf_str(&c), buf_str(&a), "wrap(prose, %d): nothing lost or doubled",
			       cols);
			buf_free(&a);
			buf_free(&c);
		}
		buf_free(&joined);
		free(lines);
	}
}

/* ---------------------------------------------------------------- sanitise */

static void test_sanitize(void)
{
	int c;
	bool safe = true;

	SANITIZE("plain text", 0, "plain text");
	SANITIZE("caf\xC3\xA9 \xE4\xB8\xAD", 0, "caf\xC3\xA9 \xE4\xB8\xAD");
	SANITIZE("a\x1b[2Jb", 0, "a^[[2Jb");
	SANITIZE("\x1b[31mred\x1b[0m", 0, "^[[31mred^[[0m");
	SANITIZE("\x1b]52;c;SGVsbG8=\x07", 0, "^[]52;c;SGVsbG8=^G");
	SANITIZE("\x1b]0;title\x1b\\", 0, "^[]0;title^[\\");
	SANITIZE("\xC2\x9B" "2J", 0, "\xEF\xBF\xBD" "2J"); /* C1 CSI */
	SANITIZE("\xC2\x9B" "2J", TEXT_ASCII_ONLY, "?2J");
	SANITIZE("\xC2\x9D"
	         "52;c;x\xC2\x9C",
	         0,
	         "\xEF\xBF\xBD"
	         "52;c;x\xEF\xBF\xBD"); /* C1 OSC, ST */
	SANITIZE("\xC2\x85", 0, "\xEF\xBF\xBD");
	SANITIZE("\x9B" "2J", 0, "\xEF\xBF\xBD" "2J"); /* a raw C1 byte is invalid UTF-8 */
	SANITIZE("\x9B" "2J", TEXT_ASCII_ONLY, "?2J");
	SANITIZE("a\xE2\x80\xAE" "cba", 0, "a\xEF\xBF\xBD" "cba"); /* RIGHT-TO-LEFT OVERRIDE */
	SANITIZE("a\xE2\x80\xAE" "cba", TEXT_ASCII_ONLY, "a?cba");
	SANITIZE("\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD", TEXT_ASCII_ONLY, "????");
	SANITIZE("\xE2\x81\xA6x\xE2\x81\xA9", 0, "\xEF\xBF\xBDx\xEF\xBF\xBD"); /* isolates */
	SANITIZE("\xE2\x80\x8F\xE2\x80\x8E\xD8\x9C", TEXT_ASCII_ONLY, "???"); /* RLM, LRM, ALM */
	SANITIZE("\xEE\x80\x80x\xEE\x80\x82", TEXT_ASCII_ONLY, "?x?"); /* literal markers */
	SANITIZE("bad\xFF\xC3(", 0, "bad\xEF\xBF\xBD\xEF\xBF\xBD(");
	SANITIZE("bad\xFF\xC3(", TEXT_ASCII_ONLY, "bad?" "?(");
	SANITIZE("a\tb", 0, "a b");
	SANITIZE("a\nb\r\n", 0, "a b  ");
	SANITIZE("a\nb\r\n", TEXT_KEEP_NEWLINES, "a\nb \n");
	SANITIZE("a\0b", 0, "a^@b");
	SANITIZE("\x01\x1f\x7f", 0, "^A^_^?");
	SANITIZE("a\xE2\x80\xA8" "b\xE2\x80\xA9" "c", 0, "a b c"); /* line/paragraph separators */
	SANITIZE("", 0, "");

	/* Every single byte and every code point up to U+FFFF comes out
	 * without a control character or an invalid sequence. */
	for (c = 0; c < 0x10000 && safe; c++) {
		struct buf in = BUF_INIT, out = BUF_INIT;
		size_t i;
		if (c < 0x100) {
			char ch = (char)c;
			buf_add(&in, &ch, 1);
		}
		text_utf8_put(&in, (uint32_t)c);
		text_sanitize(&out, in.s, in.len, 0);
		if (!text_utf8_valid(out.s, out.len))
			safe = false;
		for (i = 0; i < out.len; i++)
			if ((unsigned char)out.s[i] < 0x20 || out.s[i] == 0x7F)
				safe = false;
		for (i = 0; i < out.len;) {
			uint32_t cp;
			i += text_utf8_next(out.s + i, out.len - i, &cp);
			if ((cp >= 0x80 && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) ||
			    (cp >= 0x2066 && cp <= 0x2069))
				safe = false;
		}
		if (!safe)
			printf("# unsafe output for U+%04X: %s\n", (unsigned)c,
			       show(out.s, out.len));
		buf_free(&in);
		buf_free(&out);
	}
	ok(safe, "no byte or BMP code point gets through as a control, bidi override or bad UTF-8");
	{
		struct buf out = BUF_INIT;
		size_t i;
		bool ascii = true;
		static const char nasty[] = "\x1b[2J\xC2\x9B\xE2\x80\xAE\xFF\xEE\x80\x80\t";
		text_sanitize(&out, nasty, sizeof(nasty) - 1, TEXT_ASCII_ONLY);
		for (i = 0; i < out.len; i++)
			if ((unsigned char)out.s[i] >= 0x80)
				ascii = false;
		ok(ascii, "TEXT_ASCII_ONLY placeholders are pure ASCII: %s", show(out.s, out.len));
		buf_free(&out);
	}
}

/* ---------------------------------------------------------------- LaTeX */

struct latex_case {
	const char *in, *utf8, *ascii;
};

static const struct latex_case latex[] = {
	/* the seed abstracts */
	{"$G$-invariant", "G-invariant", "G-invariant"},
	{"the exceptional Lie groups $G_2$, $F_4$, and $E_6$.",
	 "the exceptional Lie groups G\xE2\x82\x82, F\xE2\x82\x84, and E\xE2\x82\x86.",
	 "the exceptional Lie groups G_2, F_4, and E_6."},
	{"a key step called {\\em pretraining}: first", "a key step called pretraining: first",
	 "a key step called pretraining: first"},
	{"we find \\textit{progress measures} that", "we find progress measures that",
	 "we find progress measures that"},
	/* sub- and superscripts */
	{"$x^2$", "x\xC2\xB2", "x^2"},
	{"$x^{10}$", "x\xC2\xB9\xE2\x81\xB0", "x^10"},
	{"$H_{20}$", "H\xE2\x82\x82\xE2\x82\x80", "H_20"},
	{"$x_{ij}$", "x_ij", "x_ij"},
	{"$x_{i+1}$", "x_(i+1)", "x_(i+1)"},
	{"$x_i^2$", "x_i\xC2\xB2", "x_i^2"},
	{"$x^n$", "x\xE2\x81\xBF", "x^n"},
	{"$\\alpha_1$", "\xCE\xB1\xE2\x82\x81", "alpha_1"},
	{"\\(x^2\\) and \\(y_1\\)", "x\xC2\xB2 and y\xE2\x82\x81", "x^2 and y_1"},
	{"$$E=mc^2$$", "E = mc\xC2\xB2", "E = mc^2"},
	/* Greek and symbols */
	{"\\alpha", "\xCE\xB1", "alpha"},
	{"$\\alpha$ and $\\Omega$", "\xCE\xB1 and \xCE\xA9", "alpha and Omega"},
	{"$\\mathbb{R}$", "\xE2\x84\x9D", "R"},
	{"$\\mathbb{R}^n$", "\xE2\x84\x9D\xE2\x81\xBF", "R^n"},
	{"$\\mathbb{Z}$", "\xE2\x84\xA4", "Z"},
	{"$\\leq$", "\xE2\x89\xA4", "<="},
	{"$a \\leq b$", "a \xE2\x89\xA4 b", "a <= b"},
	{"$a \\geq b$", "a \xE2\x89\xA5 b", "a >= b"},
	{"$\\times$", "\xC3\x97", "x"},
	{"$3 \\times 3$", "3 \xC3\x97 3", "3 x 3"},
	{"$\\infty$", "\xE2\x88\x9E", "inf"},
	{"$n \\to \\infty$", "n \xE2\x86\x92 \xE2\x88\x9E", "n -> inf"},
	{"$\\to$", "\xE2\x86\x92", "->"},
	{"$x \\in A$", "x \xE2\x88\x88 A", "x in A"},
	/* text styles (markup is tested below) */
	{"{\\em x}", "x", "x"},
	{"an \\emph{important} idea", "an important idea", "an important idea"},
	{"\\textit{it}", "it", "it"},
	{"\\textbf{bold} text", "bold text", "bold text"},
	{"{\\bf bold} text", "bold text", "bold text"},
	/* accents and letters */
	{"\\'e", "\xC3\xA9", "e"},
	{"\\\"o", "\xC3\xB6", "o"},
	{"G\\\"odel", "G\xC3\xB6" "del", "Godel"},
	{"\\c{c}", "\xC3\xA7", "c"},
	{"Fran\\c{c}ois", "Fran\xC3\xA7ois", "Francois"},
	{"{\\ss}", "\xC3\x9F", "ss"},
	{"gro{\\ss}e", "gro\xC3\x9F" "e", "grosse"},
	{"\\'{\\i}", "\xC3\xAD", "i"},
	{"Erd\\H{o}s", "Erd\xC5\x91s", "Erdos"},
	{"\\v{S}koda", "\xC5\xA0koda", "Skoda"},
	{"\\~n", "\xC3\xB1", "n"},
	{"{\\\"u}ber", "\xC3\xBC" "ber", "uber"},
	{"\\o", "\xC3\xB8", "o"},
	{"\\'{x}", "x\xCC\x81", "x"}, /* no precomposed form: a combining mark */
	/* punctuation */
	{"pages 1--10", "pages 1\xE2\x80\x93" "10", "pages 1-10"},
	{"yes---no", "yes\xE2\x80\x94no", "yes-no"},
	{"Fig.~3", "Fig. 3", "Fig. 3"},
	{"50\\% more", "50% more", "50% more"},
	{"A \\& B", "A & B", "A & B"},
	{"\\#1 and \\_x and \\$3", "#1 and _x and $3", "#1 and _x and $3"},
	{"``quoted''", "\xE2\x80\x9Cquoted\xE2\x80\x9D", "\"quoted\""},
	{"`single'", "\xE2\x80\x98single'", "'single'"},
	/* robustness */
	{"costs $5", "costs $5", "costs $5"},
	{"costs $5 and $10 each", "costs $5 and $10 each", "costs $5 and $10 each"},
	{"a {b c", "a b c", "a b c"},
	{"a } b", "a b", "a b"},
	{"a}}}b{{{", "ab", "ab"},
	{"trailing \\", "trailing \\", "trailing \\"},
	{"\\", "\\", "\\"},
	{"$", "$", "$"},
	{"$$unclosed", "$$unclosed", "$$unclosed"},
	{"$x^$", "x^", "x^"},
	{"  spaced \n\n out\t ", "spaced out", "spaced out"},
	{"", "", ""},
	/* fractions and roots */
	{"$\\frac{a}{b}$", "a/b", "a/b"},
	{"$\\frac{1}{n+1}$", "1/(n+1)", "1/(n+1)"},
	{"$\\frac{x+1}{2}$", "(x+1)/2", "(x+1)/2"},
	{"$\\sqrt{2}$", "\xE2\x88\x9A" "2", "sqrt(2)"},
	{"$\\sqrt{x+y}$", "\xE2\x88\x9A(x+y)", "sqrt(x+y)"},
	{"$\\sqrt[3]{x}$", "\xE2\x88\x9Ax", "sqrt(x)"},
	/* other commands */
	{"\\cite{smith} shows", "[smith] shows", "[smith] shows"},
	{"\\href{http://x.org}{the site}", "the site", "the site"},
	{"$\\mathcal{O}(n^2)$", "O(n\xC2\xB2)", "O(n^2)"},
	{"$\\log n$", "log n", "log n"},
	{"\\unknown{arg}", "arg", "arg"},
	/* Relations and binary operators read with blanks between two
	 * operands, never doubled where the source has blanks, tight where
	 * there is no left operand and inside scripts. */
	{"$a\\times b$", "a \xC3\x97 b", "a x b"},
	{"$a\\leq b$", "a \xE2\x89\xA4 b", "a <= b"},
	{"$f\\to g$", "f \xE2\x86\x92 g", "f -> g"},
	{"$a  \\leq   b$", "a \xE2\x89\xA4 b", "a <= b"},
	{"a $\\leq$ b", "a \xE2\x89\xA4 b", "a <= b"},
	{"$\\pm 1$", "\xC2\xB1" "1", "+/-1"},
	{"$x = \\pm 1$", "x = \xC2\xB1" "1", "x = +/-1"},
	{"a few$\\times 10^{-5}$", "a few \xC3\x97 10\xE2\x81\xBB\xE2\x81\xB5", "a few x 10^(-5)"},
	{"$0<p\\le 1$", "0 < p \xE2\x89\xA4 1", "0 < p <= 1"},
	{"$f(z) := 1$", "f(z) := 1", "f(z) := 1"},
	{"$<r^2>$", "<r\xC2\xB2>", "<r^2>"},
	{"$x_{i=1}$", "x_(i=1)", "x_(i=1)"},
	{"$\\sum_{n=0}^{N} x_n$", "\xE2\x88\x91\xE2\x82\x99\xE2\x82\x8C\xE2\x82\x80\xE1\xB4\xBA x\xE2\x82\x99",
	 "sum_(n=0)^N x_n"},
	{"$\\Delta=0.8\\pm 1.7$", "\xCE\x94 = 0.8 \xC2\xB1 1.7", "Delta = 0.8 +/- 1.7"},
	{"$a\\cdot b$", "a \xE2\x8B\x85 b", "a * b"},
	{"$\\mathbb{R}^{n\\times n}$", "\xE2\x84\x9D^(n\xC3\x97n)", "R^(n x n)"},
	/* An operator name, a big operator or an x_ij-style script never
	 * runs into the operand after it. */
	{"$\\max_i x_i$", "max_i x_i", "max_i x_i"},
	{"$\\max_n x_n$", "max\xE2\x82\x99 x\xE2\x82\x99", "max_n x_n"},
	{"$\\sum_n x_n$", "\xE2\x88\x91\xE2\x82\x99 x\xE2\x82\x99", "sum_n x_n"},
	{"$\\int_0^1 f$", "\xE2\x88\xAB\xE2\x82\x80\xC2\xB9 f", "int_0^1 f"},
	{"$(k_F a)^{-1}$", "(k_F a)\xE2\x81\xBB\xC2\xB9", "(k_F a)^(-1)"},
	{"$x^2y$", "x\xC2\xB2y", "x^2 y"},
	{"$4500\\kms$", "4500 kms", "4500 kms"},
	/* In ASCII a symbol spelled as a word stands apart from letters. */
	{"$\\Delta I$", "\xCE\x94I", "Delta I"},
	{"$q=a\\pi/3$", "q = a\xCF\x80/3", "q = a pi/3"},
	{"$\\alpha\\beta$", "\xCE\xB1\xCE\xB2", "alpha beta"},
	{"$\\hbar\\omega$", "\xE2\x84\x8F\xCF\x89", "hbar omega"},
	/* Outside math a symbol keeps the blank after it; a letter does not. */
	{"\\pi\\pi scattering", "\xCF\x80\xCF\x80 scattering", "pi pi scattering"},
	{"the \\ldots and \\LaTeX is", "the \xE2\x80\xA6 and LaTeX is", "the ... and LaTeX is"},
	{"Bj\\o rn", "Bj\xC3\xB8rn", "Bjorn"},
	/* Math accents over one character; antiparticles in ASCII. */
	{"$B\\to D\\bar{D}$", "B \xE2\x86\x92 DD\xCC\x84", "B -> DDbar"},
	{"$\\bar\\nu_e$", "\xCE\xBD\xCC\x84\xE2\x82\x91", "nubar_e"},
	{"$\\vec{v}$, $\\hat{x}$", "v\xE2\x83\x97, x\xCC\x82", "v, x"},
	{"$\\overline{AB}$", "AB", "AB"},
	{"{\\cal O}(n)", "O(n)", "O(n)"},
	/* A dollar that lost its partner (a real arXiv abstract, 0704.0058):
	 * the words after it stay words. */
	{"up to order \\cal{O}(\\alpha_{s}^2)$ in deeply inelastic scattering (DIS). At the "
	 "order $\\cal{O}(\\alpha_s^2)$, twist-four",
	 "up to order O(\xCE\xB1_s^2) in deeply inelastic scattering (DIS). At the order "
	 "O(\xCE\xB1\xE2\x82\x9B\xC2\xB2), twist-four",
	 "up to order O(alpha_s^2) in deeply inelastic scattering (DIS). At the order "
	 "O(alpha_s^2), twist-four"},
	{"$\\Delta=1$, \\beta=0.8$ and $\\gamma=2$ are",
	 "\xCE\x94 = 1, \xCE\xB2=0.8 and \xCE\xB3 = 2 are", "Delta = 1, beta=0.8 and gamma = 2 are"},
	{"costs $5 and more words $x$ here", "costs $5 and more words x here",
	 "costs $5 and more words x here"},
	/* '~' is a tie between words, "approximately" elsewhere. */
	{"Table~2 and Ref.~[3]", "Table 2 and Ref. [3]", "Table 2 and Ref. [3]"},
	{"near ~500 km/s, z~2.56, B ~ 30", "near ~500 km/s, z~2.56, B ~ 30",
	 "near ~500 km/s, z~2.56, B ~ 30"},
	{"http://x.org/~user", "http://x.org/~user", "http://x.org/~user"},
	/* Plain-text arrows */
	{"D0 --> K- pi+", "D0 \xE2\x86\x92 K- pi+", "D0 -> K- pi+"},
	{"1--10", "1\xE2\x80\x93" "10", "1-10"},
};

static void test_latex(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(latex); i++) {
		char *u = text_render(latex[i].in, 0), *a = text_render(latex[i].in, TEXT_ASCII);
		const char *name = show(latex[i].in, strlen(latex[i].in));
		is_str(u, latex[i].utf8, "render \"%s\"", name);
		is_str(a, latex[i].ascii, "render \"%s\" in ASCII", name);
		ok(all_ascii(a, strlen(a)), "render \"%s\" in ASCII is pure ASCII", name);
		free(u);
		free(a);
	}
}

static void render_is(const char *in, unsigned flags, const char *want, const char *what)
{
	char *r = text_render(in, flags);

	is_str(show(r, strlen(r)), show(want, strlen(want)), "%s", what);
	free(r);
}

static void test_markup(void)
{
	render_is("{\\em x} y", TEXT_MARKUP, "\xEE\x80\x80x\xEE\x80\x82 y",
	          "{\\em x}: italic markers");
	render_is("\\emph{x}", TEXT_MARKUP, "\xEE\x80\x80x\xEE\x80\x82",
	          "\\emph{}: italic markers");
	render_is("\\textit{x}", TEXT_MARKUP, "\xEE\x80\x80x\xEE\x80\x82",
	          "\\textit{}: italic markers");
	render_is("\\textbf{x}", TEXT_MARKUP, "\xEE\x80\x81x\xEE\x80\x82",
	          "\\textbf{}: bold markers");
	render_is("{\\bf x}", TEXT_MARKUP, "\xEE\x80\x81x\xEE\x80\x82", "{\\bf x}: bold markers");
	render_is("a {\\em b} c", TEXT_MARKUP, "a \xEE\x80\x80" "b\xEE\x80\x82 c",
	          "markers sit around the word only");
	render_is("\\emph{a \\textbf{b}}", TEXT_MARKUP,
	          "\xEE\x80\x80"
	          "a \xEE\x80\x81"
	          "b\xEE\x80\x82\xEE\x80\x82",
	          "nested styles nest");
	render_is("\\emph{x}", TEXT_MARKUP | TEXT_ASCII, "\xEE\x80\x80x\xEE\x80\x82",
	          "markers survive TEXT_ASCII (they are for the reader, not the terminal)");
	render_is("\\emph{x}", 0, "x", "no markers without TEXT_MARKUP");
	render_is("\xEE\x80\x80x\xEE\x80\x82", TEXT_MARKUP, "\xEF\xBF\xBDx\xEF\xBF\xBD",
	          "literal markers in the input become U+FFFD");
	/* Found by fuzz/fuzz-render: TEXT_ASCII promises pure ASCII, and an
	 * --ascii BibTeX export relies on it. */
	render_is("\xEE\x80\x80x\xEE\x80\x82", TEXT_ASCII, "?x?",
	          "TEXT_ASCII: literal markers in the input become '?'");
	/* Found by fuzz/fuzz-render: one character taken as an argument
	 * (a superscript) skipped the replacement and opened a span. */
	render_is("$^\xEE\x80\x80$", TEXT_MARKUP, "^\xEF\xBF\xBD",
	          "a literal marker as a superscript becomes U+FFFD");
	{
		char *r = text_render("\\emph{word}", TEXT_MARKUP);
		is_int(text_width(r), 4, "markers take no columns");
		free(r);
	}
}

static void test_latex_hostile(void)
{
	struct buf b = BUF_INIT;
	char *r;
	int i;

	/* 10000 nested groups: bounded recursion, the text survives. */
	for (i = 0; i < 10000; i++)
		buf_addc(&b, '{');
	buf_adds(&b, "deep");
	for (i = 0; i < 10000; i++)
		buf_addc(&b, '}');
	r = text_render(b.s, 0);
	ok(strstr(r, "deep") != NULL, "10000 nested braces: rendered, the word kept");
	ok(strlen(r) <= b.len, "10000 nested braces: the output is no longer than the input");
	ok(strchr(r, '}') == NULL, "10000 nested braces: closing braces do not leak");
	free(r);
	r = text_match_key(b.s, 0);
	is_str(r, "deep", "10000 nested braces: the matching key is the word");
	free(r);

	/* Found by fuzz/fuzz-render: a backslash before a character of two
	 * or more bytes, or before a stray byte, gave invalid UTF-8 (only
	 * the first byte was taken as the "control symbol"). */
	render_is("a\\\xC3\xA9" "b", 0, "a\xC3\xA9" "b", "backslash before a multibyte character");
	render_is("x\\\x81y", 0, "x\xEF\xBF\xBDy", "backslash before a stray byte");
	render_is("\\\xE2\x89\xA4", TEXT_ASCII, "<=", "backslash before a symbol, in ASCII");

	/* Unclosed groups, commands and math, nested deep. */
	buf_reset(&b);
	for (i = 0; i < 5000; i++)
		buf_adds(&b, "\\emph{$\\sqrt{\\frac{");
	r = text_render(b.s, TEXT_MARKUP);
	ok(r != NULL, "5000 unclosed \\emph{$\\sqrt{\\frac{: no crash");
	free(r);
	r = text_render(b.s, TEXT_ASCII);
	ok(all_ascii(r, strlen(r)), "... and in ASCII the result is pure ASCII");
	free(r);

	/* Every prefix of a tricky input renders (no read past the end). */
	{
		static const char tricky[] =
		    "\\'{\\i}$x_{\\mathbb{R}^{\\frac{1}{2}}}$\\c{c}\\sqrt[3]{"
		    "\\(a\\)}``q''---{\\em \\textbf{\\\"o}}\\";
		size_t n;
		bool fine = true;
		for (n = 0; n <= sizeof(tricky) - 1; n++) {
			char *p = xstrndup(tricky, n);
			char *u = text_render(p, TEXT_MARKUP);
			char *a = text_render(p, TEXT_ASCII);
			if (!text_utf8_valid(u, strlen(u)) || !all_ascii(a, strlen(a)))
				fine = false;
			free(u);
			free(a);
			free(p);
		}
		ok(fine, "every prefix of a tricky input renders to valid UTF-8 / pure ASCII");
	}
	/* Invalid bytes in the input come out as U+FFFD, never raw. */
	r = text_render("a\xFF" "b\xC3", 0);
	is_str(r, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD", "invalid bytes render as U+FFFD");
	free(r);
	buf_free(&b);
}

/* ---------------------------------------------------------------- keys */

static void test_match_key(void)
{
	char *a, *b;
	struct buf long_text = BUF_INIT;
	int i;

	/* Found by fuzz/fuzz-render: an unclosed argument that is skipped
	 * (\href's URL) swallows the rest of the text; a key made with a
	 * limit stopped skipping at the limit and went on with the rest. */
	{
		struct buf h = BUF_INIT;
		buf_adds(&h, "lead \\href{");
		for (i = 0; i < 400; i++)
			buf_addc(&h, 'u');
		buf_adds(&h, " and words after it that the whole key never reaches");
		key(h.s, 0, "lead");
		key(h.s, 60 /* MERGE_KEY_MIN */, "lead");
		buf_free(&h);
	}
	key("pre-training", 0, "pretraining");
	key("pretraining", 0, "pretraining");
	key("{\\em pretraining}", 0, "pretraining");
	key("{\\em pre-training}", 0, "pretraining");
	key("Pre-Training", 0, "pretraining");
	key("\\textit{Pre}training", 0, "pretraining");
	key("Caf\\'e na\\\"ive", 0, "cafenaive");
	key("Caf\xC3\xA9 na\xC3\xAFve", 0, "cafenaive");
	key("$G_2$-invariant", 0, "g2invariant");
	key("G\xE2\x82\x82-invariant", 0, "g2invariant");
	key("$\\alpha$-helix", 0, "alphahelix");
	key("\xCE\xB1-helix", 0, "alphahelix");
	key("Why does Deep Learning work? What...", 0, "whydoesdeeplearningworkwhat");
	key("", 0, "");
	key("!!! --- ...", 0, "");
	key("\xE4\xB8\xAD\xE6\x96\x87 abc", 0, "abc");
	key("abcdef", 3, "abc");
	key("a-b-c-d-e-f", 4, "abcd");
	key("abc", 10, "abc");
	key("abc", 0, "abc");
	/* Keys are stored: the display forms added for reading must not
	 * change them. */
	key("$B\\to D\\bar{D}$", 0, "bdd");
	key("$\\sqrt{2}$", 0, "sqrt2");
	key("$a\\leq b$ and $\\Delta I$", 0, "abanddeltai");
	key("near ~500, \\pi\\pi", 0, "near500pipi");
	key("a {\\cal K}-invariant class", 0, "acalkinvariantclass");

	/* A limited key is a prefix of the full one, whatever the text. */
	for (i = 0; i < 200; i++)
		buf_adds(&long_text, i % 2 ? "{\\em word} -- " : "x \xE2\x80\x94 \xE2\x80\x94 ");
	a = text_match_key(long_text.s, 0);
	b = text_match_key(long_text.s, 60);
	is_int(strlen(b), 60, "match_key(symbol-heavy text, 60) has 60 characters");
	ok(strncmp(a, b, 60) == 0, "... and they are the first 60 of the full key");
	free(a);
	free(b);
	buf_reset(&long_text);
	for (i = 0; i < 100; i++)
		buf_adds(&long_text, "$\\alpha$ \xE2\x89\xA4 \xE2\x80\x94 ");
	a = text_match_key(long_text.s, 0);
	b = text_match_key(long_text.s, 60);
	is_int(strlen(b), 60, "match_key(math-heavy text, 60) has 60 characters");
	ok(strncmp(a, b, 60) == 0, "... and they are the first 60 of the full key");
	free(a);
	free(b);
	buf_free(&long_text);
}

static void test_translit(void)
{
	translit("caf\xC3\xA9", "cafe");
	translit("\xC3\x89" "cole", "Ecole");
	translit("\xE2\x80\x9Cquoted\xE2\x80\x9D", "\"quoted\"");
	translit("\xE2\x80\x98single\xE2\x80\x99", "'single'");
	translit("a\xE2\x80\x94" "b", "a-b");
	translit("a\xE2\x80\x93" "b", "a-b");
	translit("a \xE2\x89\xA4 b", "a <= b");
	translit("a \xE2\x89\xA5 b", "a >= b");
	translit("\xCE\xB1", "alpha");
	translit("\xCE\xA9", "Omega");
	translit("G\xE2\x82\x82", "G_2");
	translit("H\xE2\x82\x82\xE2\x82\x80", "H_20");
	translit("x\xC2\xB2", "x^2");
	translit("x\xC2\xB9\xE2\x81\xB0", "x^10");
	translit("x\xE2\x82\x81\xC2\xB2", "x_1^2");
	translit("\xC3\x9F", "ss");
	translit("\xC5\x93uvre", "oeuvre");
	translit("\xC5\x81\xC3\xB3" "d\xC5\xBA", "Lodz");
	translit("e\xCC\x81", "e");
	translit("\xEF\xAC\x81nd", "find");
	translit("\xEF\xBC\xA1\xEF\xBD\x82", "Ab");
	translit("\xF0\x9D\x90\x80\xF0\x9D\x90\x9A", "Aa"); /* mathematical bold */
	translit("\xE2\x84\x9D", "R");
	translit("\xE2\x80\xA6", "...");
	translit("\xC2\xA0", " ");
	translit("\xE2\x80\x8B", "");
	translit("\xE4\xB8\xAD", "?");
	translit("\xF0\x9F\x98\x80", "?");
	translit("\xEF\xBF\xBD", "?");
	translit("\xEE\x80\x80x\xEE\x80\x82", "?x?"); /* markup has no ASCII form */
	translit("bad\xFF", "bad?");
	translit("plain", "plain");
	translit("\xE2\x86\x92", "->");
	translit("\xE2\x88\x9E", "inf");
	/* Words stand apart from letters and digits, and never double a blank. */
	translit("\xCE\x94I", "Delta I");
	translit("2\xCF\x80r", "2 pi r");
	translit("\xCE\xB1\xCE\xB2", "alpha beta");
	translit("x\xE2\x88\x88" "A", "x in A");
	translit("x \xE2\x88\x88 A", "x in A");
	translit("3\xC3\x97" "3", "3 x 3");
	translit("\xE2\x88\x80x \xE2\x88\x83y", "for all x exists y");
	translit("\xE2\x88\x91_i", "sum_i");
	translit("\xCE\xB1\xE2\x82\x81", "alpha_1");
	/* ... but letters of words stay in them. */
	translit("Stra\xC3\x9F" "e", "Strasse");
	translit("\xC3\x86" "sop", "AEsop");
	translit("\xEF\xAC\x81nd", "find");
	/* Combining marks of any kind leave their base alone. */
	translit("v\xE2\x83\x97", "v");
	translit("D\xCC\x84", "D");
	translit("a\xE2\x80\xAE" "b", "a?b"); /* a bidi override is no combining mark */
}

/* ---------------------------------------------------------------- iconv */

static void to_utf8(const char *in, size_t n, const char *enc, enum status want_st,
                    const char *want, size_t want_len, bool want_guessed, const char *what)
{
	char *out = NULL;
	size_t len = 12345;
	bool guessed = !want_guessed;
	enum status st = text_to_utf8(in, n, enc, &out, &len, &guessed);

	is_int(st, want_st, "%s: status", what);
	if (want_st == STATUS_OK && st == STATUS_OK) {
		ok(len == want_len && memcmp(out, want, want_len) == 0,
		   "%s: %s", what, show(want, want_len));
		if (len != want_len || memcmp(out, want, want_len) != 0)
			printf("#   got: %s\n", show(out, len));
		ok(out[len] == '\0', "%s: NUL-terminated", what);
		is_int(guessed, want_guessed, "%s: guessed flag", what);
	}
	free(out);
}

static void test_to_utf8(void)
{
	struct buf big = BUF_INIT, want = BUF_INIT;
	int i;

	to_utf8("plain", 5, NULL, STATUS_OK, "plain", 5, false, "ASCII");
	to_utf8("", 0, NULL, STATUS_OK, "", 0, false, "empty");
	to_utf8("caf\xC3\xA9", 5, NULL, STATUS_OK, "caf\xC3\xA9", 5, false, "UTF-8 kept");
	to_utf8("\xEF\xBB\xBF" "abc", 6, NULL, STATUS_OK, "abc", 3, false, "BOM skipped");
	to_utf8("\xEF\xBB\xBF", 3, NULL, STATUS_OK, "", 0, false, "BOM alone");
	to_utf8("\xEF\xBB\xBF"
	        "abc",
	        6, "UTF-8", STATUS_OK, "abc", 3, false, "BOM skipped (--encoding UTF-8)");
	to_utf8("a\0b", 3, NULL, STATUS_OK, "a\0b", 3, false, "embedded NUL kept");
	to_utf8("caf\xE9 \x93q\x94 \x80 \x85", 12, NULL, STATUS_OK,
	        "caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D \xE2\x82\xAC \xE2\x80\xA6", 21, true,
	        "not UTF-8: read as Windows-1252");
	to_utf8("\x81\x8D\x8F\x90\x9D", 5, NULL, STATUS_OK,
	        "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 15, true,
	        "Windows-1252's five holes become U+FFFD");
	to_utf8("a\0\xE9", 3, NULL, STATUS_OK, "a\0\xC3\xA9", 4, true, "Windows-1252 with a NUL");
	to_utf8("caf\xE9", 4, "ISO-8859-1", STATUS_OK, "caf\xC3\xA9", 5, false,
	        "--encoding ISO-8859-1");
	to_utf8("\x80", 1, "ISO-8859-1", STATUS_OK, "\xC2\x80", 2, false,
	        "--encoding ISO-8859-1: 0x80 is U+0080, not the euro");
	to_utf8("a\0b", 3, "ISO-8859-1", STATUS_OK, "a\0b", 3, false,
	        "--encoding ISO-8859-1: NUL kept");
	to_utf8("\xD3\xCC\xCF\xD7\xCF", 5, "KOI8-R", STATUS_OK,
	        "\xD1\x81\xD0\xBB\xD0\xBE\xD0\xB2\xD0\xBE", 10, false, "--encoding KOI8-R");
	to_utf8("\xFF\xFE" "a\0", 4, "UTF-16LE", STATUS_OK, "a", 1, false,
	        "--encoding UTF-16LE: the converted BOM is dropped");
	to_utf8("caf\xE9", 4, "ASCII", STATUS_PARSE, NULL, 0, false, "invalid byte in ASCII");
	to_utf8("a\0b", 3, "UTF-16LE", STATUS_PARSE, NULL, 0, false, "odd byte count in UTF-16LE");
	to_utf8("caf\xE9", 4, "UTF-8", STATUS_PARSE, NULL, 0, false,
	        "--encoding UTF-8 with a bad byte: no guessing");
	to_utf8("abc", 3, "NO-SUCH-CODESET", STATUS_USAGE, NULL, 0, false, "unknown encoding");
	{
		char *out = NULL;
		size_t len;
		bool g;
		is_int(text_to_utf8("ab\xE9", 3, "ASCII", &out, &len, &g), STATUS_PARSE,
		       "ASCII with a byte 0xE9: STATUS_PARSE");
		ok(strstr(status_msg(), "byte 3") != NULL, "... and the message names byte 3 (%s)",
		   status_msg());
		is_int(text_to_utf8("abc", 3, "NO-SUCH-CODESET", &out, &len, &g), STATUS_USAGE,
		       "unknown encoding: STATUS_USAGE");
		ok(strstr(status_msg(), "NO-SUCH-CODESET") != NULL,
		   "... and the message names it (%s)", status_msg());
	}

	/* Larger than one iconv chunk. */
	for (i = 0; i < 10000; i++) {
		buf_addc(&big, '\xE9');
		buf_adds(&want, "\xC3\xA9");
	}
	to_utf8(big.s, big.len, "ISO-8859-1", STATUS_OK, want.s, want.len, false,
	        "10000 Latin-1 bytes (several iconv chunks)");
	buf_free(&big);
	buf_free(&want);
}

static void conv(struct text_conv *c, const char *s, const char *want, const char *cs)
{
	struct buf b = BUF_INIT;

	text_conv(c, &b, s);
	is_str(show(buf_str(&b), b.len), show(want, strlen(want)), "conv to %s: \"%s\"", cs, s);
	buf_free(&b);
}

static void test_conv(void)
{
	struct text_conv *c;
	static const char sample[] =
	    "caf\xC3\xA9 \xE2\x80\x94 \xE2\x80\x9Cx\xE2\x80\x9D \xE2\x89\xA4 "
	    "\xCE\xB1 G\xE2\x82\x82 \xE2\x82\xAC \xE4\xB8\xAD \xFF";

	ok(text_charset_is_utf8("UTF-8"), "UTF-8 is UTF-8");
	ok(text_charset_is_utf8("utf-8"), "utf-8 is UTF-8");
	ok(text_charset_is_utf8("UTF8"), "UTF8 is UTF-8");
	ok(text_charset_is_utf8("utf8"), "utf8 is UTF-8");
	ok(!text_charset_is_utf8("UTF-16"), "UTF-16 is not");
	ok(!text_charset_is_utf8("UTF-8x"), "UTF-8x is not");
	ok(!text_charset_is_utf8("ISO-8859-1"), "ISO-8859-1 is not");
	ok(!text_charset_is_utf8("ANSI_X3.4-1968"), "ANSI_X3.4-1968 is not");
	ok(!text_charset_is_utf8(NULL), "NULL is not");

	ok(text_conv_open("UTF-8") == NULL, "no converter is needed for UTF-8");
	conv(NULL, sample, sample, "UTF-8 (NULL converter)");

	c = text_conv_open("ANSI_X3.4-1968");
	ok(c != NULL, "a converter to ANSI_X3.4-1968");
	conv(c, sample, "cafe - \"x\" <= alpha G_2 EUR ? ?", "ANSI_X3.4-1968");
	conv(c, "plain", "plain", "ANSI_X3.4-1968");
	/* Converting looks at the whole string, as transliteration does. */
	conv(c, "H\xE2\x82\x82\xE2\x82\x80", "H_20", "ANSI_X3.4-1968");
	conv(c, "\xCE\xB1\xCE\xB2 \xCE\x94I", "alpha beta Delta I", "ANSI_X3.4-1968");
	text_conv_close(c);

	c = text_conv_open("ISO-8859-1");
	ok(c != NULL, "a converter to ISO-8859-1");
	conv(c, sample, "caf\xE9 - \"x\" <= alpha G_2 EUR ? ?", "ISO-8859-1");
	conv(c, "\xC3\xA9\xC3\xBC\xC3\x9F\xC2\xB2\xC3\x97", "\xE9\xFC\xDF\xB2\xD7", "ISO-8859-1");
	text_conv_close(c);

	c = text_conv_open("ISO-8859-15");
	conv(c, "\xE2\x82\xAC \xC3\xA9", "\xA4 \xE9", "ISO-8859-15");
	text_conv_close(c);

	c = text_conv_open("NO-SUCH-CHARSET");
	ok(c != NULL, "an unknown charset still gets a converter");
	conv(c, "caf\xC3\xA9", "cafe", "an unknown charset (ASCII is safe)");
	text_conv_close(c);
	text_conv_close(NULL);
	ok(1, "text_conv_close(NULL) is allowed");
}

static void test_squeeze(void)
{
	char s1[] = "  a \n\t b  ", s2[] = "", s3[] = " \n ", s4[] = "x";

	is_str(text_squeeze(s1), "a b", "squeeze collapses and trims");
	is_str(text_squeeze(s2), "", "squeeze of \"\"");
	is_str(text_squeeze(s3), "", "squeeze of blanks");
	is_str(text_squeeze(s4), "x", "squeeze of one letter");
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		printf("1..0 # SKIP no C.UTF-8 locale\n");
		return 0;
	}
	test_decode();
	test_put();
	test_valid();
	test_width();
	test_fit();
	test_wrap();
	test_sanitize();
	test_latex();
	test_markup();
	test_latex_hostile();
	test_match_key();
	test_translit();
	test_to_utf8();
	test_conv();
	test_squeeze();
	return done_testing();
}
