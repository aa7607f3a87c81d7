/*
 * prompt: a line of input on the message line — the export file name,
 * the search query, a yes/no question. Emacs-like editing keys; each edit
 * can be reported at once (incremental search).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "keymap.h"
#include "ui.h"

struct line {
	struct buf text; /* UTF-8 */
	size_t cur;      /* byte offset of the cursor */
};

static size_t prev_char(const char *s, size_t i)
{
	if (i == 0)
		return 0;
	i--;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

static size_t next_char(const char *s, size_t n, size_t i)
{
	uint32_t cp;
	return i < n ? i + text_utf8_next(s + i, n - i, &cp) : n;
}

static void line_erase(struct line *l, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(l->text.s + from, l->text.s + to, l->text.len - to + 1);
	l->text.len -= to - from;
	l->cur = from;
}

static void line_insert(struct line *l, uint32_t cp)
{
	struct buf c = BUF_INIT;
	struct buf rest = BUF_INIT;

	text_utf8_put(&c, cp);
	buf_adds(&rest, buf_str(&l->text) + l->cur);
	l->text.len = l->cur;
	if (l->text.s)
		l->text.s[l->cur] = '\0';
	buf_add(&l->text, c.s, c.len);
	buf_add(&l->text, buf_str(&rest), rest.len);
	l->cur += c.len;
	buf_free(&c);
	buf_free(&rest);
}

/* Draws label and text on the message line with the cursor shown; long
 * text scrolls so that the cursor stays in view. */
static void show(struct ui *ui, const char *label, const struct line *l)
{
	WINDOW *w = ui->msg_win;
	int lw = draw_width(ui, label), room = ui->cols - lw - 1, before;
	const char *s = buf_str(&l->text);
	char *head = xstrndup(s, l->cur);
	size_t start = 0;

	before = draw_width(ui, head);
	free(head);
	/* Drop characters from the left until the cursor fits. */
	while (before >= room && start < l->cur) {
		size_t nx = next_char(s, l->text.len, start);
		char *drop = xstrndup(s + start, nx - start);
		before -= draw_width(ui, drop);
		free(drop);
		start = nx;
	}
	werase(w);
	draw_text(ui, w, 0, 0, lw, label, draw_attr(ui, ELEM_MESSAGE), false, NULL);
	draw_text(ui, w, 0, lw, room > 0 ? room : 0, s + start, draw_attr(ui, ELEM_MESSAGE), false,
	          NULL);
	wmove(w, 0, lw + (before > 0 ? before : 0));
	leaveok(w, FALSE);
	wnoutrefresh(w);
	doupdate();
}

/* True when a key is already waiting (it is put back to be read). */
static bool key_waiting(void)
{
	wint_t wc;
	int r;

	wtimeout(stdscr, 0);
	r = wget_wch(stdscr, &wc);
	if (r == ERR)
		return false;
	if (r == KEY_CODE_YES)
		ungetch((int)wc);
	else
		unget_wch((wchar_t)wc);
	return true;
}

char *prompt_read(struct ui *ui, const char *label, const char *initial,
                  void (*changed)(struct ui *ui, const char *text, void *ctx), void *ctx)
{
	struct line l = {BUF_INIT, 0};
	char *result = NULL;
	bool done = false, pending_change = false;

	buf_adds(&l.text, initial ? initial : "");
	l.cur = l.text.len;
	curs_set(1);
	while (!done) {
		wint_t wc;
		int r;
		size_t before = l.text.len;
		char *snapshot = xstrdup(buf_str(&l.text));

		ui_redraw(ui);
		show(ui, label, &l);
		wtimeout(stdscr, -1);
		r = wget_wch(stdscr, &wc);
		if (r == ERR) {
			free(snapshot);
			if (ui_interrupted())
				break;
			continue;
		}
		if (r == KEY_CODE_YES) {
			switch (wc) {
			case KEY_RESIZE: ui_relayout(ui); break;
			case KEY_LEFT: l.cur = prev_char(l.text.s ? l.text.s : "", l.cur); break;
			case KEY_RIGHT: l.cur = next_char(buf_str(&l.text), l.text.len, l.cur); break;
			case KEY_HOME: l.cur = 0; break;
			case KEY_END: l.cur = l.text.len; break;
			case KEY_BACKSPACE: line_erase(&l, prev_char(buf_str(&l.text), l.cur), l.cur); break;
			case KEY_DC: line_erase(&l, l.cur, next_char(buf_str(&l.text), l.text.len, l.cur)); break;
			case KEY_ENTER: done = true; result = xstrdup(buf_str(&l.text)); break;
			default: break;
			}
		} else {
			switch (wc) {
			case '\r':
			case '\n': done = true; result = xstrdup(buf_str(&l.text)); break;
			case 27:   /* Esc */
			case 7:    /* C-g */
				done = true;
				break;
			case 127:
			case 8: line_erase(&l, prev_char(buf_str(&l.text), l.cur), l.cur); break;
			case 1: l.cur = 0; break;                                         /* C-a */
			case 5: l.cur = l.text.len; break;                                /* C-e */
			case 2: l.cur = prev_char(buf_str(&l.text), l.cur); break;        /* C-b */
			case 6: l.cur = next_char(buf_str(&l.text), l.text.len, l.cur); break; /* C-f */
			case 21: line_erase(&l, 0, l.cur); break;                              /* C-u */
			case 11: line_erase(&l, l.cur, l.text.len); break;                     /* C-k */
			case 23: {                                                        /* C-w */
				size_t i = l.cur;
				const char *s = buf_str(&l.text);
				while (i > 0 && s[i - 1] == ' ')
					i--;
				while (i > 0 && s[i - 1] != ' ')
					i--;
				line_erase(&l, i, l.cur);
				break;
			}
			default:
				if (wc >= 0x20 && wc != 0x7F && !(wc >= 0x80 && wc < 0xA0))
					line_insert(&l, (uint32_t)wc);
			}
		}
		if (!done && changed && (l.text.len != before || strcmp(snapshot, buf_str(&l.text))))
			pending_change = true;
		free(snapshot);
		/* Report an edit only once no key waits: typing (or a paste) runs
		 * one search for the whole burst, not one per character. */
		if (!done && pending_change && !key_waiting()) {
			changed(ui, buf_str(&l.text), ctx);
			pending_change = false;
		}
	}
	curs_set(0);
	leaveok(ui->msg_win, TRUE);
	buf_free(&l.text);
	buf_reset(&ui->msg);
	ui->msg_dirty = true;
	return result;
}

bool prompt_yes(struct ui *ui, const char *question)
{
	for (;;) {
		wint_t wc;
		int r;

		ui_message(ui, false, "%s", question);
		ui_redraw(ui);
		wtimeout(stdscr, -1);
		r = wget_wch(stdscr, &wc);
		if (r == ERR) {
			if (ui_interrupted())
				return false;
			continue;
		}
		if (r == KEY_CODE_YES) {
			if (wc == KEY_RESIZE)
				ui_relayout(ui);
			continue;
		}
		{
			/* TRANSLATORS: the key that answers yes to a question ("j" in
			 * German); y always does too. */
			const char *yes = _("y");
			if (wc == 'y' || wc == 'Y' || (wc < 0x80 && wc && (int)wc == (unsigned char)yes[0]))
				return true;
		}
		return false;
	}
}
