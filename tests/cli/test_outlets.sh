#!/usr/bin/env bash
# Outlets and times of day, through the real binaries: each article keeps the outlets its source
# names (a JSON source field, a crosspost's newsgroups, a feed's title), searchable with
# `outlet:`, shown in text and JSON results and counted by --stats; the time of day a source
# gives orders the articles of one day for --sort date.
source "$(dirname "$0")/lib.sh"

in="$work/news"
mkdir -p "$in/feeds"
cat >"$in/trams.jsonl" <<'JSON'
{"id":"a1","title":"Tram line extension opens","date":"2021-05-03T14:05:00Z","source":"City Courier","text":"The new tram line to the harbour opened on Monday afternoon."}
{"id":"a2","title":"Tram fares frozen","date":"2021-05-03T08:30:00Z","source":"Evening Post","text":"Tram fares will stay the same next year, the council said."}
{"id":"a3","title":"Tram drivers vote","date":"2021-05-03","text":"Tram drivers voted on the pay offer."}
{"id":"a4","title":"Tram museum reopens","date":"2021-05-03T23:10:00Z","source":"City Courier","text":"The tram museum reopened late in the evening after repairs."}
{"id":"a5","title":"Tram timetable","date":"2021-05-02T23:59:00Z","source":"city courier","text":"A new tram timetable starts tomorrow."}
JSON
cp "$GAZETTE_SOURCE/tests/data/readers/mail/40213" "$in/squash"
cp "$GAZETTE_SOURCE/tests/data/readers/feeds/harbour-atom.xml" "$in/feeds/"
db="$work/db"

run_status status "$index" --db "$db" "$in"
expect_eq "$status" 0 "indexing"

# outlet: is exact but for case; source: still finds outlets too.
"$search" --db "$db" --count 'outlet:"city courier"' >"$work/n"
expect_eq "$(cat "$work/n")" 3 "outlet: matches the outlet whatever its case"
"$search" --db "$db" --count 'outlet:"CITY COURIER" tram' >"$work/n"
expect_eq "$(cat "$work/n")" 3 "outlet: with words"
"$search" --db "$db" --count 'outlet:"Gazette Nowhere"' >"$work/n"
expect_eq "$(cat "$work/n")" 0 "an outlet nobody named finds nothing"
"$search" --db "$db" --count 'outlet:city' >"$work/n"
expect_eq "$(cat "$work/n")" 0 "outlet: takes the whole name, not a word of it"
"$search" --db "$db" --count 'source:"evening post"' >"$work/n"
expect_eq "$(cat "$work/n")" 1 "source: also finds an outlet"

# JSON: the outlet shown and every outlet named; a crosspost has both its groups.
"$search" --db "$db" --json 'outlet:rec.food.preserving squash' >"$work/squash.jsonl"
expect_eq "$(json_lines "$work/squash.jsonl" 'd["outlet"], d["outlets"]')" \
  "('rec.gardening', ['rec.gardening', 'rec.food.preserving'])" "a crosspost's outlets"
"$search" --db "$db" --json 'outlet:"harbour radio"' >"$work/feed.jsonl"
expect_eq "$(json_lines "$work/feed.jsonl" 'd["outlet"]' | sort -u)" "Harbour Radio" "a feed's title"
"$search" --db "$db" --json 'drivers' >"$work/none.jsonl"
expect_eq "$(json_lines "$work/none.jsonl" 'd["outlet"], d["outlets"], d["time"]')" \
  "(None, [], None)" "no outlet and no time: null and an empty list"

# Text: the outlet beside the date.
run_status status "$search" --db "$db" 'extension'
expect_contains "$(cat "$work/out")" " 1. 2021-05-03 · City Courier  Tram line extension opens" \
  "text shows the outlet"

# The time of day: kept in JSON, and orders one day's articles for --sort date.
"$search" --db "$db" --json -n 10 --sort date tram >"$work/newest.jsonl"
expect_eq "$(json_lines "$work/newest.jsonl" 'd["title"] + " " + str(d["time"])' | tr '\n' '|')" \
  "Tram museum reopens 23:10:00|Tram line extension opens 14:05:00|Tram fares frozen 08:30:00|Tram drivers vote None|Tram timetable 23:59:00|" \
  "newest first, by time within the day (an article without a time after the day's timed ones)"
"$search" --db "$db" --json -n 10 --sort oldest tram >"$work/oldest.jsonl"
expect_eq "$(json_lines "$work/oldest.jsonl" 'd["id"].split("#")[1]' | tr '\n' ' ')" \
  "a5 a3 a2 a1 a4 " "oldest first, by time within the day"

# --stats counts articles by the outlet they show.
"$search" --db "$db" --stats --json >"$work/stats.json"
expect_eq "$(json_lines "$work/stats.json" 'd["outlets"]')" \
  "{'City Courier': 2, 'Evening Post': 1, 'Harbour Radio': 3, 'city courier': 1, 'rec.gardening': 1}" \
  "--stats counts outlets as each is spelled"
expect_eq "$(json_lines "$work/stats.json" 'd["articles_without_outlet"]')" 1 "--stats counts articles without one"
run_status status "$search" --db "$db" --stats
expect_contains "$(cat "$work/out")" "outlets           Harbour Radio 3, City Courier 2, Evening Post 1, city courier 1, rec.gardening 1" "--stats text"
expect_contains "$(cat "$work/out")" "without an outlet 1" "--stats text counts articles without one"

# --facets outlet counts the matches by the outlet they show; each value is a filter away.
"$search" -q --db "$db" --json --facets outlet tram >"$work/facets.json"
expect_eq "$(json_lines "$work/facets.json" 'd["facets"]["outlet"]')" \
  "{'distinct': 3, 'values': [{'count': 2, 'value': 'City Courier'}, {'count': 1, 'value': 'Evening Post'}, {'count': 1, 'value': 'city courier'}], 'without': 1}" \
  "--facets outlet"

finish
