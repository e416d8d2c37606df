//! QueryBuilder::parse() and words() in both syntaxes; see fuzz_targets.hpp.
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gazette::fuzz::fuzz_query({reinterpret_cast<const char*>(data), size});
    return 0;
}
