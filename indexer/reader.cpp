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


/// Header names that mark the start of a mail or news message. A file whose first line is one
/// of these, followed by more header lines, is read as mail.
constexpr std::array<std::string_view, 19> kMailHeaders = {
    "from",         "subject",      "newsgroups",   "path",     "xref",
    "date",         "message-id",   "organization", "sender",   "nntp-posting-host",
    "received",     "return-path",  "to",           "reply-to", "references",
    "mime-version", "content-type", "delivered-to", "lines"};

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
    const auto first = ascii_lower(detail::header_field_name(lines[i]));
    if (std::find(kMailHeaders.begin(), kMailHeaders.end(), first) == kMailHeaders.end()) {
        return false;
    }
    int headers = 0;
    for (; i < lines.size() && !lines[i].empty(); ++i) {
        if (!detail::header_field_name(lines[i]).empty()) {
            ++headers;
        } else if (lines[i][0] != ' ' && lines[i][0] != '\t') {
            return false;
        }
    }
    return headers >= 2;
}

/// A first line "From sender date" followed by a header line: an mbox of one or more messages.
bool looks_like_mbox(std::string_view head) {
    const auto end = head.find('\n');
    if (end == std::string_view::npos) return false;
    auto first = head.substr(0, end);
    if (first.ends_with('\r')) first.remove_suffix(1);
    if (!detail::is_mbox_from_line(first)) return false;
    const auto rest = head.substr(end + 1);
    return !detail::header_field_name(rest.substr(0, rest.find_first_of("\r\n"))).empty();
}

/// The name of the first element of an XML text (after its declaration, comments, processing
/// instructions and DOCTYPE), lower case; empty when `text` does not start like XML.
std::string first_element(std::string_view text) {
    for (;;) {
        text = trim(text);
        if (text.starts_with("<?") || text.starts_with("<!")) {
            const std::string_view close = text.starts_with("<!--") ? "-->" : ">";
            const auto end = text.find(close);
            if (end == std::string_view::npos) return {};
            text.remove_prefix(end + close.size());
            continue;
        }
        if (!text.starts_with('<')) return {};
        const auto end = text.find_first_of(" \t\r\n/>", 1);
        if (end == std::string_view::npos) return {};
        return ascii_lower(text.substr(1, end - 1));
    }
}

/// RSS (<rss>, RSS 1.0's <rdf:RDF> with an RSS namespace) or Atom (<feed>).
bool looks_like_feed(std::string_view head) {
    const auto root = first_element(head);
    if (root == "rss" || root == "feed") return true;
    return root == "rdf:rdf" && head.find("purl.org/rss/1.0") != std::string_view::npos;
}

/// The file name of a display path. Archive members are shown as "archive.tar.gz!member", and
/// the member's name is what counts; a "!" that does not follow an archive's name is part of the
/// file name (Sina's titles have them).
std::string_view name_of(std::string_view path) {
    static constexpr std::array<std::string_view, 11> kArchives = {
        ".tar",    ".tgz",     ".tbz2",   ".txz",     ".zip",    ".7z",
        ".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst", ".tar.lz4"};
    const auto slash = path.rfind('/');
    if (slash != std::string_view::npos) path.remove_prefix(slash + 1);
    for (auto bang = path.rfind('!'); bang != std::string_view::npos && bang > 0;
         bang = path.rfind('!', bang - 1)) {
        const auto archive = ascii_lower(path.substr(0, bang));
        if (std::any_of(kArchives.begin(), kArchives.end(),
                        [&](std::string_view ext) { return archive.ends_with(ext); })) {
            return path.substr(bang + 1);
        }
    }
    return path;
}

/// The suffixes of compressed files, which input_source.cpp reads in place: the name without
/// them tells the format ("stories.jsonl.gz" is JSON Lines).
constexpr std::array<std::string_view, 6> kCompressed = {".gz",  ".bz2", ".xz",
                                                         ".zst", ".lz4", ".z"};

std::string_view extension_of(std::string_view path) {
    path = name_of(path);
    for (;;) {
        const auto dot = path.find_last_of('.');
        if (dot == std::string_view::npos || dot == 0) return {};
        const auto ext = path.substr(dot);
        if (std::find(kCompressed.begin(), kCompressed.end(), ascii_lower(ext)) ==
            kCompressed.end()) {
            return ext;
        }
        path.remove_suffix(ext.size());
    }
}

