//! The Snowball stemmer adapter: libstemmer's algorithms as a Xapian::Stem.
//!
//! Entry point: make_stemmer(). Xapian 1.4 bundles fewer Snowball algorithms than libstemmer
//! (no Greek, Hindi, Serbian or Yiddish), so Gazette always stems through libstemmer, wrapped as
//! a Xapian::StemImplementation. The same Xapian::Stem object serves TermGenerator, QueryParser
//! and snippet highlighting, so a word is stemmed identically everywhere.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

struct sb_stemmer;

namespace gazette {

class SnowballStemmer : public Xapian::StemImplementation {
  public:
    /// Throws UsageError when libstemmer has no algorithm of that name.
    explicit SnowballStemmer(std::string algorithm);
    ~SnowballStemmer() override;
    SnowballStemmer(const SnowballStemmer&) = delete;
    SnowballStemmer& operator=(const SnowballStemmer&) = delete;

    std::string operator()(const std::string& word) override;
    std::string get_description() const override;

  private:
    std::string stem(const std::string& word);

    /// Words already stemmed, direct-mapped by hash: a text repeats its commonest words over
    /// and over (Zipf), and a slot holding short strings inline costs one cache line, where
    /// running the algorithm costs far more. A word whose slot another took is stemmed again.
    /// 16,384 slots (1 MB) indexed BBC 2-4% faster than 4,096 and 1,024 (docs/performance.md).
    struct Slot {
        std::string word;
        std::string stem;
    };
    static constexpr std::size_t kSlots = 1 << 14;

    std::string algorithm_;
    sb_stemmer* stemmer_ = nullptr;
    std::vector<Slot> slots_;
};

/// A Xapian::Stem for a language name or code (see find_language); an empty Xapian::Stem (no
/// stemming) for "none", "" and the CJK languages. Throws UsageError for an unknown language.
/// A libstemmer stemmer is not thread-safe: make one per thread.
Xapian::Stem make_stemmer(std::string_view language);

}  // namespace gazette
