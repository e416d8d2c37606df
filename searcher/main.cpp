//! gazette-search: rank passages of a Gazette database for a query, or report what it holds.
//! Parses options into a SearchRequest (checking all of them before the database is opened),
//! runs it, prints with the chosen printer; cli::Program owns the exit statuses.
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "batch.hpp"
#include "errors.hpp"
#include "json_mapping.hpp"
#include "printers.hpp"
#include "program.hpp"
#include "schema.hpp"
#include "searcher.hpp"

namespace {

namespace cli = gazette::cli;

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
    bool no_stopwords = false;
    bool collapse = false;
    bool no_collapse = false;
    std::string story;
    bool show_query = false;
    bool verbose = false;
    bool list = false;
    std::string like;
    std::string like_text;  // the file (or "-") --like-text reads
    gazette::LikeTarget like_target;
    std::string facets;
    std::string timeline;
    CLI::Option* timeline_option = nullptr;
    CLI::Option* limit_option = nullptr;
    const CLI::App* app = nullptr;
    gazette::SearchRequest request;
    gazette::TallyRequest tally;
    gazette::schema::ReadOptions read;
};

cli::ProgramInfo program_info() {
    return {"gazette-search",
            "Search a Gazette database: best passages first, with title, date and location.",
            {"gazette-search \"artificial intelligence computing power\"",
             "gazette-search --json --sort date 'title:cocoa'",
             "gazette-search --since 2024-01-01 --passages 3 'chips NEAR shortage'",
             "gazette-search --batch topics.tsv --threads 2 -n 1000 > run.trec",
             "gazette-search --count '\"oil prices\"'    (the exact number of matching articles)",
             "gazette-search --show-query 'Elections \"tony blair\" -iraq'    (the query as parsed)",
             "gazette-search --stats",
             "gazette-search --like /news/2024/li-qiang-beijing.txt --until 2024-03-13",
             "gazette-search --like-text - < paragraph.txt    (who printed it first, who reused it)",
             "gazette-search --list --since 2024-01-01 > articles.jsonl",
             "gazette-search cocoa -sugar    (after the first word, -WORD excludes WORD; -n, -v and -q stay options)"},
            {"No results is success (0). With --batch, each query that fails is reported with its",
             "qid and the others still run; then 1 when the database failed one, else 2."}};
}

