//! Finding the words of a passage that matched the query, as byte ranges of its text.
//!
//! Entry point: find_highlights(). It walks the passage's words the way Xapian's TermGenerator
//! does (Unicode word characters, lower-cased), and marks a word when its stem (or the word
//! itself) is among the terms that matched. CJK characters are marked when they are part of a
//! matching n-gram.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

namespace gazette {

/// A highlighted span: bytes [begin, end) of the passage text.
struct Highlight {
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// A stemmer that remembers the words it has stemmed. The passages shown for a query, and for
/// the queries after it, repeat most of their words; stemming each again was a tenth of a
/// batch query's time. Not thread-safe, as the stemmer it wraps.
class StemMemo {
  public:
    explicit StemMemo(Xapian::Stem stem) : stem_(std::move(stem)) {}
    const std::string& operator()(const std::string& word);

  private:
    static constexpr std::size_t kMaxWords = 100000;  // a few MB; forgotten all at once
    Xapian::Stem stem_;
    std::unordered_map<std::string, std::string> stems_;
};

/// `terms` are body terms as the index holds them (stems such as "intellig", CJK n-grams). `stem`
/// must stem as the terms were made.
std::vector<Highlight> find_highlights(const std::string& text, const std::set<std::string>& terms,
                                       StemMemo& stem);

}  // namespace gazette
