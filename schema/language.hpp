//! Languages Gazette knows: Snowball stemmer names, ISO 639-1 codes, and the CJK languages that
//! are indexed as n-grams rather than stemmed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

struct Language {
    std::string code;     // ISO 639-1 ("en"), the form stored in the index
    std::string stemmer;  // libstemmer algorithm name ("english"), empty when none applies
    std::string name;     // English name for messages
};

/// Looks a language up by ISO 639-1 code, libstemmer algorithm name or English name,
/// case-insensitively ("de", "german", "German"). "none" yields a language without a stemmer.
std::optional<Language> find_language(std::string_view name_or_code);

/// Every language `--language` accepts, in a stable order.
std::vector<Language> known_languages();

/// True when the language's script is written without spaces (Chinese, Japanese, Korean).
bool is_cjk_language(std::string_view code);

}  // namespace gazette
