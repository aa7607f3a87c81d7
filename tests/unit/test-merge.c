/*
 * test-merge: the identity rules of src/merge.h, each threshold from both
 * sides, and the field merging that must not depend on import order.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"
#include "tap.h"
#include "text.h"

/* 100 characters of key, no two windows alike. */
static const char base[] = "symmetryisafundamentaltoolintheexplorationofabroadrangeofcomplex"
                           "systemsinmachinelearningsymmetryhas";

/* The first n characters of base, then tail. Static storage, 8 slots. */
static const char *prefix(size_t n, const char *tail)
{
	static char slots[8][256];
	static int k;
	char *s = slots[k++ % 8];

	snprintf(s, sizeof(slots[0]), "%.*s%s", (int)n, base, tail);
	return s;
}

struct side_spec {
	const char *arxiv, *doi, *key, *tkey;
	struct merge_date d[4];
	size_t n;
};

static struct merge_side side(const struct side_spec *s)
{
	struct merge_side m = {.arxiv = s->arxiv ? s->arxiv : "",
	                       .doi = s->doi ? s->doi : "",
	                       .key = s->key ? s->key : "",
	                       .tkey = s->tkey ? s->tkey : "",
	                       .citekey = "",
	                       .dates = s->d,
	                       .n_dates = s->n};
	return m;
}

/* Checks merge_same() both ways round, and the reason it gives. */
static void same(const struct side_spec *a, const struct side_spec *b, bool want,
                 const char *want_why, const char *what)
{
	struct merge_side x = side(a), y = side(b);
	const char *why1 = NULL, *why2 = NULL;
	bool r1 = merge_same(&x, &y, &why1), r2 = merge_same(&y, &x, &why2);

	ok(r1 == want && r2 == want, "%s: %s", what, want ? "one paper" : "two papers");
	if (r1 != want || r2 != want)
		printf("#   got %d / %d (%s / %s)\n", r1, r2, why1 ? why1 : "-", why2 ? why2 : "-");
	if (want_why)
		ok(why1 && why2 && strcmp(why1, want_why) == 0 && strcmp(why2, want_why) == 0,
		   "%s: because \"%s\" (%s / %s)", what, want_why, why1 ? why1 : "-",
		   why2 ? why2 : "-");
	ok(merge_same(&x, &y, NULL) == r1, "%s: why may be NULL", what);
}

#define D(v, date) \
	{              \
		(v), date  \
	}

/* ---------------------------------------------------------------- rule 4 */

static void test_keys(void)
{
	struct side_spec a = {0}, b = {0};

	/* No dates on either side: only the text speaks. */
	a.key = prefix(MERGE_KEY_MIN, "");
	b.key = prefix(100, "");
	same(&a, &b, true, "abstracts agree", "keys share exactly MERGE_KEY_MIN, one a prefix");
	a.key = prefix(MERGE_KEY_MIN - 1, "");
	same(&a, &b, false, "nothing in common", "keys share MERGE_KEY_MIN-1, one a prefix");
	a.key = prefix(MERGE_KEY_MIN, "");
	b.key = prefix(MERGE_KEY_MIN, "");
	same(&a, &b, true, "abstracts agree", "equal keys of MERGE_KEY_MIN");
	a.key = b.key = prefix(MERGE_KEY_MIN - 1, "");
	same(&a, &b, false, "nothing in common", "equal keys of MERGE_KEY_MIN-1");
	a.key = prefix(MERGE_KEY_MIN, "xyzxyz");
	b.key = prefix(MERGE_KEY_MIN, "qrsqrs");
	same(&a, &b, false, "nothing in common", "keys agree on MERGE_KEY_MIN then fork");
	a.key = prefix(MERGE_KEY_MIN + 30, "x");
	b.key = prefix(MERGE_KEY_MIN + 30, "q");
	same(&a, &b, false, "nothing in common", "keys agree on MERGE_KEY_MIN+30 then fork");
	a.key = prefix(MERGE_KEY_MIN - 1, "x");
	b.key = prefix(100, "");
	same(&a, &b, false, "nothing in common", "a fork at MERGE_KEY_MIN-1");
	a.key = "";
	b.key = "";
	same(&a, &b, false, "nothing in common", "two empty keys");
	a.key = prefix(100, "");
	b.key = "";
	same(&a, &b, false, "nothing in common", "an empty key against a long one");
}

