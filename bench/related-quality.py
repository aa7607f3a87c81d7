#!/usr/bin/env python3
"""related-quality: how good are sheaf's computed related papers?

1. Seed library: how many of the imported similar-papers and digest links
   the computed neighbours recover (recall@10).
2. Real arXiv records (JSON lines): how often a paper's top 5 computed
   neighbours share its arXiv archive, against a plain tf-idf cosine
   baseline computed on the same titles and abstracts.

The papers go through `sheaf import` (the arXiv records as a digest file,
the one record format with arXiv ids the importers read today) and
`sheaf index`; the computed links are read back from the library.
Standard library only. Prints a Markdown fragment.

usage: related-quality.py SHEAF SEEDS_DIR ARXIV_JSONL
"""
import collections
import datetime
import email.utils
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
import tempfile


def run(sheaf, db, *args):
    subprocess.run([sheaf, "--db", db, *args], check=True, stdout=subprocess.DEVNULL)


def computed_links(db):
    """from paper id -> [to ids], strongest first (kind 3 = computed)."""
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    out = collections.defaultdict(list)
    for f, t in con.execute(
        "SELECT from_id, to_id FROM links WHERE kind = 3 ORDER BY from_id, score DESC, to_id"
    ):
        out[f].append(t)
    return out, con


# ------------------------------------------------------------------ baseline

def plain_tokens(text):
    return re.findall(r"[a-z0-9]+", text.lower())


def tfidf_neighbours(docs, k):
    """Plain tf-idf cosine: raw term counts times log(N/df), no stop
    words, no stemming; every pair compared. docs: key -> text."""
    keys = list(docs)
    tfs = {key: collections.Counter(plain_tokens(docs[key])) for key in keys}
    df = collections.Counter()
    for c in tfs.values():
        df.update(c.keys())
    n = len(keys)
    vecs = {}
    for key, c in tfs.items():
        v = {t: f * math.log(n / df[t]) for t, f in c.items()}
        norm = math.sqrt(sum(w * w for w in v.values())) or 1.0
        vecs[key] = {t: w / norm for t, w in v.items() if w > 0}
    out = {}
    for a in keys:
        va = vecs[a]
        scores = []
        for b in keys:
            if a == b:
                continue
            vb = vecs[b]
            small, big = (va, vb) if len(va) < len(vb) else (vb, va)
            s = sum(w * big.get(t, 0.0) for t, w in small.items())
            if s > 0:
                scores.append((-s, b))
        scores.sort()
        out[a] = [b for _, b in scores[:k]]
    return out


# ------------------------------------------------------------------ seeds

def seeds(sheaf, seeds_dir, tmp):
    db = os.path.join(tmp, "seeds.db")
    files = sorted(os.path.join(seeds_dir, f) for f in os.listdir(seeds_dir) if f.endswith(".txt"))
    run(sheaf, db, "import", *files)
    run(sheaf, db, "index")
    comp, con = computed_links(db)
    imported = collections.defaultdict(set)
    for f, t in con.execute("SELECT from_id, to_id FROM links WHERE kind IN (1, 2)"):
        imported[f].add(t)
    stub = {i for (i,) in con.execute("SELECT id FROM papers WHERE stub = 1")}
    text = {i: "%s %s %s" % (t, a, s) for i, t, a, s in
            con.execute("SELECT id, title, abstract, summary FROM papers WHERE stub = 0")}
    papers = len(text)
    base = tfidf_neighbours(text, 10)
    with_related = sum(1 for i in text if comp.get(i))
    rows = []
    tot = {"sheaf": [0, 0], "tf-idf": [0, 0]}
    for f in sorted(imported):
        if f in stub:
            continue  # a page subject known only by its date has no text
        rel = imported[f]
        for name, top in (("sheaf", comp.get(f, [])[:10]), ("tf-idf", base.get(f, [])[:10])):
            hit = len(rel & set(top))
            tot[name][0] += hit
            tot[name][1] += len(rel)
        date, title = con.execute("SELECT date, title FROM papers WHERE id = ?", (f,)).fetchone()
        rows.append((date, title[:60], len(rel),
                     len(rel & set(comp.get(f, [])[:10])), len(rel & set(base.get(f, [])[:10]))))
    # Symmetric: an imported link between two papers with text counts as
    # recovered when either lists the other among its top 10.
    pairs = [(f, t) for f in imported for t in imported[f] if f not in stub and t not in stub]
    sym = {"sheaf": 0, "tf-idf": 0}
    for f, t in pairs:
        if t in comp.get(f, [])[:10] or f in comp.get(t, [])[:10]:
            sym["sheaf"] += 1
        if t in base.get(f, [])[:10] or f in base.get(t, [])[:10]:
            sym["tf-idf"] += 1
    con.close()
    return papers, with_related, rows, tot, sym, len(pairs)


# ------------------------------------------------------------------ arXiv

def rfc2822(s):
    d = email.utils.parsedate_to_datetime(s)
    return d.strftime("%a, %d %b %Y %H:%M:%S GMT")


def squeeze(s):
    return " ".join((s or "").split())


