/*
 * search-bench: builds synthetic libraries and times search and related
 * lookups on them, through the core library exactly as the reader and the
 * command line call it.
 *
 *   search-bench gen N DB       a library of N synthetic papers (bench/synth.c)
 *   search-bench search N DB    first-page latency of a set of queries
 *   search-bench related N DB   related lookups: stored, and computed on demand
 *   search-bench index N DB     a full build of the related index, phase by phase (s)
 *
 * Figures are medians of several runs, in milliseconds, one line a case:
 * "case<TAB>median<TAB>min<TAB>max<TAB>detail".
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "related.h"
#include "search.h"
#include "store.h"
#include "synth.h"
#include "util.h"

#define SEED 20240611
#define RUNS 9
#define PAGE 50

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *name, double *t, int n, const char *detail)
{
	qsort(t, (size_t)n, sizeof(*t), cmp_double);
	printf("%s\t%.2f\t%.2f\t%.2f\t%s\n", name, t[n / 2], t[0], t[n - 1], detail);
	fflush(stdout);
}

static void die_status(enum status s)
{
	fprintf(stderr, "search-bench: %s\n", status_msg());
	exit(s ? 1 : 0);
}

static struct store *open_db(const char *path)
{
	struct store *st;
	enum status s = store_open(path, 0, &st);
	if (s)
		die_status(s);
	return st;
}

static int gen(long n, const char *path)
{
	struct synth *sy = synth_new(SEED, n);
	struct store *st = open_db(path);
	double t0 = now_ms();
	long i;
	enum status s = STATUS_OK;

	for (i = 0; i < n && !s; i++) {
		struct store_paper p;
		if (i % 20000 == 0) {
			if (i)
				s = store_commit(st);
			if (!s)
				s = store_begin(st);
			if (i)
				fprintf(stderr, "\rgen: %ld papers, %.0f/s", i,
				        i / ((now_ms() - t0) / 1e3));
		}
		synth_paper(sy, i, &p);
		if (!s)
			s = store_paper_insert(st, &p);
		store_paper_clear(&p);
	}
	if (!s)
		s = store_commit(st);
	if (s)
		die_status(s);
	fprintf(stderr, "\rgen: %ld papers in %.1f s\n", n, (now_ms() - t0) / 1e3);
	store_close(st);
	synth_free(sy);
	return 0;
}

/* One search as `sheaf search` does it: parse, fill the hits ranked,
 * fetch the first page (the reader's searches skip the ranking and cost
 * less). Returns the milliseconds taken; *hits the count. */
static double time_search_as(struct store *st, const char *query, unsigned filter, bool ranked,
                             int64_t *hits, bool *more)
{
	struct search_query *q;
	struct store_hits *h = NULL;
	struct store_hit rows[PAGE];
	size_t n = 0;
	double t0 = now_ms(), t;
	enum status s = search_parse(query, &q);

	if (!s)
		s = store_search(st, q, filter, 0, 0, ranked, &h);
	if (!s)
		s = store_hits_rows(st, h, NULL, false, rows, PAGE, &n);
	t = now_ms() - t0;
	if (s)
		die_status(s);
	store_hits_count(st, h, hits, more);
	store_hits_clear(rows, n);
	store_hits_free(st, h);
	search_free(q);
	return t;
}

static double time_search(struct store *st, const char *query, unsigned filter, int64_t *hits,
                          bool *more)
{
	return time_search_as(st, query, filter, true, hits, more);
}

