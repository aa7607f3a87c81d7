#!/bin/sh
# The reader's layout: tall at 80x24, wide at 200x50, every resize down to
# 20x6 and back without a crash; the zoom key; the help screen.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui/lib-ui.sh"

import_seeds

ui_start 80x24
wait_for "Papers"
s=$(screen)
is "$(row 1 | cut -c1-8)" " Papers " "80x24: the list's header on the first row"
like "$s" " Abstract" "80x24: the abstract pane"
like "$s" " Related papers" "80x24: the related pane"
papers_row=$(screen | grep -n ' Papers' | cut -d: -f1)
abstract_row=$(screen | grep -n ' Abstract' | cut -d: -f1)
related_row=$(screen | grep -n ' Related papers' | cut -d: -f1)
ok "$([ "$papers_row" -lt "$abstract_row" ] && [ "$abstract_row" -lt "$related_row" ]; echo $?)" \
	"80x24: stacked list, abstract, related"
like "$(row 23)" "by date" "80x24: the status line above the message line"
like "$(row 2)" "2024-10-31  Group Crosscoders for Mechanistic Analysis of Symmetry" \
	"the newest paper first, with its date"
is "$(screen | grep -c '20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]  ')" 7 "80x24: seven list rows"
wait_for " 1/48"

resize 200x50
wait_row 1 " Abstract"
like "$(row 1)" " Papers" "200x50: the list on the left"
like "$(row 1)" " Abstract" "200x50: the abstract on the same row, to the right"
like "$(row 1)" "│" "200x50: a separator between the columns"
ok "$(screen | grep -n ' Related papers' | cut -d: -f1 | awk '{exit !($1 > 20)}'; echo $?)" \
	"200x50: related below the abstract"

for size in 120x40 100x30 80x24 60x20 40x12 30x9 25x8 20x6 20x7 80x24; do
	resize "$size"
	settle
	kill -0 "$(sheaf_pid)" 2>/dev/null
	ok $? "resized to $size: still running"
done
resize 20x6
settle
keys j j k
settle
kill -0 "$(sheaf_pid)" 2>/dev/null
ok $? "20x6: keys still work"
like "$(screen)" "Papers" "20x6: the focused pane is shown"
resize 80x24
wait_for " Abstract"
like "$(screen)" " Related papers" "back to 80x24: all three panes again"

# Zoom the focused pane and back.
keys 2
keys z
wait_gone " Papers "
like "$(row 1)" " Abstract" "z: the abstract fills the screen"
keys z
wait_for " Papers "
pass=0; case "$(screen)" in *" Related papers"*) pass=1 ;; esac
is "$pass" 1 "z again: back to three panes"

# The help screen lists every action with its keys.
keys '?'
wait_for "Help: sheaf keys"
h=$(screen)
like "$h" "j, Down" "help: keys of 'down'"
like "$h" "move down one line" "help: what 'down' does"
# Page through it all (the last page ends with how to close it).
i=0
while [ $i -lt 10 ]; do
	case "$h" in *"to close this help"*) break ;; esac
	keys PgDn
	settle
	h="$h$(screen)"
	i=$((i + 1))
done
for text in "focus the paper list" "follow the related paper" "go back to the previous paper" \
	"star or unstar the current paper" "tag every paper the list shows" "zoom the focused pane" \
	"copy the URL" "open the paper's URL" "export the tagged papers" "show this help" "quit"; do
	like "$h" "$text" "help lists: $text"
done
keys q
wait_gone "Help: sheaf keys"
like "$(screen)" " Papers" "q closes the help"
keys q
is "$(wait_exit)" 0 "q quits with status 0"

done_testing
