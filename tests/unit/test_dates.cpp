//! Tests for indexer/dates: parse_date() on the spellings real headers use, date_from_text() on
//! datelines, lead phrases and what they must pass over, date_from_filename() on archive names,
//! parse_date_sources(); the shared data (seeds, 20newsgroups, State of the Union) is checked
//! when present.
#include "dates.hpp"
#include "errors.hpp"

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

TEST_CASE("parse_time_of_day reads the time a header gives beside its date", "[unit][dates]") {
    const auto time = [](std::string_view text) {
        const auto found = parse_time_of_day(text);
        return found ? found->iso() : std::string("none");
    };
    CHECK(time("2024-03-14T09:30:00Z") == "09:30:00");
    CHECK(time("26-FEB-1987 15:01:01.79") == "15:01:01");
    CHECK(time("Mon, 29 Mar 1993 11:57:19 GMT") == "11:57:19");
    CHECK(time("Tue, 5 Apr 1993 9:05 -0400") == "09:05:00");
    CHECK(time("2020-01-10 00:04:41") == "00:04:41");
    CHECK(time("March 13, 2024") == "none");
    CHECK(time("2024-03-14") == "none");
    // Not times: an hour past 23, a number run into the digits, minutes past 59.
    CHECK(time("1993 25:10") == "none");
    CHECK(time("ref 123:45") == "none");
    CHECK(time("10:75") == "none");
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

TEST_CASE("date_from_text reads a Xinhua dateline, year from the caption's full date",
          "[unit][dates]") {
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

TEST_CASE("date_from_text takes a dateline's year only from a full date of its day before it",
          "[unit][dates]") {
    // A caption of another day, and full dates after the dateline (terms, plans), say nothing
    // about the dateline's year.
    CHECK(show(date_from_text("", paragraphs({"Photo taken on March 10, 2024 shows the venue.",
                                              "BEIJING, March 13 (Xinhua) -- The meeting "
                                              "opened on Wednesday."}),
                              kToday)) == "none");
    CHECK(show(date_from_text("", paragraphs({"WASHINGTON, Feb 26 - Warrants may be used "
                                              "between Feb 26, 1988 and Feb 26, 1992."}),
                              kToday)) == "none");
    CHECK(show(date_from_text("", paragraphs({"CHARLESTON, S.C., April 1 - He retires on "
                                              "April 1, 1988."}),
                              kToday)) == "none");
}

TEST_CASE("date_from_text reads datelines that state their year", "[unit][dates]") {
    const Case cases[] = {
        {"LONDON (Reuters) - March 13, 2024 - Shares rose.", "2024-03-13"},
        {"NEW YORK, March 13, 2024 (AP) -- Stocks fell.", "2024-03-13"},
        {"NEW YORK, March 13, 2024 /PRNewswire/ -- Acme named a chief.", "2024-03-13"},
        // A heading with a date after a dash is no dateline without an agency.
        {"RAPTURE - OCTOBER 28, 1992", "none"},
        // Nor is a dateline that says it is later than the reference day.
        {"NEW YORK, March 13, 2031 (AP) -- Stocks fell.", "none"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.input);
        CHECK(show(date_from_text("", paragraphs({c.input}), kToday)) == c.expected);
    }
}

TEST_CASE("date_from_text gives a dateline the year of the file's context", "[unit][dates]") {
    const Case cases[] = {
        {"WASHINGTON, Feb 26 - The U.S. trade deficit narrowed, officials said.", "1987-02-26"},
        {"WINSTON-SALEM, N.C., Feb 5 - R.J. Reynolds said profits rose.", "1987-02-05"},
        {"PARIS, 13 mars (AFP) \u2014 Le gouvernement a annonc\u00e9 un plan.", "1987-03-13"},
        {"LONDON, Jan 3 - Shares opened higher.", "1988-01-03"},  // the next year, nearer
        {"TOKYO, June 30 - Exports rose.", "none"},                 // too far from the context
    };
    const TextDateContext context{kToday, Date{1987, 2, 20}};
    const TextDateContext december{kToday, Date{1987, 12, 28}};
    for (const Case& c : cases) {
        CAPTURE(c.input);
        const bool january = std::string(c.input).find("Jan 3") != std::string::npos;
        CHECK(show(date_from_text("", paragraphs({c.input}), january ? december : context)) ==
              c.expected);
    }
    // Without context the years a wire story mentions do not date it: they are last year's
    // results, next year's plans, bonds' terms.
    CHECK(show(date_from_text("", paragraphs({"WASHINGTON, Feb 26 - The deficit narrowed in "
                                              "1986 and has shrunk in 1987."}),
                              kToday)) == "none");
}

TEST_CASE("date_from_text gives a dateline's day without its year the one year of the stated "
          "period",
          "[unit][dates]") {
    const DatePeriod year1987 = parse_period("1987");
    const TextDateContext stated{kToday, std::nullopt, year1987};
    const Case cases[] = {
        {"WASHINGTON, Feb 26 - The U.S. trade deficit narrowed, officials said.", "1987-02-26"},
        {"PARIS, 13 mars (AFP) \u2014 Le gouvernement a annonc\u00e9 un plan.", "1987-03-13"},
        // A lead phrase's day may be a coming event's: the period does not date it.
        {"Tickets for the concert on May 29 are for sale.", "none"},
        // A stated year outside the period contradicts it.
        {"NEW YORK, March 3, 1988 (AP) -- Stocks fell.", "none"},
        // A birth date is still about something else.
        {"He was born on March 13 in Ohio.", "none"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.input);
        CHECK(show(date_from_text("", paragraphs({c.input}), stated)) == c.expected);
    }
    // Without the period these days have no year.
    CHECK(show(date_from_text("", paragraphs({cases[0].input}), kToday)) == "none");
    // A period of two years holds every day twice: no year is the one.
    const TextDateContext two_years{kToday, std::nullopt, parse_period("2004..2005")};
    CHECK(show(date_from_text("", paragraphs({"LONDON, Feb 26 - Shares rose."}), two_years)) ==
          "none");
    // Unless only one of its years holds the day.
    const TextDateContext span{kToday, std::nullopt, parse_period("2004-11-01..2005-03-31")};
    CHECK(show(date_from_text("", paragraphs({"LONDON, Feb 26 - Shares rose."}), span)) ==
          "2005-02-26");
    CHECK(show(date_from_text("", paragraphs({"LONDON, Dec 6 - Shares rose."}), span)) ==
          "2004-12-06");
    CHECK(show(date_from_text("", paragraphs({"LONDON, June 6 - Shares rose."}), span)) == "none");
    // The file's context comes first, and what it gives must lie in the period too.
    const TextDateContext context{kToday, Date{1987, 12, 28}, year1987};
    CHECK(show(date_from_text("", paragraphs({"LONDON, Jan 3 - Shares opened higher."}),
                              context)) == "none");  // 1988-01-03 by the context: outside
    // Nothing after the reference day, whatever the period says.
    const TextDateContext future{Date{2025, 6, 30}, std::nullopt, parse_period("2025")};
    CHECK(show(date_from_text("", paragraphs({"LONDON, Dec 6 - Shares rose."}), future)) == "none");
}

TEST_CASE("parse_period reads the periods --period takes", "[unit][dates]") {
    CHECK(parse_period("1987") == DatePeriod{{1987, 1, 1}, {1987, 12, 31}});
    CHECK(parse_period("2004..2005") == DatePeriod{{2004, 1, 1}, {2005, 12, 31}});
    CHECK(parse_period("1987-02-26..1987-10-20") == DatePeriod{{1987, 2, 26}, {1987, 10, 20}});
    CHECK(parse_period("1987..1987-06-30") == DatePeriod{{1987, 1, 1}, {1987, 6, 30}});
    CHECK(parse_period("1987").text() == "1987");
    CHECK(parse_period("2004..2005").text() == "2004..2005");
    CHECK(parse_period("1987-02-26..1987-10-20").text() == "1987-02-26..1987-10-20");
    for (const char* bad : {"", "..", "87", "1987-13-01..1988", "2005..2004", "1987..", "soon"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_period(bad), UsageError);
    }
}

TEST_CASE("date_from_text takes a lead phrase's year from the year the article speaks of as "
          "going on",
          "[unit][dates]") {
    // Shaped like seed 002: "on March 13th" in the lead, and further down 2022 and 2023 as
    // comparisons and 2024 in the present perfect.
    const auto body = paragraphs({
        "According to CCTV, on March 13th, Li Qiang conducted research in Beijing.",
        "Li Qiang first came to the Innovation and Operation Center.",
        "Li Qiang then went to the Yizhuang office area of Baidu Company.",
        "The number of unicorn enterprises has increased to 114, an increase of 6 from "
        "mid-2023 and 12 from the same period in 2022. Several have grown fast in 2024.",
    });
    CHECK(show(date_from_text("Li Qiang conducted research", body, kToday)) == "2024-03-13");
}

TEST_CASE("date_from_text reads lead phrases in their usual shapes", "[unit][dates]") {
    const char* leads[] = {
        "The vote was held on March 13.",
        "The vote was held on 13 March.",
        "The vote was held on the 13th of March.",
        "The vote was held on Wednesday, March 13.",
        "Le vote a eu lieu le 13 mars.",
        "La votaci\u00f3n fue el 13 de marzo.",
        "Die Wahl fand am 13. M\u00e4rz statt.",
    };
    for (const char* lead : leads) {
        CAPTURE(lead);
        const auto body = paragraphs({lead, "Turnout has been low in 2024."});
        CHECK(show(date_from_text("", body, kToday)) == "2024-03-13");
    }
}

TEST_CASE("date_from_text passes over days that are about something else", "[unit][dates]") {
    const char* leads[] = {
        "Arthur Hailey, born in Luton on 5 April, has died.",
        "Survivors gathered on 27 January to mark the anniversary of the liberation.",
        "The ship sank on 13 March, ten years ago.",
        "The festival will be held in Bangkok on 3 February.",
        "Three executives are set to leave early on 28 January.",
        "Services resume beginning on April 1st.",
        "Bids are due on 3 February.",
        "The ban lasts until 13 March.",
        "He said: \"It happened on 13 March.\"",
        "The report (published on 13 March) was ignored.",
        "On Apr 13, jd@example.com wrote that prices rose.",
        "> On 13 March, Ann wrote that prices rose.",
        "The vote was held on Tuesday, March 13.",  // 2024-03-13 was a Wednesday
        "The vote was held on March 13, 2024.",     // a stated year: another year's day
        "Turnout was low. The vote was held on March 13.",  // not the lead sentence
    };
    for (const char* lead : leads) {
        CAPTURE(lead);
        const auto body = paragraphs({lead, "Turnout has been low in 2024."});
        CHECK(show(date_from_text("", body, kToday)) == "none");
    }
}

TEST_CASE("date_from_text gives a lead phrase no year on weak or contradictory evidence",
          "[unit][dates]") {
    const char* years[] = {
        "Turnout was low in 2024.",                      // not said to be going on
        "Turnout has been low in 2023, and was in 2024.",  // a later year, told in the past
        "Turnout has been low in 2024, as it was last year.",
        "Turnout has been low; it will be by 2024.",      // a target
        "Turnout has been low since 2024.",
        "No year at all.",
    };
    for (const char* text : years) {
        CAPTURE(text);
        const auto body = paragraphs({"The vote was held on March 13.", text});
        CHECK(show(date_from_text("", body, kToday)) == "none");
    }
}

TEST_CASE("date_from_text dates nothing after the reference day, whatever the clock says",
          "[unit][dates]") {
    const auto body = paragraphs({"Officials met on March 13.", "Talks have resumed in 2031."});
    CHECK(show(date_from_text("", body, Date{2024, 5, 1})) == "none");
    CHECK(show(date_from_text("", body, Date{2031, 3, 12})) == "none");
    CHECK(show(date_from_text("", body, Date{2031, 3, 13})) == "2031-03-13");
    CHECK(show(date_from_text("", paragraphs({"NEW YORK, March 13, 2031 (AP) -- Up."}),
                              Date{2031, 3, 12})) == "2031-03-13");  // a day ahead: time zones
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

TEST_CASE("date_from_text finds nothing in empty input, nor in the title alone", "[unit][dates]") {
    CHECK(show(date_from_text("", {}, kToday)) == "none");
    CHECK(show(date_from_text("Title only", paragraphs({"", "  "}), kToday)) == "none");
    CHECK(show(date_from_text("Summit of March 13, 2024 ends", paragraphs({"It ended."}),
                              kToday)) == "none");
}

TEST_CASE("date_from_text looks for datelines in the first three paragraphs, lead phrases in "
          "the first two",
          "[unit][dates]") {
    const char* dateline = "NEW YORK, March 13, 2024 (AP) -- Stocks fell.";
    CHECK(show(date_from_text("", paragraphs({"One.", "Two.", dateline}), kToday)) ==
          "2024-03-13");
    CHECK(show(date_from_text("", paragraphs({"One.", "Two.", "Three.", dateline}), kToday)) ==
          "none");
    const char* lead = "Officials met on March 13.";
    const char* year = "Talks have resumed in 2024.";
    CHECK(show(date_from_text("", paragraphs({"One.", lead, year}), kToday)) == "2024-03-13");
    CHECK(show(date_from_text("", paragraphs({"One.", "Two.", lead, year}), kToday)) == "none");
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

TEST_CASE("parse_date_sources reads the list --date-sources takes", "[unit][dates]") {
    using S = DateSource;
    CHECK(parse_date_sources("header,filename,text") ==
          std::vector<S>{S::header, S::filename, S::text});
    CHECK(parse_date_sources("text") == std::vector<S>{S::text});
    CHECK(parse_date_sources("filename, header") == std::vector<S>{S::filename, S::header});
    CHECK(parse_date_sources("none").empty());
    for (const char* bad : {"", ",", "none,text", "text,text", "mtime", "Header"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_date_sources(bad), UsageError);
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
