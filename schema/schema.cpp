//! Term construction and checked database opening; see schema.hpp.
#include "schema.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>

#include <fmt/format.h>

#include "errors.hpp"

namespace gazette::schema {
namespace fs = std::filesystem;
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

std::string field_term(std::string_view prefix, std::string_view value) {
    std::string lowered(value);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return make_term(prefix, lowered);
}

std::string article_key(std::string_view article_id) {
    return fmt::format("{:016x}", fnv1a(article_id));
}

std::string file_key(std::string_view path) { return fmt::format("{:016x}", fnv1a(path)); }

std::string make_term(std::string_view prefix, std::string_view value) {
    std::string term(prefix);
    term += make_key(value);
    return term;
}

bool is_free_text_term(std::string_view term) {
    if (term.empty()) return false;
    const char first = term.front();
    if (first < 'A' || first > 'Z') return true;  // unprefixed: words, numbers, CJK n-grams
    if (first == 'Z') return true;                // stems ("Zintellig", "ZSintellig")
    return term.starts_with(kPrefixTitle) && term.size() > 1 &&
           !(term[1] >= 'A' && term[1] <= 'Z');
}

void WriteDatabases::commit() {
    passages.commit();
    articles.commit();
}

ReadDatabases open_for_reading(const std::string& path) {
    const fs::path root(path);
    if (!fs::exists(root)) {
        throw IndexError(fmt::format("{}: no database here (run gazette-index first, or pass --db)",
                                     path));
    }
    if (!fs::exists(root / kArticlesDir) || !fs::exists(root / kPassagesDir)) {
        throw IndexError(fmt::format("{}: not a Gazette database (no {}/ and {}/ inside)", path,
                                     kArticlesDir, kPassagesDir));
    }
    try {
        ReadDatabases dbs{Xapian::Database((root / kArticlesDir).string()),
                          Xapian::Database((root / kPassagesDir).string())};
        check_version(dbs.articles, path);
        return dbs;
    } catch (const Xapian::DatabaseOpeningError& e) {
        throw IndexError(fmt::format("{}: not a Gazette database ({})", path, e.get_msg()));
    } catch (const Xapian::Error& e) {
        throw IndexError(fmt::format("{}: cannot open database: {}", path, e.get_description()));
    }
}

WriteDatabases open_for_writing(const std::string& path) {
    const fs::path root(path);
    std::error_code ec;
    if (fs::exists(root) && !fs::is_directory(root)) {
        throw IndexError(fmt::format("{}: exists and is not a Gazette database folder", path));
    }
    if (fs::is_directory(root) && !fs::is_empty(root, ec) && !fs::exists(root / kArticlesDir)) {
        throw IndexError(fmt::format(
            "{}: folder exists and is not a Gazette database; refusing to write into it", path));
    }
    fs::create_directories(root, ec);
    if (ec) throw IndexError(fmt::format("{}: cannot create: {}", path, ec.message()));
    try {
        WriteDatabases dbs{
            Xapian::WritableDatabase((root / kArticlesDir).string(), Xapian::DB_CREATE_OR_OPEN),
            Xapian::WritableDatabase((root / kPassagesDir).string(), Xapian::DB_CREATE_OR_OPEN)};
        if (dbs.articles.get_doccount() == 0 &&
            dbs.articles.get_metadata(std::string(kSchemaKey)).empty()) {
            dbs.articles.set_metadata(std::string(kSchemaKey), std::string(kSchemaVersion));
            dbs.commit();
        }
        check_version(dbs.articles, path);
        return dbs;
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
