// The Catch2 test runner for every unit and integration test.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
