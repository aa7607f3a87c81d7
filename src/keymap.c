/*
 * keymap: key names and bindings.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "text.h"
#include "tui.h"
#include "util.h"

static const struct {
	const char *name;
	int key;
} named[] = {
	{"Enter", '\n'},
	{"Tab", '\t'},
	{"S-Tab", KEYMAP_FUNC + KEY_BTAB},
	{"Esc", 27},
	{"Space", ' '},
	{"Backspace", KEYMAP_FUNC + KEY_BACKSPACE},
	{"Up", KEYMAP_FUNC + KEY_UP},
	{"Down", KEYMAP_FUNC + KEY_DOWN},
	{"Left", KEYMAP_FUNC + KEY_LEFT},
	{"Right", KEYMAP_FUNC + KEY_RIGHT},
	{"PgUp", KEYMAP_FUNC + KEY_PPAGE},
	{"PgDn", KEYMAP_FUNC + KEY_NPAGE},
	{"Home", KEYMAP_FUNC + KEY_HOME},
	{"End", KEYMAP_FUNC + KEY_END},
	{"Insert", KEYMAP_FUNC + KEY_IC},
	{"Delete", KEYMAP_FUNC + KEY_DC},
};

struct binding {
	int key;
	enum action action;
};

static struct binding *bindings;
static size_t nbindings, capbindings;

int keymap_parse(const char *name)
{
	size_t i, n = strlen(name);
	uint32_t cp;

	for (i = 0; i < ARRAY_SIZE(named); i++)
		if (strcmp(named[i].name, name) == 0)
			return named[i].key;
	if (n >= 2 && name[0] == 'F' && strspn(name + 1, "0123456789") == n - 1) {
		int f = atoi(name + 1);
		return f >= 1 && f <= 24 ? KEYMAP_FUNC + KEY_F(f) : -1;
	}
	if (n == 3 && name[0] == 'C' && name[1] == '-') {
		char c = name[2];
		if (c >= 'a' && c <= 'z')
			return c - 'a' + 1;
		if (c >= '@' && c <= '_')
			return c - '@';
		return -1;
	}
	if (n == 0)
		return -1;
	/* A single character, possibly multibyte. */
	if (text_utf8_next(name, n, &cp) == n && cp != TEXT_REPLACEMENT && cp >= 0x21 && cp != 0x7F)
		return (int)cp;
	return -1;
}

const char *keymap_name(int key, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(named); i++)
		if (named[i].key == key) {
			snprintf(buf, len, "%s", named[i].name);
			return buf;
		}
	if (key >= KEYMAP_FUNC + KEY_F(1) && key <= KEYMAP_FUNC + KEY_F(24)) {
		snprintf(buf, len, "F%d", key - KEYMAP_FUNC - KEY_F(0));
		return buf;
	}
	if (key >= 1 && key <= 26) {
		snprintf(buf, len, "C-%c", 'a' + key - 1);
		return buf;
	}
	if (key > 0x20 && key < KEYMAP_FUNC) {
		struct buf b = BUF_INIT;
		text_utf8_put(&b, (uint32_t)key);
		snprintf(buf, len, "%s", b.s);
		buf_free(&b);
		return buf;
	}
	snprintf(buf, len, "<%d>", key);
	return buf;
}

void keymap_bind(int key, enum action a)
{
	size_t i;

	for (i = 0; i < nbindings; i++)
		if (bindings[i].key == key) {
			bindings[i].action = a;
			return;
		}
	bindings = xgrow(bindings, &capbindings, nbindings + 1, sizeof(*bindings));
	bindings[nbindings++] = (struct binding){key, a};
}

enum action keymap_lookup(int key)
{
	size_t i;

	for (i = 0; i < nbindings; i++)
		if (bindings[i].key == key)
			return bindings[i].action;
	return ACT_NONE;
}

size_t keymap_keys_of(enum action a, const char *sep, char *buf, size_t len)
{
	size_t i, count = 0, used = 0;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < nbindings; i++) {
		char name[32];
		if (bindings[i].action != a)
			continue;
		keymap_name(bindings[i].key, name, sizeof(name));
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s",
		                         count ? sep : "", name);
		if (used >= len && len) {
			buf[len - 1] = '\0';
			used = len - 1;
		}
		count++;
	}
	return count;
}

void keymap_clear(void)
{
	free(bindings);
	bindings = NULL;
	nbindings = capbindings = 0;
}
