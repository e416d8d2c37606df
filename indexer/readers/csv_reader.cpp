//! The CSV and TSV reader: one article per record, its columns mapped to title, body, date, id
//! and source.
//!
//! Entry point: make_csv_reader(). The delimiter (, TAB ; |) and the quote character (" or ') are
//! taken from ReaderOptions or detected from the first line. Quoted fields may span lines and
//! hold doubled quotes; a quote only opens a field at its start, elsewhere it is text. Columns
//! are found through ReaderOptions::fields, by header name or by 1-based number, and otherwise
//! by the usual header names (title/headline, body/text/article, date, id, source/label...).
//! Without a body column (by mapping or header name) and without a title column, the longest
//! column is the body; without a date column, the first column holding a date is the date. A record
//! with the wrong number of fields is reported and skipped; when it spans several lines (an
//! unclosed quote swallowed the ones after it), only its first line is skipped and the lines after
//! it are read again.
#include <algorithm>
#include <array>
#include <deque>
#include <optional>
#include <utility>

#include "dates.hpp"
#include "readers.hpp"

namespace gazette::detail {
namespace {

/// A record longer than this is an unclosed quote rather than a record.
constexpr std::size_t kMaxRecord = std::size_t{8} << 20;
/// A header name is short; a first line with a longer field is data.
constexpr std::size_t kMaxHeaderName = 40;

constexpr std::array<char, 4> kDelimiters = {',', '\t', ';', '|'};

/// Header names tried in order for each field key (FieldKey) that the mapping leaves open.
const std::array<std::vector<std::string_view>, kFieldKeys> kDefaultNames = {{
    {"title", "headline", "heading", "subject"},
    {"body", "text", "content", "article", "story", "description", "summary"},
    {"date", "published", "published_at", "publication_date", "pubdate", "timestamp", "datetime"},
    {"id", "docno", "_id", "guid", "uuid"},
    {"source", "outlet", "publisher", "label", "category", "topic", "section"},
}};

struct Line {
    std::uint32_t number = 0;
    std::string text;
};

struct Record {
    std::vector<std::string> fields;
    std::vector<std::uint32_t> field_lines;  // the line each field starts on
    std::uint32_t line = 0;
    std::vector<Line> source;  // the physical lines, to read again after an unclosed quote
};

bool is_delimiter(char c) {
    return std::find(kDelimiters.begin(), kDelimiters.end(), c) != kDelimiters.end();
}

/// True when some field of `line` starts with `quote` (at the start of the line or right after
/// a possible delimiter).
bool quotes_a_field(std::string_view line, char quote) {
    const auto first = line.find_first_not_of(' ');
    if (first != std::string_view::npos && line[first] == quote) return true;
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
        if (is_delimiter(line[i]) && line[i + 1] == quote) return true;
    }
    return false;
}

/// ' when the first line quotes a field with it and none with " (10kGNAD writes
/// `label;'text'`); " otherwise, as RFC 4180 has it.
char detect_quote(std::string_view line) {
    return quotes_a_field(line, '\'') && !quotes_a_field(line, '"') ? '\'' : '"';
}

/// The candidate delimiter that occurs most often outside quotes in the first line; "," when
/// none does (a file of one column).
char detect_delimiter(std::string_view line, char quote) {
    std::array<std::size_t, kDelimiters.size()> counts{};
    bool quoted = false;
    for (const char c : line) {
        if (c == quote) quoted = !quoted;
        if (quoted) continue;
        for (std::size_t k = 0; k < kDelimiters.size(); ++k) counts[k] += c == kDelimiters[k];
    }
    const auto best = std::max_element(counts.begin(), counts.end());  // the first of equals
    return *best == 0 ? ',' : kDelimiters[static_cast<std::size_t>(best - counts.begin())];
}

/// Splits physical lines into fields; a record is complete at the end of a line that does not
/// leave a quoted field open.
class FieldParser {
  public:
    FieldParser(char delimiter, char quote) : delimiter_(delimiter), quote_(quote) {}

    void start(Record& record, std::uint32_t line) {
        record_ = &record;
        field_.clear();
        quoted_ = false;
        begin_field(line);
    }

