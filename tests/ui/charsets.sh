#!/bin/sh
# One library, three terminals. The seed abstracts with $G$-invariant,
# $G_2$, $F_4$, and $E_6$, {\em pretraining} and \textit{progress
# measures} read cleanly:
#  - LANG=C: the screen and every byte sent are ASCII (G_2, F_4, and E_6);
#  - UTF-8: G₂, F₄, E₆, and the styled words in italic (underlined where
#    the terminal has no italic);
#  - ISO-8859-1: é is the byte 0xE9, what Latin-1 lacks is transliterated
#    (≤ <=, — -, “ ” ", α alpha), never a raw UTF-8 byte.
# sheaf show under LANG=C prints pure ASCII too.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/lib-i18n.sh"
. "$SRCDIR/tests/ui/lib-ui.sh"

import_seeds

# The abstract pane zoomed, its lines joined: a phrase that wraps is
# still found. The first argument waits for the abstract to be drawn.
abstract() {
	keys 2 z
	# Zoomed, the abstract's header begins the first row (the text
	# waited for may already show in the unzoomed pane, and side by side
	# the first row holds the list's header, then the abstract's).
	wait_row_starts 1 " Abstract" >/dev/null || return 1
	wait_for "$1" >/dev/null || return 1
	screen | tr '\n' ' ' | tr -s ' '
}

# paper DATE PHRASE-TO-WAIT-FOR WANT...: opens the paper of DATE in the
# session's locale ($LOC) and checks the wanted phrases of its abstract.
paper() {
	_date=$1 _wait=$2
	shift 2
	# shellcheck disable=SC2086 # $LOC is a list of assignments
	ui_start 120x40 $LOC -- open "$(id_of "$_date")"
	_text=$(abstract "$_wait")
	for _want in "$@"; do
		like "$_text" "$_want" "$NAME: $_date reads \"$_want\""
	done
	unlike "$_text" '\' "$NAME: $_date: no LaTeX command left"
	unlike "$_text" '$' "$NAME: $_date: no math dollar left"
	screen >"$T_DIR/screen"
	keys q
	is "$(wait_exit)" 0 "$NAME: $_date: quits cleanly (exit 0)"
	settle
}

# --------------------------------------------------------------- LANG=C
NAME="LANG=C" LOC="LANG=C LC_ALL=C"
paper 2023-07-10 "exceptional" "exceptional Lie groups G_2, F_4, and E_6"
is "$(high_bytes "$T_DIR/raw")" 0 "LANG=C: every byte sent is ASCII (G_2 paper)"
is "$(high_bytes "$T_DIR/screen")" 0 "LANG=C: the screen is ASCII (G_2 paper)"
paper 2022-05-18 "invariant" "a G-invariant target function"
is "$(high_bytes "$T_DIR/raw")" 0 "LANG=C: every byte sent is ASCII (G-invariant paper)"
paper 2015-04-08 "pretraining" "a key algorithmic step called pretraining: first"
is "$(high_bytes "$T_DIR/raw")" 0 "LANG=C: every byte sent is ASCII (pretraining paper)"
paper 2023-01-12 "progress" "to find continuous progress measures that underlie"
is "$(high_bytes "$T_DIR/raw")" 0 "LANG=C: every byte sent is ASCII (progress measures paper)"

# The whole reader, wide layout (a column separator), help and trail.
ui_start 140x40 LANG=C LC_ALL=C -- open "$(id_of 2022-05-27)"
wait_for "Related papers"
keys 3 Enter
wait_for " > ["
keys '?'
wait_for "Help: sheaf keys"
keys q
wait_for "Related papers"
screen >"$T_DIR/screen"
like "$(cat "$T_DIR/screen")" "|" "LANG=C: the column separator is a plain |"
is "$(high_bytes "$T_DIR/screen")" 0 "LANG=C: the wide layout, trail and help are ASCII on screen"
keys q
is "$(wait_exit)" 0 "LANG=C, wide layout: quits cleanly (exit 0)"
settle
is "$(high_bytes "$T_DIR/raw")" 0 "LANG=C: ... and in every byte sent"
like "$(cat "$T_DIR/raw")" "$ESC[" "LANG=C: (the raw output was captured)"

# --------------------------------------------------------------- UTF-8
NAME="UTF-8" LOC="LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color"
paper 2023-07-10 "exceptional" "exceptional Lie groups G₂, F₄, and E₆"
paper 2022-05-18 "invariant" "a G-invariant target function"
paper 2015-04-08 "pretraining" "a key algorithmic step called pretraining: first"
paper 2023-01-12 "progress" "to find continuous progress measures that underlie"

