//! Proximity, feedback and recency; see ranking.hpp.
#include "ranking.hpp"

#include <algorithm>
#include <cmath>
#include <cctype>
#include <set>

#include "position_check.hpp"
#include "schema.hpp"
#include "text.hpp"

namespace gazette {
namespace {

/// Accepts stemmed body terms that are not in the query, not stopwords and not numbers.
class FeedbackDecider : public Xapian::ExpandDecider {
  public:
    FeedbackDecider(std::set<std::string> query_terms, const std::vector<std::string>& stopwords,
                    const Xapian::Stem& stem)
        : query_terms_(std::move(query_terms)) {
        // Feedback picks stems, so stopwords are excluded as stems too.
        for (const std::string& word : stopwords) query_terms_.insert(stem(word));
    }

    bool operator()(const std::string& term) const override {
        if (term.size() < 3) return false;
        if (!schema::is_body_term(term)) return false;  // a title term, a field or boolean term
        if (query_terms_.count(term) != 0) return false;
        if (std::any_of(term.begin(), term.end(), is_ascii_digit)) {
            return false;
        }
        return true;
    }

  private:
    std::set<std::string> query_terms_;
};

}  // namespace

Xapian::Query proximity_query(const std::vector<std::string>& words, unsigned window,
                              const PositionWeighting& weighting) {
    std::vector<Xapian::Query> pairs;
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        if (words[i] == words[i + 1]) continue;
        pairs.push_back(
            positioned_query({words[i], words[i + 1]}, window, Arrangement::any_order, weighting));
    }
    if (pairs.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end());
}

Xapian::Query add_proximity(const Xapian::Query& base, const Xapian::Query& near, double weight) {
    if (weight <= 0 || near.empty()) return base;
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, base,
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, near, weight));
}

Expansion expand_query(const Xapian::Database& db, const std::vector<Xapian::docid>& top,
                       const std::set<std::string>& query_terms, const RankingOptions& ranking,
                       const std::vector<std::string>& stopwords, const Xapian::Stem& stem) {
    Expansion out;
    if (top.empty()) return out;
    Xapian::RSet rset;
    for (Xapian::docid did : top) rset.add_document(did);
    Xapian::Enquire enquire(db);
    FeedbackDecider decider(query_terms, stopwords, stem);
    // Exact term frequencies: by default Xapian estimates them from the shard each feedback
    // article lives in, which makes the expansion depend on how articles fell into shards.
    const Xapian::ESet eset = enquire.get_eset(static_cast<Xapian::termcount>(ranking.feedback_terms),
                                               rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
    if (eset.empty()) return out;
    const double best = eset.begin().get_weight();
    for (auto it = eset.begin(); it != eset.end(); ++it) {
        out.terms.emplace_back(*it, it.get_weight() / best);
    }
    return out;
}

Xapian::Query expansion_terms(const Expansion& expansion) {
    std::vector<Xapian::Query> terms;
    for (const auto& [term, share] : expansion.terms) {
        terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), share);
    }
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query apply_expansion(const Xapian::Query& original, const Expansion& expansion,
                              const RankingOptions& ranking, bool widen,
                              const PositionWeighting& weighting) {
    if (expansion.terms.empty()) return original;
    const Xapian::Query added_terms = expansion_terms(expansion);
    const double lambda = std::clamp(ranking.feedback_weight, 0.0, 1.0);
    // Widened, the original query becomes optional, so its phrases are checked where they stand.
    const Xapian::Query kept(Xapian::Query::OP_SCALE_WEIGHT,
                             widen ? with_position_checks(original, weighting, false) : original,
                             1 - lambda);
    const Xapian::Query added(Xapian::Query::OP_SCALE_WEIGHT, added_terms, lambda);
    return widen ? Xapian::Query(Xapian::Query::OP_OR, kept, added)
                 : Xapian::Query(Xapian::Query::OP_AND_MAYBE, kept, added);
}

double recency_factor(const std::string& date, const Date& as_of, double half_life_days,
                      double undated_age_days) {
    if (half_life_days <= 0) return 1.0;
    double age = undated_age_days;
    if (auto parsed = Date::from_iso(date)) {
        age = std::max(0.0, static_cast<double>(days_between(*parsed, as_of)));
    }
    return std::exp2(-age / half_life_days);
}

}  // namespace gazette
