/*
 * store: the SQLite library. The only file in sheaf that contains SQL.
 *
 * Must never: build SQL from data (every value is bound), load a whole
 * table into memory, or leave the search index out of step with the
 * papers table (every change to a paper's text goes through paper_write
 * and fts_put/fts_drop below).
 *
 * The search index is a contentless FTS5 table: it holds the *rendered*
 * text (LaTeX turned into words, so that "pretraining" finds
 * "{\em pretraining}"), which the papers table does not store. Deleting
 * from a contentless table needs the values once inserted, so fts_drop()
 * renders the stored text again; the renderer's revision is recorded in
 * meta and a change of it rebuilds the index at open.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "search.h"
#include "store.h"
#include "text.h"

/* Bump when text_render() changes what it produces for indexed text. */
#define FTS_RENDER_REVISION "4"
#define APPLICATION_ID 0x73686566 /* "shef" */

/* ---------------------------------------------------------------- schema */

/* Migrations, in order: entry i takes the schema from version i to i+1.
 * Never edit one that has shipped; append a new one. */
static const char *const migrations[] = {
	/* 0 -> 1: the first schema */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE papers("
	"  id INTEGER PRIMARY KEY,"
	"  arxiv TEXT, doi TEXT, fp INTEGER, tkey INTEGER,"
	"  title TEXT NOT NULL DEFAULT '' COLLATE NOCASE,"
	"  title_derived INTEGER NOT NULL DEFAULT 0,"
	"  stub INTEGER NOT NULL DEFAULT 0,"
	"  authors TEXT NOT NULL DEFAULT '',"
	"  abstract TEXT NOT NULL DEFAULT '',"
	"  abstract_truncated INTEGER NOT NULL DEFAULT 0,"
	"  summary TEXT NOT NULL DEFAULT '',"
	"  url TEXT NOT NULL DEFAULT '', license TEXT NOT NULL DEFAULT '',"
	"  categories TEXT NOT NULL DEFAULT '', journal TEXT NOT NULL DEFAULT '',"
	"  date TEXT NOT NULL DEFAULT '',"
	"  citekey TEXT, bibtype TEXT NOT NULL DEFAULT '',"
	"  added INTEGER NOT NULL DEFAULT 0, opened INTEGER NOT NULL DEFAULT 0,"
	"  read INTEGER NOT NULL DEFAULT 0, read_at INTEGER,"
	"  starred INTEGER NOT NULL DEFAULT 0, starred_at INTEGER,"
	"  tagged INTEGER NOT NULL DEFAULT 0, tagged_at INTEGER);"
	"CREATE UNIQUE INDEX papers_arxiv ON papers(arxiv) WHERE arxiv IS NOT NULL;"
	"CREATE UNIQUE INDEX papers_doi ON papers(doi) WHERE doi IS NOT NULL;"
	"CREATE UNIQUE INDEX papers_citekey ON papers(citekey) WHERE citekey IS NOT NULL;"
	"CREATE INDEX papers_fp ON papers(fp) WHERE fp IS NOT NULL;"
	"CREATE INDEX papers_tkey ON papers(tkey) WHERE tkey IS NOT NULL;"
	"CREATE INDEX papers_date ON papers(date, id);"
	"CREATE INDEX papers_title ON papers(title, id);"
	"CREATE INDEX papers_opened ON papers(opened, date, id);"
	"CREATE INDEX papers_stub ON papers(date) WHERE stub = 1;"
	/* Marks are few: small partial indexes keep filtered lists windowed. */
	"CREATE INDEX papers_starred ON papers(date, id) WHERE starred = 1;"
	"CREATE INDEX papers_tagged ON papers(date, id) WHERE tagged = 1;"
	"CREATE TABLE versions("
	"  paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,"
	"  version INTEGER NOT NULL, date TEXT NOT NULL,"
	"  PRIMARY KEY(paper_id, version, date)) WITHOUT ROWID;"
	"CREATE INDEX versions_date ON versions(date, paper_id);"
	"CREATE TABLE sources("
	"  id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, path TEXT NOT NULL,"
	"  format TEXT NOT NULL, imported INTEGER NOT NULL);"
	"CREATE TABLE seen("
	"  paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,"
	"  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  PRIMARY KEY(paper_id, source_id, position)) WITHOUT ROWID;"
	"CREATE INDEX seen_source ON seen(source_id, position);"
	"CREATE TABLE links("
	"  from_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,"
	"  to_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,"
	"  kind INTEGER NOT NULL, score REAL, rank INTEGER NOT NULL DEFAULT 0,"
	"  source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,"
	"  subject_date TEXT,"
	"  PRIMARY KEY(from_id, kind, to_id)) WITHOUT ROWID;"
	"CREATE INDEX links_to ON links(to_id, kind, from_id);"
	"CREATE INDEX links_subject ON links(subject_date) WHERE subject_date IS NOT NULL;"
	"CREATE VIRTUAL TABLE fts USING fts5(title, authors, abstract, content='',"
	"  tokenize='porter unicode61 remove_diacritics 2');",
	/* 1 -> 2: BibTeX fields the papers table has no column for (volume,
	 * pages, publisher, crossref, ...), one row a field, names in lower
	 * case. BibTeX compares keys without case, so uniqueness of citation
	 * keys is checked through a case-blind index. */
	"CREATE TABLE bibfields("
	"  paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL, value TEXT NOT NULL,"
	"  PRIMARY KEY(paper_id, name)) WITHOUT ROWID;"
	"CREATE INDEX papers_citekey_nocase ON papers(citekey COLLATE NOCASE)"
	"  WHERE citekey IS NOT NULL;",
	/* 2 -> 3: computed related papers (related.c). rel_dirty queues the
	 * papers to compute; the triggers keep it true whatever changes a
	 * paper's text, so no writer has to remember. A deleted paper's
	 * signature moves to rel_gone until its postings are removed. */
	"CREATE TABLE rel_state(id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  docs INTEGER NOT NULL, tokens INTEGER NOT NULL, base INTEGER NOT NULL,"
	"  gen INTEGER NOT NULL);"
	"INSERT INTO rel_state VALUES(1, 0, 0, 0, 0);"
	"CREATE TABLE rel_terms(id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE,"
	"  df INTEGER NOT NULL, owner INTEGER);"
	"CREATE TABLE rel_sigs(paper_id INTEGER PRIMARY KEY, len INTEGER NOT NULL,"
	"  sig BLOB NOT NULL);"
	"CREATE TABLE rel_post(term_id INTEGER NOT NULL, weight INTEGER NOT NULL,"
	"  paper_id INTEGER NOT NULL, PRIMARY KEY(term_id, weight, paper_id)) WITHOUT ROWID;"
	"CREATE TABLE rel_dirty(paper_id INTEGER PRIMARY KEY);"
	"CREATE TABLE rel_gone(paper_id INTEGER PRIMARY KEY, len INTEGER NOT NULL,"
	"  sig BLOB NOT NULL);"
	"INSERT INTO rel_dirty SELECT id FROM papers WHERE stub = 0;"
	"CREATE TRIGGER rel_paper_added AFTER INSERT ON papers WHEN new.stub = 0"
	" BEGIN INSERT OR IGNORE INTO rel_dirty(paper_id) VALUES(new.id); END;"
	"CREATE TRIGGER rel_paper_changed"
	" AFTER UPDATE OF title, title_derived, abstract, summary, stub ON papers"
	" WHEN new.stub = 0 AND (old.title IS NOT new.title OR old.abstract IS NOT new.abstract"
	"  OR old.summary IS NOT new.summary OR old.stub <> new.stub"
	"  OR old.title_derived <> new.title_derived)"
	" BEGIN INSERT OR IGNORE INTO rel_dirty(paper_id) VALUES(new.id); END;"
	"CREATE TRIGGER rel_paper_deleted BEFORE DELETE ON papers BEGIN"
	"  INSERT OR IGNORE INTO rel_dirty(paper_id)"
	"   SELECT from_id FROM links WHERE to_id = old.id AND kind = 3 AND from_id <> old.id;"
	"  INSERT OR REPLACE INTO rel_gone(paper_id, len, sig)"
	"   SELECT paper_id, len, sig FROM rel_sigs WHERE paper_id = old.id;"
	"  DELETE FROM rel_sigs WHERE paper_id = old.id;"
	"  DELETE FROM rel_dirty WHERE paper_id = old.id;"
	" END;",
	/* 3 -> 4: the queue of papers to compute is kept by store.c itself
	 * (rel_queue, rel_forget). A trigger on papers makes every insert a
	 * multi-row write with a statement journal, and each statement
	 * savepoint makes FTS5 flush its pending terms: a third of a large
	 * import's time went to tiny index segments. */
	"DROP TRIGGER rel_paper_added;"
	"DROP TRIGGER rel_paper_changed;"
	"DROP TRIGGER rel_paper_deleted;",
	/* 4 -> 5: what a search reads of each hit (its stub flag, marks and
	 * date), in id order. A hit's row in papers holds its abstract: 2000
	 * hits are 2000 scattered pages, where this index packs them into
	 * a few (the newest matches of a word have nearby ids). */
	"CREATE INDEX papers_hits ON papers(id, stub, read, starred, tagged, date);",
};

/* ---------------------------------------------------------------- handle */

enum q {
	Q_BEGIN, Q_BEGIN_READ, Q_COMMIT, Q_ROLLBACK,
	Q_PAPER_GET, Q_PAPER_INSERT, Q_PAPER_UPDATE, Q_PAPER_DELETE,
	Q_FIND_ARXIV, Q_FIND_DOI, Q_FIND_FP, Q_FIND_TKEY, Q_FIND_DATE, Q_FIND_DATE_STUBS,
	Q_FIND_SEEN,
	Q_MARK_READ, Q_MARK_STAR, Q_MARK_TAG, Q_OPENED,
	Q_VERSION_ADD, Q_VERSIONS, Q_DATE_SYNC,
	Q_SOURCE_FIND, Q_SOURCE_ADD, Q_SOURCE_HASH, Q_SOURCE_MOVE_SEEN, Q_SOURCE_MOVE_LINKS,
	Q_SOURCE_DELETE, Q_SEEN_ADD, Q_SOURCES,
	Q_LINK_ADD, Q_LINK_SCORE, Q_LINKS_OUT, Q_LINKS_IN,
	Q_SUBJECT_DATES, Q_SUBJECT_COPY, Q_SUBJECT_DELETE, Q_SUBJECT_SELF,
	Q_STUB_FIND, Q_STUB_USED,
	Q_FOLD_VERSIONS, Q_FOLD_SEEN, Q_FOLD_LINKS_OUT, Q_FOLD_LINKS_IN, Q_FOLD_MARKS,
	Q_FTS_INSERT, Q_FTS_DELETE,
	Q_ROW_GET,
	/* bibtex */
	Q_BIBFIELD_PUT, Q_BIBFIELDS, Q_BIBFIELD_FOLD, Q_FIND_CITEKEY, Q_CITEKEY_SET,
	Q_VERSION_DROP,
	/* arxiv */
	Q_VERSIONS_SYNC, Q_MAX_ID, Q_INDEX_SQL, Q_FTS_CONFIG_GET, Q_FTS_CONFIG_SET,
	Q_COUNT_NO_ARXIV,
	/* search and related */
	Q_HITS_DROP, Q_HITS_TRIM, Q_HITS_COUNT, Q_HITS_NEXT, Q_HITS_PREV, Q_HITS_FIND,
	Q_HITS_DATE, Q_HITS_DATE_BACK, Q_HITS_TITLE, Q_HITS_TITLE_BACK, Q_HITS_RECENT,
	Q_HITS_RECENT_BACK, Q_HITS_STARRED, Q_HITS_TAGGED, Q_HITS_YEAR_IDS, Q_DATA_VERSION,
	Q_MARKS_STARRED_IDS, Q_MARKS_TAGGED_IDS, Q_MARKS_INSERT, Q_MARKS_CLEAR,
	Q_REL_STATE_GET, Q_REL_STATE_SET, Q_REL_TEXT, Q_REL_TEXTS, Q_REL_PAPERS,
	Q_REL_TERM_GET, Q_REL_TERM_BUMP, Q_REL_TERM_ADD, Q_REL_TERM_PUT, Q_REL_DIRTY_ADD, Q_REL_SIG_GET, Q_REL_SIG_PUT,
	Q_REL_POST_ADD, Q_REL_POST_DEL, Q_REL_POST_TOP, Q_REL_DIRTY, Q_REL_DIRTY_HAS,
	Q_REL_DIRTY_DROP, Q_REL_DIRTY_COUNT, Q_REL_GONE, Q_REL_GONE_DROP, Q_REL_LINKS_DEL,
	Q_REL_LINK_ADD, Q_REL_LINKS_GET,
	Q_REL_FORGET_LINKERS, Q_REL_FORGET_SIG_KEEP, Q_REL_FORGET_SIG,
	Q__COUNT
};

#define PAPER_COLS                                                                         \
	"id, arxiv, doi, title, authors, abstract, summary, url, license, categories, "      \
	"journal, date, citekey, bibtype, fp, tkey, title_derived, abstract_truncated, stub, " \
	"read, starred, tagged, added, opened, read_at, starred_at, tagged_at"
#define ROW_COLS "id, arxiv, date, title, opened, read, starred, tagged, title_derived, stub"
/* search and related: a hit is a list row plus its rank and score. The
 * STORE_FILTER_* bits come bound as ?2, so one statement serves all. */
#define HIT_COLS                                                                          \
	"p.id, p.arxiv, p.date, p.title, p.opened, p.read, p.starred, p.tagged,"         \
	" p.title_derived, p.stub, h.pos - ?1 + 1, h.score"
#define HIT_FILTER_OF(t)                                                                  \
	"((?2 & 1) = 0 OR " t ".read = 0) AND ((?2 & 2) = 0 OR " t ".starred = 1)"       \
	" AND ((?2 & 4) = 0 OR " t ".tagged = 1)"
#define HIT_FILTER HIT_FILTER_OF("p")
#define HIT_SELECT                                                                        \
	"SELECT " HIT_COLS " FROM temp.sheaf_hits h JOIN papers p ON p.id = h.paper_id"  \
	" WHERE h.pos BETWEEN ?1 AND ?9 AND " HIT_FILTER
/* Hits in date order: the order is found in papers_hits (a few pages for
 * all the hits), and only the max rows kept are read from papers. */
#define HIT_BY_DATE(cmp, dir)                                                              \
	"SELECT " HIT_COLS " FROM (SELECT h.paper_id AS paper_id, h.pos AS pos,"           \
	" h.score AS score, k.date AS date FROM temp.sheaf_hits h"                          \
	" JOIN papers k INDEXED BY papers_hits ON k.id = h.paper_id"                        \
	" WHERE h.pos BETWEEN ?1 AND ?9 AND " HIT_FILTER_OF("k")                          \
	" AND (?3 = 0 OR (k.date, k.id) " cmp " (?5, ?4))"                                 \
	" ORDER BY k.date " dir ", k.id " dir " LIMIT ?8) h JOIN papers p ON p.id = h.paper_id" \
	" ORDER BY h.date " dir ", h.paper_id " dir

static const char *const sql_text[Q__COUNT] = {
	[Q_BEGIN] = "BEGIN IMMEDIATE",
	[Q_BEGIN_READ] = "BEGIN",
	[Q_COMMIT] = "COMMIT",
	[Q_ROLLBACK] = "ROLLBACK",
	[Q_PAPER_GET] = "SELECT " PAPER_COLS " FROM papers WHERE id = ?1",
	[Q_PAPER_INSERT] =
		"INSERT INTO papers(arxiv, doi, title, authors, abstract, summary, url, license,"
		" categories, journal, date, citekey, bibtype, fp, tkey, title_derived,"
		" abstract_truncated, stub, read, starred, tagged, added, opened, read_at,"
		" starred_at, tagged_at) VALUES(?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
		" ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)",
	[Q_PAPER_UPDATE] =
		"UPDATE papers SET arxiv = ?2, doi = ?3, title = ?4, authors = ?5, abstract = ?6,"
		" summary = ?7, url = ?8, license = ?9, categories = ?10, journal = ?11, date = ?12,"
		" citekey = ?13, bibtype = ?14, fp = ?15, tkey = ?16, title_derived = ?17,"
		" abstract_truncated = ?18, stub = ?19, read = ?20, starred = ?21, tagged = ?22,"
		" added = ?23, opened = ?24, read_at = ?25, starred_at = ?26, tagged_at = ?27"
		" WHERE id = ?1",
	[Q_PAPER_DELETE] = "DELETE FROM papers WHERE id = ?1",
	[Q_FIND_ARXIV] = "SELECT id FROM papers WHERE arxiv = ?1",
	[Q_FIND_DOI] = "SELECT id FROM papers WHERE doi = ?1",
	[Q_FIND_FP] = "SELECT id FROM papers WHERE fp = ?1 ORDER BY id LIMIT ?2",
	[Q_FIND_TKEY] = "SELECT id FROM papers WHERE tkey = ?1 ORDER BY id LIMIT ?2",
	[Q_FIND_DATE] = "SELECT DISTINCT v.paper_id FROM versions v JOIN papers p ON p.id = v.paper_id"
	                " WHERE v.date = ?1 AND p.stub = 0 ORDER BY v.paper_id LIMIT ?2",
	[Q_FIND_DATE_STUBS] = "SELECT DISTINCT paper_id FROM versions WHERE date = ?1"
	                      " ORDER BY paper_id LIMIT ?2",
	[Q_FIND_SEEN] = "SELECT paper_id FROM seen WHERE source_id = ?1 AND position = ?2 LIMIT 2",
	[Q_MARK_READ] = "UPDATE papers SET read = ?2, read_at = CASE WHEN ?2 THEN ?3 END WHERE id = ?1",
	[Q_MARK_STAR] = "UPDATE papers SET starred = ?2, starred_at = CASE WHEN ?2 THEN ?3 END"
	                " WHERE id = ?1",
	[Q_MARK_TAG] = "UPDATE papers SET tagged = ?2, tagged_at = CASE WHEN ?2 THEN ?3 END"
	               " WHERE id = ?1",
	[Q_OPENED] = "UPDATE papers SET opened = ?2 WHERE id = ?1",
	[Q_VERSION_ADD] = "INSERT OR IGNORE INTO versions(paper_id, version, date) VALUES(?1, ?2, ?3)",
	[Q_VERSIONS] = "SELECT version, date FROM versions WHERE paper_id = ?1"
	               " ORDER BY date, version",
	[Q_DATE_SYNC] = "UPDATE papers SET date = coalesce((SELECT min(date) FROM versions"
	                " WHERE paper_id = ?1), date) WHERE id = ?1",
	[Q_SOURCE_FIND] = "SELECT id FROM sources WHERE hash = ?1",
	[Q_SOURCE_ADD] = "INSERT INTO sources(hash, path, format, imported) VALUES(?1, ?2, ?3, ?4)",
	[Q_SOURCE_HASH] = "UPDATE sources SET hash = ?2 WHERE id = ?1",
	[Q_SOURCE_MOVE_SEEN] = "INSERT OR IGNORE INTO seen(paper_id, source_id, position)"
	                       " SELECT paper_id, ?2, position FROM seen WHERE source_id = ?1",
	[Q_SOURCE_MOVE_LINKS] = "UPDATE links SET source_id = ?2 WHERE source_id = ?1",
	[Q_SOURCE_DELETE] = "DELETE FROM sources WHERE id = ?1",
	[Q_SEEN_ADD] = "INSERT OR IGNORE INTO seen(paper_id, source_id, position) VALUES(?1, ?2, ?3)",
	[Q_SOURCES] = "SELECT s.id, s.path, s.format, x.position FROM seen x"
	              " JOIN sources s ON s.id = x.source_id WHERE x.paper_id = ?1"
	              " ORDER BY s.id, x.position",
	[Q_LINK_ADD] = "INSERT OR IGNORE INTO links(from_id, to_id, kind, score, rank, source_id,"
	               " subject_date) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_LINK_SCORE] = "UPDATE links SET score = ?4 WHERE from_id = ?1 AND to_id = ?2"
	                 " AND kind = ?3 AND (score IS NULL OR score < ?4)",
	[Q_LINKS_OUT] =
		"SELECT l.to_id, l.kind, l.score, l.rank, p.date, p.title, p.title_derived, p.stub,"
		" p.read, p.starred FROM links l JOIN papers p ON p.id = l.to_id WHERE l.from_id = ?1"
		" ORDER BY l.kind, l.score DESC NULLS LAST, l.rank, p.date DESC, p.id",
	[Q_LINKS_IN] =
		"SELECT l.from_id, l.kind, l.score, l.rank, p.date, p.title, p.title_derived, p.stub,"
		" p.read, p.starred FROM links l JOIN papers p ON p.id = l.from_id WHERE l.to_id = ?1"
		" ORDER BY l.kind, l.score DESC NULLS LAST, l.rank, p.date DESC, p.id",
	[Q_SUBJECT_DATES] = "SELECT DISTINCT subject_date FROM links WHERE subject_date IS NOT NULL"
	                    " ORDER BY subject_date",
	[Q_SUBJECT_COPY] =
		"INSERT OR IGNORE INTO links(from_id, to_id, kind, score, rank, source_id, subject_date)"
		" SELECT ?2, to_id, kind, score, rank, source_id, subject_date FROM links"
		" WHERE subject_date = ?1 AND from_id <> ?2 AND to_id <> ?2",
	[Q_SUBJECT_DELETE] = "DELETE FROM links WHERE subject_date = ?1 AND from_id <> ?2",
	[Q_SUBJECT_SELF] = "DELETE FROM links WHERE from_id = ?1 AND to_id = ?1",
	[Q_STUB_FIND] = "SELECT id FROM papers WHERE stub = 1 AND date = ?1 ORDER BY id LIMIT 1",
	[Q_STUB_USED] = "SELECT (SELECT count(*) FROM links WHERE from_id = ?1 OR to_id = ?1)"
	                " + (SELECT read + starred + tagged FROM papers WHERE id = ?1)",
	[Q_FOLD_VERSIONS] = "INSERT OR IGNORE INTO versions(paper_id, version, date)"
	                    " SELECT ?1, version, date FROM versions WHERE paper_id = ?2",
	[Q_FOLD_SEEN] = "INSERT OR IGNORE INTO seen(paper_id, source_id, position)"
	                " SELECT ?1, source_id, position FROM seen WHERE paper_id = ?2",
	[Q_FOLD_LINKS_OUT] =
		"INSERT OR IGNORE INTO links(from_id, to_id, kind, score, rank, source_id, subject_date)"
		" SELECT ?1, to_id, kind, score, rank, source_id, subject_date FROM links"
		" WHERE from_id = ?2 AND to_id <> ?1 AND to_id <> ?2",
	[Q_FOLD_LINKS_IN] =
		"INSERT OR IGNORE INTO links(from_id, to_id, kind, score, rank, source_id, subject_date)"
		" SELECT from_id, ?1, kind, score, rank, source_id, subject_date FROM links"
		" WHERE to_id = ?2 AND from_id <> ?1 AND from_id <> ?2",
	[Q_FOLD_MARKS] =
		"UPDATE papers SET"
		" read = max(papers.read, d.read), starred = max(papers.starred, d.starred),"
		" tagged = max(papers.tagged, d.tagged), opened = max(papers.opened, d.opened),"
		" read_at = coalesce(papers.read_at, d.read_at),"
		" starred_at = coalesce(papers.starred_at, d.starred_at),"
		" tagged_at = coalesce(papers.tagged_at, d.tagged_at), added = min(papers.added, d.added)"
		" FROM (SELECT read, starred, tagged, opened, read_at, starred_at, tagged_at, added"
		" FROM papers WHERE id = ?2) AS d WHERE papers.id = ?1",
	[Q_FTS_INSERT] = "INSERT INTO fts(rowid, title, authors, abstract) VALUES(?1, ?2, ?3, ?4)",
	[Q_FTS_DELETE] = "INSERT INTO fts(fts, rowid, title, authors, abstract)"
	                 " VALUES('delete', ?1, ?2, ?3, ?4)",
	[Q_ROW_GET] = "SELECT " ROW_COLS " FROM papers WHERE id = ?1",
	/* bibtex: a field already known keeps the preferred of the two values
	 * (longer, then smaller), as merge.c does, so that import order never
	 * decides. */
	[Q_BIBFIELD_PUT] =
		"INSERT INTO bibfields(paper_id, name, value) VALUES(?1, ?2, ?3)"
		" ON CONFLICT(paper_id, name) DO UPDATE SET value = excluded.value"
		" WHERE length(CAST(excluded.value AS BLOB)) > length(CAST(value AS BLOB))"
		" OR (length(CAST(excluded.value AS BLOB)) = length(CAST(value AS BLOB))"
		" AND excluded.value < value)",
	[Q_BIBFIELDS] = "SELECT name, value FROM bibfields WHERE paper_id = ?1 ORDER BY name",
	[Q_BIBFIELD_FOLD] =
		"INSERT INTO bibfields(paper_id, name, value)"
		" SELECT ?1, name, value FROM bibfields WHERE paper_id = ?2"
		" ON CONFLICT(paper_id, name) DO UPDATE SET value = excluded.value"
		" WHERE length(CAST(excluded.value AS BLOB)) > length(CAST(value AS BLOB))"
		" OR (length(CAST(excluded.value AS BLOB)) = length(CAST(value AS BLOB))"
		" AND excluded.value < value)",
	[Q_FIND_CITEKEY] = "SELECT id FROM papers WHERE citekey = ?1 COLLATE NOCASE"
	                   " AND citekey IS NOT NULL ORDER BY id LIMIT 1",
	[Q_CITEKEY_SET] = "UPDATE papers SET citekey = ?2 WHERE id = ?1 AND citekey IS NULL",
	[Q_VERSION_DROP] = "DELETE FROM versions WHERE paper_id = ?1 AND version = ?2 AND date = ?3",
	/* arxiv */
	/* Writes the row only when the date changes: an UPDATE that sets
	 * the same value still rewrites the row and its date indexes. Not
	 * written as UPDATE ... FROM: that form opens a statement journal,
	 * and every statement savepoint makes FTS5 flush its pending terms
	 * to a new segment (see the comment over store_bulk_begin). */
	[Q_VERSIONS_SYNC] = "UPDATE papers SET date = coalesce((SELECT min(date) FROM versions"
	                    " WHERE paper_id = ?1), date) WHERE id = ?1 AND date IS NOT"
	                    " coalesce((SELECT min(date) FROM versions WHERE paper_id = ?1), date)",
	[Q_MAX_ID] = "SELECT coalesce(max(id), 0) FROM papers",
	[Q_INDEX_SQL] = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1",
	[Q_FTS_CONFIG_GET] = "SELECT v FROM fts_config WHERE k = ?1",
	[Q_FTS_CONFIG_SET] = "INSERT INTO fts(fts, rank) VALUES(?1, ?2)",
	/* Three counts the indexes answer (stubs never have an arXiv id). */
	[Q_COUNT_NO_ARXIV] = "SELECT (SELECT count(*) FROM papers)"
	                     " - (SELECT count(*) FROM papers WHERE stub = 1)"
	                     " - (SELECT count(*) FROM papers WHERE arxiv IS NOT NULL)",
	/* search and related */
	[Q_HITS_DROP] = "DELETE FROM temp.sheaf_hits WHERE pos BETWEEN ?1 AND ?9",
	[Q_HITS_TRIM] = "DELETE FROM temp.sheaf_hits WHERE pos BETWEEN ?2 AND ?9",
	[Q_HITS_COUNT] = "SELECT count(*) FROM temp.sheaf_hits h"
	                 " JOIN papers p INDEXED BY papers_hits ON p.id = h.paper_id"
	                 " WHERE h.pos BETWEEN ?1 AND ?9 AND " HIT_FILTER,
	[Q_HITS_NEXT] = HIT_SELECT " AND h.pos > ?3 ORDER BY h.pos LIMIT ?8",
	[Q_HITS_PREV] = HIT_SELECT " AND h.pos < ?3 ORDER BY h.pos DESC LIMIT ?8",
	[Q_HITS_FIND] = "SELECT " HIT_COLS " FROM temp.sheaf_hits h INDEXED BY sheaf_hits_paper"
	                " JOIN papers p ON p.id = h.paper_id"
	                " WHERE h.paper_id = ?4 AND h.pos BETWEEN ?1 AND ?9",
	[Q_HITS_DATE] = HIT_BY_DATE("<", "DESC"),
	[Q_HITS_DATE_BACK] = HIT_BY_DATE(">", "ASC"),
	[Q_HITS_TITLE] = HIT_SELECT " AND (?3 = 0 OR (p.title, p.id) > (?6, ?4))"
	                 " ORDER BY p.title ASC, p.id ASC LIMIT ?8",
	[Q_HITS_TITLE_BACK] = HIT_SELECT " AND (?3 = 0 OR (p.title, p.id) < (?6, ?4))"
	                      " ORDER BY p.title DESC, p.id DESC LIMIT ?8",
	[Q_HITS_RECENT] = HIT_SELECT " AND (?3 = 0 OR (p.opened, p.date, p.id) < (?7, ?5, ?4))"
	                  " ORDER BY p.opened DESC, p.date DESC, p.id DESC LIMIT ?8",
	[Q_HITS_RECENT_BACK] = HIT_SELECT " AND (?3 = 0 OR (p.opened, p.date, p.id) > (?7, ?5, ?4))"
	                       " ORDER BY p.opened ASC, p.date ASC, p.id ASC LIMIT ?8",
	/* Named: without statistics the planner scans papers_hits, all of
	 * the library, rather than the partial index of the marked few. */
	[Q_HITS_STARRED] = "SELECT count(*) FROM (SELECT 1 FROM papers INDEXED BY papers_starred"
	                   " WHERE starred = 1 LIMIT ?1)",
	[Q_HITS_TAGGED] = "SELECT count(*) FROM (SELECT 1 FROM papers INDEXED BY papers_tagged"
	                  " WHERE tagged = 1 LIMIT ?1)",
	/* the marks index (store_marks_index_step), built from the newest id down */
	[Q_MARKS_STARRED_IDS] = "SELECT id, stub, title, authors, abstract, summary"
	                        " FROM papers INDEXED BY papers_starred"
	                        " WHERE starred = 1 AND id < ?1 ORDER BY id DESC LIMIT ?2",
	[Q_MARKS_TAGGED_IDS] = "SELECT id, stub, title, authors, abstract, summary"
	                       " FROM papers INDEXED BY papers_tagged"
	                       " WHERE tagged = 1 AND id < ?1 ORDER BY id DESC LIMIT ?2",
	[Q_MARKS_INSERT] = "INSERT INTO temp.sheaf_marks(rowid, title, authors, abstract)"
	                   " VALUES(?1, ?2, ?3, ?4)",
	[Q_MARKS_CLEAR] = "INSERT INTO temp.sheaf_marks(sheaf_marks) VALUES('delete-all')",
	[Q_HITS_YEAR_IDS] = "SELECT count(*), min(id), max(id) FROM (SELECT id FROM papers"
	                    " WHERE date >= ?1 AND date < ?2 LIMIT ?3)",
	[Q_DATA_VERSION] = "PRAGMA data_version",
	[Q_REL_STATE_GET] = "SELECT docs, tokens, base, gen FROM rel_state WHERE id = 1",
	[Q_REL_STATE_SET] = "UPDATE rel_state SET docs = ?1, tokens = ?2, base = ?3, gen = ?4"
	                    " WHERE id = 1",
	[Q_REL_TEXT] = "SELECT id, title, title_derived, abstract, summary, stub FROM papers"
	               " WHERE id = ?1",
	[Q_REL_TEXTS] = "SELECT id, title, title_derived, abstract, summary, stub FROM papers"
	                " WHERE stub = 0 ORDER BY id",
	[Q_REL_PAPERS] = "SELECT (SELECT count(*) FROM papers)"
	                 " - (SELECT count(*) FROM papers WHERE stub = 1)",
	[Q_REL_TERM_GET] = "SELECT id, df, owner FROM rel_terms WHERE term = ?1",
	[Q_REL_TERM_BUMP] = "UPDATE rel_terms SET df = df + 1, owner = NULL WHERE id = ?1",
	[Q_REL_TERM_ADD] = "INSERT INTO rel_terms(term, df, owner) VALUES(?1, 1, ?2)",
	[Q_REL_TERM_PUT] = "INSERT INTO rel_terms(id, term, df, owner) VALUES(?1, ?2, ?3, ?4)",
	[Q_REL_DIRTY_ADD] = "INSERT OR IGNORE INTO rel_dirty(paper_id) VALUES(?1)",
	/* Before a paper goes: the papers that computed it as a neighbour are
	 * queued, its signature waits in rel_gone until its postings go. */
	[Q_REL_FORGET_LINKERS] = "INSERT OR IGNORE INTO rel_dirty(paper_id) SELECT from_id FROM links"
	                         " WHERE to_id = ?1 AND kind = 3 AND from_id <> ?1",
	[Q_REL_FORGET_SIG_KEEP] = "INSERT OR REPLACE INTO rel_gone(paper_id, len, sig)"
	                          " SELECT paper_id, len, sig FROM rel_sigs WHERE paper_id = ?1",
	[Q_REL_FORGET_SIG] = "DELETE FROM rel_sigs WHERE paper_id = ?1",
	[Q_REL_SIG_GET] = "SELECT len, sig FROM rel_sigs WHERE paper_id = ?1",
	[Q_REL_SIG_PUT] = "INSERT OR REPLACE INTO rel_sigs(paper_id, len, sig) VALUES(?1, ?2, ?3)",
	[Q_REL_POST_ADD] = "INSERT OR IGNORE INTO rel_post(term_id, weight, paper_id)"
	                   " VALUES(?1, ?2, ?3)",
	[Q_REL_POST_DEL] = "DELETE FROM rel_post WHERE term_id = ?1 AND weight = ?2"
	                   " AND paper_id = ?3",
	[Q_REL_POST_TOP] = "SELECT paper_id, weight FROM rel_post WHERE term_id = ?1"
	                   " ORDER BY weight DESC, paper_id DESC LIMIT ?2",
	[Q_REL_DIRTY] = "SELECT paper_id FROM rel_dirty ORDER BY paper_id DESC LIMIT ?2",
	[Q_REL_DIRTY_HAS] = "SELECT 1 FROM rel_dirty WHERE paper_id = ?1",
	[Q_REL_DIRTY_DROP] = "DELETE FROM rel_dirty WHERE paper_id = ?1",
	[Q_REL_DIRTY_COUNT] = "SELECT count(*) FROM rel_dirty",
	[Q_REL_GONE] = "SELECT paper_id, len, sig FROM rel_gone LIMIT 1",
	[Q_REL_GONE_DROP] = "DELETE FROM rel_gone WHERE paper_id = ?1",
	[Q_REL_LINKS_DEL] = "DELETE FROM links WHERE from_id = ?1 AND kind = 3",
	[Q_REL_LINK_ADD] = "INSERT OR REPLACE INTO links(from_id, to_id, kind, score, rank)"
	                   " VALUES(?1, ?2, 3, ?3, ?4)",
	[Q_REL_LINKS_GET] = "SELECT to_id, score FROM links WHERE from_id = ?1 AND kind = 3"
	                    " ORDER BY score DESC, to_id LIMIT ?2",
};

/* List queries differ only by filter, sort, direction and anchor: their
 * SQL is put together from the constant fragments below, never from data,
 * and each variant is prepared once. */
#define LIST_VARIANTS (8 * 3 * 2 * 2 * 2)

struct store {
	sqlite3 *db;
	char *path;
	bool was_empty;
	bool readonly;
	bool index_stale;
	bool pretokens; /* the porter wrapper is registered: tokens made ahead are understood */
	bool direct;    /* in a rollback journal for an import (store_direct_begin) */
	int busy_ms;   /* the busy timeout store_busy_timeout() last set */
	bool full;     /* read-only because the disk had no room to open it */
	int full_errno; /* what the system said then */
	int found_version;
	sqlite3_stmt *q[Q__COUNT];
	sqlite3_stmt *list[LIST_VARIANTS];
	sqlite3_stmt *count[8];
	sqlite3_stmt *position[8 * 3];
	sqlite3_stmt *fence_next[8 * 3 * 2 * 2], *fence_tail[8 * 3 * 2], *fence_between[8 * 3];
	/* few_marked()'s last answer for each filter, while the library is
	 * as it was then (library_changes(), data_version()) */
	struct {
		bool known, few;
		int changes;
		int64_t data_version;
	} marks[8];
	/* arxiv: a bulk import's state (store_bulk_begin) */
	bool bulk;
	struct {
		char *sql; /* CREATE INDEX statement of an index dropped */
		unsigned kind;
	} *deferred;
	size_t n_deferred;
	int64_t fts_saved[2]; /* the FTS5 settings bulk mode changed */
	struct rank *rank; /* search and related: sheaf_rank()'s statistics */
	int hits_changes;  /* rows the TEMP hit sets wrote (filled, trimmed, dropped) */
	bool hits_ready;   /* the TEMP hits table exists */
	/* The marks index (store_marks_index_step()) */
	struct {
		bool ready;     /* its TEMP table, triggers and function exist */
		bool done;      /* it holds every paper carrying mark kind */
		unsigned kind;  /* STORE_FILTER_STARRED or _TAGGED; 0 before the first */
		int64_t below;  /* the next step indexes marked papers below this id */
		int64_t gen;    /* bumped by the TEMP triggers: marks, text or papers changed */
		int64_t gen_at; /* gen when the build began */
		int64_t dv_at;  /* and data_version then */
	} mx;
};

/* True when the system said there is no room (a full disk, a quota, a
 * file size limit): SQLite reports those as I/O errors when it cannot
 * tell them apart. */
static bool no_room(int e)
{
#ifdef EDQUOT
	if (e == EDQUOT)
		return true;
#endif
	return e == ENOSPC || e == EFBIG;
}

static enum status db_error(struct store *st, int rc)
{
	const char *msg = st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
	int e = st->db ? sqlite3_system_errno(st->db) : 0;
	enum status code;

	switch (rc & 0xFF) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		code = STATUS_BUSY;
		break;
	case SQLITE_READONLY:
		code = st->full ? STATUS_FULL : STATUS_READONLY;
		break;
	case SQLITE_FULL:
		code = STATUS_FULL;
		break;
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR:
		code = no_room(e) ? STATUS_FULL : STATUS_IO;
		break;
	default:
		code = STATUS_DB;
	}
	if (code == STATUS_DB)
		return status_set(code, "%s: %s", st->path, msg);
	if (code == STATUS_FULL && (rc & 0xFF) != SQLITE_FULL)
		/* Say what the system said: "No space left on device", "File
		 * too large" (a ulimit), "Disk quota exceeded". */
		return status_set(code, "%s: %s (%s)", st->path, status_str(code),
		                  text_strerror(st->full ? st->full_errno : e));
	return status_set(code, "%s: %s (%s)", st->path, status_str(code), msg);
}

