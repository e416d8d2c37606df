// Schema contract: term construction, dates, languages, stemmers and checked opening.
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <xapian.h>

#include "article_data.hpp"
#include "date.hpp"
#include "errors.hpp"
#include "language.hpp"
#include "schema.hpp"
#include "stemmer.hpp"
#include "stored_article.hpp"

using namespace gazette;
namespace fs = std::filesystem;

namespace {
fs::path temp_path(const std::string& name) {
    const fs::path path = fs::temp_directory_path() / ("gazette-test-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(path);
    return path;
}
}  // namespace

TEST_CASE("terms longer than Xapian's limit are hashed but stay unique", "[unit][schema]") {
    CHECK(schema::make_term("Q", "short/id#1") == "Qshort/id#1");
    const std::string a(400, 'a');
    const std::string b = std::string(399, 'a') + "b";
    const std::string ta = schema::make_term("Q", a);
    const std::string tb = schema::make_term("Q", b);
    CHECK(ta.size() <= 245);
    CHECK(ta != tb);
    CHECK(ta == schema::make_term("Q", a));
}

TEST_CASE("free-text terms are told apart from boolean fields", "[unit][schema]") {
    CHECK(schema::is_free_text_term("intellig"));
    CHECK(schema::is_free_text_term("Scocoa"));
    CHECK(schema::is_free_text_term("1987"));
    CHECK(schema::is_free_text_term("算力"));
    CHECK_FALSE(schema::is_free_text_term("Y2024"));
    CHECK_FALSE(schema::is_free_text_term("XSreuters"));
    CHECK_FALSE(schema::is_free_text_term("D20240314"));
    CHECK_FALSE(schema::is_free_text_term("Len"));
    CHECK_FALSE(schema::is_free_text_term("Q448ec13c61e25f75"));
    CHECK(schema::body_term("Scocoa") == "cocoa");
    CHECK(schema::body_term("cocoa") == "cocoa");
    CHECK(schema::body_term("XSreuters") == "XSreuters");
}

TEST_CASE("dates validate calendar days and round-trip their encodings", "[unit][schema]") {
    CHECK(Date{2024, 2, 29}.valid());
    CHECK_FALSE(Date{2023, 2, 29}.valid());
    CHECK_FALSE(Date{1900, 2, 29}.valid());
    CHECK(Date{2000, 2, 29}.valid());
    CHECK(Date{2024, 3, 14}.iso() == "2024-03-14");
    CHECK(Date{2024, 3, 14}.compact() == "20240314");
    CHECK(Date::from_iso("2024-03-14") == Date{2024, 3, 14});
    CHECK(Date::from_iso("20240314") == Date{2024, 3, 14});
    CHECK_FALSE(Date::from_iso("2024-13-01"));
    CHECK_FALSE(Date::from_iso("2024-3-14"));
    CHECK(to_string(date_source_from_string("text")) == "text");
}

TEST_CASE("times of day validate and round-trip their encodings", "[unit][schema]") {
    CHECK(TimeOfDay{9, 5, 0}.iso() == "09:05:00");
    CHECK(TimeOfDay{23, 59, 59}.compact() == "235959");
    CHECK(TimeOfDay::from_iso("09:05:07") == TimeOfDay{9, 5, 7});
    CHECK(TimeOfDay::from_iso("14:30") == TimeOfDay{14, 30, 0});
    CHECK_FALSE(TimeOfDay::from_iso("24:00"));
    CHECK_FALSE(TimeOfDay::from_iso("12:60:00"));
    CHECK_FALSE(TimeOfDay::from_iso("9:05"));
    CHECK_FALSE(TimeOfDay::from_iso("12-30-00"));
}

TEST_CASE("dates convert to and from day counts and points in time", "[unit][schema]") {
    CHECK(Date{1970, 1, 1}.days_since_epoch() == 0);
    CHECK(Date{1969, 12, 31}.days_since_epoch() == -1);
    CHECK(Date{2024, 3, 1}.days_since_epoch() - Date{2024, 2, 28}.days_since_epoch() == 2);
    CHECK(days_between(Date{2024, 3, 14}, Date{2025, 3, 14}) == 365);
    CHECK(days_between(Date{2025, 3, 14}, Date{2024, 3, 14}) == -365);
    CHECK(Date::from_days(19796.0) == Date{2024, 3, 14});
    CHECK(Date::from_days(19796.9) == Date{2024, 3, 14});  // rounded down
    CHECK(Date::from_days(-0.5) == Date{1969, 12, 31});
    CHECK(Date::from_days(-719162.0) == Date{1, 1, 1});
    CHECK(Date::from_days(2932896.0) == Date{9999, 12, 31});
    CHECK_FALSE(Date::from_days(2932897.0));  // 10000-01-01
    CHECK_FALSE(Date::from_days(-719163.0));
    CHECK_FALSE(Date::from_days(1e18));
    const auto noon = std::chrono::sys_days{std::chrono::days{19796}} + std::chrono::hours{12};
    CHECK(Date::of(noon) == Date{2024, 3, 14});
    CHECK(Date::today().valid());
}

TEST_CASE("languages resolve by code, Snowball name or English name", "[unit][schema]") {
    CHECK(find_language("de")->stemmer == "german");
    CHECK(find_language("German")->code == "de");
    CHECK(find_language("greek")->code == "el");
    CHECK(find_language("zh")->stemmer.empty());
    CHECK_FALSE(find_language("klingon"));
    CHECK(is_cjk_language("ja"));
    CHECK_FALSE(is_cjk_language("en"));
}

TEST_CASE("libstemmer stems languages Xapian's own stemmers lack", "[unit][schema]") {
    CHECK(make_stemmer("english")("computing") == "comput");
    CHECK(make_stemmer("german")("häuser") == make_stemmer("german")("haus"));
    // Greek, Hindi, Serbian and Yiddish come only from libstemmer.
    for (const char* language : {"greek", "hindi", "serbian", "yiddish"}) {
        CAPTURE(language);
        CHECK(make_stemmer(language).get_description() == std::string("Xapian::Stem(snowball:") +
                                                               language + ")");
    }
    CHECK(make_stemmer("el")("υπολογιστές") != "υπολογιστές");
    CHECK_THROWS_AS(make_stemmer("klingon"), UsageError);
    CHECK(make_stemmer("none")("computing") == "computing");
}

TEST_CASE("a stemmer that has seen many words stems each as a fresh one does", "[unit][schema]") {
    // More distinct words than the stemmer remembers, so that words take each other's places,
    // then all of them again: each must come out as a stemmer that never saw another word
    // stems it.
    const std::vector<std::string> parts = {"connect", "nation", "hop", "run", "general",
                                            "happ", "argu", "relat", "cri", "pass", "form",
                                            "organ", "use", "bright", "sens"};
    const std::vector<std::string> suffixes = {"", "s", "ing", "ed", "ation", "ational", "ly",
                                               "iness", "ies", "fulness", "ization", "y"};
    std::vector<std::string> words;
    for (const auto& a : parts) {
        for (const auto& b : parts) {
            for (const auto& c : parts) {
                for (const auto& suffix : suffixes) words.push_back(a + b + c + suffix);
            }
        }
    }
    REQUIRE(words.size() > 2 * (1 << 14));
    Xapian::Stem seasoned = make_stemmer("english");
    for (const std::string& word : words) seasoned(word);
    std::size_t checked = 0;
    for (std::size_t i = 0; i < words.size(); i += 7, ++checked) {
        INFO(words[i]);
        REQUIRE(seasoned(words[i]) == make_stemmer("english")(words[i]));
    }
    CHECK(checked > 1000);
    CHECK(seasoned("relational") == "relat");
    CHECK(seasoned("") == "");
}

TEST_CASE("opening checks that the database is Gazette's and of this version", "[unit][schema]") {
    const fs::path missing = temp_path("missing");
    CHECK_THROWS_WITH(schema::open_for_reading(missing.string()),
                      Catch::Contains("no database here"));

    const fs::path foreign = temp_path("foreign");
    { Xapian::WritableDatabase db(foreign.string(), Xapian::DB_CREATE); db.commit(); }
    CHECK_THROWS_WITH(schema::open_for_reading(foreign.string()),
                      Catch::Contains("not a Gazette database"));
    CHECK_THROWS_WITH(schema::open_for_writing(foreign.string()),
                      Catch::Contains("not a Gazette database"));

    const fs::path ours = temp_path("ours");
    { auto dbs = schema::open_for_writing(ours.string()); }
    CHECK_NOTHROW(schema::open_for_reading(ours.string()));
    {
        Xapian::WritableDatabase db((ours / "shard-0").string());
        db.set_metadata(std::string(schema::kSchemaKey), "999");
        db.commit();
    }
    CHECK_THROWS_WITH(schema::open_for_reading(ours.string()),
                      Catch::Contains("schema version 999"));

    // Schema 1 kept articles/ and passages/ databases: named, not mistaken for a foreign folder.
    const fs::path old = temp_path("schema-1");
    fs::create_directories(old);
    {
        Xapian::WritableDatabase db((old / "articles").string(), Xapian::DB_CREATE);
        db.set_metadata(std::string(schema::kSchemaKey), "1");
        db.commit();
    }
    CHECK_THROWS_WITH(schema::open_for_reading(old.string()), Catch::Contains("schema version 1"));
    CHECK_THROWS_WITH(schema::open_for_writing(old.string()), Catch::Contains("re-index"));
    fs::remove_all(foreign);
    fs::remove_all(ours);
    fs::remove_all(old);
}

TEST_CASE("a database grows to the shards asked for and keeps them", "[unit][schema]") {
    const fs::path path = temp_path("shards");
    CHECK(schema::open_for_writing(path.string(), {3, {}}).shards.size() == 3);
    CHECK(schema::shard_paths(path.string()).size() == 3);
    CHECK(schema::open_for_writing(path.string(), {1, {}}).shards.size() == 3);
    CHECK(schema::open_for_reading(path.string()).shards.size() == 3);
    fs::remove_all(path);
}

TEST_CASE("a second writer is refused with a clear message", "[unit][schema]") {
    const fs::path path = temp_path("locked");
    auto first = schema::open_for_writing(path.string());
    CHECK_THROWS_WITH(schema::open_for_writing(path.string()), Catch::Contains("locked"));
    fs::remove_all(path);
}

TEST_CASE("passage ranges round-trip through their value encoding", "[unit][schema]") {
    using schema::PassageRange;
    const std::vector<PassageRange> ranges = {
        {102, 140}, {241, 241}, {342, 341} /* no words */, {443, 100000}, {100101, 4000000000u}};
    const std::string encoded = schema::encode_passage_ranges(ranges);
    CHECK(schema::decode_passage_ranges(encoded) == ranges);
    CHECK(schema::decode_passage_ranges("") == std::vector<PassageRange>{});
    // A number cut short is not a list of ranges.
    CHECK_FALSE(schema::decode_passage_ranges(encoded.substr(0, encoded.size() - 1)).has_value());
    CHECK_FALSE(schema::decode_passage_ranges(std::string("\x80", 1)).has_value());
}

TEST_CASE("token positions round-trip through their value", "[unit][schema]") {
    using schema::Token;
    // Two runs of consecutive positions, a gap, two terms at one position, ranks past 255.
    const std::vector<Token> tokens = {{1, 4}, {2, 0}, {3, 300}, {105, 7}, {105, 9}, {106, 2},
                                       {4000000000u, 1}};
    std::vector<Token> shuffled = {tokens[5], tokens[0], tokens[6], tokens[3], tokens[1],
                                   tokens[4], tokens[2]};
    const std::string encoded = schema::encode_tokens(shuffled);
    CHECK(schema::decode_tokens(encoded) == tokens);
    CHECK(schema::decode_tokens(schema::encode_tokens({})) == std::vector<Token>{});
    // Nine bits a rank: seven tokens and six runs take well under Xapian's 17 bytes a term.
    CHECK(encoded.size() < 30);
    const auto positions = schema::positions_of(encoded, {2, schema::kNoRank, 7, 300});
    REQUIRE(positions.has_value());
    CHECK(*positions == std::vector<std::vector<Xapian::termpos>>{{106}, {}, {105}, {3}});
    // The same rank asked twice gets its positions twice.
    CHECK(schema::positions_of(encoded, {7, 7}) ==
          std::vector<std::vector<Xapian::termpos>>{{105}, {105}});
    // Dense positions, as an article's are, with several terms at some positions given in
    // falling rank: they come back by position, then rank.
    std::vector<Token> dense;
    for (Xapian::termpos p = 1; p <= 60; ++p) {
        dense.push_back({p, (p * 7) % 13});
        if (p % 10 == 0) dense.push_back({p, 20 + p});
    }
    const std::vector<Token> reversed(dense.rbegin(), dense.rend());
    CHECK(schema::decode_tokens(schema::encode_tokens(reversed)) == dense);
    // Cut short or padded, it is not a list of tokens.
    CHECK_FALSE(schema::decode_tokens(encoded.substr(0, encoded.size() - 1)).has_value());
    CHECK_FALSE(schema::decode_tokens(encoded + "x").has_value());
    CHECK_FALSE(schema::decode_tokens("").has_value());
    CHECK_FALSE(schema::positions_of("\x05", {1}).has_value());
}

TEST_CASE("an article's positions move from its terms to its token value and term table", "[unit][schema]") {
    Xapian::TermGenerator generator;
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text("the harbour cranes moved the cargo");
    doc.add_boolean_term("Qkey");
    generator.index_text("\xc3\xa9t\xc3\xa9 zebra");  // bytes above 0x7f sort after ASCII
    const Xapian::termcount length = doc.termlist_count();
    schema::move_positions_to_slot(doc);
    CHECK(doc.termlist_count() == length);
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        CHECK(it.positionlist_count() == 0);
        CHECK(it.get_wdf() == (*it == "the" ? 2u : *it == "Qkey" ? 0u : 1u));
    }
    const std::vector<std::string> asked = {"the", "cargo", "Qkey", "ship", "zebra", "\xc3\xa9t\xc3\xa9"};
    const std::vector<std::vector<Xapian::termpos>> expected = {{1, 5}, {6}, {}, {}, {8}, {7}};
    CHECK(schema::positions_in(doc, asked) == expected);