/// The file name without its format and compression extensions, when it reads like a title:
/// it has a space or a character beyond ASCII ("Harbour reopens after storm.txt",
/// "金庸逝世.txt"), unlike identifiers such as "001.txt" or "1790_george_washington.txt".
std::string title_from_name(std::string_view path) {
    auto name = name_of(path);
    if (const auto ext = extension_of(name); !ext.empty()) {
        // An "extension" with a space in it is part of the title ("Version 2.0 released").
        if (ext.size() <= 6 && ext.find(' ') == std::string_view::npos) {
            name = name.substr(0, name.rfind(ext));
        }
    }
    const bool titled = std::any_of(name.begin(), name.end(), [](char c) {
        return c == ' ' || static_cast<unsigned char>(c) >= 0x80;
    });
    if (!titled) return {};
    std::string repaired(name);
    detail::repair_utf8(repaired);
    return detail::clean_text(repaired);
}

/// The text reader with the file name as the title where the name reads like one (Sina's
/// collection names each file after its headline and starts the file straight with the body).
/// The first line the text reader took as the title then goes back to the body, unless it
/// repeats the name or is a "date YYYY-MM-DD Title" line, which is the file's own title.
class NamedTextReader final : public ArticleReader {
  public:
    NamedTextReader(std::unique_ptr<ArticleReader> inner, std::string title)
        : inner_(std::move(inner)), title_(std::move(title)) {}

    bool next(Article& article) override {
        if (!inner_->next(article)) return false;
        if (article.title == title_ || article.date_source == DateSource::header) return true;
        if (!article.title.empty()) {
            article.paragraphs.insert(article.paragraphs.begin(),
                                      Paragraph{std::move(article.title), article.line});
        }
        article.title = title_;
        return true;
    }

  private:
    std::unique_ptr<ArticleReader> inner_;
    std::string title_;
};

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

/// The text reader, titled by the file name where the name reads like a title.
std::unique_ptr<ArticleReader> open_text(std::unique_ptr<detail::LineReader> lines,
                                         const ReaderOptions& options) {
    std::string title = title_from_name(lines->path());
    auto text = detail::make_text_reader(std::move(lines), options);
    if (title.empty()) return text;
    return std::make_unique<NamedTextReader>(std::move(text), std::move(title));
}

/// The CSV reader, with TAB as the delimiter of .tsv and .tab files unless one is given.
std::unique_ptr<ArticleReader> open_csv(std::unique_ptr<detail::LineReader> lines,
                                        const ReaderOptions& options) {
    auto csv = options;
    const auto ext = ascii_lower(extension_of(lines->path()));
    if (csv.delimiter == 0 && (ext == ".tsv" || ext == ".tab")) csv.delimiter = '\t';
    return detail::make_csv_reader(std::move(lines), csv);
}

/// The registry of formats: each name --format takes and the reader that reads it.
struct Format {
    std::string_view name;
    detail::ReaderFactory open;
};
constexpr std::array<Format, 10> kFormats = {{
    {"text", open_text},
    {"mail", detail::make_mail_reader},
    {"sgml", detail::make_sgml_reader},
    {"jsonl", detail::make_jsonl_reader},
    {"smart", detail::make_smart_reader},
    {"csv", open_csv},
    {"html", detail::make_html_reader},
    {"mbox", detail::make_mbox_reader},
    {"feed", detail::make_feed_reader},
    {"warc", detail::make_warc_reader},
}};

const Format* find_format(std::string_view name) {
    for (const Format& format : kFormats) {
        if (format.name == name) return &format;
    }
    return nullptr;
}

}  // namespace

std::vector<std::string> known_formats() {
    std::vector<std::string> names;
    for (const Format& format : kFormats) names.emplace_back(format.name);
    return names;
}

std::vector<std::string> known_fields() {
    return {detail::kFieldNames.begin(), detail::kFieldNames.end()};
}

std::string detect_format(std::string_view path, std::string_view head) {
    if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
    const auto ext = ascii_lower(extension_of(path));
    const auto body = trim(head);
    if (ext == ".jsonl" || ext == ".ndjson") return "jsonl";
    if (ext == ".json" && body.starts_with('{')) return "jsonl";
    if (ext == ".sgm" || ext == ".sgml" || ext == ".trec") return "sgml";
    if (ext == ".csv" || ext == ".tsv" || ext == ".tab") return "csv";
    if (ext == ".html" || ext == ".htm" || ext == ".xhtml" || ext == ".shtml") return "html";
    if (ext == ".warc" || head.starts_with("WARC/1.")) return "warc";
    if (ext == ".rss" || ext == ".atom" || looks_like_feed(head)) return "feed";

    const auto lower = ascii_lower(head.substr(0, detail::LineReader::kHeadSize));
    if (line_starts_with_tag(lower, "<reuters ") || line_starts_with_tag(lower, "<reuters>") ||
        line_starts_with_tag(lower, "<doc>")) {
        return "sgml";
    }
    if (body.starts_with(".I ") || body.starts_with("*TEXT ")) return "smart";
    const auto lower_body = ascii_lower(body.substr(0, 512));
    if (lower_body.starts_with("<!doctype html") || lower_body.starts_with("<html") ||
        (lower_body.starts_with("<?xml") && lower_body.find("<html") != std::string::npos)) {
        return "html";
    }
    if (looks_like_mbox(head)) return "mbox";
    if (looks_like_mail(head)) return "mail";
    return "text";
}

