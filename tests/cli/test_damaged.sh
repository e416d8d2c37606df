#!/usr/bin/env bash
# Damaged databases, each a copy of a good one: a plain search, --stats, --batch and indexing
# each print one line naming the database and the problem and exit 1, and the indexer leaves
# the damaged copy exactly as it was.
source "$(dirname "$0")/lib.sh"

good="$work/good"
"$index" -q --threads 1 --db "$good" "$GAZETTE_SOURCE/corpus"
printf 'q1\tcocoa\nq2\tharbour\n' >"$work/topics.tsv"
printf 'date 2024-05-01 New article\n\nA new article to index.\n' >"$work/new.txt"
restore="restore it from a copy, or re-index into a new folder"

# fingerprint DB: every file's path and checksum, to tell whether anything was written.
fingerprint() { (cd "$1" && find . -type f | sort | xargs md5sum); }

# check_damage NAME LINE: the damaged copy at $work/d must make all four fail with LINE, which
# follows the program's name.
check_damage() {
  local name="$1" line="$2" before
  expect_error 1 "gazette-search: $line" "$name: search" "$search" --db "$work/d" cocoa
  expect_error 1 "gazette-search: $line" "$name: --stats" "$search" --db "$work/d" --stats
  expect_error 1 "gazette-search: $line" "$name: --batch" "$search" --db "$work/d" --batch "$work/topics.tsv"
  before="$(fingerprint "$work/d")"
  expect_error 1 "gazette-index: $line" "$name: index" "$index" -q --db "$work/d" "$work/new.txt"
  expect_eq "$(fingerprint "$work/d")" "$before" "$name: the indexer wrote nothing"
}

copy() { rm -rf "$work/d"; cp -a "$good" "$work/d"; }
d="$work/d"
size="$(stat -c %s "$good/shard-0/postlist.glass")"

copy
truncate -s 8192 "$d/shard-0/postlist.glass"
check_damage "postlist.glass cut to one block" \
  "$d: shard-0 is damaged: postlist.glass is truncated (8192 of $size bytes); $restore"

copy
half=$((size / 2))
truncate -s "$half" "$d/shard-0/postlist.glass"
check_damage "postlist.glass cut in half" \
  "$d: shard-0 is damaged: postlist.glass is truncated ($half of $size bytes); $restore"

copy
rm "$d/shard-0/iamglass"
check_damage "iamglass missing" "$d: shard-0 is damaged: iamglass, its revision file, is missing; $restore"

copy
rm "$d/shard-0/docdata.glass"
check_damage "docdata.glass missing" "$d: shard-0 is damaged: docdata.glass is missing; $restore"

copy
rm "$d/shard-0/termlist.glass"
check_damage "termlist.glass missing" "$d: shard-0 is damaged: termlist.glass is missing; $restore"

copy
rm -r "$d/shard-0"/*
check_damage "empty shard folder" "$d: shard-0 is empty: its Xapian database is missing; $restore"

copy
xapian-metadata set "$d/shard-0" gazette.schema $'\x01junk\nmore'
check_damage "junk schema version" \
  "$d: shard-0 is damaged: its schema version (gazette.schema) reads '\\x01junk\\x0amore'; $restore"

copy
head -c 98 /dev/urandom >"$d/shard-0/iamglass"
expect_error 1 "gazette-search: $d: cannot open shard-0: damaged database (DatabaseCorruptError: Rev file magic incorrect)" \
  "junk revision file: search" "$search" --db "$d" cocoa
before="$(fingerprint "$d")"
run_status status "$index" -q --db "$d" "$work/new.txt"
expect_eq "$status" 1 "junk revision file: index"
expect_eq "$(fingerprint "$d")" "$before" "junk revision file: the indexer wrote nothing"

# A second shard damaged: the message names it, and the first is not written either.
rm -rf "$work/two"
"$index" -q --threads 2 --db "$work/two" "$GAZETTE_SOURCE/corpus"
rm "$work/two/shard-1/docdata.glass"
before="$(fingerprint "$work/two")"
expect_error 1 "gazette-index: $work/two: shard-1 is damaged: docdata.glass is missing; $restore" \
  "second shard damaged: index" "$index" -q --db "$work/two" "$work/new.txt"
expect_eq "$(fingerprint "$work/two")" "$before" "second shard damaged: the indexer wrote nothing"

# The good database still answers; a compacted one passes the same checks.
run_status status "$search" --db "$good" cocoa
expect_eq "$status" 0 "the good copy still searches"
run_status status "$index" -q --compact --db "$good"
expect_eq "$status" 0 "compaction"
run_status status "$search" --db "$good" --stats
expect_eq "$status" 0 "a compacted database opens"
finish
