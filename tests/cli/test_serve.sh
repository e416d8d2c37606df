#!/usr/bin/env bash
# gazette-serve over HTTP on loopback (issue 17 item 3): status codes and JSON of every
# endpoint, the same objects as gazette-search --json, bad parameters (400) and unknown paths
# (404), no machine path in a response, 503 while the database is gone, an indexer's commits
# seen by the next request while requests run concurrently, a compaction seen too, and a clean
# stop on SIGTERM.
source "$(dirname "$0")/lib.sh"
serve="$GAZETTE_BIN/server/gazette-serve"
command -v curl >/dev/null || { echo "skipped: curl is absent (scripts/setup installs it)"; exit 77; }

# Fixtures: the harbour in March 2024 (a burst one week), one undated, one of an outlet.
mkdir -p "$work/news" "$work/later"
for n in 1 2 3 4 5 6; do
  printf 'date 2024-03-%02d Harbour report %s\n\nThe harbour was busy with ships on day %s.\n' "$((n + 10))" "$n" "$n" \
    >"$work/news/h$n.txt"
done
printf 'Harbour without a date\n\nShips in the harbour, no date given.\n' >"$work/news/undated.txt"
printf '{"id": "w1", "title": "Harbour cranes idle", "date": "2024-04-02", "source": "Port Gazette", "text": "Cranes in the harbour stood idle."}\n' \
  >"$work/news/wire.jsonl"
db="$work/db"
"$index" -q --db "$db" "$work/news"

pid=""
stop_server() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
}
trap 'stop_server; rm -rf "$work"' EXIT

"$serve" --db "$db" --listen 127.0.0.1:0 --threads 4 >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
port=""
for _ in $(seq 100); do
  port="$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\)/$|\1|p' "$work/serve.out")"
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then
  fail "the server did not start: $(head -c 300 "$work/serve.err")"
  finish
fi
base="http://127.0.0.1:$port"

# get PATH: the status in $code, the body in $work/body.
get() {
  code="$(curl -s --max-time 10 --path-as-is -o "$work/body" -w '%{http_code}' "$base$1")" || code="curl failed"
}
# field EXPR: a Python expression over `d`, the body's JSON.
field() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$work/body" "$1"; }

get /api/health
expect_eq "$code" 200 "health: status"
expect_eq "$(field 'd["status"], d["api_version"]')" "('ok', 1)" "health: body"

# A search answers with the very objects gazette-search --json prints, in the same order.
"$search" -q --db "$db" --json -n 5 --offset 1 harbour >"$work/cli.jsonl"
get "/api/search?q=harbour&limit=5&offset=1"
expect_eq "$code" 200 "search: status"
python3 - "$work/body" "$work/cli.jsonl" <<'PY' || fail "search: the API's results differ from gazette-search --json"
import json, sys
api = json.load(open(sys.argv[1]))
cli = [json.loads(line) for line in open(sys.argv[2])]
assert api["results"] == cli, (api["results"], cli)
assert len(cli) == 5 and api["matches"] == 8 and api["matches_exact"] and api["offset"] == 1, api
PY
get "/api/search?q=harbour&since=2024-03-14&until=2024-03-15&sort=oldest"
expect_eq "$(field '[(r["rank"], r["date"]) for r in d["results"]]')" "[(1, '2024-03-14'), (2, '2024-03-15')]" \
  "search: dates and sort"
get "/api/search?q=harbour&outlet=Port%20Gazette"
expect_eq "$(field '[r["title"] for r in d["results"]], d["query"]')" \
  "(['Harbour cranes idle'], 'harbour outlet:\"Port Gazette\"')" "search: the outlet filter is the outlet: field"
get "/api/search?q=ships&limit=1"
expect_eq "$(field 'd["results"][0]["text"][slice(*d["results"][0]["highlights"][0])].lower()')" "ships" \
  "search: highlights mark the query's word"

"$search" -q --db "$db" --count harbour >"$work/cli.count"
get "/api/count?q=harbour"
expect_eq "$(field 'd["count"], d["unit"]')" "($(cat "$work/cli.count"), 'articles')" "count equals --count"

"$search" -q --db "$db" --json --timeline week harbour >"$work/cli.json"
get "/api/timeline?q=harbour&timeline=week"
expect_eq "$(field '{k: v for k, v in d.items() if k != "api_version"}')" \
  "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])))' "$work/cli.json")" "timeline equals --timeline --json"
"$search" -q --db "$db" --json --facets outlet,lang --top 3 harbour >"$work/cli.json"
get "/api/facets?q=harbour&facets=outlet,lang&top=3"
expect_eq "$(field '{k: v for k, v in d.items() if k != "api_version"}')" \
  "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])))' "$work/cli.json")" "facets equal --facets --json"

# An article by its id: metadata and every stored passage.
get "/api/search?q=cranes&limit=1"
id="$(field 'd["results"][0]["id"]')"
enc="$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$id")"
get "/api/article/$enc"
expect_eq "$code" 200 "article: status"
expect_eq "$(field 'd["id"], d["title"], d["outlet"], [p["text"] for p in d["passages"]]')" \
  "('$id', 'Harbour cranes idle', 'Port Gazette', ['Cranes in the harbour stood idle.'])" "article: metadata and passages"

get /api/stats
expect_eq "$code" 200 "stats: status"
expect_eq "$(field 'd["articles"], d["files"], "path" in d')" "(8, 8, False)" "stats: counts, and no database path"

