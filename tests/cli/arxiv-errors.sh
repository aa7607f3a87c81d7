#!/bin/sh
# Broken arXiv JSON lines: "file:line: reason", exit status 1, and nothing
# of the file in the library, however far into the file the fault is.
. "${SRCDIR:-.}/tests/lib.sh"

REAL="$SRCDIR/tests/data/arxiv-head200.jsonl"
GOOD='{"id":"2101.00001","title":"A good record","versions":[{"version":"v1","created":"Mon, 4 Jan 2021 10:00:00 GMT"}],"authors_parsed":[["One","A.",""]]}'

import_seeds
"$SHEAF" import "$REAL" >/dev/null
before=$(canon)

# mk NAME: the file's content from stdin. try NAME EXPECTED-MESSAGE DESCRIPTION
mk() { cat >"$T_DIR/$1"; }
try() {
	err=$("$SHEAF" import "$T_DIR/$1" 2>&1 >/dev/null)
	st=$?
	is "$st" 1 "$3: exit status 1"
	like "$err" "$T_DIR/$1:$2" "$3: message"
	is "$(canon)" "$before" "$3: library unchanged"
}

printf '%s\n%s\n{"id":"2101.00003","title":"cut' "$GOOD" "$(echo "$GOOD" | sed 's/00001/00002/')" | mk truncated.jsonl
try truncated.jsonl '3: malformed JSON' "a truncated last record"
printf '%s\n{"id":"2101.00002","title":["not","a","string"]}\n' "$GOOD" | mk title.jsonl
try title.jsonl '2: "title" must not be an array' "an array for a title"
printf '%s\n{"id":2101.00002}\n' "$GOOD" | mk idnum.jsonl
try idnum.jsonl '2: "id" must not be a number' "a number for an id"
printf '%s\n{"id":"2101.00002","versions":{"v1":"x"}}\n' "$GOOD" | mk versions.jsonl
try versions.jsonl '2: "versions" must not be an object' "an object for the versions"
printf '%s\n{"id":"2101.00002","authors_parsed":["One, A."]}\n' "$GOOD" | mk authors.jsonl
try authors.jsonl '2: "authors_parsed[]" must not be a string' "a string for an author"
printf '%s\n\n{"title":"Nobody knows my id"}\n' "$GOOD" | mk noid.jsonl
try noid.jsonl '3: record without an "id"' "a record without an id"
printf '%s\n{"id":"arXiv:nonsense"}\n' "$GOOD" | mk badid.jsonl
try badid.jsonl '2: "arXiv:nonsense" is not an arXiv id' "an id that is no arXiv id"
printf '%s\n{"id":"2101.00002","versions":[{"version":"v1","created":"Feb 30 2021"}]}\n' "$GOOD" | mk baddate.jsonl
try baddate.jsonl '2: bad date "Feb 30 2021" in "versions"' "a version's bad date"
{ echo "$GOOD"; printf '{"id":"2101.00002"\000\001\002\377garbage}\n'; } | mk garbage.jsonl
try garbage.jsonl '2: a NUL byte' "binary garbage"
{ echo "$GOOD"; printf '{"id":"2101.00002","title":"caf\351"}\n'; } | mk latin1.jsonl
try latin1.jsonl '2: not valid UTF-8' "a record in Latin-1"
{ echo "$GOOD"; printf '{"id":"2101.00002","title":"'; head -c 17000000 /dev/zero | tr '\0' a; printf '"}\n'; } | mk long.jsonl
try long.jsonl '2: line longer than 16 MB' "a line of 17 MB"

# A fault after 150 good records: none of them is kept.
{ head -n 150 "$REAL"; echo '{"id":"0704.0151",'; } | mk late.jsonl
try late.jsonl '151: malformed JSON' "a fault at line 151"
is "$("$SHEAF" list --tsv | grep -c '	0704\.0151	')" 1 "... the paper of the good 0704.0151 is the old one"

# Blank lines and a byte-order mark are fine.
{ printf '\357\273\277'; echo "$GOOD"; echo; echo "   "; } >"$T_DIR/bom.jsonl"
"$SHEAF" import "$T_DIR/bom.jsonl" >/dev/null
is "$?" 0 "a byte-order mark and blank lines are accepted"
is "$("$SHEAF" list --tsv | grep -c '	2101\.00001	')" 1 "... and the record imported"

done_testing
