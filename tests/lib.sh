# tests/lib.sh: TAP helpers for the shell tests. Source it first thing.
#
# Every test runs in its own scratch directory with a private HOME and
# library, so nothing leaks between tests or from the user's own files.
# The locale, time zone and terminal are pinned by AM_TESTS_ENVIRONMENT;
# these defaults make a test runnable by hand too.

: "${SHEAF:=$(cd "$(dirname "$0")/../.." && pwd)/src/sheaf}"
: "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${LANG:=C.UTF-8}" "${LC_ALL:=C.UTF-8}" "${TZ:=UTC}" "${TERM:=xterm-256color}"
export LANG LC_ALL TZ TERM
SEEDS="$SRCDIR/data/papers"

T_N=0
T_FAILED=0
T_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sheaf-test.XXXXXX")
HOME="$T_DIR/home"
mkdir -p "$HOME"
export HOME
SHEAF_DB="$T_DIR/library.db"
export SHEAF_DB
unset XDG_DATA_HOME XDG_CONFIG_HOME NO_COLOR BROWSER SHEAF_DATADIR LANGUAGE
trap 't_cleanup' EXIT

# In a sanitized build (--enable-sanitizers), every sheaf this test starts
# (readers in tmux and programs run as nobody too) writes any report of
# AddressSanitizer, LeakSanitizer or UBSan into $T_DIR/sanitizer/, whatever
# becomes of its standard error and exit status; done_testing fails on
# any. Leaks are looked for at every exit.
if [ -n "${SANITIZED:-}" ]; then
	mkdir -p "$T_DIR/sanitizer"
	chmod 1777 "$T_DIR/sanitizer"
	ASAN_OPTIONS="detect_leaks=1:log_path=$T_DIR/sanitizer/asan${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
	UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$T_DIR/sanitizer/ubsan${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
	export ASAN_OPTIONS UBSAN_OPTIONS
fi

t_cleanup() {
	[ -n "${T_KEEP:-}" ] || rm -rf "$T_DIR"
}

# ok COND-STATUS DESCRIPTION: pass when the previous command succeeded.
ok() {
	_st=$1
	shift
	T_N=$((T_N + 1))
	if [ "$_st" -eq 0 ]; then
		echo "ok $T_N - $*"
	else
		echo "not ok $T_N - $*"
		T_FAILED=$((T_FAILED + 1))
	fi
}

# is GOT WANT DESCRIPTION
is() {
	T_N=$((T_N + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $T_N - $3"
	else
		echo "not ok $T_N - $3"
		printf '%s\n' "# got:" "$1" | sed 's/^/#   /'
		printf '%s\n' "# want:" "$2" | sed 's/^/#   /'
		T_FAILED=$((T_FAILED + 1))
	fi
}

# like GOT PATTERN DESCRIPTION: GOT contains the fixed string PATTERN.
like() {
	T_N=$((T_N + 1))
	case "$1" in
	*"$2"*) echo "ok $T_N - $3" ;;
	*)
		echo "not ok $T_N - $3"
		printf '%s\n' "# got:" "$1" "# wanted it to contain:" "$2" | sed 's/^/#   /'
		T_FAILED=$((T_FAILED + 1))
		;;
	esac
}

# unlike GOT PATTERN DESCRIPTION
unlike() {
	T_N=$((T_N + 1))
	case "$1" in
	*"$2"*)
		echo "not ok $T_N - $3"
		printf '%s\n' "# got:" "$1" "# wanted it not to contain:" "$2" | sed 's/^/#   /'
		T_FAILED=$((T_FAILED + 1))
		;;
	*) echo "ok $T_N - $3" ;;
	esac
}

