/*
 * pane-list: the paper list. It holds only the rows on screen and asks the
 * store for the rows just after or before them when the cursor leaves the
 * window (keyset paging), so a library of a million papers scrolls like
 * one of fifty. Its position ("12/48") comes from the view's fences
 * (store_fences_*), collected a few at a time while the user is idle: no
 * key waits for a count of half a million rows.
 *
 * Must never: load the whole view, or count on every key.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "paper.h"
#include "ui.h"

struct list {
	struct store_row *rows;
	size_t n, cap;
	size_t cur;
	int64_t pos;    /* view position of rows[0]; -1 unknown */
	int64_t count;  /* papers in the view; -1 unknown */
	int64_t forced; /* a paper shown although the view hides it */
	struct store_fences *fences; /* of the view, while its rows stay the same */
};

static struct list *L(struct pane *p)
{
	return p->state;
}

static size_t visible(const struct pane *p)
{
	return p->r.h > 1 ? (size_t)(p->r.h - 1) : 1;
}

/* The view's size and fences no longer hold (its rows or order changed). */
static void recount(struct list *l)
{
	l->count = -1;
	l->pos = -1;
	store_fences_free(l->fences);
	l->fences = NULL;
}

static void clear_rows(struct list *l)
{
	store_rows_clear(l->rows, l->n);
	l->n = 0;
	l->cur = 0;
}

static void reserve(struct list *l, size_t n)
{
	l->rows = xgrow(l->rows, &l->cap, n, sizeof(*l->rows));
}

/* Fetches up to max rows after (before) row `from`; new rows go into a
 * fresh array, nearest first. */
static size_t fetch(struct pane *p, const struct store_row *from, bool backward, size_t max,
                    struct store_row **out)
{
	struct store_row *v = xcalloc(max ? max : 1, sizeof(*v));
	size_t got = 0, i;
	enum status st;

	if (p->ui->limit && p->ui->hits) {
		/* The search's hits, in the list's own order. */
		struct store_hit *h = xcalloc(max ? max : 1, sizeof(*h));
		st = store_hits_sorted(p->ui->st, p->ui->hits, p->ui->view.sort, from, backward, h, max,
		                       &got);
		for (i = 0; i < got; i++) {
			v[i] = h[i].row;
			h[i].row.title = NULL; /* now v's */
		}
		store_hits_clear(h, got);
		free(h);
	} else {
		st = store_rows(p->ui->st, &p->ui->view, from, backward, v, max, &got);
	}

	if (st) {
		ui_message(p->ui, true, "%s", status_msg());
		got = 0;
	}
	*out = v;
	return got;
}

static void notify(struct pane *p)
{
	struct list *l = L(p);

	p->dirty = true;
	p->ui->status_dirty = true;
	if (l->n)
		ui_set_current(p->ui, l->rows[l->cur].id, false);
	else
		ui_set_current(p->ui, 0, false);
}

static void load_top(struct pane *p)
{
	struct list *l = L(p);
	struct store_row *v;
	size_t got = fetch(p, NULL, false, visible(p), &v);

	clear_rows(l);
	reserve(l, got);
	memcpy(l->rows, v, got * sizeof(*v));
	free(v);
	l->n = got;
	l->pos = 0;
	l->forced = 0;
}

static void load_bottom(struct pane *p)
{
	struct list *l = L(p);
	struct store_row *v;
	size_t got = fetch(p, NULL, true, visible(p), &v), i;

	clear_rows(l);
	reserve(l, got);
	for (i = 0; i < got; i++)
		l->rows[i] = v[got - 1 - i];
	free(v);
	l->n = got;
	l->cur = got ? got - 1 : 0;
	l->pos = l->count >= 0 ? l->count - (int64_t)got : -1;
	l->forced = 0;
}

/* Drops rows from the front (or the back) so that at most `vis` remain. */
static void trim(struct list *l, size_t vis, bool front)
{
	size_t extra, i;

	if (l->n <= vis)
		return;
	extra = l->n - vis;
	if (front) {
		for (i = 0; i < extra; i++)
			store_row_clear(&l->rows[i]);
		memmove(l->rows, l->rows + extra, vis * sizeof(*l->rows));
		l->cur = l->cur >= extra ? l->cur - extra : 0;
		if (l->pos >= 0)
			l->pos += (int64_t)extra;
	} else {
		for (i = vis; i < l->n; i++)
			store_row_clear(&l->rows[i]);
		if (l->cur >= vis)
			l->cur = vis - 1;
	}
	l->n = vis;
}

