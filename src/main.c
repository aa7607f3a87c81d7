/*
 * main: options, locale, the library's location, and dispatch to a
 * command or to the reader.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "action.h"
#include "cli.h"
#include "paper.h"
#include "reader.h"
#include "import.h"
#include "store.h"
#include "util.h"

struct command {
	const char *name;
	int (*run)(struct cli *c, int argc, char **argv);
};

static int cmd_open(struct cli *c, int argc, char **argv);

static const struct command commands[] = {
	{"import", cli_import},
	{"list", cli_list},
	{"show", cli_show},
	{"related", cli_related},
	{"mark", cli_mark},
	{"open", cmd_open},
	{"export", cli_export},
	{"search", cli_search},
	{"index", cli_index},
};

static const char *config_opt;
static const char *first_run_message;

/* The --help text, in the user's language and charset. */
static void usage(const struct cli *c)
{
	struct buf b = BUF_INIT;
	size_t i;

	/* TRANSLATORS: keep the command and option names, and keep the
	 * descriptions lined up (they start in column 22). */
	buf_adds(&b, _("Usage: sheaf [OPTION]... [COMMAND [ARGUMENT]...]\n"
	               "A terminal reader for research papers and the links between them.\n"
	               "\n"
	               "With no command, opens the reader on the library (on a terminal; else\n"
	               "prints a summary). A new library is filled with the bundled papers.\n"
	               "\n"
	               "Commands:\n"
	               "  import [--format F] [--encoding E] [--tsv] FILE...\n"
	               "                     add papers from files ('-' reads standard input)\n"
	               "  list [--unread|--starred|--tagged] [--sort date|title|recent] [--tsv]\n"
	               "                     list papers, newest first\n"
	               "  show [--raw] ID    everything known about a paper\n"
	               "  related [--incoming] [--tsv] ID\n"
	               "                     a paper's related papers, strongest first\n"
	               "  mark ID... --read|--unread|--star|--unstar|--tag|--untag\n"
	               "                     set or clear marks\n"
	               "  open ID            open the reader with paper ID current\n"
	               "  export [--all|--starred|--tagged|--unread|ID...] [-o FILE] [--ascii]\n"
	               "         [--abstract] [--all-fields]\n"
	               "                     write papers as BibTeX (to standard output without -o)\n"
	               "  search [--unread|--starred|--tagged] [--limit N] [--tsv] QUERY...\n"
	               "                     papers matching QUERY, best first: words, \"phrases\",\n"
	               "                     prefix*, author:, title:, abstract:, year:2020..2023,\n"
	               "                     arxiv:ID, AND, OR, NOT (or -word), parentheses\n"
	               "  index [--full] [--quiet]\n"
	               "                     compute related papers from titles and abstracts\n"
	               "                     (run after imports; --full rebuilds everything)\n"
	               "\n"
	               "ID is a paper's number (as 'sheaf list' shows it) or its arXiv id.\n"
	               "\n"
	               "Options:\n"
	               "  -c, --config FILE  the reader's configuration file\n"
	               "  -d, --db FILE      the library to use\n"
	               "  -h, --help         show this help and exit\n"
	               "  -V, --version      show the version and exit\n"
	               "\n"
	               "Formats (import --format):\n"));
	for (i = 0; import_formats[i]; i++)
		buf_printf(&b, "  %-18s %s\n", import_formats[i]->name,
		           _(import_formats[i]->description));
	buf_adds(&b, _("\n"
	               "Keys in the reader (rebind them in the configuration file):\n"));
	for (i = 0; i < action_count; i++) {
		struct buf k = BUF_INIT;
		action_default_keys(action_table[i].action, ", ", &k);
		buf_printf(&b, "  %-18s %s\n", buf_str(&k), _(action_table[i].help));
		buf_free(&k);
	}
	/* TRANSLATORS: keep the variable names, and keep the descriptions
	 * lined up (they start in column 22). */
	buf_adds(&b, _("\n"
	               "Environment:\n"
	               "  SHEAF_DB           the library, when --db is not given\n"
	               "  XDG_CONFIG_HOME    the configuration is $XDG_CONFIG_HOME/sheaf/config\n"
	               "                     (default ~/.config/sheaf/config)\n"
	               "  BROWSER            the program 'o' opens URLs with\n"
	               "  NO_COLOR           when set and not empty, the reader uses no colours\n"
	               "  TERM, LANG, LC_ALL the terminal and its character set\n"
	               "  LANGUAGE           the languages of messages, in order (de:en)\n"
	               "  XDG_DATA_HOME      the library is $XDG_DATA_HOME/sheaf/library.db\n"
	               "                     (default ~/.local/share/sheaf/library.db)\n"
	               "  SHEAF_DATADIR      where the bundled papers are\n"
	               "  SHEAF_LOCALEDIR    where the translations are\n"
	               "\n"
	               "Exit status: 0 success, 1 bad data or not found, 2 usage error.\n"));
	cli_say(c, stdout, b.s);
	buf_free(&b);
}

