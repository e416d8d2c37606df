#!/usr/bin/env bash
# Write faults (issue 20): a full disk at a few filesystem sizes and write errors injected at
# chosen system calls, each run by scripts/fault on the reader fixtures, which checks that the
# run stops with status 1, one error line naming the cause and a line saying what is committed,
# that the database opens, and that a rerun after the fault matches a clean index exactly; then
# kill -9 at a few moments, after which the database opens and a rerun is exact too.
# The first two are skipped when filesystems cannot be mounted (not root, a container) or
# strace cannot trace.
source "$(dirname "$0")/lib.sh"

fault="$GAZETTE_SOURCE/scripts/fault"
fixtures="$GAZETTE_SOURCE/tests/data/readers"
skipped=0

# run_fault MODE ARGS...: runs the tool; a skip is noted, anything but success fails the test.
run_fault() {
  local status
  set +e
  "$fault" "$@" --build "$GAZETTE_BIN" --work "$work/fault" -q >"$work/fault.out" 2>&1
  status=$?
  set -e
  cat "$work/fault.out"
  if [ "$status" -eq 77 ]; then
    skipped=$((skipped + 1))
  elif [ "$status" -ne 0 ]; then
    fail "scripts/fault $1 exited $status"
  fi
}

run_fault disk-full --sizes 4 "$fixtures"
run_fault syscalls --calls pwrite64,fdatasync,rename --errors ENOSPC,EIO --points 2 "$fixtures"
kills_skipped=$skipped
run_fault kill --kills 6 "$fixtures"

# The line a user reads, spelled out once: a filesystem too small for the first commit.
if mkdir -p "$work/small" && mount -t tmpfs -o size=48k tmpfs "$work/small" 2>/dev/null; then
  run_status status "$index" -q --threads 1 --db "$work/small/db" "$fixtures"
  umount "$work/small"
  expect_eq "$status" 1 "48 KiB: exit status"
  expect_contains "$(tail -2 "$work/err" | head -1)" "stopped by the error below: 0 files (0 articles) of this run committed" "48 KiB: committed"
  expect_contains "$(tail -1 "$work/err")" "gazette-index: $work/small/db: cannot " "48 KiB: error line"
  expect_contains "$(tail -1 "$work/err")" ": no space left on device (" "48 KiB: the cause"

  # --compact with no room for the merged copy: one line, the shards as they were, no copy left.
  "$index" -q --threads 2 --db "$work/full" "$fixtures" 2>/dev/null
  mkdir -p "$work/tight"
  mount -t tmpfs -o size=$(( $(du -sk "$work/full" | cut -f1) + 16 ))k tmpfs "$work/tight"
  cp -a "$work/full" "$work/tight/db"
  run_status status "$index" -q --compact --db "$work/tight/db"
  expect_eq "$status" 1 "--compact on a full disk: exit status"
  expect_contains "$(cat "$work/err")" "gazette-index: $work/tight/db: compaction failed: no space left on device (" "--compact on a full disk: message"
  expect_eq "$(wc -l <"$work/err")" 1 "--compact on a full disk: one line"
  expect_eq "$(ls "$work/tight/db" | tr '\n' ' ')" "shard-0 shard-1 " "--compact on a full disk: the shards, no copy"
  run_status status "$search" --db "$work/tight/db" --count harbour
  expect_eq "$status" 0 "--compact on a full disk: the database still answers"
  umount "$work/tight"
fi

if [ "$kills_skipped" -eq 2 ]; then
  echo "note: neither tmpfs mounts nor strace injection are permitted here; only kills were tried"
fi
finish
