// --like, --like-text and --list through the library, on tests/data/like (see
// tests/cli/test_like.sh for what each article is): the story an article belongs to comes
// first, containment is measured on word runs, and listing visits every article once in key
// order.
#include <unistd.h>

#include <filesystem>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "../test_support.hpp"
#include "errors.hpp"
#include "index_writer.hpp"
#include "schema.hpp"
#include "searcher.hpp"
#include "similar.hpp"

using namespace gazette;
namespace fs = std::filesystem;

namespace {

/// tests/data/like indexed into one shard of a scratch database, removed at the end.
class LikeDatabase {
  public:
    LikeDatabase() : root_(fs::temp_directory_path() / ("gazette-it-like-" + std::to_string(::getpid()))) {
        fs::remove_all(root_);
        IndexOptions options;
        options.db_path = db();
        options.inputs = {test::fixture("like").string()};
        options.threads = 1;
        run_index(options, {});
    }
    ~LikeDatabase() { fs::remove_all(root_); }

    std::string db() const { return (root_ / "db").string(); }
    static std::string article(const std::string& name) { return (test::fixture("like") / name).string(); }

    /// Gives the articles `names` the story `story`, as story assignment would.
    void set_story(const std::vector<std::string>& names, const std::string& story) const {
        Xapian::WritableDatabase shard((root_ / "db" / "shard-0").string());
        for (const std::string& name : names) {
            const Xapian::docid did = *shard.postlist_begin(schema::id_term(article(name)));
            Xapian::Document doc = shard.get_document(did);
            doc.add_value(schema::kSlotStory, story);
            shard.replace_document(did, doc);
        }
        shard.commit();
    }

  private:
    fs::path root_;
};

std::vector<std::string> names(const SearchResults& results) {
    std::vector<std::string> out;
    for (const ArticleHit& hit : results.hits) out.push_back(fs::path(hit.path).filename().string());
    return out;
}

}  // namespace

TEST_CASE("like: an article's story first, then related coverage, itself never", "[integration]") {
    const LikeDatabase archive;
    const LikeTarget strike{LikeDatabase::article("2023-06-01-ferry-strike.txt"), {}};
    SearchRequest request;
    {
        Searcher searcher(archive.db());
        const auto found = names(searcher.like(request, strike));
        REQUIRE(found.size() >= 3);
        CHECK(found[0] == "2023-06-02-ferry-strike-update.txt");
        CHECK(std::count(found.begin(), found.end(), "2023-06-01-ferry-strike.txt") == 0);
    }
    // The weekly shares the report's story: it now comes before the closer retransmission.
    archive.set_story({"2023-06-01-ferry-strike.txt", "2023-06-03-island-weekly.txt"}, "ferry-strike");
    Searcher searcher(archive.db());
    const SearchResults results = searcher.like(request, strike);
    REQUIRE(results.hits.size() >= 2);
    CHECK(names(results)[0] == "2023-06-03-island-weekly.txt");
    CHECK(results.hits[0].story == "ferry-strike");
    CHECK(results.hits[0].rank == 1);
    CHECK(names(results)[1] == "2023-06-02-ferry-strike-update.txt");
    CHECK(results.hits[1].story != "ferry-strike");  // the story the index gave it is another now
    // Pages follow on across the two groups.
    request.offset = 1;
    request.limit = 1;
    const SearchResults second = searcher.like(request, strike);
    REQUIRE(second.hits.size() == 1);
    CHECK(second.hits[0].rank == 2);
    CHECK(names(second)[0] == "2023-06-02-ferry-strike-update.txt");
    CHECK(second.matches_lower == results.matches_lower);
}

TEST_CASE("like: an article the database does not hold is refused, naming it", "[integration]") {
    const LikeDatabase archive;
    Searcher searcher(archive.db());
    CHECK_THROWS_AS(searcher.like({}, LikeTarget{"/no/such/article.txt", {}}), UsageError);
    CHECK_THROWS_WITH(searcher.like({}, LikeTarget{"/no/such/article.txt", {}}),
                      Catch::Contains("--like /no/such/article.txt: no article has this id"));
    CHECK_THROWS_AS(searcher.like({}, LikeTarget{"", std::string("  ,;  ")}), UsageError);
}

TEST_CASE("list: every article once, in article-key order, with its story", "[integration]") {
    const LikeDatabase archive;
    archive.set_story({"bakery-prices.txt"}, "bread");
    Searcher searcher(archive.db());
    std::vector<std::string> keys;
    std::string bakery_story = "unset";
    SearchRequest request;
    const std::uint64_t visited = searcher.list(request, [&](const ArticleHit& article) {
        keys.push_back(schema::article_key(article.id));
        if (fs::path(article.path).filename() == "bakery-prices.txt") bakery_story = article.story;
    });
    CHECK(visited == 6);
    CHECK(keys.size() == 6);
    CHECK(std::is_sorted(keys.begin(), keys.end()));
    CHECK(std::adjacent_find(keys.begin(), keys.end()) == keys.end());
    CHECK(bakery_story == "bread");
    // Buckets of one article: the key space is split down to ranges of at most two matches,
    // and the same articles come in the same order.
    std::vector<std::string> small_buckets;
    CHECK(searcher.list(request, [&](const ArticleHit& article) { small_buckets.push_back(schema::article_key(article.id)); },
                        1) == 6);
    CHECK(small_buckets == keys);
    // Dates alone, no words: the undated bakery article is not in a date range.
    request.since = Date::from_iso("2023-06-01");
    std::vector<std::string> dated;
    searcher.list(request, [&](const ArticleHit& article) { dated.push_back(article.date); });
    CHECK(dated.size() == 4);
    CHECK(std::count(dated.begin(), dated.end(), "") == 0);
}

TEST_CASE("containment counts a text's 5-word runs found in another", "[unit]") {
    const Shingles text("The union said its members had rejected an offer of three per cent a year.");
    CHECK(text.size() == 11);
    CHECK(text.containment("Before. THE UNION said its members had rejected an offer of three per cent a year! After") == 1.0);
    // One word changed loses the runs that hold it (5 of 11).
    CHECK(text.containment("The union said its members had refused an offer of three per cent a year.") ==
          Approx(6.0 / 11.0));
    CHECK(text.containment("Nothing in common here at all, not one run of words.") == 0.0);
    const Shingles short_text("three per cent");
    CHECK(short_text.size() == 1);
    CHECK(short_text.containment("an offer of three per cent a year") == 1.0);
    CHECK(short_text.containment("three cent per") == 0.0);
    CHECK(Shingles(" ,; ").empty());
}