/* ---------------------------------------------------------------- rules 1, 2 */

static void test_ids(void)
{
	struct side_spec a = {"2205.14258", NULL, NULL, NULL, {D(5, "2023-03-24")}, 1};
	struct side_spec b = {"2205.14258", NULL, NULL, NULL, {D(1, "2019-01-01")}, 1};

	same(&a, &b, true, "same arXiv id", "equal arXiv ids, nothing else in common");
	b.arxiv = "2205.14259";
	b.key = a.key = prefix(100, "");
	b.tkey = a.tkey = "asufficientlylongtitle";
	b.d[0] = a.d[0];
	same(&a, &b, false, "different arXiv ids",
	     "different arXiv ids, same text, title and date");
	b.arxiv = "math/0701001";
	a.arxiv = "math/0701001";
	b.key = a.key = "";
	b.tkey = a.tkey = "";
	same(&a, &b, true, "same arXiv id", "equal old-style ids");
	a.arxiv = "math/0701002";
	same(&a, &b, false, "different arXiv ids", "different old-style ids");

	/* DOIs */
	{
		struct side_spec c = {NULL, "10.1000/xyz", NULL, NULL, {D(0, "2020-01-01")}, 1};
		struct side_spec e = {NULL, "10.1000/xyz", NULL, NULL, {D(0, "2021-06-30")}, 1};
		same(&c, &e, true, "same DOI", "equal DOIs, different dates and texts");
		e.doi = "10.1000/xyzw";
		c.key = e.key = prefix(100, "");
		e.d[0] = c.d[0];
		same(&c, &e, false, "different DOIs", "different DOIs, same text and date");
		/* An arXiv id outranks a DOI. */
		c.arxiv = e.arxiv = "2101.00001";
		same(&c, &e, true, "same arXiv id", "same arXiv id, different DOIs");
		e.doi = c.doi;
		e.arxiv = "2101.00002";
		same(&c, &e, false, "different arXiv ids", "same DOI, different arXiv ids");
		/* One side without a DOI: the other rules decide. */
		e.arxiv = c.arxiv = NULL;
		e.doi = "";
		same(&c, &e, true, "abstracts agree", "one DOI, same text and date");
		e.d[0] = (struct merge_date)D(0, "2020-01-02");
		same(&c, &e, false, "dates disagree", "one DOI, same text, dates a day apart");
	}
}

/* ---------------------------------------------------------------- rule 3 */

static void test_dates(void)
{
	struct side_spec a = {NULL, NULL, NULL, NULL, {D(1, "2023-09-14")}, 1};
	struct side_spec b = {NULL, NULL, NULL, NULL, {D(1, "2023-09-14")}, 1};

	a.key = prefix(70, "");
	b.key = prefix(100, "");
	same(&a, &b, true, "abstracts agree", "same date, keys agree");
	b.d[0] = (struct merge_date)D(1, "2023-09-15");
	same(&a, &b, false, "dates disagree", "one day apart, keys agree");
	b.d[0] = (struct merge_date)D(1, "2023-09-13");
	same(&a, &b, false, "dates disagree", "one day before, keys agree");
	b.key = a.key;
	same(&a, &b, false, "dates disagree", "one day apart, identical keys");

	/* Partial precision: compared at the precision both have. */
	b.d[0] = (struct merge_date)D(0, "2023");
	same(&a, &b, true, "abstracts agree", "\"2023\" against \"2023-09-14\"");
	b.d[0] = (struct merge_date)D(0, "2022");
	same(&a, &b, false, "dates disagree", "\"2022\" against \"2023-09-14\"");
	b.d[0] = (struct merge_date)D(0, "2023-09");
	same(&a, &b, true, "abstracts agree", "\"2023-09\" against \"2023-09-14\"");
	b.d[0] = (struct merge_date)D(0, "2023-10");
	same(&a, &b, false, "dates disagree", "\"2023-10\" against \"2023-09-14\"");

	/* Any shared date will do. */
	b.n = 2;
	b.d[0] = (struct merge_date)D(1, "2020-01-01");
	b.d[1] = (struct merge_date)D(2, "2023-09-14");
	same(&a, &b, true, "abstracts agree", "a shared second version date");
	b.d[1] = (struct merge_date)D(2, "2023-09-16");
	same(&a, &b, false, "dates disagree", "two dates, neither shared");

	/* Nothing to contradict: a side without dates. */
	b.n = 0;
	same(&a, &b, true, "abstracts agree", "one side without dates, keys agree");
	b.key = prefix(59, "");
	same(&a, &b, false, "nothing in common", "one side without dates, MERGE_KEY_MIN-1");
}

