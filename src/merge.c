/*
 * merge: identity rules and field merging. Pure functions: no database,
 * no I/O, so every threshold can be tested from both sides.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "merge.h"
#include "text.h"

/* Compares two dates at the precision both have ("2020" vs "2020-05-27"
 * compares the year). */
static int date_cmp(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	return strncmp(a, b, la < lb ? la : lb);
}

static const char *earliest(const struct merge_side *s)
{
	const char *d = NULL;
	size_t i;

	for (i = 0; i < s->n_dates; i++)
		if (s->dates[i].date[0] && (!d || strcmp(s->dates[i].date, d) < 0))
			d = s->dates[i].date;
	return d;
}

static const char *latest(const struct merge_side *s)
{
	const char *d = NULL;
	size_t i;

	for (i = 0; i < s->n_dates; i++)
		if (s->dates[i].date[0] && (!d || strcmp(s->dates[i].date, d) > 0))
			d = s->dates[i].date;
	return d;
}

/* The month an arXiv id encodes, as "YYYY-MM", or false for ids that
 * encode none. New ids are YYMM.NNNN(N); old ones archive/YYMMNNN. */
static bool arxiv_month(const char *id, char out[8])
{
	const char *p = strchr(id, '/');
	int yy;

	p = p ? p + 1 : id;
	if (strlen(p) < 4 || !isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) ||
	    !isdigit((unsigned char)p[2]) || !isdigit((unsigned char)p[3]))
		return false;
	yy = (p[0] - '0') * 10 + (p[1] - '0');
	if ((p[2] - '0') * 10 + (p[3] - '0') < 1 || (p[2] - '0') * 10 + (p[3] - '0') > 12)
		return false;
	snprintf(out, 8, "%d-%c%c", yy >= 91 ? 1900 + yy : 2000 + yy, p[2], p[3]);
	return true;
}

/* Rule 3 when side a has an arXiv id and b has none. */
static bool dates_fit_arxiv(const struct merge_side *a, const struct merge_side *b)
{
	const char *d0 = earliest(b), *last = latest(a);
	char month[8];
	bool v1_known = false;
	size_t i;

	if (!d0)
		return true;
	for (i = 0; i < a->n_dates; i++) {
		if (a->dates[i].date[0] && date_cmp(a->dates[i].date, d0) == 0)
			return true;
		if (a->dates[i].version == 1)
			v1_known = true;
	}
	if (v1_known)
		return false;
	if (last && date_cmp(d0, last) > 0)
		return false;
	if (arxiv_month(a->arxiv, month) && date_cmp(d0, month) != 0)
		return false;
	return true;
}

static bool dates_agree(const struct merge_side *a, const struct merge_side *b)
{
	size_t i, j;

	/* Before the no-dates shortcut: an arXiv id with no known version
	 * dates still encodes its month. */
	if (*a->arxiv && !*b->arxiv)
		return dates_fit_arxiv(a, b);
	if (*b->arxiv && !*a->arxiv)
		return dates_fit_arxiv(b, a);
	if (!a->n_dates || !b->n_dates)
		return true; /* nothing to contradict */
	for (i = 0; i < a->n_dates; i++)
		for (j = 0; j < b->n_dates; j++)
			if (a->dates[i].date[0] && b->dates[j].date[0] &&
			    date_cmp(a->dates[i].date, b->dates[j].date) == 0)
				return true;
	return false;
}

static bool keys_match(const char *a, const char *b)
{
	size_t m = 0;

	while (a[m] && a[m] == b[m])
		m++;
	/* One must end where they stop agreeing: a prefix, not a fork. */
	return m >= MERGE_KEY_MIN && (a[m] == '\0' || b[m] == '\0');
}

