/*
 * test-arxiv: the arXiv JSON-lines importer and what it stands on — the
 * store's JSON walker, version dates, bulk mode — on real records
 * (tests/data/arxiv-head200.jsonl, the first 200 lines of arXiv's CC0
 * metadata snapshot) and on broken ones.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import.h"
#include "merge.h"
#include "paper.h"
#include "store.h"
#include "tap.h"
#include "text.h"

/* ------------------------------------------------------------ a recording sink */

struct rec {
	char *arxiv, *doi, *title, *authors, *abstract, *url, *license, *categories, *journal;
	struct merge_date dates[8];
	size_t n_dates;
	long line;
};

struct recorder {
	struct rec *v;
	size_t n, cap;
	int links, groups;
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static enum status rec_paper(void *ctx, const struct import_paper *p, int64_t *handle)
{
	struct recorder *r = ctx;
	struct rec *x;

	r->v = xgrow(r->v, &r->cap, r->n + 1, sizeof(*r->v));
	x = &r->v[r->n++];
	memset(x, 0, sizeof(*x));
	x->arxiv = dup_or_null(p->arxiv);
	x->doi = dup_or_null(p->doi);
	x->title = dup_or_null(p->title);
	x->authors = dup_or_null(p->authors);
	x->abstract = dup_or_null(p->abstract);
	x->url = dup_or_null(p->url);
	x->license = dup_or_null(p->license);
	x->categories = dup_or_null(p->categories);
	x->journal = dup_or_null(p->journal);
	x->n_dates = p->n_dates < 8 ? p->n_dates : 8;
	if (x->n_dates)
		memcpy(x->dates, p->dates, x->n_dates * sizeof(*x->dates));
	x->line = p->line;
	*handle = (int64_t)r->n;
	return STATUS_OK;
}

static enum status rec_group(void *ctx, bool begin)
{
	(void)begin;
	((struct recorder *)ctx)->groups++;
	return STATUS_OK;
}

static enum status rec_link(void *ctx, int64_t from, int64_t to, enum store_link_kind kind,
                            double score, bool has_score, int rank)
{
	(void)from, (void)to, (void)kind, (void)score, (void)has_score, (void)rank;
	((struct recorder *)ctx)->links++;
	return STATUS_OK;
}

static enum status rec_subject(void *ctx, const char *date, int64_t to, int rank)
{
	(void)date, (void)to, (void)rank;
	((struct recorder *)ctx)->links++;
	return STATUS_OK;
}

static void recorder_free(struct recorder *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		struct rec *x = &r->v[i];
		free(x->arxiv), free(x->doi), free(x->title), free(x->authors), free(x->abstract);
		free(x->url), free(x->license), free(x->categories), free(x->journal);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static enum status parse_text(const char *name, const char *text, size_t len,
                              struct recorder *r)
{
	struct import_sink sink = {r, rec_group, rec_paper, rec_link, rec_subject};

	memset(r, 0, sizeof(*r));
	return import_buffer_to(name, text, len, &import_format_arxiv, &sink);
}

static const struct rec *find(const struct recorder *r, const char *arxiv)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].arxiv && strcmp(r->v[i].arxiv, arxiv) == 0)
			return &r->v[i];
	return NULL;
}

static char *data_path(const char *file)
{
	const char *src = getenv("SRCDIR");
	return xasprintf("%s/tests/data/%s", src && *src ? src : ".", file);
}

/* ------------------------------------------------------------ the JSON walker */

struct walk {
	struct buf b;
	int stop_at; /* return STATUS_INTERRUPTED at this node (0 = never) */
	int seen;
};

static enum status walk_node(void *ctx, const struct store_json_node *n)
{
	static const char *const types[] = {"null", "true", "false", "int", "real",
	                                    "text", "array", "object"};
	struct walk *w = ctx;

	if (++w->seen == w->stop_at)
		return status_set(STATUS_INTERRUPTED, "stopped");
	buf_printf(&w->b, "%d:", n->depth);
	if (n->key)
		buf_printf(&w->b, "%.*s=", (int)n->key_len, n->key);
	else if (n->depth)
		buf_printf(&w->b, "[%ld]=", n->index);
	buf_adds(&w->b, types[n->type]);
	if (n->value)
		buf_printf(&w->b, "(%.*s)", (int)n->len, n->value);
	buf_addc(&w->b, ' ');
	return STATUS_OK;
}

