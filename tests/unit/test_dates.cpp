//! Tests for indexer/dates: parse_date() on the spellings real headers use, date_from_text() on
//! datelines and month-day phrases, date_from_filename() on archive names; the shared data
//! (seeds, 20newsgroups, State of the Union) is checked when present.
#include "dates.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../test_support.hpp"

namespace gazette {
namespace {

// The day the tests index on: date inference is pinned to it, as an indexing run pins it to the
// day it starts.
constexpr Date kToday{2025, 6, 30};

// "YYYY-MM-DD" or "none": failures then print both sides readably.
std::string show(const std::optional<Date>& date) { return date ? date->iso() : "none"; }

struct Case {
    const char* input;
    const char* expected;
};

std::vector<Paragraph> paragraphs(std::initializer_list<const char*> texts) {
    std::vector<Paragraph> result;
    std::uint32_t line = 3;
    for (const char* text : texts) {
        result.push_back({text, line});
        line += 2;
    }
    return result;
}

// A plain-text article read crudely: the first line is the title, blank lines separate
// paragraphs.
struct TextArticle {
    std::string title;
    std::vector<Paragraph> paragraphs;
};

TextArticle read_text_article(const std::filesystem::path& path) {
    std::ifstream in(path);
    TextArticle article;
    std::getline(in, article.title);
    std::string line;
    std::string block;
    const auto flush = [&] {
        if (!block.empty()) article.paragraphs.push_back({block, 0});
        block.clear();
    };
    while (std::getline(in, line)) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) {
            flush();
        } else {
            block += block.empty() ? line : " " + line;
        }
    }
    flush();
    return article;
}

std::filesystem::path seed_file(const std::filesystem::path& dir, const std::string& prefix) {
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().filename().string().rfind(prefix, 0) == 0) return entry.path();
    }
    return {};
}

}  // namespace

TEST_CASE("parse_date reads ISO 8601 and compact dates", "[unit][dates]") {
    const Case cases[] = {
        {"2024-03-14", "2024-03-14"},
        {"2024-03-14T09:30:00Z", "2024-03-14"},
        {"2024-03-14 09:30:00", "2024-03-14"},
        {"2024-03-14T09:30:00+01:00", "2024-03-14"},
        {"2024-03-14T23:30:00-05:00", "2024-03-14"},
        {"20240314", "2024-03-14"},
        {"2024/03/14", "2024-03-14"},
        {"2024-3-4", "2024-03-04"},
        {"  2024-03-14  ", "2024-03-14"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.input);
        CHECK(show(parse_date(c.input)) == c.expected);
    }
}

TEST_CASE("parse_date reads VMS dates as Reuters writes them", "[unit][dates]") {
    CHECK(show(parse_date("26-FEB-1987 15:01:01.79")) == "1987-02-26");
    CHECK(show(parse_date(" 5-MAR-1987 09:12:33.21")) == "1987-03-05");
    CHECK(show(parse_date("19-OCT-1987 23:59:59.00")) == "1987-10-19");
}

TEST_CASE("parse_date reads RFC 2822 dates and their Usenet spellings", "[unit][dates]") {
    const Case cases[] = {
        {"Mon, 29 Mar 1993 11:57:19 GMT", "1993-03-29"},
        {"29 Mar 93 11:57:19 -0500", "1993-03-29"},
        {"Monday, 5 Apr 1993 10:02:11 EDT", "1993-04-05"},
        {"5 Apr 93", "1993-04-05"},
        {"Tue, 6 Apr 1993 01:16:40 LOCAL", "1993-04-06"},
        {"Thu Apr 15 16:33:05 1993", "1993-04-15"},
        {"Thu Apr  1 20:52:11 1993", "1993-04-01"},
        {"Thu Apr 15 16:33:05 EDT 1993", "1993-04-15"},
        {"Fri, 16 Apr 93 12:32 EDT", "1993-04-16"},
        {"16-Apr-93", "1993-04-16"},
        {"Monday, 5-Apr-93", "1993-04-05"},
        {"Wed,  7 Apr 1993 15:39:55 -0400 (EDT)", "1993-04-07"},
        {"Tue, 06 Apr 93 08:03:17 +1300 ", "1993-04-06"},
        {"13 MAY 93 02:28:53 GMT", "1993-05-13"},
        {"Wednesday, 14 April 1993 12:14:23 MST", "1993-04-14"},
        {"Thursday April 15, 1993", "1993-04-15"},
        {"Thu, 22 Apr 1993 11:46:03", "1993-04-22"},
        {"27 Apr 93 10:23:43", "1993-04-27"},
        {"mon, 29 mar 1993 11:57:19 gmt", "1993-03-29"},
        // The weekday is ignored, even when it is wrong: 29 March 1993 was a Monday.
        {"Fri, 29 Mar 1993 11:57:19 GMT", "1993-03-29"},
        // The calendar day as written; the zone is not applied.
        {"Thu, 15 Apr 1993 23:34:07 -1100", "1993-04-15"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.input);
        CHECK(show(parse_date(c.input)) == c.expected);
    }
}

