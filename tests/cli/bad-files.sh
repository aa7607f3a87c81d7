#!/bin/sh
# Files that are not what they claim, or built to hurt: empty, binary,
# truncated, a 100 MB line, the wrong format forced, unreadable, a
# directory, a FIFO, /dev/zero, and small files that expand (BibTeX
# macros, XML) or index badly (a digest of newlines). Each gives a clear
# "file[:line]: reason", exit status 1 (never a crash), nothing of the
# file in the library, and a bounded peak memory.
. "${SRCDIR:-.}/tests/lib.sh"

[ -n "${PYTHON3:-}" ] || skip_all "python3 is needed to measure memory"

# Peak resident memory allowed for any of these, in kB. A whole-file
# format holds a file of up to 64 MB and its UTF-8 copy. Sanitizers add
# shadow memory and a quarantine of freed blocks (256 MB by default).
LIMIT=200000
[ -n "${SANITIZED:-}" ] && LIMIT=700000

# run ARGS...: runs sheaf ARGS (stdin from /dev/null); sets st (exit
# status, 128+N for a signal), err (stderr) and kb (peak memory in kB).
run() {
	"$PYTHON3" - "$T_DIR/err" "$SHEAF" "$@" >"$T_DIR/rusage" <<'PY'
import resource, subprocess, sys
with open(sys.argv[1], "wb") as err:
    p = subprocess.run(sys.argv[2:], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=err)
rc = p.returncode if p.returncode >= 0 else 128 - p.returncode
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
	read -r st kb <"$T_DIR/rusage"
	err=$(cat "$T_DIR/err")
}

# refused DESCRIPTION MESSAGE ARGS...: the import is refused cleanly.
refused() {
	_what=$1 _msg=$2
	shift 2
	run import "$@"
	is "$st" 1 "$_what: exit status 1"
	like "$err" "$_msg" "$_what: message"
	is "$(canon)" "$before" "$_what: library unchanged"
	ok "$([ "$kb" -lt "$LIMIT" ]; echo $?)" "$_what: peak memory ${kb} kB (< $LIMIT)"
}

import_seeds
before=$(canon)
B="$T_DIR/bad"
mkdir "$B"

# --- the plain cases, for every format forced on them ------------------
: >"$B/empty"
head -c 3000 /dev/urandom >"$B/binary"
printf '\0\1\2\3\377\376binary\0garbage\n\0' >>"$B/binary"
refused "empty file" "empty: empty file" "$B/empty"
refused "binary file" "binary:1: not a format sheaf reads" "$B/binary"
for fmt in similar digest bibtex arxiv-json arxiv-atom; do
	refused "empty file as $fmt" "$B/empty" --format "$fmt" "$B/empty"
	refused "binary file as $fmt" "$B/binary" --format "$fmt" "$B/binary"
done

# Truncated files of each format (the others are in errors.sh,
# arxiv-errors.sh and arxiv-atom.sh).
head -c 700 "$SEEDS/003_8f62c78cf7cd39ad.txt" >"$B/cut-digest.txt"
refused "a truncated digest" "cut-digest.txt:" "$B/cut-digest.txt"
printf '@misc{first, title = {Fine}, year = 2020}\n@article{cut, title = {Never en' >"$B/cut.bib"
err=$("$SHEAF" import "$B/cut.bib" 2>&1)
is "$?" 0 "a BibTeX file whose last entry is cut: the good entry imports"
like "$err" "cut.bib:2: the '{' opening this value is never closed (entry skipped)" \
	"... and the cut one is named and skipped"
rm -f "$SHEAF_DB"*
import_seeds
printf '@article{cut, title = {Never en' >"$B/cut-only.bib"
refused "a BibTeX file of one cut entry" "cut-only.bib:1: the one entry is malformed" "$B/cut-only.bib"

# The wrong format forced on a good file.
refused "a similar page read as BibTeX" "000_0275caf27ebf7e28.txt" \
	--format bibtex "$SEEDS/000_0275caf27ebf7e28.txt"
refused "a similar page read as JSON lines" "000_0275caf27ebf7e28.txt:1: malformed JSON" \
	--format arxiv-json "$SEEDS/000_0275caf27ebf7e28.txt"
