/*
 * import-arxiv: the arXiv metadata snapshot, one JSON object a line.
 *
 *   {"id":"0704.0001","submitter":"...","authors":"C. Bal\'azs, E. L. Berger",
 *    "title":"Calculation of ...\n  LHC energies","comments":"37 pages",
 *    "journal-ref":"Phys.Rev.D76:013009,2007","doi":"10.1103/PhysRevD.76.013009",
 *    "report-no":null,"categories":"hep-ph","license":null,
 *    "abstract":"  A fully differential ...\n","versions":[{"version":"v1",
 *    "created":"Mon, 2 Apr 2007 19:18:42 GMT"}],"update_date":"2008-11-26",
 *    "authors_parsed":[["Bal\u00e1zs","C.",""],["Berger","E. L.",""]]}
 *
 * Each line is parsed by SQLite's JSON parser (store_json_walk), so sheaf
 * carries no JSON parser of its own. The file is streamed a line at a
 * time: memory stays flat however large it is. A line that is not such a
 * record stops the import with "file:line: reason" (and the store sink
 * rolls the whole file back).
 *
 * Must never: guess at a malformed record (skip it, or take half of it),
 * or hold more than one record in memory.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "text.h"

/* The members of a record this importer reads; others are ignored. */
enum member {
	M_OTHER,
	M_ID,
	M_TITLE,
	M_ABSTRACT,
	M_AUTHORS,
	M_AUTHORS_PARSED,
	M_VERSIONS,
	M_DOI,
	M_LICENSE,
	M_CATEGORIES,
	M_JOURNAL,
};

static const struct {
	const char *name;
	enum member m;
} members[] = {
	{"id", M_ID},
	{"title", M_TITLE},
	{"abstract", M_ABSTRACT},
	{"authors", M_AUTHORS},
	{"authors_parsed", M_AUTHORS_PARSED},
	{"versions", M_VERSIONS},
	{"doi", M_DOI},
	{"license", M_LICENSE},
	{"categories", M_CATEGORIES},
	{"journal-ref", M_JOURNAL},
};

/* One record as it is walked. The buffers are reused from line to line. */
struct rec {
	struct import_input *in;
	long line;
	bool failed; /* an error was reported (with its line) */
	enum member member;
	struct buf id, title, abstract, authors_text, doi, license, categories, journal;
	bool has_id;
	/* authors_parsed: the names so far, one a line, and the entry being
	 * read ([last, first, suffix, affiliation...]). */
	struct buf authors, part[3];
	bool in_author;
	/* versions: the dates so far, and the entry being read. */
	struct merge_date *dates;
	size_t n_dates, cap_dates;
	bool in_version;
	int version;
	struct buf created;
	long version_index;
};

static const char *type_name(enum store_json_type t)
{
	switch (t) {
	case STORE_JSON_NULL: return "null";
	case STORE_JSON_TRUE:
	case STORE_JSON_FALSE: return _("a boolean");
	case STORE_JSON_INTEGER:
	case STORE_JSON_REAL: return _("a number");
	case STORE_JSON_TEXT: return _("a string");
	case STORE_JSON_ARRAY: return _("an array");
	case STORE_JSON_OBJECT: return _("an object");
	}
	return "?";
}

static enum status fail(struct rec *r, const char *fmt, ...) ATTR_PRINTF(2, 3);
static enum status fail(struct rec *r, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	enum status ret;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	r->failed = true;
	ret = import_error(r->in, r->line, "%s", b.s);
	buf_free(&b);
	return ret;
}

static enum status wrong_type(struct rec *r, const char *field, const struct store_json_node *n)
{
	return fail(r, _("\"%s\" must not be %s"), field, type_name(n->type));
}

/* A name part with its white space squeezed. */
static const char *part(struct buf *b)
{
	return b->len ? text_squeeze(b->s) : "";
}

/* "Last, First", "Last, Jr, First" (BibTeX's forms, as store.h wants), or
 * just the one part there is. */