TEST_CASE("parse_date reads written-out English dates", "[unit][dates]") {
    const Case cases[] = {
        {"March 13, 2024", "2024-03-13"},
        {"March 13 2024", "2024-03-13"},
        {"13 March 2024", "2024-03-13"},
        {"Mar. 13, 2024", "2024-03-13"},
        {"13th March 2024", "2024-03-13"},
        {"March 13th, 2024", "2024-03-13"},
        {"1st September 2001", "2001-09-01"},
        {"Sept. 11, 2001", "2001-09-11"},
        {"Wednesday, March 13, 2024", "2024-03-13"},
        {"19 February 1993", "1993-02-19"},
        {"MARCH 13, 2024", "2024-03-13"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.input);
        CHECK(show(parse_date(c.input)) == c.expected);
    }
}

TEST_CASE("parse_date reads numeric dates", "[unit][dates]") {
    const Case cases[] = {
        {"01/04/63", "1963-01-04"},  // TIME magazine: month/day/year
        {"1/4/1963", "1963-01-04"},
        {"12/31/99", "1999-12-31"},
        {"13/03/2024", "2024-03-13"},  // only day/month/year makes sense
        {"93/5/16", "1993-05-16"},     // only year/month/day makes sense
        {"13.03.2024", "2024-03-13"},  // German day.month.year
    };
    for (const Case& c : cases) {
        CAPTURE(c.input);
        CHECK(show(parse_date(c.input)) == c.expected);
    }
}

TEST_CASE("parse_date expands two-digit years around 1930", "[unit][dates]") {
    CHECK(show(parse_date("5 Apr 30")) == "1930-04-05");
    CHECK(show(parse_date("5 Apr 99")) == "1999-04-05");
    CHECK(show(parse_date("5 Apr 29")) == "2029-04-05");
    CHECK(show(parse_date("5 Apr 03")) == "2003-04-05");
    CHECK(show(parse_date("01/04/00")) == "2000-01-04");
}

TEST_CASE("parse_date reads German, French and Spanish month names", "[unit][dates]") {
    CHECK(show(parse_date("13. März 2024")) == "2024-03-13");
    CHECK(show(parse_date("1. Dezember 2023")) == "2023-12-01");
    CHECK(show(parse_date("13 mars 2024")) == "2024-03-13");
    CHECK(show(parse_date("1er août 2024")) == "2024-08-01");
    CHECK(show(parse_date("13 de marzo de 2024")) == "2024-03-13");
}

TEST_CASE("parse_date dates a day range by its first day", "[unit][dates]") {
    CHECK(show(parse_date("June 14-25, 1993  (2 Credits)")) == "1993-06-14");
    CHECK(show(parse_date("8-10 December 1993.")) == "1993-12-08");
}

TEST_CASE("parse_date rejects what is not a calendar day", "[unit][dates]") {
    const char* rejected[] = {
        "",
        "   ",
        "garbage",
        "2023-02-29",     // 2023 is not a leap year
        "2024-13-01",
        "2024-00-10",
        "32 Jan 2020",
        "31 Apr 2024",
        "0 Jan 2020",
        "30 Feb 1993",
        "20231301",
        "2024",           // a bare year is not a day
        "March 2024",
        "Apr 15",         // no year
        "Mon, 29 Mar 11:57:19 GMT",
        "Thu Apr 15 16:33:05",
        "13/13/2024",
        "5 Apr 993",
        "Jan 5, 155,221",
    };
    for (const char* text : rejected) {
        CAPTURE(text);
        CHECK(show(parse_date(text)) == "none");
    }
}

