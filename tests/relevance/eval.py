#!/usr/bin/env python3
"""Evaluates knipsel's ranking on the judged queries in queries.tsv.

Indexes corpus/ once per configuration — the shipped schema, the baseline
(what Xapian's own tools give: Snowball dutch, case folding only, no
compounds, synonyms, spelling or English analysis) and variants with one
feature switched off — runs every judged query through `knipsel-query
--format json`, and prints P@5, MRR and nDCG@10 per category and overall,
side by side, with the shipped configuration's nDCG@10 gain over the
baseline. With --check, exits 1 when the shipped configuration falls under
the thresholds in thresholds.json or does not beat the baseline.

It then runs the plain multi-word queries of plain-queries.tsv against the
shipped configuration three ways: strict AND (--all), plain OR (--any) and
knipsel's default (every-word hits first, then the nearest misses); with
--check the default must beat strict AND and stay within PLAIN_OR_SLACK of
plain OR's nDCG@10 with no lower MRR.

Usage: eval.py INDEX_BIN QUERY_BIN [--check] [--configs knipsel,baseline,...]
"""
import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# name -> changes to the shipped schema's [analysis] ("knipsel" is it as is).
# "baseline" is what Xapian's own tools give: the Snowball dutch stemmer,
# case folding only, no compounds, synonyms, spelling or English analysis.
BASELINE = {"stemmer": "dutch", "stemmer_rules": "none", "compounds": "none", "fold": "case",
            "synonyms": None, "spelling": "false", "[analysis.en]": None}
CONFIGS = {
    "knipsel": {},
    "baseline": BASELINE,
    "snowball": {"stemmer": "dutch", "stemmer_rules": "none", "compounds": "none"},
    "no-compounds": {"compounds": "none"},
    "no-synonyms": {"synonyms": None},
    "no-spelling": {"spelling": "false"},
    "no-english": {"[analysis.en]": None},
    "kraaij_pohlmann": {"stemmer": "kraaij_pohlmann", "stemmer_rules": "none", "compounds": "none"},
}
# On the plain queries the default (every word first) may trail a ranked
# OR by this much nDCG@10 (see README, "Which documents a query finds").
PLAIN_OR_SLACK = 0.01
DEFAULT_CONFIGS = "knipsel,baseline,snowball,no-compounds,no-synonyms,no-spelling,no-english"


def load_queries(path):
    queries = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        assert header[:3] == ["query", "category", "judgments"], header
        for n, line in enumerate(f, start=2):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            q, cat, judged = line.split("\t")
            grades = {}
            for item in judged.split():
                doc, grade = item.rsplit(":", 1)
                grades[doc] = int(grade)
            queries.append((q, cat, grades))
    return queries


def schema_variant(tmp, name):
    src = os.path.join(ROOT, "schemas")
    dst = os.path.join(tmp, "schemas-" + name)
    shutil.copytree(src, dst)
    path = os.path.join(dst, "knipsel.toml")
    text = open(path, encoding="utf-8").read()
    for key, value in CONFIGS[name].items():
        if key.startswith("["):  # drop a table and its keys
            text = re.sub(r"(?ms)^" + re.escape(key) + r"\n.*?(?=^\[|\Z)", "", text)
    # Keys are changed in the [analysis] table only (not in [analysis.en]).
    start = text.index("[analysis]\n") + len("[analysis]\n")
    end = re.compile(r"(?m)^\[").search(text, start)
    end = end.start() if end else len(text)
    table = text[start:end]
    for key, value in CONFIGS[name].items():
        if key.startswith("["):
            continue
        if value is None:
            table = re.sub(r"(?m)^" + key + r" = .*\n", "", table)
        else:
            quoted = value if value in ("true", "false") else f'"{value}"'
            table, n = re.subn(r"(?m)^" + key + r" = .*$", f"{key} = {quoted}", table)
            if n == 0:
                table = f"{key} = {quoted}\n" + table
    text = text[:start] + table + text[end:]
    open(path, "w", encoding="utf-8").write(text)
    return path


def dcg(grades):
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def metrics(ranked, judged):
    grades = [judged.get(d, 0) for d in ranked]
    p5 = sum(1 for g in grades[:5] if g > 0) / 5.0
    mrr = next((1.0 / (i + 1) for i, g in enumerate(grades) if g > 0), 0.0)
    ideal = dcg(sorted(judged.values(), reverse=True)[:10])
    ndcg = dcg(grades[:10]) / ideal if ideal > 0 else 0.0
    return p5, mrr, ndcg


