//! Calendar dates as the schema stores them: a plain year-month-day with its provenance.
#pragma once

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
};

/// Where an article's date came from. `crawl` is the day a web archive fetched the page (a
/// WARC record's WARC-Date), used when the page gives no date of its own: the article was
/// published that day or before.
enum class DateSource { header, filename, text, crawl, none };

std::string_view to_string(DateSource source);
DateSource date_source_from_string(std::string_view name);

}  // namespace gazette
