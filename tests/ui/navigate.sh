#!/bin/sh
# Following related papers three links deep and coming back, forward
# again, the trail in the status line, and a followed paper the list's
# filter hides.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui/lib-ui.sh"

import_seeds
stub=$(id_of 2023-09-11)
mkdir -p "$HOME/.config/sheaf"
echo "set mark-read-delay never" >"$HOME/.config/sheaf/config"

# The stub of 2023-09-11 lists 2023-09-14 fifth; 2023-09-14 is linked from
# the stub and from 2015-04-08; 2015-04-08 lists 2205.14258 ninth on page
# 002 (the 17th row, ties in rank ordered newest first).
ui_start 80x24 -- open "$stub"
wait_for "(unknown paper of 2023-09-11)"
like "$(screen)" "Known only as the subject of a similar-papers page" "the stub explains itself"
keys 3
keys -N 4 j
keys Enter
wait_for "Deep learning was recently successfully used in deriving symmetry"
like "$(row 2)$(screen | grep '▶')" "2023-09-14" "1 deep: 2023-09-14, and the list cursor moved to it"
like "$(screen)" "Linked from (2)" "its incoming links are listed"
keys j Enter
wait_for "2015-04-08"
wait_for "v1 8 Apr 2015"
keys -N 16 j
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
