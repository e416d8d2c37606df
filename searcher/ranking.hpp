//! The parts of Gazette's ranking beyond plain BM25, each switchable: term proximity,
//! pseudo-relevance feedback, and recency. Searcher combines them; docs/evaluation.md measures
//! each.
//!
//! Entry points: add_proximity(), expand_query(), recency_factor().
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "date.hpp"

namespace gazette {

struct RankingOptions {
    double k1 = 1.2;        // BM25 term-frequency saturation
    double b = 0.75;        // BM25 length normalisation
    bool stopwords = true;  // drop the language's stopwords from queries
    /// Share of the final score that comes from the article level (0..1); the rest comes from
    /// the article's best passage.
    double article_weight = 0.95;
    /// How many articles, best by BM25, the passage phase re-ranks (the pool), whatever the
    /// page; the others follow in BM25 order. 100: the least that loses no figure of
    /// scripts/eval-all against re-ranking all of a 1,000-result run (TIME MAP 0.6923 at 100,
    /// 0.6922 at 50).
    std::size_t candidates = 100;
    /// Weight of the proximity evidence (adjacent query words within `window` words of each
    /// other); 0 turns it off.
    double proximity = 0.0;
    unsigned window = 8;
    /// Pseudo-relevance feedback: expand the query with terms of the top `feedback_docs`.
    bool expand = false;
    std::size_t feedback_docs = 10;
    std::size_t feedback_terms = 10;
    double feedback_weight = 0.2;  // the expansion's share, as RM3's (1 - original weight)
    /// Recency: halve an article's score every `half_life_days` before `as_of`; 0 turns it off.
    double half_life_days = 0;
    std::optional<Date> as_of;
};

struct PositionWeighting;  // position_check.hpp

/// For each pair of adjacent, different words, a NEAR query within `window` (weighted as
/// `weighting` says); empty when there are fewer than two words.
Xapian::Query proximity_query(const std::vector<std::string>& words, unsigned window,
                              const PositionWeighting& weighting);

/// `base` plus `near` (proximity_query()) scaled by `weight`; matches exactly what `base`
/// matches.
Xapian::Query add_proximity(const Xapian::Query& base, const Xapian::Query& near, double weight);

/// The terms feedback adds, with their weights (the best is 1).
struct Expansion {
    std::vector<std::pair<std::string, double>> terms;
};

/// RM3-like feedback: takes the articles `top` (the query's best, as relevant), and picks
/// `feedback_terms` stemmed terms by Xapian's expansion weight, skipping `query_terms`,
/// stopwords and numbers.
Expansion expand_query(const Xapian::Database& db, const std::vector<Xapian::docid>& top,
                       const std::set<std::string>& query_terms, const RankingOptions& ranking,
                       const std::vector<std::string>& stopwords, const Xapian::Stem& stem);

/// The expansion's terms, each weighted by its share: OR of OP_SCALE_WEIGHT.
Xapian::Query expansion_terms(const Expansion& expansion);

/// `original` and the expansion's terms interpolated (the terms' share is `feedback_weight`).
/// When `widen` is false the new terms only re-rank what `original` matches (used when the
/// query carries filters the new terms would escape). `original` itself when there are no terms.
/// Widened, `original`'s phrases are checked as `weighting` says (with_position_checks()).
Xapian::Query apply_expansion(const Xapian::Query& original, const Expansion& expansion,
                              const RankingOptions& ranking, bool widen,
                              const PositionWeighting& weighting);

/// 2^(-age / half_life) for an article dated `date` (YYYY-MM-DD or empty) as of `as_of`;
/// articles from after `as_of` count as fresh, undated ones as `undated_age_days` old.
double recency_factor(const std::string& date, const Date& as_of, double half_life_days,
                      double undated_age_days);

}  // namespace gazette
