/*
 * search: the query parser (see search.h for the language).
 *
 * Three stages: a lexer over the raw bytes (any bytes: invalid UTF-8 and
 * control characters are made harmless here), a recursive-descent parser
 * into a small tree, and a compiler that splits the tree into the part
 * FTS5 ranks (the match expression) and the part the store checks on the
 * papers table (the filter).
 *
 * Must never: pass a user's character to FTS5 outside a double-quoted
 * string (so no FTS5 syntax error can come back), recurse without a depth
 * limit, or accept a query it cannot describe precisely in an error.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "search.h"
#include "text.h"

/* Text columns of the search index, as bits of a mask (0 = all). */
enum {
	COL_TITLE = 1,
	COL_AUTHORS = 2,
	COL_ABSTRACT = 4,
};

enum field {
	F_NONE,
	F_AUTHOR,
	F_TITLE,
	F_ABSTRACT,
	F_YEAR,
	F_ARXIV,
};

static const struct {
	const char *name;
	enum field f;
} fields[] = {
    {"author", F_AUTHOR},     {"authors", F_AUTHOR}, {"title", F_TITLE},
    {"abstract", F_ABSTRACT}, {"year", F_YEAR},      {"arxiv", F_ARXIV},
};

/* ---------------------------------------------------------------- lexer */

enum tok {
	T_END,
	T_LPAREN,
	T_RPAREN,
	T_WORD,   /* text: the word (without a trailing *), prefix: it had one */
	T_PHRASE, /* text: what is between the quotes, prefix: "..."* */
	T_AND,
	T_OR,
	T_NOT,   /* NOT */
	T_MINUS, /* - right before a term */
	T_FIELD, /* field: (the value follows without a space) */
};

struct lexer {
	const char *s;
	size_t len, pos;
	/* The current token. */
	enum tok t;
	size_t start;    /* its first byte */
	bool spaced;     /* white space came before it */
	struct buf text; /* WORD, PHRASE: its characters, made valid UTF-8 */
	bool prefix;
	enum field field; /* FIELD */
};

struct parser {
	struct lexer lx;
	int depth, terms;
	enum status err;
};

/* Bytes that separate tokens: ASCII white space and every control
 * character (a query is one line; a tab or an escape is not a word). */
static bool is_space(unsigned char c)
{
	return c <= 0x20 || c == 0x7F;
}

static bool ends_word(unsigned char c)
{
	return is_space(c) || c == '(' || c == ')' || c == '"';
}

/* The column (in characters, from 1) of byte offset off. */
static int column(const struct lexer *lx, size_t off)
{
	size_t i = 0;
	int col = 1;

	while (i < off && i < lx->len) {
		uint32_t cp;
		i += text_utf8_next(lx->s + i, lx->len - i, &cp);
		col++;
	}
	return col;
}

static enum status fail(struct parser *p, const char *fmt, ...) ATTR_PRINTF(2, 3);
static enum status fail(struct parser *p, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (p->err)
		return p->err; /* the first error is the one that explains */
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	p->err = status_set(STATUS_QUERY, "%s", buf_str(&b));
	buf_free(&b);
	return p->err;
}

/* Appends n bytes of user text as valid UTF-8, controls as spaces. */
static void add_clean(struct buf *out, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		i += text_utf8_next(s + i, n - i, &cp);
		if (cp < 0x20 || cp == 0x7F)
			cp = ' ';
		text_utf8_put(out, cp);
	}
}

/* A short, printable excerpt of the token at [from, to), for messages. */
static char *excerpt(const struct lexer *lx, size_t from, size_t to)
{
	struct buf raw = BUF_INIT, safe = BUF_INIT;

	if (to - from > 40)
		to = from + 40;
	add_clean(&raw, lx->s + from, to - from);
	text_sanitize(&safe, buf_str(&raw), raw.len, 0);
	buf_free(&raw);
	return buf_steal(&safe);
}

static enum field field_named(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fields); i++)
		if (strlen(fields[i].name) == n && util_strncasecmp(s, fields[i].name, n) == 0)
			return fields[i].f;
	return F_NONE;
}

/* Reads the next token into lx; false (with the parser's error set) on a
 * lexical error. */
