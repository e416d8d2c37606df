//! Two-phase article and passage ranking; see searcher.hpp.
#include "searcher.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "errors.hpp"
#include "language.hpp"
#include "query_builder.hpp"
#include "stemmer.hpp"
#include "stopwords.hpp"

namespace gazette {
namespace {

using Json = nlohmann::json;

/// Sorts by date with undated articles last in either direction.
class DateKey : public Xapian::KeyMaker {
  public:
    explicit DateKey(bool newest_first) : newest_first_(newest_first) {}
    std::string operator()(const Xapian::Document& doc) const override {
        std::string value = doc.get_value(schema::kSlotDate);
        if (value.empty() && !newest_first_) return "\xff";
        return value;
    }

  private:
    bool newest_first_;
};

Json parse_data(const std::string& data) {
    Json json = Json::parse(data, nullptr, false);
    return json.is_discarded() ? Json::object() : json;
}

template <typename T>
T get_or(const Json& json, const char* key, T fallback) {
    auto it = json.find(key);
    if (it == json.end() || it->is_null()) return fallback;
    try {
        return it->get<T>();
    } catch (const Json::exception&) {
        return fallback;
    }
}

void fill_article(ArticleHit& hit, const Xapian::Document& doc) {
    const Json data = parse_data(doc.get_data());
    hit.id = get_or<std::string>(data, "id", "");
    hit.docno = get_or<std::string>(data, "docno", "");
    hit.title = get_or<std::string>(data, "title", "");
    hit.date = get_or<std::string>(data, "date", "");
    hit.date_source = get_or<std::string>(data, "date_source", "none");
    hit.path = get_or<std::string>(data, "path", "");
    hit.line = get_or<std::uint32_t>(data, "line", 0);
    hit.language = get_or<std::string>(data, "lang", "");
    hit.collection = get_or<std::string>(data, "collection", "");
}

PassageHit make_passage(const Xapian::Document& doc, double score) {
    const Json data = parse_data(doc.get_data());
    PassageHit passage;
    passage.text = get_or<std::string>(data, "text", "");
    passage.line = get_or<std::uint32_t>(data, "line", 0);
    passage.score = score;
    const std::string index = doc.get_value(schema::kSlotPassage);
    passage.index = index.empty() ? 0
                                  : static_cast<std::uint32_t>(Xapian::sortable_unserialise(index));
    return passage;
}

std::string iso_date(const std::string& compact) {
    const auto date = Date::from_iso(compact);
    return date ? date->iso() : compact;
}

std::uint64_t folder_size(const std::filesystem::path& root) {
    std::uint64_t total = 0;
    std::error_code ec;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root, ec)) {
        if (entry.is_regular_file(ec)) total += entry.file_size(ec);
    }
    return total;
}

std::vector<std::pair<std::string, std::uint64_t>> spy_counts(const Xapian::ValueCountMatchSpy& spy) {
    std::vector<std::pair<std::string, std::uint64_t>> out;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        out.emplace_back(*it, it.get_termfreq());
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    return out;
}

}  // namespace

struct Searcher::Impl {
    std::string path;
    schema::ReadDatabases dbs;
    /// Query parsing for one language of the database: its stemmer and stopwords.
    struct LanguageParser {
        std::string code;
        Xapian::Stem stem;
        std::vector<std::string> stopwords;
        std::unique_ptr<Xapian::SimpleStopper> stopper;
        std::unique_ptr<QueryBuilder> builder;
    };
    /// The first is the database's main language; with several, each parses the query for the
    /// articles of its own language, so a German query meets German stems.
    std::vector<LanguageParser> parsers;

    Impl(const std::string& db_path, const std::vector<std::string>& languages,
         schema::ReadDatabases databases)
        : path(db_path), dbs(std::move(databases)) {
        for (const std::string& name : languages) {
            LanguageParser parser;
            const auto found = find_language(name);
            parser.code = found ? found->code : "";
            parser.stem = make_stemmer(name);
            parser.stopwords = load_stopwords(parser.code);
            parser.stopper = make_stopper(parser.stopwords);
            parser.builder = std::make_unique<QueryBuilder>(dbs.articles, parser.stem);
            parsers.push_back(std::move(parser));
        }
    }

