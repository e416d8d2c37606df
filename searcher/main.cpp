//! gazette-search: rank passages of a Gazette database for a query, or report what it holds.
//! Parses options into a SearchRequest, runs it, prints with the chosen printer.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "errors.hpp"
#include "printers.hpp"
#include "searcher.hpp"

namespace {

struct Options {
    std::string db;
    std::vector<std::string> words;
    std::string since;
    std::string until;
    std::string sort = "relevance";
    std::string unit = "article";
    std::string format = "text";
    std::string color = "auto";
    std::string language;
    bool json = false;
    bool stats = false;
    bool verbose = false;
    bool quiet = false;
    gazette::SearchRequest request;
};

std::string env_or(const char* name, const std::string& fallback) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? value : fallback;
}

std::optional<gazette::Date> parse_day(const std::string& text, const char* option) {
    if (text.empty()) return std::nullopt;
    if (auto date = gazette::Date::from_iso(text)) return date;
    throw gazette::UsageError(fmt::format("{} takes a date as YYYY-MM-DD, not '{}'", option, text));
}

gazette::SortOrder parse_sort(const std::string& name) {
    if (name == "relevance") return gazette::SortOrder::relevance;
    if (name == "date" || name == "newest") return gazette::SortOrder::newest;
    if (name == "oldest") return gazette::SortOrder::oldest;
    throw gazette::UsageError("--sort takes relevance, date (newest first) or oldest, not '" +
                              name + "'");
}

bool use_color(const std::string& mode) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    if (mode != "auto") throw gazette::UsageError("--color takes auto, always or never");
    return std::getenv("NO_COLOR") == nullptr && isatty(STDOUT_FILENO) != 0;
}

int run(Options& o) {
    gazette::Searcher searcher(o.db, o.language);
    if (o.stats) {
        gazette::print_stats(std::cout, searcher.stats(), o.json);
        return 0;
    }
    if (o.words.empty()) throw gazette::UsageError("no query given (try --help)");
    std::string query;
    for (const std::string& word : o.words) query += (query.empty() ? "" : " ") + word;
    o.request.query = query;
    o.request.since = parse_day(o.since, "--since");
    o.request.until = parse_day(o.until, "--until");
    o.request.sort = parse_sort(o.sort);
    if (o.unit != "article" && o.unit != "passage") {
        throw gazette::UsageError("--unit takes article or passage, not '" + o.unit + "'");
    }
    o.request.unit = o.unit == "passage" ? gazette::ResultUnit::passage : gazette::ResultUnit::article;

    gazette::OutputOptions output;
    output.color = o.format == "text" && use_color(o.color);
    std::error_code ec;
    output.relative_to = std::filesystem::current_path(ec).string();
    const auto format = gazette::parse_output_format(o.json ? "json" : o.format);
    auto printer = gazette::make_printer(format, std::cout, output);
    printer->print("1", searcher.search(o.request));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Search a Gazette database: best passages first, with title, date and location."};
    Options o;
    o.db = env_or("GAZETTE_DB", "gazette-db");
    app.add_option("query", o.words, "Query words (Xapian syntax; see docs/query-syntax.md)");
    app.add_option("--db", o.db, "Database path (default: $GAZETTE_DB or ./gazette-db)");
    app.add_option("--since", o.since, "Only articles dated on or after YYYY-MM-DD");
    app.add_option("--until", o.until, "Only articles dated on or before YYYY-MM-DD");
    app.add_option("--sort", o.sort, "relevance, date (newest first) or oldest")->capture_default_str();
    app.add_option("-n,--limit", o.request.limit, "Results to show")->capture_default_str();
    app.add_option("--offset", o.request.offset, "Results to skip")->capture_default_str();
    app.add_option("--passages", o.request.passages, "Passages shown per article")->capture_default_str();
    app.add_option("--unit", o.unit, "What a result is: article or passage")->capture_default_str();
    app.add_flag("--json", o.json, "JSON Lines: one object per result (see docs/output-format.md)");
    app.add_option("--format", o.format, "text, json, tsv or trec")->capture_default_str();
    app.add_option("--color", o.color, "auto, always or never (NO_COLOR is honoured)")->capture_default_str();
    app.add_option("--language", o.language, "Stem the query for this language instead of the database's");
    app.add_option("--k1", o.request.ranking.k1, "BM25 k1")->capture_default_str();
    app.add_option("--b", o.request.ranking.b, "BM25 b")->capture_default_str();
    app.add_option("--article-weight", o.request.ranking.article_weight,
                   "Share of the score from the whole article (0..1); the rest from the best passage")
        ->capture_default_str();
    app.add_flag("--stats", o.stats, "Print what the database holds");
    app.add_flag("-v,--verbose", o.verbose, "Log more detail");
    app.add_flag("-q,--quiet", o.quiet, "Log only errors");
    CLI11_PARSE(app, argc, argv);

    auto logger = spdlog::stderr_color_mt("gazette-search");
    spdlog::set_default_logger(logger);
    spdlog::set_pattern("%^%l%$: %v");
    spdlog::set_level(o.verbose ? spdlog::level::debug
                                : o.quiet ? spdlog::level::err : spdlog::level::info);
    try {
        return run(o);
    } catch (const gazette::UsageError& e) {
        fmt::print(stderr, "gazette-search: {}\n", e.what());
        return 2;
    } catch (const gazette::QueryError& e) {
        fmt::print(stderr, "gazette-search: {}\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        fmt::print(stderr, "gazette-search: {}\n", e.what());
        return 1;
    }
}
