//! Term construction and checked database opening; see schema.hpp.
#include "schema.hpp"

#include <cstdint>
#include <filesystem>

#include <fmt/format.h>

#include "errors.hpp"

namespace gazette::schema {
namespace {

// Terms longer than this are hashed; Xapian's glass backend rejects terms over 245 bytes and
// prefixes take a few of them.
constexpr std::size_t kMaxKeyBytes = 200;

std::uint64_t fnv1a(std::string_view text) {
    std::uint64_t hash = 1469598103934665603ULL;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return hash;
}

void check_version(const Xapian::Database& db, const std::string& path) {
    const std::string version = db.get_metadata(std::string(kSchemaKey));
    if (version.empty()) {
        throw IndexError(fmt::format("{}: not a Gazette database (no schema version)", path));
    }
    if (version != kSchemaVersion) {
        throw IndexError(fmt::format(
            "{}: database has schema version {}, this Gazette reads version {}; re-index it",
            path, version, kSchemaVersion));
    }
}

}  // namespace

std::string make_key(std::string_view value) {
    if (value.size() <= kMaxKeyBytes) return std::string(value);
    // Keep a readable head; the hash of the whole keeps keys unique.
    return fmt::format("{}~{:016x}", value.substr(0, kMaxKeyBytes - 17), fnv1a(value));
}

std::string make_term(std::string_view prefix, std::string_view value) {
    std::string term(prefix);
    term += make_key(value);
    return term;
}

Xapian::Database open_for_reading(const std::string& path) {
    if (!std::filesystem::exists(path)) {
        throw IndexError(fmt::format("{}: no database here (run gazette-index first, or pass --db)",
                                     path));
    }
    try {
        Xapian::Database db(path);
        check_version(db, path);
        return db;
    } catch (const Xapian::DatabaseOpeningError& e) {
        throw IndexError(fmt::format("{}: not a Gazette database ({})", path, e.get_msg()));
    } catch (const Xapian::Error& e) {
        throw IndexError(fmt::format("{}: cannot open database: {}", path, e.get_description()));
    }
}

Xapian::WritableDatabase open_for_writing(const std::string& path) {
    try {
        Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
        if (db.get_doccount() == 0 && db.get_metadata(std::string(kSchemaKey)).empty()) {
            db.set_metadata(std::string(kSchemaKey), std::string(kSchemaVersion));
            db.commit();
        }
        check_version(db, path);
        return db;
    } catch (const Xapian::DatabaseLockError&) {
        throw IndexError(fmt::format(
            "{}: database is locked: another gazette-index is writing to it", path));
    } catch (const Xapian::DatabaseOpeningError& e) {
        throw IndexError(fmt::format("{}: not a Gazette database ({})", path, e.get_msg()));
    } catch (const Xapian::Error& e) {
        throw IndexError(fmt::format("{}: cannot open database: {}", path, e.get_description()));
    }
}

}  // namespace gazette::schema
