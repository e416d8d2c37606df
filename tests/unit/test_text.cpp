// The shared text helpers (schema/text.hpp): UTF-8 decoding and encoding, trimming, digits, case.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "text.hpp"

using namespace gazette;

namespace {

/// Every code point of `text`, decoded with next_code_point().
std::vector<char32_t> decode_all(std::string_view text) {
    std::vector<char32_t> out;
    for (std::size_t pos = 0; pos < text.size();) out.push_back(next_code_point(text, pos));
    return out;
}

}  // namespace

TEST_CASE("UTF-8 encodes and decodes every length of sequence", "[unit][text]") {
    for (const char32_t cp : {U'a', U'\u00e9', U'\u20ac', U'\u4e2d', U'\U0001F600', U'\U0010FFFF'}) {
        std::string encoded;
        append_utf8(encoded, cp);
        CHECK(encoded.size() == (cp < 0x80 ? 1U : cp < 0x800 ? 2U : cp < 0x10000 ? 3U : 4U));
        CHECK(valid_utf8_length(encoded, 0) == encoded.size());
        CHECK(utf8_char_length(encoded, 0) == encoded.size());
        CHECK(decode_all(encoded) == std::vector<char32_t>{cp});
    }
    CHECK(decode_all("a\xC3\xA9z") == std::vector<char32_t>{U'a', U'\u00e9', U'z'});
}

TEST_CASE("malformed UTF-8 never swallows the ASCII after it", "[unit][text]") {
    // A lead byte whose continuation is missing: U+FFFD, then the letter that followed.
    CHECK(decode_all("\xC3z") == std::vector<char32_t>{0xFFFD, U'z'});
    CHECK(utf8_char_length("\xE2z", 0) == 1);
    // A stray continuation byte and an invalid lead stand for one byte each.
    CHECK(decode_all("\x80y\xFFy") == std::vector<char32_t>{0xFFFD, U'y', 0xFFFD, U'y'});
    CHECK(utf8_length(0x80) == 1);
    CHECK(utf8_length(0xFF) == 1);
    // A sequence cut off by the end of the text.
    CHECK(decode_all("ab\xE4\xB8") == std::vector<char32_t>{U'a', U'b', 0xFFFD});
}

TEST_CASE("strict validation rejects overlong forms, surrogates and code points past U+10FFFF",
          "[unit][text]") {
    CHECK(valid_utf8_length("\xC0\xAF", 0) == 0);          // overlong '/'
    CHECK(valid_utf8_length("\xE0\x80\xAF", 0) == 0);      // overlong, three bytes
    CHECK(valid_utf8_length("\xED\xA0\x80", 0) == 0);      // U+D800, a surrogate
    CHECK(valid_utf8_length("\xF4\x90\x80\x80", 0) == 0);  // U+110000
    CHECK(valid_utf8_length("\xE4\xB8", 0) == 0);          // truncated
    CHECK(valid_utf8_length("\xE4\xB8\xAD", 0) == 3);
}

TEST_CASE("cutting UTF-8 text lands on a character boundary", "[unit][text]") {
    const std::string text = "ab\xE4\xB8\xAD" "cd";  // "ab中cd"
    CHECK(utf8_floor(text, 2) == 2);
    CHECK(utf8_floor(text, 3) == 2);
    CHECK(utf8_floor(text, 4) == 2);
    CHECK(utf8_floor(text, 5) == 5);
    CHECK(utf8_floor(text, text.size()) == text.size());
    CHECK(code_points(text) == 5);
    CHECK(code_points("") == 0);
}

TEST_CASE("trim, digits and ASCII case", "[unit][text]") {
    CHECK(trim(" \t\r\n\f\vword  two \n") == "word  two");
    CHECK(trim(" \t ").empty());
    CHECK(trim("\u00a0x") == "\u00a0x");  // a no-break space is not ASCII whitespace
    CHECK(all_digits("0123456789"));
    CHECK_FALSE(all_digits(""));
    CHECK_FALSE(all_digits("12a"));
    CHECK_FALSE(all_digits("-1"));
    CHECK(digits_value("2024") == 2024);
    CHECK(digits_value("007") == 7);
    CHECK(ascii_lower("Hello WORLD \xC3\x89t\xC3\xA9") == "hello world \xC3\x89t\xC3\xA9");
    CHECK(ascii_lower('Q') == 'q');
    CHECK(ascii_lower('1') == '1');
    CHECK(is_ascii_space('\v'));
    CHECK_FALSE(is_ascii_space('x'));
    CHECK(is_ascii_alpha('z'));
    CHECK_FALSE(is_ascii_alpha('_'));
}

TEST_CASE("words split on ASCII whitespace, and lists join", "[unit][text]") {
    CHECK(split_words("  *TEXT 017\t01/04/63  PAGE 020\r\n") ==
          std::vector<std::string_view>{"*TEXT", "017", "01/04/63", "PAGE", "020"});
    CHECK(split_words(" \t ").empty());
    CHECK(split_words("one") == std::vector<std::string_view>{"one"});
    CHECK(join(std::vector<std::string>{"en", "de", "fr"}, ",") == "en,de,fr");
    CHECK(join(std::vector<std::string_view>{"text", "mail"}, ", ") == "text, mail");
    CHECK(join(std::vector<std::string>{}, ",").empty());
}

TEST_CASE("names are escaped onto one printable line, reversibly", "[unit][text]") {
    CHECK(escape_text("/data/plain name-é.txt") == "/data/plain name-é.txt");
    CHECK(escape_text("a\nb\tc\rd") == "a\\nb\\tc\\rd");
    CHECK(escape_text("back\\slash") == "back\\\\slash");
    CHECK(escape_text("esc\x1b[31m") == "esc\\x1B[31m");
    CHECK(escape_text(std::string("nul\0x", 5)) == "nul\\x00x");
    CHECK(escape_text("del\x7f") == "del\\x7F");
    CHECK(escape_text("bad\xff\xc3") == "bad\\xFF\\xC3");
    CHECK(escape_text("c1\xc2\x9b" "2J") == "c1\\xC2\\x9B2J");  // U+009B, a terminal's CSI
    CHECK(escape_text("\xc2\xa0nbsp") == "\xc2\xa0nbsp");
    // Messages quote in their own way: only their backslashes are left alone.
    CHECK(printable_line("reads 'a\\b\n\x01'") == "reads 'a\\b\\n\\x01'");
}

TEST_CASE("invalid UTF-8 is percent-encoded exactly", "[unit][text]") {
    CHECK(is_valid_utf8("caf\xc3\xa9"));
    CHECK_FALSE(is_valid_utf8("caf\xe9"));
    CHECK(percent_encode_invalid("caf\xe9 100%.txt") == "caf%E9 100%25.txt");
    CHECK(percent_encode_invalid("caf\xc3\xa9") == "caf\xc3\xa9");
}

TEST_CASE("percent-decoding undoes percent_encode_invalid", "[unit][text]") {
    const std::string name = "/a/caf\xe9 100%\n\xff.txt";
    CHECK(percent_decode(percent_encode_invalid(name)) == name);
    CHECK(percent_decode("50%zz%4") == "50%zz%4");
}