TEST_CASE("parse_date accepts 29 February in leap years only", "[unit][dates]") {
    CHECK(show(parse_date("2024-02-29")) == "2024-02-29");
    CHECK(show(parse_date("29 Feb 2000")) == "2000-02-29");
    CHECK(show(parse_date("29 Feb 1900")) == "none");
}

TEST_CASE("date_from_text reads a Xinhua dateline, year from a full date", "[unit][dates]") {
    const auto body = paragraphs({
        "Premier Li Qiang visits the Beijing Academy of Artificial Intelligence in Beijing, "
        "capital of China, March 13, 2024. (Xinhua/Liu Bin)",
        "BEIJING, March 13 (Xinhua) -- Chinese Premier Li Qiang has called for efforts to "
        "deepen the integration of scientific and technological innovation.",
        "Li made the remarks during an inspection tour in Beijing on Wednesday.",
    });
    CHECK(show(date_from_text("Chinese premier stresses innovation", body, kToday)) ==
          "2024-03-13");
}

TEST_CASE("date_from_text prefers the dateline to an earlier full date", "[unit][dates]") {
    const auto body = paragraphs({
        "Photo taken on March 10, 2024 shows the venue.",
        "BEIJING, March 13 (Xinhua) -- The meeting opened on Wednesday.",
    });
    CHECK(show(date_from_text("Meeting opens", body, kToday)) == "2024-03-13");
}

TEST_CASE("date_from_text reads datelines in their usual shapes", "[unit][dates]") {
    const Case cases[] = {
        {"WASHINGTON, Feb 26 - The U.S. trade deficit narrowed in 1987, officials said.",
         "1987-02-26"},
        {"LONDON (Reuters) - March 13, 2024 - Shares rose.", "2024-03-13"},
        {"NEW YORK, March 13, 2024 (AP) -- Stocks fell.", "2024-03-13"},
        {"WINSTON-SALEM, N.C., Jan 5 - R.J. Reynolds said profits rose in 1986 and 1987.",
         "1987-01-05"},
        {"PARIS, 13 mars (AFP) \u2014 Le gouvernement a annonc\u00e9 en 2024 un plan.",
         "2024-03-13"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.input);
        CHECK(show(date_from_text("", paragraphs({c.input}), kToday)) == c.expected);
    }
}

TEST_CASE("date_from_text takes the first full date in the head", "[unit][dates]") {
    const Case cases[] = {
        {"The summit ended on March 13, 2024 in Geneva.", "2024-03-13"},
        {"The summit ended on 13 March 2024 in Geneva.", "2024-03-13"},
        {"Published 2024-03-13 by the ministry.", "2024-03-13"},
        {"Le sommet s'est termin\u00e9 le 13 mars 2024.", "2024-03-13"},
        {"La cumbre termin\u00f3 el 13 de marzo de 2024.", "2024-03-13"},
        {"Der Gipfel endete am 13. M\u00e4rz 2024.", "2024-03-13"},
        {"The summit ended on Wednesday, March 13th, 2024.", "2024-03-13"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.input);
        CHECK(show(date_from_text("", paragraphs({c.input}), kToday)) == c.expected);
    }
}

TEST_CASE("date_from_text looks at the title too", "[unit][dates]") {
    CHECK(show(date_from_text("Summit of March 13, 2024 ends", paragraphs({"It ended."}),
                              kToday)) == "2024-03-13");
}

