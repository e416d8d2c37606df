//! The JSON Lines reader: one JSON object per line, one article per object.
//!
//! Entry point: make_jsonl_reader(). Fields are found through ReaderOptions::fields (keys title,
//! body, date, id, source) and otherwise by the usual names, matched case-insensitively (title
//! or headline, body/text/content/article, ...). A line that is not a JSON object is reported
//! and skipped; the lines after it are read as usual.
#include <array>
#include <utility>

#include <nlohmann/json.hpp>

#include "dates.hpp"
#include "readers.hpp"

namespace gazette::detail {
namespace {

using nlohmann::json;

struct FieldRule {
    std::string_view key;                    // the ReaderOptions::fields key
    std::vector<std::string_view> defaults;  // names tried in order when the key is unmapped
};

const std::array<FieldRule, 5> kRules = {{
    {"title", {"title", "headline"}},
    {"body", {"body", "text", "content", "article"}},
    {"date", {"date", "published", "published_at", "publication_date", "timestamp"}},
    {"id", {"id", "docno", "_id"}},
    {"source", {"source", "outlet", "publisher"}},
}};

/// The member of `object` called `name`: exactly as written first, else ignoring ASCII case.
const json* member(const json& object, std::string_view name) {
    if (const auto it = object.find(name); it != object.end()) return &*it;
    const auto lower = ascii_lower(name);
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (ascii_lower(it.key()) == lower) return &it.value();
    }
    return nullptr;
}

/// A scalar as text: strings as they are, numbers and booleans as JSON writes them.
std::string scalar_text(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_null() || value.is_structured()) return {};
    return value.dump();
}

/// The short part of nlohmann's parse error, without its "[json.exception.parse_error.101]
/// parse error at line 1, " preamble, which says nothing a line number does not.
std::string short_reason(std::string_view what) {
    if (const auto bracket = what.find("] "); what.starts_with("[") && bracket != what.npos) {
        what.remove_prefix(bracket + 2);
    }
    if (what.starts_with("parse error at line 1, ")) what.remove_prefix(23);
    std::string out(what.substr(0, 120));
    if (what.size() > 120) out += "...";
    return out;
}

class JsonlReader final : public ArticleReader {
  public:
    JsonlReader(std::unique_ptr<LineReader> lines, const ReaderOptions& options)
        : lines_(std::move(lines)) {
        for (std::size_t k = 0; k < kRules.size(); ++k) {
            if (const auto it = options.fields.find(std::string(kRules[k].key));
                it != options.fields.end()) {
                mapped_[k] = it->second;
            }
        }
    }

    bool next(Article& article) override {
        std::string line;
        while (lines_->next(line)) {
            if (trim(line).empty()) continue;
            const auto number = lines_->line_number();
            json object;
            try {
                object = json::parse(line);
            } catch (const json::exception& error) {  // parse errors, and number overflow (406)
                lines_->report(number, "invalid JSON: " + short_reason(error.what()));
                continue;
            }
            if (!object.is_object()) {
                lines_->report(
                    number, std::string("invalid JSON: not an object but ") + object.type_name());
                continue;
            }
            ++records_;
            if (read(object, number, article)) return true;
        }
        if (records_ == 0 && !reported_) {
            reported_ = true;
            lines_->report("no JSON objects found");
        }
        return false;
    }

  private:
    const json* field(const json& object, std::size_t rule) const {
        if (!mapped_[rule].empty()) return member(object, mapped_[rule]);
        for (const auto name : kRules[rule].defaults) {
            if (const auto* value = member(object, name)) return value;
        }
        return nullptr;
    }

    bool read(const json& object, std::uint32_t number, Article& article) {
        start_article(article, lines_->path(), number);
        std::string id;
        if (const auto* value = field(object, 3)) id = scalar_text(*value);
        article.docno = id;
        article.id = lines_->path() + "#" + (id.empty() ? std::to_string(number) : id);
        if (const auto* value = field(object, 0)) article.title = clean_text(scalar_text(*value));
        if (const auto* value = field(object, 2)) read_date(*value, number, article);
        if (const auto* value = field(object, 4)) {
            if (value->is_array()) {
                for (const auto& item : *value) {
                    if (auto name = clean_text(scalar_text(item)); !name.empty()) {
                        article.outlets.push_back(std::move(name));
                    }
                }
            } else if (auto name = clean_text(scalar_text(*value)); !name.empty()) {
                article.outlets.push_back(std::move(name));
            }
        }
        if (const auto* value = field(object, 1)) {
            ParagraphBuilder body;
            if (value->is_array()) {
                // A list of strings is taken as a list of paragraphs.
                for (const auto& item : *value) {
                    add_body(scalar_text(item), number, body);
                    body.close();
                }
            } else {
                add_body(scalar_text(*value), number, body);
            }
            article.paragraphs = body.finish();
        }
        if (article.title.empty() && article.paragraphs.empty()) {
            // As in the other record formats: a record with its own id is kept, empty.
            const bool keep = !article.docno.empty();
            lines_->report(number, keep ? "record without title or body (kept, empty)"
                                        : "record without title or body skipped");
            return keep;
        }
        return true;
    }

    /// Splits a body string into paragraphs. JSON strings are not wrapped by hand, so a single
    /// newline already ends a paragraph; only when the text uses blank lines between paragraphs
    /// are its single newlines taken as line wraps. Every paragraph starts on the record's line.
    static void add_body(std::string_view text, std::uint32_t number, ParagraphBuilder& body) {
        const bool blank_lines = text.find("\n\n") != std::string_view::npos ||
                                 text.find("\n\r\n") != std::string_view::npos;
        while (!text.empty()) {
            const auto end = text.find('\n');
            const auto piece = text.substr(0, end);
            if (trim(piece).empty() || !blank_lines) body.close();
            body.add(piece, number);
            if (end == std::string_view::npos) break;
            text.remove_prefix(end + 1);
        }
    }

    void read_date(const json& value, std::uint32_t number, Article& article) const {
        if (value.is_number()) {
            // A number is a Unix time: seconds, or milliseconds when it is too large for seconds
            // of any plausible year.
            auto seconds = value.get<double>();
            if (seconds > 1e11 || seconds < -1e11) seconds /= 1000;
            // Only days of years 1 to 9999 are dates (fuzz-reader-jsonl/date-number-overflow).
            if (const auto date = Date::from_days(seconds / 86400)) {
                article.date = *date;
                article.date_source = DateSource::header;
                return;
            }
            lines_->report(number, "unreadable date " + value.dump());
            return;
        }
        if (value.is_string()) set_header_date(article, value.get<std::string>(), *lines_, number);
    }

    std::unique_ptr<LineReader> lines_;
    std::array<std::string, kRules.size()> mapped_;
    std::size_t records_ = 0;
    bool reported_ = false;
};

}  // namespace

std::unique_ptr<ArticleReader> make_jsonl_reader(std::unique_ptr<LineReader> lines,
                                                 const ReaderOptions& options) {
    return std::make_unique<JsonlReader>(std::move(lines), options);
}

}  // namespace gazette::detail
