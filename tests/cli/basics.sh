#!/bin/sh
# The command line's foundations: --help and --version, where the library
# lives, the summary, marks and lists with exact TSV, sorting, show and
# related, aligned columns for people, and no control character of the
# data ever reaching the terminal raw.
. "${SRCDIR:-.}/tests/lib.sh"

TAB=$(printf '\t')

# bytes FILE: the file's bytes in hex, one a line.
bytes() { od -An -v -tx1 "$1" | tr -s ' ' '\n' | grep -v '^$'; }
# count_byte FILE HEX: how many times a byte occurs in a file.
count_byte() { bytes "$1" | grep -cx "$2"; }

# ---------------------------------------------------------------- help, version
out=$("$SHEAF" --help)
is "$?" 0 "--help: exit 0"
out_help=$out
like "$out" "Usage: sheaf [OPTION]... [COMMAND [ARGUMENT]...]" "--help: the usage line"
like "$out" "  similar            " "--help: lists the formats"
like "$out" "SHEAF_DB" "--help: names the environment"
is "$("$SHEAF" -h)" "$out" "-h is --help"
out=$("$SHEAF" --version)
is "$?" 0 "--version: exit 0"
case $out in
"sheaf "[0-9]*.[0-9]*) ok 0 "--version: \"$out\"" ;;
*) ok 1 "--version: \"$out\" is \"sheaf N.N...\"" ;;
esac
is "$("$SHEAF" -V)" "$out" "-V is --version"
"$SHEAF" --help >/dev/null 2>"$T_DIR/err"
is "$(cat "$T_DIR/err")" "" "--help writes nothing to stderr"
for cmd in "import --help" "search -h" "related 3 --help" "export --all --help"; do
	got=$("$SHEAF" $cmd 2>&1)
	is "$?" 0 "sheaf $cmd: exit 0"
	is "$got" "$out_help" "sheaf $cmd: the help"
done
ok "$([ ! -e "$SHEAF_DB" ]; echo $?)" "--help and --version create no library, after a command too"

# ---------------------------------------------------------------- library path
# summary_path: the library the summary names.
summary_path() { "$@" | sed -n 's/^Library: //p'; }

export XDG_DATA_HOME="$T_DIR/xdg"
SHEAF_DB="$T_DIR/env/sub/env.db"
is "$(summary_path "$SHEAF" --db "$T_DIR/opt/a/b/lib.db")" "$T_DIR/opt/a/b/lib.db" "--db beats \$SHEAF_DB"
ok "$([ -f "$T_DIR/opt/a/b/lib.db" ]; echo $?)" "... the file and its directories are created"
ok "$([ ! -e "$T_DIR/env" ] && [ ! -e "$T_DIR/xdg" ]; echo $?)" "... and nothing else"
is "$(summary_path "$SHEAF" -d "$T_DIR/opt/short.db")" "$T_DIR/opt/short.db" "-d is --db"
is "$(summary_path "$SHEAF")" "$T_DIR/env/sub/env.db" "\$SHEAF_DB beats \$XDG_DATA_HOME"
ok "$([ -f "$T_DIR/env/sub/env.db" ] && [ ! -e "$T_DIR/xdg" ]; echo $?)" "... created, with its directories"
SHEAF_DB=
is "$(summary_path "$SHEAF")" "$T_DIR/xdg/sheaf/library.db" "an empty \$SHEAF_DB is unset: \$XDG_DATA_HOME/sheaf/library.db"
unset SHEAF_DB
is "$(summary_path "$SHEAF")" "$T_DIR/xdg/sheaf/library.db" "\$XDG_DATA_HOME/sheaf/library.db"
ok "$([ -f "$T_DIR/xdg/sheaf/library.db" ]; echo $?)" "... created, with its directories"
XDG_DATA_HOME=relative/dir
is "$(summary_path "$SHEAF")" "$HOME/.local/share/sheaf/library.db" "a relative \$XDG_DATA_HOME is ignored"
ok "$([ ! -e relative ]; echo $?)" "... and nothing made under it"
unset XDG_DATA_HOME
rm -rf "$HOME/.local"
is "$(summary_path "$SHEAF")" "$HOME/.local/share/sheaf/library.db" "else ~/.local/share/sheaf/library.db"
ok "$([ -f "$HOME/.local/share/sheaf/library.db" ]; echo $?)" "... created, with its directories"
"$SHEAF" --db "$T_DIR/cmd/x.db" list --tsv >/dev/null
ok "$([ -f "$T_DIR/cmd/x.db" ]; echo $?)" "a command creates the library's directories too"
"$SHEAF" --db "$T_DIR/opt/short.db/below.db" list >/dev/null 2>&1
is "$?" 1 "a library path under a file: exit 1"
SHEAF_DB="$T_DIR/library.db"
export SHEAF_DB

