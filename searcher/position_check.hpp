//! Phrases, NEAR and proximity on Gazette's own positions.
//!
//! Gazette keeps each article's term positions in one value (schema.hpp: kSlotTokens), not in
//! Xapian's position table, so Xapian sees a database without positions and matches a phrase or
//! NEAR as the AND of its words (which also gives the weight Xapian's phrase would). The words'
//! arrangement is then checked here, in one of two ways:
//!
//! - A phrase every match needs (the query, or a part ANDed or filtered into it) stays in the
//!   query and is checked by a PositionDecider, a match decider, which Xapian consults only for
//!   articles whose weight could still reach the results: a phrase of two common words on a
//!   million articles reads the positions of hundreds of articles, not of the tens of thousands
//!   holding both words.
//! - Any other (under OR, or the optional side of AND_MAYBE, as proximity's NEARs are) becomes a
//!   PositionedTerms posting source, which weighs its words as BM25Weight does and checks the
//!   arrangement only of articles whose weight could reach the results (Xapian's `min_wt`).
//! - Under NOT, or with parts other than single terms, the AND of the words is filtered by a
//!   PositionCheck posting source: exact for any shape, but it checks every article holding all
//!   the words.
//!
//! Entry points: with_position_checks(), required_constraints(), PositionDecider,
//! positioned_query().
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "bm25_source.hpp"
#include "ranking.hpp"

namespace gazette {

/// How the words of a positional query must stand.
enum class Arrangement {
    in_order,  // a phrase: each word after the one before, all within the window
    any_order  // NEAR: all within the window, in any order
};

/// A phrase or NEAR: one term of each slot (a slot lists alternatives, such as a wildcard's
/// expansions), arranged as asked within `window` positions (the last position minus the first
/// is less than `window`, as in Xapian).
class PositionalConstraint {
  public:
    PositionalConstraint(std::vector<std::vector<std::string>> slots, Xapian::termcount window,
                         Arrangement arrangement);

    /// True when `doc` (an article of a Gazette database) has the words so arranged.
    bool holds(const Xapian::Document& doc) const;

    /// True when the positions of each slot (`positions[s]`, ascending) hold one occurrence per
    /// slot arranged as asked within `window`.
    static bool arranged(const std::vector<std::vector<Xapian::termpos>>& positions,
                         Xapian::termcount window, Arrangement arrangement);

    const std::vector<std::vector<std::string>>& slots() const { return slots_; }
    std::string describe() const;

  private:
    std::vector<std::vector<std::string>> slots_;
    Xapian::termcount window_;
    Arrangement arrangement_;
    std::vector<std::string> terms_;                    // every distinct term of the slots
    std::vector<std::vector<std::size_t>> slot_terms_;  // each slot's terms, as indices in terms_
};

/// What the positional posting sources share: a constraint, each slot's posting lists (walked
/// together to the articles holding a term of every slot), the article they are on, and the
/// match counts they report.
class PositionalSource : public Xapian::PostingSource {
  public:
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return estimate_; }
    Xapian::doccount get_termfreq_max() const override { return max_; }
    bool at_end() const override { return at_end_; }
    Xapian::docid get_docid() const override { return current_; }

  protected:
    explicit PositionalSource(PositionalConstraint constraint);

    /// Starts over on `db`, with the posting lists of every term of each slot, or of each
    /// slot's first term only when `first_terms_only`.
    void open(const Xapian::Database& db, bool first_terms_only);

    /// The first article at or after `did` with a term of every slot, each posting list moved
    /// to it or past; 0 when there is none.
    Xapian::docid first_with_every_slot(Xapian::docid did);

    /// Whether article `did` meets the constraint.
    bool holds(Xapian::docid did) const;

    PositionalConstraint constraint_;
    Xapian::Database db_;
    std::vector<std::vector<Xapian::PostingIterator>> postings_;  // per slot, per term opened
    Xapian::doccount estimate_ = 0;
    Xapian::doccount max_ = 0;
    Xapian::docid current_ = 0;
    bool at_end_ = false;
};

/// A weightless posting source matching the articles that meet a PositionalConstraint.
class PositionCheck : public PositionalSource {
  public:
    explicit PositionCheck(PositionalConstraint constraint);

    PositionCheck* clone() const override;
    void init(const Xapian::Database& db) override;
    void next(double min_wt) override;
    void skip_to(Xapian::docid did, double min_wt) override;
    bool check(Xapian::docid did, double min_wt) override;
    std::string get_description() const override;

