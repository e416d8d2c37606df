#!/usr/bin/env bash
# Errors a user meets: bad queries, missing or foreign databases, bad options.
source "$(dirname "$0")/lib.sh"

db="$work/db"
printf 'date 2024-01-02 Harbour reopens\n\nThe harbour reopened after repairs.\n' >"$work/a.txt"
"$index" -q --db "$db" "$work/a.txt"

run_status status "$search" --db "$db" 'harbour AND ('
expect_eq "$status" 2 "bad query exit status"
expect_eq "$(wc -l <"$work/err")" 1 "bad query message is one line"
expect_contains "$(cat "$work/err")" "bad query 'harbour AND ('" "bad query message names the query"

run_status status "$search" --db "$db" 'date:yesterday'
expect_eq "$status" 2 "bad date field exit status"
expect_contains "$(cat "$work/err")" "date:" "bad date message"

run_status status "$search" --db "$work/nowhere" harbour
expect_eq "$status" 1 "missing database exit status"
expect_contains "$(cat "$work/err")" "$work/nowhere: no database here" "missing database message"

mkdir "$work/foreign"
echo hello >"$work/foreign/notes.txt"
run_status status "$search" --db "$work/foreign" harbour
expect_eq "$status" 1 "foreign database exit status"
expect_contains "$(cat "$work/err")" "not a Gazette database" "foreign database message"
run_status status "$index" --db "$work/foreign" "$work/a.txt"
expect_eq "$status" 1 "indexing into a foreign folder is refused"

run_status status "$search" --db "$db"
expect_eq "$status" 2 "no query exit status"

run_status status "$search" --db "$db" --sort sideways harbour
expect_eq "$status" 2 "bad --sort exit status"
expect_contains "$(cat "$work/err")" "--sort" "bad --sort message"

run_status status "$search" --db "$db" --since 2024-13-01 harbour
expect_eq "$status" 2 "bad --since exit status"

run_status status "$index" --db "$db" --language klingon "$work/a.txt"
expect_eq "$status" 2 "unknown language exit status"
expect_contains "$(cat "$work/err")" "unknown language 'klingon'" "unknown language message"

run_status status "$index" --db "$db" "$work/missing.txt"
expect_eq "$status" 1 "a missing input is an error"
expect_contains "$(cat "$work/err")" "$work/missing.txt: no such file or directory" "missing input message"
printf 'binary\0data\n' >"$work/binary.txt"
run_status status "$index" --db "$db" "$work/binary.txt"
expect_eq "$status" 0 "a file that fails is reported, the run goes on"
run_status status "$index" --strict --db "$db" "$work/binary.txt"
expect_eq "$status" 1 "--strict makes failures fatal"

printf 'id|headline|story\n7|Pier collapse|The old pier collapsed in the storm.\n' >"$work/feed.csv"
run_status status "$index" --db "$db" --delimiter '|' --header --field title=2 --field body=3 "$work/feed.csv"
expect_eq "$status" 0 "CSV options"
run_status status "$search" --db "$db" pier
expect_contains "$(cat "$work/out")" "Pier collapse" "CSV mapped by column number"
run_status status "$index" --db "$db" --delimiter '||' "$work/feed.csv"
expect_eq "$status" 2 "a two-character delimiter is a usage error"

run_status status "$search" --db "$db" harbour
expect_eq "$status" 0 "a good query still works"
expect_contains "$(cat "$work/out")" "Harbour reopens" "good query result"
finish
