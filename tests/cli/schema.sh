#!/bin/sh
# Libraries sheaf must not touch: one written by a newer sheaf, and
# databases or files that are not sheaf libraries at all. Each is refused
# with exit status 1 and a clear message, and its bytes stay as they were.
. "${SRCDIR:-.}/tests/lib.sh"
SCHEMA=$(sed -n 's/^#define STORE_SCHEMA_VERSION \([0-9]*\).*/\1/p' "$SRCDIR/src/store.h")

PY=${PYTHON3:-/usr/bin/python3}
[ -x "$PY" ] || PY=$(command -v python3 2>/dev/null)
if [ -z "$PY" ] || ! "$PY" -c 'import sqlite3' 2>/dev/null; then
	skip_all "python3 with sqlite3 is needed"
fi

# py_sql FILE SQL...: runs statements on FILE with Python's sqlite3 module.
py_sql() {
	"$PY" - "$@" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
for stmt in sys.argv[2:]:
    db.execute(stmt)
db.close()
EOF
}

# refused DB PATTERN DESCRIPTION: every command on DB fails with exit 1, a
# message containing PATTERN, and leaves DB byte for byte as it was.
refused() {
	cp "$1" "$T_DIR/before"
	for cmd in "list --tsv" "show 1" "related 1" "mark 1 --star" "import $SEEDS/000_0275caf27ebf7e28.txt" ""; do
		# shellcheck disable=SC2086
		err=$("$SHEAF" --db "$1" $cmd 2>&1 >/dev/null)
		is "$?" 1 "$3: '${cmd:-(no command)}' exits 1"
		like "$err" "$2" "$3: '${cmd:-(no command)}' says why"
	done
	cmp -s "$1" "$T_DIR/before"
	ok $? "$3: its bytes are unchanged"
	ok "$([ ! -e "$1-wal" ] && [ ! -e "$1.v1.bak" ] && [ ! -e "$1.v0.bak" ]; echo $?)" \
		"$3: no journal or backup left beside it"
}

# ---------------------------------------------------------------- newer
db="$T_DIR/newer.db"
"$SHEAF" --db "$db" import "$SEEDS"/000_*.txt >/dev/null
ok $? "a library with papers"
py_sql "$db" "PRAGMA journal_mode = DELETE" "PRAGMA user_version = 99"
is "$("$PY" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA user_version").fetchone()[0])' "$db")" 99 \
	"its user_version set to 99"
err=$("$SHEAF" --db "$db" list 2>&1)
is "$?" 1 "a library from a newer sheaf: exit 1"
like "$err" "sheaf: $db was written by a newer sheaf (schema 99; this sheaf knows $SCHEMA); it was left untouched" \
	"... the message says so and that it was left untouched"
refused "$db" "was written by a newer sheaf" "user_version 99"

# The same library in WAL mode, as sheaf leaves its own.
db="$T_DIR/newer-wal.db"
"$SHEAF" --db "$db" import "$SEEDS"/000_*.txt >/dev/null
py_sql "$db" "PRAGMA user_version = 99"
is "$("$PY" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode").fetchone()[0])' "$db")" wal \
	"a WAL library"
cp "$db" "$T_DIR/wal-before"
"$SHEAF" --db "$db" list >/dev/null 2>&1
is "$?" 1 "a newer WAL library: exit 1"
cmp -s "$db" "$T_DIR/wal-before"
ok $? "... its bytes are unchanged"

# Through $SHEAF_DB as well as --db.
SHEAF_DB="$T_DIR/newer.db" "$SHEAF" list >/dev/null 2>&1
is "$?" 1 "a newer library named by \$SHEAF_DB: exit 1"

# ---------------------------------------------------------------- not sheaf's
db="$T_DIR/notes.db"
py_sql "$db" "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)" "INSERT INTO notes(body) VALUES('mine')"
refused "$db" "sheaf: $db is not a sheaf library" "another program's database"
is "$("$PY" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT body FROM notes").fetchone()[0])' "$db")" mine \
	"... and its data are still there"

db="$T_DIR/notes-v1.db"
py_sql "$db" "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)" "PRAGMA user_version = 1"
refused "$db" "is not a sheaf library" "another program's database at user_version 1"

db="$T_DIR/random.db"
"$PY" -c 'import random, sys; random.seed(7); sys.stdout.buffer.write(bytes(random.getrandbits(8) for _ in range(8192)))' >"$db"
refused "$db" "is not a sheaf library" "8 KiB of random bytes"

db="$T_DIR/page.db"
cp "$SEEDS"/000_*.txt "$db"
refused "$db" "is not a sheaf library" "a text file given as the library"

# ---------------------------------------------------------------- sheaf's own
db="$T_DIR/ok.db"
"$SHEAF" --db "$db" import "$SEEDS"/000_*.txt >/dev/null
is "$("$PY" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA user_version").fetchone()[0])' "$db")" "$SCHEMA" \
	"a new library is at the current schema"
is "$("$PY" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA application_id").fetchone()[0])' "$db")" 1936221542 \
	"... with sheaf's application id"
"$SHEAF" --db "$db" list >/dev/null
is "$?" 0 "... and it opens again"

# A library from an older sheaf is copied next to itself, then upgraded.
old="$T_DIR/old.db"
"$PY" -c 'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.executescript(open(sys.argv[2]).read()); db.commit()' \
	"$old" "$SRCDIR/tests/data/library-v1.sql"
before=$(cksum <"$old")
out=$("$SHEAF" --db "$old" list --tsv)
is "$?" 0 "a schema 1 library opens"
is "$(echo "$out" | tail -n +2 | wc -l)" 48 "... with all its papers"
is "$("$SHEAF" --db "$old" list --starred --tsv | tail -n +2 | cut -f2)" "2205.14258" "... and its marks"
ok "$([ -f "$old.v1.bak" ]; echo $?)" "a backup was written next to it: old.db.v1.bak"
is "$(cksum <"$old.v1.bak" | cut -d' ' -f2)" "$(echo "$before" | cut -d' ' -f2)" "... the size of the original"
is "$("$PY" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA user_version").fetchone()[0])' "$old.v1.bak")" 1 \
	"... still at schema 1"
is "$("$PY" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA user_version").fetchone()[0])' "$old")" "$SCHEMA" \
	"the library itself is at the current schema"
"$SHEAF" --db "$old" mark 1 --tag
is "$?" 0 "the upgraded library takes marks"
"$SHEAF" --db "$old" export --all >"$T_DIR/old.bib"
is "$?" 0 "... and exports (it has the new schema's tables)"

done_testing
