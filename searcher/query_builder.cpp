//! Query parsing with Gazette's fields; see query_builder.hpp.
#include "query_builder.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "errors.hpp"
#include "highlighter.hpp"
#include "query_fields.hpp"
#include "schema.hpp"
#include "text.hpp"

namespace gazette {
namespace {

/// What a processor found wrong with its part of the query. Xapian 1.4's QueryParser leaks its
/// parse state when a field or range processor throws (fuzzing found it with `date:03`), so
/// processors note the first problem here and return MatchNothing, and parse() throws it.
class ProcessorErrors {
  public:
    void add(std::string message) {
        if (first_.empty()) first_ = std::move(message);
    }
    /// The first problem noted since the last call, or empty; clears it.
    std::string take() { return std::exchange(first_, {}); }

  private:
    std::string first_;
};

/// A piece of query text between spaces outside quotes: a word, an operator, a phrase (with
/// its quotes and any field prefix) or a bracket; `at` is its first byte.
struct QueryToken {
    std::string text;
    std::size_t at;
};

std::vector<QueryToken> query_tokens(const std::string& text) {
    std::vector<QueryToken> tokens;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (!quoted && is_ascii_space(c)) continue;
        if (tokens.empty() || (i > 0 && !quoted && is_ascii_space(text[i - 1]))) tokens.push_back({"", i});
        tokens.back().text += c;
        if (c == '"') quoted = !quoted;
    }
    return tokens;
}

/// `token` without the brackets that open or close groups around it: "OR)" -> "OR".
std::string_view bare(std::string_view token) {
    while (!token.empty() && token.front() == '(') token.remove_prefix(1);
    while (!token.empty() && token.back() == ')') token.remove_suffix(1);
    return token;
}

bool is_operator_word(std::string_view word) {
    return word == "AND" || word == "OR" || word == "NOT" || word == "XOR" ||
           word.starts_with("NEAR") || word.starts_with("ADJ");
}

/// `text` as the parser is to read it. Words keep their case (the parser lower-cases each as
/// it takes it, and needs the capitals to see U.K. as an acronym), but for two kinds of token
/// that lower-casing the whole query used to settle: a field name in capitals (`Title:cocoa`)
/// is lower-cased, since the parser knows a field by its name as given; and an operator word
/// with a bracket attached (`OR)`, `(AND`) stays a word, as literal_operators() reports it,
/// rather than becoming a syntax error.
std::string prepare_case(const std::string& text) {
    std::string out;
    for (const QueryToken& token : query_tokens(text)) {
        if (!out.empty()) out += ' ';
        std::string t = token.text;
        const std::string_view name = bare(t);
        if (name.size() != t.size() && is_operator_word(name)) {
            t = Xapian::Unicode::tolower(t);
        } else {
            std::size_t begin = 0;
            while (begin < t.size() && (t[begin] == '(' || t[begin] == '+' || t[begin] == '-')) ++begin;
            const std::size_t colon = t.find(':', begin);
            if (colon != std::string::npos && t.find('"') > colon) {
                const std::string field = ascii_lower(std::string_view(t).substr(begin, colon - begin));
                if (schema::find_query_field(field) != nullptr) t.replace(begin, colon - begin, field);
            }
        }
        out += t;
    }
    return out;
}

bool is_positional_operator(std::string_view word) {
    for (std::string_view name : {std::string_view("NEAR"), std::string_view("ADJ")}) {
        if (word == name) return true;
        if (word.size() > name.size() + 1 && word.starts_with(name) && word[name.size()] == '/' &&
            all_digits(word.substr(name.size() + 1))) {
            return true;
        }
    }
    return false;
}

/// What a NEAR or ADJ cannot join: "the phrase '\"tony blair\"'", or empty for a plain word.
std::string not_a_word(const QueryToken* token) {
    if (token == nullptr) return "nothing";
    const std::string& t = token->text;
    if (t.find('"') != std::string::npos) return "the phrase '" + t + "'";
    if (t.front() == '(' || t.back() == ')') return "the bracketed group at '" + t + "'";
    if (t.find(':') != std::string::npos) return "the field '" + t + "'";
    if (is_operator_word(t) || t.front() == '-' || t.front() == '+') return "the operator '" + t + "'";
    return {};
}

/// `date:` with a single value: a day (2024-03-14), a month (2024-03) or a year (2024).
class DateFieldProcessor : public Xapian::FieldProcessor {
  public:
    explicit DateFieldProcessor(ProcessorErrors& errors) : errors_(errors) {}

    Xapian::Query operator()(const std::string& value) override {
        const std::string_view text(value);
        if (auto day = Date::from_iso(text)) return Xapian::Query(schema::date_term(*day));
        if (text.size() == 7 && text[4] == '-' && all_digits(text.substr(0, 4)) &&
            all_digits(text.substr(5, 2))) {
            const int month = digits_value(text.substr(5, 2));
            if (month >= 1 && month <= 12) {
                return Xapian::Query(schema::month_term(digits_value(text.substr(0, 4)), month));
            }
        }
        if (text.size() == 4 && all_digits(text)) {
            return Xapian::Query(schema::year_term(digits_value(text)));
        }
        errors_.add("date: takes YYYY-MM-DD, YYYY-MM, YYYY or a range FROM..TO, not '" + value +
                    "'");
        return Xapian::Query(Xapian::Query::MatchNothing);
    }