static void test_arxiv_month(void)
{
	/* The digest of 2205.14258: only v5 (2023-03-24) known. */
	struct side_spec id = {"2205.14258", NULL, NULL, NULL, {D(5, "2023-03-24")}, 1};
	struct side_spec l = {NULL, NULL, NULL, NULL, {D(1, "2022-05-27")}, 1};

	id.key = prefix(100, "");
	l.key = prefix(70, "");
	same(&id, &l, true, "abstracts agree", "listing inside the id's month (2205), before v5");
	l.d[0] = (struct merge_date)D(1, "2022-05-01");
	same(&id, &l, true, "abstracts agree", "first day of the id's month");
	l.d[0] = (struct merge_date)D(1, "2022-05-31");
	same(&id, &l, true, "abstracts agree", "last day of the id's month");
	l.d[0] = (struct merge_date)D(1, "2022-04-30");
	same(&id, &l, false, "dates disagree", "the day before the id's month");
	l.d[0] = (struct merge_date)D(1, "2022-06-01");
	same(&id, &l, false, "dates disagree", "the day after the id's month");
	l.d[0] = (struct merge_date)D(1, "2023-05-27");
	same(&id, &l, false, "dates disagree", "same month, a year later");
	l.d[0] = (struct merge_date)D(1, "2023-03-24");
	same(&id, &l, true, "abstracts agree", "the listing's date is the v5 date");
	l.d[0] = (struct merge_date)D(0, "2022");
	same(&id, &l, true, "abstracts agree", "a listing dated only by its year");
	l.d[0] = (struct merge_date)D(0, "2022-05");
	same(&id, &l, true, "abstracts agree", "a listing dated only by the id's month");

	/* After the latest known version: no version can have that date. */
	id.d[0] = (struct merge_date)D(2, "2022-05-10");
	l.d[0] = (struct merge_date)D(1, "2022-05-11");
	same(&id, &l, false, "dates disagree",
	     "in the month, a day after the latest known version");
	l.d[0] = (struct merge_date)D(1, "2022-05-10");
	same(&id, &l, true, "abstracts agree", "in the month, on the latest known version's date");
	l.d[0] = (struct merge_date)D(1, "2022-05-09");
	same(&id, &l, true, "abstracts agree",
	     "in the month, a day before the latest known version");

	/* v1 known: the listing must carry one of the version dates. */
	id.n = 2;
	id.d[0] = (struct merge_date)D(1, "2022-05-27");
	id.d[1] = (struct merge_date)D(5, "2023-03-24");
	l.d[0] = (struct merge_date)D(1, "2022-05-27");
	same(&id, &l, true, "abstracts agree", "v1 known and equal to the listing's date");
	l.d[0] = (struct merge_date)D(1, "2022-05-28");
	same(&id, &l, false, "dates disagree", "v1 known, listing a day later in the same month");
	l.d[0] = (struct merge_date)D(1, "2022-05-26");
	same(&id, &l, false, "dates disagree", "v1 known, listing a day earlier in the same month");
	l.d[0] = (struct merge_date)D(1, "2023-03-24");
	same(&id, &l, true, "abstracts agree", "v1 known, the listing has the v5 date");

	/* The id alone, no dates known: the month still rules. */
	id.n = 0;
	l.d[0] = (struct merge_date)D(1, "2022-05-27");
	same(&id, &l, true, "abstracts agree", "no version dates, listing inside the id's month");
	l.d[0] = (struct merge_date)D(1, "2023-01-15");
	same(&id, &l, false, "dates disagree", "no version dates, listing outside the id's month");

	/* Old-style ids encode the month too; 91..99 are 1990s. */
	id.arxiv = "math/0701001";
	id.n = 1;
	id.d[0] = (struct merge_date)D(3, "2008-02-01");
	l.d[0] = (struct merge_date)D(1, "2007-01-15");
	same(&id, &l, true, "abstracts agree", "math/0701001 and a January 2007 listing");
	l.d[0] = (struct merge_date)D(1, "2007-02-01");
	same(&id, &l, false, "dates disagree", "math/0701001 and a February 2007 listing");
	id.arxiv = "hep-th/9912001";
	id.d[0] = (struct merge_date)D(2, "2000-03-01");
	l.d[0] = (struct merge_date)D(1, "1999-12-20");
	same(&id, &l, true, "abstracts agree", "hep-th/9912001 and a December 1999 listing");
	l.d[0] = (struct merge_date)D(1, "2099-12-20");
	same(&id, &l, false, "dates disagree", "hep-th/9912001 and a December 2099 listing");

	/* The month rule is about dates: text must still agree. */
	id.arxiv = "2205.14258";
	id.d[0] = (struct merge_date)D(5, "2023-03-24");
	l.d[0] = (struct merge_date)D(1, "2022-05-27");
	l.key = prefix(MERGE_KEY_MIN - 1, "");
	same(&id, &l, false, "nothing in common",
	     "inside the month but keys share MERGE_KEY_MIN-1");
}

