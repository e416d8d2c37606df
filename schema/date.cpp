//! Date validation and the schema's date encodings; see date.hpp.
#include "date.hpp"

#include <cstdio>

namespace gazette {
namespace {

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap(year)) return 29;
    return kDays[month - 1];
}

bool all_digits(std::string_view text) {
    for (char c : text) {
        if (c < '0' || c > '9') return false;
    }
    return !text.empty();
}

int to_int(std::string_view digits) {
    int value = 0;
    for (char c : digits) value = value * 10 + (c - '0');
    return value;
}

}  // namespace

bool Date::valid() const {
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
           day <= days_in_month(year, month);
}

std::string Date::iso() const {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    return buffer;
}

std::string Date::compact() const {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d%02d%02d", year, month, day);
    return buffer;
}

std::optional<Date> Date::from_iso(std::string_view text) {
    Date date;
    if (text.size() == 10 && text[4] == '-' && text[7] == '-' && all_digits(text.substr(0, 4)) &&
        all_digits(text.substr(5, 2)) && all_digits(text.substr(8, 2))) {
        date = {to_int(text.substr(0, 4)), to_int(text.substr(5, 2)), to_int(text.substr(8, 2))};
    } else if (text.size() == 8 && all_digits(text)) {
        date = {to_int(text.substr(0, 4)), to_int(text.substr(4, 2)), to_int(text.substr(6, 2))};
    } else {
        return std::nullopt;
    }
    if (!date.valid()) return std::nullopt;
    return date;
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
