/*
 * import-atom: responses of the arXiv API (Atom 1.0 with arXiv's and
 * OpenSearch's extensions), streamed through expat.
 *
 *   <feed xmlns="http://www.w3.org/2005/Atom">
 *     <opensearch:totalResults>57</opensearch:totalResults> (startIndex, itemsPerPage)
 *     <entry>
 *       <id>http://arxiv.org/abs/2205.14258v5</id>
 *       <published>2022-05-27T17:00:10Z</published>    the first version
 *       <updated>2023-03-24T17:25:53Z</updated>        the version in the id
 *       <title>...</title> <summary>...</summary>      (hard line breaks)
 *       <author><name>Charles Godfrey</name><arxiv:affiliation>...</arxiv:affiliation></author>
 *       <arxiv:doi>...</arxiv:doi> <arxiv:journal_ref>...</arxiv:journal_ref> <arxiv:comment>...
 *       <link href="http://arxiv.org/abs/2205.14258v5" rel="alternate" type="text/html"/>
 *       <link title="pdf" href="..." rel="related" type="application/pdf"/>
 *       <arxiv:primary_category term="cs.LG"/> <category term="cs.LG"/> <category term="math.RT"/>
 *     </entry>
 *   </feed>
 *
 * The API reports a bad query as a feed whose one entry has an id under
 * http://arxiv.org/api/errors and the message as its summary: that is an
 * error here too. Entries become records one by one, so memory stays flat.
 * Affiliations and comments have no place in the library and are dropped.
 *
 * Must never: resolve external entities or read anything but the input.
 */
#include "config.h"

#include <expat.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "text.h"

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_ARXIV "http://arxiv.org/schemas/atom"
#define NS_OPENSEARCH "http://a9.com/-/spec/opensearch/1.1/"
#define ERROR_ID "http://arxiv.org/api/errors"
/* With XML_ParserCreateNS(.., ' '), names arrive as "URI local". */
#define SEP ' '
/* Bytes handed to expat at a time. */
#define CHUNK 65536
/* A feed is streamed, so its size has no limit, but what one entry makes
 * us hold does: the text of an element, the text of an entry (a million
 * <author> elements), the categories (each new one is compared with the
 * others), and what expat itself must buffer while nothing happens (a
 * comment or attribute of a gigabyte is one token). An arXiv abstract
 * has at most 1920 characters. */
#define ATOM_TEXT_MAX (1u << 20)
#define ATOM_ENTRY_MAX (4u << 20)
#define ATOM_CATEGORIES_MAX 4096
#define ATOM_QUIET_MAX (16u << 20)

enum field {
	F_NONE,
	F_ID,
	F_PUBLISHED,
	F_UPDATED,
	F_TITLE,
	F_SUMMARY,
	F_AUTHOR_NAME,
	F_AFFILIATION,
	F_DOI,
	F_JOURNAL,
	F_COMMENT,
	F_TOTAL,
	F_START,
	F_PER_PAGE,
};

static const struct {
	const char *name; /* namespace, SEP, local name */
	enum field f;
	int depth; /* of the element: 1 feed, 2 its children, ... */
} fields[] = {
	{NS_ATOM " id", F_ID, 3},
	{NS_ATOM " published", F_PUBLISHED, 3},
	{NS_ATOM " updated", F_UPDATED, 3},
	{NS_ATOM " title", F_TITLE, 3},
	{NS_ATOM " summary", F_SUMMARY, 3},
	{NS_ATOM " name", F_AUTHOR_NAME, 4},
	{NS_ARXIV " affiliation", F_AFFILIATION, 4},
	{NS_ARXIV " doi", F_DOI, 3},
	{NS_ARXIV " journal_ref", F_JOURNAL, 3},
	{NS_ARXIV " comment", F_COMMENT, 3},
	{NS_OPENSEARCH " totalResults", F_TOTAL, 2},
	{NS_OPENSEARCH " startIndex", F_START, 2},
	{NS_OPENSEARCH " itemsPerPage", F_PER_PAGE, 2},
};

struct atom {
	XML_Parser xp;
	struct import_input *in;
	const struct import_sink *sink;
	enum status ret; /* the first failure; parsing stops there */
	int depth;
	bool in_feed, in_entry, in_author;
	enum field field;
	struct buf text; /* the character data of the current field */
	/* The entry being read. */
	long line;
	struct buf id, published, updated, title, summary, authors, doi, journal, url, categories;
	struct buf primary;
	long entries;
	size_t entry_bytes; /* text kept for the current entry */
	/* OpenSearch figures, -1 when absent. */
	long total, start, per_page;
	/* Bytes handed to expat in all, and when it last called us. */
	uint64_t fed, last_event;
};

