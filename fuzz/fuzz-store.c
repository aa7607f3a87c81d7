/*
 * fuzz-store: a file imported into an in-memory library the way `sheaf
 * import` does it (format detection, the store sink, merging), twice.
 * A failed import leaves the library exactly as it was; a file imported
 * a second time adds no paper and no link; whatever the library holds
 * reads back as valid UTF-8.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "import.h"
#include "text.h"

static void stats_of(struct store *st, struct store_stats *s)
{
	if (store_stats(st, s) != STATUS_OK)
		fuzz_fail("store_stats: %s", status_msg());
}

static bool stats_equal(const struct store_stats *a, const struct store_stats *b)
{
	return a->papers == b->papers && a->stubs == b->stubs && a->unread == b->unread &&
	       a->links == b->links && a->sources == b->sources;
}

/* Every paper of the library, and its links, read back. */
static void check_library(struct store *st)
{
	struct store_view all = {0, STORE_SORT_DATE};
	struct store_row rows[64];
	size_t n, i, j;

	if (store_rows(st, &all, NULL, false, rows, ARRAY_SIZE(rows), &n) != STATUS_OK)
		fuzz_fail("store_rows: %s", status_msg());
	for (i = 0; i < n; i++) {
		struct store_paper p;
		struct store_link *links;
		size_t nl;
		const char *fields[8];

		if (store_paper_get(st, rows[i].id, &p) != STATUS_OK)
			fuzz_fail("paper %lld of the list cannot be read", (long long)rows[i].id);
		fields[0] = p.title, fields[1] = p.authors, fields[2] = p.abstract;
		fields[3] = p.summary, fields[4] = p.url, fields[5] = p.journal;
		fields[6] = p.doi, fields[7] = p.categories;
		for (j = 0; j < ARRAY_SIZE(fields); j++)
			fuzz_check_utf8(fields[j], strlen(fields[j]), "a stored field");
		if (store_links(st, p.id, false, &links, &nl) != STATUS_OK)
			fuzz_fail("store_links: %s", status_msg());
		store_links_free(links, nl);
		store_paper_clear(&p);
	}
	store_rows_clear(rows, n);
}

void fuzz_store(const uint8_t *data, size_t size)
{
	struct store *st;
	struct store_stats before, after, again;
	struct import_stats is;
	struct import_opts io = {NULL, NULL, NULL, NULL, NULL, NULL};
	char *path;
	int fd;
	enum status ret;

	fuzz_init();
	if (store_open(":memory:", 0, &st) != STATUS_OK)
		fuzz_fail("store_open: %s", status_msg());
	fd = fuzz_memfile("store-input", data, size, &path);
	stats_of(st, &before);
	ret = import_file(st, path, &io, &is);
	stats_of(st, &after);
	if (ret != STATUS_OK) {
		if (!stats_equal(&before, &after))
			fuzz_fail("a failed import (%s) changed the library", status_msg());
	} else {
		check_library(st);
		/* The same file again: every record is the paper it gave before. */
		if (lseek(fd, 0, SEEK_SET) != 0)
			fuzz_fail("lseek");
		ret = import_file(st, path, &io, &is);
		if (ret != STATUS_OK)
			fuzz_fail("the second import of a file failed: %s", status_msg());
		stats_of(st, &again);
		if (is.added != 0 || is.links != 0 || !stats_equal(&after, &again))
			fuzz_fail("the second import of a file added %ld papers and %ld links "
			          "(papers %lld -> %lld, links %lld -> %lld)",
			          is.added, is.links, (long long)after.papers, (long long)again.papers,
			          (long long)after.links, (long long)again.links);
	}
	close(fd);
	free(path);
	store_close(st);
}
