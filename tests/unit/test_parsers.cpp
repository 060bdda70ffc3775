#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>

#include "parse_internal.h"
#include "parsers.h"

using knipsel::Article;
using knipsel::first_sentence_title;
using knipsel::Format;
using knipsel::parse_file;
using knipsel::ParseResult;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string read_data(const std::string& name) { return read_file(std::string(KNIPSEL_TEST_DATA) + "/" + name); }

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

std::size_t code_points(const std::string& s) {
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

// The one article a single-article file gives, with no errors.
Article only_article(const ParseResult& r) {
    REQUIRE(r.errors.empty());
    REQUIRE(r.articles.size() == 1);
    return r.articles[0];
}

}  // namespace

// ---- formats and the shared steps ---------------------------------------------

TEST_CASE("the format follows the extension, case-insensitively") {
    struct Row {
        const char* path;
        Format format;
    };
    const Row rows[] = {
        {"a/b.txt", Format::txt},     {"B.TXT", Format::txt},        {"x.md", Format::md},
        {"x.markdown", Format::md},   {"x.html", Format::html},      {"x.HTM", Format::html},
        {"x.jsonl", Format::jsonl},   {"x.json", Format::unknown},   {"x.pdf", Format::unknown},
        {"README", Format::unknown},  {".txt", Format::unknown},   {"a.b.Md", Format::md},
        {"x.", Format::unknown},      {"..", Format::unknown},       {"x.markdownx", Format::unknown},
        {"a.txt/b", Format::unknown},
    };
    for (const auto& r : rows) {
        INFO(r.path);
        CHECK(knipsel::format_for(r.path) == r.format);
        const std::string_view path = r.path;
        const std::size_t slash = path.rfind('/');
        CHECK(knipsel::format_for_name(slash == path.npos ? path : path.substr(slash + 1)) == r.format);
    }
}

TEST_CASE("a binary file gives no article and one warning") {
    for (Format f : {Format::txt, Format::md, Format::html, Format::jsonl}) {
        auto r = parse_file(f, read_data("binary.bin"), "plaatje.txt");
        CHECK(r.articles.empty());
        CHECK(r.errors.empty());
        REQUIRE(r.warnings.size() == 1);
        CHECK(r.warnings[0].line == 0);
        CHECK(r.warnings[0].message == "binary file, skipped");
    }
}

TEST_CASE("a windows-1252 .txt is converted, with a warning") {
    auto r = parse_file(Format::txt, read_data("cp1252.txt"), "oud/cp1252.txt");
    auto a = only_article(r);
    CHECK(a.title == "Windows-tekst");
    CHECK(a.body == "Coöperatie, ideeën en één café – ’t is “mooi”");
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].line == 0);
    CHECK(r.warnings[0].message == "converted from windows-1252");
}

TEST_CASE("UTF-16 and CRLF files parse like any other") {
    auto r = parse_file(Format::txt, read_data("utf16le.txt"), "u.txt");
    auto a = only_article(r);
    CHECK(a.title == "Zestien");
    CHECK(a.body == "Één café, ’t is “mooi”.\nTweede regel.");
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].message == "converted from UTF-16LE");

    auto crlf = only_article(parse_file(Format::txt, "title Regels\r\n\r\nEen\r\nTwee\rDrie", "c.txt"));
    CHECK(crlf.title == "Regels");
    CHECK(crlf.body == "Een\nTwee\nDrie");
}

TEST_CASE("an empty document is an error, not an empty article") {
    for (Format f : {Format::txt, Format::md, Format::html}) {
        auto r = parse_file(f, "  \n\n ", "leeg");
        CHECK(r.articles.empty());
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].message == "no title or body");
    }
}

// ---- titles from the first sentence --------------------------------------------

TEST_CASE("the fallback title is the first sentence") {
    struct Row {
        const char* body;
        const char* title;
    };
    const Row rows[] = {
        {"Eerste zin. Tweede zin.", "Eerste zin."},
        {"  \n\nWat nu? Niets.", "Wat nu?"},
        {"Stop! Verder.", "Stop!"},
        {"Versie 2.5 is uit. Meer.", "Versie 2.5 is uit."},
        {"„Ik ga weg.” Zei hij.", "„Ik ga weg.”"},
        {"Kop zonder punt\n\nDe alinea. Die volgt.", "Kop zonder punt"},
        {"Een zin die over\nregels loopt. En verder.", "Een zin die over regels loopt."},
        {"Laatste zin zonder einde", "Laatste zin zonder einde"},
        {"", ""},
    };
    for (const auto& r : rows) {
        INFO(r.body);
        CHECK(first_sentence_title(r.body) == r.title);
    }
}

TEST_CASE("a long first sentence is cut at a word, counting characters, and ends in an ellipsis") {
    std::string body;
    for (int i = 0; i < 40; ++i) body += "één ";  // 4 code points, 6 bytes each
    body += "einde. Volgende zin.";
    const std::string title = first_sentence_title(body);
    CHECK(code_points(title) <= 120);
    CHECK(code_points(title) == 120);  // 30 words of "één" with 29 spaces, and "…"
    CHECK(title.size() > 120);         // bytes are not what is counted
    CHECK(title.ends_with("één…"));

    // the "…" counts: "een twee" + "…" takes 9
    CHECK(first_sentence_title("een twee drie vier", 10) == "een twee…");
    CHECK(first_sentence_title("een twee drie vier", 9) == "een twee…");
    CHECK(first_sentence_title("een twee drie vier", 8) == "een…");
    CHECK(first_sentence_title("een, twee", 7) == "een…");
    // a sentence that fits is not cut, and has no ellipsis
    CHECK(first_sentence_title("een twee drie vier", 18) == "een twee drie vier");

    // one word longer than the limit: cut inside it, but never inside a UTF-8 sequence
    const std::string word = std::string(5, 'a') + "éééééé";
    const std::string cut = first_sentence_title(word, 7);
    CHECK(cut == "aaaaaé…");
}

// ---- .txt ----------------------------------------------------------------------

TEST_CASE("the real seed article parses") {
    const std::string bytes = read_file(std::string(KNIPSEL_CORPUS) + "/000_b434b5bde8cf898f.txt");
    auto r = parse_file(Format::txt, bytes, "000_b434b5bde8cf898f.txt");
    auto a = only_article(r);
    CHECK(r.warnings.empty());
    CHECK(a.id == "000_b434b5bde8cf898f.txt");
    CHECK(a.path == "000_b434b5bde8cf898f.txt");
    CHECK(a.date == "2019-02");
    // The first sentence is 133 characters, so the 120-character limit cuts it.
    const std::string first_sentence =
        "De tweede topontmoeting tussen de Amerikaanse president Donald Trump en de Noord-Koreaanse leider "
        "Kim Jong-un is op niets uitgelopen.";
    CHECK(first_sentence_title(a.body, 200) == first_sentence);
    // cut, and marked so: "is op" alone would say the opposite
    CHECK(a.title ==
          "De tweede topontmoeting tussen de Amerikaanse president Donald Trump en de Noord-Koreaanse leider "
          "Kim Jong-un is op…");
    CHECK(starts_with(a.body, "De tweede topontmoeting"));
    CHECK(contains(a.body, "\n\nNieuwe diplomatie blijkt riskant\n\n"));
    // the last paragraph, which has no final newline
    CHECK(a.body.size() >= 60);
    CHECK(a.body.substr(a.body.size() - 60) == bytes.substr(bytes.size() - 60));
}

TEST_CASE("a .txt header gives the metadata, the rest is the body") {
    const std::string text =
        "Title   Kabinet valt  \n"
        "DATE 2019-02-28\n"
        "source\tNRC Handelsblad\n"
        "url https://example.nl/a\n"
        "lang nl-NL\n"
        "\n"
        "\n"
        "Het kabinet is gevallen.\n"
        "title dit is gewoon tekst\n";
    auto a = only_article(parse_file(Format::txt, text, "dir/a.txt"));
    CHECK(a.id == "dir/a.txt");
    CHECK(a.title == "Kabinet valt");
    CHECK(a.date == "2019-02-28");
    CHECK(a.source == "NRC Handelsblad");
    CHECK(a.url == "https://example.nl/a");
    CHECK(a.lang == "nl");
    CHECK(a.body == "Het kabinet is gevallen.\ntitle dit is gewoon tekst");
}

TEST_CASE("a .txt header ends at the first line without a known key") {
    struct Row {
        const char* text;
        const char* title;
        const char* date;
        const char* body;
    };
    const Row rows[] = {
        {"Geen kop hier.\ndate 2019", "Geen kop hier.", "", "Geen kop hier.\ndate 2019"},
        {"titles zijn geen sleutel\n", "titles zijn geen sleutel", "", "titles zijn geen sleutel"},
        {"date 2019\ntitle\nTekst.", "title Tekst.", "2019", "title\nTekst."},
        {"  date 2019-02-28\ntitle Kop\nTekst.", "Kop", "2019-02-28", "Tekst."},
        {"date 2019 Tekst op dezelfde regel.\ntitle geen kop meer", "Tekst op dezelfde regel.", "2019",
         "Tekst op dezelfde regel.\ntitle geen kop meer"},
        // An empty "title:", as scrapers write it, is a header line that sets nothing.
        {"title:\ndate: 2019-02-27\nsource: NOS\n\nDe top begon. Meer tekst.", "De top begon.", "2019-02-27",
         "De top begon. Meer tekst."},
        {"titel:\t\ndatum: 27-02-2019\nTekst.", "Tekst.", "2019-02-27", "Tekst."},
    };
    for (const auto& r : rows) {
        INFO(r.text);
        auto a = only_article(parse_file(Format::txt, r.text, "a.txt"));
        CHECK(a.title == r.title);
        CHECK(a.date == r.date);
        CHECK(a.body == r.body);
    }
}

TEST_CASE("a .txt header may write 'key: value', Dutch keys and Dutch dates") {
    auto a = only_article(parse_file(Format::txt,
                                     "Titel: Kabinet valt\nDatum: dinsdag 12 maart 2019\nBron: NRC\nTaal: nl\n\n"
                                     "Het kabinet is gevallen.",
                                     "a.txt"));
    CHECK(a.title == "Kabinet valt");
    CHECK(a.date == "2019-03-12");
    CHECK(a.source == "NRC");
    CHECK(a.lang == "nl");
    CHECK(a.body == "Het kabinet is gevallen.");
    // A written date with the body run on after it, as the seed article does with an ISO one.
    auto b = only_article(parse_file(Format::txt, "date 12 maart 2019 De tweede top.\nMeer.", "b.txt"));
    CHECK(b.date == "2019-03-12");
    CHECK(b.body == "De tweede top.\nMeer.");
    auto c = only_article(parse_file(Format::txt, "date 2019-02-28T10:00:00 De tweede top.", "c.txt"));
    CHECK(c.date == "2019-02-28");
    CHECK(c.body == "De tweede top.");
    // A Dutch key needs its colon: a text may start with the word.
    auto d = only_article(parse_file(Format::txt, "Taal en cultuur verbinden Korea.\nMeer.", "d.txt"));
    CHECK(d.lang.empty());
    CHECK(d.title == "Taal en cultuur verbinden Korea.");
    CHECK(d.body == "Taal en cultuur verbinden Korea.\nMeer.");
}

TEST_CASE("a first line that starts with an English key but no colon is a header only when its value is one") {
    // Before, each of these sentences was taken for a header line: lost from
    // the body and made the title, source, language or (with a warning) date.
    for (const char* sentence :
         {"Lang leve de koning, riep de menigte.", "Source close to the minister said the deal is off.",
          "Title fights are expensive for boxers.", "URL shorteners are a risk.",
          "Date night in Amsterdam is populair bij jongeren."}) {
        INFO(sentence);
        const std::string text = std::string(sentence) + "\nMeer tekst.";
        auto r = parse_file(Format::txt, text, "a.txt");
        auto a = only_article(r);
        CHECK(r.warnings.empty());
        CHECK(a.title == sentence);
        CHECK(a.body == text);
        CHECK(a.lang.empty());
        CHECK(a.source.empty());
        CHECK(a.url.empty());
        CHECK(a.date.empty());
    }
    // Below a header line too: "Lang leve …" is no language.
    auto k = only_article(parse_file(Format::txt, "title: Kop\nLang leve de koning.\nMeer.", "k.txt"));
    CHECK(k.lang.empty());
    CHECK(k.body == "Lang leve de koning.\nMeer.");
    // A value that reads as one for its key is a header line without a colon, as before.
    auto v = only_article(
        parse_file(Format::txt, "lang nl-BE\nurl https://nos.nl/a\ntitle Kop\nsource NOS\nTekst.", "v.txt"));
    CHECK(v.lang == "nl");
    CHECK(v.url == "https://nos.nl/a");
    CHECK(v.title == "Kop");
    CHECK(v.source == "NOS");
    CHECK(v.body == "Tekst.");
    // A title or source is a header line unless it reads as a sentence, as README's "key value" has it;
    // and so is a sentence before a blank line or another header line.
    auto t = only_article(parse_file(Format::txt, "Title Kabinet valt\nHet kabinet is gevallen.", "t.txt"));
    CHECK(t.title == "Kabinet valt");
    CHECK(t.body == "Het kabinet is gevallen.");
    auto s = only_article(parse_file(Format::txt, "title Kabinet valt.\nsource NRC\n\nTekst.", "s.txt"));
    CHECK(s.title == "Kabinet valt.");
    CHECK(s.source == "NRC");
    CHECK(s.body == "Tekst.");
}

