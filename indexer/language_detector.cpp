//! Script rules and n-gram scoring behind LanguageDetector; see language_detector.hpp.
#include "language_detector.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "errors.hpp"
#include "language.hpp"
#include "text.hpp"

namespace gazette {
namespace detail {

/// Eight 16-bit lanes that GCC and Clang compute on at once (SSE2 on x86-64, NEON on ARM):
/// eight profiles' ranks of one n-gram, or what those profiles earn from it.
using Lanes = std::int16_t __attribute__((vector_size(16)));
constexpr std::size_t kLanes = 8;

/// Every fingerprint fpdb.conf lists, inverted: for each n-gram, the profiles holding it and its
/// rank there, so that one pass over an article's n-grams scores all profiles at once.
///
/// Most of the postings an article's n-grams reach belong to a few hundred n-grams that dozens
/// of profiles hold ("e", "_t", "en"): those get a row instead, the n-gram's rank in every
/// profile, which scoring reads eight profiles at a time rather than posting by posting.
struct LanguageProfiles {
    struct Posting {
        std::uint16_t profile;
        std::uint16_t rank;
    };
    static constexpr std::uint16_t kNoRow = UINT16_MAX;
    /// An open-addressing slot: an n-gram's key (0 when empty) and where its ranks are: its
    /// postings [begin, begin + size), or its row.
    struct Slot {
        std::uint64_t key = 0;
        std::uint32_t begin = 0;
        std::uint16_t size = 0;
        std::uint16_t row = kNoRow;
    };
    std::vector<std::string> codes;  // per profile: the Gazette code, "" where Gazette has none
    std::vector<Posting> postings;   // grouped by n-gram
    std::vector<Slot> index;         // power-of-two size, at most half full
    std::size_t row_blocks = 0;      // Lanes per row: the profiles, kLanes to a block
    std::vector<Lanes> rows;         // row r is [r * row_blocks, (r + 1) * row_blocks)

    /// Where the search for `key` starts.
    std::size_t home(std::uint64_t key) const { return key & (index.size() - 1); }

