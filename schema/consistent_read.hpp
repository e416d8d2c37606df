//! Reading one consistent revision of a database that a writer may be committing to.
//!
//! Entry point: read_consistently(). A reader sees the revision it opened; a writer keeps that
//! revision's blocks only until its next commit but one, after which a read that reaches a
//! reused block fails with Xapian's DatabaseModifiedError. The answer is to reopen (moving to
//! the newest revision) and read again from the start, so that nothing mixes two revisions. A
//! block the writer is rewriting at the moment it is read can also look damaged
//! (DatabaseCorruptError, "Expected block N to be level 2"): that is only a writer's commit when
//! reopening finds a newer revision; with none, the damage is real and reported.
//!
//! Every read path (gazette-search's queries, --stats, --batch, opening itself) goes through
//! here, so a reader never fails because a writer commits, however small its commits are.
#pragma once

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>
#include <string_view>

#include <xapian.h>

#include "errors.hpp"

namespace gazette::schema {

/// How many times one read is tried before it is reported as failed (in about a second, with
/// the pauses between tries): twenty tries all failing means a writer commits faster than the
/// read can be done at all.
inline constexpr int kReadAttempts = 20;

/// Runs `work` until it completes against one revision: after a DatabaseModifiedError, or a
/// DatabaseCorruptError while a writer commits, `refresh` (which reopens the database and
/// whatever was read from it, and returns whether there was a newer revision) is called and
/// `work` runs again, at most kReadAttempts times in all. Throws Gazette's errors
/// (throw_database_error() with `database` and `action`) when every try fails, or at once for
/// damage an unchanged database still shows; any other Xapian error goes through untouched.
template <typename Work, typename Refresh>
auto read_consistently(Work&& work, Refresh&& refresh, std::string_view database,
                       std::string_view action) -> decltype(work()) {
    std::optional<Xapian::DatabaseCorruptError> damage;
    for (int attempt = 1;; ++attempt) {
        try {
            if (attempt > 1) {
                // A read that lost the race with the writer's commits was usually descheduled
                // while the writer ran: a short sleep, doubling each time (1 ms, 2 ms ... 64 ms),
                // lets the next try run in one go.
                std::this_thread::sleep_for(std::chrono::milliseconds(1 << std::min(attempt - 2, 6)));
                const bool changed = refresh();
                if (damage && !changed) throw_database_error(*damage, database, action);
            }
            return work();
        } catch (const Xapian::DatabaseModifiedError& e) {
            damage.reset();
            if (attempt >= kReadAttempts) throw_database_error(e, database, action);
        } catch (const Xapian::DatabaseCorruptError& e) {
            if (attempt >= kReadAttempts) throw_database_error(e, database, action);
            damage.emplace(e);
        }
    }
}

}  // namespace gazette::schema
