#!/bin/sh
# sheaf export: the starred seed papers, the whole seed library and papers
# with hostile titles and authors, each checked by bibtex, biber and
# pybtex; citation keys that never change; files written atomically.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/bibtex-lib.sh"

import_seeds
ids_of() { "$SHEAF" list --tsv | awk -F'\t' -v d="$1" '$3 == d { print $1 }'; }
god=$("$SHEAF" list --tsv | awk -F'\t' '$2 == "2205.14258" { print $1 }')
"$SHEAF" mark --star "$god" "$(ids_of 2023-01-13)" "$(ids_of 2014-12-20)"

# The starred papers, to standard output.
"$SHEAF" export --starred >"$T_DIR/starred.bib" 2>"$T_DIR/err"
is "$?:$(cat "$T_DIR/err")" "0:" "export --starred: exit 0, nothing on stderr"
is "$(grep -c '^@' "$T_DIR/starred.bib")" 3 "three starred papers, three entries"
bibtools "$T_DIR/starred.bib" "starred seeds"
entry=$(sed -n '/^@[a-z]*{godfrey2022symmetries,$/,/^}$/p' "$T_DIR/starred.bib")
like "$entry" "@misc{godfrey2022symmetries," "the digest paper: key from last name, year, title word"
like "$entry" "author = {Godfrey, Charles and Brown, Davis and Emerson, Tegan and Kvinge, Henry}," \
	"authors in Last, First form joined by and"
like "$entry" "title = {On the {Symmetries} of {Deep} {Learning} {Models} and their {Internal} {Representations}}," \
	"capitalised words braced, so styles keep their case"
like "$entry" "eprint = {2205.14258}," "arXiv id as eprint"
like "$entry" "archivePrefix = {arXiv}," "archivePrefix"
like "$entry" "url = {http://arxiv.org/abs/2205.14258v5}," "url never escaped"
like "$entry" "year = {2022}," "year of the first version"
like "$entry" "month = may," "month as a macro"
derived=$(sed -n '/^@[a-z]*{[a-z]*2014[a-z]*,$/,/^}$/p' "$T_DIR/starred.bib")
like "$derived" "key = {" "a paper without authors has a key field for sorting"

# The whole library, to a file.
out=$("$SHEAF" export --all -o "$T_DIR/all.bib" 2>"$T_DIR/err")
is "$out" "$T_DIR/all.bib: 47 entries written" "export --all -o: 47 entries (the stub is no paper)"
like "$(cat "$T_DIR/err")" "1 paper known only by its date was left out" "... and the stub is reported"
bibtools "$T_DIR/all.bib" "the seed library"
"$SHEAF" export --all --abstract -o "$T_DIR/abs.bib" >/dev/null 2>&1
like "$(cat "$T_DIR/abs.bib")" "abstract = {Symmetry is a fundamental tool" "--abstract writes abstracts"
bibtools "$T_DIR/abs.bib" "the seed library with abstracts"
"$SHEAF" export --all --ascii -o "$T_DIR/ascii.bib" >/dev/null 2>&1
is "$(LC_ALL=C tr -d '\n -~' <"$T_DIR/ascii.bib" | wc -c)" 0 "--ascii: nothing but printable ASCII"
bibtools "$T_DIR/ascii.bib" "the seed library in ASCII"

# Keys: stable across exports, and across later imports.
keys1=$(bib_keys "$T_DIR/all.bib" | sort)
is "$(echo "$keys1" | wc -l)" 47 "47 keys"
is "$(echo "$keys1" | sort -fu | wc -l)" 47 "... unique, even without case"
"$SHEAF" export --all -o "$T_DIR/all2.bib" >/dev/null 2>&1
is "$(bib_keys "$T_DIR/all2.bib" | sort)" "$keys1" "a second export: the same keys"
cmp -s "$T_DIR/all.bib" "$T_DIR/all2.bib"
ok $? "... and the same bytes"
cat >"$T_DIR/more.bib" <<'BIB'
@article{first, author = {Charles Godfrey}, title = {Symmetries in Another Paper}, year = 2022,
  journal = {Journal of Tests}}