    const Slot& find(std::uint64_t key) const {
        const std::size_t mask = index.size() - 1;
        std::size_t slot = home(key);
        while (index[slot].key != 0 && index[slot].key != key) slot = (slot + 1) & mask;
        return index[slot];
    }
};

}  // namespace detail

namespace {

using detail::LanguageProfiles;

// How much of an article is read: scripts are counted on the first characters, n-grams on the
// first bytes. Cost grows with every byte; on the shared corpora accuracy stops growing at 2 KB
// (Spanish news: 91.6% detected from 1 KB, 97.0% from 2 KB, the same from 4 KB).
constexpr std::size_t kScriptSampleChars = 2000;
constexpr std::size_t kSampleBytes = 2048;
// Below this many letters no answer is reliable; headlines sit just above it. Han characters
// stand for syllables or words rather than sounds, and fewer of them tell the script: a Chinese
// headline is 20 to 30 of them.
constexpr std::size_t kMinLetters = 40;
constexpr std::size_t kMinCjkLetters = 20;
// For the same reason a CJK character weighs as much as three letters when scripts compete: a
// Chinese article naming "Facebook" and "Win 10" has more Latin letters than its words suggest.
constexpr std::size_t kCjkWeight = 3;

// Cavnar-Trenkle parameters as libexttextcat uses them: n-grams of 1 to 5 characters, the 400
// most frequent make a profile, and an n-gram a profile lacks is 400 places out.
constexpr std::size_t kMaxNgramChars = 5;
constexpr std::size_t kProfileSize = 400;
constexpr std::uint32_t kOutOfPlace = 400;
constexpr std::size_t kMaxNgramBytes = 20;  // textcat skips longer fingerprint lines
// The best language must beat every other answer's distance by this fraction, or the text is
// too close to call: textcat itself lists every candidate within 3% of the best. On the shared
// corpora 4 answers that clear were wrong in 9,860 articles (all French headlines), while text
// mixing languages, or in none, falls short.
constexpr double kMinMargin = 0.03;
// Natural text lies at most 0.8 of the farthest possible distance from its language (French
// headlines of 40 letters come nearest that bound); codes, URLs and keyboard noise lie beyond.
constexpr double kMaxDistance = 0.85;

// Shares of the CJK letters that make a text Japanese (kana) or Korean (Hangul): Chinese has
// neither, while Japanese prose is a third or more kana and Korean mostly Hangul.
constexpr double kKanaShare = 0.1;
constexpr double kHangulShare = 0.3;

// ---- Scripts ----------------------------------------------------------------------

enum class Script : std::uint8_t {
    none,  // not a letter: digits, punctuation, symbols, marks
    latin,
    han,
    kana,
    hangul,
    greek,
    cyrillic,
    arabic,
    devanagari,
    hebrew,
    other,  // letters of scripts no rule below names: left to the n-gram profiles
};
constexpr std::size_t kScriptCount = static_cast<std::size_t>(Script::other) + 1;

bool in(char32_t c, char32_t first, char32_t last) { return c >= first && c <= last; }

Script script_of(char32_t c) {
    if (in(c, U'a', U'z') || in(c, U'A', U'Z')) return Script::latin;
    if (c < 0xAA) return Script::none;
    // No two ranges below overlap, so their order is free: the bulk of Chinese and Japanese
    // text, the main Han block and the kana, comes first for speed.
    if (in(c, 0x4E00, 0x9FFF)) return Script::han;
    if (in(c, 0x3041, 0x30FA)) return Script::kana;
    if (c == 0xAA || c == 0xBA || (in(c, 0xC0, 0x2AF) && c != 0xD7 && c != 0xF7) ||
        in(c, 0x1E00, 0x1EFF) || in(c, 0xFF21, 0xFF3A) || in(c, 0xFF41, 0xFF5A)) {
        return Script::latin;
    }
    if (in(c, 0x386, 0x3FF) || in(c, 0x1F00, 0x1FFF)) return Script::greek;
    if (in(c, 0x400, 0x481) || in(c, 0x48A, 0x52F)) return Script::cyrillic;
    if (in(c, 0x5D0, 0x5EA) || in(c, 0x5EF, 0x5F2)) return Script::hebrew;
    if (in(c, 0x620, 0x64A) || in(c, 0x66E, 0x6D3) || c == 0x6D5 || in(c, 0x6FA, 0x6FF) ||
        in(c, 0x750, 0x77F) || in(c, 0xFB50, 0xFDFF) || in(c, 0xFE70, 0xFEFF)) {
        return Script::arabic;
    }
    if (in(c, 0x900, 0x963) || in(c, 0x971, 0x97F)) return Script::devanagari;
    if (in(c, 0x3041, 0x309F) || in(c, 0x30A0, 0x30FA) || in(c, 0x30FC, 0x30FF) ||
        in(c, 0x31F0, 0x31FF) || in(c, 0xFF66, 0xFF9F)) {
        return Script::kana;
    }
    if (in(c, 0x1100, 0x11FF) || in(c, 0x3131, 0x318E) || in(c, 0xAC00, 0xD7A3)) {
        return Script::hangul;
    }
    if (c == 0x3005 || in(c, 0x3400, 0x4DBF) || in(c, 0x4E00, 0x9FFF) || in(c, 0xF900, 0xFAFF) ||
        in(c, 0x20000, 0x3134F)) {
        return Script::han;
    }
    // Armenian to Syriac, the Indic and South-East Asian scripts, Georgian, Ethiopic, Khmer.
    if (in(c, 0x531, 0x587) || in(c, 0x700, 0x8FF) || in(c, 0x980, 0xFFF) || in(c, 0x1000, 0x109F) ||
        in(c, 0x10A0, 0x10FF) || in(c, 0x1200, 0x137F) || in(c, 0x1780, 0x17FF)) {
        return Script::other;
    }
    return Script::none;
}

struct ScriptCounts {
    std::array<std::size_t, kScriptCount> letters{};
    std::size_t total = 0;  // letters of every script

