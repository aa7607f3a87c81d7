#!/bin/sh
# Two readers and an import on one library at the same time (two SSH
# sessions and a cron job): the import of 30000 papers holds the write
# lock while both readers make marks. Nobody fails with
# "database is locked": the marks wait in their reader and are saved
# when the import lets go, the import finishes, and each reader sees the
# other's marks when a paper becomes current and after R. Nothing lost.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui/lib-ui.sh"

[ -n "${PYTHON3:-}" ] && "$PYTHON3" -c 'import sqlite3' 2>/dev/null ||
	skip_all "python3 with sqlite3 is needed"
import_seeds
mkdir -p "$HOME/.config/sheaf"
echo "set mark-read-delay never" >"$HOME/.config/sheaf/config"
"$PYTHON3" "$SRCDIR/bench/gen-arxiv.py" 30000 -o "$T_DIR/big.jsonl" ||
	{ echo "Bail out! bench/gen-arxiv.py failed"; exit 1; }
# The seeds of 2024 stay at the top of the list: no generated paper is
# that new.
first=$(id_of 2024-10-31)
second=$(id_of 2024-10-05)
third=$(id_of 2024-05-22)

UI_NAME=a
ui_start 80x24
wait_for " 1/48"
UI_NAME=b
ui_start 80x24
wait_for " 1/48"

# The import reads the file through a FIFO, the second half held back
# until the readers have marked: its transaction (and the write lock) is
# then open for as long as the test needs, on any machine.
head -n 15000 "$T_DIR/big.jsonl" >"$T_DIR/part1"
tail -n +15001 "$T_DIR/big.jsonl" >"$T_DIR/part2"
mkfifo "$T_DIR/feed"
"$SHEAF" import "$T_DIR/feed" >"$T_DIR/import.out" 2>"$T_DIR/import.err" &
importer=$!
exec 3>"$T_DIR/feed"
cat "$T_DIR/part1" >&3
is "$(lock_state 1200)" locked "the import holds the write lock"

# Both readers mark while it does.
UI_NAME=a
keys s
wait_for "The library is busy"
like "$(row 23)" "[1 mark waiting]" "reader a: the star waits"
keys j j s
wait_for "[2 marks waiting]"
UI_NAME=b
keys j t
wait_for "The library is busy"
like "$(row 23)" "[1 mark waiting]" "reader b: the tag waits"
like "$(row 3)" "✓" "reader b: the tag shows at once"
is "$(lock_state)" locked "the marks were made while the import held the lock"

cat "$T_DIR/part2" >&3
exec 3>&-
wait "$importer"
is "$?" 0 "the import finished"
is "$(tail -n 1 "$T_DIR/import.out")" "$T_DIR/feed: 30000 papers added, 0 merged, 0 links added" \
	"... with all its papers"
unlike "$(cat "$T_DIR/import.err")" "locked" "... and no \"locked\" failure"

UI_NAME=a
wait_for "Saved the marks made while the library was busy."
UI_NAME=b
wait_for "Saved the marks made while the library was busy."
is "$("$SHEAF" list --starred --tsv | tail -n +2 | cut -f1 | sort -n | tr '\n' ' ')" \
	"$(printf '%s\n' "$first" "$third" | sort -n | tr '\n' ' ')" "both stars of reader a are saved"
is "$("$SHEAF" list --tagged --tsv | tail -n +2 | cut -f1)" "$second" "the tag of reader b is saved"

# Reader b sees a's star when the paper becomes current...
UI_NAME=b
keys k k
wait_for " 1/"
like "$(row 2)" "★" "reader b: a's star shows when the paper becomes current"
# ... and everything after R.
keys R
wait_for "Reread the library."
like "$(row 4)" "★" "reader b: after R, a's other star"
like "$(screen)" " 1/300" "reader b: after R, the imported papers are counted"
UI_NAME=a
keys R
wait_for "Reread the library."
like "$(row 3)" "✓" "reader a: after R, b's tag"
keys q
is "$(wait_exit)" 0 "reader a quits with 0"
UI_NAME=b
keys q
is "$(wait_exit)" 0 "reader b quits with 0"
is "$("$SHEAF" list --starred --tsv | tail -n +2 | wc -l)$("$SHEAF" list --tagged --tsv | tail -n +2 | wc -l)" \
	21 "nothing lost: two stars and one tag in the library"
unset UI_NAME

done_testing
