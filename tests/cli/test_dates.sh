#!/usr/bin/env bash
# Dates a user can trust: --date-sources and --as-of-index, where each shown date came from,
# --stats by source; on the shared data, the State of the Union addresses and the seeds.
source "$(dirname "$0")/lib.sh"

# Usage errors come before any database is created.
expect_error 2 "gazette-index: --date-sources takes header, filename and text in the order to try them (comma-separated), or none; 'header,text,header' names 'header' twice" \
  "a source named twice" "$index" --db "$work/no-db" --date-sources header,text,header "$work"
expect_error 2 "gazette-index: --date-sources takes header, filename and text in the order to try them (comma-separated), or none; 'header,mtime' names 'mtime'" \
  "an unknown source" "$index" --db "$work/no-db" --date-sources header,mtime "$work"
expect_error 2 "gazette-index: --as-of-index takes a date as YYYY-MM-DD, not '2024-02-30'" \
  "a day that does not exist" "$index" --db "$work/no-db" --as-of-index 2024-02-30 "$work"
[ ! -e "$work/no-db" ] || fail "a usage error created the database"

# Three articles: one with a header date in a file whose name has another date, one whose
# only dates are its file name and its dateline, one dated only by its text.
mkdir "$work/in"
printf 'date 2024-03-14 Harbour reopens\n\nThe harbour reopened after repairs.\n' \
  >"$work/in/2024-01-02-harbour.txt"
printf 'Pier closes for repairs\n\nMarch 10, 2024. (Photo: Port)\n\nBRIGHTON, March 10 (PA) -- The pier closed for repairs.\n' \
  >"$work/in/2024-02-01-pier.txt"
printf 'Ferry returns\n\nThe ferry returned to service on March 12th, its owners said.\n\nTimetables have changed in 2024.\n' \
  >"$work/in/ferry.txt"

# dates DB: "title date source" of each article, sorted by title.
dates() {
  "$search" --db "$1" --json -n 10 'source:in' >"$work/dates.jsonl"
  json_lines "$work/dates.jsonl" 'd["title"] + " " + str(d["date"]) + " " + d["date_source"]' | sort | tr '\n' ','
}
index_with() {
  rm -rf "$work/db"
  "$index" -q --db "$work/db" --as-of-index 2025-06-30 "$@" "$work/in"
}

index_with
expect_eq "$(dates "$work/db")" \
  "Ferry returns 2024-03-12 text,Harbour reopens 2024-03-14 header,Pier closes for repairs 2024-02-01 filename," \
  "default sources: header, then file name, then text"
index_with --date-sources text
expect_eq "$(dates "$work/db")" \
  "Ferry returns 2024-03-12 text,Harbour reopens None none,Pier closes for repairs 2024-03-10 text," \
  "text alone"
index_with --date-sources text,filename,header
expect_eq "$(dates "$work/db")" \
  "Ferry returns 2024-03-12 text,Harbour reopens 2024-01-02 filename,Pier closes for repairs 2024-03-10 text," \
  "the order given"
index_with --date-sources none
expect_eq "$(dates "$work/db")" \
  "Ferry returns None none,Harbour reopens None none,Pier closes for repairs None none," \
  "no dates"

# The day taken as today: a text date after it is no date.
rm -rf "$work/db"
"$index" -q --db "$work/db" --date-sources text --as-of-index 2024-03-11 "$work/in"
expect_eq "$(dates "$work/db")" \
  "Ferry returns None none,Harbour reopens None none,Pier closes for repairs 2024-03-10 text," \
  "--as-of-index"

# A file's context: a record without a date of its own, whose dateline gives no year, takes
# the year of the record before it in the same file.
printf '%s\n' '{"id": "1", "title": "Wheat talks open", "date": "1987-02-20", "text": "Talks opened."}' \
  '{"id": "2", "title": "Wheat talks end", "text": "WASHINGTON, Feb 26 - Talks ended."}' >"$work/wire.jsonl"
rm -rf "$work/wire-db"
"$index" -q --db "$work/wire-db" "$work/wire.jsonl"
"$search" --db "$work/wire-db" --json --sort oldest 'title:wheat' >"$work/wire.out"
expect_eq "$(json_lines "$work/wire.out" 'd["date"] + " " + d["date_source"]' | tr '\n' ',')" \
  "1987-02-20 header,1987-02-26 text," "the year from the file's context"

# The period the archive covers gives a year-less dateline its year, when only one year of the
# period holds the day; a date outside it is no date; an options file may state it; changing it
# reads the files again.
expect_error 2 "gazette-index: --period takes the days the archive's articles appeared in, as YYYY, YYYY..YYYY or YYYY-MM-DD..YYYY-MM-DD; '1988..1987' ends before it begins" \
  "a period that ends before it begins" "$index" --db "$work/no-db" --period 1988..1987 "$work"
