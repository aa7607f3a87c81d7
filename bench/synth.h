/*
 * synth: realistic synthetic papers for the search and related benchmarks.
 *
 * Deterministic (a seed gives the same library every time). Words follow a
 * Zipf law over a vocabulary of pseudo-words whose top ranks are real
 * English function words; each paper belongs to a topic with its own
 * word distribution (so related papers exist to be found) and to that
 * topic's arXiv-like category. Lengths follow arXiv's: titles of 5-15
 * words, abstracts of 60-300 words, 1-8 authors.
 */
#ifndef SHEAF_SYNTH_H
#define SHEAF_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

struct synth;

/* A generator for a library of n papers. */
struct synth *synth_new(uint64_t seed, long n);
void synth_free(struct synth *s);

/* Fills p (zeroed first; clear with store_paper_clear) with paper i
 * (0 <= i < n); its topic is returned. */
int synth_paper(struct synth *s, long i, struct store_paper *p);

/* The word of vocabulary rank r (0 = most frequent); owned by s. */
const char *synth_word(const struct synth *s, long r);

/* The vocabulary size, and a topic's j-th most typical word. */
long synth_vocab(const struct synth *s);
const char *synth_topic_word(const struct synth *s, int topic, int j);

/* The last name of author k of the pool; owned by s. */
const char *synth_author(const struct synth *s, long k);

#endif
