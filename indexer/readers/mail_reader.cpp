//! The mail and news reader: one message per file, an RFC 822 header block, a blank line, then
//! the body in blank-line separated paragraphs (the layout of 20 Newsgroups).
//!
//! Entry point: make_mail_reader(). Subject becomes the title exactly as written ("Re: " kept:
//! users search subjects the way they saw them), Date the header date, Newsgroups the outlets.
//! Other headers (From, Path, Message-ID...) are read past and kept out of the body. Quoted
//! lines ("> ...") stay in the body: they are part of what the message says.
//!
//! make_mbox_reader() reads an mbox the same way, one message per article: a message runs from
//! its From_ line (is_mbox_from_line(), at the start of the file or after a blank line) to the
//! next one, ">From " quoting is undone (mboxrd, which reads mboxo right too), and the
//! Message-ID (without its angle brackets) is the docno and the key of the id, "path#id"
//! ("path#line" without one).
#include <utility>

#include "readers.hpp"

namespace gazette::detail {
namespace {

bool is_blank(std::string_view line) { return trim(line).empty(); }
bool is_continuation(std::string_view line) {
    return !line.empty() && (line[0] == ' ' || line[0] == '\t');
}

std::vector<std::string> split_groups(std::string_view value) {
    std::vector<std::string> groups;
    while (!value.empty()) {
        const auto comma = value.find(',');
        const auto group = trim(value.substr(0, comma));
        if (!group.empty()) groups.emplace_back(group);
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
    return groups;
}

/// A body line of an mbox with one level of ">From " quoting undone (the mboxrd rule, which
/// reads mboxo files right too: there a ">From " line was a "From " line).
std::string_view unquote_from(std::string_view line) {
    const auto first = line.find_first_not_of('>');
    if (first != 0 && first != std::string_view::npos && line.substr(first).starts_with("From ")) {
        line.remove_prefix(1);
    }
    return line;
}

class MailReader final : public ArticleReader {
  public:
    MailReader(std::unique_ptr<LineReader> lines, bool mbox)
        : lines_(std::move(lines)), mbox_(mbox) {}

    bool next(Article& article) override {
        while (!done_) {
            if (read_message(article)) return true;
        }
        return false;
    }

  private:
    struct Field {
        std::string name;  // lower case
        std::string value;
        std::uint32_t line = 0;
    };

    /// Reads one message: the whole input, or in an mbox up to the next From_ line (kept for
    /// the next call). False when there was nothing to read, or nothing worth an article.
    bool read_message(Article& article) {
        std::string line;
        bool have = true;
        if (pending_.empty()) {
            have = lines_->next(line);
        } else {
            line = std::exchange(pending_, {});
        }
        if (!have) {
            done_ = true;
            return false;
        }
        start_article(article, lines_->path(), lines_->line_number());
        seen_subject_ = seen_date_ = false;
        message_id_.clear();

        if (line.starts_with("From ")) have = lines_->next(line);  // the mbox separator
        if (mbox_ && have && is_blank(line)) {
            have = lines_->next(line);  // an empty header: the body follows
        } else if (have && header_field_name(line).empty()) {
            lines_->report(lines_->line_number(),
                           mbox_ ? "no mail header; the message is read as body"
                                 : "no mail header; the whole file is read as body");
        } else if (have) {
            have = read_header(line, article);
        }
        have = read_body(line, have, article);
        if (!have) done_ = true;
        if (mbox_) {
            article.docno = message_id_;
            article.id = lines_->path() + "#" +
                         (message_id_.empty() ? std::to_string(article.line) : message_id_);
        } else {
            article.id = lines_->path();
        }
        if (article.title.empty() && article.paragraphs.empty()) {
            if (mbox_) {
                return keep_empty_record(article, *lines_, article.line,
                                         "message without subject and body");
            }
            lines_->report("no subject and no body");
            return false;
        }
        return true;
    }

    /// Reads the body from `line` (when `have`) to the end of the input or, in an mbox, to the
    /// next message's From_ line. Returns whether input is left.
    bool read_body(std::string& line, bool have, Article& article) {
        ParagraphBuilder body;
        bool after_blank = true;  // the header ended with a blank line, or the body is empty
        for (; have; have = lines_->next(line)) {
            if (mbox_ && after_blank && is_mbox_from_line(line)) {
                pending_ = std::move(line);
                break;
            }
            after_blank = is_blank(line);
            if (after_blank) {
                body.close();
            } else {
                body.add(mbox_ ? unquote_from(line) : std::string_view(line),
                         lines_->line_number());
            }
        }
        article.text_dropped += body.dropped();
        article.paragraphs = body.finish();
        return have;
    }

    /// Reads the header block starting with `line`. Returns true with the first body line in
    /// `line`, or false at the end of input.
    bool read_header(std::string& line, Article& article) {
        Field field;
        bool have = true;
        while (have) {
            if (line.empty()) {
                have = lines_->next(line);
                break;
            }
            if (is_continuation(line)) {
                // RFC 822 folds long values onto lines that start with whitespace. A line of
                // whitespace alone is a fold too when the header goes on after it (20 Newsgroups
                // has such lines before its Date:); when a body follows, it ends the header.
                if (is_blank(line)) {
                    have = lines_->next(line);
                    if (!have || line.empty() ||
                        (header_field_name(line).empty() && !is_continuation(line))) {
                        break;
                    }
                    continue;
                }
                append_clean(field.value, line);
            } else if (const auto name = header_field_name(line); !name.empty()) {
                take(field, article);
                field = Field{ascii_lower(name),
                              clean_text(std::string_view(line).substr(name.size() + 1)),
                              lines_->line_number()};
            } else {
                // A line that is no header at all: the blank line is missing and the body has
                // begun. The line is body text, so it is handed back.
                break;
            }
            have = lines_->next(line);
        }
        take(field, article);
        return have;
    }

    void take(const Field& field, Article& article) {
        if (field.name == "subject" && !seen_subject_) {
            seen_subject_ = true;
            article.title = field.value;
        } else if (field.name == "date" && !seen_date_) {
            seen_date_ = true;
            set_header_date(article, field.value, *lines_, field.line);
        } else if (field.name == "newsgroups" && article.outlets.empty()) {
            article.outlets = split_groups(field.value);
        } else if (field.name == "message-id" && message_id_.empty()) {
            auto id = trim(field.value);
            if (id.size() > 2 && id.front() == '<' && id.back() == '>') {
                id = id.substr(1, id.size() - 2);
            }
            message_id_ = id;
        }
    }

    std::unique_ptr<LineReader> lines_;
    bool mbox_;
    bool done_ = false;
    bool seen_subject_ = false;
    bool seen_date_ = false;
    std::string message_id_;
    std::string pending_;  // an mbox: the From_ line that starts the next message
};

/// True when `text` holds a time of day "H:MM" or "HH:MM".
bool has_time(std::string_view text) {
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    for (std::size_t i = 1; i + 2 < text.size(); ++i) {
        if (text[i] == ':' && digit(text[i - 1]) && digit(text[i + 1]) && digit(text[i + 2])) {
            return true;
        }
    }
    return false;
}

}  // namespace

bool is_mbox_from_line(std::string_view line) {
    if (!line.starts_with("From ")) return false;
    line.remove_prefix(5);
    const auto sender_end = line.find(' ');
    if (sender_end == 0 || sender_end == std::string_view::npos) return false;
    return has_time(line.substr(sender_end));
}

std::unique_ptr<ArticleReader> make_mail_reader(std::unique_ptr<LineReader> lines,
                                                const ReaderOptions&) {
    return std::make_unique<MailReader>(std::move(lines), false);
}

std::unique_ptr<ArticleReader> make_mbox_reader(std::unique_ptr<LineReader> lines,
                                                const ReaderOptions&) {
    return std::make_unique<MailReader>(std::move(lines), true);
}

}  // namespace gazette::detail
