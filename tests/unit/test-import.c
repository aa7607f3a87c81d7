/*
 * test-import: the parsers of src/import.h through import_buffer_to()
 * with a recording sink, so that each input is compared with the exact
 * transcript of records and links it must give; and the date and arXiv
 * id helpers as tables of valid and invalid inputs.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "tap.h"

/* ---------------------------------------------------------------- the sink */

struct rec {
	struct buf log;
	int64_t next;
	int fail_at; /* fail the nth paper call with STATUS_DB (0: never) */
	int papers;
};

static void field(struct buf *b, const char *name, const char *v)
{
	const char *p;

	if (!v)
		return;
	buf_printf(b, " %s=", name);
	for (p = v; *p; p++) {
		if (*p == '\n')
			buf_addc(b, '|'); /* authors: one a line */
		else
			buf_addc(b, *p);
	}
}

static enum status rec_group(void *ctx, bool begin)
{
	struct rec *r = ctx;
	buf_adds(&r->log, begin ? "group begin\n" : "group end\n");
	return STATUS_OK;
}

static enum status rec_paper(void *ctx, const struct import_paper *p, int64_t *handle)
{
	static const char *const kinds[] = {"listing", "digest", "related", "record"};
	struct rec *r = ctx;
	size_t i;

	if (r->fail_at && ++r->papers == r->fail_at)
		return status_set(STATUS_DB, "sink refused");
	*handle = ++r->next;
	buf_printf(&r->log, "paper %lld %s line=%ld", (long long)*handle, kinds[p->kind], p->line);
	field(&r->log, "arxiv", p->arxiv && *p->arxiv ? p->arxiv : NULL);
	field(&r->log, "doi", p->doi);
	field(&r->log, "title", p->title);
	field(&r->log, "authors", p->authors && *p->authors ? p->authors : NULL);
	field(&r->log, "abstract", p->abstract);
	if (p->abstract_truncated)
		buf_adds(&r->log, " truncated");
	field(&r->log, "summary", p->summary && *p->summary ? p->summary : NULL);
	field(&r->log, "url", p->url);
	field(&r->log, "license", p->license && *p->license ? p->license : NULL);
	buf_adds(&r->log, " dates=");
	for (i = 0; i < p->n_dates; i++)
		buf_printf(&r->log, "%sv%d:%s", i ? "," : "", p->dates[i].version,
		           p->dates[i].date);
	buf_addc(&r->log, '\n');
	return STATUS_OK;
}

static enum status rec_link(void *ctx, int64_t from, int64_t to, enum store_link_kind kind,
                            double score, bool has_score, int rank)
{
	struct rec *r = ctx;

	buf_printf(&r->log, "link %lld->%lld %s", (long long)from, (long long)to,
	           store_link_kind_name(kind));
	if (has_score)
		buf_printf(&r->log, " score=%g", score);
	buf_printf(&r->log, " rank=%d\n", rank);
	return STATUS_OK;
}

static enum status rec_subject(void *ctx, const char *date, int64_t to, int rank)
{
	struct rec *r = ctx;

	buf_printf(&r->log, "subject %s->%lld rank=%d\n", date, (long long)to, rank);
	return STATUS_OK;
}

/* Parses data with format f; checks the status, the transcript, and (on
 * failure) that the message contains want_msg. */
static void parse(const struct import_format *f, const char *data, enum status want_st,
                  const char *want_log, const char *want_msg, const char *what)
{
	struct rec r;
	struct import_sink sink = {&r, rec_group, rec_paper, rec_link, rec_subject};
	enum status st;

	memset(&r, 0, sizeof(r));
	status_clear();
	st = import_buffer_to("test.txt", data, strlen(data), f, &sink);
	is_int(st, want_st, "%s: status", what);
	if (want_log)
		is_str(buf_str(&r.log), want_log, "%s: records", what);
	if (want_msg) {
		ok(st != STATUS_OK && strstr(status_msg(), want_msg) != NULL, "%s: message", what);
		if (st == STATUS_OK || !strstr(status_msg(), want_msg))
			printf("#   got:  \"%s\"\n#   want: \"%s\"\n", status_msg(), want_msg);
	}
	buf_free(&r.log);
}

#define SIMILAR (&import_format_similar)
#define DIGEST (&import_format_digest)

/* ---------------------------------------------------------------- similar pages */

