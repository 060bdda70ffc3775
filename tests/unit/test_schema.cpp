#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "error.h"
#include "schema.h"
#include "toml_guard.h"

using knipsel::Error;
using knipsel::Exit;
using knipsel::FieldKind;
using knipsel::parse_schema;
using knipsel::parse_synonyms;

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

// `minimal` with `keys` added to its [analysis] table (from line 6 on) and
// `tables` after that table.
std::string with_analysis(const std::string& keys, const std::string& tables = "") {
    const std::string head = "[schema]\nname = \"t\"\nversion = 1\n[analysis]\nstemmer = \"dutch\"\n";
    const std::string text(minimal);
    return head + keys + tables + text.substr(text.find("[[field]]"));
}

// The message of the error parsing `text` gives, with the named files read
// from `files` (empty if it parses).
std::string error_with_files(const std::string& text, const std::map<std::string, std::string>& files) {
    try {
        parse_schema(
            text,
            [&](const std::string& name, const char*) -> std::string {
                auto it = files.find(name);
                return it == files.end() ? "" : it->second;
            },
            "test.toml");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::config);
        return e.what();
    }
    return {};
}

// The message of the error parse_synonyms gives for `text` (empty if none).
std::string synonym_error(const std::string& text) {
    try {
        parse_synonyms(text, "syn.txt");
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
    // The filter fields keep their values for --facets, clear of omindex's slots 1-3.
    CHECK(*s.required("source", FieldKind::boolean).slot == 10);
    CHECK(*s.required("lang", FieldKind::boolean).slot == 11);
    CHECK_FALSE(s.field("title")->slot);
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
        {std::string(minimal) + "[[field]]\nname = \"title\"\nkind = \"text\"\nprefix = \"\"\n",
         "test.toml:16: prefix of field 'title' is empty"},
        {std::string(minimal) + "[[field]]\nname = \"title\"\nkind = \"text\"\nslot = 4\n",
         "test.toml:16: field 'title' cannot have a 'slot' (only date and boolean fields have one)"},
        {std::string(minimal) + "[[field]]\nname = \"date\"\nkind = \"date\"\nslot = 3\n[[field]]\nname = \"lang\"\n"
                                "kind = \"boolean\"\nprefix = \"L\"\nslot = 3\n",
         "test.toml:21: slot 3 of field 'lang' is another field's too"},
        {std::string(minimal) + "[[field]]\nname = \"body\"\nkind = \"text\"\n", "defined twice"},
        {std::string(minimal) + "[[field]]\nname = \"title\"\nkind = \"text\"\nweight = 0\n", "'weight' must be"},
        {std::string(minimal) + "[[field]]\nname = \"title\"\nkind = \"text\"\ncolour = 1\n", "unknown key 'colour'"},
        {"[analysis]\nstemmer = \"dutch\"\n", "missing table [schema]"},
        {std::string(minimal) + "[[field]]\nname = \"title\" # één\nkind = \"text\" é\n",
         "test.toml:15: 'é' outside a quoted string or comment"},
    };
    for (const auto& r : rows) {
        INFO(r.text);
        std::string msg = error_of(r.text);
        INFO("message: " << msg);
        CHECK(msg.find(r.expect) != std::string::npos);
    }
}

