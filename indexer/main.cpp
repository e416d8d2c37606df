//! gazette-index: index files and folders of news articles into a Gazette database.
//! Parses options into IndexOptions, calls run_index(), prints the summary to stderr.
#include <unistd.h>

#include <csignal>
#include <cstdlib>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "compaction.hpp"
#include "errors.hpp"
#include "index_writer.hpp"
#include "progress.hpp"

namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_signal(int) { g_stop.store(true); }

std::string default_db() {
    const char* env = std::getenv("GAZETTE_DB");
    return env != nullptr && *env != '\0' ? env : "gazette-db";
}

void print_summary(const gazette::IndexSummary& s, bool quiet) {
    if (!s.problems.empty()) {
        fmt::print(stderr, "problems ({}):\n", s.problems.size());
        for (const auto& problem : s.problems) fmt::print(stderr, "  {}\n", problem);
    }
    if (quiet && s.problems.empty()) return;
    if (s.files_indexed == 0 && s.files_removed == 0 && s.files_failed == 0) {
        fmt::print(stderr, "nothing to do: {} files unchanged; {} articles in the database\n",
                   s.files_unchanged, s.articles_in_database);
        return;
    }
    fmt::print(stderr,
               "{}: {} articles ({} passages) indexed from {} files; {} files unchanged, "
               "{} failed, {} removed ({} articles removed); {} articles in the database\n",
               s.interrupted ? "interrupted" : "done", s.articles_indexed, s.passages_indexed,
               s.files_indexed, s.files_unchanged, s.files_failed, s.files_removed,
               s.articles_removed, s.articles_in_database);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Index files and folders of news articles for gazette-search."};
    gazette::IndexOptions options;
    options.db_path = default_db();
    std::vector<std::string> fields;
    bool verbose = false;
    bool quiet = false;
    bool strict = false;
    bool compact = false;
    app.add_option("inputs", options.inputs,
                   "Files and folders to index (none with --compact: only compact)");
    app.add_option("--db", options.db_path, "Database path (default: $GAZETTE_DB or ./gazette-db)");
    app.add_option("--format", options.reader.format,
                   "Force an input format: text, mail, mbox, sgml, jsonl, smart, csv, html, feed "
                   "(RSS, Atom), warc (default: detect)");
    std::string delimiter;
    std::string quote;
    bool header = false;
    bool no_header = false;
    app.add_option("--delimiter", delimiter, "CSV field delimiter: one character, or 'tab' (default: detect)");
    app.add_option("--quote", quote, "CSV quote character (default: detect, \" or ')");
    app.add_flag("--header", header, "CSV: the first record is a header");
    app.add_flag("--no-header", no_header, "CSV: the first record is data");
    app.add_option("--field", fields, "Map a record field, e.g. --field title=HEADLINE")
        ->allow_extra_args(false);  // one NAME=FIELD each time, so inputs may follow
    app.add_option("--language", options.build.default_language,
                   "Language of every article (a Snowball name or ISO code; 'none' for no "
                   "stemming); default: detect each article's, English when unsure")
        ->capture_default_str();
    app.add_option("--threads", options.threads,
                   "Indexing threads, each writing a shard of the database (default: one per "
                   "core; a database keeps the shards it has)");
    app.add_option("--commit-every", options.commit_every_articles,
                   "Commit each shard after this many articles")->capture_default_str();
    app.add_flag("--follow-symlinks", options.follow_symlinks,
                 "Follow symbolic links that lead out of the indexed folders");
    app.add_flag("--strict", strict, "Exit with status 1 when any file failed");
    app.add_flag("--compact", compact,
                 "After indexing (or alone), merge the shards and compact the database into its "
                 "smaller, faster form");
    app.add_flag("-v,--verbose", verbose, "Log more detail");
    app.add_flag("-q,--quiet", quiet, "Only print problems");
    CLI11_PARSE(app, argc, argv);

    auto logger = spdlog::stderr_color_mt("gazette-index");
    spdlog::set_default_logger(logger);
    spdlog::set_pattern("%^%l%$: %v");
    spdlog::set_level(verbose ? spdlog::level::debug
                              : quiet ? spdlog::level::warn : spdlog::level::info);

    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    options.stop = &g_stop;
    // A language given on the command line is the language of every article.
    options.detect_language = app.count("--language") == 0;

    try {
        if (!delimiter.empty()) {
            if (delimiter == "tab" || delimiter == "\\t") delimiter = "\t";
            if (delimiter.size() != 1) throw gazette::UsageError("--delimiter takes one character or 'tab'");
            options.reader.delimiter = delimiter[0];
        }
        if (!quote.empty()) {
            if (quote.size() != 1) throw gazette::UsageError("--quote takes one character");
            options.reader.quote = quote[0];
        }
        if (header && no_header) throw gazette::UsageError("--header and --no-header contradict each other");
        if (header || no_header) options.reader.header = header;
        for (const std::string& field : fields) {
            const auto eq = field.find('=');
            if (eq == std::string::npos || eq == 0) {
                throw gazette::UsageError("--field takes NAME=SOURCE_FIELD, got '" + field + "'");
            }
            options.reader.fields[field.substr(0, eq)] = field.substr(eq + 1);
        }
        gazette::ProgressPrinter printer(stderr, isatty(STDERR_FILENO) != 0);
        auto on_progress = [&](const gazette::ProgressEvent& event) {
            if (!quiet) printer.update(event);
        };
        // Problems are listed once, in the summary; -v also shows them as they happen.
        auto on_problem = [&](const std::string& message) { spdlog::debug("{}", message); };
        gazette::IndexSummary summary;
        if (!options.inputs.empty() || !compact) {
            summary = gazette::run_index(options, on_progress, on_problem);
            printer.finish();
            print_summary(summary, quiet);
            if (summary.interrupted) return 130;
        }
        if (compact) {
            const auto sizes = gazette::compact_database(options.db_path);
            if (!quiet) {
                fmt::print(stderr, "compacted: {:.1f} MB -> {:.1f} MB\n",
                           static_cast<double>(sizes.bytes_before) / 1e6,
                           static_cast<double>(sizes.bytes_after) / 1e6);
            }
        }
        return strict && summary.files_failed > 0 ? 1 : 0;
    } catch (const gazette::UsageError& e) {
        fmt::print(stderr, "gazette-index: {}\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        fmt::print(stderr, "gazette-index: {}\n", e.what());
        return 1;
    }
}
