//! The progress bar and periodic progress lines; see progress.hpp.
#include "progress.hpp"

#include <string>

#include <fmt/format.h>

namespace gazette {
namespace {

std::string format_eta(double seconds) {
    if (seconds < 0 || seconds > 1e7) return "--:--";
    const auto total = static_cast<long>(seconds);
    if (total >= 3600) return fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
    return fmt::format("{}:{:02}", total / 60, total % 60);
}

}  // namespace

ProgressPrinter::ProgressPrinter(std::FILE* out, bool terminal, double interval_seconds)
    : out_(out),
      terminal_(terminal),
      interval_(terminal ? 0.2 : interval_seconds),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

void ProgressPrinter::update(const ProgressEvent& event) {
    const auto now = std::chrono::steady_clock::now();
    const bool done = event.files_done == event.files_total;
    if (!done && std::chrono::duration<double>(now - last_).count() < interval_) return;
    last_ = now;
    const double elapsed = std::max(1e-3, std::chrono::duration<double>(now - start_).count());
    const double rate = static_cast<double>(event.bytes_done) / elapsed;
    const double fraction = event.bytes_total == 0
                                ? 1.0
                                : static_cast<double>(event.bytes_done) /
                                      static_cast<double>(event.bytes_total);
    const double eta = rate > 0 ? static_cast<double>(event.bytes_total - event.bytes_done) / rate
                                : -1;
    const std::string counts = fmt::format(
        "{}/{} files, {} articles, {:.1f} MB/s, {:.0f} articles/s, ETA {}", event.files_done,
        event.files_total, event.articles, rate / 1e6,
        static_cast<double>(event.articles) / elapsed, format_eta(eta));
    if (terminal_) {
        constexpr int kWidth = 24;
        const int filled = static_cast<int>(fraction * kWidth);
        write(fmt::format("\r[{:=<{}}{:<{}}] {:3.0f}% {}\x1b[K", "", filled, "", kWidth - filled,
                          fraction * 100, counts));
        drawn_ = true;
    } else {
        write(fmt::format("progress: {:.0f}% {}\n", fraction * 100, counts));
    }
}

void ProgressPrinter::finish() {
    if (drawn_) write("\n");
    drawn_ = false;
}

void ProgressPrinter::write(const std::string& text) {
    // Progress is for the user's eyes only: a closed terminal or pipe (SIGHUP, SIGPIPE) must not
    // stop the run, which then stops cleanly on the signal instead.
    if (failed_) return;
    failed_ = std::fwrite(text.data(), 1, text.size(), out_) != text.size() || std::fflush(out_) != 0;
}

}  // namespace gazette
