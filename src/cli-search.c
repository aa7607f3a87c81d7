/*
 * cli-search: `sheaf search` (the query language of search.h, hits best
 * first) and `sheaf index` (computed related papers, related.h).
 *
 * Must never: print data without cli_put()/sanitising, or turn a
 * malformed query into anything but exit status 1 with the parser's
 * message.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "paper.h"
#include "related.h"
#include "search.h"

#define PAGE 256

/* A TSV field: tabs and newlines become spaces, controls visible. */
static void tsv_field(const struct cli *c, struct buf *b, const char *s)
{
	text_sanitize(b, s, strlen(s), c->ascii ? TEXT_ASCII_ONLY : 0);
}

static void put_hit(const struct cli *c, const struct store_hit *h, bool tsv)
{
	struct buf b = BUF_INIT, t = BUF_INIT, out = BUF_INIT;
	const struct store_row *r = &h->row;

	paper_title(&t, r->title, r->stub, r->date);
	if (tsv) {
		buf_printf(&b, "%lld\t", (long long)r->id);
		tsv_field(c, &b, r->arxiv);
		buf_addc(&b, '\t');
		tsv_field(c, &b, r->date);
		buf_printf(&b, "\t%d\t%d\t%d\t", r->read, r->starred, r->tagged);
		tsv_field(c, &b, t.s);
		buf_printf(&b, "\t%.4f\n", h->score);
		/* Fields are safe already: only the charset is converted. */
		text_conv(c->conv, &out, b.s);
		fputs(buf_str(&out), stdout);
	} else {
		char *rendered = text_render(t.s, c->ascii ? TEXT_ASCII : 0);
		struct buf safe = BUF_INIT;
		buf_printf(&b, "%6lld %c%c%c %-10s %-12s %7.2f ", (long long)r->id,
		           r->read ? ' ' : 'N', r->starred ? '*' : ' ', r->tagged ? '+' : ' ',
		           r->date, r->arxiv, h->score);
		text_sanitize(&safe, rendered, strlen(rendered), c->ascii ? TEXT_ASCII_ONLY : 0);
		if (c->tty && c->columns > 50)
			text_fit(&b, safe.s, c->columns - 43, c->ascii);
		else
			buf_adds(&b, safe.s);
		buf_addc(&b, '\n');
		cli_put(c, b.s);
		buf_free(&safe);
		free(rendered);
	}
	buf_free(&b);
	buf_free(&t);
	buf_free(&out);
}

int cli_search(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"unread", no_argument, NULL, 'u'},      {"starred", no_argument, NULL, 's'},
	    {"tagged", no_argument, NULL, 't'},      {"tsv", no_argument, NULL, 'T'},
	    {"limit", required_argument, NULL, 'l'}, {NULL, 0, NULL, 0},
	};
	unsigned filter = 0;
	bool tsv = false, more;
	size_t cap = STORE_SEARCH_CAP;
	struct buf text = BUF_INIT;
	struct search_query *q;
	struct store_hits *h;
	struct store_hit rows[PAGE], last;
	bool have_last = false;
	int64_t count;
	int ch, i;
	enum status st;

	optind = 0; /* GNU getopt: reinitialise for a new argv */
	while ((ch = getopt_long(argc, argv, ":ustl:", opts, NULL)) != -1) {
		switch (ch) {
		case 'u': filter |= STORE_FILTER_UNREAD; break;
		case 's': filter |= STORE_FILTER_STARRED; break;
		case 't': filter |= STORE_FILTER_TAGGED; break;
		case 'T': tsv = true; break;
		case 'l': {
			char *end;
			long long n = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end || n < 1)
				return cli_usage_error(c, "search", _("--limit takes a positive number"));
			cap = (size_t)n;
			break;
		}
		default: return cli_option_error(c, "search", ch, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error(c, "search", _("no query given"));
	/* The words of the command line are one query. */
	for (i = optind; i < argc; i++) {
		if (i > optind)
			buf_addc(&text, ' ');
		buf_adds(&text, argv[i]);
	}
	st = search_parse(buf_str(&text), &q);
	buf_free(&text);
	if (st) {
		cli_error(c, "search: %s", status_msg());
		return CLI_FAIL;
	}
	st = store_search(c->st, q, filter, cap, 0, true, &h);
	search_free(q);
	if (st)
		return cli_fail(c, st);
	if (tsv)
		fputs("id\tarxiv\tdate\tread\tstarred\ttagged\ttitle\tscore\n", stdout);
	memset(&last, 0, sizeof(last));
	for (;;) {
		size_t n, k;
		st = store_hits_rows(c->st, h, have_last ? &last : NULL, false, rows, PAGE, &n);
		if (st)
			break;
		for (k = 0; k < n; k++)
			put_hit(c, &rows[k], tsv);
		if (n) {
			last.pos = rows[n - 1].pos;
			have_last = true;
		}
		store_hits_clear(rows, n);
		if (n < PAGE)
			break;
	}
	if (!st)
		st = store_hits_count(c->st, h, &count, &more);
	store_hits_free(c->st, h);
	if (st)
		return cli_fail(c, st);
	if (more)
		cli_error(
		    c,
		    P_("search: more papers match; this is the best %lld of the newest matches "
		       "(narrow the query, or raise --limit)",
		       "search: more papers match; these are the best %lld of the newest matches "
		       "(narrow the query, or raise --limit)",
		       count),
		    (long long)count);
	return CLI_OK;
}

/* ---------------------------------------------------------------- index */

static void show_progress(void *ctx, const char *phase, long done, long total)
{
	struct buf b = BUF_INIT, out = BUF_INIT;
	const struct cli *c = ctx;

	/* TRANSLATORS: the progress of sheaf index: phase, done, to do. */
	buf_addc(&b, '\r'); /* the progress line rewrites itself */
	buf_printf(&b, _("sheaf: index: %s %ld/%ld   "), _(phase), done, total);
	text_conv(c->conv, &out, b.s);
	fputs(buf_str(&out), stderr);
	fflush(stderr);
	buf_free(&b);
	buf_free(&out);
}

int cli_index(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"full", no_argument, NULL, 'f'},
	    {"quiet", no_argument, NULL, 'q'},
	    {NULL, 0, NULL, 0},
	};
	struct related_stats s;
	bool full = false, quiet = false, tty = isatty(STDERR_FILENO);
	struct buf b = BUF_INIT;
	int ch;
	enum status st;

	optind = 0; /* GNU getopt: reinitialise for a new argv */
	while ((ch = getopt_long(argc, argv, ":fq", opts, NULL)) != -1) {
		if (ch == 'f')
			full = true;
		else if (ch == 'q')
			quiet = true;
		else
			return cli_option_error(c, "index", ch, argv);
	}
	if (optind < argc)
		return cli_usage_error(c, "index", _("unexpected argument"));
	st = related_index(c->st, full, tty && !quiet ? show_progress : NULL, c, &s);
	if (tty && !quiet)
		fputs("\r\033[K", stderr);
	if (st)
		return cli_fail(c, st);
	if (quiet)
		return CLI_OK;
	if (s.full)
		buf_printf(&b,
		           P_("Related papers: %ld paper indexed in full",
		              "Related papers: %ld papers indexed in full", s.papers),
		           s.papers);
	else
		buf_printf(&b,
		           P_("Related papers: %ld paper brought up to date",
		              "Related papers: %ld papers brought up to date", s.papers),
		           s.papers);
	buf_printf(&b, _(" in %.1f s\n"), s.seconds);
	cli_put(c, b.s);
	buf_free(&b);
	return CLI_OK;
}
