// parse_query_options(): which arguments are knipsel-query's options and
// which are query words, the usage errors, and a query that is not UTF-8.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "error.h"
#include "options.h"

namespace {

using knipsel::QueryOptions;

// Runs parse_query_options on `args` as knipsel-query's command line (argv[0] added).
bool run_parse(const std::vector<std::string>& args, QueryOptions& out) {
    std::vector<std::string> storage = {"knipsel-query"};
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : storage) argv.push_back(a.data());
    return knipsel::parse_query_options(static_cast<int>(argv.size()), argv.data(), out);
}

QueryOptions parse(const std::vector<std::string>& args) {
    QueryOptions out;
    CHECK(run_parse(args, out));
    return out;
}

// The usage error that parsing `args` gives.
knipsel::Error usage_error(const std::vector<std::string>& args) {
    QueryOptions out;
    try {
        run_parse(args, out);
    } catch (const knipsel::Error& e) {
        CHECK(e.code() == knipsel::Exit::usage);
        return e;
    }
    FAIL_CHECK("no error for " << args.size() << " arguments");
    return knipsel::Error(knipsel::Exit::ok, "");
}

}  // namespace

TEST_CASE("an argument starting with - that is no option is a query word in its place", "[options]") {
    struct Case {
        std::vector<std::string> args;
        std::string query;
    };
    const std::vector<Case> cases = {
        {{"Kim", "-Trump"}, "Kim -Trump"},
        {{"-sancties", "-VS"}, "-sancties -VS"},
        {{"-sancties", "Iran"}, "-sancties Iran"},
        {{"Iran", "-"}, "Iran -"},
        {{"-3", "Iran"}, "-3 Iran"},
        {{"Iran", "-nieuws", "-hamas", "-n5x"}, "Iran -nieuws -hamas -n5x"},  // not -n or -h
        {{"Iran", "--", "-n", "--format", "--"}, "Iran -n --format --"},      // after --: all words
        {{"--", "-korea", "vrede"}, "-korea vrede"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.query);
        CHECK(parse(c.args).query == c.query);
    }
}

TEST_CASE("options with values work anywhere among the words", "[options]") {
    QueryOptions o = parse({"--db", "x.db", "Kim", "-Trump", "-n", "5", "--sort", "-date", "--format=json"});
    CHECK(o.query == "Kim -Trump");
    CHECK(o.db_path == "x.db");
    CHECK(o.count == 5);
    CHECK(o.sort == knipsel::SortOrder::date_descending);
    CHECK(o.format == knipsel::OutputFormat::json);
    o = parse({"Kim", "-n7", "--db=y.db", "--all", "-Trump", "--offset", "20"});
    CHECK(o.query == "Kim -Trump");
    CHECK(o.count == 7);
    CHECK(o.offset == 20);
    CHECK(o.db_path == "y.db");
    CHECK(o.match == knipsel::MatchMode::all);
}

