#!/usr/bin/env bash
# --like, --like-text and --list (issue 16, items 3 and 4) on tests/data/like, a small archive
# written for these tests: a ferry strike report (2023-06-01), its updated retransmission
# (2023-06-02, one word changed and a sentence added), a weekly that quotes one sentence of it
# (2023-06-03), an earlier report of the pay talks (2023-05-20), and two unrelated articles;
# and corpus/ for a file of many articles.
source "$(dirname "$0")/lib.sh"
data="$GAZETTE_SOURCE/tests/data/like"
db="$work/db"
run_status status "$index" -q --db "$db" "$data" "$GAZETTE_SOURCE/corpus"
expect_eq "$status" 0 "indexing ($(head -c 300 "$work/err"))"
cd "$GAZETTE_SOURCE"
strike="tests/data/like/2023-06-01-ferry-strike.txt"
update="$data/2023-06-02-ferry-strike-update.txt"
weekly="$data/2023-06-03-island-weekly.txt"
talks="$data/2023-05-20-ferry-pay-talks.txt"

# --like an article by its path relative to the current folder: its retransmission first, the
# article itself never, the ferry coverage before the unrelated articles.
run_status status "$search" --db "$db" --json --like "$strike"
expect_eq "$status" 0 "--like PATH ($(cat "$work/err"))"
json_lines "$work/out" "d['id']" >"$work/ids"
expect_eq "$(sed -n 1p "$work/ids")" "$update" "--like: the retransmission first"
expect_eq "$(grep -c 'ferry-strike.txt$' "$work/ids")" 0 "--like: the article itself is left out"
expect_eq "$(sed -n 2,3p "$work/ids" | sort | tr '\n' ' ')" "$talks $weekly " "--like: then the other ferry reports"
expect_eq "$(json_lines "$work/out" "d['story'] is not None" | sed -n 1p)" "True" \
  "the retransmission is in the article's story (docs/stories.md)"
# By its id (the absolute path), the same results.
cp "$work/out" "$work/by-path"
run_status status "$search" --db "$db" --json --like "$GAZETTE_SOURCE/$strike"
if ! cmp -s "$work/out" "$work/by-path"; then fail "--like ID differs from --like PATH"; fi
# With a date filter: background as it was known on 2023-06-02.
run_status status "$search" --db "$db" --json --like "$strike" --until 2023-06-02
expect_eq "$(json_lines "$work/out" "d['date'] <= '2023-06-02'" | sort -u)" "True" "--like --until: nothing later"
expect_eq "$(json_lines "$work/out" "d['id']" | sed -n 1p)" "$update" "--like --until keeps the retransmission"
# Query words filter.
run_status status "$search" --db "$db" --json --like "$strike" 'title:talks'
expect_eq "$(json_lines "$work/out" "d['id']" | tr '\n' ' ')" "$talks " "--like with words: only what they match"
# The text output.
run_status status "$search" --db "$db" --color never -n 2 --like "$strike"
expect_contains "$(cat "$work/out")" "2023-06-02  Ferry crews walk out over pay" "--like text output"
expect_contains "$(tail -1 "$work/out")" "1-2 of" "--like text footer"

# A file of many articles by PATH:LINE (any line of the article), and refused without a line.
wire="corpus/wire/wire-1987.sgm"
second_start="$(grep -n '<REUTERS' "$wire" | sed -n 2p | cut -d: -f1)"
run_status status "$search" --db "$db" --json -n 100 --like "$wire:$((second_start + 2))"
expect_eq "$status" 0 "--like PATH:LINE ($(cat "$work/err"))"
second_id="$("$search" --db "$db" --list "source:corpus" | python3 -c '
import json, sys
for line in sys.stdin:
    d = json.loads(line)
    if d["path"].endswith("wire-1987.sgm") and d["line"] == '"$second_start"': print(d["id"])')"
if [ -z "$second_id" ]; then fail "--list names the wire file's second story"; fi
expect_eq "$(json_lines "$work/out" "d['id']" | grep -cxF "$second_id")" 0 "--like PATH:LINE leaves out that story"
run_status status "$search" --db "$db" --json -n 100 --like "$second_id"
expect_eq "$status" 0 "--like ID of a wire story"
expect_eq "$(json_lines "$work/out" "d['id']" | grep -cxF "$second_id")" 0 "--like ID leaves out that story"
count="$(grep -c '<REUTERS' "$wire")"
expect_error 2 "gazette-search: --like $wire: the file holds $count articles; give FILE:LINE (a line of the article) or the article's id" \
  "--like a file of many articles without a line" "$search" --db "$db" --like "$wire"
