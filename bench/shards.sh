#!/bin/bash
# Shards benchmark (issue #7): full index with 1 vs 2 shards, and query latency over
# 1 database, 2 local shards and 2 loopback xapian-tcpsrv shards; writes bench/RESULTS-shards.md.
#
# Usage: bench/shards.sh [CACHE_DIR] [OPTIONS]
#   CACHE_DIR            corpus cache, default /tmp/knipsel-bench (or $KNIPSEL_BENCH_CACHE)
#   --reps N             full-index repetitions per layout, alternating (default 3)
#   --qruns N            whole-process runs per query and layout (default 10)
#   --latency-runs N     in-process runs (knipsel-query-latency) per query and layout (default 50)
#   --no-queries         only the full index
#   --subset N           use only N files (a smoke test of the script, not a benchmark)
#   --out FILE           default bench/RESULTS-shards.md (a FILE.json with the raw figures goes next to it)
#   --keep               keep the temporary databases
#   --build              run `cmake --build build -j2` first
# Environment: KNIPSEL_BIN (folder with knipsel-index/-query, default build/bin).
# Needs Debian/Ubuntu; installs xapian-tools (xapian-tcpsrv) and time if missing (root or sudo).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

C=${KNIPSEL_BENCH_CACHE:-/tmp/knipsel-bench}
ARGS=()
if [ $# -gt 0 ] && [[ $1 != -* ]]; then C=$1; shift; fi
while [ $# -gt 0 ]; do
  pass_option "--keep --no-queries" "--reps --qruns --latency-runs --subset" "$@"
  shift "$SHIFT"
done

ensure_python
ensure_pkgs xapian-tcpsrv:xapian-tools /usr/bin/time:time
find_bins
"$BENCH_DIR/make-corpus.sh" "$C" 1 >&2

exec "$PY" "$BENCH_DIR/shards.py" --cache "$C" --ki "$KI" --kq "$KQ" --tcpsrv "$(command -v xapian-tcpsrv)" \
  "${ARGS[@]+"${ARGS[@]}"}"