    /// Parses one line into the record; true when the record ends with it.
    bool feed(std::string_view text, std::uint32_t line) {
        for (std::size_t i = 0; i < text.size(); ++i) {
            const char c = text[i];
            if (quoted_) {
                if (c != quote_) {
                    field_ += c;
                } else if (i + 1 < text.size() && text[i + 1] == quote_) {
                    field_ += c;
                    ++i;
                } else {
                    // Text after the closing quote is kept as written, as most readers do.
                    quoted_ = false;
                }
            } else if (c == delimiter_) {
                end_field();
                begin_field(line);
            } else if (c == quote_ && blank_so_far_) {
                field_.clear();
                quoted_ = true;
                blank_so_far_ = false;
            } else {
                field_ += c;
                if (c != ' ') blank_so_far_ = false;
            }
        }
        if (quoted_) {
            field_ += '\n';
            return false;
        }
        end_field();
        return true;
    }

  private:
    void begin_field(std::uint32_t line) {
        record_->field_lines.push_back(line);
        blank_so_far_ = true;
    }
    void end_field() { record_->fields.push_back(std::exchange(field_, {})); }

    char delimiter_;
    char quote_;
    Record* record_ = nullptr;
    std::string field_;
    bool quoted_ = false;
    bool blank_so_far_ = true;
};

class CsvReader final : public ArticleReader {
  public:
    CsvReader(std::unique_ptr<LineReader> lines, const ReaderOptions& options)
        : lines_(std::move(lines)),
          fields_(options.fields),
          on_mapped_field_(options.on_mapped_field),
          delimiter_(options.delimiter),
          quote_(options.quote),
          header_(options.header) {}

    bool next(Article& article) override {
        if (!started_) {
            started_ = true;
            if (!set_up()) return false;
        }
        Record record;
        while (take(record)) {
            ++records_;
            if (record.fields.size() != expected_) {
                const bool spans = record.source.size() > 1;
                lines_->report(
                    record.line,
                    std::to_string(record.fields.size()) + " fields where " +
                        std::to_string(expected_) + " were expected; " +
                        (spans ? "line skipped (an unclosed quote?)" : "record skipped"));
                if (spans) read_again(record, 1);
                continue;
            }
            if (make_article(record, article)) return true;
        }
        if (records_ == 0 && !reported_empty_) {
            reported_empty_ = true;
            lines_->report("no records found");
        }
        return false;
    }

  private:
    bool next_line(Line& line) {
        if (!pending_.empty()) {
            line = std::move(pending_.front());
            pending_.pop_front();
            return true;
        }
        if (!lines_->next(line.text)) return false;
        line.number = lines_->line_number();
        return true;
    }

    /// Puts the lines of `record` from `from` on, and those of the records read ahead, back in
    /// front of the input.
    void read_again(Record& record, std::size_t from) {
        const auto begin = std::next(record.source.begin(), static_cast<std::ptrdiff_t>(from));
        std::vector<Line> again(std::make_move_iterator(begin),
                                std::make_move_iterator(record.source.end()));
        for (auto& ahead : ahead_) {
            again.insert(again.end(), std::make_move_iterator(ahead.source.begin()),
                         std::make_move_iterator(ahead.source.end()));
        }
        ahead_.clear();
        pending_.insert(pending_.begin(), std::make_move_iterator(again.begin()),
                        std::make_move_iterator(again.end()));
    }

    /// Parses the next record from the input; false at the end of input.
    bool parse(Record& record) {
        Line line;
        for (;;) {
            record = Record{};
            do {
                if (!next_line(line)) return false;
            } while (trim(line.text).empty());
            record.line = line.number;
            FieldParser parser(delimiter_, quote_);
            parser.start(record, line.number);
            std::size_t size = 0;
            bool complete = false;
            bool more = true;
            while (more) {
                complete = parser.feed(line.text, line.number);
                size += line.text.size() + 1;
                record.source.push_back(std::move(line));
                if (complete || size > kMaxRecord) break;
                more = next_line(line);
            }
            if (complete) return true;
            lines_->report(record.line, size > kMaxRecord
                                            ? "quoted field longer than 8 MiB (an unclosed "
                                              "quote?); line skipped"
                                            : "quoted field not closed before the end of the "
                                              "file; line skipped");
            read_again(record, 1);
        }
    }

