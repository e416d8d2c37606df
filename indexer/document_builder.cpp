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
                         const std::string& collection, const nlohmann::json& passages) {
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

nlohmann::json passage_entry(const Passage& passage) {
    return {{"text", passage.text}, {"line", passage.line}};
}

}  // namespace

DocumentBuilder::DocumentBuilder(BuildOptions options, schema::DataCompressor* compressor)
    : options_(std::move(options)), compressor_(compressor) {
    generator_.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
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

BuiltArticle DocumentBuilder::build(const Article& article, const std::string& collection,
                                    const std::string& file_term) {
    const LanguageSetup& language = language_for(article.language);
    generator_.set_stemmer(language.stem);
    // Every word is indexed as its stem (STEM_ALL); a language without a stemmer (Chinese,
    // Japanese, "none") keeps its words as they are, which STEM_ALL alone would drop.
    generator_.set_stemming_strategy(language.stem.is_none() ? Xapian::TermGenerator::STEM_NONE
                                                             : Xapian::TermGenerator::STEM_ALL);
    const std::vector<Passage> passages = split_passages(article.paragraphs, options_.passages);

    BuiltArticle built;
    built.language = language.code;
    const std::string key = schema::article_key(article.id);
    built.id_term = std::string(schema::kPrefixId) + key;

    Xapian::Document& doc = built.document;
    generator_.set_document(doc);
    generator_.index_text(article.title, 1, std::string(schema::kPrefixTitle));
    generator_.increase_termpos();
    const Xapian::termpos title_first = generator_.get_termpos() + 1;
    generator_.index_text(article.title, options_.title_weight);
    const Xapian::termpos title_last = generator_.get_termpos();

    nlohmann::json entries = nlohmann::json::array();
    std::vector<schema::PassageRange> ranges;
    for (const Passage& passage : passages) {
        generator_.increase_termpos();
        const Xapian::termpos first = generator_.get_termpos() + 1;
        generator_.index_text(passage.text);
        entries.push_back(passage_entry(passage));
        ranges.push_back({first, generator_.get_termpos()});
    }
    // A story that is all headline (a wire "brief") still gets a passage, so it can be shown.
    if (passages.empty() && !article.title.empty()) {
        entries.push_back(passage_entry(Passage{article.title, article.line, 0}));
        ranges.push_back({title_first, title_last});
    }
    built.passages = entries.size();
    doc.add_value(schema::kSlotPassageRanges, schema::encode_passage_ranges(ranges));

    doc.add_boolean_term(built.id_term);
    doc.add_boolean_term(file_term);
    doc.add_value(schema::kSlotArticle, key);
    doc.add_value(schema::kSlotPassages,
                  Xapian::sortable_serialise(static_cast<double>(built.passages)));
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
    doc.add_value(schema::kSlotDateSource, std::string(to_string(article.date_source)));
    std::string data = article_data(article, language.code, collection, entries);
    doc.set_data(compressor_ != nullptr ? compressor_->encode(std::move(data)) : std::move(data));
    schema::move_positions_to_slot(doc);
    return built;
}

}  // namespace gazette
