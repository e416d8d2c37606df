//! Helpers shared by the tests: fixture paths and the shared-data skip rule.
#pragma once

#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

namespace gazette::test {

/// tests/data/<name>
inline std::filesystem::path fixture(const std::string& name) {
    return std::filesystem::path(GAZETTE_TEST_DATA) / name;
}

/// ../shared/data/<name>, or an empty path when the shared data is absent.
inline std::filesystem::path shared_data(const std::string& name) {
    const auto path = std::filesystem::path(GAZETTE_SHARED_DATA) / name;
    return std::filesystem::exists(path) ? path : std::filesystem::path();
}

}  // namespace gazette::test

/// Skips the current test, saying so, when ../shared/data/<name> is absent.
#define GAZETTE_REQUIRE_SHARED(var, name)                                                 \
    const auto var = ::gazette::test::shared_data(name);                                  \
    if (var.empty()) {                                                                    \
        WARN("skipped: ../shared/data/" << (name) << " is absent");                        \
        return;                                                                           \
    }
