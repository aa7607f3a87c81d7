/*
 * Searches run by the store: what matches, the order of the hits, windows
 * by rank and in list order (the reader's /, n and N), filters, the cap,
 * and that no parsed query can make FTS5 fail.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "search.h"
#include "store.h"
#include "tap.h"

static struct store *st;

static int64_t add(const char *title, const char *authors, const char *abstract, const char *date,
                   const char *arxiv)
{
	struct store_paper p;
	int64_t id;

	memset(&p, 0, sizeof(p));
	p.title = xstrdup(title);
	p.authors = xstrdup(authors);
	p.abstract = xstrdup(abstract);
	p.date = xstrdup(date);
	p.arxiv = arxiv ? xstrdup(arxiv) : NULL;
	if (store_paper_insert(st, &p))
		util_die("insert: %s", status_msg());
	id = p.id;
	store_paper_clear(&p);
	return id;
}

static struct store_hits *run_query(const char *text, unsigned filter, size_t cap)
{
	struct search_query *q;
	struct store_hits *h = NULL;

	if (search_parse(text, &q) != STATUS_OK)
		util_die("parse %s: %s", text, status_msg());
	if (store_search(st, q, filter, cap, 0, true, &h) != STATUS_OK)
		util_die("search %s: %s", text, status_msg());
	search_free(q);
	return h;
}

/* The ids of (the first 64) hits h of store s in rank order, as "3 1 2";
 * h is freed. */
static char *hit_ids(struct store *s, struct store_hits *h)
{
	struct store_hit rows[64];
	struct buf b = BUF_INIT;
	size_t n = 0, i;

	store_hits_rows(s, h, NULL, false, rows, 64, &n);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%lld", i ? " " : "", (long long)rows[i].row.id);
	store_hits_clear(rows, n);
	store_hits_free(s, h);
	return buf_steal(&b);
}

/* The ids of all hits in rank order, as "3 1 2". */
static char *ids_of(const char *text, unsigned filter)
{
	return hit_ids(st, run_query(text, filter, 0));
}

static void finds(const char *text, unsigned filter, const char *want)
{
	char *got = ids_of(text, filter);
	is_str(got, want, "search %s%s", text, filter ? " (filtered)" : "");
	free(got);
}

/* ---------------------------------------------------------------- marks index */

static struct store *mx_st;

static int64_t mx_add(const char *title, const char *abstract, const char *date, bool star,
                      bool tag, bool stubbed)
{
	struct store_paper p;
	int64_t id;

	memset(&p, 0, sizeof(p));
	p.title = xstrdup(title);
	p.authors = xstrdup("Ada Lovelace\nCharles Babbage");
	p.abstract = xstrdup(abstract);
	p.date = xstrdup(date);
	p.starred = star;
	p.tagged = tag;
	p.stub = stubbed;
	if (store_paper_insert(mx_st, &p))
		util_die("insert: %s", status_msg());
	id = p.id;
	store_paper_clear(&p);
	return id;
}

/* The ids of an unranked search's hits, newest first: what the reader
 * runs as one types. */
static char *unranked(struct store *s, const char *text, unsigned filter)
{
	struct search_query *q;
	struct store_hits *h = NULL;

	if (search_parse(text, &q) != STATUS_OK)
		util_die("parse %s: %s", text, status_msg());
	if (store_search(s, q, filter, 0, 0, false, &h) != STATUS_OK)
		util_die("search %s: %s", text, status_msg());
	search_free(q);
	return hit_ids(s, h);
}

/* Builds the marks index for filter, two papers a step; the steps taken. */
static int mx_build(unsigned filter)
{
	bool more = true;
	int steps = 0;

	while (more && steps < 1000) {
		if (store_marks_index_step(mx_st, filter, 2, &more) != STATUS_OK)
			util_die("marks index: %s", status_msg());
		steps++;
	}
	return steps;
}

static void mx_finds(const char *text, unsigned filter, const char *want, const char *when)
{
	char *got = unranked(mx_st, text, filter);
	is_str(got, want, "marks index, %s: %s", when, text);
	free(got);
}

/* In a starred or tagged view an unranked search reads the marks index
 * once it is built: it must find what looking each marked paper up in the
 * library's index finds, and see every change made since, here or by
 * another connection. */
