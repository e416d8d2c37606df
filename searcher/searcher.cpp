//! Two-phase article and passage ranking; see searcher.hpp. The query is planned by
//! QueryPlanner (query_planner.hpp), its articles matched by ArticleMatcher
//! (article_matcher.hpp), their passages scored by score_passages() (passage_scorer.hpp); this
//! file combines the two phases' scores and builds the hits.
#include "searcher.hpp"

#include <algorithm>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "article_data.hpp"
#include "article_matcher.hpp"
#include "consistent_read.hpp"
#include "bm25_source.hpp"
#include "database_stats.hpp"
#include "errors.hpp"
#include "language.hpp"
#include "passage_scorer.hpp"
#include "query_planner.hpp"
#include "stored_article.hpp"

namespace gazette {
namespace {

void fill_article(ArticleHit& hit, const schema::StoredArticle& stored) {
    hit.id = stored.id;
    hit.docno = stored.docno;
    hit.title = stored.title;
    hit.date = stored.date;
    hit.date_source = stored.date_source;
    hit.path = stored.path;
    hit.line = stored.line;
    hit.language = stored.language;
    hit.collection = stored.collection;
}

PassageHit make_passage(const schema::StoredPassage& stored, std::size_t index, double score) {
    PassageHit passage;
    passage.text = stored.text;
    passage.line = stored.line;
    passage.index = static_cast<std::uint32_t>(index);
    passage.score = score;
    return passage;
}

/// A candidate article: its document and scores; its stored data (the passages' text) is read
/// only when it is shown.
struct Candidate {
    Xapian::docid did = 0;
    Xapian::Document doc;
    const schema::DataReader* reader = nullptr;
    const std::string* db_path = nullptr;
    std::optional<schema::StoredArticle> stored;  // read when the article is shown
    ScoredPassages scored;
    double article_score = 0;
    double score = 0;
    std::size_t order = 0;
    double recency = 1.0;

    /// The stored article; IndexError when its data cannot be read (an article is never shown
    /// untitled and empty because its data is damaged).
    const schema::StoredArticle& load() {
        if (!stored) {
            const std::string data = doc.get_data();
            const auto json = reader->decode(data);
            if (!json) {
                throw IndexError(fmt::format(
                    "{}: damaged database: the stored data of article {} cannot be read "
                    "({} bytes, not JSON nor compressed with a dictionary the database holds); "
                    "check it with xapian-check, and rebuild its shard with gazette-index "
                    "--rebuild-shard",
                    *db_path, doc.get_value(schema::kSlotArticle), data.size()));
            }
            stored = schema::decode_stored_article(*json);
        }
        return *stored;
    }

    /// The passage ranges, from their value slot (empty when it is malformed).
    std::vector<schema::PassageRange> ranges() const {
        auto decoded = schema::decode_passage_ranges(doc.get_value(schema::kSlotPassageRanges));
        return decoded ? std::move(*decoded) : std::vector<schema::PassageRange>{};
    }

    /// The `i`th scored passage, with its text.
    PassageHit passage(std::size_t i) {
        const auto& passages = load().passages;
        const auto [index, passage_score] = scored.best[i];
        if (index >= passages.size()) return PassageHit{};
        return make_passage(passages[index], index, passage_score);
    }
};

/// How many matches a search counts exactly (Xapian's check_at_least) beyond the page: enough
/// for a footer that is exact for most queries, cheap beside the ranking.
constexpr std::size_t kCountedMatches = 1000;

SearchResults empty_results(const SearchRequest& request) {
    SearchResults results;
    results.query = request.query;
    results.unit = request.unit;
    results.offset = request.offset;
    return results;
}

/// The passages of article `doc` that hold a query word.
std::size_t count_matching_passages(const Xapian::Document& doc, const PreparedQuery& prepared,
                                    const RankingOptions& ranking) {
    auto ranges = schema::decode_passage_ranges(doc.get_value(schema::kSlotPassageRanges));
    if (!ranges) return 0;
    return score_passages(doc, *ranges, prepared.weighted_terms, 0, ranking).matching;
}

/// Combines each candidate's article and best passage scores, each normalised by the best of
/// the candidates: w * article / best_article + (1 - w) * passage / best_passage.
void combine_scores(std::vector<Candidate>& candidates, const RankingOptions& ranking) {
    double best_article = 0;
    double best_passage = 0;
    for (const Candidate& c : candidates) {
        best_article = std::max(best_article, c.article_score);
        best_passage = std::max(best_passage, c.scored.top);
    }
    const double alpha = std::clamp(ranking.article_weight, 0.0, 1.0);
    for (Candidate& c : candidates) {
        const double a = best_article > 0 ? c.article_score / best_article : 0;
        const double p = best_passage > 0 ? c.scored.top / best_passage : 0;
        c.score = alpha * a + (1 - alpha) * p;
    }
}

/// Scales each candidate's score by its recency factor (ranking.hpp), when asked.
void apply_recency(std::vector<Candidate>& candidates, const RankingOptions& ranking) {
    if (ranking.half_life_days <= 0) return;
    const Date as_of = ranking.as_of ? *ranking.as_of : Date::today();
    // Undated articles count as old as the oldest dated candidate.
    double oldest = 0;
    for (const auto& c : candidates) {
        if (auto date = Date::from_iso(c.doc.get_value(schema::kSlotDate))) {
            oldest = std::max(oldest, static_cast<double>(days_between(*date, as_of)));
        }
    }
    for (auto& c : candidates) {
        c.recency = recency_factor(c.doc.get_value(schema::kSlotDate), as_of,
                                   ranking.half_life_days, oldest);
        c.score *= c.recency;
    }
}

}  // namespace

struct Searcher::Impl {
    using PreparedQuery = gazette::PreparedQuery;