expect_error 2 "gazette-search: --like no/such.txt: no article has this id, and $GAZETTE_SOURCE/no/such.txt is not an indexed file of $db" \
  "--like an unknown path" "$search" --db "$db" --like no/such.txt
expect_error 2 "gazette-search: --like and --like-text rank articles; drop --unit passage" \
  "--like --unit passage" "$search" --db "$db" --unit passage --like "$strike"

# --like-text: the paragraph of the strike report. First the report (the earliest that holds
# it), then the retransmission (a reuse, one word changed), then similar articles: the weekly
# quotes only its first sentence, the talks report is older but does not hold it.
sed -n 5p "$strike" >"$work/paragraph.txt"
run_status status "$search" --db "$db" --json --like-text "$work/paragraph.txt"
expect_eq "$status" 0 "--like-text ($(cat "$work/err"))"
expect_eq "$(json_lines "$work/out" "d['id']" | sed -n 1,2p | tr '\n' ' ')" "$GAZETTE_SOURCE/$strike $update " \
  "--like-text: the earliest holder first, then its reuse"
expect_eq "$(json_lines "$work/out" "d['contains_text']" | sed -n 1,4p | tr '\n' ' ')" "True True False False " \
  "--like-text: contains_text on the two holders only"
expect_eq "$(json_lines "$work/out" "d['containment'] == 1.0" | sed -n 1p)" "True" "the original holds every 5-word run"
expect_eq "$(json_lines "$work/out" "d['id']" | sed -n 3,4p | sort | tr '\n' ' ')" "$talks $weekly " \
  "--like-text: then the similar articles"
run_status status "$search" --db "$db" --color never --like-text - <"$work/paragraph.txt"
expect_eq "$status" 0 "--like-text - (stdin)"
expect_contains "$(cat "$work/out")" "contains the text (100% of its 5-word runs), the earliest that does" "text output marks the earliest"
expect_contains "$(cat "$work/out")" ", a reuse" "text output marks a reuse"
expect_contains "$(cat "$work/out")" "similar; does not contain the text" "text output marks the others"
# With --since after the original, the retransmission is the earliest holder left.
run_status status "$search" --db "$db" --json --since 2023-06-02 --like-text "$work/paragraph.txt"
expect_eq "$(json_lines "$work/out" "d['id']" | sed -n 1p)" "$update" "--like-text --since: the earliest holder in range"
printf ' \n\t\n' >"$work/blank.txt"
expect_error 2 "gazette-search: --like-text $work/blank.txt: the text is empty" "--like-text an empty text" \
  "$search" --db "$db" --like-text "$work/blank.txt"
expect_error 2 "gazette-search: --like-text $work/none.txt: cannot open the file" "--like-text a missing file" \
  "$search" --db "$db" --like-text "$work/none.txt"

# --list: every article once, in article-key order, the fields of a result's article.
run_status status "$search" --db "$db" --list
expect_eq "$status" 0 "--list ($(cat "$work/err"))"
articles="$("$search" --db "$db" --stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"])')"
expect_eq "$(wc -l <"$work/out")" "$articles" "--list prints every article"
expect_eq "$(json_lines "$work/out" "d['id']" | sort -u | wc -l)" "$articles" "--list: each article once"
expect_eq "$(json_lines "$work/out" "sorted(d)" | sort -u)" \
  "['collection', 'date', 'date_source', 'docno', 'id', 'lang', 'line', 'outlet', 'outlets', 'path', 'story', 'time', 'title']" \
  "--list keys"
expect_eq "$(json_lines "$work/out" "d['title']" | grep -c '^Ferry crews walk out over pay, stranding island commuters$')" 1 "--list titles"
# Dates alone, without words.
run_status status "$search" --db "$db" --list --since 2023-06-01 --until 2023-06-02
expect_eq "$(json_lines "$work/out" "d['path'].rsplit('/', 1)[1]" | sort | tr '\n' ' ')" \
  "2023-06-01-choir-festival.txt 2023-06-01-ferry-strike.txt 2023-06-02-ferry-strike-update.txt " "--list --since --until"
# A query: the articles --count counts.
run_status status "$search" --db "$db" --list ferry
expect_eq "$(wc -l <"$work/out")" "$("$search" --db "$db" --count ferry)" "--list QUERY lists what --count counts"
expect_error 2 "gazette-search: --list takes no --limit: it prints every match, in article-key order (docs/output-format.md)" \
  "--list -n" "$search" --db "$db" --list -n 5
expect_error 2 "gazette-search: --list prints JSON Lines, not tsv; drop --format" "--list --format tsv" \
  "$search" --db "$db" --list --format tsv
finish
