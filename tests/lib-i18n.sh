# tests/lib-i18n.sh: locales and the German catalogue for the tests that
# need them, built into the test's scratch directory so that no test
# depends on what the machine has installed (many have no de_DE locale).
# Source after tests/lib.sh.

: "${BUILDDIR:=$SRCDIR}"

# need_locale NAME CHARSET: builds the locale NAME (de_DE.UTF-8,
# de_DE.ISO-8859-1) from its sources into $T_DIR/locale and exports
# LOCPATH, which glibc searches first. Skips the whole test only when
# localedef or the locale sources are missing (package "locales").
need_locale() {
	command -v localedef >/dev/null 2>&1 || skip_all "localedef is not installed (package locales)"
	mkdir -p "$T_DIR/locale"
	if [ ! -d "$T_DIR/locale/$1" ] &&
		! localedef -i "${1%%.*}" -f "$2" "$T_DIR/locale/$1" >"$T_DIR/localedef.log" 2>&1; then
		if grep -qi "cannot open\|no such file" "$T_DIR/localedef.log"; then
			skip_all "no locale sources for ${1%%.*} (package locales)"
		fi
		echo "Bail out! localedef failed for $1: $(tail -n 1 "$T_DIR/localedef.log")"
		exit 1
	fi
	LOCPATH="$T_DIR/locale"
	export LOCPATH
}

# need_catalogue: compiles po/de.po (checking its format strings) into
# $T_DIR/share/locale/de/LC_MESSAGES/sheaf.mo and exports SHEAF_LOCALEDIR,
# the directory main.c binds the text domain to. Skips only when msgfmt
# is missing or sheaf was built without NLS.
need_catalogue() {
	command -v msgfmt >/dev/null 2>&1 || skip_all "msgfmt is not installed (package gettext)"
	grep -q '^#define ENABLE_NLS 1' "$BUILDDIR/config.h" 2>/dev/null ||
		skip_all "sheaf was configured without NLS"
	mkdir -p "$T_DIR/share/locale/de/LC_MESSAGES"
	if ! msgfmt -c -o "$T_DIR/share/locale/de/LC_MESSAGES/sheaf.mo" "$SRCDIR/po/de.po" \
		2>"$T_DIR/msgfmt.log"; then
		echo "Bail out! po/de.po does not compile: $(head -n 1 "$T_DIR/msgfmt.log")"
		exit 1
	fi
	SHEAF_LOCALEDIR="$T_DIR/share/locale"
	export SHEAF_LOCALEDIR
}

# high_bytes FILE: how many bytes of FILE are 0x80 or above.
high_bytes() {
	od -An -v -tu1 "$1" | tr -s ' ' '\n' | awk '$1 >= 128 { n++ } END { print n + 0 }'
}

# c1_bytes FILE: how many bytes of FILE are 0x80-0x9F, which ISO-8859-1
# leaves to C1 controls: never text, and never sent by curses.
c1_bytes() {
	od -An -v -tu1 "$1" | tr -s ' ' '\n' | awk '$1 >= 128 && $1 < 160 { n++ } END { print n + 0 }'
}

# has_bytes FILE OCTAL-ESCAPES: true when FILE holds the bytes (printf
# notation, e.g. '\303\251' for UTF-8 é).
has_bytes() {
	LC_ALL=C grep -qF -- "$(printf "$2")" "$1"
}
