//! The tokenizer and date-shape matchers; see date_tokens.hpp.
#include "date_tokens.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

namespace gazette::detail {

// ---------------------------------------------------------------------------------------------
// Characters and tokens

namespace {

enum class CharClass : unsigned char { space, punct, digit, letter };

struct Char {
    CharClass cls;
    std::size_t length;
};

// Non-ASCII characters that separate words as ASCII spaces and punctuation do: Latin-1
// punctuation (no-break space, currency signs, guillemets), the General Punctuation block
// (dashes, curly quotes, thin spaces) and CJK spaces and marks. Anything else is a letter.
CharClass classify_non_ascii(std::string_view ch) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(ch[k]); };
    if (ch.size() == 2 && byte(0) == 0xC2 && byte(1) >= 0xA0) {
        return byte(1) == 0xA0 ? CharClass::space : CharClass::punct;
    }
    if (ch.size() == 3 && byte(0) == 0xE2 && (byte(1) == 0x80 || byte(1) == 0x81)) {
        return byte(1) == 0x80 && byte(2) <= 0x8B ? CharClass::space : CharClass::punct;
    }
    if (ch.size() == 3 && byte(0) == 0xE3 && byte(1) == 0x80) {
        return byte(2) == 0x80 ? CharClass::space : CharClass::punct;
    }
    return CharClass::letter;
}

Char classify(std::string_view text, std::size_t pos) {
    const char c = text[pos];
    if (static_cast<unsigned char>(c) >= 0x80) {
        const std::size_t length = utf8_char_length(text, pos);
        return {classify_non_ascii(text.substr(pos, length)), length};
    }
    if (is_ascii_space(c)) return {CharClass::space, 1};
    if (is_ascii_digit(c)) return {CharClass::digit, 1};
    if (is_ascii_alpha(c)) return {CharClass::letter, 1};
    return {CharClass::punct, 1};
}




Kind kind_of(CharClass cls) {
    if (cls == CharClass::digit) return Kind::number;
    if (cls == CharClass::letter) return Kind::word;
    return Kind::punct;
}

}  // namespace

// Words and digit runs are maximal runs of one class; each punctuation mark is its own token,
// so "--" is two tokens and "13th" is the number "13" followed by the unspaced word "th".
void tokenize(std::string_view text, std::vector<Token>& out) {
    out.clear();
    bool spaced = true;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const Char first = classify(text, pos);
        if (first.cls == CharClass::space) {
            spaced = true;
            pos += first.length;
            continue;
        }
        std::size_t end = pos + first.length;
        while (first.cls != CharClass::punct && end < text.size()) {
            const Char next = classify(text, end);
            if (next.cls != first.cls) break;
            end += next.length;
        }
        out.push_back({text.substr(pos, end - pos), kind_of(first.cls), spaced});
        spaced = false;
        pos = end;
    }
}









// ---------------------------------------------------------------------------------------------
// Month and weekday names


