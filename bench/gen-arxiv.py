#!/usr/bin/python3
"""gen-arxiv.py: N synthetic papers in the arXiv metadata snapshot's form.

One JSON object a line with the snapshot's fields (id, submitter, authors,
title, comments, journal-ref, doi, report-no, categories, license, abstract,
versions, update_date, authors_parsed), shaped like the real thing:

  - titles of 4-25 words and abstracts of about 150 words (log-normal, 30 to
    450), hard-wrapped at 80 columns the way arXiv wraps them, drawn from a
    Zipf-distributed vocabulary (s = 1.07) of 40,000 words whose head is
    real English function words and common science words;
  - some TeX in titles and abstracts ($x_{i}^{2}$, \\emph{...}, \\'e);
  - 1-3 categories (Zipf over real category names), 1-5 versions
    (geometric; v1 in the month the id encodes), 1-60 authors (log-normal, about 4 on average)
    with some suffixes, DOIs on 30% (unique), journal refs on 25%.

Ids are unique and ordered as arXiv assigns them, so every record is a new
paper. The output depends on N and --seed only.

With --tsv FILE, also writes the text a bare FTS5 table gets for each paper
(title, authors "First Last, ...", abstract; white space squeezed), one
paper a line, tab separated: the input of the FTS5 floor (fts-floor.c).

Standard library only.
"""

import argparse
import datetime
import itertools
import json
import math
import random
import sys

STOP = ("the of and a to in we is for that with on this by as are be an from "
        "which can at it our these model show results not also has using data "
        "two new than its one method such between problem based paper study "
        "approach learning into both field theory system energy time function "
        "state quantum order large different non present networks well used "
        "high their case first obtained have space models finite dynamics was "
        "mass phase show work general structure analysis methods neural via "
        "under terms number where effect equation group linear low spin "
        "distribution algorithm performance local optimal properties").split()

CATEGORIES = ("cs.LG cs.CV cs.CL math.AP hep-ph quant-ph cond-mat.mes-hall "
              "astro-ph.GA hep-th math.CO stat.ML cs.AI math.PR gr-qc "
              "cond-mat.str-el astro-ph.SR math-ph physics.optics cs.IT "
              "math.NT cond-mat.stat-mech nucl-th cs.RO eess.SP math.OC "
              "astro-ph.CO cond-mat.mtrl-sci cs.CR q-bio.NC econ.EM math.DG "
              "physics.flu-dyn cs.DS hep-ex math.AG cs.NI stat.ME q-fin.ST "
              "physics.soc-ph cs.HC").split()

LICENSES = (
    "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
    "http://creativecommons.org/licenses/by/4.0/",
    "http://creativecommons.org/licenses/by-nc-sa/4.0/",
    "http://creativecommons.org/licenses/by-nc-nd/4.0/",
    None,
)

ONSETS = "b c d f g h j k l m n p r s t v w z br ch cl dr fl gr kr pl pr sh st th tr".split()
VOWELS = "a e i o u ai ea ie io ou".split()
CODAS = ["", "", "n", "r", "s", "l", "m", "t", "nd", "st", "rk", "ng"]
MATH = ("$x_{i}^{2}$", "$\\alpha$", "$O(n \\log n)$", "$\\mathbb{R}^{d}$",
        "$\\epsilon$-optimal", "$k$", "$\\sqrt{N}$", "$L^{2}$", "$\\beta=0.5$",
        "$\\Lambda$CDM", "$10^{-3}$")
ACCENTED = ("Schr\\\"odinger", "Poincar\\'e", "B\\'ezier", "K\\\"ahler", "Erd\\H{o}s")
SUFFIXES = ("Jr", "II", "III")


def word(rng):
    n = rng.choice((1, 1, 2, 2, 2, 3))
    return "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
                   for _ in range(n))


def vocabulary(rng, size):
    words, seen = list(STOP), set(STOP)
    while len(words) < size:
        w = word(rng)
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words


def zipf_cum(n, s):
    acc, out = 0.0, []
    for r in range(1, n + 1):
        acc += 1.0 / r ** s
        out.append(acc)
    return out


