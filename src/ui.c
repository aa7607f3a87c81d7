/*
 * ui: the reader's terminal set-up, layout, main loop and global actions.
 *
 * Drawing is incremental: a pane is drawn again only when its content
 * changed (p->dirty), into its own window, and curses sends only the cells
 * that differ — no clear() per key. Marks are written to the library the
 * moment they are made, so a dropped connection loses nothing; SIGHUP,
 * SIGTERM and SIGINT end the loop cleanly.
 */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bibtex.h"
#include "conf.h"
#include "keymap.h"
#include "paper.h"
#include "reader.h"
#include "related.h"
#include "search.h"
#include "ui.h"

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

bool ui_interrupted(void)
{
	return got_signal != 0;
}

long long ui_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void restore_terminal(void)
{
	if (!isendwin())
		endwin();
}

/* ------------------------------------------------------------ messages */

void ui_message(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;

	buf_reset(&ui->msg);
	va_start(ap, fmt);
	buf_vprintf(&ui->msg, fmt, ap);
	va_end(ap);
	ui->msg_error = error;
	ui->msg_dirty = true;
}

static void draw_message(struct ui *ui)
{
	WINDOW *w = ui->msg_win;

	werase(w);
	if (ui->msg.len)
		draw_text(ui, w, 0, 0, ui->cols, ui->msg.s,
		          draw_attr(ui, ui->msg_error ? ELEM_ERROR : ELEM_MESSAGE), true, NULL);
	wnoutrefresh(w);
	ui->msg_dirty = false;
}

/* The status line: the trail of followed papers on the left, the sort and
 * a hint on the right. */
static void draw_status(struct ui *ui)
{
	WINDOW *w = ui->status_win;
	attr_t a = draw_attr(ui, ELEM_STATUS);
	struct buf left = BUF_INIT, right = BUF_INIT;
	/* TRANSLATORS: the list's order, on the right of the status line. */
	static const char *const sorts[] = {N_("by date"), N_("by title"), N_("recently opened")};
	int rw;

	if (!w)
		return;
	draw_fill(w, 0, 0, ui->cols, a);
	if (ui->npending)
		buf_printf(&right, P_("[%zu mark waiting]  ", "[%zu marks waiting]  ", ui->npending),
		           ui->npending);
	if (ui->query) {
		struct buf q = BUF_INIT;
		text_fit(&q, ui->query, 20, !ui->utf8);
		buf_printf(&right, ui->limit ? _("[limit /%s: %lld%s]  ") : _("[/%s: %lld%s]  "), q.s,
		           (long long)ui->nhits, ui->hits_more ? "+" : "");
		buf_free(&q);
	}
	if (ui->view.filter) {
		static const char *const names[] = {"", N_("unread"), N_("starred"), "", N_("tagged")};
		buf_printf(&right, "[%s]  ", _(names[ui->view.filter & 7]));
	}
	if (pane_list_forced(&ui->panes[PANE_LIST]))
		buf_printf(&right, "%s  ", _("[hidden by the filter]"));
	/* TRANSLATORS: on the status line: the key ? opens the help. Keep it
	 * short. */
	buf_printf(&right, "%s  %s", _(sorts[ui->view.sort]), _("? help"));
	rw = draw_width(ui, right.s);
	if (ui->hist.n > 1) {
		/* The trail, built backwards from the current paper for as long
		 * as it fits; steps ahead (after going back) are counted. */
		int budget = ui->cols - rw - 4;
		size_t i = ui->hist.pos + 1;
		struct buf part = BUF_INIT;
		if (ui->hist.pos + 1 < ui->hist.n)
			buf_printf(&left, " (+%zu)", ui->hist.n - ui->hist.pos - 1);
		while (i-- > 0) {
			struct store_row r;
			struct buf t = BUF_INIT, cut = BUF_INIT;
			char *rendered;
			int pw;
			if (store_row_get(ui->st, ui->hist.ids[i], &r) != STATUS_OK)
				continue;
			paper_title(&t, r.title, r.stub, r.date);
			rendered = draw_render(ui, t.s);
			text_fit(&cut, rendered, i == ui->hist.pos ? 30 : 16, !ui->utf8);
			buf_reset(&part);
			if (i == ui->hist.pos)
				buf_printf(&part, "[%s]", cut.s);
			else
				buf_printf(&part, "%s%s", cut.s, draw_glyph(ui, GLYPH_TRAIL));
			pw = draw_width(ui, part.s);
			free(rendered);
			buf_free(&t);
			buf_free(&cut);
			store_row_clear(&r);
			if (i != ui->hist.pos && draw_width(ui, left.s) + pw > budget) {
				buf_reset(&part);
				buf_printf(&part, "%s%s", draw_glyph(ui, GLYPH_ELLIPSIS),
				           draw_glyph(ui, GLYPH_TRAIL));
				buf_add(&part, left.s ? left.s : "", left.len);
				buf_reset(&left);
				buf_add(&left, part.s, part.len);
				break;
			}
			buf_add(&part, left.s ? left.s : "", left.len);
			buf_reset(&left);
			buf_add(&left, part.s, part.len);
		}
		buf_free(&part);
	} else {
		buf_printf(&left, "sheaf %s", ui->db_path);
	}
	if (rw + 10 < ui->cols) {
		draw_text(ui, w, 0, ui->cols - rw - 1, rw, right.s, a, false, NULL);
		draw_text(ui, w, 0, 1, ui->cols - rw - 3, left.s, a, true, NULL);
	} else {
		draw_text(ui, w, 0, 0, ui->cols, left.s, a, true, NULL);
	}
	wnoutrefresh(w);
	ui->status_dirty = false;
	buf_free(&left);
	buf_free(&right);
}

