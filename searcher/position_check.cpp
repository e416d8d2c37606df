//! Phrases and NEAR on the positions in kSlotTokens; see position_check.hpp.
#include "position_check.hpp"

#include <algorithm>
#include <limits>
#include <optional>

#include "schema.hpp"

namespace gazette {

PositionalConstraint::PositionalConstraint(std::vector<std::vector<std::string>> slots,
                                           Xapian::termcount window, Arrangement arrangement)
    : slots_(std::move(slots)), window_(std::max<Xapian::termcount>(window, 1)),
      arrangement_(arrangement) {
    for (const auto& slot : slots_) terms_.insert(terms_.end(), slot.begin(), slot.end());
    std::sort(terms_.begin(), terms_.end());
    terms_.erase(std::unique(terms_.begin(), terms_.end()), terms_.end());
    for (const auto& slot : slots_) {
        std::vector<std::size_t>& indices = slot_terms_.emplace_back();
        for (const std::string& term : slot) {
            indices.push_back(static_cast<std::size_t>(
                std::lower_bound(terms_.begin(), terms_.end(), term) - terms_.begin()));
        }
    }
}

bool PositionalConstraint::holds(const Xapian::Document& doc) const {
    if (slots_.empty()) return false;
    const auto positions = schema::positions_in(doc, terms_);
    std::vector<std::vector<Xapian::termpos>> per_slot;
    for (const auto& indices : slot_terms_) {
        std::vector<Xapian::termpos>& slot = per_slot.emplace_back();
        for (std::size_t i : indices) slot.insert(slot.end(), positions[i].begin(), positions[i].end());
        if (slot.empty()) return false;
        if (indices.size() > 1) {
            std::sort(slot.begin(), slot.end());
            slot.erase(std::unique(slot.begin(), slot.end()), slot.end());
        }
    }
    return arranged(per_slot, window_, arrangement_);
}

bool PositionalConstraint::arranged(const std::vector<std::vector<Xapian::termpos>>& positions,
                             Xapian::termcount window, Arrangement arrangement) {
    if (positions.empty()) return false;
    if (arrangement == Arrangement::in_order) {
        // Taking the earliest next occurrence of each slot gives the shortest span from `start`.
        for (const Xapian::termpos start : positions.front()) {
            Xapian::termpos at = start;
            for (std::size_t s = 1; s < positions.size(); ++s) {
                auto next = std::upper_bound(positions[s].begin(), positions[s].end(), at);
                if (next == positions[s].end()) return false;  // no later start does better
                at = *next;
            }
            if (at - start < window) return true;
        }
        return false;
    }
    // Any order: the narrowest stretch of the merged occurrences that covers every slot.
    std::vector<std::pair<Xapian::termpos, std::size_t>> merged;
    for (std::size_t s = 0; s < positions.size(); ++s) {
        for (const Xapian::termpos p : positions[s]) merged.emplace_back(p, s);
    }
    std::sort(merged.begin(), merged.end());
    std::vector<std::size_t> seen(positions.size(), 0);
    std::size_t covered = 0;
    std::size_t left = 0;
    for (const auto& [position, slot] : merged) {
        if (seen[slot]++ == 0) ++covered;
        while (covered == positions.size()) {
            if (position - merged[left].first < window) return true;
            if (--seen[merged[left].second] == 0) --covered;
            ++left;
        }
    }
    return false;
}

std::string PositionalConstraint::describe() const {
    std::string out = arrangement_ == Arrangement::in_order ? "phrase" : "near";
    out += " window " + std::to_string(window_) + ":";
    for (const auto& slot : slots_) {
        out += ' ';
        for (std::size_t i = 0; i < slot.size(); ++i) out += (i > 0 ? "|" : "") + slot[i];
    }
    return out;
}

PositionalSource::PositionalSource(PositionalConstraint constraint)
    : constraint_(std::move(constraint)) {}

void PositionalSource::open(const Xapian::Database& db, bool first_terms_only) {
    db_ = db;
    postings_.clear();
    current_ = 0;
    at_end_ = constraint_.slots().empty();
    for (const auto& slot : constraint_.slots()) {
        auto& iterators = postings_.emplace_back();
        for (const std::string& term : slot) {
            iterators.push_back(db.postlist_begin(term));
            if (first_terms_only) break;
        }
    }
}

Xapian::docid PositionalSource::first_with_every_slot(Xapian::docid did) {
    const Xapian::PostingIterator end;
    Xapian::docid candidate = did;
    while (true) {
        Xapian::docid highest = candidate;
        for (auto& iterators : postings_) {
            Xapian::docid first = 0;  // the slot's first article at or after the candidate
            for (Xapian::PostingIterator& it : iterators) {
                if (it != end && *it < candidate) it.skip_to(candidate);
                if (it != end && (first == 0 || *it < first)) first = *it;
            }
            if (first == 0) return 0;
            highest = std::max(highest, first);
        }
        if (highest == candidate) return candidate;
        candidate = highest;
    }
}

bool PositionalSource::holds(Xapian::docid did) const {
    return constraint_.holds(db_.get_document(did, Xapian::DOC_ASSUME_VALID));
}

PositionCheck::PositionCheck(PositionalConstraint constraint)
    : PositionalSource(std::move(constraint)) {}

PositionCheck* PositionCheck::clone() const { return new PositionCheck(constraint_); }

void PositionCheck::init(const Xapian::Database& db) {
    open(db, false);
    settled_ = false;
    // A loose bound, and a guess that half the articles with every word have them arranged
    // (Xapian guesses the same for a phrase). The estimate also sorts this source after the
    // words in the AND it filters, so the words pick the articles and this only checks them.
    max_ = db.get_doccount();
    estimate_ = max_ / 2;
}

void PositionCheck::find_from(Xapian::docid did) {
    while (true) {
        const Xapian::docid candidate = first_with_every_slot(did);
        if (candidate == 0) {
            at_end_ = true;
            return;
        }
        if (holds(candidate)) {
            current_ = candidate;
            settled_ = true;
            return;
        }
        did = candidate + 1;
    }
}

void PositionCheck::next(double) { find_from(current_ + 1); }

void PositionCheck::skip_to(Xapian::docid did, double) {
    if (did <= current_) {
        if (settled_) return;
        did = current_ + 1;
    }
    find_from(did);
}

bool PositionCheck::check(Xapian::docid did, double) {
    current_ = did;
    settled_ = holds(did);
    return settled_;
}

std::string PositionCheck::get_description() const {
    return "PositionCheck(" + constraint_.describe() + ")";
}

PositionedTerms::PositionedTerms(PositionalConstraint constraint, std::vector<TermWeight> weights,
                                 std::shared_ptr<const DocumentLengths> lengths)
    : PositionalSource(std::move(constraint)), weights_(std::move(weights)),
      lengths_(std::move(lengths)) {}

PositionedTerms* PositionedTerms::clone() const {
    return new PositionedTerms(constraint_, weights_, lengths_);
}

void PositionedTerms::init(const Xapian::Database& db) {
    open(db, true);
    shard_ = lengths_ ? lengths_->shard_of(db) : -1;
    weight_ = 0;
    started_ = false;
    const double articles = db.get_doccount();
    double bound = 0;
    double estimate = articles;
    max_ = db.get_doccount();
    for (std::size_t s = 0; s < constraint_.slots().size(); ++s) {
        const std::string& term = constraint_.slots()[s].front();
        bound += weights_[s].upper_bound(db, term);
        const Xapian::doccount df = db.get_termfreq(term);
        max_ = std::min(max_, df);
        if (articles > 0) estimate *= df / articles;
    }
    // Xapian's estimate for an AND, and its guess that half of those are arranged as asked.
    estimate_ = std::min(max_, static_cast<Xapian::doccount>(estimate / 2 + 0.5));
    set_maxweight(bound);
}

void PositionedTerms::find_from(Xapian::docid did, double min_wt) {
    started_ = true;
    for (Xapian::docid candidate = did;; ++candidate) {
        candidate = first_with_every_slot(candidate);
        if (candidate == 0) {
            at_end_ = true;
            return;
        }
        // Each slot's one iterator is at the candidate.
        double length = 0;
        if (auto known = shard_ >= 0 ? lengths_->length(shard_, candidate) : std::nullopt) {
            length = *known;
        } else {
            length = postings_.front().front().get_doclength();
        }
        double weight = 0;
        for (std::size_t s = 0; s < postings_.size(); ++s) {
            weight += weights_[s].score(postings_[s].front().get_wdf(), length);
        }
        if (weight >= min_wt && holds(candidate)) {
            current_ = candidate;
            weight_ = weight;
            return;
        }
    }
}

void PositionedTerms::next(double min_wt) { find_from(started_ ? current_ + 1 : 1, min_wt); }

void PositionedTerms::skip_to(Xapian::docid did, double min_wt) {
    if (started_ && did <= current_) return;
    find_from(did, min_wt);
}

std::string PositionedTerms::get_description() const {
    return "PositionedTerms(" + constraint_.describe() + ")";
}

bool PositionDecider::operator()(const Xapian::Document& doc) const {
    return std::all_of(constraints_.begin(), constraints_.end(),
                       [&](const PositionalConstraint& c) { return c.holds(doc); });
}

namespace {

/// The window of a phrase or NEAR node, which Xapian 1.4 shows only in its description:
/// "Query((new@1 PHRASE 2 york@2))".
std::optional<Xapian::termcount> window_of(const Xapian::Query& query) {
    const std::string description = query.get_description();
    const std::string op = query.get_type() == Xapian::Query::OP_PHRASE ? " PHRASE " : " NEAR ";
    const std::size_t at = description.find(op);
    if (at == std::string::npos) return std::nullopt;
    Xapian::termcount window = 0;
    std::size_t i = at + op.size();
    if (i >= description.size() || description[i] < '0' || description[i] > '9') return std::nullopt;
    for (; i < description.size() && description[i] >= '0' && description[i] <= '9'; ++i) {
        window = window * 10 + static_cast<Xapian::termcount>(description[i] - '0');
    }
    return window;
}

/// The terms a part of a phrase stands for: one term, or an OR of terms; nullopt otherwise.
std::optional<std::vector<std::string>> slot_of(const Xapian::Query& part) {
    const auto type = part.get_type();
    if (type == Xapian::Query::LEAF_TERM) {
        return std::vector<std::string>(part.get_terms_begin(), part.get_terms_end());
    }
    if (type != Xapian::Query::OP_OR && type != Xapian::Query::OP_SYNONYM) return std::nullopt;
    std::vector<std::string> terms;
    for (std::size_t i = 0; i < part.get_num_subqueries(); ++i) {
        const Xapian::Query sub = part.get_subquery(i);
        if (sub.get_type() != Xapian::Query::LEAF_TERM) return std::nullopt;
        terms.insert(terms.end(), sub.get_terms_begin(), sub.get_terms_end());
    }
    return terms;
}

/// The constraint a phrase or NEAR node stands for; nullopt when its parts are not terms or
/// ORs of terms, or its window cannot be read.
std::optional<PositionalConstraint> constraint_of(const Xapian::Query& query) {
    std::vector<std::vector<std::string>> slots;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        auto slot = slot_of(query.get_subquery(i));
        if (!slot || slot->empty()) return std::nullopt;
        slots.push_back(std::move(*slot));
    }
    const auto window = window_of(query);
    if (!window || slots.empty()) return std::nullopt;
    return PositionalConstraint(std::move(slots), *window,
                                query.get_type() == Xapian::Query::OP_PHRASE ? Arrangement::in_order
                                                                             : Arrangement::any_order);
}

bool is_positional(const Xapian::Query& query) {
    return query.get_type() == Xapian::Query::OP_PHRASE || query.get_type() == Xapian::Query::OP_NEAR;
}

/// Whether every match of a `parent` node needs its part `index` to match, when the parent's
/// own matches need the parent to (AND and FILTER need all parts; AND_NOT and AND_MAYBE their
/// first; an operator over one part that part).
bool part_needed(const Xapian::Query& parent, std::size_t index) {
    switch (parent.get_type()) {
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_FILTER:
            return true;
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_SCALE_WEIGHT:
            return index == 0;
        default:
            return parent.get_num_subqueries() == 1;
    }
}

/// Operators that can be rebuilt from their parts alone (no parameters).
bool rebuildable(Xapian::Query::op type) {
    switch (type) {
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_XOR:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_SYNONYM:
        case Xapian::Query::OP_MAX:
            return true;
        default:
            return false;
    }
}

Xapian::Query filtered(const Xapian::Query& words, PositionalConstraint constraint) {
    return Xapian::Query(Xapian::Query::OP_FILTER, words,
                         Xapian::Query((new PositionCheck(std::move(constraint)))->release()));
}

/// A PositionedTerms source for `constraint`, every slot of which is one term.
Xapian::Query weighted(PositionalConstraint constraint, const PositionWeighting& weighting) {
    const double articles = weighting.db.get_doccount();
    const double average = weighting.db.get_avlength();
    std::vector<TermWeight> weights;
    for (const auto& slot : constraint.slots()) {
        weights.push_back(TermWeight::bm25(articles, weighting.db.get_termfreq(slot.front()),
                                           average, weighting.ranking));
    }
    return Xapian::Query(
        (new PositionedTerms(std::move(constraint), std::move(weights), weighting.lengths))->release());
}

/// True when each part of `query` is a term named once (a query frequency of 1, as
/// TermWeight::bm25 assumes).
bool of_single_terms(const Xapian::Query& query) {
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        const Xapian::Query part = query.get_subquery(i);
        if (part.get_type() != Xapian::Query::LEAF_TERM || part.get_length() != 1) return false;
    }
    return true;
}

