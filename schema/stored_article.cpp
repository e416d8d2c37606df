//! An article's document data as JSON; see stored_article.hpp.
#include "stored_article.hpp"

#include <array>
#include <utility>

#include <nlohmann/json.hpp>

#include "text.hpp"

namespace gazette::schema {
namespace {

using Json = nlohmann::json;

// The keys and the members they hold. The number keys and the passages are handled by name below.
constexpr std::array<std::pair<const char*, std::string StoredArticle::*>, 8> kTextKeys = {{
    {"id", &StoredArticle::id},
    {"docno", &StoredArticle::docno},
    {"title", &StoredArticle::title},
    {"date", &StoredArticle::date},
    {"date_source", &StoredArticle::date_source},
    {"path", &StoredArticle::path},
    {"lang", &StoredArticle::language},
    {"collection", &StoredArticle::collection},
}};
// Written only when not empty, so articles without them are stored as before.
constexpr const char* kTimeKey = "time";
constexpr const char* kOutletsKey = "outlets";
constexpr const char* kLineKey = "line";
constexpr const char* kPassagesKey = "passages";
constexpr const char* kPassageTextKey = "text";
constexpr const char* kPassageLineKey = "line";
/// After a text key: the exact bytes of a value that is not valid UTF-8, percent-encoded.
constexpr const char* kBytesSuffix = "_bytes";

/// `json[key]` as a T, or `fallback` when it is missing or of another type.
template <typename T>
T get_or(const Json& json, const char* key, T fallback) {
    auto it = json.find(key);
    if (it == json.end() || it->is_null()) return fallback;
    try {
        return it->get<T>();
    } catch (const Json::exception&) {
        return fallback;
    }
}

}  // namespace

std::string encode_stored_article(const StoredArticle& article) {
    Json passages = Json::array();
    for (const StoredPassage& passage : article.passages) {
        passages.push_back({{kPassageTextKey, passage.text}, {kPassageLineKey, passage.line}});
    }
    Json data = Json::object();
    for (const auto& [key, member] : kTextKeys) {
        const std::string& value = article.*member;
        data[key] = value;
        if (!is_valid_utf8(value)) {
            data[std::string(key) + kBytesSuffix] = percent_encode_invalid(value);
        }
    }
    data[kLineKey] = article.line;
    if (!article.time.empty()) data[kTimeKey] = article.time;
    if (!article.outlets.empty()) data[kOutletsKey] = article.outlets;
    data[kPassagesKey] = std::move(passages);
    return data.dump(-1, ' ', false, Json::error_handler_t::replace);
}

StoredArticle decode_stored_article(std::string_view json) {
    StoredArticle article;
    const Json data = Json::parse(json, nullptr, false);
    if (data.is_discarded()) return article;
    for (const auto& [key, member] : kTextKeys) {
        article.*member = get_or<std::string>(data, key, article.*member);
        const std::string bytes_key = std::string(key) + kBytesSuffix;
        const std::string bytes = get_or<std::string>(data, bytes_key.c_str(), "");
        if (!bytes.empty()) article.*member = percent_decode(bytes);
    }
    article.line = get_or<std::uint32_t>(data, kLineKey, article.line);
    article.time = get_or<std::string>(data, kTimeKey, "");
    if (auto outlets = data.find(kOutletsKey); outlets != data.end() && outlets->is_array()) {
        for (const Json& outlet : *outlets) {
            if (outlet.is_string()) article.outlets.push_back(outlet.get<std::string>());
        }
    }
    auto it = data.find(kPassagesKey);
    if (it == data.end() || !it->is_array()) return article;
    for (const Json& entry : *it) {
        StoredPassage passage;
        passage.text = get_or<std::string>(entry, kPassageTextKey, "");
        passage.line = get_or<std::uint32_t>(entry, kPassageLineKey, 0);
        article.passages.push_back(std::move(passage));
    }
    return article;
}

}  // namespace gazette::schema