static void author_flush(struct rec *r)
{
	const char *last, *first, *suffix;

	if (!r->in_author)
		return;
	r->in_author = false;
	last = part(&r->part[0]);
	first = part(&r->part[1]);
	suffix = part(&r->part[2]);
	if (!*last && !*first)
		return;
	if (r->authors.len)
		buf_addc(&r->authors, '\n');
	if (!*last) {
		buf_adds(&r->authors, first);
		return;
	}
	buf_adds(&r->authors, last);
	if (*suffix) {
		buf_adds(&r->authors, ", ");
		buf_adds(&r->authors, suffix);
	}
	if (*first) {
		buf_adds(&r->authors, ", ");
		buf_adds(&r->authors, first);
	}
}

static enum status version_flush(struct rec *r)
{
	struct merge_date *d;

	if (!r->in_version)
		return STATUS_OK;
	r->in_version = false;
	if (!r->created.len)
		return STATUS_OK; /* a version without a date says nothing */
	r->dates = xgrow(r->dates, &r->cap_dates, r->n_dates + 1, sizeof(*r->dates));
	d = &r->dates[r->n_dates];
	if (!import_parse_date(r->created.s, r->created.len, d->date)) {
		char *ex = import_excerpt(r->created.s, r->created.len);
		enum status ret = fail(r, _("bad date \"%s\" in \"%s\""), ex, "versions");
		free(ex);
		return ret;
	}
	d->version = r->version;
	r->n_dates++;
	return STATUS_OK;
}

/* "v3" -> 3; anything else is a version whose number is unknown (0). */
static int version_number(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	if (n < 2 || n > 6 || (s[0] != 'v' && s[0] != 'V'))
		return 0;
	for (i = 1; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static bool key_is(const struct store_json_node *n, const char *name)
{
	return n->key && n->key_len == strlen(name) && memcmp(n->key, name, n->key_len) == 0;
}

/* A string member: kept in b; null means unknown. */
static enum status take_text(struct rec *r, const struct store_json_node *n, struct buf *b,
                             const char *field)
{
	if (n->type == STORE_JSON_NULL)
		return STATUS_OK;
	if (n->type != STORE_JSON_TEXT)
		return wrong_type(r, field, n);
	buf_reset(b);
	buf_add(b, n->value, n->len);
	return STATUS_OK;
}

static enum status on_member(struct rec *r, const struct store_json_node *n)
{
	size_t i;

	r->member = M_OTHER;
	for (i = 0; i < ARRAY_SIZE(members); i++)
		if (key_is(n, members[i].name))
			r->member = members[i].m;
	switch (r->member) {
	case M_OTHER: return STATUS_OK;
	case M_ID:
		if (n->type != STORE_JSON_TEXT)
			return wrong_type(r, "id", n);
		r->has_id = true;
		return take_text(r, n, &r->id, "id");
	case M_TITLE: return take_text(r, n, &r->title, "title");
	case M_ABSTRACT: return take_text(r, n, &r->abstract, "abstract");
	case M_AUTHORS: return take_text(r, n, &r->authors_text, "authors");
	case M_DOI: return take_text(r, n, &r->doi, "doi");
	case M_LICENSE: return take_text(r, n, &r->license, "license");
	case M_CATEGORIES: return take_text(r, n, &r->categories, "categories");
	case M_JOURNAL: return take_text(r, n, &r->journal, "journal-ref");
	case M_AUTHORS_PARSED:
		if (n->type != STORE_JSON_ARRAY && n->type != STORE_JSON_NULL)
			return wrong_type(r, "authors_parsed", n);
		buf_reset(&r->authors);
		return STATUS_OK;
	case M_VERSIONS:
		if (n->type != STORE_JSON_ARRAY && n->type != STORE_JSON_NULL)
			return wrong_type(r, "versions", n);
		r->n_dates = 0;
		return STATUS_OK;
	}
	return STATUS_OK;
}

static enum status on_node(void *ctx, const struct store_json_node *n)
{
	struct rec *r = ctx;
	enum status ret;

	if (n->depth == 0) {
		if (n->type != STORE_JSON_OBJECT)
			return fail(r, _("expected a JSON object, found %s"), type_name(n->type));
		return STATUS_OK;
	}
	if (n->depth == 1) {
		author_flush(r);
		ret = version_flush(r);
		return ret ? ret : on_member(r, n);
	}
	if (r->member == M_AUTHORS_PARSED) {
		if (n->depth == 2) {
			author_flush(r);
			if (n->type != STORE_JSON_ARRAY)
				return wrong_type(r, "authors_parsed[]", n);
			r->in_author = true;
			buf_reset(&r->part[0]);
			buf_reset(&r->part[1]);
			buf_reset(&r->part[2]);
			return STATUS_OK;
		}
		if (n->depth == 3 && n->index < 3) {
			if (n->type == STORE_JSON_NULL)
				return STATUS_OK;
			if (n->type != STORE_JSON_TEXT)
				return wrong_type(r, "authors_parsed[][]", n);
			buf_add(&r->part[n->index], n->value, n->len);
		}
		/* Elements past the suffix are affiliations: not kept. */
		return STATUS_OK;
	}
	if (r->member == M_VERSIONS) {
		if (n->depth == 2) {
			ret = version_flush(r);
			if (ret)
				return ret;
			if (n->type != STORE_JSON_OBJECT)
				return wrong_type(r, "versions[]", n);
			r->in_version = true;
			r->version = 0;
			buf_reset(&r->created);
			return STATUS_OK;
		}
		if (n->depth == 3 && key_is(n, "version")) {
			if (n->type != STORE_JSON_TEXT && n->type != STORE_JSON_NULL)
				return wrong_type(r, "versions[].version", n);
			r->version = n->value ? version_number(n->value, n->len) : 0;
		} else if (n->depth == 3 && key_is(n, "created")) {
			return take_text(r, n, &r->created, "versions[].created");
		}
		return STATUS_OK;
	}
	return STATUS_OK;
}

static void rec_reset(struct rec *r, long line)
{
	struct buf *bufs[] = {&r->id,      &r->title,     &r->abstract,   &r->authors_text,
	                      &r->doi,     &r->license,   &r->categories, &r->journal,
	                      &r->authors, &r->created};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bufs); i++)
		buf_reset(bufs[i]);
	r->line = line;
	r->failed = false;
	r->member = M_OTHER;
	r->has_id = false;
	r->in_author = r->in_version = false;
	r->n_dates = 0;
}

