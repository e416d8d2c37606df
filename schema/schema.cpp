//! Term construction and the encodings of stored values; see schema.hpp (opening a database is
//! database.cpp).
#include "schema.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <limits>

#include <fmt/format.h>

#include "errors.hpp"
#include "text.hpp"
#include "varint.hpp"

namespace gazette::schema {
namespace {

// Terms longer than this are hashed; Xapian's glass backend rejects terms over 245 bytes and
// prefixes take a few of them.
constexpr std::size_t kMaxKeyBytes = 200;

/// The FNV-1a basis article, file and long-term keys have always been hashed from: a digit
/// short of the standard one, kept so that existing keys stay what they are.
constexpr std::uint64_t kKeyHashBasis = 1469598103934665603ULL;

}  // namespace

std::string make_key(std::string_view value) {
    if (value.size() <= kMaxKeyBytes) return std::string(value);
    // Keep a readable head; the hash of the whole keeps keys unique.
    return fmt::format("{}~{:016x}", value.substr(0, kMaxKeyBytes - 17), fnv1a(value, kKeyHashBasis));
}

std::string field_term(std::string_view prefix, std::string_view value) {
    return make_term(prefix, ascii_lower(value));
}

std::string article_key(std::string_view article_id) {
    return fmt::format("{:016x}", fnv1a(article_id, kKeyHashBasis));
}

std::string file_key(std::string_view path) { return fmt::format("{:016x}", fnv1a(path, kKeyHashBasis)); }

std::string make_term(std::string_view prefix, std::string_view value) {
    std::string term(prefix);
    term += make_key(value);
    return term;
}

std::string id_term(std::string_view article_id) { return id_term_of_key(article_key(article_id)); }

std::string id_term_of_key(std::string_view key) { return std::string(kPrefixId) + std::string(key); }

std::string file_term(std::string_view path) { return std::string(kPrefixFile) + file_key(path); }

std::string date_term(const Date& date) { return std::string(kPrefixDate) + date.compact(); }

std::string month_term(int year, int month) {
    return fmt::format("{}{:04d}{:02d}", kPrefixMonth, year, month);
}

std::string year_term(int year) { return fmt::format("{}{:04d}", kPrefixYear, year); }

std::string language_term(std::string_view code) { return field_term(kPrefixLanguage, code); }

std::string source_term(std::string_view name) { return field_term(kPrefixSource, name); }

std::string outlet_term(std::string_view name) { return field_term(kPrefixOutlet, name); }

std::string file_record_key(std::string_view path) {
    return std::string(kFileKeyPrefix) + make_key(path);
}

bool is_body_term(std::string_view term) { return !term.empty() && !is_ascii_upper(term.front()); }

bool is_free_text_term(std::string_view term) {
    if (term.empty()) return false;
    if (is_body_term(term)) return true;  // unprefixed: stems, numbers, CJK n-grams
    return term.starts_with(kPrefixTitle) && term.size() > 1 && !is_ascii_upper(term[1]);
}

std::string body_term(std::string_view term) {
    if (term.starts_with(kPrefixTitle) && is_free_text_term(term)) {
        return std::string(term.substr(kPrefixTitle.size()));
    }
    return std::string(term);
}

std::vector<std::string> split_list(std::string_view listed) {
    std::vector<std::string> items;
    for (std::size_t start = 0; start < listed.size();) {
        auto end = listed.find(',', start);
        if (end == std::string_view::npos) end = listed.size();
        if (end > start) items.emplace_back(listed.substr(start, end - start));
        start = end + 1;
    }
    return items;
}

std::string join_list(const std::vector<std::string>& items) {
    return join(items, ",");
}

std::vector<std::string> listed_in_shards(const std::vector<Xapian::Database>& shards,
                                          std::string_view key) {
    std::vector<std::string> all;
    for (const Xapian::Database& shard : shards) {
        for (std::string& item : split_list(shard.get_metadata(std::string(key)))) {
            if (std::find(all.begin(), all.end(), item) == all.end()) all.push_back(std::move(item));
        }
    }
    return all;
}

using detail::get_uint;
using detail::put_uint;

std::string encode_passage_ranges(const std::vector<PassageRange>& ranges) {
    std::string out;
    Xapian::termpos end = 0;  // one past the last position of the passage before
    for (const PassageRange& range : ranges) {
        const Xapian::termpos first = std::max(range.first, end);
        const Xapian::termpos count = range.last >= first ? range.last - first + 1 : 0;
        put_uint(out, first - end);
        put_uint(out, count);
        end = first + count;
    }
    return out;
}

std::optional<std::vector<PassageRange>> decode_passage_ranges(std::string_view encoded) {
    std::vector<PassageRange> ranges;
    std::uint64_t end = 0;
    while (!encoded.empty()) {
        std::uint64_t gap = 0;
        std::uint64_t count = 0;
        if (!get_uint(encoded, gap) || !get_uint(encoded, count)) return std::nullopt;
        const std::uint64_t first = end + gap;
        if (first + count > std::numeric_limits<Xapian::termpos>::max()) return std::nullopt;
        PassageRange range;  // a passage without words keeps last < first
        range.first = static_cast<Xapian::termpos>(std::max<std::uint64_t>(first, 1));
        range.last = static_cast<Xapian::termpos>(range.first + count - 1);
        ranges.push_back(range);
        end = first + count;
    }
    return ranges;
}

namespace {

unsigned bit_width_of(std::uint32_t value) {
    unsigned bits = 1;
    while (bits < 32 && (value >> bits) != 0) ++bits;
    return bits;
}

/// Puts `tokens` in order of position, then rank. An article's positions are dense, so a
/// counting sort does it in linear time; it keeps the input order of equal positions, which
/// move_positions_to_slot() gives in rank order already.
void sort_tokens(std::vector<Token>& tokens) {
    const auto before = [](const Token& a, const Token& b) {
        return a.position != b.position ? a.position < b.position : a.rank < b.rank;
    };
    Xapian::termpos top = 0;
    for (const Token& t : tokens) top = std::max(top, t.position);
    if (top > 4 * tokens.size() + 64) {  // sparse: not worth a table of every position
        std::sort(tokens.begin(), tokens.end(), before);
        return;
    }
    std::vector<std::uint32_t> start(static_cast<std::size_t>(top) + 2, 0);
    for (const Token& t : tokens) ++start[t.position + 1];
    for (std::size_t p = 1; p < start.size(); ++p) start[p] += start[p - 1];
    std::vector<Token> sorted(tokens.size());
    for (const Token& t : tokens) sorted[start[t.position]++] = t;
    tokens = std::move(sorted);
    if (!std::is_sorted(tokens.begin(), tokens.end(), before)) {
        std::sort(tokens.begin(), tokens.end(), before);
    }
}

}  // namespace

std::string encode_tokens(std::vector<Token> tokens) {
    sort_tokens(tokens);
    std::uint32_t top = 0;
    for (const Token& t : tokens) top = std::max(top, t.rank);
    const unsigned width = bit_width_of(top);
    // Runs of consecutive positions, as (gap from the last position before, length).
    std::vector<std::pair<Xapian::termpos, Xapian::termpos>> runs;
    Xapian::termpos last = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Xapian::termpos position = tokens[i].position;
        if (i > 0 && position == last + 1) {
            ++runs.back().second;
        } else {
            runs.emplace_back(position - last, 1);
        }
        last = position;
    }
    std::string out;
    put_uint(out, width);
    put_uint(out, runs.size());
    for (const auto& [gap, length] : runs) {
        put_uint(out, gap);
        put_uint(out, length);
    }
    std::uint64_t pending = 0;
    unsigned filled = 0;
    for (const Token& t : tokens) {
        pending |= static_cast<std::uint64_t>(t.rank) << filled;
        filled += width;
        while (filled >= 8) {
            out += static_cast<char>(pending & 0xff);
            pending >>= 8;
            filled -= 8;
        }
    }
    if (filled > 0) out += static_cast<char>(pending & 0xff);
    return out;
}

