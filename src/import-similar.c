/*
 * import-similar: "similar papers" pages.
 *
 *   September 11, 2023          the subject's date   } optional header
 *   Similar papers 3                                 }
 *   December 20, 2014           a listed paper's date
 *   Why does Deep Learning ...  its abstract, often cut off with "..."
 *   ...                         (date, abstract) pairs to the end
 *
 * Every listed paper is linked to the subject as similar to it; entries of
 * one page are distinct papers (the page is a group). The grammar is
 * strict so that a damaged page is rejected with the line at fault rather
 * than half understood.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "text.h"

static bool blank(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	return n == 0;
}

/* The next non-blank line. */
static bool next_text(struct import_lines *l, const char **s, size_t *n, long *lineno)
{
	while (import_lines_next(l, s, n, lineno))
		if (!blank(*s, *n))
			return true;
	return false;
}

static bool is_similar_header(const char *s, size_t n)
{
	size_t k = strlen("Similar papers");

	if (n < k || util_strncasecmp(s, "Similar papers", k) != 0)
		return false;
	for (s += k, n -= k; n && (*s == ' ' || isdigit((unsigned char)*s)); s++, n--)
		;
	return n == 0;
}

static enum status parse(struct import_input *in, const struct import_sink *sink)
{
	struct import_lines l = {0};
	const char *s, *data;
	size_t n;
	long lineno;
	char subject[11] = "";
	int rank = 0;
	enum status ret;

	ret = import_input_all(in, &data, &l.len);
	if (ret)
		return ret;
	l.data = data;
	if (!next_text(&l, &s, &n, &lineno))
		return import_error(in, 1, _("empty file"));
	/* The optional header: the subject's date, then "Similar papers N". */
	{
		struct import_lines save = l;
		const char *s2;
		size_t n2;
		long ln2;
		char d[11];

		if (is_similar_header(s, n)) {
			if (!next_text(&l, &s, &n, &lineno))
				return import_error(in, lineno, _("no papers after the header"));
		} else if (import_parse_long_date(s, n, d) && next_text(&l, &s2, &n2, &ln2) &&
		           is_similar_header(s2, n2)) {
			memcpy(subject, d, sizeof(d));
			if (!next_text(&l, &s, &n, &lineno))
				return import_error(in, ln2, _("no papers after the header"));
		} else {
			l = save;
		}
	}
	ret = sink->group(sink->ctx, true);
	if (ret)
		return ret;
	do {
		struct merge_date date = {1, ""};
		struct import_paper p;
		const char *ab;
		size_t an;
		long abline, dateline = lineno;
		char *abstract, *e;
		int64_t handle;
		bool truncated = false;

		if (!import_parse_long_date(s, n, date.date)) {
			char *ex = import_excerpt(s, n);
			ret = import_error(in, lineno,
			                   _("expected a date like \"September 14, 2023\", found \"%s\""), ex);
			free(ex);
			return ret;
		}
		if (!next_text(&l, &ab, &an, &abline))
			return import_error(in, dateline,
			                    _("date without an abstract (the file looks truncated)"));
		{
			char tmp[11];
			if (import_parse_long_date(ab, an, tmp))
				return import_error(in, abline, _("expected the abstract of the paper dated on "
				                                  "line %ld, found another date"),
				                    dateline);
		}
		abstract = text_squeeze(xstrndup(ab, an));
		an = strlen(abstract);
		/* "..." (or "…") marks an abstract cut short by the page. */
		if (an >= 3 && strcmp(abstract + an - 3, "...") == 0) {
			abstract[an - 3] = '\0';
			truncated = true;
		} else if (an >= 3 && strcmp(abstract + an - 3, "\xE2\x80\xA6") == 0) {
			abstract[an - 3] = '\0';
			truncated = true;
		}
		for (e = abstract + strlen(abstract); e > abstract && e[-1] == ' '; e--)
			e[-1] = '\0';
		memset(&p, 0, sizeof(p));
		p.kind = IMPORT_LISTING;
		p.line = dateline;
		p.abstract = abstract;
		p.abstract_truncated = truncated;
		p.dates = &date;
		p.n_dates = 1;
		ret = sink->paper(sink->ctx, &p, &handle);
		free(abstract);
		if (ret)
			return ret;
		rank++;
		if (subject[0]) {
			ret = sink->subject_link(sink->ctx, subject, handle, rank);
			if (ret)
				return ret;
		}
	} while (next_text(&l, &s, &n, &lineno));
	return sink->group(sink->ctx, false);
}

static int detect(const char *data, size_t len)
{
	struct import_lines l = {data, len, 0, 0};
	const char *s;
	size_t n;
	long ln;
	char d[11];

	if (!next_text(&l, &s, &n, &ln))
		return 0;
	if (is_similar_header(s, n))
		return 80;
	if (!import_parse_long_date(s, n, d))
		return 0;
	if (!next_text(&l, &s, &n, &ln))
		return 30;
	if (is_similar_header(s, n))
		return 95;
	return import_parse_long_date(s, n, d) ? 20 : 70;
}

const struct import_format import_format_similar = {
	"similar",
	N_("similar-papers pages: a subject date, then dates and abstracts"),
	detect,
	parse,
	false,
};
