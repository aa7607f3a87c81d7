#!/bin/sh
# A library we may only read, and one another program holds locked: clear
# messages, exit status 1, reading still works, nothing is half-written.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui/lib-ui.sh"

import_seeds
first=$("$SHEAF" list --tsv | sed -n 2p | cut -f1)

# As root, permissions do not stop anything: become nobody for this part
# (the program is copied where nobody can run it).
as_user() { "$@"; }
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null || skip_all "running as root without setpriv"
	chmod 755 "$T_DIR"
	cp "$SHEAF" "$T_DIR/sheaf-copy"
	chmod 755 "$T_DIR/sheaf-copy"
	SHEAF="$T_DIR/sheaf-copy"
	as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
fi
mkdir "$T_DIR/ro"
cp "$SHEAF_DB" "$T_DIR/ro/library.db"
chmod 444 "$T_DIR/ro/library.db"
chmod 555 "$T_DIR/ro"
RO="$T_DIR/ro/library.db"
sum=$(cksum <"$RO")

out=$(as_user env SHEAF_DB="$RO" "$SHEAF" list --tsv 2>&1)
is "$?" 0 "read-only file and directory: list works"
is "$(echo "$out" | tail -n +2 | wc -l)" 48 "... and shows every paper"
as_user env SHEAF_DB="$RO" "$SHEAF" show "$first" >/dev/null 2>&1
is "$?" 0 "... show works"
err=$(as_user env SHEAF_DB="$RO" "$SHEAF" mark "$first" --star 2>&1)
is "$?" 1 "... mark fails with status 1"
like "$err" "the library is read-only" "... saying the library is read-only"
# (a copy the user nobody may read: the checkout may lie in a private
# directory)
cp "$SEEDS"/000_*.txt "$T_DIR/seed.txt"
chmod 644 "$T_DIR/seed.txt"
err=$(as_user env SHEAF_DB="$RO" "$SHEAF" import "$T_DIR/seed.txt" 2>&1)
is "$?" 1 "... import fails with status 1"
like "$err" "read-only" "... saying why"
is "$(cksum <"$RO")" "$sum" "... and the file is unchanged"
out=$(as_user env SHEAF_DB="$RO" "$SHEAF" export --all 2>"$T_DIR/err")
is "$?" 0 "... export works"
is "$(echo "$out" | grep -c '^@')" 47 "... and writes every paper"
like "$(cat "$T_DIR/err")" "could not store the 47 citation keys made for this export" \
	"... saying the keys it made are not kept"
is "$(cksum <"$RO")" "$sum" "... the file still unchanged"

# A library file we may write in a directory we may not: the log and
# shared-memory files cannot be made beside it, so it is read as it is.
mkdir "$T_DIR/rodir"
cp "$SHEAF_DB" "$T_DIR/rodir/library.db"
chmod 666 "$T_DIR/rodir/library.db"
chmod 555 "$T_DIR/rodir"
RD="$T_DIR/rodir/library.db"
rsum=$(cksum <"$RD")
out=$(as_user env SHEAF_DB="$RD" "$SHEAF" list --tsv 2>&1)
is "$?" 0 "writable file, read-only directory: list works"
is "$(echo "$out" | tail -n +2 | wc -l)" 48 "... and shows every paper"
err=$(as_user env SHEAF_DB="$RD" "$SHEAF" mark "$first" --star 2>&1)
is "$?" 1 "... mark fails with status 1"
like "$err" "the library is read-only" "... saying the library is read-only"
is "$(cksum <"$RD")" "$rsum" "... and the file is unchanged"

# The reader opens it, says it is read-only, and a mark is refused.
if [ "$(id -u)" = 0 ]; then
	UI_PREFIX="setpriv --reuid=65534 --regid=65534 --clear-groups"
	export UI_PREFIX
fi
ui_start 80x24 SHEAF_DB="$RO"
wait_for "The library is read-only"
keys s
wait_for "the library is read-only"
keys j
wait_for " 2/48"
keys q
is "$(wait_exit)" 0 "the read-only reader browses and quits"
unset UI_PREFIX
is "$(cksum <"$RO")" "$sum" "the reader left the read-only file unchanged"
chmod 755 "$T_DIR/ro"

# A library another program holds the write lock of: writers wait (5 s)
# and then give up with a clear message; readers are not blocked.
if [ -n "${PYTHON3:-}" ] && "$PYTHON3" -c 'import sqlite3' 2>/dev/null; then
	lock_hold
	out=$("$SHEAF" list --tsv 2>&1)
	is "$?" 0 "locked library: reading still works"
	err=$("$SHEAF" mark "$first" --star 2>&1)
	is "$?" 1 "locked library: mark gives up with status 1"
	like "$err" "locked by another program" "... saying the library is locked"
	out=$("$SHEAF" export --all 2>"$T_DIR/err")
	is "$?" 0 "locked library: export still works (after the wait)"
	is "$(echo "$out" | grep -c '^@')" 47 "... and writes every paper"
	like "$(cat "$T_DIR/err")" "could not store the 47 citation keys" "... saying its keys are not kept"
	lock_release
	"$SHEAF" mark "$first" --star
	is "$?" 0 "once the lock is gone, mark works"
else
	echo "ok $((T_N = T_N + 1)) - # SKIP python3 with sqlite3 is not available"
fi

done_testing
