//! Parsing per language, weighting, phrases, proximity and feedback; see query_planner.hpp.
#include "query_planner.hpp"

#include <optional>

#include <spdlog/spdlog.h>

#include "language.hpp"
#include "passage_scorer.hpp"
#include "position_check.hpp"
#include "schema.hpp"
#include "stemmer.hpp"
#include "stopwords.hpp"

namespace gazette {
namespace {

Xapian::Query either(const std::vector<Xapian::Query>& parts) {
    if (parts.size() == 1) return parts.front();
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

/// The query's free-text terms as body terms, for highlighting and passage scoring. Title terms
/// count as body words: `title:cocoa` shows and highlights a passage about cocoa (and the lead
/// passage when no passage mentions it).
std::set<std::string> free_text_terms(const Xapian::Query& query) {
    std::set<std::string> terms;
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
        if (schema::is_free_text_term(*it)) terms.insert(schema::body_term(*it));
    }
    return terms;
}

/// Adds `query`'s phrases (OP_PHRASE of terms) to `phrases`, each as its body terms in order,
/// and the free-text terms met outside any phrase to `outside`.
void collect_phrases(const Xapian::Query& query, std::vector<std::vector<std::string>>& phrases,
                     std::set<std::string>& outside) {
    if (query.get_type() == Xapian::Query::LEAF_TERM) {
        const std::string term = *query.get_terms_begin();
        if (schema::is_free_text_term(term)) outside.insert(schema::body_term(term));
        return;
    }
    if (query.get_type() == Xapian::Query::OP_PHRASE) {
        std::vector<std::string> phrase;
        for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
            const Xapian::Query sub = query.get_subquery(i);
            if (sub.get_type() != Xapian::Query::LEAF_TERM) break;
            const std::string term = *sub.get_terms_begin();
            if (!schema::is_free_text_term(term)) break;
            phrase.push_back(schema::body_term(term));
        }
        if (phrase.size() == query.get_num_subqueries()) {
            phrases.push_back(std::move(phrase));
            return;
        }
    }
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        collect_phrases(query.get_subquery(i), phrases, outside);
    }
}

/// The phrases of `query` for highlighting, with the stopwords (of `stopwords`, stemmed by
/// `stem`) that occur only inside them.
HighlightPhrases highlight_phrases(const Xapian::Query& query, const std::vector<std::string>& stopwords,
                                   const Xapian::Stem& stem) {
    HighlightPhrases out;
    std::set<std::string> outside;
    collect_phrases(query, out.phrases, outside);
    std::set<std::string> stopped;
    for (const std::string& word : stopwords) {
        stopped.insert(word);
        stopped.insert(stem(word));
    }
    for (const auto& phrase : out.phrases) {
        for (const std::string& term : phrase) {
            if (stopped.count(term) != 0 && outside.count(term) == 0) out.only_inside.insert(term);
        }
    }
    return out;
}

bool has_field_filters(const Xapian::Query& query) {
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
        if (!schema::is_free_text_term(*it)) return true;
    }
    // Date ranges are value queries, which list no terms.
    return query.get_description().find("VALUE_") != std::string::npos;
}

}  // namespace

/// Query parsing for one language of the database: its stemmer and stopwords.
struct QueryPlanner::LanguageParser {
    std::string code;
    Xapian::Stem stem;
    std::vector<std::string> stopwords;
    std::unique_ptr<Xapian::SimpleStopper> stopper;
    std::unique_ptr<QueryBuilder> builder;

    /// The stopper to parse with, when the request drops stopwords.
    const Xapian::Stopper* stopper_for(const SearchRequest& request) const {
        return request.ranking.stopwords ? stopper.get() : nullptr;
    }
};

/// The query as parsed for one group of articles, picked by language.
struct QueryPlanner::LanguagePart {
    Xapian::Query parsed;
    Xapian::Query languages;  // L terms; none for the whole database
    bool exclude = false;     // the part is every article but those languages'

    /// `query` restricted to this part's articles.
    Xapian::Query restrict(const Xapian::Query& query) const {
        if (languages.empty()) return query;
        return Xapian::Query(exclude ? Xapian::Query::OP_AND_NOT : Xapian::Query::OP_FILTER,
                             query, languages);
    }
};

