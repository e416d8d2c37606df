//! Passage BM25 from an article's positions; see passage_scorer.hpp.
#include "passage_scorer.hpp"

#include <algorithm>
#include <cstdint>

#include "bm25.hpp"

namespace gazette {
namespace {

/// How often each of `terms` occurs in each passage: [passage * terms + term].
std::vector<std::uint32_t> term_counts(const Xapian::Document& doc,
                                       const std::vector<schema::PassageRange>& passages,
                                       const std::vector<std::pair<std::string, double>>& terms) {
    std::vector<Xapian::termpos> firsts;
    for (const schema::PassageRange& p : passages) firsts.push_back(p.first);
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
    return tf;
}

/// The mean number of words of the passages that have any; 1 when none has.
double mean_length(const std::vector<schema::PassageRange>& passages) {
    double total_length = 0;
    std::size_t with_words = 0;
    for (const schema::PassageRange& p : passages) {
        if (p.last >= p.first) {
            total_length += p.last - p.first + 1;
            ++with_words;
        }
    }
    return with_words > 0 ? total_length / static_cast<double>(with_words) : 1;
}

}  // namespace

std::vector<std::pair<std::string, double>> passage_terms(const Xapian::Database& db,
                                                          const std::set<std::string>& terms) {
    std::vector<std::pair<std::string, double>> weighted;
    const double articles = db.get_doccount();
    for (const std::string& term : terms) {
        const double df = db.get_termfreq(term);
        if (df <= 0) continue;
        weighted.emplace_back(term, passage_idf(articles, df));
    }
    return weighted;
}

ScoredPassages score_passages(const Xapian::Document& doc,
                              const std::vector<schema::PassageRange>& passages,
                              const std::vector<std::pair<std::string, double>>& terms,
                              std::size_t per_article, const RankingOptions& ranking) {
    ScoredPassages out;
    if (passages.empty() || terms.empty()) return out;
    const double mean = mean_length(passages);
    const std::vector<std::uint32_t> tf = term_counts(doc, passages, terms);
    std::vector<std::pair<std::size_t, double>> scored;
    for (std::size_t i = 0; i < passages.size(); ++i) {
        const schema::PassageRange& p = passages[i];
        const double length = p.last >= p.first ? p.last - p.first + 1 : 0;
        double score = 0;
        for (std::size_t t = 0; t < terms.size(); ++t) {
            const double f = tf[i * terms.size() + t];
            if (f > 0) score += passage_term_score(terms[t].second, f, length, mean, ranking);
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

}  // namespace gazette