static int search(long n, const char *path)
{
	struct synth *sy = synth_new(SEED, n);
	struct store *st = open_db(path);
	struct store_paper p;
	char q[12][256];
	const char *names[12] = {
	    "common word (rank 1)",     "common word (rank 40)",
	    "two common words",         "mid word (rank 3000)",
	    "rare word (rank 150000)",  "topic phrase",
	    "prefix (4 letters)*",      "author:NAME",
	    "common word + year range", "year:2020 (no words)",
	    "rare OR common",           "word -common",
	};
	unsigned filters[12] = {0};
	int i, r;
	char author[64];

	synth_paper(sy, n / 2, &p);
	snprintf(author, sizeof(author), "%s", strchr(p.authors, ' ') + 1);
	if (strchr(author, '\n'))
		*strchr(author, '\n') = '\0';
	store_paper_clear(&p);
	snprintf(q[0], 256, "%s", synth_word(sy, 0));
	snprintf(q[1], 256, "%s", synth_word(sy, 40));
	snprintf(q[2], 256, "%s %s", synth_word(sy, 25), synth_word(sy, 51));
	snprintf(q[3], 256, "%s", synth_word(sy, 3000));
	snprintf(q[4], 256, "%s", synth_word(sy, 150000));
	snprintf(q[5], 256, "\"%s %s\"", synth_topic_word(sy, 3, 0), synth_topic_word(sy, 3, 1));
	snprintf(q[6], 256, "%.4s*", synth_word(sy, 700));
	snprintf(q[7], 256, "author:%s", author);
	snprintf(q[8], 256, "%s year:2015..2016", synth_word(sy, 40));
	snprintf(q[9], 256, "year:2020");
	snprintf(q[10], 256, "%s OR %s", synth_word(sy, 150000), synth_word(sy, 40));
	snprintf(q[11], 256, "%s -%s", synth_word(sy, 3000), synth_word(sy, 40));
	for (i = 0; i < 12; i++) {
		double t[RUNS];
		int64_t hits = 0;
		bool more = false;
		char detail[400];
		for (r = 0; r < RUNS; r++)
			t[r] = time_search(st, q[i], filters[i], &hits, &more);
		snprintf(detail, sizeof(detail), "%s -> %lld%s hits", q[i], (long long)hits,
		         more ? "+" : "");
		report(names[i], t, RUNS, detail);
	}
	{
		/* The reader on the hits of a common word: count them (the
		 * status line), n from a paper in the middle of the list (the
		 * next hit in date order), and a page of the limited list. */
		struct search_query *pq;
		struct store_hits *h;
		struct store_hit page[PAGE];
		struct store_row anchor;
		double tc[RUNS], tn[RUNS], tp[RUNS];
		int64_t cnt = 0;
		size_t n_page = 0;
		char detail[300];
		enum status s = search_parse(q[1], &pq);

		if (!s)
			s = store_search(st, pq, 0, 0, 0, true, &h);
		if (s)
			die_status(s);
		store_hits_sorted(st, h, STORE_SORT_DATE, NULL, false, page, PAGE, &n_page);
		store_row_get(st, page[n_page / 2].row.id, &anchor);
		store_hits_clear(page, n_page);
		for (r = 0; r < RUNS; r++) {
			double t0 = now_ms();
			store_hits_count(st, h, &cnt, NULL);
			tc[r] = now_ms() - t0;
			t0 = now_ms();
			store_hits_sorted(st, h, STORE_SORT_DATE, &anchor, false, page, 1, &n_page);
			tn[r] = now_ms() - t0;
			store_hits_clear(page, n_page);
			t0 = now_ms();
			store_hits_sorted(st, h, STORE_SORT_DATE, &anchor, false, page, PAGE, &n_page);
			tp[r] = now_ms() - t0;
			store_hits_clear(page, n_page);
		}
		snprintf(detail, sizeof(detail), "%s: %lld hits", q[1], (long long)cnt);
		report("count the hits (status line)", tc, RUNS, detail);
		report("n: next hit below the cursor, date order", tn, RUNS, detail);
		report("a page of 50 hits in date order (limit view)", tp, RUNS, detail);
		store_row_clear(&anchor);
		store_hits_free(st, h);
		search_free(pq);
	}
	{
		/* Starred filter: a few hundred starred papers. */
		double t[RUNS];
		int64_t hits = 0;
		bool more;
		char detail[300];
		store_begin(st);
		for (i = 0; i < 300; i++)
			store_mark_set(st, 1 + (int64_t)i * (n / 300), STORE_MARK_STAR, true);
		store_commit(st);
		for (r = 0; r < RUNS; r++)
			t[r] = time_search(st, q[0], STORE_FILTER_STARRED, &hits, &more);
		snprintf(detail, sizeof(detail), "%s, starred only -> %lld hits", q[0],
		         (long long)hits);
		report("common word, starred filter", t, RUNS, detail);
		/* The reader's search there: unranked, from the marks index its
		 * idle time builds. */
		{
			bool more_work = true;
			double t0 = now_ms();
			while (more_work)
				if (store_marks_index_step(st, STORE_FILTER_STARRED, 16, &more_work))
					die_status(STATUS_DB);
			t[0] = now_ms() - t0;
			snprintf(detail, sizeof(detail), "300 starred papers, 16 a step");
			report("marks index built (the reader's idle time)", t, 1, detail);
		}
		for (r = 0; r < RUNS; r++)
			t[r] = time_search_as(st, q[0], STORE_FILTER_STARRED, false, &hits, &more);
		snprintf(detail, sizeof(detail), "%s, starred only -> %lld hits", q[0],
		         (long long)hits);
		report("common word, starred view, unranked (the reader)", t, RUNS, detail);
		store_begin(st);
		for (i = 0; i < 300; i++)
			store_mark_set(st, 1 + (int64_t)i * (n / 300), STORE_MARK_STAR, false);
		store_commit(st);
	}
	store_close(st);
	synth_free(sy);
	return 0;
}