static void append(struct pane *p, size_t want)
{
	struct list *l = L(p);
	struct store_row *v;
	size_t got;

	if (!l->n) {
		load_top(p);
		return;
	}
	got = fetch(p, &l->rows[l->n - 1], false, want, &v);
	reserve(l, l->n + got);
	memcpy(l->rows + l->n, v, got * sizeof(*v));
	l->n += got;
	free(v);
}

static size_t prepend(struct pane *p, size_t want)
{
	struct list *l = L(p);
	struct store_row *v;
	size_t got, i;

	if (!l->n)
		return 0;
	got = fetch(p, &l->rows[0], true, want, &v);
	reserve(l, l->n + got);
	memmove(l->rows + got, l->rows, l->n * sizeof(*l->rows));
	for (i = 0; i < got; i++)
		l->rows[i] = v[got - 1 - i];
	free(v);
	l->n += got;
	l->cur += got;
	if (l->pos >= 0)
		l->pos = l->pos >= (int64_t)got ? l->pos - (int64_t)got : -1;
	return got;
}

static void move_down(struct pane *p, size_t k)
{
	struct list *l = L(p);
	size_t vis = visible(p);

	if (!l->n)
		return;
	if (l->cur + k >= l->n)
		append(p, l->cur + k - (l->n - 1));
	l->cur = l->cur + k < l->n ? l->cur + k : l->n - 1;
	trim(l, vis, true);
}

static void move_up(struct pane *p, size_t k)
{
	struct list *l = L(p);
	size_t vis = visible(p);

	if (!l->n)
		return;
	if (k > l->cur)
		prepend(p, k - l->cur);
	l->cur = l->cur >= k ? l->cur - k : 0;
	trim(l, vis, false);
}

static void page_down(struct pane *p)
{
	struct list *l = L(p);
	size_t vis = visible(p), before = l->n, cur = l->cur;

	if (!l->n)
		return;
	append(p, vis);
	if (l->n == before) {
		l->cur = l->n - 1;
		return;
	}
	/* The window moves by what arrived; the cursor keeps its row. */
	trim(l, vis, true);
	l->cur = cur < l->n ? cur : l->n - 1;
}

static void page_up(struct pane *p)
{
	struct list *l = L(p);
	size_t vis = visible(p), cur = l->cur, got;

	if (!l->n)
		return;
	got = prepend(p, vis);
	if (!got) {
		l->cur = 0;
		return;
	}
	trim(l, vis, false);
	l->cur = cur < l->n ? cur : l->n - 1;
}

bool pane_list_jump(struct pane *p, int64_t id)
{
	struct list *l = L(p);
	struct store_row row, *v;
	size_t vis = visible(p), i, got;
	bool shown;

	for (i = 0; i < l->n; i++)
		if (l->rows[i].id == id) {
			l->cur = i;
			p->dirty = true;
			return l->forced != id;
		}
	if (store_row_get(p->ui->st, id, &row) != STATUS_OK)
		return false;
	shown = store_view_has(&p->ui->view, &row) && (!p->ui->limit || ui_is_hit(p->ui, id));
	clear_rows(l);
	/* The rows around it in the view's order, it in the middle. */
	got = fetch(p, &row, true, vis / 2, &v);
	reserve(l, vis + 1);
	for (i = 0; i < got; i++)
		l->rows[i] = v[got - 1 - i];
	free(v);
	l->n = got;
	l->cur = got;
	l->rows[l->n++] = row;
	append(p, vis - l->n);
	l->pos = -1;
	l->forced = shown ? 0 : id;
	p->dirty = true;
	p->ui->status_dirty = true;
	return shown;
}

bool pane_list_forced(struct pane *p)
{
	struct list *l = L(p);
	return l->n && l->forced && l->rows[l->cur].id == l->forced;
}

int64_t pane_list_current(struct pane *p)
{
	struct list *l = L(p);
	return l->n ? l->rows[l->cur].id : 0;
}

void pane_list_reset(struct pane *p)
{
	struct list *l = L(p);
	int64_t keep = pane_list_current(p);
	struct store_row row;

	recount(l);
	if (keep && store_row_get(p->ui->st, keep, &row) == STATUS_OK) {
		bool in = store_view_has(&p->ui->view, &row) && (!p->ui->limit || ui_is_hit(p->ui, keep));
		store_row_clear(&row);
		if (in) {
			clear_rows(l);
			pane_list_jump(p, keep);
			notify(p);
			return;
		}
	}
	load_top(p);
	notify(p);
}