/* The prepared statement for id, reset and ready to bind. */
static sqlite3_stmt *q(struct store *st, enum q id)
{
	if (!st->q[id]) {
		int rc = sqlite3_prepare_v3(st->db, sql_text[id], -1, SQLITE_PREPARE_PERSISTENT,
		                            &st->q[id], NULL);
		if (rc != SQLITE_OK)
			util_die("SQL error in statement %d: %s", (int)id, sqlite3_errmsg(st->db));
	}
	return st->q[id];
}

/* Resets a statement after use, so it holds no locks or bindings. */
static void done(sqlite3_stmt *s)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

/* Steps a statement that returns no rows, then resets it. */
static enum status run(struct store *st, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	enum status ret = STATUS_OK;

	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = db_error(st, rc);
	done(s);
	return ret;
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	sqlite3_bind_text(s, i, v ? v : "", -1, SQLITE_TRANSIENT);
}

/* Binds NULL for an empty or missing string (unique keys want NULL). */
static void bind_key(sqlite3_stmt *s, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static void bind_opt_int(sqlite3_stmt *s, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

static char *col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return xstrdup(t ? (const char *)t : "");
}

static enum status exec(struct store *st, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, &err);

	if (rc != SQLITE_OK) {
		enum status s = db_error(st, rc);
		sqlite3_free(err);
		return s;
	}
	return STATUS_OK;
}

