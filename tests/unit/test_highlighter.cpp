// The highlighter and the context window (highlighter.hpp): what the text output marks and
// which part of a long passage it shows.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "highlighter.hpp"

using namespace gazette;

namespace {

std::vector<std::string> marked(const std::string& text, const std::vector<Highlight>& highlights) {
    std::vector<std::string> out;
    for (const Highlight& h : highlights) out.push_back(text.substr(h.begin, h.end - h.begin));
    return out;
}

}  // namespace

TEST_CASE("highlights: stems and words as written", "[unit][highlight]") {
    const Xapian::Stem stem("english");
    const std::string text = "Oil prices rose; the price of oil is news.";
    CHECK(marked(text, find_highlights(text, {"oil", "price"}, stem)) ==
          std::vector<std::string>{"Oil", "prices", "price", "oil"});
}

TEST_CASE("highlights: a stopword held only inside a phrase is marked only inside it",
          "[unit][highlight]") {
    const Xapian::Stem stem("english");
    const std::string text = "The Bank of England said that the bank of the town, one of many, "
                             "was sold. Bank of England rates rose.";
    HighlightPhrases phrases;
    phrases.phrases = {{"bank", "of", "england"}};
    phrases.only_inside = {"of"};
    CHECK(marked(text, find_highlights(text, {"bank", "of", "england"}, stem, phrases)) ==
          std::vector<std::string>{"Bank of England", "bank", "Bank of England"});
    // Without phrases (the query had "of" outside one, or as a word of its own), "of" is a word
    // like any other.
    CHECK(marked(text, find_highlights(text, {"of"}, stem)).size() == 4);
}

TEST_CASE("context window: about N characters around the most matches, cut at spaces",
          "[unit][highlight]") {
    const Xapian::Stem stem("english");
    std::string text;
    for (int i = 0; i < 40; ++i) text += "filler words here. ";
    const std::size_t match_at = text.size();
    text += "The harbour strike closed the harbour. ";
    for (int i = 0; i < 40; ++i) text += "more filler text. ";
    const auto highlights = find_highlights(text, {"harbour"}, stem);
    REQUIRE(highlights.size() == 2);
    const TextWindow window = context_window(text, highlights, 100);
    CHECK(window.begin < match_at);
    CHECK(window.end > match_at + 38);  // both matches inside
    CHECK(window.end - window.begin <= 100);
    CHECK(window.end - window.begin >= 60);
    CHECK(text[window.begin - 1] == ' ');  // cut at spaces, no word in part
    CHECK(text[window.end] == ' ');
    // 0, or a passage no longer than asked: the whole passage.
    CHECK(context_window(text, highlights, 0).end == text.size());
    CHECK(context_window("short text", {}, 300).end == 10);
    // No match: the start.
    CHECK(context_window(text, {}, 100).begin == 0);
}

TEST_CASE("context window: counted in characters, never cutting a UTF-8 sequence", "[unit][highlight]") {
    std::string text;
    for (int i = 0; i < 200; ++i) text += "\xc3\xa9";  // é, two bytes each
    const TextWindow window = context_window(text, {{200, 202}}, 50);
    CHECK(window.end - window.begin == 100);  // 50 characters
    CHECK(window.begin % 2 == 0);
}

TEST_CASE("highlights: a dotted acronym is one word, as the index holds it", "[unit][highlight]") {
    const Xapian::Stem stem("english");
    const std::string text = "The U.S. said Rockwell's U.S.A unit and E.F.Hutton, not the U.K., would.";
    CHECK(marked(text, find_highlights(text, {"us"}, stem)) == std::vector<std::string>{"U.S."});
    CHECK(marked(text, find_highlights(text, {"usa", "uk"}, stem)) == std::vector<std::string>{"U.S.A", "U.K."});
    // E.F.Hutton runs into a word, so it is no acronym (Xapian reads e, f, hutton).
    CHECK(marked(text, find_highlights(text, {"ef"}, stem)).empty());
    CHECK(dotted_acronyms("U.S. and I.T. but not A or É.U. or AU.K.") == std::set<std::string>{"it", "us"});
}
