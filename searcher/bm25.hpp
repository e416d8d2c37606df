//! BM25, the one owner of its formulas. Gazette scores with BM25 in three places, which must
//! agree: articles matched by Xapian (article_weighting(): Xapian::BM25Weight); articles matched
//! by Gazette's own posting sources, with lengths in memory or positions checked (TermWeight,
//! which scores exactly as that BM25Weight does: bm25_source.hpp, position_check.hpp); and the
//! passages of the best articles, scored from their words' positions (passage_idf() and
//! passage_term_score()). The parameters k1 and b come from RankingOptions (ranking.hpp), where
//! every ranking default is kept; the constants of the weighting are here.
//!
//! Entry points: article_weighting(), TermWeight, passage_idf(), passage_term_score().
#pragma once

#include <algorithm>
#include <string>

#include <xapian.h>

#include "ranking.hpp"

namespace gazette {

/// BM25Weight's k2 (no document-length correction), k3 (a leaf's query frequency counts as it
/// is) and min_normlen (the shortest length normalisation), as the searcher weighs articles.
inline constexpr double kBm25K2 = 0;
inline constexpr double kBm25K3 = 1;
inline constexpr double kBm25MinNormlen = 0.5;

/// The weighting the article phase ranks with: BM25 with `ranking`'s k1 and b.
Xapian::BM25Weight article_weighting(const RankingOptions& ranking);

/// The constants of one term's BM25 weight, as article_weighting() weighs it.
struct TermWeight {
    double termweight = 0;  // idf, query-frequency factor and (k1 + 1)
    double len_factor = 0;  // 1 / average length
    double k1 = 0;
    double b = 0;

    /// A term in `df` of `documents` documents of mean length `average`, as BM25Weight weighs
    /// a query leaf naming it once.
    static TermWeight bm25(double documents, double df, double average, const RankingOptions& ranking);

    /// The most `term` can score in a document of `db`, the bound BM25Weight uses: its most
    /// frequent occurrence in the shortest document (0 when `db` lacks it).
    double upper_bound(const Xapian::Database& db, const std::string& term) const {
        const double wdf_max = db.get_wdf_upper_bound(term);
        if (wdf_max <= 0) return 0;
        return score(wdf_max, std::max<double>(wdf_max, db.get_doclength_lower_bound()));
    }

    double score(double wdf, double length) const {
        const double normlen = std::max(length * len_factor, kBm25MinNormlen);
        return termweight * (wdf / (k1 * (normlen * b + (1 - b)) + wdf));
    }
};

/// A term's idf for scoring passages: over articles (`df` of `articles`), Robertson and
/// Sparck Jones' with 1 added inside the log, so that it never goes negative.
double passage_idf(double articles, double df);

/// What a term of idf `idf`, occurring `tf` times in a passage of `length` words, adds to the
/// passage's score, lengths normalised by the article's own mean passage length.
double passage_term_score(double idf, double tf, double length, double mean_length,
                          const RankingOptions& ranking);

}  // namespace gazette
