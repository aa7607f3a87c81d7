/*
 * test-reader: the reader's terminal-free parts — layout arithmetic for
 * every size, the history of followed papers, the configuration parser,
 * the action table and its default bindings.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "conf.h"
#include "history.h"
#include "layout.h"
#include "tap.h"

static int overlaps(const struct layout_rect *a, const struct layout_rect *b)
{
	if (!a->h || !b->h || !a->w || !b->w)
		return 0;
	return a->y < b->y + b->h && b->y < a->y + a->h && a->x < b->x + b->w && b->x < a->x + a->w;
}

static void test_layout_all_sizes(void)
{
	int rows, cols, mode, zoom, focus, bad = 0, shown_none = 0;

	for (rows = 1; rows <= 80; rows++)
		for (cols = 1; cols <= 250; cols += (cols < 40 ? 1 : 7))
			for (mode = 0; mode < 3; mode++)
				for (zoom = 0; zoom < 2; zoom++)
					for (focus = 0; focus < PANE_COUNT; focus++) {
						struct layout l;
						int i, j, any = 0;
						layout_compute(rows, cols, (enum layout_mode)mode, zoom,
						               (enum pane_id)focus, &l);
						for (i = 0; i < PANE_COUNT; i++) {
							const struct layout_rect *r = &l.pane[i];
							if (r->h) {
								any = 1;
								if (r->y < 0 || r->x < 0 || r->y + r->h > rows ||
								    r->x + r->w > cols || r->w <= 0)
									bad++;
								if (l.status_y >= 0 && r->y + r->h > l.status_y)
									bad++;
								if (r->y + r->h > l.message_y)
									bad++;
							}
							for (j = i + 1; j < PANE_COUNT; j++)
								if (overlaps(r, &l.pane[j]))
									bad++;
						}
						if (l.message_y != rows - 1)
							bad++;
						if (!any && rows >= 3)
							shown_none++;
						/* The focused pane is always among those shown. */
						if (rows >= 3 && !l.pane[focus].h)
							bad++;
					}
	is_int(bad, 0, "layouts from 1x1 to 250x80: inside the screen, no overlap, focus shown");
	is_int(shown_none, 0, "from 3 rows on some pane is always shown");
}

