//! The bodies of the fuzz targets, shared by their LLVMFuzzerTestOneInput() wrappers (one .cpp
//! per target) and by tests/unit/test_fuzz_regressions.cpp, which replays saved findings
//! through exactly the same code.
//!
//! Entry points: fuzz_reader(), fuzz_detect(), fuzz_dates(), fuzz_query(), and replay() by
//! target name. Expected failures (InputError, UsageError, QueryError) are the library saying
//! no and are swallowed; anything else escapes, and a broken invariant throws InvariantBroken,
//! so that libFuzzer records the input as a crash and a test reports the message.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "article.hpp"
#include "dates.hpp"
#include "errors.hpp"
#include "query_builder.hpp"
#include "reader.hpp"
#include "stemmer.hpp"
#include "stopwords.hpp"

namespace gazette::fuzz {

/// A promise of the library that an input broke.
class InvariantBroken : public std::logic_error {
  public:
    using std::logic_error::logic_error;
};

/// True for well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
inline bool valid_utf8(std::string_view text) {
    static constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        std::uint32_t code = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            length = 2;
            code = c & 0x1Fu;
        } else if ((c & 0xF0) == 0xE0) {
            length = 3;
            code = c & 0x0Fu;
        } else if ((c & 0xF8) == 0xF0) {
            length = 4;
            code = c & 0x07u;
        } else {
            return false;
        }
        if (i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) return false;
            code = (code << 6) | (next & 0x3Fu);
        }
        if (code < kSmallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            return false;
        }
        i += length;
    }
    return true;
}

/// What readers promise about every article (reader.hpp, line_reader.hpp): valid UTF-8 text,
/// and a date only when it is a real calendar day. The id starts with the caller's path, whose
/// bytes it keeps (file names need not be UTF-8; the JSON writers replace what is not), so it is
/// checked only when `path` is valid UTF-8.
inline void check_article(const Article& article, std::string_view path) {
    auto utf8 = [](std::string_view text, const char* what) {
        if (!valid_utf8(text)) throw InvariantBroken(std::string(what) + " is not valid UTF-8");
    };
    if (valid_utf8(path)) utf8(article.id, "id");
    utf8(article.docno, "docno");
    utf8(article.title, "title");
    for (const auto& paragraph : article.paragraphs) utf8(paragraph.text, "a paragraph");
    for (const auto& outlet : article.outlets) utf8(outlet, "an outlet");
    if (article.date && !article.date->valid()) {
        throw InvariantBroken("article date " + article.date->iso() + " is not a calendar day");
    }
}

/// Opens a reader over `bytes` shown as `path` and reads every article, checking each.
inline void read_all(std::string_view bytes, const std::string& path,
                     const ReaderOptions& options) {
    std::istringstream in{std::string(bytes)};
    try {
        auto reader = open_reader(in, path, options, [](const std::string&) {});
        Article article;
        while (reader->next(article)) check_article(article, path);
    } catch (const InputError&) {
    } catch (const UsageError&) {
    } catch (const QueryError&) {
    }
}

/// One reader forced by name: `bytes` are a whole file in that format.
inline void fuzz_reader(const std::string& format, std::string_view bytes) {
    ReaderOptions options;
    options.format = format;
    read_all(bytes, "fuzz." + format, options);
}

/// The display paths fuzz_detect() picks from; keep in step with tests/fuzz/make-seeds.
inline constexpr std::array<const char*, 19> kDetectPaths = {
    "input",
    "story.txt",
    "feed.jsonl",
    "feed.json",
    "wire.sgm",
    "papers.trec",
    "headlines.csv",
    "headless.tsv",
    "story.html",
    "mini.all",
    "2024-03-14 Harbour reopens after storm.txt",
    "stories.tar.gz!news/Harbour reopens.txt",
    "feed.jsonl.gz",
    "\xE9\x87\x91\xE5\xBA\xB8\xE9\x80\x9D\xE4\xB8\x96.txt",
    "mail/40213",
    "Version 2.0 released",
    "inbox.mbox",
    "news.rss",
    "CC-NEWS-20240316.warc.gz",
};

