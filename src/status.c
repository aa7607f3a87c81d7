/*
 * status: status codes and the last error message.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "status.h"

static const char *const texts[] = {
#define STATUS_TEXT(name, text) text,
	STATUS_TABLE(STATUS_TEXT)
#undef STATUS_TEXT
};

/* One message a thread: a large import parses in a worker thread while
 * the main thread writes the library (import.c). A fixed buffer, so that
 * an ending thread leaves nothing allocated behind. */
static __thread char last_msg[4096];
static __thread enum status last_st;

const char *status_str(enum status st)
{
	if ((size_t)st >= ARRAY_SIZE(texts))
		return "?";
	return _(texts[st]);
}

enum status status_set(enum status st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
	va_end(ap);
	last_st = st;
	return st;
}

const char *status_msg(void)
{
	if (last_msg[0])
		return last_msg;
	return status_str(last_st);
}

enum status status_last(void)
{
	return last_st;
}

void status_clear(void)
{
	last_msg[0] = '\0';
	last_st = STATUS_OK;
}
