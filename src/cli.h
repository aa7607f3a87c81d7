/*
 * cli: the non-interactive commands (import, list, show, related, mark,
 * and the library summary). Their output is stable for scripts: --tsv
 * forms have fixed, untranslated headers; dates are YYYY-MM-DD.
 *
 * Exit status: 0 success, 1 bad data or not found, 2 usage.
 */
#ifndef SHEAF_CLI_H
#define SHEAF_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "store.h"
#include "text.h"

enum {
	CLI_OK = 0,
	CLI_FAIL = 1,
	CLI_USAGE = 2,
};

/* What every command needs: the library and how to write to the user. */
struct cli {
	const char *db_path;
	struct store *st;
	struct text_conv *conv; /* stdout's charset; NULL for UTF-8 */
	bool ascii;             /* stdout's charset is plain ASCII */
	bool tty;               /* stdout is a terminal */
	int columns;            /* its width, when it is one */
};

/* Writes data text to stdout: made safe (control characters shown as
 * ^X) and converted to the terminal's charset. */
void cli_put(const struct cli *c, const char *s);

/* Writes text (a translated message, which the catalogue gives in UTF-8)
 * to f the same way: in the user's charset, never raw UTF-8 on a Latin-1
 * or ASCII terminal. */
void cli_say(const struct cli *c, FILE *f, const char *s);

/* Prints "sheaf: MESSAGE" on stderr, converted to the user's charset. */
void cli_error(const struct cli *c, const char *fmt, ...) ATTR_PRINTF(2, 3);

/* Each command takes its own argv (argv[0] is the command name) and
 * returns an exit status. */
int cli_import(struct cli *c, int argc, char **argv);
int cli_list(struct cli *c, int argc, char **argv);
int cli_show(struct cli *c, int argc, char **argv);
int cli_related(struct cli *c, int argc, char **argv);
int cli_mark(struct cli *c, int argc, char **argv);
/* In cli-export.c: papers out as BibTeX. */
int cli_export(struct cli *c, int argc, char **argv);
/* cli-search.c: search the library; bring computed related papers up to
 * date. */
int cli_search(struct cli *c, int argc, char **argv);
int cli_index(struct cli *c, int argc, char **argv);

/* The library in one paragraph (sheaf with no command, off a terminal). */
int cli_summary(struct cli *c);

/* Imports every file of the bundled papers directory into an empty
 * library (the reader's first run). Returns an exit status. */
int cli_fill_from_bundle(struct cli *c, const char *dir, bool quiet);

/* Prints an error for a failed status and returns the exit status that
 * goes with it. */
int cli_fail(const struct cli *c, enum status st);

/* Reports the option getopt_long() just refused (ch is ':' for a missing
 * argument, else '?') for command cmd (NULL: sheaf's own options) and
 * returns CLI_USAGE. getopt's own messages are off (opterr is 0): they
 * would print the argument raw, escape sequences and all. */
int cli_option_error(const struct cli *c, const char *cmd, int ch, char **argv);

/* Reports a usage error of command cmd ("cmd: msg", then where help is)
 * and returns CLI_USAGE. */
int cli_usage_error(const struct cli *c, const char *cmd, const char *msg);

#endif