/* ---------------------------------------------------------------- rule 5 */

static void test_titles(void)
{
	static const char t16[] = "abcdefghijklmnop", t15[] = "abcdefghijklmno";
	struct side_spec a = {NULL, NULL, "", NULL, {D(1, "2023-01-13")}, 1};
	struct side_spec b = {NULL, NULL, "", NULL, {D(1, "2023-01-13")}, 1};

	ok(strlen(t16) == MERGE_TITLE_MIN && strlen(t15) == MERGE_TITLE_MIN - 1,
	   "title fixtures are MERGE_TITLE_MIN and MERGE_TITLE_MIN-1 long");
	a.tkey = b.tkey = t16;
	same(&a, &b, true, "titles agree", "equal title keys of MERGE_TITLE_MIN");
	a.tkey = b.tkey = t15;
	same(&a, &b, false, "nothing in common", "equal title keys of MERGE_TITLE_MIN-1");
	a.tkey = t16;
	b.tkey = "abcdefghijklmnoq";
	same(&a, &b, false, "nothing in common", "title keys differing in the last character");
	b.tkey = "abcdefghijklmnopq";
	same(&a, &b, false, "nothing in common", "a title key that is a prefix of the other");
	a.tkey = b.tkey = t16;
	b.d[0] = (struct merge_date)D(1, "2023-01-14");
	same(&a, &b, false, "dates disagree", "equal titles, dates a day apart");
	a.tkey = b.tkey = "";
	b.d[0] = a.d[0];
	same(&a, &b, false, "nothing in common", "no titles, no text");
}

/* ---------------------------------------------------------------- fingerprints */

static void test_fingerprints(void)
{
	int64_t f59 = merge_fingerprint(prefix(MERGE_KEY_MIN - 1, ""));
	int64_t f60 = merge_fingerprint(prefix(MERGE_KEY_MIN, ""));
	int64_t f100 = merge_fingerprint(prefix(100, ""));
	int64_t fork = merge_fingerprint(prefix(MERGE_FP_LEN, "zzzzzzzzzzzzzzzzzzzzzzzz"));
	int64_t early = merge_fingerprint(prefix(MERGE_FP_LEN - 1, "zzzzzzzzzzzzzzzzzzzzzzzzz"));

	ok(MERGE_FP_LEN < MERGE_KEY_MIN, "the fingerprint is shorter than the matching minimum");
	is_int(f59, 0, "fingerprint of a key of MERGE_KEY_MIN-1: 0");
	ok(f60 != 0, "fingerprint of a key of MERGE_KEY_MIN: not 0");
	ok(f60 > 0, "fingerprints are positive (they fit SQLite's signed integers)");
	is_int(f100, f60, "keys that can match (one a prefix) share the fingerprint");
	is_int(fork, f60, "keys sharing the first MERGE_FP_LEN characters share the fingerprint");
	ok(early != f60, "a key differing before MERGE_FP_LEN has another fingerprint");
	is_int(merge_fingerprint(""), 0, "fingerprint of \"\": 0");

	is_int(merge_title_fingerprint("abcdefghijklmno"), 0,
	       "title fingerprint below MERGE_TITLE_MIN: 0");
	ok(merge_title_fingerprint("abcdefghijklmnop") > 0,
	   "title fingerprint at MERGE_TITLE_MIN: not 0");
	ok(merge_title_fingerprint("abcdefghijklmnop") !=
	       merge_title_fingerprint("abcdefghijklmnopq"),
	   "the title fingerprint covers the whole title");
	is_int(merge_title_fingerprint("abcdefghijklmnop"),
	       merge_title_fingerprint("abcdefghijklmnop"), "the title fingerprint is stable");
	is_int(merge_title_fingerprint(""), 0, "title fingerprint of \"\": 0");
	{
		/* Many keys: none gets 0. */
		char k[80];
		int i, zeros = 0;
		for (i = 0; i < 20000; i++) {
			snprintf(k, sizeof(k), "%060d", i);
			if (merge_fingerprint(k) <= 0 || merge_title_fingerprint(k) <= 0)
				zeros++;
		}
		is_int(zeros, 0, "20000 long keys: no fingerprint is 0 or negative");
	}
}

