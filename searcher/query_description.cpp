//! The parsed query in readable form; see query_description.hpp.
#include "query_description.hpp"

#include <algorithm>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "schema.hpp"
#include "text.hpp"

namespace gazette {
namespace {

/// The inside of Xapian's description of `query`: "a@1 NEAR 11 b@2" of "Query((a@1 NEAR 11 b@2))".
std::string inner_description(const Xapian::Query& query) {
    std::string text = query.get_description();
    if (text.starts_with("Query(") && text.ends_with(")")) text = text.substr(6, text.size() - 7);
    if (text.size() >= 2 && text.front() == '(' && text.back() == ')') text = text.substr(1, text.size() - 2);
    return text;
}

/// A compact date value (YYYYMMDD) as ISO, else as it is.
std::string iso_value(std::string_view value) {
    if (value.size() == 8 && all_digits(value)) {
        return fmt::format("{}-{}-{}", value.substr(0, 4), value.substr(4, 2), value.substr(6, 2));
    }
    if (value.size() == 6 && all_digits(value)) return fmt::format("{}-{}", value.substr(0, 4), value.substr(4, 2));
    return std::string(value);
}

struct TermField {
    std::string_view prefix;
    std::string_view field;
};

/// Boolean prefixes by the field a user types for them, longest prefixes first.
constexpr TermField kTermFields[] = {
    {schema::kPrefixSource, "source"}, {schema::kPrefixOutlet, "outlet"},
    {schema::kPrefixFile, "file"},     {schema::kPrefixId, "id"},
    {schema::kPrefixDate, "date"},     {schema::kPrefixMonth, "date"},
    {schema::kPrefixYear, "year"},     {schema::kPrefixLanguage, "lang"},
};

/// A term as a user would type it: "elect", "title:cocoa", "year:1987", "date:1987-03".
std::string shown_term(const std::string& term) {
    if (schema::is_body_term(term)) return term;
    if (schema::is_free_text_term(term)) return "title:" + schema::body_term(term);
    for (const TermField& f : kTermFields) {
        if (!term.starts_with(f.prefix)) continue;
        const std::string_view value = std::string_view(term).substr(f.prefix.size());
        if (f.field == "date") return fmt::format("date:{}", iso_value(value));
        if (value.find(' ') != std::string_view::npos) return fmt::format("{}:\"{}\"", f.field, value);
        return fmt::format("{}:{}", f.field, value);
    }
    return term;
}

/// A value query over a slot ("VALUE_RANGE 0 19870301 19870331") as a field range.
std::string shown_range(const Xapian::Query& query) {
    const std::string text = inner_description(query);
    const auto words = split_words(text);
    if (words.size() < 3) return text;
    const bool date = words[1] == std::to_string(schema::kSlotDate);
    const std::string name = date ? "date" : "slot " + std::string(words[1]);
    const auto value = [&](std::string_view v) { return date ? iso_value(v) : std::string(v); };
    if (query.get_type() == Xapian::Query::OP_VALUE_GE) return fmt::format("{}:{}..", name, value(words[2]));
    if (query.get_type() == Xapian::Query::OP_VALUE_LE) return fmt::format("{}:..{}", name, value(words[2]));
    if (words.size() < 4) return text;
    return fmt::format("{}:{}..{}", name, value(words[2]), value(words[3]));
}

/// NEAR as typed: Xapian's window ("a@1 NEAR 11 b@2") is one more than NEAR/n's n.
std::string near_operator(const Xapian::Query& query) {
    const std::string text = inner_description(query);
    const auto at = text.find(" NEAR ");
    if (at == std::string::npos) return "NEAR";
    const std::size_t begin = at + 6;
    const std::size_t end = std::min(text.find(' ', begin), text.size());
    const std::string_view window = std::string_view(text).substr(begin, end - begin);
    if (!all_digits(window) || window.empty()) return "NEAR";
    return fmt::format("NEAR/{}", digits_value(window) - 1);
}

const char* operator_name(Xapian::Query::op op) {
    switch (op) {
        case Xapian::Query::OP_AND: return "AND";
        case Xapian::Query::OP_OR: return "OR";
        case Xapian::Query::OP_AND_NOT: return "NOT";
        case Xapian::Query::OP_XOR: return "XOR";
        case Xapian::Query::OP_AND_MAYBE: return "AND_MAYBE";
        case Xapian::Query::OP_FILTER: return "FILTER";
        case Xapian::Query::OP_SYNONYM: return "SYNONYM";
        case Xapian::Query::OP_MAX: return "MAX";
        case Xapian::Query::OP_ELITE_SET: return "ELITE_SET";
        default: return nullptr;
    }
}

bool is_leaf(const Xapian::Query& query) {
    return query.get_num_subqueries() == 0 || query.get_type() == Xapian::Query::OP_PHRASE;
}

/// Walks a parsed query once, rendering it and collecting its phrases and filters.
class Renderer {
  public:
    std::vector<std::string> phrases;
    std::vector<std::string> filters;

