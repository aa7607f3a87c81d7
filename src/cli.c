/*
 * cli: the command-line commands.
 *
 * Must never: write data to stdout without cli_put() (it neutralises
 * escape sequences), or read the whole library at once (lists are walked
 * a page at a time through store_rows()).
 */
#include "config.h"

#include <dirent.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "import.h"
#include "paper.h"
#include "related.h"

void cli_say(const struct cli *c, FILE *f, const char *s)
{
	struct buf safe = BUF_INIT, out = BUF_INIT;

	text_sanitize(&safe, s, strlen(s), TEXT_KEEP_NEWLINES | (c->ascii ? TEXT_ASCII_ONLY : 0));
	text_conv(c->conv, &out, buf_str(&safe));
	if (f == stderr)
		fflush(stdout); /* in order when both go to one terminal */
	fputs(buf_str(&out), f);
	buf_free(&safe);
	buf_free(&out);
}

void cli_put(const struct cli *c, const char *s)
{
	cli_say(c, stdout, s);
}

/* Writes text whose data fields were already made safe (TSV rows): only
 * the charset is converted, so the tab separators survive. */
static void put_safe(const struct cli *c, const char *s)
{
	struct buf out = BUF_INIT;

	text_conv(c->conv, &out, s);
	fputs(buf_str(&out), stdout);
	buf_free(&out);
}

/* Appends a data field for a TSV row: tabs and newlines become spaces,
 * controls become visible. */
static void tsv_field(const struct cli *c, struct buf *b, const char *s)
{
	text_sanitize(b, s, strlen(s), c->ascii ? TEXT_ASCII_ONLY : 0);
}

void cli_error(const struct cli *c, const char *fmt, ...)
{
	struct buf b = BUF_INIT, safe = BUF_INIT, out = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	text_sanitize(&safe, buf_str(&b), b.len, c && c->ascii ? TEXT_ASCII_ONLY : 0);
	text_conv(c ? c->conv : NULL, &out, buf_str(&safe));
	fflush(stdout);
	fprintf(stderr, "sheaf: %s\n", buf_str(&out));
	buf_free(&b);
	buf_free(&safe);
	buf_free(&out);
}

int cli_fail(const struct cli *c, enum status st)
{
	cli_error(c, "%s", status_msg());
	return st == STATUS_USAGE ? CLI_USAGE : CLI_FAIL;
}

int cli_usage_error(const struct cli *c, const char *cmd, const char *msg)
{
	cli_error(c, "%s: %s", cmd, msg);
	cli_say(c, stderr, _("Try 'sheaf --help' for more information.\n"));
	return CLI_USAGE;
}

int cli_option_error(const struct cli *c, const char *cmd, int ch, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	char *name;

	/* A short option is named by optopt (its argument element may hold
	 * several); a long one by its element, without any "=value". */
	if (optopt && strncmp(arg, "--", 2) != 0)
		name = xasprintf("-%c", optopt);
	else
		name = xstrndup(arg, strcspn(arg, "="));
	if (cmd)
		cli_error(c, ch == ':' ? _("%s: option %s needs an argument") : _("%s: unknown option %s"),
		          cmd, name);
	else
		cli_error(c, ch == ':' ? _("option %s needs an argument") : _("unknown option %s"), name);
	cli_say(c, stderr, _("Try 'sheaf --help' for more information.\n"));
	free(name);
	return CLI_USAGE;
}

/* ---------------------------------------------------------------- import */

static void warn_to_stderr(void *ctx, const char *msg)
{
	cli_error(ctx, _("warning: %s"), msg);
}

/* A long import's progress on one line of stderr, redrawn in place. */
struct progress_line {
	const struct cli *c;
	const char *name;
	size_t shown; /* columns of the line on screen */
};

