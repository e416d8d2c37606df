#!/usr/bin/env bash
# --like and --like-text on BBC's byte-identical files (issue 16): for every group of identical
# files, --like on one puts a copy first, and --like-text with its longest paragraph shows a
# copy first, marked as holding the text (checked on every fourth group, to keep the suite
# fast); --list lists each of BBC's articles once.
source "$(dirname "$0")/lib.sh"
require_shared bbc
db="$work/bbc"
"$index" -q --threads 2 --db "$db" "$GAZETTE_SHARED/bbc"

# The groups of identical files, found by their bytes: one line each, its paths by tabs.
python3 - "$GAZETTE_SHARED/bbc" >"$work/groups" <<'PY'
import hashlib, os, sys
groups = {}
for base, _, files in os.walk(sys.argv[1]):
    for name in files:
        path = os.path.abspath(os.path.join(base, name))
        with open(path, "rb") as f:
            groups.setdefault(hashlib.sha256(f.read()).hexdigest(), []).append(path)
for paths in sorted(sorted(g) for g in groups.values() if len(g) > 1):
    print("\t".join(paths))
PY
groups="$(wc -l <"$work/groups")"
if [ "$groups" -lt 50 ]; then fail "BBC holds dozens of groups of identical files (found $groups)"; fi
missed=0
text_missed=0
n=0
while IFS=$'\t' read -r first rest; do
  n=$((n + 1))
  copies="$(printf '%s\n' "$rest" | tr '\t' '\n')"
  top="$("$search" --db "$db" --json -n 1 --like "$first" | json_lines /dev/stdin "d['id']")"
  if ! printf '%s\n' "$copies" | grep -qxF "$top"; then
    missed=$((missed + 1))
    echo "--like $first: first $top, not a copy" >&2
  fi
  [ $((n % 4)) -eq 1 ] || continue
  # The longest paragraph after the title line.
  python3 -c 'import sys; t = open(sys.argv[1], encoding="utf-8", errors="replace").read().split("\n\n")[1:]; print(max((p.strip() for p in t), key=len))' \
    "$first" >"$work/paragraph"
  "$search" --db "$db" --json -n 1 --like-text "$work/paragraph" >"$work/text.out"
  top="$(json_lines "$work/text.out" "d['id']")"
  if ! printf '%s\n%s\n' "$first" "$copies" | grep -qxF "$top" ||
    [ "$(json_lines "$work/text.out" "d['contains_text']")" != "True" ]; then
    text_missed=$((text_missed + 1))
    echo "--like-text of $first: first $top, $(json_lines "$work/text.out" "d['containment']")" >&2
  fi
done <"$work/groups"
expect_eq "$missed" 0 "--like puts a copy first, in every one of $groups groups"
expect_eq "$text_missed" 0 "--like-text shows a copy first, holding the text, in every fourth of $groups groups"

"$search" --db "$db" --list >"$work/list"
expect_eq "$(wc -l <"$work/list")" 2225 "--list prints BBC's 2,225 articles"
expect_eq "$(json_lines "$work/list" "d['id']" | sort -u | wc -l)" 2225 "each once"
finish
