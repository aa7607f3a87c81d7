/*
 * cli-export: "sheaf export", papers out as BibTeX (bibtex.c does the
 * writing; this file picks the papers and the destination).
 *
 * Must never: write a partial file (bibtex_export_file() renames a
 * finished temporary file into place), or send export text to a terminal
 * without text_sanitize() (cli_put() does it there).
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "bibtex.h"
#include "cli.h"
#include "paper.h"

/* Standard output as an export sink: a terminal gets text made safe and
 * converted to its charset, like any data; a pipe or file gets the bytes
 * (UTF-8, or ASCII with --ascii), sanitised too: the writer never emits
 * what text_sanitize() would change, so this costs nothing but a check. */
static enum status stdout_put(void *ctx, const char *s, size_t n)
{
	const struct cli *c = ctx;
	struct buf safe = BUF_INIT;
	enum status ret = STATUS_OK;

	if (c->tty) {
		cli_put(c, s);
		return STATUS_OK;
	}
	text_sanitize(&safe, s, n, TEXT_KEEP_NEWLINES);
	if (fwrite(buf_str(&safe), 1, safe.len, stdout) != safe.len)
		ret = status_set(STATUS_IO, _("error writing output"));
	buf_free(&safe);
	return ret;
}

int cli_export(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"tagged", no_argument, NULL, 't'},
		{"starred", no_argument, NULL, 's'},
		{"unread", no_argument, NULL, 'u'},
		{"all", no_argument, NULL, 'a'},
		{"output", required_argument, NULL, 'o'},
		{"ascii", no_argument, NULL, 'A'},
		{"abstract", no_argument, NULL, 'b'},
		{"all-fields", no_argument, NULL, 'F'},
		{NULL, 0, NULL, 0},
	};
	struct store_view v = {0, STORE_SORT_DATE};
	struct bibtex_opts o = {false, false, false};
	struct bibtex_stats stats;
	const char *out = NULL;
	bool all = false;
	int64_t *ids = NULL;
	size_t n_ids = 0;
	int ch, i, rc = CLI_OK;
	enum status st;

	optind = 0; /* GNU getopt: reinitialise for a new argv */
	while ((ch = getopt_long(argc, argv, ":tsuao:", opts, NULL)) != -1) {
		switch (ch) {
		case 't': v.filter |= STORE_FILTER_TAGGED; break;
		case 's': v.filter |= STORE_FILTER_STARRED; break;
		case 'u': v.filter |= STORE_FILTER_UNREAD; break;
		case 'a': all = true; break;
		case 'o': out = optarg; break;
		case 'A': o.ascii = true; break;
		case 'b': o.abstract = true; break;
		case 'F': o.all_fields = true; break;
		default:
			return cli_option_error(c, "export", ch, argv);
		}
	}
	if (optind < argc && (all || v.filter))
		return cli_usage_error(c, "export", _("give paper ids or a selection (--all, --starred, --tagged, "
		                        "--unread), not both"));
	if (all && v.filter)
		return cli_usage_error(c, "export", _("--all cannot be combined with --starred, --tagged or --unread"));
	if (optind >= argc && !all && !v.filter)
		return cli_usage_error(c, "export", _("say what to export: --all, --starred, --tagged, --unread or "
		                        "paper ids"));
	if (optind < argc) {
		n_ids = (size_t)(argc - optind);
		ids = xcalloc(n_ids, sizeof(*ids));
		/* Every id must be good before anything is written. */
		for (i = 0; i < (int)n_ids; i++) {
			st = paper_resolve(c->st, argv[optind + i], &ids[i]);
			if (st) {
				free(ids);
				return cli_fail(c, st);
			}
		}
	}
	if (out && strcmp(out, "-") != 0) {
		st = bibtex_export_file(c->st, ids ? NULL : &v, ids, n_ids, &o, out, &stats);
	} else {
		struct bibtex_sink sink = {stdout_put, c};
		st = bibtex_export(c->st, ids ? NULL : &v, ids, n_ids, &o, &sink, &stats);
	}
	free(ids);
	if (st)
		return cli_fail(c, st);
	if (stats.stubs)
		cli_error(c, P_("warning: %ld paper known only by its date was left out",
		                "warning: %ld papers known only by their dates were left out", stats.stubs),
		          stats.stubs);
	if (stats.unkept)
		cli_error(c, P_("warning: the library could not store the %ld citation key made for "
		                "this export; another export may choose another",
		                "warning: the library could not store the %ld citation keys made for "
		                "this export; another export may choose others",
		                stats.unkept),
		          stats.unkept);
	if (stats.dropped)
		cli_error(c, P_("warning: %ld field whose name is not ASCII was left out",
		                "warning: %ld fields whose names are not ASCII were left out",
		                stats.dropped),
		          stats.dropped);
	if (stats.lossy)
		cli_error(c, P_("warning: %ld character had no ASCII form and was written as '?'",
		                "warning: %ld characters had no ASCII form and were written as '?'",
		                stats.lossy),
		          stats.lossy);
	if (out && strcmp(out, "-") != 0) {
		struct buf b = BUF_INIT;
		buf_printf(&b, P_("%s: %ld entry written\n", "%s: %ld entries written\n", stats.entries),
		           out, stats.entries);
		cli_put(c, b.s);
		buf_free(&b);
	}
	return rc;
}