/* ---------------------------------------------------------------- sentences */

/* s with newlines shown as \n, for test names (TAP names are one line). */
static const char *oneline(const char *s)
{
	static char out[4][256];
	static int k;
	char *o = out[k++ % 4];
	size_t j = 0;

	for (; *s && j + 3 < sizeof(out[0]); s++) {
		if (*s == '\n') {
			o[j++] = '\\';
			o[j++] = 'n';
		} else {
			o[j++] = *s;
		}
	}
	o[j] = '\0';
	return o;
}

static void first(const char *in, const char *want)
{
	char *s = merge_first_sentence(in);
	is_str(s, want, "first sentence of \"%s\"", oneline(in));
	free(s);
}

static void derive(const char *in, int max, const char *want)
{
	char *s = merge_derive_title(in, max);
	is_str(s, want, "derived title (%d) of \"%.40s\"", max, oneline(in));
	ok(text_width(s) <= (size_t)(max > 0 ? max : 0), "derived title (%d) is at most %d columns",
	   max, max);
	free(s);
}

static void test_sentences(void)
{
	char *k;

	first("First sentence. Second one.", "First sentence.");
	first("Is it? Yes.", "Is it?");
	first("Wow! Then more.", "Wow!");
	first("No full stop at all", "No full stop at all");
	first("Ends here.", "Ends here.");
	first("", "");
	first("We use e.g. convolutions. Then more.", "We use e.g. convolutions.");
	first("We use (e.g. CNNs). Then more.", "We use (e.g. CNNs).");
	first("That is, i.e. this. Then more.", "That is, i.e. this.");
	first("Smith et al. showed it. Then more.", "Smith et al. showed it.");
	first("By J. Smith and K. Jones. Then more.", "By J. Smith and K. Jones.");
	first("As in Fig. 3 we see. Then more.", "As in Fig. 3 we see.");
	first("Compare cf. Ref. 2 here. Then more.", "Compare cf. Ref. 2 here.");
	first("Version 2.0 is out. Then more.", "Version 2.0 is out.");
	first("Lower case. continues here. Then more.", "Lower case. continues here.");
	first("Ends on a line.\nNext line.", "Ends on a line.");
	first("Math ends it $x$. $G_2$ opens the next.", "Math ends it $x$.");
	first("A command ends it. \\emph{Next} one.", "A command ends it.");
	first("Numbers next. 42 is the answer.", "Numbers next.");
	first("Accents next. \xC3\x89tude follows.", "Accents next.");
	first("Trailing space. ", "Trailing space.");

	/* The key of a record: the abstract, else the summary's first sentence. */
	k = merge_text_key("{\\em Pre-training} works. More.", "Ignored summary.");
	is_str(k, "pretrainingworksmore", "text key: the whole abstract when there is one");
	free(k);
	k = merge_text_key("", "{\\em Pre-training} works. More here.");
	is_str(k, "pretrainingworks", "text key: the summary's first sentence");
	free(k);
	k = merge_text_key(NULL, "One sentence only");
	is_str(k, "onesentenceonly", "text key: NULL abstract");
	free(k);
	k = merge_text_key(NULL, NULL);
	is_str(k, "", "text key: nothing");
	free(k);
	k = merge_text_key("", "");
	is_str(k, "", "text key: two empty strings");
	free(k);

	derive("Why does Deep Learning work? What representations does it capture?", 100,
	       "Why does Deep Learning work?");
	derive("A title from a sentence. Then more.", 100, "A title from a sentence");
	derive("  A title\n from   a sentence. Then more.", 100, "A title from a sentence");
	derive("A title from a sentence. Then more.", 23, "A title from a sentence");
	derive("A title from a sentence. Then more.", 22, "A title from a\xE2\x80\xA6");
	derive("Deep learning was recently successfully used in deriving symmetry transformations "
	       "that preserve important physics quantities. More.",
	       100,
	       "Deep learning was recently successfully used in deriving symmetry transformations "
	       "that preserve\xE2\x80\xA6");
	derive("Supercalifragilisticexpialidocious is long. More.", 10, "Supercali\xE2\x80\xA6");
	derive("Ab cdefghijklmnopqrstuvwxyz. More.", 10, "Ab cdefgh\xE2\x80\xA6");
	derive("\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87", 6,
	       "\xE4\xB8\xAD\xE6\x96\x87\xE2\x80\xA6");
	derive("Short. More.", 1, "\xE2\x80\xA6");
	derive("Short. More.", 0, "");
}

