//! Date parsing and inference; see dates.hpp. Everything runs on one hand-written tokenizer:
//! text is cut into words, digit runs and single punctuation marks, and small matchers
//! recognise the date shapes on that token sequence. There are no regular expressions:
//! date_from_text() runs on every article, and a token scan stays linear in its length.
//!
//! Entry points: parse_date() (header values), date_from_text() (dateline, full date, or month
//! and day with the year from context) and date_from_filename() (path components).
#include "dates.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "text.hpp"

namespace gazette {
namespace {

// ---------------------------------------------------------------------------------------------
// Characters and tokens

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

enum class Kind : unsigned char { word, number, punct };

struct Token {
    std::string_view text;
    Kind kind;
    bool spaced;  // whitespace (or the start of the text) comes right before it
};

using Tokens = std::span<const Token>;

Kind kind_of(CharClass cls) {
    if (cls == CharClass::digit) return Kind::number;
    if (cls == CharClass::letter) return Kind::word;
    return Kind::punct;
}

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

bool iequals(std::string_view text, std::string_view lower) {
    if (text.size() != lower.size()) return false;
    for (std::size_t k = 0; k < text.size(); ++k) {
        if (ascii_lower(text[k]) != lower[k]) return false;
    }
    return true;
}

bool is_kind(Tokens t, std::size_t i, Kind kind) { return i < t.size() && t[i].kind == kind; }

bool is_punct(Tokens t, std::size_t i, std::string_view mark) {
    return is_kind(t, i, Kind::punct) && t[i].text == mark;
}

// True when t[i] exists and touches the token before it.
bool attached(Tokens t, std::size_t i) { return i < t.size() && !t[i].spaced; }

bool is_number_of(Tokens t, std::size_t i, std::size_t min_digits, std::size_t max_digits) {
    return is_kind(t, i, Kind::number) && t[i].text.size() >= min_digits &&
           t[i].text.size() <= max_digits;
}

// A number that goes on past t[j - 1]: "13,500", "13.5", "13:30", "13%". Such digits are a
// quantity or a time, never a day or a year.
bool continues_number(Tokens t, std::size_t j) {
    if (!attached(t, j) || t[j].kind != Kind::punct) return false;
    if (t[j].text == "%") return true;
    const bool joiner = t[j].text == "," || t[j].text == "." || t[j].text == ":";
    return joiner && attached(t, j + 1) && t[j + 1].kind == Kind::number;
}

// The mirror image: t[i] is the tail of "1,13" or "2.13".
bool continues_number_before(Tokens t, std::size_t i) {
    if (i < 2 || t[i].spaced || t[i - 1].spaced || t[i - 1].kind != Kind::punct) return false;
    const bool joiner = t[i - 1].text == "," || t[i - 1].text == "." || t[i - 1].text == ":";
    return joiner && t[i - 2].kind == Kind::number;
}

// An ASCII word glued to the end of a number: "1990s", "13km". CJK text glues its date
// characters to the digits ("2024年"), so non-ASCII words do not count.
bool glued_ascii_word(Tokens t, std::size_t j) {
    return attached(t, j) && t[j].kind == Kind::word && is_ascii_alpha(t[j].text.front());
}

// ---------------------------------------------------------------------------------------------
// Month and weekday names

// Header values are matched case-insensitively. In running text an English month must be
// capitalized, which keeps "may", "march" and "august" the words out; French and Spanish
// write month names in lower case, so those are taken as they come.
enum class Mode : unsigned char { header, text };

struct MonthName {
    std::string_view name;
    int month;
    bool english;
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

constexpr std::string_view kWeekdays[] = {
    "monday", "mon", "tuesday", "tue", "tues", "wednesday", "wed", "weds", "thursday",
    "thu", "thur", "thurs", "friday", "fri", "saturday", "sat", "sunday", "sun",
};

// Words that introduce a day in running text: "on March 13", "le 13 mars", "el 13 de marzo",
// "am 13. März".
constexpr std::string_view kDayPrepositions[] = {"on", "le", "el", "am"};

// Words a date may put between its parts: "13 de marzo de 2024", "13th of March".
constexpr std::string_view kFillers[] = {"de", "of"};

template <typename Names>
bool is_one_of(std::string_view word, const Names& names) {
    for (std::string_view name : names) {
        if (iequals(word, name)) return true;
    }
    return false;
}

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

bool is_weekday(Tokens t, std::size_t i, Mode mode) {
    if (!is_kind(t, i, Kind::word)) return false;
    if (mode == Mode::text && !is_ascii_upper(t[i].text.front())) return false;
    return is_one_of(t[i].text, kWeekdays);
}

bool is_word_in(Tokens t, std::size_t i, std::span<const std::string_view> words) {
    return is_kind(t, i, Kind::word) && is_one_of(t[i].text, words);
}

std::size_t skip_punct(Tokens t, std::size_t i, std::string_view mark) {
    return is_punct(t, i, mark) ? i + 1 : i;
}

bool is_dash(Tokens t, std::size_t i) {
    return is_punct(t, i, "-") || is_punct(t, i, "\u2013") || is_punct(t, i, "\u2014");
}

// ---------------------------------------------------------------------------------------------
// Date parts

struct Day {
    int value = 0;
    std::size_t next = 0;
    bool ordinal = false;  // written "13th", "1st", "1er"
};

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

struct Year {
    int value = 0;
    std::size_t next = 0;
};

int expand_two_digit_year(int yy) { return yy >= 30 ? 1900 + yy : 2000 + yy; }

// A year at t[i]: four digits, or two in headers ("93"). Never the start of a time or a
// quantity ("11:57", "2,000") nor a decade ("1990s").
std::optional<Year> year_at(Tokens t, std::size_t i, Mode mode) {
    const bool four = is_number_of(t, i, 4, 4);
    if (!four && !(mode == Mode::header && is_number_of(t, i, 2, 2))) return std::nullopt;
    if (continues_number(t, i + 1) || glued_ascii_word(t, i + 1)) return std::nullopt;
    const int value = digits_value(t[i].text);
    return Year{four ? value : expand_two_digit_year(value), i + 1};
}

struct MonthDay {
    int month = 0;
    int day = 0;
    std::size_t next = 0;
    bool ordinal = false;
};

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

struct Found {
    Date date;
    std::size_t next = 0;
};

bool same_separator(Tokens t, std::size_t a, std::size_t b) {
    return attached(t, a) && attached(t, b) && t[a].kind == Kind::punct &&
           t[b].kind == Kind::punct && t[a].text == t[b].text;
}

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

// ---------------------------------------------------------------------------------------------
// Inference from text

// An article is dated no earlier than 1800 (older years in news text are history being told)
// and no later than the year after `now`, the year of the reference day (later ones are plans
// and forecasts).
bool plausible_article_year(int year, int now) { return year >= 1800 && year <= now + 1; }

bool is_currency(std::string_view mark) {
    return mark == "$" || mark == "#" || mark == "\u00a3" || mark == "\u20ac" ||
           mark == "\u00a5";
}

// Words after which four digits are a clock time, as sports fixtures write it: "1945 GMT".
constexpr std::string_view kClockWords[] = {"gmt", "utc", "bst", "cet", "est", "edt",
                                            "pst", "pdt", "hrs", "hours"};

// A four-digit number at t[i] that reads as a year: not money, not a clock time, not part of
// a bigger number.
bool is_year_mention(Tokens t, std::size_t i, int now) {
    if (!is_number_of(t, i, 4, 4) || continues_number_before(t, i)) return false;
    if (i > 0 && !t[i].spaced && t[i - 1].kind == Kind::punct && is_currency(t[i - 1].text)) {
        return false;
    }
    if (continues_number(t, i + 1) || glued_ascii_word(t, i + 1)) return false;
    if (is_word_in(t, i + 1, kClockWords)) return false;
    return plausible_article_year(digits_value(t[i].text), now);
}

// The latest plausible year the title or any paragraph mentions, 0 if none: for a month and
// day with no year, the article's own year is the most recent one it talks about.
int latest_year(const std::string& title, const std::vector<Paragraph>& paragraphs, int now) {
    std::vector<Token> tokens;
    int latest = 0;
    const auto scan = [&](std::string_view text) {
        tokenize(text, tokens);
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (!is_year_mention(tokens, i, now)) continue;
            latest = std::max(latest, digits_value(tokens[i].text));
        }
    };
    scan(title);
    for (const Paragraph& paragraph : paragraphs) scan(paragraph.text);
    return latest;
}

struct Partial {
    int month = 0;
    int day = 0;
    int year = 0;  // 0 when the text leaves it out
    std::size_t next = 0;
};

std::optional<Partial> month_day_with_optional_year(Tokens t, std::size_t i) {
    const auto md = any_month_day_at(t, i, Mode::text);
    if (!md) return std::nullopt;
    if (const auto year = year_after(t, md->next, Mode::text)) {
        return Partial{md->month, md->day, year->value, year->next};
    }
    return Partial{md->month, md->day, 0, md->next};
}

// The dash that ends a dateline's head: "--", an en or em dash, or a spaced hyphen (a hyphen
// inside a word, as in "WINSTON-SALEM", is part of the place).
bool is_dateline_dash(Tokens t, std::size_t i) {
    if (is_punct(t, i, "\u2013") || is_punct(t, i, "\u2014")) return true;
    return is_punct(t, i, "-") && (t[i].spaced || is_punct(t, i + 1, "-"));
}

// Where a dateline's place and agency end: the dash after "BEIJING, March 13 (Xinhua)". The
// head before it may hold capitalized place words, punctuation, one date and bracketed agency
// names; a lower-case word or a stray number means this is an ordinary sentence.
struct DatelineHead {
    std::size_t dash = 0;
    int place_words = 0;
    std::optional<Partial> date;
};

constexpr std::size_t kDatelineTokens = 30;

std::optional<DatelineHead> dateline_head(Tokens t) {
    DatelineHead head;
    int depth = 0;
    for (std::size_t i = 0; i < t.size() && i < kDatelineTokens;) {
        if (is_dateline_dash(t, i)) {
            head.dash = i;
            return head;
        }
        if (is_punct(t, i, "(") || is_punct(t, i, "[")) ++depth;
        if ((is_punct(t, i, ")") || is_punct(t, i, "]")) && depth > 0) --depth;
        const bool outside = depth == 0 && t[i].kind != Kind::punct;
        if (outside && !head.date && head.place_words > 0) {
            if (auto date = month_day_with_optional_year(t, i)) {
                head.date = date;
                i = date->next;
                continue;
            }
        }
        if (outside && (head.date || t[i].kind != Kind::word || !is_ascii_upper(t[i].text.front()))) {
            return std::nullopt;
        }
        if (outside) ++head.place_words;
        ++i;
    }
    return std::nullopt;
}

// "BEIJING, March 13 (Xinhua) --", "WASHINGTON, Feb 26 -", "LONDON (Reuters) - March 13, 2024".
std::optional<Partial> dateline(Tokens t) {
    if (t.empty() || t[0].kind != Kind::word || !is_ascii_upper(t[0].text.front())) return std::nullopt;
    const auto head = dateline_head(t);
    if (!head || head->place_words == 0) return std::nullopt;
    if (head->date) return head->date;
    std::size_t after = head->dash + 1;
    while (is_dash(t, after)) ++after;
    return month_day_with_optional_year(t, after);
}

// A month and day that the wording marks as a date even without a year: "March 13th",
// "13th March", "on 13 March", "on Wednesday, March 13", "Wednesday 13 March".
std::optional<MonthDay> month_day_phrase_at(Tokens t, std::size_t i) {
    const auto md = any_month_day_at(t, i, Mode::text);
    if (md && md->ordinal) return md;
    if (!is_word_in(t, i, kDayPrepositions) && !is_weekday(t, i, Mode::text)) return std::nullopt;
    std::size_t j = i + 1;
    if (is_weekday(t, j, Mode::text)) j = skip_punct(t, j + 1, ",");
    if (is_weekday(t, i, Mode::text)) j = skip_punct(t, j, ",");
    return any_month_day_at(t, j, Mode::text);
}

// The title and the first paragraphs, tokenized once; dates are looked for only here.
constexpr std::size_t kHeadParagraphs = 3;

struct ArticleHead {
    std::vector<std::vector<Token>> title_and_paragraphs;  // [0] is the title
};

ArticleHead tokenize_head(const std::string& title, const std::vector<Paragraph>& paragraphs) {
    ArticleHead head;
    head.title_and_paragraphs.emplace_back();
    tokenize(title, head.title_and_paragraphs.back());
    for (std::size_t p = 0; p < paragraphs.size() && p < kHeadParagraphs; ++p) {
        head.title_and_paragraphs.emplace_back();
        tokenize(paragraphs[p].text, head.title_and_paragraphs.back());
    }
    return head;
}

// The date itself when it is a real day in a year an article can carry.
std::optional<Date> checked(const Date& date, int now) {
    if (!date.valid() || !plausible_article_year(date.year, now)) return std::nullopt;
    return date;
}

// The first full date in the head that is a plausible article date. With month and day given,
// only a date on that day counts ("March 13 ... March 13, 2024" lends the dateline its year).
std::optional<Date> first_full_date(const ArticleHead& head, int now, int month = 0, int day = 0) {
    for (const auto& tokens : head.title_and_paragraphs) {
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            const auto found = full_date_at(tokens, i, Mode::text);
            if (!found) continue;
            if (month != 0 && (found->date.month != month || found->date.day != day)) continue;
            if (auto date = checked(found->date, now)) return date;
        }
    }
    return std::nullopt;
}

// A dateline rarely gives the year; the article does, either in a full date on the same day
// (a photo caption's "March 13, 2024") or failing that in the latest year it mentions.
// `latest` gives the latest year the article mentions (a scan of all its text, so asked only
// when a month and day are found without a year).
std::optional<Date> from_dateline(const ArticleHead& head, const std::function<int()>& latest,
                                  int now) {
    const auto& texts = head.title_and_paragraphs;
    for (std::size_t p = 1; p < texts.size(); ++p) {
        const auto found = dateline(texts[p]);
        if (!found) continue;
        if (found->year != 0) return checked(Date{found->year, found->month, found->day}, now);
        if (auto full = first_full_date(head, now, found->month, found->day)) return full;
        const int year = latest();
        if (year == 0) return std::nullopt;
        return checked(Date{year, found->month, found->day}, now);
    }
    return std::nullopt;
}

// The weakest evidence, so it comes last: "on March 13th" with the latest year mentioned.
std::optional<Date> from_month_day_phrase(const ArticleHead& head,
                                          const std::function<int()>& latest, int now) {
    for (const auto& tokens : head.title_and_paragraphs) {
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            const auto md = month_day_phrase_at(tokens, i);
            if (!md) continue;
            const int year = latest();
            if (year == 0) return std::nullopt;
            if (auto date = checked(Date{year, md->month, md->day}, now)) return date;
        }
    }
    return std::nullopt;
}

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

std::optional<Date> date_from_text(const std::string& title,
                                   const std::vector<Paragraph>& paragraphs,
                                   const Date& reference) {
    const int now = reference.year;
    const ArticleHead head = tokenize_head(title, paragraphs);
    std::optional<int> scanned;
    const std::function<int()> latest = [&] {
        if (!scanned) scanned = latest_year(title, paragraphs, now);
        return *scanned;
    };
    if (auto date = from_dateline(head, latest, now)) return date;
    if (auto date = first_full_date(head, now)) return date;
    return from_month_day_phrase(head, latest, now);
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

}  // namespace gazette