    bool take(Record& record) {
        if (!ahead_.empty()) {
            record = std::move(ahead_.front());
            ahead_.pop_front();
            return true;
        }
        return parse(record);
    }

    /// Finds the dialect, the header and the columns from the first records. False when the
    /// input has no record at all.
    bool set_up() {
        Line first;
        do {
            if (!next_line(first)) {
                lines_->report("no records found");
                reported_empty_ = true;
                return false;
            }
        } while (trim(first.text).empty());
        if (quote_ == 0) quote_ = detect_quote(first.text);
        if (delimiter_ == 0) delimiter_ = detect_delimiter(first.text, quote_);
        pending_.push_front(std::move(first));

        Record head;
        if (!parse(head)) {
            lines_->report("no records found");
            reported_empty_ = true;
            return false;
        }
        expected_ = head.fields.size();
        bool header = false;
        if (header_) {
            header = *header_;
        } else if (names_a_column(head)) {
            header = true;
        } else if (looks_like_labels(head)) {
            // Short labels over records that are not: a header with names of its own.
            Record second;
            if (parse(second)) {
                header = !looks_like_labels(second);
                ahead_.push_back(std::move(second));
            }
        }
        if (header) {
            for (const auto& name : head.fields) names_.push_back(ascii_lower(trim(name)));
            // The first record after the header shows which column holds the text.
            if (Record sample; ahead_.empty() && parse(sample)) ahead_.push_back(std::move(sample));
        } else {
            ahead_.push_front(std::move(head));
        }
        resolve_columns(ahead_.empty() ? nullptr : &ahead_.front());
        return true;
    }

    /// True when a field of the record is a column name the mapping or the defaults look for.
    bool names_a_column(const Record& record) const {
        for (const auto& field : record.fields) {
            const auto name = ascii_lower(trim(field));
            if (name.empty()) continue;
            for (const auto& [key, value] : fields_) {
                if (!all_digits(value) && ascii_lower(value) == name) return true;
            }
            for (const auto& names : kDefaultNames) {
                if (std::find(names.begin(), names.end(), name) != names.end()) return true;
            }
        }
        return false;
    }

    /// True when every field is short, not empty and without digits: what header names are.
    static bool looks_like_labels(const Record& record) {
        if (record.fields.size() < 2) return false;
        return std::all_of(record.fields.begin(), record.fields.end(), [](const std::string& f) {
            const auto name = trim(f);
            return !name.empty() && name.size() <= kMaxHeaderName &&
                   name.find_first_of("0123456789\n") == std::string_view::npos;
        });
    }

    void resolve_columns(const Record* sample) {
        std::vector<bool> taken(expected_, false);
        auto take_column = [&](std::size_t key, std::size_t column) {
            columns_[key] = column;
            taken[column] = true;
        };
        for (std::size_t key = 0; key < kFieldKeys; ++key) {
            const auto it = fields_.find(std::string(kFieldNames[key]));
            if (it == fields_.end()) continue;
            std::string why;
            const auto column = mapped_column(it->second, why);
            if (column) take_column(key, *column);
            note_mapped_field(on_mapped_field_, *lines_, kFieldNames[key], column.has_value(), why);
        }
        for (std::size_t key = 0; key < kFieldKeys; ++key) {
            if (columns_[key] || fields_.count(std::string(kFieldNames[key])) != 0) continue;
            for (const auto name : kDefaultNames[key]) {
                const auto at = std::find(names_.begin(), names_.end(), name);
                if (at != names_.end() && !taken[static_cast<std::size_t>(at - names_.begin())]) {
                    take_column(key, static_cast<std::size_t>(at - names_.begin()));
                    break;
                }
            }
        }
        if (sample == nullptr || sample->fields.size() != expected_) return;
        const auto& values = sample->fields;
        if (!columns_[kDateField] && fields_.count(std::string(kFieldNames[kDateField])) == 0) {
            for (std::size_t c = 0; c < expected_; ++c) {
                const auto value = trim(values[c]);
                if (taken[c] || value.size() > kMaxHeaderName || all_digits(value)) continue;
                if (parse_date(value)) {
                    take_column(kDateField, c);
                    break;
                }
            }
        }
        if (!columns_[kBodyField] && !columns_[kTitleField] &&
            fields_.count(std::string(kFieldNames[kBodyField])) == 0) {
            // The longest column holds the text; JSON in a cell is metadata, not text. A file
            // with a title column and no body column is a file of headlines: its other columns
            // are ids and labels, not text.
            std::optional<std::size_t> best;
            for (std::size_t c = 0; c < expected_; ++c) {
                const auto value = trim(values[c]);
                if (taken[c] || value.starts_with('{') || value.starts_with('[')) continue;
                if (!best || value.size() > trim(values[*best]).size()) best = c;
            }
            if (best) take_column(kBodyField, *best);
        }
    }

