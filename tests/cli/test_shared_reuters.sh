#!/usr/bin/env bash
# Done-when: Reuters-21578 gives 21,578 dated articles; title:cocoa sorts newest first; a run
# killed with SIGKILL mid-way resumes to exactly the right count; dotted acronyms are found.
source "$(dirname "$0")/lib.sh"
require_shared reuters21578

db="$work/db"
# Kill the first run once it has committed some files but before it is done.
"$index" -q --commit-every 2000 --db "$db" "$GAZETTE_SHARED/reuters21578" &
pid=$!
for _ in $(seq 1 600); do
  if [ -f "$db/shard-0/iamglass" ] &&
    "$search" --db "$db" --stats --json 2>/dev/null | grep -q '"articles":[1-9]'; then
    break
  fi
  sleep 0.1
done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
"$search" --db "$db" --stats --json >"$work/partial.json"
partial="$(json_lines "$work/partial.json" 'd["articles"]')"
echo "killed with $partial articles committed"
if [ "$partial" -ge 21578 ]; then fail "the run was not interrupted (raise the corpus or lower the wait)"; fi

run_status status "$index" --db "$db" "$GAZETTE_SHARED/reuters21578"
expect_eq "$status" 0 "resumed run"
"$search" --db "$db" --stats --json >"$work/stats.json"
expect_eq "$(json_lines "$work/stats.json" 'd["articles"]')" 21578 "articles after resuming"
expect_eq "$(json_lines "$work/stats.json" 'd["undated_articles"]')" 0 "every article dated"
expect_eq "$(json_lines "$work/stats.json" 'd["date_sources"]["header"]')" 21578 "dates from <DATE>"

"$search" --db "$db" --json --sort date -n 1000 'title:cocoa' >"$work/cocoa.jsonl"
count="$(wc -l <"$work/cocoa.jsonl")"
if [ "$count" -lt 50 ]; then fail "title:cocoa finds the cocoa stories (got $count)"; fi
json_lines "$work/cocoa.jsonl" 'd["date"]' >"$work/dates"
if ! sort -r -c "$work/dates"; then fail "title:cocoa is sorted newest first"; fi
expect_eq "$(json_lines "$work/cocoa.jsonl" '"cocoa" in d["title"].lower()' | sort -u)" True "titles mention cocoa"

# Dotted acronyms (issue 15, item 1): each finds at least the stories that hold it as written
# in their title or body, and the issue's figures.
python3 - "$GAZETTE_SHARED/reuters21578" >"$work/acronyms.tsv" <<'PY'
import glob, re, sys
texts = []
for name in sorted(glob.glob(sys.argv[1] + "/*.sgm")):
    for story in re.findall(r"<REUTERS.*?</REUTERS>", open(name, encoding="latin-1").read(), re.S):
        texts.append(" ".join(t for _, t in re.findall(r"<(TITLE|BODY)>(.*?)</\1>", story, re.S)))
for query, pattern in [("U.K.", r"U\.K\."), ("U.N.", r"U\.N\."), ("U.S.", r"U\.S\."), ('"E.F. Hutton"', r"E\.F\. Hutton")]:
    held = sum(1 for t in texts if re.search(r"(?<![\w.])" + pattern + r"(?![\w.])", t))
    print(f"{query}\t{held}")
PY
declare -A least=([U.K.]=600 [U.N.]=35 [U.S.]=4000 ['"E.F. Hutton"']=80)
while IFS=$'\t' read -r q held; do
  found="$("$search" --db "$db" --count "$q")"
  echo "$q: $found stories (hold it as written: $held)"
  if [ "$found" -lt "$held" ] || [ "$found" -lt "${least[$q]}" ]; then
    fail "$q finds $found stories, fewer than the $held that hold it or ${least[$q]}"
  fi
done <"$work/acronyms.tsv"
expect_eq "$(wc -l <"$work/acronyms.tsv")" 4 "four acronyms counted"

# Spelling suggestions (issue 15, item 10): the archive's own vocabulary.
run_status status "$search" --db "$db" -n 3 Gorbachov
expect_contains "$(head -1 "$work/out")" "Did you mean 'gorbachev'? (Gorbachov: in no article; gorbachev: in " \
  "Gorbachov: did you mean gorbachev"
"$search" --db "$db" --json -n 3 'gorbachev reforms' >"$work/gorbachev.jsonl"
expect_eq "$(json_lines "$work/gorbachev.jsonl" '"did_you_mean" in d' | sort -u)" False "a right spelling: no suggestion"

run_status status "$index" --db "$db" "$GAZETTE_SHARED/reuters21578"
expect_contains "$(cat "$work/err")" "nothing to do: 22 files unchanged; 21578 articles" "unchanged re-run"
finish