/* ------------------------------------------------------------ layout */

void ui_relayout(struct ui *ui)
{
	int i;

	getmaxyx(stdscr, ui->rows, ui->cols);
	layout_compute(ui->rows, ui->cols, ui->set.layout, ui->zoom, ui->focus, &ui->lay);
	for (i = 0; i < PANE_COUNT; i++) {
		struct pane *p = &ui->panes[i];
		if (p->win)
			delwin(p->win);
		p->win = NULL;
		p->r = ui->lay.pane[i];
		if (p->r.h > 0 && p->r.w > 0) {
			p->win = newwin(p->r.h, p->r.w, p->r.y, p->r.x);
			if (p->win) {
				idlok(p->win, p->r.w == ui->cols);
				/* The cursor is hidden: never spend bytes moving it. */
				leaveok(p->win, TRUE);
			}
		}
		p->dirty = true;
	}
	if (ui->help.win)
		delwin(ui->help.win);
	ui->help.r = (struct layout_rect){0, 0, ui->lay.status_y >= 0 ? ui->lay.status_y : ui->rows - 1,
	                                  ui->cols};
	ui->help.win = ui->help.r.h > 0 ? newwin(ui->help.r.h, ui->cols, 0, 0) : NULL;
	ui->help.dirty = true;
	if (ui->status_win)
		delwin(ui->status_win);
	ui->status_win = ui->lay.status_y >= 0 ? newwin(1, ui->cols, ui->lay.status_y, 0) : NULL;
	if (ui->msg_win)
		delwin(ui->msg_win);
	ui->msg_win = newwin(1, ui->cols, ui->lay.message_y, 0);
	if (ui->status_win)
		leaveok(ui->status_win, TRUE);
	if (ui->help.win)
		leaveok(ui->help.win, TRUE);
	leaveok(ui->msg_win, TRUE);
	leaveok(stdscr, TRUE);
	ui->status_dirty = ui->msg_dirty = true;
	/* The separator between the columns belongs to stdscr. */
	werase(stdscr);
	if (ui->lay.vsep_x >= 0) {
		/* Unicode box drawing on UTF-8 terminals; a plain '|' on ASCII
		 * ones (LANG=C promises nothing but ASCII on the screen); else
		 * the terminal's line-drawing set, which curses turns into '|'
		 * when it has none. */
		int y;
		if (ui->utf8)
			for (y = 0; y < ui->lay.vsep_h; y++)
				draw_text(ui, stdscr, y, ui->lay.vsep_x, 1, "\xE2\x94\x82",
				          draw_attr(ui, ELEM_BORDER), false, NULL);
		else {
			wattrset(stdscr, draw_attr(ui, ELEM_BORDER));
			mvwvline(stdscr, 0, ui->lay.vsep_x, ui->ascii ? '|' : ACS_VLINE, ui->lay.vsep_h);
			wattrset(stdscr, A_NORMAL);
		}
	}
	wnoutrefresh(stdscr);
}

void ui_redraw(struct ui *ui)
{
	int i;

	if (ui->help_open) {
		if (ui->help.dirty && ui->help.win) {
			werase(ui->help.win);
			ui->help.ops->draw(&ui->help);
			wnoutrefresh(ui->help.win);
			ui->help.dirty = false;
		}
	} else {
		for (i = 0; i < PANE_COUNT; i++) {
			struct pane *p = &ui->panes[i];
			if (!p->dirty || !p->win)
				continue;
			werase(p->win);
			p->ops->draw(p);
			wnoutrefresh(p->win);
			p->dirty = false;
		}
	}
	if (ui->status_dirty)
		draw_status(ui);
	if (ui->msg_dirty)
		draw_message(ui);
	doupdate();
}

static void all_dirty(struct ui *ui)
{
	int i;

	for (i = 0; i < PANE_COUNT; i++)
		ui->panes[i].dirty = true;
	ui->help.dirty = ui->status_dirty = ui->msg_dirty = true;
}

/* ------------------------------------------------------------ current paper */

void ui_set_current(struct ui *ui, int64_t id, bool follow)
{
	struct pane *list = &ui->panes[PANE_LIST];
	int i;

	if (follow) {
		/* The paper we leave starts the trail if nothing does yet. */
		if (ui->current && history_current(&ui->hist) != ui->current)
			history_visit(&ui->hist, ui->current);
		history_visit(&ui->hist, id);
	}
	if (id && pane_list_current(list) != id && !pane_list_jump(list, id))
		ui_message(ui, false, "%s",
		           _("This paper is shown although the list's filter hides it."));
	if (id == ui->current) {
		ui->status_dirty = true;
		return;
	}
	ui->current = id;
	ui->current_since = ui_now_ms();
	ui->read_pending = id != 0 && ui->set.mark_read_delay >= 0;
	for (i = 0; i < PANE_COUNT; i++)
		if (i != PANE_LIST)
			ui->panes[i].ops->set_paper(&ui->panes[i], id);
	/* Another session may have marked it: show its marks as they are. */
	if (id) {
		struct store_row r;
		if (store_row_get(ui->st, id, &r) == STATUS_OK) {
			pane_list_row_marks(list, id, STORE_MARK_READ, r.read);
			pane_list_row_marks(list, id, STORE_MARK_STAR, r.starred);
			pane_list_row_marks(list, id, STORE_MARK_TAG, r.tagged);
			if (r.read)
				ui->read_pending = false;
			store_row_clear(&r);
		}
		/* When it was opened only feeds the "recent" sort: written when
		 * the keyboard is idle, so that neither the first screen nor a
		 * cursor move waits for a write. */
		ui->opened_pending = id;
	}
	ui->status_dirty = true;
}

