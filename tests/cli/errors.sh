#!/bin/sh
# Bad input: a clear "file:line: reason", exit status 1, and nothing of the
# file in the library (one transaction a file).
. "${SRCDIR:-.}/tests/lib.sh"

import_seeds
before=$(canon)

# try NAME CONTENT EXPECTED-MESSAGE DESCRIPTION
try() {
	printf '%b' "$2" >"$T_DIR/$1"
	err=$("$SHEAF" import "$T_DIR/$1" 2>&1 >/dev/null)
	st=$?
	is "$st" 1 "$4: exit status 1"
	like "$err" "$3" "$4: message"
	is "$(canon)" "$before" "$4: library unchanged"
}

try truncated.txt 'September 11, 2023\nSimilar papers 3\nDecember 20, 2014\nA first abstract that is long enough to be a paper of its own, it is, yes...\nOctober 9, 2022\n' \
	"truncated.txt:5: date without an abstract" "similar page ending in a date"
try baddate.txt 'December 20, 2014\nAn abstract that is long enough to count as a paper in this library...\nSeptembre 14, 2023\nAnother abstract\n' \
	'baddate.txt:3: expected a date like "September 14, 2023", found "Septembre 14, 2023"' "misspelt month"
try feb30.txt 'February 30, 2023\nAn abstract\n' "feb30.txt:1:" "February 30"
try twodates.txt 'December 20, 2014\nOctober 9, 2022\nabstract\n' "twodates.txt:2: expected the abstract" "date where the abstract belongs"
try empty.txt '' "empty.txt: empty file" "empty file"
try blank.txt '\n\n   \n' "blank.txt:1: not a format sheaf reads" "blank lines only"
try garbage.bin '\0\1\2\3\377\376\375binary\0garbage\n\0' "garbage.bin:1: not a format sheaf reads" "binary garbage"
try digest-trunc.txt 'A title\n- URL: http://arxiv.org/abs/2401.00001v1\n- Date: Mon, 1 Jan 2024 10:00:00 GMT\n- Title: A title\n- Abstract: Some abstract text.\nRelated papers\n- Another paper [1.5]\nIts summary.\n' \
	'digest-trunc.txt:7: related paper "Another paper" has no' "digest related entry without its trailer"
try digest-noabs.txt 'A title\n- URL: http://arxiv.org/abs/2401.00001v1\n- Title: A title\n- Authors: A. Person\n' \
	"digest-noabs.txt:2: record without an" "digest record without an abstract"
try digest-date.txt 'A title\n- URL: http://arxiv.org/abs/2401.00001v1\n- Date: the day before yesterday\n- Title: A title\n- Abstract: text\n' \
	'digest-date.txt:3: bad date "the day before yesterday"' "digest with a bad date"
try digest-relscore.txt 'A title\n- URL: http://arxiv.org/abs/2401.00001v1\n- Title: A title\n- Abstract: text\nRelated papers\n- No score here\nand no end either\nstill none\nreally\nnone\n' \
	"digest-relscore.txt:6: related paper title without a [score]" "digest related title without a score"

# A file whose first pages are fine and whose end is broken: nothing kept.
{ cat "$SEEDS"/000_*.txt; printf '\nMarch 3, 2021\n'; } | sed 's/^September 11, 2023$/June 1, 2020/' >"$T_DIR/late.txt"
"$SHEAF" import "$T_DIR/late.txt" 2>/dev/null
is "$?" 1 "error at the end of a good file: exit 1"
is "$(canon)" "$before" "error at the end of a good file: none of its papers kept"

# Files that are not files.
err=$("$SHEAF" import "$T_DIR/does-not-exist.txt" 2>&1)
is "$?" 1 "missing file: exit 1"
like "$err" "does-not-exist.txt: No such file or directory" "missing file: message"
err=$("$SHEAF" import "$T_DIR" 2>&1)
is "$?" 1 "directory: exit 1"
like "$err" "Is a directory" "directory: message"
if [ "$(id -u)" != 0 ]; then
	printf 'x' >"$T_DIR/unreadable.txt"; chmod 000 "$T_DIR/unreadable.txt"
	"$SHEAF" import "$T_DIR/unreadable.txt" 2>/dev/null
	is "$?" 1 "unreadable file: exit 1"
fi

# A good file after a bad one on the same command line is still imported.
printf 'March 3, 2021\nA paper that only this test knows about, with an abstract long enough to match.\n' >"$T_DIR/good.txt"
"$SHEAF" import "$T_DIR/empty.txt" "$T_DIR/good.txt" >/dev/null 2>&1
is "$?" 1 "one bad file among several: exit 1"
is "$("$SHEAF" list --tsv | grep -c 2021-03-03)" 1 "... and the good file was imported"

# Forcing the wrong format.
"$SHEAF" import --format digest "$SEEDS"/000_*.txt >/dev/null 2>&1
is "$?" 1 "a similar page forced through the digest parser: exit 1"
"$SHEAF" import --format nonsense "$SEEDS"/000_*.txt >/dev/null 2>&1
is "$?" 2 "unknown --format: exit 2"

# Reading standard input.
printf 'April 1, 2022\nRead from standard input, this abstract is the only one of its kind here.\n' |
	"$SHEAF" import - >/dev/null
