# Shared helpers for knipsel's benchmark scripts (sourced, not run).
# shellcheck shell=bash

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$BENCH_DIR/.." && pwd)
PY=/usr/bin/python3

die() { printf '%s: error: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }
note() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }

# as_root CMD...: run as root (directly, or through sudo -n when not root)
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@" || die "sudo failed (need root for: $*)"
  else die "need root (or sudo) for: $*"
  fi
}

# ensure_pkgs CMD:PACKAGE...: install the Debian packages whose command is missing
ensure_pkgs() {
  local missing=() spec cmd pkg
  for spec in "$@"; do
    cmd=${spec%%:*}; pkg=${spec#*:}
    command -v "$cmd" >/dev/null 2>&1 || [ -x "$cmd" ] || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get to install them"
  note "installing ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive as_root apt-get install -y --no-install-recommends "${missing[@]}"; then
    as_root apt-get update -q
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y --no-install-recommends "${missing[@]}" \
      || die "could not install ${missing[*]}"
  fi
}

# find_bins: set KI and KQ to knipsel-index and knipsel-query ($KNIPSEL_BIN or build/bin);
# with BUILD=1, run `cmake --build build -j2` first.
find_bins() {
  local bin=${KNIPSEL_BIN:-$ROOT_DIR/build/bin}
  if [ "${BUILD:-0}" = 1 ] || [ ! -x "$bin/knipsel-index" ] || [ ! -x "$bin/knipsel-query" ]; then
    [ -f "$ROOT_DIR/build/CMakeCache.txt" ] \
      || die "no knipsel binaries in $bin and no configured build/ (hint: run .ci/build, or cmake -S $ROOT_DIR -B $ROOT_DIR/build && cmake --build $ROOT_DIR/build -j2)"
    note "building knipsel (cmake --build build -j2)"
    cmake --build "$ROOT_DIR/build" -j2 >&2 || die "build failed"
    bin=$ROOT_DIR/build/bin
  fi
  KI=$bin/knipsel-index
  KQ=$bin/knipsel-query
  [ -x "$KI" ] && [ -x "$KQ" ] || die "knipsel-index/knipsel-query not found in $bin"
}

ensure_python() {
  [ -x "$PY" ] || ensure_pkgs /usr/bin/python3:python3
}

# Handles the option in $1 (its value in $2) that every bench script takes
# or passes on to bench.py: --help, --build, a flag named in FLAGS, an
# option named in NUMBERS (a number follows) or --out FILE, and --opt=value.
# Appends to ARGS and sets SHIFT to the number of words used.
#   pass_option "FLAGS" "NUMBERS" "$@"; shift "$SHIFT"
pass_option() {
  local flags=" $1 " numbers=" $2 "; shift 2
  SHIFT=1
  if [[ $flags == *" $1 "* ]]; then ARGS+=("$1"); return; fi
  if [[ $numbers == *" $1 "* || $1 == --out ]]; then
    [ $# -ge 2 ] || die "$1 needs a value"
    local number='^[0-9]+$'
    [ "$1" = --percent ] && number='^[0-9]+([.][0-9]+)?$'
    [ "$1" = --out ] || [[ $2 =~ $number ]] || die "$1 wants a number, not '$2'"
    ARGS+=("$1" "$2"); SHIFT=2; return
  fi
  case $1 in
    -h|--help) usage; exit 0 ;;
    --build) export BUILD=1 ;;
    --*=*) ARGS+=("${1%%=*}" "${1#*=}") ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
}