/* Shows a mark on screen (the library has it, or will). */
static void show_mark(struct ui *ui, int64_t id, enum store_mark m, bool on)
{
	pane_list_row_marks(&ui->panes[PANE_LIST], id, m, on);
	ui->panes[PANE_RELATED].ops->reload(&ui->panes[PANE_RELATED]);
	if (m == STORE_MARK_READ && id == ui->current)
		ui->read_pending = false;
}

/* Saves the marks that waited for a lock; true when none is left. */
static bool flush_pending(struct ui *ui)
{
	size_t i, done = 0;

	for (i = 0; i < ui->npending; i++) {
		struct pending_mark *pm = &ui->pending[i];
		enum status st = store_mark_set(ui->st, pm->id, pm->m, pm->on);
		if (st == STATUS_BUSY)
			break;
		if (st && st != STATUS_NOTFOUND)
			ui_message(ui, true, "%s", status_msg());
		done++;
	}
	if (done) {
		memmove(ui->pending, ui->pending + done, (ui->npending - done) * sizeof(*ui->pending));
		ui->npending -= done;
		ui->status_dirty = true;
		if (!ui->npending)
			ui_message(ui, false, "%s", _("Saved the marks made while the library was busy."));
	}
	return ui->npending == 0;
}

void ui_mark(struct ui *ui, int64_t id, enum store_mark m, bool on)
{
	enum status st;

	if (!id)
		return;
	/* Marks are saved in the order they were made. */
	st = ui->npending && !flush_pending(ui) ? STATUS_BUSY : store_mark_set(ui->st, id, m, on);
	if (st == STATUS_BUSY) {
		/* Another program (an import) holds the write lock: keep the mark
		 * and save it when the lock is free, rather than freeze or fail. */
		ui->pending = xgrow(ui->pending, &ui->cappending, ui->npending + 1, sizeof(*ui->pending));
		ui->pending[ui->npending++] = (struct pending_mark){id, m, on};
		ui->status_dirty = true;
		ui_message(ui, false, "%s",
		           _("The library is busy (an import?): the mark is saved as soon as it is free."));
		show_mark(ui, id, m, on);
		return;
	}
	if (st) {
		ui_message(ui, true, "%s", status_msg());
		return;
	}
	show_mark(ui, id, m, on);
}

/* ------------------------------------------------------------ actions */

static bool current_marks(struct ui *ui, struct store_row *r)
{
	if (!ui->current || store_row_get(ui->st, ui->current, r) != STATUS_OK) {
		ui_message(ui, false, "%s", _("No paper."));
		return false;
	}
	return true;
}

static void toggle(struct ui *ui, enum store_mark m)
{
	struct store_row r;
	bool on;
	static const char *const done_on[] = {N_("Marked read."), N_("Starred."), N_("Tagged.")};
	static const char *const done_off[] = {N_("Marked unread."), N_("Star removed."),
	                                      N_("Tag removed.")};

	if (!current_marks(ui, &r))
		return;
	on = m == STORE_MARK_READ ? !r.read : m == STORE_MARK_STAR ? !r.starred : !r.tagged;
	store_row_clear(&r);
	status_clear();
	ui_mark(ui, ui->current, m, on);
	/* ui_mark() has said something already when the mark failed or waits. */
	if (status_last() == STATUS_OK && !ui->npending)
		ui_message(ui, false, "%s", on ? _(done_on[m]) : _(done_off[m]));
}

static void focus(struct ui *ui, enum pane_id p)
{
	int i;

	if (ui->focus == p)
		return;
	ui->focus = p;
	if (ui->zoom || ui->lay.pane[p].h == 0)
		ui_relayout(ui); /* a one-pane layout shows the focused pane */
	for (i = 0; i < PANE_COUNT; i++)
		ui->panes[i].dirty = true;
}

static const char *const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Puts text on the terminal's clipboard with OSC 52 (through tmux, and
 * through GNU screen's passthrough). Only base64 reaches the terminal,
 * and the text is made safe first: a URL holding escape sequences or a
 * newline would replay them wherever it is pasted. done is the whole
 * translated message: "the %s" cannot be translated word by word
 * (German: "die URL", "der Zitierschlüssel"). */
static void clipboard(struct ui *ui, const char *raw, const char *done)
{
	struct buf b = BUF_INIT, safe = BUF_INIT;
	const char *text;
	size_t n, i;

	text_sanitize(&safe, raw, strlen(raw), 0);
	text = buf_str(&safe);
	n = safe.len;
	const char *term = getenv("TERM");
	bool screen = term && strncmp(term, "screen", 6) == 0 && !getenv("TMUX");

	for (i = 0; i < n; i += 3) {
		unsigned v = (unsigned char)text[i] << 16;
		if (i + 1 < n)
			v |= (unsigned char)text[i + 1] << 8;
		if (i + 2 < n)
			v |= (unsigned char)text[i + 2];
		buf_addc(&b, b64[(v >> 18) & 63]);
		buf_addc(&b, b64[(v >> 12) & 63]);
		buf_addc(&b, i + 1 < n ? b64[(v >> 6) & 63] : '=');
		buf_addc(&b, i + 2 < n ? b64[v & 63] : '=');
	}
	fflush(stdout);
	printf("%s\033]52;c;%s\a%s", screen ? "\033P" : "", buf_str(&b), screen ? "\033\\" : "");
	fflush(stdout);
	buf_free(&b);
	buf_free(&safe);
	ui_message(ui, false, "%s", done);
}

/* Runs $BROWSER on url. The URL is handed to the shell as "$1", never
 * pasted into the command text. */
