/*
 * import: input handling, format detection, and the store sink that turns
 * records into papers — deciding, with merge.c's rules, whether a record
 * is a paper the library already holds.
 *
 * Must never: leave part of a file in the library (one transaction a
 * file), or let the order of imports change the result (ties are broken
 * by content; page subjects are resolved again after every import).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "import.h"
#include "text.h"

const struct import_format *const import_formats[] = {
	&import_format_arxiv,
	&import_format_atom,
	&import_format_digest,
	&import_format_similar,
	&import_format_bibtex,
	NULL,
};

/* Whole-file formats are read into memory; anything larger than this is
 * not a similar-papers page or a digest, whatever it claims. */
#define IMPORT_MAX_WHOLE (64u << 20)
/* No line of any format sheaf reads is this long; stop before memory does. */
#define IMPORT_MAX_LINE (16u << 20)
#define IMPORT_HEAD 65536
/* Warnings of one file shown; the rest are counted. */
#define IMPORT_MAX_WARNINGS 100
/* Inputs from this size on are imported in the store's bulk mode. */
#define IMPORT_BULK_BYTES (8u << 20)
/* A small record with an abstract, in any format sheaf reads: a file is
 * taken to hold up to size / IMPORT_RECORD_BYTES papers when deciding
 * whether building indexes at the end pays (a guess that only affects
 * speed, never the result). */
#define IMPORT_RECORD_BYTES 512
/* From how many papers (the file's, by that guess) building the indexes
 * that bulk mode may defer pays, rather than keeping them up as rows go
 * in. Those indexes take about 200 bytes a paper: below this they fit in
 * the bulk page cache (store.c, 64 MB), and keeping them up costs a
 * B-tree step in cached pages a row, less than the sorts at the end. At
 * 10,000 papers building them at the end made the import 6% slower; at
 * 100,000 and 300,000 the two ran alike; at a million the deferred ones
 * win. A file of unknown size (a pipe) may be any size: it defers. */
#define IMPORT_DEFER_PAPERS 250000

const struct import_format *import_format_find(const char *name)
{
	size_t i;

	for (i = 0; import_formats[i]; i++)
		if (strcmp(import_formats[i]->name, name) == 0)
			return import_formats[i];
	return NULL;
}

/* ---------------------------------------------------------------- input */

struct import_input {
	const char *name;
	FILE *fp;
	bool own_fp;
	/* Raw bytes read from fp and not yet consumed: [pos, len). */
	char *raw;
	size_t pos, len, cap;
	bool eof;
	uint64_t hash;
	uint64_t size;
	uint64_t total; /* the file's size when known (a regular file), else 0 */
	/* The converted whole input, once asked for. */
	char *all;
	size_t all_len;
	const struct import_opts *opts;
	long lineno;
	enum status err;
	struct buf warnings; /* import_warn()'s, one a line, not yet handed over */
	long n_warnings;     /* all of them, also those not kept */
};

static void hash_bytes(struct import_input *in, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		in->hash ^= (unsigned char)p[i];
		in->hash *= 1099511628211ULL;
	}
	in->size += n;
}

/* Reads more raw bytes into the buffer; false at the end or on error. */
static bool input_fill(struct import_input *in, size_t want)
{
	size_t got;

	if (in->eof || !in->fp)
		return false;
	if (in->pos > 0 && in->pos == in->len) {
		in->pos = in->len = 0;
	} else if (in->pos > in->cap / 2) {
		memmove(in->raw, in->raw + in->pos, in->len - in->pos);
		in->len -= in->pos;
		in->pos = 0;
	}
	if (in->len + want + 1 > in->cap)
		in->raw = xgrow(in->raw, &in->cap, in->len + want + 1, 1);
	got = fread(in->raw + in->len, 1, want, in->fp);
	if (got < want) {
		if (ferror(in->fp))
			in->err = status_set(STATUS_IO, "%s: %s", in->name, text_strerror(errno));
		in->eof = true;
	}
	hash_bytes(in, in->raw + in->len, got);
	in->len += got;
	in->raw[in->len] = '\0';
	return got > 0;
}