namespace {

struct MonthName {
    std::string_view name;
    int month;
    bool english;
};

struct WeekdayName {
    std::string_view name;
    int day;  // 0 for Monday to 6 for Sunday
};

constexpr WeekdayName kWeekdays[] = {
    {"monday", 0}, {"mon", 0}, {"tuesday", 1}, {"tue", 1}, {"tues", 1}, {"wednesday", 2},
    {"wed", 2}, {"weds", 2}, {"thursday", 3}, {"thu", 3}, {"thur", 3}, {"thurs", 3},
    {"friday", 4}, {"fri", 4}, {"saturday", 5}, {"sat", 5}, {"sunday", 6}, {"sun", 6},
};

constexpr MonthName kMonths[] = {
    {"january", 1, true}, {"jan", 1, true}, {"february", 2, true}, {"feb", 2, true},
    {"march", 3, true}, {"mar", 3, true}, {"april", 4, true}, {"apr", 4, true},
    {"may", 5, true}, {"june", 6, true}, {"jun", 6, true}, {"july", 7, true},
    {"jul", 7, true}, {"august", 8, true}, {"aug", 8, true}, {"september", 9, true},
    {"sept", 9, true}, {"sep", 9, true}, {"october", 10, true}, {"oct", 10, true},
    {"november", 11, true}, {"nov", 11, true}, {"december", 12, true}, {"dec", 12, true},
    // German
    {"januar", 1, false}, {"jänner", 1, false}, {"februar", 2, false}, {"märz", 3, false},
    {"maerz", 3, false}, {"mai", 5, false}, {"juni", 6, false}, {"juli", 7, false},
    {"oktober", 10, false}, {"dezember", 12, false},
    // French
    {"janvier", 1, false}, {"février", 2, false}, {"fevrier", 2, false}, {"mars", 3, false},
    {"avril", 4, false}, {"juin", 6, false}, {"juillet", 7, false}, {"août", 8, false},
    {"aout", 8, false}, {"septembre", 9, false}, {"octobre", 10, false},
    {"novembre", 11, false}, {"décembre", 12, false}, {"decembre", 12, false},
    // Spanish
    {"enero", 1, false}, {"febrero", 2, false}, {"marzo", 3, false}, {"abril", 4, false},
    {"mayo", 5, false}, {"junio", 6, false}, {"julio", 7, false}, {"agosto", 8, false},
    {"septiembre", 9, false}, {"setiembre", 9, false}, {"octubre", 10, false},
    {"noviembre", 11, false}, {"diciembre", 12, false},
};





// What every month name has: its first byte among a few, and a length within bounds. Most
// words fail these at once; month_at() runs on nearly every word of an article's head.
constexpr auto kMonthInitials = [] {
    std::array<bool, 256> initials{};
    for (const MonthName& entry : kMonths) initials[static_cast<unsigned char>(entry.name.front())] = true;
    return initials;
}();
constexpr auto kMonthLengths = [] {
    std::pair<std::size_t, std::size_t> bounds{SIZE_MAX, 0};
    for (const MonthName& entry : kMonths) {
        bounds = {std::min(bounds.first, entry.name.size()), std::max(bounds.second, entry.name.size())};
    }
    return bounds;
}();

}  // namespace

// The month named by t[i], 0 when it names none.
int month_at(Tokens t, std::size_t i, Mode mode) {
    if (!is_kind(t, i, Kind::word)) return 0;
    const std::string_view text = t[i].text;
    if (text.size() < kMonthLengths.first || text.size() > kMonthLengths.second ||
        !kMonthInitials[static_cast<unsigned char>(ascii_lower(text.front()))]) {
        return 0;
    }
    for (const MonthName& entry : kMonths) {
        if (!iequals(text, entry.name)) continue;
        if (mode == Mode::text && entry.english && !is_ascii_upper(text.front())) return 0;
        return entry.month;
    }
    return 0;
}

int weekday_at(Tokens t, std::size_t i, Mode mode) {
    if (!is_kind(t, i, Kind::word)) return -1;
    if (mode == Mode::text && !is_ascii_upper(t[i].text.front())) return -1;
    for (const WeekdayName& entry : kWeekdays) {
        if (iequals(t[i].text, entry.name)) return entry.day;
    }
    return -1;
}

bool is_weekday(Tokens t, std::size_t i, Mode mode) { return weekday_at(t, i, mode) >= 0; }




// ---------------------------------------------------------------------------------------------
// Date parts


namespace {

bool is_ordinal_suffix(std::string_view word) {
    return iequals(word, "st") || iequals(word, "nd") || iequals(word, "rd") ||
           iequals(word, "th") || iequals(word, "er");
}

// Skips the end of a day range ("June 14-25", "8-10 December"): a range is dated by its start.
std::size_t skip_range_end(Tokens t, std::size_t j, int start) {
    if (!is_dash(t, j) || !is_number_of(t, j + 1, 1, 2) || continues_number(t, j + 2)) return j;
    const int end = digits_value(t[j + 1].text);
    return end > start && end <= 31 ? j + 2 : j;
}

}  // namespace