bool merge_same(const struct merge_side *a, const struct merge_side *b, const char **why)
{
	const char *dummy;

	if (!why)
		why = &dummy;
	if (*a->arxiv && *b->arxiv) {
		bool same = strcmp(a->arxiv, b->arxiv) == 0;
		*why = same ? "same arXiv id" : "different arXiv ids";
		return same;
	}
	if (*a->doi && *b->doi) {
		bool same = strcmp(a->doi, b->doi) == 0;
		*why = same ? "same DOI" : "different DOIs";
		return same;
	}
	if (!dates_agree(a, b)) {
		*why = "dates disagree";
		return false;
	}
	if (keys_match(a->key, b->key)) {
		*why = "abstracts agree";
		return true;
	}
	if (strlen(a->tkey) >= MERGE_TITLE_MIN && strcmp(a->tkey, b->tkey) == 0) {
		*why = "titles agree";
		return true;
	}
	if (a->citekey && b->citekey && *a->citekey && strcasecmp(a->citekey, b->citekey) == 0 &&
	    (strlen(a->tkey) < MERGE_TITLE_MIN || strlen(b->tkey) < MERGE_TITLE_MIN)) {
		*why = "same citation key";
		return true;
	}
	*why = "nothing in common";
	return false;
}

int64_t merge_fingerprint(const char *key)
{
	size_t n = strlen(key);
	uint64_t h;

	if (n < MERGE_KEY_MIN)
		return 0;
	h = util_hash64(key, MERGE_FP_LEN);
	return (int64_t)(h ? h >> 1 : 1);
}

int64_t merge_title_fingerprint(const char *tkey)
{
	size_t n = strlen(tkey);
	uint64_t h;

	if (n < MERGE_TITLE_MIN)
		return 0;
	h = util_hash64(tkey, n);
	return (int64_t)(h ? h >> 1 : 1);
}

/* Words after which a full stop does not end a sentence. */
static bool abbreviation_before(const char *s, size_t dot)
{
	static const char *const abbr[] = {"e.g", "i.e", "et al", "etc", "vs", "cf", "Fig",
	                                   "fig", "Eq", "eq", "Ref", "resp", "approx", "Dr",
	                                   "Prof", "Sec", "No", "al", NULL};
	size_t i;

	for (i = 0; abbr[i]; i++) {
		size_t n = strlen(abbr[i]);
		if (dot >= n && memcmp(s + dot - n, abbr[i], n) == 0 &&
		    (dot == n || !isalpha((unsigned char)s[dot - n - 1])))
			return true;
	}
	/* A single capital initial ("J. Smith"). */
	if (dot >= 1 && isupper((unsigned char)s[dot - 1]) &&
	    (dot == 1 || !isalpha((unsigned char)s[dot - 2])))
		return true;
	return false;
}

char *merge_first_sentence(const char *s)
{
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++) {
		if ((s[i] == '.' || s[i] == '?' || s[i] == '!') && i + 1 < n &&
		    (s[i + 1] == ' ' || s[i + 1] == '\n')) {
			size_t j = i + 1;
			while (j < n && (s[j] == ' ' || s[j] == '\n'))
				j++;
			if (j < n && s[i] == '.' && abbreviation_before(s, i))
				continue;
			if (j >= n || isupper((unsigned char)s[j]) || isdigit((unsigned char)s[j]) ||
			    s[j] == '$' || s[j] == '\\' || (unsigned char)s[j] >= 0x80)
				return xstrndup(s, i + 1);
		}
	}
	return xstrdup(s);
}

char *merge_text_key(const char *abstract, const char *summary)
{
	char *first, *key;

	if (abstract && *abstract)
		return text_match_key(abstract, 0);
	if (!summary || !*summary)
		return xstrdup("");
	first = merge_first_sentence(summary);
	key = text_match_key(first, 0);
	free(first);
	return key;
}

