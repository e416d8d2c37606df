//! The article phase: matching a prepared query's parts against the database and taking the
//! best articles, by BM25 or by date, for the passage phase, for feedback and for explanations.
//!
//! Entry point: ArticleMatcher. Each part of a query (one per language: query_planner.hpp) is
//! matched on its own with article_weighting() (bm25.hpp), the phrases every match needs checked
//! by the matcher's decider (position_check.hpp), and the parts merged in the order one query
//! would give.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "ranking.hpp"
#include "searcher.hpp"

namespace gazette {

/// An article the article phase found: its weight, and its sort key when sorted by date.
struct Match {
    Xapian::docid did = 0;
    double weight = 0;
    std::string key;      // the date sort key, when sorted by date
    std::string article;  // the article key (kSlotArticle): equal keys and weights go by it
    std::string story;    // its story (kSlotStory), when matched collapsed; empty when alone
};

/// How many articles match, and for each slot asked for, how many of them hold each value
/// (an article without a value is in none).
struct ValueCounts {
    Xapian::doccount total = 0;
    std::vector<std::map<std::string, Xapian::doccount>> slots;
};

/// The articles found, and how many match in all: Xapian's estimate and its bounds, equal
/// (an exact count) when every match was counted.
struct Matches {
    std::vector<Match> items;
    Xapian::doccount estimated = 0;
    Xapian::doccount lower = 0;
    Xapian::doccount upper = 0;
};

class ArticleMatcher {
  public:
    /// Matches against `db`, which must outlive the matcher. `on_client`: the phrases a match
    /// needs are checked here, not by the servers (a database with remote shards:
    /// checked_matches() in position_check.hpp).
    explicit ArticleMatcher(const Xapian::Database& db, bool on_client = false)
        : db_(db), on_client_(on_client) {}

    /// The best `count` articles for `parts` (queries matching disjoint sets of articles),
    /// merged in the order one query would give `sort`: by relevance (ties by article key), or
    /// by date and then relevance. At least `check_at_least` matches (or all, if fewer) are
    /// counted exactly (Xapian's check_at_least).
    ///
    /// `collapse`: one article a story (kSlotStory, Xapian's collapse key), the best; the
    /// counts are then of stories (an estimate when a story spans parts).
    Matches top_articles(const std::vector<Xapian::Query>& parts, std::size_t count,
                         const RankingOptions& ranking, SortOrder sort,
                         Xapian::doccount check_at_least = 0, bool collapse = false) const;

    /// The exact number of articles `parts` match (or of their stories, with `collapse`),
    /// fetching none: every match is counted, but none is weighed (Xapian's BoolWeight) nor
    /// kept.
    Xapian::doccount count(const std::vector<Xapian::Query>& parts, bool collapse = false) const;

    /// As count(), and the values each of `slots` holds in the matching articles, counted
    /// during the same match (a Xapian::ValueCountMatchSpy a slot).
    ValueCounts value_counts(const std::vector<Xapian::Query>& parts,
                             const std::vector<Xapian::valueno>& slots) const;

    /// Every article `parts` match, in docid order, unweighed.
    std::vector<Xapian::docid> all_matches(const std::vector<Xapian::Query>& parts) const;

    /// The articles feedback learns from: the best `ranking.feedback_docs`. Where articles of
    /// equal weight straddle the cut, their article keys pick (as top_articles() orders them),
    /// not their docids: docids depend on how the indexing threads spread the files over
    /// shards, and the feedback, so the answers, should not.
    std::vector<Xapian::docid> feedback_articles(const std::vector<Xapian::Query>& parts,
                                                 const RankingOptions& ranking) const;

    /// The weight `part` gives the article document `doc`, or 0 when it does not match.
    double weight_of(const Xapian::Query& part, const Xapian::Document& doc,
                     const RankingOptions& ranking) const;

  private:
    const Xapian::Database& db_;
    bool on_client_;
};

}  // namespace gazette
