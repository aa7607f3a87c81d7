#!/bin/sh
# The configuration file: bindings, settings, colours; errors reported with
# their line numbers while the reader still starts.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui/lib-ui.sh"

import_seeds
mkdir -p "$HOME/.config/sheaf"
cat >"$HOME/.config/sheaf/config" <<'CONF'
# my sheaf
bind x quit
bind n down
unbind j
set layout wide
color header red default bold
CONF
ui_start 100x30
wait_for " 1/48"
like "$(row 1)" " Abstract" "set layout wide: side by side at 100 columns"
keys n
wait_for " 2/48"
keys j
wait_for "does nothing here"
like "$(row 2)$(row 3)" "▶" "unbind j: j no longer moves"
keys '?'
wait_for "Help: sheaf keys"
like "$(screen)" "Down, n            move down" "help shows the rebound key, not the unbound one"
keys q
wait_gone "Help: sheaf keys"
keys x
is "$(wait_exit)" 0 "bind x quit"

cat >"$T_DIR/bad.conf" <<'CONF'
bind x quit
set layout sideways
bind Q nonsense
colour header red
set mark-read-delay soon
CONF
ui_start 160x24 -- --config "$T_DIR/bad.conf"
wait_for "errors in the configuration"
like "$(screen)" "bad.conf:2: layout is auto, wide or tall (4 errors in the configuration)" \
	"errors name the file and line, and are counted"
like "$(screen)" " Papers" "the reader starts anyway"
keys x
is "$(wait_exit)" 0 "good lines of a bad file still apply"

"$SHEAF" --config "$T_DIR/missing.conf" list >/dev/null
ok $? "commands ignore --config"
ui_start 80x24 -- --config "$T_DIR/missing.conf"
wait_for "missing.conf: No such file or directory"
keys q
is "$(wait_exit)" 0 "a missing --config file is reported"

done_testing
