/*
 * fuzz-import: every importer through import_buffer_to() into a sink that
 * checks what import.h promises about records, links and groups, and that
 * fails on purpose half-way through a second pass, so that each parser's
 * way out after a refused record is run too (leaks live there).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bibtex.h"
#include "fuzz.h"
#include "import.h"
#include "text.h"

/* A message is a line a person reads: one screenful at most, however
 * long the faulty line or identifier was. */
#define MAX_MESSAGE 2048

struct check {
	const struct import_format *f;
	long lines;     /* lines of the input: no record starts after them */
	long last_line; /* records come in file order */
	int64_t next;   /* handles handed out are 1..next */
	bool in_group;
	long calls;     /* sink calls so far */
	long fail_at;   /* the call to refuse (0: none) */
	bool refused;   /* that call was made and refused */
};

/* Counts a sink call; true when this one is to be refused. */
static bool call(struct check *c, const char *what)
{
	if (c->refused)
		fuzz_fail("%s: %s called after the sink refused a call", c->f->name, what);
	c->calls++;
	if (c->calls == c->fail_at) {
		c->refused = true;
		return true;
	}
	return false;
}

static void check_string(const struct check *c, const char *s, const char *what)
{
	char name[64];

	if (!s)
		return;
	snprintf(name, sizeof(name), "%s: %s", c->f->name, what);
	fuzz_check_utf8(s, strlen(s), name);
}

/* A date of a record: YYYY, YYYY-MM or YYYY-MM-DD with real months and
 * days (the store sorts and compares them as text). */
static bool date_ok(const char *d, bool full)
{
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	size_t n = strnlen(d, 11);
	int m, day;

	if (n != 4 && n != 7 && n != 10)
		return false;
	if (full && n != 10)
		return false;
	if (strspn(d, "0123456789") != 4)
		return false;
	if (n == 4)
		return true;
	if (d[4] != '-' || strspn(d + 5, "0123456789") != 2)
		return false;
	m = (d[5] - '0') * 10 + (d[6] - '0');
	if (m < 1 || m > 12)
		return false;
	if (n == 7)
		return true;
	if (d[7] != '-' || strspn(d + 8, "0123456789") != 2)
		return false;
	day = (d[8] - '0') * 10 + (d[9] - '0');
	return day >= 1 && day <= days[m - 1];
}

static enum status c_group(void *ctx, bool begin)
{
	struct check *c = ctx;

	if (c->f->standalone)
		fuzz_fail("%s: a standalone format grouped records", c->f->name);
	if (begin == c->in_group)
		fuzz_fail("%s: group(%s) while %s a group", c->f->name, begin ? "begin" : "end",
		          c->in_group ? "in" : "outside");
	if (call(c, "group"))
		return status_set(STATUS_DB, "sink refused a group");
	c->in_group = begin;
	return STATUS_OK;
}

static enum status c_paper(void *ctx, const struct import_paper *p, int64_t *handle)
{
	struct check *c = ctx;
	size_t i;

	if (!p)
		fuzz_fail("%s: paper(NULL)", c->f->name);
	if ((int)p->kind < IMPORT_LISTING || p->kind > IMPORT_RECORD)
		fuzz_fail("%s: record kind %d", c->f->name, (int)p->kind);
	if (p->line < 1 || p->line > c->lines)
		fuzz_fail("%s: a record on line %ld of %ld", c->f->name, p->line, c->lines);
	if (p->line < c->last_line)
		fuzz_fail("%s: a record on line %ld after one on line %ld", c->f->name, p->line,
		          c->last_line);
	c->last_line = p->line;
	check_string(c, p->arxiv, "arxiv");
	check_string(c, p->doi, "doi");
	check_string(c, p->title, "title");
	check_string(c, p->authors, "authors");
	check_string(c, p->abstract, "abstract");
	check_string(c, p->summary, "summary");
	check_string(c, p->url, "url");
	check_string(c, p->license, "license");
	check_string(c, p->categories, "categories");
	check_string(c, p->journal, "journal");
	check_string(c, p->bibtype, "bibtype");
	check_string(c, p->citekey, "citekey");
	if (p->arxiv && *p->arxiv) {
		/* An id is stored without its version and must read back as itself. */
		char id[64];
		int version;
		if (!import_parse_arxiv(p->arxiv, id, sizeof(id), &version) ||
		    strcmp(id, p->arxiv) != 0 || version != 0)
			fuzz_fail("%s: arXiv id \"%s\" does not read back", c->f->name, p->arxiv);
	}
	if (p->citekey && *p->citekey && !bibtex_key_valid(p->citekey))
		fuzz_fail("%s: citation key \"%s\" cannot be written back", c->f->name, p->citekey);
	if (p->n_dates && !p->dates)
		fuzz_fail("%s: %zu dates without an array", c->f->name, p->n_dates);
	for (i = 0; i < p->n_dates; i++) {
		if (p->dates[i].version < 0)
			fuzz_fail("%s: version %d", c->f->name, p->dates[i].version);
		if (p->dates[i].date[0] && !date_ok(p->dates[i].date, false))
			fuzz_fail("%s: bad date \"%.11s\"", c->f->name, p->dates[i].date);
	}
	if (p->n_fields && !p->fields)
		fuzz_fail("%s: %zu fields without an array", c->f->name, p->n_fields);
	for (i = 0; i < p->n_fields; i++) {
		const char *n = p->fields[i].name;
		if (!n || !*n || !p->fields[i].value)
			fuzz_fail("%s: a field without a name or value", c->f->name);
		for (; *n; n++)
			if (*n >= 'A' && *n <= 'Z')
				fuzz_fail("%s: field name \"%s\" not in lower case", c->f->name,
				          p->fields[i].name);
		check_string(c, p->fields[i].value, "field value");
	}
	if (call(c, "paper"))
		return status_set(STATUS_DB, "sink refused a paper");
	*handle = ++c->next;
	return STATUS_OK;
}

