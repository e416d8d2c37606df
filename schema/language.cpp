//! The language table behind find_language(); see language.hpp.
#include "language.hpp"

#include "text.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace gazette {
namespace {

struct Row {
    std::string_view code;
    std::string_view stemmer;
    std::string_view name;
};

// Every algorithm libstemmer 2.2 ships (except the "porter" variant, reachable by name), plus
// the CJK languages, which are split into n-grams instead of stemmed.
constexpr std::array kLanguages{
    Row{"ar", "arabic", "Arabic"},       Row{"hy", "armenian", "Armenian"},
    Row{"eu", "basque", "Basque"},       Row{"ca", "catalan", "Catalan"},
    Row{"da", "danish", "Danish"},       Row{"nl", "dutch", "Dutch"},
    Row{"en", "english", "English"},     Row{"fi", "finnish", "Finnish"},
    Row{"fr", "french", "French"},       Row{"de", "german", "German"},
    Row{"el", "greek", "Greek"},         Row{"hi", "hindi", "Hindi"},
    Row{"hu", "hungarian", "Hungarian"}, Row{"id", "indonesian", "Indonesian"},
    Row{"ga", "irish", "Irish"},         Row{"it", "italian", "Italian"},
    Row{"lt", "lithuanian", "Lithuanian"}, Row{"ne", "nepali", "Nepali"},
    Row{"no", "norwegian", "Norwegian"}, Row{"pt", "portuguese", "Portuguese"},
    Row{"ro", "romanian", "Romanian"},   Row{"ru", "russian", "Russian"},
    Row{"sr", "serbian", "Serbian"},     Row{"es", "spanish", "Spanish"},
    Row{"sv", "swedish", "Swedish"},     Row{"ta", "tamil", "Tamil"},
    Row{"tr", "turkish", "Turkish"},     Row{"yi", "yiddish", "Yiddish"},
    Row{"zh", "", "Chinese"},            Row{"ja", "", "Japanese"},
    Row{"ko", "", "Korean"},
};

Language to_language(const Row& row) {
    return Language{std::string(row.code), std::string(row.stemmer), std::string(row.name)};
}

}  // namespace

std::optional<Language> find_language(std::string_view name_or_code) {
    const std::string key = ascii_lower(name_or_code);
    if (key == "none") return Language{"", "", "none"};
    if (key == "porter") return Language{"en", "porter", "English (Porter)"};
    for (const Row& row : kLanguages) {
        if (key == row.code || key == row.stemmer || key == ascii_lower(row.name)) return to_language(row);
    }
    return std::nullopt;
}

std::vector<Language> known_languages() {
    std::vector<Language> out;
    out.reserve(kLanguages.size());
    for (const Row& row : kLanguages) out.push_back(to_language(row));
    return out;
}

bool is_cjk_language(std::string_view code) {
    return code == "zh" || code == "ja" || code == "ko";
}

}  // namespace gazette
