//! The indexing pipeline: walk, read on workers, write in order, commit; see index_writer.hpp.
#include "index_writer.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "dates.hpp"
#include "errors.hpp"
#include "language_detector.hpp"
#include "input_source.hpp"
#include "schema.hpp"

namespace gazette {
namespace fs = std::filesystem;
namespace {

/// One input file found by the walk.
struct SourceFile {
    std::string path;        // absolute, lexically normal: the display path and the id base
    std::string collection;  // name of the input argument it was found under
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
};

/// What the database remembers of a file indexed earlier ("file:" metadata).
struct FileRecord {
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::uint64_t articles = 0;
    std::string path;

    std::string encode() const { return fmt::format("{} {} {} {}", size, mtime_ns, articles, path); }
    static std::optional<FileRecord> decode(const std::string& text) {
        FileRecord record;
        std::istringstream in(text);
        if (!(in >> record.size >> record.mtime_ns >> record.articles)) return std::nullopt;
        in.get();
        std::getline(in, record.path);
        return record;
    }
};

std::string record_key(const std::string& path) {
    return std::string(schema::kFileKeyPrefix) + schema::make_key(path);
}

std::int64_t mtime_ns(const fs::file_time_type& time) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
}

bool is_hidden(const fs::path& path) {
    const std::string name = path.filename().string();
    return name.size() > 1 && name[0] == '.';
}

bool is_within(const std::string& path, const std::string& root) {
    if (path == root) return true;
    if (path.size() <= root.size() || path.compare(0, root.size(), root) != 0) return false;
    return root.back() == '/' || path[root.size()] == '/';
}

std::string collection_name(const fs::path& input) {
    fs::path name = input.filename();
    if (name.empty()) name = input.parent_path().filename();
    return name.stem().string().empty() ? name.string() : name.string();
}

/// Walks the inputs; everything it cannot use is reported and skipped.
class Walker {
  public:
    Walker(bool follow_symlinks, std::vector<std::string>& problems)
        : follow_symlinks_(follow_symlinks), problems_(problems) {}

    void add_input(const std::string& input, std::vector<std::string>& roots) {
        std::error_code ec;
        const fs::path absolute = fs::absolute(input, ec).lexically_normal();
        const fs::file_status status = fs::status(absolute, ec);
        if (ec || !fs::exists(status)) {
            problems_.push_back(fmt::format("{}: no such file or directory", input));
            return;
        }
        std::string root = absolute.string();
        if (root.size() > 1 && root.back() == '/') root.pop_back();
        roots.push_back(root);
        const std::string collection = collection_name(fs::path(root));
        if (fs::is_directory(status)) {
            walk_directory(fs::path(root), collection);
        } else {
            add_file(fs::path(root), collection);
        }
    }

    std::vector<SourceFile> take_files() {
        std::sort(files_.begin(), files_.end(),
                  [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
        files_.erase(std::unique(files_.begin(), files_.end(),
                                 [](const SourceFile& a, const SourceFile& b) {
                                     return a.path == b.path;
                                 }),
                     files_.end());
        return std::move(files_);
    }

  private:
    void walk_directory(const fs::path& root, const std::string& collection) {
        std::error_code ec;
        const fs::path canonical_root = fs::weakly_canonical(root, ec);
        fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied,
                                            ec);
        if (ec) {
            problems_.push_back(fmt::format("{}: cannot read folder: {}", root.string(),
                                            ec.message()));
            return;
        }
        for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) {
                problems_.push_back(fmt::format("{}: {}", it->path().string(), ec.message()));
                ec.clear();
                continue;
            }
            const fs::directory_entry& entry = *it;
            if (is_hidden(entry.path())) {
                if (entry.is_directory(ec)) it.disable_recursion_pending();
                continue;
            }
            if (entry.is_symlink(ec)) {
                if (!symlink_allowed(entry.path(), canonical_root)) continue;
                // Linked folders are not descended into: it is how symlink loops are avoided.
                if (fs::is_directory(entry.path(), ec)) continue;
            } else if (entry.is_directory(ec)) {
                continue;
            }
            add_file(entry.path(), collection);
        }
    }

