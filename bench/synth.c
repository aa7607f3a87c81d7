/*
 * synth: the synthetic paper generator (see synth.h).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth.h"
#include "util.h"

#define VOCAB         200000
#define TOPIC_WORDS   40
#define TOPIC_AUTHORS 24

/* The most frequent words of English abstracts, most frequent first. */
static const char *const common[] = {
    "the",       "of",      "and",       "a",           "in",      "to",      "is",
    "we",        "for",     "that",      "this",        "with",    "on",      "by",
    "as",        "are",     "be",        "an",          "from",    "which",   "our",
    "it",        "can",     "these",     "at",          "model",   "results", "such",
    "also",      "show",    "paper",     "two",         "data",    "using",   "new",
    "its",       "method",  "has",       "not",         "between", "based",   "have",
    "been",      "one",     "approach",  "their",       "than",    "was",     "both",
    "problem",   "used",    "learning",  "first",       "study",   "propose", "into",
    "time",      "systems", "large",     "performance", "high",    "all",     "different",
    "present",   "more",    "analysis",  "when",        "network", "order",   "field",
    "function",  "number",  "under",     "theory",      "may",     "case",    "system",
    "algorithm", "over",    "structure", "well",        "only",    "non",     "energy",
    "then",      "other",   "general",   "these",       "any",     "space",   "state",
    "however",   "given",   "where",     "each",        "provide", "three",   "finally",
    "while",     "those",
};

static const char *const syll[] = {
    "ta",  "ri",   "on",   "mer",  "lo",  "ex",   "qua", "ni",  "sy",  "mp",   "to", "ge",
    "ra",  "lin",  "or",   "ve",   "ca",  "tion", "pho", "de",  "mo",  "ne",   "ur", "al",
    "ste", "ko",   "bi",   "du",   "fa",  "gra",  "hel", "im",  "jo",  "ku",   "lu", "ma",
    "no",  "pa",   "ro",   "sa",   "te",  "vi",   "we",  "xi",  "ze",  "chro", "dy", "fer",
    "mag", "ther", "quan", "spec", "top", "vec",  "sca", "pol", "ren", "tri",  "cy", "ly",
};
static const char *const suffix[] = {"",   "",   "",    "s",  "ation",   "ity",  "ing",
                                     "al", "ic", "ous", "ed", "ization", "ness", "ive"};
static const char *const archives[] = {
    "cs.LG",    "cs.CV",   "cs.CL",          "math.AG",     "math.PR",         "math.CO",
    "hep-th",   "hep-ph",  "astro-ph.GA",    "astro-ph.CO", "cond-mat.str-el", "cond-mat.mtrl-sci",
    "quant-ph", "gr-qc",   "physics.optics", "stat.ML",     "q-bio.NC",        "nlin.CD",
    "econ.EM",  "eess.SP",
};

struct synth {
	uint64_t seed;
	long n;
	int topics;
	char **vocab;
	double *cdf;   /* Zipf over the whole vocabulary */
	double *tcdf;  /* Zipf over a topic's words */
	long *topic_w; /* topics x TOPIC_WORDS vocabulary ranks */
	long *topic_a; /* topics x TOPIC_AUTHORS author numbers */
	long authors;
};

static uint64_t mix(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ULL;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *r)
{
	r->s += 0x9E3779B97F4A7C15ULL;
	return mix(r->s);
}

static double unif(struct rng *r)
{
	return (double)(next(r) >> 11) / 9007199254740992.0;
}

