#!/usr/bin/env bash
# "Did you mean" (issue 15, item 10): a rare or absent query word gets the archive's nearest
# common word, in the text output, the JSON of each result, batch JSON, and on stderr for
# --json without results; never in TREC or TSV runs; the search itself is the query as typed.
source "$(dirname "$0")/lib.sh"

mkdir "$work/in"
for i in $(seq 1 12); do
  printf 'Treasury notes %s\n\nThe Treasury sold notes and bonds to investors, dealers said.\n' "$i" \
    >"$work/in/treasury-$i.txt"
done
printf 'A note\n\nThe tresury desk was closed.\n' >"$work/in/typo.txt"
"$index" -q --db "$work/db" "$work/in"

run_status status "$search" --db "$work/db" --no-collapse 'treasurry bonds'
expect_eq "$status" 0 "a suggestion is no error"
expect_eq "$(sed -n 1p "$work/out")" \
  "Did you mean 'treasury bonds'? (treasurry: in no article; treasury: in 12 articles)" "text output"
expect_contains "$(tail -1 "$work/out")" "of 12 matching articles" "the search is the query as typed (bonds)"

run_status status "$search" --db "$work/db" Tresury
expect_eq "$(sed -n 1p "$work/out")" \
  "Did you mean 'treasury'? (Tresury: in 1 article; treasury: in 12 articles)" "a word in one article"

"$search" --db "$work/db" --json -n 2 'treasurry bonds' >"$work/hits.jsonl"
expect_eq "$(json_lines "$work/hits.jsonl" 'd["did_you_mean"]["query"]' | sort -u)" "treasury bonds" "JSON: each result"
run_status status "$search" --db "$work/db" --json treasurry
expect_eq "$(wc -c <"$work/out")" 0 "JSON without results: no line on stdout"
expect_eq "$(cat "$work/err")" \
  "gazette-search: Did you mean 'treasury'? (treasurry: in no article; treasury: in 12 articles)" \
  "JSON without results: the suggestion on stderr"

printf 'q1\ttreasurry bonds\nq2\ttreasury\n' >"$work/topics.tsv"
"$search" --db "$work/db" --batch "$work/topics.tsv" --json >"$work/batch.jsonl"
expect_eq "$(json_lines "$work/batch.jsonl" 'd["qid"] + " " + str(d.get("did_you_mean", {}).get("words"))')" \
  "q1 [{'articles': 0, 'suggestion': 'treasury', 'suggestion_articles': 12, 'word': 'treasurry'}]
q2 None" "batch JSON"
"$search" --db "$work/db" --batch "$work/topics.tsv" --format trec >"$work/run.trec"
if grep -q -i "did you mean" "$work/run.trec"; then fail "a TREC run holds a suggestion"; fi

run_status status "$search" --db "$work/db" 'treasury notes'
if grep -q "Did you mean" "$work/out"; then fail "common words got a suggestion"; fi
finish
