/*
 * test-store: src/store.h on an in-memory library and on temporary files.
 * Round trips of every field, windowed lists against a full ordered list
 * computed here, marks, folding, links, subjects and stubs, sources, and
 * the schema checks that must refuse a library without writing to it.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"
#include "tap.h"

static char tmpdir[] = "/tmp/sheaf-test-store.XXXXXX";

static struct store *open_memory(void)
{
	struct store *st = NULL;
	enum status ret = store_open(":memory:", 0, &st);

	if (ret || !st) {
		printf("Bail out! store_open(\":memory:\"): %s\n", status_msg());
		exit(1);
	}
	return st;
}

/* A paper with only a title and a date (and the marks given). */
static int64_t add(struct store *st, const char *title, const char *date, int64_t opened,
                   bool read, bool starred, bool tagged)
{
	struct store_paper p;
	enum status ret;
	int64_t id;

	memset(&p, 0, sizeof(p));
	p.title = xstrdup(title);
	p.date = xstrdup(date);
	p.opened = opened;
	p.read = read;
	p.starred = starred;
	p.tagged = tagged;
	ret = store_paper_insert(st, &p);
	if (ret)
		printf("# insert failed: %s\n", status_msg());
	id = p.id;
	store_paper_clear(&p);
	return id;
}

static bool file_bytes(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;

	if (!f)
		return false;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	*data = b.s ? buf_steal(&b) : xstrdup("");
	return true;
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* Runs SQL on a file with the sqlite3 API directly (not through store). */
static bool sql(const char *path, const char *q)
{
	sqlite3 *db;
	char *err = NULL;
	int rc = sqlite3_open(path, &db);

	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, q, NULL, NULL, &err);
	if (rc != SQLITE_OK)
		printf("# sqlite3 %s: %s\n", path, err ? err : sqlite3_errmsg(db));
	sqlite3_free(err);
	sqlite3_close(db);
	return rc == SQLITE_OK;
}

/* The first column of the first row of q, as an integer (-1 on error). */
static long long sql_int(const char *path, const char *q)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	long long v = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, q, -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			v = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	} else {
		printf("# sqlite3 %s: %s\n", path, sqlite3_errmsg(db));
	}
	sqlite3_close(db);
	return v;
}

/* The journal mode of the file at path, as a new connection sees it. */
static char *journal_of(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	char *v = xstrdup("?");

	if (sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW) {
			free(v);
			v = xstrdup((const char *)sqlite3_column_text(s, 0));
		}
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	return v;
}

/* ---------------------------------------------------------------- papers */

static void test_round_trip(void)
{
	struct store *st = open_memory();
	struct store_paper p, g, q;
	enum status ret;

	ok(store_was_empty(st), "a new library is empty");
	is_int(store_found_version(st), 0, "a new library was found at version 0");

	memset(&p, 0, sizeof(p));
	p.id = 999; /* ignored */
	p.arxiv = xstrdup("2205.14258");
	p.doi = xstrdup("10.1000/xyz");
	p.title = xstrdup("On the Symmetries of Deep Learning Models");
	p.authors = xstrdup("Charles Godfrey\nBrown, Davis\nKing, Jr., Martin");
	p.abstract = xstrdup("Symmetry is a fundamental tool. {\\em Pre-training} $G_2$.");
	p.summary = xstrdup("We seek to connect symmetries.");
	p.url = xstrdup("http://arxiv.org/abs/2205.14258v5");
	p.license = xstrdup("http://creativecommons.org/licenses/by/4.0/");
	p.categories = xstrdup("cs.LG stat.ML");
	p.journal = xstrdup("J. Symm. 1 (2023)");
	p.date = xstrdup("2022-05-27");
	p.citekey = xstrdup("godfrey2022");
	p.bibtype = xstrdup("article");
	p.fp = 1234567890123LL;
	p.tkey = 987654321LL;
	p.title_derived = true;
	p.abstract_truncated = true;
	p.read = true;
	p.starred = true;
	p.tagged = true;
	p.added = 1700000000;
	p.opened = 1700000100;
	p.read_at = 1700000200;
	p.starred_at = 1700000300;
	p.tagged_at = 1700000400;
	ret = store_paper_insert(st, &p);
	is_int(ret, STATUS_OK, "insert a paper with every field");
	ok(p.id > 0 && p.id != 999, "insert sets the id (%lld)", (long long)p.id);

	ret = store_paper_get(st, p.id, &g);
	is_int(ret, STATUS_OK, "get it back");
	is_int(g.id, p.id, "round trip: id");
	is_str(g.arxiv, p.arxiv, "round trip: arxiv");
	is_str(g.doi, p.doi, "round trip: doi");
	is_str(g.title, p.title, "round trip: title");
	is_str(g.authors, p.authors, "round trip: authors");
	is_str(g.abstract, p.abstract, "round trip: abstract");
	is_str(g.summary, p.summary, "round trip: summary");
	is_str(g.url, p.url, "round trip: url");
	is_str(g.license, p.license, "round trip: license");
	is_str(g.categories, p.categories, "round trip: categories");
	is_str(g.journal, p.journal, "round trip: journal");
	is_str(g.date, p.date, "round trip: date");
	is_str(g.citekey, p.citekey, "round trip: citekey");
	is_str(g.bibtype, p.bibtype, "round trip: bibtype");
	is_int(g.fp, p.fp, "round trip: fp");
	is_int(g.tkey, p.tkey, "round trip: tkey");
	ok(g.title_derived && g.abstract_truncated && !g.stub, "round trip: flags");
	ok(g.read && g.starred && g.tagged, "round trip: marks");
	is_int(g.added, p.added, "round trip: added");
	is_int(g.opened, p.opened, "round trip: opened");
	is_int(g.read_at, p.read_at, "round trip: read_at");
	is_int(g.starred_at, p.starred_at, "round trip: starred_at");
	is_int(g.tagged_at, p.tagged_at, "round trip: tagged_at");

	/* Update every field. */
	q = g;
	q.title = xstrdup("A new title");
	q.authors = xstrdup("Someone Else");
	q.abstract = xstrdup("A new abstract.");
	q.summary = xstrdup("");
	q.arxiv = xstrdup("");
	q.doi = xstrdup("10.1000/abc");
	q.url = xstrdup("u");
	q.license = xstrdup("l");
	q.categories = xstrdup("c");
	q.journal = xstrdup("j");
	q.date = xstrdup("2022");
	q.citekey = xstrdup("");
	q.bibtype = xstrdup("misc");
	q.fp = 0;
	q.tkey = 0;
	q.title_derived = false;
	q.abstract_truncated = false;
	q.stub = true;
	q.read = q.starred = q.tagged = false;
	q.read_at = q.starred_at = q.tagged_at = 0;
	q.opened = 5;
	ret = store_paper_update(st, &g, &q);
	is_int(ret, STATUS_OK, "update every field");
	store_paper_clear(&g);
	store_paper_get(st, p.id, &g);
	is_str(g.title, "A new title", "update: title");
	is_str(g.authors, "Someone Else", "update: authors");
	is_str(g.abstract, "A new abstract.", "update: abstract");
	is_str(g.summary, "", "update: summary emptied");
	is_str(g.arxiv, "", "update: arxiv emptied");
	is_str(g.doi, "10.1000/abc", "update: doi");
	is_str(g.date, "2022", "update: a partial date");
	is_str(g.citekey, "", "update: citekey emptied");
	is_str(g.bibtype, "misc", "update: bibtype");
	ok(g.fp == 0 && g.tkey == 0, "update: fingerprints cleared");
	ok(!g.title_derived && !g.abstract_truncated && g.stub, "update: flags");
	ok(!g.read && !g.starred && !g.tagged && !g.read_at && !g.starred_at && !g.tagged_at,
	   "update: marks and their times cleared");
	is_int(g.opened, 5, "update: opened");
	store_paper_clear(&q);
	store_paper_clear(&g);

	/* A paper built with NULL strings reads back with empty ones. */
	memset(&q, 0, sizeof(q));
	ret = store_paper_insert(st, &q);
	is_int(ret, STATUS_OK, "insert a paper with every string NULL");
	ok(q.added > 0, "insert sets added when it was 0");
	store_paper_get(st, q.id, &g);
	ok(g.arxiv && g.doi && g.title && g.authors && g.abstract && g.summary && g.url &&
	   g.license && g.categories && g.journal && g.date && g.citekey && g.bibtype &&
	   !*g.arxiv && !*g.title && !*g.citekey,
	   "... and every string reads back empty, never NULL");
	store_paper_clear(&g);
	store_paper_clear(&q);

	/* Empty identifiers are not unique keys; equal real ones are. */
	memset(&q, 0, sizeof(q));
	q.arxiv = xstrdup("");
	q.citekey = xstrdup("");
	ret = store_paper_insert(st, &q);
	is_int(ret, STATUS_OK, "a second paper with empty arxiv and citekey");
	store_paper_clear(&q);
	memset(&q, 0, sizeof(q));
	q.doi = xstrdup("10.1000/abc");
	ret = store_paper_insert(st, &q);
	is_int(ret, STATUS_DB, "a second paper with the same DOI is refused");
	store_paper_clear(&q);

	ret = store_paper_get(st, 424242, &g);
	is_int(ret, STATUS_NOTFOUND, "get of an unknown id: STATUS_NOTFOUND");
	ok(strstr(status_msg(), "424242") != NULL, "... naming the id (%s)", status_msg());
	store_paper_clear(&g);

	store_paper_clear(&p);
	store_close(st);
	store_close(NULL);
	ok(1, "store_close(NULL) is allowed");
}

