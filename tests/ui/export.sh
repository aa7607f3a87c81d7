#!/bin/sh
# E in the reader: the tagged papers (or the current one) to a BibTeX file
# named at a prompt, with a confirmation before overwriting; c copies the
# citation key, made once and kept.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui/lib-ui.sh"

import_seeds
mkdir -p "$HOME/.config/sheaf"
echo "set mark-read-delay never" >"$HOME/.config/sheaf/config"
god=$("$SHEAF" list --tsv | awk -F'\t' '$2 == "2205.14258" { print $1 }')

# Nothing tagged: the current paper.
ui_start 80x24 -- open "$god"
wait_for "Charles Godfrey"
keys E
wait_for "Export this paper to: sheaf.bib"
keys Enter
wait_for "Wrote 1 entry to sheaf.bib."
is "$(grep -c '^@' "$T_DIR/sheaf.bib")" 1 "one entry written"
like "$(cat "$T_DIR/sheaf.bib")" "eprint = {2205.14258}" "it is Godfrey et al."
like "$(cat "$T_DIR/sheaf.bib")" "@misc{godfrey2022symmetries," "with its citation key"

# Tagged papers, an edited name, and the overwrite question.
keys 1 t t
wait_for "Tagged."
keys E
wait_for "Export 2 tagged papers to: sheaf.bib"
keys C-u
keys -l "$T_DIR/two.bib"
keys Enter
wait_for "Wrote 2 entries to $T_DIR/two.bib."
is "$(grep -c '^@' "$T_DIR/two.bib")" 2 "the two tagged papers written"
keys E
wait_for "Export 2 tagged papers to:"
keys Enter
wait_for "sheaf.bib exists. Overwrite it? (y/n)"
keys n
wait_for "Export cancelled."
is "$(grep -c '^@' "$T_DIR/sheaf.bib")" 1 "n: the file is untouched"
keys E
wait_for "Export 2 tagged papers to:"
keys Enter
wait_for "Overwrite it?"
keys y
wait_for "Wrote 2 entries to sheaf.bib."
is "$(grep -c '^@' "$T_DIR/sheaf.bib")" 2 "y: overwritten"
keys E
wait_for "Export 2 tagged papers to:"
keys Escape
wait_for "Export cancelled."

# c copies the citation key (the one the export made).
ui_start 80x24 -- open "$god"
wait_for "Charles Godfrey"
keys c
wait_for "Copied the citation key to the clipboard."
is "$(tm show-buffer 2>/dev/null)" "godfrey2022symmetries" "c: the key is on the clipboard"
keys q
is "$(wait_exit)" 0 "quit"

done_testing