    std::size_t operator[](Script script) const { return letters[static_cast<std::size_t>(script)]; }
};

ScriptCounts count_scripts(std::string_view text) {
    ScriptCounts counts;
    std::size_t pos = 0;
    for (std::size_t chars = 0; pos < text.size() && chars < kScriptSampleChars; ++chars) {
        // ASCII, most of most samples, without the general decoding and its branches.
        const auto byte = static_cast<unsigned char>(text[pos]);
        if (byte < 0x80) {
            const std::size_t letter = static_cast<unsigned char>((byte | 0x20) - 'a') < 26;
            counts.letters[static_cast<std::size_t>(Script::latin)] += letter;
            counts.total += letter;
            ++pos;
            continue;
        }
        const Script script = script_of(next_code_point(text, pos));
        if (script == Script::none) continue;
        ++counts.letters[static_cast<std::size_t>(script)];
        ++counts.total;
    }
    return counts;
}

// ---- The sample -----------------------------------------------------------------------------

/// Title and paragraphs joined by newlines, cut at kSampleBytes on a character boundary.
std::string sample_text(std::string_view title, const std::vector<Paragraph>& paragraphs) {
    std::string sample;
    sample.reserve(kSampleBytes + 8);
    const auto append = [&sample](std::string_view piece) {
        if (sample.size() > kSampleBytes) return;
        if (!sample.empty()) sample += '\n';
        sample.append(piece.substr(0, kSampleBytes + 1 - sample.size()));
    };
    append(title);
    for (const Paragraph& paragraph : paragraphs) append(paragraph.text);
    if (sample.size() > kSampleBytes) sample.resize(utf8_floor(sample, kSampleBytes));
    return sample;
}

// ---- N-gram profiles ------------------------------------------------------------------------

// An n-gram is identified by a 64-bit key: its length in characters in the top 3 bits (ties in
// rank go to the shorter n-gram) and a 61-bit FNV-1a hash of its bytes below. Among a few
// thousand n-grams a collision is vanishingly unlikely, hashing as the n-gram grows costs one
// step per byte, and no key is 0, which marks an empty slot.
constexpr std::uint64_t kHashSeed = 14695981039346656037ull;
constexpr std::uint64_t kHashPrime = 1099511628211ull;
constexpr int kLengthShift = 61;

std::uint64_t hash_byte(std::uint64_t hash, char byte) {
    return (hash ^ static_cast<unsigned char>(byte)) * kHashPrime;
}

std::uint64_t ngram_key(std::uint64_t hash, std::size_t chars) {
    return (hash >> 3) | (std::uint64_t{chars} << kLengthShift);
}

std::size_t key_chars(std::uint64_t key) { return key >> kLengthShift; }

/// The key of an n-gram given as text (from a fingerprint file).
std::uint64_t ngram_key(std::string_view ngram) {
    std::uint64_t hash = kHashSeed;
    std::size_t chars = 0;
    for (const char byte : ngram) {
        hash = hash_byte(hash, byte);
        chars += !is_utf8_continuation(static_cast<unsigned char>(byte));
    }
    return ngram_key(hash, chars);
}

/// Per-thread working memory, kept between calls so that a detection allocates nothing once
/// its buffers have grown to the largest sample seen. The buffers never shrink: count_ngrams()
/// says how much of each it filled, and clears only the indexes.
struct Scratch {
    std::string padded;                 // the sample as "_word_word_", see count_ngrams()
    std::vector<std::uint32_t> starts;  // where each of its characters starts, then its end

    // The sample's distinct words, in order of first occurrence, and an open-addressing index
    // over them by hash (a word's place + 1, 0 when empty).
    struct Word {
        std::uint64_t hash;
        std::uint32_t first;  // its characters, the '_' on either side included
        std::uint32_t last;
        std::uint32_t count;
        std::uint32_t slot;   // in word_index
    };
    std::vector<Word> words;
    std::vector<std::uint32_t> word_index = std::vector<std::uint32_t>(1024);

    // The sample's distinct n-grams, in order of first occurrence from place 1 on, with their
    // counts, and an open-addressing index over them by key (an n-gram's place, 0 when empty).
    // A sample of kSampleBytes holds at most 10,250 n-grams, so 16-bit places suffice, and the
    // index of a few thousand n-grams stays within the L1 cache.
    std::vector<std::uint64_t> keys;
    std::vector<std::uint32_t> counts;
    std::vector<std::uint16_t> ngram_index;

    std::vector<std::uint32_t> candidates;  // see rank_ngrams()
    std::vector<std::uint32_t> buckets;
    std::vector<std::uint64_t> ranked;      // keys of the top n-grams, most frequent first
    std::vector<std::uint32_t> distance;    // per profile, see classify()
    std::vector<detail::Lanes> earned;      // per profile, see classify()
};

Scratch& scratch() {
    thread_local Scratch instance;
    return instance;
}

/// Makes `buffer` at least `size` long. It never shrinks, so that a warm buffer is not refilled.
template <typename Buffer>
void reserve(Buffer& buffer, std::size_t size) {
    if (buffer.size() < size) buffer.resize(size);
}

bool separates_words(char c) {
    // textcat's tokenisation: ASCII white space and digits separate words; punctuation is part
    // of them. The fingerprints were made that way, so the article must be cut the same way.
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v' ||
           (c >= '0' && c <= '9');
}

/// A hash of a word of the padded text, read 8 bytes at a time: the buffer has 8 bytes of room
/// after the text, and the bytes past the word are masked off. (On a big-endian machine the
/// mask keeps the wrong bytes: equal words may then hash apart, which costs their sharing,
/// not the counts.)
std::uint64_t hash_word(std::string_view word) {
    constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;
    const auto load = [](const char* bytes) {
        std::uint64_t value;
        std::memcpy(&value, bytes, sizeof value);
        return value;
    };
    std::uint64_t hash = word.size();
    std::size_t pos = 0;
    for (; word.size() - pos > 8; pos += 8) hash = (hash ^ load(word.data() + pos)) * kMultiplier;
    const std::size_t tail_bits = 8 * (word.size() - pos);  // 8 to 64: a word is never empty
    const std::uint64_t tail = load(word.data() + pos) & (~std::uint64_t{0} >> (64 - tail_bits));
    hash = (hash ^ tail) * kMultiplier;
    return hash ^ (hash >> 32);
}

/// Writes a sample as textcat reads it, "_word_word_" (each run of separators one '_'), into
/// work.padded, where each character starts in work.starts, and counts its distinct words into
/// work.words as it goes. One word runs from a '_' to the next, or to the last character (which
/// ends in a '_' byte, but not always a '_' character: a broken UTF-8 sequence can swallow it).
/// Equal bytes make equal characters, so words compare as bytes, by a hash of them first.
class WordCounter {
  public:
    WordCounter(std::string_view text, Scratch& work) : work_(work) {
        // The padded text: at most two bytes more than the text, and as many characters, and 8
        // bytes of room after it for hash_word().
        reserve(work.padded, text.size() + 2 + 8);
        reserve(work.starts, text.size() + 3);
        padded_ = work.padded.data();
        starts_ = work.starts.data();
        for (const Scratch::Word& word : work.words) work.word_index[word.slot] = 0;
        work.words.clear();
    }

