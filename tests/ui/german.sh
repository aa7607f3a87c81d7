#!/bin/sh
# The reader in German (LANGUAGE=de, a de_DE locale built for the test):
# headers, status line, messages with plural forms, the help screen made
# from the action table, a configuration error, and the dates of a
# paper's versions in the German format. Then the same catalogue on a
# Latin-1 terminal: umlauts arrive as Latin-1 bytes.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/lib-i18n.sh"
. "$SRCDIR/tests/ui/lib-ui.sh"

need_catalogue
need_locale de_DE.UTF-8 UTF-8
need_locale de_DE.ISO-8859-1 ISO-8859-1
import_seeds
god=$("$SHEAF" list --tsv | awk -F'\t' '$2 == "2205.14258" { print $1 }')
DE="LANGUAGE=de LOCPATH=$LOCPATH SHEAF_LOCALEDIR=$SHEAF_LOCALEDIR"

# The versions as "sheaf show" has them (YYYY-MM-DD), written the German
# way: v1 2022-05-27; v5 2023-03-24 -> v1 27.05.2022, v5 24.03.2023
versions=$("$SHEAF" show "$god" | sed -n 's/^versions: *//p' |
	sed 's/\([0-9]\{4\}\)-\([0-9][0-9]\)-\([0-9][0-9]\)/\3.\2.\1/g; s/; /, /g')
like "$versions" "v5 " "the paper has several versions to show"

# shellcheck disable=SC2086 # $DE is a list of assignments
ui_start 100x30 LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8 $DE -- open "$god"
wait_for "Zusammenfassung"
s=$(screen)
like "$(row 1)" " Artikel " "the list's header"
like "$s" " Zusammenfassung " "the abstract's header"
like "$s" " Verwandte Artikel " "the related papers' header"
like "$s" "nach Datum  ? Hilfe" "the status line: sort and help"
like "$s" "Lizenz: http://creativecommons.org/licenses/by/4.0/" "the abstract's labels"
like "$s" " $versions" "version dates as %d.%m.%Y"
unlike "$s" "May 2022" "no English month"
like "$s" "79.17 2024-05-22" "scores keep the decimal point"

keys s
wait_for "Mit Stern versehen."
keys s
wait_for "Stern entfernt."
ok $? "marks: German messages"
keys t
wait_for "Markiert."
keys u
wait_for "Markierung von 1 Artikel entfernt."
ok $? "untag-all of one paper: the singular"
keys T
wait_for "48 Artikel markiert."
ok $? "tag-all of 48 papers: the plural"
keys x
wait_for "x bewirkt hier nichts (? zeigt die Tasten)."
ok $? "an unbound key: German message"

keys '?'
wait_for "Hilfe: Tasten von sheaf"
s=$(screen)
like "$s" " Bewegen" "help: a group's title"
like "$s" "j, Down            eine Zeile nach unten" "help: an action's description"
keys q
wait_for " Verwandte Artikel "
keys q
is "$(wait_exit)" 0 "quits"

# A configuration error, reported in German with its count.
mkdir -p "$HOME/.config/sheaf"
printf 'bind j nowhere\n' >"$HOME/.config/sheaf/config"
# shellcheck disable=SC2086
ui_start 200x30 LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8 $DE
wait_for "Fehler in der Konfiguration"
like "$(screen)" "config:1: unbekannte Aktion (siehe sheaf-config(5)) (1 Fehler in der Konfiguration)" \
	"a configuration error in German"
keys q
is "$(wait_exit)" 0 "with a configuration error: quits cleanly (exit 0)"
rm "$HOME/.config/sheaf/config"

# The catalogue is UTF-8; a Latin-1 terminal gets Latin-1 bytes.
# shellcheck disable=SC2086
ui_start 100x30 LANG=de_DE.ISO-8859-1 LC_ALL=de_DE.ISO-8859-1 $DE -- open "$god"
wait_for "Zusammenfassung"
keys '?'
wait_for "Hilfe: Tasten von sheaf"
keys S
settle
has_bytes "$T_DIR/raw" 'zum n\344chsten Bereich wechseln'
ok $? "Latin-1: the help's ä is the byte 0xE4"
has_bytes "$T_DIR/raw" 'schlie\337t'
ok $? "Latin-1: the message's ß is the byte 0xDF"
has_bytes "$T_DIR/raw" '\303'
ok "$((! $?))" "Latin-1: not one UTF-8 sequence"
is "$(c1_bytes "$T_DIR/raw")" 0 "Latin-1: no byte in 0x80-0x9F"
keys q q
is "$(wait_exit)" 0 "Latin-1: quits"

done_testing
