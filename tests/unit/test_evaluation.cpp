//! Unit tests of evaluation.hpp: every measure against values worked out by hand in the
//! comments, trec_eval's ranking rules (score, then docno descending; rank column ignored),
//! which queries count with and without -c, duplicates, malformed input and both printers.
#include <cmath>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "errors.hpp"
#include "evaluation.hpp"
#include "../test_support.hpp"

namespace {

using gazette::Evaluation;
using gazette::QueryMeasures;

// The worked example; tests/data/eval/{qrels,run}.trec hold the same lines.
//
// q1 has 4 relevant documents: d1 (grade 2), d9 (grade 2, never retrieved), d3 and d4 (grade 1);
// d2 is judged not relevant. q2 has 2 relevant documents of grade 1. q3 is judged but has no
// relevant document, so it never counts. q4 is judged but absent from the run.
const char* const example_qrels = R"(# The worked example.
q1 0 d1 2
q1 0 d2 0
q1 0 d3 1
q1 0 d4 1
q1 0 d9 2
q2 0 e1 1
q2 0 e2 1
q3 0 x1 0
q4 0 m1 1
)";

// Lines are shuffled and the rank column contradicts the scores: only scores decide. Scores
// compare as numbers ("10" above "9"). q9 is not in the qrels and is ignored.
//
// Ranked q1: 1 d1 (2), 2 d2 (0), 3 d3 (1), 4 d5 (unjudged), 5 d4 (1)
// Ranked q2: 1 n1 (-), 2 e2 (1), 3 n2 (-), 4 e1 (1)
const char* const example_run = R"(q2 Q0 e1 1 2.0 example
q1 Q0 d4 1 6 example
q1 Q0 d1 5 10 example
q1 Q0 d2 4 9 example
q2 Q0 n1 4 5.0 example
q1 Q0 d5 2 7 example
q1 Q0 d3 3 8 example
q2 Q0 e2 3 4.0 example
q2 Q0 n2 2 3.0 example
q3 Q0 x1 1 1.0 example
q9 Q0 z1 1 1.0 example
)";

gazette::Qrels qrels_from(const std::string& text, const std::string& name = "qrels.trec") {
    std::istringstream in(text);
    return gazette::read_qrels(in, name);
}

gazette::Run run_from(const std::string& text, const std::string& name = "run.trec") {
    std::istringstream in(text);
    return gazette::read_run(in, name);
}

Evaluation evaluate_text(const std::string& qrels, const std::string& run, bool complete) {
    return gazette::evaluate(qrels_from(qrels), run_from(run), complete);
}

Approx near(double value) {
    return Approx(value).margin(1e-12);
}

// q1 by hand (num_rel 4, relevant at ranks 1, 3, 5):
//   AP     = (1/1 + 2/3 + 3/5) / 4 = 2.26667 / 4 = 0.566667
//   RR     = 1/1 = 1
//   P@10   = 3/10 = 0.3;  P@30 = 3/30 = 0.1  (only 5 retrieved: k stays the divisor)
//   R@1000 = 3/4 = 0.75
//   DCG@10 = 2/log2(2) + 1/log2(4) + 1/log2(6) = 2 + 0.5 + 0.386853 = 2.886853
//   IDCG   = grades 2,2,1,1: 2/log2(2) + 2/log2(3) + 1/log2(4) + 1/log2(5)
//          = 2 + 1.261860 + 0.5 + 0.430677 = 4.192536
//   nDCG@10 = 2.886853 / 4.192536 = 0.688570
const double q1_ap = (1.0 + 2.0 / 3.0 + 3.0 / 5.0) / 4.0;
const double q1_dcg = 2.0 + 1.0 / std::log2(4.0) + 1.0 / std::log2(6.0);
const double q1_idcg = 2.0 + 2.0 / std::log2(3.0) + 1.0 / std::log2(4.0) + 1.0 / std::log2(5.0);
const double q1_ndcg = q1_dcg / q1_idcg;

