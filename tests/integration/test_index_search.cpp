// End to end through the library: index articles written by the test, then search them and
// check what a user would see: ranking, passages, highlights, dates, filters and re-indexing.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <sys/stat.h>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "../test_support.hpp"
#include "archive.hpp"
#include "article_data.hpp"
#include "batch.hpp"
#include "printers.hpp"
#include "compaction.hpp"
#include "errors.hpp"
#include "index_writer.hpp"
#include "schema.hpp"
#include "searcher.hpp"

using namespace gazette;
using gazette::test::Archive;
namespace fs = std::filesystem;

namespace {

const char* kChips =
    "date 2024-03-14 Chipmakers race to supply computing power\n\n"
    "Demand for artificial intelligence has left chipmakers short of capacity.\n\n"
    "Executives said computing power for artificial intelligence is the scarcest resource in the "
    "industry, and that new factories will take years to build.\n\n"
    "Shares of equipment suppliers rose on the news.\n";
const char* kFarm =
    "date 2023-05-02 Farmers welcome spring rain\n\n"
    "Rain across the plains improved prospects for wheat after a dry winter.\n\n"
    "One farmer said the weather station's computing of rainfall totals was late.\n";
const char* kUndated =
    "Museum opens new wing\n\n"
    "The city museum opened a wing devoted to the history of computing machines.\n";

std::vector<std::string> titles(const SearchResults& results) {
    std::vector<std::string> out;
    for (const ArticleHit& hit : results.hits) out.push_back(hit.title);
    return out;
}

SearchResults search_db(const std::string& db, const std::string& query,
                        SortOrder sort = SortOrder::relevance) {
    Searcher searcher(db);
    SearchRequest request;
    request.collapse = false;  // these articles are alike: every one a result
    request.query = query;
    request.sort = sort;
    return searcher.search(request);
}

SearchResults search(const Archive& archive, const std::string& query,
                     SortOrder sort = SortOrder::relevance) {
    return search_db(archive.db(), query, sort);
}

}  // namespace

TEST_CASE("the most relevant article comes first with its best passage highlighted",
          "[integration]") {
    Archive archive("ranking");
    archive.write("chips.txt", kChips);
    archive.write("farm.txt", kFarm);
    archive.write("museum.txt", kUndated);
    const IndexSummary summary = archive.index();
    CHECK(summary.articles_indexed == 3);
    CHECK(summary.files_failed == 0);

    const SearchResults results = search(archive, "artificial intelligence computing power");
    REQUIRE(results.hits.size() == 3);
    const ArticleHit& top = results.hits.front();
    CHECK(top.title == "Chipmakers race to supply computing power");
    CHECK(top.date == "2024-03-14");
    CHECK(top.date_source == "header");
    CHECK(top.path == archive.path("chips.txt"));
    REQUIRE(top.passages.size() == 1);
    const PassageHit& passage = top.passages.front();
    CHECK(passage.text.find("scarcest resource") != std::string::npos);
    CHECK(passage.line == 5);
    REQUIRE_FALSE(passage.highlights.empty());
    for (const Highlight& h : passage.highlights) {
        const std::string word = passage.text.substr(h.begin, h.end - h.begin);
        CAPTURE(word);
        CHECK((word == "artificial" || word == "intelligence" || word == "computing" ||
               word == "power" || word == "computing power" || word == "artificial intelligence"));
    }
    CHECK(top.more_passages == 1);  // the first paragraph matches too

    // An output that shows no highlights (TSV, TREC runs) asks for none: the same results
    // without them, for articles and for passages.
    for (ResultUnit unit : {ResultUnit::article, ResultUnit::passage}) {
        Searcher searcher(archive.db());
        SearchRequest request;
        request.query = "artificial intelligence computing power";
        request.unit = unit;
        const SearchResults marked = searcher.search(request);
        request.highlight = false;
        const SearchResults plain = searcher.search(request);
        REQUIRE(plain.hits.size() == marked.hits.size());
        bool any_marked = false;
        for (std::size_t i = 0; i < plain.hits.size(); ++i) {
            CHECK(plain.hits[i].title == marked.hits[i].title);
            CHECK(plain.hits[i].score == marked.hits[i].score);
            REQUIRE(plain.hits[i].passages.size() == marked.hits[i].passages.size());
            for (std::size_t p = 0; p < plain.hits[i].passages.size(); ++p) {
                CHECK(plain.hits[i].passages[p].text == marked.hits[i].passages[p].text);
                CHECK(plain.hits[i].passages[p].highlights.empty());
                any_marked = any_marked || !marked.hits[i].passages[p].highlights.empty();
            }
        }
        CHECK(any_marked);
    }
}

TEST_CASE("stemming matches other forms of a word and phrases match as written", "[integration]") {
    Archive archive("stemming");
    archive.write("chips.txt", kChips);
    archive.write("farm.txt", kFarm);
    CHECK(archive.index().articles_indexed == 2);
    CHECK(titles(search(archive, "chipmaker")) ==
          std::vector<std::string>{"Chipmakers race to supply computing power"});
    CHECK(titles(search(archive, "\"spring rain\"")) ==
          std::vector<std::string>{"Farmers welcome spring rain"});
    CHECK(search(archive, "\"rain spring\"").hits.empty());
    CHECK(titles(search(archive, "title:farmers")) ==
          std::vector<std::string>{"Farmers welcome spring rain"});
    CHECK(titles(search(archive, "comput* NOT wheat")) ==
          std::vector<std::string>{"Chipmakers race to supply computing power"});
}

