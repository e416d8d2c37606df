//! Database compaction; see compaction.hpp.
#include "compaction.hpp"

#include <filesystem>

#include <fmt/format.h>
#include <xapian.h>

#include "errors.hpp"
#include "schema.hpp"

namespace gazette {
namespace fs = std::filesystem;
namespace {

std::uint64_t folder_bytes(const fs::path& folder) {
    std::uint64_t total = 0;
    std::error_code ec;
    for (const auto& entry : fs::recursive_directory_iterator(folder, ec)) {
        if (entry.is_regular_file(ec)) total += entry.file_size(ec);
    }
    return total;
}

/// Compacts `db` into `part.compact`, then swaps it in for `part`.
void compact_part(Xapian::Database& db, const fs::path& part) {
    const fs::path fresh = part.string() + ".compact";
    const fs::path old = part.string() + ".old";
    fs::remove_all(fresh);
    fs::remove_all(old);
    db.compact(fresh.string(), Xapian::DBCOMPACT_MULTIPASS);
    fs::rename(part, old);
    fs::rename(fresh, part);
    fs::remove_all(old);
}

}  // namespace

CompactionResult compact_database(const std::string& path) {
    CompactionResult result;
    result.bytes_before = folder_bytes(path);
    try {
        // Opening for writing takes the lock (and checks the schema); the compactor reads the
        // last committed state through the same handles.
        schema::WriteDatabases dbs = schema::open_for_writing(path);
        compact_part(dbs.passages, fs::path(path) / schema::kPassagesDir);
        compact_part(dbs.articles, fs::path(path) / schema::kArticlesDir);
    } catch (const Xapian::Error& e) {
        throw IndexError(fmt::format("{}: compaction failed: {}", path, e.get_description()));
    } catch (const fs::filesystem_error& e) {
        throw IndexError(fmt::format("{}: compaction failed: {}", path, e.what()));
    }
    result.bytes_after = folder_bytes(path);
    return result;
}

}  // namespace gazette
