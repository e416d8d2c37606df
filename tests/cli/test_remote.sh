#!/usr/bin/env bash
# Remote shards (docs/scale-out.md): corpus/ indexed into 3 shards, each served by a stock
# xapian-tcpsrv on loopback (scripts/cluster), answers every query of the matrix below exactly
# as the local database does, byte for byte in JSON (scores included), phrases and NEAR too
# (checked on the client), --list, --like and --like-text too; --batch runs on threads;
# --stats says where each shard is; a stopped or silent server is one line naming the shard
# and its address (status 1), --allow-partial answers from the others, saying which is
# missing; idle connections the servers close are survived (gazette-serve).
source "$(dirname "$0")/lib.sh"
if ! command -v xapian-tcpsrv >/dev/null; then
  echo "skipped: xapian-tcpsrv is absent (Debian package xapian-tools)"
  exit 77
fi

db="$work/db"
remote="$work/db.remote"
cluster="$GAZETTE_SOURCE/scripts/cluster"
trap '"$cluster" stop "$db" "$remote" 2>/dev/null || true; rm -rf "$work"' EXIT

run_status status "$index" -q --threads 3 --db "$db" "$GAZETTE_SOURCE/corpus"
expect_eq "$status" 0 "indexing corpus/ into 3 shards"
run_status status "$cluster" start "$db" "$remote"
expect_eq "$status" 0 "scripts/cluster start ($(cat "$work/err"))"
expect_eq "$(ls "$remote" | grep -c '^shard-')" 3 "one stub a shard"
expect_contains "$(cat "$remote/shard-1/XAPIANDB")" "remote 127.0.0.1:" "the stub names the server"
[ "$failures" -eq 0 ] || finish

# Each query of the matrix: "OPTIONS<TAB>QUERY" (options split on spaces).
matrix=(
  $'\tartificial intelligence computing power'
  $'-n 20\tthe'
  $'\ttitle:cocoa OR title:oil'
  $'--since 1987-03-01 --until 1987-12-31\tprices'
  $'\tyear:1987'
  $'--sort date -n 30\tthe'
  $'--sort oldest -n 30\tthe'
  $'--sort date -n 50\tyear:1987 OR year:2024 OR year:2023'
  $'--sort oldest -n 50\tlang:en'
  $'--count\tthe'
  $'--count --unit passage\tthe'
  $'--unit passage -n 15\tcomputing power'
  $'--unit passage --sort date -n 15\tcomputing'
  $'--facets lang,year,collection,date_source,outlet\tthe'
  $'--timeline month\tthe'
  $'--expand -n 5\tcocoa'
  $'--explain -n 3\tcomputing power'
  $'--offset 5 -n 5\tthe'
  $'\t"computing power"'
  $'\tcomputing NEAR power'
  $'\t"the" AND "of the"'
  $'--sort date\t"of the"'
  $'--sort oldest -n 20\t"of the"'
  $'--count\t"of the"'
  $'--count --unit passage\t"of the"'
  $'--unit passage -n 20\t"of the"'
  $'--facets lang,year,outlet\t"of the"'
  $'--timeline year\t"of the"'
  $'--since 2024-01-01\t"of the"'
  $'--count\t"no such phrase here"'
  $'--list\t'
  $'--list\tthe'
  $'--list --since 1987-03-01 --until 2023-12-31\t'
  $'--list\t"of the"'
  "--like $GAZETTE_SOURCE/corpus/text/measles-north.txt"$'\t'
  "--like $GAZETTE_SOURCE/corpus/text/measles-north.txt --until 2024-01-01"$'\tlang:en'
  "--like-text $GAZETTE_SOURCE/corpus/text/rovers-cup.txt -n 20"$'\t'
)
for entry in "${matrix[@]}"; do
  options="${entry%%$'\t'*}"
  query="${entry#*$'\t'}"
  # shellcheck disable=SC2086
  "$search" --db "$db" --json $options -- "$query" >"$work/local" 2>"$work/local.err" || true
  # shellcheck disable=SC2086
  run_status status "$search" --db "$remote" --json $options -- "$query"
  expect_eq "$status" 0 "remote $options '$query' ($(head -c 300 "$work/err"))"
  if ! cmp -s "$work/local" "$work/out"; then
    fail "remote $options '$query' differs from local: $(diff "$work/local" "$work/out" | head -c 600)"
  fi
  if [ ! -s "$work/local" ]; then fail "local $options '$query' printed nothing ($(cat "$work/local.err"))"; fi
done

# A phrase a match does not need (under OR) would need Gazette's posting source on the servers:
# refused in one line, status 2.
run_status status "$search" --db "$remote" '"artificial intelligence" computing'
expect_eq "$status" 2 "an optional phrase over remote shards"
expect_contains "$(cat "$work/err")" "not possible over remote shards yet: a phrase or NEAR that a match does not need" "says what is not possible"

# Text output too (its footer counts the matches).
"$search" --db "$db" "computing power" >"$work/local"
run_status status "$search" --db "$remote" "computing power"
expect_eq "$(cat "$work/out")" "$(cat "$work/local")" "text output"