static void check_handle(const struct check *c, int64_t h, const char *what)
{
	if (h < 1 || h > c->next)
		fuzz_fail("%s: %s names handle %lld, never handed out (last %lld)", c->f->name, what,
		          (long long)h, (long long)c->next);
}

static enum status c_link(void *ctx, int64_t from, int64_t to, enum store_link_kind kind,
                          double score, bool has_score, int rank)
{
	struct check *c = ctx;

	if (c->f->standalone)
		fuzz_fail("%s: a standalone format linked records", c->f->name);
	check_handle(c, from, "link from");
	check_handle(c, to, "link to");
	if (kind != STORE_LINK_SIMILAR && kind != STORE_LINK_DIGEST)
		fuzz_fail("%s: link kind %d from a file", c->f->name, (int)kind);
	if (has_score && !isfinite(score))
		fuzz_fail("%s: score %g", c->f->name, score);
	if (rank < 0)
		fuzz_fail("%s: rank %d", c->f->name, rank);
	if (call(c, "link"))
		return status_set(STATUS_DB, "sink refused a link");
	return STATUS_OK;
}

static enum status c_subject(void *ctx, const char *date, int64_t to, int rank)
{
	struct check *c = ctx;

	if (c->f->standalone)
		fuzz_fail("%s: a standalone format linked a subject", c->f->name);
	if (!date || !date_ok(date, true))
		fuzz_fail("%s: subject date \"%.11s\"", c->f->name, date ? date : "(null)");
	check_handle(c, to, "subject link to");
	if (rank < 0)
		fuzz_fail("%s: rank %d", c->f->name, rank);
	if (call(c, "subject_link"))
		return status_set(STATUS_DB, "sink refused a subject link");
	return STATUS_OK;
}

/* One parse of the input; returns the number of sink calls it made. */
static long parse_once(const struct import_format *f, const char *data, size_t size, long lines,
                       long fail_at)
{
	struct check c;
	struct import_sink sink = {&c, c_group, c_paper, c_link, c_subject};
	enum status ret;
	const char *msg;

	memset(&c, 0, sizeof(c));
	c.f = f;
	c.lines = lines;
	c.fail_at = fail_at;
	status_clear();
	ret = import_buffer_to("fuzz-input", data, size, f, &sink);
	if (c.refused && ret != STATUS_DB)
		fuzz_fail("%s: the sink refused call %ld, yet the parse returned %d (%s)", f->name,
		          fail_at, (int)ret, status_msg());
	if (ret == STATUS_OK && c.in_group)
		fuzz_fail("%s: a group still open at the end", f->name);
	if (ret != STATUS_OK) {
		/* An error names the input first ("fuzz-input:LINE: reason"). */
		msg = status_msg();
		if (!c.refused && !util_startswith(msg, "fuzz-input"))
			fuzz_fail("%s: error without the input's name: \"%.200s\"", f->name, msg);
		if (strlen(msg) > MAX_MESSAGE)
			fuzz_fail("%s: an error message of %zu bytes", f->name, strlen(msg));
	}
	return c.calls;
}

static void fuzz_import(const struct import_format *f, const uint8_t *data, size_t size)
{
	char *copy = xmalloc(size + 1);
	long lines = 1, calls;
	size_t i;
	int score;

	fuzz_init();
	memcpy(copy, data, size);
	copy[size] = '\0';
	/* XML counts a lone CR as a line end too: count both, for a bound. */
	for (i = 0; i < size; i++)
		lines += data[i] == '\n' || data[i] == '\r';
	/* Detection sees the head of any file, NUL-terminated. */
	score = f->detect(copy, size);
	if (score < 0 || score > 100)
		fuzz_fail("%s: detection score %d", f->name, score);
	calls = parse_once(f, copy, size, lines, 0);
	if (calls > 0)
		parse_once(f, copy, size, lines, calls / 2 + 1);
	free(copy);
}

void fuzz_similar(const uint8_t *data, size_t size)
{
	fuzz_import(&import_format_similar, data, size);
}

void fuzz_digest(const uint8_t *data, size_t size)
{
	fuzz_import(&import_format_digest, data, size);
}

void fuzz_bibtex(const uint8_t *data, size_t size)
{
	fuzz_import(&import_format_bibtex, data, size);
}

void fuzz_arxiv(const uint8_t *data, size_t size)
{
	fuzz_import(&import_format_arxiv, data, size);
}

void fuzz_atom(const uint8_t *data, size_t size)
{
	fuzz_import(&import_format_atom, data, size);
}
