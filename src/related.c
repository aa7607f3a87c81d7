/*
 * related: computed related papers (see related.h for the method).
 *
 * Two paths share one scoring: related_update() works through the store
 * (a few indexed reads a paper), the full build in memory (every paper
 * read twice, neighbours found from in-memory postings). Both quantise
 * weights to 16 bits and add products as integers, so a paper gets the
 * same neighbours and scores from either path.
 *
 * Must never: read the whole library outside the full build, or keep
 * the write lock between two papers when the caller is the reader.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "related.h"
#include "text.h"

/* bm25's term-frequency saturation and length normalisation. */
#define K1       1.2
#define B        0.75
#define WMAX     65535 /* quantised weights: 1..WMAX, the signature's norm is WMAX */
#define MAX_WORD 32
/* The full build is chosen over the queue when more than this many papers
 * wait, and more than a quarter of the library. */
#define BATCH_MIN 1000

/* ---------------------------------------------------------------- stop words */

/* English function words and the boilerplate of abstracts, sorted (the
 * lookup is a binary search). */
static const char *const stopwords[] = {
    "about",      "above",    "after",      "again",       "against",      "all",
    "allow",      "allows",   "almost",     "along",       "already",      "also",
    "although",   "always",   "among",      "an",          "and",          "another",
    "any",        "approach", "approaches", "are",         "around",       "as",
    "at",         "based",    "be",         "because",     "been",         "before",
    "being",      "below",    "between",    "both",        "but",          "by",
    "can",        "cannot",   "could",      "demonstrate", "demonstrated", "describe",
    "described",  "did",      "do",         "does",        "doing",        "done",
    "down",       "due",      "during",     "each",        "either",       "et",
    "etc",        "even",     "every",      "few",         "find",         "first",
    "for",        "found",    "from",       "further",     "furthermore",  "given",
    "had",        "has",      "have",       "having",      "he",           "her",
    "here",       "hers",     "herself",    "him",         "himself",      "his",
    "how",        "however",  "if",         "in",          "into",         "introduce",
    "introduced", "is",       "it",         "its",         "itself",       "just",
    "kind",       "least",    "less",       "let",         "like",         "many",
    "may",        "me",       "might",      "more",        "moreover",     "most",
    "much",       "must",     "my",         "myself",      "namely",       "new",
    "no",         "nor",      "not",        "novel",       "now",          "obtain",
    "obtained",   "of",       "off",        "often",       "on",           "once",
    "one",        "only",     "or",         "other",       "others",       "otherwise",
    "our",        "ours",     "ourselves",  "out",         "over",         "own",
    "paper",      "per",      "present",    "presented",   "propose",      "proposed",
    "provide",    "provides", "rather",     "recent",      "recently",     "result",
    "results",    "same",     "several",    "she",         "should",       "show",
    "showed",     "shown",    "shows",      "since",       "so",           "some",
    "still",      "such",     "than",       "that",        "the",          "their",
    "theirs",     "them",     "themselves", "then",        "there",        "thereby",
    "therefore",  "these",    "they",       "this",        "those",        "though",
    "through",    "thus",     "to",         "too",         "two",          "under",
    "until",      "up",       "upon",       "us",          "use",          "used",
    "uses",       "using",    "very",       "via",         "was",          "we",
    "were",       "what",     "when",       "where",       "whether",      "which",
    "while",      "who",      "whom",       "whose",       "why",          "will",
    "with",       "within",   "without",    "work",        "would",        "yet",
    "you",        "your",     "yours",
};

bool related_stopword(const char *w, size_t n)
{
	size_t lo = 0, hi = ARRAY_SIZE(stopwords);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(stopwords[mid], w, n);
		if (c == 0 && stopwords[mid][n] != '\0')
			c = 1;
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* ---------------------------------------------------------------- stems */

size_t related_stem(char *w, size_t n)
{
	/* FTS5's Porter stemmer, on a private connection opened once: the
	 * same stems as the search index (measured equal, word for word, to
	 * the paper's algorithm over 88,000 words of arXiv text). One thread
	 * at a time computes related papers, as for the word cache below. */
	static struct store_tokens *tokens;
	static bool tried;

	if (!tried) {
		tried = true;
		tokens = store_tokens_open();
	}
	return tokens ? store_tokens_stem(tokens, w, n) : n;
}

/* ---------------------------------------------------------------- terms */

/* Words repeat (Zipf): a direct-mapped cache of their fates (dropped, or
 * stemmed to what) spares most of the stemming and stop-word lookups. */
#define WORD_CACHE 16384

struct word_fate {
	char word[MAX_WORD + 1];
	char stem[MAX_WORD + 1]; /* "" when the word is dropped */
};

static struct word_fate *word_cache;

/* The term of lower-case word w (n bytes, NUL-terminated): its stem in
 * out, or false when it says nothing of a topic. */
static bool word_term(const char *w, size_t n, char *out, size_t *outlen)
{
	struct word_fate *f;
	size_t i;
	bool letter = false;

	if (!word_cache)
		word_cache = xcalloc(WORD_CACHE, sizeof(*word_cache));
	f = &word_cache[util_hash64(w, n) & (WORD_CACHE - 1)];
	if (strcmp(f->word, w) != 0) {
		memcpy(f->word, w, n + 1);
		f->stem[0] = '\0';
		for (i = 0; i < n; i++)
			if (isalpha((unsigned char)w[i]))
				letter = true;
		/* Numbers, single letters and stop words say nothing of a topic. */
		if (n >= 2 && letter && !related_stopword(w, n)) {
			memcpy(f->stem, w, n + 1);
			if (related_stem(f->stem, n) < 2)
				f->stem[0] = '\0';
		}
	}
	*outlen = strlen(f->stem);
	memcpy(out, f->stem, *outlen + 1);
	return *outlen > 0;
}

/* True when s needs the LaTeX renderer before it can be split into words:
 * it has markup or characters beyond ASCII. Plain ASCII comes out of the
 * renderer with the same letters and digits, so it is split as it is. */
static bool needs_render(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80 || strchr("\\$^_{}~%", *s))
			return true;
	return false;
}

