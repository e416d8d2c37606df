//! Tests of the input sources: plain files, gzip (multi-member, truncated), tar, tar.gz and zip
//! archives member by member (tests/data/readers/archives), and the broken set
//! (tests/data/broken) through the whole indexing pipeline: every problem reported once, with
//! its path and line, and every good article kept.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <zlib.h>

#include <catch2/catch.hpp>

#include "../test_support.hpp"
#include "errors.hpp"
#include "index_writer.hpp"
#include "input_source.hpp"
#include "reader.hpp"

namespace {

namespace fs = std::filesystem;
using gazette::Article;

struct Input {
    std::string path;  // the display path, relative to the fixture folder
    std::string text;
};

std::string fixture(const std::string& name) { return gazette::test::fixture(name).string(); }

/// The display path without the fixture folder in front.
std::string relative(const std::string& display) {
    const auto root = gazette::test::fixture("").string();
    return display.starts_with(root) ? display.substr(root.size()) : display;
}

/// Every input of a file with its whole text.
std::vector<Input> inputs_of(const std::string& name,
                             std::vector<std::string>* problems = nullptr) {
    std::vector<Input> inputs;
    gazette::for_each_input(
        fixture(name),
        [&](const std::string& display, std::istream& in) {
            std::ostringstream text;
            text << in.rdbuf();
            inputs.push_back(Input{relative(display), text.str()});
            return true;
        },
        [&](const std::string& message) {
            if (problems) problems->push_back(relative(message));
        });
    return inputs;
}

struct Read {
    std::vector<Article> articles;
    std::vector<std::string> problems;
};

/// Reads a file as the index writer does: each input through open_reader(), an InputError
/// ending that input only.
Read read_all(const std::string& name) {
    Read result;
    auto problem = [&](const std::string& message) {
        result.problems.push_back(relative(message));
    };
    gazette::for_each_input(
        fixture(name),
        [&](const std::string& display, std::istream& in) {
            try {
                auto reader = gazette::open_reader(in, relative(display), {}, problem);
                Article article;
                while (reader->next(article)) result.articles.push_back(article);
            } catch (const gazette::InputError& error) {
                problem(error.what());
            }
            return true;
        },
        problem);
    return result;
}

std::vector<std::string> ids(const Read& read) {
    std::vector<std::string> out;
    for (const auto& a : read.articles) out.push_back(a.id);
    return out;
}

const char* kFerry =
    "Harbour ferry adds a late sailing\n\nThe harbour ferry will run a late sailing on Fridays "
    "from June.\n";

}  // namespace