    const LanguageParser& primary() const { return parsers.front(); }

    const Xapian::Stem& stem_for(const std::string& code) const {
        for (const LanguageParser& parser : parsers) {
            if (parser.code == code) return parser.stem;
        }
        return primary().stem;
    }

    /// The query parsed once per language, each restricted to articles of that language.
    Xapian::Query parse(const SearchRequest& request) {
        const bool stop = request.ranking.stopwords;
        if (parsers.size() == 1) {
            const LanguageParser& p = primary();
            return p.builder->parse(request.query, request.syntax, stop ? p.stopper.get() : nullptr);
        }
        std::vector<Xapian::Query> per_language;
        for (const LanguageParser& p : parsers) {
            const Xapian::Query parsed =
                p.builder->parse(request.query, request.syntax, stop ? p.stopper.get() : nullptr);
            per_language.emplace_back(Xapian::Query::OP_FILTER, parsed,
                                      Xapian::Query(std::string(schema::kPrefixLanguage) + p.code));
        }
        return Xapian::Query(Xapian::Query::OP_OR, per_language.begin(), per_language.end());
    }

    /// The query in its forms: as parsed (for matching passages and highlighting) and as ranked
    /// (with proximity and feedback).
    struct PreparedQuery {
        Xapian::Query match;
        Xapian::Query ranked;
        Xapian::Query proximity;  // the proximity part alone, for explanations
        std::set<std::string> terms;
        Expansion expansion;
    };

    PreparedQuery prepare(const SearchRequest& request) {
        const RankingOptions& ranking = request.ranking;
        const Xapian::Stopper* stop = ranking.stopwords ? primary().stopper.get() : nullptr;
        PreparedQuery q;
        const Xapian::Query parsed = parse(request);
        q.terms = free_text_terms(parsed);
        q.match = QueryBuilder::filter_dates(parsed, request.since, request.until);
        Xapian::Query ranked = q.match;
        if (ranking.proximity > 0) {
            const auto words = primary().builder->words(request.query, request.syntax, stop);
            ranked = add_proximity(q.match, words, ranking.proximity, ranking.window);
            q.proximity = proximity_query(words, ranking.window);
        }
        if (ranking.expand && request.unit == ResultUnit::article) {
            // Field filters inside the query (year:, source:, date:) would not bind the new
            // terms, so then feedback only re-ranks what the query matches.
            const bool filtered = has_field_filters(parsed);
            q.expansion = expand_query(dbs.articles, ranked, weight(ranking), ranking,
                                       primary().stopwords, primary().stem, !filtered);
            ranked = QueryBuilder::filter_dates(q.expansion.query, request.since, request.until);
        }
        q.ranked = ranked;
        return q;
    }

