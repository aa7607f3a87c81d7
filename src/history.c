/*
 * history: back and forward through followed papers.
 */
#include "config.h"

#include <stdlib.h>

#include "history.h"
#include "util.h"

/* A trail longer than this loses its oldest steps. */
#define HISTORY_MAX 1000

void history_visit(struct history *h, int64_t id)
{
	if (h->n && h->ids[h->pos] == id)
		return;
	if (h->n)
		h->n = h->pos + 1;
	if (h->n == HISTORY_MAX) {
		size_t i;
		for (i = 1; i < h->n; i++)
			h->ids[i - 1] = h->ids[i];
		h->n--;
	}
	h->ids = xgrow(h->ids, &h->cap, h->n + 1, sizeof(*h->ids));
	h->ids[h->n] = id;
	h->pos = h->n++;
}

bool history_back(struct history *h, int64_t *id)
{
	if (!h->n || h->pos == 0)
		return false;
	*id = h->ids[--h->pos];
	return true;
}

bool history_forward(struct history *h, int64_t *id)
{
	if (!h->n || h->pos + 1 >= h->n)
		return false;
	*id = h->ids[++h->pos];
	return true;
}

int64_t history_current(const struct history *h)
{
	return h->n ? h->ids[h->pos] : 0;
}

void history_replace(struct history *h, int64_t from, int64_t to)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->ids[i] == from)
			h->ids[i] = to;
}

void history_free(struct history *h)
{
	free(h->ids);
	h->ids = NULL;
	h->n = h->cap = h->pos = 0;
}
