#!/bin/sh
# Two sessions at once: marks made while another program holds the write
# lock (a long import) wait and are saved when it lets go, without
# freezing the reader; two readers see each other's marks.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui/lib-ui.sh"

[ -n "${PYTHON3:-}" ] && "$PYTHON3" -c 'import sqlite3' 2>/dev/null || skip_all "python3 with sqlite3 is needed"
import_seeds
mkdir -p "$HOME/.config/sheaf"
echo "set mark-read-delay never" >"$HOME/.config/sheaf/config"

ui_start 80x24
wait_for " 1/48"
# Another program takes the write lock until $T_DIR/release appears.
lock_hold
keys s
wait_for "The library is busy"
like "$(row 23)" "[1 mark waiting]" "the status line counts the waiting mark"
like "$(row 2)" "★" "the star shows at once"
keys j
wait_for " 2/48"
ok 0 "the reader still answers keys while the library is locked"
is "$("$SHEAF" list --starred --tsv | tail -n +2 | wc -l)" 0 "not saved while the lock is held"
lock_release
wait_for "Saved the marks made while the library was busy."
is "$("$SHEAF" list --starred --tsv | tail -n +2 | cut -f3)" "2024-10-31" "saved once the lock is gone"

# A second reader sees the first one's marks when a paper becomes current
# (and everywhere after refresh).
"$SHEAF" mark "$("$SHEAF" list --tsv | sed -n 4p | cut -f1)" --tag
keys j
wait_for " 3/48"
like "$(row 4)" "✓" "a mark made by another program shows when the paper becomes current"
"$SHEAF" mark "$("$SHEAF" list --tsv | sed -n 6p | cut -f1)" --tag
keys R
wait_for "Reread the library."
like "$(row 6)" "✓" "refresh shows marks made elsewhere"
keys q
is "$(wait_exit)" 0 "quit"

done_testing
