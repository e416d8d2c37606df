//! Matching articles and merging the language parts; see article_matcher.hpp.
#include "article_matcher.hpp"

#include <algorithm>

#include "bm25.hpp"
#include "position_check.hpp"
#include "schema.hpp"

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

}  // namespace

Matches ArticleMatcher::top_articles(const std::vector<Xapian::Query>& parts, std::size_t count,
                                     const RankingOptions& ranking, SortOrder sort,
                                     Xapian::doccount check_at_least) const {
    const bool by_date = sort != SortOrder::relevance;
    const bool newest = sort == SortOrder::newest;
    DateKey date_key(newest);  // outlives the Enquires that use it
    Matches out;
    for (const Xapian::Query& part : parts) {
        Xapian::Enquire enquire(db_);
        enquire.set_query(part);
        enquire.set_weighting_scheme(article_weighting(ranking));
        if (by_date) enquire.set_sort_by_key_then_relevance(&date_key, newest);
        const Xapian::MSet mset =
            checked_mset(enquire, static_cast<Xapian::doccount>(count), check_at_least);
        out.estimated += mset.get_matches_estimated();
        out.lower += mset.get_matches_lower_bound();
        out.upper += mset.get_matches_upper_bound();
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

Matches ArticleMatcher::candidates(const std::vector<Xapian::Query>& parts,
                                   const SearchRequest& request, std::size_t wanted,
                                   Xapian::doccount check_at_least) const {
    const RankingOptions& r = request.ranking;
    const double alpha = std::clamp(r.article_weight, 0.0, 1.0);
    const bool by_date = request.sort != SortOrder::relevance;
    const std::size_t pool = by_date || alpha >= 1.0 ? wanted : std::max(wanted, r.candidates);
    return top_articles(parts, pool, r, request.sort, check_at_least);
}

Xapian::doccount ArticleMatcher::count(const std::vector<Xapian::Query>& parts) const {
    Xapian::doccount total = 0;
    for (const Xapian::Query& part : parts) {
        Xapian::Enquire enquire(db_);
        enquire.set_query(part);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        total += checked_mset(enquire, 0, db_.get_doccount()).get_matches_lower_bound();
    }
    return total;
}

std::vector<Xapian::docid> ArticleMatcher::all_matches(const std::vector<Xapian::Query>& parts) const {
    std::vector<Xapian::docid> out;
    for (const Xapian::Query& part : parts) {
        Xapian::Enquire enquire(db_);
        enquire.set_query(part);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.set_docid_order(Xapian::Enquire::ASCENDING);
        const Xapian::MSet mset = checked_mset(enquire, db_.get_doccount(), db_.get_doccount());
        for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(*it);
    }
    return out;
}

std::vector<Xapian::docid> ArticleMatcher::feedback_articles(const std::vector<Xapian::Query>& parts,
                                                             const RankingOptions& ranking) const {
    constexpr std::size_t kTieRoom = 32;  // equal weights looked past the cut
    const std::size_t wanted = ranking.feedback_docs;
    std::vector<Match> items =
        top_articles(parts, wanted + kTieRoom, ranking, SortOrder::relevance).items;
    if (wanted > 0 && items.size() > wanted && items[wanted].weight == items[wanted - 1].weight) {
        for (Match& m : items) {
            m.key = db_.get_document(m.did, Xapian::DOC_ASSUME_VALID).get_value(schema::kSlotArticle);
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

double ArticleMatcher::weight_of(const Xapian::Query& part, const Xapian::Document& doc,
                                 const RankingOptions& ranking) const {
    if (part.empty()) return 0;
    Xapian::Enquire enquire(db_);
    const std::string id_term = schema::id_term_of_key(doc.get_value(schema::kSlotArticle));
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, part, Xapian::Query(id_term)));
    enquire.set_weighting_scheme(article_weighting(ranking));
    const Xapian::MSet mset = checked_mset(enquire, 1);
    return mset.empty() ? 0 : mset.begin().get_weight();
}

}  // namespace gazette
