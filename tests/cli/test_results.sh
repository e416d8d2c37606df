#!/usr/bin/env bash
# What a result list promises (docs/output-format.md): one score scale in every order and unit.
# (Ties by article key and deep paging: tests/integration, "pages follow on beyond the pool".)
source "$(dirname "$0")/lib.sh"

# One score scale: an article scores the same in relevance and date order; a passage result
# scores as its article would with that passage as its best.
db="$work/db"
"$index" -q --db "$db" "$GAZETTE_SOURCE/corpus"
"$search" -q --db "$db" --format tsv -n 1000 cocoa | cut -f4,3 | sort >"$work/by-relevance"
"$search" -q --db "$db" --format tsv -n 1000 --sort date cocoa | cut -f4,3 | sort >"$work/by-date"
expect_eq "$(cat "$work/by-date")" "$(cat "$work/by-relevance")" "--sort date prints the relevance scores"
best="$("$search" -q --db "$db" --format tsv -n 1 cocoa | cut -f3,4)"
expect_eq "$("$search" -q --db "$db" --format tsv -n 1 --unit passage cocoa | cut -f3,4 | sed 's/[.]p[0-9]*$//')" "$best" \
  "the best passage scores as its article"
if ! "$search" -q --db "$db" --format tsv -n 1000 --unit passage computing | cut -f3 | sort -g -r -c; then
  fail "passage scores decrease with rank"
fi

# Readable results: a long passage is cut to about 300 characters around its best match
# (--context 0 shows it whole); JSON keeps the whole passage and gives the window's offsets; a
# stopword held only inside a phrase is marked only inside it.
mkdir -p "$work/long"
{
  printf 'date 2024-03-14 Port news\n\n'
  for _ in $(seq 1 30); do printf 'Ships came and went as usual in the morning. '; done
  printf 'Then the Bank of England said the harbour strike would end. '
  for _ in $(seq 1 30); do printf 'Ships of the line came and went in the evening. '; done
  printf '\n'
} >"$work/long/port.txt"
"$index" -q --db "$work/long-db" "$work/long"
"$search" -q --db "$work/long-db" --color always 'harbour strike' >"$work/cut.txt"
shown="$(sed -n 3p "$work/cut.txt")"
expect_contains "$shown" "harbour" "the window holds the match"
length="$(printf '%s' "$shown" | sed 's/\x1b\[[0-9;]*m//g' | wc -m)"
if [ "$length" -gt 320 ] || [ "$length" -lt 200 ]; then fail "the shown passage is about 300 characters (got $length)"; fi
expect_contains "$shown" "    ... " "a cut start is marked"
"$search" -q --db "$work/long-db" --context 0 'harbour strike' >"$work/whole.txt"
if [ "$(sed -n 3p "$work/whole.txt" | wc -m)" -lt 500 ]; then fail "--context 0 shows the whole passage"; fi
"$search" -q --db "$work/long-db" --json 'harbour strike' >"$work/long.jsonl"
expect_eq "$(json_lines "$work/long.jsonl" 'len(d["text"]) > 500 and d["window"][1] - d["window"][0] < 320')" True "JSON keeps the whole passage"
expect_eq "$(json_lines "$work/long.jsonl" 'd["text"][d["window"][0]:d["window"][1]] in open("'"$work/cut.txt"'").read().replace("\x1b[1;31m", "").replace("\x1b[0m", "")')" \
  True "JSON's window is what the text output shows"
"$search" -q --db "$work/long-db" --json --context 0 '"bank of england"' >"$work/phrase.jsonl"
expect_eq "$(json_lines "$work/phrase.jsonl" '[d["text"][b:e] for b, e in d["highlights"]]')" "['Bank of England']" \
  "'of' is marked only inside the phrase (the text has 30 more)"
finish