// A day of the month at t[i]: one or two digits, 1..31, maybe with an ordinal suffix.
std::optional<Day> day_at(Tokens t, std::size_t i, Mode mode) {
    if (!is_number_of(t, i, 1, 2) || continues_number_before(t, i)) return std::nullopt;
    Day day{digits_value(t[i].text), i + 1, false};
    if (day.value < 1 || day.value > 31) return std::nullopt;
    if (glued_ascii_word(t, day.next)) {
        if (!is_ordinal_suffix(t[day.next].text)) return std::nullopt;
        day.ordinal = true;
        ++day.next;
    }
    if (mode == Mode::text && continues_number(t, day.next)) return std::nullopt;
    day.next = skip_range_end(t, day.next, day.value);
    return day;
}



// A year at t[i]: four digits, or two in headers ("93"). Never the start of a time or a
// quantity ("11:57", "2,000") nor a decade ("1990s").
std::optional<Year> year_at(Tokens t, std::size_t i, Mode mode) {
    const bool four = is_number_of(t, i, 4, 4);
    if (!four && !(mode == Mode::header && is_number_of(t, i, 2, 2))) return std::nullopt;
    if (continues_number(t, i + 1) || glued_ascii_word(t, i + 1)) return std::nullopt;
    const int value = digits_value(t[i].text);
    return Year{four ? value : expand_two_digit_year(value), i + 1};
}


// "March 13", "Mar. 13th", "Apr-16" (VMS and ls style).
std::optional<MonthDay> month_day_at(Tokens t, std::size_t i, Mode mode) {
    const int month = month_at(t, i, mode);
    if (month == 0) return std::nullopt;
    std::size_t j = i + 1;
    // Only an abbreviation takes a full stop; "in March. 13 people" is two sentences.
    if (t[i].text.size() <= 4) j = skip_punct(t, j, ".");
    if (mode == Mode::header) j = skip_punct(t, j, "-");
    const auto day = day_at(t, j, mode);
    if (!day) return std::nullopt;
    return MonthDay{month, day->value, day->next, day->ordinal};
}

// "13 March", "13th of March", "13. März", "13 de marzo", "16-Apr".
std::optional<MonthDay> day_month_at(Tokens t, std::size_t i, Mode mode) {
    const auto day = day_at(t, i, mode);
    if (!day) return std::nullopt;
    std::size_t j = day->next;
    if (is_punct(t, j, ".") || is_punct(t, j, "-")) ++j;
    if (is_word_in(t, j, kFillers)) ++j;
    const int month = month_at(t, j, mode);
    if (month == 0) return std::nullopt;
    j = t[j].text.size() <= 4 ? skip_punct(t, j + 1, ".") : j + 1;
    return MonthDay{month, day->value, j, day->ordinal};
}

std::optional<MonthDay> any_month_day_at(Tokens t, std::size_t i, Mode mode) {
    if (auto found = month_day_at(t, i, mode)) return found;
    return day_month_at(t, i, mode);
}

// Skips a clock time such as "16:33:05", "12:32" or "15:01:01.79".
std::size_t skip_time(Tokens t, std::size_t j) {
    if (!is_kind(t, j, Kind::number) || !continues_number(t, j + 1)) return j;
    std::size_t k = j + 1;
    while (is_punct(t, k, ":") && attached(t, k + 1) && is_kind(t, k + 1, Kind::number)) k += 2;
    if (is_punct(t, k, ".") && attached(t, k + 1) && is_kind(t, k + 1, Kind::number)) k += 2;
    return k;
}