/* Creates every missing directory above path (mkdir -p of its dirname). */
static int make_parents(const char *path)
{
	char *copy = xstrdup(path), *p;

	for (p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
			int e = errno;
			free(copy);
			errno = e;
			return -1;
		}
		*p = '/';
	}
	free(copy);
	return 0;
}

/* Where the bundled papers are: $SHEAF_DATADIR, the installed copy, or
 * the source tree's (for a sheaf run from its build directory). */
static const char *bundle_dir(void)
{
	const char *env = getenv("SHEAF_DATADIR");
	struct stat sb;

	if (env && *env)
		return env;
	if (stat(PKGDATADIR "/papers", &sb) == 0 && S_ISDIR(sb.st_mode))
		return PKGDATADIR "/papers";
	return SRCDATADIR "/papers";
}

static int run_reader(struct cli *c, int64_t id)
{
	struct reader_opts o = {c->st, c->db_path, id, config_opt, first_run_message};

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cli_error(c, "%s", _("the reader needs a terminal (see sheaf --help for the commands)"));
		return CLI_USAGE;
	}
	return reader_run(&o);
}

static int cmd_open(struct cli *c, int argc, char **argv)
{
	int64_t id;
	enum status st;

	if (argc != 2) {
		cli_error(c, "%s", _("open: give one paper"));
		return CLI_USAGE;
	}
	st = paper_resolve(c->st, argv[1], &id);
	if (st)
		return cli_fail(c, st);
	return run_reader(c, id);
}

