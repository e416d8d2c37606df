#!/usr/bin/env bash
# Write faults (issue 20): a full disk at a few filesystem sizes and write errors injected at
# chosen system calls, each run by scripts/fault on the reader fixtures, which checks that the
# run stops with status 1, one error line naming the cause and a line saying what is committed,
# that the database opens, and that a rerun after the fault matches a clean index exactly.
# Skipped when filesystems cannot be mounted (not root, a container) or strace cannot trace.
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

# The line a user reads, spelled out once: a filesystem too small for the first commit.
if mkdir -p "$work/small" && mount -t tmpfs -o size=48k tmpfs "$work/small" 2>/dev/null; then
  run_status status "$index" -q --threads 1 --db "$work/small/db" "$fixtures"
  umount "$work/small"
  expect_eq "$status" 1 "48 KiB: exit status"
  expect_contains "$(tail -2 "$work/err" | head -1)" "stopped by the error below: 0 files (0 articles) of this run committed" "48 KiB: committed"
  expect_contains "$(tail -1 "$work/err")" "gazette-index: $work/small/db: cannot " "48 KiB: error line"
  expect_contains "$(tail -1 "$work/err")" ": no space left on device (" "48 KiB: the cause"
fi

if [ "$skipped" -eq 2 ] && [ "$failures" -eq 0 ]; then
  echo "skipped: neither tmpfs mounts nor strace injection are permitted here"
  exit 77
fi
finish
