//! Query planning: from a request's query string to the queries the article phase runs and the
//! terms the passage phase scores.
//!
//! Entry point: QueryPlanner::prepare(). The query is parsed once per language the database
//! holds (each part restricted to that language's articles, so each is stemmed and stopped in
//! its own language); each part is weighted by BM25 (with lengths in memory, or within its
//! language, as a posting source: bm25_source.hpp), its phrases checked on the articles'
//! positions (position_check.hpp), with proximity and feedback added as the request asks
//! (ranking.hpp).
#pragma once

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "article_matcher.hpp"
#include "bm25_source.hpp"
#include "highlighter.hpp"
#include "query_builder.hpp"
#include "ranking.hpp"
#include "searcher.hpp"

namespace gazette {

/// The query in its forms: as parsed (for matching passages and highlighting) and as ranked
/// (with proximity and feedback), the latter also as the disjoint parts it is run in.
struct PreparedQuery {
    Xapian::Query match;
    Xapian::Query ranked;
    /// `ranked` as one query per language part, each matched on its own: joined in one OR,
    /// Xapian can no longer skip the main part's weak articles, and a query took twice as
    /// long (docs/performance.md).
    std::vector<Xapian::Query> ranked_parts;
    Xapian::Query proximity;  // the proximity part alone, for explanations
    std::set<std::string> terms;
    HighlightPhrases phrases;  // which stopwords are marked only inside a matching phrase
    /// The body terms with their BM25 idf over articles, for scoring passages.
    std::vector<std::pair<std::string, double>> weighted_terms;
    Expansion expansion;
    /// The query as parsed for each part, readable (--show-query), with its date filters.
    std::vector<ParsedQuery> parsed;
    /// The free-text terms of the query as parsed (title terms with their prefix), for the
    /// per-term figures of explanations.
    std::vector<std::string> query_terms;
};

class QueryPlanner {
  public:
    /// Parses queries for `db` (which must outlive the planner) in each of `languages` (names
    /// or codes find_language() knows), the first the database's main one.
    QueryPlanner(const Xapian::Database& db, const std::vector<std::string>& languages);
    ~QueryPlanner();
    QueryPlanner(QueryPlanner&&) noexcept;

    /// Prepares `request`'s query. Lengths come from `lengths` when given; a minority
    /// language's article counts are kept in `counts`; feedback takes its articles from
    /// `matcher`. Throws QueryError for a query that cannot be parsed.
    PreparedQuery prepare(const SearchRequest& request,
                          const std::shared_ptr<const DocumentLengths>& lengths,
                          GroupCounts& counts, const ArticleMatcher& matcher);

    /// The stemmer of the language `code` (ISO 639-1), or the main language's.
    const Xapian::Stem& stem_for(const std::string& code) const;

    /// The stopwords of the main language.
    const std::vector<std::string>& stopwords() const;

  private:
    struct LanguageParser;
    struct LanguagePart;
    std::vector<LanguagePart> parse(const SearchRequest& request, PreparedQuery& q);
    std::vector<Xapian::Query> rank_parts(const SearchRequest& request,
                                          const std::vector<LanguagePart>& parts,
                                          const PositionWeighting& weighting, GroupCounts& counts,
                                          PreparedQuery& q);
    void add_feedback(const SearchRequest& request, const std::vector<LanguagePart>& parts,
                      const std::vector<Xapian::Query>& ranked, const PositionWeighting& weighting,
                      const ArticleMatcher& matcher, PreparedQuery& q) const;
    const LanguageParser& primary() const { return *parsers_.front(); }

    const Xapian::Database& db_;
    /// The first is the database's main language; with several, each parses the query for
    /// the articles of its own language, so a German query meets German stems.
    std::vector<std::unique_ptr<LanguageParser>> parsers_;
};

}  // namespace gazette
