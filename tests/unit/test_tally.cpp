// Timeline periods and bursts (searcher/tally.hpp).
#include <map>

#include <catch2/catch.hpp>

#include "errors.hpp"
#include "tally.hpp"

using namespace gazette;

TEST_CASE("a period holds the day it is made from", "[tally]") {
    const Period week = period_of({2024, 3, 17}, TimeUnit::week);  // a Sunday
    CHECK(week.label == "2024-03-11");
    CHECK(week.last == Date{2024, 3, 17});
    CHECK(period_of({2024, 3, 18}, TimeUnit::week).first == Date{2024, 3, 18});  // a Monday
    CHECK(period_of({2024, 2, 10}, TimeUnit::month).last == Date{2024, 2, 29});
    CHECK(period_of({2023, 2, 10}, TimeUnit::month).last == Date{2023, 2, 28});
    CHECK(period_of({1987, 6, 1}, TimeUnit::year).label == "1987");
    CHECK_THROWS_AS(parse_time_unit("fortnight"), UsageError);
}

TEST_CASE("a timeline runs from the first to the last match, empty periods included", "[tally]") {
    const std::map<Date, std::uint64_t> days{{{2024, 1, 5}, 2}, {{2024, 4, 1}, 1}};
    const Timeline t = build_timeline(days, TimeUnit::month);
    REQUIRE(t.periods.size() == 4);
    CHECK(t.periods[1].label == "2024-02");
    CHECK(t.periods[1].count == 0);
    CHECK(t.dated == 3);
    CHECK(build_timeline(days, std::nullopt).unit == TimeUnit::week);  // 87 days
    CHECK(build_timeline({{{2024, 1, 5}, 1}, {{2024, 1, 30}, 1}}, std::nullopt).unit == TimeUnit::day);
    CHECK(build_timeline({{{1990, 1, 5}, 1}, {{2024, 1, 30}, 1}}, std::nullopt).unit == TimeUnit::year);
}

TEST_CASE("a burst stands well above its neighbours", "[tally]") {
    std::map<Date, std::uint64_t> days;
    const std::uint64_t counts[] = {2, 3, 2, 9, 3, 2, 4, 5};
    for (int i = 0; i < 8; ++i) days[{2024, 3, 1 + i}] = counts[i];
    const Timeline t = build_timeline(days, TimeUnit::day);
    for (std::size_t i = 0; i < t.periods.size(); ++i) {
        CHECK(t.periods[i].burst == (i == 3));  // 9 against a mean of 2.5; 5 against 3 is not
    }
    // Fewer than 3 matches is never a burst, even alone.
    CHECK_FALSE(build_timeline({{{2024, 3, 1}, 0}, {{2024, 3, 2}, 2}}, TimeUnit::day).periods[1].burst);
}
