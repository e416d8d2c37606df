//! Article and passage documents as schema.hpp defines them; see document_builder.hpp.
#include "document_builder.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "errors.hpp"
#include "language.hpp"
#include "schema.hpp"
#include "stemmer.hpp"

namespace gazette {
namespace {

std::string article_data(const Article& article, const std::string& language,
                         const std::string& collection, std::size_t passages) {
    nlohmann::json data = {
        {"id", article.id},
        {"docno", article.docno},
        {"title", article.title},
        {"date", article.date ? article.date->iso() : ""},
        {"date_source", std::string(to_string(article.date_source))},
        {"path", article.path},
        {"line", article.line},
        {"lang", language},
        {"collection", collection},
        {"passages", passages},
    };
    return data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string passage_data(const Passage& passage) {
    nlohmann::json data = {{"text", passage.text}, {"line", passage.line}};
    return data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

DocumentBuilder::DocumentBuilder(BuildOptions options) : options_(std::move(options)) {
    generator_.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    // Validate the default language now, so a bad --language fails before any input is read.
    language_for(options_.default_language);
}

const DocumentBuilder::LanguageSetup& DocumentBuilder::language_for(const std::string& requested) {
    const std::string& name = requested.empty() ? options_.default_language : requested;
    auto it = languages_.find(name);
    if (it != languages_.end()) return it->second;
    const auto language = find_language(name);
    if (!language) throw UsageError("unknown language '" + name + "'");
    LanguageSetup setup{language->code, make_stemmer(name)};
    return languages_.emplace(name, std::move(setup)).first->second;
}

void DocumentBuilder::add_common(Xapian::Document& doc, const Article& article,
                                 const LanguageSetup& language, const std::string& collection,
                                 const std::string& file_term) const {
    doc.add_boolean_term(file_term);
    const std::string key = schema::article_key(article.id);
    doc.add_value(schema::kSlotArticle, key);
    if (article.date) {
        const std::string compact = article.date->compact();
        doc.add_value(schema::kSlotDate, compact);
        doc.add_boolean_term(std::string(schema::kPrefixDate) + compact);
        doc.add_boolean_term(std::string(schema::kPrefixMonth) + compact.substr(0, 6));
        doc.add_boolean_term(std::string(schema::kPrefixYear) + compact.substr(0, 4));
    }
    if (!language.code.empty()) {
        doc.add_value(schema::kSlotLanguage, language.code);
        doc.add_boolean_term(std::string(schema::kPrefixLanguage) + language.code);
    }
    doc.add_value(schema::kSlotCollection, collection);
    doc.add_boolean_term(schema::field_term(schema::kPrefixSource, collection));
    for (const std::string& outlet : article.outlets) {
        doc.add_boolean_term(schema::field_term(schema::kPrefixSource, outlet));
    }
}

BuiltArticle DocumentBuilder::build(const Article& article, const std::string& collection,
                                    const std::string& file_term) {
    const LanguageSetup& language = language_for(article.language);
    generator_.set_stemmer(language.stem);
    std::vector<Passage> passages = split_passages(article.paragraphs, options_.passages);
    // A story that is all headline (a wire "brief") still gets a passage, so it can be shown.
    if (passages.empty() && !article.title.empty()) {
        passages.push_back(Passage{article.title, article.line, 0});
    }

    BuiltArticle built;
    built.language = language.code;
    const std::string key = schema::article_key(article.id);
    built.id_term = std::string(schema::kPrefixId) + key;
    built.parent_term = std::string(schema::kPrefixParent) + key;

    Xapian::Document& doc = built.article;
    generator_.set_document(doc);
    generator_.index_text(article.title, 1, std::string(schema::kPrefixTitle));
    generator_.increase_termpos();
    generator_.index_text(article.title, options_.title_weight);
    for (const Paragraph& paragraph : article.paragraphs) {
        generator_.increase_termpos();
        generator_.index_text(paragraph.text);
    }
    doc.add_boolean_term(built.id_term);
    add_common(doc, article, language, collection, file_term);
    doc.add_value(schema::kSlotDateSource, std::string(to_string(article.date_source)));
    doc.set_data(article_data(article, language.code, collection, passages.size()));

    built.passages.reserve(passages.size());
    for (const Passage& passage : passages) {
        Xapian::Document& pdoc = built.passages.emplace_back();
        generator_.set_document(pdoc);
        // The title's prefixed terms make `title:` queries and title filters work on passages.
        generator_.index_text_without_positions(article.title, 1, std::string(schema::kPrefixTitle));
        generator_.index_text(passage.text);
        pdoc.add_boolean_term(built.parent_term);
        pdoc.add_value(schema::kSlotPassage, Xapian::sortable_serialise(passage.index));
        add_common(pdoc, article, language, collection, file_term);
        pdoc.set_data(passage_data(passage));
    }
    return built;
}

}  // namespace gazette