    /// Pads and counts all of `text`.
    void count(std::string_view text) {
        append_underscore();
        for (std::size_t pos = 0; pos < text.size();) {
            const char c = text[pos];
            if (separates_words(c)) {
                if (padded_[bytes_ - 1] != '_') append_underscore();
                ++pos;
            } else if (c == '_') {
                append_underscore();
                ++pos;
            } else {
                const std::size_t length =
                    std::min(utf8_length(static_cast<unsigned char>(c)), text.size() - pos);
                starts_[chars_++] = static_cast<std::uint32_t>(bytes_);
                for (const std::size_t end = pos + length; pos < end; ++pos) {
                    padded_[bytes_++] = text[pos];
                }
            }
        }
        if (padded_[bytes_ - 1] != '_') append_underscore();
        if (open_ + 1 < chars_) close_word(chars_ - 1);
        starts_[chars_] = static_cast<std::uint32_t>(bytes_);
    }

  private:
    void append_underscore() {
        starts_[chars_] = static_cast<std::uint32_t>(bytes_);
        padded_[bytes_++] = '_';
        if (chars_ > 0) close_word(chars_);
        ++chars_;
    }

    /// Counts the word from the '_' at open_ to the character `last`.
    void close_word(std::size_t last) {
        std::vector<Scratch::Word>& words = work_.words;
        const std::string_view word(padded_ + starts_[open_], bytes_ - starts_[open_]);
        const std::uint64_t hash = hash_word(word);
        const std::size_t mask = work_.word_index.size() - 1;
        std::size_t slot = hash & mask;
        for (; work_.word_index[slot] != 0; slot = (slot + 1) & mask) {
            Scratch::Word& seen = words[work_.word_index[slot] - 1];
            if (seen.hash == hash &&
                std::string_view(padded_ + starts_[seen.first],
                                 starts_[seen.last + 1] - starts_[seen.first]) == word) {
                ++seen.count;
                open_ = last;
                return;
            }
        }
        words.push_back({hash, static_cast<std::uint32_t>(open_), static_cast<std::uint32_t>(last),
                         1, static_cast<std::uint32_t>(slot)});
        work_.word_index[slot] = static_cast<std::uint32_t>(words.size());
        open_ = last;
        if (words.size() * 2 > work_.word_index.size()) grow_index();  // at most half full
    }

    void grow_index() {
        std::vector<std::uint32_t>& index = work_.word_index;
        index.assign(index.size() * 2, 0);
        for (Scratch::Word& moved : work_.words) {
            std::size_t home = moved.hash & (index.size() - 1);
            while (index[home] != 0) home = (home + 1) & (index.size() - 1);
            index[home] = static_cast<std::uint32_t>(&moved - work_.words.data() + 1);
            moved.slot = static_cast<std::uint32_t>(home);
        }
    }

    Scratch& work_;
    char* padded_ = nullptr;
    std::uint32_t* starts_ = nullptr;
    std::size_t bytes_ = 0;
    std::size_t chars_ = 0;
    std::size_t open_ = 0;  // the '_' that opens the current word
};

/// The distinct n-grams of a sample and their counts, in work.keys and work.counts from place
/// 1 on, by order of first occurrence, with an open-addressing index over them by key.
class NgramCounter {
  public:
    /// Makes room for `most` n-grams, place 0 included, so that add() neither allocates nor
    /// checks.
    NgramCounter(Scratch& work, std::size_t most) {
        reserve(work.keys, most + 1);
        reserve(work.counts, most + 1);
        std::size_t index_size = 16;
        while (index_size < 2 * most) index_size *= 2;  // at most half full
        work.ngram_index.assign(index_size, 0);
        mask_ = index_size - 1;
        keys_ = work.keys.data();
        counts_ = work.counts.data();
        index_ = work.ngram_index.data();
    }

