//! Opening a database: its shards, each checked before Xapian reads it, and the schema version.
//! Entry points: open_for_reading(), open_for_writing(), shard_paths() (declared in schema.hpp).
//!
//! Xapian meets some damage only when a read reaches it: a table cut short fails the search that
//! needs its lost blocks, long after the database opened, and a writer could have added to it
//! first. So each shard's files are checked before it is opened: the folder holds a database
//! (iamglass, glass's revision file, is there), and each table is as long as the revision file
//! says it is. Opening for writing checks every existing shard this way, and reads its schema
//! version, before anything is written, so that a damaged database is refused as it was found.
#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <optional>

#include <fmt/format.h>

#include "consistent_read.hpp"
#include "errors.hpp"
#include "schema.hpp"
#include "text.hpp"
#include "varint.hpp"

namespace gazette::schema {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kRestore = "restore it from a copy, or re-index into a new folder";

std::string shard_name(const std::string& shard) { return fs::path(shard).filename().string(); }

/// At most `limit` bytes of `text`, with bytes outside printable ASCII as \xNN: safe to show
/// on one line whatever a damaged file holds.
std::string printable(std::string_view text, std::size_t limit = 40) {
    std::string out;
    for (const char c : text.substr(0, limit)) {
        const auto byte = static_cast<unsigned char>(c);
        out += byte >= 0x20 && byte < 0x7f && c != '\\' ? std::string(1, c)
                                                        : fmt::format("\\x{:02x}", byte);
    }
    return text.size() > limit ? out + "..." : out;
}

/// What a glass revision file says of one of its tables.
struct GlassTable {
    std::string_view name;
    std::uint64_t bytes = 0;  // the blocks in use, up to the first never used, times their size
};

/// The tables of the glass database in `folder` that have blocks, read from its revision file
/// as Xapian 1.4 writes it (glass format 2016-03-14: magic, format, UUID, revision, then for
/// each table its root, flags, entries, block size / 2048, compression threshold and free list,
/// whose second number is the first block never used). Empty when the file is of another format
/// or cannot be parsed: Xapian's own opening then has its say.
std::vector<GlassTable> glass_tables(const fs::path& folder) {
    static constexpr std::string_view kMagic = "\x0f\x0dXapian Glass\x04\x6e";
    static constexpr std::array<std::string_view, 6> kTables = {
        "postlist", "docdata", "termlist", "position", "spelling", "synonym"};
    std::ifstream in(folder / "iamglass", std::ios::binary);
    std::string content(512, '\0');
    in.read(content.data(), static_cast<std::streamsize>(content.size()));
    content.resize(static_cast<std::size_t>(in.gcount()));
    std::string_view rest(content);
    if (!rest.starts_with(kMagic) || rest.size() < kMagic.size() + 16) return {};
    rest.remove_prefix(kMagic.size() + 16);  // and the UUID
    std::uint64_t number = 0;
    if (!detail::get_uint(rest, number)) return {};  // the revision
    std::vector<GlassTable> tables;
    for (const std::string_view name : kTables) {
        std::uint64_t root = 0, flags = 0, entries = 0, block_units = 0, threshold = 0, length = 0;
        if (!detail::get_uint(rest, root) || !detail::get_uint(rest, flags) ||
            !detail::get_uint(rest, entries) || !detail::get_uint(rest, block_units) ||
            !detail::get_uint(rest, threshold) || !detail::get_uint(rest, length) ||
            length > rest.size()) {
            return {};
        }
        std::string_view free_list = rest.substr(0, length);
        rest.remove_prefix(length);
        std::uint64_t first_unused = 0;
        if (detail::get_uint(free_list, number) && detail::get_uint(free_list, first_unused) &&
            first_unused > 0 && block_units > 0 && block_units <= 32) {
            tables.push_back({name, first_unused * (block_units << 11)});
        }
    }
    return tables;
}

/// Throws IndexError when the shard folder holds no database or a table is missing or short.
void check_shard_files(const std::string& path, const std::string& shard) {
    const fs::path folder(shard);
    const std::string name = shard_name(shard);
    std::error_code ec;
    if (fs::is_empty(folder, ec)) {
        throw IndexError(fmt::format("{}: {} is empty: its Xapian database is missing; {}", path,
                                     name, kRestore));
    }
    if (!fs::exists(folder / "iamglass", ec)) {
        if (fs::exists(folder / "iamchert", ec)) return;  // an older backend: Xapian's to open
        throw IndexError(fmt::format("{}: {} is damaged: iamglass, its revision file, is missing; {}",
                                     path, name, kRestore));
    }
    for (const GlassTable& table : glass_tables(folder)) {
        const fs::path file = folder / (std::string(table.name) + ".glass");
        const auto size = fs::file_size(file, ec);
        if (ec) {
            throw IndexError(fmt::format("{}: {} is damaged: {} is missing; {}", path, name,
                                         file.filename().string(), kRestore));
        }
        if (size < table.bytes) {
            throw IndexError(fmt::format("{}: {} is damaged: {} is truncated ({} of {} bytes); {}",
                                         path, name, file.filename().string(), size, table.bytes,
                                         kRestore));
        }
    }
}

void check_version(const Xapian::Database& db, const std::string& path, const std::string& shard) {
    const std::string version = db.get_metadata(std::string(kSchemaKey));
    if (version.empty()) {
        throw IndexError(fmt::format("{}: not a Gazette database ({} has no schema version)", path,
                                     shard_name(shard)));
    }
    if (version.size() > 9 || !all_digits(version)) {
        throw IndexError(fmt::format("{}: {} is damaged: its schema version ({}) reads '{}'; {}",
                                     path, shard_name(shard), kSchemaKey, printable(version),
                                     kRestore));
    }
    if (version != kSchemaVersion) {
        throw IndexError(fmt::format(
            "{}: database has schema version {}, this Gazette reads version {}; re-index it",
            path, version, kSchemaVersion));
    }
}

/// Schema 1 kept two databases, articles/ and passages/, in the folder.
void reject_schema_1(const fs::path& root, const std::string& path) {
    std::error_code ec;
    if (fs::exists(root / "articles" / "iamglass", ec)) {
        throw IndexError(fmt::format(
            "{}: database has schema version 1, this Gazette reads version {}; re-index it into "
            "a new folder", path, kSchemaVersion));
    }
}

/// A new shard is stamped with the schema version when it is created; one left without it by
/// a run that stopped in between is stamped by the next writer.
bool unstamped(const Xapian::Database& db) {
    return db.get_doccount() == 0 && db.get_metadata(std::string(kSchemaKey)).empty();
}

/// Opens one shard for reading after checking its files, and checks its schema version (an
/// unstamped, empty shard passes when `writing`: the writer stamps it).
Xapian::Database open_shard(const std::string& path, const std::string& shard, bool writing) {
    check_shard_files(path, shard);
    try {
        // Opening reads the tables' roots, which a writer committing meanwhile may replace.
        std::optional<Xapian::Database> db;
        read_consistently(
            [&] {
                if (!db) db.emplace(shard);
                if (!(writing && unstamped(*db))) check_version(*db, path, shard);
            },
            [&] { return !db || db->reopen(); }, path, fmt::format("cannot open {}", shard_name(shard)));
        return *db;
    } catch (const Xapian::Error& e) {
        throw_database_error(e, path, fmt::format("cannot open {}", shard_name(shard)));
    }
}

Xapian::WritableDatabase open_writable(const std::string& path, const std::string& shard,
                                       bool exists) {
    try {
        Xapian::WritableDatabase db(shard, exists ? Xapian::DB_OPEN : Xapian::DB_CREATE);
        if (unstamped(db)) {
            db.set_metadata(std::string(kSchemaKey), std::string(kSchemaVersion));
            db.commit();
        }
        check_version(db, path, shard);
        return db;
    } catch (const Xapian::DatabaseLockError&) {
        throw IndexError(fmt::format(
            "{}: database is locked: another gazette-index is writing to it", path));
    } catch (const Xapian::Error& e) {
        throw_database_error(e, path, fmt::format("cannot open {} for writing", shard_name(shard)));
    }
}

}  // namespace

