//! UTF-8 and ASCII helpers; see text.hpp.
#include "text.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace gazette {

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (is_ascii_upper(c)) c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_ascii_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
    return text;
}

std::vector<std::string_view> split_words(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t pos = 0;
    while (pos < text.size()) {
        while (pos < text.size() && is_ascii_space(text[pos])) ++pos;
        const std::size_t start = pos;
        while (pos < text.size() && !is_ascii_space(text[pos])) ++pos;
        if (pos > start) words.push_back(text.substr(start, pos - start));
    }
    return words;
}

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), is_ascii_digit);
}

std::size_t utf8_char_length(std::string_view text, std::size_t pos) {
    const std::size_t want = utf8_length(static_cast<unsigned char>(text[pos]));
    std::size_t length = 1;
    while (length < want && pos + length < text.size() &&
           is_utf8_continuation(static_cast<unsigned char>(text[pos + length]))) {
        ++length;
    }
    return length;
}

std::size_t valid_utf8_length(std::string_view text, std::size_t pos) {
    const auto b0 = static_cast<unsigned char>(text[pos]);
    if (b0 < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3;
        if (b0 == 0xE0) low = 0xA0;   // overlong below U+0800
        if (b0 == 0xED) high = 0x9F;  // surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4;
        if (b0 == 0xF0) low = 0x90;   // overlong below U+10000
        if (b0 == 0xF4) high = 0x8F;  // beyond U+10FFFF
    } else {
        return 0;
    }
    if (pos + length > text.size()) return 0;
    const auto b1 = static_cast<unsigned char>(text[pos + 1]);
    if (b1 < low || b1 > high) return 0;
    for (std::size_t k = 2; k < length; ++k) {
        if (!is_utf8_continuation(static_cast<unsigned char>(text[pos + k]))) return 0;
    }
    return length;
}

char32_t next_code_point(std::string_view text, std::size_t& pos) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    const std::size_t length = utf8_length(lead);
    if (length == 1) {
        ++pos;
        return lead < 0x80 ? char32_t{lead} : char32_t{0xFFFD};
    }
    if (pos + length > text.size()) {
        pos = text.size();
        return 0xFFFD;
    }
    char32_t code = lead & (0x7Fu >> length);
    for (std::size_t i = 1; i < length; ++i) {
        const auto next = static_cast<unsigned char>(text[pos + i]);
        if (!is_utf8_continuation(next)) {
            ++pos;
            return 0xFFFD;
        }
        code = (code << 6) | (next & 0x3Fu);
    }
    pos += length;
    return code;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::size_t utf8_floor(std::string_view text, std::size_t pos) {
    while (pos > 0 && pos < text.size() && is_utf8_continuation(static_cast<unsigned char>(text[pos]))) {
        --pos;
    }
    return pos;
}

std::size_t code_points(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return !is_utf8_continuation(static_cast<unsigned char>(c));
    }));
}

bool is_valid_utf8(std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t length = valid_utf8_length(text, pos);
        if (length == 0) return false;
        pos += length;
    }
    return true;
}

namespace {

std::string escaped(std::string_view text, bool double_backslashes) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        const auto byte = static_cast<unsigned char>(text[pos]);
        const std::size_t length = valid_utf8_length(text, pos);
        // C1 controls are U+0080 to U+009F: 0xC2 0x80 to 0xC2 0x9F.
        const bool c1 = length == 2 && byte == 0xC2 && static_cast<unsigned char>(text[pos + 1]) < 0xA0;
        if (length > 1 && !c1) {
            out.append(text.substr(pos, length));
            pos += length;
            continue;
        }
        if (byte == '\\') {
            out += double_backslashes ? "\\\\" : "\\";
        } else if (byte == '\n') {
            out += "\\n";
        } else if (byte == '\t') {
            out += "\\t";
        } else if (byte == '\r') {
            out += "\\r";
        } else if (length == 1 && byte >= 0x20 && byte != 0x7F) {
            out += static_cast<char>(byte);
        } else {
            // A control character or a byte of malformed UTF-8: every byte as \xHH.
            for (std::size_t i = 0; i < std::max<std::size_t>(length, 1); ++i) {
                out += fmt::format("\\x{:02X}", static_cast<unsigned char>(text[pos + i]));
            }
            pos += std::max<std::size_t>(length, 1);
            continue;
        }
        ++pos;
    }
    return out;
}

}  // namespace

std::string escape_text(std::string_view text) { return escaped(text, true); }

std::string printable_line(std::string_view text) { return escaped(text, false); }

std::string percent_encode_invalid(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t length = valid_utf8_length(text, pos);
        if (length > 0 && text[pos] != '%') {
            out.append(text.substr(pos, length));
            pos += length;
        } else {
            out += fmt::format("%{:02X}", static_cast<unsigned char>(text[pos]));
            ++pos;
        }
    }
    return out;
}

std::string percent_decode(std::string_view text) {
    const auto hex = [](char c) -> int {
        if (is_ascii_digit(c)) return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size(); ++pos) {
        const bool escaped = text[pos] == '%' && pos + 2 < text.size() &&
                             hex(text[pos + 1]) >= 0 && hex(text[pos + 2]) >= 0;
        if (escaped) {
            out += static_cast<char>(hex(text[pos + 1]) * 16 + hex(text[pos + 2]));
            pos += 2;
        } else {
            out += text[pos];
        }
    }
    return out;
}

std::uint64_t fnv1a(std::string_view text, std::uint64_t hash) {
    for (const unsigned char c : text) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

}  // namespace gazette
