#!/bin/sh
# sheaf import of .bib files: malformed entries skipped with file:line,
# Latin-1, merging with papers from digests, re-importing an export, and
# the round trip of a large third-party library (TUGboat's, from Debian's
# texlive-bibtex-extra: thousands of entries, macros, concatenation).
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/bibtex-lib.sh"

# Malformed entries: skipped with a warning naming file and line.
cat >"$T_DIR/mixed.bib" <<'BIB'
@article{good1, author = {A. Author}, title = {The First Good Entry}, year = 2001}

@article{bad1, author = {B. Author}, title = {Missing comma} year = 2002}
@article{good2, author = {C. Author}, title = {The Second Good Entry}, year = 2003}
@article{bad2, title = {never closed, year = 2004}
@article{good3, author = {D. Author}, title = {The Third Good Entry}, year = 2005}
BIB
out=$("$SHEAF" import "$T_DIR/mixed.bib" 2>"$T_DIR/err")
is "$?" 0 "a file with malformed entries still imports"
like "$out" "3 papers added" "... its three good entries"
like "$(cat "$T_DIR/err")" "mixed.bib:3: expected ',' or '}' after the value of title, found \"y\" (entry skipped)" \
	"a missing comma: file:line and the entry skipped"
like "$(cat "$T_DIR/err")" "mixed.bib:6: expected ',' or '}' after the value of title, found \"@\" (the entry of line 5 is skipped)" \
	"an unclosed brace: where it shows, and the entry it spoils"
is "$("$SHEAF" list --tsv | tail -n +2 | cut -f7 | sort | tr '\n' '|')" \
	"The First Good Entry|The Second Good Entry|The Third Good Entry|" "exactly the good entries"
before=$(canon)
printf '@article{x, title = {unclosed\n' >"$T_DIR/allbad.bib"
"$SHEAF" import "$T_DIR/allbad.bib" 2>"$T_DIR/err"
is "$?" 1 "a file with no readable entry: exit 1"
like "$(cat "$T_DIR/err")" "allbad.bib:1:" "... with file:line"
is "$(canon)" "$before" "... and nothing kept"

# Latin-1: detected (with a warning) or named with --encoding.
printf '@book{latin, author = {Jos\351 Ram\355rez}, title = {Caf\351 na\357f}, year = 1999,\n  publisher = {\311ditions}}\n' >"$T_DIR/latin1.bib"
"$SHEAF" import "$T_DIR/latin1.bib" 2>"$T_DIR/err" >/dev/null
like "$(cat "$T_DIR/err")" "latin1.bib: not valid UTF-8; read as Windows-1252" "Latin-1 detected, with a warning"
"$SHEAF" export "$("$SHEAF" list --tsv | awk -F'\t' '$7 ~ /^Caf/ { print $1 }')" >"$T_DIR/latin.bib"
like "$(cat "$T_DIR/latin.bib")" "author = {Ramírez, José}," "... names converted"
like "$(cat "$T_DIR/latin.bib")" "publisher = {Éditions}," "... fields without a column kept"
SHEAF_DB="$T_DIR/l2.db" "$SHEAF" import --encoding ISO-8859-1 "$T_DIR/latin1.bib" 2>"$T_DIR/err" >/dev/null
is "$(cat "$T_DIR/err")" "" "--encoding ISO-8859-1: no warning"
bibtools "$T_DIR/latin.bib" "a Latin-1 import"

# A BibTeX record merges with the digest's paper by title and year (no
# arXiv id), and its year does not hide the arXiv dates.
import_seeds
god=$("$SHEAF" list --tsv | awk -F'\t' '$2 == "2205.14258" { print $1 }')
cat >"$T_DIR/god.bib" <<'BIB'
@inproceedings{Godfrey:NeurIPS22,
  author = {Godfrey, Charles and Brown, Davis and Emerson, Tegan and Kvinge, Henry},
  title = {On the {Symmetries} of Deep Learning Models and their Internal Representations},
  booktitle = {Advances in Neural Information Processing Systems},
  volume = 35, pages = {11893--11905}, publisher = {Curran Associates}, year = 2022}
BIB
out=$("$SHEAF" import --tsv "$T_DIR/god.bib" | tail -1 | cut -f3-5)
is "$out" "1	0	1" "title + year merge the BibTeX record into the digest's paper"
is "$("$SHEAF" show "$god" | sed -n 's/^versions: *//p')" "v1 2022-05-27; v5 2023-03-24" \
	"the year adds no coarser date"
"$SHEAF" export "$god" >"$T_DIR/god-out.bib"
entry=$(cat "$T_DIR/god-out.bib")
like "$entry" "@inproceedings{Godfrey:NeurIPS22," "the imported key and type are kept"
like "$entry" "pages = {11893--11905}," "the fields without a column are exported"
like "$entry" "eprint = {2205.14258}," "... with the digest's arXiv id"
bibtools "$T_DIR/god-out.bib" "a merged paper"

# An export imported again into its library: every entry merges.
"$SHEAF" export --all -o "$T_DIR/lib.bib" >/dev/null 2>&1
bibtools "$T_DIR/lib.bib" "seeds and BibTeX imports"
before=$(canon)
out=$("$SHEAF" import --tsv "$T_DIR/lib.bib" | tail -1 | cut -f3-5)
n=$(grep -c '^@' "$T_DIR/lib.bib")
is "$out" "$n	0	$n" "re-importing an export adds nothing: all $n entries merge"
is "$(canon)" "$before" "... the library is unchanged"
"$SHEAF" export --all -o "$T_DIR/lib2.bib" >/dev/null 2>&1
cmp -s "$T_DIR/lib.bib" "$T_DIR/lib2.bib"
ok $? "... and exports the same file"

# The round trip of a large real library.
tug=$(kpsewhich tugboat.bib 2>/dev/null)
[ -n "$tug" ] || tug=/usr/share/texlive/texmf-dist/bibtex/bib/beebe/tugboat.bib
if [ ! -r "$tug" ]; then
	skip "tugboat.bib not installed (Debian texlive-bibtex-extra)"
	done_testing
	exit
fi
export SHEAF_DB="$T_DIR/tug.db"
entries=$(grep -c '^@Article' "$tug")
out=$("$SHEAF" import --tsv "$tug" 2>/dev/null | tail -1 | cut -f2-4)
is "$out" "bibtex	$entries	$entries" "tugboat.bib: all $entries entries imported"
"$SHEAF" export --all -o "$T_DIR/tug1.bib" >/dev/null 2>&1
is "$(grep -c '^@' "$T_DIR/tug1.bib")" "$entries" "... and exported"
bibtools "$T_DIR/tug1.bib" "tugboat.bib exported"
if have_pybtex; then
	"$PYTHON3" "$SRCDIR/tests/bibcheck.py" roundtrip "$tug" "$T_DIR/tug1.bib" 2>/dev/null
	ok $? "every exported field holds the original's value (pybtex)"
else
	skip "python3 with pybtex not installed"
fi
"$SHEAF" export --all --all-fields -o "$T_DIR/tugall1.bib" >/dev/null 2>&1
bibtools "$T_DIR/tugall1.bib" "tugboat.bib exported with --all-fields" --all-fields
if have_pybtex; then
	"$PYTHON3" "$SRCDIR/tests/bibcheck.py" roundtrip "$tug" "$T_DIR/tugall1.bib" --all-fields 2>/dev/null
	ok $? "--all-fields: every entry and every field of the original (pybtex)"
else
	skip "python3 with pybtex not installed"
fi
# Import the export into a new library and export again: the same.
export SHEAF_DB="$T_DIR/tug2.db"
"$SHEAF" import "$T_DIR/tugall1.bib" >/dev/null 2>&1
"$SHEAF" export --all --all-fields -o "$T_DIR/tugall2.bib" >/dev/null 2>&1
is "$(entries_sorted "$T_DIR/tugall2.bib" | md5sum)" "$(entries_sorted "$T_DIR/tugall1.bib" | md5sum)" \
	"import, export, import, export: the same entries and fields, byte for byte"
"$SHEAF" export --all -o "$T_DIR/tug2.bib" >/dev/null 2>&1
is "$(entries_sorted "$T_DIR/tug2.bib" | md5sum)" "$(entries_sorted "$T_DIR/tug1.bib" | md5sum)" \
	"... and the same default export"

done_testing
