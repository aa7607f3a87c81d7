/*
 * store: the library, one SQLite file. This is the only module that speaks
 * SQL; everything else asks it questions through the functions below.
 *
 * Every statement is prepared once and bound; no data ever becomes SQL
 * text. Queries are windowed: callers ask for the rows they show (a page
 * of a sorted, filtered list, one paper, one paper's links), never for the
 * whole library, so nothing grows with the library but the file.
 *
 * Strings in returned structs are owned by the struct; free them with the
 * matching *_free() / *_clear() function.
 */
#ifndef SHEAF_STORE_H
#define SHEAF_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* The schema version this sheaf writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 5

struct store;

enum {
	STORE_READONLY = 1,    /* never write; fail rather than create */
	STORE_DEFER_INDEX = 2, /* do not rebuild a stale search index at open */
};

/* Opens (creating when allowed) the library at path, checks its schema,
 * migrates an older one in place after copying it to PATH.vN.bak, and
 * refuses one written by a newer sheaf (STATUS_NEWER) without writing to
 * it. ":memory:" gives a private in-memory library for tests. */
enum status store_open(const char *path, unsigned flags, struct store **out);

/* True when the library can only be read (its file or directory is not
 * writable, or STORE_READONLY was asked for): reading works, every write
 * fails with STATUS_READONLY. */
bool store_readonly(const struct store *st);

/* True when the library could only be opened for reading because the
 * disk (or a quota, or a file size limit) had no room; writes then fail
 * with STATUS_FULL. store_readonly() is true too. */
bool store_full(const struct store *st);

/* How long a write waits for another program's write lock before it
 * fails with STATUS_BUSY (5000 ms unless changed). */
void store_busy_timeout(struct store *st, int ms);

/* True when the search index was built by an older text renderer and
 * was not rebuilt at open (STORE_DEFER_INDEX, or a read-only library):
 * searches still work, on the old words. Any open without the flag (a
 * command such as `sheaf index`) rebuilds it. */
bool store_index_stale(const struct store *st);

/* Closes the library; NULL is allowed. */
void store_close(struct store *st);

/* True when the library held no papers when it was opened. */
bool store_was_empty(const struct store *st);

/* The library's schema version as found on disk before any migration. */
int store_found_version(const struct store *st);

/* Transactions. begin takes the write lock at once (BEGIN IMMEDIATE) so
 * that a long import never fails half-way on a lock. */
enum status store_begin(struct store *st);
/* A transaction that only reads (one consistent view of the library), as
 * a read-only, full or locked library allows; store_commit() ends it. */
enum status store_begin_read(struct store *st);
enum status store_commit(struct store *st);
void store_rollback(struct store *st);

/* ---------------------------------------------------------------- papers */

enum store_mark {
	STORE_MARK_READ,
	STORE_MARK_STAR,
	STORE_MARK_TAG,
};

/* A paper as stored. Text fields are never NULL once filled by the store
 * (empty strings stand for unknown). authors holds one name a line, each
 * either "First Last" or "Last, First" (BibTeX order, lossless). */
struct store_paper {
	int64_t id;
	char *arxiv;      /* without version, e.g. 2205.14258 */
	char *doi;        /* lower case */
	char *title;      /* display title; derived from the abstract when title_derived */
	char *authors;
	char *abstract;
	char *summary;
	char *url;
	char *license;
	char *categories; /* space separated, primary first */
	char *journal;
	char *date;       /* earliest known version date: YYYY-MM-DD (or YYYY, YYYY-MM) */
	char *citekey;
	char *bibtype;    /* entry type a BibTeX import brought, else empty */
	int64_t fp;       /* fingerprint of the abstract's matching key (0 = none) */
	int64_t tkey;     /* fingerprint of the title's matching key (0 = none) */
	bool title_derived, abstract_truncated, stub;
	bool read, starred, tagged;
	int64_t added, opened, read_at, starred_at, tagged_at;
};

/* Releases the strings of p (not p itself) and zeroes it. */
void store_paper_clear(struct store_paper *p);

/* Fills *p with paper id; STATUS_NOTFOUND when there is none. */
enum status store_paper_get(struct store *st, int64_t id, struct store_paper *p);

/* Inserts p (its id is ignored and set), with its search index entry. */
enum status store_paper_insert(struct store *st, struct store_paper *p);

