//! Fingerprints and leads of articles; see story_features.hpp.
#include "story_features.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

#include "schema.hpp"
#include "text.hpp"

namespace gazette {
namespace {

/// splitmix64's finaliser: FNV-1a's low bits are weak, and SimHash uses all 64.
std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

bool quoted(std::string_view line) {
    const auto first = line.find_first_not_of(" \t");
    return first != std::string_view::npos && line[first] == '>';
}

/// Figures, and codes made with them ("2.5", "1,204", "may7", "737"): what changes between
/// two reports of a kind (prices, scores, contract months), not what tells events apart.
bool has_digit(const std::string& term) {
    return std::any_of(term.begin(), term.end(), [](unsigned char c) { return std::isdigit(c); });
}

/// The sorted, distinct unprefixed stems `generator` makes of `text`, those with digits left out.
std::string lead_stems(Xapian::TermGenerator& generator, const std::string& text) {
    Xapian::Document scratch;
    generator.set_document(scratch);
    generator.index_text_without_positions(text);
    std::string out;
    for (auto it = scratch.termlist_begin(); it != scratch.termlist_end(); ++it) {
        const std::string term = *it;
        if (term.size() < 2 || std::isupper(static_cast<unsigned char>(term[0])) || has_digit(term)) {
            continue;
        }
        if (!out.empty()) out += ' ';
        out += term;
    }
    return out;
}

/// The figures of a headline as written: runs of digits with the points, commas and slashes
/// between them ("1.75", "0.50/1.00", "1,204"), and words holding a digit ("737", "q4").
std::vector<std::string> title_figures(std::string_view title) {
    std::vector<std::string> out;
    std::string run;
    auto flush = [&] {
        while (!run.empty() && !std::isalnum(static_cast<unsigned char>(run.back()))) run.pop_back();
        if (std::any_of(run.begin(), run.end(), [](unsigned char c) { return std::isdigit(c); })) {
            out.push_back(run);
        }
        run.clear();
    };
    for (const char ch : title) {
        const auto c = static_cast<unsigned char>(ch);
        const bool inside = std::isalnum(c) || c >= 0x80 || ((c == '.' || c == ',' || c == '/') && !run.empty());
        if (inside) {
            run += static_cast<char>(std::tolower(c));
        } else {
            flush();
        }
    }
    flush();
    return out;
}

}  // namespace

std::uint64_t simhash(const std::vector<std::string>& words) {
    std::array<int, 64> votes{};
    for (std::size_t i = 0; i + 2 < words.size(); ++i) {
        std::uint64_t h = fnv1a(words[i]);
        h = fnv1a(" ", h);
        h = fnv1a(words[i + 1], h);
        h = fnv1a(" ", h);
        h = mix(fnv1a(words[i + 2], h));
        for (int bit = 0; bit < 64; ++bit) votes[bit] += (h >> bit) & 1U ? 1 : -1;
    }
    std::uint64_t out = 0;
    for (int bit = 0; bit < 64; ++bit) {
        if (votes[bit] > 0) out |= std::uint64_t{1} << bit;
    }
    return out;
}

std::vector<std::string> plain_words(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c >= 0x80) {
            word += static_cast<char>(std::tolower(c));
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

std::vector<std::string> own_words(const Article& article) {
    std::vector<std::string> words;
    for (const Paragraph& paragraph : article.paragraphs) {
        std::string_view rest = paragraph.text;
        while (!rest.empty()) {
            const auto end = rest.find('\n');
            const std::string_view line = rest.substr(0, end);
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
            if (quoted(line)) continue;
            for (std::string& w : plain_words(line)) words.push_back(std::move(w));
        }
    }
    return words;
}

StoryFeatures StoryFeatures::of(const Article& article, Xapian::TermGenerator& lead_generator) {
    StoryFeatures out;
    std::vector<std::string> words = own_words(article);
    const std::vector<std::string> title = plain_words(article.title);
    // A headline-only article (a wire brief, a feed of headlines) is known by its headline.
    const bool headline_only = words.size() < kMinExactWords;
    if (words.size() >= kMinSimHashWords) {
        const std::uint64_t hash = simhash(words);
        out.fingerprint = fmt::format("{:016x}", hash);
        for (int band = 0; band < 4; ++band) {
            out.terms.push_back(fmt::format("{}{}{:04x}", schema::kPrefixBand, band,
                                            (hash >> (16 * band)) & 0xffffU));
        }
    } else if (std::size_t n = (headline_only ? title : words).size(); n >= kMinExactWords) {
        std::uint64_t hash = fnv1a("");
        for (const std::string& w : title) hash = fnv1a(w + " ", hash);
        hash = fnv1a("\n", hash);
        if (!headline_only) {
            for (const std::string& w : words) hash = fnv1a(w + " ", hash);
        }
        const std::string key = fmt::format("{:016x}", mix(hash));
        out.fingerprint = "=" + key;
        out.terms.push_back(std::string(schema::kPrefixExactCopy) + key);
    }
    std::string body;
    const std::size_t n = std::min(words.size(), kLeadWords);
    for (std::size_t i = 0; i < n; ++i) {
        body += ' ';
        body += words[i];
    }
    // "title stems | the body's other stems | the title's figures" (schema.hpp, kSlotLead).
    const std::string title_stems = lead_stems(lead_generator, article.title);
    std::string rest;
    const std::string padded = " " + title_stems + " ";
    const std::string body_stems = lead_stems(lead_generator, body);
    for (const std::string_view stem : split_words(body_stems)) {
        if (padded.find(" " + std::string(stem) + " ") == std::string::npos) {
            rest += (rest.empty() ? "" : " ") + std::string(stem);
        }
    }
    std::string figures;
    for (const std::string& f : title_figures(article.title)) {
        if ((" " + figures + " ").find(" " + f + " ") == std::string::npos) figures += (figures.empty() ? "" : " ") + f;
    }
    if (!title_stems.empty() || !rest.empty()) out.lead = title_stems + " | " + rest + " | " + figures;
    return out;
}

}  // namespace gazette
