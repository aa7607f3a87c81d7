/*
 * layout: where the panes go for a terminal of a given size. Pure
 * arithmetic, no terminal: the reader calls it on every resize, the unit
 * tests call it for every size from 1x1 to 250x80.
 *
 *   wide (side by side)           tall (stacked)
 *   +--------+--------------+     +---------------------+
 *   | list   | abstract     |     | list                |
 *   |        +--------------+     +---------------------+
 *   |        | related      |     | abstract            |
 *   +--------+--------------+     +---------------------+
 *   status line                   | related             |
 *   message / prompt line         status, message lines
 *
 * Each pane's first row is its header. Too small for three panes (or
 * zoomed), only the focused pane is shown.
 */
#ifndef SHEAF_LAYOUT_H
#define SHEAF_LAYOUT_H

#include <stdbool.h>

enum pane_id {
	PANE_LIST,
	PANE_ABSTRACT,
	PANE_RELATED,
	PANE_COUNT
};

enum layout_mode {
	LAYOUT_AUTO, /* wide from LAYOUT_WIDE_COLS columns, else tall */
	LAYOUT_WIDE,
	LAYOUT_TALL,
};

/* Columns from which the automatic layout puts panes side by side. */
#define LAYOUT_WIDE_COLS 120
/* Pane rows (headers included) below which only one pane is shown. */
#define LAYOUT_MIN_ROWS_THREE 9

struct layout_rect {
	int y, x, h, w; /* h == 0: not shown */
};

struct layout {
	struct layout_rect pane[PANE_COUNT];
	bool wide;       /* side by side */
	int vsep_x;      /* column of the vertical separator, or -1 */
	int vsep_h;      /* its height (from row 0) */
	int status_y;    /* row of the status line, or -1 when there is no room */
	int message_y;   /* row of the message/prompt line (always >= 0) */
	int cols;
};

/* Fills l for a terminal of rows x cols (any size, even 1x1: nothing
 * overlaps and nothing lies outside the screen). */
void layout_compute(int rows, int cols, enum layout_mode mode, bool zoom, enum pane_id focus,
                    struct layout *l);

/* Parses "auto", "wide" or "tall"; false for anything else. */
bool layout_mode_parse(const char *s, enum layout_mode *m);

#endif
