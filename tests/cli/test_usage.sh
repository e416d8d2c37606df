#!/usr/bin/env bash
# The command-line contract of all three tools (cli/program.hpp): every usage error exits 2 with
# one line starting with the program's name, before any database is opened or created; --help
# and --version exit 0 on stdout.
source "$(dirname "$0")/lib.sh"

evaluate="$GAZETTE_BIN/searcher/gazette-eval"
db="$work/db"
printf 'date 2024-01-02 Harbour reopens\n\nThe harbour reopened after repairs.\n' >"$work/a.txt"
"$index" -q --threads 1 --db "$db" "$work/a.txt"
printf '1 0 a 1\n' >"$work/qrels"
printf '1 Q0 a 1 1.0 t\n' >"$work/run"

# gazette-search: one case per class of usage error.
s=gazette-search
expect_error 2 "$s: unknown option '--limt' (did you mean '--limit'?)" "search unknown option" \
  "$search" --db "$db" --limt 5 harbour
expect_error 2 "$s: unknown option '--jsno' (did you mean '--json'?)" "search unknown option=value" \
  "$search" --db "$db" --jsno=1 harbour
expect_error 2 "$s: unknown option '-sugar' (an argument that starts with '-' goes after '--')" \
  "search first query word with a dash" "$search" --db "$db" -sugar cocoa
expect_error 2 "$s: --k1 takes a number from 0 to 10, not 'abc'" "search bad number" \
  "$search" --db "$db" --k1 abc harbour
expect_error 2 "$s: --limit takes a whole number from 0 to 1000000, not '2.5'" "search fraction for a count" \
  "$search" --db "$db" -n 2.5 harbour
expect_error 2 "$s: --limit needs a value" "search missing value" "$search" --db "$db" --limit
expect_error 2 "$s: --db needs a value (found the option '--json' instead)" "search value swallowed" \
  "$search" --db --json harbour
expect_error 2 "$s: --article-weight takes a number from 0 to 1, not '2'" "search out of range" \
  "$search" --db "$db" --article-weight 2 harbour
expect_error 2 "$s: --k1 takes a number from 0 to 10, not '-3'" "search negative k1" \
  "$search" --db "$db" --k1 -3 harbour
expect_error 2 "$s: --limit takes a whole number from 0 to 1000000, not '-1'" "search negative limit" \
  "$search" --db "$db" --limit -1 harbour
expect_error 2 "$s: --threads takes a whole number from 1 to 256, not '0'" "search zero threads" \
  "$search" --db "$db" --batch "$work/a.txt" --threads 0
expect_error 2 "$s: --sort takes relevance, date (newest first) or oldest, not 'bogus'" "search bad enum" \
  "$search" --db "$db" --sort bogus harbour
expect_error 2 "$s: unknown output format 'yaml' (use text, json, tsv or trec)" "search bad format" \
  "$search" --db "$db" --format yaml harbour
expect_error 2 "$s: --verbose and --quiet cannot be used together" "search conflicting options" \
  "$search" --db "$db" -v -q harbour
expect_error 2 "$s: --json and --format tsv cannot be used together" "search --json --format" \
  "$search" --db "$db" --json --format tsv harbour
expect_error 2 "$s: --stats and --batch cannot be used together" "search --stats --batch" \
  "$search" --db "$db" --stats --batch "$work/a.txt"
expect_error 2 "$s: give either --batch FILE or a query, not both" "search --batch and a query" \
  "$search" --db "$db" --batch "$work/a.txt" harbour
expect_error 2 "$s: --json takes no value" "search flag with a value" "$search" --db "$db" --json=maybe harbour
# Options are checked before the database is opened: a usage error wins over a missing database.
expect_error 2 "$s: --sort takes relevance, date (newest first) or oldest, not 'bogus'" \
  "search usage before database" "$search" --db "$work/nowhere" --sort bogus harbour

# gazette-index: the same classes; none of them creates the database.
i=gazette-index
fresh="$work/fresh-db"
expect_error 2 "$i: unknown option '--thread' (did you mean '--threads'?)" "index unknown option" \
  "$index" --db "$fresh" --thread 2 "$work/a.txt"
expect_error 2 "$i: --threads takes a whole number from 0 to 256, not 'abc'" "index bad number" \
  "$index" --db "$fresh" --threads abc "$work/a.txt"
