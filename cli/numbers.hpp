//! Numbers given on a command line: strict parsing (the whole text, a whole number for integer
//! options, finite for real ones) and the documented range of each option.
//!
//! Entry point: parse_number(); Program::add_number() uses it for every numeric option.
#pragma once

#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

namespace gazette::cli {

/// The values an option accepts, both ends included.
template <typename T>
struct Range {
    T min;
    T max;
};

/// "a whole number from 0 to 1000000", "a number from 0 to 1": how --help and usage errors
/// name what an option takes.
template <typename T>
std::string describe_range(const Range<T>& range) {
    return fmt::format("{} from {} to {}", std::is_integral_v<T> ? "a whole number" : "a number",
                       range.min, range.max);
}

/// The default shown by --help.
template <typename T>
std::string format_number(const T& value) {
    return fmt::format("{}", value);
}

/// Sets `value` from `text` when all of it is a number of T's kind within `range`; false
/// otherwise (then `value` is unchanged).
template <typename T>
bool parse_number(std::string_view text, const Range<T>& range, T& value) {
    static_assert(std::is_arithmetic_v<T>);
    T parsed{};
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, parsed);
    if (text.empty() || error != std::errc() || stop != end) return false;
    if constexpr (std::is_floating_point_v<T>) {
        if (!std::isfinite(parsed)) return false;
    }
    if (parsed < range.min || parsed > range.max) return false;
    value = parsed;
    return true;
}

}  // namespace gazette::cli
