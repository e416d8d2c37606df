//! The WARC reader: web archives as Common Crawl News publishes them (`.warc`, and `.warc.gz`
//! with one gzip member per record, which input_source.cpp decompresses as one stream), one
//! article per HTML page.
//!
//! Entry point: make_warc_reader(). Records are read one at a time: the header block by lines,
//! the content by its Content-Length in bytes (LineReader::read_bytes()), so memory holds one
//! record whatever the size of the file. Each `response` record is an HTTP response: its status
//! line and headers are read, a chunked transfer encoding is undone and a gzip or deflate
//! content encoding decompressed (Common Crawl has already done both and renamed the headers
//! X-Crawler-...), and a page with status 2xx and an HTML content type goes through the HTML
//! reader (read_html_page()). The target URI is the docno and the key of the id ("path#URI"),
//! its host the outlet; the date is the page's own, else the record's WARC-Date with the date
//! source `crawl` (when it was fetched, not when it was published).
//!
//! Other records (warcinfo, request, metadata, revisit...) hold no article and are passed over.
//! Responses that give no article (not HTML, another status, unreadable encoding, no text) are
//! counted and reported in one line at the end of the file; a record whose header is broken is
//! reported with its line and reading resumes at the next "WARC/" line.
#include <zlib.h>

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "dates.hpp"
#include "errors.hpp"
#include "readers.hpp"

