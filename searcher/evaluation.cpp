//! Retrieval evaluation: the TREC qrels and run readers, the measures, and the two report
//! printers. Entry point: evaluate(). Every measure follows trec_eval 9.x (form_res_rels.c for
//! the ranking, m_*.c for the measures); docs/evaluation-tool.md lists where we differ.
#include "evaluation.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <string_view>
#include <unordered_set>
#include <utility>

#include <nlohmann/json.hpp>

#include "errors.hpp"
#include "text.hpp"

namespace gazette {

void Qrels::add(const std::string& qid, const std::string& docno, int grade) {
    grades[qid][docno] = grade;
}

void Run::add(const std::string& qid, const std::string& docno, double score) {
    results[qid].push_back(RunEntry{docno, score});
}

namespace {

// ---------------------------------------------------------------------------------------------
// Reading

/// Calls on_line(fields, line_number) for each line that is neither blank nor a '#' comment.
void for_each_record(std::istream& in, const std::string& name,
                     const std::function<void(const std::vector<std::string_view>&,
                                              std::size_t)>& on_line) {
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        const auto fields = split_words(line);
        if (fields.empty() || fields.front().front() == '#') {
            continue;
        }
        on_line(fields, number);
    }
    if (in.bad()) {
        throw InputError(name + ": read error after line " + std::to_string(number));
    }
}

std::string where(const std::string& name, std::size_t line) {
    return name + ":" + std::to_string(line) + ": ";
}

void expect_fields(const std::vector<std::string_view>& fields, std::size_t expected,
                   const std::string& name, std::size_t line) {
    if (fields.size() != expected) {
        throw InputError(where(name, line) + "expected " + std::to_string(expected) +
                         " fields, got " + std::to_string(fields.size()));
    }
}

// ---------------------------------------------------------------------------------------------
// Measures

constexpr std::size_t precision_cut_small = 10;
constexpr std::size_t precision_cut_large = 30;
constexpr std::size_t ndcg_cut = 10;
constexpr std::size_t recall_cut = 1000;

/// trec_eval's ranking (comp_sim_docno in form_res_rels.c): score descending, then docno
/// descending in byte order. The run file's rank column plays no part.
bool ranks_before(const RunEntry& a, const RunEntry& b) {
    if (a.score != b.score) {
        return a.score > b.score;
    }
    return a.docno > b.docno;
}

/// The grades of a query's retrieved documents in rank order, 0 for unjudged ones, with each
/// docno's first occurrence in that order only. trec_eval refuses a run with duplicates; we
/// keep the best-placed one so that a run merged from several sources can still be scored.
std::vector<int> ranked_grades(const std::vector<RunEntry>& retrieved,
                               const std::map<std::string, int>& judged,
                               std::size_t& duplicates_dropped) {
    std::vector<const RunEntry*> order;
    order.reserve(retrieved.size());
    for (const auto& entry : retrieved) {
        order.push_back(&entry);
    }
    std::sort(order.begin(), order.end(),
              [](const RunEntry* a, const RunEntry* b) { return ranks_before(*a, *b); });

    std::unordered_set<std::string_view> seen;
    std::vector<int> grades;
    grades.reserve(order.size());
    for (const RunEntry* entry : order) {
        if (!seen.insert(entry->docno).second) {
            ++duplicates_dropped;
            continue;
        }
        const auto judgment = judged.find(entry->docno);
        grades.push_back(judgment == judged.end() ? 0 : judgment->second);
    }
    return grades;
}

/// The DCG discount of 1-based rank r: 1 / log2(r + 1), as trec_eval's m_ndcg_cut.c has it
/// today. (Early 9.0 releases used 1 / log2(r) with rank 1 undiscounted.)
double discount(std::size_t rank) {
    return 1.0 / std::log2(static_cast<double>(rank + 1));
}

/// The measures of one query that has relevant documents. `grades` are the retrieved
/// documents' grades in rank order; `judged` holds the query's qrels.
QueryMeasures score_query(const std::string& qid, const std::vector<int>& grades,
                          const std::map<std::string, int>& judged) {
    QueryMeasures m;
    m.qid = qid;
    std::vector<int> ideal;  // positive grades, best first
    for (const auto& [docno, grade] : judged) {
        if (grade > 0) {
            ideal.push_back(grade);
        }
    }
    std::sort(ideal.begin(), ideal.end(), std::greater<>());
    m.num_rel = static_cast<std::int64_t>(ideal.size());
    m.num_ret = static_cast<std::int64_t>(grades.size());

    const auto rel_in_top = [&grades](std::size_t k) {
        const auto end = grades.begin() + static_cast<std::ptrdiff_t>(std::min(k, grades.size()));
        return static_cast<double>(
            std::count_if(grades.begin(), end, [](int grade) { return grade > 0; }));
    };

    double precision_sum = 0.0;
    double dcg = 0.0;
    std::size_t rel_so_far = 0;
    for (std::size_t i = 0; i < grades.size(); ++i) {
        if (grades[i] <= 0) {
            continue;
        }
        const std::size_t rank = i + 1;
        ++rel_so_far;
        precision_sum += static_cast<double>(rel_so_far) / static_cast<double>(rank);
        if (rel_so_far == 1) {
            m.recip_rank = 1.0 / static_cast<double>(rank);
        }
        if (rank <= ndcg_cut) {
            dcg += grades[i] * discount(rank);
        }
    }
    double ideal_dcg = 0.0;
    for (std::size_t i = 0; i < std::min(ideal.size(), ndcg_cut); ++i) {
        ideal_dcg += ideal[i] * discount(i + 1);
    }

    const auto num_rel = static_cast<double>(m.num_rel);
    m.num_rel_ret = static_cast<std::int64_t>(rel_so_far);
    m.map = precision_sum / num_rel;
    m.p_10 = rel_in_top(precision_cut_small) / static_cast<double>(precision_cut_small);
    m.p_30 = rel_in_top(precision_cut_large) / static_cast<double>(precision_cut_large);
    m.recall_1000 = rel_in_top(recall_cut) / num_rel;
    m.ndcg_cut_10 = ideal_dcg > 0.0 ? dcg / ideal_dcg : 0.0;
    return m;
}

std::int64_t count_relevant(const std::map<std::string, int>& judged) {
    return static_cast<std::int64_t>(std::count_if(
        judged.begin(), judged.end(), [](const auto& judgment) { return judgment.second > 0; }));
}

QueryMeasures mean_of(const std::vector<QueryMeasures>& queries) {
    QueryMeasures mean;
    mean.qid = "all";
    for (const auto& q : queries) {
        mean.num_ret += q.num_ret;
        mean.num_rel += q.num_rel;
        mean.num_rel_ret += q.num_rel_ret;
        mean.map += q.map;
        mean.recip_rank += q.recip_rank;
        mean.p_10 += q.p_10;
        mean.p_30 += q.p_30;
        mean.recall_1000 += q.recall_1000;
        mean.ndcg_cut_10 += q.ndcg_cut_10;
    }
    if (!queries.empty()) {
        const auto n = static_cast<double>(queries.size());
        for (double* value : {&mean.map, &mean.recip_rank, &mean.p_10, &mean.p_30,
                              &mean.recall_1000, &mean.ndcg_cut_10}) {
            *value /= n;
        }
    }
    return mean;
}

// ---------------------------------------------------------------------------------------------
// Printing

/// One printed measure, in trec_eval's order (measures.c). Counts print as integers.
struct MeasureField {
    const char* name;
    bool count;
    double (*value)(const QueryMeasures&);
};

const MeasureField measure_fields[] = {
    {"num_ret", true, [](const QueryMeasures& m) { return static_cast<double>(m.num_ret); }},
    {"num_rel", true, [](const QueryMeasures& m) { return static_cast<double>(m.num_rel); }},
    {"num_rel_ret", true,
     [](const QueryMeasures& m) { return static_cast<double>(m.num_rel_ret); }},
    {"map", false, [](const QueryMeasures& m) { return m.map; }},
    {"recip_rank", false, [](const QueryMeasures& m) { return m.recip_rank; }},
    {"P_10", false, [](const QueryMeasures& m) { return m.p_10; }},
    {"P_30", false, [](const QueryMeasures& m) { return m.p_30; }},
    {"recall_1000", false, [](const QueryMeasures& m) { return m.recall_1000; }},
    {"ndcg_cut_10", false, [](const QueryMeasures& m) { return m.ndcg_cut_10; }},
};

/// trec_eval's "%-22s\t%s\t%6.4f" (or "%ld" for counts) line.
void print_line(std::ostream& out, const char* measure, const std::string& qid, double value,
                bool count) {
    char number[64];
    if (count) {
        std::snprintf(number, sizeof number, "%lld", static_cast<long long>(value));
    } else {
        std::snprintf(number, sizeof number, "%6.4f", value);
    }
    char name[32];
    std::snprintf(name, sizeof name, "%-22s", measure);
    out << name << '\t' << qid << '\t' << number << '\n';
}

void print_measures(std::ostream& out, const QueryMeasures& m) {
    for (const auto& field : measure_fields) {
        print_line(out, field.name, m.qid, field.value(m), field.count);
    }
}

nlohmann::ordered_json to_json(const QueryMeasures& m, bool with_qid) {
    nlohmann::ordered_json object;
    if (with_qid) {
        object["qid"] = m.qid;
    }
    for (const auto& field : measure_fields) {
        if (field.count) {
            object[field.name] = static_cast<std::int64_t>(field.value(m));
        } else {
            object[field.name] = field.value(m);
        }
    }
    return object;
}

std::ifstream open_input(const std::filesystem::path& path, const char* what) {
    std::ifstream in(path);
    if (!in) {
        throw InputError(path.string() + ": cannot open " + what + " file: " +
                         std::strerror(errno));
    }
    return in;
}

std::string join_some(const std::vector<std::string>& items, std::size_t most) {
    std::string text;
    for (std::size_t i = 0; i < items.size() && i < most; ++i) {
        text += (i == 0 ? "" : " ") + items[i];
    }
    if (items.size() > most) {
        text += " ...";
    }
    return text;
}

}  // namespace