TEST_CASE("a .txt date with a weekday, a time or a zone leaves the rest of the header as it is") {
    // Before, the date was cut at its first word and the rest of the line,
    // with every header line after it, became the body: the title was lost.
    for (const char* header : {"date: Wed, 27 Feb 2019 10:00:00 +0100", "date Wed, 27 Feb 2019 10:00:00 +0100",
                               "datum: woensdag 27 februari 2019, 14:03", "date 2019-02-27T10:00:00+01:00",
                               "date 27-02-2019 10:00 CET", "Datum: 27 feb. 2019 om 14.35 uur"}) {
        INFO(header);
        auto r = parse_file(Format::txt, std::string(header) + "\ntitle: Kop\nsource: NRC\n\nTekst.", "a.txt");
        auto a = only_article(r);
        CHECK(r.warnings.empty());
        CHECK(a.date == "2019-02-27");
        CHECK(a.title == "Kop");
        CHECK(a.source == "NRC");
        CHECK(a.body == "Tekst.");
    }
    // The seed's form, the body run on after the date, with a time between.
    auto b = only_article(parse_file(Format::txt, "date 12 maart 2019 14:35 De tweede top.\nMeer.", "b.txt"));
    CHECK(b.date == "2019-03-12");
    CHECK(b.body == "De tweede top.\nMeer.");
    // A number that starts the body is no time.
    auto n = only_article(parse_file(Format::txt, "date 2019-02-27 12.000 mensen betogen.", "n.txt"));
    CHECK(n.date == "2019-02-27");
    CHECK(n.body == "12.000 mensen betogen.");
    // No date at all: the warning names the whole value, and the header goes on.
    auto r = parse_file(Format::txt, "date: 31 februari 2019\ntitle: Kop\n\nTekst.", "c.txt");
    auto c = only_article(r);
    CHECK(c.date.empty());
    CHECK(c.title == "Kop");
    CHECK(c.body == "Tekst.");
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].line == 1);
    CHECK(r.warnings[0].message == "invalid date '31 februari 2019', ignored");
}

TEST_CASE("a .txt without a title takes its first sentence, cut to 120 characters") {
    std::string sentence = "Dit is een zeer lange eerste zin";
    while (sentence.size() < 300) sentence += " met nog meer woorden";
    auto a = only_article(parse_file(Format::txt, "date 2020-01-01\n\n" + sentence + ". Tweede zin.", "l.txt"));
    CHECK(code_points(a.title) <= 120);
    CHECK(starts_with(a.title, "Dit is een zeer lange eerste zin met nog meer woorden"));
    REQUIRE(a.title.ends_with("…"));
    const std::string kept = a.title.substr(0, a.title.size() - std::string("…").size());
    CHECK(starts_with(sentence, kept));
    CHECK(sentence[kept.size()] == ' ');  // cut at a word boundary
}

TEST_CASE("a first sentence goes on past an abbreviation or an initial") {
    struct Row {
        const char* body;
        const char* title;
    };
    const Row rows[] = {
        {"De V.S. en Noord-Korea praten weer. Meer volgt.", "De V.S. en Noord-Korea praten weer."},
        {"Premier M. Rutte sprak. Toen de rest.", "Premier M. Rutte sprak."},
        {"Dr. Jansen, o.a. arts, zegt het. Daarna meer.", "Dr. Jansen, o.a. arts, zegt het."},
        {"Er kwamen ca. twintig mensen. Daarna meer.", "Er kwamen ca. twintig mensen."},
        {"Het gaat om groep 8. Daarna meer.", "Het gaat om groep 8."},
        {"Ze spraken met de VS. Daarna meer.", "Ze spraken met de VS."},
    };
    for (const auto& r : rows) {
        INFO(r.body);
        CHECK(only_article(parse_file(Format::txt, r.body, "a.txt")).title == r.title);
    }
}

TEST_CASE("an invalid .txt date is a warning on its line; the article is kept") {
    auto r = parse_file(Format::txt, "title Kop\ndate 2019-13-45\n\nTekst.", "a.txt");
    auto a = only_article(r);
    CHECK(a.date.empty());
    CHECK(a.body == "Tekst.");
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].line == 2);
    CHECK(r.warnings[0].message == "invalid date '2019-13-45', ignored");
}

TEST_CASE("a language's other names are its code; a value that is none is kept, with a warning") {
    const std::pair<const char*, const char*> rows[] = {
        {"Nederlands", "nl"}, {"Dutch", "nl"}, {"nld", "nl"}, {"dut", "nl"},   {"nl-BE", "nl"}, {"English", "en"},
        {"eng", "en"},        {"en-GB", "en"}, {"EN", "en"},  {"EN_us", "en"}, {"fr", "fr"}};
    for (auto [value, code] : rows) {
        INFO(value);
        auto r = parse_file(Format::txt, std::string("title: Kop\nlang: ") + value + "\n\nTekst.", "a.txt");
        CHECK(only_article(r).lang == code);
        CHECK(r.warnings.empty());
    }
    auto r = parse_file(Format::txt, "title: Kop\ntaal: Frans\n\nTekst.", "a.txt");
    CHECK(only_article(r).lang == "frans");
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].line == 2);
    CHECK(r.warnings[0].message == "unknown language 'Frans', kept as it is");
    // A .jsonl line's on its line, a feed's once on the feed's.
    auto j = parse_file(Format::jsonl,
                        "{\"id\":\"a\",\"title\":\"A\",\"lang\":\"Dutch\"}\n"
                        "{\"id\":\"b\",\"title\":\"B\",\"language\":\"Vlaamsch\"}\n",
                        "a.jsonl");
    REQUIRE(j.articles.size() == 2);
    CHECK(j.articles[0].lang == "nl");
    CHECK(j.articles[1].lang == "vlaamsch");
    REQUIRE(j.warnings.size() == 1);
    CHECK(j.warnings[0].line == 2);
    CHECK(j.warnings[0].message == "unknown language 'Vlaamsch', kept as it is");
    auto f = parse_file(Format::feed,
                        "<rss version=\"2.0\"><channel><title>T</title>\n<language>Nederlands</language>"
                        "<item><guid>1</guid><title>Een</title></item></channel></rss>",
                        "a.rss");
    REQUIRE(f.articles.size() == 1);
    CHECK(f.articles[0].lang == "nl");
    CHECK(f.warnings.empty());
}

// ---- .md -----------------------------------------------------------------------

TEST_CASE("Markdown with front matter") {
    auto r = parse_file(Format::md, read_data("article.md"), "m/article.md");
    auto a = only_article(r);
    CHECK(r.warnings.empty());
    CHECK(a.id == "m/article.md");
    CHECK(a.title == "Kim en Trump: geen akkoord");
    CHECK(a.date == "2019-02-28");
    CHECK(a.source == "NRC");
    CHECK(a.url == "https://example.nl/hanoi");
    CHECK(a.lang == "nl");
    CHECK(a.body ==
          "Top in Hanoi\n\n"
          "De tweede top tussen Trump en Kim is mislukt.\n"
          "Een foto van Kim\n\n"
          "Een citaat uit de persconferentie.\n\n"
          "eerste punt\ntweede punt\ngenummerd\n\n"
          "code blijft tekst\n\n"
          "Tekst met inline html en snake_case.");
}

TEST_CASE("Markdown constructs become plain text") {
    struct Row {
        const char* markdown;
        const char* text;
    };
    const Row rows[] = {
        {"## Kop ##\nTekst", "Kop\n\nTekst"},
        {"# C#", "C#"},
        {"Kop\n===\nTekst", "Kop\n\nTekst"},
        {"*schuin* en **vet** en __ook vet__", "schuin en vet en ook vet"},
        {"snake_case blijft, _nadruk_ niet", "snake_case blijft, nadruk niet"},
        {"`a*b*` is code", "a*b* is code"},
        {"[tekst](https://x.nl \"titel\") en [ref][1]\n\n[1]: https://y.nl", "tekst en ref"},
        {"![alt *tekst*](a.png)", "alt tekst"},
        {"[niet [genest]](u) werkt", "niet [genest] werkt"},
        {"> > diep citaat", "diep citaat"},
        {"* een\n+ twee\n12) drie\n- [x] klaar", "een\ntwee\ndrie\nklaar"},
        {"1999. Het jaar waarin", "1999. Het jaar waarin"},
        {"```cpp\nint *p = 0; // _x_\n```", "int *p = 0; // _x_"},
        {"~~~\n# geen kop\n~~~", "# geen kop"},
        {"a<br>b en <b>Noord</b>-Korea <!-- weg -->", "a b en Noord-Korea"},
        {"<https://nrc.nl> en 3 < 4", "https://nrc.nl en 3 < 4"},
        {"AT&amp;T &eacute; &#233; &#x2019;", "AT&T é é ’"},  // every HTML5 name, as CommonMark has it
        {"&rsquo;s &mdash; co&ouml;rdinatie &nosuchname; a&b;", "’s — coördinatie &nosuchname; a&b;"},
        {"\\*geen nadruk\\*", "*geen nadruk*"},
        {"een\n\n\n\ntwee\n---\ndrie", "een\n\ntwee\n\ndrie"},
        {"| a | b |\n|---|:-:|\n| 1 | 2 |", "a b\n1 2"},
        {"~~weg~~ streep", "weg streep"},
    };
    for (const auto& r : rows) {
        INFO(r.markdown);
        CHECK(knipsel::detail::markdown_to_text(r.markdown) == r.text);
    }
}

TEST_CASE("Markdown's raw HTML: autolinks only as CommonMark has them, no hidden text, real reference definitions") {
    struct Row {
        const char* markdown;
        const char* text;
    };
    const Row rows[] = {
        // A tag that holds an address is no autolink: before, all of it was text.
        {"Lees <a href=\"https://nos.nl/a\">het stuk</a> hier.", "Lees het stuk hier."},
        {"Kijk<iframe src=\"https://youtube.com/x\"></iframe> mee", "Kijk mee"},
        {"<img src=\"https://nos.nl/foto.jpg\" alt=\"foto\">Onderschrift", "Onderschrift"},
        {"<mailto:redactie@nos.nl> of <redactie@nos.nl>", "mailto:redactie@nos.nl of redactie@nos.nl"},
        // What a reader never sees, also over lines.
        {"Voor<script>var trackingcode = 1;</script> na", "Voor na"},
        {"Een\n<script type=\"text/javascript\">\nvar trackingcode = 1;\n</script>\nTwee",
         "Een\n\nTwee"},
        {"<style>\n.kop { color: red }\n</STYLE>\nTekst", "Tekst"},
        {"Een\n<!--\nredactie: nog checken\n-->\nTwee", "Een\n\nTwee"},
        {"Een <!-- nog\nchecken --> twee", "Een\ntwee"},
        // Unclosed in its paragraph, or in a code span, it is text: the rest
        // of the article was lost ("De hacker plaatste een <script> op…").
        {"De hacker plaatste een <script> op de site.\nVolgende regel.\n\nNieuwe alinea.",
         "De hacker plaatste een op de site.\nVolgende regel.\n\nNieuwe alinea."},
        {"De koers ging <!-- omhoog\n\nSlot.", "De koers ging <!-- omhoog\n\nSlot."},
        {"Typ `<!--` of `<style>` in de code.\n\nSlot.", "Typ <!-- of <style> in de code.\n\nSlot."},
        // A fence after a comment on its line (the fence was kept as a view
        // of that line's text, freed before the next line: the fuzzer's find)
        {"<!-- x -->```python, met een lange regel erbij\ncode\n```\nTekst", "code\n\nTekst"},
        // Only a real link reference definition is left out; a footnote keeps its text.
        {"[^1]: Centraal Bureau voor de Statistiek", "Centraal Bureau voor de Statistiek"},
        {"[Update]: De minister heeft gereageerd.", "[Update]: De minister heeft gereageerd."},
        {"[nos]: https://nos.nl \"NOS\"\n[b]: <https://b.nl> 'B'\n[c]: /c (C)\nTekst", "Tekst"},
    };
    for (const auto& r : rows) {
        INFO(r.markdown);
        CHECK(knipsel::detail::markdown_to_text(r.markdown) == r.text);
    }
}

TEST_CASE("Markdown with Hugo's TOML front matter") {
    auto r = parse_file(Format::md,
                        "+++\ntitle = \"Kim en Trump: geen akkoord\"\ndate = 2019-02-28T10:00:00+01:00\n"
                        "tags = [\"korea\"]\nbron = 'NRC'\n+++\n# Kop\n\nTekst.",
                        "m.md");
    auto a = only_article(r);
    CHECK(r.warnings.empty());
    CHECK(a.title == "Kim en Trump: geen akkoord");
    CHECK(a.date == "2019-02-28");
    CHECK(a.source == "NRC");
    CHECK(a.body == "Kop\n\nTekst.");
    CHECK(only_article(parse_file(Format::md, "+++\ndatum = 2019-03-12\n+++\nTekst.", "d.md")).date == "2019-03-12");
    SECTION("not TOML: a warning on its line, the body kept, the keys read line by line") {
        auto bad = parse_file(Format::md, "+++\ntitle = \"Kop\"\ndate = = 2019\n+++\nTekst.", "b.md");
        REQUIRE(bad.warnings.size() == 2);
        CHECK(bad.warnings[0].line == 3);
        CHECK(contains(bad.warnings[0].message, "front matter is not TOML"));
        CHECK(contains(bad.warnings[0].message, "read line by line"));
        CHECK(bad.warnings[1].line == 3);
        CHECK(bad.warnings[1].message == "invalid date '= 2019', ignored");
        CHECK(only_article(bad).title == "Kop");
        CHECK(only_article(bad).body == "Tekst.");
    }
    SECTION("a quote never closed: the date below it kept; a Dutch name's apostrophe too") {
        for (const auto& [md, title] :
             {std::pair{"+++\ntitle = \"Kop\ndate = 2019-02-03 # de dag\nbron = 'NRC'\n+++\nT.", "Kop"},
              std::pair{"+++\ntitle = 's-Gravenhage besluit\ndate = 2019-02-03\nbron = \"NRC\"\n+++\nT.",
                        "'s-Gravenhage besluit"}}) {
            INFO(md);
            auto got = parse_file(Format::md, md, "m.md");
            CHECK(only_article(got).title == title);
            CHECK(only_article(got).date == "2019-02-03");
            CHECK(only_article(got).source == "NRC");
            REQUIRE(got.warnings.size() == 1);
            CHECK(got.warnings[0].line == 2);
        }
    }
    SECTION("é where TOML allows no letter: a warning on its line (toml++ 3.3.0 is not asked)") {
        auto bad = parse_file(Format::md, "+++\ntitle = \"Kop\"\né = 1\n+++\nTekst.", "b.md");
        REQUIRE(bad.warnings.size() == 1);
        CHECK(bad.warnings[0].line == 3);
        CHECK(bad.warnings[0].message ==
              "front matter is not TOML ('é' outside a quoted string or comment), read line by line");
        CHECK(only_article(bad).title == "Kop");
        CHECK(only_article(bad).body == "Tekst.");
    }
    SECTION("é after a line-ending backslash in a multi-line string is kept") {
        auto r2 = parse_file(Format::md, "+++\ntitle = \"\"\"Kim en \\\n  één top\"\"\"\n+++\nTekst.", "e.md");
        CHECK(r2.warnings.empty());
        CHECK(only_article(r2).title == "Kim en één top");
        auto r3 =
            parse_file(Format::md, "+++\ntitle = 'Coöperatie \\ ideeën' # één\nbron = \"Ré\"\n+++\nT.", "l.md");
        CHECK(r3.warnings.empty());
        CHECK(only_article(r3).title == "Coöperatie \\ ideeën");
        CHECK(only_article(r3).source == "Ré");
    }
    SECTION("a multi-line title is one line") {
        auto r4 =
            parse_file(Format::md, "+++\ntitle = \"\"\"\nKim en Trump:  \n  geen akkoord\r\n\"\"\"\n+++\nT.", "m.md");
        CHECK(only_article(r4).title == "Kim en Trump: geen akkoord");
    }
    SECTION("a key of the wrong type") {
        auto bad = parse_file(Format::md, "+++\ntitle = 12\n+++\nTekst.", "b.md");
        REQUIRE(bad.warnings.size() == 1);
        CHECK(bad.warnings[0].line == 2);
        CHECK(bad.warnings[0].message == "front matter key 'title' is not a string, ignored");
    }
}