TEST_CASE("dates filter and sort, with undated articles last", "[integration]") {
    Archive archive("dates");
    archive.write("chips.txt", kChips);
    archive.write("farm.txt", kFarm);
    archive.write("museum.txt", kUndated);
    archive.index();
    CHECK(titles(search(archive, "computing", SortOrder::newest)) ==
          std::vector<std::string>{"Chipmakers race to supply computing power",
                                   "Farmers welcome spring rain", "Museum opens new wing"});
    CHECK(titles(search(archive, "computing", SortOrder::oldest)) ==
          std::vector<std::string>{"Farmers welcome spring rain",
                                   "Chipmakers race to supply computing power",
                                   "Museum opens new wing"});
    CHECK(titles(search(archive, "computing date:2024-01-01..2024-12-31")) ==
          std::vector<std::string>{"Chipmakers race to supply computing power"});
    CHECK(titles(search(archive, "computing date:..2023-12-31")) ==
          std::vector<std::string>{"Farmers welcome spring rain"});
    CHECK(titles(search(archive, "computing year:2023")) ==
          std::vector<std::string>{"Farmers welcome spring rain"});
    CHECK(titles(search(archive, "computing date:2024-03")) ==
          std::vector<std::string>{"Chipmakers race to supply computing power"});

    Searcher searcher(archive.db());
    SearchRequest request;
    request.query = "computing";
    request.since = Date{2023, 6, 1};
    CHECK(titles(searcher.search(request)) ==
          std::vector<std::string>{"Chipmakers race to supply computing power"});
    request.since.reset();
    request.until = Date{2023, 6, 1};
    CHECK(titles(searcher.search(request)) ==
          std::vector<std::string>{"Farmers welcome spring rain"});
}

TEST_CASE("the day an index run takes as today is pinned by its options, not the clock",
          "[integration][dates]") {
    // The article gives a month and day in its lead and speaks of 2030 as going on: it is dated
    // 2030-03-13 by a run that takes a later day as today, and left undated by one that takes
    // an earlier day (2030 has not come, or March 13 has not).
    Archive archive("reference-day");
    archive.write("plan.txt",
                  "Ministers review the harbour plan\n\n"
                  "Ministers met on March 13 to review the harbour plan.\n\n"
                  "Work on the harbour has resumed in 2030.\n");
    const auto dated = [&](const Date& reference) {
        fs::remove_all(archive.db());
        IndexOptions options;
        options.db_path = archive.db();
        options.inputs = {archive.path("")};
        options.reference_date = reference;
        run_index(options);
        Searcher searcher(archive.db());
        SearchRequest request;
        request.query = "harbour";
        const SearchResults results = searcher.search(request);
        REQUIRE(results.hits.size() == 1);
        return results.hits[0].date + " " + results.hits[0].date_source;
    };
    CHECK(dated(Date{2030, 6, 1}) == "2030-03-13 text");
    CHECK(dated(Date{2024, 5, 1}) == " none");
    CHECK(dated(Date{2030, 3, 1}) == " none");
}

TEST_CASE("a bad query is reported with the query and what is wrong", "[integration]") {
    Archive archive("badquery");
    archive.write("farm.txt", kFarm);
    archive.index();
    CHECK_THROWS_MATCHES(search(archive, "rain AND ("), QueryError,
                         Catch::Message("bad query 'rain AND (': Syntax: <expression> AND <expression>"));
    CHECK_THROWS_WITH(search(archive, "date:yesterday"), Catch::Contains("date:"));
}

TEST_CASE("re-indexing skips unchanged files, redoes changed ones and drops vanished ones",
          "[integration]") {
    Archive archive("reindex");
    archive.write("chips.txt", kChips);
    archive.write("farm.txt", kFarm);
    archive.write("museum.txt", kUndated);
    CHECK(archive.index().articles_in_database == 3);

    const IndexSummary again = archive.index();
    CHECK(again.files_unchanged == 3);
    CHECK(again.files_indexed == 0);
    CHECK(again.articles_indexed == 0);
    CHECK(again.articles_in_database == 3);

    archive.write("farm.txt", std::string(kFarm) + "\nLate frost threatens the orchards.\n");
    // Make the change visible even on file systems with coarse timestamps.
    fs::last_write_time(archive.path("farm.txt"),
                        fs::last_write_time(archive.path("farm.txt")) + std::chrono::seconds(2));
    archive.remove("museum.txt");
    const IndexSummary changed = archive.index();
    CHECK(changed.files_indexed == 1);
    CHECK(changed.files_unchanged == 1);
    CHECK(changed.files_removed == 1);
    CHECK(changed.articles_in_database == 2);
    CHECK(titles(search(archive, "orchards")) ==
          std::vector<std::string>{"Farmers welcome spring rain"});
    CHECK(search(archive, "museum").hits.empty());
    Searcher searcher(archive.db());
    const DatabaseStats stats = searcher.stats();
    CHECK(stats.articles == 2);
    CHECK(stats.files == 2);
}

TEST_CASE("an interrupted run leaves a database that opens, and the next run completes it",
          "[integration]") {
    Archive archive("interrupt");
    for (int i = 0; i < 30; ++i) {
        archive.write(fmt::format("story-{:02}.txt", i),
                      fmt::format("date 2024-01-{:02} Story {}\n\nBody of story {} about harbours.\n",
                                  i % 28 + 1, i, i));
    }
    std::atomic<bool> stop{false};
    const IndexSummary first = archive.index(&stop, [&](const ProgressEvent& event) {
        if (event.files_done == 5) stop = true;
    });
    CHECK(first.interrupted);
    CHECK(first.articles_in_database < 30);
    Searcher searcher(archive.db());
    CHECK(searcher.stats().articles == first.articles_in_database);

    const IndexSummary second = archive.index();
    CHECK_FALSE(second.interrupted);
    CHECK(second.articles_in_database == 30);
    CHECK(second.files_unchanged == first.files_indexed);
    CHECK(first.files_indexed == first.articles_in_database);  // no partial file was kept
    SearchRequest request;
    request.query = "harbours";
    request.limit = 100;
    Searcher reopened(archive.db());
    CHECK(reopened.search(request).hits.size() == 30);
}