static void test_layout_shapes(void)
{
	struct layout l;

	layout_compute(24, 80, LAYOUT_AUTO, false, PANE_LIST, &l);
	ok(!l.wide, "80x24 auto: stacked");
	is_int(l.pane[PANE_LIST].y, 0, "80x24: list on top");
	ok(l.pane[PANE_ABSTRACT].y == l.pane[PANE_LIST].h &&
	   l.pane[PANE_RELATED].y == l.pane[PANE_ABSTRACT].y + l.pane[PANE_ABSTRACT].h,
	   "80x24: abstract under the list, related under the abstract");
	is_int(l.pane[PANE_RELATED].y + l.pane[PANE_RELATED].h, 22, "80x24: panes end above the status line");
	is_int(l.status_y, 22, "80x24: status line");
	is_int(l.message_y, 23, "80x24: message line");
	ok(l.pane[PANE_LIST].w == 80 && l.pane[PANE_ABSTRACT].w == 80, "80x24: full width");

	layout_compute(50, 200, LAYOUT_AUTO, false, PANE_LIST, &l);
	ok(l.wide, "200x50 auto: side by side");
	ok(l.pane[PANE_ABSTRACT].y == 0 && l.pane[PANE_ABSTRACT].x > l.pane[PANE_LIST].w - 1,
	   "200x50: abstract to the right of the list");
	is_int(l.vsep_x, l.pane[PANE_LIST].w, "200x50: separator after the list");
	is_int(l.pane[PANE_RELATED].x, l.pane[PANE_ABSTRACT].x, "200x50: related under the abstract");
	is_int(l.pane[PANE_LIST].w + 1 + l.pane[PANE_ABSTRACT].w, 200, "200x50: columns fill the width");

	layout_compute(LAYOUT_WIDE_COLS > 1 ? 30 : 30, LAYOUT_WIDE_COLS - 1, LAYOUT_AUTO, false,
	               PANE_LIST, &l);
	ok(!l.wide, "auto: one column short of LAYOUT_WIDE_COLS is stacked");
	layout_compute(30, LAYOUT_WIDE_COLS, LAYOUT_AUTO, false, PANE_LIST, &l);
	ok(l.wide, "auto: LAYOUT_WIDE_COLS columns is side by side");
	layout_compute(30, 100, LAYOUT_WIDE, false, PANE_LIST, &l);
	ok(l.wide, "set layout wide at 100 columns");
	layout_compute(50, 200, LAYOUT_TALL, false, PANE_LIST, &l);
	ok(!l.wide, "set layout tall at 200 columns");

	layout_compute(24, 80, LAYOUT_AUTO, true, PANE_RELATED, &l);
	ok(l.pane[PANE_RELATED].h == 22 && !l.pane[PANE_LIST].h && !l.pane[PANE_ABSTRACT].h,
	   "zoom: the focused pane gets all the rows");
	layout_compute(2 + LAYOUT_MIN_ROWS_THREE - 1, 80, LAYOUT_AUTO, false, PANE_ABSTRACT, &l);
	ok(l.pane[PANE_ABSTRACT].h && !l.pane[PANE_LIST].h, "too few rows: only the focused pane");
	layout_compute(2 + LAYOUT_MIN_ROWS_THREE, 80, LAYOUT_AUTO, false, PANE_ABSTRACT, &l);
	ok(l.pane[PANE_LIST].h && l.pane[PANE_ABSTRACT].h && l.pane[PANE_RELATED].h,
	   "LAYOUT_MIN_ROWS_THREE pane rows: all three panes");
	layout_compute(6, 20, LAYOUT_AUTO, false, PANE_LIST, &l);
	ok(l.pane[PANE_LIST].h == 4 && l.pane[PANE_LIST].w == 20, "20x6: the list, 4 rows");
	layout_compute(1, 1, LAYOUT_AUTO, false, PANE_LIST, &l);
	ok(l.message_y == 0 && l.status_y < 0 && !l.pane[PANE_LIST].h, "1x1: just the message line");

	{
		enum layout_mode m;
		ok(layout_mode_parse("auto", &m) && m == LAYOUT_AUTO, "parse auto");
		ok(layout_mode_parse("wide", &m) && m == LAYOUT_WIDE, "parse wide");
		ok(layout_mode_parse("tall", &m) && m == LAYOUT_TALL, "parse tall");
		ok(!layout_mode_parse("Wide", &m) && !layout_mode_parse("", &m), "parse rejects others");
	}
}

static void test_history(void)
{
	struct history h = {0};
	int64_t id = 0;

	ok(!history_back(&h, &id) && !history_forward(&h, &id), "empty: no back, no forward");
	is_int(history_current(&h), 0, "empty: no current");
	history_visit(&h, 1);
	history_visit(&h, 2);
	history_visit(&h, 3);
	history_visit(&h, 3);
	is_int(h.n, 3, "visiting the current paper again adds nothing");
	ok(history_back(&h, &id) && id == 2, "back: 2");
	ok(history_back(&h, &id) && id == 1, "back: 1");
	ok(!history_back(&h, &id) && id == 1, "back at the start: nothing, id untouched");
	ok(history_forward(&h, &id) && id == 2, "forward: 2");
	history_visit(&h, 7);
	is_int(h.n, 3, "visiting from the middle drops what lay ahead");
	ok(!history_forward(&h, &id), "... so there is no forward");
	ok(history_back(&h, &id) && id == 2, "back from 7: 2");
	history_replace(&h, 2, 9);
	is_int(history_current(&h), 9, "replace: a folded paper becomes its survivor");
	history_free(&h);
	{
		int i;
		for (i = 1; i <= 1500; i++)
			history_visit(&h, i);
		ok(h.n == 1000 && history_current(&h) == 1500 && h.ids[0] == 501,
		   "a long trail keeps its last 1000 steps");
		history_free(&h);
	}
}

struct rec {
	struct buf out;
	int fail_on;
	int line;
};

static const char *record(void *ctx, int argc, char **argv)
{
	struct rec *r = ctx;
	int i;

	r->line++;
	for (i = 0; i < argc; i++)
		buf_printf(&r->out, "%s[%s]", i ? " " : "", argv[i]);
	buf_addc(&r->out, '\n');
	if (strcmp(argv[0], "bad") == 0)
		return "bad directive";
	return NULL;
}

