//! The SGML reader: many stories a file, as Reuters-21578 (<REUTERS NEWID=..>) and TREC
//! (<DOC><DOCNO>) write them.
//!
//! Entry point: make_sgml_reader(). The file is streamed line by line and only the current story
//! is held in memory. A story is cut out from its opening to its closing tag, then its elements
//! are looked up by name: no full SGML parser is needed because these collections never nest an
//! element inside one of the same name. Character entities are decoded, control characters
//! dropped, and a closing "Reuter" sign-off removed. A Reuters DATELINE ("SALVADOR, Feb 26 -")
//! is kept as the start of the first paragraph of the body, where date inference and readers
//! expect it; an AUTHOR byline is kept as a paragraph before it so that authors can be searched.
#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "readers.hpp"

namespace gazette::detail {
namespace {

/// A story larger than this is not a story but a missing closing tag: it is skipped.
constexpr std::size_t kMaxStory = std::size_t{64} << 20;

enum class Kind { reuters, trec };

struct Element {
    std::size_t open = 0;           // where "<NAME" starts
    std::size_t content_begin = 0;  // after the opening tag's ">"
    std::size_t content_end = 0;    // where "</NAME>" starts (or the search limit)
    std::size_t close_end = 0;      // after "</NAME>"
    std::string_view open_tag;      // "<NAME attributes>"
};

/// One line of decoded body text with the source line it comes from.
struct BodyLine {
    std::uint32_t line = 0;
    std::string text;
    bool break_before = false;  // a <P> boundary comes before this line
};

bool is_name_end(char c) {
    return c == '>' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/';
}

/// A story held as text, with a lower-case copy to find tags in and its line starts.
class Story {
  public:
    Story(std::string text, std::uint32_t first_line)
        : text_(std::move(text)), lower_(ascii_lower(text_)), first_line_(first_line) {
        for (std::size_t i = 0; i < text_.size(); ++i) {
            if (text_[i] == '\n') newlines_.push_back(i);
        }
    }

    const std::string& text() const { return text_; }

    std::uint32_t line_at(std::size_t offset) const {
        const auto before = std::lower_bound(newlines_.begin(), newlines_.end(), offset);
        return first_line_ + static_cast<std::uint32_t>(before - newlines_.begin());
    }

    /// The first element `name` (lower case) starting in [from, to).
    std::optional<Element> find(std::string_view name, std::size_t from = 0,
                                std::size_t to = std::string::npos) const {
        to = std::min(to, text_.size());
        const std::string open = "<" + std::string(name);
        const std::string close = "</" + std::string(name) + ">";
        for (std::size_t at = lower_.find(open, from); at != std::string::npos && at < to;
             at = lower_.find(open, at + 1)) {
            const auto after = at + open.size();
            if (after >= text_.size() || !is_name_end(text_[after])) continue;
            const auto gt = text_.find('>', after);
            if (gt == std::string::npos || gt >= to) return std::nullopt;
            Element element;
            element.open = at;
            element.open_tag = std::string_view(text_).substr(at, gt + 1 - at);
            element.content_begin = gt + 1;
            const auto end = lower_.find(close, element.content_begin);
            if (end == std::string::npos || end >= to) {
                element.content_end = to;
                element.close_end = to;
            } else {
                element.content_end = end;
                element.close_end = end + close.size();
            }
            return element;
        }
        return std::nullopt;
    }

    /// The text of an element: tags removed, entities decoded, whitespace collapsed.
    std::string text_of(const Element& element) const {
        std::string out;
        for (const auto& line : body_lines(element.content_begin, element.content_end, {})) {
            append_clean(out, line.text);
        }
        return out;
    }

    /// The decoded lines of [begin, end), leaving out the ranges of `skip` elements.
    std::vector<BodyLine> body_lines(std::size_t begin, std::size_t end,
                                     const std::vector<Element>& skip) const;