static void test_json_walk(void)
{
	struct store_json *j;
	struct walk w = {BUF_INIT, 0, 0};
	const char *doc = "{\"a\":\"x\\u00e1\\ny\",\"b\":[1,2.5,null,[true,false]],"
	                  "\"c\":{\"d\":\"e\"},\"f\":\"\"}";
	enum status st;

	ok(store_json_open(&j) == STATUS_OK, "json: a parser opens");
	st = store_json_walk(j, doc, strlen(doc), walk_node, &w);
	is_int(st, STATUS_OK, "json: a document walks");
	is_str(buf_str(&w.b),
	       "0:object 1:a=text(x\xC3\xA1\ny) 1:b=array 2:[0]=int(1) 2:[1]=real(2.5) "
	       "2:[2]=null 2:[3]=array 3:[0]=true 3:[1]=false 1:c=object 2:d=text(e) 1:f=text() ",
	       "json: every value in document order, with depth, key and unescaped text");

	buf_reset(&w.b);
	st = store_json_walk(j, "{\"a\":[1,2", 9, walk_node, &w);
	is_int(st, STATUS_PARSE, "json: truncated text is malformed");
	is_str(status_msg(), "malformed JSON", "json: ... and says so");

	buf_reset(&w.b);
	st = store_json_walk(j, "{\"a\":1} x", 9, walk_node, &w);
	is_int(st, STATUS_PARSE, "json: trailing garbage is malformed");

	buf_reset(&w.b);
	w.stop_at = 3;
	w.seen = 0;
	st = store_json_walk(j, doc, strlen(doc), walk_node, &w);
	is_int(st, STATUS_INTERRUPTED, "json: the callback's status stops the walk");
	is_int(w.seen, 3, "json: ... at once");

	/* The parser is reusable after a failure. */
	buf_reset(&w.b);
	w.stop_at = 0;
	st = store_json_walk(j, "[\"z\"]", 5, walk_node, &w);
	is_str(buf_str(&w.b), "0:array 1:[0]=text(z) ", "json: the walker works again after a stop");
	buf_free(&w.b);
	store_json_close(j);
}

/* ------------------------------------------------------------ real records */

static void test_real_records(void)
{
	struct recorder r;
	struct import_sink sink = {&r, rec_group, rec_paper, rec_link, rec_subject};
	char *path = data_path("arxiv-head200.jsonl");
	const char *format = NULL;
	const struct rec *x;
	enum status st;
	size_t i, with_dates = 0;

	memset(&r, 0, sizeof(r));
	st = import_file_to(path, NULL, &sink, &format);
	is_int(st, STATUS_OK, "real: the 200 records parse");
	is_str(format, "arxiv-json", "real: the format is detected from content");
	is_int(r.n, 200, "real: 200 records");
	is_int(r.links + r.groups, 0, "real: no links, no groups");
	for (i = 0; i < r.n; i++)
		if (r.v[i].n_dates > 0 && r.v[i].line == (long)i + 1)
			with_dates++;
	is_int(with_dates, 200, "real: every record dated, at its own line");

	x = find(&r, "0704.0001");
	ok(x != NULL, "real: 0704.0001 is there");
	if (x) {
		is_str(x->title,
		       "Calculation of prompt diphoton production cross sections at Tevatron and LHC "
		       "energies",
		       "real: the title's hard line break is gone");
		is_str(x->authors, "Bal\xC3\xA1zs, C.\nBerger, E. L.\nNadolsky, P. M.\nYuan, C. -P.",
		       "real: authors from authors_parsed, one \"Last, First\" a line");
		is_int(x->n_dates, 2, "real: two versions");
		is_str(x->dates[0].date, "2007-04-02", "real: v1's date");
		is_int(x->dates[0].version, 1, "real: v1's number");
		is_str(x->dates[1].date, "2007-07-24", "real: v2's date");
		is_int(x->dates[1].version, 2, "real: v2's number");
		is_str(x->categories, "hep-ph", "real: categories");
		is_str(x->doi, "10.1103/PhysRevD.76.013009", "real: the DOI (lower-cased by the store)");
		is_str(x->journal, "Phys.Rev.D76:013009,2007", "real: journal-ref");
		is_str(x->license, "", "real: a null license is unknown");
		is_str(x->url, "https://arxiv.org/abs/0704.0001", "real: the abstract page");
		ok(strncmp(x->abstract, "A fully differential calculation in perturbative quantum "
		                        "chromodynamics is presented for",
		           86) == 0 &&
		       !strchr(x->abstract, '\n') && x->abstract[strlen(x->abstract) - 1] == '.',
		   "real: the abstract squeezed, without its leading spaces or line breaks");
	}
	x = find(&r, "0704.0009");
	ok(x && strstr(x->authors, "\nEvans, II, Neal J.\n"),
	   "real: a suffix gives \"Last, Jr, First\"");
	x = find(&r, "0704.0025");
	ok(x && strcmp(x->authors, "Mishchenko, A. S.\nNagaosa, N.") == 0,
	   "real: affiliations after the suffix are left out");
	ok(x && strcmp(x->categories, "cond-mat.str-el cond-mat.stat-mech") == 0,
	   "real: several categories, primary first");
	x = find(&r, "0704.0044");
	ok(x && x->n_dates == 4 && strcmp(x->dates[3].date, "2009-05-09") == 0 &&
	       x->dates[3].version == 4,
	   "real: four versions, v4 dated 2009-05-09");
	x = find(&r, "0704.0002");
	ok(x && strcmp(x->license, "http://arxiv.org/licenses/nonexclusive-distrib/1.0/") == 0,
	   "real: the license URL");
	recorder_free(&r);
	free(path);
}

