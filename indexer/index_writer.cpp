//! The indexing pipeline: walk, read on workers, write in order, commit; see index_writer.hpp.
#include "index_writer.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
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
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include <sys/statvfs.h>
#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "dates.hpp"
#include "errors.hpp"
#include "language.hpp"
#include "language_detector.hpp"
#include "input_source.hpp"
#include "reading_options.hpp"
#include "schema.hpp"
#include "text.hpp"

namespace gazette {
namespace fs = std::filesystem;
namespace {

/// Cuts `article`'s paragraphs to `cap` bytes in all (at a character boundary); the number of
/// bytes dropped.
std::size_t truncate_text(Article& article, std::size_t cap) {
    std::size_t kept = 0;
    std::size_t dropped = 0;
    std::size_t keep_paragraphs = 0;
    for (Paragraph& paragraph : article.paragraphs) {
        if (kept >= cap) {
            dropped += paragraph.text.size();
            continue;
        }
        ++keep_paragraphs;
        if (paragraph.text.size() > cap - kept) {
            const std::size_t cut = utf8_floor(paragraph.text, cap - kept);
            dropped += paragraph.text.size() - cut;
            paragraph.text.resize(cut);
            if (cut == 0) --keep_paragraphs;
            kept = cap;
            continue;
        }
        kept += paragraph.text.size();
    }
    article.paragraphs.resize(keep_paragraphs);
    return dropped;
}

/// One input file found by the walk.
struct SourceFile {
    std::string path;        // absolute, lexically normal: the display path and the id base
    std::string real_path;   // where the walk found it, no link on the way: what is opened
    std::string collection;  // name of the input argument it was found under
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::shared_ptr<const ReadingOptions> reading;  // how it is read (never null)
};

/// What the database remembers of a file indexed earlier ("file:" metadata, schema.hpp):
/// "size mtime_ns articles [o=OPTIONS ]path", OPTIONS the reading options' fingerprint, left
/// out for the defaults (and in records written before options were kept, which therefore
/// read as indexed with the defaults). The path is the rest of the record, every byte of it
/// (a name may hold newlines, tabs, any byte but NUL and '/').
struct FileRecord {
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::uint64_t articles = 0;
    std::string options;  // ReadingOptions::fingerprint()
    std::string path;

    std::string encode() const {
        if (options.empty()) return fmt::format("{} {} {} {}", size, mtime_ns, articles, path);
        return fmt::format("{} {} {} o={} {}", size, mtime_ns, articles, options, path);
    }
    static std::optional<FileRecord> decode(const std::string& text) {
        FileRecord record;
        std::istringstream in(text);
        if (!(in >> record.size >> record.mtime_ns >> record.articles)) return std::nullopt;
        in.get();
        // Paths are absolute: a field before the path starting "o=" is the options'.
        if (in.peek() == 'o') {
            std::string field;
            in >> field;
            if (!field.starts_with("o=")) return std::nullopt;
            record.options = field.substr(2);
            in.get();
        }
        const std::streamoff start = in.tellg();
        if (start < 0) return std::nullopt;
        record.path = text.substr(static_cast<std::size_t>(start));
        return record;
    }
};

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

/// True when `folder` holds a Gazette database (shard-0/ with a Xapian glass database in it)
/// or is itself a Xapian database: never input, whatever its name or place.
bool is_database_folder(const fs::path& folder) {
    std::error_code ec;
    return fs::exists(folder / (std::string(schema::kShardPrefix) + "0") / "iamglass", ec) ||
           fs::exists(folder / "iamglass", ec);
}

/// The reason an operation failed with `ec`, as the user is told it.
std::string reason(const std::error_code& ec) {
    return ec == std::errc::permission_denied ? "permission denied" : ec.message();
}

/// Walks the inputs; everything it cannot use is reported and skipped: `problems` are inputs
/// that could not be read (counted as failed), `notes` what was skipped on purpose.
class Walker {
  public:
    /// `database`: the run's own database folder, skipped without a word; `base`: how files
    /// are read where no options file says otherwise.
    Walker(bool follow_symlinks, const std::string& database, const ReadingOptions& base,
           std::vector<std::string>& problems, std::vector<std::string>& notes)
        : follow_symlinks_(follow_symlinks), base_(std::make_shared<const ReadingOptions>(base)),
          problems_(problems), notes_(notes) {
        std::error_code ec;
        database_ = fs::weakly_canonical(fs::absolute(database, ec), ec).string();
    }