  private:
    std::string text_;
    std::string lower_;
    std::uint32_t first_line_;
    std::vector<std::size_t> newlines_;
};

/// Decodes the entity starting at text[i] ('&') into `out`; returns the length consumed, or 0
/// when it is not an entity this reader knows (the '&' is then kept as written).
std::size_t decode_entity(std::string_view text, std::size_t i, std::string& out) {
    const auto semi = text.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) return 0;
    const auto name = text.substr(i + 1, semi - i - 1);
    if (name.empty()) return 0;
    if (name[0] == '#') {
        unsigned long cp = 0;
        const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
        const auto digits = name.substr(hex ? 2 : 1);
        if (digits.empty()) return 0;
        for (char c : digits) {
            int v = -1;
            if (c >= '0' && c <= '9') v = c - '0';
            if (hex && c >= 'a' && c <= 'f') v = c - 'a' + 10;
            if (hex && c >= 'A' && c <= 'F') v = c - 'A' + 10;
            if (v < 0) return 0;
            cp = cp * (hex ? 16 : 10) + static_cast<unsigned long>(v);
            if (cp > 0x10FFFF) return 0;
        }
        // Control characters (Reuters wraps stories in &#2; ... &#3;) carry no text.
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
            if (cp == '\t') out += ' ';
        } else if (cp >= 0xD800 && cp < 0xE000) {
            return 0;  // a surrogate is no character
        } else {
            append_utf8(out, static_cast<char32_t>(cp));
        }
        return semi - i + 1;
    }
    static constexpr std::array<std::pair<std::string_view, char>, 6> kNamed = {
        {{"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", ' '}}};
    const auto lower = ascii_lower(name);
    for (const auto& [entity, c] : kNamed) {
        if (lower == entity) {
            out += c;
            return semi - i + 1;
        }
    }
    return 0;
}

std::vector<BodyLine> Story::body_lines(std::size_t begin, std::size_t end,
                                        const std::vector<Element>& skip) const {
    std::vector<BodyLine> lines;
    BodyLine current{line_at(begin), {}, false};
    const std::string_view text(text_);
    std::size_t i = begin;
    while (i < end) {
        const auto skipped =
            std::find_if(skip.begin(), skip.end(), [&](const Element& e) { return e.open == i; });
        if (skipped != skip.end()) {
            i = std::max(i + 1, skipped->close_end);
            // A skipped element may span lines: text after it starts on its last line.
            if (trim(current.text).empty()) current.line = line_at(i);
            continue;
        }
        const char c = text[i];
        if (c == '\n') {
            lines.push_back(std::move(current));
            current = BodyLine{line_at(i + 1), {}, false};
            ++i;
        } else if (c == '<') {
            const auto gt = text.find('>', i);
            if (gt == std::string_view::npos || gt >= end) {
                current.text += c;
                ++i;
                continue;
            }
            const auto name = ascii_lower(trim(text.substr(i + 1, gt - i - 1)));
            const bool paragraph = name == "p" || name.starts_with("p ") || name == "/p";
            if (paragraph && !trim(current.text).empty()) {
                lines.push_back(std::move(current));
                current = BodyLine{line_at(gt + 1), {}, true};
            } else if (paragraph) {
                current.break_before = true;
            }
            // Other tags count as nothing; a line's text starts where its first word does.
            if (trim(current.text).empty()) current.line = line_at(gt + 1);
            i = gt + 1;
        } else if (c == '&') {
            const auto used = decode_entity(text, i, current.text);
            if (used == 0) current.text += c;
            i += std::max<std::size_t>(used, 1);
        } else {
            current.text += c;
            ++i;
        }
    }
    lines.push_back(std::move(current));
    return lines;
}

