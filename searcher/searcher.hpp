//! Ranking passages for a query: the heart of gazette-search.
//!
//! Entry point: Searcher::search(). Ranking runs in two phases over one database of articles
//! (see schema.hpp). First, articles are ranked by BM25 over their whole title and body (title
//! words weighted up). Then the passages of the best 100 (the pool, whatever the page) are
//! scored by BM25 from the positions of the query's terms in that article alone, and an
//! article's final score combines both levels, each normalised by its best in the pool:
//!
//!     score = article_weight * article / best_article + (1 - article_weight) * passage / best_passage
//!
//! so the most relevant article comes first and shows its best part. Articles beyond the pool
//! follow in BM25 order, scored `article_weight * article / best_article`, so that no page
//! changes the ranking of another. With `--sort date` the articles are ordered by date instead,
//! each with the score it has in relevance order; with ResultUnit::passage a passage scores as
//! its article would with that passage as its best. Equal scores go by article key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "date.hpp"
#include "highlighter.hpp"
#include "query_builder.hpp"
#include "ranking.hpp"
#include "schema.hpp"
#include "similar.hpp"
#include "spelling.hpp"
#include "tally.hpp"

namespace gazette {

enum class SortOrder { relevance, newest, oldest };
enum class ResultUnit { article, passage };

/// The orders, units and syntaxes by the names a user gives them (relevance, date or newest,
/// oldest; article, passage; xapian, text). Throws UsageError naming `option` (the option or
/// parameter that gave the name) and what it takes.
SortOrder parse_sort_order(const std::string& name, std::string_view option);
ResultUnit parse_result_unit(const std::string& name, std::string_view option);
QuerySyntax parse_query_syntax(const std::string& name, std::string_view option);


struct SearchRequest {
    std::string query;
    QuerySyntax syntax = QuerySyntax::xapian;
    std::optional<Date> since;
    std::optional<Date> until;
    SortOrder sort = SortOrder::relevance;
    ResultUnit unit = ResultUnit::article;
    std::size_t offset = 0;
    std::size_t limit = 10;
    std::size_t passages = 1;  // passages shown per article
    RankingOptions ranking;
    bool explain = false;  // fill ArticleHit::explanation
    bool highlight = true;  // fill PassageHit::highlights (an output that shows none saves the work)
    /// Characters of each passage the text output shows, around its best match
    /// (PassageHit::window); 0 for whole passages.
    std::size_t context = 300;
    /// Only count the matches, exactly (articles, or passages with ResultUnit::passage), and
    /// fetch no results; so does `limit` 0.
    bool count_only = false;
    /// One result a story, its best report (docs/stories.md), the counts of stories; off,
    /// every report is a result of its own.
    bool collapse = true;
    /// Look for spelling suggestions (SearchResults::suggestions) for rare query words.
    bool suggest = true;
};

struct PassageHit {
    std::string text;
    std::uint32_t line = 0;
    std::uint32_t index = 0;  // passage number within the article
    double score = 0;         // passage-level BM25; 0 for a lead passage shown without a match
    std::vector<Highlight> highlights;
    /// The part of `text` to show (context_window(), SearchRequest::context): the whole text
    /// unless highlights were asked for.
    TextWindow window;
};

/// Another report of a result's story.
struct StoryReport {
    std::string id;
    std::string date;    // YYYY-MM-DD or empty
    std::string outlet;  // the first its source names, or empty
};

struct ArticleHit {
    std::size_t rank = 0;  // 1-based, counting from the first result (offset included)
    double score = 0;
    double article_score = 0;
    std::string id;
    std::string docno;
    std::string title;
    std::string date;  // YYYY-MM-DD or empty
    std::string time;  // HH:MM:SS when the source gives the time of day, else empty
    std::string date_source;
    std::string path;
    std::uint32_t line = 0;  // line where the article starts
    std::string language;
    std::string collection;
    std::vector<std::string> outlets;  // the first is the one shown
    std::vector<PassageHit> passages;
    std::size_t more_passages = 0;  // further passages of this article that match
    /// With SearchRequest::explain: what each part of the ranking contributed, in order.
    std::vector<std::pair<std::string, double>> explanation;
    /// Its story (kSlotStory): empty when the article is alone in it.
    std::string story;
    std::size_t story_size = 1;  // articles in the story, this one included
    bool earliest = true;        // the story's first report (by date and time; undated last)
    /// The story's other reports, oldest first (undated last), at most kReportsListed.
    std::vector<StoryReport> other_reports;
    /// With SearchRequest::explain: each free-text term of the query and its BM25 weight in
    /// this article (0 when the article does not hold it), in the query's term order.
    std::vector<std::pair<std::string, double>> term_weights;
    /// With LikeTarget::text: the share of the text's shingles the article holds (Shingles in
    /// similar.hpp), for the articles that were checked; and whether that makes it a copy.
    std::optional<double> containment;
    bool contains_text = false;
};

/// What Searcher::like() finds articles like: an article (its id, or a path[:line] of an
/// indexed file), or a text.
struct LikeTarget {
    std::string article;
    std::optional<std::string> text;
    std::size_t terms = kLikeTerms;  // terms of the like query (like_terms())
};

/// The most other reports a result lists (ArticleHit::other_reports).
inline constexpr std::size_t kReportsListed = 20;

/// The results of a search, and how many articles (or passages, with ResultUnit::passage)
/// match in all: exactly when `matches_exact`, else at least `matches_lower` (Xapian counts
/// the first thousand or so exactly and estimates beyond).
struct SearchResults {
    std::string query;
    ResultUnit unit = ResultUnit::article;
    std::size_t offset = 0;  // the request's
    bool collapsed = false;  // one result a story: the counts are of stories
    std::uint64_t matches_estimated = 0;
    std::uint64_t matches_lower = 0;
    bool matches_exact = false;
    std::vector<ArticleHit> hits;
    /// The query as parsed, one part per language whose parse differs (the first the
    /// database's main language's): what --show-query prints.
    std::vector<ParsedQuery> parsed;
    /// The terms --expand added and their weights (the best 1), in order.
    std::vector<std::pair<std::string, double>> expansion;
    /// "Did you mean" for the query's rare or absent words (spelling.hpp), with the query
    /// they make (`corrected_query`); empty when none (or SearchRequest::suggest is off).
    std::vector<SpellingSuggestion> suggestions;
    std::string corrected_query;
    /// Remote shards left out because they did not answer (only with --allow-partial,
    /// schema::ReadOptions::allow_partial), each "shard-N (HOST:PORT)".
    std::vector<std::string> missing_shards;
};

/// What `--stats` reports.
struct DatabaseStats {
    std::string path;
    std::uint64_t articles = 0;
    std::uint64_t passages = 0;
    std::uint64_t files = 0;
    std::uint64_t shards = 0;
    std::string first_date;
    std::string last_date;
    std::uint64_t undated_articles = 0;
    std::vector<std::pair<std::string, std::uint64_t>> languages;
    std::vector<std::pair<std::string, std::uint64_t>> collections;
    std::vector<std::pair<std::string, std::uint64_t>> date_sources;
    /// Articles by the outlet they show (the first their source names), most first.
    std::vector<std::pair<std::string, std::uint64_t>> outlets;
    std::uint64_t articles_without_outlet = 0;
    std::uint64_t bytes_on_disk = 0;  // of the local shards
    std::string schema_version;
    /// Each remote shard and its server ("shard-1", "HOST:PORT"), in shard order.
    std::vector<std::pair<std::string, std::string>> remote_shards;
    std::vector<std::string> missing_shards;  // as SearchResults::missing_shards
};

/// Every method throws Gazette's errors only (errors.hpp): IndexError naming the database for
/// whatever Xapian reports (a damaged or unreadable database), never a raw Xapian::Error.
///
/// Every read is of one revision of the database, however often a writer commits meanwhile:
/// a read that meets a commit reopens the database and starts again
/// (schema/consistent_read.hpp), up to schema::kReadAttempts times; then IndexError.
/// How many of the most similar articles --like-text checks for the text (Searcher::like()).
inline constexpr std::size_t kProvenancePool = 200;

/// About how many matches Searcher::list() holds at a time.
inline constexpr std::size_t kListBucket = 5000;

class Searcher {
  public:
    /// Opens the database at `path`; `language` overrides the stemmer it was built with.
    /// Throws IndexError for a missing, foreign or damaged database, UsageError for a bad
    /// language.
    ///
    /// Remote shards (schema.hpp, open_for_reading()) are opened with `options`' timeouts; a
    /// network error while searching connects to them again and retries once (a server closes
    /// an idle connection), then is an IndexError naming the shard and its address.
    explicit Searcher(const std::string& path, const std::string& language = "",
                      const schema::ReadOptions& options = {});
    ~Searcher();
    Searcher(Searcher&&) noexcept;
    Searcher& operator=(Searcher&&) noexcept;

