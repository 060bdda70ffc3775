// Regression tests for the .txt and .md parsers and the dates they read, one
// case for each fault a tester found (the files under the tester's cases/).
#include <catch2/catch.hpp>

#include <string>

#include "date.h"
#include "parse_internal.h"
#include "parsers.h"

using knipsel::Article;
using knipsel::Format;
using knipsel::parse_file;
using knipsel::ParseResult;

namespace {

// The one article a single-article file gives, with no errors.
Article only_article(const ParseResult& r) {
    REQUIRE(r.errors.empty());
    REQUIRE(r.articles.size() == 1);
    return r.articles[0];
}

}  // namespace

// ---- TOML's own date-times ------------------------------------------------------------

TEST_CASE("a TOML date-time in UTC is the day it was in the Netherlands, as a quoted one is") {
    // It was the day written: 23:30 UTC on the 12th was the 12th, where
    // YAML and a quoted TOML string gave the 13th.
    struct Row {
        const char* value;
        const char* date;
    };
    const Row rows[] = {{"2019-03-12T23:30:00Z", "2019-03-13"},      {"2019-03-12T23:30:00+00:00", "2019-03-13"},
                        {"2019-03-12 23:30:00Z", "2019-03-13"},      {"2019-03-12T22:30:00Z", "2019-03-12"},
                        {"2019-03-12T23:30:00", "2019-03-12"},       {"2019-03-12T23:30:00-05:00", "2019-03-12"},
                        {"2019-03-12T00:30:00+02:00", "2019-03-12"}, {"2019-07-12T22:30:00Z", "2019-07-13"}};
    for (const auto& row : rows) {
        for (const std::string& md : {"+++\ntitle = \"Datumtest\"\ndate = " + std::string(row.value) + "\n+++\nTekst.",
                                      "+++\ntitle = \"Datumtest\"\ndate = \"" + std::string(row.value) +
                                          "\"\n+++\nTekst."}) {
            INFO(md);
            const auto m = parse_file(Format::md, md, "d.md");
            CHECK(m.warnings.empty());
            CHECK(only_article(m).date == row.date);
        }
    }
}

// ---- Unix times and values that are no date ------------------------------------------

TEST_CASE("a .txt 'date:' of 10 or 13 digits is a Unix time, the day it was in the Netherlands") {
    // 1551706500 is 2019-03-04 13:35 UTC; 1552345200 is 23:00 UTC on
    // 11 March 2019, already the 12th in the Netherlands.
    struct Row {
        const char* value;
        const char* date;
    };
    const Row rows[] = {{"1551706500", "2019-03-04"}, {"1551706500000", "2019-03-04"}, {"1552345200", "2019-03-12"}};
    for (const auto& row : rows) {
        INFO(row.value);
        const auto r =
            parse_file(Format::txt, "title: Datumtest\ndate: " + std::string(row.value) + "\n\nTekst.", "d.txt");
        const Article a = only_article(r);
        CHECK(r.warnings.empty());
        CHECK(a.date == row.date);
        CHECK(a.body == "Tekst.");
        // The same value in Markdown front matter, YAML's and TOML's.
        for (const std::string& md :
             {"---\ntitle: Datumtest\ndate: " + std::string(row.value) + "\n---\nTekst.",
              "---\ntitle: Datumtest\ndate: '" + std::string(row.value) + "'\n---\nTekst.",
              "+++\ntitle = \"Datumtest\"\ndate = " + std::string(row.value) + "\n+++\nTekst.",
              "+++\ntitle = \"Datumtest\"\ndate = \"" + std::string(row.value) + "\"\n+++\nTekst."}) {
            INFO(md);
            const auto m = parse_file(Format::md, md, "d.md");
            CHECK(m.warnings.empty());
            CHECK(only_article(m).date == row.date);
        }
    }
    // Without the colon, as the seed article's header writes a date, the body may follow it.
    const Article b = only_article(parse_file(Format::txt, "date 1551706500 De tweede top.\nMeer.", "b.txt"));
    CHECK(b.date == "2019-03-04");
    CHECK(b.body == "De tweede top.\nMeer.");
}

