//! Spelling suggestions from the database's own vocabulary; see spelling.hpp.
#include "spelling.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>

#include "highlighter.hpp"

namespace gazette {
namespace {

/// Words shorter than this are not checked: too many words lie one edit from them. A word the
/// database holds (a rare name, a ticker) is checked only from kMinLettersPresent letters, and
/// only against terms one edit away.
constexpr std::size_t kMinLetters = 4;
constexpr std::size_t kMinLettersPresent = 6;
/// How many articles of a suggested term are read for the word that shows it.
constexpr std::size_t kSurfaceArticles = 3;

std::u32string code_points(std::string_view text) {
    std::u32string out;
    for (Xapian::Utf8Iterator it(text.data(), text.size()); it != Xapian::Utf8Iterator(); ++it) {
        out.push_back(static_cast<char32_t>(*it));
    }
    return out;
}

std::string utf8(char32_t c) {
    if (c < 0x80) return std::string(1, static_cast<char>(c));
    char buffer[4];
    return std::string(buffer, Xapian::Unicode::nonascii_to_utf8(c, buffer));
}


bool is_letter(char32_t c) {
    return Xapian::Unicode::is_wordchar(c) && Xapian::Unicode::get_category(c) != Xapian::Unicode::DECIMAL_DIGIT_NUMBER && c != '_';
}

bool all_letters(const std::u32string& word) {
    return std::all_of(word.begin(), word.end(), is_letter);
}

unsigned allowed_edits(std::size_t letters) { return letters <= 5 ? 1 : 2; }

/// Counts the words of `text` (lower-cased) whose stem is `term`.
void count_words(const std::string& text, const std::string& term, const Xapian::Stem& stem,
                 std::map<std::string, std::size_t>& counts) {
    for (const Highlight& h : find_highlights(text, {term}, stem)) {
        ++counts[Xapian::Unicode::tolower(text.substr(h.begin, h.end - h.begin))];
    }
}

/// The word of the first kSurfaceArticles articles holding `term` whose stem is `term` and
/// that lies nearest `typed` (then the commonest, then the first in order); empty when none.
std::string word_for(const Xapian::Database& db, const std::string& term, const std::string& typed,
                     const Xapian::Stem& stem, const ArticleText& text_of) {
    std::map<std::string, std::size_t> counts;
    std::size_t read = 0;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term) && read < kSurfaceArticles;
         ++it, ++read) {
        count_words(text_of(*it), term, stem, counts);
    }
    const std::u32string wanted = code_points(typed);
    std::string best;
    std::tuple<unsigned, long> best_rank{~0u, 0};
    for (const auto& [word, count] : counts) {
        const std::tuple<unsigned, long> rank{edit_distance(wanted, code_points(word), 8),
                                              -static_cast<long>(count)};
        if (rank < best_rank) {
            best = word;
            best_rank = rank;
        }
    }
    return best;
}

struct Candidate {
    std::string term;
    unsigned distance = 0;
    std::uint64_t articles = 0;
};

/// The body term nearest `term` that is common enough to suggest, if any.
std::optional<Candidate> nearest_term(const Xapian::Database& db, const std::u32string& term,
                                      std::uint64_t articles) {
    const unsigned limit = articles == 0 ? allowed_edits(term.size()) : 1;
    const std::uint64_t needed = std::max(kMinSuggestedArticles, kSuggestedFactor * articles);
    const std::string first_letter = utf8(term.front());
    std::optional<Candidate> best;
    for (auto it = db.allterms_begin(first_letter); it != db.allterms_end(first_letter); ++it) {
        if (it.get_termfreq() < needed) continue;
        const std::string candidate = *it;
        const std::u32string letters = code_points(candidate);
        const std::size_t longer = std::max(letters.size(), term.size());
        if (longer - std::min(letters.size(), term.size()) > limit || !all_letters(letters)) continue;
        const unsigned distance = edit_distance(term, letters, limit);
        if (distance == 0 || distance > limit) continue;
        const Candidate found{candidate, distance, it.get_termfreq()};
        if (!best || std::tuple(found.distance, -static_cast<double>(found.articles), found.term) <
                         std::tuple(best->distance, -static_cast<double>(best->articles), best->term)) {
            best = found;
        }
    }
    return best;
}