/// The rewritten query, or nullopt when `query` has nothing to rewrite. `negated`: under NOT,
/// where a match's weight does not count, so only the exact filter will do.
std::optional<Xapian::Query> rewrite(const Xapian::Query& query, const PositionWeighting& weighting,
                                     bool needed, bool negated) {
    std::vector<Xapian::Query> parts;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) parts.push_back(query.get_subquery(i));
    if (is_positional(query)) {
        if (needed) return std::nullopt;  // left for the decider
        auto constraint = constraint_of(query);
        if (!constraint) return std::nullopt;
        if (!negated && of_single_terms(query)) return weighted(std::move(*constraint), weighting);
        return filtered(Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()),
                        std::move(*constraint));
    }
    if (!rebuildable(query.get_type())) return std::nullopt;
    bool changed = false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const bool part_negated =
            negated || (query.get_type() == Xapian::Query::OP_AND_NOT && i > 0);
        if (auto rewritten = rewrite(parts[i], weighting, needed && part_needed(query, i), part_negated)) {
            parts[i] = std::move(*rewritten);
            changed = true;
        }
    }
    if (!changed) return std::nullopt;
    return Xapian::Query(query.get_type(), parts.begin(), parts.end());
}

void collect_required(const Xapian::Query& query, std::vector<PositionalConstraint>& out) {
    if (is_positional(query)) {
        if (auto constraint = constraint_of(query)) out.push_back(std::move(*constraint));
        return;
    }
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        if (part_needed(query, i)) collect_required(query.get_subquery(i), out);
    }
}

}  // namespace

