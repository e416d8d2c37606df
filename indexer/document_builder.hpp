//! Turning an article into its Xapian document: terms, values and data as schema.hpp says.
//!
//! Entry point: DocumentBuilder::build(). Each builder owns its TermGenerator and stemmers, so
//! every indexing thread makes its own. The terms and values written follow schema.hpp.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "article.hpp"
#include "article_data.hpp"
#include "passages.hpp"
#include "stored_article.hpp"

namespace gazette {

struct BuildOptions {
    /// Language for articles whose reader did not name one (a find_language() name or code).
    std::string default_language = "english";
    /// Title words are indexed this many times over in the unprefixed (whole-text) field.
    Xapian::termcount title_weight = 2;
    PassageOptions passages;
};

/// An article's document, ready for the writer.
struct BuiltArticle {
    std::string id_term;   // the document's unique Q term
    std::string language;  // ISO 639-1 code the article was stemmed in ("" for none)
    Xapian::Document document;
    std::size_t passages = 0;
};

class DocumentBuilder {
  public:
    /// Article data is compressed by `compressor` when given (it must outlive the builder).
    explicit DocumentBuilder(BuildOptions options, schema::DataCompressor* compressor = nullptr);

    /// `collection` names the input the article came from; `file_term` is its XF term.
    BuiltArticle build(const Article& article, const std::string& collection,
                       const std::string& file_term);

  private:
    struct LanguageSetup {
        std::string code;
        Xapian::Stem stem;
        std::shared_ptr<Xapian::SimpleStopper> stopper;  // for the lead (story_features.hpp)
    };
    const LanguageSetup& language_for(const std::string& requested);
    /// Indexes the title and the passages of `article` into `doc`, with their positions and
    /// passage ranges, and lists the passages in `stored` as the document data keeps them.
    void index_words(const Article& article, Xapian::Document& doc,
                     std::vector<schema::StoredPassage>& stored);
    /// Adds what the story pass compares `article` by (story_features.hpp).
    void add_story_features(const Article& article, const LanguageSetup& language,
                            Xapian::Document& doc);
    /// Adds the boolean fields and the values of `article`, stemmed in `language`.
    static void add_fields(const Article& article, const std::string& language,
                           const std::string& collection, Xapian::Document& doc);

    BuildOptions options_;
    schema::DataCompressor* compressor_;
    Xapian::TermGenerator generator_;
    Xapian::TermGenerator lead_generator_;  // stems of the lead, stopwords left out
    std::map<std::string, LanguageSetup> languages_;
};

}  // namespace gazette
