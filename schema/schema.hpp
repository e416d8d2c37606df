//! The database schema: the contract between gazette-index and gazette-search.
//!
//! This header is the only place a term prefix or value slot is spelled. Everything the indexer
//! writes and the searcher reads goes through the names below.
//!
//! Here is the current schema for our database (version kSchemaVersion).
//!
//! A Gazette database is a folder holding two Xapian databases:
//!
//!  * `articles/`: one document per article, carrying the whole title and body as terms (for
//!    article-level ranking) and the article's metadata as JSON document data;
//!  * `passages/`: one document per passage of an article, carrying that passage's words (and
//!    the title's, prefixed) and, as document data, the passage text itself.
//!
//! Keeping them apart gives each level its own BM25 statistics (document frequencies and
//! lengths of articles are not mixed with those of passages) and keeps article postings short.
//! The writer commits passages before articles, and per-file records live in `articles/`, so an
//! interrupted commit at worst leaves passages of a file that the next run re-indexes anyway.
//!
//! Terms (boolean terms are exact, free-text terms are lower-cased and Snowball-stemmed):
//!
//!   prefix  on        meaning
//!   ------  --------  -------------------------------------------------------------------------
//!   (none)  both      words of title and body, with positions; stemmed forms are "Z"+stem
//!   S       both      words of the title (free text, `title:`), with positions
//!   Q       article   article key (see article_key()): re-indexing replaces, never duplicates
//!   XP      passage   the article key of the passage's article (links passages to articles)
//!   XF      both      file key (see file_key()) of the source file
//!   D       both      date as YYYYMMDD (boolean)
//!   M       both      year and month as YYYYMM (boolean)
//!   Y       both      year as YYYY (boolean, `year:`)
//!   L       both      ISO 639-1 language code, e.g. "en" (boolean, `lang:`)
//!   XS      both      source: collection and outlet names, lower-cased (boolean, `source:`)
//!
//! Value slots:
//!
//!   slot  name            encoding
//!   ----  --------------  -----------------------------------------------------------------------
//!   0     kSlotDate       "YYYYMMDD" (sorts as a string; empty when the date is unknown)
//!   1     kSlotArticle    article key; the collapse key for passages
//!   2     kSlotPassage    passage number within its article, Xapian::sortable_serialise
//!   3     kSlotLanguage   ISO 639-1 code
//!   4     kSlotCollection collection name (the folder or file given to gazette-index)
//!   5     kSlotDateSource one of "header", "filename", "text", "none"
//!
//! Document data is JSON; see document_data.hpp. Database metadata:
//!
//!   gazette.schema         the schema version, checked by every open
//!   gazette.stemmer        the default stemming language the database was built with
//!   gazette.languages      comma-separated ISO codes of every language articles were stemmed in
//!   file:<file key>        per source file: "size mtime_ns articles", written once the file is
//!                          completely indexed (a file without it is re-read from scratch)
#pragma once

#include <string>
#include <string_view>

#include <xapian.h>

namespace gazette::schema {

inline constexpr std::string_view kSchemaVersion = "1";
inline constexpr std::string_view kSchemaKey = "gazette.schema";
inline constexpr std::string_view kStemmerKey = "gazette.stemmer";
inline constexpr std::string_view kLanguagesKey = "gazette.languages";
inline constexpr std::string_view kFileKeyPrefix = "file:";

inline constexpr std::string_view kPrefixTitle = "S";
inline constexpr std::string_view kPrefixId = "Q";
inline constexpr std::string_view kPrefixParent = "XP";
inline constexpr std::string_view kPrefixFile = "XF";
inline constexpr std::string_view kPrefixDate = "D";
inline constexpr std::string_view kPrefixMonth = "M";
inline constexpr std::string_view kPrefixYear = "Y";
inline constexpr std::string_view kPrefixLanguage = "L";
inline constexpr std::string_view kPrefixSource = "XS";

inline constexpr std::string_view kArticlesDir = "articles";
inline constexpr std::string_view kPassagesDir = "passages";

inline constexpr Xapian::valueno kSlotDate = 0;
inline constexpr Xapian::valueno kSlotArticle = 1;
inline constexpr Xapian::valueno kSlotPassage = 2;
inline constexpr Xapian::valueno kSlotLanguage = 3;
inline constexpr Xapian::valueno kSlotCollection = 4;
inline constexpr Xapian::valueno kSlotDateSource = 5;

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

/// True for terms that come from free text (words, stems, title words, CJK n-grams) rather
/// than from a boolean field such as a date, language or source.
bool is_free_text_term(std::string_view term);

/// The two halves of a Gazette database, opened for reading.
struct ReadDatabases {
    Xapian::Database articles;
    Xapian::Database passages;
};

/// The two halves of a Gazette database, opened for writing.
struct WriteDatabases {
    Xapian::WritableDatabase articles;
    Xapian::WritableDatabase passages;

    /// Commits passages, then articles (which hold the per-file records).
    void commit();
};

/// Opens a database for reading and checks its schema version. Throws IndexError naming the
/// path when the database is missing, foreign or of another schema version.
ReadDatabases open_for_reading(const std::string& path);

/// Opens (creating when absent) a database for writing, stamping or checking the schema
/// version. Throws IndexError when the database is foreign, of another version, or locked.
WriteDatabases open_for_writing(const std::string& path);

}  // namespace gazette::schema
