//! Tests of the readers for the formats news arrives in: mbox (mail_reader.cpp), RSS and Atom
//! feeds (feed_reader.cpp) and WARC web archives (warc_reader.cpp), on the hand-made fixtures
//! in tests/data/readers/{mbox,feeds,warc}, and of their detection by content.
#include <algorithm>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../test_support.hpp"
#include "errors.hpp"
#include "input_source.hpp"
#include "line_reader.hpp"
#include "reader.hpp"
#include "reader_results.hpp"

namespace {

using gazette::Article;
using gazette::DateSource;

using gazette::test::iso;
using gazette::test::read_text;
using gazette::test::ReadResult;

/// Reads a fixture the way the indexer does (through its input source: .gz decompressed),
/// shown under its name below tests/data/readers.
ReadResult read_fixture(const std::string& name) {
    ReadResult result;
    const auto path = gazette::test::fixture("readers/" + name).string();
    const auto prefix = gazette::test::fixture("readers/").string();
    auto on_problem = [&](const std::string& m) {
        result.problems.push_back(m.starts_with(prefix) ? m.substr(prefix.size()) : m);
    };
    gazette::for_each_input(
        path,
        [&](const std::string& shown, std::istream& in) {
            auto reader = gazette::open_reader(in, shown.substr(prefix.size()), {}, on_problem);
            Article article;
            while (reader->next(article)) result.articles.push_back(article);
            return true;
        },
        on_problem);
    return result;
}

std::vector<std::string> texts(const Article& a) {
    std::vector<std::string> out;
    for (const auto& p : a.paragraphs) out.push_back(p.text);
    return out;
}

using Strings = std::vector<std::string>;

/// A stream of `text` that counts how much of it has been read.
class CountingBuffer final : public std::streambuf {
  public:
    explicit CountingBuffer(std::string text) : text_(std::move(text)) {}
    std::size_t consumed() const { return at_; }

  protected:
    int_type underflow() override {
        if (at_ >= text_.size()) return traits_type::eof();
        const std::size_t n = std::min<std::size_t>(4096, text_.size() - at_);
        char* begin = text_.data() + at_;
        setg(begin, begin, begin + n);
        at_ += n;
        return traits_type::to_int_type(*begin);
    }

