//! Tests of the article readers: each format on a small hand-made fixture (tests/data/readers),
//! the malformed inputs every reader must survive, format detection, the line reader, and
//! counts over the real collections in ../shared/data (skipped when they are absent).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../test_support.hpp"
#include "reader_results.hpp"
#include "errors.hpp"
#include "input_source.hpp"
#include "line_reader.hpp"
#include "reader.hpp"
#include "readers/readers.hpp"

namespace {

using gazette::Article;
using gazette::ReaderOptions;

using gazette::test::iso;
using gazette::test::read_stream;
using gazette::test::read_text;
using gazette::test::ReadResult;

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// Reads a fixture under tests/data/readers, shown as "readers/<name>".
ReadResult read_fixture(const std::string& name, const ReaderOptions& options = {}) {
    return read_text(slurp(gazette::test::fixture("readers/" + name)), name, options);
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

/// Everything a reader produces, for comparing two readings of the same text.
std::string digest(const ReadResult& result) {
    std::ostringstream out;
    for (const auto& a : result.articles) {
        out << a.id << '|' << a.docno << '|' << a.title << '|' << iso(a) << '|' << a.line << '\n';
        for (const auto& p : a.paragraphs) out << "  " << p.line << ' ' << p.text << '\n';
        for (const auto& o : a.outlets) out << "  @" << o << '\n';
    }
    for (const auto& p : result.problems) out << "! " << p << '\n';
    return out.str();
}

std::vector<std::filesystem::path> files_under(const std::filesystem::path& root) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

ReadResult read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return read_stream(in, path.filename().string());
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// text

TEST_CASE("text: a 'date' first line gives the header date and the title", "[unit][readers]") {
    const auto r = read_fixture("text/ferry-dated.txt");
    REQUIRE(r.problems.empty());
    REQUIRE(r.articles.size() == 1);
    const auto& a = r.articles[0];
    CHECK(a.id == "text/ferry-dated.txt");
    CHECK(a.path == "text/ferry-dated.txt");
    CHECK(a.docno.empty());
    CHECK(a.title == "Harbour ferry returns after storm repairs");
    CHECK(iso(a) == "2023-11-02");
    CHECK(a.date_source == gazette::DateSource::header);
    CHECK(a.line == 1);
    REQUIRE(a.paragraphs.size() == 2);
    CHECK(a.paragraphs[0].text ==
          "The ferry linking the two harbour towns resumed service on Thursday after three weeks "
          "of repairs to its hull.");
    CHECK(a.paragraphs[0].line == 3);
    CHECK(a.paragraphs[1].text ==
          "Operators said the timetable would return to normal by the weekend.");
    CHECK(a.paragraphs[1].line == 6);
}

TEST_CASE("text: without a date line the first non-blank line is the title", "[unit][readers]") {
    const auto r = read_fixture("text/orchard.txt");
    REQUIRE(r.articles.size() == 1);
    const auto& a = r.articles[0];
    CHECK(a.title == "Orchard growers expect an early apple harvest");
    CHECK_FALSE(a.date);
    CHECK(a.date_source == gazette::DateSource::none);
    CHECK(a.line == 2);
    REQUIRE(a.paragraphs.size() == 3);
    CHECK(a.paragraphs[0].line == 4);
    CHECK(a.paragraphs[2].text == "The cooperative's cider press opens on the first of September.");
    CHECK(a.paragraphs[2].line == 10);
}

TEST_CASE("text: a title that starts with the word date is just a title", "[unit][readers]") {
    const auto r = read_text("Date night ideas for the winter\n\nBody.\n", "d.txt");
    REQUIRE(r.articles.size() == 1);
    CHECK(r.articles[0].title == "Date night ideas for the winter");
    CHECK_FALSE(r.articles[0].date);
}

TEST_CASE("text: paragraphs without blank lines", "[unit][readers]") {
    SECTION("a first line too long for a title starts the body") {
        const std::string speech(400, 'x');
        const auto r = read_text(speech + "\n", "speech.txt");
        REQUIRE(r.articles.size() == 1);
        CHECK(r.articles[0].title.empty());
        REQUIRE(r.articles[0].paragraphs.size() == 1);
        CHECK(r.articles[0].paragraphs[0].line == 1);
    }
    SECTION("indented lines start paragraphs") {
        const auto r =
            read_text("Title\nfirst line\n  second para\nstill second\n\tthird\n", "i.txt");
        REQUIRE(r.articles.size() == 1);
        const auto& p = r.articles[0].paragraphs;
        REQUIRE(p.size() == 3);
        CHECK(p[1].text == "second para still second");
        CHECK(p[1].line == 3);
    }
    SECTION("an enormous paragraph is split at line boundaries") {
        std::string text = "Title\n\n";
        for (int i = 0; i < 200; ++i) text += "forty characters of text for the test.\n";
        const auto r = read_text(text, "big.txt");
        REQUIRE(r.articles.size() == 1);
        const auto& p = r.articles[0].paragraphs;
        REQUIRE(p.size() == 2);
        CHECK(p[0].text.size() >= gazette::detail::ParagraphBuilder::kSplitAt);
        CHECK(p[0].text.size() < gazette::detail::ParagraphBuilder::kSplitAt + 50);
        CHECK(p[1].line > 3);
    }
}

// ---------------------------------------------------------------------------------------------
// mail

TEST_CASE("mail: headers give title, date and outlets; the body follows", "[unit][readers]") {
    const auto r = read_fixture("mail/40213");
    REQUIRE(r.problems.empty());
    REQUIRE(r.articles.size() == 1);
    const auto& a = r.articles[0];
    CHECK(a.id == "mail/40213");
    CHECK(a.docno.empty());
    // Subjects are kept as written, "Re: " included; the folded line is joined.
    CHECK(a.title == "Re: Storing winter squash in a cool shed");
    CHECK(iso(a) == "1993-04-06");  // the header name "DATE" matched in any case
    CHECK(a.date_source == gazette::DateSource::header);
    CHECK(a.outlets == std::vector<std::string>{"rec.gardening", "rec.food.preserving"});
    REQUIRE(a.paragraphs.size() == 3);
    CHECK(a.paragraphs[0].line == 11);
    CHECK(a.paragraphs[0].text ==
          "In article <squash.0@example.org> grower@example.org writes: > How long will "
          "butternut squash keep in a cool shed?");
    CHECK(a.paragraphs[1].text == "Mine kept until March in a dry loft, well away from frost.");
    CHECK(a.paragraphs[1].line == 14);
    for (const auto& p : a.paragraphs)
        CHECK(p.text.find("reader@example.org") == std::string::npos);
}

TEST_CASE("mail: a whitespace-only line inside the header is a fold", "[unit][readers]") {
    // 20 Newsgroups has such lines before Date:; reading them as the end of the header would
    // put Date: into the body.
    const auto r = read_text(
        "Newsgroups: sci.med\nSubject: Help\nOrganization: Somewhere\n \nDate: 30 Apr 93 07:45:20 "
        "GMT\n"
        "\nBody text.\n",
        "59535", ReaderOptions{"mail", {}});
    REQUIRE(r.articles.size() == 1);
    CHECK(iso(r.articles[0]) == "1993-04-30");
    REQUIRE(r.articles[0].paragraphs.size() == 1);
    CHECK(r.articles[0].paragraphs[0].text == "Body text.");
    CHECK(r.articles[0].paragraphs[0].line == 7);
}

TEST_CASE("mail: an unreadable Date is reported and the message still read", "[unit][readers]") {
    const auto r = read_text("From: a@b\nSubject: S\nDate: sometime soon\n\nBody.\n", "m1");
    REQUIRE(r.articles.size() == 1);
    CHECK_FALSE(r.articles[0].date);
    CHECK(r.problems == std::vector<std::string>{"m1:3: unreadable date 'sometime soon'"});
}

// ---------------------------------------------------------------------------------------------
// sgml

TEST_CASE("sgml: Reuters stories with and without BODY and TITLE", "[unit][readers]") {
    const auto r = read_fixture("sgml/wire.sgm");
    REQUIRE(r.problems.empty());
    REQUIRE(r.articles.size() == 3);

    const auto& a = r.articles[0];
    CHECK(a.id == "sgml/wire.sgm#7");
    CHECK(a.docno == "7");
    CHECK(a.title == "WOOL PRICES FIRM AT <NORTHPORT> SALES");
    CHECK(iso(a) == "1987-03-03");
    CHECK(a.date_source == gazette::DateSource::header);
    CHECK(a.line == 2);
    REQUIRE(a.paragraphs.size() == 3);
    CHECK(a.paragraphs[0].text ==
          "NORTHPORT, March 3 - Fine wool prices held firm at this week's sales & buyers from "
          "three countries bid for the better lots, brokers said.");
    CHECK(a.paragraphs[0].line == 11);
    CHECK(a.paragraphs[1].line == 14);
    CHECK(a.paragraphs[2].text ==
          "Brokers expect similar prices at next week's sale.");  // no "Reuter"

    const auto& brief = r.articles[1];
    CHECK(brief.id == "sgml/wire.sgm#8");
    CHECK(brief.title == "COASTAL SHIPPING INDEX ROSE 2.1 PCT IN FEBRUARY");
    CHECK(brief.paragraphs.empty());  // "Blah blah blah." is a placeholder, not text

    const auto& unproc = r.articles[2];
    CHECK(unproc.docno == "9");
    CHECK(unproc.title.empty());
    CHECK(iso(unproc) == "1987-03-04");
    REQUIRE(unproc.paragraphs.size() == 3);
    CHECK(unproc.paragraphs[0].text == "GRAIN STORE REPORT - MARCH 4");
    CHECK(unproc.paragraphs[0].line == 33);
    CHECK(unproc.paragraphs[2].text == "Intake...............310 vs.......295");
}

TEST_CASE("sgml: TREC documents with DOCNO, HEADLINE and <P>", "[unit][readers]") {
    const auto r = read_fixture("sgml/papers.trec");
    REQUIRE(r.problems.empty());
    REQUIRE(r.articles.size() == 2);
    const auto& a = r.articles[0];
    CHECK(a.id == "sgml/papers.trec#GZ940101-0001");
    CHECK(a.docno == "GZ940101-0001");
    CHECK(a.title == "Lighthouse keeper retires after forty years");
    CHECK(iso(a) == "1994-01-01");
    REQUIRE(a.paragraphs.size() == 2);
    CHECK(a.paragraphs[0].text ==
          "The last resident keeper of the northern lighthouse handed over his keys on Saturday.");
    CHECK(a.paragraphs[0].line == 9);
    CHECK(a.paragraphs[1].line == 13);
    const auto& b = r.articles[1];
    CHECK(b.docno == "GZ940102-0007");
    CHECK(b.line == 17);
    CHECK_FALSE(b.date);
    REQUIRE(b.paragraphs.size() == 1);
    CHECK(b.paragraphs[0].text ==
          "A family bakery won the regional bread prize for the third year running.");
}

TEST_CASE("sgml: a truncated file keeps the complete stories before it", "[unit][readers]") {
    const auto r = read_fixture("sgml/truncated.sgm");
    REQUIRE(r.articles.size() == 1);
    CHECK(r.articles[0].id == "sgml/truncated.sgm#21");
    CHECK(r.articles[0].paragraphs.size() == 1);
    CHECK(r.problems == std::vector<std::string>{
                            "sgml/truncated.sgm:8: <REUTERS> story not closed before the end of "
                            "the file (truncated?)"});
}

TEST_CASE("sgml: a story opened before the last one closed", "[unit][readers]") {
    const auto r = read_text(
        "<REUTERS NEWID=\"1\"><DATE>1-MAR-1987</DATE><TEXT><BODY>lost\n"
        "<REUTERS NEWID=\"2\"><DATE>2-MAR-1987</DATE><TEXT><TITLE>KEPT</TITLE></TEXT></REUTERS>\n",
        "x.sgm");
    REQUIRE(r.articles.size() == 1);
    CHECK(r.articles[0].id == "x.sgm#2");
    CHECK(iso(r.articles[0]) == "1987-03-02");
    CHECK(r.problems == std::vector<std::string>{
                            "x.sgm:1: <REUTERS> story not closed before the next story; skipped"});
}

TEST_CASE("sgml: entities and control characters", "[unit][readers]") {
    const auto r = read_text(
        "<DOC><DOCNO>D1</DOCNO><HEADLINE>A &amp; B &quot;C&quot; &#233;t&#xE9;</HEADLINE>\n"
        "<TEXT>&#2;x&#5;y &lt;z&gt; &unknown; 5 & 6\n</TEXT></DOC>\n",
        "e.trec");
    REQUIRE(r.articles.size() == 1);
    CHECK(r.articles[0].title == "A & B \"C\" \xC3\xA9t\xC3\xA9");
    REQUIRE(r.articles[0].paragraphs.size() == 1);
    CHECK(r.articles[0].paragraphs[0].text == "xy <z> &unknown; 5 & 6");
}

// ---------------------------------------------------------------------------------------------
// jsonl

TEST_CASE("jsonl: default fields, bad lines reported and skipped", "[unit][readers]") {
    const auto r = read_fixture("jsonl/stories.jsonl");
    REQUIRE(r.articles.size() == 3);
    const auto& a = r.articles[0];
    CHECK(a.id == "jsonl/stories.jsonl#a-1");
    CHECK(a.docno == "a-1");
    CHECK(a.title == "Tram line extension opens");
    CHECK(iso(a) == "2021-05-03");
    CHECK(a.date_source == gazette::DateSource::header);
    CHECK(a.outlets == std::vector<std::string>{"City Courier"});
    CHECK(a.line == 1);
    // No blank lines in the string: each line is a paragraph.
    REQUIRE(a.paragraphs.size() == 2);
    CHECK(a.paragraphs[0].text == "The new tram line opened on Monday.");
    CHECK(a.paragraphs[0].line == 1);

    const auto& b = r.articles[1];
    CHECK(b.id == "jsonl/stories.jsonl#2");  // a numeric id
    CHECK(iso(b) == "2021-03-13");
    CHECK(b.outlets == std::vector<std::string>{"Evening Post", "Wire"});
    // Blank lines in the string: they separate paragraphs, single newlines are wraps.
    REQUIRE(b.paragraphs.size() == 2);
    CHECK(b.paragraphs[1].text ==
          "The change follows a survey of readers. Most asked for later evenings.");

    const auto& c = r.articles[2];
    CHECK(c.id == "jsonl/stories.jsonl#6");  // no id field: the line number
    CHECK(c.docno.empty());
    CHECK(c.line == 6);
    CHECK(c.title == "Harbour dredging delayed");

    REQUIRE(r.problems.size() == 2);
    CHECK(r.problems[0].starts_with("jsonl/stories.jsonl:3: invalid JSON: "));
    CHECK(r.problems[1] == "jsonl/stories.jsonl:4: invalid JSON: not an object but array");
}

TEST_CASE("jsonl: a number too large for a double costs only its own line", "[unit][readers]") {
    // Found by fuzz-reader-jsonl: nlohmann::json throws out_of_range (not parse_error) for
    // 3e2021, which used to end the whole file.
    const auto r = read_text(R"({"id": "a", "title": "Tram line", "body": "Opened.", "count": 3e2021})"
                             "\n"
                             R"({"id": "b", "title": "Bus lane", "body": "Closed."})"
                             "\n",
                             "n.jsonl");
    REQUIRE(r.articles.size() == 1);
    CHECK(r.articles[0].title == "Bus lane");
    REQUIRE(r.problems.size() == 1);
    CHECK_THAT(r.problems[0], Catch::StartsWith("n.jsonl:1: invalid JSON: "));
}

TEST_CASE("jsonl: an explicit field mapping", "[unit][readers]") {
    ReaderOptions options;
    options.fields = {{"title", "name"}, {"body", "summary"}, {"id", "ref"}, {"date", "when"}};
    const auto r = read_text(
        R"({"ref": "r9", "name": "Mapped", "title": "not this", "summary": "Body here.", )"
        R"("when": 1615593600})"
        "\n",
        "m.jsonl", options);
    REQUIRE(r.articles.size() == 1);
    CHECK(r.articles[0].id == "m.jsonl#r9");
    CHECK(r.articles[0].title == "Mapped");
    CHECK(iso(r.articles[0]) == "2021-03-13");  // a Unix time
    REQUIRE(r.articles[0].paragraphs.size() == 1);
    CHECK(r.articles[0].paragraphs[0].text == "Body here.");
}

TEST_CASE("jsonl: an unknown field key is a usage error", "[unit][readers]") {
    std::istringstream in("{}\n");
    ReaderOptions options;
    options.fields = {{"author", "by"}};
    CHECK_THROWS_AS(gazette::open_reader(in, "x.jsonl", options, {}), gazette::UsageError);
}

// ---------------------------------------------------------------------------------------------
// smart

TEST_CASE("smart: CACM records, a number broken over two lines", "[unit][readers]") {
    const auto r = read_fixture("smart/mini.all");
    REQUIRE(r.problems.empty());
    REQUIRE(r.articles.size() == 3);
    const auto& a = r.articles[0];
    CHECK(a.id == "smart/mini.all#1");
    CHECK(a.docno == "1");
    CHECK(a.title == "Sorting Records on Magnetic Tape");
    CHECK(iso(a) == "1960-03-01");
    CHECK(a.date_source == gazette::DateSource::header);
    REQUIRE(a.paragraphs.size() == 2);
    CHECK(a.paragraphs[0].text ==
          "A method is given for sorting records held on magnetic tape with two drives.");
    CHECK(a.paragraphs[0].line == 5);
    CHECK(a.paragraphs[1].text == "Example, A. B.; Sample, C.");  // authors, last
    CHECK(a.paragraphs[1].line == 10);

    const auto& b = r.articles[1];
    CHECK(b.docno == "1234");
    CHECK(b.line == 16);
    CHECK(iso(b) == "1961-07-01");
    REQUIRE(b.paragraphs.size() == 1);  // no .W: the authors alone

    CHECK(r.articles[2].docno == "5");
    CHECK_FALSE(r.articles[2].date);
}

TEST_CASE("smart: TIME records", "[unit][readers]") {
    const auto r = read_fixture("smart/MINI.TIME");
    REQUIRE(r.problems.empty());
    REQUIRE(r.articles.size() == 2);
    const auto& a = r.articles[0];
    CHECK(a.id == "smart/MINI.TIME#007");
    CHECK(a.docno == "007");
    CHECK(a.title.empty());
    CHECK(iso(a) == "1963-02-15");
    REQUIRE(a.paragraphs.size() == 1);  // double spacing does not split paragraphs
    CHECK(a.paragraphs[0].text ==
          "HARBOUR CITY THE NEW BRIDGE OPENED LAST WEEK . CROWDS LINED BOTH BANKS .");
    CHECK(a.paragraphs[0].line == 3);
    CHECK(r.articles[1].docno == "008");
    CHECK(iso(r.articles[1]) == "1963-02-15");  // "02/15 63", as one TIME.ALL header has it
    CHECK(r.articles[1].line == 7);
}

// ---------------------------------------------------------------------------------------------
// csv

TEST_CASE("csv: header names map the columns; quoted fields span lines", "[unit][readers]") {
    const auto r = read_fixture("csv/headlines.csv");
    CHECK(r.problems ==
          std::vector<std::string>{"csv/headlines.csv:5: 3 fields where 5 were expected; record "
                                   "skipped"});
    REQUIRE(r.articles.size() == 3);
    const auto& a = r.articles[0];
    CHECK(a.id == "csv/headlines.csv#n-1");
    CHECK(a.docno == "n-1");
    CHECK(a.title == "Harbour bridge reopens to cyclists");
    CHECK(iso(a) == "2022-06-01");
    CHECK(a.date_source == gazette::DateSource::header);
    CHECK(a.outlets == std::vector<std::string>{"Local"});
    CHECK(a.line == 2);
    // A line break inside a cell ends a paragraph; each starts on its own line of the file.
    REQUIRE(a.paragraphs.size() == 2);
    CHECK(a.paragraphs[0].text == "The bridge reopened on Wednesday morning.");
    CHECK(a.paragraphs[0].line == 2);
    CHECK(a.paragraphs[1].line == 3);
    CHECK(r.articles[1].title == "Council backs \"quiet streets\" plan");
    CHECK(r.articles[1].line == 4);
    const auto& c = r.articles[2];
    CHECK(c.title == "Night market returns, with more stalls");
    CHECK(iso(c) == "2022-06-04");
    // With blank lines between paragraphs, those are what separate them.
    REQUIRE(c.paragraphs.size() == 2);
    CHECK(c.paragraphs[1].text == "Organisers said the market would run until October.");
    CHECK(c.paragraphs[1].line == 8);
}

TEST_CASE("csv: an explicit mapping by header name or column number", "[unit][readers]") {
    ReaderOptions options;
    options.fields = {{"title", "TEXT"}, {"body", "2"}, {"source", "published"}};
    const auto r = read_fixture("csv/headlines.csv", options);
    REQUIRE(r.articles.size() == 3);
    CHECK(r.articles[0].title ==
          "The bridge reopened on Wednesday morning. Cyclists had waited eight months for the "
          "repairs.");
    REQUIRE(r.articles[0].paragraphs.size() == 1);
    CHECK(r.articles[0].paragraphs[0].text == "Harbour bridge reopens to cyclists");
    CHECK(r.articles[0].outlets == std::vector<std::string>{"2022-06-01"});
    // Unmapped keys keep their defaults, but not a column mapped to another key.
    CHECK(r.articles[0].docno == "n-1");
    CHECK_FALSE(r.articles[0].date);
}

TEST_CASE("csv: a mapping to a column that is not there is reported once", "[unit][readers]") {
    ReaderOptions options;
    options.fields = {{"title", "headline_text"}, {"source", "9"}};
    const auto r = read_fixture("csv/headlines.csv", options);
    CHECK(r.articles.size() == 3);
    CHECK(r.articles[0].title.empty());
    CHECK(r.articles[0].outlets.empty());
    CHECK(r.problems == std::vector<std::string>{
                            "csv/headlines.csv: no column 'headline_text' (columns: id, headline, "
                            "published, section, text)",
                            "csv/headlines.csv: no column 9 (the file has 5)",
                            "csv/headlines.csv:5: 3 fields where 5 were expected; record skipped"});
    options.fields = {{"title", "headline"}};
    options.header = false;
    const auto headerless = read_fixture("csv/headlines.csv", options);
    CHECK(headerless.problems.front() ==
          "csv/headlines.csv: no header line to find column 'headline' in; map columns by number");
}

TEST_CASE("csv: ' quotes and ; delimiters are detected (10kGNAD)", "[unit][readers]") {
    ReaderOptions options;
    options.fields = {{"source", "1"}};
    const auto r = read_fixture("csv/labelled.csv", options);
    CHECK(r.problems.empty());
    REQUIRE(r.articles.size() == 3);
    CHECK(r.articles[0].id == "csv/labelled.csv#1");
    CHECK(r.articles[0].title.empty());
    CHECK(r.articles[0].outlets == std::vector<std::string>{"Wirtschaft"});
    REQUIRE(r.articles[0].paragraphs.size() == 1);
    CHECK(r.articles[0].paragraphs[0].text ==
          "Die Werft meldet volle Auftragsb\xC3\xBC"
          "cher. Sie stellt 40 neue Mitarbeiter ein.");
    // A ; inside quotes is text, a doubled quote is one quote.
    CHECK(r.articles[1].paragraphs[0].text ==
          "Der Verein gewinnt das Derby; die Fans feiern 'bis sp\xC3\xA4t'.");
    // The same with everything given explicitly.
    options.delimiter = ';';
    options.quote = '\'';
    options.header = false;
    options.fields["body"] = "2";
    CHECK(digest(read_fixture("csv/labelled.csv", options)) == digest(r));
}

TEST_CASE("csv: a header-less file without a mapping", "[unit][readers]") {
    // The longest column is the body, the first column holding a date the date; the .tsv name
    // gives TAB. A quote opens a field only at its start: text after the closing quote stays.
    const auto r = read_fixture("csv/headless.tsv");
    CHECK(r.problems.empty());
    REQUIRE(r.articles.size() == 2);
    CHECK(r.articles[0].id == "csv/headless.tsv#1");
    CHECK(r.articles[0].title.empty());
    CHECK(iso(r.articles[0]) == "2023-11-02");
    REQUIRE(r.articles[1].paragraphs.size() == 1);
    CHECK(r.articles[1].paragraphs[0].text == "Quoted headline about the library");
    // A file with a title column and no body is a file of headlines: no body is guessed.
    ReaderOptions options;
    options.fields = {{"title", "1"}, {"id", "3"}, {"source", "4"}};
    const auto titled = read_fixture("csv/headless.tsv", options);
    REQUIRE(titled.articles.size() == 2);
    CHECK(titled.articles[0].title == "Ferry timetable changes in winter");
    CHECK(titled.articles[0].paragraphs.empty());
    CHECK(titled.articles[0].id == "csv/headless.tsv#ferry-7");
    CHECK(titled.articles[0].outlets == std::vector<std::string>{"transport"});
    CHECK(iso(titled.articles[1]) == "2023-11-03");
}

TEST_CASE("csv: header detection", "[unit][readers]") {
    SECTION("names of their own over longer records") {
        const auto r = read_text(
            "Schlagzeile;Inhalt\nWerft stellt ein;Die Werft stellt 40 neue Mitarbeiter ein.\n",
            "h.csv");
        REQUIRE(r.articles.size() == 1);
        CHECK(r.articles[0].line == 2);
        CHECK(r.articles[0].paragraphs[0].text == "Die Werft stellt 40 neue Mitarbeiter ein.");
    }
    SECTION("short records all through are data") {
        const auto r = read_text("Sport,Derby\nKultur,Theater\n", "h.csv");
        CHECK(r.articles.size() == 2);
    }
    SECTION("a forced header") {
        ReaderOptions options;
        options.header = true;
        const auto r = read_text("Sport,Derby\nKultur,Theater\n", "h.csv", options);
        CHECK(r.articles.size() == 1);
    }
    SECTION("a header and nothing else") {
        const auto r = read_text("title,body\n", "h.csv");
        CHECK(r.articles.empty());
        CHECK(r.problems == std::vector<std::string>{"h.csv: no records found"});
    }
}

TEST_CASE("csv: delimiters and quotes", "[unit][readers]") {
    CHECK(read_text("title|body\nA|B c\n", "p.csv").articles.at(0).title == "A");
    // A .tsv is TAB-separated whatever its first line holds most of.
    CHECK(read_text("title\tbody, with, commas\nA, b\tC\n", "c.tsv").articles.at(0).title ==
          "A, b");
    CHECK(read_text("title\tbody\nA\tB, c; d\n", "t.txt", ReaderOptions{"csv", {}})
              .articles.at(0)
              .paragraphs.at(0)
              .text == "B, c; d");
    ReaderOptions options;
    options.delimiter = ';';
    CHECK(read_text("title;body\nA, B;C\n", "s.csv", options).articles.at(0).title == "A, B");
    options.delimiter = '\n';
    std::istringstream in("a\n");
    CHECK_THROWS_AS(gazette::open_reader(in, "x.csv", options, {}), gazette::UsageError);
}

TEST_CASE("csv: an unclosed quote costs only its own line", "[unit][readers]") {
    const auto path = gazette::test::fixture("broken/broken-quote.csv");
    const auto r = read_text(slurp(path), "broken-quote.csv");
    CHECK(r.problems == std::vector<std::string>{"broken-quote.csv:3: 3 fields where 2 were "
                                                 "expected; line skipped (an unclosed quote?)"});
    REQUIRE(r.articles.size() == 3);
    CHECK(r.articles[0].title == "Good morning");
    CHECK(r.articles[1].title == "Second good");
    CHECK(r.articles[1].line == 4);
    CHECK(r.articles[2].title == "Third good");
    CHECK(r.articles[2].paragraphs.size() == 2);

    SECTION("a quote still open at the end of the file") {
        const auto end = read_text("title,body\nA,\"never closed\nB,fine\nC,fine\n", "e.csv");
        CHECK(end.problems == std::vector<std::string>{"e.csv:2: quoted field not closed before "
                                                       "the end of the file; line skipped"});
        REQUIRE(end.articles.size() == 2);
        CHECK(end.articles[0].title == "B");
        CHECK(end.articles[1].line == 4);
    }
}

// ---------------------------------------------------------------------------------------------
// html

TEST_CASE("html: og:title, published_time, the <article>'s paragraphs", "[unit][readers]") {
    const auto r = read_fixture("html/story.html");
    CHECK(r.problems.empty());
    REQUIRE(r.articles.size() == 1);
    const auto& a = r.articles[0];
    CHECK(a.id == "html/story.html");
    CHECK(a.title == "Tide mill turns again after restoration");
    CHECK(iso(a) == "2023-09-14");
    CHECK(a.date_source == gazette::DateSource::header);
    CHECK(a.outlets == std::vector<std::string>{"Coastal Gazette"});
    // The <h1> repeating the title is not body; navigation, asides, forms and scripts are gone;
    // entities are decoded and inline tags join their words.
    std::vector<std::string> texts;
    for (const auto& p : a.paragraphs) texts.push_back(p.text);
    CHECK(texts == std::vector<std::string>{
                       "The eighteenth-century tide mill at Saltmarsh turned its wheel on Thursday "
                       "for the first time in forty years, after volunteers spent \xC2\xA3"
                       "80,000 & three winters on repairs.",
                       "Grinding flour by the moon",
                       "The mill will grind flour on spring tides, when the basin fills fastest.",
                       "Open on weekends", "Guided tours at noon"});
    CHECK(a.paragraphs[0].line == 16);
    CHECK(a.paragraphs[4].line == 22);
}

TEST_CASE("html: <title> without the site name, JSON-LD date, <main>", "[unit][readers]") {
    const auto r = read_fixture("html/jsonld.html");
    CHECK(r.problems.empty());
    REQUIRE(r.articles.size() == 1);
    const auto& a = r.articles[0];
    CHECK(a.title == "Allotment waiting list halves");
    CHECK(iso(a) == "2021-04-22");  // not the banner's <time>
    REQUIRE(a.paragraphs.size() == 2);
    CHECK(a.paragraphs[0].line == 15);
    CHECK(a.paragraphs[1].text == "Gardeners said the smaller plots suited beginners.");
}

TEST_CASE("html: a page without paragraph elements", "[unit][readers]") {
    const auto r = read_fixture("html/loose.htm");
    CHECK(r.problems.empty());
    REQUIRE(r.articles.size() == 1);
    const auto& a = r.articles[0];
    CHECK(a.title == "Snow closes the pass");  // the first <h1>
    CHECK(iso(a) == "2022-02-08");             // <time datetime>
    std::vector<std::string> texts;
    for (const auto& p : a.paragraphs) texts.push_back(p.text);
    CHECK(texts == std::vector<std::string>{
                       "Hill Weekly", "Snow closes the pass",
                       "8 February Heavy snow closed the mountain pass overnight.",
                       "Ploughs will clear it by Friday.", "Drivers should use the valley road."});
}

TEST_CASE("html: unreadable dates, empty pages", "[unit][readers]") {
    const auto r = read_text(
        "<html><head><meta property=\"article:published_time\" content=\"soon\"></head>"
        "<body><p>Text.</p></body></html>",
        "d.html");
    REQUIRE(r.articles.size() == 1);
    CHECK_FALSE(r.articles[0].date);
    CHECK(r.problems == std::vector<std::string>{"d.html:1: unreadable date 'soon'"});
    const auto empty = read_text("<html><body><script>x()</script></body></html>", "e.html");
    CHECK(empty.articles.empty());
    CHECK(empty.problems == std::vector<std::string>{"e.html: no title and no text in the page"});
}

TEST_CASE("html: unclosed and deeply nested tags", "[unit][readers]") {
    const auto path = gazette::test::fixture("broken/nested.html");
    const auto r = read_text(slurp(path), "nested.html");
    CHECK(r.problems == std::vector<std::string>{
                            "nested.html:7: tags nested deeper than 256 levels; the deeper tags "
                            "are ignored, their text is kept"});
    REQUIRE(r.articles.size() == 1);
    std::vector<std::string> texts;
    for (const auto& p : r.articles[0].paragraphs) texts.push_back(p.text);
    CHECK(texts == std::vector<std::string>{"An opening paragraph with an unclosed bold",
                                            "A second paragraph, unclosed",
                                            "Text at the bottom of the nesting.", "one", "two"});

    SECTION("100,000 nested elements are read in a moment, without recursion") {
        for (const std::string tag : {"div", "b", "span", "table", "li"}) {
            std::string page = "<html><body><article><p>Start.</p>";
            for (int i = 0; i < 100000; ++i) page += "<" + tag + ">w ";
            const auto deep = read_text(page, "deep.html");
            INFO(tag);
            REQUIRE(deep.articles.size() == 1);
            CHECK(deep.articles[0].paragraphs.front().text == "Start.");
            CHECK(deep.problems.size() <= 1);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// encodings and file names

TEST_CASE("encodings: UTF-16 with a BOM, Windows-1252, UTF-8 with a BOM", "[unit][readers]") {
    const auto expected = read_fixture("encodings/utf8-bom.txt");
    REQUIRE(expected.articles.size() == 1);
    CHECK(expected.articles[0].title ==
          "Caf\xC3\xA9 owners welcome the \xE2\x82\xAC"
          "2 parking fee cut");
    const auto cp1252 = read_fixture("encodings/cp1252.txt");
    CHECK(cp1252.problems.empty());
    REQUIRE(cp1252.articles.size() == 1);
    CHECK(cp1252.articles[0].title == expected.articles[0].title);
    CHECK(cp1252.articles[0].paragraphs[0].text == expected.articles[0].paragraphs[0].text);
    for (const auto* name : {"encodings/utf16le.txt", "encodings/utf16be.txt"}) {
        INFO(name);
        const auto r = read_fixture(name);
        CHECK(r.problems.empty());
        REQUIRE(r.articles.size() == 1);
        CHECK(r.articles[0].title == expected.articles[0].title);
        REQUIRE(r.articles[0].paragraphs.size() == 1);
        CHECK(r.articles[0].paragraphs[0].line == 3);
        // A character beyond the BMP comes as a surrogate pair.
        CHECK(r.articles[0].paragraphs[0].text ==
              expected.articles[0].paragraphs[0].text + " \xF0\x9F\x98\x80");
    }
}

TEST_CASE("encodings: invalid UTF-8 is repaired, never fatal", "[unit][readers]") {
    const auto path = gazette::test::fixture("broken/invalid-utf8.txt");
    const auto r = read_text(slurp(path), "invalid-utf8.txt");
    CHECK(r.problems.empty());
    REQUIRE(r.articles.size() == 1);
    CHECK(r.articles[0].title ==
          "Market stalls \xE2\x80\x94 a valid dash and a lone \xE2\x82\xAC byte");
    REQUIRE(r.articles[0].paragraphs.size() == 1);
    // Each byte that is not part of valid UTF-8 is read as Windows-1252 (0xA0 is a no-break
    // space, which separates words like a space).
    CHECK(r.articles[0].paragraphs[0].text ==
          "Overlong \xC3\x80\xC2\xAF slash, truncated \xC3\xA2\xE2\x80\x9A sequence, surrogate "
          "\xC3\xAD \xE2\x82\xAC half. Stray continuation \xC2\xBF\xC2\xBF and Latin-1 "
          "caf\xC3\xA9 still read.");
}

TEST_CASE("text: a file name written like a title is the title", "[unit][readers]") {
    const std::string body(300, 'x');
    SECTION("the first line too long for a title") {
        const auto r = read_text(body + "\n", "news/Harbour reopens after storm.txt");
        REQUIRE(r.articles.size() == 1);
        CHECK(r.articles[0].title == "Harbour reopens after storm");
        CHECK(r.articles[0].paragraphs.size() == 1);
    }
    SECTION("a short first line is body when the name is the title") {
        const auto r = read_text("\xE6\x96\xB0\xE6\xB5\xAA\n\nMore.\n",
                                 "a.tar.gz!sina/\xE9\x87\x91\xE5\xBA\xB8.txt");
        REQUIRE(r.articles.size() == 1);
        CHECK(r.articles[0].title == "\xE9\x87\x91\xE5\xBA\xB8");
        REQUIRE(r.articles[0].paragraphs.size() == 2);
        CHECK(r.articles[0].paragraphs[0].text == "\xE6\x96\xB0\xE6\xB5\xAA");
        CHECK(r.articles[0].paragraphs[0].line == 1);
    }
    SECTION("a first line repeating the name stays the title, once") {
        const auto r = read_text("  Harbour reopens\n\nBody.\n", "Harbour reopens.txt");
        REQUIRE(r.articles.size() == 1);
        CHECK(r.articles[0].title == "Harbour reopens");
        CHECK(r.articles[0].paragraphs.size() == 1);
    }
    SECTION("identifiers are not titles") {
        for (const auto* name : {"bbc/001.txt", "1790_george_washington_n.txt", "ferry-dated",
                                 "a b.zip!001.txt"}) {
            const auto r = read_text("A title\n\nBody.\n", name);
            CHECK(r.articles.at(0).title == "A title");
        }
    }
    SECTION("a ! in a file name is part of it") {
        const auto r = read_text(body + "\n", "sina/Done! Next story.txt");
        CHECK(r.articles.at(0).title == "Done! Next story");
    }
    SECTION("a date line keeps its title") {
        const auto r = read_text("date 2024-03-14 Own title\n\nBody.\n", "Some name.txt");
        CHECK(r.articles.at(0).title == "Own title");
    }
}

// ---------------------------------------------------------------------------------------------
// inputs every reader must survive

TEST_CASE("readers: binary input is an InputError", "[unit][readers]") {
    const std::string binary(
        "\x7F"
        "ELF\x02\x01\x01\x00\x00\x00",
        10);
    for (const auto* format : {"", "text", "jsonl", "sgml", "csv", "html"}) {
        std::istringstream in(binary);
        try {
            gazette::open_reader(in, "a.out", ReaderOptions{format, {}}, {});
            FAIL("no InputError for format '" << format << "'");
        } catch (const gazette::InputError& error) {
            CHECK(std::string(error.what()) == "a.out: binary data (NUL bytes in the first 8 KiB)");
        }
    }
}

TEST_CASE("readers: an unreadable stream is an InputError", "[unit][readers]") {
    std::ifstream in("/nonexistent/gazette/file.txt");
    CHECK_THROWS_AS(gazette::open_reader(in, "file.txt", {}, {}), gazette::InputError);
}

TEST_CASE("readers: an empty input yields nothing and says so once", "[unit][readers]") {
    for (const auto* format : {"", "text", "mail", "sgml", "jsonl", "smart", "csv", "html"}) {
        for (const auto* text : {"", "\xEF\xBB\xBF", "\xFF\xFE", "  \n\n \r\n"}) {
            const auto r = read_text(text, "empty.txt", ReaderOptions{format, {}});
            CHECK(r.articles.empty());
            CHECK(r.problems == std::vector<std::string>{"empty.txt: empty file"});
        }
    }
}

TEST_CASE("readers: CRLF and CR files read the same as LF files", "[unit][readers]") {
    for (const auto* name :
         {"text/ferry-dated.txt", "mail/40213", "sgml/wire.sgm", "sgml/truncated.sgm",
          "jsonl/stories.jsonl", "smart/mini.all", "smart/MINI.TIME", "csv/headlines.csv",
          "csv/labelled.csv", "html/story.html", "html/loose.htm"}) {
        const auto lf = slurp(gazette::test::fixture(std::string("readers/") + name));
        const auto expected = digest(read_text(lf, name));
        CHECK(digest(read_text(replace_all(lf, "\n", "\r\n"), name)) == expected);
        CHECK(digest(read_text(replace_all(lf, "\n", "\r"), name)) == expected);
        CHECK(digest(read_text("\xEF\xBB\xBF" + lf, name)) == expected);
    }
}

TEST_CASE("readers: an unknown forced format is a usage error naming the known ones",
          "[unit][readers]") {
    std::istringstream in("text\n");
    try {
        gazette::open_reader(in, "a.txt", ReaderOptions{"pdf", {}}, {});
        FAIL("no UsageError");
    } catch (const gazette::UsageError& error) {
        CHECK(std::string(error.what()) ==
              "unknown format 'pdf' (known formats: text, mail, sgml, jsonl, smart, csv, html, "
              "mbox, feed, warc)");
    }
    CHECK(gazette::known_formats() ==
          std::vector<std::string>{"text", "mail", "sgml", "jsonl", "smart", "csv", "html",
                                   "mbox", "feed", "warc"});
}

TEST_CASE("readers: every format of the registry opens when forced, and the field keys are one list",
          "[unit][readers]") {
    for (const std::string& format : gazette::known_formats()) {
        CAPTURE(format);
        std::istringstream in("Harbour reopens\n");
        CHECK(gazette::open_reader(in, "a.dat", ReaderOptions{format, {}}, [](const std::string&) {}));
    }
    CHECK(gazette::known_fields() ==
          std::vector<std::string>{"title", "body", "date", "id", "source"});
    std::istringstream in("{}\n");
    CHECK_THROWS_WITH(gazette::open_reader(in, "a.jsonl", ReaderOptions{"", {{"author", "by"}}}, {}),
                      "unknown field 'author' in the field mapping (known fields: title, body, "
                      "date, id, source)");
}

TEST_CASE("readers: a record's id is its file and its own id, else its line", "[unit][readers]") {
    CHECK(gazette::record_id("/news/a.jsonl", "17", 3) == "/news/a.jsonl#17");
    CHECK(gazette::record_id("/news/a.jsonl", "", 3) == "/news/a.jsonl#3");
    const auto r = read_text("{\"id\": \"x1\", \"title\": \"A\"}\n{\"title\": \"B\"}\n", "a.jsonl");
    REQUIRE(r.articles.size() == 2);
    CHECK(r.articles[0].id == "a.jsonl#x1");
    CHECK(r.articles[1].id == "a.jsonl#2");
}

TEST_CASE("readers: a text block separated by whitespace-only lines keeps its wrapped lines together",
          "[unit][readers]") {
    // JSON and CSV bodies alike: one paragraph per blank-line block, the single breaks wraps.
    const auto json = read_text(R"({"title": "T", "body": "one\ntwo\n \nthree"})" "\n", "a.jsonl");
    REQUIRE(json.articles.size() == 1);
    REQUIRE(json.articles[0].paragraphs.size() == 2);
    CHECK(json.articles[0].paragraphs[0].text == "one two");
    const auto csv = read_text("title,body\nT,\"one\ntwo\n\t\nthree\"\n", "a.csv");
    REQUIRE(csv.articles.size() == 1);
    REQUIRE(csv.articles[0].paragraphs.size() == 2);
    CHECK(csv.articles[0].paragraphs[0].text == "one two");
    CHECK(csv.articles[0].paragraphs[1].line == 5);
    // Without blank lines each line break ends a paragraph.
    const auto lines = read_text(R"({"title": "T", "body": "one\ntwo"})" "\n", "a.jsonl");
    REQUIRE(lines.articles.size() == 1);
    CHECK(lines.articles[0].paragraphs.size() == 2);
}

TEST_CASE("readers: a forced format wins over detection", "[unit][readers]") {
    const auto r =
        read_text("Subject: not mail\nFrom: nobody\n\nBody.\n", "a.txt", ReaderOptions{"text", {}});
    REQUIRE(r.articles.size() == 1);
    CHECK(r.articles[0].title == "Subject: not mail");
}

// ---------------------------------------------------------------------------------------------
// detection

TEST_CASE("detect_format", "[unit][readers]") {
    using gazette::detect_format;
    CHECK(detect_format("a/b.jsonl", "") == "jsonl");
    CHECK(detect_format("b.NDJSON", "{\"a\":1}") == "jsonl");
    CHECK(detect_format("b.json", "  {\"a\": 1}\n") == "jsonl");
    CHECK(detect_format("b.json", "[1, 2]") == "text");
    CHECK(detect_format("reut2-000.sgm", "anything") == "sgml");
    CHECK(detect_format("x.trec", "") == "sgml");
    CHECK(detect_format("x.sgml", "") == "sgml");
    CHECK(detect_format("archive.tar.gz!data/reut2-001.sgm", "") == "sgml");
    CHECK(detect_format("feed", "<!DOCTYPE lewis>\n<REUTERS NEWID=\"1\">\n") == "sgml");
    CHECK(detect_format("la010189", "<DOC>\n<DOCNO> LA010189-0001 </DOCNO>\n") == "sgml");
    CHECK(detect_format("prose.txt", "A story that quotes a <DOC> tag mid-line.\n") == "text");
    CHECK(detect_format("cacm.all", ".I 1\n.T\nTitle\n") == "smart");
    CHECK(detect_format("TIME.ALL", "*TEXT 017 01/04/63 PAGE 020\n") == "smart");
    CHECK(detect_format("51060", "Xref: host alt.atheism:51060\nPath: a!b\nFrom: x@y\n") == "mail");
    CHECK(detect_format("51060", "Newsgroups: sci.med\r\nPath: a!b\r\nSubject: s\r\n\r\nbody") ==
          "mail");
    CHECK(detect_format("m", "Subject: hi\n\tcontinued\nDate: 1 Apr 93\n\nbody\n") == "mail");
    CHECK(detect_format(
              "m", "From someone@host Sat Jan  3 01:05:34 1996\nFrom: a@b\nTo: c@d\n\n") == "mbox");
    CHECK(detect_format("n.txt", "Date: tomorrow, said the title\n\nBody\n") == "text");
    CHECK(detect_format("n.txt", "Note: this is prose\nSecond line\n") == "text");
    CHECK(detect_format("seed.txt", " date 2024-03-14 A title\n\nBody\n") == "text");
    CHECK(detect_format("bbc/001.txt", "Ink helps drive democracy\n\nBody\n") == "text");
    CHECK(detect_format("x", "") == "text");
    CHECK(detect_format("x.csv", "a,b\n") == "csv");
    CHECK(detect_format("x.TSV", "") == "csv");
    CHECK(detect_format("origin.tsv.gz", "id\tarticle\n") == "csv");
    CHECK(detect_format("feed.jsonl.gz", "") == "jsonl");
    CHECK(detect_format("a.tar.gz!data/reut2-001.sgm.bz2", "") == "sgml");
    CHECK(detect_format("page.html", "") == "html");
    CHECK(detect_format("page.htm", "") == "html");
    CHECK(detect_format("saved", "  <!DOCTYPE html>\n<html>") == "html");
    CHECK(detect_format("saved", "<HTML><BODY>x") == "html");
    CHECK(detect_format("saved", "<?xml version=\"1.0\"?>\n<html xmlns=\"x\">") == "html");
    CHECK(detect_format("notes.txt", "Use the <html> tag for pages.\n") == "text");
}

// ---------------------------------------------------------------------------------------------
// the line reader

namespace {

std::vector<std::pair<std::uint32_t, std::string>> lines_of(
    const std::string& text, std::vector<std::string>* problems = nullptr,
    std::size_t max_line = 1 << 20) {
    std::istringstream in(text);
    gazette::detail::LineReader reader(
        in, "t",
        [&](const std::string& m) {
            if (problems) problems->push_back(m);
        },
        max_line);
    std::vector<std::pair<std::uint32_t, std::string>> out;
    std::string line;
    while (reader.next(line)) out.emplace_back(reader.line_number(), line);
    return out;
}

using Lines = std::vector<std::pair<std::uint32_t, std::string>>;

}  // namespace

TEST_CASE("line reader: line ends, BOM and the last line", "[unit][readers]") {
    CHECK(lines_of("a\nb\n") == Lines{{1, "a"}, {2, "b"}});
    CHECK(lines_of("a\r\nb\r\n") == Lines{{1, "a"}, {2, "b"}});
    CHECK(lines_of("a\rb\r") == Lines{{1, "a"}, {2, "b"}});
    CHECK(lines_of("a\r\rb") == Lines{{1, "a"}, {2, ""}, {3, "b"}});
    CHECK(lines_of("a\n\nb") == Lines{{1, "a"}, {2, ""}, {3, "b"}});
    CHECK(lines_of("\xEF\xBB\xBFx\n") == Lines{{1, "x"}});
    CHECK(lines_of("").empty());
    CHECK(lines_of("\n") == Lines{{1, ""}});
}

TEST_CASE("line reader: CRLF split across read chunks", "[unit][readers]") {
    // The head is 8 KiB and chunks 64 KiB: put a CR right at both edges.
    for (const std::size_t at : {std::size_t{8191}, std::size_t{8192 + 65535}}) {
        std::string text(at, 'x');
        text += "\r\nnext\r\n";
        const auto lines = lines_of(text);
        REQUIRE(lines.size() == 2);
        CHECK(lines[0].second.size() == at);
        CHECK(lines[1] == std::pair<std::uint32_t, std::string>{2, "next"});
    }
}

TEST_CASE("line reader: over-long lines are skipped and reported", "[unit][readers]") {
    std::vector<std::string> problems;
    const auto lines = lines_of("short\n" + std::string(100, 'y') + "\nafter\n", &problems, 64);
    CHECK(lines == Lines{{1, "short"}, {3, "after"}});
    CHECK(problems == std::vector<std::string>{"t:2: line longer than 64 bytes skipped"});
}

TEST_CASE("line reader: bytes that are not UTF-8 are read as Windows-1252", "[unit][readers]") {
    // "Ume\xE5" (Latin-1 a-ring), a CP1252 right quote, valid UTF-8 untouched.
    CHECK(lines_of("Ume\xE5 it\x92s caf\xC3\xA9\n") ==
          Lines{{1, "Ume\xC3\xA5 it\xE2\x80\x99s caf\xC3\xA9"}});
}

TEST_CASE("line reader: UTF-16 split anywhere decodes the same", "[unit][readers]") {
    // Odd lengths, a surrogate pair cut by the chunk size, a lone surrogate, a final odd byte.
    std::string le = "\xFF\xFE";
    for (int i = 0; i < 40000; ++i) le += std::string("a\0", 2);
    le += std::string("\x3D\xD8\x00\xDE", 4);  // U+1F600
    le += std::string("\x00\xD8", 2);          // a high surrogate alone
    le += std::string("b\0\n\0", 4);
    le += "\x41";  // half a code unit
    const auto lines = lines_of(le);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].second == std::string(40000, 'a') + "\xF0\x9F\x98\x80\xEF\xBF\xBD" "b");
    CHECK(lines[1].second == "\xEF\xBF\xBD");
}

TEST_CASE("line reader: all of Windows-1252's upper half", "[unit][readers]") {
    // 0x80..0x9F by the Windows-1252 table (its five holes as C1 controls), the rest Latin-1.
    std::string bytes;
    for (int b = 0x80; b <= 0xFF; ++b) bytes += static_cast<char>(b);
    const auto lines = lines_of(bytes);
    REQUIRE(lines.size() == 1);
    const std::string& text = lines[0].second;
    CHECK(text.starts_with("\xE2\x82\xAC\xC2\x81\xE2\x80\x9A\xC6\x92"));  // euro, 81, quote, f
    CHECK(text.find("\xE2\x84\xA2") != std::string::npos);                    // trade mark (0x99)
    CHECK(text.find("\xC5\xB8\xC2\xA0") != std::string::npos);  // Y diaeresis (0x9F), 0xA0
    CHECK(text.ends_with("\xC3\xBE\xC3\xBF"));                 // 0xFE, 0xFF
}

namespace {

/// An endless-looking input made on the fly: `size` bytes of 'x', then "\nafter\n".
class GeneratedLine final : public std::streambuf {
  public:
    explicit GeneratedLine(std::size_t size) : left_(size), block_(1 << 16, 'x') {}

  protected:
    int_type underflow() override {
        if (left_ == 0) {
            if (tail_done_) return traits_type::eof();
            tail_done_ = true;
            setg(tail_, tail_, tail_ + 7);
            return traits_type::to_int_type(*gptr());
        }
        const auto n = std::min(left_, block_.size());
        left_ -= n;
        setg(block_.data(), block_.data(), block_.data() + n);
        return traits_type::to_int_type(*gptr());
    }

  private:
    std::size_t left_;
    std::string block_;
    char tail_[8] = "\nafter\n";
    bool tail_done_ = false;
};

}  // namespace

TEST_CASE("line reader: a 100 MB line is skipped without holding it", "[unit][readers]") {
    // The reader holds at most its cap (16 MiB by default) of a line: here 1 MiB, so that the
    // check that the line is dropped as soon as it passes the cap stays cheap.
    GeneratedLine source(std::size_t{100} << 20);
    std::istream in(&source);
    std::vector<std::string> problems;
    gazette::detail::LineReader reader(
        in, "big.txt", [&](const std::string& m) { problems.push_back(m); }, std::size_t{1} << 20);
    std::string line;
    REQUIRE(reader.next(line));
    CHECK(line == "after");
    CHECK(line.capacity() < (std::size_t{2} << 20));
    CHECK(reader.line_number() == 2);
    CHECK_FALSE(reader.next(line));
    CHECK(problems == std::vector<std::string>{"big.txt:1: line longer than 1 MiB skipped"});
}

// ---------------------------------------------------------------------------------------------
// the real collections

TEST_CASE("real data: the seeds", "[unit][readers]") {
    GAZETTE_REQUIRE_SHARED(root, "seeds");
    const auto files = files_under(root);
    REQUIRE(files.size() == 2);
    const auto first = read_file(files[0]);
    const auto second = read_file(files[1]);
    REQUIRE(first.articles.size() == 1);
    REQUIRE(second.articles.size() == 1);
    CHECK(first.problems.empty());
    CHECK(iso(first.articles[0]) == "2024-03-14");
    CHECK(first.articles[0].date_source == gazette::DateSource::header);
    CHECK(first.articles[0].title ==
          "Chinese premier stresses deep integration of sci-tech, industrial innovation");
    CHECK_FALSE(second.articles[0].date);
    CHECK(second.articles[0].title.starts_with("Li Qiang conducted research"));
    CHECK(second.articles[0].paragraphs.size() > 3);
}

TEST_CASE("real data: Reuters-21578 yields 21,578 dated stories", "[unit][readers]") {
    GAZETTE_REQUIRE_SHARED(root, "reuters21578");
    std::size_t articles = 0, dated = 0, titled = 0, problems = 0;
    std::set<std::string> ids;
    for (const auto& path : files_under(root)) {
        const auto r = read_file(path);
        problems += r.problems.size();
        for (const auto& a : r.articles) {
            ++articles;
            dated += a.date.has_value();
            titled += !a.title.empty();
            ids.insert(a.id);
            // The sign-off is gone (bylines such as "By Patti Domm, Reuter" stay).
            if (!a.paragraphs.empty() && !a.paragraphs.back().text.starts_with("By ")) {
                INFO(a.id);
                const auto& last = a.paragraphs.back().text;
                CHECK_FALSE((last.ends_with(" Reuter") || last.ends_with(" REUTER")));
            }
        }
    }
    CHECK(articles == 21578);
    CHECK(dated == 21578);
    CHECK(ids.size() == 21578);
    CHECK(titled == 20841);  // the 737 UNPROC stories have no TITLE
    CHECK(problems == 1);    // reut2-012.sgm NEWID 12793 is empty (kept, reported)
}

TEST_CASE("real data: 20 Newsgroups reads as mail, titled and dated", "[unit][readers]") {
    GAZETTE_REQUIRE_SHARED(root, "20newsgroups");
    std::size_t files = 0, articles = 0, titled = 0, dated = 0, with_groups = 0, problems = 0;
    for (const auto& path : files_under(root)) {
        ++files;
        const auto head = slurp(path).substr(0, gazette::detail::LineReader::kHeadSize);
        INFO(path.string());
        CHECK(gazette::detect_format(path.string(), head) == "mail");
        const auto r = read_file(path);
        problems += r.problems.size();
        for (const auto& a : r.articles) {
            ++articles;
            titled += !a.title.empty();
            dated += a.date.has_value();
            with_groups += !a.outlets.empty();
        }
    }
    CHECK(files == 19997);
    CHECK(articles == 19997);
    CHECK(titled == 19997);
    CHECK(with_groups == 19997);
    // Every message has a Date header parse_date() reads (eight of them only after a header
    // line of whitespace, see the fold test above).
    CHECK(articles - dated == 0);
    CHECK(problems == 0);
}

TEST_CASE("real data: CACM yields 3,204 records", "[unit][readers]") {
    GAZETTE_REQUIRE_SHARED(path, "ir/cacm/cacm.all");
    const auto r = read_file(path);
    CHECK(r.problems.empty());
    REQUIRE(r.articles.size() == 3204);
    std::set<std::string> docnos;
    std::size_t dated = 0;
    for (const auto& a : r.articles) {
        docnos.insert(a.docno);
        dated += a.date.has_value();
    }
    CHECK(docnos.size() == 3204);
    CHECK(dated == 3204);
    CHECK(r.articles.front().docno == "1");
    CHECK(r.articles.front().title == "Preliminary Report-International Algebraic Language");
    CHECK(iso(r.articles.front()) == "1958-12-01");
    CHECK(r.articles[2855].docno == "2856");
    CHECK(r.articles[2855].title == "The Synthetic Approach to Decision Table Conversion");
    CHECK(r.articles.back().docno == "3204");
    CHECK(r.articles.back().id == "cacm.all#3204");
}

TEST_CASE("real data: TIME yields 423 records", "[unit][readers]") {
    GAZETTE_REQUIRE_SHARED(path, "ir/time/TIME.ALL");
    const auto r = read_file(path);
    CHECK(r.problems.empty());
    REQUIRE(r.articles.size() == 423);
    std::size_t dated = 0;
    for (const auto& a : r.articles) dated += a.date.has_value();
    CHECK(dated == 423);
    CHECK(r.articles.front().docno == "017");
    CHECK(iso(r.articles.front()) == "1963-01-04");
    CHECK(r.articles.back().docno == "563");
    CHECK(iso(r.articles.back()) == "1963-12-27");
    const auto quirk = std::find_if(r.articles.begin(), r.articles.end(),
                                    [](const Article& a) { return a.docno == "431"; });
    REQUIRE(quirk != r.articles.end());
    CHECK(iso(*quirk) == "1963-08-30");
}

TEST_CASE("real data: the Spanish fake news JSONL", "[unit][readers]") {
    GAZETTE_REQUIRE_SHARED(root, "spanish-fakenews");
    std::size_t articles = 0, problems = 0, with_source = 0;
    for (const auto& path : files_under(root)) {
        if (path.extension() != ".jsonl") continue;
        const auto r = read_file(path);
        problems += r.problems.size();
        for (const auto& a : r.articles) {
            ++articles;
            with_source += !a.outlets.empty();
        }
    }
    CHECK(articles == 1543);
    CHECK(with_source == 1536);  // seven records of derived_test.jsonl have an empty SOURCE
    CHECK(problems == 0);
}

namespace {

/// Reads a file the way the index writer does: through its input source (a .gz decompressed,
/// an archive member by member), shown under its file name.
ReadResult read_input(const std::filesystem::path& path, const ReaderOptions& options = {}) {
    ReadResult result;
    auto problem = [&](const std::string& message) { result.problems.push_back(message); };
    const auto shown_as = path.filename().string();
    gazette::for_each_input(
        path.string(),
        [&](const std::string& display, std::istream& in) {
            const auto name = display.substr(path.string().size() - shown_as.size());
            auto reader = gazette::open_reader(in, name, options, problem);
            Article article;
            while (reader->next(article)) result.articles.push_back(article);
            return true;
        },
        problem);
    return result;
}

}  // namespace

TEST_CASE("real data: 10kGNAD yields 1,028 labelled articles", "[unit][readers]") {
    GAZETTE_REQUIRE_SHARED(path, "german-10kgnad/test.csv");
    ReaderOptions options;
    options.fields = {{"source", "1"}};
    const auto r = read_input(path, options);
    CHECK(r.problems.empty());
    REQUIRE(r.articles.size() == 1028);
    std::set<std::string> labels;
    for (const auto& a : r.articles) {
        labels.insert(a.outlets.at(0));
        CHECK_FALSE(a.paragraphs.empty());
    }
    CHECK(labels.size() == 9);  // the nine DER STANDARD sections
    CHECK(r.articles[0].outlets[0] == "Wirtschaft");
    CHECK(r.articles[0].paragraphs[0].text.starts_with("Die Gewerkschaft GPA-djp lanciert"));
    CHECK(r.articles.back().id == "test.csv#1028");
}

TEST_CASE("real data: French headlines yield 5,064 dated titles", "[unit][readers]") {
    GAZETTE_REQUIRE_SHARED(path, "french-headlines-2020/test_one_day.csv");
    ReaderOptions options;
    options.fields = {{"title", "1"}, {"date", "2"}, {"source", "4"}};
    const auto r = read_input(path, options);
    CHECK(r.problems.empty());
    REQUIRE(r.articles.size() == 5064);
    std::size_t dated = 0, titled = 0, with_category = 0;
    std::set<std::string> ids;
    for (const auto& a : r.articles) {
        dated += iso(a) == "2020-01-10";
        titled += !a.title.empty();
        with_category += !a.outlets.empty();
        ids.insert(a.id);
    }
    CHECK(dated == 5064);
    CHECK(titled == 5064);
    CHECK(with_category == 5056);  // eight rows have an empty category
    CHECK(ids.size() == 5064);     // ids are line numbers: the ObjectId column repeats
    CHECK(r.articles[0].title ==
          "Retraites. L\xE2\x80\x99intersyndicale appelle \xC3\xA0 de nouvelles actions les 14, "
          "15 et 16 janvier");
}

TEST_CASE("real data: Japanese Wikinews, a gzip TSV with a header", "[unit][readers]") {
    GAZETTE_REQUIRE_SHARED(path, "japanese-wikinews/full-articles/origin.tsv.gz");
    const auto r = read_input(path);
    CHECK(r.problems.empty());
    REQUIRE(r.articles.size() == 3670);
    std::size_t titled = 0, with_body = 0;
    for (const auto& a : r.articles) {
        titled += !a.title.empty();
        with_body += !a.paragraphs.empty();
    }
    CHECK(titled == 3670);
    CHECK(with_body == 3670);
    CHECK(r.articles[0].id == "origin.tsv.gz#0");
    CHECK(r.articles[0].title.starts_with("\xE5\xAE\xAE\xE5\x9F\x8E"));  // 宮城
}

TEST_CASE("real data: Sina news, titled by their file names", "[unit][readers]") {
    GAZETTE_REQUIRE_SHARED(root, "chinese-sina-2018");
    std::size_t files = 0, articles = 0, named = 0, problems = 0, empty = 0;
    for (const auto& path : files_under(root)) {
        ++files;
        const auto r = read_file(path);
        for (const auto& p : r.problems) {
            ++problems;
            empty += p.ends_with(": empty file");
        }
        for (const auto& a : r.articles) {
            ++articles;
            named += a.title == gazette::detail::clean_text(path.stem().string());
        }
    }
    CHECK(files == 12461);
    CHECK(articles == 12368);
    CHECK(problems == 93);
    CHECK(empty == 93);
    CHECK(named == 12368);
}