def wrap(text, width=80, indent=""):
    """Hard line breaks as arXiv writes them: lines under width, later lines
    indented (titles by two spaces)."""
    lines, line = [], ""
    for w in text.split(" "):
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = line + " " + w if line else w
    lines.append(line)
    return ("\n" + indent).join(lines)


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.words = vocabulary(self.rng, 40000)
        self.cum = zipf_cum(len(self.words), 1.07)
        self.cat_cum = zipf_cum(len(CATEGORIES), 1.0)
        self.surnames = [word(self.rng).capitalize() for _ in range(20000)]
        self.given = [word(self.rng).capitalize() for _ in range(3000)]

    def text(self, n):
        return self.rng.choices(self.words, cum_weights=self.cum, k=n)

    def sentence_words(self, n):
        ws = self.text(n)
        ws[0] = ws[0].capitalize()
        return ws

    def abstract(self):
        rng = self.rng
        total = int(min(450, max(30, rng.lognormvariate(math.log(140), 0.45))))
        sentences, left = [], total
        while left > 0:
            n = min(left, rng.randint(8, 32))
            ws = self.sentence_words(n)
            if rng.random() < 0.15:
                ws.insert(rng.randrange(len(ws)), rng.choice(MATH))
            if rng.random() < 0.05:
                i = rng.randrange(len(ws))
                ws[i] = "\\emph{" + ws[i] + "}"
            if rng.random() < 0.02:
                ws.insert(rng.randrange(len(ws)), rng.choice(ACCENTED))
            sentences.append(" ".join(ws) + ".")
            left -= n
        return "  " + wrap(" ".join(sentences)) + "\n"

    def title(self):
        rng = self.rng
        n = max(4, min(25, int(rng.gauss(10, 3.5))))
        ws = [w.capitalize() if rng.random() < 0.6 else w for w in self.text(n)]
        ws[0] = ws[0].capitalize()
        if rng.random() < 0.12:
            ws.insert(rng.randrange(len(ws)), rng.choice(MATH))
        return wrap(" ".join(ws), 72, "  ")

    def authors(self):
        rng = self.rng
        n = min(60, max(1, round(rng.lognormvariate(math.log(3.2), 0.75))))
        people = []
        for _ in range(n):
            last = rng.choice(self.surnames)
            if rng.random() < 0.5:
                first = rng.choice(self.given)
            else:
                first = " ".join(c + "." for c in rng.sample("ABCDEFGHJKLMNPRSTVW",
                                                              rng.choice((1, 1, 2))))
            suffix = rng.choice(SUFFIXES) if rng.random() < 0.01 else ""
            people.append((last, first, suffix))
        shown = [f"{f} {l}" + (f" {s}" if s else "") for l, f, s in people]
        text = shown[0] if n == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
        return text, [[l, f, s] for l, f, s in people]

    def categories(self):
        k = self.rng.choice((1, 1, 1, 2, 2, 3))
        cats = []
        for c in self.rng.choices(CATEGORIES, cum_weights=self.cat_cum, k=k):
            if c not in cats:
                cats.append(c)
        return " ".join(cats)

    def versions(self, month):
        rng = self.rng
        day = datetime.datetime(month.year, month.month, 1) + datetime.timedelta(
            days=rng.randrange(28), seconds=rng.randrange(86400))
        out = []
        for v in range(1, 6):
            out.append({"version": f"v{v}",
                        "created": f"{day:%a}, {day.day} {day:%b %Y %H:%M:%S} GMT"})
            if rng.random() < 0.45:
                break
            day += datetime.timedelta(days=rng.randint(3, 400), seconds=rng.randrange(86400))
        return out, day


def months():
    y, m = 2007, 4
    while True:
        yield datetime.date(y, m, 1)
        m += 1
        if m > 12:
            y, m = y + 1, 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, help="number of papers")
    ap.add_argument("-o", "--output", default="-", help="JSON-lines file (default stdout)")
    ap.add_argument("--tsv", help="also write the FTS5 floor's input here")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()

    g = Gen(a.seed)
    out = sys.stdout if a.output == "-" else open(a.output, "w", encoding="utf-8")
    tsv = open(a.tsv, "w", encoding="utf-8") if a.tsv else None
    # Spread the papers over the months from 2007-04 on, the way the
    # snapshot is ordered: at most 9,999 a month while ids had four digits.
    per_month = max(1, min(9999, a.n // 200 + 1))
    month_iter = months()
    month, seq = next(month_iter), 0
    rng = g.rng
    for i in range(a.n):
        seq += 1
        if seq > per_month:
            month, seq = next(month_iter), 1
        yymm = f"{month.year % 100:02d}{month.month:02d}"
        pid = f"{yymm}.{seq:05d}" if month.year >= 2015 else f"{yymm}.{seq:04d}"
        authors, parsed = g.authors()
        versions, last = g.versions(month)
        title, abstract = g.title(), g.abstract()
        rec = {
            "id": pid,
            "submitter": parsed[0][1] + " " + parsed[0][0],
            "authors": wrap(authors, 72, "  "),
            "title": title,
            "comments": (f"{rng.randint(4, 60)} pages, {rng.randint(0, 20)} figures"
                         if rng.random() < 0.7 else None),
            "journal-ref": (f"J. Synth. Res. {rng.randint(1, 90)} ({month.year}) "
                            f"{rng.randint(1, 9999)}" if rng.random() < 0.25 else None),
            "doi": f"10.{5000 + i % 3000}/SYN.{month.year}.{i:07d}" if rng.random() < 0.3 else None,
            "report-no": None,
            "categories": g.categories(),
            "license": rng.choice(LICENSES),
            "abstract": abstract,
            "versions": versions,
            "update_date": f"{last:%Y-%m-%d}",
            "authors_parsed": parsed,
        }
        out.write(json.dumps(rec, separators=(",", ":")) + "\n")
        if tsv:
            names = ", ".join(f"{f} {l}" + (f" {s}" if s else "") for l, f, s in parsed)
            tsv.write("\t".join((" ".join(title.split()), names, " ".join(abstract.split())))
                      + "\n")
    if out is not sys.stdout:
        out.close()
    if tsv:
        tsv.close()


if __name__ == "__main__":
    main()
