#!/bin/sh
# arXiv API responses (Atom): a normal feed, an empty one, an error entry,
# broken XML; a page of a longer answer; entities refused.
. "${SRCDIR:-.}/tests/lib.sh"

DATA="$SRCDIR/tests/data"
field() { "$SHEAF" show "$1" | sed -n "s/^$2: *//p"; }

out=$("$SHEAF" import --tsv "$DATA/atom-normal.xml" 2>&1 | tail -n 1 | cut -f2-)
is "$out" "arxiv-atom	3	3	0	0" "a feed of three entries: three papers, detected as arxiv-atom"
is "$(field 2301.00001 title)" "Sheaves of Test Fixtures over Small Feeds" "the title, line break squeezed"
is "$(field 2301.00001 authors)" "Ada Example; Bo Sample" "authors in order (affiliations dropped)"
is "$(field 2301.00001 versions)" "v1 2023-01-02; v3 2023-06-20" \
	"published is v1, updated is the version the id names"
is "$(field 2301.00001 doi)" "10.9999/fixture.2023.001" "arxiv:doi, lower case"
is "$(field 2301.00001 journal)" "J. Fixtures 1 (2023) 1-12" "arxiv:journal_ref"
is "$(field 2301.00001 categories)" "math.AG cs.DL" "the primary category first, each once"
is "$(field 2301.00001 url)" "http://arxiv.org/abs/2301.00001v3" "the alternate link"
like "$(field 2301.00001 sources)" "atom-normal.xml (arxiv-atom) line 10" "seen at the entry's line"
like "$("$SHEAF" show 2301.00001)" "results hold for feeds of any length n ≥ 1." "the summary, rendered"
is "$(field 2302.04567 title)" "A Second Invented Paper with Accents: Erdős and Poincaré" \
	"character references decoded"
is "$(field 2302.04567 versions)" "v1 2023-02-09" "a first version only"
like "$("$SHEAF" show 2302.04567)" "An abstract with an ampersand & a less-than sign < that XML" \
	"entities in the summary decoded"
is "$(field math/0701001 versions)" "v1 2007-01-01; v2 2007-03-05" "an old-style id"

before=$(canon)
out=$("$SHEAF" import --tsv "$DATA/atom-normal.xml" | tail -n 1 | cut -f2-)
is "$out" "arxiv-atom	3	0	3	0" "the feed again: every entry joins its paper"
is "$(canon)" "$before" "... nothing changes"

# try FILE EXPECTED-MESSAGE DESCRIPTION
try() {
	err=$("$SHEAF" import "$1" 2>&1 >/dev/null)
	is "$?" 1 "$3: exit status 1"
	like "$err" "$2" "$3: message"
	is "$(canon)" "$before" "$3: library unchanged"
}
try "$DATA/atom-empty.xml" "atom-empty.xml: no papers found" "an empty feed"
try "$DATA/atom-error.xml" "atom-error.xml:10: the arXiv API reported an error: incorrect id format for 1234.12345" \
	"an error entry"
try "$DATA/atom-broken.xml" "atom-broken.xml:9: malformed XML: mismatched tag" "broken XML"
head -c 1500 "$DATA/atom-normal.xml" >"$T_DIR/cut.xml"
try "$T_DIR/cut.xml" "cut.xml:" "a feed cut short"
sed 's|2301.00001v3</id>|not-an-id</id>|' "$DATA/atom-normal.xml" >"$T_DIR/badid.xml"
try "$T_DIR/badid.xml" 'badid.xml:10: "http://arxiv.org/abs/not-an-id" is not an arXiv id' "an entry whose id is no arXiv id"
sed 's|<published>2023-02-09T12:00:00Z|<published>2023-02-30T12:00:00Z|' "$DATA/atom-normal.xml" >"$T_DIR/baddate.xml"
try "$T_DIR/baddate.xml" 'baddate.xml:38: bad date "2023-02-30T12:00:00Z" in <published>' "a bad date"
{ printf '<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'; tail -n +2 "$DATA/atom-normal.xml"; } >"$T_DIR/entities.xml"
try "$T_DIR/entities.xml" "entities.xml:2: entity declarations are not accepted" "declared entities"
printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>x</title></channel></rss>\n' >"$T_DIR/rss.xml"
err=$("$SHEAF" import --format arxiv-atom "$T_DIR/rss.xml" 2>&1 >/dev/null)
like "$err" "rss.xml:2: not an Atom feed" "RSS forced through the Atom reader"

# One page of a longer answer imports, and says so.
sed 's|>3</opensearch:totalResults>|>57</opensearch:totalResults>|' "$DATA/atom-normal.xml" >"$T_DIR/page.xml"
err=$("$SHEAF" import "$T_DIR/page.xml" 2>&1 >/dev/null)
is "$?" 0 "a page of 3 of 57 results imports"
like "$err" "page.xml: entries 1 to 3 of the 57 the query found (ask the API for the next page with start=3)" \
	"... with a warning naming the next page"

done_testing