static enum status fail(struct atom *a, long line, const char *fmt, ...) ATTR_PRINTF(3, 4);
static enum status fail(struct atom *a, long line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (!a->ret)
		a->ret = import_error(a->in, line, "%s", b.s);
	buf_free(&b);
	XML_StopParser(a->xp, XML_FALSE);
	return a->ret;
}

static long here(const struct atom *a)
{
	return (long)XML_GetCurrentLineNumber(a->xp);
}

static const char *attr(const XML_Char **atts, const char *name)
{
	size_t i;

	for (i = 0; atts[i]; i += 2)
		if (strcmp(atts[i], name) == 0)
			return atts[i + 1];
	return NULL;
}

static void entry_reset(struct atom *a)
{
	struct buf *bufs[] = {&a->id,      &a->published, &a->updated, &a->title,
	                      &a->summary, &a->authors,   &a->doi,     &a->journal,
	                      &a->url,     &a->categories, &a->primary};
	size_t i;

	a->entry_bytes = 0;
	for (i = 0; i < ARRAY_SIZE(bufs); i++)
		buf_reset(bufs[i]);
}

/* Adds a category once, the primary one first; past ATOM_CATEGORIES_MAX
 * bytes of them the rest are dropped (no paper has that many). */
static void add_category(struct buf *cats, const char *term, bool first)
{
	char *t = text_squeeze(xstrdup(term));
	size_t n = strlen(t);
	const char *p = cats->s;

	if (cats->len + n >= ATOM_CATEGORIES_MAX) {
		free(t);
		return;
	}

	while (p && *p) {
		size_t k = strcspn(p, " ");
		if (k == n && memcmp(p, t, n) == 0) {
			free(t);
			return;
		}
		p += k + (p[k] == ' ');
	}
	if (*t && first) {
		char *rest = xstrdup(buf_str(cats));
		buf_reset(cats);
		buf_adds(cats, t);
		if (*rest) {
			buf_addc(cats, ' ');
			buf_adds(cats, rest);
		}
		free(rest);
	} else if (*t) {
		if (cats->len)
			buf_addc(cats, ' ');
		buf_adds(cats, t);
	}
	free(t);
}

static bool parse_count(const char *s, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	while (*end == ' ' || *end == '\n' || *end == '\t' || *end == '\r')
		end++;
	if (end == s || *end || v < 0)
		return false;
	*out = v;
	return true;
}

static void emit(struct atom *a)
{
	struct import_paper p;
	struct merge_date dates[2];
	char id[32];
	int version;
	int64_t handle;
	enum status ret;

	if (a->id.len)
		text_squeeze(a->id.s);
	if (util_startswith(buf_str(&a->id), ERROR_ID)) {
		char *msg = import_excerpt(buf_str(&a->summary), a->summary.len);
		fail(a, a->line, _("the arXiv API reported an error: %s"), msg);
		free(msg);
		return;
	}
	if (!a->id.len) {
		fail(a, a->line, "%s", _("entry without an <id>"));
		return;
	}
	if (!import_parse_arxiv(a->id.s, id, sizeof(id), &version)) {
		char *ex = import_excerpt(a->id.s, a->id.len);
		fail(a, a->line, _("\"%s\" is not an arXiv id"), ex);
		free(ex);
		return;
	}
	memset(&p, 0, sizeof(p));
	p.n_dates = 0;
	/* published is the first version; updated is the version the id
	 * names (the latest), when it is a later one. */
	if (a->published.len) {
		if (!import_parse_date(a->published.s, a->published.len, dates[0].date)) {
			char *ex = import_excerpt(a->published.s, a->published.len);
			fail(a, a->line, _("bad date \"%s\" in <%s>"), ex, "published");
			free(ex);
			return;
		}
		dates[0].version = 1;
		p.n_dates = 1;
	}
	if (a->updated.len && version > 1) {
		if (!import_parse_date(a->updated.s, a->updated.len, dates[p.n_dates].date)) {
			char *ex = import_excerpt(a->updated.s, a->updated.len);
			fail(a, a->line, _("bad date \"%s\" in <%s>"), ex, "updated");
			free(ex);
			return;
		}
		dates[p.n_dates++].version = version;
	}
	if (a->title.len)
		text_squeeze(a->title.s);
	if (a->summary.len)
		text_squeeze(a->summary.s);
	if (a->doi.len) {
		char *d = text_squeeze(a->doi.s);
		d[strcspn(d, " ")] = '\0';
	}
	if (a->journal.len)
		text_squeeze(a->journal.s);
	p.kind = IMPORT_RECORD;
	p.line = a->line;
	p.arxiv = id;
	p.doi = buf_str(&a->doi);
	p.title = buf_str(&a->title);
	p.authors = buf_str(&a->authors);
	p.abstract = buf_str(&a->summary);
	p.url = buf_str(&a->url);
	p.categories = buf_str(&a->categories);
	p.journal = buf_str(&a->journal);
	p.dates = dates;
	ret = a->sink->paper(a->sink->ctx, &p, &handle);
	if (ret) {
		a->ret = ret;
		XML_StopParser(a->xp, XML_FALSE);
		return;
	}
	a->entries++;
}

