// What the story pass compares articles by: fingerprints of their own text and their leads.
#include <bit>

#include <catch2/catch.hpp>

#include "stopwords.hpp"
#include "story_features.hpp"

using namespace gazette;

namespace {

Article article(const std::string& title, const std::vector<std::string>& paragraphs) {
    Article a;
    a.title = title;
    std::uint32_t line = 3;
    for (const std::string& text : paragraphs) a.paragraphs.push_back({text, line++});
    return a;
}

StoryFeatures features_of(const Article& a) {
    static const std::vector<std::string> stopwords = load_stopwords("en");
    static const auto stopper = make_stopper(stopwords);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("english"));
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
    generator.set_stopper(stopper.get());
    generator.set_stopper_strategy(Xapian::TermGenerator::STOP_ALL);
    return StoryFeatures::of(a, generator);
}

int bits_apart(const StoryFeatures& a, const StoryFeatures& b) {
    return std::popcount(std::stoull(a.fingerprint, nullptr, 16) ^ std::stoull(b.fingerprint, nullptr, 16));
}

const std::string kReport =
    "Dock workers in Rotterdam walked out on Monday over a pay dispute, halting container traffic "
    "at the largest port in Europe, union officials said. The strike is the first at the port in "
    "a decade and shipping lines warned that vessels would be diverted to Antwerp and Hamburg if "
    "the walkout lasted beyond the weekend.";

}  // namespace

TEST_CASE("copies of a text have one fingerprint; a changed word moves it a little", "[stories]") {
    const StoryFeatures a = features_of(article("Rotterdam dockers strike", {kReport}));
    const StoryFeatures copy = features_of(article("Rotterdam dockers strike", {kReport}));
    REQUIRE(a.fingerprint.size() == 16);
    CHECK(a.fingerprint == copy.fingerprint);
    CHECK(a.terms == copy.terms);
    CHECK(a.terms.size() == 4);  // one XN term a band

    std::string edited = kReport;
    edited.replace(edited.find("Monday"), 6, "Sunday");
    const StoryFeatures near = features_of(article("Rotterdam dockers strike", {edited}));
    const StoryFeatures other = features_of(article(
        "Farm prices", {"Wheat farmers on the plains expect a record harvest after spring rain "
                        "improved the soil, and grain traders cut their price forecasts for the "
                        "autumn as silos filled across the region."}));
    CHECK(bits_apart(a, near) <= 8);
    CHECK(bits_apart(a, other) >= 16);
}

TEST_CASE("quoted lines are not an article's own text", "[stories]") {
    const Article reply = article("Re: strike", {"> " + kReport + "\n> quoted again", "I agree with this completely, well said."});
    const std::vector<std::string> own = own_words(reply);
    CHECK(own == std::vector<std::string>{"i", "agree", "with", "this", "completely", "well", "said"});
    // Too short for a SimHash, so an exact-copy key: a reply is no copy of what it quotes.
    const StoryFeatures f = features_of(reply);
    REQUIRE(f.fingerprint.size() == 17);
    CHECK(f.fingerprint[0] == '=');
    REQUIRE(f.terms.size() == 1);
    CHECK(f.terms[0].rfind("XE", 0) == 0);
    const StoryFeatures original = features_of(article("Rotterdam dockers strike", {kReport}));
    CHECK(original.fingerprint != f.fingerprint);
}

TEST_CASE("short texts are copies only when title and words are the same", "[stories]") {
    const StoryFeatures a = features_of(article("Oil up", {"Crude rose two dollars."}));
    const StoryFeatures same = features_of(article("Oil up", {"Crude rose two dollars."}));
    const StoryFeatures retitled = features_of(article("Oil rises", {"Crude rose two dollars."}));
    CHECK(a.terms == same.terms);
    CHECK(a.terms != retitled.terms);
    // A headline alone is known by its headline; too few words, by nothing.
    CHECK(features_of(article("Boeing grounds its 737 MAX fleet", {})).terms.size() == 1);
    CHECK(features_of(article("Brief", {"Yes."})).terms.empty());
}

TEST_CASE("the lead is the stems of title and first words, without stopwords or numbers",
          "[stories]") {
    const StoryFeatures f = features_of(article("Dockers strike in Rotterdam", {kReport}));
    const std::string lead = " " + f.lead + " ";
    CHECK(lead.find(" rotterdam ") != std::string::npos);
    CHECK(lead.find(" docker ") != std::string::npos);   // stemmed
    CHECK(lead.find(" strike ") != std::string::npos);
    CHECK(lead.find(" the ") == std::string::npos);      // a stopword
    CHECK(lead.find(" in ") == std::string::npos);
    // Figures are not stems; the headline's are kept apart, as written (its third part).
    const StoryFeatures numbers = features_of(article("Index falls 2.5 pct to 1,204", {}));
    CHECK(numbers.lead == "fall index pct |  | 2.5 1,204");
}
