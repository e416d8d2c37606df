//! Reading articles: one reader per input format behind one interface.
//!
//! Entry point: open_reader(). A reader streams articles out of one input (a file, or a member
//! of an archive) and never holds more than one article in memory. A problem confined to one
//! record (a malformed JSON line, a story without text) is reported through the ProblemHandler
//! with the path and line, and the reader goes on to the next record; a problem that ends the
//! whole input (unreadable, binary, truncated beyond recovery) is thrown as InputError.
//!
//! Readers fill in what the source says: id, docno, title, header date (date_source = header),
//! paragraphs with their lines, path, line, outlets. Dates found in the text or file name are
//! inferred later by the index writer (see dates.hpp), not by readers.
#pragma once

#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "article.hpp"

namespace gazette {

/// The most text an article keeps, in bytes of its paragraphs (10 MiB, docs/formats.md): the
/// rest is dropped and reported as truncated with the file and record. Readers stop holding an
/// article's text one line past it (counting the rest in Article::text_dropped), so that what
/// one article costs in memory is bounded whatever the input.
inline constexpr std::size_t kMaxArticleTextBytes = std::size_t{10} << 20;

/// Told whether an input has the field a mapping key names; see ReaderOptions::on_mapped_field.
using MappedFieldHandler =
    std::function<void(std::string_view key, bool found, const std::string& why)>;

/// How to read inputs; filled from the command line and the folders' options files.
struct ReaderOptions {
    /// Format name to force (one of known_formats()); empty: detect per input.
    std::string format;
    /// Field mapping for record formats, e.g. {"title": "HEADLINE", "body": "TEXT"}. Keys:
    /// known_fields() (title, body, date, id, source). Unmapped keys fall back to each reader's
    /// defaults. For CSV a value may also be a 1-based column number ("2"), which is how
    /// header-less files map.
    std::map<std::string, std::string> fields;
    /// CSV: the field delimiter; 0 detects it from the first line (one of , TAB ; |), with
    /// TAB for .tsv and .tab files.
    char delimiter = 0;
    /// CSV: the quote character; 0 detects it: ' when the first line quotes its fields with
    /// it, else ".
    char quote = 0;
    /// CSV: whether the first record is a header; unset detects it (see csv_reader.cpp).
    std::optional<bool> header = std::nullopt;
    /// Told, once per input read as CSV or JSON Lines and per key of `fields`, whether the
    /// input has the field the key is mapped to (a column, a member of some record) and, when
    /// it has not, why ("no column 'x' (columns: a, b)"). The run collects these into one
    /// warning per mapping; unset, the reader reports a missing field itself, for its input.
    MappedFieldHandler on_mapped_field = nullptr;
};

/// Receives one line per problem: "path:line: reason" (or "path: reason").
using ProblemHandler = std::function<void(const std::string& message)>;

class ArticleReader {
  public:
    virtual ~ArticleReader() = default;
    /// Reads the next article into `article` (overwriting it); false at the end of input.
    virtual bool next(Article& article) = 0;
};

/// The format names open_reader() accepts, for --format's help and error text.
std::vector<std::string> known_formats();

/// The keys a field mapping (ReaderOptions::fields) may name, for --field's help.
std::vector<std::string> known_fields();

/// Picks a format from the path's extension and the first bytes of the input; "text" when
/// nothing more specific matches.
std::string detect_format(std::string_view path, std::string_view head);

/// Throws UsageError for options no input could be read with: an unknown forced format or
/// field key, a line end or the same character as CSV delimiter and quote.
void check_reader_options(const ReaderOptions& options);

/// Opens a reader over `in` (checking `options` first, as check_reader_options()). `path` is the display path (used in ids, results and messages).
/// Throws UsageError for an unknown forced format, InputError for input that cannot be read.
std::unique_ptr<ArticleReader> open_reader(std::istream& in, const std::string& path,
                                           const ReaderOptions& options,
                                           const ProblemHandler& on_problem);

}  // namespace gazette