static enum status input_open(struct import_input *in, const char *path,
                              const struct import_opts *o)
{
	struct stat sb;

	memset(in, 0, sizeof(*in));
	in->opts = o;
	in->hash = 14695981039346656037ULL;
	if (strcmp(path, "-") == 0) {
		in->name = _("(stdin)");
		in->fp = stdin;
	} else {
		in->name = path;
		in->fp = fopen(path, "rb");
		if (!in->fp)
			return status_set(STATUS_IO, "%s: %s", path, text_strerror(errno));
		in->own_fp = true;
		if (fstat(fileno(in->fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
			fclose(in->fp);
			in->fp = NULL;
			return status_set(STATUS_IO, "%s: %s", path, text_strerror(EISDIR));
		}
	}
	if (fstat(fileno(in->fp), &sb) == 0 && S_ISREG(sb.st_mode))
		in->total = (uint64_t)sb.st_size;
	/* The head, for detection. */
	while (in->len < IMPORT_HEAD && input_fill(in, IMPORT_HEAD - in->len))
		;
	return in->err;
}

static void input_close(struct import_input *in)
{
	if (in->own_fp && in->fp)
		fclose(in->fp);
	free(in->raw);
	free(in->all);
	buf_free(&in->warnings);
	memset(in, 0, sizeof(*in));
}

static void input_from_buffer(struct import_input *in, const char *name, const char *data,
                              size_t len)
{
	memset(in, 0, sizeof(*in));
	in->name = name;
	in->hash = 14695981039346656037ULL;
	in->raw = xmalloc(len + 1);
	memcpy(in->raw, data, len);
	in->raw[len] = '\0';
	in->len = in->cap = len;
	hash_bytes(in, data, len);
	in->eof = true;
}

const char *import_input_name(const struct import_input *in)
{
	return in->name;
}

enum status import_input_error(const struct import_input *in)
{
	return in->err;
}

enum status import_input_all(struct import_input *in, const char **data, size_t *len)
{
	bool guessed = false;
	enum status ret;

	if (!in->all) {
		while (!in->eof) {
			if (in->len - in->pos > IMPORT_MAX_WHOLE)
				return status_set(STATUS_PARSE, _("%s: file too large (more than %u MB)"),
				                  in->name, IMPORT_MAX_WHOLE >> 20);
			input_fill(in, 1u << 20);
		}
		if (in->err)
			return in->err;
		ret = text_to_utf8(in->raw + in->pos, in->len - in->pos,
		                   in->opts ? in->opts->encoding : NULL, &in->all, &in->all_len, &guessed);
		if (ret) {
			const char *m = status_msg();
			return status_set(ret, "%s: %s", in->name, m);
		}
		/* The raw bytes are read to the end and converted: a whole-file
		 * format needs memory for one copy, not two. */
		free(in->raw);
		in->raw = NULL;
		in->pos = in->len = in->cap = 0;
		if (guessed && in->opts && in->opts->warn) {
			char *msg = xasprintf(_("%s: not valid UTF-8; read as Windows-1252 "
			                        "(use --encoding to say otherwise)"),
			                      in->name);
			in->opts->warn(in->opts->warn_ctx, msg);
			free(msg);
		}
	}
	*data = in->all;
	*len = in->all_len;
	return STATUS_OK;
}

bool import_input_line(struct import_input *in, const char **line, size_t *len, long *lineno)
{
	for (;;) {
		char *start = in->raw ? in->raw + in->pos : NULL;
		char *nl = start ? memchr(start, '\n', in->len - in->pos) : NULL;

		if (nl || (in->eof && in->pos < in->len)) {
			size_t n = nl ? (size_t)(nl - start) : in->len - in->pos;
			in->pos += n + (nl ? 1 : 0);
			if (n && start[n - 1] == '\r')
				n--;
			start[n] = '\0';
			*line = start;
			*len = n;
			*lineno = ++in->lineno;
			return true;
		}
		if (in->eof)
			return false;
		if (in->len - in->pos > IMPORT_MAX_LINE) {
			in->err = status_set(STATUS_PARSE, _("%s:%ld: line longer than %u MB"), in->name,
			                     in->lineno + 1, IMPORT_MAX_LINE >> 20);
			return false;
		}
		if (!input_fill(in, 1u << 20) && in->err)
			return false;
	}
}

void import_warn(struct import_input *in, long line, const char *fmt, ...)
{
	va_list ap;

	/* A hostile file can be a million faults: memory and the terminal
	 * get the first ones and a count of the rest. */
	if (in->n_warnings++ >= IMPORT_MAX_WARNINGS)
		return;
	if (line > 0)
		buf_printf(&in->warnings, "%s:%ld: ", in->name, line);
	else
		buf_printf(&in->warnings, "%s: ", in->name);
	va_start(ap, fmt);
	buf_vprintf(&in->warnings, fmt, ap);
	va_end(ap);
	buf_addc(&in->warnings, '\n');
}

/* Hands the warnings gathered during a parse to the caller's callback. */
static void input_warnings(struct import_input *in, const struct import_opts *o)
{
	const char *p = in->warnings.s;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		char *msg = xstrndup(p, (size_t)(nl - p));
		if (o && o->warn)
			o->warn(o->warn_ctx, msg);
		free(msg);
		p = nl + 1;
	}
	if (in->n_warnings > IMPORT_MAX_WARNINGS && o && o->warn) {
		long more = in->n_warnings - IMPORT_MAX_WARNINGS;
		char *msg = xasprintf(P_("%s: %ld more warning not shown", "%s: %ld more warnings not shown",
		                         more),
		                      in->name, more);
		o->warn(o->warn_ctx, msg);
		free(msg);
	}
	buf_reset(&in->warnings);
	in->n_warnings = 0;
}

enum status import_error(const struct import_input *in, long line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	enum status ret;

	buf_printf(&b, "%s:%ld: ", in->name, line);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	ret = status_set(STATUS_PARSE, "%s", b.s);
	buf_free(&b);
	return ret;
}

bool import_lines_next(struct import_lines *l, const char **s, size_t *n, long *lineno)
{
	const char *start, *nl;

	if (l->pos >= l->len)
		return false;
	start = l->data + l->pos;
	nl = memchr(start, '\n', l->len - l->pos);
	*n = nl ? (size_t)(nl - start) : l->len - l->pos;
	l->pos += *n + (nl ? 1 : 0);
	*s = start;
	if (*n && start[*n - 1] == '\r')
		(*n)--;
	*lineno = ++l->lineno;
	return true;
}

char *import_excerpt(const char *s, size_t n)
{
	struct buf safe = BUF_INIT, out = BUF_INIT;

	text_sanitize(&safe, s, n > 4096 ? 4096 : n, 0);
	text_fit(&out, buf_str(&safe), 40, false);
	buf_free(&safe);
	return buf_steal(&out);
}

static const struct import_format *detect(struct import_input *in)
{
	const struct import_format *best = NULL;
	int best_score = 0;
	size_t i;

	const char *head = in->raw + in->pos;
	size_t len = in->len - in->pos;

	if (len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0) {
		head += 3;
		len -= 3;
	}
	for (i = 0; import_formats[i]; i++) {
		int s = import_formats[i]->detect(head, len);
		if (s > best_score) {
			best_score = s;
			best = import_formats[i];
		}
	}
	return best_score >= 20 ? best : NULL;
}

static enum status input_format(struct import_input *in, const struct import_opts *o,
                                const struct import_format **f)
{
	if (o && o->format) {
		*f = import_format_find(o->format);
		if (!*f)
			return status_set(STATUS_USAGE, _("unknown format '%s'"), o->format);
		return STATUS_OK;
	}
	if (in->len == in->pos)
		return status_set(STATUS_PARSE, _("%s: empty file"), in->name);
	*f = detect(in);
	if (!*f)
		return status_set(STATUS_PARSE,
		                  _("%s:1: not a format sheaf reads (use --format to name one)"),
		                  in->name);
	return STATUS_OK;
}

/* ---------------------------------------------------------------- helpers */

static const char *const months[] = {"january", "february", "march", "april", "may", "june",
                                     "july", "august", "september", "october", "november",
                                     "december"};

static bool valid_ymd(int y, int m, int d)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int max;

	if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1)
		return false;
	max = days[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	return d <= max;
}

static int month_from_name(const char *s, size_t n)
{
	size_t i;

	if (n < 3)
		return 0;
	for (i = 0; i < 12; i++) {
		size_t full = strlen(months[i]);
		if ((n == full || n == 3 || (n == 4 && i == 8)) && util_strncasecmp(s, months[i], n) == 0)
			return (int)i + 1;
	}
	return 0;
}