namespace {

/// Walks encoded tokens, calling `visit(position, rank)` for each; false when malformed (then
/// `visit` may have seen some of them). Allocates nothing: the runs are read twice, once to find
/// where the ranks start and once beside them.
template <typename Visit>
bool walk_tokens(std::string_view in, Visit&& visit) {
    std::uint64_t width = 0;
    std::uint64_t run_count = 0;
    if (!get_uint(in, width) || width == 0 || width > 32 || !get_uint(in, run_count)) return false;
    const std::string_view runs = in;
    std::uint64_t total = 0;
    for (std::uint64_t r = 0; r < run_count; ++r) {
        std::uint64_t gap = 0;
        std::uint64_t length = 0;
        if (!get_uint(in, gap) || !get_uint(in, length)) return false;
        total += length;
        if (total > in.size() * 8) return false;  // more tokens than the ranks could hold
    }
    if ((total * width + 7) / 8 != in.size()) return false;
    const auto* bits = reinterpret_cast<const unsigned char*>(in.data());
    std::string_view next_run = runs;
    const std::uint64_t mask = (std::uint64_t{1} << width) - 1;
    std::uint64_t pending = 0;
    unsigned filled = 0;
    std::uint64_t position = 0;
    for (std::uint64_t r = 0; r < run_count; ++r) {
        std::uint64_t gap = 0;
        std::uint64_t length = 0;
        get_uint(next_run, gap);
        get_uint(next_run, length);
        position += gap;
        if (position + length > std::numeric_limits<Xapian::termpos>::max() + std::uint64_t{1}) {
            return false;
        }
        for (std::uint64_t i = 0; i < length; ++i) {
            while (filled < width) {
                pending |= static_cast<std::uint64_t>(*bits++) << filled;
                filled += 8;
            }
            visit(static_cast<Xapian::termpos>(position + i),
                  static_cast<std::uint32_t>(pending & mask));
            pending >>= width;
            filled -= static_cast<unsigned>(width);
        }
        if (length > 0) position += length - 1;
    }
    return true;
}

/// The bits per rank of encoded tokens (0 when malformed).
unsigned token_width(std::string_view in) {
    std::uint64_t width = 0;
    return get_uint(in, width) && width <= 32 ? static_cast<unsigned>(width) : 0;
}

}  // namespace

