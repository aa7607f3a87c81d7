/*
 * status: the codes core functions return, and the message that goes with
 * the most recent failure. One X-macro table names them all, so a code and
 * its text cannot drift apart.
 *
 * The detail (for example "papers.txt:12: date expected") is kept in one
 * buffer per thread: set it where the failure is understood, read it where
 * it is reported. The core never prints.
 */
#ifndef SHEAF_STATUS_H
#define SHEAF_STATUS_H

#include "util.h"

#define STATUS_TABLE(X)                                                        \
	X(OK, N_("success"))                                                   \
	X(IO, N_("input/output error"))                                        \
	X(PARSE, N_("malformed input"))                                        \
	X(NOTFOUND, N_("not found"))                                           \
	X(DB, N_("library error"))                                             \
	X(BUSY, N_("the library is locked by another program"))               \
	X(READONLY, N_("the library is read-only"))                           \
	X(FULL, N_("the disk is full"))                                        \
	X(NEWER, N_("the library was written by a newer sheaf"))              \
	X(USAGE, N_("invalid argument"))                                       \
	X(QUERY, N_("malformed search query"))                                 \
	X(INTERRUPTED, N_("interrupted"))

enum status {
#define STATUS_ENUM(name, text) STATUS_##name,
	STATUS_TABLE(STATUS_ENUM)
#undef STATUS_ENUM
};

/* The translated generic text of a status code. */
const char *status_str(enum status st);

/* Records a detailed message for st (printf-style) and returns st. */
enum status status_set(enum status st, const char *fmt, ...) ATTR_PRINTF(2, 3);

/* The detail recorded by the last status_set(), or the generic text of the
 * last code when there is none. Valid until the next status_set(). */
const char *status_msg(void);

/* The code of the last status_set(). */
enum status status_last(void);

/* Forgets the last message. */
void status_clear(void);

#endif
