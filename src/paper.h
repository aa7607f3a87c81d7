/*
 * paper: how a paper's fields read to a person — display titles, author
 * names, references typed by users. Shared by the command line and the
 * reader so that both say the same thing.
 */
#ifndef SHEAF_PAPER_H
#define SHEAF_PAPER_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"
#include "store.h"
#include "util.h"

/* Appends the title to show: the stored one, or for a stub paper (a page
 * subject known only by its date) a translated "unknown paper of DATE". */
void paper_title(struct buf *out, const char *title, bool stub, const char *date);

/* Appends one stored author name in reading order: "Godfrey, Charles"
 * becomes "Charles Godfrey", "van der Berg, Jan" becomes "Jan van der
 * Berg", "King, Jr., Martin" becomes "Martin King, Jr."; names without a
 * comma are kept. len bytes of name are read. */
void paper_author(struct buf *out, const char *name, size_t len);

/* Appends all authors (one a line as stored) in reading order joined by
 * sep. */
void paper_authors(struct buf *out, const char *authors, const char *sep);

/* The number of authors in a stored author list. */
size_t paper_author_count(const char *authors);

/* Resolves what a user typed to a paper id: a number is a paper id, else
 * an arXiv id or URL ("2205.14258", "arXiv:2205.14258v5"). STATUS_NOTFOUND
 * (with a message naming ref) when there is no such paper. */
enum status paper_resolve(struct store *st, const char *ref, int64_t *id);

#endif
