//! Compacting a Gazette database into its read-optimised form.
//!
//! Entry point: compact_database(). Every shard is merged by Xapian's compactor into one fresh,
//! fully packed shard-0, which then replaces them. The database stays usable for indexing
//! afterwards (later runs add shards again when they use more threads).
#pragma once

#include <cstdint>
#include <string>

namespace gazette {

struct CompactionResult {
    std::uint64_t bytes_before = 0;
    std::uint64_t bytes_after = 0;
};

/// Holds the write lock while compacting, so no indexer can write meanwhile. Throws IndexError.
CompactionResult compact_database(const std::string& path);

}  // namespace gazette
