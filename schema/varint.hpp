//! Unsigned LEB128 numbers: 7 bits a byte, low bits first, the top bit set on all but the last
//! byte. The encoding of the passage ranges and tokens Gazette stores (schema.hpp), and of the
//! numbers in Xapian's glass revision file, which opening a database checks (database.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gazette::schema::detail {

inline void put_uint(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
        out += static_cast<char>((value & 0x7f) | 0x80);
        value >>= 7;
    }
    out += static_cast<char>(value);
}

/// Reads one number from the front of `in` and drops its bytes; false when `in` ends inside it
/// or it does not fit 64 bits.
inline bool get_uint(std::string_view& in, std::uint64_t& value) {
    value = 0;
    for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
        const auto byte = static_cast<unsigned char>(in.front());
        in.remove_prefix(1);
        value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
        if ((byte & 0x80) == 0) return true;
    }
    return false;
}

}  // namespace gazette::schema::detail