/* The fingerprint is taken from a key rendered only MERGE_KEY_MIN
 * characters far (import.c): it must be the fingerprint of the whole key. */
static void test_fingerprint_prefix(void)
{
	struct recorder r;
	struct import_sink sink = {&r, rec_group, rec_paper, rec_link, rec_subject};
	char *path = data_path("arxiv-head200.jsonl");
	const char *format;
	size_t i, same = 0, checked = 0, short_keys = 0;

	memset(&r, 0, sizeof(r));
	import_file_to(path, NULL, &sink, &format);
	for (i = 0; i < r.n; i++) {
		char *part = text_match_key(r.v[i].abstract, MERGE_KEY_MIN);
		char *whole = merge_text_key(r.v[i].abstract, NULL);
		if (strlen(part) == MERGE_KEY_MIN) {
			checked++;
			if (merge_fingerprint(part) == merge_fingerprint(whole) &&
			    strncmp(part, whole, MERGE_KEY_MIN) == 0)
				same++;
		} else if (strlen(whole) < MERGE_KEY_MIN && merge_fingerprint(whole) == 0) {
			short_keys++;
		}
		free(part);
		free(whole);
	}
	is_int(checked + short_keys, 200,
	       "fingerprint: a short key prefix means a short abstract (no fingerprint at all)");
	is_int(short_keys, 1, "fingerprint: one real abstract is that short (a withdrawal)");
	is_int(same, checked, "fingerprint: the prefix's fingerprint is the whole key's");
	recorder_free(&r);
	free(path);
}

/* ------------------------------------------------------------ broken records */

static void bad(const char *text, size_t len, const char *want, const char *what)
{
	struct recorder r;
	enum status st = parse_text("bad.jsonl", text, len, &r);

	is_int(st, STATUS_PARSE, "%s: refused", what);
	if (!ok(strstr(status_msg(), want) != NULL, "%s: \"%s\"", what, want))
		printf("#   got: \"%s\"\n", status_msg());
	recorder_free(&r);
}

/* String literals, so that their length counts NUL bytes too. */
#define BAD(text, want, what) bad(text, sizeof(text) - 1, want, what)
#define GOOD "{\"id\":\"2101.00001\",\"title\":\"A\",\"versions\":[]}\n"

