#!/bin/sh
# sheaf search on the seed library: the papers a reader looks for are
# found, the TSV is the list's plus a score, filters apply, and a
# malformed query is exit 1 with a message that says what and where.
. "${SRCDIR:-.}/tests/lib.sh"

import_seeds

# search QUERY...: the TSV rows without the header.
search() { "$SHEAF" search --tsv "$@" | tail -n +2; }

out=$("$SHEAF" search --tsv intertwiner)
is "$(echo "$out" | head -1)" "id	arxiv	date	read	starred	tagged	title	score" "TSV header"
is "$(echo "$out" | tail -n +2 | cut -f2,7)" \
	"2205.14258	On the Symmetries of Deep Learning Models and their Internal Representations" \
	"intertwiner finds Godfrey et al. (2205.14258)"
god=$(echo "$out" | tail -n +2 | cut -f1)
like "$(echo "$out" | tail -n +2 | cut -f8)" "." "... with a score"
is "$(search author:Kvinge | cut -f1)" "$god" "author:Kvinge finds it"
is "$(search 'author:"Henry Kvinge"' | cut -f1)" "$god" "author:\"Henry Kvinge\" finds it"
is "$(search author:kving* | cut -f1)" "$god" "author:kving* finds it"
is "$(search arxiv:2205.14258v5 | cut -f1)" "$god" "arxiv:2205.14258v5 finds it"
is "$(search intertwiner year:2022 | cut -f1)" "$god" "intertwiner year:2022 finds it (first version 2022)"
is "$(search intertwiner year:2023.. | wc -l)" 0 "intertwiner year:2023.. does not"

# {\em pretraining} is indexed as it reads.
is "$(search pretraining | cut -f3)" "2015-04-08" "pretraining finds the {\\em pretraining} paper of 2015-04-08"
grep -q '{\\em pretraining}' "$SEEDS"/*.txt
ok $? "... whose abstract has it in LaTeX markup"
like "$(search '"pre training"' | cut -f3)" "2014-12-20" "\"pre training\" finds the pre-training one"

# Best first: scores never rise.
scores=$(search symmetry | cut -f8)
is "$(echo "$scores" | sort -g -r)" "$scores" "symmetry: best first"
ok "$([ "$(echo "$scores" | wc -l)" -ge 10 ]; echo $?)" "... many hits"
is "$(search title:symmetries | cut -f7 | grep -vic symmetr)" 0 "title:symmetries: every title has it"
is "$(search 'symmetry year:2023' | cut -f3 | cut -c1-4 | sort -u)" 2023 "year:2023: all of 2023"
is "$(search 'year:2014..2015' | cut -f3 | sort -r | tr '\n' ' ')" "2015-04-08 2014-12-20 " \
	"year:2014..2015 without words: newest first"
is "$(search 'deep -learning' | wc -l)" "$(search 'deep NOT learning' | wc -l)" "-word and NOT word agree"
n_or=$(search 'equivariant OR intertwiner' | wc -l)
n_eq=$(search equivariant | wc -l)
ok "$([ "$n_or" -eq $((n_eq + 1)) ]; echo $?)" "OR adds the intertwiner paper to the equivariant ones"

# Filters.
"$SHEAF" mark "$god" --star
is "$(search --starred learning | cut -f1)" "$god" "--starred: only the starred paper"
"$SHEAF" mark "$god" --read
ok "$(search --unread intertwiner | grep -c . | grep -qx 0; echo $?)" "--unread: the read paper is gone"
is "$(search --tagged learning | wc -l)" 0 "--tagged: none tagged"

# The plain form: the list's columns and the score.
like "$("$SHEAF" search intertwiner)" "2205.14258" "plain output names the paper"

# --limit, and the note that more papers match.
err=$("$SHEAF" search --limit 2 --tsv learning 2>&1 >/dev/null)
is "$("$SHEAF" search --limit 2 --tsv learning 2>/dev/null | tail -n +2 | wc -l)" 2 "--limit 2: two rows"
like "$err" "more papers match" "... and a note on stderr"
is "$("$SHEAF" search --tsv learning 2>&1 >/dev/null)" "" "no note when all hits are shown"

# Malformed queries: exit 1, a message with the column, nothing on stdout.
try() {
	out=$("$SHEAF" search "$1" 2>"$T_DIR/err")
	st=$?
	is "$st" 1 "malformed $1: exit 1"
	like "$(cat "$T_DIR/err")" "$2" "... says: $2"
	is "$out" "" "... prints nothing else"
}
try '(symmetry' "sheaf: search: the parenthesis at column 1 is never closed"
try 'symmetry)' "the ')' at column 9 has no matching '('"
try '"deep learning' "the quote at column 1 is never closed"
try 'deep AND' "'AND' at column 6 needs a term after it"
try 'OR deep' "'OR' at column 1 needs a term before it"
try 'year:20x' "'year:' at column 1 takes a year or a range"
try 'year:2023..2020' "ends (2020) before it starts (2023)"
try 'arxiv:nonsense' "takes an arXiv id"
try 'foo:bar' "unknown field 'foo:'"
try '+++' "nothing to search for"
# Control characters in a query never reach the terminal raw.
"$SHEAF" search "$(printf 'foo:\033]0;evil\007')" 2>"$T_DIR/err"
is "$?" 1 "a query with escape sequences: exit 1"
ok "$(! grep -q "$(printf '\033')" "$T_DIR/err"; echo $?)" "... and no escape in the message"
# Syntax of FTS5 itself is just words here.
is "$(search 'NEAR(deep learning)' | wc -l)" "$(search 'NEAR deep learning' | wc -l)" \
	"NEAR( is a word, not FTS5 syntax"
is "$(search '{title}:deep' | wc -l)" 0 "{title}:deep is a word (found nowhere), not a column filter"

"$SHEAF" search >/dev/null 2>&1
is "$?" 2 "no query: usage error"
"$SHEAF" search --limit 0 x >/dev/null 2>&1
is "$?" 2 "--limit 0: usage error"

done_testing
