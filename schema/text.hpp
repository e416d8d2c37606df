//! Small text helpers both sides share: UTF-8 decoding and encoding, ASCII character classes and
//! case, trimming and digit checks.
//!
//! Entry points: next_code_point() and append_utf8() (decoding and encoding one character),
//! valid_utf8_length() (strict validation), trim(), split_words(), join(), all_digits(),
//! ascii_lower(). Everything here
//! works on bytes and never allocates unless it returns a string. Case and classes are ASCII's
//! only: Unicode case folding is Xapian's (Xapian::Unicode) or Snowball's business.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

// ---- ASCII ---------------------------------------------------------------------------------

constexpr bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool is_ascii_alpha(char c) { return is_ascii_upper(c) || (c >= 'a' && c <= 'z'); }
/// Space, tab, line feed, carriage return, form feed and vertical tab.
constexpr bool is_ascii_space(char c) {
    // Tab, line feed, vertical tab, form feed and carriage return are 9 to 13.
    return c == ' ' || static_cast<unsigned char>(c - '\t') <= '\r' - '\t';
}
constexpr char ascii_lower(char c) { return is_ascii_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

/// `text` with its ASCII letters lower-cased; other bytes (UTF-8 included) as they are.
std::string ascii_lower(std::string_view text);

/// `text` without leading and trailing ASCII whitespace (is_ascii_space()).
std::string_view trim(std::string_view text);

/// True when `text` is not empty and holds only the digits 0-9.
bool all_digits(std::string_view text);

/// FNV-1a's standard offset basis.
inline constexpr std::uint64_t kFnvOffsetBasis = 14695981039346656037ULL;

/// The 64-bit FNV-1a hash of `text`, continuing from `hash` (a basis, or an earlier hash to
/// hash several pieces as one).
std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = kFnvOffsetBasis);

/// The words of `text`: its runs of anything but ASCII whitespace, in order.
std::vector<std::string_view> split_words(std::string_view text);

/// `items` (strings or string views) joined with `separator` between them.
template <typename Items>
std::string join(const Items& items, std::string_view separator) {
    std::string out;
    bool first = true;
    for (const auto& item : items) {
        if (!first) out += separator;
        out += item;
        first = false;
    }
    return out;
}

/// The value of a run of digits (all_digits()), short enough for an int.
constexpr int digits_value(std::string_view digits) {
    int value = 0;
    for (char c : digits) value = value * 10 + (c - '0');
    return value;
}

// ---- UTF-8 ---------------------------------------------------------------------------------

/// True for the bytes that continue a UTF-8 sequence (10xxxxxx).
constexpr bool is_utf8_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

/// The length of the sequence a lead byte announces: 1 for ASCII, and for a continuation byte
/// or an invalid lead (which then stand for one byte, never swallowing what follows).
constexpr std::size_t utf8_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    return 1;
}

/// The bytes of the character at `pos`: its lead's length, cut short where the continuation
/// bytes stop or the text ends, so that malformed input never swallows the ASCII after it.
std::size_t utf8_char_length(std::string_view text, std::size_t pos);

/// The length of the valid UTF-8 sequence at `pos`, or 0 when it is not one (truncated,
/// overlong, a surrogate or beyond U+10FFFF).
std::size_t valid_utf8_length(std::string_view text, std::size_t pos);

/// Decodes the code point at `pos` and moves `pos` past it; a malformed sequence yields U+FFFD
/// (and is passed over one byte at a time, or to the end when the text ends inside it).
char32_t next_code_point(std::string_view text, std::size_t& pos);

/// Appends the UTF-8 encoding of `cp` (which must not be a surrogate or beyond U+10FFFF).
void append_utf8(std::string& out, char32_t cp);

/// `pos` moved back to the start of the character it falls in (a byte offset that does not cut
/// a sequence); `pos` itself when it already is one, 0 at worst.
std::size_t utf8_floor(std::string_view text, std::size_t pos);

/// The number of characters in `text` (the bytes that are not continuation bytes).
std::size_t code_points(std::string_view text);

/// True when all of `text` is valid UTF-8 (valid_utf8_length()).
bool is_valid_utf8(std::string_view text);

/// `text` (a file name, a path, a message naming one) as one printable line: a backslash
/// doubled, line feed, tab and carriage return as `\n`, `\t` and `\r`, any other control
/// character (C0, DEL, C1) and every byte that is not part of valid UTF-8 as `\xHH`. Text that
/// holds none of these comes back unchanged, and the escaping can be undone exactly.
std::string escape_text(std::string_view text);

/// A message (which may quote names) as one printable line: as escape_text(), but a backslash
/// stays as it is, since messages quote their values in their own way.
std::string printable_line(std::string_view text);

/// `text` with every byte that is not part of valid UTF-8, and every `%`, written `%HH`: valid
/// UTF-8 that names any bytes exactly (percent-decoding gives them back).
std::string percent_encode_invalid(std::string_view text);

/// The inverse of percent_encode_invalid(): each `%HH` as the byte it names; anything else,
/// and a `%` not followed by two hex digits, as it is.
std::string percent_decode(std::string_view text);

/// `text` without the UTF-8 byte order mark it may start with.
constexpr std::string_view without_utf8_bom(std::string_view text) {
    constexpr std::string_view bom = "\xEF\xBB\xBF";
    return text.starts_with(bom) ? text.substr(bom.size()) : text;
}

}  // namespace gazette
