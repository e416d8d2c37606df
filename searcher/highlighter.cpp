//! Word-level highlighting of matched terms; see highlighter.hpp.
#include "highlighter.hpp"

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

}  // namespace

std::vector<Highlight> find_highlights(const std::string& text, const std::set<std::string>& terms,
                                       const Xapian::Stem& stem) {
    std::vector<Highlight> out;
    if (terms.empty()) return out;
    const Xapian::Utf8Iterator end;
    Xapian::Utf8Iterator it(text);
    while (it != end) {
        if (!Xapian::Unicode::is_wordchar(*it)) {
            ++it;
            continue;
        }
        if (is_cjk(*it)) {
            // Xapian indexes CJK runs as unigrams and bigrams; mark each character of a
            // matching bigram, or a matching unigram.
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
                if (terms.count(pair) != 0) add(out, begin, offset_of(text, next));
            }
            if (terms.count(first) != 0) add(out, begin, mid);
            continue;
        }
        const std::size_t begin = offset_of(text, it);
        std::string word;
        while (it != end && Xapian::Unicode::is_wordchar(*it) && !is_cjk(*it)) {
            Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(*it));
            ++it;
        }
        const std::size_t finish = offset_of(text, it);
        if (terms.count(word) != 0 || terms.count(stem(word)) != 0) add(out, begin, finish);
    }
    return out;
}

}  // namespace gazette
