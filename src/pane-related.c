/*
 * pane-related: the current paper's related papers, strongest first in the
 * order of `sheaf related`, then the papers that link to it. Enter follows
 * the one under the cursor.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paper.h"
#include "related.h"
#include "ui.h"

struct entry {
	const struct store_link *link; /* NULL for a heading */
	const char *heading;
};

struct related {
	int64_t id;
	struct store_link *out, *in;
	size_t nout, nin;
	struct entry *e;
	size_t n, cap;
	size_t cur, top;
	bool idle_done; /* nothing more for the idle step (until a reload) */
};

static struct related *R(struct pane *p)
{
	return p->state;
}

static size_t body_rows(const struct pane *p)
{
	return p->r.h > 1 ? (size_t)(p->r.h - 1) : 0;
}

static void free_links(struct related *r)
{
	store_links_free(r->out, r->nout);
	store_links_free(r->in, r->nin);
	r->out = r->in = NULL;
	r->nout = r->nin = 0;
	r->n = 0;
}

static void add(struct related *r, const struct store_link *l, const char *heading)
{
	r->e = xgrow(r->e, &r->cap, r->n + 1, sizeof(*r->e));
	r->e[r->n].link = l;
	r->e[r->n].heading = heading;
	r->n++;
}

static void first_link(struct related *r)
{
	size_t i;

	r->cur = 0;
	for (i = 0; i < r->n; i++)
		if (r->e[i].link) {
			r->cur = i;
			return;
		}
}

static void load(struct pane *p, int64_t id)
{
	struct related *r = R(p);
	size_t i;

	free_links(r);
	r->id = id;
	/* Its computed neighbours, brought up to date first when it waits in
	 * the queue (a few ms; never waiting for another writer's lock). */
	if (id && !store_readonly(p->ui->st))
		related_fresh(p->ui->st, id, true);
	if (id) {
		if (store_links(p->ui->st, id, false, &r->out, &r->nout) != STATUS_OK)
			r->nout = 0;
		if (store_links(p->ui->st, id, true, &r->in, &r->nin) != STATUS_OK)
			r->nin = 0;
	}
	for (i = 0; i < r->nout; i++)
		add(r, &r->out[i], NULL);
	if (r->nin) {
		/* TRANSLATORS: heading over the papers that link to this one;
		 * their count follows in parentheses. */
		add(r, NULL, N_("Linked from"));
		for (i = 0; i < r->nin; i++)
			add(r, &r->in[i], NULL);
	}
	p->dirty = true;
}

static const char *kind_name(enum store_link_kind k)
{
	/* TRANSLATORS: where a link comes from, in a column of 8 columns:
	 * a similar-papers page, a digest's related papers, or computed by
	 * sheaf. Longer words are cut. */
	switch (k) {
	case STORE_LINK_SIMILAR: return _("similar");
	case STORE_LINK_DIGEST: return _("digest");
	case STORE_LINK_COMPUTED: return _("computed");
	}
	return "";
}

static void related_draw(struct pane *p)
{
	struct ui *ui = p->ui;
	struct related *r = R(p);
	size_t rows = body_rows(p), i;
	bool focused = ui->focus == p->id;
	int w = p->r.w, tx = w >= 60 ? 33 : 6;
	char info[48];
	struct buf t = BUF_INIT;

	/* Keep the cursor on screen. */
	if (r->cur < r->top)
		r->top = r->cur;
	if (rows && r->cur >= r->top + rows)
		r->top = r->cur - rows + 1;
	snprintf(info, sizeof(info), "%zu", r->nout);
	draw_header(ui, p, _("Related papers"), info);
	for (i = 0; i < rows && r->top + i < r->n; i++) {
		const struct entry *e = &r->e[r->top + i];
		const struct store_link *l = e->link;
		int y = (int)i + 1;
		bool sel = r->top + i == r->cur;
		attr_t base = (sel && focused && ui->set.highlight_bar) ? draw_attr(ui, ELEM_SELECTION) : 0;
		attr_t mark = (sel && focused) ? draw_attr(ui, ELEM_SELECTION) : base;
		char *rendered;

		if (!l) {
			char head[64];
			snprintf(head, sizeof(head), "%s (%zu)", _(e->heading), r->nin);
			draw_text(ui, p->win, y, 1, w - 1, head, draw_attr(ui, ELEM_HEADING), true, NULL);
			continue;
		}
		draw_fill(p->win, y, 0, w, base);
		draw_fill(p->win, y, 0, 5, mark);
		if (sel)
			draw_text(ui, p->win, y, 0, 1, draw_glyph(ui, GLYPH_ARROW), mark, false, NULL);
		if (!l->read)
			draw_text(ui, p->win, y, 2, 1, draw_glyph(ui, GLYPH_UNREAD),
			          (sel && focused ? mark : mark | draw_attr(ui, ELEM_UNREAD)), false, NULL);
		if (l->starred)
			draw_text(ui, p->win, y, 3, 1, draw_glyph(ui, GLYPH_STAR),
			          (sel && focused ? mark : mark | draw_attr(ui, ELEM_STAR)), false, NULL);
		if (w >= 60) {
			char score[16] = "";
			draw_text(ui, p->win, y, 6, 8, kind_name(l->kind), base | draw_attr(ui, ELEM_KIND),
			          false, NULL);
			if (l->has_score)
				snprintf(score, sizeof(score), "%6.4g", l->score);
			draw_text(ui, p->win, y, 15, 6, score, base | draw_attr(ui, ELEM_SCORE), false, NULL);
			draw_text(ui, p->win, y, 22, 10, l->date, base | draw_attr(ui, ELEM_DATE), false,
			          NULL);
		}
		buf_reset(&t);
		paper_title(&t, l->title, l->stub, l->date);
		rendered = l->stub ? xstrdup(t.s) : draw_render(ui, t.s);
		draw_text(ui, p->win, y, tx, w - tx, rendered,
		          base | (l->title_derived || l->stub ? draw_attr(ui, ELEM_DERIVED) : 0), true,
		          NULL);
		free(rendered);
	}
	if (!r->n && rows)
		draw_text(ui, p->win, 1, 1, w - 1, _("No related papers."), draw_attr(ui, ELEM_DERIVED),
		          true, NULL);
	buf_free(&t);
}

