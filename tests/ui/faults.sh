#!/bin/sh
# The reader where it cannot write: on a full disk (a file size limit
# too small for even the shared-memory file), on a writable library in a
# read-only directory, and on a library another program holds locked from
# the start. It opens, says why marks cannot be saved (or wait), browses,
# exports, and quits with status 0; the library is left as it was.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui/lib-ui.sh"

import_seeds
mkdir -p "$HOME/.config/sheaf"
echo "set mark-read-delay never" >"$HOME/.config/sheaf/config"
sum=$(cksum <"$SHEAF_DB")
list_before=$("$SHEAF" list --tsv)

# export_to FILE: E, the path typed at the prompt, Enter.
export_to() {
	keys E
	wait_for "to: sheaf.bib"
	keys C-u
	keys -l "$1"
	keys Enter
}

# --- a full disk ----------------------------------------------------------
if command -v prlimit >/dev/null; then
	rm -f "$SHEAF_DB-shm" "$SHEAF_DB-wal"
	UI_PREFIX="prlimit --fsize=4096"
	ui_start 80x24
	wait_for "The disk is full: you can read, but marks cannot be saved."
	keys j
	wait_for " 2/48"
	keys s
	wait_for "the disk is full (File too large)"
	# The library cannot keep a key, but an export that fits is written.
	export_to "$T_DIR/full.bib"
	wait_for "Wrote 1 entry to $T_DIR/full.bib."
	keys q
	is "$(wait_exit)" 0 "full disk: the reader browses, says why, and quits with 0"
	unset UI_PREFIX
	is "$(cksum <"$SHEAF_DB")" "$sum" "full disk: the library file is unchanged"
	is "$("$SHEAF" list --tsv)" "$list_before" "full disk: and lists as before"
	is "$(grep -c '^@' "$T_DIR/full.bib")" 1 "full disk: E exported the paper"
else
	echo "ok $((T_N = T_N + 1)) - # SKIP prlimit is not installed (util-linux)"
fi

# --- a writable library in a read-only directory -------------------------
mkdir "$T_DIR/rodir" "$T_DIR/out"
cp "$SHEAF_DB" "$T_DIR/rodir/library.db"
chmod 666 "$T_DIR/rodir/library.db"
chmod 777 "$T_DIR/out"
chmod 555 "$T_DIR/rodir"
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null || skip_all "running as root without setpriv"
	chmod 755 "$T_DIR" "$HOME"
	cp "$SHEAF" "$T_DIR/sheaf-copy"
	chmod 755 "$T_DIR/sheaf-copy"
	SHEAF_REAL=$SHEAF
	SHEAF="$T_DIR/sheaf-copy"
	UI_PREFIX="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
rsum=$(cksum <"$T_DIR/rodir/library.db")
ui_start 80x24 SHEAF_DB="$T_DIR/rodir/library.db"
wait_for "The library is read-only"
keys j j
wait_for " 3/48"
keys s
wait_for "the library is read-only"
export_to "$T_DIR/out/ro.bib"
wait_for "Wrote 1 entry to $T_DIR/out/ro.bib."
keys q
is "$(wait_exit)" 0 "read-only directory: the reader browses, exports and quits with 0"
unset UI_PREFIX
SHEAF=${SHEAF_REAL:-$SHEAF}
is "$(grep -c '^@' "$T_DIR/out/ro.bib")" 1 "read-only directory: the export holds the paper"
is "$(cksum <"$T_DIR/rodir/library.db")" "$rsum" "read-only directory: the library is unchanged"
chmod 755 "$T_DIR/rodir"

# --- locked from the start ------------------------------------------------
if [ -n "${PYTHON3:-}" ] && "$PYTHON3" -c 'import sqlite3' 2>/dev/null; then
	lock_hold
	ui_start 80x24
	wait_for " 1/48"
	keys s
	wait_for "The library is busy"
	export_to "$T_DIR/locked.bib"
	wait_for "Wrote 1 entry to $T_DIR/locked.bib."
	is "$(grep -c '^@' "$T_DIR/locked.bib")" 1 "locked: E exports the paper while the lock is held"
	lock_release
	wait_for "Saved the marks made while the library was busy."
	keys q
	is "$(wait_exit)" 0 "locked: the reader quits with 0"
	is "$("$SHEAF" list --starred --tsv | tail -n +2 | wc -l)" 1 "locked: the mark waited and was saved"
else
	echo "ok $((T_N = T_N + 1)) - # SKIP python3 with sqlite3 is not available"
fi

done_testing