static void test_similar(void)
{
	parse(SIMILAR,
	      "September 11, 2023\n"
	      "Similar papers 3\n"
	      "December 20, 2014\n"
	      "Why does Deep Learning work? What representations does it capture? ...\n"
	      "October 9, 2022\n"
	      "Symmetries built into a neural network have appeared to be very beneficial...\n"
	      "February 20, 2020\n"
	      "Learning from unordered sets is a fundamental learning setup.\n",
	      STATUS_OK,
	      "group begin\n"
	      "paper 1 listing line=3 abstract=Why does Deep Learning work? What representations "
	      "does it capture? truncated dates=v1:2014-12-20\n"
	      "subject 2023-09-11->1 rank=1\n"
	      "paper 2 listing line=5 abstract=Symmetries built into a neural network have "
	      "appeared to be very beneficial truncated dates=v1:2022-10-09\n"
	      "subject 2023-09-11->2 rank=2\n"
	      "paper 3 listing line=7 abstract=Learning from unordered sets is a fundamental "
	      "learning setup. dates=v1:2020-02-20\n"
	      "subject 2023-09-11->3 rank=3\n"
	      "group end\n",
	      NULL, "a page with its header");

	parse(SIMILAR,
	      "October 24, 2022\n"
	      "Equivariant networks capture the inductive bias...\n"
	      "July 10, 2023\n"
	      "Recent work has applied supervised deep learning \xE2\x80\xA6\n",
	      STATUS_OK,
	      "group begin\n"
	      "paper 1 listing line=1 abstract=Equivariant networks capture the inductive bias "
	      "truncated dates=v1:2022-10-24\n"
	      "paper 2 listing line=3 abstract=Recent work has applied supervised deep learning "
	      "truncated dates=v1:2023-07-10\n"
	      "group end\n",
	      NULL, "a page without a header, \"...\" and \"\xE2\x80\xA6\" cuts");

	parse(SIMILAR, "Similar papers\nMarch 3, 2021\nAn abstract.\n", STATUS_OK,
	      "group begin\n"
	      "paper 1 listing line=2 abstract=An abstract. dates=v1:2021-03-03\n"
	      "group end\n",
	      NULL, "a bare \"Similar papers\" header: no subject");
	parse(SIMILAR, "April 8, 2015\nsimilar PAPERS 12 \nMarch 3, 2021\nAn abstract.\n",
	      STATUS_OK,
	      "group begin\n"
	      "paper 1 listing line=3 abstract=An abstract. dates=v1:2021-03-03\n"
	      "subject 2015-04-08->1 rank=1\n"
	      "group end\n",
	      NULL, "the header in other case, with a trailing space");
	parse(
	    SIMILAR,
	    "\n\nApril 8, 2015\n\nSimilar papers 2\n\n\nMarch 3, 2021\n\n  An   abstract  \nMay 4, "
	    "2022\n\nSecond.\n\n\n",
	    STATUS_OK,
	    "group begin\n"
	    "paper 1 listing line=8 abstract=An abstract dates=v1:2021-03-03\n"
	    "subject 2015-04-08->1 rank=1\n"
	    "paper 2 listing line=11 abstract=Second. dates=v1:2022-05-04\n"
	    "subject 2015-04-08->2 rank=2\n"
	    "group end\n",
	    NULL, "blank lines: the line numbers are the file's");
	parse(SIMILAR,
	      "September 11, 2023\r\nSimilar papers 1\r\nDecember 20, 2014\r\nAn abstract...\r\n",
	      STATUS_OK,
	      "group begin\n"
	      "paper 1 listing line=3 abstract=An abstract truncated dates=v1:2014-12-20\n"
	      "subject 2023-09-11->1 rank=1\n"
	      "group end\n",
	      NULL, "CRLF line ends");
	parse(SIMILAR, "March 3, 2021\nNo newline at the end", STATUS_OK,
	      "group begin\n"
	      "paper 1 listing line=1 abstract=No newline at the end dates=v1:2021-03-03\n"
	      "group end\n",
	      NULL, "no newline at the end");
	parse(SIMILAR, "March 3, 2021\nTwo dots.. are not a cut\n", STATUS_OK,
	      "group begin\n"
	      "paper 1 listing line=1 abstract=Two dots.. are not a cut dates=v1:2021-03-03\n"
	      "group end\n",
	      NULL, "two dots are not a cut");
	parse(SIMILAR, "March 3, 2021\n...\n", STATUS_OK,
	      "group begin\n"
	      "paper 1 listing line=1 abstract= truncated dates=v1:2021-03-03\n"
	      "group end\n",
	      NULL, "an abstract that is only \"...\"");

	/* Leap days */
	parse(SIMILAR, "February 29, 2024\nLeap.\n", STATUS_OK,
	      "group begin\npaper 1 listing line=1 abstract=Leap. dates=v1:2024-02-29\ngroup end\n",
	      NULL, "February 29 of a leap year");
	parse(SIMILAR, "February 29, 2000\nLeap.\n", STATUS_OK, NULL, NULL,
	      "February 29, 2000 (divisible by 400)");
	parse(
	    SIMILAR, "February 29, 2023\nNot leap.\n", STATUS_PARSE, "group begin\n",
	    "test.txt:1: expected a date like \"September 14, 2023\", found \"February 29, 2023\"",
	    "February 29 of a common year");
	parse(SIMILAR, "March 3, 2021\nFine.\nFebruary 29, 1900\nNot leap.\n", STATUS_PARSE,
	      "group begin\npaper 1 listing line=1 abstract=Fine. dates=v1:2021-03-03\n",
	      "test.txt:3: expected a date", "February 29, 1900 (a century)");

	/* Broken pages */
	parse(SIMILAR, "December 20, 2014\nOctober 9, 2022\nabstract\n", STATUS_PARSE,
	      "group begin\n",
	      "test.txt:2: expected the abstract of the paper dated on line 1, found another date",
	      "a date where the abstract belongs");
	parse(
	    SIMILAR, "December 20, 2014\nAn abstract.\nSeptembre 14, 2023\nAnother.\n",
	    STATUS_PARSE, NULL,
	    "test.txt:3: expected a date like \"September 14, 2023\", found \"Septembre 14, 2023\"",
	    "a misspelt month");
	parse(SIMILAR, "September 11, 2023\nSimilar papers 3\nDecember 20, 2014\nAn abstract.\n"
	      "October 9, 2022\n",
	      STATUS_PARSE, NULL, "test.txt:5: date without an abstract (the file looks truncated)",
	      "a truncated page");
	parse(SIMILAR, "September 11, 2023\nSimilar papers 3\n\n", STATUS_PARSE, "",
	      "test.txt:2: no papers after the header", "a header and nothing else");
	parse(SIMILAR, "Similar papers 3\n", STATUS_PARSE, "",
	      "test.txt:1: no papers after the header", "a bare header and nothing else");
	parse(SIMILAR, "", STATUS_PARSE, "", "test.txt:1: empty file", "an empty file");
	parse(SIMILAR, "\n \n\t\n", STATUS_PARSE, "", "test.txt:1: empty file", "blank lines only");
	parse(SIMILAR, "Just some text\nand more\n", STATUS_PARSE, "group begin\n",
	      "test.txt:1: expected a date like \"September 14, 2023\", found \"Just some text\"",
	      "prose");
	parse(SIMILAR, "\x1b[2J\x01\xFF\n", STATUS_PARSE, "group begin\n",
	      "found \"^[[2J^A\xC3\xBF\"",
	      "binary garbage is quoted made safe (0xFF read as cp1252)");
	parse(SIMILAR,
	      "March 3, 2021\nA line long enough that the excerpt of it in the message is cut "
	      "to forty columns\nnot a date but a long line that goes on and on and on and on\n",
	      STATUS_PARSE, NULL,
	      "found \"not a date but a long line that goes on\xE2\x80\xA6\"",
	      "the excerpt in a message is cut to 40 columns");

	/* The sink's failure stops the parser and is returned. */
	{
		struct rec r;
		struct import_sink sink = {&r, rec_group, rec_paper, rec_link, rec_subject};
		static const char page[] =
		    "March 3, 2021\nOne.\nMarch 4, 2021\nTwo.\nMarch 5, 2021\nThree.\n";
		memset(&r, 0, sizeof(r));
		r.fail_at = 2;
		is_int(import_buffer_to("t", page, sizeof(page) - 1, SIMILAR, &sink), STATUS_DB,
		       "a failing sink: its status is returned");
		is_str(r.log.s,
		       "group begin\npaper 1 listing line=1 abstract=One. dates=v1:2021-03-03\n",
		       "... and nothing after it is parsed");
		buf_free(&r.log);
	}
}

