/*
 * keymap: key names ("j", "C-l", "PgDn", "S-Tab") and the bindings from
 * keys to actions. Key codes are what ui_read_key() returns: a Unicode
 * character, or KEYMAP_FUNC + a curses KEY_* code.
 */
#ifndef SHEAF_KEYMAP_H
#define SHEAF_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "action.h"

#define KEYMAP_FUNC 0x200000

/* The key code of a key name, or -1 when the name means nothing. */
int keymap_parse(const char *name);

/* Writes the name of a key (the form keymap_parse() reads) into buf. */
const char *keymap_name(int key, char *buf, size_t len);

/* Binds key to action (ACT_NONE unbinds). */
void keymap_bind(int key, enum action a);

/* The action bound to key, or ACT_NONE. */
enum action keymap_lookup(int key);

/* Writes the keys bound to action a, separated by sep, into buf; returns
 * the number of keys. */
size_t keymap_keys_of(enum action a, const char *sep, char *buf, size_t len);

/* Forgets every binding. */
void keymap_clear(void);

#endif