// -------------------------------------------------------------------------------------------------
// Public API

Qrels read_qrels(std::istream& in, const std::string& name) {
    Qrels qrels;
    // The line of each judgment, only to name both lines when a document is judged twice;
    // trec_eval refuses such files too (form_res_rels.c), since which grade holds is a guess.
    std::map<std::pair<std::string, std::string>, std::size_t> first_line;
    for_each_record(in, name, [&](const std::vector<std::string_view>& fields, std::size_t line) {
        expect_fields(fields, 4, name, line);
        const std::string_view grade_text = fields[3];
        int grade = 0;
        const auto [end, error] =
            std::from_chars(grade_text.data(), grade_text.data() + grade_text.size(), grade);
        if (error != std::errc() || end != grade_text.data() + grade_text.size()) {
            throw InputError(where(name, line) + "grade '" + std::string(grade_text) +
                             "' is not an integer");
        }
        std::string qid(fields[0]);
        std::string docno(fields[2]);
        const auto [previous, inserted] = first_line.emplace(std::pair{qid, docno}, line);
        if (!inserted) {
            throw InputError(where(name, line) + "document " + docno + " is judged twice for query " +
                             qid + " (first on line " + std::to_string(previous->second) + ")");
        }
        qrels.add(qid, docno, grade);
    });
    return qrels;
}

