#!/bin/sh
# Searching in the reader: / as you type, n and N, the limit view combined
# with a filter, Esc; and computed related papers in the related pane.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui/lib-ui.sh"

import_seeds
"$SHEAF" index --quiet
mkdir -p "$HOME/.config/sheaf"
echo "set mark-read-delay never" >"$HOME/.config/sheaf/config"
god=$("$SHEAF" list --tsv | awk -F'\t' '$2 == "2205.14258" { print $1 }')

ui_start 100x30
wait_for " 1/48"
keys /
wait_for "/"
keys -l "intertw"
# As typed, "intertw" is a prefix: Godfrey et al. is the one hit.
wait_for "[/intertw*: 1]"
wait_for "Charles Godfrey"
keys Enter
wait_for "1 paper matches."
like "$(screen | sed -n '2,12p' | grep '▶')" "On the Symmetries of Deep Learning Models" "Enter on a search: the cursor is on the hit"
like "$(row 29)" "[/intertw*: 1]" "the status line shows the search (as a prefix: no word is intertw)"

keys /
keys C-u
keys -l "author:Kvinge"
keys Enter
wait_for "[/author:Kvinge: 1]"
like "$(screen | sed -n '2,12p' | grep '▶')" "On the Symmetries of Deep Learning Models" "author:Kvinge finds it too"

keys /
keys C-u
keys -l "pretraining"
keys Enter
wait_for "[/pretraining: 1]"
like "$(screen | sed -n '2,12p' | grep '▶')" "2015-04-08" "pretraining finds the {\\em pretraining} paper"

# n and N walk the hits in the list's order.
keys /
keys C-u
keys -l "symmetry"
keys Enter
wait_for "[/symmetry: "
hits=$(row 29 | sed -n 's/.*\[\/symmetry: \([0-9]*\)\].*/\1/p')
ok "$([ "$hits" -gt 5 ]; echo $?)" "symmetry: several hits ($hits)"
first=$(screen | sed -n '2,12p' | grep '▶' | grep -o '20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
keys n
wait_gone "▶ •   $first"
wait_gone "▶     $first"
second=$(screen | sed -n '2,12p' | grep '▶' | grep -o '20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
ok "$([ "$second" \< "$first" ]; echo $?)" "n: the next hit, older ($second after $first)"
keys N
wait_for "$first"
like "$(screen | sed -n '2,12p' | grep '▶')" "$first" "N: back to the first"
keys N
wait_for "Search wrapped to the bottom."

# L shows only the hits; the filter combines with it; Esc clears both.
keys L
wait_for "Papers /symmetry"
like "$(row 29)" "[limit /symmetry: $hits]" "L: the status line shows the limit"
rows=$(screen | sed -n '2,40p' | grep -c '20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]  ')
ok "$([ "$rows" -le "$hits" ]; echo $?)" "only hits listed ($rows rows)"
keys 1 s
wait_for "Starred."
keys f f
wait_for "[starred]"
wait_for "[limit /symmetry: 1]"
is "$(screen | sed -n '2,12p' | grep -c '20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]  ')" 1 \
	"limit and the starred filter: the one starred hit"
keys Escape
wait_for "Search cleared."
keys Escape
wait_for "Filter cleared."
wait_for "/48"
unlike "$(row 29)" "/symmetry" "Esc cleared the search"

# In the starred view the reader builds a search index of the starred
# papers while idle; a star given meanwhile by another sheaf is seen.
keys f f
wait_for "[starred]"
settle
keys /
keys C-u
keys -l "pretraining"
keys Enter
wait_for "No paper matches."
"$SHEAF" mark "$(id_of 2015-04-08)" --star
keys /
keys C-u
keys -l "pretraining"
keys Enter
wait_for "1 paper matches."
like "$(screen | sed -n '2,12p' | grep '▶')" "2015-04-08" \
	"a paper starred by another sheaf is found in the starred view"
keys Escape
wait_for "Search cleared."
# Zoomed, the hidden panes stay undrawn; the idle reader still sleeps
# (it once spun, waiting for them to be drawn before the index's step).
keys z
settle
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$(sheaf_pid)/stat"; }
t0=$(cpu_ticks)
sleep 1
t1=$(cpu_ticks)
ok "$([ $((t1 - t0)) -lt 30 ]; echo $?)" "zoomed in the starred view, the idle reader sleeps ($((t1 - t0)) ticks of CPU in a second)"
keys z
keys Escape
wait_for "Filter cleared."

# A malformed query says what is wrong, and nothing breaks.
keys /
keys C-u
keys -l "(unclosed"
keys Enter
wait_for "never closed"
keys q
is "$(wait_exit)" 0 "quit"

# The related pane shows computed neighbours after the imported links.
ui_start 100x30 -- open "$god"
wait_for "Charles Godfrey"
keys 3
wait_for "digest    79.17"
like "$(screen | grep -A1 'Related papers' | tail -1)" "digest" "imported links first"
keys G
wait_for "computed"
like "$(screen)" "computed" "then computed ones"
keys q
is "$(wait_exit)" 0 "quit"

# A search index from an older renderer: the reader opens at once (no
# rebuild), says so, and 'sheaf index' rebuilds it.
"$PYTHON3" -c 'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute("UPDATE meta SET value = ? WHERE key = ?", ("old", "fts_render")); db.commit()' "$SHEAF_DB"
ui_start 100x30
wait_for "The search index is from an older sheaf"
keys q
is "$(wait_exit)" 0 "the reader opens a library whose index is stale"
is "$("$PYTHON3" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT value FROM meta WHERE key = ?", ("fts_render",)).fetchone()[0])' "$SHEAF_DB")" old \
	"... without rebuilding it"
"$SHEAF" index --quiet
isnt_old=$("$PYTHON3" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT value FROM meta WHERE key = ?", ("fts_render",)).fetchone()[0])' "$SHEAF_DB")
ok "$([ "$isnt_old" != old ]; echo $?)" "sheaf index rebuilt it"
is "$("$SHEAF" search --tsv intertwiner | tail -n +2 | cut -f2)" "2205.14258" "search works on the rebuilt index"

done_testing