# ---------------------------------------------------------------- fixtures
cat >"$T_DIR/page.txt" <<'EOF'
March 3, 2021
Similar papers 2
January 5, 2020
beta listing abstract that is long enough to be a paper of its own in this library...
February 6, 2020
Alpha listing abstract, another paper entirely, with its own words in it.
EOF
cat >"$T_DIR/digest.txt" <<'EOF'
Zeta Title
- URL: http://arxiv.org/abs/2103.00001v1
- Date: Wed, 3 Mar 2021 10:00:00 GMT
- Title: Zeta Title
- Authors: Ann Smith, Bob Jones
- License: http://creativecommons.org/licenses/by/4.0/
- Abstract: The zeta abstract, which is complete.
zeta title
- URL: http://arxiv.org/abs/2103.00002v2
- Date: Thu, 4 Mar 2021 10:00:00 GMT
- Title: zeta title
- Authors: Cy Twombly
- Abstract: Another zeta paper with a title equal but for case.
EOF

# ---------------------------------------------------------------- summary
out=$("$SHEAF")
is "$?" 0 "no command, off a terminal: exit 0"
is "$out" "Library: $SHEAF_DB
0 papers (0 unread, 0 starred, 0 tagged)
0 links, from 0 source files" "no command: the summary of an empty library"
"$SHEAF" import "$T_DIR/page.txt" >/dev/null
is "$("$SHEAF")" "Library: $SHEAF_DB
2 papers (2 unread, 0 starred, 0 tagged)
1 page subject known only by its date
2 links, from 1 source file" "the summary counts the stub apart, singular forms"
"$SHEAF" import "$T_DIR/digest.txt" >/dev/null
is "$("$SHEAF")" "Library: $SHEAF_DB
4 papers (4 unread, 0 starred, 0 tagged)
2 links, from 2 source files" "the stub folded into the digest's paper"

# ---------------------------------------------------------------- lists
H="id${TAB}arxiv${TAB}date${TAB}read${TAB}starred${TAB}tagged${TAB}title"
BETA="beta listing abstract that is long enough to be a paper of its own in this library"
ALPHA="Alpha listing abstract, another paper entirely, with its own words in it"
is "$("$SHEAF" list --tsv)" "$H
5${TAB}2103.00002${TAB}2021-03-04${TAB}0${TAB}0${TAB}0${TAB}zeta title
4${TAB}2103.00001${TAB}2021-03-03${TAB}0${TAB}0${TAB}0${TAB}Zeta Title
3${TAB}${TAB}2020-02-06${TAB}0${TAB}0${TAB}0${TAB}$ALPHA
1${TAB}${TAB}2020-01-05${TAB}0${TAB}0${TAB}0${TAB}$BETA" "list --tsv: newest first"
is "$("$SHEAF" list --tsv --sort title)" "$H
3${TAB}${TAB}2020-02-06${TAB}0${TAB}0${TAB}0${TAB}$ALPHA
1${TAB}${TAB}2020-01-05${TAB}0${TAB}0${TAB}0${TAB}$BETA
4${TAB}2103.00001${TAB}2021-03-03${TAB}0${TAB}0${TAB}0${TAB}Zeta Title
5${TAB}2103.00002${TAB}2021-03-04${TAB}0${TAB}0${TAB}0${TAB}zeta title" \
	"list --sort title: A to Z ignoring case, equal titles by id"
is "$("$SHEAF" list --tsv --sort recent)" "$("$SHEAF" list --tsv --sort date)" \
	"list --sort recent: nothing opened yet, so newest first"
is "$("$SHEAF" list --tsv --sort date)" "$("$SHEAF" list --tsv)" "--sort date is the default"