Run read_run(std::istream& in, const std::string& name) {
    Run run;
    for_each_record(in, name, [&](const std::vector<std::string_view>& fields, std::size_t line) {
        expect_fields(fields, 6, name, line);
        const std::string_view score_text = fields[4];
        double score = 0.0;
        const auto [end, error] =
            std::from_chars(score_text.data(), score_text.data() + score_text.size(), score);
        if (error != std::errc() || end != score_text.data() + score_text.size() ||
            !std::isfinite(score)) {
            throw InputError(where(name, line) + "score '" + std::string(score_text) +
                             "' is not a finite number");
        }
        run.add(std::string(fields[0]), std::string(fields[2]), score);
    });
    return run;
}

Evaluation evaluate(const Qrels& qrels, const Run& run, bool complete) {
    Evaluation evaluation;
    evaluation.complete = complete;
    for (const auto& [qid, judged] : qrels.grades) {
        // trec_eval 9 also counts queries judged without a single relevant document (every
        // measure 0 for them); we leave them out, as a query nothing can satisfy says nothing
        // about the ranking.
        const std::int64_t num_rel = count_relevant(judged);
        if (num_rel == 0) {
            continue;
        }
        const auto retrieved = run.results.find(qid);
        if (retrieved == run.results.end()) {
            evaluation.unretrieved.push_back(qid);
            if (complete) {
                // As trec_eval -c: the query scores 0, but its relevant documents still count.
                QueryMeasures missing;
                missing.qid = qid;
                missing.num_rel = num_rel;
                evaluation.per_query.push_back(std::move(missing));
            }
            continue;
        }
        const auto grades = ranked_grades(retrieved->second, judged, evaluation.duplicates_dropped);
        evaluation.per_query.push_back(score_query(qid, grades, judged));
    }
    evaluation.num_q = evaluation.per_query.size();
    evaluation.mean = mean_of(evaluation.per_query);
    return evaluation;
}

