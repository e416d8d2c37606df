//! Choosing and opening a reader: format names, detection from the path and the head of the
//! input, the open_reader() factory, and the text helpers all readers share (readers.hpp).
#include "reader.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "dates.hpp"
#include "errors.hpp"
#include "line_reader.hpp"
#include "readers/readers.hpp"

namespace gazette {
namespace {

constexpr std::array<std::string_view, 5> kFormats = {"text", "mail", "sgml", "jsonl", "smart"};
constexpr std::array<std::string_view, 5> kFieldKeys = {"title", "body", "date", "id", "source"};

/// Header names that mark the start of a mail or news message. A file whose first line is one
/// of these, followed by more header lines, is read as mail.
constexpr std::array<std::string_view, 19> kMailHeaders = {
    "from",         "subject",      "newsgroups",   "path",     "xref",
    "date",         "message-id",   "organization", "sender",   "nntp-posting-host",
    "received",     "return-path",  "to",           "reply-to", "references",
    "mime-version", "content-type", "delivered-to", "lines"};

std::string join(const auto& names) {
    std::string out;
    for (const auto& name : names) {
        if (!out.empty()) out += ", ";
        out += name;
    }
    return out;
}

/// "Name" when `line` has the shape "Name: value" (RFC 822 field names: printable ASCII
/// without spaces or colons), else empty.
std::string_view header_name(std::string_view line) {
    const auto colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos) return {};
    for (char c : line.substr(0, colon)) {
        if (c <= ' ' || c > '~') return {};
    }
    return line.substr(0, colon);
}

bool looks_like_mail(std::string_view head) {
    // Split into lines by hand: CRLF files must look the same as LF files.
    std::vector<std::string_view> lines;
    std::string_view rest = head;
    while (!rest.empty() && lines.size() < 200) {
        const auto end = rest.find_first_of("\r\n");
        if (end == std::string_view::npos) {
            // A line cut off by the size of the head tells nothing reliable.
            if (head.size() < detail::LineReader::kHeadSize) lines.push_back(rest);
            break;
        }
        lines.push_back(rest.substr(0, end));
        const bool crlf = rest[end] == '\r' && end + 1 < rest.size() && rest[end + 1] == '\n';
        rest.remove_prefix(end + (crlf ? 2 : 1));
    }
    std::size_t i = 0;
    if (i < lines.size() && lines[i].starts_with("From ")) ++i;  // an mbox separator line
    if (i >= lines.size()) return false;
    const auto first = detail::ascii_lower(header_name(lines[i]));
    if (std::find(kMailHeaders.begin(), kMailHeaders.end(), first) == kMailHeaders.end()) {
        return false;
    }
    int headers = 0;
    for (; i < lines.size() && !lines[i].empty(); ++i) {
        if (!header_name(lines[i]).empty()) {
            ++headers;
        } else if (lines[i][0] != ' ' && lines[i][0] != '\t') {
            return false;
        }
    }
    return headers >= 2;
}

std::string_view extension_of(std::string_view path) {
    // Archive members are shown as "archive.tar.gz!member": the member's name is what counts.
    const auto cut = path.find_last_of("/!");
    if (cut != std::string_view::npos) path.remove_prefix(cut + 1);
    const auto dot = path.find_last_of('.');
    if (dot == std::string_view::npos || dot == 0) return {};
    return path.substr(dot);
}

/// True when a line of `head` starts, after optional whitespace, with `tag` (case-insensitive).
bool line_starts_with_tag(std::string_view lower_head, std::string_view tag) {
    std::size_t at = 0;
    while ((at = lower_head.find(tag, at)) != std::string_view::npos) {
        std::size_t k = at;
        while (k > 0 && (lower_head[k - 1] == ' ' || lower_head[k - 1] == '\t')) --k;
        if (k == 0 || lower_head[k - 1] == '\n' || lower_head[k - 1] == '\r') return true;
        at += tag.size();
    }
    return false;
}

class EmptyReader final : public ArticleReader {
  public:
    bool next(Article&) override { return false; }
};

}  // namespace

std::vector<std::string> known_formats() { return {kFormats.begin(), kFormats.end()}; }

std::string detect_format(std::string_view path, std::string_view head) {
    if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
    const auto ext = detail::ascii_lower(extension_of(path));
    const auto body = detail::trim(head);
    if (ext == ".jsonl" || ext == ".ndjson") return "jsonl";
    if (ext == ".json" && body.starts_with('{')) return "jsonl";
    if (ext == ".sgm" || ext == ".sgml" || ext == ".trec") return "sgml";

    const auto lower = detail::ascii_lower(head.substr(0, detail::LineReader::kHeadSize));
    if (line_starts_with_tag(lower, "<reuters ") || line_starts_with_tag(lower, "<reuters>") ||
        line_starts_with_tag(lower, "<doc>")) {
        return "sgml";
    }
    if (body.starts_with(".I ") || body.starts_with("*TEXT ")) return "smart";
    if (looks_like_mail(head)) return "mail";
    return "text";
}

