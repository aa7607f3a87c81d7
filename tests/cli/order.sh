#!/bin/sh
# The order in which files are imported must not change the library:
# subjects known only by their date resolve the same way, stubs fold into
# the real paper whenever it arrives, merges keep the same data.
. "${SRCDIR:-.}/tests/lib.sh"

import_in_order() {
	rm -f "$SHEAF_DB" "$SHEAF_DB-wal" "$SHEAF_DB-shm"
	for n in "$@"; do
		"$SHEAF" import "$SEEDS/$n"_*.txt >/dev/null || return 1
	done
}

import_in_order 000 001 002 003 004
reference=$(canon)
like "$reference" "(unknown paper of 2023-09-11)" "reference library has the stub"

# Orders chosen to put every subject page before and after the page that
# brings its paper, and the digest before and after the listings it joins.
for order in "004 003 002 001 000" "002 004 000 001 003" "003 000 004 002 001" \
	"001 002 003 004 000" "002 003 004 001 000" "004 000 003 001 002" \
	"003 002 001 000 004" "001 004 002 000 003"; do
	# shellcheck disable=SC2086
	import_in_order $order
	is "$(canon)" "$reference" "order $order gives the same library"
done

# Stubs fold into the paper when it arrives later: 002 alone makes a stub
# for 2015-04-08, 000 then brings that paper.
import_in_order 002
like "$("$SHEAF" list --tsv)" "(unknown paper of 2015-04-08)" "002 alone: a stub for its subject"
"$SHEAF" import "$SEEDS"/000_*.txt >/dev/null
unlike "$("$SHEAF" list --tsv)" "(unknown paper of 2015-04-08)" "000 brings the paper: the stub is gone"

# A mark made on a stub survives the fold.
import_in_order 004
stub=$("$SHEAF" list --tsv | awk -F'\t' '$3 == "2015-04-08" { print $1 }')
"$SHEAF" mark "$stub" --star
"$SHEAF" import "$SEEDS"/000_*.txt >/dev/null
is "$("$SHEAF" list --starred --tsv | tail -n +2 | cut -f3,7)" "2015-04-08	Why does Deep Learning work?" \
	"the star on the stub moved to the real paper"

done_testing