    /// The column a mapping value names: a 1-based number or a header name; nullopt, saying
    /// `why`, when it is not there.
    std::optional<std::size_t> mapped_column(const std::string& value, std::string& why) const {
        if (all_digits(value)) {
            const auto number = value.size() > 6 ? 0 : std::stoul(value);
            if (number >= 1 && number <= expected_) return number - 1;
            why = "no column " + value + " (the file has " + std::to_string(expected_) + ")";
            return std::nullopt;
        }
        if (names_.empty()) {
            why = "no header line to find column '" + value + "' in; map columns by number";
            return std::nullopt;
        }
        const auto name = ascii_lower(value);
        const auto at = std::find(names_.begin(), names_.end(), name);
        if (at != names_.end()) return static_cast<std::size_t>(at - names_.begin());
        std::string known;
        for (const auto& n : names_) known += (known.empty() ? "" : ", ") + n;
        why = "no column '" + value + "' (columns: " + known + ")";
        return std::nullopt;
    }

    const std::string* value(const Record& record, FieldKey key) const {
        return columns_[key] ? &record.fields[*columns_[key]] : nullptr;
    }

    bool make_article(const Record& record, Article& article) {
        start_article(article, lines_->path(), record.line);
        std::string id;
        if (const auto* v = value(record, kIdField)) id = trim(*v);
        article.docno = id;
        article.id = record_id(lines_->path(), id, record.line);
        if (const auto* v = value(record, kTitleField)) article.title = clean_text(*v);
        if (const auto* v = value(record, kDateField); v && !trim(*v).empty()) {
            set_header_date(article, *v, *lines_, record.field_lines[*columns_[kDateField]]);
        }
        if (const auto* v = value(record, kSourceField)) {
            if (auto name = clean_text(*v); !name.empty()) {
                article.outlets.push_back(std::move(name));
            }
        }
        if (const auto* v = value(record, kBodyField)) {
            // A cell is not wrapped by hand; a quoted cell spans the file's lines.
            ParagraphBuilder body;
            add_text_block(body, *v, record.field_lines[*columns_[kBodyField]], true);
            article.text_dropped += body.dropped();
            article.paragraphs = body.finish();
        }
        if (article.title.empty() && article.paragraphs.empty()) {
            return keep_empty_record(article, *lines_, record.line, "record without title or body");
        }
        return true;
    }

    std::unique_ptr<LineReader> lines_;
    std::map<std::string, std::string> fields_;
    MappedFieldHandler on_mapped_field_;
    char delimiter_;
    char quote_;
    std::optional<bool> header_;
    bool started_ = false;
    bool reported_empty_ = false;
    std::size_t records_ = 0;  // records after the header, handed out or not
    std::size_t expected_ = 0;
    std::vector<std::string> names_;  // lower case; empty without a header
    std::array<std::optional<std::size_t>, kFieldKeys> columns_;
    std::deque<Line> pending_;  // lines to read before the input's next
    std::deque<Record> ahead_;  // records parsed while setting up, not yet handed out
};

}  // namespace

std::unique_ptr<ArticleReader> make_csv_reader(std::unique_ptr<LineReader> lines,
                                               const ReaderOptions& options) {
    return std::make_unique<CsvReader>(std::move(lines), options);
}

}  // namespace gazette::detail
