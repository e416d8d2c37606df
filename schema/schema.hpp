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
//! positions are read.
//!
//! Positions are not in Xapian's position table: there every term of every article is an entry
//! of its own, about 17 bytes each, and a million articles took 3.8 GB, more than all the rest.
//! Each article's positions are one value instead (kSlotTokens, about a byte a word), and the
//! searcher checks phrases, NEAR and proximity against it (searcher/position_check.hpp).
//!
//! Terms (boolean terms are exact; free-text terms are lower-cased and Snowball-stemmed in the
//! article's language, every word, with no "Z" prefix: Xapian's STEM_ALL):
//!
//!   prefix  meaning
//!   ------  -------------------------------------------------------------------------------------
//!   (none)  stems of title (wdf x title_weight) and body words, positioned; CJK n-grams
//!   S       stems of the title words (`title:`), positioned
//!   Q       article key (see article_key()): re-indexing replaces, never duplicates
//!   XF      file key (see file_key()) of the source file
//!   D       date as YYYYMMDD (boolean)
//!   M       year and month as YYYYMM (boolean)
//!   Y       year as YYYY (boolean, `year:`)
//!   L       ISO 639-1 language code, e.g. "en" (boolean, `lang:`)
//!   XS      source: collection and outlet names, lower-cased (boolean, `source:`)
//!   XO      outlet: each outlet the source names (a newsgroup, a JSON or CSV source field, a
//!           feed's title, a page's site name, a WARC host), lower-cased (boolean, `outlet:`)
//!   XN      SimHash band: "XN", the band (0-3) and its 16 bits in hex, so near-copies (at most
//!           3 bits apart: one band equal) are found by term (indexer/story_features.hpp)
//!   XE      exact-copy key of an article too short for a SimHash: "XE" and 16 hex digits
//!   XT      story id (boolean, `story:`), on the articles of a story of two or more
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
//!   5     kSlotDateSource  one of "header", "filename", "text", "crawl", "none"
//!   6     kSlotPassageRanges  each passage's term positions, see encode_passage_ranges(), so
//!                          that passages can be scored without reading the document data
//!   7     kSlotTokens      every positioned word: its position and its term, see encode_tokens()
//!   8     kSlotStory       the story id of an article in a story of two or more (the article key
//!                          of its first report, docs/stories.md); empty for an article alone,
//!                          which Xapian's collapsing then leaves alone
//!   9     kSlotFingerprint SimHash of the article's own text as 16 hex digits, or "=" and its
//!                          exact-copy key for a short text; empty when too short for either
//!   10    kSlotOutlet      the first outlet the source names, as spelled (empty when none):
//!                          counted by --stats and facets; the stored data lists them all
//!   11    kSlotDateTime    "YYYYMMDDHHMMSS" when the source gives a time of day (its own clock), else
//!                          "YYYYMMDD" (empty when undated): what --sort date orders by, so
//!                          articles of one day keep their order of publication
//!   12    kSlotTermTable   the positioned terms and their ranks, see encode_term_table(), so that
//!                          positions_in() needs no term list: over a remote shard, a term list is
//!                          a message a term, this value comes with the document (absent in
//!                          databases written before it, which then read the term list)
//!   13    kSlotLead        the stems of the title and lead (the first 60 words of the article's
//!                          own text), stopwords and words with digits left out, space-separated:
//!                          what the story pass compares reports by
//!
//! Document data is JSON (stored compressed once the database has a dictionary, see
//! article_data.hpp), its keys and types defined in stored_article.hpp: the article's id, docno,
//! title, date, time, date_source, path, line, lang, collection and outlets, and its passages'
//! text and line, in the order of kSlotPassageRanges (a story with no body has one passage, its title,
//! covering the unprefixed title's positions).
//!
//! Database metadata (in every shard):
//!
//!   gazette.schema         the schema version, checked by every open
//!   gazette.stemmer        the default stemming language the database was built with
//!   gazette.dictionary     the zstd dictionary article data is compressed with, in each shard
//!                          holding compressed data (article_data.hpp)
//!   gazette.languages      comma-separated ISO codes of every language articles were stemmed in
//!                          (in this shard; the database's list is the union), written before
//!                          the first article of a new language, so in the same commit
//!   gazette.stories        the last docid of this shard the story pass has assigned (docids after
//!                          it are new articles; indexer/stories.hpp)
//!   gazette.shards         how many shards the database has, so that a missing one is noticed
//!                          (absent in databases written before it was kept)
//!   file:<file key>        per source file indexed into this shard: "size mtime_ns articles
//!                          path", or "size mtime_ns articles o=OPTIONS path" when it was read
//!                          with other than the default reading options (OPTIONS: 16 hex
//!                          digits, indexer/reading_options.hpp fingerprint()), written with
//!                          the file's articles (a file without it is re-read from scratch; one
//!                          whose options differ is read again)
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "date.hpp"

