//! BM25 scored with lengths from memory; see bm25_source.hpp.
#include "bm25_source.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace gazette {
namespace {

/// One term of a Bm25Terms source.
struct ScoredTerm {
    std::string term;
    TermWeight weight;
    int leaves = 1;  // how many leaves of the query name it: each adds its score once
};

/// The BM25 weight of a word or OR-of-words query, matched as one posting source with MaxScore
/// (Turtle and Flood, 1995). Terms are ordered by the most they can add; given the least
/// weight that can still reach the results (Xapian's `min_wt`), the lowest terms whose bounds
/// add up to less than it cannot by themselves bring an article in, so only the other terms'
/// postings propose articles, and the low terms are looked up (skip_to) only for an article
/// that could still reach `min_wt`. An article's weight is the sum of its terms' scores in one
/// fixed order, whichever terms proposed it, so equal articles weigh exactly the same.
class Bm25Terms : public Xapian::PostingSource {
  public:
    Bm25Terms(std::vector<ScoredTerm> terms, std::shared_ptr<const DocumentLengths> lengths)
        : terms_(std::move(terms)), lengths_(std::move(lengths)) {}

    void init(const Xapian::Database& db) override {
        db_ = db;
        shard_ = lengths_ ? lengths_->shard_of(db) : -1;
        lists_.clear();
        const double documents = db.get_doccount();
        double estimate = 0;
        termfreq_min_ = 0;
        termfreq_max_ = 0;
        for (std::size_t t = 0; t < terms_.size(); ++t) {
            const ScoredTerm& term = terms_[t];
            List list;
            list.term = t;
            list.it = db.postlist_begin(term.term);
            list.end = db.postlist_end(term.term);
            list.settle();
            list.bound = term.leaves * term.weight.upper_bound(db, term.term);
            lists_.push_back(std::move(list));
            // What Xapian's OR of the leaves would report: each leaf's frequency, combined as
            // if independent.
            const Xapian::doccount df = db.get_termfreq(term.term);
            for (int leaf = 0; leaf < term.leaves; ++leaf) {
                if (documents > 0) estimate = estimate + df - estimate * df / documents;
                termfreq_min_ = std::max(termfreq_min_, df);
                termfreq_max_ += df;
            }
        }
        termfreq_est_ = static_cast<Xapian::doccount>(estimate + 0.5);
        termfreq_max_ = std::min<Xapian::doccount>(termfreq_max_, db.get_doccount());
        std::sort(lists_.begin(), lists_.end(),
                  [](const List& a, const List& b) { return a.bound < b.bound; });
        bounds_below_.clear();
        double sum = 0;
        for (const List& list : lists_) {
            sum += list.bound;
            bounds_below_.push_back(sum);
        }
        scores_.assign(terms_.size(), 0);
        set_maxweight(sum);
        started_ = false;
        at_end_ = false;
        did_ = 0;
        weight_ = 0;
    }

    Xapian::doccount get_termfreq_min() const override { return termfreq_min_; }
    Xapian::doccount get_termfreq_est() const override { return termfreq_est_; }
    Xapian::doccount get_termfreq_max() const override { return termfreq_max_; }

    void next(double min_wt) override { advance(started_ ? did_ + 1 : 1, min_wt); }
    void skip_to(Xapian::docid did, double min_wt) override {
        if (started_ && did <= did_) return;
        advance(did, min_wt);
    }
    bool at_end() const override { return at_end_; }
    Xapian::docid get_docid() const override { return did_; }
    double get_weight() const override { return weight_; }

    Bm25Terms* clone() const override { return new Bm25Terms(terms_, lengths_); }
    std::string name() const override { return "gazette::Bm25Terms"; }
    std::string get_description() const override {
        std::string out = "Bm25Terms(";
        for (const ScoredTerm& term : terms_) out += (out.back() == '(' ? "" : " ") + term.term;
        return out + ")";
    }

  private:
    struct List {
        std::size_t term = 0;  // index in terms_
        Xapian::PostingIterator it;
        Xapian::PostingIterator end;
        Xapian::docid did = 0;  // where `it` is, 0 once it has run out (asked once, not per use)
        double bound = 0;

        void settle() { did = it == end ? 0 : *it; }
        void step() {
            ++it;
            settle();
        }
        void move_to(Xapian::docid target) {
            it.skip_to(target);
            settle();
        }
    };

    Xapian::termcount length(Xapian::docid did) const {
        if (shard_ >= 0) {
            if (auto length = lengths_->length(shard_, did)) return *length;
        }
        return db_.get_doclength(did);
    }

    double score(const List& list, Xapian::termcount length) const {
        const ScoredTerm& term = terms_[list.term];
        return term.leaves * term.weight.score(list.it.get_wdf(), length);
    }

    /// Moves to the first article from `from` on whose weight may reach `min_wt`.
    void advance(Xapian::docid from, double min_wt) {
        started_ = true;
        // Partial sums are added in another order than the weight: a hair of slack keeps
        // rounding from dropping an article that reaches min_wt exactly.
        const double reach = min_wt - std::abs(min_wt) * 1e-12;
        // lists_[0, essential) cannot reach min_wt together: they only add to articles the
        // others propose.
        std::size_t essential = 0;
        while (essential < lists_.size() && bounds_below_[essential] < reach) ++essential;
        for (;;) {
            const Xapian::docid candidate = propose(from, essential);
            if (candidate == 0) {
                at_end_ = true;
                return;
            }
            if (weigh(candidate, essential, reach)) {
                double weight = 0;
                for (double s : scores_) weight += s;
                if (weight >= min_wt) {
                    did_ = candidate;
                    weight_ = weight;
                    return;
                }
            }
            from = candidate + 1;
        }
    }