static void test_find_and_versions(void)
{
	struct store *st = open_memory();
	struct store_paper p;
	struct store_version *v;
	size_t n;
	int64_t id, ids[8], a, b, c;

	memset(&p, 0, sizeof(p));
	p.arxiv = xstrdup("2205.14258");
	p.doi = xstrdup("10.1/a");
	p.fp = 77;
	p.tkey = 88;
	store_paper_insert(st, &p);
	a = p.id;
	store_paper_clear(&p);
	memset(&p, 0, sizeof(p));
	p.fp = 77;
	store_paper_insert(st, &p);
	b = p.id;
	store_paper_clear(&p);
	c = add(st, "", "2023-09-11", 0, false, false, false);

	is_int(store_find_arxiv(st, "2205.14258", &id), STATUS_OK, "find by arXiv id");
	is_int(id, a, "... the right paper");
	is_int(store_find_arxiv(st, "2205.14259", &id), STATUS_NOTFOUND,
	       "unknown arXiv id: NOTFOUND");
	is_int(store_find_doi(st, "10.1/a", &id), STATUS_OK, "find by DOI");
	is_int(id, a, "... the right paper");
	is_int(store_find_doi(st, "10.1/b", &id), STATUS_NOTFOUND, "unknown DOI: NOTFOUND");
	store_find_fp(st, 77, ids, 8, &n);
	ok(n == 2 && ids[0] == a && ids[1] == b, "two papers share a fingerprint, oldest first");
	store_find_fp(st, 77, ids, 1, &n);
	ok(n == 1 && ids[0] == a, "max 1 gives one");
	store_find_fp(st, 78, ids, 8, &n);
	is_int(n, 0, "an unknown fingerprint gives none");
	store_find_tkey(st, 88, ids, 8, &n);
	ok(n == 1 && ids[0] == a, "find by title fingerprint");

	/* Versions */
	is_int(store_version_add(st, a, 5, "2023-03-24"), STATUS_OK, "add v5");
	store_paper_get(st, a, &p);
	is_str(p.date, "2023-03-24", "the date follows the only version");
	store_paper_clear(&p);
	store_version_add(st, a, 1, "2022-05-27");
	store_version_add(st, a, 1, "2022-05-27"); /* again: ignored */
	store_version_add(st, a, 0, "2022-06-01");
	store_paper_get(st, a, &p);
	is_str(p.date, "2022-05-27", "the date is the earliest version's");
	store_paper_clear(&p);
	store_versions(st, a, &v, &n);
	ok(n == 3 && v[0].version == 1 && strcmp(v[0].date, "2022-05-27") == 0 &&
	       v[1].version == 0 && strcmp(v[1].date, "2022-06-01") == 0 && v[2].version == 5 &&
	       strcmp(v[2].date, "2023-03-24") == 0,
	   "versions oldest first, a repeated one kept once");
	free(v);
	store_versions(st, b, &v, &n);
	is_int(n, 0, "a paper without versions has none");
	free(v);

	store_find_date(st, "2022-05-27", false, ids, 8, &n);
	ok(n == 1 && ids[0] == a, "find by a version date");
	store_find_date(st, "2023-03-24", false, ids, 8, &n);
	ok(n == 1 && ids[0] == a, "find by a later version date");
	store_find_date(st, "2023-09-11", true, ids, 8, &n);
	is_int(n, 0, "a paper's own date without a version row is not a version date");
	store_version_add(st, c, 1, "2023-09-11");
	store_find_date(st, "2023-09-11", false, ids, 8, &n);
	ok(n == 1 && ids[0] == c, "... once it has one, it is found");
	store_close(st);
}

/* ---------------------------------------------------------------- lists */

struct model {
	int64_t id;
	char date[11];
	char title[64];
	int64_t opened;
	bool read, starred, tagged;
};

static enum store_sort sort_by;

/* SQLite's NOCASE folds ASCII to lower case, byte by byte. */
static int nocase(const char *a, const char *b)
{
	for (;; a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y || !x)
			return (int)x - (int)y;
	}
}