size_t related_terms(const char *s, void (*fn)(void *ctx, const char *term, size_t n), void *ctx)
{
	char *r = needs_render(s) ? text_render(s, TEXT_ASCII) : NULL;
	const char *p = r ? r : s;
	size_t count = 0;

	while (*p) {
		char w[MAX_WORD + 1], stem[MAX_WORD + 1];
		size_t n = 0;
		bool toolong = false;

		while (*p && !isalnum((unsigned char)*p))
			p++;
		while (isalnum((unsigned char)*p)) {
			if (n < MAX_WORD)
				w[n++] = (char)tolower((unsigned char)*p);
			else
				toolong = true;
			p++;
		}
		w[n] = '\0';
		/* Runs past MAX_WORD are formulas or hashes, not words. */
		if (n == 0 || toolong || !word_term(w, n, stem, &n))
			continue;
		fn(ctx, stem, n);
		count++;
	}
	free(r);
	return count;
}

/* A paper's terms with their (title-boosted) frequencies: a small open
 * hash over an arena of the term strings, reset for each paper. */
struct bag {
	struct buf arena;
	struct bag_slot {
		size_t off; /* into arena, +1 (0 = empty) */
		uint32_t tf;
	} * slot;
	size_t cap, n;
	int64_t len; /* total weighted frequency */
	unsigned boost;
};

static void bag_reset(struct bag *g)
{
	buf_reset(&g->arena);
	if (g->slot)
		memset(g->slot, 0, g->cap * sizeof(*g->slot));
	g->n = 0;
	g->len = 0;
}

static void bag_free(struct bag *g)
{
	buf_free(&g->arena);
	free(g->slot);
	memset(g, 0, sizeof(*g));
}

static const char *bag_term(const struct bag *g, size_t i)
{
	return g->arena.s + g->slot[i].off - 1;
}

static void bag_grow(struct bag *g)
{
	struct bag_slot *old = g->slot;
	size_t oldcap = g->cap, i;

	g->cap = g->cap ? g->cap * 2 : 256;
	g->slot = xcalloc(g->cap, sizeof(*g->slot));
	for (i = 0; i < oldcap; i++) {
		if (old[i].off) {
			const char *t = g->arena.s + old[i].off - 1;
			size_t h = util_hash64(t, strlen(t)) & (g->cap - 1);
			while (g->slot[h].off)
				h = (h + 1) & (g->cap - 1);
			g->slot[h] = old[i];
		}
	}
	free(old);
}

static void bag_add(void *ctx, const char *term, size_t n)
{
	struct bag *g = ctx;
	size_t h;

	if ((g->n + 1) * 2 > g->cap)
		bag_grow(g);
	h = util_hash64(term, n) & (g->cap - 1);
	while (g->slot[h].off) {
		const char *t = bag_term(g, h);
		if (strncmp(t, term, n) == 0 && t[n] == '\0')
			break;
		h = (h + 1) & (g->cap - 1);
	}
	if (!g->slot[h].off) {
		g->slot[h].off = g->arena.len + 1;
		buf_add(&g->arena, term, n);
		buf_addc(&g->arena, '\0');
		g->n++;
	}
	g->slot[h].tf += g->boost;
	g->len += g->boost;
}

/* Fills the bag with a paper's terms: the title (unless it was derived
 * from the abstract, which would count those words twice) and the
 * abstract and summary. */
static void bag_fill(struct bag *g, const struct store_rel_text *t)
{
	bag_reset(g);
	if (!t->title_derived) {
		g->boost = RELATED_TITLE_BOOST;
		related_terms(t->title, bag_add, g);
	}
	g->boost = 1;
	related_terms(t->abstract, bag_add, g);
	related_terms(t->summary, bag_add, g);
}

/* ---------------------------------------------------------------- signatures */

struct sig_entry {
	uint32_t term;
	uint32_t w; /* 1..WMAX */
};

/* A signature: entries sorted by term (for merging dot products). */
struct sig {
	struct sig_entry e[RELATED_TERMS];
	int n;
	int64_t len;
};

struct weighed {
	uint32_t term;
	double w;
};

static int by_weight(const void *a, const void *b)
{
	const struct weighed *x = a, *y = b;

	if (x->w != y->w)
		return x->w < y->w ? 1 : -1;
	return x->term < y->term ? -1 : x->term > y->term;
}

static int by_term(const void *a, const void *b)
{
	const struct sig_entry *x = a, *y = b;

	return x->term < y->term ? -1 : x->term > y->term;
}

/* The signature of a bag whose i-th slot's term has id ids[i] and
 * document frequency dfs[i] (ids 0 are skipped), in a library of docs
 * papers of total length tokens. */
