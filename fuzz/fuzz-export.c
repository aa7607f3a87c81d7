/*
 * fuzz-export: the BibTeX writer. The input describes papers; they are
 * put into an in-memory library as an importer would leave them, written
 * with every combination of --ascii, --abstract and --all-fields, and the
 * text is read back by our own parser: every entry comes back, without a
 * warning, braces balance, and (with --all-fields, the lossless form) a
 * second round through a library writes the same text again.
 *
 * Input: papers separated by 0x1E, fields of a paper by 0x1F, in the
 * order of `slots` below; fields after those are stored BibTeX fields
 * "name=value". Fields an importer checks (arXiv id, date, citation key,
 * entry type, field names) are kept only when they are what an importer
 * would let through; free text is taken as it comes, any bytes.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bibtex.h"
#include "fuzz.h"
#include "import.h"
#include "text.h"

enum slot {
	S_TITLE,
	S_AUTHORS,
	S_ABSTRACT,
	S_JOURNAL,
	S_URL,
	S_DOI,
	S_ARXIV,
	S_DATE,
	S_CITEKEY,
	S_BIBTYPE,
	S_CATEGORIES,
	S_FLAGS, /* 'd' derived title, 't' truncated abstract, 's' stub */
	S__COUNT
};

struct piece {
	const char *s;
	size_t n;
};

/* Splits [s, s+n) at sep into at most max pieces (the last takes the
 * rest when there are more). */
static size_t split(const char *s, size_t n, char sep, struct piece *out, size_t max)
{
	size_t k = 0;

	while (k < max) {
		const char *e = k + 1 < max ? memchr(s, sep, n) : NULL;
		size_t len = e ? (size_t)(e - s) : n;
		out[k].s = s;
		out[k++].n = len;
		if (!e)
			break;
		s += len + 1;
		n -= len + 1;
	}
	return k;
}

static bool date_ok(const char *d)
{
	char tmp[11];

	/* Dates reach the library through import_parse_date() or a BibTeX
	 * year (and month). */
	if (strlen(d) == 4)
		return strspn(d, "0123456789") == 4 && d[0] != '0';
	if (strlen(d) == 7)
		return strspn(d, "0123456789") == 4 && d[4] == '-' && strspn(d + 5, "0123456789") == 2 &&
		       atoi(d + 5) >= 1 && atoi(d + 5) <= 12;
	return import_parse_date(d, strlen(d), tmp) && strcmp(tmp, d) == 0;
}

/* A BibTeX field name as import-bibtex.c reads one (lower case, none of
 * "#%'(),={} or white space), and none it takes into a column. */
static bool field_name_ok(const char *s)
{
	static const char *const columns[] = {"title", "author", "abstract", "journal", "url", NULL};
	size_t i;

	/* Files are read as UTF-8, so names are whole characters. */
	if (!*s || !text_utf8_valid(s, strlen(s)))
		return false;
	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c == 0x7F || strchr("\"#%'(),={}", c) || isupper(c))
			return false;
	}
	for (i = 0; columns[i]; i++)
		if (strcmp(s, columns[i]) == 0)
			return false;
	return true;
}

