//! What the reader tests share: reading a text or a stream through open_reader() into the
//! articles and the problems it reported.
#pragma once

#include <istream>
#include <sstream>
#include <string>
#include <vector>

#include "reader.hpp"

namespace gazette::test {

struct ReadResult {
    std::vector<Article> articles;
    std::vector<std::string> problems;
};

inline ReadResult read_stream(std::istream& in, const std::string& path,
                              const ReaderOptions& options = {}) {
    ReadResult result;
    auto reader = open_reader(in, path, options, [&](const std::string& message) {
        result.problems.push_back(message);
    });
    Article article;
    while (reader->next(article)) result.articles.push_back(article);
    return result;
}

inline ReadResult read_text(const std::string& text, const std::string& path,
                            const ReaderOptions& options = {}) {
    std::istringstream in(text);
    return read_stream(in, path, options);
}

/// The article's date as YYYY-MM-DD, or "none".
inline std::string iso(const Article& article) {
    return article.date ? article.date->iso() : "none";
}

}  // namespace gazette::test
