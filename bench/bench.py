#!/usr/bin/python3
"""knipsel benchmark harness: knipsel vs Xapian's omindex/quest.

Called by bench/run.sh (subcommand `run`) and bench/reindex.sh (subcommand
`reindex`), which install the peers, build knipsel and the corpus first.
See bench/README.md for what each figure means.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = "/usr/bin/python3"

K, O = "knipsel", "omindex"
PEER_QUERY = "quest"

# (query, kind). Both tools get the same strict boolean semantics: every word must
# match (knipsel-query --all, quest -o and); OR, phrases and prefix* work in both.
QUERIES = [
    ("bestand", "one word"),
    ("afdrukken", "one word"),
    ("werkblad", "one word"),
    ("menu instellingen", "2-word AND"),
    ("pakket installeren", "2-word AND"),
    ("venster opslaan bestand", "3-word AND"),
    ("tabel OR grafiek", "OR"),
    ('"nieuwe map"', "phrase"),
    ("instel*", "prefix wildcard"),
    ("sancties Yongbyon", "2-word AND, rare words (no hit)"),
]

# No-change re-runs per tool and repetition (see bench_scale).
NOCHANGE_RUNS = 5

APPENDED = ("\nBijgewerkt: deze alinea is later toegevoegd om een gewijzigd "
            "bestand na te bootsen voor de benchmark.\n").encode("utf-8")


def die(msg):
    print(f"bench.py: error: {msg}", file=sys.stderr)
    sys.exit(1)


def say(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- measuring

class Failed(Exception):
    pass


TIME = "/usr/bin/time"


def run(cmd, stdout_path=None, log=None, ok=(0,), rss=True):
    """Run cmd; return (wall seconds, peak RSS in KiB or None, exit code).

    Wall time is measured here around the process. Peak RSS comes from
    `/usr/bin/time -f %M` (the "Maximum resident set size" of `time -v`): the
    ru_maxrss that wait4() would give us directly includes the RSS of this Python
    process at fork time, which swamps small runs."""
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    err = open(log, "ab") if log else subprocess.DEVNULL
    rss_file = None
    if rss:
        fd, rss_file = tempfile.mkstemp(prefix="rss-")
        os.close(fd)
        cmd_run = [TIME, "-q", "-f", "%M", "-o", rss_file] + list(cmd)
    else:
        cmd_run = list(cmd)
    try:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd_run, stdout=out, stderr=err)
        try:
            rc = p.wait()
        except BaseException:  # Ctrl-C, SIGTERM: stop the child before cleaning up its files
            p.kill()
            p.wait()
            raise
        wall = time.perf_counter() - t0
        maxrss = None
        if rss_file:
            with open(rss_file) as fh:
                lines = fh.read().split()
            maxrss = int(lines[-1]) if lines and lines[-1].isdigit() else None
    finally:
        if stdout_path:
            out.close()
        if log:
            err.close()
        if rss_file:
            os.unlink(rss_file)
    if rc not in ok:
        tail = ""
        if log and os.path.exists(log):
            with open(log, "rb") as fh:
                tail = fh.read()[-2000:].decode("utf-8", "replace")
        raise Failed(f"{' '.join(cmd)} exited with {rc}\n{tail}")
    return wall, maxrss, rc


def dir_bytes(path):
    total = 0
    for d, _, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(d, f)).st_size
            except FileNotFoundError:
                pass
    return total


def list_files(top, ext=".txt"):
    out = []
    for d, dirs, files in os.walk(top):
        dirs.sort()
        out.extend(os.path.join(d, f) for f in files if f.endswith(ext) and not f.startswith("."))
    out.sort()
    return out


def warm(files):
    """Read every file once, so both tools start from a warm page cache."""
    for f in files:
        with open(f, "rb") as fh:
            while fh.read(1 << 20):
                pass


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def pct(xs, p):
    """Nearest-rank percentile."""
    if not xs:
        return float("nan")
    s = sorted(xs)
    k = max(1, -(-len(s) * p // 100))  # ceil
    return s[int(k) - 1]


class Clock:
    """Strictly increasing whole-second mtimes, at least one second in the future.

    omindex re-indexes a file only when its mtime (whole seconds) is later than the
    one it stored, so an edit within the same second as the previous one, or an
    mtime set back, goes unnoticed by it; this clock avoids both."""

    def __init__(self):
        self.last = 0

    def next(self):
        self.last = max(int(time.time()) + 1, self.last + 2)
        return self.last


# ---------------------------------------------------------------- tools

class Tools:
    def __init__(self, a):
        self.ki, self.kq = a.ki, a.kq
        self.klat = os.path.join(os.path.dirname(a.kq), "knipsel-query-latency")
        for exe in (self.ki, self.kq, self.klat):
            if not os.access(exe, os.X_OK):
                die(f"{exe} is not executable")
        self.omindex = shutil.which("omindex") or die("omindex not found (apt-get install xapian-omega)")
        self.quest = shutil.which("quest") or die("quest not found (apt-get install xapian-tools)")
        self.compact = shutil.which("xapian-compact") or die("xapian-compact not found (xapian-tools)")
        self.delve = shutil.which("xapian-delve") or die("xapian-delve not found (xapian-tools)")
        if not os.access(TIME, os.X_OK):
            die(f"{TIME} not found (apt-get install time)")

    def index_cmd(self, tool, db, corpus, summary=True):
        if tool == K:
            return [self.ki, "--db", db, "--json", corpus]
        # omindex: --url is the URL the folder maps to; -s dutch as knipsel stems Dutch
        return [self.omindex, "--db", db, "--url", "/", "-s", "dutch", corpus]

    def query_cmd(self, tool, db, q, n=10, fmt=None):
        if tool == K:
            cmd = [self.kq, "--db", db, "--all", "-n", str(n)]
            if fmt:
                cmd += ["--format", fmt]
            return cmd + ["--", q]
        return [self.quest, "-d", db, "-s", "dutch", "-o", "and", "-f", "default,wildcard",
                "-m", str(n), q]

    def doc_count(self, db):
        out = subprocess.run([self.delve, db], capture_output=True, text=True, check=True).stdout
        m = re.search(r"number of documents = (\d+)", out)
        return int(m.group(1)) if m else -1

    def versions(self):
        v = {}
        for name, cmd in (("knipsel-index", [self.ki, "--version"]),
                          ("omindex", [self.omindex, "--version"]),
                          ("quest", [self.quest, "--version"]),
                          ("xapian-compact", [self.compact, "--version"])):
            try:
                r = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
                v[name] = (r.stdout or r.stderr).strip().splitlines()[0]
            except Exception as e:  # noqa: BLE001 - just informative
                v[name] = f"? ({e})"
        try:
            rev = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                                 capture_output=True, text=True).stdout.strip()
            # The results files are written by the runs themselves: not source.
            dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no",
                                    "--", ".", ":!bench/RESULTS*"],
                                   capture_output=True, text=True).stdout.strip()
            v["knipsel source"] = f"git {rev}" + (" + uncommitted changes" if dirty else "") if rev else "?"
        except FileNotFoundError:
            v["knipsel source"] = "?"
        return v


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as fh:
            for ln in fh:
                if ln.startswith("model name"):
                    cpu = ln.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
            mem = f"{kb / 1048576:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    load = os.getloadavg()
    return {
        "host": f"{platform.node()}, {os.cpu_count()} cores ({cpu}), {mem} RAM, Linux {platform.release()}",
        "load": load,
        "env": {k: v for k, v in os.environ.items() if k.startswith("XAPIAN_") or k.startswith("KNIPSEL_")},
    }


def load_note(m):
    l1 = m["load"][0]
    s = f"load average at start {m['load'][0]:.2f} {m['load'][1]:.2f} {m['load'][2]:.2f}"
    if l1 > 0.5:
        s += " — **the machine was not quiet; treat the timings as noisy**"
    return s


# ---------------------------------------------------------------- indexing steps

class Runner:
    """Indexes one folder with both tools into their own databases in `work`."""

    def __init__(self, tools, corpus, work, files):
        self.t, self.corpus, self.work, self.files = tools, corpus, work, files
        self.db = {K: os.path.join(work, "knipsel.db"), O: os.path.join(work, "omindex.db")}
        self.log = {K: os.path.join(work, "knipsel.log"), O: os.path.join(work, "omindex.log")}
        self.summary = os.path.join(work, "summary.json")

    def index(self, tool, fresh=False):
        db = self.db[tool]
        if fresh:
            shutil.rmtree(db, ignore_errors=True)
        wall, rss, _ = run(self.t.index_cmd(tool, db, self.corpus), stdout_path=self.summary,
                           log=self.log[tool])
        res = {"wall": wall, "rss_kib": rss}
        if tool == K:
            try:
                with open(self.summary) as fh:
                    s = json.load(fh)
                res.update({k: s.get(k) for k in ("added", "replaced", "unchanged", "removed",
                                                   "skipped", "docs_in_index")})
                res["errors"] = len(s.get("errors") or [])
            except (OSError, ValueError):
                pass
        return res

    def compact(self, tool):
        out = self.db[tool] + ".compact"
        shutil.rmtree(out, ignore_errors=True)
        wall, _, _ = run([self.t.compact, self.db[tool], out], log=self.log[tool], rss=False)
        size = dir_bytes(out)
        shutil.rmtree(out, ignore_errors=True)
        return wall, size


def paired(a, b):
    return [x / y for x, y in zip(a, b) if y]


def fmt_num(x, unit=""):
    if x != x:  # nan
        return "–"
    if abs(x) >= 100:
        s = f"{x:,.0f}"
    elif abs(x) >= 10:
        s = f"{x:.1f}"
    elif abs(x) >= 1:
        s = f"{x:.2f}"
    else:
        s = f"{x:.3f}"
    return s + unit


def cell(xs, unit=""):
    if not xs:
        return "–"
    m = fmt_num(median(xs), unit)
    if len(xs) == 1:
        return m
    return f"{m} ({fmt_num(min(xs))}–{fmt_num(max(xs))})"


def ratio_cell(k, o, pairs=None):
    if not k or not o or not median(o):
        return "–"
    r = median(k) / median(o)
    s = f"{r:.2f}×"
    if pairs and len(pairs) > 1:
        s += f" ({min(pairs):.2f}–{max(pairs):.2f})"
    return s


# ---------------------------------------------------------------- `run`

def pick_subset(files, n):
    if not n or n >= len(files):
        return files
    stride = len(files) / n
    return [files[int(i * stride)] for i in range(n)]


def copy_corpus(files, src_root, dst):
    os.makedirs(dst)
    for f in files:
        d = os.path.join(dst, os.path.relpath(f, src_root))
        os.makedirs(os.path.dirname(d), exist_ok=True)
        shutil.copy2(f, d)
    return list_files(dst)


def change_files(files, every, offset, clock):
    """Append a sentence to files[offset::every]; return [(path, original bytes)]."""
    saved = []
    for f in files[offset::every]:
        with open(f, "rb") as fh:
            orig = fh.read()
        saved.append((f, orig))
        with open(f, "ab") as fh:
            fh.write(APPENDED)
    t = clock.next()
    for f, _ in saved:
        os.utime(f, (t, t))
    return saved


def restore_files(saved, clock):
    t = clock.next()
    for f, orig in saved:
        with open(f, "wb") as fh:
            fh.write(orig)
        os.utime(f, (t, t))


def bench_scale(a, tools, scale, src, base_tmp, with_reruns, reps, skip_peer):
    all_files = list_files(src)
    if not all_files:
        die(f"no .txt files in {src} (run bench/make-corpus.sh)")
    files_src = pick_subset(all_files, a.subset * scale if a.subset else 0)
    work = tempfile.mkdtemp(prefix=f"x{scale}-", dir=base_tmp)
    corpus = os.path.join(work, "corpus")
    say(f"[x{scale}] copying {len(files_src)} files to {corpus}")
    files = copy_corpus(files_src, src, corpus)
    nbytes = sum(os.path.getsize(f) for f in files)
    warm(files)
    r = Runner(tools, corpus, work, files)
    tools_here = [K] if skip_peer else [K, O]
    res = {"scale": scale, "files": len(files), "bytes": nbytes, "source": src,
           "subset": bool(a.subset), "tools": tools_here, "reps": reps, "runs": []}
    clock = Clock()
    for rep in range(reps):
        order = tools_here if rep % 2 == 0 else tools_here[::-1]
        run_ = {t: {} for t in tools_here}
        for t in order:
            say(f"[x{scale}] rep {rep + 1}/{reps}: full index, {t}")
            run_[t]["full"] = r.index(t, fresh=True)
            run_[t]["size"] = dir_bytes(r.db[t])
            run_[t]["docs"] = tools.doc_count(r.db[t])
            if run_[t]["docs"] != len(files):
                say(f"warning: {t} indexed {run_[t]['docs']} documents from {len(files)} files")
        for t in order:
            run_[t]["compact_wall"], run_[t]["compact_size"] = r.compact(t)
        if with_reruns:
            # A no-change re-run takes tens of milliseconds, so one run is
            # at the mercy of the machine's noise: each repetition runs it
            # NOCHANGE_RUNS times per tool, alternating, and keeps the run
            # of median wall time (all walls are kept too).
            walls = {t: [] for t in order}
            runs_nc = {t: [] for t in order}
            for i in range(NOCHANGE_RUNS):
                for t in (order if i % 2 == 0 else order[::-1]):
                    say(f"[x{scale}] rep {rep + 1}/{reps}: no-change re-run {i + 1}/{NOCHANGE_RUNS}, {t}")
                    res_nc = r.index(t)
                    runs_nc[t].append(res_nc)
                    walls[t].append(res_nc["wall"])
            for t in order:
                by_wall = sorted(runs_nc[t], key=lambda x: x["wall"])
                run_[t]["nochange"] = by_wall[len(by_wall) // 2]
                run_[t]["nochange_walls"] = walls[t]
            saved = change_files(files, 100, 50 + rep, clock)
            try:
                for t in order:
                    say(f"[x{scale}] rep {rep + 1}/{reps}: 1 %-changed re-run ({len(saved)} files), {t}")
                    run_[t]["changed"] = r.index(t)
                    run_[t]["changed_files"] = len(saved)
            finally:
                restore_files(saved, clock)
            for t in order:  # back to the pristine corpus (untimed)
                r.index(t)
            ch = run_[K].get("changed", {})
            if ch.get("replaced") is not None and ch.get("replaced") != len(saved):
                say(f"warning: knipsel replaced {ch.get('replaced')} documents, {len(saved)} files changed")
        res["runs"].append(run_)
    if a.queries and with_reruns:
        res["queries"] = bench_queries(a, tools, r, tools_here)
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        say(f"[x{scale}] kept {work}")
    return res


def bench_queries(a, tools, r, tools_here):
    out = []
    for q, kind in QUERIES:
        e = {"query": q, "kind": kind, "whole": {t: [] for t in tools_here}}
        # hit counts, for checking that both tools evaluate the same thing
        kj = subprocess.run(tools.query_cmd(K, r.db[K], q, n=0, fmt="json"), capture_output=True, text=True)
        try:
            e["hits_k"] = json.loads(kj.stdout).get("total")
        except ValueError:
            e["hits_k"] = None
            say(f"warning: knipsel-query failed on {q!r}: {kj.stderr.strip()}")
        if O in tools_here:
            qo = subprocess.run(tools.query_cmd(O, r.db[O], q, n=0)[:-3] + ["-m", "0", "-c", "100000000", q],
                                capture_output=True, text=True)
            m = re.search(r"Exactly (\d+) matches", qo.stdout) or re.search(r"best estimate is (\d+)", qo.stdout)
            e["hits_o"] = int(m.group(1)) if m else None
            pm = re.search(r"Parsed Query: (.*)", qo.stdout)
            e["parsed_o"] = pm.group(1) if pm else None
        # whole process: one warm-up, then qruns runs, alternating the tools
        say(f"queries: {q}")
        for i in range(a.qruns + 1):
            order = tools_here if i % 2 == 0 else tools_here[::-1]
            for t in order:
                wall, _, _ = run(tools.query_cmd(t, r.db[t], q), ok=(0, 1), rss=False)
                if i:
                    e["whole"][t].append(wall * 1000)
        out.append(e)
    # in-process: the same search() knipsel-query runs, repeated in one process
    for e, lat in zip(out, in_process(tools.klat, r.db[K], [q for q, _ in QUERIES], a.latency_runs)):
        e["inproc_ms"] = lat["ms"]
        e["cold_ms"] = lat["cold_ms"]
    return out


def in_process(klat, db, queries, runs):
    """Per query: the first run's and then `runs` warm runs' times (ms) of
    knipsel-query-latency, which opens the index once."""
    p = subprocess.run([klat, "--db", db, "--all", "-n", "10", "--runs", str(runs), "--warmup", "3", "--"] + queries,
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise Failed(f"knipsel-query-latency exited with {p.returncode}: {p.stderr}")
    lines = [json.loads(line) for line in p.stdout.splitlines()]
    if [x["query"] for x in lines] != queries:
        raise Failed("knipsel-query-latency did not answer every query")
    return lines


def mb(x):
    return x / 1e6


def write_results(a, tools, mach, results, path, elapsed):
    vers = tools.versions()
    L = []
    w = L.append
    w("# knipsel benchmark results")
    w("")
    w(f"Written by `bench/run.sh` on {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')} "
      f"in {elapsed / 60:.1f} min. Machine: {mach['host']}; {load_note(mach)}.")
    if mach["env"]:
        w(f"Environment: {', '.join(f'{k}={v}' for k, v in mach['env'].items())}.")
    if a.subset:
        w("")
        w(f"**Subset run (`--subset {a.subset}`): {a.subset} files per ×1 — a smoke test, "
          "not the benchmark.**")
    w("")
    w("Versions: " + "; ".join(f"{k}: `{v}`" for k, v in vers.items()) + ".")
    w("")
    w("Each cell is the median over the runs and (min–max). Ratios are knipsel/omindex "
      "(or knipsel/quest) of the medians, with the range of the per-repetition ratios "
      "(the tools ran alternately, so each repetition is a pair). For times, sizes and "
      "memory below 1 is better for knipsel; for docs/s and MB/s above 1 is.")
    w("")
    one = next((x for x in results if x["scale"] == 1), None)
    if one:
        runs = one["runs"]
        tools_here = one["tools"]

        def col(t, f):
            return [f(rr[t]) for rr in runs if t in rr]
        rows = [
            ("full index, wall s", lambda x: x["full"]["wall"]),
            ("docs/s", lambda x: one["files"] / x["full"]["wall"]),
            ("MB/s", lambda x: mb(one["bytes"]) / x["full"]["wall"]),
            ("peak RSS, MiB", lambda x: x["full"]["rss_kib"] / 1024),
            ("index size, MB", lambda x: mb(x["size"])),
            ("compacted size, MB", lambda x: mb(x["compact_size"])),
            ("xapian-compact, wall s", lambda x: x["compact_wall"]),
            ("no-change re-run, wall s", lambda x: x["nochange"]["wall"]),
            ("no-change re-run, peak RSS MiB", lambda x: x["nochange"]["rss_kib"] / 1024),
            ("1 %-changed re-run, wall s", lambda x: x["changed"]["wall"]),
            ("1 %-changed re-run, % of full", lambda x: 100 * x["changed"]["wall"] / x["full"]["wall"]),
        ]
        w(f"## Indexing the ×1 corpus ({one['files']:,} files, {mb(one['bytes']):.1f} MB, "
          f"{one['reps']} repetition{'s' if one['reps'] != 1 else ''})")
        w("")
        w("| figure | knipsel | omindex | knipsel/omindex |")
        w("|---|---|---|---|")
        for name, f in rows:
            try:
                k = col(K, f)
                o = col(O, f) if O in tools_here else []
            except (KeyError, ZeroDivisionError):
                continue
            w(f"| {name} | {cell(k)} | {cell(o)} | {ratio_cell(k, o, paired(k, o))} |")
        w("")
        nw = {t: [w_ for rr in runs for w_ in rr.get(t, {}).get("nochange_walls", [])] for t in tools_here}
        if nw.get(K):
            line = (f"The no-change re-run ran {len(nw[K]) // max(1, len(runs))} times per tool in each repetition, "
                    f"alternating; the table gives the median of each repetition's runs. All {len(nw[K])} runs: "
                    f"knipsel {cell(nw[K])} s")
            if nw.get(O):
                line += f", omindex {cell(nw[O])} s, ratio of the medians {median(nw[K]) / median(nw[O]):.2f}×"
            w(line + ".")
            w("")
        ch = [rr[K]["changed"] for rr in runs if "changed" in rr.get(K, {})]
        if ch:
            w(f"The 1 %-changed re-run appends one sentence to {runs[0][K].get('changed_files', '?')} "
              f"files (every 100th); knipsel reported replaced/unchanged = "
              + ", ".join(f"{c.get('replaced')}/{c.get('unchanged')}" for c in ch) + ". "
              "The files are restored afterwards and both indexes brought back up to date (untimed).")
            w("")
        if "queries" in one:
            write_queries(w, one, tools_here, a)
    if results:
        w("## Growth: full index at each scale")
        w("")
        w("| scale | files | MB | tool | wall s | docs/s | MB/s | peak RSS MiB | index MB | compacted MB | wall knipsel/omindex |")
        w("|---|---|---|---|---|---|---|---|---|---|---|")
        for x in results:
            for t in x["tools"]:
                rr = [r_[t] for r_ in x["runs"]]
                wall = [v["full"]["wall"] for v in rr]
                ratio = ""
                if t == K and O in x["tools"]:
                    ow = [r_[O]["full"]["wall"] for r_ in x["runs"]]
                    ratio = ratio_cell(wall, ow, paired(wall, ow))
                w(f"| ×{x['scale']} | {x['files']:,} | {mb(x['bytes']):.1f} | {t} | {cell(wall)} "
                  f"| {cell([x['files'] / v for v in wall])} | {cell([mb(x['bytes']) / v for v in wall])} "
                  f"| {cell([v['full']['rss_kib'] / 1024 for v in rr])} | {cell([mb(v['size']) for v in rr])} "
                  f"| {cell([mb(v['compact_size']) for v in rr])} | {ratio} |")
        w("")
        skipped = [x["scale"] for x in results if O not in x["tools"]]
        if skipped:
            w(f"omindex was not run at ×{', ×'.join(map(str, skipped))} (`--quick` or `--no-peer-above`).")
            w("")
    w("## Method")
    w("")
    w("- Corpus: `bench/make-corpus.sh` (Debian's Dutch documentation, one page or section per "
      "`.txt`, replicated with a `date YYYY-MM` first line). Each scale is copied to a temporary "
      "folder first and read once so the page cache is warm for both tools.")
    w("- knipsel: `knipsel-index --db DB --json DIR` (default threads: one per core). "
      "omindex: `omindex --db DB --url / -s dutch DIR`. Both start from an empty database for the "
      "full index; repetitions alternate which tool goes first.")
    w("- Wall time is measured around the process; peak RSS is `/usr/bin/time`'s "
      "maximum resident set size. Index size is the sum of the database's file sizes; "
      "compacted size is `xapian-compact DB OUT` of that database.")
    w(f"- No-change re-run: the same command again on the untouched folder, {NOCHANGE_RUNS} times per tool "
      "and repetition, alternating; a repetition's figure is the median of its runs. 1 %-changed re-run: "
      "every 100th file gets one appended sentence and a new mtime (whole seconds, later than before: "
      "omindex only notices files whose mtime is later than the one it stored).")
    w("- Queries: knipsel `knipsel-query --db DB --all -n 10 -- QUERY` (text output with snippets) vs "
      "`quest -d DB -s dutch -o and -f default,wildcard -m 10 QUERY` on omindex's index: both need every "
      "word (strict AND), `OR`, phrases and `prefix*` work in both. Whole-process time includes start-up "
      "and opening the index; in-process time is measured by `knipsel-query-latency` (bench/latency/): "
      "the index opened once, each query run repeatedly through the same search code as knipsel-query "
      "(parse + search + snippets); quest has no equivalent of it. Hit counts: knipsel's `total`, "
      "quest's exact count (`-c 100000000`); they differ where the analysis differs (knipsel folds "
      "diacritics, splits hyphens, drops stopwords, adds its plural rules).")
    w("")
    with open(path, "w") as fh:
        fh.write("\n".join(L) + "\n")
    with open(os.path.splitext(path)[0] + ".json", "w") as fh:
        json.dump({"machine": mach, "versions": vers, "results": results}, fh, indent=1)


def write_queries(w, one, tools_here, a):
    q = one["queries"]
    w(f"## Queries on the ×1 indexes (whole process, {a.qruns} runs each after one warm-up, ms)")
    w("")
    w("| query | kind | hits knipsel / quest | knipsel-query | quest | knipsel/quest |")
    w("|---|---|---|---|---|---|")
    for e in q:
        k, o = e["whole"].get(K, []), e["whole"].get(O, [])
        w(f"| `{e['query']}` | {e['kind']} | {e.get('hits_k')} / {e.get('hits_o', '–')} | {cell(k)} "
          f"| {cell(o)} | {ratio_cell(k, o, paired(k, o))} |")
    allk = [median(e["whole"][K]) for e in q]
    allo = [median(e["whole"][O]) for e in q] if O in tools_here else []
    if allo:
        w(f"| all ten | | | {fmt_num(median(allk))} | {fmt_num(median(allo))} "
          f"| {median(allk) / median(allo):.2f}× |")
    w("")
    w(f"In-process search time (`knipsel-query-latency`: the index opened once, then each query's "
      f"first run, 3 warm-up runs and {a.latency_runs} timed runs of the search knipsel-query does: "
      "parsing, matching, 10 results with snippets):")
    w("")
    w("| query | first run ms | p50 ms | p99 ms | max ms |")
    w("|---|---|---|---|---|")
    for e in q:
        lat = e["inproc_ms"]
        w(f"| `{e['query']}` | {fmt_num(e['cold_ms'])} | {fmt_num(pct(lat, 50))} | {fmt_num(pct(lat, 99))} "
          f"| {fmt_num(max(lat))} |")
    all_lat = [x for e in q for x in e["inproc_ms"]]
    w(f"| all ten | | {fmt_num(pct(all_lat, 50))} | {fmt_num(pct(all_lat, 99))} | {fmt_num(max(all_lat))} |")
    w("")
    parsed = [(e["query"], e.get("parsed_o")) for e in q if e.get("parsed_o")]
    if parsed:
        w("quest parsed the queries as: " + "; ".join(f"`{x}` → `{y}`" for x, y in parsed) + ".")
        w("")


def summary_lines(results):
    out = []
    for x in results:
        kw = [r_[K]["full"]["wall"] for r_ in x["runs"]]
        line = f"x{x['scale']}: {x['files']} files {mb(x['bytes']):.1f} MB | full: knipsel {median(kw):.2f}s"
        if O in x["tools"]:
            ow = [r_[O]["full"]["wall"] for r_ in x["runs"]]
            line += f", omindex {median(ow):.2f}s, ratio {median(kw) / median(ow):.2f}"
        krss = [r_[K]["full"]["rss_kib"] / 1024 for r_ in x["runs"]]
        line += f" | knipsel RSS {median(krss):.0f} MiB"
        if O in x["tools"]:
            orss = [r_[O]["full"]["rss_kib"] / 1024 for r_ in x["runs"]]
            line += f" (omindex {median(orss):.0f})"
        ks = [mb(r_[K]["size"]) for r_ in x["runs"]]
        line += f" | size {median(ks):.1f} MB"
        if O in x["tools"]:
            line += f" (omindex {median([mb(r_[O]['size']) for r_ in x['runs']]):.1f})"
        out.append(line)
        if "nochange" in x["runs"][0][K]:
            kn = [r_[K]["nochange"]["wall"] for r_ in x["runs"]]
            kc = [r_[K]["changed"]["wall"] for r_ in x["runs"]]
            line = f"    re-run no change: knipsel {median(kn):.3f}s"
            if O in x["tools"]:
                on = [r_[O]["nochange"]["wall"] for r_ in x["runs"]]
                line += f" omindex {median(on):.3f}s"
            line += f" | 1% changed: knipsel {median(kc):.3f}s"
            if O in x["tools"]:
                oc = [r_[O]["changed"]["wall"] for r_ in x["runs"]]
                line += f" omindex {median(oc):.3f}s"
            out.append(line)
        if "queries" in x:
            for e in x["queries"]:
                k = median(e["whole"][K])
                line = f"    query {e['query']!s:28} hits {e.get('hits_k')}/{e.get('hits_o', '-')}  knipsel {k:.1f} ms"
                if O in e["whole"]:
                    line += f"  quest {median(e['whole'][O]):.1f} ms"
                line += f"  in-process p50 {pct(e['inproc_ms'], 50):.2f} p99 {pct(e['inproc_ms'], 99):.2f} ms"
                out.append(line)
    return out


def ensure_out_dir(path):
    """The folder of --out, made now: a run of many minutes must not fail at its end."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as e:
        die(f"cannot make the folder of --out {path}: {e}")
    if not os.access(folder, os.W_OK):
        die(f"cannot write to the folder of --out {path}")