TEST_CASE("Markdown YAML front matter is read as YAML: folded and literal values, quotes, comments") {
    struct Row {
        const char* md;
        const char* title;
    };
    const Row rows[] = {
        {"---\ntitle: >-\n  Kabinet en oppositie\n  bereiken akkoord\n---\nT.", "Kabinet en oppositie bereiken akkoord"},
        {"---\ntitle: |\n  Eerste regel\n  tweede regel\n---\nT.", "Eerste regel tweede regel"},
        {"---\ntitle: Een lange kop die\n  over twee regels loopt\n---\nT.", "Een lange kop die over twee regels loopt"},
        {"---\ntitle: 'Auto''s weren'\n---\nT.", "Auto's weren"},
        {"---\ntitle: \"Rutte: \\\"geen herinnering\\\"\"\n---\nT.", "Rutte: \"geen herinnering\""},
        {"---\ntitle: Kop # een opmerking\ntags: [a, b]\nauthors:\n  - Jan\n---\nT.", "Kop"},
    };
    for (const auto& r : rows) {
        INFO(r.md);
        auto result = parse_file(Format::md, r.md, "m.md");
        CHECK(only_article(result).title == r.title);
        CHECK(result.warnings.empty());
    }
    // Nested too deep for yaml-cpp: read line by line, no crash.
    std::string deep = "---\ntitle: Diep\nx: " + std::string(5000, '[') + "\n---\nT.";
    CHECK(only_article(parse_file(Format::md, deep, "d.md")).title == "Diep");
}

TEST_CASE("Markdown front matter problems are warnings with line numbers") {
    SECTION("never closed: the whole file is body") {
        auto r = parse_file(Format::md, "---\ntitle: Kop\n\n# Tekst\nMeer.", "m.md");
        auto a = only_article(r);
        REQUIRE(r.warnings.size() == 1);
        CHECK(r.warnings[0].line == 1);
        CHECK(contains(r.warnings[0].message, "never closed"));
        CHECK(contains(a.body, "title: Kop"));
        CHECK(contains(a.body, "Tekst\n\nMeer."));
    }
    SECTION("a line that is not key: value") {
        auto r = parse_file(Format::md, "---\ntitle: Kop\ndit is geen sleutel\nurl:x\n...\nTekst.", "m.md");
        auto a = only_article(r);
        CHECK(a.title == "Kop");
        CHECK(a.body == "Tekst.");
        REQUIRE(r.warnings.size() == 2);
        CHECK(r.warnings[0].line == 3);
        CHECK(r.warnings[1].line == 4);
    }
    SECTION("an invalid date: warning, article kept without date") {
        auto r = parse_file(Format::md, "---\ntitle: Kop\ndate: 2019-13-45\n---\nTekst.", "m.md");
        auto a = only_article(r);
        CHECK(a.date.empty());
        CHECK(a.title == "Kop");
        REQUIRE(r.warnings.size() == 1);
        CHECK(r.warnings[0].line == 3);
        CHECK(r.warnings[0].message == "invalid date '2019-13-45', ignored");
    }
    SECTION("a value whose quote is never closed: read to the end of its line, the keys below it kept") {
        for (const char* md : {"---\ntitle: \"Kop\ndate: 2019-02-03\n---\nTekst.",
                               "---\ntitle: \"Kop\n\ndate: 2019-02-03\n---\nTekst.",
                               "---\ndate: 2019-02-03\ntitle: \"Kop\n---\nTekst."}) {
            INFO(md);
            auto r = parse_file(Format::md, md, "m.md");
            auto a = only_article(r);
            CHECK(a.title == "Kop");
            CHECK(a.date == "2019-02-03");
            REQUIRE(r.warnings.size() == 1);
            CHECK(r.warnings[0].line == (std::string(md).find("date") < std::string(md).find("title") ? 3u : 2u));
            CHECK(r.warnings[0].message == "front matter value has no closing quote, read to the end of its line");
        }
        // A Dutch name's apostrophe, which YAML reads as a quote: kept.
        for (const auto& [md, title] :
             {std::pair{"---\ntitle: 's-Gravenhage besluit\ndate: 2019-02-03\n---\nT.", "'s-Gravenhage besluit"},
              std::pair{"---\ntitle: 't Hooft wint\ndate: 2019-02-03\n---\nT.", "'t Hooft wint"}}) {
            INFO(md);
            auto r = parse_file(Format::md, md, "m.md");
            CHECK(only_article(r).title == title);
            CHECK(only_article(r).date == "2019-02-03");
            CHECK(r.warnings.size() == 1);
        }
        // Closed on its line ('' is a quote in it), or on a later, indented
        // line: YAML's own.
        auto closed = parse_file(Format::md, "---\ntitle: 'Auto''s weren'\ndate: 2019-02-03\n---\nT.", "m.md");
        CHECK(only_article(closed).title == "Auto's weren");
        CHECK(closed.warnings.empty());
        auto ok = parse_file(Format::md, "---\ntitle: \"Een lange\n  kop\"\ndate: 2019-02-03\n---\nT.", "m.md");
        CHECK(only_article(ok).title == "Een lange kop");
        CHECK(only_article(ok).date == "2019-02-03");
        CHECK(ok.warnings.empty());
    }
    SECTION("without front matter the title comes from the first heading") {
        auto a = only_article(parse_file(Format::md, "# Kop van het stuk\n\nTekst. Meer tekst.", "m.md"));
        CHECK(a.title == "Kop van het stuk");
        CHECK(a.date.empty());
    }
}

// ---- .html ---------------------------------------------------------------------

TEST_CASE("HTML: metadata and the visible text") {
    for (const char* path : {"a/article.html", "a/article.htm"}) {
        INFO(path);
        auto r = parse_file(knipsel::format_for(path), read_data("article.html"), path);
        auto a = only_article(r);
        CHECK(r.warnings.empty());
        CHECK(a.id == path);
        CHECK(a.title == "Topoverleg in Hanoi mislukt");
        CHECK(a.date == "2019-02-28");
        CHECK(a.source == "NRC");
        CHECK(a.url == "https://example.nl/2019/02/28/hanoi");
        CHECK(a.lang == "nl");
        CHECK(a.body ==
              "Trump en Kim zonder akkoord\n\n"
              "De Noord-Koreaanse leider én de president’s delegatie.\n\n"
              "Tweede alinea\nmet een regel.\n\n"
              "een\ntwee");
        for (const char* hidden : {"STYLETEKST", "SCRIPTTEKST", "KOPTEKST", "NAVTEKST", "ASIDETEKST",
                                   "NOSCRIPTTEKST", "TEMPLATETEKST", "VOETTEKST", "Redactie"}) {
            INFO(hidden);
            CHECK_FALSE(contains(a.body, hidden));
        }
    }
}

TEST_CASE("HTML: elements nested deeper than any page's are read without their markup, with a warning") {
    // gumbo took 167 s for 200,000 nested <div>s (its time grows with the
    // square of the depth); a page stopped the whole run.
    std::string page = "<html><head><title>Diep</title><meta name=\"date\" content=\"2019-02-28\"></head><body>";
    for (int i = 0; i < 20000; ++i) page += "<div>";
    page += "Sancties tegen <b>Iran</b> &amp; Korea.<script>var x = \"<div>geheim\";</script>";
    for (int i = 0; i < 20000; ++i) page += "</div>";
    page += "</body></html>";
    auto r = parse_file(Format::html, page, "diep.html");
    auto a = only_article(r);
    CHECK(a.title == "Diep");
    CHECK(a.date == "2019-02-28");
    CHECK(a.body == "Sancties tegen Iran & Korea.");
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].message ==
          "elements nested 20002 deep (more than 10000): read without its markup, its paragraphs run together");
    // A long page of sense is read as ever: paragraphs and list items
    // that close themselves add no depth.
    std::string list = "<html><body><ul>";
    for (int i = 0; i < 30000; ++i) list += "<li><p>punt " + std::to_string(i);
    list += "</ul></body></html>";
    auto long_page = parse_file(Format::html, list, "lijst.html");
    CHECK(long_page.warnings.empty());
    CHECK(contains(only_article(long_page).body, "punt 29999"));
}

TEST_CASE("HTML: title falls back to <h1>, then to the first sentence") {
    auto h1 = only_article(parse_file(Format::html, "<body><h1>Alleen <i>een</i> kop</h1><p>Tekst.</p>", "h.html"));
    CHECK(h1.title == "Alleen een kop");

    auto none = only_article(parse_file(Format::html, "<p>Eerste zin. Tweede.</p>", "n.html"));
    CHECK(none.title == "Eerste zin.");

    // an <svg><title> is no page title
    auto svg = only_article(parse_file(Format::html, "<svg><title>icoon</title></svg><h1>Kop</h1>", "s.html"));
    CHECK(svg.title == "Kop");
}

TEST_CASE("HTML: the three date sources, in order of preference") {
    struct Row {
        const char* html;
        const char* date;
    };
    const Row rows[] = {
        {"<meta name=date content=2019-01-02><meta property='article:published_time' "
         "content='2018-01-01T10:00:00Z'><time datetime=2017-01-01>x</time>",
         "2019-01-02"},
        {"<meta property='article:published_time' content='2018-05-06T10:00:00+02:00'>"
         "<time datetime=2017-01-01>x</time>",
         "2018-05-06"},
        {"<meta name='article:published_time' content='2018-05'>", "2018-05"},
        {"<p>Op <time>gisteren</time> en <time datetime='2017-03-04'>4 maart</time></p>", "2017-03-04"},
        {"<p>geen datum</p>", ""},
    };
    for (const auto& r : rows) {
        INFO(r.html);
        auto a = only_article(parse_file(Format::html, std::string(r.html) + "<p>Tekst.</p>", "d.html"));
        CHECK(a.date == r.date);
    }
}

TEST_CASE("HTML: an invalid date is a warning with its line") {
    auto r = parse_file(Format::html, "<html>\n<head>\n<meta name=\"date\" content=\"2019-13-45\">\n</head>\n<p>Tekst.</p>",
                        "d.html");
    auto a = only_article(r);
    CHECK(a.date.empty());
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].line == 3);
    CHECK(r.warnings[0].message == "invalid date '2019-13-45', ignored");
}

TEST_CASE("dates as Dutch and English news write them, in every format") {
    auto md = only_article(parse_file(Format::md, "---\ntitel: Kop\ndatum: \"dinsdag 12 maart 2019\"\n---\nTekst.", "m.md"));
    CHECK(md.title == "Kop");
    CHECK(md.date == "2019-03-12");
    auto html = parse_file(Format::html, "<meta name=\"date\" content=\"12-03-2019\"><p>Tekst.</p>", "d.html");
    CHECK(html.warnings.empty());
    CHECK(only_article(html).date == "2019-03-12");
    auto jsonl = parse_file(Format::jsonl,
                            "{\"id\":\"a\",\"date\":\"Tue, 12 Mar 2019 10:00:00 +0100\",\"body\":\"Tekst.\"}\n"
                            "{\"id\":\"b\",\"date\":\"30 februari 2019\",\"body\":\"Tekst.\"}\n",
                            "a.jsonl");
    REQUIRE(jsonl.articles.size() == 2);
    CHECK(jsonl.articles[0].date == "2019-03-12");
    CHECK(jsonl.articles[1].date.empty());
    REQUIRE(jsonl.warnings.size() == 1);
    CHECK(jsonl.warnings[0].line == 2);
    CHECK(jsonl.warnings[0].message == "invalid date '30 februari 2019', ignored");
}

