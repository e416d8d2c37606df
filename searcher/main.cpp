//! gazette-search: rank passages of a Gazette database for a query, or report what it holds.
//! Parses options into a SearchRequest, runs it, prints with the chosen printer.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "batch.hpp"
#include "errors.hpp"
#include "printers.hpp"
#include "schema.hpp"
#include "searcher.hpp"

namespace {

struct Options {
    std::string db;
    std::vector<std::string> words;
    std::string since;
    std::string until;
    std::string sort = "relevance";
    std::string unit = "article";
    std::string format;
    std::string color = "auto";
    std::string language;
    std::string batch;
    std::string topic_fields = "title";
    std::string syntax;
    std::string run_tag = "gazette";
    std::string as_of;
    unsigned threads = 1;
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

gazette::OutputFormat output_format(const Options& o, bool batch) {
    const std::string name = o.json ? "json" : !o.format.empty() ? o.format
                                              : batch          ? "trec"
                                                               : "text";
    return gazette::parse_output_format(name);
}

/// Fills the parts of the request that single and batch searches share.
void prepare_request(Options& o, bool batch) {
    o.request.since = parse_day(o.since, "--since");
    o.request.until = parse_day(o.until, "--until");
    o.request.sort = parse_sort(o.sort);
    o.request.ranking.as_of = parse_day(o.as_of, "--as-of");
    if (o.unit != "article" && o.unit != "passage") {
        throw gazette::UsageError("--unit takes article or passage, not '" + o.unit + "'");
    }
    o.request.unit = o.unit == "passage" ? gazette::ResultUnit::passage : gazette::ResultUnit::article;
    // Batch topics are natural language unless asked otherwise; typed queries use the syntax.
    const std::string syntax = o.syntax.empty() ? (batch ? "text" : "xapian") : o.syntax;
    if (syntax != "xapian" && syntax != "text") {
        throw gazette::UsageError("--syntax takes xapian or text, not '" + syntax + "'");
    }
    o.request.syntax = syntax == "text" ? gazette::QuerySyntax::text : gazette::QuerySyntax::xapian;
    o.request.highlight = gazette::shows_highlights(output_format(o, batch));
}

std::unique_ptr<gazette::ResultPrinter> make_output(const Options& o, bool batch) {
    gazette::OutputOptions output;
    const auto format = output_format(o, batch);
    output.color = format == gazette::OutputFormat::text && use_color(o.color);
    output.per_query_json = batch;
    output.run_tag = o.run_tag;
    std::error_code ec;
    output.relative_to = std::filesystem::current_path(ec).string();
    return gazette::make_printer(format, std::cout, output);
}

int run_batch(Options& o) {
    prepare_request(o, true);
    std::vector<gazette::Topic> topics;
    if (o.batch == "-") {
        topics = gazette::read_topics(std::cin, "<stdin>", gazette::schema::split_list(o.topic_fields));
    } else {
        std::ifstream in(o.batch);
        if (!in) throw gazette::UsageError(fmt::format("{}: cannot open query file", o.batch));
        topics = gazette::read_topics(in, o.batch, gazette::schema::split_list(o.topic_fields));
    }
    gazette::BatchOptions options;
    options.db_path = o.db;
    options.language = o.language;
    options.threads = std::max(1U, o.threads);
    options.request = o.request;
    auto printer = make_output(o, true);
    const auto summary = gazette::run_batch(topics, options, *printer, [](const std::string& message) {
        fmt::print(stderr, "gazette-search: {}\n", message);
    });
    std::cout.flush();
    spdlog::info("{} queries in {:.2f} s ({:.0f} queries/s), {} failed", summary.queries,
                 summary.seconds, static_cast<double>(summary.queries) / std::max(summary.seconds, 1e-9),
                 summary.failed);
    return summary.failed > 0 ? 2 : 0;
}

int run(Options& o) {
    if (!o.batch.empty()) {
        if (!o.words.empty()) throw gazette::UsageError("give either --batch FILE or a query, not both");
        return run_batch(o);
    }
    gazette::Searcher searcher(o.db, o.language);
    if (o.stats) {
        gazette::print_stats(std::cout, searcher.stats(), o.json);
        return 0;
    }
    if (o.words.empty()) throw gazette::UsageError("no query given (try --help)");
    std::string query;
    for (const std::string& word : o.words) query += (query.empty() ? "" : " ") + word;
    o.request.query = query;
    prepare_request(o, false);
    make_output(o, false)->print("1", searcher.search(o.request));
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
    app.add_option("--format", o.format, "text, json, tsv or trec (default: text; trec with --batch)");
    app.add_option("--batch", o.batch,
                   "Run every query of FILE ('-' for stdin): a query a line, qid<TAB>query lines, "
                   "or TREC topics");
    app.add_option("--threads", o.threads, "Threads for --batch")->capture_default_str();
    app.add_option("--topic-fields", o.topic_fields,
                   "TREC topic fields that make the query, e.g. title,desc")->capture_default_str();
    app.add_option("--syntax", o.syntax,
                   "xapian (operators, phrases, fields) or text (plain words, lower-cased); "
                   "default: xapian, text with --batch");
    app.add_option("--run-tag", o.run_tag, "Tag for TREC run lines")->capture_default_str();
    app.add_option("--color", o.color, "auto, always or never (NO_COLOR is honoured)")->capture_default_str();
    app.add_option("--language", o.language, "Stem the query for this language instead of the database's");
    app.add_option("--k1", o.request.ranking.k1, "BM25 k1")->capture_default_str();
    app.add_option("--b", o.request.ranking.b, "BM25 b")->capture_default_str();
    app.add_option("--article-weight", o.request.ranking.article_weight,
                   "Share of the score from the whole article (0..1); the rest from the best passage")
        ->capture_default_str();
    auto& r = o.request.ranking;
    app.add_option("--proximity", r.proximity,
                   "Weight of word-proximity evidence for multi-word queries (0: off)")->capture_default_str();
    app.add_option("--window", r.window, "Proximity window in words")->capture_default_str();
    app.add_flag("--expand", r.expand, "Pseudo-relevance feedback: expand the query from the top articles");
    app.add_option("--fb-docs", r.feedback_docs, "Feedback articles")->capture_default_str();
    app.add_option("--fb-terms", r.feedback_terms, "Feedback terms")->capture_default_str();
    app.add_option("--fb-weight", r.feedback_weight, "Share of the expansion terms (0..1)")->capture_default_str();
    app.add_option("--recency", r.half_life_days,
                   "Favour fresh articles: halve the score every HALF_LIFE days (0: off)");
    app.add_option("--as-of", o.as_of, "The date --recency measures age from (default: today)");
    app.add_flag("--explain", o.request.explain, "Show what each part of the ranking contributed");
    bool no_stopwords = false;
    app.add_flag("--no-stopwords", no_stopwords, "Keep stopwords in queries");
    app.add_flag("--stats", o.stats, "Print what the database holds");
    app.add_flag("-v,--verbose", o.verbose, "Log more detail");
    app.add_flag("-q,--quiet", o.quiet, "Log only errors");
    CLI11_PARSE(app, argc, argv);
    o.request.ranking.stopwords = !no_stopwords;

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