/// The value of attribute `name` (upper case as written in these collections) of an open tag.
std::string attribute(std::string_view tag, std::string_view name) {
    const auto lower_tag = ascii_lower(tag);
    const auto key = ascii_lower(name) + "=";
    for (std::size_t at = lower_tag.find(key); at != std::string::npos;
         at = lower_tag.find(key, at + 1)) {
        if (at == 0 || (lower_tag[at - 1] != ' ' && lower_tag[at - 1] != '\t')) continue;
        auto value = tag.substr(at + key.size());
        if (!value.empty() && (value[0] == '"' || value[0] == '\'')) {
            const auto end = value.find(value[0], 1);
            return std::string(value.substr(1, end == std::string_view::npos ? end : end - 1));
        }
        const auto end = value.find_first_of(" \t>");
        return std::string(value.substr(0, end));
    }
    return {};
}

/// True for the sign-off Reuters ends its stories with: "Reuter", "REUTER...", even the
/// literal "^M" that some stories carry after it.
bool is_sign_off(std::string_view word) {
    word = trim(word);
    if (word.ends_with("^M")) word.remove_suffix(2);
    while (word.ends_with('.')) word.remove_suffix(1);
    const auto lower = ascii_lower(word);
    return lower == "reuter" || lower == "reuters";
}

/// Drops the trailing blank lines and one "Reuter" sign-off of a body; true when it dropped one.
bool drop_one_sign_off(std::vector<BodyLine>& lines) {
    auto trailing_blank = [&] { return !lines.empty() && trim(lines.back().text).empty(); };
    while (trailing_blank()) lines.pop_back();
    if (lines.empty()) return false;
    auto& last = lines.back().text;
    if (is_sign_off(last)) {
        lines.pop_back();
        while (trailing_blank()) lines.pop_back();
        return true;
    }
    // "... a tenth of an ounce. REUTER": the sign-off run onto the last line. Upper case is
    // never prose; "Reuter" counts only after a full stop, so that a story ending "... told
    // Reuter" keeps its words.
    const auto t = trim(last);
    const auto space = t.find_last_of(" \t");
    if (space == std::string_view::npos || space == 0) return false;
    const auto word = t.substr(space + 1);
    const char before = t[t.find_last_not_of(" \t", space)];
    const bool upper = word.starts_with("REUTER");
    const bool after_sentence = word.starts_with("Reuter") && (before == '.' || before == '"');
    if ((upper || after_sentence) && is_sign_off(word)) {
        last = std::string(t.substr(0, space));
        return true;
    }
    return false;
}

/// Drops the sign-off of a body; some stories sign off twice ("... 28. REUTER" then "Reuter").
void drop_sign_off(std::vector<BodyLine>& lines) {
    for (int i = 0; i < 2 && drop_one_sign_off(lines); ++i) {
    }
}

/// Reuters marks flashes with a line of asterisks and gives BRIEF stories the placeholder body
/// "Blah blah blah.": neither is text of the story.
bool is_placeholder(std::string_view line) {
    line = trim(line);
    while (line.starts_with('*')) line.remove_prefix(1);
    line = trim(line);
    return line.empty() || line == "Blah blah blah.";
}

std::vector<Paragraph> paragraphs_of(std::vector<BodyLine> lines) {
    drop_sign_off(lines);
    ParagraphBuilder builder;
    for (const auto& line : lines) {
        if (line.break_before) builder.close();
        if (trim(line.text).empty()) {
            builder.close();
            continue;
        }
        if (is_placeholder(line.text)) continue;
        // Newswire bodies mark a new paragraph by indenting its first line.
        if (line.text[0] == ' ' || line.text[0] == '\t') builder.close();
        builder.add(line.text, line.line);
    }
    return builder.finish();
}

class SgmlReader final : public ArticleReader {
  public:
    explicit SgmlReader(std::unique_ptr<LineReader> lines) : lines_(std::move(lines)) {}

