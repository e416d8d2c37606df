#!/usr/bin/env bash
# What a result list promises (docs/output-format.md): one score scale in every order and unit.
# (Ties by article key and deep paging: tests/integration, "pages follow on beyond the pool".)
source "$(dirname "$0")/lib.sh"

# One score scale: an article scores the same in relevance and date order; a passage result
# scores as its article would with that passage as its best.
db="$work/db"
"$index" -q --db "$db" "$GAZETTE_SOURCE/corpus"
"$search" -q --db "$db" --format tsv -n 1000 cocoa | cut -f4,3 | sort >"$work/by-relevance"
"$search" -q --db "$db" --format tsv -n 1000 --sort date cocoa | cut -f4,3 | sort >"$work/by-date"
expect_eq "$(cat "$work/by-date")" "$(cat "$work/by-relevance")" "--sort date prints the relevance scores"
best="$("$search" -q --db "$db" --format tsv -n 1 cocoa | cut -f3,4)"
expect_eq "$("$search" -q --db "$db" --format tsv -n 1 --unit passage cocoa | cut -f3,4 | sed 's/[.]p[0-9]*$//')" "$best" \
  "the best passage scores as its article"
if ! "$search" -q --db "$db" --format tsv -n 1000 --unit passage computing | cut -f3 | sort -g -r -c; then
  fail "passage scores decrease with rank"
fi
finish