std::optional<std::vector<Token>> decode_tokens(std::string_view encoded) {
    std::vector<Token> tokens;
    if (!walk_tokens(encoded, [&](Xapian::termpos p, std::uint32_t r) { tokens.push_back({p, r}); })) {
        return std::nullopt;
    }
    return tokens;
}

std::optional<std::vector<std::vector<Xapian::termpos>>> positions_of(
    std::string_view encoded, const std::vector<std::uint32_t>& ranks) {
    std::vector<std::vector<Xapian::termpos>> out(ranks.size());
    if (std::all_of(ranks.begin(), ranks.end(), [](std::uint32_t r) { return r == kNoRank; })) {
        return out;
    }
    if (const unsigned width = token_width(encoded); width > 0 && width <= 12 && ranks.size() < 255) {
        // Ranks of a few bits (an article of up to 4,096 terms): a table from rank to term,
        // unless a rank is asked twice (the same term twice), which the loop below handles.
        std::vector<std::uint8_t> wanted(std::size_t{1} << width, 0);
        bool distinct = true;
        for (std::size_t i = 0; distinct && i < ranks.size(); ++i) {
            if (ranks[i] >= wanted.size()) continue;  // absent, or above every rank stored
            distinct = wanted[ranks[i]] == 0;
            wanted[ranks[i]] = static_cast<std::uint8_t>(i + 1);
        }
        if (distinct) {
            if (!walk_tokens(encoded, [&](Xapian::termpos position, std::uint32_t rank) {
                    if (const std::uint8_t i = wanted[rank]) out[i - 1].push_back(position);
                })) {
                return std::nullopt;
            }
            return out;
        }
    }
    if (!walk_tokens(encoded, [&](Xapian::termpos position, std::uint32_t rank) {
            for (std::size_t i = 0; i < ranks.size(); ++i) {
                if (ranks[i] == rank) out[i].push_back(position);
            }
        })) {
        return std::nullopt;
    }
    return out;
}