@misc{second, author = {Godfrey, Charles}, title = {Symmetries, the Sequel}, year = 2022}
BIB
"$SHEAF" import "$T_DIR/more.bib" >/dev/null
"$SHEAF" export --all -o "$T_DIR/all3.bib" >/dev/null 2>&1
is "$(bib_keys "$T_DIR/all3.bib" | grep -vx -e first -e second | sort)" "$keys1" \
	"importing more papers changes no key"
bibtools "$T_DIR/all3.bib" "the seed library and a BibTeX import"
printf '%s\n' '@misc{x, author = {Charles Godfrey}, title = {Symmetries Once More}, year = 2022}' |
	sed 's/@misc{x,/@misc{,/' >"$T_DIR/nokey.bib"
"$SHEAF" import "$T_DIR/nokey.bib" >/dev/null
"$SHEAF" export --all -o "$T_DIR/all4.bib" >/dev/null 2>&1
like "$(bib_keys "$T_DIR/all4.bib")" "godfrey2022symmetriesb" "a clashing new key gets a suffix"

# Hostile titles and authors, through a digest (sheaf's own text).
n=0
rec() {
	n=$((n + 1))
	printf '%s\n- URL: http://arxiv.org/abs/2401.%05dv1\n- Date: Mon, 1 Jan 2024 10:00:00 GMT\n- Title: %s\n- Authors: %s\n- Abstract: %s\n\n' \
		"$1" "$n" "$1" "$2" "$3"
}
{
	rec 'Unbalanced { brace and } close }} and {' 'José Ramírez, Jan van der Berg' 'An abstract with 100% of {the} braces }.'
	rec 'Every special: % & # _ $ ~ ^ \ " '"'"' < > | and ~10x' 'Martin Luther King, Jr.' 'Specials & more # _ ^.'
	rec 'Accents: Erdős–Rényi, naïve café, Ångström, Łódź, Dvořák, Straße' 'Paul Erdős and Alfréd Rényi' 'Ça va.'
	rec 'CJK 深度学习 and Greek αβγ and an emoji 🙂' '李 小龙, Ólafur Arnalds' '中文摘要。'
	rec 'Math $O(n^2)$ and $\alpha_i$ with \emph{LaTeX} and $$x$$' 'Ada Lovelace' 'With $\sum_i x_i$ math.'
	rec '@article{fake, title = {injected}} looks like an entry' 'A. Person' '@misc{x, y = z}'
	rec 'Trailing backslash \' 'B. Person\' 'Ends with \'
	rec "Escape $(printf '\033')[31mred$(printf '\033')[0m and bell $(printf '\007')" 'C. Person' 'Control characters.'
} >"$T_DIR/hostile.txt"
"$SHEAF" import --format digest "$T_DIR/hostile.txt" >/dev/null
is "$?" 0 "the hostile records import"
"$SHEAF" mark --tag $("$SHEAF" list --tsv | awk -F'\t' '$2 ~ /^2401\./ { print $1 }')
"$SHEAF" export --tagged --abstract -o "$T_DIR/hostile.bib" >/dev/null 2>&1
is "$(grep -c '^@' "$T_DIR/hostile.bib")" 8 "eight hostile papers, eight entries, nothing injected"
bibtools "$T_DIR/hostile.bib" "hostile titles and authors (UTF-8)"
is "$(tr -d '\n -~' <"$T_DIR/hostile.bib" | LC_ALL=C tr -d '\200-\377' | wc -c)" 0 \
	"no control character reaches the file"
