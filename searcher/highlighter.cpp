//! Word-level highlighting of matched terms; see highlighter.hpp.
#include "highlighter.hpp"

#include <algorithm>

#include "text.hpp"

namespace gazette {
namespace {

bool is_cjk(unsigned ch) {
    return (ch >= 0x2E80 && ch <= 0x2FDF) || (ch >= 0x3040 && ch <= 0x30FF) ||
           (ch >= 0x3400 && ch <= 0x4DBF) || (ch >= 0x4E00 && ch <= 0x9FFF) ||
           (ch >= 0xAC00 && ch <= 0xD7AF) || (ch >= 0xF900 && ch <= 0xFAFF) ||
           (ch >= 0x20000 && ch <= 0x2FA1F);
}

std::size_t offset_of(const std::string& text, const Xapian::Utf8Iterator& it) {
    return it == Xapian::Utf8Iterator() ? text.size()
                                        : static_cast<std::size_t>(it.raw() - text.data());
}

void add(std::vector<Highlight>& out, std::size_t begin, std::size_t end) {
    if (!out.empty() && out.back().end >= begin) {
        out.back().end = std::max(out.back().end, end);
    } else {
        out.push_back({begin, end});
    }
}

/// The byte offset of every character of `text`, and the text's size after them.
std::vector<std::size_t> char_offsets(const std::string& text) {
    std::vector<std::size_t> offsets;
    for (std::size_t pos = 0; pos < text.size(); pos += std::max<std::size_t>(1, utf8_char_length(text, pos))) {
        offsets.push_back(pos);
    }
    offsets.push_back(text.size());
    return offsets;
}

/// The character index of byte `pos`.
std::size_t char_index(const std::vector<std::size_t>& offsets, std::size_t pos) {
    return static_cast<std::size_t>(std::upper_bound(offsets.begin(), offsets.end(), pos) - offsets.begin()) - 1;
}

/// The first character of the window of `chars` characters holding the most highlights.
std::size_t best_start(const std::vector<std::size_t>& offsets, const std::vector<Highlight>& highlights,
                       std::size_t chars) {
    const std::size_t lead = chars / 5;  // context shown before the first match
    const std::size_t last_start = offsets.size() - 1 - chars;
    std::size_t best = 0;
    std::size_t best_count = 0;
    for (const Highlight& h : highlights) {
        const std::size_t first = char_index(offsets, h.begin);
        const std::size_t start = std::min(first > lead ? first - lead : 0, last_start);
        const std::size_t end_byte = offsets[start + chars];
        std::size_t count = 0;
        for (const Highlight& other : highlights) {
            if (other.begin >= offsets[start] && other.end <= end_byte) ++count;
        }
        if (count > best_count) {
            best_count = count;
            best = start;
        }
    }
    return best;
}

/// Xapian's parsers take only ASCII capitals as an acronym's letters.
bool is_ascii_capital(unsigned ch) { return ch >= 'A' && ch <= 'Z'; }

}  // namespace

std::string dotted_acronym(Xapian::Utf8Iterator& it) {
    const Xapian::Utf8Iterator end;
    if (it == end || !is_ascii_capital(*it)) return {};
    std::string letters;
    Xapian::Utf8Iterator p = it;
    // As Xapian's TermGenerator: capitals joined by single stops, the stop after the last
    // taken too, and then no word character (E.F.Hutton is no acronym).
    while (true) {
        letters += static_cast<char>(*p - 'A' + 'a');
        ++p;
        if (p == end || *p != '.') break;
        ++p;
        if (p == end || !is_ascii_capital(*p)) break;
    }
    if (letters.size() < 2 || (p != end && Xapian::Unicode::is_wordchar(*p))) return {};
    it = p;
    return letters;
}

std::set<std::string> dotted_acronyms(const std::string& text) {
    std::set<std::string> out;
    const Xapian::Utf8Iterator end;
    Xapian::Utf8Iterator it(text);
    bool after_word = false;
    while (it != end) {
        if (!after_word) {
            std::string acronym = dotted_acronym(it);
            if (!acronym.empty()) {
                out.insert(std::move(acronym));
                after_word = false;
                continue;
            }
        }
        after_word = Xapian::Unicode::is_wordchar(*it);
        ++it;
    }
    return out;
}

TextWindow context_window(const std::string& text, const std::vector<Highlight>& highlights,
                          std::size_t chars) {
    const std::vector<std::size_t> offsets = char_offsets(text);
    if (chars == 0 || offsets.size() - 1 <= chars) return {0, text.size()};
    const std::size_t start = best_start(offsets, highlights, chars);
    TextWindow window{offsets[start], offsets[start + chars]};
    // Cut at spaces when one is within a few words, so no word is shown in part.
    constexpr std::size_t kNear = 24;
    if (window.begin > 0 && !is_ascii_space(text[window.begin - 1])) {
        const auto space = text.find(' ', window.begin);
        if (space != std::string::npos && space - window.begin <= kNear) window.begin = space + 1;
    }
    if (window.end < text.size() && !is_ascii_space(text[window.end])) {
        const auto space = text.rfind(' ', window.end);
        if (space != std::string::npos && space > window.begin && window.end - space <= kNear) window.end = space;
    }
    return window;
}

namespace {

/// A word of a passage (not CJK): its bytes and the forms a term may take of it.
struct Word {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string lower;
    std::string stemmed;
    bool is(const std::string& term) const { return lower == term || stemmed == term; }
};

/// Marks CJK characters at `it` that form a matching unigram or bigram; moves past the first.
void mark_cjk(const std::string& text, Xapian::Utf8Iterator& it, const std::set<std::string>& terms,
              std::vector<Highlight>& out) {
    // Xapian indexes CJK runs as unigrams and bigrams; mark each character of a matching
    // bigram, or a matching unigram.
    const Xapian::Utf8Iterator end;
    const std::size_t begin = offset_of(text, it);
    std::string first;
    Xapian::Unicode::append_utf8(first, *it);
    ++it;
    const std::size_t mid = offset_of(text, it);
    if (it != end && is_cjk(*it)) {
        std::string pair = first;
        Xapian::Unicode::append_utf8(pair, *it);
        Xapian::Utf8Iterator next = it;
        ++next;
        if (terms.count(pair) != 0) out.push_back({begin, offset_of(text, next)});
    }
    if (terms.count(first) != 0) out.push_back({begin, mid});
}

/// The words of `text`, the CJK matches marked in `cjk` as they are met.
std::vector<Word> words_of(const std::string& text, const std::set<std::string>& terms,
                           const Xapian::Stem& stem, std::vector<Highlight>& cjk) {
    std::vector<Word> words;
    const Xapian::Utf8Iterator end;
    Xapian::Utf8Iterator it(text);
    std::string acronym;
    while (it != end) {
        if (!Xapian::Unicode::is_wordchar(*it)) {
            ++it;
        } else if (is_cjk(*it)) {
            mark_cjk(text, it, terms, cjk);
        } else if (const std::size_t begin = offset_of(text, it); !(acronym = dotted_acronym(it)).empty()) {
            // One word, as the index has it: "U.K." is "uk".
            words.push_back({begin, offset_of(text, it), acronym, stem(acronym)});
        } else {
            Word& word = words.emplace_back();
            word.begin = offset_of(text, it);
            while (it != end && Xapian::Unicode::is_wordchar(*it) && !is_cjk(*it)) {
                Xapian::Unicode::append_utf8(word.lower, Xapian::Unicode::tolower(*it));
                ++it;
            }
            word.end = offset_of(text, it);
            word.stemmed = stem(word.lower);
        }
    }
    return words;
}

/// Marks every run of `words` that reads as `phrase`.
void mark_phrase(const std::vector<Word>& words, const std::vector<std::string>& phrase,
                 std::vector<Highlight>& out) {
    if (phrase.empty() || phrase.size() > words.size()) return;
    for (std::size_t i = 0; i + phrase.size() <= words.size(); ++i) {
        std::size_t k = 0;
        while (k < phrase.size() && words[i + k].is(phrase[k])) ++k;
        if (k == phrase.size()) out.push_back({words[i].begin, words[i + k - 1].end});
    }
}

}  // namespace

std::vector<Highlight> find_highlights(const std::string& text, const std::set<std::string>& terms,
                                       const Xapian::Stem& stem, const HighlightPhrases& phrases) {
    std::vector<Highlight> spans;
    if (terms.empty()) return spans;
    const std::vector<Word> words = words_of(text, terms, stem, spans);
    for (const Word& word : words) {
        for (const std::string* form : {&word.lower, &word.stemmed}) {
            if (terms.count(*form) != 0 && phrases.only_inside.count(*form) == 0) {
                spans.push_back({word.begin, word.end});
                break;
            }
        }
    }
    if (!phrases.only_inside.empty()) {
        for (const auto& phrase : phrases.phrases) mark_phrase(words, phrase, spans);
    }
    std::sort(spans.begin(), spans.end(), [](const Highlight& x, const Highlight& y) {
        return x.begin != y.begin ? x.begin < y.begin : x.end > y.end;
    });
    std::vector<Highlight> out;
    for (const Highlight& h : spans) add(out, h.begin, h.end);
    return out;
}

}  // namespace gazette