/* Puts one paper described by p (fields [0, np)) into the library. */
static void add_paper(struct store *st, const struct piece *p, size_t np)
{
	struct store_paper sp;
	char *f[S__COUNT];
	size_t i;

	for (i = 0; i < S__COUNT; i++)
		f[i] = i < np ? xstrndup(p[i].s, p[i].n) : xstrdup("");
	memset(&sp, 0, sizeof(sp));
	sp.title = f[S_TITLE];
	sp.authors = f[S_AUTHORS];
	sp.abstract = f[S_ABSTRACT];
	sp.journal = f[S_JOURNAL];
	sp.url = f[S_URL];
	sp.categories = f[S_CATEGORIES];
	for (char *c = f[S_DOI]; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	sp.doi = f[S_DOI];
	{
		char id[32];
		int version;
		if (*f[S_ARXIV] && import_parse_arxiv(f[S_ARXIV], id, sizeof(id), &version))
			sp.arxiv = xstrdup(id);
		else
			sp.arxiv = xstrdup("");
		free(f[S_ARXIV]);
	}
	sp.date = date_ok(f[S_DATE]) ? xstrdup(f[S_DATE]) : xstrdup("");
	free(f[S_DATE]);
	sp.citekey = bibtex_key_valid(f[S_CITEKEY]) ? xstrdup(f[S_CITEKEY]) : xstrdup("");
	free(f[S_CITEKEY]);
	for (char *c = f[S_BIBTYPE]; *c; c++)
		if (!islower((unsigned char)*c))
			f[S_BIBTYPE][0] = '\0';
	sp.bibtype = f[S_BIBTYPE];
	sp.title_derived = strchr(f[S_FLAGS], 'd') != NULL;
	sp.abstract_truncated = strchr(f[S_FLAGS], 't') != NULL;
	sp.stub = strchr(f[S_FLAGS], 's') != NULL;
	/* Uniqueness (arXiv id, DOI, citation key) may refuse a paper: then
	 * the library simply has one paper fewer. */
	if (store_paper_insert(st, &sp) == STATUS_OK) {
		struct store_version v = {0, ""};
		if (*sp.date && strlen(sp.date) < sizeof(v.date)) {
			strcpy(v.date, sp.date);
			store_versions_add(st, sp.id, &v, 1, false);
		}
		for (i = S__COUNT; i < np; i++) {
			char *fv = xstrndup(p[i].s, p[i].n), *eq = strchr(fv, '=');
			if (eq) {
				*eq = '\0';
				if (field_name_ok(fv) && eq[1])
					store_bibfield_put(st, sp.id, fv, eq + 1);
			}
			free(fv);
		}
	}
	free(f[S_FLAGS]);
	store_paper_clear(&sp);
}

static enum status to_buf(void *ctx, const char *s, size_t n)
{
	buf_add(ctx, s, n);
	return STATUS_OK;
}

static void count_warning(void *ctx, const char *msg)
{
	long *n = ctx;

	(void)msg;
	(*n)++;
}

/* Keys of the records read back: each valid, none twice (BibTeX compares
 * keys without case). */
struct readback {
	long entries;
	char **keys;
	size_t n, cap;
};

static enum status rb_group(void *ctx, bool begin)
{
	(void)ctx, (void)begin;
	return STATUS_OK;
}

static enum status rb_paper(void *ctx, const struct import_paper *p, int64_t *handle)
{
	struct readback *rb = ctx;
	size_t i;

	if (!p->citekey || !bibtex_key_valid(p->citekey))
		fuzz_fail("export: an entry came back without a usable key (\"%s\")",
		          p->citekey ? p->citekey : "(null)");
	for (i = 0; i < rb->n; i++)
		if (util_strncasecmp(rb->keys[i], p->citekey, strlen(p->citekey) + 1) == 0)
			fuzz_fail("export: key \"%s\" written twice", p->citekey);
	rb->keys = xgrow(rb->keys, &rb->cap, rb->n + 1, sizeof(*rb->keys));
	rb->keys[rb->n++] = xstrdup(p->citekey);
	rb->entries++;
	*handle = rb->entries;
	return STATUS_OK;
}

static enum status rb_link(void *ctx, int64_t from, int64_t to, enum store_link_kind kind,
                           double score, bool has_score, int rank)
{
	(void)ctx, (void)from, (void)to, (void)kind, (void)score, (void)has_score, (void)rank;
	fuzz_fail("export: BibTeX gave a link");
}

static enum status rb_subject(void *ctx, const char *date, int64_t to, int rank)
{
	(void)ctx, (void)date, (void)to, (void)rank;
	fuzz_fail("export: BibTeX gave a subject link");
}

/* Braces balance over the whole text, and every entry starts at depth 0. */
static void check_braces(const char *s, size_t n, const char *what)
{
	long depth = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '{')
			depth++;
		else if (s[i] == '}' && --depth < 0)
			fuzz_fail("%s: '}' without its '{' at byte %zu", what, i);
		else if (s[i] == '@' && (i == 0 || s[i - 1] == '\n') && depth != 0)
			fuzz_fail("%s: an entry starts inside braces at byte %zu", what, i);
		else if (((unsigned char)s[i] < 0x20 && s[i] != '\n') || s[i] == 0x7F)
			fuzz_fail("%s: control byte 0x%02X at %zu", what, (unsigned char)s[i], i);
	}
	if (depth != 0)
		fuzz_fail("%s: %ld brace(s) left open", what, depth);
}

static void export_all(struct store *st, const struct bibtex_opts *o, struct buf *out,
                       struct bibtex_stats *stats, const char *what)
{
	struct store_view all = {0, STORE_SORT_DATE};
	struct bibtex_sink sink = {to_buf, out};
	enum status ret = bibtex_export(st, &all, NULL, 0, o, &sink, stats);