static enum status pragma_int(struct store *st, const char *sql, int *out)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);

	if (rc != SQLITE_OK)
		return db_error(st, rc);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(s, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_OK ? STATUS_OK : db_error(st, rc);
}

/* ---------------------------------------------------------------- search index */

/* The text the search index holds for a paper: rendered, so that LaTeX
 * markup does not hide words. */
struct fts_text {
	char *title, *authors, *body;
};

static void unit_separators_out(char *s)
{
	for (; (s = strchr(s, 0x1F)) != NULL; s++)
		*s = ' ';
}

static void fts_text_make(const struct store_paper *p, struct fts_text *f)
{
	struct buf b = BUF_INIT;
	const char *a;

	f->title = text_render(p->stub ? "" : p->title, 0);
	for (a = p->authors; *a;) {
		const char *nl = strchr(a, '\n');
		size_t len = nl ? (size_t)(nl - a) : strlen(a);
		if (b.len)
			buf_adds(&b, ", ");
		buf_add(&b, a, len);
		a += len + (nl ? 1 : 0);
	}
	f->authors = text_render(buf_str(&b), 0);
	buf_reset(&b);
	{
		char *ab = text_render(p->abstract, 0), *su = text_render(p->summary, 0);
		buf_adds(&b, ab);
		if (*su) {
			if (b.len)
				buf_addc(&b, '\n');
			buf_adds(&b, su);
		}
		free(ab);
		free(su);
	}
	f->body = buf_steal(&b);
	buf_free(&b);
	/* Unit separators (0x1F) are separators to the tokenizer anyway; as
	 * spaces they cannot make up PRETOKENS_MARK, so no paper's own text
	 * is ever taken for tokens made ahead. */
	unit_separators_out(f->title);
	unit_separators_out(f->authors);
	unit_separators_out(f->body);
}

static void fts_text_free(struct fts_text *f)
{
	free(f->title);
	free(f->authors);
	free(f->body);
}

static enum status fts_write(struct store *st, enum q which, const struct store_paper *p)
{
	struct fts_text f;
	sqlite3_stmt *s = q(st, which);
	enum status ret;

	fts_text_make(p, &f);
	sqlite3_bind_int64(s, 1, p->id);
	bind_text(s, 2, f.title);
	bind_text(s, 3, f.authors);
	bind_text(s, 4, f.body);
	ret = run(st, s);
	fts_text_free(&f);
	return ret;
}

static bool fts_same(const struct store_paper *a, const struct store_paper *b)
{
	return a->stub == b->stub && strcmp(a->title, b->title) == 0 &&
	       strcmp(a->authors, b->authors) == 0 && strcmp(a->abstract, b->abstract) == 0 &&
	       strcmp(a->summary, b->summary) == 0;
}

/* Rebuilds the whole index from the papers table, a page at a time. */
static enum status fts_rebuild(struct store *st)
{
	sqlite3_stmt *s;
	enum status ret;
	int rc;

	/* A contentless table refuses DELETE; 'delete-all' is its way. */
	ret = exec(st, "INSERT INTO fts(fts) VALUES('delete-all')");
	if (ret)
		return ret;
	rc = sqlite3_prepare_v2(st->db, "SELECT id FROM papers ORDER BY id", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return db_error(st, rc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_paper p;
		ret = store_paper_get(st, sqlite3_column_int64(s, 0), &p);
		if (!ret)
			ret = fts_write(st, Q_FTS_INSERT, &p);
		store_paper_clear(&p);
		if (ret) {
			sqlite3_finalize(s);
			return ret;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? STATUS_OK : db_error(st, rc);
}

/* ---------------------------------------------------------------- open */

static enum status meta_get(struct store *st, const char *key, char **value)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = ?1", -1, &s, NULL);

	*value = NULL;
	if (rc != SQLITE_OK)
		return db_error(st, rc);
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		*value = col_text(s, 0);
	sqlite3_finalize(s);
	return STATUS_OK;
}

static enum status meta_set(struct store *st, const char *key, const char *value)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)",
	                            -1, &s, NULL);
	enum status ret;

	if (rc != SQLITE_OK)
		return db_error(st, rc);
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	ret = run(st, s);
	sqlite3_finalize(s);
	return ret;
}

/* Copies the library next to itself before a migration changes it. */
static enum status backup(struct store *st, int version)
{
	char *dest = xasprintf("%s.v%d.bak", st->path, version);
	sqlite3_stmt *s;
	enum status ret;
	int rc;

	if (access(dest, F_OK) == 0 && unlink(dest) != 0) {
		ret = status_set(STATUS_IO, "%s: %s", dest, text_strerror(errno));
		free(dest);
		return ret;
	}
	rc = sqlite3_prepare_v2(st->db, "VACUUM INTO ?1", -1, &s, NULL);
	if (rc != SQLITE_OK) {
		free(dest);
		return db_error(st, rc);
	}
	sqlite3_bind_text(s, 1, dest, -1, SQLITE_STATIC);
	ret = run(st, s);
	sqlite3_finalize(s);
	free(dest);
	return ret;
}

static enum status migrate(struct store *st, int from)
{
	enum status ret;
	int v;

	if (from > 0 && from < (int)ARRAY_SIZE(migrations)) {
		ret = backup(st, from);
		if (ret)
			return ret;
	}
	for (v = from; v < (int)ARRAY_SIZE(migrations); v++) {
		char pragma[64];
		ret = exec(st, "BEGIN IMMEDIATE");
		if (ret)
			return ret;
		ret = exec(st, migrations[v]);
		if (!ret) {
			snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v + 1);
			ret = exec(st, pragma);
		}
		if (!ret && v == 0) {
			char appid[64];
			snprintf(appid, sizeof(appid), "PRAGMA application_id = %d", APPLICATION_ID);
			ret = exec(st, appid);
			if (!ret)
				ret = meta_set(st, "fts_render", FTS_RENDER_REVISION);
		}
		if (!ret)
			ret = exec(st, "COMMIT");
		if (ret) {
			exec(st, "ROLLBACK");
			return ret;
		}
	}
	return STATUS_OK;
}

/* ---------------------------------------------------------------- tokens ahead
 *
 * FTS5 tokenizes a row's text inside its INSERT, in the thread that
 * writes the library: a large import's bound. Tokenizing needs no
 * library, so the import's parser thread does it ahead, with the very
 * tokenizer the index uses (porter over unicode61, found through FTS5 on
 * a private connection), and hands the tokens over as text that opens
 * with PRETOKENS_MARK, one space after each token. On every library
 * connection "porter" is wrapped: a document that opens with the mark is
 * split at the spaces, anything else (queries, other writes) goes to the
 * real porter. The index is the same either way (a unit test compares it
 * byte for byte), and the library stays an ordinary FTS5 one that any
 * SQLite can read: the tokenizer's name and arguments do not change. */

static void sqlite_setup(void);

#define PRETOKENS_MARK "\x1f\x1fsheaf-tokens\x1f"
#define PRETOKENS_MARK_LEN (sizeof(PRETOKENS_MARK) - 1)

struct porter_wrap {
	fts5_tokenizer real;
	void *real_data;
};

struct porter_inst {
	struct porter_wrap *w;
	Fts5Tokenizer *real;
};

static int porter_wrap_create(void *data, const char **argv, int argc, Fts5Tokenizer **out)
{
	struct porter_wrap *w = data;
	struct porter_inst *in = sqlite3_malloc(sizeof(*in));
	int rc;

	if (!in)
		return SQLITE_NOMEM;
	in->w = w;
	rc = w->real.xCreate(w->real_data, argv, argc, &in->real);
	if (rc != SQLITE_OK) {
		sqlite3_free(in);
		return rc;
	}
	*out = (Fts5Tokenizer *)in;
	return SQLITE_OK;
}

static void porter_wrap_delete(Fts5Tokenizer *t)
{
	struct porter_inst *in = (struct porter_inst *)t;

	in->w->real.xDelete(in->real);
	sqlite3_free(in);
}

static int porter_wrap_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int n,
                                int (*token)(void *, int, const char *, int, int, int))
{
	struct porter_inst *in = (struct porter_inst *)t;
	int i, j, rc = SQLITE_OK;

	if (!(flags & FTS5_TOKENIZE_DOCUMENT) || n < (int)PRETOKENS_MARK_LEN ||
	    memcmp(text, PRETOKENS_MARK, PRETOKENS_MARK_LEN) != 0)
		return in->w->real.xTokenize(in->real, ctx, flags, text, n, token);
	for (i = (int)PRETOKENS_MARK_LEN; i < n && rc == SQLITE_OK; i = j + 1) {
		for (j = i; j < n && text[j] != ' '; j++)
			;
		if (j > i)
			rc = token(ctx, 0, text + i, j - i, i, j);
	}
	return rc;
}

/* FTS5's API on a connection, or NULL. */
static fts5_api *fts5_api_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	return api;
}

/* Wraps "porter" on the library's connection, before FTS5 first reads
 * the fts table's definition. Without it, nothing is tokenized ahead. */
static void porter_wrap_register(struct store *st)
{
	fts5_api *api = fts5_api_of(st->db);
	struct porter_wrap *w;
	fts5_tokenizer wrap = {porter_wrap_create, porter_wrap_delete, porter_wrap_tokenize};

	st->pretokens = false;
	if (!api)
		return;
	w = xcalloc(1, sizeof(*w));
	if (api->xFindTokenizer(api, "porter", &w->real_data, &w->real) != SQLITE_OK ||
	    api->xCreateTokenizer(api, "porter", w, &wrap, free) != SQLITE_OK) {
		free(w);
		return;
	}
	st->pretokens = true;
}

struct store_tokens {
	sqlite3 *db;
	fts5_tokenizer tok;
	Fts5Tokenizer *inst;
};

struct store_tokens *store_tokens_open(void)
{
	static const char *const args[] = {"unicode61", "remove_diacritics", "2"};
	struct store_tokens *t = xcalloc(1, sizeof(*t));
	fts5_api *api;
	void *data;

	sqlite_setup();
	if (sqlite3_open_v2(":memory:", &t->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	        SQLITE_OK ||
	    !(api = fts5_api_of(t->db)) ||
	    api->xFindTokenizer(api, "porter", &data, &t->tok) != SQLITE_OK ||
	    t->tok.xCreate(data, (const char **)args, 3, &t->inst) != SQLITE_OK) {
		sqlite3_close(t->db);
		free(t);
		return NULL;
	}
	return t;
}

void store_tokens_close(struct store_tokens *t)
{
	if (!t)
		return;
	t->tok.xDelete(t->inst);
	sqlite3_close(t->db);
	free(t);
}

static int add_token(void *ctx, int flags, const char *tok, int n, int start, int end)
{
	struct buf *b = ctx;

	(void)flags, (void)start, (void)end;
	buf_add(b, tok, (size_t)n);
	buf_addc(b, ' ');
	return SQLITE_OK;
}

/* The first token of a word: its stem. */
struct stem {
	char *w;
	size_t n;
	bool done;
};

static int stem_token(void *ctx, int flags, const char *tok, int n, int start, int end)
{
	struct stem *st = ctx;

	(void)flags, (void)start, (void)end;
	if (!st->done && n >= 0 && (size_t)n <= st->n) {
		memcpy(st->w, tok, (size_t)n);
		st->n = (size_t)n;
		st->done = true;
	}
	return SQLITE_OK;
}

size_t store_tokens_stem(struct store_tokens *t, char *w, size_t n)
{
	struct stem st = {w, n, false};

	if (n <= INT_MAX)
		t->tok.xTokenize(t->inst, &st, FTS5_TOKENIZE_DOCUMENT, w, (int)n, stem_token);
	w[st.n] = '\0';
	return st.n;
}

/* Replaces *text with its tokens ahead; leaves it alone on failure. */
static void pretokenize(struct store_tokens *t, char **text)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(*text);

	buf_add(&b, PRETOKENS_MARK, PRETOKENS_MARK_LEN);
	if (n > INT_MAX ||
	    t->tok.xTokenize(t->inst, &b, FTS5_TOKENIZE_DOCUMENT, *text, (int)n, add_token) != SQLITE_OK) {
		buf_free(&b);
		return;
	}
	free(*text);
	*text = buf_steal(&b);
}

/* Opens the library file again as immutable: the way SQLite reads a WAL
 * library whose directory we may not write (no -shm can be made there). */
static int reopen_immutable(struct store *st)
{
	struct buf uri = BUF_INIT;
	const char *p;
	int rc;

	sqlite3_close(st->db);
	st->db = NULL;
	buf_adds(&uri, "file:");
	for (p = st->path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			buf_printf(&uri, "%%%02X", (unsigned char)*p);
		else
			buf_addc(&uri, *p);
	}
	buf_adds(&uri, "?immutable=1");
	rc = sqlite3_open_v2(uri.s, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
	                     NULL);
	buf_free(&uri);
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(st->db, 1);
		porter_wrap_register(st);
	}
	return rc;
}

void store_busy_timeout(struct store *st, int ms)
{
	st->busy_ms = ms;
	sqlite3_busy_timeout(st->db, ms);
}

bool store_index_stale(const struct store *st)
{
	return st->index_stale;
}

bool store_readonly(const struct store *st)
{
	return st->readonly;
}

/* Before SQLite's first use: no memory statistics. They take a global
 * mutex on every allocation, which the import's two threads (each with
 * its own connection) fought over for a tenth of the import's time. */
static void sqlite_setup(void)
{
	static bool done;

	if (!done) {
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		done = true;
	}
}

bool store_full(const struct store *st)
{
	return st->full;
}

/* True when path has no write-ahead log with content beside it: what an
 * immutable connection (which ignores the log) reads is then all there
 * is. */
static bool wal_empty(const char *path)
{
	char *wal = xasprintf("%s-wal", path);
	struct stat sb;
	bool empty = stat(wal, &sb) != 0 || sb.st_size == 0;

	free(wal);
	return empty;
}

enum status store_open(const char *path, unsigned flags, struct store **out)
{
	struct store *st = xcalloc(1, sizeof(*st));
	int oflags = (flags & STORE_READONLY) ? SQLITE_OPEN_READONLY
	                                      : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	int rc, version = 0, appid = 0, papers = 0;
	enum status ret;
	char *rev = NULL;

	*out = NULL;
	sqlite_setup();
	st->path = xstrdup(path);
	rc = sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		ret = status_set(STATUS_IO, _("cannot open library %s: %s"), path,
		                 st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	porter_wrap_register(st);
	/* Another sheaf may be importing: wait for it rather than fail. */
	store_busy_timeout(st, 5000);
	st->readonly = (flags & STORE_READONLY) || sqlite3_db_readonly(st->db, "main") == 1;
	/* Nothing may be written before we know the schema is ours. */
	ret = pragma_int(st, "PRAGMA user_version", &version);
	if (ret && st->readonly && access(path, R_OK) == 0) {
		/* A read-only WAL library in a directory we cannot write. */
		if (reopen_immutable(st) == SQLITE_OK)
			ret = pragma_int(st, "PRAGMA user_version", &version);
	} else if ((ret == STATUS_FULL || ret == STATUS_READONLY) && wal_empty(path)) {
		/* No room for the shared-memory file a WAL library is read
		 * through, or a directory that may not hold one (a writable
		 * library in a read-only directory): it can still be read as
		 * it is on disk (nothing is in a log), but nothing written. */
		bool full = ret == STATUS_FULL;
		st->full_errno = sqlite3_system_errno(st->db);
		if (!no_room(st->full_errno))
			st->full_errno = ENOSPC;
		if (reopen_immutable(st) == SQLITE_OK) {
			st->readonly = true;
			st->full = full;
			ret = pragma_int(st, "PRAGMA user_version", &version);
		}
	}
	if (ret) {
		if (status_last() == STATUS_DB)
			ret = status_set(STATUS_DB, _("%s is not a sheaf library"), path);
		goto fail;
	}
	ret = pragma_int(st, "PRAGMA application_id", &appid);
	if (ret)
		goto fail;
	st->found_version = version;
	if (version > STORE_SCHEMA_VERSION) {
		ret = status_set(STATUS_NEWER,
		                 _("%s was written by a newer sheaf (schema %d; this sheaf knows %d); "
		                   "it was left untouched"),
		                 path, version, STORE_SCHEMA_VERSION);
		goto fail;
	}
	if (version > 0 && appid != APPLICATION_ID) {
		ret = status_set(STATUS_DB, _("%s is not a sheaf library"), path);
		goto fail;
	}
	if (version == 0) {
		/* A database someone else made is not ours to take over. */
		int tables = 0;
		ret = pragma_int(st, "SELECT count(*) FROM sqlite_master", &tables);
		if (ret)
			goto fail;
		if (tables > 0) {
			ret = status_set(STATUS_DB, _("%s is not a sheaf library"), path);
			goto fail;
		}
	}
	if (st->readonly) {
		if (version < STORE_SCHEMA_VERSION) {
			ret = status_set(STATUS_READONLY, _("%s needs an upgrade but is read-only"),
			                 path);
			goto fail;
		}
	} else {
		ret = exec(st, "PRAGMA journal_mode = WAL");
		if (ret)
			goto fail;
		ret = exec(st, "PRAGMA synchronous = NORMAL");
		if (ret)
			goto fail;
		if (version < STORE_SCHEMA_VERSION) {
			ret = migrate(st, version);
			if (ret)
				goto fail;
		}
	}
	ret = exec(st, "PRAGMA foreign_keys = ON");
	if (ret)
		goto fail;
	ret = meta_get(st, "fts_render", &rev);
	if (ret)
		goto fail;
	/* A rebuild reads every paper: minutes at a million. The reader asks
	 * to skip it (and says so); batch commands do it. */
	st->index_stale = !rev || strcmp(rev, FTS_RENDER_REVISION) != 0;
	if (!st->readonly && st->index_stale && !(flags & STORE_DEFER_INDEX)) {
		st->index_stale = false;
		ret = exec(st, "BEGIN IMMEDIATE");
		if (!ret)
			ret = fts_rebuild(st);
		if (!ret)
			ret = meta_set(st, "fts_render", FTS_RENDER_REVISION);
		if (!ret)
			ret = exec(st, "COMMIT");
		else
			exec(st, "ROLLBACK");
		if (ret)
			goto fail;
	}
	free(rev);
	ret = pragma_int(st, "SELECT EXISTS(SELECT 1 FROM papers)", &papers);
	if (ret)
		goto fail;
	st->was_empty = !papers;
	*out = st;
	return STATUS_OK;
fail:
	free(rev);
	store_close(st);
	return ret;
}

void store_close(struct store *st)
{
	size_t i;

	if (!st)
		return;
	for (i = 0; i < Q__COUNT; i++)
		sqlite3_finalize(st->q[i]);
	for (i = 0; i < LIST_VARIANTS; i++)
		sqlite3_finalize(st->list[i]);
	for (i = 0; i < ARRAY_SIZE(st->count); i++)
		sqlite3_finalize(st->count[i]);
	for (i = 0; i < ARRAY_SIZE(st->position); i++)
		sqlite3_finalize(st->position[i]);
	for (i = 0; i < ARRAY_SIZE(st->fence_next); i++)
		sqlite3_finalize(st->fence_next[i]);
	for (i = 0; i < ARRAY_SIZE(st->fence_tail); i++)
		sqlite3_finalize(st->fence_tail[i]);
	for (i = 0; i < ARRAY_SIZE(st->fence_between); i++)
		sqlite3_finalize(st->fence_between[i]);
	for (i = 0; i < st->n_deferred; i++)
		free(st->deferred[i].sql);
	free(st->deferred);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

bool store_was_empty(const struct store *st)
{
	return st->was_empty;
}

int store_found_version(const struct store *st)
{
	return st->found_version;
}

enum status store_begin(struct store *st)
{
	return run(st, q(st, Q_BEGIN));
}

enum status store_begin_read(struct store *st)
{
	return run(st, q(st, Q_BEGIN_READ));
}

enum status store_commit(struct store *st)
{
	return run(st, q(st, Q_COMMIT));
}

void store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		run(st, q(st, Q_ROLLBACK));
}

/* ---------------------------------------------------------------- papers */

void store_paper_clear(struct store_paper *p)
{
	free(p->arxiv);
	free(p->doi);
	free(p->title);
	free(p->authors);
	free(p->abstract);
	free(p->summary);
	free(p->url);
	free(p->license);
	free(p->categories);
	free(p->journal);
	free(p->date);
	free(p->citekey);
	free(p->bibtype);
	memset(p, 0, sizeof(*p));
}

enum status store_paper_get(struct store *st, int64_t id, struct store_paper *p)
{
	sqlite3_stmt *s = q(st, Q_PAPER_GET);
	int rc;

