//! The date-shape matchers that header, text and file-name dates share, private to the indexer:
//! a hand-written tokenizer that cuts text into words, digit runs and single punctuation marks,
//! and small matchers that recognise day, month and year shapes on that token sequence. There
//! are no regular expressions: inference runs on every article, and a token scan stays linear in
//! its length.
//!
//! Entry points: tokenize(), then full_date_at() (a day, month and year), any_month_day_at() (a
//! month and day) and the predicates below. Used by dates.cpp and text_dates.cpp.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "date.hpp"
#include "text.hpp"

namespace gazette::detail {

enum class Kind : unsigned char { word, number, punct };

struct Token {
    std::string_view text;
    Kind kind;
    bool spaced;  // whitespace (or the start of the text) comes right before it
};

using Tokens = std::span<const Token>;

/// Cuts `text` into tokens (replacing `out`'s): words and digit runs are maximal runs of one
/// class; each punctuation mark is its own token, so "--" is two tokens and "13th" is the number
/// "13" followed by the unspaced word "th".
void tokenize(std::string_view text, std::vector<Token>& out);

inline bool iequals(std::string_view text, std::string_view lower) {
    if (text.size() != lower.size()) return false;
    for (std::size_t k = 0; k < text.size(); ++k) {
        if (ascii_lower(text[k]) != lower[k]) return false;
    }
    return true;
}

inline bool is_kind(Tokens t, std::size_t i, Kind kind) { return i < t.size() && t[i].kind == kind; }

inline bool is_punct(Tokens t, std::size_t i, std::string_view mark) {
    return is_kind(t, i, Kind::punct) && t[i].text == mark;
}

// True when t[i] exists and touches the token before it.
inline bool attached(Tokens t, std::size_t i) { return i < t.size() && !t[i].spaced; }

inline bool is_number_of(Tokens t, std::size_t i, std::size_t min_digits, std::size_t max_digits) {
    return is_kind(t, i, Kind::number) && t[i].text.size() >= min_digits &&
           t[i].text.size() <= max_digits;
}

// A number that goes on past t[j - 1]: "13,500", "13.5", "13:30", "13%". Such digits are a
// quantity or a time, never a day or a year.
inline bool continues_number(Tokens t, std::size_t j) {
    if (!attached(t, j) || t[j].kind != Kind::punct) return false;
    if (t[j].text == "%") return true;
    const bool joiner = t[j].text == "," || t[j].text == "." || t[j].text == ":";
    return joiner && attached(t, j + 1) && t[j + 1].kind == Kind::number;
}

// The mirror image: t[i] is the tail of "1,13" or "2.13".
inline bool continues_number_before(Tokens t, std::size_t i) {
    if (i < 2 || t[i].spaced || t[i - 1].spaced || t[i - 1].kind != Kind::punct) return false;
    const bool joiner = t[i - 1].text == "," || t[i - 1].text == "." || t[i - 1].text == ":";
    return joiner && t[i - 2].kind == Kind::number;
}

// An ASCII word glued to the end of a number: "1990s", "13km". CJK text glues its date
// characters to the digits ("2024年"), so non-ASCII words do not count.
inline bool glued_ascii_word(Tokens t, std::size_t j) {
    return attached(t, j) && t[j].kind == Kind::word && is_ascii_alpha(t[j].text.front());
}

// Header values are matched case-insensitively. In running text an English month must be
// capitalized, which keeps "may", "march" and "august" the words out; French and Spanish
// write month names in lower case, so those are taken as they come.
enum class Mode : unsigned char { header, text };

// Words that introduce a day in running text: "on March 13", "le 13 mars", "el 13 de marzo",
// "am 13. März".
inline constexpr std::string_view kDayPrepositions[] = {"on", "le", "el", "am"};

// Words a date may put between its parts: "13 de marzo de 2024", "13th of March".
inline constexpr std::string_view kFillers[] = {"de", "of"};

template <typename Names>
bool is_one_of(std::string_view word, const Names& names) {
    for (std::string_view name : names) {
        if (iequals(word, name)) return true;
    }
    return false;
}

inline bool is_word_in(Tokens t, std::size_t i, std::span<const std::string_view> words) {
    return is_kind(t, i, Kind::word) && is_one_of(t[i].text, words);
}

inline std::size_t skip_punct(Tokens t, std::size_t i, std::string_view mark) {
    return is_punct(t, i, mark) ? i + 1 : i;
}

inline bool is_dash(Tokens t, std::size_t i) {
    return is_punct(t, i, "-") || is_punct(t, i, "\u2013") || is_punct(t, i, "\u2014");
}

/// The month named by t[i], 0 when it names none.
int month_at(Tokens t, std::size_t i, Mode mode);

/// True when t[i] names a day of the week (capitalized in text).
bool is_weekday(Tokens t, std::size_t i, Mode mode);

/// The day of the week t[i] names, 0 for Monday to 6 for Sunday; -1 when it names none.
int weekday_at(Tokens t, std::size_t i, Mode mode);

struct Day {
    int value = 0;
    std::size_t next = 0;
    bool ordinal = false;  // written "13th", "1st", "1er"
};

/// A day of the month at t[i]: one or two digits, 1..31, maybe with an ordinal suffix.
std::optional<Day> day_at(Tokens t, std::size_t i, Mode mode);

struct Year {
    int value = 0;
    std::size_t next = 0;
};

/// 19YY when YY >= 30, else 20YY.
constexpr int expand_two_digit_year(int yy) { return yy >= 30 ? 1900 + yy : 2000 + yy; }

/// A year at t[i]: four digits, or two in headers ("93"). Never the start of a time or a
/// quantity ("11:57", "2,000") nor a decade ("1990s").
std::optional<Year> year_at(Tokens t, std::size_t i, Mode mode);

struct MonthDay {
    int month = 0;
    int day = 0;
    std::size_t next = 0;
    bool ordinal = false;
};

/// "March 13", "Mar. 13th", "Apr-16" (VMS and ls style).
std::optional<MonthDay> month_day_at(Tokens t, std::size_t i, Mode mode);
/// "13 March", "13th of March", "13. März", "13 de marzo", "16-Apr".
std::optional<MonthDay> day_month_at(Tokens t, std::size_t i, Mode mode);
/// Either of the two.
std::optional<MonthDay> any_month_day_at(Tokens t, std::size_t i, Mode mode);

/// Skips a clock time such as "16:33:05", "12:32" or "15:01:01.79" at t[j]; j when there is none.
std::size_t skip_time(Tokens t, std::size_t j);

/// The year after a month and day: "March 13, 2024", "16-Apr-93", "13 de marzo de 2024", and
/// in headers after a clock time and zone as asctime and date(1) write it: "Apr 15 16:33:05 1993".
std::optional<Year> year_after(Tokens t, std::size_t j, Mode mode);

/// True when t[a] and t[b] are the same punctuation mark, each touching the token before it.
bool same_separator(Tokens t, std::size_t a, std::size_t b);

struct Found {
    Date date;
    std::size_t next = 0;
};

/// A date with day, month and year starting at t[i], in any of the spellings parse_date()
/// reads (dates.hpp); in text mode, only the written-out and ISO ones.
std::optional<Found> full_date_at(Tokens t, std::size_t i, Mode mode);

}  // namespace gazette::detail
