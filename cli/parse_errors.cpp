//! CLI11's parse errors as Gazette's one-line usage messages; see describe_parse_error() in
//! program.hpp. CLI11 words its errors for developers ("The following argument was not expected:
//! --limt"); these say what to do instead, naming the option as the user could type it.
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "program.hpp"

namespace gazette::cli {
namespace {

/// Every spelling of every option: "--limit", "-n".
std::vector<std::string> option_spellings(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::Option* option : app.get_options()) {
        for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
        for (const std::string& name : option->get_snames()) names.push_back("-" + name);
    }
    return names;
}

/// Edit distance counting insertions, deletions, substitutions and swaps of neighbours
/// ("--limt" is one from "--limit", "--lmiit" one from "--limit").
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

/// The known option closest to `typed`, when it is close enough to be what was meant: a
/// prefix of it ("--lim"), or a few edits away (at most 2, and fewer than a third of it).
std::optional<std::string> closest_option(const CLI::App& app, std::string_view typed) {
    std::optional<std::string> best;
    std::size_t best_distance = 0;
    for (const std::string& name : option_spellings(app)) {
        if (name.size() < 3) continue;  // short options are too close to everything
        const std::size_t distance = name.starts_with(typed) && typed.size() > 3
                                         ? 1
                                         : edit_distance(typed, name);
        if (!best || distance < best_distance) {
            best = name;
            best_distance = distance;
        }
    }
    if (best && best_distance <= 2 && best_distance * 3 < best->size()) return best;
    return std::nullopt;
}

std::string unknown_argument(const CLI::App& app, const std::vector<std::string>& rest) {
    for (const std::string& argument : rest) {
        if (argument.size() < 2 || argument.front() != '-') continue;
        const std::string typed = argument.substr(0, argument.find('='));
        if (auto suggestion = closest_option(app, typed)) {
            return fmt::format("unknown option '{}' (did you mean '{}'?)", typed, *suggestion);
        }
        if (typed[1] != '-') {
            // Most often a query word or file name that starts with '-'.
            return fmt::format("unknown option '{}' (an argument that starts with '-' goes "
                               "after '--')", typed);
        }
        return fmt::format("unknown option '{}' (see --help)", typed);
    }
    return fmt::format("unexpected argument '{}' (see --help)", rest.empty() ? "" : rest.front());
}

/// The options (and positionals) `message` names, in the order it names them.
std::vector<const CLI::Option*> options_named_in(const CLI::App& app, std::string_view message) {
    std::vector<const CLI::Option*> named;
    std::size_t start = 0;
    while (start < message.size()) {
        std::size_t end = message.find_first_of(" :,=", start);
        if (end == std::string_view::npos) end = message.size();
        const std::string token(message.substr(start, end - start));
        start = end + 1;
        if (token.empty()) continue;
        const CLI::Option* option = app.get_option_no_throw(token);
        if (option != nullptr && std::find(named.begin(), named.end(), option) == named.end()) {
            named.push_back(option);
        }
    }
    return named;
}

std::string display_name(const CLI::Option* option) {
    return option->get_positional() ? option->get_name(true) : option->get_name();
}

}  // namespace

std::string describe_parse_error(const CLI::App& app, const CLI::ParseError& error) {
    const std::string what = error.what();
    if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
        return unknown_argument(app, app.remaining());
    }
    const auto named = options_named_in(app, what);
    if (dynamic_cast<const CLI::ExcludesError*>(&error) != nullptr && named.size() == 2) {
        return fmt::format("{} and {} cannot be used together", display_name(named[0]),
                           display_name(named[1]));
    }
    if (!named.empty()) {
        const CLI::Option* option = named.front();
        if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
            return fmt::format("missing {} (see --help)", display_name(option));
        }
        if (option->get_items_expected_max() == 0) {
            return fmt::format("{} takes no value", display_name(option));
        }
        if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr) {
            return fmt::format("{} needs a value", display_name(option));
        }
    }
    return fmt::format("{} (see --help)", what);
}

}  // namespace gazette::cli
