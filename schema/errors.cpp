//! Xapian's errors as Gazette's; see errors.hpp.
#include "errors.hpp"

#include "consistent_read.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <xapian.h>

namespace gazette {
namespace {

constexpr int kWriteFailures[] = {ENOSPC, EDQUOT, EROFS, EIO, EFBIG};

/// The write failure `error` reports, from the errno Xapian kept or, when it kept none (it
/// rebuilds some messages, "Modifications failed (...)"), from its description.
std::string write_failure_of(const Xapian::Error& error) {
    const char* system = error.get_error_string();
    const std::string description = error.get_description();
    for (const int code : kWriteFailures) {
        const std::string text = std::strerror(code);
        if ((system != nullptr && text == system) || description.find(text) != std::string::npos) {
            return write_failure_reason(code);
        }
    }
    return {};
}

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

std::string write_failure_reason(int code) {
    for (const int failure : kWriteFailures) {
        if (failure != code) continue;
        std::string reason = std::strerror(code);
        if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
        return reason;
    }
    return {};
}

void throw_database_error(const Xapian::Error& error, std::string_view database,
                          std::string_view action) {
    if (std::string_view(error.get_type()) == "QueryParserError") {
        throw QueryError(fmt::format("{}: bad query ({})", action, error.get_description()));
    }
    if (const std::string reason = write_failure_of(error); !reason.empty()) {
        throw WriteError(fmt::format("{}: {}: {} ({})", database, action, reason,
                                     error.get_description()));
    }
    throw IndexError(fmt::format("{}: {}: {}", database, action, problem_of(error)));
}

}  // namespace gazette
