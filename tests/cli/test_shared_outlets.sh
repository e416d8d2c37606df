#!/usr/bin/env bash
# Outlets on real archives: the Spanish news corpus names its outlet in each record's SOURCE
# field (spelled Source or SOURCE by some records), 20 Newsgroups in each post's Newsgroups:
# header, crossposts naming several. `outlet:` must find exactly the records that name one.
source "$(dirname "$0")/lib.sh"
require_shared spanish-fakenews
require_shared 20newsgroups

db="$work/es"
run_status status "$index" --db "$db" "$GAZETTE_SHARED/spanish-fakenews"
expect_eq "$status" 0 "indexing the Spanish news"
want="$(python3 - "$GAZETTE_SHARED"/spanish-fakenews/*.jsonl <<'PY'
import json, sys
n = 0
for name in sys.argv[1:]:
    for line in open(name, encoding="utf-8"):
        record = {k.lower(): v for k, v in json.loads(line).items()}
        n += str(record.get("source", "")).strip().lower() == "el universal"
print(n)
PY
)"
"$search" --db "$db" --count 'outlet:"El Universal"' >"$work/n"
expect_eq "$(cat "$work/n")" "$want" "outlet:\"El Universal\" finds every record naming it"
"$search" --db "$db" --json -n 3 'outlet:"el universal"' >"$work/hits.jsonl"
expect_eq "$(json_lines "$work/hits.jsonl" 'd["outlet"].lower()' | sort -u)" "el universal" "shown outlet"

db="$work/ng"
groups=("$GAZETTE_SHARED/20newsgroups/sci.space" "$GAZETTE_SHARED/20newsgroups/sci.med")
run_status status "$index" --db "$db" "${groups[@]}"
expect_eq "$status" 0 "indexing two newsgroups"
want="$(python3 - "${groups[@]}" <<'PY'
import os, sys
n = 0
for folder in sys.argv[1:]:
    for name in os.listdir(folder):
        with open(os.path.join(folder, name), encoding="latin-1") as f:
            for line in f:
                if not line.strip():
                    break
                if line.lower().startswith("newsgroups:"):
                    n += "sci.space" in [g.strip() for g in line.split(":", 1)[1].split(",")]
                    break
print(n)
PY
)"
"$search" --db "$db" --count 'outlet:sci.space' >"$work/n"
expect_eq "$(cat "$work/n")" "$want" "outlet:sci.space finds every post listing the group, crossposts from sci.med too"
finish
