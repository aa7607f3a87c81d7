#!/bin/sh
# The list's position ("12/6000") in a library of several fences (the
# reader finds positions from every 2048th row's key, not by counting
# from the top): at the top, the end, one up, a paper opened deep in the
# list, under the unread filter and the title sort. Every figure is
# checked against the row's number in 'sheaf list'.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui/lib-ui.sh"

[ -n "${PYTHON3:-}" ] || skip_all "python3 is needed"
N=6000
"$PYTHON3" "$SRCDIR/bench/gen-arxiv.py" $N -o "$T_DIR/papers.jsonl" ||
	{ echo "Bail out! bench/gen-arxiv.py failed"; exit 1; }
"$SHEAF" import "$T_DIR/papers.jsonl" >/dev/null
mkdir -p "$HOME/.config/sheaf"
echo "set mark-read-delay never" >"$HOME/.config/sheaf/config"

# row_of ID [list options]: the paper's row in 'sheaf list' (1 = first).
row_of() {
	_id=$1
	shift
	"$SHEAF" list --tsv "$@" | tail -n +2 | cut -f1 | grep -n -x -m1 "$_id" | cut -d: -f1
}

ui_start 80x24
wait_for " 1/$N"
keys G
wait_for " $N/$N"
keys k
wait_for " $((N - 1))/$N"
ok 0 "the end and one up: $((N - 1))/$N"
keys g
wait_for " 1/$N"
keys q
wait_exit >/dev/null

# Papers between the fences, on them and next to them.
for row in 2047 2048 2049 2050 4097 3333; do
	id=$("$SHEAF" list --tsv | tail -n +2 | sed -n "${row}p" | cut -f1)
	ui_start 80x24 -- open "$id"
	wait_for " $row/$N" && ok 0 "paper $id opened at row $row of $N"
	keys q
	wait_exit >/dev/null
done

# A filtered view: half the papers read, so the unread list is another
# order of rows.
"$SHEAF" list --tsv | tail -n +2 | cut -f1 | awk 'NR % 2 == 0' | head -n 3000 >"$T_DIR/read"
"$SHEAF" mark $(cat "$T_DIR/read") --read
unread=$("$SHEAF" list --unread --tsv | tail -n +2 | wc -l)
id=$("$SHEAF" list --unread --tsv | tail -n +2 | sed -n 2500p | cut -f1)
ui_start 80x24 -- open "$id"
wait_for " $(row_of "$id")/$N"
keys f
wait_for "Papers [unread]"
wait_for " 2500/$unread" && ok 0 "unread filter: row 2500 of $unread"
# Marking the current paper read drops it from the view: the count follows.
keys r
wait_for "/$((unread - 1))" && ok 0 "unread filter: one read, one fewer"
keys q
wait_exit >/dev/null

# The title sort.
id=$("$SHEAF" list --sort title --tsv | tail -n +2 | sed -n 4100p | cut -f1)
ui_start 80x24 -- open "$id"
wait_for " $(row_of "$id")/$N"
keys S
wait_for "by title"
wait_for " 4100/$N" && ok 0 "title sort: row 4100"
keys q
wait_exit >/dev/null

done_testing