static void progress_to_stderr(void *ctx, const struct import_progress *p)
{
	struct progress_line *pl = ctx;
	struct buf b = BUF_INIT, safe = BUF_INIT, out = BUF_INIT;
	double rate = p->elapsed > 0 ? (double)p->records / p->elapsed : 0;
	size_t cols;

	if (p->done) {
		/* Leave the line blank for what follows. */
		fprintf(stderr, "\r%*s\r", (int)pl->shown, "");
		fflush(stderr);
		pl->shown = 0;
		return;
	}
	buf_printf(&b, "%s: ", pl->name);
	buf_printf(&b, P_("%ld record", "%ld records", p->records), p->records);
	buf_printf(&b, _(", %.0f a second"), rate);
	if (p->total && p->bytes && p->bytes < p->total) {
		double left = (double)(p->total - p->bytes) * p->elapsed / (double)p->bytes;
		long s = (long)(left + 0.5);
		buf_printf(&b, _(", %d%%, about %ld:%02ld:%02ld left"),
		           (int)(100.0 * (double)p->bytes / (double)p->total), s / 3600, s / 60 % 60,
		           s % 60);
	}
	text_sanitize(&safe, buf_str(&b), b.len, pl->c->ascii ? TEXT_ASCII_ONLY : 0);
	text_conv(pl->c->conv, &out, buf_str(&safe));
	cols = text_width(buf_str(&safe));
	fprintf(stderr, "\r%s%*s", buf_str(&out), cols < pl->shown ? (int)(pl->shown - cols) : 0, "");
	fflush(stderr);
	pl->shown = cols;
	buf_free(&b);
	buf_free(&safe);
	buf_free(&out);
}

