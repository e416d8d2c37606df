//! JSON objects of results, counts, tallies, articles and statistics; see json_mapping.hpp.
#include "json_mapping.hpp"

#include "text.hpp"

namespace gazette {
namespace {

/// The id a result is known by in a run: the source's own number when it has one.
const std::string& shown_docno(const ArticleHit& hit) { return hit.docno.empty() ? hit.id : hit.docno; }

/// A name (an id, a path, a collection) is exact in JSON whatever its bytes: `key` holds it as
/// JSON strings must be, valid UTF-8 (dump_json() writes U+FFFD for each byte that is not),
/// and when it is not valid UTF-8, `key_bytes` holds every byte of it, percent-encoded.
void add_name(Json& json, const std::string& key, const std::string& name) {
    json[key] = name;
    if (!is_valid_utf8(name)) json[key + "_bytes"] = percent_encode_invalid(name);
}

Json passage_json(const PassageHit& passage) {
    Json highlights = Json::array();
    for (const Highlight& h : passage.highlights) highlights.push_back({h.begin, h.end});
    return Json{{"text", passage.text},
                {"line", passage.line},
                {"passage", passage.index},
                {"score", passage.score},
                {"highlights", highlights},
                {"window", {passage.window.begin, passage.window.end}}};
}

Json timeline_json(const Timeline& t) {
    Json periods = Json::array();
    Json bursts = Json::array();
    for (const Period& p : t.periods) {
        periods.push_back({{"period", p.label}, {"since", p.first.iso()}, {"until", p.last.iso()},
                           {"count", p.count}, {"burst", p.burst}});
        if (!p.burst) continue;
        bursts.push_back({{"period", p.label}, {"count", p.count}, {"title", p.burst_title},
                          {"id", p.burst_id}});
    }
    return {{"unit", to_string(t.unit)}, {"dated", t.dated}, {"undated", t.undated},
            {"periods", periods}, {"bursts", bursts}};
}

Json counts_json(const std::vector<std::pair<std::string, std::uint64_t>>& counts) {
    Json json = Json::object();
    for (const auto& [name, count] : counts) json[name.empty() ? "unknown" : name] = count;
    return json;
}

/// The story fields of `hit`: "story" (null when the article is alone), "story_size",
/// "earliest" and "other_reports" ({id, date, outlet}, oldest first).
void add_story_json(Json& json, const ArticleHit& hit) {
    Json reports = Json::array();
    for (const StoryReport& r : hit.other_reports) {
        Json report{{"date", r.date.empty() ? Json(nullptr) : Json(r.date)},
                    {"outlet", r.outlet.empty() ? Json(nullptr) : Json(r.outlet)}};
        add_name(report, "id", r.id);
        reports.push_back(std::move(report));
    }
    json["story"] = hit.story.empty() ? Json(nullptr) : Json(hit.story);
    json["story_size"] = hit.story_size;
    json["earliest"] = hit.earliest;
    json["other_reports"] = reports;
}

}  // namespace

Json parsed_query_json(const ParsedQuery& parsed) {
    Json terms = Json::array();
    for (const auto& [term, words] : parsed.terms) terms.push_back({{"term", term}, {"words", words}});
    return Json{{"language", parsed.language}, {"query", parsed.query},     {"terms", terms},
                {"phrases", parsed.phrases},   {"filters", parsed.filters}, {"stopwords", parsed.stopwords}};
}

Json did_you_mean_json(const SearchResults& results) {
    Json words = Json::array();
    for (const SpellingSuggestion& s : results.suggestions) {
        words.push_back({{"word", s.word},
                         {"articles", s.articles},
                         {"suggestion", s.suggestion},
                         {"suggestion_articles", s.suggestion_articles}});
    }
    return Json{{"query", results.corrected_query}, {"words", words}};
}

Json expansion_json(const std::vector<std::pair<std::string, double>>& expansion) {
    Json out = Json::array();
    for (const auto& [term, weight] : expansion) out.push_back({{"term", term}, {"weight", weight}});
    return out;
}

Json listed_json(const ArticleHit& article) {
    Json json{{"title", article.title},
              {"date", article.date.empty() ? Json(nullptr) : Json(article.date)},
              {"time", article.time.empty() ? Json(nullptr) : Json(article.time)},
              {"date_source", article.date_source},
              {"line", article.line},
              {"lang", article.language},
              {"outlet", article.outlets.empty() ? Json(nullptr) : Json(article.outlets.front())},
              {"outlets", article.outlets},
              {"story", article.story.empty() ? Json(nullptr) : Json(article.story)}};
    add_name(json, "id", article.id);
    add_name(json, "docno", shown_docno(article));
    add_name(json, "path", article.path);
    add_name(json, "collection", article.collection);
    return json;
}

Json hit_json(const ArticleHit& hit) {
    Json passages = Json::array();
    for (const PassageHit& p : hit.passages) passages.push_back(passage_json(p));
    Json json = listed_json(hit);
    json["rank"] = hit.rank;
    json["score"] = hit.score;
    json["line"] = hit.passages.empty() ? hit.line : hit.passages.front().line;
    json["more_passages"] = hit.more_passages;
    add_story_json(json, hit);
    if (hit.containment) {
        json["containment"] = *hit.containment;
        json["contains_text"] = hit.contains_text;
    }
    const Json best = hit.passages.empty() ? Json::object() : passage_json(hit.passages.front());
    if (!hit.explanation.empty()) {
        Json explain = Json::object();
        for (const auto& [part, value] : hit.explanation) explain[part] = value;
        json["explain"] = explain;
    }
    if (!hit.term_weights.empty()) {
        Json terms = Json::object();
        for (const auto& [term, value] : hit.term_weights) terms[term] = value;
        json["explain_terms"] = terms;
    }
    json["text"] = best.value("text", "");
    json["highlights"] = best.value("highlights", Json::array());
    json["window"] = best.value("window", Json::array());
    json["passages"] = passages;
    return json;
}

Json results_json(const SearchResults& results) {
    Json hits = Json::array();
    for (const ArticleHit& hit : results.hits) hits.push_back(hit_json(hit));
    Json json{{"query", results.query},
              {"matches", results.matches_lower},
              {"matches_exact", results.matches_exact},
              {"matches_estimated", results.matches_estimated},
              {"matches_unit", results.unit == ResultUnit::passage ? "passages"
                               : results.collapsed                 ? "stories"
                                                                   : "articles"},
              {"results", hits}};
    Json parsed = Json::array();
    for (const ParsedQuery& p : results.parsed) parsed.push_back(parsed_query_json(p));
    json["parsed_query"] = parsed;
    if (!results.expansion.empty()) json["expansion"] = expansion_json(results.expansion);
    if (!results.suggestions.empty()) json["did_you_mean"] = did_you_mean_json(results);
    if (!results.missing_shards.empty()) json["missing_shards"] = results.missing_shards;
    return json;
}

Json count_json(const SearchResults& results) {
    const char* unit = results.unit == ResultUnit::passage ? "passages"
                       : results.collapsed                 ? "stories"
                                                           : "articles";
    return Json{{"query", results.query}, {"count", results.matches_lower}, {"unit", unit}};
}

Json tally_json(const Tally& tally) {
    Json json{{"query", tally.query}, {"count", tally.total}};
    if (!tally.facets.empty()) {
        Json facets = Json::object();
        for (const Facet& f : tally.facets) {
            Json values = Json::array();
            for (const FacetValue& v : f.values) values.push_back({{"value", v.value}, {"count", v.count}});
            facets[f.name] = {{"values", values}, {"distinct", f.distinct}, {"without", f.without}};
        }
        json["facets"] = facets;
    }
    if (tally.timeline) json["timeline"] = timeline_json(*tally.timeline);
    return json;
}

Json article_json(const ArticleHit& article) {
    Json json = hit_json(article);
    for (const char* key : {"rank", "score", "text", "highlights", "window", "more_passages", "containment",
                            "contains_text"}) {
        json.erase(key);
    }
    json["line"] = article.line;
    for (Json& passage : json["passages"]) {
        for (const char* key : {"score", "highlights", "window"}) passage.erase(key);
    }
    return json;
}

Json stats_json(const DatabaseStats& stats) {
    Json json{{"path", stats.path},
              {"schema_version", stats.schema_version},
              {"articles", stats.articles},
              {"passages", stats.passages},
              {"files", stats.files},
              {"shards", stats.shards},
              {"first_date", stats.first_date},
              {"last_date", stats.last_date},
              {"undated_articles", stats.undated_articles},
              {"languages", counts_json(stats.languages)},
              {"sources", counts_json(stats.collections)},
              {"date_sources", counts_json(stats.date_sources)},
              {"outlets", counts_json(stats.outlets)},
              {"articles_without_outlet", stats.articles_without_outlet},
              {"bytes_on_disk", stats.bytes_on_disk}};
    if (!stats.remote_shards.empty()) {
        Json remote = Json::object();
        for (const auto& [name, address] : stats.remote_shards) remote[name] = address;
        json["remote_shards"] = remote;
    }
    if (!stats.missing_shards.empty()) json["missing_shards"] = stats.missing_shards;
    return json;
}

std::string dump_json(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace gazette