def cmd_run(a):
    ensure_out_dir(a.out)
    tools = Tools(a)
    mach = machine()
    if mach["load"][0] > 0.5:
        say(f"warning: load average {mach['load'][0]:.2f}: the machine is busy, timings will be noisy")
    scales = [int(s) for s in a.scales.split(",") if s.strip()]
    if a.quick:
        scales = [s for s in scales if s < 4]
    os.makedirs(a.cache, exist_ok=True)
    base_tmp = tempfile.mkdtemp(prefix="run-", dir=a.cache)
    t0 = time.time()
    results = []
    try:
        for s in scales:
            src = os.path.join(a.cache, "corpus" if s == 1 else f"corpus-x{s}")
            reps = a.reps if s == 1 else a.reps_large
            results.append(bench_scale(a, tools, s, src, base_tmp, with_reruns=(s == 1), reps=reps,
                                       skip_peer=(a.no_peer_above and s > a.no_peer_above)))
    except Failed as e:
        die(str(e))
    finally:
        shutil.rmtree(base_tmp, ignore_errors=True)
    write_results(a, tools, mach, results, a.out, time.time() - t0)
    print("\n".join(summary_lines(results)))
    print(f"wrote {a.out} and {os.path.splitext(a.out)[0]}.json")


# ---------------------------------------------------------------- `reindex`

