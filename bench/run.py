#!/usr/bin/python3
"""run.py: sheaf's benchmarks (`make bench`), written to BENCHMARKS.md.

For each N (10,000, 100,000 and 1,000,000 by default) it generates N papers
in the arXiv JSON-lines form (gen-arxiv.py) and measures, side by side in
the same run:

  import   `sheaf import` of the file into a new library: papers/s of the
           whole process (reading, parsing, identity, storing, the index,
           the commit), peak memory, the library's size;
  floor    the same titles, authors and abstracts inserted into a bare
           FTS5 table in one transaction (fts-floor, on the same
           libsqlite3), and into the index sheaf builds, built the way sheaf
           builds it (fts-floor --sheaf); the ratio import/floor of each run;
  list     `sheaf list --tsv` of the whole library: rows/s, peak memory;
  newsboat newsboat with a cache of N items (the same papers): time to its
           first screen and peak memory, in a pseudo-terminal (ttybench.py),
           in --rounds rounds that alternate with sheaf's reader on the same
           papers (first_screens());
  reader   sheaf's own reader, the same way, then the latency and bytes of
           each key (measure_reader(); off with --no-reader).

Medians of --runs runs (--big-runs for N >= 1,000,000; imports of fewer
than 100,000 papers at least --small-import-runs). Files go to a
scratch directory (--workdir, default under $TMPDIR) that is removed
afterwards. Standard library only.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------- helpers

def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def run_timed(cmd, stdout=subprocess.DEVNULL, env=None):
    """Runs cmd; returns (seconds, peak RSS in KiB, stdout text or None)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, env=env)
    out = p.stdout.read() if stdout == subprocess.PIPE else None
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    t = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), p.returncode,
                                                   err.decode(errors="replace")))
    return t, ru.ru_maxrss, out.decode() if out is not None else None


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def file_size(path):
    total = 0
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            total += os.path.getsize(path + suffix)
    return total


