//! The article and passage model shared by every reader and the index writer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "date.hpp"

namespace gazette {

/// A paragraph of body text and the 1-based line of its source file where it starts.
struct Paragraph {
    std::string text;
    std::uint32_t line = 0;
};

/// One article as a reader produces it.
struct Article {
    /// Stable, unique id: the source path, plus "#" and the in-file id for multi-article files
    /// (record_id()).
    std::string id;
    /// The source's own document number where it has one (DOCNO, NEWID, .I), else empty.
    std::string docno;
    std::string title;
    std::optional<Date> date;
    DateSource date_source = DateSource::none;
    /// The time of day the source gives with a header date, if any (kept only with one).
    std::optional<TimeOfDay> time;
    std::vector<Paragraph> paragraphs;
    /// The file the article came from, as shown to users (archive members as "a.tar.gz!member").
    std::string path;
    /// 1-based line of the file where the article starts.
    std::uint32_t line = 1;
    /// Outlet or group names the source gives (JSON SOURCE, Newsgroups:), if any.
    std::vector<std::string> outlets;
    /// ISO 639-1 language code when the source or the user fixes it; empty means "detect/default".
    std::string language;
    /// Bytes of text (as read, before cleaning) the reader dropped without holding them, past
    /// the indexer's cap on an article's text.
    std::uint64_t text_dropped = 0;
};

/// The id of a record of a file holding many articles: "path#id", with the record's own id
/// (DOCNO, NEWID, .I, a JSON or CSV id) where it has one, else the line it starts on.
inline std::string record_id(std::string_view path, std::string_view id, std::uint32_t line) {
    std::string out(path);
    out += '#';
    if (id.empty()) {
        out += std::to_string(line);
    } else {
        out += id;
    }
    return out;
}

/// A bounded piece of an article's body: what search results show.
struct Passage {
    std::string text;
    std::uint32_t line = 0;   // line of the source file where the passage starts
    std::uint32_t index = 0;  // 0-based position among the article's passages
};

}  // namespace gazette
