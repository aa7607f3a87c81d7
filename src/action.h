/*
 * action: everything a key can do, in one table — its config name, its
 * group and its help text. The default keys are bindings in the built-in
 * configuration (data/config, parsed like a user's file); the keymap, the
 * help screen and the man page's key list are all made from this table and
 * those bindings, so a key cannot be documented in one place and missing
 * from another.
 */
#ifndef SHEAF_ACTION_H
#define SHEAF_ACTION_H

#include <stddef.h>

#include "util.h"

enum action {
	ACT_NONE,
	ACT_DOWN,
	ACT_UP,
	ACT_PAGE_DOWN,
	ACT_PAGE_UP,
	ACT_TOP,
	ACT_BOTTOM,
	ACT_FOCUS_NEXT,
	ACT_FOCUS_PREV,
	ACT_FOCUS_LIST,
	ACT_FOCUS_ABSTRACT,
	ACT_FOCUS_RELATED,
	ACT_FOLLOW,
	ACT_BACK,
	ACT_FORWARD,
	ACT_TOGGLE_READ,
	ACT_TOGGLE_STAR,
	ACT_TOGGLE_TAG,
	ACT_TAG_ALL,
	ACT_UNTAG_ALL,
	ACT_FILTER,
	ACT_CLEAR,
	ACT_SORT,
	ACT_ZOOM,
	ACT_OPEN_URL,
	ACT_COPY_URL,
	ACT_COPY_KEY,
	ACT_EXPORT,
	ACT_SEARCH,
	ACT_SEARCH_NEXT,
	ACT_SEARCH_PREV,
	ACT_LIMIT,
	ACT_REFRESH,
	ACT_HELP,
	ACT_QUIT,
	ACT__COUNT
};

/* Where an action is listed in help: what it acts on. */
enum action_group {
	ACTION_GROUP_MOVE,
	ACTION_GROUP_PANES,
	ACTION_GROUP_LINKS,
	ACTION_GROUP_MARKS,
	ACTION_GROUP_LIST,
	ACTION_GROUP_SEARCH,
	ACTION_GROUP_OTHER,
};

struct action_info {
	enum action action;
	const char *name;     /* as used by "bind" in the config file */
	enum action_group group;
	const char *help;     /* marked with N_(); translate when shown */
};

/* The table, ACT__COUNT - 1 entries (ACT_NONE has none), in help order. */
extern const struct action_info action_table[];
extern const size_t action_count;

/* The entry of an action, or NULL for ACT_NONE. */
const struct action_info *action_info(enum action a);

/* The action called name ("down", "toggle-star"), or ACT_NONE. */
enum action action_by_name(const char *name);

/* Appends the keys the built-in configuration binds to action a, joined
 * by sep (nothing when there are none). */
void action_default_keys(enum action a, const char *sep, struct buf *out);

/* The title of a help group (marked with N_()). */
const char *action_group_title(enum action_group g);

#endif
