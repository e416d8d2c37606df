// Passage splitting: paragraph-aware, bounded, cutting between sentences.
#include <catch2/catch.hpp>

#include "passages.hpp"

using namespace gazette;

namespace {
std::string sentence(int n) {
    return "Sentence number " + std::to_string(n) + " says something about the budget.";
}
std::string sentences(int from, int count) {
    std::string out;
    for (int i = from; i < from + count; ++i) out += (out.empty() ? "" : " ") + sentence(i);
    return out;
}
}  // namespace

TEST_CASE("short paragraphs are merged up to the target size", "[unit][passages]") {
    const std::vector<Paragraph> paragraphs{{"First short paragraph.", 3},
                                            {"Second short paragraph.", 5},
                                            {"Third short paragraph.", 7}};
    const auto passages = split_passages(paragraphs, {.target_bytes = 45, .max_bytes = 100});
    REQUIRE(passages.size() == 2);
    CHECK(passages[0].text == "First short paragraph.\nSecond short paragraph.");
    CHECK(passages[0].line == 3);
    CHECK(passages[0].index == 0);
    CHECK(passages[1].text == "Third short paragraph.");
    CHECK(passages[1].line == 7);
    CHECK(passages[1].index == 1);
}

TEST_CASE("a paragraph that fits is never cut", "[unit][passages]") {
    const std::string text = sentences(1, 3);
    const auto passages = split_passages({{text, 1}}, {.target_bytes = 50, .max_bytes = 400});
    REQUIRE(passages.size() == 1);
    CHECK(passages[0].text == text);
}

TEST_CASE("long paragraphs are cut between sentences, within the maximum", "[unit][passages]") {
    const std::string text = sentences(1, 20);
    const PassageOptions options{.target_bytes = 200, .max_bytes = 300};
    const auto passages = split_passages({{text, 10}}, options);
    REQUIRE(passages.size() > 1);
    std::string joined;
    for (const Passage& p : passages) {
        CHECK(p.text.size() <= options.max_bytes);
        CHECK(p.text.back() == '.');  // ends on a sentence end
        CHECK(p.line == 10);
        joined += (joined.empty() ? "" : " ") + p.text;
    }
    CHECK(joined == text);  // nothing lost or duplicated
}

TEST_CASE("abbreviations and initials are not sentence ends", "[unit][passages]") {
    const auto ends = detail::sentence_ends("Mr. Smith met U.S. officials. Then he left.");
    REQUIRE(ends.size() == 2);
    CHECK(ends[0] == std::string("Mr. Smith met U.S. officials.").size());
}

TEST_CASE("a sentence longer than the maximum is cut between words", "[unit][passages]") {
    std::string text;
    for (int i = 0; i < 200; ++i) text += "word" + std::to_string(i) + " ";
    const auto passages = split_passages({{text, 1}}, {.target_bytes = 100, .max_bytes = 150});
    REQUIRE(passages.size() > 5);
    for (const Passage& p : passages) {
        CHECK(p.text.size() <= 150);
        CHECK(p.text.front() != ' ');
    }
}

TEST_CASE("CJK text splits at ideographic full stops within bounds", "[unit][passages]") {
    std::string text;
    for (int i = 0; i < 40; ++i) text += "人工智能的发展需要强大的算力。";
    const auto passages = split_passages({{text, 2}}, {.target_bytes = 200, .max_bytes = 300});
    REQUIRE(passages.size() > 1);
    for (const Passage& p : passages) {
        CHECK(p.text.size() <= 300);
        CHECK(p.text.substr(p.text.size() - 3) == "。");
    }
}

TEST_CASE("empty bodies give no passages", "[unit][passages]") {
    CHECK(split_passages({}).empty());
    CHECK(split_passages({{"   ", 1}}).empty());
}
