/*
 * status: status codes and the last error message.
 */
#include "config.h"

#include <stdio.h>

#include "status.h"

static const char *const texts[] = {
#define STATUS_TEXT(name, text) text,
	STATUS_TABLE(STATUS_TEXT)
#undef STATUS_TEXT
};

static struct buf last_msg;
static enum status last_st;

const char *status_str(enum status st)
{
	if ((size_t)st >= ARRAY_SIZE(texts))
		return "?";
	return _(texts[st]);
}

enum status status_set(enum status st, const char *fmt, ...)
{
	va_list ap;

	buf_reset(&last_msg);
	va_start(ap, fmt);
	buf_vprintf(&last_msg, fmt, ap);
	va_end(ap);
	last_st = st;
	return st;
}

const char *status_msg(void)
{
	if (last_msg.len)
		return last_msg.s;
	return status_str(last_st);
}

enum status status_last(void)
{
	return last_st;
}

void status_clear(void)
{
	buf_reset(&last_msg);
	last_st = STATUS_OK;
}
