//! Xapian's errors as Gazette's; see errors.hpp.
#include "errors.hpp"

#include "consistent_read.hpp"

#include <fmt/format.h>
#include <xapian.h>

namespace gazette {
namespace {

/// What `error` means for the user. Xapian::Error has no virtual functions, so its class is
/// told by get_type(), the name of the most derived one.
std::string problem_of(const Xapian::Error& error) {
    const std::string type = error.get_type();
    const std::string description = error.get_description();
    if (type == "DatabaseLockError") {
        return "the database is locked: another gazette-index is writing to it";
    }
    if (type == "DatabaseModifiedError") {
        return fmt::format("the database changed while it was read, each of {} times (a writer "
                           "commits faster than the read completes); try again, or index with a "
                           "larger --commit-every ({})",
                           schema::kReadAttempts, description);
    }
    if (type == "DatabaseCorruptError") return fmt::format("damaged database ({})", description);
    if (type == "DatabaseVersionError") {
        return fmt::format("written by a Xapian this Gazette cannot read ({})", description);
    }
    if (type == "DatabaseOpeningError" || type == "DatabaseNotFoundError") {
        return fmt::format("not a readable Xapian database ({})", description);
    }
    if (type == "DatabaseError") return fmt::format("damaged or unreadable database ({})", description);
    return description;
}

}  // namespace

void throw_database_error(const Xapian::Error& error, std::string_view database,
                          std::string_view action) {
    if (std::string_view(error.get_type()) == "QueryParserError") {
        throw QueryError(fmt::format("{}: bad query ({})", action, error.get_description()));
    }
    throw IndexError(fmt::format("{}: {}: {}", database, action, problem_of(error)));
}

}  // namespace gazette
