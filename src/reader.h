/*
 * reader: the interactive reader's entry point (ui.c), for main.c.
 */
#ifndef SHEAF_READER_H
#define SHEAF_READER_H

#include <stdint.h>

#include "store.h"

struct reader_opts {
	struct store *st;
	const char *db_path;
	int64_t open_id;       /* paper to open with, or 0 */
	const char *config;    /* --config FILE, or NULL for the default path */
	const char *message;   /* shown on the message line at start, or NULL */
};

/* Runs the reader on the terminal until the user quits or a signal
 * (SIGHUP, SIGTERM, SIGINT) ends it. Returns an exit status. */
int reader_run(const struct reader_opts *o);

#endif
