#!/usr/bin/env bash
# Damaged databases, each a copy of a good one: a plain search, --stats, --batch and indexing
# each print one line naming the database and the problem and exit 1, and the indexer leaves
# the damaged copy exactly as it was.
source "$(dirname "$0")/lib.sh"

good="$work/good"
"$index" -q --threads 1 --db "$good" "$GAZETTE_SOURCE/corpus"
printf 'q1\tcocoa\nq2\tharbour\n' >"$work/topics.tsv"
printf 'date 2024-05-01 New article\n\nA new article to index.\n' >"$work/new.txt"
restore="restore it from a copy, or rebuild it with gazette-index --rebuild-shard 0 and the same inputs"
restore1="${restore/shard 0/shard 1}"

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
expect_error 1 "gazette-index: $work/two: shard-1 is damaged: docdata.glass is missing; $restore1" \
  "second shard damaged: index" "$index" -q --db "$work/two" "$work/new.txt"
expect_eq "$(fingerprint "$work/two")" "$before" "second shard damaged: the indexer wrote nothing"

# The folder's layout: a shard replaced by a file or gone, a stub file that would send Xapian to
# another database, garbage in the compression dictionary (which the indexer used to copy
# into every shard). Each is refused by every tool, and nothing is written.
two="$work/two-good"
rm -rf "$two"
"$index" -q --threads 2 --commit-every 5 --db "$two" "$GAZETTE_SOURCE/corpus"
copy2() { rm -rf "$work/d"; cp -a "$two" "$work/d"; }

copy2
rm -r "$d/shard-1" && echo junk >"$d/shard-1"
check_damage "a shard replaced by a file" "$d: shard-1 is damaged: it is not a folder; $restore1"

copy2
rm -r "$d/shard-1"
check_damage "a shard folder gone" "$d: shard-1 is missing (the database has 2 shards); $restore1"

copy2
mv "$d/shard-1" "$d/shard-2"
check_damage "a gap in the shard numbers" "$d: shard-1 is missing (shard-2 is there); $restore1"

copy2
echo "auto $two/shard-0" >"$d/shard-1/XAPIANDB"
check_damage "a stub file in a shard" \
  "$d: shard-1 holds a stub file (XAPIANDB) that would open another database or a server; Gazette does not follow it: remove it, or re-index into a new folder"

copy2
xapian-metadata set "$d/shard-0" gazette.dictionary 'not a dictionary'
check_damage "garbage dictionary" \
  "$d: shard-0 is damaged: its compression dictionary (gazette.dictionary) is not a zstd dictionary (starts 'not a dictionary'); $restore"

# --rebuild-shard empties a damaged shard and indexes its files again: the database answers
# as the good one does.
copy2
rm "$d/shard-1/postlist.glass"
run_status status "$index" -q --db "$d" --rebuild-shard 1 "$GAZETTE_SOURCE/corpus"
expect_eq "$status" 0 "rebuild: status"
expect_contains "$(cat "$work/err")" "$d: shard-1 emptied to be rebuilt: the files it held are indexed again from this run's inputs" "rebuild: says so"
"$search" --db "$two" --stats --json | sed 's/"bytes_on_disk":[0-9]*//; s/"path":"[^"]*"//' >"$work/stats-good"
"$search" --db "$d" --stats --json | sed 's/"bytes_on_disk":[0-9]*//; s/"path":"[^"]*"//' >"$work/stats-rebuilt"
expect_eq "$(cat "$work/stats-rebuilt")" "$(cat "$work/stats-good")" "rebuild: the same articles"
expect_error 2 "gazette-index: --rebuild-shard 7: $d has 2 shards (0 to 1)" "rebuild: a shard it does not have" \
  "$index" -q --db "$d" --rebuild-shard 7 "$GAZETTE_SOURCE/corpus"

# A shard a stopped run was creating (under its temporary name) is removed, with a line.
copy2
mkdir "$d/shard-2.new" && echo partial >"$d/shard-2.new/flintlock"
run_status status "$index" -q --threads 3 --db "$d" "$GAZETTE_SOURCE/corpus"
expect_eq "$status" 0 "unfinished shard: status"
expect_contains "$(cat "$work/err")" "$d: removed shard-2.new, a shard a stopped run was creating" "unfinished shard: says so"
expect_eq "$(ls "$d")" "$(printf 'shard-0\nshard-1\nshard-2')" "unfinished shard: made again"

# The good database still answers; a compacted one passes the same checks.
run_status status "$search" --db "$good" cocoa
expect_eq "$status" 0 "the good copy still searches"
run_status status "$index" -q --compact --db "$good"
expect_eq "$status" 0 "compaction"
run_status status "$search" --db "$good" --stats
expect_eq "$status" 0 "a compacted database opens"
finish