/* Replaces the stored fields of paper p->id by p's, keeping the search
 * index in step; old must be what store_paper_get() returned for it. */
enum status store_paper_update(struct store *st, const struct store_paper *old,
                               const struct store_paper *p);

/* Folds paper drop into paper keep: versions, sources, links (both ways,
 * without duplicates or self-links) and marks move to keep, then drop is
 * deleted. The caller updates keep's own fields. */
enum status store_paper_fold(struct store *st, int64_t keep, int64_t drop);

/* Looks a paper up by arXiv id (without version) or DOI. STATUS_NOTFOUND
 * when none. */
enum status store_find_arxiv(struct store *st, const char *arxiv, int64_t *id);
enum status store_find_doi(struct store *st, const char *doi, int64_t *id);

/* Up to max ids of papers with the given abstract (fp) or title (tkey)
 * fingerprint; *n is how many were found. */
enum status store_find_fp(struct store *st, int64_t fp, int64_t *ids, size_t max, size_t *n);
enum status store_find_tkey(struct store *st, int64_t tkey, int64_t *ids, size_t max, size_t *n);

/* Up to max ids of papers (stubs excluded unless stubs is true) having
 * a version dated `date`. */
enum status store_find_date(struct store *st, const char *date, bool stubs, int64_t *ids,
                            size_t max, size_t *n);

/* The position of a record in its source: its line, and above the low 32
 * bits its index among the records that start on that line (0 for the
 * first, so that files of one record a line hold plain line numbers).
 * Records sharing a line (BibTeX or XML written without line breaks) are
 * told apart by the index. */
#define STORE_POSITION(line, index) ((int64_t)(line) + ((int64_t)(index) << 32))
#define STORE_POSITION_LINE(pos) ((long)((pos) & 0xFFFFFFFF))

/* The paper seen at this position of this source. STATUS_NOTFOUND when
 * there is none, or more than one (records that shared a line before
 * positions told them apart). */
enum status store_find_seen(struct store *st, int64_t source, int64_t position, int64_t *id);

/* Sets or clears a mark on one paper, committed at once unless a
 * transaction is open. STATUS_NOTFOUND for an unknown id. */
enum status store_mark_set(struct store *st, int64_t id, enum store_mark m, bool on);

/* Records that paper id was opened now (for the "recent" sort). */
enum status store_paper_opened(struct store *st, int64_t id);

/* ---------------------------------------------------------------- versions */

struct store_version {
	int version; /* 0 when unknown */
	char date[11];
};

/* Adds a version date (ignored when already known) and keeps the paper's
 * earliest date in step. */
enum status store_version_add(struct store *st, int64_t id, int version, const char *date);

/* All version dates of a paper, oldest first; *v is allocated. */
enum status store_versions(struct store *st, int64_t id, struct store_version **v, size_t *n);

/* ---------------------------------------------------------------- sources */

struct store_source {
	int64_t id;
	char *path;
	char *format;
	long position; /* the line (STORE_POSITION_LINE of where it was seen) */
};

/* Finds the source with this content hash, or records a new one. *existed
 * tells which. */
enum status store_source_get(struct store *st, const char *hash, const char *path,
                             const char *format, int64_t *id, bool *existed);

/* Gives a source recorded with a provisional hash (a streamed file) its
 * final one; when a source with that hash exists already, this one is
 * folded into it. */
enum status store_source_finish(struct store *st, int64_t id, const char *hash);

/* Records that paper was seen in source at position (STORE_POSITION). */
enum status store_seen_add(struct store *st, int64_t paper, int64_t source, int64_t position);

/* Where a paper was seen; *v is allocated, free each with free(path),
 * free(format). */
enum status store_sources(struct store *st, int64_t paper, struct store_source **v, size_t *n);
void store_sources_free(struct store_source *v, size_t n);

/* ---------------------------------------------------------------- links */

enum store_link_kind {
	STORE_LINK_SIMILAR = 1,  /* listed as similar on a similar-papers page */
	STORE_LINK_DIGEST = 2,   /* a digest record's related papers */
	STORE_LINK_COMPUTED = 3, /* computed from the library's own text */
};

/* The stable name of a link kind ("similar", "digest", "computed"). */
const char *store_link_kind_name(enum store_link_kind k);

