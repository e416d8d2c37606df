//! What the per-format readers share, private to the indexer: their factory functions, which
//! the registry of formats in reader.cpp dispatches to, the field keys of record formats, and
//! the helpers that make every reader clean text, split paragraphs, number records and take
//! header dates the same way.
//!
//! Each factory takes the LineReader that open_reader() has already started (it has read the
//! head for detection) and reports record problems through it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "article.hpp"
#include "line_reader.hpp"
#include "reader.hpp"

namespace gazette::detail {

/// A reader's factory: every format's has this shape, so that the registry can list them.
using ReaderFactory = std::unique_ptr<ArticleReader> (*)(std::unique_ptr<LineReader> lines,
                                                         const ReaderOptions& options);

std::unique_ptr<ArticleReader> make_text_reader(std::unique_ptr<LineReader> lines,
                                                const ReaderOptions& options);
std::unique_ptr<ArticleReader> make_mail_reader(std::unique_ptr<LineReader> lines,
                                                const ReaderOptions& options);
std::unique_ptr<ArticleReader> make_sgml_reader(std::unique_ptr<LineReader> lines,
                                                const ReaderOptions& options);
std::unique_ptr<ArticleReader> make_jsonl_reader(std::unique_ptr<LineReader> lines,
                                                 const ReaderOptions& options);
std::unique_ptr<ArticleReader> make_smart_reader(std::unique_ptr<LineReader> lines,
                                                 const ReaderOptions& options);
std::unique_ptr<ArticleReader> make_csv_reader(std::unique_ptr<LineReader> lines,
                                               const ReaderOptions& options);
std::unique_ptr<ArticleReader> make_html_reader(std::unique_ptr<LineReader> lines,
                                                const ReaderOptions& options);

std::unique_ptr<ArticleReader> make_mbox_reader(std::unique_ptr<LineReader> lines,
                                                const ReaderOptions& options);
std::unique_ptr<ArticleReader> make_feed_reader(std::unique_ptr<LineReader> lines,
                                                const ReaderOptions& options);
std::unique_ptr<ArticleReader> make_warc_reader(std::unique_ptr<LineReader> lines,
                                                const ReaderOptions& options);

/// Reads a web page held in memory (the HTML reader's rules: title, date, body, site name) into
/// `article`, which the caller has started. `first_line` is the input's line where the page
/// begins: paragraph lines and problems are given in the input's numbering. False when the
/// page has neither title nor text (nothing is reported then: the caller says what it was).
bool read_html_page(std::string& html, const LineReader& lines, std::uint32_t first_line,
                    Article& article);

/// The text of an HTML fragment (a feed item's description) as paragraphs, cut at block
/// elements and <br>, entities decoded, scripts and the like dropped; lines as above.
std::vector<Paragraph> html_paragraphs(std::string html, const LineReader& lines,
                                       std::uint32_t first_line);

/// True for an mbox message separator: "From " at the start of a line, a sender, and a date
/// with a time of day ("From jo@example.org Thu Mar 14 09:30:00 2024"). Body lines that
/// begin with "From " are written ">From " in an mbox; this tells the rest apart.
bool is_mbox_from_line(std::string_view line);

/// The keys of ReaderOptions::fields: what a record format maps its fields or columns to.
enum FieldKey : std::size_t { kTitleField, kBodyField, kDateField, kIdField, kSourceField, kFieldKeys };
/// Each key's name in a field mapping (--field NAME=...), by FieldKey.
inline constexpr std::array<std::string_view, kFieldKeys> kFieldNames = {"title", "body", "date",
                                                                         "id", "source"};

/// The value the mapping gives `key`, or null when it leaves the key to the format's defaults.
const std::string* mapped_field(const ReaderOptions& options, FieldKey key);

/// Tells `handler` whether the input of `lines` has the field mapping `key` names; without a
/// handler, reports `why` when it has not.
void note_mapped_field(const MappedFieldHandler& handler, const LineReader& lines,
                       std::string_view key, bool found, const std::string& why);

/// "Name" when `line` has the shape "Name: value" (RFC 822 field names: printable ASCII
/// without spaces or colons), else empty. Mail, mbox and WARC headers are read with it.
std::string_view header_field_name(std::string_view line);


/// `text` with control characters dropped and every run of whitespace made one space, trimmed.
std::string clean_text(std::string_view text);

/// Appends `text` to `out` the way clean_text() would, with one space before it when `out`
/// already ends in text.
void append_clean(std::string& out, std::string_view text);

/// Collects body lines into paragraphs: lines are joined with single spaces, close() ends a
/// paragraph, and a paragraph that has grown past kSplitAt characters is ended at the next line
/// boundary so that an unbroken text still yields paragraphs of a useful size. It holds at most
/// one line more than kMaxArticleTextBytes of text.
class ParagraphBuilder {
  public:
    static constexpr std::size_t kSplitAt = 4000;

    /// Appends one line; it opens a paragraph starting at `line` when none is open. A line with
    /// no text after cleaning changes nothing.
    void add(std::string_view text, std::uint32_t line);
    /// Ends the open paragraph, if any.
    void close();
    bool open() const { return open_; }
    /// Ends the open paragraph and hands over all of them.
    std::vector<Paragraph> finish();
    /// The bytes add() was given but did not keep: once the paragraphs hold more than
    /// kMaxArticleTextBytes, lines are only counted. Reset by finish().
    std::uint64_t dropped() const { return dropped_; }

  private:
    std::vector<Paragraph> paragraphs_;
    std::size_t held_ = 0;  // bytes in paragraphs_
    std::uint64_t dropped_ = 0;
    std::string current_;
    std::uint32_t line_ = 0;
    bool open_ = false;
};

/// Adds a block of text that nobody wrapped by hand (a JSON string, a CSV cell): a line break
/// ends a paragraph, unless the text separates its paragraphs by blank lines, when its single
/// line breaks are wraps. The first line is `line`; with `count_lines` each line after it is
/// the next line of the file (a quoted cell spans the file's lines), else all are `line`.
void add_text_block(ParagraphBuilder& body, std::string_view text, std::uint32_t line,
                    bool count_lines);

/// Whether to hand out a record that has no title and no text: one the source numbers (a
/// docno) is kept, empty, since it is still one of the collection's documents (relevance
/// judgments may name it); one without is skipped. Reports "`what` (kept, empty)" or "`what`
/// skipped" at `line` either way.
bool keep_empty_record(const Article& article, const LineReader& lines, std::uint32_t line,
                       std::string_view what);

/// Sets the article's header date from `value` with parse_date(), and its time of day with
/// parse_time_of_day(); when it is not a date the
/// article stays undated and "path:line: unreadable date '...'" is reported.
void set_header_date(Article& article, std::string_view value, const LineReader& lines,
                     std::uint32_t line);

/// Resets `article` for a new record of `path` starting at `line`.
void start_article(Article& article, const std::string& path, std::uint32_t line);

}  // namespace gazette::detail
