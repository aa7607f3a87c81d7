/*
 * paper: display forms of paper fields.
 */
#include "config.h"

#include <string.h>

#include "import.h"
#include "paper.h"

void paper_title(struct buf *out, const char *title, bool stub, const char *date)
{
	if (stub) {
		buf_printf(out, _("(unknown paper of %s)"), date && *date ? date : "?");
		return;
	}
	buf_adds(out, title ? title : "");
}

void paper_author(struct buf *out, const char *name, size_t len)
{
	const char *c1 = memchr(name, ',', len), *c2;
	size_t last_len;

	if (!c1) {
		buf_add(out, name, len);
		return;
	}
	last_len = (size_t)(c1 - name);
	c2 = memchr(c1 + 1, ',', len - last_len - 1);
	/* "Last, Jr, First" (BibTeX's three-part form) or "Last, First". */
	{
		const char *first = (c2 ? c2 : c1) + 1;
		size_t first_len = len - (size_t)(first - name);
		while (first_len && *first == ' ')
			first++, first_len--;
		if (first_len) {
			buf_add(out, first, first_len);
			buf_addc(out, ' ');
		}
		buf_add(out, name, last_len);
		if (c2) {
			const char *jr = c1 + 1;
			size_t jr_len = (size_t)(c2 - jr);
			while (jr_len && *jr == ' ')
				jr++, jr_len--;
			buf_adds(out, ", ");
			buf_add(out, jr, jr_len);
		}
	}
}

void paper_authors(struct buf *out, const char *authors, const char *sep)
{
	const char *a = authors;
	bool first = true;

	while (a && *a) {
		const char *nl = strchr(a, '\n');
		size_t n = nl ? (size_t)(nl - a) : strlen(a);
		if (n) {
			if (!first)
				buf_adds(out, sep);
			paper_author(out, a, n);
			first = false;
		}
		a += n + (nl ? 1 : 0);
	}
}

size_t paper_author_count(const char *authors)
{
	size_t n = 0;
	const char *a = authors;

	while (a && *a) {
		const char *nl = strchr(a, '\n');
		size_t len = nl ? (size_t)(nl - a) : strlen(a);
		if (len)
			n++;
		a += len + (nl ? 1 : 0);
	}
	return n;
}

enum status paper_resolve(struct store *st, const char *ref, int64_t *id)
{
	char arxiv[32];
	int version;
	struct store_row r;
	enum status ret;

	if (util_parse_id(ref, id)) {
		ret = store_row_get(st, *id, &r);
		store_row_clear(&r);
		if (ret == STATUS_NOTFOUND)
			return status_set(STATUS_NOTFOUND, _("no paper with id %s"), ref);
		return ret;
	}
	if (import_parse_arxiv(ref, arxiv, sizeof(arxiv), &version)) {
		ret = store_find_arxiv(st, arxiv, id);
		if (ret == STATUS_NOTFOUND)
			return status_set(STATUS_NOTFOUND, _("no paper with arXiv id %s"), arxiv);
		return ret;
	}
	return status_set(STATUS_NOTFOUND, _("\"%s\" is neither a paper id nor an arXiv id"), ref);
}
