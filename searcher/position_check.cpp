//! Phrases and NEAR on the positions in kSlotTokens; see position_check.hpp.
#include "position_check.hpp"

#include <algorithm>
#include <optional>

#include "schema.hpp"

namespace gazette {

PositionCheck::PositionCheck(std::vector<std::vector<std::string>> slots, Xapian::termcount window,
                             Arrangement arrangement)
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

PositionCheck* PositionCheck::clone() const {
    return new PositionCheck(slots_, window_, arrangement_);
}

void PositionCheck::init(const Xapian::Database& db) {
    db_ = db;
    postings_.clear();
    current_ = 0;
    at_end_ = false;
    settled_ = false;
    const Xapian::doccount articles = db.get_doccount();
    for (const auto& slot : slots_) {
        auto& iterators = postings_.emplace_back();
        for (const std::string& term : slot) iterators.push_back(db.postlist_begin(term));
    }
    if (slots_.empty()) at_end_ = true;
    // A loose bound, and a guess that half the articles with every word have them arranged
    // (Xapian guesses the same for a phrase). The estimate also sorts this source after the
    // words in the AND it filters, so the words pick the articles and this only checks them.
    max_ = articles;
    estimate_ = articles / 2;
}

Xapian::docid PositionCheck::next_with_all_slots(Xapian::docid did) {
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

void PositionCheck::find_from(Xapian::docid did) {
    while (true) {
        const Xapian::docid candidate = next_with_all_slots(did);
        if (candidate == 0) {
            at_end_ = true;
            return;
        }
        if (matches(candidate)) {
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
    settled_ = matches(did);
    return settled_;
}

bool PositionCheck::matches(Xapian::docid did) {
    const Xapian::Document doc = db_.get_document(did, Xapian::DOC_ASSUME_VALID);
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

bool PositionCheck::arranged(const std::vector<std::vector<Xapian::termpos>>& positions,
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

std::string PositionCheck::get_description() const {
    std::string out = arrangement_ == Arrangement::in_order ? "PositionCheck(phrase" : "PositionCheck(near";
    out += " window " + std::to_string(window_) + ":";
    for (const auto& slot : slots_) {
        out += ' ';
        for (std::size_t i = 0; i < slot.size(); ++i) out += (i > 0 ? "|" : "") + slot[i];
    }
    return out + ")";
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

Xapian::Query filtered(const std::vector<Xapian::Query>& parts,
                       std::vector<std::vector<std::string>> slots, Xapian::termcount window,
                       Arrangement arrangement) {
    auto* check = new PositionCheck(std::move(slots), window, arrangement);
    return Xapian::Query(Xapian::Query::OP_FILTER,
                         Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()),
                         Xapian::Query(check->release()));
}

/// The rewritten query, or nullopt when `query` has nothing to rewrite.
std::optional<Xapian::Query> rewrite(const Xapian::Query& query) {
    const auto type = query.get_type();
    std::vector<Xapian::Query> parts;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) parts.push_back(query.get_subquery(i));
    if (type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR) {
        std::vector<std::vector<std::string>> slots;
        for (const Xapian::Query& part : parts) {
            auto slot = slot_of(part);
            if (!slot || slot->empty()) return std::nullopt;
            slots.push_back(std::move(*slot));
        }
        const auto window = window_of(query);
        if (!window) return std::nullopt;
        return filtered(parts, std::move(slots), *window,
                        type == Xapian::Query::OP_PHRASE ? Arrangement::in_order
                                                         : Arrangement::any_order);
    }
    // Only operators without parameters can be rebuilt from their parts; the query parser
    // puts phrases under nothing else.
    switch (type) {
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_XOR:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_SYNONYM:
        case Xapian::Query::OP_MAX:
            break;
        default:
            return std::nullopt;
    }
    bool changed = false;
    for (Xapian::Query& part : parts) {
        if (auto rewritten = rewrite(part)) {
            part = std::move(*rewritten);
            changed = true;
        }
    }
    if (!changed) return std::nullopt;
    return Xapian::Query(type, parts.begin(), parts.end());
}

}  // namespace

Xapian::Query with_position_checks(const Xapian::Query& query) {
    auto rewritten = rewrite(query);
    return rewritten ? *rewritten : query;
}

Xapian::Query positioned_query(const std::vector<std::string>& terms, Xapian::termcount window,
                               Arrangement arrangement) {
    std::vector<Xapian::Query> parts;
    std::vector<std::vector<std::string>> slots;
    for (const std::string& term : terms) {
        parts.emplace_back(term);
        slots.push_back({term});
    }
    return filtered(parts, std::move(slots), window, arrangement);
}

}  // namespace gazette