static void XMLCALL on_start(void *ctx, const XML_Char *name, const XML_Char **atts)
{
	struct atom *a = ctx;
	size_t i;

	a->depth++;
	a->last_event = a->fed;
	if (a->ret)
		return;
	if (a->depth == 1) {
		if (strcmp(name, NS_ATOM " feed") != 0) {
			fail(a, here(a), "%s", _("not an Atom feed (the root is not <feed>)"));
			return;
		}
		a->in_feed = true;
		return;
	}
	if (a->depth == 2 && strcmp(name, NS_ATOM " entry") == 0) {
		a->in_entry = true;
		a->line = here(a);
		entry_reset(a);
		return;
	}
	if (a->in_entry && a->depth == 3) {
		if (strcmp(name, NS_ATOM " author") == 0) {
			a->in_author = true;
		} else if (strcmp(name, NS_ATOM " link") == 0) {
			const char *rel = attr(atts, "rel"), *href = attr(atts, "href");
			if (href && (!rel || strcmp(rel, "alternate") == 0) && !a->url.len)
				buf_adds(&a->url, href);
		} else if (strcmp(name, NS_ARXIV " primary_category") == 0) {
			const char *term = attr(atts, "term");
			if (term)
				add_category(&a->categories, term, true);
		} else if (strcmp(name, NS_ATOM " category") == 0) {
			const char *term = attr(atts, "term");
			if (term)
				add_category(&a->categories, term, false);
		}
	}
	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		if (fields[i].depth != a->depth || strcmp(name, fields[i].name) != 0)
			continue;
		if ((fields[i].depth == 4) != a->in_author || (fields[i].depth >= 3) != a->in_entry)
			continue;
		a->field = fields[i].f;
		buf_reset(&a->text);
		return;
	}
}

static void XMLCALL on_text(void *ctx, const XML_Char *s, int len)
{
	struct atom *a = ctx;

	a->last_event = a->fed;
	if (a->field == F_NONE || a->ret)
		return;
	if (a->text.len + (size_t)len > ATOM_TEXT_MAX) {
		fail(a, here(a), _("an element with more than %u MB of text"), ATOM_TEXT_MAX >> 20);
		return;
	}
	buf_add(&a->text, s, (size_t)len);
}

static void end_field(struct atom *a)
{
	struct buf *to = NULL;
	long *count = NULL;

	switch (a->field) {
	case F_NONE: return;
	case F_ID: to = &a->id; break;
	case F_PUBLISHED: to = &a->published; break;
	case F_UPDATED: to = &a->updated; break;
	case F_TITLE: to = &a->title; break;
	case F_SUMMARY: to = &a->summary; break;
	case F_DOI: to = &a->doi; break;
	case F_JOURNAL: to = &a->journal; break;
	case F_AFFILIATION:
	case F_COMMENT: break;
	case F_AUTHOR_NAME: {
		char *name = text_squeeze(xstrdup(buf_str(&a->text)));
		if (*name) {
			if (a->authors.len)
				buf_addc(&a->authors, '\n');
			buf_adds(&a->authors, name);
		}
		free(name);
		break;
	}
	case F_TOTAL: count = &a->total; break;
	case F_START: count = &a->start; break;
	case F_PER_PAGE: count = &a->per_page; break;
	}
	if (a->in_entry) {
		a->entry_bytes += a->text.len;
		if (a->entry_bytes > ATOM_ENTRY_MAX) {
			fail(a, here(a), _("an entry with more than %u MB of text"),
			     ATOM_ENTRY_MAX >> 20);
			a->field = F_NONE;
			return;
		}
	}
	if (to) {
		buf_reset(to);
		buf_add(to, buf_str(&a->text), a->text.len);
	}
	if (count && !parse_count(buf_str(&a->text), count))
		fail(a, here(a), "%s", _("an OpenSearch figure that is not a number"));
	a->field = F_NONE;
}

static void XMLCALL on_end(void *ctx, const XML_Char *name)
{
	struct atom *a = ctx;

	a->last_event = a->fed;
	if (!a->ret) {
		end_field(a);
		if (a->in_entry && a->depth == 3 && strcmp(name, NS_ATOM " author") == 0)
			a->in_author = false;
		else if (a->in_entry && a->depth == 2)
			emit(a);
	}
	if (a->depth == 2)
		a->in_entry = false;
	a->depth--;
}

/* Entities declared in a DTD are refused: a feed has no need of them, and
 * they are how hostile XML makes a small file huge. */
