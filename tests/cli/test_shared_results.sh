#!/usr/bin/env bash
# Done-when of issue 15 (counts and pages) on real archives: --count equals the number of
# results of an unlimited request for 51 varied queries on Reuters, 20 Newsgroups and BBC; for
# 200 queries over Reuters and 20 Newsgroups, pages of 10 at offsets 0..190 concatenate to the
# first 200 of one request, for articles and for passages.
source "$(dirname "$0")/lib.sh"
require_shared reuters21578
require_shared 20newsgroups
require_shared bbc

"$index" -q --threads 2 --db "$work/reuters" "$GAZETTE_SHARED/reuters21578"
"$index" -q --threads 2 --db "$work/ng" "$GAZETTE_SHARED/20newsgroups"
"$index" -q --db "$work/bbc" "$GAZETTE_SHARED/bbc"

# Varied queries in the query language: words, phrases, operators, fields, wildcards, stopwords.
cat >"$work/varied.txt" <<'EOF'
oil
prices rise
"interest rates"
bank AND rate
government -tax
title:market
market NEAR share
comput*
year OR month
the
"new york"
president NOT election
(game OR match) AND win
music
software windows
"of the"
year:1987
EOF
for db in reuters ng bbc; do
  awk -v db="$db" '{printf "%s%d\t%s\n", db, NR, $0}' "$work/varied.txt"
done >"$work/counts.tsv"
for db in reuters ng bbc; do
  grep "^$db" "$work/counts.tsv" >"$work/counts-$db.tsv"
  for unit in article passage; do
    "$search" -q --db "$work/$db" --batch "$work/counts-$db.tsv" --syntax xapian --unit "$unit" \
      --count >"$work/count.out"
    "$search" -q --db "$work/$db" --batch "$work/counts-$db.tsv" --syntax xapian --unit "$unit" \
      -n 1000000 --threads 2 | awk '{n[$1]++} END {for (q in n) print q "\t" n[q]}' >"$work/all.out"
    # Queries without results have no run lines: count them as 0.
    expected="$(awk -F'\t' 'NR == FNR {n[$1] = $2; next} {print $1 "\t" ($1 in n ? n[$1] : 0)}' \
      "$work/all.out" "$work/count.out")"
    expect_eq "$(cat "$work/count.out")" "$expected" "--count --unit $unit equals the unlimited results on $db"
  done
done
expect_eq "$(wc -l <"$work/counts.tsv")" 51 "51 queries"
if [ "$(awk -F'\t' '$2 > 1000' "$work/count.out" | wc -l)" -lt 1 ]; then
  fail "some query has more than 1,000 matches (the counts are not all small)"
fi

# 100 queries from each archive's own titles and subjects (their first three words, letters and
# digits only), run as plain text as batch topics are.
grep -h -o '<TITLE>[^<]*' "$GAZETTE_SHARED"/reuters21578/reut2-00[0-4].sgm | sed 's/<TITLE>//' | tr -c '[:alnum:]\n' ' ' |
  awk 'NR % 7 == 0 {print $1, $2, $3}' | awk 'NR <= 100' | awk '{printf "r%d\t%s\n", NR, $0}' >"$work/pages-reuters.tsv"
find "$GAZETTE_SHARED/20newsgroups" -type f | sort | awk 'NR % 97 == 0' | awk 'NR <= 100' |
  xargs grep -h -m1 '^Subject:' | sed 's/^Subject: *//; s/^[Rr][Ee]: *//' | tr -c '[:alnum:]\n' ' ' |
  awk 'NF > 0 {print $1, $2, $3}' | awk '{printf "n%d\t%s\n", NR, $0}' >"$work/pages-ng.tsv"
total=0
for db in reuters ng; do
  topics="$work/pages-$db.tsv"
  total=$((total + $(wc -l <"$topics")))
  for unit in article passage; do
    "$search" -q --db "$work/$db" --batch "$topics" --unit "$unit" -n 200 --threads 2 |
      awk '{print $1, $3, $5}' >"$work/one.txt"
    for offset in $(seq 0 10 190); do
      "$search" -q --db "$work/$db" --batch "$topics" --unit "$unit" -n 10 --offset "$offset" --threads 2 |
        awk -v o="$offset" '{print o, NR, $1, $3, $5}'
    done | sort -k3,3 -k1,1n -k2,2n | awk '{print $3, $4, $5}' >"$work/paged.txt"
    sort -s -k1,1 "$work/one.txt" >"$work/one-sorted.txt"
    if ! cmp -s "$work/one-sorted.txt" "$work/paged.txt"; then
      fail "$db, $unit: pages of 10 differ from one request of 200: $(diff "$work/one-sorted.txt" "$work/paged.txt" | head -4 | tr '\n' ' ')"
    fi
    # Passage runs name each passage (DOCNO.pN), so no line repeats another in either unit.
    expect_eq "$(awk '{print $1, $2}' "$work/one.txt" | sort | uniq -d | sed -n 1p)" "" \
      "$db, $unit: no result twice in a query's first 200"
  done
done
expect_eq "$total" 200 "200 paging queries"
# Issue 15 item 3: NEAR beside a phrase no longer turns into the word "near" (413 BBC articles).
run_status status "$search" --db "$work/bbc" --count '"tony blair" NEAR iraq'
expect_eq "$status" 2 "BBC \"tony blair\" NEAR iraq: refused"
expect_contains "$(cat "$work/err")" "NEAR (character 14) joins single words, not the phrase" \
  "BBC \"tony blair\" NEAR iraq: says what and where"

finish