std::vector<std::uint32_t> term_ranks(Xapian::TermIterator begin, const Xapian::TermIterator& end,
                                      const std::vector<std::string>& terms) {
    std::vector<std::uint32_t> ranks(terms.size(), kNoRank);
    std::vector<std::size_t> order(terms.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return terms[a] < terms[b]; });
    std::size_t next = 0;
    std::uint32_t rank = 0;
    for (auto it = begin; it != end && next < order.size(); ++it, ++rank) {
        const std::string& term = *it;
        while (next < order.size() && terms[order[next]] < term) ++next;
        while (next < order.size() && terms[order[next]] == term) ranks[order[next++]] = rank;
    }
    return ranks;
}

std::string encode_term_table(const std::vector<std::pair<std::string, std::uint32_t>>& ranked) {
    std::string out;
    std::string_view previous;
    std::uint32_t last = 0;
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        const auto& [term, rank] = ranked[i];
        std::size_t shared = 0;
        while (shared < previous.size() && shared < term.size() && previous[shared] == term[shared]) ++shared;
        detail::put_uint(out, i == 0 ? rank : rank - last);
        detail::put_uint(out, shared);
        detail::put_uint(out, term.size() - shared);
        out.append(term, shared);
        previous = term;
        last = rank;
    }
    return out;
}

std::optional<std::vector<std::uint32_t>> ranks_in_table(std::string_view encoded,
                                                         const std::vector<std::string>& terms) {
    std::vector<std::uint32_t> ranks(terms.size(), kNoRank);
    std::string term;
    std::uint64_t rank = 0;
    for (bool first = true; !encoded.empty(); first = false) {
        std::uint64_t gap = 0, shared = 0, rest = 0;
        if (!detail::get_uint(encoded, gap) || !detail::get_uint(encoded, shared) ||
            !detail::get_uint(encoded, rest) || shared > term.size() || rest > encoded.size() ||
            (!first && gap == 0)) {
            return std::nullopt;
        }
        rank = first ? gap : rank + gap;
        if (rank >= kNoRank) return std::nullopt;
        term.resize(shared);
        term.append(encoded.substr(0, rest));
        encoded.remove_prefix(rest);
        for (std::size_t i = 0; i < terms.size(); ++i) {
            if (terms[i] == term) ranks[i] = static_cast<std::uint32_t>(rank);
        }
    }
    return ranks;
}

std::vector<std::vector<Xapian::termpos>> positions_in(const Xapian::Document& doc,
                                                       const std::vector<std::string>& terms) {
    const std::string table = doc.get_value(kSlotTermTable);
    std::optional<std::vector<std::uint32_t>> ranks;
    if (!table.empty()) ranks = ranks_in_table(table, terms);
    if (!ranks) ranks = term_ranks(doc.termlist_begin(), doc.termlist_end(), terms);
    auto positions = positions_of(doc.get_value(kSlotTokens), *ranks);
    if (!positions) return std::vector<std::vector<Xapian::termpos>>(terms.size());
    return std::move(*positions);
}

void move_positions_to_slot(Xapian::Document& doc) {
    std::vector<std::pair<std::string, Xapian::termcount>> terms;
    std::vector<std::pair<std::string, std::uint32_t>> positioned;
    std::vector<Token> tokens;
    std::uint32_t rank = 0;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it, ++rank) {
        terms.emplace_back(*it, it.get_wdf());
        const std::size_t before = tokens.size();
        for (auto p = it.positionlist_begin(); p != it.positionlist_end(); ++p) {
            tokens.push_back({*p, rank});
        }
        if (tokens.size() > before) positioned.emplace_back(*it, rank);
    }
    doc.clear_terms();
    for (const auto& [term, wdf] : terms) doc.add_term(term, wdf);
    if (!tokens.empty()) {
        doc.add_value(kSlotTokens, encode_tokens(std::move(tokens)));
        doc.add_value(kSlotTermTable, encode_term_table(positioned));
    }
}

}  // namespace gazette::schema
