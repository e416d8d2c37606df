//! The SMART reader: the classic test collections' record files, in their two dialects.
//!
//! Entry point: make_smart_reader(). CACM-style records start with ".I n" and hold fields
//! ".T" (title), ".W" (abstract), ".B" ("CACM December, 1958": the first of that month becomes
//! the header date), ".A" (authors, kept as the last paragraph so that author queries work) and
//! others (.N, .X, .C, .K) that are read past. TIME-style records start with
//! "*TEXT 017 01/04/63 PAGE 020" (docno as written, MM/DD/YY date) and hold upper-case text that
//! the file double-spaces; they have no title, and none is made up. "*STOP" ends a file.
#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "dates.hpp"
#include "readers.hpp"

namespace gazette::detail {
namespace {

bool is_marker(std::string_view line, std::string_view marker) {
    return line.starts_with(marker) && (line.size() == marker.size() ||
                                        line[marker.size()] == ' ' || line[marker.size()] == '\t');
}

bool is_cacm_start(std::string_view line) { return is_marker(line, ".I"); }
bool is_time_start(std::string_view line) { return is_marker(line, "*TEXT"); }
bool is_stop(std::string_view line) { return trim(line) == "*STOP"; }
bool is_record_start(std::string_view line) {
    return is_cacm_start(line) || is_time_start(line) || is_stop(line);
}

/// ".T", ".W" ...: the field letter, or 0 for a line that is not a field marker.
char field_marker(std::string_view line) {
    const auto t = trim(line);
    if (line.size() >= 2 && line[0] == '.' && t.size() == 2 && t[1] >= 'A' && t[1] <= 'Z') {
        return t[1];
    }
    return 0;
}

/// "CACM December, 1958", "CACM July 1973", "June, 1969", "CACM JUly,1967": the first day of
/// the month named, in the year given.
std::optional<Date> month_year(std::string_view text) {
    static constexpr std::array<std::string_view, 12> kMonths = {
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    const auto lower = ascii_lower(text);
    int month = 0;
    std::size_t after = 0;
    for (std::size_t m = 0; m < kMonths.size() && month == 0; ++m) {
        if (const auto at = lower.find(kMonths[m]); at != std::string::npos) {
            month = static_cast<int>(m) + 1;
            after = at + kMonths[m].size();
        }
    }
    if (month == 0) return std::nullopt;
    const auto digits = lower.find_first_of("0123456789", after);
    if (digits == std::string::npos || digits + 4 > lower.size()) return std::nullopt;
    const auto year_text = std::string_view(lower).substr(digits, 4);
    if (!all_digits(year_text)) return std::nullopt;
    const Date date{std::stoi(std::string(year_text)), month, 1};
    if (!date.valid()) return std::nullopt;
    return date;
}

/// A CACM record's fields as its lines are read: the title goes straight into the article,
/// the abstract into `body`, the first .B line is the date, the .A lines the authors.
struct CacmRecord {
    explicit CacmRecord(std::string number) : docno(std::move(number)) {}

    void take(const std::string& line, std::uint32_t number, Article& article) {
        // One record of cacm.all has its number broken over two lines (".I 28", "56"):
        // digits alone right after ".I" continue the number.
        if (first && field == 0 && all_digits(trim(line))) {
            docno += trim(line);
            first = false;
            return;
        }
        first = false;
        if (const char marker = field_marker(line)) {
            field = marker;
            body.close();
            return;
        }
        if (field == 'T') {
            append_clean(article.title, line);
        } else if (field == 'W') {
            if (trim(line).empty()) {
                body.close();
            } else {
                body.add(line, number);
            }
        } else if (field == 'B') {
            if (date_text.empty() && !trim(line).empty()) {
                date_text = trim(line);
                date_line = number;
            }
        } else if (field == 'A') {
            if (const auto name = clean_text(line); !name.empty()) {
                if (authors.empty()) authors_line = number;
                if (!authors.empty()) authors += "; ";
                authors += name;
            }
        }
    }

    std::string docno;
    bool first = true;  // no line of the record read yet
    char field = 0;     // the field the lines belong to, 0 before the first marker
    std::string date_text;
    std::uint32_t date_line = 0;
    std::string authors;
    std::uint32_t authors_line = 0;
    ParagraphBuilder body;
};

class SmartReader final : public ArticleReader {
  public:
    explicit SmartReader(std::unique_ptr<LineReader> lines) : lines_(std::move(lines)) {}

    bool next(Article& article) override {
        for (;;) {
            if (!have_pending_ && !read()) {
                if (!found_any_ && !reported_) {
                    reported_ = true;
                    lines_->report("no .I or *TEXT records found");
                }
                return false;
            }
            if (is_cacm_start(pending_) || is_time_start(pending_)) {
                found_any_ = true;
                const bool ok = is_cacm_start(pending_) ? read_cacm(article) : read_time(article);
                if (ok) return true;
                continue;
            }
            if (!trim(pending_).empty() && !is_stop(pending_) && !reported_stray_) {
                reported_stray_ = true;
                lines_->report(lines_->line_number(), "text outside any record ignored");
            }
            have_pending_ = false;
        }
    }

  private:
    bool read() {
        have_pending_ = lines_->next(pending_);
        return have_pending_;
    }

    /// Reads the lines of the current record's body into `take` until the next record starts;
    /// that line is left pending.
    template <typename Take>
    void read_body(Take take) {
        while (read() && !is_record_start(pending_)) take(pending_, lines_->line_number());
    }

    bool read_cacm(Article& article) {
        const auto start = lines_->line_number();
        start_article(article, lines_->path(), start);
        CacmRecord record(std::string(trim(std::string_view(pending_).substr(2))));
        read_body([&](const std::string& line, std::uint32_t number) {
            record.take(line, number, article);
        });
        article.docno = record.docno;
        article.id = record_id(lines_->path(), record.docno, start);
        article.text_dropped += record.body.dropped();
        article.paragraphs = record.body.finish();
        if (!record.authors.empty()) {
            article.paragraphs.push_back(Paragraph{record.authors, record.authors_line});
        }
        if (!record.date_text.empty()) {
            if (const auto date = month_year(record.date_text)) {
                article.date = *date;
                article.date_source = DateSource::header;
            } else {
                lines_->report(record.date_line,
                               "unreadable date '" + clean_text(record.date_text) + "'");
            }
        }
        return has_text(article);
    }

    bool read_time(Article& article) {
        const auto start = lines_->line_number();
        start_article(article, lines_->path(), start);
        const auto head = split_words(pending_);
        const std::string docno = head.size() > 1 ? std::string(head[1]) : std::string();
        if (head.size() > 2) {
            std::string date(head[2]);
            // One header of TIME.ALL reads "08/30 63": a year split off by a space.
            if (head.size() > 3 && std::count(date.begin(), date.end(), '/') == 1 &&
                all_digits(head[3])) {
                date += "/" + std::string(head[3]);
            }
            set_header_date(article, date, *lines_, start);
        }
        article.docno = docno;
        article.id = record_id(lines_->path(), docno, start);
        // TIME.ALL puts a blank line after every line of text: blank lines do not end paragraphs
        // here, and the text is cut into paragraphs of ParagraphBuilder's size instead.
        ParagraphBuilder body;
        read_body([&](const std::string& line, std::uint32_t number) { body.add(line, number); });
        article.text_dropped += body.dropped();
        article.paragraphs = body.finish();
        return has_text(article);
    }

    /// Whether to hand out the record: one without any text is reported, and kept when it
    /// has a number, since it is still one of the collection's documents.
    bool has_text(const Article& article) const {
        if (!article.title.empty() || !article.paragraphs.empty()) return true;
        return keep_empty_record(article, *lines_, article.line, "record without text");
    }

    std::unique_ptr<LineReader> lines_;
    std::string pending_;
    bool have_pending_ = false;
    bool found_any_ = false;
    bool reported_ = false;
    bool reported_stray_ = false;
};

}  // namespace

std::unique_ptr<ArticleReader> make_smart_reader(std::unique_ptr<LineReader> lines,
                                                 const ReaderOptions&) {
    return std::make_unique<SmartReader>(std::move(lines));
}

}  // namespace gazette::detail
