/*
 * fuzz: the harnesses behind `make fuzz`, as plain functions. Each takes
 * the bytes of one input and checks what the code under test promises
 * (its header's contract), calling fuzz_fail() when a promise is broken;
 * crashes, leaks and undefined behaviour are the sanitizers' to report.
 *
 * The same functions are linked twice: into one libFuzzer program a
 * harness (fuzz/entry.c, `./configure --enable-fuzzing`), and into
 * tests/unit/test-fuzz, which runs the checked-in corpora and every input
 * a fuzz run ever found (tests/data/fuzz-regress/) in `make check` with
 * any compiler. A harness must therefore be deterministic and keep no
 * state from one input to the next.
 */
#ifndef SHEAF_FUZZ_H
#define SHEAF_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct fuzz_harness {
	const char *name; /* also the corpus directory: fuzz/corpus/NAME */
	void (*run)(const uint8_t *data, size_t size);
};

/* Every harness, NULL-terminated. */
extern const struct fuzz_harness fuzz_harnesses[];

/* The harness called name, or NULL. */
const struct fuzz_harness *fuzz_harness_find(const char *name);

/* Reports a broken promise (printf-style, with what the harness was
 * doing) on stderr and aborts: libFuzzer keeps the input as a crash, the
 * regression test fails. */
void fuzz_fail(const char *fmt, ...) ATTR_PRINTF(1, 2) ATTR_NORETURN;

/* Sets up what every harness assumes once per process: a UTF-8 locale
 * for widths (as the program has under a UTF-8 LANG), messages untranslated. */
void fuzz_init(void);

/* The harnesses (fuzz-import.c, fuzz-text.c, fuzz-export.c, fuzz-store.c). */
void fuzz_similar(const uint8_t *data, size_t size);
void fuzz_digest(const uint8_t *data, size_t size);
void fuzz_bibtex(const uint8_t *data, size_t size);
void fuzz_arxiv(const uint8_t *data, size_t size);
void fuzz_atom(const uint8_t *data, size_t size);
void fuzz_render(const uint8_t *data, size_t size);
void fuzz_text(const uint8_t *data, size_t size);
void fuzz_export(const uint8_t *data, size_t size);
void fuzz_store(const uint8_t *data, size_t size);

/* A file holding data, for the functions that read paths: a memfd named
 * name, read through /proc/self/fd. *path is newly allocated; close the
 * returned descriptor when done. Dies when none can be made. */
int fuzz_memfile(const char *name, const void *data, size_t size, char **path);

/* Checks that s (n bytes) is well-formed UTF-8; what names the string. */
void fuzz_check_utf8(const char *s, size_t n, const char *what);

#endif
