//! The plain text reader: one article per file, the first non-blank line its title, the rest
//! its body in blank-line separated paragraphs (the layout of the seeds and of BBC News).
//!
//! Entry point: make_text_reader(). A first line "date YYYY-MM-DD Title" gives the article a
//! header date; the spelling is the seeds' own, leading whitespace included. A first line too
//! long to be a title starts the body instead, and a body without blank lines has its
//! paragraphs found from indentation and unwrapped lines (see paragraphs_of()).
#include <algorithm>
#include <utility>
#include <vector>

#include "dates.hpp"
#include "readers.hpp"

namespace gazette::detail {
namespace {

/// Splits "date 2024-03-14 Title" into the date and the title when the second word is a date
/// that parse_date() reads; a title that merely starts with the word "date" is left alone.
bool split_date_line(std::string_view line, Article& article) {
    line = trim(line);
    const auto first_end = line.find_first_of(" \t");
    if (first_end == std::string_view::npos || ascii_lower(line.substr(0, first_end)) != "date") {
        return false;
    }
    auto rest = trim(line.substr(first_end));
    const auto date_end = rest.find_first_of(" \t");
    const auto date = parse_date(rest.substr(0, date_end));
    if (!date) return false;
    article.date = *date;
    article.date_source = DateSource::header;
    article.title =
        date_end == std::string_view::npos ? std::string() : clean_text(rest.substr(date_end));
    return true;
}

/// Titles are short: a first line longer than this is the body's first paragraph, not a title
/// (State of the Union speeches and many Sina files start straight with their text).
constexpr std::size_t kMaxTitle = 250;

/// True when a line starts with indentation: ASCII whitespace, or the ideographic space that
/// Chinese text indents its paragraphs with.
bool indented(std::string_view line) {
    return line.starts_with(' ') || line.starts_with('\t') || line.starts_with("\u3000");
}

/// A line this long is a paragraph written on one line, not a line wrapped by hand.
constexpr std::size_t kUnwrappedLine = 300;

struct Line {
    std::uint32_t number = 0;
    std::string text;
};

/// Splits body lines into paragraphs. Blank lines separate paragraphs when the text has any;
/// a text without them marks paragraphs by indenting their first line, or writes each one on a
/// line of its own.
std::vector<Paragraph> paragraphs_of(const std::vector<Line>& lines) {
    const bool blank_separated =
        std::any_of(lines.begin(), lines.end(), [](const Line& line) { return line.text.empty(); });
    ParagraphBuilder body;
    const Line* previous = nullptr;
    for (const auto& line : lines) {
        if (line.text.empty()) {
            body.close();
        } else {
            if (!blank_separated && previous &&
                (indented(line.text) || previous->text.size() >= kUnwrappedLine)) {
                body.close();
            }
            body.add(line.text, line.number);
        }
        previous = &line;
    }
    return body.finish();
}

class TextReader final : public ArticleReader {
  public:
    explicit TextReader(std::unique_ptr<LineReader> lines) : lines_(std::move(lines)) {}

    bool next(Article& article) override {
        if (done_) return false;
        done_ = true;
        std::string line;
        bool started = false;
        // A single article is held whole (up to the cap): how its paragraphs are marked is
        // known only at its end.
        std::vector<Line> body;
        // Bytes of the lines in `body`, one more a line: never less than their text once
        // cleaned and joined into paragraphs.
        std::size_t held = 0;
        while (lines_->next(line)) {
            const auto number = lines_->line_number();
            const bool blank = trim(line).empty();
            if (!started) {
                if (blank) continue;
                started = true;
                start_article(article, lines_->path(), number);
                article.id = lines_->path();
                if (split_date_line(line, article)) continue;
                if (code_points(trim(line)) <= kMaxTitle) {
                    article.title = clean_text(line);
                    continue;
                }
            }
            if (blank && (body.empty() || body.back().text.empty())) continue;
            // Past the cap on an article's text, lines are counted, not held (reader.hpp).
            if (held > kMaxArticleTextBytes) {
                article.text_dropped += line.size();
                continue;
            }
            held += line.size() + 1;
            body.push_back(Line{number, blank ? std::string() : line});
        }
        if (!started) {
            lines_->report("empty file");
            return false;
        }
        while (!body.empty() && body.back().text.empty()) body.pop_back();
        article.paragraphs = paragraphs_of(body);
        return true;
    }

  private:
    std::unique_ptr<LineReader> lines_;
    bool done_ = false;
};

}  // namespace

std::unique_ptr<ArticleReader> make_text_reader(std::unique_ptr<LineReader> lines,
                                                const ReaderOptions&) {
    return std::make_unique<TextReader>(std::move(lines));
}

}  // namespace gazette::detail
