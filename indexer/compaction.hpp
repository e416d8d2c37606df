//! Compacting a Gazette database into its read-optimised form.
//!
//! Entry point: compact_database(). Both halves (articles/, passages/) are rewritten by Xapian's
//! compactor into fresh, fully packed B-trees, then swapped in place. The database stays usable
//! for indexing afterwards.
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
