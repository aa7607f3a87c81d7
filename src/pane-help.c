/*
 * pane-help: every key, made from the action table and the current
 * bindings (so a rebound key shows as it is), grouped as in the table.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "keymap.h"
#include "ui.h"

struct hline {
	char *text;
	enum elem elem;
};

struct help {
	struct hline *lines;
	size_t n, cap, top;
	int built_w;
};

static struct help *H(struct pane *p)
{
	return p->state;
}

static void add(struct help *h, const char *s, enum elem e)
{
	h->lines = xgrow(h->lines, &h->cap, h->n + 1, sizeof(*h->lines));
	h->lines[h->n].text = xstrdup(s);
	h->lines[h->n].elem = e;
	h->n++;
}

static void help_clear(struct help *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->lines[i].text);
	h->n = 0;
}

static void build(struct pane *p)
{
	struct help *h = H(p);
	int group = -1;
	size_t i;
	char *path = conf_default_path();

	help_clear(h);
	h->built_w = p->r.w;
	for (i = 0; i < action_count; i++) {
		const struct action_info *a = &action_table[i];
		char keys[128];
		struct buf b = BUF_INIT;

		if ((int)a->group != group) {
			if (group >= 0)
				add(h, "", ELEM_NORMAL);
			group = (int)a->group;
			add(h, _(action_group_title(a->group)), ELEM_HEADING);
		}
		if (!keymap_keys_of(a->action, ", ", keys, sizeof(keys)))
			snprintf(keys, sizeof(keys), "%s", _("(not bound)"));
		buf_printf(&b, "  %-18s %s", keys, _(a->help));
		add(h, b.s, ELEM_NORMAL);
		buf_free(&b);
	}
	add(h, "", ELEM_NORMAL);
	{
		struct buf b = BUF_INIT;
		buf_printf(&b, _("Keys can be rebound in %s (see sheaf-config(5))."), path);
		add(h, b.s, ELEM_DERIVED);
		buf_free(&b);
	}
	add(h, _("Press q, Esc or ? to close this help."), ELEM_DERIVED);
	free(path);
}

static void help_draw(struct pane *p)
{
	struct ui *ui = p->ui;
	struct help *h = H(p);
	size_t rows = p->r.h > 1 ? (size_t)p->r.h - 1 : 0, i;

	if (h->built_w != p->r.w)
		build(p);
	if (h->top + rows > h->n)
		h->top = h->n > rows ? h->n - rows : 0;
	draw_header(ui, p, _("Help: sheaf keys"), NULL);
	for (i = 0; i < rows && h->top + i < h->n; i++)
		draw_text(ui, p->win, (int)i + 1, 1, p->r.w - 2, h->lines[h->top + i].text,
		          draw_attr(ui, h->lines[h->top + i].elem), true, NULL);
}

static bool help_key(struct pane *p, enum action a)
{
	struct help *h = H(p);
	size_t rows = p->r.h > 1 ? (size_t)p->r.h - 1 : 1, max = h->n > rows ? h->n - rows : 0;

	switch (a) {
	case ACT_DOWN: if (h->top < max) h->top++; break;
	case ACT_UP: if (h->top) h->top--; break;
	case ACT_PAGE_DOWN: h->top = h->top + rows < max ? h->top + rows : max; break;
	case ACT_PAGE_UP: h->top = h->top > rows ? h->top - rows : 0; break;
	case ACT_TOP: h->top = 0; break;
	case ACT_BOTTOM: h->top = max; break;
	default: return false;
	}
	p->dirty = true;
	return true;
}

static void help_set_paper(struct pane *p, int64_t id)
{
	(void)p;
	(void)id;
}

static void help_reload(struct pane *p)
{
	H(p)->built_w = -1;
	p->dirty = true;
}

static bool help_idle(struct pane *p)
{
	(void)p;
	return false;
}

static void help_init(struct pane *p)
{
	struct help *h = xcalloc(1, sizeof(*h));
	h->built_w = -1;
	p->state = h;
}

static void help_destroy(struct pane *p)
{
	struct help *h = H(p);

	help_clear(h);
	free(h->lines);
	free(h);
}

const struct pane_ops pane_help_ops = {
	help_init, help_draw, help_key, help_set_paper, help_reload, help_idle, help_destroy,
};