TEST_CASE("text for toml++ is made ASCII: toml++ 3.3.0 trips on é, ë, ĳ asking if they are whitespace") {
    auto safe = [](std::string text) {
        auto problem = knipsel::make_toml_safe(text);
        return std::make_pair(text, problem ? std::to_string(problem->line) + ": " + problem->message : "");
    };
    auto ascii = [](const std::string& s) {
        return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    };
    using P = std::pair<std::string, std::string>;
    CHECK(safe("a = \"x\" # ok\n") == P("a = \"x\" # ok\n", ""));
    // Basic strings get escapes, literal strings become basic ones, comments lose them.
    CHECK(safe("a = \"ë\\\"\" # één\n") == P("a = \"\\u00EB\\\"\" # ??n\n", ""));
    CHECK(safe("\"sleutel één\" = 'a\\b\"é'\n") ==
          P("\"sleutel \\u00E9\\u00E9n\" = \"a\\\\b\\\"\\u00E9\"\n", ""));
    CHECK(safe("d = '''\nx'é''''\ne = 'ascii'\n") == P("d = \"\"\"\nx'\\u00E9'\"\"\"\ne = 'ascii'\n", ""));
    CHECK(safe("s = \"\"\"een \\  \n\n   één\"\"\"\n") ==
          P("s = \"\"\"een \\  \n\n   \\u00E9\\u00E9n\"\"\"\n", ""));
    CHECK(safe("s = \"\xF0\x9F\x98\x80\"").first == "s = \"\\U0001F600\"");
    // Even where toml++ reads a quote as part of a bare value, it sees ASCII.
    CHECK(ascii(safe("tags = +12-030+9\"<https://exampleÀ.org>\"\n").first));
    CHECK(ascii(safe("datom =[[[+[['ideeën'\n").first));
    // Outside strings and comments TOML allows none: the line is named.
    CHECK(safe("a = 1\né = 2\n").second == "2: 'é' outside a quoted string or comment");
    CHECK(safe("a = \"\"\"\nx\ny\"\"\" ë\n").second == "3: 'ë' outside a quoted string or comment");
    CHECK(safe("a = 'x' # ok\nb = \"y\" Ж\n").second == "2: 'Ж' outside a quoted string or comment");
    CHECK(safe("a = \"\\é\"\n").second == "1: 'é' after a backslash (no escape)");
    // A one-line string left open ends at its line (toml++ reports that).
    CHECK(safe("a = \"open\né = 1\n").second == "2: 'é' outside a quoted string or comment");
    CHECK(ascii(safe("a = 'open é\n").first));
}

TEST_CASE("a schema's strings may hold any character") {
    std::string text = std::string(minimal);
    text.replace(text.find("name = \"t\""), 10, "name = 'één' # naam: één");
    const auto s = parse_schema(text, [](const std::string&, const char*) { return std::string(); }, "test.toml");
    CHECK(s.name == "één");
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
        CHECK(std::string(e.what()) == "cannot read schema file /nonexistent/knipsel.toml: No such file or directory");
        CHECK(e.code() == Exit::config);
    }
    try {
        knipsel::load_schema_file("/tmp");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()) == "cannot read schema file /tmp: it is a folder, not a file");
    }
}

TEST_CASE("field names, aliases and prefixes a query or the index could not tell apart are refused") {
    const std::string title = std::string(minimal) + "[[field]]\nname = \"title\"\nkind = \"text\"\n";
    const std::string lang = "[[field]]\nname = \"lang\"\nkind = \"boolean\"\nprefix = \"L\"\naliases = [\"taal\"]\n";
    struct Row { std::string text; std::string expect; };
    const Row rows[] = {
        // an alias that is another field's name or alias: the parser takes one for both
        {title + "aliases = [\"titel\", \"taal\"]\nprefix = \"S\"\n" + lang,
         "'taal' of field 'lang' names field 'title' already"},
        {title + "aliases = [\"lang\"]\nprefix = \"S\"\n" + lang, "'lang' of field 'lang' names field 'title'"},
        {title + "aliases = [\"kop_tekst\"]\n", "test.toml:16: alias 'kop_tekst' must be letters a-z"},
        // prefixes: the layout's own, another field's, Omega's form, none on the body
        {title + "prefix = \"L\"\n" + lang, "prefix 'L' of field 'lang' is field 'title''s too"},
        {title + "prefix = \"Z\"\n", "test.toml:16: prefix 'Z' of field 'title' is one the index uses"},
        {title + "prefix = \"XFILE\"\n", "prefix 'XFILE' of field 'title' is one the index uses"},
        {title + "prefix = \"SS\"\n", "must be one capital other than X, or X and more capitals"},
        {title + "prefix = \"X\"\n", "must be one capital other than X, or X and more capitals"},
        {std::string(minimal) + "[[field]]\nname = \"body\"\nkind = \"text\"\nprefix = \"XB\"\n", "defined twice"},
        // misspelt tables and keys are not passed over
        {std::string(minimal) + "[anlaysis.en]\nstemmer = \"english\"\n", "test.toml:13: unknown table 'anlaysis'"},
        {std::string(minimal) + "colour = 1\n", "unknown key 'colour'"},
        {with_analysis("stemmer_x = 1\n"), "unknown key 'stemmer_x' in [analysis]"},
        {with_analysis("", "[analysis.en]\nstemmer = \"englsh\"\n"), "test.toml:7: unknown stemmer 'englsh'"},
    };
    for (const auto& r : rows) {
        INFO(r.text);
        std::string msg = error_of(r.text);
        INFO("message: " << msg);
        CHECK(msg.find(r.expect) != std::string::npos);
    }
    std::string schema_key = std::string(minimal);
    schema_key.insert(schema_key.find("version"), "owner = \"x\"\n");
    CHECK(error_of(schema_key).find("test.toml:3: unknown key 'owner' in [schema]") != std::string::npos);
    // a body with a prefix: its words would be searched where they are not
    std::string body = std::string(minimal);
    body.insert(body.find("[[field]]\nname = \"id\""), "prefix = \"XB\"\n");
    CHECK(error_of(body).find("the body has no prefix") != std::string::npos);
    // an alias in capitals is typed in any case: kept in lower case
    const auto s = parse_schema(title + "aliases = [\"Kop\"]\n",
                                [](const std::string&, const char*) { return std::string(); }, "test.toml");
    CHECK(s.field("title")->aliases == std::vector<std::string>{"kop"});
}