    bool next(Article& article) override {
        for (;;) {
            if (pos_ >= line_.size() && !read_line()) {
                if (!finished_) {
                    finished_ = true;
                    if (in_story_) report_unclosed();
                    if (!found_any_) lines_->report("no <REUTERS> or <DOC> stories found");
                }
                return false;
            }
            if (!in_story_) {
                find_opening();
                continue;
            }
            if (find_closing() && parse(article)) return true;
        }
    }

  private:
    bool read_line() {
        if (at_end_ || !lines_->next(line_)) {
            at_end_ = true;
            line_.clear();
            pos_ = 0;
            return false;
        }
        pos_ = 0;
        // Keep the line end: a story is cut out as the text it was.
        line_ += '\n';
        return true;
    }

    /// Where the next opening tag of any known kind starts in the current line, from `from`.
    std::size_t next_opening(std::size_t from, Kind& kind) const {
        const auto lower = ascii_lower(std::string_view(line_).substr(from));
        std::size_t best = std::string::npos;
        for (const auto& [tag, k] : {std::pair{std::string_view("<reuters"), Kind::reuters},
                                     std::pair{std::string_view("<doc"), Kind::trec}}) {
            for (auto at = lower.find(tag); at != std::string::npos; at = lower.find(tag, at + 1)) {
                const auto after = at + tag.size();
                if (after < lower.size() && is_name_end(lower[after]) && lower[after] != '/') {
                    if (at < best) {
                        best = at;
                        kind = k;
                    }
                    break;
                }
            }
        }
        return best == std::string::npos ? best : best + from;
    }

    void find_opening() {
        Kind kind = Kind::reuters;
        const auto at = next_opening(pos_, kind);
        if (at == std::string::npos) {
            pos_ = line_.size();
            return;
        }
        begin_story(at, kind);
    }

    void begin_story(std::size_t at, Kind kind) {
        in_story_ = true;
        fresh_ = true;
        found_any_ = true;
        too_big_ = false;
        kind_ = kind;
        story_.clear();
        story_line_ = lines_->line_number();
        pos_ = at;
    }

    /// Takes the current line into the story up to its closing tag; true when it closed.
    bool find_closing() {
        const std::string_view close = kind_ == Kind::reuters ? "</reuters>" : "</doc>";
        const auto lower = ascii_lower(std::string_view(line_).substr(pos_));
        auto end = lower.find(close);
        // A new story opening before this one closed: the closing tag went missing. (A story
        // that begins here starts with its own opening tag, which does not count.)
        Kind kind = kind_;
        const auto reopen = next_opening(fresh_ ? pos_ + 1 : pos_, kind);
        fresh_ = false;
        if (reopen != std::string::npos && (end == std::string::npos || reopen < end + pos_)) {
            append(reopen - pos_);
            report_unclosed();
            begin_story(reopen, kind);
            return false;
        }
        if (end == std::string::npos) {
            append(line_.size() - pos_);
            return false;
        }
        append(end + close.size());
        in_story_ = false;
        return !too_big_;
    }

    void append(std::size_t length) {
        if (!too_big_ && story_.size() + length > kMaxStory) {
            too_big_ = true;
            story_.clear();
            story_.shrink_to_fit();
            lines_->report(story_line_, "story longer than 64 MiB skipped");
        }
        if (!too_big_) story_.append(line_, pos_, length);
        pos_ += length;
    }

    void report_unclosed() {
        in_story_ = false;
        const std::string_view tag = kind_ == Kind::reuters ? "<REUTERS>" : "<DOC>";
        lines_->report(story_line_, std::string(tag) + " story not closed before " +
                                        (at_end_ ? "the end of the file (truncated?)"
                                                 : "the next story; skipped"));
    }

