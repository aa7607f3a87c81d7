# tests/bibtex-lib.sh: checks of BibTeX exports by the real tools, for the
# bibtex-*.sh tests. Source it after tests/lib.sh.
#
# bibtools FILE DESC [--all-fields] checks FILE with classic bibtex
# (plain.bst, an .aux citing every key: exit 0, no "Warning--"), with
# biber's data model (no WARN or ERROR; with --all-fields, only the warnings
# about fields the model does not have, which that option writes on
# purpose), and with pybtex (tests/bibcheck.py: the same entries and
# values as sheaf wrote). A tool that is not installed is a TAP skip.

: "${PYTHON3:=/usr/bin/python3}"

skip() {
	T_N=$((T_N + 1))
	echo "ok $T_N # SKIP $*"
}

have_bibtex() { command -v bibtex >/dev/null 2>&1 && kpsewhich plain.bst >/dev/null 2>&1; }
have_biber() { command -v biber >/dev/null 2>&1; }
have_pybtex() { [ -x "$PYTHON3" ] && "$PYTHON3" -c 'import pybtex' 2>/dev/null; }

# bib_keys FILE: the citation keys sheaf wrote, one a line.
bib_keys() { sed -n 's/^@[a-z]*{\([^,]*\),$/\1/p' "$1"; }

bibtools() {
	_f=$1 _d=$2 _mode=${3:-}
	_w=$(mktemp -d "$T_DIR/tools.XXXXXX")
	cp "$_f" "$_w/x.bib"
	if have_bibtex; then
		{
			echo '\relax'
			bib_keys "$_w/x.bib" | while read -r k; do echo "\\citation{$k}"; done
			echo '\bibstyle{plain}'
			echo '\bibdata{x}'
		} >"$_w/x.aux"
		(cd "$_w" && bibtex -terse x >bibtex.out 2>&1)
		_st=$?
		_warn=$(grep -E 'Warning--|error message|^I was expecting|^I.m skipping' "$_w/x.blg" "$_w/bibtex.out" | head -5)
		is "$_st:$_warn" "0:" "$_d: bibtex with plain.bst accepts it without a warning"
		is "$(grep -c '^\\bibitem' "$_w/x.bbl")" "$(bib_keys "$_w/x.bib" | wc -l)" \
			"$_d: bibtex typesets every entry"
	else
		skip "bibtex or plain.bst not installed"
		skip "bibtex or plain.bst not installed"
	fi
	if have_biber; then
		(cd "$_w" && biber --tool --validate-datamodel --output-file=out.bib x.bib >biber.out 2>&1)
		_st=$?
		if [ "$_mode" = --all-fields ]; then
			_warn=$(grep -E '^(WARN|ERROR)' "$_w/biber.out" | grep -v "Field '[^']*' invalid in data model - ignoring" | head -5)
		else
			_warn=$(grep -E '^(WARN|ERROR)' "$_w/biber.out" | head -5)
		fi
		is "$_st:$_warn" "0:" "$_d: biber's data model accepts it without a warning"
	else
		skip "biber not installed"
	fi
	if have_pybtex; then
		_out=$("$PYTHON3" "$SRCDIR/tests/bibcheck.py" agree "$_w/x.bib" 2>&1)
		ok $? "$_d: pybtex reads the same entries and values"
		[ -z "${_out##*problems*}" ] && printf '%s\n' "$_out" | sed 's/^/# /' | head -20
	else
		skip "python3 with pybtex not installed"
	fi
	rm -rf "$_w"
}

# entries_sorted FILE: the entries of an export, one a line, sorted: two
# exports hold the same entries and fields exactly when these are equal
# (the order follows row ids, which differ between libraries).
entries_sorted() { awk 'BEGIN { RS = ""; ORS = "\n" } { gsub(/\n/, "\001"); print }' "$1" | LC_ALL=C sort; }