static void test_marks_index(void)
{
	static const char *const queries[] = {
		"learning", "deep", "title:symmetries", "author:Lovelace", "\"pre training\"",
		"sym*", "deep -symmetries", "learning year:2016..2020", "bird OR lattices",
		"pretraining", "nothing-like-this"};
	char dir[] = "/tmp/sheaf-test-marks.XXXXXX", path[64], *before[16];
	struct store *other = NULL;
	struct store_paper p, old;
	int64_t a, c, d, f, q;
	size_t i;
	bool same = true;

	if (!mkdtemp(dir))
		util_die("mkdtemp");
	snprintf(path, sizeof(path), "%s/lib.db", dir);
	if (store_open(path, 0, &mx_st))
		util_die("open: %s", status_msg());
	a = mx_add("On the Symmetries of Deep Learning", "the intertwiner groups", "2022-05-27",
	           true, false, false);
	mx_add("Why does deep learning work", "{\\em pretraining} first", "2015-04-08", true, true,
	       false);
	c = mx_add("Group equivariant networks", "Symmetries make learning efficient", "2016-02-24",
	           true, false, false);
	d = mx_add("A survey of bird song", "models of song learning", "2019-07-01", false, true,
	           false);
	mx_add("Pre-training considered harmful", "against pre-training", "2020-01-15", true, true,
	       false);
	f = mx_add("Lattice models", "Ising models on lattices", "2021-06-30", false, false, false);
	mx_add("", "", "2023-09-11", true, false, true); /* a starred stub */

	/* Looked up first, then from the built index: the same hits. */
	for (i = 0; i < ARRAY_SIZE(queries); i++)
		before[i] = unranked(mx_st, queries[i], STORE_FILTER_STARRED);
	ok(mx_build(STORE_FILTER_STARRED) >= 3, "the marks index is built in steps");
	for (i = 0; i < ARRAY_SIZE(queries); i++) {
		char *after = unranked(mx_st, queries[i], STORE_FILTER_STARRED);
		if (strcmp(after, before[i]) != 0) {
			same = false;
			printf("# %s: looked up \"%s\", from the index \"%s\"\n", queries[i],
			       before[i], after);
		}
		free(after);
		free(before[i]);
	}
	ok(same, "the marks index finds what the lookups find, for %zu queries",
	   ARRAY_SIZE(queries));
	mx_finds("learning", STORE_FILTER_STARRED, "3 2 1", "built");
	mx_finds("pretraining", STORE_FILTER_STARRED, "2", "built, LaTeX rendered");
	mx_finds("learning", STORE_FILTER_STARRED | STORE_FILTER_TAGGED, "2",
	         "starred and tagged");
	mx_finds("learning", STORE_FILTER_TAGGED, "4 2", "the tagged view, from a starred index");

	/* Changes since the build: a star, an unstar, new text, a paper. */
	store_mark_set(mx_st, d, STORE_MARK_STAR, true);
	mx_finds("song", STORE_FILTER_STARRED, "4", "a paper starred since");
	mx_build(STORE_FILTER_STARRED);
	mx_finds("song", STORE_FILTER_STARRED, "4", "... and built again");
	store_mark_set(mx_st, c, STORE_MARK_STAR, false);
	mx_finds("learning", STORE_FILTER_STARRED, "4 2 1", "a paper unstarred since");
	mx_build(STORE_FILTER_STARRED);
	mx_finds("learning", STORE_FILTER_STARRED, "4 2 1", "... and built again");
	store_paper_get(mx_st, a, &old);
	store_paper_get(mx_st, a, &p);
	free(p.abstract);
	p.abstract = xstrdup("the intertwiner groups of a quasicrystal");
	if (store_paper_update(mx_st, &old, &p))
		util_die("update: %s", status_msg());
	store_paper_clear(&old);
	store_paper_clear(&p);
	mx_finds("quasicrystal", STORE_FILTER_STARRED, "1", "a starred paper's new text");
	mx_build(STORE_FILTER_STARRED);
	mx_finds("quasicrystal", STORE_FILTER_STARRED, "1", "... and built again");
	q = mx_add("Quasicrystal lattices", "more quasicrystal", "2024-01-01", true, false, false);
	is_int(q, 8, "fixture: an eighth paper");
	mx_finds("quasicrystal", STORE_FILTER_STARRED, "8 1", "a starred paper added since");
	mx_build(STORE_FILTER_STARRED);
	mx_finds("quasicrystal", STORE_FILTER_STARRED, "8 1", "... and built again");

	/* Another connection's star. */
	if (store_open(path, 0, &other))
		util_die("open: %s", status_msg());
	store_mark_set(other, f, STORE_MARK_STAR, true);
	mx_finds("ising", STORE_FILTER_STARRED, "6", "a star from another connection");
	store_close(other);
	mx_build(STORE_FILTER_STARRED);
	mx_finds("ising", STORE_FILTER_STARRED, "6", "... and built again");

	/* The tagged view's own index; then back to the starred. */
	mx_build(STORE_FILTER_TAGGED);
	mx_finds("learning", STORE_FILTER_TAGGED, "4 2", "the tagged index");
	mx_finds("learning", STORE_FILTER_STARRED, "4 2 1", "the starred view, from a tagged index");
	store_close(mx_st);

	/* A read-only library: the index is this connection's own. */
	if (store_open(path, STORE_READONLY, &mx_st))
		util_die("open read-only: %s", status_msg());
	before[0] = unranked(mx_st, "learning", STORE_FILTER_STARRED);
	mx_build(STORE_FILTER_STARRED);
	mx_finds("learning", STORE_FILTER_STARRED, before[0], "a read-only library");
	free(before[0]);
	store_close(mx_st);
	for (i = 0; i < 3; i++) {
		char *name = xasprintf("%s%s", path, (const char *[]){"", "-wal", "-shm"}[i]);
		unlink(name);
		free(name);
	}
	rmdir(dir);
}

