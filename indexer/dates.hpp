//! Finding an article's date: parsing the spellings news archives use, and inferring a date
//! from the text or the file name when the header has none.
//!
//! Entry points: parse_date() for a header value, date_from_text() and date_from_filename()
//! for inference. None of them throws or reads the clock; a value that is not a valid calendar
//! day is nullopt.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "article.hpp"
#include "date.hpp"

namespace gazette {

/// Parses a date as headers write it: ISO 8601 ("2024-03-14", "2024-03-14T09:30:00Z"),
/// VMS style ("26-FEB-1987 15:01:01.79"), RFC 2822 in sloppy real-world spellings
/// ("Mon, 29 Mar 1993 11:57:19 GMT", "29 Mar 93 11:57:19", "Monday, 5-Apr-93"),
/// "March 13, 2024", "13 March 2024", "Mar 13 2024", US numeric "01/04/63" (MM/DD/YY) and
/// "2024/03/14". Two-digit years are 19YY when YY >= 30, else 20YY.
std::optional<Date> parse_date(std::string_view text);

/// The time of day a header value gives beside its date: the first "H:MM", "HH:MM" or
/// "HH:MM:SS" standing apart from other digits ("2024-03-14T09:30:00Z", "26-FEB-1987
/// 15:01:01.79", "Mon, 29 Mar 1993 11:57:19 GMT"), as written, its zone not applied; nullopt
/// when there is none or it is not a time.
std::optional<TimeOfDay> parse_time_of_day(std::string_view text);

/// The days an archive's articles appeared in, as its user states them (`--period`, the
/// options file's "period"): both ends included.
struct DatePeriod {
    Date from;
    Date until;

    bool operator==(const DatePeriod&) const = default;
    bool contains(const Date& date) const { return from <= date && date <= until; }
    /// "YYYY", "YYYY..YYYY" or "YYYY-MM-DD..YYYY-MM-DD" (the forms may mix), as parse_period()
    /// reads it.
    std::string text() const;
};

/// Parses a period: "1987" (the whole year), "2004..2005", "1987-02-26..1987-10-20". Throws
/// UsageError naming the value for anything else, or for a period that ends before it begins.
DatePeriod parse_period(std::string_view text);

/// What inference from text knows besides the article itself.
struct TextDateContext {
    TextDateContext(Date reference_day, std::optional<Date> file_date = std::nullopt,
                    std::optional<DatePeriod> stated_period = std::nullopt)
        : reference(reference_day), file_context(file_date), period(stated_period) {}
    /// The day taken as today: the indexing run's start or --as-of-index
    /// (IndexOptions::reference_date). No article is dated after it.
    Date reference;
    /// The date the file's previous article got from its source or its path, if any: a file
    /// holding many articles usually holds one stretch of time.
    std::optional<Date> file_context;
    /// The days the user says the archive's articles appeared in: a day the text gives without
    /// its year takes the one year of the period that holds it, and no inferred date lies
    /// outside it.
    std::optional<DatePeriod> period;
};

/// Infers an article's date from publication cues in its first paragraphs: a dateline
/// ("BEIJING, March 13 (Xinhua) --") or a lead phrase saying when the reported thing happened
/// ("on March 13th", "le 13 mars 2024"), never a date its sentence shows to be about something
/// else (a birth, an anniversary, a plan, a quoted message). A day without a year takes it from
/// a full date of that day in the head, the file's context, the stated period when only one of
/// its years holds the day, or for a lead phrase the latest year the article speaks of as its
/// own. Weak or contradictory evidence gives nullopt
/// (text_dates.cpp says exactly what counts). The same text in the same context gets the same
/// date whenever it is indexed.
std::optional<Date> date_from_text(const std::string& title,
                                   const std::vector<Paragraph>& paragraphs,
                                   const TextDateContext& context);

/// Infers a date from a file name or path: "2024-03-14-story.txt", "20240314.txt",
/// "1790_george_washington.txt" (a year alone gives January 1st of it), "news/2024/03/14/x".
std::optional<Date> date_from_filename(std::string_view path);

/// The date sources a `--date-sources` value lists, in its order: a comma-separated list of
/// `header`, `filename` and `text`, each at most once, or `none` alone (no dates at all).
/// Throws UsageError naming the value otherwise.
std::vector<DateSource> parse_date_sources(std::string_view listed);

}  // namespace gazette