TEST_CASE("HTML: the publication date and publisher of a saved news page") {
    struct Row {
        const char* html;
        const char* date;
        const char* source;
    };
    const Row rows[] = {
        // JSON-LD, as news sites write it: an object, an @graph, an array
        {"<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\","
         "\"headline\":\"Kop\",\"datePublished\":\"2019-03-12T10:00:00+01:00\","
         "\"publisher\":{\"@type\":\"Organization\",\"name\":\"NOS\"}}</script><p>Tekst.</p>",
         "2019-03-12", "NOS"},
        {"<script type='application/ld+json'>{\"@graph\":[{\"@type\":\"WebPage\"},"
         "{\"@type\":\"NewsArticle\",\"dateCreated\":\"2019-03-11\",\"datePublished\":\"2019-03-12\"}]}</script><p>Tekst.</p>",
         "2019-03-12", ""},
        {"<script type='application/ld+json'>[{\"@type\":\"NewsArticle\",\"dateCreated\":\"2019-03-11\"}]</script><p>Tekst.</p>",
         "2019-03-11", ""},
        // a broken JSON-LD script is the page's business: no date, no warning
        {"<script type='application/ld+json'>{\"datePublished\": </script><p>Tekst.</p>", "", ""},
        // Dublin Core, microdata, Open Graph
        {"<meta name='DC.date.issued' content='12-03-2019'><p>Tekst.</p>", "2019-03-12", ""},
        {"<meta itemprop='datePublished' content='2019-03-12'><p>Tekst.</p>", "2019-03-12", ""},
        {"<meta property='og:site_name' content='NRC'><script type='application/ld+json'>"
         "{\"publisher\":{\"name\":\"NRC Media\"}}</script><p>Tekst.</p>",
         "", "NRC"},
    };
    for (const auto& r : rows) {
        INFO(r.html);
        auto result = parse_file(Format::html, r.html, "p.html");
        CHECK(result.warnings.empty());
        auto a = only_article(result);
        CHECK(a.date == r.date);
        CHECK(a.source == r.source);
        CHECK_FALSE(contains(a.body, "datePublished"));
    }
}

TEST_CASE("HTML: JSON-LD as sites write it: the article as a WebPage's mainEntity, a trailing comma, a line break in a string") {
    for (const char* ld : {
             "{\"@type\":\"WebPage\",\"name\":\"Kop | 1Limburg\",\"mainEntity\":{\"@type\":\"NewsArticle\","
             "\"headline\":\"Waterstand Maas stijgt\",\"datePublished\":\"2021-07-15T08:00:00+02:00\","
             "\"publisher\":{\"name\":\"1Limburg\"}}}",
             "{\"@type\":\"NewsArticle\",\"headline\":\"Waterstand Maas\nstijgt\",\"datePublished\":\"2021-07-15\","
             "\"publisher\":{\"name\":\"1Limburg\",},}",
         }) {
        INFO(ld);
        auto a = only_article(parse_file(
            Format::html,
            std::string("<html><head><title>Kop | 1Limburg</title><script type='application/ld+json'>") + ld +
                "</script></head><body><p>Tekst.</p></body></html>",
            "l.html"));
        CHECK(a.title == "Waterstand Maas stijgt");
        CHECK(a.date == "2021-07-15");
        CHECK(a.source == "1Limburg");
    }
}

TEST_CASE("HTML: the headline, not the site's name in the page title") {
    struct Row {
        const char* html;
        const char* title;
    };
    const Row rows[] = {
        {"<title>Kop | NOS</title><meta property='og:site_name' content='NOS'><p>Tekst.</p>", "Kop"},
        {"<title>Kop \xe2\x80\x93 NRC</title><meta name='source' content='NRC'><p>Tekst.</p>", "Kop"},
        {"<title>Kop - Trouw</title><meta property='og:title' content='Kop, voluit'><p>Tekst.</p>", "Kop, voluit"},
        {"<title>Kop | site</title><script type='application/ld+json'>{\"headline\":\"De kop\"}</script><p>Tekst.</p>",
         "De kop"},
        // a title that is not "headline | source" stays as it is
        {"<title>Kim | Trump</title><meta name='source' content='NOS'><p>Tekst.</p>", "Kim | Trump"},
        {"<title>NOS</title><meta name='source' content='NOS'><p>Tekst.</p>", "NOS"},
        {"<title>Vrede in Noord-Korea</title><meta name='source' content='Korea'><p>Tekst.</p>",
         "Vrede in Noord-Korea"},
        {"<title>Vrede -Korea</title><meta name='source' content='Korea'><p>Tekst.</p>", "Vrede -Korea"},
    };
    for (const auto& r : rows) {
        INFO(r.html);
        CHECK(only_article(parse_file(Format::html, r.html, "t.html")).title == r.title);
    }
}

TEST_CASE("HTML: other metadata sources") {
    auto a = only_article(parse_file(Format::html,
                                     "<html lang='EN-us'><meta name=source content='Trouw'>"
                                     "<meta property='og:url' content='https://t.nl/x'><p>Tekst.</p>",
                                     "m.html"));
    CHECK(a.source == "Trouw");
    CHECK(a.url == "https://t.nl/x");
    CHECK(a.lang == "en");
}

TEST_CASE("HTML: what a browser does not show is not indexed") {
    auto a = only_article(parse_file(
        Format::html,
        "<html><head><title>Top</title></head><body><p>Zichtbaar.</p>"
        "<div hidden><p>Verborgen attribuut.</p></div>"
        "<div style='color: red; Display : None'>Onzichtbaar.</div>"
        "<span style=\"visibility:hidden\">Ook weg.</span>"
        "<dialog><p>Wij gebruiken cookies.</p></dialog>"
        "<dialog open><p>Open dialoog.</p></dialog>"
        "<div style='display:block'>Blok.</div></body></html>",
        "a.html"));
    CHECK(a.body == "Zichtbaar.\n\nOpen dialoog.\n\nBlok.");
    // A page saved while a script kept it hidden until it loaded.
    auto b = only_article(parse_file(
        Format::html, "<html style='visibility:hidden'><body hidden><p>Het artikel.</p></body></html>", "b.html"));
    CHECK(b.body == "Het artikel.");
}

TEST_CASE("HTML: page parts named by ARIA roles and AMP's hidden layout are not indexed; an article's own header is") {
    auto a = only_article(parse_file(
        Format::html,
        "<html><body><header><p>Menu Zoeken</p></header>"
        "<div role='navigation'>Home &gt; Binnenland</div><div role='dialog' aria-label='cookies'>Toestemming</div>"
        "<div aria-modal='true'>Nieuwsbrief</div><amp-consent layout='nodisplay'>Partners</amp-consent>"
        "<article><header><h1>Kop van het stuk</h1><p>De lead: boeren moeten halveren.</p></header>"
        "<p>De tekst.</p><footer>Deel dit artikel</footer></article></body></html>",
        "a.html"));
    CHECK(a.body == "Kop van het stuk\n\nDe lead: boeren moeten halveren.\n\nDe tekst.");
}

TEST_CASE("HTML: a <time> marked as the publication date before a clock elsewhere; a relative canonical link made absolute") {
    auto a = only_article(parse_file(
        Format::html,
        "<html><body><header><time datetime='2024-02-06'>vandaag</time></header>"
        "<article><p>Tekst.</p><time itemprop='datePublished' datetime='2021-11-19T20:00'>19 november</time>"
        "</article></body></html>",
        "a.html"));
    CHECK(a.date == "2021-11-19");
    auto b = only_article(parse_file(
        Format::html,
        "<html><head><link rel='canonical' href='/nieuws/123'><meta property='og:url' "
        "content='https://www.nrc.nl/nieuws/123'></head><body><p>Tekst.</p></body></html>",
        "b.html"));
    CHECK(b.url == "https://www.nrc.nl/nieuws/123");
    auto c = only_article(parse_file(
        Format::html,
        "<html><head><base href='https://www.trouw.nl/binnenland/'><link rel='canonical' href='stuk~b1/'></head>"
        "<body><p>Tekst.</p></body></html>",
        "c.html"));
    CHECK(c.url == "https://www.trouw.nl/binnenland/stuk~b1/");
    auto d = only_article(parse_file(
        Format::html, "<html><head><link rel='canonical' href='/alleen/pad'></head><body><p>Tekst.</p></body></html>",
        "d.html"));
    CHECK(d.url.empty());  // no base to make it absolute: the file's own link instead
    // A page saved by a browser says where it came from.
    auto e = only_article(parse_file(
        Format::html, "<!-- saved from url=(0026)https://nos.nl/artikel/1 -->\n<html><body><p>Tekst.</p></body></html>",
        "e.html"));
    CHECK(e.url == "https://nos.nl/artikel/1");
}

TEST_CASE("HTML: a <time> without datetime is dated by its text when that is a date, not by a clock") {
    // HTML's rule: the element's text is its value. It was left out.
    auto a = only_article(parse_file(
        Format::html,
        "<html><body><header><time>10:32</time></header><article><h1>Kabinet valt</h1>"
        "<p>Gepubliceerd: <time>2019-03-12</time></p><p>Tekst.</p></article></body></html>",
        "a.html"));
    CHECK(a.date == "2019-03-12");
    auto b = only_article(parse_file(
        Format::html,
        "<html><body><p>Tekst <time itemprop='datePublished'>12 maart 2019</time>.</p>"
        "<time>2024-01-01</time></body></html>",
        "b.html"));
    CHECK(b.date == "2019-03-12");
    auto c = only_article(parse_file(Format::html, "<html><body><p>Om <time>10:32</time> tekst.</p></body></html>", "c.html"));
    CHECK(c.date.empty());
}

TEST_CASE("HTML: a <title> of parts or of one word gives way to the <h1> headline") {
    struct Row {
        const char* html;
        const char* title;
    };
    const Row rows[] = {
        {"<title>Home | RTL Nieuws</title><h1>Schiphol schrapt vluchten</h1>", "Schiphol schrapt vluchten"},
        {"<title>NOS</title><h1>Vuurwerkschade hoger dan ooit</h1>", "Vuurwerkschade hoger dan ooit"},
        {"<title>Brand in loods onder controle | Binnenland | AD.nl</title><meta property='og:site_name' "
         "content='AD.nl'><p>Tekst.</p>",
         "Brand in loods onder controle"},
        {"<title>Kop - RTL</title><meta name='twitter:title' content='Kabinet valt over toeslagen'><p>Tekst.</p>",
         "Kabinet valt over toeslagen"},
        // An <h1> of one word is the site's logo.
        {"<title>Kabinet valt over toeslagen</title><h1>NOS</h1>", "Kabinet valt over toeslagen"},
        // A page that does not name its site: a last part of one word
        // after a headline of words is its name; "Kim | Trump" is no headline.
        {"<title>Kim praat | NOS</title><p>Tekst.</p>", "Kim praat"},
        {"<title>Kim praat | Buitenland | nu.nl</title><p>Tekst.</p>", "Kim praat | Buitenland"},
        {"<title>Kim | Trump</title><p>Tekst.</p>", "Kim | Trump"},
        {"<title>Kim Jong-un | Trump</title><p>Tekst.</p>", "Kim Jong-un | Trump"},
        {"<title>Kim praat | De Telegraaf</title><p>Tekst.</p>", "Kim praat | De Telegraaf"},
    };
    for (const auto& r : rows) {
        INFO(r.html);
        CHECK(only_article(parse_file(Format::html, r.html, "t.html")).title == r.title);
    }
}

TEST_CASE("HTML: whitespace, blocks and inline elements") {
    struct Row {
        const char* html;
        const char* body;
    };
    const Row rows[] = {
        {"<p>a</p><p>b</p>", "a\n\nb"},
        {"<b>Noord</b>-Korea", "Noord-Korea"},
        {"<p>  veel \n\t  ruimte  </p>", "veel ruimte"},
        {"<div><div><p>a</p></div></div><div>b</div>", "a\n\nb"},
        {"<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>", "1 2\n3"},
        {"<pre>regel 1\nregel 2</pre>", "regel 1\nregel 2"},
        {"tien&nbsp;km &amp; &lt;meer&gt;", "tien km & <meer>"},
        {"<p>open <b>vet <i>schuin<p>nieuw", "open vet schuin\n\nnieuw"},
        {"<div>ongesloten <span>tekst", "ongesloten tekst"},
    };
    for (const auto& r : rows) {
        INFO(r.html);
        auto a = only_article(parse_file(Format::html, r.html, "w.html"));
        CHECK(a.body == r.body);
    }
}

TEST_CASE("soft hyphens and zero-width spaces inside words are removed, in every format") {
    // News sites put &shy; in long compounds so that browsers may break
    // them: left in, "vredesverklaring" was two words and not found.
    auto h = only_article(parse_file(
        Format::html,
        "<html><head><title>Vredes&shy;verklaring</title></head><body><p>De vredes&shy;ver&shy;klaring en "
        "sanctie&#x200B;verlichting&#8288;s&#xFEFF;pakket.</p></body></html>",
        "a.html"));
    CHECK(h.title == "Vredesverklaring");
    CHECK(h.body == "De vredesverklaring en sanctieverlichtingspakket.");
    auto t = only_article(parse_file(Format::txt, "title Slot\xC2\xADverklaring\n\nDe slot\xE2\x80\x8Bverklaring.", "b.txt"));
    CHECK(t.title == "Slotverklaring");
    CHECK(t.body == "De slotverklaring.");
    auto j = only_article(parse_file(Format::jsonl, "{\"id\":\"x\",\"body\":\"Handels\\u00ADoorlog\"}\n", "c.jsonl"));
    CHECK(j.body == "Handelsoorlog");
    // Other characters of those UTF-8 lead bytes stay: "–", "’", "€", a non-breaking space.
    auto k = only_article(parse_file(Format::txt, "Zo\xE2\x80\x99n \xE2\x82\xAC 5 \xE2\x80\x93 nu\xC2\xA0" "al.", "d.txt"));
    CHECK(k.body == "Zo\xE2\x80\x99n \xE2\x82\xAC 5 \xE2\x80\x93 nu\xC2\xA0" "al.");
}

TEST_CASE("HTML: a numeric character reference past U+10FFFF is U+FFFD, as in a browser") {
    // gumbo reads "&#x2019aaaa...;" into an int that overflows and writes a
    // stray byte (0xAA) for it: the fields must still be valid UTF-8.
    const std::string huge = "&#x2019" + std::string(56, 'a') + ";";
    auto a = only_article(parse_file(Format::html,
                                     "<title>Top" + huge + "</title><meta name=source content='N" + huge +
                                         "'><p>presi" + huge + "s delegatie &eacute;n &#x2019;</p>",
                                     "r.html"));
    CHECK(a.title == "Top\xEF\xBF\xBD");
    CHECK(a.source == "N\xEF\xBF\xBD");
    CHECK(a.body == "presi\xEF\xBF\xBDs delegatie \xC3\xA9n \xE2\x80\x99");
}