TEST_CASE("broken files are reported and skipped; good ones around them are indexed",
          "[integration]") {
    Archive archive("broken");
    archive.write("good-1.txt", kChips);
    archive.write("binary.txt", std::string("\x7f" "ELF\0\0\0\x01\x02", 9));
    archive.write("good-2.txt", kFarm);
    const IndexSummary summary = archive.index();
    CHECK(summary.articles_in_database == 2);
    CHECK(summary.files_failed == 1);
    REQUIRE(summary.problems.size() == 1);
    CHECK_THAT(summary.problems.front(), Catch::StartsWith(archive.path("binary.txt") + ":"));
}

TEST_CASE("passages can be results of their own", "[integration]") {
    Archive archive("unit");
    archive.write("chips.txt", kChips);
    archive.index();
    Searcher searcher(archive.db());
    SearchRequest request;
    request.query = "artificial intelligence";
    request.unit = ResultUnit::passage;
    const SearchResults results = searcher.search(request);
    REQUIRE(results.hits.size() == 2);
    CHECK(results.hits[0].title == "Chipmakers race to supply computing power");
    CHECK(results.hits[0].passages.front().line != results.hits[1].passages.front().line);
}

TEST_CASE("the two seed reports are found and dated from header and text", "[integration][shared]") {
    GAZETTE_REQUIRE_SHARED(seeds, "seeds");
    const fs::path db = fs::temp_directory_path() / "gazette-it-seeds-db";
    fs::remove_all(db);
    IndexOptions options;
    options.db_path = db.string();
    options.inputs = {seeds.string()};
    CHECK(run_index(options).articles_in_database == 2);

    Searcher searcher(db.string());
    SearchRequest request;
    request.query = "artificial intelligence computing power";
    // One story (docs/stories.md), both reports shown when not collapsed.
    CHECK(searcher.search(request).hits.size() == 1);
    request.collapse = false;
    const SearchResults results = searcher.search(request);
    REQUIRE(results.hits.size() == 2);
    CHECK(!results.hits[0].story.empty());
    CHECK(results.hits[0].story == results.hits[1].story);
    CHECK(results.hits[0].date == "2024-03-14");
    CHECK(results.hits[0].date_source == "header");
    CHECK(results.hits[1].date == "2024-03-13");
    CHECK(results.hits[1].date_source == "text");
    for (const ArticleHit& hit : results.hits) CHECK_FALSE(hit.passages.front().highlights.empty());
    fs::remove_all(db);
}

TEST_CASE("batch runs print in input order whatever the thread count, and go on after a bad query",
          "[integration][batch]") {
    Archive archive("batch");
    archive.write("chips.txt", kChips);
    archive.write("farm.txt", kFarm);
    archive.write("museum.txt", kUndated);
    archive.index();
    std::vector<Topic> topics;
    for (int i = 0; i < 40; ++i) {
        const char* queries[] = {"computing power", "rain", "museum history", "harbour AND (", "wheat"};
        topics.push_back({std::to_string(i), queries[i % 5], 0});
    }
    auto run = [&](unsigned threads, std::vector<std::string>& errors) {
        std::ostringstream out;
        auto printer = make_printer(OutputFormat::trec, out, {});
        BatchOptions options;
        options.db_path = archive.db();
        options.threads = threads;
        const BatchSummary summary =
            run_batch(topics, options, *printer, [&](const std::string& e) { errors.push_back(e); });
        CHECK(summary.queries == 40);
        CHECK(summary.failed == 8);
        return out.str();
    };
    std::vector<std::string> errors_one;
    std::vector<std::string> errors_two;
    const std::string one = run(1, errors_one);
    const std::string two = run(2, errors_two);
    CHECK(one == two);
    CHECK(errors_one == errors_two);
    REQUIRE(errors_one.size() == 8);
    CHECK_THAT(errors_one.front(), Catch::StartsWith("query 3: bad query 'harbour AND ('"));
    std::istringstream lines(one);
    std::string first;
    std::getline(lines, first);
    CHECK_THAT(first, Catch::StartsWith("0 Q0 "));
}

TEST_CASE("feedback, recency and explanations change ranking as documented", "[integration][ranking]") {
    Archive archive("ranking-parts");
    archive.write("old.txt", "date 2001-01-10 Harbour cranes\n\nThe harbour cranes were repaired.\n");
    archive.write("new.txt", "date 2024-01-10 Harbour dredging\n\nThe harbour was dredged and the cranes tested.\n");
    // Unrelated articles give the harbour words some weight for feedback to pick.
    archive.write("farm.txt", kFarm);
    archive.write("museum.txt", kUndated);
    archive.index();
    Searcher searcher(archive.db());
    SearchRequest request;
    request.query = "harbour cranes";
    CHECK(searcher.search(request).hits.front().title == "Harbour cranes");
    request.ranking.half_life_days = 365;
    request.ranking.as_of = Date{2024, 6, 1};
    request.explain = true;
    const SearchResults fresh = searcher.search(request);
    CHECK(fresh.hits.front().title == "Harbour dredging");
    const auto& parts = fresh.hits.front().explanation;
    auto part = [&](const std::string& name) {
        for (const auto& [key, value] : parts) {
            if (key == name) return value;
        }
        FAIL("no explanation part " << name);
        return 0.0;
    };
    CHECK(part("bm25") > 0);
    CHECK(part("recency_factor") < 1.0);
    CHECK(part("final") == Approx(fresh.hits.front().score));

    request.ranking.half_life_days = 0;
    request.ranking.expand = true;
    request.ranking.feedback_docs = 1;
    request.query = "repaired";
    // Feedback from the one article about repairs brings in its other words ("cranes"), which
    // find the dredging article too.
    const SearchResults expanded = searcher.search(request);
    CHECK(expanded.hits.size() == 2);
    CHECK(expanded.hits.front().title == "Harbour cranes");
}