namespace gazette::detail {
namespace {

/// A response larger than this is not an article page: it is skipped (as the HTML reader
/// skips pages over 64 MiB).
constexpr std::uint64_t kMaxBlock = std::uint64_t{64} << 20;
/// How many kinds of skipped response the end-of-file line lists.
constexpr std::size_t kMaxReasons = 8;

struct WarcHeader {
    std::uint32_t line = 0;  // the "WARC/1.x" line
    std::string type;        // lower case
    std::string target_uri;
    std::string date;
    std::string content_type;  // lower case
    std::optional<std::uint64_t> length;
    bool complete = true;  // the blank line that ends the header was read
};

std::optional<std::uint64_t> parse_length(std::string_view text) {
    text = trim(text);
    if (text.empty() || text.size() > 18) return std::nullopt;
    std::uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return value;
}

/// The "name" and "value" of a "Name: value" header line; false for anything else.
bool split_field(std::string_view line, std::string& name, std::string_view& value) {
    const auto field = header_field_name(line);
    if (field.empty()) return false;
    name = ascii_lower(field);
    value = trim(line.substr(field.size() + 1));
    return true;
}

/// The media type of a Content-Type value, without parameters, in lower case.
std::string media_type(std::string_view value) {
    return ascii_lower(trim(value.substr(0, value.find(';'))));
}

/// The host of an absolute URI ("https://www.example.org:8080/a" -> "www.example.org").
std::string host_of(std::string_view uri) {
    const auto scheme = uri.find("://");
    if (scheme == std::string_view::npos) return {};
    auto rest = uri.substr(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
    if (!rest.starts_with('[')) rest = rest.substr(0, rest.find(':'));
    return ascii_lower(rest);
}

/// What the HTTP message at the start of a response block says.
struct HttpResponse {
    int status = 0;
    std::string content_type;  // media type only
    std::string transfer_encoding;
    std::string content_encoding;
    std::size_t body = 0;  // offset of the body in the block
};

/// Parses the status line and headers; nullopt when the block is no HTTP response.
std::optional<HttpResponse> parse_http(std::string_view block) {
    if (!block.starts_with("HTTP/")) return std::nullopt;
    HttpResponse response;
    std::size_t at = 0;
    bool first = true;
    for (;;) {
        const auto end = block.find('\n', at);
        if (end == std::string_view::npos) return std::nullopt;  // headers never end
        auto line = block.substr(at, end - at);
        if (line.ends_with('\r')) line.remove_suffix(1);
        at = end + 1;
        if (first) {
            first = false;
            const auto space = line.find(' ');
            if (space == std::string_view::npos) return std::nullopt;
            const auto code = line.substr(space + 1, 3);
            if (code.size() != 3 || !std::all_of(code.begin(), code.end(),
                                                 [](char c) { return c >= '0' && c <= '9'; })) {
                return std::nullopt;
            }
            response.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
            continue;
        }
        if (line.empty()) break;
        std::string name;
        std::string_view value;
        if (!split_field(line, name, value)) continue;
        if (name == "content-type" && response.content_type.empty()) {
            response.content_type = media_type(value);
        } else if (name == "transfer-encoding") {
            response.transfer_encoding = ascii_lower(value);
        } else if (name == "content-encoding") {
            response.content_encoding = ascii_lower(value);
        }
    }
    response.body = at;
    return response;
}

/// Undoes a chunked transfer encoding; nullopt when `body` is not chunked after all (a size
/// line that is no hexadecimal number). A body cut short keeps the chunks before the cut.
std::optional<std::string> dechunk(std::string_view body) {
    std::string out;
    std::size_t at = 0;
    while (at < body.size()) {
        const auto end = body.find('\n', at);
        const auto line = trim(body.substr(at, end == std::string_view::npos ? end : end - at));
        const auto digits = line.substr(0, line.find(';'));
        std::uint64_t size = 0;
        if (digits.empty() || digits.size() > 15)
            return out.empty() ? std::nullopt : std::optional(out);
        for (char c : digits) {
            const int v = c >= '0' && c <= '9'   ? c - '0'
                          : c >= 'a' && c <= 'f' ? c - 'a' + 10
                          : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                 : -1;
            if (v < 0) return out.empty() ? std::nullopt : std::optional(out);
            size = size * 16 + static_cast<std::uint64_t>(v);
        }
        if (size == 0 || end == std::string_view::npos) break;
        at = end + 1;
        const auto take = std::min<std::uint64_t>(size, body.size() - at);
        out.append(body.substr(at, take));
        at += take;
        // The CRLF after the chunk's data.
        if (body.substr(at).starts_with("\r\n"))
            at += 2;
        else if (body.substr(at).starts_with("\n"))
            at += 1;
    }
    return out;
}

/// Decompresses a gzip, zlib or raw deflate body; nullopt when it is none of them, damaged,
/// or grows beyond kMaxBlock.
std::optional<std::string> inflate_body(std::string_view body, bool raw) {
    z_stream stream{};
    // 15 + 32: gzip or zlib, told apart by their headers; -15: raw deflate.
    if (inflateInit2(&stream, raw ? -15 : 15 + 32) != Z_OK) return std::nullopt;
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
    stream.avail_in = static_cast<uInt>(body.size());
    std::string out;
    std::string buffer(std::size_t{64} << 10, '\0');
    int status = Z_OK;
    while (status == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
        stream.avail_out = static_cast<uInt>(buffer.size());
        status = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer.data(), buffer.size() - stream.avail_out);
        if (out.size() > kMaxBlock) status = Z_MEM_ERROR;
        if (status == Z_BUF_ERROR && stream.avail_in == 0) break;  // truncated: keep what came
    }
    inflateEnd(&stream);
    if (status != Z_STREAM_END && !(status == Z_BUF_ERROR && !out.empty())) return std::nullopt;
    return out;
}

bool is_html_type(std::string_view type) {
    return type == "text/html" || type == "application/xhtml+xml";
}

bool looks_like_html(std::string_view body) {
    const auto head = ascii_lower(trim(body.substr(0, 512)));
    return head.starts_with("<!doctype html") || head.starts_with("<html");
}

class WarcReader final : public ArticleReader {
  public:
    explicit WarcReader(std::unique_ptr<LineReader> lines) : lines_(std::move(lines)) {}

    bool next(Article& article) override {
        try {
            while (!done_) {
                if (read_record(article)) return true;
            }
        } catch (const InputError&) {
            // A damaged .warc.gz: what was skipped so far is still worth saying.
            finish();
            throw;
        }
        return false;
    }