/* Related lookups: what the reader does when it shows a paper's related
 * pane (the stored links), and what it does when the paper has not been
 * computed yet (computing it alone, then the links). */
static int related(long n, const char *path)
{
	struct store *st = open_db(path);
	double t_get[200], t_upd[100], t_step[50];
	uint64_t x = 88172645463325252ULL;
	int i, got = 0;
	long links = 0;
	int64_t left;
	enum status s;

	for (i = 0; i < 200; i++) {
		struct store_link *v;
		size_t k;
		int64_t id;
		double t0;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		id = 1 + (int64_t)(x % (uint64_t)n);
		t0 = now_ms();
		s = store_links(st, id, false, &v, &k);
		t_get[i] = now_ms() - t0;
		if (s)
			die_status(s);
		links += (long)k;
		got += k > 0;
		store_links_free(v, k);
	}
	{
		char detail[128];
		snprintf(detail, sizeof(detail),
		         "%d of 200 papers have related papers, %.1f on average", got,
		         links / 200.0);
		report("related lookup (stored links)", t_get, 200, detail);
	}
	/* Computing one paper again is the work a new paper costs: read its
	 * text, weigh its terms, find and score candidates, write its links,
	 * offer it to its candidates. Same text, so the library is unchanged. */
	for (i = 0; i < 100; i++) {
		int64_t id;
		double t0;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		id = 1 + (int64_t)(x % (uint64_t)n);
		t0 = now_ms();
		s = related_update(st, id, false);
		t_upd[i] = now_ms() - t0;
		if (s)
			die_status(s);
	}
	report("compute one paper now (related_update)", t_upd, 100, "100 random papers");
	/* The reader's idle step over a queue of one. */
	for (i = 0; i < 50; i++) {
		int64_t id;
		double t0;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		id = 1 + (int64_t)(x % (uint64_t)n);
		store_rel_dirty_add(st, id);
		t0 = now_ms();
		s = related_step(st, 1, &left);
		t_step[i] = now_ms() - t0;
		if (s)
			die_status(s);
	}
	report("idle step of one paper (related_step)", t_step, 50, "50 queued papers");
	store_close(st);
	return 0;
}

/* A full build of the related index, phase by phase. */
struct phases {
	const char *name[8];
	double start[8];
	int n;
};

static void phase_tick(void *ctx, const char *phase, long done, long total)
{
	struct phases *p = ctx;

	(void)done;
	(void)total;
	if (p->n == 0 || strcmp(p->name[p->n - 1], phase) != 0) {
		if (p->n < 8) {
			p->name[p->n] = phase;
			p->start[p->n++] = now_ms();
		}
	}
}

static int index_full(long n, const char *path)
{
	struct store *st = open_db(path);
	struct related_stats s;
	struct phases p;
	double t0 = now_ms(), end;
	enum status ret;
	int i;

	memset(&p, 0, sizeof(p));
	ret = related_index(st, true, phase_tick, &p, &s);
	end = now_ms();
	if (ret)
		die_status(ret);
	printf("full build\t%.1f\t%ld papers, %ld links\n", (end - t0) / 1e3, s.papers, s.links);
	if (p.n)
		printf("reset and count\t%.1f\t\n", (p.start[0] - t0) / 1e3);
	for (i = 0; i < p.n; i++)
		printf("%s\t%.1f\t\n", p.name[i], ((i + 1 < p.n ? p.start[i + 1] : end) - p.start[i]) / 1e3);
	(void)n;
	store_close(st);
	return 0;
}

int main(int argc, char **argv)
{
	long n;

	if (argc != 4 || (n = strtol(argv[2], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: search-bench gen|search|related|index N DB\n");
		return 2;
	}
	if (strcmp(argv[1], "gen") == 0)
		return gen(n, argv[3]);
	if (strcmp(argv[1], "search") == 0)
		return search(n, argv[3]);
	if (strcmp(argv[1], "related") == 0)
		return related(n, argv[3]);
	if (strcmp(argv[1], "index") == 0)
		return index_full(n, argv[3]);
	fprintf(stderr, "search-bench: unknown command %s\n", argv[1]);
	return 2;
}