def ensure_articles(a):
    d = os.path.join(a.cache, f"reindex-{a.files}")
    marker = d + ".gen"  # markers live next to the folder, so neither tool sees them
    want = {"files": a.files, "seed": a.seed, "generator": gen_version()}
    have = None
    try:
        with open(marker) as fh:
            have = json.load(fh)
    except (OSError, ValueError):
        pass
    if have != want or os.path.exists(d + ".dirty"):
        say(f"generating {a.files} articles in {d}")
        shutil.rmtree(d, ignore_errors=True)
        tmp = d + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        subprocess.run([PY, os.path.join(HERE, "gen-articles.py"), tmp, "--files", str(a.files),
                        "--seed", str(a.seed)], check=True)
        os.rename(tmp, d)
        with open(marker, "w") as fh:
            json.dump(want, fh)
        if os.path.exists(d + ".dirty"):
            os.remove(d + ".dirty")
    return d


def gen_version():
    with open(os.path.join(HERE, "gen-articles.py")) as fh:
        m = re.search(r"^VERSION = (\d+)", fh.read(), re.M)
    return int(m.group(1)) if m else 0


def cmd_reindex(a):
    ensure_out_dir(a.out)
    tools = Tools(a)
    mach = machine()
    if mach["load"][0] > 0.5:
        say(f"warning: load average {mach['load'][0]:.2f}: the machine is busy, timings will be noisy")
    os.makedirs(a.cache, exist_ok=True)
    corpus = ensure_articles(a)
    files = list_files(corpus)
    if len(files) != a.files:
        die(f"{corpus} has {len(files)} files, expected {a.files}")
    nbytes = sum(os.path.getsize(f) for f in files)
    work = tempfile.mkdtemp(prefix="reindex-", dir=a.cache)
    dirty = corpus + ".dirty"
    orig = {}  # path -> (size, mtime_ns)
    t0 = time.time()
    res = {"files": len(files), "bytes": nbytes, "reps": a.reps,
           "full": {K: [], O: []}, "nochange": {K: [], O: []}, "touched": {K: [], O: []},
           "changed": {K: [], O: []}, "counts": []}
    clock = Clock()
    try:
        warm(files)
        r = Runner(tools, corpus, work, files)
        for i in range(a.full_reps):
            for t in ([K, O] if i % 2 == 0 else [O, K]):
                say(f"full index of {len(files)} files, {t}")
                res["full"][t].append(r.index(t, fresh=True))
        for t in (K, O):
            n = tools.doc_count(r.db[t])
            if n != len(files):
                say(f"warning: {t} indexed {n} documents from {len(files)} files")
        open(dirty, "w").close()
        step = max(1, round(100 / a.percent))
        for rep in range(a.reps):
            order = [K, O] if rep % 2 == 0 else [O, K]
            for t in order:
                say(f"rep {rep + 1}/{a.reps}: no-change re-run, {t}")
                res["nochange"][t].append(r.index(t))
            # touch 1 %: new mtime, same content
            touched = files[(2 * rep) % step::step]
            tt = clock.next()
            for f in touched:
                st = os.stat(f)
                orig.setdefault(f, (st.st_size, st.st_mtime_ns))
                os.utime(f, (tt, tt))
            for t in order:
                say(f"rep {rep + 1}/{a.reps}: re-run after touching {len(touched)} files, {t}")
                res["touched"][t].append(r.index(t))
            # change 1 %: append text
            changed = files[(2 * rep + 1) % step::step]
            tc = clock.next()
            for f in changed:
                st = os.stat(f)
                orig.setdefault(f, (st.st_size, st.st_mtime_ns))
                with open(f, "ab") as fh:
                    fh.write(APPENDED)
                os.utime(f, (tc, tc))
            for t in order:
                say(f"rep {rep + 1}/{a.reps}: re-run after changing {len(changed)} files, {t}")
                res["changed"][t].append(r.index(t))
            res["counts"].append({"touched": len(touched), "changed": len(changed),
                                  "knipsel_touched": {k: res["touched"][K][-1].get(k) for k in ("replaced", "unchanged")},
                                  "knipsel_changed": {k: res["changed"][K][-1].get(k) for k in ("replaced", "unchanged")}})
    except Failed as e:
        die(str(e))
    finally:
        for f, (size, mt) in orig.items():  # restore the generated folder
            with open(f, "r+b") as fh:
                fh.truncate(size)
            os.utime(f, ns=(mt, mt))
        if os.path.exists(dirty):
            os.remove(dirty)
        if a.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    write_reindex(a, tools, mach, res, time.time() - t0)


