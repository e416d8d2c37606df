//! Paragraph-aware passage splitting; see passages.hpp.
#include "passages.hpp"

#include <array>
#include <string>

#include "text.hpp"

namespace gazette {
namespace detail {
namespace {

// Words after which a period does not end a sentence.
bool is_abbreviation(std::string_view word) {
    static constexpr std::array<std::string_view, 24> kAbbreviations{
        "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Sen", "Rep", "Gov", "Gen", "Lt", "Col",
        "Inc", "Ltd", "Co", "Corp", "Jr", "Sr", "vs", "No", "Jan", "Feb", "Aug", "Sept"};
    for (auto abbreviation : kAbbreviations) {
        if (word == abbreviation) return true;
    }
    // Initials such as "U.S." or "J." are not sentence ends either.
    return word.size() == 1 || (word.size() >= 2 && word[word.size() - 2] == '.');
}

// The word that ends just before position `end` (exclusive), without leading punctuation.
std::string_view word_before(std::string_view text, std::size_t end) {
    std::size_t start = end;
    while (start > 0 && !is_ascii_space(text[start - 1])) --start;
    std::string_view word = text.substr(start, end - start);
    while (!word.empty() && (word.front() == '(' || word.front() == '"')) word.remove_prefix(1);
    return word;
}

// Length of a CJK full stop, exclamation or question mark at `i`, or 0.
std::size_t cjk_terminator(std::string_view text, std::size_t i) {
    static constexpr std::array<std::string_view, 3> kMarks{"\u3002", "\uff01", "\uff1f"};
    for (auto mark : kMarks) {
        if (text.substr(i, mark.size()) == mark) return mark.size();
    }
    return 0;
}

}  // namespace

std::vector<std::size_t> sentence_ends(std::string_view text) {
    std::vector<std::size_t> ends;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (const std::size_t n = cjk_terminator(text, i); n > 0) {
            ends.push_back(i + n);
            i += n - 1;
            continue;
        }
        const char c = text[i];
        if (c != '.' && c != '!' && c != '?') continue;
        std::size_t j = i + 1;
        while (j < text.size() && (text[j] == '"' || text[j] == '\'' || text[j] == ')')) ++j;
        if (j < text.size() && !is_ascii_space(text[j])) continue;
        if (c == '.' && is_abbreviation(word_before(text, i))) continue;
        ends.push_back(j);
        i = j - 1;
    }
    if (ends.empty() || ends.back() != text.size()) ends.push_back(text.size());
    return ends;
}

}  // namespace detail

namespace {

// Cuts `text` into pieces of at most max_bytes, at a space, never inside a UTF-8 sequence.
void cut_between_words(std::string_view text, std::size_t max_bytes,
                       std::vector<std::string>& out) {
    while (text.size() > max_bytes) {
        std::size_t cut = text.rfind(' ', max_bytes);
        if (cut == std::string_view::npos || cut == 0) {
            cut = utf8_floor(text, max_bytes);
            if (cut == 0) cut = max_bytes;
        }
        out.emplace_back(trim(text.substr(0, cut)));
        text = trim(text.substr(cut));
    }
    if (!text.empty()) out.emplace_back(text);
}

// Splits one over-long paragraph into pieces of whole sentences, each at most max_bytes.
std::vector<std::string> split_paragraph(std::string_view text, const PassageOptions& options) {
    std::vector<std::string> pieces;
    std::size_t start = 0;
    std::size_t last_end = 0;
    for (std::size_t end : detail::sentence_ends(text)) {
        if (end - start > options.max_bytes && last_end > start) {
            pieces.emplace_back(trim(text.substr(start, last_end - start)));
            start = last_end;
        }
        if (end - start >= options.target_bytes) {
            if (end - start > options.max_bytes) {
                cut_between_words(trim(text.substr(start, end - start)), options.max_bytes,
                                  pieces);
            } else {
                pieces.emplace_back(trim(text.substr(start, end - start)));
            }
            start = end;
        }
        last_end = end;
    }
    if (start < text.size() && !trim(text.substr(start)).empty()) {
        pieces.emplace_back(trim(text.substr(start)));
    }
    return pieces;
}

}  // namespace

std::vector<Passage> split_passages(const std::vector<Paragraph>& paragraphs,
                                    const PassageOptions& options) {
    std::vector<Passage> passages;
    Passage current;
    auto flush = [&] {
        if (current.text.empty()) return;
        current.index = static_cast<std::uint32_t>(passages.size());
        passages.push_back(std::move(current));
        current = Passage{};
    };
    auto append = [&](std::string_view text, std::uint32_t line) {
        if (!current.text.empty() && current.text.size() + 1 + text.size() > options.max_bytes) {
            flush();
        }
        if (current.text.empty()) {
            current.line = line;
        } else {
            current.text += '\n';
        }
        current.text += text;
        if (current.text.size() >= options.target_bytes) flush();
    };

    for (const Paragraph& paragraph : paragraphs) {
        const std::string_view text = trim(paragraph.text);
        if (text.empty()) continue;
        if (text.size() <= options.max_bytes) {
            append(text, paragraph.line);
            continue;
        }
        flush();
        for (const std::string& piece : split_paragraph(text, options)) {
            append(piece, paragraph.line);
        }
    }
    flush();
    return passages;
}

}  // namespace gazette