bool import_parse_long_date(const char *s, size_t len, char out[11])
{
	size_t i = 0, w;
	int m, d = 0, y = 0, nd = 0, ny = 0;

	while (i < len && s[i] == ' ')
		i++;
	w = i;
	while (i < len && isalpha((unsigned char)s[i]))
		i++;
	m = month_from_name(s + w, i - w);
	if (!m)
		return false;
	if (i < len && s[i] == '.')
		i++;
	if (i >= len || s[i] != ' ')
		return false;
	while (i < len && s[i] == ' ')
		i++;
	while (i < len && isdigit((unsigned char)s[i]) && nd < 3)
		d = d * 10 + (s[i++] - '0'), nd++;
	if (nd == 0 || nd > 2 || i >= len || s[i] != ',')
		return false;
	i++;
	while (i < len && s[i] == ' ')
		i++;
	while (i < len && isdigit((unsigned char)s[i]) && ny < 5)
		y = y * 10 + (s[i++] - '0'), ny++;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (ny != 4 || i != len || !valid_ymd(y, m, d))
		return false;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return true;
}

bool import_parse_date(const char *s, size_t len, char out[11])
{
	char tmp[64];
	int y, m, d;
	char mon[16];

	if (len >= sizeof(tmp))
		len = sizeof(tmp) - 1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	util_trim(tmp);
	/* ISO 8601 */
	if (strlen(tmp) >= 10 && isdigit((unsigned char)tmp[0]) && tmp[4] == '-' && tmp[7] == '-' &&
	    sscanf(tmp, "%4d-%2d-%2d", &y, &m, &d) == 3 && (tmp[10] == '\0' || tmp[10] == 'T' ||
	                                                   tmp[10] == ' ')) {
		if (!valid_ymd(y, m, d))
			return false;
		snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
		return true;
	}
	/* RFC 2822, with or without the weekday */
	{
		const char *p = tmp;
		const char *comma = strchr(tmp, ',');
		if (comma && comma - tmp <= 4)
			p = comma + 1;
		if (sscanf(p, "%d %15s %d", &d, mon, &y) == 3) {
			m = month_from_name(mon, strlen(mon));
			if (m && valid_ymd(y, m, d)) {
				snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
				return true;
			}
		}
	}
	return false;
}

bool import_parse_arxiv(const char *s, char *id, size_t idlen, int *version)
{
	const char *p = s, *abs;
	size_t n;
	char tmp[64];
	char *v;

	*version = 0;
	abs = strstr(s, "arxiv.org/abs/");
	if (!abs)
		abs = strstr(s, "arxiv.org/pdf/");
	if (abs)
		p = abs + strlen("arxiv.org/abs/");
	else if (util_strncasecmp(p, "arXiv:", 6) == 0)
		p += 6;
	n = strcspn(p, " \t\n?#");
	if (n == 0 || n >= sizeof(tmp))
		return false;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	if (n > 4 && strcmp(tmp + n - 4, ".pdf") == 0)
		tmp[n - 4] = '\0';
	v = strrchr(tmp, 'v');
	if (v && v > tmp && isdigit((unsigned char)v[-1]) && v[1] && strspn(v + 1, "0123456789") == strlen(v + 1)) {
		*version = atoi(v + 1);
		*v = '\0';
	}
	/* New style: YYMM.NNNN(N); old style: archive(.sub)/YYMMNNN */
	{
		const char *slash = strchr(tmp, '/');
		size_t i;
		if (slash) {
			const char *num = slash + 1;
			if (slash == tmp || strlen(num) != 7 || strspn(num, "0123456789") != 7)
				return false;
			for (i = 0; tmp + i < slash; i++)
				if (!isalpha((unsigned char)tmp[i]) && tmp[i] != '-' && tmp[i] != '.')
					return false;
		} else {
			size_t len = strlen(tmp);
			if (len < 9 || len > 10 || tmp[4] != '.' || strspn(tmp, "0123456789") != 4 ||
			    strspn(tmp + 5, "0123456789") != len - 5)
				return false;
		}
	}
	if (strlen(tmp) >= idlen)
		return false;
	strcpy(id, tmp);
	return true;
}

/* ---------------------------------------------------------------- store sink */

struct store_sink {
	struct store *st;
	struct import_input *in;
	const struct import_format *fmt;
	struct import_stats *stats;
	int64_t source;
	bool source_ready, source_pending;
	/* Papers matched or created inside the current group. */
	int64_t *group;
	size_t group_n, group_cap;
	bool in_group;
	bool bulk; /* in the store's bulk mode */
	/* The source row was made by this import: no record of it was seen
	 * before. */
	bool source_new;
	/* The line of the last record, and how many before it started on it:
	 * records come in file order, so this numbers those sharing a line. */
	long pos_line;
	int pos_index;
	/* Papers without an arXiv id (stubs aside) in the library, when
	 * known (a bulk import counts them): while there are none, a record
	 * with an id can only be the paper with that id. */
	bool idless_known, lookups_deferred;
	int64_t idless;
	/* Progress reports (import_opts.progress). */
	const struct import_opts *opts;
	struct timespec started;
	double next_report;
	bool reported;
};

static enum status sink_source(struct store_sink *s)
{
	char hash[64];
	bool existed;
	enum status ret;

	if (s->source_ready)
		return STATUS_OK;
	if (s->in->eof && s->in->pos == s->in->len) {
		snprintf(hash, sizeof(hash), "fnv1a64:%016llx:%llu", (unsigned long long)s->in->hash,
		         (unsigned long long)s->in->size);
	} else {
		/* A streamed file: its hash is known at the end. */
		snprintf(hash, sizeof(hash), "pending:%ld:%ld", (long)getpid(), (long)time(NULL));
		s->source_pending = true;
	}
	ret = store_source_get(s->st, hash, s->in->name, s->fmt->name, &s->source, &existed);
	if (!ret) {
		s->source_ready = true;
		s->source_new = !existed;
	}
	return ret;
}

static enum status sink_group(void *ctx, bool begin)
{
	struct store_sink *s = ctx;

	s->in_group = begin;
	s->group_n = 0;
	return STATUS_OK;
}

static bool in_group(const struct store_sink *s, int64_t id)
{
	size_t i;

	for (i = 0; i < s->group_n; i++)
		if (s->group[i] == id)
			return true;
	return false;
}

/* The matching keys and dates of one paper, for merge_same(). */
struct side {
	struct merge_side m;
	char *key, *tkey;
	struct merge_date *dates;
};