    std::string render(const Xapian::Query& query) {
        const auto type = query.get_type();
        switch (type) {
            case Xapian::Query::LEAF_TERM: return term(*query.get_terms_begin());
            case Xapian::Query::LEAF_MATCH_ALL: return "<all articles>";
            case Xapian::Query::LEAF_MATCH_NOTHING: return "<nothing>";
            case Xapian::Query::LEAF_POSTING_SOURCE: return inner_description(query);
            case Xapian::Query::OP_WILDCARD: return wildcard(query);
            case Xapian::Query::OP_VALUE_RANGE:
            case Xapian::Query::OP_VALUE_GE:
            case Xapian::Query::OP_VALUE_LE: return filter(shown_range(query));
            case Xapian::Query::OP_PHRASE: return phrase(query);
            case Xapian::Query::OP_NEAR: return joined(query, near_operator(query));
            // A factor the parser sets (0 for a query of filters only) is not the user's.
            case Xapian::Query::OP_SCALE_WEIGHT: return render(query.get_subquery(0));
            default: break;
        }
        const char* name = operator_name(type);
        return joined(query, name != nullptr ? name : "?");
    }

  private:
    std::string term(const std::string& t) {
        const std::string shown = shown_term(t);
        return schema::is_free_text_term(t) ? shown : filter(shown);
    }

    std::string filter(std::string shown) {
        filters.push_back(shown);
        return shown;
    }

    std::string wildcard(const Xapian::Query& query) {
        const auto words = split_words(inner_description(query));
        return words.empty() ? "*" : shown_term(std::string(words.back())) + "*";
    }

    std::string phrase(const Xapian::Query& query) {
        std::vector<std::string> words;
        for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
            const Xapian::Query sub = query.get_subquery(i);
            if (sub.get_type() != Xapian::Query::LEAF_TERM) return joined(query, "PHRASE");
            words.push_back(shown_term(*sub.get_terms_begin()));
        }
        phrases.push_back(fmt::format("\"{}\"", fmt::join(words, " ")));
        return phrases.back();
    }

    std::string part(const Xapian::Query& sub) {
        const std::string text = render(sub);
        return is_leaf(sub) ? text : "(" + text + ")";
    }

    std::string joined(const Xapian::Query& query, const std::string& name) {
        std::string out;
        for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
            if (i > 0) out += " " + name + " ";
            out += part(query.get_subquery(i));
        }
        return out;
    }
};

}  // namespace

std::string render_query(const Xapian::Query& query) {
    Renderer renderer;
    return renderer.render(query);
}

ParsedQuery describe_query(const Xapian::Query& query, const Xapian::QueryParser& parser,
                           const std::string& language) {
    ParsedQuery out;
    out.language = language;
    Renderer renderer;
    out.query = renderer.render(query);
    out.phrases = std::move(renderer.phrases);
    const std::set<std::string> filters(renderer.filters.begin(), renderer.filters.end());
    out.filters.assign(filters.begin(), filters.end());
    std::set<std::string> seen;
    for (auto it = query.get_terms_begin(); it != query.get_terms_end(); ++it) {
        if (!schema::is_free_text_term(*it) || !seen.insert(*it).second) continue;
        std::vector<std::string> words(parser.unstem_begin(*it), parser.unstem_end(*it));
        out.terms.emplace_back(shown_term(*it), std::move(words));
    }
    const std::set<std::string> stopped(parser.stoplist_begin(), parser.stoplist_end());
    out.stopwords.assign(stopped.begin(), stopped.end());
    return out;
}

std::vector<std::string> describe_lines(const std::vector<ParsedQuery>& parsed,
                                        const std::vector<std::pair<std::string, double>>& expansion) {
    std::vector<std::string> lines;
    for (const ParsedQuery& p : parsed) {
        lines.push_back(fmt::format("query ({}): {}", p.language.empty() ? "no language" : p.language, p.query));
        std::vector<std::string> terms;
        for (const auto& [term, words] : p.terms) {
            terms.push_back(words.empty() ? term : fmt::format("{} (from {})", term, fmt::join(words, ", ")));
        }
        if (!terms.empty()) lines.push_back(fmt::format("  terms: {}", fmt::join(terms, "; ")));
        if (!p.phrases.empty()) lines.push_back(fmt::format("  phrases: {}", fmt::join(p.phrases, ", ")));
        if (!p.filters.empty()) lines.push_back(fmt::format("  filters: {}", fmt::join(p.filters, ", ")));
        if (!p.stopwords.empty()) {
            lines.push_back(fmt::format("  dropped as stopwords: {}", fmt::join(p.stopwords, ", ")));
        }
    }
    if (!expansion.empty()) {
        std::vector<std::string> terms;
        for (const auto& [term, weight] : expansion) terms.push_back(fmt::format("{} {:.3f}", term, weight));
        lines.push_back(fmt::format("  expanded with: {}", fmt::join(terms, ", ")));
    }
    return lines;
}

}  // namespace gazette