/* Adds a link (from -> to). has_score false stores no score. rank is the
 * position in its list (1-based, 0 unknown). subject_date is set for links
 * from a page subject known only by its date. *added is false when the
 * link was already there (its score is kept at the higher of the two). */
enum status store_link_add(struct store *st, int64_t from, int64_t to, enum store_link_kind k,
                           double score, bool has_score, int rank, int64_t source,
                           const char *subject_date, bool *added);

/* A link as shown: the paper at the other end and what links them. */
struct store_link {
	int64_t id; /* the paper at the other end */
	enum store_link_kind kind;
	double score;
	bool has_score;
	int rank;
	char date[11];
	char *title;
	bool title_derived, stub, read, starred;
};

/* The links of a paper, strongest first: outgoing when incoming is false,
 * else the papers that link to it. Imported kinds come before computed
 * ones, and a paper reached by an imported link is not repeated by a
 * computed one. *v is allocated; free with store_links_free(). */
enum status store_links(struct store *st, int64_t id, bool incoming, struct store_link **v,
                        size_t *n);
void store_links_free(struct store_link *v, size_t n);

/* The distinct subject dates of page links, one call of fn each. */
enum status store_subject_dates(struct store *st,
                                enum status (*fn)(void *ctx, const char *date), void *ctx);

/* Makes every link with this subject date start from paper `from`,
 * dropping ones that would duplicate or point at themselves. */
enum status store_subject_repoint(struct store *st, const char *date, int64_t from);

/* The stub paper standing for the subject dated `date`, created when
 * create is true and there is none (STATUS_NOTFOUND otherwise). */
enum status store_stub(struct store *st, const char *date, bool create, int64_t *id);

/* Deletes a stub nothing links from any more. */
enum status store_stub_prune(struct store *st, int64_t id);

/* ---------------------------------------------------------------- lists */

enum store_sort {
	STORE_SORT_DATE,   /* newest first */
	STORE_SORT_TITLE,  /* A to Z */
	STORE_SORT_RECENT, /* most recently opened first, then newest */
};

enum {
	STORE_FILTER_UNREAD = 1,
	STORE_FILTER_STARRED = 2,
	STORE_FILTER_TAGGED = 4,
};

/* What a list shows: filters, then order. */
struct store_view {
	unsigned filter;
	enum store_sort sort;
};

/* One row of a list: what a list line needs, plus its sort key. */
struct store_row {
	int64_t id;
	char arxiv[32];
	char date[11];
	char *title;
	int64_t opened;
	bool read, starred, tagged, title_derived, stub;
};

void store_row_clear(struct store_row *r);
void store_rows_clear(struct store_row *r, size_t n);

/* Up to max rows of the view that come after `from` in its order (before
 * it when backward is true, nearest first), or from the start (the end)
 * when from is NULL. *n is how many were filled; rows need clearing. */
enum status store_rows(struct store *st, const struct store_view *v, const struct store_row *from,
                       bool backward, struct store_row *rows, size_t max, size_t *n);

/* Calls fn with every row of the view, in its order, a page at a time
 * (memory stays flat at any size), until fn returns an error, which is
 * returned. The row is fn's to read only. */
enum status store_rows_each(struct store *st, const struct store_view *v,
                            enum status (*fn)(void *ctx, const struct store_row *r), void *ctx);

/* Fills the row of paper id (whatever the view). */
enum status store_row_get(struct store *st, int64_t id, struct store_row *r);

/* True when row r is among those the view shows. */
bool store_view_has(const struct store_view *v, const struct store_row *r);

/* How many rows of the view come before row r in its order (r need not
 * be in the view). Costs time in proportion to the answer: call it when
 * idle. */
enum status store_position(struct store *st, const struct store_view *v,
                           const struct store_row *r, int64_t *pos);

/* Positions in a long view without counting from its top (which costs
 * time in proportion to the position): the view's fences, every 2048th
 * row's sort key, collected by store_fences_step() a few at a time
 * (each walks 2048 rows of an index), when idle. Once done, a position
 * costs a count of at most 2048 rows, and the view's size is known. The
 * fences hold while the view's rows stay the same: after marks that
 * change what a filtered view shows, or another program's import, make
 * new ones. */
