#!/usr/bin/env bash
# scripts/story-eval on fixtures written for the project (tests/data/stories), with figures
# computed by hand (docs/stories.md, "Measuring story quality"): 8 labelled articles in 3
# groups; the listing puts them in stories s1 {a,b,c}, s2 {d,wire#7}, s3 {heads:4} and two
# articles alone (null). Pairs: 1 right of 4 predicted, 7 labelled. B-cubed precision
# (2/3+2/3+1/3+1/2+1/2+1+1+1)/8 = 0.708, recall (2/3+2/3+1/2+1/3+1/2+1/3+1/3+1/3)/8 = 0.458.
source "$(dirname "$0")/lib.sh"

tool="$GAZETTE_SOURCE/scripts/story-eval"
data="$GAZETTE_SOURCE/tests/data/stories"
labels=(--labels "$data/labels.tsv" --hard-negatives "$data/negatives.tsv")

run_status status python3 "$tool" "${labels[@]}" "$data/listing.jsonl"
expect_eq "$status" 0 "scores: exit status"
expect_eq "$(cat "$work/out")" "labelled articles 8 in 3 groups, put in 5 stories (0 missing)
pairwise  precision 0.250  recall 0.143  F1 0.182  (1 right of 4 predicted pairs, 7 labelled)
B-cubed   precision 0.708  recall 0.458  F1 0.557
hard negatives  2 of 5 pairs merged (0.400)" "text report"

# JSON, from stdin: the same figures unrounded. Two articles with a null story are two stories
# (the pair wire.sgm#8, heads.csv:3 is not merged); other.txt, unlabelled, still counts in a
# hard-negative pair.
python3 "$tool" --json "${labels[@]}" - <"$data/listing.jsonl" >"$work/r.json"
expect_eq "$(json_lines "$work/r.json" \
  '"%.4f %.4f %.4f" % (d["pairwise"]["precision"], d["pairwise"]["recall"], d["pairwise"]["f1"])')" \
  "0.2500 0.1429 0.1818" "JSON pairwise"
expect_eq "$(json_lines "$work/r.json" \
  '"%.4f %.4f %.4f" % (d["bcubed"]["precision"], d["bcubed"]["recall"], d["bcubed"]["f1"])')" \
  "0.7083 0.4583 0.5565" "JSON B-cubed"
expect_eq "$(json_lines "$work/r.json" \
  '"%d %d %.1f" % (d["hard_negatives"]["pairs"], d["hard_negatives"]["merged"], d["hard_negatives"]["share"])')" \
  "5 2 0.4" "JSON hard negatives"

# --details names what the figures count against.
run_status status python3 "$tool" --details "${labels[@]}" "$data/listing.jsonl"
expect_eq "$(sed -n '5,$p' "$work/out")" "split  bridge: 2 stories: /archive/news/a.txt, /archive/news/b.txt | /archive/news/d.txt
split  ferry: 2 stories: /archive/news/c.txt | /archive/wire.sgm#7
split  markets: 3 stories: /archive/wire.sgm#8 | /archive/heads.csv#3 | /archive/heads.csv#4
merged story s1: bridge: /archive/news/a.txt, /archive/news/b.txt; ferry: /archive/news/c.txt
merged story s2: bridge: /archive/news/d.txt; ferry: /archive/wire.sgm#7
hard negative merged: /archive/news/a.txt, /archive/news/c.txt
hard negative merged: /archive/heads.csv#4, /archive/other.txt" "--details"
python3 "$tool" --json --details "${labels[@]}" "$data/listing.jsonl" >"$work/r.json"
expect_eq "$(json_lines "$work/r.json" '[len(d["errors"][k]) for k in ("split", "merged", "negatives_merged")]')" \
  "[3, 2, 2]" "--details in JSON"

# Every article alone (what a database without stories lists): no predicted pair, so pairwise
# precision is undefined ("-", null) and recall 0; B-cubed precision 1, recall (1+1+1)/8.
sed 's/"story":"s[0-9]"/"story":null/' "$data/listing.jsonl" >"$work/alone.jsonl"
run_status status python3 "$tool" "${labels[@]}" "$work/alone.jsonl"
expect_eq "$(sed -n 2,4p "$work/out")" "pairwise  precision -  recall 0.000  F1 0.000  (0 right of 0 predicted pairs, 7 labelled)
B-cubed   precision 1.000  recall 0.375  F1 0.545
hard negatives  0 of 5 pairs merged (0.000)" "all alone"
python3 "$tool" --json "${labels[@]}" "$work/alone.jsonl" >"$work/r.json"
expect_eq "$(json_lines "$work/r.json" 'd["pairwise"]["precision"]')" "None" "undefined precision is null"

# A label naming an article the listing lacks: fatal unless --skip-missing.
{ cat "$data/labels.tsv"; printf 'ferry\tnews/zzz.txt\nferry\twire.sgm#99\n'; } >"$work/more.tsv"
expect_error 2 "story-eval: 2 labelled article(s) not in the listing $data/listing.jsonl, the first $work/more.tsv:11: 'news/zzz.txt' (--skip-missing scores the rest)" \
  "missing article" python3 "$tool" --labels "$work/more.tsv" "$data/listing.jsonl"
