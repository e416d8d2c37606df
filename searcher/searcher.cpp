//! Two-phase article and passage ranking; see searcher.hpp. The query is planned by
//! QueryPlanner (query_planner.hpp), its articles matched by ArticleMatcher
//! (article_matcher.hpp), their passages scored by score_passages() (passage_scorer.hpp); this
//! file combines the two phases' scores and builds the hits.
#include "searcher.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <ranges>
#include <tuple>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "article_data.hpp"
#include "article_matcher.hpp"
#include "consistent_read.hpp"
#include "bm25_source.hpp"
#include "database_stats.hpp"
#include "errors.hpp"
#include "language.hpp"
#include "passage_scorer.hpp"
#include "position_check.hpp"
#include "query_planner.hpp"
#include "similar.hpp"
#include "stopwords.hpp"
#include "stored_article.hpp"
#include "text.hpp"

namespace gazette {
namespace {

void fill_article(ArticleHit& hit, const schema::StoredArticle& stored, const Xapian::Document& doc) {
    hit.story = doc.get_value(schema::kSlotStory);
    hit.id = stored.id;
    hit.docno = stored.docno;
    hit.title = stored.title;
    hit.date = stored.date;
    hit.time = stored.time;
    hit.date_source = stored.date_source;
    hit.path = stored.path;
    hit.line = stored.line;
    hit.language = stored.language;
    hit.collection = stored.collection;
    hit.outlets = stored.outlets;
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
    std::string key;  // the article key (kSlotArticle): equal scores are ordered by it
    double article_score = 0;
    double score = 0;
    double recency = 1.0;
    bool in_pool = false;  // re-ranked with its passage (scored on the pool's scale)

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

/// An article of a story, as story_reports() orders them.
struct Report {
    Xapian::docid did = 0;
    std::string when;  // kSlotDateTime, or "\xff" when undated: oldest first, undated last
    std::string key;   // kSlotArticle, for ties
};

/// The most reports of a story read to find its first ones (a bigger story says so in its size).
constexpr Xapian::doccount kReportsRead = 1000;

/// The articles of `story`, oldest first, undated last, ties by article key (sorted here: the
/// order needs two values, and a remote shard's server takes no KeyMaker).
std::vector<Report> story_reports(const Xapian::Database& db, const std::string& story,
                                  Xapian::doccount& size) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(std::string(schema::kPrefixStory) + story));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::MSet mset = enquire.get_mset(0, kReportsRead);
    size = mset.get_matches_estimated();
    std::vector<Report> reports;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const Xapian::Document doc = it.get_document();
        std::string when = doc.get_value(schema::kSlotDateTime);
        reports.push_back({*it, when.empty() ? "\xff" : std::move(when), doc.get_value(schema::kSlotArticle)});
    }
    std::sort(reports.begin(), reports.end(), [](const Report& a, const Report& b) {
        return a.when != b.when ? a.when < b.when : a.key < b.key;
    });
    return reports;
}

SearchResults empty_results(const SearchRequest& request) {
    SearchResults results;
    results.query = request.query;
    results.unit = request.unit;
    results.offset = request.offset;
    results.collapsed = request.collapse;
    return results;
}

/// Gazette's error for `e`, met while searching the database at `path`: over remote shards, a
/// query that needs what a stock server cannot run (Gazette's posting sources: a phrase or NEAR
/// a match does not need, --proximity, a minority language's weights) is a QueryError saying so.
[[noreturn]] void throw_search_error(const Xapian::Error& e, const schema::ReadDatabase& dbs,
                                     const std::string& path, std::string_view action) {
    if (dbs.has_remote() && std::string_view(e.get_type()) == "UnimplementedError") {
        throw QueryError(fmt::format(
            "{}: not possible over remote shards yet: a phrase or NEAR that a match does not need "
            "(under OR), --proximity, or a database of several languages; the servers reply: {} "
            "(docs/scale-out.md)",
            action, e.get_msg()));
    }
    throw_database_error(e, path, action);
}

/// The IndexError for a network error `e` that persisted after reconnecting: naming the shard
/// that does not answer and its address where a probe finds it.
[[noreturn]] void throw_network_error(const Xapian::NetworkError& e, const schema::ReadDatabase& dbs,
                                      const std::string& path, std::string_view action) {
    const std::string shard = schema::unreachable_shard(dbs);
    if (shard.empty()) throw_database_error(e, path, action);
    throw IndexError(fmt::format("{}: {}: {} is not answering ({})", path, action, shard, e.get_msg()));
}

/// The passages of article `doc` that hold a query word.
std::size_t count_matching_passages(const Xapian::Document& doc, const PreparedQuery& prepared,
                                    const RankingOptions& ranking) {
    auto ranges = schema::decode_passage_ranges(doc.get_value(schema::kSlotPassageRanges));
    if (!ranges) return 0;
    return score_passages(doc, *ranges, prepared.weighted_terms, 0, ranking).matching;
}

/// The scale every mode scores on, set by the relevance order's pool: the best article's BM25
/// weight, the pool's best passage, and (for --recency) the age an undated article counts as.
/// An article's score is the one it has in relevance order, whatever the order shown.
struct Scale {
    double alpha = 0;  // the article weight, clamped to 0..1
    double best_article = 0;
    double best_passage = 0;
    double undated_age = 0;
    std::optional<Date> as_of;  // when recency is on
    double half_life = 0;

    Scale(const RankingOptions& ranking, double best)
        : alpha(std::clamp(ranking.article_weight, 0.0, 1.0)), best_article(best),
          half_life(ranking.half_life_days) {
        if (half_life > 0) as_of = ranking.as_of ? *ranking.as_of : Date::today();
    }

