//! The Snowball stemmer adapter: libstemmer's algorithms as a Xapian::Stem.
//!
//! Entry point: make_stemmer(). Xapian 1.4 bundles fewer Snowball algorithms than libstemmer
//! (no Greek, Hindi, Serbian or Yiddish), so Gazette always stems through libstemmer, wrapped as
//! a Xapian::StemImplementation. The same Xapian::Stem object serves TermGenerator, QueryParser
//! and snippet highlighting, so a word is stemmed identically everywhere.
#pragma once

#include <string>
#include <string_view>

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
    std::string algorithm_;
    sb_stemmer* stemmer_ = nullptr;
};

/// A Xapian::Stem for a language name or code (see find_language); an empty Xapian::Stem (no
/// stemming) for "none", "" and the CJK languages. Throws UsageError for an unknown language.
/// A libstemmer stemmer is not thread-safe: make one per thread.
Xapian::Stem make_stemmer(std::string_view language);

}  // namespace gazette
