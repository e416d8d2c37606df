//! The shared command-line contract; see program.hpp.
#include "program.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <new>

#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <xapian.h>

#include "errors.hpp"
#include "schema.hpp"
#include "text.hpp"

#ifndef GAZETTE_VERSION
#error "GAZETTE_VERSION must be defined (cli/CMakeLists.txt passes the project's version)"
#endif

namespace gazette::cli {
namespace {

std::string version_text(const std::string& name) {
    return fmt::format("{} {}\nXapian {}\ndatabase schema {}", name, GAZETTE_VERSION,
                       Xapian::version_string(), schema::kSchemaVersion);
}

/// Formats log lines with `pattern`, each message made printable first (printable_line()): a name
/// holding a newline or a terminal's escape sequence never splits a line or reaches the
/// terminal raw.
class EscapingFormatter final : public spdlog::formatter {
  public:
    explicit EscapingFormatter(std::string pattern)
        : pattern_(std::move(pattern)), inner_(std::make_unique<spdlog::pattern_formatter>(pattern_)) {}

    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        const std::string escaped =
            printable_line(std::string_view(msg.payload.data(), msg.payload.size()));
        spdlog::details::log_msg copy = msg;
        copy.payload = escaped;
        inner_->format(copy, dest);
        // The colour sink reads where the level's colour goes from the message it formatted.
        msg.color_range_start = copy.color_range_start;
        msg.color_range_end = copy.color_range_end;
    }

    std::unique_ptr<spdlog::formatter> clone() const override {
        return std::make_unique<EscapingFormatter>(pattern_);
    }

  private:
    std::string pattern_;
    std::unique_ptr<spdlog::pattern_formatter> inner_;
};

}  // namespace

std::optional<Date> parse_day(const std::string& text, std::string_view option) {
    if (text.empty()) return std::nullopt;
    if (auto date = Date::from_iso(text)) return date;
    throw UsageError(fmt::format("{} takes a date as YYYY-MM-DD, not '{}'", option, text));
}

bool colour_allowed(int fd) {
    const char* no_color = std::getenv("NO_COLOR");
    return (no_color == nullptr || *no_color == '\0') && isatty(fd) != 0;
}

Program::Program(ProgramInfo info) : info_(std::move(info)), app_(info_.summary, info_.name) {
    app_.set_version_flag("--version", version_text(info_.name),
                          "Print the versions of Gazette, Xapian and the database schema");
    app_.footer(footer());
    app_.get_formatter()->column_width(32);
}

std::string Program::footer() const {
    std::string text;
    if (!info_.examples.empty()) {
        text += "Examples:\n";
        for (const std::string& example : info_.examples) text += "  " + example + "\n";
        text += "\n";
    }
    text += "Exit status:\n"
            "  0    success\n"
            "  1    a runtime, input or database error\n"
            "  2    a usage error or a query that cannot be parsed\n";
    if (!info_.more_statuses.empty()) text += "\n";
    for (const std::string& line : info_.more_statuses) text += line + "\n";
    return text;
}

CLI::Option* Program::add_database_option(std::string& path) {
    const char* env = std::getenv("GAZETTE_DB");
    path = env != nullptr && *env != '\0' ? env : "gazette-db";
    return app_.add_option("--db", path, "Database path (default: $GAZETTE_DB, else ./gazette-db)");
}

void Program::add_verbosity_options(std::string quiet_help) {
    verbose_ = app_.add_flag("-v,--verbose")->description("Log more detail");
    quiet_ = app_.add_flag("-q,--quiet")->description(std::move(quiet_help));
    verbose_->excludes(quiet_);
}

Verbosity Program::verbosity() const {
    if (verbose_ != nullptr && verbose_->count() > 0) return Verbosity::verbose;
    if (quiet_ != nullptr && quiet_->count() > 0) return Verbosity::quiet;
    return Verbosity::normal;
}