TEST_CASE("the helper schema with another language and the new keys parses") {
    CHECK(error_of(with_analysis("fold = \"case\"\nspelling = false\n",
                                 "[analysis.en]\nstemmer = \"english\"\ndetect = true\n"))
              .empty());
    CHECK(error_with_files(with_analysis("synonyms = \"syn.txt\"\n"), {{"syn.txt", "VS = Verenigde Staten\n"}}).empty());
}

TEST_CASE("malformed analysis settings are errors naming file and line") {
    struct Row { std::string text; std::string expect; };
    const Row rows[] = {
        // [analysis.CODE] must be a lower-case ISO 639 code of another language
        {with_analysis("", "[analysis.english]\nstemmer = \"english\"\n"),
         "test.toml:6: [analysis.english] must name another language by its ISO 639 code"},
        {with_analysis("", "[analysis.EN]\nstemmer = \"english\"\n"), "[analysis.EN] must name another language"},
        {with_analysis("", "[analysis.nl]\nstemmer = \"dutch\"\n"), "[analysis.nl] must name another language"},
        // eng is how articles may tag English, but they are read as en
        {with_analysis("", "[analysis.eng]\nstemmer = \"english\"\n"),
         "test.toml:6: [analysis.eng]: articles tagged eng are read as en: name the table [analysis.en]"},
        {with_analysis("fold = \"ascii\"\n"), "test.toml:6: unknown fold 'ascii' (full or case)"},
        {with_analysis("fold = true\n"), "test.toml:6: 'fold' must be a string"},
        // fold is one for all languages: not a key of [analysis.en]
        {with_analysis("", "[analysis.en]\nstemmer = \"english\"\nfold = \"case\"\n"),
         "test.toml:8: unknown key 'fold' in [analysis.en]"},
        {with_analysis("", "[analysis.en]\ncolour = \"blue\"\n"), "test.toml:7: unknown key 'colour' in [analysis.en]"},
        {with_analysis("", "[analysis.en]\ndetect = \"yes\"\n"), "test.toml:7: 'detect' must be true or false"},
        {with_analysis("detect = true\n"), "test.toml:6: unknown key 'detect' in [analysis]"},
        {with_analysis("spelling = \"yes\"\n"), "test.toml:6: 'spelling' must be true or false"},
        {with_analysis("synonyms = 3\n"), "test.toml:6: 'synonyms' must be a string"},
    };
    for (const auto& r : rows) {
        INFO(r.text);
        std::string msg = error_of(r.text);
        INFO("message: " << msg);
        CHECK(msg.find(r.expect) != std::string::npos);
    }
}

// toml++'s value<bool>() would take an integer: the schema must not.
TEST_CASE("an integer is not a bool for spelling and detect") {
    CHECK(error_of(with_analysis("spelling = 1\n")).find("test.toml:6: 'spelling' must be true or false") == 0);
    CHECK(error_of(with_analysis("", "[analysis.en]\ndetect = 0\n")).find("test.toml:7: 'detect' must be true or false") ==
          0);
}

