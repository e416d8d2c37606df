//! One reader forced by name (GAZETTE_FUZZ_FORMAT, set per target in CMakeLists.txt); see
//! fuzz_targets.hpp.
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gazette::fuzz::fuzz_reader(GAZETTE_FUZZ_FORMAT, {reinterpret_cast<const char*>(data), size});
    return 0;
}