# lock_hold: another program (python3's sqlite3) takes the library's write
# lock and keeps it until lock_release; returns once the lock is held.
# Needs $PYTHON3 with sqlite3 (the caller checks).
lock_hold() {
	rm -f "$T_DIR/locked" "$T_DIR/release"
	"$PYTHON3" - "$SHEAF_DB" "$T_DIR/locked" "$T_DIR/release" <<'PY' &
import sqlite3, sys, time, os
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE papers SET opened = opened")
open(sys.argv[2], "w").close()
for _ in range(600):
    if os.path.exists(sys.argv[3]):
        break
    time.sleep(0.05)
db.execute("ROLLBACK")
PY
	T_LOCKER=$!
	_i=0
	while [ ! -e "$T_DIR/locked" ] && [ $_i -lt 200 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
}

# lock_state [TRIES]: "locked" once another program holds the library's
# write lock (tried up to TRIES times, 20 ms apart; default once), else
# "free". Needs $PYTHON3 with sqlite3.
lock_state() {
	"$PYTHON3" - "$SHEAF_DB" "${1:-1}" <<'PY'
import sqlite3, sys, time
for i in range(int(sys.argv[2])):
    c = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)
    try:
        c.execute("BEGIN IMMEDIATE")
        c.execute("ROLLBACK")
    except sqlite3.OperationalError:
        print("locked")
        sys.exit()
    finally:
        c.close()
    time.sleep(0.02)
print("free")
PY
}

# lock_release: lets go of lock_hold's lock and waits for the holder.
lock_release() {
	touch "$T_DIR/release"
	wait "$T_LOCKER"
}

# Hostile data for the terminal-safety tests (cli and ui): ESC and BEL; a
# file name with a window title, a cursor report query, a clipboard write,
# a C1 CSI, a bidi override and a byte that is not UTF-8; and
# evil_jsonl FILE H: an arXiv record with the JSON escapes H in every
# field the snapshot has.
ESC=$(printf '\033')
BEL=$(printf '\007')
EVIL="evil${ESC}]0;PWNED${BEL}${ESC}[6n${ESC}]52;c;ZXZpbA==${BEL}$(printf '\302\233')31m$(printf '\342\200\256')$(printf '\377')name"
EVIL_JSON='\u001b]0;PWNED\u0007 \u001b[6n \u001b]52;c;ZXZpbA==\u0007 \u009b31m \u202e \u001bPq\u001b\\ \u0007\u0008\u007f\r \u0085'
evil_jsonl() {
	cat >"$1" <<EOF
{"id":"2101.00001","title":"Title $2 end","abstract":"Abstract $2 end of a long enough abstract.","authors_parsed":[["Last$2","First\u009b2J",""],["Plain","Second",""]],"doi":"10.1/x\u001b]0;doi\u0007","journal-ref":"J. \u001b[6n 1","license":"http://l/\u001b]52;c;ZXZpbA==\u0007","categories":"cs.LG \u001b[31m","versions":[{"version":"v1","created":"Mon, 4 Jan 2021 10:00:00 GMT"}]}
EOF
}

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

done_testing() {
	if [ -n "${SANITIZED:-}" ]; then
		# Readers may still be writing their reports: they have exited
		# (or been killed) by now, so what is there is all there is.
		_reports=$(ls "$T_DIR/sanitizer" 2>/dev/null)
		T_N=$((T_N + 1))
		if [ -z "$_reports" ]; then
			echo "ok $T_N - no sanitizer report from any sheaf this test ran"
		else
			echo "not ok $T_N - sanitizer reports from sheaf:"
			for _r in $_reports; do
				sed 's/^/#   /' "$T_DIR/sanitizer/$_r" | head -n 40
			done
			T_FAILED=$((T_FAILED + 1))
		fi
	fi
	echo "1..$T_N"
	[ "$T_FAILED" -eq 0 ]
}

# import_seeds: the five seed files into the test's library.
import_seeds() {
	"$SHEAF" import "$SEEDS"/*.txt >/dev/null
}

# canon: the library without row ids, in a stable order: every paper
# (date, flags, title) and its outgoing links (kind, score, target date and
# title). Two libraries holding the same papers and links print the same.
canon() {
	"$SHEAF" list --tsv | tail -n +2 | while IFS='	' read -r id arxiv date r s t title; do
		printf 'P\t%s\t%s\t%s%s%s\t%s\n' "$date" "$arxiv" "$r" "$s" "$t" "$title"
		"$SHEAF" related --tsv "$id" | tail -n +2 | while IFS='	' read -r _ score kind ldate ltitle; do
			printf 'L\t%s\t%s\t%s\t%s\t%s\t%s\n' "$date" "$title" "$kind" "$score" "$ldate" "$ltitle"
		done
	done | LC_ALL=C sort
}