static void open_url(struct ui *ui, const char *url)
{
	const char *browser = getenv("BROWSER");
	char *cmd, *colon;
	pid_t pid;
	int status = 0;

	if (!browser || !*browser) {
		ui_message(ui, false, "%s", url);
		return;
	}
	cmd = xstrdup(browser);
	colon = strchr(cmd, ':'); /* BROWSER may list several; take the first */
	if (colon)
		*colon = '\0';
	{
		struct buf sh = BUF_INIT;
		char *pct = strstr(cmd, "%s");
		if (pct) {
			buf_add(&sh, cmd, (size_t)(pct - cmd));
			buf_adds(&sh, "\"$1\"");
			buf_adds(&sh, pct + 2);
		} else {
			buf_printf(&sh, "%s \"$1\"", cmd);
		}
		free(cmd);
		cmd = buf_steal(&sh);
	}
	def_prog_mode();
	endwin();
	pid = fork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd, "sh", url, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	all_dirty(ui);
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		ui_message(ui, true, _("$BROWSER failed on %s"), url);
	else
		ui_message(ui, false, _("Opened %s"), url);
	free(cmd);
}

static void with_current(struct ui *ui, enum action a)
{
	struct store_paper p;

	if (!ui->current || store_paper_get(ui->st, ui->current, &p) != STATUS_OK) {
		ui_message(ui, false, "%s", _("No paper."));
		return;
	}
	if (a == ACT_COPY_KEY) {
		/* A key is made once and stored, as an export would. */
		char *key = NULL;
		enum status st = store_begin(ui->st);
		if (!st)
			st = bibtex_key_get(ui->st, &p, &key);
		if (!st)
			st = store_commit(ui->st);
		if (st) {
			store_rollback(ui->st);
			ui_message(ui, true, "%s", status_msg());
		} else {
			clipboard(ui, key, _("Copied the citation key to the clipboard."));
		}
		free(key);
	} else if (!*p.url && !*p.arxiv) {
		ui_message(ui, false, "%s", _("This paper has no URL."));
	} else {
		char *url = *p.url ? xstrdup(p.url) : xasprintf("https://arxiv.org/abs/%s", p.arxiv);
		if (a == ACT_OPEN_URL)
			open_url(ui, url);
		else
			clipboard(ui, url, _("Copied the URL to the clipboard."));
		free(url);
	}
	store_paper_clear(&p);
}

/* E: the tagged papers, or the current one when none is tagged, to a
 * BibTeX file named at a prompt; an existing file is overwritten only
 * after a yes. */
static void export_papers(struct ui *ui)
{
	struct store_view tagged = {STORE_FILTER_TAGGED, STORE_SORT_DATE};
	struct bibtex_opts o = {false, false, false};
	struct bibtex_stats s;
	int64_t n = 0, id = ui->current;
	char *label, *path, *full;
	const char *home = getenv("HOME");
	enum status st;

	if (store_count(ui->st, &tagged, &n) != STATUS_OK)
		n = 0;
	if (!n && !id) {
		ui_message(ui, false, "%s", _("No paper to export."));
		return;
	}
	label = n ? xasprintf(P_("Export %lld tagged paper to: ", "Export %lld tagged papers to: ", n),
	                      (long long)n)
	          : xstrdup(_("Export this paper to: "));
	path = prompt_read(ui, label, "sheaf.bib", NULL, NULL);
	free(label);
	if (!path || !*path) {
		free(path);
		ui_message(ui, false, "%s", _("Export cancelled."));
		return;
	}
	full = path[0] == '~' && path[1] == '/' && home ? xasprintf("%s%s", home, path + 1)
	                                                : xstrdup(path);
	free(path);
	if (access(full, F_OK) == 0) {
		char *q = xasprintf(_("%s exists. Overwrite it? (y/n)"), full);
		bool yes = prompt_yes(ui, q);
		free(q);
		if (!yes) {
			ui_message(ui, false, "%s", _("Export cancelled."));
			free(full);
			return;
		}
	}
	st = bibtex_export_file(ui->st, n ? &tagged : NULL, n ? NULL : &id, n ? 0 : 1, &o, full, &s);
	if (st)
		ui_message(ui, true, "%s", status_msg());
	else
		ui_message(ui, false, P_("Wrote %ld entry to %s.", "Wrote %ld entries to %s.", s.entries),
		           s.entries, full);
	free(full);
}

/* ------------------------------------------------------------ search */

/* Idle work after the panes': in a starred or tagged view, its own small
 * search index (store_marks_index_step()), so that searching there as
 * one types does not look every marked paper up in the library's index.
 * 16 papers a step, a few ms, and nothing drawn. True while there is
 * more to do. */
static bool marks_idle(struct ui *ui)
{
	bool more = false;

	return store_marks_index_step(ui->st, ui->view.filter, 16, &more) == STATUS_OK && more;
}

bool ui_is_hit(struct ui *ui, int64_t id)
{
	struct store_hit h;

	if (!ui->hits || store_hits_find(ui->st, ui->hits, id, &h) != STATUS_OK)
		return false;
	store_hit_clear(&h);
	return true;
}

static void search_forget(struct ui *ui)
{
	store_hits_free(ui->st, ui->hits);
	ui->hits = NULL;
	free(ui->query);
	ui->query = NULL;
	ui->nhits = 0;
	ui->hits_more = false;
}

/* Runs text as a search over what the filter shows. budget_ms 0 waits for
 * it whatever it takes; a search stopped by its budget (a short prefix
 * while typing) keeps the previous hits. Returns STATUS_OK when the hits
 * are text's. */
