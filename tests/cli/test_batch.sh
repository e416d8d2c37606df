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

"$search" -q --db "$db" --batch "$work/topics.tsv" -n 10 >"$work/run10.trec"
awk '{print $1, 0, $3, 1}' "$work/run10.trec" | head -4 >"$work/qrels"
run_status status "$GAZETTE_BIN/searcher/gazette-eval" "$work/qrels" "$work/run10.trec"
expect_eq "$status" 0 "gazette-eval reads the run"
expect_contains "$(cat "$work/out")" "num_q" "gazette-eval prints measures"
finish
