//! "Did you mean": spelling suggestions from the database's own vocabulary (spelling.hpp),
//! through Searcher::search() on an archive written here; edit_distance() and
//! corrected_query() on their own.
#include <catch2/catch.hpp>

#include <string>

#include "archive.hpp"
#include "searcher.hpp"
#include "spelling.hpp"

using namespace gazette;

namespace {

std::u32string u32(const char* text) {
    std::u32string out;
    for (const char* p = text; *p; ++p) out.push_back(static_cast<unsigned char>(*p));
    return out;
}

SearchRequest request_for(const std::string& query) {
    SearchRequest request;
    request.query = query;
    request.limit = 5;
    return request;
}

}  // namespace

TEST_CASE("edit_distance counts insertions, deletions, substitutions and swaps", "[unit][spelling]") {
    CHECK(edit_distance(u32("gorbachov"), u32("gorbachev"), 2) == 1);
    CHECK(edit_distance(u32("tresury"), u32("treasury"), 2) == 1);
    CHECK(edit_distance(u32("bundesbnak"), u32("bundesbank"), 2) == 1);  // a swap is one edit
    CHECK(edit_distance(u32("coffe"), u32("coffee"), 2) == 1);
    CHECK(edit_distance(u32("reagn"), u32("reagan"), 2) == 1);
    CHECK(edit_distance(u32("kitten"), u32("sitting"), 3) == 3);
    CHECK(edit_distance(u32("kitten"), u32("sitting"), 2) == 3);  // over the limit: limit + 1
    CHECK(edit_distance(u32("same"), u32("same"), 1) == 0);
    CHECK(edit_distance(u32(""), u32("abc"), 5) == 3);
}

TEST_CASE("corrected_query replaces whole words, whatever their case", "[unit][spelling]") {
    const std::vector<SpellingSuggestion> suggestions = {{"Gorbachov", 0, "gorbachev", 12}};
    CHECK(corrected_query("Gorbachov reforms", suggestions) == "gorbachev reforms");
    CHECK(corrected_query("title:GORBACHOV AND \"gorbachov visit\"", suggestions) ==
          "title:gorbachev AND \"gorbachev visit\"");
    CHECK(corrected_query("Gorbachovian reforms", suggestions) == "Gorbachovian reforms");
    CHECK(corrected_query("reforms", {}) == "reforms");
}

TEST_CASE("A rare or absent query word gets the database's nearest common word",
          "[integration][spelling]") {
    test::Archive archive("spelling");
    for (int i = 0; i < 12; ++i) {
        archive.write("treasury-" + std::to_string(i) + ".txt",
                      "Treasury notes " + std::to_string(i) + "\n\nThe Treasury sold notes and "
                      "bonds to investors on the market, dealers said.\n");
    }
    archive.write("typo.txt", "A note\n\nThe tresury desk was closed.\n");
    archive.write("other.txt", "Harbour news\n\nThe harbour reopened after repairs.\n");
    archive.index();
    Searcher searcher(archive.db());

    SECTION("an absent word") {
        const SearchResults results = searcher.search(request_for("treasurry bonds"));
        REQUIRE(results.suggestions.size() == 1);
        CHECK(results.suggestions[0].word == "treasurry");
        CHECK(results.suggestions[0].articles == 0);
        CHECK(results.suggestions[0].suggestion == "treasury");  // as written, not the stem
        CHECK(results.suggestions[0].suggestion_articles == 12);
        CHECK(results.corrected_query == "treasury bonds");
    }
    SECTION("a word in one article, the right one in twelve (at least ten times as many)") {
        const SearchResults results = searcher.search(request_for("Tresury"));
        REQUIRE(results.suggestions.size() == 1);
        CHECK(results.suggestions[0].articles == 1);
        CHECK(results.corrected_query == "treasury");
        CHECK(results.hits.size() == 1);  // the search itself is the query as typed
    }
    SECTION("common words, and words nothing common is near, get none") {
        CHECK(searcher.search(request_for("treasury bonds")).suggestions.empty());
        CHECK(searcher.search(request_for("harbour")).suggestions.empty());  // 1 article, nothing near
        CHECK(searcher.search(request_for("xylophone")).suggestions.empty());
    }
    SECTION("off when not asked for") {
        SearchRequest request = request_for("treasurry");
        request.suggest = false;
        CHECK(searcher.search(request).suggestions.empty());
    }
}
