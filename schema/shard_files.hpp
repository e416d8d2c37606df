//! What a database folder and its shards' files must look like before Xapian opens them.
//!
//! Entry points: list_shards() and check_shard_files(). Xapian meets some damage only when a
//! read reaches it: a table cut short fails the search that needs its lost blocks, long after
//! the database opened, and a writer could have added to it first. And Xapian opens what it
//! is pointed at: a stub file (XAPIANDB) inside a folder sends it to another database or a TCP
//! port. So a database folder is checked first: its shards are folders numbered from 0 without
//! a gap, none holds a stub, each holds a glass database (iamglass, glass's revision file, is
//! there) whose tables are as long as the revision file says. Private to schema/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema.hpp"

namespace gazette::schema::detail {

/// A shard folder's name ("shard-3") from its path.
std::string shard_name(const std::string& shard);

/// What the user is told to do about the damaged or missing shard `name` ("shard-3"): restore
/// it, or rebuild it with gazette-index --rebuild-shard 3, which indexes its files again.
std::string repair_advice(std::string_view name);

/// At most `limit` bytes of `text`, with bytes outside printable ASCII as \xNN: safe to show
/// on one line whatever a damaged file holds.
std::string printable(std::string_view text, std::size_t limit = 40);

/// The server a remote shard names: a shard folder holding nothing but an XAPIANDB stub of one
/// line, "remote HOST:PORT" (as Xapian spells a TCP remote database); nullopt for any other
/// folder. Gazette opens the server itself, with its timeouts (database.cpp), never following
/// any other kind of stub.
std::optional<RemoteAddress> remote_address(const std::string& shard);

/// The shard folders of the database at `path` in shard order, checked: an entry named like a
/// shard that is not a folder, a number missing between 0 and the last, or a stub file
/// (XAPIANDB) in the database folder or a shard (but a remote shard's, remote_address()) is an IndexError naming the database and the
/// shard. Shards being created (`shard-N.new`) are not listed.
std::vector<std::string> list_shards(const std::string& path);

/// Throws IndexError when the shard folder holds no database or a table is missing or shorter
/// than the revision file says.
void check_shard_files(const std::string& path, const std::string& shard);

/// Throws IndexError when Xapian's own check (what xapian-check runs) finds damage inside any
/// of the tables of the shards at `shards`, checked in parallel: damage a table's size does not
/// show, which a writer would otherwise build on. Reads every block: about 0.3 s for a 25 MB
/// shard.
void check_tables(const std::string& path, const std::vector<std::string>& shards);

/// The folder a new shard is created in before it takes its place under its own name, so that
/// a shard folder always holds a complete database: `shard` with ".new".
std::string unfinished_shard(const std::string& shard);

/// The unfinished shards (see unfinished_shard()) a stopped run left in the database folder.
std::vector<std::string> unfinished_shards(const std::string& path);

}  // namespace gazette::schema::detail
