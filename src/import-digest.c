/*
 * import-digest: arXiv digest records.
 *
 *   On the Symmetries of Deep Learning Models and their Internal    title,
 *   Representations                                                 wrapped
 *   - URL: http://arxiv.org/abs/2205.14258v5
 *   - Date: Fri, 24 Mar 2023 17:25:53 GMT
 *   - Title: ...   - Authors: ...   - Abstract summary: ...
 *   - Score: ...   - License: ...   - Abstract: ...   (values wrap)
 *   Related papers
 *   - Group Crosscoders for Mechanistic Analysis of Symmetry [0.0]
 *   summary lines
 *   arXiv Detail & Related papers (2024-10-31T17:47:01Z) - Next Title [1.85]
 *   ...
 *   This list is automatically generated ...      (boilerplate, ignored)
 *
 * A file may hold several records; each begins with its title lines just
 * above its "- URL:" line. Related titles wrap, and one entry's trailer
 * runs into the next entry's title on the same line.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "text.h"

#define TRAILER "arXiv Detail & Related papers ("
/* The lines of a file are indexed (24 bytes each) before its records are
 * read: a file of 64 MB of newlines would need 1.5 GB. Digest lines hold
 * 80 characters on average; a file with more lines than this is not a
 * digest, and its index stays under 50 MB. */
#define DIGEST_MAX_LINES (2u << 20)

struct line {
	const char *s;
	size_t n;
	long no;
};

static const char *const field_names[] = {"URL", "Date", "Title", "Authors", "Abstract summary",
                                          "Score", "License", "Abstract", NULL};
enum { F_URL, F_DATE, F_TITLE, F_AUTHORS, F_SUMMARY, F_SCORE, F_LICENSE, F_ABSTRACT, F_COUNT };

/* The field a line starts ("- Name: value"), or -1; *value is set to the
 * value's first byte. */
static int field_of(const struct line *l, size_t *value)
{
	size_t i;

	if (l->n < 3 || l->s[0] != '-' || l->s[1] != ' ')
		return -1;
	for (i = 0; field_names[i]; i++) {
		size_t k = strlen(field_names[i]);
		if (l->n >= 3 + k && memcmp(l->s + 2, field_names[i], k) == 0 && l->s[2 + k] == ':' &&
		    (l->n == 3 + k || l->s[3 + k] == ' ')) {
			*value = 3 + k;
			while (*value < l->n && l->s[*value] == ' ')
				(*value)++;
			return (int)i;
		}
	}
	return -1;
}

static bool line_is(const struct line *l, const char *what)
{
	size_t n = l->n;

	while (n && isspace((unsigned char)l->s[n - 1]))
		n--;
	return n == strlen(what) && memcmp(l->s, what, n) == 0;
}

static bool line_blank(const struct line *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!isspace((unsigned char)l->s[i]))
			return false;
	return true;
}

static bool line_has(const struct line *l, const char *what)
{
	size_t k = strlen(what), i;

	for (i = 0; i + k <= l->n; i++)
		if (memcmp(l->s + i, what, k) == 0)
			return true;
	return false;
}

/* The notices digest pages end with; they are not papers. Matched on
 * their own words, since an abstract's line may start "This site ...". */
static bool is_boilerplate(const struct line *l)
{
	static const char *const notices[] = {"This list is automatically generated",
	                                      "This site does not guarantee", NULL};
	size_t i;

	for (i = 0; notices[i]; i++)
		if (l->n >= strlen(notices[i]) && memcmp(l->s, notices[i], strlen(notices[i])) == 0)
			return true;
	return false;
}

/* Splits "A B, C D and E F" into one name a line. */
static char *split_authors(const char *s)
{
	struct buf b = BUF_INIT;
	char *copy = text_squeeze(xstrdup(s)), *p = copy;

	while (*p) {
		char *comma = strstr(p, ", "), *and = strstr(p, " and "), *end;
		size_t skip;
		if (comma && (!and || comma < and)) {
			end = comma;
			skip = 2;
		} else if (and) {
			end = and;
			skip = 5;
		} else {
			end = p + strlen(p);
			skip = 0;
		}
		{
			char save = *end;
			*end = '\0';
			util_trim(p);
			/* "Smith, Jr." : the suffix belongs to the name before it. */
			if (*p && b.len && (strcmp(p, "Jr.") == 0 || strcmp(p, "Jr") == 0 ||
			                    strcmp(p, "Sr.") == 0 || strcmp(p, "II") == 0 ||
			                    strcmp(p, "III") == 0)) {
				buf_adds(&b, ", ");
				buf_adds(&b, p);
			} else if (*p) {
				if (b.len)
					buf_addc(&b, '\n');
				buf_adds(&b, p);
			}
			*end = save;
		}
		p = end + skip;
		if (!skip)
			break;
	}
	free(copy);
	return buf_steal(&b);
}

