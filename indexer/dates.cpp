//! Header dates, file-name dates and the --date-sources list; see dates.hpp. Dates in the text
//! are text_dates.cpp's; both read dates through the token matchers of date_tokens.hpp.
//!
//! Entry points: parse_date() (header values), date_from_filename() (path components),
//! parse_date_sources().
#include "dates.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "date_tokens.hpp"
#include "errors.hpp"
#include "schema.hpp"
#include "text.hpp"

namespace gazette {
namespace {

using namespace detail;

// ---------------------------------------------------------------------------------------------
// Inference from file names

// Years a file name may carry: generous, since a name has no context to judge it by.
bool plausible_name_year(int year) { return year >= 1700 && year <= 2100; }

// Digits that stand alone in a name: bounded by punctuation or the ends, not by letters or
// other digits ("reut2-000" has none).
bool bounded_left(Tokens t, std::size_t i) {
    return i == 0 || t[i].spaced || t[i - 1].kind == Kind::punct;
}

bool bounded_right(Tokens t, std::size_t j) {
    return j >= t.size() || t[j].spaced || t[j].kind == Kind::punct;
}

bool is_name_separator(std::string_view mark) { return mark == "-" || mark == "_" || mark == "."; }

// "2024-03-14-story", "2024_03_14", "20240314-x", "story.2024.03.14".
std::optional<Date> full_date_in_name(std::string_view name) {
    std::vector<Token> tokens;
    tokenize(name, tokens);
    const Tokens t{tokens};
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (!bounded_left(t, i)) continue;
        Date date;
        std::size_t next = i + 1;
        if (is_number_of(t, i, 8, 8)) {
            date = Date::from_iso(t[i].text).value_or(Date{});
        } else if (is_number_of(t, i, 4, 4) && same_separator(t, i + 1, i + 3) &&
                   is_name_separator(t[i + 1].text) && is_number_of(t, i + 2, 1, 2) &&
                   is_number_of(t, i + 4, 1, 2) && attached(t, i + 2) && attached(t, i + 4)) {
            date = {digits_value(t[i].text), digits_value(t[i + 2].text),
                    digits_value(t[i + 4].text)};
            next = i + 5;
        }
        if (bounded_right(t, next) && date.valid() && plausible_name_year(date.year)) return date;
    }
    return std::nullopt;
}

// The number a path component starts with when it stands alone ("03", "14.html", "14-x"),
// or the whole component when whole is set; 0 if there is none.
int component_number(std::string_view component, std::size_t min_digits,
                     std::size_t max_digits, bool whole) {
    std::size_t digits = 0;
    while (digits < component.size() && is_ascii_digit(component[digits])) ++digits;
    if (digits < min_digits || digits > max_digits) return 0;
    if (whole && digits != component.size()) return 0;
    if (digits < component.size() && is_ascii_alpha(component[digits])) return 0;
    return digits_value(component.substr(0, digits));
}

// ".../2024/03/14/x.html": year, month and day as consecutive components.
std::optional<Date> date_from_directories(const std::vector<std::string_view>& parts,
                                          std::size_t k) {
    if (k + 2 >= parts.size()) return std::nullopt;
    const Date date{component_number(parts[k], 4, 4, true),
                    component_number(parts[k + 1], 1, 2, true),
                    component_number(parts[k + 2], 1, 2, false)};
    if (!date.valid() || !plausible_name_year(date.year)) return std::nullopt;
    return date;
}

// True when t[i] is one of several numbers joined by single marks ("2023-02-29", "03_2024"):
// then it is part of a date or a code, not a year standing alone.
bool in_number_group(Tokens t, std::size_t i) {
    const bool before = i >= 2 && attached(t, i) && attached(t, i - 1) &&
                        t[i - 1].kind == Kind::punct && t[i - 2].kind == Kind::number;
    const bool after = attached(t, i + 1) && t[i + 1].kind == Kind::punct &&
                       attached(t, i + 2) && is_kind(t, i + 2, Kind::number);
    return before || after;
}

// "1790_george_washington_n.txt": a year alone stands for January 1st of it.
std::optional<Date> year_in_name(std::string_view name) {
    std::vector<Token> tokens;
    tokenize(name, tokens);
    const Tokens t{tokens};
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (!is_number_of(t, i, 4, 4) || !bounded_left(t, i) || !bounded_right(t, i + 1) ||
            in_number_group(t, i)) {
            continue;
        }
        const int year = digits_value(t[i].text);
        if (plausible_name_year(year)) return Date{year, 1, 1};
    }
    return std::nullopt;
}