  private:
    /// Moves to the first matching article at or after `did`, or to the end.
    void find_from(Xapian::docid did);

    bool settled_ = false;  // current_ is a match (not just the last article checked)
};

/// What a weighted positional source needs to score its terms as the searcher's BM25Weight.
struct PositionWeighting {
    Xapian::Database db;  // the whole database, for the terms' statistics
    RankingOptions ranking;
    std::shared_ptr<const DocumentLengths> lengths;  // when null, lengths come from postings
};

/// The BM25 weight of a phrase's or NEAR's terms (one term a slot), as Xapian weighs the AND of
/// them, for the articles that meet the constraint; an article whose weight cannot reach
/// `min_wt` is passed over unchecked.
class PositionedTerms : public PositionalSource {
  public:
    PositionedTerms(PositionalConstraint constraint, std::vector<TermWeight> weights,
                    std::shared_ptr<const DocumentLengths> lengths);

    PositionedTerms* clone() const override;
    void init(const Xapian::Database& db) override;
    void next(double min_wt) override;
    void skip_to(Xapian::docid did, double min_wt) override;
    double get_weight() const override { return weight_; }
    std::string get_description() const override;

  private:
    void find_from(Xapian::docid did, double min_wt);

    std::vector<TermWeight> weights_;  // per slot
    std::shared_ptr<const DocumentLengths> lengths_;
    int shard_ = -1;
    double weight_ = 0;
    bool started_ = false;
};

/// Accepts the articles meeting every one of its constraints.
class PositionDecider : public Xapian::MatchDecider {
  public:
    explicit PositionDecider(std::vector<PositionalConstraint> constraints)
        : constraints_(std::move(constraints)) {}
    bool operator()(const Xapian::Document& doc) const override;
    bool empty() const { return constraints_.empty(); }

  private:
    std::vector<PositionalConstraint> constraints_;
};

/// `query` with each OP_PHRASE and OP_NEAR (of terms, or ORs of terms) that a match does not
/// need replaced by a PositionedTerms source or, under NOT or with ORs of terms, by the AND of
/// its parts filtered by a PositionCheck; those every match needs are left for
/// required_constraints(). With `needed` false, `query` is taken as an optional part of a larger
/// one (as feedback's OR makes it), so every phrase is rewritten. A phrase of other parts, or
/// under an operator with parameters, stays as it is and matches as an AND.
Xapian::Query with_position_checks(const Xapian::Query& query, const PositionWeighting& weighting,
                                   bool needed = true);

/// The phrases and NEARs that every match of `query` must satisfy and with_position_checks()
/// left in it: check them with a PositionDecider.
std::vector<PositionalConstraint> required_constraints(const Xapian::Query& query);

/// The matches checked_matches() returns, in the enquire's order, and how many there are in all.
struct CheckedMatches {
    struct Item {
        Xapian::docid did = 0;
        double weight = 0;
        std::string sort_key;
        Xapian::Document doc;  // when the client read it (on_client), else empty
        std::string story;     // the collapse key (kSlotStory), when the enquire collapses
    };
    std::vector<Item> items;
    Xapian::doccount estimated = 0;
    Xapian::doccount lower = 0;
    Xapian::doccount upper = 0;
};

/// The first `count` matches of `enquire`, the phrases its query needs (required_constraints())
/// checked, and at least the first `check_at_least` counted exactly.
///
/// Locally a PositionDecider checks them: Xapian consults it only for articles that can still
/// make the results, and for the first `check_at_least` matches. With `on_client` (a database
/// with remote shards, whose stock servers run no MatchDecider) the servers match the query
/// without the check (a phrase matches as the AND of its words, which weighs each article as the
/// phrase would, so the order is the same), and the client checks the candidates in order,
/// deepening until `count` pass and `check_at_least` were checked, or every match was: the same
/// matches, and the same counts whenever all of them were counted.
CheckedMatches checked_matches(const Xapian::Enquire& enquire, Xapian::doccount count,
                               Xapian::doccount check_at_least, bool on_client);

/// A PositionedTerms source of one term a slot: what OP_PHRASE (in order) or OP_NEAR (any
/// order) of `terms` would be on a database with positions, as an optional part of a query.
Xapian::Query positioned_query(const std::vector<std::string>& terms, Xapian::termcount window,
                               Arrangement arrangement, const PositionWeighting& weighting);

}  // namespace gazette