  private:
    ProcessorErrors& errors_;
};

/// Boolean fields whose values are stored lower-cased and possibly hashed (source:, lang:).
class LowercaseFieldProcessor : public Xapian::FieldProcessor {
  public:
    explicit LowercaseFieldProcessor(std::string prefix) : prefix_(std::move(prefix)) {}
    Xapian::Query operator()(const std::string& value) override {
        return Xapian::Query(schema::field_term(prefix_, value));
    }

  private:
    std::string prefix_;
};

/// Ranges `NAME:FROM..TO` over a date slot, with ISO dates, months or years as ends.
class DateRangeProcessor : public Xapian::RangeProcessor {
  public:
    DateRangeProcessor(Xapian::valueno date_slot, const std::string& field, ProcessorErrors& errors)
        : Xapian::RangeProcessor(date_slot, field + ":"), errors_(errors) {}

    Xapian::Query operator()(const std::string& begin, const std::string& end) override {
        const auto low = begin.empty() ? std::optional<std::string>("") : bound(begin, false);
        const auto high = end.empty() ? std::optional<std::string>("") : bound(end, true);
        if (!low || !high) {
            errors_.add("date range ends must be YYYY-MM-DD, YYYY-MM or YYYY, not '" +
                        (low ? end : begin) + "'");
            return Xapian::Query(Xapian::Query::MatchNothing);
        }
        return range(*low, *high);
    }

  private:
    Xapian::Query range(const std::string& low, const std::string& high) const {
        if (high.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, low);
        if (low.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, high);
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, low, high);
    }

    // "2024" -> 20240101 or 20241231, "2024-03" -> 20240301 or 20240331, a day as it is;
    // nullopt for anything else.
    static std::optional<std::string> bound(const std::string& text, bool upper) {
        if (auto day = Date::from_iso(text)) return day->compact();
        if (text.size() == 7 && text[4] == '-') {
            if (auto first = Date::from_iso(text + "-01")) {
                return upper ? first->compact().substr(0, 6) + "31" : first->compact();
            }
        }
        if (text.size() == 4 && all_digits(text)) {
            return text + (upper ? "1231" : "0101");
        }
        return std::nullopt;
    }

    ProcessorErrors& errors_;
};

}  // namespace

/// The processors the parser uses for the fields, which it does not own.
struct QueryBuilder::Processors {
    ProcessorErrors errors;
    std::vector<std::unique_ptr<Xapian::FieldProcessor>> fields;
    std::vector<std::unique_ptr<Xapian::RangeProcessor>> ranges;

    /// Tells `parser` about `field` (schema/query_fields.hpp).
    void add(Xapian::QueryParser& parser, const schema::QueryField& field) {
        const std::string name(field.name);
        const std::string prefix(field.prefix);
        switch (field.values) {
            case schema::FieldValues::words:
                parser.add_prefix(name, prefix);
                break;
            case schema::FieldValues::verbatim:
                parser.add_boolean_prefix(name, prefix);
                break;
            case schema::FieldValues::lower_case:
                fields.push_back(std::make_unique<LowercaseFieldProcessor>(prefix));
                parser.add_boolean_prefix(name, fields.back().get());
                break;
            case schema::FieldValues::date:
                fields.push_back(std::make_unique<DateFieldProcessor>(errors));
                parser.add_boolean_prefix(name, fields.back().get());
                break;
        }
        if (field.range_slot) {
            ranges.push_back(std::make_unique<DateRangeProcessor>(*field.range_slot, name, errors));
            parser.add_rangeprocessor(ranges.back().get());
        }
    }
};

QueryBuilder::QueryBuilder(const Xapian::Database& db, const Xapian::Stem& stem)
    : processors_(std::make_unique<Processors>()) {
    parser_.set_database(db);
    parser_.set_stemmer(stem);
    // Every word is stemmed, phrases included, as the indexer stems them (schema.hpp).
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
    for (const schema::QueryField& field : schema::kQueryFields) processors_->add(parser_, field);
}

QueryBuilder::~QueryBuilder() = default;

namespace {

/// The start of `text` for an error message: a whole query may be 8 KB.
std::string query_start(std::string_view text) {
    constexpr std::size_t kShown = 40;
    if (text.size() <= kShown) return std::string(text);
    return std::string(text.substr(0, utf8_floor(text, kShown))) + "...";
}

void check_query_size(const std::string& text) {
    if (text.size() > kMaxQueryBytes) {
        throw QueryError(fmt::format("query '{}' is too long: {} bytes, at most {}",
                                     query_start(text), text.size(), kMaxQueryBytes));
    }
}

void check_query_terms(const std::string& text, const Xapian::Query& query) {
    const auto terms = static_cast<std::size_t>(
        std::distance(query.get_unique_terms_begin(), query.get_unique_terms_end()));
    if (terms > kMaxQueryTerms) {
        throw QueryError(fmt::format("query '{}' has too many terms: {}, at most {}",
                                     query_start(text), terms, kMaxQueryTerms));
    }
}

}  // namespace