QueryPlanner::QueryPlanner(const Xapian::Database& db, const std::vector<std::string>& languages)
    : db_(db) {
    for (const std::string& name : languages) {
        auto parser = std::make_unique<LanguageParser>();
        const auto found = find_language(name);
        parser->code = found ? found->code : "";
        parser->stem = make_stemmer(name);
        parser->stopwords = load_stopwords(parser->code);
        parser->stopper = make_stopper(parser->stopwords);
        parser->builder = std::make_unique<QueryBuilder>(db_, parser->stem);
        parsers_.push_back(std::move(parser));
    }
}

QueryPlanner::~QueryPlanner() = default;
QueryPlanner::QueryPlanner(QueryPlanner&&) noexcept = default;

const Xapian::Stem& QueryPlanner::stem_for(const std::string& code) const {
    for (const auto& parser : parsers_) {
        if (parser->code == code) return parser->stem;
    }
    return primary().stem;
}

const std::vector<std::string>& QueryPlanner::stopwords() const { return primary().stopwords; }

/// The query parsed once per language. Articles of a language whose parse differs from the main
/// language's get their own parse (filtered to that language); every other article, whatever
/// its language, gets the main parse. So each article is scored by exactly one part, and the
/// main language's articles, usually nearly all of them, need no language filter: intersecting
/// with its huge posting list halved the throughput of a one-million article database in which
/// 71 articles were detected as Dutch, Swedish or Turkish.
std::vector<QueryPlanner::LanguagePart> QueryPlanner::parse(const SearchRequest& request,
                                                            PreparedQuery& q) {
    const LanguageParser& main = primary();
    std::vector<LanguagePart> parts(1);
    if (request.syntax == QuerySyntax::xapian) QueryBuilder::check_operators(request.query);
    parts[0].parsed = main.builder->parse(request.query, request.syntax, main.stopper_for(request));
    const auto describe = [&](const LanguageParser& p, const Xapian::Query& parsed) {
        q.parsed.push_back(p.builder->describe(
            QueryBuilder::filter_dates(parsed, request.since, request.until), p.code));
    };
    describe(main, parts[0].parsed);
    if (request.syntax == QuerySyntax::xapian) {
        for (const std::string& word : main.builder->literal_operators(request.query, parts[0].parsed)) {
            spdlog::warn("query '{}': took {}", request.query, word);
        }
    }
    if (parsers_.size() == 1) return parts;
    const std::string main_description = parts[0].parsed.get_description();
    std::vector<Xapian::Query> excluded;  // the languages with a part of their own
    for (std::size_t i = 1; i < parsers_.size(); ++i) {
        const LanguageParser& p = *parsers_[i];
        Xapian::Query parsed = p.builder->parse(request.query, request.syntax, p.stopper_for(request));
        if (parsed.get_description() == main_description) continue;
        describe(p, parsed);
        const Xapian::Query language(schema::language_term(p.code));
        parts.push_back({std::move(parsed), language, false});
        excluded.push_back(language);
    }
    if (!excluded.empty()) {
        parts[0].languages = Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end());
        parts[0].exclude = true;
    }
    return parts;
}

PreparedQuery QueryPlanner::prepare(const SearchRequest& request,
                                    const std::shared_ptr<const DocumentLengths>& lengths,
                                    GroupCounts& counts, const ArticleMatcher& matcher) {
    const RankingOptions& ranking = request.ranking;
    PreparedQuery q;
    const PositionWeighting weighting{db_, ranking, lengths};
    const std::vector<LanguagePart> parts = parse(request, q);
    if (ranking.proximity > 0) {
        const std::vector<std::string> words =
            primary().builder->words(request.query, request.syntax, primary().stopper_for(request));
        q.proximity = proximity_query(words, ranking.window, weighting);
    }
    const std::vector<Xapian::Query> ranked = rank_parts(request, parts, weighting, counts, q);
    if (ranking.expand && request.unit == ResultUnit::article) {
        add_feedback(request, parts, ranked, weighting, matcher, q);
    }
    q.ranked = either(q.ranked_parts);
    return q;
}