[ ! -e "$work/no-db" ] || fail "a bad --period created the database"
mkdir "$work/wires"
printf 'Wheat talks end\n\nWASHINGTON, Feb 26 - Talks ended.\n' >"$work/wires/wheat.txt"
printf 'Corn talks end\n\nCHICAGO, March 3, 1988 - Talks ended.\n' >"$work/wires/corn.txt"
wire_dates() {
  "$search" --db "$work/wires-db" --json --no-collapse 'source:wires' >"$work/wires.jsonl"
  json_lines "$work/wires.jsonl" 'd["title"] + " " + str(d["date"])' | sort | tr '\n' ','
}
rm -rf "$work/wires-db"
"$index" -q --db "$work/wires-db" --date-sources text "$work/wires"
expect_eq "$(wire_dates)" "Corn talks end 1988-03-03,Wheat talks end None," "no period: no year"
run_status status "$index" --db "$work/wires-db" --date-sources text --period 1987 "$work/wires"
expect_contains "$(cat "$work/err")" "2 files read again: indexed before with other reading options" \
  "a new period reads the files again"
expect_eq "$(wire_dates)" "Corn talks end None,Wheat talks end 1987-02-26," "--period 1987"
"$index" -q --db "$work/wires-db" --date-sources text --period 2004..2005 "$work/wires"
expect_eq "$(wire_dates)" "Corn talks end None,Wheat talks end None," "two years hold Feb 26 twice"
printf '{"date_sources": "text", "period": "1988"}\n' >"$work/wires/.gazette.json"
"$index" -q --db "$work/wires-db" "$work/wires"
expect_eq "$(wire_dates)" "Corn talks end 1988-03-03,Wheat talks end 1988-02-26," "an options file's period"
printf '{"period": "87"}\n' >"$work/wires/.gazette.json"
expect_error 2 "gazette-index: $work/wires/.gazette.json: 'period': --period takes the days the archive's articles appeared in, as YYYY, YYYY..YYYY or YYYY-MM-DD..YYYY-MM-DD; '87' is not one" \
  "a bad period in an options file" "$index" --db "$work/wires-db" "$work/wires"

# A crawl date only bounds when a page appeared: it is taken when no other source gives a
# date, and only with `header` among the sources.
warc="$GAZETTE_SOURCE/tests/data/readers/warc/coast.warc"
rm -rf "$work/warc-db"
"$index" -q --db "$work/warc-db" "$warc"
"$search" --db "$work/warc-db" --stats --json >"$work/warc.json"
expect_eq "$(json_lines "$work/warc.json" 'd["date_sources"].get("crawl", 0)')" 1 "a crawl date by default"
rm -rf "$work/warc-db"
"$index" -q --db "$work/warc-db" --date-sources filename,text "$warc"
"$search" --db "$work/warc-db" --stats --json >"$work/warc.json"
expect_eq "$(json_lines "$work/warc.json" 'd["date_sources"].get("crawl", 0)')" 0 "no crawl date without header"

# The text output says where a date came from unless it is the article's own.
index_with
run_status status "$search" --db "$work/db" --sort oldest 'source:in'
expect_eq "$status" 0 "text output"
expect_eq "$(grep -E '^ *[0-9]+\. ' "$work/out" | sed 's/^ *[0-9]*\. //')" \
  "2024-02-01 (from file name)  Pier closes for repairs
2024-03-12 (from text)  Ferry returns
2024-03-14  Harbour reopens" "dates marked by source"

# --stats counts dates by source.
"$search" --db "$work/db" --stats --json >"$work/stats.json"
expect_eq "$(json_lines "$work/stats.json" 'sorted(d["date_sources"].items())')" \
  "[('filename', 1), ('header', 1), ('text', 1)]" "--stats by source"
run_status status "$search" --db "$work/db" --stats
expect_contains "$(cat "$work/out")" "date sources" "--stats text output"

# The shared data: every State of the Union address gets its file-name year with the default
# sources; the second seed keeps the date its text gives.
if [ -d "$GAZETTE_SHARED/state-of-the-union" ]; then
  rm -rf "$work/sotu"
  "$index" -q --db "$work/sotu" "$GAZETTE_SHARED/state-of-the-union"
  "$search" --db "$work/sotu" --json -n 1000 'source:state-of-the-union' >"$work/sotu.jsonl"
  expect_eq "$(json_lines "$work/sotu.jsonl" \
    'd["date_source"] == "filename" and d["date"][:4] == d["path"].rsplit("/", 1)[1][:4]' |
    sort | uniq -c | sed 's/^ *//')" "233 True" "State of the Union: file-name years"
else
  echo "skipped the State of the Union: $GAZETTE_SHARED/state-of-the-union is absent"
fi
if [ -d "$GAZETTE_SHARED/seeds" ]; then
  rm -rf "$work/seeds"
  "$index" -q --db "$work/seeds" "$GAZETTE_SHARED/seeds"
  run_status status "$search" --db "$work/seeds" --sort oldest 'source:seeds'
  expect_contains "$(cat "$work/out")" "2024-03-13 (from text)  Li Qiang conducted research" \
    "seed 002 dated from its text"
else
  echo "skipped the seeds: $GAZETTE_SHARED/seeds is absent"
fi
finish
