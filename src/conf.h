/*
 * conf: the configuration file format — one directive a line ("bind j
 * down", "set layout tall", "color header white blue bold"), "#" comments,
 * double quotes around words with spaces. The built-in defaults
 * (data/config, compiled in) are read by this same parser before the
 * user's file, so they cannot drift apart.
 *
 * The parser only splits lines into words; what a directive means is up to
 * the caller's handler (the reader applies it, the man page generator only
 * collects bindings).
 */
#ifndef SHEAF_CONF_H
#define SHEAF_CONF_H

#include <stdbool.h>

#include "util.h"

/* The built-in configuration text. */
extern const char conf_defaults[];

/* Called for each directive line with its words (argc >= 1). Returns NULL
 * when the line is fine, else a translated message saying what is wrong
 * (static or owned by the handler until the next call). */
typedef const char *(*conf_line_fn)(void *ctx, int argc, char **argv);

/* Parses text line by line. Each bad line adds "name:LINE: message\n" to
 * errs and parsing goes on. Returns the number of bad lines. */
int conf_parse(const char *name, const char *text, conf_line_fn fn, void *ctx,
                 struct buf *errs);

/* Reads and parses a file. A missing file is no error when missing_ok is
 * true. Returns the number of errors (reading failures count as one). */
int conf_parse_file(const char *path, bool missing_ok, conf_line_fn fn, void *ctx,
                      struct buf *errs);

/* The user's config path: $XDG_CONFIG_HOME/sheaf/config, else
 * ~/.config/sheaf/config. Newly allocated. */
char *conf_default_path(void);

#endif
