//! Phrases, NEAR and proximity on Gazette's own positions.
//!
//! Gazette keeps each article's term positions in one value (schema.hpp: kSlotTokens), not in
//! Xapian's position table, so Xapian sees a database without positions and would match a phrase
//! as the AND of its words. Every OP_PHRASE and OP_NEAR is therefore rewritten here as that AND
//! (which gives the weight, as Xapian's phrase does) filtered by a PositionCheck, which keeps
//! only the articles where the words stand as the phrase or NEAR asks.
//!
//! Entry points: with_position_checks(), positioned_query().
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace gazette {

/// How the words of a positional query must stand.
enum class Arrangement {
    in_order,  // a phrase: each word after the one before, all within the window
    any_order  // NEAR: all within the window, in any order
};

/// A weightless posting source matching the articles where one term of each slot occurs, the
/// slots' occurrences arranged as asked within `window` positions (the last position minus
/// the first is less than `window`, as in Xapian). Each slot lists alternative terms (a
/// wildcard or synonyms inside a phrase).
class PositionCheck : public Xapian::PostingSource {
  public:
    PositionCheck(std::vector<std::vector<std::string>> slots, Xapian::termcount window,
                  Arrangement arrangement);

    PositionCheck* clone() const override;
    void init(const Xapian::Database& db) override;
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return estimate_; }
    Xapian::doccount get_termfreq_max() const override { return max_; }
    void next(double min_wt) override;
    void skip_to(Xapian::docid did, double min_wt) override;
    bool check(Xapian::docid did, double min_wt) override;
    bool at_end() const override { return at_end_; }
    Xapian::docid get_docid() const override { return current_; }
    std::string get_description() const override;

    /// True when the positions of each slot (`positions[s]`, ascending) hold one occurrence per
    /// slot arranged as asked within `window`.
    static bool arranged(const std::vector<std::vector<Xapian::termpos>>& positions,
                         Xapian::termcount window, Arrangement arrangement);

  private:
    bool matches(Xapian::docid did);
    /// Moves to the first matching article at or after `did`, or to the end.
    void find_from(Xapian::docid did);
    /// The first article at or after `did` with a term of every slot; 0 when there is none.
    Xapian::docid next_with_all_slots(Xapian::docid did);

    std::vector<std::vector<std::string>> slots_;
    Xapian::termcount window_;
    Arrangement arrangement_;
    std::vector<std::string> terms_;  // every distinct term of the slots
    std::vector<std::vector<std::size_t>> slot_terms_;  // each slot's terms, as indices in terms_

    Xapian::Database db_;
    std::vector<std::vector<Xapian::PostingIterator>> postings_;  // per slot, per alternative
    Xapian::doccount estimate_ = 0;
    Xapian::doccount max_ = 0;
    Xapian::docid current_ = 0;
    bool at_end_ = false;
    bool settled_ = false;  // current_ is a match (not just the last article checked)
};

/// `query` with each OP_PHRASE and OP_NEAR whose parts are terms (or ORs of terms) replaced by
/// the AND of its parts filtered by a PositionCheck; other parts of the query are kept as they
/// are. A phrase whose parts are anything else stays as it is, which matches as an AND.
Xapian::Query with_position_checks(const Xapian::Query& query);

/// The AND of `terms` filtered by a PositionCheck of one term a slot: what OP_PHRASE (in order)
/// or OP_NEAR (any order) would be on a database with positions.
Xapian::Query positioned_query(const std::vector<std::string>& terms, Xapian::termcount window,
                               Arrangement arrangement);

}  // namespace gazette
