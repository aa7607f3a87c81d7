/*
 * main: options, locale, the library's location, and dispatch to a
 * command or to the reader.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "import.h"
#include "store.h"
#include "util.h"

struct command {
	const char *name;
	int (*run)(struct cli *c, int argc, char **argv);
};

static const struct command commands[] = {
	{"import", cli_import},
	{"list", cli_list},
	{"show", cli_show},
	{"related", cli_related},
	{"mark", cli_mark},
	{"search", cli_search},
	{"index", cli_index},
};

static void usage(FILE *out)
{
	size_t i;

	fputs(_("Usage: sheaf [OPTION]... [COMMAND [ARGUMENT]...]\n"
	        "A terminal reader for research papers and the links between them.\n"
	        "\n"
	        "With no command, prints a summary of the library.\n"
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
	        "  -d, --db FILE      the library to use\n"
	        "  -h, --help         show this help and exit\n"
	        "  -V, --version      show the version and exit\n"
	        "\n"
	        "Formats (import --format):\n"),
	      out);
	for (i = 0; import_formats[i]; i++)
		fprintf(out, "  %-18s %s\n", import_formats[i]->name, _(import_formats[i]->description));
	fputs(_("\n"
	        "Environment:\n"
	        "  SHEAF_DB           the library, when --db is not given\n"
	        "  XDG_DATA_HOME      the library is $XDG_DATA_HOME/sheaf/library.db\n"
	        "                     (default ~/.local/share/sheaf/library.db)\n"
	        "  SHEAF_DATADIR      where the bundled papers are\n"
	        "  SHEAF_LOCALEDIR    where the translations are\n"
	        "\n"
	        "Exit status: 0 success, 1 bad data or not found, 2 usage error.\n"),
	      out);
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

	setlocale(LC_ALL, "");
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

	while ((ch = getopt_long(argc, argv, "+d:hV", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			db_opt = optarg;
			break;
		case 'h':
			usage(stdout);
			return CLI_OK;
		case 'V':
			printf("sheaf %s\n", PACKAGE_VERSION);
			return CLI_OK;
		default:
			fprintf(stderr, _("Try 'sheaf --help' for more information.\n"));
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
			fprintf(stderr, _("Try 'sheaf --help' for more information.\n"));
			free(db);
			return CLI_USAGE;
		}
		if (strcmp(db, ":memory:") != 0 && make_parents(db) != 0) {
			cli_error(&c, _("cannot create the directory for %s: %s"), db, strerror(errno));
			free(db);
			return CLI_FAIL;
		}
		st = store_open(db, 0, &c.st);
		if (st) {
			rc = cli_fail(&c, st);
		} else {
			rc = cmd->run(&c, argc - optind, argv + optind);
			store_close(c.st);
		}
	} else {
		if (make_parents(db) != 0) {
			cli_error(&c, _("cannot create the directory for %s: %s"), db, strerror(errno));
			free(db);
			return CLI_FAIL;
		}
		st = store_open(db, 0, &c.st);
		if (st) {
			rc = cli_fail(&c, st);
		} else {
			rc = cli_summary(&c);
			store_close(c.st);
		}
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error(&c, _("error writing output: %s"), strerror(errno));
		rc = CLI_FAIL;
	}
	text_conv_close(c.conv);
	free(db);
	return rc;
}