expect_error 2 "$i: --commit-every needs a value" "index missing value" "$index" --db "$fresh" --commit-every
expect_error 2 "$i: --commit-every takes a whole number from 1 to 10000000, not '0'" "index out of range" \
  "$index" --db "$fresh" --commit-every 0 "$work/a.txt"
expect_error 2 "$i: --threads takes a whole number from 0 to 256, not '1000'" "index too many threads" \
  "$index" --db "$fresh" --threads 1000 "$work/a.txt"
expect_error 2 "$i: unknown format 'bogus' (known formats: text, mail, sgml, jsonl, smart, csv, html, mbox, feed, warc)" \
  "index bad enum" "$index" --db "$fresh" --format bogus "$work/a.txt"
expect_error 2 "$i: --header and --no-header cannot be used together" "index conflicting options" \
  "$index" --db "$fresh" --header --no-header "$work/a.txt"
expect_error 2 "$i: --verbose and --quiet cannot be used together" "index -v -q" \
  "$index" --db "$fresh" -v -q "$work/a.txt"
expect_error 2 "$i: --strict takes no value" "index flag with a value" "$index" --db "$fresh" --strict=maybe "$work/a.txt"
[ ! -e "$fresh" ] || fail "a usage error created the database"

# gazette-eval: it takes two files and three flags, so its classes are fewer.
e=gazette-eval
expect_error 2 "$e: unknown option '--jsn' (did you mean '--json'?)" "eval unknown option" \
  "$evaluate" --jsn "$work/qrels" "$work/run"
expect_error 2 "$e: missing RUN (see --help)" "eval missing argument" "$evaluate" "$work/qrels"
expect_error 2 "$e: unexpected argument 'extra' (see --help)" "eval extra argument" \
  "$evaluate" "$work/qrels" "$work/run" extra
expect_error 2 "$e: --json takes no value" "eval flag with a value" "$evaluate" --json=maybe "$work/qrels" "$work/run"

# --version and --help: status 0, on stdout.
xapian_version="$(xapian-config --version | awk '{print $NF}')"
for tool in "$search" "$index" "$evaluate"; do
  name="$(basename "$tool")"
  run_status status "$tool" --version
  expect_eq "$status" 0 "$name --version exit status"
  expect_eq "$(sed -n 1p "$work/out")" "$name 0.1.0" "$name --version names Gazette's version"
  expect_eq "$(sed -n 2p "$work/out")" "Xapian $xapian_version" "$name --version names Xapian's"
  expect_eq "$(sed -n 3p "$work/out")" "database schema 5" "$name --version names the schema's"
  run_status status "$tool" --help
  expect_eq "$status" 0 "$name --help exit status"
  expect_contains "$(cat "$work/out")" "Examples:" "$name --help shows examples"
  expect_contains "$(cat "$work/out")" "2    a usage error or a query that cannot be parsed" \
    "$name --help lists the exit statuses"
done
expect_contains "$(sed -n 1,3p "$GAZETTE_SOURCE/CMakeLists.txt")" "VERSION 0.1.0" \
  "--version follows the project's version (update this test with it)"

# The --db default: $GAZETTE_DB, else ./gazette-db.
run_status status env GAZETTE_DB="$db" "$search" harbour
expect_eq "$status" 0 "GAZETTE_DB names the database"
expect_contains "$(cat "$work/out")" "Harbour reopens" "GAZETTE_DB search result"
run_status status env -C "$work" GAZETTE_DB= "$search" harbour
expect_eq "$(cat "$work/err")" "gazette-search: gazette-db: no database here (run gazette-index first, or pass --db)" \
  "an empty GAZETTE_DB means ./gazette-db"

# Colour in log lines only on a terminal, and not even there with NO_COLOR (the indexer's too).
# script(1) gives the command a terminal; spdlog colours "info" green (ESC [32m).
green=$'\033[32m'
log_of() { rm -rf "$work/tty-db"; script -qec "$*" /dev/null; }
expect_contains "$(log_of "$index" --threads 1 --db "$work/tty-db" "$work/a.txt")" "${green}info" \
  "the indexer colours its log on a terminal"
expect_eq "$(NO_COLOR=1 log_of "$index" --threads 1 --db "$work/tty-db" "$work/a.txt" | grep -c $'\033\\[3')" 0 \
  "NO_COLOR: no colour in the indexer's log"
run_status status "$index" --threads 1 --db "$work/tty-db" "$work/a.txt"
if grep -q $'\033' "$work/err"; then fail "log lines carry colour codes when stderr is a file"; fi
finish