void print_trec_eval(std::ostream& out, const Evaluation& evaluation, bool per_query) {
    if (per_query) {
        for (const auto& query : evaluation.per_query) {
            print_measures(out, query);
        }
    }
    print_line(out, "num_q", evaluation.mean.qid, static_cast<double>(evaluation.num_q), true);
    print_measures(out, evaluation.mean);
}

void print_json(std::ostream& out, const Evaluation& evaluation, bool per_query) {
    nlohmann::ordered_json report;
    report["num_q"] = evaluation.num_q;
    report["complete"] = evaluation.complete;
    report["all"] = to_json(evaluation.mean, false);
    report["unretrieved"] = evaluation.unretrieved;
    report["duplicates_dropped"] = evaluation.duplicates_dropped;
    if (per_query) {
        auto& queries = report["per_query"] = nlohmann::ordered_json::array();
        for (const auto& query : evaluation.per_query) {
            queries.push_back(to_json(query, true));
        }
    }
    out << report.dump(2) << '\n';
}

namespace {

/// `docno` without a passage suffix `.pN`, or `docno` itself when it has none.
std::string_view article_docno(std::string_view docno) {
    const auto dot = docno.rfind(".p");
    if (dot == std::string_view::npos || dot == 0 || dot + 2 == docno.size()) return docno;
    return all_digits(docno.substr(dot + 2)) ? docno.substr(0, dot) : docno;
}

}  // namespace

Run max_passage(const Run& run) {
    Run out;
    for (const auto& [qid, entries] : run.results) {
        std::map<std::string, double, std::less<>> best;
        for (const RunEntry& entry : entries) {
            const std::string docno(article_docno(entry.docno));
            const auto [it, added] = best.emplace(docno, entry.score);
            if (!added) it->second = std::max(it->second, entry.score);
        }
        for (const auto& [docno, score] : best) out.add(qid, docno, score);
    }
    return out;
}

void run_evaluation(const EvalOptions& options, std::ostream& out, std::ostream& log) {
    auto qrels_in = open_input(options.qrels, "qrels");
    const Qrels qrels = read_qrels(qrels_in, options.qrels.string());
    auto run_in = open_input(options.run, "run");
    const Run read = read_run(run_in, options.run.string());
    const Run run = options.maxp ? max_passage(read) : read;

    const Evaluation evaluation = evaluate(qrels, run, options.complete);
    if (!evaluation.unretrieved.empty() && !options.complete) {
        log << "warning: " << options.run.string() << " has no results for "
            << evaluation.unretrieved.size() << " judged queries ("
            << join_some(evaluation.unretrieved, 10)
            << "); they are left out of the averages (-c counts them as 0)\n";
    }
    if (evaluation.duplicates_dropped > 0) {
        log << "warning: " << options.run.string() << ": dropped "
            << evaluation.duplicates_dropped
            << " repeated documents of a query, keeping each one's best-ranked line\n";
    }
    if (options.json) {
        print_json(out, evaluation, options.per_query);
    } else {
        print_trec_eval(out, evaluation, options.per_query);
    }
}

}  // namespace gazette