static enum status search_run(struct ui *ui, const char *text, unsigned budget_ms)
{
	struct search_query *q;
	struct store_hits *h = NULL;
	enum status st = search_parse(text, &q);

	if (st)
		return st;
	/* Unranked: the reader shows hits in the list's order, never by
	 * score, and bm25 would be half the time of a keystroke. */
	st = store_search(ui->st, q, ui->view.filter, 0, budget_ms, false, &h);
	search_free(q);
	if (st)
		return st;
	store_hits_free(ui->st, ui->hits);
	ui->hits = h;
	free(ui->query);
	ui->query = xstrdup(text);
	if (store_hits_count(ui->st, h, &ui->nhits, &ui->hits_more) != STATUS_OK)
		ui->nhits = 0;
	ui->status_dirty = true;
	ui->panes[PANE_LIST].dirty = true;
	return STATUS_OK;
}

/* search_run(), and when that finds nothing and the text ends in a word,
 * the same with that word as a prefix: "intertw" finds "intertwiner",
 * while "symmetry" still finds every form of the word (stems do not
 * survive a prefix search, so the whole word is tried first). */
static enum status search_run_or_prefix(struct ui *ui, const char *text, unsigned budget_ms)
{
	size_t n = strlen(text);
	enum status st;

	/* The hits are this text's already (the last keystroke's search ran
	 * to the end): Enter after typing does not search again. */
	if (ui->hits && ui->query &&
	    (strcmp(ui->query, text) == 0 ||
	     (strncmp(ui->query, text, n) == 0 && strcmp(ui->query + n, "*") == 0)))
		return STATUS_OK;
	st = search_run(ui, text, budget_ms);
	if (st == STATUS_OK && ui->nhits == 0 && n &&
	    strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", text[n - 1])) {
		char *prefix = xasprintf("%s*", text);
		if (search_run(ui, prefix, budget_ms) != STATUS_OK)
			st = search_run(ui, text, budget_ms);
		free(prefix);
	}
	return st;
}

/* The next hit below (above) the cursor in the list's order, wrapping
 * around; true when there is one (then it is current). */
static bool goto_hit(struct ui *ui, bool backward, bool include_current)
{
	struct store_row cur;
	struct store_hit h;
	size_t n = 0;
	bool have = ui->current && store_row_get(ui->st, ui->current, &cur) == STATUS_OK;
	bool wrapped = false;

	if (!ui->hits)
		return false;
	if (include_current && have && ui_is_hit(ui, ui->current)) {
		store_row_clear(&cur);
		return true;
	}
	if (store_hits_sorted(ui->st, ui->hits, ui->view.sort, have ? &cur : NULL, backward, &h, 1,
	                      &n) != STATUS_OK)
		n = 0;
	if (!n && have) {
		wrapped = true;
		if (store_hits_sorted(ui->st, ui->hits, ui->view.sort, NULL, backward, &h, 1, &n) !=
		    STATUS_OK)
			n = 0;
	}
	if (have)
		store_row_clear(&cur);
	if (!n)
		return false;
	ui_set_current(ui, h.row.id, false);
	store_hit_clear(&h);
	if (wrapped)
		ui_message(ui, false, "%s",
		           backward ? _("Search wrapped to the bottom.") : _("Search wrapped to the top."));
	return true;
}

/* As the user types: search again (within a short budget) and move to the
 * first hit at or below the cursor. */
static void search_typed(struct ui *ui, const char *text, void *ctx)
{
	enum status st;

	(void)ctx;
	if (!*text) {
		search_forget(ui);
		ui->status_dirty = true;
		return;
	}
	st = search_run_or_prefix(ui, text, 60);
	if (st == STATUS_OK) {
		if (!ui->limit)
			goto_hit(ui, false, true);
		else
			pane_list_reset(&ui->panes[PANE_LIST]);
	}
}

/* / : a search typed on the message line, shown as it is typed. */
static void search(struct ui *ui, bool then_limit)
{
	char *text = prompt_read(ui, "/", ui->query ? ui->query : "", search_typed, NULL);
	enum status st;

	if (!text) {
		search_forget(ui);
		if (ui->limit) {
			ui->limit = false;
			pane_list_reset(&ui->panes[PANE_LIST]);
		}
		ui_message(ui, false, "%s", _("Search cancelled."));
		return;
	}
	if (!*text) {
		free(text);
		search_forget(ui);
		return;
	}
	/* The final search gets the time it needs (the user asked for it). */
	st = search_run_or_prefix(ui, text, 0);
	free(text);
	if (st) {
		ui_message(ui, true, "%s", status_msg());
		return;
	}
	if (then_limit)
		ui->limit = true;
	if (ui->limit)
		pane_list_reset(&ui->panes[PANE_LIST]);
	else if (!goto_hit(ui, false, true))
		ui_message(ui, false, "%s", _("No paper matches."));
	if (ui->nhits)
		ui_message(ui, false,
		           ui->hits_more ? P_("%lld+ paper matches.", "%lld+ papers match.", ui->nhits)
		                         : P_("%lld paper matches.", "%lld papers match.", ui->nhits),
		           (long long)ui->nhits);
}

static void reload_all(struct ui *ui)
{
	int i;

	for (i = 0; i < PANE_COUNT; i++)
		ui->panes[i].ops->reload(&ui->panes[i]);
	all_dirty(ui);
}

static void set_view(struct ui *ui)
{
	/* The hits were found among what the old filter showed. */
	if (ui->query) {
		char *q = xstrdup(ui->query);
		if (search_run(ui, q, 0) != STATUS_OK)
			search_forget(ui);
		free(q);
	}
	pane_list_reset(&ui->panes[PANE_LIST]);
	ui->status_dirty = true;
}

