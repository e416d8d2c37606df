#!/usr/bin/env bash
# Bounded sizes (issue 20, item 5): queries over the documented caps are refused with one line
# (exit 2, or {"qid","error"} in a batch), and a batch file of one huge line is read in bounded
# memory. The inputs are generated here.
source "$(dirname "$0")/lib.sh"

db="$work/db"
"$index" -q --db "$db" "$GAZETTE_SOURCE/corpus"

# 8,192 bytes is the largest query; one byte more is refused.
long="$(printf 'cocoa %.0s' $(seq 1 1365))"  # 8,190 bytes
run_status status "$search" -q --db "$db" -n 1 "$long"
expect_eq "$status" 0 "a query of 8,190 bytes runs"
expect_error 2 "gazette-search: query 'cocoa cocoa cocoa cocoa cocoa cocoa coco...' is too long: 8196 bytes, at most 8192" \
  "a query over 8,192 bytes" "$search" -q --db "$db" -n 1 "$long cocoa"

# 500 distinct terms is the most; 501 are refused.
words="$(seq -f 'w%g' 1 501 | tr '\n' ' ')"
expect_error 2 "gazette-search: query 'w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w...' has too many terms: 501, at most 500" \
  "a query of 501 terms" "$search" -q --db "$db" -n 1 "$words"
run_status status "$search" -q --db "$db" -n 1 "$(seq -f 'w%g' 1 499 | tr '\n' ' ') cocoa cocoa"
expect_eq "$status" 0 "a query of 500 distinct terms runs (cocoa's repeats count once)"

# A batch of an oversized query between good ones: the oversized one fails in its place.
{
  printf 'q1\tcocoa\n'
  printf 'q2\t%s\n' "$long cocoa"
  printf 'q3\tcomputing\n'
} >"$work/big.tsv"
run_status status "$search" -q --db "$db" --batch "$work/big.tsv" --json -n 1
expect_eq "$status" 2 "a batch with an oversized query exits 2"
expect_eq "$(json_lines "$work/out" 'd["qid"] + ":" + ("error" if "error" in d else str(len(d["results"])))' | tr '\n' ' ')" \
  "q1:1 q2:error q3:1 " "the oversized query fails in its place"
expect_contains "$(json_lines "$work/out" 'd.get("error", "")' | sed -n 2p)" "is too long: 8196 bytes, at most 8192" \
  "its error says why"

# One 100 MB line: read with a bounded buffer, reported as too long, the next line still runs.
huge() {
  printf 'q1\t'
  head -c 100000000 /dev/zero | tr '\0' 'a'
  printf '\nq2\tcocoa\n'
}
run_status status /usr/bin/time -f '%M' -o "$work/rss" "$search" -q --db "$db" --batch - --json -n 1 < <(huge)
expect_eq "$status" 2 "a batch with a 100 MB line exits 2"
expect_eq "$(json_lines "$work/out" 'd["qid"] + ":" + d.get("error", str(len(d.get("results", [])))) ' | tr '\n' ' ')" \
  "q1:<stdin>:1: line of 100000003 bytes is longer than the limit of 9216 q2:1 " \
  "the 100 MB line fails as q1, q2 runs"
rss_kb="$(tail -1 "$work/rss")"
if [ "$rss_kb" -gt 200000 ]; then fail "a 100 MB batch line used $rss_kb KB (bound: 200,000 KB)"; fi

# An article's text is capped at 10 MiB: the rest is reported as truncated with its file and
# record, and a word only after the cap is not indexed.
mkdir "$work/big"
{
  printf 'openingword\n'
  (yes 'cocoa prices rose again in the harbour' || true) | head -c 11000000
  printf '\nclosingword\n'
} >"$work/big/big.txt"
run_status status "$index" --db "$work/bigdb" "$work/big"
expect_eq "$status" 0 "an oversized article is indexed"
expect_contains "$(cat "$work/err")" \
  "$work/big/big.txt:1: article '$work/big/big.txt' has over 10485760 bytes of text: the first 10485760 are indexed," \
  "the truncation is reported with the file and record"
expect_eq "$("$search" -q --db "$work/bigdb" --count openingword)" 1 "the text before the cap is indexed"
expect_eq "$("$search" -q --db "$work/bigdb" --count closingword)" 0 "the text after the cap is not"

# Memory while indexing is bounded by a multiple of the cap whatever the input (docs/formats.md,
# "Sizes"): one article of 80 MB of text, plain and as a .gz expanding to it, one 80 MB line,
# and an HTML page nested 100,000 deep, each indexed in under 160 MB of peak RSS (within the
# bound documented, 40 MB plus 16 times the 10 MiB cap; before, an article's whole text was
# held, about 2.9 bytes a byte of it, so the 80 MB article took about 240 MB).
mkdir "$work/huge"
{
  printf 'date 2024-01-01 Huge article\n'
  (yes 'the harbour authority said shipping volumes rose again this quarter' || true) | head -c 80000000
} >"$work/huge/article.txt"
gzip -1 -c "$work/huge/article.txt" >"$work/huge-member.txt.gz"
{ printf 'date 2024-01-01 Huge line\n'; head -c 80000000 /dev/zero | tr '\0' 'x'; printf '\n'; } >"$work/huge-line.txt"
{
  printf '<html><head><title>Nested</title></head><body>'
  for _ in $(seq 1 1000); do printf '%.0s<div>' $(seq 1 100); done
  printf 'harbour text'
  for _ in $(seq 1 1000); do printf '%.0s</div>' $(seq 1 100); done
  printf '</body></html>'
} >"$work/nested.html"
for input in "$work/huge/article.txt" "$work/huge-member.txt.gz" "$work/huge-line.txt" "$work/nested.html"; do
  name="$(basename "$input")"
  run_status status /usr/bin/time -f 'peak %M KB' "$index" -q --threads 1 --db "$work/db-$name" "$input"
  expect_eq "$status" 0 "$name: indexed"
  peak="$(sed -n 's/^peak \([0-9]*\) KB$/\1/p' "$work/err")"
  if [ -z "$peak" ] || [ "$peak" -gt 160000 ]; then
    fail "$name: peak RSS ${peak:-unknown} KB, over 160,000 KB"
  fi
done
expect_eq "$("$search" -q --db "$work/db-article.txt" --count harbour)" 1 "the huge article is indexed"
expect_eq "$("$search" -q --db "$work/db-nested.html" --count harbour)" 1 "the nested page is indexed"

finish
