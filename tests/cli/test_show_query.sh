#!/usr/bin/env bash
# The query is visible (issue 15, item 4): --show-query prints the query as parsed (terms and
# the words they came from, phrases, filters, stopwords dropped) above the text results, and on
# stderr for the other formats and with -v; --expand lists the terms it added with their
# weights; --explain gives each query term's weight in each result; batch JSON carries the
# parsed query per qid.
source "$(dirname "$0")/lib.sh"

db="$work/db"
printf 'date 2024-01-02 Election results\n\nThe elections in the north were won by Tony Blair, the cocoa farmers said.\n' >"$work/a.txt"
printf 'date 2024-01-03 Cocoa prices\n\nCocoa prices rose at the port of Abidjan as farmers held their crop.\n' >"$work/b.txt"
printf 'date 2023-05-04 Iraq\n\nTony Blair spoke about Iraq and the elections there.\n' >"$work/c.txt"
"$index" -q --threads 1 --db "$db" "$work/a.txt" "$work/b.txt" "$work/c.txt"

# Text: the parse first, then the results as before.
run_status status "$search" --db "$db" --color never --show-query 'Elections "tony blair" -iraq year:2024'
expect_eq "$status" 0 "--show-query: status"
expect_eq "$(sed -n 1,6p "$work/out")" \
'query (en): ((elect OR "toni blair") FILTER year:2024) NOT iraq
  terms: elect (from Elections); toni (from tony); blair (from blair); iraq (from iraq)
  phrases: "toni blair"
  filters: year:2024

 1. 2024-01-02  Election results' "--show-query: the parse above the results"

# Stopwords dropped, title terms, wildcards and --since are named.
run_status status "$search" --db "$db" --color never --show-query --since 2024-01-01 'the price of title:cocoa farm*'
expect_eq "$(sed -n 1,5p "$work/out")" \
'query (en): (price OR title:cocoa OR farm*) FILTER date:2024-01-01..
  terms: price (from price); title:cocoa (from cocoa)
  filters: date:2024-01-01..
  dropped as stopwords: of, the' "--show-query: stopwords, title, wildcard, --since"

# Other formats keep stdout clean: the parse goes to stderr.
run_status status "$search" --db "$db" --format trec --show-query 'cocoa prices'
expect_eq "$(cat "$work/err")" 'query (en): cocoa OR price
  terms: cocoa (from cocoa); price (from prices)' "--format trec --show-query: the parse on stderr"
expect_eq "$(grep -vc ' Q0 ' "$work/out" || true)" 0 "--format trec --show-query: stdout only run lines"
# -v shows it on stderr too, with the text output unchanged.
run_status status "$search" --db "$db" --color never cocoa
cp "$work/out" "$work/plain"
run_status status "$search" --db "$db" --color never -v cocoa
expect_eq "$(cat "$work/out")" "$(cat "$work/plain")" "-v: stdout unchanged"
expect_contains "$(cat "$work/err")" "query (en): cocoa" "-v: the parse on stderr"
run_status status "$search" --db "$db" --count --show-query cocoa
expect_eq "$(cat "$work/out")" 2 "--count --show-query: the count on stdout"
expect_eq "$(head -1 "$work/err")" "query (en): cocoa" "--count --show-query: the parse on stderr"
expect_error 2 "gazette-search: --show-query shows the query of a search, not of --stats, --list, --like, --facets or --timeline" \
  "--show-query --stats" "$search" --db "$db" --show-query --stats

# Batch JSON: every query object carries its parse, in input order, a failed one its error.
printf 'q1\tCocoa farmers\nq2\t\nq3\tthe elections\n' >"$work/topics.tsv"
run_status status "$search" --db "$db" --batch "$work/topics.tsv" --json
expect_eq "$(json_lines "$work/out" 'd["qid"] + " " + (d["parsed_query"][0]["query"] if "parsed_query" in d else "error")')" \
'q1 cocoa OR farmer
q2 error
q3 elect' "batch JSON: the parse per qid"
expect_eq "$(json_lines "$work/out" 'd.get("parsed_query", [{}])[0].get("stopwords")' | tr '\n' '|')" \
"[]|None|['the']|" "batch JSON: stopwords per qid"
# Batch text names each query.
run_status status "$search" --db "$db" --batch "$work/topics.tsv" --format text --show-query --color never
expect_eq "$(grep '^query ' "$work/out" | tr '\n' '|')" "query q1 (en): cocoa OR farmer|query q3 (en): elect|" \
  "batch text: the parse names its qid"

# --explain: each query term's weight in the article, 0 for a term it lacks.
run_status status "$search" --db "$db" --json --explain 'cocoa iraq'
expect_eq "$(json_lines "$work/out" 'd["title"] + " " + " ".join(k + ("=0" if v == 0 else ">0") for k, v in d["explain_terms"].items())' | sort | tr '\n' '|')" \
  "Cocoa prices cocoa>0 iraq=0|Election results cocoa>0 iraq=0|Iraq cocoa=0 iraq>0|" "--explain: per-term weights"
run_status status "$search" --db "$db" --color never --explain 'cocoa iraq'
expect_contains "$(cat "$work/out")" "    terms: cocoa=0 iraq=" "--explain text: a terms line"

# --expand lists the terms it added and their weights, in text and batch JSON.
run_status status "$search" --db "$db" --color never --expand --fb-docs 1 --fb-terms 2 'abidjan'
expect_eq "$status" 0 "--expand: status"
# Two terms of the one feedback article (b.txt: cocoa prices rose at the port of abidjan as
# farmers held their crop), the best weighted 1.
b_stems="price rose port farmer held their crop"
line="$(head -1 "$work/out")"
expect_eq "$(sed 's/[a-z]* [0-9]\.[0-9][0-9][0-9]/T W/g' <<<"$line")" "Expanded with: T W, T W" \
  "--expand: two terms with weights"
expect_eq "$(sed -E 's/^Expanded with: [a-z]+ ([0-9.]+),.*/\1/' <<<"$line")" "1.000" "--expand: the best weighs 1"
for term in $(sed -E 's/Expanded with: //; s/ [0-9.]+//g; s/,//g' <<<"$line"); do
  expect_contains " $b_stems " " $term " "--expand: '$term' is a word of the feedback article"
done
expect_eq "$(sed -n 2p "$work/out")" "" "--expand: a blank line before the results"
printf 'q1\tabidjan\n' >"$work/one.tsv"
run_status status "$search" --db "$db" --batch "$work/one.tsv" --json --expand --fb-docs 1 --fb-terms 2
expect_eq "$(json_lines "$work/out" '" ".join(t["term"] for t in d["expansion"])')" \
  "$(sed -E 's/Expanded with: //; s/ [0-9.]+//g; s/,//g' <<<"$line")" "--expand: batch JSON lists the same terms"

finish