def write_reindex(a, tools, mach, res, elapsed):
    vers = tools.versions()
    kf, of = [x["wall"] for x in res["full"][K]], [x["wall"] for x in res["full"][O]]
    L = []
    w = L.append
    w(f"# Re-indexing benchmark: {res['files']:,} small generated articles")
    w("")
    w(f"Written by `bench/reindex.sh` on {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')} "
      f"in {elapsed / 60:.1f} min. Machine: {mach['host']}; {load_note(mach)}.")
    if mach["env"]:
        w(f"Environment: {', '.join(f'{k}={v}' for k, v in mach['env'].items())}.")
    w("")
    w("Versions: " + "; ".join(f"{k}: `{v}`" for k, v in vers.items()) + ".")
    w("")
    w(f"Folder: `bench/gen-articles.py --files {res['files']} --seed {a.seed}` — "
      f"{res['files']:,} files, {mb(res['bytes']):.1f} MB, 100–200 words each, `date YYYY-MM-DD` "
      f"header, in YYYY/MM sub-folders. Each step changes the folder once and then runs both tools "
      f"on it (alternating which goes first); {res['reps']} repetitions, each with a different "
      f"{a.percent:g} % of the files. Cells: median (min–max) wall seconds.")
    w("")
    w("| run | knipsel | omindex | knipsel/omindex | omindex/knipsel |")
    w("|---|---|---|---|---|")
    for key, name in (("full", "full index (empty database)"), ("nochange", "no-change re-run"),
                      ("touched", f"re-run after touching {a.percent:g} % (same content, new mtime)"),
                      ("changed", f"re-run after changing {a.percent:g} % (appended sentence)")):
        k = [x["wall"] for x in res[key][K]]
        o = [x["wall"] for x in res[key][O]]
        inv = f"{median(o) / median(k):.1f}×" if k and o and median(k) else "–"
        w(f"| {name} | {cell(k)} | {cell(o)} | {ratio_cell(k, o, paired(k, o))} | {inv} |")
    krss = [x["rss_kib"] / 1024 for x in res["nochange"][K]]
    orss = [x["rss_kib"] / 1024 for x in res["nochange"][O]]
    w(f"| peak RSS of the no-change re-run, MiB | {cell(krss)} | {cell(orss)} | {ratio_cell(krss, orss)} | |")
    w("")
    kn = [x["wall"] for x in res["nochange"][K]]
    on = [x["wall"] for x in res["nochange"][O]]
    kc = [x["wall"] for x in res["changed"][K]]
    oc = [x["wall"] for x in res["changed"][O]]
    scale_note = "" if res["files"] == 100000 else \
        f" (the goals are stated for 100,000 files; this run has {res['files']:,})"
    w(f"Goals{scale_note}:")
    w("")
    g1 = median(kn) < 1.0
    w(f"- no-change re-run under 1 s: knipsel {median(kn):.3f} s — **{'met' if g1 else 'not met'}**")
    sp = median(on) / median(kn) if median(kn) else float("nan")
    w(f"- no-change re-run at least 3× faster than omindex's: omindex/knipsel = {sp:.1f}× "
      f"({median(on):.3f} s / {median(kn):.3f} s) — **{'met' if sp >= 3 else 'not met'}**")
    share = 100 * median(kc) / median(kf) if kf else float("nan")
    oshare = 100 * median(oc) / median(of) if of else float("nan")
    w(f"- {a.percent:g} %-changed re-run ≈ {a.percent:g} % of a full run: knipsel {share:.1f} % "
      f"({median(kc):.3f} s of {median(kf):.2f} s) — **{'met' if share <= 2 * a.percent else 'not met'}** "
      f"(counted as met up to {2 * a.percent:g} %); omindex: {oshare:.1f} % "
      f"({median(oc):.3f} s of {median(of):.2f} s)")
    w("")
    w("knipsel's own counts (replaced/unchanged): touched run " +
      ", ".join(f"{c['knipsel_touched']['replaced']}/{c['knipsel_touched']['unchanged']}" for c in res["counts"]) +
      "; changed run " +
      ", ".join(f"{c['knipsel_changed']['replaced']}/{c['knipsel_changed']['unchanged']}" for c in res["counts"]) +
      f" ({res['counts'][0]['touched'] if res['counts'] else '?'} files touched and changed per step).")
    w("")
    w("Commands: `knipsel-index --db DB --json DIR` and `omindex --db DB --url / -s dutch DIR`. New "
      "mtimes are whole seconds later than any earlier one, since omindex re-indexes a file only "
      "when its mtime is later than the one it stored. The folder is restored afterwards.")
    w("")
    if a.append:
        L[0] = "#" + L[0]  # a section of the file it is appended to
    text = "\n".join(L) + "\n"
    if a.append:
        with open(a.out, "a") as fh:
            fh.write("\n" + text)
    else:
        with open(a.out, "w") as fh:
            fh.write(text)
    with open(os.path.splitext(a.out)[0] + ".json", "w") as fh:
        json.dump({"machine": mach, "versions": vers, "results": res}, fh, indent=1)
    print(text)
    print(f"wrote {a.out}")


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description="knipsel benchmark harness (use bench/run.sh, bench/reindex.sh)")
    sub = ap.add_subparsers(dest="cmd", required=True)

    def common(p):
        p.add_argument("--cache", default="/tmp/knipsel-bench")
        p.add_argument("--ki", required=True, help="knipsel-index")
        p.add_argument("--kq", required=True, help="knipsel-query")
        p.add_argument("--keep", action="store_true", help="keep the work folder with the databases")

    p = sub.add_parser("run")
    common(p)
    p.add_argument("--scales", default="1,2,4")
    p.add_argument("--reps", type=int, default=3, help="repetitions at x1")
    p.add_argument("--reps-large", type=int, default=1, help="repetitions at x2 and up")
    p.add_argument("--quick", action="store_true", help="skip the x4 scale")
    p.add_argument("--no-peer-above", type=int, default=0, help="run omindex only up to this scale")
    p.add_argument("--subset", type=int, default=0, help="use only N files per x1 (smoke test)")
    p.add_argument("--qruns", type=int, default=10)
    p.add_argument("--latency-runs", type=int, default=200)
    p.add_argument("--no-queries", dest="queries", action="store_false")
    p.add_argument("--out", default=os.path.join(HERE, "RESULTS.md"))

    p = sub.add_parser("reindex")
    common(p)
    p.add_argument("--files", type=int, default=100000)
    p.add_argument("--seed", type=int, default=20240229)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--full-reps", type=int, default=1)
    p.add_argument("--percent", type=float, default=1.0)
    p.add_argument("--out", default=os.path.join(HERE, "RESULTS-reindex.md"))
    p.add_argument("--append", action="store_true", help="append to --out instead of overwriting it")

    a = ap.parse_args()
    # SIGTERM unwinds like Ctrl-C, so temporary folders go and the generated articles are restored
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if getattr(a, "reps", 1) < 1:
        die("--reps must be >= 1")
    (cmd_run if a.cmd == "run" else cmd_reindex)(a)


if __name__ == "__main__":
    main()
