//! LineReader and the repair of text that is not UTF-8; see line_reader.hpp.
#include "line_reader.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <utility>

#include "errors.hpp"
#include "text.hpp"

namespace gazette::detail {
namespace {

constexpr std::size_t kChunkSize = std::size_t{64} << 10;

/// Windows-1252 code points for bytes 0x80..0x9F; the five bytes it leaves undefined map to the
/// same-numbered C1 code points, as Latin-1 would read them.
constexpr std::array<char32_t, 32> kCp1252 = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

std::string describe_size(std::size_t bytes) {
    if (bytes % (std::size_t{1} << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
    return std::to_string(bytes) + " bytes";
}

}  // namespace

void Utf16Decoder::decode(std::string_view bytes, std::string& out) {
    std::string joined;
    if (!carry_.empty()) {
        joined = carry_ + std::string(bytes);
        bytes = joined;
        carry_.clear();
    }
    std::size_t i = 0;
    for (; i + 1 < bytes.size(); i += 2) {
        const auto b0 = static_cast<unsigned char>(bytes[i]);
        const auto b1 = static_cast<unsigned char>(bytes[i + 1]);
        const auto unit = static_cast<char16_t>(big_endian_ ? (b0 << 8) | b1 : (b1 << 8) | b0);
        if (unit >= 0xD800 && unit < 0xDC00) {
            if (high_ != 0) append_utf8(out, 0xFFFD);
            high_ = unit;
            continue;
        }
        if (unit >= 0xDC00 && unit < 0xE000) {
            if (high_ == 0) {
                append_utf8(out, 0xFFFD);
            } else {
                append_utf8(out, 0x10000 + ((char32_t{high_} - 0xD800) << 10) + (unit - 0xDC00));
                high_ = 0;
            }
            continue;
        }
        if (high_ != 0) {
            append_utf8(out, 0xFFFD);
            high_ = 0;
        }
        append_utf8(out, unit);
    }
    carry_.assign(bytes.substr(i));
}

void Utf16Decoder::finish(std::string& out) {
    if (high_ != 0 || !carry_.empty()) append_utf8(out, 0xFFFD);
    high_ = 0;
    carry_.clear();
}

void repair_utf8(std::string& text) {
    // Nearly every line is ASCII or valid UTF-8: look before copying anything.
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t n = valid_utf8_length(text, i);
        if (n == 0) break;
        i += n;
    }
    if (i == text.size()) return;

    std::string out(text, 0, i);
    out.reserve(text.size() + 16);
    while (i < text.size()) {
        const std::size_t n = valid_utf8_length(text, i);
        if (n > 0) {
            out.append(text, i, n);
            i += n;
            continue;
        }
        const auto byte = static_cast<unsigned char>(text[i]);
        append_utf8(out, byte < 0xA0 ? kCp1252[byte - 0x80] : char32_t{byte});
        ++i;
    }
    text = std::move(out);
}


LineReader::LineReader(std::istream& in, std::string path, ProblemHandler on_problem,
                       std::size_t max_line)
    : in_(in), path_(std::move(path)), on_problem_(std::move(on_problem)), max_line_(max_line) {
    if (!in_) throw InputError(path_ + ": cannot read input");
    buffer_.resize(std::max(kChunkSize, kHeadSize));
    // The head is read up front so that format detection and the binary check need neither
    // seeking nor a second pass: pipes and archive members work the same as files.
    auto read_head = [this] {
        while (end_ < kHeadSize && !eof_) {
            std::size_t got = 0;
            try {
                got = read_some(buffer_.data() + end_, kHeadSize - end_);
            } catch (const InputError&) {
                // Damage right after the first bytes (a small truncated .gz): the lines before
                // it are read first, and the next fill() throws.
                if (end_ == 0) throw;
                error_ = std::current_exception();
                break;
            }
            if (got == 0) eof_ = true;
            end_ += got;
        }
    };
    read_head();
    const bool le = end_ >= 2 && buffer_[0] == '\xFF' && buffer_[1] == '\xFE';
    const bool be = end_ >= 2 && buffer_[0] == '\xFE' && buffer_[1] == '\xFF';
    if (le || be) {
        // UTF-16 (Windows "Unicode" text exports): from here on the input is decoded as it is
        // read, and the head is read again in UTF-8.
        utf16_ = std::make_unique<Utf16Decoder>(be);
        utf16_->decode(std::string_view(buffer_.data() + 2, end_ - 2), decoded_);
        raw_eof_ = eof_;
        if (raw_eof_) utf16_->finish(decoded_);
        end_ = 0;
        eof_ = false;
        read_head();
    }
    if (end_ >= 3 && buffer_[0] == '\xEF' && buffer_[1] == '\xBB' && buffer_[2] == '\xBF') {
        pos_ = 3;
    }
    head_.assign(buffer_.data() + pos_, end_ - pos_);
    // Only an input that ended inside the head can be judged blank from it.
    blank_ = eof_ && trim(head_).empty();
}

std::size_t LineReader::read_raw(char* out, std::size_t size) {
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
    // sgetn() rather than istream::read(): an archive member's stream (input_source.cpp) hands
    // out its last good bytes and throws DamagedInputError on the next call, and read() would
    // drop the bytes of a call that throws. Read errors of files surface as ios_base::failure.
    try {
        const auto got = in_.rdbuf()->sgetn(out, static_cast<std::streamsize>(size));
        return got > 0 ? static_cast<std::size_t>(got) : 0;
    } catch (const std::ios_base::failure&) {
        throw InputError(path_ + ": read error" +
                         (number_ > 0 ? " after line " + std::to_string(number_) : std::string()));
    }
}

std::size_t LineReader::read_some(char* out, std::size_t size) {
    if (!utf16_) return read_raw(out, size);
    while (decoded_.size() - decoded_pos_ < size && !raw_eof_) {
        if (decoded_pos_ > 0) {
            decoded_.erase(0, decoded_pos_);
            decoded_pos_ = 0;
        }
        std::vector<char> raw(kChunkSize);
        std::size_t got = 0;
        try {
            got = read_raw(raw.data(), raw.size());
        } catch (const InputError&) {
            if (decoded_.size() == decoded_pos_) throw;
            error_ = std::current_exception();  // thrown once the decoded text is read
            raw_eof_ = true;
            break;
        }
        if (got == 0) {
            raw_eof_ = true;
            utf16_->finish(decoded_);
        } else {
            utf16_->decode(std::string_view(raw.data(), got), decoded_);
        }
    }
    const auto n = std::min(size, decoded_.size() - decoded_pos_);
    if (n == 0 && error_) std::rethrow_exception(std::exchange(error_, nullptr));
    std::copy_n(decoded_.data() + decoded_pos_, n, out);
    decoded_pos_ += n;
    return n;
}

bool LineReader::fill() {
    if (eof_) return false;
    const auto got = read_some(buffer_.data(), buffer_.size());
    pos_ = 0;
    end_ = got;
    if (got == 0) eof_ = true;
    return got > 0;
}

bool LineReader::next(std::string& line) {
    line.clear();
    for (;;) {
        bool any = false;  // whether this line has begun: a last line needs no line end
        bool too_long = false;
        bool ended = false;
        while (!ended) {
            if (pos_ == end_ && !fill()) break;
            if (skip_lf_) {
                skip_lf_ = false;
                if (buffer_[pos_] == '\n') {
                    ++pos_;
                    continue;
                }
            }
            any = true;
            const char* begin = buffer_.data() + pos_;
            const char* stop = buffer_.data() + end_;
            const char* hit =
                std::find_if(begin, stop, [](char c) { return c == '\n' || c == '\r'; });
            const auto length = static_cast<std::size_t>(hit - begin);
            if (!too_long) {
                if (line.size() + length > max_line_) {
                    too_long = true;
                    line.clear();
                    line.shrink_to_fit();
                } else {
                    line.append(begin, length);
                }
            }
            pos_ += length;
            if (hit != stop) {
                skip_lf_ = *hit == '\r';
                raw_cr_ = false;
                ++pos_;
                ended = true;
            }
        }
        if (!any) return false;
        ++number_;
        if (too_long) {
            report(number_, "line longer than " + describe_size(max_line_) + " skipped");
            continue;
        }
        repair_utf8(line);
        return true;
    }
}

std::size_t LineReader::read_bytes(std::size_t count, std::string* out) {
    if (count == 0) return 0;
    std::size_t done = 0;
    bool counted = false;  // a LF up next ends a line already counted (its CR came just before)
    while (done < count) {
        if (pos_ == end_ && !fill()) break;
        if (skip_lf_) {
            skip_lf_ = false;
            if (buffer_[pos_] == '\n') {
                // The LF of a CRLF whose CR ended the last line is part of that line's end;
                // after a CR read as data, it is data too, but no second line end.
                if (!raw_cr_) {
                    ++pos_;
                    continue;
                }
                counted = true;
            }
        }
        const auto take = std::min(count - done, end_ - pos_);
        const std::string_view bytes(buffer_.data() + pos_, take);
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            // LF, CRLF and a lone CR are one line end each, as next() counts them.
            if (bytes[i] == '\r' || (bytes[i] == '\n' && !counted)) ++number_;
            counted = bytes[i] == '\r';
        }
        if (out != nullptr) out->append(bytes);
        pos_ += take;
        done += take;
    }
    skip_lf_ = raw_cr_ = counted;
    return done;
}

void LineReader::report(std::uint32_t line, std::string_view reason) const {
    if (on_problem_) on_problem_(path_ + ":" + std::to_string(line) + ": " + std::string(reason));
}

void LineReader::report(std::string_view reason) const {
    if (on_problem_) on_problem_(path_ + ": " + std::string(reason));
}

}  // namespace gazette::detail