"$SHEAF" mark 3 --star
is "$?" 0 "mark --star: exit 0"
"$SHEAF" mark 1 --tag
"$SHEAF" mark 4 --read --star
"$SHEAF" mark arXiv:2103.00002v2 --tag --read
is "$?" 0 "mark by arXiv id"
is "$("$SHEAF" list --tsv --starred)" "$H
4${TAB}2103.00001${TAB}2021-03-03${TAB}1${TAB}1${TAB}0${TAB}Zeta Title
3${TAB}${TAB}2020-02-06${TAB}0${TAB}1${TAB}0${TAB}$ALPHA" "list --starred"
is "$("$SHEAF" list --tsv --tagged)" "$H
5${TAB}2103.00002${TAB}2021-03-04${TAB}1${TAB}0${TAB}1${TAB}zeta title
1${TAB}${TAB}2020-01-05${TAB}0${TAB}0${TAB}1${TAB}$BETA" "list --tagged"
is "$("$SHEAF" list --tsv --unread)" "$H
3${TAB}${TAB}2020-02-06${TAB}0${TAB}1${TAB}0${TAB}$ALPHA
1${TAB}${TAB}2020-01-05${TAB}0${TAB}0${TAB}1${TAB}$BETA" "list --unread"
is "$("$SHEAF" list --tsv --unread --starred)" "$H
3${TAB}${TAB}2020-02-06${TAB}0${TAB}1${TAB}0${TAB}$ALPHA" "list --unread --starred: both filters"
is "$("$SHEAF" list --tsv --starred --tagged)" "$H" "list --starred --tagged: none, the header only"
is "$("$SHEAF" list --tsv --tagged --sort title)" "$H
1${TAB}${TAB}2020-01-05${TAB}0${TAB}0${TAB}1${TAB}$BETA
5${TAB}2103.00002${TAB}2021-03-04${TAB}1${TAB}0${TAB}1${TAB}zeta title" "list --tagged --sort title"
"$SHEAF" mark 4 --unread --unstar
"$SHEAF" mark 5 --untag
is "$("$SHEAF" list --tsv --starred | cut -f1)" "id
3" "--unstar clears the star"
is "$("$SHEAF" list --tsv --unread | cut -f1 | tr '\n' ' ')" "id 4 3 1 " "--unread clears read"
is "$("$SHEAF" list --tsv --tagged | cut -f1 | tr '\n' ' ')" "id 1 " "--untag clears the tag"
is "$("$SHEAF")" "Library: $SHEAF_DB
4 papers (3 unread, 1 starred, 1 tagged)
2 links, from 2 source files" "the summary counts the marks"

# ---------------------------------------------------------------- show
is "$("$SHEAF" show 4)" "id:         4
title:      Zeta Title
authors:    Ann Smith; Bob Jones
versions:   v1 2021-03-03
date:       2021-03-03
arxiv:      2103.00001
doi:        
url:        http://arxiv.org/abs/2103.00001v1
license:    http://creativecommons.org/licenses/by/4.0/
categories: 
journal:    
identity:   arxiv:2103.00001
read:       no
starred:    no
tagged:     no
sources:    $T_DIR/digest.txt (digest) line 1
abstract:
  The zeta abstract, which is complete." "show: every field line"
is "$("$SHEAF" show 2103.00001)" "$("$SHEAF" show 4)" "show by arXiv id"
out=$("$SHEAF" show 1)
like "$out" "title:      $BETA [title derived from the abstract]" "show: a derived title is marked"
like "$out" "identity:   text:" "show: a paper without ids is known by its text"
like "$out" "tagged:     yes" "show: marks"
like "$out" "sources:    $T_DIR/page.txt (similar) line 3" "show: where it was seen"
like "$out" "abstract:
  beta listing abstract that is long enough to be a paper of its own in
  this library …" "show: the abstract wrapped at 72 columns, a cut one ends with an ellipsis"

# ---------------------------------------------------------------- related
RH="id${TAB}score${TAB}kind${TAB}date${TAB}title"
is "$("$SHEAF" related --tsv 4)" "$RH
1${TAB}${TAB}similar${TAB}2020-01-05${TAB}$BETA
3${TAB}${TAB}similar${TAB}2020-02-06${TAB}$ALPHA" "related: the page's papers, in page order"
is "$("$SHEAF" related --incoming --tsv 3)" "$RH
4${TAB}${TAB}similar${TAB}2021-03-03${TAB}Zeta Title" "related --incoming: the page's subject"
is "$("$SHEAF" related --incoming --tsv 4)" "$RH" "related --incoming of the subject: none"
is "$("$SHEAF" related --tsv 1)" "$RH" "related of a listed paper: none outgoing"

# ---------------------------------------------------------------- people's columns
import_seeds
# Every line's title starts in the same column: the fields before it
# have fixed widths (id 6, flags 3, date 10, arXiv id 12).
"$SHEAF" list >"$T_DIR/list.txt"
is "$(grep -cv '^ *[0-9][0-9]* [N ][* ][+ ] [0-9-]\{10\} [0-9a-z./-]\{0,12\} *[^ ]' "$T_DIR/list.txt")" 0 \
	"list: every line has the fixed-width fields"
is "$(awk '{ print substr($0, 1, 35) }' "$T_DIR/list.txt" | awk '{ print length($0) }' | sort -u)" 35 \
	"list: the fields before the title are 35 columns on every line"
is "$(awk 'substr($0, 35, 1) != " " || substr($0, 36, 1) == " "' "$T_DIR/list.txt" | wc -l)" 0 \
	"list: the title starts in column 36 on every line"
is "$(wc -l <"$T_DIR/list.txt")" "$("$SHEAF" list --tsv | tail -n +2 | wc -l)" \
	"list: as many lines as --tsv has rows"