/* ---------------------------------------------------------------- digests */

static const char digest_record[] =
	"On the Symmetries of Deep Learning Models and their Internal\n"
	"Representations\n"
	"- URL: http://arxiv.org/abs/2205.14258v5\n"
	"- Date: Fri, 24 Mar 2023 17:25:53 GMT\n"
	"- Title: On the Symmetries of Deep Learning Models and their Internal\n"
	"Representations\n"
	"- Authors: Charles Godfrey, Davis Brown, Tegan Emerson, Henry Kvinge\n"
	"- Abstract summary: We seek to connect the symmetries.\n"
	"Our work suggests more.\n"
	"- Score: 1.418465438044804\n"
	"- License: http://creativecommons.org/licenses/by/4.0/\n"
	"- Abstract: Symmetry is a fundamental tool in the exploration of a broad range of\n"
	"complex systems. In machine learning symmetry has been explored.\n"
	"Related papers\n"
	"- Group Crosscoders for Mechanistic Analysis of Symmetry [0.0]\n"
	"Group crosscoders systematically discover symmetrical features.\n"
	"We show more.\n"
	"arXiv Detail & Related papers (2024-10-31T17:47:01Z) - Symmetry From Scratch: Group "
	"Equivariance as a Supervised Learning Task [1.8570740863168362]\n"
	"In machine learning datasets with symmetries, the paradigm is to relax.\n"
	"arXiv Detail & Related papers (2024-10-05T00:44:09Z) - Deep Learning Symmetries and Their "
	"Lie Groups, Algebras, and Subalgebras\n"
	"from First Principles [55.41644538483948]\n"
	"We design a deep-learning algorithm.\n"
	"arXiv Detail & Related papers (2023-01-13T16:25:25Z)\n"
	"This list is automatically generated from the titles and abstracts of the papers in this "
	"site.\n"
	"This site does not guarantee the quality of this site (including all information) and is "
	"not responsible for any consequences.\n";