static void XMLCALL on_entity(void *ctx, const XML_Char *name, int is_param,
                              const XML_Char *value, int value_len, const XML_Char *base,
                              const XML_Char *system_id, const XML_Char *public_id,
                              const XML_Char *notation)
{
	struct atom *a = ctx;

	(void)name, (void)is_param, (void)value, (void)value_len, (void)base;
	(void)system_id, (void)public_id, (void)notation;
	fail(a, here(a), "%s", _("entity declarations are not accepted in a feed"));
}

static enum status parse(struct import_input *in, const struct import_sink *sink)
{
	struct atom a;
	const char *line;
	size_t len;
	long lineno = 0;
	bool any = false;
	struct buf chunk = BUF_INIT;

	memset(&a, 0, sizeof(a));
	a.in = in;
	a.sink = sink;
	a.total = a.start = a.per_page = -1;
	a.xp = XML_ParserCreateNS(NULL, SEP);
	if (!a.xp)
		util_die("%s", _("out of memory"));
	XML_SetUserData(a.xp, &a);
	XML_SetElementHandler(a.xp, on_start, on_end);
	XML_SetCharacterDataHandler(a.xp, on_text);
	XML_SetEntityDeclHandler(a.xp, on_entity);
	/* Streamed in chunks of whole lines; expat counts the lines. */
	while (!a.ret && import_input_line(in, &line, &len, &lineno)) {
		any = true;
		buf_add(&chunk, line, len);
		buf_addc(&chunk, '\n');
		if (chunk.len < CHUNK)
			continue;
		a.fed += chunk.len;
		if (XML_Parse(a.xp, chunk.s, (int)chunk.len, XML_FALSE) == XML_STATUS_ERROR)
			break;
		buf_reset(&chunk);
		if (!a.ret && a.fed - a.last_event > ATOM_QUIET_MAX)
			a.ret = import_error(in, lineno, _("an XML token (a comment, tag or "
			                                   "declaration) longer than %u MB"),
			                     ATOM_QUIET_MAX >> 20);
	}
	if (!a.ret && XML_GetErrorCode(a.xp) == XML_ERROR_NONE && !import_input_error(in) && any)
		XML_Parse(a.xp, buf_str(&chunk), (int)chunk.len, XML_TRUE);
	buf_free(&chunk);
	if (!a.ret && XML_GetErrorCode(a.xp) != XML_ERROR_NONE)
		a.ret = import_error(in, (long)XML_GetCurrentLineNumber(a.xp), _("malformed XML: %s"),
		                     XML_ErrorString(XML_GetErrorCode(a.xp)));
	if (!a.ret)
		a.ret = import_input_error(in);
	if (!a.ret && !any)
		a.ret = import_error(in, 1, "%s", _("empty file"));
	if (!a.ret && !a.in_feed)
		a.ret = import_error(in, 1, "%s", _("not an Atom feed"));
	/* A page of a longer answer is fine, but say that it is one. */
	if (!a.ret && a.total > 0 && a.start >= 0 && a.start + a.entries < a.total)
		import_warn(in, 0, _("entries %ld to %ld of the %ld the query found (ask the API for "
		                  "the next page with start=%ld)"),
		            a.start + 1, a.start + a.entries, a.total, a.start + a.entries);
	{
		struct buf *bufs[] = {&a.text,    &a.id,      &a.published, &a.updated,
		                      &a.title,   &a.summary, &a.authors,   &a.doi,
		                      &a.journal, &a.url,     &a.categories, &a.primary};
		size_t i;
		for (i = 0; i < ARRAY_SIZE(bufs); i++)
			buf_free(bufs[i]);
	}
	XML_ParserFree(a.xp);
	return a.ret;
}

static int detect(const char *data, size_t len)
{
	bool feed = false, atom = false, arxiv = false;
	size_t i;
	const size_t n = len < 4096 ? len : 4096;

	for (i = 0; i < n; i++) {
		if (data[i] != '<' && data[i] != 'h')
			continue;
		if (n - i >= 5 && memcmp(data + i, "<feed", 5) == 0)
			feed = true;
		else if (n - i >= sizeof(NS_ATOM) - 1 && memcmp(data + i, NS_ATOM, sizeof(NS_ATOM) - 1) == 0)
			atom = true;
		else if (n - i >= sizeof(NS_ARXIV) - 1 &&
		         memcmp(data + i, NS_ARXIV, sizeof(NS_ARXIV) - 1) == 0)
			arxiv = true;
	}
	if (feed && atom)
		return arxiv ? 95 : 60;
	return 0;
}

const struct import_format import_format_atom = {
	"arxiv-atom",
	N_("arXiv API responses: Atom feeds of papers"),
	detect,
	parse,
	true,
};
