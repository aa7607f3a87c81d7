#!/bin/sh
# A large JSON-lines file takes the bulk path (a big page cache, parsing
# in a worker thread, and, for a file of unknown size or of a quarter of a
# million papers and more, indexes built at the end): the library must
# come out exactly as the plain path makes it, and a fault must still roll
# everything back, indexes included. A pipe stands in for the huge file
# (its size is unknown: it defers). Uses python3 for the generator and to
# read the libraries side by side.
. "${SRCDIR:-.}/tests/lib.sh"

PY=${PYTHON3:-python3}
"$PY" -c 'import sqlite3' 2>/dev/null || skip_all "python3 with sqlite3 is needed"

N=6000 # about 10 MB: past the 8 MB from which an import is a bulk one
"$PY" "$SRCDIR/bench/gen-arxiv.py" --seed 11 "$N" -o "$T_DIR/big.jsonl"
size=$(wc -c <"$T_DIR/big.jsonl")
ok "$([ "$size" -gt 8388608 ] && echo 0 || echo 1)" "the generated file is over 8 MB ($size bytes)"
split -l 1000 "$T_DIR/big.jsonl" "$T_DIR/part."

# dump DB: what a library holds, without row ids' timestamps or sources.
dump() {
	"$PY" - "$1" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
q = lambda sql, args=(): db.execute(sql, args).fetchall()
digest = lambda rows: "%d rows, md5 %s" % (len(rows), hashlib.md5(repr(rows).encode()).hexdigest())
cols = ("arxiv, doi, title, title_derived, stub, authors, abstract, abstract_truncated, summary,"
        " url, license, categories, journal, date, fp, tkey")
print("papers:", digest(q("SELECT %s FROM papers ORDER BY arxiv, date, title" % cols)))
print("versions:", digest(q("SELECT p.arxiv, p.title, v.version, v.date FROM versions v"
                            " JOIN papers p ON p.id = v.paper_id ORDER BY 1, 2, 3, 4")))
for word in ("the", "model", "network*", "quantum", "alpha", "schrodinger", "learning"):
    print("search", word, digest(q("SELECT p.arxiv, p.title FROM fts JOIN papers p"
                                   " ON p.id = fts.rowid WHERE fts MATCH ? ORDER BY 1, 2", (word,))))
for row in q("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"):
    print("schema:", row)
print("integrity:", q("PRAGMA integrity_check"))
print("fts integrity:", q("INSERT INTO fts(fts) VALUES('integrity-check')"))
PY
}

SHEAF_DB="$T_DIR/bulk.db"
out=$("$SHEAF" import --tsv "$T_DIR/big.jsonl" | tail -n 1 | cut -f2-)
is "$out" "arxiv-json	$N	$N	0	0" "bulk: every record a new paper"
SHEAF_DB="$T_DIR/plain.db"
for f in "$T_DIR"/part.*; do "$SHEAF" import "$f" >/dev/null; done
is "$(dump "$T_DIR/bulk.db")" "$(dump "$T_DIR/plain.db")" \
	"bulk: the same library as six small imports (papers, versions, index, schema)"
SHEAF_DB="$T_DIR/piped.db"
out=$(cat "$T_DIR/big.jsonl" | "$SHEAF" import --tsv - | tail -n 1 | cut -f2-)
is "$out" "arxiv-json	$N	$N	0	0" "bulk through a pipe (indexes deferred): every record a new paper"
is "$(dump "$T_DIR/piped.db")" "$(dump "$T_DIR/plain.db")" \
	"... the same library as six small imports, its indexes built again"

# Into a library that has papers without arXiv ids (the seeds), where the
# bulk path keeps every lookup.
SHEAF_DB="$T_DIR/bulk2.db"
import_seeds
"$SHEAF" import "$T_DIR/big.jsonl" >/dev/null
SHEAF_DB="$T_DIR/plain2.db"
import_seeds
for f in "$T_DIR"/part.*; do "$SHEAF" import "$f" >/dev/null; done
is "$(dump "$T_DIR/bulk2.db")" "$(dump "$T_DIR/plain2.db")" "bulk after the seeds: the same library too"

# A second bulk import of the same file changes nothing.
SHEAF_DB="$T_DIR/bulk.db"
before=$(dump "$T_DIR/bulk.db")
out=$("$SHEAF" import --tsv "$T_DIR/big.jsonl" | tail -n 1 | cut -f2-)
is "$out" "arxiv-json	$N	0	$N	0" "bulk again: every record joins its paper"
is "$(dump "$T_DIR/bulk.db")" "$before" "... and nothing changes"

# A fault deep in a large file: exit 1, its line, nothing kept, and the
# deferred indexes back in place.
SHEAF_DB="$T_DIR/bulk2.db"
before=$(dump "$T_DIR/bulk2.db")
"$PY" "$SRCDIR/bench/gen-arxiv.py" --seed 12 "$N" -o - | sed '5000s/^{"id":"[^"]*"/{"id":17/' >"$T_DIR/bad.jsonl"
err=$("$SHEAF" import "$T_DIR/bad.jsonl" 2>&1 >/dev/null)
is "$?" 1 "bulk fault: exit status 1"
like "$err" "bad.jsonl:5000: \"id\" must not be a number" "bulk fault: the line at fault"
is "$(dump "$T_DIR/bulk2.db")" "$before" "bulk fault: the library, its index and its schema unchanged"
SHEAF_DB="$T_DIR/piped.db"
before=$(dump "$T_DIR/piped.db")
err=$(cat "$T_DIR/bad.jsonl" | "$SHEAF" import - 2>&1 >/dev/null)
is "$?" 1 "bulk fault through a pipe (indexes deferred): exit status 1"
like "$err" "(stdin):5000: \"id\" must not be a number" "... the line at fault"
is "$(dump "$T_DIR/piped.db")" "$before" "... the library, its index and its schema unchanged"

# Two arXiv ids with one DOI (the snapshot has such pairs): the smaller id
# keeps the DOI, whichever file comes first.
a='{"id":"2102.00002","title":"Second paper with a shared DOI","doi":"10.1000/Shared","abstract":"One abstract of a paper that shares a DOI with another one, long enough to have a fingerprint."}'
b='{"id":"2102.00001","title":"First paper with a shared DOI","doi":"10.1000/shared","abstract":"Another abstract of a paper that shares its DOI, long enough to have a fingerprint as well."}'
echo "$a" >"$T_DIR/a.jsonl"
echo "$b" >"$T_DIR/b.jsonl"
for order in "a b" "b a"; do
	SHEAF_DB="$T_DIR/doi-$order.db"
	for f in $order; do "$SHEAF" import "$T_DIR/$f.jsonl" >/dev/null || echo "import of $f failed"; done
	doi1=$("$SHEAF" show 2102.00001 | sed -n 's/^doi: *//p')
	doi2=$("$SHEAF" show 2102.00002 | sed -n 's/^doi: *//p')
	is "$doi1|$doi2" "10.1000/shared|" "shared DOI, files in order $order: the smaller id keeps it"
done

done_testing
