//! Facets and timelines as text and JSON; see printers.hpp.
#include <algorithm>

#include <fmt/format.h>
#include "json_mapping.hpp"
#include "printers.hpp"
#include "text.hpp"

namespace gazette {
namespace {

/// Eighths of a block, for the end of a bar.
constexpr const char* kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

/// A bar of `value` out of `highest` in at most `cells` character cells.
std::string bar(std::uint64_t value, std::uint64_t highest, std::size_t cells) {
    if (highest == 0 || value == 0) return "";
    const std::uint64_t eighths = std::max<std::uint64_t>(1, value * cells * 8 / highest);
    std::string out;
    for (std::uint64_t i = 0; i < eighths / 8; ++i) out += "█";
    return out + kEighths[eighths % 8];
}

/// `text` cut to at most `cells` code points, '…' marking the cut.
std::string fit(const std::string& text, std::size_t cells) {
    if (code_points(text) <= cells) return text;
    std::size_t pos = 0;
    for (std::size_t n = 0; n + 1 < cells && pos < text.size(); ++n) pos += utf8_char_length(text, pos);
    return text.substr(0, pos) + "…";
}

void print_timeline(std::ostream& out, const Timeline& t, std::size_t width) {
    if (t.periods.empty()) {
        out << fmt::format("Timeline: no dated match; {} undated\n", t.undated);
        return;
    }
    out << fmt::format("Timeline by {}, {} to {}: {} dated, {} undated\n", to_string(t.unit),
                       t.periods.front().label, t.periods.back().label, t.dated, t.undated);
    std::uint64_t highest = 0;
    for (const Period& p : t.periods) highest = std::max(highest, p.count);
    const std::size_t label = t.periods.front().label.size();
    const std::size_t digits = fmt::format("{}", highest).size();
    // label, a space, the bar, a space, the count, " ▲" for a burst
    const std::size_t used = label + digits + 4;
    const std::size_t cells = width > used + 10 ? width - used : 10;
    for (const Period& p : t.periods) {
        const std::string b = bar(p.count, highest, cells);
        const std::size_t pad = cells - code_points(b);
        out << p.label << ' ' << b << std::string(pad, ' ') << ' '
            << fmt::format("{:>{}}", p.count, digits) << (p.burst ? " ▲" : "") << '\n';
        if (p.burst && !p.burst_title.empty()) {
            out << std::string(label, ' ') << ' '
                << fit("▲ burst: " + p.burst_title, width > label + 1 ? width - label - 1 : 20) << '\n';
        }
    }
}

void print_facet(std::ostream& out, const Facet& f) {
    out << fmt::format("{} ({} value{}{}):\n", f.name, f.distinct, f.distinct == 1 ? "" : "s",
                       f.without > 0 ? fmt::format(", {} without", f.without) : "");
    std::size_t widest = 0;
    for (const FacetValue& v : f.values) widest = std::max(widest, code_points(v.value));
    for (const FacetValue& v : f.values) {
        out << "  " << v.value << std::string(widest - code_points(v.value), ' ') << "  "
            << v.count << '\n';
    }
}

}  // namespace

std::string tally_to_json(const Tally& tally) { return dump_json(tally_json(tally)); }

void print_tally(std::ostream& out, const Tally& tally, bool json, std::size_t width) {
    if (json) {
        out << tally_to_json(tally) << '\n';
        return;
    }
    out << fmt::format("'{}': {} matching article{}\n", tally.query, tally.total, tally.total == 1 ? "" : "s");
    if (tally.timeline) print_timeline(out, *tally.timeline, width);
    for (const Facet& f : tally.facets) print_facet(out, f);
}

}  // namespace gazette
