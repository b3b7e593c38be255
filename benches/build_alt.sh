#!/usr/bin/env bash
# build_alt.sh A_BIN A_THEMES B_BIN B_THEMES ROUNDS [SITE]: `gloss build` of one site by two
# binaries, alternated (A, B, A, B, ...), so that what the machine does meanwhile falls on both.
#
# The site (a folder holding gloss.yaml and content/; left untouched) is copied twice to
# /dev/shm, each copy with its binary's themes folder (a binary builds with the themes of
# its own commit). Each binary builds once untimed (warm-up), then ROUNDS timed times; every
# timed run prints its wall seconds, CPU seconds (user + system, which moves less than wall
# time on a shared machine) and peak RSS (`/usr/bin/time -f`), then come the medians and the
# B/A ratios, and the files each output has.
#
# Without SITE, the 10,000-entry corpus is made on /dev/shm first (about half a minute) with
# the shared generator, as benches/compare.sh lays it out for gloss:
#   python3 ../shared/bench/gen_corpus.py DIR --guides 10 --entries 1000   (the site: DIR/gloss)
# GEN names another generator; `--guides 1 --entries 1000` makes the 1,000-entry corpus.
#
# example, a commit's binary against this checkout's:
#   benches/build_alt.sh /tmp/old-target/release/gloss /tmp/old/themes \
#     target/release/gloss themes 7 /work/corpus10k/gloss
set -euo pipefail

if [ $# -lt 5 ]; then
  sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
a_bin=$(realpath "$1"); a_themes=$(realpath "$2"); b_bin=$(realpath "$3"); b_themes=$(realpath "$4")
rounds=$5
for f in "$a_bin" "$b_bin"; do [ -x "$f" ] || { echo "no binary at $f" >&2; exit 2; }; done
for d in "$a_themes" "$b_themes"; do [ -d "$d" ] || { echo "no themes folder at $d" >&2; exit 2; }; done
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d -p /dev/shm gloss-build-alt.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ $# -ge 6 ]; then
  site=$(realpath "$6")
else
  gen="${GEN:-$repo/../shared/bench/gen_corpus.py}"
  [ -f "$gen" ] || { echo "no corpus generator at $gen: pass SITE, or GEN=path/to/gen_corpus.py" >&2; exit 2; }
  echo "making the 10,000-entry corpus with $gen..."
  python3 "$gen" "$work/corpus" --guides 10 --entries 1000 >/dev/null
  site="$work/corpus/gloss"
fi
[ -f "$site/gloss.yaml" ] || { echo "no gloss.yaml in $site: SITE is a site's folder" >&2; exit 2; }

for side in a b; do
  mkdir "$work/$side"
  # The site as it is but its themes, then the binary's.
  (cd "$site" && find . -mindepth 1 -maxdepth 1 ! -name themes ! -name public -exec cp -r {} "$work/$side/" \;)
done
cp -r "$a_themes" "$work/a/themes"
cp -r "$b_themes" "$work/b/themes"

echo "site: $site ($(find "$site/content" -name '*.md' | wc -l) markdown files)"
echo "A: $a_bin ($("$a_bin" --version)), themes $a_themes"
echo "B: $b_bin ($("$b_bin" --version)), themes $b_themes"
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# build SIDE BIN: one build in the side's copy, its output deleted first (untimed);
# prints "wall cpu kib".
build() {
  local dir="$work/$1" bin=$2
  rm -rf "$dir/public"
  if ! (cd "$dir" && /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$bin" build >"$work/log" 2>&1); then
    echo "$bin failed in $dir:" >&2
    tail -20 "$work/log" >&2
    exit 1
  fi
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$work/time"
}

build a "$a_bin" >/dev/null
build b "$b_bin" >/dev/null
: >"$work/samples"
printf '%-6s %-3s %8s %8s %10s\n' round bin "wall s" "CPU s" "peak MiB"
for r in $(seq 1 "$rounds"); do
  for side in a b; do
    if [ $side = a ]; then bin=$a_bin; else bin=$b_bin; fi
    run=$(build $side "$bin")
    read -r wall cpu kib <<<"$run"
    echo "$side $wall $cpu $kib" >>"$work/samples"
    printf '%-6s %-3s %8s %8s %10.1f\n' "$r" "${side^^}" "$wall" "$cpu" "$(awk -v k="$kib" 'BEGIN {print k / 1024}')"
  done
done

median() { sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
column_median() { awk -v s="$1" -v c="$2" '$1 == s {print $c}' "$work/samples" | median; }
echo
printf '%-8s %10s %10s %10s %14s\n' median "wall s" "CPU s" "peak MiB" "output files"
for side in a b; do
  printf '%-8s %10.3f %10.3f %10.1f %14s\n' "${side^^}" "$(column_median $side 2)" "$(column_median $side 3)" \
    "$(awk -v k="$(column_median $side 4)" 'BEGIN {print k / 1024}')" "$(find "$work/$side/public" -type f | wc -l)"
done
awk -v aw="$(column_median a 2)" -v bw="$(column_median b 2)" -v ac="$(column_median a 3)" \
  -v bc="$(column_median b 3)" -v am="$(column_median a 4)" -v bm="$(column_median b 4)" \
  'BEGIN {printf "%-8s %10.2f %10.2f %10.2f\n", "B/A", bw / aw, bc / ac, bm / am}'
