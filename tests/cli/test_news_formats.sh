#!/usr/bin/env bash
# The formats news arrives in, through the real binaries: an mbox, RSS and Atom feeds and WARC
# archives (plain and one gzip member per record) indexed from one folder, each detected by
# content, then searched by text, outlet and date source.
source "$(dirname "$0")/lib.sh"

in="$work/news"
mkdir -p "$in"
cp -r "$GAZETTE_SOURCE"/tests/data/readers/{mbox,feeds,warc} "$in/"
# A feed whose name says nothing: found by its content.
mv "$in/feeds/harbour-atom.xml" "$in/feeds/radio-latest"
db="$work/db"

run_status status "$index" --db "$db" "$in"
expect_eq "$status" 0 "indexing the news formats"
expect_contains "$(cat "$work/err")" "13 articles (13 passages) indexed from 5 files" "3 messages, 3 items, 3 entries, 2 pages twice"
expect_contains "$(cat "$work/err")" "problems (2):" "only the WARC files' skipped responses are reported"
expect_contains "$(cat "$work/err")" \
  "$in/warc/coast-crawl.warc.gz: 2 of 4 responses not indexed: 1 HTTP status 404, 1 not HTML (image/png)" \
  "the .warc.gz says what it skipped"

# An RSS item: the link is its docno and the key of its id.
"$search" --db "$db" --json -n 1 "lighthouse keeper" >"$work/keeper.jsonl"
expect_eq "$(json_lines "$work/keeper.jsonl" 'd["id"]')" \
  "$in/feeds/harbour-rss.xml#https://harbour.example/news/lighthouse-keeper-retires" "RSS item id"
expect_eq "$(json_lines "$work/keeper.jsonl" 'd["title"], d["date"], d["date_source"]')" \
  "('Lighthouse keeper retires after 40 years', '2024-03-12', 'header')" "RSS item title and date"

# The page without a date of its own is dated by its crawl, and says so.
"$search" --db "$db" --json --no-collapse '"east quay"' >"$work/market.jsonl"
expect_eq "$(json_lines "$work/market.jsonl" 'd["date"] + " " + d["date_source"]' | sort -u)" \
  "2024-03-16 crawl" "WARC-Date marked as the crawl's"
expect_eq "$(wc -l <"$work/market.jsonl")" 2 "the page from the .warc and from the .warc.gz"
expect_eq "$(json_lines "$work/market.jsonl" 'd["story_size"]' | sort -u)" 2 "the two copies are one story"
expect_eq "$("$search" --db "$db" --json '"east quay"' | wc -l)" 1 "collapsed to one result"

# Outlets: the feed's title, the WARC host, the newsgroups of an mbox message.
"$search" --db "$db" --json 'source:"Harbour Radio" tides' >"$work/tides.jsonl"
expect_eq "$(json_lines "$work/tides.jsonl" 'd["title"]')" "Tides higher than forecast" "Atom feed title as outlet"
"$search" --db "$db" --json 'source:www.coast-courier.example' >"$work/host.jsonl"
expect_eq "$(json_lines "$work/host.jsonl" 'd["title"]' | sort -u)" "Harbour bridge reopens after repairs" "WARC host as outlet"
"$search" --db "$db" --json 'source:local.shipping' >"$work/group.jsonl"
expect_eq "$(json_lines "$work/group.jsonl" 'd["docno"]')" "pilot-reply-77@harbour.example" "mbox message with its Message-ID"

# ">From " quoting undone in the mbox body; each message is its own article.
"$search" --db "$db" --json '"From the harbour office"' >"$work/quoted.jsonl"
expect_eq "$(json_lines "$work/quoted.jsonl" 'd["title"]')" "Ferry timetable changes from Monday" "mboxrd unquoting"

"$search" --db "$db" --stats --json >"$work/stats.json"
expect_eq "$(json_lines "$work/stats.json" 'd["date_sources"]')" "{'crawl': 2, 'header': 11}" "--stats counts crawl dates"

# Forcing a format by name works where detection would not.
cp "$GAZETTE_SOURCE/tests/data/readers/feeds/harbour-rss.xml" "$work/feed-as.txt"
sed -i '1d' "$work/feed-as.txt"
run_status status "$index" --db "$work/db2" --format feed "$work/feed-as.txt"
expect_eq "$status" 0 "--format feed"
expect_contains "$(cat "$work/err")" "3 articles (3 passages) indexed from 1 files" "--format feed reads the items"

finish
