#!/usr/bin/env bash
# Done-when: 20 Newsgroups gives 19,997 articles dated from their Date: headers.
source "$(dirname "$0")/lib.sh"
require_shared 20newsgroups

db="$work/db"
run_status status "$index" --db "$db" "$GAZETTE_SHARED/20newsgroups"
expect_eq "$status" 0 "indexing 20newsgroups"
"$search" --db "$db" --stats --json >"$work/stats.json"
expect_eq "$(json_lines "$work/stats.json" 'd["articles"]')" 19997 "articles"
expect_eq "$(json_lines "$work/stats.json" 'd["date_sources"].get("header", 0)')" 19997 "dated from Date: headers"
expect_eq "$(json_lines "$work/stats.json" 'd["first_date"][:4] + " " + d["last_date"][:4]')" "1992 1993" "date range"
"$search" --db "$db" --json -n 3 'source:sci.space shuttle' >"$work/r.jsonl"
expect_eq "$(wc -l <"$work/r.jsonl")" 3 "source: filters by newsgroup"
finish
