#!/usr/bin/env bash
# The search page in headless Chromium (issue 17 item 4): a query typed into the page's URL
# shows results with highlighted words, a timeline and pages; following a timeline bar narrows
# the dates, following "Next" pages on, following a title opens the article. The page is
# driven through its links (its whole state is in the URL), the DOM checked after its scripts
# ran, and screenshots saved under the build folder (browser/).
source "$(dirname "$0")/lib.sh"
serve="$GAZETTE_BIN/server/gazette-serve"
chromium="$(command -v chromium || true)"
if [ -z "$chromium" ]; then
  echo "skipped: chromium is absent (scripts/setup installs it)"
  exit 77
fi

# Fixtures: 12 harbour reports over three months, five of them in one week of March, each of
# another ship from another port (so each is a story of its own: docs/stories.md).
mkdir -p "$work/news"
ships=(Albatross Bellatrix Corsair Dauntless Endeavour Falcon Gannet Heron Ibis Jackdaw Kestrel Lapwing)
ports=(Bergen Cadiz Danzig Esbjerg Flushing Genoa Hull Istanbul Jaffa Kiel Lisbon Malaga)
i=0
for d in 2024-02-05 2024-02-19 2024-03-04 2024-03-18 2024-03-19 2024-03-20 2024-03-21 2024-03-22 \
  2024-04-01 2024-04-15 2024-04-22 2024-04-29; do
  printf 'date %s Harbour report: the %s arrives\n\nThe harbour was busy with ships on %s, when the %s came in from %s with timber.\n' \
    "$d" "${ships[i]}" "$d" "${ships[i]}" "${ports[i]}" >"$work/news/h$d.txt"
  i=$((i + 1))
done
"$index" -q --db "$work/db" "$work/news"

pid=""
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
"$serve" -q --db "$work/db" --listen 127.0.0.1:0 --threads 2 >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
port=""
for _ in $(seq 100); do
  port="$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\)/$|\1|p' "$work/serve.out")"
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { fail "the server did not start: $(head -c 300 "$work/serve.err")"; finish; }
base="http://127.0.0.1:$port"
shots="$GAZETTE_BIN/browser"
mkdir -p "$shots"

# browse PATH: the DOM of the page at PATH once its scripts have run, in $work/dom.
browse() {
  timeout 60 "$chromium" --headless=new --no-sandbox --disable-gpu --user-data-dir="$work/profile" \
    --virtual-time-budget=3000 --dump-dom "$base$1" >"$work/dom" 2>"$work/chromium.err" ||
    fail "chromium failed on $1: $(grep -v dbus "$work/chromium.err" | head -c 300)"
}
# dom EXPR: a Python expression over `d`, the DOM's text, with `re` and `html`.
dom() { python3 -c 'import html, re, sys; d = open(sys.argv[1]).read(); print(eval(sys.argv[2]))' "$work/dom" "$1"; }
# href PATTERN: the first link whose tag matches PATTERN (a regex), unescaped.
href() { dom "html.unescape(re.search(r'<a [^>]*$1[^>]*>', d).group(0).split('href=\"')[1].split('\"')[0])"; }

browse "/?q=harbour"
python3 -c 'import re, sys; print("\n".join(re.findall(r"<h2><a [^>]*>([^<]*)</a></h2>", open(sys.argv[1]).read())))' "$work/dom" >"$work/first-page"
expect_eq "$(dom 're.search(r"id=\"status\"[^>]*>([^<]*)<", d).group(1)')" "1–10 of 12 matching stories" "results: the count"
expect_eq "$(dom 'd.count("<li class=\"result\">")')" 10 "results: a page of 10"
expect_eq "$(dom 'sorted(set(m.lower() for m in re.findall(r"<mark>([^<]*)</mark>", d)))')" "['harbour']" \
  "results: the query's word highlighted"
expect_eq "$(dom 'len(re.findall(r"<a [^>]*href=\"/\?q=harbour&amp;since=[^>]*aria-label=", d))')" 13 \
  "timeline: a bar a week from the first to the last match"
expect_contains "$(dom 're.search(r"<h2>(Timeline[^<]*)</h2>", d).group(1)')" "Timeline by week: 12 dated, 0 undated" "timeline: title"

next="$(href 'rel="next"')"

# Following the burst's bar: only that week's articles.
bar="$(href 'class="burst"')"
expect_eq "$bar" "/?q=harbour&since=2024-03-18&until=2024-03-24" "timeline: the burst bar's link"
browse "$bar"
expect_eq "$(dom 're.search(r"id=\"status\"[^>]*>([^<]*)<", d).group(1)')" "1–5 of 5 matching stories" "timeline bar: narrowed"
expect_eq "$(dom 'sorted(set(re.findall(r"<span class=\"date\">(2024-[0-9-]*)</span>", d)))')" \
  "['2024-03-18', '2024-03-19', '2024-03-20', '2024-03-21', '2024-03-22']" "timeline bar: the week's dates"
expect_eq "$(dom 're.findall(r"<input id=\"(since|until)\"[^>]*value=\"([^\"]*)\"", d)')" \
  "[('since', '2024-03-18'), ('until', '2024-03-24')]" "timeline bar: the form shows the dates"

# Paging on, and opening an article.
expect_eq "$next" "/?q=harbour&offset=10" "pages: the next page's link"
browse "$next"
expect_eq "$(dom 're.search(r"id=\"status\"[^>]*>([^<]*)<", d).group(1)')" "11–12 of 12 matching stories" "pages: the second page"
expect_eq "$(dom 'd.count("<li class=\"result\">")')" 2 "pages: the last two results"
for title in $(dom '" ".join(t.split()[-2] for t in re.findall(r"<h2><a [^>]*>([^<]*)</a></h2>", d))'); do
  grep -q "$title" "$work/first-page" && fail "pages: $title is on both pages"
done
article="$(dom 'html.unescape(re.search(r"<h2><a href=\"([^\"]*)\"", d).group(1))')"
title="$(dom 're.search(r"<h2><a [^>]*>([^<]*)</a></h2>", d).group(1)')"
expect_contains "$article" "article=" "an article's link"
browse "$article"
expect_eq "$(dom 're.search(r"<h1>([^<]*)</h1>", d).group(1)')" "$title" "article: its title"
ship="${title% arrives}"
expect_contains "$(dom 're.sub(r"<[^>]+>", "", d)')" "when the ${ship##* } came in from" "article: its text"
expect_contains "$(cat "$work/dom")" "Back to the results" "article: the way back"

# Screenshots, wide and phone-sized, for a person to look at.
for size in 1200,900 390,844; do
  timeout 60 "$chromium" --headless=new --no-sandbox --disable-gpu --user-data-dir="$work/profile" --hide-scrollbars \
    --virtual-time-budget=3000 --window-size="$size" --screenshot="$shots/results-${size/,/x}.png" "$base/?q=harbour" \
    >/dev/null 2>&1 || fail "chromium could not take a screenshot at $size"
  [ -s "$shots/results-${size/,/x}.png" ] || fail "no screenshot at $size"
done
echo "screenshots: $shots/results-1200x900.png, $shots/results-390x844.png"
finish
