/*
 * import-bibtex: BibTeX databases (.bib).
 *
 *   @string{tug = "TeX Users Group"}          macros, used bare in values
 *   @preamble{"\input tugboat.def"}           read and left out
 *   @comment{anything {balanced}}             skipped, as biber does
 *   @article{key, title = {A {TeX} title},    an entry: {...} or (...)
 *     journal = tug # " news", year = 1996}   "quoted", {braced}, numbers,
 *                                             macros, # concatenation
 *
 * Text outside entries is a comment, as in bibtex; lines whose first
 * character is '%' are skipped even when they hold an '@'. Month macros
 * (jan ... dec) are predefined. Values keep their LaTeX (braces included)
 * with white space collapsed, as bibtex reads them.
 *
 * A malformed entry is skipped with a warning "file:line: reason (entry
 * skipped)", and reading resumes at the next line that starts with '@':
 * bibtex and biber do the same, and one typo should not keep a library of
 * thousands out. A file in which no entry can be read is an error.
 *
 * Entries of one file are one group: the store never merges two of them
 * with each other, since a file with two keys means two entries.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bibtex.h"
#include "import.h"
#include "text.h"

struct macro {
	char *name; /* lower case */
	char *value;
};

/* Macros make a value longer than the text that wrote it, and a chain of
 * @string definitions each doubling the one before makes a file of a
 * kilobyte expand to gigabytes ("billion laughs"). So a value holds at
 * most BIB_VALUE_MAX bytes, and all the text macro uses add to a file at
 * most BIB_EXPAND_FACTOR times its size (plus BIB_EXPAND_MIN); past that
 * the file is refused. Real files stay far below both: macros add about
 * 0.4 times the size of tugboat.bib (4839 entries) to it. */
#define BIB_VALUE_MAX (1u << 20)
#define BIB_EXPAND_FACTOR 4
#define BIB_EXPAND_MIN (1u << 20)
/* No entry has this many fields; looking each up among the others would
 * take quadratic time. */
#define BIB_FIELDS_MAX 1000

struct bib_field {
	char *name; /* lower case */
	char *value;
	long line;
	bool used;
};

struct parser {
	struct import_input *in;
	const char *s;
	size_t n, i;
	long line; /* the line of s[i] */
	struct macro *macros;
	size_t n_macros, cap_macros;
	/* An open-addressing index of macros by name: slot values are
	 * index + 1, 0 is free. A file may define many thousand macros. */
	size_t *slots, n_slots;
	/* Bytes macro uses have added so far, and how many they may. */
	size_t expanded, expand_max;
	/* A fault that ends the whole file, not just an entry. */
	enum status fatal;
	/* The error that ended the current entry. */
	struct buf err;
	long err_line;
};

static void adv(struct parser *p)
{
	if (p->s[p->i] == '\n')
		p->line++;
	p->i++;
}

static void skip_ws(struct parser *p)
{
	while (p->i < p->n && isspace((unsigned char)p->s[p->i]))
		adv(p);
}

static bool fail(struct parser *p, long line, const char *fmt, ...) ATTR_PRINTF(3, 4);
static bool fail(struct parser *p, long line, const char *fmt, ...)
{
	va_list ap;

	buf_reset(&p->err);
	va_start(ap, fmt);
	buf_vprintf(&p->err, fmt, ap);
	va_end(ap);
	p->err_line = line;
	return false;
}

/* What the next character is, quoted for a message. */
static char *found(const struct parser *p)
{
	if (p->i >= p->n)
		return xstrdup(_("the end of the file"));
	return xasprintf("\"%.*s\"", (int)text_utf8_next(p->s + p->i, p->n - p->i, &(uint32_t){0}),
	                 p->s + p->i);
}

/* BibTeX's identifiers: printable, without white space or "#%'(),={}. */
static bool ident_char(unsigned char c)
{
	return c > 0x20 && c != 0x7F && !strchr("\"#%'(),={}", c);
}

/* Reads an identifier into out (lower-cased); false when there is none. */
static bool ident(struct parser *p, struct buf *out)
{
	size_t start = p->i;

	buf_reset(out);
	while (p->i < p->n && ident_char((unsigned char)p->s[p->i])) {
		buf_addc(out, (char)tolower((unsigned char)p->s[p->i]));
		adv(p);
	}
	return p->i > start;
}

