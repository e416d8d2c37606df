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
#include "query_builder.hpp"
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

/// One line of a query file read with a bounded buffer: at most kMaxLineBytes are kept, the
/// rest is counted and dropped, so a file of one 100 MB line costs no more memory than a short
/// one.
struct BoundedLine {
    std::string text;      // the line without its '\n', cut at kMaxLineBytes
    std::size_t bytes = 0;  // the line's whole length
};

/// A query and its qid fit with room to spare (TREC lines hold one field each).
constexpr std::size_t kMaxLineBytes = kMaxQueryBytes + 1024;

bool read_bounded_line(std::streambuf& in, BoundedLine& line) {
    line.text.clear();
    line.bytes = 0;
    for (int c = in.sbumpc(); c != std::char_traits<char>::eof(); c = in.sbumpc()) {
        if (c == '\n') return true;
        if (line.bytes++ < kMaxLineBytes) line.text += static_cast<char>(c);
    }
    return line.bytes > 0;
}

std::string overlong_error(const std::string& name, std::size_t line, std::size_t bytes) {
    return fmt::format("{}:{}: line of {} bytes is longer than the limit of {}", name, line, bytes,
                       kMaxLineBytes);
}

/// A line too long to be read whole fails as its qid when the kept start names one.
Topic overlong_topic(const BoundedLine& raw, const std::string& name, std::size_t line_number) {
    Topic topic;
    topic.line = line_number;
    const auto tab = raw.text.find('\t');
    topic.qid = tab == std::string::npos ? "" : std::string(trim(std::string_view(raw.text).substr(0, tab)));
    if (topic.qid.empty()) topic.qid = std::to_string(line_number);
    topic.error = overlong_error(name, line_number, raw.bytes);
    return topic;
}

/// An overlong line of a TREC file: its line number and length.
struct Overlong {
    std::size_t line;
    std::size_t bytes;
};

/// A TREC topic spanning a line that was too long fails: its fields were not read whole.
void fail_overlong_topics(std::vector<Topic>& topics, const std::vector<Overlong>& overlong,
                          const std::string& name) {
    for (const Overlong& o : overlong) {
        for (std::size_t t = topics.size(); t-- > 0;) {
            if (topics[t].line > o.line) continue;
            if (topics[t].error.empty()) topics[t].error = overlong_error(name, o.line, o.bytes);
            break;
        }
    }
}

}  // namespace

std::vector<Topic> read_topics(std::istream& in, const std::string& name,
                               const std::vector<std::string>& fields) {
    std::vector<Topic> topics;
    std::string content;  // the lines as kept, for TREC topics
    std::vector<Overlong> overlong;
    bool trec = false;
    BoundedLine raw;
    for (std::size_t line_number = 1; read_bounded_line(*in.rdbuf(), raw); ++line_number) {
        const std::string_view text = line_number == 1 ? without_utf8_bom(raw.text) : raw.text;
        trec = trec || text.find("<top>") != std::string_view::npos;
        content.append(text).push_back('\n');
        const std::string_view line = trim(text);
        if (raw.bytes > kMaxLineBytes) {
            overlong.push_back({line_number, raw.bytes});
            topics.push_back(overlong_topic(raw, name, line_number));
        } else if (!line.empty() && line.front() != '#') {
            topics.push_back(line_topic(text, name, line_number));
        }
    }
    if (!trec) return topics;
    topics = read_trec_topics(content, name, fields);
    fail_overlong_topics(topics, overlong, name);
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
        Searcher& searcher = searchers.emplace_back(options.db_path, options.language, options.read);
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
