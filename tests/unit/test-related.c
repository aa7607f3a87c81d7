/*
 * Computed related papers: the text analysis (Porter stems, stop words,
 * LaTeX), the scores on a small fixture, agreement of the batch and the
 * one-paper paths, and staleness (what queues a paper, what a step does,
 * and that a locked library never makes the reader wait).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "related.h"
#include "store.h"
#include "tap.h"

/* ---------------------------------------------------------------- analysis */

static void stems(const char *word, const char *want)
{
	char w[64];
	size_t n;

	snprintf(w, sizeof(w), "%s", word);
	n = related_stem(w, strlen(w));
	is_str(w, want, "stem %s", word);
	is_int(n, strlen(want), "... length");
}

static void collect(void *ctx, const char *term, size_t n)
{
	struct buf *b = ctx;

	if (b->len)
		buf_addc(b, ' ');
	buf_add(b, term, n);
}

static void terms(const char *text, const char *want)
{
	struct buf b = BUF_INIT;

	related_terms(text, collect, &b);
	is_str(buf_str(&b), want, "terms of: %s", text);
	buf_free(&b);
}

/* ---------------------------------------------------------------- fixture */

static const struct {
	const char *title, *abstract;
} fixture[] = {
    /* 1-3: symmetry in neural networks */
    {"Symmetries of deep networks",
     "We study the symmetry groups of neural networks and their intertwiner groups."},
    {"Intertwiner groups and equivariant networks",
     "Equivariant neural networks respect symmetry groups; intertwiner maps connect layers."},
    {"Learning symmetry from data",
     "Neural networks can discover symmetry groups hidden in data without supervision."},
    /* 4-6: bird song */
    {"Song learning in zebra finches",
     "Zebra finches learn their song from a tutor during a sensitive period."},
    {"Neural circuits of birdsong", "The song of zebra finches is produced by premotor circuits."},
    {"Tutor song and juvenile finches",
     "Juvenile finches copy tutor song syllables; zebra finch song learning is imitation."},
    /* 7: shares nothing with anyone */
    {"Quuxification", "Frobnicating quuxes."},
};

static int64_t add(struct store *st, const char *title, const char *abstract)
{
	struct store_paper p;
	int64_t id;

	memset(&p, 0, sizeof(p));
	p.title = xstrdup(title);
	p.abstract = xstrdup(abstract);
	p.date = xstrdup("2024-01-01");
	if (store_paper_insert(st, &p))
		util_die("insert: %s", status_msg());
	id = p.id;
	store_paper_clear(&p);
	return id;
}

static struct store *fixture_library(const char *path, bool reverse)
{
	struct store *st;
	size_t i, n = ARRAY_SIZE(fixture);

	if (store_open(path, 0, &st))
		util_die("open: %s", status_msg());
	for (i = 0; i < n; i++) {
		size_t k = reverse ? n - 1 - i : i;
		add(st, fixture[k].title, fixture[k].abstract);
	}
	return st;
}

/* Paper id's computed links as "to:score to:score", scores to 6 places. */
static char *links_of(struct store *st, int64_t id)
{
	int64_t to[RELATED_MAX];
	double score[RELATED_MAX];
	size_t n, i;
	struct buf b = BUF_INIT;

	store_rel_links_get(st, id, to, score, RELATED_MAX, &n);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%lld:%.6f", i ? " " : "", (long long)to[i], score[i]);
	return buf_steal(&b);
}

/* The fixture paper (0-based) a paper id of a reversed library is. */
static int64_t rev(int64_t id)
{
	return (int64_t)ARRAY_SIZE(fixture) + 1 - id;
}

static double score_between(struct store *st, int64_t from, int64_t to)
{
	int64_t t[RELATED_MAX];
	double s[RELATED_MAX];
	size_t n, i;

	store_rel_links_get(st, from, t, s, RELATED_MAX, &n);
	for (i = 0; i < n; i++)
		if (t[i] == to)
			return s[i];
	return -1;
}