    /// Throws QueryError for a query that cannot be parsed, IndexError when the database fails.
    SearchResults search(const SearchRequest& request);

    /// How the articles matching `request` spread over the facets and the timeline `what`
    /// asks for, counted during one match; each burst of the timeline gets the headline of its
    /// best-ranked article (a search of that period). Throws as search() does, and UsageError
    /// for an unknown facet.
    Tally tally(const SearchRequest& request, const TallyRequest& what);

    DatabaseStats stats();

    /// Every report of the story `id` (ArticleHit::story), oldest first and undated last, each
    /// with the passage that best matches the story's first report; `request` gives the page
    /// (offset, limit) and the output's needs. Throws QueryError for an unknown story.
    SearchResults story(const std::string& id, const SearchRequest& request);
    /// Articles like `target`, filtered by `request` (its query words, if any, and dates only
    /// filter), paged and sorted as it asks. For an article: the article itself left out, the
    /// articles of its story (kSlotStory, when it has one) first, then the others. For a text:
    /// first the articles that contain it (shingle containment at least kContainedShare, checked
    /// on the best kProvenancePool by similarity), earliest first, then the others. Throws
    /// UsageError for an article that is not in the database (naming it) or a text without a
    /// word; QueryError for filter words that cannot be parsed.
    SearchResults like(const SearchRequest& request, const LikeTarget& target);