/* The slot of macro name: where it is, or the free slot it would take. */
static size_t macro_slot(const struct parser *p, const char *name)
{
	size_t mask = p->n_slots - 1, i = (size_t)util_hash64(name, strlen(name)) & mask;

	while (p->slots[i] && strcmp(p->macros[p->slots[i] - 1].name, name) != 0)
		i = (i + 1) & mask;
	return i;
}

static const char *macro_get(const struct parser *p, const char *name)
{
	size_t i;

	if (!p->n_slots)
		return NULL;
	i = macro_slot(p, name);
	return p->slots[i] ? p->macros[p->slots[i] - 1].value : NULL;
}

static void macro_set(struct parser *p, const char *name, const char *value)
{
	size_t i;

	if (2 * (p->n_macros + 1) > p->n_slots) {
		/* Keep the index at most half full. */
		size_t k;
		free(p->slots);
		p->n_slots = p->n_slots ? 2 * p->n_slots : 64;
		p->slots = xcalloc(p->n_slots, sizeof(*p->slots));
		for (k = 0; k < p->n_macros; k++)
			p->slots[macro_slot(p, p->macros[k].name)] = k + 1;
	}
	i = macro_slot(p, name);
	if (p->slots[i]) {
		struct macro *m = &p->macros[p->slots[i] - 1];
		free(m->value);
		m->value = xstrdup(value);
		return;
	}
	p->macros = xgrow(p->macros, &p->cap_macros, p->n_macros + 1, sizeof(*p->macros));
	p->macros[p->n_macros].name = xstrdup(name);
	p->macros[p->n_macros].value = xstrdup(value);
	p->slots[i] = ++p->n_macros;
}

/* A {braced} or "quoted" part, without its delimiters. */
static bool delimited(struct parser *p, struct buf *out)
{
	char open = p->s[p->i];
	long line = p->line;
	int depth = 0;

	adv(p);
	while (p->i < p->n) {
		char c = p->s[p->i];
		if (c == '{') {
			depth++;
		} else if (c == '}') {
			if (depth == 0) {
				if (open == '{') {
					adv(p);
					return true;
				}
				return fail(p, p->line, _("unbalanced '}' in a quoted value"));
			}
			depth--;
		} else if (c == '"' && open == '"' && depth == 0) {
			adv(p);
			return true;
		}
		buf_addc(out, c);
		adv(p);
	}
	return fail(p, line, open == '{' ? _("the '{' opening this value is never closed")
	                                 : _("the '\"' opening this value is never closed"));
}

/* A value: parts joined by '#'. White space is collapsed at the end. */
static bool value(struct parser *p, struct buf *out)
{
	struct buf name = BUF_INIT;

	buf_reset(out);
	for (;;) {
		char c;
		skip_ws(p);
		c = p->i < p->n ? p->s[p->i] : '\0';
		if (c == '{' || c == '"') {
			long line = p->line;
			if (!delimited(p, out)) {
				buf_free(&name);
				return false;
			}
			if (out->len > BIB_VALUE_MAX) {
				buf_free(&name);
				return fail(p, line, _("a value longer than %u MB"), BIB_VALUE_MAX >> 20);
			}
		} else if (isdigit((unsigned char)c)) {
			while (p->i < p->n && isdigit((unsigned char)p->s[p->i])) {
				buf_addc(out, p->s[p->i]);
				adv(p);
			}
		} else if (c && ident_char((unsigned char)c)) {
			const char *v;
			long line = p->line;
			ident(p, &name);
			v = macro_get(p, name.s);
			if (v && out->len + strlen(v) > BIB_VALUE_MAX) {
				buf_free(&name);
				return fail(p, line, _("a value longer than %u MB"), BIB_VALUE_MAX >> 20);
			}
			if (v && p->expanded + strlen(v) > p->expand_max) {
				/* Not a slip in one entry: the file is built to explode. */
				p->fatal = import_error(p->in, line,
				                        _("the @string macros expand to more than %zu MB; "
				                          "the file is refused"),
				                        p->expand_max >> 20);
				buf_free(&name);
				return false;
			}
			if (v) {
				p->expanded += strlen(v);
				buf_adds(out, v);
			} else
				import_warn(p->in, line, _("undefined string \"%s\" (taken as empty)"), name.s);
		} else {
			char *f = found(p);
			fail(p, p->line, _("expected a value, found %s"), f);
			free(f);
			buf_free(&name);
			return false;
		}
		skip_ws(p);
		if (p->i < p->n && p->s[p->i] == '#') {
			adv(p);
			continue;
		}
		break;
	}
	buf_free(&name);
	if (!out->s)
		buf_adds(out, "");
	text_squeeze(out->s);
	out->len = strlen(out->s);
	return true;
}