struct store_fences;
struct store_fences *store_fences_new(const struct store_view *v);
void store_fences_free(struct store_fences *f); /* NULL allowed */
/* Collects up to max more fences (or finds the end). */
enum status store_fences_step(struct store *st, struct store_fences *f, size_t max);
bool store_fences_done(const struct store_fences *f);
/* The number of rows of the view, or -1 before store_fences_done(). */
int64_t store_fences_count(const struct store_fences *f);
/* store_position() of r from complete fences. */
enum status store_fences_position(struct store *st, struct store_fences *f,
                                  const struct store_row *r, int64_t *pos);

/* How many papers the view shows. */
enum status store_count(struct store *st, const struct store_view *v, int64_t *n);

/* Sets mark m on every paper the view shows (or clears it everywhere when
 * on is false and v is NULL); *changed counts the papers affected. */
enum status store_mark_view(struct store *st, const struct store_view *v, enum store_mark m,
                            bool on, int64_t *changed);

/* Summary figures of the library. */
struct store_stats {
	int64_t papers, stubs, unread, starred, tagged, links, sources;
};
enum status store_stats(struct store *st, struct store_stats *s);


/* ---------------------------------------------------------------- bibtex */

/* A BibTeX field the papers table has no column for (volume, pages,
 * publisher, crossref, ...): name in lower case, value as BibTeX text
 * (macros expanded, braces kept). */
struct store_bibfield {
	char *name;
	char *value;
};

/* Records field name = value for paper id. When the paper has that field
 * already, the preferred of the two values stays (the longer, then the
 * smaller), so the order of imports never decides. */
enum status store_bibfield_put(struct store *st, int64_t id, const char *name, const char *value);

/* The BibTeX fields of paper id, by name; *v is allocated, free with
 * store_bibfields_free(). */
enum status store_bibfields(struct store *st, int64_t id, struct store_bibfield **v, size_t *n);
void store_bibfields_free(struct store_bibfield *v, size_t n);

/* The paper whose citation key is key, compared without case as BibTeX
 * does. STATUS_NOTFOUND when none. */
enum status store_find_citekey(struct store *st, const char *key, int64_t *id);

/* Gives paper id the citation key key, once: STATUS_NOTFOUND when the
 * paper has one already (keys never change once made) or does not exist,
 * STATUS_USAGE when another paper holds key (compared without case). */
enum status store_citekey_set(struct store *st, int64_t id, const char *key);

/* Forgets one version date of a paper (a coarse date a finer one has made
 * redundant) and keeps the paper's earliest date in step. */
enum status store_version_drop(struct store *st, int64_t id, int version, const char *date);

/* ================================================================ arxiv */

/* Large imports, inside a transaction. store_bulk_begin() gives SQLite a
 * bigger (fixed) page cache, makes FTS5 write bigger segments, and drops
 * the secondary indexes of the kinds in `defer`, to be built once at the
 * end (sorting once is far cheaper than inserting at random):
 * STORE_BULK_LISTS the indexes no import lookup reads (dates, titles,
 * recency, versions by date, sources by position), STORE_BULK_LOOKUPS the
 * text and title fingerprints, for an import that will not look them up
 * (store_bulk_lookups() builds them at once when it turns out it must).
 * Unique indexes are never dropped. store_bulk_end() builds everything
 * again (rebuild true) and restores the settings; after a failure, roll
 * back first (the indexes come back with the transaction), then call it
 * with rebuild false. */
enum {
	STORE_BULK_LISTS = 1,
	STORE_BULK_LOOKUPS = 2,
};
enum status store_bulk_begin(struct store *st, unsigned defer);
enum status store_bulk_lookups(struct store *st);
enum status store_bulk_end(struct store *st, bool rebuild);

/* For a large import into a library with no papers, outside any
 * transaction: leaves WAL mode for a rollback journal until
 * store_direct_end(). In WAL mode every page of the import is written
 * twice (to the log, then copied into the library at the checkpoint);
 * with a rollback journal the new pages go straight into the file, and
 * the journal holds only the few pages the empty library had, so the
 * import stays one transaction all the same. True when it did: only a
 * library no other connection has open can leave WAL mode, and a
 * library with papers is never switched (readers of a rollback-journal
 * library wait while it is written). Never fails: the import then runs
 * in WAL mode. */
bool store_direct_begin(struct store *st);

