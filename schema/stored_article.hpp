//! What an article's document data holds: the one definition of its keys and types, written by
//! gazette-index (indexer/document_builder.cpp) and read by gazette-search.
//!
//! The data is a JSON object (compressed once the database has a dictionary: article_data.hpp):
//!
//!   key          type    meaning
//!   -----------  ------  ------------------------------------------------------------------
//!   id           string  the article's id (article.hpp: Article::id)
//!   docno        string  the source's own document number, or empty
//!   title        string  the title as shown
//!   date         string  YYYY-MM-DD, empty when the date is unknown
//!   time         string  HH:MM:SS, the time of day the source gives with its date; only
//!                        written when it gives one
//!   date_source  string  header, filename, text or none (date.hpp: DateSource)
//!   path         string  the file, as shown to users
//!   line         number  the line of the file where the article starts
//!   lang         string  the ISO 639-1 code the article was stemmed in, or empty
//!   collection   string  the input the article was indexed from
//!   outlets      array   of strings: the outlets the source names, first the one shown (a
//!                        newsgroup, a source field, a feed's title, a site name, a WARC host);
//!                        only written when it names one
//!   passages     array   of {"text": string, "line": number}, in the order of the passage
//!                        ranges value (schema.hpp: kSlotPassageRanges)
//!   KEY_bytes    string  for any string key above whose value is not valid UTF-8 (a file
//!                        name can hold any byte; JSON strings cannot): the exact bytes,
//!                        percent-encoded (text.hpp: percent_encode_invalid()); KEY itself then
//!                        holds the value with U+FFFD for each such byte. Only written then
//!
//! A key that is missing, or of another type, reads as its default below: data of every schema 4
//! database reads, and a key added later reads as its default in older databases.
//!
//! Entry points: encode_stored_article(), decode_stored_article().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gazette::schema {

/// A passage as the document data keeps it: its text and the line where it starts.
struct StoredPassage {
    std::string text;
    std::uint32_t line = 0;
};

/// An article's document data (see the table above).
struct StoredArticle {
    std::string id;
    std::string docno;
    std::string title;
    std::string date;  // YYYY-MM-DD or empty
    std::string time;  // HH:MM:SS or empty
    std::string date_source = "none";
    std::string path;
    std::uint32_t line = 0;
    std::string language;  // "lang"
    std::string collection;
    std::vector<std::string> outlets;
    std::vector<StoredPassage> passages;
};

/// The JSON to store for `article` (invalid UTF-8 is replaced, never an error).
std::string encode_stored_article(const StoredArticle& article);

/// The article `json` describes; malformed JSON reads as an article of defaults.
StoredArticle decode_stored_article(std::string_view json);

}  // namespace gazette::schema