/* ---------------------------------------------------------------- fields */

static void paper_set(struct store_paper *p, const char *title, bool derived, const char *authors,
                      const char *abstract, bool truncated, const char *arxiv, const char *doi)
{
	memset(p, 0, sizeof(*p));
	p->title = xstrdup(title);
	p->title_derived = derived;
	p->authors = xstrdup(authors);
	p->abstract = xstrdup(abstract);
	p->abstract_truncated = truncated;
	p->arxiv = xstrdup(arxiv);
	p->doi = xstrdup(doi);
	p->summary = xstrdup("");
	p->url = xstrdup("");
	p->license = xstrdup("");
	p->categories = xstrdup("");
	p->journal = xstrdup("");
	p->date = xstrdup("");
	p->citekey = xstrdup("");
	p->bibtype = xstrdup("");
}

static void paper_copy(struct store_paper *d, const struct store_paper *s)
{
	*d = *s;
	d->title = xstrdup(s->title);
	d->authors = xstrdup(s->authors);
	d->abstract = xstrdup(s->abstract);
	d->arxiv = xstrdup(s->arxiv);
	d->doi = xstrdup(s->doi);
	d->summary = xstrdup(s->summary);
	d->url = xstrdup(s->url);
	d->license = xstrdup(s->license);
	d->categories = xstrdup(s->categories);
	d->journal = xstrdup(s->journal);
	d->date = xstrdup(s->date);
	d->citekey = xstrdup(s->citekey);
	d->bibtype = xstrdup(s->bibtype);
}

static void describe(struct buf *b, const struct store_paper *p)
{
	buf_printf(
	    b,
	    "title=%s derived=%d stub=%d authors=%s abstract=%s truncated=%d summary=%s "
	    "arxiv=%s doi=%s url=%s license=%s categories=%s journal=%s citekey=%s bibtype=%s",
	    p->title, p->title_derived, p->stub, p->authors, p->abstract, p->abstract_truncated,
	    p->summary, p->arxiv, p->doi, p->url, p->license, p->categories, p->journal, p->citekey,
	    p->bibtype);
}

/* Merges a into b and b into a; both must give want (a description). */
static void fields(const struct store_paper *a, const struct store_paper *b, const char *want,
                   const char *what)
{
	struct store_paper ab, ba;
	struct buf x = BUF_INIT, y = BUF_INIT;

	paper_copy(&ab, b);
	merge_fields(&ab, a);
	paper_copy(&ba, a);
	merge_fields(&ba, b);
	describe(&x, &ab);
	describe(&y, &ba);
	is_str(x.s, y.s, "%s: A into B equals B into A", what);
	if (want)
		is_str(x.s, want, "%s: the result", what);
	store_paper_clear(&ab);
	store_paper_clear(&ba);
	buf_free(&x);
	buf_free(&y);
}