TEST_CASE("date_from_text takes the year of a month-day phrase from the text",
          "[unit][dates]") {
    // Shaped like seed 002: "on March 13th", and 2022, 2023 and 2024 mentioned further down.
    const auto body = paragraphs({
        "According to CCTV, on March 13th, Li Qiang conducted research in Beijing.",
        "Li Qiang first came to the Innovation and Operation Center.",
        "Li Qiang then went to the Yizhuang office area of Baidu Company.",
        "At North Huachuang Technology Group Co., Ltd., Li Qiang listened to the introduction.",
        "The number of unicorn enterprises has increased to 114, an increase of 6 from "
        "mid-2023 and 12 from the same period in 2022. Several have grown fast in 2024.",
    });
    CHECK(show(date_from_text("Li Qiang conducted research", body, kToday)) == "2024-03-13");
}

TEST_CASE("date_from_text accepts the usual month-day phrases", "[unit][dates]") {
    const Case cases[] = {
        {"The vote was held on March 13. Turnout in 2024 was low.", "2024-03-13"},
        {"The vote was held on 13 March. Turnout in 2024 was low.", "2024-03-13"},
        {"The vote was held on Wednesday, March 13. Turnout in 2024 was low.", "2024-03-13"},
        {"The vote, held Wednesday 13 March, drew few. Turnout in 2024 was low.",
         "2024-03-13"},
        {"The 13th March vote drew few. Turnout in 2024 was low.", "2024-03-13"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.input);
        CHECK(show(date_from_text("", paragraphs({c.input}), kToday)) == c.expected);
    }
}

TEST_CASE("date_from_text takes the latest plausible year, not a forecast", "[unit][dates]") {
    const auto body = paragraphs({
        "Officials met on March 13 to review the plan.",
        "Output in 1999 and 2023 was weak; the plan runs to 2090.",
    });
    CHECK(show(date_from_text("", body, kToday)) == "2023-03-13");
}

TEST_CASE("date_from_text judges years against the reference day, not the clock",
          "[unit][dates]") {
    // 2031 is a plan for an article indexed in 2024, and a plausible year (the year after) for
    // one indexed in 2030: the month and day take the latest plausible year either way.
    const auto body = paragraphs({
        "Officials met on March 13 to review the plan.",
        "Agreed in 2019, it was revised to run to 2031.",
    });
    CHECK(show(date_from_text("", body, Date{2024, 5, 1})) == "2019-03-13");
    CHECK(show(date_from_text("", body, Date{2030, 6, 1})) == "2031-03-13");
    CHECK(show(date_from_text("", paragraphs({"Due on March 13, 2031."}), Date{2024, 5, 1})) ==
          "none");
    CHECK(show(date_from_text("", paragraphs({"Due on March 13, 2031."}), Date{2030, 1, 1})) ==
          "2031-03-13");
}

TEST_CASE("date_from_text is not fooled by numbers that are not dates", "[unit][dates]") {
    const char* texts[] = {
        "The port handled 155,221 bags in 2024.",
        "In 2024 the company grew.",                          // a bare year is not a day
        "Sales rose 13.5 percent in March 2024.",             // month and year, no day
        "It may 5 times more costly to wait, she said in 2024.",
        "In March 12,500 people marched. The year was 2024.",  // a quantity, not a day
        "Prices in the 1990s and 2000s were lower.",
        "The rally on March 13 drew crowds.",                  // no year anywhere
        "The fund paid $2024 on March 13.",                    // money is not a year
        "The meeting starts at 13:30 on Friday in 2024.",
        "Tuesday, 1 March. Kick-off 1945 GMT.",                // a clock time is not a year
    };
    for (const char* text : texts) {
        CAPTURE(text);
        CHECK(show(date_from_text("", paragraphs({text}), kToday)) == "none");
    }
}

TEST_CASE("date_from_text finds nothing in empty input", "[unit][dates]") {
    CHECK(show(date_from_text("", {}, kToday)) == "none");
    CHECK(show(date_from_text("Title only", paragraphs({"", "  "}), kToday)) == "none");
}

TEST_CASE("date_from_text rejects invalid or implausible dates", "[unit][dates]") {
    CHECK(show(date_from_text("", paragraphs({"Signed on July 4, 1776."}), kToday)) == "none");
    CHECK(show(date_from_text("", paragraphs({"Due on February 30, 2024."}), kToday)) == "none");
    CHECK(show(date_from_text("", paragraphs({"Seen on February 29, 2023 and March 2, 2023."}),
                              kToday)) == "2023-03-02");
}

