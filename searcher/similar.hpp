//! "More like this" and "where did this text come from": the terms that characterise an
//! article or a pasted text, the query they make, and how much of a text an article contains.
//!
//! Entry points: document_terms() and text_terms() (an article's or a text's terms and their
//! within-document frequencies), like_terms() (the best of them by tf-idf), like_query(), and
//! Shingles (a text's word 5-grams) with Shingles::containment(). Searcher::like() combines them
//! (searcher.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

namespace gazette {

/// Terms and their within-document frequencies (wdf).
using TermCounts = std::map<std::string, Xapian::termcount>;

/// How many terms a like query is made of: the article's best by tf-idf. Chosen on BBC and 20
/// Newsgroups (docs/query-syntax.md, "More like this").
inline constexpr std::size_t kLikeTerms = 40;

/// The body terms (schema::is_body_term()) of the article document `doc`, with their wdf.
TermCounts document_terms(const Xapian::Document& doc);

/// The terms `text` would get as an article body, stemmed by `stem` as the indexer stems
/// (every word; CJK n-grams), with their wdf.
TermCounts text_terms(const std::string& text, const Xapian::Stem& stem);

/// The best `count` of `terms` by tf-idf over `db`: (1 + log wdf) * log(N / df), leaving out
/// terms of fewer than 2 bytes, numbers, terms `db` does not hold and `stopped` (stemmed
/// stopwords); each with its weight, the best 1, best first (ties by term).
std::vector<std::pair<std::string, double>> like_terms(const Xapian::Database& db, const TermCounts& terms,
                                                       const std::set<std::string>& stopped,
                                                       std::size_t count = kLikeTerms);

/// OR of the terms, each scaled by its weight: an article's BM25 weight for it is the sum over
/// the terms it shares. Empty when `terms` is.
Xapian::Query like_query(const std::vector<std::pair<std::string, double>>& terms);

/// The word 5-grams (shingles) of a text, words lower-cased and split as Xapian's term
/// generator splits them; a text of fewer than five words is one shingle of all its words.
class Shingles {
  public:
    static constexpr std::size_t kWords = 5;

    explicit Shingles(std::string_view text);

    /// True when the text has no words.
    bool empty() const { return hashes_.empty(); }
    std::size_t size() const { return hashes_.size(); }

    /// The share (0..1) of this text's shingles that occur in `other` (words as split here;
    /// a text shorter than kWords words must occur as a run of words of `other`).
    double containment(std::string_view other) const;

  private:
    std::size_t words_ = 0;            // words a shingle has (kWords, or fewer for a short text)
    std::vector<std::uint64_t> hashes_;  // sorted, unique
};

/// The share of its shingles a text must have in an article to count as contained in it:
/// high enough that a paraphrase or a shared quotation is not, low enough that an edited copy
/// (a word changed every twenty or so) is.
inline constexpr double kContainedShare = 0.8;

}  // namespace gazette
