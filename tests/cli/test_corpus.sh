#!/usr/bin/env bash
# The quickstart path: index corpus/, search it, in each output format, and re-run the indexer.
source "$(dirname "$0")/lib.sh"

db="$work/db"
run_status status "$index" --db "$db" "$GAZETTE_SOURCE/corpus"
expect_eq "$status" 0 "indexing corpus/"
expect_contains "$(cat "$work/err")" "38 articles in the database" "summary counts the articles"

run_status status "$search" --db "$db" "artificial intelligence computing power"
expect_eq "$status" 0 "sample query"
expect_contains "$(head -1 "$work/out")" " 1. " "first result is ranked 1"
expect_contains "$(cat "$work/out")" "corpus/text/" "results show file locations"
if grep -q $'\x1b\[' "$work/out"; then fail "no colour when stdout is not a terminal"; fi
run_status status "$search" --db "$db" --color always "computing power"
if ! grep -q $'\x1b\[1;31m' "$work/out"; then fail "--color always highlights matches"; fi
NO_COLOR=1 run_status status "$search" --db "$db" --color auto "computing power"
if grep -q $'\x1b\[' "$work/out"; then fail "NO_COLOR disables colour"; fi

"$search" --db "$db" --json -n 5 "artificial intelligence computing power" >"$work/results.jsonl"
expect_eq "$(wc -l <"$work/results.jsonl")" 5 "--json prints one line per result"
expect_eq "$(json_lines "$work/results.jsonl" 'd["rank"]' | tr '\n' ' ')" "1 2 3 4 5 " "ranks"
json_lines "$work/results.jsonl" \
  'all(k in d for k in ("rank","score","id","title","date","date_source","path","line","text","highlights"))' \
  >"$work/keys"
expect_eq "$(sort -u "$work/keys")" "True" "every documented key is present"
# Highlight offsets point at query words in the passage text.
json_lines "$work/results.jsonl" \
  'all(d["text"].encode()[b:e].decode().lower().startswith(("artificial","intelligence","comput","power")) for b, e in d["highlights"])' \
  >"$work/hl"
expect_eq "$(sort -u "$work/hl")" "True" "highlight offsets"

"$search" --db "$db" --json --sort date 'title:cocoa' >"$work/cocoa.jsonl"
expect_eq "$(json_lines "$work/cocoa.jsonl" 'd["date"]' | tr '\n' ' ')" "1987-03-09 1987-02-26 " "title:cocoa newest first"

"$search" --db "$db" --format trec -n 3 "computing power" >"$work/run.trec"
expect_eq "$(awk '{print $1, $2, $4}' "$work/run.trec" | tr '\n' ' ')" "1 Q0 1 1 Q0 2 1 Q0 3 " "TREC run columns"

"$search" --db "$db" --stats --json >"$work/stats.json"
expect_eq "$(json_lines "$work/stats.json" 'd["articles"]')" 38 "stats articles"
expect_eq "$(json_lines "$work/stats.json" 'd["passages"] > d["articles"]')" True "stats passages"

run_status status "$index" --db "$db" "$GAZETTE_SOURCE/corpus"
expect_eq "$status" 0 "re-run"
expect_contains "$(cat "$work/err")" "nothing to do: 23 files unchanged; 38 articles in the database" "re-run re-indexes nothing"
run_status status "$index" --compact --db "$db" "$GAZETTE_SOURCE/corpus"
expect_eq "$status" 0 "--compact"
expect_contains "$(cat "$work/err")" "compacted:" "--compact reports the sizes"
"$search" --db "$db" --json -n 1 "artificial intelligence computing power" >"$work/after.jsonl"
expect_eq "$(json_lines "$work/after.jsonl" 'd["id"]')" "$(json_lines "$work/results.jsonl" 'd["id"]' | sed -n 1p)" \
  "the compacted database answers as before"
"$search" --db "$db" --stats --json >"$work/stats2.json"
expect_eq "$(json_lines "$work/stats2.json" 'd["articles"]')" 38 "compaction keeps every article"
expect_eq "$(json_lines "$work/stats2.json" 'd["shards"]')" 1 "compaction merges the shards"

# --compact alone compacts without indexing; no inputs and no --compact is a usage error.
"$index" -q --threads 2 --db "$work/db2" "$GAZETTE_SOURCE/corpus"
run_status status "$index" --compact --db "$work/db2"
expect_eq "$status" 0 "--compact alone"
"$search" --db "$work/db2" --stats --json >"$work/stats3.json"
expect_eq "$(json_lines "$work/stats3.json" 'd["shards"]') $(json_lines "$work/stats3.json" 'd["articles"]')" "1 38" \
  "--compact alone merges the shards and keeps every article"
run_status status "$index" --db "$work/db2"
expect_eq "$status" 2 "no inputs"
expect_contains "$(cat "$work/err")" "no input files or folders given" "no inputs is named"
finish