/* Skips a balanced body up to its closing delimiter (for @comment). */
static bool skip_body(struct parser *p, char close)
{
	long line = p->line;
	int depth = 0;

	while (p->i < p->n) {
		char c = p->s[p->i];
		adv(p);
		if (c == '{') {
			depth++;
		} else if (c == '}' && depth > 0) {
			depth--;
		} else if (c == close && depth == 0) {
			return true;
		}
	}
	return fail(p, line, _("this @comment is never closed"));
}

static bool expect_close(struct parser *p, char close, const char *what)
{
	skip_ws(p);
	if (p->i < p->n && p->s[p->i] == close) {
		adv(p);
		return true;
	}
	{
		char *f = found(p);
		fail(p, p->line, _("expected '%c' to end the %s, found %s"), close, what, f);
		free(f);
	}
	return false;
}

/* ---------------------------------------------------------------- records */

static struct bib_field *field_get(struct bib_field *f, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!f[i].used && strcmp(f[i].name, name) == 0)
			return &f[i];
	return NULL;
}

/* The value of field name, marked as taken into a column. */
static const char *take(struct bib_field *f, size_t n, const char *name)
{
	struct bib_field *x = field_get(f, n, name);

	if (!x)
		return NULL;
	x->used = true;
	return x->value;
}

static int month_number(const char *s)
{
	static const char *const names[] = {"jan", "feb", "mar", "apr", "may", "jun",
	                                    "jul", "aug", "sep", "oct", "nov", "dec"};
	static const char *const full[] = {"january", "february", "march", "april", "may", "june",
	                                   "july", "august", "september", "october", "november",
	                                   "december"};
	char *end;
	long m = strtol(s, &end, 10);
	size_t i, n = strlen(s);

	if (end != s && *end == '\0')
		return m >= 1 && m <= 12 ? (int)m : 0;
	if (n && s[n - 1] == '.')
		n--;
	for (i = 0; i < 12; i++)
		if ((n == 3 && util_strncasecmp(s, names[i], 3) == 0) ||
		    (n == strlen(full[i]) && util_strncasecmp(s, full[i], n) == 0) ||
		    (i == 8 && n == 4 && util_strncasecmp(s, "sept", 4) == 0))
			return (int)i + 1;
	return 0;
}

static bool year_of(const char *s, int *y)
{
	if (strlen(s) != 4 || strspn(s, "0123456789") != 4)
		return false;
	*y = atoi(s);
	return *y >= 1000;
}

/* Strips the resolver prefixes people paste before a DOI. */
static const char *doi_body(const char *s)
{
	static const char *const pre[] = {"https://doi.org/", "http://doi.org/",
	                                  "https://dx.doi.org/", "http://dx.doi.org/", "doi:", NULL};
	size_t i;

	for (i = 0; pre[i]; i++)
		if (util_strncasecmp(s, pre[i], strlen(pre[i])) == 0)
			return s + strlen(pre[i]);
	return s;
}