	memset(p, 0, sizeof(*p));
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		enum status ret = rc == SQLITE_DONE
		                      ? status_set(STATUS_NOTFOUND, _("no paper with id %lld"), (long long)id)
		                      : db_error(st, rc);
		done(s);
		return ret;
	}
	p->id = sqlite3_column_int64(s, 0);
	p->arxiv = col_text(s, 1);
	p->doi = col_text(s, 2);
	p->title = col_text(s, 3);
	p->authors = col_text(s, 4);
	p->abstract = col_text(s, 5);
	p->summary = col_text(s, 6);
	p->url = col_text(s, 7);
	p->license = col_text(s, 8);
	p->categories = col_text(s, 9);
	p->journal = col_text(s, 10);
	p->date = col_text(s, 11);
	p->citekey = col_text(s, 12);
	p->bibtype = col_text(s, 13);
	p->fp = sqlite3_column_int64(s, 14);
	p->tkey = sqlite3_column_int64(s, 15);
	p->title_derived = sqlite3_column_int(s, 16);
	p->abstract_truncated = sqlite3_column_int(s, 17);
	p->stub = sqlite3_column_int(s, 18);
	p->read = sqlite3_column_int(s, 19);
	p->starred = sqlite3_column_int(s, 20);
	p->tagged = sqlite3_column_int(s, 21);
	p->added = sqlite3_column_int64(s, 22);
	p->opened = sqlite3_column_int64(s, 23);
	p->read_at = sqlite3_column_int64(s, 24);
	p->starred_at = sqlite3_column_int64(s, 25);
	p->tagged_at = sqlite3_column_int64(s, 26);
	done(s);
	return STATUS_OK;
}

static void bind_paper(sqlite3_stmt *s, const struct store_paper *p)
{
	sqlite3_bind_int64(s, 1, p->id);
	bind_key(s, 2, p->arxiv);
	bind_key(s, 3, p->doi);
	bind_text(s, 4, p->title);
	bind_text(s, 5, p->authors);
	bind_text(s, 6, p->abstract);
	bind_text(s, 7, p->summary);
	bind_text(s, 8, p->url);
	bind_text(s, 9, p->license);
	bind_text(s, 10, p->categories);
	bind_text(s, 11, p->journal);
	bind_text(s, 12, p->date);
	bind_key(s, 13, p->citekey);
	bind_text(s, 14, p->bibtype);
	bind_opt_int(s, 15, p->fp);
	bind_opt_int(s, 16, p->tkey);
	sqlite3_bind_int(s, 17, p->title_derived);
	sqlite3_bind_int(s, 18, p->abstract_truncated);
	sqlite3_bind_int(s, 19, p->stub);
	sqlite3_bind_int(s, 20, p->read);
	sqlite3_bind_int(s, 21, p->starred);
	sqlite3_bind_int(s, 22, p->tagged);
	sqlite3_bind_int64(s, 23, p->added);
	sqlite3_bind_int64(s, 24, p->opened);
	bind_opt_int(s, 25, p->read_at);
	bind_opt_int(s, 26, p->starred_at);
	bind_opt_int(s, 27, p->tagged_at);
}

/* Text fields may be NULL in a paper built by a caller; the store treats
 * that as empty. */
static void paper_fill_empty(struct store_paper *p)
{
	char **f[] = {&p->arxiv, &p->doi, &p->title, &p->authors, &p->abstract, &p->summary,
	              &p->url, &p->license, &p->categories, &p->journal, &p->date, &p->citekey,
	              &p->bibtype};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(f); i++)
		if (!*f[i])
			*f[i] = xstrdup("");
}

static enum status run_id(struct store *st, enum q which, int64_t id)
{
	sqlite3_stmt *s = q(st, which);
	sqlite3_bind_int64(s, 1, id);
	return run(st, s);
}

/* Queues a paper whose text is new or changed for its computed related
 * papers (related.c); stubs have no text. */
static enum status rel_queue(struct store *st, const struct store_paper *p)
{
	return p->stub ? STATUS_OK : run_id(st, Q_REL_DIRTY_ADD, p->id);
}

/* What related.c keeps of a paper about to be deleted. */
static enum status rel_forget(struct store *st, int64_t id)
{
	static const enum q steps[] = {Q_REL_FORGET_LINKERS, Q_REL_FORGET_SIG_KEEP, Q_REL_FORGET_SIG,
	                               Q_REL_DIRTY_DROP};
	enum status ret = STATUS_OK;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(steps) && !ret; i++)
		ret = run_id(st, steps[i], id);
	return ret;
}

enum status store_paper_insert(struct store *st, struct store_paper *p)
{
	sqlite3_stmt *s = q(st, Q_PAPER_INSERT);
	enum status ret;

	paper_fill_empty(p);
	if (!p->added)
		p->added = (int64_t)time(NULL);
	bind_paper(s, p);
	sqlite3_bind_null(s, 1);
	ret = run(st, s);
	if (ret)
		return ret;
	p->id = sqlite3_last_insert_rowid(st->db);
	ret = rel_queue(st, p);
	if (ret)
		return ret;
	return fts_write(st, Q_FTS_INSERT, p);
}

enum status store_paper_update(struct store *st, const struct store_paper *old,
                               const struct store_paper *p)
{
	struct store_paper tmp = *p;
	sqlite3_stmt *s = q(st, Q_PAPER_UPDATE);
	enum status ret;

	/* Fill missing strings in a copy without touching the caller's. */
	{
		static char empty[] = "";
		char **f[] = {&tmp.arxiv, &tmp.doi, &tmp.title, &tmp.authors, &tmp.abstract,
		              &tmp.summary, &tmp.url, &tmp.license, &tmp.categories, &tmp.journal,
		              &tmp.date, &tmp.citekey, &tmp.bibtype};
		size_t i;
		for (i = 0; i < ARRAY_SIZE(f); i++)
			if (!*f[i])
				*f[i] = empty;
	}
	if (!fts_same(old, &tmp)) {
		ret = fts_write(st, Q_FTS_DELETE, old);
		if (ret)
			return ret;
	}
	bind_paper(s, &tmp);
	ret = run(st, s);
	if (ret)
		return ret;
	if (strcmp(old->title, tmp.title) != 0 || strcmp(old->abstract, tmp.abstract) != 0 ||
	    strcmp(old->summary, tmp.summary) != 0 || old->stub != tmp.stub ||
	    old->title_derived != tmp.title_derived) {
		ret = rel_queue(st, &tmp);
		if (ret)
			return ret;
	}
	if (!fts_same(old, &tmp))
		return fts_write(st, Q_FTS_INSERT, &tmp);
	return STATUS_OK;
}

static enum status run_ids(struct store *st, enum q which, int64_t a, int64_t b)
{
	sqlite3_stmt *s = q(st, which);
	sqlite3_bind_int64(s, 1, a);
	sqlite3_bind_int64(s, 2, b);
	return run(st, s);
}

enum status store_paper_fold(struct store *st, int64_t keep, int64_t drop)
{
	struct store_paper old;
	enum status ret;
	static const enum q steps[] = {Q_FOLD_VERSIONS, Q_FOLD_SEEN, Q_FOLD_LINKS_OUT,
	                               Q_FOLD_LINKS_IN, Q_FOLD_MARKS, Q_BIBFIELD_FOLD};
	size_t i;

	if (keep == drop)
		return STATUS_OK;
	ret = store_paper_get(st, drop, &old);
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(steps) && !ret; i++)
		ret = run_ids(st, steps[i], keep, drop);
	if (!ret)
		ret = fts_write(st, Q_FTS_DELETE, &old);
	if (!ret)
		ret = rel_forget(st, drop);
	if (!ret) {
		sqlite3_stmt *s = q(st, Q_PAPER_DELETE);
		sqlite3_bind_int64(s, 1, drop);
		ret = run(st, s);
	}
	if (!ret) {
		sqlite3_stmt *s = q(st, Q_DATE_SYNC);
		sqlite3_bind_int64(s, 1, keep);
		ret = run(st, s);
	}
	store_paper_clear(&old);
	return ret;
}

static enum status find_one(struct store *st, enum q which, const char *key, int64_t *id)
{
	sqlite3_stmt *s = q(st, which);
	int rc;

	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		done(s);
		return STATUS_OK;
	}
	done(s);
	return rc == SQLITE_DONE ? STATUS_NOTFOUND : db_error(st, rc);
}

enum status store_find_arxiv(struct store *st, const char *arxiv, int64_t *id)
{
	return find_one(st, Q_FIND_ARXIV, arxiv, id);
}

enum status store_find_doi(struct store *st, const char *doi, int64_t *id)
{
	return find_one(st, Q_FIND_DOI, doi, id);
}

static enum status find_many(struct store *st, sqlite3_stmt *s, int64_t *ids, size_t max,
                             size_t *n)
{
	int rc;

	*n = 0;
	sqlite3_bind_int64(s, 2, (sqlite3_int64)max);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max)
		ids[(*n)++] = sqlite3_column_int64(s, 0);
	done(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? STATUS_OK : db_error(st, rc);
}

enum status store_find_fp(struct store *st, int64_t fp, int64_t *ids, size_t max, size_t *n)
{
	sqlite3_stmt *s = q(st, Q_FIND_FP);
	sqlite3_bind_int64(s, 1, fp);
	return find_many(st, s, ids, max, n);
}

enum status store_find_tkey(struct store *st, int64_t tkey, int64_t *ids, size_t max, size_t *n)
{
	sqlite3_stmt *s = q(st, Q_FIND_TKEY);
	sqlite3_bind_int64(s, 1, tkey);
	return find_many(st, s, ids, max, n);
}

enum status store_find_date(struct store *st, const char *date, bool stubs, int64_t *ids,
                            size_t max, size_t *n)
{
	sqlite3_stmt *s = q(st, stubs ? Q_FIND_DATE_STUBS : Q_FIND_DATE);
	sqlite3_bind_text(s, 1, date, -1, SQLITE_TRANSIENT);
	return find_many(st, s, ids, max, n);
}

enum status store_find_seen(struct store *st, int64_t source, int64_t position, int64_t *id)
{
	sqlite3_stmt *s = q(st, Q_FIND_SEEN);
	int rc;

	sqlite3_bind_int64(s, 1, source);
	sqlite3_bind_int64(s, 2, position);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		int64_t found = sqlite3_column_int64(s, 0);
		/* Two papers at one position: records that shared a line. */
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			rc = SQLITE_DONE;
		else if (rc == SQLITE_DONE) {
			*id = found;
			rc = SQLITE_ROW;
		}
	}
	done(s);
	if (rc == SQLITE_ROW)
		return STATUS_OK;
	return rc == SQLITE_DONE ? STATUS_NOTFOUND : db_error(st, rc);
}

enum status store_mark_set(struct store *st, int64_t id, enum store_mark m, bool on)
{
	static const enum q which[] = {Q_MARK_READ, Q_MARK_STAR, Q_MARK_TAG};
	sqlite3_stmt *s = q(st, which[m]);
	enum status ret;

	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, on);
	sqlite3_bind_int64(s, 3, (int64_t)time(NULL));
	ret = run(st, s);
	if (!ret && sqlite3_changes(st->db) == 0)
		ret = status_set(STATUS_NOTFOUND, _("no paper with id %lld"), (long long)id);
	return ret;
}

enum status store_paper_opened(struct store *st, int64_t id)
{
	sqlite3_stmt *s = q(st, Q_OPENED);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, (int64_t)time(NULL));
	return run(st, s);
}

/* ---------------------------------------------------------------- versions */

enum status store_version_add(struct store *st, int64_t id, int version, const char *date)
{
	sqlite3_stmt *s = q(st, Q_VERSION_ADD);
	enum status ret;

	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, version);
	sqlite3_bind_text(s, 3, date, -1, SQLITE_TRANSIENT);
	ret = run(st, s);
	if (ret || sqlite3_changes(st->db) == 0)
		return ret;
	s = q(st, Q_DATE_SYNC);
	sqlite3_bind_int64(s, 1, id);
	return run(st, s);
}

enum status store_versions(struct store *st, int64_t id, struct store_version **v, size_t *n)
{
	sqlite3_stmt *s = q(st, Q_VERSIONS);
	size_t cap = 0;
	int rc;

	*v = NULL;
	*n = 0;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const unsigned char *d = sqlite3_column_text(s, 1);
		*v = xgrow(*v, &cap, *n + 1, sizeof(**v));
		(*v)[*n].version = sqlite3_column_int(s, 0);
		snprintf((*v)[*n].date, sizeof((*v)[*n].date), "%s", d ? (const char *)d : "");
		(*n)++;
	}
	done(s);
	return rc == SQLITE_DONE ? STATUS_OK : db_error(st, rc);
}

/* ---------------------------------------------------------------- sources */

enum status store_source_get(struct store *st, const char *hash, const char *path,
                             const char *format, int64_t *id, bool *existed)
{
	enum status ret = find_one(st, Q_SOURCE_FIND, hash, id);
	sqlite3_stmt *s;

	*existed = ret == STATUS_OK;
	if (ret != STATUS_NOTFOUND)
		return ret;
	s = q(st, Q_SOURCE_ADD);
	bind_text(s, 1, hash);
	bind_text(s, 2, path);
	bind_text(s, 3, format);
	sqlite3_bind_int64(s, 4, (int64_t)time(NULL));
	ret = run(st, s);
	if (!ret)
		*id = sqlite3_last_insert_rowid(st->db);
	return ret;
}

enum status store_source_finish(struct store *st, int64_t id, const char *hash)
{
	int64_t other;
	enum status ret = find_one(st, Q_SOURCE_FIND, hash, &other);
	sqlite3_stmt *s;

	if (ret == STATUS_NOTFOUND) {
		s = q(st, Q_SOURCE_HASH);
		sqlite3_bind_int64(s, 1, id);
		bind_text(s, 2, hash);
		return run(st, s);
	}
	if (ret || other == id)
		return ret;
	ret = run_ids(st, Q_SOURCE_MOVE_SEEN, id, other);
	if (!ret)
		ret = run_ids(st, Q_SOURCE_MOVE_LINKS, id, other);
	if (!ret) {
		s = q(st, Q_SOURCE_DELETE);
		sqlite3_bind_int64(s, 1, id);
		ret = run(st, s);
	}
	return ret;
}

enum status store_seen_add(struct store *st, int64_t paper, int64_t source, int64_t position)
{
	sqlite3_stmt *s = q(st, Q_SEEN_ADD);
	sqlite3_bind_int64(s, 1, paper);
	sqlite3_bind_int64(s, 2, source);
	sqlite3_bind_int64(s, 3, position);
	return run(st, s);
}

enum status store_sources(struct store *st, int64_t paper, struct store_source **v, size_t *n)
{
	sqlite3_stmt *s = q(st, Q_SOURCES);
	size_t cap = 0;
	int rc;

	*v = NULL;
	*n = 0;
	sqlite3_bind_int64(s, 1, paper);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*v = xgrow(*v, &cap, *n + 1, sizeof(**v));
		(*v)[*n].id = sqlite3_column_int64(s, 0);
		(*v)[*n].path = col_text(s, 1);
		(*v)[*n].format = col_text(s, 2);
		(*v)[*n].position = STORE_POSITION_LINE(sqlite3_column_int64(s, 3));
		(*n)++;
	}
	done(s);
	return rc == SQLITE_DONE ? STATUS_OK : db_error(st, rc);
}

void store_sources_free(struct store_source *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].format);
	}
	free(v);
}

/* ---------------------------------------------------------------- links */

const char *store_link_kind_name(enum store_link_kind k)
{
	switch (k) {
	case STORE_LINK_SIMILAR: return "similar";
	case STORE_LINK_DIGEST: return "digest";
	case STORE_LINK_COMPUTED: return "computed";
	}
	return "?";
}

enum status store_link_add(struct store *st, int64_t from, int64_t to, enum store_link_kind k,
                           double score, bool has_score, int rank, int64_t source,
                           const char *subject_date, bool *added)
{
	sqlite3_stmt *s = q(st, Q_LINK_ADD);
	enum status ret;

	*added = false;
	if (from == to)
		return STATUS_OK;
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, to);
	sqlite3_bind_int(s, 3, (int)k);
	if (has_score)
		sqlite3_bind_double(s, 4, score);
	else
		sqlite3_bind_null(s, 4);
	sqlite3_bind_int(s, 5, rank);
	bind_opt_int(s, 6, source);
	bind_key(s, 7, subject_date);
	ret = run(st, s);
	if (ret)
		return ret;
	*added = sqlite3_changes(st->db) > 0;
	if (!*added && has_score) {
		s = q(st, Q_LINK_SCORE);
		sqlite3_bind_int64(s, 1, from);
		sqlite3_bind_int64(s, 2, to);
		sqlite3_bind_int(s, 3, (int)k);
		sqlite3_bind_double(s, 4, score);
		ret = run(st, s);
	}
	return ret;
}

enum status store_links(struct store *st, int64_t id, bool incoming, struct store_link **v,
                        size_t *n)
{
	sqlite3_stmt *s = q(st, incoming ? Q_LINKS_IN : Q_LINKS_OUT);
	size_t cap = 0, i;
	int rc;

	*v = NULL;
	*n = 0;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t other = sqlite3_column_int64(s, 0);
		struct store_link *l;
		const unsigned char *d;
		bool dup = false;

		/* One paper shows once, at its strongest link. */
		for (i = 0; i < *n; i++)
			if ((*v)[i].id == other)
				dup = true;
		if (dup)
			continue;
		*v = xgrow(*v, &cap, *n + 1, sizeof(**v));
		l = &(*v)[(*n)++];
		l->id = other;
		l->kind = (enum store_link_kind)sqlite3_column_int(s, 1);
		l->has_score = sqlite3_column_type(s, 2) != SQLITE_NULL;
		l->score = l->has_score ? sqlite3_column_double(s, 2) : 0;
		l->rank = sqlite3_column_int(s, 3);
		d = sqlite3_column_text(s, 4);
		snprintf(l->date, sizeof(l->date), "%s", d ? (const char *)d : "");
		l->title = col_text(s, 5);
		l->title_derived = sqlite3_column_int(s, 6);
		l->stub = sqlite3_column_int(s, 7);
		l->read = sqlite3_column_int(s, 8);
		l->starred = sqlite3_column_int(s, 9);
	}
	done(s);
	return rc == SQLITE_DONE ? STATUS_OK : db_error(st, rc);
}

void store_links_free(struct store_link *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].title);
	free(v);
}

enum status store_subject_dates(struct store *st,
                                enum status (*fn)(void *ctx, const char *date), void *ctx)
{
	sqlite3_stmt *s = q(st, Q_SUBJECT_DATES);
	char **dates = NULL;
	size_t n = 0, cap = 0, i;
	enum status ret = STATUS_OK;
	int rc;

	/* Collected first: fn may change the links table. */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		dates = xgrow(dates, &cap, n + 1, sizeof(*dates));
		dates[n++] = col_text(s, 0);
	}
	done(s);
	if (rc != SQLITE_DONE)
		ret = db_error(st, rc);
	for (i = 0; i < n; i++) {
		if (!ret)
			ret = fn(ctx, dates[i]);
		free(dates[i]);
	}
	free(dates);
	return ret;
}

