// Batch topics and the ranking parts that need no database: topic files, recency, proximity,
// stopword lists.
#include <sstream>

#include <catch2/catch.hpp>

#include "batch.hpp"
#include "bm25.hpp"
#include "errors.hpp"
#include "position_check.hpp"
#include "ranking.hpp"
#include "schema.hpp"
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

TEST_CASE("query files: a byte order mark is not part of the first qid", "[unit][batch]") {
    const auto topics = topics_of("\xEF\xBB\xBFq1\tharbour strike\nq2\twheat\n");
    REQUIRE(topics.size() == 2);
    CHECK(topics[0].qid == "q1");
    CHECK(topics[0].error.empty());
}

TEST_CASE("query files: an empty query is an error kept in its place, with its qid", "[unit][batch]") {
    const auto topics = topics_of("q5\twheat\nq6\t\nq7\t  \r\n\tcorn\nq9\tcocoa\n");
    REQUIRE(topics.size() == 5);
    CHECK(topics[1].qid == "q6");
    CHECK(topics[1].text.empty());
    CHECK(topics[1].error == "topics:2: empty query");
    CHECK(topics[2].qid == "q7");
    CHECK(topics[2].error == "topics:3: empty query");
    CHECK(topics[3].error == "topics:4: no qid before the tab");
    CHECK(topics[4].qid == "q9");
    CHECK(topics[4].error.empty());
    const auto trec = topics_of("<top>\n<num> 301\n<title>\n</top>\n");
    REQUIRE(trec.size() == 1);
    CHECK(trec[0].error == "topics:1: empty query");
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
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const PositionWeighting weighting{db, RankingOptions{}, nullptr};
    CHECK(proximity_query({"chips"}, 8, weighting).empty());
    const Xapian::Query q = proximity_query({"chip", "shortage", "shortage", "asia"}, 5, weighting);
    const std::string description = q.get_description();
    CHECK(description.find("PositionedTerms(near window 5: chip shortage)") != std::string::npos);
    CHECK(description.find("PositionedTerms(near window 5: shortage asia)") != std::string::npos);
    CHECK(description.find("shortage shortage") == std::string::npos);
    const Xapian::Query base("chip");
    CHECK(add_proximity(base, q, 0).get_description() == base.get_description());
}

