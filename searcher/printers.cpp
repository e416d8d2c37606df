//! Text, JSON Lines, TSV and TREC printers; see printers.hpp.
#include "printers.hpp"

#include <algorithm>
#include <iostream>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include "errors.hpp"
#include "json_mapping.hpp"
#include "text.hpp"

namespace gazette {
namespace {

std::string dump(const Json& json) { return dump_json(json); }

/// The id a result is known by in a run: the source's own number when it has one.
const std::string& run_docno(const ArticleHit& hit) { return hit.docno.empty() ? hit.id : hit.docno; }

/// The id of a line of a TREC or TSV run: the article's run_docno(), and in a passage run its
/// passage number after ".p" (`17.p2`), so that every line is a distinct document.
/// Names are escaped (escape_text()), so that a docno made of a path with a newline or a tab
/// in it stays on its line and in its field.
std::string run_line_docno(const ArticleHit& hit, ResultUnit unit) {
    const std::string docno = escape_text(run_docno(hit));
    if (unit != ResultUnit::passage || hit.passages.empty()) return docno;
    return fmt::format("{}.p{}", docno, hit.passages.front().index);
}

std::string one_line(std::string text) {
    for (char& c : text) {
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    }
    return text;
}

/// A date as the text output shows it: where it came from unless that is the article's own
/// header ("2024-03-13 (from text)", "1790-01-01 (from file name)", "2024-03-13 (crawl date)").
std::string shown_date(const ArticleHit& hit) {
    if (hit.date.empty()) return "(no date)";
    if (hit.date_source == "header") return hit.date;
    if (hit.date_source == "filename") return hit.date + " (from file name)";
    if (hit.date_source == "crawl") return hit.date + " (crawl date)";
    return fmt::format("{} (from {})", hit.date, hit.date_source);
}

/// "416 matching articles", "at least 1000 matching passages", "1 matching article".
std::string matches_phrase(const SearchResults& results) {
    const bool one = results.matches_exact && results.matches_lower == 1;
    const char* unit = results.unit == ResultUnit::passage ? (one ? "passage" : "passages")
                       : results.collapsed                 ? (one ? "story" : "stories")
                                                           : (one ? "article" : "articles");
    return fmt::format("{}{} matching {}", results.matches_exact ? "" : "at least ",
                       results.matches_lower, unit);
}

/// "+2 other reports: Reuters 1987-03-02 (earliest), AP 1987-03-03", for a result in a story
/// of several; empty for one alone.
std::string other_reports_line(const ArticleHit& hit) {
    constexpr std::size_t kShown = 3;
    const std::size_t others = hit.story_size > 0 ? hit.story_size - 1 : 0;
    if (others == 0 || hit.other_reports.empty()) return "";
    std::string listed;
    for (std::size_t i = 0; i < hit.other_reports.size() && i < kShown; ++i) {
        const StoryReport& r = hit.other_reports[i];
        std::string one = r.outlet.empty() ? "" : one_line(r.outlet);
        one += (one.empty() ? "" : " ") + (r.date.empty() ? std::string("undated") : r.date);
        if (i == 0 && !hit.earliest) one += " (earliest)";
        listed += (listed.empty() ? "" : ", ") + one;
    }
    const std::size_t unlisted = others - std::min(others, std::min(hit.other_reports.size(), kShown));
    if (unlisted > 0) listed += fmt::format(" and {} more", unlisted);
    return fmt::format("+{} other report{}: {}{}", others, others == 1 ? "" : "s", listed,
                       hit.earliest ? "; this is the earliest" : "");
}

/// The text output's last line: what was shown of how many, or why nothing was.
std::string footer(const SearchResults& results) {
    if (!results.hits.empty()) {
        return fmt::format("{}-{} of {}", results.hits.front().rank, results.hits.back().rank,
                           matches_phrase(results));
    }
    if (results.matches_lower == 0) return fmt::format("No results for '{}'.", results.query);
    if (results.offset > 0) {
        return fmt::format("No results at offset {} for '{}': {}.", results.offset, results.query,
                           matches_phrase(results));
    }
    return fmt::format("{} for '{}'.", matches_phrase(results), results.query);
}

/// The lines describing `results`' query: "query 7 (en): ..." in a batch, "query (en): ...".
std::vector<std::string> query_lines(const std::string& qid, const SearchResults& results, bool batch) {
    std::vector<std::string> lines = describe_lines(results.parsed, results.expansion);
    if (batch && !lines.empty()) lines.front().insert(std::string_view("query").size(), " " + qid);
    return lines;
}

/// "Did you mean 'gorbachev reforms'? (Gorbachov: in no article; gorbachev: in 31)".
std::string did_you_mean_line(const SearchResults& results) {
    std::vector<std::string> words;
    for (const SpellingSuggestion& s : results.suggestions) {
        const std::string found = s.articles == 0 ? "in no article"
                                  : s.articles == 1 ? "in 1 article"
                                                    : fmt::format("in {} articles", s.articles);
        words.push_back(fmt::format("{}: {}; {}: in {} articles", s.word, found, s.suggestion,
                                    s.suggestion_articles));
    }
    return fmt::format("Did you mean '{}'? ({})", results.corrected_query, fmt::join(words, "; "));
}

/// "expanded with: oil 1.000, opec 0.731", for --expand without --show-query.
std::string expansion_line(const SearchResults& results) {
    std::vector<std::string> terms;
    for (const auto& [term, weight] : results.expansion) terms.push_back(fmt::format("{} {:.3f}", term, weight));
    return fmt::format("Expanded with: {}", fmt::join(terms, ", "));
}

class TextPrinter : public ResultPrinter {
  public:
    TextPrinter(std::ostream& out, const OutputOptions& options) : out_(out), options_(options) {}