    // The table holds exactly the positioned terms with their ranks in the term list.
    const auto ranks = schema::ranks_in_table(doc.get_value(schema::kSlotTermTable), asked);
    REQUIRE(ranks);
    const auto listed = schema::term_ranks(doc.termlist_begin(), doc.termlist_end(), asked);
    CHECK((*ranks)[0] == listed[0]);
    CHECK((*ranks)[1] == listed[1]);
    CHECK((*ranks)[2] == schema::kNoRank);  // a boolean term has no position
    CHECK((*ranks)[3] == schema::kNoRank);  // not in the article
    CHECK((*ranks)[4] == listed[4]);
    CHECK((*ranks)[5] == listed[5]);
    CHECK_FALSE(schema::ranks_in_table("\x05\x09", asked));  // cut short

    // The same positions from the term list alone (a document written before kSlotTermTable).
    doc.remove_value(schema::kSlotTermTable);
    CHECK(schema::positions_in(doc, asked) == expected);
}

TEST_CASE("article data is compressed with a dictionary trained on the first articles",
          "[unit][schema]") {
    auto article = [](std::size_t i) {
        return fmt::format("{{\"id\":\"wire/{0}.txt\",\"title\":\"Harbour report {0}\","
                           "\"passages\":[{{\"text\":\"The harbour cranes moved {1} containers "
                           "in the rain while the {2} ships waited offshore.\",\"line\":{0}}}]}}",
                           i, i * 7, i % 13);
    };
    schema::DataCompressor compressor;
    for (std::size_t i = 0; i + 1 < schema::DataCompressor::kSamples; ++i) {
        CHECK(compressor.encode(article(i)) == article(i));  // plain until trained
    }
    CHECK(compressor.dictionary().empty());
    CHECK(compressor.encode(article(5000)) != article(5000));  // the last sample trains it
    const std::string dictionary = compressor.dictionary();
    REQUIRE_FALSE(dictionary.empty());
    const std::string stored = compressor.encode(article(7001));
    CHECK(stored.front() != '{');
    CHECK(stored.size() * 2 < article(7001).size());

    // A reader needs the database's dictionary; plain data reads as it is.
    const fs::path folder = fs::temp_directory_path() / "gazette-test-dictionary";
    fs::remove_all(folder);
    {
        Xapian::WritableDatabase db(folder.string(), Xapian::DB_CREATE_OR_OPEN);
        db.set_metadata(std::string(schema::kDictionaryKey), dictionary);
        db.commit();
    }
    const schema::DataReader reader({Xapian::Database(folder.string())});
    CHECK(reader.decode(stored) == article(7001));
    CHECK(reader.decode(article(3)) == article(3));
    CHECK_FALSE(reader.decode(stored.substr(0, stored.size() / 2)).has_value());
    const schema::DataReader without({});
    CHECK_FALSE(without.decode(stored).has_value());
    // A compressor given the dictionary (a later run) uses it from the start.
    schema::DataCompressor again(dictionary);
    CHECK(reader.decode(again.encode(article(9))) == article(9));
    CHECK(again.encode(article(9)).front() != '{');
    fs::remove_all(folder);
}