is "$("$SHEAF" list --tsv | grep -c 2022-04-01)" 1 "'-' imports standard input"

# Encodings: Windows-1252 guessed with a warning; --encoding converts.
printf 'May 2, 2022\nR\351sum\351 of an abstract written in Latin-1 with accents: na\357ve, d\351j\340 vu.\n' >"$T_DIR/latin1.txt"
err=$("$SHEAF" import "$T_DIR/latin1.txt" 2>&1 >/dev/null)
like "$err" "latin1.txt: not valid UTF-8; read as Windows-1252" "non-UTF-8 file: a warning naming the file"
like "$("$SHEAF" show "$("$SHEAF" list --tsv | awk -F'\t' '$3 == "2022-05-02" {print $1}')")" \
	"Résumé of an abstract written in Latin-1 with accents: naïve, déjà vu." "... and its accents intact"
# Declared Latin-1: converted without a guess or a warning.
printf 'May 5, 2022\nDeclared Latin-1: na\357ve caf\351s in K\366ln, \251 and \253guillemets\273 abstract.\n' >"$T_DIR/iso.txt"
err=$("$SHEAF" import --encoding ISO-8859-1 "$T_DIR/iso.txt" 2>&1 >/dev/null)
is "$?$err" 0 "--encoding ISO-8859-1: imported without a warning"
like "$("$SHEAF" show "$("$SHEAF" list --tsv | awk -F'\t' '$3 == "2022-05-05" {print $1}')")" \
	"Declared Latin-1: naïve cafés in Köln, © and «guillemets» abstract." "--encoding ISO-8859-1: accents intact"
# Guessed: the bytes 0x80-0x9F that Windows-1252 uses for punctuation.
printf 'May 6, 2022\nSmart \223quotes\224, an en dash \226 and \200 5 in a Windows-1252 abstract, caf\351.\n' >"$T_DIR/cp1252.txt"
err=$("$SHEAF" import "$T_DIR/cp1252.txt" 2>&1 >/dev/null)
like "$err" "cp1252.txt: not valid UTF-8; read as Windows-1252" "Windows-1252 file: the warning"
like "$("$SHEAF" show "$("$SHEAF" list --tsv | awk -F'\t' '$3 == "2022-05-06" {print $1}')")" \
	"Smart “quotes”, an en dash – and € 5 in a Windows-1252 abstract, café." \
	"Windows-1252 file: its quotes, dash and euro, and é"
printf 'May 3, 2022\nKoi8 \323\314\317\327\317 abstract text long enough for this test to have a paper of it.\n' >"$T_DIR/koi8.txt"
"$SHEAF" import --encoding KOI8-R "$T_DIR/koi8.txt" >/dev/null 2>&1
like "$("$SHEAF" list --tsv | grep 2022-05-03)" "Koi8 слово abstract" "--encoding KOI8-R converts"
"$SHEAF" import --encoding NO-SUCH-CODESET "$T_DIR/koi8.txt" >/dev/null 2>&1
is "$?" 2 "an unknown --encoding: exit 2"
printf '\357\273\277June 4, 2022\nA file with a byte-order mark, which is skipped and never part of the date.\n' >"$T_DIR/bom.txt"
"$SHEAF" import "$T_DIR/bom.txt" >/dev/null
is "$("$SHEAF" list --tsv | grep -c 2022-06-04)" 1 "a UTF-8 byte-order mark is skipped"

# Commands on papers that do not exist.
err=$("$SHEAF" show 9999 2>&1)
is "$?" 1 "show of an unknown id: exit 1"
like "$err" "no paper with id 9999" "show of an unknown id: message"
"$SHEAF" related 9999 >/dev/null 2>&1
is "$?" 1 "related of an unknown id: exit 1"
first=$("$SHEAF" list --tsv | sed -n 2p | cut -f1)
"$SHEAF" mark "$first" 9999 --star >/dev/null 2>&1
is "$?" 1 "mark with one unknown id: exit 1"
is "$("$SHEAF" list --starred --tsv | tail -n +2 | wc -l)" 0 "... and no paper was marked"
"$SHEAF" show 2>/dev/null
is "$?" 2 "show without an id: exit 2"
"$SHEAF" mark "$first" 2>/dev/null
is "$?" 2 "mark without a mark: exit 2"
"$SHEAF" frobnicate 2>/dev/null
is "$?" 2 "unknown command: exit 2"
"$SHEAF" --frobnicate 2>/dev/null
is "$?" 2 "unknown option: exit 2"
"$SHEAF" list --sort sideways 2>/dev/null
is "$?" 2 "bad --sort: exit 2"
for cmd in "import --bogus x" "search --bogus x" "index --bogus" "export --bogus" "related --bogus 1"; do
	err=$("$SHEAF" $cmd 2>&1)
	is "$?" 2 "sheaf $cmd: exit 2"
	is "$err" "sheaf: ${cmd%% *}: unknown option --bogus
Try 'sheaf --help' for more information." "sheaf $cmd: names the option and where help is"
done
"$SHEAF" import -- --help 2>/dev/null
is "$?" 1 "after --, --help is a file name"

done_testing