  private:
    std::string text_;
    std::size_t at_ = 0;
};

/// How much of `text` the reader of `path` had read when it handed out its first article.
std::size_t read_for_first_article(std::string text, const std::string& path) {
    CountingBuffer buffer(std::move(text));
    std::istream in(&buffer);
    auto reader = gazette::open_reader(in, path, {}, [](const std::string&) {});
    Article article;
    REQUIRE(reader->next(article));
    return buffer.consumed();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// mbox

TEST_CASE("mbox: one article per message, Message-ID as the id", "[unit][readers]") {
    const auto r = read_fixture("mbox/harbour-list.mbox");
    CHECK(r.problems.empty());
    REQUIRE(r.articles.size() == 3);
    const auto& first = r.articles[0];
    CHECK(first.id == "mbox/harbour-list.mbox#ferry-2024-03-14@harbour.example");
    CHECK(first.docno == "ferry-2024-03-14@harbour.example");
    CHECK(first.title == "Ferry timetable changes from Monday");
    CHECK(iso(first) == "2024-03-14");
    CHECK(first.date_source == DateSource::header);
    CHECK(first.line == 1);
    CHECK(first.outlets.empty());
    // ">From " quoting undone one level (mboxrd); the headers stay out of the body.
    CHECK(texts(first) ==
          Strings{"The morning ferry will leave at 07:15 instead of 07:00 from Monday.",
                  "From the harbour office: tickets bought before Monday remain valid. "
                  ">From the archive: the old timetable is kept at the office."});
    CHECK(first.paragraphs[1].line == 10);

    const auto& second = r.articles[1];
    CHECK(second.id == "mbox/harbour-list.mbox#pilot-reply-77@harbour.example");
    CHECK(second.title == "Re: Ferry timetable changes from Monday");
    CHECK(iso(second) == "2024-03-15");
    CHECK(second.line == 13);
    CHECK(second.outlets == Strings{"local.harbour", "local.shipping"});
    CHECK(texts(second) == Strings{"Pilots will board the ferry fifteen minutes earlier as well."});

    // Without a Message-ID the key is the line of the From_ line ("From - ..." as Thunderbird
    // writes it).
    const auto& third = r.articles[2];
    CHECK(third.id == "mbox/harbour-list.mbox#23");
    CHECK(third.docno.empty());
    CHECK(third.title == "Fog warning for the outer harbour");
    CHECK(iso(third) == "2024-03-16");
}

TEST_CASE("mbox: only a From_ line after a blank line starts a message", "[unit][readers]") {
    const auto r = read_text(
        "From a@example.org Mon Mar 11 10:00:00 2024\n"
        "Subject: First\n\n"
        "From our reporter in the harbour:\n"  // no date and time: body
        "the quay is open.\n"
        "From b@example.org Mon Mar 11 11:00:00 2024\n"  // not after a blank line: body
        "\n"
        "From c@example.org Mon Mar 11 12:00:00 2024\n"
        "\n"  // a message with nothing in it
        "From d@example.org Mon Mar 11 13:00:00 2024\n"
        "Subject: Last\n\nEnd.\n",
        "list.mbox");
    REQUIRE(r.articles.size() == 2);
    CHECK(r.articles[0].title == "First");
    CHECK(texts(r.articles[0]) ==
          Strings{"From our reporter in the harbour: the quay is open. From b@example.org Mon Mar "
                  "11 11:00:00 2024"});
    CHECK(r.articles[1].title == "Last");
    CHECK(r.articles[1].line == 10);
    CHECK(r.problems == Strings{"list.mbox:8: message without subject and body skipped"});
}

TEST_CASE("mail: a single message keeps its path as id and reads no From_ lines",
          "[unit][readers]") {
    const auto r = read_text(
        "Subject: One\nMessage-ID: <x@y>\n\nFirst.\n\n"
        "From a@example.org Mon Mar 11 10:00:00 2024\nSubject: no\n",
        "40213");
    REQUIRE(r.articles.size() == 1);
    CHECK(r.articles[0].id == "40213");
    CHECK(r.articles[0].docno.empty());
    CHECK(r.articles[0].paragraphs.size() == 2);
}

TEST_CASE("mbox: messages are handed out as they are read", "[unit][readers]") {
    std::string text;
    for (int i = 0; i < 20000; ++i) {
        text += "From a@example.org Mon Mar 11 10:00:00 2024\nSubject: Message " +
                std::to_string(i) + "\n\nA line of text about the harbour.\n\n";
    }
    CHECK(read_for_first_article(text, "big.mbox") < text.size() / 4);
}

// ---------------------------------------------------------------------------------------------
// RSS and Atom

TEST_CASE("feed: RSS 2.0 items with HTML descriptions", "[unit][readers]") {
    const auto r = read_fixture("feeds/harbour-rss.xml");
    CHECK(r.problems.empty());
    REQUIRE(r.articles.size() == 3);
    for (const auto& a : r.articles) {
        // The channel's title, not the image's.
        CHECK(a.outlets == Strings{"Harbour Gazette"});
        CHECK(a.date_source == DateSource::header);
        CHECK(a.path == "feeds/harbour-rss.xml");
    }
    const auto& keeper = r.articles[0];
    CHECK(keeper.id ==
          "feeds/harbour-rss.xml#https://harbour.example/news/lighthouse-keeper-retires");
    CHECK(keeper.docno == "https://harbour.example/news/lighthouse-keeper-retires");
    CHECK(keeper.title == "Lighthouse keeper retires after 40 years");  // not media:title
    CHECK(iso(keeper) == "2024-03-12");
    CHECK(keeper.line == 9);
    CHECK(texts(keeper) == Strings{"The keeper of the north lighthouse retired on Tuesday.",
                                   "A new automatic lamp takes over next month."});
    CHECK(keeper.paragraphs[0].line == 15);

    // A title escaped twice, dc:date, content:encoded before the description, a link with an
    // escaped "&".
    const auto& toll = r.articles[1];
    CHECK(toll.title == "Q&A: the new harbour toll");
    CHECK(toll.docno == "https://harbour.example/news/toll-questions?id=7&lang=en");
    CHECK(iso(toll) == "2024-03-13");
    CHECK(texts(toll) ==
          Strings{"The toll starts in April & applies to every vessel over ten metres.",
                  "Fishing boats pay half."});

    // A bare "&" and an undefined entity (malformed XML that feeds are full of) are read as
    // meant; without a link the guid is the id.
    const auto& mast = r.articles[2];
    CHECK(mast.title == "AT&T mast approved for the harbour hill");
    CHECK(mast.docno == "https://harbour.example/news/mast");
    CHECK(texts(mast) == Strings{"The council approved the mast on Wednesday evening."});
}

TEST_CASE("feed: Atom entries", "[unit][readers]") {
    const auto r = read_fixture("feeds/harbour-atom.xml");
    CHECK(r.problems.empty());
    REQUIRE(r.articles.size() == 3);
    for (const auto& a : r.articles) CHECK(a.outlets == Strings{"Harbour Radio"});

    // The alternate link, not "self"; published before updated; content before summary.
    const auto& storm = r.articles[0];
    CHECK(storm.id == "feeds/harbour-atom.xml#https://radio.harbour.example/storm-closes-harbour");
    CHECK(storm.title == "Storm closes the harbour for a day");
    CHECK(iso(storm) == "2024-03-14");
    CHECK(storm.line == 7);
    CHECK(texts(storm) ==
          Strings{"The harbour master closed the harbour on Thursday as the storm arrived.",
                  "Ferries stayed in port."});

    // An HTML title, updated alone, XHTML content.
    const auto& tides = r.articles[1];
    CHECK(tides.title == "Tides higher than forecast");
    CHECK(tides.docno == "https://radio.harbour.example/tides");
    CHECK(iso(tides) == "2024-03-15");
    CHECK(texts(tides) == Strings{"Spring tides rose half a metre above the forecast.",
                                  "The quay road was closed for two hours."});

    // No link: the entry's id; text content: paragraphs at blank lines, with their lines.
    const auto& tickets = r.articles[2];
    CHECK(tickets.docno == "tag:radio.harbour.example,2024:tickets");
    REQUIRE(tickets.paragraphs.size() == 2);
    CHECK(tickets.paragraphs[0].text == "Paper tickets end in May.");
    CHECK(tickets.paragraphs[0].line == 33);
    CHECK(tickets.paragraphs[1].text == "Passengers can show the ticket on a phone.");
    CHECK(tickets.paragraphs[1].line == 35);
}

TEST_CASE("feed: RSS 1.0 (RDF) items", "[unit][readers]") {
    const auto r = read_text(
        "<?xml version=\"1.0\"?>\n"
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
        "         xmlns=\"http://purl.org/rss/1.0/\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
        "<channel rdf:about=\"https://q.example/\"><title>Quay Weekly</title></channel>\n"
        "<item rdf:about=\"https://q.example/1\"><title>Nets mended</title>"
        "<link>https://q.example/1</link><dc:date>2024-02-01</dc:date>"
        "<description>All nets are mended.</description></item>\n"
        "</rdf:RDF>\n",
        "weekly.rdf");
    CHECK(r.problems.empty());
    REQUIRE(r.articles.size() == 1);
    CHECK(r.articles[0].title == "Nets mended");
    CHECK(r.articles[0].id == "weekly.rdf#https://q.example/1");
    CHECK(iso(r.articles[0]) == "2024-02-01");
    CHECK(r.articles[0].outlets == Strings{"Quay Weekly"});
}

TEST_CASE("feed: CDATA is left as written by the mending of bare ampersands", "[unit][readers]") {
    const auto r = read_text(
        "<rss><channel><title>T &amp; Co</title><item><title>A</title>"
        "<link>https://x.example/?a=1&b=2</link>"
        "<description><![CDATA[<p>one&nbsp;two &amp; three</p>]]></description>"
        "</item></channel></rss>\n",
        "x.rss");
    CHECK(r.problems.empty());
    REQUIRE(r.articles.size() == 1);
    CHECK(r.articles[0].docno == "https://x.example/?a=1&b=2");
    CHECK(texts(r.articles[0]) == Strings{"one two & three"});
    CHECK(r.articles[0].outlets == Strings{"T & Co"});
}

TEST_CASE("feed: malformed items are reported with their line, the rest is read",
          "[unit][readers]") {
    const auto r = read_text(
        "<rss><channel><title>T</title>\n"
        "<item><title>One</title><description>B<b>unclosed</description></item>\n"
        "<item><title>Two</title><pubDate>someday</pubDate><description>x</description></item>\n"
        "<item><description>  </description></item>\n"
        "<item><title>Four</title><description>y</description></item>\n"
        "<item><link>https://x.example/5</link></item>\n"
        "</channel></rss>\n",
        "bad.rss");
    Strings titles;
    for (const auto& a : r.articles) titles.push_back(a.title);
    std::sort(titles.begin(), titles.end());
    // An empty item with a link is still one of the feed's documents: kept, as the other
    // readers keep an empty record with an id.
    CHECK(titles == Strings{"", "Four", "One", "Two"});
    REQUIRE(r.problems.size() >= 3);
    CHECK(r.problems[0] ==
          "bad.rss:2: malformed XML (Opening and ending tag mismatch: b line 2 and "
          "description); read on as the parser recovered it");
    CHECK(std::count(r.problems.begin(), r.problems.end(),
                     "bad.rss:3: unreadable date 'someday'") == 1);
    CHECK(std::count(r.problems.begin(), r.problems.end(),
                     "bad.rss:4: item without title or text skipped") == 1);
    CHECK(std::count(r.problems.begin(), r.problems.end(),
                     "bad.rss:6: item without title or text (kept, empty)") == 1);
}

TEST_CASE("feed and HTML: a numeric reference beyond Unicode still gives UTF-8 text",
          "[unit][readers]") {
    // gumbo decodes "&#xeeeeeeee" (no semicolon, as HTML allows) into a lone byte 0xEE.
    const auto feed = read_text("<rss><channel><item><title><![CDATA[<b>a &#xeeeeeeee b</b>]]>"
                                "</title><description>&lt;p&gt;c &amp;#xeeeeeeee d&lt;/p&gt;"
                                "</description></item></channel></rss>\n",
                                "x.rss");
    REQUIRE(feed.articles.size() == 1);
    CHECK(feed.articles[0].title == "a \u00EE b");
    CHECK(texts(feed.articles[0]) == Strings{"c \u00EE d"});
    const auto page =
        read_text("<html><head><title>&#xeeeeeeee</title></head><body><p>e &#xeeeeeeee f</p>"
                  "</body></html>\n",
                  "p.html");
    REQUIRE(page.articles.size() == 1);
    CHECK(page.articles[0].title == "\u00EE");
    CHECK(texts(page.articles[0]) == Strings{"e \u00EE f"});
}

TEST_CASE("feed: a truncated feed keeps the items before the cut", "[unit][readers]") {
    const auto r = read_text(
        "<rss><channel><title>T</title>\n"
        "<item><title>One</title><description>x</description></item>\n"
        "<item><title>Two</title><description>cut off in the mid",
        "cut.rss");
    REQUIRE(r.articles.size() == 1);
    CHECK(r.articles[0].title == "One");
    CHECK(r.problems ==
          Strings{"cut.rss:3: item not closed before the end of the file (truncated?); skipped"});
}

TEST_CASE("feed: a feed without items says so", "[unit][readers]") {
    const auto r = read_text(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Empty</title></feed>\n", "e.atom");
    CHECK(r.articles.empty());
    CHECK(r.problems == Strings{"e.atom: no items or entries in the feed"});
}

TEST_CASE("feed: items are handed out as they are parsed", "[unit][readers]") {
    std::string text = "<rss><channel><title>Big</title>\n";
    for (int i = 0; i < 20000; ++i) {
        text += "<item><title>Item " + std::to_string(i) +
                "</title><description>Text about the harbour.</description></item>\n";
    }
    text += "</channel></rss>\n";
    CHECK(read_for_first_article(text, "big.rss") < text.size() / 4);
}

// ---------------------------------------------------------------------------------------------
// WARC

namespace {

void check_coast_articles(const ReadResult& r, const std::string& path) {
    INFO(path);
    REQUIRE(r.articles.size() == 2);
    const auto& bridge = r.articles[0];
    CHECK(bridge.id == path + "#https://www.coast-courier.example/2024/03/11/bridge-reopens");
    CHECK(bridge.docno == "https://www.coast-courier.example/2024/03/11/bridge-reopens");
    CHECK(bridge.path == path);
    CHECK(bridge.title == "Harbour bridge reopens after repairs");
    // The page's own date (article:published_time), not the crawl's.
    CHECK(iso(bridge) == "2024-03-11");
    CHECK(bridge.date_source == DateSource::header);
    CHECK(bridge.outlets == Strings{"www.coast-courier.example"});
    CHECK(bridge.line == 26);
    CHECK(texts(bridge) ==
          Strings{"The swing bridge over the inner harbour reopened on Monday after six weeks of "
                  "repairs.",
                  "Engineers replaced the bearings that had jammed in January."});
    CHECK(bridge.paragraphs[0].line == 53);

    // Chunked and gzipped as sent; no date in the page: the WARC-Date, marked as the crawl's.
    const auto& market = r.articles[1];
    CHECK(market.docno == "http://news.quay.example:8080/market?day=2");
    CHECK(market.title == "Fish market moves to the east quay");
    CHECK(iso(market) == "2024-03-16");
    CHECK(market.date_source == DateSource::crawl);
    CHECK(market.outlets == Strings{"news.quay.example"});
    CHECK(texts(market) ==
          Strings{"The fish market will trade from the east quay while the old hall is rebuilt.",
                  "Traders said the new site is closer to the boats."});
    CHECK(r.problems ==
          Strings{path +
                  ": 2 of 4 responses not indexed: 1 HTTP status 404, 1 not HTML (image/png)"});
}

std::string warc_record(const std::string& type, const std::string& block,
                        const std::string& extra = "") {
    return "WARC/1.0\r\nWARC-Type: " + type + "\r\n" + extra +
           "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
}

std::string html_response(const std::string& uri, const std::string& title) {
    return warc_record("response",
                       "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head><title>" +
                           title + "</title></head><body><p>Text.</p></body></html>",
                       "WARC-Target-URI: " + uri +
                           "\r\nWARC-Date: 2024-03-16T10:00:00Z\r\n"
                           "Content-Type: application/http; msgtype=response\r\n");
}

}  // namespace

TEST_CASE("warc: HTML responses become articles, other records are passed over",
          "[unit][readers]") {
    check_coast_articles(read_fixture("warc/coast.warc"), "warc/coast.warc");
}

TEST_CASE("warc: a .warc.gz with one gzip member per record", "[unit][readers]") {
    check_coast_articles(read_fixture("warc/coast-crawl.warc.gz"), "warc/coast-crawl.warc.gz");
}

TEST_CASE("warc: a record with a wrong length is reported, the next one is read",
          "[unit][readers]") {
    auto broken = html_response("https://a.example/1", "First");
    broken.replace(broken.find("Content-Length: ") + 16, 3, "12");  // far too short
    const auto r = read_text(broken + html_response("https://a.example/2", "Second"), "x.warc");
    REQUIRE(r.articles.size() == 1);
    CHECK(r.articles[0].title == "Second");
    REQUIRE(r.problems.size() == 2);
    CHECK(r.problems[0].starts_with("x.warc:8: not a WARC record header; skipped to the next"));
    CHECK(r.problems[1] == "x.warc: 1 of 2 responses not indexed: 1 not an HTTP response");
}

TEST_CASE("warc: a truncated record and a missing length", "[unit][readers]") {
    const auto whole = html_response("https://a.example/1", "First");
    const auto cut = read_text(whole + whole.substr(0, whole.size() - 30), "cut.warc");
    REQUIRE(cut.articles.size() == 1);
    CHECK(cut.problems ==
          Strings{"cut.warc:13: WARC record cut short (89 of 115 bytes; truncated?); skipped"});

    const auto r = read_text(
        "WARC/1.0\r\nWARC-Type: response\r\n\r\n" + html_response("https://a.example/2", "Second"),
        "nolength.warc");
    REQUIRE(r.articles.size() == 1);
    CHECK(r.problems.front() ==
          "nolength.warc:1: WARC record without a valid Content-Length; skipped");
}

TEST_CASE("warc: a file without responses says what it holds", "[unit][readers]") {
    const auto r = read_text(warc_record("warcinfo", "software: x\r\n") +
                                 warc_record("request", "GET / HTTP/1.1\r\n\r\n") +
                                 warc_record("request", "GET /a HTTP/1.1\r\n\r\n"),
                             "requests.warc");
    CHECK(r.articles.empty());
    CHECK(r.problems == Strings{"requests.warc: no WARC response records (2 request, 1 warcinfo)"});
}

TEST_CASE("warc: records are read one at a time", "[unit][readers]") {
    std::string text;
    for (int i = 0; i < 5000; ++i) {
        text += html_response("https://a.example/" + std::to_string(i), "Page");
    }
    CHECK(read_for_first_article(text, "big.warc") < text.size() / 4);
}

// ---------------------------------------------------------------------------------------------
// the bytes of a record, and lines after them

TEST_CASE("line reader: read_bytes hands out bytes as they are and counts their lines",
          "[unit][readers]") {
    std::istringstream in("x\r\nab\ncd\rrest\nAB\r\nnext\n");
    gazette::detail::LineReader lines(in, "t", {});
    std::string line;
    REQUIRE(lines.next(line));
    CHECK(line == "x");
    std::string bytes;
    // The LF of the CRLF that ended "x" is no data.
    CHECK(lines.read_bytes(6, &bytes) == 6);
    CHECK(bytes == "ab\ncd\r");
    CHECK(lines.line_number() == 3);
    REQUIRE(lines.next(line));
    CHECK(line == "rest");
    CHECK(lines.line_number() == 4);
    // A CR read as data, then its LF: data too, and one line end.
    bytes.clear();
    CHECK(lines.read_bytes(3, &bytes) == 3);
    CHECK(lines.read_bytes(1, &bytes) == 1);
    CHECK(bytes == "AB\r\n");
    REQUIRE(lines.next(line));
    CHECK(line == "next");
    CHECK(lines.line_number() == 6);
    CHECK(lines.read_bytes(10, nullptr) == 0);
}

// ---------------------------------------------------------------------------------------------
// detection

TEST_CASE("detect_format: mbox, feeds and WARC by content", "[unit][readers]") {
    using gazette::detect_format;
    CHECK(detect_format("inbox",
                        "From jo@x.org Thu Mar 14 09:30:00 2024\nFrom: jo@x.org\n"
                        "Subject: s\n\nBody\n") == "mbox");
    CHECK(detect_format("inbox",
                        "From jo@x.org Thu Mar 14 09:30:00 2024\r\nSubject: s\r\n"
                        "Date: 1 Apr 93\r\n\r\n") == "mbox");
    CHECK(detect_format("news",
                        "<?xml version=\"1.0\"?>\n<!-- generated -->\n<rss version=\"2.0\">") ==
          "feed");
    CHECK(detect_format("atom.xml", "<feed xmlns=\"http://www.w3.org/2005/Atom\">") == "feed");
    CHECK(detect_format("index.rdf",
                        "<?xml version=\"1.0\"?><rdf:RDF "
                        "xmlns=\"http://purl.org/rss/1.0/\">") == "feed");
    CHECK(detect_format("x.rss", "") == "feed");
    CHECK(detect_format("x.atom", "") == "feed");
    CHECK(detect_format("data.xml", "<?xml version=\"1.0\"?><catalog>") == "text");
    CHECK(detect_format("CC-NEWS-20240316.warc.gz", "") == "warc");
    CHECK(detect_format("crawl", "WARC/1.1\r\nWARC-Type: warcinfo\r\n") == "warc");
    CHECK(detect_format("note.txt", "WARC files are web archives.\n") == "text");
}

TEST_CASE("open_reader: a web archive may hold NUL bytes, other files may not", "[unit][readers]") {
    const std::string png = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    const auto image =
        warc_record("response", "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n" + png,
                    "Content-Type: application/http; msgtype=response\r\n");
    const auto r = read_text(image + html_response("https://a.example/", "Page"), "mixed.warc");
    REQUIRE(r.articles.size() == 1);
    CHECK(r.problems ==
          Strings{"mixed.warc: 1 of 2 responses not indexed: 1 not HTML (image/png)"});
    CHECK_THROWS_AS(read_text(image, "mixed.txt", gazette::ReaderOptions{"text", {}}),
                    gazette::InputError);
}
