// Stories end to end: articles written by the test are indexed, tied into stories by the story
// pass, and searched collapsed, uncollapsed and story by story.
#include <filesystem>

#include <catch2/catch.hpp>

#include "archive.hpp"
#include "errors.hpp"
#include "index_writer.hpp"
#include "searcher.hpp"

using namespace gazette;
using gazette::test::Archive;

namespace {

const char* kStrike =
    "date 2024-05-06 Rotterdam dock workers strike over pay\n\n"
    "Dock workers in Rotterdam walked out on Monday over a pay dispute, halting container "
    "traffic at the largest port in Europe, union officials said. Shipping lines warned that "
    "vessels would be diverted to Antwerp and Hamburg.\n";
// The same event, reported the next day in other words by another outlet.
const char* kStrikeFollowUp =
    "date 2024-05-07 Rotterdam port strike strands container ships\n\n"
    "Container ships queued outside Rotterdam on Tuesday as the strike by dock workers over pay "
    "entered its second day; shipping lines began diverting vessels to Antwerp and Hamburg, "
    "the union said.\n";
// The same topic, another event: a strike at another port, weeks later.
const char* kOtherStrike =
    "date 2024-06-20 Antwerp dock workers strike over pensions\n\n"
    "Dock workers in Antwerp stopped work over pension reform, and shipping lines said "
    "vessels would wait outside the port until the union ended the strike.\n";
// Another event of the same day and place.
const char* kStorm =
    "date 2024-05-06 Storm floods Rotterdam streets\n\n"
    "Heavy rain flooded streets and cellars across Rotterdam, and the fire brigade pumped water "
    "from a hospital basement through the night.\n";
const char* kWire =
    "Oil prices climb as OPEC holds output steady\n\n"
    "Crude oil prices rose for a third day after OPEC ministers agreed to keep production "
    "quotas unchanged at their meeting in Vienna, traders said, and analysts expect prices to "
    "stay firm through the summer driving season.\n";

SearchResults run(const std::string& db, const std::string& query, bool collapse = true) {
    Searcher searcher(db);
    SearchRequest request;
    request.query = query;
    request.collapse = collapse;
    return searcher.search(request);
}

const ArticleHit& hit_titled(const SearchResults& results, const std::string& title) {
    for (const ArticleHit& hit : results.hits) {
        if (hit.title == title) return hit;
    }
    FAIL("no result titled " << title);
    throw;
}

}  // namespace

TEST_CASE("copies collapse to one result naming the other report", "[integration][stories]") {
    Archive archive("story-copies");
    archive.write("wire/a.txt", kWire);
    archive.write("wire/b.txt", kWire);  // a retransmission, byte for byte
    archive.write("other.txt", kStorm);
    const IndexSummary summary = archive.index();
    CHECK(summary.stories.articles == 3);
    CHECK(summary.stories.copies == 1);

    const SearchResults collapsed = run(archive.db(), "opec oil prices");
    REQUIRE(collapsed.hits.size() == 1);
    CHECK(collapsed.collapsed);
    CHECK(collapsed.matches_lower == 1);
    const ArticleHit& hit = collapsed.hits.front();
    CHECK(hit.story_size == 2);
    REQUIRE(hit.other_reports.size() == 1);
    CHECK(hit.other_reports.front().id != hit.id);
    CHECK(!hit.story.empty());

    const SearchResults every = run(archive.db(), "opec oil prices", false);
    CHECK(every.hits.size() == 2);
    CHECK(every.matches_lower == 2);
    // An article alone is in no story.
    const SearchResults storm = run(archive.db(), "flooded cellars");
    REQUIRE(storm.hits.size() == 1);
    CHECK(storm.hits.front().story.empty());
    CHECK(storm.hits.front().story_size == 1);
}

TEST_CASE("reports of one event in other words are one story; same topic or day is not",
          "[integration][stories]") {
    Archive archive("story-events");
    archive.write("a/strike.txt", kStrike);
    archive.write("b/follow-up.txt", kStrikeFollowUp);
    archive.write("c/antwerp.txt", kOtherStrike);
    archive.write("d/storm.txt", kStorm);
    const IndexSummary summary = archive.index();
    CHECK(summary.stories.events == 1);

    const SearchResults every = run(archive.db(), "rotterdam antwerp strike storm", false);
    REQUIRE(every.hits.size() == 4);
    const ArticleHit& first = hit_titled(every, "Rotterdam dock workers strike over pay");
    const ArticleHit& second = hit_titled(every, "Rotterdam port strike strands container ships");
    CHECK(!first.story.empty());
    CHECK(first.story == second.story);
    CHECK(first.earliest);
    CHECK_FALSE(second.earliest);
    CHECK(hit_titled(every, "Antwerp dock workers strike over pensions").story.empty());
    CHECK(hit_titled(every, "Storm floods Rotterdam streets").story.empty());

    const SearchResults collapsed = run(archive.db(), "rotterdam antwerp strike storm");
    CHECK(collapsed.hits.size() == 3);

    SECTION("--story lists every report oldest first") {
        Searcher searcher(archive.db());
        SearchRequest request;
        request.limit = 100;
        const SearchResults story = searcher.story(first.story, request);
        REQUIRE(story.hits.size() == 2);
        CHECK(story.hits[0].title == first.title);
        CHECK(story.hits[1].title == second.title);
        CHECK(story.hits[1].date == "2024-05-07");
        CHECK_THROWS_AS(searcher.story("0000000000000000", request), QueryError);
    }
    SECTION("counting stories and articles") {
        Searcher searcher(archive.db());
        SearchRequest request;
        request.query = "strike";
        request.count_only = true;
        request.collapse = false;
        CHECK(searcher.search(request).matches_lower == 3);
        request.collapse = true;
        CHECK(searcher.search(request).matches_lower == 2);
    }
}

TEST_CASE("a later run's articles join the stories already there", "[integration][stories]") {
    Archive archive("story-incremental");
    archive.write("a/strike.txt", kStrike);
    archive.write("d/storm.txt", kStorm);
    archive.index();
    CHECK(run(archive.db(), "strike").hits.front().story.empty());

    archive.write("b/follow-up.txt", kStrikeFollowUp);
    const IndexSummary second = archive.index();
    CHECK(second.stories.articles == 1);
    CHECK(second.stories.events == 1);
    const SearchResults every = run(archive.db(), "strike", false);
    REQUIRE(every.hits.size() == 2);
    CHECK(!every.hits[0].story.empty());
    CHECK(every.hits[0].story == every.hits[1].story);

    // Re-reading a file keeps it in its story; a run with nothing new assigns nothing.
    archive.write("b/follow-up.txt", std::string(kStrikeFollowUp) + "\nMore ships waited.\n");
    archive.index();
    const SearchResults again = run(archive.db(), "strike", false);
    REQUIRE(again.hits.size() == 2);
    CHECK(again.hits[0].story == every.hits[0].story);
    CHECK(again.hits[1].story == every.hits[0].story);
    CHECK(archive.index().stories.articles == 0);
}