static void side_from_paper(struct side *sd, const struct store_paper *p,
                            const struct store_version *v, size_t nv)
{
	size_t i;

	sd->key = merge_text_key(p->abstract, p->summary);
	sd->tkey = (p->title_derived || p->stub) ? xstrdup("") : text_match_key(p->title, 0);
	sd->dates = xcalloc(nv ? nv : 1, sizeof(*sd->dates));
	for (i = 0; i < nv; i++) {
		sd->dates[i].version = v[i].version;
		memcpy(sd->dates[i].date, v[i].date, sizeof(sd->dates[i].date));
	}
	sd->m.arxiv = p->arxiv ? p->arxiv : "";
	sd->m.doi = p->doi ? p->doi : "";
	sd->m.citekey = p->citekey ? p->citekey : "";
	sd->m.key = sd->key;
	sd->m.tkey = sd->tkey;
	sd->m.dates = sd->dates;
	sd->m.n_dates = nv;
}

static void side_free(struct side *sd)
{
	free(sd->key);
	free(sd->tkey);
	free(sd->dates);
}

static void set_derived_title(struct store_paper *p)
{
	const char *from = *p->abstract ? p->abstract : p->summary;

	if (!p->title_derived && *p->title)
		return;
	free(p->title);
	p->title = *from ? merge_derive_title(from, 100) : xstrdup("");
	p->title_derived = true;
}

/* The fingerprint of a paper's text. Only the first MERGE_KEY_MIN key
 * characters decide it, so a long abstract is rendered only as far as
 * they need; when that prefix comes out short (text that is mostly
 * symbols) the whole text decides. */
static int64_t text_fingerprint(const char *abstract, const char *summary)
{
	char *key;
	int64_t fp;

	if (abstract && *abstract) {
		key = text_match_key(abstract, MERGE_KEY_MIN);
		if (strlen(key) == MERGE_KEY_MIN) {
			fp = merge_fingerprint(key);
			free(key);
			return fp;
		}
		free(key);
	}
	key = merge_text_key(abstract, summary);
	fp = merge_fingerprint(key);
	free(key);
	return fp;
}

/* Recomputes what is derived from a paper's text. */
static void refresh_keys(struct store_paper *p)
{
	set_derived_title(p);
	p->fp = text_fingerprint(p->abstract, p->summary);
	if (p->title_derived || !*p->title) {
		p->tkey = 0;
	} else {
		char *tk = text_match_key(p->title, 0);
		p->tkey = merge_title_fingerprint(tk);
		free(tk);
	}
}

static char *dup_squeezed(const char *s)
{
	return text_squeeze(xstrdup(s ? s : ""));
}

static void paper_from_record(struct store_paper *p, const struct import_paper *r)
{
	memset(p, 0, sizeof(*p));
	p->arxiv = xstrdup(r->arxiv ? r->arxiv : "");
	p->doi = xstrdup(r->doi ? r->doi : "");
	for (char *c = p->doi; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	p->title = dup_squeezed(r->title);
	p->title_derived = false;
	p->authors = xstrdup(r->authors ? r->authors : "");
	p->abstract = xstrdup(r->abstract ? r->abstract : "");
	util_trim(p->abstract);
	p->abstract_truncated = r->abstract_truncated;
	p->summary = xstrdup(r->summary ? r->summary : "");
	util_trim(p->summary);
	p->url = dup_squeezed(r->url);
	p->license = dup_squeezed(r->license);
	p->categories = dup_squeezed(r->categories);
	p->journal = dup_squeezed(r->journal);
	p->bibtype = dup_squeezed(r->bibtype);
	p->citekey = xstrdup(r->citekey ? r->citekey : "");
	p->date = xstrdup("");
	refresh_keys(p);
}

static enum status add_candidate(int64_t **v, size_t *n, size_t *cap, int64_t id)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*v)[i] == id)
			return STATUS_OK;
	*v = xgrow(*v, cap, *n + 1, sizeof(**v));
	(*v)[(*n)++] = id;
	return STATUS_OK;
}

/* A citation key names one paper (without case, as BibTeX compares
 * them). When the key p is about to take belongs to another paper than
 * self, p goes without and gets a key of its own at export. */
static enum status free_citekey(struct store_sink *s, long line, struct store_paper *p,
                                int64_t self)
{
	int64_t other;
	enum status ret;

	if (!*p->citekey)
		return STATUS_OK;
	ret = store_find_citekey(s->st, p->citekey, &other);
	if (ret == STATUS_NOTFOUND || (ret == STATUS_OK && other == self))
		return STATUS_OK;
	if (ret)
		return ret;
	import_warn(s->in, line,
	            _("citation key %s names another paper already; this one will get a new key"),
	            p->citekey);
	free(p->citekey);
	p->citekey = xstrdup("");
	return STATUS_OK;
}

/* True when the coarser date a ("2022", "2022-05") contains b. */
static bool date_within(const char *b, const char *a)
{
	size_t n = strlen(a);
	return n < strlen(b) && strncmp(a, b, n) == 0 && b[n] == '-';
}

/* Adds a version date. A date without a version that a known date falls
 * within ("2022" when 2022-05-27 is known) says nothing new and is left
 * out, and one that a new date falls within goes: so the versions, and
 * the paper's earliest date, are the same whatever order records came
 * in. */
static enum status add_date(struct store *st, int64_t id, int version, const char *date)
{
	struct store_version *v;
	size_t n, i;
	enum status ret = store_versions(st, id, &v, &n);

	if (ret)
		return ret;
	for (i = 0; i < n; i++)
		if (version == 0 && date_within(v[i].date, date)) {
			free(v);
			return STATUS_OK;
		}
	ret = store_version_add(st, id, version, date);
	for (i = 0; i < n && !ret; i++)
		if (v[i].version == 0 && date_within(date, v[i].date))
			ret = store_version_drop(st, id, 0, v[i].date);
	free(v);
	return ret;
}

/* Calls the progress callback when it is time to; bytes is how much of
 * the input the record just stored came from. */
static void sink_progress(struct store_sink *s, uint64_t bytes, bool done)
{
	struct import_progress p;
	struct timespec now;

	if (!s->opts || !s->opts->progress || (done && !s->reported))
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	p.elapsed = (double)(now.tv_sec - s->started.tv_sec) +
	            (double)(now.tv_nsec - s->started.tv_nsec) / 1e9;
	if (!done && p.elapsed < s->next_report)
		return;
	s->next_report = p.elapsed + 0.5;
	s->reported = true;
	p.records = s->stats->records;
	p.bytes = bytes;
	p.total = s->in->total;
	p.done = done;
	s->opts->progress(s->opts->progress_ctx, &p);
}

