#!/usr/bin/env bash
# Done-when for broken input: tests/data/broken plus the BBC folder in one run. Every broken
# file is reported (each problem once), and all 2,225 BBC articles are indexed.
source "$(dirname "$0")/lib.sh"
require_shared bbc

db="$work/db"
run_status status "$index" --db "$db" "$GAZETTE_SOURCE/tests/data/broken" "$GAZETTE_SHARED/bbc"
expect_eq "$status" 0 "the run goes on past broken files"
problems="$(sed -n '/^problems/,/^done/p' "$work/err" | grep '^  ')"
for file in binary.dat broken-quote.csv empty.txt mixed.jsonl nested.html truncated.jsonl.gz \
  truncated.sgm truncated.tar.gz; do
  if ! grep -q "/tests/data/broken/$file" <<<"$problems"; then fail "$file is reported"; fi
done
duplicates="$(sort <<<"$problems" | uniq -d)"
expect_eq "$duplicates" "" "no problem is reported twice"
if grep -q "/bbc/" <<<"$problems"; then fail "no BBC file is a problem"; fi
"$search" --db "$db" --stats --json >"$work/stats.json"
expect_eq "$(json_lines "$work/stats.json" 'd["sources"]["bbc"]')" 2225 "every BBC article"
# The good records around the broken ones are indexed too.
if [ "$(json_lines "$work/stats.json" 'd["sources"]["broken"]')" -lt 40 ]; then
  fail "good articles inside the broken files are indexed"
fi
finish