namespace gazette::schema {

inline constexpr std::string_view kSchemaVersion = "5";
inline constexpr std::string_view kSchemaKey = "gazette.schema";
inline constexpr std::string_view kStemmerKey = "gazette.stemmer";
inline constexpr std::string_view kLanguagesKey = "gazette.languages";
inline constexpr std::string_view kShardsKey = "gazette.shards";
inline constexpr std::string_view kStoriesKey = "gazette.stories";
inline constexpr std::string_view kFileKeyPrefix = "file:";

inline constexpr std::string_view kPrefixTitle = "S";
inline constexpr std::string_view kPrefixId = "Q";
inline constexpr std::string_view kPrefixFile = "XF";
inline constexpr std::string_view kPrefixDate = "D";
inline constexpr std::string_view kPrefixMonth = "M";
inline constexpr std::string_view kPrefixYear = "Y";
inline constexpr std::string_view kPrefixLanguage = "L";
inline constexpr std::string_view kPrefixSource = "XS";
inline constexpr std::string_view kPrefixOutlet = "XO";
inline constexpr std::string_view kPrefixBand = "XN";
inline constexpr std::string_view kPrefixExactCopy = "XE";
inline constexpr std::string_view kPrefixStory = "XT";

/// Shard folders are this prefix and a number from 0.
inline constexpr std::string_view kShardPrefix = "shard-";

inline constexpr Xapian::valueno kSlotDate = 0;
inline constexpr Xapian::valueno kSlotArticle = 1;
inline constexpr Xapian::valueno kSlotPassages = 2;
inline constexpr Xapian::valueno kSlotLanguage = 3;
inline constexpr Xapian::valueno kSlotCollection = 4;
inline constexpr Xapian::valueno kSlotDateSource = 5;
inline constexpr Xapian::valueno kSlotPassageRanges = 6;
inline constexpr Xapian::valueno kSlotTokens = 7;
inline constexpr Xapian::valueno kSlotStory = 8;
inline constexpr Xapian::valueno kSlotOutlet = 10;
inline constexpr Xapian::valueno kSlotDateTime = 11;
inline constexpr Xapian::valueno kSlotTermTable = 12;
inline constexpr Xapian::valueno kSlotFingerprint = 9;
inline constexpr Xapian::valueno kSlotLead = 13;

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

// The terms of each field, built here for both sides: the indexer adds them, the query parser
// and the searcher look for them.

/// An article's Q term, from its id (Article::id).
std::string id_term(std::string_view article_id);
/// An article's Q term, from its key (the kSlotArticle value).
std::string id_term_of_key(std::string_view key);
/// The XF term of the articles of the source file at `path`.
std::string file_term(std::string_view path);
/// The D term of a day.
std::string date_term(const Date& date);
/// The M term of a month (1..12) of a year.
std::string month_term(int year, int month);
/// The Y term of a year.
std::string year_term(int year);
/// The L term of a language: its ISO 639-1 code, lower-cased (field_term()).
std::string language_term(std::string_view code);
/// The XS term of a collection or outlet name, lower-cased (field_term()).
std::string source_term(std::string_view name);
/// The XO term of an outlet name, lower-cased (field_term()).
std::string outlet_term(std::string_view name);
/// The metadata key of a source file's record ("file:" and the path as make_key() keeps it).
std::string file_record_key(std::string_view path);

/// True for terms that come from free text (stems, title stems, CJK n-grams) rather than from
/// a boolean field such as a date, language or source.
bool is_free_text_term(std::string_view term);

/// True for the unprefixed free-text terms: the stems of title and body together, which carry
/// the positions.
bool is_body_term(std::string_view term);

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

/// One word of an article: its term position and its term's rank, the term's index in the
/// article's list of terms (every term of the document, in Xapian's sorted order).
struct Token {
    Xapian::termpos position = 0;
    std::uint32_t rank = 0;
    bool operator==(const Token&) const = default;
};

/// Tokens as kSlotTokens holds them, in order of position (then rank): the bits per rank and
/// the number of runs; for each run of consecutive positions, the gap from the last position
/// of the run before and its length; then every token's rank in that many bits, low bits
/// first. The numbers are unsigned LEB128 as in encode_passage_ranges(). About one byte a
/// word, where Xapian's position table took 17 bytes for each term of each article.
std::string encode_tokens(std::vector<Token> tokens);

/// The inverse of encode_tokens(); nullopt when `encoded` is not such a list.
std::optional<std::vector<Token>> decode_tokens(std::string_view encoded);

/// Rank of a term the article does not have.
inline constexpr std::uint32_t kNoRank = std::numeric_limits<std::uint32_t>::max();

/// For each of `terms`, the positions it has in the tokens `encoded` (ascending), given the
/// terms' `ranks` (kNoRank for a term the article lacks). nullopt when `encoded` is malformed.
std::optional<std::vector<std::vector<Xapian::termpos>>> positions_of(
    std::string_view encoded, const std::vector<std::uint32_t>& ranks);

/// The ranks (see Token) of `terms` in the term list from `begin` to `end`; kNoRank for each
/// one the list lacks. Reads the list once.
std::vector<std::uint32_t> term_ranks(Xapian::TermIterator begin, const Xapian::TermIterator& end,
                                      const std::vector<std::string>& terms);

/// The terms of `ranked` (a term and its rank in the document's term list, in rank order) as
/// kSlotTermTable holds them: for each, the gap from the rank before (plus one), the bytes it
/// shares with the term before, and the rest of its bytes, counted; the numbers unsigned LEB128.
std::string encode_term_table(const std::vector<std::pair<std::string, std::uint32_t>>& ranked);

/// The ranks of `terms` in the table `encoded` (encode_term_table()); kNoRank for a term it
/// lacks; nullopt when `encoded` is not such a table.
std::optional<std::vector<std::uint32_t>> ranks_in_table(std::string_view encoded,
                                                         const std::vector<std::string>& terms);

/// For each of `terms`, its positions in `doc` (from kSlotTermTable, or the term list of a
/// document without it, and kSlotTokens); empty
/// lists when the document's tokens are missing or malformed.
std::vector<std::vector<Xapian::termpos>> positions_in(const Xapian::Document& doc,
                                                       const std::vector<std::string>& terms);

/// Moves the term positions of `doc` into kSlotTokens: the document keeps its terms and their
/// within-document frequencies but no positions, so Xapian writes no position table. Call it
/// once every term has been added.
void move_positions_to_slot(Xapian::Document& doc);

/// Where a remote shard is served (by a stock xapian-tcpsrv, docs/scale-out.md).
struct RemoteAddress {
    std::string host;
    unsigned port = 0;
    std::string spelled() const { return host + ":" + std::to_string(port); }
};

/// How remote shards are opened and what a reader does when one cannot be reached.
struct ReadOptions {
    /// Milliseconds to wait for a server to accept a connection, and for any one answer.
    unsigned connect_timeout_ms = 1000;
    unsigned timeout_ms = 10000;
    /// Open the database without the remote shards that cannot be reached (ReadDatabase::missing)
    /// instead of failing.
    bool allow_partial = false;
};

/// A database opened for reading.
struct ReadDatabase {
    Xapian::Database all;                  // every shard, searched as one
    std::vector<Xapian::Database> shards;  // each alone, for metadata
    std::vector<std::string> names;        // each shard's folder name ("shard-2")
    std::vector<std::string> addresses;    // each shard's server, "HOST:PORT"; empty when local
    /// With ReadOptions::allow_partial: the shards left out, each "shard-N (HOST:PORT): why".
    std::vector<std::string> missing;

