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
# stderr in $work/err.
run_status() {
  local var="$1"
  shift
  set +e
  "$@" >"$work/out" 2>"$work/err"
  printf -v "$var" '%s' "$?"
  set -e
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