// q2 by hand (num_rel 2, relevant at ranks 2 and 4):
//   AP     = (1/2 + 2/4) / 2 = 0.5
//   RR     = 1/2
//   P@10   = 2/10 = 0.2;  P@30 = 2/30 = 0.066667
//   R@1000 = 2/2 = 1
//   DCG@10 = 1/log2(3) + 1/log2(5) = 0.630930 + 0.430677 = 1.061606
//   IDCG   = 1/log2(2) + 1/log2(3) = 1.630930
//   nDCG@10 = 1.061606 / 1.630930 = 0.650921
const double q2_ndcg =
    (1.0 / std::log2(3.0) + 1.0 / std::log2(5.0)) / (1.0 + 1.0 / std::log2(3.0));

}  // namespace

TEST_CASE("evaluate: the two-query example by hand", "[unit][evaluation]") {
    const Evaluation e = evaluate_text(example_qrels, example_run, false);

    // q3 (no relevant document), q4 (not in the run) and q9 (not judged) do not count.
    REQUIRE(e.num_q == 2);
    REQUIRE(e.per_query.size() == 2);
    CHECK(e.unretrieved == std::vector<std::string>{"q4"});
    CHECK(e.duplicates_dropped == 0);

    const QueryMeasures& q1 = e.per_query[0];
    CHECK(q1.qid == "q1");
    CHECK(q1.num_ret == 5);
    CHECK(q1.num_rel == 4);
    CHECK(q1.num_rel_ret == 3);
    CHECK(q1.map == near(0.5666666666666667));
    CHECK(q1.map == near(q1_ap));
    CHECK(q1.recip_rank == near(1.0));
    CHECK(q1.p_10 == near(0.3));
    CHECK(q1.p_30 == near(0.1));
    CHECK(q1.recall_1000 == near(0.75));
    CHECK(q1.ndcg_cut_10 == near(q1_ndcg));
    CHECK(q1.ndcg_cut_10 == Approx(0.688570).margin(1e-6));

    const QueryMeasures& q2 = e.per_query[1];
    CHECK(q2.qid == "q2");
    CHECK(q2.num_ret == 4);
    CHECK(q2.num_rel == 2);
    CHECK(q2.num_rel_ret == 2);
    CHECK(q2.map == near(0.5));
    CHECK(q2.recip_rank == near(0.5));
    CHECK(q2.p_10 == near(0.2));
    CHECK(q2.p_30 == near(2.0 / 30.0));
    CHECK(q2.recall_1000 == near(1.0));
    CHECK(q2.ndcg_cut_10 == near(q2_ndcg));
    CHECK(q2.ndcg_cut_10 == Approx(0.650921).margin(1e-6));

    // "all": counts summed, the rest averaged over the 2 counted queries.
    //   map = (0.566667 + 0.5) / 2 = 0.533333   RR = (1 + 0.5) / 2 = 0.75
    //   P@10 = (0.3 + 0.2) / 2 = 0.25           P@30 = (0.1 + 0.066667) / 2 = 0.083333
    //   R@1000 = (0.75 + 1) / 2 = 0.875         nDCG@10 = (0.688570 + 0.650921) / 2 = 0.669745
    const QueryMeasures& all = e.mean;
    CHECK(all.qid == "all");
    CHECK(all.num_ret == 9);
    CHECK(all.num_rel == 6);
    CHECK(all.num_rel_ret == 5);
    CHECK(all.map == near((q1_ap + 0.5) / 2.0));
    CHECK(all.recip_rank == near(0.75));
    CHECK(all.p_10 == near(0.25));
    CHECK(all.p_30 == near((0.1 + 2.0 / 30.0) / 2.0));
    CHECK(all.recall_1000 == near(0.875));
    CHECK(all.ndcg_cut_10 == near((q1_ndcg + q2_ndcg) / 2.0));
    CHECK(all.ndcg_cut_10 == Approx(0.669745).margin(1e-6));
}