TEST_CASE("usage errors are one line with a hint", "[options]") {
    knipsel::Error e = usage_error({"--fromat", "json", "Iran"});
    CHECK(std::string(e.what()) == "unknown option --fromat");
    CHECK(e.hint() == "did you mean --format? A query word that starts with -- goes after --: "
                      "knipsel-query -- --fromat");
    e = usage_error({"--explian", "Iran"});
    CHECK(e.hint().rfind("did you mean --explain? ", 0) == 0);
    // the start of one option's name: that option (--form is two edits from --sort too)
    e = usage_error({"--form", "json", "Iran"});
    CHECK(e.hint().rfind("did you mean --format? ", 0) == 0);
    e = usage_error({"--conn", "Iran"});
    CHECK(e.hint().rfind("did you mean --connect-timeout? ", 0) == 0);
    e = usage_error({"--zzz=1", "Iran"});
    CHECK(std::string(e.what()) == "unknown option --zzz");
    CHECK(e.hint().rfind("see knipsel-query --help. ", 0) == 0);
    CHECK(std::string(usage_error({"--offset", "-3", "Iran"}).what()) ==
          "--offset: '-3' is not a whole number of 0 or more");
    CHECK(std::string(usage_error({"-n", "99999999999", "Iran"}).what()) ==
          "--count: '99999999999' is too large (at most 10000)");
    // one limit named, whatever the size (not 999999999 here, 10000 there)
    CHECK(std::string(usage_error({"-n", "1000000000", "Iran"}).what()) ==
          "--count: '1000000000' is too large (at most 10000)");
    CHECK(std::string(usage_error({"-n", "999999999", "Iran"}).what()) ==
          "--count: '999999999' is too large (at most 10000)");
    CHECK(std::string(usage_error({"--offset", "1000000000", "Iran"}).what()) ==
          "--offset: '1000000000' is too large (at most 999999999)");
    CHECK(std::string(usage_error({"Iran", "--count"}).what()) == "--count needs a value (N)");
    CHECK(std::string(usage_error({"-n", "5"}).what()) == "no query given");
    CHECK(std::string(usage_error({" "}).what()) == "the query is empty");
    CHECK(std::string(usage_error({"--like", "a.txt", "--like", "b.txt"}).what()) ==
          "--like was given more than once (it takes one value)");
    // an empty id, as --like's is (it said "no article with the id  in DB", exit 1)
    CHECK(std::string(usage_error({"--show", ""}).what()) == "--show was given an empty id");
    CHECK(std::string(usage_error({"--show", "a.txt", ""}).what()) == "--show was given an empty id");
    for (const std::string& message : {std::string(usage_error({"-n", "20000", "x"}).what()),
                                      std::string(usage_error({"--sort", "new", "x"}).what())})
        CHECK(message.find('\n') == std::string::npos);
}

TEST_CASE("a query word that is not UTF-8 is read as windows-1252, with one warning", "[options]") {
    QueryOptions o = parse({"idee\xebn", "\x84" "akkoord\x94", "-Trump"});
    CHECK(o.query == "idee\u00ebn \u201eakkoord\u201d -Trump");
    REQUIRE(o.warnings.size() == 1);
    CHECK(o.warnings[0] == "the query is not UTF-8: read as windows-1252 (Latin-1): idee\u00ebn \u201eakkoord\u201d");
    // Valid UTF-8 stays as it is, without a warning; bytes undefined in
    // windows-1252 and a truncated or overlong sequence are converted.
    o = parse({"idee\u00ebn", "\u201eakkoord\u201d"});
    CHECK(o.query == "idee\u00ebn \u201eakkoord\u201d");
    CHECK(o.warnings.empty());
    CHECK(parse({"a\x81z"}).query == "a z");  // U+0081, a control character: a space
    CHECK(parse({"caf\xc3"}).query == "caf\u00c3");
    CHECK(parse({"\xc0\xaf"}).query == "\u00c0\u00af");
}

TEST_CASE("a no-break, thin or other Unicode space is a space between query words", "[options]") {
    CHECK(parse({"sancties\u00a0Yongbyon\u2009olie\u202fIran\u3000VS\u2028EU"}).query ==
          "sancties Yongbyon olie Iran VS EU");
    CHECK(parse({"\u201egeen\u00a0akkoord\u201d"}).query == "\u201egeen akkoord\u201d");
    // Such spaces alone are no query.
    CHECK(std::string(usage_error({"\u00a0\u2009"}).what()).find("the query is empty") != std::string::npos);
}

TEST_CASE("control characters in a query are spaces between its words", "[options]") {
    // "sancties\x1fYongbyon" was one word, found only with both side by side.
    CHECK(parse({"sancties\x1fYongbyon"}).query == "sancties Yongbyon");
    CHECK(parse({"sancties\x1b[31m"}).query == "sancties [31m");
    CHECK(parse({"Kim\x7fJong-un"}).query == "Kim Jong-un");
}