def build_index(name, index_bin, tmp):
    schema = schema_variant(tmp, name)
    db = os.path.join(tmp, "db-" + name)
    p = subprocess.run([index_bin, "--db", db, "--schema", schema, "-q", os.path.join(ROOT, "corpus")],
                       capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"eval: indexing with {name} failed ({p.returncode}): {p.stderr.strip()}")
    return db


def run_queries(db, query_bin, queries, mode=()):
    per_query = []
    for q, cat, judged in queries:
        p = subprocess.run([query_bin, "--db", db, "--format", "json", "-n", "10", *mode, "--", q],
                           capture_output=True, text=True)
        if p.returncode not in (0, 1):
            sys.exit(f"eval: query {q!r} failed ({p.returncode}): {p.stderr.strip()}")
        ranked = [r["id"] for r in json.loads(p.stdout)["results"]]
        per_query.append((q, cat, metrics(ranked, judged)))
    return per_query


def summarise(per_query):
    by_cat = defaultdict(list)
    for _, cat, m in per_query:
        by_cat[cat].append(m)
        by_cat["overall"].append(m)
    return {cat: tuple(sum(x[i] for x in ms) / len(ms) for i in range(3)) + (len(ms),)
            for cat, ms in by_cat.items()}


def write_markdown(path, queries, plain, names, summaries, plain_summary):
    cats = sorted(summaries[names[0]], key=lambda c: (c == "overall", c))
    out = ["# knipsel relevance on the judged queries", "",
           "Written by `tests/relevance/eval.py --write docs/relevance.md` (see the README,",
           "\"Measuring relevance\"). %d judged queries over `corpus/` (`tests/relevance/queries.tsv`);" % len(queries),
           "each cell is P@5 / MRR / nDCG@10. **baseline** is what Xapian's own tools give",
           "(Snowball `dutch`, case folding only, no compounds, synonyms, spelling or English",
           "analysis); the `no-…` columns are knipsel with one feature off.", ""]
    gain = "baseline" in summaries and "knipsel" in summaries
    out.append("| category | n | " + " | ".join(names) + (" | nDCG@10 gain over baseline |" if gain else " |"))
    out.append("|---|---|" + "---|" * len(names) + ("---|" if gain else ""))
    for cat in cats:
        cells = ["%.3f / %.3f / %.3f" % summaries[c][cat][:3] for c in names]
        if cat == "overall":
            cells = ["**%s**" % c for c in cells]
        row = "| %s | %d | %s |" % (cat, summaries[names[0]][cat][3], " | ".join(cells))
        if gain:
            row += " %+.3f |" % (summaries["knipsel"][cat][2] - summaries["baseline"][cat][2])
        out.append(row)
    if plain_summary:
        out += ["", "%d plain multi-word queries (`tests/relevance/plain-queries.tsv`), shipped configuration:" % len(plain),
                "", "| matching | P@5 | MRR | nDCG@10 |", "|---|---|---|---|"]
        for m, (p5, mrr, ndcg, _) in plain_summary.items():
            out.append("| %s | %.3f | %.3f | %.3f |" % (m, p5, mrr, ndcg))
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("index_bin")
    ap.add_argument("query_bin")
    ap.add_argument("--queries", default=os.path.join(HERE, "queries.tsv"))
    ap.add_argument("--plain-queries", default=os.path.join(HERE, "plain-queries.tsv"))
    ap.add_argument("--configs", default=DEFAULT_CONFIGS,
                    help="configurations to compare (first is the shipped one): " + ",".join(CONFIGS))
    ap.add_argument("--check", action="store_true", help="fail under thresholds.json")
    ap.add_argument("--per-query", action="store_true", help="print nDCG@10 of every query")
    ap.add_argument("--write", metavar="FILE.md", help="also write the tables as Markdown (docs/relevance.md)")
    args = ap.parse_args()

    queries = load_queries(args.queries)
    plain = load_queries(args.plain_queries) if os.path.exists(args.plain_queries) else []
    names = args.configs.split(",")
    modes = {"strict AND": ("--all",), "plain OR": ("--any",), "default": ()}
    tmp = tempfile.mkdtemp(prefix="knipsel-eval-")
    try:
        dbs = {n: build_index(n, args.index_bin, tmp) for n in names}
        results = {n: run_queries(dbs[n], args.query_bin, queries) for n in names}
        shipped = dbs.get("knipsel") or build_index("knipsel", args.index_bin, tmp)
        plain_results = {m: run_queries(shipped, args.query_bin, plain, flags) for m, flags in modes.items()}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    summaries = {n: summarise(r) for n, r in results.items()}

    cats = sorted(summaries[names[0]], key=lambda c: (c == "overall", c))
    print(f"{len(queries)} judged queries; P@5 / MRR / nDCG@10 per configuration\n")
    gain = "knipsel" in summaries and "baseline" in summaries
    print(f"{'category':<13}{'n':>3}  " + "".join(f"{n:>24}" for n in names) +
          ("  nDCG gain over baseline" if gain else ""))
    for cat in cats:
        n = summaries[names[0]][cat][3]
        cells = "".join("{:>24}".format("%.3f %.3f %.3f" % summaries[c][cat][:3]) for c in names)
        if gain:
            cells += "{:>+12.3f}".format(summaries["knipsel"][cat][2] - summaries["baseline"][cat][2])
        print(f"{cat:<13}{n:>3}  {cells}")
    if args.per_query:
        print("\nnDCG@10 per query:")
        for i, (q, cat, _) in enumerate(results[names[0]]):
            cells = "".join(f"{results[c][i][2][2]:>10.3f}" for c in names)
            print(f"  {q[:40]:<42}{cat:<13}{cells}")

    plain_summary = {}
    if plain:
        plain_summary = {m: summarise(r)["overall"] for m, r in plain_results.items()}
        print(f"\n{len(plain)} plain multi-word queries (plain-queries.tsv), shipped configuration:")
        print(f"{'matching':<14}{'P@5':>8}{'MRR':>8}{'nDCG@10':>9}")
        for m, (p5, mrr, ndcg, _) in plain_summary.items():
            print(f"{m:<14}{p5:>8.3f}{mrr:>8.3f}{ndcg:>9.3f}")
        if args.per_query:
            print("\nnDCG@10 per plain query (strict AND / plain OR / default):")
            for i, (q, _, _) in enumerate(plain_results["default"]):
                cells = "".join(f"{plain_results[m][i][2][2]:>8.3f}" for m in modes)
                print(f"  {q[:44]:<46}{cells}")

    if args.write:
        write_markdown(args.write, queries, plain, names, summaries, plain_summary)

    if args.check:
        limits = json.load(open(os.path.join(HERE, "thresholds.json")))
        got = dict(zip(("p5", "mrr", "ndcg10"), summaries["knipsel"]["overall"][:3]))
        if plain_summary:
            got["plain_ndcg10"] = plain_summary["default"][2]
            got["plain_p5"] = plain_summary["default"][0]
        failed = [f"{k} {got[k]:.3f} < {v}" for k, v in limits.items() if k in got and got[k] < v]
        if "baseline" in summaries and summaries["knipsel"]["overall"][2] <= summaries["baseline"]["overall"][2]:
            failed.append("knipsel does not beat the baseline's overall nDCG@10")
        if plain_summary:
            default, strict, plain_or = (plain_summary[m] for m in ("default", "strict AND", "plain OR"))
            if default[2] <= strict[2]:
                failed.append(f"default nDCG@10 {default[2]:.3f} does not beat strict AND {strict[2]:.3f}")
            # Every-word hits first must cost (almost) nothing against a plain
            # ranked OR: within PLAIN_OR_SLACK of its nDCG@10, and no lower MRR.
            if default[2] < plain_or[2] - PLAIN_OR_SLACK or default[1] < plain_or[1]:
                failed.append(f"default nDCG@10 {default[2]:.3f} / MRR {default[1]:.3f} fall behind "
                              f"plain OR {plain_or[2]:.3f} / {plain_or[1]:.3f} on the plain queries")
        if failed:
            print("\nFAIL: the shipped configuration fell under its thresholds: " + ", ".join(failed))
            return 1
        print("\nthresholds hold: " + ", ".join(f"{k} {got[k]:.3f} >= {v}" for k, v in limits.items() if k in got))
    return 0


if __name__ == "__main__":
    sys.exit(main())