Xapian::Query QueryBuilder::parse(const std::string& text, QuerySyntax syntax,
                                  const Xapian::Stopper* stopper) {
    // A dotted acronym is a name, never a stopword: U.S. is "us", I.T. "it".
    acronyms_.base = stopper;
    acronyms_.kept = syntax == QuerySyntax::xapian ? dotted_acronyms(text) : std::set<std::string>{};
    parser_.set_stopper(stopper == nullptr ? nullptr : &acronyms_);
    constexpr unsigned kFlags = Xapian::QueryParser::FLAG_DEFAULT |
                                Xapian::QueryParser::FLAG_WILDCARD |
                                Xapian::QueryParser::FLAG_PURE_NOT |
                                Xapian::QueryParser::FLAG_CJK_NGRAM;
    check_query_size(text);
    processors_->errors.take();
    try {
        Xapian::Query query;
        if (syntax == QuerySyntax::text) {
            // No operators at all (AND, OR, NOT, quotes and signs are words), but the words
            // keep their case as in the query syntax, so that U.K. is the acronym "uk".
            query = parser_.parse_query(prepare_case(text), Xapian::QueryParser::FLAG_CJK_NGRAM);
        } else {
            // Words keep their case: the parser lower-cases each as it takes it (and STEM_ALL
            // stems capitalised words too), but it needs the capitals to see U.K. as the
            // acronym "uk", one word, as the indexer's TermGenerator does; lower-cased first,
            // "u.k." was the phrase "u k".
            query = parser_.parse_query(prepare_case(text), kFlags);
        }
        if (auto error = processors_->errors.take(); !error.empty()) {
            throw QueryError(fmt::format("bad query '{}': {}", text, error));
        }
        if (query.empty()) throw QueryError(fmt::format("query '{}' has no words to search", text));
        check_query_terms(text, query);
        return query;
    } catch (const Xapian::QueryParserError& e) {
        throw QueryError(fmt::format("bad query '{}': {}", text, e.get_msg()));
    }
}

void QueryBuilder::check_operators(const std::string& text) {
    const std::vector<QueryToken> tokens = query_tokens(text);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (!is_positional_operator(tokens[i].text)) continue;
        const QueryToken* sides[] = {i > 0 ? &tokens[i - 1] : nullptr,
                                     i + 1 < tokens.size() ? &tokens[i + 1] : nullptr};
        for (const QueryToken* side : sides) {
            const std::string what = not_a_word(side);
            if (what.empty()) continue;
            throw QueryError(fmt::format(
                "bad query '{}': {} (character {}) joins single words, not {}; use AND for "
                "both, or {} between words (tony {} blair {} iraq)",
                text, tokens[i].text, tokens[i].at + 1, what, tokens[i].text, tokens[i].text,
                tokens[i].text));
        }
    }
}

std::vector<std::string> QueryBuilder::literal_operators(const std::string& text,
                                                         const Xapian::Query& query) const {
    const std::set<std::string> terms(query.get_terms_begin(), query.get_terms_end());
    const std::set<std::string> stopped(parser_.stoplist_begin(), parser_.stoplist_end());
    std::vector<std::string> out;
    for (const QueryToken& token : query_tokens(text)) {
        const std::string_view name = bare(token.text);
        if (!is_operator_word(name)) continue;
        const std::string word = Xapian::Unicode::tolower(std::string(name));
        const bool dropped = stopped.contains(word);
        if (terms.contains(word) || dropped) {
            const std::size_t at = token.at + (name.data() - token.text.data());
            out.push_back(fmt::format("'{}' (character {}) as a word, not an operator{}", name,
                                      at + 1, dropped ? ", then dropped it as a stopword" : ""));
        }
    }
    return out;
}

std::vector<std::string> QueryBuilder::words(const std::string& text, QuerySyntax syntax,
                                            const Xapian::Stopper* stopper) {
    std::vector<std::string> out;
    const Xapian::Query query = parse(text, syntax, stopper);
    for (auto it = query.get_terms_begin(); it != query.get_terms_end(); ++it) {
        const std::string& term = *it;
        // Only body terms (unprefixed stems): they carry the positions proximity needs.
        if (schema::is_body_term(term)) out.push_back(term);
    }
    return out;
}

Xapian::Query QueryBuilder::filter_dates(Xapian::Query query, const std::optional<Date>& since,
                                         const std::optional<Date>& until) {
    if (!since && !until) return query;
    Xapian::Query range;
    if (since && until) {
        range = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDate, since->compact(),
                              until->compact());
    } else if (since) {
        range = Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDate, since->compact());
    } else {
        // An empty value (date unknown) sorts below every date; exclude it explicitly.
        range = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDate, "00000101",
                              until->compact());
    }
    return Xapian::Query(Xapian::Query::OP_FILTER, query, range);
}

}  // namespace gazette