TEST_CASE("evaluate: a judged query missing from the run counts only with -c",
          "[unit][evaluation]") {
    SECTION("default: left out, like trec_eval") {
        const Evaluation e = evaluate_text(example_qrels, example_run, false);
        CHECK(e.num_q == 2);
        CHECK_FALSE(e.complete);
        CHECK(e.mean.num_rel == 6);  // q4's relevant document is not counted
    }
    SECTION("-c: q4 scores 0 on every measure and the means are over 3 queries") {
        const Evaluation e = evaluate_text(example_qrels, example_run, true);
        REQUIRE(e.num_q == 3);
        CHECK(e.complete);
        CHECK(e.unretrieved == std::vector<std::string>{"q4"});

        const QueryMeasures& q4 = e.per_query[2];
        CHECK(q4.qid == "q4");
        CHECK(q4.num_ret == 0);
        CHECK(q4.num_rel == 1);  // as trec_eval -c: its relevant documents still count
        CHECK(q4.num_rel_ret == 0);
        CHECK(q4.map == 0.0);
        CHECK(q4.recip_rank == 0.0);
        CHECK(q4.p_10 == 0.0);
        CHECK(q4.p_30 == 0.0);
        CHECK(q4.recall_1000 == 0.0);
        CHECK(q4.ndcg_cut_10 == 0.0);

        // map = (0.566667 + 0.5 + 0) / 3 = 0.355556   RR = (1 + 0.5 + 0) / 3 = 0.5
        // P@10 = 0.5 / 3 = 0.166667                   R@1000 = 1.75 / 3 = 0.583333
        CHECK(e.mean.num_ret == 9);
        CHECK(e.mean.num_rel == 7);
        CHECK(e.mean.num_rel_ret == 5);
        CHECK(e.mean.map == near((q1_ap + 0.5) / 3.0));
        CHECK(e.mean.recip_rank == near(0.5));
        CHECK(e.mean.p_10 == near(0.5 / 3.0));
        CHECK(e.mean.recall_1000 == near(1.75 / 3.0));
        CHECK(e.mean.ndcg_cut_10 == near((q1_ndcg + q2_ndcg) / 3.0));
    }
}

TEST_CASE("evaluate: a query without relevant documents never counts", "[unit][evaluation]") {
    // q3 is judged (x1 grade 0, x2 grade -1) and retrieved, but has nothing relevant.
    const std::string qrels = "q3 0 x1 0\nq3 0 x2 -1\n";
    const std::string run = "q3 Q0 x1 1 2.0 t\nq3 Q0 x2 2 1.0 t\n";
    for (const bool complete : {false, true}) {
        const Evaluation e = evaluate_text(qrels, run, complete);
        CHECK(e.num_q == 0);
        CHECK(e.per_query.empty());
        CHECK(e.unretrieved.empty());
        CHECK(e.mean.num_ret == 0);
        CHECK(e.mean.map == 0.0);
    }
}

TEST_CASE("evaluate: ties are ranked by docno descending in byte order", "[unit][evaluation]") {
    SECTION("c, b, a") {
        // All score 1.0, so the order is c, b, a whatever the file or rank column says.
        // a is the only relevant document: rank 3, RR = 1/3, AP = (1/3) / 1.
        const Evaluation e = evaluate_text("q 0 a 1\n",
                                           "q Q0 a 1 1.0 t\nq Q0 b 2 1.0 t\nq Q0 c 3 1.0 t\n",
                                           false);
        REQUIRE(e.num_q == 1);
        CHECK(e.per_query[0].recip_rank == near(1.0 / 3.0));
        CHECK(e.per_query[0].map == near(1.0 / 3.0));
        // DCG = 1/log2(4) = 0.5; IDCG = 1/log2(2) = 1; nDCG = 0.5.
        CHECK(e.per_query[0].ndcg_cut_10 == near(0.5));
    }
    SECTION("byte order, not numeric order: D9 before D10") {
        // strcmp("D9", "D10") > 0, so descending order puts D9 first and D10 (relevant) second.
        const Evaluation e = evaluate_text("q 0 D10 1\n", "q Q0 D10 1 3 t\nq Q0 D9 2 3 t\n", false);
        CHECK(e.per_query[0].recip_rank == near(0.5));
    }
    SECTION("a higher score wins over the docno") {
        const Evaluation e = evaluate_text("q 0 a 1\n", "q Q0 z 1 0.5 t\nq Q0 a 2 0.75 t\n", false);
        CHECK(e.per_query[0].recip_rank == near(1.0));
    }
}

