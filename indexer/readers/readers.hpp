//! What the per-format readers share, private to the indexer: their factory functions, which
//! open_reader() (reader.cpp) dispatches to, and the helpers that make every reader clean text,
//! split paragraphs and take header dates the same way.
//!
//! Each factory takes the LineReader that open_reader() has already started (it has read the
//! head for detection) and reports record problems through it.
#pragma once

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

std::unique_ptr<ArticleReader> make_text_reader(std::unique_ptr<LineReader> lines);
std::unique_ptr<ArticleReader> make_mail_reader(std::unique_ptr<LineReader> lines);
std::unique_ptr<ArticleReader> make_sgml_reader(std::unique_ptr<LineReader> lines);
std::unique_ptr<ArticleReader> make_jsonl_reader(std::unique_ptr<LineReader> lines,
                                                 const ReaderOptions& options);
std::unique_ptr<ArticleReader> make_smart_reader(std::unique_ptr<LineReader> lines);
std::unique_ptr<ArticleReader> make_csv_reader(std::unique_ptr<LineReader> lines,
                                               const ReaderOptions& options);
std::unique_ptr<ArticleReader> make_html_reader(std::unique_ptr<LineReader> lines);

/// `text` with control characters dropped and every run of whitespace made one space, trimmed.
std::string clean_text(std::string_view text);

/// Appends `text` to `out` the way clean_text() would, with one space before it when `out`
/// already ends in text.
void append_clean(std::string& out, std::string_view text);

/// Collects body lines into paragraphs: lines are joined with single spaces, close() ends a
/// paragraph, and a paragraph that has grown past kSplitAt characters is ended at the next line
/// boundary so that an unbroken text still yields paragraphs of a useful size.
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

  private:
    std::vector<Paragraph> paragraphs_;
    std::string current_;
    std::uint32_t line_ = 0;
    bool open_ = false;
};

/// Sets the article's header date from `value` with parse_date(); when it is not a date the
/// article stays undated and "path:line: unreadable date '...'" is reported.
void set_header_date(Article& article, std::string_view value, const LineReader& lines,
                     std::uint32_t line);

/// Resets `article` for a new record of `path` starting at `line`.
void start_article(Article& article, const std::string& path, std::uint32_t line);

}  // namespace gazette::detail
