/*
 * bibtex: writing papers as BibTeX, the mirror of import-bibtex.c. Also
 * the pieces both directions share: BibTeX's name parser, the escaping
 * that makes any stored text a valid field value, and citation keys.
 *
 * Every entry written is meant to pass classic bibtex (plain.bst), biber's
 * data model and pybtex without a warning: braces always balance, LaTeX
 * specials outside math are escaped, entry types and fields are checked
 * against what the styles require (see HACKING.md, "BibTeX").
 */
#ifndef SHEAF_BIBTEX_H
#define SHEAF_BIBTEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "store.h"
#include "util.h"

/* ---------------------------------------------------------------- names */

/* A person's name cut into BibTeX's four parts; each is newly allocated
 * (possibly empty), words joined by single spaces. */
struct bibtex_name {
	char *first, *von, *last, *jr;
};

/* Splits n bytes of one name the way BibTeX does: "First von Last",
 * "von Last, First" or "von Last, Jr, First", with von the words that
 * start lower case, and braces keeping their contents one unit. One
 * extension: "First Last, Jr." (a known suffix after a single comma, as
 * digests write it) is read as a Jr part. Clear with bibtex_name_clear. */
void bibtex_name_parse(const char *s, size_t n, struct bibtex_name *out);
void bibtex_name_clear(struct bibtex_name *nm);

/* Appends nm as "von Last, Jr, First" (the form that parses back to the
 * same parts whatever the words are). */
void bibtex_name_format(struct buf *out, const struct bibtex_name *nm);

/* Splits a BibTeX name list at " and " outside braces into one name a
 * line, each in bibtex_name_format's form. Newly allocated. */
char *bibtex_names_split(const char *field);

/* ---------------------------------------------------------------- values */

enum {
	BIBTEX_ASCII = 1,   /* non-ASCII as LaTeX escapes, else transliterated */
	BIBTEX_PROTECT = 2, /* brace words with capitals so styles keep their case */
	BIBTEX_RAW = 4,     /* only balance braces and clean controls: for fields
	                       no style typesets, kept as they came */
};

/* Appends s (stored text: UTF-8 with LaTeX markup, bare specials meant
 * literally) as the body of a braced field value: braces balanced (a
 * brace without its partner becomes \textbraceleft or \textbraceright),
 * % & # _ escaped and ~ ^ $ \ spelt out where they are not LaTeX already,
 * math and commands kept, control characters turned into spaces, white
 * space collapsed. Valid LaTeX comes out as it went in. Returns how many
 * characters had no ASCII form and became '?' under BIBTEX_ASCII. */
size_t bibtex_escape(struct buf *out, const char *s, unsigned flags);

/* Appends s as the body of a url, doi or eprint value: never LaTeX-escaped,
 * but percent-encoded where a byte would break the entry (braces, white
 * space, backslash, controls, and non-ASCII under BIBTEX_ASCII). */
void bibtex_escape_verbatim(struct buf *out, const char *s, unsigned flags);

/* True when key can be written as a citation key that bibtex, biber and
 * LaTeX all accept (printable ASCII without spaces or , { } ( ) " # % ' = \ ~). */
bool bibtex_key_valid(const char *key);

/* ---------------------------------------------------------------- keys */

/* The readable part of a paper's citation key: first author's last name,
 * year and first significant title word, ASCII, lower case
 * ("godfrey2022symmetries"). Without authors, two title words stand
 * either side of the year. Newly allocated; never empty. */
char *bibtex_key_base(const char *authors, const char *date, const char *title);

/* The citation key of paper p: its stored one, or a new one made from
 * bibtex_key_base() and unique in the library without case (suffixes b,
 * c, ... z, then ba, bb, ...), stored at once so that no later export
 * changes it. Needs a write transaction. *key is newly allocated. */
enum status bibtex_key_get(struct store *st, const struct store_paper *p, char **key);

/* ---------------------------------------------------------------- export */

struct bibtex_opts {
	bool ascii;      /* pure ASCII for classic bibtex (--ascii) */
	bool abstract;   /* write abstracts (--abstract) */
	bool all_fields; /* every stored field and entry type, as imported,
	                    even those biber's data model does not know */
};

struct bibtex_stats {
	long entries; /* entries written */
	long lossy;   /* characters written as '?' for want of an ASCII form */
	long stubs;   /* papers left out: known only by a date, nothing to cite */
	long dropped; /* fields left out of an ASCII export: their names are not ASCII */
	long unkept;  /* keys made that the library could not store (read-only,
	                 full or locked): a later export may choose others */
};

/* Where export text goes: put is called with each entry in turn. */
struct bibtex_sink {
	enum status (*put)(void *ctx, const char *s, size_t n);
	void *ctx;
};

/* Writes the papers of view v (ids NULL), or the papers ids[0..n_ids) in
 * that order, as BibTeX to sink. Entries that others crossref are written
 * after them (bibtex needs that), and such parents come along even from
 * outside the selection. Citation keys made on the way are stored in the
 * same transaction; when the library cannot take them (read-only, full,
 * locked) the export is made all the same and stats->unkept counts the
 * keys not kept. The library is read a page at a time. */
enum status bibtex_export(struct store *st, const struct store_view *v, const int64_t *ids,
                          size_t n_ids, const struct bibtex_opts *o, const struct bibtex_sink *sink,
                          struct bibtex_stats *stats);

/* Like bibtex_export() into the file at path, atomically: a temporary
 * file beside it is written, synced and renamed over path, so path holds
 * either its old contents or the whole export, never part of it. An
 * existing file keeps its permissions. stats->entries is how many entries
 * the file holds. */
enum status bibtex_export_file(struct store *st, const struct store_view *v, const int64_t *ids,
                               size_t n_ids, const struct bibtex_opts *o, const char *path,
                               struct bibtex_stats *stats);

#endif
