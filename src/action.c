/*
 * action: the table of actions. To add one: an enum constant in action.h,
 * a line here, a default binding in data/config, its handling in ui.c;
 * help, keymap and man page follow.
 */
#include "config.h"

#include <string.h>

#include "action.h"
#include "conf.h"
#include "util.h"

const struct action_info action_table[] = {
	{ACT_DOWN, "down", ACTION_GROUP_MOVE, N_("move down one line")},
	{ACT_UP, "up", ACTION_GROUP_MOVE, N_("move up one line")},
	{ACT_PAGE_DOWN, "page-down", ACTION_GROUP_MOVE, N_("move down one page")},
	{ACT_PAGE_UP, "page-up", ACTION_GROUP_MOVE, N_("move up one page")},
	{ACT_TOP, "top", ACTION_GROUP_MOVE, N_("go to the first line")},
	{ACT_BOTTOM, "bottom", ACTION_GROUP_MOVE, N_("go to the last line")},
	{ACT_FOCUS_NEXT, "focus-next", ACTION_GROUP_PANES, N_("focus the next pane")},
	{ACT_FOCUS_PREV, "focus-prev", ACTION_GROUP_PANES, N_("focus the previous pane")},
	{ACT_FOCUS_LIST, "focus-list", ACTION_GROUP_PANES, N_("focus the paper list")},
	{ACT_FOCUS_ABSTRACT, "focus-abstract", ACTION_GROUP_PANES, N_("focus the abstract")},
	{ACT_FOCUS_RELATED, "focus-related", ACTION_GROUP_PANES, N_("focus the related papers")},
	{ACT_ZOOM, "zoom", ACTION_GROUP_PANES, N_("zoom the focused pane to the full screen and back")},
	{ACT_FOLLOW, "follow", ACTION_GROUP_LINKS,
	 N_("follow the related paper under the cursor (in the list: open the paper)")},
	{ACT_BACK, "back", ACTION_GROUP_LINKS, N_("go back to the previous paper")},
	{ACT_FORWARD, "forward", ACTION_GROUP_LINKS, N_("go forward again")},
	{ACT_TOGGLE_READ, "toggle-read", ACTION_GROUP_MARKS, N_("mark the current paper read or unread")},
	{ACT_TOGGLE_STAR, "toggle-star", ACTION_GROUP_MARKS, N_("star or unstar the current paper")},
	{ACT_TOGGLE_TAG, "toggle-tag", ACTION_GROUP_MARKS,
	 N_("tag or untag the current paper and move down")},
	{ACT_TAG_ALL, "tag-all", ACTION_GROUP_MARKS, N_("tag every paper the list shows")},
	{ACT_UNTAG_ALL, "untag-all", ACTION_GROUP_MARKS, N_("untag all papers")},
	{ACT_FILTER, "filter", ACTION_GROUP_LIST,
	 N_("show all papers, then unread, starred or tagged ones only")},
	{ACT_SORT, "sort", ACTION_GROUP_LIST, N_("sort by date, title or recently opened")},
	{ACT_CLEAR, "clear", ACTION_GROUP_LIST, N_("clear the search limit, then the filter")},
	{ACT_SEARCH, "search", ACTION_GROUP_SEARCH,
	 N_("search as you type (words, \"phrases\", prefix*, author:, year:, ...)")},
	{ACT_SEARCH_NEXT, "search-next", ACTION_GROUP_SEARCH, N_("go to the next hit of the search")},
	{ACT_SEARCH_PREV, "search-prev", ACTION_GROUP_SEARCH, N_("go to the previous hit of the search")},
	{ACT_LIMIT, "limit", ACTION_GROUP_SEARCH,
	 N_("show only the hits of the search (or ask for one), or all again")},
	{ACT_OPEN_URL, "open-url", ACTION_GROUP_OTHER, N_("open the paper's URL with $BROWSER (or show it)")},
	{ACT_COPY_URL, "copy-url", ACTION_GROUP_OTHER,
	 N_("copy the URL to the terminal's clipboard (OSC 52)")},
	{ACT_COPY_KEY, "copy-key", ACTION_GROUP_OTHER,
	 N_("copy the citation key to the terminal's clipboard (OSC 52)")},
	{ACT_EXPORT, "export", ACTION_GROUP_MARKS,
	 N_("export the tagged papers (or the current one) to a BibTeX file")},
	{ACT_REFRESH, "refresh", ACTION_GROUP_OTHER,
	 N_("reread the library (marks made elsewhere) and redraw")},
	{ACT_HELP, "help", ACTION_GROUP_OTHER, N_("show this help")},
	{ACT_QUIT, "quit", ACTION_GROUP_OTHER, N_("quit (in help: close it)")},
};

const size_t action_count = ARRAY_SIZE(action_table);

const struct action_info *action_info(enum action a)
{
	size_t i;

	for (i = 0; i < action_count; i++)
		if (action_table[i].action == a)
			return &action_table[i];
	return NULL;
}

enum action action_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < action_count; i++)
		if (strcmp(action_table[i].name, name) == 0)
			return action_table[i].action;
	return ACT_NONE;
}

const char *action_group_title(enum action_group g)
{
	switch (g) {
	case ACTION_GROUP_MOVE: return N_("Moving");
	case ACTION_GROUP_PANES: return N_("Panes");
	case ACTION_GROUP_LINKS: return N_("Following links");
	case ACTION_GROUP_MARKS: return N_("Marks and tags");
	case ACTION_GROUP_LIST: return N_("The list");
	case ACTION_GROUP_SEARCH: return N_("Searching");
	case ACTION_GROUP_OTHER: return N_("Other");
	}
	return "";
}

struct keys_of {
	enum action action;
	const char *sep;
	struct buf *out;
	bool any;
};

static const char *collect_keys(void *ctx, int argc, char **argv)
{
	struct keys_of *k = ctx;

	if (argc == 3 && strcmp(argv[0], "bind") == 0 && action_by_name(argv[2]) == k->action) {
		if (k->any)
			buf_adds(k->out, k->sep);
		buf_adds(k->out, argv[1]);
		k->any = true;
	}
	return NULL;
}

void action_default_keys(enum action a, const char *sep, struct buf *out)
{
	struct keys_of k = {a, sep, out, false};
	struct buf errs = BUF_INIT;

	conf_parse("(built-in)", conf_defaults, collect_keys, &k, &errs);
	buf_free(&errs);
}