TEST_CASE("an article's stored data keeps its keys and types, and reads back", "[unit][schema]") {
    schema::StoredArticle article;
    article.id = "/news/wire.jsonl#17";
    article.docno = "17";
    article.title = "Harbour reopens";
    article.date = "2024-03-14";
    article.date_source = "header";
    article.path = "/news/wire.jsonl";
    article.line = 17;
    article.language = "en";
    article.collection = "news";
    article.passages = {{"The harbour reopened.", 18}, {"Ships queued.", 19}};
    const std::string json = schema::encode_stored_article(article);
    // The stored format itself: databases written before must keep reading.
    CHECK(json ==
          R"({"collection":"news","date":"2024-03-14","date_source":"header","docno":"17",)"
          R"("id":"/news/wire.jsonl#17","lang":"en","line":17,"passages":[{"line":18,"text":)"
          R"("The harbour reopened."},{"line":19,"text":"Ships queued."}],"path":)"
          R"("/news/wire.jsonl","title":"Harbour reopens"})");
    const schema::StoredArticle back = schema::decode_stored_article(json);
    CHECK(back.id == article.id);
    CHECK(back.docno == article.docno);
    CHECK(back.title == article.title);
    CHECK(back.date == article.date);
    CHECK(back.date_source == article.date_source);
    CHECK(back.path == article.path);
    CHECK(back.line == article.line);
    CHECK(back.language == article.language);
    CHECK(back.collection == article.collection);
    REQUIRE(back.passages.size() == 2);
    CHECK(back.passages[1].text == "Ships queued.");
    CHECK(back.passages[1].line == 19);
    CHECK(back.time.empty());
    CHECK(back.outlets.empty());
}

