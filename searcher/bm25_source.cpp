//! BM25 scored with lengths from memory; see bm25_source.hpp.
#include "bm25_source.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace gazette {
namespace {

/// The constants of one term's BM25 weight (as Xapian::BM25Weight with k2 = 0, k3 = 1 and
/// min_normlen = 0.5, the weighting the searcher uses).
struct TermWeight {
    double termweight = 0;  // idf, query-frequency factor and (k1 + 1)
    double len_factor = 0;  // 1 / average length
    double k1 = 0;
    double b = 0;
    static constexpr double kMinNormlen = 0.5;

    double score(double wdf, double length) const {
        const double normlen = std::max(length * len_factor, kMinNormlen);
        return termweight * (wdf / (k1 * (normlen * b + (1 - b)) + wdf));
    }
};

class Bm25Source : public Xapian::PostingSource {
  public:
    Bm25Source(std::string term, TermWeight weight, std::shared_ptr<const DocumentLengths> lengths)
        : term_(std::move(term)), weight_(weight), lengths_(std::move(lengths)) {}

    void init(const Xapian::Database& db) override {
        db_ = db;
        shard_ = lengths_ ? lengths_->shard_of(db) : -1;
        it_ = db.postlist_begin(term_);
        end_ = db.postlist_end(term_);
        started_ = false;
        termfreq_ = db.get_termfreq(term_);
        // The bound BM25Weight uses: the most frequent occurrence in the shortest document.
        const double wdf_max = db.get_wdf_upper_bound(term_);
        const double shortest = std::max(wdf_max, static_cast<double>(db.get_doclength_lower_bound()));
        set_maxweight(wdf_max > 0 ? weight_.score(wdf_max, shortest) : 0);
    }

    Xapian::doccount get_termfreq_min() const override { return termfreq_; }
    Xapian::doccount get_termfreq_est() const override { return termfreq_; }
    Xapian::doccount get_termfreq_max() const override { return termfreq_; }

    void next(double) override {
        if (started_) {
            ++it_;
        } else {
            started_ = true;
        }
    }
    void skip_to(Xapian::docid did, double) override {
        started_ = true;
        it_.skip_to(did);
    }
    bool at_end() const override { return started_ && it_ == end_; }
    Xapian::docid get_docid() const override { return *it_; }

    double get_weight() const override {
        const Xapian::docid did = *it_;
        std::optional<Xapian::termcount> length;
        if (shard_ >= 0) length = lengths_->length(shard_, did);
        if (!length) length = db_.get_doclength(did);
        return weight_.score(it_.get_wdf(), *length);
    }

    Bm25Source* clone() const override { return new Bm25Source(term_, weight_, lengths_); }
    std::string name() const override { return "gazette::Bm25Source"; }
    std::string get_description() const override { return "Bm25Source(" + term_ + ")"; }

  private:
    std::string term_;
    TermWeight weight_;
    std::shared_ptr<const DocumentLengths> lengths_;
    Xapian::Database db_;
    int shard_ = -1;
    Xapian::PostingIterator it_;
    Xapian::PostingIterator end_;
    bool started_ = false;
    Xapian::doccount termfreq_ = 0;
};

}  // namespace

DocumentLengths::DocumentLengths(const schema::ReadDatabase& dbs) {
    for (const Xapian::Database& db : dbs.shards) {
        Shard shard;
        shard.uuid = db.get_uuid();
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

namespace {

/// How many articles `query` matches, exactly.
double articles_matching(const Xapian::Database& db, const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
}

}  // namespace

std::optional<Xapian::Query> with_bm25_sources(const Xapian::Query& query, const Xapian::Database& db,
                                               std::shared_ptr<const DocumentLengths> lengths,
                                               const RankingOptions& ranking,
                                               const Xapian::Query& within) {
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
    const double documents = within.empty() ? db.get_doccount() : articles_matching(db, within);
    const double average = db.get_avlength();
    std::vector<Xapian::Query> sources;
    for (const auto& [term, count] : wqf) {
        // BM25Weight::init: idf with Xapian's floor for very common terms; with k3 = 1 a
        // leaf's query frequency of 1 leaves it as it is.
        const double df = within.empty()
                              ? db.get_termfreq(term)
                              : articles_matching(db, Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(term), within));
        double tw = (documents - df + 0.5) / (df + 0.5);
        if (tw < 2) tw = tw * 0.5 + 1;
        TermWeight weight;
        weight.k1 = ranking.k1;
        weight.b = ranking.b;
        weight.termweight = std::log(tw) * (ranking.k1 + 1);
        weight.len_factor = average > 0 ? 1 / average : 0;
        // Xapian scores a repeated term once per leaf, each leaf with a query frequency of 1.
        for (int leaf = 0; leaf < count; ++leaf) {
            auto* source = new Bm25Source(term, weight, lengths);
            sources.emplace_back(source->release());
        }
    }
    if (sources.size() == 1) return sources.front();
    return Xapian::Query(Xapian::Query::OP_OR, sources.begin(), sources.end());
}

}  // namespace gazette