/* Hands one parsed entry to the sink. */
static enum status emit(struct parser *p, const struct import_sink *sink, const char *type,
                        const char *key, long line, struct bib_field *f, size_t nf)
{
	struct import_paper r;
	struct import_field *extra;
	struct merge_date d = {0, ""};
	char arxiv[32] = "", *authors = NULL, *cats = NULL;
	const char *v, *eprint, *prefix, *doi, *url, *ys, *ms;
	size_t i, ne = 0;
	int version, y, m = 0;
	int64_t handle;
	enum status ret;

	memset(&r, 0, sizeof(r));
	r.kind = IMPORT_RECORD;
	r.line = line;
	r.bibtype = type;
	if (*key && bibtex_key_valid(key))
		r.citekey = key;
	else if (*key)
		import_warn(p->in, line,
		            _("citation key \"%s\" cannot be written back as it is; the paper will get "
		              "a new one"),
		            key);
	r.title = take(f, nf, "title");
	if ((v = take(f, nf, "author")) != NULL)
		r.authors = authors = bibtex_names_split(v);
	r.abstract = take(f, nf, "abstract");
	r.journal = take(f, nf, "journal");
	if (!r.journal)
		r.journal = take(f, nf, "journaltitle");

	/* arXiv: an eprint the prefix (or the id's shape) says is arXiv's. */
	eprint = field_get(f, nf, "eprint") ? field_get(f, nf, "eprint")->value : NULL;
	prefix = field_get(f, nf, "archiveprefix") ? field_get(f, nf, "archiveprefix")->value
	         : field_get(f, nf, "eprinttype")  ? field_get(f, nf, "eprinttype")->value
	                                           : NULL;
	if (eprint && (!prefix || util_strncasecmp(prefix, "arxiv", 6) == 0) &&
	    import_parse_arxiv(eprint, arxiv, sizeof(arxiv), &version)) {
		take(f, nf, "eprint");
		take(f, nf, "archiveprefix");
		take(f, nf, "eprinttype");
		if ((v = take(f, nf, "primaryclass")) != NULL || (v = take(f, nf, "eprintclass")) != NULL)
			r.categories = cats = xstrdup(v);
	}
	url = take(f, nf, "url");
	r.url = url;
	if (!*arxiv && url && strstr(url, "arxiv.org/") &&
	    !import_parse_arxiv(url, arxiv, sizeof(arxiv), &version))
		arxiv[0] = '\0';
	r.arxiv = *arxiv ? arxiv : NULL;
	if ((doi = field_get(f, nf, "doi") ? field_get(f, nf, "doi")->value : NULL) != NULL &&
	    strncmp(doi_body(doi), "10.", 3) == 0) {
		take(f, nf, "doi");
		r.doi = doi_body(doi);
	}

	/* The year (and month) is the record's date, of no known version. */
	ys = field_get(f, nf, "year") ? field_get(f, nf, "year")->value : NULL;
	ms = field_get(f, nf, "month") ? field_get(f, nf, "month")->value : NULL;
	if (ys && year_of(ys, &y)) {
		take(f, nf, "year");
		if (ms && (m = month_number(ms)) != 0)
			take(f, nf, "month");
		if (m)
			snprintf(d.date, sizeof(d.date), "%04d-%02d", y % 10000, m % 100);
		else
			snprintf(d.date, sizeof(d.date), "%04d", y % 10000);
	} else if (!ys && (v = field_get(f, nf, "date") ? field_get(f, nf, "date")->value : NULL) &&
	           strlen(v) >= 4 && year_of((char[5]){v[0], v[1], v[2], v[3], '\0'}, &y)) {
		/* biblatex's date (kept as a field too, for its precision) */
		m = strlen(v) >= 7 && v[4] == '-' ? atoi(v + 5) : 0;
		if (m >= 1 && m <= 12)
			snprintf(d.date, sizeof(d.date), "%04d-%02d", y % 10000, m % 100);
		else
			snprintf(d.date, sizeof(d.date), "%04d", y % 10000);
	}
	r.dates = &d;
	r.n_dates = d.date[0] ? 1 : 0;

	extra = xcalloc(nf ? nf : 1, sizeof(*extra));
	for (i = 0; i < nf; i++)
		if (!f[i].used && *f[i].value) {
			extra[ne].name = f[i].name;
			extra[ne].value = f[i].value;
			ne++;
		}
	r.fields = extra;
	r.n_fields = ne;
	ret = sink->paper(sink->ctx, &r, &handle);
	free(extra);
	free(authors);
	free(cats);
	return ret;
}

/* Parses one entry whose '@' is at p->i. *sink_ret is set when the sink
 * failed (that ends the import); false with p->err set for a malformed
 * entry. */
