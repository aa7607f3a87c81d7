/*
 * test-fuzz: the fuzz harnesses (fuzz/fuzz.h) on their checked-in corpora
 * (fuzz/corpus/HARNESS/) and on every input a fuzz run ever found
 * (tests/data/fuzz-regress/HARNESS/): one TAP test an input, each in a
 * child process, so that a broken promise, a sanitizer report, a leak or
 * a hang fails that input alone and the others still run. Any compiler
 * builds this; a sanitized build (--enable-sanitizers) checks the most.
 *
 *   tests/unit/test-fuzz HARNESS FILE...
 *
 * runs the given files in this process, to reproduce a crash in a
 * debugger.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"
#include "tap.h"

/* A hang is a failure too; an input takes milliseconds, even sanitized. */
#define INPUT_SECONDS 60

static char *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*size = b.len;
	return b.s ? buf_steal(&b) : xstrdup("");
}

/* Runs one input in a child; true when it came through. */
static bool run_input(const struct fuzz_harness *h, const char *path)
{
	pid_t pid;
	int status;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		printf("# fork: %s\n", strerror(errno));
		return false;
	}
	if (pid == 0) {
		size_t size;
		char *data = read_file(path, &size);
		if (!data)
			_exit(3);
		alarm(INPUT_SECONDS);
		h->run((const uint8_t *)data, size);
		free(data);
		exit(0); /* exit, not _exit: LeakSanitizer looks at exit */
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return false;
	if (WIFSIGNALED(status))
		printf("# %s: killed by signal %d%s\n", path, WTERMSIG(status),
		       WTERMSIG(status) == SIGALRM ? " (a hang)" : "");
	else if (WEXITSTATUS(status) != 0)
		printf("# %s: exit status %d\n", path, WEXITSTATUS(status));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Every regular file of dir, by name, through harness h; returns how
 * many there were. A missing directory holds none. */
static int run_dir(const struct fuzz_harness *h, const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort), i, count = 0;

	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			char *path = xasprintf("%s/%s", dir, names[i]->d_name);
			ok(run_input(h, path), "%s: %s", h->name, path + strlen(TOP_SRCDIR) + 1);
			free(path);
			count++;
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	return count;
}

int main(int argc, char **argv)
{
	size_t i;

	fuzz_init();
	if (argc > 1) {
		const struct fuzz_harness *h = fuzz_harness_find(argv[1]);
		int k;
		if (!h || argc < 3) {
			fprintf(stderr, "usage: %s HARNESS FILE...\n", argv[0]);
			return 2;
		}
		for (k = 2; k < argc; k++) {
			size_t size;
			char *data = read_file(argv[k], &size);
			if (!data) {
				fprintf(stderr, "%s: %s\n", argv[k], strerror(errno));
				return 1;
			}
			h->run((const uint8_t *)data, size);
			free(data);
			printf("%s: %s: fine\n", h->name, argv[k]);
		}
		return 0;
	}
	for (i = 0; fuzz_harnesses[i].name; i++) {
		const struct fuzz_harness *h = &fuzz_harnesses[i];
		char *corpus = xasprintf("%s/fuzz/corpus/%s", TOP_SRCDIR, h->name);
		char *regress = xasprintf("%s/tests/data/fuzz-regress/%s", TOP_SRCDIR, h->name);
		int n = run_dir(h, corpus);
		/* A harness without seeds would start every fuzz run blind. */
		ok(n > 0, "%s: the corpus has %d seed input(s)", h->name, n);
		run_dir(h, regress);
		free(corpus);
		free(regress);
	}
	return done_testing();
}