TEST_CASE("an article's outlets and time of day are stored only when the source gives them",
          "[unit][schema]") {
    schema::StoredArticle article;
    article.title = "Groups";
    article.time = "15:01:01";
    article.outlets = {"rec.gardening", "rec.food.preserving"};
    const std::string json = schema::encode_stored_article(article);
    CHECK(json.find(R"("outlets":["rec.gardening","rec.food.preserving"])") != std::string::npos);
    CHECK(json.find(R"("time":"15:01:01")") != std::string::npos);
    const schema::StoredArticle back = schema::decode_stored_article(json);
    CHECK(back.outlets == article.outlets);
    CHECK(back.time == "15:01:01");
    // Entries that are not names are skipped; a list that is not one reads as none.
    CHECK(schema::decode_stored_article(R"({"outlets":["Wire",7,null,"Post"]})").outlets ==
          std::vector<std::string>{"Wire", "Post"});
    CHECK(schema::decode_stored_article(R"({"outlets":"Wire"})").outlets.empty());
}

TEST_CASE("stored data with missing, mistyped or broken keys reads as defaults", "[unit][schema]") {
    const schema::StoredArticle partial =
        schema::decode_stored_article(R"({"title":"T","line":"seven","passages":[{"text":5},7]})");
    CHECK(partial.title == "T");
    CHECK(partial.line == 0);
    CHECK(partial.date_source == "none");
    REQUIRE(partial.passages.size() == 2);
    CHECK(partial.passages[0].text.empty());
    const schema::StoredArticle broken = schema::decode_stored_article("{\"title\":");
    CHECK(broken.title.empty());
    CHECK(broken.date_source == "none");
    CHECK(broken.passages.empty());
    // Invalid UTF-8 (a file name's bytes) is never an error, and reads back exactly: the JSON
    // string has U+FFFD in its place, the "_bytes" key the bytes.
    schema::StoredArticle bad;
    bad.title = "caf\xE9";
    bad.path = "/in/new\nline\xFF.txt";
    const std::string encoded = schema::encode_stored_article(bad);
    CHECK(encoded.find(R"("path_bytes":"/in/new\nline%FF.txt")") != std::string::npos);
    CHECK(encoded.find(R"("id_bytes")") == std::string::npos);
    CHECK(schema::decode_stored_article(encoded).title == "caf\xE9");
    CHECK(schema::decode_stored_article(encoded).path == bad.path);
    // Data written before the "_bytes" keys reads as it was stored.
    CHECK(schema::decode_stored_article(R"({"title":"caf\ufffd"})").title == "caf\xEF\xBF\xBD");
}