std::unique_ptr<ArticleReader> open_reader(std::istream& in, const std::string& path,
                                           const ReaderOptions& options,
                                           const ProblemHandler& on_problem) {
    const auto forced = detail::ascii_lower(options.format);
    if (!forced.empty() && std::find(kFormats.begin(), kFormats.end(), forced) == kFormats.end()) {
        throw UsageError("unknown format '" + options.format +
                         "' (known formats: " + join(kFormats) + ")");
    }
    for (const auto& [key, name] : options.fields) {
        if (std::find(kFieldKeys.begin(), kFieldKeys.end(), key) == kFieldKeys.end()) {
            throw UsageError("unknown field '" + key +
                             "' in the field mapping (known fields: " + join(kFieldKeys) + ")");
        }
    }

    auto lines = std::make_unique<detail::LineReader>(in, path, on_problem);
    if (lines->head().find('\0') != std::string_view::npos) {
        throw InputError(path + ": binary data (NUL bytes in the first 8 KiB)");
    }
    if (lines->blank()) {
        lines->report("empty file");
        return std::make_unique<EmptyReader>();
    }
    const auto format = forced.empty() ? detect_format(path, lines->head()) : forced;
    if (format == "mail") return detail::make_mail_reader(std::move(lines));
    if (format == "sgml") return detail::make_sgml_reader(std::move(lines));
    if (format == "jsonl") return detail::make_jsonl_reader(std::move(lines), options);
    if (format == "smart") return detail::make_smart_reader(std::move(lines));
    return detail::make_text_reader(std::move(lines));
}

namespace detail {
namespace {

bool is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_control(unsigned char c) { return c < 0x20 || c == 0x7F; }

/// The length of the Unicode space at the start of `text` (no-break, ideographic, the
/// typographic spaces), or 0. Chinese text indents with ideographic spaces, web text is full of
/// no-break spaces: both separate words like a plain space.
std::size_t unicode_space(std::string_view text) {
    if (text.starts_with("\u00A0")) return 2;
    if (text.starts_with("\u3000") || text.starts_with("\u202F") || text.starts_with("\u205F")) {
        return 3;
    }
    if (text.size() >= 3 && text.starts_with("\xE2\x80")) {
        const auto third = static_cast<unsigned char>(text[2]);
        if (third >= 0x80 && third <= 0x8A) return 3;  // U+2000..U+200A
    }
    return 0;
}

/// The length of a zero-width character at the start of `text` (U+200B, a stray U+FEFF), or 0.
std::size_t invisible(std::string_view text) {
    if (text.starts_with("\u200B") || text.starts_with("\uFEFF")) return 3;
    return 0;
}

}  // namespace

void append_clean(std::string& out, std::string_view text) {
    bool space = !out.empty();  // a space is owed before the next visible character
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (is_space(c)) {
            space = true;
            ++i;
            continue;
        }
        // Control characters (Reuters' &#2; &#3; and stray bytes) carry no text: they vanish
        // without separating the words around them.
        if (is_control(c)) {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            if (const auto width = unicode_space(text.substr(i))) {
                space = true;
                i += width;
                continue;
            }
            if (const auto width = invisible(text.substr(i))) {
                i += width;
                continue;
            }
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += static_cast<char>(c);
        ++i;
    }
}

std::string clean_text(std::string_view text) {
    std::string out;
    append_clean(out, text);
    return out;
}

void ParagraphBuilder::add(std::string_view text, std::uint32_t line) {
    if (open_ && current_.size() >= kSplitAt) close();
    const auto before = current_.size();
    append_clean(current_, text);
    if (!open_ && current_.size() > before) {
        open_ = true;
        line_ = line;
    }
}

void ParagraphBuilder::close() {
    if (open_) paragraphs_.push_back(Paragraph{std::move(current_), line_});
    current_.clear();
    open_ = false;
}

std::vector<Paragraph> ParagraphBuilder::finish() {
    close();
    return std::exchange(paragraphs_, {});
}

void set_header_date(Article& article, std::string_view value, const LineReader& lines,
                     std::uint32_t line) {
    const auto text = trim(value);
    if (const auto date = parse_date(text)) {
        article.date = *date;
        article.date_source = DateSource::header;
        return;
    }
    auto shown = clean_text(text.substr(0, 80));
    lines.report(line, "unreadable date '" + shown + "'");
}

void start_article(Article& article, const std::string& path, std::uint32_t line) {
    article = Article{};
    article.path = path;
    article.line = line;
}

}  // namespace detail
}  // namespace gazette
