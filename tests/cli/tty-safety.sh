#!/bin/sh
# The command line on a real terminal (a pseudo-terminal, tests/ptyrun.py)
# with a library and file names full of what drives terminals: OSC titles
# and clipboard writes, cursor and device report queries, DCS strings, C0
# and C1 controls, bidi overrides, invalid UTF-8. Every byte each command
# sends is checked (tests/ttybytes.py plain): the command line itself
# never sends an escape sequence, so none may appear, nor any control but
# newline, carriage return and tab, nor invalid UTF-8. Each check also
# looks for the data's visible form, so that it cannot pass on a command
# that showed nothing.
. "${SRCDIR:-.}/tests/lib.sh"

[ -n "${PYTHON3:-}" ] || skip_all "python3 is needed for a pseudo-terminal"

# onpty NAME ARGS...: runs sheaf ARGS on a 100x30 terminal (with the
# variable assignments in $PTYENV, if any); its bytes go to
# $T_DIR/NAME.out, its exit status to $T_DIR/NAME.st.
PTYENV=
onpty() {
	_n=$1
	shift
	# shellcheck disable=SC2086
	env $PTYENV "$PYTHON3" "$SRCDIR/tests/ptyrun.py" "$T_DIR/$_n.out" 100 30 "$SHEAF" "$@"
	echo $? >"$T_DIR/$_n.st"
}
clean() { "$PYTHON3" "$SRCDIR/tests/ttybytes.py" plain "$T_DIR/$1.out"; }
shown() { LC_ALL=C tr -d '\r' <"$T_DIR/$1.out"; }

# safe NAME DESCRIPTION VISIBLE [STATUS]: the bytes of NAME are clean, show
# VISIBLE, and the command exited with STATUS (0).
safe() {
	is "$(clean "$1")" clean "$2: nothing reaches the terminal raw"
	like "$(shown "$1")" "$3" "$2: the data is shown, made visible"
	is "$(cat "$T_DIR/$1.st")" "${4:-0}" "$2: exit status ${4:-0}"
}

D="$T_DIR/files"
mkdir "$D"

# JSON escapes put every control into every field the snapshot has.
evil_jsonl "$D/$EVIL.jsonl" "$EVIL_JSON"
printf '@misc{k, title = {BibTeX %s title}, url = {http://e.org/%s[6n}, note = {%s]0;x%s}, year = 2020}\n' \
	"$ESC" "$ESC" "$ESC" "$BEL" >"$D/$EVIL.bib"
# A page whose subject is the paper above: links whose titles (derived
# from the abstracts) carry the same sequences.
printf 'January 4, 2021\nSimilar papers 2\nMarch 3, 2020\nListed %s]0;PWNED%s and %s[6n and \302\233 and \342\200\256 a snippet that is long enough...\nApril 4, 2020\nAnother %s[2J listed abstract, long enough to be a paper here...\n' \
	"$ESC" "$BEL" "$ESC" "$ESC" >"$D/$EVIL.txt"

onpty import import "$D/$EVIL.jsonl" "$D/$EVIL.bib" "$D/$EVIL.txt"
safe import "import of files with hostile names" "evil^[]0;PWNED^G^[[6n"
onpty import-tsv import --tsv "$D/$EVIL.jsonl"
safe import-tsv "import --tsv" "evil^[]0;PWNED^G"
id=$("$SHEAF" list --tsv | awk -F'\t' '$2 == "2101.00001" { print $1 }')
bib=$("$SHEAF" list --tsv | awk -F'\t' '$3 == "2020" { print $1 }')
listed=$("$SHEAF" list --tsv | awk -F'\t' '$3 == "2020-03-03" { print $1 }')

onpty list list
safe list "list" "Title ^[]0;PWNED^G ^[[6n"
onpty list-tsv list --tsv
safe list-tsv "list --tsv" "Title ^[]0;PWNED^G"
onpty show show "$id"
safe show "show" "Last^[]0;PWNED^G"
like "$(shown show)" "^[]52;c;ZXZpbA==^G" "show: the license's clipboard write is shown"
like "$(shown show)" "10.1/x^[]0;doi^G" "show: the DOI's title sequence is shown"
like "$(shown show)" "evil^[]0;PWNED^G^[[6n^[]52;c;ZXZpbA==^G" "show: the source file name is shown"
onpty show-raw show --raw "$id"
safe show-raw "show --raw" "Abstract ^[]0;PWNED^G"
onpty show-bib show "$bib"
safe show-bib "show of the BibTeX paper" "http://e.org/^[[6n"
onpty related related "$id"
safe related "related" "Listed ^[]0;PWNED^G"
onpty related-tsv related --tsv "$id"
safe related-tsv "related --tsv" "Listed ^[]0;PWNED^G"
onpty incoming related --incoming "$listed"
safe incoming "related --incoming" "Title ^[]0;PWNED^G"
onpty export export --all --abstract --all-fields
safe export "export to the terminal" "@article{"
like "$(shown export)" "abstract = {Abstract ]0;PWNED" "export: the abstract is there, its controls gone"
onpty export-file export --all -o "$D/$EVIL.out.bib"
safe export-file "export -o FILE" "evil^[]0;PWNED^G"

