#!/usr/bin/env bash
# Reading options (issue 14, item 3): options files give each folder's files their own
# options, so a mixed folder indexes right in one run; a file indexed with other options is
# read again, --force reads everything again; a bad options file stops the run before any work;
# a field mapping no input has is warned about once, not once per file.
source "$(dirname "$0")/lib.sh"

hit() {  # hit DB QUERY EXPR: EXPR over the first result's JSON
  "$search" --db "$1" --json -n 1 "$2" >"$work/hit.jsonl" 2>/dev/null
  json_lines "$work/hit.jsonl" "$3"
}

# A folder mixing a header-less CSV of French headlines, a German CSV of label and text, a
# JSON Lines feed and plain text, each folder saying how its files are read.
m="$work/mixed"
mkdir -p "$m/fr" "$m/de" "$m/text"
printf '%s\n' \
  '"Retraites : nouvelle journée de grève",2020-01-10 08:15:00,id1,france' \
  '"Le PSG s'"'"'impose à Lyon",2020-01-10 21:40:12,id2,sports' >"$m/fr/headlines.csv"
printf '{"fields": {"title": "1", "date": "2", "id": "3", "source": "4"}, "language": "french"}\n' \
  >"$m/fr/.gazette.json"
printf "%s\n" "Sport;'Der Klub gewinnt das Derby vor vollem Haus.'" \
  "Kultur;'Die Oper zeigt eine neue Inszenierung.'" >"$m/de/texts.csv"
printf '{"fields": {"source": "1", "body": "2"}, "language": "de", "date_sources": "none"}\n' \
  >"$m/de/.gazette.json"
printf '%s\n' '{"headline": "Lluvias en Madrid", "cuerpo": "Las lluvias llegaron el lunes.", "medio": "El Diario"}' \
  >"$m/feed.jsonl"
printf 'date 2024-03-14 Harbour reopens\n\nThe harbour reopened to boats.\n' >"$m/text/harbour.txt"
cat >"$m/.gazette.json" <<'EOF'
// The feed at the top names its fields in Spanish.
{"files": [{"match": "*.jsonl", "language": "spanish",
            "fields": {"title": "headline", "body": "cuerpo", "source": "medio"}}]}
EOF

db="$work/db"
run_status status "$index" --db "$db" "$m"
expect_eq "$status" 0 "mixed folder: status"
expect_eq "$(grep -c 'problems (' "$work/err" || true)" 0 "mixed folder: no problems ($(cat "$work/err"))"
expect_eq "$(hit "$db" 'title:grève' 'd["title"], d["date"], d["time"], d["outlet"], d["lang"]')" \
  "('Retraites : nouvelle journée de grève', '2020-01-10', '08:15:00', 'france', 'fr')" "French headline"
expect_eq "$(hit "$db" 'Derby' 'd["outlet"], d["date"], d["lang"]')" "('Sport', None, 'de')" "German text"
expect_eq "$(hit "$db" 'Madrid' 'd["title"], d["outlet"], d["lang"]')" \
  "('Lluvias en Madrid', 'El Diario', 'es')" "Spanish feed"
expect_eq "$(hit "$db" 'harbour' 'd["title"], d["date"], d["lang"]')" \
  "('Harbour reopens', '2024-03-14', 'en')" "plain text keeps the defaults"

# Unchanged options: nothing to do. Changed options in one folder: its file alone is read
# again and its articles replaced, not added.
run_status status "$index" --db "$db" "$m"
expect_contains "$(cat "$work/err")" "nothing to do: 4 files unchanged; 6 articles in the database" "second run"
printf '{"fields": {"title": "1", "date": "2", "source": "4"}, "language": "french"}\n' >"$m/fr/.gazette.json"
run_status status "$index" --db "$db" "$m"
expect_eq "$status" 0 "options changed: status"
expect_contains "$(cat "$work/err")" "1 files read again: indexed before with other reading options" "options changed: said"
expect_contains "$(cat "$work/err")" "indexed from 1 files; 3 files unchanged" "options changed: one file read"
expect_eq "$("$search" --db "$db" --count 'lang:fr')" 2 "French articles replaced, not duplicated"
# A command-line option applies to every file no options file overrides it for.
run_status status "$index" --db "$db" --date-sources header "$m"
expect_contains "$(cat "$work/err")" "3 files read again" "--date-sources changed: the files it applies to (not de/, whose file sets its own)"
run_status status "$index" --db "$db" --date-sources header --force "$m"
expect_contains "$(cat "$work/err")" "indexed from 4 files; 0 files unchanged" "--force reads everything"
expect_eq "$("$search" --db "$db" --stats | awk '$1 == "articles" {print $2}')" 6 "--force: no duplicates"

# A bad options file: one line naming it, status 2, no database.
mkdir -p "$work/bad"
printf 'Title\n\nBody words.\n' >"$work/bad/a.txt"
printf '{"format": "csv",\n "fields": {"title": 1,}}\n' >"$work/bad/.gazette.json"
expect_error 2 "gazette-index: $work/bad/.gazette.json: not valid JSON: parse error at line 2, column 24: syntax error while parsing object key - unexpected '}'; expected string literal" \
  "options file with bad JSON" "$index" --db "$work/db-bad" "$work/bad"
[ ! -e "$work/db-bad" ] || fail "a bad options file created a database"
printf '{"langauge": "fr"}\n' >"$work/bad/.gazette.json"
expect_error 2 "gazette-index: $work/bad/.gazette.json: unknown key 'langauge' (known keys: format, fields, delimiter, quote, header, language, date_sources, period, files)" \
  "options file with an unknown key" "$index" --db "$work/db-bad" "$work/bad"
printf '{"files": [{"match": "*.txt", "format": "docx"}]}\n' >"$work/bad/.gazette.json"
run_status status "$index" --db "$work/db-bad" "$work/bad/a.txt"
expect_eq "$status" 2 "a file given alone is read with its folder's options file"
expect_contains "$(cat "$work/err")" "unknown format 'docx'" "bad format in a files entry"

# A mapping that names a field no input has: one warning for the run, not one per file.
mkdir -p "$work/many"
for n in $(seq 1 20); do printf 'title,text\nStory %s,Words of story %s.\n' "$n" "$n" >"$work/many/$n.csv"; done
run_status status "$index" --db "$work/db-many" --field title=headline "$work/many"
expect_eq "$status" 0 "missing mapped field: status"
expect_eq "$(grep -c 'headline' "$work/err")" 1 "missing mapped field: said once"
expect_contains "$(cat "$work/err")" "--field title=headline: no input has that field (20 read; first: $work/many/1.csv: no column 'headline' (columns: title, text))" \
  "missing mapped field: message"
finish