/* --db, else $SHEAF_DB, else the XDG data directory. Newly allocated. */
static char *library_path(const char *opt)
{
	const char *env = getenv("SHEAF_DB"), *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");

	if (opt)
		return xstrdup(opt);
	if (env && *env)
		return xstrdup(env);
	if (xdg && *xdg == '/')
		return xasprintf("%s/sheaf/library.db", xdg);
	return xasprintf("%s/.local/share/sheaf/library.db", home && *home ? home : ".");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'},
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct cli c;
	const char *db_opt = NULL, *charset;
	char *db;
	int ch, rc;
	size_t i;
	enum status st;

	/* Past a file size limit (ulimit -f) a write fails with EFBIG, and
	 * the library's transaction is rolled back with a message; the
	 * signal that comes with it would end sheaf half-way instead. */
	signal(SIGXFSZ, SIG_IGN);
	/* Only the categories sheaf uses: the character set, messages and
	 * the month names of dates. Where locales are files rather than an
	 * archive (C.UTF-8 on a bare Debian), each category is two file
	 * lookups and a map: all twelve were a tenth of the reader's own
	 * time to its first screen. Numbers stay in the C locale whatever
	 * the language: under de_DE, strtod() would stop at "[79.17]" and
	 * printf would write "79,17" into --tsv output. */
	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	setlocale(LC_TIME, "");
#ifdef ENABLE_NLS
	{
		const char *dir = getenv("SHEAF_LOCALEDIR");
		bindtextdomain(PACKAGE, dir && *dir ? dir : LOCALEDIR);
		textdomain(PACKAGE);
	}
#endif
	memset(&c, 0, sizeof(c));
	charset = nl_langinfo(CODESET);
	c.conv = text_conv_open(charset);
	c.ascii = !text_charset_is_utf8(charset) &&
	          (strcmp(charset, "ANSI_X3.4-1968") == 0 || util_strncasecmp(charset, "ASCII", 6) == 0);
	c.tty = isatty(STDOUT_FILENO);
	if (c.tty) {
		struct winsize ws;
		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
			c.columns = ws.ws_col;
	}
#ifdef ENABLE_NLS
	/* Messages come out in the terminal's charset, transliterated. */
	bind_textdomain_codeset(PACKAGE, "UTF-8");
#endif

	/* Options are reported by cli_option_error(), made safe to print. */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+:c:d:hV", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			config_opt = optarg;
			break;
		case 'd':
			db_opt = optarg;
			break;
		case 'h':
			usage(&c);
			text_conv_close(c.conv);
			return CLI_OK;
		case 'V':
			printf("sheaf %s\n", PACKAGE_VERSION);
			text_conv_close(c.conv);
			return CLI_OK;
		default:
			cli_option_error(&c, NULL, ch, argv);
			text_conv_close(c.conv);
			return CLI_USAGE;
		}
	}
	db = library_path(db_opt);
	c.db_path = db;
	if (optind < argc) {
		const struct command *cmd = NULL;
		for (i = 0; i < ARRAY_SIZE(commands); i++)
			if (strcmp(argv[optind], commands[i].name) == 0)
				cmd = &commands[i];
		if (!cmd) {
			cli_error(&c, _("unknown command '%s'"), argv[optind]);
			cli_say(&c, stderr, _("Try 'sheaf --help' for more information.\n"));
			text_conv_close(c.conv);
			free(db);
			return CLI_USAGE;
		}
		/* "sheaf import --help" shows the help, and touches no library. */
		for (i = (size_t)optind + 1; i < (size_t)argc && strcmp(argv[i], "--") != 0; i++)
			if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
				usage(&c);
				text_conv_close(c.conv);
				free(db);
				return CLI_OK;
			}
		if (strcmp(db, ":memory:") != 0 && make_parents(db) != 0) {
			cli_error(&c, _("cannot create the directory for %s: %s"), db,
			          text_strerror(errno));
			text_conv_close(c.conv);
			free(db);
			return CLI_FAIL;
		}
		/* The reader never rebuilds a stale search index at open. */
		st = store_open(db, cmd->run == cmd_open ? STORE_DEFER_INDEX : 0, &c.st);
		if (st) {
			rc = cli_fail(&c, st);
		} else {
			rc = cmd->run(&c, argc - optind, argv + optind);
			store_close(c.st);
		}
	} else {
		bool existed = access(db, F_OK) == 0;
		if (make_parents(db) != 0) {
			cli_error(&c, _("cannot create the directory for %s: %s"), db,
			          text_strerror(errno));
			text_conv_close(c.conv);
			free(db);
			return CLI_FAIL;
		}
		st = store_open(db, isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) ? STORE_DEFER_INDEX : 0,
		                &c.st);
		if (st) {
			rc = cli_fail(&c, st);
		} else {
			bool tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
			rc = CLI_OK;
			/* A newcomer's first run: fill the new library with the
			 * bundled papers. Commands never do this. */
			if (tty && (!existed || store_was_empty(c.st)) && !store_readonly(c.st)) {
				static char msg[256];
				struct stat sb;
				const char *dir = bundle_dir();
				if (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode)) {
					rc = cli_fill_from_bundle(&c, dir, true);
					snprintf(msg, sizeof(msg), _("New library %s: filled with the papers in %s"),
					         db, dir);
					first_run_message = msg;
				}
			}
			if (rc == CLI_OK)
				rc = tty ? run_reader(&c, 0) : cli_summary(&c);
			store_close(c.st);
		}
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error(&c, _("error writing output: %s"), text_strerror(errno));
		rc = CLI_FAIL;
	}
	text_conv_close(c.conv);
	free(db);
	return rc;
}
