/*
 * test-bibtex: the BibTeX name parser, citation keys, value escaping and
 * the .bib parser's quirks, against the core library.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bibtex.h"
#include "import.h"
#include "store.h"
#include "tap.h"

/* A copy of s fit for a TAP description (controls shown as '?'). */
static const char *shown(const char *s)
{
	static char tmp[256];
	size_t i;

	for (i = 0; s[i] && i + 1 < sizeof(tmp); i++)
		tmp[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7F ? '?' : s[i];
	tmp[i] = '\0';
	return tmp;
}

static void name_is(const char *in, const char *want)
{
	struct bibtex_name nm;
	struct buf b = BUF_INIT;

	bibtex_name_parse(in, strlen(in), &nm);
	bibtex_name_format(&b, &nm);
	is_str(buf_str(&b), want, "name \"%s\"", shown(in));
	/* What is written must read back to the same parts. */
	{
		struct bibtex_name again;
		struct buf b2 = BUF_INIT;
		bibtex_name_parse(b.s, b.len, &again);
		bibtex_name_format(&b2, &again);
		is_str(buf_str(&b2), buf_str(&b), "name \"%s\" is stable", shown(in));
		bibtex_name_clear(&again);
		buf_free(&b2);
	}
	bibtex_name_clear(&nm);
	buf_free(&b);
}

static void parts_are(const char *in, const char *first, const char *von, const char *last,
                      const char *jr)
{
	struct bibtex_name nm;

	bibtex_name_parse(in, strlen(in), &nm);
	ok(strcmp(nm.first, first) == 0 && strcmp(nm.von, von) == 0 && strcmp(nm.last, last) == 0 &&
	       strcmp(nm.jr, jr) == 0,
	   "parts of \"%s\": [%s] [%s] [%s] [%s]", in, nm.first, nm.von, nm.last, nm.jr);
	bibtex_name_clear(&nm);
}

static void names(void)
{
	name_is("Charles Godfrey", "Godfrey, Charles");
	name_is("Godfrey, Charles", "Godfrey, Charles");
	name_is("Jan van der Berg", "van der Berg, Jan");
	name_is("van der Berg, Jan", "van der Berg, Jan");
	name_is("King, Jr., Martin Luther", "King, Jr., Martin Luther");
	name_is("Martin Luther King, Jr.", "King, Jr., Martin Luther");
	name_is("Ludwig van Beethoven", "van Beethoven, Ludwig");
	name_is("{Barnes and Noble}", "{Barnes and Noble}");
	name_is("{\\'E}douard Lucas", "Lucas, {\\'E}douard");
	name_is("Anonymous", "Anonymous");
	name_is("Christina A. L.\\ Thiele", "Thiele, Christina A. L.");
	name_is("  Donald   E.\nKnuth ", "Knuth, Donald E.");
	parts_are("Charles Louis Xavier Joseph de la Vall{\\'e}e Poussin",
	          "Charles Louis Xavier Joseph", "de la", "Vall{\\'e}e Poussin", "");
	parts_are("de la Fontaine, Jean", "Jean", "de la", "Fontaine", "");
	parts_are("{\\relax Ch}ristopher {\\'a}lvarez", "{\\relax Ch}ristopher", "", "{\\'a}lvarez", "");
	parts_are("jean de la fontaine", "", "jean de la", "fontaine", "");
	parts_are("Ford, Jr, Henry", "Henry", "", "Ford", "Jr");
	parts_are("", "", "", "", "");
	{
		char *s = bibtex_names_split("Charles Godfrey and Davis Brown AND {Barnes and Noble} and others");
		is_str(s, "Godfrey, Charles\nBrown, Davis\n{Barnes and Noble}\nothers",
		       "a name list splits at 'and' outside braces, in any case");
		free(s);
		s = bibtex_names_split("Alexander Anderson and Sandy Band");
		is_str(s, "Anderson, Alexander\nBand, Sandy", "'and' inside names does not split them");
		free(s);
	}
}

static void esc_is(const char *in, unsigned flags, const char *want, size_t want_lossy)
{
	struct buf b = BUF_INIT;
	size_t lossy = bibtex_escape(&b, in, flags);

	is_str(buf_str(&b), want, "escape \"%s\" (flags %u)", shown(in), flags);
	is_int(lossy, want_lossy, "... %zu characters without an ASCII form", want_lossy);
	/* Escaping what was escaped changes nothing: valid LaTeX stays. */
	if (!(flags & BIBTEX_PROTECT)) {
		struct buf again = BUF_INIT;
		bibtex_escape(&again, buf_str(&b), flags);
		is_str(buf_str(&again), buf_str(&b), "... and escaping it again changes nothing");
		buf_free(&again);
	}
	buf_free(&b);
}

static void escaping(void)
{
	esc_is("50% of R&D #1 a_b", 0, "50\\% of R\\&D \\#1 a\\_b", 0);
	esc_is("$x^2_i$ and 100\\% and \\emph{this}", 0, "$x^2_i$ and 100\\% and \\emph{this}", 0);
	esc_is("$a%b#c$ in math", 0, "$a\\%b\\#c$ in math", 0);
	esc_is("unbalanced { brace", 0, "unbalanced {\\textbraceleft} brace", 0);
	esc_is("close } here {and {nested}}", 0, "close {\\textbraceright} here {and {nested}}", 0);
	esc_is("}{", 0, "{\\textbraceright}{\\textbraceleft}", 0);
	esc_is("a lone \\{ escaped", 0, "a lone {\\textbraceleft} escaped", 0);
	esc_is("trailing \\", 0, "trailing {\\textbackslash}", 0);
	esc_is("C:\\1dir", 0, "C:{\\textbackslash}1dir", 0);
	esc_is("a ~10x speedup, D.~E. Knuth", 0, "a {\\textasciitilde}10x speedup, D.~E. Knuth", 0);
	esc_is("x^2 outside", 0, "x{\\textasciicircum}2 outside", 0);
	esc_is("cost $5 only", 0, "cost \\$5 only", 0);
	esc_is("$$ alone", 0, "\\$\\$ alone", 0);
	esc_is("$$E=mc^2$$ display", 0, "$$E=mc^2$$ display", 0);
	esc_is("@article{x, title={y}}", 0, "@article{x, title={y}}", 0);
	esc_is("tab\there\x01 and\nnewline  \x7f end ", 0, "tab here and newline end", 0);
	esc_is("bidi \xE2\x80\xAE" "evil", 0, "bidi evil", 0);
	esc_is("On the Symmetries of LaTeX", BIBTEX_PROTECT, "On the {Symmetries} of {LaTeX}", 0);
	esc_is("ReLU networks, {Kept} As Is", BIBTEX_PROTECT, "{ReLU} networks, {Kept} {As} {Is}", 0);
	esc_is("deep $O(N)$ Lie-Groups", BIBTEX_PROTECT, "deep $O(N)$ {Lie-Groups}", 0);
	esc_is("\xC3\x89" "cole normale", BIBTEX_PROTECT, "\xC3\x89" "cole normale", 0);
	esc_is("Erd\xC5\x91s\xE2\x80\x93R\xC3\xA9nyi caf\xC3\xA9", BIBTEX_ASCII,
	       "Erd{\\H{o}}s-R{\\'e}nyi caf{\\'e}", 0);
	esc_is("na\xC3\xAFve Stra\xC3\x9F" "e", BIBTEX_ASCII, "na{\\\"\\i}ve Stra{\\ss}e", 0);
	esc_is("\xCE\xB1-helix, $\xCE\xB2$", BIBTEX_ASCII, "{$\\alpha$}-helix, ${\\beta}$", 0);
	esc_is("\xC3\x89" "cole, Une \xC3\x89" "cole", BIBTEX_ASCII | BIBTEX_PROTECT,
	       "{\\'E}cole, {Une} {{\\'E}cole}", 0);
	esc_is("\xE6\xB7\xB1\xE5\xBA\xA6 learning", BIBTEX_ASCII, "?? learning", 2);
	esc_is("\xE2\x89\xA4 and \xE2\x88\x85", BIBTEX_ASCII, "{$\\leq$} and {$\\emptyset$}", 0);
	{
		struct buf b = BUF_INIT;
		bibtex_escape_verbatim(&b, "http://x.org/a_b%20c; http://y.org/{z", 0);
		is_str(b.s, "http://x.org/a_b%20c; http://y.org/%7Bz", "URLs: only an unpaired brace is encoded");
		buf_reset(&b);
		bibtex_escape_verbatim(&b, "http://x.org/caf\xC3\xA9", BIBTEX_ASCII);
		is_str(b.s, "http://x.org/caf%C3%A9", "URLs under --ascii: percent-encoded");
		buf_free(&b);
	}
	ok(bibtex_key_valid("Knuth:1984:TB") && bibtex_key_valid("godfrey2022symmetries") &&
	       !bibtex_key_valid("a b") && !bibtex_key_valid("a,b") && !bibtex_key_valid("") &&
	       !bibtex_key_valid("caf\xC3\xA9") && !bibtex_key_valid("x{y}"),
	   "citation keys: printable ASCII without BibTeX's specials");
}

static int64_t add_paper(struct store *st, const char *authors, const char *date, const char *title,
                         const char *citekey)
{
	struct store_paper p;

	memset(&p, 0, sizeof(p));
	p.authors = xstrdup(authors);
	p.date = xstrdup(date);
	p.title = xstrdup(title);
	p.citekey = xstrdup(citekey);
	if (store_paper_insert(st, &p) != STATUS_OK)
		return 0;
	{
		int64_t id = p.id;
		store_paper_clear(&p);
		return id;
	}
}

static char *key_of(struct store *st, int64_t id)
{
	struct store_paper p;
	char *key = NULL;

	if (store_paper_get(st, id, &p) == STATUS_OK) {
		if (store_begin(st) == STATUS_OK && bibtex_key_get(st, &p, &key) == STATUS_OK)
			store_commit(st);
		else
			store_rollback(st);
		store_paper_clear(&p);
	}
	return key;
}

static void keys(void)
{
	struct store *st;
	int64_t a, b, c, d, e;
	char *k;

	k = bibtex_key_base("Godfrey, Charles\nBrown, Davis", "2022-05-27",
	                    "On the {Symmetries} of Deep Learning Models");
	is_str(k, "godfrey2022symmetries", "key: last name, year, first significant title word");
	free(k);
	k = bibtex_key_base("J\xC3\xBCrgen M\xC3\xBCller-Lüdenscheidt", "2020", "\xC3\x9C" "ber $\\alpha$-Zerfall");
	is_str(k, "mullerludenscheidt2020uber", "key: ASCII-folded");
	free(k);
	k = bibtex_key_base("Jan van der Berg", "2019", "A Study");
	is_str(k, "berg2019study", "key: the last name without its von part");
	free(k);
	k = bibtex_key_base("", "2021", "The Deep Title of It");
	is_str(k, "deep2021title", "key without authors: title words either side of the year");
	free(k);
	k = bibtex_key_base("", "", "");
	is_str(k, "paper", "key of nothing at all");
	free(k);
	k = bibtex_key_base("", "2021", "");
	is_str(k, "paper2021", "a key never starts with a digit");
	free(k);

	if (store_open(":memory:", 0, &st) != STATUS_OK) {
		ok(0, "store_open");
		return;
	}
	a = add_paper(st, "Godfrey, Charles", "2022-05-27", "On the Symmetries of Deep Learning", "");
	b = add_paper(st, "Charles Godfrey", "2022-01-01", "Symmetries, again", "");
	c = add_paper(st, "Other, Person", "2022", "Symmetries", "GODFREY2022SYMMETRIESC");
	d = add_paper(st, "Godfrey, C.", "2022", "Symmetries three", "");
	e = add_paper(st, "", "", "", "");
	k = key_of(st, a);
	is_str(k, "godfrey2022symmetries", "the first paper gets the bare key");
	free(k);
	k = key_of(st, b);
	is_str(k, "godfrey2022symmetriesb", "the second gets b");
	free(k);
	k = key_of(st, d);
	is_str(k, "godfrey2022symmetriesd", "c is taken (without case) by an imported key: d");
	free(k);
	k = key_of(st, a);
	is_str(k, "godfrey2022symmetries", "a stored key never changes");
	free(k);
	k = key_of(st, c);
	is_str(k, "GODFREY2022SYMMETRIESC", "an imported key is kept as it is");
	free(k);
	k = key_of(st, e);
	is_str(k, "paper", "a paper with nothing gets a key too");
	free(k);
	is_int(store_citekey_set(st, a, "other"), STATUS_NOTFOUND, "a paper's key cannot be replaced");
	is_int(store_citekey_set(st, e, "fresh"), STATUS_NOTFOUND, "nor set twice");
	is_int(store_citekey_set(st, add_paper(st, "", "", "", ""), "Godfrey2022Symmetries"),
	       STATUS_USAGE, "a key another paper holds (without case) is refused");
	store_close(st);
}

/* A sink that keeps what the parser handed over, as text. */
struct capture {
	struct buf out;
	int n;
};

static enum status cap_paper(void *ctx, const struct import_paper *p, int64_t *h)
{
	struct capture *c = ctx;
	size_t i;

	buf_printf(&c->out, "[%ld %s %s] title=%s authors=%s date=%s arxiv=%s doi=%s journal=%s",
	           p->line, p->bibtype ? p->bibtype : "", p->citekey ? p->citekey : "-",
	           p->title ? p->title : "-", p->authors ? p->authors : "-",
	           p->n_dates ? p->dates[0].date : "-", p->arxiv ? p->arxiv : "-",
	           p->doi ? p->doi : "-", p->journal ? p->journal : "-");
	for (i = 0; i < p->n_fields; i++)
		buf_printf(&c->out, " %s=%s", p->fields[i].name, p->fields[i].value);
	buf_addc(&c->out, '\n');
	*h = ++c->n;
	return STATUS_OK;
}

static enum status cap_group(void *ctx, bool begin)
{
	struct capture *c = ctx;
	buf_adds(&c->out, begin ? "(\n" : ")\n");
	return STATUS_OK;
}

static char *parse(const char *text, enum status *st)
{
	struct capture c = {BUF_INIT, 0};
	struct import_sink sink = {&c, cap_group, cap_paper, NULL, NULL};

	*st = import_buffer_to("t.bib", text, strlen(text), &import_format_bibtex, &sink);
	return c.out.s ? buf_steal(&c.out) : xstrdup("");
}

static void parser(void)
{
	enum status st;
	char *r;

	r = parse("% a comment with an @ sign: x@y.org\n"
	          "@String{tug = \"TeX Users\" # { Group}}\n"
	          "@preamble{ \"\\input x.def\" }\n"
	          "@comment{ @article{not, title = {read}} }\n"
	          "Free text between entries is a comment.\n"
	          "@ARTICLE(Knuth:1984,\n"
	          "  AUTHOR = \"Donald E. Knuth and {The {TeX}} Project\",\n"
	          "  title = {Literate   {Programming}\n   in {\\TeX}},\n"
	          "  journal = tug # \" News\", volume = 27, month = feb, year = 1984,\n"
	          "  note = \"a {\"}quoted{\"} {brace}\",\n"
	          "  crossref = {proc84},\n"
	          ")\n"
	          "@misc{ar, eprint = {2205.14258v5}, archivePrefix = {arXiv}, primaryClass = {cs.LG},\n"
	          "  doi = {https://doi.org/10.1000/ABC}, year = {19xx}, month = {Spring}}\n",
	          &st);
	is_int(st, STATUS_OK, "a file of quirks parses");
	is_str(r, "(\n"
	          "[6 article Knuth:1984] title=Literate {Programming} in {\\TeX} "
	          "authors=Knuth, Donald E.\nProject, {The {TeX}} date=1984-02 arxiv=- doi=- "
	          "journal=TeX Users Group News volume=27 note=a {\"}quoted{\"} {brace} crossref=proc84\n"
	          "[14 misc ar] title=- authors=- date=- arxiv=2205.14258 doi=10.1000/ABC journal=- "
	          "year=19xx month=Spring\n"
	          ")\n",
	       "macros, #, nested braces, quotes, parentheses, month macros, arXiv, crossref kept");
	free(r);

	r = parse("@article{good1, title = {One}}\n"
	          "@article{bad, title = {Two} year = 2000}\n"
	          "@article{good2, title = {Three}}\n"
	          "@article{bad2, title = {unclosed\n"
	          "@article{good3, title = {Four}}\n"
	          "@article{bad3 title = {x}}\n"
	          "@book{good4, title = \"Five\", }\n",
	          &st);
	is_int(st, STATUS_OK, "malformed entries are skipped, not fatal");
	is_str(r, "(\n"
	          "[1 article good1] title=One authors=- date=- arxiv=- doi=- journal=-\n"
	          "[3 article good2] title=Three authors=- date=- arxiv=- doi=- journal=-\n"
	          "[5 article good3] title=Four authors=- date=- arxiv=- doi=- journal=-\n"
	          "[7 book good4] title=Five authors=- date=- arxiv=- doi=- journal=-\n"
	          ")\n",
	       "reading resumes at the next line starting with '@'");
	free(r);

	r = parse("@article{x, title = {unclosed}\n", &st);
	is_int(st, STATUS_PARSE, "a file with no readable entry is an error");
	free(r);

	r = parse("@article{dup, title = {First}, title = {Second}, note = undefinedmacro}\n", &st);
	is_str(r, "(\n[1 article dup] title=First authors=- date=- arxiv=- doi=- journal=-\n)\n",
	       "a field given twice keeps the first; an undefined macro is empty");
	free(r);

	r = parse("@misc{sp ace, title = {T}}\n", &st);
	is_int(st, STATUS_PARSE, "a key with a space is malformed");
	free(r);
	r = parse("@misc{caf\xC3\xA9, title = {T}}\n", &st);
	is_str(r, "(\n[1 misc -] title=T authors=- date=- arxiv=- doi=- journal=-\n)\n",
	       "a key that cannot be written back is dropped (a new one is made at export)");
	free(r);
	is_int(import_format_bibtex.detect("@article{x,\n", 12) >= 20, 1, "detected");
	is_int(import_format_bibtex.detect("September 14, 2023\nsome text\n", 29), 0,
	       "a similar-papers page is not BibTeX");
}

int main(void)
{
	names();
	escaping();
	keys();
	parser();
	return done_testing();
}