    bool symlink_allowed(const fs::path& link, const fs::path& canonical_root) {
        std::error_code ec;
        const fs::path target = fs::canonical(link, ec);
        if (ec) {
            problems_.push_back(fmt::format("{}: broken symbolic link", link.string()));
            return false;
        }
        if (follow_symlinks_ || is_within(target.string(), canonical_root.string())) return true;
        problems_.push_back(fmt::format(
            "{}: symbolic link leaves the indexed folder (to {}); not followed", link.string(),
            target.string()));
        return false;
    }

    void add_file(const fs::path& path, const std::string& collection) {
        std::error_code ec;
        const fs::file_status status = fs::status(path, ec);
        if (ec || !fs::is_regular_file(status)) {
            problems_.push_back(fmt::format("{}: not a regular file; skipped", path.string()));
            return;
        }
        SourceFile file;
        file.path = path.lexically_normal().string();
        file.collection = collection;
        file.size = fs::file_size(path, ec);
        file.mtime_ns = mtime_ns(fs::last_write_time(path, ec));
        if (ec) {
            problems_.push_back(fmt::format("{}: {}", path.string(), ec.message()));
            return;
        }
        files_.push_back(std::move(file));
    }

    bool follow_symlinks_;
    std::vector<std::string>& problems_;
    std::vector<SourceFile> files_;
};

/// A slice of one file's output, passed from a worker to the writer.
struct Chunk {
    std::vector<BuiltArticle> articles;
    std::vector<bool> duplicate;  // parallel to articles: the id appeared earlier in the file
    std::vector<std::string> problems;
    bool last = false;
    bool failed = false;  // the file ended with an error: no record is written, so it is retried
};

/// Chunks of the files being read, handed to the writer in file order with bounded buffering.
class ChunkQueue {
  public:
    explicit ChunkQueue(std::size_t max_buffered) : max_buffered_(max_buffered) {}

    /// Blocks while the buffer is full, unless `file` is the one the writer waits for (so the
    /// writer can always make progress).
    void push(std::size_t file, Chunk chunk) {
        std::unique_lock lock(mutex_);
        space_.wait(lock, [&] { return buffered_ < max_buffered_ || file == next_ || closed_; });
        if (closed_) return;
        chunks_[file].push_back(std::move(chunk));
        ++buffered_;
        ready_.notify_all();
    }

    /// The next chunk of the file the writer is on; nullopt once closed.
    std::optional<Chunk> pop() {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] {
            auto it = chunks_.find(next_);
            return closed_ || (it != chunks_.end() && !it->second.empty());
        });
        if (closed_) return std::nullopt;
        auto it = chunks_.find(next_);
        Chunk chunk = std::move(it->second.front());
        it->second.pop_front();
        --buffered_;
        if (chunk.last) {
            chunks_.erase(it);
            ++next_;
        }
        space_.notify_all();
        return chunk;
    }

    bool closed() {
        std::lock_guard lock(mutex_);
        return closed_;
    }

    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        space_.notify_all();
        ready_.notify_all();
    }

  private:
    std::mutex mutex_;
    std::condition_variable space_;
    std::condition_variable ready_;
    std::map<std::size_t, std::deque<Chunk>> chunks_;
    std::size_t max_buffered_;
    std::size_t buffered_ = 0;
    std::size_t next_ = 0;
    bool closed_ = false;
};

constexpr std::size_t kArticlesPerChunk = 128;

bool stopping(const IndexOptions& options) {
    return options.stop != nullptr && options.stop->load(std::memory_order_relaxed);
}

void infer_date(Article& article) {
    if (article.date) return;
    if (auto date = date_from_text(article.title, article.paragraphs)) {
        article.date = date;
        article.date_source = DateSource::text;
    } else if (auto from_name = date_from_filename(article.path)) {
        article.date = from_name;
        article.date_source = DateSource::filename;
    } else {
        article.date_source = DateSource::none;
    }
}