enum status store_subject_repoint(struct store *st, const char *date, int64_t from)
{
	sqlite3_stmt *s = q(st, Q_SUBJECT_COPY);
	enum status ret;

	sqlite3_bind_text(s, 1, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, from);
	ret = run(st, s);
	if (ret)
		return ret;
	s = q(st, Q_SUBJECT_DELETE);
	sqlite3_bind_text(s, 1, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, from);
	ret = run(st, s);
	if (ret)
		return ret;
	s = q(st, Q_SUBJECT_SELF);
	sqlite3_bind_int64(s, 1, from);
	return run(st, s);
}

enum status store_stub(struct store *st, const char *date, bool create, int64_t *id)
{
	enum status ret = find_one(st, Q_STUB_FIND, date, id);
	struct store_paper p;

	if (ret != STATUS_NOTFOUND || !create)
		return ret;
	memset(&p, 0, sizeof(p));
	p.stub = true;
	p.date = xstrdup(date);
	ret = store_paper_insert(st, &p);
	if (!ret)
		*id = p.id;
	/* No versions row: a stub's date is the subject's, and the stub must
	 * never count as a paper having that date. */
	store_paper_clear(&p);
	return ret;
}

enum status store_stub_prune(struct store *st, int64_t id)
{
	sqlite3_stmt *s = q(st, Q_STUB_USED);
	int rc, used;
	struct store_paper p;
	enum status ret;

	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	used = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 1;
	done(s);
	if (rc != SQLITE_ROW)
		return db_error(st, rc);
	if (used)
		return STATUS_OK;
	ret = store_paper_get(st, id, &p);
	if (ret)
		return ret;
	ret = p.stub ? fts_write(st, Q_FTS_DELETE, &p) : STATUS_OK;
	if (!ret && p.stub)
		ret = rel_forget(st, id);
	if (!ret && p.stub) {
		s = q(st, Q_PAPER_DELETE);
		sqlite3_bind_int64(s, 1, id);
		ret = run(st, s);
	}
	store_paper_clear(&p);
	return ret;
}

/* ---------------------------------------------------------------- lists */

void store_row_clear(struct store_row *r)
{
	free(r->title);
	memset(r, 0, sizeof(*r));
}

void store_rows_clear(struct store_row *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		store_row_clear(&r[i]);
}

static void row_fill(sqlite3_stmt *s, struct store_row *r)
{
	const unsigned char *t;

	r->id = sqlite3_column_int64(s, 0);
	t = sqlite3_column_text(s, 1);
	snprintf(r->arxiv, sizeof(r->arxiv), "%s", t ? (const char *)t : "");
	t = sqlite3_column_text(s, 2);
	snprintf(r->date, sizeof(r->date), "%s", t ? (const char *)t : "");
	r->title = col_text(s, 3);
	r->opened = sqlite3_column_int64(s, 4);
	r->read = sqlite3_column_int(s, 5);
	r->starred = sqlite3_column_int(s, 6);
	r->tagged = sqlite3_column_int(s, 7);
	r->title_derived = sqlite3_column_int(s, 8);
	r->stub = sqlite3_column_int(s, 9);
}

enum status store_rows_each(struct store *st, const struct store_view *v,
                            enum status (*fn)(void *ctx, const struct store_row *r), void *ctx)
{
	enum { PAGE = 256 };
	struct store_row rows[PAGE], last;
	bool have_last = false;
	enum status ret;
	size_t n, i;

	memset(&last, 0, sizeof(last));
	do {
		ret = store_rows(st, v, have_last ? &last : NULL, false, rows, PAGE, &n);
		for (i = 0; i < n && !ret; i++)
			ret = fn(ctx, &rows[i]);
		if (n) {
			/* The page's last row is where the next one starts. */
			store_row_clear(&last);
			last = rows[n - 1];
			rows[n - 1].title = NULL;
			have_last = true;
		}
		store_rows_clear(rows, n);
	} while (!ret && n == PAGE);
	store_row_clear(&last);
	return ret;
}

enum status store_row_get(struct store *st, int64_t id, struct store_row *r)
{
	sqlite3_stmt *s = q(st, Q_ROW_GET);
	int rc;

	memset(r, 0, sizeof(*r));
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		row_fill(s, r);
	done(s);
	if (rc == SQLITE_ROW)
		return STATUS_OK;
	if (rc == SQLITE_DONE)
		return status_set(STATUS_NOTFOUND, _("no paper with id %lld"), (long long)id);
	return db_error(st, rc);
}

bool store_view_has(const struct store_view *v, const struct store_row *r)
{
	if ((v->filter & STORE_FILTER_UNREAD) && r->read)
		return false;
	if ((v->filter & STORE_FILTER_STARRED) && !r->starred)
		return false;
	if ((v->filter & STORE_FILTER_TAGGED) && !r->tagged)
		return false;
	return true;
}

static void filter_sql(struct buf *b, unsigned filter)
{
	/* Written exactly as the partial indexes' WHERE clauses, so that the
	 * planner can use them. */
	if (filter & STORE_FILTER_UNREAD)
		buf_adds(b, " AND read = 0");
	if (filter & STORE_FILTER_STARRED)
		buf_adds(b, " AND starred = 1");
	if (filter & STORE_FILTER_TAGGED)
		buf_adds(b, " AND tagged = 1");
}

/* Each sort's order and its keyset comparisons: rows after (before) a
 * given row in the order. */
static const char *const order_fwd[] = {
	" ORDER BY date DESC, id DESC",
	" ORDER BY title ASC, id ASC",
	" ORDER BY opened DESC, date DESC, id DESC",
};
static const char *const order_bwd[] = {
	" ORDER BY date ASC, id ASC",
	" ORDER BY title DESC, id DESC",
	" ORDER BY opened ASC, date ASC, id ASC",
};
static const char *const after[] = {
	" AND (date, id) < (?2, ?1)",
	" AND (title, id) > (?3, ?1)",
	" AND (opened, date, id) < (?4, ?2, ?1)",
};
static const char *const before[] = {
	" AND (date, id) > (?2, ?1)",
	" AND (title, id) < (?3, ?1)",
	" AND (opened, date, id) > (?4, ?2, ?1)",
};

/* Binds row r's sort key (id, date, title, opened) from parameter first on. */
static void bind_row_key(sqlite3_stmt *s, int first, const struct store_row *r)
{
	sqlite3_bind_int64(s, first, r->id);
	sqlite3_bind_text(s, first + 1, r->date, -1, SQLITE_TRANSIENT);
	bind_text(s, first + 2, r->title ? r->title : "");
	sqlite3_bind_int64(s, first + 3, r->opened);
}

static enum status few_marked(struct store *st, unsigned filter, bool *few);

/* Which index a view's statement reads papers through. The starred and
 * tagged filters have partial indexes of their papers; without statistics
 * the planner does not see that they are small, and counts a filtered view
 * by scanning papers_hits (60 ms at a million papers for 300 starred) or
 * pages it in title order along papers_title (a second, cold). A count
 * always goes through the partial index: it reads the marked papers and
 * nothing else. Rows in date order do too (the planner's own choice, as
 * the index is in that order); in the other orders they do while few
 * papers are marked, as those are then sorted for each page. After "tag
 * every paper" a million are, and walking the sort's index is cheaper. */
static bool count_by_marks(unsigned filter)
{
	return (filter & (STORE_FILTER_STARRED | STORE_FILTER_TAGGED)) != 0;
}

static bool rows_by_marks(struct store *st, const struct store_view *v)
{
	bool few = false;

	if (!count_by_marks(v->filter))
		return false;
	return v->sort == STORE_SORT_DATE || (few_marked(st, v->filter, &few) == STATUS_OK && few);
}

/* The mark a filter's marks are taken from, 0 for none: starred first,
 * for marks_index_of(), few_marked() and the marks index. */
static unsigned marks_kind(unsigned filter)
{
	if (!(filter & (STORE_FILTER_STARRED | STORE_FILTER_TAGGED)))
		return 0;
	return filter & STORE_FILTER_STARRED ? STORE_FILTER_STARRED : STORE_FILTER_TAGGED;
}

/* The partial index of the mark a filter starts from. */
static const char *marks_index_of(unsigned filter)
{
	return marks_kind(filter) == STORE_FILTER_STARRED ? "papers_starred" : "papers_tagged";
}

/* A view's statement, prepared once into *slot: head, FROM papers (through
 * the filter's partial index when by_marks), the filter's clauses, then the
 * fragments a, b and c (NULL: none). NULL when SQLite refuses it. */
static sqlite3_stmt *view_stmt(struct store *st, sqlite3_stmt **slot, unsigned filter,
                               const char *head, bool by_marks, const char *a, const char *b,
                               const char *c)
{
	struct buf sql = BUF_INIT;

	if (*slot)
		return *slot;
	buf_adds(&sql, head);
	buf_adds(&sql, " FROM papers");
	if (by_marks) {
		buf_adds(&sql, " INDEXED BY ");
		buf_adds(&sql, marks_index_of(filter));
	}
	buf_adds(&sql, " WHERE 1");
	filter_sql(&sql, filter & 7);
	buf_adds(&sql, a ? a : "");
	buf_adds(&sql, b ? b : "");
	buf_adds(&sql, c ? c : "");
	if (sqlite3_prepare_v3(st->db, sql.s, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL) != SQLITE_OK)
		*slot = NULL;
	buf_free(&sql);
	return *slot;
}

static sqlite3_stmt *list_stmt(struct store *st, const struct store_view *v, bool anchored,
                               bool backward)
{
	bool by = rows_by_marks(st, v);
	int idx = (((((int)v->filter & 7) * 3 + (int)v->sort) * 2 + anchored) * 2 + backward) * 2 + by;
	sqlite3_stmt *s = view_stmt(st, &st->list[idx], v->filter, "SELECT " ROW_COLS, by,
	                            anchored ? (backward ? before[v->sort] : after[v->sort]) : NULL,
	                            backward ? order_bwd[v->sort] : order_fwd[v->sort], " LIMIT ?5");

	if (!s)
		util_die("SQL error in list query: %s", sqlite3_errmsg(st->db));
	return s;
}

enum status store_rows(struct store *st, const struct store_view *v, const struct store_row *from,
                       bool backward, struct store_row *rows, size_t max, size_t *n)
{
	sqlite3_stmt *s = list_stmt(st, v, from != NULL, backward);
	int rc;

	*n = 0;
	if (from) {
		sqlite3_bind_int64(s, 1, from->id);
		sqlite3_bind_text(s, 2, from->date, -1, SQLITE_TRANSIENT);
		bind_text(s, 3, from->title);
		sqlite3_bind_int64(s, 4, from->opened);
	}
	sqlite3_bind_int64(s, 5, (sqlite3_int64)max);
	while (*n < max && (rc = sqlite3_step(s)) == SQLITE_ROW)
		row_fill(s, &rows[(*n)++]);
	if (*n < max && rc != SQLITE_DONE) {
		done(s);
		store_rows_clear(rows, *n);
		*n = 0;
		return db_error(st, rc);
	}
	done(s);
	return STATUS_OK;
}

enum status store_position(struct store *st, const struct store_view *v,
                           const struct store_row *r, int64_t *pos)
{
	sqlite3_stmt *s = view_stmt(st, &st->position[(v->filter & 7) * 3 + v->sort], v->filter,
	                            "SELECT count(*)", count_by_marks(v->filter), before[v->sort],
	                            NULL, NULL);
	int rc;

	if (!s)
		return db_error(st, sqlite3_errcode(st->db));
	bind_row_key(s, 1, r);
	rc = sqlite3_step(s);
	*pos = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	done(s);
	return rc == SQLITE_ROW ? STATUS_OK : db_error(st, rc);
}

/* ---------------------------------------------------------------- fences
 *
 * SQLite counts the rows before a paper by walking them: 30 ms half way
 * down a million papers, too slow for a key. A view's fences are the sort
 * keys of every FENCE_STRIDE-th row, collected once (a slice at a time,
 * when the reader is idle); a position is then the fence before the row
 * (found in memory) plus a count of at most FENCE_STRIDE rows. */

#define FENCE_STRIDE 2048

/* Rows at or after fence (?5-?8) in the view's order: with before[], the
 * rows from the fence up to the row, an index range. */
static const char *const from_fence[] = {
	" AND (date, id) <= (?6, ?5)",
	" AND (title, id) >= (?7, ?5)",
	" AND (opened, date, id) <= (?8, ?6, ?5)",
};

struct store_fences {
	struct store_view v;
	struct store_row *fence; /* fence k (from 0) has (k + 1) * FENCE_STRIDE rows before it */
	size_t n, cap;
	bool done;
	int64_t total;
};

/* <0 when row a comes before row b in the order of sort, as SQL orders
 * them (title is COLLATE NOCASE: ASCII case folded). */
static int sort_cmp(enum store_sort sort, const struct store_row *a, const struct store_row *b)
{
	int c;

	switch (sort) {
	case STORE_SORT_TITLE:
		c = sqlite3_stricmp(a->title ? a->title : "", b->title ? b->title : "");
		if (c)
			return c;
		return a->id < b->id ? -1 : a->id > b->id;
	case STORE_SORT_RECENT:
		if (a->opened != b->opened)
			return a->opened > b->opened ? -1 : 1;
		/* then by date */
		/* fall through */
	default:
		c = strcmp(a->date, b->date);
		if (c)
			return -c;
		return a->id > b->id ? -1 : a->id < b->id;
	}
}

struct store_fences *store_fences_new(const struct store_view *v)
{
	struct store_fences *f = xcalloc(1, sizeof(*f));

	f->v = *v;
	return f;
}

void store_fences_free(struct store_fences *f)
{
	if (!f)
		return;
	store_rows_clear(f->fence, f->n);
	free(f->fence);
	free(f);
}

bool store_fences_done(const struct store_fences *f)
{
	return f && f->done;
}

int64_t store_fences_count(const struct store_fences *f)
{
	return f && f->done ? f->total : -1;
}

enum status store_fences_step(struct store *st, struct store_fences *f, size_t max)
{
	int idx = ((int)f->v.filter & 7) * 3 + (int)f->v.sort;

	while (max-- > 0 && !f->done) {
		bool anchored = f->n > 0, by = rows_by_marks(st, &f->v);
		sqlite3_stmt *s = view_stmt(st, &st->fence_next[(idx * 2 + anchored) * 2 + by], f->v.filter,
		                            "SELECT id, date, title, opened", by,
		                            anchored ? after[f->v.sort] : NULL, order_fwd[f->v.sort],
		                            " LIMIT 1 OFFSET ?5");
		struct store_row r;
		int rc;

		if (!s)
			return db_error(st, sqlite3_errcode(st->db));
		if (anchored)
			bind_row_key(s, 1, &f->fence[f->n - 1]);
		/* The first fence has FENCE_STRIDE rows before it; each next one
		 * FENCE_STRIDE - 1 rows after the last. */
		sqlite3_bind_int(s, 5, anchored ? FENCE_STRIDE - 1 : FENCE_STRIDE);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			const unsigned char *t = sqlite3_column_text(s, 1);

			memset(&r, 0, sizeof(r));
			r.id = sqlite3_column_int64(s, 0);
			snprintf(r.date, sizeof(r.date), "%s", t ? (const char *)t : "");
			r.title = col_text(s, 2);
			r.opened = sqlite3_column_int64(s, 3);
			f->fence = xgrow(f->fence, &f->cap, f->n + 1, sizeof(*f->fence));
			f->fence[f->n++] = r;
		}
		done(s);
		if (rc == SQLITE_ROW)
			continue;
		if (rc != SQLITE_DONE)
			return db_error(st, rc);
		/* The end: what lies after the last fence, fewer than a stride
		 * of rows (the whole view when there is no fence). */
		s = view_stmt(st, &st->fence_tail[idx * 2 + anchored], f->v.filter, "SELECT count(*)",
		              count_by_marks(f->v.filter), anchored ? after[f->v.sort] : NULL, NULL, NULL);
		if (!s)
			return db_error(st, sqlite3_errcode(st->db));
		if (anchored)
			bind_row_key(s, 1, &f->fence[f->n - 1]);
		rc = sqlite3_step(s);
		f->total = (rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0) +
		           (anchored ? (int64_t)f->n * FENCE_STRIDE + 1 : 0);
		done(s);
		if (rc != SQLITE_ROW)
			return db_error(st, rc);
		f->done = true;
	}
	return STATUS_OK;
}

enum status store_fences_position(struct store *st, struct store_fences *f,
                                  const struct store_row *r, int64_t *pos)
{
	unsigned fl = f->v.filter & 7;
	int idx = (int)fl * 3 + (int)f->v.sort;
	size_t lo = 0, hi = f->n;
	sqlite3_stmt *s;
	int rc;

	if (!f->done)
		return status_set(STATUS_NOTFOUND, "internal error: fences not complete");
	/* The number of fences at or before r. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sort_cmp(f->v.sort, &f->fence[mid], r) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return store_position(st, &f->v, r, pos); /* within the first stride */
	s = view_stmt(st, &st->fence_between[idx], f->v.filter, "SELECT count(*)",
	              count_by_marks(f->v.filter), before[f->v.sort], from_fence[f->v.sort], NULL);
	if (!s)
		return db_error(st, sqlite3_errcode(st->db));
	bind_row_key(s, 1, r);
	bind_row_key(s, 5, &f->fence[lo - 1]);
	rc = sqlite3_step(s);
	*pos = (int64_t)lo * FENCE_STRIDE + (rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0);
	done(s);
	return rc == SQLITE_ROW ? STATUS_OK : db_error(st, rc);
}

enum status store_count(struct store *st, const struct store_view *v, int64_t *n)
{
	sqlite3_stmt *s = view_stmt(st, &st->count[v->filter & 7], v->filter, "SELECT count(*)",
	                            count_by_marks(v->filter), NULL, NULL, NULL);
	int rc;

	if (!s)
		return db_error(st, sqlite3_errcode(st->db));
	rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	done(s);
	return rc == SQLITE_ROW ? STATUS_OK : db_error(st, rc);
}

enum status store_mark_view(struct store *st, const struct store_view *v, enum store_mark m,
                            bool on, int64_t *changed)
{
	static const char *const col[] = {"read", "starred", "tagged"};
	struct buf b = BUF_INIT;
	sqlite3_stmt *s;
	enum status ret;
	int rc;

	/* Built from constants only: the column name comes from the table
	 * above, never from a caller's string. */
	buf_printf(&b, "UPDATE papers SET %s = ?1, %s_at = CASE WHEN ?1 THEN ?2 END WHERE %s <> ?1",
	           col[m], col[m], col[m]);
	if (v)
		filter_sql(&b, v->filter & 7);
	rc = sqlite3_prepare_v2(st->db, b.s, -1, &s, NULL);
	buf_free(&b);
	if (rc != SQLITE_OK)
		return db_error(st, rc);
	sqlite3_bind_int(s, 1, on);
	sqlite3_bind_int64(s, 2, (int64_t)time(NULL));
	ret = run(st, s);
	*changed = ret ? 0 : sqlite3_changes(st->db);
	sqlite3_finalize(s);
	return ret;
}

enum status store_stats(struct store *st, struct store_stats *out)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(
		st->db,
		"SELECT (SELECT count(*) FROM papers WHERE stub = 0),"
		" (SELECT count(*) FROM papers WHERE stub = 1),"
		" (SELECT count(*) FROM papers WHERE read = 0 AND stub = 0),"
		" (SELECT count(*) FROM papers INDEXED BY papers_starred WHERE starred = 1),"
		" (SELECT count(*) FROM papers INDEXED BY papers_tagged WHERE tagged = 1),"
		" (SELECT count(*) FROM links), (SELECT count(*) FROM sources)",
		-1, &s, NULL);

	memset(out, 0, sizeof(*out));
	if (rc != SQLITE_OK)
		return db_error(st, rc);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->papers = sqlite3_column_int64(s, 0);
		out->stubs = sqlite3_column_int64(s, 1);
		out->unread = sqlite3_column_int64(s, 2);
		out->starred = sqlite3_column_int64(s, 3);
		out->tagged = sqlite3_column_int64(s, 4);
		out->links = sqlite3_column_int64(s, 5);
		out->sources = sqlite3_column_int64(s, 6);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? STATUS_OK : db_error(st, rc);
}

