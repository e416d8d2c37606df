//! Matching articles and merging the language parts; see article_matcher.hpp.
#include "article_matcher.hpp"

#include <algorithm>
#include <memory>
#include <set>

#include "bm25.hpp"
#include "position_check.hpp"
#include "schema.hpp"

namespace gazette {
namespace {

/// The sort key of an undated article in oldest-first order: after every date.
constexpr std::string_view kUndatedLast = "\xff";

/// Dated articles: those with a date and time value (kSlotDateTime), which --sort orders by.
Xapian::Query dated() { return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDateTime, "0"); }

/// The queries `parts` become for `sort`: by relevance or newest first, themselves (an undated
/// article's empty value sorts after every date when descending); oldest first, each split
/// into its dated articles and then its undated ones, which come last. Xapian sorts by the
/// slot's value itself (no KeyMaker, which a remote shard's server refuses).
std::vector<std::pair<Xapian::Query, bool>> sort_parts(const std::vector<Xapian::Query>& parts,
                                                       SortOrder sort) {
    std::vector<std::pair<Xapian::Query, bool>> out;  // the query, and whether it is undated
    for (const Xapian::Query& part : parts) {
        if (sort != SortOrder::oldest) {
            out.emplace_back(part, false);
            continue;
        }
        out.emplace_back(Xapian::Query(Xapian::Query::OP_FILTER, part, dated()), false);
        out.emplace_back(Xapian::Query(Xapian::Query::OP_AND_NOT, part, dated()), true);
    }
    return out;
}

/// Keeps the first article of each story in `items` (a story whose reports are in several
/// language parts, or dated and undated, is collapsed in each part).
void drop_repeated_stories(std::vector<Match>& items) {
    std::set<std::string> seen;
    std::erase_if(items, [&](const Match& m) { return !m.story.empty() && !seen.insert(m.story).second; });
}

bool tied(const Match& x, const Match& y) { return x.key == y.key && x.weight == y.weight; }

/// The best `count` articles of `enquire` sorted by date then relevance, with their article
/// keys. Xapian orders articles of equal date and weight by docid; Gazette by article key, so
/// when such a tie straddles the cut, the match is deepened until the whole tie is in it.
std::vector<Match> by_date(const Xapian::Database& db, const Xapian::Enquire& enquire, std::size_t count,
                           bool undated, Xapian::doccount check_at_least, bool on_client,
                           CheckedMatches& found) {
    std::vector<Match> items;
    for (std::size_t fetch = count + 1;; fetch *= 2) {
        found = checked_matches(enquire, static_cast<Xapian::doccount>(fetch), check_at_least, on_client);
        items.clear();
        for (const CheckedMatches::Item& m : found.items) {
            const Xapian::Document doc =
                m.doc.get_docid() != 0 ? m.doc : db.get_document(m.did, Xapian::DOC_ASSUME_VALID);
            items.push_back({m.did, m.weight, undated ? std::string(kUndatedLast) : m.sort_key,
                             doc.get_value(schema::kSlotArticle), m.story});
        }
        if (items.size() < fetch || count == 0 || !tied(items[count - 1], items.back())) break;
    }
    return items;
}

}  // namespace

Matches ArticleMatcher::top_articles(const std::vector<Xapian::Query>& parts, std::size_t count,
                                     const RankingOptions& ranking, SortOrder sort,
                                     Xapian::doccount check_at_least, bool collapse) const {
    const bool by_value = sort != SortOrder::relevance;
    const bool newest = sort == SortOrder::newest;
    const auto sorted_parts = sort_parts(parts, sort);
    Matches out;
    for (const auto& [part, undated] : sorted_parts) {
        Xapian::Enquire enquire(db_);
        enquire.set_query(part);
        enquire.set_weighting_scheme(article_weighting(ranking));
        if (collapse) enquire.set_collapse_key(schema::kSlotStory);
        CheckedMatches found;
        if (by_value) {
            enquire.set_sort_by_value_then_relevance(schema::kSlotDateTime, newest);
            for (Match& m : by_date(db_, enquire, count, undated, check_at_least, on_client_, found)) {
                out.items.push_back(std::move(m));
            }
        } else {
            // Equal weights in article key order, never docid order (docids depend on how the
            // indexing threads spread the files over shards).
            enquire.set_sort_by_relevance_then_value(schema::kSlotArticle, false);
            found = checked_matches(enquire, static_cast<Xapian::doccount>(count), check_at_least, on_client_);
            for (CheckedMatches::Item& m : found.items) {
                out.items.push_back({m.did, m.weight, "", std::move(m.sort_key), std::move(m.story)});
            }
        }
        out.estimated += found.estimated;
        out.lower += found.lower;
        out.upper += found.upper;
    }
    if (sorted_parts.size() > 1 || by_value) {
        std::sort(out.items.begin(), out.items.end(), [&](const Match& x, const Match& y) {
            if (x.key != y.key) return newest ? x.key > y.key : x.key < y.key;
            if (x.weight != y.weight) return x.weight > y.weight;
            if (x.article != y.article) return x.article < y.article;
            return x.did < y.did;
        });
        if (collapse) drop_repeated_stories(out.items);
        if (out.items.size() > count) out.items.resize(count);
    }
    return out;
}

Xapian::doccount ArticleMatcher::count(const std::vector<Xapian::Query>& parts, bool collapse) const {
    Xapian::doccount total = 0;
    for (const Xapian::Query& part : parts) {
        Xapian::Enquire enquire(db_);
        enquire.set_query(part);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        if (collapse) enquire.set_collapse_key(schema::kSlotStory);
        total += checked_matches(enquire, 0, db_.get_doccount(), on_client_).lower;
    }
    return total;
}

namespace {

/// value_counts() of one part whose phrases the client checks (no match spy would see the
/// check): the values of every matching article, read from its document.
Xapian::doccount count_on_client(const Xapian::Enquire& enquire, Xapian::doccount all,
                                 const std::vector<Xapian::valueno>& slots, ValueCounts& out) {
    const CheckedMatches found = checked_matches(enquire, all, all, true);
    for (const CheckedMatches::Item& m : found.items) {
        for (std::size_t i = 0; i < slots.size(); ++i) {
            std::string value = m.doc.get_value(slots[i]);
            if (!value.empty()) ++out.slots[i][std::move(value)];
        }
    }
    return found.lower;
}

}  // namespace

ValueCounts ArticleMatcher::value_counts(const std::vector<Xapian::Query>& parts,
                                         const std::vector<Xapian::valueno>& slots) const {
    ValueCounts out;
    out.slots.resize(slots.size());
    for (const Xapian::Query& part : parts) {
        Xapian::Enquire enquire(db_);
        enquire.set_query(part);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        if (on_client_ && !required_constraints(part).empty()) {
            out.total += count_on_client(enquire, db_.get_doccount(), slots, out);
            continue;
        }
        std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
        for (const Xapian::valueno slot : slots) {
            spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
        }
        for (const auto& spy : spies) enquire.add_matchspy(spy.get());
        out.total += checked_matches(enquire, 0, db_.get_doccount(), false).lower;
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
        const CheckedMatches found = checked_matches(enquire, db_.get_doccount(), db_.get_doccount(), on_client_);
        for (const CheckedMatches::Item& m : found.items) out.push_back(m.did);
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
    const CheckedMatches found = checked_matches(enquire, 1, 0, on_client_);
    return found.items.empty() ? 0 : found.items.front().weight;
}

}  // namespace gazette
