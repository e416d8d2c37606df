//! Facets and timelines: how the articles matching a query spread over values and over time,
//! counted during one match (Xapian's ValueCountMatchSpy on the schema's value slots), never by
//! fetching the results.
//!
//! Entry point: Searcher::tally() (searcher.hpp) fills a Tally; build_timeline() turns the
//! per-day counts into periods and marks bursts. The rules (default period, bursts) are in
//! docs/output-format.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "date.hpp"

namespace gazette {

enum class TimeUnit { day, week, month, year };

/// Throws UsageError for a name that is not day, week, month or year.
TimeUnit parse_time_unit(const std::string& name);
std::string to_string(TimeUnit unit);

/// What to count, besides the matches.
struct TallyRequest {
    std::vector<std::string> facets;  // facet names (facet_names())
    std::size_t top = 10;             // values shown per facet, the most frequent first
    bool timeline = false;
    std::optional<TimeUnit> unit;     // the timeline's period; nullopt: from the date span
    std::size_t burst_titles = 20;    // bursts that get the headline of their best article
};

/// The facets a query can be counted by, in the order --help lists them.
std::vector<std::string> facet_names();

/// The value slot facet `name` counts; throws UsageError for an unknown name.
Xapian::valueno facet_slot(const std::string& name);

/// Matching articles per day, from the counts of the date slot's values.
std::map<Date, std::uint64_t> day_counts(const std::map<std::string, Xapian::doccount>& dates);

struct FacetValue {
    std::string value;
    std::uint64_t count = 0;
};

struct Facet {
    std::string name;
    std::vector<FacetValue> values;  // the `top` most frequent, ties by value
    std::size_t distinct = 0;        // distinct values in all
    std::uint64_t without = 0;       // matching articles with no value
};

/// Facet `name` from the counts of its slot's values among `total` matching articles.
Facet make_facet(const std::string& name, const std::map<std::string, Xapian::doccount>& values,
                 std::uint64_t total, std::size_t top);

struct Period {
    std::string label;  // "2024-03-13", "2024-03-11" (the Monday of a week), "2024-03", "2024"
    Date first;
    Date last;
    std::uint64_t count = 0;
    bool burst = false;
    std::string burst_title;  // the headline of the period's best-ranked match (bursts only)
    std::string burst_id;
};

struct Timeline {
    TimeUnit unit = TimeUnit::month;
    std::vector<Period> periods;  // first to last dated match, empty periods included
    std::uint64_t undated = 0;
    std::uint64_t dated = 0;
};

struct Tally {
    std::string query;
    std::uint64_t total = 0;  // matching articles, exactly
    std::vector<Facet> facets;
    std::optional<Timeline> timeline;
};

/// The periods of `unit` from the first to the last day of `days` (matching articles per day),
/// every period in between included, bursts marked (a period of at least 3 matches, at least
/// twice the mean of the two periods each side of it and no lower than any of them). With no
/// unit, from the span of the dates: day up to 62 days, week up to 366, month up to 8 years,
/// year beyond.
Timeline build_timeline(const std::map<Date, std::uint64_t>& days, std::optional<TimeUnit> unit);

/// The period of `unit` that `day` falls in.
Period period_of(const Date& day, TimeUnit unit);

}  // namespace gazette
