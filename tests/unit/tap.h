/*
 * tap.h: a few TAP helpers for the unit tests (automake's tap-driver.sh
 * reads their output). Header-only: each test program includes it once.
 */
#ifndef SHEAF_TAP_H
#define SHEAF_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static void tap_vok(int cond, const char *fmt, va_list ap)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%s %d - ", cond ? "ok" : "not ok", tap_n);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
}

static int ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int ok(int cond, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tap_vok(cond, fmt, ap);
	va_end(ap);
	return cond;
}

#define is_str(got, want, ...)                                                               \
	do {                                                                                 \
		const char *g_ = (got), *w_ = (want);                                        \
		if (!ok(g_ && w_ && strcmp(g_, w_) == 0, __VA_ARGS__))                       \
			printf("#   got:  \"%s\"\n#   want: \"%s\"\n", g_ ? g_ : "(null)", w_); \
	} while (0)

#define is_int(got, want, ...)                                                         \
	do {                                                                           \
		long long g_ = (long long)(got), w_ = (long long)(want);               \
		if (!ok(g_ == w_, __VA_ARGS__))                                        \
			printf("#   got:  %lld\n#   want: %lld\n", g_, w_);            \
	} while (0)

static int done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