# Errors and warnings that name a file or echo an argument.
onpty missing import "$D/missing-$EVIL"
safe missing "import of a missing file" "missing-evil^[]0;PWNED^G" 1
mkdir "$D/dir-$EVIL"
onpty dir import "$D/dir-$EVIL"
safe dir "import of a directory" "dir-evil^[]0;PWNED^G" 1
head -c 300 /dev/urandom >"$D/bad-$EVIL"
onpty bad import "$D/bad-$EVIL"
safe bad "import of a file in no format" "bad-evil^[]0;PWNED^G" 1
printf 'May 2, 2022\nR\351sum\351 of an abstract in Latin-1, long enough to be a paper here.\n' >"$D/latin-$EVIL"
onpty latin import "$D/latin-$EVIL"
safe latin "the Windows-1252 warning" "latin-evil^[]0;PWNED^G"
printf '@misc{u, title = {Undefined}, note = undefinedmacro}\n' >"$D/warn-$EVIL.bib"
onpty warn import "$D/warn-$EVIL.bib"
safe warn "a BibTeX warning" "warn-evil^[]0;PWNED^G"
onpty mark mark "x${ESC}]0;PWNED${BEL}" --star
safe mark "mark of an unknown paper" "x^[]0;PWNED^G" 1
onpty open open "x${ESC}[6n"
safe open "open of an unknown paper" "x^[[6n" 1
onpty command "cmd${ESC}]0;PWNED${BEL}"
safe command "an unknown command" "cmd^[]0;PWNED^G" 2
onpty option "--opt${ESC}]0;PWNED${BEL}"
safe option "an unknown option" "--opt^[]0;PWNED^G" 2
onpty suboption import "--opt${ESC}[6n" "$D/$EVIL.txt"
safe suboption "an unknown option of import" "--opt^[[6n" 2
onpty listopt list "-${ESC}"
safe listopt "an unknown short option of list" "-^[" 2
onpty export-opt export "--x${ESC}[6n"
safe export-opt "an unknown option of export" "--x^[[6n" 2
mkdir "$D/db-$EVIL"
onpty db --db "$D/db-$EVIL" list
safe db "a library path that is a directory" "db-evil^[]0;PWNED^G" 1
cp "$SHEAF_DB" "$D/lib-$EVIL.db"
PTYENV=PTYRUN_STDIN=/dev/null
onpty summary --db "$D/lib-$EVIL.db"
PTYENV=
safe summary "the summary (output a terminal, input not)" "lib-evil^[]0;PWNED^G"

# A long import's progress line names the file, on standard error. It
# appears once an import has run for a second: the file comes through a
# FIFO whose writer holds its second half back for two seconds, so the
# import lasts that long on any machine.
if "$PYTHON3" "$SRCDIR/bench/gen-arxiv.py" 2000 -o "$D/gen.jsonl"; then
	head -n 1000 "$D/gen.jsonl" >"$D/part1"
	tail -n +1001 "$D/gen.jsonl" >"$D/part2"
	mkfifo "$D/big-$EVIL"
	{ cat "$D/part1"; sleep 2; cat "$D/part2"; } >"$D/big-$EVIL" &
	onpty progress import "$D/big-$EVIL"
	wait
	safe progress "the progress line of a long import" "big-evil^[]0;PWNED^G"
	like "$(shown progress)" "records, " "progress: the line was drawn"
	rm -f "$D/big-$EVIL"
fi

# An ASCII terminal (LANG=C) gets only ASCII, and no escape either.
PTYENV="LC_ALL=C LANG=C"
onpty ascii-show show "$id"
safe ascii-show "show on an ASCII terminal" "Title ^[]0;PWNED^G"
is "$(LC_ALL=C tr -d '\n\r\t -~' <"$T_DIR/ascii-show.out" | wc -c)" 0 "... every byte is printable ASCII"
onpty ascii-list list
safe ascii-list "list on an ASCII terminal" "Title ^[]0;PWNED^G"
is "$(LC_ALL=C tr -d '\n\r\t -~' <"$T_DIR/ascii-list.out" | wc -c)" 0 "... every byte is printable ASCII"
PTYENV=

done_testing