TEST_CASE("Chinese text is found by words in its own script", "[integration][languages]") {
    Archive archive("cjk");
    archive.write("zh.txt", "人工智能推动算力需求\n\n专家表示，人工智能的发展需要强大的算力和大量数据。\n");
    archive.write("farm.txt", kFarm);
    archive.index();
    const SearchResults results = search(archive, "算力");
    REQUIRE(results.hits.size() == 1);
    const PassageHit& passage = results.hits.front().passages.front();
    REQUIRE_FALSE(passage.highlights.empty());
    const Highlight& h = passage.highlights.front();
    CHECK(passage.text.substr(h.begin, h.end - h.begin) == "算力");
    CHECK(titles(search(archive, "人工智能")) == std::vector<std::string>{"人工智能推动算力需求"});
}

TEST_CASE("any libstemmer language stems at index and query time", "[integration][languages]") {
    Archive archive("greek");
    archive.write("el.txt",
                  "Νέοι υπολογιστές στα σχολεία\n\nΤο υπουργείο αγόρασε χιλιάδες υπολογιστές για τα σχολεία.\n");
    archive.write("other.txt", "Καιρός\n\nΒροχές αναμένονται στη βόρεια Ελλάδα.\n");
    IndexOptions options;
    options.db_path = archive.db();
    options.inputs = {archive.path("")};
    options.build.default_language = "greek";
    CHECK(run_index(options).articles_in_database == 2);
    // The singular finds the plural through the Greek stemmer the database was built with.
    const SearchResults results = search(archive, "υπολογιστής");
    REQUIRE(results.hits.size() == 1);
    CHECK(results.hits.front().title == "Νέοι υπολογιστές στα σχολεία");
    CHECK(results.hits.front().language == "el");
    CHECK_FALSE(results.hits.front().passages.front().highlights.empty());
}

TEST_CASE("FIFOs, symlink loops and links out of the tree are reported, never followed or hung on",
          "[integration][broken]") {
    Archive archive("links");
    archive.write("good.txt", kChips);
    const fs::path news = fs::path(archive.path("good.txt")).parent_path();
    const fs::path outside = news.parent_path() / "outside.txt";
    std::ofstream(outside) << kFarm;
    REQUIRE(::mkfifo((news / "pipe.txt").c_str(), 0644) == 0);
    fs::create_symlink("loop-b", news / "loop-a");
    fs::create_symlink("loop-a", news / "loop-b");
    fs::create_directory_symlink(news, news / "self");  // a folder that contains itself
    fs::create_symlink(outside, news / "escape.txt");
    fs::create_symlink(news / "good.txt", news / "inside-link.txt");

    const IndexSummary summary = archive.index();
    for (const std::string& problem : summary.problems) UNSCOPED_INFO(problem);
    // good.txt, and the link to it inside the tree (its own path, so its own article).
    CHECK(summary.articles_in_database == 2);
    auto reported = [&](const std::string& name, const std::string& reason) {
        return std::count_if(summary.problems.begin(), summary.problems.end(), [&](const std::string& p) {
            return p.starts_with((news / name).string() + ":") && p.find(reason) != std::string::npos;
        });
    };
    CHECK(reported("pipe.txt", "not a regular file") == 1);
    CHECK(reported("loop-a", "broken symbolic link") == 1);
    CHECK(reported("loop-b", "broken symbolic link") == 1);
    CHECK(reported("escape.txt", "leaves the indexed folder") == 1);
    CHECK(search(archive, "spring rain").hits.empty());

    IndexOptions follow;
    follow.db_path = archive.db();
    follow.inputs = {news.string()};
    follow.follow_symlinks = true;
    CHECK(run_index(follow).articles_in_database == 3);
    fs::remove(outside);
}

TEST_CASE("a file that vanishes during the run is reported and the rest indexed",
          "[integration][broken]") {
    Archive archive("vanish");
    for (int i = 0; i < 60; ++i) {
        archive.write(fmt::format("story-{:02}.txt", i),
                      fmt::format("date 2024-02-{:02} Story {}\n\nBody {} about ferries.\n", i % 28 + 1, i, i));
    }
    bool removed = false;
    IndexOptions options;
    options.db_path = archive.db();
    options.inputs = {archive.path("")};
    options.threads = 1;
    const IndexSummary summary = run_index(options, [&](const ProgressEvent&) {
        if (!removed) {
            archive.remove("story-59.txt");
            removed = true;
        }
    });
    CHECK(summary.articles_in_database == 59);
    REQUIRE(summary.problems.size() == 1);
    CHECK_THAT(summary.problems.front(), Catch::StartsWith(archive.path("story-59.txt") + ":"));
    // The next run forgets the vanished file quietly: it is no longer there to index.
    const IndexSummary again = archive.index();
    CHECK(again.problems.empty());
    CHECK(again.articles_in_database == 59);
}

TEST_CASE("feedback learns from the same articles whatever order they were indexed in",
          "[integration][ranking]") {
    // Six articles the query weighs equally, three about cargo and three about fishing; two
    // feedback articles. Indexed in one run, or half and then the rest, their docids come in
    // different orders; the feedback, and so the answers, must not follow the docids.
    Archive archive("feedback-ties");
    const fs::path root = fs::path(archive.db()).parent_path();
    auto write = [&](int from, int to) {
        for (int i = from; i < to; ++i) {
            archive.write(fmt::format("a{}.txt", i),
                          fmt::format("Harbour report {}\n\nThe harbour cranes moved containers.\n\n"
                                      "Rain slowed the {} boats.\n",
                                      i, i < 3 ? "cargo" : "fishing"));
        }
    };
    auto index_into = [&](const std::string& name) {
        IndexOptions options;
        options.db_path = (root / name).string();
        options.inputs = {(root / "news").string()};
        options.threads = 1;
        run_index(options);
    };
    write(3, 6);
    index_into("in-two-runs");
    write(0, 3);
    index_into("in-two-runs");
    index_into("in-one-run");
    auto answers = [&](const std::string& name) {
        Searcher searcher((root / name).string());
        SearchRequest request;
        request.collapse = false;  // these articles are alike: every one a result
        request.query = "harbour cranes";
        request.limit = 10;
        request.ranking.expand = true;
        request.ranking.feedback_docs = 2;
        std::vector<std::string> out;
        for (const ArticleHit& hit : searcher.search(request).hits) {
            out.push_back(fmt::format("{} {:.6f}", hit.title, hit.score));
        }
        std::sort(out.begin(), out.end());
        return out;
    };
    const auto one_run = answers("in-one-run");
    REQUIRE(one_run.size() == 6);
    CHECK(answers("in-two-runs") == one_run);
}

