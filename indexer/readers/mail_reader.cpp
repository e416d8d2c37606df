//! The mail and news reader: one message per file, an RFC 822 header block, a blank line, then
//! the body in blank-line separated paragraphs (the layout of 20 Newsgroups).
//!
//! Entry point: make_mail_reader(). Subject becomes the title exactly as written ("Re: " kept:
//! users search subjects the way they saw them), Date the header date, Newsgroups the outlets.
//! Other headers (From, Path, Message-ID...) are read past and kept out of the body. Quoted
//! lines ("> ...") stay in the body: they are part of what the message says.
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

class MailReader final : public ArticleReader {
  public:
    explicit MailReader(std::unique_ptr<LineReader> lines) : lines_(std::move(lines)) {}

    bool next(Article& article) override {
        if (done_) return false;
        done_ = true;
        start_article(article, lines_->path(), 1);
        article.id = lines_->path();

        std::string line;
        bool have = lines_->next(line);
        if (have && line.starts_with("From ")) have = lines_->next(line);  // mbox separator
        if (have && header_field_name(line).empty()) {
            lines_->report(lines_->line_number(), "no mail header; the whole file is read as body");
        } else {
            have = read_header(line, article);
        }

        ParagraphBuilder body;
        for (; have; have = lines_->next(line)) {
            if (is_blank(line)) {
                body.close();
            } else {
                body.add(line, lines_->line_number());
            }
        }
        article.paragraphs = body.finish();
        if (article.title.empty() && article.paragraphs.empty()) {
            lines_->report("no subject and no body");
            return false;
        }
        return true;
    }

  private:
    struct Field {
        std::string name;  // lower case
        std::string value;
        std::uint32_t line = 0;
    };

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
        }
    }

    std::unique_ptr<LineReader> lines_;
    bool done_ = false;
    bool seen_subject_ = false;
    bool seen_date_ = false;
};

}  // namespace

std::unique_ptr<ArticleReader> make_mail_reader(std::unique_ptr<LineReader> lines,
                                                const ReaderOptions&) {
    return std::make_unique<MailReader>(std::move(lines));
}

}  // namespace gazette::detail
