//! The indexing run: from files and folders to a committed, searchable database.
//!
//! Entry point: run_index(). It walks the inputs, reading each folder's options file
//! (reading_options.hpp), skips files whose size, modification time and reading options are
//! unchanged since they were last indexed (all files with `force`), and indexes the rest on one thread per shard
//! (schema.hpp): each thread reads a file, infers dates, detects languages, splits passages,
//! generates terms and writes into its own shard, committing in batches at file boundaries. A
//! file's record ("file:" metadata) goes into the same shard as its articles, in the same commit,
//! so a run interrupted at any point leaves a database that opens, and the next run re-reads
//! exactly the files whose records are missing or stale. A file already in a shard is re-indexed
//! into that shard. Articles of files that vanished from an indexed folder are removed.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "date.hpp"
#include "dates.hpp"
#include "document_builder.hpp"
#include "errors.hpp"
#include "reader.hpp"
#include "reading_options.hpp"
#include "stories.hpp"

namespace gazette {

/// What a run has committed so far, counted as each shard's commit succeeds: readable from any
/// thread while the run goes on (a CLI that must end the process at once reports it).
struct CommittedCounts {
    std::atomic<std::uint64_t> files{0};     // files of this run whose articles are committed
    std::atomic<std::uint64_t> articles{0};  // their articles
};

struct IndexOptions {
    std::string db_path;
    std::vector<std::string> inputs;  // files and folders
    /// How files are read where no options file says otherwise (reading_options.hpp).
    ReaderOptions reader;
    BuildOptions build;
    /// Writer threads, one per shard; 0 = one per core. A database never loses shards, so a
    /// database built with more shards is written with that many threads.
    unsigned threads = 0;
    /// Shards emptied before the run (or made again when missing): the files they held are not
    /// in the database any more, so the run indexes them again from its inputs. How a damaged
    /// shard is rebuilt without re-indexing the others.
    std::vector<unsigned> rebuild_shards;
    /// Each shard commits after this many articles (at the end of a file; Xapian flushes a
    /// longer file at the same count). Small batches measured faster as well as leaner: Xapian
    /// keeps a sorted map of new postings per term until a commit, and inserting into large maps
    /// costs more than the extra commits (docs/performance.md).
    std::uint64_t commit_every_articles = 1000;
    double commit_every_seconds = 30.0;
    bool follow_symlinks = false;  // symlinks leaving an input folder are skipped unless set
    /// Read every file found again, unchanged or not (--force).
    bool force = false;
    /// Detect each article's language (falling back to build.default_language when unsure)
    /// unless its source names one; off when the user fixes the language.
    bool detect_language = true;
    /// The day date inference takes as today (dates.hpp: date_from_text()): a year after the
    /// next one is a plan, not an article's date. Unset: the day the run starts, read once.
    /// Pinned, the same files get the same dates whenever they are indexed.
    std::optional<Date> reference_date;
    /// Where dates may come from, tried in this order (--date-sources; dates.hpp:
    /// parse_date_sources()): a source's own date (`header`), the file's path (`filename`),
    /// the text (`text`). Empty: every article is undated.
    std::vector<DateSource> date_sources = {DateSource::header, DateSource::filename,
                                            DateSource::text};
    /// The days the archive's articles appeared in, when the user states them (--period;
    /// dates.hpp: DatePeriod): gives text dates their year.
    std::optional<DatePeriod> period;
    /// How the story pass after the run ties articles into stories (stories.hpp).
    StoryOptions stories;
    /// Polled between articles; when it becomes true the run commits what is complete and stops.
    const std::atomic<bool>* stop = nullptr;
    /// Counts what the run commits, when set (else the run counts for itself).
    CommittedCounts* committed = nullptr;
};

/// What a run did, for the end-of-run summary.
struct IndexSummary {
    std::uint64_t files_seen = 0;
    std::uint64_t files_indexed = 0;
    std::uint64_t files_unchanged = 0;
    std::uint64_t files_failed = 0;
    std::uint64_t files_removed = 0;
    /// Files read again because their reading options changed since they were indexed.
    std::uint64_t files_options_changed = 0;
    std::uint64_t articles_indexed = 0;
    std::uint64_t articles_removed = 0;
    std::uint64_t passages_indexed = 0;
    std::uint64_t bytes_read = 0;
    std::uint64_t articles_in_database = 0;
    StorySummary stories;  // what the story pass did
    bool interrupted = false;
    /// One line per problem: "path[:line]: reason". Whole-file failures and record problems.
    std::vector<std::string> problems;
};

/// Progress as the run goes; called on the writing thread.
struct ProgressEvent {
    std::uint64_t files_done = 0;
    std::uint64_t files_total = 0;
    std::uint64_t bytes_done = 0;
    std::uint64_t bytes_total = 0;
    std::uint64_t articles = 0;
};
using ProgressHandler = std::function<void(const ProgressEvent&)>;
/// Called once per problem as it is found (the summary repeats them all).
using ProblemLogger = std::function<void(const std::string&)>;

/// What a run that stopped on an error had committed: "stopped by the error below: 3 files
/// (2000 articles) of this run committed, 2000 articles in the database; the next run indexes
/// the rest".
struct Committed {
    std::uint64_t files = 0;
    std::uint64_t articles = 0;
    std::optional<std::uint64_t> in_database;  // unset when the shards could not be counted
    std::string line() const;
};

/// The articles the database at `db_path` holds as last committed (a reader's count), or
/// nothing when a shard cannot be opened.
std::optional<std::uint64_t> committed_articles(const std::string& db_path);

/// A run stopped by an error once it had begun writing (a write the system refused, a shard
/// that failed): the error's message, and what was committed before it, which stays. The
/// files not committed are indexed by the next run.
class RunFailed : public IndexError {
  public:
    RunFailed(const std::string& message, Committed committed, std::vector<std::string> problems)
        : IndexError(message), committed_(std::move(committed)), problems_(std::move(problems)) {}
    const Committed& committed() const { return committed_; }
    /// The input problems found before the error (the summary a finished run prints).
    const std::vector<std::string>& problems() const { return problems_; }

  private:
    Committed committed_;
    std::vector<std::string> problems_;
};

/// The one-line message for `error` (the exception in flight when the process must end at once,
/// std::terminate's): met while writing the database at `db_path`, named as run_index() names
/// it ("news-db: cannot write shard-1: no space left on device (...); Xapian ended the process
/// inside the write"). Without an exception
/// (Xapian called std::terminate itself), the reason is `saved_errno` when it is a write
/// failure, else a full filesystem. Never throws.
std::string write_failure_message(std::exception_ptr error, const std::string& db_path,
                                  int saved_errno) noexcept;

/// Throws UsageError (no inputs, bad options) before anything is opened, IndexError (database
/// locked, foreign, damaged or failing; never a raw Xapian::Error), RunFailed when an error
/// stopped the run after it began writing.
IndexSummary run_index(const IndexOptions& options, const ProgressHandler& on_progress = {},
                       const ProblemLogger& on_problem = {});

}  // namespace gazette
