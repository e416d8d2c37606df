//! The API's endpoints and parameters; see api.hpp.
#include "api.hpp"

#include <algorithm>
#include <new>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "errors.hpp"
#include "json_mapping.hpp"
#include "numbers.hpp"
#include "program.hpp"
#include "schema.hpp"
#include "text.hpp"

namespace gazette::server {
namespace {

/// A request's parameters, checked against the names its endpoint takes: an unknown or
/// repeated name is refused (UsageError), never ignored.
class Params {
  public:
    Params(const Parameters& given, const std::vector<std::string>& known) : given_(given) {
        for (std::size_t i = 0; i < given.size(); ++i) {
            const std::string& name = given[i].first;
            if (std::find(known.begin(), known.end(), name) == known.end()) {
                throw UsageError(fmt::format("unknown parameter '{}' (this endpoint takes {})", name,
                                             known.empty() ? "none" : schema::join_list(known)));
            }
            for (std::size_t j = 0; j < i; ++j) {
                if (given[j].first == name) throw UsageError(fmt::format("parameter '{}' is given twice", name));
            }
        }
    }

    const std::string* find(const std::string& name) const {
        for (const auto& [key, value] : given_) {
            if (key == name) return &value;
        }
        return nullptr;
    }

    std::string text(const std::string& name, const std::string& otherwise = "") const {
        const std::string* value = find(name);
        return value ? *value : otherwise;
    }

    template <typename T>
    T number(const std::string& name, T otherwise, cli::Range<T> range) const {
        const std::string* value = find(name);
        if (!value) return otherwise;
        T parsed = otherwise;
        if (!cli::parse_number(*value, range, parsed)) {
            throw UsageError(fmt::format("parameter '{}' takes {}, not '{}'", name,
                                         cli::describe_range(range), *value));
        }
        return parsed;
    }

    bool flag(const std::string& name, bool otherwise = false) const {
        const std::string value = text(name, otherwise ? "1" : "0");
        if (value == "1" || value == "true") return true;
        if (value == "0" || value == "false") return false;
        throw UsageError(fmt::format("parameter '{}' takes 1 or 0, not '{}'", name, value));
    }