static const char digest_log[] =
    "paper 1 digest line=1 arxiv=2205.14258 title=On the Symmetries of Deep Learning Models and "
    "their Internal Representations authors=Charles Godfrey|Davis Brown|Tegan Emerson|Henry "
    "Kvinge abstract=Symmetry is a fundamental tool in the exploration of a broad range of "
    "complex systems. In machine learning symmetry has been explored. summary=We seek to connect "
    "the symmetries. Our work suggests more. url=http://arxiv.org/abs/2205.14258v5 "
    "license=http://creativecommons.org/licenses/by/4.0/ dates=v5:2023-03-24\n"
    "paper 2 related line=15 title=Group Crosscoders for Mechanistic Analysis of Symmetry "
    "summary=Group crosscoders systematically discover symmetrical features. We show more. "
    "dates=v1:2024-10-31\n"
    "link 1->2 digest score=0 rank=1\n"
    "paper 3 related line=18 title=Symmetry From Scratch: Group Equivariance as a Supervised "
    "Learning Task summary=In machine learning datasets with symmetries, the paradigm is to "
    "relax. dates=v1:2024-10-05\n"
    "link 1->3 digest score=1.85707 rank=2\n"
    "paper 4 related line=20 title=Deep Learning Symmetries and Their Lie Groups, Algebras, and "
    "Subalgebras from First Principles summary=We design a deep-learning algorithm. "
    "dates=v1:2023-01-13\n"
    "link 1->4 digest score=55.4164 rank=3\n";