    void add(std::uint64_t key, std::uint32_t count) {
        // Place 0, where every empty slot points, holds the key sought: the probe stops at a
        // match or an empty slot on one test, and goes on only past another n-gram.
        keys_[0] = key;
        std::size_t slot = key & mask_;
        while (keys_[index_[slot]] != key) slot = (slot + 1) & mask_;
        // Whether the n-gram is new is a coin toss the processor cannot predict, so both cases
        // take the same path, writes and all, with arithmetic in place of a branch: a new
        // n-gram takes the next place, and its count starts from 0.
        const std::size_t entry = index_[slot];
        const std::size_t fresh = entry == 0;
        const std::size_t place = entry + fresh * (distinct_ + 1);
        const std::uint32_t kept = counts_[place] & (static_cast<std::uint32_t>(fresh) - 1);
        keys_[place] = key;
        counts_[place] = kept + count;
        index_[slot] = static_cast<std::uint16_t>(place);
        distinct_ += fresh;
    }

    std::size_t distinct() const { return distinct_; }

  private:
    std::size_t mask_ = 0;
    std::uint64_t* keys_ = nullptr;
    std::uint32_t* counts_ = nullptr;
    std::uint16_t* index_ = nullptr;
    std::size_t distinct_ = 0;
};

/// Counts the 1- to 5-character n-grams of each word, as textcat does: the text becomes
/// "_word_word_" (WordCounter), and an n-gram may hold a '_' only at its ends. `text` is a
/// sample, at most kSampleBytes. Returns how many distinct n-grams work.keys and work.counts
/// hold, from place 1 on.
///
/// An n-gram starting at a '_' or inside a word lies within that word and the '_' on either
/// side, so a word repeated repeats its first occurrence's n-grams: words are counted first and
/// each distinct one is cut into n-grams once, in order of first occurrence, which keeps every
/// n-gram's first occurrence in order among those of its length (see rank_ngrams()). News
/// repeats about a third of its words ("the", "der", "de"), and the short ones most.
std::size_t count_ngrams(std::string_view text, Scratch& work) {
    WordCounter(text, work).count(text);
    // The n-grams, up to kMaxNgramChars from every character of a word but the last (the
    // opening '_' of the next word, or the end of the text).
    static_assert(kMaxNgramChars * (kSampleBytes + 2) < UINT16_MAX, "places are 16-bit");
    std::size_t most = 0;
    for (const Scratch::Word& word : work.words) most += kMaxNgramChars * (word.last - word.first);
    NgramCounter ngrams(work, most);
    const char* const padded = work.padded.data();
    const std::uint32_t* const starts = work.starts.data();
    for (const Scratch::Word& word : work.words) {
        // Character by character, the hashes of the n-grams of 1 to 5 characters that end at
        // it, each byte stepping all five at once. N-grams of one length still come in order
        // of where they start.
        static_assert(kMaxNgramChars == 5);
        std::uint64_t hash1 = 0, hash2 = 0, hash3 = 0, hash4 = 0, hash5 = 0;
        for (std::size_t i = word.first; i <= word.last; ++i) {
            hash5 = hash4;
            hash4 = hash3;
            hash3 = hash2;
            hash2 = hash1;
            hash1 = kHashSeed;
            for (std::uint32_t byte = starts[i]; byte < starts[i + 1]; ++byte) {
                hash1 = hash_byte(hash1, padded[byte]);
                hash2 = hash_byte(hash2, padded[byte]);
                hash3 = hash_byte(hash3, padded[byte]);
                hash4 = hash_byte(hash4, padded[byte]);
                hash5 = hash_byte(hash5, padded[byte]);
            }
            // An n-gram starts at the word's first character at the earliest, and never at
            // its last.
            const std::size_t before = i - word.first;
            if (i < word.last) ngrams.add(ngram_key(hash1, 1), word.count);
            if (before >= 1) ngrams.add(ngram_key(hash2, 2), word.count);
            if (before >= 2) ngrams.add(ngram_key(hash3, 3), word.count);
            if (before >= 3) ngrams.add(ngram_key(hash4, 4), word.count);
            if (before >= 4) ngrams.add(ngram_key(hash5, 5), word.count);
        }
    }
    return ngrams.distinct();
}

/// The keys of the `distinct` n-grams count_ngrams() found, in rank order: by count, ties to the
/// shorter n-gram (as textcat's authors suggest), then to the one that occurs first; the first
/// kProfileSize of them.
///
/// Most n-grams of a sample occur once or twice and cannot rank: only those counted at least
/// `least` times can, the largest count that kProfileSize n-grams reach. These few candidates
/// are put in order by a counting sort: a bucket for each count and length, buckets in rank
/// order, each filled in order of first occurrence.
const std::vector<std::uint64_t>& rank_ngrams(Scratch& work, std::size_t distinct) {
    const std::uint64_t* const keys = work.keys.data() + 1;  // places count from 1
    const std::uint32_t* const counts = work.counts.data() + 1;
    const auto reaching = [&](std::uint32_t count) {
        std::size_t reach = 0;
        for (std::size_t i = 0; i < distinct; ++i) reach += counts[i] >= count;
        return reach;
    };
    std::uint32_t least = 1;
    while (reaching(least + 1) >= kProfileSize) ++least;

    reserve(work.candidates, distinct);
    std::uint32_t* const candidates = work.candidates.data();
    std::size_t candidate_count = 0;
    std::uint32_t most = 0;
    for (std::size_t i = 0; i < distinct; ++i) {
        candidates[candidate_count] = static_cast<std::uint32_t>(i);
        candidate_count += counts[i] >= least;
        most = std::max(most, counts[i]);
    }
    const auto bucket = [&](std::uint32_t i) {
        return (most - counts[i]) * kMaxNgramChars + key_chars(keys[i]) - 1;
    };
    // How many candidates fall in each bucket, then where each bucket starts in the ranking.
    std::vector<std::uint32_t>& next = work.buckets;
    next.assign((most - least + 1) * std::size_t{kMaxNgramChars}, 0);
    for (std::size_t c = 0; c < candidate_count; ++c) ++next[bucket(candidates[c])];
    std::uint32_t start = 0;
    for (std::uint32_t& entry : next) start += std::exchange(entry, start);
    work.ranked.resize(std::min(distinct, kProfileSize));
    for (std::size_t c = 0; c < candidate_count; ++c) {
        const std::uint32_t position = next[bucket(candidates[c])]++;
        if (position < work.ranked.size()) work.ranked[position] = keys[candidates[c]];
    }
    return work.ranked;
}

struct Verdict {
    std::string code;  // the nearest profile's Gazette code, "" when Gazette has none
    double lead = 0;   // how much nearer it is than any other answer, relative to its distance
    double distance = 1;  // its distance relative to the farthest possible, 0 to 1

