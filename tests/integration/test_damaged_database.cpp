// Damaged databases through the library: every public entry point reports Gazette's own errors,
// never a raw Xapian::Error, and the indexer writes nothing into a database it refused.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

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

/// A small database of one shard in a scratch folder, and damaged copies of it.
class Damage {
  public:
    /// `name` keeps the folders of tests that ctest runs at the same time apart.
    explicit Damage(const std::string& name)
        : root_(fs::temp_directory_path() / ("gazette-damage-" + name + "-" + std::to_string(::getpid()))) {
        fs::remove_all(root_);
        fs::create_directories(root_ / "news");
        for (int i = 0; i < 40; ++i) {
            std::ofstream(root_ / "news" / ("story-" + std::to_string(i) + ".txt"))
                << "date 2024-02-" << (i % 28 + 10) << " Harbour story " << i << "\n\n"
                << "The harbour authority reported cargo number " << i
                << " and cocoa shipments, with ships waiting for the tide at the quay.\n";
        }
        run_index(options(good()));
    }
    ~Damage() { fs::remove_all(root_); }

    std::string good() const { return (root_ / "good").string(); }
    std::string copy() const {
        const fs::path d = root_ / "copy";
        fs::remove_all(d);
        fs::copy(good(), d, fs::copy_options::recursive);
        return d.string();
    }
    IndexOptions options(const std::string& db) const {
        IndexOptions o;
        o.db_path = db;
        o.inputs = {(root_ / "news").string()};
        o.threads = 1;
        return o;
    }
    std::string news_file(int i) const { return (root_ / "news" / ("story-" + std::to_string(i) + ".txt")).string(); }

  private:
    fs::path root_;
};

/// Every file of the database and its bytes.
std::map<std::string, std::string> contents(const std::string& db) {
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(db)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        files[entry.path().string()] = std::string(std::istreambuf_iterator<char>(in), {});
    }
    return files;
}

void zero_block(const std::string& file, std::uintmax_t block) {
    std::fstream out(file, std::ios::in | std::ios::out | std::ios::binary);
    out.seekp(static_cast<std::streamoff>(block * 8192));
    const std::string zeros(8192, '\0');
    out.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
}

/// Runs what the CLIs run over `db`: a search, stats, a batch and an indexing run. Any error
/// must be one of Gazette's (an IndexError); returns how many of them failed.
int run_everything(const Damage& damage, const std::string& db) {
    int failures = 0;
    const auto expect_gazette_error = [&](const auto& work) {
        try {
            work();
        } catch (const IndexError& e) {
            INFO(e.what());
            CHECK(std::string(e.what()).starts_with(db + ": "));
            ++failures;
        }
    };
    expect_gazette_error([&] {
        Searcher searcher(db);
        SearchRequest request;
        request.query = "harbour cocoa";
        searcher.search(request);
        searcher.stats();
        searcher.hold_lengths_in_memory();
        searcher.reopen();
    });
    expect_gazette_error([&] {
        BatchOptions options;
        options.db_path = db;
        std::ostringstream out;
        auto printer = make_printer(OutputFormat::trec, out, {});
        run_batch({{"1", "cocoa", 1}, {"2", "quay tide", 2}}, options, *printer, {});
    });
    expect_gazette_error([&] {
        std::ofstream(damage.news_file(3), std::ios::app) << "An update to story three.\n";
        run_index(damage.options(db));
    });
    return failures;
}

}  // namespace

TEST_CASE("damage found at opening is refused before anything is written", "[integration]") {
    Damage damage("opening");
    const auto refused = [&](const std::string& db, const std::string& message) {
        const auto before = contents(db);
        CHECK_THROWS_WITH(Searcher(db), Catch::Contains(message));
        CHECK_THROWS_WITH(schema::open_for_writing(db, {2, {}}), Catch::Contains(message));
        CHECK_THROWS_WITH(run_index(damage.options(db)), Catch::Contains(message));
        CHECK(contents(db) == before);
    };
    std::string db = damage.copy();
    fs::resize_file(db + "/shard-0/postlist.glass", fs::file_size(db + "/shard-0/postlist.glass") - 8192);
    refused(db, db + ": shard-0 is damaged: postlist.glass is truncated");

    db = damage.copy();
    fs::remove(db + "/shard-0/iamglass");
    refused(db, db + ": shard-0 is damaged: iamglass, its revision file, is missing");

    db = damage.copy();
    fs::remove(db + "/shard-0/docdata.glass");
    refused(db, db + ": shard-0 is damaged: docdata.glass is missing");

    db = damage.copy();
    for (const auto& entry : fs::directory_iterator(db + "/shard-0")) fs::remove(entry.path());
    refused(db, db + ": shard-0 is empty");

    db = damage.copy();
    {
        Xapian::WritableDatabase shard(db + "/shard-0");
        shard.set_metadata(std::string(schema::kSchemaKey), "three");
        shard.commit();
    }
    refused(db, db + ": shard-0 is damaged: its schema version (gazette.schema) reads 'three'");
}

TEST_CASE("a block damaged in place fails what reads it with Gazette's errors only", "[integration]") {
    Damage damage("in-place");
    // Damage Xapian cannot see at opening: each block of each table zeroed in turn. Whatever
    // reaches one is reported as an IndexError naming the database; nothing raw escapes.
    int failed = 0;
    for (const char* table : {"postlist", "termlist", "docdata"}) {
        const std::uintmax_t blocks =
            fs::file_size(damage.good() + "/shard-0/" + table + ".glass") / 8192;
        for (std::uintmax_t block = 0; block < blocks; ++block) {
            const std::string db = damage.copy();
            zero_block(db + "/shard-0/" + table + ".glass", block);
            INFO(table << " block " << block);
            failed += run_everything(damage, db);
        }
    }
    CHECK(failed > 0);  // some damage was met, so the checks above checked something
}