TEST_CASE("evaluate: a repeated docno keeps its best-ranked line only", "[unit][evaluation]") {
    // Sorted: a (3.0), b (2.0), a (1.0). The second a is dropped, leaving a, b: num_ret 2 and
    // the relevant b at rank 2, so RR = 1/2, AP = (1/2) / 1, P@10 = 1/10. Keeping the file's
    // first a (score 1.0) instead would have put b first.
    const Evaluation e =
        evaluate_text("q 0 b 1\n", "q Q0 a 1 1.0 t\nq Q0 b 2 2.0 t\nq Q0 a 3 3.0 t\n", false);
    REQUIRE(e.num_q == 1);
    CHECK(e.duplicates_dropped == 1);
    CHECK(e.per_query[0].num_ret == 2);
    CHECK(e.per_query[0].num_rel_ret == 1);
    CHECK(e.per_query[0].recip_rank == near(0.5));
    CHECK(e.per_query[0].map == near(0.5));
    CHECK(e.per_query[0].p_10 == near(0.1));
}

TEST_CASE("max_passage: a passage run scored at article level by each article's best passage",
          "[unit][evaluation]") {
    // Passages of a (0.9, 0.4), b (0.7) and c (0.8, 0.2); "x.pdf" and "y.p" are not passage
    // docnos and stay as they are. At article level: a 0.9, c 0.8, b 0.7, x.pdf, y.p.
    std::istringstream in("q Q0 a.p0 1 0.9 t\nq Q0 c.p3 2 0.8 t\nq Q0 b.p1 3 0.7 t\n"
                          "q Q0 a.p2 4 0.4 t\nq Q0 c.p1 5 0.2 t\nq Q0 x.pdf 6 0.1 t\nq Q0 y.p 7 0.05 t\n");
    const gazette::Run run = gazette::max_passage(gazette::read_run(in, "run"));
    std::vector<std::string> docnos;
    std::vector<double> scores;
    for (const auto& entry : run.results.at("q")) {
        docnos.push_back(entry.docno);
        scores.push_back(entry.score);
    }
    CHECK(docnos == std::vector<std::string>{"a", "b", "c", "x.pdf", "y.p"});
    CHECK(scores == std::vector<double>{0.9, 0.7, 0.8, 0.1, 0.05});
    gazette::Qrels qrels;
    qrels.add("q", "c", 1);
    const Evaluation e = gazette::evaluate(qrels, run, false);
    CHECK(e.duplicates_dropped == 0);
    CHECK(e.per_query.at(0).recip_rank == near(0.5));  // c is second, after a
}

TEST_CASE("evaluate: cutoffs at 10, 30 and 1000", "[unit][evaluation]") {
    // 1001 retrieved, scores falling with the index; relevant: ranks 10, 11 and 1001.
    gazette::Qrels qrels;
    gazette::Run run;
    for (int i = 1; i <= 1001; ++i) {
        const std::string docno = "d" + std::to_string(i);
        run.add("q", docno, 2000.0 - i);
        if (i == 10 || i == 11 || i == 1001) {
            qrels.add("q", docno, 1);
        }
    }
    const Evaluation e = gazette::evaluate(qrels, run, false);
    const QueryMeasures& q = e.per_query.at(0);
    CHECK(q.num_ret == 1001);
    CHECK(q.num_rel_ret == 3);
    CHECK(q.p_10 == near(0.1));            // 1 of the top 10
    CHECK(q.p_30 == near(2.0 / 30.0));     // 2 of the top 30
    CHECK(q.recall_1000 == near(2.0 / 3.0));  // rank 1001 is past the cutoff
    // AP runs over the whole ranking: (1/10 + 2/11 + 3/1001) / 3.
    CHECK(q.map == near((1.0 / 10 + 2.0 / 11 + 3.0 / 1001) / 3.0));
    CHECK(q.recip_rank == near(0.1));
    // DCG@10 = 1/log2(11); IDCG@10 = 1 + 1/log2(3) + 1/log2(4).
    CHECK(q.ndcg_cut_10 ==
          near((1.0 / std::log2(11.0)) / (1.0 + 1.0 / std::log2(3.0) + 1.0 / std::log2(4.0))));
}

