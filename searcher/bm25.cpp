//! BM25's formulas; see bm25.hpp.
#include "bm25.hpp"

#include <cmath>

namespace gazette {

Xapian::BM25Weight article_weighting(const RankingOptions& ranking) {
    return Xapian::BM25Weight(ranking.k1, kBm25K2, kBm25K3, ranking.b, kBm25MinNormlen);
}

TermWeight TermWeight::bm25(double documents, double df, double average,
                            const RankingOptions& ranking) {
    // BM25Weight::init: idf with Xapian's floor for very common terms; with k3 = 1 a leaf's
    // query frequency of 1 leaves it as it is.
    double tw = (documents - df + 0.5) / (df + 0.5);
    if (tw < 2) tw = tw * 0.5 + 1;
    TermWeight weight;
    weight.k1 = ranking.k1;
    weight.b = ranking.b;
    weight.termweight = std::log(tw) * (ranking.k1 + 1);
    weight.len_factor = average > 0 ? 1 / average : 0;
    return weight;
}

double passage_idf(double articles, double df) {
    return std::log(1 + (articles - df + 0.5) / (df + 0.5));
}

double passage_term_score(double idf, double tf, double length, double mean_length,
                          const RankingOptions& ranking) {
    const double k1 = ranking.k1;
    const double b = ranking.b;
    const double norm = k1 * ((1 - b) + b * length / mean_length);
    return idf * tf * (k1 + 1) / (tf + norm);
}

}  // namespace gazette
