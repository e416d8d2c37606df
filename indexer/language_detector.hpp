//! Per-article language detection, for articles whose source and user leave the language open.
//!
//! Entry point: LanguageDetector::detect(). The script of the letters decides first (CJK, Greek,
//! Cyrillic, Arabic, Devanagari, Hebrew); other text is classified by the n-gram method of
//! Cavnar and Trenkle (1994) against the fingerprints of libexttextcat-data
//! (/usr/share/libexttextcat), scored here rather than through libexttextcat's own
//! textcat_Classify(), which costs about ten times as much and prints to stderr on errors.
//! The answer is an ISO 639-1 code that find_language() knows, or "" when the text is too short,
//! mixed, in a language Gazette has no stemmer for, or too close between two languages.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "article.hpp"

namespace gazette {

namespace detail {
struct LanguageProfiles;
}  // namespace detail

class LanguageDetector {
  public:
    /// Where Debian's libexttextcat-data installs fpdb.conf and the *.lm fingerprints.
    static constexpr std::string_view kDefaultDataDir = "/usr/share/libexttextcat";

    /// Loads every fingerprint fpdb.conf in `data_dir` lists. Throws UsageError naming the file
    /// when the folder, fpdb.conf or a fingerprint cannot be read.
    explicit LanguageDetector(const std::filesystem::path& data_dir =
                                  std::filesystem::path(kDefaultDataDir));
    ~LanguageDetector();
    LanguageDetector(LanguageDetector&&) noexcept;
    LanguageDetector& operator=(LanguageDetector&&) noexcept;
    LanguageDetector(const LanguageDetector&) = delete;
    LanguageDetector& operator=(const LanguageDetector&) = delete;

    /// The language of an article from its title and first paragraphs (2 KB of them are read):
    /// an ISO 639-1 code ("en", "zh", ...) or "" when unsure. Const and thread-safe: one detector
    /// may serve every indexing thread.
    std::string detect(std::string_view title, const std::vector<Paragraph>& paragraphs) const;

    /// Number of fingerprints loaded (one per language or script variant).
    std::size_t profile_count() const;

  private:
    std::unique_ptr<const detail::LanguageProfiles> profiles_;
};

}  // namespace gazette
