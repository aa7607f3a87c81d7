/*
 * import: reading files into records, and the sinks records go to.
 *
 * A format is one file (import-similar.c, import-digest.c, ...) that
 * fills a struct import_format: a detector that scores the head of a
 * file, and a parser that hands records to a sink. The store sink merges
 * records into the library (one transaction a file); tests use their own
 * sinks. Adding a format is one file and one line in the table in
 * import.c.
 */
#ifndef SHEAF_IMPORT_H
#define SHEAF_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "merge.h"
#include "status.h"
#include "store.h"

/* How much a record says about who it is; it decides which identity
 * rules apply and how the record is counted. */
enum import_kind {
	IMPORT_LISTING, /* a similar-papers entry: a date and an abstract snippet */
	IMPORT_DIGEST,  /* a digest record: URL, title, authors, abstract */
	IMPORT_RELATED, /* a digest's related entry: title, summary, date */
	IMPORT_RECORD,  /* a bibliographic record (BibTeX, arXiv metadata) */
};

/* A field of a record that no member of struct import_paper holds (BibTeX
 * volume, pages, publisher, crossref, ...); name in lower case. */
struct import_field {
	const char *name;
	const char *value;
};

/* One paper as a parser saw it. Strings may be NULL; they are borrowed
 * for the duration of the sink call. authors: one name a line. */
struct import_paper {
	enum import_kind kind;
	long line; /* where the record starts in its file */
	const char *arxiv;
	const char *doi;
	const char *title;
	const char *authors;
	const char *abstract;
	bool abstract_truncated;
	const char *summary;
	const char *url;
	const char *license;
	const char *categories;
	const char *journal;
	const char *bibtype;
	const char *citekey;
	const struct merge_date *dates;
	size_t n_dates;
	const struct import_field *fields; /* kept as BibTeX fields of the paper */
	size_t n_fields;
};

/* Where records go. Every callback returns a status; a parser stops at the
 * first failure and returns it. */
struct import_sink {
	void *ctx;
	/* Records between group(true) and group(false) are distinct papers
	 * (the entries of one similar-papers page). */
	enum status (*group)(void *ctx, bool begin);
	/* A paper; *handle identifies it in later link calls. */
	enum status (*paper)(void *ctx, const struct import_paper *p, int64_t *handle);
	/* A link between two handed-out papers. */
	enum status (*link)(void *ctx, int64_t from, int64_t to, enum store_link_kind kind,
	                    double score, bool has_score, int rank);
	/* A link from a page's subject known only by its date. */
	enum status (*subject_link)(void *ctx, const char *date, int64_t to, int rank);
};

/* The input a parser reads. */
struct import_input;

/* The whole input as UTF-8 (converted per the import options), NUL
 * terminated; valid until the input is closed. */
enum status import_input_all(struct import_input *in, const char **data, size_t *len);

/* The next raw line (without its newline), and its 1-based number; false
 * at the end (or on a read error, see import_input_error). */
bool import_input_line(struct import_input *in, const char **line, size_t *len, long *lineno);

/* STATUS_OK, or the read error that ended import_input_line(). */
enum status import_input_error(const struct import_input *in);

/* The name used in messages: the path, or "(stdin)". */
const char *import_input_name(const struct import_input *in);

struct import_format {
	const char *name;        /* as given to --format */
	const char *description; /* for --help (marked with N_) */
	/* 0..100: how sure the format is that data (the first bytes of a
	 * file, len of them, NUL terminated) is its own. */
	int (*detect)(const char *data, size_t len);
	enum status (*parse)(struct import_input *in, const struct import_sink *sink);
	/* Records stand alone: parse() never groups or links them and
	 * ignores their handles, so a large file may be parsed in a worker
	 * thread ahead of the library (it then must not touch the sink's
	 * context or any global state but its own). */
	bool standalone;
};