def remove_db(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def fmt_int(x):
    return "{:,}".format(int(round(x)))


def fmt_mb(kib):
    return "%.1f MB" % (kib / 1024.0)


def loadavg():
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def machine(sheaf):
    info = {"kernel": platform.release(), "cores": os.cpu_count()}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    info["memory"] = "%.1f GB" % (int(line.split()[1]) / 1024.0 / 1024.0)
    except OSError:
        pass
    lib = "linked into sheaf and fts-floor statically (configure's default)"
    try:
        for line in subprocess.run(["ldd", sheaf], capture_output=True, text=True).stdout.split("\n"):
            if "libsqlite3" in line:
                lib = line.split("=>")[-1].split("(")[0].strip()
    except OSError:
        pass
    info["sqlite"] = "%s (%s; python's sqlite3 module, used for newsboat's cache, reports " \
                     "this version)" % (sqlite3.sqlite_version, lib)
    try:
        nb = subprocess.run(["newsboat", "--version"], capture_output=True, text=True)
        info["newsboat"] = nb.stdout.splitlines()[0] if nb.stdout else "?"
    except OSError:
        info["newsboat"] = "not installed"
    return info


# ---------------------------------------------------------------- import

def measure_import(a, n, work, json_path, tsv_path):
    """Interleaves sheaf's import with the two floors, run by run."""
    runs = a.big_runs if n >= 1000000 else a.runs
    # Below 100,000 a run takes about a second, and the machine's noise
    # is a larger share of it: on the Xeon one series of 7 gave per-run
    # ratios from 0.64 to 1.18, and two series of 11 run by hand had
    # medians 0.80 and 0.88 with the same median times. More runs for the
    # median, at little cost (15 take about 30 s at 10,000).
    if n < 100000:
        runs = max(runs, a.small_import_runs)
    res = {"sheaf": [], "floor": [], "floor_sheaf": [], "ratio": [], "ratio_sheaf": [],
           "rss": [], "size": None, "load": []}
    db = os.path.join(work, "library.db")
    fdb = os.path.join(work, "floor.db")
    for r in range(runs):
        res["load"].append(loadavg())
        remove_db(fdb)
        t, _, out = run_timed([a.floor, fdb, tsv_path], stdout=subprocess.PIPE)
        floor = float(out.split()[2])
        remove_db(fdb)
        remove_db(db)
        t, rss, out = run_timed([a.sheaf, "--db", db, "import", "--tsv", json_path],
                                stdout=subprocess.PIPE)
        added = int(out.splitlines()[-1].split("\t")[3])
        if added != n:
            raise RuntimeError("sheaf added %d papers of %d" % (added, n))
        rate = n / t
        res["size"] = file_size(db)
        t2, _, out = run_timed([a.floor, "--sheaf", fdb, tsv_path], stdout=subprocess.PIPE)
        floor_sheaf = float(out.split()[2])
        remove_db(fdb)
        res["sheaf"].append(rate)
        res["floor"].append(floor)
        res["floor_sheaf"].append(floor_sheaf)
        res["ratio"].append(rate / floor)
        res["ratio_sheaf"].append(rate / floor_sheaf)
        res["rss"].append(rss)
        log("N=%d run %d: sheaf %.0f/s, floor %.0f/s, sheaf-like floor %.0f/s, load %.1f"
            % (n, r + 1, rate, floor, floor_sheaf, res["load"][-1]))
    res["db"] = db
    return res


# ---------------------------------------------------------------- list

def measure_list(a, n, db):
    runs = a.big_runs if n >= 1000000 else a.runs
    rates, rss = [], []
    for _ in range(runs):
        t, m, _ = run_timed([a.sheaf, "--db", db, "list", "--tsv"])
        rates.append(n / t)
        rss.append(m)
    return {"rate": median(rates), "rss": median(rss)}


def measure_export(a, n, db):
    """`sheaf export --all` of the whole library to a file: entries/s and
    peak memory (the first run also makes every citation key)."""
    runs = a.big_runs if n >= 1000000 else a.runs
    rates, rss = [], []
    out = db + ".bib"
    for _ in range(runs):
        t, m, _ = run_timed([a.sheaf, "--db", db, "export", "--all", "-o", out])
        rates.append(n / t)
        rss.append(m)
    os.remove(out)
    return {"rate": median(rates), "rss": median(rss)}


def measure_index(a, n, db):
    """`sheaf index` (computed related papers) once: seconds, peak memory."""
    t, m, _ = run_timed([a.sheaf, "--db", db, "index", "--quiet"])
    return {"seconds": t, "rss": m}


# ---------------------------------------------------------------- newsboat

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>sheaf bench</title>
<link>http://example.invalid/</link><description>papers</description>
<item><title>Seed</title><link>http://example.invalid/seed</link>
<guid>seed</guid><description>the item newsboat fetches itself</description></item>
</channel></rss>
"""


def newsboat_cache(work, json_path, n):
    """A newsboat cache of n items: newsboat makes the schema from a tiny
    local feed, then the papers go in with sqlite3."""
    home = os.path.join(work, "newsboat")
    os.makedirs(home, exist_ok=True)
    feed = os.path.join(home, "feed.xml")
    with open(feed, "w") as f:
        f.write(FEED)
    url = "file://" + feed
    with open(os.path.join(home, "urls"), "w") as f:
        f.write(url + "\n")
    open(os.path.join(home, "config"), "w").close()
    cache = os.path.join(home, "cache.db")
    remove_db(cache)
    env = dict(os.environ, HOME=home)
    subprocess.run(["newsboat", "-u", "urls", "-c", "cache.db", "-C", "config", "-x", "reload"],
                   cwd=home, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=120)
    db = sqlite3.connect(cache)
    db.execute("DELETE FROM rss_item")
    base = datetime.datetime(2007, 4, 1, tzinfo=datetime.timezone.utc)

    def rows():
        with open(json_path, encoding="utf-8") as f:
            for i, line in enumerate(f):
                r = json.loads(line)
                yield ("arxiv:" + r["id"], " ".join(r["title"].split()),
                       ", ".join("%s %s" % (p[1], p[0]) for p in r["authors_parsed"]),
                       "https://arxiv.org/abs/" + r["id"], url,
                       int((base + datetime.timedelta(minutes=10 * i)).timestamp()),
                       " ".join(r["abstract"].split()), 1)
    db.executemany("INSERT INTO rss_item(guid, title, author, url, feedurl, pubDate, content,"
                   " unread) VALUES(?, ?, ?, ?, ?, ?, ?, ?)", rows())
    db.commit()
    got = db.execute("SELECT count(*) FROM rss_item").fetchone()[0]
    db.close()
    if got != n:
        raise RuntimeError("newsboat cache holds %d items, not %d" % (got, n))
    return home


def ttybench(a, cmd, ready, keys, runs, cwd=None, env=(), extra=()):
    argv = [sys.executable, a.ttybench, "--size", "80x24", "--ready", ready, "--runs", str(runs),
            "--keys", ",".join(keys), "--timeout", "300", "--json"] + list(extra)
    for e in env:
        argv += ["--env", e]
    if cwd:
        argv += ["--cwd", cwd]
    p = subprocess.run(argv + ["--"] + cmd, capture_output=True, text=True, timeout=3600)
    if p.returncode != 0 or not p.stdout.strip():
        raise RuntimeError("ttybench failed: " + p.stderr[-2000:])
    return json.loads(p.stdout)


NEWSBOAT = ["newsboat", "-u", "urls", "-c", "cache.db", "-C", "config"]


def reader_home():
    """A private HOME for the reader: no user configuration, and the
    mark-read delay never fires during a run (every run sees the same
    library)."""
    home = tempfile.mkdtemp(prefix="sheaf-bench-home.")
    os.makedirs(os.path.join(home, ".config", "sheaf"))
    with open(os.path.join(home, ".config", "sheaf", "config"), "w") as f:
        f.write("set mark-read-delay never\n")
    return home


def first_screens(a, n, work, json_path, db):
    """newsboat and sheaf's reader side by side: in each round, newsboat's
    runs, then sheaf's, on the same papers. A first screen of a few
    milliseconds is at the mercy of the shared machine, so rounds
    alternate the two (both see the same moments of load) and the ratio
    is the median of the rounds' ratios."""
    if not shutil.which("newsboat"):
        return None, None
    big = n >= 1000000
    runs, rounds = (a.big_runs, 3) if big else (a.runs, a.rounds)
    nb_home = newsboat_cache(work, json_path, n)
    rd_home = reader_home()
    rd_cmd = [os.path.abspath(a.sheaf), "--db", db]
    nb_ms, nb_kb, rd_ms, ratios = [], [], [], []
    for _ in range(rounds):
        nb = ttybench(a, NEWSBOAT, "Your feeds", ["q"], runs, cwd=nb_home,
                      env=["HOME=" + nb_home])["summary"]
        rd = ttybench(a, rd_cmd, READER_READY, ["q"], runs,
                      env=["HOME=" + rd_home, "LANG=C.UTF-8"])["summary"]
        nb_ms.append(nb["startup_ms"]["median"])
        nb_kb.append(nb["vmhwm_kb"]["median"])
        rd_ms.append(rd["startup_ms"]["median"])
        ratios.append(rd_ms[-1] / nb_ms[-1])
    shutil.rmtree(nb_home)
    shutil.rmtree(rd_home)
    newsboat = {"startup_ms": median(nb_ms), "vmhwm_kb": median(nb_kb),
                "command": "cd %s && HOME=%s ttybench.py --size 80x24 --ready 'Your feeds' "
                           "--keys q --runs %d -- %s" % (nb_home, nb_home, runs,
                                                         " ".join(NEWSBOAT))}
    pair = {"rounds": rounds, "runs": runs, "sheaf_ms": median(rd_ms), "ratio": median(ratios),
            "ratios": ratios,
            "command": "HOME=$PRIVATE ttybench.py --size 80x24 --ready %s --keys q --runs %d "
                       "-- src/sheaf --db library.db" % (READER_READY, runs)}
    return newsboat, pair


# ---------------------------------------------------------------- reader

# The reader's first screen is drawn when the list's header is; the keys
# are the issue's: a cursor move, a page down, the jump to the end, moving
# the highlight in the related pane (the current paper stays: the bytes
# the issue compares with newsboat's 180), following a link (which
# changes the current paper), going back, and a search.
READER_READY = os.environ.get("SHEAF_BENCH_READY", "Papers")
READER_KEYS = [("cursor move", "j"), ("page down", "PGDN"), ("jump to end", "G"),
               ("back to the top", "g"), ("focus related", "3"),
               ("move in related", "j"), ("follow a link", "ENTER"), ("back", "h"),
               ("open search", "/"), ("type a word", "TEXT:group"),
               ("run the search", "ENTER"), ("next hit", "n")]
# The same in a starred view, after starring STARRED papers spread over the
# library: the filter's count and pages come from the starred papers' own
# index, and a search there looks each starred paper up in FTS5 instead of
# walking every match.
STARRED = 300
STARRED_KEYS = [("filter: unread", "f"), ("filter: starred", "f"), ("open search", "/"),
                ("type a word, starred view", "TEXT:group"), ("run the search", "ENTER"),
                ("next hit, starred view", "n")]


def changed_text(path):
    """Per key, the UTF-8 bytes of the cells whose character differs between
    the screen before the key and after it (ttybench.py --screens)."""
    shots, cur = [], None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("---- after "):
                cur = []
                shots.append(cur)
            elif cur is not None:
                cur.append(line)
    out = []
    for before, after in zip(shots, shots[1:]):
        n = 0
        for r in range(max(len(before), len(after))):
            b = before[r] if r < len(before) else ""
            c = after[r] if r < len(after) else ""
            width = max(len(b), len(c))
            b, c = b.ljust(width), c.ljust(width)
            n += sum(len(y.encode("utf-8")) for x, y in zip(b, c) if x != y)
        out.append(n)
    return out


def measure_keys(a, cmd, env, keys, runs, screens):
    """The reader run through keys (name, key) runs times, then once more
    keeping the screens: per key its latency, first byte, bytes sent and
    changed text. Returns (the run's summary, the keys' rows)."""
    d = ttybench(a, cmd, READER_READY, [k for _, k in keys], runs, env=env)
    # One more run, off the clock, keeps the screen after each key: what
    # changed on it is what an ideal redraw would send.
    ttybench(a, cmd, READER_READY, [k for _, k in keys], 1, env=env,
             extra=["--screens", screens])
    changed = changed_text(screens)
    s = d["summary"]
    rows = [{"name": name, "key": key, "ms": ks["ms"]["median"],
             "first_ms": ks["first_ms"]["median"], "bytes": ks["bytes"]["median"],
             "changed": changed[i] if i < len(changed) else None}
            for i, ((name, key), ks) in enumerate(zip(keys, s["keys"]))]
    return s, rows


def measure_reader(a, n, db):
    """sheaf's reader on the library of n papers, in the same pseudo-terminal
    as newsboat: time to first screen, peak memory, and per key the
    latency and the bytes sent to the terminal. Enabled with --reader."""
    # The reader starts in milliseconds at any size: as many runs at a
    # million papers as at 10,000. With one, a key's figure is the cold
    # page cache's: in bench-search's million-paper library a typed word
    # took 27 ms in the first run, then 8.5-11 ms.
    runs = a.runs
    home = reader_home()
    cmd = [os.path.abspath(a.sheaf), "--db", db]
    env = ["HOME=" + home, "LANG=C.UTF-8"]
    screens = os.path.join(home, "screens.txt")
    s, keys = measure_keys(a, cmd, env, READER_KEYS, runs, screens)
    # Star STARRED papers, evenly spread over the ids (the last step on
    # this library: nothing after it sees the stars).
    out = subprocess.run([a.sheaf, "--db", db, "list", "--tsv"], check=True,
                         stdout=subprocess.PIPE, text=True).stdout.splitlines()[1:]
    ids = [line.split("\t", 1)[0] for line in out[::max(1, len(out) // STARRED)]][:STARRED]
    subprocess.run([a.sheaf, "--db", db, "mark"] + ids + ["--star"], check=True)
    _, starred = measure_keys(a, cmd, env, STARRED_KEYS, runs, screens)
    shutil.rmtree(home)
    return {"startup_ms": s["startup_ms"]["median"], "vmhwm_kb": s["vmhwm_kb"]["median"],
            "keys": keys, "starred_keys": starred, "starred": len(ids)}


# ---------------------------------------------------------------- report

def targets(w, results):
    """Issue 7's targets against this run's figures, each said met or not."""
    rows = []

    def add(target, measured, met):
        rows.append((target, measured, "met" if met else "**missed**"))

    imp = [(n, median(r["import"]["ratio"])) for n, r in results if r.get("import")]
    if imp:
        add("import at least 0.8 of the bare FTS5 floor",
            ", ".join("%.2f at %s" % (x, fmt_int(n)) for n, x in imp),
            all(x >= 0.8 for _, x in imp))
        # Per paper, the whole import takes 1/rate and sheaf's own index
        # alone 1/floor_sheaf: the rest costs no more than the index when
        # the rate is at least half the index's.
        rest = [(n, 1 / median(r["import"]["ratio_sheaf"]) - 1)
                for n, r in results if r.get("import")]
        add("everything but the index (parsing, identity, storing) costs no more than "
            "sheaf's index",
            ", ".join("%.2f of it at %s" % (x, fmt_int(n)) for n, x in rest),
            all(x <= 1 for _, x in rest))
    rd = [(n, r["reader"]) for n, r in results if r.get("reader")]
    if rd:
        first = [(n, r["pair"]["sheaf_ms"] if r.get("pair") else r["reader"]["startup_ms"])
                 for n, r in results if r.get("reader")]
        add("first screen under 50 ms, flat from 10k to 1M",
            ", ".join("%.1f ms at %s" % (x, fmt_int(n)) for n, x in first),
            all(x < 50 for _, x in first))
        add("peak memory under 16 MB, flat",
            ", ".join("%s at %s" % (fmt_mb(x["vmhwm_kb"]), fmt_int(n)) for n, x in rd),
            all(x["vmhwm_kb"] < 16 * 1024 for _, x in rd))
        n, big = rd[-1]
        worst = max(big["keys"], key=lambda k: k["ms"])
        add("every key under 10 ms at the largest N",
            "slowest %.2f ms (%s) at %s" % (worst["ms"], worst["name"], fmt_int(n)),
            worst["ms"] < 10)
        if big.get("starred_keys"):
            worst = max(big["starred_keys"], key=lambda k: k["ms"])
            add("every key under 10 ms at the largest N, in a view of %d starred papers"
                % big["starred"],
                "slowest %.2f ms (%s) at %s" % (worst["ms"], worst["name"], fmt_int(n)),
                worst["ms"] < 10)
        moves = [(n, k["bytes"]) for n, x in rd for k in x["keys"] if k["name"] == "move in related"]
        if moves:
            add("a move in the related pane under 100 bytes",
                ", ".join("%d B at %s" % (b, fmt_int(n)) for n, b in moves),
                all(b < 100 for _, b in moves))
        nb = [(n, r["pair"]["ratio"]) for n, r in results if r.get("pair")]
        if nb:
            add("first screen at least 10 times sooner than newsboat's (ratio 0.1 or less)",
                ", ".join("%.3f at %s" % (x, fmt_int(n)) for n, x in nb),
                all(x <= 0.1 for _, x in nb))
    if not rows:
        return
    w("## Targets (issue 7)")
    w("")
    w("| target | this run | |")
    w("|---|---|---|")
    for t in rows:
        w("| %s | %s | %s |" % t)
    w("")


def report(a, info, results, started, finished):
    out = []
    w = out.append
    w("# sheaf benchmarks")
    w("")
    w("Written by `make bench` (bench/run.py) on %s, in %.0f minutes. Every figure is the "
      "median of the runs shown; the import and its floors were run in turn, run by run, "
      "so that their ratio compares like with like." % (finished.strftime("%Y-%m-%d %H:%M UTC"),
                                                       (finished - started).total_seconds() / 60))
    w("")
    w("## Machine")
    w("")
    w("| | |")
    w("|---|---|")
    for k in ("cpu", "cores", "memory", "kernel", "sqlite", "newsboat"):
        w("| %s | %s |" % (k, info.get(k, "?")))
    w("")
    w("The machine is shared: the load average (1 min) when each import began is given "
      "with the figures. Another process on one of the two cores slows sheaf's import "
      "more than the floor's (sheaf parses in a second thread).")
    w("")
    w("## Import")
    w("")
    w("| papers | runs | sheaf import | floor: bare FTS5 | ratio | floor: sheaf's index, "
      "sheaf's settings | ratio | library size | import peak memory | load |")
    w("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, r in results:
        i = r["import"]
        w("| %s | %d | %s/s | %s/s | **%.2f** | %s/s | %.2f | %.0f MB | %s | %s |" % (
            fmt_int(n), len(i["sheaf"]), fmt_int(median(i["sheaf"])), fmt_int(median(i["floor"])),
            median(i["ratio"]), fmt_int(median(i["floor_sheaf"])), median(i["ratio_sheaf"]),
            i["size"] / 1e6, fmt_mb(median(i["rss"])),
            "/".join("%.1f" % x for x in i["load"])))
    w("")
    w("*sheaf import*: papers per second of the whole `sheaf import` process into a new "
      "library, from start to exit: reading, JSON parsing (SQLite's json_tree), identity, "
      "the papers table and its indexes, the FTS5 index and the commit (a new library is written through a rollback journal, with no WAL checkpoint after it). "
      "*bare FTS5*: the same titles, authors and abstracts inserted into "
      "`fts5(title, authors, abstract)` with every default, in one transaction, timed from "
      "the first insert to the close (the floor issue 7 names). *sheaf's index, sheaf's "
      "settings*: the same text into the contentless porter table sheaf uses, with WAL and "
      "the FTS5 merge settings of sheaf's bulk mode: what the index alone costs sheaf. "
      "*ratio*: sheaf's rate over the floor's, the median of the per-run ratios.")
    w("")
    w("### What limits the import")
    w("")
    w("Profiled on 2026-12-03 on the Intel Xeon (2.3 GHz, 3-7% steal time) whose floor "
      "matches the issue's 13,000-17,000/s, with `perf record` (`-F 4000`; per thread: "
      "`--call-graph dwarf`, `perf report --tid`, `perf script -F tid,time`) at 10,000 "
      "and 1,000,000 papers. The import runs in two threads: a parser (reading, JSON "
      "through json_tree, the paper's keys, the rendered index text) and the library "
      "thread (identity, the papers row and its indexes, versions, FTS5's insert). Which "
      "one bounds it depends on the size. At 10,000 the parser was busy from start to "
      "end (0.66 s of CPU) while the library thread idled 15%: JSON was 40% of the "
      "parser, rendering and tokenizing 35%, the keys 10%. At 1,000,000 the library "
      "thread is the bound (89 s of CPU in 104 s under perf, the parser 73 s): FTS5's hash of "
      "pending terms (a chain walk with a cache miss per token, which the bare floor pays "
      "too), its merges, pages read and written, and the deferred indexes built alone at "
      "the end (8 s; SQLite's sorter with `PRAGMA threads=2` was no faster). What made "
      "the difference on the Xeon, 2026-12-03: (1) each record is freed by the parser "
      "that allocated it (freed by the library thread, every free took the parser's "
      "malloc arena lock: 1M 95 s to 87 s, 100k 9.3 s to 7.9 s, median of 4); (2) JSON strings are "
      "read as counted bytes (asking SQLite for text copied each one again to end it "
      "with a NUL: 5% of the parser); (3) the parser tokenizes ahead only while the "
      "library thread has a backlog (half the queue), else FTS5 tokenizes in the insert: "
      "whichever side is slower hands the tokenizing (a third of the parser's work) to "
      "the other (10k: 0.81 s to 0.775 s); (4) a new paper's versions no longer send its row "
      "back for a second look (two lookups of min(date) a paper that found nothing to change: "
      "3% of the CPU at 10k, perf stat task-clock, median of 9). At 10,000 papers the threads "
      "now run balanced, and what is left is serial: after the parser ends, the library "
      "thread works alone for about 88 ms (`perf script` of its last samples): FTS5's "
      "final flush 59 ms, half of it sorting the pending terms (fts5HashEntrySort), "
      "page writes 13 ms, fsync 5 ms, the queue's last records 6 ms; a smaller FTS5 hash "
      "shrinks that flush but cost more than it saved (9 runs each, 2, 4, 8 and 16 MB). "
      "Earlier, on an AMD EPYC of the pool "
      "(2026-11-23), where the ratio was 0.85-1.01: tokenizing ahead at all (porter was a "
      "quarter of FTS5's time in the library thread), waking the threads once a batch "
      "instead of once a record, writing a new library through a rollback journal "
      "instead of the WAL (store_direct_begin: in WAL mode every page was written twice; "
      "13-15% at 10,000 and 100,000, more at 1,000,000), and deferring indexes only for "
      "big files. Measured without effect: `PRAGMA secure_delete` off (Debian's SQLite "
      "turns it on; 100k, 4 runs each), binding texts without SQLite copying them, render "
      "buffers sized ahead, glibc's malloc tunables, page caches of 32, 64 and 256 MB; a "
      "smaller FTS5 hash (1, 2 or 4 MB instead of 16) was 3-9% slower. What is left is "
      "SQLite's: Debian's build has no lookaside allocator (`OMIT_LOOKASIDE`), so every "
      "small SQLite allocation is a malloc; sheaf's index stems words (porter), which the "
      "bare floor (unicode61) does not; the bare floor keeps the text once, in FTS5's "
      "content table, where sheaf keeps it in the papers table, which the reader pages "
      "through, and indexes a rendered copy. The machine is noisy: the same import "
      "varies by 10-20% from run to run, hence the runs in turn and the median of the "
      "per-run ratios.")
    w("")
    w("Peak memory of the import is bounded by fixed caps, whatever the file: the page cache "
      "(64 MB in bulk mode), FTS5's pending terms (16 MB of hash in bulk mode), SQLite's "
      "sorter when deferred indexes are built at the end (bounded by the cache size), "
      "and a queue of 256 records between the threads. The rise from 10,000 to 1,000,000 "
      "papers should be those filling up to their caps (not measured beyond a million).")
    w("")
    w("## Listing")
    w("")
    w("| papers | `sheaf list --tsv` | peak memory |")
    w("|---:|---:|---:|")
    for n, r in results:
        w("| %s | %s rows/s | %s |" % (fmt_int(n), fmt_int(r["list"]["rate"]),
                                     fmt_mb(r["list"]["rss"])))
    w("")
    w("| papers | `sheaf export --all -o FILE` | peak memory | `sheaf index` (related papers) | peak memory |")
    w("|---:|---:|---:|---:|---:|")
    for n, r in results:
        e, x = r.get("export"), r.get("index")
        w("| %s | %s entries/s | %s | %s | %s |" % (
            fmt_int(n), fmt_int(e["rate"]) if e else "-", fmt_mb(e["rss"]) if e else "-",
            "%.0f s" % x["seconds"] if x else "-", fmt_mb(x["rss"]) if x else "-"))
    w("")
    w("## Reader and newsboat")
    w("")
    w("Time to the first screen and peak memory (VmHWM) in an 80x24 pseudo-terminal "
      "(ttybench.py), newsboat with a cache of the same papers as items of one feed. "
      "The two are run side by side in rounds (newsboat's runs, then sheaf's, "
      "each round); first screens are the medians of the rounds' medians and the "
      "ratio is the median of the rounds' ratios. *sheaf, with keys* is the first "
      "screen of the runs that then measure the keys below.")
    w("")
    w("| papers | rounds x runs | newsboat first screen | newsboat memory "
      "| sheaf first screen | ratio sheaf/newsboat (time) | rounds' ratios "
      "| sheaf, with keys | sheaf memory |")
    w("|---:|---:|---:|---:|---:|---:|---|---:|---:|")
    for n, r in results:
        nb, rd, pr = r.get("newsboat"), r.get("reader"), r.get("pair")
        w("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            fmt_int(n), "%d x %d" % (pr["rounds"], pr["runs"]) if pr else "-",
            "%.0f ms" % nb["startup_ms"] if nb else "-",
            fmt_mb(nb["vmhwm_kb"]) if nb else "-",
            "%.1f ms" % pr["sheaf_ms"] if pr else "-",
            "**%.3f**" % pr["ratio"] if pr else "-",
            " ".join("%.3f" % x for x in pr["ratios"]) if pr else "-",
            "%.1f ms" % rd["startup_ms"] if rd else "not measured",
            fmt_mb(rd["vmhwm_kb"]) if rd else "-"))
    w("")
    if any(r.get("reader") for _, r in results):
        w("*latency*: from the key to the last byte the reader wrote before it went "
          "quiet, which includes what idle work draws right after the key (the list "
          "position once the view's fences are counted: at 10,000 papers the unread "
          "view's take 10-15 ms, and at a million they end after the quiet window); *first "
          "byte*: to the first byte of the answer. "
          "*bytes sent*: what the reader wrote to the terminal for the key; *changed "
          "text*: the UTF-8 bytes of the screen cells the key changed (the screens "
          "rebuilt by ttybench.py --screens in one more run), what a perfect redraw "
          "would have to send at least, before cursor movement and attributes. The "
          "keys from *filter: unread* on are a second run, after %d papers spread over "
          "the library were starred (`sheaf mark ID... --star`): the filter key twice, "
          "then a search in the starred view." % STARRED)
        w("")
        w("| papers | key | latency | first byte | bytes sent | changed text | sent / changed |")
        w("|---:|---|---:|---:|---:|---:|---:|")
        for n, r in results:
            rd = r.get("reader") or {}
            for k in rd.get("keys", []) + rd.get("starred_keys", []):
                ch = k.get("changed")
                w("| %s | %s (`%s`) | %.2f ms | %s | %d | %s | %s |" % (
                    fmt_int(n), k["name"], k["key"], k["ms"],
                    "%.2f ms" % k["first_ms"] if k.get("first_ms") is not None else "-",
                    k["bytes"],
                    "%d" % ch if ch is not None else "-",
                    "%.2f" % (k["bytes"] / ch) if ch else "-"))
        w("")
    else:
        w("sheaf's reader was not measured in this run (--no-reader, or no ttybench.py).")
        w("")
    targets(w, results)
    w("## Commands")
    w("")
    w("```")
    w("make bench BENCH_SIZES='%s'" % " ".join(str(n) for n, _ in results))
    w("# which runs, for each N, in a scratch directory:")
    w("python3 bench/gen-arxiv.py N -o papers.jsonl --tsv papers.tsv --seed 7")
    w("bench/fts-floor floor.db papers.tsv            # bare FTS5 floor")
    w("src/sheaf --db library.db import --tsv papers.jsonl")
    w("bench/fts-floor --sheaf floor.db papers.tsv    # sheaf's index alone")
    w("src/sheaf --db library.db list --tsv > /dev/null")
    w("src/sheaf --db library.db export --all -o library.db.bib")
    w("src/sheaf --db library.db index --quiet")
    for n, r in results:
        if r.get("newsboat"):
            w("# first screens, in rounds: newsboat's runs, then sheaf's")
            w(r["newsboat"]["command"].replace(a.work, "$WORK"))
            w(r["pair"]["command"])
            break
    w("# the keys")
    w("HOME=$PRIVATE ttybench.py --size 80x24 --ready %s --keys %s --runs R -- "
      "src/sheaf --db library.db" % (READER_READY, ",".join(k for _, k in READER_KEYS)))
    w("# and once more with --screens FILE --runs 1, for the changed text; then")
    w("src/sheaf --db library.db mark ID... --star    # %d ids spread over the library" % STARRED)
    w("HOME=$PRIVATE ttybench.py --size 80x24 --ready %s --keys %s --runs R -- "
      "src/sheaf --db library.db" % (READER_READY, ",".join(k for _, k in STARRED_KEYS)))
    w("```")
    w("")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[10000, 100000, 1000000])
    ap.add_argument("--sheaf", default="src/sheaf")
    ap.add_argument("--floor", default="bench/fts-floor")
    ap.add_argument("--gen", default=os.path.join(HERE, "gen-arxiv.py"))
    ap.add_argument("--ttybench", default="/work/shared/tools/ttybench.py")
    ap.add_argument("--out", default="BENCHMARKS.md")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--big-runs", type=int, default=1)
    ap.add_argument("--small-import-runs", type=int, default=15,
                    help="import runs at least, below 100,000 papers")
    ap.add_argument("--rounds", type=int, default=5,
                    help="rounds of newsboat and sheaf side by side (3 at 1,000,000)")
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--no-reader", dest="reader", action="store_false",
                    help="skip sheaf's reader (measured by default)")
    a = ap.parse_args()

    if not os.path.exists(a.ttybench):
        alt = os.path.join(HERE, "..", "..", "shared", "tools", "ttybench.py")
        if os.path.exists(alt):
            a.ttybench = alt
        else:
            log("ttybench.py not found (TTYBENCH=...): newsboat and the reader are skipped")
            a.ttybench = None
    started = datetime.datetime.now(datetime.timezone.utc)
    info = machine(a.sheaf)
    results = []
    a.work = tempfile.mkdtemp(prefix="sheaf-bench.", dir=a.workdir)
    try:
        for n in a.sizes:
            need = n * 9000
            free = shutil.disk_usage(a.work).free
            if free < need:
                log("N=%d needs about %.1f GB in %s, %.1f GB free: skipped"
                    % (n, need / 1e9, a.work, free / 1e9))
                continue
            js = os.path.join(a.work, "papers.jsonl")
            tsv = os.path.join(a.work, "papers.tsv")
            log("N=%d: generating" % n)
            subprocess.run([sys.executable, a.gen, str(n), "-o", js, "--tsv", tsv], check=True)
            r = {"import": measure_import(a, n, a.work, js, tsv)}
            os.remove(tsv)
            log("N=%d: listing" % n)
            r["list"] = measure_list(a, n, r["import"]["db"])
            log("N=%d: export" % n)
            r["export"] = measure_export(a, n, r["import"]["db"])
            log("N=%d: index (computed related papers)" % n)
            r["index"] = measure_index(a, n, r["import"]["db"])
            if a.ttybench and a.reader:
                log("N=%d: newsboat and sheaf, first screens side by side" % n)
                r["newsboat"], r["pair"] = first_screens(a, n, a.work, js, r["import"]["db"])
                log("N=%d: reader" % n)
                r["reader"] = measure_reader(a, n, r["import"]["db"])
            os.remove(js)
            remove_db(r["import"]["db"])
            results.append((n, r))
    finally:
        shutil.rmtree(a.work, ignore_errors=True)
    finished = datetime.datetime.now(datetime.timezone.utc)
    text = report(a, info, results, started, finished)
    with open(a.out, "w") as f:
        f.write(text)
    log("wrote " + a.out)


if __name__ == "__main__":
    main()