/* Back to WAL mode after store_direct_begin(), outside any transaction.
 * Should another connection hold the library by then, the library stays
 * in rollback mode until the next store_open() sets WAL mode again. */
void store_direct_end(struct store *st);

/* True when SQLite was built to be used from several threads (one
 * connection each), as a parser in a worker thread needs. */
bool store_threads_ok(void);

/* An upper bound of the papers in the library, found without counting
 * them (the largest paper id). */
enum status store_paper_estimate(struct store *st, int64_t *n);

/* The number of papers (stubs aside) without an arXiv id, counted on
 * indexes: slow for a large library, meant for the start of a bulk
 * import. */
enum status store_count_without_arxiv(struct store *st, int64_t *n);

/* Adds n version dates of paper id (those already known, and empty dates,
 * are ignored), then keeps the paper's earliest date in step, writing the
 * row only when that date changes. dated says the caller knows the row
 * already holds the earliest of all its dates (a paper just inserted with
 * the earliest of v, which has no other versions): the row is then not
 * looked at again, which spares two lookups a new paper in an import, and
 * the date staying in step is the caller's word. */
enum status store_versions_add(struct store *st, int64_t id, const struct store_version *v,
                               size_t n, bool dated);

/* SQLite's JSON parser, lent to the importers: a private in-memory
 * database, so that parsing works without a library and never touches
 * one. */
struct store_json;

enum store_json_type {
	STORE_JSON_NULL,
	STORE_JSON_TRUE,
	STORE_JSON_FALSE,
	STORE_JSON_INTEGER,
	STORE_JSON_REAL,
	STORE_JSON_TEXT,
	STORE_JSON_ARRAY,
	STORE_JSON_OBJECT,
};

/* One value of a JSON text. Strings are borrowed for the callback only. */
struct store_json_node {
	int depth;              /* 0 for the root, 1 for its members, ... */
	const char *key;        /* an object member's name, else NULL */
	size_t key_len;
	long index;             /* an array element's position */
	enum store_json_type type;
	const char *value;      /* strings unescaped (valid UTF-8), numbers as written; else NULL;
	                         * len bytes, not NUL-terminated */
	size_t len;
};

/* Opens a parser; close it with store_json_close() (NULL allowed). */
enum status store_json_open(struct store_json **out);
void store_json_close(struct store_json *j);

/* Parses len bytes of JSON and calls fn for every value in document order
 * (a container before its contents), stopping at the first status other
 * than STATUS_OK that fn returns, which is returned. STATUS_PARSE with
 * "malformed JSON" when the text is not JSON (fn may have been called for
 * the values before the fault). */
enum status store_json_walk(struct store_json *j, const char *text, size_t len,
                            enum status (*fn)(void *ctx, const struct store_json_node *n),
                            void *ctx);

/* The search index's text of a paper, rendered ahead of its insertion:
 * rendering needs no library, so a worker thread may do it while the
 * library is busy writing. */
struct store_fts_text;

/* Tokens made ahead: the search index's tokenizer, on a private
 * connection, for one thread at a time. NULL when it cannot be had (the
 * text is then tokenized on insertion, as usual). */
struct store_tokens;
struct store_tokens *store_tokens_open(void);
void store_tokens_close(struct store_tokens *t); /* NULL allowed */

/* Stems the lower-case ASCII word w (n bytes) in place with the search
 * index's own Porter stemmer, FTS5's, and returns its new length (the
 * word is NUL-terminated again; a stem is never longer than its word). */
size_t store_tokens_stem(struct store_tokens *t, char *w, size_t n);

/* Renders the index text of p (NULL strings read as empty), tokenized
 * ahead with tk unless it is NULL. Free it with store_fts_text_free()
 * (NULL allowed). */
struct store_fts_text *store_fts_text_render(const struct store_paper *p, struct store_tokens *tk);
void store_fts_text_free(struct store_fts_text *f);

/* store_paper_insert() with the index text store_fts_text_render() made of
 * this very paper (unchanged since). */
enum status store_paper_insert_rendered(struct store *st, struct store_paper *p,
                                        const struct store_fts_text *f);

/* ---------------------------------------------------------------- search and related */

struct search_query; /* search.h */

