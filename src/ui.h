/*
 * ui: the reader. Terminal set-up, the layout of the panes, the main loop,
 * and what every pane shares: the library, the current paper, the history
 * of followed papers, drawing helpers, colours and the message line.
 *
 * A pane is one file (pane-list.c, pane-abstract.c, pane-related.c,
 * pane-help.c) filling a struct pane_ops; it keeps row ids and asks the
 * store for what it shows. The UI never writes SQL and never loads the
 * whole library.
 */
#ifndef SHEAF_UI_H
#define SHEAF_UI_H

#include <stdbool.h>
#include <stdint.h>

#include "action.h"
#include "history.h"
#include "layout.h"
#include "store.h"
#include "text.h"
#include "tui.h"

/* Things drawn in their own colour (see "color" in sheaf-config(5)). */
enum elem {
	ELEM_NORMAL,
	ELEM_HEADER,
	ELEM_HEADER_FOCUSED,
	ELEM_STATUS,
	ELEM_MESSAGE,
	ELEM_ERROR,
	ELEM_SELECTION,
	ELEM_DATE,
	ELEM_UNREAD,
	ELEM_STAR,
	ELEM_TAG,
	ELEM_DERIVED,
	ELEM_SCORE,
	ELEM_KIND,
	ELEM_HEADING,
	ELEM_BORDER,
	ELEM_MATCH,
	ELEM__COUNT
};

/* Small pictures that have a Unicode and an ASCII form. */
enum glyph {
	GLYPH_ARROW,
	GLYPH_STAR,
	GLYPH_TAG,
	GLYPH_UNREAD,
	GLYPH_ELLIPSIS,
	GLYPH_TRAIL,
	GLYPH_FOLLOWED,
};

struct settings {
	enum layout_mode layout;
	enum store_sort sort;
	int mark_read_delay; /* seconds; -1 = never */
	bool highlight_bar;  /* a full reverse bar instead of the arrow */
};

struct ui;
struct pane;

struct pane_ops {
	/* Sets up p->state (p->r is already placed). */
	void (*init)(struct pane *p);
	/* Draws the pane into p->win (its header is row 0). */
	void (*draw)(struct pane *p);
	/* Handles an action while focused; false when it does not apply. */
	bool (*key)(struct pane *p, enum action a);
	/* The current paper changed (id 0: none). */
	void (*set_paper)(struct pane *p, int64_t id);
	/* Something in the library changed: read again what is shown. */
	void (*reload)(struct pane *p);
	/* Work to do while the user is idle; true when more remains. */
	bool (*idle)(struct pane *p);
	void (*destroy)(struct pane *p);
};

struct pane {
	const struct pane_ops *ops;
	struct ui *ui;
	enum pane_id id;
	WINDOW *win;
	struct layout_rect r;
	bool dirty;
	void *state;
};

struct ui {
	struct store *st;
	struct settings set;
	struct pane panes[PANE_COUNT];
	struct pane help;
	bool help_open;
	enum pane_id focus;
	bool zoom;
	struct layout lay;
	int rows, cols;
	WINDOW *status_win, *msg_win;
	bool status_dirty, msg_dirty;
	struct buf msg;
	bool msg_error;
	int64_t current;
	struct history hist;
	struct store_view view;
	bool utf8;  /* the terminal's charset is UTF-8 */
	bool ascii; /* ... or plain ASCII */
	struct text_conv *conv;
	bool colors, italic;
	attr_t attrs[ELEM__COUNT];
	long long current_since;  /* ms (monotonic) when current became current */
	bool read_pending;
	int64_t opened_pending; /* a paper whose "opened" time waits to be written */
	bool quit;
	const char *db_path;
	/* Marks made while another program held the library's write lock,
	 * saved as soon as it lets go. */
	struct pending_mark {
		int64_t id;
		enum store_mark m;
		bool on;
	} *pending;
	size_t npending, cappending;
	/* The last search (/): its hits, its text, how many; with limit the
	 * list shows only them. */
	struct store_hits *hits;
	char *query;
	int64_t nhits;
	bool hits_more, limit;
};

/* ------------------------------------------------------------ ui.c */

/* Shows a message on the message line (translated text, made safe when
 * drawn); error selects the error colour. */
void ui_message(struct ui *ui, bool error, const char *fmt, ...) ATTR_PRINTF(3, 4);

/* Makes paper id current: the list cursor moves to it, the other panes
 * show it. follow true records it in the history (a followed link). */
void ui_set_current(struct ui *ui, int64_t id, bool follow);