/* A record made ready for the library: all the work that needs no
 * database, so that a worker thread can do it (see the pipeline below). */
struct prepared {
	struct store_paper inc;          /* the record as a paper */
	struct store_version *v;         /* its version dates */
	size_t n_dates;
	long line;
	char earliest[11];               /* its earliest date, or "" */
	struct store_fts_text *fts;      /* its index text, or NULL: rendered on insert */
	uint64_t bytes;                  /* input read when it was parsed */
	struct store_bibfield *fields;   /* BibTeX fields without a column (copies) */
	size_t n_fields;
};

/* Renders the index text ahead when render; tokenizes it too with tk
 * (NULL: no). */
static void prepare(struct prepared *pr, const struct import_paper *r, bool render,
                    struct store_tokens *tk)
{
	size_t i;

	memset(pr, 0, sizeof(*pr));
	paper_from_record(&pr->inc, r);
	pr->v = xcalloc(r->n_dates ? r->n_dates : 1, sizeof(*pr->v));
	for (i = 0; i < r->n_dates; i++) {
		pr->v[i].version = r->dates[i].version;
		memcpy(pr->v[i].date, r->dates[i].date, sizeof(pr->v[i].date));
		if (r->dates[i].date[0] && (!pr->earliest[0] || strcmp(r->dates[i].date, pr->earliest) < 0))
			memcpy(pr->earliest, r->dates[i].date, sizeof(pr->earliest));
	}
	pr->n_dates = r->n_dates;
	pr->line = r->line;
	if (r->n_fields) {
		pr->fields = xcalloc(r->n_fields, sizeof(*pr->fields));
		for (i = 0; i < r->n_fields; i++) {
			pr->fields[i].name = xstrdup(r->fields[i].name);
			pr->fields[i].value = xstrdup(r->fields[i].value);
		}
		pr->n_fields = r->n_fields;
	}
	/* Dated at once, so that adding the versions of a new paper does not
	 * write its row a second time (merging leaves the date to them). */
	free(pr->inc.date);
	pr->inc.date = xstrdup(pr->earliest);
	if (render)
		pr->fts = store_fts_text_render(&pr->inc, tk);
}

static void prepared_free(struct prepared *pr)
{
	store_paper_clear(&pr->inc);
	free(pr->v);
	store_fts_text_free(pr->fts);
	store_bibfields_free(pr->fields, pr->n_fields);
	memset(pr, 0, sizeof(*pr));
}

/* A DOI names one paper (the library's index of DOIs is unique), yet now
 * and then two arXiv ids carry the same DOI: rule 1 of merge.h keeps them
 * apart, and the DOI goes to the smaller arXiv id, whichever came first,
 * so that the order of imports does not matter. Called before p (paper
 * self, 0 when new) is written. */
static enum status resolve_doi(struct store_sink *s, struct store_paper *p, int64_t self)
{
	struct store_paper other, old;
	int64_t id;
	enum status ret;

	if (!p->doi || !*p->doi)
		return STATUS_OK;
	ret = store_find_doi(s->st, p->doi, &id);
	if (ret == STATUS_NOTFOUND || (!ret && id == self))
		return STATUS_OK;
	if (ret)
		return ret;
	ret = store_paper_get(s->st, id, &other);
	if (ret)
		return ret;
	if (*p->arxiv && *other.arxiv && strcmp(p->arxiv, other.arxiv) < 0) {
		ret = store_paper_get(s->st, id, &old);
		if (!ret) {
			free(other.doi);
			other.doi = xstrdup("");
			ret = store_paper_update(s->st, &old, &other);
			store_paper_clear(&old);
		}
	} else {
		free(p->doi);
		p->doi = xstrdup("");
	}
	store_paper_clear(&other);
	return ret;
}

/* Merges a prepared record into the library; *handle is its paper. */
static enum status apply(struct store_sink *s, struct prepared *pr, int64_t *handle)
{
	struct store_paper *inc = &pr->inc, keep;
	struct side inc_side;
	int64_t *cands = NULL, *matched = NULL, id, found[16];
	size_t nc = 0, cc = 0, nm = 0, cm = 0, i, nf;
	int64_t seen_id = 0, position;
	enum status ret = STATUS_OK;
	/* Rule 1 of merge.h: a record with an arXiv id joins only the paper
	 * with that id, or one without any id. When the library holds no
	 * paper without one, its text, title and DOI can find nothing else
	 * to merge with (the DOI is still looked up: it must stay unique). */
	bool by_text = !*inc->arxiv || !s->idless_known || s->idless > 0;

	s->stats->records++;
	if ((s->stats->records & 255) == 0)
		sink_progress(s, pr->bytes ? pr->bytes : s->in->size, false);
	if (by_text && s->lookups_deferred) {
		ret = store_bulk_lookups(s->st);
		if (ret)
			return ret;
		s->lookups_deferred = false;
	}

	/* The record this very position of this very file gave before is
	 * that paper and no other: importing a file again changes nothing,
	 * and papers the page rule kept apart stay apart however well they
	 * match. Only a source an earlier import made holds such records.
	 * Records that start on one line (BibTeX or XML written without line
	 * breaks) are different records: their positions tell them apart. */
	if (pr->line == s->pos_line) {
		s->pos_index++;
	} else {
		s->pos_line = pr->line;
		s->pos_index = 0;
	}
	position = STORE_POSITION(pr->line, s->pos_index);
	if (!s->source_new && store_find_seen(s->st, s->source, position, &seen_id) == STATUS_OK)
		add_candidate(&matched, &nm, &cm, seen_id);
	if (!seen_id && *inc->arxiv && store_find_arxiv(s->st, inc->arxiv, &id) == STATUS_OK)
		add_candidate(&cands, &nc, &cc, id);
	if (!seen_id && *inc->doi && store_find_doi(s->st, inc->doi, &id) == STATUS_OK)
		add_candidate(&cands, &nc, &cc, id);
	if (!seen_id && by_text && inc->fp &&
	    store_find_fp(s->st, inc->fp, found, ARRAY_SIZE(found), &nf) == STATUS_OK)
		for (i = 0; i < nf; i++)
			add_candidate(&cands, &nc, &cc, found[i]);
	if (!seen_id && by_text && inc->tkey &&
	    store_find_tkey(s->st, inc->tkey, found, ARRAY_SIZE(found), &nf) == STATUS_OK)
		for (i = 0; i < nf; i++)
			add_candidate(&cands, &nc, &cc, found[i]);
	if (!seen_id && *inc->citekey && store_find_citekey(s->st, inc->citekey, &id) == STATUS_OK)
		add_candidate(&cands, &nc, &cc, id);