std::vector<std::string> Program::arrange_dash_words(int argc, char** argv) const {
    // Options (with their values) first in the order given, then "--" and the positionals in
    // order, so CLI11 takes a dash word after the first positional as a positional.
    std::vector<std::string> options;
    std::vector<std::string> positionals;
    bool seen_positional = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--") {
            positionals.insert(positionals.end(), argv + i + 1, argv + argc);
            break;
        }
        const bool dashed = arg.size() > 1 && arg.front() == '-';
        const bool is_long = arg.starts_with("--");
        const std::string name = is_long ? arg.substr(0, arg.find('=')) : arg.substr(0, 2);
        const CLI::Option* option = dashed ? app_.get_option_no_throw(name) : nullptr;
        const bool exact_short = !is_long && arg.size() == 2;
        // After a positional, "-n5" is still the option, "-nuclear" or "-verbose" a word.
        const bool short_with_number = option != nullptr && option->get_items_expected_max() > 0 &&
                                       arg.size() > 2 && std::isdigit(static_cast<unsigned char>(arg[2]));
        if (!dashed ||
            (seen_positional && !is_long && (option == nullptr || !(exact_short || short_with_number)))) {
            positionals.push_back(arg);
            seen_positional = true;
            continue;
        }
        options.push_back(arg);
        const bool value_inline = is_long ? arg.find('=') != std::string::npos : !exact_short;
        if (option != nullptr && option->get_items_expected_max() > 0 && !value_inline) {
            // The value is missing: parse as given, so CLI11 says so.
            if (i + 1 == argc) return {argv + 1, argv + argc};
            options.emplace_back(argv[++i]);
        }
    }
    options.emplace_back("--");
    options.insert(options.end(), positionals.begin(), positionals.end());
    return options;
}

std::optional<int> Program::parse(int argc, char** argv) {
    try {
        if (dash_words_) {
            std::vector<std::string> args = arrange_dash_words(argc, argv);
            std::reverse(args.begin(), args.end());  // CLI11 takes a vector in reverse order
            app_.parse(args);
        } else {
            app_.parse(argc, argv);
        }
        check_values();
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) {  // --help or --version
            app_.exit(e);
            return kExitOk;
        }
        print_error(describe_parse_error(app_, e));
        return kExitUsage;
    } catch (const UsageError& e) {
        print_error(e.what());
        return kExitUsage;
    }
    return std::nullopt;
}

void Program::check_values() const {
    // An option that takes a value swallows the next argument whatever it is, so "--db --json"
    // sets the database to "--json": say that the value is missing instead.
    for (const CLI::Option* option : app_.get_options()) {
        if (option->get_positional() || option->get_items_expected_max() == 0) continue;
        for (const std::string& value : option->results()) {
            if (value.size() > 1 && value.front() == '-' && app_.get_option_no_throw(value) != nullptr) {
                throw UsageError(fmt::format("{} needs a value (found the option '{}' instead)",
                                             option->get_name(), value));
            }
        }
    }
    for (const NumberOption& number : numbers_) {
        if (number.option->count() > 0 && !number.check(number.text)) {
            throw UsageError(fmt::format("{} takes {}, not '{}'", number.option->get_name(),
                                         number.expected, number.text));
        }
    }
}

void Program::start_logging(spdlog::level::level_enum quiet_level) const {
    auto logger = spdlog::stderr_color_mt(info_.name, colour_allowed(STDERR_FILENO)
                                                          ? spdlog::color_mode::always
                                                          : spdlog::color_mode::never);
    spdlog::set_default_logger(logger);
    spdlog::set_formatter(std::make_unique<EscapingFormatter>("%^%l%$: %v"));
    const Verbosity level = verbosity();
    spdlog::set_level(level == Verbosity::verbose ? spdlog::level::debug
                      : level == Verbosity::quiet ? quiet_level
                                                  : spdlog::level::info);
}

int Program::run(const std::function<int()>& work) const noexcept {
    try {
        return work();
    } catch (const UsageError& e) {
        print_error(e.what());
        return kExitUsage;
    } catch (const QueryError& e) {
        print_error(e.what());
        return kExitUsage;
    } catch (const Xapian::Error& e) {
        // The library translates Xapian's errors at its entry points; this is the last guard.
        print_error(e.get_description());
    } catch (const std::bad_alloc&) {
        print_error("out of memory");
    } catch (const std::exception& e) {
        print_error(e.what());
    } catch (...) {
        print_error("unexpected error of an unknown type");
    }
    return kExitFailure;
}

void Program::print_error(std::string_view message) const noexcept {
    try {
        fmt::print(stderr, "{}: {}\n", info_.name, printable_line(message));
    } catch (...) {
        // Nothing more can be said when stderr itself fails.
    }
}

}  // namespace gazette::cli
