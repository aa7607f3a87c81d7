/*
 * text: everything sheaf knows about characters — UTF-8 decoding that
 * survives any bytes, display width, wrapping and truncation by columns,
 * making data safe to draw, LaTeX rendered for reading, transliteration
 * to ASCII, and iconv conversions of files and of terminal output.
 *
 * Pure functions over strings: no terminal, no database. Stored text is
 * never changed here; callers render copies.
 */
#ifndef SHEAF_TEXT_H
#define SHEAF_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "util.h"

#define TEXT_REPLACEMENT 0xFFFDu

/* Private-use code points the renderer emits around styled text when asked
 * for TEXT_MARKUP; literal ones in its input are then replaced by U+FFFD.
 * Without TEXT_MARKUP they pass through, and text_sanitize() replaces them
 * unless told to keep markup. */
#define TEXT_MARK_ITALIC 0xE000u
#define TEXT_MARK_BOLD 0xE001u
#define TEXT_MARK_END 0xE002u

/* Decodes one character at s (n bytes available, n > 0) into *cp and
 * returns the bytes it used (1..4). An invalid or truncated sequence gives
 * U+FFFD and consumes one byte, so any input makes progress. */
size_t text_utf8_next(const char *s, size_t n, uint32_t *cp);

/* Appends cp encoded as UTF-8 (surrogates and values past U+10FFFF become
 * U+FFFD). */
void text_utf8_put(struct buf *b, uint32_t cp);

/* True when the n bytes are well-formed UTF-8. */
bool text_utf8_valid(const char *s, size_t n);

/* Appends the n bytes of s with every byte that is not part of a
 * well-formed character (a surrogate, an overlong form, a stray byte)
 * replaced by U+FFFD; everything else, controls included, as it is. */
void text_utf8_clean(struct buf *out, const char *s, size_t n);

/* Display columns of one character: 0 for combining marks and other
 * zero-width characters, 2 for wide (CJK, most emoji), 1 otherwise.
 * Control characters count 0 here; sanitise before measuring. */
int text_cp_width(uint32_t cp);

/* Display columns of a UTF-8 string (markup code points count 0). */
size_t text_width(const char *s);

/* Appends s to out, at most cols columns wide; when it does not fit, cuts
 * at a character boundary and ends with an ellipsis ("…", or "..." when
 * ascii is true). Returns the columns appended. */
int text_fit(struct buf *out, const char *s, int cols, bool ascii);

/* One line of wrapped text: bytes [start, end) of the input. */
struct text_line {
	size_t start, end;
};

/* Wraps s into lines of at most cols columns, breaking at spaces and at
 * newlines, and inside words only when one word is wider than a line.
 * Returns the number of lines; *lines is allocated (free() it). */
size_t text_wrap(const char *s, int cols, struct text_line **lines);

/* Flags for text_sanitize(). */
enum {
	TEXT_KEEP_NEWLINES = 1, /* keep '\n' (else it becomes a space) */
	TEXT_ASCII_ONLY = 2,    /* placeholders that are pure ASCII */
	TEXT_KEEP_MARKUP = 4,   /* keep TEXT_MARK_* code points (rendered text) */
};

/* Appends a copy of the n bytes of s that is safe to draw: C0 controls and
 * DEL as caret notation (ESC is "^["), tabs as a space, C1 controls, bidi
 * overrides and invalid bytes as U+FFFD (or "?" under TEXT_ASCII_ONLY).
 * Nothing that reaches a terminal may skip this. */
void text_sanitize(struct buf *out, const char *s, size_t n, unsigned flags);

/* Flags for text_render(). */
enum {
	TEXT_ASCII = 1,  /* transliterate the result to plain ASCII */
	TEXT_MARKUP = 2, /* mark italic and bold spans with TEXT_MARK_* */
};

/* Renders LaTeX-marked text for reading: inline math with Unicode sub- and
 * superscripts where they exist (x_ij style where not), Greek letters and
 * symbols, relations and binary operators with a blank on each side when
 * they stand between operands ("a ≤ b"), math accents as combining marks,
 * text-style commands, accents, dashes and quotes, escaped specials; white
 * space collapsed. Unknown commands show their argument or their name. A
 * dollar that lost its partner does not turn the prose after it into
 * math. Never fails; the result is newly allocated UTF-8 (pure ASCII with
 * TEXT_ASCII: "a <= b", "sqrt(2)", "G_2"). */
char *text_render(const char *s, unsigned flags);

/* Appends the ASCII transliteration of UTF-8 text s (é -> e, “ -> ",
 * — -> -, ≤ -> <=, α -> alpha, ₂ -> _2); a symbol spelled as a word is
 * kept apart from the letters and digits beside it (ΔI -> "Delta I"),
 * combining marks are dropped, other characters with no known form become
 * '?'. */
void text_translit_ascii(struct buf *out, const char *s, size_t n);

/* The matching key of s: rendered, transliterated to ASCII, lower-cased,
 * with everything but letters and digits removed, so that "pre-training",
 * "pretraining" and "{\em pretraining}" agree. At most max characters are
 * produced (0 = no limit). Newly allocated. */
char *text_match_key(const char *s, size_t max);

/* Collapses runs of white space (including newlines) into single spaces
 * and trims both ends, in place. Returns s. */
char *text_squeeze(char *s);

/* Converts n bytes of file data to UTF-8 for an importer. With encoding
 * non-NULL, converts from that iconv encoding (STATUS_USAGE when iconv
 * does not know it, STATUS_PARSE on bytes invalid in it). Without it,
 * valid UTF-8 is taken as is and anything else is read as Windows-1252,
 * setting *guessed. A UTF-8 byte-order mark is dropped. *out is newly
 * allocated and NUL-terminated; NUL bytes in the input are kept. */
enum status text_to_utf8(const char *data, size_t n, const char *encoding,
                         char **out, size_t *outlen, bool *guessed);

/* A converter from UTF-8 to a terminal's charset. */
struct text_conv;

/* Opens a converter to charset (for example the result of
 * nl_langinfo(CODESET)); NULL when the charset is UTF-8 itself, in which
 * case no conversion is needed. */
struct text_conv *text_conv_open(const char *charset);
void text_conv_close(struct text_conv *c);

/* Appends s converted to the converter's charset: characters the charset
 * has are kept, others transliterated (é stays é in ISO-8859-1, becomes e
 * in ASCII), never raw UTF-8. */
void text_conv(struct text_conv *c, struct buf *out, const char *s);

/* Appends s, still as UTF-8, with every character the converter's charset
 * lacks replaced by its transliteration: what text_conv() would show, but
 * measurable in columns before it is converted. */
void text_conv_fit(struct text_conv *c, struct buf *out, const char *s);

/* True when charset names UTF-8. */
bool text_charset_is_utf8(const char *charset);

/* The LaTeX accent command and ASCII base letter the renderer composes
 * into cp ('\'' and 'e' for é, 'v' and 'c' for č); false for anything
 * else. */
bool text_latex_accent(uint32_t cp, char *accent, char *base);

/* The LaTeX command (without its backslash) the renderer reads as cp
 * ("alpha" for α, "ss" for ß), or NULL. Whether it is a text or a math
 * command is the caller's business. */
const char *text_latex_symbol(uint32_t cp);

/* strerror(e) in UTF-8, like every text inside sheaf: the C library
 * writes it in the locale's charset ("Ger\xE4t" under de_DE.ISO-8859-1).
 * Valid until the next call. */
const char *text_strerror(int e);

#endif
