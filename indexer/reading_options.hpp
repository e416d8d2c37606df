//! How each file is read: the command line's reading options, and what options files
//! (`.gazette.json`, docs/formats.md) in the folders above a file say for it.
//!
//! Entry points: OptionsFile::read() parses a folder's options file; options_for() applies
//! the options files a file is under to the command line's options. A file's options are part
//! of its record in the database (fingerprint()), so a file indexed with other options is read
//! again. An options file belongs to the archive it describes, like the files it sits beside:
//! the walk reads it as input, not as the program's configuration.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "article.hpp"
#include "dates.hpp"
#include "reader.hpp"

namespace gazette {

/// The name of a folder's options file. Hidden, so it is never indexed itself.
inline constexpr std::string_view kOptionsFileName = ".gazette.json";

/// Everything that decides how one file becomes articles.
struct ReadingOptions {
    ReaderOptions reader;
    /// The language every article is taken as (a find_language() code, or "none"); empty:
    /// each article's is detected.
    std::string language;
    std::vector<DateSource> date_sources = {DateSource::header, DateSource::filename,
                                            DateSource::text};
    /// The days the archive's articles appeared in, when stated (text dates; dates.hpp).
    std::optional<DatePeriod> period;
    /// Where the field mapping came from, for messages: empty for the command line, else the
    /// options file's path.
    std::string fields_origin;

    /// The options that differ from the defaults, as one line of JSON with its keys in a fixed
    /// order; empty for the defaults.
    std::string canonical() const;
    /// 16 hex digits of a stable 64-bit digest of canonical(); empty for the defaults (so a
    /// record written before options were kept reads as indexed with the defaults).
    std::string fingerprint() const;
};

/// The settings one options file (or one of its "files" entries) makes; unset ones are left
/// as they were.
struct OptionsPatch {
    std::optional<std::string> format;
    std::optional<std::map<std::string, std::string>> fields;  // replaces the whole mapping
    std::optional<char> delimiter;
    std::optional<char> quote;
    std::optional<std::optional<bool>> header;  // nullopt inside: detect
    std::optional<std::string> language;        // "" to detect
    std::optional<std::vector<DateSource>> date_sources;
    std::optional<DatePeriod> period;

    void apply(ReadingOptions& options, const std::string& origin) const;
};

/// A folder's options file, parsed.
struct OptionsFile {
    std::string path;    // of the file itself
    std::string folder;  // the folder it is in, without a trailing '/'
    OptionsPatch all;    // for every file under the folder
    /// For the files whose path relative to `folder` matches the pattern (fnmatch(3), '*'
    /// matching '/' too), in the file's order, after `all`.
    std::vector<std::pair<std::string, OptionsPatch>> files;

    /// Parses the options file at `path` (in `folder`). Throws UsageError naming the file (and
    /// the line for bad JSON) for anything it does not understand; InputError when it cannot
    /// be read.
    static OptionsFile read(const std::string& path, const std::string& folder);
};

/// The options files a file is under, outermost first.
using OptionsChain = std::vector<std::shared_ptr<const OptionsFile>>;

/// The options of the file at `path`: `base` with each options file of `chain` applied in
/// turn (its settings for all files, then each matching "files" entry).
ReadingOptions options_for(const ReadingOptions& base, const OptionsChain& chain,
                           const std::string& path);

}  // namespace gazette