/* A related entry's title is complete once it ends with "[score]". */
static bool title_complete(struct buf *title, double *score)
{
	char *t = title->s, *open, *end;
	size_t n;

	if (!t)
		return false;
	util_trim(t);
	title->len = strlen(t);
	n = title->len;
	if (n < 3 || t[n - 1] != ']')
		return false;
	open = strrchr(t, '[');
	if (!open || open + 1 >= t + n - 1)
		return false;
	*score = strtod(open + 1, &end);
	if (end != t + n - 1)
		return false;
	*open = '\0';
	util_trim(t);
	title->len = strlen(t);
	return true;
}

struct related {
	struct buf title, summary;
	double score;
	long line;
	int rank;
};

static enum status emit_related(struct import_input *in, const struct import_sink *sink,
                                int64_t main, struct related *r, const char *dateb, size_t daten,
                                long line)
{
	struct merge_date d = {1, ""};
	struct import_paper p;
	int64_t h;
	enum status ret;
	char *summary;

	if (!import_parse_date(dateb, daten, d.date)) {
		char *ex = import_excerpt(dateb, daten);
		ret = import_error(in, line, _("bad date \"%s\" in a related paper"), ex);
		free(ex);
		return ret;
	}
	if (!r->title.len)
		return import_error(in, r->line, _("related paper without a title"));
	/* strtod() also reads "inf", "nan" and 1e999 (as infinity), which no
	 * ranking of related papers can hold. */
	if (!isfinite(r->score))
		return import_error(in, r->line, _("related paper score is not a finite number"));
	summary = text_squeeze(xstrdup(buf_str(&r->summary)));
	memset(&p, 0, sizeof(p));
	p.kind = IMPORT_RELATED;
	p.line = r->line;
	p.title = r->title.s;
	p.summary = summary;
	p.dates = &d;
	p.n_dates = 1;
	ret = sink->paper(sink->ctx, &p, &h);
	free(summary);
	if (!ret)
		ret = sink->link(sink->ctx, main, h, STORE_LINK_DIGEST, r->score, true, r->rank);
	buf_reset(&r->title);
	buf_reset(&r->summary);
	return ret;
}

/* The related-papers list of one record: lines [from, to). */
static enum status parse_related(struct import_input *in, const struct import_sink *sink,
                                 int64_t main, const struct line *lines, size_t from, size_t to)
{
	enum { EXPECT, TITLE, SUMMARY, DONE } state = EXPECT;
	struct related r = {BUF_INIT, BUF_INIT, 0, 0, 0};
	enum status ret = STATUS_OK;
	size_t i;

	for (i = from; i < to && !ret && state != DONE; i++) {
		const char *s = lines[i].s;
		size_t n = lines[i].n;

		while (!ret) {
			if (state == EXPECT) {
				struct line l = {s, n, lines[i].no};
				if (line_blank(&l))
					break;
				if (n >= 2 && s[0] == '-' && s[1] == ' ') {
					buf_add(&r.title, s + 2, n - 2);
					r.line = lines[i].no;
					r.rank++;
					state = title_complete(&r.title, &r.score) ? SUMMARY : TITLE;
					break;
				}
				if (r.rank == 0 && !is_boilerplate(&l)) {
					char *ex = import_excerpt(s, n);
					ret = import_error(in, lines[i].no,
					                   _("expected a related paper \"- TITLE [SCORE]\", found \"%s\""),
					                   ex);
					free(ex);
					break;
				}
				state = DONE; /* boilerplate after the last entry */
				break;
			}
			if (state == TITLE) {
				if (lines[i].no - r.line >= 4) {
					ret = import_error(in, r.line,
					                   _("related paper title without a [score] at its end"));
					break;
				}
				buf_addc(&r.title, ' ');
				buf_add(&r.title, s, n);
				if (title_complete(&r.title, &r.score))
					state = SUMMARY;
				break;
			}
			/* SUMMARY: up to the trailer, which may carry the next title. */
			{
				struct line l = {s, n, lines[i].no};
				const char *t = NULL, *close;
				size_t k;

				if (line_has(&l, TRAILER)) {
					for (k = 0; k + strlen(TRAILER) <= n; k++)
						if (memcmp(s + k, TRAILER, strlen(TRAILER)) == 0) {
							t = s + k;
							break;
						}
				}
				if (!t) {
					buf_add(&r.summary, s, n);
					buf_addc(&r.summary, '\n');
					break;
				}
				buf_add(&r.summary, s, (size_t)(t - s));
				t += strlen(TRAILER);
				close = memchr(t, ')', (size_t)(s + n - t));
				if (!close) {
					ret = import_error(in, lines[i].no, _("unterminated \"%s\""), TRAILER);
					break;
				}
				ret = emit_related(in, sink, main, &r, t, (size_t)(close - t), lines[i].no);
				if (ret)
					break;
				n = (size_t)(s + n - close - 1);
				s = close + 1;
				while (n && *s == ' ')
					s++, n--;
				state = EXPECT;
				if (n == 0)
					break;
				if (n >= 2 && s[0] == '-' && s[1] == ' ')
					continue; /* the next entry starts on this line */
				{
					char *ex = import_excerpt(s, n);
					ret = import_error(in, lines[i].no,
					                   _("unexpected text \"%s\" after a related paper"), ex);
					free(ex);
				}
			}
		}
	}
	if (!ret && (state == TITLE || state == SUMMARY))
		ret = import_error(in, r.line,
		                   _("related paper \"%s\" has no \"%s...)\" line (the file looks "
		                     "truncated)"),
		                   buf_str(&r.title), TRAILER);
	buf_free(&r.title);
	buf_free(&r.summary);
	return ret;
}