    std::string path;
    std::string query_language;  // the user's choice, or empty for the database's languages
    schema::ReadDatabase dbs;
    schema::DataReader data_reader{dbs.shards};  // decompresses stored article data
    /// Document lengths in memory, once hold_lengths_in_memory() asked for them.
    std::shared_ptr<const DocumentLengths> lengths;
    bool wants_lengths = false;  // read them again whenever the database is reopened
    /// Article counts of the minority languages' weights, kept between queries.
    GroupCounts group_counts;
    QueryPlanner planner;
    ArticleMatcher matcher{dbs.all};

    Impl(const std::string& db_path, const std::string& language,
         const std::vector<std::string>& languages, schema::ReadDatabase databases)
        : path(db_path), query_language(language), dbs(std::move(databases)),
          planner(dbs.all, languages) {}

    PreparedQuery prepare(const SearchRequest& request) {
        return planner.prepare(request, lengths, group_counts, matcher);
    }

    std::vector<Candidate> take_candidates(const Matches& matches, const PreparedQuery& prepared,
                                           std::size_t per_article,
                                           const RankingOptions& ranking) const {
        std::vector<Candidate> candidates;
        for (std::size_t i = 0; i < matches.items.size(); ++i) {
            Candidate& c = candidates.emplace_back();
            c.did = matches.items[i].did;
            c.doc = dbs.all.get_document(c.did, Xapian::DOC_ASSUME_VALID);
            c.reader = &data_reader;
            c.db_path = &path;
            c.scored = score_passages(c.doc, c.ranges(), prepared.weighted_terms, per_article, ranking);
            c.article_score = matches.items[i].weight;
            c.order = i;
        }
        return candidates;
    }

    SearchResults search_articles(const SearchRequest& request, const PreparedQuery& prepared) {
        SearchResults results = empty_results(request);
        const std::size_t wanted = request.offset + request.limit;
        const auto checked = static_cast<Xapian::doccount>(std::max(wanted, kCountedMatches));
        const Matches matches = matcher.candidates(prepared.ranked_parts, request, wanted, checked);
        results.matches_estimated = matches.estimated;
        results.matches_lower = matches.lower;
        results.matches_exact = matches.lower == matches.upper;
        const std::size_t per_article = std::max<std::size_t>(1, request.passages);
        std::vector<Candidate> candidates =
            take_candidates(matches, prepared, per_article, request.ranking);
        if (request.sort == SortOrder::relevance) {
            combine_scores(candidates, request.ranking);
            apply_recency(candidates, request.ranking);
            std::stable_sort(candidates.begin(), candidates.end(),
                             [](const Candidate& x, const Candidate& y) {
                                 if (x.score != y.score) return x.score > y.score;
                                 return x.order < y.order;
                             });
        } else {
            for (Candidate& c : candidates) c.score = c.article_score;
        }
        for (std::size_t i = request.offset; i < candidates.size() && i < wanted; ++i) {
            results.hits.push_back(article_hit(candidates[i], i + 1, request, prepared));
        }
        return results;
    }

