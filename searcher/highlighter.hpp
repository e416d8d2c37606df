//! Finding the words of a passage that matched the query, as byte ranges of its text.
//!
//! Entry points: find_highlights(), and context_window() for the part of a passage that the
//! text output shows. It walks the passage's words the way Xapian's TermGenerator
//! does (Unicode word characters, lower-cased; a dotted acronym such as U.K. one word, "uk"), and marks a word when its stem (or the word
//! itself) is among the terms that matched; a stopword that the query holds only inside a
//! phrase is marked only inside a matching run of that phrase. CJK characters are marked when they are part of a
//! matching n-gram.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

namespace gazette {

/// The dotted acronym starting at `it`, as Xapian's TermGenerator and QueryParser read one:
/// at least two ASCII capitals joined by single full stops, the last stop optional, and no
/// word character after it (U.K., E.F., U.S.A; not E.F.Hutton nor É.U.). Returns its letters
/// lower-cased ("uk") and moves `it` past it and its last stop; else returns empty and leaves
/// `it` where it was.
std::string dotted_acronym(Xapian::Utf8Iterator& it);

/// The dotted acronyms of `text`, each as dotted_acronym() returns it ("us" for "U.S.").
std::set<std::string> dotted_acronyms(const std::string& text);

/// A highlighted span: bytes [begin, end) of the passage text.
struct Highlight {
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// A query's phrases, for highlighting: the terms of `only_inside` (the stopwords a query
/// holds only inside phrases) are marked only where a phrase they are part of matches.
struct HighlightPhrases {
    std::vector<std::vector<std::string>> phrases;  // each phrase's body terms in order
    std::set<std::string> only_inside;
};

/// `terms` are body terms as the index holds them (stems such as "intellig", CJK n-grams).
/// `stem` must be the stemmer the terms were made with. A phrase's words are marked as one
/// span where the phrase matches.
std::vector<Highlight> find_highlights(const std::string& text, const std::set<std::string>& terms,
                                       const Xapian::Stem& stem, const HighlightPhrases& phrases = {});

/// A part of a passage: bytes [begin, end) of its text.
struct TextWindow {
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// The part of `text` to show: about `chars` characters (the whole text when it is no longer,
/// or `chars` is 0) around the best match, the stretch holding the most `highlights` (the
/// first such), starting a little before it; cut at spaces where one is near, never inside a
/// UTF-8 sequence.
TextWindow context_window(const std::string& text, const std::vector<Highlight>& highlights,
                          std::size_t chars);

}  // namespace gazette
