//! Script rules and n-gram scoring behind LanguageDetector; see language_detector.hpp.
#include "language_detector.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstdint>
#include <fstream>
#include <sstream>

#include "errors.hpp"
#include "language.hpp"

namespace gazette {
namespace detail {

/// Every fingerprint fpdb.conf lists, inverted: for each n-gram, the profiles holding it and its
/// rank there, so that one pass over an article's n-grams scores all profiles at once.
struct LanguageProfiles {
    struct Posting {
        std::uint16_t profile;
        std::uint16_t rank;
    };
    /// An open-addressing slot: an n-gram's key (0 when empty) and its postings.
    struct Slot {
        std::uint64_t key = 0;
        std::uint32_t begin = 0;
        std::uint32_t end = 0;
    };
    std::vector<std::string> codes;  // per profile: the Gazette code, "" where Gazette has none
    std::vector<Posting> postings;   // grouped by n-gram
    std::vector<Slot> index;         // power-of-two size, at most half full

    const Slot& find(std::uint64_t key) const {
        const std::size_t mask = index.size() - 1;
        std::size_t slot = key & mask;
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

// ---- UTF-8 and scripts ----------------------------------------------------------------------

std::size_t utf8_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    return 1;  // a stray continuation byte or invalid lead: one byte, never a letter
}

/// Decodes the code point at `pos` and advances past it; invalid sequences yield U+FFFD.
char32_t next_code_point(std::string_view text, std::size_t& pos) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    const std::size_t length = utf8_length(lead);
    if (length == 1) {
        ++pos;
        return lead < 0x80 ? char32_t{lead} : char32_t{0xFFFD};
    }
    if (pos + length > text.size()) {
        pos = text.size();
        return 0xFFFD;
    }
    char32_t code = lead & (0x7Fu >> length);
    for (std::size_t i = 1; i < length; ++i) {
        const auto next = static_cast<unsigned char>(text[pos + i]);
        if ((next & 0xC0) != 0x80) {
            ++pos;
            return 0xFFFD;
        }
        code = (code << 6) | (next & 0x3Fu);
    }
    pos += length;
    return code;
}

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
    if (sample.size() > kSampleBytes) {
        std::size_t cut = kSampleBytes;
        while (cut > 0 && (static_cast<unsigned char>(sample[cut]) & 0xC0) == 0x80) --cut;
        sample.resize(cut);
    }
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
        chars += (static_cast<unsigned char>(byte) & 0xC0) != 0x80;
    }
    return ngram_key(hash, chars);
}

/// Per-thread working memory, kept between calls so that a detection allocates nothing.
struct Scratch {
    // N-gram counts by key, open addressing; keys and counts apart so that probing touches less.
    std::vector<std::uint64_t> keys = std::vector<std::uint64_t>(8192);
    std::vector<std::uint32_t> counts = std::vector<std::uint32_t>(8192);
    std::size_t mask = 8191;              // keys.size() - 1
    std::vector<std::uint32_t> occupied;  // the slots in use, in order of first occurrence
    std::string padded;                   // the sample as "_word_word_", see count_ngrams()
    std::vector<std::uint32_t> starts;    // where each of its characters starts, then its end
    std::vector<std::uint64_t> order;     // rank keys, see rank_ngrams()
    std::vector<std::uint64_t> ranked;    // keys of the top n-grams, most frequent first

    void clear() {
        for (const std::uint32_t slot : occupied) keys[slot] = 0;
        occupied.clear();
    }

    /// Keeps the table at most half full after `more` new n-grams.
    void reserve(std::size_t more) {
        while ((occupied.size() + more) * 2 > keys.size()) grow();
    }

    void add(std::uint64_t key) {
        const std::size_t slot = find(key);
        if (keys[slot] == 0) {
            keys[slot] = key;
            counts[slot] = 0;
            occupied.push_back(static_cast<std::uint32_t>(slot));
        }
        ++counts[slot];
    }

    std::size_t find(std::uint64_t key) const {
        std::size_t slot = key & mask;
        while (keys[slot] != 0 && keys[slot] != key) slot = (slot + 1) & mask;
        return slot;
    }

    void grow() {
        std::vector<std::uint64_t> old_keys(keys.size() * 2);
        std::vector<std::uint32_t> old_counts(counts.size() * 2);
        old_keys.swap(keys);
        old_counts.swap(counts);
        mask = keys.size() - 1;
        for (std::uint32_t& slot : occupied) {
            const std::size_t moved = find(old_keys[slot]);
            keys[moved] = old_keys[slot];
            counts[moved] = old_counts[slot];
            slot = static_cast<std::uint32_t>(moved);
        }
    }
};

Scratch& scratch() {
    thread_local Scratch instance;
    return instance;
}

bool separates_words(char c) {
    // textcat's tokenisation: ASCII white space and digits separate words; punctuation is part
    // of them. The fingerprints were made that way, so the article must be cut the same way.
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v' ||
           (c >= '0' && c <= '9');
}