/* ---------------------------------------------------------------- bibtex */

enum status store_bibfield_put(struct store *st, int64_t id, const char *name, const char *value)
{
	sqlite3_stmt *s = q(st, Q_BIBFIELD_PUT);

	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, name);
	bind_text(s, 3, value);
	return run(st, s);
}

enum status store_bibfields(struct store *st, int64_t id, struct store_bibfield **v, size_t *n)
{
	sqlite3_stmt *s = q(st, Q_BIBFIELDS);
	size_t cap = 0;
	int rc;

	*v = NULL;
	*n = 0;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*v = xgrow(*v, &cap, *n + 1, sizeof(**v));
		(*v)[*n].name = col_text(s, 0);
		(*v)[*n].value = col_text(s, 1);
		(*n)++;
	}
	done(s);
	if (rc != SQLITE_DONE) {
		store_bibfields_free(*v, *n);
		*v = NULL;
		*n = 0;
		return db_error(st, rc);
	}
	return STATUS_OK;
}

void store_bibfields_free(struct store_bibfield *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].value);
	}
	free(v);
}

enum status store_find_citekey(struct store *st, const char *key, int64_t *id)
{
	return find_one(st, Q_FIND_CITEKEY, key, id);
}

enum status store_citekey_set(struct store *st, int64_t id, const char *key)
{
	sqlite3_stmt *s = q(st, Q_CITEKEY_SET);
	enum status ret;
	int64_t other;

	ret = store_find_citekey(st, key, &other);
	if (ret == STATUS_OK)
		return status_set(STATUS_USAGE, _("citation key %s is taken"), key);
	if (ret != STATUS_NOTFOUND)
		return ret;
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, key);
	ret = run(st, s);
	if (!ret && sqlite3_changes(st->db) == 0)
		ret = status_set(STATUS_NOTFOUND, _("paper %lld has a citation key already, or none "
		                                    "such"),
		                 (long long)id);
	return ret;
}

enum status store_version_drop(struct store *st, int64_t id, int version, const char *date)
{
	sqlite3_stmt *s = q(st, Q_VERSION_DROP);
	enum status ret;

	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, version);
	bind_text(s, 3, date);
	ret = run(st, s);
	if (ret || sqlite3_changes(st->db) == 0)
		return ret;
	s = q(st, Q_DATE_SYNC);
	sqlite3_bind_int64(s, 1, id);
	return run(st, s);
}
/* ================================================================ arxiv
 * Large imports (store_bulk_*), version dates in one call, and SQLite's
 * JSON parser lent to the importers (store_json_*).
 */

/* The page cache a bulk import may use, in KiB: enough to hold the
 * lookup indexes that grow at random (DOIs, and the fingerprints when
 * they are not deferred) of a million papers or two. A fixed cap: memory
 * does not grow with the file. (At 100,000 papers, 8, 32 and 128 MB ran
 * alike.) */
#define BULK_CACHE_KIB 65536

/* FTS5 settings for a bulk import, and FTS5's own defaults (restored
 * when the table had none). FTS5 gathers new terms in memory and writes
 * them out as a segment when its hash holds `hashsize` bytes; segments
 * are merged `automerge` at a time. Most of the index's cost in a large
 * import is that merging: bigger segments and wider merges halve it. The
 * index stays the same (same terms, same queries), only laid out in
 * fewer, larger pieces. ('hashsize' is FTS5's own key, left out of its
 * documentation; a SQLite without it refuses it and keeps its default.) */
static const struct {
	const char *key;
	int64_t bulk, fallback;
} fts_bulk[2] = {
	{"automerge", 16, 4},
	{"hashsize", 16 << 20, 1 << 20},
};

static enum status fts_config_set(struct store *st, const char *key, int64_t v)
{
	sqlite3_stmt *s = q(st, Q_FTS_CONFIG_SET);
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, v);
	return run(st, s);
}

static void fts_tune(struct store *st, bool bulk)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fts_bulk); i++) {
		if (bulk) {
			sqlite3_stmt *s = q(st, Q_FTS_CONFIG_GET);
			sqlite3_bind_text(s, 1, fts_bulk[i].key, -1, SQLITE_STATIC);
			st->fts_saved[i] = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0)
			                                                 : fts_bulk[i].fallback;
			done(s);
		}
		/* Speed only: a refusal leaves the index as correct as before. */
		if (fts_config_set(st, fts_bulk[i].key, bulk ? fts_bulk[i].bulk : st->fts_saved[i]))
			status_clear();
	}
}

/* Secondary indexes a bulk import may build at the end. Unique indexes
 * are never deferred: they are constraints, not just speed. */
static const struct {
	const char *name;
	unsigned kind; /* STORE_BULK_LISTS or STORE_BULK_LOOKUPS */
} deferrable[] = {
	/* what lists and dates read; no import lookup does */
	{"papers_date", STORE_BULK_LISTS},
	{"papers_title", STORE_BULK_LISTS},
	{"papers_opened", STORE_BULK_LISTS},
	{"versions_date", STORE_BULK_LISTS},
	{"seen_source", STORE_BULK_LISTS},
	/* the text and title fingerprints: lookups, when they happen */
	{"papers_fp", STORE_BULK_LOOKUPS},
	{"papers_tkey", STORE_BULK_LOOKUPS},
};

static void bulk_forget(struct store *st)
{
	size_t i;

	for (i = 0; i < st->n_deferred; i++)
		free(st->deferred[i].sql);
	free(st->deferred);
	st->deferred = NULL;
	st->n_deferred = 0;
}

/* Builds the deferred indexes of the kinds given, and forgets them. */
static enum status bulk_build(struct store *st, unsigned kinds)
{
	enum status ret = STATUS_OK;
	size_t i, keep = 0;

	for (i = 0; i < st->n_deferred; i++) {
		if (!ret && (st->deferred[i].kind & kinds)) {
			ret = exec(st, st->deferred[i].sql);
			free(st->deferred[i].sql);
		} else {
			st->deferred[keep++] = st->deferred[i];
		}
	}
	st->n_deferred = keep;
	return ret;
}

enum status store_bulk_begin(struct store *st, unsigned defer)
{
	char pragma[64];
	enum status ret;
	size_t i;

	if (st->bulk)
		return STATUS_OK;
	snprintf(pragma, sizeof(pragma), "PRAGMA cache_size = -%d", BULK_CACHE_KIB);
	ret = exec(st, pragma);
	if (ret)
		return ret;
	st->bulk = true;
	fts_tune(st, true);
	st->deferred = xcalloc(ARRAY_SIZE(deferrable), sizeof(*st->deferred));
	for (i = 0; i < ARRAY_SIZE(deferrable) && !ret; i++) {
		char *sql = NULL, *drop;
		enum status found = STATUS_NOTFOUND;
		sqlite3_stmt *s;
		int rc;

		if (!(deferrable[i].kind & defer))
			continue;
		s = q(st, Q_INDEX_SQL);
		sqlite3_bind_text(s, 1, deferrable[i].name, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) == SQLITE_TEXT) {
			sql = col_text(s, 0);
			found = STATUS_OK;
		} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			found = db_error(st, rc);
		}
		done(s);
		if (found == STATUS_NOTFOUND)
			continue; /* a later schema may have dropped it */
		if (found) {
			ret = found;
			break;
		}
		/* The name comes from the table above, never from data. */
		drop = xasprintf("DROP INDEX %s", deferrable[i].name);
		ret = exec(st, drop);
		free(drop);
		if (ret) {
			free(sql);
		} else {
			st->deferred[st->n_deferred].sql = sql;
			st->deferred[st->n_deferred++].kind = deferrable[i].kind;
		}
	}
	return ret;
}

enum status store_bulk_lookups(struct store *st)
{
	return st->bulk ? bulk_build(st, STORE_BULK_LOOKUPS) : STATUS_OK;
}

enum status store_bulk_end(struct store *st, bool rebuild)
{
	enum status ret = STATUS_OK;

	if (!st->bulk)
		return STATUS_OK;
	if (rebuild)
		ret = bulk_build(st, STORE_BULK_LISTS | STORE_BULK_LOOKUPS);
	if (rebuild && !ret)
		fts_tune(st, false);
	bulk_forget(st);
	st->bulk = false;
	if (!ret)
		ret = exec(st, "PRAGMA cache_size = -2000"); /* SQLite's default */
	return ret;
}

/* Sets the journal mode; true when SQLite reports the one asked for. */
static bool journal_mode(struct store *st, const char *mode)
{
	char sql[48];
	sqlite3_stmt *s;
	bool ok = false;

	snprintf(sql, sizeof(sql), "PRAGMA journal_mode = %s", mode);
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return false;
	if (sqlite3_step(s) == SQLITE_ROW) {
		const char *got = (const char *)sqlite3_column_text(s, 0);
		ok = got && util_strncasecmp(got, mode, strlen(mode) + 1) == 0;
	}
	sqlite3_finalize(s);
	return ok;
}

bool store_direct_begin(struct store *st)
{
	int papers = 1;

	if (st->readonly || !sqlite3_get_autocommit(st->db))
		return false;
	if (pragma_int(st, "SELECT EXISTS(SELECT 1 FROM papers)", &papers) || papers) {
		status_clear();
		return false;
	}
	/* Leaving WAL mode takes an exclusive lock at once; another
	 * connection's shared lock makes it fail (not wait): the import then
	 * runs in WAL mode, beside that reader. */
	sqlite3_busy_timeout(st->db, 0);
	st->direct = journal_mode(st, "DELETE");
	sqlite3_busy_timeout(st->db, st->busy_ms);
	return st->direct;
}

void store_direct_end(struct store *st)
{
	if (!st->direct)
		return;
	st->direct = false;
	if (!journal_mode(st, "WAL"))
		status_clear();
}

bool store_threads_ok(void)
{
	return sqlite3_threadsafe() != 0;
}

enum status store_paper_estimate(struct store *st, int64_t *n)
{
	sqlite3_stmt *s = q(st, Q_MAX_ID);
	int rc = sqlite3_step(s);

	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	done(s);
	return rc == SQLITE_ROW ? STATUS_OK : db_error(st, rc);
}

enum status store_count_without_arxiv(struct store *st, int64_t *n)
{
	sqlite3_stmt *s = q(st, Q_COUNT_NO_ARXIV);
	int rc = sqlite3_step(s);

	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	done(s);
	return rc == SQLITE_ROW ? STATUS_OK : db_error(st, rc);
}

enum status store_versions_add(struct store *st, int64_t id, const struct store_version *v,
                               size_t n, bool dated)
{
	sqlite3_stmt *s;
	enum status ret = STATUS_OK;
	bool added = false;
	size_t i;

	for (i = 0; i < n && !ret; i++) {
		if (!v[i].date[0])
			continue;
		s = q(st, Q_VERSION_ADD);
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, v[i].version);
		sqlite3_bind_text(s, 3, v[i].date, -1, SQLITE_STATIC);
		ret = run(st, s);
		if (!ret && sqlite3_changes(st->db) > 0)
			added = true;
	}
	if (ret || !added || dated)
		return ret;
	s = q(st, Q_VERSIONS_SYNC);
	sqlite3_bind_int64(s, 1, id);
	return run(st, s);
}

/* ---------------------------------------------------------------- JSON */

/* A private in-memory database: parsing JSON never touches a library and
 * works without one (parsers feed test sinks too). */
struct store_json {
	sqlite3 *db;
	sqlite3_stmt *tree;
	/* The ids of the containers above the current node. */
	int64_t *path;
	size_t depth, cap;
	/* A string value made valid UTF-8: SQLite turns "\ud800" (a lone
	 * surrogate) into bytes no UTF-8 text may hold. */
	struct buf clean;
};

enum status store_json_open(struct store_json **out)
{
	struct store_json *j = xcalloc(1, sizeof(*j));
	int rc;

	sqlite_setup();
	rc = sqlite3_open_v2(":memory:", &j->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);

	*out = NULL;
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v3(j->db, "SELECT id, parent, key, type, atom FROM json_tree(?1)",
		                        -1, SQLITE_PREPARE_PERSISTENT, &j->tree, NULL);
	if (rc != SQLITE_OK) {
		enum status ret = status_set(STATUS_DB, _("SQLite cannot parse JSON: %s"),
		                             j->db ? sqlite3_errmsg(j->db) : sqlite3_errstr(rc));
		store_json_close(j);
		return ret;
	}
	*out = j;
	return STATUS_OK;
}

void store_json_close(struct store_json *j)
{
	if (!j)
		return;
	sqlite3_finalize(j->tree);
	sqlite3_close(j->db);
	free(j->path);
	buf_free(&j->clean);
	free(j);
}

static enum store_json_type json_type(const unsigned char *t)
{
	switch (t ? t[0] : 'n') {
	case 't': return t[1] == 'r' ? STORE_JSON_TRUE : STORE_JSON_TEXT;
	case 'f': return STORE_JSON_FALSE;
	case 'i': return STORE_JSON_INTEGER;
	case 'r': return STORE_JSON_REAL;
	case 'a': return STORE_JSON_ARRAY;
	case 'o': return STORE_JSON_OBJECT;
	default: return STORE_JSON_NULL;
	}
}

enum status store_json_walk(struct store_json *j, const char *text, size_t len,
                            enum status (*fn)(void *ctx, const struct store_json_node *n),
                            void *ctx)
{
	sqlite3_stmt *s = j->tree;
	enum status ret = STATUS_OK;
	int rc;

	j->depth = 0;
	sqlite3_bind_text(s, 1, text, (int)len, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_json_node n;
		int64_t id = sqlite3_column_int64(s, 0), parent = sqlite3_column_int64(s, 1);
		bool root = sqlite3_column_type(s, 1) == SQLITE_NULL;

		/* Rows come in document order: the parent is on the path. */
		while (j->depth && (root || j->path[j->depth - 1] != parent))
			j->depth--;
		memset(&n, 0, sizeof(n));
		n.depth = (int)j->depth;
		n.type = json_type(sqlite3_column_text(s, 3));
		if (!root && sqlite3_column_type(s, 2) == SQLITE_INTEGER) {
			n.index = (long)sqlite3_column_int64(s, 2);
		} else if (!root) {
			n.key = (const char *)sqlite3_column_text(s, 2);
			n.key_len = (size_t)sqlite3_column_bytes(s, 2);
		}
		if (n.type == STORE_JSON_TEXT || n.type == STORE_JSON_INTEGER ||
		    n.type == STORE_JSON_REAL) {
			/* Strings as bytes: asking for text makes SQLite copy
			 * each one once more to end it with a NUL (5% of a
			 * large import's parsing); n.value is counted, never
			 * NUL-terminated. Numbers come as text, as written. */
			n.value = n.type == STORE_JSON_TEXT ? (const char *)sqlite3_column_blob(s, 4)
			                                    : (const char *)sqlite3_column_text(s, 4);
			n.len = (size_t)sqlite3_column_bytes(s, 4);
			if (!n.value)
				n.value = "";
			if (!text_utf8_valid(n.value, n.len)) {
				buf_reset(&j->clean);
				text_utf8_clean(&j->clean, n.value, n.len);
				n.value = buf_str(&j->clean);
				n.len = j->clean.len;
			}
		}
		if (n.type == STORE_JSON_ARRAY || n.type == STORE_JSON_OBJECT) {
			j->path = xgrow(j->path, &j->cap, j->depth + 1, sizeof(*j->path));
			j->path[j->depth++] = id;
		}
		ret = fn(ctx, &n);
		if (ret)
			break;
	}
	if (!ret && rc != SQLITE_DONE) {
		const char *msg = sqlite3_errmsg(j->db);
		/* SQLite says "malformed JSON"; say it in the user's language. */
		if (strstr(msg, "malformed JSON"))
			ret = status_set(STATUS_PARSE, "%s", _("malformed JSON"));
		else
			ret = status_set(STATUS_PARSE, "%s", msg);
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return ret;
}

/* ---------------------------------------------------------------- index text ahead */

struct store_fts_text {
	struct fts_text t;
	bool tokens; /* the texts are tokens made ahead */
};

struct store_fts_text *store_fts_text_render(const struct store_paper *p, struct store_tokens *tk)
{
	struct store_fts_text *f = xmalloc(sizeof(*f));
	struct store_paper tmp = *p;
	static char empty[] = "";

	/* As store_paper_insert() will see it: missing text is empty. */
	if (!tmp.title)
		tmp.title = empty;
	if (!tmp.authors)
		tmp.authors = empty;
	if (!tmp.abstract)
		tmp.abstract = empty;
	if (!tmp.summary)
		tmp.summary = empty;
	fts_text_make(&tmp, &f->t);
	f->tokens = tk != NULL;
	if (tk) {
		pretokenize(tk, &f->t.title);
		pretokenize(tk, &f->t.authors);
		pretokenize(tk, &f->t.body);
	}
	return f;
}

void store_fts_text_free(struct store_fts_text *f)
{
	if (!f)
		return;
	fts_text_free(&f->t);
	free(f);
}

enum status store_paper_insert_rendered(struct store *st, struct store_paper *p,
                                        const struct store_fts_text *f)
{
	sqlite3_stmt *s = q(st, Q_PAPER_INSERT);
	enum status ret;

	paper_fill_empty(p);
	if (!p->added)
		p->added = (int64_t)time(NULL);
	bind_paper(s, p);
	sqlite3_bind_null(s, 1);
	ret = run(st, s);
	if (ret)
		return ret;
	p->id = sqlite3_last_insert_rowid(st->db);
	ret = rel_queue(st, p);
	if (ret)
		return ret;
	if (f->tokens && !st->pretokens)
		return fts_write(st, Q_FTS_INSERT, p); /* nobody here to read the tokens */
	s = q(st, Q_FTS_INSERT);
	sqlite3_bind_int64(s, 1, p->id);
	sqlite3_bind_text(s, 2, f->t.title, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, f->t.authors, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, f->t.body, -1, SQLITE_STATIC);
	return run(st, s);
}

/* ---------------------------------------------------------------- search and related */

/* One row of an integer query, or STATUS_NOTFOUND. */
static enum status one_int(struct store *st, sqlite3_stmt *s, int64_t *v)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(s, 0);
	done(s);
	if (rc == SQLITE_ROW)
		return STATUS_OK;
	return rc == SQLITE_DONE ? STATUS_NOTFOUND : db_error(st, rc);
}

/* bm25 column weights: a word in the title counts five times one in the
 * abstract, one in the author list three times. */
#define BM25_W_TITLE 5.0
#define BM25_W_AUTHORS 3.0
#define BM25_W_ABSTRACT 1.0
/* sheaf_rank() counts a phrase's documents up to this many, then
 * extrapolates from how far into the index it got. */
#define RANK_DF_SAMPLE 4096
/* A star or tag filter starts from the marked papers when there are at
 * most this many of them. */
#define MARKS_FIRST_MAX 5000
/* A year filter bounds the ids FTS5 walks when the years hold at most
 * this many papers (finding the bounds reads them all). */
#define YEAR_BOUNDS_MAX 200000

/* sheaf_rank(fts): FTS5's bm25 with three changes. Its statistics (paper
 * count, average length, each phrase's document count) are computed once
 * per search, not once per FTS5 cursor: a search that starts from starred
 * papers opens one cursor per paper, and bm25 would count the documents of
 * "the" a thousand times. And a phrase's document count is sampled: counted
 * up to RANK_DF_SAMPLE, then extrapolated along the rowids (ids follow
 * import order), which for a word in every paper saves reading a million
 * postings to learn that its idf is about nothing. And the idf never goes
 * to zero (see rank_stats). */
struct rank {
	bool valid;
	int nphrase;
	double idf[2 * SEARCH_MAX_TERMS];
	double avgdl;
};

struct rank_count {
	int64_t n, first, last;
};