    bool clear() const { return lead >= kMinMargin && distance <= kMaxDistance; }
};

// A profile lacking an n-gram that has a row holds it at this rank: far enough from any rank in
// the sample that it earns nothing back.
constexpr std::int16_t kAbsent = 2 * kOutOfPlace;
// What one row earns a profile is at most kOutOfPlace; 16-bit lanes hold that many rows' worth.
constexpr std::size_t kRowsPerFlush = INT16_MAX / kOutOfPlace;

/// Adds to `earned` what each profile earns back from an n-gram at `rank` in the sample, from
/// the n-gram's row: kOutOfPlace less the gap between the ranks, nothing where it is absent.
void earn_row(const detail::Lanes* row, std::size_t blocks, std::int16_t rank,
              detail::Lanes* earned) {
    constexpr detail::Lanes out_of_place = detail::Lanes{} + std::int16_t{kOutOfPlace};
    const detail::Lanes at = detail::Lanes{} + rank;
    for (std::size_t block = 0; block < blocks; ++block) {
        const detail::Lanes ranks = row[block];
        const detail::Lanes gap = (ranks > at ? ranks : at) - (ranks < at ? ranks : at);
        const detail::Lanes gain = out_of_place - gap;
        earned[block] += gain > 0 ? gain : detail::Lanes{};  // below 0 (absent): nothing
    }
}

/// Scores every profile by its out-of-place distance to the sample and names the nearest.
Verdict classify(const LanguageProfiles& profiles, std::string_view text) {
    Scratch& work = scratch();
    const std::vector<std::uint64_t>& ranked = rank_ngrams(work, count_ngrams(text, work));
    if (ranked.empty()) return {};

    // Every n-gram starts fully out of place; each one a profile holds earns back the difference,
    // from its postings directly, or from its row into `earned`, which is moved over to
    // `distance` before its 16-bit lanes could overflow.
    const auto worst = static_cast<std::uint32_t>(ranked.size()) * kOutOfPlace;
    std::vector<std::uint32_t>& distance = work.distance;
    distance.assign(profiles.codes.size(), worst);
    std::vector<detail::Lanes>& earned = work.earned;
    earned.assign(profiles.row_blocks, detail::Lanes{});
    const auto move_earned = [&] {
        for (std::size_t i = 0; i < distance.size(); ++i) {
            const std::int16_t lane = earned[i / detail::kLanes][i % detail::kLanes];
            distance[i] -= static_cast<std::uint32_t>(lane);
        }
        earned.assign(profiles.row_blocks, detail::Lanes{});
    };
    // The profiles' index is a megabyte, and most lookups miss the cache: ask for every slot
    // first, so that the misses overlap rather than queue.
    for (const std::uint64_t key : ranked) __builtin_prefetch(&profiles.index[profiles.home(key)]);
    std::size_t rows = 0;
    for (std::size_t rank = 0; rank < ranked.size(); ++rank) {
        const LanguageProfiles::Slot& found = profiles.find(ranked[rank]);
        if (found.row != LanguageProfiles::kNoRow) {
            earn_row(&profiles.rows[found.row * profiles.row_blocks], profiles.row_blocks,
                     static_cast<std::int16_t>(rank), earned.data());
            if (++rows % kRowsPerFlush == 0) move_earned();
            continue;
        }
        for (std::uint32_t i = found.begin; i < found.begin + found.size; ++i) {
            const LanguageProfiles::Posting posting = profiles.postings[i];
            const int gap = std::abs(int{posting.rank} - static_cast<int>(rank));
            distance[posting.profile] -= kOutOfPlace - static_cast<std::uint32_t>(gap);
        }
    }
    move_earned();

    const auto best = static_cast<std::size_t>(
        std::min_element(distance.begin(), distance.end()) - distance.begin());
    std::uint32_t runner_up = UINT32_MAX;
    for (std::size_t i = 0; i < distance.size(); ++i) {
        if (profiles.codes[i] != profiles.codes[best]) runner_up = std::min(runner_up, distance[i]);
    }
    const double lead = static_cast<double>(runner_up) / std::max<double>(distance[best], 1) - 1;
    return Verdict{profiles.codes[best], lead, static_cast<double>(distance[best]) / worst};
}

// ---- Loading --------------------------------------------------------------------------------

/// fpdb.conf names profiles "<language>-<country>-<encoding>" ("en--utf8", "zh-CN-utf8"); the
/// result is the code Gazette stores, or "" for a language find_language() does not know.
std::string gazette_code(std::string_view name) {
    std::string code(name.substr(0, name.find('-')));
    // Serbian in Latin script is fingerprinted as Serbo-Croatian, and Norwegian's two written
    // standards share one stemmer.
    if (code == "sh") code = "sr";
    if (code == "nb" || code == "nn") code = "no";
    // Scots is fingerprinted apart, but English text often scores within a few percent of it
    // and English stemming is what Scots text would get anyway.
    if (code == "sco") code = "en";
    const auto language = find_language(code);
    return language && language->code == code ? code : std::string();
}

/// One line of a fingerprint: the n-gram's key, the profile and the n-gram's rank there.
struct ProfileEntry {
    std::uint64_t key;
    LanguageProfiles::Posting posting;
};

/// Reads the first kProfileSize n-grams of a fingerprint file: the first field of each line, most
/// frequent first (the count after it is not needed).
void read_profile(const std::filesystem::path& path, std::uint16_t profile,
                  std::vector<ProfileEntry>& entries) {
    std::ifstream in(path);
    if (!in) {
        throw UsageError("language detection: cannot read the fingerprint " + path.string());
    }
    std::string line;
    std::uint16_t rank = 0;
    while (rank < kProfileSize && std::getline(in, line)) {
        const std::size_t begin = line.find_first_not_of(" \t\r");
        if (begin == std::string::npos) continue;
        const std::size_t end = line.find_first_of(" \t\r", begin);
        const std::string_view ngram =
            std::string_view(line).substr(begin, end == std::string::npos ? end : end - begin);
        if (ngram.size() > kMaxNgramBytes) continue;
        entries.push_back({ngram_key(ngram), {profile, rank}});
        ++rank;
    }
    if (rank == 0) {
        throw UsageError("language detection: the fingerprint " + path.string() + " is empty");
    }
}

// An n-gram held by this many profiles gets a row: scoring a row (21 blocks for Debian's 163
// profiles) costs about as much as 16 postings. About 530 n-grams qualify; their rows take 180 KB.
constexpr std::size_t kRowProfiles = 16;

/// Groups the entries by n-gram into postings or rows and indexes them by key.
void build_index(std::vector<ProfileEntry>& entries, LanguageProfiles& profiles) {
    std::sort(entries.begin(), entries.end(), [](const ProfileEntry& a, const ProfileEntry& b) {
        if (a.key != b.key) return a.key < b.key;
        if (a.posting.profile != b.posting.profile) return a.posting.profile < b.posting.profile;
        return a.posting.rank < b.posting.rank;
    });
    std::size_t distinct = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        distinct += i == 0 || entries[i].key != entries[i - 1].key;
    }
    std::size_t size = 1;
    while (size < 2 * distinct) size *= 2;  // at most half full
    profiles.index.assign(size, {});
    profiles.postings.reserve(entries.size());
    profiles.row_blocks = (profiles.codes.size() + detail::kLanes - 1) / detail::kLanes;
    std::size_t row_count = 0;
    for (std::size_t i = 0; i < entries.size();) {
        const std::uint64_t key = entries[i].key;
        const auto begin = static_cast<std::uint32_t>(profiles.postings.size());
        for (; i < entries.size() && entries[i].key == key; ++i) {
            // A profile listing an n-gram twice counts at its better rank, as textcat's merge does.
            if (profiles.postings.size() > begin &&
                profiles.postings.back().profile == entries[i].posting.profile) {
                continue;
            }
            profiles.postings.push_back(entries[i].posting);
        }
        LanguageProfiles::Slot found{key, begin,
                                     static_cast<std::uint16_t>(profiles.postings.size() - begin)};
        if (found.size >= kRowProfiles && row_count < LanguageProfiles::kNoRow) {
            // The postings move into a row; every other profile lacks the n-gram.
            found.row = static_cast<std::uint16_t>(row_count++);
            profiles.rows.resize(row_count * profiles.row_blocks,
                                 detail::Lanes{} + kAbsent);
            detail::Lanes* row = &profiles.rows[found.row * profiles.row_blocks];
            for (std::uint32_t p = begin; p < profiles.postings.size(); ++p) {
                const LanguageProfiles::Posting posting = profiles.postings[p];
                row[posting.profile / detail::kLanes][posting.profile % detail::kLanes] =
                    static_cast<std::int16_t>(posting.rank);
            }
            profiles.postings.resize(begin);
            found.size = 0;
        }
        std::size_t slot = profiles.home(key);
        while (profiles.index[slot].key != 0) slot = (slot + 1) & (size - 1);
        profiles.index[slot] = found;
    }
}

std::unique_ptr<const LanguageProfiles> load_profiles(const std::filesystem::path& data_dir) {
    const std::filesystem::path config = data_dir / "fpdb.conf";
    std::ifstream in(config);
    if (!in) {
        throw UsageError("language detection: cannot read " + config.string() +
                         " (install libexttextcat-data, or name the folder holding fpdb.conf)");
    }
    auto profiles = std::make_unique<LanguageProfiles>();
    std::vector<ProfileEntry> entries;
    std::string line;
    while (std::getline(in, line)) {
        line.erase(std::min(line.find('#'), line.size()));
        std::istringstream fields(line);
        std::string file;
        std::string name;
        if (!(fields >> file >> name)) continue;
        if (profiles->codes.size() == UINT16_MAX) {
            throw UsageError("language detection: " + config.string() +
                             " lists too many fingerprints");
        }
        read_profile(data_dir / file, static_cast<std::uint16_t>(profiles->codes.size()), entries);
        profiles->codes.push_back(gazette_code(name));
    }
    if (profiles->codes.empty()) {
        throw UsageError("language detection: " + config.string() + " lists no fingerprints");
    }
    build_index(entries, *profiles);
    return profiles;
}

}  // namespace

