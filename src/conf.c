/*
 * conf: splitting configuration lines into words.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "text.h"

const char conf_defaults[] =
#include "conf-defaults.h"
	;

#define MAX_WORDS 16

/* Splits line into words in place; returns the count, or -1 with *err set
 * on an unterminated quote or too many words. */
static int split(char *line, char **argv, const char **err)
{
	int argc = 0;
	char *p = line;

	while (*p) {
		char *w;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			break;
		if (argc == MAX_WORDS) {
			*err = _("too many words");
			return -1;
		}
		if (*p == '"') {
			w = ++p;
			while (*p && *p != '"')
				p++;
			if (*p != '"') {
				*err = _("unterminated quote");
				return -1;
			}
			*p++ = '\0';
		} else {
			w = p;
			while (*p && *p != ' ' && *p != '\t')
				p++;
			if (*p)
				*p++ = '\0';
		}
		argv[argc++] = w;
	}
	return argc;
}

int conf_parse(const char *name, const char *text, conf_line_fn fn, void *ctx,
                 struct buf *errs)
{
	const char *p = text;
	int errors = 0;
	long lineno = 0;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, n), *argv[MAX_WORDS];
		const char *err = NULL;
		int argc;

		lineno++;
		if (n && line[n - 1] == '\r')
			line[n - 1] = '\0';
		argc = split(line, argv, &err);
		if (argc > 0)
			err = fn(ctx, argc, argv);
		if (err) {
			buf_printf(errs, "%s:%ld: %s\n", name, lineno, err);
			errors++;
		}
		free(line);
		p += n + (nl ? 1 : 0);
	}
	return errors;
}

int conf_parse_file(const char *path, bool missing_ok, conf_line_fn fn, void *ctx,
                      struct buf *errs)
{
	FILE *f = fopen(path, "r");
	struct buf text = BUF_INIT;
	char chunk[4096];
	size_t got;
	int errors;

	if (!f) {
		if (missing_ok && errno == ENOENT)
			return 0;
		buf_printf(errs, "%s: %s\n", path, text_strerror(errno));
		return 1;
	}
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_add(&text, chunk, got);
		if (text.len > (1u << 20)) {
			fclose(f);
			buf_free(&text);
			buf_printf(errs, "%s: %s\n", path, _("file too large for a configuration"));
			return 1;
		}
	}
	fclose(f);
	errors = conf_parse(path, buf_str(&text), fn, ctx, errs);
	buf_free(&text);
	return errors;
}

char *conf_default_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg && *xdg == '/')
		return xasprintf("%s/sheaf/config", xdg);
	return xasprintf("%s/.config/sheaf/config", home && *home ? home : ".");
}
