#!/usr/bin/env bash
# Done-when for languages: German, Spanish, French, Chinese and Japanese articles in one
# database, each detected and stemmed in its own language, each found by queries in it.
source "$(dirname "$0")/lib.sh"
for folder in german-10kgnad spanish-fakenews french-headlines-2020 japanese-wikinews chinese-sina-2018; do
  require_shared "$folder"
done

db="$work/db"
"$index" -q --db "$db" "$GAZETTE_SHARED/german-10kgnad" "$GAZETTE_SHARED/spanish-fakenews" \
  "$GAZETTE_SHARED/french-headlines-2020" "$GAZETTE_SHARED/japanese-wikinews" \
  "$GAZETTE_SHARED/chinese-sina-2018/TechNews"
"$search" --db "$db" --stats --json >"$work/stats.json"
json_lines "$work/stats.json" 'd["languages"]'

# lang_and_words QUERY: the languages of the top 20 results and the words highlighted in them.
lang_and_words() {
  "$search" --db "$db" --json -n 20 "$1" >"$work/r.jsonl"
  python3 -c '
import json, sys
langs, words = set(), set()
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    langs.add(d["lang"])
    for p in d["passages"]:
        for b, e in p["highlights"]:
            words.add(p["text"].encode()[b:e].decode())
print(" ".join(sorted(langs)) + " | " + " ".join(sorted(words)))
' "$work/r.jsonl"
}

result="$(lang_and_words Regierungen)"
expect_contains "$result" "de |" "a German query finds German articles"
expect_contains "$result" " Regierung " "the German plural finds the singular"
result="$(lang_and_words elecciones)"
expect_contains "$result" "es |" "a Spanish query finds Spanish articles"
expect_contains "$result" "elección" "Spanish stemming: elecciones finds elección"
result="$(lang_and_words gouvernement)"
expect_contains "$result" "fr |" "a French query finds French headlines"
result="$(lang_and_words 人工智能)"
expect_contains "$result" "zh |" "a Chinese query finds Chinese articles"
expect_contains "$result" "人工" "Chinese matches are highlighted"
result="$(lang_and_words 首相)"
expect_contains "$result" "ja |" "a Japanese query finds Japanese articles"
expect_eq "$(json_lines "$work/stats.json" 'd["languages"]["de"]')" 1028 "every German article detected as German"
expect_eq "$(json_lines "$work/stats.json" 'd["languages"]["zh"] >= 480 and d["languages"]["ja"] >= 3600')" True \
  "Chinese and Japanese detected"
finish
