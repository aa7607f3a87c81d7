/*
 * history: the trail of papers followed through links, walked back and
 * forward like a browser's. Following a link from the middle of the trail
 * drops what lay ahead.
 */
#ifndef SHEAF_HISTORY_H
#define SHEAF_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct history {
	int64_t *ids;
	size_t n, cap;
	size_t pos; /* index of the current paper; meaningless when n == 0 */
};

/* Makes id the current paper: drops the entries ahead of the current one
 * and appends id (unless it already is the current one). */
void history_visit(struct history *h, int64_t id);

/* Steps back (forward); false, with *id untouched, at either end. */
bool history_back(struct history *h, int64_t *id);
bool history_forward(struct history *h, int64_t *id);

/* The current paper, or 0 for an empty history. */
int64_t history_current(const struct history *h);

/* Replaces every occurrence of id (a paper folded into another). */
void history_replace(struct history *h, int64_t from, int64_t to);

void history_free(struct history *h);

#endif