static bool lex(struct parser *p)
{
	struct lexer *lx = &p->lx;
	size_t i, end, colon;

	lx->spaced = false;
	while (lx->pos < lx->len && is_space((unsigned char)lx->s[lx->pos])) {
		lx->pos++;
		lx->spaced = true;
	}
	lx->start = lx->pos;
	lx->prefix = false;
	lx->field = F_NONE;
	buf_reset(&lx->text);
	if (lx->pos >= lx->len) {
		lx->t = T_END;
		return true;
	}
	switch (lx->s[lx->pos]) {
	case '(':
		lx->pos++;
		lx->t = T_LPAREN;
		return true;
	case ')':
		lx->pos++;
		lx->t = T_RPAREN;
		return true;
	case '"':
		end = lx->pos + 1;
		while (end < lx->len && lx->s[end] != '"')
			end++;
		if (end >= lx->len) {
			fail(p, _("the quote at column %d is never closed"), column(lx, lx->pos));
			return false;
		}
		add_clean(&lx->text, lx->s + lx->pos + 1, end - lx->pos - 1);
		lx->pos = end + 1;
		if (lx->pos < lx->len && lx->s[lx->pos] == '*') {
			lx->prefix = true;
			while (lx->pos < lx->len && lx->s[lx->pos] == '*')
				lx->pos++;
		}
		lx->t = T_PHRASE;
		return true;
	case '-':
		if (lx->pos + 1 < lx->len && !is_space((unsigned char)lx->s[lx->pos + 1]) &&
		    lx->s[lx->pos + 1] != ')') {
			lx->pos++;
			lx->t = T_MINUS;
			return true;
		}
		break;
	}
	end = lx->pos;
	colon = 0;
	while (end < lx->len && !ends_word((unsigned char)lx->s[end])) {
		if (lx->s[end] == ':' && !colon)
			colon = end;
		end++;
	}
	/* field:value, where field is a word of letters. */
	if (colon > lx->pos) {
		bool letters = true;
		for (i = lx->pos; i < colon; i++)
			if (!isalpha((unsigned char)lx->s[i]))
				letters = false;
		if (letters) {
			enum field f = field_named(lx->s + lx->pos, colon - lx->pos);
			if (f == F_NONE) {
				char *ex = excerpt(lx, lx->pos, colon + 1);
				fail(p,
				     _("unknown field '%s' at column %d (fields are author:, "
				       "title:, "
				       "abstract:, year: and arxiv:; put the word in quotes to "
				       "search for it)"),
				     ex, column(lx, lx->pos));
				free(ex);
				return false;
			}
			lx->field = f;
			lx->pos = colon + 1;
			lx->t = T_FIELD;
			return true;
		}
	}
	lx->t = T_WORD;
	if (end - lx->pos == 3 && memcmp(lx->s + lx->pos, "AND", 3) == 0)
		lx->t = T_AND;
	else if (end - lx->pos == 2 && memcmp(lx->s + lx->pos, "OR", 2) == 0)
		lx->t = T_OR;
	else if (end - lx->pos == 3 && memcmp(lx->s + lx->pos, "NOT", 3) == 0)
		lx->t = T_NOT;
	if (lx->t == T_WORD) {
		size_t stop = end;
		while (stop > lx->pos && lx->s[stop - 1] == '*') {
			stop--;
			lx->prefix = true;
		}
		add_clean(&lx->text, lx->s + lx->pos, stop - lx->pos);
	}
	lx->pos = end;
	return true;
}

/* The raw value after year: or arxiv: (up to white space or ')'). */
static void lex_value(struct lexer *lx, size_t *from, size_t *to)
{
	*from = lx->pos;
	while (lx->pos < lx->len && !is_space((unsigned char)lx->s[lx->pos]) &&
	       lx->s[lx->pos] != ')')
		lx->pos++;
	*to = lx->pos;
}

/* ---------------------------------------------------------------- tree */

enum qkind { Q_AND, Q_OR, Q_NOT, Q_TERM, Q_YEAR, Q_ARXIV };

struct qnode {
	enum qkind kind;
	struct qnode **kids;
	size_t n, cap;
	char *text; /* TERM: the word or phrase; ARXIV: the id */
	bool phrase, prefix;
	unsigned cols; /* TERM: COL_* mask, 0 = all */
	char from[5], to[5];
};

static struct qnode *qnew(enum qkind k)
{
	struct qnode *q = xcalloc(1, sizeof(*q));
	q->kind = k;
	return q;
}