static void test_broken(void)
{
	struct recorder r;
	struct buf b = BUF_INIT;

	BAD("{\"id\":\"2101.00001\",\"title\":\"A\"}\n{\"id\":\"2101.00002\",\"ti",
	    "bad.jsonl:2: malformed JSON", "truncated record");
	BAD("{\"id\":\"2101.00001\",\"title\":42}\n", "bad.jsonl:1: \"title\" must not be a number",
	    "a number for a title");
	BAD("{\"id\":2101.00001}\n", "bad.jsonl:1: \"id\" must not be a number", "a number for an id");
	BAD("{\"id\":\"2101.00001\",\"versions\":\"v1\"}\n",
	    "bad.jsonl:1: \"versions\" must not be a string", "a string for the versions");
	BAD("{\"id\":\"2101.00001\",\"versions\":[\"v1\"]}\n",
	    "bad.jsonl:1: \"versions[]\" must not be a string", "a string for a version");
	BAD("{\"id\":\"2101.00001\",\"authors_parsed\":[[\"A\",1]]}\n",
	    "bad.jsonl:1: \"authors_parsed[][]\" must not be a number", "a number for a name");
	BAD("{\"id\":\"2101.00001\",\"versions\":[{\"version\":\"v1\",\"created\":\"yesterday\"}]}\n",
	    "bad.jsonl:1: bad date \"yesterday\" in \"versions\"", "a version's bad date");
	BAD(GOOD "\n{\"title\":\"no id\"}\n", "bad.jsonl:3: record without an \"id\"", "missing id");
	BAD("{\"id\":\"not an id\"}\n", "bad.jsonl:1: \"not an id\" is not an arXiv id", "bad id");
	BAD("[1,2,3]\n", "bad.jsonl:1: expected a JSON object, found an array", "an array");
	BAD(GOOD "{\"id\":\"2101.00002\"\0\1\2}\n", "bad.jsonl:2: a NUL byte", "binary garbage");
	BAD("{\"id\":\"2101.00001\",\"title\":\"\xff\xfe\"}\n", "bad.jsonl:1: not valid UTF-8",
	    "invalid UTF-8");

	/* What is fine: blank lines, a byte-order mark, unknown and null
	 * fields, no versions, an id with a version. */
	buf_adds(&b, "\xEF\xBB\xBF{\"id\":\"2101.00001v3\",\"title\":null,\"x\":{\"y\":[1]},"
	             "\"authors\":\"A. One, B. Two and C. Three\"}\n\n  \n");
	buf_adds(&b, "{\"id\":\"math/0701001\",\"doi\":\"10.1/A 10.2/B\"}");
	is_int(parse_text("ok.jsonl", b.s, b.len, &r), STATUS_OK, "fine: odd but valid records parse");
	is_int(r.n, 2, "fine: two records, blank lines skipped");
	if (r.n == 2) {
		is_str(r.v[0].arxiv, "2101.00001", "fine: the id loses its version");
		is_str(r.v[0].authors, "A. One\nB. Two\nC. Three",
		       "fine: without authors_parsed, the authors string is split");
		is_int(r.v[0].n_dates, 0, "fine: no versions, no dates");
		is_int(r.v[1].line, 4, "fine: the second record's line");
		is_str(r.v[1].arxiv, "math/0701001", "fine: an old-style id");
		is_str(r.v[1].doi, "10.1/A", "fine: of several DOIs the first");
	}
	recorder_free(&r);
	buf_free(&b);
}

/* ------------------------------------------------------------ detection */

static void test_detect(void)
{
	const char *line = "{\"id\":\"0704.0001\",\"title\":\"x\",\"versions\":[]}\n";

	ok(import_format_arxiv.detect(line, strlen(line)) >= 90, "detect: a snapshot line");
	ok(import_format_arxiv.detect("{\"name\":1}", 10) < 20, "detect: other JSON is not ours");
	ok(import_format_arxiv.detect("September 14, 2023\n", 19) == 0, "detect: a page is not ours");
	ok(import_format_find("arxiv-json") == &import_format_arxiv, "detect: found by name");
}

/* ------------------------------------------------------------ the store */

static void test_versions_add(void)
{
	struct store *st;
	struct store_paper p, got;
	struct store_version v[3] = {{2, "2020-05-01"}, {1, "2020-03-02"}, {0, ""}};
	struct store_version *all;
	size_t n;

	store_open(":memory:", 0, &st);
	memset(&p, 0, sizeof(p));
	p.title = xstrdup("A paper");
	p.date = xstrdup("");
	store_paper_insert(st, &p);
	is_int(store_versions_add(st, p.id, v, 3, false), STATUS_OK, "versions: three added");
	store_versions(st, p.id, &all, &n);
	is_int(n, 2, "versions: the empty date is ignored");
	free(all);
	store_paper_get(st, p.id, &got);
	is_str(got.date, "2020-03-02", "versions: the paper's date is the earliest");
	store_paper_clear(&got);
	v[0] = (struct store_version){0, "2019-12-31"};
	store_versions_add(st, p.id, v, 1, false);
	store_paper_get(st, p.id, &got);
	is_str(got.date, "2019-12-31", "versions: an earlier date moves it");
	store_paper_clear(&got);
	store_versions_add(st, p.id, v, 1, false);
	store_versions(st, p.id, &all, &n);
	is_int(n, 3, "versions: a known date is not added twice");
	free(all);
	store_paper_clear(&p);
	store_close(st);
}

