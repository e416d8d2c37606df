//! Gazette's error types, and the one place Xapian's errors become them.
//!
//! Library code throws these; every public entry point of the library (opening a database,
//! Searcher's methods, run_index(), compaction) turns the Xapian errors it meets into them with
//! throw_database_error(), naming the database and what was being done, so that no raw
//! Xapian::Error (which is not a std::exception) reaches a caller. The CLIs catch them at the
//! boundary, print one line to stderr and map them to exit statuses (cli/program.hpp: UsageError
//! and QueryError 2, the rest 1).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace Xapian {
class Error;
}

namespace gazette {

/// A command line or option that cannot be acted on.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// A query that cannot be parsed or run; the message names the query.
class QueryError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Input that cannot be read: the message names the file and, where known, the line or record.
class InputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// A database that is missing, foreign, locked, damaged or unreadable.
class IndexError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// A write the system refused (a full disk or quota, a read-only or failing filesystem): the
/// database holds what was committed before it. The message names the database, what was being
/// written and the system's reason ("news-db: cannot write shard-1: no space left on device
/// (...)").
class WriteError : public IndexError {
  public:
    using IndexError::IndexError;
};

/// The system's reason when `code` is an errno that says the storage refused a write (ENOSPC,
/// EDQUOT, EROFS, EIO, EFBIG), in lower case ("no space left on device"); empty otherwise.
std::string write_failure_reason(int code);

/// Throws the Gazette error for `error`, met in the database at `database` while doing `action`
/// ("search for 'cocoa' failed", "cannot open shard-0"): "DATABASE: ACTION: PROBLEM (Xapian's
/// description)". An IndexError, except for a query Xapian could not parse (QueryError) and a
/// write the system refused (WriteError: "DATABASE: ACTION: REASON (Xapian's description)").
[[noreturn]] void throw_database_error(const Xapian::Error& error, std::string_view database,
                                       std::string_view action);

}  // namespace gazette
