#!/bin/sh
# Translations: po/de.po is complete and covers every string the sources
# mark; the command line speaks German under LANGUAGE=de (plural forms
# included) in a UTF-8 and in a Latin-1 locale; without a locale it stays
# English and pure ASCII.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/lib-i18n.sh"

need_catalogue
need_locale de_DE.UTF-8 UTF-8
need_locale de_DE.ISO-8859-1 ISO-8859-1
PO="$SRCDIR/po/de.po"

# --------------------------------------------------------------- catalogue
stats=$(msgfmt -c --statistics -o /dev/null "$PO" 2>&1)
ok $? "po/de.po compiles with msgfmt -c (format strings agree)"
like "$stats" " translated message" "msgfmt counts translated messages ($stats)"
unlike "$stats" "fuzzy" "po/de.po has no fuzzy message"
unlike "$stats" "untranslated" "po/de.po has no untranslated message"
is "$(msgattrib --only-fuzzy --no-obsolete "$PO" | grep -c '^msgid')" 0 "msgattrib finds no fuzzy entry"
is "$(msgattrib --untranslated --no-obsolete "$PO" | grep -c '^msgid ')" 0 \
	"msgattrib finds no untranslated entry"
like "$(cat "$PO")" '"Plural-Forms: nplurals=2; plural=(n != 1);\n"' "German plural forms"
like "$(cat "$PO")" '"Language: de\n"' "the header names the language"
like "$(cat "$PO")" '"Content-Type: text/plain; charset=UTF-8\n"' "the catalogue is UTF-8"

# Every file that marks strings is in POTFILES.in, so xgettext sees it.
missing=""
for f in "$SRCDIR"/src/*.c "$SRCDIR"/src/*.h; do
	rel=src/${f##*/}
	case $rel in src/util.h) continue ;; esac # defines the macros
	if grep -q '\b_("\|\bN_("\|\bP_("' "$f" && ! grep -qx "$rel" "$SRCDIR/po/POTFILES.in"; then
		missing="$missing $rel"
	fi
done
is "$missing" "" "every file with _(), N_() or P_() strings is in po/POTFILES.in"
for f in $(grep -v '^#' "$SRCDIR/po/POTFILES.in"); do
	[ -f "$SRCDIR/$f" ] || missing="$missing $f"
done
is "$missing" "" "every file in po/POTFILES.in exists"

# de.po covers the strings of the sources as they are now: extract them
# the way "make update-po" does and look for one without a translation.
if command -v xgettext >/dev/null 2>&1 && command -v msgmerge >/dev/null 2>&1; then
	opts=$(sed -n 's/^XGETTEXT_OPTIONS *= *//p' "$SRCDIR/po/Makevars")
	grep -v '^#' "$SRCDIR/po/POTFILES.in" >"$T_DIR/files"
	# shellcheck disable=SC2086 # the options are words
	(cd "$SRCDIR" && xgettext $opts --language=C -o "$T_DIR/fresh.pot" --files-from="$T_DIR/files")
	ok $? "xgettext extracts the strings of POTFILES.in"
	msgmerge -q --no-fuzzy-matching -o "$T_DIR/merged.po" "$PO" "$T_DIR/fresh.pot"
	new=$(msgattrib --untranslated --no-obsolete "$T_DIR/merged.po" | sed -n 's/^msgid "\(..*\)"$/\1/p')
	is "$new" "" "every string in the sources has a German translation (else: make -C po update-po, then translate)"
	is "$(grep -c '^msgid ' "$T_DIR/fresh.pot")" "$(msgattrib --no-obsolete "$PO" | grep -c '^msgid ')" \
		"de.po has exactly the strings of the sources, none missing or left over"
else
	ok 0 "# SKIP xgettext or msgmerge missing"
fi

# --------------------------------------------------------------- German
de() { LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8 LANGUAGE=de "$SHEAF" "$@"; }

help=$(de --help)
ok $? "LANGUAGE=de sheaf --help: exit 0"
like "$help" "Aufruf: sheaf [OPTION]... [BEFEHL [ARGUMENT]...]" "--help in German: usage line"
like "$help" "Befehle:" "--help in German: commands"
like "$help" "  show [--raw] ID    alles, was über einen Artikel bekannt ist" "--help in German: a command's description"
like "$help" "Seiten ähnlicher Artikel" "--help in German: the formats' descriptions"
like "$help" "Umgebung:" "--help in German: the environment"
unlike "$help" "Usage:" "--help in German: no English left"

