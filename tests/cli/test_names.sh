#!/usr/bin/env bash
# Issue 20 item 6, names and the tree: any byte in a file name round-trips through the file
# records (indexed, found, unchanged on a rerun, removed once deleted, re-indexed once renamed);
# text, TSV and TREC output keep one article a line, JSON stays exact; a file swapped for a link
# during a run is refused; the database is its owner's alone. The names are made here: git
# cannot hold them portably.
source "$(dirname "$0")/lib.sh"

in="$work/in"
mkdir "$in"
article() {  # article NAME DAY TITLE BODY
  printf 'date 2024-03-%s %s\n%s\n' "$2" "$3" "$4" >"$in/$1"
}
newline_name=$'new\nline.txt'
tab_name=$'tab\there.txt'
bad_name=$'bad\xffname.txt'
escape_name=$'esc\e[31mred.txt'
article "$newline_name" 01 "Harbour strike" "Dockers walked out at the harbour over pay."
article "$tab_name" 02 "Ferry news" "Ferries stopped at the harbour in the storm."
article "$bad_name" 03 "Harbour fees" "The harbour board raised its fees."
article "$escape_name" 04 "Harbour lights" "New lights were fitted at the harbour mouth."
article '-dash and space.txt' 05 "Harbour master" "The harbour master resigned on Monday."
article 'back\slash.txt' 06 "Harbour dredging" "Dredging of the harbour starts in May."

db="$work/db"
run_status status "$index" --db "$db" --threads 2 "$in"
expect_eq "$status" 0 "index: status"
expect_contains "$(cat "$work/err")" "6 articles (6 passages) indexed from 6 files" "index: every file"

# Every name is found, and JSON names it exactly: the path as valid UTF-8 (U+FFFD for a byte
# that is not) and, when it is not valid UTF-8, every byte percent-encoded in path_bytes.
run_status status "$search" --db "$db" --json -n 20 harbour
expect_eq "$status" 0 "search: status"
expect_eq "$(wc -l <"$work/out")" 6 "search: every article, one JSON line each"
got="$(python3 - "$work/out" "$in" <<'EOF'
import json, os, sys, urllib.parse
names = set()
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    exact = urllib.parse.unquote_to_bytes(d["path_bytes"]) if "path_bytes" in d else d["path"].encode()
    assert ("path_bytes" in d) == (b"\xff" in exact), d
    assert d["id"] == d["path"] and d.get("id_bytes") == d.get("path_bytes"), d
    names.add(exact)
on_disk = {os.fsencode(os.path.join(sys.argv[2], n)) for n in os.listdir(sys.argv[2])}
print("same" if names == on_disk else f"differ: {sorted(names ^ on_disk)}")
EOF
)"
expect_eq "$got" "same" "JSON paths are the files' exact names"

# Text output: each path on its result's line, escaped; nothing raw reaches the terminal.
run_status status "$search" --db "$db" -n 20 --no-collapse harbour
expect_contains "$(cat "$work/out")" 'in/new\nline.txt:2' "text: newline escaped"
expect_contains "$(cat "$work/out")" 'in/tab\there.txt:2' "text: tab escaped"
expect_contains "$(cat "$work/out")" 'in/bad\xFFname.txt:2' "text: invalid UTF-8 escaped"
expect_contains "$(cat "$work/out")" 'in/esc\x1B[31mred.txt:2' "text: escape sequence escaped"
expect_contains "$(cat "$work/out")" 'in/back\\slash.txt:2' "text: backslash doubled"
expect_eq "$(grep -c $'\e' "$work/out" || true)" 0 "text: no raw escape character"
expect_eq "$(grep -c '^    /.*:2  (score' "$work/out" || true)" 6 "text: six path lines"

# TSV and TREC: one result a line, every line with its fields.
printf 'q1\tharbour\n' >"$work/topics.tsv"
run_status status "$search" --db "$db" --batch "$work/topics.tsv" --format tsv -n 20
expect_eq "$(wc -l <"$work/out")" 6 "tsv: one line a result"
expect_eq "$(awk -F'\t' 'NF != 8' "$work/out" | wc -l)" 0 "tsv: eight fields on every line"
run_status status "$search" --db "$db" --batch "$work/topics.tsv" --format trec -n 20
expect_eq "$(wc -l <"$work/out")" 6 "trec: one line a result"
expect_eq "$(awk 'NF != 6' "$work/out" | wc -l)" 0 "trec: six fields on every line"