# --batch on 2 threads, JSON per query: no abort, the same lines.
printf 'q1\tartificial intelligence\nq2\tcocoa prices\nq3\tthe\nq4\t\n' >"$work/topics.tsv"
"$search" --db "$db" --batch "$work/topics.tsv" --threads 2 --json >"$work/local" 2>/dev/null || true
run_status status "$search" --db "$remote" --batch "$work/topics.tsv" --threads 2 --json
expect_eq "$status" 2 "remote batch with an empty topic"
expect_eq "$(wc -l <"$work/out")" 4 "a line per topic"
if ! cmp -s "$work/local" "$work/out"; then fail "remote batch differs: $(diff "$work/local" "$work/out" | head -c 600)"; fi

# --stats: the same counts, and where each shard is.
"$search" --db "$db" --stats --json >"$work/local"
run_status status "$search" --db "$remote" --stats --json
expect_eq "$status" 0 "remote --stats"
for key in articles passages files shards first_date last_date undated_articles languages outlets; do
  expect_eq "$(json_lines "$work/out" "d['$key']")" "$(json_lines "$work/local" "d['$key']")" "--stats $key"
done
port1="$(awk '$1 == "shard-1" {print $3}' "$remote/cluster.pids")"
expect_eq "$(json_lines "$work/out" "d['remote_shards']['shard-1']")" "127.0.0.1:$port1" "--stats says where shard-1 is"

# A stopped server: one line naming the shard and its address, status 1, quickly.
pid1="$(awk '$1 == "shard-1" {print $2}' "$remote/cluster.pids")"
kill "$pid1"
for _ in $(seq 1 40); do
  [ "$(cat "/proc/$pid1/comm" 2>/dev/null || true)" = "xapian-tcpsrv" ] || break
  sleep 0.05
done
started=$(date +%s%N)
run_status status "$search" --db "$remote" cocoa
elapsed_ms=$((($(date +%s%N) - started) / 1000000))
expect_eq "$status" 1 "a stopped server"
expect_contains "$(cat "$work/err")" "shard-1 at 127.0.0.1:$port1 is not answering" "the message names the shard"
expect_eq "$(wc -l <"$work/err")" 1 "one line"
echo "a stopped server was reported in $elapsed_ms ms"

# --allow-partial: the other shards answer; the output says which is missing.
run_status status "$search" --db "$remote" --allow-partial --json the
expect_eq "$status" 0 "--allow-partial"
expect_eq "$(json_lines "$work/out" 'd["missing_shards"]' | sort -u)" "['shard-1 (127.0.0.1:$port1)']" "JSON names the missing shard"
run_status status "$search" --db "$remote" --allow-partial the
expect_contains "$(tail -1 "$work/out")" "Missing shards (not answering, left out): shard-1 (127.0.0.1:$port1)" "text footer"

# A server that stops answering (SIGSTOP: the kernel still accepts connections) fails within
# the read timeout, naming the shard; nothing hangs.
pid0="$(awk '$1 == "shard-0" {print $2}' "$remote/cluster.pids")"
port0="$(awk '$1 == "shard-0" {print $3}' "$remote/cluster.pids")"
kill -STOP "$pid0"
run_status status timeout 20 "$search" --db "$remote" --remote-timeout 500 --connect-timeout 500 cocoa
kill -CONT "$pid0"
expect_eq "$status" 1 "a server that does not answer"
expect_contains "$(cat "$work/err")" "shard-0 at 127.0.0.1:$port0 is not answering" "the message names the silent shard"

# Idle connections closed by the servers are survived: gazette-serve on a cluster whose servers
# drop a connection idle for 300 ms answers a request after a pause as before it.
serve="$GAZETTE_BIN/server/gazette-serve"
idle="$work/idle.remote"
if [ -x "$serve" ] && command -v curl >/dev/null; then
  run_status status "$cluster" start "$db" "$idle" -- --idle-timeout 300
  expect_eq "$status" 0 "a cluster with a short idle timeout"
  "$serve" --db "$idle" --listen 127.0.0.1:0 --threads 1 >"$work/serve.out" 2>"$work/serve.err" &
  serve_pid=$!
  port=""
  for _ in $(seq 100); do
    port="$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\)/$|\1|p' "$work/serve.out")"
    [ -n "$port" ] && break
    sleep 0.1
  done
  first="$(curl -s --max-time 10 "http://127.0.0.1:$port/api/search?q=cocoa")"
  sleep 1
  code="$(curl -s --max-time 10 -o "$work/second" -w '%{http_code}' "http://127.0.0.1:$port/api/search?q=cocoa")"
  kill "$serve_pid" 2>/dev/null || true
  wait "$serve_pid" 2>/dev/null || true
  "$cluster" stop "$db" "$idle" 2>/dev/null
  expect_contains "$first" '"results":[{' "gazette-serve over remote shards"
  expect_eq "$code" 200 "a request after the servers closed the idle connection"
  expect_eq "$(cat "$work/second")" "$first" "the same answer after the servers closed the idle connection"
else
  echo "skipped the idle-connection check: no gazette-serve or curl"
fi

finish