static void qfree(struct qnode *q)
{
	size_t i;

	if (!q)
		return;
	for (i = 0; i < q->n; i++)
		qfree(q->kids[i]);
	free(q->kids);
	free(q->text);
	free(q);
}

static void qadd(struct qnode *parent, struct qnode *kid)
{
	parent->kids = xgrow(parent->kids, &parent->cap, parent->n + 1, sizeof(*parent->kids));
	parent->kids[parent->n++] = kid;
}

/* True when FTS5's tokenizer will find at least one token in s: an ASCII
 * letter or digit, or a character beyond ASCII that is not punctuation.
 * Words without one ("+++", "→") would be empty phrases, which match
 * nothing and would make a whole AND fail; they are dropped instead. */
static bool has_token(const char *s)
{
	size_t n = strlen(s), i = 0;

	while (i < n) {
		uint32_t cp;
		size_t k = text_utf8_next(s + i, n - i, &cp);
		if (cp < 0x80) {
			if (isalnum((int)cp))
				return true;
		} else if (cp != TEXT_REPLACEMENT) {
			struct buf t = BUF_INIT;
			bool letter;
			size_t j;
			text_translit_ascii(&t, s + i, k);
			/* Unknown characters (CJK, ...) transliterate to "?":
			 * the tokenizer takes most of them as letters. */
			letter = strcmp(buf_str(&t), "?") == 0;
			for (j = 0; j < t.len; j++)
				if (isalnum((unsigned char)t.s[j]))
					letter = true;
			buf_free(&t);
			if (letter)
				return true;
		}
		i += k;
	}
	return false;
}

/* ---------------------------------------------------------------- parser */

static struct qnode *parse_or(struct parser *p, unsigned cols);

static bool can_start_term(enum tok t)
{
	return t == T_LPAREN || t == T_WORD || t == T_PHRASE || t == T_NOT || t == T_MINUS ||
	       t == T_FIELD;
}

static const char *tok_name(const struct lexer *lx)
{
	switch (lx->t) {
	case T_AND: return "AND";
	case T_OR: return "OR";
	case T_NOT: return "NOT";
	case T_RPAREN: return ")";
	default: return "?";
	}
}

static bool count_term(struct parser *p)
{
	if (++p->terms > SEARCH_MAX_TERMS) {
		fail(p, _("the query has more than %d terms"), SEARCH_MAX_TERMS);
		return false;
	}
	return true;
}

