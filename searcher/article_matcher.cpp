//! Matching articles and merging the language parts; see article_matcher.hpp.
#include "article_matcher.hpp"

#include <algorithm>
#include <memory>

#include "bm25.hpp"
#include "position_check.hpp"
#include "schema.hpp"

namespace gazette {
namespace {

/// Sorts by date, and within a day by the time of day where the source gives it (kSlotDateTime),
/// with undated articles last in either direction.
class DateKey : public Xapian::KeyMaker {
  public:
    explicit DateKey(bool newest_first) : newest_first_(newest_first) {}
    std::string operator()(const Xapian::Document& doc) const override {
        std::string value = doc.get_value(schema::kSlotDateTime);
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
        if (by_date) {
            enquire.set_sort_by_key_then_relevance(&date_key, newest);
        } else {
            // Equal weights in article key order, never docid order (docids depend on how the
            // indexing threads spread the files over shards).
            enquire.set_sort_by_relevance_then_value(schema::kSlotArticle, false);
        }
        const Xapian::MSet mset =
            checked_mset(enquire, static_cast<Xapian::doccount>(count), check_at_least);
        out.estimated += mset.get_matches_estimated();
        out.lower += mset.get_matches_lower_bound();
        out.upper += mset.get_matches_upper_bound();
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            out.items.push_back({*it, it.get_weight(), by_date ? it.get_sort_key() : "",
                                 by_date ? "" : it.get_sort_key()});
        }
    }
    if (parts.size() > 1) {
        std::sort(out.items.begin(), out.items.end(), [&](const Match& x, const Match& y) {
            if (x.key != y.key) return newest ? x.key > y.key : x.key < y.key;
            if (x.weight != y.weight) return x.weight > y.weight;
            if (x.article != y.article) return x.article < y.article;
            return x.did < y.did;
        });
        if (out.items.size() > count) out.items.resize(count);
    }
    return out;
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

ValueCounts ArticleMatcher::value_counts(const std::vector<Xapian::Query>& parts,
                                         const std::vector<Xapian::valueno>& slots) const {
    ValueCounts out;
    out.slots.resize(slots.size());
    for (const Xapian::Query& part : parts) {
        std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
        for (const Xapian::valueno slot : slots) {
            spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
        }
        Xapian::Enquire enquire(db_);
        enquire.set_query(part);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        for (const auto& spy : spies) enquire.add_matchspy(spy.get());
        out.total += checked_mset(enquire, 0, db_.get_doccount()).get_matches_lower_bound();
        for (std::size_t i = 0; i < spies.size(); ++i) {
            for (auto it = spies[i]->values_begin(); it != spies[i]->values_end(); ++it) {
                out.slots[i][*it] += it.get_termfreq();
            }
        }
    }
    return out;
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
    std::vector<Xapian::docid> top;
    for (const Match& m : top_articles(parts, ranking.feedback_docs, ranking, SortOrder::relevance).items) {
        top.push_back(m.did);
    }
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