    static bool has_field_filters(const Xapian::Query& query) {
        for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
            if (!schema::is_free_text_term(*it)) return true;
        }
        // Date ranges are value queries, which list no terms.
        return query.get_description().find("VALUE_") != std::string::npos;
    }

    Xapian::BM25Weight weight(const RankingOptions& ranking) const {
        return Xapian::BM25Weight(ranking.k1, 0, 1, ranking.b, 0.5);
    }

    /// The query's free-text terms, for highlighting and for the relaxed passage query. Title
    /// terms count as body words: `title:cocoa` shows and highlights a passage about cocoa (and
    /// the lead passage when no passage mentions it, rather than one matched by title alone).
    static std::set<std::string> free_text_terms(const Xapian::Query& query) {
        const std::string title(schema::kPrefixTitle);
        std::set<std::string> terms;
        for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
            const std::string& term = *it;
            if (!schema::is_free_text_term(term)) continue;
            if (term.starts_with(title)) {
                terms.insert(term.substr(title.size()));
            } else if (term.starts_with("Z" + title)) {
                terms.insert("Z" + term.substr(1 + title.size()));
            } else {
                terms.insert(term);
            }
        }
        return terms;
    }

    /// Passages of `candidates`, best first, at most `per_article` each. Passages are those
    /// matching any of the query's words (so that an article matched across passages still
    /// shows its best one), with passages matching the whole query scored higher.
    struct PassageMatches {
        std::unordered_map<std::string, std::vector<PassageHit>> by_article;
        std::unordered_map<std::string, std::size_t> counts;
    };
    PassageMatches match_passages(const Xapian::Query& query, const std::set<std::string>& terms,
                                  const std::vector<std::string>& keys, std::size_t per_article,
                                  const RankingOptions& ranking) const {
        PassageMatches out;
        if (keys.empty() || per_article == 0) return out;
        std::vector<Xapian::Query> parents;
        parents.reserve(keys.size());
        for (const std::string& key : keys) {
            parents.emplace_back(std::string(schema::kPrefixParent) + key);
        }
        Xapian::Query scored = query;
        if (!terms.empty()) {
            const Xapian::Query any(Xapian::Query::OP_OR, terms.begin(), terms.end());
            scored = Xapian::Query(Xapian::Query::OP_AND_MAYBE, any, query);
        }
        const Xapian::Query filtered(Xapian::Query::OP_FILTER, scored,
                                     Xapian::Query(Xapian::Query::OP_OR, parents.begin(),
                                                   parents.end()));
        Xapian::Enquire enquire(dbs.passages);
        enquire.set_query(filtered);
        enquire.set_weighting_scheme(weight(ranking));
        enquire.set_collapse_key(schema::kSlotArticle, static_cast<Xapian::doccount>(per_article));
        Xapian::ValueCountMatchSpy spy(schema::kSlotArticle);
        enquire.add_matchspy(&spy);
        const auto wanted = static_cast<Xapian::doccount>(keys.size() * per_article);
        const Xapian::MSet mset = enquire.get_mset(0, wanted, dbs.passages.get_doccount());
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            const Xapian::Document doc = it.get_document();
            out.by_article[doc.get_value(schema::kSlotArticle)].push_back(
                make_passage(doc, it.get_weight()));
        }
        for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
            out.counts[*it] = it.get_termfreq();
        }
        return out;
    }

    /// The first passage of an article, shown when none of its passages matched.
    std::optional<PassageHit> lead_passage(const std::string& key) const {
        const std::string term = std::string(schema::kPrefixParent) + key;
        Xapian::docid best = 0;
        double best_index = 0;
        for (auto it = dbs.passages.postlist_begin(term); it != dbs.passages.postlist_end(term);
             ++it) {
            const Xapian::Document doc = dbs.passages.get_document(*it);
            const double index = Xapian::sortable_unserialise(doc.get_value(schema::kSlotPassage));
            if (best == 0 || index < best_index) {
                best = *it;
                best_index = index;
            }
            if (index == 0) break;
        }
        if (best == 0) return std::nullopt;
        return make_passage(dbs.passages.get_document(best), 0);
    }

    SearchResults search_articles(const SearchRequest& request, const PreparedQuery& prepared) {
        const std::set<std::string>& terms = prepared.terms;
        SearchResults results;
        results.query = request.query;
        const std::size_t wanted = request.offset + request.limit;
        Xapian::Enquire enquire(dbs.articles);
        enquire.set_query(prepared.ranked);
        enquire.set_weighting_scheme(weight(request.ranking));
        const DateKey date_key(request.sort == SortOrder::newest);
        if (request.sort != SortOrder::relevance) {
            enquire.set_sort_by_key_then_relevance(const_cast<DateKey*>(&date_key),
                                                   request.sort == SortOrder::newest);
        }
        std::size_t cutoff = 0;
        const Xapian::MSet mset = fetch_candidates(enquire, request, wanted, cutoff);
        results.matches_estimated = mset.get_matches_estimated();

        struct Candidate {
            Xapian::Document doc;
            std::string key;
            double article_score;
            double passage_score = 0;
            double score = 0;
            std::size_t order;
            double recency = 1.0;
        };
        std::vector<Candidate> candidates;
        std::vector<std::string> keys;
        for (auto it = mset.begin(); it != mset.end() && candidates.size() < cutoff; ++it) {
            Xapian::Document doc = it.get_document();
            std::string key = doc.get_value(schema::kSlotArticle);
            keys.push_back(key);
            candidates.push_back({doc, std::move(key), it.get_weight(), 0, 0, candidates.size(), 1.0});
        }
        const std::size_t per_article = std::max<std::size_t>(1, request.passages);
        PassageMatches passages =
            match_passages(prepared.match, terms, keys, per_article, request.ranking);

        if (request.sort == SortOrder::relevance) {
            double best_article = 0;
            double best_passage = 0;
            for (Candidate& c : candidates) {
                auto it = passages.by_article.find(c.key);
                if (it != passages.by_article.end()) c.passage_score = it->second.front().score;
                best_article = std::max(best_article, c.article_score);
                best_passage = std::max(best_passage, c.passage_score);
            }
            const double alpha = std::clamp(request.ranking.article_weight, 0.0, 1.0);
            for (Candidate& c : candidates) {
                const double a = best_article > 0 ? c.article_score / best_article : 0;
                const double p = best_passage > 0 ? c.passage_score / best_passage : 0;
                c.score = alpha * a + (1 - alpha) * p;
            }
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
            Candidate& c = candidates[i];
            ArticleHit hit;
            hit.rank = i + 1;
            hit.score = c.score;
            hit.article_score = c.article_score;
            fill_article(hit, c.doc);
            auto it = passages.by_article.find(c.key);
            if (it != passages.by_article.end()) {
                hit.passages = std::move(it->second);
            } else if (auto lead = lead_passage(c.key)) {
                hit.passages.push_back(std::move(*lead));
            }
            const std::size_t matching = passages.counts[c.key];
            hit.more_passages = matching > hit.passages.size() ? matching - hit.passages.size() : 0;
            for (PassageHit& p : hit.passages) {
                p.highlights = find_highlights(p.text, terms, stem_for(hit.language));
            }
            if (request.explain) explain(hit, c.doc, c.passage_score, c.recency, request, prepared);
            results.hits.push_back(std::move(hit));
        }
        return results;
    }

    /// The articles that can reach the first `wanted` places. By date, exactly those. By
    /// relevance, a passage can add at most (1 - w) of the best combined score, so an article
    /// whose normalised article score trails the wanted-th by more than (1 - w) / w cannot
    /// make it: the article phase fetches until it passes that bound, and `cutoff` says how
    /// many of the fetched articles are candidates. Recency can lift any article, so with it
    /// a fixed pool of `candidates` is taken instead.
    Xapian::MSet fetch_candidates(Xapian::Enquire& enquire, const SearchRequest& request,
                                  std::size_t wanted, std::size_t& cutoff) const {
        const RankingOptions& r = request.ranking;
        const double alpha = std::clamp(r.article_weight, 0.0, 1.0);
        auto get = [&](std::size_t n) { return enquire.get_mset(0, static_cast<Xapian::doccount>(n)); };
        if (request.sort != SortOrder::relevance || alpha >= 1.0) {
            Xapian::MSet mset = get(wanted);
            cutoff = mset.size();
            return mset;
        }
        if (r.half_life_days > 0 || alpha <= 0.0) {
            Xapian::MSet mset = get(std::max(wanted, r.candidates));
            cutoff = mset.size();
            return mset;
        }
        std::size_t fetch = std::max<std::size_t>(wanted, 10);
        for (;;) {
            Xapian::MSet mset = get(fetch);
            cutoff = mset.size();
            if (mset.size() < fetch || mset.size() <= wanted) return mset;
            const double best = mset[0].get_weight();
            const double threshold =
                mset[static_cast<Xapian::doccount>(wanted - 1)].get_weight() - best * (1 - alpha) / alpha;
            if (mset[static_cast<Xapian::doccount>(mset.size() - 1)].get_weight() < threshold) {
                cutoff = wanted;
                while (cutoff < mset.size() &&
                       mset[static_cast<Xapian::doccount>(cutoff)].get_weight() >= threshold) {
                    ++cutoff;
                }
                return mset;
            }
            fetch *= 2;
        }
    }

    template <typename Candidates>
    void apply_recency(Candidates& candidates, const RankingOptions& ranking) const {
        if (ranking.half_life_days <= 0) return;
        const Date as_of = ranking.as_of ? *ranking.as_of : today();
        // Undated articles count as old as the oldest dated candidate.
        double oldest = 0;
        for (const auto& c : candidates) {
            if (auto date = Date::from_iso(iso_date(c.doc.get_value(schema::kSlotDate)))) {
                oldest = std::max(oldest, static_cast<double>(days_between(*date, as_of)));
            }
        }
        for (auto& c : candidates) {
            c.recency = recency_factor(iso_date(c.doc.get_value(schema::kSlotDate)), as_of,
                                       ranking.half_life_days, oldest);
            c.score *= c.recency;
        }
    }

    static Date today() {
        const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
        const std::chrono::year_month_day ymd(now);
        return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                    static_cast<int>(static_cast<unsigned>(ymd.day()))};
    }

    /// The weight `part` gives the article document `doc`, or 0 when it does not match.
    double weight_of(const Xapian::Query& part, const Xapian::Document& doc,
                     const RankingOptions& ranking) const {
        if (part.empty()) return 0;
        Xapian::Enquire enquire(dbs.articles);
        const std::string id_term = std::string(schema::kPrefixId) + doc.get_value(schema::kSlotArticle);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, part, Xapian::Query(id_term)));
        enquire.set_weighting_scheme(weight(ranking));
        const Xapian::MSet mset = enquire.get_mset(0, 1);
        return mset.empty() ? 0 : mset.begin().get_weight();
    }

    void explain(ArticleHit& hit, const Xapian::Document& doc, double passage_score, double recency,
                 const SearchRequest& request, const PreparedQuery& prepared) const {
        const RankingOptions& r = request.ranking;
        auto& e = hit.explanation;
        // With feedback, the original query's parts are scaled down by the expansion's share.
        const double original = prepared.expansion.terms.empty() ? 1.0 : 1.0 - r.feedback_weight;
        e.emplace_back("bm25", original * weight_of(prepared.match, doc, r));
        if (!prepared.proximity.empty()) {
            e.emplace_back("proximity",
                           original * r.proximity * weight_of(prepared.proximity, doc, r));
        }
        if (!prepared.expansion.terms.empty()) {
            std::vector<Xapian::Query> terms;
            for (const auto& [term, share] : prepared.expansion.terms) {
                terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), share);
            }
            const Xapian::Query added(Xapian::Query::OP_OR, terms.begin(), terms.end());
            e.emplace_back("feedback", r.feedback_weight * weight_of(added, doc, r));
        }
        e.emplace_back("article_score", hit.article_score);
        e.emplace_back("passage_score", passage_score);
        e.emplace_back("article_weight", r.article_weight);
        if (r.half_life_days > 0) e.emplace_back("recency_factor", recency);
        e.emplace_back("final", hit.score);
    }

    SearchResults search_passages(const SearchRequest& request, const PreparedQuery& prepared) {
        const std::set<std::string>& terms = prepared.terms;
        const Xapian::Query& query = prepared.ranked;
        SearchResults results;
        results.query = request.query;
        Xapian::Enquire enquire(dbs.passages);
        enquire.set_query(query);
        enquire.set_weighting_scheme(weight(request.ranking));
        const DateKey date_key(request.sort == SortOrder::newest);
        if (request.sort != SortOrder::relevance) {
            enquire.set_sort_by_key_then_relevance(const_cast<DateKey*>(&date_key),
                                                   request.sort == SortOrder::newest);
        }
        const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                                   static_cast<Xapian::doccount>(request.limit));
        results.matches_estimated = mset.get_matches_estimated();
        std::size_t rank = request.offset;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            const Xapian::Document doc = it.get_document();
            ArticleHit hit;
            hit.rank = ++rank;
            hit.score = it.get_weight();
            const std::string id_term =
                std::string(schema::kPrefixId) + doc.get_value(schema::kSlotArticle);
            auto post = dbs.articles.postlist_begin(id_term);
            if (post != dbs.articles.postlist_end(id_term)) {
                fill_article(hit, dbs.articles.get_document(*post));
            }
            PassageHit passage = make_passage(doc, it.get_weight());
            passage.highlights = find_highlights(passage.text, terms, stem_for(hit.language));
            hit.passages.push_back(std::move(passage));
            results.hits.push_back(std::move(hit));
        }
        return results;
    }
};