/* How many lines above the URL line hold the record's title. */
static size_t header_lines(const struct line *lines, size_t url, size_t floor, const char *title)
{
	size_t k, best = 0;

	/* The lines whose joined text is the Title field, when there is one. */
	if (title && *title) {
		for (k = 1; k <= 4 && k <= url - floor; k++) {
			struct buf b = BUF_INIT;
			size_t j;
			for (j = url - k; j < url; j++) {
				buf_add(&b, lines[j].s, lines[j].n);
				buf_addc(&b, ' ');
			}
			text_squeeze(b.s);
			if (strcmp(b.s, title) == 0)
				best = k;
			buf_free(&b);
			if (best)
				return best;
		}
	}
	/* Else the non-blank lines just above, up to anything that is not a
	 * title (a trailer, boilerplate, a field, a blank line). */
	for (k = 0; k < 4 && url - k > floor; k++) {
		const struct line *l = &lines[url - k - 1];
		size_t v;
		if (line_blank(l) || is_boilerplate(l) || line_has(l, TRAILER) || field_of(l, &v) >= 0)
			break;
	}
	return k;
}

static enum status parse(struct import_input *in, const struct import_sink *sink)
{
	struct import_lines il = {0};
	struct line *lines = NULL;
	size_t nlines = 0, cap = 0, *urls = NULL, nurls = 0, ucap = 0, *heads, r;
	const char *data;
	enum status ret;
	char **titles;