TEST_CASE("HTML: 10,000 levels of nesting do not overflow the stack") {
    std::string html = "<html><body>";
    for (int i = 0; i < 10000; ++i) html += "<div>";
    html += "diep verstopt";
    for (int i = 0; i < 10000; ++i) html += "</div>";
    html += "<p>daarna</p></body></html>";
    auto a = only_article(parse_file(Format::html, html, "diep.html"));
    CHECK(a.body == "diep verstopt\n\ndaarna");

    std::string unclosed;
    for (int i = 0; i < 10000; ++i) unclosed += "<span>";
    unclosed += "nooit gesloten";
    auto b = only_article(parse_file(Format::html, unclosed, "open.html"));
    CHECK(b.body == "nooit gesloten");
}

// ---- .jsonl --------------------------------------------------------------------

TEST_CASE("JSON Lines: good lines are indexed, bad lines are errors with their line") {
    const std::string text =
        R"({"id": "a1", "title": "Eerste", "date": "2019-02-28", "source": "NRC", "url": "https://x.nl", "lang": "nl-NL", "body": "Tekst één."})"
        "\n"
        "\n"                                                  // 2: blank, skipped silently
        R"({"id": 7, "body": "Zonder titel. Tweede zin."})"   // 3: integer id
        "\n"
        R"({"id": "b", "body": "kapot)"                       // 4: not valid JSON
        "\n"
        R"([1, 2, 3])"                                        // 5: not an object
        "\n"
        R"({"title": "Geen id", "body": "x"})"                // 6: no id
        "\n"
        R"({"id": "c", "body": 12})"                          // 7: body is a number
        "\n"
        R"({"id": "a1", "body": "Dubbel."})"                  // 8: duplicate id
        "\n"
        R"({"id": "d", "title": "", "body": "  "})"           // 9: nothing to index
        "\n"
        R"({"id": 1.5, "body": "x"})"                         // 10: id of the wrong type
        "\n"
        R"({"id": "e", "date": "2019-13-45", "body": "Slechte datum."})"  // 11: warning only
        "\n"
        R"({"id": "f", "title": "Afgekapt", "bo)";            // 12: truncated last line
    auto r = parse_file(Format::jsonl, text, "archief/nrc.jsonl");

    REQUIRE(r.articles.size() == 3);
    const Article& first = r.articles[0];
    CHECK(first.id == "archief/nrc.jsonl#a1");
    CHECK(first.path == "archief/nrc.jsonl");
    CHECK(first.title == "Eerste");
    CHECK(first.date == "2019-02-28");
    CHECK(first.source == "NRC");
    CHECK(first.url == "https://x.nl");
    CHECK(first.lang == "nl");
    CHECK(first.body == "Tekst één.");

    CHECK(r.articles[1].id == "archief/nrc.jsonl#7");
    CHECK(r.articles[1].title == "Zonder titel.");
    CHECK(r.articles[2].id == "archief/nrc.jsonl#e");
    CHECK(r.articles[2].date.empty());

    struct Expected {
        std::size_t line;
        const char* message_start;
    };
    const Expected expected[] = {
        {4, "not valid JSON: "},
        {5, "not a JSON object"},
        {6, "no id"},
        {7, "field 'body' must be a string, not number"},
        {8, "duplicate id 'a1' (first on line 1)"},
        {9, "no title or body"},
        {10, "field 'id' must be a string or an integer"},
        {12, "not valid JSON: "},
    };
    REQUIRE(r.errors.size() == std::size(expected));
    for (std::size_t i = 0; i < r.errors.size(); ++i) {
        INFO(r.errors[i].message);
        CHECK(r.errors[i].line == expected[i].line);
        CHECK(starts_with(r.errors[i].message, expected[i].message_start));
        CHECK_FALSE(contains(r.errors[i].message, "\n"));
        CHECK_FALSE(contains(r.errors[i].message, "json.exception"));
        CHECK(r.errors[i].message.size() < 120);
    }
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].line == 11);
    CHECK(r.warnings[0].message == "invalid date '2019-13-45', ignored");
}

TEST_CASE("JSON Lines: an article's size is that of its own line") {
    const std::string one = R"({"id": "a", "title": "Kort", "body": "Eén."})";
    const std::string two = R"({"id": "b", "title": "Langer", "body": "Een langere regel tekst."})";
    auto r = parse_file(Format::jsonl, one + "\r\n\n" + two + "\n", "x.jsonl");
    REQUIRE(r.articles.size() == 2);
    CHECK(r.articles[0].record_bytes == one.size());
    CHECK(r.articles[1].record_bytes == two.size());
    // a file of one article is its file: its size is the file's
    CHECK(only_article(parse_file(Format::txt, "titel: a\n\nb", "a.txt")).record_bytes == 0);
}

TEST_CASE("a path that is not UTF-8 gets an id of its own, its bytes as %XX") {
    using knipsel::id_path;
    CHECK(id_path("2019/café één 100%.txt") == "2019/café één 100%.txt");  // UTF-8 stays as it is
    CHECK(id_path("bad\xFF.txt") == "bad%FF.txt");
    CHECK(id_path("bad\xFE.txt") == "bad%FE.txt");
    CHECK(id_path("caf\xE9 100%.txt") == "caf%E9 100%25.txt");  // '%' too, to read it back
    CHECK(id_path("\xC3(\xC3\xA9") == "%C3(é");                 // only the bytes of no valid sequence
    CHECK(id_path("\xED\xA0\x80.txt") == "%ED%A0%80.txt");      // a surrogate is no UTF-8
    // A UTF-8 name that reads as an escape keeps its '%' as %25: not the
    // Latin-1 name's id ("caf\xE9.txt" is caf%E9.txt).
    CHECK(id_path("caf%E9.txt") == "caf%25E9.txt");
    CHECK(id_path("100%ab 50%.txt") == "100%25ab 50%.txt");
    auto a = only_article(parse_file(Format::txt, "titel: a\n\nb", "map/caf\xE9.txt"));
    CHECK(a.id == "map/caf%E9.txt");
    CHECK(a.path == "map/caf%E9.txt");
    auto r = parse_file(Format::jsonl, R"({"id": "1", "body": "b"})", "caf\xE9.jsonl");
    REQUIRE(r.articles.size() == 1);
    CHECK(r.articles[0].id == "caf%E9.jsonl#1");
}

// ---- .rss, .atom ---------------------------------------------------------------

TEST_CASE("an RSS feed: each item is an article, the channel's title its source") {
    auto r = parse_file(Format::feed, read_data("nieuws.rss"), "f/nieuws.rss");
    REQUIRE(r.articles.size() == 2);
    const Article& a = r.articles[0];
    CHECK(a.id == "f/nieuws.rss#noordzee-2019-0312-1");
    CHECK(a.path == "f/nieuws.rss");
    CHECK(a.title == "Nieuwe sancties tegen Noord-Korea");
    CHECK(a.date == "2019-03-12");
    CHECK(a.source == "Persbureau Noordzee");
    CHECK(a.url == "https://example.org/noordzee/2019/03/12/sancties");
    CHECK(a.lang == "nl");
    // content:encoded, its HTML as text, before the description
    CHECK(a.body == "De Veiligheidsraad stemt in met nieuwe sancties.\n\nDe steenkool mag het land niet meer uit.");
    const Article& b = r.articles[1];
    CHECK(b.id == "f/nieuws.rss#https://example.org/noordzee/2019/03/13/iran");  // no guid: the link
    CHECK(b.date == "2019-03-13");
    CHECK(b.body == "Europa zoekt een weg rond de sancties tegen Iran.");
    // An item without an id, and one whose guid came before, are errors on their lines.
    REQUIRE(r.errors.size() == 2);
    CHECK(r.errors[0].line == 21);
    CHECK(r.errors[0].message == "item has no guid, id or link");
    CHECK(r.errors[1].line == 25);
    CHECK(r.errors[1].message == "duplicate id 'noordzee-2019-0312-1' (first on line 7)");
    CHECK(r.warnings.empty());
}

TEST_CASE("a feed item's size is that of its own XML, not the feed's") {
    const std::string item1 = "<item><guid>1</guid><title>Één</title><description>Kort.</description></item>";
    const std::string item2 = "<item><guid>2</guid><title>Twee</title><description>" + std::string(500, 'x') +
                              "</description></item>";
    const std::string feed = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>T</title>\n" +
                             item1 + "\n" + item2 + "\n</channel></rss>\n";
    auto r = parse_file(Format::feed, feed, "f.rss");
    REQUIRE(r.articles.size() == 2);
    CHECK(r.articles[0].record_bytes == item1.size());
    CHECK(r.articles[1].record_bytes == item2.size());
}

TEST_CASE("a feed's titles as HTML, and its relative links made absolute") {
    // Feeds often escape a title's HTML once more ("&amp;amp;"), or write
    // markup in it; an item's link may be relative to the feed's site.
    auto r = parse_file(
        Format::feed,
        "<?xml version='1.0'?>\n<rss version='2.0'><channel><title>NOS &amp;amp; Nieuws</title>"
        "<link>https://nos.nl/nieuws/</link>\n"
        "<item><guid>1</guid><title>Kim &amp;amp; Trump &#8211; weer &lt;b&gt;samen&lt;/b&gt;</title>"
        "<link>/artikel/1</link><description>Tekst.</description></item>\n"
        "<item><guid>2</guid><title><![CDATA[AT&T en R&D: 5 < 6]]></title><link>artikel/2?a=1</link>"
        "<description>Tekst.</description></item>\n"
        "<item xml:base='https://other.example/x/'><guid>3</guid><title>Gewoon</title><link>y</link>"
        "<description>Tekst.</description></item>\n"
        "<item><guid>4</guid><title>Post</title><link>mailto:redactie@nos.nl</link>"
        "<description>Tekst.</description></item>\n"
        "</channel></rss>",
        "f.rss");
    REQUIRE(r.articles.size() == 4);
    CHECK(r.articles[0].title == "Kim & Trump \xE2\x80\x93 weer samen");
    CHECK(r.articles[0].source == "NOS & Nieuws");
    CHECK(r.articles[0].url == "https://nos.nl/artikel/1");
    CHECK(r.articles[1].title == "AT&T en R&D: 5 < 6");  // no markup: as it is
    CHECK(r.articles[1].url == "https://nos.nl/nieuws/artikel/2?a=1");
    CHECK(r.articles[2].url == "https://other.example/x/y");
    CHECK(r.articles[3].url == "mailto:redactie@nos.nl");
    // A feed that names no site of its own leaves a relative link as it is.
    auto bare = only_article(parse_file(
        Format::feed, "<rss><channel><title>T</title><item><guid>1</guid><link>/a</link><description>x</description></item></channel></rss>",
        "g.rss"));
    CHECK(bare.url == "/a");
}

TEST_CASE("an Atom feed, and RSS 1.0") {
    auto atom = parse_file(Format::feed,
                           "<?xml version='1.0'?>\n<feed xmlns='http://www.w3.org/2005/Atom' xml:lang='en'>\n"
                           "<title>Test Wire</title>\n<entry>\n<id>urn:wire:1</id>\n<title>Talks resume</title>\n"
                           "<link rel='self' href='https://w.example/self'/><link href='https://w.example/1'/>\n"
                           "<updated>2019-07-02T10:00:00Z</updated><published>2019-07-01T09:00:00Z</published>\n"
                           "<summary>Short.</summary><content type='html'>&lt;p&gt;Envoys met again.&lt;/p&gt;</content>\n"
                           "</entry>\n</feed>",
                           "w.atom");
    auto a = only_article(atom);
    CHECK(a.id == "w.atom#urn:wire:1");
    CHECK(a.title == "Talks resume");
    CHECK(a.url == "https://w.example/1");
    CHECK(a.date == "2019-07-01");
    CHECK(a.source == "Test Wire");
    CHECK(a.lang == "en");
    CHECK(a.body == "Envoys met again.");
    auto rdf = parse_file(Format::feed,
                          "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns='http://purl.org/rss/1.0/'"
                          " xmlns:dc='http://purl.org/dc/elements/1.1/'><channel><title>Oud</title></channel>"
                          "<item><title>Kop</title><link>https://o.example/1</link><dc:date>2004-05-06</dc:date>"
                          "<description>Tekst.</description></item></rdf:RDF>",
                          "o.rss");
    auto b = only_article(rdf);
    CHECK(b.id == "o.rss#https://o.example/1");
    CHECK(b.source == "Oud");
    CHECK(b.date == "2004-05-06");
    // An item named by its rdf:about alone: that is its address (it was
    // "item has no guid, id or link").
    auto about = parse_file(Format::feed,
                            "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' "
                            "xmlns='http://purl.org/rss/1.0/'><channel><title>Oud</title></channel>"
                            "<item rdf:about='https://o.example/2'><title>Kop</title>"
                            "<description>Tekst.</description></item></rdf:RDF>",
                            "o.rss");
    auto c = only_article(about);
    CHECK(c.id == "o.rss#https://o.example/2");
    CHECK(c.url == "https://o.example/2");
}