TEST_CASE("shards: any thread count gives the same answers, re-indexing stays in place, "
          "compaction merges", "[integration][shards]") {
    Archive archive("shards");
    for (int i = 0; i < 12; ++i) {
        archive.write(fmt::format("a{:02}.txt", i),
                      fmt::format("date 2024-03-{:02} Harbour report {}\n\nThe harbour cranes moved "
                                  "{} containers.\n\nRain slowed the {} ships.\n",
                                  i + 1, i, i * 7, i % 3 == 0 ? "cargo" : "fishing"));
    }
    archive.write("chips.txt", kChips);
    const fs::path root = fs::path(archive.db()).parent_path();
    auto index_into = [&](const std::string& name, unsigned threads) {
        IndexOptions options;
        options.db_path = (root / name).string();
        options.inputs = {(root / "news").string()};
        options.threads = threads;
        return run_index(options);
    };
    auto answers = [&](const std::string& name, const std::string& query, bool expand = false) {
        Searcher searcher((root / name).string());
        SearchRequest request;
        request.query = query;
        request.limit = 20;
        request.ranking.expand = expand;
        request.ranking.feedback_docs = 2;
        std::vector<std::string> out;
        for (const ArticleHit& hit : searcher.search(request).hits) {
            out.push_back(fmt::format("{} {:.6f} {}", hit.title, hit.score, hit.passages.front().text));
        }
        std::sort(out.begin(), out.end());  // equal scores may come in either order
        return out;
    };
    CHECK(index_into("one", 1).articles_in_database == 13);
    CHECK(index_into("three", 3).articles_in_database == 13);
    CHECK(schema::shard_paths((root / "one").string()).size() == 1);
    CHECK(schema::shard_paths((root / "three").string()).size() == 3);
    for (const char* query : {"harbour cranes", "cargo ships", "computing power", "\"fishing ships\""}) {
        INFO(query);
        CHECK_FALSE(answers("one", query).empty());
        CHECK(answers("one", query) == answers("three", query));
        // Feedback too: Xapian's default term frequencies for expansion are per shard.
        CHECK(answers("one", query, true) == answers("three", query, true));
    }

    // A changed file is replaced in the shard that holds it, whatever the thread count now.
    archive.write("a05.txt", "date 2024-03-06 Harbour closed\n\nThe harbour closed for dredging.\n");
    const IndexSummary again = index_into("three", 1);
    CHECK(again.files_indexed == 1);
    CHECK(again.articles_in_database == 13);
    CHECK(schema::shard_paths((root / "three").string()).size() == 3);
    CHECK(titles(search_db((root / "three").string(), "dredging")) ==
          std::vector<std::string>{"Harbour closed"});
    CHECK(search_db((root / "three").string(), "\"harbour report 5\"").hits.empty());

    // Compaction merges the shards into one that answers the same.
    const auto before = answers("three", "harbour cranes");
    compact_database((root / "three").string());
    CHECK(schema::shard_paths((root / "three").string()).size() == 1);
    CHECK(answers("three", "harbour cranes") == before);
    Searcher merged((root / "three").string());
    CHECK(merged.stats().articles == 13);
    CHECK(merged.stats().files == 13);
}

TEST_CASE("articles in other languages are matched by their own parse and merged in one order",
          "[integration][languages]") {
    Archive archive("mixed");
    archive.write("chips.txt", kChips);
    archive.write("farm.txt", kFarm);
    archive.write("hafen.txt",
                  "date 2024-01-10 Neue Häfen für die Containerschiffe\n\n"
                  "Die Stadt baut zwei neue Häfen, damit größere Containerschiffe dort anlegen "
                  "können. Der Hafen soll im nächsten Jahr eröffnet werden, und die Werften der "
                  "Region hoffen auf neue Aufträge.\n");
    archive.index();
    // "hafen" is stemmed by the German stemmer for the German article, which says "Häfen".
    const SearchResults german = search(archive, "hafen");
    REQUIRE(german.hits.size() == 1);
    CHECK(german.hits.front().language == "de");
    CHECK(german.hits.front().title == "Neue Häfen für die Containerschiffe");

    // One query reaching both languages: each article once, in one order.
    const std::string query = "computing OR hafen";
    const SearchResults by_score = search(archive, query);
    CHECK(by_score.matches_estimated == 3);
    REQUIRE(by_score.hits.size() == 3);
    for (std::size_t i = 1; i < by_score.hits.size(); ++i) {
        CHECK(by_score.hits[i - 1].score >= by_score.hits[i].score);
    }
    CHECK(titles(search(archive, query, SortOrder::newest)) ==
          std::vector<std::string>{"Chipmakers race to supply computing power",
                                   "Neue Häfen für die Containerschiffe", "Farmers welcome spring rain"});
    CHECK(titles(search(archive, query, SortOrder::oldest)) ==
          std::vector<std::string>{"Farmers welcome spring rain", "Neue Häfen für die Containerschiffe",
                                   "Chipmakers race to supply computing power"});

    // Feedback adds terms to every language's part and still lists each article once.
    Searcher searcher(archive.db());
    SearchRequest request;
    request.query = query;
    request.ranking.expand = true;
    request.ranking.feedback_docs = 2;
    std::vector<std::string> expanded = titles(searcher.search(request));
    std::sort(expanded.begin(), expanded.end());
    CHECK(std::adjacent_find(expanded.begin(), expanded.end()) == expanded.end());
    CHECK(std::find(expanded.begin(), expanded.end(), "Neue Häfen für die Containerschiffe") !=
          expanded.end());
}