int cli_import(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"encoding", required_argument, NULL, 'e'},
		{"tsv", no_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	struct import_opts io = {NULL, NULL, warn_to_stderr, c, NULL, NULL};
	struct progress_line pl = {c, NULL, 0};
	bool tsv = false;
	int ch, i, rc = CLI_OK;

	optind = 0; /* GNU getopt: reinitialise for a new argv */
	while ((ch = getopt_long(argc, argv, ":f:e:t", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (!import_format_find(optarg))
				return cli_usage_error(c, "import", _("unknown format (see sheaf --help)"));
			io.format = optarg;
			break;
		case 'e':
			io.encoding = optarg;
			break;
		case 't':
			tsv = true;
			break;
		default:
			return cli_option_error(c, "import", ch, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error(c, "import", _("no file given"));
	if (tsv)
		fputs("file\tformat\trecords\tadded\tmerged\tlinks\n", stdout);
	if (isatty(STDERR_FILENO)) {
		io.progress = progress_to_stderr;
		io.progress_ctx = &pl;
	}
	for (i = optind; i < argc; i++) {
		struct import_stats s;
		enum status st;

		pl.name = argv[i];
		st = import_file(c->st, argv[i], &io, &s);

		if (st) {
			rc = cli_fail(c, st);
			if (st == STATUS_USAGE)
				return rc;
			continue;
		}
		if (tsv) {
			struct buf b = BUF_INIT;
			tsv_field(c, &b, argv[i]);
			buf_printf(&b, "\t%s\t%ld\t%ld\t%ld\t%ld\n", s.format, s.records, s.added, s.merged,
			           s.links);
			put_safe(c, b.s);
			buf_free(&b);
		} else {
			struct buf b = BUF_INIT;
			buf_printf(&b, "%s: ", argv[i]);
			buf_printf(&b, P_("%ld paper added", "%ld papers added", s.added), s.added);
			buf_adds(&b, ", ");
			buf_printf(&b, P_("%ld merged", "%ld merged", s.merged), s.merged);
			buf_adds(&b, ", ");
			buf_printf(&b, P_("%ld link added", "%ld links added", s.links), s.links);
			buf_addc(&b, '\n');
			cli_put(c, b.s);
			buf_free(&b);
		}
	}
	return rc;
}

int cli_fill_from_bundle(struct cli *c, const char *dir, bool quiet)
{
	struct dirent **names;
	int n, i, rc = CLI_OK;
	struct import_opts io = {NULL, NULL, warn_to_stderr, c, NULL, NULL};
	long total = 0;

	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		cli_error(c, _("cannot read the bundled papers in %s"), dir);
		return CLI_FAIL;
	}
	for (i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]->d_name);
		struct stat sb;
		struct import_stats s;

		if (names[i]->d_name[0] != '.' && stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
			enum status st = import_file(c->st, path, &io, &s);
			if (st)
				rc = cli_fail(c, st);
			else
				total += s.added;
		}
		free(path);
		free(names[i]);
	}
	free(names);
	/* Computed related papers for the new library at once (a few ms for
	 * the bundled papers), so the reader's first screen has them. */
	if (rc == CLI_OK) {
		struct related_stats rs;
		enum status st = related_index(c->st, true, NULL, NULL, &rs);
		if (st)
			rc = cli_fail(c, st);
	}
	if (!quiet) {
		struct buf b = BUF_INIT;
		buf_printf(&b, P_("New library: %ld paper imported from %s\n",
		                  "New library: %ld papers imported from %s\n", total),
		           total, dir);
		cli_put(c, b.s);
		buf_free(&b);
	}
	return rc;
}

/* ---------------------------------------------------------------- list */

static void flags_of(char out[4], bool read, bool starred, bool tagged)
{
	out[0] = read ? ' ' : 'N';
	out[1] = starred ? '*' : ' ';
	out[2] = tagged ? '+' : ' ';
	out[3] = '\0';
}

/* One row of 'sheaf list', for store_rows_each(). */
struct list_ctx {
	struct cli *c;
	bool tsv;
};

static enum status list_row(void *ctx, const struct store_row *r)
{
	struct list_ctx *lc = ctx;
	struct cli *c = lc->c;
	struct buf b = BUF_INIT, t = BUF_INIT;

	paper_title(&t, r->title, r->stub, r->date);
	if (lc->tsv) {
		buf_printf(&b, "%lld\t", (long long)r->id);
		tsv_field(c, &b, r->arxiv);
		buf_addc(&b, '\t');
		tsv_field(c, &b, r->date);
		buf_printf(&b, "\t%d\t%d\t%d\t", r->read, r->starred, r->tagged);
		tsv_field(c, &b, t.s);
		buf_addc(&b, '\n');
		put_safe(c, b.s);
	} else {
		char fl[4];
		/* People read titles rendered; --tsv keeps them as stored. */
		char *rt = text_render(t.s, c->ascii ? TEXT_ASCII : 0);
		struct buf safe = BUF_INIT;

		flags_of(fl, r->read, r->starred, r->tagged);
		buf_printf(&b, "%6lld %s %-10s %-12s ", (long long)r->id, fl, r->date, r->arxiv);
		text_sanitize(&safe, rt, strlen(rt), c->ascii ? TEXT_ASCII_ONLY : 0);
		if (c->tty && c->columns > 40)
			text_fit(&b, safe.s, c->columns - 35, c->ascii);
		else
			buf_adds(&b, safe.s);
		buf_free(&safe);
		free(rt);
		buf_addc(&b, '\n');
		cli_put(c, b.s);
	}
	buf_free(&b);
	buf_free(&t);
	return STATUS_OK;
}

int cli_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"unread", no_argument, NULL, 'u'},
		{"starred", no_argument, NULL, 's'},
		{"tagged", no_argument, NULL, 't'},
		{"sort", required_argument, NULL, 'o'},
		{"tsv", no_argument, NULL, 'T'},
		{NULL, 0, NULL, 0},
	};
	struct store_view v = {0, STORE_SORT_DATE};
	struct list_ctx lc;
	bool tsv = false;
	int ch;
	enum status st;

	optind = 0; /* GNU getopt: reinitialise for a new argv */
	while ((ch = getopt_long(argc, argv, ":ust", opts, NULL)) != -1) {
		switch (ch) {
		case 'u': v.filter |= STORE_FILTER_UNREAD; break;
		case 's': v.filter |= STORE_FILTER_STARRED; break;
		case 't': v.filter |= STORE_FILTER_TAGGED; break;
		case 'T': tsv = true; break;
		case 'o':
			if (strcmp(optarg, "date") == 0)
				v.sort = STORE_SORT_DATE;
			else if (strcmp(optarg, "title") == 0)
				v.sort = STORE_SORT_TITLE;
			else if (strcmp(optarg, "recent") == 0)
				v.sort = STORE_SORT_RECENT;
			else
				return cli_usage_error(c, "list", _("--sort takes date, title or recent"));
			break;
		default:
			return cli_option_error(c, "list", ch, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(c, "list", _("unexpected argument"));
	if (tsv)
		fputs("id\tarxiv\tdate\tread\tstarred\ttagged\ttitle\n", stdout);
	lc.c = c;
	lc.tsv = tsv;
	st = store_rows_each(c->st, &v, list_row, &lc);
	return st ? cli_fail(c, st) : CLI_OK;
}

/* ---------------------------------------------------------------- show */

static int one_id(struct cli *c, const char *cmd, int argc, char **argv, int64_t *id)
{
	enum status st;

	if (optind >= argc)
		return cli_usage_error(c, cmd, _("no paper given"));
	if (optind + 1 < argc)
		return cli_usage_error(c, cmd, _("one paper at a time"));
	st = paper_resolve(c->st, argv[optind], id);
	return st ? cli_fail(c, st) : CLI_OK;
}

static void field(struct buf *b, const char *name, const char *value)
{
	buf_printf(b, "%-11s %s\n", name, value);
}

int cli_show(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"raw", no_argument, NULL, 'r'},
		{NULL, 0, NULL, 0},
	};
	struct store_paper p;
	struct store_version *v;
	struct store_source *src;
	size_t nv, ns, i;
	int64_t id;
	bool raw = false;
	int ch, rc;
	struct buf b = BUF_INIT, t = BUF_INIT;
	enum status st;

	optind = 0; /* GNU getopt: reinitialise for a new argv */
	while ((ch = getopt_long(argc, argv, ":r", opts, NULL)) != -1) {
		if (ch == 'r')
			raw = true;
		else
			return cli_option_error(c, "show", ch, argv);
	}
	rc = one_id(c, "show", argc, argv, &id);
	if (rc)
		return rc;
	st = store_paper_get(c->st, id, &p);
	if (st)
		return cli_fail(c, st);
	buf_printf(&b, "%-11s %lld\n", "id:", (long long)p.id);
	paper_title(&t, p.title, p.stub, p.date);
	if (p.title_derived && !p.stub)
		buf_adds(&t, _(" [title derived from the abstract]"));
	if (!raw && !p.stub) {
		char *r = text_render(t.s, c->ascii ? TEXT_ASCII : 0);
		field(&b, "title:", r);
		free(r);
	} else {
		field(&b, "title:", t.s);
	}
	buf_reset(&t);
	paper_authors(&t, p.authors, "; ");
	if (!raw) {
		char *r = text_render(t.s, c->ascii ? TEXT_ASCII : 0);
		field(&b, "authors:", r);
		free(r);
	} else {
		field(&b, "authors:", t.s);
	}
	buf_reset(&t);
	if (store_versions(c->st, id, &v, &nv) == STATUS_OK) {
		for (i = 0; i < nv; i++) {
			if (i)
				buf_adds(&t, "; ");
			if (v[i].version)
				buf_printf(&t, "v%d ", v[i].version);
			buf_adds(&t, v[i].date);
		}
		free(v);
	}
	field(&b, "versions:", t.s);
	field(&b, "date:", p.date);
	field(&b, "arxiv:", p.arxiv);
	field(&b, "doi:", p.doi);
	field(&b, "url:", p.url);
	field(&b, "license:", p.license);
	field(&b, "categories:", p.categories);
	field(&b, "journal:", p.journal);
	buf_reset(&t);
	if (*p.arxiv)
		buf_printf(&t, "arxiv:%s", p.arxiv);
	else if (*p.doi)
		buf_printf(&t, "doi:%s", p.doi);
	else if (p.fp)
		buf_printf(&t, "text:%016llx", (unsigned long long)p.fp);
	else if (p.stub)
		buf_printf(&t, "subject:%s", p.date);
	field(&b, "identity:", t.s);
	field(&b, "read:", p.read ? "yes" : "no");
	field(&b, "starred:", p.starred ? "yes" : "no");
	field(&b, "tagged:", p.tagged ? "yes" : "no");
	if (store_sources(c->st, id, &src, &ns) == STATUS_OK) {
		for (i = 0; i < ns; i++) {
			buf_reset(&t);
			buf_printf(&t, "%s (%s) line %ld", src[i].path, src[i].format, src[i].position);
			field(&b, i ? "" : "sources:", t.s);
		}
		if (!ns)
			field(&b, "sources:", "");
		store_sources_free(src, ns);
	}
	if (*p.summary) {
		char *r = raw ? xstrdup(p.summary) : text_render(p.summary, c->ascii ? TEXT_ASCII : 0);
		field(&b, "summary:", r);
		free(r);
	}
	buf_adds(&b, "abstract:\n");
	if (*p.abstract) {
		char *r = raw ? xstrdup(p.abstract) : text_render(p.abstract, c->ascii ? TEXT_ASCII : 0);
		struct text_line *lines;
		size_t nl = text_wrap(r, 72, &lines);
		for (i = 0; i < nl; i++) {
			buf_adds(&b, "  ");
			buf_add(&b, r + lines[i].start, lines[i].end - lines[i].start);
			if (i + 1 == nl && p.abstract_truncated)
				buf_adds(&b, c->ascii ? " ..." : " \xE2\x80\xA6");
			buf_addc(&b, '\n');
		}
		free(lines);
		free(r);
	}
	cli_put(c, b.s);
	buf_free(&b);
	buf_free(&t);
	store_paper_clear(&p);
	return CLI_OK;
}