TEST_CASE("a feed item's own title and text, not those of its media or podcast elements") {
    auto r = parse_file(Format::feed,
                        "<rss version='2.0' xmlns:media='http://search.yahoo.com/mrss/' "
                        "xmlns:itunes='http://www.itunes.com/dtds/podcast-1.0.dtd' "
                        "xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel><title>NOS</title>"
                        "<item><guid>1</guid><title>Storm op komst</title><description>Korte tekst.</description>"
                        "<content:encoded>&lt;p&gt;Lange tekst over windstoten.&lt;/p&gt;</content:encoded>"
                        "<media:content url='x.jpg'><media:title>Foto: boom</media:title>"
                        "<media:description>Een omgewaaide boom.</media:description>"
                        "<media:credit>ANP</media:credit></media:content><media:title>Foto</media:title>"
                        "<itunes:summary>Samenvatting</itunes:summary></item>"
                        "<item><guid>https://news.example/2</guid><title>Kabinet valt - Trouw</title>"
                        "<source url='https://trouw.nl'>Trouw</source><description>Tekst.</description></item>"
                        "</channel></rss>",
                        "f.rss");
    REQUIRE(r.articles.size() == 2);
    CHECK(r.articles[0].title == "Storm op komst");
    CHECK(r.articles[0].body == "Lange tekst over windstoten.");
    // An aggregator's item: its paper is the source, and the title loses it;
    // a permalink guid is its link.
    CHECK(r.articles[1].source == "Trouw");
    CHECK(r.articles[1].title == "Kabinet valt");
    CHECK(r.articles[1].url == "https://news.example/2");
}

TEST_CASE("a feed's HTML named references outside CDATA are the characters they stand for") {
    // XML does not define them: libxml2 dropped them ("caf", "gaatdicht"), with a warning.
    auto r = parse_file(Format::feed,
                        "<rss version='2.0'><channel><title>Caf&eacute; Nieuws</title><item><guid>1</guid>"
                        "<title>Het caf&eacute; gaat&nbsp;dicht</title>"
                        "<description>Twee&euml;n &amp; Co &lt;b&gt;vet&lt;/b&gt;</description></item>"
                        "<item><guid>2</guid><title>Ruw</title>"
                        "<description><![CDATA[<p>caf&eacute; &amp;eacute;</p>]]></description></item>"
                        "</channel></rss>",
                        "c.rss");
    CHECK(r.warnings.empty());
    CHECK_FALSE(r.partial);
    REQUIRE(r.articles.size() == 2);
    CHECK(r.articles[0].source == "Café Nieuws");
    CHECK(r.articles[0].title == "Het café gaat dicht");
    CHECK(r.articles[0].body == "Tweeën & Co vet");
    // CDATA is left as it is, and read as the HTML it holds.
    CHECK(r.articles[1].body == "café &eacute;");
    // A name HTML does not know either is still a fault, said on its line,
    // and read as the text it is; the other items keep their "&amp;" (libxml2's
    // recovery had dropped each one after it: "QA met ATT").
    auto bad = parse_file(Format::feed,
                          "<rss version='2.0'><channel><title>T</title><item><guid>1</guid>\n"
                          "<title>a &bestaatniet; b</title></item>\n<item><guid>2</guid>"
                          "<title>Q&amp;A met AT&amp;T</title></item></channel></rss>",
                          "b.rss");
    REQUIRE(bad.warnings.size() == 1);
    CHECK(bad.warnings[0].line == 2);
    CHECK(contains(bad.warnings[0].message, "bestaatniet"));
    REQUIRE(bad.articles.size() == 2);
    CHECK(bad.articles[0].title == "a &bestaatniet; b");
    CHECK(bad.articles[1].title == "Q&A met AT&T");
}

TEST_CASE("Atom text constructs: type text (the default) is plain text, html escaped HTML; an entry's own xml:lang") {
    auto r = parse_file(Format::feed,
                        "<feed xmlns='http://www.w3.org/2005/Atom' xml:lang='nl'><title>Blog</title>"
                        "<entry><id>1</id><title type='text'>a&lt;b en &lt;c&gt;</title>"
                        "<content type='text'>zie &lt;bijlage&gt; en a&lt;b voor de cijfers</content></entry>"
                        "<entry xml:lang='en-GB'><id>2</id><title>Kim &amp;amp; Trump</title>"
                        "<summary>x &lt;y&gt; z</summary></entry>"
                        "<entry><id>3</id><title type='html'>Kim &amp;amp; &lt;b&gt;Trump&lt;/b&gt;</title>"
                        "<content type='html'>&lt;p&gt;Een &amp;lt;b&amp;gt;.&lt;/p&gt;</content></entry>"
                        "</feed>",
                        "a.atom");
    REQUIRE(r.articles.size() == 3);
    CHECK(r.articles[0].title == "a<b en <c>");
    CHECK(r.articles[0].body == "zie <bijlage> en a<b voor de cijfers");
    CHECK(r.articles[0].lang == "nl");
    CHECK(r.articles[1].title == "Kim &amp; Trump");
    CHECK(r.articles[1].body == "x <y> z");
    CHECK(r.articles[1].lang == "en");
    CHECK(r.articles[2].title == "Kim & Trump");
    CHECK(r.articles[2].body == "Een <b>.");
}

TEST_CASE("an Atom feed's type is application/atom+xml, an RSS feed's application/rss+xml") {
    CHECK(std::string(knipsel::mime_type(Format::feed, "nieuws/wire.atom")) == "application/atom+xml");
    CHECK(std::string(knipsel::mime_type(Format::feed, "WIRE.ATOM")) == "application/atom+xml");
    CHECK(std::string(knipsel::mime_type(Format::feed, "nieuws.rss")) == "application/rss+xml");
    CHECK(std::string(knipsel::mime_type(Format::txt, "a.atom.txt")) == "text/plain");
}

TEST_CASE("Atom xhtml content is read as the HTML it is") {
    auto r = parse_file(Format::feed,
                        "<feed xmlns='http://www.w3.org/2005/Atom'><title>Blog</title><entry><id>1</id>"
                        "<title>Peiling</title><content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>"
                        "<p>Eerste alinea.</p><p>Tweede alinea.</p><ul><li>BBB</li><li>VVD</li></ul></div>"
                        "</content></entry></feed>",
                        "a.atom");
    REQUIRE(r.articles.size() == 1);
    CHECK(r.articles[0].body == "Eerste alinea.\n\nTweede alinea.\n\nBBB\nVVD");
}

TEST_CASE("a broken feed: what can be recovered, with a warning on its line; no feed, an error") {
    auto r = parse_file(Format::feed,
                        "<rss><channel><title>T</title>\n<item><guid>1</guid><title>Een</title></item>\n"
                        "<item><guid>2</guid><title>Twee & drie</title></item>\n",
                        "b.rss");
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].line == 3);
    CHECK(contains(r.warnings[0].message, "not well-formed XML: "));
    CHECK(contains(r.warnings[0].message, "read as far as it could be recovered"));
    CHECK(r.partial);  // the items it lost are not pruned
    CHECK(r.articles.size() >= 1);
    CHECK(r.articles[0].title == "Een");
    auto html = parse_file(Format::feed, "<html><body><p>Geen feed.</p></body></html>", "h.rss");
    REQUIRE(html.errors.size() == 1);
    CHECK(html.errors[0].message == "not an RSS or Atom feed (its root element is <html>)");
    CHECK(html.articles.empty());
    auto garbage = parse_file(Format::feed, "dit is geen xml", "g.rss");
    REQUIRE(garbage.errors.size() == 1);
    CHECK(contains(garbage.errors[0].message, "not well-formed XML"));
    // Entities of its own ("billion laughs") are refused, not expanded.
    auto laughs = parse_file(Format::feed,
                             "<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY a 'haha'><!ENTITY b '&a;&a;&a;&a;'>]>"
                             "<rss><channel><item><guid>1</guid><title>&b;&b;</title></item></channel></rss>",
                             "l.rss");
    REQUIRE(laughs.errors.size() == 1);
    CHECK(laughs.errors[0].message == "declares entities of its own, not read");
    CHECK(laughs.articles.empty());
}

TEST_CASE("a feed that declares entities of its own gets the error alone, not a warning on its references too") {
    // Its "&a;" is no entity XML or HTML defines: that warning said it was
    // read as text, and then the error said the feed was not read at all.
    auto r = parse_file(Format::feed,
                        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY a \"x\">]>\n<rss version=\"2.0\"><channel>"
                        "<title>NOS</title>\n<item><guid>1</guid><title>Kabinet &a; valt</title>"
                        "<description>Het kabinet is gevallen.</description></item></channel></rss>\n",
                        "e.rss");
    CHECK(r.warnings.empty());
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message == "declares entities of its own, not read");
    CHECK(r.articles.empty());
    // In a feed that is read, such a name is still said, in its place
    // before the warning on a fault later on.
    auto read = parse_file(Format::feed,
                           "<rss version=\"2.0\"><channel><title>NOS</title>\n<item><guid>1</guid>"
                           "<title>Kabinet &a; valt</title></item>\n<item><guid>2</guid><title>Kamer & co</title>"
                           "</item>\n",
                           "r.rss");
    REQUIRE(read.warnings.size() == 2);
    CHECK(read.warnings[0].line == 2);
    CHECK(contains(read.warnings[0].message, "entity 'a' is defined by neither XML nor HTML"));
    CHECK(contains(read.warnings[1].message, "read as far as it could be recovered"));
    REQUIRE_FALSE(read.articles.empty());
    CHECK(read.articles[0].title == "Kabinet &a; valt");
}

TEST_CASE("JSON Lines: other tools' names of the fields") {
    auto r = parse_file(Format::jsonl,
                        "{\"id\":1,\"headline\":\"Kop\",\"publish_date\":\"2019-03-12 10:00:00\","
                        "\"publisher\":{\"name\":\"NOS\"},\"link\":\"https://nos.nl/a\",\"text\":\"Tekst.\"}\n"
                        "{\"id\":2,\"titel\":\"Kop twee\",\"datum\":\"12 maart 2019\",\"bron\":\"NRC\","
                        "\"taal\":\"nl\",\"tekst\":\"Meer tekst.\"}\n"
                        // the name itself wins; a wrong type under it is still an error
                        "{\"id\":3,\"title\":\"Echt\",\"headline\":\"Niet\",\"body\":\"Tekst.\"}\n"
                        "{\"id\":4,\"title\":7,\"headline\":\"Kop\",\"body\":\"Tekst.\"}\n",
                        "a.jsonl");
    REQUIRE(r.articles.size() == 3);
    CHECK(r.articles[0].title == "Kop");
    CHECK(r.articles[0].date == "2019-03-12");
    CHECK(r.articles[0].source == "NOS");
    CHECK(r.articles[0].url == "https://nos.nl/a");
    CHECK(r.articles[0].body == "Tekst.");
    CHECK(r.articles[1].title == "Kop twee");
    CHECK(r.articles[1].date == "2019-03-12");
    CHECK(r.articles[1].source == "NRC");
    CHECK(r.articles[1].lang == "nl");
    CHECK(r.articles[1].body == "Meer tekst.");
    CHECK(r.articles[2].title == "Echt");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].line == 4);
    CHECK(r.errors[0].message == "field 'title' must be a string, not number");
}

TEST_CASE("JSON Lines: schema.org's NewsArticle names, and a body under a name of no tool's is said") {
    const std::string text(300, 'x');
    auto r = parse_file(Format::jsonl,
                        "{\"id\":1,\"headline\":\"Kop\",\"datePublished\":\"2019-03-12T10:00:00+01:00\","
                        "\"publisher\":{\"name\":\"NOS\"},\"inLanguage\":\"nl-NL\",\"articleBody\":\"Tekst.\"}\n"
                        "{\"id\":2,\"kop\":\"Geen titel\",\"title\":\"Kop twee\",\"inhoud\":\"" +
                            text + "\",\"samenvatting\":\"kort\"}\n"
                        // a title alone, with no long text beside it: no warning
                        "{\"id\":3,\"title\":\"Kop drie\",\"rubriek\":\"Buitenland\"}\n",
                        "a.jsonl");
    REQUIRE(r.articles.size() == 3);
    CHECK(r.articles[0].title == "Kop");
    CHECK(r.articles[0].date == "2019-03-12");
    CHECK(r.articles[0].source == "NOS");
    CHECK(r.articles[0].lang == "nl");
    CHECK(r.articles[0].body == "Tekst.");
    CHECK(r.articles[1].title == "Kop twee");
    CHECK(r.articles[1].body.empty());
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].line == 2);
    CHECK(r.warnings[0].message.starts_with("no body: indexed by its title; the text under 'inhoud' is not read"));
    CHECK(r.errors.empty());
}

TEST_CASE("JSON Lines: scrapers' exports (news-please, NewsAPI, trafilatura), and empty fields as absent") {
    auto r = parse_file(
        Format::jsonl,
        // news-please: no id (its address is one), maintext, date_publish, source_domain
        "{\"url\":\"https://nos.nl/1\",\"title\":\"Huren bevroren\",\"maintext\":\"Het kabinet bevriest.\","
        "\"date_publish\":\"2023-03-09 10:00:00\",\"source_domain\":\"nos.nl\"}\n"
        // NewsAPI: source as an object, publishedAt, content
        "{\"id\":\"na\",\"source\":{\"id\":null,\"name\":\"NU.nl\"},\"title\":\"Inflatie\","
        "\"publishedAt\":\"2023-03-31T08:00:00Z\",\"content\":\"De inflatie daalt.\"}\n"
        // trafilatura: "source" is the page's address, the site under "sitename"
        "{\"id\":\"t\",\"title\":\"Blowverbod\",\"source\":\"https://www.parool.nl/a\",\"sitename\":\"Het "
        "Parool\",\"date\":\"2023-05-25\",\"text\":\"Niet meer blowen.\"}\n"
        // an empty field under the name gives way to another tool's name
        "{\"id\":\"e\",\"title\":\"\",\"headline\":\"Kop\",\"date\":\"\",\"datePublished\":\"2023-03-09\","
        "\"body\":\"Tekst.\"}\n",
        "a.jsonl");
    REQUIRE(r.errors.empty());
    REQUIRE(r.articles.size() == 4);
    CHECK(r.articles[0].id == "a.jsonl#https://nos.nl/1");
    CHECK(r.articles[0].body == "Het kabinet bevriest.");
    CHECK(r.articles[0].date == "2023-03-09");
    CHECK(r.articles[0].source == "nos.nl");
    CHECK(r.articles[1].source == "NU.nl");
    CHECK(r.articles[1].date == "2023-03-31");
    CHECK(r.articles[1].body == "De inflatie daalt.");
    CHECK(r.articles[2].source == "Het Parool");
    CHECK(r.articles[2].url == "https://www.parool.nl/a");
    CHECK(r.articles[3].title == "Kop");
    CHECK(r.articles[3].date == "2023-03-09");
    // An empty id is no id either: the address stands in (it was "no id").
    for (const char* empty : {"\"\"", "\"  \""}) {
        INFO(empty);
        auto blank = parse_file(Format::jsonl,
                                std::string("{\"id\":") + empty + ",\"url\":\"http://x/y\",\"body\":\"tekst\"}\n",
                                "e.jsonl");
        REQUIRE(blank.errors.empty());
        REQUIRE(blank.articles.size() == 1);
        CHECK(blank.articles[0].id == "e.jsonl#http://x/y");
    }
    // trafilatura's own records: "id" null, the address only under "source".
    auto trafilatura = parse_file(Format::jsonl,
                                  "{\"id\":null,\"title\":\"Blowverbod\",\"source\":\"https://www.parool.nl/a\","
                                  "\"source-hostname\":\"Het Parool\",\"text\":\"Niet meer blowen.\"}\n",
                                  "t.jsonl");
    REQUIRE(trafilatura.errors.empty());
    REQUIRE(trafilatura.articles.size() == 1);
    CHECK(trafilatura.articles[0].id == "t.jsonl#https://www.parool.nl/a");
    CHECK(trafilatura.articles[0].url == "https://www.parool.nl/a");
    CHECK(trafilatura.articles[0].source == "Het Parool");
    auto none = parse_file(Format::jsonl, "{\"id\":\"\",\"body\":\"tekst\"}\n", "e.jsonl");
    REQUIRE(none.errors.size() == 1);
    CHECK(none.errors[0].message == "no id");
}