static int rank_count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *ctx)
{
	struct rank_count *c = ctx;
	int64_t rowid = api->xRowid(fts);

	if (c->n++ == 0)
		c->first = rowid;
	c->last = rowid;
	return c->n >= RANK_DF_SAMPLE ? SQLITE_DONE : SQLITE_OK;
}

static int rank_stats(const Fts5ExtensionApi *api, Fts5Context *fts, struct rank *r)
{
	sqlite3_int64 rows = 0, tokens = 0;
	int rc = api->xRowCount(fts, &rows), i;

	if (rc == SQLITE_OK)
		rc = api->xColumnTotalSize(fts, -1, &tokens);
	if (rc != SQLITE_OK)
		return rc;
	if (rows < 1)
		rows = 1;
	r->avgdl = (double)tokens / (double)rows;
	if (r->avgdl <= 0)
		r->avgdl = 1;
	r->nphrase = api->xPhraseCount(fts);
	if (r->nphrase > (int)ARRAY_SIZE(r->idf))
		r->nphrase = (int)ARRAY_SIZE(r->idf);
	for (i = 0; i < r->nphrase; i++) {
		struct rank_count c = {0, 0, 0};
		double df;
		rc = api->xQueryPhrase(fts, i, &c, rank_count_row);
		if (rc != SQLITE_OK)
			return rc;
		df = (double)c.n;
		if (c.n >= RANK_DF_SAMPLE) {
			/* The walk covered the ids from one end to c.last. */
			int64_t span = c.first <= c.last ? c.last : rows - c.last + 1;
			df = (double)c.n * (double)rows / (double)(span > c.n ? span : c.n);
			if (df > (double)rows)
				df = (double)rows;
		}
		/* Lucene's idf, positive however common the phrase: "learning"
		 * in most papers of a library on learning still ranks by how
		 * often and in which field it appears. */
		r->idf[i] = log(1.0 + ((double)rows - df + 0.5) / (df + 0.5));
	}
	r->valid = true;
	return SQLITE_OK;
}

static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
                    sqlite3_value **val)
{
	static const double weight[] = {BM25_W_TITLE, BM25_W_AUTHORS, BM25_W_ABSTRACT};
	struct rank *r = api->xUserData(fts);
	double freq[2 * SEARCH_MAX_TERMS] = {0}, score = 0, dl, k1 = 1.2, b = 0.75;
	int rc = SQLITE_OK, ninst = 0, tokens = 0, i;

	(void)nval;
	(void)val;
	if (!r->valid)
		rc = rank_stats(api, fts, r);
	if (rc == SQLITE_OK)
		rc = api->xInstCount(fts, &ninst);
	for (i = 0; rc == SQLITE_OK && i < ninst; i++) {
		int phrase, col, off;
		rc = api->xInst(fts, i, &phrase, &col, &off);
		if (rc == SQLITE_OK && phrase < r->nphrase && col >= 0 && col < (int)ARRAY_SIZE(weight))
			freq[phrase] += weight[col];
	}
	if (rc == SQLITE_OK)
		rc = api->xColumnSize(fts, -1, &tokens);
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	dl = (double)tokens;
	for (i = 0; i < r->nphrase; i++)
		score += r->idf[i] * freq[i] * (k1 + 1.0) / (freq[i] + k1 * (1 - b + b * dl / r->avgdl));
	sqlite3_result_double(ctx, score);
}

/* Registers sheaf_rank() on the connection, once. */
static enum status rank_register(struct store *st)
{
	fts5_api *api;
	int rc;

	if (st->rank)
		return STATUS_OK;
	api = fts5_api_of(st->db);
	if (!api)
		return status_set(STATUS_DB, "%s: FTS5 is not available", st->path);
	st->rank = xcalloc(1, sizeof(*st->rank));
	rc = api->xCreateFunction(api, "sheaf_rank", st->rank, rank_fn, free);
	if (rc != SQLITE_OK) {
		free(st->rank);
		st->rank = NULL;
		return db_error(st, rc);
	}
	return STATUS_OK;
}

/* A set of hits is the rows lo..hi of temp.sheaf_hits: one INSERT gives
 * them consecutive rowids in rank order, so the rowid is the rank (less
 * lo - 1) and the set needs no key of its own. */
struct store_hits {
	int64_t lo, hi;
	unsigned filter;
	size_t n;
	bool more;
	/* What the library looked like when n was right: this connection's
	 * changes to it (library_changes()) and the data version (other
	 * connections' commits). While both stand, n is the count and no
	 * query is needed. */
	int changes;
	int64_t data_version;
};

/* The rows this connection has changed in the library: every change but
 * the hit sets' own, so that filling or dropping one set of hits does not
 * make another's count stale. */
static int library_changes(struct store *st)
{
	return sqlite3_total_changes(st->db) - st->hits_changes;
}

/* PRAGMA data_version: changes when another connection commits. */
static int64_t data_version(struct store *st)
{
	sqlite3_stmt *s = q(st, Q_DATA_VERSION);
	int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;

	done(s);
	return v;
}

/* A search's SQL as it is put together: constant fragments, and the
 * values they bind, numbered from FILL_FIRST (2-5 are the match, the
 * limit, and the bounds of the ids to walk; 1 is unused). */
#define FILL_FIRST 6

struct fill {
	struct buf sql;
	struct {
		const char *v;
		bool succ; /* bind v with its last byte raised by one */
	} vals[2 * SEARCH_MAX_TERMS + 8];
	int nvals;
};

static void fill_val(struct fill *f, const char *v, bool succ)
{
	/* The parser's limits bound this; a tree past them is a bug. */
	if (f->nvals >= (int)ARRAY_SIZE(f->vals))
		util_die("search: too many values");
	f->vals[f->nvals].v = v;
	f->vals[f->nvals++].succ = succ;
	buf_printf(&f->sql, "?%d", f->nvals + FILL_FIRST - 1);
}

static void fill_node(struct fill *f, const struct search_node *n)
{
	size_t i;

	switch (n->kind) {
	case SEARCH_AND:
	case SEARCH_OR:
		buf_addc(&f->sql, '(');
		for (i = 0; i < n->nkids; i++) {
			if (i)
				buf_adds(&f->sql, n->kind == SEARCH_AND ? " AND " : " OR ");
			fill_node(f, n->kids[i]);
		}
		buf_addc(&f->sql, ')');
		return;
	case SEARCH_NOT:
		buf_adds(&f->sql, "(NOT ");
		fill_node(f, n->kids[0]);
		buf_addc(&f->sql, ')');
		return;
	case SEARCH_TEXT:
		buf_adds(&f->sql, "p.id IN (SELECT rowid FROM fts WHERE fts MATCH ");
		fill_val(f, n->match, false);
		buf_addc(&f->sql, ')');
		return;
	case SEARCH_YEAR:
		/* Dates are text: "" (unknown) sorts before "0000", and ":"
		 * after every digit, so open ends need no special case. */
		buf_adds(&f->sql, "(p.date >= ");
		fill_val(f, n->from[0] ? n->from : "0000", false);
		buf_adds(&f->sql, " AND p.date < ");
		fill_val(f, n->to[0] ? n->to : ":", false);
		buf_addc(&f->sql, ')');
		return;
	case SEARCH_ARXIV:
		if (!n->prefix) {
			buf_adds(&f->sql, "p.arxiv = ");
			fill_val(f, n->arxiv, false);
		} else {
			buf_adds(&f->sql, "(p.arxiv >= ");
			fill_val(f, n->arxiv, false);
			/* Below the prefix's successor: "2205." -> "2205/". */
			buf_adds(&f->sql, " AND p.arxiv < ");
			fill_val(f, n->arxiv, true);
			buf_addc(&f->sql, ')');
		}
		return;
	}
}

/* The temporary table of hits, made on a connection's first search. A
 * rowid table filled in rank order: numbering the hits with a window
 * function and a (set, position) key cost more than the search itself
 * (4.5 ms against 2 for 2000 hits at a million papers). */
static enum status hits_table(struct store *st)
{
	enum status ret;

	if (st->hits_ready)
		return STATUS_OK; /* not parsed again at every keystroke */
	ret = exec(st, "CREATE TEMP TABLE IF NOT EXISTS sheaf_hits("
	               "  pos INTEGER PRIMARY KEY, paper_id INTEGER NOT NULL, score REAL NOT NULL);"
	               "CREATE INDEX IF NOT EXISTS temp.sheaf_hits_paper ON sheaf_hits(paper_id);");
	st->hits_ready = ret == STATUS_OK;
	return ret;
}

/* True when few enough papers carry the filter's marks to start from
 * them. The answer is kept while the library stays as it was: the list
 * asks on every page. */
static enum status few_marked(struct store *st, unsigned filter, bool *few)
{
	sqlite3_stmt *s;
	int64_t n = 0, dv;
	enum status ret;
	int changes = library_changes(st);

	*few = false;
	filter &= 7;
	if (!marks_kind(filter))
		return STATUS_OK;
	dv = data_version(st);
	if (st->marks[filter].known && st->marks[filter].changes == changes &&
	    st->marks[filter].data_version == dv) {
		*few = st->marks[filter].few;
		return STATUS_OK;
	}
	s = q(st, marks_kind(filter) == STORE_FILTER_STARRED ? Q_HITS_STARRED : Q_HITS_TAGGED);
	sqlite3_bind_int64(s, 1, MARKS_FIRST_MAX + 1);
	ret = one_int(st, s, &n);
	*few = !ret && n <= MARKS_FIRST_MAX;
	st->marks[filter].known = !ret;
	st->marks[filter].few = *few;
	st->marks[filter].changes = changes;
	st->marks[filter].data_version = dv;
	return ret;
}

/* ---------------------------------------------------------------- marks index
 *
 * A search in a starred or tagged view looks each marked paper up in the
 * library's FTS5 index by id, and FTS5 finds a common word's entry for
 * one paper by walking the word's doclist index from its start: about
 * 0.05 ms a paper at a million papers, 15 ms for 300 starred, over what a
 * key may take. The marks index is a TEMP FTS5 table of this connection
 * holding the same rendered text of the marked papers only, so the same
 * match costs what it would in a library of those papers. The reader
 * builds it a step at a time when idle; it is good while nothing changed
 * that TEMP triggers watch on this connection (a paper's marks, its text,
 * a paper added or removed: any of them bumps mx.gen) and no other
 * connection committed (data_version). Until then, and for a ranked
 * search (whose statistics must be the library's), searches look up. */

static void marks_changed_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct store *st = sqlite3_user_data(ctx);

	(void)argc;
	(void)argv;
	st->mx.gen++;
}

static enum status marks_setup(struct store *st)
{
	int rc;

	if (st->mx.ready)
		return STATUS_OK;
	rc = sqlite3_create_function(st->db, "sheaf_marks_changed", 0, SQLITE_UTF8, st,
	                             marks_changed_fn, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_error(st, rc);
	/* The table is the library's fts as migration 0 made it: the same
	 * columns and tokenizer, so a match means the same in both (a test
	 * compares their hits). Any UPDATE naming a watched column counts,
	 * changed or not: a re-import rewrites every column and the index is
	 * built again. */
	rc = sqlite3_exec(
		st->db,
		"CREATE VIRTUAL TABLE IF NOT EXISTS temp.sheaf_marks USING fts5(title, authors,"
		"  abstract, content='', tokenize='porter unicode61 remove_diacritics 2');"
		"CREATE TEMP TRIGGER IF NOT EXISTS sheaf_marks_ins AFTER INSERT ON main.papers"
		"  BEGIN SELECT sheaf_marks_changed(); END;"
		"CREATE TEMP TRIGGER IF NOT EXISTS sheaf_marks_del AFTER DELETE ON main.papers"
		"  BEGIN SELECT sheaf_marks_changed(); END;"
		"CREATE TEMP TRIGGER IF NOT EXISTS sheaf_marks_upd AFTER UPDATE OF starred, tagged,"
		"  title, authors, abstract, summary, stub ON main.papers"
		"  BEGIN SELECT sheaf_marks_changed(); END;",
		NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_error(st, rc);
	st->mx.ready = true;
	return STATUS_OK;
}

/* True when the marks index holds exactly the papers with filter's mark,
 * with their text as it is now. */
static bool marks_index_good(struct store *st, unsigned filter)
{
	return st->mx.ready && st->mx.done && st->mx.kind == marks_kind(filter) &&
	       st->mx.gen == st->mx.gen_at && st->mx.dv_at == data_version(st);
}

enum status store_marks_index_step(struct store *st, unsigned filter, size_t max, bool *more)
{
	unsigned kind = marks_kind(filter);
	int64_t dv, last = 0;
	size_t n = 0;
	int changes0, rc = SQLITE_DONE;
	bool few = false;
	sqlite3_stmt *s;
	enum status ret;

	*more = false;
	if (!kind)
		return STATUS_OK;
	ret = few_marked(st, kind, &few);
	if (ret || !few)
		return ret;
	ret = marks_setup(st);
	if (ret)
		return ret;
	dv = data_version(st);
	/* The index's own writes are not the library's: they must not make
	 * hit counts or few_marked() stale (see out:). */
	changes0 = sqlite3_total_changes(st->db);
	if (st->mx.kind != kind || st->mx.gen != st->mx.gen_at || st->mx.dv_at != dv) {
		ret = run(st, q(st, Q_MARKS_CLEAR));
		if (ret)
			goto out;
		st->mx.kind = kind;
		st->mx.done = false;
		st->mx.below = INT64_MAX;
		st->mx.gen_at = st->mx.gen;
		st->mx.dv_at = dv;
	}
	if (st->mx.done)
		goto out;
	if (!max)
		max = 1;
	/* One transaction a step: FTS5 writes its pending terms out at each
	 * commit, and a segment a paper made a step 5 times slower. */
	ret = exec(st, "SAVEPOINT sheaf_marks");
	if (ret)
		goto out;
	s = q(st, kind == STORE_FILTER_STARRED ? Q_MARKS_STARRED_IDS : Q_MARKS_TAGGED_IDS);
	sqlite3_bind_int64(s, 1, st->mx.below);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)max);
	while (!ret && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_paper p;

		last = sqlite3_column_int64(s, 0);
		n++;
		if (sqlite3_column_int(s, 1))
			continue; /* a stub is never a hit */
		memset(&p, 0, sizeof(p));
		p.id = last;
		p.title = col_text(s, 2);
		p.authors = col_text(s, 3);
		p.abstract = col_text(s, 4);
		p.summary = col_text(s, 5);
		ret = fts_write(st, Q_MARKS_INSERT, &p); /* the library's index text */
		store_paper_clear(&p);
	}
	done(s);
	if (!ret && rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = db_error(st, rc);
	if (ret)
		exec(st, "ROLLBACK TO sheaf_marks; RELEASE sheaf_marks");
	else
		ret = exec(st, "RELEASE sheaf_marks");
	if (ret) {
		st->mx.kind = 0; /* start again next time */
		goto out;
	}
	if (n)
		st->mx.below = last;
	st->mx.done = n < max;
	*more = !st->mx.done;
out:
	st->hits_changes += sqlite3_total_changes(st->db) - changes0;
	return ret;
}

/* The year condition every hit must meet, if the filter has one at its
 * top (alone or in its AND). */
static const struct search_node *top_year(const struct search_node *n)
{
	size_t i;

	if (!n)
		return NULL;
	if (n->kind == SEARCH_YEAR)
		return n;
	if (n->kind == SEARCH_AND)
		for (i = 0; i < n->nkids; i++)
			if (n->kids[i]->kind == SEARCH_YEAR)
				return n->kids[i];
	return NULL;
}

/* The smallest and largest id of papers dated in a year range, when the
 * range holds at most YEAR_BOUNDS_MAX papers: FTS5 then walks only the
 * ids in between. Ids follow import order, which follows dates in a
 * listing, so the walk shrinks from the whole index to about the range. */
static enum status year_bounds(struct store *st, const struct search_node *y, bool *use,
                               int64_t *lo, int64_t *hi)
{
	sqlite3_stmt *s = q(st, Q_HITS_YEAR_IDS);
	int rc;

	*use = false;
	sqlite3_bind_text(s, 1, y->from[0] ? y->from : "0000", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, y->to[0] ? y->to : ":", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, YEAR_BOUNDS_MAX + 1);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_int64(s, 0) <= YEAR_BOUNDS_MAX) {
		*use = true;
		*lo = sqlite3_column_int64(s, 1);
		*hi = sqlite3_column_int64(s, 2);
		if (sqlite3_column_int64(s, 0) == 0) {
			*lo = 1;
			*hi = 0; /* nothing in those years */
		}
	}
	done(s);
	return rc == SQLITE_ROW ? STATUS_OK : db_error(st, rc);
}

void store_hit_clear(struct store_hit *h)
{
	store_row_clear(&h->row);
	memset(h, 0, sizeof(*h));
}

void store_hits_clear(struct store_hit *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		store_hit_clear(&h[i]);
}

/* The progress handler of a search with a time budget. */
static double clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int search_overdue(void *ctx)
{
	return clock_ms() > *(const double *)ctx;
}

