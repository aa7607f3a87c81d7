/*
 * related: papers similar to a paper, computed from the library's own
 * titles and abstracts, stored as links of kind STORE_LINK_COMPUTED.
 *
 * Text analysis: LaTeX rendered and transliterated (text_render), words
 * lower-cased, stop words dropped, Porter stems; title words count
 * RELATED_TITLE_BOOST times. Each term of a paper is weighted by bm25
 * (idf times saturated term frequency, normalised by length), and the
 * paper keeps its RELATED_TERMS heaviest terms, L2-normalised: its
 * signature. Similarity is the dot product of two signatures (48 terms
 * score as well as whole vectors on real abstracts; 24 lose a tenth).
 *
 * Finding neighbours without scanning: the store keeps, for every term, the
 * papers that have it among their RELATED_INDEXED heaviest, heaviest
 * first (an impact-ordered inverted index in SQLite). A paper's neighbours are found from its
 * RELATED_QUERY heaviest (rarest, most typical) terms, reading the top
 * RELATED_POSTINGS entries of each, accumulating partial dot products, and
 * re-scoring the best RELATED_CANDIDATES exactly with their signatures.
 * The cost is bounded by those constants, not by the library's size.
 *
 * Freshness: triggers in the schema queue every paper whose text changes
 * (or that is added) in rel_dirty, and papers that pointed at a deleted
 * one. related_update() computes one paper at once (a few milliseconds
 * at a million papers, for the reader to call when it shows a paper);
 * related_step() works through the queue a little at a time (for the
 * reader's idle moments); related_index() is `sheaf index`: the queue, or
 * everything in one batch when there is no index yet, when the library
 * has grown or shrunk by half since the last full build (document
 * frequencies are only added to between full builds), when more than a
 * quarter of the library (and over a thousand papers) waits, or when
 * asked.
 * A newly computed paper is also offered to its candidates, so that old
 * papers gain a new neighbour without being recomputed.
 *
 * Must never: hold the write lock while the user waits (the step and the
 * update use a lock they give up at once when another process writes), or
 * read all papers outside related_index().
 */
#ifndef SHEAF_RELATED_H
#define SHEAF_RELATED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "store.h"

#define RELATED_MAX         10  /* computed neighbours kept for a paper */
#define RELATED_TERMS       48  /* terms in a signature */
#define RELATED_INDEXED     24  /* of them, posted in the inverted index */
#define RELATED_QUERY       12  /* terms a neighbour search starts from */
#define RELATED_POSTINGS    200 /* papers read per term, heaviest first */
#define RELATED_CANDIDATES  60  /* candidates scored exactly */
#define RELATED_TITLE_BOOST 3   /* a title word counts as this many */

/* ---------------------------------------------------------------- analysis */

/* Stems a lower-case ASCII word in place with Porter's algorithm (1980)
 * and returns its new length (the word is NUL-terminated again). The
 * stemmer is the search index's (store_tokens_stem()), so a word and its
 * search terms agree; left unstemmed should FTS5 be missing. */
size_t related_stem(char *w, size_t n);

/* True when the lower-case ASCII word is an English stop word or a word
 * of scholarly boilerplate ("paper", "propose") that says nothing about
 * a topic. */
bool related_stopword(const char *w, size_t n);

/* Calls fn once for each index term of s, in order: the rendered,
 * transliterated text split into words, stop words and numbers dropped,
 * the rest stemmed. Returns the number of terms. */
size_t related_terms(const char *s, void (*fn)(void *ctx, const char *term, size_t n), void *ctx);

/* ---------------------------------------------------------------- computing */

/* Computes paper id's signature and its neighbours now, and offers it to
 * its candidates; a few milliseconds whatever the library's size. A stub
 * has no text and gets no neighbours. With nowait, a library locked by
 * another writer gives STATUS_BUSY at once instead of waiting. */
enum status related_update(struct store *st, int64_t id, bool nowait);

/* Makes paper id's computed neighbours current: computes them now (as
 * related_update()) when the paper is queued and the library has been
 * indexed once, else returns at once. For the reader before it shows a
 * paper's related pane, and for `sheaf related`. */
enum status related_fresh(struct store *st, int64_t id, bool nowait);

/* Works through up to max queued papers (the reader's idle step; each
 * costs what related_update() does), never waiting for a lock. *left is
 * how many remain queued. */
enum status related_step(struct store *st, size_t max, int64_t *left);

/* How many papers wait to be (re)computed. */
enum status related_pending(struct store *st, int64_t *n);

struct related_stats {
	long papers; /* papers computed */
	long links;  /* computed links stored */
	bool full;   /* a full rebuild was done */
	double seconds;
};

/* `sheaf index`: brings every paper's computed neighbours up to date,
 * in one batch when full is true or the index needs rebuilding (see the
 * top of this file), else from the queue. progress (may be NULL) is
 * called now and then with the phase (an untranslated N_() string), the
 * work done and the work to do. */
enum status related_index(struct store *st, bool full,
                          void (*progress)(void *ctx, const char *phase, long done, long total),
                          void *ctx, struct related_stats *out);

#endif