static void action(struct ui *ui, enum action a)
{
	struct pane *f = &ui->panes[ui->focus];
	int64_t id;

	if (ui->help_open) {
		if (a == ACT_QUIT || a == ACT_HELP || a == ACT_CLEAR) {
			ui->help_open = false;
			all_dirty(ui);
			ui_relayout(ui);
		} else if (!ui->help.ops->key(&ui->help, a)) {
			ui_message(ui, false, "%s", _("Press q, Esc or ? to close the help."));
		}
		return;
	}
	switch (a) {
	case ACT_QUIT:
		ui->quit = true;
		return;
	case ACT_HELP:
		ui->help_open = true;
		ui->help.ops->reload(&ui->help);
		ui->help.dirty = true;
		return;
	case ACT_FOCUS_NEXT: focus(ui, (ui->focus + 1) % PANE_COUNT); return;
	case ACT_FOCUS_PREV: focus(ui, (ui->focus + PANE_COUNT - 1) % PANE_COUNT); return;
	case ACT_FOCUS_LIST: focus(ui, PANE_LIST); return;
	case ACT_FOCUS_ABSTRACT: focus(ui, PANE_ABSTRACT); return;
	case ACT_FOCUS_RELATED: focus(ui, PANE_RELATED); return;
	case ACT_ZOOM:
		ui->zoom = !ui->zoom;
		ui_relayout(ui);
		return;
	case ACT_BACK:
		if (history_back(&ui->hist, &id))
			ui_set_current(ui, id, false);
		else
			ui_message(ui, false, "%s", _("Nothing to go back to."));
		return;
	case ACT_FORWARD:
		if (history_forward(&ui->hist, &id))
			ui_set_current(ui, id, false);
		else
			ui_message(ui, false, "%s", _("Nothing to go forward to."));
		return;
	case ACT_TOGGLE_READ: toggle(ui, STORE_MARK_READ); return;
	case ACT_TOGGLE_STAR: toggle(ui, STORE_MARK_STAR); return;
	case ACT_TOGGLE_TAG:
		toggle(ui, STORE_MARK_TAG);
		if (ui->focus == PANE_LIST)
			ui->panes[PANE_LIST].ops->key(&ui->panes[PANE_LIST], ACT_DOWN);
		return;
	case ACT_TAG_ALL:
	case ACT_UNTAG_ALL: {
		int64_t n = 0;
		bool on = a == ACT_TAG_ALL;
		enum status st = store_mark_view(ui->st, on ? &ui->view : NULL, STORE_MARK_TAG, on, &n);
		if (st) {
			ui_message(ui, true, "%s", status_msg());
			return;
		}
		pane_list_all_marks(&ui->panes[PANE_LIST], STORE_MARK_TAG, on);
		ui->panes[PANE_RELATED].ops->reload(&ui->panes[PANE_RELATED]);
		ui_message(ui, false,
		           on ? P_("Tagged %lld paper.", "Tagged %lld papers.", n)
		              : P_("Untagged %lld paper.", "Untagged %lld papers.", n),
		           (long long)n);
		return;
	}
	case ACT_FILTER: {
		static const unsigned cycle[] = {0, STORE_FILTER_UNREAD, STORE_FILTER_STARRED,
		                                 STORE_FILTER_TAGGED};
		size_t i;
		for (i = 0; i < ARRAY_SIZE(cycle); i++)
			if (cycle[i] == ui->view.filter)
				break;
		ui->view.filter = cycle[(i + 1) % ARRAY_SIZE(cycle)];
		set_view(ui);
		return;
	}
	case ACT_SEARCH:
		search(ui, false);
		return;
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		if (!ui->hits)
			ui_message(ui, false, "%s", _("No search yet (/ searches)."));
		else if (!goto_hit(ui, a == ACT_SEARCH_PREV, false))
			ui_message(ui, false, "%s", _("No paper matches."));
		return;
	case ACT_LIMIT:
		if (ui->limit) {
			ui->limit = false;
			pane_list_reset(&ui->panes[PANE_LIST]);
			ui_message(ui, false, "%s", _("All papers shown again."));
		} else if (!ui->hits) {
			search(ui, true);
		} else {
			ui->limit = true;
			pane_list_reset(&ui->panes[PANE_LIST]);
		}
		ui->status_dirty = true;
		return;
	case ACT_CLEAR:
		if (ui->limit || ui->hits) {
			ui->limit = false;
			search_forget(ui);
			pane_list_reset(&ui->panes[PANE_LIST]);
			ui->status_dirty = true;
			ui_message(ui, false, "%s", _("Search cleared."));
		} else if (ui->view.filter) {
			ui->view.filter = 0;
			set_view(ui);
			ui_message(ui, false, "%s", _("Filter cleared."));
		} else if (ui->zoom) {
			ui->zoom = false;
			ui_relayout(ui);
		}
		return;
	case ACT_SORT:
		ui->view.sort = (ui->view.sort + 1) % 3;
		set_view(ui);
		return;
	case ACT_OPEN_URL:
	case ACT_COPY_URL:
	case ACT_COPY_KEY:
		with_current(ui, a);
		return;
	case ACT_EXPORT:
		export_papers(ui);
		return;
	case ACT_REFRESH:
		reload_all(ui);
		clearok(curscr, TRUE);
		ui_message(ui, false, "%s", _("Reread the library."));
		return;
	case ACT_FOLLOW:
		if (ui->focus == PANE_LIST) {
			/* Opening a paper from the list: read it now. */
			if (ui->current && ui->set.mark_read_delay >= 0)
				ui_mark(ui, ui->current, STORE_MARK_READ, true);
			focus(ui, PANE_ABSTRACT);
			return;
		}
		if (ui->focus == PANE_ABSTRACT) {
			focus(ui, PANE_RELATED);
			return;
		}
		break;
	default:
		break;
	}
	if (!f->ops->key(f, a) && a != ACT_NONE) {
		const struct action_info *info = action_info(a);
		ui_message(ui, false, _("'%s' does nothing here."), info ? info->name : "?");
	}
}