    void print(const std::string& qid, const SearchResults& results) override {
        if (options_.show_query && options_.query_out == nullptr) {
            for (const std::string& line : query_lines(qid, results, options_.per_query_json)) {
                fmt::print(out_, "{}\n", line);
            }
            fmt::print(out_, "\n");
        } else if (!results.expansion.empty()) {
            fmt::print(out_, "{}\n\n", expansion_line(results));
        }
        if (!results.suggestions.empty()) fmt::print(out_, "{}\n\n", did_you_mean_line(results));
        // With --like-text the first result holding the text, from the first page, is where
        // it appeared first.
        bool earliest = results.offset == 0;
        for (const ArticleHit& hit : results.hits) {
            print_hit(hit, earliest && hit.contains_text);
            if (hit.contains_text) earliest = false;
        }
        fmt::print(out_, "{}\n", footer(results));
        if (!results.missing_shards.empty()) {
            fmt::print(out_, "Missing shards (not answering, left out): {}\n",
                       fmt::join(results.missing_shards, ", "));
        }
    }

  private:
    std::string style(std::string_view text, std::string_view code) const {
        if (!options_.color) return std::string(text);
        return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
    }

    std::string display_path(const std::string& path) const {
        const std::string& base = options_.relative_to;
        if (!base.empty() && path.size() > base.size() + 1 && path.compare(0, base.size(), base) == 0 &&
            path[base.size()] == '/') {
            return path.substr(base.size() + 1);
        }
        return path;
    }

    /// The passage's window (PassageHit::window), its highlights marked, "... " before and
    /// " ..." after where it cuts the passage.
    std::string highlighted(const PassageHit& passage) const {
        const std::string_view text = passage.text;
        const std::size_t begin = std::min(passage.window.begin, text.size());
        const std::size_t end = std::clamp(passage.window.end, begin, text.size());
        std::string out = begin > 0 ? "... " : "";
        std::size_t at = begin;
        for (const Highlight& h : passage.highlights) {
            if (h.begin < at || h.end > end) continue;
            out += text.substr(at, h.begin - at);
            out += style(text.substr(h.begin, h.end - h.begin), "1;31");
            at = h.end;
        }
        out += text.substr(at, end - at);
        if (end < text.size()) out += " ...";
        // Indent continuation lines under the result.
        std::string indented;
        for (char c : out) {
            indented += c;
            if (c == '\n') indented += "    ";
        }
        return indented;
    }