def archive(cats):
    return cats.split()[0].split(".")[0]


def arxiv(sheaf, jsonl, tmp):
    records = [json.loads(line) for line in open(jsonl, encoding="utf-8") if line.strip()]
    digest = os.path.join(tmp, "arxiv-digest.txt")
    with open(digest, "w", encoding="utf-8") as out:
        for r in records:
            title = squeeze(r["title"])
            out.write("%s\n" % title)
            out.write("- URL: http://arxiv.org/abs/%s%s\n" % (r["id"], r["versions"][-1]["version"]))
            out.write("- Date: %s\n" % rfc2822(r["versions"][0]["created"]))
            out.write("- Title: %s\n" % title)
            out.write("- Authors: %s\n" % squeeze(r["authors"]))
            out.write("- Abstract: %s\n" % squeeze(r["abstract"]))
    db = os.path.join(tmp, "arxiv.db")
    run(sheaf, db, "import", digest)
    run(sheaf, db, "index")
    comp, con = computed_links(db)
    ids = {i: a for i, a in con.execute("SELECT id, arxiv FROM papers WHERE stub = 0")}
    con.close()
    by_id = {r["id"]: r for r in records}
    arch = {a: archive(by_id[a]["categories"]) for a in by_id}
    allarch = {a: {c.split(".")[0] for c in by_id[a]["categories"].split()} for a in by_id}
    sheaf_top = {ids[i]: [ids[t] for t in comp.get(i, [])[:5] if t in ids] for i in ids}
    docs = {a: "%s %s" % (by_id[a]["title"], by_id[a]["abstract"]) for a in by_id}
    base_top = tfidf_neighbours(docs, 5)

    def score(top, same):
        hits = sum(sum(1 for b in top.get(a, []) if same(a, b)) for a in by_id)
        return hits / (5.0 * len(by_id))

    primary = lambda a, b: arch[a] == arch[b]
    anyarch = lambda a, b: bool(allarch[a] & allarch[b])
    # What chance gives: the share of other papers in one's archive.
    counts = collections.Counter(arch.values())
    chance = sum((counts[arch[a]] - 1) / (len(by_id) - 1) for a in by_id) / len(by_id)
    return {
        "records": len(records),
        "imported": len(ids),
        "with5": sum(1 for a in by_id if len(sheaf_top.get(a, [])) >= 5),
        "sheaf": score(sheaf_top, primary),
        "base": score(base_top, primary),
        "sheaf_any": score(sheaf_top, anyarch),
        "base_any": score(base_top, anyarch),
        "chance": chance,
        "archives": len(counts),
    }


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sheaf, seeds_dir, jsonl = sys.argv[1:]
    with tempfile.TemporaryDirectory(prefix="sheaf-quality.") as tmp:
        papers, with_related, rows, tot, sym, npairs = seeds(sheaf, seeds_dir, tmp)
        a = arxiv(sheaf, jsonl, tmp)
    print("### Quality of computed related papers\n")
    print("Seed library (`data/papers`, %d papers with text): every one has computed "
          "related papers after `sheaf index`: %d of %d.\n" % (papers, with_related, papers))
    print("Recall@10 of the imported links (similar-papers pages and the digest's related "
          "list) by the top 10 computed neighbours; the page subject known only by its date "
          "has no text and is left out.\n")
    print("| subject | imported links | recovered by sheaf | by plain tf-idf |")
    print("|---|---:|---:|---:|")
    for date, title, n, hs, hb in rows:
        print("| %s %s | %d | %d | %d |" % (date, title.replace("|", "/"), n, hs, hb))
    print("| **recall@10** | %d | **%.2f** | %.2f |" % (
        tot["sheaf"][1], tot["sheaf"][0] / max(1, tot["sheaf"][1]),
        tot["tf-idf"][0] / max(1, tot["tf-idf"][1])))
    print("\nCounting a link as recovered when either end lists the other in its top 10: "
          "sheaf %d of %d (%.2f), plain tf-idf %d (%.2f).\n" % (
              sym["sheaf"], npairs, sym["sheaf"] / max(1, npairs), sym["tf-idf"],
              sym["tf-idf"] / max(1, npairs)))
    print("Real arXiv metadata (`%s`, %d records, %d archives, imported as %d papers): "
          "share of the top 5 neighbours in the paper's primary archive.\n"
          % (os.path.basename(jsonl), a["records"], a["archives"], a["imported"]))
    print("| method | same primary archive | any archive in common |")
    print("|---|---:|---:|")
    print("| sheaf (bm25 weights, stop words, Porter stems, title x%s, %s-term signatures) "
          "| **%.3f** | **%.3f** |" % ("3", "48", a["sheaf"], a["sheaf_any"]))
    print("| plain tf-idf cosine (raw counts x log N/df, all terms, exact) | %.3f | %.3f |"
          % (a["base"], a["base_any"]))
    print("| chance (a random other paper) | %.3f | |" % a["chance"])
    print("\n%d of %d papers have at least 5 computed neighbours." % (a["with5"], a["records"]))


if __name__ == "__main__":
    main()
