#!/bin/bash
# Build knipsel's Dutch benchmark corpus from Debian's Dutch documentation packages.
#
# Usage: bench/make-corpus.sh [CACHE_DIR] [SCALE...]
#        SCALE=1,2,4 bench/make-corpus.sh [CACHE_DIR]
#   CACHE_DIR  default /tmp/knipsel-bench (or $KNIPSEL_BENCH_CACHE)
#   SCALE      growth factor(s) to build, default 1:
#                1 -> CACHE_DIR/corpus     6 replicas  (23,190 files, 63.9 MB)
#                2 -> CACHE_DIR/corpus-x2  12 replicas (46,380 files)
#                4 -> CACHE_DIR/corpus-x4  24 replicas (92,760 files)
#              (any positive integer F works: 6*F replicas in corpus-xF)
#
# Steps (each skipped when its result is already there, so re-running is cheap):
#   1. apt-get download the packages below into CACHE_DIR/debs (no install), dpkg -x into CACHE_DIR/x
#   2. html2docs.py: one UTF-8 .txt per page or section (pages > 12 kB split at h1-h3,
#      < 200 bytes dropped), man pages stripped of roff -> CACHE_DIR/corpus-real (3,865 docs)
#   3. replicate: replica r of unique doc i is art<r>-<name>.txt with a first line
#      "date YYYY-MM" (year 2015 + (r+i) mod 10, month 1 + (7i+r) mod 12), flat folder.
# The counts above are for the Debian 12 package versions listed in CACHE_DIR/debs; other
# versions give slightly different counts (the script warns).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