LanguageDetector::LanguageDetector(const std::filesystem::path& data_dir)
    : profiles_(load_profiles(data_dir)) {}

LanguageDetector::~LanguageDetector() = default;
LanguageDetector::LanguageDetector(LanguageDetector&&) noexcept = default;
LanguageDetector& LanguageDetector::operator=(LanguageDetector&&) noexcept = default;

std::size_t LanguageDetector::profile_count() const { return profiles_->codes.size(); }

std::string LanguageDetector::detect(std::string_view title,
                                     const std::vector<Paragraph>& paragraphs) const {
    const std::string sample = sample_text(title, paragraphs);
    const ScriptCounts scripts = count_scripts(sample);

    // Chinese, Japanese and Korean share the Han characters; kana and Hangul tell them apart.
    const std::size_t cjk = scripts[Script::han] + scripts[Script::kana] + scripts[Script::hangul];
    if (cjk * kCjkWeight > scripts.total - cjk && cjk >= kMinCjkLetters) {
        const auto cjk_share = [&](Script script) {
            return static_cast<double>(scripts[script]) / static_cast<double>(cjk);
        };
        if (cjk_share(Script::kana) >= kKanaShare) return "ja";
        if (cjk_share(Script::hangul) >= kHangulShare) return "ko";
        return "zh";
    }
    if (scripts.total < kMinLetters) return "";

    const auto dominant = static_cast<Script>(
        std::max_element(scripts.letters.begin(), scripts.letters.end()) - scripts.letters.begin());
    if (scripts[dominant] * 2 <= scripts.total) return "";  // no script has most letters: mixed

    // A script Gazette knows one language of decides alone; where it knows two (Serbian beside
    // Russian, Nepali beside Hindi) or the script's main language has no stemmer (Hebrew beside
    // Yiddish), the profiles pick, and an unclear pick falls back on the script's main answer.
    switch (dominant) {
        case Script::greek:
            return "el";
        case Script::arabic:
            return "ar";
        case Script::cyrillic: {
            const Verdict verdict = classify(*profiles_, sample);
            return verdict.clear() && verdict.code == "sr" ? "sr" : "ru";
        }
        case Script::devanagari: {
            const Verdict verdict = classify(*profiles_, sample);
            return verdict.clear() && verdict.code == "ne" ? "ne" : "hi";
        }
        case Script::hebrew: {
            const Verdict verdict = classify(*profiles_, sample);
            return verdict.clear() && verdict.code == "yi" ? "yi" : "";
        }
        default: {
            const Verdict verdict = classify(*profiles_, sample);
            return verdict.clear() ? verdict.code : "";
        }
    }
}

}  // namespace gazette
