//! gazette-index: index files and folders of news articles into a Gazette database.
//! Parses options into IndexOptions, calls run_index() (and compact_database()), prints the
//! summary to stderr; cli::Program owns the exit statuses.
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <exception>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "compaction.hpp"
#include "dates.hpp"
#include "errors.hpp"
#include "index_writer.hpp"
#include "program.hpp"
#include "progress.hpp"
#include "reader.hpp"
#include "text.hpp"

namespace {

namespace cli = gazette::cli;

std::atomic<bool> g_stop{false};
gazette::CommittedCounts g_committed;
const cli::Program* g_program = nullptr;
const std::string* g_db_path = nullptr;

extern "C" void on_signal(int) { g_stop.store(true); }

/// Xapian 1.4.22 can end the process from inside a write the system refused: on a full disk
/// an exception escapes one of its noexcept functions during a flush or commit, and that is
/// std::terminate, with the exception or without one (docs/reliability.md: 4 of 13 filesystem
/// sizes on Reuters). The database then holds what was committed, as after kill -9, and the next
/// run indexes the rest: say so in the run's own words and exit 1, as for any other write error,
/// not 134.
[[noreturn]] void on_terminate() noexcept {
    const int saved_errno = errno;  // what the failed write left, when Xapian threw nothing
    const std::exception_ptr error = std::current_exception();
    if (g_program == nullptr || g_db_path == nullptr) std::abort();
    const gazette::Committed committed{g_committed.files.load(), g_committed.articles.load(),
                                       gazette::committed_articles(*g_db_path)};
    try {
        fmt::print(stderr, "{}\n", committed.line());
    } catch (...) {
        // stderr is gone; the status still tells.
    }
    g_program->print_error(gazette::write_failure_message(error, *g_db_path, saved_errno));
    std::_Exit(cli::kExitFailure);
}

/// The command line: what run_index() takes, and the options that become it.
struct Command {
    gazette::IndexOptions index;
    std::vector<std::string> fields;  // NAME=SOURCE_FIELD
    std::string delimiter;
    std::string quote;
    std::string date_sources = "header,filename,text";
    std::string as_of_index;
    std::string period;
    bool header = false;
    bool no_header = false;
    bool strict = false;
    bool compact = false;
    CLI::Option* language = nullptr;
};

cli::ProgramInfo program_info() {
    return {"gazette-index",
            "Index files and folders of news articles for gazette-search.",
            {"gazette-index --db news-db ~/archives/reuters ~/archives/bbc",
             "gazette-index --format csv --header --field title=headline --field body=story feed.csv",
             "gazette-index --compact --db news-db",
             "gazette-index --db news-db --rebuild-shard 1 ~/archives/reuters ~/archives/bbc",
             "GAZETTE_DB=news-db gazette-index -q ~/archives"},
            {"With --strict, 1 also when any file failed. 130 when interrupted (Ctrl-C, SIGTERM,",
             "SIGHUP, SIGPIPE): what was committed stays, and the next run redoes exactly the",
             "incomplete files."}};
}

void add_reader_options(cli::Program& program, Command& c) {
    CLI::App& app = program.app();
    gazette::ReaderOptions& reader = c.index.reader;
    app.add_option("--format", reader.format,
                   "Force an input format: " + gazette::join(gazette::known_formats(), ", ") + " (default: detect)");
    app.add_option("--delimiter", c.delimiter, "CSV field delimiter: one character, or 'tab' (default: detect)");
    app.add_option("--quote", c.quote, "CSV quote character (default: detect, \" or ')");
    auto* header = app.add_flag("--header", c.header, "CSV: the first record is a header");
    auto* no_header = app.add_flag("--no-header", c.no_header, "CSV: the first record is data");
    header->excludes(no_header);
    app.add_option("--field", c.fields, "Map a record field, e.g. --field title=HEADLINE")
        ->allow_extra_args(false);  // one NAME=FIELD each time, so inputs may follow
    c.language = app.add_option("--language", c.index.build.default_language,
                                "Language of every article (a Snowball name or ISO code; 'none' "
                                "for no stemming); default: detect each article's, English when "
                                "unsure")
                     ->capture_default_str();
}

void add_options(cli::Program& program, Command& c) {
    CLI::App& app = program.app();
    app.add_option("inputs", c.index.inputs,
                   "Files and folders to index (none with --compact: only compact)");
    program.add_database_option(c.index.db_path);
    add_reader_options(program, c);
    program.add_number("--threads", c.index.threads,
                       "Indexing threads, each writing a shard of the database, 0 for one per "
                       "core; a database keeps the shards it has",
                       cli::Range<unsigned>{0, 256});
    program.add_number("--commit-every", c.index.commit_every_articles,
                       "Commit each shard after this many articles",
                       cli::Range<std::uint64_t>{1, 10'000'000});
    app.add_option("--date-sources", c.date_sources,
                   "Where dates may come from, in the order tried: header (the source's own), "
                   "filename, text; or none")
        ->capture_default_str();
    app.add_option("--as-of-index", c.as_of_index,
                   "The day (YYYY-MM-DD) taken as today when dates are read from the text "
                   "(default: the day the run starts)");
    app.add_option("--period", c.period,
                   "The days the archive's articles appeared in (YYYY, YYYY..YYYY or "
                   "YYYY-MM-DD..YYYY-MM-DD): a day the text names without a year takes the one "
                   "year of the period that holds it; no text date falls outside it")
        ->type_name("PERIOD");
    app.add_option("--rebuild-shard", c.index.rebuild_shards,
                   "Empty shard N of a damaged database (or make a missing one again) and index "
                   "the files it held again from the inputs given; repeat for several")
        ->allow_extra_args(false)
        ->type_name("N");
    app.add_flag("--force", c.index.force,
                 "Read every file given again, even those unchanged since they were indexed "
                 "(their articles are replaced)");
    app.add_flag("--follow-symlinks", c.index.follow_symlinks,
                 "Follow symbolic links that lead out of the indexed folders");
    app.add_flag("--strict", c.strict, "Exit with status 1 when any file failed");
    app.add_flag("--compact", c.compact,
                 "After indexing (or alone), merge the shards and compact the database into its "
                 "smaller, faster form");
    program.add_verbosity_options("Only print problems");
}

/// Turns the CSV and field options into the reader's options. Throws UsageError.
void apply_reader_options(Command& c) {
    gazette::ReaderOptions& reader = c.index.reader;
    if (!c.delimiter.empty()) {
        if (c.delimiter == "tab" || c.delimiter == "\\t") c.delimiter = "\t";
        if (c.delimiter.size() != 1) throw gazette::UsageError("--delimiter takes one character or 'tab'");
        reader.delimiter = c.delimiter[0];
    }
    if (!c.quote.empty()) {
        if (c.quote.size() != 1) throw gazette::UsageError("--quote takes one character");
        reader.quote = c.quote[0];
    }
    if (c.header || c.no_header) reader.header = c.header;
    for (const std::string& field : c.fields) {
        const auto eq = field.find('=');
        if (eq == std::string::npos || eq == 0) {
            throw gazette::UsageError("--field takes NAME=SOURCE_FIELD, got '" + field + "'");
        }
        reader.fields[field.substr(0, eq)] = field.substr(eq + 1);
    }
    c.index.date_sources = gazette::parse_date_sources(c.date_sources);
    c.index.reference_date = cli::parse_day(c.as_of_index, "--as-of-index");
    if (!c.period.empty()) c.index.period = gazette::parse_period(c.period);
    // A language given on the command line is the language of every article.
    c.index.detect_language = c.language->count() == 0;
}

void print_problems(const std::vector<std::string>& problems) {
    if (problems.empty()) return;
    fmt::print(stderr, "problems ({}):\n", problems.size());
    for (const auto& problem : problems) {
        fmt::print(stderr, "  {}\n", gazette::printable_line(problem));
    }
}

void print_summary(const gazette::IndexSummary& s, bool quiet) {
    print_problems(s.problems);
    if (quiet && s.problems.empty()) return;
    if (s.files_options_changed > 0) {
        fmt::print(stderr, "{} files read again: indexed before with other reading options\n",
                   s.files_options_changed);
    }
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
    if (s.stories.articles > 0) {
        fmt::print(stderr, "stories: of {} new articles, {} joined a copy and {} a report of the same event\n",
                   s.stories.articles, s.stories.copies, s.stories.events);
    }
}

gazette::IndexSummary index(const Command& c, bool quiet) {
    gazette::ProgressPrinter printer(stderr, isatty(STDERR_FILENO) != 0);
    auto on_progress = [&](const gazette::ProgressEvent& event) {
        if (!quiet) printer.update(event);
    };
    // Problems are listed once, in the summary; -v also shows them as they happen.
    auto on_problem = [&](const std::string& message) { spdlog::debug("{}", message); };
    gazette::IndexSummary summary;
    try {
        summary = gazette::run_index(c.index, on_progress, on_problem);
    } catch (const gazette::RunFailed& failed) {
        // What is committed stays: say what, then the error (cli::Program prints it, status 1).
        printer.finish();
        print_problems(failed.problems());
        fmt::print(stderr, "{}\n", failed.committed().line());
        throw;
    }
    printer.finish();
    print_summary(summary, quiet);
    return summary;
}

void compact(const Command& c, bool quiet) {
    const auto sizes = gazette::compact_database(c.index.db_path);
    if (!quiet) {
        fmt::print(stderr, "compacted: {:.1f} MB -> {:.1f} MB\n",
                   static_cast<double>(sizes.bytes_before) / 1e6,
                   static_cast<double>(sizes.bytes_after) / 1e6);
    }
}

int run(Command& c, bool quiet) {
    apply_reader_options(c);
    c.index.stop = &g_stop;
    c.index.committed = &g_committed;
    gazette::IndexSummary summary;
    if (!c.index.inputs.empty() || !c.compact) {
        summary = index(c, quiet);
        if (summary.interrupted) return cli::kExitInterrupted;
    }
    if (c.compact) compact(c, quiet);
    return c.strict && summary.files_failed > 0 ? cli::kExitFailure : cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    cli::Program program(program_info());
    Command command;
    add_options(program, command);
    if (auto status = program.parse(argc, argv)) return *status;
    program.start_logging(spdlog::level::warn);
    // A database holds the text of every article it indexed, whatever the sources' own
    // permissions: whatever it creates (shards, tables, locks, compacted output) is its
    // owner's alone, files 0600 and folders 0700 at most (docs/ARCHITECTURE.md).
    ::umask(::umask(0) | 077);
    g_program = &program;
    g_db_path = &command.index.db_path;
    std::set_terminate(on_terminate);
    // Every way a run is told to stop ends it the same way: what is complete is committed and
    // the next run redoes the rest. A closed terminal (SIGHUP) or pipe (SIGPIPE, as in
    // `gazette-index ... 2>&1 | head`) is no reason to die mid-commit.
    for (const int signal : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) std::signal(signal, on_signal);
    return program.run([&] { return run(command, program.verbosity() == cli::Verbosity::quiet); });
}