# Bad parameters: 400 naming the parameter; unknown paths and articles: 404.
check_error() {  # PATH STATUS TEXT
  get "$1"
  expect_eq "$code" "$2" "$1: status"
  expect_contains "$(field 'd["error"]')" "$3" "$1: error"
}
check_error "/api/search?q=harbour&limit=101" 400 "parameter 'limit' takes a whole number from 0 to 100, not '101'"
check_error "/api/search?q=harbour&limt=5" 400 "unknown parameter 'limt'"
check_error "/api/search?q=harbour&since=March" 400 "parameter 'since' takes a date as YYYY-MM-DD, not 'March'"
check_error "/api/search?q=harbour&sort=best" 400 "parameter 'sort' takes relevance, date (newest first) or oldest, not 'best'"
check_error "/api/search?q=harbour&q=ships" 400 "parameter 'q' is given twice"
check_error "/api/search?since=2024-01-01" 400 "parameter 'q' (the query) is missing or empty"
check_error "/api/search?q=%22harbour%20ships%22%20NEAR%20cranes" 400 "NEAR"
check_error "/api/timeline?q=harbour&timeline=decade" 400 "parameter 'timeline'"
check_error "/api/facets?q=harbour&facets=colour" 400 "colour"
check_error "/api/search?q=$(seq -s + -f 'w%g' 501)" 400 "500"
check_error "/api/search?q=$(head -c 9000 /dev/zero | tr '\0' a)" 414 "over 8192 bytes"
check_error "/api/nowhere" 404 "no such path: /api/nowhere"
check_error "/api/article/nobody%23nothing" 404 "no article 'nobody#nothing'"
check_error "/assets/../../etc/passwd" 404 "no such"
check_error "/assets/secret.js" 404 "no such file: /assets/secret.js"
code="$(curl -s --max-time 10 -o "$work/body" -w '%{http_code}' -d '' "$base/api/search?q=harbour")"
expect_eq "$code" 405 "POST: status"
expect_contains "$(field 'd["error"]')" "only GET" "POST: error"

# The page itself, from the binary.
get /
expect_eq "$code" 200 "page: status"
expect_contains "$(cat "$work/body")" "<title>Gazette" "page: HTML"

# While the database is gone: 503, and the database's path in no body; back: 200.
mv "$db" "$work/db.away"
get "/api/search?q=harbour"
expect_eq "$code" 503 "no database: status"
expect_contains "$(field 'd["error"]')" "cannot be opened" "no database: error"
case "$(cat "$work/body")" in *"$work"*) fail "no database: the body names the machine's path" ;; esac
mv "$work/db.away" "$db"
get "/api/count?q=harbour"
expect_eq "$code" 200 "database back: status"

# Concurrent requests while the indexer adds files: each answers 200, and the next request
# after the indexer finishes sees every new article without a restart.
for n in $(seq 1 30); do
  printf 'date 2024-05-%02d Lighthouse note %s\n\nThe lighthouse keeper logged a storm, note %s.\n' $(((n % 28) + 1)) "$n" "$n" \
    >"$work/later/l$n.txt"
done
loops=()
for c in 1 2 3 4; do
  (
    for _ in $(seq 25); do
      curl -s --max-time 10 -o /dev/null -w '%{http_code}\n' "$base/api/count?q=lighthouse" || echo failed
    done
  ) >"$work/codes.$c" &
  loops+=($!)
done
"$index" -q --db "$db" "$work/later"
wait "${loops[@]}"
expect_eq "$(cat "$work"/codes.* | sort | uniq -c | awk '{print $2 "x" $1}')" "200x100" "concurrent requests: all answered"
get "/api/count?q=lighthouse"
expect_eq "$(field 'd["count"]')" 30 "the indexer's articles seen without a restart"

# Compaction renames a new single shard into place: the next request reads it.
"$index" -q --db "$db" --compact
get "/api/stats"
expect_eq "$(field 'd["shards"], d["articles"]')" "(1, 38)" "compacted: one shard, every article"
get "/api/search?q=lighthouse&limit=1&sort=oldest&collapse=0"
expect_eq "$code $(field 'd["matches"], d["results"][0]["date"]')" "200 (30, '2024-05-01')" "compacted: searched"

# Stories: the notes differ by a number, so the copies within a few days are stories; a search
# collapses them (its count is of stories), /api/story lists one oldest first.
get "/api/search?q=lighthouse&limit=100"
expect_eq "$(field 'd["matches_unit"], d["matches"] < 30, d["matches"] == len(d["results"])')" \
  "('stories', True, True)" "collapsed: one result a story"
story="$(field '[r["story"] for r in d["results"] if r["story"]][0]')"
size="$(field '[r["story_size"] for r in d["results"] if r["story"] == "'"$story"'"][0]')"
get "/api/story/$story"
expect_eq "$code $(field 'len(d["results"]), [r["date"] for r in d["results"]] == sorted(r["date"] for r in d["results"])')" \
  "200 ($size, True)" "/api/story: every report, oldest first"
check_error "/api/story/0000000000000000" 404 "story '0000000000000000': no such story in the database (a story id is the \"story\" of a result in --json output)"

# One access log line a request; a clean stop on SIGTERM.
expect_contains "$(cat "$work/serve.err")" "GET /api/search?q=harbour&limit=5&offset=1 200 " "access log"
kill -TERM "$pid"
status=""
for _ in $(seq 100); do
  if ! kill -0 "$pid" 2>/dev/null; then
    set +e; wait "$pid"; status=$?; set -e
    break
  fi
  sleep 0.1
done
expect_eq "$status" 0 "SIGTERM: exit status"
expect_contains "$(cat "$work/serve.err")" "SIGTERM: finishing the requests under way and stopping" "SIGTERM: said so"
pid=""
finish