int main(void)
{
	struct store *st, *st2;
	struct related_stats stats;
	int64_t pending, i, j;
	char path[] = "/tmp/sheaf-test-related.XXXXXX";
	int fd;

	/* Porter's own examples (the 1980 paper), and words of our field. */
	stems("caresses", "caress");
	stems("ponies", "poni");
	stems("cats", "cat");
	stems("agreed", "agre");
	stems("plastered", "plaster");
	stems("motoring", "motor");
	stems("sing", "sing");
	stems("conflated", "conflat");
	stems("hopping", "hop");
	stems("falling", "fall");
	stems("filing", "file");
	stems("happy", "happi");
	stems("relational", "relat");
	stems("conditional", "condit");
	stems("generalizations", "gener");
	stems("oscillators", "oscil");
	stems("electrical", "electr");
	stems("adjustment", "adjust");
	stems("controll", "control");
	stems("symmetries", "symmetri");
	stems("pretraining", "pretrain");
	stems("intertwiner", "intertwin");
	stems("equivariant", "equivari");
	stems("networks", "network");
	stems("is", "is");
	ok(related_stopword("the", 3) && related_stopword("we", 2) && related_stopword("paper", 5),
	   "stop words: the, we, paper");
	ok(!related_stopword("symmetry", 8) && !related_stopword("thee", 4) &&
	       !related_stopword("th", 2),
	   "not stop words: symmetry, thee, th");
	terms("We propose {\\em pretraining} of Deep Networks, in 2015!", "pretrain deep network");
	terms("$\\alpha$-helices and the \\'Ecole", "alpha helic ecol");
	terms("Caf\xc3\xa9 na\xc3\xafvet\xc3\xa9 x 42 3D", "cafe naivet 3d");
	terms("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa words", "word");
	terms("", "");

	/* Scores on a small fixture. */
	st = fixture_library(":memory:", false);
	related_pending(st, &pending);
	is_int(pending, 7, "new papers are queued for computing");
	if (related_index(st, false, NULL, NULL, &stats))
		util_die("index: %s", status_msg());
	ok(stats.full && stats.papers == 7, "first index: a full build of 7 papers");
	related_pending(st, &pending);
	is_int(pending, 0, "nothing queued after it");
	{
		bool topical = true, symmetric = true, bounded = true;
		for (i = 1; i <= 6; i++) {
			int64_t to[RELATED_MAX];
			double s[RELATED_MAX];
			size_t n, k;
			store_rel_links_get(st, i, to, s, RELATED_MAX, &n);
			/* The two papers of its own topic come first. */
			if (n < 2 || (to[0] - 1) / 3 != (i - 1) / 3 ||
			    (to[1] - 1) / 3 != (i - 1) / 3)
				topical = false;
			for (k = 0; k < n; k++) {
				double back = score_between(st, to[k], i);
				if (back >= 0 && fabs(back - s[k]) > 1e-12)
					symmetric = false;
				if (!(s[k] > 0 && s[k] <= 1.0 + 1e-9) || (k && s[k] > s[k - 1]))
					bounded = false;
			}
		}
		ok(topical, "each paper's two topic mates are its first neighbours");
		ok(symmetric, "a score is the same seen from either paper");
		ok(bounded, "scores in (0, 1], strongest first");
	}
	{
		char *l = links_of(st, 7);
		is_str(l, "", "a paper sharing no word with any other has no neighbours");
		free(l);
	}
	/* A paper added later is computed alone, and offered to its peers. */
	{
		int64_t twin = add(st, fixture[4].title, fixture[4].abstract), left;
		bool queued;
		related_fresh(st, twin, false);
		store_rel_dirty_has(st, twin, &queued);
		ok(!queued, "related_fresh() computed the new paper");
		ok(score_between(st, twin, 5) > 0, "a copy of paper 5 finds it (%.6f)",
		   score_between(st, twin, 5));
		ok(score_between(st, 5, twin) == score_between(st, twin, 5),
		   "... and paper 5 was offered the copy, at the same score");
		/* Words only paper 5 had were left out of its signature; now
		 * that the copy shares them, paper 5 is computed again. */
		store_rel_dirty_has(st, 5, &queued);
		ok(queued, "paper 5, whose own words are shared now, is queued");
		related_step(st, 8, &left);
		is_int(left, 0, "a step computes it");
		ok(fabs(score_between(st, twin, 5) - 1.0) < 1e-3 &&
		       score_between(st, 5, twin) == score_between(st, twin, 5),
		   "now the copy scores 1 both ways (%.6f)", score_between(st, twin, 5));
		/* With the same statistics for both, a copy scores 1 (to the
		 * precision of 16-bit weights). */
		related_index(st, true, NULL, NULL, &stats);
		ok(fabs(score_between(st, twin, 5) - 1.0) < 1e-3, "a copy scores 1 (%.6f)",
		   score_between(st, twin, 5));
	}

	/* The batch and the one-paper path agree, and the import order does
	 * not matter. */
	st2 = fixture_library(":memory:", true);
	related_index(st2, true, NULL, NULL, &stats);
	{
		bool same_order = true;
		store_close(st);
		st = fixture_library(":memory:", false);
		related_index(st, false, NULL, NULL, &stats);
		for (i = 1; i <= 7; i++) {
			int64_t t1[RELATED_MAX], t2[RELATED_MAX];
			double s1[RELATED_MAX], s2[RELATED_MAX];
			size_t n1, n2, k;
			store_rel_links_get(st, i, t1, s1, RELATED_MAX, &n1);
			store_rel_links_get(st2, rev(i), t2, s2, RELATED_MAX, &n2);
			if (n1 != n2)
				same_order = false;
			for (k = 0; k < n1 && k < n2; k++)
				if (t1[k] != rev(t2[k]) || s1[k] != s2[k])
					same_order = false;
		}
		ok(same_order, "imported in reverse: the same neighbours and scores");
	}
	{
		char *before[8], *after;
		bool same = true;
		for (i = 1; i <= 7; i++)
			before[i] = links_of(st, i);
		/* Compute each paper again alone: queue them by touching
		 * their text (same text, so nothing really changes). */
		for (i = 1; i <= 7; i++) {
			if (related_update(st, i, false))
				util_die("update: %s", status_msg());
		}
		for (i = 1; i <= 7; i++) {
			after = links_of(st, i);
			if (strcmp(after, before[i]) != 0) {
				same = false;
				printf("#   %lld: batch %s\n#   %lld: alone %s\n", (long long)i,
				       before[i], (long long)i, after);
			}
			free(after);
			free(before[i]);
		}
		ok(same, "computed alone, every paper gets what the batch gave it");
	}
	store_close(st2);

	/* Staleness: what queues a paper. */
	{
		struct store_paper p, old;
		store_paper_get(st, 2, &old);
		store_paper_get(st, 2, &p);
		store_mark_set(st, 2, STORE_MARK_STAR, true);
		related_pending(st, &pending);
		is_int(pending, 0, "a mark does not queue a paper");
		free(p.title);
		free(p.abstract);
		p.title = xstrdup("Finch song");
		p.abstract =
		    xstrdup("Song learning of zebra finches from a tutor; finch song syllables.");
		store_paper_update(st, &old, &p);
		related_pending(st, &pending);
		is_int(pending, 1, "a new abstract queues it");
		{
			int64_t left;
			if (related_step(st, 8, &left))
				util_die("step: %s", status_msg());
			is_int(left, 0, "a step computes it");
		}
		{
			int64_t to[RELATED_MAX];
			double s[RELATED_MAX];
			size_t n;
			store_rel_links_get(st, 2, to, s, RELATED_MAX, &n);
			ok(n > 0 && to[0] >= 4 && to[0] <= 6,
			   "... and its neighbours are birds now");
		}
		store_paper_clear(&p);
		store_paper_clear(&old);
	}
	{
		/* A paper folded into another is deleted: papers that listed it
		 * are queued, its postings go. */
		int64_t listed_by = 0;
		for (i = 1; i <= 7 && !listed_by; i++)
			if (i != 6 && score_between(st, i, 6) > 0)
				listed_by = i;
		ok(listed_by > 0, "some paper lists paper 6");
		store_paper_fold(st, 5, 6);
		related_pending(st, &pending);
		ok(pending >= 1, "folding 6 into 5 queues the papers that listed 6 (%lld)",
		   (long long)pending);
		related_index(st, false, NULL, NULL, &stats);
		ok(!stats.full, "a few changes: no full build");
		related_pending(st, &pending);
		is_int(pending, 0, "sheaf index empties the queue");
		for (i = 1; i <= 7; i++)
			if (score_between(st, i, 6) >= 0)
				break;
		is_int(i, 8, "nobody lists the folded paper");
		{
			int64_t to[RELATED_POSTINGS];
			int w[RELATED_POSTINGS];
			size_t n, k;
			bool gone = true;
			for (j = 1; j < 200; j++) {
				store_rel_post_top(st, j, RELATED_POSTINGS, to, w, &n);
				for (k = 0; k < n; k++)
					if (to[k] == 6)
						gone = false;
			}
			ok(gone, "no posting names it");
		}
	}
	store_close(st);

	/* The reader's step never waits for another writer. */
	fd = mkstemp(path);
	if (fd < 0)
		util_die("mkstemp");
	close(fd);
	unlink(path);
	st = fixture_library(path, false);
	related_index(st, false, NULL, NULL, &stats);
	add(st, "Symmetry of finches", "Zebra finches and symmetry groups.");
	if (store_open(path, 0, &st2))
		util_die("open: %s", status_msg());
	store_begin(st2);
	{
		int64_t left = -1;
		enum status s = related_step(st, 4, &left);
		is_int(s, STATUS_BUSY, "a step while another process writes: STATUS_BUSY at once");
		is_int(related_update(st, 8, true), STATUS_BUSY,
		       "... an update without waiting too");
		store_rollback(st2);
		is_int(related_step(st, 4, &left), STATUS_OK, "once it is done, the step runs");
		is_int(left, 0, "... and the queue is empty");
	}
	store_close(st2);
	store_close(st);
	{
		char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
		unlink(path);
		unlink(wal);
		unlink(shm);
		free(wal);
		free(shm);
	}
	return done_testing();
}
