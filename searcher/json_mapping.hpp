//! The one mapping of search results, counts, tallies, articles and statistics to JSON: what
//! `gazette-search --json` prints and what gazette-serve answers are the same objects, built
//! here (docs/output-format.md documents every key; change it in the same commit).
//!
//! Entry points: listed_json(), hit_json(), results_json(), count_json(), tally_json(), article_json(),
//! stats_json(); dump_json() writes any of them on one line (invalid UTF-8 replaced).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "searcher.hpp"

namespace gazette {

using Json = nlohmann::json;

/// One line of `--list`: an article's metadata (the keys every result has too), its line the
/// one where it starts, its story null when none was assigned.
Json listed_json(const ArticleHit& article);

/// One line of `--json`: listed_json() with the result's rank and score, its line the best
/// passage's, and its best passage's text, highlights and window first and every passage
/// shown; with --like-text, its containment.
Json hit_json(const ArticleHit& hit);

/// One language's parse of a query (ParsedQuery): language, query, terms (each {term, words}),
/// phrases, filters, stopwords.
Json parsed_query_json(const ParsedQuery& parsed);

/// The terms --expand added: [{term, weight}], best first.
Json expansion_json(const std::vector<std::pair<std::string, double>>& expansion);

/// `{"query": the corrected query, "words": [{"word", "articles", "suggestion",
/// "suggestion_articles"}]}` for results with spelling suggestions.
Json did_you_mean_json(const SearchResults& results);

/// The results of one query: {"query", "matches", "matches_exact", "matches_estimated",
/// "results": [hit_json()...]} (a `--batch --json` line without its qid).
Json results_json(const SearchResults& results);

/// `--count --json`: {"query", "count", "unit"}.
Json count_json(const SearchResults& results);

/// Facets and timeline: {"query", "count", "facets"?, "timeline"?}.
Json tally_json(const Tally& tally);

/// An article read by its id (Searcher::article()): hit_json() without what only a ranking
/// gives (rank, score, highlights, window, more_passages), with every stored passage.
Json article_json(const ArticleHit& article);

/// `--stats --json`.
Json stats_json(const DatabaseStats& stats);

/// `json` on one line; invalid UTF-8 in a string is replaced, never an error.
std::string dump_json(const Json& json);

}  // namespace gazette
