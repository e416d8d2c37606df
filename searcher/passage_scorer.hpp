//! The passage phase's scores: BM25 of each passage of a candidate article, from the positions
//! of the query's terms in that article alone (bm25.hpp: passage_idf(), passage_term_score()).
//!
//! Entry points: passage_terms() (once per query), score_passages() (once per candidate).
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "ranking.hpp"
#include "schema.hpp"

namespace gazette {

/// A query's body terms with their idf over the articles of `db`, for scoring passages; terms
/// no article holds are left out.
std::vector<std::pair<std::string, double>> passage_terms(const Xapian::Database& db,
                                                          const std::set<std::string>& terms);

/// An article's passages scored for the query, best first.
struct ScoredPassages {
    /// At most `per_article` (passage index, score), each passage matching the query.
    std::vector<std::pair<std::size_t, double>> best;
    std::size_t matching = 0;  // passages with at least one query term
    double top = 0;            // the best passage's score
};

/// Scores the `passages` of article `doc` by BM25 for `terms` (passage_terms()), passage
/// lengths normalised by the article's own mean passage length. Reads only this article's term
/// list and positions.
ScoredPassages score_passages(const Xapian::Document& doc,
                              const std::vector<schema::PassageRange>& passages,
                              const std::vector<std::pair<std::string, double>>& terms,
                              std::size_t per_article, const RankingOptions& ranking);

}  // namespace gazette