TEST_CASE("JSON Lines: null fields count as absent, CRLF files work") {
    auto r = parse_file(Format::jsonl,
                        "{\"id\":\"x\",\"title\":null,\"body\":\"Regel een.\\r\\nRegel twee.\"}\r\n"
                        "{\"id\":\"y\",\"title\":\"Alleen titel\"}\r\n",
                        "a.jsonl");
    REQUIRE(r.errors.empty());
    REQUIRE(r.articles.size() == 2);
    CHECK(r.articles[0].title == "Regel een.");
    CHECK(r.articles[0].body == "Regel een.\nRegel twee.");
    CHECK(r.articles[1].title == "Alleen titel");
    CHECK(r.articles[1].body.empty());
    // A title or source with line breaks is one line, as in every format.
    const char* line = "{\"id\":\"z\",\"title\":\"Kop \\r\\n  over twee\",\"bron\":\" NRC\\nHandelsblad\"}\n";
    auto broken = only_article(parse_file(Format::jsonl, line, "b.jsonl"));
    CHECK(broken.title == "Kop over twee");
    CHECK(broken.source == "NRC Handelsblad");
}

TEST_CASE("JSON Lines: an article larger than 16 MB is cut at a whole character, with a warning on its line") {
    // "a" then two-byte "é"s: the 16 MB mark falls inside a character.
    std::string body = "a";
    while (body.size() <= knipsel::max_article_bytes + 10) body += "\xC3\xA9";
    const std::string text = "{\"id\":\"klein\",\"body\":\"Tekst.\"}\n{\"id\":\"groot\",\"body\":\"" + body + "\"}\n";
    ParseResult r = parse_file(Format::jsonl, text, "a.jsonl");
    REQUIRE(r.articles.size() == 2);
    const std::string& cut = r.articles[1].body;
    CHECK(cut.size() == knipsel::max_article_bytes - 1);
    CHECK(cut.compare(cut.size() - 2, 2, "\xC3\xA9") == 0);  // ends with a whole "é"
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].line == 2);
    CHECK_THAT(r.warnings[0].message, Catch::Contains("16 MB"));
    CHECK(r.articles[0].body == "Tekst.");
}

// ---- real-world input: what archives hold ---------------------------------------

TEST_CASE("JSON Lines: a date as a Unix time (a number, or a string of digits) is the day it was in the Netherlands") {
    const std::string text =
        "{\"id\":\"s\",\"title\":\"Seconden\",\"date\":1552381200,\"body\":\"x\"}\n"
        "{\"id\":\"ms\",\"title\":\"Milliseconden\",\"published\":1552381200000,\"body\":\"x\"}\n"
        // 23:30 UTC on 11 March is 00:30 on 12 March in Amsterdam
        "{\"id\":\"nacht\",\"title\":\"Nacht\",\"date\":1552347000,\"body\":\"x\"}\n"
        "{\"id\":\"tekst\",\"title\":\"Als tekst\",\"date\":\"1552381200\",\"body\":\"x\"}\n"
        "{\"id\":\"float\",\"title\":\"Breuk\",\"date\":1552381200.5,\"body\":\"x\"}\n"
        "{\"id\":\"leeg\",\"title\":\"Leeg\",\"date\":\"\",\"publishedAt\":1552381200,\"body\":\"x\"}\n"
        "{\"id\":\"iso\",\"title\":\"ISO\",\"date\":\"2019-03-12T10:00:00.000Z\",\"body\":\"x\"}\n"
        // a whole number of a date's digits is that date, not 1970's seconds
        "{\"id\":\"cijfers\",\"title\":\"Cijfers\",\"date\":20190312,\"body\":\"x\"}\n"
        "{\"id\":\"onzin\",\"title\":\"Onzin\",\"date\":1e300,\"body\":\"x\"}\n"
        "{\"id\":\"jaar\",\"title\":\"Jaar\",\"date\":2019,\"body\":\"x\"}\n";
    ParseResult r = parse_file(Format::jsonl, text, "a.jsonl");
    REQUIRE(r.errors.empty());
    REQUIRE(r.articles.size() == 10);
    for (std::size_t i = 0; i < 8; ++i) {
        INFO(r.articles[i].id);
        CHECK(r.articles[i].date == "2019-03-12");
    }
    CHECK(r.articles[8].date.empty());  // indexed without a date, with a warning on its line
    CHECK(r.articles[9].date == "2019");
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].line == 9);
    CHECK_THAT(r.warnings[0].message, Catch::Contains("invalid date"));
}

TEST_CASE("JSON Lines: a body or title that is HTML (a CMS export) is read as a page's text") {
    const std::string text =
        "{\"id\":\"wp\",\"title\":\"Kim &#038; Trump &#8211; de top\",\"content\":\"<p>Eerste alinea.</p>"
        "<p>Tweede&nbsp;alinea met caf&eacute;<br>en een regel.</p><script>var junk=1;</script>\"}\n"
        "{\"id\":\"tekst\",\"title\":\"AT&T koopt\",\"body\":\"Als a < b en AT&T groeit: geen HTML.\"}\n"
        "{\"id\":\"formule\",\"body\":\"Formule: a<b en c>d geldt.\"}\n";
    ParseResult r = parse_file(Format::jsonl, text, "a.jsonl");
    REQUIRE(r.errors.empty());
    REQUIRE(r.articles.size() == 3);
    // "<b en c>" has no attribute of a tag: a formula, kept whole (it read
    // as "Formule: ad geldt.")
    CHECK(r.articles[2].body == "Formule: a<b en c>d geldt.");
    CHECK(r.articles[0].title == "Kim & Trump – de top");
    CHECK(r.articles[0].body == "Eerste alinea.\n\nTweede alinea met café\nen een regel.");
    CHECK(r.articles[1].title == "AT&T koopt");
    CHECK(r.articles[1].body == "Als a < b en AT&T groeit: geen HTML.");
}

TEST_CASE("HTML: two <br> in a row end a paragraph, as older news sites and feeds write them") {
    const Article a = only_article(parse_file(
        Format::html, "<html><body>Regel een<br>Regel twee<br>\n<br>Tweede alinea.<br/><BR>Derde.</body></html>",
        "a.html"));
    CHECK(a.body == "Regel een\nRegel twee\n\nTweede alinea.\n\nDerde.");
    CHECK(a.title == "Regel een Regel twee");  // the first paragraph, not the whole page
    // in a feed item's description too
    const std::string feed =
        "<rss version=\"2.0\"><channel><title>Krant</title><item><guid>1</guid><description>"
        "Kop van het bericht&lt;br&gt;&lt;br&gt;De tekst.</description></item></channel></rss>";
    ParseResult r = parse_file(Format::feed, feed, "f.rss");
    REQUIRE(r.articles.size() == 1);
    CHECK(r.articles[0].body == "Kop van het bericht\n\nDe tekst.");
    CHECK(r.articles[0].title == "Kop van het bericht");
}

TEST_CASE("HTML: a cookie or consent notice named by its class or id is left out, never the article") {
    const std::string page =
        "<html><body class=\"has-cookie-bar\"><div id=\"cookie-banner\">Wij gebruiken cookies. "
        "<a href=\"#\">Akkoord</a></div><div class=\"wrapper cookiebar-visible-no\"><p>x</p></div>"
        "<div id=\"onetrust-consent-sdk\"><p>Uw privacy-instellingen</p></div>"
        "<section class=\"Consent-Wall\"><p>Toestemming gevraagd</p></section>"
        "<div class=\"cookie-content\"><article><h1>Cookies in de Kamer</h1><p>Het debat over "
        "tracking.</p></article></div></body></html>";
    const Article a = only_article(parse_file(Format::html, page, "a.html"));
    CHECK_FALSE(contains(a.body, "gebruiken"));
    CHECK_FALSE(contains(a.body, "privacy"));
    CHECK_FALSE(contains(a.body, "Toestemming"));
    CHECK_FALSE(contains(a.body, "x\n"));
    CHECK(contains(a.body, "Cookies in de Kamer\n\nHet debat over tracking."));  // holds an <article>: kept
}

TEST_CASE("HTML: a JSON-LD headline or publisher escaped as HTML is the text it stands for") {
    const Article a = only_article(parse_file(
        Format::html,
        "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":"
        "\"Kim &amp; Trump &#039;praten&#039; weer\",\"publisher\":{\"name\":\"De Krant &amp; Co\"}}</script>"
        "</head><body><p>Tekst.</p></body></html>",
        "a.html"));
    CHECK(a.title == "Kim & Trump 'praten' weer");
    CHECK(a.source == "De Krant & Co");
}

TEST_CASE("a page's <meta charset> and a feed's XML encoding are honoured for text that is not UTF-8") {
    const Article page = only_article(parse_file(
        Format::html,
        "<html><head><script>var x = 1;</script><meta http-equiv=\"Content-Type\" "
        "content=\"text/html; charset=ISO-8859-15\"><title>Prijs</title></head>"
        "<body><p>Het kost \xA4 5 per caf\xE9.</p></body></html>",
        "a.html"));
    CHECK(page.body == "Het kost € 5 per café.");
    ParseResult feed = parse_file(Format::feed,
                                  "<?xml version='1.0' encoding='iso-8859-15'?><rss version=\"2.0\"><channel>"
                                  "<title>Krant</title><item><guid>1</guid><title>\xA4 5 per caf\xE9</title>"
                                  "<description>x</description></item></channel></rss>",
                                  "f.rss");
    REQUIRE(feed.articles.size() == 1);
    CHECK(feed.articles[0].title == "€ 5 per café");
    REQUIRE_FALSE(feed.warnings.empty());
    CHECK(feed.warnings[0].message == "converted from iso-8859-15");
}

TEST_CASE("a feed that declares an encoding nobody knows is read as what its bytes are, with a warning") {
    // libxml2 refused it whole: "not well-formed XML: Unsupported encoding x-bogus".
    const std::string items = "<rss version=\"2.0\"><channel><title>NOS</title>\n"
                              "<item><guid>1</guid><title>Caf\xC3\xA9 dicht</title>"
                              "<description>Het caf\xC3\xA9 is dicht.</description></item>\n"
                              "<item><guid>2</guid><title>Twee\xC3\xABn</title></item>\n</channel></rss>\n";
    auto r = parse_file(Format::feed, "<?xml version=\"1.0\" encoding=\"x-bogus\"?>\n" + items, "b.rss");
    CHECK(r.errors.empty());
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].line == 1);
    CHECK(r.warnings[0].message == "unknown encoding 'x-bogus' declared, read as UTF-8");
    REQUIRE(r.articles.size() == 2);
    CHECK(r.articles[0].title == "Café dicht");
    CHECK(r.articles[0].body == "Het café is dicht.");
    CHECK(r.articles[1].title == "Tweeën");
    // Bytes that are not UTF-8 are detected, as any file's are.
    auto latin = parse_file(Format::feed,
                            "<?xml version='1.0' encoding='x-bogus'?>\n<rss version=\"2.0\"><channel><title>NOS"
                            "</title>\n<item><guid>1</guid><title>Caf\xE9 dicht, co\xF6peratie failliet</title>"
                            "</item></channel></rss>\n",
                            "l.rss");
    CHECK(latin.errors.empty());
    REQUIRE(latin.warnings.size() == 2);
    CHECK(latin.warnings[0].message == "unknown encoding 'x-bogus' declared, read as the charset its bytes are");
    CHECK(latin.warnings[1].message == "converted from windows-1252");
    REQUIRE(latin.articles.size() == 1);
    CHECK(latin.articles[0].title == "Café dicht, coöperatie failliet");
    // A known one, as before: no warning.
    auto known = parse_file(Format::feed, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + items, "k.rss");
    CHECK(known.warnings.empty());
    CHECK(known.articles.size() == 2);
}

