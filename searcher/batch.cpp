//! Topic files and the threaded batch runner; see batch.hpp.
#include "batch.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "errors.hpp"
#include "text.hpp"

namespace gazette {
namespace {

std::string collapse_spaces(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

/// The text after `<tag>` up to the next tag, in a TREC topic.
std::string trec_field(const std::string& topic, const std::string& tag) {
    const std::string open = "<" + tag + ">";
    const auto start = topic.find(open);
    if (start == std::string::npos) return {};
    std::size_t begin = start + open.size();
    std::size_t end = topic.find('<', begin);
    if (end == std::string::npos) end = topic.size();
    std::string value = collapse_spaces(std::string_view(topic).substr(begin, end - begin));
    // Field labels such as "Number:", "Description:" and "Narrative:" are not query words.
    for (const char* label : {"Number:", "Topic:", "Description:", "Narrative:"}) {
        if (value.starts_with(label)) value = trim(value.substr(std::string_view(label).size()));
    }
    return value;
}

std::vector<Topic> read_trec_topics(const std::string& content, const std::string& name,
                                    const std::vector<std::string>& fields) {
    std::vector<Topic> topics;
    std::size_t at = 0;
    while ((at = content.find("<top>", at)) != std::string::npos) {
        const auto end = content.find("</top>", at);
        const std::string topic = content.substr(at, end == std::string::npos ? end : end - at);
        const std::size_t line =
            1 + static_cast<std::size_t>(std::count(content.begin(),
                                                    content.begin() + static_cast<long>(at), '\n'));
        Topic t;
        t.line = line;
        t.qid = trec_field(topic, "num");
        if (t.qid.empty()) throw InputError(fmt::format("{}:{}: topic without <num>", name, line));
        for (const std::string& field : fields) {
            const std::string text = trec_field(topic, field);
            if (!text.empty()) t.text += (t.text.empty() ? "" : " ") + text;
        }
        if (t.text.empty()) t.error = fmt::format("{}:{}: empty query", name, line);
        topics.push_back(std::move(t));
        at = end == std::string::npos ? content.size() : end;
    }
    return topics;
}

}  // namespace

namespace {

/// The topic of one line of a query file: `qid<TAB>query`, or a bare query numbered by its line.
/// The tab is looked for before trimming, so that `q6<TAB>` is qid q6 with an empty query.
Topic line_topic(std::string_view raw, const std::string& name, std::size_t line_number) {
    Topic topic;
    topic.line = line_number;
    const auto tab = raw.find('\t');
    if (tab == std::string_view::npos) {
        topic.qid = std::to_string(line_number);
        topic.text = trim(raw);
        return topic;
    }
    topic.qid = trim(raw.substr(0, tab));
    topic.text = trim(raw.substr(tab + 1));
    if (topic.qid.empty()) {
        topic.qid = std::to_string(line_number);
        topic.error = fmt::format("{}:{}: no qid before the tab", name, line_number);
    } else if (topic.text.empty()) {
        topic.error = fmt::format("{}:{}: empty query", name, line_number);
    }
    return topic;
}

}  // namespace

std::vector<Topic> read_topics(std::istream& in, const std::string& name,
                               const std::vector<std::string>& fields) {
    const std::string read((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string_view content = without_utf8_bom(read);
    if (content.find("<top>") != std::string::npos) {
        return read_trec_topics(std::string(content), name, fields);
    }
    std::vector<Topic> topics;
    std::size_t line_number = 0;
    std::size_t start = 0;
    while (start < content.size()) {
        auto end = content.find('\n', start);
        if (end == std::string::npos) end = content.size();
        const std::string_view raw = content.substr(start, end - start);
        start = end + 1;
        ++line_number;
        const std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#') continue;
        topics.push_back(line_topic(raw, name, line_number));
    }
    return topics;
}

namespace {

/// Prints finished queries in input order, each as soon as every earlier one is done; a slot
/// holds a finished query's results (or its error) until then. Thread-safe.
class InOrderPrinter {
  public:
    InOrderPrinter(const std::vector<Topic>& topics, ResultPrinter& printer,
                   const std::function<void(const std::string&)>& on_error, BatchSummary& summary)
        : topics_(topics), printer_(printer), on_error_(on_error), summary_(summary),
          slots_(topics.size()) {}

    /// Query `job` is done: `results`, or nullopt and the reason it failed.
    void done(std::size_t job, std::optional<SearchResults> results, std::string error) {
        std::lock_guard lock(mutex_);
        slots_[job] = {std::move(results), std::move(error), true};
        while (next_ < slots_.size() && slots_[next_].done) {
            Slot& slot = slots_[next_];
            if (slot.results) {
                printer_.print(topics_[next_].qid, *slot.results);
            } else {
                ++summary_.failed;
                printer_.print_error(topics_[next_].qid, slot.error);
                if (on_error_) on_error_(fmt::format("query {}: {}", topics_[next_].qid, slot.error));
            }
            slot.results.reset();  // printed: free the memory, keep `done`
            ++next_;
        }
    }

  private:
    struct Slot {
        std::optional<SearchResults> results;
        std::string error;
        bool done = false;
    };
    const std::vector<Topic>& topics_;
    ResultPrinter& printer_;
    const std::function<void(const std::string&)>& on_error_;
    BatchSummary& summary_;
    std::mutex mutex_;
    std::vector<Slot> slots_;
    std::size_t next_ = 0;  // the first query not printed yet
};

/// One Searcher per thread (Xapian's objects are not shared between threads), all holding one
/// copy of the article lengths. Even for one topic: a batch's per-query cost should not depend
/// on its length.
std::vector<Searcher> open_searchers(const BatchOptions& options, unsigned threads) {
    std::vector<Searcher> searchers;
    searchers.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) {
        Searcher& searcher = searchers.emplace_back(options.db_path, options.language);
        if (t == 0) {
            searcher.hold_lengths_in_memory();
        } else {
            searcher.hold_lengths_in_memory(searchers.front());
        }
    }
    return searchers;
}

}  // namespace

BatchSummary run_batch(const std::vector<Topic>& topics, const BatchOptions& options,
                       ResultPrinter& printer,
                       const std::function<void(const std::string&)>& on_error) {
    const auto started = std::chrono::steady_clock::now();
    BatchSummary summary;
    summary.queries = topics.size();
    const unsigned threads = std::max(1U, std::min<unsigned>(options.threads,
                                                             static_cast<unsigned>(topics.size())));
    InOrderPrinter in_order(topics, printer, on_error, summary);
    std::vector<Searcher> searchers = open_searchers(options, threads);
    std::atomic<std::size_t> next_job{0};
    std::atomic<std::size_t> database_failures{0};
    std::mutex failure_mutex;
    std::exception_ptr failure;
    // A query that cannot be parsed, or that the database fails (after the searcher's retries
    // while a writer commits), fails alone and is reported with its qid; anything else stops
    // the batch and is rethrown once every thread has stopped.
    auto work = [&](Searcher& searcher) {
        try {
            SearchRequest request = options.request;
            for (std::size_t job = next_job++; job < topics.size(); job = next_job++) {
                request.query = topics[job].text;
                std::optional<SearchResults> results;
                std::string error = topics[job].error;
                if (!error.empty()) {
                    in_order.done(job, std::nullopt, std::move(error));
                    continue;
                }
                try {
                    results = searcher.search(request);
                    results->query = topics[job].text;
                } catch (const QueryError& e) {
                    error = e.what();
                } catch (const IndexError& e) {
                    error = e.what();
                    ++database_failures;
                }
                in_order.done(job, std::move(results), std::move(error));
            }
        } catch (...) {
            std::lock_guard lock(failure_mutex);
            if (!failure) failure = std::current_exception();
            next_job = topics.size();
        }
    };
    std::vector<std::jthread> workers;
    for (unsigned t = 1; t < threads; ++t) workers.emplace_back(work, std::ref(searchers[t]));
    work(searchers.front());
    workers.clear();
    if (failure) std::rethrow_exception(failure);
    summary.database_failures = database_failures;
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

}  // namespace gazette
