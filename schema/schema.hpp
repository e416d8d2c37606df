//! The database schema: the contract between gazette-index and gazette-search.
//!
//! This header is the only place a term prefix or value slot is spelled. Everything the indexer
//! writes and the searcher reads goes through the names below.
//!
//! Here is the current schema for our database (version kSchemaVersion).
//!
//! A Gazette database is a folder of shards, `shard-0/`, `shard-1/`, ..., each a Xapian glass
//! database holding one document per article. The indexer writes the shards in parallel, one
//! writer thread each; the searcher opens them all as one Xapian database; `--compact` merges
//! them into a single `shard-0/`. A file's articles and its record ("file:" metadata) always live
//! in one shard, committed together, so an interrupted run leaves every shard consistent.
//!
//! Passages are not documents. An article's body is indexed passage by passage, with term
//! positions, and the document data lists each passage's text and the range of term positions it
//! covers. The searcher ranks articles by BM25 over the whole article and then scores the passages
//! of the best candidates from the positions of the query's terms: only those few articles'
//! position lists are read.
//!
//! Terms (boolean terms are exact; free-text terms are lower-cased and Snowball-stemmed in the
//! article's language, every word, with no "Z" prefix: Xapian's STEM_ALL):
//!
//!   prefix  meaning
//!   ------  -------------------------------------------------------------------------------------
//!   (none)  stems of title (wdf x title_weight) and body words, with positions; CJK n-grams
//!   S       stems of the title words (`title:`), with positions
//!   Q       article key (see article_key()): re-indexing replaces, never duplicates
//!   XF      file key (see file_key()) of the source file
//!   D       date as YYYYMMDD (boolean)
//!   M       year and month as YYYYMM (boolean)
//!   Y       year as YYYY (boolean, `year:`)
//!   L       ISO 639-1 language code, e.g. "en" (boolean, `lang:`)
//!   XS      source: collection and outlet names, lower-cased (boolean, `source:`)
//!
//! Term positions: the S title words from 1; then, after a gap, the title again (unprefixed);
//! then each passage after a gap of its own, so no phrase spans two passages.
//!
//! Value slots:
//!
//!   slot  name             encoding
//!   ----  ---------------  -----------------------------------------------------------------------
//!   0     kSlotDate        "YYYYMMDD" (sorts as a string; empty when the date is unknown)
//!   1     kSlotArticle     article key
//!   2     kSlotPassages    number of passages, Xapian::sortable_serialise
//!   3     kSlotLanguage    ISO 639-1 code
//!   4     kSlotCollection  collection name (the folder or file given to gazette-index)
//!   5     kSlotDateSource  one of "header", "filename", "text", "none"
//!   6     kSlotPassageRanges  each passage's term positions, see encode_passage_ranges(), so
//!                          that passages can be scored without reading the document data
//!                          (databases written before it are read from the data instead)
//!
//! Document data is JSON: the article's id, docno, title, date, date_source, path, line, lang and
//! collection, and "passages": [{"text", "line", "first", "last"}] where first..last is the
//! passage's range of term positions (last < first when it has no words; a story with no body
//! has one passage, its title, covering the unprefixed title's positions).
//!
//! Database metadata (in every shard):
//!
//!   gazette.schema         the schema version, checked by every open
//!   gazette.stemmer        the default stemming language the database was built with
//!   gazette.languages      comma-separated ISO codes of every language articles were stemmed in
//!                          (in this shard; the database's list is the union)
//!   file:<file key>        per source file indexed into this shard: "size mtime_ns articles
//!                          path", written with the file's articles (a file without it is
//!                          re-read from scratch)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace gazette::schema {

inline constexpr std::string_view kSchemaVersion = "2";
inline constexpr std::string_view kSchemaKey = "gazette.schema";
inline constexpr std::string_view kStemmerKey = "gazette.stemmer";
inline constexpr std::string_view kLanguagesKey = "gazette.languages";
inline constexpr std::string_view kFileKeyPrefix = "file:";