static void test_digest(void)
{
	struct buf b = BUF_INIT, w = BUF_INIT;

	parse(DIGEST, digest_record, STATUS_OK, digest_log, NULL,
	      "a digest record: wrapped title and fields, related entries, trailers, boilerplate");

	/* Two records in one file, the first without related papers, the
	 * second's title lines right under the first one's abstract. */
	parse(
	    DIGEST,
	    "First Paper Title\n"
	    "- URL: http://arxiv.org/abs/2401.00001v1\n"
	    "- Date: Mon, 1 Jan 2024 10:00:00 GMT\n"
	    "- Title: First Paper Title\n"
	    "- Authors: A. One and B. Two\n"
	    "- Abstract: The first abstract\n"
	    "continues here.\n"
	    "Second Paper Title That\n"
	    "Wraps\n"
	    "- URL: http://arxiv.org/abs/math/0701001v2\n"
	    "- Title: Second Paper Title That\n"
	    "Wraps\n"
	    "- Authors: King, Jr., Martin, Ann Smith, Martin King, Jr. and Bo Li\n"
	    "- Abstract: The second abstract.\n",
	    STATUS_OK,
	    "paper 1 digest line=1 arxiv=2401.00001 title=First Paper Title authors=A. One|B. Two "
	    "abstract=The first abstract continues here. url=http://arxiv.org/abs/2401.00001v1 "
	    "dates=v1:2024-01-01\n"
	    "paper 2 digest line=8 arxiv=math/0701001 title=Second Paper Title That Wraps "
	    "authors=King, Jr.|Martin|Ann Smith|Martin King, Jr.|Bo Li abstract=The second "
	    "abstract. "
	    "url=http://arxiv.org/abs/math/0701001v2 dates=\n",
	    NULL, "two records in one file");

	/* Without a Title field the lines above the URL are the title. */
	parse(DIGEST,
	      "\n\nA Title Only\nAbove the URL\n- URL: https://example.org/paper/17\n"
	      "- Abstract: Text.\n",
	      STATUS_OK,
	      "paper 1 digest line=3 title=A Title Only Above the URL abstract=Text. "
	      "url=https://example.org/paper/17 dates=\n",
	      NULL, "no Title field; a URL that is not arXiv's");

	/* A related entry without a summary, and an empty field value. */
	parse(DIGEST,
	      "T\n- URL: http://arxiv.org/abs/2401.00001\n- License:\n- Abstract: A.\n"
	      "Related papers\n"
	      "- R1 [2]\n"
	      "arXiv Detail & Related papers (2023-01-13) - R2 [1]\n"
	      "S2.\n"
	      "arXiv Detail & Related papers (2023-01-14T00:00:00Z)\n",
	      STATUS_OK,
	      "paper 1 digest line=1 arxiv=2401.00001 title=T abstract=A. "
	      "url=http://arxiv.org/abs/2401.00001 dates=\n"
	      "paper 2 related line=6 title=R1 dates=v1:2023-01-13\n"
	      "link 1->2 digest score=2 rank=1\n"
	      "paper 3 related line=7 title=R2 summary=S2. dates=v1:2023-01-14\n"
	      "link 1->3 digest score=1 rank=2\n",
	      NULL, "a related entry without a summary; an empty License");

	/* A record without related papers, then boilerplate. */
	parse(DIGEST,
	      "T\n- URL: http://arxiv.org/abs/2401.00001\n- Abstract: The abstract.\n"
	      "This list is automatically generated from the titles and abstracts of the papers.\n"
	      "This site does not guarantee the quality of this site.\n",
	      STATUS_OK,
	      "paper 1 digest line=1 arxiv=2401.00001 title=T abstract=The abstract. "
	      "url=http://arxiv.org/abs/2401.00001 dates=\n",
	      NULL, "boilerplate after a record without related papers is not its abstract");

	/* CRLF */
	buf_adds(&b, digest_record);
	{
		size_t i;
		for (i = 0; i < b.len; i++) {
			if (b.s[i] == '\n')
				buf_addc(&w, '\r');
			buf_addc(&w, b.s[i]);
		}
	}
	parse(DIGEST, w.s, STATUS_OK, digest_log, NULL, "the digest record with CRLF line ends");
	buf_free(&b);
	buf_free(&w);

	/* Broken records */
	parse(DIGEST,
	      "A title\n- URL: http://arxiv.org/abs/2401.00001v1\n- Date: Mon, 1 Jan 2024 10:00:00 "
	      "GMT\n- Title: A title\n- Abstract: Some abstract text.\nRelated papers\n"
	      "- Another paper [1.5]\nIts summary.\n",
	      STATUS_PARSE, NULL,
	      "test.txt:7: related paper \"Another paper\" has no \"arXiv Detail & Related papers "
	      "(...)\" line (the file looks truncated)",
	      "a truncated related entry");
	parse(DIGEST,
	      "A title\n- URL: http://arxiv.org/abs/2401.00001v1\n- Title: A title\n"
	      "- Authors: A. Person\n",
	      STATUS_PARSE, "",
	      "test.txt:2: record without an \"- Abstract:\" (the file looks truncated)",
	      "a record without an abstract");
	parse(
	    DIGEST,
	    "A title\n- URL: http://arxiv.org/abs/2401.00001v1\n- Date: the day before yesterday\n"
	    "- Title: A title\n- Abstract: text\n",
	    STATUS_PARSE, "", "test.txt:3: bad date \"the day before yesterday\"", "a bad date");
	parse(
	    DIGEST,
	    "A title\n- URL: http://arxiv.org/abs/2401.00001v1\n- Date: Thu, 29 Feb 2023 10:00:00 "
	    "GMT\n- Abstract: text\n",
	    STATUS_PARSE, "", "test.txt:3: bad date", "February 29 of a common year");
	parse(DIGEST,
	      "T\n- URL: http://arxiv.org/abs/2401.00001\n- Abstract: A.\nRelated papers\n"
	      "- R1 [2]\nS1.\narXiv Detail & Related papers (2023-13-01T00:00:00Z)\n",
	      STATUS_PARSE, NULL,
	      "test.txt:7: bad date \"2023-13-01T00:00:00Z\" in a related paper",
	      "a related entry with a bad date");
	{
		/* strtod() reads these too; a score must be a finite number. */
		static const char *const bad[] = {"1e999", "nan", "-inf", "infinity"};
		size_t k;
		for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
			char *text = xasprintf(
			    "T\n- URL: http://arxiv.org/abs/2401.00001\n- Abstract: A.\nRelated papers\n"
			    "- R1 [%s]\nS1.\narXiv Detail & Related papers (2023-01-13T00:00:00Z)\n",
			    bad[k]);
			parse(DIGEST, text, STATUS_PARSE, NULL,
			      "test.txt:5: related paper score is not a finite number",
			      "a related paper's score that is not a finite number");
			free(text);
		}
	}
	parse(DIGEST,
	      "T\n- URL: http://arxiv.org/abs/2401.00001\n- Abstract: A.\nRelated papers\n"
	      "- R1 [2]\nS1.\narXiv Detail & Related papers (2023-01-13T00:00:00Z\n",
	      STATUS_PARSE, NULL, "test.txt:7: unterminated", "an unterminated trailer");
	parse(DIGEST,
	      "T\n- URL: http://arxiv.org/abs/2401.00001\n- Abstract: A.\nRelated papers\n"
	      "- R1 [2]\nS1.\narXiv Detail & Related papers (2023-01-13T00:00:00Z) junk\n",
	      STATUS_PARSE, NULL, "test.txt:7: unexpected text \"junk\" after a related paper",
	      "text after a trailer");
	parse(DIGEST,
	      "T\n- URL: http://arxiv.org/abs/2401.00001\n- Abstract: A.\nRelated papers\n"
	      "- No score here\nand no end either\nstill none\nreally\nnone\n",
	      STATUS_PARSE, NULL, "test.txt:5: related paper title without a [score] at its end",
	      "a related title that never ends with a score");
	parse(DIGEST,
	      "T\n- URL: http://arxiv.org/abs/2401.00001\n- Abstract: A.\nRelated papers\n"
	      "Not an entry\n",
	      STATUS_PARSE, NULL,
	      "test.txt:5: expected a related paper \"- TITLE [SCORE]\", found \"Not an entry\"",
	      "a related list that does not start with an entry");
	parse(DIGEST, "T\n- URL: http://arxiv.org/abs/2401.00001\n- Abstract: A.\n- Abstract: B.\n",
	      STATUS_PARSE, "", "test.txt:4: \"- Abstract:\" given twice", "a field given twice");
	parse(DIGEST, "T\n- URL:\n- Abstract: A.\n", STATUS_PARSE, "",
	      "test.txt:2: empty \"- URL:\"", "an empty URL");
	parse(DIGEST, "Stray words\n\nT\n- URL: http://arxiv.org/abs/2401.00001\n- Abstract: A.\n",
	      STATUS_PARSE, "",
	      "test.txt:1: unexpected text \"Stray words\" before the first record",
	      "text before the first record");
	parse(DIGEST, "- URL: http://arxiv.org/abs/2401.00001\n- Abstract: A.\n", STATUS_PARSE, "",
	      "test.txt:1: record without a title", "a record without any title");
	parse(DIGEST, "Just a title\n- Abstract: A.\n", STATUS_PARSE, "",
	      "test.txt:1: no \"- URL:\" line: not a digest record", "no URL line");
	parse(DIGEST, "", STATUS_PARSE, "", "test.txt:1: no \"- URL:\" line", "an empty file");
	parse(DIGEST, "September 11, 2023\nSimilar papers 3\nDecember 20, 2014\nText...\n",
	      STATUS_PARSE, "", "not a digest record",
	      "a similar page forced through the digest parser");
}

