//! Reading Snowball stopword lists from Lingua::StopWords modules; see stopwords.hpp.
#include "stopwords.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <vector>

namespace gazette {

std::vector<std::string> parse_stopword_module(const std::string& source) {
    std::vector<std::string> words;
    // The list is the `qw( ... )` inside `sub _stopwords`.
    const auto sub = source.find("_stopwords {");
    if (sub == std::string::npos) return words;
    const auto open = source.find("qw(", sub);
    if (open == std::string::npos) return words;
    const auto close = source.find(')', open);
    if (close == std::string::npos) return words;
    std::istringstream list(source.substr(open + 3, close - open - 3));
    std::string word;
    while (list >> word) words.push_back(word);
    return words;
}

std::vector<std::string> load_stopwords(std::string_view language_code, const std::string& folder) {
    if (language_code.size() != 2) return {};
    std::string module(language_code);
    std::transform(module.begin(), module.end(), module.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    std::ifstream in(folder + "/" + module + ".pm");
    if (!in) return {};
    std::ostringstream source;
    source << in.rdbuf();
    return parse_stopword_module(source.str());
}

std::unique_ptr<Xapian::SimpleStopper> make_stopper(const std::vector<std::string>& words) {
    if (words.empty()) return nullptr;
    return std::make_unique<Xapian::SimpleStopper>(words.begin(), words.end());
}

}  // namespace gazette
