//! Streaming lines out of an input: the one place that knows about line ends, byte order marks,
//! encodings and over-long lines, so that every article reader sees clean numbered lines.
//!
//! Entry point: LineReader. It reads the input in fixed-size chunks and never holds more than one
//! line (capped) plus one chunk in memory. LF, CRLF and lone CR all end a line, a UTF-8 byte order
//! mark at the start is dropped, and bytes that are not valid UTF-8 are decoded as Windows-1252
//! (the usual encoding of old news archives) so that every line it yields is valid UTF-8.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reader.hpp"
#include "text.hpp"

namespace gazette::detail {

/// Converts UTF-16 bytes to UTF-8 piece by piece: a byte or a surrogate half that ends one piece
/// waits for the next. Unpaired surrogates become U+FFFD; nothing is ever rejected.
class Utf16Decoder {
  public:
    explicit Utf16Decoder(bool big_endian) : big_endian_(big_endian) {}
    /// Appends the UTF-8 for `bytes` (after what earlier calls left over) to `out`.
    void decode(std::string_view bytes, std::string& out);
    /// Appends U+FFFD for anything left over at the end of the input.
    void finish(std::string& out);

  private:
    bool big_endian_;
    std::string carry_;  // an odd byte left from the last piece
    char16_t high_ = 0;  // a high surrogate waiting for its low half
};

class LineReader {
  public:
    /// Lines longer than this are skipped and reported instead of being read into memory whole.
    static constexpr std::size_t kDefaultMaxLine = std::size_t{16} << 20;
    /// How many bytes head() holds at most: the part of the input format detection looks at.
    static constexpr std::size_t kHeadSize = 8192;

    /// Reads the head of `in` at once. Throws InputError("path: ...") when `in` cannot be read.
    LineReader(std::istream& in, std::string path, ProblemHandler on_problem,
               std::size_t max_line = kDefaultMaxLine);

    /// The first bytes of the input (up to kHeadSize, byte order mark removed), as read.
    std::string_view head() const { return head_; }
    /// True when the input holds nothing at all besides whitespace (judged from the head).
    bool blank() const { return blank_; }
    const std::string& path() const { return path_; }

    /// Reads the next line, without its line end, into `line`; false at the end of input.
    /// Throws InputError when the stream fails in the middle.
    bool next(std::string& line);
    /// 1-based number of the line the last next() returned.
    std::uint32_t line_number() const { return number_; }

    /// Reads the next `count` bytes as they are (no line ends removed, no UTF-8 repair) and
    /// appends them to `out`, or drops them when `out` is null: for formats that frame records
    /// by byte counts (WARC). The line breaks among them are counted, so line_number() stays
    /// the file's. Returns how many bytes there were (fewer than `count` at the end of input).
    std::size_t read_bytes(std::size_t count, std::string* out);

    /// Reports "path:line: reason" through the problem handler.
    void report(std::uint32_t line, std::string_view reason) const;
    /// Reports "path: reason" through the problem handler.
    void report(std::string_view reason) const;

  private:
    bool fill();
    /// Reads up to `size` bytes of the input as UTF-8 (decoding UTF-16 inputs); 0 at the end.
    std::size_t read_some(char* out, std::size_t size);
    std::size_t read_raw(char* out, std::size_t size);

    std::istream& in_;
    std::string path_;
    ProblemHandler on_problem_;
    std::size_t max_line_;
    std::string head_;
    std::vector<char> buffer_;
    std::size_t pos_ = 0;
    std::size_t end_ = 0;
    bool eof_ = false;
    bool blank_ = false;
    bool skip_lf_ = false;  // the last line ended with CR: a LF right after it belongs to it
    bool raw_cr_ = false;   // that CR was read by read_bytes(), as data
    std::uint32_t number_ = 0;
    std::unique_ptr<Utf16Decoder> utf16_;  // set when the input starts with a UTF-16 BOM
    std::string decoded_;                  // UTF-8 decoded from UTF-16 and not yet handed out
    std::size_t decoded_pos_ = 0;
    bool raw_eof_ = false;
    std::exception_ptr error_;  // a read error held back until the bytes before it are used
};

/// Replaces every byte sequence of `text` that is not valid UTF-8 by the Windows-1252 reading
/// of its bytes; valid text is left untouched.
void repair_utf8(std::string& text);

}  // namespace gazette::detail