    /// The first article from `from` on that one of the essential lists, lists_[essential..],
    /// holds (each moved to it or past); 0 when they have run out.
    Xapian::docid propose(Xapian::docid from, std::size_t essential) {
        Xapian::docid candidate = 0;
        for (std::size_t i = essential; i < lists_.size(); ++i) {
            List& list = lists_[i];
            if (list.did != 0 && list.did < from) {
                // On the last candidate: a step is much cheaper than Xapian's skip_to.
                if (list.did == from - 1) {
                    list.step();
                } else {
                    list.move_to(from);
                }
            }
            if (list.did != 0 && (candidate == 0 || list.did < candidate)) candidate = list.did;
        }
        return candidate;
    }

    /// Scores `candidate` into scores_: the essential lists that hold it, then the others, from
    /// the highest bound down, for as long as it can still reach `reach`; false once it cannot.
    bool weigh(Xapian::docid candidate, std::size_t essential, double reach) {
        std::fill(scores_.begin(), scores_.end(), 0.0);
        const Xapian::termcount doc_length = length(candidate);
        double sum = 0;
        for (std::size_t i = essential; i < lists_.size(); ++i) {
            const List& list = lists_[i];
            if (list.did == candidate) {
                scores_[list.term] = score(list, doc_length);
                sum += scores_[list.term];
            }
        }
        for (std::size_t i = essential; i-- > 0;) {
            if (sum + bounds_below_[i] < reach) return false;
            List& list = lists_[i];
            if (list.did != 0 && list.did < candidate) list.move_to(candidate);
            if (list.did == candidate) {
                scores_[list.term] = score(list, doc_length);
                sum += scores_[list.term];
            }
        }
        return true;
    }

    std::vector<ScoredTerm> terms_;
    std::shared_ptr<const DocumentLengths> lengths_;
    Xapian::Database db_;
    int shard_ = -1;
    std::vector<List> lists_;         // by bound, lowest first
    std::vector<double> bounds_below_;  // [i]: the sum of lists_[0..i]'s bounds
    std::vector<double> scores_;        // the current candidate's score per term, in terms_ order
    Xapian::doccount termfreq_min_ = 0;
    Xapian::doccount termfreq_est_ = 0;
    Xapian::doccount termfreq_max_ = 0;
    bool started_ = false;
    bool at_end_ = false;
    Xapian::docid did_ = 0;
    double weight_ = 0;
};

}  // namespace

DocumentLengths::DocumentLengths(const schema::ReadDatabase& dbs) {
    for (const Xapian::Database& db : dbs.shards) {
        Shard shard;
        shard.uuid = db.get_uuid();
        shard.revision = db.get_revision();
        shard.lengths.assign(db.get_lastdocid() + 1, 0);
        for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
            shard.lengths[*it] = it.get_doclength();
        }
        shards_.push_back(std::move(shard));
    }
}

int DocumentLengths::shard_of(const Xapian::Database& db) const {
    const std::string uuid = db.get_uuid();
    for (std::size_t i = 0; i < shards_.size(); ++i) {
        if (!uuid.empty() && shards_[i].uuid == uuid) return static_cast<int>(i);
    }
    return -1;
}

bool DocumentLengths::describes(const schema::ReadDatabase& dbs) const {
    if (dbs.shards.size() != shards_.size()) return false;
    for (std::size_t i = 0; i < shards_.size(); ++i) {
        const Xapian::Database& db = dbs.shards[i];
        if (shards_[i].uuid.empty() || db.get_uuid() != shards_[i].uuid ||
            db.get_revision() != shards_[i].revision) {
            return false;
        }
    }
    return true;
}

double GroupCounts::matching(const Xapian::Database& db, const Xapian::Query& query) {
    const std::string key = query.serialise();
    if (auto found = counts_.find(key); found != counts_.end()) return found->second;
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const double count = enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
    if (counts_.size() >= kMaxCounts) counts_.clear();
    counts_.emplace(key, count);
    return count;
}

std::optional<Xapian::Query> with_bm25_sources(const Xapian::Query& query, const Xapian::Database& db,
                                               std::shared_ptr<const DocumentLengths> lengths,
                                               const RankingOptions& ranking,
                                               const Xapian::Query& within, GroupCounts* counts) {
    GroupCounts uncached;
    if (counts == nullptr) counts = &uncached;
    // The terms and how many leaves name each.
    std::map<std::string, int> wqf;
    auto is_term = [](const Xapian::Query& q) {
        return q.get_type() == Xapian::Query::LEAF_TERM && q.get_length() == 1 &&
               schema::is_free_text_term(*q.get_terms_begin());
    };
    if (is_term(query)) {
        ++wqf[*query.get_terms_begin()];
    } else if (query.get_type() == Xapian::Query::OP_OR) {
        for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
            const Xapian::Query sub = query.get_subquery(i);
            if (!is_term(sub)) return std::nullopt;
            ++wqf[*sub.get_terms_begin()];
        }
    } else {
        return std::nullopt;
    }
    const double documents = within.empty() ? db.get_doccount() : counts->matching(db, within);
    const double average = db.get_avlength();
    std::vector<ScoredTerm> terms;
    for (const auto& [term, count] : wqf) {
        const double df = within.empty()
                              ? db.get_termfreq(term)
                              : counts->matching(db, Xapian::Query(Xapian::Query::OP_FILTER,
                                                                   Xapian::Query(term), within));
        ScoredTerm scored;
        scored.term = term;
        scored.weight = TermWeight::bm25(documents, df, average, ranking);
        // Xapian scores a repeated term once per leaf, each leaf with a query frequency of 1.
        scored.leaves = count;
        terms.push_back(std::move(scored));
    }
    return Xapian::Query((new Bm25Terms(std::move(terms), std::move(lengths)))->release());
}

}  // namespace gazette