	/* The whole matching key is needed only to compare with candidates;
	 * most records (a new arXiv id, an unknown fingerprint) have none. */
	if (nc)
		side_from_paper(&inc_side, inc, pr->v, pr->n_dates);
	for (i = 0; i < nc && !ret; i++) {
		struct store_paper cp;
		struct store_version *v;
		size_t nv;
		struct side cs;

		if (cands[i] == seen_id)
			continue;
		/* A page never lists one paper twice. */
		if (s->in_group && in_group(s, cands[i]))
			continue;
		ret = store_paper_get(s->st, cands[i], &cp);
		if (ret)
			break;
		ret = store_versions(s->st, cands[i], &v, &nv);
		if (!ret) {
			side_from_paper(&cs, &cp, v, nv);
			if (merge_same(&inc_side.m, &cs.m, NULL))
				add_candidate(&matched, &nm, &cm, cands[i]);
			side_free(&cs);
			free(v);
		}
		store_paper_clear(&cp);
	}
	if (nc)
		side_free(&inc_side);
	free(cands);
	if (ret)
		goto out;

	if (nm == 0) {
		inc->added = (int64_t)time(NULL);
		ret = resolve_doi(s, inc, 0);
		if (!ret)
			ret = free_citekey(s, pr->line, inc, 0);
		/* The index text depends on title, authors and text only. */
		if (!ret && pr->fts)
			ret = store_paper_insert_rendered(s->st, inc, pr->fts);
		else if (!ret)
			ret = store_paper_insert(s->st, inc);
		if (ret)
			goto out;
		id = inc->id;
		s->stats->added++;
		if (!*inc->arxiv && !inc->stub)
			s->idless++;
	} else {
		/* Everything matched becomes the oldest of them. */
		id = matched[0];
		for (i = 1; i < nm; i++)
			if (matched[i] < id)
				id = matched[i];
		ret = store_paper_get(s->st, id, &keep);
		if (ret)
			goto out;
		{
			struct store_paper old;
			ret = store_paper_get(s->st, id, &old);
			for (i = 0; i < nm && !ret; i++) {
				struct store_paper other;
				if (matched[i] == id)
					continue;
				ret = store_paper_get(s->st, matched[i], &other);
				if (ret)
					break;
				merge_fields(&keep, &other);
				store_paper_clear(&other);
				ret = store_paper_fold(s->st, id, matched[i]);
				/* fold rewrote the row (marks); read it back before updating */
				if (!ret) {
					store_paper_clear(&old);
					ret = store_paper_get(s->st, id, &old);
					keep.read = old.read;
					keep.starred = old.starred;
					keep.tagged = old.tagged;
					keep.read_at = old.read_at;
					keep.starred_at = old.starred_at;
					keep.tagged_at = old.tagged_at;
					keep.opened = old.opened;
					keep.added = old.added;
					free(keep.date);
					keep.date = xstrdup(old.date);
				}
			}
			if (!ret) {
				merge_fields(&keep, inc);
				refresh_keys(&keep);
				ret = resolve_doi(s, &keep, id);
				if (!ret && strcmp(keep.citekey, old.citekey) != 0)
					ret = free_citekey(s, pr->line, &keep, id);
			}
			if (!ret)
				ret = store_paper_update(s->st, &old, &keep);
			store_paper_clear(&old);
		}
		store_paper_clear(&keep);
		if (ret)
			goto out;
		s->stats->merged++;
	}
	/* A new paper takes its dates as they are, in one call; a merged one
	 * goes date by date, so that coarse dates ("2022") give way to the
	 * finer ones that fall within them, whatever the order. A new paper
	 * was inserted dated with the earliest of them (prepare()): its row
	 * needs no second look (a tenth of the library thread's work in a
	 * large import went to that look). */
	if (!ret && nm == 0)
		ret = store_versions_add(s->st, id, pr->v, pr->n_dates,
		                         strcmp(inc->date ? inc->date : "", pr->earliest) == 0);
	for (i = 0; nm > 0 && i < pr->n_dates && !ret; i++)
		if (pr->v[i].date[0])
			ret = add_date(s->st, id, pr->v[i].version, pr->v[i].date);
	for (i = 0; i < pr->n_fields && !ret; i++)
		ret = store_bibfield_put(s->st, id, pr->fields[i].name, pr->fields[i].value);
	if (!ret)
		ret = store_seen_add(s->st, id, s->source, position);
	if (!ret && s->in_group) {
		s->group = xgrow(s->group, &s->group_cap, s->group_n + 1, sizeof(*s->group));
		s->group[s->group_n++] = id;
	}
	*handle = id;
out:
	free(matched);
	return ret;
}

static enum status sink_paper(void *ctx, const struct import_paper *r, int64_t *handle)
{
	struct store_sink *s = ctx;
	struct prepared pr;
	enum status ret = sink_source(s);

	if (ret)
		return ret;
	prepare(&pr, r, false, NULL);
	ret = apply(s, &pr, handle);
	prepared_free(&pr);
	return ret;
}

static enum status sink_link(void *ctx, int64_t from, int64_t to, enum store_link_kind kind,
                             double score, bool has_score, int rank)
{
	struct store_sink *s = ctx;
	bool added;
	enum status ret = store_link_add(s->st, from, to, kind, score, has_score, rank, s->source,
	                                 NULL, &added);

	if (!ret && added)
		s->stats->links++;
	return ret;
}

/* Who a page's subject is, known only by its date: the one paper with
 * that date, else the stub standing for it. */
static enum status subject_of(struct store *st, const char *date, int64_t *id)
{
	int64_t ids[2];
	size_t n;
	enum status ret = store_find_date(st, date, false, ids, 2, &n);

	if (ret)
		return ret;
	if (n == 1) {
		*id = ids[0];
		return STATUS_OK;
	}
	return store_stub(st, date, true, id);
}

static enum status sink_subject_link(void *ctx, const char *date, int64_t to, int rank)
{
	struct store_sink *s = ctx;
	int64_t from;
	bool added;
	enum status ret = subject_of(s->st, date, &from);

	if (ret)
		return ret;
	ret = store_link_add(s->st, from, to, STORE_LINK_SIMILAR, 0, false, rank, s->source, date,
	                     &added);
	if (!ret && added)
		s->stats->links++;
	return ret;
}

