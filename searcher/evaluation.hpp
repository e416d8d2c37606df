//! Retrieval evaluation against TREC relevance judgments, computed as trec_eval 9.x does.
//!
//! Entry point: evaluate(), which scores a Run against Qrels and returns an Evaluation: one
//! QueryMeasures per counted query plus their mean. It does no I/O, so batch code can build a
//! Run from search results in memory and call it directly. read_qrels() and read_run() parse
//! the TREC text formats; print_trec_eval() and print_json() write an Evaluation out;
//! run_evaluation() strings all of these together and is the whole of the gazette-eval CLI.
//! docs/evaluation-tool.md gives every measure's definition and where it meets trec_eval.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <istream>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace gazette {

/// Relevance judgments: for each query, each judged document's grade. A grade above 0 means
/// relevant; nDCG uses the grade itself as the gain. Queries are kept in byte order (strcmp),
/// the order in which trec_eval reports them.
struct Qrels {
    std::map<std::string, std::map<std::string, int>> grades;  // qid -> docno -> grade

    /// Records a judgment; a second judgment of the same document for the same query replaces
    /// the first (read_qrels() rejects such files before it gets here).
    void add(const std::string& qid, const std::string& docno, int grade);
};

/// One retrieved document. The rank column of a run file is not kept: trec_eval ignores it and
/// orders each query's documents by score (see evaluate()).
struct RunEntry {
    std::string docno;
    double score = 0.0;
};

/// A ranked run: for each query, its retrieved documents in any order.
struct Run {
    std::map<std::string, std::vector<RunEntry>> results;  // qid -> retrieved documents

    void add(const std::string& qid, const std::string& docno, double score);
};

/// The measures of one query, or (in Evaluation::mean) their summary over all counted queries.
struct QueryMeasures {
    std::string qid;  // "all" for the summary
    std::int64_t num_ret = 0;      // documents retrieved, duplicates removed
    std::int64_t num_rel = 0;      // relevant documents in the qrels
    std::int64_t num_rel_ret = 0;  // relevant documents retrieved
    double map = 0.0;              // average precision (its mean in the summary)
    double recip_rank = 0.0;
    double p_10 = 0.0;
    double p_30 = 0.0;
    double recall_1000 = 0.0;
    double ndcg_cut_10 = 0.0;
};

struct Evaluation {
    /// The counted queries, in qid byte order.
    std::vector<QueryMeasures> per_query;
    /// qid "all": counts summed, every other measure averaged over the counted queries (all 0
    /// when no query counts).
    QueryMeasures mean;
    /// How many queries counted: per_query.size().
    std::size_t num_q = 0;
    /// Whether queries missing from the run were counted (trec_eval -c).
    bool complete = false;
    /// Queries with relevant documents that the run has no results for: scored as all zeros
    /// (num_rel kept) when `complete`, otherwise left out of the averages as trec_eval does.
    std::vector<std::string> unretrieved;
    /// Run lines dropped because their query already retrieved that docno at a better place.
    std::size_t duplicates_dropped = 0;
};

/// Scores `run` against `qrels`. A query counts when it has at least one relevant document and,
/// unless `complete` (trec_eval -c), appears in the run. Each query's documents are ranked by
/// score descending, ties by docno descending in byte order, as trec_eval ranks them; of a
/// docno retrieved more than once only its first occurrence in that order is kept.
Evaluation evaluate(const Qrels& qrels, const Run& run, bool complete);

/// `run` at article level, "MaxP": each passage docno `DOCNO.pN` (what gazette-search's passage
/// runs print) becomes its article's `DOCNO`, scored by its best passage; other docnos are kept
/// as they are. Each query's articles keep the order of their best passages.
Run max_passage(const Run& run);

/// Reads TREC qrels lines "qid iter docno grade" (whitespace separated, iter ignored). Blank
/// lines and lines starting with '#' are skipped. Throws InputError "name:line: reason" for a
/// line without exactly 4 fields, a grade that is not an integer, or a document judged twice
/// for the same query.
Qrels read_qrels(std::istream& in, const std::string& name);

/// Reads TREC run lines "qid Q0 docno rank score tag" (whitespace separated; Q0, rank and tag
/// ignored). Blank lines and lines starting with '#' are skipped. Throws InputError
/// "name:line: reason" for a line without exactly 6 fields or a score that is not a finite
/// number.
Run read_run(std::istream& in, const std::string& name);

/// trec_eval's layout, "measure<TAB>qid<TAB>value" with the measure name padded to 22 columns,
/// counts as integers and the rest with 4 decimals: the per-query lines first when
/// `per_query`, then the "all" lines.
void print_trec_eval(std::ostream& out, const Evaluation& evaluation, bool per_query);

/// One JSON object with unrounded values: "num_q", "complete", "all" (the summary, keyed by
/// trec_eval's measure names), "unretrieved", "duplicates_dropped", and "per_query" (an array
/// of objects with "qid") only when `per_query`. See docs/evaluation-tool.md.
void print_json(std::ostream& out, const Evaluation& evaluation, bool per_query);

/// What gazette-eval does, filled from its command line.
struct EvalOptions {
    std::filesystem::path qrels;
    std::filesystem::path run;
    bool per_query = false;  // -q
    bool complete = false;   // -c
    bool json = false;       // --json
    bool maxp = false;       // --maxp: score a passage run at article level (max_passage())
};

/// Reads both files, evaluates and prints the report to `out`. Writes one "warning: ..." line
/// to `log` when judged queries are missing from the run without `complete`, and one when
/// duplicates were dropped. Throws InputError for a file that cannot be opened or read, or a
/// malformed line.
void run_evaluation(const EvalOptions& options, std::ostream& out, std::ostream& log);

}  // namespace gazette