static void test_conf(void)
{
	struct rec r = {BUF_INIT, 0, 0};
	struct buf errs = BUF_INIT;
	int n;

	n = conf_parse("t", "# comment\n\nbind j down\n  set  layout   \"very wide\"  # trailing\n"
	               "bad one\ncolor x \"a b\" c\r\nset x \"unterminated\nbad two\n",
	               record, &r, &errs);
	is_str(buf_str(&r.out), "[bind] [j] [down]\n[set] [layout] [very wide]\n[bad] [one]\n"
	                        "[color] [x] [a b] [c]\n[bad] [two]\n",
	       "words, quotes, comments, CRLF");
	is_int(n, 3, "three bad lines");
	is_str(buf_str(&errs), "t:5: bad directive\nt:7: unterminated quote\nt:8: bad directive\n",
	       "errors carry file and line");
	buf_free(&r.out);
	buf_free(&errs);

	buf_reset(&r.out);
	n = conf_parse("t", "a b c d e f g h i j k l m n o p q\n", record, &r, &errs);
	ok(n == 1 && strstr(buf_str(&errs), "too many words"), "too many words is an error");
	buf_free(&r.out);
	buf_free(&errs);

	n = conf_parse_file("/nonexistent/sheaf.conf", true, record, &r, &errs);
	ok(n == 0 && errs.len == 0, "a missing file may be allowed");
	n = conf_parse_file("/nonexistent/sheaf.conf", false, record, &r, &errs);
	ok(n == 1 && strstr(buf_str(&errs), "No such file"), "... or reported");
	buf_free(&errs);
	buf_free(&r.out);

	setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
	{
		char *p = conf_default_path();
		is_str(p, "/x/cfg/sheaf/config", "XDG_CONFIG_HOME");
		free(p);
	}
	setenv("XDG_CONFIG_HOME", "relative", 1);
	setenv("HOME", "/home/u", 1);
	{
		char *p = conf_default_path();
		is_str(p, "/home/u/.config/sheaf/config", "a relative XDG_CONFIG_HOME is ignored");
		free(p);
	}
}

struct bound {
	int count[ACT__COUNT];
	int unknown;
};

static const char *count_binds(void *ctx, int argc, char **argv)
{
	struct bound *b = ctx;
	enum action a;

	if (strcmp(argv[0], "bind") != 0)
		return NULL;
	if (argc != 3)
		return "bad bind";
	a = action_by_name(argv[2]);
	if (a == ACT_NONE)
		b->unknown++;
	b->count[a]++;
	return NULL;
}

static void test_actions(void)
{
	struct bound b;
	struct buf errs = BUF_INIT;
	size_t i, j;
	int dup = 0, unbound = 0, nohelp = 0;

	is_int(action_count, ACT__COUNT - 1, "every action but ACT_NONE is in the table");
	for (i = 0; i < action_count; i++) {
		for (j = i + 1; j < action_count; j++)
			if (strcmp(action_table[i].name, action_table[j].name) == 0 ||
			    action_table[i].action == action_table[j].action)
				dup++;
		if (!action_table[i].help[0])
			nohelp++;
		if (action_by_name(action_table[i].name) != action_table[i].action)
			dup++;
		if (action_info(action_table[i].action) != &action_table[i])
			dup++;
	}
	is_int(dup, 0, "names and actions are unique and found by name");
	is_int(nohelp, 0, "every action has help text");
	ok(action_by_name("no-such-action") == ACT_NONE, "unknown names give ACT_NONE");
	memset(&b, 0, sizeof(b));
	is_int(conf_parse("(built-in)", conf_defaults, count_binds, &b, &errs), 0,
	       "the built-in configuration parses without error");
	is_int(b.unknown, 0, "it binds only known actions");
	for (i = 0; i < action_count; i++)
		if (!b.count[action_table[i].action]) {
			unbound++;
			printf("# not bound by default: %s\n", action_table[i].name);
		}
	is_int(unbound, 0, "every action has a default key");
	buf_free(&errs);
}

int main(void)
{
	test_layout_all_sizes();
	test_layout_shapes();
	test_history();
	test_conf();
	test_actions();
	return done_testing();
}