/* ---------------------------------------------------------------- related */

int cli_related(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"tsv", no_argument, NULL, 't'},
		{"incoming", no_argument, NULL, 'i'},
		{NULL, 0, NULL, 0},
	};
	struct store_link *v;
	size_t n, i;
	int64_t id;
	bool tsv = false, incoming = false;
	int ch, rc;
	enum status st;

	optind = 0; /* GNU getopt: reinitialise for a new argv */
	while ((ch = getopt_long(argc, argv, ":ti", opts, NULL)) != -1) {
		if (ch == 't')
			tsv = true;
		else if (ch == 'i')
			incoming = true;
		else
			return cli_option_error(c, "related", ch, argv);
	}
	rc = one_id(c, "related", argc, argv, &id);
	if (rc)
		return rc;
	/* A paper imported since the last `sheaf index` gets its computed
	 * neighbours now (a few milliseconds); while another sheaf writes,
	 * the stored ones do. */
	st = incoming ? STATUS_OK : related_fresh(c->st, id, true);
	if (st && st != STATUS_BUSY)
		return cli_fail(c, st);
	st = store_links(c->st, id, incoming, &v, &n);
	if (st)
		return cli_fail(c, st);
	if (tsv)
		fputs("id\tscore\tkind\tdate\ttitle\n", stdout);
	for (i = 0; i < n; i++) {
		struct buf b = BUF_INIT, t = BUF_INIT, score = BUF_INIT;
		paper_title(&t, v[i].title, v[i].stub, v[i].date);
		if (v[i].has_score)
			buf_printf(&score, "%.4g", v[i].score);
		if (tsv) {
			buf_printf(&b, "%lld\t%s\t%s\t", (long long)v[i].id, buf_str(&score),
			           store_link_kind_name(v[i].kind));
			tsv_field(c, &b, v[i].date);
			buf_addc(&b, '\t');
			tsv_field(c, &b, t.s);
			buf_addc(&b, '\n');
			put_safe(c, b.s);
		} else {
			buf_printf(&b, "%6lld %8s %-8s %-10s ", (long long)v[i].id, buf_str(&score),
			           store_link_kind_name(v[i].kind), v[i].date);
			{
				char *r = text_render(t.s, c->ascii ? TEXT_ASCII : 0);
				struct buf safe = BUF_INIT;
				text_sanitize(&safe, r, strlen(r), c->ascii ? TEXT_ASCII_ONLY : 0);
				if (c->tty && c->columns > 50)
					text_fit(&b, safe.s, c->columns - 37, c->ascii);
				else
					buf_adds(&b, safe.s);
				buf_free(&safe);
				free(r);
			}
			buf_addc(&b, '\n');
			cli_put(c, b.s);
		}
		buf_free(&b);
		buf_free(&t);
		buf_free(&score);
	}
	store_links_free(v, n);
	return CLI_OK;
}