static void rec_free(struct rec *r)
{
	struct buf *bufs[] = {&r->id,       &r->title,   &r->abstract,   &r->authors_text,
	                      &r->doi,      &r->license, &r->categories, &r->journal,
	                      &r->authors,  &r->created, &r->part[0],    &r->part[1],
	                      &r->part[2]};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bufs); i++)
		buf_free(bufs[i]);
	free(r->dates);
}

/* "A. One, B. Two and C. Three" -> one name a line: only for records
 * without authors_parsed. */
static void split_authors(struct buf *out, char *s)
{
	char *p = text_squeeze(s);

	while (*p) {
		char *comma = strchr(p, ','), *and = strstr(p, " and "), *end, *next;
		if (comma && (!and || comma < and)) {
			end = comma;
			next = comma + 1;
		} else if (and) {
			end = and;
			next = and + 5;
		} else {
			end = p + strlen(p);
			next = end;
		}
		*end = '\0';
		util_trim(p);
		if (*p) {
			if (out->len)
				buf_addc(out, '\n');
			buf_adds(out, p);
		}
		p = next;
		while (*p == ' ')
			p++;
	}
}

/* Hands a walked record to the sink. */
static enum status emit(struct rec *r, const struct import_sink *sink)
{
	struct import_paper p;
	char id[32], *url;
	int version;
	int64_t handle;
	enum status ret;

