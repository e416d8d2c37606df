//! What the story pass (stories.hpp) compares articles by, computed as each article is built:
//! a fingerprint of its own text for copies, and the stems of its title and lead for reports of
//! one event in other words.
//!
//! Entry point: StoryFeatures::of(). An article's own text leaves out quoted lines (those a
//! reply quotes with ">"), so a reply is not a copy of what it answers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "article.hpp"

namespace gazette {

/// Texts of at least this many words get a SimHash; shorter ones (down to kMinExactWords) an
/// exact-copy key, since a few changed words flip too many bits of a short text's SimHash.
inline constexpr std::size_t kMinSimHashWords = 8;
inline constexpr std::size_t kMinExactWords = 3;
/// The lead: this many words of the article's own text, after its title.
inline constexpr std::size_t kLeadWords = 60;

/// 64-bit SimHash of the 3-word shingles of `words` (FNV-1a, then a mixing step, per shingle).
std::uint64_t simhash(const std::vector<std::string>& words);

/// The lower-cased words of `text`: runs of letters and digits (any byte from 0x80 counts as a
/// letter, so words of other scripts stay whole).
std::vector<std::string> plain_words(std::string_view text);

/// The words of an article's own text: its paragraphs without quoted lines.
std::vector<std::string> own_words(const Article& article);

struct StoryFeatures {
    std::string fingerprint;         // kSlotFingerprint's value (schema.hpp)
    std::vector<std::string> terms;  // XN band terms or the XE exact-copy term
    std::string lead;                // kSlotLead's value: stems without digits

    /// The features of `article`, its lead stemmed by `lead_generator` (set up with the
    /// article's stemmer and stopper, schema.hpp's stemming strategy, stopwords left out).
    static StoryFeatures of(const Article& article, Xapian::TermGenerator& lead_generator);
};

}  // namespace gazette