TEST_CASE("lengths held in memory give the scores Xapian's BM25 gives", "[integration][bm25]") {
    Archive archive("lengths");
    for (int i = 0; i < 30; ++i) {
        std::string body;
        for (int j = 0; j <= i % 7; ++j) body += fmt::format("The harbour cranes moved {} containers. ", j);
        archive.write(fmt::format("a{:02}.txt", i),
                      fmt::format("date 2024-{:02}-{:02} Harbour report {}\n\n{}\n\nRain slowed the "
                                  "{} ships.\n",
                                  i % 12 + 1, i % 28 + 1, i, body, i % 3 == 0 ? "cargo" : "fishing"));
    }
    archive.write("chips.txt", kChips);
    archive.write("farm.txt", kFarm);
    archive.index();  // two shards
    REQUIRE(schema::shard_paths(archive.db()).size() == 2);

    auto run = [&](bool in_memory, const std::string& query, auto&& adjust) {
        Searcher searcher(archive.db());
        if (in_memory) searcher.hold_lengths_in_memory();
        SearchRequest request;
        request.query = query;
        request.limit = 50;
        adjust(request);
        std::vector<std::string> out;
        for (const ArticleHit& hit : searcher.search(request).hits) {
            out.push_back(fmt::format("{} {:.9f} {:.9f}", hit.title, hit.article_score, hit.score));
        }
        return out;
    };
    auto same = [&](const std::string& query, auto&& adjust) {
        INFO(query);
        const auto plain = run(false, query, adjust);
        CHECK_FALSE(plain.empty());
        CHECK(run(true, query, adjust) == plain);
    };
    auto as_is = [](SearchRequest&) {};
    for (const char* query : {"harbour cranes", "cargo ships cargo", "computing", "title:harbour rain",
                              "containers OR wheat"}) {
        same(query, as_is);
        same(query, [](SearchRequest& r) { r.sort = SortOrder::newest; });
        same(query, [](SearchRequest& r) { r.ranking.k1 = 2.0; r.ranking.b = 0.3; });
        same(query, [](SearchRequest& r) {
            r.ranking.expand = true;
            r.ranking.feedback_docs = 3;
        });
        same(query, [](SearchRequest& r) { r.since = Date::from_iso("2024-03-01"); });
    }
    // Another shape (a phrase) is scored by Xapian itself either way.
    same("\"harbour cranes\" ships", as_is);
}

TEST_CASE("skipping articles that cannot reach the results keeps Xapian's BM25 top articles",
          "[integration][bm25]") {
    // Enough articles that the results fill and the least weight that can still reach them
    // rises, so the matcher skips articles; words of different rarity and repetition, so
    // the skipping has something to get wrong.
    Archive archive("maxscore");
    for (int i = 0; i < 400; ++i) {
        std::string body = "The harbour report. ";
        for (int j = 0; j < i % 4; ++j) body += "Harbour traffic was busy. ";
        if (i % 3 == 0) body += "Cranes lifted containers. ";
        if (i % 9 == 0) body += "More cranes arrived. ";
        if (i % 7 == 0) body += "Tankers and ships queued. ";
        if (i % 50 == 0) body += "Dredgers deepened the channel. ";
        for (int j = 0; j < i % 11; ++j) body += "Filler about the weather and the tides. ";
        archive.write(fmt::format("a{:03}.txt", i), fmt::format("Report {}\n\n{}\n", i, body));
    }
    archive.index();  // two shards

    auto run = [&](bool in_memory, const std::string& query, std::size_t offset, std::size_t limit) {
        Searcher searcher(archive.db());
        if (in_memory) searcher.hold_lengths_in_memory();
        SearchRequest request;
        request.collapse = false;  // these articles are alike: every one a result
        request.query = query;
        request.offset = offset;
        request.limit = limit;
        const SearchResults results = searcher.search(request);
        std::vector<std::string> out{fmt::format("about {}", results.matches_estimated)};
        for (const ArticleHit& hit : results.hits) {
            out.push_back(fmt::format("{} {:.9f} {:.9f}", hit.title, hit.article_score, hit.score));
        }
        return out;
    };
    for (const char* query : {"harbour cranes ships", "cranes ships dredgers", "harbour harbour cranes",
                              "ships OR dredgers OR tides"}) {
        for (auto [offset, limit] : {std::pair<std::size_t, std::size_t>{0, 10}, {0, 3}, {40, 20}}) {
            INFO(query << " from " << offset << ", " << limit);
            const auto plain = run(false, query, offset, limit);
            CHECK(plain.size() == limit + 1);
            CHECK(run(true, query, offset, limit) == plain);
        }
    }
}

TEST_CASE("searchers share lengths in memory only while the database is as they were read",
          "[integration][bm25]") {
    Archive archive("shared-lengths");
    for (int i = 0; i < 12; ++i) {
        std::string body;
        for (int j = 0; j <= i % 5; ++j) body += "The harbour cranes moved containers. ";
        archive.write(fmt::format("a{:02}.txt", i), fmt::format("Harbour report {}\n\n{}\n", i, body));
    }
    archive.index();
    auto scores = [](Searcher& searcher) {
        SearchRequest request;
        request.query = "harbour cranes";
        request.limit = 20;
        std::vector<std::string> out;
        for (const ArticleHit& hit : searcher.search(request).hits) {
            out.push_back(fmt::format("{} {:.9f}", hit.title, hit.article_score));
        }
        std::sort(out.begin(), out.end());
        return out;
    };
    Searcher first(archive.db());
    first.hold_lengths_in_memory();
    Searcher sharing(archive.db());
    sharing.hold_lengths_in_memory(first);
    Searcher plain(archive.db());  // lengths from the database
    CHECK(scores(sharing) == scores(plain));

    // An article made longer in place (same docid, as Xapian's replace_document keeps it): a
    // searcher opened now must not take the old lengths.
    bool replaced = false;
    for (const std::string& path : schema::shard_paths(archive.db())) {
        Xapian::WritableDatabase shard(path);
        if (replaced || shard.get_doccount() == 0) continue;  // the threads split the files as they went
        const Xapian::docid did = *shard.postlist_begin("");
        Xapian::Document doc = shard.get_document(did);
        doc.add_term("filler", 60);
        shard.replace_document(did, doc);
        shard.commit();
        replaced = true;
    }
    REQUIRE(replaced);
    Searcher later(archive.db());
    later.hold_lengths_in_memory(first);
    Searcher plain_later(archive.db());
    const auto now = scores(plain_later);
    CHECK(now != scores(plain));
    CHECK(scores(later) == now);
}

