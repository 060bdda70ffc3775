#!/bin/bash
# knipsel vs omindex/quest on the Dutch documentation corpus; writes bench/RESULTS.md.
#
# Usage: bench/run.sh [CACHE_DIR] [OPTIONS]
#   CACHE_DIR            corpus cache, default /tmp/knipsel-bench (or $KNIPSEL_BENCH_CACHE)
#   --scales 1,2,4       scales to run (x1 = 23,190 files; x2, x4 only do the full index)
#   --reps N             repetitions at x1 (default 3); --reps-large N at x2/x4 (default 1)
#   --quick              skip the x4 scale (omindex alone takes ~6 minutes there)
#   --no-peer-above S    run omindex only up to scale S
#   --qruns N            whole-process runs per query and tool (default 10)
#   --latency-runs N     knipsel-query-latency runs per query for the in-process p50/p99 (default 200)
#   --no-queries         skip the query benchmark
#   --subset N           use only N files per x1 (a smoke test of the scripts, not a benchmark)
#   --out FILE           default bench/RESULTS.md (a FILE.json with the raw figures goes next to it)
#   --keep               keep the temporary databases
#   --build              run `cmake --build build -j2` first
# Environment: KNIPSEL_BIN (folder with knipsel-index/-query, default build/bin).
# Needs Debian/Ubuntu; installs xapian-omega and xapian-tools if missing (root or sudo).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

C=${KNIPSEL_BENCH_CACHE:-/tmp/knipsel-bench}
SCALES=1,2,4
QUICK=0
ARGS=()
if [ $# -gt 0 ] && [[ $1 != -* ]]; then C=$1; shift; fi
while [ $# -gt 0 ]; do
  case $1 in
    --scales) [ $# -ge 2 ] || die "--scales needs a value"; SCALES=$2; shift 2 ;;
    --scales=*) SCALES=${1#*=}; shift ;;
    --quick) QUICK=1; ARGS+=(--quick); shift ;;
    *) pass_option "--keep --no-queries" "--reps --reps-large --no-peer-above --qruns --latency-runs --subset" "$@"
       shift "$SHIFT" ;;
  esac
done
[[ $SCALES =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "bad --scales '$SCALES' (e.g. 1,2,4)"
[[ ,$SCALES, == *,1,* ]] || die "--scales must include 1"

ensure_python
ensure_pkgs omindex:xapian-omega quest:xapian-tools xapian-compact:xapian-tools xapian-delve:xapian-tools /usr/bin/time:time
find_bins

# corpora for the scales that will run
IFS=, read -r -a SC <<<"$SCALES"
NEED=()
for s in "${SC[@]}"; do
  [ "$QUICK" = 1 ] && [ "$s" -ge 4 ] && continue
  NEED+=("$s")
done
"$BENCH_DIR/make-corpus.sh" "$C" "${NEED[@]}" >&2

exec "$PY" "$BENCH_DIR/bench.py" run --cache "$C" --ki "$KI" --kq "$KQ" --scales "$SCALES" "${ARGS[@]+"${ARGS[@]}"}"