god=$("$SHEAF" list --tsv | awk -F'\t' '$2 == "2205.14258" { print $1 }')
"$SHEAF" related "$god" >"$T_DIR/related.txt"
is "$(awk 'substr($0, 36, 1) != " " || substr($0, 37, 1) == " "' "$T_DIR/related.txt" | wc -l)" 0 \
	"related: the title starts in column 37 on every line"
first=$("$SHEAF" related --tsv "$god" | sed -n 2p | cut -f1)
is "$(head -1 "$T_DIR/related.txt" | cut -c1-36)" \
	"$(printf '%6s %8s %-8s %-10s ' "$first" 79.17 digest 2024-05-22)" "related: id, score, kind, date"

# ---------------------------------------------------------------- hostile text
# An abstract that clears the screen (CSI 2J), sets the clipboard (OSC 52,
# ended by BEL and by ST), uses the 8-bit CSI and a right-to-left override.
printf 'April 1, 2022\nSimilar papers 1\nMay 5, 2022\nEvil \033[2Jclears \033]52;c;SGVsbG8=\007copies \033]52;c;d29ybGQ=\033\\ \302\2332J \342\200\256txet desrever and \033[31mred\033[0m. More...\n' >"$T_DIR/evil.txt"
"$SHEAF" import "$T_DIR/evil.txt" >/dev/null
evil=$("$SHEAF" list --tsv | awk -F'\t' '$3 == "2022-05-05" { print $1 }')
stub=$("$SHEAF" list --tsv | awk -F'\t' '$3 == "2022-04-01" { print $1 }')
ok "$([ -n "$evil" ] && [ -n "$stub" ]; echo $?)" "the hostile page is imported"
for cmd in "show $evil" "show --raw $evil" "list" "list --tsv" "list --sort title" \
	"related $stub" "related --tsv $stub" "related --incoming $evil"; do
	# shellcheck disable=SC2086
	"$SHEAF" $cmd >"$T_DIR/out.bin" 2>"$T_DIR/err.bin"
	is "$(count_byte "$T_DIR/out.bin" 1b)$(count_byte "$T_DIR/out.bin" 07)" 00 "$cmd: no ESC or BEL on stdout"
	is "$(bytes "$T_DIR/out.bin" | tr '\n' ' ' | grep -c 'c2 9b\|e2 80 ae')" 0 \
		"$cmd: no 8-bit CSI or bidi override on stdout"
	is "$(count_byte "$T_DIR/err.bin" 1b)" 0 "$cmd: no ESC on stderr"
done
like "$("$SHEAF" show "$evil")" "Evil ^[[2Jclears ^[]52;c;SGVsbG8=^Gcopies" "show: escapes shown in caret notation"
like "$("$SHEAF" list --tsv)" "Evil ^[[2Jclears" "list --tsv: escapes shown in caret notation"
# In the C locale the output is pure ASCII as well.
LC_ALL=C LANG=C "$SHEAF" show "$evil" >"$T_DIR/out.bin"
is "$(bytes "$T_DIR/out.bin" | grep -c '^[89a-f]')" 0 "show under LC_ALL=C: pure ASCII"
like "$(cat "$T_DIR/out.bin")" "Evil ^[[2Jclears ^[]52;c;SGVsbG8=^Gcopies ^[]52;c;d29ybGQ=^[ ?2J ?txet" \
	"show under LC_ALL=C: placeholders are '?'"
LC_ALL=C LANG=C "$SHEAF" list >"$T_DIR/out.bin"
is "$(bytes "$T_DIR/out.bin" | grep -c '^[89a-f]')$(count_byte "$T_DIR/out.bin" 1b)" 00 \
	"list under LC_ALL=C: pure ASCII, no ESC"
# A broken file's bad line, quoted in the error message, is made safe too.
printf 'May 6, 2022\nfine\n\033]52;c;SGVsbG8=\007\033[2J not a date\n' >"$T_DIR/evil-bad.txt"
"$SHEAF" import "$T_DIR/evil-bad.txt" >/dev/null 2>"$T_DIR/err.bin"
is "$?" 1 "a broken hostile file: exit 1"
is "$(count_byte "$T_DIR/err.bin" 1b)$(count_byte "$T_DIR/err.bin" 07)" 00 "... its error message holds no ESC or BEL"
like "$(cat "$T_DIR/err.bin")" 'evil-bad.txt:3: expected a date like "September 14, 2023", found "^[]52;c;SGVsbG8=^G^[[2J not a date"' \
	"... and quotes the line in caret notation"
# A file name with an escape in it is shown safely as well.
cp "$T_DIR/evil-bad.txt" "$T_DIR/name${ESC}[2J.txt"
"$SHEAF" import "$T_DIR/name${ESC}[2J.txt" >/dev/null 2>"$T_DIR/err.bin"
is "$(count_byte "$T_DIR/err.bin" 1b)" 0 "a file name with ESC: no ESC in the message"

done_testing
