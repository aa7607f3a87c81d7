/*
 * draw: putting text on the screen safely. Every string from the library
 * reaches curses through draw_text(), which sanitises it (no control
 * character or escape sequence is ever written raw), converts it for
 * terminals that are not UTF-8, and clips it by display columns.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui.h"

/* ------------------------------------------------------------ colours */

struct color_spec {
	bool set;
	short fg, bg;
	attr_t attrs;
};

static struct color_spec specs[ELEM__COUNT];

static const char *const elem_names[ELEM__COUNT] = {
	[ELEM_NORMAL] = "normal",
	[ELEM_HEADER] = "header",
	[ELEM_HEADER_FOCUSED] = "header-focused",
	[ELEM_STATUS] = "status",
	[ELEM_MESSAGE] = "message",
	[ELEM_ERROR] = "error",
	[ELEM_SELECTION] = "selection",
	[ELEM_DATE] = "date",
	[ELEM_UNREAD] = "unread",
	[ELEM_STAR] = "star",
	[ELEM_TAG] = "tag",
	[ELEM_DERIVED] = "derived",
	[ELEM_SCORE] = "score",
	[ELEM_KIND] = "kind",
	[ELEM_HEADING] = "heading",
	[ELEM_BORDER] = "border",
	[ELEM_MATCH] = "match",
};

/* Without colours, attributes alone tell the parts apart. */
static const attr_t mono[ELEM__COUNT] = {
	[ELEM_HEADER] = A_REVERSE,
	[ELEM_HEADER_FOCUSED] = A_REVERSE | A_BOLD,
	[ELEM_STATUS] = A_REVERSE,
	[ELEM_ERROR] = A_BOLD,
	[ELEM_SELECTION] = A_REVERSE,
	[ELEM_UNREAD] = A_BOLD,
	[ELEM_STAR] = A_BOLD,
	[ELEM_TAG] = A_BOLD,
	[ELEM_DERIVED] = A_DIM,
	[ELEM_HEADING] = A_BOLD,
	[ELEM_MATCH] = A_UNDERLINE,
};

static int color_number(const char *s, short *out)
{
	static const char *const names[] = {"black", "red", "green", "yellow",
	                                    "blue", "magenta", "cyan", "white"};
	size_t i;

	if (strcmp(s, "default") == 0) {
		*out = -1;
		return 1;
	}
	for (i = 0; i < 8; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (short)i;
			return 1;
		}
		if (strncmp(s, "bright", 6) == 0 && strcmp(s + 6, names[i]) == 0) {
			*out = (short)(8 + i);
			return 1;
		}
	}
	if (strncmp(s, "color", 5) == 0 && s[5] && strspn(s + 5, "0123456789") == strlen(s + 5)) {
		int n = atoi(s + 5);
		if (n >= 0 && n <= 255) {
			*out = (short)n;
			return 1;
		}
	}
	return 0;
}