run_status status python3 "$tool" --skip-missing --labels "$work/more.tsv" "$data/listing.jsonl"
expect_eq "$status" 0 "--skip-missing: exit status"
expect_eq "$(cat "$work/err")" "story-eval: 2 labelled article(s) not in the listing $data/listing.jsonl, the first $work/more.tsv:11: 'news/zzz.txt'; skipped" "--skip-missing: said"
expect_contains "$(cat "$work/out")" "labelled articles 8 in 3 groups, put in 5 stories (2 missing)" "--skip-missing: scored"

# Bad input: one line naming the file and line, status 2.
printf 'bridge news/a.txt\n' >"$work/bad.tsv"
expect_error 2 "story-eval: $work/bad.tsv:1: expected GROUP<TAB>ARTICLE, got 'bridge news/a.txt'" \
  "labels without a tab" python3 "$tool" --labels "$work/bad.tsv" "$data/listing.jsonl"
printf 'bridge\tnews/a.txt\nferry\tnews/a.txt\n' >"$work/twice.tsv"
expect_error 2 "story-eval: $work/twice.tsv:2: 'news/a.txt' is already labelled at line 1" \
  "an article in two groups" python3 "$tool" --labels "$work/twice.tsv" "$data/listing.jsonl"
printf 'bridge\ta.txt\n' >"$work/ambiguous.tsv"
{ cat "$data/listing.jsonl"; echo '{"id":"x/a.txt","path":"x/a.txt","story":null}'; } >"$work/two.jsonl"
expect_error 2 "story-eval: 'a.txt' names 2 articles of the listing (/archive/news/a.txt, x/a.txt...)" \
  "an ambiguous reference" python3 "$tool" --labels "$work/ambiguous.tsv" "$work/two.jsonl"
{ head -2 "$data/listing.jsonl"; echo '{"id": "x", "story"'; } >"$work/broken.jsonl"
run_status status python3 "$tool" --labels "$data/labels.tsv" "$work/broken.jsonl"
expect_eq "$status" 2 "broken listing: exit status"
expect_contains "$(cat "$work/err")" "story-eval: $work/broken.jsonl:3: not JSON" "broken listing: message"
echo '{"id": "x", "path": "x"}' >"$work/nostory.jsonl"
expect_error 2 "story-eval: $work/nostory.jsonl:1: no \"story\" field" \
  "listing without stories" python3 "$tool" --labels "$data/labels.tsv" "$work/nostory.jsonl"
expect_error 2 "story-eval: nope.jsonl: cannot read listing: No such file or directory" \
  "no listing" python3 "$tool" --labels "$data/labels.tsv" nope.jsonl
expect_error 2 "story-eval: --labels FILE is required (or --all) (see --help)" \
  "usage" python3 "$tool" "$data/listing.jsonl"

# --all refuses to score without gazette-search --list, rather than make a listing up. The
# stand-in gazette-search below knows no --list.
mkdir -p "$work/build/searcher" "$work/build/indexer"
printf '#!/bin/sh\necho "usage: gazette-search [--db DB] QUERY"\n' >"$work/build/searcher/gazette-search"
chmod +x "$work/build/searcher/gazette-search"
GAZETTE_BUILD_DIR="$work/build" expect_error 1 \
  "story-eval: $work/build/searcher/gazette-search has no --list option (gazette-search --help does not name it): nothing to score" \
  "--all without --list" python3 "$tool" --all --work "$work/all"

# With the build's gazette-search --list, --all indexes, lists and scores the seeds. Its figures
# depend on the stories assigned: alone the pair is split (B-cubed recall 0.5), one story 1.0.
if "$search" --help | grep -- '--list' >/dev/null && [ -d "$GAZETTE_SHARED/seeds" ]; then
  GAZETTE_BUILD_DIR="$GAZETTE_BIN" run_status status python3 "$tool" --all --archive seeds --json \
    --shared "$GAZETTE_SHARED" --work "$work/all"
  expect_eq "$status" 0 "--all --archive seeds: exit status ($(tail -1 "$work/err"))"
  expect_eq "$(json_lines "$work/out" '"%s %d %d %s" % (d["set"], d["articles"], d["missing"], d["bcubed"]["recall"] in (0.5, 1.0))')" \
    "dev: seeds 2 0 True" "--all --archive seeds"
else
  echo "--all on the seeds skipped: $search has no --list, or $GAZETTE_SHARED/seeds is absent"
fi

# The committed labels all parse and resolve: scored alone (the baseline), B-cubed recall is
# groups over articles; the seeds' one pair gives 0.5.
python3 "$tool" --all --baseline --json >"$work/base.json"
expect_eq "$(wc -l <"$work/base.json")" 7 "baseline: one object per label set"
expect_eq "$(json_lines "$work/base.json" '"%s %d %d %.3f" % (d["labels"], d["articles"], d["groups"], d["bcubed"]["recall"])' | sed -n 1p)" \
  "seeds.tsv 2 1 0.500" "baseline: seeds"

# The computed labels are what derive-labels makes of the shared archives today.
if [ -d "$GAZETTE_SHARED/bbc" ] && [ -d "$GAZETTE_SHARED/20newsgroups" ]; then
  run_status status python3 "$GAZETTE_SOURCE/eval/stories/derive-labels" --check --shared "$GAZETTE_SHARED"
  expect_eq "$status" 0 "derive-labels --check: $(cat "$work/out")"
else
  echo "derive-labels --check skipped: $GAZETTE_SHARED/bbc or 20newsgroups is absent"
fi
finish
