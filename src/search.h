/*
 * search: the query language of `/` and `sheaf search`, parsed into what
 * the store runs. No SQL and no terminal here: the parser turns what the
 * user typed into
 *
 *   - an FTS5 match expression, built only from the parsed words, each one
 *     quoted, that the store binds (never splices) and ranks with bm25, and
 *   - a predicate tree over papers (years, arXiv ids, and text parts that
 *     FTS5 alone cannot express, such as a bare NOT) that the store turns
 *     into SQL from constant fragments and bound values.
 *
 * Syntax (operators are upper case; lower-case "and" is a word):
 *   word  "a phrase"  prefix*  "phrase prefix"*
 *   author:NAME  title:WORD  abstract:WORD   (also with a "phrase",
 *                                             a prefix* or a (group))
 *   year:2021  year:2020..2023  year:2020..  year:..2019
 *   arxiv:2205.14258  arxiv:2205.14258v5  arxiv:2205.*
 *   a b  a AND b  a OR b  NOT a  -a  ( ... )
 * Precedence: NOT, then AND (also implied between terms), then OR.
 *
 * A malformed query is STATUS_QUERY with a message saying what is wrong
 * and at which column; nothing the user types can reach SQLite as syntax.
 */
#ifndef SHEAF_SEARCH_H
#define SHEAF_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

/* Limits that keep any input cheap to parse and to run. */
#define SEARCH_MAX_BYTES 4096 /* longer queries are refused */
#define SEARCH_MAX_TERMS 64   /* words, phrases and filters together */
#define SEARCH_MAX_DEPTH 32   /* nested parentheses and NOTs */

enum search_kind {
	SEARCH_AND,   /* every kid holds */
	SEARCH_OR,    /* some kid holds */
	SEARCH_NOT,   /* its one kid does not hold */
	SEARCH_TEXT,  /* the paper matches the FTS5 expression `match` */
	SEARCH_YEAR,  /* the paper's date lies in [from, to) */
	SEARCH_ARXIV, /* the paper's arXiv id is `arxiv` (or starts with it) */
};

/* A predicate on papers. Strings are owned by the node. */
struct search_node {
	enum search_kind kind;
	struct search_node **kids; /* AND, OR: two or more; NOT: one */
	size_t nkids;
	char *match;  /* TEXT: a complete FTS5 expression */
	char from[5]; /* YEAR: "YYYY" lower bound, inclusive ("" = open) */
	char to[5];   /* YEAR: "YYYY" upper bound, exclusive ("" = open) */
	char *arxiv;  /* ARXIV: the id without version, or its prefix */
	bool prefix;  /* ARXIV: `arxiv` is a prefix */
};

/* A parsed query. At least one of match and filter is set. */
struct search_query {
	/* The FTS5 expression the hits must match and are ranked by, or NULL
	 * when the query has no positive text part (year:2021, NOT x): then
	 * hits come newest first. */
	char *match;
	/* A further condition on the hits, or NULL. */
	struct search_node *filter;
};

/* Parses a query. On success *out is newly allocated (free with
 * search_free()). A malformed or empty query returns STATUS_QUERY with
 * the reason and the column (in characters, from 1) in status_msg(). */
enum status search_parse(const char *input, struct search_query **out);

/* Frees a parsed query; NULL is allowed. */
void search_free(struct search_query *q);

/* Appends a readable one-line form of the parsed query, for tests and for
 * status lines (each term shown as parsed: words quoted, fields named). */
struct buf;
void search_describe(struct buf *out, const struct search_query *q);

#endif