refused "a similar page read as Atom" "000_0275caf27ebf7e28.txt:1: malformed XML" \
	--format arxiv-atom "$SEEDS/000_0275caf27ebf7e28.txt"
refused "a JSON file read as a digest" "arxiv-2205.14258.jsonl:1:" \
	--format digest "$SRCDIR/tests/data/arxiv-2205.14258.jsonl"

# --- not regular files --------------------------------------------------
refused "a directory" "bad: Is a directory" "$B"
mkfifo "$B/fifo"
{ cat "$SEEDS/002_794bde24b5874bde.txt"; printf '\nMay 1, 2019\n'; } >"$B/fifo" &
refused "a FIFO whose writer stops mid-record" "fifo:" "$B/fifo"
wait
cat "$SRCDIR/tests/data/arxiv-2205.14258.jsonl" >"$B/fifo" &
run import "$B/fifo"
wait
is "$st" 0 "a FIFO with a whole file in it imports"
is "$("$SHEAF" list --tsv | grep -c '	2205\.14258	')" 1 "... its paper is there"
rm -f "$SHEAF_DB"*
import_seeds
if [ -r /dev/zero ]; then
	refused "/dev/zero" "/dev/zero:1: not a format sheaf reads" /dev/zero
	refused "/dev/zero read as a similar page" "/dev/zero: file too large (more than 64 MB)" \
		--format similar /dev/zero
	refused "/dev/zero read as JSON lines" "/dev/zero:1: line longer than 16 MB" \
		--format arxiv-json /dev/zero
	refused "/dev/zero read as Atom" "/dev/zero:1: line longer than 16 MB" \
		--format arxiv-atom /dev/zero
fi

