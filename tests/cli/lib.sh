# Shared helpers for the CLI tests. Each test is a bash script run by ctest with
# GAZETTE_BIN (the build folder), GAZETTE_SOURCE (the source tree) and GAZETTE_SHARED
# (../shared/data) in its environment. Exit 77 means "skipped" (ctest SKIP_RETURN_CODE).
set -euo pipefail

index="$GAZETTE_BIN/indexer/gazette-index"
search="$GAZETTE_BIN/searcher/gazette-search"
work="$(mktemp -d "${TMPDIR:-/tmp}/gazette-cli.XXXXXX")"
trap 'rm -rf "$work"' EXIT
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
  if [ "$1" != "$2" ]; then fail "$3: expected '$2', got '$1'"; fi
}

# expect_contains HAYSTACK NEEDLE WHAT
expect_contains() {
  case "$1" in
    *"$2"*) ;;
    *) fail "$3: expected to contain '$2', got: $1" ;;
  esac
}

# run_status VAR CMD...: runs CMD, storing its exit status in VAR, stdout in $work/out and
# stderr in $work/err. A status above 128 (a crash: 134 abort, 139 segfault) always fails the
# test, whatever the caller expects; 130 (interrupted) is left to the caller.
run_status() {
  local var="$1"
  shift
  local code
  set +e
  "$@" >"$work/out" 2>"$work/err"
  code=$?
  set -e
  printf -v "$var" '%s' "$code"
  if [ "$code" -gt 128 ] && [ "$code" -ne 130 ]; then
    fail "crashed with status $code: $* ($(head -c 300 "$work/err"))"
  fi
}

# expect_error STATUS LINE WHAT CMD...: runs CMD and checks that it exits with STATUS, prints
# nothing on stdout and exactly LINE (one line) on stderr.
expect_error() {
  local want="$1" line="$2" what="$3" status
  shift 3
  run_status status "$@"
  expect_eq "$status" "$want" "$what: exit status"
  expect_eq "$(cat "$work/err")" "$line" "$what: message"
  expect_eq "$(wc -l <"$work/err")" 1 "$what: one line"
  expect_eq "$(wc -c <"$work/out")" 0 "$what: nothing on stdout"
}

# json_field FILE EXPR: evaluates a Python expression over `d`, the parsed JSON of each line.
json_lines() {
  python3 -c '
import json, sys
expr = sys.argv[2]
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    print(eval(expr))
' "$1" "$2"
}

require_shared() {
  if [ ! -d "$GAZETTE_SHARED/$1" ]; then
    echo "skipped: $GAZETTE_SHARED/$1 is absent"
    exit 77
  fi
}

finish() {
  if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
  fi
  echo "ok"
}
