// The query field table (schema/query_fields.hpp), the term helpers both sides build terms with
// (schema.hpp), and the query parser that reads the table (searcher/query_builder.cpp).
#include <set>
#include <string>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "date.hpp"
#include "errors.hpp"
#include "query_builder.hpp"
#include "query_fields.hpp"
#include "schema.hpp"

using namespace gazette;

namespace {

/// The terms of `query` as parsed by a builder over an empty database, English stems.
std::set<std::string> terms_of(const std::string& query) {
    const Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    QueryBuilder builder(db, Xapian::Stem("english"));
    const Xapian::Query parsed = builder.parse(query);
    return {parsed.get_unique_terms_begin(), parsed.get_unique_terms_end()};
}

std::string description_of(const std::string& query) {
    const Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    QueryBuilder builder(db, Xapian::Stem("english"));
    return builder.parse(query).get_description();
}

}  // namespace

TEST_CASE("the field table names each field once, with a schema prefix", "[unit][fields]") {
    std::set<std::string_view> names;
    const std::set<std::string_view> prefixes = {
        schema::kPrefixTitle, schema::kPrefixDate, schema::kPrefixYear, schema::kPrefixSource,
        schema::kPrefixOutlet, schema::kPrefixLanguage, schema::kPrefixStory};
    for (const schema::QueryField& field : schema::kQueryFields) {
        CAPTURE(field.name);
        CHECK(names.insert(field.name).second);
        CHECK(prefixes.count(field.prefix) == 1);
        CHECK(schema::find_query_field(field.name) == &field);
    }
    CHECK(names == std::set<std::string_view>{"title", "date", "year", "source", "outlet", "lang", "story"});
    CHECK(schema::find_query_field("author") == nullptr);
    CHECK_FALSE(schema::find_query_field("title")->boolean());
    CHECK(schema::find_query_field("year")->boolean());
    CHECK(schema::find_query_field("date")->range_slot == schema::kSlotDate);
}

TEST_CASE("both sides build a field's terms the same way", "[unit][fields]") {
    CHECK(schema::date_term(Date{2024, 3, 14}) == "D20240314");
    CHECK(schema::month_term(2024, 3) == "M202403");
    CHECK(schema::year_term(2024) == "Y2024");
    CHECK(schema::year_term(999) == "Y0999");
    CHECK(schema::language_term("DE") == "Lde");
    CHECK(schema::source_term("BBC News") == "XSbbc news");
    CHECK(schema::outlet_term("El Universal") == "XOel universal");
    CHECK(schema::id_term("/a/b.txt") == "Q" + schema::article_key("/a/b.txt"));
    CHECK(schema::id_term_of_key(schema::article_key("/a/b.txt")) == schema::id_term("/a/b.txt"));
    CHECK(schema::file_term("/a/b.txt") == "XF" + schema::file_key("/a/b.txt"));
    CHECK(schema::file_record_key("/a/b.txt") == "file:/a/b.txt");
    CHECK(schema::is_body_term("harbour"));
    CHECK_FALSE(schema::is_body_term("Sharbour"));
    CHECK_FALSE(schema::is_body_term(""));
    CHECK(schema::is_free_text_term("Sharbour"));
}

TEST_CASE("the query parser reads each field as the table says", "[unit][fields]") {
    CHECK(terms_of("title:harbours") == std::set<std::string>{"Sharbour"});
    CHECK(terms_of("rain date:2024-03-14") == std::set<std::string>{"rain", "D20240314"});
    CHECK(terms_of("rain date:2024-03") == std::set<std::string>{"rain", "M202403"});
    CHECK(terms_of("rain date:2024") == std::set<std::string>{"rain", "Y2024"});
    CHECK(terms_of("rain year:2024") == std::set<std::string>{"rain", "Y2024"});
    CHECK(terms_of("rain source:BBC") == std::set<std::string>{"rain", "XSbbc"});
    CHECK(terms_of("rain outlet:\"City Courier\"") == std::set<std::string>{"rain", "XOcity courier"});
    CHECK(terms_of("rain lang:DE") == std::set<std::string>{"rain", "Lde"});
    CHECK(description_of("rain date:2024-03..2024-04").find("VALUE_RANGE 0 20240301 20240431") !=
          std::string::npos);
}

TEST_CASE("a date field value that is no day, month or year is a bad query", "[unit][fields]") {
    const Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    QueryBuilder builder(db, Xapian::Stem("english"));
    for (const char* query : {"rain date:2024-13", "rain date:2024--3", "rain date:20-4",
                              "rain date:2024-02-30", "rain date:soon"}) {
        CAPTURE(query);
        CHECK_THROWS_AS(builder.parse(query), QueryError);
    }
    CHECK_THROWS_WITH(builder.parse("rain date:2024-13"),
                      "bad query 'rain date:2024-13': date: takes YYYY-MM-DD, YYYY-MM, YYYY or a "
                      "range FROM..TO, not '2024-13'");
}