TEST_CASE("lengths in memory work with a shard that holds no articles", "[integration][bm25]") {
    Archive archive("empty-shard");
    archive.write("chips.txt", kChips);
    archive.index();  // two shards, one of them empty
    REQUIRE(schema::shard_paths(archive.db()).size() == 2);
    for (bool in_memory : {false, true}) {
        INFO(in_memory);
        Searcher searcher(archive.db());
        if (in_memory) searcher.hold_lengths_in_memory();
        SearchRequest request;
        request.query = "computing power";
        const SearchResults results = searcher.search(request);
        CHECK(titles(results) == std::vector<std::string>{"Chipmakers race to supply computing power"});
        CHECK(results.matches_estimated == 1);
    }
}

TEST_CASE("a shorter page is the start of a longer one, and pages follow on", "[integration][paging]") {
    Archive archive("paging");
    // Every article has the same words, so the same BM25 score; only some have the query's
    // words in one passage. The passage phase puts those first, from wherever they rank by
    // article, so a page that took only its own articles as candidates would differ.
    const char* fillers[] = {"Filler text about the weather, the tides and the local football results.",
                             "More filler on roadworks, school holidays and the price of fresh bread.",
                             "Last filler: a council meeting, a village fete and a lost dog found safe."};
    for (int i = 0; i < 40; ++i) {
        const bool together = i % 3 == 0;
        const std::string body =
            together ? fmt::format("grain exports harbour {}\n\n{}\n\n{}\n", fillers[0], fillers[1], fillers[2])
                     : fmt::format("grain {}\n\nexports {}\n\nharbour {}\n", fillers[0], fillers[1], fillers[2]);
        archive.write(fmt::format("a{:02}.txt", i), fmt::format("Report {}\n\n{}", i, body));
    }
    archive.index();
    auto page = [&](std::size_t offset, std::size_t limit) {
        Searcher searcher(archive.db());
        SearchRequest request;
        request.collapse = false;  // these articles are alike: every one a result
        request.query = "grain exports harbour";
        request.offset = offset;
        request.limit = limit;
        return titles(searcher.search(request));
    };
    const std::vector<std::string> all = page(0, 30);
    REQUIRE(all.size() == 30);
    for (std::size_t n : {1, 3, 5, 10, 20}) {
        INFO(n);
        CHECK(page(0, n) == std::vector<std::string>(all.begin(), all.begin() + static_cast<long>(n)));
    }
    std::vector<std::string> paged;
    for (std::size_t offset = 0; offset < 30; offset += 7) {
        for (const std::string& title : page(offset, std::min<std::size_t>(7, 30 - offset))) {
            paged.push_back(title);
        }
    }
    CHECK(paged == all);
}

TEST_CASE("pages follow on beyond the pool, for articles and passages, ties by article key",
          "[integration][paging]") {
    Archive archive("paging-deep");
    // Forty articles of five lengths: BM25 ties within each length, passages that differ.
    for (int i = 0; i < 40; ++i) {
        std::string body = fmt::format("grain exports {}\n\nharbour news\n", i % 3 == 0 ? "harbour" : "");
        for (int k = 0; k < i % 5; ++k) body += "\nfiller words about the weather and the tides\n";
        archive.write(fmt::format("b{:02}.txt", (i * 17) % 40), fmt::format("Report {}\n\n{}", i, body));
    }
    archive.index();
    Searcher searcher(archive.db());
    for (const ResultUnit unit : {ResultUnit::article, ResultUnit::passage}) {
        auto page = [&](std::size_t offset, std::size_t limit) {
            SearchRequest request;
            request.collapse = false;  // these articles are alike: every one a result
            request.query = "grain exports harbour";
            request.unit = unit;
            request.offset = offset;
            request.limit = limit;
            request.ranking.candidates = 6;  // a small pool, so that pages reach beyond it
            return searcher.search(request).hits;
        };
        const std::vector<ArticleHit> all = page(0, 1000);
        REQUIRE(all.size() >= 40);
        std::vector<std::string> expected;
        for (const ArticleHit& hit : all) expected.push_back(fmt::format("{}/{}", hit.id, hit.passages.front().index));
        std::vector<std::string> paged;
        for (std::size_t offset = 0; offset < all.size(); offset += 7) {
            for (const ArticleHit& hit : page(offset, 7)) {
                paged.push_back(fmt::format("{}/{}", hit.id, hit.passages.front().index));
            }
        }
        CHECK(paged == expected);
        for (std::size_t i = 1; i < all.size(); ++i) {
            INFO(i);
            CHECK(all[i].score <= all[i - 1].score);  // scores fall with rank, in the pool and beyond
            if (all[i].score == all[i - 1].score && all[i].id != all[i - 1].id) {
                CHECK(schema::article_key(all[i - 1].id) < schema::article_key(all[i].id));
            }
        }
    }
}