/* Sets or clears a mark on paper id, saved at once; updates the panes. */
void ui_mark(struct ui *ui, int64_t id, enum store_mark m, bool on);

/* Draws what changed (the panes, status and message lines). */
void ui_redraw(struct ui *ui);

/* Places the panes again for the terminal's current size. */
void ui_relayout(struct ui *ui);

/* True once a signal (SIGHUP, SIGTERM, SIGINT) asked the reader to end. */
bool ui_interrupted(void);

/* Milliseconds on a monotonic clock. */
long long ui_now_ms(void);

/* ------------------------------------------------------------ draw.c */

/* Draws UTF-8 text (sanitised here, converted for non-UTF-8 terminals,
 * TEXT_MARK_* spans drawn italic or bold) at y,x, at most width columns;
 * cut text ends with an ellipsis when ellipsis is true. *style carries an
 * open italic/bold span from one line to the next (may be NULL). Returns
 * the columns drawn. */
int draw_text(struct ui *ui, WINDOW *w, int y, int x, int width, const char *s, attr_t attr,
              bool ellipsis, uint32_t *style);

/* Columns text would take when drawn by draw_text (after sanitising and,
 * on a non-UTF-8 terminal, conversion). */
int draw_width(struct ui *ui, const char *s);

/* Fills width columns at y,x with spaces in attr. */
void draw_fill(WINDOW *w, int y, int x, int width, attr_t attr);

/* The Unicode or ASCII form of a glyph, as the terminal can show it. */
const char *draw_glyph(struct ui *ui, enum glyph g);

/* Draws a pane's header row: title on the left, info on the right. */
void draw_header(struct ui *ui, struct pane *p, const char *title, const char *info);

/* The attributes (colour pair included) of an element. */
attr_t draw_attr(struct ui *ui, enum elem e);

/* Applies a "color" directive; NULL or a translated error. */
const char *draw_color_directive(struct ui *ui, int argc, char **argv);

/* Sets up colours after initscr (honours NO_COLOR and the terminal). */
void draw_colors_init(struct ui *ui);

/* Renders paper text for the screen: LaTeX rendered (with markup), in
 * ASCII on terminals that need it. Newly allocated. */
char *draw_render(struct ui *ui, const char *latex);

/* Text made ready for measuring and wrapping: sanitised, and on a
 * terminal that is not UTF-8 reduced to what its charset can show (still
 * UTF-8, so widths are right). Newly allocated. */
char *draw_prepare(struct ui *ui, const char *s);

/* ------------------------------------------------------------ prompt.c */

/* Reads a line on the message line after label, starting from initial;
 * changed (may be NULL) hears every edit. Returns the text (free() it),
 * or NULL when the user cancels (Esc, C-g) or a signal ends the reader. */
char *prompt_read(struct ui *ui, const char *label, const char *initial,
                  void (*changed)(struct ui *ui, const char *text, void *ctx), void *ctx);

/* Asks a yes/no question on the message line; true for yes. */
bool prompt_yes(struct ui *ui, const char *question);

/* ------------------------------------------------------------ panes */

extern const struct pane_ops pane_list_ops;
extern const struct pane_ops pane_abstract_ops;
extern const struct pane_ops pane_related_ops;
extern const struct pane_ops pane_help_ops;

/* The list's paper under the cursor, or 0. */
int64_t pane_list_current(struct pane *p);

/* Moves the list cursor to paper id, loading the rows around it; shows it
 * even when the view hides it (returns false then). */
bool pane_list_jump(struct pane *p, int64_t id);

/* True when the paper under the cursor is one the view hides (shown
 * because it was followed to). */
bool pane_list_forced(struct pane *p);

/* Reloads the list from the top with the ui's view (filter or sort
 * changed), keeping the current paper when the view shows it. */
void pane_list_reset(struct pane *p);

/* True when paper id is among the hits of the last search. */
bool ui_is_hit(struct ui *ui, int64_t id);

/* Updates the marks of a row the list holds without reading the store. */
void pane_list_row_marks(struct pane *p, int64_t id, enum store_mark m, bool on);

/* A short description of the list for the status line ("12/48"). */
void pane_list_position(struct pane *p, struct buf *out);

/* The list's rows changed order (a paper opened, under the "recent"
 * sort): its position and count are found again. */
void pane_list_recount(struct pane *p);

/* Marks every row the list holds (after tag-all / untag-all). */
void pane_list_all_marks(struct pane *p, enum store_mark m, bool on);

#endif