static int cmp_ll(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

static int model_cmp(const void *pa, const void *pb)
{
	const struct model *a = pa, *b = pb;
	int c;

	switch (sort_by) {
	case STORE_SORT_DATE:
		c = strcmp(b->date, a->date);
		return c ? c : cmp_ll(b->id, a->id);
	case STORE_SORT_TITLE:
		c = nocase(a->title, b->title);
		return c ? c : cmp_ll(a->id, b->id);
	case STORE_SORT_RECENT:
		c = cmp_ll(b->opened, a->opened);
		if (!c)
			c = strcmp(b->date, a->date);
		return c ? c : cmp_ll(b->id, a->id);
	}
	return 0;
}

static bool model_in(const struct model *m, unsigned filter)
{
	return !((filter & STORE_FILTER_UNREAD) && m->read) &&
	       !((filter & STORE_FILTER_STARRED) && !m->starred) &&
	       !((filter & STORE_FILTER_TAGGED) && !m->tagged);
}

static void ids_str(struct buf *b, const int64_t *ids, size_t n)
{
	size_t i;

	buf_reset(b);
	for (i = 0; i < n; i++)
		buf_printf(b, "%s%lld", i ? "," : "", (long long)ids[i]);
}

static void test_rows(void)
{
	static const char *const titles[] = {"alpha", "Alpha", "beta", "Beta", "", "gamma",
	                                     "_under", "[bracket", "Zeta", "zeta", "delta",
	                                     "\xC3\xA9tude", "Epsilon"};
	static const char *const dates[] = {"2023-09-14", "2023-09-14", "2022-05-27", "2021",
	                                    "2021-01-01", "2023-09-14", "2020-02-20"};
	static const int64_t opened[] = {0, 0, 100, 200, 200, 0, 50, 0};
	enum { N = 37 };
	struct store *st = open_memory();
	struct model m[N], exp[N];
	struct store_row rows[N + 1];
	unsigned filter;
	int sort, i;
	size_t nexp, n, k;
	struct buf want = BUF_INIT, got = BUF_INIT;
	int64_t ids[N + 8], count;

	for (i = 0; i < N; i++) {
		m[i].opened = opened[(i * 5) % ARRAY_SIZE(opened)];
		snprintf(m[i].date, sizeof(m[i].date), "%s", dates[(i * 3) % ARRAY_SIZE(dates)]);
		snprintf(m[i].title, sizeof(m[i].title), "%s",
		         titles[(i * 7) % ARRAY_SIZE(titles)]);
		m[i].read = i % 3 == 0;
		m[i].starred = i % 4 == 1 || i % 5 == 0;
		m[i].tagged = i % 2 == 0;
		m[i].id = add(st, m[i].title, m[i].date, m[i].opened, m[i].read, m[i].starred,
		              m[i].tagged);
	}
	for (filter = 0; filter < 8; filter++) {
		struct store_view v = {filter, STORE_SORT_DATE};
		for (i = 0, nexp = 0; i < N; i++)
			nexp += model_in(&m[i], filter);
		store_count(st, &v, &count);
		is_int(count, nexp, "count with filter %u", filter);
	}
	for (sort = STORE_SORT_DATE; sort <= STORE_SORT_RECENT; sort++) {
		for (filter = 0; filter < 8; filter++) {
			struct store_view v = {filter, (enum store_sort)sort};
			static const size_t pages[] = {1, 2, 5, 7, N + 5};
			size_t pi;

			/* The full ordered list, computed here. */
			for (i = 0, nexp = 0; i < N; i++)
				if (model_in(&m[i], filter))
					exp[nexp++] = m[i];
			sort_by = (enum store_sort)sort;
			qsort(exp, nexp, sizeof(*exp), model_cmp);
			for (k = 0; k < nexp; k++)
				ids[k] = exp[k].id;
			ids_str(&want, ids, nexp);

			for (pi = 0; pi < ARRAY_SIZE(pages); pi++) {
				size_t total = 0, page = pages[pi];
				struct store_row last;
				bool have = false, good = true;
				/* forward */
				memset(&last, 0, sizeof(last));
				for (;;) {
					if (store_rows(st, &v, have ? &last : NULL, false, rows,
					               page, &n)) {
						good = false;
						break;
					}
					for (k = 0; k < n && total < N + 8; k++)
						ids[total++] = rows[k].id;
					if (n) {
						store_row_clear(&last);
						last = rows[n - 1];
						last.title = xstrdup(rows[n - 1].title);
						have = true;
					}
					store_rows_clear(rows, n);
					if (n < page || total > N)
						break;
				}
				store_row_clear(&last);
				ids_str(&got, ids, total);
				ok(good, "store_rows sort %d filter %u page %zu: no error", sort,
				   filter, page);
				is_str(got.s, want.s, "sort %d filter %u: forward pages of %zu",
				       sort, filter, page);
				/* backward from the end */
				total = 0;
				have = false;
				memset(&last, 0, sizeof(last));
				for (;;) {
					if (store_rows(st, &v, have ? &last : NULL, true, rows,
					               page, &n))
						break;
					for (k = 0; k < n && total < N + 8; k++)
						ids[total++] = rows[k].id;
					if (n) {
						store_row_clear(&last);
						last = rows[n - 1];
						last.title = xstrdup(rows[n - 1].title);
						have = true;
					}
					store_rows_clear(rows, n);
					if (n < page || total > N)
						break;
				}
				store_row_clear(&last);
				for (k = 0; k < total / 2; k++) {
					int64_t t = ids[k];
					ids[k] = ids[total - 1 - k];
					ids[total - 1 - k] = t;
				}
				ids_str(&got, ids, total);
				is_str(got.s, want.s,
				       "sort %d filter %u: backward pages of %zu, reversed", sort,
				       filter, page);
			}

			/* Pages that start after (or before) any given row. */
			{
				bool fwd = true, bwd = true;
				for (k = 0; k < nexp; k++) {
					struct store_row from;
					size_t j;
					store_row_get(st, exp[k].id, &from);
					store_rows(st, &v, &from, false, rows, 3, &n);
					if (n != (nexp - k - 1 < 3 ? nexp - k - 1 : 3))
						fwd = false;
					for (j = 0; j < n; j++)
						if (rows[j].id != exp[k + 1 + j].id)
							fwd = false;
					store_rows_clear(rows, n);
					store_rows(st, &v, &from, true, rows, 3, &n);
					if (n != (k < 3 ? k : 3))
						bwd = false;
					for (j = 0; j < n; j++)
						if (rows[j].id != exp[k - 1 - j].id)
							bwd = false;
					store_rows_clear(rows, n);
					store_row_clear(&from);
				}
				ok(fwd, "sort %d filter %u: the 3 rows after each row", sort,
				   filter);
				ok(bwd,
				   "sort %d filter %u: the 3 rows before each row, nearest first",
				   sort, filter);
			}
		}
	}

	/* A row from another view still anchors a page (a row filtered out). */
	{
		struct store_view v = {STORE_FILTER_STARRED, STORE_SORT_DATE};
		struct store_row from;
		int64_t unstarred = 0;
		for (i = 0; i < N; i++)
			if (!m[i].starred)
				unstarred = m[i].id;
		store_row_get(st, unstarred, &from);
		ok(!store_view_has(&v, &from),
		   "store_view_has: an unstarred row is not in the starred view");
		ok(store_rows(st, &v, &from, false, rows, N, &n) == STATUS_OK,
		   "store_rows after a row the view does not show");
		store_rows_clear(rows, n);
		store_row_clear(&from);
	}
	/* store_row_get */
	{
		struct store_row r;
		is_int(store_row_get(st, m[4].id, &r), STATUS_OK, "store_row_get");
		ok(r.id == m[4].id && strcmp(r.date, m[4].date) == 0 &&
		       strcmp(r.title, m[4].title) == 0 && r.opened == m[4].opened &&
		       r.read == m[4].read && r.starred == m[4].starred && r.tagged == m[4].tagged,
		   "store_row_get fills the row");
		store_row_clear(&r);
		is_int(store_row_get(st, 424242, &r), STATUS_NOTFOUND,
		       "store_row_get of an unknown id");
		store_row_clear(&r);
	}
	/* max 0 */
	{
		struct store_view v = {0, STORE_SORT_TITLE};
		ok(store_rows(st, &v, NULL, false, rows, 0, &n) == STATUS_OK && n == 0,
		   "store_rows with max 0 gives nothing");
	}
	buf_free(&want);
	buf_free(&got);
	store_close(st);
}

/* ---------------------------------------------------------------- marks */

static void test_marks(void)
{
	struct store *st = open_memory();
	struct store_paper p;
	struct store_view starred = {STORE_FILTER_STARRED, STORE_SORT_DATE};
	struct store_view unread = {STORE_FILTER_UNREAD, STORE_SORT_DATE};
	struct store_view all = {0, STORE_SORT_DATE};
	int64_t a, b, c, changed, n;

	a = add(st, "a", "2020-01-01", 0, false, false, false);
	b = add(st, "b", "2020-01-02", 0, false, true, false);
	c = add(st, "c", "2020-01-03", 0, true, true, false);

	is_int(store_mark_set(st, a, STORE_MARK_READ, true), STATUS_OK, "mark read");
	store_paper_get(st, a, &p);
	ok(p.read && p.read_at > 0, "read, with a time");
	store_paper_clear(&p);
	store_mark_set(st, a, STORE_MARK_READ, false);
	store_paper_get(st, a, &p);
	ok(!p.read && p.read_at == 0, "unread, the time cleared");
	store_paper_clear(&p);
	store_mark_set(st, a, STORE_MARK_STAR, true);
	store_mark_set(st, a, STORE_MARK_TAG, true);
	store_paper_get(st, a, &p);
	ok(p.starred && p.starred_at > 0 && p.tagged && p.tagged_at > 0 && !p.read, "star and tag");
	store_paper_clear(&p);
	is_int(store_mark_set(st, 424242, STORE_MARK_STAR, true), STATUS_NOTFOUND,
	       "mark of an unknown id: NOTFOUND");

	/* store_mark_view */
	store_mark_view(st, &starred, STORE_MARK_TAG, true, &changed);
	is_int(changed, 2, "tag every starred paper: a was tagged already, b and c change");
	store_count(st, &(struct store_view){STORE_FILTER_TAGGED, STORE_SORT_DATE}, &n);
	is_int(n, 3, "... all three tagged");
	store_mark_view(st, &unread, STORE_MARK_READ, true, &changed);
	is_int(changed, 2, "mark the unread view read: a and b");
	store_count(st, &unread, &n);
	is_int(n, 0, "... nothing unread any more");
	store_mark_view(st, &all, STORE_MARK_STAR, false, &changed);
	is_int(changed, 3, "unstar the whole view");
	store_mark_set(st, b, STORE_MARK_STAR, true);
	store_mark_view(st, NULL, STORE_MARK_TAG, false, &changed);
	is_int(changed, 3, "clear a mark everywhere (v NULL)");
	store_mark_view(st, NULL, STORE_MARK_TAG, false, &changed);
	is_int(changed, 0, "clearing it again changes nothing");
	store_mark_view(st, &(struct store_view){STORE_FILTER_STARRED | STORE_FILTER_UNREAD, 0},
	                STORE_MARK_TAG, true, &changed);
	is_int(changed, 0, "starred and unread: none (b is read)");
	store_paper_get(st, c, &p);
	ok(p.read && !p.starred && !p.tagged, "c: read, unstarred, untagged");
	store_paper_clear(&p);

	/* Inside a transaction, marks wait for the commit. */
	store_begin(st);
	store_mark_set(st, a, STORE_MARK_STAR, true);
	store_rollback(st);
	store_paper_get(st, a, &p);
	ok(!p.starred, "a mark set inside a rolled-back transaction is gone");
	store_paper_clear(&p);
	store_rollback(st); /* no transaction open: harmless */
	ok(1, "store_rollback without a transaction is harmless");

	store_paper_opened(st, b);
	store_paper_get(st, b, &p);
	ok(p.opened > 0, "store_paper_opened records a time");
	store_paper_clear(&p);
	store_close(st);
}

/* ---------------------------------------------------------------- links */

static const char *link_str(struct store *st, int64_t id, bool incoming, struct buf *b)
{
	struct store_link *v;
	size_t n, i;

	buf_reset(b);
	if (store_links(st, id, incoming, &v, &n)) {
		buf_adds(b, "error");
		return b->s;
	}
	for (i = 0; i < n; i++) {
		buf_printf(b, "%s%lld:%s", i ? " " : "", (long long)v[i].id,
		           store_link_kind_name(v[i].kind));
		if (v[i].has_score)
			buf_printf(b, ":%g", v[i].score);
		if (v[i].rank)
			buf_printf(b, "#%d", v[i].rank);
	}
	store_links_free(v, n);
	return buf_str(b);
}

static void test_links(void)
{
	struct store *st = open_memory();
	struct buf b = BUF_INIT, w = BUF_INIT;
	struct store_link *v;
	size_t n;
	bool added;
	int64_t p, a, bb, c, d, e, f;

	p = add(st, "P", "2020-01-01", 0, false, false, false);
	a = add(st, "A", "2020-01-02", 0, true, false, false);
	bb = add(st, "B", "2020-01-03", 0, false, true, false);
	c = add(st, "C", "2020-01-04", 0, false, false, false);
	d = add(st, "D", "2020-01-05", 0, false, false, false);
	e = add(st, "E", "2020-01-06", 0, false, false, false);
	f = add(st, "F", "2020-01-07", 0, false, false, false);

	is_str(store_link_kind_name(STORE_LINK_SIMILAR), "similar", "kind name: similar");
	is_str(store_link_kind_name(STORE_LINK_DIGEST), "digest", "kind name: digest");
	is_str(store_link_kind_name(STORE_LINK_COMPUTED), "computed", "kind name: computed");
	is_str(store_link_kind_name((enum store_link_kind)9), "?", "kind name: unknown");

	store_link_add(st, p, p, STORE_LINK_SIMILAR, 0, false, 1, 0, NULL, &added);
	ok(!added, "a self link is never added");
	store_link_add(st, p, a, STORE_LINK_SIMILAR, 0, false, 2, 0, NULL, &added);
	ok(added, "a link is added");
	store_link_add(st, p, a, STORE_LINK_SIMILAR, 0, false, 2, 0, NULL, &added);
	ok(!added, "the same link again is not");
	store_link_add(st, p, bb, STORE_LINK_SIMILAR, 0, false, 1, 0, NULL, &added);
	store_link_add(st, p, c, STORE_LINK_DIGEST, 5, true, 2, 0, NULL, &added);
	store_link_add(st, p, d, STORE_LINK_DIGEST, 79.17, true, 1, 0, NULL, &added);
	store_link_add(st, p, e, STORE_LINK_COMPUTED, 0.9, true, 0, 0, NULL, &added);
	store_link_add(st, p, a, STORE_LINK_COMPUTED, 0.95, true, 0, 0, NULL, &added);
	ok(added, "a computed link beside an imported one is a link of its own");
	/* Equal kind, score and rank: newer date first. */
	store_link_add(st, p, f, STORE_LINK_DIGEST, 5, true, 2, 0, NULL, &added);
	buf_printf(&w,
	           "%lld:similar#1 %lld:similar#2 %lld:digest:79.17#1 %lld:digest:5#2 "
	           "%lld:digest:5#2 %lld:computed:0.9",
	           (long long)bb, (long long)a, (long long)d, (long long)f, (long long)c,
	           (long long)e);
	is_str(link_str(st, p, false, &b), w.s,
	       "links: imported kinds first, strongest first, rank, newest; a paper once");

	/* Scores: kept at the higher of the two. */
	store_link_add(st, p, c, STORE_LINK_DIGEST, 3, true, 2, 0, NULL, &added);
	store_link_add(st, p, c, STORE_LINK_DIGEST, 7.5, true, 2, 0, NULL, &added);
	ok(!added, "a known link with a new score is not added");
	store_link_add(st, p, bb, STORE_LINK_SIMILAR, 0.25, true, 1, 0, NULL, &added);
	store_links(st, p, false, &v, &n);
	{
		size_t i;
		double sc = -1, sb = -1;
		for (i = 0; i < n; i++) {
			if (v[i].id == c)
				sc = v[i].score;
			if (v[i].id == bb)
				sb = v[i].has_score ? v[i].score : -2;
		}
		ok(sc == 7.5, "the higher score is kept (%g)", sc);
		ok(sb == 0.25, "a score given later to an unscored link is kept (%g)", sb);
		ok(n == 6, "six papers linked (%zu)", n);
		for (i = 0; i < n; i++)
			if (v[i].id == a)
				ok(strcmp(v[i].title, "A") == 0 &&
				       strcmp(v[i].date, "2020-01-02") == 0 && v[i].read &&
				       !v[i].starred && !v[i].stub && !v[i].title_derived,
				   "a link carries the other paper's title, date and marks");
	}
	store_links_free(v, n);

	buf_reset(&w);
	buf_printf(&w, "%lld:similar#2", (long long)p);
	is_str(link_str(st, a, true, &b), w.s, "incoming links of A: P once, at its imported link");
	is_str(link_str(st, a, false, &b), "", "A links to nothing");
	store_links(st, 424242, false, &v, &n);
	is_int(n, 0, "links of an unknown paper: none");
	store_links_free(v, n);
	buf_free(&b);
	buf_free(&w);
	store_close(st);
}

/* ---------------------------------------------------------------- fold */

static void test_fold(void)
{
	struct store *st = open_memory();
	struct store_paper p;
	struct store_version *ver;
	struct store_source *src;
	struct store_stats stats;
	struct buf b = BUF_INIT, w = BUF_INIT;
	size_t n;
	bool added, existed;
	int64_t k, dr, x, y, z, s1, s2, id;

	k = add(st, "Keep", "2021-01-01", 10, true, false, false);
	dr = add(st, "Drop", "2020-01-01", 20, false, false, false);
	x = add(st, "X", "2019-01-01", 0, false, false, false);
	y = add(st, "Y", "2019-01-02", 0, false, false, false);
	z = add(st, "Z", "2019-01-03", 0, false, false, false);
	store_mark_set(st, dr, STORE_MARK_STAR, true);
	store_mark_set(st, dr, STORE_MARK_TAG, true);
	store_version_add(st, k, 2, "2021-01-01");
	store_version_add(st, dr, 1, "2020-01-01");
	store_version_add(st, dr, 2, "2021-01-01");
	store_source_get(st, "h1", "one.txt", "similar", &s1, &existed);
	store_source_get(st, "h2", "two.txt", "digest", &s2, &existed);
	store_seen_add(st, k, s1, 7);
	store_seen_add(st, dr, s1, 5);
	store_seen_add(st, dr, s2, 3);
	store_seen_add(st, dr, s1, 7);

	store_link_add(st, dr, x, STORE_LINK_SIMILAR, 0, false, 1, s1, NULL, &added);
	store_link_add(st, x, dr, STORE_LINK_SIMILAR, 0, false, 1, s1, NULL, &added);
	store_link_add(st, dr, k, STORE_LINK_SIMILAR, 0, false, 2, s1, NULL, &added);
	store_link_add(st, k, dr, STORE_LINK_DIGEST, 1, true, 1, s2, NULL, &added);
	store_link_add(st, y, dr, STORE_LINK_SIMILAR, 0, false, 1, s1, NULL, &added);
	store_link_add(st, y, k, STORE_LINK_SIMILAR, 0, false, 1, s1, NULL, &added);
	store_link_add(st, dr, z, STORE_LINK_DIGEST, 2, true, 1, s2, NULL, &added);
	store_link_add(st, k, z, STORE_LINK_DIGEST, 3, true, 1, s2, NULL, &added);
	store_link_add(st, dr, z, STORE_LINK_SIMILAR, 0, false, 3, s1, NULL, &added);

	is_int(store_paper_fold(st, k, k), STATUS_OK, "folding a paper into itself does nothing");
	is_int(store_paper_fold(st, k, 424242), STATUS_NOTFOUND, "folding an unknown paper");
	is_int(store_paper_fold(st, k, dr), STATUS_OK, "fold Drop into Keep");
	is_int(store_paper_get(st, dr, &p), STATUS_NOTFOUND, "Drop is gone");
	store_paper_clear(&p);
	store_paper_get(st, k, &p);
	ok(p.read && p.starred && p.tagged && p.starred_at > 0 && p.tagged_at > 0,
	   "marks ORed: Keep's read, Drop's star and tag, with their times");
	is_int(p.opened, 20, "the later opening time kept");
	is_str(p.date, "2020-01-01", "the date is the earliest version's");
	is_str(p.title, "Keep", "Keep's own fields are left to the caller");
	store_paper_clear(&p);
	store_versions(st, k, &ver, &n);
	ok(n == 2 && strcmp(ver[0].date, "2020-01-01") == 0 && ver[0].version == 1 &&
	   ver[1].version == 2 && strcmp(ver[1].date, "2021-01-01") == 0,
	   "versions moved: v1 2020-01-01, and v2 2021-01-01 once (%zu)", n);
	free(ver);
	store_sources(st, k, &src, &n);
	ok(n == 3 && src[0].id == s1 && src[0].position == 5 && src[1].id == s1 &&
	   src[1].position == 7 && src[2].id == s2 && src[2].position == 3 &&
	   strcmp(src[2].path, "two.txt") == 0 && strcmp(src[2].format, "digest") == 0,
	   "sources moved, the shared one kept once (%zu)", n);
	store_sources_free(src, n);

	buf_printf(&w, "%lld:similar#1 %lld:similar#3", (long long)x, (long long)z);
	is_str(link_str(st, k, false, &b), w.s,
	       "outgoing links moved, no self link, Z once at its strongest kind");
	buf_reset(&w);
	buf_printf(&w, "%lld:similar#1 %lld:similar#1", (long long)y, (long long)x);
	is_str(link_str(st, k, true, &b), w.s,
	       "incoming links moved (newer first), Y once, no self link");
	store_stats(st, &stats);
	is_int(stats.links, 5, "link rows: K->X, K->Z similar, K->Z digest, X->K, Y->K");
	store_find_seen(st, s2, 3, &id);
	is_int(id, k, "what source two saw at line 3 is now Keep");
	is_int(store_find_seen(st, s2, 4, &id), STATUS_NOTFOUND, "nothing seen at line 4");
	/* Records sharing a line have positions of their own; the line is
	 * what a source reports. Two papers at one position (a library
	 * from before positions had an index) name neither. */
	store_seen_add(st, x, s2, STORE_POSITION(9, 0));
	store_seen_add(st, y, s2, STORE_POSITION(9, 1));
	id = 0;
	is_int(store_find_seen(st, s2, STORE_POSITION(9, 1), &id), STATUS_OK,
	       "the second record of line 9 is found");
	is_int(id, y, "... and is its own paper");
	{
		struct store_source *ys;
		size_t nys;
		store_sources(st, y, &ys, &nys);
		ok(nys >= 1 && ys[nys - 1].position == 9, "its source reports line 9");
		store_sources_free(ys, nys);
	}
	store_seen_add(st, y, s2, STORE_POSITION(9, 0));
	id = 0;
	is_int(store_find_seen(st, s2, STORE_POSITION(9, 0), &id), STATUS_NOTFOUND,
	       "two papers at one position: neither is taken");
	is_int(id, 0, "... and the id is left alone");
	buf_free(&b);
	buf_free(&w);
	store_close(st);
}

/* ---------------------------------------------------------------- subjects */

static enum status collect(void *ctx, const char *date)
{
	struct buf *b = ctx;
	if (b->len)
		buf_addc(b, ',');
	buf_adds(b, date);
	return STATUS_OK;
}

static enum status stop_at_first(void *ctx, const char *date)
{
	(void)date;
	(*(int *)ctx)++;
	return STATUS_PARSE;
}

static void test_subjects(void)
{
	struct store *st = open_memory();
	struct store_paper p;
	struct store_stats stats;
	struct buf b = BUF_INIT, w = BUF_INIT;
	int64_t s, s2, id, a, bb, q, ids[4];
	size_t n;
	bool added;
	int calls = 0;

	is_int(store_stub(st, "2023-09-11", false, &id), STATUS_NOTFOUND, "no stub yet");
	is_int(store_stub(st, "2023-09-11", true, &s), STATUS_OK, "create a stub");
	is_int(store_stub(st, "2023-09-11", false, &id), STATUS_OK, "find it");
	is_int(id, s, "... the same one");
	store_stub(st, "2023-09-11", true, &id);
	is_int(id, s, "creating it again gives the same stub");
	store_paper_get(st, s, &p);
	ok(p.stub && strcmp(p.date, "2023-09-11") == 0 && !*p.title,
	   "a stub: flagged, dated, no title");
	store_paper_clear(&p);
	store_find_date(st, "2023-09-11", true, ids, 4, &n);
	is_int(n, 0, "a stub never counts as a paper having its date");
	store_stats(st, &stats);
	ok(stats.papers == 0 && stats.stubs == 1, "stats: 0 papers, 1 stub");

	a = add(st, "A", "2020-01-01", 0, false, false, false);
	bb = add(st, "B", "2020-01-02", 0, false, false, false);
	q = add(st, "Q", "2023-09-11", 0, false, false, false);
	store_link_add(st, s, a, STORE_LINK_SIMILAR, 0, false, 1, 0, "2023-09-11", &added);
	store_link_add(st, s, bb, STORE_LINK_SIMILAR, 0, false, 2, 0, "2023-09-11", &added);
	store_link_add(st, s, q, STORE_LINK_SIMILAR, 0, false, 3, 0, "2023-09-11", &added);
	store_stub(st, "2015-04-08", true, &s2);
	store_link_add(st, s2, a, STORE_LINK_SIMILAR, 0, false, 1, 0, "2015-04-08", &added);
	store_link_add(st, q, bb, STORE_LINK_SIMILAR, 0, false, 7, 0, NULL, &added);

	store_subject_dates(st, collect, &b);
	is_str(b.s, "2015-04-08,2023-09-11", "subject dates: distinct, in order");
	is_int(store_subject_dates(st, stop_at_first, &calls), STATUS_PARSE,
	       "subject dates: a failing callback stops the walk");
	is_int(calls, 1, "... after one call");

	/* The subject turns out to be Q: its links start from Q. */
	is_int(store_subject_repoint(st, "2023-09-11", q), STATUS_OK, "repoint 2023-09-11 to Q");
	buf_printf(&w, "%lld:similar#1 %lld:similar#7", (long long)a, (long long)bb);
	is_str(link_str(st, q, false, &b), w.s,
	       "Q links to A, and to B once (its own link kept), never to itself");
	is_str(link_str(st, s, false, &b), "", "the stub links to nothing any more");
	is_int(store_stub_prune(st, s), STATUS_OK, "prune the unused stub");
	is_int(store_paper_get(st, s, &p), STATUS_NOTFOUND, "... it is gone");
	store_paper_clear(&p);

	/* A stub in use, a marked stub, and a real paper are never pruned. */
	store_stub_prune(st, s2);
	ok(store_paper_get(st, s2, &p) == STATUS_OK, "a linked stub is kept");
	store_paper_clear(&p);
	store_subject_repoint(st, "2015-04-08", a); /* A is the subject: self link dropped */
	is_str(link_str(st, a, false, &b), "",
	       "repointing onto a listed paper drops the self link");
	store_mark_set(st, s2, STORE_MARK_STAR, true);
	store_stub_prune(st, s2);
	ok(store_paper_get(st, s2, &p) == STATUS_OK, "a starred stub is kept");
	store_paper_clear(&p);
	store_mark_set(st, s2, STORE_MARK_STAR, false);
	store_stub_prune(st, s2);
	is_int(store_paper_get(st, s2, &p), STATUS_NOTFOUND, "unstarred and unlinked: pruned");
	store_paper_clear(&p);
	store_stub_prune(st, bb);
	ok(store_paper_get(st, bb, &p) == STATUS_OK, "a real paper is never pruned");
	store_paper_clear(&p);
	buf_reset(&b);
	store_subject_dates(st, collect, &b);
	is_str(buf_str(&b), "2023-09-11", "the subject date stays with the repointed links");
	buf_free(&b);
	buf_free(&w);
	store_close(st);
}

/* ---------------------------------------------------------------- sources */

static void test_sources(void)
{
	char path[256];
	struct store *st;
	struct store_source *src;
	size_t n;
	int64_t s1, s2, s3, id, a;
	bool existed, added;
	struct store_stats stats;

	snprintf(path, sizeof(path), "%s/sources.db", tmpdir);
	store_open(path, 0, &st);
	a = add(st, "A", "2020-01-01", 0, false, false, false);
	id = add(st, "B", "2020-01-02", 0, false, false, false);

	is_int(store_source_get(st, "fnv1a64:1", "one.txt", "similar", &s1, &existed), STATUS_OK,
	       "record a source");
	ok(!existed, "... it did not exist");
	store_source_get(st, "fnv1a64:1", "renamed.txt", "similar", &s2, &existed);
	ok(existed && s2 == s1, "the same hash again: it existed, same id");
	store_seen_add(st, a, s1, 3);

	/* A streamed file: pending hash, then its real one, which is known. */
	store_source_get(st, "pending:1", "-", "similar", &s3, &existed);
	ok(!existed && s3 != s1, "a pending source is a new one");
	store_seen_add(st, a, s3, 3);
	store_seen_add(st, a, s3, 9);
	store_link_add(st, a, id, STORE_LINK_SIMILAR, 0, false, 1, s3, NULL, &added);
	is_int(store_source_finish(st, s3, "fnv1a64:1"), STATUS_OK, "finish it with a known hash");
	store_sources(st, a, &src, &n);
	ok(n == 2 && src[0].id == s1 && src[0].position == 3 && src[1].id == s1 &&
	   src[1].position == 9 && strcmp(src[0].path, "one.txt") == 0,
	   "its sightings joined the known source, once each (%zu)", n);
	store_sources_free(src, n);
	store_stats(st, &stats);
	is_int(stats.sources, 1, "the pending source is gone");

	/* Finishing with a new hash just renames it. */
	store_source_get(st, "pending:2", "-", "digest", &s3, &existed);
	is_int(store_source_finish(st, s3, "fnv1a64:2"), STATUS_OK, "finish with a new hash");
	store_source_get(st, "fnv1a64:2", "x", "digest", &s2, &existed);
	ok(existed && s2 == s3, "the source now has its final hash");
	store_source_get(st, "pending:2", "-", "digest", &s2, &existed);
	ok(!existed, "... and not the pending one");
	is_int(store_source_finish(st, s1, "fnv1a64:1"), STATUS_OK, "finishing with its own hash");
	store_close(st);

	is_int(sql_int(path, "SELECT count(*) FROM links WHERE source_id IS NOT NULL AND source_id "
	                     "NOT IN (SELECT id FROM sources)"),
	       0, "no link points at a deleted source");
	{
		char q[128];
		snprintf(q, sizeof(q), "SELECT source_id FROM links WHERE from_id = %lld",
		         (long long)a);
		is_int(sql_int(path, q), s1, "the link's source moved to the known source");
	}
}

/* ---------------------------------------------------------------- search index */

static long long fts_hits(const char *path, const char *word)
{
	char q[256];
	snprintf(q, sizeof(q), "SELECT count(*) FROM fts WHERE fts MATCH '%s'", word);
	return sql_int(path, q);
}

/* test_fences()' walk of a view: the fences' position of a row against
 * the number of rows before it. */
struct fence_walk {
	struct store *st;
	struct store_fences *f;
	int64_t pos;
	int tried, wrong;
};

static enum status fence_check(void *ctx, const struct store_row *r)
{
	struct fence_walk *w = ctx;
	int64_t m = w->pos % 2048, got = -1;

	if (m <= 1 || m == 2047 || w->pos % 97 == 0) {
		w->tried++;
		if (store_fences_position(w->st, w->f, r, &got) != STATUS_OK || got != w->pos) {
			if (w->wrong++ < 3)
				printf("# paper %lld: position %lld, from fences %lld\n", (long long)r->id,
				       (long long)w->pos, (long long)got);
		}
	}
	w->pos++;
	return STATUS_OK;
}

/* Fences of one view, checked against positions counted from the top:
 * rows next to a fence and every 97th are looked up. */
static void check_fences(struct store *st, unsigned filter, int sort, const char *what)
{
	struct store_view v = {filter, (enum store_sort)sort};
	struct store_fences *f = store_fences_new(&v);
	struct fence_walk w = {st, f, 0, 0, 0};
	int64_t count = -1;
	int steps = 0;

	while (!store_fences_done(f) && steps++ < 100)
		if (store_fences_step(st, f, 3) != STATUS_OK)
			break;
	store_count(st, &v, &count);
	is_int(store_fences_count(f), count, "fences%s: the count (sort %d, filter %u)", what, sort,
	       filter);
	store_rows_each(st, &v, fence_check, &w);
	is_int(w.pos, count, "fences%s: the walk saw every row (sort %d, filter %u)", what, sort,
	       filter);
	ok(w.wrong == 0 && w.tried > 10, "fences%s: %d positions as counted (sort %d, filter %u)",
	   what, w.tried, sort, filter);
	store_fences_free(f);
}

/* Positions from fences must be the positions counted from the top, for
 * every sort and filter, with ties on every key, across several fences. */
static void test_fences(void)
{
	static const char *const titles[] = {"alpha", "Alpha", "ALPHA", "beta", "",
	                                     "\xC3\xA9tude", "\xC3\x89tude", "zeta", "_x", "[y"};
	static const char *const dates[] = {"2023-09-14", "2022-05-27", "2021", "", "2020-02-20"};
	enum { N = 9000 };
	struct store *st = open_memory();
	struct store_view all = {0, STORE_SORT_DATE};
	int sort, i;
	unsigned filter;
	int64_t changed = 0;

	store_begin(st);
	for (i = 0; i < N; i++)
		add(st, titles[(i * 7) % 10], dates[(i * 3) % 5], (i % 11) * 100, i % 5 == 0,
		    i % 4 == 1 || i % 6 == 0, i % 2 == 0);
	store_commit(st);
	/* Fewer than 5000 starred or tagged: the marked views read their
	 * partial indexes, whatever the order. */
	for (sort = STORE_SORT_DATE; sort <= STORE_SORT_RECENT; sort++)
		for (filter = 0; filter < 8; filter++)
			check_fences(st, filter, sort, "");
	/* Every paper tagged (more than 5000): in title and recent order the
	 * tagged views walk the order's index instead; same positions. */
	store_mark_view(st, &all, STORE_MARK_TAG, true, &changed);
	is_int(changed, N / 2, "the other half tagged too");
	for (sort = STORE_SORT_DATE; sort <= STORE_SORT_RECENT; sort++) {
		check_fences(st, STORE_FILTER_TAGGED, sort, ", all tagged");
		check_fences(st, STORE_FILTER_TAGGED | STORE_FILTER_UNREAD, sort, ", all tagged");
	}
	/* And back to a few: the view's choice follows the marks. */
	store_mark_view(st, NULL, STORE_MARK_TAG, false, &changed);
	store_begin(st);
	for (i = 1; i <= N; i += 3)
		store_mark_set(st, i, STORE_MARK_TAG, true);
	store_commit(st);
	for (sort = STORE_SORT_DATE; sort <= STORE_SORT_RECENT; sort++)
		check_fences(st, STORE_FILTER_TAGGED, sort, ", a third tagged");
	store_close(st);
}

static void test_fts(void)
{
	char path[256];
	struct store *st;
	struct store_paper p, old, q;
	int64_t a, b, s;

	snprintf(path, sizeof(path), "%s/fts.db", tmpdir);
	store_open(path, 0, &st);
	memset(&p, 0, sizeof(p));
	p.title = xstrdup("Symmetries of \\emph{Deep} Models");
	p.authors = xstrdup("Godfrey, Charles\nDavis Brown");
	p.abstract = xstrdup("A key step called {\\em pretraining} and $G_2$-invariant maps.");
	store_paper_insert(st, &p);
	a = p.id;
	store_paper_clear(&p);
	b = add(st, "Unrelated zebras", "2020-01-01", 0, false, false, false);
	store_close(st);

	is_int(fts_hits(path, "pretraining"), 1,
	       "search: \"pretraining\" finds {\\em pretraining}");
	is_int(fts_hits(path, "deep"), 1, "search: a word of the rendered title");
	is_int(fts_hits(path, "godfrey"), 1, "search: an author");
	is_int(fts_hits(path, "em"), 0, "search: LaTeX command names are not words");
	is_int(fts_hits(path, "zebras"), 1, "search: the second paper");

	/* An update replaces the indexed words. */
	store_open(path, 0, &st);
	store_paper_get(st, a, &old);
	q = old;
	q.abstract = xstrdup("Now about {\\em finetuning} only.");
	store_paper_update(st, &old, &q);
	free(q.abstract);
	store_paper_clear(&old);
	store_close(st);
	is_int(fts_hits(path, "pretraining"), 0, "after an update the old word is gone");
	is_int(fts_hits(path, "finetuning"), 1, "... and the new one found");
	is_int(fts_hits(path, "godfrey"), 1, "... and the unchanged fields still found");

	/* Folding and pruning take their words away. */
	store_open(path, 0, &st);
	store_paper_fold(st, a, b);
	store_stub(st, "2023-09-11", true, &s);
	store_stub_prune(st, s);
	store_close(st);
	is_int(fts_hits(path, "zebras"), 0, "a folded paper's words are gone");
	is_int(fts_hits(path, "finetuning"), 1, "the kept paper's words stay");

	/* A changed renderer revision rebuilds the index at open. */
	ok(sql(path,
	       "UPDATE meta SET value = 'old' WHERE key = 'fts_render';"
	       "INSERT INTO fts(rowid, title, authors, abstract) VALUES(9999, 'stale', '', '')"),
	   "simulate an index built by an older renderer");
	store_open(path, 0, &st);
	store_close(st);
	is_int(fts_hits(path, "stale"), 0, "the index was rebuilt: stale words gone");
	is_int(fts_hits(path, "finetuning"), 1, "... and the papers' words back");
	is_int(sql_int(path, "SELECT value <> 'old' FROM meta WHERE key = 'fts_render'"), 1,
	       "the renderer revision is recorded");
}

/* ---------------------------------------------------------------- schema */

static void refused(const char *path, unsigned flags, enum status want, const char *msg,
                    const char *what)
{
	char *before = NULL, *after = NULL, wal[300], shm[300];
	size_t lb = 0, la = 0;
	struct store *st = (struct store *)1;
	enum status ret;

	file_bytes(path, &before, &lb);
	ret = store_open(path, flags, &st);
	is_int(ret, want, "%s: refused with status %d", what, (int)want);
	ok(st == NULL, "%s: no handle", what);
	if (msg)
		ok(strstr(status_msg(), msg) != NULL, "%s: the message says \"%s\" (%s)", what, msg,
		   status_msg());
	ok(file_bytes(path, &after, &la) && la == lb && memcmp(before, after, lb) == 0,
	   "%s: its bytes are unchanged", what);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	snprintf(shm, sizeof(shm), "%s-shm", path);
	ok(!exists(wal) && !exists(shm), "%s: no -wal or -shm left beside it", what);
	if (ret == STATUS_OK)
		store_close(st);
	free(before);
	free(after);
}

/* The text of q's single value over all rows, concatenated (NULL on error):
 * what two libraries' index tables are compared by. */
static char *sql_dump(const char *path, const char *q)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	struct buf b = BUF_INIT;
	bool fine = false;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, q, -1, &s, NULL) == SQLITE_OK) {
		while (sqlite3_step(s) == SQLITE_ROW) {
			const unsigned char *v = sqlite3_column_text(s, 0);
			buf_adds(&b, v ? (const char *)v : "NULL");
			buf_addc(&b, '\n');
		}
		fine = sqlite3_finalize(s) == SQLITE_OK;
	} else {
		printf("# sqlite3 %s: %s\n", path, sqlite3_errmsg(db));
	}
	sqlite3_close(db);
	if (!fine) {
		buf_free(&b);
		return NULL;
	}
	return b.s ? buf_steal(&b) : xstrdup("");
}