std::vector<std::string> shard_paths(const std::string& path) {
    std::vector<std::pair<unsigned long, std::string>> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(path, ec)) {
        const std::string name = entry.path().filename().string();
        if (!name.starts_with(kShardPrefix) || !entry.is_directory(ec)) continue;
        const std::string number = name.substr(kShardPrefix.size());
        if (number.size() > 9 || !all_digits(number)) continue;
        found.emplace_back(std::stoul(number), entry.path().string());
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> paths;
    for (auto& [number, shard] : found) paths.push_back(std::move(shard));
    return paths;
}

ReadDatabase open_for_reading(const std::string& path) {
    const fs::path root(path);
    if (!fs::exists(root)) {
        throw IndexError(fmt::format("{}: no database here (run gazette-index first, or pass --db)",
                                     path));
    }
    reject_schema_1(root, path);
    const std::vector<std::string> paths = shard_paths(path);
    if (paths.empty()) {
        throw IndexError(fmt::format("{}: not a Gazette database (no {}0/ inside)", path,
                                     kShardPrefix));
    }
    ReadDatabase db;
    for (const std::string& shard : paths) {
        db.shards.push_back(open_shard(path, shard, false));
        db.all.add_database(db.shards.back());
    }
    return db;
}

std::vector<Xapian::WritableDatabase> open_for_writing(const std::string& path,
                                                       unsigned min_shards) {
    const fs::path root(path);
    std::error_code ec;
    if (fs::exists(root) && !fs::is_directory(root)) {
        throw IndexError(fmt::format("{}: exists and is not a Gazette database folder", path));
    }
    reject_schema_1(root, path);
    std::vector<std::string> paths = fs::is_directory(root) ? shard_paths(path)
                                                            : std::vector<std::string>{};
    if (fs::is_directory(root) && !fs::is_empty(root, ec) && paths.empty()) {
        throw IndexError(fmt::format(
            "{}: folder exists and is not a Gazette database; refusing to write into it", path));
    }
    // Every shard is checked as a reader checks it before the first is opened for writing,
    // which already writes (a lock file, a schema version).
    for (const std::string& shard : paths) open_shard(path, shard, true);
    const std::size_t existing = paths.size();
    fs::create_directories(root, ec);
    if (ec) throw IndexError(fmt::format("{}: cannot create: {}", path, ec.message()));
    while (paths.size() < std::max(1U, min_shards)) {
        paths.push_back((root / fmt::format("{}{}", kShardPrefix, paths.size())).string());
    }
    std::vector<Xapian::WritableDatabase> shards;
    for (std::size_t i = 0; i < paths.size(); ++i) {
        shards.push_back(open_writable(path, paths[i], i < existing));
    }
    return shards;
}

}  // namespace gazette::schema