# The styled words carry the italic attribute: tmux shows it as SGR 3 (an
# underline, SGR 4, where the terminal has no italic).
styled() {
	# shellcheck disable=SC2086
	ui_start 120x40 LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=$1 -- open "$(id_of "$2")"
	abstract "$3" >/dev/null
	c=$(tm capture-pane -e -p | tr '\n' ' ')
	keys q
	is "$(wait_exit)" 0 "$1: quits cleanly (exit 0)"
}
styled xterm-256color 2015-04-08 pretraining
like "$c" "called $ESC[3mpretraining$ESC[" "xterm-256color: the em-styled pretraining is italic"
styled xterm-256color 2023-01-12 progress
like "$c" "$ESC[3mprogress" "xterm-256color: the textit-styled progress measures are italic"
unlike "$c" "$ESC[3mto find" "xterm-256color: the words around it are not"
styled vt100 2015-04-08 pretraining
like "$c" "called $ESC[4mpretraining$ESC[" "vt100 (no italic): underlined instead"

# --------------------------------------------------------------- show
for d in 2023-07-10 2022-05-18 2015-04-08 2023-01-12; do
	LANG=C LC_ALL=C "$SHEAF" show "$(id_of "$d")" >>"$T_DIR/show.c"
done
is "$(high_bytes "$T_DIR/show.c")" 0 "show under LANG=C: pure ASCII"
shown=$(tr '\n' ' ' <"$T_DIR/show.c" | tr -s ' ')
like "$shown" "Lie groups G_2, F_4, and E_6" "show under LANG=C: G_2, F_4, and E_6"
like "$shown" "a G-invariant target" "show under LANG=C: G-invariant"
like "$shown" "called pretraining: first" "show under LANG=C: pretraining"
like "$shown" "continuous progress measures that" "show under LANG=C: progress measures"

# --------------------------------------------------------------- Latin-1
need_locale de_DE.ISO-8859-1 ISO-8859-1
printf 'March 5, 2021\nCaf\303\251 society \342\200\224 \342\200\234quoted\342\200\235 words where $a \\leq b$ and c \342\211\244 d hold for the \316\261-helix, long enough to be a paper.\n' >"$T_DIR/latin.txt"
"$SHEAF" import "$T_DIR/latin.txt" >/dev/null
# 100 columns: the tall layout, where the abstract's first line holds the
# whole sentence, drawn on a blank screen (so sent as one run of bytes).
ui_start 100x40 LANG=de_DE.ISO-8859-1 LC_ALL=de_DE.ISO-8859-1 -- open "$(id_of 2021-03-05)"
wait_for "helix"
settle
keys q
is "$(wait_exit)" 0 "Latin-1: quits cleanly (exit 0)"
has_bytes "$T_DIR/raw" 'Caf\351 society - "quoted" words'
ok $? "Latin-1: é is the byte 0xE9; — and “ ” transliterated"
has_bytes "$T_DIR/raw" 'where a <= b and c <= d hold for the alpha-helix'
ok $? "Latin-1: ≤ (from LaTeX and from Unicode) is <=, α is alpha"
for seq in e-acute:'\303\251' dash-or-quote:'\342\200' less-equal:'\342\211' \
	alpha:'\316\261' arrow:'\342\226\266' box:'\342\224\202'; do
	has_bytes "$T_DIR/raw" "${seq#*:}"
	ok "$((! $?))" "Latin-1: no raw UTF-8 (${seq%%:*})"
done
is "$(c1_bytes "$T_DIR/raw")" 0 "Latin-1: the output is ISO-8859-1 text (no byte in 0x80-0x9F)"
# The wide layout adds a column separator (the terminal's line drawing).
ui_start 140x40 LANG=de_DE.ISO-8859-1 LC_ALL=de_DE.ISO-8859-1 -- open "$(id_of 2021-03-05)"
wait_for "Related papers"
keys q
is "$(wait_exit)" 0 "Latin-1, wide layout: quits cleanly (exit 0)"
settle
has_bytes "$T_DIR/raw" '\342\224\202'
ok "$((! $?))" "Latin-1, wide layout: the separator is no UTF-8 box drawing"
is "$(c1_bytes "$T_DIR/raw")" 0 "Latin-1, wide layout: no byte in 0x80-0x9F"
LANG=de_DE.ISO-8859-1 LC_ALL=de_DE.ISO-8859-1 "$SHEAF" show "$(id_of 2021-03-05)" >"$T_DIR/show.l1"
has_bytes "$T_DIR/show.l1" 'Caf\351 society - "quoted" words where a <= b'
ok $? "show on a Latin-1 terminal: the same bytes"

done_testing