void add_query_options(cli::Program& program, Options& o) {
    CLI::App& app = program.app();
    app.add_option("query", o.words, "Query words (Xapian syntax; see docs/query-syntax.md)");
    program.add_database_option(o.db);
    app.add_option("--since", o.since, "Only articles dated on or after YYYY-MM-DD");
    app.add_option("--until", o.until, "Only articles dated on or before YYYY-MM-DD");
    app.add_option("--sort", o.sort, "relevance, date (newest first) or oldest")->capture_default_str();
    o.limit_option = program.add_number("-n,--limit", o.request.limit, "Results to show",
                                        cli::Range<std::size_t>{0, 1'000'000});
    program.add_number("--offset", o.request.offset, "Results to skip", cli::Range<std::size_t>{0, 1'000'000});
    program.add_number("--passages", o.request.passages, "Passages shown per article",
                       cli::Range<std::size_t>{1, 1000});
    program.add_number("--context", o.request.context,
                       "Characters of each passage shown around its best match, 0 for whole passages",
                       cli::Range<std::size_t>{0, 1'000'000});
    app.add_option("--unit", o.unit, "What a result is: article or passage")->capture_default_str();
    app.add_option("--syntax", o.syntax,
                   "xapian (operators, phrases, fields) or text (plain words, lower-cased); "
                   "default: xapian, text with --batch");
    app.add_option("--language", o.language, "Stem the query for this language instead of the database's");
    auto* stats = app.add_flag("--stats", o.stats, "Print what the database holds");
    auto* batch = app.add_option("--batch", o.batch,
                                 "Run every query of FILE ('-' for stdin): a query a line, "
                                 "qid<TAB>query lines, or TREC topics");
    stats->excludes(batch);
    auto* list = app.add_flag("--list", o.list,
                              "Print every article (of the query and dates, if given) as JSON Lines, "
                              "in article-key order (docs/output-format.md)");
    auto* like = app.add_option("--like", o.like,
                                "Articles like the article ID (as results show it) or PATH[:LINE] of an "
                                "indexed file: its story first; query words filter");
    auto* like_text = app.add_option("--like-text", o.like_text,
                                     "Articles like the text of FILE ('-' for stdin): those that contain "
                                     "it first, earliest first; query words filter");
    program.add_number("--like-terms", o.like_target.terms,
                       "Terms of the article or text --like and --like-text search with, its best by tf-idf",
                       cli::Range<std::size_t>{1, 1000});
    for (CLI::Option* one : {list, like, like_text}) {
        for (CLI::Option* other : {stats, batch, list, like, like_text}) {
            if (one != other) one->excludes(other);
        }
    }
    program.add_number("--threads", o.threads, "Threads for --batch", cli::Range<unsigned>{1, 256});
    program.add_number("--connect-timeout", o.read.connect_timeout_ms,
                       "Milliseconds to wait for a remote shard's server to accept (docs/scale-out.md)",
                       cli::Range<unsigned>{1, 600'000});
    program.add_number("--remote-timeout", o.read.timeout_ms,
                       "Milliseconds to wait for any one answer of a remote shard's server",
                       cli::Range<unsigned>{1, 3'600'000});
    app.add_flag("--allow-partial", o.read.allow_partial,
                 "Answer from the remote shards that answer, saying which are missing");
    app.add_option("--topic-fields", o.topic_fields,
                   "TREC topic fields that make the query, e.g. title,desc")->capture_default_str();
}

void add_output_options(cli::Program& program, Options& o) {
    CLI::App& app = program.app();
    app.add_flag("--json", o.json, "JSON Lines: one object per result (see docs/output-format.md)");
    app.add_option("--format", o.format, "text, json, tsv or trec (default: text; trec with --batch)");
    app.add_option("--run-tag", o.run_tag, "Tag for TREC run lines")->capture_default_str();
    app.add_option("--color", o.color, "auto, always or never (NO_COLOR is honoured)")->capture_default_str();
    app.add_flag("--explain", o.request.explain,
                 "Show what each part of the ranking and each query term contributed");
    app.add_flag("--show-query", o.show_query,
                 "Print the query as parsed: terms and the words they came from, phrases, filters, "
                 "stopwords dropped (text: above the results; other formats and -v: on stderr)");
    app.add_flag("--count", o.request.count_only,
                 "Print only the exact number of matching articles (passages with --unit passage)");
    app.add_option("--facets", o.facets,
                   "Print the counts of matching articles per value of these facets instead of "
                   "results: " + gazette::schema::join_list(gazette::facet_names()));
    program.add_number("--top", o.tally.top, "Values shown per facet", cli::Range<std::size_t>{1, 100'000});
    o.timeline_option = app.add_option("--timeline", o.timeline,
                   "Print the matching articles per day, week, month or year as a bar chart "
                   "instead of results (default period: from the dates' span)")
        ->expected(0, 1);
    program.add_verbosity_options("Log only errors");
}

void add_story_options(cli::Program& program, Options& o) {
    CLI::App& app = program.app();
    app.add_flag("--collapse", o.collapse,
                 "One result a story (the default for a search; with --count and --batch, counts "
                 "and ranks stories instead of articles)");
    app.add_flag("--no-collapse", o.no_collapse, "Every report of a story is a result of its own");
    app.add_option("--story", o.story,
                   "List every report of story ID (the \"story\" of a --json result), oldest first");
}

/// Checks the story options and sets the request's collapsing: on for a search, off for
/// --count, --batch (TREC runs judge articles) and --story, unless asked.
void prepare_collapse(Options& o, bool batch) {
    if (o.collapse && o.no_collapse) throw gazette::UsageError("--collapse and --no-collapse cannot be used together");
    o.request.collapse = o.collapse || (!o.no_collapse && !batch && !o.request.count_only && o.story.empty());
    if (o.story.empty()) return;
    if (batch || o.stats || o.list || !o.like.empty() || !o.like_text.empty() || !o.words.empty()) {
        throw gazette::UsageError("--story takes a story id, not a query, --batch, --stats, --list or --like");
    }
    if (!o.since.empty() || !o.until.empty()) throw gazette::UsageError("--story lists a whole story; --since and --until do not apply");
    if (o.request.count_only || o.collapse) throw gazette::UsageError("--story lists reports; --count and --collapse do not apply");
    if (o.request.unit != gazette::ResultUnit::article) throw gazette::UsageError("--story lists articles, not passages");
    // Every report unless -n says otherwise.
    if (o.limit_option != nullptr && o.limit_option->count() == 0) o.request.limit = 1'000'000;
}

void add_ranking_options(cli::Program& program, Options& o) {
    using Real = cli::Range<double>;
    using Count = cli::Range<std::size_t>;
    gazette::RankingOptions& r = o.request.ranking;
    program.add_number("--k1", r.k1, "BM25 k1", Real{0, 10});
    program.add_number("--b", r.b, "BM25 b", Real{0, 1});
    program.add_number("--article-weight", r.article_weight,
                       "Share of the score from the whole article; the rest from the best passage",
                       Real{0, 1});
    program.add_number("--pool", r.candidates,
                       "Articles, best by BM25, re-ranked with their best passage (the rest follow in "
                       "BM25 order)", Count{0, 1'000'000});
    program.add_number("--proximity", r.proximity,
                       "Weight of word-proximity evidence for multi-word queries, 0 for none", Real{0, 10});
    program.add_number("--window", r.window, "Proximity window in words", cli::Range<unsigned>{1, 1000});
    CLI::App& app = program.app();
    app.add_flag("--expand", r.expand, "Pseudo-relevance feedback: expand the query from the top articles");
    program.add_number("--fb-docs", r.feedback_docs, "Feedback articles", Count{1, 1000});
    program.add_number("--fb-terms", r.feedback_terms, "Feedback terms", Count{1, 1000});
    program.add_number("--fb-weight", r.feedback_weight, "Share of the expansion terms", Real{0, 1});
    program.add_number("--recency", r.half_life_days,
                       "Favour fresh articles: halve the score every HALF_LIFE days, 0 for never",
                       Real{0, 1'000'000});
    app.add_option("--as-of", o.as_of, "The date --recency measures age from (default: today)");
    app.add_flag("--no-stopwords", o.no_stopwords, "Keep stopwords in queries");
}

bool use_color(const std::string& mode) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    if (mode != "auto") throw gazette::UsageError("--color takes auto, always or never, not '" + mode + "'");
    return cli::colour_allowed(STDOUT_FILENO);
}

gazette::OutputFormat output_format(const Options& o) {
    const bool batch = !o.batch.empty();
    if (o.json && !o.format.empty() && o.format != "json") {
        throw gazette::UsageError(fmt::format("--json and --format {} cannot be used together", o.format));
    }
    const std::string name = o.json ? "json" : !o.format.empty() ? o.format
                                              : batch          ? "trec"
                                                               : "text";
    return gazette::parse_output_format(name);
}

/// Checks --facets and --timeline; with either, a search prints counts instead of results.
void prepare_tally(Options& o) {
    o.tally.facets = gazette::schema::split_list(o.facets);
    for (const std::string& name : o.tally.facets) gazette::facet_slot(name);
    o.tally.timeline = o.timeline_option != nullptr && o.timeline_option->count() > 0;
    if (!o.timeline.empty()) {
        try {
            o.tally.unit = gazette::parse_time_unit(o.timeline);
        } catch (const gazette::UsageError& e) {
            throw gazette::UsageError(std::string(e.what()) + " (a query goes after the options, or after --)");
        }
    }
    if (!o.tally.timeline && o.tally.facets.empty()) return;
    if (!o.batch.empty() || o.stats) throw gazette::UsageError("--facets and --timeline take one query, not --batch or --stats");
    if (o.request.count_only) throw gazette::UsageError("--facets and --timeline print counts already; drop --count");
    if (!o.format.empty() && o.format != "text" && o.format != "json") {
        throw gazette::UsageError("--facets and --timeline print text or JSON, not " + o.format);
    }
}

/// The columns of the terminal: COLUMNS, else the terminal's width, else 80.
std::size_t terminal_width() {
    if (const char* columns = std::getenv("COLUMNS")) {
        const long n = std::strtol(columns, nullptr, 10);
        if (n >= 20 && n <= 1000) return static_cast<std::size_t>(n);
    }
    winsize size{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 20) return size.ws_col;
    return 80;
}

/// Refuses what --list does not take: it lists every match, as JSON Lines.
void check_list(const Options& o) {
    if (!o.format.empty() && o.format != "json") {
        throw gazette::UsageError(fmt::format("--list prints JSON Lines, not {}; drop --format", o.format));
    }
    if (o.request.count_only) throw gazette::UsageError("--list prints every article; drop --count, or --list for a count");
    if (o.tally.timeline || !o.tally.facets.empty()) {
        throw gazette::UsageError("--list prints articles, not --facets or --timeline");
    }
    for (const char* option : {"--limit", "--offset", "--sort", "--unit"}) {
        if (o.app->count(option) > 0) {
            throw gazette::UsageError(fmt::format(
                "--list takes no {}: it prints every match, in article-key order (docs/output-format.md)", option));
        }
    }
}

/// The text of --like-text FILE ('-': stdin). Throws UsageError when it cannot be read or has
/// no words.
std::string read_like_text(const std::string& file) {
    std::string text;
    if (file == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
        std::ifstream in(file, std::ios::binary);
        if (!in) throw gazette::UsageError(fmt::format("--like-text {}: cannot open the file", file));
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    if (text.find_first_not_of(" \t\r\n\f\v") == std::string::npos) {
        throw gazette::UsageError(fmt::format("--like-text {}: the text is empty", file == "-" ? "<stdin>" : file));
    }
    return text;
}

/// Checks --like and --like-text and reads the text.
void prepare_like(Options& o) {
    if (o.request.unit != gazette::ResultUnit::article) {
        throw gazette::UsageError("--like and --like-text rank articles; drop --unit passage");
    }
    if (o.tally.timeline || !o.tally.facets.empty()) {
        throw gazette::UsageError("--like and --like-text print results, not --facets or --timeline");
    }
    o.like_target.article = o.like;
    if (!o.like_text.empty()) o.like_target.text = read_like_text(o.like_text);
}

/// Checks every option and fills the request, before anything is opened or read. Throws
/// UsageError.
void prepare_request(Options& o) {
    prepare_tally(o);  // first: a query word taken as the timeline's period is named
    const bool batch = !o.batch.empty();
    if (batch && !o.words.empty()) throw gazette::UsageError("give either --batch FILE or a query, not both");
    if (o.stats && !o.words.empty()) throw gazette::UsageError("--stats takes no query");
    const bool like = !o.like.empty() || !o.like_text.empty();
    if (!batch && !o.stats && !o.list && !like && o.story.empty() && o.words.empty()) {
        throw gazette::UsageError("no query given (try --help)");
    }
    if (o.show_query && (o.stats || o.list || like || o.tally.timeline || !o.tally.facets.empty())) {
        throw gazette::UsageError(
            "--show-query shows the query of a search, not of --stats, --list, --like, --facets or --timeline");
    }
    o.request.ranking.stopwords = !o.no_stopwords;
    o.request.since = cli::parse_day(o.since, "--since");
    o.request.until = cli::parse_day(o.until, "--until");
    o.request.sort = gazette::parse_sort_order(o.sort, "--sort");
    o.request.ranking.as_of = cli::parse_day(o.as_of, "--as-of");
    o.request.unit = gazette::parse_result_unit(o.unit, "--unit");
    prepare_collapse(o, batch);
    // Batch topics are natural language unless asked otherwise; typed queries use the syntax.
    o.request.syntax = gazette::parse_query_syntax(o.syntax.empty() ? (batch ? "text" : "xapian") : o.syntax,
                                                   "--syntax");
    o.request.highlight = gazette::shows_highlights(output_format(o));
    // "Did you mean" is shown where highlights are: text and JSON.
    o.request.suggest = o.request.highlight;
    use_color(o.color);
    for (const std::string& word : o.words) o.request.query += (o.request.query.empty() ? "" : " ") + word;
    if (o.list) check_list(o);
    if (like) prepare_like(o);
}

std::unique_ptr<gazette::ResultPrinter> make_output(const Options& o) {
    gazette::OutputOptions output;
    const auto format = output_format(o);
    output.color = format == gazette::OutputFormat::text && use_color(o.color);
    output.per_query_json = !o.batch.empty();
    output.counts_only = o.request.count_only;
    output.show_query = o.show_query || o.verbose;
    if (o.verbose) output.query_out = &std::cerr;
    output.run_tag = o.run_tag;
    std::error_code ec;
    output.relative_to = std::filesystem::current_path(ec).string();
    return gazette::make_printer(format, std::cout, output);
}

std::vector<gazette::Topic> read_topics(const Options& o) {
    const auto fields = gazette::schema::split_list(o.topic_fields);
    if (o.batch == "-") return gazette::read_topics(std::cin, "<stdin>", fields);
    std::ifstream in(o.batch);
    if (!in) throw gazette::UsageError(fmt::format("{}: cannot open query file", o.batch));
    return gazette::read_topics(in, o.batch, fields);
}

int run_batch(const Options& o, const cli::Program& program) {
    const std::vector<gazette::Topic> topics = read_topics(o);
    gazette::BatchOptions options;
    options.db_path = o.db;
    options.language = o.language;
    options.read = o.read;
    options.threads = o.threads;
    options.request = o.request;
    auto printer = make_output(o);
    const auto summary = gazette::run_batch(topics, options, *printer, [&](const std::string& message) {
        program.print_error(message);
    });
    std::cout.flush();
    spdlog::info("{} queries in {:.2f} s ({:.0f} queries/s), {} failed", summary.queries,
                 summary.seconds, static_cast<double>(summary.queries) / std::max(summary.seconds, 1e-9),
                 summary.failed);
    if (summary.database_failures > 0) return cli::kExitFailure;
    return summary.failed > 0 ? cli::kExitUsage : cli::kExitOk;
}

int run(const Options& o, const cli::Program& program) {
    if (!o.batch.empty()) return run_batch(o, program);
    gazette::Searcher searcher(o.db, o.language, o.read);
    if (o.stats) {
        gazette::print_stats(std::cout, searcher.stats(), o.json);
        return cli::kExitOk;
    }
    if (o.list) {
        searcher.list(o.request, [](const gazette::ArticleHit& article) {
            std::cout << gazette::dump_json(gazette::listed_json(article)) << '\n';
        });
        std::cout.flush();
        return cli::kExitOk;
    }
    if (!o.like.empty() || o.like_target.text) {
        make_output(o)->print("1", searcher.like(o.request, o.like_target));
        return cli::kExitOk;
    }
    if (o.tally.timeline || !o.tally.facets.empty()) {
        gazette::print_tally(std::cout, searcher.tally(o.request, o.tally),
                             output_format(o) == gazette::OutputFormat::json, terminal_width());
        return cli::kExitOk;
    }
    if (!o.story.empty()) {
        make_output(o)->print("1", searcher.story(o.story, o.request));
        return cli::kExitOk;
    }
    make_output(o)->print("1", searcher.search(o.request));
    return cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    cli::Program program(program_info());
    program.dash_words_after_first_positional();
    Options o;
    o.app = &program.app();
    add_query_options(program, o);
    add_output_options(program, o);
    add_ranking_options(program, o);
    add_story_options(program, o);
    if (auto status = program.parse(argc, argv)) return *status;
    program.start_logging(spdlog::level::err);
    o.verbose = program.verbosity() == cli::Verbosity::verbose;
    return program.run([&] {
        prepare_request(o);
        return run(o, program);
    });
}
