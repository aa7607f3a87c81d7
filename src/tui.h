/*
 * tui: the one place that chooses the curses header. Every reader file
 * includes this instead of <curses.h>.
 */
#ifndef SHEAF_TUI_H
#define SHEAF_TUI_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#if defined(HAVE_NCURSESW_CURSES_H)
#include <ncursesw/curses.h>
#elif defined(HAVE_NCURSES_H)
#include <ncurses.h>
#else
#include <curses.h>
#endif

#endif
