// The shared command-line layer (cli/): numbers and their ranges, usage messages for CLI11's
// parse errors, and the exit status each kind of error maps to.
#include <cerrno>
#include <new>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "errors.hpp"
#include "program.hpp"

using namespace gazette;

namespace {

/// The usage message for parsing `args` with `app`, or "" when they parse.
std::string usage_message(CLI::App& app, std::vector<std::string> args) {
    std::reverse(args.begin(), args.end());  // CLI11 takes a vector in reverse order
    try {
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        return cli::describe_parse_error(app, e);
    }
    return "";
}

}  // namespace

TEST_CASE("numbers are read whole, of the option's kind, within its range", "[unit][cli]") {
    const cli::Range<std::size_t> count{0, 100};
    std::size_t n = 7;
    CHECK(cli::parse_number("42", count, n));
    CHECK(n == 42);
    CHECK(cli::parse_number("0", count, n));
    CHECK(cli::parse_number("100", count, n));  // both ends included
    n = 7;
    for (const char* bad : {"-1", "101", "2.5", "1e2", "", " 1", "1 ", "abc", "0x10", "+3"}) {
        INFO(bad);
        CHECK_FALSE(cli::parse_number(bad, count, n));
        CHECK(n == 7);  // unchanged
    }
    const cli::Range<double> share{0, 1};
    double w = 0.5;
    CHECK(cli::parse_number("0.95", share, w));
    CHECK(w == 0.95);
    CHECK(cli::parse_number("1e-3", share, w));
    for (const char* bad : {"nan", "inf", "-0.1", "1.01", "2", ".", "0.5x"}) {
        INFO(bad);
        CHECK_FALSE(cli::parse_number(bad, share, w));
    }
    CHECK(cli::describe_range(count) == "a whole number from 0 to 100");
    CHECK(cli::describe_range(share) == "a number from 0 to 1");
    CHECK(cli::describe_range(cli::Range<double>{0, 1.5}) == "a number from 0 to 1.5");
}

TEST_CASE("parse errors become one line saying what to do", "[unit][cli]") {
    CLI::App app{"test", "gazette-test"};
    std::vector<std::string> words;
    std::string limit;
    app.add_option("query", words, "words");
    app.add_option("-n,--limit", limit, "limit");
    auto* verbose = app.add_flag("-v,--verbose")->description("more");
    auto* quiet = app.add_flag("-q,--quiet")->description("less");
    verbose->excludes(quiet);
    bool json = false;
    app.add_flag("--json", json, "json");

    CHECK(usage_message(app, {"--limt", "5", "x"}) == "unknown option '--limt' (did you mean '--limit'?)");
    CHECK(usage_message(app, {"--lmiit=5"}) == "unknown option '--lmiit' (did you mean '--limit'?)");
    CHECK(usage_message(app, {"--lim", "5"}) == "unknown option '--lim' (did you mean '--limit'?)");
    CHECK(usage_message(app, {"--verbos"}) == "unknown option '--verbos' (did you mean '--verbose'?)");
    CHECK(usage_message(app, {"--colour"}) == "unknown option '--colour' (see --help)");
    CHECK(usage_message(app, {"cocoa", "-sugar"}) ==
          "unknown option '-sugar' (an argument that starts with '-' goes after '--')");
    CHECK(usage_message(app, {"--limit"}) == "--limit needs a value");
    CHECK(usage_message(app, {"-v", "-q"}) == "--verbose and --quiet cannot be used together");
    CHECK(usage_message(app, {"--json=maybe"}) == "--json takes no value");
    CHECK(usage_message(app, {"--", "-sugar"}).empty());
}