/// The article's language; when the detector is unsure (short headlines), the language most
/// often detected so far in the same file, since a file rarely mixes languages.
std::string detect_language(const LanguageDetector& detector, const Article& article,
                            std::map<std::string, std::size_t>& seen) {
    std::string code = detector.detect(article.title, article.paragraphs);
    if (!code.empty()) {
        ++seen[code];
        return code;
    }
    const auto best = std::max_element(seen.begin(), seen.end(), [](const auto& a, const auto& b) {
        return a.second < b.second;
    });
    return best == seen.end() ? std::string() : best->first;
}

/// Reads one file into chunks on a worker thread. Never throws: failures become problems.
/// An archive's members are inputs of their own: one that cannot be read is a problem of the
/// archive, which is still indexed. Damaged (truncated) data keeps the articles read before it.
void read_file(const SourceFile& file, std::size_t index, const IndexOptions& options,
               DocumentBuilder& builder, const LanguageDetector* detector, ChunkQueue& queue) {
    Chunk chunk;
    auto problem = [&chunk](const std::string& message) { chunk.problems.push_back(message); };
    try {
        const std::string file_term = std::string(schema::kPrefixFile) + schema::file_key(file.path);
        std::unordered_set<std::string> ids;
        std::map<std::string, std::size_t> languages;  // detected so far in this file
        for_each_input(file.path, [&](const std::string& path, std::istream& in) {
            try {
                auto reader = open_reader(in, path, options.reader, problem);
                Article article;
                while (reader->next(article)) {
                    if (stopping(options) || queue.closed()) {
                        chunk.failed = true;
                        return false;
                    }
                    infer_date(article);
                    if (detector != nullptr && article.language.empty()) {
                        article.language = detect_language(*detector, article, languages);
                    }
                    const bool duplicate = !ids.insert(article.id).second;
                    if (duplicate) {
                        problem(fmt::format("{}:{}: duplicate article id '{}'; the later article "
                                            "replaces the earlier", path, article.line, article.id));
                    }
                    chunk.articles.push_back(builder.build(article, file.collection, file_term));
                    chunk.duplicate.push_back(duplicate);
                    if (chunk.articles.size() >= kArticlesPerChunk) {
                        queue.push(index, std::move(chunk));
                        chunk = Chunk{};
                    }
                }
                if (in.bad()) throw InputError(fmt::format("{}: read error", path));
            } catch (const DamagedInputError& e) {
                chunk.problems.emplace_back(e.what());
            } catch (const InputError& e) {
                chunk.problems.emplace_back(e.what());
                if (path == file.path) chunk.failed = true;
            }
            return true;
        }, problem);
    } catch (const InputError& e) {
        chunk.problems.emplace_back(e.what());
        chunk.failed = true;
    } catch (const std::exception& e) {
        chunk.problems.push_back(fmt::format("{}: {}", file.path, e.what()));
        chunk.failed = true;
    }
    chunk.last = true;
    queue.push(index, std::move(chunk));
}

/// The writing side of a run: owns the database and the summary.
class Writer {
  public:
    Writer(const IndexOptions& options, IndexSummary& summary, const ProblemLogger& on_problem)
        : options_(options),
          summary_(summary),
          on_problem_(on_problem),
          dbs_(schema::open_for_writing(options.db_path)),
          last_commit_(std::chrono::steady_clock::now()) {
        Xapian::WritableDatabase& db = dbs_.articles;
        // Searches parse queries with the stemmer most of the database was built with.
        const std::string stemmer_key(schema::kStemmerKey);
        if (db.get_metadata(stemmer_key).empty()) {
            db.set_metadata(stemmer_key, options.build.default_language);
        }
        for (auto it = db.metadata_keys_begin(std::string(schema::kFileKeyPrefix));
             it != db.metadata_keys_end(std::string(schema::kFileKeyPrefix)); ++it) {
            if (auto record = FileRecord::decode(db.get_metadata(*it))) {
                records_.emplace(*it, std::move(*record));
            }
        }
    }

    bool unchanged(const SourceFile& file) const {
        auto it = records_.find(record_key(file.path));
        return it != records_.end() && it->second.size == file.size &&
               it->second.mtime_ns == file.mtime_ns && it->second.path == file.path;
    }

