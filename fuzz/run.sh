#!/bin/sh
# fuzz/run.sh SRCDIR SECONDS HARNESS...: what `make fuzz` runs (in the build
# directory of a ./configure --enable-fuzzing build). Each harness runs for
# SECONDS under ASan, UBSan and leak detection, at the lowest priority (the
# machine is shared), starting from its checked-in corpus and the inputs
# earlier runs found (tests/data/fuzz-regress/HARNESS); new coverage goes to
# fuzz/corpus-HARNESS (not checked in), a crash, leak or hang to
# fuzz/artifacts/HARNESS-*.
#
# Writes fuzz/HARNESS.log, a fuzz/HARNESS.trs that counts like a test's
# (.ci/run adds them up), and fuzz/summary.txt: one line a harness with its
# executions and coverage. Exits 1 when any harness found something.
set -u
srcdir=$1
seconds=$2
shift 2
mkdir -p fuzz/artifacts
: >fuzz/summary.txt
status=0
printf '%-8s %7s %10s %7s %7s %7s  %s\n' harness seconds execs cov features corpus result |
	tee -a fuzz/summary.txt
for h in "$@"; do
	work=fuzz/corpus-$h
	mkdir -p "$work"
	dirs="$work $srcdir/fuzz/corpus/$h"
	[ -d "$srcdir/tests/data/fuzz-regress/$h" ] && dirs="$dirs $srcdir/tests/data/fuzz-regress/$h"
	rm -f fuzz/artifacts/"$h"-*
	# -timeout: an input that takes seconds is a hang (a few ms is normal).
	# -rss_limit_mb/-malloc_limit_mb: a small input must not need a lot of
	# memory. Inputs up to 8 KB hold a whole seed page.
	# shellcheck disable=SC2086
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	nice -n 19 "fuzz/fuzz-$h" -max_total_time="$seconds" -timeout=10 \
		-rss_limit_mb=1024 -malloc_limit_mb=512 -max_len=8192 \
		-print_final_stats=1 -artifact_prefix="fuzz/artifacts/$h-" \
		$dirs >"fuzz/$h.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "fuzz/$h.log" | tail -n 1)
	last=$(grep -E '^#[0-9]+.*cov: ' "fuzz/$h.log" | tail -n 1)
	cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$last" | sed -n 's/.*corp: \([0-9]*\).*/\1/p')
	found=$(ls fuzz/artifacts/"$h"-* 2>/dev/null | head -n 1)
	if [ "$rc" -eq 0 ] && [ -z "$found" ]; then
		result=PASS
	else
		result=FAIL
		status=1
	fi
	printf '%-8s %7s %10s %7s %7s %7s  %s%s\n' "$h" "$seconds" "${execs:-?}" "${cov:-?}" \
		"${ft:-?}" "${corp:-?}" "$result" "${found:+ ($found)}" | tee -a fuzz/summary.txt
	[ "$result" = PASS ] || grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz: broken)' "fuzz/$h.log" | head -n 5
	cat >"fuzz/$h.trs" <<EOF
:test-result: $result
:global-test-result: $result
:recheck: no
:copy-in-global-log: no
EOF
done
exit $status
