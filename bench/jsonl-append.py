#!/usr/bin/python3
"""Re-run after one line appended to a big .jsonl, against its full index.

Usage: bench/jsonl-append.py [--lines N ...] [--reps N] [--dir DIR] [--threads N]

For each line count: one .jsonl of N undated generated articles (the
tester's generator), indexed once; then, --reps times, one line appended
and a re-run timed, then a --full timed (alternating, so both see the same
load). Prints the wall seconds of each run, their medians and the re-run's
counts. DIR (default /dev/shm/knipsel-jsonl-append, a tmpfs) is removed at
the end. Uses build/bin (or $KNIPSEL_BIN).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write_jsonl(path, n):
    with open(path, "w") as f:
        for j in range(n):
            f.write(json.dumps({"id": f"g{j}", "title": f"Groei {j}",
                                "body": "tekst over de begroting en het kabinet " * 20 + f"groei{j}"}) + "\n")


def timed(cmd):
    t = time.monotonic()
    r = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.monotonic() - t
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)}: exit {r.returncode}\n{r.stderr}")
    return wall, r.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lines", type=int, nargs="+", default=[31000, 100000])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--dir", default="/dev/shm/knipsel-jsonl-append")
    a = ap.parse_args()
    ki = os.path.join(os.environ.get("KNIPSEL_BIN", os.path.join(ROOT, "build", "bin")), "knipsel-index")
    for n in a.lines:
        shutil.rmtree(a.dir, ignore_errors=True)
        src, db = os.path.join(a.dir, "W"), os.path.join(a.dir, "DB")
        os.makedirs(src)
        write_jsonl(os.path.join(src, "grow.jsonl"), n)
        base = [ki, "-q", "--threads", str(a.threads), "--db", db]
        timed(base + [src])
        appends, fulls = [], []
        for k in range(a.reps):
            with open(os.path.join(src, "grow.jsonl"), "a") as f:
                f.write(json.dumps({"id": f"t{k}", "title": "T", "body": f"tt{k}"}) + "\n")
            wall, out = timed(base + ["--json", src])
            s = json.loads(out)
            appends.append(wall)
            print(f"{n} lines, append #{k + 1}: {wall:.3f} s (added {s['added']}, replaced {s['replaced']}, "
                  f"removed {s['removed']}, unchanged {s['unchanged']})", flush=True)
            wall, _ = timed(base + ["--full", src])
            fulls.append(wall)
            print(f"{n} lines, --full  #{k + 1}: {wall:.3f} s", flush=True)
        print(f"{n} lines: append one line {statistics.median(appends):.2f} s, --full "
              f"{statistics.median(fulls):.2f} s (medians of {a.reps}; load {os.getloadavg()[0]:.2f})", flush=True)
    shutil.rmtree(a.dir, ignore_errors=True)


if __name__ == "__main__":
    main()