    /// The hit of `c` at `rank`, with its best passages (or its lead when none matches alone).
    ArticleHit article_hit(Candidate& c, std::size_t rank, const SearchRequest& request,
                           const PreparedQuery& prepared) const {
        ArticleHit hit;
        hit.rank = rank;
        hit.score = c.score;
        hit.article_score = c.article_score;
        fill_article(hit, c.load());
        for (std::size_t p = 0; p < c.scored.best.size(); ++p) hit.passages.push_back(c.passage(p));
        if (hit.passages.empty() && !c.load().passages.empty()) {
            // No passage has a query word (a title or field match): show the lead.
            hit.passages.push_back(make_passage(c.load().passages.front(), 0, 0));
        }
        const std::size_t matching = c.scored.matching;
        hit.more_passages = matching > hit.passages.size() ? matching - hit.passages.size() : 0;
        for (PassageHit& p : hit.passages) mark_words(p, hit.language, request, prepared);
        if (request.explain) explain(hit, c.doc, c.scored.top, c.recency, request, prepared);
        return hit;
    }

    /// Marks the query's words in `passage` (of an article in `language`) when the output
    /// shows them.
    void mark_words(PassageHit& passage, const std::string& language, const SearchRequest& request,
                    const PreparedQuery& prepared) const {
        if (!request.highlight) return;
        passage.highlights = find_highlights(passage.text, prepared.terms, planner.stem_for(language));
    }

    void explain(ArticleHit& hit, const Xapian::Document& doc, double passage_score, double recency,
                 const SearchRequest& request, const PreparedQuery& prepared) const {
        const RankingOptions& r = request.ranking;
        auto& e = hit.explanation;
        // With feedback, the original query's parts are scaled down by the expansion's share.
        const double original = prepared.expansion.terms.empty() ? 1.0 : 1.0 - r.feedback_weight;
        e.emplace_back("bm25", original * matcher.weight_of(prepared.match, doc, r));
        if (!prepared.proximity.empty()) {
            e.emplace_back("proximity",
                           original * r.proximity * matcher.weight_of(prepared.proximity, doc, r));
        }
        if (!prepared.expansion.terms.empty()) {
            e.emplace_back("feedback", r.feedback_weight *
                                           matcher.weight_of(expansion_terms(prepared.expansion), doc, r));
        }
        e.emplace_back("article_score", hit.article_score);
        e.emplace_back("passage_score", passage_score);
        e.emplace_back("article_weight", r.article_weight);
        if (r.half_life_days > 0) e.emplace_back("recency_factor", recency);
        e.emplace_back("final", hit.score);
    }

    /// The exact number of articles matching, or of their passages that hold a query word
    /// (every matching article's passages scored: slower, in proportion to the matches).
    SearchResults count(const SearchRequest& request, const PreparedQuery& prepared) const {
        SearchResults results = empty_results(request);
        std::uint64_t total = 0;
        if (request.unit == ResultUnit::article) {
            total = matcher.count(prepared.ranked_parts);
        } else {
            for (const Xapian::docid did : matcher.all_matches(prepared.ranked_parts)) {
                const Xapian::Document doc = dbs.all.get_document(did, Xapian::DOC_ASSUME_VALID);
                total += count_matching_passages(doc, prepared, request.ranking);
            }
        }
        results.matches_estimated = total;
        results.matches_lower = total;
        results.matches_exact = true;
        return results;
    }