    /// Whether `hit` holds the text --like-text was given, under its result.
    void print_containment(const ArticleHit& hit, bool earliest) {
        const long percent = std::lround(*hit.containment * 100);
        if (!hit.contains_text) {
            fmt::print(out_, "    similar; does not contain the text ({}% of its 5-word runs)\n", percent);
            return;
        }
        fmt::print(out_, "    {}\n",
                   style(fmt::format("contains the text ({}% of its 5-word runs){}", percent,
                                     earliest ? ", the earliest that does" : ", a reuse"),
                         "1;35"));
    }

    void print_hit(const ArticleHit& hit, bool earliest) {
        const std::string date = shown_date(hit);
        const std::string title = hit.title.empty() ? "(untitled)" : hit.title;
        const std::string outlet =
            hit.outlets.empty() ? "" : style(" · " + one_line(hit.outlets.front()), "33");
        fmt::print(out_, "{:>2}. {}{}  {}\n", hit.rank, style(date, "36"), outlet, style(title, "1"));
        const std::uint32_t line = hit.passages.empty() ? hit.line : hit.passages.front().line;
        std::string more;
        if (hit.more_passages > 0) {
            more = fmt::format(", {} more matching passage{}", hit.more_passages,
                               hit.more_passages == 1 ? "" : "s");
        }
        fmt::print(out_, "    {}  (score {:.3f}{})\n",
                   style(fmt::format("{}:{}", escape_text(display_path(hit.path)), line), "32"),
                   hit.score, more);
        if (const std::string reports = other_reports_line(hit); !reports.empty()) {
            fmt::print(out_, "    {}\n", style(reports, "35"));
        }
        if (!hit.explanation.empty()) {
            std::string parts;
            for (const auto& [part, value] : hit.explanation) {
                parts += fmt::format("{}{}={:.4g}", parts.empty() ? "" : " ", part, value);
            }
            fmt::print(out_, "    explain: {}\n", parts);
        }
        if (!hit.term_weights.empty()) {
            std::string terms;
            for (const auto& [term, value] : hit.term_weights) {
                terms += fmt::format("{}{}={:.4g}", terms.empty() ? "" : " ", term, value);
            }
            fmt::print(out_, "    terms: {}\n", terms);
        }
        for (std::size_t i = 0; i < hit.passages.size(); ++i) {
            if (i > 0) {
                fmt::print(out_, "    {}\n",
                           style(fmt::format("[line {}]", hit.passages[i].line), "32"));
            }
            fmt::print(out_, "    {}\n", highlighted(hit.passages[i]));
        }
        if (hit.containment) print_containment(hit, earliest);
        fmt::print(out_, "\n");
    }

    std::ostream& out_;
    OutputOptions options_;
};

class JsonPrinter : public ResultPrinter {
  public:
    JsonPrinter(std::ostream& out, const OutputOptions& options) : out_(out), options_(options) {}

    void print(const std::string& qid, const SearchResults& results) override {
        if (options_.per_query_json) {
            Json json = results_json(results);
            json["qid"] = qid;
            out_ << dump(json) << '\n';
            return;
        }
        const Json did_you_mean = results.suggestions.empty() ? Json() : did_you_mean_json(results);
        for (const ArticleHit& hit : results.hits) {
            Json json = hit_json(hit);
            if (!did_you_mean.is_null()) json["did_you_mean"] = did_you_mean;
            if (!results.missing_shards.empty()) json["missing_shards"] = results.missing_shards;
            out_ << dump(json) << '\n';
        }
        // One object a result: without results, the suggestion has no line of its own there.
        if (results.hits.empty() && !results.suggestions.empty()) {
            fmt::print(stderr, "gazette-search: {}\n", did_you_mean_line(results));
        }
    }