    bool has_remote() const;
};

/// Opens a database for reading, checking its folder and every shard's files (shard_files.hpp:
/// shards numbered without a gap, no stub files, each holding a glass database whose tables are
/// as long as its revision file says), schema version and metadata first, and that no shard the
/// others count is missing (database.cpp). Throws IndexError naming the path, and the shard and
/// file where known, when the database is missing, foreign, damaged or of another schema version.
///
/// A shard folder holding only an XAPIANDB stub "remote HOST:PORT" is a remote shard, opened
/// with the timeouts of `options`; one that cannot be reached is an IndexError naming the shard
/// and its address (or, with `allow_partial`, left out and listed in `missing`).
ReadDatabase open_for_reading(const std::string& path, const ReadOptions& options = {});

/// After a network error on `db`, the first remote shard that does not answer now, as
/// "shard-N at HOST:PORT"; empty when every one answers (or none is remote).
std::string unreachable_shard(const ReadDatabase& db);

/// What identifies the shard folders of the database at `path` as they are now (each one's
/// device and inode, in shard order): it changes when a shard is added or removed, or replaced
/// (compaction renames a new shard into place), none of which a reader's reopen() follows,
/// and stays the same across commits. A few stat() calls: cheap enough before every request
/// of a long-running reader. Throws IndexError as open_for_reading() does for a folder that is
/// not a database.
std::string shard_layout(const std::string& path);

struct WriteOptions {
    unsigned min_shards = 1;      // shards are added until there are this many
    std::vector<unsigned> rebuild;  // shards emptied (or made again when missing) to be re-indexed
};

/// A database opened for writing, and what opening it did that the user should hear of.
struct WriteDatabase {
    std::vector<Xapian::WritableDatabase> shards;
    std::vector<std::string> notes;  // one line each: a leftover removed, a shard rebuilt
    std::shared_ptr<void> lock;      // the database folder's lock, held while this lives
    bool tables_checked = false;     // check_shard_tables() passed while opening
};

/// Opens (creating when absent, readable by its owner only) a database for writing: its
/// existing shards, and new ones until there are at least `min_shards`. A new shard is created
/// complete under a temporary name and renamed into place; one a stopped run left unfinished
/// is removed (with a note). Throws IndexError when the database is foreign, damaged (checked
/// as open_for_reading() checks it, before anything is written), of another version, or
/// locked; UsageError for a shard to rebuild that the database does not have.
WriteDatabase open_for_writing(const std::string& path, const WriteOptions& options = {});

/// Runs Xapian's own check (what xapian-check does) over every table of every shard of the
/// database at `path`, the shards in parallel: damage inside a table that its size does not
/// show. Reads every block, about 0.3 s for a 25 MB shard; a writer calls it before its first
/// write. Throws IndexError naming the shard and the first problem.
void check_shard_tables(const std::string& path);

/// Creates the folder `path` (its parent must exist) readable by its owner only (0700), as
/// every folder of a database is made: it holds the text of the articles, whatever the
/// sources' permissions. Throws IndexError when it cannot; an existing folder is left as it is.
void make_private_folder(const std::string& path);

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