/// The query's words, each with the bytes it spans in `query`.
struct QueryWord {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string lowered;
};

std::vector<QueryWord> words_of(const std::string& query) {
    std::vector<QueryWord> words;
    std::optional<QueryWord> current;
    const Xapian::Utf8Iterator end;
    for (Xapian::Utf8Iterator it(query); it != end; ++it) {
        const std::size_t at = static_cast<std::size_t>(it.raw() - query.data());
        if (Xapian::Unicode::is_wordchar(*it)) {
            if (!current) current = QueryWord{at, at, ""};
        } else if (current) {
            current->end = at;
            words.push_back(*current);
            current.reset();
        }
    }
    if (current) {
        current->end = query.size();
        words.push_back(*current);
    }
    for (QueryWord& word : words) {
        word.lowered = Xapian::Unicode::tolower(query.substr(word.begin, word.end - word.begin));
    }
    return words;
}

}  // namespace

unsigned edit_distance(const std::u32string& a, const std::u32string& b, unsigned limit) {
    // Optimal string alignment distance, rows of the classic table, stopping once a whole row
    // is over the limit.
    const std::size_t n = b.size();
    std::vector<unsigned> before(n + 1), previous(n + 1), current(n + 1);
    for (std::size_t j = 0; j <= n; ++j) previous[j] = static_cast<unsigned>(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = static_cast<unsigned>(i);
        unsigned row_min = current[0];
        for (std::size_t j = 1; j <= n; ++j) {
            const unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                current[j] = std::min(current[j], before[j - 2] + 1);
            }
            row_min = std::min(row_min, current[j]);
        }
        if (row_min > limit) return limit + 1;
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return std::min(previous[n], limit + 1);
}

std::vector<SpellingSuggestion> suggest_spellings(const Xapian::Database& db,
                                                  const ParsedQuery& parsed,
                                                  const Xapian::Stem& stem,
                                                  const ArticleText& text_of) {
    std::vector<SpellingSuggestion> suggestions;
    std::set<std::string> seen;
    for (const auto& [term, words] : parsed.terms) {
        if (words.empty() || !seen.insert(term).second) continue;
        const std::u32string letters = code_points(term);
        if (letters.size() < kMinLetters || !all_letters(letters)) continue;  // fields, numbers
        const std::uint64_t articles = db.get_termfreq(term);
        if (articles > kRareArticles || (articles > 0 && letters.size() < kMinLettersPresent)) {
            continue;
        }
        const auto candidate = nearest_term(db, letters, articles);
        if (!candidate) continue;
        const std::string typed = Xapian::Unicode::tolower(words.front());
        std::string word = word_for(db, candidate->term, typed, stem, text_of);
        if (word.empty()) word = candidate->term;
        if (word == typed) continue;
        suggestions.push_back({words.front(), articles, word, candidate->articles});
    }
    return suggestions;
}

std::string corrected_query(const std::string& query,
                            const std::vector<SpellingSuggestion>& suggestions) {
    std::string out;
    std::size_t at = 0;
    for (const QueryWord& word : words_of(query)) {
        const auto replaced = std::find_if(suggestions.begin(), suggestions.end(),
                                           [&](const SpellingSuggestion& s) {
                                               return Xapian::Unicode::tolower(s.word) == word.lowered;
                                           });
        if (replaced == suggestions.end()) continue;
        out += query.substr(at, word.begin - at) + replaced->suggestion;
        at = word.end;
    }
    return out + query.substr(at);
}

}  // namespace gazette