Xapian::Query with_position_checks(const Xapian::Query& query, const PositionWeighting& weighting,
                                   bool needed) {
    auto rewritten = rewrite(query, weighting, needed, false);
    return rewritten ? *rewritten : query;
}

std::vector<PositionalConstraint> required_constraints(const Xapian::Query& query) {
    std::vector<PositionalConstraint> out;
    collect_required(query, out);
    return out;
}

namespace {

void take_counts(CheckedMatches& out, const Xapian::MSet& mset) {
    out.estimated = mset.get_matches_estimated();
    out.lower = mset.get_matches_lower_bound();
    out.upper = mset.get_matches_upper_bound();
}

constexpr Xapian::doccount kMaxFetch = std::numeric_limits<Xapian::doccount>::max();

/// checked_matches() on the client: the servers' matches, each checked here.
CheckedMatches checked_on_client(const Xapian::Enquire& enquire, Xapian::doccount count,
                                 Xapian::doccount check_at_least, const PositionDecider& positions) {
    const Xapian::doccount wanted = std::max<Xapian::doccount>({count, check_at_least, 1});
    CheckedMatches out;
    for (Xapian::doccount fetch = wanted;; fetch = fetch > kMaxFetch / 2 ? kMaxFetch : fetch * 2) {
        Xapian::MSet mset = enquire.get_mset(0, fetch, check_at_least);
        mset.fetch();  // the documents, requested together
        out.items.clear();
        Xapian::doccount checked = 0;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            ++checked;
            Xapian::Document doc = it.get_document();
            if (positions(doc)) out.items.push_back({*it, it.get_weight(), it.get_sort_key(), std::move(doc), it.get_collapse_key()});
        }
        const bool all = mset.size() < fetch;
        if (!all && out.items.size() < wanted && fetch < kMaxFetch) continue;
        const auto passed = static_cast<Xapian::doccount>(out.items.size());
        if (all) {
            out.estimated = out.lower = out.upper = passed;
        } else {
            // Beyond the candidates checked, the servers' counts scaled by the share that passed.
            out.lower = passed;
            out.upper = mset.get_matches_upper_bound() - (checked - passed);
            out.estimated = std::max(passed, static_cast<Xapian::doccount>(
                                                 static_cast<double>(mset.get_matches_estimated()) *
                                                 passed / std::max<Xapian::doccount>(checked, 1)));
        }
        if (out.items.size() > count) out.items.resize(count);
        return out;
    }
}

}  // namespace

CheckedMatches checked_matches(const Xapian::Enquire& enquire, Xapian::doccount count,
                               Xapian::doccount check_at_least, bool on_client) {
    const PositionDecider positions(required_constraints(enquire.get_query()));
    if (on_client && !positions.empty()) return checked_on_client(enquire, count, check_at_least, positions);
    const Xapian::MSet mset = enquire.get_mset(0, count, check_at_least, nullptr,
                                               positions.empty() ? nullptr : &positions);
    CheckedMatches out;
    take_counts(out, mset);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        out.items.push_back({*it, it.get_weight(), it.get_sort_key(), {}, it.get_collapse_key()});
    }
    return out;
}

Xapian::Query positioned_query(const std::vector<std::string>& terms, Xapian::termcount window,
                               Arrangement arrangement, const PositionWeighting& weighting) {
    std::vector<std::vector<std::string>> slots;
    for (const std::string& term : terms) slots.push_back({term});
    return weighted(PositionalConstraint(std::move(slots), window, arrangement), weighting);
}

}  // namespace gazette
