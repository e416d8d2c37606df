#!/usr/bin/env bash
# Facets and timelines (issue 17): counts per value and per period of the articles a query
# matches, counted during the match; each equals --count with the matching filter.
source "$(dirname "$0")/lib.sh"

# Fixtures: a burst of harbour news in one week of March 2024 among quiet weeks, one undated.
mkdir -p "$work/news"
day=0
for d in 2024-03-04 2024-03-12 2024-03-18 2024-03-19 2024-03-19 2024-03-20 2024-03-21 2024-03-22 \
  2024-03-26 2024-04-02 2024-04-09; do
  day=$((day + 1))
  printf 'date %s Harbour report %s\n\nThe harbour was busy with ships on day %s.\n' "$d" "$day" "$day" \
    >"$work/news/h$day.txt"
done
printf 'Harbour without a date\n\nShips in the harbour, no date given.\n' >"$work/news/undated.txt"
printf 'date 2024-03-19 Strike closes the harbour\n\nA harbour strike stopped every ship in the harbour harbour.\n' \
  >"$work/news/strike.txt"
db="$work/db"
"$index" -q --db "$db" "$work/news"

run_status status "$search" -q --db "$db" --json --timeline week harbour
expect_eq "$status" 0 "--timeline week: exit status"
json_lines "$work/out" 'd["count"], d["timeline"]["unit"], d["timeline"]["undated"], d["timeline"]["dated"]' >"$work/got"
expect_eq "$(cat "$work/got")" "(13, 'week', 1, 12)" "total, unit, undated and dated"
json_lines "$work/out" '" ".join("%s=%d" % (p["period"], p["count"]) for p in d["timeline"]["periods"])' >"$work/got"
expect_eq "$(cat "$work/got")" "2024-03-04=1 2024-03-11=1 2024-03-18=7 2024-03-25=1 2024-04-01=1 2024-04-08=1" \
  "weeks from the first to the last match, Mondays"
json_lines "$work/out" '[(b["period"], b["count"], b["title"]) for b in d["timeline"]["bursts"]]' >"$work/got"
expect_eq "$(cat "$work/got")" "[('2024-03-18', 7, 'Strike closes the harbour')]" \
  "the burst week, with the headline of its best-ranked article"
json_lines "$work/out" '" ".join("%s:%s" % (p["since"], p["until"]) for p in d["timeline"]["periods"][:1])' >"$work/got"
expect_eq "$(cat "$work/got")" "2024-03-04:2024-03-10" "a week's bounds"

# Empty periods are shown; the default period comes from the span (38 days: days).
"$search" -q --db "$db" --timeline --json harbour >"$work/out"
expect_eq "$(json_lines "$work/out" 'd["timeline"]["unit"], len(d["timeline"]["periods"])')" "('day', 37)" \
  "default period from the span, every day in it"

# Text: bars scaled to COLUMNS, the burst marked with its headline.
COLUMNS=60 "$search" -q --db "$db" --timeline week harbour >"$work/out"
expect_contains "$(cat "$work/out")" "Timeline by week, 2024-03-04 to 2024-04-08: 12 dated, 1 undated" "text header"
expect_contains "$(cat "$work/out")" "▲ burst: Strike closes the harbour" "text burst headline"
widest="$(grep '^2024' "$work/out" | python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in sys.stdin))')"
expect_eq "$widest" 60 "the widest bar line fills COLUMNS"
expect_contains "$(grep '^2024-03-18' "$work/out")" "████" "the burst week has the longest bar"

# Facets: counts per value, top N, those without a value counted apart.
"$search" -q --db "$db" --json --facets year,lang,date_source --top 1 harbour >"$work/out"
expect_eq "$(json_lines "$work/out" 'd["facets"]["year"]')" "{'distinct': 1, 'values': [{'count': 12, 'value': '2024'}], 'without': 1}" \
  "year facet"
expect_eq "$(json_lines "$work/out" 'd["facets"]["date_source"]["values"], d["facets"]["date_source"]["distinct"]')" \
  "([{'count': 12, 'value': 'header'}], 2)" "top 1 of 2 date sources"
expect_error 2 "gazette-search: unknown facet 'outlets' (known: lang, year, collection, date_source, outlet)" \
  "unknown facet" "$search" -q --db "$db" --facets outlets harbour
expect_error 2 "gazette-search: a timeline period is day, week, month or year, not 'harbour' (a query goes after the options, or after --)" \
  "timeline period" "$search" -q --db "$db" --timeline harbour

# On Reuters (its first six files, February to April 1987): every month of the timeline and every facet value equals --count with its filter.
if [ -d "$GAZETTE_SHARED/reuters21578" ]; then
  "$index" -q --threads 2 --db "$work/reuters" "$GAZETTE_SHARED"/reuters21578/reut2-00[0-5].sgm
  for q in oil '"interest rates"' 'bank AND rate' 'comput*'; do
    "$search" -q --db "$work/reuters" --json --timeline month --facets year,lang -- "$q" >"$work/out"
    json_lines "$work/out" '"\n".join("%s %s %d" % (p["since"], p["until"], p["count"]) for p in d["timeline"]["periods"])' >"$work/periods"
    while read -r since until count; do
      expect_eq "$("$search" -q --db "$work/reuters" --count --since "$since" --until "$until" -- "$q")" "$count" \
        "'$q' $since..$until equals --count"
    done <"$work/periods"
    expect_eq "$(json_lines "$work/out" 'd["count"]')" "$("$search" -q --db "$work/reuters" --count -- "$q")" "'$q' total"
    expect_eq "$(json_lines "$work/out" 'd["facets"]["lang"]["values"][0]["count"]')" \
      "$("$search" -q --db "$work/reuters" --count -- "($q) lang:en")" "'$q' lang:en"
  done
else
  echo "skipped the Reuters part: $GAZETTE_SHARED/reuters21578 is absent"
fi
finish