int main(void)
{
	int64_t a, b, c, d, e, f, stub, many[40];
	struct store_paper sp;
	int i;

	if (store_open(":memory:", 0, &st))
		util_die("open: %s", status_msg());

	a = add("On the Symmetries of Deep Learning Models", "Charles Godfrey\nHenry Kvinge",
	        "We call them the intertwiner groups of the model.", "2022-05-27", "2205.14258");
	b = add("Why does Deep Learning work?", "Paul Smith",
	        "A key algorithmic step called {\\em pretraining}: first a generative model.",
	        "2015-04-08", NULL);
	c = add("Group equivariant networks", "Taco Cohen",
	        "Symmetries of data make learning efficient. Deep nets, deep symmetries.",
	        "2016-02-24", "1602.07576");
	d = add("A survey of bird song", "Ana Ruiz", "Birds sing; models of song learning.",
	        "2019-07-01", "1907.00001");
	e = add("Pre-training considered harmful", "L\\'aszl\\'o Bab\\'ai",
	        "We argue against pre-training, in passing mentioning learning.", "2020-01-15",
	        "2001.00002");
	f = add("Lattice models", "Kim Lee", "Ising models on lattices.", "2021-06-30",
	        "2205.00099");
	memset(&sp, 0, sizeof(sp));
	sp.stub = true;
	sp.date = xstrdup("2023-09-11");
	store_paper_insert(st, &sp);
	stub = sp.id;
	is_int(stub, 7, "fixture: seven papers, the last a stub");
	store_paper_clear(&sp);

	/* What matches. */
	finds("intertwiner", 0, "1");
	finds("author:Kvinge", 0, "1");
	finds("author:\"Henry Kvinge\"", 0, "1");
	finds("author:kvin*", 0, "1");
	finds("pretraining", 0, "2");      /* {\em pretraining} is indexed rendered */
	finds("\"pre training\"", 0, "5"); /* the hyphenated one, as a phrase */
	finds("author:Laszlo", 0, "5");    /* LaTeX accents rendered, diacritics folded */
	finds("title:symmetries", 0, "1"); /* not 3, whose abstract has it */
	finds("symmetries", 0, "1 3");     /* title above abstract */
	finds("deep -symmetries", 0, "2");
	finds("deep NOT title:symmetries", 0, "2 3");  /* a title word weighs more */
	finds("learning year:2016..2020", 0, "4 5 3"); /* once each: shortest first */
	finds("year:2021", 0, "6");
	finds("year:..2016", 0, "3 2");
	finds("year:2022..", 0, "1");
	finds("arxiv:2205.14258v3", 0, "1");
	finds("arxiv:2205.*", 0, "1 6"); /* no words: newest first */
	finds("arxiv:2205.* models", 0, "6 1");
	finds("models OR year:2015", 0, "1 6 4 2"); /* not all words: newest first */
	finds("NOT learning", 0, "6");
	finds("bird OR lattices", 0, "6 4");
	finds("(bird OR lattices) -ising", 0, "4");
	finds("nothing-like-this-anywhere", 0, "");
	finds("year:2023", 0, ""); /* the stub of 2023-09-11 is no hit */
	(void)a;
	(void)b;
	(void)c;
	(void)d;
	(void)e;
	(void)f;
	(void)stub;

	/* Filters, at the search and live afterwards. */
	store_mark_set(st, c, STORE_MARK_STAR, true);
	store_mark_set(st, d, STORE_MARK_TAG, true);
	store_mark_set(st, b, STORE_MARK_READ, true);
	finds("learning", STORE_FILTER_STARRED, "3");
	finds("learning", STORE_FILTER_TAGGED, "4");
	finds("deep", STORE_FILTER_UNREAD, "1 3");
	finds("year:2015..2019", STORE_FILTER_UNREAD | STORE_FILTER_TAGGED, "4");
	{
		struct store_hits *h = run_query("deep", STORE_FILTER_UNREAD, 0);
		int64_t n;
		bool more;
		store_hits_count(st, h, &n, &more);
		is_int(n, 2, "count of unread hits");
		ok(!more, "... not capped");
		store_mark_set(st, a, STORE_MARK_READ, true);
		store_hits_count(st, h, &n, &more);
		is_int(n, 1, "a paper marked read since leaves the unread hits");
		store_mark_set(st, a, STORE_MARK_READ, false);
		store_hits_count(st, h, &n, &more);
		is_int(n, 2, "... and comes back when marked unread");
		store_hits_free(st, h);
		/* A fresh search, then another filled and dropped: a mark after
		 * that is still seen. */
		h = run_query("deep", STORE_FILTER_UNREAD, 0);
		store_hits_free(st, run_query("bird", 0, 0));
		store_mark_set(st, a, STORE_MARK_READ, true);
		store_hits_count(st, h, &n, &more);
		is_int(n, 1, "a mark after another search came and went is counted too");
		store_mark_set(st, a, STORE_MARK_READ, false);
		store_hits_free(st, h);
	}

	/* Windows over many hits. */
	for (i = 0; i < 40; i++) {
		char title[64], date[11];
		snprintf(title, sizeof(title), "Quasar number %d", i);
		snprintf(date, sizeof(date), "2010-%02d-%02d", 1 + i % 12, 1 + i % 28);
		/* More mentions, higher bm25: i decides the rank. */
		many[i] =
		    add(title, "Q. Person", i % 2 ? "quasar quasar quasar" : "quasar", date, NULL);
	}
	{
		struct store_hits *h = run_query("quasar", 0, 0);
		struct store_hit rows[7], all[40], back[7], one;
		size_t n, total = 0, k;
		int64_t cnt;
		bool more, sorted = true, ranked = true, found = true;

		while (total < 40) {
			store_hits_rows(st, h, total ? &all[total - 1] : NULL, false, rows, 7, &n);
			if (!n)
				break;
			for (k = 0; k < n; k++)
				all[total++] = rows[k];
		}
		is_int(total, 40, "paging by 7: all 40 hits");
		for (k = 0; k < total; k++) {
			if (all[k].pos != (int64_t)k + 1)
				ranked = false;
			if (k && all[k].score > all[k - 1].score)
				sorted = false;
		}
		ok(ranked, "positions run 1..40");
		ok(sorted, "scores never rise");
		ok(all[0].score > all[39].score, "... and do fall");
		store_hits_count(st, h, &cnt, &more);
		is_int(cnt, 40, "count 40");
		store_hits_rows(st, h, NULL, true, back, 7, &n);
		is_int(n, 7, "backward from the end: a page");
		is_int(back[0].pos, 40, "... nearest first: the worst");
		is_int(back[6].pos, 34, "... to 34");
		store_hits_clear(back, n);
		store_hits_rows(st, h, &all[20], true, back, 3, &n);
		ok(n == 3 && back[0].pos == 20 && back[2].pos == 18,
		   "backward from 21: 20, 19, 18");
		store_hits_clear(back, n);
		/* Hit lookup for highlighting. */
		for (k = 0; k < 40; k++) {
			if (store_hits_find(st, h, many[k], &one) != STATUS_OK ||
			    one.row.id != many[k])
				found = false;
			store_hit_clear(&one);
		}
		ok(found, "every quasar is found as a hit");
		is_int(store_hits_find(st, h, a, &one), STATUS_NOTFOUND, "a non-hit is not");
		/* In list order (date, newest first) for n and N. */
		{
			struct store_row anchor;
			struct store_hit next[40];
			size_t m;
			bool desc = true;
			store_row_get(st, all[5].row.id, &anchor);
			store_hits_sorted(st, h, STORE_SORT_DATE, NULL, false, next, 40, &m);
			is_int(m, 40, "date order: all hits");
			for (k = 1; k < m; k++)
				if (strcmp(next[k].row.date, next[k - 1].row.date) > 0 ||
				    (strcmp(next[k].row.date, next[k - 1].row.date) == 0 &&
				     next[k].row.id > next[k - 1].row.id))
					desc = false;
			ok(desc, "... newest first");
			for (k = 0; k < m && next[k].row.id != anchor.id; k++)
				;
			ok(k + 1 < m, "the anchor is inside the list");
			{
				struct store_hit nn;
				size_t one_n;
				store_hits_sorted(st, h, STORE_SORT_DATE, &anchor, false, &nn, 1,
				                  &one_n);
				ok(one_n == 1 && nn.row.id == next[k + 1].row.id,
				   "n: the next hit below");
				store_hit_clear(&nn);
				store_hits_sorted(st, h, STORE_SORT_DATE, &anchor, true, &nn, 1,
				                  &one_n);
				ok(one_n == 1 && k > 0 && nn.row.id == next[k - 1].row.id,
				   "N: the one above");
				store_hit_clear(&nn);
			}
			store_hits_clear(next, m);
			store_row_clear(&anchor);
			/* From a paper that is not a hit: the hit after it in the list. */
			store_row_get(st, f, &anchor); /* 2021: newer than every quasar */
			{
				struct store_hit nn;
				size_t one_n;
				store_hits_sorted(st, h, STORE_SORT_DATE, &anchor, false, &nn, 1,
				                  &one_n);
				ok(one_n == 1 && strncmp(nn.row.date, "2010-12", 7) == 0,
				   "n from a non-hit: the newest quasar (%s)", nn.row.date);
				store_hit_clear(&nn);
				store_hits_sorted(st, h, STORE_SORT_DATE, &anchor, true, &nn, 1,
				                  &one_n);
				is_int(one_n, 0, "N from above every hit: none");
			}
			store_row_clear(&anchor);
			store_hits_sorted(st, h, STORE_SORT_TITLE, NULL, false, next, 3, &m);
			ok(m == 3 && strcmp(next[0].row.title, "Quasar number 0") == 0 &&
			       strcmp(next[1].row.title, "Quasar number 1") == 0 &&
			       strcmp(next[2].row.title, "Quasar number 10") == 0,
			   "title order: A to Z");
			store_hits_clear(next, m);
		}
		store_hits_clear(all, total);
		store_hits_free(st, h);
	}

	/* Unranked (the reader's): the same hits, newest first, no scores. */
	{
		struct search_query *pq;
		struct store_hits *hr = run_query("quasar", 0, 0), *hu = NULL;
		struct store_hit ru[40], rr[40];
		size_t nu = 0, nr = 0, k, j;
		bool same = true, newest = true, zero = true;
		if (search_parse("quasar", &pq) != STATUS_OK)
			util_die("parse: %s", status_msg());
		is_int(store_search(st, pq, 0, 0, 0, false, &hu), STATUS_OK, "an unranked search");
		search_free(pq);
		store_hits_rows(st, hu, NULL, false, ru, 40, &nu);
		store_hits_rows(st, hr, NULL, false, rr, 40, &nr);
		is_int(nu, nr, "... finds as many hits as the ranked one");
		for (k = 0; k < nu; k++) {
			for (j = 0; j < nr && rr[j].row.id != ru[k].row.id; j++)
				;
			if (j == nr)
				same = false;
			if (k && ru[k].row.id > ru[k - 1].row.id)
				newest = false;
			if (ru[k].score != 0.0 || ru[k].pos != (int64_t)k + 1)
				zero = false;
		}
		ok(same, "... the same papers");
		ok(newest, "... in rank order newest first");
		ok(zero, "... with positions 1.. and no score");
		store_hits_clear(ru, nu);
		store_hits_clear(rr, nr);
		store_hits_free(st, hu);
		store_hits_free(st, hr);
	}

	/* The cap: the best of the newest cap + 1, and it says so. */
	{
		struct store_hits *h = run_query("quasar", 0, 10);
		struct store_hit rows[20];
		size_t n, k;
		int64_t cnt;
		bool more, newest = true;
		store_hits_rows(st, h, NULL, false, rows, 20, &n);
		store_hits_count(st, h, &cnt, &more);
		is_int(n, 10, "cap 10: ten hits");
		ok(more && cnt == 10, "... and more exist");
		for (k = 0; k < n; k++)
			if (rows[k].row.id < many[40 - 11])
				newest = false;
		ok(newest, "... all among the 11 newest matches");
		store_hits_clear(rows, n);
		store_hits_free(st, h);
	}

	/* Two result sets side by side do not mix. */
	{
		struct store_hits *h1 = run_query("quasar", 0, 0), *h2 = run_query("bird", 0, 0);
		int64_t n1, n2;
		store_hits_count(st, h1, &n1, NULL);
		store_hits_count(st, h2, &n2, NULL);
		ok(n1 == 40 && n2 == 1, "two searches at once: 40 and 1 hits");
		store_hits_free(st, h1);
		store_hits_count(st, h2, &n2, NULL);
		is_int(n2, 1, "freeing one leaves the other");
		store_hits_free(st, h2);
	}

	/* Sets made, cut to their cap and dropped in turn keep their own
	 * rows: their rows, ranks and lookups, not only their counts. */
	{
		struct store_hits *cut = run_query("quasar", 0, 10), *one = run_query("bird", 0, 0);
		struct store_hits *all, *again;
		struct store_hit hit;
		char *got, *want;
		size_t k, n = 0;
		struct store_hit rows[64];
		bool ranks = true;

		store_hits_free(st, cut);
		all = run_query("quasar", 0, 0);
		again = run_query("bird", 0, 0);
		is_int(store_hits_find(st, one, d, &hit), STATUS_OK, "a set made before others still finds its hit");
		is_int(hit.pos, 1, "... at rank 1");
		store_hit_clear(&hit);
		is_int(store_hits_find(st, one, many[0], &hit), STATUS_NOTFOUND,
		       "... and not another set's");
		is_int(store_hits_find(st, all, many[39], &hit), STATUS_OK, "the later set finds its own");
		store_hit_clear(&hit);
		store_hits_rows(st, all, NULL, false, rows, 64, &n);
		is_int(n, 40, "the later set has its 40 rows after a cut set was dropped");
		for (k = 0; k < n; k++)
			if (rows[k].pos != (int64_t)k + 1)
				ranks = false;
		ok(ranks, "... ranked 1 to 40");
		store_hits_clear(rows, n);
		got = hit_ids(st, one);
		want = hit_ids(st, again);
		is_str(got, want, "the first set's rows are the same search's made last");
		free(got);
		free(want);
		store_hits_free(st, all);
	}

	/* No parsed query makes FTS5 or SQLite fail: random queries from the
	 * syntax's own pieces, run for real. */
	{
		static const char *const bits[] = {"(",
		                                   ")",
		                                   "\"",
		                                   "quasar",
		                                   "deep*",
		                                   "AND",
		                                   "OR",
		                                   "NOT",
		                                   "-",
		                                   "year:2010",
		                                   "year:..2016",
		                                   "author:",
		                                   "title:",
		                                   "abstract:",
		                                   "arxiv:2205.*",
		                                   "arxiv:1602.07576",
		                                   " ",
		                                   "\xff",
		                                   "*",
		                                   ":",
		                                   "NEAR",
		                                   "^",
		                                   "{title}",
		                                   "'",
		                                   "\"a b\"*",
		                                   "+",
		                                   "col:"};
		unsigned seed = 777;
		int k, j, bad = 0, ran = 0;
		for (k = 0; k < 3000; k++) {
			struct buf q = BUF_INIT;
			struct search_query *pq;
			int n = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 10;
			for (j = 0; j < n; j++) {
				seed = seed * 1103515245u + 12345u;
				buf_adds(&q, bits[(seed >> 16) % ARRAY_SIZE(bits)]);
				if ((seed >> 8) & 1)
					buf_addc(&q, ' ');
			}
			if (search_parse(q.s, &pq) == STATUS_OK) {
				struct store_hits *h;
				ran++;
				if (store_search(st, pq, (unsigned)k & 7, 0, 0, true, &h) != STATUS_OK) {
					if (bad++ < 3)
						printf("# %s: %s\n", q.s, status_msg());
				} else {
					store_hits_free(st, h);
				}
				search_free(pq);
			}
			buf_free(&q);
		}
		is_int(bad, 0, "%d random parsed queries all run", ran);
		ok(ran > 300, "... a good share of them parsed");
	}

	/* A time budget stops a search that would block a keystroke: a
	 * one-letter prefix over two hundred thousand words. */
	{
		struct search_query *pq;
		struct store_hits *h = NULL;
		enum status s;
		int k, j;
		store_begin(st);
		for (k = 0; k < 20000; k++) {
			struct buf ab = BUF_INIT;
			for (j = 0; j < 10; j++)
				buf_printf(&ab, "a%dx%d ", k, j);
			add("Many words", "A. Writer", ab.s, "2001-01-01", NULL);
			buf_free(&ab);
		}
		store_commit(st);
		search_parse("a*", &pq);
		s = store_search(st, pq, 0, 0, 1, true, &h);
		is_int(s, STATUS_INTERRUPTED, "a* over 200,000 words with a 1 ms budget: interrupted");
		ok(h == NULL, "... and no hits handed out");
		ok(strstr(status_msg(), "stopped after 1 ms") != NULL, "... saying so: %s", status_msg());
		s = store_search(st, pq, 0, 0, 60000, true, &h);
		is_int(s, STATUS_OK, "with a minute, it runs (about 50 ms here)");
		store_hits_free(st, h);
		search_free(pq);
		h = run_query("quasar", 0, 0);
		{
			int64_t n;
			store_hits_count(st, h, &n, NULL);
			is_int(n, 40, "the connection searches normally afterwards");
		}
		store_hits_free(st, h);
	}

	store_close(st);

	/* The count a search knows is not trusted once the library changed,
	 * here by another connection (another sheaf marking a paper). */
	{
		char path[] = "/tmp/sheaf-test-search.XXXXXX";
		struct store *st2;
		struct store_hits *h;
		int64_t n, one, two;
		int fd = mkstemp(path);

		if (fd < 0)
			util_die("mkstemp");
		close(fd);
		unlink(path);
		if (store_open(path, 0, &st))
			util_die("open: %s", status_msg());
		one = add("Comet tails", "A. Person", "comet", "2001-01-01", NULL);
		two = add("Comet heads", "B. Person", "comet", "2002-01-01", NULL);
		h = run_query("comet", STORE_FILTER_UNREAD, 0);
		store_hits_count(st, h, &n, NULL);
		is_int(n, 2, "two unread comets");
		if (store_open(path, 0, &st2))
			util_die("open: %s", status_msg());
		store_mark_set(st2, one, STORE_MARK_READ, true);
		store_hits_count(st, h, &n, NULL);
		is_int(n, 1, "another connection marks one read: the count follows");
		store_mark_set(st2, two, STORE_MARK_READ, true);
		store_hits_count(st, h, &n, NULL);
		is_int(n, 0, "... and the other");
		store_close(st2);
		store_hits_free(st, h);
		store_close(st);
		for (size_t k = 0; k < 3; k++) {
			char *name = xasprintf("%s%s", path, (const char *[]){"", "-wal", "-shm"}[k]);
			unlink(name);
			free(name);
		}
	}
	test_marks_index();
	return done_testing();
}