    double article_part(const Candidate& c) const {
        return best_article > 0 ? alpha * c.article_score / best_article : 0;
    }
    /// In the pool: w * article / best_article + (1 - w) * passage / best_passage.
    double pooled(const Candidate& c, double passage) const {
        const double p = best_passage > 0 ? passage / best_passage : 0;
        return (article_part(c) + (1 - alpha) * p) * c.recency;
    }
    /// Beyond the pool the passage part is not counted, so no article there scores above one
    /// in the pool (each has at least the article part of a better BM25 weight).
    double beyond_pool(const Candidate& c) const { return article_part(c) * c.recency; }

    void set_recency(Candidate& c) const {
        if (!as_of) return;
        c.recency = recency_factor(c.doc.get_value(schema::kSlotDate), *as_of, half_life, undated_age);
    }
};

/// How many of the best articles by BM25 the relevance order re-ranks with their passages: a
/// fixed number, whatever the page, so that pages follow on from each other at every depth.
std::size_t pool_size(const RankingOptions& ranking) {
    return std::clamp(ranking.article_weight, 0.0, 1.0) >= 1.0 ? 0 : ranking.candidates;
}

/// Scores the pool, the first `size` of `candidates` (in BM25 order), on `scale`, which it
/// completes (best passage, undated age), and orders it by score, ties by article key.
void score_pool(std::vector<Candidate>& candidates, std::size_t size, Scale& scale) {
    const auto end = candidates.begin() + static_cast<std::ptrdiff_t>(std::min(size, candidates.size()));
    for (auto c = candidates.begin(); c != end; ++c) {
        scale.best_passage = std::max(scale.best_passage, c->scored.top);
        if (!scale.as_of) continue;
        // Undated articles count as old as the oldest dated article of the pool.
        if (auto date = Date::from_iso(c->doc.get_value(schema::kSlotDate))) {
            scale.undated_age = std::max(scale.undated_age,
                                         static_cast<double>(days_between(*date, *scale.as_of)));
        }
    }
    for (auto c = candidates.begin(); c != end; ++c) {
        scale.set_recency(*c);
        c->in_pool = true;
        c->score = scale.pooled(*c, c->scored.top);
    }
    std::sort(candidates.begin(), end, [](const Candidate& x, const Candidate& y) {
        if (x.score != y.score) return x.score > y.score;
        return x.key < y.key;
    });
}

/// The scores of the articles after the pool, kept in BM25 order: never above the one before
/// (which only --recency could otherwise break).
void score_beyond_pool(std::vector<Candidate>& candidates, std::size_t pool, const Scale& scale) {
    double previous = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        Candidate& c = candidates[i];
        if (i >= pool) {
            scale.set_recency(c);
            c.score = std::min(scale.beyond_pool(c), previous);
        }
        previous = c.score;
    }
}

/// A passage result: the candidate, its passage (an index into its scored passages), its score.
struct Found {
    std::size_t candidate;
    std::size_t passage;
    double score;
};

/// Every matching passage of `candidates`, each scored as its article would be with that
/// passage as its best: the pool's (those in_pool) ordered by score, ties by article key and
/// passage; the others after them, article by article, never above the one before. With
/// `order_pool` false (date order) they stay in the candidates' order, each with its score.
std::vector<Found> rank_passages(const std::vector<Candidate>& candidates, const Scale& scale,
                                 bool order_pool) {
    std::vector<Found> found;
    double lowest = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const Candidate& c = candidates[i];
        for (std::size_t p = 0; p < c.scored.best.size(); ++p) {
            double score = c.in_pool ? scale.pooled(c, c.scored.best[p].second) : scale.beyond_pool(c);
            if (order_pool && !c.in_pool) score = std::min(score, lowest);
            lowest = std::min(lowest, score);
            found.push_back({i, p, score});
        }
    }
    if (!order_pool) return found;
    const auto pool_end = std::find_if(found.begin(), found.end(), [&](const Found& f) {
        return !candidates[f.candidate].in_pool;
    });
    std::sort(found.begin(), pool_end, [&](const Found& x, const Found& y) {
        if (x.score != y.score) return x.score > y.score;
        const std::string& kx = candidates[x.candidate].key;
        const std::string& ky = candidates[y.candidate].key;
        return kx != ky ? kx < ky : x.passage < y.passage;
    });
    return found;
}

}  // namespace

struct Searcher::Impl {
    using PreparedQuery = gazette::PreparedQuery;

    std::string path;
    std::string query_language;  // the user's choice, or empty for the database's languages
    schema::ReadOptions read_options;
    schema::ReadDatabase dbs;
    schema::DataReader data_reader{dbs.shards};  // decompresses stored article data
    /// Document lengths in memory, once hold_lengths_in_memory() asked for them.
    std::shared_ptr<const DocumentLengths> lengths;
    bool wants_lengths = false;  // read them again whenever the database is reopened
    /// Article counts of the minority languages' weights, kept between queries.
    GroupCounts group_counts;
    QueryPlanner planner;
    ArticleMatcher matcher{dbs.all, dbs.has_remote()};

    Impl(const std::string& db_path, const std::string& language,
         const std::vector<std::string>& languages, schema::ReadDatabase databases)
        : path(db_path), query_language(language), dbs(std::move(databases)),
          planner(dbs.all, languages) {}

    PreparedQuery prepare(const SearchRequest& request) {
        return planner.prepare(request, lengths, group_counts, matcher);
    }

