//! Database compaction; see compaction.hpp.
#include "compaction.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <xapian.h>

#include "errors.hpp"
#include "schema.hpp"
#include "stories.hpp"

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

/// Removes the merged copy a compaction that failed was writing (on a full disk, the space it
/// holds is what the next run needs), unless the swap had begun: then it may be all there is.
void discard_copy(const fs::path& fresh, bool swapping) {
    std::error_code ec;
    if (!swapping) fs::remove_all(fresh, ec);
}

}  // namespace

CompactionResult compact_database(const std::string& path) {
    CompactionResult result;
    result.bytes_before = folder_bytes(path);
    const fs::path root(path);
    const fs::path fresh = root / "compacting";
    bool swapping = false;
    try {
        // Opening for writing takes every shard's lock (and checks the schema); the compactor
        // reads the last committed state of all shards through a reader over them.
        schema::WriteDatabase opened = schema::open_for_writing(path);
        std::vector<Xapian::WritableDatabase>& shards = opened.shards;
        const std::vector<std::string> paths = schema::shard_paths(path);
        Xapian::Database all;
        for (const Xapian::WritableDatabase& shard : shards) all.add_database(shard);
        fs::remove_all(fresh);
        schema::make_private_folder(fresh.string());
        // Merged shards keep each shard's metadata; the first shard's value wins for keys they
        // share (schema, stemmer), so the languages are merged by hand below.
        all.compact(fresh.string(), Xapian::DBCOMPACT_MULTIPASS);
        std::vector<Xapian::Database> readers(shards.begin(), shards.end());
        const auto languages = schema::listed_in_shards(readers, schema::kLanguagesKey);
        {
            Xapian::WritableDatabase merged(fresh.string(), Xapian::DB_OPEN);
            merged.set_metadata(std::string(schema::kLanguagesKey), schema::join_list(languages));
            merged.set_metadata(std::string(schema::kShardsKey), "1");
            // Docids change: every article is marked assigned if every shard's was, else the
            // next run's story pass looks at them all again (keeping the stories they have).
            const bool assigned = std::all_of(readers.begin(), readers.end(), [](const Xapian::Database& shard) {
                return shard.get_metadata(std::string(schema::kStoriesKey)) ==
                       std::to_string(shard.get_lastdocid());
            });
            merged.set_metadata(std::string(schema::kStoriesKey), "");
            if (assigned) {
                mark_stories_assigned(merged);
            } else {
                merged.commit();
            }
        }
        shards.clear();  // release the locks before the folders move
        // Swap in: the old shards step aside, the merged one becomes shard-0, then the old go.
        std::vector<fs::path> old;
        swapping = true;
        for (const std::string& shard : paths) {
            old.push_back(shard + ".old");
            fs::remove_all(old.back());
            fs::rename(shard, old.back());
        }
        fs::rename(fresh, root / (std::string(schema::kShardPrefix) + "0"));
        for (const fs::path& folder : old) fs::remove_all(folder);
    } catch (const Xapian::Error& e) {
        discard_copy(fresh, swapping);
        throw_database_error(e, path, "compaction failed");
    } catch (const fs::filesystem_error& e) {
        discard_copy(fresh, swapping);
        throw IndexError(fmt::format("{}: compaction failed: {}", path, e.what()));
    }
    result.bytes_after = folder_bytes(path);
    return result;
}

}  // namespace gazette