TEST_CASE("date_from_text only looks for dates in the first three paragraphs",
          "[unit][dates]") {
    const auto body = paragraphs({"One.", "Two.", "Three.", "The launch was on March 13, 2024."});
    CHECK(show(date_from_text("", body, kToday)) == "none");
}

TEST_CASE("date_from_filename reads dates in file names and paths", "[unit][dates]") {
    const Case cases[] = {
        {"2024-03-14-story.txt", "2024-03-14"},
        {"2024_03_14.txt", "2024-03-14"},
        {"20240314-x.txt", "2024-03-14"},
        {"news/2024/03/14/x.html", "2024-03-14"},
        {"/archive/2024/3/4/story.html", "2024-03-04"},
        {"/archive/2024/03/14.html", "2024-03-14"},
        {"/archive/2024-03-14/story.txt", "2024-03-14"},
        {"story-2024.03.14.txt", "2024-03-14"},
        {"1790_george_washington_n.txt", "1790-01-01"},
        {"/data/state-of-the-union/2021_joseph_r_biden_d.txt", "2021-01-01"},
        {"C:\\news\\2024-03-14.txt", "2024-03-14"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.input);
        CHECK(show(date_from_filename(c.input)) == c.expected);
    }
}

TEST_CASE("date_from_filename ignores numbers that are not dates", "[unit][dates]") {
    const char* names[] = {
        "",
        "001.txt",
        "49960",
        "9999",
        "reut2-000.sgm",
        "bbc/business/001.txt",
        "20newsgroups/alt.atheism/51060",
        "2023-02-29.txt",      // no such day
        "99999999.txt",
        "report2024.txt",      // glued to a word
        "1650_charter.txt",    // too early to be a plausible file date
        "news/2024/03/x.html", // year and month, no day
        "/data/2024/bbc/001.txt",
    };
    for (const char* name : names) {
        CAPTURE(name);
        CHECK(show(date_from_filename(name)) == "none");
    }
}

TEST_CASE("date_from_text dates both seed reports 2024-03-13", "[integration][dates]") {
    GAZETTE_REQUIRE_SHARED(dir, "seeds");
    for (const char* prefix : {"000_", "002_"}) {
        const auto path = seed_file(dir, prefix);
        CAPTURE(path.string());
        REQUIRE(!path.empty());
        const TextArticle article = read_text_article(path);
        CHECK(show(date_from_text(article.title, article.paragraphs, kToday)) == "2024-03-13");
    }
}

TEST_CASE("date_from_filename dates every State of the Union address by its year",
          "[integration][dates]") {
    GAZETTE_REQUIRE_SHARED(dir, "state-of-the-union");
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        CAPTURE(name);
        CHECK(show(date_from_filename(entry.path().string())) == name.substr(0, 4) + "-01-01");
        ++files;
    }
    CHECK(files == 233);
}

TEST_CASE("date_from_filename finds no date in BBC and 20newsgroups names",
          "[integration][dates]") {
    for (const char* name : {"bbc", "20newsgroups"}) {
        GAZETTE_REQUIRE_SHARED(dir, name);
        int dated = 0;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
            if (entry.is_regular_file() && date_from_filename(entry.path().string())) ++dated;
        }
        CAPTURE(name);
        CHECK(dated == 0);
    }
}

TEST_CASE("parse_date reads every Date: header of 20newsgroups", "[integration][dates]") {
    GAZETTE_REQUIRE_SHARED(dir, "20newsgroups");
    int headers = 0;
    std::vector<std::string> failed;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path());
        std::string line;
        // Only the header block: a "Date:" line in a body may be anything.
        while (std::getline(in, line) && !line.empty() && line != "\r") {
            if (line.rfind("Date:", 0) != 0) continue;
            ++headers;
            if (!parse_date(line.substr(5))) failed.push_back(line);
        }
    }
    INFO(failed.size() << " failed; the first: " << (failed.empty() ? "" : failed.front()));
    CHECK(headers == 19997);
    CHECK(failed.empty());
}

}  // namespace gazette