inline constexpr std::string_view kPrefixTitle = "S";
inline constexpr std::string_view kPrefixId = "Q";
inline constexpr std::string_view kPrefixFile = "XF";
inline constexpr std::string_view kPrefixDate = "D";
inline constexpr std::string_view kPrefixMonth = "M";
inline constexpr std::string_view kPrefixYear = "Y";
inline constexpr std::string_view kPrefixLanguage = "L";
inline constexpr std::string_view kPrefixSource = "XS";

/// Shard folders are this prefix and a number from 0.
inline constexpr std::string_view kShardPrefix = "shard-";

inline constexpr Xapian::valueno kSlotDate = 0;
inline constexpr Xapian::valueno kSlotArticle = 1;
inline constexpr Xapian::valueno kSlotPassages = 2;
inline constexpr Xapian::valueno kSlotLanguage = 3;
inline constexpr Xapian::valueno kSlotCollection = 4;
inline constexpr Xapian::valueno kSlotDateSource = 5;
inline constexpr Xapian::valueno kSlotPassageRanges = 6;

/// Builds a boolean term from a prefix and a value, hashing values too long for a Xapian term
/// (the limit is 245 bytes) so that any path or id can be used as a key.
std::string make_term(std::string_view prefix, std::string_view value);

/// The boolean term of a case-insensitive field (source, language): `value` lower-cased (ASCII),
/// then as make_term(). The indexer and the query parser both build these terms here.
std::string field_term(std::string_view prefix, std::string_view value);

/// The key under which an article or file is known: the value itself when short, otherwise a
/// readable head plus a hash of the whole.
std::string make_key(std::string_view value);

/// An article's key: 16 hex digits of a 64-bit hash of its id. Ids are long paths sharing long
/// prefixes; short, evenly spread keys make the writer's term maps and B-trees cheaper. (The
/// chance of two of a million articles colliding is about 3e-8.)
std::string article_key(std::string_view article_id);

/// A source file's key, made the same way from its path.
std::string file_key(std::string_view path);

/// True for terms that come from free text (stems, title stems, CJK n-grams) rather than from
/// a boolean field such as a date, language or source.
bool is_free_text_term(std::string_view term);

/// The body term a free-text term stands for: title terms ("Scocoa") lose their prefix.
std::string body_term(std::string_view term);

/// The range of term positions a passage covers; last < first when it has no words.
struct PassageRange {
    Xapian::termpos first = 0;
    Xapian::termpos last = 0;
    bool operator==(const PassageRange&) const = default;
};

/// Passage ranges as kSlotPassageRanges holds them: for each passage, the gap from the end of
/// the one before to its first position and its number of positions, each as an unsigned
/// LEB128 number (7 bits a byte, low bits first, the top bit set on all but the last byte).
std::string encode_passage_ranges(const std::vector<PassageRange>& ranges);

/// The inverse of encode_passage_ranges(); nullopt when `encoded` is not such a list.
std::optional<std::vector<PassageRange>> decode_passage_ranges(std::string_view encoded);

/// A database opened for reading.
struct ReadDatabase {
    Xapian::Database all;                  // every shard, searched as one
    std::vector<Xapian::Database> shards;  // each alone, for metadata
};

/// Opens a database for reading and checks every shard's schema version. Throws IndexError
/// naming the path when the database is missing, foreign or of another schema version.
ReadDatabase open_for_reading(const std::string& path);

/// Opens (creating when absent) a database for writing: its existing shards, and new ones
/// until there are at least `min_shards`. New shards are stamped with the schema version.
/// Throws IndexError when the database is foreign, of another version, or locked.
std::vector<Xapian::WritableDatabase> open_for_writing(const std::string& path,
                                                       unsigned min_shards = 1);

/// The shard folders of the database at `path`, in shard order (empty when there are none).
std::vector<std::string> shard_paths(const std::string& path);

/// The items of a comma-separated list (metadata such as "gazette.languages", option values),
/// empty ones dropped.
std::vector<std::string> split_list(std::string_view listed);

/// `items` joined by commas: the inverse of split_list().
std::string join_list(const std::vector<std::string>& items);

/// The union of every shard's comma-separated `key` lists ("gazette.languages"), in order of
/// first appearance.
std::vector<std::string> listed_in_shards(const std::vector<Xapian::Database>& shards,
                                          std::string_view key);

}  // namespace gazette::schema
