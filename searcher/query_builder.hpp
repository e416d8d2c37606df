//! Turning a user's query string into a Xapian::Query.
//!
//! Entry point: QueryBuilder::parse(). The syntax is Xapian's (AND, OR, NOT, "phrases", NEAR,
//! wildcards*, +required, -excluded) plus Gazette's fields, read from the table in
//! schema/query_fields.hpp: `title:` (free text in titles), `date:2024-03-01..2024-03-31` (a
//! range; either end may be left open), `date:2024-03-14`, `date:2024-03` and `date:2024` (a
//! day, month or year), `year:2024`, `source:NAME` and `lang:CODE`. Words are stemmed with the
//! database's Snowball stemmer; quoted phrases match the words as written.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "date.hpp"
#include "query_description.hpp"

namespace gazette {

/// How query text is read: Xapian's query language, or plain text (lower-cased words, no
/// operators), which is what natural-language topics in evaluation files need.
enum class QuerySyntax { xapian, text };

/// The largest query parse() takes, in bytes of its text and in terms of its parsed form
/// (distinct terms before wildcards expand; docs/query-syntax.md). A longer query is refused
/// with a QueryError rather than run for seconds: a 100 KB query took 4.4 s and 368 MB.
inline constexpr std::size_t kMaxQueryBytes = 8192;
inline constexpr std::size_t kMaxQueryTerms = 500;

class QueryBuilder {
  public:
    /// `stem` is the stemmer the database was built with (see make_stemmer()).
    QueryBuilder(const Xapian::Database& db, const Xapian::Stem& stem);
    ~QueryBuilder();
    QueryBuilder(const QueryBuilder&) = delete;
    QueryBuilder& operator=(const QueryBuilder&) = delete;

    /// Parses `text`; throws QueryError naming the query and what is wrong with it. With a
    /// stopper, stopwords are dropped from the query (not from phrases). A query over
    /// kMaxQueryBytes or kMaxQueryTerms is refused.
    Xapian::Query parse(const std::string& text, QuerySyntax syntax = QuerySyntax::xapian,
                        const Xapian::Stopper* stopper = nullptr);

    /// Refuses (QueryError naming the operator, where it is and what it joins) a NEAR or ADJ
    /// with a phrase, a bracketed group or a field on either side, or with nothing there:
    /// Xapian's parser would take the operator as the word "near" in an OR. Xapian syntax only.
    static void check_operators(const std::string& text);

    /// The operators of `text` (upper-case AND, OR, NOT, XOR, NEAR, ADJ outside quotes) that
    /// the last parse(), of `text` into `query`, took as words: each as "'OR' (character 6) as
    /// a word, not an operator", with ", then dropped it as a stopword" when it did.
    std::vector<std::string> literal_operators(const std::string& text, const Xapian::Query& query) const;

    /// `query`, what the last parse() returned, described for `language` (its terms with the
    /// words that gave them, and the stopwords that parse dropped).
    ParsedQuery describe(const Xapian::Query& query, const std::string& language) const {
        return describe_query(query, parser_, language);
    }

    /// The query's words as stemmed body terms in query order (for proximity evidence).
    std::vector<std::string> words(const std::string& text, QuerySyntax syntax,
                                   const Xapian::Stopper* stopper);

    /// Restricts `query` to articles dated within [since, until] (either may be absent).
    static Xapian::Query filter_dates(Xapian::Query query, const std::optional<Date>& since,
                                      const std::optional<Date>& until);

  private:
    /// The stopper of a parse: the request's, but for the query's dotted acronyms.
    struct AcronymStopper : Xapian::Stopper {
        const Xapian::Stopper* base = nullptr;
        std::set<std::string> kept;
        bool operator()(const std::string& term) const override {
            return base != nullptr && !kept.contains(term) && (*base)(term);
        }
    };

    Xapian::QueryParser parser_;
    AcronymStopper acronyms_;
    struct Processors;
    std::unique_ptr<Processors> processors_;
};

}  // namespace gazette
