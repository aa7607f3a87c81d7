#!/bin/sh
# The five seed files: exactly one paper per real paper, every merge right,
# every link in place, nothing duplicated by a second import.
. "${SRCDIR:-.}/tests/lib.sh"

# The ids of the papers whose earliest date is $1.
ids_of() { "$SHEAF" list --tsv | awk -F'\t' -v d="$1" '$3 == d { print $1 }'; }
field() { "$SHEAF" show "$1" | sed -n "s/^$2: *//p"; }

out=$("$SHEAF" import --tsv "$SEEDS"/*.txt | cut -f2-)
is "$out" "format	records	added	merged	links
similar	10	10	0	10
similar	10	9	1	0
similar	10	10	0	10
digest	12	10	2	11
similar	10	8	2	10" "per-file counts of the first import"

rows=$("$SHEAF" list --tsv | tail -n +2 | wc -l)
is "$rows" 48 "47 papers and one stub for the unknown subject of 2023-09-11"
stub=$(ids_of 2023-09-11)
like "$(field "$stub" title)" "(unknown paper of 2023-09-11)" "the stub is clearly marked"
like "$(field "$stub" identity)" "subject:2023-09-11" "the stub's identity is its date"

# The same paper listed on three pages is one paper seen three times.
s=$(ids_of 2023-09-14)
is "$(echo "$s" | wc -l)" 1 "2023-09-14 listed on pages 000, 001, 004: one paper"
is "$("$SHEAF" show "$s" | grep -c 'similar) line')" 3 "... seen in three sources"
g=$(ids_of 2022-05-18)
is "$(echo "$g" | wc -l)" 1 "2022-05-18 listed on pages 001 and 004: one paper"

# The digest (v5) and the listing with the first version's date.
god=$("$SHEAF" list --tsv | awk -F'\t' '$2 == "2205.14258" { print $1 }')
is "$(ids_of 2022-05-27)" "$god" "the 2022-05-27 listing is the digest's paper 2205.14258"
is "$(field "$god" versions)" "v1 2022-05-27; v5 2023-03-24" "both version dates kept"
is "$(field "$god" title)" "On the Symmetries of Deep Learning Models and their Internal Representations" \
	"the digest's title (it wraps in the file)"
is "$(field "$god" authors)" "Charles Godfrey; Davis Brown; Tegan Emerson; Henry Kvinge" "authors in order"
is "$(field "$god" url)" "http://arxiv.org/abs/2205.14258v5" "the URL"
is "$(field "$god" license)" "http://creativecommons.org/licenses/by/4.0/" "the license"
like "$("$SHEAF" show "$god" | tr -s ' \n' '  ')" "arbitrary linear combinations thereof." "the full abstract, not the snippet"
unlike "$("$SHEAF" show "$god")" "…" "the abstract is not marked truncated"

# A related entry (title + first sentence) and the listing of the same day.
l=$(ids_of 2023-01-13)
is "$(echo "$l" | wc -l)" 1 "the related entry of 2023-01-13 merged with the listing of that day"
is "$(field "$l" title)" \
	"Deep Learning Symmetries and Their Lie Groups, Algebras, and Subalgebras from First Principles" \
	"its title comes from the digest"
like "$("$SHEAF" show "$l")" "Our procedure is validated with several examples" "its abstract from the listing"

# The short version under a new id: same text, other date, same page.
a=$(ids_of 2014-12-20)
b=$(ids_of 2015-04-08)
ok "$([ -n "$a" ] && [ -n "$b" ] && [ "$a" != "$b" ]; echo $?)" \
	"2014-12-20 and 2015-04-08 (near-identical abstracts) stay two papers"

# Links.
is "$("$SHEAF" related --tsv "$stub" | tail -n +2 | wc -l)" 10 "the stub subject has its 10 similar papers"
is "$("$SHEAF" related --tsv "$b" | tail -n +2 | wc -l)" 20 "2015-04-08 is the subject of pages 002 and 004: 20 papers"
is "$("$SHEAF" related --tsv "$b" | tail -n +2 | cut -f3 | sort -u)" similar "... all listed as similar"
rel=$("$SHEAF" related --tsv "$god" | tail -n +2)
is "$(echo "$rel" | wc -l)" 11 "the digest's 11 related papers"
is "$(echo "$rel" | head -1 | cut -f2-5)" \
	"79.17	digest	2024-05-22	Enhancing lattice kinetic schemes for fluid dynamics with Lattice-Equivariant Neural Networks" \
	"strongest first, with score, kind, date and title"
is "$(echo "$rel" | tail -1 | cut -f2-4)" "0	digest	2024-10-31" "weakest last"
like "$(echo "$rel" | cut -f1)" "$l" "the digest links to the merged 2023-01-13 paper"
is "$("$SHEAF" related --incoming --tsv "$s" | tail -n +2 | cut -f1 | sort -n | tr '\n' ' ')" \
	"$(printf '%s\n' "$stub" "$b" | sort -n | tr '\n' ' ')" "2023-09-14 is linked from both subjects"
like "$("$SHEAF")" "41 links" "41 links in all"

# Derived titles.
is "$(field "$s" title)" \
	"Deep learning was recently successfully used in deriving symmetry transformations that preserve… [title derived from the abstract]" \
	"a paper without a title gets one from its abstract, marked derived"

# A second import changes nothing.
before=$(canon)
out=$("$SHEAF" import --tsv "$SEEDS"/*.txt | cut -f4,6 | tail -n +2 | sort -u)
is "$out" "0	0" "second import: no papers, no links added"
is "$(canon)" "$before" "second import: library unchanged"

done_testing
