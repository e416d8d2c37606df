//! Calendar dates as the schema stores them: a plain year-month-day with its provenance, and
//! the conversions between dates, day counts and the clock that both sides need.
#pragma once

#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace gazette {

struct Date {
    int year = 0;
    int month = 0;  // 1..12
    int day = 0;    // 1..31

    auto operator<=>(const Date&) const = default;

    /// True for a real calendar day (leap years included) between years 1 and 9999.
    bool valid() const;
    /// "YYYY-MM-DD".
    std::string iso() const;
    /// "YYYYMMDD": the value-slot and D-term encoding.
    std::string compact() const;
    /// Parses "YYYY-MM-DD" or "YYYYMMDD"; nullopt for anything else or an invalid day.
    static std::optional<Date> from_iso(std::string_view text);

    /// Days since 1970-01-01 (negative before it).
    long days_since_epoch() const;
    /// The day `days` (whole days since 1970-01-01, rounded down); nullopt outside the years
    /// 1 to 9999 a Date holds.
    static std::optional<Date> from_days(double days);
    /// The (UTC) day of a point in time.
    static Date of(std::chrono::system_clock::time_point time);
    /// Today, by the wall clock (UTC). Read where a run or a request starts, and passed on.
    static Date today();
};

/// A time of day as a source writes it (its own clock: no zone is applied, as none is to the
/// date it goes with).
struct TimeOfDay {
    int hour = 0;    // 0..23
    int minute = 0;  // 0..59
    int second = 0;  // 0..59 (a leap second reads as 59)

    auto operator<=>(const TimeOfDay&) const = default;

    bool valid() const;
    /// "HH:MM:SS".
    std::string iso() const;
    /// "HHMMSS": appended to Date::compact() in the date-and-time value slot.
    std::string compact() const;
    /// Parses "HH:MM:SS" or "HH:MM"; nullopt for anything else or an invalid time.
    static std::optional<TimeOfDay> from_iso(std::string_view text);
};

/// Days from `from` to `to` (negative when `to` is earlier).
long days_between(const Date& from, const Date& to);

/// Where an article's date came from. `crawl` is the day a web archive fetched the page (a
/// WARC record's WARC-Date), used when the page gives no date of its own: the article was
/// published that day or before.
enum class DateSource { header, filename, text, crawl, none };

std::string_view to_string(DateSource source);
DateSource date_source_from_string(std::string_view name);

}  // namespace gazette