void check_reader_options(const ReaderOptions& options) {
    const auto forced = ascii_lower(options.format);
    if (!forced.empty() && find_format(forced) == nullptr) {
        throw UsageError("unknown format '" + options.format +
                         "' (known formats: " + join(known_formats(), ", ") + ")");
    }
    for (const auto& [key, name] : options.fields) {
        if (std::find(detail::kFieldNames.begin(), detail::kFieldNames.end(), key) ==
            detail::kFieldNames.end()) {
            throw UsageError("unknown field '" + key + "' in the field mapping (known fields: " +
                             join(detail::kFieldNames, ", ") + ")");
        }
    }
    for (const char c : {options.delimiter, options.quote}) {
        if (c == '\n' || c == '\r') {
            throw UsageError("a line end cannot be a CSV delimiter or quote");
        }
    }
    if (options.delimiter != 0 && options.delimiter == options.quote) {
        throw UsageError("the CSV delimiter and quote character must differ");
    }
}

std::unique_ptr<ArticleReader> open_reader(std::istream& in, const std::string& path,
                                           const ReaderOptions& options,
                                           const ProblemHandler& on_problem) {
    check_reader_options(options);
    const auto forced = ascii_lower(options.format);
    auto lines = std::make_unique<detail::LineReader>(in, path, on_problem);
    const auto format = forced.empty() ? detect_format(path, lines->head()) : forced;
    // A web archive holds images and the like between its pages: NUL bytes are no sign there.
    if (format != "warc" && lines->head().find('\0') != std::string_view::npos) {
        throw InputError(path + ": binary data (NUL bytes in the first 8 KiB)");
    }
    if (lines->blank()) {
        lines->report("empty file");
        return std::make_unique<EmptyReader>();
    }
    return find_format(format)->open(std::move(lines), options);
}

namespace detail {
namespace {

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
        if (is_ascii_space(static_cast<char>(c))) {
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
    if (held_ + current_.size() > kMaxArticleTextBytes) {
        dropped_ += text.size();
        return;
    }
    if (open_ && current_.size() >= kSplitAt) close();
    const auto before = current_.size();
    append_clean(current_, text);
    if (!open_ && current_.size() > before) {
        open_ = true;
        line_ = line;
    }
}

void ParagraphBuilder::close() {
    if (open_) {
        held_ += current_.size();
        paragraphs_.push_back(Paragraph{std::move(current_), line_});
    }
    current_.clear();
    open_ = false;
}

std::vector<Paragraph> ParagraphBuilder::finish() {
    close();
    held_ = 0;
    dropped_ = 0;
    return std::exchange(paragraphs_, {});
}

const std::string* mapped_field(const ReaderOptions& options, FieldKey key) {
    const auto it = options.fields.find(std::string(kFieldNames[key]));
    return it != options.fields.end() ? &it->second : nullptr;
}

void note_mapped_field(const MappedFieldHandler& handler, const LineReader& lines,
                       std::string_view key, bool found, const std::string& why) {
    if (handler) {
        handler(key, found, why);
    } else if (!found) {
        lines.report(why);
    }
}

std::string_view header_field_name(std::string_view line) {
    const auto colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos) return {};
    for (char c : line.substr(0, colon)) {
        if (c <= ' ' || c > '~') return {};
    }
    return line.substr(0, colon);
}

void add_text_block(ParagraphBuilder& body, std::string_view text, std::uint32_t line,
                    bool count_lines) {
    // A blank line between two others (not the text's last piece) marks blank-line paragraphs.
    bool blank_lines = false;
    for (auto at = text.find('\n'); at != std::string_view::npos && !blank_lines;) {
        const auto next = text.find('\n', at + 1);
        if (next == std::string_view::npos) break;
        blank_lines = trim(text.substr(at + 1, next - at - 1)).empty();
        at = next;
    }
    while (!text.empty()) {
        const auto end = text.find('\n');
        const auto piece = text.substr(0, end);
        if (trim(piece).empty() || !blank_lines) body.close();
        body.add(piece, line);
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
        if (count_lines) ++line;
    }
}

bool keep_empty_record(const Article& article, const LineReader& lines, std::uint32_t line,
                       std::string_view what) {
    const bool keep = !article.docno.empty();
    lines.report(line, std::string(what) + (keep ? " (kept, empty)" : " skipped"));
    return keep;
}

void set_header_date(Article& article, std::string_view value, const LineReader& lines,
                     std::uint32_t line) {
    const auto text = trim(value);
    if (const auto date = parse_date(text)) {
        article.date = *date;
        article.date_source = DateSource::header;
        article.time = parse_time_of_day(text);
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