extern const struct import_format import_format_similar;
extern const struct import_format import_format_digest;
extern const struct import_format import_format_bibtex;
extern const struct import_format import_format_arxiv;
extern const struct import_format import_format_atom;

/* The formats sheaf reads, NULL-terminated, in detection order. */
extern const struct import_format *const import_formats[];

/* The format called name, or NULL. */
const struct import_format *import_format_find(const char *name);

/* How far an import has got, for a progress display. */
struct import_progress {
	long records;   /* records read so far */
	uint64_t bytes; /* bytes read so far */
	uint64_t total; /* the input's size; 0 when unknown (a pipe) */
	double elapsed; /* seconds since the import began */
	bool done;      /* the last call: the records are all read */
};

struct import_opts {
	const char *format;   /* NULL: detect */
	const char *encoding; /* NULL: UTF-8, else Windows-1252 with a warning */
	/* Called with a warning (already formatted as "file: text"); may be
	 * NULL. */
	void (*warn)(void *ctx, const char *msg);
	void *warn_ctx;
	/* Called about twice a second during an import that has run for a
	 * second, and once more with done set if it was ever called; may be
	 * NULL. */
	void (*progress)(void *ctx, const struct import_progress *p);
	void *progress_ctx;
};

struct import_stats {
	long records; /* records read */
	long added;   /* new papers */
	long merged;  /* records that joined a paper already known */
	long links;   /* new links */
	const char *format;
};

/* Imports one file ("-" for standard input) into the library in a single
 * transaction: on any error nothing of the file is kept, the error reads
 * "file:line: reason" and is returned. */
enum status import_file(struct store *st, const char *path, const struct import_opts *o,
                        struct import_stats *stats);

/* Parses a file into a caller's sink without touching a library (for
 * tests and --check). */
enum status import_file_to(const char *path, const struct import_opts *o,
                           const struct import_sink *sink, const char **format);

/* Parses an in-memory buffer with a given format into a sink; name is used
 * in messages. */
enum status import_buffer_to(const char *name, const char *data, size_t len,
                             const struct import_format *f, const struct import_sink *sink);

/* Helpers the parsers share. */

/* Parses "September 14, 2023" (also "Sep 14, 2023", "Sept. 14, 2023")
 * into YYYY-MM-DD; false when it is not a valid date. */
bool import_parse_long_date(const char *s, size_t len, char out[11]);

/* Parses an RFC 2822 date ("Fri, 24 Mar 2023 17:25:53 GMT") or an ISO
 * 8601 one ("2024-10-31T17:47:01Z", "2024-10-31") into YYYY-MM-DD. */
bool import_parse_date(const char *s, size_t len, char out[11]);

/* Splits an arXiv URL or id ("http://arxiv.org/abs/2205.14258v5",
 * "arXiv:2205.14258", "math/0701001v2") into the id without version
 * (written to id, at most idlen bytes) and the version (0 if none). */
bool import_parse_arxiv(const char *s, char *id, size_t idlen, int *version);

/* Walks the lines of a buffer; zero-initialise with data and len set. */
struct import_lines {
	const char *data;
	size_t len, pos;
	long lineno;
};

/* The next line (without "\n" or "\r\n") and its 1-based number; false
 * at the end. */
bool import_lines_next(struct import_lines *l, const char **s, size_t *n, long *lineno);

/* At most 40 columns of a line, made safe to print, for error messages.
 * Newly allocated. */
char *import_excerpt(const char *s, size_t n);

/* A warning about the input ("name:line: message", or "name: message"
 * when line is 0); parsing goes on. Warnings are handed to
 * import_opts.warn once the file is parsed (parsers may run in a worker
 * thread): the first 100 of a file, then how many more there were. */
void import_warn(struct import_input *in, long line, const char *fmt, ...) ATTR_PRINTF(3, 4);

/* Formats a parse error as "name:line: message" and returns STATUS_PARSE. */
enum status import_error(const struct import_input *in, long line, const char *fmt, ...)
	ATTR_PRINTF(3, 4);

#endif