TEST_CASE("a .txt 'date:' value that is no date is a warning on its line; none of it goes into the body") {
    // Before, the first four digits were the year and the rest the body's first word.
    for (const char* value : {"2019031214x", "19999", "201903", "20190312 en verder", "12345678901"}) {
        INFO(value);
        const auto r = parse_file(Format::txt, "title: Getal\ndate: " + std::string(value) + "\n\nTekst.", "d.txt");
        const Article a = only_article(r);
        CHECK(a.date.empty());
        CHECK(a.title == "Getal");
        CHECK(a.body == "Tekst.");
        REQUIRE(r.warnings.size() == 1);
        CHECK(r.warnings[0].line == 2);
        CHECK(r.warnings[0].message == "invalid date '" + std::string(value) + "', ignored");
    }
    // Without the colon, digits that run on past a date are no date either.
    const auto r = parse_file(Format::txt, "title Getal\ndate 201903\n\nTekst.", "d.txt");
    const Article a = only_article(r);
    CHECK(a.date.empty());
    CHECK(a.body == "Tekst.");
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].message == "invalid date '201903', ignored");
}

TEST_CASE("epoch_day reads seconds and milliseconds as the calendar day in the Netherlands") {
    using knipsel::detail::epoch_day;
    CHECK(epoch_day(1551706500) == "2019-03-04");
    CHECK(epoch_day(1551706500000.0) == "2019-03-04");
    CHECK(epoch_day(1552345200) == "2019-03-12");
    CHECK(epoch_day(1e300).empty());
}

// ---- HTML's character references in front matter ----------------------------------

TEST_CASE("HTML character references in .md front matter's title and source are the characters") {
    // What WordPress-to-Jekyll/Hugo exporters write; the words "038" and "8216" were indexed.
    const std::string yaml = "---\ntitle: \"Kim &#038; Trump: &#8216;geen akkoord&#8217; in Hanoi&#8230;\"\n"
                             "source: NRC &amp; Handelsblad\ndate: 2019-02-28\n---\nTekst.";
    const auto r = parse_file(Format::md, yaml, "wp.md");
    const Article a = only_article(r);
    CHECK(r.warnings.empty());
    CHECK(a.title == "Kim & Trump: ‘geen akkoord’ in Hanoi…");
    CHECK(a.source == "NRC & Handelsblad");
    // TOML's front matter, and YAML's read line by line, the same.
    for (const char* md : {"+++\ntitle = \"Caf&eacute; &amp; bar\"\n+++\nTekst.",
                           "---\ntitle: \"Caf&eacute; &amp; bar\n---\nTekst."}) {
        INFO(md);
        CHECK(only_article(parse_file(Format::md, md, "m.md")).title == "Café & bar");
    }
    // An ampersand that starts no reference stays, as in the body.
    CHECK(only_article(parse_file(Format::md, "---\ntitle: AT&T & KPN; &foo;\n---\nT.", "m.md")).title ==
          "AT&T & KPN; &foo;");
}

// ---- the .txt header ------------------------------------------------------------------

TEST_CASE("blank lines before a .txt header leave it a header") {
    for (const char* top : {"\n\n", " \n\t\n", "\n"}) {
        INFO(top);
        const std::string text = std::string(top) + "title: Kabinet valt\ndate: 2019-03-12\n\nHet kabinet is gevallen.";
        const auto r = parse_file(Format::txt, text, "a.txt");
        const Article a = only_article(r);
        CHECK(r.warnings.empty());
        CHECK(a.title == "Kabinet valt");
        CHECK(a.date == "2019-03-12");
        CHECK(a.body == "Het kabinet is gevallen.");
    }
    // A warning names the line in the file, blank lines counted.
    const auto r = parse_file(Format::txt, "\n\ntitle Kop\ndate 2019-13-45\n\nTekst.", "a.txt");
    CHECK(only_article(r).body == "Tekst.");
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].line == 4);
    // Without a header, the text is the body as before.
    CHECK(only_article(parse_file(Format::txt, "\n\nHet kabinet is gevallen.\n", "b.txt")).body ==
          "Het kabinet is gevallen.");
}

// ---- front matter that is not valid YAML ------------------------------------------------

