#!/bin/sh
# The reader on a library whose titles, abstracts, authors, URLs, DOIs,
# journals, categories and licences, and whose own path and configuration
# path, hold OSC titles and clipboard writes, cursor and device report
# queries, DCS strings, C0 and C1 controls, bidi overrides and invalid
# UTF-8. Every escape sequence the reader sends must be one curses draws
# with (tests/ttybytes.py curses): nothing of the data's is obeyed. The
# data is shown, made visible (^[, U+FFFD), in every pane, the help, the
# status and message lines, on UTF-8 and ASCII terminals.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/lib-i18n.sh"
. "$SRCDIR/tests/ui/lib-ui.sh"

[ -n "${PYTHON3:-}" ] || skip_all "python3 is needed to read the terminal's bytes"
check() { "$PYTHON3" "$SRCDIR/tests/ttybytes.py" curses "$@" "$T_DIR/raw"; }

D="$T_DIR/$EVIL"
mkdir "$D"
# ... and a terminal's device attribute and size reports.
evil_jsonl "$D/papers.jsonl" "$EVIL_JSON \u001b[c \u001b[18t"
printf '@misc{k, title = {BibTeX %s]2;TITLE%s title}, url = {http://e.org/%s[6n%s]0;u%s}, year = 2020}\n' \
	"$ESC" "$BEL" "$ESC" "$ESC" "$BEL" >"$D/paper.bib"
printf 'January 4, 2021\nSimilar papers 2\nMarch 3, 2020\nListed %s]0;PWNED%s and %s[6n and \302\233 and \342\200\256 a snippet that is long enough...\nApril 4, 2020\nAnother %s[2J listed abstract, long enough to be a paper here...\n' \
	"$ESC" "$BEL" "$ESC" "$ESC" >"$D/page.txt"
# The library itself lives in the hostile directory: its path is on the
# status line.
LIB="$D/library.db"
SHEAF_DB="$LIB" "$SHEAF" import "$D/papers.jsonl" "$D/paper.bib" "$D/page.txt" >/dev/null
evil=$(SHEAF_DB="$LIB" id_of 2021-01-04)
bib=$(SHEAF_DB="$LIB" id_of 2020)
is "$(SHEAF_DB="$LIB" "$SHEAF" list --tsv | tail -n +2 | wc -l)" 4 "the hostile library holds its four papers"

# A configuration file at a hostile path, with a line that is an error
# naming a hostile key: the error is the first message.
printf 'bind x%s]0;PWNED%s down\n' "$ESC" "$BEL" >"$D/config"
# lib-ui passes arguments and variables through a shell: the reader gets
# the paths from files.
printf '%s' "$D/config" >"$T_DIR/config-path"
printf '%s' "$LIB" >"$T_DIR/db-path"
cat >"$T_DIR/reader" <<EOF
#!/bin/sh
exec "$SHEAF" --db "\$(cat "$T_DIR/db-path")" --config "\$(cat "$T_DIR/config-path")" "\$@"
EOF
chmod +x "$T_DIR/reader"
REAL_SHEAF=$SHEAF
SHEAF="$T_DIR/reader"

ui_start 120x40
wait_for "PWNED"
like "$(row 40)" "config:1: unknown key name" "the configuration error names the hostile path, made visible"
like "$(row 40)" "evil^[]0;PWNED^G^[[6n" "... its escape sequences shown as ^["
like "$(screen)" "Title ^[]0;PWNED^G ^[[6n" "the list shows the title made visible"
like "$(row 39)" "evil^[]0;PWNED^G" "the status line shows the library's hostile path, made visible"
keys Tab
wait_for "Last^[]0;PWNED^G"
like "$(screen)" "10.1/x^[]0;doi^G" "the abstract pane shows the DOI made visible"
like "$(screen)" "J. ^[[6n 1" "... and the journal"
like "$(screen)" "http://l/^[]52;c;ZXZpbA==^G" "... and the licence"
keys z
wait_for "Abstract ^[]0;PWNED^G"
keys j j j j j z Tab
wait_for "Listed ^[]0;PWNED^G"
keys Enter
wait_for "Title ^[]0;PWNED^G"
keys ?
wait_for "Help: sheaf keys"
keys G
wait_for "Keys can be rebound in"
like "$(row 39)" "Listed ^[]0;PWNED^G and ^[[6n" "the status line's trail shows the followed titles, made visible"
keys q
keys 1 j
wait_for "BibTeX ^[]2;TITLE^G title"
keys o
wait_for "http://e.org/^[[6n^[]0;u^G"
keys q
is "$(wait_exit)" 0 "the reader went through every pane and quit"
settle
is "$(check)" clean "not one escape sequence of the data reached the terminal"
unlike "$(tm display -p '#{pane_title}')" "PWNED" "the window title is unchanged"

# y copies the hostile URL: the clipboard gets it made visible too, never
# the raw sequences (a paste would replay them).
ui_start 120x40 -- open "$bib"
wait_for "BibTeX ^[]2;TITLE^G title"
keys y
wait_for "Copied the URL to the clipboard."
is "$(tm show-buffer 2>/dev/null)" "http://e.org/^[[6n^[]0;u^G" "y: the URL on the clipboard is made visible"
keys q
wait_exit >/dev/null
settle
is "$(check --osc52)" clean "y: only the clipboard sequence, of base64"

# An ASCII terminal: only ASCII, and the same safety.
ui_start 120x40 LANG=C LC_ALL=C -- open "$evil"
wait_for "Title ^[]0;PWNED^G"
keys Tab Tab
keys q
is "$(wait_exit)" 0 "LANG=C: the reader shows the hostile paper and quits"
settle
is "$(check)" clean "LANG=C: not one escape sequence of the data reached the terminal"
is "$(high_bytes "$T_DIR/raw")" 0 "LANG=C: every byte sent is ASCII"
SHEAF=$REAL_SHEAF

done_testing
