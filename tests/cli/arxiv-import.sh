#!/bin/sh
# The arXiv metadata snapshot (JSON lines): the 200 real records become 200
# papers with their versions, authors and categories; a second import
# changes nothing; a record repeating a digest's arXiv id joins its paper.
. "${SRCDIR:-.}/tests/lib.sh"

DATA="$SRCDIR/tests/data"
REAL="$DATA/arxiv-head200.jsonl"
field() { "$SHEAF" show "$1" | sed -n "s/^$2: *//p"; }

out=$("$SHEAF" import --tsv "$REAL" | tail -n 1 | cut -f2-)
is "$out" "arxiv-json	200	200	0	0" "200 records read, 200 papers added, detected as arxiv-json"
is "$("$SHEAF" list --tsv | tail -n +2 | wc -l)" 200 "200 papers listed"
is "$("$SHEAF" list --tsv | tail -n +2 | cut -f2 | sort -u | wc -l)" 200 "... each with its own arXiv id"
is "$("$SHEAF" list --tsv | awk -F'\t' 'NR > 1 && $3 == "" ' | wc -l)" 0 "... and a date"

is "$(field 0704.0001 title)" \
	"Calculation of prompt diphoton production cross sections at Tevatron and LHC energies" \
	"a title's hard line break is gone"
is "$(field 0704.0001 authors)" "C. Balázs; E. L. Berger; P. M. Nadolsky; C. -P. Yuan" \
	"authors from authors_parsed, in order"
is "$(field 0704.0001 versions)" "v1 2007-04-02; v2 2007-07-24" "both versions with their dates"
is "$(field 0704.0001 date)" "2007-04-02" "the paper's date is v1's"
is "$(field 0704.0001 doi)" "10.1103/physrevd.76.013009" "the DOI, lower case"
is "$(field 0704.0001 journal)" "Phys.Rev.D76:013009,2007" "the journal reference"
is "$(field 0704.0001 url)" "https://arxiv.org/abs/0704.0001" "the abstract page"
is "$(field 0704.0001 identity)" "arxiv:0704.0001" "identity: the arXiv id"
is "$(field 0704.0044 versions)" "v1 2007-03-31; v2 2008-05-24; v3 2009-01-24; v4 2009-05-09" \
	"four versions"
is "$(field 0704.0044 categories)" "astro-ph nlin.CD physics.plasm-ph physics.space-ph" \
	"categories, primary first"
is "$(field 0704.0009 authors)" \
	"Paul Harvey; Bruno Merin; Tracy L. Huard; Luisa M. Rebull; Nicholas Chapman; Neal J. Evans, II; Philip C. Myers" \
	"a suffix kept (stored \"Evans, II, Neal J.\")"
is "$(field 0704.0025 authors)" "A. S. Mishchenko; N. Nagaosa" "affiliations left out"
is "$(field 0704.0002 license)" "http://arxiv.org/licenses/nonexclusive-distrib/1.0/" "the license"
like "$("$SHEAF" show 0704.0001)" "  A fully differential calculation in perturbative quantum chromodynamics
  is presented" "the abstract, rewrapped"
like "$(field 0704.0001 sources)" "arxiv-head200.jsonl (arxiv-json) line 1" "seen at line 1"
like "$("$SHEAF" show 0704.0200 | sed -n 's/^sources: *//p')" "line 200" "... and the last at line 200"
is "$("$SHEAF" list --tsv | awk -F'\t' '$2 == "0704.0011" { print $7 }')" \
	'Computing genus 2 Hilbert-Siegel modular forms over $\Q(\sqrt{5})$ via the Jacquet-Langlands correspondence' \
	"a title with TeX is stored as written (and squeezed)"
like "$(field 0704.0013 title)" "p-adic Limit of Weakly Holomorphic" "... and shown rendered"

# A new paper is dated with its earliest version whatever their order in
# the record (the import writes the row dated once and never looks again).
cat >"$T_DIR/late-first.jsonl" <<'JSON'
{"id":"2301.00001","title":"Versions out of order","authors":"A. One","abstract":"Text.","versions":[{"version":"v3","created":"Fri, 3 Mar 2023 10:00:00 GMT"},{"version":"v1","created":"Sun, 1 Jan 2023 10:00:00 GMT"},{"version":"v2","created":"Wed, 1 Feb 2023 10:00:00 GMT"}]}
JSON
"$SHEAF" import "$T_DIR/late-first.jsonl" >/dev/null
is "$(field 2301.00001 date)" "2023-01-01" "versions listed newest first: the paper's date is the earliest"

before=$(canon)
out=$("$SHEAF" import --tsv "$REAL" | tail -n 1 | cut -f2-)
is "$out" "arxiv-json	200	0	200	0" "a second import: every record joins its paper"
is "$(canon)" "$before" "... and the library is unchanged"
is "$(field 0704.0001 sources)" "$SRCDIR/tests/data/arxiv-head200.jsonl (arxiv-json) line 1" \
	"... one source, not two"

# The same file from standard input, and with the format forced, is the
# same file again.
"$SHEAF" import - <"$REAL" >/dev/null
is "$?" 0 "'-' reads standard input"
"$SHEAF" import --format arxiv-json "$REAL" >/dev/null
is "$?" 0 "--format arxiv-json"
is "$(canon)" "$before" "... neither changes the library"

# A record repeating the digest's arXiv id joins the digest's paper, in
# either order.
rm -f "$SHEAF_DB"*
import_seeds
"$SHEAF" import "$DATA/arxiv-2205.14258.jsonl" >/dev/null
seeds_then_json=$(canon)
is "$("$SHEAF" list --tsv | tail -n +2 | wc -l)" 48 "digest seed + JSON record: still 48 rows (47 papers, one stub)"
is "$(field 2205.14258 versions)" "v1 2022-05-27; v5 2023-03-24" "the versions agree"
is "$(field 2205.14258 categories)" "cs.LG math.RT" "the JSON record adds the categories"
is "$("$SHEAF" show 2205.14258 | grep -c '^ .*line\|^sources:')" 4 "seen in the listing, the digest and the JSON file"
rm -f "$SHEAF_DB"*
"$SHEAF" import "$DATA/arxiv-2205.14258.jsonl" >/dev/null
import_seeds
is "$(canon)" "$seeds_then_json" "the JSON record first: the same library"

done_testing