static bool entry(struct parser *p, const struct import_sink *sink, enum status *sink_ret,
                  bool *was_entry)
{
	struct buf type = BUF_INIT, key = BUF_INIT, name = BUF_INIT, val = BUF_INIT;
	struct bib_field *f = NULL;
	size_t nf = 0, cf = 0, i;
	long line = p->line;
	char close;
	bool ok = false;

	*was_entry = false;
	adv(p); /* '@' */
	skip_ws(p);
	if (!ident(p, &type)) {
		char *fnd = found(p);
		fail(p, line, _("expected an entry type after '@', found %s"), fnd);
		free(fnd);
		goto out;
	}
	skip_ws(p);
	if (p->i >= p->n || (p->s[p->i] != '{' && p->s[p->i] != '(')) {
		if (strcmp(type.s, "comment") == 0) {
			ok = true; /* bibtex's bare @comment: the rest is outside text */
			goto out;
		}
		{
			char *fnd = found(p);
			fail(p, line, _("expected '{' after @%s, found %s"), type.s, fnd);
			free(fnd);
		}
		goto out;
	}
	close = p->s[p->i] == '{' ? '}' : ')';
	adv(p);
	if (strcmp(type.s, "comment") == 0) {
		ok = skip_body(p, close);
		goto out;
	}
	if (strcmp(type.s, "preamble") == 0) {
		ok = value(p, &val) && expect_close(p, close, "@preamble");
		goto out;
	}
	if (strcmp(type.s, "string") == 0) {
		skip_ws(p);
		if (!ident(p, &name)) {
			char *fnd = found(p);
			fail(p, p->line, _("expected a string name, found %s"), fnd);
			free(fnd);
			goto out;
		}
		skip_ws(p);
		if (p->i >= p->n || p->s[p->i] != '=') {
			fail(p, p->line, _("expected '=' after @string name %s"), name.s);
			goto out;
		}
		adv(p);
		if (!value(p, &val))
			goto out;
		skip_ws(p);
		if (p->i < p->n && p->s[p->i] == ',')
			adv(p);
		if (!expect_close(p, close, "@string"))
			goto out;
		macro_set(p, name.s, val.s);
		ok = true;
		goto out;
	}
	/* An entry: key, then fields. */
	*was_entry = true;
	skip_ws(p);
	while (p->i < p->n && p->s[p->i] != ',' && p->s[p->i] != close &&
	       !isspace((unsigned char)p->s[p->i]) && p->s[p->i] != '=') {
		buf_addc(&key, p->s[p->i]);
		adv(p);
	}
	skip_ws(p);
	if (p->i < p->n && p->s[p->i] == close) {
		adv(p);
	} else {
		if (p->i >= p->n || p->s[p->i] != ',') {
			char *fnd = found(p);
			fail(p, p->line, _("expected ',' after the citation key \"%s\", found %s"),
			     buf_str(&key), fnd);
			free(fnd);
			goto out;
		}
		adv(p);
		for (;;) {
			long fline;
			skip_ws(p);
			if (p->i < p->n && p->s[p->i] == close) {
				adv(p);
				break;
			}
			fline = p->line;
			if (!ident(p, &name)) {
				char *fnd = found(p);
				fail(p, p->line, _("expected a field name, found %s"), fnd);
				free(fnd);
				goto out;
			}
			skip_ws(p);
			if (p->i >= p->n || p->s[p->i] != '=') {
				char *fnd = found(p);
				fail(p, p->line, _("expected '=' after the field name %s, found %s"), name.s,
				     fnd);
				free(fnd);
				goto out;
			}
			adv(p);
			if (!value(p, &val))
				goto out;
			if (field_get(f, nf, name.s)) {
				import_warn(p->in, fline, _("field %s given twice; the first is kept"),
				            name.s);
			} else if (nf == BIB_FIELDS_MAX) {
				fail(p, fline, _("more than %d fields"), BIB_FIELDS_MAX);
				goto out;
			} else {
				f = xgrow(f, &cf, nf + 1, sizeof(*f));
				f[nf++] = (struct bib_field){xstrdup(name.s), xstrdup(val.s), fline, false};
			}
			skip_ws(p);
			if (p->i < p->n && p->s[p->i] == ',') {
				adv(p);
				continue;
			}
			if (p->i < p->n && p->s[p->i] == close) {
				adv(p);
				break;
			}
			{
				char *fnd = found(p);
				fail(p, p->line, _("expected ',' or '%c' after the value of %s, found %s"),
				     close, name.s, fnd);
				free(fnd);
			}
			goto out;
		}
	}
	ok = true;
	*sink_ret = emit(p, sink, type.s, buf_str(&key), line, f, nf);
out:
	for (i = 0; i < nf; i++) {
		free(f[i].name);
		free(f[i].value);
	}
	free(f);
	buf_free(&type);
	buf_free(&key);
	buf_free(&name);
	buf_free(&val);
	return ok;
}

