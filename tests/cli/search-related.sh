#!/bin/sh
# Computed related papers on the seed library: `sheaf index` gives every
# paper related papers, `sheaf related` shows them beside the imported
# links (a paper once), and a paper imported later gets its own at once.
. "${SRCDIR:-.}/tests/lib.sh"

import_seeds

# kinds ID: the kinds of paper ID's related papers, one a line.
kinds() { "$SHEAF" related --tsv "$1" | tail -n +2 | cut -f3; }
god=$("$SHEAF" list --tsv | awk -F'\t' '$2 == "2205.14258" { print $1 }')

is "$(kinds "$god" | sort -u)" "digest" "before sheaf index: only the imported links"

out=$("$SHEAF" index)
is "$?" 0 "sheaf index: exit 0"
like "$out" "Related papers: 47 papers indexed in full" "the first index is a full build of the 47 papers"

# Every paper has related papers; those without imported links have
# computed ones; a paper never shows twice.
missing=""
twice=""
for id in $("$SHEAF" list --tsv | tail -n +2 | cut -f1); do
	rel=$("$SHEAF" related --tsv "$id" | tail -n +2)
	[ -n "$rel" ] || missing="$missing $id"
	[ "$(echo "$rel" | cut -f1 | sort | uniq -d)" = "" ] || twice="$twice $id"
done
is "$missing" "" "every paper has related papers"
is "$twice" "" "no paper lists another twice"
is "$(kinds "$god" | uniq | tr '\n' ' ')" "digest computed " "imported links first, computed ones after"
comp=$("$SHEAF" related --tsv "$god" | awk -F'\t' '$3 == "computed"')
ok "$([ "$(echo "$comp" | wc -l)" -ge 1 ]; echo $?)" "Godfrey et al. have computed related papers"
is "$(echo "$comp" | cut -f2 | sort -g -r)" "$(echo "$comp" | cut -f2)" "... strongest first"
is "$(echo "$comp" | cut -f2 | grep -cv '^0\.[0-9]')" 0 "... scores between 0 and 1"
no_links=$("$SHEAF" list --tsv | awk -F'\t' '$3 == "2022-10-09" { print $1 }')
is "$(kinds "$no_links" | sort -u)" "computed" "a paper no page lists as a subject: computed links only"

# Nothing to do the second time; --full rebuilds, to the same result.
before=$(canon)
like "$("$SHEAF" index)" "0 papers brought up to date" "second index: nothing to do"
like "$("$SHEAF" index --full)" "47 papers indexed in full" "--full rebuilds"
is "$(canon)" "$before" "a rebuild gives the same links and scores"

# A paper imported later gets related papers at once (sheaf related
# computes it), and the paper it resembles most lists it too.
cat >"$T_DIR/new.txt" <<'EOF'
Intertwiner groups of ReLU networks and the symmetries of their representations
- URL: http://arxiv.org/abs/2409.00001v1
- Date: Sun, 1 Sep 2024 10:00:00 GMT
- Title: Intertwiner groups of ReLU networks and the symmetries of their representations
- Authors: Ada Lovelace
- Abstract: We compute the intertwiner groups of ReLU networks and show how the symmetries of a model's architecture propagate into the symmetries of its internal representations of data, across models of one architecture.
EOF
"$SHEAF" import "$T_DIR/new.txt" >/dev/null
new=$("$SHEAF" list --tsv | awk -F'\t' '$2 == "2409.00001" { print $1 }')
rel=$("$SHEAF" related --tsv "$new" | tail -n +2)
is "$(echo "$rel" | head -1 | cut -f1,3)" "$god	computed" "the new paper's closest is Godfrey et al., computed on demand"
like "$("$SHEAF" related --tsv "$god" | awk -F'\t' '$3 == "computed" { print $1 }')" "$new" \
	"... and Godfrey et al. list the new paper"
like "$("$SHEAF" index)" "brought up to date" "sheaf index after an import: an update, not a full build"
like "$("$SHEAF" index)" "0 papers brought up to date" "... then nothing left"

# Options.
"$SHEAF" index extra >/dev/null 2>&1
is "$?" 2 "sheaf index with an argument: usage error"
is "$("$SHEAF" index --quiet)" "" "--quiet says nothing"

done_testing
