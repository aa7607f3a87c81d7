#!/bin/sh
# bench/search.sh: search and related papers at 10k, 100k and 1M synthetic
# papers, and the quality of computed related papers; `make bench-search`.
#
# Prints the "## Search and related" section of BENCHMARKS.md (Markdown)
# on stdout; progress goes to stderr.
#
# Environment: SHEAF and BENCH (the sheaf and bench/search-bench binaries),
# PYTHON3, SRCDIR (set by make); BENCH_DIR keeps the generated libraries
# between runs (default /tmp/sheaf-bench-search; 1M papers take about
# 4 GB); BENCH_SIZES (default "10000 100000 1000000"); BENCH_REINDEX=0
# skips timing `sheaf index --full` on a library already indexed.
set -e

: "${SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${SHEAF:=$SRCDIR/src/sheaf}"
: "${BENCH:=$SRCDIR/bench/search-bench}"
: "${PYTHON3:=python3}"
: "${BENCH_DIR:=/tmp/sheaf-bench-search}"
: "${BENCH_SIZES:=10000 100000 1000000}"
: "${BENCH_REINDEX:=1}"
REAL="${REAL:-$SRCDIR/../shared/data/real/arxiv-metadata-oai-snapshot-head200.jsonl}"
mkdir -p "$BENCH_DIR"

say() { echo "bench-search: $*" >&2; }

# seconds and peak memory of a command: "SECONDS MAXRSS_KB" (0 when GNU
# time is not there to tell).
timed() {
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%e %M' -o "$BENCH_DIR/time.out" "$@" >/dev/null
		cat "$BENCH_DIR/time.out"
	else
		t0=$(date +%s.%N)
		"$@" >/dev/null
		echo "$(echo "$(date +%s.%N) - $t0" | bc) 0"
	fi
}

# Sizes of the library and of the related-papers index, in MB.
sizes() {
	"$PYTHON3" - "$1" <<'EOF'
import sqlite3, sys
c = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
rows = dict(c.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"))
rel = sum(v for k, v in rows.items() if k.startswith("rel_") or k.startswith("sqlite_autoindex_rel_"))
fts = sum(v for k, v in rows.items() if k.startswith("fts"))
links = c.execute("SELECT count(*) FROM links WHERE kind = 3").fetchone()[0]
print("%.0f %.0f %.0f %d" % (sum(rows.values()) / 1e6, fts / 1e6, rel / 1e6, links))
EOF
}

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
mem=$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
sqlite=$("$PYTHON3" -c 'import sqlite3; print(sqlite3.sqlite_version)')

echo "## Search and related"
echo
echo "Machine: $(nproc) cores ($cpu), $mem RAM, $(uname -sr), SQLite $sqlite;"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared)."
echo "Run: \`make bench-search\` ($(date -u +%Y-%m-%d)). Libraries: synthetic papers from"
echo "\`bench/synth.c\` (Zipf vocabulary of 200,000 words whose top ranks are English function"
echo "words, 1 topic per 150 papers with its own word distribution and authors, titles of"
echo "5-15 words, abstracts of 60-300 words with some LaTeX, 1-8 authors), written through"
echo "\`store_paper_insert()\` as an importer does. Times are medians in milliseconds (min and"
echo "max beside them), measured in-process by \`bench/search-bench\`: for a search, parsing,"
echo "filling the hits and fetching the first page of 50 rows. How search and related papers"
echo "stay cheap at a million papers, and what is weak: HACKING.md, \"Search and related papers\"."
echo

for n in $BENCH_SIZES; do
	db="$BENCH_DIR/$n.db"
	if [ ! -f "$db" ]; then
		say "generating $n papers in $db"
		set -- $(timed "$BENCH" gen "$n" "$db")
		gen="$1"
	else
		gen=""
	fi
	indexed=$("$PYTHON3" -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute("SELECT base FROM rel_state").fetchone()[0])' "$db" 2>/dev/null || echo 0)
	phases=""
	if [ "$BENCH_REINDEX" = 1 ] || [ "$indexed" = 0 ]; then
		say "full build of the related index on $n papers"
		if [ -x /usr/bin/time ]; then
			/usr/bin/time -f '%M' -o "$BENCH_DIR/time.out" "$BENCH" index "$n" "$db" >"$BENCH_DIR/phases.out"
			idx_mb=$(( $(cat "$BENCH_DIR/time.out") / 1024 ))
		else
			"$BENCH" index "$n" "$db" >"$BENCH_DIR/phases.out"
			idx_mb="-"
		fi
		idx_s=$(awk -F'\t' 'NR == 1 { print $2 }' "$BENCH_DIR/phases.out")
		phases=$(awk -F'\t' 'NR > 1 { printf "%s%s %s s", (NR > 2 ? ", " : ""), $1, $2 }' "$BENCH_DIR/phases.out")
		[ "$indexed" = 0 ] && kind="first build" || kind="rebuild"
		say "rebuild on $n papers"
		rebuild=$("$BENCH" index "$n" "$db" | awk -F'\t' 'NR == 1 { print $2 }')
	else
		idx_s="(not run)"
		idx_mb="-"
	fi
	set -- $(sizes "$db")
	echo "### $n papers"
	echo
	echo "Library $1 MB (search index $2 MB, related-papers index $3 MB; $4 computed links)."
	[ -n "$gen" ] && echo "Generated in ${gen} s."
	if [ -n "$phases" ]; then
		echo "Full build of the related index (\`sheaf index --full\`, $kind): $idx_s s, peak"
		echo "memory $idx_mb MB ($phases);"
		echo "built again at once (each paper's links found unchanged and left alone): $rebuild s."
	fi
	echo
	echo "| case | median ms | min | max | query and hits |"
	echo "|---|---:|---:|---:|---|"
	say "search at $n"
	"$BENCH" search "$n" "$db" | awk -F'\t' '{ printf "| %s | %s | %s | %s | `%s` |\n", $1, $2, $3, $4, $5 }'
	say "related at $n"
	"$BENCH" related "$n" "$db" | awk -F'\t' '{ printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 }'
	echo
done

if [ -f "$REAL" ]; then
	say "quality"
	"$PYTHON3" "$SRCDIR/bench/related-quality.py" "$SHEAF" "$SRCDIR/data/papers" "$REAL"
else
	say "no $REAL: quality skipped"
fi
