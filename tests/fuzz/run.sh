#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, -DKNIPSEL_FUZZ=ON) and runs each one
# for a bounded time: first once over its regression inputs
# (tests/fuzz/regressions/<target>/), then fuzzing from its seeds.
# Prints the executions reached and whether it crashed; exits 1 if any did.
#
#   tests/fuzz/run.sh [SECONDS_PER_TARGET]        (default 30)
#   FUZZ_TARGETS="fuzz_query fuzz_charset" tests/fuzz/run.sh 60
#   KNIPSEL_FUZZ_BUILD=/tmp/b tests/fuzz/run.sh   (build folder, default build-fuzz/)
#   KNIPSEL_FUZZ_JOBS=1 tests/fuzz/run.sh         (targets at once, default one per core)
#   KNIPSEL_FUZZ_SEED=12345 tests/fuzz/run.sh     (libFuzzer's random seed, default a new one each run;
#                                                  .ci/test takes it from the commit, so a CI run can be
#                                                  repeated input for input)
#
# Crashing inputs land in <build>/fuzz-artifacts/<target>/; the corpus each
# target grows is kept in <build>/fuzz-corpus/<target>/ for the next run.
set -uo pipefail

seconds="${1:-30}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${KNIPSEL_FUZZ_BUILD:-$root/build-fuzz}"
all_targets="fuzz_parse_txt fuzz_parse_md fuzz_parse_html fuzz_parse_jsonl fuzz_parse_feed fuzz_charset fuzz_analyser fuzz_query"
targets="${FUZZ_TARGETS:-$all_targets}"

dict_for() {
    case "$1" in
        fuzz_parse_txt) echo "$here/dict/txt.dict" ;;
        fuzz_parse_md) echo "$here/dict/markdown.dict" ;;
        fuzz_parse_html) echo "$here/dict/html.dict" ;;
        fuzz_parse_jsonl) echo "$here/dict/json.dict" ;;
        fuzz_parse_feed) echo "$here/dict/xml.dict" ;;
        fuzz_analyser | fuzz_query) echo "$here/dict/query.dict" ;;
        *) echo "" ;;
    esac
}

if [[ ! -f "$build/CMakeCache.txt" ]]; then
    CC="${CC:-clang}" CXX="${CXX:-clang++}" cmake -S "$root" -B "$build" -DKNIPSEL_FUZZ=ON -DKNIPSEL_TESTS=OFF \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 2
fi
# shellcheck disable=SC2086
cmake --build "$build" -j"$(nproc)" --target $targets >/dev/null || {
    echo "run.sh: building the fuzz targets failed (cmake --build $build)" >&2
    exit 2
}

export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$here/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# One target: its regression inputs, then fuzzing for a bounded time. Writes
# its report line (and, if it crashed, where to look) to $log_dir/$t.report,
# the executions it reached to $log_dir/$t.execs and 1 or 0 (it failed or
# not) to $log_dir/$t.failed.
run_target() {
    local t="$1" bin="$build/fuzz/$1" log_dir="$build/fuzz-logs" failed=0
    mkdir -p "$log_dir" "$build/fuzz-corpus/$t" "$build/fuzz-artifacts/$t"
    # 1. The regression inputs, each run once.
    local regress="none"
    shopt -s nullglob
    local inputs=("$here/regressions/$t"/*)
    shopt -u nullglob
    if (( ${#inputs[@]} )); then
        if "$bin" "${inputs[@]}" >"$log_dir/$t.regressions.log" 2>&1; then
            regress="${#inputs[@]} ok"
        else
            regress="FAILED (see $log_dir/$t.regressions.log)"
            failed=1
        fi
    fi
    # 2. Fuzzing for a bounded time.
    local args=(-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
                -artifact_prefix="$build/fuzz-artifacts/$t/")
    [[ -n "${KNIPSEL_FUZZ_SEED:-}" ]] && args+=(-seed="$KNIPSEL_FUZZ_SEED")
    local dict
    dict="$(dict_for "$t")"
    [[ -n "$dict" ]] && args+=(-dict="$dict")
    # Seeds: the target's own, plus the articles of corpus/ and the test data
    # (read-only: libFuzzer writes new inputs to the first folder only).
    local seeds=()
    [[ -d "$here/seeds/$t" ]] && seeds+=("$here/seeds/$t")
    [[ "$t" == fuzz_parse_* || "$t" == fuzz_charset ]] && seeds+=("$root/corpus" "$root/tests/data")
    "$bin" "${args[@]}" "$build/fuzz-corpus/$t" "${seeds[@]}" >"$log_dir/$t.log" 2>&1
    local rc=$?
    local execs
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log_dir/$t.log" | tail -1)
    [[ -z "$execs" ]] && execs=$(grep -o '#[0-9]*' "$log_dir/$t.log" | tail -1 | tr -d '#')
    echo "${execs:-0}" >"$log_dir/$t.execs"
    local crashed=no
    if (( rc != 0 )); then
        crashed="YES"
        failed=1
    fi
    {
        printf '%-18s %12s %8s  %s\n' "$t" "${execs:-0}" "$crashed" "$regress"
        if [[ "$crashed" != no ]]; then
            grep -m3 -E 'ERROR: |SUMMARY: |property violated|runtime error' "$log_dir/$t.log" | sed 's/^/    /'
            echo "    log: $log_dir/$t.log; input: $(ls -t "$build/fuzz-artifacts/$t"/* 2>/dev/null | head -1)"
        fi
    } >"$log_dir/$t.report"
    echo "$failed" >"$log_dir/$t.failed"
}

# The targets run side by side, one per core (KNIPSEL_FUZZ_JOBS), each for
# its own bounded time; the reports are printed in the targets' order.
jobs="${KNIPSEL_FUZZ_JOBS:-$(nproc)}"
log_dir="$build/fuzz-logs"
mkdir -p "$log_dir"
failed=0
total_execs=0
start=$(date +%s)
[[ -n "${KNIPSEL_FUZZ_SEED:-}" ]] && echo "seed: $KNIPSEL_FUZZ_SEED (KNIPSEL_FUZZ_SEED; the inputs depend on it and on the corpus each target has grown)"
printf '%-18s %12s %8s  %s\n' target executions crashed regressions
running=0
for t in $targets; do
    rm -f "$log_dir/$t.report" "$log_dir/$t.execs" "$log_dir/$t.failed"
    if (( running >= jobs )); then
        wait -n
        running=$((running - 1))
    fi
    run_target "$t" &
    running=$((running + 1))
done
wait
for t in $targets; do
    if [[ -f "$log_dir/$t.failed" ]]; then
        cat "$log_dir/$t.report"
        total_execs=$((total_execs + $(cat "$log_dir/$t.execs")))
        [[ "$(cat "$log_dir/$t.failed")" == 0 ]] || failed=1
    else
        printf '%-18s %12s %8s  %s\n' "$t" 0 "YES" "(no report: its run was killed)"
        failed=1
    fi
done
echo "total: $total_execs executions in $(( $(date +%s) - start )) s"
exit "$failed"