  private:
    /// Reads one record; true when it gave an article.
    bool read_record(Article& article) {
        WarcHeader header;
        if (!read_header(header)) {
            finish();
            return false;
        }
        ++records_[header.type.empty() ? "untyped" : header.type];
        if (!header.complete) {
            lines_->report(header.line, "WARC record header cut short (truncated?); skipped");
            return false;
        }
        if (!header.length) {
            lines_->report(header.line, "WARC record without a valid Content-Length; skipped");
            return false;
        }
        const auto length = *header.length;
        if (header.type == "response") ++responses_;
        if (header.type != "response" || length > kMaxBlock) {
            if (header.type == "response") skip("larger than 64 MiB");
            return skip_block(header, length);
        }
        const auto block_line = lines_->line_number() + 1;
        std::string block;
        if (lines_->read_bytes(length, &block) < length) return truncated(header, block.size());
        return read_response(header, block, block_line, article);
    }

    bool skip_block(const WarcHeader& header, std::uint64_t length) {
        std::uint64_t left = length;
        while (left > 0) {
            const auto step = std::min<std::uint64_t>(left, std::uint64_t{1} << 20);
            const auto got = lines_->read_bytes(step, nullptr);
            left -= got;
            if (got < step) return truncated(header, length - left);
        }
        return false;
    }

    bool truncated(const WarcHeader& header, std::uint64_t got) {
        lines_->report(header.line, "WARC record cut short (" + std::to_string(got) + " of " +
                                        std::to_string(*header.length) +
                                        " bytes; truncated?); skipped");
        finish();
        return false;
    }

    /// Reads the next record's header block; false at the end of the input. Lines before it
    /// that are no record are reported once per run of them and passed over.
    bool read_header(WarcHeader& header) {
        std::string line;
        bool reported = false;
        for (;;) {
            if (!lines_->next(line)) return false;
            if (line.starts_with("WARC/")) break;
            if (trim(line).empty() || reported) continue;
            reported = true;
            lines_->report(lines_->line_number(),
                           "not a WARC record header; skipped to the next 'WARC/' line");
        }
        header.line = lines_->line_number();
        std::string name;
        std::string_view value;
        for (;;) {
            if (!lines_->next(line)) {
                header.complete = false;
                break;
            }
            if (line.empty()) break;
            if (!split_field(line, name, value)) continue;  // folded lines: nothing we read
            if (name == "warc-type") header.type = ascii_lower(value);
            if (name == "warc-target-uri") header.target_uri = value;
            if (name == "warc-date") header.date = value;
            if (name == "content-type") header.content_type = media_type(value);
            if (name == "content-length") header.length = parse_length(value);
        }
        // WARC 0.17 wrote the URI in angle brackets.
        auto& uri = header.target_uri;
        if (uri.size() > 2 && uri.front() == '<' && uri.back() == '>')
            uri = uri.substr(1, uri.size() - 2);
        return true;
    }

    /// The page a response block holds, when it is one: HTML after its encodings are undone.
    std::optional<std::string> page_of(const WarcHeader& header, std::string_view block,
                                       std::size_t& body_at) {
        const auto http =
            header.content_type.starts_with("application/http") ? parse_http(block) : std::nullopt;
        if (!http) return reject("not an HTTP response");
        if (http->status < 200 || http->status > 299) {
            return reject("HTTP status " + std::to_string(http->status));
        }
        body_at = http->body;
        std::string body(block.substr(http->body));
        if (http->transfer_encoding.find("chunked") != std::string::npos) {
            if (auto plain = dechunk(body)) body = std::move(*plain);
        }
        const auto& coding = http->content_encoding;
        if (coding == "gzip" || coding == "x-gzip" || coding == "deflate") {
            auto plain = inflate_body(body, false);
            if (!plain && coding == "deflate") plain = inflate_body(body, true);
            if (!plain) return reject("content encoding " + coding + " damaged");
            body = std::move(*plain);
        } else if (!coding.empty() && coding != "identity") {
            return reject("content encoding " + coding + " not supported");
        }
        const bool html =
            http->content_type.empty() ? looks_like_html(body) : is_html_type(http->content_type);
        if (!html) {
            return reject("not HTML (" +
                          (http->content_type.empty() ? "no type" : http->content_type) + ")");
        }
        return body;
    }

