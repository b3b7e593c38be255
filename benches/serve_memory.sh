#!/usr/bin/env bash
# Serves a copy of a gloss site with one or more gloss binaries in turn, saves
# an entry, a template and the stylesheet ROUNDS times each, and prints each
# binary's rebuild times (the server's own "Rebuilt in N ms" lines) and its
# resident memory right after the last save and once the server has been idle
# for 30 s. Binaries alternate, so a noisy machine hurts each alike.
#
# usage: benches/serve_memory.sh SITE_DIR ROUNDS BINARY [BINARY...]
#   SITE_DIR  a site with gloss.yaml, content/ and themes/clinic (e.g. the
#             10,000-entry corpus from ../shared/bench/gen_corpus.py with the
#             repository's themes/ copied in)
# environment:
#   TMPDIR    where the copies are served from (/dev/shm keeps the disk out)
set -eu
site=$(realpath "$1"); rounds=$2; shift 2

probe() {
  local bin tmp pid entry i
  bin=$(realpath "$1")
  tmp=$(mktemp -d)
  cp -r "$site/content" "$site/gloss.yaml" "$site/themes" "$tmp/"
  cd "$tmp"
  "$bin" serve --port 0 >log.txt 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do grep -q 'Serving at' log.txt && break; sleep 0.5; done
  entry=$(find content -mindepth 2 -name '*.md' ! -name '_index*' | sort | head -1)
  for i in $(seq 1 "$rounds"); do
    printf '\nAnother sentence %s.\n' "$i" >>"$entry"; sleep 1.5
    printf '\n{# edit %s #}\n' "$i" >>themes/clinic/templates/entry.html; sleep 2.5
    printf '\nbody { --probe: %s; }\n' "$i" >>themes/clinic/static/style.css; sleep 1.5
  done
  echo "== $bin"
  grep 'Rebuilt' log.txt | awk '{t[NR%3]=t[NR%3]" "$3} END {print "  entry ms:"t[1]; print "  template ms:"t[2]; print "  css ms:"t[0]}'
  echo "  after the last save: $(grep -E 'VmRSS' /proc/$pid/status | tr -s ' \t' ' ')"
  sleep 30
  echo "  idle 30 s: $(grep -E 'VmRSS' /proc/$pid/status | tr -s ' \t' ' '), $(grep VmHWM /proc/$pid/status | tr -s ' \t' ' ')"
  kill -INT $pid; wait $pid 2>/dev/null || true
  cd - >/dev/null; rm -rf "$tmp"
}

for bin in "$@"; do probe "$bin"; done
