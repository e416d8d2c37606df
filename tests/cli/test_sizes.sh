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

finish