err=$(de frobnicate 2>&1)
is "$?" 2 "German: unknown command, exit 2"
is "$err" "sheaf: unbekannter Befehl »frobnicate«
»sheaf --help« gibt weitere Informationen." "German: the error and the hint"
err=$(de show 4242 2>&1)
is "$?" 1 "German: unknown paper, exit 1"
is "$err" "sheaf: kein Artikel mit der ID 4242" "German: an error from the core"
printf 'not a paper\n' >"$T_DIR/junk.txt"
like "$(de import "$T_DIR/junk.txt" 2>&1)" "junk.txt:1: kein Format, das sheaf lesen kann" \
	"German: an import error"

# Plural forms: one link, then several.
printf 'May 1, 2021\nSimilar papers 1\nMay 2, 2021\nAn abstract long enough to be a paper of its own in this library.\n' >"$T_DIR/one.txt"
like "$(de import "$T_DIR/one.txt")" "1 Verweis hinzugefügt" "German singular: 1 Verweis"
like "$(de import "$SEEDS"/000_*.txt)" "10 Verweise hinzugefügt" "German plural: 10 Verweise"
# Numbers in files and in --tsv keep their decimal point under de_DE: the
# digest's related papers carry scores such as [79.17].
de import "$SEEDS"/*.txt >/dev/null 2>"$T_DIR/err"
is "$?$(cat "$T_DIR/err")" 0 "German locale: the seeds (digest scores) import"
god=$(de list --tsv | awk -F'\t' '$2 == "2205.14258" { print $1 }')
like "$(de related --tsv "$god")" "	79.17	digest	" "German locale: --tsv scores keep the decimal point"
summary=$(de </dev/null)
like "$summary" "Bibliothek: $SHEAF_DB" "German summary off a terminal"
like "$summary" " Verweise, aus 6 Quelldateien" "German summary: plural forms"

# --------------------------------------------------------------- charsets
# A Latin-1 terminal gets Latin-1 bytes: ü as 0xFC, never UTF-8.
LANG=de_DE.ISO-8859-1 LC_ALL=de_DE.ISO-8859-1 LANGUAGE=de "$SHEAF" --help >"$T_DIR/help.l1"
has_bytes "$T_DIR/help.l1" 'f\374r Forschungsartikel'
ok $? "German --help on a Latin-1 terminal: ü is the byte 0xFC"
has_bytes "$T_DIR/help.l1" '\303'
ok "$((! $?))" "German --help on a Latin-1 terminal: no UTF-8 sequence"
LANG=de_DE.ISO-8859-1 LC_ALL=de_DE.ISO-8859-1 LANGUAGE=de "$SHEAF" frobnicate 2>"$T_DIR/err.l1"
has_bytes "$T_DIR/err.l1" 'unbekannter Befehl \273frobnicate\253'
ok $? "German error on a Latin-1 terminal: the quotes are Latin-1 bytes"

# A message of the C library (strerror) inside one of ours is converted
# too: ENOSPC from /dev/full reads "Auf dem Gerät ist kein Speicherplatz"
# in German, which the C library writes in the locale's charset.
if [ -w /dev/full ]; then
	de list >/dev/full 2>"$T_DIR/full.u8"
	like "$(cat "$T_DIR/full.u8")" "sheaf: Fehler beim Schreiben der Ausgabe: " "German: a write error"
	LANG=de_DE.ISO-8859-1 LC_ALL=de_DE.ISO-8859-1 LANGUAGE=de "$SHEAF" list >/dev/full 2>"$T_DIR/full.l1"
	if grep -q 'Gerät' "$T_DIR/full.u8"; then
		has_bytes "$T_DIR/full.l1" 'Auf dem Ger\344t ist'
		ok $? "Latin-1: the C library's message keeps its ä (0xE4)"
	else
		ok 0 "# SKIP the C library has no German messages (package libc-l10n)"
	fi
	is "$(tr -cd '?' <"$T_DIR/full.l1")" "" "Latin-1: no character of it lost to '?'"
fi

# In the C locale gettext translates nothing (LANGUAGE is ignored there),
# and what sheaf prints is pure ASCII.
LANG=C LC_ALL=C LANGUAGE=de "$SHEAF" --help >"$T_DIR/help.c"
like "$(cat "$T_DIR/help.c")" "Usage: sheaf" "LANG=C, LANGUAGE=de: English"
is "$(high_bytes "$T_DIR/help.c")" 0 "LANG=C --help: pure ASCII"

done_testing
