#!/usr/bin/env bash
# Batch mode from the command line: query files and stdin, every output format, bad queries.
source "$(dirname "$0")/lib.sh"

db="$work/db"
"$index" -q --db "$db" "$GAZETTE_SOURCE/corpus"
printf '101\tcomputing power\n102\tcocoa prices\n103\thockey playoffs\n' >"$work/topics.tsv"

"$search" -q --db "$db" --batch "$work/topics.tsv" -n 3 --threads 2 >"$work/run.trec"
expect_eq "$(awk '{print $1}' "$work/run.trec" | uniq | tr '\n' ' ')" "101 102 103 " "TREC run in input order"
expect_eq "$(awk '{print $2, $4, $6}' "$work/run.trec" | head -3 | tr '\n' ',')" "Q0 1 gazette,Q0 2 gazette,Q0 3 gazette," "TREC columns"
expect_eq "$(grep -c '^102 Q0 10[0-9] ' "$work/run.trec")" 2 "Reuters NEWIDs are the docnos"

"$search" -q --db "$db" --batch - --format json -n 2 <"$work/topics.tsv" >"$work/run.jsonl"
expect_eq "$(json_lines "$work/run.jsonl" 'd["qid"] + ":" + str(len(d["results"]))' | tr '\n' ' ')" \
  "101:2 102:2 103:1 " "JSON Lines: one object per query (the corpus has one hockey post)"

"$search" -q --db "$db" --batch "$work/topics.tsv" --format tsv -n 1 >"$work/run.tsv"
expect_eq "$(awk -F'\t' '{print NF}' "$work/run.tsv" | sort -u)" 8 "TSV has eight columns"

printf '1\tcocoa\n2\tcocoa AND (\n3\tcomputing\n' >"$work/bad.tsv"
run_status status "$search" -q --db "$db" --batch "$work/bad.tsv" --syntax xapian -n 1
expect_eq "$status" 2 "a batch with a bad query exits 2"
expect_contains "$(cat "$work/err")" "query 2: bad query 'cocoa AND ('" "the bad query is named by its qid"
expect_eq "$(awk '{print $1}' "$work/out" | tr '\n' ' ')" "1 3 " "the other queries still run"

# Batch topics (--syntax text) read a dotted acronym as one word, as the indexer does, and
# take no operator: U.K. is "uk" (not the phrase "u k"), AND and a leading '-' are words.
printf 'a1\tU.K. exports AND -imports\n' >"$work/acronym.tsv"
"$search" -q --db "$db" --batch "$work/acronym.tsv" --json -n 1 >"$work/acronym.jsonl"
expect_eq "$(json_lines "$work/acronym.jsonl" '" ".join(t["term"] for t in d["parsed_query"][0]["terms"])')" \
  "uk export import" "text syntax: the acronym one word, no operators"
expect_eq "$(json_lines "$work/acronym.jsonl" 'd["parsed_query"][0]["phrases"]')" "[]" "text syntax: no phrase of letters"

# A byte order mark is not part of the first qid; an empty query is an error with its qid; a
# failed query is {"qid", "error"} in JSON, in its place, and one line on stderr.
printf '\xef\xbb\xbfq1\tcocoa\nq6\t\nq7\tcocoa AND (\nq8\tcomputing\n' >"$work/quirks.tsv"
run_status status "$search" -q --db "$db" --batch "$work/quirks.tsv" --syntax xapian --json -n 1
expect_eq "$status" 2 "a batch with failed queries exits 2"
expect_eq "$(json_lines "$work/out" 'd["qid"] + ":" + ("error" if "error" in d else str(len(d["results"])))' | tr '\n' ' ')" \
  "q1:1 q6:error q7:error q8:1 " "JSON lines up with the input, a failed query as {qid, error}"
expect_eq "$(json_lines "$work/out" 'd.get("error", "")' | sed -n 2p)" "$work/quirks.tsv:2: empty query" \
  "the empty query's error names the file and line"
expect_eq "$(grep -c '^gazette-search: query q[67]: ' "$work/err")" 2 "one stderr line per failed query"
expect_contains "$(cat "$work/err")" "query q6: $work/quirks.tsv:2: empty query" "stderr names the empty query's qid"
run_status status "$search" -q --db "$db" --batch "$work/quirks.tsv" --syntax xapian -n 1
expect_eq "$(awk '{print $1}' "$work/out" | tr '\n' ' ')" "q1 q8 " "TREC runs leave failed queries out, the BOM out of q1"

# Counts: --count is exact and equals the results of an unlimited request; -n 0 prints it; an
# offset past the end says how many there are.
expect_eq "$("$search" -q --db "$db" --count cocoa)" \
  "$("$search" -q --db "$db" -n 1000000 --no-collapse --format tsv cocoa | wc -l)" "--count equals the unlimited results"
expect_eq "$("$search" -q --db "$db" --count --unit passage cocoa)" \
  "$("$search" -q --db "$db" -n 1000000 --no-collapse --unit passage --format tsv cocoa | wc -l)" \
  "--count --unit passage equals the unlimited passage results"
# A search collapses by story, so its footer counts stories, as --count --collapse does.
count="$("$search" -q --db "$db" --count --collapse cocoa)"
expect_eq "$("$search" -q --db "$db" -n 0 cocoa)" "$count matching stories for 'cocoa'." "-n 0 prints the count"
expect_eq "$("$search" -q --db "$db" --offset 500 cocoa)" \
  "No results at offset 500 for 'cocoa': $count matching stories." "an offset past the end says how many"
expect_eq "$("$search" -q --db "$db" -n 1 cocoa | tail -1)" "1-1 of $count matching stories" "the footer's count is exact"
articles="$("$search" -q --db "$db" --count cocoa)"
expect_eq "$("$search" -q --db "$db" -n 1 --no-collapse cocoa | tail -1)" "1-1 of $articles matching articles" \
  "--no-collapse counts articles"
expect_contains "$("$search" -q --db "$db" -n 1 --unit passage cocoa | tail -1)" "matching passage" \
  "passage results are counted as passages"
"$search" -q --db "$db" --batch "$work/topics.tsv" --count --json >"$work/counts.jsonl"
expect_eq "$(json_lines "$work/counts.jsonl" 'd["qid"] + ":" + str(d["count"] > 0) + ":" + d["unit"]' | tr '\n' ' ')" \
  "101:True:articles 102:True:articles 103:True:articles " "--count in a batch: one object per query"

"$search" -q --db "$db" --batch "$work/topics.tsv" -n 10 >"$work/run10.trec"
awk '{print $1, 0, $3, 1}' "$work/run10.trec" | head -4 >"$work/qrels"
run_status status "$GAZETTE_BIN/searcher/gazette-eval" "$work/qrels" "$work/run10.trec"
expect_eq "$status" 0 "gazette-eval reads the run"
expect_contains "$(cat "$work/out")" "num_q" "gazette-eval prints measures"
finish