    bool parse(Article& article) {
        const Story story(std::exchange(story_, {}), story_line_);
        start_article(article, lines_->path(), story_line_);
        read_ids(story, article);
        for (const auto name : {"date", "dd", "date_time"}) {
            if (const auto date = story.find(name)) {
                set_header_date(article, story.text_of(*date), *lines_, story.line_at(date->open));
                break;
            }
        }
        std::vector<Element> skip;  // what TEXT holds that is not body
        for (const auto name : {"title", "headline", "hl", "head"}) {
            if (const auto title = story.find(name)) {
                article.title = story.text_of(*title);
                skip.push_back(*title);
                break;
            }
        }
        const auto dateline = story.find("dateline");
        const auto author = story.find("author");
        if (dateline) skip.push_back(*dateline);
        if (author) skip.push_back(*author);
        article.paragraphs = paragraphs_of(body_of(story, skip));
        if (dateline) add_dateline(story, *dateline, article);
        if (author) add_byline(story, *author, article);
        if (article.title.empty() && article.paragraphs.empty()) {
            // Reuters-21578 counts an empty story among its documents.
            return keep_empty_record(article, *lines_, story_line_, "story without title or text");
        }
        return true;
    }

    /// The docno and the id: Reuters' NEWID (else OLDID), TREC's DOCNO.
    void read_ids(const Story& story, Article& article) const {
        const auto root = story.find(kind_ == Kind::reuters ? "reuters" : "doc");
        std::string number;
        if (kind_ == Kind::reuters && root) {
            number = attribute(root->open_tag, "NEWID");
            article.docno = number;
            if (number.empty()) number = attribute(root->open_tag, "OLDID");
        } else if (const auto docno = story.find("docno")) {
            article.docno = story.text_of(*docno);
            number = article.docno;
        }
        article.id = record_id(lines_->path(), number, story_line_);
    }

    /// The body's lines: BODY where there is one; else what TEXT holds besides the elements of
    /// `skip` (Reuters BRIEF and UNPROC stories, TREC documents with or without <P>).
    static std::vector<BodyLine> body_of(const Story& story, const std::vector<Element>& skip) {
        if (const auto body = story.find("body")) {
            return story.body_lines(body->content_begin, body->content_end, {});
        }
        std::vector<BodyLine> lines;
        for (auto text = story.find("text"); text; text = story.find("text", text->close_end)) {
            auto more = story.body_lines(text->content_begin, text->content_end, skip);
            if (!more.empty()) more.front().break_before = true;
            lines.insert(lines.end(), std::make_move_iterator(more.begin()),
                         std::make_move_iterator(more.end()));
        }
        return lines;
    }

    /// Puts the DATELINE at the start of the first paragraph, where date inference expects it.
    static void add_dateline(const Story& story, const Element& dateline, Article& article) {
        if (article.paragraphs.empty()) return;
        auto start = story.text_of(dateline);
        if (start.empty()) return;
        auto& first = article.paragraphs.front();
        append_clean(start, first.text);
        first.text = std::move(start);
        first.line = story.line_at(dateline.content_begin);
    }

    /// Puts the AUTHOR byline first, as in the story: paragraphs stay in the order of lines.
    static void add_byline(const Story& story, const Element& author, Article& article) {
        if (auto by = story.text_of(author); !by.empty()) {
            const Paragraph byline{std::move(by), story.line_at(author.content_begin)};
            article.paragraphs.insert(article.paragraphs.begin(), byline);
        }
    }

    std::unique_ptr<LineReader> lines_;
    std::string line_;
    std::size_t pos_ = 0;
    bool at_end_ = false;
    bool found_any_ = false;
    bool finished_ = false;
    bool in_story_ = false;
    bool fresh_ = false;  // the story begins at pos_ in the current line
    bool too_big_ = false;
    Kind kind_ = Kind::reuters;
    std::string story_;
    std::uint32_t story_line_ = 0;
};

}  // namespace

std::unique_ptr<ArticleReader> make_sgml_reader(std::unique_ptr<LineReader> lines,
                                                const ReaderOptions&) {
    return std::make_unique<SgmlReader>(std::move(lines));
}

}  // namespace gazette::detail
