#!/usr/bin/env bash
# Done-when for ranking: TIME and CACM index and run in one command each, gazette-eval scores
# the runs, the default ranking beats plain Xapian BM25, and --expand beats Anserini's best
# published CACM run (MAP 0.3643). docs/evaluation.md has the full table (scripts/eval-all).
source "$(dirname "$0")/lib.sh"
require_shared ir

map() {  # map COLLECTION [OPTIONS...]
  local c="$1"
  shift
  "$search" -q --db "$work/$c-db" --batch "$GAZETTE_SHARED/ir/$c/topics.tsv" -n 1000 --threads 2 "$@" \
    >"$work/$c.run"
  "$GAZETTE_BIN/searcher/gazette-eval" "$GAZETTE_SHARED/ir/$c/qrels.trec" "$work/$c.run" 2>/dev/null |
    awk '$1 == "map" {print $3}'
}
above() { python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > float(sys.argv[2]) else 1)" "$1" "$2"; }

"$index" -q --db "$work/time-db" "$GAZETTE_SHARED/ir/time/TIME.ALL"
"$index" -q --db "$work/cacm-db" "$GAZETTE_SHARED/ir/cacm/cacm.all"
"$search" --db "$work/time-db" --stats --json >"$work/time.json"
"$search" --db "$work/cacm-db" --stats --json >"$work/cacm.json"
expect_eq "$(json_lines "$work/time.json" 'd["articles"]')" 423 "TIME documents"
expect_eq "$(json_lines "$work/cacm.json" 'd["articles"]')" 3204 "CACM documents"

for c in time cacm; do
  plain="$(map "$c" --k1 1 --b 0.5 --no-stopwords --article-weight 1)"
  default="$(map "$c")"
  echo "$c: plain BM25 MAP $plain, default MAP $default"
  above "$default" "$plain" || fail "$c: default MAP $default is not above plain BM25's $plain"
done
# A passage run: every line a distinct document (DOCNO.pN), scored at article level by --maxp
# as the article run is (a passage scores as its article would with it as its best).
time_map="$(map time)"
"$search" -q --db "$work/time-db" --batch "$GAZETTE_SHARED/ir/time/topics.tsv" -n 1000 --threads 2 \
  --unit passage >"$work/passages.run"
expect_eq "$(awk '{print $1, $3}' "$work/passages.run" | sort | uniq -d | wc -l)" 0 "no docno twice in a passage run"
expect_eq "$(awk '$3 !~ /\.p[0-9]+$/' "$work/passages.run" | wc -l)" 0 "passage docnos end in .pN"
run_status status "$GAZETTE_BIN/searcher/gazette-eval" --maxp "$GAZETTE_SHARED/ir/time/qrels.trec" "$work/passages.run"
expect_eq "$(grep -c warning "$work/err")" 0 "MaxP drops nothing"
expect_eq "$(awk '$1 == "map" {print $3}' "$work/out")" "$time_map" "the passage run at article level scores as the article run"

expanded="$(map cacm --expand)"
echo "cacm --expand MAP $expanded"
above "$expanded" 0.3643 || fail "CACM --expand MAP $expanded is not above 0.3643"
finish
