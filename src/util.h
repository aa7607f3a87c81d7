/*
 * util: the few things every module needs — allocation that never returns
 * NULL, a growable string buffer, and the gettext macros.
 * Running out of memory is the one error that ends the program here.
 */
#ifndef SHEAF_UTIL_H
#define SHEAF_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#define P_(s, p, n) ngettext((s), (p), (n))
#else
#define _(s) (s)
#define P_(s, p, n) ((n) == 1 ? (s) : (p))
#define gettext(s) (s)
#endif
#define N_(s) (s)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define ATTR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define ATTR_NORETURN __attribute__((noreturn))
#else
#define ATTR_PRINTF(f, a)
#define ATTR_NORETURN
#endif

/* Called when an allocation fails: set by the UI so it can restore the
 * terminal before the message is printed. May be NULL. */
extern void (*util_fatal_hook)(void);

/* Prints "sheaf: MESSAGE" to stderr, runs the fatal hook and exits 70. */
void util_die(const char *fmt, ...) ATTR_PRINTF(1, 2) ATTR_NORETURN;

/* malloc/calloc/realloc/strdup that never return NULL (they die instead). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows *p (an array of *cap elements of size `size`) to hold at least
 * `need` elements, doubling; returns the new pointer, updates *cap. */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A newly allocated printf result. */
char *xasprintf(const char *fmt, ...) ATTR_PRINTF(1, 2);

/* A growable, always NUL-terminated byte string. Zero-initialise it or use
 * BUF_INIT; free with buf_free(). */
struct buf {
	char *s;
	size_t len, cap;
};
#define BUF_INIT { NULL, 0, 0 }

void buf_add(struct buf *b, const char *s, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) ATTR_PRINTF(2, 3);
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Empties the buffer but keeps its memory. */
void buf_reset(struct buf *b);
/* Returns a pointer to the (possibly empty) NUL-terminated contents. */
const char *buf_str(const struct buf *b);
/* Hands the contents to the caller (free() it) and empties the buffer. */
char *buf_steal(struct buf *b);
void buf_free(struct buf *b);

/* Case-insensitive ASCII comparison of at most n bytes. */
int util_strncasecmp(const char *a, const char *b, size_t n);
/* True when s starts with prefix. */
bool util_startswith(const char *s, const char *prefix);
/* Trims ASCII white space at both ends in place; returns s. */
char *util_trim(char *s);
/* 64-bit FNV-1a hash of n bytes. */
uint64_t util_hash64(const void *p, size_t n);
/* Parses a decimal paper id (positive int64); false on anything else. */
bool util_parse_id(const char *s, int64_t *out);

#endif
