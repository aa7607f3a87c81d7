#!/bin/sh
# The man pages: lint-clean, and naming every command, option and
# environment variable that --help names (and every reader action).
. "${SRCDIR:-.}/tests/lib.sh"

man1="${BUILDDIR:-$SRCDIR}/man/sheaf.1"
man5="${BUILDDIR:-$SRCDIR}/man/sheaf-config.5"
[ -f "$man1" ] && [ -f "$man5" ] || skip_all "man pages not built"

if [ -n "${MANDOC:-}" ] && [ -x "$MANDOC" ]; then
	lint=$("$MANDOC" -Tlint -W warning "$man1" "$man5" 2>&1 | grep -v 'referenced manual not found\|mandoc.db')
	is "$lint" "" "mandoc -Tlint: no warnings or errors"
else
	echo "ok $((T_N = T_N + 1)) - # SKIP mandoc not installed"
fi

help=$("$SHEAF" --help)
text=$(cat "$man1")
section() { echo "$help" | sed -n "/^$1/,/^\$/p"; }
for cmd in $(section Commands: | sed -n 's/^  \([a-z]\+\)\b.*/\1/p' | sort -u); do
	like "$text" ".It Ic $cmd" "sheaf(1) documents the command $cmd"
done
for fmt in $(section Formats | sed -n 's/^  \([a-z-]\+\) .*/\1/p' | sort -u); do
	like "$text" ".It Cm $fmt" "sheaf(1) documents the format $fmt"
done
for opt in $(echo "$help" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	like "$text" "Fl Fl ${opt#--}" "sheaf(1) documents $opt"
done
for var in $(section Environment: | grep -o '^  [A-Z][A-Z_]*' | sort -u); do
	like "$text" "Ev $var" "sheaf(1) documents the environment variable $var"
done
conf=$(cat "$man5")
for action in $(sed -n 's/^bind [^ ]* //p' "$SRCDIR/data/config" | sort -u); do
	like "$conf" ".It Ic $action" "sheaf-config(5) documents the action $action"
done
like "$text" ".It Cm j , Cm Down" "sheaf(1) lists the default keys"
keys=$(echo "$help" | sed -n '/^Keys in the reader/,/^$/p')
for action in $(sed -n 's/^bind [^ ]* //p' "$SRCDIR/data/config" | sort -u); do
	k=$(sed -n "s/^bind \([^ ]*\) $action\$/\1/p" "$SRCDIR/data/config" | head -1)
	like "$keys" "  $k" "--help lists the key $k ($action)"
done

done_testing
