//! Article and passage documents as schema.hpp defines them; see document_builder.hpp.
#include "document_builder.hpp"

#include <algorithm>
#include <cctype>

#include "errors.hpp"
#include "language.hpp"
#include "schema.hpp"
#include "stemmer.hpp"
#include "stopwords.hpp"
#include "story_features.hpp"
#include "stored_article.hpp"

namespace gazette {
namespace {

/// The document data of `article` (stored_article.hpp), its passages still to be added.
schema::StoredArticle stored_article(const Article& article, const std::string& language,
                                     const std::string& collection) {
    schema::StoredArticle stored;
    stored.id = article.id;
    stored.docno = article.docno;
    stored.title = article.title;
    stored.date = article.date ? article.date->iso() : "";
    stored.time = article.date && article.time ? article.time->iso() : "";
    stored.date_source = std::string(to_string(article.date_source));
    stored.path = article.path;
    stored.line = article.line;
    stored.language = language;
    stored.collection = collection;
    stored.outlets = article.outlets;
    return stored;
}

}  // namespace

DocumentBuilder::DocumentBuilder(BuildOptions options, schema::DataCompressor* compressor)
    : options_(std::move(options)), compressor_(compressor) {
    generator_.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    lead_generator_.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    // Validate the default language now, so a bad --language fails before any input is read.
    language_for(options_.default_language);
}

const DocumentBuilder::LanguageSetup& DocumentBuilder::language_for(const std::string& requested) {
    const std::string& name = requested.empty() ? options_.default_language : requested;
    auto it = languages_.find(name);
    if (it != languages_.end()) return it->second;
    const auto language = find_language(name);
    if (!language) throw UsageError("unknown language '" + name + "'");
    LanguageSetup setup{language->code, make_stemmer(name),
                        make_stopper(load_stopwords(language->code))};
    return languages_.emplace(name, std::move(setup)).first->second;
}

BuiltArticle DocumentBuilder::build(const Article& article, const std::string& collection,
                                    const std::string& file_term) {
    const LanguageSetup& language = language_for(article.language);
    generator_.set_stemmer(language.stem);
    // Every word is indexed as its stem (STEM_ALL); a language without a stemmer (Chinese,
    // Japanese, "none") keeps its words as they are, which STEM_ALL alone would drop.
    generator_.set_stemming_strategy(language.stem.is_none() ? Xapian::TermGenerator::STEM_NONE
                                                             : Xapian::TermGenerator::STEM_ALL);
    BuiltArticle built;
    built.language = language.code;
    const std::string key = schema::article_key(article.id);
    built.id_term = schema::id_term_of_key(key);
    schema::StoredArticle stored = stored_article(article, language.code, collection);

    Xapian::Document& doc = built.document;
    index_words(article, doc, stored.passages);
    built.passages = stored.passages.size();
    doc.add_boolean_term(built.id_term);
    doc.add_boolean_term(file_term);
    doc.add_value(schema::kSlotArticle, key);
    doc.add_value(schema::kSlotPassages,
                  Xapian::sortable_serialise(static_cast<double>(built.passages)));
    add_fields(article, language.code, collection, doc);
    add_story_features(article, language, doc);
    std::string data = schema::encode_stored_article(stored);
    doc.set_data(compressor_ != nullptr ? compressor_->encode(std::move(data)) : std::move(data));
    schema::move_positions_to_slot(doc);
    return built;
}

void DocumentBuilder::index_words(const Article& article, Xapian::Document& doc,
                                  std::vector<schema::StoredPassage>& stored) {
    generator_.set_document(doc);
    generator_.index_text(article.title, 1, std::string(schema::kPrefixTitle));
    generator_.increase_termpos();
    const Xapian::termpos title_first = generator_.get_termpos() + 1;
    generator_.index_text(article.title, options_.title_weight);
    const Xapian::termpos title_last = generator_.get_termpos();

    std::vector<schema::PassageRange> ranges;
    for (Passage& passage : split_passages(article.paragraphs, options_.passages)) {
        generator_.increase_termpos();
        const Xapian::termpos first = generator_.get_termpos() + 1;
        generator_.index_text(passage.text);
        ranges.push_back({first, generator_.get_termpos()});
        stored.push_back({std::move(passage.text), passage.line});
    }
    // A story that is all headline (a wire "brief") still gets a passage, so it can be shown.
    if (stored.empty() && !article.title.empty()) {
        stored.push_back({article.title, article.line});
        ranges.push_back({title_first, title_last});
    }
    doc.add_value(schema::kSlotPassageRanges, schema::encode_passage_ranges(ranges));
}

void DocumentBuilder::add_story_features(const Article& article, const LanguageSetup& language,
                                         Xapian::Document& doc) {
    lead_generator_.set_stemmer(language.stem);
    lead_generator_.set_stemming_strategy(language.stem.is_none() ? Xapian::TermGenerator::STEM_NONE
                                                                  : Xapian::TermGenerator::STEM_ALL);
    lead_generator_.set_stopper(language.stopper.get());
    lead_generator_.set_stopper_strategy(Xapian::TermGenerator::STOP_ALL);
    StoryFeatures features = StoryFeatures::of(article, lead_generator_);
    if (!features.fingerprint.empty()) doc.add_value(schema::kSlotFingerprint, features.fingerprint);
    if (!features.lead.empty()) doc.add_value(schema::kSlotLead, features.lead);
    for (const std::string& term : features.terms) doc.add_boolean_term(term);
}

void DocumentBuilder::add_fields(const Article& article, const std::string& language,
                                 const std::string& collection, Xapian::Document& doc) {
    if (article.date) {
        const Date& date = *article.date;
        doc.add_value(schema::kSlotDate, date.compact());
        doc.add_value(schema::kSlotDateTime,
                      article.time ? date.compact() + article.time->compact() : date.compact());
        doc.add_boolean_term(schema::date_term(date));
        doc.add_boolean_term(schema::month_term(date.year, date.month));
        doc.add_boolean_term(schema::year_term(date.year));
    }
    if (!language.empty()) {
        doc.add_value(schema::kSlotLanguage, language);
        doc.add_boolean_term(schema::language_term(language));
    }
    doc.add_value(schema::kSlotCollection, collection);
    doc.add_boolean_term(schema::source_term(collection));
    for (const std::string& outlet : article.outlets) {
        doc.add_boolean_term(schema::source_term(outlet));
        doc.add_boolean_term(schema::outlet_term(outlet));
    }
    if (!article.outlets.empty()) doc.add_value(schema::kSlotOutlet, article.outlets.front());
    doc.add_value(schema::kSlotDateSource, std::string(to_string(article.date_source)));
}

}  // namespace gazette