	ret = import_input_all(in, &data, &il.len);
	if (ret)
		return ret;
	il.data = data;
	{
		const char *s;
		size_t n;
		long no;
		while (import_lines_next(&il, &s, &n, &no)) {
			size_t v;
			if (nlines == DIGEST_MAX_LINES) {
				free(lines);
				free(urls);
				return import_error(in, no, _("more than %u lines: not a digest file"),
				                    DIGEST_MAX_LINES);
			}
			lines = xgrow(lines, &cap, nlines + 1, sizeof(*lines));
			lines[nlines] = (struct line){s, n, no};
			if (field_of(&lines[nlines], &v) == F_URL) {
				urls = xgrow(urls, &ucap, nurls + 1, sizeof(*urls));
				urls[nurls++] = nlines;
			}
			nlines++;
		}
	}
	if (nurls == 0) {
		free(lines);
		return import_error(in, 1, _("no \"- URL:\" line: not a digest record"));
	}
	/* Find each record's Title field first: it tells where the title
	 * lines above the URL begin, and so where the previous record ends. */
	heads = xcalloc(nurls, sizeof(*heads));
	titles = xcalloc(nurls, sizeof(*titles));
	for (r = 0; r < nurls; r++) {
		size_t end = r + 1 < nurls ? urls[r + 1] : nlines, i, v;
		for (i = urls[r]; i < end; i++) {
			if (line_is(&lines[i], "Related papers"))
				break;
			if (field_of(&lines[i], &v) == F_TITLE) {
				struct buf b = BUF_INIT;
				buf_add(&b, lines[i].s + v, lines[i].n - v);
				for (i++; i < end && field_of(&lines[i], &v) < 0 &&
				          !line_is(&lines[i], "Related papers");
				     i++) {
					buf_addc(&b, ' ');
					buf_add(&b, lines[i].s, lines[i].n);
				}
				titles[r] = text_squeeze(buf_steal(&b));
				break;
			}
		}
		heads[r] = urls[r] - header_lines(lines, urls[r], r ? urls[r - 1] + 1 : 0, titles[r]);
	}
	for (r = 0; r < nurls && !ret; r++) {
		size_t end = r + 1 < nurls ? heads[r + 1] : nlines, i, related = end, v;
		struct buf f[F_COUNT];
		int cur = -1;
		char *header;

		memset(f, 0, sizeof(f));
		{
			struct buf h = BUF_INIT;
			for (i = heads[r]; i < urls[r]; i++) {
				buf_add(&h, lines[i].s, lines[i].n);
				buf_addc(&h, ' ');
			}
			header = text_squeeze(buf_steal(&h));
		}
		if (r == 0) {
			/* Nothing but blank lines may come before the first record. */
			for (i = 0; i < heads[0]; i++)
				if (!line_blank(&lines[i])) {
					char *ex = import_excerpt(lines[i].s, lines[i].n);
					ret = import_error(in, lines[i].no,
					                   _("unexpected text \"%s\" before the first record"), ex);
					free(ex);
					break;
				}
		}
		for (i = urls[r]; i < end && !ret; i++) {
			int k;
			if (line_is(&lines[i], "Related papers")) {
				related = i + 1;
				break;
			}
			/* A record without related papers: the notices end it. */
			if (is_boilerplate(&lines[i]))
				break;
			k = field_of(&lines[i], &v);
			if (k >= 0) {
				if (f[k].len) {
					ret = import_error(in, lines[i].no, _("\"- %s:\" given twice"), field_names[k]);
					break;
				}
				cur = k;
				buf_add(&f[k], lines[i].s + v, lines[i].n - v);
				if (!f[k].len)
					buf_addc(&f[k], ' ');
			} else if (cur >= 0) {
				buf_addc(&f[cur], '\n');
				buf_add(&f[cur], lines[i].s, lines[i].n);
			}
		}
		if (!ret) {
			struct import_paper p;
			struct merge_date d = {0, ""};
			char id[32] = "";
			int version = 0;
			char *authors = NULL, *title, *abstract, *summary, *url, *license;
			int64_t h;

			url = text_squeeze(xstrdup(buf_str(&f[F_URL])));
			title = text_squeeze(xstrdup(f[F_TITLE].len ? f[F_TITLE].s : header));
			abstract = text_squeeze(xstrdup(buf_str(&f[F_ABSTRACT])));
			summary = text_squeeze(xstrdup(buf_str(&f[F_SUMMARY])));
			license = text_squeeze(xstrdup(buf_str(&f[F_LICENSE])));
			memset(&p, 0, sizeof(p));
			if (!*url) {
				ret = import_error(in, lines[urls[r]].no, _("empty \"- URL:\""));
			} else if (!*abstract) {
				ret = import_error(in, lines[urls[r]].no,
				                   _("record without an \"- Abstract:\" (the file looks truncated)"));
			} else if (!*title) {
				ret = import_error(in, lines[urls[r]].no, _("record without a title"));
			} else if (f[F_DATE].len && !import_parse_date(f[F_DATE].s, f[F_DATE].len, d.date)) {
				char *ex = import_excerpt(f[F_DATE].s, f[F_DATE].len);
				ret = import_error(in, lines[urls[r]].no + 1, _("bad date \"%s\""), ex);
				free(ex);
			}
			if (!ret) {
				if (import_parse_arxiv(url, id, sizeof(id), &version))
					d.version = version;
				authors = split_authors(buf_str(&f[F_AUTHORS]));
				p.kind = IMPORT_DIGEST;
				p.line = lines[heads[r] < urls[r] ? heads[r] : urls[r]].no;
				p.arxiv = id;
				p.url = url;
				p.title = title;
				p.authors = authors;
				p.abstract = abstract;
				p.summary = summary;
				p.license = license;
				p.dates = &d;
				p.n_dates = d.date[0] ? 1 : 0;
				ret = sink->paper(sink->ctx, &p, &h);
				if (!ret && related < end)
					ret = parse_related(in, sink, h, lines, related, end);
			}
			free(authors);
			free(url);
			free(title);
			free(abstract);
			free(summary);
			free(license);
		}
		for (i = 0; i < F_COUNT; i++)
			buf_free(&f[i]);
		free(header);
	}
	for (r = 0; r < nurls; r++)
		free(titles[r]);
	free(titles);
	free(heads);
	free(urls);
	free(lines);
	return ret;
}

static int detect(const char *data, size_t len)
{
	struct import_lines l = {data, len, 0, 0};
	const char *s;
	size_t n, v;
	long no;
	int score = 0;

	while (import_lines_next(&l, &s, &n, &no) && no < 40) {
		struct line ln = {s, n, no};
		int k = field_of(&ln, &v);
		if (k == F_URL)
			score += 50;
		else if (k >= 0)
			score += 10;
		else if (line_has(&ln, TRAILER))
			score += 20;
	}
	return score > 100 ? 100 : score;
}

const struct import_format import_format_digest = {
	"digest",
	N_("arXiv digest records: URL, title, authors, abstract, related papers"),
	detect,
	parse,
	false,
};