C=${KNIPSEL_BENCH_CACHE:-/tmp/knipsel-bench}
if [ $# -gt 0 ] && [[ ! $1 =~ ^[0-9]+$ ]]; then C=$1; shift; fi
SCALES=()
if [ $# -gt 0 ]; then SCALES=("$@")
else IFS=', ' read -r -a SCALES <<<"${SCALE:-1}"
fi
for s in "${SCALES[@]}"; do [[ $s =~ ^[1-9][0-9]*$ ]] || die "bad scale '$s' (want 1, 2, 4, ...)"; done

PKGS="libreoffice-help-nl gimp-help-nl lilypond-doc-html-nl debian-edu-doc-nl debian-edu-doc-legacy-nl
      debian-faq-nl aptitude-doc-nl gosa-help-nl manpages-nl"
EXPECT_REAL=3865   # unique documents with the Debian 12 (bookworm) package versions

ensure_python
command -v dpkg-deb >/dev/null || die "dpkg-deb not found (Debian/Ubuntu needed)"
command -v apt-get >/dev/null || die "apt-get not found (Debian/Ubuntu needed)"
mkdir -p "$C/debs" "$C/x"
[ -f "$C/.gitignore" ] || printf '*\n' > "$C/.gitignore"

TMPS=()
cleanup() { local t; for t in "${TMPS[@]+"${TMPS[@]}"}"; do rm -rf "$t"; done; }
trap cleanup EXIT

# 1. fetch + unpack (no install)
updated=0
for p in $PKGS; do
  if ! ls "$C/debs/${p}"_*.deb >/dev/null 2>&1; then
    note "downloading $p"
    if ! (cd "$C/debs" && apt-get download "$p" >/dev/null 2>&1); then
      [ $updated = 1 ] || { note "apt-get download failed; running apt-get update"; as_root apt-get update -q >&2; updated=1; }
      (cd "$C/debs" && apt-get download "$p") || die "apt-get download $p failed"
    fi
  fi
  if [ ! -d "$C/x/$p" ]; then
    rm -rf "$C/x/$p.tmp"; mkdir -p "$C/x/$p.tmp"; TMPS+=("$C/x/$p.tmp")
    dpkg -x "$(ls "$C"/debs/"${p}"_*.deb | tail -1)" "$C/x/$p.tmp"
    mv "$C/x/$p.tmp" "$C/x/$p"
  fi
done

# 2. convert to plain text, one doc per file (built in a temp dir, renamed when complete)
R=$C/corpus-real
if [ ! -f "$R/.done" ]; then
  note "converting HTML and man pages to text (a minute or two)"
  T=$C/corpus-real.tmp; rm -rf "$T" "$R"; mkdir -p "$T"; TMPS+=("$T")
  L=$(mktemp -d "$C/lists.XXXXXX"); TMPS+=("$L")
  for spec in \
      "lo:libreoffice-help-nl:*.html" "gimp:gimp-help-nl:*.html" "edu:debian-edu-doc-nl:*.html" \
      "eduold:debian-edu-doc-legacy-nl:*.html" "faq:debian-faq-nl:*.html" \
      "apt:aptitude-doc-nl:*.html" "gosa:gosa-help-nl:*.html" "man:manpages-nl:*.gz"; do
    IFS=: read -r pre pkg pat <<<"$spec"
    find "$C/x/$pkg" -type f -name "$pat" ! -path '*/changelog*' -print0 | LC_ALL=C sort -z > "$L/$pre"
    xargs -0 -a "$L/$pre" "$PY" "$BENCH_DIR/html2docs.py" "$T/$pre" "$pre"
  done
  # lilypond: Dutch pages only, skip the *-big-page duplicates
  find "$C/x/lilypond-doc-html-nl" -type f -name '*.nl.html' ! -name '*big-page*' -print0 | LC_ALL=C sort -z > "$L/ly"
  xargs -0 -a "$L/ly" "$PY" "$BENCH_DIR/html2docs.py" "$T/ly" "ly"
  for d in "$T"/*/; do find "$d" -name '*.txt' -exec mv -t "$T/" {} +; rmdir "$d"; done
  touch "$T/.done"
  mv "$T" "$R"
fi
nreal=$(find "$R" -maxdepth 1 -name '*.txt' | wc -l)
[ "$nreal" -eq "$EXPECT_REAL" ] \
  || note "warning: $nreal unique documents, expected $EXPECT_REAL (other package versions?); figures are not comparable with earlier runs"

# 3. scaled corpora: 6*F replicas, flat folder, new names, per-replica "date" first line
corpus_dir() { if [ "$1" = 1 ]; then echo "$C/corpus"; else echo "$C/corpus-x$1"; fi; }
for f in "${SCALES[@]}"; do
  S=$(corpus_dir "$f"); k=$((6 * f))
  if [ "$(cat "$S/.scale" 2>/dev/null)" = "$k" ] \
     && [ "$(find "$S" -maxdepth 1 -name '*.txt' | wc -l)" -eq $((k * nreal)) ]; then
    continue
  fi
  note "writing $S ($k replicas)"
  T=$S.tmp; rm -rf "$T" "$S"; mkdir -p "$T"; TMPS+=("$T")
  "$PY" - "$R" "$T" "$k" <<'EOF'
import os, sys
src, dst, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
names = sorted(f for f in os.listdir(src) if f.endswith('.txt'))
for r in range(k):
    for i, n in enumerate(names):
        y, m = 2015 + (r + i) % 10, 1 + (i * 7 + r) % 12
        with open(os.path.join(src, n), 'rb') as fh:
            body = fh.read()
        with open(os.path.join(dst, f"art{r:02d}-{n}"), 'wb') as fh:
            fh.write(f"date {y}-{m:02d}\n".encode() + body)
EOF
  echo "$k" > "$T/.scale"
  mv "$T" "$S"
done

stats() { # dir label: files, bytes, words (cached in CACHE_DIR/.stats-NAME, keyed by the folder's mtime)
  local n b w key cache
  cache=$C/.stats-$(basename "$1"); key=$(stat -c %Y "$1")
  if [ -f "$cache" ] && [ "$(head -1 "$cache")" = "$key" ]; then tail -n +2 "$cache"; return; fi
  n=$(find "$1" -maxdepth 1 -type f -name '*.txt' | wc -l)
  b=$(find "$1" -maxdepth 1 -type f -name '*.txt' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
  w=$(find "$1" -maxdepth 1 -type f -name '*.txt' -print0 | xargs -0 cat | wc -w)
  awk -v l="$2" -v d="$1" -v n="$n" -v b="$b" -v w="$w" \
    'BEGIN{printf "%-14s %s: %d files, %d bytes (%.1f MB), %d words\n", l, d, n, b, b/1e6, w}' \
    | { echo "$key"; cat; } > "$cache.tmp"
  mv "$cache.tmp" "$cache"
  tail -n +2 "$cache"
}
stats "$R" "real"
for f in "${SCALES[@]}"; do stats "$(corpus_dir "$f")" "x$f ($((6 * f)) replicas)"; done
