//! The command-line contract every Gazette tool shares: exit statuses, usage errors as one line,
//! `--help` and `--version`, `--db` and its `GAZETTE_DB` default, numeric options checked against
//! their documented ranges, logging set-up, and the catch-all that turns any error into one line
//! and a status.
//!
//! Entry point: Program. A tool's main() describes itself (ProgramInfo), adds its options to
//! app() (numbers through add_number()), calls parse(), then run() with the work itself:
//!
//!     cli::Program program({"gazette-eval", "Score a TREC run ...", {"gazette-eval q.trec run"}});
//!     program.app().add_option("QRELS", options.qrels, "...")->required();
//!     if (auto status = program.parse(argc, argv)) return *status;
//!     return program.run([&] { run_evaluation(options, std::cout, std::cerr); return 0; });
#pragma once

#include <functional>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <spdlog/common.h>

#include "date.hpp"
#include "numbers.hpp"

namespace gazette::cli {

/// The exit statuses of every Gazette tool.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;       // a runtime, input or database error
inline constexpr int kExitUsage = 2;         // a usage error or a query that cannot be parsed
inline constexpr int kExitInterrupted = 130;  // stopped by SIGINT or SIGTERM (as shells report it)

struct ProgramInfo {
    std::string name;                   // as the user types it: "gazette-search"
    std::string summary;                // one or two sentences for --help
    std::vector<std::string> examples;  // command lines, shown under "Examples" in --help
    /// Lines printed after the exit statuses in --help: statuses beyond 0, 1 and 2, or what
    /// they mean for this tool.
    std::vector<std::string> more_statuses;
};

/// The levels -v and -q choose between.
enum class Verbosity { quiet, normal, verbose };

class Program {
  public:
    explicit Program(ProgramInfo info);
    Program(const Program&) = delete;
    Program& operator=(const Program&) = delete;

    const std::string& name() const { return info_.name; }
    CLI::App& app() { return app_; }

    /// Adds `--db PATH`; `path` starts as $GAZETTE_DB, or ./gazette-db when that is unset or
    /// empty.
    CLI::Option* add_database_option(std::string& path);

    /// Adds -v/--verbose and -q/--quiet (which exclude each other); see verbosity().
    void add_verbosity_options(std::string quiet_help);

    /// Adds an option taking a number in `range`; the range is appended to `help` and checked
    /// after parsing, as is the number's form (a whole number for integer types). `value` keeps
    /// its default unless the option is given.
    template <typename T>
    CLI::Option* add_number(const std::string& names, T& value, std::string help, Range<T> range) {
        auto& number = numbers_.emplace_back();
        number.check = [&value, range](std::string_view text) { return parse_number(text, range, value); };
        number.expected = describe_range(range);
        number.option = app_.add_option(names, number.text, help + " (" + number.expected + ")");
        number.option->type_name(std::is_integral_v<T> ? "INT" : "NUMBER");
        number.option->default_str(format_number(value));
        return number.option;
    }

    /// Parses the command line. Returns a status when the program should stop here: 0 after
    /// --help or --version (printed to stdout), 2 after a usage error (one line on stderr:
    /// "gazette-search: unknown option '--limt' (did you mean '--limit'?)"). nullopt otherwise.
    std::optional<int> parse(int argc, char** argv);

    /// After the first positional argument, an argument that starts with one '-' and is not
    /// one of the program's short options (`-n`, `-n5`, `-v`) is a positional too (a query word
    /// such as `-buffer` or `-nuclear`), as if it came after `--`. Off by default.
    void dash_words_after_first_positional() { dash_words_ = true; }

    Verbosity verbosity() const;

    /// Sends spdlog's default logger to stderr as "level: message", in colour only when stderr
    /// is a terminal and NO_COLOR is not set. -v logs debug messages too; -q keeps `quiet_level`
    /// and above.
    void start_logging(spdlog::level::level_enum quiet_level) const;

    /// Runs `work`, turning whatever it throws into one line on stderr ("gazette-search:
    /// message") and a status: 2 for UsageError and QueryError, 1 for anything else.
    int run(const std::function<int()>& work) const noexcept;

    /// Prints "NAME: message" as one line on stderr.
    void print_error(std::string_view message) const noexcept;

  private:
    struct NumberOption {
        std::string text;  // as given on the command line
        std::string expected;
        CLI::Option* option = nullptr;
        std::function<bool(std::string_view)> check;
    };
    void check_values() const;
    std::vector<std::string> arrange_dash_words(int argc, char** argv) const;
    std::string footer() const;

    ProgramInfo info_;
    CLI::App app_;
    std::list<NumberOption> numbers_;  // a list: the options hold pointers into it
    CLI::Option* verbose_ = nullptr;
    CLI::Option* quiet_ = nullptr;
    bool dash_words_ = false;
};

/// The day an option names as YYYY-MM-DD, nullopt when `text` is empty. Throws UsageError
/// ("--as-of takes a date as YYYY-MM-DD, not 'soon'") naming `option` otherwise.
std::optional<Date> parse_day(const std::string& text, std::string_view option);

/// True when colour may be written to `fd`: it is a terminal and NO_COLOR is unset or empty
/// (https://no-color.org).
bool colour_allowed(int fd);

/// The one-line message for a CLI11 parse error of `app`: unknown options with the closest
/// known one, missing values, conflicting options; the program name is not included.
std::string describe_parse_error(const CLI::App& app, const CLI::ParseError& error);

}  // namespace gazette::cli