TEST_CASE("evaluate: empty inputs give zero queries and zero means", "[unit][evaluation]") {
    const Evaluation e = evaluate_text("", "", false);
    CHECK(e.num_q == 0);
    CHECK(e.mean.qid == "all");
    CHECK(e.mean.num_ret == 0);
    CHECK(e.mean.map == 0.0);
    CHECK(e.mean.ndcg_cut_10 == 0.0);

    // Judged queries and an empty run: nothing counts without -c, everything scores 0 with it.
    CHECK(evaluate_text(example_qrels, "", false).num_q == 0);
    const Evaluation complete = evaluate_text(example_qrels, "\n\n", true);
    CHECK(complete.num_q == 3);
    CHECK(complete.mean.num_rel == 7);
    CHECK(complete.mean.map == 0.0);
}

TEST_CASE("read_qrels and read_run: malformed lines name file and line", "[unit][evaluation]") {
    SECTION("qrels with 3 fields") {
        CHECK_THROWS_MATCHES(qrels_from("# judged\nq1 0 d1 1\n\nq1 0 d2\n"), gazette::InputError,
                             Catch::Message("qrels.trec:4: expected 4 fields, got 3"));
    }
    SECTION("qrels with 5 fields") {
        CHECK_THROWS_MATCHES(qrels_from("q1 0 d1 1 extra\n"), gazette::InputError,
                             Catch::Message("qrels.trec:1: expected 4 fields, got 5"));
    }
    SECTION("qrels with a grade that is not an integer") {
        CHECK_THROWS_MATCHES(qrels_from("q1 0 d1 1\nq1 0 d2 yes\n", "judged.txt"),
                             gazette::InputError,
                             Catch::Message("judged.txt:2: grade 'yes' is not an integer"));
        CHECK_THROWS_MATCHES(qrels_from("q1 0 d2 1.5\n"), gazette::InputError,
                             Catch::Message("qrels.trec:1: grade '1.5' is not an integer"));
    }
    SECTION("qrels judging one document twice") {
        CHECK_THROWS_MATCHES(
            qrels_from("q1 0 d1 1\nq2 0 d1 1\nq1 0 d1 0\n"), gazette::InputError,
            Catch::Message(
                "qrels.trec:3: document d1 is judged twice for query q1 (first on line 1)"));
    }
    SECTION("run with 5 fields") {
        CHECK_THROWS_MATCHES(run_from("q1 Q0 d1 1 2.5 t\nq1 Q0 d2 2 2.0\n"), gazette::InputError,
                             Catch::Message("run.trec:2: expected 6 fields, got 5"));
    }
    SECTION("run with a score that is not a number") {
        CHECK_THROWS_MATCHES(run_from("q1 Q0 d1 1 high t\n"), gazette::InputError,
                             Catch::Message("run.trec:1: score 'high' is not a finite number"));
        CHECK_THROWS_MATCHES(run_from("q1 Q0 d1 1 nan t\n"), gazette::InputError,
                             Catch::Message("run.trec:1: score 'nan' is not a finite number"));
    }
    SECTION("accepted variations: tabs, CRLF, negative grades and scores, exponents") {
        const auto qrels = qrels_from("q1\t0\td1\t-1\r\nq1 0 d2 3\r\n");
        CHECK(qrels.grades.at("q1").at("d1") == -1);
        CHECK(qrels.grades.at("q1").at("d2") == 3);
        const auto run = run_from("q1\tQ0\td1\t1\t-1.5e2\trun-a\r\n");
        CHECK(run.results.at("q1").at(0).score == -150.0);
    }
}

