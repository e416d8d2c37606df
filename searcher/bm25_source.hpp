//! BM25 with document lengths held in memory, for processes that answer many queries.
//!
//! Xapian's BM25Weight looks up each candidate's length in the database (a B-tree of length
//! chunks) as it scores it; on a one-million article database that lookup was a third of a
//! query's time. DocumentLengths reads every length once (about 30 ms per million articles);
//! with_bm25_sources() rewrites a query made only of free-text terms, the shape of nearly every
//! typed query, into one posting source that scores its terms exactly as Xapian's BM25Weight
//! does, with lengths from memory, and matches them with MaxScore: it skips the articles that
//! cannot reach the results, which Xapian's OR of terms mostly scores anyway (a third of the
//! matching time on one million articles; docs/performance.md). Any other query is left to
//! Xapian. Both give the same articles and scores (tests/integration). The same source weights
//! a query parsed in a minority language by that language's own statistics.
#pragma once

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "bm25.hpp"
#include "ranking.hpp"
#include "schema.hpp"

namespace gazette {

/// Every document's length, per shard, by docid within the shard.
class DocumentLengths {
  public:
    explicit DocumentLengths(const schema::ReadDatabase& dbs);

    /// The shard `db` is (matched by its UUID), or -1.
    int shard_of(const Xapian::Database& db) const;

    /// Whether these are the lengths of `dbs` as they are now: the same shards at the same
    /// commit.
    bool describes(const schema::ReadDatabase& dbs) const;

    /// The length of document `did` of `shard`, or nullopt when it was added after loading.
    std::optional<Xapian::termcount> length(int shard, Xapian::docid did) const {
        const auto& lengths = shards_[static_cast<std::size_t>(shard)].lengths;
        if (did >= lengths.size()) return std::nullopt;
        return lengths[did];
    }

  private:
    struct Shard {
        std::string uuid;
        Xapian::rev revision = 0;  // the commit the lengths were read at
        std::vector<Xapian::termcount> lengths;
    };
    std::vector<Shard> shards_;
};

/// How many articles a query matches, counted once: a minority-language part is weighted by
/// how many of its language's articles hold each word, for every query. Valid while the
/// database stays as it was (clear() after reopening it).
class GroupCounts {
  public:
    double matching(const Xapian::Database& db, const Xapian::Query& query);
    void clear() { counts_.clear(); }

  private:
    static constexpr std::size_t kMaxCounts = 100000;  // forgotten all at once
    std::unordered_map<std::string, double> counts_;    // by serialised query
};

/// `query` with each of its terms scored by a posting source when it is a free-text term or an
/// OR of free-text terms; nullopt for any other shape. Lengths come from `lengths` when given,
/// else from the database. The idf is taken over the whole database `db`, as BM25Weight's, or,
/// given `within`, over the articles it matches only (a language's: a query parsed in a
/// minority language is weighted by how rare its words are among that language's articles),
/// those counts kept in `counts` when given.
std::optional<Xapian::Query> with_bm25_sources(const Xapian::Query& query, const Xapian::Database& db,
                                               std::shared_ptr<const DocumentLengths> lengths,
                                               const RankingOptions& ranking,
                                               const Xapian::Query& within = Xapian::Query(),
                                               GroupCounts* counts = nullptr);

}  // namespace gazette
