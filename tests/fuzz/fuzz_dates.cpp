//! parse_date(), date_from_text() and date_from_filename(); see fuzz_targets.hpp.
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gazette::fuzz::fuzz_dates({reinterpret_cast<const char*>(data), size});
    return 0;
}
