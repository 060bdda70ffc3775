#include <catch2/catch.hpp>

#include <string>

#include "error.h"
#include "schema.h"

using knipsel::Error;
using knipsel::Exit;
using knipsel::FieldKind;
using knipsel::parse_schema;

namespace {

const char* const minimal = R"([schema]
name = "t"
version = 1
[analysis]
stemmer = "dutch"
[[field]]
name = "body"
kind = "text"
[[field]]
name = "id"
kind = "id"
prefix = "Q"
)";

// The message of the error parsing `text` gives (empty if it parses).
std::string error_of(const std::string& text) {
    try {
        parse_schema(
            text, [](const std::string& name, const char*) -> std::string { return name == "stop.txt" ? "de\nhet\n" : ""; },
            "test.toml");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::config);
        return e.what();
    }
    return {};
}

}  // namespace

TEST_CASE("the shipped schema loads with its fields, prefixes and stopwords") {
    knipsel::Schema s = knipsel::load_schema_file(std::string(KNIPSEL_SCHEMA_DIR) + "/knipsel.toml");
    CHECK(s.analysis.stemmer == "dutch");
    CHECK(s.required("title", FieldKind::text).prefix == "S");
    CHECK(s.required("id", FieldKind::id).prefix == "Q");
    CHECK(s.required("lang", FieldKind::boolean).prefix == "L");
    CHECK(*s.required("date", FieldKind::date).slot == 0);
    CHECK(s.field("title")->aliases.at(0) == "titel");
    CHECK(s.analysis.stopwords.size() > 100);
    CHECK(s.files.count("stopwords-nl.txt"));
    CHECK(s.spelling);
    CHECK_FALSE(s.synonyms_text.empty());
    REQUIRE(s.analysis.others.size() == 1);
    CHECK(s.analysis.others[0].language == "en");
    CHECK(s.analysis.others[0].stemmer == "english");
    CHECK(s.analysis.others[0].detect);
}

TEST_CASE("a minimal schema parses") {
    CHECK(error_of(minimal).empty());
}

TEST_CASE("malformed schemas are errors naming file and line") {
    struct Row { std::string text; std::string expect; };
    const Row rows[] = {
        {std::string(minimal) + "[[field]\n", "test.toml:13"},
        {std::string(minimal) + "[[field]]\nname = \"title\"\nkind = \"fancy\"\n", "test.toml:15: unknown field kind 'fancy'"},
        {std::string(minimal) + "[[field]]\nname = \"author\"\nkind = \"text\"\n", "test.toml:14: unknown field 'author'"},
        {std::string(minimal) + "[[field]]\nname = \"date\"\nkind = \"date\"\nslot = 100\n", "test.toml:16: 'slot' must be"},
        {std::string(minimal) + "[[field]]\nname = \"lang\"\nkind = \"boolean\"\nprefix = \"l\"\n", "must be upper-case"},
        {std::string(minimal) + "[[field]]\nname = \"body\"\nkind = \"text\"\n", "defined twice"},
        {std::string(minimal) + "[[field]]\nname = \"title\"\nkind = \"text\"\nweight = 0\n", "'weight' must be"},
        {std::string(minimal) + "[[field]]\nname = \"title\"\nkind = \"text\"\ncolour = 1\n", "unknown key 'colour'"},
        {"[analysis]\nstemmer = \"dutch\"\n", "missing table [schema]"},
    };
    for (const auto& r : rows) {
        INFO(r.text);
        std::string msg = error_of(r.text);
        INFO("message: " << msg);
        CHECK(msg.find(r.expect) != std::string::npos);
    }
}

TEST_CASE("a schema without an id field is refused") {
    std::string text = std::string(minimal);
    text = text.substr(0, text.find("[[field]]\nname = \"id\""));
    CHECK(error_of(text).find("'id'") != std::string::npos);
}

TEST_CASE("a missing schema file is a clear error") {
    try {
        knipsel::load_schema_file("/nonexistent/knipsel.toml");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()) == "cannot read schema file /nonexistent/knipsel.toml");
        CHECK(e.code() == Exit::config);
    }
}