TEST_CASE("a bad line in the synonym file the schema names is an error naming that file and line") {
    struct Row { std::string synonyms; std::string expect; };
    const Row rows[] = {
        {"VS =\n", "syn.txt:1: empty member in a synonym group"},
        {"# landen\n\nVS = Verenigde Staten\nEU = = Europese Unie\n", "syn.txt:4: empty member in a synonym group"},
        {"VS = Verenigde Staten\nAmerika\n", "syn.txt:2: a synonym group needs two members or more"},
    };
    for (const auto& r : rows) {
        INFO(r.synonyms);
        std::string msg = error_with_files(with_analysis("synonyms = \"syn.txt\"\n"), {{"syn.txt", r.synonyms}});
        INFO("message: " << msg);
        CHECK(msg.rfind(r.expect, 0) == 0);  // the message starts with file:line
    }
}

TEST_CASE("parse_synonyms: one group a line, members trimmed, comments and blank lines skipped") {
    const std::string text =
        "# Countries\n"
        "\n"
        "VS = Verenigde Staten = Amerika   # trailing comment\n"
        "  EU=Europese Unie\r\n"
        "   \t\n"
        "Den Haag = 's-Gravenhage\n";
    const std::vector<std::vector<std::string>> expected = {
        {"VS", "Verenigde Staten", "Amerika"},
        {"EU", "Europese Unie"},
        {"Den Haag", "'s-Gravenhage"},
    };
    CHECK(parse_synonyms(text, "syn.txt") == expected);
    CHECK(parse_synonyms("", "syn.txt").empty());
    CHECK(parse_synonyms("# only a comment\n\n", "syn.txt").empty());
}

TEST_CASE("parse_synonyms: a malformed line is an error naming origin and line number") {
    struct Row { const char* text; const char* expect; };
    const Row rows[] = {
        {"VS =", "syn.txt:1: empty member in a synonym group"},
        {"= VS", "syn.txt:1: empty member in a synonym group"},
        {"VS = = VN", "syn.txt:1: empty member in a synonym group"},
        {"# comment\n\nVS = Verenigde Staten\nVN = \n", "syn.txt:4: empty member in a synonym group"},
        {"VS", "syn.txt:1: a synonym group needs two members or more"},
        {"VS = Verenigde Staten\n\nEU  # only one\n", "syn.txt:3: a synonym group needs two members or more"},
        {"VS = ~Amerikaans\n~Brits = ~en:British\n", "syn.txt:2: a synonym group needs a member not marked '~'"},
    };
    for (const auto& r : rows) {
        INFO(r.text);
        std::string msg = synonym_error(r.text);
        INFO("message: " << msg);
        CHECK(msg.rfind(r.expect, 0) == 0);
    }
}

TEST_CASE("synonym_member: a language tag and the related mark split off") {
    struct Row { const char* written; const char* lang; const char* text; bool related; };
    const Row rows[] = {
        {"Verenigde Staten", "", "Verenigde Staten", false},
        {"en:sanctions", "en", "sanctions", false},
        {"~Amerikaans", "", "Amerikaans", true},
        {"~en:North Korean", "en", "North Korean", true},
        {"Noord-Korea", "", "Noord-Korea", false},
        {"~", "", "~", false},  // no word after the mark: a word of its own
    };
    for (const auto& r : rows) {
        INFO(r.written);
        const knipsel::SynonymMember m = knipsel::synonym_member(r.written);
        CHECK(m.lang == r.lang);
        CHECK(m.text == r.text);
        CHECK(m.related == r.related);
    }
}

TEST_CASE("the shipped synonym file has the VS group, every group with two members or more") {
    knipsel::Schema s = knipsel::load_schema_file(std::string(KNIPSEL_SCHEMA_DIR) + "/knipsel.toml");
    CHECK(s.synonyms_file == "synonyms-nl.txt");
    auto groups = parse_synonyms(s.synonyms_text, s.synonyms_file);
    REQUIRE_FALSE(groups.empty());
    bool vs = false;
    for (const auto& g : groups) {
        CHECK(g.size() >= 2);
        vs = vs || (std::find(g.begin(), g.end(), "VS") != g.end() &&
                    std::find(g.begin(), g.end(), "Verenigde Staten") != g.end());
    }
    CHECK(vs);
}
