#!/bin/bash
# Re-indexing benchmark: knipsel vs omindex on a folder of many small generated articles.
#
# Usage: bench/reindex.sh [CACHE_DIR] [OPTIONS]
#   CACHE_DIR        default /tmp/knipsel-bench (or $KNIPSEL_BENCH_CACHE); the articles are
#                    generated once into CACHE_DIR/reindex-<files>
#   --files N        number of articles (default 100000)
#   --reps N         repetitions of each re-run (default 3; tools alternate)
#   --full-reps N    full indexes per tool (default 1)
#   --percent P      share of files touched / changed per step (default 1)
#   --seed S         generator seed (default 20240229)
#   --out FILE       default bench/RESULTS-reindex.md (FILE.json with raw figures next to it)
#   --append         append to --out instead of overwriting it (e.g. --out bench/RESULTS.md --append)
#   --keep           keep the temporary databases
#   --build          run `cmake --build build -j2` first
# Steps: full index with each tool; then, per repetition, a no-change re-run, a re-run after
# touching P % of the files (new mtime, same content) and one after appending a sentence to
# another P %, each run by both tools on the same folder. The folder is restored at the end.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

C=${KNIPSEL_BENCH_CACHE:-/tmp/knipsel-bench}
ARGS=()
if [ $# -gt 0 ] && [[ $1 != -* ]]; then C=$1; shift; fi
while [ $# -gt 0 ]; do
  pass_option "--keep --append" "--files --reps --full-reps --seed --percent" "$@"
  shift "$SHIFT"
done

ensure_python
ensure_pkgs omindex:xapian-omega quest:xapian-tools xapian-compact:xapian-tools xapian-delve:xapian-tools /usr/bin/time:time
find_bins
mkdir -p "$C"
exec "$PY" "$BENCH_DIR/bench.py" reindex --cache "$C" --ki "$KI" --kq "$KQ" "${ARGS[@]+"${ARGS[@]}"}"
