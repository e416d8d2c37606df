//! Format detection and open_reader() with no forced format; see fuzz_targets.hpp.
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gazette::fuzz::fuzz_detect({reinterpret_cast<const char*>(data), size});
    return 0;
}
