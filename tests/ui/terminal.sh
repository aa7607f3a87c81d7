#!/bin/sh
# Terminals: several TERMs, no colours (NO_COLOR, vt100), escape sequences
# in the data drawn as placeholders, the clipboard (OSC 52) and $BROWSER.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui/lib-ui.sh"

import_seeds
god=$("$SHEAF" list --tsv | awk -F'\t' '$2 == "2205.14258" { print $1 }')

for term in xterm-256color screen tmux-256color vt100 linux; do
	ui_start 80x24 TERM=$term
	wait_for " 1/48"
	keys j
	wait_for " 2/48"
	keys q
	is "$(wait_exit)" 0 "TERM=$term: draws, moves, quits"
done

# Colour sequences: SGR 30-37/40-47, 90-97 and 38;5 / 48;5.
colours() { LC_ALL=C grep -c "$ESC\[[0-9;]*\(3[0-9]\|4[0-9]\|9[0-7]\|38;5\|48;5\)[;m]" "$T_DIR/raw"; }
ui_start 80x24
wait_for " 1/48"
settle
ok "$([ "$(colours)" -gt 0 ]; echo $?)" "xterm-256color: colours are used"
keys q; wait_exit >/dev/null
ui_start 80x24 NO_COLOR=1
wait_for " 1/48"
keys j j 3 j
wait_for " 3/48"
settle
is "$(colours)" 0 "NO_COLOR: not one colour sequence"
keys q; wait_exit >/dev/null
ui_start 80x24 TERM=vt100
wait_for " 1/48"
keys j
wait_for " 2/48"
settle
is "$(colours)" 0 "vt100: no colours"
like "$(screen)" " Related papers" "vt100: the whole layout"
keys q; wait_exit >/dev/null

# Hostile text: escape sequences, C0/C1 controls and a bidi override in a
# title and abstract must be shown as placeholders, never sent raw.
printf 'March 3, 2021\nEvil \033]0;PWNED\007 abstract \033[2J with a clear, \033]52;c;ZXZpbA==\007 a clipboard write, \302\233 a C1 CSI, \342\200\256 a bidi override and a bell\007 in it, long enough to be a paper.\n' >"$T_DIR/evil.txt"
"$SHEAF" import "$T_DIR/evil.txt" >/dev/null
evil=$("$SHEAF" list --tsv | awk -F'\t' '$3 == "2021-03-03" { print $1 }')
tm set-option -g set-titles off 2>/dev/null
ui_start 100x30 -- open "$evil"
wait_for "PWNED"
s=$(screen)
like "$s" "Evil ^[]0;PWNED^G abstract ^[[2J with a clear" "escape sequences drawn as ^[ and ^G"
settle
is "$(LC_ALL=C grep -c "PWNED$(printf '\007')" "$T_DIR/raw")" 0 "the OSC title sequence never reached the terminal"
is "$(LC_ALL=C grep -c "$ESC\]0;PWNED" "$T_DIR/raw")" 0 "... nor its introducer"
is "$(LC_ALL=C grep -c "$ESC\]52;c;ZXZpbA" "$T_DIR/raw")" 0 "the data's OSC 52 write never reached the terminal"
is "$(LC_ALL=C grep -c "$(printf '\302\233')" "$T_DIR/raw")" 0 "the C1 CSI never reached the terminal"
is "$(LC_ALL=C grep -c "$(printf '\342\200\256')" "$T_DIR/raw")" 0 "the bidi override never reached the terminal"
unlike "$(tm display -p '#{pane_title}')" "PWNED" "the window title is unchanged"
keys q; wait_exit >/dev/null

# y copies the URL with OSC 52 (tmux keeps it as a buffer).
ui_start 80x24 -- open "$god"
wait_for "Charles Godfrey"
keys y
wait_for "Copied the URL to the clipboard."
is "$(tm show-buffer 2>/dev/null)" "http://arxiv.org/abs/2205.14258v5" "y: the URL is on the clipboard"
keys c
wait_for "Copied the citation key to the clipboard."
is "$(tm show-buffer 2>/dev/null)" "godfrey2022symmetries" "c: a citation key is made and copied"
# o without $BROWSER shows the URL.
keys o
wait_for "http://arxiv.org/abs/2205.14258v5"
keys q; wait_exit >/dev/null

# o with $BROWSER runs it on the URL (as an argument, never through the
# shell's parser).
printf '#!/bin/sh\nprintf "%%s" "$1" >%s/opened\n' "$T_DIR" >"$T_DIR/browser"
chmod +x "$T_DIR/browser"
ui_start 80x24 BROWSER="$T_DIR/browser" -- open "$god"
wait_for "Charles Godfrey"
keys o
wait_for "Opened http://arxiv.org/abs/2205.14258v5"
is "$(cat "$T_DIR/opened")" "http://arxiv.org/abs/2205.14258v5" "o: \$BROWSER got the URL"
like "$(screen)" "Charles Godfrey" "the screen is back after the browser"
keys q; wait_exit >/dev/null

done_testing
