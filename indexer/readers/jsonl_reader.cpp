//! The JSON Lines reader: one JSON object per line, one article per object.
//!
//! Entry point: make_jsonl_reader(). Fields are found through ReaderOptions::fields (keys title,
//! body, date, id, source) and otherwise by the usual names, matched case-insensitively (title
//! or headline, body/text/content/article, ...). A line that is not a JSON object is reported
//! and skipped; the lines after it are read as usual.
#include <cmath>
#include <array>
#include <utility>

#include <nlohmann/json.hpp>

#include "dates.hpp"
#include "readers.hpp"

namespace gazette::detail {
namespace {

using nlohmann::json;

/// The member names tried in order for each field key (FieldKey) that the mapping leaves open.
const std::array<std::vector<std::string_view>, kFieldKeys> kDefaultNames = {{
    {"title", "headline"},
    {"body", "text", "content", "article"},
    {"date", "published", "published_at", "publication_date", "timestamp"},
    {"id", "docno", "_id"},
    {"source", "outlet", "publisher"},
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
        : lines_(std::move(lines)), on_mapped_field_(options.on_mapped_field) {
        for (std::size_t k = 0; k < kFieldKeys; ++k) {
            if (const auto* name = mapped_field(options, static_cast<FieldKey>(k))) mapped_[k] = *name;
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
        if (!reported_) {
            reported_ = true;
            if (records_ == 0) {
                lines_->report("no JSON objects found");
            } else {
                note_mapped_fields();
            }
        }
        return false;
    }

  private:
    /// Says, for each mapped key, whether some record had the member it names.
    void note_mapped_fields() const {
        for (std::size_t k = 0; k < kFieldKeys; ++k) {
            if (mapped_[k].empty()) continue;
            note_mapped_field(on_mapped_field_, *lines_, kFieldNames[k], found_[k],
                              "no record has a member '" + mapped_[k] + "'");
        }
    }

    const json* field(const json& object, FieldKey key) {
        if (!mapped_[key].empty()) {
            const json* value = member(object, mapped_[key]);
            found_[key] = found_[key] || value != nullptr;
            return value;
        }
        for (const auto name : kDefaultNames[key]) {
            if (const auto* value = member(object, name)) return value;
        }
        return nullptr;
    }

    bool read(const json& object, std::uint32_t number, Article& article) {
        start_article(article, lines_->path(), number);
        std::string id;
        if (const auto* value = field(object, kIdField)) id = scalar_text(*value);
        article.docno = id;
        article.id = record_id(lines_->path(), id, number);
        if (const auto* value = field(object, kTitleField)) {
            article.title = clean_text(scalar_text(*value));
        }
        if (const auto* value = field(object, kDateField)) read_date(*value, number, article);
        if (const auto* value = field(object, kSourceField)) {
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
        if (const auto* value = field(object, kBodyField)) {
            // JSON strings are not wrapped by hand (add_text_block()); every paragraph starts
            // on the record's line.
            ParagraphBuilder body;
            if (value->is_array()) {
                // A list of strings is taken as a list of paragraphs.
                for (const auto& item : *value) {
                    add_text_block(body, scalar_text(item), number, false);
                    body.close();
                }
            } else {
                add_text_block(body, scalar_text(*value), number, false);
            }
            article.text_dropped += body.dropped();
            article.paragraphs = body.finish();
        }
        if (article.title.empty() && article.paragraphs.empty()) {
            return keep_empty_record(article, *lines_, number, "record without title or body");
        }
        return true;
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
                const auto of_day = static_cast<long>(seconds - std::floor(seconds / 86400) * 86400);
                article.time = TimeOfDay{static_cast<int>(of_day / 3600),
                                         static_cast<int>(of_day / 60 % 60),
                                         static_cast<int>(of_day % 60)};
                return;
            }
            lines_->report(number, "unreadable date " + value.dump());
            return;
        }
        if (value.is_string()) set_header_date(article, value.get<std::string>(), *lines_, number);
    }

    std::unique_ptr<LineReader> lines_;
    std::array<std::string, kFieldKeys> mapped_;
    std::array<bool, kFieldKeys> found_{};  // a record had the mapped member
    MappedFieldHandler on_mapped_field_;
    std::size_t records_ = 0;
    bool reported_ = false;
};

}  // namespace

std::unique_ptr<ArticleReader> make_jsonl_reader(std::unique_ptr<LineReader> lines,
                                                 const ReaderOptions& options) {
    return std::make_unique<JsonlReader>(std::move(lines), options);
}

}  // namespace gazette::detail