TEST_CASE("phrases need their words in order, NEAR within the window in any order",
          "[unit][ranking]") {
    using P = std::vector<std::vector<Xapian::termpos>>;
    const auto phrase = [](const P& p, Xapian::termcount window) {
        return PositionalConstraint::arranged(p, window, Arrangement::in_order);
    };
    const auto near = [](const P& p, Xapian::termcount window) {
        return PositionalConstraint::arranged(p, window, Arrangement::any_order);
    };
    CHECK(phrase({{3, 10}, {11}}, 2));        // "a b" at 10, 11
    CHECK_FALSE(phrase({{12}, {11}}, 2));     // "b a"
    CHECK_FALSE(phrase({{3}, {5}}, 2));       // a word between
    CHECK(phrase({{3}, {5}}, 3));             // ADJ/1
    CHECK(phrase({{4}, {4, 5}, {6}}, 3));     // a word repeated in the phrase takes two positions
    CHECK_FALSE(phrase({{4}, {4}, {5}}, 3));
    CHECK(near({{20}, {12}}, 9));             // any order, span 8 < 9
    CHECK_FALSE(near({{21}, {12}}, 9));
    CHECK(near({{1, 50}, {40, 90}, {47}}, 11));  // the narrowest stretch counts
    CHECK_FALSE(near({{1}, {}}, 100));
    CHECK_FALSE(phrase({}, 2));
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

TEST_CASE("phrases on Gazette's positions match and weigh as Xapian's own", "[unit][ranking]") {
    // Articles indexed twice over: with Xapian positions, and with the token value, so Xapian's
    // phrase matching can be the reference for ours on the same database.
    const std::vector<std::string> words = {"harbour", "cranes", "ships", "rain", "port", "strike"};
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::TermGenerator generator;
    unsigned seed = 7;
    for (int d = 0; d < 300; ++d) {
        std::string text;
        const int length = 3 + d % 9;
        for (int w = 0; w < length; ++w) {
            seed = seed * 1103515245u + 12345u;
            text += words[(seed >> 16) % words.size()] + " ";
        }
        Xapian::Document with_positions;
        generator.set_document(with_positions);
        generator.index_text(text);
        Xapian::Document tokens;
        generator.set_document(tokens);
        generator.index_text(text);
        gazette::schema::move_positions_to_slot(tokens);
        with_positions.add_value(gazette::schema::kSlotTokens,
                                 tokens.get_value(gazette::schema::kSlotTokens));
        db.add_document(with_positions);
    }
    const RankingOptions ranking;
    const PositionWeighting weighting{db, ranking, nullptr};
    Xapian::QueryParser parser;
    parser.set_database(db);
    auto run = [&](const Xapian::Query& query, const Xapian::MatchDecider* decider) {
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        enquire.set_weighting_scheme(article_weighting(ranking));
        std::vector<std::pair<Xapian::docid, double>> out;
        const Xapian::MSet mset = enquire.get_mset(0, 20, 0, nullptr, decider);
        for (auto it = mset.begin(); it != mset.end(); ++it) out.emplace_back(*it, it.get_weight());
        return out;
    };
    for (const char* text : {"\"harbour cranes\"", "\"harbour cranes\" OR ships", "rain AND \"port strike\"",
                             "\"cranes harbour\" OR rain", "ships NEAR cranes OR rain",
                             "ships NOT \"harbour cranes\"", "\"port strike ships\" OR \"rain rain\"",
                             "strike ADJ/2 harbour OR port"}) {
        INFO(text);
        const Xapian::Query parsed = parser.parse_query(text);
        const auto expected = run(parsed, nullptr);
        const Xapian::Query ours = with_position_checks(parsed, weighting);
        const bool checked = ours.get_description() != parsed.get_description() ||
                             !required_constraints(ours).empty();
        CHECK(checked);
        const PositionDecider decider(required_constraints(ours));
        const auto got = run(ours, decider.empty() ? nullptr : &decider);
        REQUIRE(got.size() == expected.size());
        CHECK_FALSE(got.empty());
        for (std::size_t i = 0; i < got.size(); ++i) {
            CHECK(got[i].first == expected[i].first);
            CHECK(got[i].second == Approx(expected[i].second).epsilon(1e-12));
        }
    }
}

TEST_CASE("query files: a line too long to read whole fails as its qid, the rest go on", "[unit][batch]") {
    const std::string huge(200000, 'a');
    const auto topics = topics_of("q1\t" + huge + "\nq2\tcocoa\n" + huge + "\n");
    REQUIRE(topics.size() == 3);
    CHECK(topics[0].qid == "q1");
    CHECK(topics[0].error == "topics:1: line of 200003 bytes is longer than the limit of 9216");
    CHECK(topics[0].text.empty());
    CHECK(topics[1].qid == "q2");
    CHECK(topics[1].text == "cocoa");
    CHECK(topics[1].error.empty());
    CHECK(topics[2].qid == "3");  // no tab in the kept start: numbered by its line
    CHECK(topics[2].error == "topics:3: line of 200000 bytes is longer than the limit of 9216");
}

TEST_CASE("query files: a TREC topic with a line too long to read whole fails", "[unit][batch]") {
    const std::string huge(20000, 'a');
    const auto topics = topics_of("<top>\n<num> 1\n<title> cocoa\n</top>\n<top>\n<num> 2\n<title> " + huge +
                                  "\n</top>\n<top>\n<num> 3\n<title> wheat\n</top>\n");
    REQUIRE(topics.size() == 3);
    CHECK(topics[0].error.empty());
    CHECK(topics[1].qid == "2");
    CHECK(topics[1].error == "topics:7: line of 20008 bytes is longer than the limit of 9216");
    CHECK(topics[2].text == "wheat");
    CHECK(topics[2].error.empty());
}
