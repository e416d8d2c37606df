// Readers while a writer commits: searches, statistics and batches read one revision each and
// never fail because gazette-index commits under them, however small its commits.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "batch.hpp"
#include "errors.hpp"
#include "index_writer.hpp"
#include "printers.hpp"
#include "schema.hpp"
#include "searcher.hpp"

using namespace gazette;
namespace fs = std::filesystem;

namespace {

/// A scratch folder of `files` small stories, each with a few paragraphs of common words, so
/// that every commit rewrites the postings the readers' queries read.
class Stories {
  public:
    Stories(const std::string& name, int files)
        : root_(fs::temp_directory_path() / ("gazette-concurrent-" + name + "-" + std::to_string(::getpid()))) {
        fs::remove_all(root_);
        fs::create_directories(root_ / "news");
        for (int i = 0; i < files; ++i) {
            std::ofstream out(root_ / "news" / ("story-" + std::to_string(1000 + i) + ".txt"));
            out << "date 2024-03-" << (i % 28 + 1) << " Harbour report " << i << "\n\n";
            for (int p = 0; p < 4; ++p) {
                out << "The harbour authority said oil prices and interest rates moved as cargo "
                    << "ships number " << i * 7 + p << " waited for the tide in paragraph " << p
                    << ".\n\n";
            }
        }
    }
    ~Stories() { fs::remove_all(root_); }

    std::string db() const { return (root_ / "db").string(); }
    IndexOptions options(unsigned threads, std::uint64_t commit_every) const {
        IndexOptions o;
        o.db_path = db();
        o.inputs = {(root_ / "news").string()};
        o.threads = threads;
        o.commit_every_articles = commit_every;
        o.reference_date = Date{2024, 6, 1};
        return o;
    }

  private:
    fs::path root_;
};

/// Prints nothing; counts the queries it is given.
class CountingPrinter : public ResultPrinter {
  public:
    void print(const std::string&, const SearchResults&) override { ++printed; }
    std::size_t printed = 0;
};

}  // namespace

TEST_CASE("searches and stats and batches never fail while the indexer commits every 2 articles",
          "[integration]") {
    Stories stories("readers", 500);
    // A first file, so that the readers have a database to open.
    IndexOptions first = stories.options(2, 1000);
    first.inputs = {first.inputs.front() + "/story-1000.txt"};
    run_index(first);

    std::atomic<bool> done{false};
    std::thread writer([&] {
        run_index(stories.options(2, 2));
        done = true;
    });
    std::vector<Topic> topics;
    for (const char* q : {"oil prices", "harbour authority", "cargo ships tide", "interest rates"}) {
        topics.push_back({std::to_string(topics.size() + 1), q, topics.size() + 1});
    }
    std::size_t reads = 0;
    std::size_t failures = 0;
    std::string first_failure;
    while (!done || reads < 30) {
        try {
            Searcher searcher(stories.db());
            SearchRequest request;
            request.query = "oil prices harbour";
            searcher.search(request);
            searcher.stats();
            BatchOptions options;
            options.db_path = stories.db();
            options.threads = 2;
            CountingPrinter printer;
            const BatchSummary summary = run_batch(topics, options, printer, [&](const std::string& e) {
                if (first_failure.empty()) first_failure = e;
            });
            failures += summary.failed;
            reads += 3;
        } catch (const IndexError& e) {
            ++failures;
            if (first_failure.empty()) first_failure = e.what();
        }
    }
    writer.join();
    INFO(first_failure);
    CHECK(failures == 0);
    CHECK(reads >= 30);
    // And the readers see the finished database.
    Searcher searcher(stories.db());
    CHECK(searcher.stats().articles == 500);
}

TEST_CASE("a searcher opened before several commits reads the newest revision", "[integration]") {
    Stories stories("reopen", 60);
    run_index(stories.options(1, 1000));
    Searcher searcher(stories.db());
    searcher.hold_lengths_in_memory();
    {
        // Three commits that rewrite every block the searcher's revision used: Xapian then
        // refuses to read that revision any further.
        Xapian::WritableDatabase db(schema::shard_paths(stories.db()).front(), Xapian::DB_OPEN);
        for (int round = 0; round < 3; ++round) {
            for (Xapian::docid did = 1; did <= 20; ++did) {
                Xapian::Document doc = db.get_document(did);
                doc.add_term("oil", 1);
                db.replace_document(did, doc);
            }
            db.commit();
        }
    }
    SearchRequest request;
    request.query = "oil";
    request.collapse = false;  // the articles are copies of each other: count every one
    const SearchResults results = searcher.search(request);
    CHECK(results.matches_estimated == 60);
    CHECK(searcher.stats().articles == 60);
}