/* ---------------------------------------------------------------- detection */

static void test_detect(void)
{
	static const char similar_h[] =
	    "September 11, 2023\nSimilar papers 3\nDecember 20, 2014\nA.\n";
	static const char similar_n[] = "October 24, 2022\nEquivariant networks...\n";
	int i;

	ok(import_format_find("similar") == SIMILAR, "format \"similar\"");
	ok(import_format_find("digest") == DIGEST, "format \"digest\"");
	ok(import_format_find("bibtex") == NULL || import_format_find("bibtex") != SIMILAR,
	   "format lookup by exact name");
	ok(import_format_find("Similar") == NULL, "format names are exact");
	for (i = 0; import_formats[i]; i++)
		;
	ok(i >= 2, "at least two formats are known (%d)", i);
	is_int(SIMILAR->detect(similar_h, strlen(similar_h)), 95,
	       "similar: a page with its header");
	is_int(SIMILAR->detect(similar_n, strlen(similar_n)), 70,
	       "similar: a page without a header");
	is_int(SIMILAR->detect("Similar papers 3\n", 17), 80, "similar: a bare header");
	is_int(SIMILAR->detect("hello\n", 6), 0, "similar: prose");
	is_int(SIMILAR->detect(digest_record, strlen(digest_record)), 0, "similar: a digest");
	ok(DIGEST->detect(digest_record, strlen(digest_record)) >= 50, "digest: a digest record");
	is_int(DIGEST->detect(similar_h, strlen(similar_h)), 0, "digest: a similar page");
	is_int(DIGEST->detect("", 0), 0, "digest: nothing");
}

