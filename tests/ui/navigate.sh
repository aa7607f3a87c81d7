#!/bin/sh
# Following related papers three links deep and coming back, forward
# again, the trail in the status line, and a followed paper the list's
# filter hides.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui/lib-ui.sh"

import_seeds
# Computed related papers are made now, so the reader's idle queue has
# nothing left to change under the test: the related pane then holds
# exactly what 'sheaf related' lists, in that order.
"$SHEAF" index --quiet
stub=$(id_of 2023-09-11)
p2023=$(id_of 2023-09-14)
p2015=$(id_of 2015-04-08)
mkdir -p "$HOME/.config/sheaf"
echo "set mark-read-delay never" >"$HOME/.config/sheaf/config"

# rank_of ID PATTERN [--incoming]: where the first row of 'sheaf related'
# matching PATTERN stands (1 = first), so the test presses j that often
# less. Incoming links come after all outgoing ones in the pane.
rank_of() {
	"$SHEAF" related --tsv $3 "$1" | tail -n +2 | grep -n -m1 -- "$2" | cut -d: -f1
}
n_out() { "$SHEAF" related --tsv "$1" | tail -n +2 | wc -l; }
n_in() { "$SHEAF" related --incoming --tsv "$1" | tail -n +2 | wc -l; }

# The stub of 2023-09-11 lists 2023-09-14; 2023-09-14 is linked from the
# stub and from 2015-04-08 (and by computed links); 2015-04-08 lists
# 2205.14258 on page 002.
ui_start 80x24 -- open "$stub"
wait_for "(unknown paper of 2023-09-11)"
like "$(screen)" "Known only as the subject of a similar-papers page" "the stub explains itself"
keys 3
keys -N $(($(rank_of "$stub" "	2023-09-14	") - 1)) j
keys Enter
wait_for "Deep learning was recently successfully used in deriving symmetry"
like "$(row 2)$(screen | grep '▶')" "2023-09-14" "1 deep: 2023-09-14, and the list cursor moved to it"
keys -N $(($(n_out "$p2023") + $(rank_of "$p2023" "^$p2015	" --incoming) - 1)) j
wait_for "Linked from ($(n_in "$p2023"))"
like "$(screen | grep '▶' | tail -n 1)" "Why does Deep Learning work" "its incoming links are listed, 2015-04-08 among them"
keys Enter
wait_for "2015-04-08"
wait_for "v1 8 Apr 2015"
keys -N $(($(rank_of "$p2015" "On the Symmetries of Deep Learning Models") - 1)) j
keys Enter
wait_for "On the Symmetries of Deep Learning Models and their Internal"
like "$(screen)" "Charles Godfrey, Davis Brown" "3 deep: Godfrey et al."
keys Enter
wait_for "Enhancing lattice kinetic schemes for fluid dynamics"
wait_for "v1 22 May 2024"
status=$(row 23)
like "$status" "On the Symmetri" "the trail shows the path ..."
like "$status" "[Enhancing lattice kinetic" "... ending at the current paper"

resize 160x24
wait_for "Deep learning wa"
like "$(row 23)" "Why does Deep L" "a wider terminal shows more of the trail"
resize 80x24
keys h
wait_for "v1 27 May 2022, v5 24 Mar 2023"
like "$(row 23)" "(+1)" "after going back, the steps ahead are counted"
keys h
wait_for "v1 8 Apr 2015"
keys h
wait_for "v1 14 Sep 2023"
keys h
wait_for "(unknown paper of 2023-09-11)"
like "$(screen)" "Known only as the subject" "back four times: where we started"
keys h
wait_for "Nothing to go back to."
keys l
wait_for "v1 14 Sep 2023"
keys l
wait_for "v1 8 Apr 2015"
like "$(screen)" "2015-04-08" "forward twice: 2015-04-08 again"
# Following from the middle of the trail drops what lay ahead.
keys 3 Enter
wait_for "In this work, we formally prove that"
keys l
wait_for "Nothing to go forward to."
keys q
is "$(wait_exit)" 0 "quit"

# A followed paper that the filter hides is shown anyway, and said so.
"$SHEAF" mark "$stub" --star
ui_start 80x24 -- open "$stub"
wait_for "(unknown paper of 2023-09-11)"
keys f f
wait_for "Papers [starred]"
keys 3 Enter
wait_for "This paper is shown although the list's filter hides it."
like "$(row 23)" "[hidden by the filter]" "the status line says the filter hides it"
like "$(screen)" "2014-12-20" "the hidden paper is in the list"
keys Escape
wait_for "Filter cleared."
keys q
is "$(wait_exit)" 0 "quit"

done_testing