static void test_fields(void)
{
	struct store_paper a, b;

	/* Titles */
	paper_set(&a, "Short title", false, "", "", false, "", "");
	paper_set(&b, "A longer real title", false, "", "", false, "", "");
	fields(&a, &b, NULL, "two real titles: the longer");
	{
		struct store_paper r;
		paper_copy(&r, &a);
		merge_fields(&r, &b);
		is_str(r.title, "A longer real title", "two real titles: the longer wins");
		store_paper_clear(&r);
	}
	store_paper_clear(&a);
	store_paper_clear(&b);

	paper_set(&a, "Alpha", false, "", "", false, "", "");
	paper_set(&b, "Bravo", false, "", "", false, "", "");
	fields(
	    &a, &b,
	    "title=Alpha derived=0 stub=0 authors= abstract= truncated=0 summary= arxiv= doi= url= "
	    "license= categories= journal= citekey= bibtype=",
	    "two real titles of one length: settled by content");
	store_paper_clear(&a);
	store_paper_clear(&b);

	paper_set(&a, "A much longer title that was derived from the abstract", true, "", "", false,
	          "", "");
	paper_set(&b, "Real", false, "", "", false, "", "");
	fields(
	    &a, &b,
	    "title=Real derived=0 stub=0 authors= abstract= truncated=0 summary= arxiv= doi= url= "
	    "license= categories= journal= citekey= bibtype=",
	    "a real title beats a longer derived one");
	store_paper_clear(&a);
	store_paper_clear(&b);

	paper_set(&a, "Derived one", true, "", "", false, "", "");
	paper_set(&b, "Derived, longer", true, "", "", false, "", "");
	fields(
	    &a, &b,
	    "title=Derived, longer derived=1 stub=0 authors= abstract= truncated=0 summary= arxiv= "
	    "doi= url= license= categories= journal= citekey= bibtype=",
	    "two derived titles: the longer, still derived");
	store_paper_clear(&a);
	store_paper_clear(&b);

	paper_set(&a, "", false, "", "", false, "", "");
	a.stub = true;
	paper_set(&b, "The real paper", false, "", "", false, "", "");
	fields(
	    &a, &b,
	    "title=The real paper derived=0 stub=0 authors= abstract= truncated=0 summary= arxiv= "
	    "doi= url= license= categories= journal= citekey= bibtype=",
	    "a stub and a paper: the paper's title, not a stub");
	b.stub = true;
	free(b.title);
	b.title = xstrdup("");
	fields(&a, &b, NULL, "two stubs");
	store_paper_clear(&a);
	store_paper_clear(&b);

	/* Authors */
	paper_set(&a, "T", false, "Ann Smith\nBob Jones", "", false, "", "");
	paper_set(&b, "T", false, "A. Smith\nB. Jones\nC. Chen", "", false, "", "");
	fields(&a, &b,
	       "title=T derived=0 stub=0 authors=A. Smith\nB. Jones\nC. Chen abstract= truncated=0 "
	       "summary= arxiv= doi= url= license= categories= journal= citekey= bibtype=",
	       "authors: more names win over longer names");
	store_paper_clear(&b);
	paper_set(&b, "T", false, "A. Smith\nB. Jones", "", false, "", "");
	fields(
	    &a, &b,
	    "title=T derived=0 stub=0 authors=Ann Smith\nBob Jones abstract= truncated=0 summary= "
	    "arxiv= doi= url= license= categories= journal= citekey= bibtype=",
	    "authors: as many names, the longer list");
	store_paper_clear(&b);
	paper_set(&b, "T", false, "Ann Smith\nBob Jonas", "", false, "", "");
	fields(
	    &a, &b,
	    "title=T derived=0 stub=0 authors=Ann Smith\nBob Jonas abstract= truncated=0 summary= "
	    "arxiv= doi= url= license= categories= journal= citekey= bibtype=",
	    "authors: same count and length, settled by content");
	store_paper_clear(&a);
	store_paper_clear(&b);

	/* Abstracts */
	paper_set(&a, "T", false, "", "A long snippet of the abstract that was cut off by the page",
	          true, "", "");
	paper_set(&b, "T", false, "", "A short complete abstract.", false, "", "");
	fields(&a, &b,
	       "title=T derived=0 stub=0 authors= abstract=A short complete abstract. truncated=0 "
	       "summary= arxiv= doi= url= license= categories= journal= citekey= bibtype=",
	       "abstracts: complete beats a longer truncated one");
	store_paper_clear(&a);
	store_paper_clear(&b);
	paper_set(&a, "T", false, "", "Cut short", true, "", "");
	paper_set(&b, "T", false, "", "Cut a bit later", true, "", "");
	fields(&a, &b,
	       "title=T derived=0 stub=0 authors= abstract=Cut a bit later truncated=1 summary= "
	       "arxiv= doi= url= license= categories= journal= citekey= bibtype=",
	       "abstracts: two truncated, the longer, still truncated");
	store_paper_clear(&a);
	store_paper_clear(&b);
	paper_set(&a, "T", false, "", "Complete one.", false, "", "");
	paper_set(&b, "T", false, "", "Complete two.", false, "", "");
	fields(&a, &b,
	       "title=T derived=0 stub=0 authors= abstract=Complete one. truncated=0 summary= "
	       "arxiv= doi= url= license= categories= journal= citekey= bibtype=",
	       "abstracts: two complete of one length, settled by content");
	store_paper_clear(&a);
	store_paper_clear(&b);
	paper_set(&a, "T", false, "", "", false, "", "");
	paper_set(&b, "T", false, "", "Only one has it...", true, "", "");
	fields(&a, &b,
	       "title=T derived=0 stub=0 authors= abstract=Only one has it... truncated=1 summary= "
	       "arxiv= doi= url= license= categories= journal= citekey= bibtype=",
	       "abstracts: one empty, the other kept with its flag");
	store_paper_clear(&a);
	store_paper_clear(&b);

	/* Identifiers and the other text fields */
	paper_set(&a, "T", false, "", "", false, "2205.14258", "");
	paper_set(&b, "T", false, "", "", false, "", "10.1000/xyz");
	free(a.url);
	a.url = xstrdup("http://arxiv.org/abs/2205.14258v5");
	free(a.license);
	a.license = xstrdup("http://creativecommons.org/licenses/by/4.0/");
	free(b.journal);
	b.journal = xstrdup("J. Symm.");
	free(b.categories);
	b.categories = xstrdup("cs.LG stat.ML");
	free(b.summary);
	b.summary = xstrdup("A summary.");
	fields(&a, &b,
	       "title=T derived=0 stub=0 authors= abstract= truncated=0 summary=A summary. "
	       "arxiv=2205.14258 doi=10.1000/xyz url=http://arxiv.org/abs/2205.14258v5 "
	       "license=http://creativecommons.org/licenses/by/4.0/ categories=cs.LG stat.ML "
	       "journal=J. Symm. citekey= bibtype=",
	       "identifiers: every non-empty one kept");
	store_paper_clear(&a);
	store_paper_clear(&b);

	paper_set(&a, "T", false, "", "", false, "", "");
	paper_set(&b, "T", false, "", "", false, "", "");
	free(a.citekey);
	a.citekey = xstrdup("smith2020");
	free(b.citekey);
	b.citekey = xstrdup("jones2021");
	free(a.bibtype);
	a.bibtype = xstrdup("article");
	free(b.bibtype);
	b.bibtype = xstrdup("inproceedings");
	fields(&a, &b, NULL, "two citation keys and entry types");
	store_paper_clear(&a);
	store_paper_clear(&b);

	/* Marks are left alone. */
	paper_set(&a, "T", false, "", "", false, "", "");
	paper_set(&b, "T", false, "", "", false, "", "");
	a.starred = true;
	a.read = true;
	merge_fields(&b, &a);
	ok(!b.starred && !b.read, "marks are not merged by merge_fields");
	store_paper_clear(&a);
	store_paper_clear(&b);

	/* NULL fields in `into` (a paper built by hand) are filled. */
	{
		struct store_paper n, f;
		memset(&n, 0, sizeof(n));
		paper_set(&f, "Title", false, "A. B", "Text.", false, "2101.00001", "10.1/x");
		merge_fields(&n, &f);
		ok(n.title && strcmp(n.title, "Title") == 0 && n.authors &&
		       strcmp(n.authors, "A. B") == 0 && n.abstract &&
		       strcmp(n.abstract, "Text.") == 0 && n.arxiv &&
		       strcmp(n.arxiv, "2101.00001") == 0 && n.doi && strcmp(n.doi, "10.1/x") == 0,
		   "merging into an empty paper takes every field");
		store_paper_clear(&n);
		store_paper_clear(&f);
	}
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	test_keys();
	test_ids();
	test_dates();
	test_arxiv_month();
	test_titles();
	test_fingerprints();
	test_sentences();
	test_fields();
	return done_testing();
}