/* Four digits: a year. */
static bool year4(const char *s, size_t n, int *y)
{
	size_t i;

	if (n != 4)
		return false;
	for (i = 0; i < 4; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	return true;
}

static void year_put(char out[5], int y)
{
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '\0';
}

/* year:YYYY, year:YYYY..YYYY, year:YYYY.. or year:..YYYY. */
static bool parse_year(struct parser *p, size_t at, size_t from, size_t to, struct qnode *q)
{
	const char *s = p->lx.s + from, *dots;
	size_t n = to - from;
	int lo = -1, hi = -1, col = column(&p->lx, at);
	bool ok;

	dots = n >= 2 ? memmem(s, n, "..", 2) : NULL;
	if (!dots) {
		ok = year4(s, n, &lo);
		hi = lo;
	} else {
		size_t a = (size_t)(dots - s), b = n - a - 2;
		ok = (a == 0 || year4(s, a, &lo)) && (b == 0 || year4(dots + 2, b, &hi)) &&
		     a + b > 0;
	}
	if (!ok) {
		char *ex = excerpt(&p->lx, from, to);
		fail(p,
		     _("'year:' at column %d takes a year or a range such as 2020..2023, "
		       "not '%s'"),
		     col, ex);
		free(ex);
		return false;
	}
	if (lo >= 0 && hi >= 0 && lo > hi) {
		fail(p, _("the year range at column %d ends (%d) before it starts (%d)"), col, hi,
		     lo);
		return false;
	}
	/* Dates compare as text: "2021-05-01" >= "2021" and < "2022". */
	if (lo >= 0)
		year_put(q->from, lo);
	if (hi >= 0 && hi < 9999)
		year_put(q->to, hi + 1);
	return true;
}

static bool parse_arxiv(struct parser *p, size_t at, size_t from, size_t to, struct qnode *q)
{
	char *v = xstrndup(p->lx.s + from, to - from), id[64];
	size_t n = strlen(v);
	int version;
	bool ok;

	if (n && v[n - 1] == '*') {
		/* A prefix: "2205.*", "2205*", "math/07*". */
		while (n && v[n - 1] == '*')
			v[--n] = '\0';
		ok = n > 0;
		for (size_t i = 0; i < n && ok; i++)
			ok = isalnum((unsigned char)v[i]) || strchr("./-", v[i]);
		if (ok) {
			q->text = xstrdup(v);
			q->prefix = true;
		}
	} else {
		ok = import_parse_arxiv(v, id, sizeof(id), &version);
		if (ok)
			q->text = xstrdup(id);
	}
	if (!ok) {
		char *ex = excerpt(&p->lx, from, to);
		fail(p,
		     _("'arxiv:' at column %d takes an arXiv id such as 2205.14258 or a prefix "
		       "such as 2205.*, not '%s'"),
		     column(&p->lx, at), ex);
		free(ex);
	}
	free(v);
	return ok;
}

/* A term, a group, or a field with its value. NULL with no error when
 * the term has nothing to search for (it is dropped). */
static struct qnode *parse_primary(struct parser *p, unsigned cols, bool in_field)
{
	struct lexer *lx = &p->lx;
	struct qnode *q;
	size_t start = lx->start;

	switch (lx->t) {
	case T_LPAREN:
		if (++p->depth > SEARCH_MAX_DEPTH) {
			fail(p, _("the query nests deeper than %d levels"), SEARCH_MAX_DEPTH);
			return NULL;
		}
		if (!lex(p))
			return NULL;
		if (lx->t == T_RPAREN) {
			fail(p, _("the parentheses at column %d hold nothing"), column(lx, start));
			return NULL;
		}
		q = parse_or(p, cols);
		if (p->err) {
			qfree(q);
			return NULL;
		}
		if (lx->t != T_RPAREN) {
			qfree(q);
			fail(p, _("the parenthesis at column %d is never closed"),
			     column(lx, start));
			return NULL;
		}
		p->depth--;
		if (!lex(p)) {
			qfree(q);
			return NULL;
		}
		return q;
	case T_WORD:
	case T_PHRASE:
		if (!count_term(p))
			return NULL;
		q = qnew(Q_TERM);
		q->text = xstrdup(buf_str(&lx->text));
		q->phrase = lx->t == T_PHRASE;
		q->prefix = lx->prefix;
		q->cols = cols;
		if (!lex(p)) {
			qfree(q);
			return NULL;
		}
		if (!has_token(q->text)) {
			qfree(q);
			return NULL;
		}
		return q;
	case T_FIELD: {
		enum field f = lx->field;
		size_t vfrom, vto;
		char *name = excerpt(lx, start, lx->pos);

		if (in_field) {
			fail(p, _("'%s' at column %d is inside another field; fields do not nest"),
			     name, column(lx, start));
			free(name);
			return NULL;
		}
		if (lx->pos >= lx->len || is_space((unsigned char)lx->s[lx->pos]) ||
		    lx->s[lx->pos] == ')') {
			if (f == F_YEAR || f == F_ARXIV)
				fail(p, _("'%s' at column %d needs a value right after it"), name,
				     column(lx, start));
			else
				fail(p,
				     _("'%s' at column %d needs a word, a \"phrase\" or a (group) "
				       "right "
				       "after it"),
				     name, column(lx, start));
			free(name);
			return NULL;
		}
		free(name);
		if (f == F_YEAR || f == F_ARXIV) {
			if (!count_term(p))
				return NULL;
			lex_value(lx, &vfrom, &vto);
			q = qnew(f == F_YEAR ? Q_YEAR : Q_ARXIV);
			if (!(f == F_YEAR ? parse_year(p, start, vfrom, vto, q)
			                  : parse_arxiv(p, start, vfrom, vto, q)) ||
			    !lex(p)) {
				qfree(q);
				return NULL;
			}
			return q;
		}
		if (!lex(p))
			return NULL;
		if (lx->t != T_WORD && lx->t != T_PHRASE && lx->t != T_LPAREN && lx->t != T_FIELD) {
			fail(p, _("the field at column %d needs a word, a \"phrase\" or a (group)"),
			     column(lx, start));
			return NULL;
		}
		cols = f == F_AUTHOR ? COL_AUTHORS : f == F_TITLE ? COL_TITLE : COL_ABSTRACT;
		return parse_primary(p, cols, true);
	}
	default: return NULL;
	}
}

static struct qnode *parse_unary(struct parser *p, unsigned cols, bool in_field)
{
	struct lexer *lx = &p->lx;

	if (lx->t == T_NOT || lx->t == T_MINUS) {
		size_t start = lx->start;
		bool word = lx->t == T_NOT;
		struct qnode *kid, *q;

		if (++p->depth > SEARCH_MAX_DEPTH) {
			fail(p, _("the query nests deeper than %d levels"), SEARCH_MAX_DEPTH);
			return NULL;
		}
		if (!lex(p))
			return NULL;
		if (!can_start_term(lx->t)) {
			fail(p,
			     word ? _("'NOT' at column %d needs a term after it")
			          : _("'-' at column %d needs a term right after it"),
			     column(lx, start));
			return NULL;
		}
		kid = parse_unary(p, cols, in_field);
		p->depth--;
		if (!kid)
			return NULL;
		if (kid->kind == Q_NOT) {
			/* NOT NOT x is x. */
			q = kid->kids[0];
			kid->n = 0;
			qfree(kid);
			return q;
		}
		q = qnew(Q_NOT);
		qadd(q, kid);
		return q;
	}
	return parse_primary(p, cols, in_field);
}

/* Adds kid to an AND or OR node, flattening nested ones of the kind. */
static void join(struct qnode *parent, struct qnode *kid)
{
	size_t i;

	if (kid->kind == parent->kind) {
		for (i = 0; i < kid->n; i++)
			qadd(parent, kid->kids[i]);
		kid->n = 0;
		qfree(kid);
	} else {
		qadd(parent, kid);
	}
}

/* Collapses a one-kid AND/OR into its kid, and an empty one into NULL. */
static struct qnode *collapse(struct qnode *q)
{
	struct qnode *kid;

	if (q->n > 1)
		return q;
	kid = q->n ? q->kids[0] : NULL;
	q->n = 0;
	qfree(q);
	return kid;
}

static struct qnode *parse_and(struct parser *p, unsigned cols)
{
	struct lexer *lx = &p->lx;
	struct qnode *q = qnew(Q_AND);
	bool any = false; /* a term came (even one dropped as empty) */

	while (!p->err && lx->t != T_END && lx->t != T_RPAREN && lx->t != T_OR) {
		struct qnode *kid;
		if (lx->t == T_AND) {
			size_t start = lx->start;
			if (!any) {
				fail(p, _("'AND' at column %d needs a term before it"),
				     column(lx, start));
				break;
			}
			if (!lex(p))
				break;
			if (!can_start_term(lx->t)) {
				fail(p, _("'AND' at column %d needs a term after it"),
				     column(lx, start));
				break;
			}
		}
		if (!can_start_term(lx->t)) {
			fail(p, _("unexpected '%s' at column %d"), tok_name(lx),
			     column(lx, lx->start));
			break;
		}
		kid = parse_unary(p, cols, cols != 0);
		any = true;
		if (kid)
			join(q, kid);
	}
	if (p->err) {
		qfree(q);
		return NULL;
	}
	return collapse(q);
}

static struct qnode *parse_or(struct parser *p, unsigned cols)
{
	struct lexer *lx = &p->lx;
	struct qnode *q = qnew(Q_OR);
	bool first = true;

	for (;;) {
		size_t start = lx->start;
		struct qnode *kid;
		if (!first) {
			/* At an OR. */
			if (!lex(p))
				break;
			if (!can_start_term(lx->t)) {
				fail(p, _("'OR' at column %d needs a term after it"),
				     column(lx, start));
				break;
			}
		} else if (lx->t == T_OR) {
			fail(p, _("'OR' at column %d needs a term before it"), column(lx, start));
			break;
		}
		first = false;
		kid = parse_and(p, cols);
		if (p->err)
			break;
		if (kid)
			join(q, kid);
		if (lx->t != T_OR)
			break;
	}
	if (p->err) {
		qfree(q);
		return NULL;
	}
	return collapse(q);
}

/* ---------------------------------------------------------------- compiler */

/* True when FTS5 can express q on its own (it has no bare NOT, no year or
 * arXiv condition). */
static bool fts_ok(const struct qnode *q)
{
	size_t i, pos = 0;

	switch (q->kind) {
	case Q_TERM: return true;
	case Q_OR:
		for (i = 0; i < q->n; i++)
			if (q->kids[i]->kind == Q_NOT || !fts_ok(q->kids[i]))
				return false;
		return true;
	case Q_AND:
		/* FTS5's NOT is binary: "a NOT b" needs an a. */
		for (i = 0; i < q->n; i++) {
			const struct qnode *k = q->kids[i];
			if (k->kind == Q_NOT ? !fts_ok(k->kids[0]) : !fts_ok(k))
				return false;
			pos += k->kind != Q_NOT;
		}
		return pos > 0;
	default: return false;
	}
}

static void fts_quote(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

static void fts_expr(struct buf *b, const struct qnode *q);

static void fts_list(struct buf *b, struct qnode *const *v, size_t n, const char *op)
{
	size_t i;

	if (n == 1) {
		fts_expr(b, v[0]);
		return;
	}
	buf_addc(b, '(');
	for (i = 0; i < n; i++) {
		if (i)
			buf_adds(b, op);
		fts_expr(b, v[i]);
	}
	buf_addc(b, ')');
}

/* Writes an fts_ok() tree, or (for the top level) the AND of the match
 * parts pos[] with NOT of neg[]. */
static void fts_and(struct buf *b, struct qnode *const *pos, size_t npos, struct qnode *const *neg,
                    size_t nneg)
{
	if (!nneg) {
		fts_list(b, pos, npos, " AND ");
		return;
	}
	buf_addc(b, '(');
	fts_list(b, pos, npos, " AND ");
	buf_adds(b, " NOT ");
	fts_list(b, neg, nneg, " OR ");
	buf_addc(b, ')');
}

static void fts_expr(struct buf *b, const struct qnode *q)
{
	static const char *const colnames[] = {"title", "authors", "abstract"};
	struct qnode **pos, **neg;
	size_t i, npos = 0, nneg = 0;

	switch (q->kind) {
	case Q_TERM:
		if (q->cols) {
			bool first = true;
			buf_addc(b, '{');
			for (i = 0; i < ARRAY_SIZE(colnames); i++)
				if (q->cols & (1u << i)) {
					if (!first)
						buf_addc(b, ' ');
					buf_adds(b, colnames[i]);
					first = false;
				}
			buf_adds(b, "} : ");
		}
		fts_quote(b, q->text);
		if (q->prefix)
			buf_adds(b, " *");
		return;
	case Q_OR: fts_list(b, q->kids, q->n, " OR "); return;
	case Q_AND:
		pos = xcalloc(q->n, sizeof(*pos));
		neg = xcalloc(q->n, sizeof(*neg));
		for (i = 0; i < q->n; i++) {
			if (q->kids[i]->kind == Q_NOT)
				neg[nneg++] = q->kids[i]->kids[0];
			else
				pos[npos++] = q->kids[i];
		}
		fts_and(b, pos, npos, neg, nneg);
		free(pos);
		free(neg);
		return;
	default: return; /* not reached: callers check fts_ok() */
	}
}

static struct search_node *node_new(enum search_kind k)
{
	struct search_node *n = xcalloc(1, sizeof(*n));
	n->kind = k;
	return n;
}

static void node_free(struct search_node *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->match);
	free(n->arxiv);
	free(n);
}

static void node_add(struct search_node *parent, struct search_node *kid)
{
	parent->kids = xrealloc(parent->kids, (parent->nkids + 1) * sizeof(*parent->kids));
	parent->kids[parent->nkids++] = kid;
}

/* The filter for q: FTS5-expressible parts become TEXT leaves. */
static struct search_node *to_filter(const struct qnode *q)
{
	struct search_node *n;
	size_t i;

	if (fts_ok(q)) {
		struct buf b = BUF_INIT;
		fts_expr(&b, q);
		n = node_new(SEARCH_TEXT);
		n->match = buf_steal(&b);
		return n;
	}
	switch (q->kind) {
	case Q_YEAR:
		n = node_new(SEARCH_YEAR);
		memcpy(n->from, q->from, sizeof(n->from));
		memcpy(n->to, q->to, sizeof(n->to));
		return n;
	case Q_ARXIV:
		n = node_new(SEARCH_ARXIV);
		n->arxiv = xstrdup(q->text);
		n->prefix = q->prefix;
		return n;
	default:
		n = node_new(q->kind == Q_AND  ? SEARCH_AND
		             : q->kind == Q_OR ? SEARCH_OR
		                               : SEARCH_NOT);
		for (i = 0; i < q->n; i++)
			node_add(n, to_filter(q->kids[i]));
		return n;
	}
}

/* Splits the tree: the top-level AND's FTS5-expressible parts (and the
 * negations of such parts) make the ranked match; the rest the filter. */
static void compile(struct qnode *root, struct search_query *out)
{
	struct qnode *const *kids = root->kind == Q_AND ? root->kids : &root;
	size_t n = root->kind == Q_AND ? root->n : 1, i, npos = 0, nneg = 0, nrest = 0;
	struct qnode **pos = xcalloc(n, sizeof(*pos)), **neg = xcalloc(n, sizeof(*neg));
	const struct qnode **rest = xcalloc(n, sizeof(*rest));

	for (i = 0; i < n; i++) {
		const struct qnode *k = kids[i];
		if (k->kind != Q_NOT && fts_ok(k))
			pos[npos++] = kids[i];
		else if (k->kind == Q_NOT && fts_ok(k->kids[0]))
			neg[nneg++] = k->kids[0];
		else
			rest[nrest++] = k;
	}
	if (npos) {
		struct buf b = BUF_INIT;
		fts_and(&b, pos, npos, neg, nneg);
		out->match = buf_steal(&b);
	} else {
		/* No positive text: everything is a condition on papers. */
		nrest = n;
		for (i = 0; i < n; i++)
			rest[i] = kids[i];
	}
	if (nrest == 1) {
		out->filter = to_filter(rest[0]);
	} else if (nrest > 1) {
		out->filter = node_new(SEARCH_AND);
		for (i = 0; i < nrest; i++)
			node_add(out->filter, to_filter(rest[i]));
	}
	free(pos);
	free(neg);
	free(rest);
}

enum status search_parse(const char *input, struct search_query **out)
{
	struct parser p;
	struct qnode *root;
	size_t len = strlen(input);

	*out = NULL;
	if (len > SEARCH_MAX_BYTES)
		return status_set(STATUS_QUERY, _("the query is too long (%zu bytes; at most %d)"),
		                  len, SEARCH_MAX_BYTES);
	memset(&p, 0, sizeof(p));
	p.lx.s = input;
	p.lx.len = len;
	if (!lex(&p)) {
		buf_free(&p.lx.text);
		return p.err;
	}
	root = parse_or(&p, 0);
	if (!p.err && p.lx.t == T_RPAREN)
		fail(&p, _("the ')' at column %d has no matching '('"), column(&p.lx, p.lx.start));
	buf_free(&p.lx.text);
	if (p.err) {
		qfree(root);
		return p.err;
	}
	if (!root)
		return status_set(STATUS_QUERY, _("the query has nothing to search for"));
	*out = xcalloc(1, sizeof(**out));
	compile(root, *out);
	qfree(root);
	return STATUS_OK;
}

void search_free(struct search_query *q)
{
	if (!q)
		return;
	free(q->match);
	node_free(q->filter);
	free(q);
}

static void describe_node(struct buf *b, const struct search_node *n)
{
	size_t i;

	switch (n->kind) {
	case SEARCH_AND:
	case SEARCH_OR:
		buf_adds(b, n->kind == SEARCH_AND ? "(and" : "(or");
		for (i = 0; i < n->nkids; i++) {
			buf_addc(b, ' ');
			describe_node(b, n->kids[i]);
		}
		buf_addc(b, ')');
		return;
	case SEARCH_NOT:
		buf_adds(b, "(not ");
		describe_node(b, n->kids[0]);
		buf_addc(b, ')');
		return;
	case SEARCH_TEXT: buf_printf(b, "text[%s]", n->match); return;
	case SEARCH_YEAR: buf_printf(b, "year[%s,%s)", n->from, n->to); return;
	case SEARCH_ARXIV: buf_printf(b, "arxiv%s[%s]", n->prefix ? "^" : "=", n->arxiv); return;
	}
}

void search_describe(struct buf *out, const struct search_query *q)
{
	buf_printf(out, "match: %s", q->match ? q->match : "-");
	buf_adds(out, "; filter: ");
	if (q->filter)
		describe_node(out, q->filter);
	else
		buf_addc(out, '-');
}
