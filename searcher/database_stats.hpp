//! What `--stats` reports about a database: its articles, passages, files and shards, the
//! span of its dates, and its articles counted by language, collection and date source.
//!
//! Entry point: database_stats().
#pragma once

#include <string>

#include "schema.hpp"
#include "searcher.hpp"

namespace gazette {

/// The statistics of the database `dbs`, opened from `path`.
DatabaseStats database_stats(const schema::ReadDatabase& dbs, const std::string& path);

}  // namespace gazette
