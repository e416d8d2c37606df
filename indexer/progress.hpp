//! Progress display for gazette-index on stderr: a bar with counts, rate and ETA on a terminal,
//! a plain line every few seconds otherwise (logs, CI).
#pragma once

#include <chrono>
#include <string>
#include <cstdio>

#include "index_writer.hpp"

namespace gazette {

class ProgressPrinter {
  public:
    /// `terminal`: draw a bar redrawn in place; otherwise print periodic lines.
    ProgressPrinter(std::FILE* out, bool terminal, double interval_seconds = 10.0);

    void update(const ProgressEvent& event);
    /// Ends the bar's line so that later output starts clean.
    void finish();

  private:
    /// Writes `text`, or nothing once a write has failed.
    void write(const std::string& text);

    std::FILE* out_;
    bool terminal_;
    double interval_;
    bool drawn_ = false;
    bool failed_ = false;  // the output is gone (a closed terminal or pipe)
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_;
};

}  // namespace gazette