void pane_list_row_marks(struct pane *p, int64_t id, enum store_mark m, bool on)
{
	struct list *l = L(p);
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (l->rows[i].id != id)
			continue;
		if (m == STORE_MARK_READ)
			l->rows[i].read = on;
		else if (m == STORE_MARK_STAR)
			l->rows[i].starred = on;
		else
			l->rows[i].tagged = on;
		p->dirty = true;
	}
	/* A filtered view may no longer hold as many papers. */
	if (p->ui->view.filter)
		recount(l);
}

void pane_list_all_marks(struct pane *p, enum store_mark m, bool on)
{
	struct list *l = L(p);
	size_t i;

	for (i = 0; i < l->n; i++)
		pane_list_row_marks(p, l->rows[i].id, m, on);
	recount(l);
}

void pane_list_recount(struct pane *p)
{
	recount(L(p));
	p->dirty = true;
}

void pane_list_position(struct pane *p, struct buf *out)
{
	struct list *l = L(p);

	if (!l->n) {
		buf_adds(out, "0/0");
		return;
	}
	if (l->pos >= 0 && l->forced == 0)
		buf_printf(out, "%lld", (long long)(l->pos + (int64_t)l->cur + 1));
	else
		buf_addc(out, '?');
	buf_addc(out, '/');
	if (l->count >= 0)
		buf_printf(out, "%lld", (long long)l->count);
	else
		buf_addc(out, '?');
}

/* ------------------------------------------------------------ ops */

static void list_draw(struct pane *p)
{
	struct ui *ui = p->ui;
	struct list *l = L(p);
	struct buf info = BUF_INIT, title = BUF_INIT;
	size_t i, vis = visible(p);
	bool focused = ui->focus == p->id;
	int w = p->r.w, tx = w >= 40 ? 18 : 6;
	/* TRANSLATORS: the list's filter, shown in its header: "Papers [unread]". */
	static const char *const filters[] = {"", N_("unread"), N_("starred"), "", N_("tagged")};

	/* A resize may have left the cursor below the window. */
	if (l->cur >= vis)
		trim(l, l->n - (l->cur - vis + 1), true);
	trim(l, vis, false);
	/* TRANSLATORS: header of the pane that lists the papers. */
	buf_adds(&title, _("Papers"));
	if (ui->limit && ui->query) {
		buf_adds(&title, " /");
		buf_adds(&title, ui->query);
	}
	if (ui->view.filter) {
		buf_adds(&title, " [");
		buf_adds(&title, _(filters[ui->view.filter & 7]));
		buf_adds(&title, "]");
	}
	pane_list_position(p, &info);
	draw_header(ui, p, title.s, info.s);
	for (i = 0; i < vis && i < l->n; i++) {
		const struct store_row *r = &l->rows[i];
		int y = (int)i + 1;
		bool sel = i == l->cur;
		attr_t base = (sel && focused && ui->set.highlight_bar) ? draw_attr(ui, ELEM_SELECTION) : 0;
		attr_t mark = (sel && focused) ? draw_attr(ui, ELEM_SELECTION) : base;
		attr_t ta;
		char *rendered;

		buf_reset(&title);
		paper_title(&title, r->title, r->stub, r->date);
		draw_fill(p->win, y, 0, w, base);
		/* The cursor: an arrow and a short reverse block (cheap to move
		 * over slow links), or a full bar with "set highlight bar". */
		draw_fill(p->win, y, 0, tx >= 6 ? 5 : 1, mark);
		if (sel)
			draw_text(ui, p->win, y, 0, 1, draw_glyph(ui, GLYPH_ARROW), mark, false, NULL);
		if (!r->read)
			draw_text(ui, p->win, y, 2, 1, draw_glyph(ui, GLYPH_UNREAD),
			          (sel && focused ? mark : mark | draw_attr(ui, ELEM_UNREAD)), false, NULL);
		if (r->starred)
			draw_text(ui, p->win, y, 3, 1, draw_glyph(ui, GLYPH_STAR),
			          (sel && focused ? mark : mark | draw_attr(ui, ELEM_STAR)), false, NULL);
		if (r->tagged)
			draw_text(ui, p->win, y, 4, 1, draw_glyph(ui, GLYPH_TAG),
			          (sel && focused ? mark : mark | draw_attr(ui, ELEM_TAG)), false, NULL);
		if (w >= 40)
			draw_text(ui, p->win, y, 6, 10, r->date, base | draw_attr(ui, ELEM_DATE), false,
			          NULL);
		ta = base | (r->title_derived || r->stub ? draw_attr(ui, ELEM_DERIVED)
		             : !r->read                   ? draw_attr(ui, ELEM_UNREAD)
		                                          : 0);
		if (ui->hits && !ui->limit && ui_is_hit(ui, r->id))
			ta |= draw_attr(ui, ELEM_MATCH);
		rendered = r->stub ? xstrdup(title.s) : draw_render(ui, title.s);
		draw_text(ui, p->win, y, tx, w - tx, rendered, ta, true, NULL);
		free(rendered);
	}
	if (!l->n)
		draw_text(ui, p->win, 1, 2, w - 2,
		          ui->view.filter || ui->limit
		                  ? _("No papers match the filter (f or Esc to change it).")
		                          : _("The library is empty: sheaf import FILE adds papers."),
		          draw_attr(ui, ELEM_DERIVED), true, NULL);
	buf_free(&info);
	buf_free(&title);
}

