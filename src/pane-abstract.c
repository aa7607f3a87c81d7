/*
 * pane-abstract: the current paper — title, authors, every version date,
 * identifiers, then the abstract wrapped to the pane's width, LaTeX
 * rendered for reading. The stored text is never changed.
 */
#include "config.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "paper.h"
#include "ui.h"

struct line {
	char *text;       /* prepared (safe) text of the line */
	enum elem elem;
	uint32_t style;   /* italic/bold span open at the line's start */
};

struct abstract {
	int64_t id;
	struct store_paper paper;
	bool have;
	char *versions;
	struct line *lines;
	size_t n, cap;
	int built_w;
	size_t top;
};

static struct abstract *A(struct pane *p)
{
	return p->state;
}

static void lines_clear(struct abstract *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->lines[i].text);
	a->n = 0;
}

static void add_line(struct abstract *a, const char *s, size_t len, enum elem e, uint32_t style)
{
	a->lines = xgrow(a->lines, &a->cap, a->n + 1, sizeof(*a->lines));
	a->lines[a->n].text = xstrndup(s, len);
	a->lines[a->n].elem = e;
	a->lines[a->n].style = style;
	a->n++;
}

/* Wraps prepared text into lines of width columns, each line knowing
 * which italic/bold span was open where it starts. */
static void add_wrapped(struct abstract *a, const char *s, int width, enum elem e,
                        const char *indent)
{
	struct text_line *tl;
	size_t n, i, ind = strlen(indent);
	uint32_t style = 0;
	int w = width - (int)text_width(indent);

	n = text_wrap(s, w > 8 ? w : 8, &tl);
	for (i = 0; i < n; i++) {
		struct buf b = BUF_INIT;
		size_t j;
		if (i > 0)
			buf_add(&b, indent, ind);
		buf_add(&b, s + tl[i].start, tl[i].end - tl[i].start);
		add_line(a, b.s ? b.s : "", b.len, e, style);
		/* The span open at the end of this line opens the next. */
		for (j = tl[i].start; j < tl[i].end;) {
			uint32_t cp;
			j += text_utf8_next(s + j, tl[i].end - j, &cp);
			if (cp >= TEXT_MARK_ITALIC && cp <= TEXT_MARK_END)
				style = cp == TEXT_MARK_END ? 0 : cp;
		}
		buf_free(&b);
	}
	free(tl);
}

/* A date as the user's language writes it (YYYY-MM-DD stays as it is
 * when the date is partial). */
static void local_date(struct ui *ui, struct buf *out, const char *iso)
{
	struct tm tm;
	char tmp[64];

	memset(&tm, 0, sizeof(tm));
	if (strlen(iso) == 10 && sscanf(iso, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) == 3) {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		/* TRANSLATORS: strftime(3) format of the dates of a paper's
		 * versions in the reader, for example "%d.%m.%Y" in German;
		 * keep a four-digit year, and use only ASCII beside the %
		 * conversions. */
		/* xgettext:no-c-format */
		if (strftime(tmp, sizeof(tmp), _("%e %b %Y"), &tm) > 0) {
			const char *d = tmp[0] == ' ' ? tmp + 1 : tmp;
			char *u = NULL;
			size_t ulen;
			bool guessed;
			/* Month names come in the locale's charset; the panes
			 * hold UTF-8. */
			if (ui->utf8 ||
			    text_to_utf8(d, strlen(d), nl_langinfo(CODESET), &u, &ulen, &guessed))
				buf_adds(out, d);
			else
				buf_adds(out, u);
			free(u);
			return;
		}
	}
	buf_adds(out, iso);
}

static void field(struct pane *p, const char *label, const char *value, int width)
{
	struct abstract *a = A(p);
	struct buf b = BUF_INIT;
	char *prep;

	if (!value || !*value)
		return;
	buf_printf(&b, "%s: %s", label, value);
	prep = draw_prepare(p->ui, b.s);
	add_wrapped(a, prep, width, ELEM_NORMAL, "  ");
	free(prep);
	buf_free(&b);
}