/* Re-decides one subject after an import: papers may have arrived that
 * make its date unique (fold the stub) or ambiguous (back to a stub). */
static enum status resolve_subject(void *ctx, const char *date)
{
	struct store *st = ctx;
	int64_t target, stub;
	enum status ret = subject_of(st, date, &target);

	if (ret)
		return ret;
	ret = store_subject_repoint(st, date, target);
	if (ret)
		return ret;
	ret = store_stub(st, date, false, &stub);
	if (ret == STATUS_NOTFOUND)
		return STATUS_OK;
	if (ret || stub == target)
		return ret;
	/* The stub is no longer needed; keep any mark made on it. */
	{
		struct store_paper p;
		ret = store_paper_get(st, stub, &p);
		if (ret)
			return ret;
		if (p.read || p.starred || p.tagged)
			ret = store_paper_fold(st, target, stub);
		else
			ret = store_stub_prune(st, stub);
		store_paper_clear(&p);
	}
	return ret;
}

/* Enters the store's bulk mode for a large input (s->bulk tells whether
 * it did): a bigger page cache, and when the input may well hold more
 * papers than the library, the indexes no lookup needs are built once at
 * the end instead of growing record by record. Small inputs stay as they
 * are: rebuilding a large library's indexes for them would cost more. */
static bool input_big(const struct import_input *in)
{
	return in->total ? in->total >= IMPORT_BULK_BYTES : !in->eof;
}

static enum status bulk_begin(struct store_sink *s)
{
	int64_t papers;
	uint64_t expect;
	unsigned defer = 0;
	enum status ret;

	if (!input_big(s->in))
		return STATUS_OK;
	ret = store_paper_estimate(s->st, &papers);
	if (!ret)
		ret = store_count_without_arxiv(s->st, &s->idless);
	if (ret)
		return ret;
	s->idless_known = true;
	expect = s->in->total / IMPORT_RECORD_BYTES;
	if (!s->in->total || expect >= IMPORT_DEFER_PAPERS) {
		if (papers == 0 || (s->in->total && (uint64_t)papers < expect))
			defer |= STORE_BULK_LISTS;
		/* Nothing to find by text while no paper lacks an arXiv id
		 * (see apply()); the first record without one builds them
		 * again. */
		if (s->idless == 0)
			defer |= STORE_BULK_LOOKUPS;
	}
	s->lookups_deferred = (defer & STORE_BULK_LOOKUPS) != 0;
	ret = store_bulk_begin(s->st, defer);
	s->bulk = ret == STATUS_OK;
	return ret;
}

/* ---------------------------------------------------------------- pipeline
 *
 * A large file of a format whose records stand alone (no links, no
 * groups: import_format.standalone) is parsed in a worker thread that
 * also does each record's database-free work (prepare(): copies, keys,
 * the rendered index text), while this thread merges the records into
 * the library in file order. On two cores the parsing then costs no time
 * of its own. The queue between them is bounded: memory stays flat.
 */

#define PIPE_SLOTS 256
/* Whichever side waits is woken only when there is a batch for it: a
 * waiting library side when PIPE_BATCH records are queued, a waiting
 * parser when the queue is down to half. Waking the other side on every
 * record made both threads switch (a futex call each) once a record. */
#define PIPE_BATCH 32

struct pipe {
	pthread_mutex_t lock;
	pthread_cond_t filled, emptied;
	struct prepared slot[PIPE_SLOTS];
	size_t head, count;
	bool taker_waits, parser_waits;
	/* The parser's own (read and written by it alone): the library side
	 * had a backlog when the parser last queued a record. */
	bool behind;
	struct store_tokens *tokens; /* the parser's tokenizer, or NULL */
	bool done;  /* the parser has returned */
	bool stop;  /* the library side failed: the parser should give up */
	enum status ret;
	char msg[4096]; /* the parser's message (status messages are per thread) */
	struct import_input *in;
	const struct import_format *f;
};

static enum status pipe_paper(void *ctx, const struct import_paper *r, int64_t *handle)
{
	struct pipe *p = ctx;
	struct prepared pr;
	size_t at;

	/* Whichever side is the bottleneck leaves the tokenizing (a third of
	 * the parser's work) to the other: ahead, here, while the library
	 * side has a backlog, else in FTS5's insert there. At 10,000 papers
	 * the parser is the slower side, at a million the library. */
	prepare(&pr, r, true, p->behind ? p->tokens : NULL);
	pr.bytes = p->in->size;
	*handle = 0;
	pthread_mutex_lock(&p->lock);
	while (p->count == PIPE_SLOTS && !p->stop) {
		p->parser_waits = true;
		pthread_cond_wait(&p->emptied, &p->lock);
	}
	p->parser_waits = false;
	if (p->stop) {
		pthread_mutex_unlock(&p->lock);
		prepared_free(&pr);
		return STATUS_INTERRUPTED;
	}
	/* The free slot still holds the record applied from it (see
	 * run_pipeline()); only this thread writes free slots, and the
	 * library side consuming more does not move this one. */
	at = (p->head + p->count) % PIPE_SLOTS;
	pthread_mutex_unlock(&p->lock);
	prepared_free(&p->slot[at]);
	pthread_mutex_lock(&p->lock);
	p->slot[at] = pr;
	p->behind = p->count >= PIPE_SLOTS / 2;
	if (++p->count >= PIPE_BATCH && p->taker_waits) {
		p->taker_waits = false; /* one wake-up is enough */
		pthread_cond_signal(&p->filled);
	}
	pthread_mutex_unlock(&p->lock);
	return STATUS_OK;
}

/* Standalone formats never link or group; if one did, say so. */
static enum status pipe_group(void *ctx, bool begin)
{
	(void)ctx;
	(void)begin;
	return status_set(STATUS_PARSE, "internal error: a standalone format grouped records");
}

static enum status pipe_link(void *ctx, int64_t from, int64_t to, enum store_link_kind kind,
                             double score, bool has_score, int rank)
{
	(void)ctx, (void)from, (void)to, (void)kind, (void)score, (void)has_score, (void)rank;
	return status_set(STATUS_PARSE, "internal error: a standalone format linked records");
}

static enum status pipe_subject_link(void *ctx, const char *date, int64_t to, int rank)
{
	(void)ctx, (void)date, (void)to, (void)rank;
	return status_set(STATUS_PARSE, "internal error: a standalone format linked records");
}