    bool read_response(const WarcHeader& header, const std::string& block, std::uint32_t block_line,
                       Article& article) {
        std::size_t body_at = 0;
        auto page = page_of(header, block, body_at);
        if (!page) return false;
        repair_utf8(*page);
        const auto body_line =
            block_line +
            static_cast<std::uint32_t>(std::count(
                block.begin(), block.begin() + static_cast<std::ptrdiff_t>(body_at), '\n'));
        start_article(article, lines_->path(), header.line);
        if (!read_html_page(*page, *lines_, body_line, article)) {
            skip("without title or text");
            return false;
        }
        auto uri = header.target_uri;
        repair_utf8(uri);
        uri = clean_text(uri);
        article.docno = uri;
        article.id = lines_->path() + "#" + (uri.empty() ? std::to_string(header.line) : uri);
        // The host names the outlet as the page's og:site_name would, and always does.
        article.outlets.clear();
        if (auto host = host_of(uri); !host.empty()) article.outlets.push_back(std::move(host));
        if (article.date_source != DateSource::header) crawl_date(header, article);
        return true;
    }

    void crawl_date(const WarcHeader& header, Article& article) const {
        if (header.date.empty()) return;
        if (const auto date = parse_date(header.date)) {
            article.date = *date;
            article.date_source = DateSource::crawl;
            return;
        }
        lines_->report(header.line,
                       "unreadable WARC-Date '" + clean_text(header.date.substr(0, 80)) + "'");
    }

    /// Counts a response that gives no article, for the end-of-file line.
    void skip(const std::string& reason) { ++skipped_[reason]; }

    std::optional<std::string> reject(const std::string& reason) {
        skip(reason);
        return std::nullopt;
    }

    /// Says, once, what the file held that gave no article.
    void finish() {
        if (done_) return;
        done_ = true;
        if (responses_ == 0) {
            std::string kinds;
            for (const auto& [type, count] : records_) {
                kinds += (kinds.empty() ? "" : ", ") + std::to_string(count) + " " + type;
            }
            lines_->report("no WARC response records" + (kinds.empty() ? "" : " (" + kinds + ")"));
            return;
        }
        std::uint64_t skipped = 0;
        std::vector<std::pair<std::uint64_t, std::string>> reasons;
        for (const auto& [reason, count] : skipped_) {
            skipped += count;
            reasons.emplace_back(count, reason);
        }
        if (skipped == 0) return;
        std::stable_sort(reasons.begin(), reasons.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        std::string line = std::to_string(skipped) + " of " + std::to_string(responses_) +
                           " responses not indexed: ";
        for (std::size_t k = 0; k < reasons.size() && k < kMaxReasons; ++k) {
            line +=
                (k > 0 ? ", " : "") + std::to_string(reasons[k].first) + " " + reasons[k].second;
        }
        if (reasons.size() > kMaxReasons) line += ", ...";
        lines_->report(line);
    }

    std::unique_ptr<LineReader> lines_;
    std::map<std::string, std::uint64_t> records_;  // by WARC-Type
    std::map<std::string, std::uint64_t> skipped_;  // responses that gave no article, by reason
    std::uint64_t responses_ = 0;
    bool done_ = false;
};

}  // namespace

std::unique_ptr<ArticleReader> make_warc_reader(std::unique_ptr<LineReader> lines,
                                                const ReaderOptions&) {
    return std::make_unique<WarcReader>(std::move(lines));
}

}  // namespace gazette::detail
