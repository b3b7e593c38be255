#!/usr/bin/env bash
# Builds one corpus with gloss, Hugo and mdBook, in alternating runs
# (gloss, hugo, mdbook, gloss, hugo, ...), and prints the median wall time and
# peak memory of each, and the gloss/Hugo and gloss/mdBook ratios.
#
# The corpus is the shared generator's (shared/bench/gen_corpus.py), which
# lays the same markdown out for each tool; Hugo and mdBook get the minimal
# templates it writes, gloss its default theme (copied from themes/).
# Sizes: 1,000 entries (1 guide) and 10,000 entries (10 guides x 1,000).
#
# usage: benches/compare.sh [path/to/gen_corpus.py]
#   default generator: ../shared/bench/gen_corpus.py relative to the repository
# environment:
#   RUNS        timed runs per tool at 1,000 entries (default 5)
#   RUNS_LARGE  timed runs per tool at 10,000 entries (default 3)
#   SIZES       which sizes, "1000 10000" by default ("1000" for a quick run)
#   MDBOOK_LARGE=0  skip mdBook at 10,000 entries
#   CARGO_TARGET_DIR  where gloss is built and the corpora are written
#
# It installs what is missing: hugo from Debian (apt-get), mdbook with
# `cargo install` (a few minutes of compiling: fine here, never in CI).
# Zola is not installable on this machine: it is skipped.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gen="${1:-$repo/../shared/bench/gen_corpus.py}"
target="${CARGO_TARGET_DIR:-$repo/target}"
case "$target" in /*) ;; *) target="$repo/$target" ;; esac
work="$target/compare-corpus"
runs_small="${RUNS:-5}"
runs_large="${RUNS_LARGE:-3}"
sizes="${SIZES:-1000 10000}"

[ -f "$gen" ] || { echo "no corpus generator at $gen (pass its path as the first argument)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is needed to run $gen" >&2; exit 2; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
if ! command -v hugo >/dev/null; then
  echo "installing hugo from Debian..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null
fi
if ! command -v mdbook >/dev/null && [ ! -x "$HOME/.cargo/bin/mdbook" ]; then
  echo "installing mdbook (cargo install, a few minutes)..."
  cargo install --locked mdbook
fi
mdbook_bin="$(command -v mdbook || echo "$HOME/.cargo/bin/mdbook")"

echo "building gloss (release)..."
(cd "$repo" && cargo build --release --quiet --bin gloss)
gloss_bin="$target/release/gloss"

echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), \
$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "gloss:  $("$gloss_bin" --version)"
echo "hugo:   $(hugo version | cut -d' ' -f1-2)"
echo "mdbook: $("$mdbook_bin" --version)"
echo "zola:   skipped (not installable on this machine)"

# time_run LABEL DIR OUTDIR CMD...: moves OUTDIR aside and syncs (untimed), runs CMD in DIR,
# appends "LABEL wall_seconds max_rss_kib" to $samples.
time_run() {
  local label="$1" dir="$2" outdir="$3"
  shift 3
  # Moved aside, not deleted, until the end: on ext4, creating files right
  # after deleting thousands is slowed by the scan for recently deleted inodes.
  if [ -e "$dir/$outdir" ]; then
    mkdir -p "$work/.trash"
    mv "$dir/$outdir" "$work/.trash/$(date +%s%N)"
  fi
  # The last run's files are flushed first, untimed, so that their writeback
  # (the kernel's, about 30 s after they were written) lands in no tool's time.
  sync
  local t0 t1 rss
  t0=$(date +%s%N)
  if ! (cd "$dir" && /usr/bin/time -f '%M' -o "$work/.rss" "$@" >"$work/.log" 2>&1); then
    echo "$label failed:" >&2
    tail -20 "$work/.log" >&2
    exit 1
  fi
  t1=$(date +%s%N)
  rss=$(tail -1 "$work/.rss")
  echo "$label $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", (b - a) / 1e9}') $rss" >>"$samples"
}

median() { sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

mkdir -p "$work"
for size in $sizes; do
  if [ "$size" -ge 10000 ]; then guides=10; per=$((size / 10)); runs=$runs_large; else guides=1; per=$size; runs=$runs_small; fi
  corpus="$work/entries-$size"
  echo
  echo "== $size entries ($guides guide(s) x $per), $runs alternating runs each"
  python3 "$gen" "$corpus" --guides "$guides" --entries "$per" >/dev/null
  cp -r "$repo/themes" "$corpus/gloss/"
  tools="gloss hugo mdbook"
  if [ "$size" -ge 10000 ] && [ "${MDBOOK_LARGE:-1}" = 0 ]; then tools="gloss hugo"; fi
  samples="$work/samples-$size.txt"
  : >"$samples"
  for i in $(seq 0 "$runs"); do # run 0 is the warm-up, dropped below
    for tool in $tools; do
      case $tool in
        gloss) time_run "$i gloss" "$corpus/gloss" public "$gloss_bin" build ;;
        hugo) time_run "$i hugo" "$corpus/hugo" public hugo --quiet ;;
        mdbook) time_run "$i mdbook" "$corpus/mdbook" book "$mdbook_bin" build ;;
      esac
    done
  done
  printf '%-8s %12s %14s %14s %10s\n' tool "median time" "peak RSS" "output files" "pages"
  for tool in $tools; do
    t=$(awk -v t="$tool" '$1 > 0 && $2 == t {print $3}' "$samples" | median)
    m=$(awk -v t="$tool" '$1 > 0 && $2 == t {print $4}' "$samples" | median)
    case $tool in gloss | hugo) out="$corpus/$tool/public" ;; mdbook) out="$corpus/mdbook/book" ;; esac
    files=$(find "$out" -type f | wc -l)
    pages=$(find "$out" -type f -name '*.html' | wc -l)
    printf '%-8s %10.3f s %10.1f MiB %14s %10s\n' "$tool" "$t" "$(awk -v m="$m" 'BEGIN {print m / 1024}')" "$files" "$pages"
    eval "time_$tool=$t mem_$tool=$m"
  done
  for other in hugo mdbook; do
    case " $tools " in *" $other "*) ;; *) continue ;; esac
    eval "ot=\$time_$other om=\$mem_$other"
    awk -v n="$other" -v gt="$time_gloss" -v ot="$ot" -v gm="$mem_gloss" -v om="$om" \
      'BEGIN {printf "gloss/%-7s time %.2f   peak memory %.2f\n", n, gt / ot, gm / om}'
  done
  echo "(zola: skipped, not installable here)"
  rm -rf "$work/.trash"
done