static bool list_key(struct pane *p, enum action a)
{
	struct list *l = L(p);
	int64_t before = pane_list_current(p);

	switch (a) {
	case ACT_DOWN: move_down(p, 1); break;
	case ACT_UP: move_up(p, 1); break;
	case ACT_PAGE_DOWN: page_down(p); break;
	case ACT_PAGE_UP: page_up(p); break;
	case ACT_TOP: load_top(p); l->cur = 0; break;
	case ACT_BOTTOM: load_bottom(p); break;
	default: return false;
	}
	p->dirty = true;
	if (pane_list_current(p) != before)
		notify(p);
	return true;
}

static void list_set_paper(struct pane *p, int64_t id)
{
	if (id && pane_list_current(p) != id)
		pane_list_jump(p, id);
}

static void list_reload(struct pane *p)
{
	struct list *l = L(p);
	int64_t keep = pane_list_current(p);

	recount(l);
	if (keep) {
		clear_rows(l);
		pane_list_jump(p, keep);
	} else {
		load_top(p);
	}
	p->dirty = true;
}

static bool list_idle(struct pane *p)
{
	struct list *l = L(p);
	bool hits = p->ui->limit && p->ui->hits;

	if (!l->n && l->count < 0) {
		l->count = 0;
		p->dirty = p->ui->status_dirty = true;
		return false;
	}
	if (hits && l->count < 0) {
		int64_t n;
		bool more;
		l->count = store_hits_count(p->ui->st, p->ui->hits, &n, &more) == STATUS_OK ? n : 0;
		p->dirty = true;
		return true;
	}
	/* A search's hits have no position to count cheaply; only the view's. */
	if (!hits && (l->count < 0 || (l->pos < 0 && l->n))) {
		if (!l->fences)
			l->fences = store_fences_new(&p->ui->view);
		if (!store_fences_done(l->fences)) {
			/* Fences for about 2 ms, then the keyboard again: one fence
			 * walks 2048 rows, 0.01 ms of an index, but 2 ms of the
			 * table under the unread filter (no index has "read"). */
			long long t0 = ui_now_ms();
			do {
				if (store_fences_step(p->ui->st, l->fences, 1) != STATUS_OK) {
					/* Shown as "?" and tried again at the next idle
					 * pass (a key, or a second later), not busily. */
					recount(l);
					return false;
				}
			} while (!store_fences_done(l->fences) && ui_now_ms() - t0 < 2);
			return true;
		}
		if (l->count < 0) {
			l->count = store_fences_count(l->fences);
			p->dirty = true;
		}
		if (l->pos < 0 && l->n) {
			int64_t pos;
			l->pos = store_fences_position(p->ui->st, l->fences, &l->rows[0], &pos) == STATUS_OK
			             ? pos
			             : 0;
			p->dirty = true;
		}
		return false;
	}
	/* The window may be short (a resize made the pane taller). */
	if (l->n < visible(p)) {
		size_t before = l->n;
		append(p, visible(p) - l->n);
		if (l->n != before)
			p->dirty = true;
	}
	return false;
}

static void list_destroy(struct pane *p)
{
	struct list *l = L(p);

	store_rows_clear(l->rows, l->n);
	free(l->rows);
	store_fences_free(l->fences);
	free(l);
}

static void list_init(struct pane *p)
{
	struct list *l = xcalloc(1, sizeof(*l));

	l->pos = -1;
	l->count = -1;
	p->state = l;
	load_top(p);
}

const struct pane_ops pane_list_ops = {
	list_init, list_draw, list_key, list_set_paper, list_reload, list_idle, list_destroy,
};