/* How many hits a search keeps by default. A query matching more keeps
 * the newest STORE_SEARCH_CAP + 1 matches (by paper id, which follows
 * import order), ranks those and drops the weakest, so that a common word
 * in a million papers costs what a rare one does; store_hits_count() says
 * when that happened. */
#define STORE_SEARCH_CAP 2000

/* The hits of one search, ranked once and paged through by position. The
 * rows live in a temporary table of this connection; the handle names
 * their range of rowids. (A search must therefore not run inside a
 * transaction that may roll back while its hits are kept: the rowids of
 * rolled-back hits would be handed out again.) */
struct store_hits;

/* One hit: its list row, its rank (1 = best) and its bm25 score (higher
 * is better; 0 when the query had no words, e.g. year:2021, whose hits
 * come newest first). */
struct store_hit {
	struct store_row row;
	int64_t pos;
	double score;
};

void store_hit_clear(struct store_hit *h);
void store_hits_clear(struct store_hit *h, size_t n);

/* Runs query q over papers the filter (STORE_FILTER_* bits) shows, keeping
 * at most cap hits (0 = STORE_SEARCH_CAP): the newest matches, by id.
 * Stub papers are never hits. With budget_ms, a search running longer is
 * stopped: STATUS_INTERRUPTED (for searching as the user types: a
 * one-letter prefix* can take seconds at a million papers). ranked false
 * skips bm25 (about half the cost of a common word): every score is 0 and
 * rank order is newest first, for a caller that shows hits in a list's
 * order (store_hits_sorted). *out is newly allocated; free it with
 * store_hits_free(). */
enum status store_search(struct store *st, const struct search_query *q, unsigned filter,
                         size_t cap, unsigned budget_ms, bool ranked, struct store_hits **out);

/* Builds, at most max papers a call, a small search index of the papers
 * that carry the filter's star (or else tag) mark, when at most 5000 do.
 * While it is complete and nothing watched changed since (a paper's
 * marks or text, papers added or removed, another connection's commit),
 * an unranked store_search() with that filter reads it instead of
 * looking each marked paper up in the library's index (15 ms for 300
 * starred at a million papers, against well under 1). *more is true while
 * there is work left; a change starts the build again. For idle time. */
enum status store_marks_index_step(struct store *st, unsigned filter, size_t max, bool *more);

/* Forgets the hits (their rows are deleted); NULL is allowed. */
void store_hits_free(struct store *st, struct store_hits *h);

/* How many hits the filter shows now (marks may have changed since the
 * search), and whether the search stopped at its cap (*more). Free while
 * nothing was written to the library since the search (by this
 * connection or another; other searches' hits do not count); after that,
 * a join of every hit with its paper. */
enum status store_hits_count(struct store *st, const struct store_hits *h, int64_t *n,
                             bool *more);

/* Up to max hits in rank order after `from` (before it when backward is
 * true, nearest first), or from the best (the worst) when from is NULL;
 * only those the filter shows now. Cost: the page, whatever its position.
 * *n is how many were filled; hits need clearing. */
enum status store_hits_rows(struct store *st, const struct store_hits *h,
                            const struct store_hit *from, bool backward, struct store_hit *rows,
                            size_t max, size_t *n);

/* The same hits in a list's order (sort, as store_rows()): up to max after
 * row `from` (any paper, hit or not; NULL for the start or the end). With
 * max 1 this is "the next hit below the cursor" for n and N. Cost grows
 * with the number of hits (at most the cap), not with the library. */
enum status store_hits_sorted(struct store *st, const struct store_hits *h, enum store_sort sort,
                              const struct store_row *from, bool backward, struct store_hit *rows,
                              size_t max, size_t *n);

/* The hit that is paper id (for highlighting a list), or STATUS_NOTFOUND
 * when the paper is not among the hits. */
enum status store_hits_find(struct store *st, const struct store_hits *h, int64_t id,
                            struct store_hit *out);

/* Takes the write lock like store_begin(), but gives STATUS_BUSY at once
 * when another connection holds it (for work the user is not waiting on). */
enum status store_begin_nowait(struct store *st);

/* Storage for related.c: its statistics, vocabulary, signatures, impact-
 * ordered postings, queue, and the computed links themselves. */