TEST_CASE("phrases, NEAR and passages work from the positions kept beside the terms",
          "[integration][schema]") {
    Archive archive("positions");
    archive.write("chips.txt", kChips);
    archive.write("farm.txt", kFarm);
    archive.write("docks.txt",
                  "date 2024-06-01 Dock strike ends\n\n"
                  "Work resumed at the port on Monday.\n\n"
                  "Power cranes and computing systems were checked before the first ships docked.\n");
    archive.index();
    // Xapian's position table stays empty: each article's positions are one value.
    for (const std::string& shard : schema::shard_paths(archive.db())) {
        CHECK_FALSE(Xapian::Database(shard).has_positions());
    }
    const std::string chips = "Chipmakers race to supply computing power";
    const std::string docks = "Dock strike ends";
    auto sorted_titles = [&](const std::string& query) {
        std::vector<std::string> out = titles(search(archive, query));
        std::sort(out.begin(), out.end());
        return out;
    };
    CHECK(sorted_titles("computing AND power") == std::vector<std::string>{chips, docks});
    CHECK(sorted_titles("\"computing power\"") == std::vector<std::string>{chips});
    CHECK(sorted_titles("\"power computing\"").empty());
    // "Power cranes and computing": three words apart, in the other order.
    CHECK(sorted_titles("computing NEAR/3 power") == std::vector<std::string>{chips, docks});
    CHECK(sorted_titles("computing NEAR/2 power") == std::vector<std::string>{chips});
    CHECK(sorted_titles("power ADJ/3 computing") == std::vector<std::string>{docks});
    CHECK(sorted_titles("computing ADJ/3 power") == std::vector<std::string>{chips});
    // A phrase that a match does not need (under OR, NOT) is checked where it stands.
    const std::string farm = "Farmers welcome spring rain";
    CHECK(sorted_titles("\"computing power\" OR wheat") == std::vector<std::string>{chips, farm});
    CHECK(sorted_titles("computing NOT \"power cranes\"") == std::vector<std::string>{chips, farm});
    CHECK(sorted_titles("computing NOT \"cranes power\"") ==
          std::vector<std::string>{chips, docks, farm});
    // A phrase does not run from one passage into the next, nor from the title into the body.
    CHECK(sorted_titles("capacity executives") == std::vector<std::string>{chips});
    CHECK(sorted_titles("\"capacity executives\"").empty());
    CHECK(sorted_titles("\"strike ends work\"").empty());
    CHECK(sorted_titles("title:\"strike ends\"") == std::vector<std::string>{docks});
    CHECK(sorted_titles("title:\"ends strike\"").empty());
    // Passages are scored from the same positions.
    const SearchResults cranes = search(archive, "cranes ships");
    REQUIRE(cranes.hits.size() == 1);
    CHECK(cranes.hits.front().passages.front().text.find("cranes") != std::string::npos);
}

TEST_CASE("a large archive's article data is stored compressed and read back",
          "[integration][schema]") {
    // One file, so one writer: the articles are encoded in order.
    Archive archive("compressed");
    const std::size_t count = schema::DataCompressor::kSamples + 300;
    std::string feed;
    for (std::size_t i = 0; i < count; ++i) {
        feed += fmt::format("{{\"title\": \"Harbour report {0}\", \"date\": \"2024-02-{1:02}\", "
                            "\"body\": \"The harbour cranes moved {2} containers in the rain.\"}}\n",
                            i, i % 28 + 1, i * 7);
    }
    archive.write("feed.jsonl", feed);
    CHECK(archive.index().articles_indexed == count);
    auto dictionary_and_compressed = [&] {
        std::set<std::string> dictionaries;
        std::size_t compressed = 0;
        for (const std::string& shard : schema::shard_paths(archive.db())) {
            Xapian::Database db(shard);
            const std::string dictionary = db.get_metadata(std::string(schema::kDictionaryKey));
            if (!dictionary.empty()) dictionaries.insert(dictionary);
            for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
                if (db.get_document(*it).get_data().front() != '{') ++compressed;
            }
        }
        return std::make_pair(dictionaries, compressed);
    };
    const auto [dictionaries, compressed] = dictionary_and_compressed();
    REQUIRE(dictionaries.size() == 1);
    CHECK(compressed > 250);  // all from the kSamples-th article on
    CHECK(compressed < 400);
    auto shown = [&](const std::string& query) {
        const SearchResults results = search(archive, query);
        REQUIRE_FALSE(results.hits.empty());
        return results.hits.front().title + " | " + results.hits.front().passages.front().text;
    };
    const std::size_t last = count - 1;
    CHECK(shown(fmt::format("\"harbour report {}\"", last)) ==
          fmt::format("Harbour report {} | The harbour cranes moved {} containers in the rain.",
                      last, last * 7));
    CHECK(shown("\"harbour report 7\"") ==
          "Harbour report 7 | The harbour cranes moved 49 containers in the rain.");
    // A later run keeps the database's dictionary and compresses with it from the start.
    archive.write("more.jsonl", "{\"title\": \"Dock strike ends\", \"date\": \"2024-06-01\", "
                                "\"body\": \"Work resumed at the port on Monday.\"}\n");
    CHECK(archive.index().articles_indexed == 1);
    const auto [after, compressed_after] = dictionary_and_compressed();
    CHECK(after == dictionaries);
    CHECK(compressed_after == compressed + 1);
    CHECK(shown("dock strike") == "Dock strike ends | Work resumed at the port on Monday.");
}

TEST_CASE("a lone article in another language is weighted within its language",
          "[integration][languages]") {
    Archive archive("lone");
    for (int i = 0; i < 12; ++i) {
        archive.write(fmt::format("en{:02}.txt", i),
                      i < 4 ? fmt::format("date 2024-02-{:02} Oil prices move {}\n\nOil prices rose as "
                                          "traders weighed supply from the Gulf.\n", i + 1, i)
                            : fmt::format("date 2024-02-{:02} Harbour report {}\n\nThe harbour cranes "
                                          "moved {} containers in the rain.\n", i + 1, i, i * 7));
    }
    archive.write("de.txt",
                  "date 2024-02-20 Die Ölpreise steigen weiter\n\n"
                  "Die Händler sprechen von oil prices auf Rekordniveau, und die Regierung will "
                  "die Steuern auf Benzin und Heizöl senken, bevor der Winter beginnt.\n");
    archive.index();
    const SearchResults results = search(archive, "oil prices");
    REQUIRE(results.hits.size() == 5);
    // "prices" stems to a word only the German article has; over the whole database that rare
    // stem would put it first. Within German articles it is as common as can be.
    CHECK(results.hits.front().language == "en");
    CHECK(results.hits.back().language == "de");
}