std::vector<std::string_view> path_components(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t k = 0; k <= path.size(); ++k) {
        if (k < path.size() && path[k] != '/' && path[k] != '\\') continue;
        if (k > start) parts.push_back(path.substr(start, k - start));
        start = k + 1;
    }
    return parts;
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) {
    std::vector<Token> tokens;
    tokenize(text, tokens);
    const Tokens t{tokens};
    std::size_t i = 0;
    while (i < t.size() && (t[i].kind == Kind::punct || is_weekday(t, i, Mode::header))) ++i;
    const auto found = full_date_at(t, i, Mode::header);
    if (!found || !found->date.valid()) return std::nullopt;
    return found->date;
}

std::optional<TimeOfDay> parse_time_of_day(std::string_view text) {
    const auto digit = [&](std::size_t i) { return i < text.size() && is_ascii_digit(text[i]); };
    for (std::size_t colon = text.find(':'); colon != std::string_view::npos;
         colon = text.find(':', colon + 1)) {
        // The hour: one or two digits before the colon, not part of a longer number.
        std::size_t start = colon;
        while (start > 0 && digit(start - 1) && colon - start < 3) --start;
        if (colon - start == 0 || colon - start > 2 || (start > 0 && digit(start - 1))) continue;
        std::size_t end = colon + 3;
        if (!digit(colon + 1) || !digit(colon + 2)) continue;
        if (end < text.size() && text[end] == ':' && digit(end + 1) && digit(end + 2)) end += 3;
        if (digit(end)) continue;
        // A one-digit hour ("9:30") reads as "09:30".
        const std::string written = (colon - start == 1 ? std::string("0") : std::string()) +
                                    std::string(text.substr(start, end - start));
        if (auto time = TimeOfDay::from_iso(written)) return time;
    }
    return std::nullopt;
}

std::optional<Date> date_from_filename(std::string_view path) {
    const auto parts = path_components(path);
    if (parts.empty()) return std::nullopt;
    for (std::size_t k = parts.size(); k-- > 0;) {
        if (auto date = full_date_in_name(parts[k])) return date;
        if (auto date = date_from_directories(parts, k)) return date;
    }
    return year_in_name(parts.back());
}

std::vector<DateSource> parse_date_sources(std::string_view listed) {
    const auto refuse = [&](std::string_view why) {
        throw UsageError(fmt::format("--date-sources takes header, filename and text in the order "
                                     "to try them (comma-separated), or none; '{}' {}",
                                     listed, why));
    };
    std::vector<DateSource> sources;
    const std::vector<std::string> names = schema::split_list(listed);
    if (names.size() == 1 && trim(names.front()) == "none") return sources;
    if (names.empty()) refuse("is empty");
    for (const std::string& name : names) {
        const std::string_view word = trim(name);
        const DateSource source = date_source_from_string(word);
        if (source == DateSource::none) refuse(fmt::format("names '{}'", word));
        if (std::find(sources.begin(), sources.end(), source) != sources.end()) {
            refuse(fmt::format("names '{}' twice", word));
        }
        sources.push_back(source);
    }
    return sources;
}

namespace {

/// One end of a period: a day, or a year standing for its first (`end` false) or last day.
std::optional<Date> period_end(std::string_view text, bool end) {
    text = trim(text);
    if (text.size() == 4 && std::all_of(text.begin(), text.end(), is_ascii_digit)) {
        const int year = std::stoi(std::string(text));
        const Date day = end ? Date{year, 12, 31} : Date{year, 1, 1};
        if (year >= 1 && day.valid()) return day;
        return std::nullopt;
    }
    return Date::from_iso(text);
}

std::string end_text(const Date& day, bool end) {
    const bool whole_year = end ? (day.month == 12 && day.day == 31) : (day.month == 1 && day.day == 1);
    return whole_year ? std::to_string(day.year) : day.iso();
}

}  // namespace

DatePeriod parse_period(std::string_view text) {
    const auto refuse = [&](std::string_view why) {
        throw UsageError(fmt::format("--period takes the days the archive's articles appeared "
                                     "in, as YYYY, YYYY..YYYY or YYYY-MM-DD..YYYY-MM-DD; '{}' {}",
                                     text, why));
    };
    const std::size_t dots = text.find("..");
    const std::string_view first = text.substr(0, dots);
    const std::string_view last = dots == std::string_view::npos ? first : text.substr(dots + 2);
    const auto from = period_end(first, false);
    const auto until = period_end(last, true);
    if (!from || !until) refuse("is not one");
    if (*until < *from) refuse("ends before it begins");
    return DatePeriod{*from, *until};
}

std::string DatePeriod::text() const {
    const std::string first = end_text(from, false);
    const std::string last = end_text(until, true);
    if (from.year == until.year && first.size() == 4 && last.size() == 4) return first;
    return first + ".." + last;
}

}  // namespace gazette
