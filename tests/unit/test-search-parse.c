/*
 * The query parser: every form of the syntax, every malformed form, and
 * hostile input. The compiled form is compared through search_describe():
 * the FTS5 match expression and the filter tree.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "tap.h"

static void parses(const char *input, const char *want)
{
	struct search_query *q = NULL;
	enum status st = search_parse(input, &q);
	struct buf b = BUF_INIT;

	if (st == STATUS_OK)
		search_describe(&b, q);
	else
		buf_printf(&b, "error: %s", status_msg());
	is_str(buf_str(&b), want, "parse: %s", input);
	buf_free(&b);
	search_free(q);
}

static void fails(const char *input, const char *want)
{
	struct search_query *q = NULL;
	enum status st = search_parse(input, &q);

	if (!ok(st == STATUS_QUERY && q == NULL, "malformed: %s", input))
		printf("#   status %d\n", (int)st);
	else if (!ok(strstr(status_msg(), want) != NULL, "... says: %s", want))
		printf("#   got: %s\n", status_msg());
	search_free(q);
}

int main(void)
{
	/* Words, phrases, prefixes. */
	parses("intertwiner", "match: \"intertwiner\"; filter: -");
	parses("  deep   learning ", "match: (\"deep\" AND \"learning\"); filter: -");
	parses("\"deep learning\"", "match: \"deep learning\"; filter: -");
	parses("pretrain*", "match: \"pretrain\" *; filter: -");
	parses("\"deep learn\"*", "match: \"deep learn\" *; filter: -");
	parses("pre-training", "match: \"pre-training\"; filter: -");
	parses("C++ code", "match: (\"C++\" AND \"code\"); filter: -");
	parses("and or not", "match: (\"and\" AND \"or\" AND \"not\"); filter: -");
	parses("Symmetrie\xcc\x81", "match: \"Symmetrie\xcc\x81\"; filter: -");
	parses("\xce\xb1-helix", "match: \"\xce\xb1-helix\"; filter: -");
	parses("\xe5\xad\xa6\xe7\xbf\x92", "match: \"\xe5\xad\xa6\xe7\xbf\x92\"; filter: -");

	/* Fields. */
	parses("author:Kvinge", "match: {authors} : \"Kvinge\"; filter: -");
	parses("AUTHORS:kvinge", "match: {authors} : \"kvinge\"; filter: -");
	parses("author:\"Henry Kvinge\"", "match: {authors} : \"Henry Kvinge\"; filter: -");
	parses("author:Kvin*", "match: {authors} : \"Kvin\" *; filter: -");
	parses("title:symmetries", "match: {title} : \"symmetries\"; filter: -");
	parses("title:(deep OR shallow) nets",
	       "match: (({title} : \"deep\" OR {title} : \"shallow\") AND \"nets\"); filter: -");
	parses("abstract:intertwiner", "match: {abstract} : \"intertwiner\"; filter: -");
	parses("year:2021", "match: -; filter: year[2021,2022)");
	parses("year:2020..2023", "match: -; filter: year[2020,2024)");
	parses("year:2020..", "match: -; filter: year[2020,)");
	parses("year:..2019", "match: -; filter: year[,2020)");
	parses("year:2020..2020", "match: -; filter: year[2020,2021)");
	parses("arxiv:2205.14258", "match: -; filter: arxiv=[2205.14258]");
	parses("arxiv:2205.14258v5", "match: -; filter: arxiv=[2205.14258]");
	parses("arXiv:arXiv:2205.14258", "match: -; filter: arxiv=[2205.14258]");
	parses("arxiv:math/0701001v2", "match: -; filter: arxiv=[math/0701001]");
	parses("arxiv:2205.*", "match: -; filter: arxiv^[2205.]");
	parses("symmetry year:2022..2023", "match: \"symmetry\"; filter: year[2022,2024)");
	parses("(symmetry year:2021)", "match: \"symmetry\"; filter: year[2021,2022)");

	/* Operators. */
	parses("a AND b", "match: (\"a\" AND \"b\"); filter: -");
	parses("a OR b c", "match: (\"a\" OR (\"b\" AND \"c\")); filter: -");
	parses("(a OR b) c", "match: ((\"a\" OR \"b\") AND \"c\"); filter: -");
	parses("a NOT b", "match: (\"a\" NOT \"b\"); filter: -");
	parses("a -b -c", "match: (\"a\" NOT (\"b\" OR \"c\")); filter: -");
	parses("a -\"b c\"", "match: (\"a\" NOT \"b c\"); filter: -");
	parses("NOT NOT a", "match: \"a\"; filter: -");
	parses("(a -b) OR c", "match: ((\"a\" NOT \"b\") OR \"c\"); filter: -");
	parses("((((a))))", "match: \"a\"; filter: -");
	parses("a (b (c d))", "match: (\"a\" AND \"b\" AND \"c\" AND \"d\"); filter: -");
	parses("NOT a", "match: -; filter: (not text[\"a\"])");
	parses("-year:2020", "match: -; filter: (not year[2020,2021))");
	parses("a OR NOT b", "match: -; filter: (or text[\"a\"] (not text[\"b\"]))");
	parses("a OR year:2020", "match: -; filter: (or text[\"a\"] year[2020,2021))");
	parses("x (a OR year:2020)", "match: \"x\"; filter: (or text[\"a\"] year[2020,2021))");
	parses("year:2020 -arxiv:2205.*",
	       "match: -; filter: (and year[2020,2021) (not arxiv^[2205.]))");
	parses("x -year:2020", "match: \"x\"; filter: (not year[2020,2021))");

	/* Quoting: nothing the user types escapes an FTS5 string. */
	parses("\"say \"\"hi\"\"\"", "match: (\"say \" AND \"hi\"); filter: -");
	parses("it's", "match: \"it's\"; filter: -");
	parses("a\"b\"", "match: (\"a\" AND \"b\"); filter: -");
	parses("NEAR(a b)", "match: (\"NEAR\" AND \"a\" AND \"b\"); filter: -");
	parses("col:umn", "error: unknown field 'col:' at column 1 (fields are author:, title:, "
	                  "abstract:, year: and arxiv:; put the word in quotes to search for it)");
	parses("\"col:umn\"", "match: \"col:umn\"; filter: -");
	parses("x^2:y", "match: \"x^2:y\"; filter: -");
	parses("{title}:x", "match: \"{title}:x\"; filter: -");
	parses("a ^b", "match: (\"a\" AND \"^b\"); filter: -");
	parses("a*b*", "match: \"a*b\" *; filter: -");

	/* Empty words are dropped, not searched as empty phrases. */
	parses("+++ intertwiner", "match: \"intertwiner\"; filter: -");
	parses("intertwiner \"\" \xe2\x86\x92", "match: \"intertwiner\"; filter: -");
	parses("a OR ***", "match: \"a\"; filter: -");
	parses("a - b", "match: (\"a\" AND \"b\"); filter: -");

	/* Hostile bytes: controls are spaces, invalid UTF-8 is replaced. */
	parses("a\tb\x1b[31mc", "match: (\"a\" AND \"b\" AND \"[31mc\"); filter: -");
	parses("\xff\xfe intertwiner \xc3", "match: \"intertwiner\"; filter: -");
	parses("caf\xe9", "match: \"caf\xef\xbf\xbd\"; filter: -");

	/* Malformed queries: a message that says what and where. */
	fails("", "nothing to search for");
	fails("   ", "nothing to search for");
	fails("+++", "nothing to search for");
	fails("\"unterminated", "the quote at column 1 is never closed");
	fails("a \"b c", "the quote at column 3 is never closed");
	fails("(a b", "the parenthesis at column 1 is never closed");
	fails("a (b (c)", "the parenthesis at column 3 is never closed");
	fails("a b)", "the ')' at column 4 has no matching '('");
	fails(")", "the ')' at column 1 has no matching '('");
	fails("()", "the parentheses at column 1 hold nothing");
	fails("a ( ) b", "the parentheses at column 3 hold nothing");
	fails("AND a", "'AND' at column 1 needs a term before it");
	fails("a AND", "'AND' at column 3 needs a term after it");
	fails("a AND OR b", "'AND' at column 3 needs a term after it");
	fails("OR a", "'OR' at column 1 needs a term before it");
	fails("a OR", "'OR' at column 3 needs a term after it");
	fails("a OR OR b", "'OR' at column 3 needs a term after it");
	fails("(a OR) b", "'OR' at column 4 needs a term after it");
	fails("NOT", "'NOT' at column 1 needs a term after it");
	fails("a NOT", "'NOT' at column 3 needs a term after it");
	fails("a NOT OR b", "'NOT' at column 3 needs a term after it");
	fails("author:", "'author:' at column 1 needs a word");
	fails("author: Kvinge", "'author:' at column 1 needs a word");
	fails("title:)", "'title:' at column 1 needs a word");
	fails("title:AND", "the field at column 1 needs a word");
	fails("author:title:x", "'title:' at column 8 is inside another field");
	fails("title:(a author:b)", "'author:' at column 10 is inside another field");
	fails("title:(year:2020)", "'year:' at column 8 is inside another field");
	fails("year:", "'year:' at column 1 needs a value");
	fails("year:20",
	      "'year:' at column 1 takes a year or a range such as 2020..2023, not '20'");
	fails("year:twenty", "not 'twenty'");
	fails("year:2020-2023", "not '2020-2023'");
	fails("year:..", "not '..'");
	fails("year:2020...2023", "not '2020...2023'");
	fails("year:2023..2020", "the year range at column 1 ends (2020) before it starts (2023)");
	fails("x year:2023..2020", "at column 3");
	fails("arxiv:", "'arxiv:' at column 1 needs a value");
	fails("arxiv:hello", "'arxiv:' at column 1 takes an arXiv id");
	fails("arxiv:*", "'arxiv:' at column 1 takes an arXiv id");
	fails("arxiv:22'05*", "not '22'05*'");
	fails("\xc3\xa9t\xc3\xa9 foo:bar", "unknown field 'foo:' at column 5");
	fails("year:\xe2\x80\xae"
	      "2020",
	      "not '\xef\xbf\xbd"
	      "2020'");
	fails("year:\x1b]0;evil\x07", "'year:' at column 1 needs a value");

	/* Limits: huge and deeply nested queries fail cleanly. */
	{
		struct buf b = BUF_INIT;
		int i;
		for (i = 0; i < 100; i++)
			buf_adds(&b, "(");
		buf_adds(&b, "a");
		for (i = 0; i < 100; i++)
			buf_adds(&b, ")");
		fails(b.s, "nests deeper than 32 levels");
		buf_reset(&b);
		for (i = 0; i < 40; i++)
			buf_adds(&b, "NOT ");
		buf_adds(&b, "a");
		fails(b.s, "nests deeper than 32 levels");
		buf_reset(&b);
		for (i = 0; i < 40; i++)
			buf_adds(&b, "-");
		buf_adds(&b, "a");
		fails(b.s, "nests deeper than 32 levels");
		buf_reset(&b);
		for (i = 0; i < 30; i++)
			buf_adds(&b, "(");
		buf_adds(&b, "a");
		for (i = 0; i < 30; i++)
			buf_adds(&b, ")");
		parses(b.s, "match: \"a\"; filter: -");
		buf_reset(&b);
		for (i = 0; i < 65; i++)
			buf_printf(&b, "w%d ", i);
		fails(b.s, "more than 64 terms");
		buf_reset(&b);
		for (i = 0; i < 5000; i++)
			buf_addc(&b, 'x');
		fails(b.s, "too long (5000 bytes; at most 4096)");
		buf_free(&b);
	}

	/* Every byte value, alone and in company: never a crash, always a
	 * clean answer (a query or STATUS_QUERY). */
	{
		int c, bad = 0;
		for (c = 1; c < 256; c++) {
			char s[16];
			struct search_query *q = NULL;
			enum status st;
			snprintf(s, sizeof(s), "a%cb (%c) \"%c", c, c, c);
			st = search_parse(s, &q);
			if (st != STATUS_OK && st != STATUS_QUERY)
				bad++;
			if ((st == STATUS_OK) != (q != NULL))
				bad++;
			search_free(q);
		}
		is_int(bad, 0, "every byte value gives a query or STATUS_QUERY");
	}
	/* Random garbage built from the syntax's own pieces. */
	{
		static const char *const bits[] = {
		    "(",     ")",      "\"",      "a",      "b*",     "AND", "OR",   "NOT", "-",
		    "year:", "2020..", "author:", "title:", "arxiv:", " ",   "\xff", "*",   ":"};
		unsigned seed = 12345;
		int i, j, bad = 0, good = 0;
		for (i = 0; i < 20000; i++) {
			struct buf b = BUF_INIT;
			struct search_query *q = NULL;
			enum status st;
			int n = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 12;
			for (j = 0; j < n; j++) {
				seed = seed * 1103515245u + 12345u;
				buf_adds(&b, bits[(seed >> 16) % ARRAY_SIZE(bits)]);
			}
			st = search_parse(b.s, &q);
			if (st == STATUS_OK) {
				good++;
				if (!q || (!q->match && !q->filter))
					bad++;
			} else if (st != STATUS_QUERY || q) {
				bad++;
			}
			search_free(q);
			buf_free(&b);
		}
		is_int(bad, 0, "20000 random queries: each parses or is STATUS_QUERY");
		ok(good > 1000 && good < 19000, "... and both outcomes occur (%d parsed)", good);
	}
	return done_testing();
}