/* Tokens made ahead (by an import's parser thread) must give the very
 * index the library's own tokenizer gives: the same papers inserted
 * both ways leave byte-identical FTS5 tables. */
static void test_tokens_ahead(void)
{
	static const struct {
		const char *title, *authors, *abstract;
	} papers[] = {
	    {"Schr\xc3\xb6" "dinger bridges: running, ran, runs", "M\xc3\xbcller, J\xc3\xbcrgen\nZo\xc3\xab Smith",
	     "We study $\\alpha$-stable \\emph{L\xc3\xa9vy} flights in $G_2$-invariant maps."},
	    {"\xce\x9a\xce\xb2\xce\xb1\xce\xbd\xcf\x84\xce\xb9\xce\xba\xcf\x8c: quantum \xe9\x87\x8f\xe5\xad\x90 fields",
	     "", "Na\xc3\xafve caf\xc3\xa9s don't co-operate; 1e-10 and 3.14159 and x_{ij}^2."},
	    {"", "Nobody", ""},
	    /* A title that opens like tokens made ahead: still tokenized. */
	    {"\x1f\x1fsheaf-tokens\x1fHello WORLD jumping", "Marker, Mona", "\x1f\x1fsheaf-tokens\x1f"},
	    {"A word far too long: pneumonoultramicroscopicsilicovolcanoconiosisxxxxxxxxxxxxxxxxxxxx",
	     "O'Brien, Se\xc3\xa1n", "Tabs\tand\nnew lines   and  spaces; \\v{C}ech and \\'{e}t\\'{a}le."},
	};
	static const char *const tables[] = {
	    "SELECT id || ':' || hex(block) FROM fts_data ORDER BY id",
	    "SELECT hex(segid) || ':' || hex(term) || ':' || pgno FROM fts_idx ORDER BY 1",
	    "SELECT id || ':' || hex(sz) FROM fts_docsize ORDER BY id",
	};
	char path[2][256];
	struct store_tokens *tk = store_tokens_open();
	size_t i, k;
	int side;

	ok(tk != NULL, "tokens ahead: the index's tokenizer can be had on a private connection");
	for (side = 0; side < 2; side++) {
		struct store *st = NULL;

		snprintf(path[side], sizeof(path[side]), "%s/tokens-%d.db", tmpdir, side);
		store_open(path[side], 0, &st);
		store_begin(st);
		for (i = 0; i < sizeof(papers) / sizeof(papers[0]); i++) {
			struct store_paper p;
			struct store_fts_text *f;

			memset(&p, 0, sizeof(p));
			p.title = xstrdup(papers[i].title);
			p.authors = xstrdup(papers[i].authors);
			p.abstract = xstrdup(papers[i].abstract);
			p.date = xstrdup("2020-01-01");
			if (side == 0) {
				store_paper_insert(st, &p);
			} else {
				f = store_fts_text_render(&p, tk);
				if (store_paper_insert_rendered(st, &p, f))
					printf("# insert failed: %s\n", status_msg());
				store_fts_text_free(f);
			}
			store_paper_clear(&p);
		}
		store_commit(st);
		store_close(st);
	}
	store_tokens_close(tk);
	for (k = 0; k < sizeof(tables) / sizeof(tables[0]); k++) {
		char *a = sql_dump(path[0], tables[k]), *b = sql_dump(path[1], tables[k]);
		ok(a && b && *a && strcmp(a, b) == 0, "tokens ahead: the same index (%.*s)",
		   (int)strcspn(strstr(tables[k], "FROM ") + 5, " "), strstr(tables[k], "FROM ") + 5);
		free(a);
		free(b);
	}
	/* A plain SQLite (no wrapper) reads the index: porter's stems. */
	is_int(fts_hits(path[1], "run"), 1, "tokens ahead: stems found by plain SQLite");
	is_int(fts_hits(path[1], "schrodinger"), 1, "tokens ahead: diacritics folded");
	is_int(fts_hits(path[1], "levy"), 1, "tokens ahead: LaTeX rendered first");
	is_int(fts_hits(path[0], "hello"), 1, "a title that opens with the marker is tokenized");
	is_int(fts_hits(path[1], "hello"), 1, "... also when tokenized ahead");
	is_int(fts_hits(path[1], "jump"), 1, "... and stemmed");
}