    void begin_file(const SourceFile& file) {
        const std::string key = record_key(file.path);
        // Forget the file first: if this run dies mid-file, the next one redoes it whole.
        auto it = records_.find(key);
        if (it != records_.end()) {
            summary_.articles_removed += it->second.articles;
            records_.erase(it);
            dbs_.articles.set_metadata(key, "");
        }
        delete_file_documents(file.path);
        file_articles_ = 0;
    }

    void write(Chunk& chunk) {
        for (std::size_t i = 0; i < chunk.articles.size(); ++i) {
            BuiltArticle& built = chunk.articles[i];
            if (chunk.duplicate[i]) {
                dbs_.passages.delete_document(built.parent_term);
            } else {
                ++file_articles_;
            }
            dbs_.articles.add_document(built.article);
            if (!built.language.empty()) languages_.insert(built.language);
            for (Xapian::Document& passage : built.passages) dbs_.passages.add_document(passage);
            summary_.passages_indexed += built.passages.size();
            ++pending_articles_;
        }
        for (const std::string& message : chunk.problems) report(message);
    }

    void abandon_file(const SourceFile& file) {
        delete_file_documents(file.path);
        file_articles_ = 0;
    }

    void end_file(const SourceFile& file, bool failed) {
        summary_.articles_indexed += file_articles_;
        if (failed) {
            ++summary_.files_failed;
            return;
        }
        ++summary_.files_indexed;
        FileRecord record{file.size, file.mtime_ns, file_articles_, file.path};
        dbs_.articles.set_metadata(record_key(file.path), record.encode());
        maybe_commit();
    }

    /// Removes the articles of files that were indexed under one of `roots` and are gone now.
    void remove_vanished(const std::vector<std::string>& roots,
                         const std::unordered_set<std::string>& present) {
        for (auto it = records_.begin(); it != records_.end();) {
            const FileRecord& record = it->second;
            const bool under_root = std::any_of(roots.begin(), roots.end(), [&](const auto& root) {
                return is_within(record.path, root);
            });
            if (!under_root || present.count(record.path) != 0) {
                ++it;
                continue;
            }
            spdlog::info("{}: file is gone; removing its {} articles", record.path,
                         record.articles);
            delete_file_documents(record.path);
            dbs_.articles.set_metadata(it->first, "");
            ++summary_.files_removed;
            summary_.articles_removed += record.articles;
            it = records_.erase(it);
        }
    }

    void commit() {
        record_languages();
        dbs_.commit();
        pending_articles_ = 0;
        last_commit_ = std::chrono::steady_clock::now();
    }

    std::uint64_t article_count() const {
        return dbs_.articles.get_doccount();
    }

    void report(const std::string& message) {
        summary_.problems.push_back(message);
        if (on_problem_) on_problem_(message);
    }

  private:
    /// Keeps "gazette.languages" listing every language articles were stemmed in, so that
    /// searches parse queries once per language.
    void record_languages() {
        const std::string key(schema::kLanguagesKey);
        std::set<std::string> all = languages_;
        const std::string listed = dbs_.articles.get_metadata(key);
        for (std::size_t start = 0; start < listed.size();) {
            auto end = listed.find(',', start);
            if (end == std::string::npos) end = listed.size();
            if (end > start) all.insert(listed.substr(start, end - start));
            start = end + 1;
        }
        std::string joined;
        for (const std::string& code : all) joined += (joined.empty() ? "" : ",") + code;
        if (joined != listed) dbs_.articles.set_metadata(key, joined);
    }

    void delete_file_documents(const std::string& path) {
        const std::string term = std::string(schema::kPrefixFile) + schema::file_key(path);
        dbs_.passages.delete_document(term);
        dbs_.articles.delete_document(term);
    }

    void maybe_commit() {
        const double elapsed = std::chrono::duration<double>(
                                   std::chrono::steady_clock::now() - last_commit_).count();
        if (pending_articles_ >= options_.commit_every_articles ||
            (pending_articles_ > 0 && elapsed >= options_.commit_every_seconds)) {
            spdlog::debug("committing {} articles", pending_articles_);
            commit();
        }
    }

