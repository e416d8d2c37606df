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
#include <vector>

#include <xapian.h>

namespace gazette {

/// A highlighted span: bytes [begin, end) of the passage text.
struct Highlight {
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// `terms` are body terms as the index holds them (stems such as "intellig", CJK n-grams). `stem` must be the stemmer the terms were made with.
std::vector<Highlight> find_highlights(const std::string& text, const std::set<std::string>& terms,
                                       const Xapian::Stem& stem);

}  // namespace gazette