/* ---------------------------------------------------------------- mark */

int cli_mark(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"read", no_argument, NULL, 'r'},
		{"unread", no_argument, NULL, 'R'},
		{"star", no_argument, NULL, 's'},
		{"unstar", no_argument, NULL, 'S'},
		{"tag", no_argument, NULL, 't'},
		{"untag", no_argument, NULL, 'T'},
		{NULL, 0, NULL, 0},
	};
	struct {
		enum store_mark m;
		bool on;
	} acts[6];
	size_t nacts = 0, i;
	int64_t *ids;
	int ch, j, nids;
	enum status st = STATUS_OK;

	optind = 0; /* GNU getopt: reinitialise for a new argv */
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (ch) {
		case 'r': acts[nacts].m = STORE_MARK_READ; acts[nacts++].on = true; break;
		case 'R': acts[nacts].m = STORE_MARK_READ; acts[nacts++].on = false; break;
		case 's': acts[nacts].m = STORE_MARK_STAR; acts[nacts++].on = true; break;
		case 'S': acts[nacts].m = STORE_MARK_STAR; acts[nacts++].on = false; break;
		case 't': acts[nacts].m = STORE_MARK_TAG; acts[nacts++].on = true; break;
		case 'T': acts[nacts].m = STORE_MARK_TAG; acts[nacts++].on = false; break;
		default:
			return cli_option_error(c, "mark", ch, argv);
		}
		if (nacts == ARRAY_SIZE(acts))
			break;
	}
	if (nacts == 0)
		return cli_usage_error(c, "mark", _("say what to mark: --read, --unread, --star, --unstar, "
		                                "--tag or --untag"));
	if (optind >= argc)
		return cli_usage_error(c, "mark", _("no paper given"));
	nids = argc - optind;
	ids = xcalloc((size_t)nids, sizeof(*ids));
	/* Every id must be good before anything changes. */
	for (j = 0; j < nids; j++) {
		st = paper_resolve(c->st, argv[optind + j], &ids[j]);
		if (st) {
			free(ids);
			return cli_fail(c, st);
		}
	}
	st = store_begin(c->st);
	for (j = 0; j < nids && !st; j++)
		for (i = 0; i < nacts && !st; i++)
			st = store_mark_set(c->st, ids[j], acts[i].m, acts[i].on);
	if (!st)
		st = store_commit(c->st);
	if (st)
		store_rollback(c->st);
	free(ids);
	return st ? cli_fail(c, st) : CLI_OK;
}

/* ---------------------------------------------------------------- summary */

int cli_summary(struct cli *c)
{
	struct store_stats s;
	struct buf b = BUF_INIT;
	enum status st = store_stats(c->st, &s);

	if (st)
		return cli_fail(c, st);
	buf_printf(&b, _("Library: %s\n"), c->db_path);
	buf_printf(&b, P_("%lld paper", "%lld papers", s.papers), (long long)s.papers);
	buf_printf(&b, _(" (%lld unread, %lld starred, %lld tagged)"), (long long)s.unread,
	           (long long)s.starred, (long long)s.tagged);
	buf_addc(&b, '\n');
	if (s.stubs)
		buf_printf(&b, P_("%lld page subject known only by its date\n",
		                  "%lld page subjects known only by their dates\n", s.stubs),
		           (long long)s.stubs);
	buf_printf(&b, P_("%lld link", "%lld links", s.links), (long long)s.links);
	buf_adds(&b, ", ");
	buf_printf(&b, P_("from %lld source file\n", "from %lld source files\n", s.sources),
	           (long long)s.sources);
	cli_put(c, b.s);
	buf_free(&b);
	return CLI_OK;
}