// The year after a month and day: "March 13, 2024", "16-Apr-93", "13 de marzo de 2024", and
// in headers after a clock time and zone as asctime and date(1) write it: "Apr 15 16:33:05 1993".
std::optional<Year> year_after(Tokens t, std::size_t j, Mode mode) {
    if (is_punct(t, j, ",") || is_punct(t, j, "-") || is_word_in(t, j, kFillers)) ++j;
    if (auto year = year_at(t, j, mode)) return year;
    if (mode != Mode::header) return std::nullopt;
    const std::size_t after_time = skip_time(t, j);
    if (after_time == j) return std::nullopt;
    if (auto year = year_at(t, after_time, mode)) return year;
    return is_kind(t, after_time, Kind::word) ? year_at(t, after_time + 1, mode) : std::nullopt;
}


bool same_separator(Tokens t, std::size_t a, std::size_t b) {
    return attached(t, a) && attached(t, b) && t[a].kind == Kind::punct &&
           t[b].kind == Kind::punct && t[a].text == t[b].text;
}

namespace {

// "2024-03-14", "2024/03/14", and in headers "20240314".
std::optional<Found> iso_at(Tokens t, std::size_t i, Mode mode) {
    if (mode == Mode::header && is_number_of(t, i, 8, 8)) {
        if (auto date = Date::from_iso(t[i].text)) return Found{*date, i + 1};
        return Found{Date{}, i + 1};
    }
    if (!is_number_of(t, i, 4, 4) || continues_number_before(t, i)) return std::nullopt;
    if (!is_punct(t, i + 1, "-") && !is_punct(t, i + 1, "/")) return std::nullopt;
    if (!same_separator(t, i + 1, i + 3) || !is_number_of(t, i + 2, 1, 2) ||
        !is_number_of(t, i + 4, 1, 2) || !attached(t, i + 2) || !attached(t, i + 4)) {
        return std::nullopt;
    }
    const Date date{digits_value(t[i].text), digits_value(t[i + 2].text),
                    digits_value(t[i + 4].text)};
    return Found{date, i + 5};
}

// Header-only numeric dates: "01/04/63" and "1/4/1963" are US month/day/year, as TIME writes
// them. Where that reading is impossible the unambiguous one is taken: "13/03/2024" is
// day/month/year and "93/5/16" year/month/day. Dots ("13.03.2024") are day.month.year.
std::optional<Found> numeric_at(Tokens t, std::size_t i) {
    if (!is_number_of(t, i, 1, 2) || !is_number_of(t, i + 2, 1, 2) ||
        !is_number_of(t, i + 4, 1, 4) || !attached(t, i + 2) || !attached(t, i + 4)) {
        return std::nullopt;
    }
    if (!same_separator(t, i + 1, i + 3)) return std::nullopt;
    const std::string_view sep = t[i + 1].text;
    if (sep != "/" && sep != ".") return std::nullopt;
    const int a = digits_value(t[i].text);
    const int b = digits_value(t[i + 2].text);
    const std::string_view last = t[i + 4].text;
    if (a > 31 && sep == "/" && last.size() <= 2) {
        return Found{Date{expand_two_digit_year(a), b, digits_value(last)}, i + 5};
    }
    if (last.size() != 2 && last.size() != 4) return std::nullopt;
    const int year = last.size() == 2 ? expand_two_digit_year(digits_value(last))
                                      : digits_value(last);
    const bool month_first = sep == "/" && a <= 12;
    return Found{month_first ? Date{year, a, b} : Date{year, b, a}, i + 5};
}

}  // namespace

// A date with day, month and year starting at t[i], in any of the spellings above.
std::optional<Found> full_date_at(Tokens t, std::size_t i, Mode mode) {
    if (auto iso = iso_at(t, i, mode)) return iso;
    if (auto md = month_day_at(t, i, mode)) {
        if (auto year = year_after(t, md->next, mode)) {
            return Found{Date{year->value, md->month, md->day}, year->next};
        }
    }
    if (auto dm = day_month_at(t, i, mode)) {
        if (auto year = year_after(t, dm->next, mode)) {
            return Found{Date{year->value, dm->month, dm->day}, year->next};
        }
    }
    if (mode == Mode::header) return numeric_at(t, i);
    return std::nullopt;
}

}  // namespace gazette::detail
