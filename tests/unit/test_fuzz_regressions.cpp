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
