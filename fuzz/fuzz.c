/*
 * fuzz: the table of harnesses and what they share.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "text.h"

const struct fuzz_harness fuzz_harnesses[] = {
	{"similar", fuzz_similar}, {"digest", fuzz_digest}, {"bibtex", fuzz_bibtex},
	{"arxiv", fuzz_arxiv},     {"atom", fuzz_atom},     {"render", fuzz_render},
	{"text", fuzz_text},       {"export", fuzz_export}, {"store", fuzz_store},
	{NULL, NULL},
};

const struct fuzz_harness *fuzz_harness_find(const char *name)
{
	size_t i;

	for (i = 0; fuzz_harnesses[i].name; i++)
		if (strcmp(fuzz_harnesses[i].name, name) == 0)
			return &fuzz_harnesses[i];
	return NULL;
}

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("fuzz: broken promise: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void fuzz_init(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	/* Widths follow wcwidth() in a UTF-8 locale, as in the program. */
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
}

int fuzz_memfile(const char *name, const void *data, size_t size, char **path)
{
	int fd = memfd_create(name, 0);
	const char *p = data;
	size_t left = size;

	if (fd < 0)
		util_die("memfd_create: %s", text_strerror(errno));
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w <= 0)
			util_die("memfd write: %s", text_strerror(errno));
		p += w;
		left -= (size_t)w;
	}
	*path = xasprintf("/proc/self/fd/%d", fd);
	return fd;
}

void fuzz_check_utf8(const char *s, size_t n, const char *what)
{
	if (!text_utf8_valid(s, n))
		fuzz_fail("%s is not valid UTF-8", what);
}