Searcher::Searcher(const std::string& path, const std::string& language) {
    schema::ReadDatabases dbs = schema::open_for_reading(path);
    std::vector<std::string> languages;
    if (!language.empty()) {
        languages.push_back(language);
    } else {
        std::string main = dbs.articles.get_metadata(std::string(schema::kStemmerKey));
        languages.push_back(main.empty() ? "english" : main);
        const auto main_language = find_language(languages.front());
        const std::string listed = dbs.articles.get_metadata(std::string(schema::kLanguagesKey));
        for (std::size_t start = 0; start < listed.size();) {
            auto end = listed.find(',', start);
            if (end == std::string::npos) end = listed.size();
            const std::string code = listed.substr(start, end - start);
            start = end + 1;
            if (!code.empty() && !(main_language && main_language->code == code) &&
                find_language(code)) {
                languages.push_back(code);
            }
        }
    }
    impl_ = std::make_unique<Impl>(path, languages, std::move(dbs));
}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResults Searcher::search(const SearchRequest& request) {
    for (int attempt = 0;; ++attempt) {
        try {
            const Impl::PreparedQuery prepared = impl_->prepare(request);
            if (request.unit == ResultUnit::passage) return impl_->search_passages(request, prepared);
            return impl_->search_articles(request, prepared);
        } catch (const Xapian::DatabaseModifiedError&) {
            // A writer committed while we read: reopen once and retry.
            if (attempt > 0) throw;
            reopen();
        } catch (const Xapian::Error& e) {
            throw IndexError(fmt::format("{}: search for '{}' failed: {}", impl_->path,
                                         request.query, e.get_description()));
        }
    }
}