    const IndexOptions& options_;
    IndexSummary& summary_;
    const ProblemLogger& on_problem_;
    schema::WriteDatabases dbs_;
    std::unordered_map<std::string, FileRecord> records_;
    std::set<std::string> languages_;
    std::uint64_t pending_articles_ = 0;
    std::uint64_t file_articles_ = 0;
    std::chrono::steady_clock::time_point last_commit_;
};

unsigned worker_count(unsigned requested) {
    if (requested > 0) return requested;
    return std::max(1U, std::thread::hardware_concurrency());
}

}  // namespace

IndexSummary run_index(const IndexOptions& options, const ProgressHandler& on_progress,
                       const ProblemLogger& on_problem) {
    if (options.inputs.empty()) throw UsageError("no input files or folders given");
    const DocumentBuilder validate_language(options.build);  // fail fast, before any I/O

    IndexSummary summary;
    Writer writer(options, summary, on_problem);

    std::vector<std::string> walk_problems;
    std::vector<std::string> roots;
    Walker walker(options.follow_symlinks, walk_problems);
    for (const std::string& input : options.inputs) walker.add_input(input, roots);
    for (const std::string& message : walk_problems) writer.report(message);
    summary.files_failed += walk_problems.size();
    const std::vector<SourceFile> files = walker.take_files();
    summary.files_seen = files.size();

    std::vector<const SourceFile*> todo;
    std::unordered_set<std::string> present;
    ProgressEvent progress;
    for (const SourceFile& file : files) {
        present.insert(file.path);
        if (writer.unchanged(file)) {
            ++summary.files_unchanged;
        } else {
            todo.push_back(&file);
            progress.bytes_total += file.size;
        }
    }
    progress.files_total = todo.size();
    spdlog::info("{} files found, {} unchanged, {} to index", files.size(),
                 summary.files_unchanged, todo.size());

    // One detector serves every worker (detect() is const and thread-safe).
    std::unique_ptr<LanguageDetector> detector;
    if (options.detect_language) {
        try {
            detector = std::make_unique<LanguageDetector>();
        } catch (const UsageError& e) {
            spdlog::warn("no language detection ({}); every article is taken as {}", e.what(),
                         options.build.default_language);
        }
    }
    const unsigned threads = worker_count(options.threads);
    ChunkQueue queue(4 * static_cast<std::size_t>(threads) + 4);
    std::atomic<std::size_t> next_job{0};
    std::vector<std::jthread> workers;
    workers.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            DocumentBuilder builder(options.build);
            for (std::size_t job = next_job++; job < todo.size(); job = next_job++) {
                if (queue.closed()) return;
                if (stopping(options)) {
                    // Unblock the writer, which waits for this job's chunks in order.
                    Chunk chunk;
                    chunk.last = true;
                    chunk.failed = true;
                    queue.push(job, std::move(chunk));
                    continue;
                }
                read_file(*todo[job], job, options, builder, detector.get(), queue);
            }
        });
    }

    try {
        for (std::size_t job = 0; job < todo.size(); ++job) {
            const SourceFile& file = *todo[job];
            writer.begin_file(file);
            bool failed = false;
            while (auto chunk = queue.pop()) {
                writer.write(*chunk);
                progress.articles += chunk->articles.size();
                failed = chunk->failed;
                if (chunk->last) break;
            }
            if (stopping(options)) {
                // Keep exactly the files that were completed: drop this one's documents.
                writer.abandon_file(file);
                summary.interrupted = true;
                break;
            }
            writer.end_file(file, failed);
            ++progress.files_done;
            progress.bytes_done += file.size;
            summary.bytes_read += file.size;
            if (on_progress) on_progress(progress);
        }
        if (!summary.interrupted) writer.remove_vanished(roots, present);
        queue.close();
        writer.commit();
    } catch (const Xapian::Error& e) {
        queue.close();
        throw IndexError(fmt::format("{}: {}", options.db_path, e.get_description()));
    } catch (...) {
        queue.close();
        throw;
    }
    workers.clear();
    summary.articles_in_database = writer.article_count();
    return summary;
}

}  // namespace gazette
