// Batch topics and the ranking parts that need no database: topic files, recency, proximity,
// stopword lists.
#include <sstream>

#include <catch2/catch.hpp>

#include "batch.hpp"
#include "errors.hpp"
#include "ranking.hpp"
#include "stopwords.hpp"

using namespace gazette;

namespace {
std::vector<Topic> topics_of(const std::string& text, const std::vector<std::string>& fields = {"title"}) {
    std::istringstream in(text);
    return read_topics(in, "topics", fields);
}
}  // namespace

TEST_CASE("query files: qid<TAB>query lines, bare lines, comments", "[unit][batch]") {
    const auto topics = topics_of("# a comment\n7\tharbour strike\n\nwheat prices\n");
    REQUIRE(topics.size() == 2);
    CHECK(topics[0].qid == "7");
    CHECK(topics[0].text == "harbour strike");
    CHECK(topics[0].line == 2);
    CHECK(topics[1].qid == "4");  // numbered by its line
    CHECK(topics[1].text == "wheat prices");
}

TEST_CASE("TREC topic files, choosing the fields", "[unit][batch]") {
    const std::string trec =
        "<top>\n<num> Number: 301\n<title> International Organized Crime\n"
        "<desc> Description:\nIdentify organizations that participate in\ninternational crime.\n"
        "<narr> Narrative:\nA relevant document must name one.\n</top>\n\n"
        "<top>\n<num> 302 <title> Poliomyelitis and Post-Polio\n</top>\n";
    auto topics = topics_of(trec);
    REQUIRE(topics.size() == 2);
    CHECK(topics[0].qid == "301");
    CHECK(topics[0].text == "International Organized Crime");
    CHECK(topics[1].qid == "302");
    CHECK(topics[1].text == "Poliomyelitis and Post-Polio");
    CHECK(topics[1].line == 11);
    topics = topics_of(trec, {"title", "desc"});
    CHECK(topics[0].text ==
          "International Organized Crime Identify organizations that participate in international crime.");
    CHECK_THROWS_WITH(topics_of("<top>\n<title> no number\n</top>\n"),
                      Catch::Contains("topics:1: topic without <num>"));
}

TEST_CASE("recency halves the score every half-life", "[unit][ranking]") {
    const Date as_of{2024, 3, 31};
    CHECK(days_between(Date{2024, 3, 1}, as_of) == 30);
    CHECK(days_between(Date{2023, 3, 31}, as_of) == 366);  // 2024 is a leap year
    CHECK(recency_factor("2024-03-31", as_of, 30, 0) == Approx(1.0));
    CHECK(recency_factor("2024-03-01", as_of, 30, 0) == Approx(0.5));
    CHECK(recency_factor("2024-01-31", as_of, 30, 0) == Approx(0.25));  // 60 days
    CHECK(recency_factor("2025-01-01", as_of, 30, 0) == Approx(1.0));  // after as_of: fresh
    CHECK(recency_factor("", as_of, 30, 60) == Approx(0.25));          // undated: given age
    CHECK(recency_factor("2024-03-01", as_of, 0, 0) == 1.0);           // off
}

TEST_CASE("proximity pairs adjacent distinct words", "[unit][ranking]") {
    CHECK(proximity_query({"chips"}, 8).empty());
    const Xapian::Query q = proximity_query({"chip", "shortage", "shortage", "asia"}, 5);
    CHECK(q.get_description() ==
          "Query(((chip NEAR 5 shortage) OR (shortage NEAR 5 asia)))");
    const Xapian::Query base("chip");
    CHECK(add_proximity(base, {"chip", "shortage"}, 0, 8).get_description() == base.get_description());
}

TEST_CASE("stopword lists are read from Lingua::StopWords modules", "[unit][ranking]") {
    const std::string module =
        "package Lingua::StopWords::XX;\nsub _stopwords {\n    return qw(\n        a an the\n"
        "        of\n    );\n}\n1;\n";
    CHECK(parse_stopword_module(module) == std::vector<std::string>{"a", "an", "the", "of"});
    CHECK(parse_stopword_module("no list here").empty());
    CHECK(load_stopwords("xx").empty());
    const auto english = load_stopwords("en");
    if (english.empty()) {
        WARN("skipped: liblingua-stopwords-perl is not installed");
        return;
    }
    CHECK(std::find(english.begin(), english.end(), "the") != english.end());
    CHECK(std::find(english.begin(), english.end(), "computer") == english.end());
}