void Searcher::reopen() {
    impl_->dbs.articles.reopen();
    impl_->dbs.passages.reopen();
}

DatabaseStats Searcher::stats() {
    DatabaseStats stats;
    const Xapian::Database& articles = impl_->dbs.articles;
    stats.path = impl_->path;
    stats.articles = articles.get_doccount();
    stats.passages = impl_->dbs.passages.get_doccount();
    stats.schema_version = articles.get_metadata(std::string(schema::kSchemaKey));
    const std::string file_prefix(schema::kFileKeyPrefix);
    for (auto it = articles.metadata_keys_begin(file_prefix);
         it != articles.metadata_keys_end(file_prefix); ++it) {
        ++stats.files;
    }

    Xapian::Enquire enquire(articles);
    enquire.set_query(Xapian::Query::MatchAll);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::ValueCountMatchSpy languages(schema::kSlotLanguage);
    Xapian::ValueCountMatchSpy collections(schema::kSlotCollection);
    Xapian::ValueCountMatchSpy sources(schema::kSlotDateSource);
    enquire.add_matchspy(&languages);
    enquire.add_matchspy(&collections);
    enquire.add_matchspy(&sources);
    enquire.get_mset(0, 0, articles.get_doccount());
    stats.languages = spy_counts(languages);
    stats.collections = spy_counts(collections);
    stats.date_sources = spy_counts(sources);

    // Exact first and last dates: the bounds Xapian keeps are not tightened by deletions.
    Xapian::Enquire dated(articles);
    dated.set_query(Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDate, "0"));
    dated.set_weighting_scheme(Xapian::BoolWeight());
    dated.set_sort_by_value(schema::kSlotDate, false);
    Xapian::MSet first = dated.get_mset(0, 1, articles.get_doccount());
    const std::uint64_t dated_count = first.get_matches_estimated();
    stats.undated_articles = stats.articles - dated_count;
    if (!first.empty()) {
        stats.first_date = iso_date(first.begin().get_document().get_value(schema::kSlotDate));
        dated.set_sort_by_value(schema::kSlotDate, true);
        Xapian::MSet last = dated.get_mset(0, 1);
        stats.last_date = iso_date(last.begin().get_document().get_value(schema::kSlotDate));
    }
    stats.bytes_on_disk = folder_size(impl_->path);
    return stats;
}

}  // namespace gazette