    /// "Did you mean" for the rare words of the query as parsed for the main language.
    void suggest(const SearchRequest& request, const PreparedQuery& prepared, SearchResults& found) {
        if (!request.suggest || prepared.parsed.empty()) return;
        const ParsedQuery& main = prepared.parsed.front();
        const auto text_of = [&](Xapian::docid did) {
            const auto json = data_reader.decode(dbs.all.get_document(did).get_data());
            if (!json) return std::string();
            const schema::StoredArticle stored = schema::decode_stored_article(*json);
            std::string text = stored.title;
            for (const schema::StoredPassage& passage : stored.passages) text += "\n" + passage.text;
            return text;
        };
        found.suggestions = suggest_spellings(dbs.all, main, planner.stem_for(main.language), text_of);
        if (!found.suggestions.empty()) {
            found.corrected_query = corrected_query(request.query, found.suggestions);
        }
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
            c.key = c.doc.get_value(schema::kSlotArticle);
        }
        return candidates;
    }

    /// The relevance order's scale and pool (its articles, ordered: score_pool()), for a search
    /// shown in another order.
    std::pair<Scale, std::vector<Candidate>> relevance_pool(const SearchRequest& request,
                                                            const PreparedQuery& prepared) const {
        const RankingOptions& r = request.ranking;
        const std::size_t pool = pool_size(r);
        const Matches matches = matcher.top_articles(prepared.ranked_parts, std::max<std::size_t>(pool, 1),
                                                     r, SortOrder::relevance, 0, request.collapse);
        Scale scale(r, matches.items.empty() ? 0 : matches.items.front().weight);
        std::vector<Candidate> candidates = take_candidates(matches, prepared, 1, r);
        score_pool(candidates, pool, scale);
        return {scale, std::move(candidates)};
    }

    /// Scores `candidates` (in date order) as the relevance order would.
    Scale score_as_relevance(std::vector<Candidate>& candidates, const SearchRequest& request,
                             const PreparedQuery& prepared) const {
        auto [scale, pool] = relevance_pool(request, prepared);
        std::set<Xapian::docid> pooled;
        for (const Candidate& c : pool) {
            if (c.in_pool) pooled.insert(c.did);
        }
        for (Candidate& c : candidates) {
            c.in_pool = pooled.contains(c.did);
            scale.set_recency(c);
            c.score = c.in_pool ? scale.pooled(c, c.scored.top) : scale.beyond_pool(c);
        }
        return scale;
    }

    /// `matches` (best by BM25 first) in relevance order: the pool re-ranked, the rest after it.
    std::vector<Candidate> relevance_order(const Matches& matches, const SearchRequest& request,
                                           const PreparedQuery& prepared,
                                           std::size_t per_article) const {
        std::vector<Candidate> candidates = take_candidates(matches, prepared, per_article, request.ranking);
        Scale scale(request.ranking, matches.items.empty() ? 0 : matches.items.front().weight);
        const std::size_t pool = pool_size(request.ranking);
        score_pool(candidates, pool, scale);
        score_beyond_pool(candidates, pool, scale);
        return candidates;
    }

    /// Articles as the unit of results: by relevance, the best `ranking.candidates` by BM25
    /// re-ranked with their best passage, then the others in BM25 order; or by date.
    SearchResults search_articles(const SearchRequest& request, const PreparedQuery& prepared) {
        SearchResults results = empty_results(request);
        const std::size_t wanted = request.offset + request.limit;
        const bool by_relevance = request.sort == SortOrder::relevance;
        const std::size_t fetch = by_relevance ? std::max(wanted, pool_size(request.ranking)) : wanted;
        const Matches matches =
            matcher.top_articles(prepared.ranked_parts, fetch, request.ranking, request.sort,
                                 static_cast<Xapian::doccount>(std::max(wanted, kCountedMatches)),
                                 request.collapse);
        results.matches_estimated = matches.estimated;
        results.matches_lower = matches.lower;
        results.matches_exact = matches.lower == matches.upper;
        const std::size_t per_article = std::max<std::size_t>(1, request.passages);
        std::vector<Candidate> candidates;
        if (by_relevance) {
            candidates = relevance_order(matches, request, prepared, per_article);
        } else {
            candidates = take_candidates(matches, prepared, per_article, request.ranking);
            score_as_relevance(candidates, request, prepared);
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
        fill_article(hit, c.load(), c.doc);
        for (std::size_t p = 0; p < c.scored.best.size(); ++p) hit.passages.push_back(c.passage(p));
        if (hit.passages.empty() && !c.load().passages.empty()) {
            // No passage has a query word (a title or field match): show the lead.
            hit.passages.push_back(make_passage(c.load().passages.front(), 0, 0));
        }
        const std::size_t matching = c.scored.matching;
        hit.more_passages = matching > hit.passages.size() ? matching - hit.passages.size() : 0;
        for (PassageHit& p : hit.passages) mark_words(p, hit.language, request, prepared);
        if (request.explain) explain(hit, c.doc, c.scored.top, c.recency, request, prepared);
        add_story(hit, c.doc);
        return hit;
    }

    /// The story of `hit` (whose document is `doc`): its size, whether `hit` is its first
    /// report, and its other reports, oldest first.
    void add_story(ArticleHit& hit, const Xapian::Document& doc) const {
        hit.story = doc.get_value(schema::kSlotStory);
        if (hit.story.empty()) return;
        Xapian::doccount size = 0;
        std::vector<Report> reports = story_reports(dbs.all, hit.story, size);
        hit.story_size = std::max<std::size_t>(size, 1);
        const std::string own = doc.get_value(schema::kSlotArticle);
        hit.earliest = reports.empty() || reports.front().key == own;
        for (Report& report : reports) {
            if (report.key == own) continue;
            if (hit.other_reports.size() == kReportsListed) break;
            Candidate member = candidate_of(report.did);
            const schema::StoredArticle& stored = member.load();
            hit.other_reports.push_back({stored.id, stored.date,
                                         stored.outlets.empty() ? "" : stored.outlets.front()});
        }
    }

    /// Marks the query's words in `passage` (of an article in `language`), and the window
    /// around the best of them, when the output shows them.
    void mark_words(PassageHit& passage, const std::string& language, const SearchRequest& request,
                    const PreparedQuery& prepared) const {
        passage.window = {0, passage.text.size()};
        if (!request.highlight) return;
        passage.highlights =
            find_highlights(passage.text, prepared.terms, planner.stem_for(language), prepared.phrases);
        passage.window = context_window(passage.text, passage.highlights, request.context);
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
        for (const std::string& term : prepared.query_terms) {
            hit.term_weights.emplace_back(render_query(Xapian::Query(term)),
                                          matcher.weight_of(Xapian::Query(term), doc, r));
        }
    }

    /// The exact number of articles matching, or of their passages that hold a query word
    /// (every matching article's passages scored: slower, in proportion to the matches).
    SearchResults count(const SearchRequest& request, const PreparedQuery& prepared) const {
        SearchResults results = empty_results(request);
        std::uint64_t total = 0;
        if (request.unit == ResultUnit::article) {
            total = matcher.count(prepared.ranked_parts, request.collapse);
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

    /// The counts of tally(), without the bursts' headlines.
    Tally tally(const SearchRequest& request, const TallyRequest& what) {
        const PreparedQuery prepared = prepare(request);
        std::vector<Xapian::valueno> slots;
        for (const std::string& name : what.facets) slots.push_back(facet_slot(name));
        if (what.timeline) slots.push_back(schema::kSlotDate);
        const ValueCounts counts = matcher.value_counts(prepared.ranked_parts, slots);
        Tally tally;
        tally.query = request.query;
        tally.total = counts.total;
        for (std::size_t i = 0; i < what.facets.size(); ++i) {
            tally.facets.push_back(make_facet(what.facets[i], counts.slots[i], counts.total, what.top));
        }
        if (what.timeline) {
            tally.timeline = build_timeline(day_counts(counts.slots.back()), what.unit);
            tally.timeline->undated = counts.total - tally.timeline->dated;
        }
        return tally;
    }

    /// Passages as the unit of results, each scored as its article would be with that passage
    /// as its best: by relevance, the passages of the pool's articles ranked, then those of
    /// the other articles in BM25 order; or article by article in date order. Articles are
    /// fetched until the page is full, so the page does not change what comes before it.
    SearchResults search_passages(const SearchRequest& request, const PreparedQuery& prepared) {
        SearchResults results = empty_results(request);
        const std::size_t wanted = request.offset + request.limit;
        const bool by_relevance = request.sort == SortOrder::relevance;
        std::size_t fetch = std::max<std::size_t>(wanted, by_relevance ? pool_size(request.ranking) : 1);
        Matches matches;
        std::vector<Candidate> candidates;
        std::vector<Found> found;
        while (true) {
            matches = matcher.top_articles(prepared.ranked_parts, fetch, request.ranking, request.sort,
                                           kCountedMatches, request.collapse);
            auto [scale, taken] = passage_candidates(matches, request, prepared);
            candidates = std::move(taken);
            found = rank_passages(candidates, scale, by_relevance);
            if (found.size() >= wanted || matches.items.size() < fetch) break;
            fetch *= 2;
        }
        // The passages of the articles taken; all of them when every matching article was.
        results.matches_lower = found.size();
        results.matches_exact = matches.lower == matches.upper && matches.upper == candidates.size();
        results.matches_estimated =
            candidates.empty() ? 0
                               : found.size() * std::max<std::size_t>(matches.estimated, 1) /
                                     candidates.size();
        for (std::size_t i = request.offset; i < found.size() && i < wanted; ++i) {
            results.hits.push_back(passage_hit(candidates[found[i].candidate], found[i], i + 1,
                                               request, prepared));
        }
        return results;
    }

    /// The candidates of a passage search, every matching passage scored, and the scale they
    /// are scored on; by relevance, the pool marked and ordered.
    std::pair<Scale, std::vector<Candidate>> passage_candidates(const Matches& matches,
                                                                const SearchRequest& request,
                                                                const PreparedQuery& prepared) const {
        const std::size_t all = std::numeric_limits<std::size_t>::max();
        std::vector<Candidate> candidates = take_candidates(matches, prepared, all, request.ranking);
        if (request.sort != SortOrder::relevance) {
            Scale scale = score_as_relevance(candidates, request, prepared);
            return {scale, std::move(candidates)};
        }
        Scale scale(request.ranking, matches.items.empty() ? 0 : matches.items.front().weight);
        score_pool(candidates, pool_size(request.ranking), scale);
        return {scale, std::move(candidates)};
    }

    std::optional<ArticleHit> article(const std::string& id) const {
        const std::string term = schema::id_term(id);
        const Xapian::PostingIterator found = dbs.all.postlist_begin(term);
        if (found == dbs.all.postlist_end(term)) return std::nullopt;
        Candidate c;
        c.did = *found;
        c.doc = dbs.all.get_document(c.did);
        c.reader = &data_reader;
        c.db_path = &path;
        ArticleHit hit;
        fill_article(hit, c.load(), c.doc);
        const auto& passages = c.load().passages;
        for (std::size_t i = 0; i < passages.size(); ++i) {
            PassageHit passage = make_passage(passages[i], i, 0);
            passage.window = {0, passage.text.size()};
            hit.passages.push_back(std::move(passage));
        }
        return hit;
    }

    /// Every report of story `id`, oldest first (undated last), each with the passage that
    /// best matches the stems of the story's first report (its lead when none does).
    SearchResults story(const std::string& id, const SearchRequest& base) {
        Xapian::doccount size = 0;
        const std::vector<Report> reports = story_reports(dbs.all, id, size);
        if (reports.empty()) {
            throw QueryError(fmt::format("story '{}': no such story in the database (a story id is "
                                         "the \"story\" of a result in --json output)", id));
        }
        SearchRequest request = base;
        request.query = "story:" + id;
        const std::string lead = dbs.all.get_document(reports.front().did).get_value(schema::kSlotLead);
        if (!lead.empty()) request.query += " " + lead;
        request.collapse = false;
        request.sort = SortOrder::oldest;
        request.offset = 0;
        request.limit = reports.size();
        std::map<std::string, ArticleHit> matched;
        for (ArticleHit& hit : search_articles(request, prepare(request)).hits) {
            matched.emplace(hit.id, std::move(hit));
        }
        SearchResults results = empty_results(base);
        results.query = "story:" + id;
        results.collapsed = false;
        results.matches_estimated = results.matches_lower = size;
        results.matches_exact = size == reports.size();
        const std::size_t end = std::min(reports.size(), base.offset + base.limit);
        for (std::size_t i = base.offset; i < end; ++i) {
            Candidate c = candidate_of(reports[i].did);
            const auto found = matched.find(c.load().id);
            ArticleHit hit = found != matched.end() ? std::move(found->second) : lead_hit(c);
            hit.rank = i + 1;
            hit.other_reports.clear();  // they are the listing itself
            results.hits.push_back(std::move(hit));
        }
        return results;
    }

    /// `c` as a result showing its first passage, unscored, with its story.
    ArticleHit lead_hit(Candidate& c) const {
        ArticleHit hit;
        fill_article(hit, c.load(), c.doc);
        if (!c.load().passages.empty()) {
            PassageHit passage = make_passage(c.load().passages.front(), 0, 0);
            passage.window = {0, passage.text.size()};
            hit.passages.push_back(std::move(passage));
        }
        add_story(hit, c.doc);
        return hit;
    }

    // ---- --like, --like-text and --list ---------------------------------------------------

    /// Article `did` as a candidate whose data can be read.
    Candidate candidate_of(Xapian::docid did) const {
        Candidate c;
        c.did = did;
        c.doc = dbs.all.get_document(did);
        c.reader = &data_reader;
        c.db_path = &path;
        return c;
    }

    std::optional<Xapian::docid> first_posting(const std::string& term) const {
        const Xapian::PostingIterator found = dbs.all.postlist_begin(term);
        if (found == dbs.all.postlist_end(term)) return std::nullopt;
        return *found;
    }

    /// The article `target` names: its id, else a path (absolute, or relative to the current
    /// folder) with ":LINE" (a line of the article) for a file of several articles. UsageError
    /// naming it when there is none.
    Xapian::docid find_article(const std::string& target) const {
        if (auto did = first_posting(schema::id_term(target))) return *did;
        std::string file = target;
        std::optional<std::uint32_t> line;
        const std::size_t colon = target.rfind(':');
        const std::string digits = colon == std::string::npos ? "" : target.substr(colon + 1);
        if (all_digits(digits) && digits.size() <= 9) {
            file = target.substr(0, colon);
            line = static_cast<std::uint32_t>(std::stoul(digits));
        }
        std::error_code ec;
        const std::string absolute = std::filesystem::absolute(file, ec).lexically_normal().string();
        if (!line) {
            if (auto did = first_posting(schema::id_term(absolute))) return *did;
        }
        return article_in_file(target, absolute, line);
    }

    /// The article of the indexed file `file` that holds `line` (the last to start at or before
    /// it); without a line, the file's only article.
    Xapian::docid article_in_file(const std::string& target, const std::string& file,
                                  std::optional<std::uint32_t> line) const {
        const std::string term = schema::file_term(file);
        std::vector<std::pair<std::uint32_t, Xapian::docid>> starts;
        for (auto it = dbs.all.postlist_begin(term); it != dbs.all.postlist_end(term); ++it) {
            Candidate c = candidate_of(*it);
            starts.emplace_back(c.load().line, *it);
        }
        if (starts.empty()) {
            throw UsageError(fmt::format("--like {}: no article has this id, and {} is not an indexed file of {}",
                                         target, file, path));
        }
        std::sort(starts.begin(), starts.end());
        if (!line) {
            if (starts.size() == 1) return starts.front().second;
            throw UsageError(fmt::format("--like {}: the file holds {} articles; give FILE:LINE (a line of "
                                         "the article) or the article's id",
                                         target, starts.size()));
        }
        const auto after = std::upper_bound(starts.begin(), starts.end(),
                                            std::make_pair(*line, std::numeric_limits<Xapian::docid>::max()));
        if (after == starts.begin()) {
            throw UsageError(fmt::format("--like {}: no article of the file starts at or before line {} "
                                         "(the first starts at line {})",
                                         target, *line, starts.front().first));
        }
        return std::prev(after)->second;
    }

    /// What a like query is made from: the terms of an article or a text, and for an article
    /// its key (left out of the results) and story; for a text its shingles.
    struct LikeSource {
        TermCounts terms;
        std::string self_key;
        std::string story;
        std::optional<Shingles> shingles;
        std::size_t terms_wanted = kLikeTerms;
    };

    LikeSource like_source(const LikeTarget& target) const {
        LikeSource source;
        source.terms_wanted = target.terms;
        if (target.text) {
            source.shingles.emplace(*target.text);
            if (source.shingles->empty()) throw UsageError("--like-text: the text has no words");
            source.terms = text_terms(*target.text, planner.stem_for(""));
            return source;
        }
        Candidate c = candidate_of(find_article(target.article));
        source.terms = document_terms(c.doc);
        source.self_key = c.doc.get_value(schema::kSlotArticle);
        source.story = c.doc.get_value(schema::kSlotStory);
        return source;
    }

    /// The main language's stopwords and their stems, which a like query leaves out.
    std::set<std::string> stopped_stems() const {
        std::set<std::string> stopped;
        const Xapian::Stem& stem = planner.stem_for("");
        for (const std::string& word : planner.stopwords()) {
            stopped.insert(word);
            stopped.insert(stem(word));
        }
        return stopped;
    }

    /// The like query of `source` as a prepared query: its terms ranked by BM25, filtered by the
    /// request's words and dates, the article itself left out.
    PreparedQuery like_prepared(const SearchRequest& request, const LikeSource& source) {
        const auto terms = like_terms(dbs.all, source.terms, stopped_stems(), source.terms_wanted);
        spdlog::debug("like terms: {}", fmt::join(terms | std::views::keys, " "));
        Xapian::Query q = like_query(terms);
        if (!request.query.empty()) {
            q = Xapian::Query(Xapian::Query::OP_FILTER, q, prepare(request).match);
        } else {
            q = QueryBuilder::filter_dates(q, request.since, request.until);
        }
        if (!source.self_key.empty()) {
            q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, Xapian::Query(schema::id_term_of_key(source.self_key)));
        }
        PreparedQuery prepared;
        prepared.match = prepared.ranked = q;
        prepared.ranked_parts = {q};
        for (const auto& term : terms) prepared.terms.insert(term.first);
        prepared.weighted_terms = passage_terms(dbs.all, prepared.terms);
        return prepared;
    }

    SearchResults like(const SearchRequest& asked, const LikeTarget& target) {
        // The reports of a story are what --like lists first: never collapsed.
        SearchRequest request = asked;
        request.collapse = false;
        const LikeSource source = like_source(target);
        const PreparedQuery prepared = like_prepared(request, source);
        if (request.count_only || request.limit == 0) return count(request, prepared);
        if (source.shingles) return with_provenance(request, prepared, *source.shingles);
        if (source.story.empty()) return search_articles(request, prepared);
        return story_first(request, prepared, source.story);
    }

    /// `prepared` with its match combined (`op`) with `filter`.
    static PreparedQuery restricted(PreparedQuery prepared, Xapian::Query::op op, const Xapian::Query& filter) {
        prepared.match = Xapian::Query(op, prepared.match, filter);
        prepared.ranked = prepared.match;
        prepared.ranked_parts = {prepared.match};
        return prepared;
    }

    /// The request's page of `hits` (all the results from the first), ranked from its offset.
    static void take_page(SearchResults& out, const SearchRequest& request, std::vector<ArticleHit>& hits) {
        for (std::size_t i = request.offset; i < hits.size() && i < request.offset + request.limit; ++i) {
            hits[i].rank = i + 1;
            out.hits.push_back(std::move(hits[i]));
        }
    }

    /// The articles of `story` first, then the others, each group ranked on its own.
    SearchResults story_first(const SearchRequest& request, const PreparedQuery& prepared, const std::string& story) {
        const Xapian::Query same(Xapian::Query::OP_VALUE_RANGE, schema::kSlotStory, story, story);
        SearchRequest first_page = request;
        first_page.offset = 0;
        first_page.limit = request.offset + request.limit;
        SearchResults first = search_articles(first_page, restricted(prepared, Xapian::Query::OP_FILTER, same));
        SearchResults rest = search_articles(first_page, restricted(prepared, Xapian::Query::OP_AND_NOT, same));
        SearchResults out = empty_results(request);
        out.matches_estimated = first.matches_estimated + rest.matches_estimated;
        out.matches_lower = first.matches_lower + rest.matches_lower;
        out.matches_exact = first.matches_exact && rest.matches_exact;
        std::vector<ArticleHit> hits = std::move(first.hits);
        for (ArticleHit& hit : rest.hits) hits.push_back(std::move(hit));
        take_page(out, request, hits);
        return out;
    }

    /// The best kProvenancePool (or the page's) similar articles, each checked for the text:
    /// those that contain it first, earliest first (undated after dated), then the others.
    SearchResults with_provenance(const SearchRequest& request, const PreparedQuery& prepared,
                                  const Shingles& shingles) {
        SearchRequest pool = request;
        pool.offset = 0;
        pool.limit = std::max(request.offset + request.limit, kProvenancePool);
        SearchResults found = search_articles(pool, prepared);
        std::vector<ArticleHit> hits = std::move(found.hits);
        found.hits.clear();
        found.offset = request.offset;
        for (ArticleHit& hit : hits) mark_containment(hit, shingles);
        const auto copies_end = std::stable_partition(hits.begin(), hits.end(),
                                                      [](const ArticleHit& h) { return h.contains_text; });
        std::stable_sort(hits.begin(), copies_end, [](const ArticleHit& x, const ArticleHit& y) {
            return std::make_tuple(x.date.empty(), x.date, x.time) < std::make_tuple(y.date.empty(), y.date, y.time);
        });
        take_page(found, request, hits);
        return found;
    }

    void mark_containment(ArticleHit& hit, const Shingles& shingles) const {
        const std::optional<ArticleHit> full = article(hit.id);
        if (!full) return;
        std::string text = full->title;
        for (const PassageHit& passage : full->passages) text += "\n" + passage.text;
        hit.containment = shingles.containment(text);
        hit.contains_text = *hit.containment >= kContainedShare;
    }

    /// The queries --list runs: the request's parts, or every article within its dates.
    std::vector<Xapian::Query> list_parts(const SearchRequest& request) {
        if (request.query.empty()) {
            return {QueryBuilder::filter_dates(Xapian::Query::MatchAll, request.since, request.until)};
        }
        return prepare(request).ranked_parts;
    }

    /// The articles of `parts` whose keys are from `lo` to `hi` (as 64-bit numbers) and after
    /// `cursor`, to `visit` in key order; a range holding more than twice `bucket` matches is
    /// halved. `cursor` becomes the last key visited.
    std::uint64_t list_range(const std::vector<Xapian::Query>& parts, std::uint64_t lo, std::uint64_t hi,
                             std::size_t bucket, const std::function<void(const ArticleHit&)>& visit,
                             std::string& cursor) const {
        const std::string high = fmt::format("{:016x}", hi);
        if (!cursor.empty() && high <= cursor) return 0;
        const Xapian::Query range(Xapian::Query::OP_VALUE_RANGE, schema::kSlotArticle, fmt::format("{:016x}", lo), high);
        std::vector<CheckedMatches::Item> items;
        for (const Xapian::Query& part : parts) {
            Xapian::Enquire enquire(dbs.all);
            enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, part, range));
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            enquire.set_sort_by_value(schema::kSlotArticle, false);
            const auto most = static_cast<Xapian::doccount>(2 * bucket);
            CheckedMatches found = checked_matches(enquire, most + 1, 0, dbs.has_remote());
            if (found.items.size() > most && lo < hi) {
                const std::uint64_t mid = lo + (hi - lo) / 2;
                const std::uint64_t first = list_range(parts, lo, mid, bucket, visit, cursor);
                return first + list_range(parts, mid + 1, hi, bucket, visit, cursor);
            }
            for (auto& item : found.items) items.push_back(std::move(item));
        }
        std::sort(items.begin(), items.end(), [](const auto& x, const auto& y) { return x.sort_key < y.sort_key; });
        std::uint64_t visited = 0;
        for (const CheckedMatches::Item& item : items) {
            if (!cursor.empty() && item.sort_key <= cursor) continue;
            Candidate c = candidate_of(item.did);
            ArticleHit hit;
            fill_article(hit, c.load(), c.doc);
            visit(hit);
            cursor = item.sort_key;
            ++visited;
        }
        return visited;
    }

    /// Searcher::list(), going on after `cursor` (the last key visited, empty at first).
    std::uint64_t list(const SearchRequest& request, std::size_t bucket,
                       const std::function<void(const ArticleHit&)>& visit, std::string& cursor) {
        const std::vector<Xapian::Query> parts = list_parts(request);
        Xapian::doccount upper = 0;
        for (const Xapian::Query& part : parts) {
            Xapian::Enquire enquire(dbs.all);
            enquire.set_query(part);
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            upper += enquire.get_mset(0, 0).get_matches_upper_bound();
        }
        bucket = std::max<std::size_t>(bucket, 1);
        const std::uint64_t buckets = std::max<std::uint64_t>(1, (upper + bucket - 1) / bucket);
        const std::uint64_t width = std::numeric_limits<std::uint64_t>::max() / buckets;
        std::uint64_t visited = 0;
        for (std::uint64_t b = 0; b < buckets; ++b) {
            const std::uint64_t lo = b * width;
            const std::uint64_t hi = b + 1 == buckets ? std::numeric_limits<std::uint64_t>::max() : lo + width - 1;
            visited += list_range(parts, lo, hi, bucket, visit, cursor);
        }
        return visited;
    }

    ArticleHit passage_hit(Candidate& c, const Found& found, std::size_t rank,
                           const SearchRequest& request, const PreparedQuery& prepared) const {
        ArticleHit hit;
        hit.rank = rank;
        hit.score = found.score;
        hit.article_score = c.article_score;
        fill_article(hit, c.load(), c.doc);
        PassageHit passage = c.passage(found.passage);
        mark_words(passage, hit.language, request, prepared);
        hit.passages.push_back(std::move(passage));
        add_story(hit, c.doc);
        return hit;
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

SortOrder parse_sort_order(const std::string& name, std::string_view option) {
    if (name == "relevance") return SortOrder::relevance;
    if (name == "date" || name == "newest") return SortOrder::newest;
    if (name == "oldest") return SortOrder::oldest;
    throw UsageError(fmt::format("{} takes relevance, date (newest first) or oldest, not '{}'", option, name));
}

ResultUnit parse_result_unit(const std::string& name, std::string_view option) {
    if (name == "article") return ResultUnit::article;
    if (name == "passage") return ResultUnit::passage;
    throw UsageError(fmt::format("{} takes article or passage, not '{}'", option, name));
}

QuerySyntax parse_query_syntax(const std::string& name, std::string_view option) {
    if (name == "xapian") return QuerySyntax::xapian;
    if (name == "text") return QuerySyntax::text;
    throw UsageError(fmt::format("{} takes xapian or text, not '{}'", option, name));
}

Searcher::Searcher(const std::string& path, const std::string& language,
                   const schema::ReadOptions& options) try {
    schema::ReadDatabase dbs = schema::open_for_reading(path, options);
    // What the searcher reads at opening (languages, dictionaries) is read at one revision.
    impl_ = schema::read_consistently(
        [&] { return std::make_unique<Impl>(path, language, query_languages(dbs, language), dbs); },
        [&] { return dbs.all.reopen(); }, path, "cannot open");
    impl_->read_options = options;
} catch (const Xapian::Error& e) {
    throw_database_error(e, path, "cannot open");
}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

template <typename Work>
auto Searcher::read(Work&& work, std::string_view action) -> decltype(work()) {
    const auto attempt = [&] {
        return schema::read_consistently(work, [this] { return refresh(); }, impl_->path, action);
    };
    try {
        return attempt();
    } catch (const Xapian::NetworkError& e) {
        if (!impl_->dbs.has_remote()) throw;
    }
    // A remote shard's connection failed (a server closes one idle for a while, and Xapian's
    // object is unusable after any network error): connect again, once.
    reconnect();
    try {
        return attempt();
    } catch (const Xapian::NetworkError& e) {
        throw_network_error(e, impl_->dbs, impl_->path, action);
    }
}

void Searcher::reconnect() {
    const std::string path = impl_->path;
    const std::string language = impl_->query_language;
    const schema::ReadOptions options = impl_->read_options;
    schema::ReadDatabase dbs = schema::open_for_reading(path, options);
    impl_ = schema::read_consistently(
        [&] { return std::make_unique<Impl>(path, language, query_languages(dbs, language), dbs); },
        [&] { return dbs.all.reopen(); }, path, "cannot reconnect");
    impl_->read_options = options;
}

SearchResults Searcher::search(const SearchRequest& request) try {
    SearchResults results = read(
        [&] {
            const Impl::PreparedQuery prepared = impl_->prepare(request);
            SearchResults found;
            if (request.count_only || request.limit == 0) {
                found = impl_->count(request, prepared);
            } else if (request.unit == ResultUnit::passage) {
                found = impl_->search_passages(request, prepared);
            } else {
                found = impl_->search_articles(request, prepared);
            }
            found.parsed = prepared.parsed;
            found.expansion = prepared.expansion.terms;
            if (!request.count_only) impl_->suggest(request, prepared, found);
            return found;
        },
        fmt::format("search for '{}' failed", request.query));
    results.missing_shards = impl_->dbs.missing;
    return results;
} catch (const Xapian::Error& e) {
    throw_search_error(e, impl_->dbs, impl_->path, fmt::format("search for '{}' failed", request.query));
}

Tally Searcher::tally(const SearchRequest& request, const TallyRequest& what) {
    for (const std::string& name : what.facets) facet_slot(name);  // unknown names first
    Tally tally;
    try {
        tally = read([&] { return impl_->tally(request, what); },
                     fmt::format("counting the matches of '{}' failed", request.query));
    } catch (const Xapian::Error& e) {
        throw_search_error(e, impl_->dbs, impl_->path,
                           fmt::format("counting the matches of '{}' failed", request.query));
    }
    if (!tally.timeline) return tally;
    std::size_t titled = 0;
    for (Period& period : tally.timeline->periods) {
        if (!period.burst || titled++ >= what.burst_titles) continue;
        SearchRequest best = request;
        best.since = request.since && *request.since > period.first ? *request.since : period.first;
        best.until = request.until && *request.until < period.last ? *request.until : period.last;
        best.offset = 0;
        best.limit = 1;
        best.count_only = false;
        best.highlight = false;
        best.explain = false;
        best.unit = ResultUnit::article;
        best.sort = SortOrder::relevance;
        const SearchResults results = search(best);
        if (results.hits.empty()) continue;
        period.burst_title = results.hits.front().title;
        period.burst_id = results.hits.front().id;
    }
    return tally;
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
    if (impl_->dbs.has_remote()) return;
    impl_->wants_lengths = true;
    read([this] { impl_->lengths = std::make_shared<const DocumentLengths>(impl_->dbs); },
         "cannot read the article lengths");
} catch (const Xapian::Error& e) {
    throw_database_error(e, impl_->path, "cannot read the article lengths");
}

void Searcher::hold_lengths_in_memory(const Searcher& other) try {
    if (impl_->dbs.has_remote()) return;
    if (other.impl_->lengths && other.impl_->lengths->describes(impl_->dbs)) {
        impl_->wants_lengths = true;
        impl_->lengths = other.impl_->lengths;
    } else {
        hold_lengths_in_memory();
    }
} catch (const Xapian::Error& e) {
    throw_database_error(e, impl_->path, "cannot read the article lengths");
}

SearchResults Searcher::story(const std::string& id, const SearchRequest& request) try {
    const std::string action = fmt::format("listing story '{}' failed", id);
    SearchResults results = read([&] { return impl_->story(id, request); }, action);
    results.missing_shards = impl_->dbs.missing;
    return results;
} catch (const Xapian::Error& e) {
    throw_search_error(e, impl_->dbs, impl_->path, fmt::format("listing story '{}' failed", id));
}

std::optional<ArticleHit> Searcher::article(const std::string& id) try {
    return read([&] { return impl_->article(id); }, fmt::format("reading article '{}' failed", id));
} catch (const Xapian::Error& e) {
    throw_database_error(e, impl_->path, fmt::format("reading article '{}' failed", id));
}

SearchResults Searcher::like(const SearchRequest& request, const LikeTarget& target) {
    const std::string action =
        target.text ? std::string("--like-text failed") : fmt::format("--like {} failed", target.article);
    try {
        SearchResults results = read([&] { return impl_->like(request, target); }, action);
        results.missing_shards = impl_->dbs.missing;
        // What the footer names: the target, and the filter words when there are some.
        results.query = target.text ? std::string("--like-text") : "--like " + target.article;
        if (!request.query.empty()) results.query += " " + request.query;
        return results;
    } catch (const Xapian::Error& e) {
        throw_search_error(e, impl_->dbs, impl_->path, action);
    }
}

std::uint64_t Searcher::list(const SearchRequest& request, const std::function<void(const ArticleHit&)>& visit,
                             std::size_t bucket) {
    const std::string action = fmt::format("listing the articles of '{}' failed", request.query);
    // Kept across a retry after a writer's commit, so that nothing is visited twice.
    std::string cursor;
    std::uint64_t visited = 0;
    const auto counted = [&](const ArticleHit& hit) {
        visit(hit);
        ++visited;
    };
    try {
        read([&] { impl_->list(request, bucket, counted, cursor); }, action);
        return visited;
    } catch (const Xapian::Error& e) {
        throw_search_error(e, impl_->dbs, impl_->path, action);
    }
}

DatabaseStats Searcher::stats() try {
    return read([this] { return database_stats(impl_->dbs, impl_->path); },
                "cannot read its statistics");
} catch (const Xapian::Error& e) {
    throw_database_error(e, impl_->path, "cannot read its statistics");
}

}  // namespace gazette
