#!/usr/bin/env bash
# Done-when: the two seed reports, the first dated from its header, the second from its text.
source "$(dirname "$0")/lib.sh"
require_shared seeds

db="$work/db"
"$index" -q --db "$db" "$GAZETTE_SHARED/seeds"
"$search" --db "$db" --json --no-collapse "artificial intelligence computing power" >"$work/r.jsonl"
expect_eq "$(json_lines "$work/r.jsonl" 'd["date"] + " " + d["date_source"]' | tr '\n' ',')" \
  "2024-03-14 header,2024-03-13 text," "dates and their sources"
expect_eq "$(json_lines "$work/r.jsonl" 'len(d["highlights"]) > 0' | sort -u)" True "highlighted"
# Issue 16's seed case: the two reports are one story, one result with the other named.
expect_eq "$(json_lines "$work/r.jsonl" 'd["story"]' | sort -u | wc -l)" 1 "one story"
"$search" --db "$db" --json "artificial intelligence computing power" >"$work/one.jsonl"
expect_eq "$(json_lines "$work/one.jsonl" 'str(d["story_size"]) + " " + d["other_reports"][0]["date"]')" \
  "2 2024-03-13" "collapsed: one result naming the other report"
story="$(json_lines "$work/one.jsonl" 'd["story"]')"
"$search" --db "$db" --json --story "$story" >"$work/story.jsonl"
expect_eq "$(json_lines "$work/story.jsonl" 'd["date"]' | tr '\n' ,)" "2024-03-13,2024-03-14," "--story: oldest first"
run_status status "$search" --db "$db" --color always "artificial intelligence computing power"
expect_contains "$(cat "$work/out")" $'\x1b[1;31mcomputing\x1b[0m' "terminal highlight"
finish
