# tests/ui/lib-ui.sh: driving the real reader in a real terminal (tmux).
# Source after tests/lib.sh. Every wait polls the screen; no test relies on
# a fixed sleep alone.

[ -n "${TMUX_BIN:-}" ] || TMUX_BIN=$(command -v tmux || true)
[ -n "$TMUX_BIN" ] && [ -x "$TMUX_BIN" ] || skip_all "tmux is not installed"
unset TMUX
TSOCK="$T_DIR/tmux.sock"
UI_TIMEOUT=${UI_TIMEOUT:-15}

tm() { "$TMUX_BIN" -S "$TSOCK" "$@"; }

# ui_start SIZE [VAR=VALUE...] [-- ARGS...]: runs sheaf ARGS (behind
# $UI_PREFIX, e.g. a command that changes the user, when set) in a new tmux
# session of SIZE (COLSxROWS) with the locale, terminal, time zone and home
# pinned (overridable by VAR=VALUE). Its raw output goes to $T_DIR/raw.
#
# Several readers at once: set UI_NAME before each call (ui_start, screen,
# keys, wait_*, settle, sheaf_pid...) to the session to act on. A named
# session keeps the others running, and its files carry the name
# ($T_DIR/raw-NAME). Unset, there is one session, as before.
ui_start() {
	_s=${UI_NAME:+-$UI_NAME}
	if [ -n "${UI_NAME:-}" ]; then
		tm kill-session -t "$UI_NAME" 2>/dev/null
	else
		ui_stop
	fi
	_size=$1
	shift
	_env="LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color TZ=UTC HOME=$HOME SHEAF_DB=$SHEAF_DB"
	# A reader's standard error is the terminal: sanitizer reports go to
	# files instead (tests/lib.sh), where done_testing finds them.
	[ -n "${ASAN_OPTIONS:-}" ] && _env="$_env ASAN_OPTIONS=$ASAN_OPTIONS UBSAN_OPTIONS=$UBSAN_OPTIONS"
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		_env="$_env $1"
		shift
	done
	[ "${1:-}" = "--" ] && shift
	: >"$T_DIR/raw$_s"
	rm -f "$T_DIR/go$_s" "$T_DIR/exit$_s" "$T_DIR/pid$_s"
	# The program waits until pipe-pane is listening, so no byte is lost.
	# The inner sh writes its pid, then becomes sheaf (same pid).
	cat >"$T_DIR/run$_s.sh" <<RUN
#!/bin/sh
while [ ! -e $T_DIR/go$_s ]; do sleep 0.02; done
${UI_PREFIX:-} sh -c 'echo \$\$ >$T_DIR/pid$_s; exec env $_env "\$0" "\$@"' "$SHEAF" "\$@"
echo \$? >$T_DIR/exit$_s
RUN
	chmod +x "$T_DIR/run$_s.sh"
	tm -f /dev/null new-session -d ${UI_NAME:+-s "$UI_NAME"} -c "$T_DIR" -x "${_size%x*}" \
		-y "${_size#*x}" "$T_DIR/run$_s.sh $*; sleep 600" || return 1
	tm set-option -g status off >/dev/null
	tm set-option -g set-clipboard on >/dev/null
	# tmux 3.3a dies making a second session while window-size is set
	# globally: named sessions set it on their own window.
	if [ -n "${UI_NAME:-}" ]; then
		tm set-option -w -t "$UI_NAME" window-size manual >/dev/null 2>&1
	else
		tm set-option -g window-size manual >/dev/null 2>&1
	fi
	tm pipe-pane ${UI_NAME:+-t "$UI_NAME"} -O "cat >>$T_DIR/raw$_s"
	touch "$T_DIR/go$_s"
}

screen() { tm capture-pane ${UI_NAME:+-t "$UI_NAME"} -p 2>/dev/null; }

# poll_until WHAT TEST...: runs TEST every 50 ms until it succeeds. After
# UI_TIMEOUT seconds it counts as a failed test ("timed out waiting
# forWHAT": WHAT brings its own leading space or colon) and prints the
# screen.
poll_until() {
	_pu_what=$1
	shift
	_i=0
	while [ $_i -lt $((UI_TIMEOUT * 20)) ]; do
		"$@" && return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	T_N=$((T_N + 1)); T_FAILED=$((T_FAILED + 1))
	echo "not ok $T_N - timed out waiting for$_pu_what"
	screen | sed 's/^/#   |/'
	return 1
}

_shows() { case "$(screen)" in *"$1"*) return 0 ;; esac; return 1; }
_row_shows() { case "$(row "$1")" in *"$2"*) return 0 ;; esac; return 1; }
_row_starts() { case "$(row "$1")" in "$2"*) return 0 ;; esac; return 1; }
_gone() { ! _shows "$1"; }

# wait_for TEXT: polls the screen until it shows TEXT.
wait_for() { poll_until ": $1" _shows "$1"; }

# wait_row N TEXT: polls until row N of the screen shows TEXT.
wait_row() { poll_until " row $1 to show: $2" _row_shows "$1" "$2"; }

# wait_row_starts N TEXT: polls until row N begins with TEXT (a zoomed
# pane's header: side by side, row 1 holds several headers).
wait_row_starts() { poll_until " row $1 to begin with: $2" _row_starts "$1" "$2"; }

# wait_gone TEXT: polls until the screen no longer shows TEXT.
wait_gone() { poll_until " this to go: $1" _gone "$1"; }

# wait_exit: polls until sheaf has exited; prints its exit status.
wait_exit() {
	_i=0
	while [ $_i -lt $((UI_TIMEOUT * 20)) ]; do
		[ -s "$T_DIR/exit${UI_NAME:+-$UI_NAME}" ] && { cat "$T_DIR/exit${UI_NAME:+-$UI_NAME}"; return 0; }
		sleep 0.05
		_i=$((_i + 1))
	done
	echo timeout
	return 1
}

# keys KEY...: sends keys (tmux key names: Enter, Tab, BTab, Escape...).
keys() { tm send-keys ${UI_NAME:+-t "$UI_NAME"} "$@"; }

# settle: waits until the raw output stops growing (the screen is drawn).
settle() {
	_last=-1
	_i=0
	while [ $_i -lt $((UI_TIMEOUT * 20)) ]; do
		_n=$(wc -c <"$T_DIR/raw${UI_NAME:+-$UI_NAME}")
		[ "$_n" = "$_last" ] && return 0
		_last=$_n
		sleep 0.1
		_i=$((_i + 1))
	done
}

resize() { tm resize-window ${UI_NAME:+-t "$UI_NAME"} -x "${1%x*}" -y "${1#*x}"; }

sheaf_pid() { cat "$T_DIR/pid${UI_NAME:+-$UI_NAME}"; }

ui_stop() {
	tm kill-server 2>/dev/null
	_i=0
	while tm has-session 2>/dev/null && [ $_i -lt 100 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	rm -f "$TSOCK"
}

# Rows of the screen, 1-based: row N.
row() { screen | sed -n "${1}p"; }

# The id of the paper whose earliest date is $1.
id_of() { "$SHEAF" list --tsv | awk -F'\t' -v d="$1" '$3 == d { print $1 }'; }

trap 'ui_stop; t_cleanup' EXIT
