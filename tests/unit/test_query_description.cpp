// The parsed query in readable form (query_description.hpp): what --show-query prints.
#include <string>

#include <catch2/catch.hpp>

#include "query_description.hpp"
#include "schema.hpp"

using namespace gazette;

namespace {

Xapian::Query parse(const std::string& text) {
    Xapian::QueryParser parser;
    parser.set_stemmer(Xapian::Stem("english"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
    parser.add_prefix("title", "S");
    parser.add_boolean_prefix("year", "Y");
    return parser.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PURE_NOT);
}

}  // namespace

TEST_CASE("the parsed query reads as query syntax, with the terms searched", "[unit][query]") {
    CHECK(render_query(parse("cocoa NEAR/3 ports")) == "cocoa NEAR/3 port");
    CHECK(render_query(parse("\"tony blair\" -iraq")) == "\"toni blair\" NOT iraq");
    CHECK(render_query(parse("title:cocoa year:1987")) == "title:cocoa FILTER year:1987");
    // A query of filters alone: the parser's zero weight is not shown.
    CHECK(render_query(parse("year:1987")) == "year:1987");
    CHECK(render_query(parse("NOT cocoa")) == "<all articles> NOT cocoa");
    CHECK(render_query(parse("+cocoa sugar")) == "cocoa AND_MAYBE sugar");
    const Xapian::Query range(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDate, "19870301", "19870331");
    CHECK(render_query(range) == "date:1987-03-01..1987-03-31");
    CHECK(render_query(Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDate, "19870301")) ==
          "date:1987-03-01..");
    CHECK(render_query(Xapian::Query(schema::outlet_term("El Universal"))) == "outlet:\"el universal\"");
    CHECK(render_query(Xapian::Query(schema::month_term(1987, 3))) == "date:1987-03");
}

TEST_CASE("the description names each term's words, the phrases, filters and stopwords",
          "[unit][query]") {
    Xapian::QueryParser parser;
    parser.set_stemmer(Xapian::Stem("english"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
    parser.add_boolean_prefix("year", "Y");
    Xapian::SimpleStopper stopper;
    stopper.add("the");
    parser.set_stopper(&stopper);
    const Xapian::Query query = parser.parse_query("the Elections \"tony blair\" year:2005");
    const ParsedQuery d = describe_query(query, parser, "en");
    CHECK(d.language == "en");
    REQUIRE(d.terms.size() == 3);
    CHECK(d.terms[0].first == "elect");
    CHECK(d.terms[0].second == std::vector<std::string>{"Elections"});  // as typed
    CHECK(d.phrases == std::vector<std::string>{"\"toni blair\""});
    CHECK(d.filters == std::vector<std::string>{"year:2005"});
    CHECK(d.stopwords == std::vector<std::string>{"the"});
    const auto lines = describe_lines({d}, {{"vote", 1.0}, {"poll", 0.5}});
    CHECK(lines.front() == "query (en): (elect OR \"toni blair\") FILTER year:2005");
    CHECK(lines.back() == "  expanded with: vote 1.000, poll 0.500");
}
