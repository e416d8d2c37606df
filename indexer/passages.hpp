//! Splitting an article's body into passages, the unit search results show.
//!
//! Entry point: split_passages(). Passages follow paragraphs: short paragraphs are merged until a
//! passage reaches its target size, and a paragraph longer than the maximum is cut between
//! sentences (between words only when one sentence alone is too long). Sizes are in bytes of
//! UTF-8 so that the bound holds for scripts written without spaces.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "article.hpp"

namespace gazette {

struct PassageOptions {
    std::size_t target_bytes = 600;  // stop merging paragraphs once a passage is this long
    std::size_t max_bytes = 1200;    // never exceed, unless a single word does
};

/// Splits paragraphs into passages; paragraphs inside one passage are joined by "\n".
std::vector<Passage> split_passages(const std::vector<Paragraph>& paragraphs,
                                    const PassageOptions& options = {});

namespace detail {
/// Byte offsets just past each sentence end in `text` (the last is text.size()).
std::vector<std::size_t> sentence_ends(std::string_view text);
}  // namespace detail

}  // namespace gazette
