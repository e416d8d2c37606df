//! Date validation and the schema's date encodings; see date.hpp.
#include "date.hpp"

#include <cmath>
#include <cstdio>

#include "text.hpp"

namespace gazette {
namespace {

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap(year)) return 29;
    return kDays[month - 1];
}

/// Three numbers in a printf `format` (zero-padded fields, as the encodings below want).
std::string three_fields(const char* format, int a, int b, int c) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, format, a, b, c);
    return buffer;
}

}  // namespace

bool Date::valid() const {
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
           day <= days_in_month(year, month);
}

std::string Date::iso() const {
    return three_fields("%04d-%02d-%02d", year, month, day);
}

std::string Date::compact() const {
    return three_fields("%04d%02d%02d", year, month, day);
}

std::optional<Date> Date::from_iso(std::string_view text) {
    Date date;
    if (text.size() == 10 && text[4] == '-' && text[7] == '-' && all_digits(text.substr(0, 4)) &&
        all_digits(text.substr(5, 2)) && all_digits(text.substr(8, 2))) {
        date = {digits_value(text.substr(0, 4)), digits_value(text.substr(5, 2)),
                digits_value(text.substr(8, 2))};
    } else if (text.size() == 8 && all_digits(text)) {
        date = {digits_value(text.substr(0, 4)), digits_value(text.substr(4, 2)),
                digits_value(text.substr(6, 2))};
    } else {
        return std::nullopt;
    }
    if (!date.valid()) return std::nullopt;
    return date;
}

bool TimeOfDay::valid() const {
    return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
}

std::string TimeOfDay::iso() const {
    return three_fields("%02d:%02d:%02d", hour, minute, second);
}

std::string TimeOfDay::compact() const {
    return three_fields("%02d%02d%02d", hour, minute, second);
}

std::optional<TimeOfDay> TimeOfDay::from_iso(std::string_view text) {
    const auto two = [&](std::size_t at) {
        return all_digits(text.substr(at, 2)) ? digits_value(text.substr(at, 2)) : -1;
    };
    if ((text.size() != 5 && text.size() != 8) || text[2] != ':') return std::nullopt;
    if (text.size() == 8 && text[5] != ':') return std::nullopt;
    const TimeOfDay time{two(0), two(3), text.size() == 8 ? two(6) : 0};
    if (!time.valid()) return std::nullopt;
    return time;
}

namespace {

constexpr std::chrono::sys_days to_sys_days(const Date& date) {
    return std::chrono::sys_days(std::chrono::year(date.year) /
                                 std::chrono::month(static_cast<unsigned>(date.month)) /
                                 std::chrono::day(static_cast<unsigned>(date.day)));
}

Date from_sys_days(std::chrono::sys_days day) {
    const std::chrono::year_month_day ymd(day);
    return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

// The first and last days a Date holds, 0001-01-01 and 9999-12-31, in days since 1970-01-01.
// Only these are converted: beyond a long long the cast is undefined, and std::chrono's
// calendar wraps days past 32 bits into a wrong but valid day (1e18 came out as 8210-08-10).
constexpr double kFirstDay = -719162;
constexpr double kLastDay = 2932896;

}  // namespace

long Date::days_since_epoch() const {
    return static_cast<long>(to_sys_days(*this).time_since_epoch().count());
}

std::optional<Date> Date::from_days(double days) {
    days = std::floor(days);
    if (!(days >= kFirstDay && days <= kLastDay)) return std::nullopt;
    const Date date = from_sys_days(std::chrono::sys_days{std::chrono::days{static_cast<long long>(days)}});
    if (!date.valid()) return std::nullopt;
    return date;
}

Date Date::of(std::chrono::system_clock::time_point time) {
    return from_sys_days(std::chrono::floor<std::chrono::days>(time));
}

Date Date::today() { return of(std::chrono::system_clock::now()); }

long days_between(const Date& from, const Date& to) {
    return to.days_since_epoch() - from.days_since_epoch();
}

std::string_view to_string(DateSource source) {
    switch (source) {
        case DateSource::header: return "header";
        case DateSource::filename: return "filename";
        case DateSource::text: return "text";
        case DateSource::crawl: return "crawl";
        case DateSource::none: break;
    }
    return "none";
}

DateSource date_source_from_string(std::string_view name) {
    if (name == "header") return DateSource::header;
    if (name == "filename") return DateSource::filename;
    if (name == "text") return DateSource::text;
    if (name == "crawl") return DateSource::crawl;
    return DateSource::none;
}

}  // namespace gazette