  private:
    const Parameters& given_;
};

/// The parameters every query endpoint takes.
const std::vector<std::string> kQueryParameters = {"q", "since", "until", "syntax", "lang", "outlet"};

std::vector<std::string> with_query_parameters(std::vector<std::string> more) {
    more.insert(more.begin(), kQueryParameters.begin(), kQueryParameters.end());
    return more;
}

/// `lang` and `outlet` as the query fields they stand for, added to the query (so
/// `lang=de` is `q lang:de`; docs/query-syntax.md).
std::string filtered_query(const Params& p, QuerySyntax syntax) {
    std::string query = p.text("q");
    const std::string lang = p.text("lang");
    const std::string outlet = p.text("outlet");
    if ((!lang.empty() || !outlet.empty()) && syntax != QuerySyntax::xapian) {
        throw UsageError("parameters 'lang' and 'outlet' need syntax=xapian (they add query fields)");
    }
    if (!lang.empty()) {
        if (lang.size() != 2 || !std::all_of(lang.begin(), lang.end(), is_ascii_alpha)) {
            throw UsageError(fmt::format("parameter 'lang' takes a two-letter language code, not '{}'", lang));
        }
        query += " lang:" + lang;
    }
    if (!outlet.empty()) {
        if (outlet.find('"') != std::string::npos) {
            throw UsageError("parameter 'outlet' takes an outlet's name, which cannot hold '\"'");
        }
        query += " outlet:\"" + outlet + "\"";
    }
    return query;
}

/// The search the query parameters ask for; without `q`, UsageError.
SearchRequest query_request(const Params& p) {
    SearchRequest r;
    r.syntax = parse_query_syntax(p.text("syntax", "xapian"), "parameter 'syntax'");
    if (trim(p.text("q")).empty()) throw UsageError("parameter 'q' (the query) is missing or empty");
    r.query = filtered_query(p, r.syntax);
    r.since = cli::parse_day(p.text("since"), "parameter 'since'");
    r.until = cli::parse_day(p.text("until"), "parameter 'until'");
    return r;
}

SearchRequest search_request(const Params& p) {
    SearchRequest r = query_request(p);
    r.sort = parse_sort_order(p.text("sort", "relevance"), "parameter 'sort'");
    r.unit = parse_result_unit(p.text("unit", "article"), "parameter 'unit'");
    r.limit = p.number<std::size_t>("limit", 10, {0, kMaxLimit});
    r.offset = p.number<std::size_t>("offset", 0, {0, kMaxOffset});
    r.passages = p.number<std::size_t>("passages", 1, {1, kMaxPassages});
    r.context = p.number<std::size_t>("context", 300, {0, 100'000});
    r.explain = p.flag("explain");
    r.collapse = p.flag("collapse", true);
    return r;
}

Json versioned(Json json) {
    json["api_version"] = kApiVersion;
    return json;
}

Json search(const Params& p, Searcher& searcher) {
    const SearchRequest request = search_request(p);
    Json json = results_json(searcher.search(request));
    json["offset"] = request.offset;
    json["limit"] = request.limit;
    return json;
}

Json count(const Params& p, Searcher& searcher) {
    SearchRequest request = query_request(p);
    request.unit = parse_result_unit(p.text("unit", "article"), "parameter 'unit'");
    request.count_only = true;
    request.collapse = p.flag("collapse");  // articles, as gazette-search --count counts
    return count_json(searcher.search(request));
}

Json timeline(const Params& p, Searcher& searcher) {
    TallyRequest what;
    what.timeline = true;
    const std::string unit = p.text("timeline");
    if (!unit.empty()) {
        try {
            what.unit = parse_time_unit(unit);
        } catch (const UsageError& e) {
            throw UsageError(std::string("parameter 'timeline': ") + e.what());
        }
    }
    return tally_json(searcher.tally(query_request(p), what));
}

Json facets(const Params& p, Searcher& searcher) {
    TallyRequest what;
    const std::string names = p.text("facets");
    what.facets = names.empty() ? facet_names() : schema::split_list(names);
    what.top = p.number<std::size_t>("top", 10, {1, kMaxTop});
    return tally_json(searcher.tally(query_request(p), what));
}

Json stats(const Params&, Searcher& searcher) {
    Json json = stats_json(searcher.stats());
    json.erase("path");  // the server's own folder: not for its clients
    return json;
}

Json health(const Params&, Searcher&) { return Json{{"status", "ok"}}; }

struct Endpoint {
    const char* path;
    std::vector<std::string> parameters;
    Json (*run)(const Params&, Searcher&);
};

const std::vector<Endpoint>& endpoints() {
    static const std::vector<Endpoint> table = {
        {"/api/search", with_query_parameters({"sort", "unit", "limit", "offset", "passages", "context", "explain", "collapse"}),
         search},
        {"/api/count", with_query_parameters({"unit", "collapse"}), count},
        {"/api/timeline", with_query_parameters({"timeline"}), timeline},
        {"/api/facets", with_query_parameters({"facets", "top"}), facets},
        {"/api/stats", {}, stats},
        {"/api/health", {}, health},
    };
    return table;
}

constexpr std::string_view kArticlePath = "/api/article/";

Answer article(const std::string& id, const Parameters& parameters, Worker& worker) {
    Params p(parameters, {});
    if (id.empty()) return {400, error_body("no article id after /api/article/")};
    const std::optional<ArticleHit> found = worker.searcher().article(id);
    if (!found) return {404, error_body(fmt::format("no article '{}' in the database", id))};
    return {200, dump_json(versioned(article_json(*found)))};
}

constexpr std::string_view kStoryPath = "/api/story/";

/// Every report of a story, oldest first, as results (gazette-search --story).
Answer story(const std::string& id, const Parameters& parameters, Worker& worker) {
    Params p(parameters, {"limit", "offset"});
    if (id.empty()) return {400, error_body("no story id after /api/story/")};
    SearchRequest request;
    request.limit = p.number<std::size_t>("limit", kMaxLimit, {0, kMaxLimit});
    request.offset = p.number<std::size_t>("offset", 0, {0, kMaxOffset});
    try {
        Json json = results_json(worker.searcher().story(id, request));
        json["offset"] = request.offset;
        json["limit"] = request.limit;
        return {200, dump_json(versioned(std::move(json)))};
    } catch (const QueryError& e) {
        return {404, error_body(e.what())};
    }
}

Answer route(const std::string& path, const Parameters& parameters, Worker& worker) {
    if (path.starts_with(kArticlePath)) return article(path.substr(kArticlePath.size()), parameters, worker);
    if (path.starts_with(kStoryPath)) return story(path.substr(kStoryPath.size()), parameters, worker);
    for (const Endpoint& e : endpoints()) {
        if (path != e.path) continue;
        const Params p(parameters, e.parameters);
        return {200, dump_json(versioned(e.run(p, worker.searcher())))};
    }
    return {404, error_body(fmt::format("no such path: {}", path))};
}

}  // namespace

Searcher& Worker::searcher() {
    std::string layout = schema::shard_layout(db_);
    if (!searcher_ || layout != layout_) {
        searcher_.reset();
        searcher_.emplace(db_, language_);
        searcher_->hold_lengths_in_memory();
        layout_ = std::move(layout);
    } else {
        searcher_->reopen();
    }
    return *searcher_;
}

std::string Worker::scrub(std::string message) const {
    if (db_.empty()) return message;
    for (std::size_t at = message.find(db_); at != std::string::npos; at = message.find(db_, at)) {
        message.replace(at, db_.size(), "the database");
    }
    return message;
}

std::string error_body(const std::string& message) { return dump_json(Json{{"error", message}}); }

Answer answer(const std::string& path, const Parameters& parameters, Worker& worker) {
    try {
        return route(path, parameters, worker);
    } catch (const UsageError& e) {
        return {400, error_body(worker.scrub(e.what()))};
    } catch (const QueryError& e) {
        return {400, error_body(worker.scrub(e.what()))};
    } catch (const IndexError& e) {
        // The message names the database's folder: logged, not sent.
        spdlog::error("{}", e.what());
        worker.forget();
        return {503, error_body("the database cannot be opened or read now (the server's log says why)")};
    } catch (const Xapian::Error& e) {
        spdlog::error("{}: {}", path, e.get_description());
        worker.forget();
        return {500, error_body("internal error (the server's log says what)")};
    } catch (const std::bad_alloc&) {
        spdlog::error("{}: out of memory", path);
        return {500, error_body("out of memory")};
    } catch (const std::exception& e) {
        spdlog::error("{}: {}", path, e.what());
        return {500, error_body("internal error (the server's log says what)")};
    }
}

}  // namespace gazette::server