/* ------------------------------------------------------------ input */

static int read_key(void)
{
	wint_t wc;
	int r = wget_wch(stdscr, &wc);

	if (r == ERR)
		return -1;
	if (r == KEY_CODE_YES) {
		if (wc == KEY_ENTER)
			return '\n';
		return KEYMAP_FUNC + (int)wc;
	}
	if (wc == '\r')
		return '\n';
	if (wc == 127 || wc == 8)
		return KEYMAP_FUNC + KEY_BACKSPACE;
	return (int)wc;
}

/* ------------------------------------------------------------ config */

static const char *apply_directive(void *ctx, int argc, char **argv)
{
	struct ui *ui = ctx;

	if (strcmp(argv[0], "bind") == 0 || strcmp(argv[0], "unbind") == 0) {
		bool bind = argv[0][0] == 'b';
		int key;
		enum action a = ACT_NONE;
		if (argc != (bind ? 3 : 2))
			return bind ? _("usage: bind KEY ACTION") : _("usage: unbind KEY");
		key = keymap_parse(argv[1]);
		if (key < 0)
			return _("unknown key name (see sheaf-config(5))");
		if (bind) {
			a = action_by_name(argv[2]);
			if (a == ACT_NONE)
				return _("unknown action (see sheaf-config(5))");
		}
		keymap_bind(key, a);
		return NULL;
	}
	if (strcmp(argv[0], "set") == 0) {
		if (argc != 3)
			return _("usage: set NAME VALUE");
		if (strcmp(argv[1], "layout") == 0) {
			if (!layout_mode_parse(argv[2], &ui->set.layout))
				return _("layout is auto, wide or tall");
		} else if (strcmp(argv[1], "sort") == 0) {
			if (strcmp(argv[2], "date") == 0)
				ui->set.sort = STORE_SORT_DATE;
			else if (strcmp(argv[2], "title") == 0)
				ui->set.sort = STORE_SORT_TITLE;
			else if (strcmp(argv[2], "recent") == 0)
				ui->set.sort = STORE_SORT_RECENT;
			else
				return _("sort is date, title or recent");
		} else if (strcmp(argv[1], "mark-read-delay") == 0) {
			char *end;
			long v;
			if (strcmp(argv[2], "never") == 0) {
				ui->set.mark_read_delay = -1;
				return NULL;
			}
			v = strtol(argv[2], &end, 10);
			if (*end || end == argv[2] || v < 0 || v > 86400)
				return _("mark-read-delay is a number of seconds or never");
			ui->set.mark_read_delay = (int)v;
		} else if (strcmp(argv[1], "highlight") == 0) {
			if (strcmp(argv[2], "arrow") == 0)
				ui->set.highlight_bar = false;
			else if (strcmp(argv[2], "bar") == 0)
				ui->set.highlight_bar = true;
			else
				return _("highlight is arrow or bar");
		} else {
			return _("unknown setting (see sheaf-config(5))");
		}
		return NULL;
	}
	if (strcmp(argv[0], "color") == 0)
		return draw_color_directive(ui, argc, argv);
	return _("unknown directive (bind, unbind, set or color)");
}

/* ------------------------------------------------------------ main loop */