static void sig_make(const struct bag *g, const uint32_t *ids, const int64_t *dfs, int64_t docs,
                     int64_t tokens, struct sig *out)
{
	struct weighed *v = xmalloc((g->n ? g->n : 1) * sizeof(*v));
	double avg = docs > 0 && tokens > 0 ? (double)tokens / (double)docs : (double)g->len,
	       norm = 0, lnorm;
	size_t i, n = 0;
	int k;

	if (avg <= 0)
		avg = 1;
	lnorm = K1 * (1 - B + B * (double)g->len / avg);
	for (i = 0; i < g->cap; i++) {
		double tf, idf, df;
		if (!g->slot[i].off || !ids[i])
			continue;
		/* A term no other paper has cannot lead anywhere. */
		if (dfs[i] <= 1)
			continue;
		df = (double)dfs[i];
		tf = g->slot[i].tf;
		idf = log(1.0 + ((double)docs - df + 0.5) / (df + 0.5));
		if (idf <= 0)
			continue;
		v[n].term = ids[i];
		v[n++].w = idf * tf * (K1 + 1) / (tf + lnorm);
	}
	qsort(v, n, sizeof(*v), by_weight);
	if (n > RELATED_TERMS)
		n = RELATED_TERMS;
	for (i = 0; i < n; i++)
		norm += v[i].w * v[i].w;
	norm = sqrt(norm);
	out->n = 0;
	out->len = g->len;
	for (k = 0; k < (int)n; k++) {
		long q = lround(v[k].w / norm * WMAX);
		out->e[out->n].term = v[k].term;
		out->e[out->n++].w = (uint32_t)(q < 1 ? 1 : q > WMAX ? WMAX : q);
	}
	qsort(out->e, (size_t)out->n, sizeof(out->e[0]), by_term);
	free(v);
}

/* The integer dot product of two signatures (both sorted by term). */
static uint64_t sig_dot(const struct sig *a, const struct sig *b)
{
	uint64_t sum = 0;
	int i = 0, j = 0;

	while (i < a->n && j < b->n) {
		if (a->e[i].term < b->e[j].term)
			i++;
		else if (a->e[i].term > b->e[j].term)
			j++;
		else
			sum += (uint64_t)a->e[i++].w * b->e[j++].w;
	}
	return sum;
}

static double sim_of(uint64_t dot)
{
	return (double)dot / ((double)WMAX * WMAX);
}

/* Stored form: per entry the LEB128 difference from the previous term id
 * (entries are sorted by term) and two bytes of weight. */
static size_t sig_encode(const struct sig *s, unsigned char *out)
{
	size_t n = 0;
	uint32_t prev = 0;
	int i;

	for (i = 0; i < s->n; i++) {
		uint32_t t = s->e[i].term - prev;
		prev = s->e[i].term;
		do {
			out[n++] = (unsigned char)((t & 0x7F) | (t > 0x7F ? 0x80 : 0));
			t >>= 7;
		} while (t);
		out[n++] = (unsigned char)(s->e[i].w >> 8);
		out[n++] = (unsigned char)(s->e[i].w & 0xFF);
	}
	return n;
}

static bool sig_decode(const unsigned char *p, size_t n, int64_t len, struct sig *s)
{
	size_t i = 0;
	uint32_t prev = 0;

	s->n = 0;
	s->len = len;
	while (i < n && s->n < RELATED_TERMS) {
		uint32_t t = 0;
		int shift = 0;
		do {
			if (i >= n || shift > 28)
				return false;
			t |= (uint32_t)(p[i] & 0x7F) << shift;
			shift += 7;
		} while (p[i++] & 0x80);
		if (i + 2 > n)
			return false;
		prev += t;
		s->e[s->n].term = prev;
		s->e[s->n++].w = (uint32_t)p[i] << 8 | p[i + 1];
		i += 2;
	}
	return i == n;
}

#define SIG_BYTES (RELATED_TERMS * 7)

/* ---------------------------------------------------------------- neighbours */

/* Partial scores of candidates: an open hash keyed by paper, with the list
 * of slots in use so that clearing it costs what filling it did. */
#define ACC_SLOTS 8192 /* > 3 * RELATED_QUERY * RELATED_POSTINGS */

struct acc {
	struct acc_slot {
		int64_t id; /* 0 = empty */
		uint64_t score;
	} slot[ACC_SLOTS];
	uint16_t used[ACC_SLOTS];
	size_t n;
};

static void acc_add(struct acc *a, int64_t id, uint64_t s)
{
	size_t h = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ULL >> 40) & (ACC_SLOTS - 1);

	while (a->slot[h].id && a->slot[h].id != id)
		h = (h + 1) & (ACC_SLOTS - 1);
	if (!a->slot[h].id) {
		/* Never reached (see more_terms()), but a full table must
		 * not loop forever. */
		if (a->n >= ACC_SLOTS / 2)
			return;
		a->slot[h].id = id;
		a->used[a->n++] = (uint16_t)h;
	}
	a->slot[h].score += s;
}

/* Whether a neighbour search reads the postings of its i-th heaviest
 * term: the first RELATED_QUERY always (rare terms find the closest
 * papers), then more until RELATED_CANDIDATES candidates are in hand (in
 * a small library, papers share only its common words). Each term adds at
 * most RELATED_POSTINGS, so the table stays under half full. */
static bool more_terms(const struct acc *a, int i)
{
	return i < RELATED_QUERY || a->n < RELATED_CANDIDATES;
}

static void acc_clear(struct acc *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		a->slot[a->used[i]].id = 0, a->slot[a->used[i]].score = 0;
	a->n = 0;
}

struct scored {
	int64_t id;
	uint64_t score;
};

/* Best first; ties to the newer paper (larger id), so that both paths
 * agree on every tie. */
