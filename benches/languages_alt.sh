#!/usr/bin/env bash
# languages_alt.sh GLOSS [rounds] [corpus]: issue 20's benchmark. The 10,000-entry corpus
# (a site folder; left untouched) is copied twice to /dev/shm: once as it is, once with every
# page translated into Spanish (each markdown file beside its source as `.es.md`, gloss.yaml
# listing en and es). The same binary builds the two in turn, `rounds` times (5 by default); each build's wall seconds and peak KiB are
# printed with its CPU seconds (user + system), then the medians and the two-language /
# one-language ratios of wall and CPU time (CPU time moves less on a shared machine).
# THEMES: the themes folder to build with (this checkout's by default).
# Without `corpus`, the corpus is made on /dev/shm first with the shared generator (GEN names
# another), as benches/compare.sh lays it out for gloss; to make it once and pass it:
#   python3 ../shared/bench/gen_corpus.py DIR --guides 10 --entries 1000   (corpus: DIR/gloss)
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
bin=$(realpath "$1"); rounds=${2:-5}
themes=$(realpath "${THEMES:-$(dirname "$0")/../themes}")
one=$(mktemp -d -p /dev/shm); two=$(mktemp -d -p /dev/shm); made=$(mktemp -d -p /dev/shm)
trap 'rm -rf "$one" "$two" "$made"' EXIT
if [ $# -ge 3 ]; then
  corpus=$3
else
  gen="${GEN:-$(dirname "$0")/../../shared/bench/gen_corpus.py}"
  [ -f "$gen" ] || { echo "no corpus generator at $gen: pass the corpus, or GEN=path/to/gen_corpus.py" >&2; exit 2; }
  echo "making the 10,000-entry corpus with $gen..."
  python3 "$gen" "$made/corpus" --guides 10 --entries 1000 >/dev/null
  corpus="$made/corpus/gloss"
fi
[ -f "$corpus/gloss.yaml" ] || { echo "no gloss.yaml in $corpus: the corpus is a site's folder" >&2; exit 2; }
for t in "$one" "$two"; do cp -r "$corpus/content" "$corpus/gloss.yaml" "$t/"; cp -r "$themes" "$t/themes"; done
# The sources are listed before any translation is made, so none is translated twice.
find "$two/content" -name '*.md' ! -name '*.*.md' > "$two/sources"
# The same words under a marked title: what gloss does per page does not depend on the words.
perl -ne 'chomp; my $f = $_; open(my $in, "<", $f) or die "$f: $!"; local $/; my $text = <$in>;
  $text =~ s/^title: "/title: "ES: /m; (my $es = $f) =~ s/\.md$/.es.md/;
  open(my $out, ">", $es) or die "$es: $!"; print $out $text;' "$two/sources"
{ grep -v '^language:' "$corpus/gloss.yaml"; printf 'languages:\n  - code: en\n  - code: es\n    title: "Guías de prueba"\n'; } > "$two/gloss.yaml"
echo "$(wc -l < "$two/sources") sources, each translated"
times_one=(); times_two=(); cpu_one=(); cpu_two=()
for r in $(seq 1 "$rounds"); do
  for d in "$one" "$two"; do
    cd "$d"; rm -rf public
    if ! /usr/bin/time -f "%e %M %U %S" "$bin" build >/dev/null 2>build.err; then tail -5 build.err; exit 1; fi
    read -r secs kib user sys < <(tail -1 build.err)
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')
    if [ "$d" = "$one" ]; then
      label=one; times_one+=("$secs"); cpu_one+=("$cpu")
    else
      label=two; times_two+=("$secs"); cpu_two+=("$cpu")
    fi
    echo "round $r $label language(s): $secs s, CPU $cpu s, $kib KiB"
  done
done
echo "pages: one language $(find "$one/public" -name index.html | wc -l), two $(find "$two/public" -name index.html | wc -l)"
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
m1=$(median "${times_one[@]}"); m2=$(median "${times_two[@]}")
c1=$(median "${cpu_one[@]}"); c2=$(median "${cpu_two[@]}")
echo "median wall: one language $m1 s, two languages $m2 s, ratio $(ratio "$m2" "$m1")"
echo "median CPU: one language $c1 s, two languages $c2 s, ratio $(ratio "$c2" "$c1")"