# A rerun finds every file unchanged.
run_status status "$index" --db "$db" "$in"
expect_contains "$(cat "$work/err")" "nothing to do: 6 files unchanged" "rerun: unchanged"

# Deleting a file removes its articles, once; renaming one re-indexes it under its new name.
rm "$in/$newline_name"
mv "$in/$bad_name" "$in/renamed"$'\x01'".txt"
run_status status "$index" --db "$db" "$in"
expect_contains "$(cat "$work/err")" "indexed from 1 files; 4 files unchanged, 0 failed, 2 removed" "delete and rename"
run_status status "$index" --db "$db" "$in"
expect_contains "$(cat "$work/err")" "nothing to do: 5 files unchanged" "rerun after delete: nothing removed again"
run_status status "$search" --db "$db" --count 'dockers'
expect_eq "$(cat "$work/out")" 0 "deleted file's article gone"
run_status status "$search" --db "$db" --json 'fees'
expect_contains "$(cat "$work/out")" '"path":"'"$in"'/renamed\u0001.txt"' "renamed file found under its new name"
expect_eq "$(json_lines "$work/out" 'd.get("path_bytes")')" None "valid UTF-8 name: no path_bytes"

# Log lines name a file on one line, escaped.
printf '\x00\x01\x02binary' >"$in/"$'broken\nfile.txt'
run_status status "$index" --db "$db" "$in"
expect_contains "$(cat "$work/err")" 'broken\nfile.txt' "problem names the file escaped"
expect_eq "$(grep -c '^file.txt' "$work/err" || true)" 0 "problem line not split"
rm "$in/"$'broken\nfile.txt'

# A file swapped for a link to a file outside the tree after the walk is not followed: the
# indexer opens files along their real path with O_NOFOLLOW. The first file is long enough to
# still be read when the swap happens, which is done once the indexer holds it open.
race="$work/race"
mkdir "$race" "$work/outside"
printf 'date 2024-01-01 Secret\nThe launch code is zebracorn.\n' >"$work/outside/secret.txt"
{ printf 'date 2024-01-01 Long\n'; for i in $(seq 1 40000); do printf 'Paragraph %d of harbour news and more words here.\n\n' "$i"; done; } >"$race/a.txt"
printf 'date 2024-01-02 Plain\nNothing to see.\n' >"$race/z.txt"
"$index" --db "$work/db-race" --threads 1 "$race" >"$work/race.out" 2>"$work/race.err" &
pid=$!
for _ in $(seq 1 2000); do
  if ls -l "/proc/$pid/fd" 2>/dev/null | grep -q "$race/a.txt"; then break; fi
  sleep 0.01
done
ln -sf "$work/outside/secret.txt" "$race/z.txt"
set +e
wait "$pid"
race_status=$?
set -e
expect_eq "$race_status" 0 "race: status"
expect_contains "$(cat "$work/race.err")" "$race/z.txt: cannot open: 'z.txt' is a symbolic link now" "race: refused, said so"
run_status status "$search" --db "$work/db-race" --count zebracorn
expect_eq "$(cat "$work/out")" 0 "race: the link's target is not indexed"

# The database is its owner's alone whatever the umask: folders 0700, files 0600, after a run,
# a compaction and a rebuilt shard, and inside a database folder the user made beforehand.
umask 022
mkdir "$work/db-perm"
chmod 755 "$work/db-perm"
run_status status "$index" --db "$work/db-perm" --threads 2 "$in"
expect_eq "$status" 0 "permissions: index"
loose() { find "$1" -mindepth 1 \( -type d -perm /077 -o -type f -perm /077 \) | wc -l; }
expect_eq "$(loose "$work/db-perm")" 0 "permissions: nothing readable by others after indexing"
expect_eq "$(find "$work/db-perm" -mindepth 1 | wc -l | tr -d ' ' | awk '$1 > 5 {print "many"}')" many "permissions: the shards were looked at"
run_status status "$index" --db "$work/db-perm" --rebuild-shard 1 "$in"
expect_eq "$(loose "$work/db-perm")" 0 "permissions: after --rebuild-shard"
run_status status "$index" --db "$work/db-perm" --compact
expect_eq "$status" 0 "permissions: compact"
expect_eq "$(loose "$work/db-perm")" 0 "permissions: after --compact"
run_status status "$index" --db "$work/db-new" "$in"
expect_eq "$(stat -c %a "$work/db-new")" 700 "permissions: a new database folder is 0700"
expect_eq "$(loose "$work/db-new")" 0 "permissions: new database"
finish
