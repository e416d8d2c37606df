//! Opening a database: its shards, each checked before Xapian reads it, and the schema version.
//! Entry points: open_for_reading(), open_for_writing(), shard_paths() (declared in schema.hpp).
//!
//! The folder's layout and each shard's files are checked first (shard_files.hpp); then each
//! shard's schema version and compression dictionary, and that no shard the others count is
//! gone. Opening for writing checks every existing shard this way before anything is written,
//! so that a damaged database is refused as it was found. A new shard is made complete under a
//! temporary name and then renamed into place, so that a run stopped while creating one leaves
//! nothing a later run could mistake for a damaged shard.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "article_data.hpp"
#include "consistent_read.hpp"
#include "errors.hpp"
#include "schema.hpp"
#include "shard_files.hpp"
#include "text.hpp"

namespace gazette::schema {
namespace fs = std::filesystem;
using detail::printable;
using detail::repair_advice;
using detail::shard_name;

namespace {

void check_version(const Xapian::Database& db, const std::string& path, const std::string& shard) {
    const std::string version = db.get_metadata(std::string(kSchemaKey));
    if (version.empty()) {
        throw IndexError(fmt::format("{}: not a Gazette database ({} has no schema version)", path,
                                     shard_name(shard)));
    }
    if (version.size() > 9 || !all_digits(version)) {
        throw IndexError(fmt::format("{}: {} is damaged: its schema version ({}) reads '{}'; {}",
                                     path, shard_name(shard), kSchemaKey, printable(version),
                                     repair_advice(shard_name(shard))));
    }
    if (version != kSchemaVersion) {
        throw IndexError(fmt::format(
            "{}: database has schema version {}, this Gazette reads version {}; re-index it",
            path, version, kSchemaVersion));
    }
}

/// What a shard keeps that the indexer copies or depends on, checked before it is used: the
/// compression dictionary must be one (garbage there would be copied into every shard and make
/// the articles compressed with it unreadable) and the shard count a number.
void check_metadata(const Xapian::Database& db, const std::string& path, const std::string& shard) {
    const std::string dictionary = db.get_metadata(std::string(kDictionaryKey));
    if (!dictionary.empty() && !is_dictionary(dictionary)) {
        throw IndexError(fmt::format(
            "{}: {} is damaged: its compression dictionary ({}) is not a zstd dictionary "
            "(starts '{}'); {}",
            path, shard_name(shard), kDictionaryKey, printable(dictionary, 16),
            repair_advice(shard_name(shard))));
    }
    const std::string count = db.get_metadata(std::string(kShardsKey));
    if (!count.empty() && (count.size() > 4 || !all_digits(count))) {
        throw IndexError(fmt::format("{}: {} is damaged: its shard count ({}) reads '{}'; {}", path,
                                     shard_name(shard), kShardsKey, printable(count),
                                     repair_advice(shard_name(shard))));
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

/// An empty shard without a schema version: what a run of an earlier Gazette left when it
/// stopped between creating a shard and stamping it. The next writer stamps it.
bool unstamped(const Xapian::Database& db) {
    return db.get_doccount() == 0 && db.get_metadata(std::string(kSchemaKey)).empty();
}

/// Opens one shard for reading after checking its files, and checks its schema version (an
/// unstamped, empty shard passes when `writing`: the writer stamps it) and metadata.
Xapian::Database open_shard(const std::string& path, const std::string& shard, bool writing) {
    detail::check_shard_files(path, shard);
    try {
        // Opening reads the tables' roots, which a writer committing meanwhile may replace.
        std::optional<Xapian::Database> db;
        read_consistently(
            [&] {
                if (!db) db.emplace(shard);
                if (!(writing && unstamped(*db))) check_version(*db, path, shard);
                check_metadata(*db, path, shard);
            },
            [&] { return !db || db->reopen(); }, path, fmt::format("cannot open {}", shard_name(shard)));
        return *db;
    } catch (const Xapian::Error& e) {
        throw_database_error(e, path, fmt::format("cannot open {}", shard_name(shard)));
    }
}

/// The number of shards the database had when it was last written, as its shards record it
/// (the largest count; 0 when none records one, as in databases written before the count).
std::size_t recorded_shards(const std::vector<Xapian::Database>& shards) {
    std::size_t count = 0;
    for (const Xapian::Database& shard : shards) {
        const std::string value = shard.get_metadata(std::string(kShardsKey));
        if (!value.empty()) count = std::max<std::size_t>(count, std::stoul(value));
    }
    return count;
}

/// Throws IndexError naming the first shard that the shards' own count says is missing;
/// `rebuilt` are shards about to be made again.
void check_none_missing(const std::string& path, const std::vector<Xapian::Database>& shards,
                        std::size_t found, const std::set<unsigned>& rebuilt = {}) {
    const std::size_t recorded = recorded_shards(shards);
    for (std::size_t n = found; n < recorded; ++n) {
        if (rebuilt.count(static_cast<unsigned>(n)) != 0) continue;
        const std::string name = fmt::format("{}{}", kShardPrefix, n);
        throw IndexError(fmt::format("{}: {} is missing (the database has {} shards); {}", path, name,
                                     recorded, repair_advice(name)));
    }
}

/// Holds an exclusive lock on the database folder itself (flock(2) on the folder: nothing is
/// written for it) while a writer checks, repairs and adds shards; each shard's own Xapian lock
/// guards it afterwards.
class FolderLock {
  public:
    explicit FolderLock(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
        if (fd_ < 0) throw IndexError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
        if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            ::close(fd_);
            throw IndexError(fmt::format(
                "{}: database is locked: another gazette-index is writing to it", path));
        }
    }
    ~FolderLock() { ::close(fd_); }
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

  private:
    int fd_;
};

Xapian::WritableDatabase open_writable(const std::string& path, const std::string& shard) {
    try {
        Xapian::WritableDatabase db(shard, Xapian::DB_OPEN);
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

/// Creates `shard` complete (stamped with the schema version and the shard count) under its
/// temporary name, then moves it into place.
void create_shard(const std::string& path, const std::string& shard, std::size_t total) {
    const std::string building = detail::unfinished_shard(shard);
    try {
        fs::remove_all(building);
        Xapian::WritableDatabase db(building, Xapian::DB_CREATE);
        db.set_metadata(std::string(kSchemaKey), std::string(kSchemaVersion));
        db.set_metadata(std::string(kShardsKey), std::to_string(total));
        db.commit();
        db.close();
        fs::rename(building, shard);
    } catch (const Xapian::DatabaseCreateError& e) {
        // Creating is writing, even when Xapian keeps no errno to say why it failed ("Failed
        // to create iamglass file": its version file's rename refused).
        throw WriteError(fmt::format("{}: cannot create {}: {}", path, shard_name(shard),
                                     e.get_description()));
    } catch (const Xapian::Error& e) {
        throw_database_error(e, path, fmt::format("cannot create {}", shard_name(shard)));
    } catch (const fs::filesystem_error& e) {
        const std::string reason = write_failure_reason(e.code().value());
        const std::string message = fmt::format("{}: cannot create {}: {}", path, shard_name(shard),
                                                reason.empty() ? e.code().message() : reason);
        if (!reason.empty()) throw WriteError(message);
        throw IndexError(message);
    }
}

/// Creates the database folder when it is absent: readable by its owner only, since it holds
/// the text of every article indexed (the sources' own permissions are not carried over).
void create_folder(const std::string& path) {
    std::error_code ec;
    if (fs::exists(path, ec)) return;
    const fs::path parent = fs::path(path).parent_path();
    if (!parent.empty()) fs::create_directories(parent, ec);
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
        const int code = errno;
        const std::string reason = write_failure_reason(code);
        if (!reason.empty()) throw WriteError(fmt::format("{}: cannot create: {}", path, reason));
        throw IndexError(fmt::format("{}: cannot create: {}", path,
                                     code == EACCES ? "permission denied" : std::strerror(code)));
    }
}

/// Throws IndexError saying "permission denied" when the user may not write into the database
/// folder or one of its shards (Xapian would report it as a lock it cannot take), WriteError
/// when the folder is on a read-only filesystem (Xapian's report would be a lock, too).
void check_writable(const std::string& path, const std::vector<std::string>& shards) {
    for (const std::string& folder : shards) {
        if (::access(folder.c_str(), W_OK | X_OK) != 0 && errno == EACCES) {
            throw IndexError(fmt::format("{}: permission denied: cannot write to {}", path,
                                         detail::shard_name(folder)));
        }
    }
    if (::access(path.c_str(), W_OK | X_OK) != 0) {
        if (errno == EACCES) {
            throw IndexError(fmt::format("{}: permission denied: cannot write to the database", path));
        }
        if (errno == EROFS) {
            throw WriteError(fmt::format("{}: cannot write to the database: {}", path,
                                         write_failure_reason(EROFS)));
        }
    }
}

/// The existing shards checked as a reader checks them (all but those to be rebuilt), before
/// anything is written.
std::vector<Xapian::Database> check_existing(const std::string& path,
                                             const std::vector<std::string>& paths,
                                             const std::set<unsigned>& rebuild) {
    std::vector<Xapian::Database> checked;
    for (std::size_t n = 0; n < paths.size(); ++n) {
        if (rebuild.count(static_cast<unsigned>(n)) == 0) {
            checked.push_back(open_shard(path, paths[n], true));
        }
    }
    check_none_missing(path, checked, paths.size(), rebuild);
    return checked;
}

/// Stamps every shard with the number of shards, so that a reader can tell when one is gone.
void record_shard_count(const std::string& path, std::vector<Xapian::WritableDatabase>& shards) {
    const std::string count = std::to_string(shards.size());
    try {
        for (Xapian::WritableDatabase& shard : shards) {
            if (shard.get_metadata(std::string(kShardsKey)) == count) continue;
            shard.set_metadata(std::string(kShardsKey), count);
            shard.commit();
        }
    } catch (const Xapian::Error& e) {
        throw_database_error(e, path, "cannot record the shard count");
    }
}

}  // namespace

void check_shard_tables(const std::string& path) { detail::check_tables(path, detail::list_shards(path)); }

std::vector<std::string> shard_paths(const std::string& path) {
    std::vector<std::string> paths;
    std::error_code ec;
    if (!fs::is_directory(path, ec)) return paths;
    try {
        return detail::list_shards(path);
    } catch (const IndexError&) {
        return paths;
    }
}

std::string shard_layout(const std::string& path) {
    std::string layout;
    for (const std::string& shard : detail::list_shards(path)) {
        struct stat st {};
        if (::stat(shard.c_str(), &st) != 0) {
            throw IndexError(fmt::format("{}: cannot read shard {}: {}", path, shard_name(shard),
                                         std::strerror(errno)));
        }
        layout += fmt::format("{}:{};", st.st_dev, st.st_ino);
    }
    return layout;
}


bool ReadDatabase::has_remote() const {
    return std::any_of(addresses.begin(), addresses.end(), [](const std::string& a) { return !a.empty(); });
}

namespace {

/// Opens the remote shard served at `address` and checks it as a local one is checked; an
/// IndexError names the shard and the address when the server cannot be reached.
Xapian::Database open_remote_shard(const std::string& path, const std::string& shard,
                                   const RemoteAddress& address, const ReadOptions& options) {
    const std::string name = shard_name(shard);
    try {
        Xapian::Database db = Xapian::Remote::open(address.host, address.port, options.timeout_ms,
                                                   options.connect_timeout_ms);
        check_version(db, path, shard);
        check_metadata(db, path, shard);
        return db;
    } catch (const Xapian::NetworkError& e) {
        throw IndexError(fmt::format("{}: {} at {} is not answering ({}): is its xapian-tcpsrv running?",
                                     path, name, address.spelled(), printable(e.get_msg(), 160)));
    } catch (const Xapian::Error& e) {
        throw_database_error(e, path, fmt::format("cannot open {} at {}", name, address.spelled()));
    }
}

}  // namespace

std::string unreachable_shard(const ReadDatabase& db) {
    for (std::size_t i = 0; i < db.shards.size() && i < db.addresses.size(); ++i) {
        if (db.addresses[i].empty()) continue;
        try {
            Xapian::Database probe = db.shards[i];
            probe.keep_alive();
        } catch (const Xapian::Error&) {
            return fmt::format("{} at {}", db.names[i], db.addresses[i]);
        }
    }
    return {};
}

ReadDatabase open_for_reading(const std::string& path, const ReadOptions& options) {
    const fs::path root(path);
    if (!fs::exists(root)) {
        throw IndexError(fmt::format("{}: no database here (run gazette-index first, or pass --db)",
                                     path));
    }
    reject_schema_1(root, path);
    const std::vector<std::string> paths = detail::list_shards(path);
    if (paths.empty()) {
        throw IndexError(fmt::format("{}: not a Gazette database (no {}0/ inside)", path,
                                     kShardPrefix));
    }
    ReadDatabase db;
    for (const std::string& shard : paths) {
        const auto remote = detail::remote_address(shard);
        if (!remote) {
            db.shards.push_back(open_shard(path, shard, false));
        } else {
            try {
                db.shards.push_back(open_remote_shard(path, shard, *remote, options));
            } catch (const IndexError& e) {
                if (!options.allow_partial) throw;
                db.missing.push_back(fmt::format("{} ({})", shard_name(shard), remote->spelled()));
                continue;
            }
        }
        db.names.push_back(shard_name(shard));
        db.addresses.push_back(remote ? remote->spelled() : "");
        db.all.add_database(db.shards.back());
    }
    if (db.shards.empty()) {
        throw IndexError(fmt::format("{}: no shard answers (missing: {})", path, join_list(db.missing)));
    }
    // The shards' own count would name the first shard after those that answered: the missing
    // ones are listed instead.
    if (db.missing.empty()) check_none_missing(path, db.shards, db.shards.size());
    return db;
}

WriteDatabase open_for_writing(const std::string& path, const WriteOptions& options) {
    const fs::path root(path);
    std::error_code ec;
    if (fs::exists(root) && !fs::is_directory(root)) {
        throw IndexError(fmt::format("{}: exists and is not a Gazette database folder", path));
    }
    reject_schema_1(root, path);
    create_folder(path);
    WriteDatabase db;
    db.lock = std::make_shared<FolderLock>(path);
    std::vector<std::string> paths = detail::list_shards(path);
    check_writable(path, paths);
    const std::vector<std::string> unfinished = detail::unfinished_shards(path);
    const auto entries = std::distance(fs::directory_iterator(root, ec), fs::directory_iterator());
    if (paths.empty() && entries != static_cast<long>(unfinished.size())) {
        throw IndexError(fmt::format(
            "{}: folder exists and is not a Gazette database; refusing to write into it", path));
    }
    const std::set<unsigned> rebuild(options.rebuild.begin(), options.rebuild.end());
    const std::vector<Xapian::Database> checked = check_existing(path, paths, rebuild);
    const std::size_t recorded = std::max(recorded_shards(checked), paths.size());
    for (const unsigned n : rebuild) {
        if (n >= recorded) {
            throw UsageError(fmt::format("--rebuild-shard {}: {} has {} shards (0 to {})", n, path,
                                         recorded, recorded - 1));
        }
    }
    for (const std::string& folder : unfinished) {
        fs::remove_all(folder, ec);
        db.notes.push_back(fmt::format("{}: removed {}, a shard a stopped run was creating", path,
                                       fs::path(folder).filename().string()));
    }
    const std::size_t total = std::max<std::size_t>({recorded, options.min_shards, 1});
    if (std::any_of(checked.begin(), checked.end(), [&](const Xapian::Database& shard) {
            return shard.get_metadata(std::string(kShardsKey)) != std::to_string(total);
        })) {
        // Existing shards are about to be written (their shard count): check them first.
        std::vector<std::string> kept;
        for (std::size_t n = 0; n < paths.size(); ++n) {
            if (rebuild.count(static_cast<unsigned>(n)) == 0) kept.push_back(paths[n]);
        }
        detail::check_tables(path, kept);
        db.tables_checked = true;
    }
    for (std::size_t n = 0; n < total; ++n) {
        const std::string shard = (root / fmt::format("{}{}", kShardPrefix, n)).string();
        if (rebuild.count(static_cast<unsigned>(n)) != 0) {
            fs::remove_all(shard, ec);
            db.notes.push_back(fmt::format("{}: {} emptied to be rebuilt: the files it held are "
                                           "indexed again from this run's inputs",
                                           path, shard_name(shard)));
            create_shard(path, shard, total);
        } else if (n >= paths.size()) {
            create_shard(path, shard, total);
        }
        db.shards.push_back(open_writable(path, shard));
    }
    record_shard_count(path, db.shards);
    return db;
}

}  // namespace gazette::schema