"$SHEAF" export --tagged --abstract --ascii -o "$T_DIR/hostile-ascii.bib" >/dev/null 2>"$T_DIR/err"
like "$(cat "$T_DIR/err")" "had no ASCII form and were written as '?'" "--ascii says what it could not spell"
is "$(LC_ALL=C tr -d '\n -~' <"$T_DIR/hostile-ascii.bib" | wc -c)" 0 "--ascii: hostile papers in pure ASCII"
like "$(cat "$T_DIR/hostile-ascii.bib")" "Erd{\\H{o}}s-R{\\'e}nyi" "--ascii: accents as LaTeX escapes"
like "$(cat "$T_DIR/hostile-ascii.bib")" "{\\ss}e" "--ascii: letters as LaTeX commands"
like "$(cat "$T_DIR/hostile-ascii.bib")" '{$\alpha$}{$\beta$}{$\gamma$}' "--ascii: Greek as math"
bibtools "$T_DIR/hostile-ascii.bib" "hostile titles and authors (ASCII)"
# And the hostile papers read back by sheaf itself: nothing lost but the cleaning.
SHEAF_DB="$T_DIR/back.db" "$SHEAF" import "$T_DIR/hostile.bib" >/dev/null
is "$?" 0 "the hostile export imports again"
is "$(SHEAF_DB="$T_DIR/back.db" "$SHEAF" export --all --abstract | bib_keys /dev/stdin | sort)" \
	"$(bib_keys "$T_DIR/hostile.bib" | sort)" "... with the same keys"

# Files: atomic, permissions kept, errors.
printf 'old\n' >"$T_DIR/keep.bib"
chmod 640 "$T_DIR/keep.bib"
"$SHEAF" export --starred -o "$T_DIR/keep.bib" >/dev/null
is "$(stat -c %a "$T_DIR/keep.bib")" 640 "an existing file keeps its permissions"
is "$(ls "$T_DIR" | grep -c 'keep.bib.')" 0 "no temporary file is left behind"
"$SHEAF" export --starred -o "$T_DIR/no/such/dir/x.bib" 2>"$T_DIR/err"
is "$?" 1 "a file that cannot be written: exit 1"
like "$(cat "$T_DIR/err")" "no/such/dir/x.bib" "... naming the file"
"$SHEAF" export >/dev/null 2>&1
is "$?" 2 "nothing to export said: exit 2"
"$SHEAF" export --all "$god" >/dev/null 2>&1
is "$?" 2 "--all and ids: exit 2"
"$SHEAF" export 99999 >/dev/null 2>&1
is "$?" 1 "an unknown id: exit 1"
"$SHEAF" export "$god" 2205.14258 >"$T_DIR/one.bib"
is "$(grep -c '^@' "$T_DIR/one.bib")" 1 "one paper named twice (by id and arXiv id): one entry"

# Found by fuzz/fuzz-export. --all-fields does not invent a title from an
# abstract (the next import took it for a real one, and the round trip
# changed the entry); --ascii leaves out a field whose name is not ASCII.
export SHEAF_DB="$T_DIR/edge.db"
printf '@misc{notitle, abstract = {Only an abstract. Then more.}, year = 2020,\n  \303\261ote = {x}, note = {y}}\n' >"$T_DIR/edge.bib"
"$SHEAF" import "$T_DIR/edge.bib" >/dev/null
"$SHEAF" export --all --all-fields --abstract >"$T_DIR/edge1.bib"
unlike "$(cat "$T_DIR/edge1.bib")" "title =" "--all-fields: no title made up from the abstract"
SHEAF_DB="$T_DIR/edge2.db" "$SHEAF" import "$T_DIR/edge1.bib" >/dev/null
is "$(SHEAF_DB="$T_DIR/edge2.db" "$SHEAF" export --all --all-fields --abstract)" "$(cat "$T_DIR/edge1.bib")" \
	"--all-fields: an entry without a title survives a round trip unchanged"
"$SHEAF" export --all --all-fields --ascii >"$T_DIR/edge-ascii.bib" 2>"$T_DIR/err"
is "$(LC_ALL=C tr -d '\n -~' <"$T_DIR/edge-ascii.bib" | wc -c)" 0 "--ascii --all-fields: pure ASCII"
like "$(cat "$T_DIR/edge-ascii.bib")" "note = {y}" "... the ASCII field is there"
like "$(cat "$T_DIR/err")" "1 field whose name is not ASCII was left out" "... the other is left out, and said so"

done_testing