/// Format detection and open_reader() with no forced format. The first byte picks the display
/// path, which detection reads too (extensions, archive members, titled file names); from 0xF0
/// on, the path is the input's first line instead, so that paths are fuzzed as well. The rest
/// is the file.
inline void fuzz_detect(std::string_view bytes) {
    if (bytes.empty()) return;
    const auto first = static_cast<unsigned char>(bytes[0]);
    auto rest = bytes.substr(1);
    std::string path;
    if (first >= 0xF0) {
        const auto end = rest.find('\n');
        path = std::string(rest.substr(0, std::min<std::size_t>(end, 255)));
        rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    } else {
        path = kDetectPaths[first % kDetectPaths.size()];
    }
    const auto format = detect_format(path, rest.substr(0, 8192));
    const auto known = known_formats();
    if (std::find(known.begin(), known.end(), format) == known.end()) {
        throw InvariantBroken("detect_format named an unknown format '" + format + "'");
    }
    read_all(rest, path, ReaderOptions{});
}

/// The date parser and both inferences on the same bytes: parse_date() on the whole input,
/// date_from_filename() on it as a path, and date_from_text() with its first line as the title
/// and each further line as a paragraph. None of them may throw, and every date they return
/// must be a real calendar day.
inline void fuzz_dates(std::string_view text) {
    auto check = [](const std::optional<Date>& date, const char* what) {
        if (date && !date->valid()) {
            throw InvariantBroken(std::string(what) + " returned " + date->iso() +
                                  ", not a calendar day");
        }
    };
    check(parse_date(text), "parse_date");
    check(date_from_filename(text), "date_from_filename");

    std::string title;
    std::vector<Paragraph> paragraphs;
    std::size_t start = 0;
    for (std::uint32_t line = 1; start <= text.size(); ++line) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string piece(text.substr(start, end - start));
        if (line == 1) {
            title = std::move(piece);
        } else {
            paragraphs.push_back(Paragraph{std::move(piece), line});
        }
        start = end + 1;
    }
    check(date_from_text(title, paragraphs, Date{2025, 6, 30}), "date_from_text");
}

/// Query parsing as gazette-search does it, against an empty in-memory database with the
/// English stemmer. The first byte picks the syntax (bit 0: Xapian's or plain text) and whether
/// English stopwords are dropped (bit 1); the rest is the query. parse() and words() may only
/// throw QueryError.
inline void fuzz_query(std::string_view bytes) {
    struct Fixture {
        // Xapian 1.4 spells InMemory::open() this way (the function itself is deprecated).
        Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};
        Xapian::Stem stem = make_stemmer("english");
        QueryBuilder builder{db, stem};
        // A few words stand in when Debian's stopword lists are not installed.
        std::unique_ptr<Xapian::SimpleStopper> stopper = [] {
            auto words = load_stopwords("en");
            if (words.empty()) words = {"the", "a", "of", "and", "or", "not"};
            return make_stopper(words);
        }();
    };
    static Fixture fixture;
    if (bytes.empty()) return;
    const auto first = static_cast<unsigned char>(bytes[0]);
    const auto syntax = (first & 1) ? QuerySyntax::text : QuerySyntax::xapian;
    const Xapian::Stopper* stopper = (first & 2) ? fixture.stopper.get() : nullptr;
    const std::string text(bytes.substr(1));
    try {
        (void)fixture.builder.parse(text, syntax, stopper).get_description();
    } catch (const QueryError&) {
    }
    try {
        (void)fixture.builder.words(text, syntax, stopper);
    } catch (const QueryError&) {
    }
}

/// Runs `bytes` through the target named `target` ("fuzz-reader-csv", "fuzz-detect", ...);
/// false for a name that is no target.
inline bool replay(std::string_view target, std::string_view bytes) {
    if (target.starts_with("fuzz-reader-")) {
        fuzz_reader(std::string(target.substr(12)), bytes);
    } else if (target == "fuzz-detect") {
        fuzz_detect(bytes);
    } else if (target == "fuzz-dates") {
        fuzz_dates(bytes);
    } else if (target == "fuzz-query") {
        fuzz_query(bytes);
    } else {
        return false;
    }
    return true;
}

}  // namespace gazette::fuzz