    /// Passages as the unit of results: the passages of the best `ranking.candidates` articles
    /// (at least the page's worth), ranked by their own BM25 score, or by their article's date.
    SearchResults search_passages(const SearchRequest& request, const PreparedQuery& prepared) {
        SearchResults results = empty_results(request);
        const std::size_t wanted = request.offset + request.limit;
        const Matches matches =
            matcher.top_articles(prepared.ranked_parts, std::max(wanted, request.ranking.candidates),
                                 request.ranking, request.sort, kCountedMatches);
        std::vector<Candidate> candidates =
            take_candidates(matches, prepared, std::numeric_limits<std::size_t>::max(), request.ranking);
        struct Found {
            std::size_t candidate;
            std::size_t passage;
            double score;
        };
        std::vector<Found> found;
        for (std::size_t c = 0; c < candidates.size(); ++c) {
            for (std::size_t p = 0; p < candidates[c].scored.best.size(); ++p) {
                found.push_back({c, p, candidates[c].scored.best[p].second});
            }
        }
        // The passages of the articles taken; all of them when every matching article was.
        results.matches_lower = found.size();
        results.matches_exact = matches.lower == matches.upper && matches.upper == candidates.size();
        results.matches_estimated =
            candidates.empty() ? 0
                               : found.size() * std::max<std::size_t>(matches.estimated, 1) /
                                     candidates.size();
        if (request.sort == SortOrder::relevance) {
            // Candidates come in article order, so equal scores keep the better article first.
            std::stable_sort(found.begin(), found.end(),
                             [](const Found& x, const Found& y) { return x.score > y.score; });
        }
        for (std::size_t i = request.offset; i < found.size() && i < wanted; ++i) {
            Candidate& c = candidates[found[i].candidate];
            ArticleHit hit;
            hit.rank = i + 1;
            hit.score = found[i].score;
            hit.article_score = c.article_score;
            fill_article(hit, c.load());
            PassageHit passage = c.passage(found[i].passage);
            mark_words(passage, hit.language, request, prepared);
            hit.passages.push_back(std::move(passage));
            results.hits.push_back(std::move(hit));
        }
        return results;
    }
};

namespace {

/// The languages queries are parsed in: `language` when the user chose one, else the database's
/// stemmer first and then every other language its shards list.
std::vector<std::string> query_languages(const schema::ReadDatabase& dbs, const std::string& language) {
    if (!language.empty()) return {language};
    std::vector<std::string> languages;
    std::string main = dbs.shards.front().get_metadata(std::string(schema::kStemmerKey));
    languages.push_back(main.empty() ? "english" : main);
    const auto main_language = find_language(languages.front());
    for (const std::string& code : schema::listed_in_shards(dbs.shards, schema::kLanguagesKey)) {
        if (!(main_language && main_language->code == code) && find_language(code)) {
            languages.push_back(code);
        }
    }
    return languages;
}

}  // namespace

Searcher::Searcher(const std::string& path, const std::string& language) try {
    schema::ReadDatabase dbs = schema::open_for_reading(path);
    // What the searcher reads at opening (languages, dictionaries) is read at one revision.
    impl_ = schema::read_consistently(
        [&] { return std::make_unique<Impl>(path, language, query_languages(dbs, language), dbs); },
        [&] { return dbs.all.reopen(); }, path, "cannot open");
} catch (const Xapian::Error& e) {
    throw_database_error(e, path, "cannot open");
}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

template <typename Work>
auto Searcher::read(Work&& work, std::string_view action) -> decltype(work()) {
    return schema::read_consistently(std::forward<Work>(work), [this] { return refresh(); },
                                     impl_->path, action);
}

SearchResults Searcher::search(const SearchRequest& request) try {
    return read(
        [&] {
            const Impl::PreparedQuery prepared = impl_->prepare(request);
            if (request.count_only || request.limit == 0) return impl_->count(request, prepared);
            if (request.unit == ResultUnit::passage) return impl_->search_passages(request, prepared);
            return impl_->search_articles(request, prepared);
        },
        fmt::format("search for '{}' failed", request.query));
} catch (const Xapian::Error& e) {
    throw_database_error(e, impl_->path, fmt::format("search for '{}' failed", request.query));
}

bool Searcher::refresh() {
    const bool changed = impl_->dbs.all.reopen();
    if (changed) {
        // Everything read from the database is read again at the new revision: its languages
        // (a writer may have added one), the compression dictionaries, the lengths.
        const bool wants_lengths = impl_->wants_lengths;
        schema::ReadDatabase dbs = impl_->dbs;
        impl_ = std::make_unique<Impl>(impl_->path, impl_->query_language,
                                       query_languages(dbs, impl_->query_language), dbs);
        impl_->wants_lengths = wants_lengths;
    }
    if (impl_->wants_lengths && !impl_->lengths) {
        impl_->lengths = std::make_shared<const DocumentLengths>(impl_->dbs);
    }
    return changed;
}

void Searcher::reopen() try {
    // Shards a writer adds later are seen by the next Searcher, not by reopen().
    read([this] { return refresh(); }, "cannot reopen");
} catch (const Xapian::Error& e) {
    throw_database_error(e, impl_->path, "cannot reopen");
}

void Searcher::hold_lengths_in_memory() try {
    impl_->wants_lengths = true;
    read([this] { impl_->lengths = std::make_shared<const DocumentLengths>(impl_->dbs); },
         "cannot read the article lengths");
} catch (const Xapian::Error& e) {
    throw_database_error(e, impl_->path, "cannot read the article lengths");
}

void Searcher::hold_lengths_in_memory(const Searcher& other) try {
    if (other.impl_->lengths && other.impl_->lengths->describes(impl_->dbs)) {
        impl_->wants_lengths = true;
        impl_->lengths = other.impl_->lengths;
    } else {
        hold_lengths_in_memory();
    }
} catch (const Xapian::Error& e) {
    throw_database_error(e, impl_->path, "cannot read the article lengths");
}

DatabaseStats Searcher::stats() try {
    return read([this] { return database_stats(impl_->dbs, impl_->path); },
                "cannot read its statistics");
} catch (const Xapian::Error& e) {
    throw_database_error(e, impl_->path, "cannot read its statistics");
}

}  // namespace gazette