TEST_CASE("invalid YAML front matter: a tab-indented key is read, a stray indented line is warned about") {
    SECTION("a key indented with a tab, which YAML forbids, is that key") {
        const auto r =
            parse_file(Format::md, "---\ntitle: Gewone kop\n\tdate: 2019-03-12\nlang: nl\n---\n\nTekst.", "m.md");
        const Article a = only_article(r);
        CHECK(a.title == "Gewone kop");
        CHECK(a.date == "2019-03-12");
        CHECK(a.lang == "nl");
        REQUIRE(r.warnings.size() == 1);
        CHECK(r.warnings[0].line == 3);
        CHECK(r.warnings[0].message ==
              "front matter line is indented with a tab, which YAML does not allow; read as key 'date'");
    }
    SECTION("an indented line under a key that has its value is not read, and says so") {
        const auto r = parse_file(Format::md,
                                  "---\ntitle: Kop met: dubbele punt en \"quotes\ndate: 28 februari 2019\n"
                                  "bron: NRC Handelsblad\n  - verkeerd ingesprongen\nlang: nl\n---\n\nDe tekst.",
                                  "m.md");
        const Article a = only_article(r);
        CHECK(a.title == "Kop met: dubbele punt en \"quotes");
        CHECK(a.date == "2019-02-28");
        CHECK(a.source == "NRC Handelsblad");
        CHECK(a.lang == "nl");
        REQUIRE(r.warnings.size() == 1);
        CHECK(r.warnings[0].line == 5);
        CHECK(r.warnings[0].message == "front matter line is not 'key: value', ignored");
    }
    SECTION("the lines of a list or a folded value under its key are its own, without a warning") {
        const auto r = parse_file(Format::md,
                                  "---\ntitle: Kop: x\ntags:\n  - a\n- b\n  # opmerking\ncategories:\n\t- c\n"
                                  "auteurs:\n\tnaam: Jan\nsamenvatting: >-\n  Lang verhaal\n  in regels\n"
                                  "date: 2019-03-12\n---\nT.",
                                  "m.md");
        const Article a = only_article(r);
        CHECK(a.title == "Kop: x");
        CHECK(a.date == "2019-03-12");
        CHECK(r.warnings.empty());
    }
}

// ---- static-site generators' names for the date ------------------------------------

TEST_CASE("front matter without date or datum is dated by pubDate, publishDate, published and the like") {
    struct Row {
        const char* md;
        const char* date;
    };
    const Row rows[] = {
        {"---\ntitle: Astro post\npubDate: 2019-03-12\ndescription: Kort\n---\nTekst.", "2019-03-12"},
        {"+++\ntitle = \"Hugo post\"\npublishDate = 2019-03-12\n+++\nTekst.", "2019-03-12"},
        {"+++\ntitle = \"Hugo post\"\npublishdate = \"2019-03-12\"\n+++\nTekst.", "2019-03-12"},
        {"---\ntitle: Kop\npublished: 12 maart 2019\n---\nTekst.", "2019-03-12"},
        {"---\ntitle: Kop\ndate_published: 2019-03-12T10:00:00+01:00\n---\nTekst.", "2019-03-12"},
        {"---\ntitle: Kop\ndatePublished: 1552381200\n---\nTekst.", "2019-03-12"},
        // Read line by line too (a value with its quote unclosed sends it there).
        {"---\ntitle: \"Kop\npubDate: 2019-03-12\n---\nTekst.", "2019-03-12"},
        // date or datum first, wherever it stands; then the names in the order above.
        {"---\npubDate: 2018-01-01\ndatum: 2019-03-12\n---\nTekst.", "2019-03-12"},
        {"---\npublished: 2018-01-01\npubDate: 2019-03-12\n---\nTekst.", "2019-03-12"},
        {"+++\npublishDate = 2018-01-01\ndate = 2019-03-12\n+++\nTekst.", "2019-03-12"},
        // Jekyll's published: false marks a draft; it is no date, and no warning.
        {"---\ntitle: Kop\npublished: false\n---\nTekst.", ""},
        {"+++\ntitle = \"Kop\"\npublished = true\n+++\nTekst.", ""},
    };
    for (const auto& row : rows) {
        INFO(row.md);
        const auto r = parse_file(Format::md, row.md, "m.md");
        CHECK(only_article(r).date == row.date);
        CHECK(r.warnings.size() == (std::string(row.md).find("\"Kop\n") != std::string::npos ? 1u : 0u));
    }
    // A value that is no date is a warning on its line, as under date.
    const auto r = parse_file(Format::md, "---\ntitle: Kop\npubDate: 31 februari 2019\n---\nTekst.", "m.md");
    CHECK(only_article(r).date.empty());
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].line == 3);
    CHECK(r.warnings[0].message == "invalid date '31 februari 2019', ignored");
    // date with a value that is none: the other names do not stand in for it.
    const auto d = parse_file(Format::md, "---\ndate: 2019-13-45\npubDate: 2019-03-12\n---\nTekst.", "m.md");
    CHECK(only_article(d).date.empty());
    CHECK(d.warnings.size() == 1);
}