enum status store_search(struct store *st, const struct search_query *query, unsigned filter,
                         size_t cap, unsigned budget_ms, bool ranked, struct store_hits **out)
{
	const struct search_node *year = query->match ? top_year(query->filter) : NULL;
	struct fill f;
	struct store_hits *h;
	sqlite3_stmt *s;
	enum status ret;
	int64_t id_lo = 0, id_hi = 0;
	bool by_marks = false, by_index = false, bounded = false;
	double deadline = 0;
	int rc, i;

	*out = NULL;
	if (!cap)
		cap = STORE_SEARCH_CAP;
	ranked = ranked && query->match;
	ret = hits_table(st);
	if (!ret && ranked)
		ret = rank_register(st);
	/* Few papers carry a star or a tag: start from them and look each
	 * up in the index, rather than walk every match of a common word. */
	if (!ret && query->match)
		ret = few_marked(st, filter, &by_marks);
	/* Unranked, the marks index answers alone when it is up to date. */
	if (!ret && by_marks && !ranked)
		by_index = marks_index_good(st, filter);
	if (!ret && year && !by_marks)
		ret = year_bounds(st, year, &bounded, &id_lo, &id_hi);
	if (ret)
		return ret;
	memset(&f, 0, sizeof(f));
	/* The rows go in in rank order (the rowid is the rank): by score
	 * when ranked, else in the order of the inner query. */
	buf_adds(&f.sql, "INSERT INTO temp.sheaf_hits(paper_id, score) ");
	if (ranked)
		buf_adds(&f.sql, "SELECT id, s FROM (");
	if (query->match) {
		/* Ranked among the newest cap + 1 matches: FTS5 walks its
		 * doclists newest first and stops there, so the cost does not
		 * grow with how common the words are. Ranking costs more than
		 * the walk (bm25 reads each hit's length from fts_docsize), so
		 * a caller that shows hits in its own order goes without. */
		buf_adds(&f.sql, "SELECT ");
		buf_adds(&f.sql, by_index ? "m.rowid AS id, " : "fts.rowid AS id, ");
		buf_adds(&f.sql, ranked ? "sheaf_rank(fts)" : "0.0");
		buf_adds(&f.sql, " AS s FROM ");
		/* From the marks: each marked paper is looked up in FTS5 by
		 * id, in no order (below). */
		if (by_index) {
			buf_adds(&f.sql, "temp.sheaf_marks m JOIN papers p ON p.id = m.rowid");
		} else if (by_marks) {
			buf_adds(&f.sql, "papers p INDEXED BY ");
			buf_adds(&f.sql, marks_index_of(filter));
			buf_adds(&f.sql, " CROSS JOIN fts ON fts.rowid = p.id");
		} else
			buf_adds(&f.sql, "fts JOIN papers p INDEXED BY papers_hits ON p.id = fts.rowid");
		buf_adds(&f.sql, by_index ? " WHERE sheaf_marks MATCH ?2 AND p.stub = 0"
		                          : " WHERE fts MATCH ?2 AND p.stub = 0");
		if (bounded)
			buf_adds(&f.sql, " AND fts.rowid BETWEEN ?4 AND ?5");
	} else {
		/* No words to rank by: newest first, along the date index. */
		buf_adds(&f.sql, "SELECT p.id, 0.0 FROM papers p WHERE p.stub = 0");
	}
	filter_sql(&f.sql, filter & 7);
	if (query->filter) {
		buf_adds(&f.sql, " AND ");
		fill_node(&f, query->filter);
	}
	/* Ordered by fts.rowid, FTS5 would be told to deliver each marked
	 * paper's lookup newest first, and it reads a doclist backwards from
	 * its start: 0.4 ms a paper at a million papers, against 0.05 in no
	 * order. The ids are the same; the sort is of the few marked. */
	if (!query->match)
		buf_adds(&f.sql, " ORDER BY p.date DESC, p.id DESC LIMIT ?3");
	else
		buf_adds(&f.sql, by_index   ? " ORDER BY m.rowid DESC LIMIT ?3"
		                 : by_marks ? " ORDER BY p.id DESC LIMIT ?3"
		                            : " ORDER BY fts.rowid DESC LIMIT ?3");
	if (ranked)
		buf_adds(&f.sql, ") ORDER BY s DESC, id DESC");
	rc = sqlite3_prepare_v2(st->db, f.sql.s, -1, &s, NULL);
	if (rc != SQLITE_OK) {
		ret = db_error(st, rc);
		buf_free(&f.sql);
		return ret;
	}
	h = xcalloc(1, sizeof(*h));
	h->lo = 1; /* empty until filled */
	h->filter = filter & 7;
	if (query->match)
		sqlite3_bind_text(s, 2, query->match, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)cap + 1);
	if (bounded) {
		sqlite3_bind_int64(s, 4, id_lo);
		sqlite3_bind_int64(s, 5, id_hi);
	}
	for (i = 0; i < f.nvals; i++) {
		if (f.vals[i].succ) {
			char *succ = xstrdup(f.vals[i].v);
			succ[strlen(succ) - 1]++;
			sqlite3_bind_text(s, i + FILL_FIRST, succ, -1, SQLITE_TRANSIENT);
			free(succ);
		} else {
			sqlite3_bind_text(s, i + FILL_FIRST, f.vals[i].v, -1, SQLITE_STATIC);
		}
	}
	if (ranked)
		st->rank->valid = false; /* statistics of this search's phrases */
	if (budget_ms) {
		/* FTS5 calls back into SQLite as it reads pages, so even a
		 * prefix that expands to thousands of words stops on time. */
		deadline = clock_ms() + budget_ms;
		sqlite3_progress_handler(st->db, 100, search_overdue, &deadline);
	}
	rc = sqlite3_step(s);
	if (budget_ms)
		sqlite3_progress_handler(st->db, 0, NULL, NULL);
	if (rc == SQLITE_INTERRUPT)
		ret = status_set(STATUS_INTERRUPTED,
		                 _("the search was stopped after %u ms; more words, or longer "
		                   "prefixes before a *, make it faster"),
		                 budget_ms);
	else if (rc != SQLITE_DONE)
		ret = db_error(st, rc);
	sqlite3_finalize(s);
	buf_free(&f.sql);
	if (!ret) {
		h->n = (size_t)sqlite3_changes(st->db);
		st->hits_changes += sqlite3_changes(st->db);
		if (h->n) {
			/* Consecutive: one statement, on this connection's own
			 * table, each row one above the largest rowid. */
			h->hi = sqlite3_last_insert_rowid(st->db);
			h->lo = h->hi - (int64_t)h->n + 1;
		}
		if (h->n > cap) {
			h->more = true;
			h->n = cap;
			s = q(st, Q_HITS_TRIM);
			sqlite3_bind_int64(s, 2, h->lo + (int64_t)cap);
			sqlite3_bind_int64(s, 9, h->hi);
			ret = run(st, s);
			st->hits_changes += sqlite3_changes(st->db);
			if (!ret) /* else freeing deletes the whole range */
				h->hi = h->lo + (int64_t)cap - 1;
		}
		h->changes = library_changes(st);
		h->data_version = data_version(st);
	}
	if (ret) {
		store_hits_free(st, h);
		return ret;
	}
	*out = h;
	return STATUS_OK;
}

void store_hits_free(struct store *st, struct store_hits *h)
{
	sqlite3_stmt *s;

	if (!h)
		return;
	s = q(st, Q_HITS_DROP);
	sqlite3_bind_int64(s, 1, h->lo);
	sqlite3_bind_int64(s, 9, h->hi);
	if (run(st, s) == STATUS_OK)
		st->hits_changes += sqlite3_changes(st->db);
	free(h);
}

enum status store_hits_count(struct store *st, const struct store_hits *h, int64_t *n,
                             bool *more)
{
	sqlite3_stmt *s;
	int rc;

	if (more)
		*more = h->more;
	/* Nothing written since the search: its own count stands. A change
	 * (a mark here, a commit elsewhere) falls back to counting, which
	 * costs a join of every hit with its paper. */
	if (h->changes == library_changes(st) && h->data_version == data_version(st)) {
		*n = (int64_t)h->n;
		return STATUS_OK;
	}
	s = q(st, Q_HITS_COUNT);
	sqlite3_bind_int64(s, 1, h->lo);
	sqlite3_bind_int64(s, 9, h->hi);
	sqlite3_bind_int(s, 2, (int)h->filter);
	rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	done(s);
	return rc == SQLITE_ROW ? STATUS_OK : db_error(st, rc);
}

static void hit_fill(sqlite3_stmt *s, struct store_hit *h)
{
	row_fill(s, &h->row);
	h->pos = sqlite3_column_int64(s, 10);
	h->score = sqlite3_column_double(s, 11);
}

/* Binds the anchor row and steps a hits statement into rows. */
static enum status hits_page(struct store *st, sqlite3_stmt *s, const struct store_hits *h,
                             int64_t pos, const struct store_row *from, struct store_hit *rows,
                             size_t max, size_t *n)
{
	int rc = SQLITE_DONE;

	*n = 0;
	sqlite3_bind_int64(s, 1, h->lo);
	sqlite3_bind_int64(s, 9, h->hi);
	sqlite3_bind_int(s, 2, (int)h->filter);
	sqlite3_bind_int64(s, 3, from ? 1 : pos);
	if (from) {
		sqlite3_bind_int64(s, 4, from->id);
		sqlite3_bind_text(s, 5, from->date, -1, SQLITE_TRANSIENT);
		bind_text(s, 6, from->title);
		sqlite3_bind_int64(s, 7, from->opened);
	}
	sqlite3_bind_int64(s, 8, (sqlite3_int64)max);
	while (*n < max && (rc = sqlite3_step(s)) == SQLITE_ROW)
		hit_fill(s, &rows[(*n)++]);
	done(s);
	if (*n < max && rc != SQLITE_DONE) {
		store_hits_clear(rows, *n);
		*n = 0;
		return db_error(st, rc);
	}
	return STATUS_OK;
}

enum status store_hits_rows(struct store *st, const struct store_hits *h,
                            const struct store_hit *from, bool backward, struct store_hit *rows,
                            size_t max, size_t *n)
{
	/* The rowid of rank from->pos. */
	int64_t pos = from ? h->lo + from->pos - 1 : backward ? INT64_MAX : 0;

	return hits_page(st, q(st, backward ? Q_HITS_PREV : Q_HITS_NEXT), h, pos, NULL, rows, max,
	                 n);
}

enum status store_hits_sorted(struct store *st, const struct store_hits *h, enum store_sort sort,
                              const struct store_row *from, bool backward, struct store_hit *rows,
                              size_t max, size_t *n)
{
	static const enum q which[3][2] = {
		[STORE_SORT_DATE] = {Q_HITS_DATE, Q_HITS_DATE_BACK},
		[STORE_SORT_TITLE] = {Q_HITS_TITLE, Q_HITS_TITLE_BACK},
		[STORE_SORT_RECENT] = {Q_HITS_RECENT, Q_HITS_RECENT_BACK},
	};

	return hits_page(st, q(st, which[sort][backward]), h, 0, from, rows, max, n);
}

enum status store_hits_find(struct store *st, const struct store_hits *h, int64_t id,
                            struct store_hit *out)
{
	sqlite3_stmt *s = q(st, Q_HITS_FIND);
	int rc;

	memset(out, 0, sizeof(*out));
	sqlite3_bind_int64(s, 1, h->lo);
	sqlite3_bind_int64(s, 9, h->hi);
	sqlite3_bind_int64(s, 4, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		hit_fill(s, out);
	done(s);
	if (rc == SQLITE_ROW)
		return STATUS_OK;
	return rc == SQLITE_DONE ? STATUS_NOTFOUND : db_error(st, rc);
}

enum status store_begin_nowait(struct store *st)
{
	enum status ret;

	sqlite3_busy_timeout(st->db, 0);
	ret = run(st, q(st, Q_BEGIN));
	/* Back to what the caller chose: the reader's is 50 ms, not 5 s. */
	sqlite3_busy_timeout(st->db, st->busy_ms);
	return ret;
}

enum status store_rel_state_get(struct store *st, struct store_rel_state *out)
{
	sqlite3_stmt *s = q(st, Q_REL_STATE_GET);
	int rc = sqlite3_step(s);

	memset(out, 0, sizeof(*out));
	if (rc == SQLITE_ROW) {
		out->docs = sqlite3_column_int64(s, 0);
		out->tokens = sqlite3_column_int64(s, 1);
		out->base = sqlite3_column_int64(s, 2);
		out->gen = sqlite3_column_int64(s, 3);
	}
	done(s);
	return rc == SQLITE_ROW ? STATUS_OK : db_error(st, rc);
}

enum status store_rel_state_set(struct store *st, const struct store_rel_state *in)
{
	sqlite3_stmt *s = q(st, Q_REL_STATE_SET);

	sqlite3_bind_int64(s, 1, in->docs);
	sqlite3_bind_int64(s, 2, in->tokens);
	sqlite3_bind_int64(s, 3, in->base);
	sqlite3_bind_int64(s, 4, in->gen);
	return run(st, s);
}

void store_rel_text_clear(struct store_rel_text *t)
{
	free(t->title);
	free(t->abstract);
	free(t->summary);
	memset(t, 0, sizeof(*t));
}

static void rel_text_fill(sqlite3_stmt *s, struct store_rel_text *t)
{
	t->id = sqlite3_column_int64(s, 0);
	t->title = col_text(s, 1);
	t->title_derived = sqlite3_column_int(s, 2);
	t->abstract = col_text(s, 3);
	t->summary = col_text(s, 4);
	t->stub = sqlite3_column_int(s, 5);
}

enum status store_rel_text_get(struct store *st, int64_t id, struct store_rel_text *t)
{
	sqlite3_stmt *s = q(st, Q_REL_TEXT);
	int rc;

	memset(t, 0, sizeof(*t));
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		rel_text_fill(s, t);
	done(s);
	if (rc == SQLITE_ROW)
		return STATUS_OK;
	if (rc == SQLITE_DONE)
		return status_set(STATUS_NOTFOUND, _("no paper with id %lld"), (long long)id);
	return db_error(st, rc);
}

enum status store_rel_texts(struct store *st,
                            enum status (*fn)(void *ctx, const struct store_rel_text *t),
                            void *ctx)
{
	sqlite3_stmt *s = q(st, Q_REL_TEXTS);
	enum status ret = STATUS_OK;
	int rc;

	while (!ret && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_rel_text t;
		rel_text_fill(s, &t);
		ret = fn(ctx, &t);
		store_rel_text_clear(&t);
	}
	done(s);
	if (!ret && rc != SQLITE_DONE)
		ret = db_error(st, rc);
	return ret;
}

enum status store_rel_papers(struct store *st, int64_t *n)
{
	return one_int(st, q(st, Q_REL_PAPERS), n);
}

enum status store_rel_term_get(struct store *st, const char *term, int64_t *id, int64_t *df,
                               int64_t *owner)
{
	sqlite3_stmt *s = q(st, Q_REL_TERM_GET);
	int rc;

	sqlite3_bind_text(s, 1, term, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		*df = sqlite3_column_int64(s, 1);
		*owner = sqlite3_column_int64(s, 2);
	}
	done(s);
	if (rc == SQLITE_ROW)
		return STATUS_OK;
	return rc == SQLITE_DONE ? STATUS_NOTFOUND : db_error(st, rc);
}

enum status store_rel_term_bump(struct store *st, const char *term, int64_t paper, int64_t *id,
                                int64_t *df, int64_t *owner)
{
	enum status ret = store_rel_term_get(st, term, id, df, owner);
	sqlite3_stmt *s;

	if (ret == STATUS_NOTFOUND) {
		s = q(st, Q_REL_TERM_ADD);
		sqlite3_bind_text(s, 1, term, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, paper);
		ret = run(st, s);
		*id = sqlite3_last_insert_rowid(st->db);
		*df = 1;
		*owner = 0;
		return ret;
	}
	if (ret)
		return ret;
	s = q(st, Q_REL_TERM_BUMP);
	sqlite3_bind_int64(s, 1, *id);
	(*df)++;
	return run(st, s);
}

enum status store_rel_term_put(struct store *st, int64_t id, const char *term, int64_t df,
                               int64_t owner)
{
	sqlite3_stmt *s = q(st, Q_REL_TERM_PUT);

	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, term, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, df);
	bind_opt_int(s, 4, owner);
	return run(st, s);
}

enum status store_rel_dirty_add(struct store *st, int64_t id)
{
	sqlite3_stmt *s = q(st, Q_REL_DIRTY_ADD);

	sqlite3_bind_int64(s, 1, id);
	return run(st, s);
}

/* The blob of column 1 (len in column 0 is read by the caller). */
static void *col_blob(sqlite3_stmt *s, int i, size_t *n)
{
	const void *b = sqlite3_column_blob(s, i);
	void *copy;

	*n = (size_t)sqlite3_column_bytes(s, i);
	copy = xmalloc(*n ? *n : 1);
	if (*n)
		memcpy(copy, b, *n);
	return copy;
}

enum status store_rel_sig_get(struct store *st, int64_t paper, void **sig, size_t *n,
                              int64_t *len)
{
	sqlite3_stmt *s = q(st, Q_REL_SIG_GET);
	int rc;

	*sig = NULL;
	*n = 0;
	sqlite3_bind_int64(s, 1, paper);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*len = sqlite3_column_int64(s, 0);
		*sig = col_blob(s, 1, n);
	}
	done(s);
	if (rc == SQLITE_ROW)
		return STATUS_OK;
	return rc == SQLITE_DONE ? STATUS_NOTFOUND : db_error(st, rc);
}

enum status store_rel_sig_put(struct store *st, int64_t paper, const void *sig, size_t n,
                              int64_t len)
{
	sqlite3_stmt *s = q(st, Q_REL_SIG_PUT);

	sqlite3_bind_int64(s, 1, paper);
	sqlite3_bind_int64(s, 2, len);
	sqlite3_bind_blob(s, 3, sig, (int)n, SQLITE_STATIC);
	return run(st, s);
}

static enum status rel_post(struct store *st, enum q which, int64_t term, int weight,
                            int64_t paper)
{
	sqlite3_stmt *s = q(st, which);

	sqlite3_bind_int64(s, 1, term);
	sqlite3_bind_int(s, 2, weight);
	sqlite3_bind_int64(s, 3, paper);
	return run(st, s);
}

enum status store_rel_post_add(struct store *st, int64_t term, int weight, int64_t paper)
{
	return rel_post(st, Q_REL_POST_ADD, term, weight, paper);
}

enum status store_rel_post_del(struct store *st, int64_t term, int weight, int64_t paper)
{
	return rel_post(st, Q_REL_POST_DEL, term, weight, paper);
}

enum status store_rel_post_top(struct store *st, int64_t term, size_t max, int64_t *papers,
                               int *weights, size_t *n)
{
	sqlite3_stmt *s = q(st, Q_REL_POST_TOP);
	int rc = SQLITE_DONE;

	*n = 0;
	sqlite3_bind_int64(s, 1, term);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)max);
	while (*n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		papers[*n] = sqlite3_column_int64(s, 0);
		weights[(*n)++] = sqlite3_column_int(s, 1);
	}
	done(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? STATUS_OK : db_error(st, rc);
}

enum status store_rel_dirty(struct store *st, int64_t *ids, size_t max, size_t *n)
{
	return find_many(st, q(st, Q_REL_DIRTY), ids, max, n);
}

enum status store_rel_dirty_has(struct store *st, int64_t id, bool *queued)
{
	sqlite3_stmt *s = q(st, Q_REL_DIRTY_HAS);
	int64_t one;
	enum status ret;

	sqlite3_bind_int64(s, 1, id);
	ret = one_int(st, s, &one);
	*queued = ret == STATUS_OK;
	return ret == STATUS_NOTFOUND ? STATUS_OK : ret;
}

enum status store_rel_dirty_drop(struct store *st, int64_t id)
{
	sqlite3_stmt *s = q(st, Q_REL_DIRTY_DROP);

	sqlite3_bind_int64(s, 1, id);
	return run(st, s);
}

enum status store_rel_dirty_count(struct store *st, int64_t *n)
{
	return one_int(st, q(st, Q_REL_DIRTY_COUNT), n);
}

enum status store_rel_gone(struct store *st, int64_t *paper, void **sig, size_t *n,
                           int64_t *len)
{
	sqlite3_stmt *s = q(st, Q_REL_GONE);
	int rc = sqlite3_step(s);

	*sig = NULL;
	*n = 0;
	if (rc == SQLITE_ROW) {
		*paper = sqlite3_column_int64(s, 0);
		*len = sqlite3_column_int64(s, 1);
		*sig = col_blob(s, 2, n);
	}
	done(s);
	if (rc == SQLITE_ROW)
		return STATUS_OK;
	return rc == SQLITE_DONE ? STATUS_NOTFOUND : db_error(st, rc);
}

enum status store_rel_gone_drop(struct store *st, int64_t paper)
{
	sqlite3_stmt *s = q(st, Q_REL_GONE_DROP);

	sqlite3_bind_int64(s, 1, paper);
	return run(st, s);
}

enum status store_rel_links_set(struct store *st, int64_t from, const int64_t *to,
                                const double *score, size_t n)
{
	sqlite3_stmt *s = q(st, Q_REL_LINKS_DEL);
	enum status ret;
	size_t i;

	sqlite3_bind_int64(s, 1, from);
	ret = run(st, s);
	for (i = 0; i < n && !ret; i++) {
		if (to[i] == from)
			continue;
		s = q(st, Q_REL_LINK_ADD);
		sqlite3_bind_int64(s, 1, from);
		sqlite3_bind_int64(s, 2, to[i]);
		sqlite3_bind_double(s, 3, score[i]);
		sqlite3_bind_int(s, 4, (int)i + 1);
		ret = run(st, s);
	}
	return ret;
}

enum status store_rel_links_get(struct store *st, int64_t from, int64_t *to, double *score,
                                size_t max, size_t *n)
{
	sqlite3_stmt *s = q(st, Q_REL_LINKS_GET);
	int rc = SQLITE_DONE;

	*n = 0;
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)max);
	while (*n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		to[*n] = sqlite3_column_int64(s, 0);
		score[(*n)++] = sqlite3_column_double(s, 1);
	}
	done(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? STATUS_OK : db_error(st, rc);
}

enum status store_rel_reset(struct store *st)
{
	/* Computed links stay: the build replaces each paper's as it goes
	 * (deleting them all here would scan every link of the library). */
	return exec(st, "DELETE FROM rel_post; DELETE FROM rel_sigs; DELETE FROM rel_terms;"
	                " DELETE FROM rel_gone; DELETE FROM rel_dirty;"
	                " UPDATE rel_state SET docs = 0, tokens = 0, base = 0 WHERE id = 1;");
}

enum status store_rel_bulk(struct store *st, bool on)
{
	/* A full build inserts a million links in paper order, so the
	 * links_to index takes them in random order: with SQLite's default
	 * 2 MB cache every insert reads pages back from the file. */
	return exec(st, on ? "PRAGMA cache_size = -32768" : "PRAGMA cache_size = -2000");
}