static void step(struct related *r, int dir, size_t count)
{
	while (count--) {
		size_t i = r->cur;
		for (;;) {
			if (dir > 0 ? i + 1 >= r->n : i == 0)
				return;
			i = dir > 0 ? i + 1 : i - 1;
			if (r->e[i].link)
				break;
		}
		r->cur = i;
	}
}

static bool related_key(struct pane *p, enum action a)
{
	struct related *r = R(p);
	size_t rows = body_rows(p) ? body_rows(p) : 1;

	switch (a) {
	case ACT_DOWN: step(r, 1, 1); break;
	case ACT_UP: step(r, -1, 1); break;
	case ACT_PAGE_DOWN: step(r, 1, rows); break;
	case ACT_PAGE_UP: step(r, -1, rows); break;
	case ACT_TOP: first_link(r); break;
	case ACT_BOTTOM: step(r, 1, r->n); break;
	case ACT_FOLLOW:
		if (r->n && r->e[r->cur].link) {
			ui_set_current(p->ui, r->e[r->cur].link->id, true);
			return true;
		}
		ui_message(p->ui, false, "%s", _("No related paper to follow."));
		return true;
	default:
		return false;
	}
	p->dirty = true;
	return true;
}

static void related_set_paper(struct pane *p, int64_t id)
{
	struct related *r = R(p);

	if (id == r->id)
		return;
	load(p, id);
	first_link(r);
	r->top = 0;
}

static void related_reload(struct pane *p)
{
	struct related *r = R(p);

	r->idle_done = false;
	size_t cur = r->cur;

	load(p, r->id);
	r->cur = cur < r->n && r->e[cur].link ? cur : 0;
	if (r->n && !r->e[r->cur].link)
		first_link(r);
}

/* While the keyboard is idle, work through the queue of papers whose
 * computed neighbours are stale, a couple at a time (each takes a few
 * ms), when it is short; a long queue (a large import) is `sheaf index`'s
 * job, and the current paper is always computed on demand anyway. */
#define RELATED_IDLE_MAX 5000

static bool related_idle(struct pane *p)
{
	struct related *r = R(p);
	int64_t left = 0;

	if (r->idle_done || store_readonly(p->ui->st))
		return false;
	if (related_pending(p->ui->st, &left) != STATUS_OK || left == 0 || left > RELATED_IDLE_MAX) {
		r->idle_done = true;
		return false;
	}
	if (related_step(p->ui->st, 2, &left) != STATUS_OK)
		return false; /* busy: try again on a later tick */
	if (left == 0)
		r->idle_done = true;
	return left > 0;
}

static void related_init(struct pane *p)
{
	p->state = xcalloc(1, sizeof(struct related));
}

static void related_destroy(struct pane *p)
{
	struct related *r = R(p);

	free_links(r);
	free(r->e);
	free(r);
}

const struct pane_ops pane_related_ops = {
	related_init, related_draw, related_key, related_set_paper,
	related_reload, related_idle, related_destroy,
};
