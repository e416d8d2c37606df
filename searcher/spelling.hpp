//! "Did you mean": for a query word that is rare or absent in the database, the word of the
//! database's own vocabulary it most likely misspells (`Gorbachov` -> `gorbachev` on Reuters).
//!
//! Nothing is added to the index for it: the vocabulary is the database's body terms (stems),
//! read where a query needs it. A word is checked when its term is in at most kRareArticles
//! articles; the candidates are the body terms that begin with the same letter and lie within
//! a small edit distance of it (for an absent word one edit for terms of up to 5 letters, two
//! beyond; for a word the database holds, a rare name, only one, and only from 6 letters; a
//! swap of two neighbours is one edit), in at least kSuggestedFactor times as many articles
//! and in at least kMinSuggestedArticles. The nearest wins, then the one in more articles,
//! then the smaller term. A stem is not a word, so the suggestion is shown as articles write
//! it: of the words with that stem in the term's first three articles, the one nearest the
//! word typed ("imports" for "imoprts", not "important", though both stem to "import").
//!
//! Entry points: suggest_spellings(), corrected_query().
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <xapian.h>

#include "query_description.hpp"

namespace gazette {

/// A word is checked when its term is in at most this many articles.
inline constexpr std::uint64_t kRareArticles = 3;
/// A suggestion is in at least this many times the articles of the word it replaces, and in
/// at least kMinSuggestedArticles.
inline constexpr std::uint64_t kSuggestedFactor = 10;
inline constexpr std::uint64_t kMinSuggestedArticles = 5;

struct SpellingSuggestion {
    std::string word;               // as the query writes it
    std::uint64_t articles = 0;     // articles holding its term (0: absent)
    std::string suggestion;         // the word suggested, as an article writes it, lower-cased
    std::uint64_t suggestion_articles = 0;
};

/// The text of an article (its title and passages), for showing a term as a word.
using ArticleText = std::function<std::string(Xapian::docid)>;

/// Suggestions for the free-text words of `parsed` (the query as parsed for the database's
/// main language), in their order; empty when every word is common enough or nothing near
/// is. `stem` is the stemmer `parsed` was made with. Throws what Xapian throws.
std::vector<SpellingSuggestion> suggest_spellings(const Xapian::Database& db,
                                                  const ParsedQuery& parsed,
                                                  const Xapian::Stem& stem,
                                                  const ArticleText& text_of);

/// `query` with each suggested word replaced (whole words, case-insensitively).
std::string corrected_query(const std::string& query,
                            const std::vector<SpellingSuggestion>& suggestions);

/// The edit distance between `a` and `b` in characters (insertions, deletions, substitutions
/// and swaps of neighbours), or `limit` + 1 when it is over `limit`.
unsigned edit_distance(const std::u32string& a, const std::u32string& b, unsigned limit);

}  // namespace gazette
