#!/usr/bin/env bash
# Operators never silently degrade (issue 15, item 3): a query word after the first that starts
# with '-' is an exclusion, not an option; NEAR/ADJ beside a phrase, a bracket or a field is
# refused with exit 2 saying what and where; an operator Xapian's parser takes as a word gets
# a warning on stderr naming it.
source "$(dirname "$0")/lib.sh"

db="$work/db"
printf 'date 2024-01-02 Cocoa buffer stocks\n\nThe cocoa buffer stock grew.\n' >"$work/a.txt"
printf 'date 2024-01-03 Cocoa prices\n\nCocoa prices rose near the port, and Tony Blair spoke about Iraq.\n' \
  >"$work/b.txt"
"$index" -q --threads 1 --db "$db" "$work/a.txt" "$work/b.txt"

titles() { json_lines "$work/out" 'd["title"]' | sort | tr '\n' '|'; }

# -WORD after the first word excludes WORD; options after the query still work.
run_status status "$search" --db "$db" --json cocoa -buffer
expect_eq "$status" 0 "cocoa -buffer: status"
expect_eq "$(titles)" "Cocoa prices|" "cocoa -buffer excludes buffer"
run_status status "$search" --db "$db" cocoa -buffer --json -n 5
expect_eq "$(titles)" "Cocoa prices|" "cocoa -buffer with options after it"
run_status status "$search" --db "$db" --json cocoa -n1
expect_eq "$(json_lines "$work/out" 'd["title"]' | wc -l)" 1 "cocoa -n1 is still a limit"
run_status status "$search" --db "$db" --json cocoa -prices -v
expect_eq "$(titles)" "Cocoa buffer stocks|" "cocoa -prices -v: -v stays an option"
run_status status "$search" --db "$db" --json cocoa -nuclear
expect_eq "$(titles)" "Cocoa buffer stocks|Cocoa prices|" "cocoa -nuclear is a word, not -n"
expect_error 2 "gazette-search: unknown option '-buffer' (an argument that starts with '-' goes after '--')" \
  "a first word with a dash" "$search" --db "$db" -buffer cocoa

# NEAR and ADJ beside what is not a word: refused, saying what and where.
q='"tony blair" NEAR iraq'
expect_error 2 "gazette-search: bad query '$q': NEAR (character 14) joins single words, not the phrase '\"tony blair\"'; use AND for both, or NEAR between words (tony NEAR blair NEAR iraq)" \
  "NEAR after a phrase" "$search" --db "$db" "$q"
run_status status "$search" --db "$db" 'iraq ADJ/3 (tony OR blair)'
expect_eq "$status" 2 "ADJ before a bracket: status"
expect_contains "$(cat "$work/err")" "ADJ/3 (character 6) joins single words, not the bracketed group at '(tony'" \
  "ADJ before a bracket: message"
run_status status "$search" --db "$db" 'title:cocoa NEAR prices'
expect_eq "$status" 2 "NEAR after a field: status"
expect_contains "$(cat "$work/err")" "not the field 'title:cocoa'" "NEAR after a field: message"
run_status status "$search" --db "$db" 'cocoa NEAR'
expect_contains "$(cat "$work/err")" "NEAR (character 7) joins single words, not nothing" "NEAR at the end"
# Between words NEAR works as before.
run_status status "$search" --db "$db" --json 'tony NEAR blair NEAR iraq'
expect_eq "$status" 0 "NEAR between words: status"
expect_eq "$(titles)" "Cocoa prices|" "NEAR between words"

# An operator the parser takes as a word is named on stderr.
run_status status "$search" --db "$db" --json '(cocoa OR) prices'
expect_eq "$status" 0 "OR before a bracket: status"
expect_eq "$(cat "$work/err")" \
  "warning: query '(cocoa OR) prices': took 'OR' (character 8) as a word, not an operator, then dropped it as a stopword" \
  "OR before a bracket: warning"
run_status status "$search" --db "$db" --json 'cocoa AND prices'
expect_eq "$(cat "$work/err")" "" "a real AND: no warning"
expect_eq "$(titles)" "Cocoa prices|" "a real AND"

# Words as written (issue 15, item 1): a dotted acronym is one word at index and query time, as
# Xapian's TermGenerator and QueryParser read it (U.K. is "uk"); the query is no longer
# lower-cased before parsing, which made "u.k." the phrase "u k".
adb="$work/acronyms"
printf 'date 2024-02-01 Trade talks\n\nThe U.K. and the U.S. agreed on trade; E.F. Hutton said the U.N. would watch.\n' \
  >"$work/acro1.txt"
printf "date 2024-02-02 Rockwell\n\nRockwell's chief said his plant's output would rise, as us all.\n" >"$work/acro2.txt"
printf 'date 2024-02-03 Hutton\n\nHutton and E.F. Smith talked about a UK plan for I.T. spending.\n' >"$work/acro3.txt"
"$index" -q --threads 1 --db "$adb" "$work/acro1.txt" "$work/acro2.txt" "$work/acro3.txt"
for q in 'U.K.' 'U.N.' '"E.F. Hutton"' 'U.S.A'; do
  run_status status "$search" --db "$adb" --count "$q"
  expect_eq "$status" 0 "$q: status"
done
expect_eq "$("$search" --db "$adb" --count 'U.K.')" 2 "U.K. finds U.K. and UK, as the index holds both as uk"
expect_eq "$("$search" --db "$adb" --count 'U.N.')" 1 "U.N. finds the article with U.N."
expect_eq "$("$search" --db "$adb" --count '"E.F. Hutton"')" 1 "\"E.F. Hutton\" is a phrase of two words"
# U.S. is marked where it stands (not the s of Rockwell's), as is the word us, which the index
# holds as the same term.
run_status status "$search" --db "$adb" --json 'U.S.'
expect_eq "$(json_lines "$work/out" 'd["title"] + ": " + " ".join(d["text"][b:e] for b, e in d["highlights"])' | sort | tr '\n' '|')" \
  "Rockwell: us|Trade talks: U.S.|" "U.S. finds and marks U.S. and us, nothing else"
# A dotted acronym is a name, never a stopword: I.T. is kept although "it" is one.
run_status status "$search" --db "$adb" --show-query --count 'I.T. spending'
expect_eq "$(head -2 "$work/err")" "query (en): it OR spend
  terms: it (from IT); spend (from spending)" "I.T. spending: it kept, not dropped as a stopword"
run_status status "$search" --db "$adb" --show-query --count 'it spending'
expect_contains "$(cat "$work/err")" "dropped as stopwords: it" "the word it is still a stopword"
# Fields are found whatever their case; an operator with a bracket attached is still a word.
expect_eq "$("$search" --db "$adb" --count 'Title:Rockwell')" 1 "Title: is the title field"
# Batch topics in Xapian syntax read acronyms as typed queries do.
printf 'q1\tTHE U.N. WATCH\n' >"$work/acro.tsv"
run_status status "$search" --db "$adb" --batch "$work/acro.tsv" --json --syntax xapian
expect_eq "$(json_lines "$work/out" 'd["parsed_query"][0]["query"] + " " + str(d["matches"])')" "un OR watch 1" \
  "batch --syntax xapian: capitals, an acronym, a stopword dropped"

finish
