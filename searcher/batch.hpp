//! Batch runs: many queries through one opened database, on several threads, in a
//! deterministic output order.
//!
//! Entry points: read_topics() reads a query file (one query a line, `qid<TAB>query` lines, or
//! TREC topics); run_batch() runs them and hands each query's results, in input order, to a
//! ResultPrinter. A query that fails is reported with its qid and the batch goes on.
#pragma once

#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "printers.hpp"
#include "searcher.hpp"

namespace gazette {

struct Topic {
    std::string qid;
    std::string text;
    std::size_t line = 0;  // line of the query file where the topic starts
    /// Why the topic cannot run ("name:line: empty query"), or empty: run_batch() reports it as
    /// the query's failure, in its place, so the output still lines up with the input.
    std::string error = {};
};

/// Reads topics. TREC topic files (`<top>`, `<num>`, `<title>`, `<desc>`, `<narr>`) are
/// recognised by their `<top>` tags; `fields` chooses which of title, desc, narr make up the
/// query text (joined by spaces). Other files are read a line each: `qid<TAB>query`, or a bare
/// query numbered by its line. Blank lines and lines starting with '#' are skipped; a UTF-8
/// byte order mark before the first line is not part of it. A topic whose query is empty
/// (`q6<TAB>`, a TREC topic without the chosen fields) is kept with its `error` set, and so is
/// one whose line is too long to read whole (over kMaxQueryBytes + 1,024 bytes: the file is
/// read a bounded line at a time, the rest of such a line counted and dropped).
/// Throws InputError naming the file and line for a TREC topic without a number.
std::vector<Topic> read_topics(std::istream& in, const std::string& name,
                               const std::vector<std::string>& fields = {"title"});

struct BatchOptions {
    std::string db_path;
    std::string language;  // query stemmer override, as for Searcher
    schema::ReadOptions read;  // remote shards' timeouts, --allow-partial
    unsigned threads = 1;
    SearchRequest request;  // everything but the query text
};

struct BatchSummary {
    std::size_t queries = 0;
    std::size_t failed = 0;             // queries that failed, for whatever reason
    std::size_t database_failures = 0;  // of those, the ones the database failed (IndexError)
    double seconds = 0;
};

/// Runs every topic; results reach `printer` in input order, and a failed query reaches it as
/// print_error() in its place. `on_error` receives one line per failed query: "query QID:
/// message". A query fails alone when it is empty, cannot be parsed or the database fails it;
/// the batch goes on.
BatchSummary run_batch(const std::vector<Topic>& topics, const BatchOptions& options,
                       ResultPrinter& printer,
                       const std::function<void(const std::string&)>& on_error);

}  // namespace gazette