char *merge_derive_title(const char *abstract, int max)
{
	char *first = merge_first_sentence(abstract), *flat;
	struct buf b = BUF_INIT;
	size_t n;

	flat = text_squeeze(first);
	n = strlen(flat);
	/* A sentence ends with its full stop; a title does not. */
	if (n && flat[n - 1] == '.')
		flat[--n] = '\0';
	if ((int)text_width(flat) <= max)
		return flat; /* flat is first, squeezed in place */
	if (max < 1) {
		free(first);
		return xstrdup(""); /* no room even for the ellipsis */
	}
	/* Cut at the last space that leaves room for the ellipsis. */
	{
		struct buf cut = BUF_INIT;
		char *sp;
		text_fit(&cut, flat, max, false);
		/* text_fit ended with the ellipsis; step back to a word end. */
		cut.len -= 3;
		cut.s[cut.len] = '\0';
		sp = strrchr(cut.s, ' ');
		if (sp && sp > cut.s + cut.len / 2)
			*sp = '\0';
		buf_adds(&b, util_trim(cut.s));
		buf_adds(&b, "\xE2\x80\xA6");
		buf_free(&cut);
	}
	free(first);
	return buf_steal(&b);
}

/* Longer wins; equal lengths are settled by content so that the order in
 * which the two arrived does not matter. Returns true to take `b`. */
static bool prefer(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return lb > la;
	return strcmp(b, a) < 0;
}

static void take(char **dst, const char *src)
{
	free(*dst);
	*dst = xstrdup(src);
}

static void pick_text(char **dst, const char *src)
{
	if (!*dst)
		*dst = xstrdup("");
	if (src && prefer(*dst, src))
		take(dst, src);
}

static size_t count_lines(const char *s)
{
	size_t n = *s ? 1 : 0;

	for (; *s; s++)
		if (*s == '\n')
			n++;
	return n;
}

/* True when two titles say the same words (a derived title that comes
 * back from a BibTeX export is still the derived one). */
static bool same_words(const char *a, const char *b)
{
	char *ka = text_match_key(a, 0), *kb = text_match_key(b, 0);
	bool same = strcmp(ka, kb) == 0;

	free(ka);
	free(kb);
	return same;
}

void merge_fields(struct store_paper *into, const struct store_paper *from)
{
	/* Title: real beats derived; among equals, prefer() decides. */
	if (from->title && *from->title && !from->stub) {
		if (!into->title || !*into->title || into->stub ||
		    (into->title_derived && !from->title_derived && !same_words(into->title, from->title))) {
			take(&into->title, from->title);
			into->title_derived = from->title_derived;
		} else if (into->title_derived == from->title_derived) {
			/* The same words with more markup ("On the {Symmetries}"
			 * from a BibTeX export) add nothing: the plainer one stays,
			 * so that an export imported again changes no title. */
			char *a = text_match_key(into->title, 0), *b = text_match_key(from->title, 0);
			bool same = strcmp(a, b) == 0;
			size_t la = strlen(into->title), lb = strlen(from->title);
			if (same ? (lb < la || (lb == la && strcmp(from->title, into->title) < 0))
			         : prefer(into->title, from->title))
				take(&into->title, from->title);
			free(a);
			free(b);
		}
	}
	/* Authors: more names win, then prefer(). */
	if (from->authors && *from->authors) {
		size_t a = into->authors ? count_lines(into->authors) : 0, b = count_lines(from->authors);
		if (b > a || (b == a && prefer(into->authors ? into->authors : "", from->authors)))
			take(&into->authors, from->authors);
	}
	/* Abstract: complete beats truncated, then the longer. */
	if (from->abstract && *from->abstract) {
		bool into_empty = !into->abstract || !*into->abstract;
		if (into_empty || (into->abstract_truncated && !from->abstract_truncated) ||
		    (into->abstract_truncated == from->abstract_truncated &&
		     prefer(into->abstract, from->abstract))) {
			take(&into->abstract, from->abstract);
			into->abstract_truncated = from->abstract_truncated;
		}
	}
	pick_text(&into->summary, from->summary);
	pick_text(&into->arxiv, from->arxiv);
	pick_text(&into->doi, from->doi);
	pick_text(&into->url, from->url);
	pick_text(&into->license, from->license);
	pick_text(&into->categories, from->categories);
	pick_text(&into->journal, from->journal);
	pick_text(&into->bibtype, from->bibtype);
	pick_text(&into->citekey, from->citekey);
	if (from->stub == false)
		into->stub = false;
}