static int attr_word(const char *s, attr_t *a)
{
	static const struct {
		const char *name;
		attr_t attr;
	} words[] = {
		{"normal", A_NORMAL}, {"bold", A_BOLD}, {"dim", A_DIM}, {"underline", A_UNDERLINE},
		{"reverse", A_REVERSE}, {"standout", A_STANDOUT}, {"italic", A_ITALIC},
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (strcmp(s, words[i].name) == 0) {
			*a |= words[i].attr;
			return 1;
		}
	return 0;
}

const char *draw_color_directive(struct ui *ui, int argc, char **argv)
{
	struct color_spec sp = {true, -1, -1, A_NORMAL};
	int e, i = 2;

	(void)ui;
	if (argc < 3)
		return _("usage: color ELEMENT FOREGROUND [BACKGROUND] [ATTRIBUTE...]");
	for (e = 0; e < ELEM__COUNT; e++)
		if (strcmp(argv[1], elem_names[e]) == 0)
			break;
	if (e == ELEM__COUNT)
		return _("unknown element (see sheaf-config(5))");
	if (!color_number(argv[i++], &sp.fg))
		return _("unknown colour (black, red, green, yellow, blue, magenta, cyan, white, "
		         "brightNAME, colorN or default)");
	if (i < argc && color_number(argv[i], &sp.bg))
		i++;
	for (; i < argc; i++)
		if (!attr_word(argv[i], &sp.attrs))
			return _("unknown attribute (normal, bold, dim, underline, reverse, standout, italic)");
	specs[e] = sp;
	return NULL;
}

void draw_colors_init(struct ui *ui)
{
	const char *nc = getenv("NO_COLOR");
	int e;

	ui->colors = has_colors() && !(nc && *nc);
	if (ui->colors) {
		start_color();
		use_default_colors();
	}
	{
		const char *sitm = tigetstr("sitm");
		ui->italic = sitm && sitm != (char *)-1;
	}
	for (e = 0; e < ELEM__COUNT; e++) {
		ui->attrs[e] = mono[e];
		if (ui->colors && specs[e].set && specs[e].fg < COLORS && specs[e].bg < COLORS) {
			init_pair((short)(e + 1), specs[e].fg, specs[e].bg);
			ui->attrs[e] = COLOR_PAIR(e + 1) | specs[e].attrs;
		}
	}
}

attr_t draw_attr(struct ui *ui, enum elem e)
{
	return ui->attrs[e];
}

/* ------------------------------------------------------------ glyphs */

const char *draw_glyph(struct ui *ui, enum glyph g)
{
	static const char *const uni[] = {
		[GLYPH_ARROW] = "\xE2\x96\xB6",    /* ▶ */
		[GLYPH_STAR] = "\xE2\x98\x85",     /* ★ */
		[GLYPH_TAG] = "\xE2\x9C\x93",      /* ✓ */
		[GLYPH_UNREAD] = "\xE2\x80\xA2",   /* • */
		[GLYPH_ELLIPSIS] = "\xE2\x80\xA6", /* … */
		[GLYPH_TRAIL] = " \xE2\x80\xBA ",  /*  ›  */
		[GLYPH_FOLLOWED] = "\xE2\x86\xB3", /* ↳ */
	};
	static const char *const ascii[] = {
		[GLYPH_ARROW] = ">", [GLYPH_STAR] = "*",      [GLYPH_TAG] = "+",
		[GLYPH_UNREAD] = "N", [GLYPH_ELLIPSIS] = "...", [GLYPH_TRAIL] = " > ",
		[GLYPH_FOLLOWED] = "->",
	};
	return ui->utf8 ? uni[g] : ascii[g];
}

/* ------------------------------------------------------------ text */

char *draw_render(struct ui *ui, const char *latex)
{
	/* An ASCII terminal gets the renderer's own ASCII forms (x_ij, G_2);
	 * Latin-1 and friends get Unicode, converted (and transliterated where
	 * the charset lacks a character) when drawn. */
	return text_render(latex, TEXT_MARKUP | (ui->ascii ? TEXT_ASCII : 0));
}

char *draw_prepare(struct ui *ui, const char *s)
{
	struct buf safe = BUF_INIT, out = BUF_INIT;

	text_sanitize(&safe, s, strlen(s), TEXT_KEEP_MARKUP | (ui->utf8 ? 0 : TEXT_ASCII_ONLY));
	if (ui->utf8) {
		buf_free(&out);
		return buf_steal(&safe);
	}
	text_conv_fit(ui->conv, &out, buf_str(&safe));
	buf_free(&safe);
	return buf_steal(&out);
}

struct segment {
	uint32_t style;
	char *text; /* ready for the terminal: sanitised, converted */
};

/* Splits safe text at the markup code points and converts each piece. */
static size_t segments(struct ui *ui, const char *s, uint32_t style, struct segment **out)
{
	struct buf safe = BUF_INIT, piece = BUF_INIT;
	size_t n = 0, cap = 0, i = 0, len;
	struct segment *v = NULL;

	text_sanitize(&safe, s, strlen(s), TEXT_KEEP_MARKUP | (ui->utf8 ? 0 : TEXT_ASCII_ONLY));
	len = safe.len;
	for (;;) {
		uint32_t cp = 0;
		size_t k = 0;
		if (i < len)
			k = text_utf8_next(safe.s + i, len - i, &cp);
		if (i >= len || (cp >= TEXT_MARK_ITALIC && cp <= TEXT_MARK_END)) {
			if (piece.len) {
				v = xgrow(v, &cap, n + 1, sizeof(*v));
				v[n].style = style;
				if (ui->utf8) {
					v[n].text = buf_steal(&piece);
				} else {
					struct buf c = BUF_INIT;
					text_conv(ui->conv, &c, buf_str(&piece));
					v[n].text = buf_steal(&c);
					buf_reset(&piece);
				}
				n++;
			}
			if (i >= len)
				break;
			style = cp == TEXT_MARK_END ? 0 : cp;
			i += k;
			continue;
		}
		buf_add(&piece, safe.s + i, k);
		i += k;
	}
	buf_free(&safe);
	buf_free(&piece);
	*out = v;
	return n;
}

static void segments_free(struct segment *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

/* Width and byte length of the next character of a terminal-ready text. */
static size_t next_char(struct ui *ui, const char *s, size_t n, int *w)
{
	uint32_t cp;
	size_t k;

	if (!ui->utf8) {
		*w = 1;
		return 1;
	}
	k = text_utf8_next(s, n, &cp);
	*w = text_cp_width(cp);
	return k;
}

static int segments_width(struct ui *ui, const struct segment *v, size_t n)
{
	size_t i;
	int total = 0;

	for (i = 0; i < n; i++) {
		size_t j = 0, len = strlen(v[i].text);
		while (j < len) {
			int w;
			j += next_char(ui, v[i].text + j, len - j, &w);
			total += w;
		}
	}
	return total;
}

int draw_width(struct ui *ui, const char *s)
{
	struct segment *v;
	size_t n = segments(ui, s, 0, &v);
	int w = segments_width(ui, v, n);

	segments_free(v, n);
	return w;
}

static attr_t style_attr(struct ui *ui, uint32_t style)
{
	if (style == TEXT_MARK_BOLD)
		return A_BOLD;
	if (style == TEXT_MARK_ITALIC)
		return ui->italic ? A_ITALIC : A_UNDERLINE;
	return 0;
}

int draw_text(struct ui *ui, WINDOW *w, int y, int x, int width, const char *s, attr_t attr,
              bool ellipsis, uint32_t *style)
{
	struct segment *v;
	size_t n, i;
	int used = 0, limit = width, total;
	bool cut;
	const char *ell = draw_glyph(ui, GLYPH_ELLIPSIS);
	int ell_w = ui->utf8 ? 1 : 3;

	if (width <= 0)
		return 0;
	n = segments(ui, s, style ? *style : 0, &v);
	total = segments_width(ui, v, n);
	cut = total > width;
	if (cut && ellipsis)
		limit = width > ell_w ? width - ell_w : width;
	wmove(w, y, x);
	for (i = 0; i < n && used < limit; i++) {
		size_t j = 0, len = strlen(v[i].text), start = 0;
		attr_t a = attr | style_attr(ui, v[i].style);
		while (j < len) {
			int cw;
			size_t k = next_char(ui, v[i].text + j, len - j, &cw);
			if (used + cw > limit)
				break;
			used += cw;
			j += k;
		}
		wattrset(w, a);
		waddnstr(w, v[i].text + start, (int)(j - start));
		if (j < len)
			break;
	}
	if (cut && ellipsis && width > ell_w) {
		wattrset(w, attr);
		waddstr(w, ell);
		used += ell_w;
	}
	wattrset(w, A_NORMAL);
	if (style)
		*style = n ? v[n - 1].style : *style;
	segments_free(v, n);
	return used;
}

void draw_fill(WINDOW *w, int y, int x, int width, attr_t attr)
{
	if (width <= 0)
		return;
	wattrset(w, attr);
	mvwhline(w, y, x, ' ', width);
	wattrset(w, A_NORMAL);
}

void draw_header(struct ui *ui, struct pane *p, const char *title, const char *info)
{
	attr_t a = draw_attr(ui, ui->focus == p->id ? ELEM_HEADER_FOCUSED : ELEM_HEADER);
	int w = p->r.w, iw = info ? draw_width(ui, info) : 0, tw;

	draw_fill(p->win, 0, 0, w, a);
	tw = draw_text(ui, p->win, 0, 1, w - 2, title, a, true, NULL);
	if (info && iw + tw + 3 <= w)
		draw_text(ui, p->win, 0, w - iw - 1, iw, info, a, false, NULL);
}