static void build(struct pane *p)
{
	struct ui *ui = p->ui;
	struct abstract *a = A(p);
	struct store_paper *pp = &a->paper;
	int width = p->r.w - 2;
	struct buf b = BUF_INIT;
	char *r, *prep;

	lines_clear(a);
	a->built_w = p->r.w;
	if (!a->have)
		return;
	if (width < 4)
		width = 4;
	/* Title */
	paper_title(&b, pp->title, pp->stub, pp->date);
	r = pp->stub ? xstrdup(b.s) : draw_render(ui, b.s);
	prep = draw_prepare(ui, r);
	add_wrapped(a, prep, width, pp->title_derived || pp->stub ? ELEM_DERIVED : ELEM_HEADING, "");
	free(r);
	free(prep);
	if (pp->title_derived) {
		prep = draw_prepare(ui, _("(no title known: the first sentence of the abstract)"));
		add_wrapped(a, prep, width, ELEM_DERIVED, "");
		free(prep);
	}
	/* Authors */
	buf_reset(&b);
	paper_authors(&b, pp->authors, ", ");
	if (b.len) {
		r = draw_render(ui, b.s);
		prep = draw_prepare(ui, r);
		add_wrapped(a, prep, width, ELEM_NORMAL, "");
		free(r);
		free(prep);
	}
	if (a->versions && *a->versions) {
		prep = draw_prepare(ui, a->versions);
		add_wrapped(a, prep, width, ELEM_DATE, "");
		free(prep);
	}
	if (pp->stub) {
		buf_reset(&b);
		buf_printf(&b, _("Known only as the subject of a similar-papers page dated %s. It "
		                 "becomes the real paper when a paper with that date is imported."),
		           pp->date);
		prep = draw_prepare(ui, b.s);
		add_wrapped(a, prep, width, ELEM_DERIVED, "");
		free(prep);
	}
	/* TRANSLATORS: labels of a paper's identifiers and facts in the
	 * abstract pane ("arXiv: 2205.14258"). */
	field(p, _("arXiv"), pp->arxiv, width);
	field(p, _("URL"), pp->url, width);
	field(p, _("DOI"), pp->doi, width);
	field(p, _("Journal"), pp->journal, width);
	field(p, _("Categories"), pp->categories, width);
	field(p, _("License"), pp->license, width);
	add_line(a, "", 0, ELEM_NORMAL, 0);
	if (*pp->abstract) {
		buf_reset(&b);
		r = draw_render(ui, pp->abstract);
		buf_adds(&b, r);
		free(r);
		if (pp->abstract_truncated) {
			buf_addc(&b, ' ');
			buf_adds(&b, draw_glyph(ui, GLYPH_ELLIPSIS));
		}
		prep = draw_prepare(ui, b.s);
		add_wrapped(a, prep, width, ELEM_NORMAL, "");
		free(prep);
	}
	if (*pp->summary) {
		if (*pp->abstract)
			add_line(a, "", 0, ELEM_NORMAL, 0);
		prep = draw_prepare(ui, _("Summary:"));
		add_wrapped(a, prep, width, ELEM_HEADING, "");
		free(prep);
		r = draw_render(ui, pp->summary);
		prep = draw_prepare(ui, r);
		add_wrapped(a, prep, width, ELEM_NORMAL, "");
		free(r);
		free(prep);
	}
	buf_free(&b);
}

static size_t body_rows(const struct pane *p)
{
	return p->r.h > 1 ? (size_t)(p->r.h - 1) : 0;
}

static void abstract_draw(struct pane *p)
{
	struct ui *ui = p->ui;
	struct abstract *a = A(p);
	size_t rows = body_rows(p), i;
	char info[32] = "";

	if (a->built_w != p->r.w)
		build(p);
	if (a->top + rows > a->n)
		a->top = a->n > rows ? a->n - rows : 0;
	if (a->n > rows)
		snprintf(info, sizeof(info), "%zu%%",
		         (a->top + rows) * 100 / (a->n ? a->n : 1) > 100
		                 ? (size_t)100
		                 : (a->top + rows) * 100 / (a->n ? a->n : 1));
	draw_header(ui, p, _("Abstract"), info);
	for (i = 0; i < rows; i++) {
		size_t k = a->top + i;
		uint32_t style;
		if (k >= a->n)
			break;
		style = a->lines[k].style;
		draw_text(ui, p->win, (int)i + 1, 1, p->r.w - 2, a->lines[k].text,
		          draw_attr(ui, a->lines[k].elem), true, &style);
	}
	if (!a->have)
		draw_text(ui, p->win, 1, 1, p->r.w - 2, _("No paper."), draw_attr(ui, ELEM_DERIVED),
		          true, NULL);
}

static bool abstract_key(struct pane *p, enum action act)
{
	struct abstract *a = A(p);
	size_t rows = body_rows(p), max = a->n > rows ? a->n - rows : 0;

	switch (act) {
	case ACT_DOWN: if (a->top < max) a->top++; break;
	case ACT_UP: if (a->top) a->top--; break;
	case ACT_PAGE_DOWN: a->top = a->top + rows < max ? a->top + rows : max; break;
	case ACT_PAGE_UP: a->top = a->top > rows ? a->top - rows : 0; break;
	case ACT_TOP: a->top = 0; break;
	case ACT_BOTTOM: a->top = max; break;
	default: return false;
	}
	p->dirty = true;
	return true;
}

static void load(struct pane *p, int64_t id)
{
	struct abstract *a = A(p);
	struct store_version *v;
	size_t nv, i;

	if (a->have)
		store_paper_clear(&a->paper);
	free(a->versions);
	a->versions = NULL;
	a->have = false;
	a->id = id;
	if (id && store_paper_get(p->ui->st, id, &a->paper) == STATUS_OK) {
		struct buf b = BUF_INIT;
		a->have = true;
		if (store_versions(p->ui->st, id, &v, &nv) == STATUS_OK) {
			for (i = 0; i < nv; i++) {
				if (i)
					buf_adds(&b, ", ");
				if (v[i].version)
					buf_printf(&b, "v%d ", v[i].version);
				local_date(p->ui, &b, v[i].date);
			}
			free(v);
		}
		a->versions = buf_steal(&b);
	}
	a->built_w = -1;
	p->dirty = true;
}

static void abstract_set_paper(struct pane *p, int64_t id)
{
	struct abstract *a = A(p);

	if (id == a->id && a->have)
		return;
	a->top = 0;
	load(p, id);
}

static void abstract_reload(struct pane *p)
{
	load(p, A(p)->id);
}

static bool abstract_idle(struct pane *p)
{
	(void)p;
	return false;
}

static void abstract_init(struct pane *p)
{
	p->state = xcalloc(1, sizeof(struct abstract));
}

static void abstract_destroy(struct pane *p)
{
	struct abstract *a = A(p);

	lines_clear(a);
	free(a->lines);
	free(a->versions);
	if (a->have)
		store_paper_clear(&a->paper);
	free(a);
}

const struct pane_ops pane_abstract_ops = {
	abstract_init, abstract_draw, abstract_key, abstract_set_paper,
	abstract_reload, abstract_idle, abstract_destroy,
};
