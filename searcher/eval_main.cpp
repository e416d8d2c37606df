//! gazette-eval: scores a TREC run against TREC qrels, trec_eval style. The work is
//! run_evaluation() in evaluation.hpp; this file only parses options and maps errors to exit
//! codes (0 ok, 1 unreadable or malformed input, 2 usage).
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "errors.hpp"
#include "evaluation.hpp"

int main(int argc, char** argv) {
    gazette::EvalOptions options;
    CLI::App app{"Score a TREC run against TREC qrels: num_q, num_ret, num_rel, num_rel_ret, "
                 "map, recip_rank, P_10, P_30, recall_1000, ndcg_cut_10, as trec_eval 9 "
                 "computes them."};
    app.add_option("QRELS", options.qrels, "Relevance judgments: qid 0 docno grade")
        ->required();
    app.add_option("RUN", options.run, "Ranked results: qid Q0 docno rank score tag")
        ->required();
    app.add_flag("-q,--per-query", options.per_query, "Print each query's measures too");
    app.add_flag("-c,--complete", options.complete,
                 "Count judged queries missing from the run, as 0 (trec_eval -c)");
    app.add_flag("--json", options.json, "Print one JSON object instead of trec_eval lines");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }

    try {
        gazette::run_evaluation(options, std::cout, std::cerr);
    } catch (const gazette::UsageError& e) {
        fmt::print(stderr, "gazette-eval: {}\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        fmt::print(stderr, "gazette-eval: {}\n", e.what());
        return 1;
    }
    return 0;
}