struct store_rel_state {
	int64_t docs;   /* papers with a signature */
	int64_t tokens; /* their total length, in weighted terms */
	int64_t base;   /* docs at the last full build (0: never built) */
	int64_t gen;    /* full builds so far */
};
enum status store_rel_state_get(struct store *st, struct store_rel_state *s);
enum status store_rel_state_set(struct store *st, const struct store_rel_state *s);

/* The text a paper's terms come from. Strings are owned by the struct. */
struct store_rel_text {
	int64_t id;
	char *title, *abstract, *summary;
	bool title_derived, stub;
};
void store_rel_text_clear(struct store_rel_text *t);

/* Fills *t with paper id's text; STATUS_NOTFOUND when there is no such
 * paper. */
enum status store_rel_text_get(struct store *st, int64_t id, struct store_rel_text *t);

/* Calls fn with the text of every paper that is not a stub, in id order,
 * from one read snapshot; stops at (and returns) fn's first failure. The
 * text passed is only valid during the call. */
enum status store_rel_texts(struct store *st,
                            enum status (*fn)(void *ctx, const struct store_rel_text *t),
                            void *ctx);

/* How many papers (stubs excluded) the library holds. */
enum status store_rel_papers(struct store *st, int64_t *n);

/* A term's id, document frequency and owner (the one paper that has it
 * while df is 1, else 0); STATUS_NOTFOUND when unknown. */
enum status store_rel_term_get(struct store *st, const char *term, int64_t *id, int64_t *df,
                               int64_t *owner);

/* Adds one to a term's document frequency for paper `paper`, creating the
 * term (df 1, owned by paper) when new; gives its id, its new df, and its
 * owner before the call (0 when it had none or is new). */
enum status store_rel_term_bump(struct store *st, const char *term, int64_t paper, int64_t *id,
                                int64_t *df, int64_t *owner);

/* Stores a term under a given id (a full build numbers its own); owner 0
 * for none. */
enum status store_rel_term_put(struct store *st, int64_t id, const char *term, int64_t df,
                               int64_t owner);

/* A paper's signature (*sig newly allocated, n bytes) and length;
 * STATUS_NOTFOUND when it has none. */
enum status store_rel_sig_get(struct store *st, int64_t paper, void **sig, size_t *n,
                              int64_t *len);

/* Stores (or replaces) a paper's signature. */
enum status store_rel_sig_put(struct store *st, int64_t paper, const void *sig, size_t n,
                              int64_t len);

/* Adds or removes the posting (term, weight, paper). */
enum status store_rel_post_add(struct store *st, int64_t term, int weight, int64_t paper);
enum status store_rel_post_del(struct store *st, int64_t term, int weight, int64_t paper);

/* Up to max postings of a term, heaviest first (then newest paper). */
enum status store_rel_post_top(struct store *st, int64_t term, size_t max, int64_t *papers,
                               int *weights, size_t *n);

/* Up to max queued papers, newest first; whether one paper is queued;
 * queueing one; taking one off; the queue's length. */
enum status store_rel_dirty(struct store *st, int64_t *ids, size_t max, size_t *n);
enum status store_rel_dirty_has(struct store *st, int64_t id, bool *queued);
enum status store_rel_dirty_add(struct store *st, int64_t id);
enum status store_rel_dirty_drop(struct store *st, int64_t id);
enum status store_rel_dirty_count(struct store *st, int64_t *n);

/* One signature left by a deleted paper (*sig newly allocated), or
 * STATUS_NOTFOUND; and forgetting it once its postings are gone. */
enum status store_rel_gone(struct store *st, int64_t *paper, void **sig, size_t *n,
                           int64_t *len);
enum status store_rel_gone_drop(struct store *st, int64_t paper);

/* Replaces paper from's computed links by to[0..n) with their scores
 * (ranked in that order). */
enum status store_rel_links_set(struct store *st, int64_t from, const int64_t *to,
                                const double *score, size_t n);

/* Up to max of paper from's computed links, strongest first. */
enum status store_rel_links_get(struct store *st, int64_t from, int64_t *to, double *score,
                                size_t max, size_t *n);

/* Gives the connection a page cache big enough for a full build's
 * writes (128 MB), or the default one back. */
enum status store_rel_bulk(struct store *st, bool on);

/* Forgets the whole related index and empties the queue (a full build
 * starts here, and replaces each paper's computed links as it goes). */
enum status store_rel_reset(struct store *st);

#endif
