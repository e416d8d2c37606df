//! Periods, bursts and facet tables; see tally.hpp.
#include "tally.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "errors.hpp"
#include "schema.hpp"

namespace gazette {
namespace {

/// A burst: at least this many matches...
constexpr std::uint64_t kBurstMinimum = 3;
/// ... and at least this many times the mean of the periods this far on each side.
constexpr double kBurstFactor = 2.0;
constexpr std::size_t kBurstNeighbours = 2;

TimeUnit unit_for_span(long days) {
    if (days <= 62) return TimeUnit::day;
    if (days <= 366) return TimeUnit::week;
    if (days <= 8 * 366) return TimeUnit::month;
    return TimeUnit::year;
}

Date last_of_month(int year, int month) {
    Date d{year, month, 31};
    while (!d.valid()) --d.day;
    return d;
}

/// The first day of the period after `p`.
Date next_start(const Period& p) {
    return *Date::from_days(static_cast<double>(p.last.days_since_epoch() + 1));
}

void mark_bursts(std::vector<Period>& periods) {
    for (std::size_t i = 0; i < periods.size(); ++i) {
        const std::uint64_t count = periods[i].count;
        if (count < kBurstMinimum) continue;
        const std::size_t from = i >= kBurstNeighbours ? i - kBurstNeighbours : 0;
        const std::size_t to = std::min(periods.size() - 1, i + kBurstNeighbours);
        std::uint64_t sum = 0;
        std::uint64_t highest = 0;
        std::size_t neighbours = 0;
        for (std::size_t j = from; j <= to; ++j) {
            if (j == i) continue;
            sum += periods[j].count;
            highest = std::max(highest, periods[j].count);
            ++neighbours;
        }
        const double mean = neighbours == 0 ? 0 : static_cast<double>(sum) / static_cast<double>(neighbours);
        periods[i].burst = count >= highest && static_cast<double>(count) >= kBurstFactor * mean &&
                           neighbours > 0;
    }
}

}  // namespace

TimeUnit parse_time_unit(const std::string& name) {
    if (name == "day") return TimeUnit::day;
    if (name == "week") return TimeUnit::week;
    if (name == "month") return TimeUnit::month;
    if (name == "year") return TimeUnit::year;
    throw UsageError("a timeline period is day, week, month or year, not '" + name + "'");
}

std::string to_string(TimeUnit unit) {
    switch (unit) {
        case TimeUnit::day: return "day";
        case TimeUnit::week: return "week";
        case TimeUnit::month: return "month";
        case TimeUnit::year: return "year";
    }
    return "month";
}

namespace {

/// What a facet counts: a slot's values, or their first `prefix` bytes (the year of a date).
struct FacetField {
    const char* name;
    Xapian::valueno slot;
    std::size_t prefix;  // 0: the whole value
};

constexpr FacetField kFacets[] = {
    {"lang", schema::kSlotLanguage, 0},
    {"year", schema::kSlotDate, 4},
    {"collection", schema::kSlotCollection, 0},
    {"date_source", schema::kSlotDateSource, 0},
    {"outlet", schema::kSlotOutlet, 0},
};

const FacetField& facet_field(const std::string& name) {
    for (const FacetField& f : kFacets) {
        if (name == f.name) return f;
    }
    std::string known;
    for (const FacetField& f : kFacets) known += (known.empty() ? "" : ", ") + std::string(f.name);
    throw UsageError(fmt::format("unknown facet '{}' (known: {})", name, known));
}

}  // namespace

std::vector<std::string> facet_names() {
    std::vector<std::string> names;
    for (const FacetField& f : kFacets) names.emplace_back(f.name);
    return names;
}

Xapian::valueno facet_slot(const std::string& name) { return facet_field(name).slot; }

Facet make_facet(const std::string& name, const std::map<std::string, Xapian::doccount>& values,
                 std::uint64_t total, std::size_t top) {
    const FacetField& field = facet_field(name);
    std::map<std::string, std::uint64_t> merged;
    std::uint64_t with_value = 0;
    for (const auto& [value, count] : values) {
        merged[field.prefix == 0 ? value : value.substr(0, field.prefix)] += count;
        with_value += count;
    }
    Facet facet;
    facet.name = name;
    facet.distinct = merged.size();
    facet.without = total > with_value ? total - with_value : 0;
    for (const auto& [value, count] : merged) facet.values.push_back({value, count});
    std::stable_sort(facet.values.begin(), facet.values.end(),
                     [](const FacetValue& x, const FacetValue& y) { return x.count > y.count; });
    if (facet.values.size() > top) facet.values.resize(top);
    return facet;
}

std::map<Date, std::uint64_t> day_counts(const std::map<std::string, Xapian::doccount>& dates) {
    std::map<Date, std::uint64_t> days;
    for (const auto& [value, count] : dates) {
        if (const auto day = Date::from_iso(value)) days[*day] += count;
    }
    return days;
}

Period period_of(const Date& day, TimeUnit unit) {
    Period p;
    switch (unit) {
        case TimeUnit::day:
            p.first = p.last = day;
            p.label = day.iso();
            break;
        case TimeUnit::week: {
            const long days = day.days_since_epoch();
            // 1970-01-01 was a Thursday: a week starts on the Monday on or before the day.
            const long monday = days - (((days + 3) % 7) + 7) % 7;
            p.first = *Date::from_days(static_cast<double>(monday));
            p.last = *Date::from_days(static_cast<double>(monday + 6));
            p.label = p.first.iso();
            break;
        }
        case TimeUnit::month:
            p.first = {day.year, day.month, 1};
            p.last = last_of_month(day.year, day.month);
            p.label = fmt::format("{:04}-{:02}", day.year, day.month);
            break;
        case TimeUnit::year:
            p.first = {day.year, 1, 1};
            p.last = {day.year, 12, 31};
            p.label = fmt::format("{:04}", day.year);
            break;
    }
    return p;
}

Timeline build_timeline(const std::map<Date, std::uint64_t>& days, std::optional<TimeUnit> unit) {
    Timeline timeline;
    if (days.empty()) {
        timeline.unit = unit.value_or(TimeUnit::month);
        return timeline;
    }
    const Date first = days.begin()->first;
    const Date last = days.rbegin()->first;
    timeline.unit = unit.value_or(unit_for_span(days_between(first, last)));
    for (Period p = period_of(first, timeline.unit);; p = period_of(next_start(p), timeline.unit)) {
        timeline.periods.push_back(p);
        if (p.last >= last) break;
    }
    std::size_t i = 0;
    for (const auto& [day, count] : days) {
        while (timeline.periods[i].last < day) ++i;
        timeline.periods[i].count += count;
        timeline.dated += count;
    }
    mark_bursts(timeline.periods);
    return timeline;
}

}  // namespace gazette
