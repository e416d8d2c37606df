//! A scratch archive for the integration tests: a folder of articles written by the test and
//! a database beside it, indexed through the library.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include "index_writer.hpp"

namespace gazette::test {

/// A scratch folder of articles and a database beside it, removed at the end of the test.
class Archive {
  public:
    explicit Archive(const std::string& name)
        : root_(std::filesystem::temp_directory_path() / ("gazette-it-" + name + "-" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(root_);
        std::filesystem::create_directories(root_ / "news");
    }
    ~Archive() { std::filesystem::remove_all(root_); }

    void write(const std::string& relative, const std::string& text) const {
        const std::filesystem::path path = root_ / "news" / relative;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << text;
    }
    void remove(const std::string& relative) const { std::filesystem::remove(root_ / "news" / relative); }

    IndexSummary index(const std::atomic<bool>* stop = nullptr,
                       const ProgressHandler& progress = {}) const {
        IndexOptions options;
        options.db_path = db();
        options.inputs = {(root_ / "news").string()};
        options.threads = 2;
        options.stop = stop;
        // Small passages, so that each paragraph of these short articles is a passage.
        options.build.passages = {.target_bytes = 60, .max_bytes = 400};
        return run_index(options, progress);
    }

    std::string db() const { return (root_ / "db").string(); }
    std::string path(const std::string& relative) const { return (root_ / "news" / relative).string(); }

  private:
    std::filesystem::path root_;
};

}  // namespace gazette::test