static void test_bulk(void)
{
	struct store *st;
	struct store_paper p;
	struct store_row rows[3];
	struct store_view view = {0, STORE_SORT_DATE};
	int64_t n, est;
	size_t got;
	int i;

	store_open(":memory:", 0, &st);
	store_begin(st);
	is_int(store_bulk_begin(st, STORE_BULK_LISTS | STORE_BULK_LOOKUPS), STATUS_OK,
	       "bulk: begins, indexes deferred");
	for (i = 0; i < 3; i++) {
		struct store_version v = {1, ""};
		memset(&p, 0, sizeof(p));
		p.title = xasprintf("Paper %d", i);
		p.arxiv = i ? xasprintf("2101.0000%d", i) : NULL;
		snprintf(v.date, sizeof(v.date), "2021-01-0%d", 3 - i);
		store_paper_insert(st, &p);
		store_versions_add(st, p.id, &v, 1, false);
		store_paper_clear(&p);
	}
	/* The fingerprint index, deferred, is built again when asked for. */
	memset(&p, 0, sizeof(p));
	p.title = xstrdup("A paper found by its fingerprint");
	p.fp = 4242;
	p.stub = true; /* not counted below */
	store_paper_insert(st, &p);
	is_int(store_bulk_lookups(st), STATUS_OK, "bulk: the lookup indexes built on demand");
	{
		int64_t ids[2];
		size_t nf = 0;
		store_find_fp(st, 4242, ids, 2, &nf);
		ok(nf == 1 && ids[0] == p.id, "bulk: ... and the fingerprint found");
	}
	store_paper_clear(&p);
	is_int(store_count_without_arxiv(st, &n), STATUS_OK, "bulk: papers without ids counted");
	is_int(n, 1, "bulk: ... one");
	store_paper_estimate(st, &est);
	is_int(est, 4, "bulk: the estimate is the largest id");
	is_int(store_bulk_end(st, true), STATUS_OK, "bulk: ends, indexes built again");
	is_int(store_commit(st), STATUS_OK, "bulk: commits");
	store_rows(st, &view, NULL, false, rows, 3, &got);
	is_int(got, 3, "bulk: rows listed");
	if (got == 3) {
		is_str(rows[0].date, "2021-01-03", "bulk: newest first");
		is_str(rows[2].date, "2021-01-01", "bulk: ... then older");
	}
	store_rows_clear(rows, got);

	/* Rolled back, the deferred indexes come back with the transaction. */
	store_begin(st);
	store_bulk_begin(st, STORE_BULK_LISTS);
	store_rollback(st);
	is_int(store_bulk_end(st, false), STATUS_OK, "bulk: after a rollback, ends quietly");
	store_rows(st, &view, NULL, false, rows, 3, &got);
	is_int(got, 3, "bulk: the library is whole after the rollback");
	store_rows_clear(rows, got);
	store_close(st);
}

/* ------------------------------------------------------------ Atom */

static void test_atom(void)
{
	struct recorder r;
	struct import_sink sink = {&r, rec_group, rec_paper, rec_link, rec_subject};
	char *path = data_path("atom-normal.xml");
	const char *format = NULL;
	static const char head[] = "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">";
	enum status st;

	memset(&r, 0, sizeof(r));
	st = import_file_to(path, NULL, &sink, &format);
	is_int(st, STATUS_OK, "atom: the fixture parses");
	is_str(format, "arxiv-atom", "atom: detected");
	is_int(r.n, 3, "atom: three entries");
	if (r.n == 3) {
		is_str(r.v[0].arxiv, "2301.00001", "atom: the id without its version");
		is_int(r.v[0].line, 10, "atom: the entry's line");
		is_int(r.v[0].n_dates, 2, "atom: published and updated");
		is_int(r.v[0].dates[1].version, 3, "atom: updated is the id's version");
		is_str(r.v[0].dates[1].date, "2023-06-20", "atom: ... and its date");
		is_str(r.v[0].authors, "Ada Example\nBo Sample", "atom: names, squeezed, one a line");
		is_str(r.v[0].categories, "math.AG cs.DL", "atom: primary first, no repeats");
		is_str(r.v[0].doi, "10.9999/Fixture.2023.001", "atom: arxiv:doi");
		ok(strncmp(r.v[0].abstract, "We study sheaves", 16) == 0 && !strchr(r.v[0].abstract, '\n'),
		   "atom: the summary squeezed");
		is_int(r.v[1].n_dates, 1, "atom: a v1 entry has one date");
		is_str(r.v[2].arxiv, "math/0701001", "atom: an old-style id");
	}
	recorder_free(&r);
	free(path);
	ok(import_format_atom.detect(head, strlen(head)) >= 60, "atom: detect an Atom feed");
	ok(import_format_atom.detect("{\"id\":1}", 8) == 0, "atom: JSON is not Atom");
}

int main(void)
{
	test_json_walk();
	test_real_records();
	test_fingerprint_prefix();
	test_broken();
	test_detect();
	test_versions_add();
	test_bulk();
	test_atom();
	return done_testing();
}