TEST_CASE("inputs: a plain file is one input under its own path", "[unit][readers]") {
    const auto inputs = inputs_of("readers/text/orchard.txt");
    REQUIRE(inputs.size() == 1);
    CHECK(inputs[0].path == "readers/text/orchard.txt");
    std::ifstream file(fixture("readers/text/orchard.txt"), std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    CHECK(inputs[0].text == text.str());
}

TEST_CASE("inputs: a .gz is one input; its inner name gives the format", "[unit][readers]") {
    const auto r = read_all("readers/archives/feed.jsonl.gz");
    CHECK(r.problems.empty());
    CHECK(ids(r) == std::vector<std::string>{"readers/archives/feed.jsonl.gz#f-1",
                                             "readers/archives/feed.jsonl.gz#f-2"});
    CHECK(r.articles[1].title == "Bus depot gets solar roof");
}

TEST_CASE("inputs: gzip members follow one another; trailing zeros end the data",
          "[unit][readers]") {
    std::vector<std::string> problems;
    const auto inputs = inputs_of("readers/archives/two-members.txt.gz", &problems);
    CHECK(problems.empty());
    REQUIRE(inputs.size() == 1);
    CHECK(inputs[0].text ==
          "Two-part wire story\n\nThe first half of the text came in one gzip member.\n"
          "The second half came in another member.\n");
}

TEST_CASE("inputs: tar, tar.gz and zip give one input per member", "[unit][readers]") {
    for (const std::string name : {"stories.tar", "stories.tar.gz", "stories.zip"}) {
        INFO(name);
        const std::string archive = "readers/archives/" + name;
        std::vector<std::string> problems;
        const auto inputs = inputs_of(archive, &problems);
        CHECK(problems.empty());
        // Folders, hidden files and __MACOSX are left out.
        REQUIRE(inputs.size() == 2);
        CHECK(inputs[0].path == archive + "!stories/ferry.txt");
        CHECK(inputs[0].text == kFerry);
        CHECK(inputs[1].path == archive + "!stories/feed.jsonl");

        const auto r = read_all(archive);
        CHECK(r.problems.empty());
        CHECK(ids(r) == std::vector<std::string>{archive + "!stories/ferry.txt",
                                                 archive + "!stories/feed.jsonl#f-1",
                                                 archive + "!stories/feed.jsonl#f-2"});
        CHECK(r.articles[0].path == archive + "!stories/ferry.txt");
        CHECK(r.articles[0].title == "Harbour ferry adds a late sailing");
        CHECK(r.articles[2].line == 2);
    }
}

TEST_CASE("inputs: the visitor can stop before the next member", "[unit][readers]") {
    std::vector<std::string> seen;
    gazette::for_each_input(fixture("readers/archives/stories.zip"),
                            [&](const std::string& display, std::istream&) {
                                seen.push_back(relative(display));
                                return false;
                            },
                            {});
    CHECK(seen == std::vector<std::string>{"readers/archives/stories.zip!stories/ferry.txt"});
}

TEST_CASE("inputs: a truncated gzip keeps every record before the cut", "[unit][readers]") {
    const auto r = read_all("broken/truncated.jsonl.gz");
    // The complete lines are read; the line cut in half is not, and is not reported on its own.
    REQUIRE(r.articles.size() == 37);
    CHECK(r.articles.back().id == "broken/truncated.jsonl.gz#t-37");
    CHECK(r.problems ==
          std::vector<std::string>{"broken/truncated.jsonl.gz: truncated or damaged (unexpected "
                                   "end of gzip data); what came before is kept"});
}

TEST_CASE("inputs: a truncated tar.gz keeps the members before the cut", "[unit][readers]") {
    const auto r = read_all("broken/truncated.tar.gz");
    CHECK(ids(r) == std::vector<std::string>{"broken/truncated.tar.gz!batch/one.txt",
                                             "broken/truncated.tar.gz!batch/two.txt"});
    CHECK(r.problems ==
          std::vector<std::string>{"broken/truncated.tar.gz!batch/three.txt: truncated or damaged "
                                   "(unexpected end of gzip data); what came before is kept"});
}

TEST_CASE("inputs: damage is thrown as DamagedInputError after the good bytes", "[unit][readers]") {
    std::string text;
    bool damaged = false;
    gazette::for_each_input(fixture("broken/truncated.jsonl.gz"),
                            [&](const std::string&, std::istream& in) {
                                try {
                                    std::string line;
                                    while (std::getline(in, line)) text += line + "\n";
                                } catch (const gazette::DamagedInputError&) {
                                    damaged = true;
                                }
                                return true;
                            },
                            {});
    CHECK(damaged);
    CHECK(text.starts_with("{\"id\": \"t-1\""));
}

TEST_CASE("inputs: a file that cannot be opened is an InputError", "[unit][readers]") {
    try {
        gazette::for_each_input("/nonexistent/gazette/x.tar.gz",
                                [](const std::string&, std::istream&) { return true; }, {});
        FAIL("no InputError");
    } catch (const gazette::InputError& error) {
        CHECK(std::string(error.what()) ==
              "/nonexistent/gazette/x.tar.gz: cannot open: No such file or directory");
    }
}

namespace {

/// A scratch folder removed at the end of the test.
class Scratch {
  public:
    explicit Scratch(const std::string& name)
        : root_(fs::temp_directory_path() / ("gazette-inputs-" + name + "-" + std::to_string(::getpid()))) {
        fs::remove_all(root_);
        fs::create_directories(root_);
    }
    ~Scratch() { fs::remove_all(root_); }
    fs::path operator/(const std::string& name) const { return root_ / name; }

  private:
    fs::path root_;
};

}  // namespace

TEST_CASE("inputs: a small .gz cut short keeps the lines before the cut", "[unit][readers]") {
    // Smaller than the readers' 8 KiB head: the damage is met while the head is read, and the
    // lines before it are still read first.
    const Scratch scratch("small-gz");
    const auto path = (scratch / "feed.jsonl.gz").string();
    std::string text;
    for (int i = 1; i <= 40; ++i) {
        text += "{\"id\": " + std::to_string(i) + ", \"title\": \"Story " + std::to_string(i) +
                " of the small feed\"}\n";
    }
    {
        gzFile out = gzopen(path.c_str(), "wb");
        REQUIRE(out != nullptr);
        gzwrite(out, text.data(), static_cast<unsigned>(text.size()));
        gzclose(out);
    }
    fs::resize_file(path, fs::file_size(path) - 12);  // the trailer and a little data
    std::vector<std::string> problems;
    std::size_t articles = 0;
    gazette::for_each_input(path,
                            [&](const std::string& display, std::istream& in) {
                                try {
                                    auto reader = gazette::open_reader(
                                        in, display, {},
                                        [&](const std::string& m) { problems.push_back(m); });
                                    Article article;
                                    while (reader->next(article)) ++articles;
                                } catch (const gazette::DamagedInputError& error) {
                                    problems.push_back(error.what());
                                }
                                return true;
                            },
                            {});
    CHECK(articles >= 38);
    CHECK(articles < 40);
    CHECK(problems == std::vector<std::string>{path + ": truncated or damaged (unexpected end of "
                                                      "gzip data); what came before is kept"});
}

TEST_CASE("inputs: the broken set through the indexer, every problem once",
          "[integration][readers]") {
    const Scratch scratch("broken");
    gazette::IndexOptions options;
    options.db_path = (scratch / "db").string();
    options.inputs = {gazette::test::fixture("broken").string()};
    options.threads = 2;
    const auto summary = gazette::run_index(options);

    const std::string dir =
        fs::absolute(gazette::test::fixture("broken")).lexically_normal().string();
    auto problems = summary.problems;
    for (auto& p : problems) {
        if (p.starts_with(dir)) p = p.substr(dir.size() + 1);
    }
    std::sort(problems.begin(), problems.end());
    CHECK(problems ==
          std::vector<std::string>{
              "binary.dat: binary data (NUL bytes in the first 8 KiB)",
              "broken-quote.csv:3: 3 fields where 2 were expected; line skipped (an unclosed "
              "quote?)",
              "empty.txt: empty file",
              "mixed.jsonl:2: invalid JSON: column 78: syntax error while parsing value - invalid "
              "string: missing closing quote; last read: '\"this string never ends...",
              "mixed.jsonl:4: invalid JSON: not an object but array",
              "mixed.jsonl:5: invalid JSON: column 41: syntax error while parsing object key - "
              "unexpected '}'; expected string literal",
              "nested.html:7: tags nested deeper than 256 levels; the deeper tags are ignored, "
              "their text is kept",
              "truncated.jsonl.gz: truncated or damaged (unexpected end of gzip data); what came "
              "before is kept",
              "truncated.sgm:16: <REUTERS> story not closed before the end of the file "
              "(truncated?)",
              "truncated.tar.gz!batch/three.txt: truncated or damaged (unexpected end of gzip "
              "data); what came before is kept",
          });
    // Good articles: 3 CSV records, the repaired text, 3 JSON lines, the page, 37 lines before
    // the gzip cut, 2 Reuters stories, 2 tar members.
    CHECK(summary.articles_indexed == 49);
    CHECK(summary.articles_in_database == 49);
    // Only the binary file fails (and is retried next time); damaged files keep what they hold.
    CHECK(summary.files_failed == 1);
    CHECK(summary.files_indexed == 8);
}

TEST_CASE("inputs: a 100 MB one-line file is skipped line by line", "[slow][readers]") {
    const Scratch scratch("big");
    const auto path = scratch / "big.txt";
    {
        std::ofstream out(path, std::ios::binary);
        const std::string block(std::size_t{1} << 20, 'x');
        for (int i = 0; i < 100; ++i) out << block;
        out << "\nA title after the long line\n\nAnd a body.\n";
    }
    std::vector<std::string> problems;
    std::vector<Article> articles;
    gazette::for_each_input(path.string(),
                            [&](const std::string& display, std::istream& in) {
                                auto reader = gazette::open_reader(
                                    in, display, {},
                                    [&](const std::string& m) { problems.push_back(m); });
                                Article article;
                                while (reader->next(article)) articles.push_back(article);
                                return true;
                            },
                            {});
    CHECK(problems ==
          std::vector<std::string>{path.string() + ":1: line longer than 16 MiB skipped"});
    REQUIRE(articles.size() == 1);
    CHECK(articles[0].title == "A title after the long line");
    CHECK(articles[0].line == 2);
}

TEST_CASE("files are opened without following a link on their way", "[unit][input]") {
    const fs::path root =
        fs::temp_directory_path() / ("gazette-open-without-links-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root / "tree" / "folder");
    fs::create_directories(root / "outside");
    std::ofstream(root / "tree" / "folder" / "a.txt") << "inside\n";
    std::ofstream(root / "outside" / "a.txt") << "outside\n";
    const auto read_all = [](const fs::path& path) {
        gazette::FileHandle file = gazette::open_without_links(path.string(), "shown");
        std::string text;
        gazette::for_each_input(path.string(), file, [&](const std::string&, std::istream& in) {
            text.assign(std::istreambuf_iterator<char>(in), {});
            return true;
        }, {});
        return text;
    };
    CHECK(read_all(root / "tree" / "folder" / "a.txt") == "inside\n");

    // The file swapped for a link: refused.
    fs::rename(root / "tree" / "folder" / "a.txt", root / "tree" / "folder" / "old.txt");
    fs::create_symlink(root / "outside" / "a.txt", root / "tree" / "folder" / "a.txt");
    CHECK_THROWS_WITH(read_all(root / "tree" / "folder" / "a.txt"),
                      Catch::Contains("shown: cannot open: 'a.txt' is a symbolic link now"));
    // A folder on the way swapped for a link: refused too.
    fs::rename(root / "tree" / "folder", root / "tree" / "moved");
    fs::create_symlink(root / "outside", root / "tree" / "folder");
    CHECK_THROWS_WITH(read_all(root / "tree" / "folder" / "a.txt"),
                      Catch::Contains("'folder' is a symbolic link now"));
    // Anything but a regular file (a FIFO would block) is refused without blocking.
    REQUIRE(::mkfifo((root / "tree" / "fifo").c_str(), 0600) == 0);
    CHECK_THROWS_WITH(read_all(root / "tree" / "fifo"), Catch::Contains("not a regular file"));
    fs::remove_all(root);
}