/* The next '@' outside entries, from p->i: lines starting with '%' are
 * comments. With line_start, only an '@' that begins a line (after white
 * space) counts: that is where reading resumes after a malformed entry. */
static bool next_at(struct parser *p, bool line_start)
{
	bool bol = p->i == 0 || p->s[p->i - 1] == '\n', comment = false;

	while (p->i < p->n) {
		char c = p->s[p->i];
		if (c == '\n') {
			bol = true;
			comment = false;
		} else if (bol && (c == ' ' || c == '\t' || c == '\r')) {
			/* still at the start of the line */
		} else {
			if (bol && c == '%')
				comment = true;
			if (c == '@' && !comment && (!line_start || bol))
				return true;
			bol = false;
		}
		adv(p);
	}
	return false;
}

static enum status parse(struct import_input *in, const struct import_sink *sink)
{
	static const char *const months[] = {"jan", "January", "feb", "February", "mar", "March",
	                                     "apr", "April", "may", "May", "jun", "June",
	                                     "jul", "July", "aug", "August", "sep", "September",
	                                     "oct", "October", "nov", "November", "dec", "December"};
	struct parser p;
	enum status ret;
	size_t i;
	long entries = 0, skipped = 0;

	memset(&p, 0, sizeof(p));
	p.in = in;
	p.line = 1;
	ret = import_input_all(in, &p.s, &p.n);
	if (ret)
		return ret;
	p.expand_max = BIB_EXPAND_MIN + BIB_EXPAND_FACTOR * p.n;
	for (i = 0; i < ARRAY_SIZE(months); i += 2)
		macro_set(&p, months[i], months[i + 1]);
	ret = sink->group ? sink->group(sink->ctx, true) : STATUS_OK;
	while (!ret && next_at(&p, false)) {
		size_t start = p.i;
		long start_line = p.line;
		bool was_entry;
		enum status sret = STATUS_OK;

		if (entry(&p, sink, &sret, &was_entry)) {
			ret = sret;
			entries += was_entry;
			continue;
		}
		if (p.fatal) {
			ret = p.fatal;
			break;
		}
		if (p.err_line == start_line)
			import_warn(in, p.err_line, _("%s (entry skipped)"), buf_str(&p.err));
		else
			import_warn(in, p.err_line, _("%s (the entry of line %ld is skipped)"),
			            buf_str(&p.err), start_line);
		skipped++;
		/* Resume at the next line that starts with '@'. */
		p.i = start;
		p.line = start_line;
		adv(&p);
		while (p.i < p.n && p.s[p.i - 1] != '\n')
			adv(&p);
		if (!next_at(&p, true))
			break;
	}
	if (!ret && sink->group)
		ret = sink->group(sink->ctx, false);
	if (!ret && entries == 0 && skipped)
		ret = import_error(in, 1, P_("the one entry is malformed", "all %ld entries are malformed",
		                             skipped),
		                   skipped);
	for (i = 0; i < p.n_macros; i++) {
		free(p.macros[i].name);
		free(p.macros[i].value);
	}
	free(p.macros);
	free(p.slots);
	buf_free(&p.err);
	return ret;
}

/* Scores lines that open an entry ("@article{", "@string(") at their
 * start. */
static int detect(const char *data, size_t len)
{
	struct import_lines l = {data, len, 0, 0};
	const char *s;
	size_t n, k;
	long no;
	int score = 0;

	while (import_lines_next(&l, &s, &n, &no)) {
		while (n && (*s == ' ' || *s == '\t'))
			s++, n--;
		if (n < 3 || *s != '@')
			continue;
		for (k = 1; k < n && isalpha((unsigned char)s[k]); k++)
			;
		if (k < 2)
			continue;
		while (k < n && (s[k] == ' ' || s[k] == '\t'))
			k++;
		if (k < n && (s[k] == '{' || s[k] == '('))
			score += 45;
		if (score >= 90)
			break;
	}
	return score > 90 ? 90 : score;
}

const struct import_format import_format_bibtex = {
	"bibtex",
	N_("BibTeX databases (.bib): entries, @string macros, crossref kept"),
	detect,
	parse,
	false, /* groups its entries (one file never merges with itself) */
};
