#!/usr/bin/env bash
# languages_alt.sh GLOSS [rounds]: the 10,000-entry corpus built by the same binary in one
# language and with every page translated into Spanish (each file copied as its .es.md), the
# two builds alternated; prints wall seconds and peak KiB of each.
set -e
bin=$1; one=$(mktemp -d -p /dev/shm); two=$(mktemp -d -p /dev/shm)
for t in "$one" "$two"; do cp -r /work/ref/corpus10k/gloss/content /work/ref/corpus10k/gloss/gloss.yaml "$t/"; cp -r "$(dirname "$0")/../themes" "$t/themes"; done
find "$two/content" -name '*.md' | while read -r f; do cp "$f" "${f%.md}.es.md"; done
printf 'title: Benchmark Guides\nlanguages:\n  - code: en\n  - code: es\n    title: Guías de prueba\n' > "$two/gloss.yaml"
for r in $(seq 1 "${2:-5}"); do
  for d in "$one" "$two"; do cd "$d"; rm -rf public
    /usr/bin/time -f "$(basename "$d") %e s %M KiB" "$bin" build >/dev/null 2>/tmp/la.err || tail -3 /tmp/la.err; tail -1 /tmp/la.err; done
done
echo "one language: $one, two: $two" ; find "$two/public" -name index.html | wc -l
rm -rf "$one" "$two"