	if (ret)
		fuzz_fail("%s: export failed: %s", what, status_msg());
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Puts the entries of an export (each ends with a blank line) in byte
 * order, in place. */
static void sort_entries(char *text)
{
	char **v = NULL, *p, *copy = xstrdup(text);
	size_t n = 0, cap = 0, i;
	struct buf out = BUF_INIT;

	p = copy;
	while (*p) {
		char *end = strstr(p, "\n}\n\n");
		size_t len = end ? (size_t)(end - p) + 4 : strlen(p);
		v = xgrow(v, &cap, n + 1, sizeof(*v));
		v[n++] = xstrndup(p, len);
		p += len;
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	for (i = 0; i < n; i++) {
		buf_adds(&out, v[i]);
		free(v[i]);
	}
	free(v);
	free(copy);
	memcpy(text, buf_str(&out), out.len + 1);
	buf_free(&out);
}

/* The export (with o) of a new library the BibTeX file at path was
 * imported into. Newly allocated. */
static char *round_trip(const char *path, const struct bibtex_opts *o, const char *what)
{
	struct store *st;
	struct import_stats is;
	struct import_opts io = {"bibtex", NULL, NULL, NULL, NULL, NULL};
	struct buf text = BUF_INIT;
	struct bibtex_stats stats;

	if (store_open(":memory:", 0, &st) != STATUS_OK)
		fuzz_fail("store_open: %s", status_msg());
	if (import_file(st, path, &io, &is) != STATUS_OK)
		fuzz_fail("%s: importing the export failed: %s", what, status_msg());
	export_all(st, o, &text, &stats, what);
	store_close(st);
	return text.s ? buf_steal(&text) : xstrdup("");
}

static char *round_trip_text(const char *bib, const struct bibtex_opts *o, const char *what)
{
	char *path, *out;
	int fd = fuzz_memfile("round.bib", bib, strlen(bib), &path);

	out = round_trip(path, o, what);
	close(fd);
	free(path);
	return out;
}

static void check_export(struct store *st, const struct bibtex_opts *o, int64_t papers)
{
	struct buf text = BUF_INIT;
	struct bibtex_stats stats;
	struct readback rb;
	struct import_opts io = {"bibtex", NULL, count_warning, NULL, NULL, NULL};
	struct import_sink sink = {&rb, rb_group, rb_paper, rb_link, rb_subject};
	const char *format;
	char what[64], *path;
	long warnings = 0;
	int fd;
	size_t i;
	enum status ret;

	snprintf(what, sizeof(what), "export%s%s%s", o->ascii ? " --ascii" : "",
	         o->abstract ? " --abstract" : "", o->all_fields ? " --all-fields" : "");
	export_all(st, o, &text, &stats, what);
	if (stats.entries + stats.stubs != papers)
		fuzz_fail("%s: %ld entries and %ld stubs of %lld papers", what, stats.entries,
		          stats.stubs, (long long)papers);
	fuzz_check_utf8(buf_str(&text), text.len, what);
	if (o->ascii)
		for (i = 0; i < text.len; i++)
			if ((unsigned char)text.s[i] >= 0x80)
				fuzz_fail("%s: non-ASCII byte at %zu", what, i);
	check_braces(buf_str(&text), text.len, what);
	if (stats.entries == 0) {
		buf_free(&text);
		return;
	}
	/* Read back by our own parser. */
	memset(&rb, 0, sizeof(rb));
	io.warn_ctx = &warnings;
	fd = fuzz_memfile("export.bib", buf_str(&text), text.len, &path);
	status_clear();
	ret = import_file_to(path, &io, &sink, &format);
	if (ret)
		fuzz_fail("%s: our parser refused the export: %s", what, status_msg());
	if (warnings)
		fuzz_fail("%s: our parser warned %ld time(s) about the export", what, warnings);
	if (rb.entries != stats.entries)
		fuzz_fail("%s: %ld entries written, %ld read back", what, stats.entries, rb.entries);
	/* The lossless form: once papers have been through BibTeX, import
	 * and export are a fixed point (a title derived from an abstract
	 * comes back a real title, so the first round may still change). */
	if (o->all_fields) {
		char *second = round_trip(path, o, what);
		char *third = round_trip_text(second, o, what);
		/* Entries are compared as a set: papers the list's order cannot
		 * tell apart (same date and title) come out in the order they
		 * were added, which each round reverses. */
		sort_entries(second);
		sort_entries(third);
		if (strcmp(second, third) != 0)
			fuzz_fail("%s: import and export again changed the text:\n--- before\n%s\n"
			          "--- after\n%s",
			          what, second, third);
		free(second);
		free(third);
	}
	close(fd);
	free(path);
	for (i = 0; i < rb.n; i++)
		free(rb.keys[i]);
	free(rb.keys);
	buf_free(&text);
}

void fuzz_export(const uint8_t *data, size_t size)
{
	struct piece papers[64];
	struct store *st;
	struct store_stats ss;
	size_t np, i;
	unsigned combo;

	fuzz_init();
	if (store_open(":memory:", 0, &st) != STATUS_OK)
		fuzz_fail("store_open: %s", status_msg());
	np = split((const char *)data, size, '\x1e', papers, ARRAY_SIZE(papers));
	for (i = 0; i < np; i++) {
		struct piece fields[S__COUNT + 32];
		size_t nf = split(papers[i].s, papers[i].n, '\x1f', fields, ARRAY_SIZE(fields));
		add_paper(st, fields, nf);
	}
	if (store_stats(st, &ss) != STATUS_OK)
		fuzz_fail("store_stats: %s", status_msg());
	for (combo = 0; combo < 8; combo++) {
		struct bibtex_opts o = {combo & 1, (combo & 2) != 0, (combo & 4) != 0};
		check_export(st, &o, ss.papers + ss.stubs);
	}
	store_close(st);
}