// ---- year-first dates with an unpadded month and day ------------------------------------

TEST_CASE("a year-first date with '/' or '-' may write its month and day with one digit") {
    // "3/4/2019", "4-3-2019" and "2019/03/12" were read, "2019/3/4" and
    // "2019-3-4" were not (a warning, and the article undated).
    const std::pair<const char*, const char*> rows[] = {
        {"2019/3/4", "2019-03-04"},  {"2019/03/4", "2019-03-04"},        {"2019/3/04", "2019-03-04"},
        {"2019/12/31", "2019-12-31"}, {"2020/2/29", "2020-02-29"},        {"2019/3/4 10:00", "2019-03-04"},
        {"2019/3/4T10:00", "2019-03-04"}, {"2019/03", "2019-03"},          {"2019-3-4", "2019-03-04"},
        {"2019-03-4", "2019-03-04"},  {"2019-3-04 10:00", "2019-03-04"}, {"2019-12-1", "2019-12-01"},
    };
    for (const auto& [in, out] : rows) {
        INFO(in);
        CHECK(knipsel::normalise_date(in) == std::optional<std::string>(out));
    }
    // Checked against the calendar as before; a month alone keeps its two
    // digits ("2019/3" may be an issue's number, "2019-3" a report's), and
    // the separators are not mixed.
    for (const char* bad : {"2019/2/30", "2019/13/1", "2019/0/5", "2019/3/0", "2019/3", "2019/3/", "2019/3-4",
                            "2019/3/4x", "2019/123/4", "2019-3", "2019-2-30", "2019-3/4", "2019-0-5", "2019-3-"}) {
        INFO(bad);
        CHECK_FALSE(knipsel::normalise_date(bad));
    }
    const auto r = parse_file(Format::txt, "title: Datumtest 29\ndate: 2019/3/4\n\nTekst.", "d29.txt");
    CHECK(r.warnings.empty());
    CHECK(only_article(r).date == "2019-03-04");
    const auto dashed = parse_file(Format::txt, "title: Datumtest 30\ndate: 2019-3-4\n\nTekst.", "d30.txt");
    CHECK(dashed.warnings.empty());
    CHECK(only_article(dashed).date == "2019-03-04");
}

// ---- a Unix time is a time since 1973, not a zero-padded or negative number ------------

TEST_CASE("a .txt or .md date of zeros, zero-padded digits or a pre-1973 count is no Unix time but a warning") {
    // "date: 0000000000" was dated 1970-01-01 without a word: ten digits,
    // read as seconds. Export scripts write a Unix time unpadded, and every
    // one of ten digits without a leading zero is from 2001 on.
    for (const char* value : {"0000000000", "0000000000000", "0100000000", "0001552381200"}) {
        INFO(value);
        const auto r = parse_file(Format::txt, "title: Nul\ndate: " + std::string(value) + "\n\nTekst.", "d.txt");
        CHECK(only_article(r).date.empty());
        REQUIRE(r.warnings.size() == 1);
        CHECK(r.warnings[0].line == 2);
        CHECK(r.warnings[0].message == "invalid date '" + std::string(value) + "', ignored");
        for (const std::string& md : {"---\ntitle: Nul\ndate: " + std::string(value) + "\n---\nTekst.",
                                      "+++\ntitle = \"Nul\"\ndate = \"" + std::string(value) + "\"\n+++\nTekst."}) {
            INFO(md);
            const auto m = parse_file(Format::md, md, "d.md");
            CHECK(only_article(m).date.empty());
            REQUIRE(m.warnings.size() == 1);
            CHECK(m.warnings[0].line == 3);
        }
    }
    // Without the colon too; the header goes on.
    const auto r = parse_file(Format::txt, "date 0000000000\ntitle Kop\n\nTekst.", "d.txt");
    CHECK(only_article(r).date.empty());
    CHECK(only_article(r).title == "Kop");
    CHECK(r.warnings.size() == 1);
}