int reader_run(const struct reader_opts *o)
{
	struct ui ui;
	struct buf errs = BUF_INIT;
	const char *charset = nl_langinfo(CODESET);
	struct sigaction sa;
	char *conf_path = o->config ? xstrdup(o->config) : conf_default_path();
	int nerr, i;
	SCREEN *scr;

	memset(&ui, 0, sizeof(ui));
	ui.st = o->st;
	ui.db_path = o->db_path;
	ui.set.mark_read_delay = 2;
	keymap_clear();
	/* TRANSLATORS: stands for a file name in configuration errors
	 * ("(built-in):3: unknown action"). */
	nerr = conf_parse(_("(built-in)"), conf_defaults, apply_directive, &ui, &errs);
	nerr += conf_parse_file(conf_path, o->config == NULL, apply_directive, &ui, &errs);
	ui.view.sort = ui.set.sort;
	ui.utf8 = text_charset_is_utf8(charset);
	ui.ascii = !ui.utf8 && (strcmp(charset, "ANSI_X3.4-1968") == 0 ||
	                        util_strncasecmp(charset, "ASCII", 6) == 0);
	ui.conv = text_conv_open(charset);

	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		const char *term = getenv("TERM");
		struct buf msg = BUF_INIT, safe = BUF_INIT, out = BUF_INIT;
		/* Like every message, in the terminal's charset. */
		buf_printf(&msg, _("sheaf: cannot use the terminal '%s'\n"), term ? term : "");
		text_sanitize(&safe, msg.s, msg.len, TEXT_KEEP_NEWLINES | (ui.utf8 ? 0 : TEXT_ASCII_ONLY));
		text_conv(ui.conv, &out, buf_str(&safe));
		fputs(buf_str(&out), stderr);
		buf_free(&msg);
		buf_free(&safe);
		buf_free(&out);
		text_conv_close(ui.conv);
		free(conf_path);
		buf_free(&errs);
		return 1;
	}
	util_fatal_hook = restore_terminal;
	set_escdelay(25);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	draw_colors_init(&ui);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	/* A key must never wait seconds for another program's lock. */
	store_busy_timeout(ui.st, 50);
	ui.focus = PANE_LIST;
	ui.panes[PANE_LIST].ops = &pane_list_ops;
	ui.panes[PANE_ABSTRACT].ops = &pane_abstract_ops;
	ui.panes[PANE_RELATED].ops = &pane_related_ops;
	ui.help.ops = &pane_help_ops;
	ui.help.id = PANE_COUNT;
	ui_relayout(&ui);
	for (i = 0; i < PANE_COUNT; i++) {
		ui.panes[i].ui = &ui;
		ui.panes[i].id = (enum pane_id)i;
		ui.panes[i].ops->init(&ui.panes[i]);
	}
	ui.help.ui = &ui;
	ui.help.ops->init(&ui.help);
	if (o->open_id)
		ui_set_current(&ui, o->open_id, false);
	else
		ui_set_current(&ui, pane_list_current(&ui.panes[PANE_LIST]), false);
	if (nerr) {
		/* Show the first problem; the rest are in the message's count. */
		char *nl = strchr(buf_str(&errs), '\n');
		if (nl)
			*nl = '\0';
		ui_message(&ui, true, P_("%s (%d error in the configuration)",
		                         "%s (%d errors in the configuration)", nerr),
		           buf_str(&errs), nerr);
	} else if (store_full(ui.st)) {
		ui_message(&ui, true, "%s",
		           _("The disk is full: you can read, but marks cannot be saved."));
	} else if (store_index_stale(ui.st) && !store_readonly(ui.st)) {
		ui_message(&ui, false, "%s",
		           _("The search index is from an older sheaf: run 'sheaf index' to rebuild it."));
	} else if (store_readonly(ui.st)) {
		ui_message(&ui, true, "%s",
		           _("The library is read-only: you can read, but marks cannot be saved."));
	} else if (o->message) {
		ui_message(&ui, false, "%s", o->message);
	}

	while (!ui.quit) {
		int key, wait = 1000;
		bool idle_more = false;

		ui_redraw(&ui);
		if (got_signal)
			break;
		if (ui.read_pending) {
			long long left = ui.current_since + ui.set.mark_read_delay * 1000LL - ui_now_ms();
			if (left <= 0) {
				ui_mark(&ui, ui.current, STORE_MARK_READ, true);
				continue;
			}
			if (left < wait)
				wait = (int)left;
		}
		/* Idle work (counting, filling) runs only when no key waits. */
		for (i = 0; i < PANE_COUNT; i++)
			if (ui.panes[i].ops->idle(&ui.panes[i]))
				idle_more = true;
		if (ui.panes[PANE_LIST].dirty)
			ui.status_dirty = true;
		if (!idle_more && (ui.view.filter & (STORE_FILTER_STARRED | STORE_FILTER_TAGGED))) {
			/* What the panes' idle work changed goes out before the
			 * marks index's step, which draws nothing. */
			ui_redraw(&ui);
			idle_more = marks_idle(&ui);
		}
		if (ui.npending && !flush_pending(&ui) && wait > 250)
			wait = 250;
		if (ui.opened_pending && !store_readonly(ui.st)) {
			/* A busy library just loses this "recently opened" time. */
			store_paper_opened(ui.st, ui.opened_pending);
			ui.opened_pending = 0;
			if (ui.view.sort == STORE_SORT_RECENT)
				pane_list_recount(&ui.panes[PANE_LIST]);
		}
		if (idle_more)
			wait = 0;
		if (ui.panes[PANE_LIST].dirty || ui.status_dirty)
			ui_redraw(&ui);
		wtimeout(stdscr, wait);
		key = read_key();
		if (got_signal)
			break;
		if (key < 0)
			continue;
		if (key == KEYMAP_FUNC + KEY_RESIZE) {
			ui_relayout(&ui);
			continue;
		}
		if (ui.msg.len) {
			buf_reset(&ui.msg);
			ui.msg_dirty = true;
		}
		if (keymap_lookup(key) == ACT_NONE) {
			char name[32];
			ui_message(&ui, false, _("%s does nothing here (? shows the keys)."),
			           keymap_name(key, name, sizeof(name)));
			continue;
		}
		action(&ui, keymap_lookup(key));
	}

	/* Marks still waiting get the full timeout before we give up. */
	if (ui.npending) {
		store_busy_timeout(ui.st, 5000);
		flush_pending(&ui);
	}
	for (i = 0; i < PANE_COUNT; i++) {
		ui.panes[i].ops->destroy(&ui.panes[i]);
		if (ui.panes[i].win)
			delwin(ui.panes[i].win);
	}
	if (ui.help.win)
		delwin(ui.help.win);
	if (ui.status_win)
		delwin(ui.status_win);
	if (ui.msg_win)
		delwin(ui.msg_win);
	endwin();
	delscreen(scr);
	util_fatal_hook = NULL;
	ui.help.ops->destroy(&ui.help);
	if (ui.npending) {
		struct buf m = BUF_INIT, out = BUF_INIT;
		buf_printf(&m, P_("sheaf: %zu mark could not be saved: the library stayed locked",
		                  "sheaf: %zu marks could not be saved: the library stayed locked",
		                  ui.npending),
		           ui.npending);
		text_conv(ui.conv, &out, m.s);
		fprintf(stderr, "%s\n", out.s);
		buf_free(&m);
		buf_free(&out);
	}
	free(ui.pending);
	search_forget(&ui);
	store_busy_timeout(ui.st, 5000);
	history_free(&ui.hist);
	buf_free(&ui.msg);
	buf_free(&errs);
	text_conv_close(ui.conv);
	free(conf_path);
	keymap_clear();
	return 0;
}