    /// Throws InputError when `input` does not exist (or an options file cannot be read),
    /// UsageError for an options file that says what cannot be done.
    void add_input(const std::string& input, std::vector<std::string>& roots) {
        std::error_code ec;
        const fs::path absolute = fs::absolute(input, ec).lexically_normal();
        const fs::file_status status = fs::status(absolute, ec);
        if (!fs::exists(status)) {
            throw InputError(fmt::format("{}: {}", input,
                                         ec && ec != std::errc::no_such_file_or_directory
                                             ? reason(ec)
                                             : "no such file or directory"));
        }
        std::string root = absolute.string();
        if (root.size() > 1 && root.back() == '/') root.pop_back();
        roots.push_back(root);
        Scope scope{{}, collection_name(fs::path(root)), options_above(fs::path(root))};
        if (fs::is_directory(status)) {
            scope.root = fs::weakly_canonical(root, ec);
            walk_folder(fs::path(root), scope.root, scope);
        } else {
            // A link given on the command line is the user's choice: followed here, once.
            add_file(fs::path(root), fs::weakly_canonical(root, ec), scope);
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
    /// Where the walk is: the input's real path and collection, and the options files of the
    /// folders from the input down.
    struct Scope {
        fs::path root;
        std::string collection;
        OptionsChain options;
    };

    /// Adds `folder`'s options file, if it has one, to `chain`.
    static void add_options_file(const fs::path& folder, OptionsChain& chain) {
        const fs::path path = folder / kOptionsFileName;
        std::error_code ec;
        if (!fs::exists(fs::symlink_status(path, ec))) return;
        std::string name = folder.lexically_normal().string();
        if (name.size() > 1 && name.back() == '/') name.pop_back();
        chain.push_back(std::make_shared<const OptionsFile>(OptionsFile::read(path.string(), name)));
    }

    /// The options files of the folders above `input`, outermost first: they apply to it too,
    /// so that a file is read the same way whether its folder or the archive holding it is
    /// given.
    static OptionsChain options_above(const fs::path& input) {
        std::vector<fs::path> above;
        for (fs::path folder = input.parent_path(); !folder.empty(); folder = folder.parent_path()) {
            above.push_back(folder);
            if (folder == folder.root_path()) break;
        }
        OptionsChain chain;
        for (auto it = above.rbegin(); it != above.rend(); ++it) add_options_file(*it, chain);
        return chain;
    }

    /// Walks `folder`, whose real path is `canonical`.
    void walk_folder(const fs::path& folder, const fs::path& canonical, const Scope& outer) {
        if (canonical.string() == database_) return;
        if (is_database_folder(folder)) {
            notes_.push_back(fmt::format("{}: a Gazette database; skipped", folder.string()));
            return;
        }
        if (!walked_.insert(canonical.string()).second) return;  // met through another link
        std::error_code ec;
        fs::directory_iterator it(folder, ec);
        if (ec) {
            problems_.push_back(fmt::format("{}: cannot read folder: {}", folder.string(), reason(ec)));
            return;
        }
        // In name order, so that which of two links to one folder is followed never varies.
        std::vector<fs::directory_entry> entries;
        for (; it != fs::directory_iterator(); it.increment(ec)) {
            if (ec) {
                problems_.push_back(fmt::format("{}: cannot read folder: {}", folder.string(), reason(ec)));
                return;
            }
            entries.push_back(*it);
        }
        std::sort(entries.begin(), entries.end());
        Scope scope = outer;
        add_options_file(folder, scope.options);
        for (const fs::directory_entry& entry : entries) walk_entry(entry, canonical, scope);
    }

    void walk_entry(const fs::directory_entry& entry, const fs::path& parent, const Scope& scope) {
        std::error_code ec;
        if (is_hidden(entry.path())) return;
        if (!entry.is_symlink(ec)) {
            if (entry.is_directory(ec)) {
                walk_folder(entry.path(), parent / entry.path().filename(), scope);
            } else {
                add_file(entry.path(), parent / entry.path().filename(), scope);
            }
            return;
        }
        const fs::path target = fs::canonical(entry.path(), ec);
        if (ec) {
            problems_.push_back(fmt::format("{}: broken symbolic link", entry.path().string()));
            return;
        }
        // A link to a folder inside the input is walked there, under its own path.
        const bool inside = is_within(target.string(), scope.root.string());
        if (!fs::is_directory(target, ec)) {
            if (follow_symlinks_ || inside) {
                add_file(entry.path(), target, scope);
            } else {
                notes_.push_back(fmt::format(
                    "{}: symbolic link leaves the indexed folder (to {}); not followed (use "
                    "--follow-symlinks)", entry.path().string(), target.string()));
            }
            return;
        }
        if (!inside) follow_folder_link(entry.path(), target, parent, scope);
    }

    /// A link to a folder: walked with --follow-symlinks unless it leads back into a folder
    /// being walked (a loop) or to one already walked.
    void follow_folder_link(const fs::path& link, const fs::path& target, const fs::path& parent,
                            const Scope& scope) {
        if (!follow_symlinks_) {
            notes_.push_back(fmt::format(
                "{}: symbolic link to a folder (to {}); not followed (use --follow-symlinks)",
                link.string(), target.string()));
        } else if (is_within(parent.string(), target.string())) {
            notes_.push_back(fmt::format("{}: symbolic link loop (to {}, which holds it); not "
                                         "followed", link.string(), target.string()));
        } else if (walked_.count(target.string()) != 0) {
            notes_.push_back(fmt::format("{}: links to {}, already indexed; not followed again",
                                         link.string(), target.string()));
        } else {
            walk_folder(link, target, scope);
        }
    }

    /// Adds the file at `path`, found at `real` (its real path, opened without following links).
    void add_file(const fs::path& path, const fs::path& real, const Scope& scope) {
        std::error_code ec;
        const fs::file_status status = fs::status(path, ec);
        if (ec || !fs::is_regular_file(status)) {
            problems_.push_back(fmt::format("{}: not a regular file; skipped", path.string()));
            return;
        }
        if (::access(path.c_str(), R_OK) != 0) {
            problems_.push_back(fmt::format("{}: cannot read file: {}", path.string(),
                                            reason(std::error_code(errno, std::generic_category()))));
            return;
        }
        SourceFile file;
        file.path = path.lexically_normal().string();
        file.real_path = real.string();
        file.collection = scope.collection;
        file.reading = scope.options.empty() ? base_ : options_of(file.path, scope.options);
        file.size = fs::file_size(path, ec);
        file.mtime_ns = mtime_ns(fs::last_write_time(path, ec));
        if (ec) {
            problems_.push_back(fmt::format("{}: {}", path.string(), reason(ec)));
            return;
        }
        files_.push_back(std::move(file));
    }

    /// The options of the file at `path` under `chain`, one shared copy per distinct set.
    std::shared_ptr<const ReadingOptions> options_of(const std::string& path,
                                                     const OptionsChain& chain) {
        ReadingOptions options = options_for(*base_, chain, path);
        std::string key = options.canonical() + '\n' + options.fields_origin;
        auto [it, added] = interned_.try_emplace(std::move(key));
        if (added) it->second = std::make_shared<const ReadingOptions>(std::move(options));
        return it->second;
    }

    bool follow_symlinks_;
    std::shared_ptr<const ReadingOptions> base_;
    std::map<std::string, std::shared_ptr<const ReadingOptions>> interned_;
    std::vector<std::string>& problems_;
    std::vector<std::string>& notes_;
    std::string database_;  // real path
    std::set<std::string> walked_;  // real paths of the folders walked
    std::vector<SourceFile> files_;
};

/// What this thread is writing ("shard-1", "the stories"): named by the message of an error met
/// there, std::terminate's included (write_failure_message()).
thread_local std::string t_writing = "the database";

/// The Gazette error for `error`, met while this thread wrote into the database at `db_path`.
std::exception_ptr translated(const Xapian::Error& error, const std::string& db_path) {
    try {
        throw_database_error(error, db_path, "cannot write " + t_writing);
    } catch (...) {
        return std::current_exception();
    }
}

bool stopping(const IndexOptions& options) {
    return options.stop != nullptr && options.stop->load(std::memory_order_relaxed);
}

/// Dates `article` from the first of `sources` that gives a date; a date the reader found is
/// kept only when `header` is among them (before whatever gives one first). A crawl date (the
/// day a web archive fetched the page) only bounds the publication, so with `header` listed it
/// comes after every other source. `file_context` is the date the file's previous article got
/// from its source or path, and becomes this one's when it has such a date (a date inferred
/// from text never is context: one wrong date would spread to the rest of the file).
void infer_date(Article& article, const ReadingOptions& reading, const Date& reference,
                std::optional<Date>& file_context) {
    const std::vector<DateSource>& sources = reading.date_sources;
    std::optional<Date> from_reader;
    std::swap(from_reader, article.date);
    const bool crawl = article.date_source == DateSource::crawl;
    article.date_source = DateSource::none;
    const bool header = std::find(sources.begin(), sources.end(), DateSource::header) != sources.end();
    for (const DateSource source : sources) {
        if (source == DateSource::header && from_reader && !crawl) {
            article.date = from_reader;
        } else if (source == DateSource::filename) {
            article.date = date_from_filename(article.path);
        } else if (source == DateSource::text) {
            article.date = date_from_text(article.title, article.paragraphs,
                                          {reference, file_context, reading.period});
        }
        if (article.date) {
            article.date_source = source;
            break;
        }
    }
    if (!article.date && crawl && header) {
        article.date = from_reader;
        article.date_source = DateSource::crawl;
    }
    // A time of day goes with the header date it was read with; a crawl's is the fetch's.
    if (article.date_source != DateSource::header) article.time.reset();
    if (!article.date) {
        article.date_source = DateSource::none;
    } else if (article.date_source != DateSource::text) {
        file_context = article.date;
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

/// What the writer threads share: the summary, the progress and the problem log, each change
/// made under one lock (they change once per file or problem, not per article).
class SharedRun {
  public:
    SharedRun(IndexSummary& summary, const ProgressHandler& on_progress,
              const ProblemLogger& on_problem)
        : summary_(summary), on_progress_(on_progress), on_problem_(on_problem) {}

    void report(const std::string& message) {
        std::lock_guard lock(mutex_);
        summary_.problems.push_back(message);
        if (on_problem_) on_problem_(message);
    }

    template <typename Change>
    void update(Change&& change) {
        std::lock_guard lock(mutex_);
        change(summary_);
    }

    void set_totals(std::uint64_t files, std::uint64_t bytes) {
        progress_.files_total = files;
        progress_.bytes_total = bytes;
    }

    void file_done(const SourceFile& file, std::uint64_t articles) {
        std::lock_guard lock(mutex_);
        ++progress_.files_done;
        progress_.bytes_done += file.size;
        progress_.articles += articles;
        summary_.bytes_read += file.size;
        if (on_progress_) on_progress_(progress_);
    }

    /// Notes that `reading`'s field mapping will be tried on an input of this run.
    void expect_fields(const ReadingOptions& reading) {
        std::lock_guard lock(mutex_);
        for (const auto& [key, value] : reading.reader.fields) {
            mappings_.try_emplace({reading.fields_origin, key, value});
        }
    }

    /// Notes whether the input at `path`, read with `reading`, has the field mapped to `key`.
    void field_seen(const ReadingOptions& reading, std::string_view key, bool found,
                    const std::string& path, const std::string& why) {
        const auto value = reading.reader.fields.find(std::string(key));
        if (value == reading.reader.fields.end()) return;
        std::lock_guard lock(mutex_);
        MappingUse& use = mappings_[{reading.fields_origin, value->first, value->second}];
        if (found) {
            ++use.with;
        } else if (use.without++ == 0 || path < use.first_path) {
            // The first in path order, whichever thread gets there first.
            use.first_path = path;
            use.first_without = path + ": " + why;
        }
    }

    /// One line for each field mapping that some input read with it lacked (or that no input
    /// was read with), whatever the number of inputs.
    std::vector<std::string> mapping_warnings() const {
        std::vector<std::string> lines;
        for (const auto& [mapping, use] : mappings_) {
            const auto& [origin, key, value] = mapping;
            const std::string label = origin.empty()
                                          ? fmt::format("--field {}={}", key, value)
                                          : fmt::format("{}: \"fields\" {}={}", origin, key, value);
            if (use.with == 0 && use.without == 0) {
                lines.push_back(label + ": no input was read as CSV or JSON Lines, the formats a "
                                        "field mapping applies to; not used");
            } else if (use.with == 0) {
                lines.push_back(fmt::format("{}: no input has that field ({} read; first: {})",
                                            label, use.without, use.first_without));
            } else if (use.without > 0) {
                lines.push_back(fmt::format("{}: {} of {} inputs read lack that field (first: {})",
                                            label, use.without, use.with + use.without,
                                            use.first_without));
            }
        }
        return lines;
    }

  private:
    /// How often inputs read with one field mapping had the field it names.
    struct MappingUse {
        std::uint64_t with = 0;
        std::uint64_t without = 0;
        std::string first_path;
        std::string first_without;  // "path: why"
    };

    std::mutex mutex_;
    IndexSummary& summary_;
    ProgressEvent progress_;
    const ProgressHandler& on_progress_;
    const ProblemLogger& on_problem_;
    /// By (where the mapping was given, key, field name).
    std::map<std::tuple<std::string, std::string, std::string>, MappingUse> mappings_;
};

/// Writes one shard: its files' articles and records, committed together in batches.
///
/// Every change goes into a Xapian transaction that commit() ends: when a write fails (a full
/// disk) or the process ends before, Xapian discards the whole batch, its own automatic flushes
/// included, instead of the destructor committing part of it.
class ShardWriter {
  public:
    ShardWriter(Xapian::WritableDatabase db, std::string name, const IndexOptions& options,
                const Date& reference, SharedRun& run, const schema::DataCompressor& compressor,
                CommittedCounts& committed)
        : db_(std::move(db)), name_(std::move(name)), options_(options), reference_(reference),
          run_(run), compressor_(compressor), committed_(committed),
          last_commit_(std::chrono::steady_clock::now()) {
        // Searches parse queries with the stemmer most of the database was built with.
        const std::string stemmer_key(schema::kStemmerKey);
        if (db_.get_metadata(stemmer_key).empty()) {
            begin();
            db_.set_metadata(stemmer_key, options.build.default_language);
        }
        const std::string prefix(schema::kFileKeyPrefix);
        for (auto it = db_.metadata_keys_begin(prefix); it != db_.metadata_keys_end(prefix); ++it) {
            if (auto record = FileRecord::decode(db_.get_metadata(*it))) {
                records_.emplace(*it, std::move(*record));
            }
        }
    }

    /// The record of `file` in this shard, if it has one.
    const FileRecord* record_of(const SourceFile& file) const {
        auto it = records_.find(schema::file_record_key(file.path));
        return it != records_.end() && it->second.path == file.path ? &it->second : nullptr;
    }

    /// True when this shard holds documents of `file` (with or without a record).
    bool holds(const SourceFile& file) const {
        return record_of(file) != nullptr || db_.term_exists(schema::file_term(file.path));
    }

    /// Removes everything this shard has of `file`: documents and record.
    void forget(const std::string& path) {
        begin();
        auto it = records_.find(schema::file_record_key(path));
        if (it != records_.end()) {
            const std::uint64_t articles = it->second.articles;
            run_.update([&](IndexSummary& s) { s.articles_removed += articles; });
            records_.erase(it);
            db_.set_metadata(schema::file_record_key(path), "");
        }
        db_.delete_document(schema::file_term(path));
    }

    /// Reads `file` and writes its articles; never throws for bad input (problems are reported).
    /// Returns false when the run was stopped during the file (its documents are dropped).
    bool index_file(const SourceFile& file, DocumentBuilder& builder,
                    const LanguageDetector* detector) {
        // Forget the file first: if this run dies mid-file, the next one redoes it whole.
        forget(file.path);
        const ReadingOptions& reading = *file.reading;
        FileRun current{file, schema::file_term(file.path), builder,
                        reading.language.empty() ? detector : nullptr, reading.reader};
        current.reader.on_mapped_field = [&](std::string_view key, bool found,
                                             const std::string& why) {
            run_.field_seen(reading, key, found, file.path, why);
        };
        const ProblemHandler problem = [this](const std::string& message) { run_.report(message); };
        try {
            FileHandle handle = open_without_links(file.real_path, file.path);
            for_each_input(
                file.path, handle,
                [&](const std::string& path, std::istream& in) {
                    return read_input(current, path, in, problem);
                },
                problem);
        } catch (const InputError& e) {
            problem(e.what());
            current.failed = true;
        } catch (const Xapian::Error&) {
            throw;
        } catch (const std::exception& e) {
            problem(fmt::format("{}: {}", file.path, e.what()));
            current.failed = true;
        }
        return finish_file(current);
    }

    /// The records of files that were indexed under one of `roots` and are gone now.
    std::vector<FileRecord> vanished(const std::vector<std::string>& roots,
                                     const std::unordered_set<std::string_view>& present) const {
        std::vector<FileRecord> gone;
        for (const auto& entry : records_) {
            const FileRecord& record = entry.second;  // clang 14 cannot capture a binding
            const bool under_root = std::any_of(roots.begin(), roots.end(), [&](const auto& root) {
                return is_within(record.path, root);
            });
            if (under_root && present.count(record.path) == 0) gone.push_back(record);
        }
        return gone;
    }

    bool has_vanished(const std::vector<std::string>& roots,
                      const std::unordered_set<std::string_view>& present) const {
        return !vanished(roots, present).empty();
    }

    /// Removes the articles of files that were indexed under one of `roots` and are gone now.
    void remove_vanished(const std::vector<std::string>& roots,
                         const std::unordered_set<std::string_view>& present) {
        for (const FileRecord& record : vanished(roots, present)) {
            spdlog::info("{}: file is gone; removing its {} articles", record.path,
                         record.articles);
            forget(record.path);
            run_.update([](IndexSummary& s) { ++s.files_removed; });
        }
    }

    /// Commits the batch: its files' articles and records, or none of them (then throws).
    void commit() {
        if (in_transaction_) {
            in_transaction_ = false;  // whether it succeeds or not
            db_.commit_transaction();
        } else {
            db_.commit();
        }
        committed_.files += pending_files_;
        committed_.articles += pending_file_articles_;
        pending_files_ = 0;
        pending_file_articles_ = 0;
        pending_articles_ = 0;
        last_commit_ = std::chrono::steady_clock::now();
    }

    const std::string& name() const { return name_; }
    std::uint64_t article_count() const { return db_.get_doccount(); }
    Xapian::WritableDatabase& database() { return db_; }

  private:
    /// A file being indexed: what its inputs have added so far.
    struct FileRun {
        const SourceFile& file;
        std::string term;  // its XF term
        DocumentBuilder& builder;
        const LanguageDetector* detector;  // null when the file's language is fixed
        ReaderOptions reader;  // the file's, telling the run which mapped fields it has
        std::unordered_set<std::string> ids{};
        std::map<std::string, std::size_t> languages{};  // detected so far in this file
        std::optional<Date> date_context{};  // the date of its last firmly dated article
        std::uint64_t articles = 0;
        std::uint64_t passages = 0;
        bool failed = false;
        bool stopped = false;
    };

    /// Reads the articles of one input of the file being indexed (the file itself, or a member
    /// of it when it is an archive); false when the run is stopping.
    bool read_input(FileRun& current, const std::string& path, std::istream& in,
                    const ProblemHandler& problem) {
        try {
            auto reader = open_reader(in, path, current.reader, problem);
            Article article;
            while (reader->next(article)) {
                if (stopping(options_)) {
                    current.stopped = true;
                    return false;
                }
                add_article(current, article, path);
            }
            if (in.bad()) throw InputError(fmt::format("{}: read error", path));
        } catch (const DamagedInputError& e) {
            problem(e.what());
        } catch (const InputError& e) {
            problem(e.what());
            if (path == current.file.path) current.failed = true;
        }
        return true;
    }

    /// Dates, detects, builds and writes one article of the file being indexed.
    void add_article(FileRun& current, Article& article, const std::string& path) {
        // What the reader did not hold counts as read: the bytes as they were in the file.
        const std::uint64_t dropped =
            truncate_text(article, kMaxArticleTextBytes) + article.text_dropped;
        if (dropped > 0) {
            run_.report(fmt::format("{}:{}: article '{}' has over {} bytes of text: the first {} "
                                    "are indexed, {} more are truncated",
                                    path, article.line, article.id, kMaxArticleTextBytes,
                                    kMaxArticleTextBytes, dropped));
        }
        const ReadingOptions& reading = *current.file.reading;
        infer_date(article, reading, reference_, current.date_context);
        if (!article.language.empty()) {
            // The source named it.
        } else if (!reading.language.empty()) {
            article.language = reading.language;
        } else if (current.detector != nullptr) {
            article.language = detect_language(*current.detector, article, current.languages);
        }
        BuiltArticle built = current.builder.build(article, current.file.collection, current.term);
        // Whatever a commit holds, Xapian's own flushes included, it holds what its articles
        // need: the languages list and the dictionary go in before the first article that
        // needs them.
        if (!built.language.empty() && languages_.insert(built.language).second) {
            record_languages();
        }
        store_dictionary();
        if (current.ids.insert(article.id).second) {
            db_.add_document(built.document);
            ++current.articles;
        } else {
            run_.report(fmt::format("{}:{}: duplicate article id '{}'; the later article "
                                    "replaces the earlier",
                                    path, article.line, article.id));
            db_.replace_document(built.id_term, built.document);
        }
        ++pending_articles_;
        current.passages += built.passages;
    }

    /// Records a file read to its end, or drops the documents of one the run stopped in (then
    /// false); commits when a batch is full.
    bool finish_file(const FileRun& current) {
        const SourceFile& file = current.file;
        // The shared summary is updated once per file, not per article: it takes a lock.
        run_.update([&](IndexSummary& s) { s.passages_indexed += current.passages; });
        if (current.stopped) {
            // Keep exactly the files that were completed: drop this one's documents.
            db_.delete_document(current.term);
            return false;
        }
        run_.update([&](IndexSummary& s) {
            s.articles_indexed += current.articles;
            ++(current.failed ? s.files_failed : s.files_indexed);
        });
        if (!current.failed) {
            // No record for a failed file: the next run retries it.
            FileRecord record{file.size, file.mtime_ns, current.articles,
                              file.reading->fingerprint(), file.path};
            // Not kept in records_: those are the records found at the start, which is all
            // remove_vanished() needs (a file indexed now is present), and a million files'
            // records would cost memory for nothing.
            db_.set_metadata(schema::file_record_key(file.path), record.encode());
            ++pending_files_;
            pending_file_articles_ += current.articles;
        }
        run_.file_done(file, current.articles);
        maybe_commit();
        return true;
    }

    /// Puts the compressor's dictionary in this shard before the first document compressed
    /// with it, so that both are committed together.
    void store_dictionary() {
        if (dictionary_stored_) return;
        const std::string dictionary = compressor_.dictionary();
        if (dictionary.empty()) return;
        const std::string key(schema::kDictionaryKey);
        if (db_.get_metadata(key) != dictionary) db_.set_metadata(key, dictionary);
        dictionary_stored_ = true;
    }

    /// Keeps "gazette.languages" listing every language this shard's articles were stemmed in,
    /// so that searches parse queries once per language.
    void record_languages() {
        const std::string key(schema::kLanguagesKey);
        const std::string listed = db_.get_metadata(key);
        std::set<std::string> all = languages_;
        for (std::string& code : schema::split_list(listed)) all.insert(std::move(code));
        const std::string joined = schema::join_list({all.begin(), all.end()});
        if (joined != listed) db_.set_metadata(key, joined);
    }

    void begin() {
        if (in_transaction_) return;
        db_.begin_transaction();
        in_transaction_ = true;
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

    Xapian::WritableDatabase db_;
    std::string name_;  // "shard-N"
    const IndexOptions& options_;
    Date reference_;  // the day date inference takes as today
    SharedRun& run_;
    const schema::DataCompressor& compressor_;
    CommittedCounts& committed_;
    bool in_transaction_ = false;
    bool dictionary_stored_ = false;
    std::unordered_map<std::string, FileRecord> records_;
    std::set<std::string> languages_;
    std::uint64_t pending_articles_ = 0;  // added since the last commit, the current file's too
    std::uint64_t pending_files_ = 0;  // files recorded since the last commit
    std::uint64_t pending_file_articles_ = 0;  // their articles
    std::chrono::steady_clock::time_point last_commit_;
};

unsigned thread_count(unsigned requested) {
    if (requested > 0) return requested;
    return std::max(1U, std::thread::hardware_concurrency());
}

/// Files to index, handed to the shard writers: a file some shard already holds goes to that
/// shard (so replacing it deletes locally); any other goes to whichever writer is free.
class FileQueue {
  public:
    explicit FileQueue(std::size_t shards) : own_(shards) {}

    void add(const SourceFile* file, std::optional<std::size_t> shard) {
        if (shard) {
            own_[*shard].push_back(file);
        } else {
            shared_.push_back(file);
        }
    }

    /// The next file for `shard`, or nullptr when none is left.
    const SourceFile* next(std::size_t shard) {
        std::lock_guard lock(mutex_);
        if (!own_[shard].empty()) {
            const SourceFile* file = own_[shard].front();
            own_[shard].pop_front();
            return file;
        }
        return next_shared_ < shared_.size() ? shared_[next_shared_++] : nullptr;
    }

  private:
    std::mutex mutex_;
    std::vector<std::deque<const SourceFile*>> own_;
    std::vector<const SourceFile*> shared_;
    std::size_t next_shared_ = 0;
};

/// The database's shards, each with its writer, and the compressor they share.
struct Shards {
    std::shared_ptr<void> lock;  // the database folder's, for the whole run
    bool tables_checked = false;  // Xapian's check of every table passed while opening
    std::unique_ptr<schema::DataCompressor> compressor;
    std::vector<ShardWriter> writers;
};

/// Opens (or creates) the database for the run: at least one shard per thread.
Shards open_shards(const IndexOptions& options, const Date& reference, SharedRun& run,
                   CommittedCounts& committed) {
    // Xapian flushes a writer's buffered changes after XAPIAN_FLUSH_THRESHOLD documents, read
    // when a database opens; a file longer than a commit batch is flushed at the same size
    // (unless the user set the variable).
    ::setenv("XAPIAN_FLUSH_THRESHOLD",
             std::to_string(std::max<std::uint64_t>(1, options.commit_every_articles)).c_str(), 0);
    schema::WriteOptions write;
    write.min_shards = thread_count(options.threads);
    write.rebuild = options.rebuild_shards;
    schema::WriteDatabase opened = schema::open_for_writing(options.db_path, write);
    for (const std::string& note : opened.notes) spdlog::warn("{}", note);
    std::vector<Xapian::WritableDatabase>& dbs = opened.shards;
    // Article data is compressed with the database's dictionary, or one trained on this run's
    // first articles when it has none yet (schema/article_data.hpp).
    std::string dictionary;
    for (const Xapian::WritableDatabase& db : dbs) {
        if (dictionary.empty()) dictionary = db.get_metadata(std::string(schema::kDictionaryKey));
    }
    Shards shards;
    shards.lock = opened.lock;
    shards.tables_checked = opened.tables_checked;
    shards.compressor = std::make_unique<schema::DataCompressor>(dictionary);
    for (std::size_t n = 0; n < dbs.size(); ++n) {
        shards.writers.emplace_back(std::move(dbs[n]), fmt::format("{}{}", schema::kShardPrefix, n),
                                    options, reference, run, *shards.compressor, committed);
    }
    return shards;
}

/// How the command line says files are read.
ReadingOptions base_reading_options(const IndexOptions& options) {
    ReadingOptions reading;
    reading.reader = options.reader;
    reading.date_sources = options.date_sources;
    reading.period = options.period;
    if (!options.detect_language) {
        const auto language = find_language(options.build.default_language);
        reading.language = !language ? options.build.default_language
                           : language->code.empty() ? "none" : language->code;
    }
    return reading;
}

/// The files under the inputs, sorted; what cannot be read is reported and counted as failed,
/// what is skipped on purpose reported. Throws InputError when an input does not exist or no
/// file could be found to read: nothing is opened or created then.
std::vector<SourceFile> find_files(const IndexOptions& options, SharedRun& run,
                                   IndexSummary& summary, std::vector<std::string>& roots) {
    std::vector<std::string> problems;
    std::vector<std::string> notes;
    Walker walker(options.follow_symlinks, options.db_path, base_reading_options(options), problems,
                  notes);
    for (const std::string& input : options.inputs) walker.add_input(input, roots);
    std::vector<SourceFile> files = walker.take_files();
    if (files.empty()) {
        const std::vector<std::string>& said = problems.empty() ? notes : problems;
        throw InputError(said.empty() ? "no files to index in the inputs given"
                         : said.size() == 1
                             ? fmt::format("no input could be read: {}", said[0])
                             : fmt::format("no input could be read: {} (and {} more)", said[0],
                                           said.size() - 1));
    }
    for (const std::string& message : problems) run.report(message);
    for (const std::string& message : notes) run.report(message);
    summary.files_failed += problems.size();
    return files;
}

/// What a run has to do, found before anything is written.
struct Plan {
    FileQueue queue;
    /// Copies of a file that an interrupted run left in a second shard: (shard, path).
    std::vector<std::pair<std::size_t, std::string>> strays;
    std::size_t files_todo = 0;

    explicit Plan(std::size_t shards) : queue(shards) {}
};

/// Plans the files that are new or changed (in size, time or reading options) since their
/// shard recorded them, or all of them with `force` (queued to the shard that holds them, if
/// one does) and the copies an interrupted run left in other shards, and
/// counts the unchanged ones. Notes every file's path in `present`. Writes nothing.
void plan_files(const std::vector<SourceFile>& files, const std::vector<ShardWriter>& writers,
                bool force, Plan& plan, std::unordered_set<std::string_view>& present,
                IndexSummary& summary, SharedRun& run) {
    std::uint64_t bytes_todo = 0;
    for (const SourceFile& file : files) {
        present.insert(file.path);
        std::optional<std::size_t> home;  // the shard that holds the file
        bool unchanged = false;
        for (std::size_t s = 0; s < writers.size(); ++s) {
            if (!writers[s].holds(file)) continue;
            if (home) {
                plan.strays.emplace_back(s, file.path);
                continue;
            }
            home = s;
            const FileRecord* record = writers[s].record_of(file);
            const bool same = record != nullptr && record->size == file.size &&
                              record->mtime_ns == file.mtime_ns;
            unchanged = same && record->options == file.reading->fingerprint();
            if (same && !unchanged) ++summary.files_options_changed;
        }
        if (unchanged && !force) {
            ++summary.files_unchanged;
            continue;
        }
        if (!file.reading->reader.fields.empty()) run.expect_fields(*file.reading);
        plan.queue.add(&file, home);
        ++plan.files_todo;
        bytes_todo += file.size;
    }
    run.set_totals(plan.files_todo, bytes_todo);
    spdlog::info("{} files found, {} unchanged, {} to index into {} shard(s)", files.size(),
                 summary.files_unchanged, plan.files_todo, writers.size());
}

/// The language detector every writer shares (detect() is const and thread-safe), or none when
/// languages are not detected or the profiles are missing.
std::unique_ptr<LanguageDetector> make_detector(const IndexOptions& options,
                                               const std::vector<SourceFile>& files) {
    const bool detect = std::any_of(files.begin(), files.end(), [](const SourceFile& file) {
        return file.reading->language.empty();
    });
    if (!detect) return nullptr;
    try {
        return std::make_unique<LanguageDetector>();
    } catch (const UsageError& e) {
        spdlog::warn("no language detection ({}); every article is taken as {}", e.what(),
                     options.build.default_language);
        return nullptr;
    }
}

/// Indexes the queued files on one thread per shard: each reads, builds and writes its files,
/// so the cores share the writing (Xapian's inverter and B-trees), the bulk of an indexing
/// run's work. Returns whether the run was interrupted; rethrows the first thread's error.
bool write_shards(Shards& shards, FileQueue& queue, const IndexOptions& options,
                  const LanguageDetector* detector) {
    std::mutex error_mutex;
    std::exception_ptr error;
    std::atomic<bool> interrupted{false};
    {
        std::vector<std::jthread> threads;
        for (std::size_t s = 0; s < shards.writers.size(); ++s) {
            threads.emplace_back([&, s] {
                ShardWriter& writer = shards.writers[s];
                t_writing = writer.name();
                try {
                    DocumentBuilder builder(options.build, shards.compressor.get());
                    while (const SourceFile* file = queue.next(s)) {
                        if (stopping(options) || !writer.index_file(*file, builder, detector)) {
                            interrupted = true;
                            break;
                        }
                        std::lock_guard lock(error_mutex);
                        if (error) break;
                    }
                    writer.commit();
                } catch (const Xapian::Error& e) {
                    std::lock_guard lock(error_mutex);
                    if (!error) error = translated(e, options.db_path);
                } catch (...) {
                    std::lock_guard lock(error_mutex);
                    if (!error) error = std::current_exception();
                }
            });
        }
    }
    if (error) std::rethrow_exception(error);
    return interrupted;
}

/// The files and folders the run works on, found before anything is opened.
struct Inputs {
    std::vector<SourceFile> files;
    std::vector<std::string> roots;
};

/// Writes the planned work: strays, the queued files, then (when not interrupted) the vanished
/// files' removal and the story pass. Throws Xapian::Error and Gazette's errors.
void write_planned(Shards& shards, Plan& plan, const Inputs& inputs,
                   const std::unordered_set<std::string_view>& present,
                   const IndexOptions& options, const LanguageDetector* detector, SharedRun& run,
                   IndexSummary& summary) {
    for (const auto& [shard, path] : plan.strays) {
        t_writing = shards.writers[shard].name();
        shards.writers[shard].forget(path);
    }
    summary.interrupted = write_shards(shards, plan.queue, options, detector);
    if (summary.interrupted) return;
    for (const std::string& warning : run.mapping_warnings()) run.report(warning);
    for (ShardWriter& writer : shards.writers) {
        t_writing = writer.name();
        writer.remove_vanished(inputs.roots, present);
        writer.commit();
    }
    std::vector<Xapian::WritableDatabase*> dbs;
    for (ShardWriter& writer : shards.writers) dbs.push_back(&writer.database());
    t_writing = "the stories";
    summary.stories = assign_stories(dbs, options.stories, options.stop);
    summary.interrupted = stopping(options);
}

/// What the run committed before `message`'s error stopped it, as the RunFailed it throws.
[[noreturn]] void fail_run(const std::string& message, const IndexOptions& options,
                           const CommittedCounts& committed, const IndexSummary& summary) {
    Committed what{committed.files.load(), committed.articles.load(),
                   committed_articles(options.db_path)};
    throw RunFailed(message, std::move(what), summary.problems);
}

/// Opens the database, plans the run and writes it into `summary`. A failure once writing has
/// begun is a RunFailed; before that, what opening or checking the database throws.
void index_inputs(const IndexOptions& options, const Date& reference, const Inputs& inputs,
                  SharedRun& run, IndexSummary& summary, CommittedCounts& committed) {
    Shards shards = open_shards(options, reference, run, committed);
    summary.files_seen = inputs.files.size();
    Plan plan(shards.writers.size());
    std::unordered_set<std::string_view> present;  // views of the files' paths
    bool vanished = false;
    try {
        plan_files(inputs.files, shards.writers, options.force, plan, present, summary, run);
        for (const ShardWriter& writer : shards.writers) {
            vanished |= writer.has_vanished(inputs.roots, present);
        }
    } catch (const Xapian::Error& e) {
        throw_database_error(e, options.db_path, "indexing failed");
    }
    // Nothing is written into a shard Xapian's check finds damaged; a run with nothing to do
    // skips the check (it reads every block).
    if ((plan.files_todo > 0 || !plan.strays.empty() || vanished) && !shards.tables_checked) {
        schema::check_shard_tables(options.db_path);
    }
    const std::unique_ptr<LanguageDetector> detector = make_detector(options, inputs.files);
    try {
        write_planned(shards, plan, inputs, present, options, detector.get(), run, summary);
        for (const ShardWriter& writer : shards.writers) {
            summary.articles_in_database += writer.article_count();
        }
    } catch (const Xapian::Error& e) {
        try {
            std::rethrow_exception(translated(e, options.db_path));
        } catch (const std::exception& translated_error) {
            fail_run(translated_error.what(), options, committed, summary);
        }
    } catch (const IndexError& e) {
        fail_run(e.what(), options, committed, summary);
    }
}

/// Xapian ended the process with no exception to tell why (std::terminate called from inside
/// a failed write): the reason is the errno it left, else a full filesystem, else unknown.
std::string terminated_message(const std::string& db_path, int saved_errno) {
    std::string reason = write_failure_reason(saved_errno);
    struct statvfs fs {};
    if (reason.empty() && ::statvfs(db_path.c_str(), &fs) == 0 && fs.f_bavail == 0) {
        reason = write_failure_reason(ENOSPC);
    }
    if (reason.empty()) reason = "the write failed";
    return fmt::format("{}: cannot write {}: {} (Xapian ended the process inside the write)",
                       db_path, t_writing, reason);
}

}  // namespace

std::string Committed::line() const {
    const std::string database =
        in_database ? fmt::format("{} articles in the database", *in_database)
                    : std::string("the articles in the database could not be counted");
    return fmt::format("stopped by the error below: {} files ({} articles) of this run committed, "
                       "{}; the next run indexes the rest",
                       files, articles, database);
}

std::optional<std::uint64_t> committed_articles(const std::string& db_path) {
    try {
        std::uint64_t total = 0;
        for (const std::string& shard : schema::shard_paths(db_path)) {
            total += Xapian::Database(shard).get_doccount();
        }
        return total;
    } catch (...) {
        return std::nullopt;
    }
}

std::string write_failure_message(std::exception_ptr error, const std::string& db_path,
                                  int saved_errno) noexcept {
    try {
        if (!error) return terminated_message(db_path, saved_errno);
        try {
            std::rethrow_exception(error);
        } catch (const Xapian::Error& e) {
            std::rethrow_exception(translated(e, db_path));
        }
    } catch (const std::exception& e) {
        return std::string(e.what()) + "; Xapian ended the process inside the write";
    } catch (...) {
    }
    return db_path + ": cannot write " + t_writing + ": unexpected error of an unknown type";
}

IndexSummary run_index(const IndexOptions& options, const ProgressHandler& on_progress,
                       const ProblemLogger& on_problem) try {
    if (options.inputs.empty()) throw UsageError("no input files or folders given");
    // Fail fast, before any I/O: a bad option would otherwise fail every file in turn.
    check_reader_options(options.reader);
    const DocumentBuilder validate_language(options.build);

    const Date reference = options.reference_date.value_or(Date::today());
    IndexSummary summary;
    SharedRun run(summary, on_progress, on_problem);
    Inputs inputs;
    inputs.files = find_files(options, run, summary, inputs.roots);
    CommittedCounts own;
    CommittedCounts& committed = options.committed != nullptr ? *options.committed : own;
    try {
        index_inputs(options, reference, inputs, run, summary, committed);
    } catch (const WriteError& e) {
        // Refused while the database was being opened (a shard created, the shard count
        // recorded): what earlier runs committed stays.
        fail_run(e.what(), options, committed, summary);
    }
    return summary;
} catch (const Xapian::Error& e) {
    throw_database_error(e, options.db_path, "indexing failed");
}

}  // namespace gazette
