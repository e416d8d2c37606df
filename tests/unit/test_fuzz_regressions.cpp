//! Replays the inputs the fuzz targets once crashed on (tests/data/fuzz-regressions/<target>/)
//! through the same code the targets run (tests/fuzz/fuzz_targets.hpp), in the ordinary test
//! build: each must now go through without a crash, a sanitizer report or a broken invariant.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../fuzz/fuzz_targets.hpp"
#include "../test_support.hpp"

namespace {

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

TEST_CASE("fuzz findings replay without a crash", "[unit]") {
    const auto root = gazette::test::fixture("fuzz-regressions");
    std::vector<std::filesystem::path> inputs;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        if (entry.is_regular_file() && entry.path().filename() != "README.md") {
            inputs.push_back(entry.path());
        }
    }
    std::sort(inputs.begin(), inputs.end());
    REQUIRE(!inputs.empty());
    for (const auto& input : inputs) {
        const auto target = input.parent_path().filename().string();
        INFO(std::filesystem::relative(input, root).string());
        bool known = false;
        REQUIRE_NOTHROW(known = gazette::fuzz::replay(target, slurp(input)));
        CHECK(known);
    }
}

TEST_CASE("a bad date in a query is a QueryError naming it, with nothing leaked", "[unit]") {
    // fuzz-query/leak-date-03: Xapian 1.4 leaked the parse state when the date processors threw
    // from inside the parser; they now note the problem and parse() throws it afterwards.
    Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};
    gazette::QueryBuilder builder(db, gazette::make_stemmer("english"));
    CHECK_THROWS_WITH(builder.parse("rain date:03"),
                      "bad query 'rain date:03': date: takes YYYY-MM-DD, YYYY-MM, YYYY or a range "
                      "FROM..TO, not '03'");
    CHECK_THROWS_WITH(builder.parse("rain date:2024-03..soon"),
                      "bad query 'rain date:2024-03..soon': date range ends must be YYYY-MM-DD, "
                      "YYYY-MM or YYYY, not 'soon'");
    CHECK_THROWS_AS(builder.words("date:xx", gazette::QuerySyntax::xapian, nullptr),
                    gazette::QueryError);
    // A good query right after a bad one is not blamed for the earlier problem.
    CHECK(!builder.parse("rain date:2024-03").empty());
    CHECK(!builder.parse("date:2024..2025").empty());
}

TEST_CASE("jsonl: a numeric date outside years 1 to 9999 is reported, not wrapped", "[unit]") {
    // fuzz-reader-jsonl/date-number-overflow: a Unix time of 5.5e109 overflowed the cast to
    // long long (undefined); below that, std::chrono wrapped huge day counts into wrong but
    // valid days (1e18 ms came out as 8210-08-10).
    std::istringstream in(R"({"id": "a", "title": "Prize", "date": 5.5e109})"
                          "\n"
                          R"({"id": "b", "title": "Prize", "date": 1e18})"
                          "\n"
                          R"({"id": "c", "title": "Prize", "date": -1e20})"
                          "\n"
                          R"({"id": "d", "title": "Prize", "date": 253402300800000})"
                          "\n"
                          R"({"id": "e", "title": "Prize", "date": 253402214400000})"
                          "\n"
                          R"({"id": "f", "title": "Prize", "date": -62135596800})"
                          "\n"
                          R"({"id": "g", "title": "Prize", "date": 1615593600000})"
                          "\n");
    std::vector<std::string> problems;
    gazette::ReaderOptions options;
    auto reader = gazette::open_reader(in, "d.jsonl", options, [&](const std::string& message) {
        problems.push_back(message);
    });
    std::vector<std::string> dates;
    gazette::Article article;
    while (reader->next(article)) {
        dates.push_back(article.docno + " " + (article.date ? article.date->iso() : "-"));
    }
    CHECK(dates == std::vector<std::string>{"a -", "b -", "c -", "d -", "e 9999-12-31",
                                            "f 0001-01-01", "g 2021-03-13"});
    REQUIRE(problems.size() == 4);
    CHECK(problems[0] == "d.jsonl:1: unreadable date 5.5e+109");
    CHECK(problems[1] == "d.jsonl:2: unreadable date 1e+18");
    CHECK(problems[2] == "d.jsonl:3: unreadable date -1e+20");
    CHECK(problems[3] == "d.jsonl:4: unreadable date 253402300800000");
}
