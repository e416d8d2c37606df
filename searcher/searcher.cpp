//! Two-phase article and passage ranking; see searcher.hpp.
#include "searcher.hpp"

#include <algorithm>
#include <filesystem>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "article_data.hpp"
#include "bm25_source.hpp"
#include "errors.hpp"
#include "language.hpp"
#include "position_check.hpp"
#include "query_builder.hpp"
#include "stemmer.hpp"
#include "stopwords.hpp"
#include "stored_article.hpp"

namespace gazette {
namespace {

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
    schema::ReadDatabase dbs;
    schema::DataReader data_reader{dbs.shards};  // decompresses stored article data
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
    /// Document lengths in memory, once hold_lengths_in_memory() asked for them.
    std::shared_ptr<const DocumentLengths> lengths;
    /// Article counts of the minority languages' weights, kept between queries.
    GroupCounts group_counts;

    Impl(const std::string& db_path, const std::vector<std::string>& languages,
         schema::ReadDatabase databases)
        : path(db_path), dbs(std::move(databases)) {
        for (const std::string& name : languages) {
            LanguageParser parser;
            const auto found = find_language(name);
            parser.code = found ? found->code : "";
            parser.stem = make_stemmer(name);
            parser.stopwords = load_stopwords(parser.code);
            parser.stopper = make_stopper(parser.stopwords);
            parser.builder = std::make_unique<QueryBuilder>(dbs.all, parser.stem);
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

    /// The query as parsed for one group of articles, picked by language.
    struct LanguagePart {
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

    /// The query parsed once per language. Articles of a language whose parse differs from the
    /// main language's get their own parse (filtered to that language); every other article,
    /// whatever its language, gets the main parse. So each article is scored by exactly one
    /// part, and the main language's articles, usually nearly all of them, need no language
    /// filter: intersecting with its huge posting list halved the throughput of a one-million
    /// article database in which 71 articles were detected as Dutch, Swedish or Turkish.
    std::vector<LanguagePart> parse(const SearchRequest& request) {
        const bool stop = request.ranking.stopwords;
        const LanguageParser& main = primary();
        std::vector<LanguagePart> parts(1);
        parts[0].parsed =
            main.builder->parse(request.query, request.syntax, stop ? main.stopper.get() : nullptr);
        if (parsers.size() == 1) return parts;
        const std::string main_description = parts[0].parsed.get_description();
        std::vector<Xapian::Query> excluded;  // the languages with a part of their own
        for (std::size_t i = 1; i < parsers.size(); ++i) {
            const LanguageParser& p = parsers[i];
            Xapian::Query parsed =
                p.builder->parse(request.query, request.syntax, stop ? p.stopper.get() : nullptr);
            if (parsed.get_description() == main_description) continue;
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
        /// The body terms with their BM25 idf over articles, for scoring passages.
        std::vector<std::pair<std::string, double>> weighted_terms;
        Expansion expansion;
    };

    static Xapian::Query either(const std::vector<Xapian::Query>& parts) {
        if (parts.size() == 1) return parts.front();
        return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    }

    PreparedQuery prepare(const SearchRequest& request) {
        const RankingOptions& ranking = request.ranking;
        PreparedQuery q;
        const PositionWeighting weighting{dbs.all, ranking, lengths};
        const std::vector<LanguagePart> parts = parse(request);
        if (ranking.proximity > 0) {
            const Xapian::Stopper* stop = ranking.stopwords ? primary().stopper.get() : nullptr;
            const std::vector<std::string> words =
                primary().builder->words(request.query, request.syntax, stop);
            q.proximity = proximity_query(words, ranking.window, weighting);
        }
        std::vector<Xapian::Query> matches;
        std::vector<Xapian::Query> ranked;  // per part, before restricting to its languages
        std::vector<Xapian::Query> as_parsed;  // with its terms, for highlighting
        for (const LanguagePart& part : parts) {
            std::optional<Xapian::Query> scored;
            if (!part.languages.empty() && !part.exclude) {
                // A minority language's parse: its stems are rare in the database as a whole,
                // so weighted over it a handful of articles in that language topped queries
                // about common words (docs/performance.md). Weigh them within the language.
                scored = with_bm25_sources(part.parsed, dbs.all, lengths, ranking, part.languages,
                                           &group_counts);
            } else if (lengths) {
                scored = with_bm25_sources(part.parsed, dbs.all, lengths, ranking);
            }
            // Any other shape is Xapian's to weigh: its phrases a match does not need become
            // weighted sources, the others are checked by the matcher's decider
            // (position_check.hpp). The parse as it was keeps every word visible, for passages
            // and highlights.
            const Xapian::Query match = QueryBuilder::filter_dates(
                scored ? *scored : with_position_checks(part.parsed, weighting), request.since,
                request.until);
            matches.push_back(part.restrict(match));
            as_parsed.push_back(part.restrict(part.parsed));
            ranked.push_back(add_proximity(match, q.proximity, ranking.proximity));
            q.ranked_parts.push_back(part.restrict(ranked.back()));
        }
        q.match = either(matches);
        const Xapian::Query parsed = either(as_parsed);
        q.terms = free_text_terms(parsed);
        const double articles = dbs.all.get_doccount();
        for (const std::string& term : q.terms) {
            const double df = dbs.all.get_termfreq(term);
            if (df <= 0) continue;
            q.weighted_terms.emplace_back(term, std::log(1 + (articles - df + 0.5) / (df + 0.5)));
        }
        if (ranking.expand && request.unit == ResultUnit::article) {
            const std::vector<Xapian::docid> top = feedback_articles(q.ranked_parts, ranking);
            const std::set<std::string> query_terms(parsed.get_unique_terms_begin(),
                                                    parsed.get_unique_terms_end());
            q.expansion = expand_query(dbs.all, top, query_terms, ranking, primary().stopwords,
                                       primary().stem);
            // Field filters inside the query (year:, source:, date:) would not bind the new
            // terms, so then feedback only re-ranks what the query matches.
            const bool widen =
                !has_field_filters(QueryBuilder::filter_dates(parsed, request.since, request.until));
            for (std::size_t i = 0; i < parts.size(); ++i) {
                const Xapian::Query expanded =
                    apply_expansion(ranked[i], q.expansion, ranking, widen, weighting);
                q.ranked_parts[i] = parts[i].restrict(
                    QueryBuilder::filter_dates(expanded, request.since, request.until));
            }
        }
        q.ranked = either(q.ranked_parts);
        return q;
    }

    /// An article the article phase found: its weight, and its sort key when sorted by date.
    struct Match {
        Xapian::docid did = 0;
        double weight = 0;
        std::string key;
    };

    struct Matches {
        std::vector<Match> items;
        Xapian::doccount estimated = 0;
    };

    /// The articles feedback learns from: the best `ranking.feedback_docs`. Where articles of
    /// equal weight straddle the cut, their article keys pick, not their docids: docids depend
    /// on how the indexing threads spread the files over shards, and the feedback, so the
    /// answers, should not.
    std::vector<Xapian::docid> feedback_articles(const std::vector<Xapian::Query>& parts,
                                                 const RankingOptions& ranking) const {
        constexpr std::size_t kTieRoom = 32;  // equal weights looked past the cut
        const std::size_t wanted = ranking.feedback_docs;
        std::vector<Match> items =
            top_articles(parts, wanted + kTieRoom, ranking, SortOrder::relevance).items;
        if (wanted > 0 && items.size() > wanted && items[wanted].weight == items[wanted - 1].weight) {
            for (Match& m : items) {
                m.key = dbs.all.get_document(m.did, Xapian::DOC_ASSUME_VALID)
                            .get_value(schema::kSlotArticle);
            }
            std::stable_sort(items.begin(), items.end(), [](const Match& x, const Match& y) {
                if (x.weight != y.weight) return x.weight > y.weight;
                return x.key < y.key;
            });
        }
        std::vector<Xapian::docid> top;
        for (std::size_t i = 0; i < items.size() && i < wanted; ++i) top.push_back(items[i].did);
        return top;
    }

    /// The best `count` articles for `parts` (queries matching disjoint sets of articles),
    /// merged in the order one query would give `sort`: by relevance (ties by docid), or by date
    /// and then relevance.
    Matches top_articles(const std::vector<Xapian::Query>& parts, std::size_t count,
                         const RankingOptions& ranking, SortOrder sort) const {
        const bool by_date = sort != SortOrder::relevance;
        const bool newest = sort == SortOrder::newest;
        DateKey date_key(newest);  // outlives the Enquires that use it
        Matches out;
        for (const Xapian::Query& part : parts) {
            Xapian::Enquire enquire(dbs.all);
            enquire.set_query(part);
            enquire.set_weighting_scheme(weight(ranking));
            if (by_date) enquire.set_sort_by_key_then_relevance(&date_key, newest);
            const Xapian::MSet mset = checked_mset(enquire, static_cast<Xapian::doccount>(count));
            out.estimated += mset.get_matches_estimated();
            for (auto it = mset.begin(); it != mset.end(); ++it) {
                out.items.push_back({*it, it.get_weight(), by_date ? it.get_sort_key() : ""});
            }
        }
        if (parts.size() > 1) {
            std::sort(out.items.begin(), out.items.end(), [&](const Match& x, const Match& y) {
                if (x.key != y.key) return newest ? x.key > y.key : x.key < y.key;
                if (x.weight != y.weight) return x.weight > y.weight;
                return x.did < y.did;
            });
            if (out.items.size() > count) out.items.resize(count);
        }
        return out;
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

    /// The query's free-text terms as body terms, for highlighting and passage scoring. Title
    /// terms count as body words: `title:cocoa` shows and highlights a passage about cocoa (and
    /// the lead passage when no passage mentions it).
    static std::set<std::string> free_text_terms(const Xapian::Query& query) {
        std::set<std::string> terms;
        for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
            if (schema::is_free_text_term(*it)) terms.insert(schema::body_term(*it));
        }
        return terms;
    }

    /// An article's passages scored for the query, best first.
    struct ScoredPassages {
        /// At most `per_article` (passage index, score), each passage matching the query.
        std::vector<std::pair<std::size_t, double>> best;
        std::size_t matching = 0;  // passages with at least one query term
        double top = 0;            // the best passage's score
    };

    /// Scores the passages of article `doc` by BM25 from the positions of the query's terms,
    /// with each term's idf over articles and passage lengths normalised by the article's own
    /// mean passage length. Reads only this article's term list and positions.
    ScoredPassages score_passages(const Xapian::Document& doc,
                                  const std::vector<schema::PassageRange>& passages,
                                  const PreparedQuery& prepared, std::size_t per_article,
                                  const RankingOptions& ranking) const {
        ScoredPassages out;
        const auto& terms = prepared.weighted_terms;
        if (passages.empty() || terms.empty()) return out;
        std::vector<Xapian::termpos> firsts;
        double total_length = 0;
        std::size_t with_words = 0;
        for (const schema::PassageRange& p : passages) {
            firsts.push_back(p.first);
            if (p.last >= p.first) {
                total_length += p.last - p.first + 1;
                ++with_words;
            }
        }
        const double mean_length = with_words > 0 ? total_length / static_cast<double>(with_words) : 1;
        std::vector<std::string> names;
        for (const auto& term : terms) names.push_back(term.first);
        const auto positions = schema::positions_in(doc, names);
        std::vector<std::uint32_t> tf(passages.size() * terms.size(), 0);
        for (std::size_t t = 0; t < terms.size(); ++t) {
            for (const Xapian::termpos pos : positions[t]) {
                auto after = std::upper_bound(firsts.begin(), firsts.end(), pos);
                if (after == firsts.begin()) continue;  // the title, before the first passage
                const auto index = static_cast<std::size_t>(after - firsts.begin() - 1);
                if (pos <= passages[index].last) ++tf[index * terms.size() + t];
            }
        }
        const double k1 = ranking.k1;
        const double b = ranking.b;
        std::vector<std::pair<std::size_t, double>> scored;
        for (std::size_t i = 0; i < passages.size(); ++i) {
            const schema::PassageRange& p = passages[i];
            const double length = p.last >= p.first ? p.last - p.first + 1 : 0;
            const double norm = k1 * ((1 - b) + b * length / mean_length);
            double score = 0;
            for (std::size_t t = 0; t < terms.size(); ++t) {
                const double f = tf[i * terms.size() + t];
                if (f > 0) score += terms[t].second * f * (k1 + 1) / (f + norm);
            }
            if (score > 0) scored.emplace_back(i, score);
        }
        std::stable_sort(scored.begin(), scored.end(),
                         [](const auto& x, const auto& y) { return x.second > y.second; });
        out.matching = scored.size();
        if (!scored.empty()) out.top = scored.front().second;
        if (scored.size() > per_article) scored.resize(per_article);
        out.best = std::move(scored);
        return out;
    }

    /// A candidate article: its document and scores; its stored data (the passages' text) is
    /// read only when it is shown.
    struct Candidate {
        Xapian::docid did = 0;
        Xapian::Document doc;
        const schema::DataReader* reader = nullptr;
        std::optional<schema::StoredArticle> stored;  // read when the article is shown
        ScoredPassages scored;
        double article_score = 0;
        double score = 0;
        std::size_t order = 0;
        double recency = 1.0;

        const schema::StoredArticle& load() {
            if (!stored) {
                const auto json = reader->decode(doc.get_data());
                stored = json ? schema::decode_stored_article(*json) : schema::StoredArticle{};
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

    std::vector<Candidate> take_candidates(const Matches& matches, const PreparedQuery& prepared,
                                           std::size_t per_article,
                                           const RankingOptions& ranking) const {
        std::vector<Candidate> candidates;
        for (std::size_t i = 0; i < matches.items.size(); ++i) {
            Candidate& c = candidates.emplace_back();
            c.did = matches.items[i].did;
            c.doc = dbs.all.get_document(c.did, Xapian::DOC_ASSUME_VALID);
            c.reader = &data_reader;
            c.scored = score_passages(c.doc, c.ranges(), prepared, per_article, ranking);
            c.article_score = matches.items[i].weight;
            c.order = i;
        }
        return candidates;
    }

    SearchResults search_articles(const SearchRequest& request, const PreparedQuery& prepared) {
        SearchResults results;
        results.query = request.query;
        const std::size_t wanted = request.offset + request.limit;
        const Matches matches = fetch_candidates(prepared, request, wanted);
        results.matches_estimated = matches.estimated;
        const std::size_t per_article = std::max<std::size_t>(1, request.passages);
        std::vector<Candidate> candidates =
            take_candidates(matches, prepared, per_article, request.ranking);

        if (request.sort == SortOrder::relevance) {
            double best_article = 0;
            double best_passage = 0;
            for (const Candidate& c : candidates) {
                best_article = std::max(best_article, c.article_score);
                best_passage = std::max(best_passage, c.scored.top);
            }
            const double alpha = std::clamp(request.ranking.article_weight, 0.0, 1.0);
            for (Candidate& c : candidates) {
                const double a = best_article > 0 ? c.article_score / best_article : 0;
                const double p = best_passage > 0 ? c.scored.top / best_passage : 0;
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
            results.hits.push_back(std::move(hit));
        }
        return results;
    }

    /// Marks the query's words in `passage` (of an article in `language`) when the output
    /// shows them.
    void mark_words(PassageHit& passage, const std::string& language, const SearchRequest& request,
                    const PreparedQuery& prepared) const {
        if (!request.highlight) return;
        passage.highlights = find_highlights(passage.text, prepared.terms, stem_for(language));
    }

    /// The articles the passage phase re-ranks. By date, exactly the page's. By relevance, the
    /// best `ranking.candidates` articles by BM25 (more when the page reaches further), whatever
    /// the page: so `-n 5` shows the first five of `-n 20`, and pages follow on from each other.
    /// (Taking only the articles that could still reach the page, given that a passage adds at
    /// most 1 - w, was exact but fetched thousands on a large database, where scores are dense:
    /// docs/performance.md.)
    Matches fetch_candidates(const PreparedQuery& prepared, const SearchRequest& request,
                             std::size_t wanted) const {
        const RankingOptions& r = request.ranking;
        const double alpha = std::clamp(r.article_weight, 0.0, 1.0);
        const bool by_date = request.sort != SortOrder::relevance;
        const std::size_t pool = by_date || alpha >= 1.0 ? wanted : std::max(wanted, r.candidates);
        return top_articles(prepared.ranked_parts, pool, r, request.sort);
    }

    template <typename Candidates>
    void apply_recency(Candidates& candidates, const RankingOptions& ranking) const {
        if (ranking.half_life_days <= 0) return;
        const Date as_of = ranking.as_of ? *ranking.as_of : Date::today();
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

    /// The weight `part` gives the article document `doc`, or 0 when it does not match.
    double weight_of(const Xapian::Query& part, const Xapian::Document& doc,
                     const RankingOptions& ranking) const {
        if (part.empty()) return 0;
        Xapian::Enquire enquire(dbs.all);
        const std::string id_term = schema::id_term_of_key(doc.get_value(schema::kSlotArticle));
        enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, part, Xapian::Query(id_term)));
        enquire.set_weighting_scheme(weight(ranking));
        const Xapian::MSet mset = checked_mset(enquire, 1);
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
            e.emplace_back("feedback",
                           r.feedback_weight * weight_of(expansion_terms(prepared.expansion), doc, r));
        }
        e.emplace_back("article_score", hit.article_score);
        e.emplace_back("passage_score", passage_score);
        e.emplace_back("article_weight", r.article_weight);
        if (r.half_life_days > 0) e.emplace_back("recency_factor", recency);
        e.emplace_back("final", hit.score);
    }

    /// Passages as the unit of results: the passages of the best `ranking.candidates` articles
    /// (at least the page's worth), ranked by their own BM25 score, or by their article's date.
    SearchResults search_passages(const SearchRequest& request, const PreparedQuery& prepared) {
        SearchResults results;
        results.query = request.query;
        const std::size_t wanted = request.offset + request.limit;
        const Matches matches =
            top_articles(prepared.ranked_parts, std::max(wanted, request.ranking.candidates),
                         request.ranking, request.sort);
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
        results.matches_estimated = found.size();
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

Searcher::Searcher(const std::string& path, const std::string& language) try {
    schema::ReadDatabase dbs = schema::open_for_reading(path);
    std::vector<std::string> languages;
    if (!language.empty()) {
        languages.push_back(language);
    } else {
        std::string main = dbs.shards.front().get_metadata(std::string(schema::kStemmerKey));
        languages.push_back(main.empty() ? "english" : main);
        const auto main_language = find_language(languages.front());
        for (const std::string& code : schema::listed_in_shards(dbs.shards, schema::kLanguagesKey)) {
            if (!(main_language && main_language->code == code) && find_language(code)) {
                languages.push_back(code);
            }
        }
    }
    impl_ = std::make_unique<Impl>(path, languages, std::move(dbs));
} catch (const Xapian::Error& e) {
    throw_database_error(e, path, "cannot open");
}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResults Searcher::search(const SearchRequest& request) try {
    const auto run = [&] {
        const Impl::PreparedQuery prepared = impl_->prepare(request);
        if (request.unit == ResultUnit::passage) return impl_->search_passages(request, prepared);
        return impl_->search_articles(request, prepared);
    };
    try {
        return run();
    } catch (const Xapian::DatabaseModifiedError&) {
        // A writer committed while we read: reopen once and retry (a second time is reported).
        reopen();
        return run();
    }
} catch (const Xapian::Error& e) {
    throw_database_error(e, impl_->path, fmt::format("search for '{}' failed", request.query));
}

void Searcher::reopen() try {
    // Shards a writer adds later are seen by the next Searcher, not by reopen().
    impl_->dbs.all.reopen();
    for (Xapian::Database& shard : impl_->dbs.shards) shard.reopen();
    impl_->group_counts.clear();
    // A writer may have trained the compression dictionary since.
    impl_->data_reader = schema::DataReader(impl_->dbs.shards);
    if (impl_->lengths) hold_lengths_in_memory();
} catch (const Xapian::Error& e) {
    throw_database_error(e, impl_->path, "cannot reopen");
}

void Searcher::hold_lengths_in_memory() try {
    impl_->lengths = std::make_shared<const DocumentLengths>(impl_->dbs);
} catch (const Xapian::Error& e) {
    throw_database_error(e, impl_->path, "cannot read the article lengths");
}

void Searcher::hold_lengths_in_memory(const Searcher& other) try {
    if (other.impl_->lengths && other.impl_->lengths->describes(impl_->dbs)) {
        impl_->lengths = other.impl_->lengths;
    } else {
        hold_lengths_in_memory();
    }
} catch (const Xapian::Error& e) {
    throw_database_error(e, impl_->path, "cannot read the article lengths");
}

DatabaseStats Searcher::stats() try {
    DatabaseStats stats;
    const Xapian::Database& articles = impl_->dbs.all;
    stats.path = impl_->path;
    stats.articles = articles.get_doccount();
    for (auto it = articles.valuestream_begin(schema::kSlotPassages);
         it != articles.valuestream_end(schema::kSlotPassages); ++it) {
        stats.passages += static_cast<std::uint64_t>(Xapian::sortable_unserialise(*it));
    }
    stats.schema_version = impl_->dbs.shards.front().get_metadata(std::string(schema::kSchemaKey));
    stats.shards = impl_->dbs.shards.size();
    const std::string file_prefix(schema::kFileKeyPrefix);
    for (const Xapian::Database& shard : impl_->dbs.shards) {
        for (auto it = shard.metadata_keys_begin(file_prefix);
             it != shard.metadata_keys_end(file_prefix); ++it) {
            ++stats.files;
        }
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
} catch (const Xapian::Error& e) {
    throw_database_error(e, impl_->path, "cannot read its statistics");
}

}  // namespace gazette