/* A large import into an empty library leaves WAL mode for a rollback
 * journal (store_direct_begin), and only then. */
static void test_direct(void)
{
	char path[256], *mode;
	struct store *st, *other;

	snprintf(path, sizeof(path), "%s/direct.db", tmpdir);
	is_int(store_open(path, 0, &st), STATUS_OK, "direct: a new library");
	ok(store_direct_begin(st), "an empty library alone leaves WAL mode");
	is_str(mode = journal_of(path), "delete", "... for a rollback journal");
	free(mode);
	store_begin(st);
	add(st, "A paper", "2020-01-01", 0, false, false, false);
	is_int(store_commit(st), STATUS_OK, "... in which an import commits");
	store_direct_end(st);
	is_str(mode = journal_of(path), "wal", "... and WAL mode is back after it");
	free(mode);
	ok(!store_direct_begin(st), "a library with papers stays in WAL mode");
	store_close(st);

	snprintf(path, sizeof(path), "%s/direct2.db", tmpdir);
	is_int(store_open(path, 0, &st), STATUS_OK, "another new library");
	is_int(store_open(path, 0, &other), STATUS_OK, "... opened twice");
	ok(!store_direct_begin(st), "another connection keeps it in WAL mode");
	is_str(mode = journal_of(path), "wal", "... and says so");
	free(mode);
	store_close(other);
	ok(store_direct_begin(st), "once that connection is gone, it can leave WAL mode");
	store_direct_end(st);
	store_close(st);
	is_str(mode = journal_of(path), "wal", "... and is left in WAL mode");
	free(mode);
}