    /// Every article matching `request` (its query words, or every article when it has none,
    /// within its dates), one at a time to `visit` with its metadata (no passages), in order of
    /// article key (schema::article_key(): the same order whatever the shards). Holds a bucket
    /// of the key space at a time, about `bucket` articles (at most twice that), never the
    /// whole list; after a writer's commit it goes on from the last article visited. Returns
    /// how many were visited.
    std::uint64_t list(const SearchRequest& request, const std::function<void(const ArticleHit&)>& visit,
                       std::size_t bucket = kListBucket);

    /// The article whose id (ArticleHit::id) is `id`, with its metadata and every stored
    /// passage (no score, no highlights); nullopt when the database holds no such article.
    std::optional<ArticleHit> article(const std::string& id);

    /// Picks up changes committed by a writer since the database was opened.
    void reopen();

    /// Reads every article's length into memory (4 bytes an article; about 30 ms per million),
    /// so that BM25 need not look lengths up in the database as it scores: worth it for a
    /// process that answers many queries. Scores do not change. Does nothing for a database
    /// with remote shards: a server cannot run the posting source that uses the lengths, and
    /// reading them would cost a message per article.
    void hold_lengths_in_memory();

    /// As hold_lengths_in_memory(), sharing the lengths `other` holds when it has them for the
    /// same database (one copy for a process's threads), reading them otherwise.
    void hold_lengths_in_memory(const Searcher& other);

  private:
    struct Impl;

    /// Runs `work` on one revision (schema::read_consistently() with refresh()).
    template <typename Work>
    auto read(Work&& work, std::string_view action) -> decltype(work());

    /// Reopens the database at its newest revision and reads again what the searcher keeps
    /// from it; false when there was no newer revision.
    bool refresh();

    /// Opens the database again, with new connections to its remote shards.
    void reconnect();

    std::unique_ptr<Impl> impl_;
};

}  // namespace gazette