	if (!r->has_id)
		return fail(r, _("record without an \"%s\""), "id");
	if (!import_parse_arxiv(buf_str(&r->id), id, sizeof(id), &version)) {
		char *ex = import_excerpt(r->id.s, r->id.len);
		ret = fail(r, _("\"%s\" is not an arXiv id"), ex);
		free(ex);
		return ret;
	}
	if (!r->authors.len && r->authors_text.len)
		split_authors(&r->authors, r->authors_text.s);
	if (r->title.len)
		text_squeeze(r->title.s);
	if (r->abstract.len)
		text_squeeze(r->abstract.s);
	if (r->categories.len)
		text_squeeze(r->categories.s);
	if (r->doi.len) {
		/* A few records list several DOIs; the first is the paper's. */
		char *d = text_squeeze(r->doi.s);
		d[strcspn(d, " ")] = '\0';
	}
	url = xasprintf("https://arxiv.org/abs/%s", id);
	memset(&p, 0, sizeof(p));
	p.kind = IMPORT_RECORD;
	p.line = r->line;
	p.arxiv = id;
	p.doi = buf_str(&r->doi);
	p.title = buf_str(&r->title);
	p.authors = buf_str(&r->authors);
	p.abstract = buf_str(&r->abstract);
	p.url = url;
	p.license = buf_str(&r->license);
	p.categories = buf_str(&r->categories);
	p.journal = buf_str(&r->journal);
	p.dates = r->dates;
	p.n_dates = r->n_dates;
	ret = sink->paper(sink->ctx, &p, &handle);
	free(url);
	return ret;
}

static bool blank(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	return n == 0;
}

static enum status parse(struct import_input *in, const struct import_sink *sink)
{
	struct store_json *j;
	struct rec r;
	const char *line;
	size_t len;
	long lineno;
	enum status ret = store_json_open(&j);

	if (ret)
		return ret;
	memset(&r, 0, sizeof(r));
	r.in = in;
	while (import_input_line(in, &line, &len, &lineno)) {
		if (lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
			line += 3, len -= 3;
		if (blank(line, len))
			continue;
		rec_reset(&r, lineno);
		if (memchr(line, '\0', len)) {
			ret = fail(&r, "%s", _("a NUL byte: this is not a line of JSON"));
			break;
		}
		if (!text_utf8_valid(line, len)) {
			ret = fail(&r, "%s", _("not valid UTF-8 (JSON is always UTF-8)"));
			break;
		}
		ret = store_json_walk(j, line, len, on_node, &r);
		if (!ret) {
			author_flush(&r);
			ret = version_flush(&r);
		}
		if (ret && !r.failed) {
			char *msg = xstrdup(status_msg());
			ret = import_error(in, lineno, "%s", msg);
			free(msg);
		}
		if (!ret)
			ret = emit(&r, sink);
		if (ret)
			break;
	}
	if (!ret)
		ret = import_input_error(in);
	rec_free(&r);
	store_json_close(j);
	return ret;
}

static int detect(const char *data, size_t len)
{
	const char *end, *nl;
	size_t n;

	while (len && isspace((unsigned char)*data))
		data++, len--;
	if (!len || *data != '{')
		return 0;
	nl = memchr(data, '\n', len);
	n = nl ? (size_t)(nl - data) : len;
	end = data + n;
	/* The first record names its fields; look for the telling ones. */
	{
		bool id = false, versions = false, parsed = false, abstract = false;
		const char *p;
		for (p = data; p < end; p++) {
			if (*p != '"')
				continue;
			if ((size_t)(end - p) >= 4 && memcmp(p, "\"id\"", 4) == 0)
				id = true;
			else if ((size_t)(end - p) >= 10 && memcmp(p, "\"versions\"", 10) == 0)
				versions = true;
			else if ((size_t)(end - p) >= 16 && memcmp(p, "\"authors_parsed\"", 16) == 0)
				parsed = true;
			else if ((size_t)(end - p) >= 10 && memcmp(p, "\"abstract\"", 10) == 0)
				abstract = true;
		}
		if (id && (versions || parsed))
			return 95;
		if (id && abstract)
			return 70;
	}
	return 10;
}

const struct import_format import_format_arxiv = {
	"arxiv-json",
	N_("arXiv metadata snapshot: one JSON record a line"),
	detect,
	parse,
	true,
};
