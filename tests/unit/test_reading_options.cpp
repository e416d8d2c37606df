//! Tests of reading options per file (indexer/reading_options.hpp): the options a file's
//! record keeps, options files and their patterns, and through run_index(): a file indexed with
//! other options is read again (never duplicated), --force reads everything again, and a field
//! mapping an input lacks is warned about once per run.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "errors.hpp"
#include "index_writer.hpp"
#include "reading_options.hpp"
#include "schema.hpp"

namespace {

namespace fs = std::filesystem;
using gazette::DateSource;
using gazette::OptionsFile;
using gazette::ReadingOptions;

/// A scratch folder, removed at the end of the test.
class Scratch {
  public:
    explicit Scratch(const std::string& name)
        : root_(fs::temp_directory_path() /
                ("gazette-ro-" + name + "-" + std::to_string(::getpid()))) {
        fs::remove_all(root_);
        fs::create_directories(root_);
    }
    ~Scratch() { fs::remove_all(root_); }

    std::string write(const std::string& relative, const std::string& text) const {
        const fs::path path = root_ / relative;
        fs::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << text;
        return path.string();
    }
    std::string path(const std::string& relative = "") const { return (root_ / relative).string(); }

  private:
    fs::path root_;
};

/// Every "file:" record of the database at `db`, shard by shard.
std::vector<std::string> file_records(const std::string& db) {
    std::vector<std::string> records;
    for (const auto& entry : fs::directory_iterator(db)) {
        if (!entry.is_directory() || !entry.path().filename().string().starts_with("shard-")) continue;
        Xapian::Database shard(entry.path().string());
        const std::string prefix(gazette::schema::kFileKeyPrefix);
        for (auto it = shard.metadata_keys_begin(prefix); it != shard.metadata_keys_end(prefix);
             ++it) {
            records.push_back(shard.get_metadata(*it));
        }
    }
    std::sort(records.begin(), records.end());
    return records;
}

std::size_t count_containing(const std::vector<std::string>& lines, const std::string& part) {
    return static_cast<std::size_t>(std::count_if(lines.begin(), lines.end(), [&](const auto& line) {
        return line.find(part) != std::string::npos;
    }));
}

gazette::IndexOptions options_for_db(const Scratch& scratch, const std::string& input) {
    gazette::IndexOptions options;
    options.db_path = scratch.path("db");
    options.inputs = {scratch.path(input)};
    options.threads = 2;
    return options;
}

}  // namespace

TEST_CASE("reading options: the defaults have no fingerprint; others a stable one", "[unit]") {
    ReadingOptions defaults;
    CHECK(defaults.canonical().empty());
    CHECK(defaults.fingerprint().empty());

    ReadingOptions csv;
    csv.reader.format = "CSV";
    csv.reader.fields = {{"title", "1"}, {"date", "2"}};
    csv.language = "fr";
    CHECK(csv.canonical() ==
          R"({"fields":{"date":"2","title":"1"},"format":"csv","language":"fr"})");
    CHECK(csv.fingerprint().size() == 16);

    ReadingOptions same = csv;
    same.reader.format = "csv";
    same.fields_origin = "/elsewhere/.gazette.json";  // where it was said does not matter
    CHECK(same.fingerprint() == csv.fingerprint());

    ReadingOptions other = csv;
    other.date_sources = {DateSource::header};
    CHECK(other.fingerprint() != csv.fingerprint());
    other.date_sources = {};
    CHECK(other.canonical().find(R"("date_sources":"none")") != std::string::npos);
}

TEST_CASE("options files: settings for all files, then matching patterns, inner folders last",
          "[unit]") {
    Scratch scratch("files");
    const auto outer = scratch.write(".gazette.json", R"({
        // comments are allowed
        "language": "german",
        "fields": {"title": "headline"},
        "files": [{"match": "*.jsonl", "language": "es", "date_sources": ["header"]},
                  {"match": "feeds/*", "format": "jsonl"}]
    })");
    const auto inner = scratch.write("sub/.gazette.json",
                                     R"({"fields": {"body": "2"}, "delimiter": "tab", "header": false})");
    gazette::OptionsChain chain;
    chain.push_back(std::make_shared<const OptionsFile>(OptionsFile::read(outer, scratch.path())));
    const ReadingOptions base;

    const auto top = gazette::options_for(base, chain, scratch.path("a.csv"));
    CHECK(top.language == "de");
    CHECK(top.reader.fields == std::map<std::string, std::string>{{"title", "headline"}});
    CHECK(top.fields_origin == outer);
    CHECK(top.date_sources == base.date_sources);

    const auto feed = gazette::options_for(base, chain, scratch.path("feeds/x/news.jsonl"));
    CHECK(feed.language == "es");  // '*' matches across folders
    CHECK(feed.reader.format == "jsonl");
    CHECK(feed.date_sources == std::vector<DateSource>{DateSource::header});

    chain.push_back(
        std::make_shared<const OptionsFile>(OptionsFile::read(inner, scratch.path("sub"))));
    const auto deep = gazette::options_for(base, chain, scratch.path("sub/b.tsv"));
    CHECK(deep.language == "de");
    // A mapping replaces the one above as a whole: one mapping describes one layout.
    CHECK(deep.reader.fields == std::map<std::string, std::string>{{"body", "2"}});
    CHECK(deep.fields_origin == inner);
    CHECK(deep.reader.delimiter == '\t');
    CHECK(deep.reader.header == std::optional<bool>(false));
}