TEST_CASE("JSON Lines: a JSON document over several lines is one error, not one a line") {
    // An export pretty-printed, or an array of articles, saved as .jsonl.
    auto pretty = parse_file(Format::jsonl, "\n{\n  \"id\": \"a\",\n  \"title\": \"Kop\",\n  \"body\": \"Tekst.\"\n}\n",
                             "p.jsonl");
    CHECK(pretty.articles.empty());
    REQUIRE(pretty.errors.size() == 1);
    CHECK(pretty.errors[0].line == 2);
    CHECK(pretty.errors[0].message.find("one JSON object over several lines, not JSON Lines") == 0);
    auto array = parse_file(Format::jsonl, "[\n {\"id\": \"a\", \"body\": \"x\"},\n {\"id\": \"b\", \"body\": \"y\"}\n]\n",
                            "a.jsonl");
    REQUIRE(array.errors.size() == 1);
    CHECK(array.errors[0].line == 1);
    CHECK(array.errors[0].message.find("jq -c '.[]'") != std::string::npos);
    // An array on one line: its line's error says how to write it.
    auto one_line = parse_file(Format::jsonl, "[{\"id\": \"a\", \"body\": \"x\"}]\n{\"id\": \"b\", \"body\": \"y\"}\n",
                               "o.jsonl");
    REQUIRE(one_line.errors.size() == 1);
    CHECK(one_line.errors[0].message.find("not a JSON object but array (an array of articles is one a line") == 0);
    CHECK(one_line.articles.size() == 1);
    // A bad first line in JSON Lines is that line's error; the rest are read.
    auto bad_first = parse_file(Format::jsonl, "{\"id\": \"a\",\n{\"id\": \"b\", \"body\": \"y\"}\n", "b.jsonl");
    REQUIRE(bad_first.errors.size() == 1);
    CHECK(bad_first.errors[0].line == 1);
    CHECK(bad_first.articles.size() == 1);
}

TEST_CASE("control characters are blanks (a form feed a line break), so Omega's XML output stays valid") {
    auto txt = parse_file(Format::txt, "Kop\n\nEerste pagina.\fTweede\x01pagina.\x7F\n", "a.txt");
    REQUIRE(txt.articles.size() == 1);
    CHECK(txt.articles[0].body.find_first_of("\f\v\x01\x7F") == std::string::npos);
    CHECK(txt.articles[0].body.find("pagina.\nTweede pagina.") != std::string::npos);
    auto jsonl = parse_file(Format::jsonl, "{\"id\":\"a\",\"title\":\"Kim\\u0001 en\\u000bMoon\",\"body\":\"x\\u0002y\"}\n",
                            "a.jsonl");
    REQUIRE(jsonl.articles.size() == 1);
    CHECK(jsonl.articles[0].title == "Kim  en Moon");
    CHECK(jsonl.articles[0].body == "x y");
}

TEST_CASE("a time in UTC is dated the day it was in the Netherlands, as a Unix time is") {
    // One moment, 2020-02-10 00:30 in the Netherlands, written four ways.
    auto r = parse_file(Format::jsonl,
                        "{\"id\":\"a\",\"date\":1581291000,\"body\":\"x\"}\n"
                        "{\"id\":\"b\",\"date\":\"2020-02-09T23:30:00Z\",\"body\":\"x\"}\n"
                        "{\"id\":\"c\",\"date\":\"2020-02-10T00:30:00+01:00\",\"body\":\"x\"}\n"
                        "{\"id\":\"d\",\"date\":\"Sun, 09 Feb 2020 23:30:00 GMT\",\"body\":\"x\"}\n"
                        "{\"id\":\"e\",\"date\":\"2020-02-09T23:30:00.000+0000\",\"body\":\"x\"}\n"
                        // Summer time: 22:30 UTC is 00:30 the next day there.
                        "{\"id\":\"f\",\"date\":\"2019-12-31T23:30Z\",\"body\":\"x\"}\n"
                        "{\"id\":\"g\",\"date\":\"2019-06-30T22:30:00Z\",\"body\":\"x\"}\n"
                        // Another offset, or no zone: the day as written.
                        "{\"id\":\"h\",\"date\":\"2020-02-09T23:30:00-05:00\",\"body\":\"x\"}\n"
                        "{\"id\":\"i\",\"date\":\"2020-02-09T23:30:00\",\"body\":\"x\"}\n"
                        "{\"id\":\"j\",\"date\":\"2020-02-09T21:30:00Z\",\"body\":\"x\"}\n"
                        // JavaScript's Date.toString(), as Node scrapers write it.
                        "{\"id\":\"k\",\"date\":\"Sun Feb 09 2020 23:30:00 GMT+0000 (Coordinated Universal Time)\","
                        "\"body\":\"x\"}\n"
                        "{\"id\":\"l\",\"date\":\"Sun Feb 09 2020 23:30:00 GMT+0100 (Midden-Europese standaardtijd)\","
                        "\"body\":\"x\"}\n",
                        "tz.jsonl");
    REQUIRE(r.articles.size() == 12);
    const char* expected[] = {"2020-02-10", "2020-02-10", "2020-02-10", "2020-02-10", "2020-02-10", "2020-01-01",
                              "2019-07-01", "2020-02-09", "2020-02-09", "2020-02-09", "2020-02-10", "2020-02-09"};
    for (std::size_t i = 0; i < 12; ++i) {
        INFO(r.articles[i].id);
        CHECK(r.articles[i].date == expected[i]);
    }
    auto feed = parse_file(Format::feed,
                           "<rss version=\"2.0\"><channel><title>NOS</title><item><guid>1</guid><title>Kop</title>"
                           "<pubDate>Tue, 31 Dec 2019 23:15:00 GMT</pubDate><description>x</description></item>"
                           "</channel></rss>",
                           "n.rss");
    REQUIRE(feed.articles.size() == 1);
    CHECK(feed.articles[0].date == "2020-01-01");
}

TEST_CASE("a feed's RFC 822 date with a two-digit year is the year RFC 2822 reads, not an invalid date") {
    const ParseResult r = parse_file(
        Format::feed,
        "<rss version=\"2.0\"><channel><title>NOS</title>"
        "<item><guid>1</guid><title>Kop</title><pubDate>Mon, 01 Jul 19 12:30:00 +0200</pubDate><description>x"
        "</description></item><item><guid>2</guid><title>Kop</title><pubDate>Fri, 31 Dec 99 23:30:00 GMT</pubDate>"
        "<description>x</description></item></channel></rss>",
        "n.rss");
    CHECK(r.warnings.empty());
    REQUIRE(r.articles.size() == 2);
    CHECK(r.articles[0].date == "2019-07-01");
    CHECK(r.articles[1].date == "2000-01-01");  // 1999's last half hour in UTC was 2000 in the Netherlands
}

TEST_CASE("a month's or a minister's abbreviation does not end an untitled article's title") {
    CHECK(first_sentence_title("Op 1 jan. 2019 trad de wet in werking. Daarna niets.") ==
          "Op 1 jan. 2019 trad de wet in werking.");
    CHECK(first_sentence_title("Volgens min. Wiebes is het kabinet gevallen. Meer.") ==
          "Volgens min. Wiebes is het kabinet gevallen.");
    CHECK(first_sentence_title("Er komen bijv. nieuwe regels. Meer.") == "Er komen bijv. nieuwe regels.");
    // "VS." and a month's name at a sentence's end still end it.
    CHECK(first_sentence_title("De EU reageert op de VS. Morgen meer.") == "De EU reageert op de VS.");
    CHECK(first_sentence_title("Het akkoord loopt af in dec. Brussel zwijgt.") == "Het akkoord loopt af in dec.");
}

TEST_CASE("a two-letter language code that is no ISO 639-1 code is kept with a warning") {
    auto r = parse_file(Format::jsonl,
                        "{\"id\":\"a\",\"lang\":\"nk\",\"body\":\"x\"}\n{\"id\":\"b\",\"lang\":\"fr\",\"body\":\"x\"}\n"
                        "{\"id\":\"c\",\"lang\":\"nl-BE\",\"body\":\"x\"}\n",
                        "l.jsonl");
    REQUIRE(r.articles.size() == 3);
    CHECK(r.articles[0].lang == "nk");
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].line == 1);
    CHECK(r.warnings[0].message == "unknown language 'nk', kept as it is");
}

TEST_CASE("a feed cut off inside an item is one warning, not an error for the item it cut") {
    const std::string whole = "<rss version=\"2.0\"><channel><title>NOS</title>\n"
                              "<item><guid>1</guid><title>Een</title><description>Tekst een.</description></item>\n"
                              "<item><guid>2</guid><title>Twee</title><description>Tekst twee.</description></item>\n"
                              "<item><title>Drie</title><descr";
    auto r = parse_file(Format::feed, whole, "cut.rss");
    CHECK(r.errors.empty());
    REQUIRE(r.articles.size() == 2);
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].message.find("read as far as it could be recovered") != std::string::npos);
    // In a whole feed, an item without an id is still an error.
    auto no_id = parse_file(Format::feed,
                            "<rss version=\"2.0\"><channel><title>NOS</title>\n<item><title>Drie</title>"
                            "<description>x</description></item></channel></rss>\n",
                            "n.rss");
    REQUIRE(no_id.errors.size() == 1);
    CHECK(no_id.errors[0].message == "item has no guid, id or link");
}

TEST_CASE("a stray NUL byte amid a text article is a blank, with a warning, not the article lost as binary") {
    std::string text = "title: Kabinet valt\n\nHet kabinet is gevallen.";
    text += '\0';
    text += " De Kamer debatteert";
    text += '\0';
    text += "morgen.\n";
    auto r = parse_file(Format::txt, text, "a.txt");
    CHECK_FALSE(r.binary);
    REQUIRE(r.articles.size() == 1);
    CHECK(r.articles[0].body == "Het kabinet is gevallen. De Kamer debatteert morgen.");
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].message == "2 NUL bytes amid the text (a bad copy?), read as a blank");
    // Many NULs (a binary file named .txt): still binary.
    std::string binary = "PNG";
    for (int i = 0; i < 50; ++i) binary += std::string("\x01\x00\x00\x02", 4);
    CHECK(parse_file(Format::txt, binary, "b.txt").binary);
}

TEST_CASE("a url with a scheme a link may not have is left out, with a warning") {
    // Omega's page made "javascript:" and "data:" urls into links that run a script.
    for (const char* url : {"javascript:alert(document.cookie)", "JavaScript:alert(1)", "data:text/html,<b>x</b>",
                            "vbscript:msgbox"}) {
        INFO(url);
        const ParseResult r = parse_file(Format::txt, std::string("title: Kop\nurl: ") + url + "\n\nTekst.\n", "a.txt");
        CHECK(only_article(r).url.empty());
        REQUIRE(r.warnings.size() == 1);
        CHECK(contains(r.warnings[0].message, "is no web address (http or https), ignored"));
    }
    // A browser drops tabs and line breaks before it reads the scheme: the
    // link ran the script (a tester's stored XSS through Omega's page).
    for (const char* url : {"java\\tscript:alert(6)", "javascript\\t:alert(1)", "j\\ta\\tv\\ta\\tscript:x",
                            "data\\t:text/html,<b>x</b>", "java\\nscript:alert(1)", "java\\r\\nscript:x"}) {
        INFO(url);
        const ParseResult r =
            parse_file(Format::jsonl, std::string("{\"id\":\"1\",\"title\":\"Kop\",\"url\":\"") + url +
                                          "\",\"body\":\"Tekst.\"}\n", "a.jsonl");
        CHECK(only_article(r).url.empty());
        REQUIRE(r.warnings.size() == 1);
        CHECK(contains(r.warnings[0].message, "is no web address (http or https), ignored"));
    }
    // Stored as the browser reads it.
    const std::string tabbed = "{\"id\":\"1\",\"title\":\"K\",\"url\":\"https://nos.nl/\\tartikel\",\"body\":\"T\"}\n";
    CHECK(only_article(parse_file(Format::jsonl, tabbed, "a.jsonl")).url == "https://nos.nl/artikel");
    for (const char* url : {"https://nos.nl/artikel/1", "HTTP://nos.nl/a", "ftp://archief.nl/a.txt", "nos.nl/a",
                            "www.nos.nl:8080/a"}) {
        INFO(url);
        const ParseResult r = parse_file(Format::jsonl, std::string("{\"id\":\"1\",\"title\":\"Kop\",\"url\":\"") + url +
                                                           "\",\"body\":\"Tekst.\"}\n", "a.jsonl");
        CHECK(only_article(r).url == url);
        CHECK(r.warnings.empty());
    }
}

TEST_CASE("a title or source loses its bidirectional controls and tabs") {
    // U+202E turned what followed around on Omega's page and in a terminal.
    const ParseResult r = parse_file(Format::txt, "title: Kim\tpraat \xE2\x80\xAEnee\nsource: NOS\xE2\x81\xA6\n\nTekst.\n", "a.txt");
    const Article a = only_article(r);
    CHECK(a.title == "Kim praat nee");
    CHECK(a.source == "NOS");
}

TEST_CASE("the noncharacters U+FFFE and U+FFFF are left out of every field") {
    // XML refuses them: Omega's xml and opensearch pages did not parse.
    const ParseResult r = parse_file(Format::html, "<html><head><title>FF\xEF\xBF\xBE kop</title></head><body>"
                                                   "<p>fftekst &#xfffe;en &#65535; einde</p></body></html>", "a.html");
    const Article a = only_article(r);
    CHECK_FALSE(contains(a.title, "\xEF\xBF\xBE"));  // (the HTML parser reads it as U+FFFD, which XML allows)
    CHECK(a.body == "fftekst en  einde");
    const Article t = only_article(parse_file(Format::txt, "FF txt\n\nfftekst \xEF\xBF\xBF in txt\n", "b.txt"));
    CHECK(contains(t.body, "fftekst  in txt"));
    const Article j = only_article(
        parse_file(Format::jsonl, "{\"id\":\"1\",\"title\":\"K\\uffff\",\"body\":\"T\\ufffex\"}\n", "c.jsonl"));
    CHECK(j.title == "K");
    CHECK(j.body == "Tx");
    const Article u = only_article(parse_file(
        Format::jsonl, "{\"id\":\"1\",\"title\":\"K\",\"url\":\"https://nos.nl/a\\uffff\\ufffeb\"}\n", "d.jsonl"));
    CHECK(u.url == "https://nos.nl/ab");
}