TEST_CASE("print_trec_eval: trec_eval's layout, per-query lines first", "[unit][evaluation]") {
    const Evaluation e = evaluate_text("q 0 a 2\nq 0 b 1\n", "q Q0 b 1 2.0 t\nq Q0 z 2 1.0 t\n",
                                       false);
    // b (grade 1) at rank 1; a never retrieved. AP = (1/1) / 2 = 0.5; RR = 1; P@10 = 0.1;
    // P@30 = 1/30; R@1000 = 0.5; nDCG@10 = 1 / (2 + 1/log2(3)) = 1 / 2.630930 = 0.380094.
    std::ostringstream out;
    gazette::print_trec_eval(out, e, true);
    CHECK(out.str() ==
          "num_ret               \tq\t2\n"
          "num_rel               \tq\t2\n"
          "num_rel_ret           \tq\t1\n"
          "map                   \tq\t0.5000\n"
          "recip_rank            \tq\t1.0000\n"
          "P_10                  \tq\t0.1000\n"
          "P_30                  \tq\t0.0333\n"
          "recall_1000           \tq\t0.5000\n"
          "ndcg_cut_10           \tq\t0.3801\n"
          "num_q                 \tall\t1\n"
          "num_ret               \tall\t2\n"
          "num_rel               \tall\t2\n"
          "num_rel_ret           \tall\t1\n"
          "map                   \tall\t0.5000\n"
          "recip_rank            \tall\t1.0000\n"
          "P_10                  \tall\t0.1000\n"
          "P_30                  \tall\t0.0333\n"
          "recall_1000           \tall\t0.5000\n"
          "ndcg_cut_10           \tall\t0.3801\n");

    std::ostringstream summary;
    gazette::print_trec_eval(summary, e, false);
    CHECK(summary.str().rfind("num_q                 \tall\t1\n", 0) == 0);
}

TEST_CASE("print_json: one object with the summary and, on request, each query",
          "[unit][evaluation]") {
    const Evaluation e = evaluate_text(example_qrels, example_run, false);

    std::ostringstream summary;
    gazette::print_json(summary, e, false);
    const auto brief = nlohmann::json::parse(summary.str());
    CHECK(brief["num_q"] == 2);
    CHECK(brief["complete"] == false);
    CHECK(brief["all"]["num_rel_ret"] == 5);
    CHECK(brief["all"]["map"].get<double>() == near((q1_ap + 0.5) / 2.0));
    CHECK(brief["all"]["P_10"].get<double>() == near(0.25));
    CHECK(brief["unretrieved"] == nlohmann::json::array({"q4"}));
    CHECK_FALSE(brief.contains("per_query"));

    std::ostringstream full;
    gazette::print_json(full, e, true);
    const auto detailed = nlohmann::json::parse(full.str());
    REQUIRE(detailed["per_query"].size() == 2);
    CHECK(detailed["per_query"][0]["qid"] == "q1");
    CHECK(detailed["per_query"][0]["ndcg_cut_10"].get<double>() == near(q1_ndcg));
    CHECK(detailed["per_query"][1]["recip_rank"].get<double>() == near(0.5));
}

TEST_CASE("run_evaluation: the example files, warnings and unreadable files",
          "[unit][evaluation]") {
    gazette::EvalOptions options;
    options.qrels = gazette::test::fixture("eval/qrels.trec");
    options.run = gazette::test::fixture("eval/run.trec");

    std::ostringstream out;
    std::ostringstream log;
    gazette::run_evaluation(options, out, log);
    CHECK(out.str().find("num_q                 \tall\t2\n") != std::string::npos);
    CHECK(out.str().find("map                   \tall\t0.5333\n") != std::string::npos);
    CHECK(out.str().find("ndcg_cut_10           \tall\t0.6697\n") != std::string::npos);
    CHECK(log.str() == "warning: " + options.run.string() +
                           " has no results for 1 judged queries (q4); they are left out of the "
                           "averages (-c counts them as 0)\n");

    options.complete = true;
    options.json = true;
    std::ostringstream json_out;
    std::ostringstream quiet;
    gazette::run_evaluation(options, json_out, quiet);
    CHECK(nlohmann::json::parse(json_out.str())["num_q"] == 3);
    CHECK(quiet.str().empty());

    options.run = gazette::test::fixture("eval/no-such-run.trec");
    CHECK_THROWS_AS(gazette::run_evaluation(options, out, log), gazette::InputError);
}