TEST_CASE("options files: what is not understood is a usage error naming the file", "[unit]") {
    Scratch scratch("bad");
    const auto refused = [&](const std::string& text) {
        const auto path = scratch.write(".gazette.json", text);
        try {
            OptionsFile::read(path, scratch.path());
        } catch (const gazette::UsageError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    const std::string at = scratch.path(".gazette.json") + ": ";
    CHECK(refused(R"({"feilds": {}})").starts_with(at + "unknown key 'feilds' (known keys: format"));
    CHECK(refused(R"({"format": "pdf"})").starts_with(at + "unknown format 'pdf'"));
    CHECK(refused(R"({"fields": {"author": "by"}})").starts_with(at + "unknown field 'author'"));
    CHECK(refused(R"({"language": "klingon"})") == at + "unknown language 'klingon'");
    CHECK(refused("{\"format\": \"csv\",\n \"quote\": }") ==
          at + "not valid JSON: parse error at line 2, column 11: syntax error while parsing "
               "value - unexpected '}'; expected '[', '{', or a literal");
    CHECK(refused(R"({"files": [{"language": "fr"}]})") ==
          at + "each 'files' entry takes \"match\": a file name pattern");
    CHECK(refused(R"({"header": "yes"})") == at + "'header' takes true, false or null (detect)");
    CHECK(refused(R"({"language": "detect", "date_sources": "none"})") == "accepted");
}

TEST_CASE("run_index: a file indexed with other reading options is read again, once",
          "[integration]") {
    Scratch scratch("reread");
    scratch.write("news/a.csv", "headline,story\nHarbour reopens,Boats are back in the harbour.\n");
    scratch.write("news/b.txt", "Market day\n\nStalls fill the square.\n");
    auto options = options_for_db(scratch, "news");

    auto first = gazette::run_index(options);
    CHECK(first.files_indexed == 2);
    CHECK(first.articles_in_database == 2);
    // With the defaults a record is what it was before options were kept.
    for (const auto& record : file_records(scratch.path("db"))) {
        CHECK(record.find(" o=") == std::string::npos);
    }
    CHECK(gazette::run_index(options).files_unchanged == 2);

    // The same files read with --language french: both are read again and replaced.
    options.build.default_language = "french";
    options.detect_language = false;
    auto again = gazette::run_index(options);
    CHECK(again.files_options_changed == 2);
    CHECK(again.files_indexed == 2);
    CHECK(again.articles_in_database == 2);
    CHECK(count_containing(file_records(scratch.path("db")), " o=") == 2);
    CHECK(gazette::run_index(options).files_unchanged == 2);

    // An options file changes the options of the files under it only.
    scratch.write("news/.gazette.json", R"({"files": [{"match": "*.csv", "date_sources": "none"}]})");
    auto csv_only = gazette::run_index(options);
    CHECK(csv_only.files_options_changed == 1);
    CHECK(csv_only.files_indexed == 1);
    CHECK(csv_only.files_unchanged == 1);
    CHECK(csv_only.articles_in_database == 2);

    // --force reads everything given again, replacing, never duplicating.
    options.force = true;
    auto forced = gazette::run_index(options);
    CHECK(forced.files_indexed == 2);
    CHECK(forced.files_unchanged == 0);
    CHECK(forced.files_options_changed == 0);
    CHECK(forced.articles_in_database == 2);
}

TEST_CASE("run_index: a field mapping inputs lack is warned about once per run", "[integration]") {
    Scratch scratch("fields");
    for (int n = 0; n < 12; ++n) {
        scratch.write("news/" + std::to_string(n) + ".csv",
                      "title,text\nStory " + std::to_string(n) + ",Words of the story.\n");
    }
    scratch.write("news/other.csv", "headline,text\nOther story,More words.\n");
    auto options = options_for_db(scratch, "news");
    options.reader.fields = {{"title", "headline"}, {"body", "story"}};
    const auto summary = gazette::run_index(options);
    const std::string db_news = scratch.path("news");
    CHECK(count_containing(summary.problems, "--field") == 2);
    CHECK(count_containing(summary.problems, "no column") == 2);  // only in those two lines
    CHECK(count_containing(summary.problems,
                           "--field body=story: no input has that field (13 read; first: " +
                               db_news + "/0.csv: no column 'story' (columns: title, text))") == 1);
    CHECK(count_containing(summary.problems,
                           "--field title=headline: 12 of 13 inputs read lack that field (first: " +
                               db_news + "/0.csv: no column 'headline'") == 1);

    // A mapping no input could use (no CSV or JSON Lines read) says so.
    Scratch text("fields-text");
    text.write("news/a.txt", "Market day\n\nStalls fill the square.\n");
    auto plain = options_for_db(text, "news");
    plain.reader.fields = {{"title", "headline"}};
    const auto unused = gazette::run_index(plain);
    CHECK(count_containing(unused.problems, "--field title=headline: no input was read as CSV or "
                                            "JSON Lines, the formats a field mapping applies to; "
                                            "not used") == 1);
}