    void print_error(const std::string& qid, const std::string& message) override {
        out_ << dump(Json{{"qid", qid}, {"error", message}}) << '\n';
    }

  private:
    std::ostream& out_;
    OutputOptions options_;
};

/// `--count`: each query's exact count ("N", or "qid<TAB>N" in a batch; with JSON one object
/// a query).
class CountPrinter : public ResultPrinter {
  public:
    CountPrinter(std::ostream& out, bool json, bool batch) : out_(out), json_(json), batch_(batch) {}

    void print(const std::string& qid, const SearchResults& results) override {
        if (json_) {
            Json json = count_json(results);
            if (batch_) json["qid"] = qid;
            out_ << dump(json) << '\n';
        } else if (batch_) {
            fmt::print(out_, "{}\t{}\n", qid, results.matches_lower);
        } else {
            fmt::print(out_, "{}\n", results.matches_lower);
        }
    }

    void print_error(const std::string& qid, const std::string& message) override {
        if (json_) out_ << dump(Json{{"qid", qid}, {"error", message}}) << '\n';
    }

  private:
    std::ostream& out_;
    bool json_;
    bool batch_;
};

class TsvPrinter : public ResultPrinter {
  public:
    explicit TsvPrinter(std::ostream& out) : out_(out) {}

    void print(const std::string& qid, const SearchResults& results) override {
        for (const ArticleHit& hit : results.hits) {
            const std::uint32_t line = hit.passages.empty() ? hit.line : hit.passages.front().line;
            const std::string text = hit.passages.empty() ? "" : hit.passages.front().text;
            fmt::print(out_, "{}\t{}\t{:.6f}\t{}\t{}\t{}\t{}:{}\t{}\n", qid, hit.rank, hit.score,
                       run_line_docno(hit, results.unit), hit.date, one_line(hit.title),
                       escape_text(hit.path), line, one_line(text));
        }
    }

  private:
    std::ostream& out_;
};

class TrecPrinter : public ResultPrinter {
  public:
    TrecPrinter(std::ostream& out, std::string tag) : out_(out), tag_(std::move(tag)) {}

    void print(const std::string& qid, const SearchResults& results) override {
        for (const ArticleHit& hit : results.hits) {
            std::string docno = run_line_docno(hit, results.unit);
            for (char& c : docno) {
                if (c == ' ' || c == '\t') c = '_';
            }
            fmt::print(out_, "{} Q0 {} {} {:.6f} {}\n", qid, docno, hit.rank, hit.score, tag_);
        }
    }

  private:
    std::ostream& out_;
    std::string tag_;
};

/// Prints each query as parsed on a stream of its own (stderr), then hands the results on.
class ShowQueryPrinter : public ResultPrinter {
  public:
    ShowQueryPrinter(std::unique_ptr<ResultPrinter> inner, std::ostream& out, bool batch)
        : inner_(std::move(inner)), out_(out), batch_(batch) {}

    void print(const std::string& qid, const SearchResults& results) override {
        for (const std::string& line : query_lines(qid, results, batch_)) fmt::print(out_, "{}\n", line);
        out_.flush();
        inner_->print(qid, results);
    }
    void print_error(const std::string& qid, const std::string& message) override {
        inner_->print_error(qid, message);
    }

