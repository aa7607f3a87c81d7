#!/bin/sh
# Importing a file again changes nothing, and records that share a line
# (BibTeX or XML written without line breaks) are different papers. The
# inputs of tests/data/fuzz-regress/store/ (found by `make fuzz`) go
# through the real command line here: a failed import leaves the library
# as it was, a good one imported twice adds nothing the second time.
. "${SRCDIR:-.}/tests/lib.sh"

REGRESS="$SRCDIR/tests/data/fuzz-regress/store"

# twice FILE DESCRIPTION: imports FILE (again) and once more; the second
# time adds no paper and no link and changes nothing.
twice() {
	"$SHEAF" import "$1" >/dev/null 2>&1
	st=$?
	after=$(canon)
	"$SHEAF" import --tsv "$1" >"$T_DIR/out" 2>/dev/null
	is "$st$?" 00 "$2: imported twice"
	is "$(tail -n +2 "$T_DIR/out" | cut -f4,6)" "0	0" "$2: the second import added no paper and no link"
	is "$(canon)" "$after" "$2: and changed nothing"
}

import_seeds
before=$(canon)
twice "$SEEDS/000_0275caf27ebf7e28.txt" "a seed page already imported"
is "$(canon)" "$before" "... is the library it was"

# Two entries on one line: two papers, then and on every import after.
rm -f "$SHEAF_DB"*
"$SHEAF" import "$REGRESS/one-line.bib" >/dev/null
is "$("$SHEAF" list --tsv | cut -f7 | tail -n +2 | sort | tr '\n' '|')" \
	"First paper on one line|Second paper, quite different|" "two BibTeX entries on one line are two papers"
twice "$REGRESS/one-line.bib" "two BibTeX entries on one line"

# A feed written without line breaks: three entries, three papers.
rm -f "$SHEAF_DB"*
"$SHEAF" import "$REGRESS/one-line-feed.xml" >/dev/null
is "$("$SHEAF" list --tsv | tail -n +2 | cut -f2 | sort | tr '\n' ' ')" \
	"2301.00001 2302.04567 math/0701001 " "an Atom feed on one line: every entry is its own paper"
twice "$REGRESS/one-line-feed.xml" "an Atom feed on one line"

# One page listing two papers whose snippets match (the page rule keeps
# them apart): still two after the page is imported again.
rm -f "$SHEAF_DB"*
"$SHEAF" import "$REGRESS/duplicate-listings.txt" >/dev/null
is "$("$SHEAF" list --tsv | grep -c '	2015-04-08	')" 2 "a page listing two matching snippets: two papers"
twice "$REGRESS/duplicate-listings.txt" "a page listing two matching snippets"
is "$("$SHEAF" list --tsv | grep -c '	2015-04-08	')" 2 "... and still two after it came again"

# Every input a fuzz run kept: a failure changes nothing, a success
# imported again adds nothing.
for f in "$REGRESS"/*; do
	name=${f##*/}
	rm -f "$SHEAF_DB"*
	import_seeds
	before=$(canon)
	if "$SHEAF" import "$f" >/dev/null 2>"$T_DIR/err"; then
		twice "$f" "fuzz-regress/store/$name"
	else
		is "$(canon)" "$before" "fuzz-regress/store/$name: refused, the library unchanged"
		like "$(cat "$T_DIR/err")" "$f" "fuzz-regress/store/$name: the message names the file"
	fi
done

done_testing
