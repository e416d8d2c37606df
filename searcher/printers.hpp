//! Result printers: text for people, JSON Lines, TSV and TREC runs for programs, all behind one
//! interface so a batch run or a single search can use any of them.
//!
//! Entry point: make_printer(). docs/output-format.md documents every format and field; change
//! it in the same commit as the printers.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "searcher.hpp"

namespace gazette {

enum class OutputFormat { text, json, tsv, trec };

struct OutputOptions {
    bool color = false;               // ANSI colour for highlights (text only)
    bool per_query_json = false;      // JSON: one object per query (batch) instead of per hit
    std::string run_tag = "gazette";  // TREC run tag
    std::string relative_to;          // text: paths under this folder are shown relative to it
    bool counts_only = false;         // print each query's exact count instead of its results
    /// Print each query as parsed (describe_lines()): the text output at the top of its
    /// results, every other format on `query_out`; with `query_out` set, always there.
    bool show_query = false;
    std::ostream* query_out = nullptr;
};

class ResultPrinter {
  public:
    virtual ~ResultPrinter() = default;
    /// Prints the results of one query; `qid` is the query's id in a batch, "1" otherwise.
    virtual void print(const std::string& qid, const SearchResults& results) = 0;
    /// A query of a batch that failed with `message`: JSON prints {"qid", "error"} in its place
    /// (the message itself goes to stderr, from run_batch()); the other formats print nothing.
    virtual void print_error(const std::string& qid, const std::string& message);
};

/// Throws UsageError for a format name it does not know.
OutputFormat parse_output_format(const std::string& name);

/// Whether `format` shows which words matched (text and JSON do; TSV and TREC runs do not).
bool shows_highlights(OutputFormat format);

std::unique_ptr<ResultPrinter> make_printer(OutputFormat format, std::ostream& out,
                                            const OutputOptions& options);

/// The counts of Searcher::tally() as one JSON object (docs/output-format.md).
std::string tally_to_json(const Tally& tally);

/// Facets and timeline as text (bars in `width` columns) or as tally_to_json().
void print_tally(std::ostream& out, const Tally& tally, bool json, std::size_t width);

/// The `--stats` report, as text or as one JSON object.
void print_stats(std::ostream& out, const DatabaseStats& stats, bool json);

}  // namespace gazette
