#!/usr/bin/env bash
# Done-when of issue 14 item 2: a folder of symbolic links to BBC, the seeds and the State of
# the Union indexes all 2,460 articles (2,225 + 2 + 233) with --follow-symlinks, and none of
# them without it, saying why.
source "$(dirname "$0")/lib.sh"
require_shared bbc
require_shared seeds
require_shared state-of-the-union

shared="$(cd "$GAZETTE_SHARED" && pwd)"
mkdir "$work/links"
for folder in bbc seeds state-of-the-union; do ln -s "$shared/$folder" "$work/links/$folder"; done

run_status status "$index" --db "$work/none" "$work/links"
expect_eq "$status" 1 "without --follow-symlinks nothing can be read"
expect_contains "$(cat "$work/err")" "not followed (use --follow-symlinks)" "the hint"
expect_eq "$(wc -l <"$work/err")" 1 "one line"

run_status status "$index" --follow-symlinks --db "$work/db" "$work/links"
expect_eq "$status" 0 "--follow-symlinks: status"
expect_contains "$(cat "$work/err")" "2460 articles" "every article indexed"
expect_contains "$(cat "$work/err")" "0 failed" "no file failed"
run_status status "$search" --db "$work/db" --stats
expect_contains "$(cat "$work/out")" "2460" "--stats counts them"
finish
