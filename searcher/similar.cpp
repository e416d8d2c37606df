//! Like terms, like queries and shingles; see similar.hpp.
#include "similar.hpp"

#include <algorithm>
#include <cmath>

#include "schema.hpp"
#include "text.hpp"

namespace gazette {
namespace {

/// The basis words were hashed from when --like-text was written (any basis serves: both sides
/// of a comparison are hashed here).
constexpr std::uint64_t kShingleBasis = 1469598103934665603ULL;

/// A hash of each word of `text` (lower-cased, split at what is not a word character), in order.
std::vector<std::uint64_t> word_hashes(std::string_view text) {
    std::vector<std::uint64_t> out;
    std::string word;
    const auto flush = [&] {
        if (!word.empty()) out.push_back(fnv1a(word, kShingleBasis));
        word.clear();
    };
    for (Xapian::Utf8Iterator it(text.data(), text.size()); it != Xapian::Utf8Iterator(); ++it) {
        const unsigned ch = *it;
        if (!Xapian::Unicode::is_wordchar(ch)) {
            flush();
            continue;
        }
        Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(ch));
    }
    flush();
    return out;
}

/// The hashes of every run of `n` consecutive words of `words` (none when there are fewer).
std::vector<std::uint64_t> runs_of(const std::vector<std::uint64_t>& words, std::size_t n) {
    std::vector<std::uint64_t> out;
    if (n == 0 || words.size() < n) return out;
    for (std::size_t i = 0; i + n <= words.size(); ++i) {
        std::uint64_t h = 0;
        for (std::size_t j = i; j < i + n; ++j) h = (h ^ words[j]) * 0x9E3779B97F4A7C15ULL + j - i;
        out.push_back(h);
    }
    return out;
}

}  // namespace

TermCounts document_terms(const Xapian::Document& doc) {
    TermCounts out;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        const std::string term = *it;
        if (schema::is_body_term(term)) out[term] = it.get_wdf();
    }
    return out;
}

TermCounts text_terms(const std::string& text, const Xapian::Stem& stem) {
    Xapian::TermGenerator generator;
    generator.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    generator.set_stemmer(stem);
    generator.set_stemming_strategy(stem.is_none() ? Xapian::TermGenerator::STEM_NONE
                                                   : Xapian::TermGenerator::STEM_ALL);
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(text);
    return document_terms(doc);
}

std::vector<std::pair<std::string, double>> like_terms(const Xapian::Database& db, const TermCounts& terms,
                                                       const std::set<std::string>& stopped,
                                                       std::size_t count) {
    const double articles = std::max<double>(1, db.get_doccount());
    std::vector<std::pair<std::string, double>> scored;
    for (const auto& [term, wdf] : terms) {
        if (term.size() < 2 || all_digits(term) || stopped.contains(term)) continue;
        const Xapian::doccount df = db.get_termfreq(term);
        if (df == 0) continue;
        const double idf = std::log(articles / df);
        if (idf <= 0) continue;
        scored.emplace_back(term, (1 + std::log(static_cast<double>(wdf))) * idf);
    }
    std::sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) {
        return x.second != y.second ? x.second > y.second : x.first < y.first;
    });
    if (scored.size() > count) scored.resize(count);
    if (!scored.empty()) {
        const double best = scored.front().second;
        for (auto& [term, weight] : scored) weight /= best;
    }
    return scored;
}

Xapian::Query like_query(const std::vector<std::pair<std::string, double>>& terms) {
    std::vector<Xapian::Query> parts;
    for (const auto& [term, weight] : terms) {
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), weight);
    }
    if (parts.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

Shingles::Shingles(std::string_view text) {
    const std::vector<std::uint64_t> words = word_hashes(text);
    words_ = std::min(kWords, words.size());
    hashes_ = runs_of(words, words_);
    std::sort(hashes_.begin(), hashes_.end());
    hashes_.erase(std::unique(hashes_.begin(), hashes_.end()), hashes_.end());
}

double Shingles::containment(std::string_view other) const {
    if (hashes_.empty()) return 0;
    std::vector<std::uint64_t> theirs = runs_of(word_hashes(other), words_);
    std::sort(theirs.begin(), theirs.end());
    std::size_t shared = 0;
    for (const std::uint64_t h : hashes_) {
        if (std::binary_search(theirs.begin(), theirs.end(), h)) ++shared;
    }
    return static_cast<double>(shared) / static_cast<double>(hashes_.size());
}

}  // namespace gazette
