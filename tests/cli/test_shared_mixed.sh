#!/usr/bin/env bash
# A mixed archive indexed right in one run (issue 14, item 3): one folder holding links to the
# French headlines CSV, the 10kGNAD CSV, a Spanish JSON Lines file and the seeds, each folder
# with its options file. Every article's title, date, time and outlet is checked against the
# source records, read here with Python.
source "$(dirname "$0")/lib.sh"
require_shared french-headlines-2020
require_shared german-10kgnad
require_shared spanish-fakenews
require_shared seeds

m="$work/mixed"
mkdir -p "$m/french" "$m/german" "$m/seeds"
ln -s "$GAZETTE_SHARED/french-headlines-2020/test_one_day.csv" "$m/french/"
ln -s "$GAZETTE_SHARED/german-10kgnad/test.csv" "$m/german/"
ln -s "$GAZETTE_SHARED/spanish-fakenews/derived_test.jsonl" "$m/spanish.jsonl"
ln -s "$GAZETTE_SHARED"/seeds/*.txt "$m/seeds/"
echo '{"fields": {"title": "1", "date": "2", "source": "4"}, "language": "french"}' >"$m/french/.gazette.json"
# 10kGNAD has no titles and no dates: its label is the outlet, and nothing is taken as a date.
echo '{"fields": {"source": "1"}, "language": "german", "date_sources": "none"}' >"$m/german/.gazette.json"
echo '{"language": "english"}' >"$m/seeds/.gazette.json"
echo '{"files": [{"match": "*.jsonl", "language": "spanish", "date_sources": "header"}]}' >"$m/.gazette.json"

db="$work/db"
run_status status "$index" --follow-symlinks --db "$db" "$m"
expect_eq "$status" 0 "mixed archive: status ($(tail -3 "$work/err"))"
expect_eq "$(grep -c 'problems (' "$work/err" || true)" 0 "mixed archive: no problems ($(head -5 "$work/err"))"

"$search" --db "$db" --json --no-collapse -n 100000 --sort date 'lang:fr OR lang:de OR lang:es OR lang:en' >"$work/all.jsonl"
python3 - "$work/all.jsonl" "$m" >"$work/report" <<'PY'
import csv, json, sys, os
results, m = sys.argv[1], sys.argv[2]
by = {}
for line in open(results, encoding="utf-8"):
    d = json.loads(line)
    name = os.path.basename(d["path"])
    by[(name, d["line"] if name.endswith((".csv", ".jsonl")) else 0)] = d
# As the readers clean text: whitespace runs made one space, zero-width characters dropped.
clean = lambda s: " ".join(s.replace("\u200b", "").replace("\ufeff", "").split())
outlet = lambda s: clean(s) or None
def check(name, want):
    wrong = 0
    for line, expected in want.items():
        d = by.get((name, line))
        got = None if d is None else {k: d.get(k) for k in expected}
        if got != expected:
            wrong += 1
            if wrong <= 3:
                print(f"{name}:{line}: expected {expected}, got {got}", file=sys.stderr)
    print(f"{name} {len(want)} {wrong}")

want = {}
with open(os.path.join(m, "french/test_one_day.csv"), encoding="utf-8", newline="") as f:
    for row in csv.reader(f):
        line = len(want) + 1  # one record a line in this file
        want[line] = {"title": clean(row[0]), "date": row[1][:10], "time": row[1][11:],
                      "date_source": "header", "outlet": outlet(row[3]), "lang": "fr"}
check("test_one_day.csv", want)

# Records span lines: the reader numbers a record by its first line.
fixed, last = {}, 0
with open(os.path.join(m, "german/test.csv"), encoding="utf-8", newline="") as f:
    reader = csv.reader(f, delimiter=";", quotechar="'")
    for row in reader:
        fixed[last + 1] = {"title": "", "date": None, "outlet": outlet(row[0]), "lang": "de"}
        last = reader.line_num
check("test.csv", fixed)

want = {}
for n, line in enumerate(open(os.path.join(m, "spanish.jsonl"), encoding="utf-8"), 1):
    r = {k.lower(): v for k, v in json.loads(line).items()}
    want[n] = {"title": clean(r["headline"]), "outlet": outlet(r["source"]), "date": None, "lang": "es"}
check("spanish.jsonl", want)

for name, date, source in [("000_f7ae38222f0b03e8.txt", "2024-03-14", "header"),
                           ("002_739212e5aa53f952.txt", "2024-03-13", "text")]:
    first = open(os.path.join(m, "seeds", name), encoding="utf-8").readline().split()
    title = " ".join(first[2:] if first[0] == "date" else first)
    check(name, {0: {"title": title, "date": date, "date_source": source, "lang": "en"}})
print("total", len(by))
PY
report="$(cat "$work/report")"
expect_contains "$report" "test_one_day.csv 5064 0" "French headlines: title, date, time and outlet of every record"
expect_contains "$report" "test.csv 1028 0" "10kGNAD: the label as outlet, undated, German, every record"
expect_contains "$report" "spanish.jsonl 572 0" "Spanish JSON Lines: headline and source of every record"
expect_contains "$report" "000_f7ae38222f0b03e8.txt 1 0" "seed 000: header date"
expect_contains "$report" "002_739212e5aa53f952.txt 1 0" "seed 002: dated 2024-03-13 from its text"
expect_contains "$report" "total 6666" "every article once"

# Indexed again with the same options, nothing is read; a folder's options changed, only its
# file is read again.
run_status status "$index" --follow-symlinks --db "$db" "$m"
expect_contains "$(cat "$work/err")" "nothing to do: 5 files unchanged; 6666 articles" "second run"
echo '{"fields": {"source": "1"}, "language": "german"}' >"$m/german/.gazette.json"
run_status status "$index" --follow-symlinks --db "$db" "$m"
expect_contains "$(cat "$work/err")" "indexed from 1 files; 4 files unchanged" "changed options: one file"
expect_contains "$(cat "$work/err")" "6666 articles in the database" "changed options: replaced, not added"
finish
