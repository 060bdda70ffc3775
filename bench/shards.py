#!/usr/bin/python3
"""knipsel shard benchmark (issue #7): full index with 1 vs 2 shards, and query
latency over 1 database, 2 local shards and 2 loopback xapian-tcpsrv shards.

Called by bench/shards.sh, which installs xapian-tools and builds the corpus
first. Reuses the timing helpers and the ten queries of bench.py. See
bench/README.md ("Shards") for what each figure means.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import (QUERIES, HERE, TIME, Failed, cell, copy_corpus, die, dir_bytes, fmt_num,  # noqa: E402
                   list_files, load_note, machine, median, paired, pct, pick_subset, run, say, warm)

ONE, LOCAL, REMOTE = "1 database", "2 local shards", "2 tcpsrv shards"
LAYOUTS = [ONE, LOCAL, REMOTE]

# Issue #7's targets.
TARGET_SPEEDUP = 1.7        # 2 shards index at least this much faster than 1
TARGET_LOCAL_RATIO = 1.20   # 2 local shards: at most 20 % slower per query than 1 database
TARGET_REMOTE_MS = 2.0      # loopback shards: at most 2 ms more per query


def index_once(a, shards, db, corpus, log):
    """Full index into an empty `db`; returns wall, CPU seconds, peak RSS, summary."""
    shutil.rmtree(db, ignore_errors=True)
    fd, tfile = tempfile.mkstemp(prefix="time-")
    os.close(fd)
    summary = db + ".summary.json"
    try:
        with open(summary, "wb") as out, open(log, "ab") as err:
            t0 = time.perf_counter()
            p = subprocess.Popen([TIME, "-q", "-f", "%M %U %S", "-o", tfile, a.ki, "--db", db,
                                  "--shards", str(shards), "--json", corpus], stdout=out, stderr=err)
            try:
                threads = sample_threads(p)
            except BaseException:
                p.kill()
                p.wait()
                raise
            wall = time.perf_counter() - t0
        if p.returncode != 0:
            raise Failed(f"knipsel-index --shards {shards} exited with {p.returncode} (see {log})")
        with open(tfile) as fh:
            rss, user, sys_ = fh.read().split()[-3:]
        with open(summary) as fh:
            s = json.load(fh)
    finally:
        os.unlink(tfile)
    return {"wall": wall, "cpu": float(user) + float(sys_), "user": float(user), "sys": float(sys_),
            "rss_kib": int(rss), "docs": s.get("docs_in_index"), "errors": len(s.get("errors") or []),
            "size": dir_bytes(db), "threads": threads, "busiest": max(threads.values(), default=float("nan"))}


TICK = os.sysconf("SC_CLK_TCK")


def sample_threads(p):
    """CPU seconds of each thread of knipsel-index (the child of `time`), read
    from /proc every 0.2 s until it exits; the last reading of a thread is at
    most 0.2 s old. With 1 shard the main thread is the writer."""
    seen = {}
    while p.poll() is None:
        try:
            with open(f"/proc/{p.pid}/task/{p.pid}/children") as fh:
                kids = fh.read().split()
            for tid in os.listdir(f"/proc/{kids[0]}/task") if kids else []:
                with open(f"/proc/{kids[0]}/task/{tid}/stat") as fh:
                    f = fh.read().rsplit(")", 1)[1].split()
                seen["main" if tid == kids[0] else tid] = (int(f[11]) + int(f[12])) / TICK
        except (OSError, IndexError):
            pass  # a thread or the process ended between the listing and the read
        time.sleep(0.2)
    return seen


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, seconds=15):
    deadline = time.time() + seconds
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise Failed(f"xapian-tcpsrv did not start on port {port}")


def start_tcpsrv(tcpsrv, shard_dirs, stub_dir):
    """One loopback xapian-tcpsrv per shard and a stub of `remote` lines."""
    servers, ports = [], []
    for d in shard_dirs:
        port = free_port()
        # Its own session: xapian-tcpsrv signals its whole process group when it exits.
        servers.append(subprocess.Popen([tcpsrv, "--interface", "127.0.0.1", "--port", str(port), d],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True))
        ports.append(port)
    for port in ports:
        wait_listening(port)
    os.makedirs(stub_dir, exist_ok=True)
    with open(os.path.join(stub_dir, "XAPIANDB"), "w") as fh:
        fh.writelines(f"remote 127.0.0.1:{p}\n" for p in ports)
    return servers


def stop(servers):
    for p in servers:
        p.terminate()
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def query_cmd(a, db, q, fmt=None):
    cmd = [a.kq, "--db", db, "--all", "-n", "10"]
    if fmt:
        cmd += ["--format", fmt]
    return cmd + ["--", q]


def bench_queries(a, dbs):
    out = []
    for q, kind in QUERIES:
        say(f"queries: {q}")
        e = {"query": q, "kind": kind, "whole": {l: [] for l in LAYOUTS}, "inproc": {l: [] for l in LAYOUTS},
             "hits": {}}
        for l in LAYOUTS:
            p = subprocess.run(query_cmd(a, dbs[l], q, "json"), capture_output=True, text=True)
            if p.returncode not in (0, 1):
                raise Failed(f"knipsel-query on {l} {q!r} exited with {p.returncode}: {p.stderr}")
            e["hits"][l] = json.loads(p.stdout).get("total")
        # Whole process: one warm-up round, then qruns rounds; the layouts take
        # turns within each round, starting from a different one each time.
        for i in range(a.qruns + 1):
            k = i % len(LAYOUTS)
            for l in LAYOUTS[k:] + LAYOUTS[:k]:
                wall, _, _ = run(query_cmd(a, dbs[l], q), ok=(0, 1), rss=False)
                if i:
                    e["whole"][l].append(wall * 1000)
        out.append(e)
    # In-process: knipsel-query-latency opens each layout once and repeats
    # the search (parse, search, snippets; not start-up, opening or connecting).
    # The layouts take turns, latency_runs/5 runs per query at a time.
    klat = os.path.join(os.path.dirname(a.kq), "knipsel-query-latency")
    queries = [q for q, _ in QUERIES]
    for i in range(5):
        k = i % len(LAYOUTS)
        for l in LAYOUTS[k:] + LAYOUTS[:k]:
            p = subprocess.run([klat, "--db", dbs[l], "--all", "-n", "10", "--runs", str(max(1, a.latency_runs // 5)),
                                "--warmup", "3", "--"] + queries, capture_output=True, text=True)
            if p.returncode != 0:
                raise Failed(f"knipsel-query-latency on {l} exited with {p.returncode}: {p.stderr}")
            lines = [json.loads(line) for line in p.stdout.splitlines()]
            if [x["query"] for x in lines] != queries:
                raise Failed(f"knipsel-query-latency on {l} did not answer every query")
            for e, x in zip(out, lines):
                e["inproc"][l] += x["ms"]
    return out


def versions(a):
    v = {}
    for name, cmd in (("knipsel-index", [a.ki, "--version"]), ("xapian-tcpsrv", [a.tcpsrv, "--version"])):
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
            v[name] = (r.stdout or r.stderr).strip().splitlines()[0]
        except Exception as e:  # noqa: BLE001 - just informative
            v[name] = f"? ({e})"
    root = os.path.dirname(HERE)
    rev = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    # The results files are written by the runs themselves: not source.
    dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "--untracked-files=no",
                            "--", ".", ":!bench/RESULTS*"],
                           capture_output=True, text=True).stdout.strip()
    v["knipsel source"] = f"git {rev.stdout.strip()}" + (" + uncommitted changes" if dirty else "")
    return v


def met(ok):
    return "**met**" if ok else "**not met**"


def write_results(a, mach, vers, res, elapsed):
    L = []
    w = L.append
    idx, qs = res["index"], res.get("queries")
    w("# knipsel shard benchmark results")
    w("")
    w(f"Written by `bench/shards.sh` on {time.strftime('%Y-%m-%d %H:%M')} in {elapsed / 60:.1f} min. "
      f"Machine: {mach['host']}; {load_note(mach)}; load average at the end "
      f"{res['load_end'][0]:.2f} {res['load_end'][1]:.2f} {res['load_end'][2]:.2f}.")
    w("")
    w("Versions: " + "; ".join(f"{k}: `{v}`" for k, v in vers.items()) + ".")
    if res["subset"]:
        w("")
        w(f"**Smoke test on a subset of {res['files']} files, not a benchmark.**")
    w("")
    w("Each cell is the median and (min–max). The layouts ran alternately (each repetition flips "
      "which goes first; each query round rotates the order), so a repetition is a pair and the "
      "ratio's range is that of the per-repetition ratios.")
    w("")
    one = [r["1"]["wall"] for r in idx]
    two = [r["2"]["wall"] for r in idx]
    speed = median(one) / median(two)
    pairs = paired(one, two)
    w("## Targets")
    w("")
    w("| target | figure | |")
    w("|---|---|---|")
    w(f"| 2 shards index ≥ {TARGET_SPEEDUP}× faster than 1 | {speed:.2f}× ({min(pairs):.2f}–{max(pairs):.2f}) "
      f"| {met(speed >= TARGET_SPEEDUP)} |")
    if qs:
        for label, key in (("whole process", "whole"), ("in-process", "inproc")):
            m = {l: median([median(e[key][l]) for e in qs]) for l in LAYOUTS}
            r = m[LOCAL] / m[ONE]
            w(f"| 2 local shards ≤ {TARGET_LOCAL_RATIO:.2f}× 1 database, {label} (median of the ten medians) "
              f"| {fmt_num(m[LOCAL])} vs {fmt_num(m[ONE])} ms: {r:.2f}× | {met(r <= TARGET_LOCAL_RATIO)} |")
            d_local, d_one = m[REMOTE] - m[LOCAL], m[REMOTE] - m[ONE]
            w(f"| 2 tcpsrv shards ≤ {TARGET_REMOTE_MS:g} ms over 2 local shards, {label} "
              f"| {fmt_num(m[REMOTE])} ms: +{fmt_num(d_local)} ms (+{fmt_num(d_one)} over 1 database) "
              f"| {met(d_local <= TARGET_REMOTE_MS)} |")
    w("")
    w(f"## Full index of the corpus ({res['files']:,} files, {res['bytes'] / 1e6:.1f} MB, "
      f"{len(idx)} repetitions)")
    w("")
    w("| figure | 1 shard | 2 shards | 2 shards / 1 shard |")
    w("|---|---|---|---|")

    def row(name, f, unit=""):
        x, y = [f(r["1"]) for r in idx], [f(r["2"]) for r in idx]
        w(f"| {name} | {cell(x, unit)} | {cell(y, unit)} | {median(y) / median(x):.2f}× |")
    row("wall s", lambda r: r["wall"])
    row("docs/s", lambda r: res["files"] / r["wall"])
    row("CPU s (user + sys)", lambda r: r["cpu"])
    row("cores busy (CPU s / wall s)", lambda r: r["cpu"] / r["wall"])
    row("busiest thread, CPU s", lambda r: r["busiest"])
    row("bound on 2 idle cores: max(busiest, CPU/2) s", lambda r: max(r["busiest"], r["cpu"] / 2))
    row("peak RSS, MiB", lambda r: r["rss_kib"] / 1024)
    row("index size, MB", lambda r: r["size"] / 1e6)
    w("")
    bound = [max(r[n]["busiest"], r[n]["cpu"] / 2) for r in idx for n in ("1", "2")]
    ceiling = median(bound[0::2]) / median(bound[1::2])
    w(f"Speed-up of 2 shards: **{speed:.2f}×** (per repetition {', '.join(f'{x:.2f}' for x in pairs)}); "
      f"the CPU figures bound it at **{ceiling:.2f}×** on two idle cores. "
      "A run can take no less wall time than its busiest thread's CPU time, nor than half its CPU time: "
      "with 1 shard the busiest thread is the writer (worker threads read and analyse beside it), "
      "with 2 each shard's thread does everything for its half. "
      f"Documents: {', '.join(str(r['1']['docs']) for r in idx)} (1 shard), "
      f"{', '.join(str(r['2']['docs']) for r in idx)} (2 shards).")
    w("")
    if qs:
        for label, key, n in (("whole process", "whole", a.qruns), ("in-process", "inproc", a.latency_runs)):
            w(f"## Queries, {label} ({n} runs per query and layout, ms)")
            w("")
            if key == "whole":
                w("Wall time of one `knipsel-query --all -n 10 -- QUERY` process (start-up, opening the "
                  "shards or connecting to the servers, search, 10 results with snippets), after one warm-up round.")
            else:
                w("`knipsel-query-latency` (bench/latency/): the index opened (or the servers connected) once, "
                  "then the search knipsel-query does, repeated: query parsing, search and 10 results with snippets.")
            w("")
            w(f"| query | kind | hits | {ONE} | {LOCAL} | {REMOTE} | local/1 db | tcpsrv − local |")
            w("|---|---|---|---|---|---|---|---|")
            for e in qs:
                x = e[key]
                hits = {e["hits"][l] for l in LAYOUTS}
                h = str(e["hits"][ONE]) if len(hits) == 1 else " / ".join(str(e["hits"][l]) for l in LAYOUTS)
                w(f"| `{e['query']}` | {e['kind']} | {h} | {cell(x[ONE])} | {cell(x[LOCAL])} | {cell(x[REMOTE])} "
                  f"| {median(x[LOCAL]) / median(x[ONE]):.2f}× | {median(x[REMOTE]) - median(x[LOCAL]):+.2f} |")
            m = {l: median([median(e[key][l]) for e in qs]) for l in LAYOUTS}
            w(f"| median of the ten | | | {fmt_num(m[ONE])} | {fmt_num(m[LOCAL])} | {fmt_num(m[REMOTE])} "
              f"| {m[LOCAL] / m[ONE]:.2f}× | {m[REMOTE] - m[LOCAL]:+.2f} |")
            if key == "inproc":
                allp = {l: [v for e in qs for v in e[key][l]] for l in LAYOUTS}
                w(f"| p99 of all runs | | | {fmt_num(pct(allp[ONE], 99))} | {fmt_num(pct(allp[LOCAL], 99))} "
                  f"| {fmt_num(pct(allp[REMOTE], 99))} | | |")
            w("")
        bad = [e["query"] for e in qs if len({e["hits"][l] for l in LAYOUTS}) != 1]
        w("Hits are the same in all three layouts" if not bad else
          "**Hit counts differ between layouts for: " + ", ".join(f"`{q}`" for q in bad) + "**")
        w("")
    w("## Method")
    w("")
    w(f"- Corpus: `{res['source']}` (`bench/make-corpus.sh`), copied to a temporary folder and read once, "
      "so the page cache is warm.")
    w("- Full index: `knipsel-index --db DB --shards N --json DIR` into an empty database, N = 1 and 2 "
      "alternately; default threads (one per core). With 1 shard, worker threads read and analyse "
      "while one thread writes; with 2, each shard has its own thread and writer. Wall time around "
      "the process; CPU seconds and peak RSS from `/usr/bin/time -f '%M %U %S'`.")
    w("- Query layouts: the 1-shard and 2-shard databases of the last repetition; the third is a stub "
      "folder whose `XAPIANDB` lists `remote 127.0.0.1:PORT` for one `xapian-tcpsrv --interface "
      "127.0.0.1` per shard of the 2-shard database (same machine: the network is loopback, the "
      "servers share the two cores with the client).")
    w("- Queries: the ten of `bench/run.sh`, `knipsel-query --all -n 10` (strict AND).")
    w("")
    with open(a.out, "w") as fh:
        fh.write("\n".join(L) + "\n")
    return speed


def main():
    ap = argparse.ArgumentParser(description="knipsel shard benchmark (use bench/shards.sh)")
    ap.add_argument("--cache", default="/tmp/knipsel-bench")
    ap.add_argument("--ki", required=True)
    ap.add_argument("--kq", required=True)
    ap.add_argument("--tcpsrv", default=shutil.which("xapian-tcpsrv"))
    ap.add_argument("--reps", type=int, default=3, help="full-index repetitions per layout")
    ap.add_argument("--qruns", type=int, default=10)
    ap.add_argument("--latency-runs", type=int, default=50)
    ap.add_argument("--subset", type=int, default=0)
    ap.add_argument("--no-queries", dest="queries", action="store_false")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--out", default=os.path.join(HERE, "RESULTS-shards.md"))
    a = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if a.reps < 1:
        die("--reps must be >= 1")
    if a.queries and not a.tcpsrv:
        die("xapian-tcpsrv not found (apt-get install xapian-tools)")
    mach = machine()
    if mach["load"][0] > 0.5:
        say(f"warning: load average {mach['load'][0]:.2f}: the machine is busy, timings will be noisy")
    src = os.path.join(a.cache, "corpus")
    all_files = list_files(src)
    if not all_files:
        die(f"no .txt files in {src} (run bench/make-corpus.sh)")
    t0 = time.time()
    work = tempfile.mkdtemp(prefix="shards-", dir=a.cache)
    servers = []
    try:
        corpus = os.path.join(work, "corpus")
        files_src = pick_subset(all_files, a.subset)
        say(f"copying {len(files_src)} files to {corpus}")
        files = copy_corpus(files_src, src, corpus)
        warm(files)
        res = {"files": len(files), "bytes": sum(os.path.getsize(f) for f in files), "source": src,
               "subset": bool(a.subset), "index": []}
        dbs = {ONE: os.path.join(work, "one.db"), LOCAL: os.path.join(work, "two.db"),
               REMOTE: os.path.join(work, "remote.db")}
        log = os.path.join(work, "index.log")
        for rep in range(a.reps):
            order = ["1", "2"] if rep % 2 == 0 else ["2", "1"]
            r = {}
            for n in order:
                say(f"rep {rep + 1}/{a.reps}: full index, {n} shard(s)")
                r[n] = index_once(a, int(n), dbs[ONE if n == "1" else LOCAL], corpus, log)
                say(f"  {r[n]['wall']:.2f} s wall, {r[n]['cpu']:.2f} s CPU, {r[n]['docs']} documents")
                if r[n]["docs"] != len(files):
                    say(f"warning: {r[n]['docs']} documents from {len(files)} files")
            res["index"].append(r)
        if a.queries:
            servers = start_tcpsrv(a.tcpsrv, [os.path.join(dbs[LOCAL], f"shard-{i}") for i in range(2)],
                                   dbs[REMOTE])
            res["queries"] = bench_queries(a, dbs)
        res["load_end"] = os.getloadavg()
    except Failed as e:
        die(str(e))
    finally:
        stop(servers)
        if a.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    vers = versions(a)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(os.path.splitext(a.out)[0] + ".json", "w") as fh:  # first: the raw figures survive a report bug
        json.dump({"machine": mach, "versions": vers, "results": res}, fh, indent=1)
    speed = write_results(a, mach, vers, res, time.time() - t0)
    print(f"2 shards vs 1: {speed:.2f}x; wrote {a.out} and {os.path.splitext(a.out)[0]}.json")


if __name__ == "__main__":
    main()
