/*
 * layout: pane rectangles for a terminal size.
 */
#include "config.h"

#include <string.h>

#include "layout.h"

static void only(struct layout *l, enum pane_id p, int h, int w)
{
	l->pane[p] = (struct layout_rect){0, 0, h, w};
}

void layout_compute(int rows, int cols, enum layout_mode mode, bool zoom, enum pane_id focus,
                    struct layout *l)
{
	int avail;

	memset(l, 0, sizeof(*l));
	if (rows < 1)
		rows = 1;
	if (cols < 1)
		cols = 1;
	l->cols = cols;
	l->vsep_x = -1;
	l->message_y = rows - 1;
	l->status_y = rows >= 3 ? rows - 2 : -1;
	avail = rows - (l->status_y >= 0 ? 2 : 1);
	if (avail < 1)
		return; /* just the message line */
	l->wide = mode == LAYOUT_WIDE || (mode == LAYOUT_AUTO && cols >= LAYOUT_WIDE_COLS);
	if (cols < 40)
		l->wide = false;
	if (zoom || avail < LAYOUT_MIN_ROWS_THREE || (l->wide && avail < 6)) {
		l->wide = false;
		only(l, focus, avail, cols);
		return;
	}
	if (l->wide) {
		int left = cols * 45 / 100, right;
		int top;
		if (left < 20)
			left = 20;
		right = cols - left - 1;
		top = avail * 60 / 100;
		if (top < 3)
			top = 3;
		if (avail - top < 3)
			top = avail - 3;
		l->pane[PANE_LIST] = (struct layout_rect){0, 0, avail, left};
		l->vsep_x = left;
		l->vsep_h = avail;
		l->pane[PANE_ABSTRACT] = (struct layout_rect){0, left + 1, top, right};
		l->pane[PANE_RELATED] = (struct layout_rect){top, left + 1, avail - top, right};
	} else {
		int list = avail * 40 / 100, abs = avail * 33 / 100, rel;
		if (list < 3)
			list = 3;
		if (abs < 3)
			abs = 3;
		rel = avail - list - abs;
		if (rel < 3) {
			abs -= 3 - rel;
			rel = 3;
		}
		l->pane[PANE_LIST] = (struct layout_rect){0, 0, list, cols};
		l->pane[PANE_ABSTRACT] = (struct layout_rect){list, 0, abs, cols};
		l->pane[PANE_RELATED] = (struct layout_rect){list + abs, 0, rel, cols};
	}
}

bool layout_mode_parse(const char *s, enum layout_mode *m)
{
	if (strcmp(s, "auto") == 0)
		*m = LAYOUT_AUTO;
	else if (strcmp(s, "wide") == 0)
		*m = LAYOUT_WIDE;
	else if (strcmp(s, "tall") == 0)
		*m = LAYOUT_TALL;
	else
		return false;
	return true;
}
