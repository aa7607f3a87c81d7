#!/bin/sh
# Wide characters at a pane's edge: titles in CJK, with emoji, and with a
# combining accent, each shifted by 0-3 columns so that in some row a wide
# character or an accented letter falls exactly on the cut. At 80x24, in
# the wide layout (a column separator to overflow into) and the tall one,
# no screen line may pass its pane: the separator stays in its column,
# nothing is wider than the screen, a wide character is never split and a
# combining accent never loses its letter.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui/lib-ui.sh"

[ -n "${PYTHON3:-}" ] || PYTHON3=$(command -v python3 || true)
[ -n "$PYTHON3" ] || skip_all "python3 is not installed (it measures the screen's columns)"

CJK='深層学習における対称性と不変性の研究と群同変ネットワークの理論的な枠組み'
EMOJI='😀 Emoji 😀😀 in 😀 a 😀😀😀 title 😀😀😀😀 that is long 😀😀😀😀😀 enough to cut'
ACCENT='Cafe\314\201 e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201e\314\201 au lait'
n=0
for title in "$CJK" "$EMOJI" "$ACCENT"; do
	for pre in "" "a" "ab" "abc"; do
		n=$((n + 1))
		printf 'T\n- URL: http://arxiv.org/abs/2401.%05dv1\n- Date: Mon, %d Jan 2024 10:00:00 GMT\n- Title: %s%b\n- Abstract: %b %b, an abstract with wide text to wrap.\n\n' \
			"$n" "$n" "$pre" "$title" "$title" "$CJK$CJK" >>"$T_DIR/wide.txt"
	done
done
"$SHEAF" import "$T_DIR/wide.txt" >/dev/null
is "$("$SHEAF" list --tsv | tail -n +2 | wc -l)" 12 "twelve titles to cut"

# check SEPARATOR-COLUMN [TITLE-ROWS]: every screen row no wider than 80
# columns, the separator (if any) in its column, no combining mark without
# its letter, no row starting with a spilt ellipsis; in rows 2 to
# TITLE-ROWS + 1 (all cut titles) the list's part ends with the ellipsis,
# at most one column (half a wide character) before the separator.
# Prints one line a problem.
check() {
	tm capture-pane -p >"$T_DIR/screen"
	"$PYTHON3" - "$T_DIR/screen" "$1" "${2:-0}" <<'PY'
import sys, unicodedata
sep, titles = int(sys.argv[2]), int(sys.argv[3])
def width(ch):
    if unicodedata.combining(ch) or ch in '\u200b\u200d':
        return 0
    return 2 if unicodedata.east_asian_width(ch) in 'WF' else 1
for y, line in enumerate(open(sys.argv[1], encoding='utf-8').read().split('\n')[:24], 1):
    col, seen = 0, None
    for i, ch in enumerate(line):
        if ch == '\u2502' and seen is None:
            seen = col
            left = line[:i]
        if width(ch) == 0 and (i == 0 or line[i - 1] in ' \u2026\u2502'):
            print('row %d: a combining mark without its letter at column %d' % (y, col))
        col += width(ch)
    if col > 80:
        print('row %d: %d columns wide' % (y, col))
    if line.startswith('\u2026'):
        print('row %d: starts with an ellipsis that spilt from the row above' % y)
    if sep >= 0 and 1 <= y <= 22 and seen != sep:
        print('row %d: separator at column %s, not %d' % (y, seen, sep))
    if sep >= 0 and 2 <= y <= titles + 1 and seen == sep:
        body = left.rstrip(' ')
        if not body.endswith('\u2026') or len(left) - len(body) > 1:
            print('row %d: the cut title does not end at the separator: %r' % (y, left))
    if sep >= 0 and titles + 2 <= y <= 22 and seen == sep and left.strip():
        print('row %d: text below the titles: %r' % (y, left))
PY
}

mkdir -p "$HOME/.config/sheaf"
printf 'set layout wide\n' >"$HOME/.config/sheaf/config"
ui_start 80x24
wait_for "Papers"
settle
is "$(check 36 12)" "" "wide layout, list and abstract: nothing passes its pane"
s=$(screen)
like "$s" "…│" "wide layout: a cut title ends with an ellipsis at the separator"
like "$s" "$(printf 'Cafe\314\201 e\314\201e\314\201')" "a combining accent stays with its letter"
for i in 1 2 3 4 5 6 7 8 9 10 11; do keys j; done
wait_for "12/12"
settle
is "$(check 36 12)" "" "wide layout, after moving through every title"
like "$(screen)" "深層学習における対称性と不変性の研究と群" "the abstract pane wraps the wide title"
keys q
is "$(wait_exit)" 0 "wide layout: quits cleanly (exit 0)"

rm "$HOME/.config/sheaf/config"
ui_start 80x24
wait_for "Papers"
is "$(check -1)" "" "tall layout: no line wider than the screen"
keys G
wait_for "12/12"
is "$(check -1)" "" "tall layout, at the bottom of the list"
like "$(screen)" "…" "tall layout: titles are cut with an ellipsis"
keys q
is "$(wait_exit)" 0 "tall layout: quits cleanly (exit 0)"

done_testing