/* ---------------------------------------------------------------- helpers */

static void long_date(const char *in, const char *want)
{
	char out[11] = "unchanged";
	bool r = import_parse_long_date(in, strlen(in), out);

	if (want)
		ok(r && strcmp(out, want) == 0, "long date \"%s\" = %s (%s)", in, want,
		   r ? out : "false");
	else
		ok(!r, "long date \"%s\" is invalid (%s)", in, r ? out : "false");
}

static void any_date(const char *in, const char *want)
{
	char out[11] = "unchanged";
	bool r = import_parse_date(in, strlen(in), out);

	if (want)
		ok(r && strcmp(out, want) == 0, "date \"%s\" = %s (%s)", in, want,
		   r ? out : "false");
	else
		ok(!r, "date \"%s\" is invalid (%s)", in, r ? out : "false");
}

static void arxiv(const char *in, const char *want, int want_v)
{
	char id[32] = "";
	int v = -1;
	bool r = import_parse_arxiv(in, id, sizeof(id), &v);

	if (want)
		ok(r && strcmp(id, want) == 0 && v == want_v, "arXiv \"%s\" = %s v%d (%s v%d)", in,
		   want, want_v, r ? id : "false", v);
	else
		ok(!r, "arXiv \"%s\" is invalid (%s)", in, r ? id : "false");
}