/// Fills `q`'s match, its ranked parts (with proximity), its terms and their passage weights;
/// returns each part ranked before it is restricted to its languages.
std::vector<Xapian::Query> QueryPlanner::rank_parts(const SearchRequest& request,
                                                    const std::vector<LanguagePart>& parts,
                                                    const PositionWeighting& weighting,
                                                    GroupCounts& counts, PreparedQuery& q) {
    const RankingOptions& ranking = request.ranking;
    std::vector<Xapian::Query> matches;
    std::vector<Xapian::Query> ranked;     // per part, before restricting to its languages
    std::vector<Xapian::Query> as_parsed;  // with its terms, for highlighting
    for (const LanguagePart& part : parts) {
        std::optional<Xapian::Query> scored;
        if (!part.languages.empty() && !part.exclude) {
            // A minority language's parse: its stems are rare in the database as a whole, so
            // weighted over it a handful of articles in that language topped queries about
            // common words (docs/performance.md). Weigh them within the language.
            scored = with_bm25_sources(part.parsed, db_, weighting.lengths, ranking,
                                       part.languages, &counts);
        } else if (weighting.lengths) {
            scored = with_bm25_sources(part.parsed, db_, weighting.lengths, ranking);
        }
        // Any other shape is Xapian's to weigh: its phrases a match does not need become
        // weighted sources, the others are checked by the matcher's decider
        // (position_check.hpp). The parse as it was keeps every word visible, for passages and
        // highlights.
        const Xapian::Query match = QueryBuilder::filter_dates(
            scored ? *scored : with_position_checks(part.parsed, weighting), request.since,
            request.until);
        matches.push_back(part.restrict(match));
        as_parsed.push_back(part.restrict(part.parsed));
        ranked.push_back(add_proximity(match, q.proximity, ranking.proximity));
        q.ranked_parts.push_back(part.restrict(ranked.back()));
    }
    q.match = either(matches);
    q.terms = free_text_terms(either(as_parsed));
    const Xapian::Query all_parsed = either(as_parsed);
    std::set<std::string> seen;
    for (auto it = all_parsed.get_terms_begin(); it != all_parsed.get_terms_end(); ++it) {
        if (schema::is_free_text_term(*it) && seen.insert(*it).second) q.query_terms.push_back(*it);
    }
    q.phrases = highlight_phrases(either(as_parsed), primary().stopwords, primary().stem);
    q.weighted_terms = passage_terms(db_, q.terms);
    return ranked;
}

/// Expands `q`'s ranked parts with terms of the best articles (pseudo-relevance feedback).
void QueryPlanner::add_feedback(const SearchRequest& request, const std::vector<LanguagePart>& parts,
                                const std::vector<Xapian::Query>& ranked,
                                const PositionWeighting& weighting, const ArticleMatcher& matcher,
                                PreparedQuery& q) const {
    const RankingOptions& ranking = request.ranking;
    std::vector<Xapian::Query> as_parsed;
    for (const LanguagePart& part : parts) as_parsed.push_back(part.restrict(part.parsed));
    const Xapian::Query parsed = either(as_parsed);
    const std::vector<Xapian::docid> top = matcher.feedback_articles(q.ranked_parts, ranking);
    const std::set<std::string> query_terms(parsed.get_unique_terms_begin(),
                                            parsed.get_unique_terms_end());
    q.expansion = expand_query(db_, top, query_terms, ranking, primary().stopwords, primary().stem);
    // Field filters inside the query (year:, source:, date:) would not bind the new terms, so
    // then feedback only re-ranks what the query matches.
    const bool widen =
        !has_field_filters(QueryBuilder::filter_dates(parsed, request.since, request.until));
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const Xapian::Query expanded = apply_expansion(ranked[i], q.expansion, ranking, widen, weighting);
        q.ranked_parts[i] =
            parts[i].restrict(QueryBuilder::filter_dates(expanded, request.since, request.until));
    }
}

}  // namespace gazette
