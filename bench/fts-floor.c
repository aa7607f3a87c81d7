/*
 * fts-floor: the floor of an import — the same titles, authors and
 * abstracts inserted into a bare FTS5 table in one transaction, with the
 * libsqlite3 sheaf links against.
 *
 *   fts-floor [--sheaf] DB TSV
 *
 * TSV holds one paper a line: title, authors, abstract (gen-arxiv.py
 * --tsv). By default the table is a bare FTS5 table with FTS5's and
 * SQLite's defaults (content stored, unicode61, rollback journal): the
 * floor issue 7 names. With --sheaf it is built the way sheaf builds its
 * index in a bulk import: the same table (contentless, porter unicode61
 * remove_diacritics 2), WAL with synchronous NORMAL, and the same FTS5
 * merge settings (automerge 16, hashsize 16 MB; see store.c).
 *
 * Prints "papers seconds rate", seconds running from the first insert to
 * the end of the commit and the close (the checkpoint): reading the TSV
 * is not counted.
 *
 * A benchmark tool, not part of sheaf: it never speaks for the library.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(sqlite3 *db, const char *what)
{
	fprintf(stderr, "fts-floor: %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
	exit(1);
}

static void exec(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(db, sql);
}

int main(int argc, char **argv)
{
	int like_sheaf = 0, argi = 1;
	sqlite3 *db;
	sqlite3_stmt *ins;
	FILE *in;
	char **lines = NULL;
	size_t n = 0, cap = 0, i;
	char *line = NULL;
	size_t linecap = 0;
	ssize_t len;
	double t0, t1;

	if (argc > 1 && strcmp(argv[1], "--sheaf") == 0) {
		like_sheaf = 1;
		argi++;
	}
	if (argc - argi != 2) {
		fprintf(stderr, "usage: fts-floor [--sheaf] DB TSV\n");
		return 2;
	}
	in = fopen(argv[argi + 1], "r");
	if (!in) {
		perror(argv[argi + 1]);
		return 1;
	}
	/* Read everything first: the floor times SQLite, not the reading. */
	while ((len = getline(&line, &linecap, in)) > 0) {
		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			lines = realloc(lines, cap * sizeof(*lines));
			if (!lines)
				return 1;
		}
		lines[n++] = strdup(line);
	}
	free(line);
	fclose(in);
	remove(argv[argi]);
	if (sqlite3_open(argv[argi], &db) != SQLITE_OK)
		die(db, "open");
	if (like_sheaf) {
		exec(db, "PRAGMA journal_mode = WAL");
		exec(db, "PRAGMA synchronous = NORMAL");
		exec(db, "CREATE VIRTUAL TABLE fts USING fts5(title, authors, abstract, content='',"
		         " tokenize='porter unicode61 remove_diacritics 2')");
	} else {
		exec(db, "CREATE VIRTUAL TABLE fts USING fts5(title, authors, abstract)");
	}
	if (sqlite3_prepare_v2(db, "INSERT INTO fts(rowid, title, authors, abstract)"
	                           " VALUES(?1, ?2, ?3, ?4)",
	                       -1, &ins, NULL) != SQLITE_OK)
		die(db, "prepare");
	t0 = now();
	exec(db, "BEGIN");
	if (like_sheaf) {
		exec(db, "INSERT INTO fts(fts, rank) VALUES('automerge', 16)");
		exec(db, "INSERT INTO fts(fts, rank) VALUES('hashsize', 16777216)");
	}
	for (i = 0; i < n; i++) {
		char *f[3] = {lines[i], "", ""}, *tab;
		int k;

		for (k = 1; k < 3 && (tab = strchr(f[k - 1], '\t')); k++) {
			*tab = '\0';
			f[k] = tab + 1;
		}
		sqlite3_bind_int64(ins, 1, (sqlite3_int64)i + 1);
		for (k = 0; k < 3; k++)
			sqlite3_bind_text(ins, k + 2, f[k], -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			die(db, "insert");
		sqlite3_reset(ins);
	}
	exec(db, "COMMIT");
	sqlite3_finalize(ins);
	sqlite3_close(db);
	t1 = now();
	printf("%zu %.3f %.0f\n", n, t1 - t0, (double)n / (t1 - t0));
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	return 0;
}