static long pick(const double *cdf, long n, double u)
{
	long lo = 0, hi = n - 1;

	while (lo < hi) {
		long mid = (lo + hi) / 2;
		if (cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void zipf_cdf(double *cdf, long n, double s)
{
	double sum = 0;
	long i;

	for (i = 0; i < n; i++)
		sum += cdf[i] = 1.0 / pow((double)(i + 1), s);
	for (i = 0; i < n; i++) {
		cdf[i] = (i ? cdf[i - 1] : 0) + cdf[i] / sum;
	}
	cdf[n - 1] = 1.0;
}

struct synth *synth_new(uint64_t seed, long n)
{
	struct synth *s = xcalloc(1, sizeof(*s));
	struct rng r = {seed};
	size_t hcap = 1u << 19, i;
	uint64_t *seen = xcalloc(hcap, sizeof(*seen));
	long v, t, j;

	s->seed = seed;
	s->n = n;
	s->topics = (int)(n / 150 > 20 ? n / 150 : 20);
	s->authors = n / 2 > 2000 ? n / 2 : 2000;
	s->vocab = xcalloc(VOCAB, sizeof(*s->vocab));
	for (v = 0; v < VOCAB; v++) {
		char w[64];
		uint64_t h;
		if (v < (long)ARRAY_SIZE(common)) {
			snprintf(w, sizeof(w), "%s", common[v]);
		} else {
			do {
				int k = 2 + (int)(next(&r) % 3), m;
				w[0] = '\0';
				for (m = 0; m < k; m++)
					strcat(w, syll[next(&r) % ARRAY_SIZE(syll)]);
				strcat(w, suffix[next(&r) % ARRAY_SIZE(suffix)]);
				h = util_hash64(w, strlen(w)) | 1;
				for (i = h & (hcap - 1); seen[i] && seen[i] != h;
				     i = (i + 1) & (hcap - 1))
					;
			} while (seen[i] == h);
			seen[i] = h;
		}
		s->vocab[v] = xstrdup(w);
	}
	free(seen);
	s->cdf = xcalloc(VOCAB, sizeof(*s->cdf));
	zipf_cdf(s->cdf, VOCAB, 1.0);
	s->tcdf = xcalloc(TOPIC_WORDS, sizeof(*s->tcdf));
	zipf_cdf(s->tcdf, TOPIC_WORDS, 0.8);
	/* A topic's words come from the middle and tail of the vocabulary:
	 * specialised terms, rarer the further down a topic's list. */
	s->topic_w = xcalloc((size_t)s->topics * TOPIC_WORDS, sizeof(*s->topic_w));
	s->topic_a = xcalloc((size_t)s->topics * TOPIC_AUTHORS, sizeof(*s->topic_a));
	for (t = 0; t < s->topics; t++) {
		for (j = 0; j < TOPIC_WORDS; j++)
			s->topic_w[t * TOPIC_WORDS + j] =
			    300 + (long)(next(&r) % (uint64_t)(j < 8 ? 20000 : VOCAB - 300));
		for (j = 0; j < TOPIC_AUTHORS; j++)
			s->topic_a[t * TOPIC_AUTHORS + j] = (long)(next(&r) % (uint64_t)s->authors);
	}
	return s;
}

void synth_free(struct synth *s)
{
	long v;

	if (!s)
		return;
	for (v = 0; v < VOCAB; v++)
		free(s->vocab[v]);
	free(s->vocab);
	free(s->cdf);
	free(s->tcdf);
	free(s->topic_w);
	free(s->topic_a);
	free(s);
}

const char *synth_word(const struct synth *s, long r)
{
	return s->vocab[r % VOCAB];
}

long synth_vocab(const struct synth *s)
{
	(void)s;
	return VOCAB;
}

const char *synth_topic_word(const struct synth *s, int topic, int j)
{
	return s->vocab[s->topic_w[(long)topic * TOPIC_WORDS + j % TOPIC_WORDS]];
}

const char *synth_author(const struct synth *s, long k)
{
	/* Last names from the vocabulary's tail, capitalised by the caller. */
	return s->vocab[VOCAB - 1 - (k % (VOCAB / 2))];
}

static const char *word_of(struct synth *s, struct rng *r, int topic, double p_topic)
{
	if (unif(r) < p_topic)
		return s->vocab[s->topic_w[(long)topic * TOPIC_WORDS +
		                           pick(s->tcdf, TOPIC_WORDS, unif(r))]];
	return s->vocab[pick(s->cdf, VOCAB, unif(r))];
}

static void add_cap(struct buf *b, const char *w, bool cap)
{
	if (cap && w[0] >= 'a' && w[0] <= 'z') {
		buf_addc(b, (char)(w[0] - 'a' + 'A'));
		buf_adds(b, w + 1);
	} else {
		buf_adds(b, w);
	}
}

int synth_paper(struct synth *s, long i, struct store_paper *p)
{
	struct rng r = {mix(s->seed ^ (uint64_t)i * 0x100000001B3ULL)};
	struct buf b = BUF_INIT;
	int topic, k, n, year, month, day;
	double pos;

	memset(p, 0, sizeof(*p));
	/* Topics are unequal in size, as fields are. */
	topic = (int)(pow(unif(&r), 1.6) * s->topics);
	/* Title. */
	n = 5 + (int)(next(&r) % 11);
	for (k = 0; k < n; k++) {
		if (k)
			buf_addc(&b, ' ');
		add_cap(&b, word_of(s, &r, topic, 0.6), true);
	}
	p->title = buf_steal(&b);
	/* Abstract: sentences of 8-30 words, now and then some LaTeX. */
	n = 60 + (int)(next(&r) % 120) + (int)(next(&r) % 120);
	for (k = 0; k < n;) {
		int len = 8 + (int)(next(&r) % 23), m;
		for (m = 0; m < len && k < n; m++, k++) {
			const char *w = word_of(s, &r, topic, 0.35);
			double u = unif(&r);
			if (m)
				buf_addc(&b, ' ');
			if (u < 0.01)
				buf_printf(&b, "{\\em %s}", w);
			else if (u < 0.02)
				buf_printf(&b, "$\\alpha_{%s}$", w);
			else
				add_cap(&b, w, m == 0);
		}
		buf_adds(&b, k < n ? ". " : ".");
	}
	p->abstract = buf_steal(&b);
	/* Authors: mostly the topic's regulars. */
	n = 1 + (int)(next(&r) % 4) + (int)(next(&r) % 5);
	for (k = 0; k < n; k++) {
		long a = unif(&r) < 0.7
		             ? s->topic_a[topic * TOPIC_AUTHORS + next(&r) % TOPIC_AUTHORS]
		             : (long)(next(&r) % (uint64_t)s->authors);
		if (k)
			buf_addc(&b, '\n');
		buf_printf(&b, "%c. ", 'A' + (int)(a % 26));
		add_cap(&b, synth_author(s, a), true);
	}
	p->authors = buf_steal(&b);
	/* Dates grow with i, as in an arXiv listing imported in order. */
	pos = (double)i / (double)(s->n > 1 ? s->n : 1) * 18.0 * 12.0;
	year = 2007 + (int)(pos / 12);
	month = 1 + (int)pos % 12;
	day = 1 + (int)(next(&r) % 28);
	p->date = xasprintf("%04d-%02d-%02d", year, month, day);
	p->arxiv = xasprintf("%02d%02d.%05ld", year % 100, month, i % 100000);
	p->categories = xstrdup(archives[topic % ARRAY_SIZE(archives)]);
	p->added = 1700000000;
	return topic;
}