/// Counts the 1- to 5-character n-grams of each word, as textcat does: the text becomes
/// "_word_word_" (each run of separators one '_'), and an n-gram may hold a '_' only at its ends.
void count_ngrams(std::string_view text, Scratch& work) {
    work.clear();
    std::string& padded = work.padded;
    std::vector<std::uint32_t>& starts = work.starts;  // where each character starts
    padded.assign(1, '_');
    starts.assign(1, 0);
    for (std::size_t pos = 0; pos < text.size();) {
        if (separates_words(text[pos])) {
            if (padded.back() != '_') {
                starts.push_back(static_cast<std::uint32_t>(padded.size()));
                padded.push_back('_');
            }
            ++pos;
            continue;
        }
        const std::size_t length =
            std::min(utf8_length(static_cast<unsigned char>(text[pos])), text.size() - pos);
        starts.push_back(static_cast<std::uint32_t>(padded.size()));
        padded.append(text.substr(pos, length));
        pos += length;
    }
    if (padded.back() != '_') {
        starts.push_back(static_cast<std::uint32_t>(padded.size()));
        padded.push_back('_');
    }
    const std::size_t chars = starts.size();
    starts.push_back(static_cast<std::uint32_t>(padded.size()));

    // At most kMaxNgramChars new n-grams start at each character: make room for all at once.
    work.reserve(chars * kMaxNgramChars);
    const char* const bytes = padded.data();
    // The closing '_' starts no n-gram: it would be the opening one of a next word.
    for (std::size_t start = 0; start + 1 < chars; ++start) {
        std::uint64_t hash = kHashSeed;
        const char* byte = bytes + starts[start];
        const std::size_t end = std::min(start + kMaxNgramChars, chars);
        for (std::size_t i = start; i < end; ++i) {
            const bool word_end = i > start && *byte == '_';
            for (const char* const next = bytes + starts[i + 1]; byte < next; ++byte) {
                hash = hash_byte(hash, *byte);
            }
            work.add(ngram_key(hash, i - start + 1));
            if (word_end) break;
        }
    }
}

/// The keys of the sample's most frequent n-grams, in rank order: by count, ties to the
/// shorter n-gram (as textcat's authors suggest), then to the one that occurs first. One 64-bit
/// key per n-gram encodes that order, so that ranking is a plain integer selection.
const std::vector<std::uint64_t>& rank_ngrams(Scratch& work) {
    work.order.resize(work.occupied.size());
    for (std::size_t i = 0; i < work.occupied.size(); ++i) {
        const std::uint32_t slot = work.occupied[i];
        work.order[i] = (std::uint64_t{UINT32_MAX - work.counts[slot]} << 32) |
                        (std::uint64_t{key_chars(work.keys[slot])} << 28) | i;
    }
    if (work.order.size() > kProfileSize) {
        std::nth_element(work.order.begin(), work.order.begin() + kProfileSize, work.order.end());
        work.order.resize(kProfileSize);
    }
    std::sort(work.order.begin(), work.order.end());
    work.ranked.clear();
    for (const std::uint64_t key : work.order) {
        work.ranked.push_back(work.keys[work.occupied[key & 0xFFFFFFF]]);
    }
    return work.ranked;
}

struct Verdict {
    std::string code;  // the nearest profile's Gazette code, "" when Gazette has none
    double lead = 0;   // how much nearer it is than any other answer, relative to its distance
    double distance = 1;  // its distance relative to the farthest possible, 0 to 1

    bool clear() const { return lead >= kMinMargin && distance <= kMaxDistance; }
};

/// Scores every profile by its out-of-place distance to the sample and names the nearest.
Verdict classify(const LanguageProfiles& profiles, std::string_view text) {
    Scratch& work = scratch();
    count_ngrams(text, work);
    const std::vector<std::uint64_t>& ranked = rank_ngrams(work);
    if (ranked.empty()) return {};

    // Every n-gram starts fully out of place; each one a profile holds earns back the difference.
    const auto worst = static_cast<std::uint32_t>(ranked.size()) * kOutOfPlace;
    std::vector<std::uint32_t> distance(profiles.codes.size(), worst);
    for (std::size_t rank = 0; rank < ranked.size(); ++rank) {
        const LanguageProfiles::Slot& found = profiles.find(ranked[rank]);
        for (std::uint32_t i = found.begin; i < found.end; ++i) {
            const LanguageProfiles::Posting posting = profiles.postings[i];
            const int gap = std::abs(int{posting.rank} - static_cast<int>(rank));
            distance[posting.profile] -= kOutOfPlace - static_cast<std::uint32_t>(gap);
        }
    }

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

/// Groups the entries by n-gram into postings and indexes the groups by key.
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
        const std::size_t mask = size - 1;
        std::size_t slot = key & mask;
        while (profiles.index[slot].key != 0) slot = (slot + 1) & mask;
        profiles.index[slot] = {key, begin, static_cast<std::uint32_t>(profiles.postings.size())};
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
