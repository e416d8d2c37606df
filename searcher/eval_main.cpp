//! gazette-eval: scores a TREC run against TREC qrels, trec_eval style. The work is
//! run_evaluation() in evaluation.hpp; this file only parses options; cli::Program maps errors
//! to exit statuses (0 ok, 1 unreadable or malformed input, 2 usage).
#include <iostream>

#include "evaluation.hpp"
#include "program.hpp"

int main(int argc, char** argv) {
    gazette::cli::Program program(
        {"gazette-eval",
         "Score a TREC run against TREC qrels: num_q, num_ret, num_rel, num_rel_ret, map, "
         "recip_rank, P_10, P_30, recall_1000, ndcg_cut_10, as trec_eval 9 computes them.",
         {"gazette-eval qrels.trec run.trec", "gazette-eval -q --json qrels.trec run.trec",
          "gazette-eval --maxp qrels.trec passages.trec    (a --unit passage run, by article)"},
         {}});
    gazette::EvalOptions options;
    CLI::App& app = program.app();
    app.add_option("QRELS", options.qrels, "Relevance judgments: qid 0 docno grade")->required();
    app.add_option("RUN", options.run, "Ranked results: qid Q0 docno rank score tag")->required();
    app.add_flag("-q,--per-query", options.per_query, "Print each query's measures too");
    app.add_flag("-c,--complete", options.complete,
                 "Count judged queries missing from the run, as 0 (trec_eval -c)");
    app.add_flag("--json", options.json, "Print one JSON object instead of trec_eval lines");
    app.add_flag("--maxp", options.maxp,
                 "Score a passage run (docnos DOCNO.pN) at article level: each article by its best passage");
    if (auto status = program.parse(argc, argv)) return *status;
    return program.run([&] {
        gazette::run_evaluation(options, std::cout, std::cerr);
        return gazette::cli::kExitOk;
    });
}
