//! Gazette's error types. Library code throws these; the CLIs catch them at the boundary, print
//! one line to stderr and map them to exit codes (UsageError and QueryError: 2, the rest: 1).
#pragma once

#include <stdexcept>
#include <string>

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

/// A database that is missing, foreign, locked or corrupt.
class IndexError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace gazette