TEST_CASE("a .jsonl date that is a negative or fractional number below 10^8 is no date, with a warning") {
    // -5 and 1.5 were dated 1970-01-01 without a word, while 0, 123 and
    // 1e300 got the warning; "0000000000" as text was 1970-01-01 too.
    const std::string text =
        "{\"id\":\"neg\",\"title\":\"N\",\"date\":-5,\"body\":\"x\"}\n"
        "{\"id\":\"frac\",\"title\":\"F\",\"date\":1.5,\"body\":\"x\"}\n"
        "{\"id\":\"oud\",\"title\":\"O\",\"date\":-1552381200,\"body\":\"x\"}\n"
        "{\"id\":\"nul\",\"title\":\"Z\",\"date\":0,\"body\":\"x\"}\n"
        "{\"id\":\"breuk\",\"title\":\"B\",\"date\":20190312.5,\"body\":\"x\"}\n"
        "{\"id\":\"ander\",\"title\":\"A\",\"published\":-5,\"body\":\"x\"}\n"
        "{\"id\":\"nullen\",\"title\":\"T\",\"date\":\"0000000000\",\"body\":\"x\"}\n"
        // still a Unix time: seconds with a fraction, as Python's time.time() writes them
        "{\"id\":\"goed\",\"title\":\"G\",\"date\":1552381200.25,\"body\":\"x\"}\n";
    const ParseResult r = parse_file(Format::jsonl, text, "a.jsonl");
    REQUIRE(r.errors.empty());
    REQUIRE(r.articles.size() == 8);
    for (std::size_t i = 0; i < 6; ++i) {
        INFO(r.articles[i].id);
        CHECK(r.articles[i].date.empty());
        REQUIRE(i < r.warnings.size());
        CHECK(r.warnings[i].line == i + 1);
        CHECK(r.warnings[i].message == "invalid date (a number that is no date nor Unix time), ignored");
    }
    CHECK(r.articles[6].date.empty());
    REQUIRE(r.warnings.size() == 7);
    CHECK(r.warnings[6].line == 7);
    CHECK(r.warnings[6].message == "invalid date '0000000000', ignored");
    CHECK(r.articles[7].date == "2019-03-12");
}

// ---- times and zone offsets that do not exist ------------------------------------------

TEST_CASE("a date with a time or zone offset that does not exist is a warning on its line, and no date") {
    // They were dated 2019-03-12 without a word, where a day that does not
    // exist was warned about.
    const auto md = parse_file(Format::md, "---\ntitle: Kop\ndate: 2019-03-12T25:61:00\n---\nTekst.", "m.md");
    CHECK(only_article(md).date.empty());
    REQUIRE(md.warnings.size() == 1);
    CHECK(md.warnings[0].line == 3);
    CHECK(md.warnings[0].message == "invalid date '2019-03-12T25:61:00', ignored");
    for (const char* value : {"2019-03-12 25:00", "2019-03-12T10:00:00+25:00", "Tue, 12 Mar 2019 10:00:00 +2500"}) {
        INFO(value);
        const auto r = parse_file(Format::txt, "title: Kop\ndate: " + std::string(value) + "\n\nTekst.", "d.txt");
        const Article a = only_article(r);
        CHECK(a.date.empty());
        CHECK(a.title == "Kop");
        CHECK(a.body == "Tekst.");
        REQUIRE(r.warnings.size() == 1);
        CHECK(r.warnings[0].line == 2);
        CHECK(r.warnings[0].message == "invalid date '" + std::string(value) + "', ignored");
    }
    // Without the colon, the body that runs on after it stays the body.
    const auto b = parse_file(Format::txt, "date 2019-03-12 25:00 De tweede top.\nMeer.", "b.txt");
    CHECK(only_article(b).date.empty());
    CHECK(only_article(b).body == "De tweede top.\nMeer.");
    CHECK(b.warnings.size() == 1);
}

