/*
 * merge: when two descriptions are one paper, and what the paper keeps.
 *
 * The rules (HACKING.md has the reasoning and the seed cases behind them):
 *
 *  1. Two arXiv ids: the same paper exactly when the ids (without version)
 *     are equal. Nothing else can join papers with different ids.
 *  2. Two DOIs that differ: different papers. Equal DOIs: the same.
 *  3. Dates must agree. Without arXiv ids, the two must share a date (at
 *     the precision both have). Against an arXiv id, the other's earliest
 *     date must be one of the id's version dates, or, when the id's first
 *     version date is unknown, no later than its known versions and in the
 *     month the id encodes (arXiv ids are assigned at first submission).
 *  4. Text: the matching keys of the two abstracts (LaTeX rendered,
 *     letters and digits only, lower case) agree on their first
 *     MERGE_KEY_MIN characters or more, and one is a prefix of the other
 *     (snippets are cut at different lengths; "..." marks the cut).
 *  5. Title: matching keys of two real titles equal, at least
 *     MERGE_TITLE_MIN characters long.
 *  6. Citation key: equal keys (without case, as BibTeX compares them),
 *     unless both have real titles long enough for rule 5 and they differ
 *     (a key is a name a user gave a paper; an exported entry that comes
 *     back keeps its key even when its short title cannot match).
 *  A pair is one paper when 1 or 2 says so, or when 3 holds and 4, 5 or 6
 *  do.
 *  The caller adds the page rule: a similar-papers page never lists one
 *  paper twice, so entries of one page are never merged with each other.
 */
#ifndef SHEAF_MERGE_H
#define SHEAF_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* Characters of matching key two abstracts must share to be one paper. */
#define MERGE_KEY_MIN 60
/* Characters of matching key that make an abstract's fingerprint; shorter
 * than MERGE_KEY_MIN so that any two texts that can match share it. */
#define MERGE_FP_LEN 48
/* Characters a title's matching key needs before titles alone can match. */
#define MERGE_TITLE_MIN 16

/* A dated version: version 0 when the number is unknown. */
struct merge_date {
	int version;
	char date[11];
};

/* What the rules look at, for one side of a comparison. Strings may be
 * empty, never NULL. */
struct merge_side {
	const char *arxiv;
	const char *doi;
	const char *key;  /* matching key of the abstract (or summary) */
	const char *tkey; /* matching key of a real title, else "" */
	const char *citekey; /* BibTeX citation key, else "" (NULL is taken as "") */
	const struct merge_date *dates;
	size_t n_dates;
};

/* True when a and b describe the same paper; *why (may be NULL) gets a
 * short untranslated reason for either verdict, for tests and debugging. */
bool merge_same(const struct merge_side *a, const struct merge_side *b, const char **why);

/* The fingerprint of a matching key: a hash of its first MERGE_FP_LEN
 * characters, or 0 when the key is shorter than MERGE_KEY_MIN (such a text
 * can never match another by rule 4). Never 0 otherwise. */
int64_t merge_fingerprint(const char *key);

/* The fingerprint of a title key (0 when shorter than MERGE_TITLE_MIN). */
int64_t merge_title_fingerprint(const char *tkey);

/* The text whose key identifies a paper: the abstract, else the first
 * sentence of the summary (related-paper summaries open with it). Newly
 * allocated matching key. */
char *merge_text_key(const char *abstract, const char *summary);

/* The first sentence of s, as a new string (abbreviations like "e.g." and
 * "et al." do not end a sentence). */
char *merge_first_sentence(const char *s);

/* A display title made from an abstract: its first sentence, trimmed to
 * at most max columns at a word boundary with an ellipsis. New string. */
char *merge_derive_title(const char *abstract, int max);

/* Folds the fields of `from` into `into` keeping the richest of each: a
 * real title over a derived one, the longer author list, a complete
 * abstract over a truncated one and else the longer, and every non-empty
 * identifier. Ties are broken by content, never by arrival, so the result
 * does not depend on import order. Marks are left alone. */
void merge_fields(struct store_paper *into, const struct store_paper *from);

#endif