static int by_score(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

/* The candidates of an accumulator, best RELATED_CANDIDATES first; the
 * accumulator is left empty. A bounded heap keeps the best (its root the
 * weakest kept) without sorting the thousands read. */
static size_t acc_best(struct acc *a, struct scored *out)
{
	size_t i, n = 0;

	for (i = 0; i < a->n; i++) {
		struct scored c = {a->slot[a->used[i]].id, a->slot[a->used[i]].score};
		size_t k, child;
		if (n < RELATED_CANDIDATES) {
			/* Sift up: parents are weaker than (sort after) kids. */
			for (k = n++; k > 0 && by_score(&out[(k - 1) / 2], &c) < 0; k = (k - 1) / 2)
				out[k] = out[(k - 1) / 2];
			out[k] = c;
			continue;
		}
		if (by_score(&c, &out[0]) >= 0)
			continue; /* not better than the weakest kept */
		for (k = 0; (child = 2 * k + 1) < n; k = child) {
			if (child + 1 < n && by_score(&out[child + 1], &out[child]) > 0)
				child++;
			if (by_score(&out[child], &c) <= 0)
				break;
			out[k] = out[child];
		}
		out[k] = c;
	}
	acc_clear(a);
	qsort(out, n, sizeof(*out), by_score);
	return n;
}

static int by_weight_desc(const void *a, const void *b)
{
	const struct sig_entry *x = a, *y = b;

	if (x->w != y->w)
		return x->w < y->w ? 1 : -1;
	return x->term < y->term ? -1 : x->term > y->term;
}

/* The k heaviest entries of a signature (ties to the smaller term id):
 * its first RELATED_QUERY start a neighbour search, its first
 * RELATED_INDEXED are posted in the index. */
static int heaviest(const struct sig *s, int k, struct sig_entry *out)
{
	struct sig_entry all[RELATED_TERMS];
	int n = s->n < k ? s->n : k;

	memcpy(all, s->e, (size_t)s->n * sizeof(*all));
	qsort(all, (size_t)s->n, sizeof(*all), by_weight_desc);
	memcpy(out, all, (size_t)n * sizeof(*out));
	return n;
}

/* ---------------------------------------------------------------- one paper */

struct vocab_lookup {
	uint32_t *ids;
	int64_t *dfs;
};

/* Looks up (or, for a paper new to the index, counts) each term of the
 * bag: ids and dfs are indexed like the bag's slots. A term that only one
 * other paper had was left out of that paper's signature (it led
 * nowhere); now that it is shared, that paper is queued to be computed
 * again with it. */
static enum status lookup_terms(struct store *st, int64_t paper, const struct bag *g, bool count,
                                struct vocab_lookup *v)
{
	enum status ret = STATUS_OK;
	size_t i;

	v->ids = xcalloc(g->cap ? g->cap : 1, sizeof(*v->ids));
	v->dfs = xcalloc(g->cap ? g->cap : 1, sizeof(*v->dfs));
	for (i = 0; i < g->cap && !ret; i++) {
		int64_t id = 0, df = 0, owner = 0;
		if (!g->slot[i].off)
			continue;
		if (count) {
			ret = store_rel_term_bump(st, bag_term(g, i), paper, &id, &df, &owner);
		} else {
			ret = store_rel_term_get(st, bag_term(g, i), &id, &df, &owner);
			owner = 0;
			if (ret == STATUS_NOTFOUND)
				ret = store_rel_term_bump(st, bag_term(g, i), paper, &id, &df,
				                          &owner);
		}
		if (!ret && owner && owner != paper)
			ret = store_rel_dirty_add(st, owner);
		v->ids[i] = (uint32_t)id;
		v->dfs[i] = df;
	}
	return ret;
}

static enum status sig_load(struct store *st, int64_t id, struct sig *s)
{
	void *blob;
	size_t n;
	int64_t len;
	enum status ret = store_rel_sig_get(st, id, &blob, &n, &len);

	if (ret)
		return ret;
	if (!sig_decode(blob, n, len, s))
		ret = status_set(STATUS_DB,
		                 _("the related-papers signature of paper %lld is damaged"),
		                 (long long)id);
	free(blob);
	return ret;
}

/* Posts (or withdraws) a paper's RELATED_INDEXED heaviest terms. */
static enum status postings(struct store *st, int64_t id, const struct sig *s, bool add)
{
	struct sig_entry top[RELATED_INDEXED];
	enum status ret = STATUS_OK;
	int n = heaviest(s, RELATED_INDEXED, top), i;

	for (i = 0; i < n && !ret; i++)
		ret = add ? store_rel_post_add(st, top[i].term, (int)top[i].w, id)
		          : store_rel_post_del(st, top[i].term, (int)top[i].w, id);
	return ret;
}

/* Candidates for signature s of paper id, scored exactly, best first:
 * *n of them in out (RELATED_CANDIDATES room). */
static enum status neighbours_db(struct store *st, int64_t id, const struct sig *s,
                                 struct scored *out, size_t *n)
{
	struct sig_entry qt[RELATED_TERMS];
	int64_t papers[RELATED_POSTINGS];
	int weights[RELATED_POSTINGS];
	struct scored cand[RELATED_CANDIDATES];
	struct acc *a = xcalloc(1, sizeof(*a));
	enum status ret = STATUS_OK;
	int nq = heaviest(s, RELATED_TERMS, qt), i;
	size_t np, j, nc, m = 0;

	for (i = 0; i < nq && !ret && more_terms(a, i); i++) {
		ret = store_rel_post_top(st, qt[i].term, RELATED_POSTINGS, papers, weights, &np);
		for (j = 0; j < np && !ret; j++)
			if (papers[j] != id)
				acc_add(a, papers[j], (uint64_t)qt[i].w * (uint64_t)weights[j]);
	}
	nc = ret ? 0 : acc_best(a, cand);
	free(a);
	for (j = 0; j < nc && !ret; j++) {
		struct sig other;
		enum status r = sig_load(st, cand[j].id, &other);
		if (r == STATUS_NOTFOUND)
			continue; /* a posting left by a paper being recomputed */
		if (r) {
			ret = r;
			break;
		}
		out[m].id = cand[j].id;
		out[m++].score = sig_dot(s, &other);
	}
	qsort(out, m, sizeof(*out), by_score);
	*n = m;
	return ret;
}

/* Stores paper from's computed links unless they are already exactly
 * these: a rebuild finds most lists unchanged, and reading ten rows in
 * the paper's own key range is far cheaper than rewriting them (each
 * write also moves an entry of the links_to index, in random order). */
static enum status links_put(struct store *st, int64_t from, const int64_t *to,
                             const double *score, size_t n)
{
	int64_t old_to[RELATED_MAX];
	double old_score[RELATED_MAX];
	size_t old_n, i;
	enum status ret = store_rel_links_get(st, from, old_to, old_score, RELATED_MAX, &old_n);

	if (ret)
		return ret;
	if (old_n == n) {
		for (i = 0; i < n && old_to[i] == to[i] && old_score[i] == score[i]; i++)
			;
		if (i == n)
			return STATUS_OK;
	}
	return store_rel_links_set(st, from, to, score, n);
}

/* Offers paper id (similarity dot) to paper c's computed links: it joins
 * them when c has room or id beats c's weakest; when c lists id already,
 * the new score replaces the old. */
static enum status offer(struct store *st, int64_t c, int64_t id, uint64_t dot)
{
	int64_t to[RELATED_MAX + 1];
	double score[RELATED_MAX + 1], sim = sim_of(dot);
	size_t n, i, k;
	enum status ret = store_rel_links_get(st, c, to, score, RELATED_MAX, &n);

	if (ret)
		return ret;
	for (i = 0; i < n; i++)
		if (to[i] == id) {
			if (score[i] == sim)
				return STATUS_OK;
			memmove(&to[i], &to[i + 1], (n - i - 1) * sizeof(*to));
			memmove(&score[i], &score[i + 1], (n - i - 1) * sizeof(*score));
			n--;
			break;
		}
	if (n == RELATED_MAX && !(sim > score[n - 1]))
		return STATUS_OK;
	for (k = 0; k < n && score[k] >= sim; k++)
		;
	memmove(&to[k + 1], &to[k], (n - k) * sizeof(*to));
	memmove(&score[k + 1], &score[k], (n - k) * sizeof(*score));
	to[k] = id;
	score[k] = sim;
	if (++n > RELATED_MAX)
		n = RELATED_MAX;
	return store_rel_links_set(st, c, to, score, n);
}

/* Removes the postings a deleted paper left behind. */
static enum status clean_gone(struct store *st, size_t max)
{
	enum status ret = STATUS_OK;
	size_t done;

	for (done = 0; done < max && !ret; done++) {
		int64_t paper, len;
		void *blob;
		size_t n;
		struct sig s;
		struct store_rel_state state;

		ret = store_rel_gone(st, &paper, &blob, &n, &len);
		if (ret == STATUS_NOTFOUND)
			return STATUS_OK;
		if (ret)
			return ret;
		if (sig_decode(blob, n, len, &s))
			ret = postings(st, paper, &s, false);
		free(blob);
		if (!ret)
			ret = store_rel_state_get(st, &state);
		if (!ret) {
			state.docs = state.docs > 0 ? state.docs - 1 : 0;
			state.tokens = state.tokens > len ? state.tokens - len : 0;
			ret = store_rel_state_set(st, &state);
		}
		if (!ret)
			ret = store_rel_gone_drop(st, paper);
	}
	return ret;
}

/* related_update() inside a transaction. */
static enum status update_one(struct store *st, int64_t id)
{
	struct store_rel_text t;
	struct store_rel_state state;
	struct bag g;
	struct vocab_lookup v = {NULL, NULL};
	struct sig old, s;
	struct scored best[RELATED_CANDIDATES];
	int64_t to[RELATED_MAX];
	double score[RELATED_MAX];
	bool had = false;
	size_t n = 0, i, k;
	enum status ret = store_rel_text_get(st, id, &t);

	if (ret)
		return ret;
	memset(&g, 0, sizeof(g));
	ret = store_rel_state_get(st, &state);
	if (!ret) {
		ret = sig_load(st, id, &old);
		had = ret == STATUS_OK;
		if (ret == STATUS_NOTFOUND)
			ret = STATUS_OK;
	}
	if (!ret && had)
		ret = postings(st, id, &old, false);
	if (!ret && t.stub) {
		/* No text: no signature, no neighbours. */
		ret = links_put(st, id, NULL, NULL, 0);
		goto out;
	}
	if (!ret) {
		bag_fill(&g, &t);
		/* A paper new to the index counts in the document frequencies;
		 * one computed again does not count twice (see related.h). */
		ret = lookup_terms(st, id, &g, !had, &v);
	}
	if (!ret) {
		if (had) {
			state.tokens += g.len - old.len;
		} else {
			state.docs++;
			state.tokens += g.len;
		}
		sig_make(&g, v.ids, v.dfs, state.docs, state.tokens, &s);
		ret = neighbours_db(st, id, &s, best, &n);
	}
	if (!ret) {
		unsigned char blob[SIG_BYTES];
		ret = store_rel_sig_put(st, id, blob, sig_encode(&s, blob), s.len);
	}
	if (!ret)
		ret = postings(st, id, &s, true);
	for (i = 0, k = 0; !ret && i < n && k < RELATED_MAX; i++)
		if (best[i].score > 0) {
			to[k] = best[i].id;
			score[k++] = sim_of(best[i].score);
		}
	if (!ret)
		ret = links_put(st, id, to, score, k);
	for (i = 0; !ret && i < n; i++)
		if (best[i].score > 0)
			ret = offer(st, best[i].id, id, best[i].score);
	if (!ret)
		ret = store_rel_state_set(st, &state);
out:
	if (!ret)
		ret = store_rel_dirty_drop(st, id);
	free(v.ids);
	free(v.dfs);
	bag_free(&g);
	store_rel_text_clear(&t);
	return ret;
}

enum status related_update(struct store *st, int64_t id, bool nowait)
{
	enum status ret = nowait ? store_begin_nowait(st) : store_begin(st);

	if (ret)
		return ret;
	ret = update_one(st, id);
	if (!ret)
		ret = store_commit(st);
	if (ret)
		store_rollback(st);
	return ret;
}

enum status related_fresh(struct store *st, int64_t id, bool nowait)
{
	struct store_rel_state state;
	bool queued;
	enum status ret = store_rel_state_get(st, &state);

	if (!ret && state.base > 0)
		ret = store_rel_dirty_has(st, id, &queued);
	if (ret || state.base == 0 || !queued)
		return ret;
	return related_update(st, id, nowait);
}

enum status related_pending(struct store *st, int64_t *n)
{
	return store_rel_dirty_count(st, n);
}

enum status related_step(struct store *st, size_t max, int64_t *left)
{
	int64_t ids[64];
	size_t n = 0, i;
	enum status ret;

	if (max > ARRAY_SIZE(ids))
		max = ARRAY_SIZE(ids);
	ret = store_begin_nowait(st);
	if (ret)
		return ret;
	ret = clean_gone(st, max);
	if (!ret)
		ret = store_rel_dirty(st, ids, max, &n);
	for (i = 0; i < n && !ret; i++)
		ret = update_one(st, ids[i]);
	if (!ret)
		ret = store_commit(st);
	if (ret) {
		store_rollback(st);
		return ret;
	}
	return related_pending(st, left);
}

/* ---------------------------------------------------------------- full build */

/* The vocabulary of a full build: term strings in an arena, an open hash
 * from string to number (1-based: the term id), and each term's df. */
struct vocab {
	struct buf arena;
	size_t *off; /* term id -> arena offset */
	int64_t *df;
	uint32_t *last; /* term id -> index of the last paper that had it */
	size_t n, cap;  /* terms, and room in off/df */
	uint32_t *hash;
	size_t hcap;
};

static uint32_t vocab_find(struct vocab *v, const char *t, bool add)
{
	size_t h, n = strlen(t);

	if (add && (v->n + 1) * 2 > v->hcap) {
		uint32_t *old = v->hash;
		size_t oldcap = v->hcap, i;
		v->hcap = v->hcap ? v->hcap * 2 : 1 << 16;
		v->hash = xcalloc(v->hcap, sizeof(*v->hash));
		for (i = 0; i < oldcap; i++)
			if (old[i]) {
				const char *s = v->arena.s + v->off[old[i]];
				h = util_hash64(s, strlen(s)) & (v->hcap - 1);
				while (v->hash[h])
					h = (h + 1) & (v->hcap - 1);
				v->hash[h] = old[i];
			}
		free(old);
	}
	if (!v->hcap)
		return 0;
	h = util_hash64(t, n) & (v->hcap - 1);
	while (v->hash[h]) {
		if (strcmp(v->arena.s + v->off[v->hash[h]], t) == 0)
			return v->hash[h];
		h = (h + 1) & (v->hcap - 1);
	}
	if (!add)
		return 0;
	v->off = xgrow(v->off, &v->cap, v->n + 2, sizeof(*v->off));
	v->df = xrealloc(v->df, v->cap * sizeof(*v->df));
	v->last = xrealloc(v->last, v->cap * sizeof(*v->last));
	v->n++;
	v->off[v->n] = v->arena.len;
	v->df[v->n] = 0;
	buf_add(&v->arena, t, n + 1);
	v->hash[h] = (uint32_t)v->n;
	return (uint32_t)v->n;
}

/* An in-memory posting. */
struct post {
	uint32_t paper; /* index into the build's papers */
	uint32_t w;
};

struct build {
	struct vocab voc;
	struct bag g;
	int64_t *ids; /* papers in id order */
	size_t n, cap;
	int64_t tokens;
	struct sig *sigs;
	size_t pass2; /* papers read by the second pass */
	/* postings: term t's are post[start[t] .. start[t] + count[t]) */
	struct post *post;
	size_t *start, *count;
	void (*progress)(void *ctx, const char *phase, long done, long total);
	void *ctx;
	long total;
};

static void tick(struct build *b, const char *phase, long done, long total)
{
	if (b->progress && (done % 4096 == 0 || done == total))
		b->progress(b->ctx, phase, done, total);
}

/* First pass: the vocabulary and its document frequencies. */
static enum status pass_count(void *ctx, const struct store_rel_text *t)
{
	struct build *b = ctx;
	size_t i;

	bag_fill(&b->g, t);
	for (i = 0; i < b->g.cap; i++)
		if (b->g.slot[i].off) {
			/* vocab_find() may move df: index it afterwards. */
			uint32_t term = vocab_find(&b->voc, bag_term(&b->g, i), true);
			b->voc.df[term]++;
			b->voc.last[term] = (uint32_t)b->n;
		}
	b->ids = xgrow(b->ids, &b->cap, b->n + 1, sizeof(*b->ids));
	b->ids[b->n++] = t->id;
	b->tokens += b->g.len;
	tick(b, N_("reading"), (long)b->n, b->total);
	return STATUS_OK;
}

static size_t paper_index(const struct build *b, int64_t id, bool *found)
{
	size_t lo = 0, hi = b->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (b->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < b->n && b->ids[lo] == id;
	return lo;
}

/* Second pass: signatures. */
static enum status pass_sign(void *ctx, const struct store_rel_text *t)
{
	struct build *b = ctx;
	bool found;
	size_t k = paper_index(b, t->id, &found), i;
	uint32_t *ids;
	int64_t *dfs;

	if (!found)
		return STATUS_OK; /* arrived after the first pass: queued */
	bag_fill(&b->g, t);
	ids = xcalloc(b->g.cap, sizeof(*ids));
	dfs = xcalloc(b->g.cap, sizeof(*dfs));
	for (i = 0; i < b->g.cap; i++)
		if (b->g.slot[i].off) {
			ids[i] = vocab_find(&b->voc, bag_term(&b->g, i), false);
			dfs[i] = ids[i] ? b->voc.df[ids[i]] : 0;
		}
	sig_make(&b->g, ids, dfs, (int64_t)b->n, b->tokens, &b->sigs[k]);
	free(ids);
	free(dfs);
	tick(b, N_("weighing"), (long)++b->pass2, b->total);
	return STATUS_OK;
}

static int by_post(const void *a, const void *b)
{
	const struct post *x = a, *y = b;

	if (x->w != y->w)
		return x->w < y->w ? 1 : -1;
	return x->paper < y->paper ? 1 : x->paper > y->paper ? -1 : 0;
}

/* The impact-ordered postings, each term's list cut at RELATED_POSTINGS
 * (only that many are ever read). */
static void build_postings(struct build *b)
{
	struct sig_entry top[RELATED_INDEXED];
	size_t t, i, total = 0, *fill;
	int k, n;

	b->count = xcalloc(b->voc.n + 1, sizeof(*b->count));
	b->start = xcalloc(b->voc.n + 2, sizeof(*b->start));
	for (i = 0; i < b->n; i++) {
		n = heaviest(&b->sigs[i], RELATED_INDEXED, top);
		for (k = 0; k < n; k++)
			b->count[top[k].term]++;
	}
	for (t = 1; t <= b->voc.n; t++) {
		b->start[t] = total;
		total += b->count[t];
	}
	b->start[b->voc.n + 1] = total;
	b->post = xmalloc((total ? total : 1) * sizeof(*b->post));
	fill = xcalloc(b->voc.n + 1, sizeof(*fill));
	for (i = 0; i < b->n; i++) {
		n = heaviest(&b->sigs[i], RELATED_INDEXED, top);
		for (k = 0; k < n; k++) {
			struct post *p = &b->post[b->start[top[k].term] + fill[top[k].term]++];
			p->paper = (uint32_t)i;
			p->w = top[k].w;
		}
	}
	free(fill);
	for (t = 1; t <= b->voc.n; t++) {
		qsort(&b->post[b->start[t]], b->count[t], sizeof(*b->post), by_post);
		if (b->count[t] > RELATED_POSTINGS)
			b->count[t] = RELATED_POSTINGS;
	}
}

/* neighbours_db() over the in-memory index. */
static size_t neighbours_mem(const struct build *b, size_t i, struct acc *a, struct scored *out)
{
	struct sig_entry qt[RELATED_TERMS];
	struct scored cand[RELATED_CANDIDATES];
	const struct sig *s = &b->sigs[i];
	int nq = heaviest(s, RELATED_TERMS, qt), k;
	size_t j, nc, m = 0;

	for (k = 0; k < nq && more_terms(a, k); k++) {
		const struct post *p = &b->post[b->start[qt[k].term]];
		for (j = 0; j < b->count[qt[k].term]; j++)
			if (p[j].paper != i)
				acc_add(a, b->ids[p[j].paper], (uint64_t)qt[k].w * p[j].w);
	}
	nc = acc_best(a, cand);
	for (j = 0; j < nc; j++) {
		bool found;
		size_t c = paper_index(b, cand[j].id, &found);
		out[m].id = cand[j].id;
		out[m++].score = sig_dot(s, &b->sigs[c]);
	}
	qsort(out, m, sizeof(*out), by_score);
	return m;
}

/* Commits every so often, so that a build of a million papers does not
 * keep one transaction (and its journal) the size of the index. */
static enum status checkpoint(struct store *st, size_t done)
{
	enum status ret = STATUS_OK;

	if (done % 20000 == 0) {
		ret = store_commit(st);
		if (!ret)
			ret = store_begin(st);
	}
	return ret;
}

static enum status full_build(struct store *st, struct build *b, struct related_stats *out)
{
	struct store_rel_state state;
	struct acc *a;
	enum status ret;
	size_t i, t;
	int64_t total;

	/* Start from nothing; papers changed from here on are queued again
	 * by the triggers and picked up after the build. */
	ret = store_begin(st);
	if (!ret)
		ret = store_rel_reset(st);
	if (!ret)
		ret = store_rel_state_get(st, &state);
	if (!ret)
		ret = store_commit(st);
	if (ret) {
		store_rollback(st);
		return ret;
	}
	ret = store_rel_papers(st, &total);
	b->total = (long)total;
	if (!ret)
		ret = store_rel_texts(st, pass_count, b);
	if (ret)
		return ret;
	b->sigs = xcalloc(b->n ? b->n : 1, sizeof(*b->sigs));
	ret = store_rel_texts(st, pass_sign, b);
	if (ret)
		return ret;
	build_postings(b);
	ret = store_begin(st);
	for (t = 1; t <= b->voc.n && !ret; t++) {
		ret =
		    store_rel_term_put(st, (int64_t)t, b->voc.arena.s + b->voc.off[t], b->voc.df[t],
		                       b->voc.df[t] == 1 ? b->ids[b->voc.last[t]] : 0);
		if (!ret)
			ret = checkpoint(st, t);
	}
	for (t = 1; t <= b->voc.n && !ret; t++) {
		size_t j;
		for (j = 0; j < b->count[t] && !ret; j++) {
			const struct post *p = &b->post[b->start[t] + j];
			ret = store_rel_post_add(st, (int64_t)t, (int)p->w, b->ids[p->paper]);
		}
		if (!ret)
			ret = checkpoint(st, t);
	}
	a = xcalloc(1, sizeof(*a));
	for (i = 0; i < b->n && !ret; i++) {
		unsigned char blob[SIG_BYTES];
		struct scored best[RELATED_CANDIDATES];
		int64_t to[RELATED_MAX];
		double score[RELATED_MAX];
		size_t n = neighbours_mem(b, i, a, best), j, k = 0;

		for (j = 0; j < n && k < RELATED_MAX; j++)
			if (best[j].score > 0) {
				to[k] = best[j].id;
				score[k++] = sim_of(best[j].score);
			}
		ret = store_rel_sig_put(st, b->ids[i], blob, sig_encode(&b->sigs[i], blob),
		                        b->sigs[i].len);
		if (!ret)
			ret = links_put(st, b->ids[i], to, score, k);
		if (!ret)
			ret = checkpoint(st, i + 1);
		out->links += (long)k;
		tick(b, N_("linking"), (long)i + 1, (long)b->n);
	}
	free(a);
	if (!ret) {
		state.docs = (int64_t)b->n;
		state.tokens = b->tokens;
		state.base = (int64_t)b->n;
		state.gen++;
		ret = store_rel_state_set(st, &state);
	}
	if (!ret)
		ret = store_commit(st);
	if (ret)
		store_rollback(st);
	out->papers = (long)b->n;
	out->full = true;
	return ret;
}

static void build_free(struct build *b)
{
	buf_free(&b->voc.arena);
	free(b->voc.off);
	free(b->voc.df);
	free(b->voc.last);
	free(b->voc.hash);
	bag_free(&b->g);
	free(b->ids);
	free(b->sigs);
	free(b->post);
	free(b->start);
	free(b->count);
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum status related_index(struct store *st, bool full,
                          void (*progress)(void *ctx, const char *phase, long done, long total),
                          void *ctx, struct related_stats *out)
{
	struct store_rel_state state;
	int64_t papers, queued;
	double t0 = seconds();
	enum status ret;

	memset(out, 0, sizeof(*out));
	ret = store_rel_state_get(st, &state);
	if (!ret)
		ret = store_rel_papers(st, &papers);
	if (!ret)
		ret = store_rel_dirty_count(st, &queued);
	if (ret)
		return ret;
	/* A full build when there is no index, when the library has grown
	 * or shrunk by half since the last one (idf has moved), or when a
	 * good part of it waits anyway (a paper alone costs more than its
	 * share of a batch). */
	if (!full && (state.base == 0 || papers > state.base * 3 / 2 || papers < state.base / 2 ||
	              (queued > BATCH_MIN && queued > papers / 4)))
		full = papers > 0;
	if (full) {
		struct build b;
		memset(&b, 0, sizeof(b));
		b.progress = progress;
		b.ctx = ctx;
		ret = store_rel_bulk(st, true);
		if (!ret)
			ret = full_build(st, &b, out);
		store_rel_bulk(st, false);
		build_free(&b);
		if (ret)
			return ret;
	}
	/* Whatever is (still) queued, a transaction every few papers. */
	ret = store_rel_dirty_count(st, &queued);
	while (!ret && queued > 0) {
		int64_t ids[256];
		size_t n = 0, i;
		ret = store_begin(st);
		if (!ret)
			ret = clean_gone(st, 1000000);
		if (!ret)
			ret = store_rel_dirty(st, ids, ARRAY_SIZE(ids), &n);
		for (i = 0; i < n && !ret; i++) {
			ret = update_one(st, ids[i]);
			out->papers++;
		}
		if (!ret)
			ret = store_commit(st);
		if (ret) {
			store_rollback(st);
			break;
		}
		if (progress)
			progress(ctx, N_("updating"), out->papers, out->papers + queued - (long)n);
		ret = store_rel_dirty_count(st, &queued);
		if (!n)
			break;
	}
	if (!ret) {
		/* Postings of deleted papers, when nothing was queued. */
		ret = store_begin(st);
		if (!ret)
			ret = clean_gone(st, 1000000);
		if (!ret)
			ret = store_commit(st);
		else
			store_rollback(st);
	}
	out->seconds = seconds() - t0;
	return ret;
}
