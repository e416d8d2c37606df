//! libstemmer wrapped as a Xapian::StemImplementation; see stemmer.hpp.
#include "stemmer.hpp"

#include <functional>

#include <libstemmer.h>

#include "errors.hpp"
#include "language.hpp"

namespace gazette {

SnowballStemmer::SnowballStemmer(std::string algorithm) : algorithm_(std::move(algorithm)) {
    stemmer_ = sb_stemmer_new(algorithm_.c_str(), "UTF_8");
    if (stemmer_ == nullptr) throw UsageError("no Snowball stemmer for language '" + algorithm_ + "'");
}

SnowballStemmer::~SnowballStemmer() { sb_stemmer_delete(stemmer_); }

std::string SnowballStemmer::operator()(const std::string& word) {
    if (word.empty()) return word;
    if (slots_.empty()) slots_.resize(kSlots);  // on first use: a query may stem nothing
    Slot& slot = slots_[std::hash<std::string>{}(word) & (kSlots - 1)];
    if (slot.word != word) {
        slot.stem = stem(word);
        slot.word = word;
    }
    return slot.stem;
}

std::string SnowballStemmer::stem(const std::string& word) {
    const auto* input = reinterpret_cast<const sb_symbol*>(word.data());
    const sb_symbol* stemmed = sb_stemmer_stem(stemmer_, input, static_cast<int>(word.size()));
    // libstemmer returns null only when it cannot allocate; keep the word unstemmed then.
    if (stemmed == nullptr) return word;
    const int length = sb_stemmer_length(stemmer_);
    return std::string(reinterpret_cast<const char*>(stemmed), static_cast<std::size_t>(length));
}

std::string SnowballStemmer::get_description() const { return "snowball:" + algorithm_; }

Xapian::Stem make_stemmer(std::string_view language) {
    if (language.empty()) return Xapian::Stem();
    const auto found = find_language(language);
    if (!found) throw UsageError("unknown language '" + std::string(language) + "'");
    if (found->stemmer.empty()) return Xapian::Stem();
    return Xapian::Stem(new SnowballStemmer(found->stemmer));
}

}  // namespace gazette