static void test_schema(void)
{
	char path[256], q[128];
	struct store *st;
	struct store_paper p;
	enum status ret;
	FILE *f;
	int i;

	/* A fresh file. */
	snprintf(path, sizeof(path), "%s/fresh.db", tmpdir);
	is_int(store_open(path, 0, &st), STATUS_OK, "a fresh file is created");
	is_int(store_found_version(st), 0, "... found at version 0");
	ok(store_was_empty(st), "... and empty");
	add(st, "A paper", "2020-01-01", 0, false, false, false);
	store_close(st);
	is_int(sql_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION,
	       "user_version is STORE_SCHEMA_VERSION");
	is_int(sql_int(path, "PRAGMA application_id"), 0x73686566, "application_id is \"shef\"");
	is_int(sql_int(path, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1,
	       "the library is in WAL mode");
	is_int(store_open(path, 0, &st), STATUS_OK, "reopen");
	is_int(store_found_version(st), STORE_SCHEMA_VERSION, "... found at the current version");
	ok(!store_was_empty(st), "... not empty");
	store_close(st);
	is_int(store_open(path, STORE_READONLY, &st), STATUS_OK, "open read-only");
	ret = store_mark_set(st, 1, STORE_MARK_STAR, true);
	is_int(ret, STATUS_READONLY, "a write to a read-only library: STATUS_READONLY");
	memset(&p, 0, sizeof(p));
	is_int(store_paper_insert(st, &p), STATUS_READONLY, "an insert too");
	store_paper_clear(&p);
	store_close(st);

	/* Written by a newer sheaf: refused, untouched. */
	ok(sql(path, "PRAGMA journal_mode = DELETE"), "take the library out of WAL mode");
	snprintf(q, sizeof(q), "PRAGMA user_version = %d", STORE_SCHEMA_VERSION + 1);
	ok(sql(path, q), "set user_version to STORE_SCHEMA_VERSION + 1");
	refused(path, 0, STATUS_NEWER, "left untouched", "a library from a newer sheaf");
	refused(path, STORE_READONLY, STATUS_NEWER, "newer sheaf", "a newer library, read-only");
	ok(sql(path, "PRAGMA user_version = 99"), "set user_version to 99");
	refused(path, 0, STATUS_NEWER, "schema 99", "user_version 99");
	ok(strstr(status_msg(), path) != NULL, "... the message names the file");

	/* The same in WAL mode (as sheaf itself leaves a library). */
	snprintf(path, sizeof(path), "%s/newer-wal.db", tmpdir);
	store_open(path, 0, &st);
	add(st, "A paper", "2020-01-01", 0, false, false, false);
	store_close(st);
	ok(sql(path, "PRAGMA user_version = 99"), "a WAL library set to user_version 99");
	{
		char *before = NULL, *after = NULL;
		size_t lb, la;
		file_bytes(path, &before, &lb);
		is_int(store_open(path, 0, &st), STATUS_NEWER, "a newer WAL library is refused");
		ok(file_bytes(path, &after, &la) && la == lb && memcmp(before, after, lb) == 0,
		   "... its bytes unchanged");
		free(before);
		free(after);
	}

	/* Someone else's database. */
	snprintf(path, sizeof(path), "%s/other.db", tmpdir);
	ok(sql(path, "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);"
	             "INSERT INTO notes(body) VALUES('mine')"),
	   "a database with a table of its own");
	refused(path, 0, STATUS_DB, "is not a sheaf library", "a non-sheaf database");
	ok(sql(path, "PRAGMA user_version = 1"), "... claiming user_version 1");
	refused(path, 0, STATUS_DB, "is not a sheaf library", "a non-sheaf database at version 1");

	/* Not a database at all. */
	snprintf(path, sizeof(path), "%s/random.db", tmpdir);
	f = fopen(path, "wb");
	srand(12345);
	for (i = 0; i < 8192; i++)
		fputc(rand() & 0xFF, f);
	fclose(f);
	refused(path, 0, STATUS_DB, "is not a sheaf library", "8 KiB of random bytes");
	refused(path, STORE_READONLY, STATUS_DB, "is not a sheaf library",
	        "random bytes, read-only");
	snprintf(path, sizeof(path), "%s/text.db", tmpdir);
	f = fopen(path, "wb");
	fputs("September 14, 2023\nNot a library but a similar-papers page.\n", f);
	fclose(f);
	refused(path, 0, STATUS_DB, "is not a sheaf library", "a text file");

	/* An empty file is a new library. */
	snprintf(path, sizeof(path), "%s/empty.db", tmpdir);
	f = fopen(path, "wb");
	fclose(f);
	refused(path, STORE_READONLY, STATUS_READONLY, "read-only",
	        "an empty file opened read-only (it would need creating)");
	is_int(store_open(path, 0, &st), STATUS_OK, "an empty file becomes a library");
	store_close(st);
	is_int(sql_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION,
	       "... at the current version");

	/* Read-only open of a missing file: fails, creates nothing. */
	snprintf(path, sizeof(path), "%s/missing.db", tmpdir);
	st = (struct store *)1;
	ret = store_open(path, STORE_READONLY, &st);
	ok(ret != STATUS_OK && st == NULL, "read-only open of a missing file fails (%s)",
	   status_msg());
	is_int(ret, STATUS_IO, "... with STATUS_IO");
	ok(!exists(path), "... and creates nothing");

	/* A directory, and a file in a missing directory. */
	ret = store_open(tmpdir, 0, &st);
	ok(ret != STATUS_OK, "a directory is not a library (%s)", status_msg());
	snprintf(path, sizeof(path), "%s/no/such/dir/library.db", tmpdir);
	ret = store_open(path, 0, &st);
	is_int(ret, STATUS_IO, "a library in a missing directory: STATUS_IO");
}

static void cleanup(void)
{
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	if (!mkdtemp(tmpdir)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_round_trip();
	test_find_and_versions();
	test_rows();
	test_fences();
	test_marks();
	test_links();
	test_fold();
	test_subjects();
	test_sources();
	test_fts();
	test_tokens_ahead();
	test_direct();
	test_schema();
	cleanup();
	return done_testing();
}