static void *pipe_worker(void *arg)
{
	struct pipe *p = arg;
	struct import_sink sink = {p, pipe_group, pipe_paper, pipe_link, pipe_subject_link};
	enum status ret;

	/* The search index's tokens are made here too (store.c: "tokens
	 * ahead"), on a connection of this thread's own. */
	p->tokens = store_tokens_open();
	ret = p->f->parse(p->in, &sink);
	store_tokens_close(p->tokens);

	if (!ret && p->in->err)
		ret = p->in->err;
	pthread_mutex_lock(&p->lock);
	p->ret = ret;
	if (ret)
		snprintf(p->msg, sizeof(p->msg), "%s", status_msg());
	p->done = true;
	pthread_cond_signal(&p->filled);
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* Parses in a worker and applies here; the same result as parsing with
 * the store sink itself. */
static enum status run_pipeline(struct store_sink *s, const struct import_format *f)
{
	struct pipe *p = xcalloc(1, sizeof(*p));
	pthread_t worker;
	enum status ret = STATUS_OK;
	size_t i;

	p->in = s->in;
	p->f = f;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->filled, NULL);
	pthread_cond_init(&p->emptied, NULL);
	if (pthread_create(&worker, NULL, pipe_worker, p) != 0) {
		ret = status_set(STATUS_IO, _("cannot start a thread: %s"), strerror(errno));
		goto out;
	}
	for (;;) {
		struct prepared *pr;
		int64_t handle;

		pthread_mutex_lock(&p->lock);
		while (p->count == 0 && !p->done) {
			p->taker_waits = true;
			pthread_cond_wait(&p->filled, &p->lock);
		}
		p->taker_waits = false;
		if (p->count == 0) {
			pthread_mutex_unlock(&p->lock);
			break;
		}
		pr = &p->slot[p->head];
		pthread_mutex_unlock(&p->lock);
		/* Applied in its slot, which stays taken until then; the
		 * parser frees it when it fills the slot again, so a record's
		 * memory is (mostly) freed by the thread that allocated it:
		 * freed here, each record took the parser's malloc arena lock
		 * (1-2% of this thread in lock waits at a million papers, 5%
		 * in freeing). */
		ret = apply(s, pr, &handle);
		pthread_mutex_lock(&p->lock);
		p->head = (p->head + 1) % PIPE_SLOTS;
		if (--p->count <= PIPE_SLOTS / 2 && p->parser_waits) {
			p->parser_waits = false;
			pthread_cond_signal(&p->emptied);
		}
		pthread_mutex_unlock(&p->lock);
		if (ret)
			break;
	}
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	pthread_cond_signal(&p->emptied);
	pthread_mutex_unlock(&p->lock);
	pthread_join(worker, NULL);
	/* Queued or applied, every slot's record is freed here now. */
	for (i = 0; i < PIPE_SLOTS; i++)
		prepared_free(&p->slot[i]);
	/* The library's failure first; else the parser's, in this thread. */
	if (!ret && p->ret)
		ret = status_set(p->ret, "%s", p->msg);
out:
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->filled);
	pthread_cond_destroy(&p->emptied);
	free(p);
	return ret;
}

static enum status run_import(struct store *st, struct import_input *in,
                              const struct import_opts *o, struct import_stats *stats)
{
	const struct import_format *f;
	struct store_sink s;
	struct import_sink sink;
	enum status ret;

	memset(stats, 0, sizeof(*stats));
	ret = input_format(in, o, &f);
	if (ret)
		return ret;
	stats->format = f->name;
	memset(&s, 0, sizeof(s));
	s.st = st;
	s.in = in;
	s.fmt = f;
	s.stats = stats;
	s.opts = o;
	s.next_report = 1.0;
	clock_gettime(CLOCK_MONOTONIC, &s.started);
	sink = (struct import_sink){&s, sink_group, sink_paper, sink_link, sink_subject_link};
	/* A large file into a new library: its pages go straight into the
	 * file instead of through the WAL (see store_direct_begin). */
	if (input_big(in))
		store_direct_begin(st);
	ret = store_begin(st);
	if (ret) {
		store_direct_end(st);
		return ret;
	}
	ret = bulk_begin(&s);
	if (!ret && s.bulk && f->standalone && store_threads_ok()) {
		/* The source row first: the worker owns the input from now. */
		ret = sink_source(&s);
		if (!ret)
			ret = run_pipeline(&s, f);
	} else if (!ret) {
		ret = f->parse(in, &sink);
	}
	if (!ret && in->err)
		ret = in->err;
	sink_progress(&s, in->size, true);
	input_warnings(in, o);
	if (!ret && stats->records == 0)
		ret = status_set(STATUS_PARSE, _("%s: no papers found"), in->name);
	/* The deferred indexes are back before anything reads by date. */
	if (!ret && s.bulk)
		ret = store_bulk_end(st, true);
	if (!ret)
		ret = store_subject_dates(st, resolve_subject, st);
	if (!ret && s.source_pending) {
		char hash[64];
		snprintf(hash, sizeof(hash), "fnv1a64:%016llx:%llu", (unsigned long long)in->hash,
		         (unsigned long long)in->size);
		ret = store_source_finish(st, s.source, hash);
	}
	if (!ret)
		ret = store_commit(st);
	if (ret) {
		store_rollback(st);
		store_bulk_end(st, false);
	}
	store_direct_end(st);
	free(s.group);
	return ret;
}

enum status import_file(struct store *st, const char *path, const struct import_opts *o,
                        struct import_stats *stats)
{
	struct import_input in;
	enum status ret = input_open(&in, path, o);

	memset(stats, 0, sizeof(*stats));
	if (!ret)
		ret = run_import(st, &in, o, stats);
	input_close(&in);
	return ret;
}

enum status import_file_to(const char *path, const struct import_opts *o,
                           const struct import_sink *sink, const char **format)
{
	struct import_input in;
	const struct import_format *f;
	enum status ret = input_open(&in, path, o);

	if (!ret)
		ret = input_format(&in, o, &f);
	if (!ret) {
		*format = f->name;
		ret = f->parse(&in, sink);
		if (!ret && in.err)
			ret = in.err;
		input_warnings(&in, o);
	}
	input_close(&in);
	return ret;
}

enum status import_buffer_to(const char *name, const char *data, size_t len,
                             const struct import_format *f, const struct import_sink *sink)
{
	struct import_input in;
	enum status ret;

	input_from_buffer(&in, name, data, len);
	ret = f->parse(&in, sink);
	if (!ret && in.err)
		ret = in.err;
	input_close(&in);
	return ret;
}