static void test_helpers(void)
{
	long_date("September 14, 2023", "2023-09-14");
	long_date("Sep 14, 2023", "2023-09-14");
	long_date("Sept. 14, 2023", "2023-09-14");
	long_date("Sept 14, 2023", "2023-09-14");
	long_date("Sep. 14, 2023", "2023-09-14");
	long_date("september 14, 2023", "2023-09-14");
	long_date("SEPTEMBER 14, 2023", "2023-09-14");
	long_date("September 4, 2023", "2023-09-04");
	long_date("September 04, 2023", "2023-09-04");
	long_date("  September 14, 2023  ", "2023-09-14");
	long_date("September  14,   2023", "2023-09-14");
	long_date("September 14,2023", "2023-09-14");
	long_date("May 10, 2017", "2017-05-10");
	long_date("June 1, 2020", "2020-06-01");
	long_date("Jun 1, 2020", "2020-06-01");
	long_date("January 31, 2021", "2021-01-31");
	long_date("December 31, 1999", "1999-12-31");
	long_date("February 29, 2024", "2024-02-29");
	long_date("February 29, 2000", "2000-02-29");
	long_date("January 1, 1800", "1800-01-01");
	long_date("December 31, 2200", "2200-12-31");
	long_date("February 29, 2023", NULL);
	long_date("February 29, 1900", NULL);
	long_date("February 30, 2024", NULL);
	long_date("April 31, 2023", NULL);
	long_date("September 0, 2023", NULL);
	long_date("September 32, 2023", NULL);
	long_date("September 123, 2023", NULL);
	long_date("Septembre 14, 2023", NULL);
	long_date("Septe 14, 2023", NULL);
	long_date("Janu 14, 2023", NULL);
	long_date("Se 14, 2023", NULL);
	long_date("Sept. 14 2023", NULL);
	long_date("September 14, 23", NULL);
	long_date("September 14, 20233", NULL);
	long_date("September 14, 2023x", NULL);
	long_date("September 14, 2023, more", NULL);
	long_date("September14, 2023", NULL);
	long_date("14 September 2023", NULL);
	long_date("2023-09-14", NULL);
	long_date("December 31, 1799", NULL);
	long_date("January 1, 2201", NULL);
	long_date("", NULL);
	long_date("September", NULL);
	long_date("September 14,", NULL);
	long_date("Why does Deep Learning work?", NULL);
	{
		/* The length is respected: no read past it. */
		char out[11];
		ok(import_parse_long_date("May 1, 20234", 11, out) &&
		       strcmp(out, "2023-05-01") == 0,
		   "long date: only len bytes are read");
		ok(!import_parse_long_date("May 1, 2023", 9, out),
		   "long date: a cut year is invalid");
	}

	any_date("Fri, 24 Mar 2023 17:25:53 GMT", "2023-03-24");
	any_date("24 Mar 2023 17:25:53 GMT", "2023-03-24");
	any_date("Mon, 1 Jan 2024 10:00:00 GMT", "2024-01-01");
	any_date("Thu, 29 Feb 2024 10:00:00 GMT", "2024-02-29");
	any_date("24 March 2023", "2023-03-24");
	any_date("2024-10-31T17:47:01Z", "2024-10-31");
	any_date("2024-10-31", "2024-10-31");
	any_date("2024-10-31 17:47", "2024-10-31");
	any_date("  2024-10-31  ", "2024-10-31");
	any_date("2000-02-29", "2000-02-29");
	any_date("Wed, 29 Feb 2023 10:00:00 GMT", NULL);
	any_date("2023-02-29", NULL);
	any_date("2024-02-30", NULL);
	any_date("2024-13-01", NULL);
	any_date("2024-00-10", NULL);
	any_date("2024-10-31X", NULL);
	any_date("2024/10/31", NULL);
	any_date("Fri, 24 Foo 2023 17:25:53 GMT", NULL);
	any_date("24 Mar 23", NULL);
	any_date("the day before yesterday", NULL);
	any_date("", NULL);

	arxiv("2205.14258", "2205.14258", 0);
	arxiv("2205.14258v5", "2205.14258", 5);
	arxiv("1501.00001v12", "1501.00001", 12);
	arxiv("0704.0001", "0704.0001", 0);
	arxiv("arXiv:2205.14258v5", "2205.14258", 5);
	arxiv("ARXIV:2205.14258", "2205.14258", 0);
	arxiv("http://arxiv.org/abs/2205.14258v5", "2205.14258", 5);
	arxiv("https://arxiv.org/abs/2205.14258", "2205.14258", 0);
	arxiv("https://export.arxiv.org/abs/2205.14258v1?context=cs", "2205.14258", 1);
	arxiv("https://arxiv.org/abs/2205.14258#section", "2205.14258", 0);
	arxiv("https://arxiv.org/pdf/2205.14258v2.pdf", "2205.14258", 2);
	arxiv("https://arxiv.org/pdf/2205.14258.pdf", "2205.14258", 0);
	arxiv("https://arxiv.org/pdf/2205.14258v2", "2205.14258", 2);
	arxiv("2205.14258v5 and more", "2205.14258", 5);
	arxiv("math/0701001", "math/0701001", 0);
	arxiv("math/0701001v2", "math/0701001", 2);
	arxiv("arXiv:math/0701001", "math/0701001", 0);
	arxiv("math.AG/0701001", "math.AG/0701001", 0);
	arxiv("hep-th/9901001v3", "hep-th/9901001", 3);
	arxiv("http://arxiv.org/abs/hep-th/9901001", "hep-th/9901001", 0);
	arxiv("", NULL, 0);
	arxiv("garbage", NULL, 0);
	arxiv("2205.142", NULL, 0);
	arxiv("2205.142588", NULL, 0);
	arxiv("22051.4258", NULL, 0);
	arxiv("2205-14258", NULL, 0);
	arxiv("2205.14258v", NULL, 0);
	arxiv("2205.14258vx", NULL, 0);
	arxiv("2205.1425a", NULL, 0);
	arxiv("math/070100", NULL, 0);
	arxiv("math/07010011", NULL, 0);
	arxiv("ma th/0701001", NULL, 0);
	arxiv("m4th/0701001", NULL, 0);
	arxiv("/0701001", NULL, 0);
	arxiv("https://arxiv.org/abs/", NULL, 0);
	arxiv("http://example.org/2205.14258", NULL, 0);
	arxiv("10.1000/xyz", NULL, 0);
	{
		char small[8];
		int v;
		ok(!import_parse_arxiv("2205.14258", small, sizeof(small), &v),
		   "arXiv: an id longer than the buffer is refused");
	}
}

static void test_lines(void)
{
	static const char data[] = "one\r\ntwo\n\nlast";
	struct import_lines l = {data, sizeof(data) - 1, 0, 0};
	const char *s;
	size_t n;
	long no;
	struct buf b = BUF_INIT;
	char *ex;

	while (import_lines_next(&l, &s, &n, &no))
		buf_printf(&b, "%ld:[%.*s]", no, (int)n, s);
	is_str(b.s, "1:[one]2:[two]3:[]4:[last]",
	       "import_lines_next: CRLF, blank, no final newline");
	buf_free(&b);
	ex = import_excerpt("a\x1b[2Jb", 6);
	is_str(ex, "a^[[2Jb", "import_excerpt makes the line safe");
	free(ex);
	ex = import_excerpt("0123456789012345678901234567890123456789xyz", 43);
	is_str(ex, "012345678901234567890123456789012345678\xE2\x80\xA6",
	       "import_excerpt keeps 40 columns");
	free(ex);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	test_similar();
	test_digest();
	test_detect();
	test_helpers();
	test_lines();
	return done_testing();
}