TEST_CASE("a time that exists keeps moving a UTC date to the day it was in the Netherlands") {
    // 24:00 UTC on the 12th is 01:00 on the 13th there, as 00:00 UTC on the 13th is.
    struct Row {
        const char* value;
        const char* date;
    };
    const Row rows[] = {{"2019-03-12T24:00:00Z", "2019-03-13"}, {"2019-03-12T23:30:00Z", "2019-03-13"},
                        {"2019-03-12T22:59:59Z", "2019-03-12"}, {"2019-03-12T23:30:00+01:00", "2019-03-12"},
                        {"2019-03-12 24:00", "2019-03-12"},     {"Tue, 12 Mar 2019 23:30:00 GMT", "2019-03-13"}};
    for (const auto& row : rows) {
        INFO(row.value);
        const auto r = parse_file(Format::txt, "title: Kop\ndate: " + std::string(row.value) + "\n\nTekst.", "d.txt");
        CHECK(r.warnings.empty());
        CHECK(only_article(r).date == row.date);
    }
}

// ---- a .txt header line without a space after its colon --------------------------------

TEST_CASE("a .txt header line may leave out the space after the colon of a known key") {
    // "title:Geen spatie" was no header line: the title was
    // "title:Geen spatie date:2019-03-12", and the date was lost.
    const auto r = parse_file(Format::txt, "title:Geen spatie\ndate:2019-03-12\n\nTekst.", "a.txt");
    const Article a = only_article(r);
    CHECK(r.warnings.empty());
    CHECK(a.title == "Geen spatie");
    CHECK(a.date == "2019-03-12");
    CHECK(a.body == "Tekst.");
    // Any case, the Dutch keys too; an address keeps its own colons, and so does a title.
    const auto d = parse_file(Format::txt,
                              "TITEL:Kop: een ondertitel\nDatum:dinsdag 12 maart 2019\nBron:NOS\n"
                              "url:https://nos.nl/artikel/1?a=b:c\nTaal:nl-BE\nTekst.",
                              "d.txt");
    const Article b = only_article(d);
    CHECK(d.warnings.empty());
    CHECK(b.title == "Kop: een ondertitel");
    CHECK(b.date == "2019-03-12");
    CHECK(b.source == "NOS");
    CHECK(b.url == "https://nos.nl/artikel/1?a=b:c");
    CHECK(b.lang == "nl");
    CHECK(b.body == "Tekst.");
    // A value that is no date is a warning on its line, as with the space.
    const auto w = parse_file(Format::txt, "title:Kop\ndatum:31-02-2019\n\nTekst.", "w.txt");
    CHECK(only_article(w).date.empty());
    REQUIRE(w.warnings.size() == 1);
    CHECK(w.warnings[0].line == 2);
    CHECK(w.warnings[0].message == "invalid date '31-02-2019', ignored");
    // An empty "titel:" still sets nothing.
    CHECK(only_article(parse_file(Format::txt, "titel:\ndatum:2019-03-12\nDe top.", "e.txt")).title == "De top.");
}

TEST_CASE("a first line with a colon after a word that is no header key stays the text") {
    for (const char* line : {"Titels:de beste van 2019.", "Tijd:10:00 begint de top.", "https://nos.nl/a is de bron.",
                             "Bronnen:NOS en NRC.", "Update:kabinet gevallen.", "title-fight:Ajax wint."}) {
        INFO(line);
        const std::string text = std::string(line) + "\nMeer tekst.";
        const auto r = parse_file(Format::txt, text, "a.txt");
        const Article a = only_article(r);
        CHECK(r.warnings.empty());
        CHECK(a.title == line);
        CHECK(a.body == text);
        CHECK(a.date.empty());
        CHECK(a.url.empty());
    }
    // Below the header a line is the body's, with or without its space.
    const Article k =
        only_article(parse_file(Format::txt, "title: Kop\n\nTitel:discussies in de Kamer.\nMeer.", "k.txt"));
    CHECK(k.title == "Kop");
    CHECK(k.body == "Titel:discussies in de Kamer.\nMeer.");
}