  private:
    std::unique_ptr<ResultPrinter> inner_;
    std::ostream& out_;
    bool batch_;
};

/// How many outlets the text of --stats names; JSON has them all.
constexpr std::size_t kOutletsShown = 10;

/// "label  a 3, b 2" on one line, at most `shown` names and then "and N more".
void print_counts(std::ostream& out, const char* label,
                  const std::vector<std::pair<std::string, std::uint64_t>>& counts,
                  std::size_t shown = std::numeric_limits<std::size_t>::max()) {
    fmt::print(out, "{:<18}", label);
    std::string sep;
    for (std::size_t i = 0; i < counts.size() && i < shown; ++i) {
        const auto& [name, count] = counts[i];
        fmt::print(out, "{}{} {}", sep, name.empty() ? "(unknown)" : one_line(name), count);
        sep = ", ";
    }
    if (counts.size() > shown) fmt::print(out, " and {} more", counts.size() - shown);
    fmt::print(out, "\n");
}

}  // namespace

void ResultPrinter::print_error(const std::string&, const std::string&) {}

OutputFormat parse_output_format(const std::string& name) {
    if (name == "text") return OutputFormat::text;
    if (name == "json" || name == "jsonl") return OutputFormat::json;
    if (name == "tsv") return OutputFormat::tsv;
    if (name == "trec") return OutputFormat::trec;
    throw UsageError("unknown output format '" + name + "' (use text, json, tsv or trec)");
}

bool shows_highlights(OutputFormat format) {
    return format == OutputFormat::text || format == OutputFormat::json;
}

namespace {

std::unique_ptr<ResultPrinter> make_format_printer(OutputFormat format, std::ostream& out,
                                                   const OutputOptions& options) {
    if (options.counts_only) {
        return std::make_unique<CountPrinter>(out, format == OutputFormat::json, options.per_query_json);
    }
    switch (format) {
        case OutputFormat::json: return std::make_unique<JsonPrinter>(out, options);
        case OutputFormat::tsv: return std::make_unique<TsvPrinter>(out);
        case OutputFormat::trec: return std::make_unique<TrecPrinter>(out, options.run_tag);
        case OutputFormat::text: break;
    }
    return std::make_unique<TextPrinter>(out, options);
}

}  // namespace

std::unique_ptr<ResultPrinter> make_printer(OutputFormat format, std::ostream& out,
                                            const OutputOptions& options) {
    auto printer = make_format_printer(format, out, options);
    const bool text = format == OutputFormat::text && !options.counts_only;
    if (!options.show_query || (text && options.query_out == nullptr)) return printer;
    std::ostream& query_out = options.query_out != nullptr ? *options.query_out : std::cerr;
    return std::make_unique<ShowQueryPrinter>(std::move(printer), query_out, options.per_query_json);
}

void print_stats(std::ostream& out, const DatabaseStats& stats, bool json) {
    if (json) {
        out << dump(stats_json(stats)) << '\n';
        return;
    }
    fmt::print(out, "{:<18}{}\n", "database", escape_text(stats.path));
    fmt::print(out, "{:<18}{}\n", "articles", stats.articles);
    fmt::print(out, "{:<18}{}\n", "passages", stats.passages);
    fmt::print(out, "{:<18}{}\n", "files", stats.files);
    fmt::print(out, "{:<18}{}\n", "shards", stats.shards);
    for (const auto& [name, address] : stats.remote_shards) {
        fmt::print(out, "{:<18}{} at {} (xapian-tcpsrv)\n", "", name, address);
    }
    if (!stats.missing_shards.empty()) {
        fmt::print(out, "{:<18}{}\n", "missing shards", fmt::join(stats.missing_shards, ", "));
    }
    if (!stats.first_date.empty()) {
        fmt::print(out, "{:<18}{} .. {}\n", "dates", stats.first_date, stats.last_date);
    }
    fmt::print(out, "{:<18}{}\n", "without a date", stats.undated_articles);
    print_counts(out, "date sources", stats.date_sources);
    print_counts(out, "languages", stats.languages);
    print_counts(out, "sources", stats.collections);
    print_counts(out, "outlets", stats.outlets, kOutletsShown);
    fmt::print(out, "{:<18}{}\n", "without an outlet", stats.articles_without_outlet);
    fmt::print(out, "{:<18}{:.1f} MB\n", "size on disk", static_cast<double>(stats.bytes_on_disk) / 1e6);
}

}  // namespace gazette