# An unreadable file, also for root (who may read anything): as nobody,
# on a copy of the library nobody owns.
printf 'March 3, 2021\nAn abstract nobody may read, long enough to be a paper of its own.\n' >"$B/secret.txt"
chmod 000 "$B/secret.txt"
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null; then
		chmod 755 "$T_DIR" "$B"
		mkdir "$T_DIR/nobody"
		cp "$SHEAF" "$SHEAF_DB" "$T_DIR/nobody/"
		chown -R 65534:65534 "$T_DIR/nobody"
		err=$(setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$T_DIR/nobody" \
			SHEAF_DB="$T_DIR/nobody/library.db" "$T_DIR/nobody/sheaf" import "$B/secret.txt" 2>&1)
		st=$?
		after=$(SHEAF_DB="$T_DIR/nobody/library.db" canon)
	else
		st=skip
	fi
else
	err=$("$SHEAF" import "$B/secret.txt" 2>&1)
	st=$?
	after=$(canon)
fi
if [ "$st" = skip ]; then
	echo "ok $((T_N = T_N + 1)) - # SKIP running as root without setpriv"
else
	is "$st" 1 "an unreadable file: exit status 1"
	like "$err" "secret.txt: Permission denied" "an unreadable file: message"
	is "$after" "$before" "an unreadable file: library unchanged"
fi

# --- a line of 100 MB -----------------------------------------------------
{ printf '{"id":"2101.00001","abstract":"'; head -c 100000000 /dev/zero | tr '\0' a; } >"$B/long.jsonl"
refused "a 100 MB line of JSON" "long.jsonl:1: line longer than 16 MB" "$B/long.jsonl"
refused "a 100 MB line read as a similar page" "long.jsonl: file too large (more than 64 MB)" \
	--format similar "$B/long.jsonl"
refused "a 100 MB line read as BibTeX" "long.jsonl: file too large (more than 64 MB)" \
	--format bibtex "$B/long.jsonl"
refused "a 100 MB line read as Atom" "long.jsonl:1: line longer than 16 MB" \
	--format arxiv-atom "$B/long.jsonl"
rm -f "$B/long.jsonl"

# --- small files that grow --------------------------------------------------
# BibTeX macros doubling 40 times: a kilobyte that would be a terabyte.
"$PYTHON3" -c '
print("@string{s0 = \"xxxxxxxxxxxxxxxx\"}")
for i in range(1, 40): print("@string{s%d = s%d # s%d}" % (i, i - 1, i - 1))
print("@misc{k, title = s39}")' >"$B/laughs.bib"
refused "BibTeX macros that double" \
	"laughs.bib:17: the @string macros expand to more than 1 MB; the file is refused" "$B/laughs.bib"
ok "$([ "$kb" -lt 60000 ]; echo $?)" "... refused before memory grows (${kb} kB)"

# One value of 2 MB, one entry of 1001 fields: those entries are skipped.
{
	printf '@misc{big, title = {'; head -c 2000000 /dev/zero | tr '\0' b; printf '}}\n'
	printf '@misc{wide'; i=0; while [ $i -le 1000 ]; do printf ', f%d = 1' $i; i=$((i + 1)); done; printf '}\n'
	printf '@misc{fine, title = {The one fine entry of this file}, year = 2022}\n'
} >"$B/huge.bib"
run import "$B/huge.bib"
is "$st" 0 "a file with a 2 MB value and a 1001-field entry: the rest imports"
like "$err" "huge.bib:1: a value longer than 1 MB (entry skipped)" "... the 2 MB value is skipped"
like "$err" "huge.bib:2: more than 1000 fields (entry skipped)" "... the entry of 1001 fields too"
is "$("$SHEAF" list --tsv | grep -c 'The one fine entry')" 1 "... the fine entry is there"
rm -f "$SHEAF_DB"*
import_seeds

# A thousand faults: a hundred warnings and a count, not a flood.
"$PYTHON3" -c '
for i in range(1000): print("@misc{k%d, title = {Entry %d}, note = undefined%d}" % (i, i, i))' >"$B/noisy.bib"
run import "$B/noisy.bib"
is "$st" 0 "1000 entries with an undefined macro import"
is "$(grep -c 'undefined string' "$T_DIR/err")" 100 "... a hundred warnings are shown"
like "$err" "noisy.bib: 900 more warnings not shown" "... and the rest are counted"
rm -f "$SHEAF_DB"*
import_seeds

# Atom: an element of 2 MB, an entry of a million authors, a comment of
# 40 MB (one token expat would buffer whole), 100000 categories (each
# compared with the others: minutes before the limit).
ATOM='<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2301.00001v1</id>'
{ echo "$ATOM<summary>"; head -c 2000000 /dev/zero | tr '\0' 's' | fold -w 100; echo '</summary></entry></feed>'; } >"$B/element.xml"
refused "an Atom element of 2 MB" "element.xml:" "$B/element.xml"
like "$err" "an element with more than 1 MB of text" "... says which limit"
"$PYTHON3" -c '
import sys
sys.stdout.write(sys.argv[1] + "\n")
for i in range(1000000): sys.stdout.write("<author><name>Author %d</name></author>\n" % i)
sys.stdout.write("</entry></feed>\n")' "$ATOM" >"$B/authors.xml"
refused "an Atom entry of a million authors" "an entry with more than 4 MB of text" "$B/authors.xml"
{ echo '<feed xmlns="http://www.w3.org/2005/Atom"><!--'; head -c 40000000 /dev/zero | tr '\0' c | fold -w 100; echo '--></feed>'; } >"$B/comment.xml"
refused "an XML comment of 40 MB" "an XML token (a comment, tag or declaration) longer than 16 MB" "$B/comment.xml"
"$PYTHON3" -c '
import sys
sys.stdout.write(sys.argv[1] + "\n")
for i in range(100000): sys.stdout.write("<category term=\"c%d\"/>\n" % i)
sys.stdout.write("</entry></feed>\n")' "$ATOM" >"$B/categories.xml"
start=$(date +%s)
run import "$B/categories.xml"
took=$(($(date +%s) - start))
is "$st" 0 "an Atom entry with 100000 categories imports"
ok "$([ "$took" -lt 20 ]; echo $?)" "... in ${took} s, not minutes"
rm -f "$SHEAF_DB"* "$B"/*.xml
import_seeds

# A digest of 60 MB of newlines: its line index stays small.
head -c 60000000 /dev/zero | tr '\0' '\n' >"$B/newlines.txt"
refused "60 MB of newlines read as a digest" "more than 2097152 lines: not a digest file" \
	--format digest "$B/newlines.txt"
refused "60 MB of newlines" "newlines.txt:1: not a format sheaf reads" "$B/newlines.txt"

done_testing