TEST_CASE("each kind of error maps to its exit status", "[unit][cli]") {
    cli::Program program({"gazette-test", "A test.", {}, {}});
    CHECK(program.run([] { return 0; }) == cli::kExitOk);
    CHECK(program.run([] { return cli::kExitInterrupted; }) == cli::kExitInterrupted);
    CHECK(program.run([]() -> int { throw UsageError("bad option"); }) == cli::kExitUsage);
    CHECK(program.run([]() -> int { throw QueryError("bad query"); }) == cli::kExitUsage);
    CHECK(program.run([]() -> int { throw IndexError("db: damaged"); }) == cli::kExitFailure);
    CHECK(program.run([]() -> int { throw InputError("file: unreadable"); }) == cli::kExitFailure);
    // Xapian's errors are not std::exceptions; nothing of any type gets past run().
    CHECK(program.run([]() -> int { throw Xapian::DatabaseCorruptError("bad block"); }) ==
          cli::kExitFailure);
    CHECK(program.run([]() -> int { throw std::bad_alloc(); }) == cli::kExitFailure);
    CHECK(program.run([]() -> int { throw 42; }) == cli::kExitFailure);
}

TEST_CASE("Xapian's errors become Gazette's, naming the database and the action", "[unit][cli]") {
    const auto translated = [](const Xapian::Error& error) -> std::string {
        try {
            throw_database_error(error, "news-db", "search for 'cocoa' failed");
        } catch (const IndexError& e) {
            return std::string("IndexError: ") + e.what();
        } catch (const QueryError& e) {
            return std::string("QueryError: ") + e.what();
        }
    };
    CHECK(translated(Xapian::DatabaseCorruptError("dir_end invalid in block 8")) ==
          "IndexError: news-db: search for 'cocoa' failed: damaged database "
          "(DatabaseCorruptError: dir_end invalid in block 8)");
    CHECK(translated(Xapian::DatabaseError("EOF reading block 4")) ==
          "IndexError: news-db: search for 'cocoa' failed: damaged or unreadable database "
          "(DatabaseError: EOF reading block 4)");
    CHECK_THAT(translated(Xapian::DatabaseModifiedError("changed")),
               Catch::StartsWith("IndexError: news-db: search for 'cocoa' failed: the database "
                                 "changed while it was read"));
    CHECK(translated(Xapian::DatabaseLockError("locked")) ==
          "IndexError: news-db: search for 'cocoa' failed: the database is locked: another "
          "gazette-index is writing to it");
    CHECK_THAT(translated(Xapian::QueryParserError("Syntax: <expression> AND <expression>")),
               Catch::StartsWith("QueryError: search for 'cocoa' failed: bad query"));
}

TEST_CASE("A write the system refused is a WriteError naming the reason", "[unit][cli]") {
    const auto translated = [](const Xapian::Error& error) -> std::string {
        try {
            throw_database_error(error, "news-db", "cannot write shard-1");
        } catch (const WriteError& e) {
            return std::string("WriteError: ") + e.what();
        } catch (const IndexError& e) {
            return std::string("IndexError: ") + e.what();
        }
    };
    // Xapian keeps the errno of a failed write...
    CHECK(translated(Xapian::DatabaseError("Error writing block 263", ENOSPC)) ==
          "WriteError: news-db: cannot write shard-1: no space left on device (DatabaseError: "
          "Error writing block 263 (No space left on device))");
    CHECK_THAT(translated(Xapian::DatabaseError("Error writing block 3", EIO)),
               Catch::StartsWith("WriteError: news-db: cannot write shard-1: input/output error ("));
    CHECK_THAT(translated(Xapian::DatabaseError("Error writing block 3", EROFS)),
               Catch::StartsWith("WriteError: news-db: cannot write shard-1: read-only file system ("));
    // ... but not when it rebuilds the message around another error's.
    CHECK_THAT(translated(Xapian::DatabaseError(
                   "Modifications failed (DatabaseError: Error writing block 4 (Disk quota "
                   "exceeded)), and couldn't open at the old revision: Error writing to file")),
               Catch::StartsWith("WriteError: news-db: cannot write shard-1: disk quota exceeded ("));
    // An errno that says nothing about the storage stays the error it was.
    CHECK_THAT(translated(Xapian::DatabaseOpeningError("Couldn't open iamglass", ENOENT)),
               Catch::StartsWith("IndexError: news-db: cannot write shard-1: not a readable"));
    CHECK(write_failure_reason(ENOSPC) == "no space left on device");
    CHECK(write_failure_reason(ENOENT).empty());
}