// ---- a .txt header key given twice --------------------------------------------------

TEST_CASE("a .txt header key given twice keeps its first value, with a warning on the second's line") {
    // The last one was kept without a word; a page's <meta> keeps the first.
    const auto r = parse_file(Format::txt,
                              "title: Eerste kop\ndate: 2019-03-12\nTitle: Tweede kop\ndatum: 2019-03-13\n"
                              "source: NOS\nbron: NRC\nurl: https://nos.nl/a\nurl https://nrc.nl/b\n\nTekst.",
                              "a.txt");
    const Article a = only_article(r);
    CHECK(a.title == "Eerste kop");
    CHECK(a.date == "2019-03-12");
    CHECK(a.source == "NOS");
    CHECK(a.url == "https://nos.nl/a");
    CHECK(a.body == "Tekst.");
    REQUIRE(r.warnings.size() == 4);
    CHECK(r.warnings[0].line == 3);
    CHECK(r.warnings[0].message == "header key 'Title' given twice (first on line 1), ignored");
    CHECK(r.warnings[1].line == 4);
    CHECK(r.warnings[1].message == "header key 'datum' given twice (first on line 2), ignored");
    CHECK(r.warnings[2].line == 6);
    CHECK(r.warnings[2].message == "header key 'bron' given twice (first on line 5), ignored");
    CHECK(r.warnings[3].line == 8);
    CHECK(r.warnings[3].message == "header key 'url' given twice (first on line 7), ignored");
    // A date that is none is still the first: its warning, then the second's.
    const auto d = parse_file(Format::txt, "date: 31 februari 2019\ndate: 2019-03-01\ntitle: Kop\n\nTekst.", "d.txt");
    CHECK(only_article(d).date.empty());
    CHECK(only_article(d).title == "Kop");
    REQUIRE(d.warnings.size() == 2);
    CHECK(d.warnings[0].message == "invalid date '31 februari 2019', ignored");
    CHECK(d.warnings[1].line == 2);
    CHECK(d.warnings[1].message == "header key 'date' given twice (first on line 1), ignored");
    // An empty "title:", which sets nothing, is not a first one.
    const auto e = parse_file(Format::txt, "title:\ntitle: Kop\n\nTekst.", "e.txt");
    CHECK(e.warnings.empty());
    CHECK(only_article(e).title == "Kop");
}

TEST_CASE("a date whose weekday is wrong is used, with a warning on its line") {
    const auto r = parse_file(Format::txt, "title: Kop\ndate: dinsdag 3 december 2026\n\nTekst.", "a.txt");
    CHECK(only_article(r).date == "2026-12-03");
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].line == 2);
    CHECK(r.warnings[0].message ==
          "date 'dinsdag 3 december 2026': 2026-12-03 is a Thursday, not a Tuesday; the weekday is ignored");
    // The day an RFC 2822 date was written is judged, not the day in UTC.
    const auto feed = parse_file(Format::md, "---\ndate: Tue, 12 Mar 2019 23:30:00 -0500\n---\nTekst.", "m.md");
    CHECK(only_article(feed).date == "2019-03-12");
    CHECK(feed.warnings.empty());
    const auto wrong = parse_file(Format::jsonl, R"({"id":"a","date":"Fri, 02 Mar 2019 10:00:00 +0100","body":"x"})",
                                  "f.jsonl");
    REQUIRE(wrong.warnings.size() == 1);
    CHECK(wrong.warnings[0].message ==
          "date 'Fri, 02 Mar 2019 10:00:00 +0100': 2019-03-02 is a Saturday, not a Friday; the weekday is ignored");
    // A right weekday, Dutch or English, full or short, says nothing.
    for (const char* date :
         {"donderdag 3 december 2026", "do 3 december 2026", "Thu, 03 Dec 2026", "zondag 1 maart 2020"}) {
        INFO(date);
        const auto ok = parse_file(Format::txt, std::string("title: Kop\ndate: ") + date + "\n\nTekst.", "a.txt");
        CHECK(ok.warnings.empty());
    }
}
