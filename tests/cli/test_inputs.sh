#!/usr/bin/env bash
# Every input accounted for (issue 14, item 2): missing and unreadable inputs, bad reading
# options, symbolic links to folders, databases inside an indexed tree, a database the user
# may not write.
source "$(dirname "$0")/lib.sh"

article() {  # article FILE TITLE
  printf '%s\n\nThe %s story has a body of words.\n' "$2" "$2" >"$1"
}
count() { "$search" --db "$1" --count "$2" 2>/dev/null; }

# A nonexistent input, or inputs with nothing to read: status 1, one line, no database.
expect_error 1 "gazette-index: $work/nope: no such file or directory" "missing input" \
  "$index" --db "$work/db-missing" "$work/nope"
[ ! -e "$work/db-missing" ] || fail "a missing input created a database"
mkdir "$work/empty"
expect_error 1 "gazette-index: no files to index in the inputs given" "empty folder" \
  "$index" --db "$work/db-empty" "$work/empty"
[ ! -e "$work/db-empty" ] || fail "an empty input created a database"

# Bad --format and --field values: status 2 before any file is read, not once per file.
mkdir "$work/many"
for n in 1 2 3 4 5; do article "$work/many/$n.txt" "Story$n"; done
run_status status "$index" --db "$work/db-bad" --format xml "$work/many"
expect_eq "$status" 2 "bad --format status"
expect_eq "$(wc -l <"$work/err")" 1 "bad --format: one line"
expect_contains "$(cat "$work/err")" "unknown format 'xml'" "bad --format message"
[ ! -e "$work/db-bad" ] || fail "a bad --format created a database"
run_status status "$index" --db "$work/db-bad" --field headline=title "$work/many"
expect_eq "$status" 2 "bad --field status"
expect_eq "$(wc -l <"$work/err")" 1 "bad --field: one line"
expect_contains "$(cat "$work/err")" "unknown field 'headline'" "bad --field message"
[ ! -e "$work/db-bad" ] || fail "a bad --field created a database"

# A folder of links to folders: reported once each with a hint, followed with
# --follow-symlinks; a link back into a folder being walked is a loop, not followed.
mkdir -p "$work/real/a" "$work/real/b" "$work/links"
article "$work/real/a/one.txt" Alpha
article "$work/real/b/two.txt" Bravo
ln -s "$work/real" "$work/real/a/back"
ln -s "$work/real/a" "$work/links/a"
ln -s "$work/real/b" "$work/links/b"
ln -s "$work/real/a" "$work/links/a-again"
article "$work/links/own.txt" Charlie
run_status status "$index" --db "$work/db-links" "$work/links"
expect_eq "$status" 0 "links not followed: status"
expect_eq "$(grep -c 'symbolic link to a folder' "$work/err")" 3 "each folder link reported once"
expect_contains "$(cat "$work/err")" "$work/links/b: symbolic link to a folder (to $work/real/b); not followed (use --follow-symlinks)" "hint"
expect_eq "$(count "$work/db-links" story)" 1 "only the plain file without --follow-symlinks"
run_status status "$index" --follow-symlinks --db "$work/db-follow" "$work/links"
expect_eq "$status" 0 "--follow-symlinks: status"
expect_eq "$(count "$work/db-follow" story)" 3 "--follow-symlinks reads the linked folders"
expect_contains "$(cat "$work/err")" "$work/links/a/back: symbolic link loop" "loop reported"
expect_contains "$(cat "$work/err")" "already indexed; not followed again" "second link to a folder"
run_status status "$search" --db "$work/db-follow" Bravo
expect_contains "$(cat "$work/out")" "$work/links/b/two.txt" "a linked file keeps the path it was found at"

# Any Gazette database inside an indexed tree is skipped: the run's own silently, another
# one saying so; neither is counted as a failure, run after run.
mkdir "$work/tree"
article "$work/tree/story.txt" Delta
(cd "$work/tree" && "$index" -q --db archive-db . && "$index" -q --db archive-db .)
run_status status bash -c "cd '$work/tree' && '$index' --db archive-db ."
expect_eq "$status" 0 "own database inside the tree: status"
expect_contains "$(cat "$work/err")" "nothing to do: 1 files unchanged" "own database not read"
cp -r "$work/tree/archive-db" "$work/tree/old-copy"
run_status status bash -c "cd '$work/tree' && '$index' --db archive-db ."
expect_contains "$(cat "$work/err")" "$work/tree/old-copy: a Gazette database; skipped" "another database skipped"
expect_contains "$(cat "$work/err")" "nothing to do: 1 files unchanged" "another database not read"
expect_eq "$(count "$work/tree/archive-db" Delta)" 1 "the tree's one article, once"

# Permission denied: said as such, for folders, files and the database. chmod does not deny
# root, so as root these run as nobody (setpriv); without a way to drop privileges they are
# skipped, saying so.
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    chmod 755 "$work"
  else
    echo "skipped: permission checks (running as root without setpriv)"
    finish
  fi
fi
mkdir -p "$work/perm/locked" "$work/perm/open"
article "$work/perm/open/ok.txt" Echo
article "$work/perm/open/secret.txt" Foxtrot
article "$work/perm/locked/hidden.txt" Golf
mkdir "$work/out-perm"
chmod 777 "$work/out-perm"
chmod 000 "$work/perm/locked" "$work/perm/open/secret.txt"
run_status status "${as_user[@]}" "$index" --db "$work/out-perm/db" "$work/perm"
expect_eq "$status" 0 "unreadable folder and file: status"
expect_contains "$(cat "$work/err")" "$work/perm/locked: cannot read folder: permission denied" "unreadable folder"
expect_contains "$(cat "$work/err")" "$work/perm/open/secret.txt: cannot read file: permission denied" "unreadable file"
expect_contains "$(cat "$work/err")" "1 articles (" "the readable file is indexed"
expect_error 1 "gazette-index: no input could be read: $work/perm/locked: cannot read folder: permission denied" \
  "only input unreadable" "${as_user[@]}" "$index" --db "$work/out-perm/db2" "$work/perm/locked"
[ ! -e "$work/out-perm/db2" ] || fail "an unreadable input created a database"
chmod 755 "$work/perm/locked" "$work/perm/open/secret.txt"
"$index" -q --db "$work/db-readonly" "$work/perm/open"
chmod -R a+rX,go-w "$work/db-readonly"
[ -n "${as_user[*]}" ] || chmod -R a-w "$work/db-readonly"
article "$work/perm/open/new.txt" Hotel
expect_error 1 "gazette-index: $work/db-readonly: permission denied: cannot write to shard-0" \
  "database not writable" "${as_user[@]}" "$index" --db "$work/db-readonly" "$work/perm/open"
chmod -R u+w "$work/db-readonly"

finish
