#!/bin/sh
# Marks and tags: made with r, s, t, T, u; saved at once, so they survive a
# restart, kill -9, SIGHUP and SIGTERM; visible to `sheaf list`.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui/lib-ui.sh"

import_seeds
mkdir -p "$HOME/.config/sheaf"
echo "set mark-read-delay never" >"$HOME/.config/sheaf/config"
newest=$(id_of 2024-10-31)
second=$(id_of 2024-10-05)

ui_start 80x24
wait_for " 1/48"
keys s
wait_for "Starred."
keys t
wait_for " 2/48"
keys s
wait_for "Starred."
keys q
is "$(wait_exit)" 0 "quit"
is "$("$SHEAF" list --starred --tsv | tail -n +2 | cut -f1 | sort -n | tr '\n' ' ')" \
	"$(printf '%s\n' "$newest" "$second" | sort -n | tr '\n' ' ')" "s starred the two papers"
is "$("$SHEAF" list --tagged --tsv | tail -n +2 | cut -f1)" "$newest" "t tagged the first and moved down"

# Marks show after a restart.
ui_start 80x24
wait_for " 1/48"
like "$(row 2)" "★✓" "after a restart the first row shows star and tag"
keys s
wait_for "Star removed."
keys r
wait_for "Marked read."
keys q
wait_exit >/dev/null
is "$("$SHEAF" list --starred --tsv | tail -n +2 | cut -f1)" "$second" "s again removed the star"
is "$("$SHEAF" list --unread --tsv | tail -n +2 | wc -l)" 47 "r marked one paper read"

# T tags every paper shown (the unread filter shows 47), u untags all.
ui_start 80x24
wait_for " 1/48"
keys f
wait_for "Papers [unread]"
keys T
wait_for "Tagged 47 papers."
keys q
wait_exit >/dev/null
is "$("$SHEAF" list --tagged --tsv | tail -n +2 | wc -l)" 48 "T tagged the 47 shown (one was tagged already)"
ui_start 80x24
wait_for " 1/48"
keys u
wait_for "Untagged 48 papers."
keys q
wait_exit >/dev/null
is "$("$SHEAF" list --tagged --tsv | tail -n +2 | wc -l)" 0 "u untagged all"

# kill -9 right after a mark keeps the mark.
ui_start 80x24
wait_for " 1/48"
keys j j s
wait_for "Starred."
kill -9 "$(sheaf_pid)"
wait_exit >/dev/null
like "$("$SHEAF" list --starred --tsv | cut -f3)" "2024-05-22" "kill -9 after a mark: the mark is kept"
"$SHEAF" list >/dev/null
ok $? "kill -9: the library still opens"

# SIGHUP (a dropped SSH connection) and SIGTERM end cleanly.
moves=j
for sig in HUP TERM; do
	ui_start 80x24
	wait_for " 1/48"
	keys $moves t
	moves="j j"
	wait_for "Tagged."
	kill -s "$sig" "$(sheaf_pid)"
	is "$(wait_exit)" 0 "SIG$sig: exit status 0"
done
is "$("$SHEAF" list --tagged --tsv | tail -n +2 | wc -l)" 2 "marks made before SIGHUP and SIGTERM kept"

# Opening a paper marks it read after the configured delay (0: at once).
echo "set mark-read-delay 0" >"$HOME/.config/sheaf/config"
ui_start 80x24
wait_for " 1/48"
keys j
wait_for " 2/48"
keys q
wait_exit >/dev/null
is "$("$SHEAF" list --tsv | awk -F'\t' '$3 == "2024-10-05" { print $4 }')" 1 \
	"delay 0: the paper opened is read"
is "$("$SHEAF" list --tsv | awk -F'\t' '$3 == "2024-05-22" { print $4 }')" 0 \
	"delay 0: the next one, never current, is not"

done_testing
