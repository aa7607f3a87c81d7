/*
 * keydoc: prints the reader's keys and actions as mdoc, for the man pages
 * (a build tool, not installed). The keys come from the built-in
 * configuration and the descriptions from the action table, the same two
 * sources the keymap and the help screen use.
 *
 *   sheaf-keydoc keys      the KEYS section of sheaf(1)
 *   sheaf-keydoc actions   the action names of sheaf-config(5)
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "action.h"
#include "conf.h"
#include "util.h"

struct keys {
	struct buf k[ACT__COUNT];
};

static const char *collect(void *ctx, int argc, char **argv)
{
	struct keys *ks = ctx;
	enum action a;

	if (strcmp(argv[0], "bind") != 0 || argc != 3)
		return NULL;
	a = action_by_name(argv[2]);
	if (a == ACT_NONE)
		return "unknown action";
	if (ks->k[a].len)
		buf_adds(&ks->k[a], " ,");
	/* Punctuation is a delimiter to mdoc unless escaped. */
	buf_printf(&ks->k[a], " Cm %s%s", strchr("()[].,;:?!|", argv[1][0]) && !argv[1][1] ? "\\&" : "",
	           argv[1]);
	return NULL;
}

int main(int argc, char **argv)
{
	struct keys ks;
	struct buf errs = BUF_INIT;
	size_t i;
	int group = -1;
	bool actions = argc > 1 && strcmp(argv[1], "actions") == 0;

	memset(&ks, 0, sizeof(ks));
	if (conf_parse("(built-in)", conf_defaults, collect, &ks, &errs)) {
		fputs(buf_str(&errs), stderr);
		return 1;
	}
	if (actions)
		puts(".Bl -tag -width Ds");
	for (i = 0; i < action_count; i++) {
		const struct action_info *a = &action_table[i];
		if (!actions && (int)a->group != group) {
			if (group >= 0)
				puts(".El");
			group = (int)a->group;
			printf(".Ss %s\n.Bl -tag -width Ds\n", action_group_title(a->group));
		}
		if (actions) {
			printf(".It Ic %s\n%s", a->name, a->help);
			if (ks.k[a->action].len)
				printf("\n.Pq default:%s\n", ks.k[a->action].s);
			else
				puts(" (not bound by default).");
		} else {
			printf(".It%s\n%s.\n", ks.k[a->action].len ? ks.k[a->action].s : " (unbound)",
			       a->help);
		}
	}
	if (actions || group >= 0)
		puts(".El");
	for (i = 0; i < ACT__COUNT; i++)
		buf_free(&ks.k[i]);
	return 0;
}
