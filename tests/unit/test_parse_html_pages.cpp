// HTML pages as news sites write them: the headline beside the site's name,
// page furniture by its conventional names, JSON-LD in old wrappers and the
// article's own date (indexer/parse_html.cpp).
#include <catch2/catch.hpp>

#include <string>

#include "parse_internal.h"
#include "parsers.h"

using knipsel::Article;
using knipsel::Format;
using knipsel::parse_file;
using knipsel::ParseResult;

namespace {

// The one article a page gives, with no errors.
Article page(const std::string& html) {
    const ParseResult r = parse_file(Format::html, html, "p.html");
    REQUIRE(r.errors.empty());
    REQUIRE(r.articles.size() == 1);
    return r.articles[0];
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("HTML: JSON-LD wrapped in //<![CDATA[ or <!-- in its script is read, with its date") {
    const char* const wrapped[] = {
        "//<![CDATA[\n{\"@type\":\"NewsArticle\",\"headline\":\"Raad stemt in met begroting\","
        "\"datePublished\":\"2019-03-12T10:00:00+01:00\"}\n//]]>",
        "\n<!--\n{\"@type\":\"NewsArticle\",\"headline\":\"Raad stemt in met begroting\","
        "\"datePublished\":\"2019-03-12T10:00:00+01:00\"}\n-->\n",
        "/*<![CDATA[*/{\"@type\":\"NewsArticle\",\"headline\":\"Raad stemt in met begroting\","
        "\"datePublished\":\"2019-03-12\"}/*]]>*/",
    };
    for (const char* ld : wrapped) {
        INFO(ld);
        const Article a = page(std::string("<html><head><title>Raad stemt in</title>"
                                           "<script type=\"application/ld+json\">") +
                               ld + "</script></head><body><h1>Raad stemt in</h1><p>De raad stemde in.</p>");
        CHECK(a.date == "2019-03-12");
        CHECK(a.title == "Raad stemt in met begroting");
        CHECK_FALSE(contains(a.body, "CDATA"));
    }
}

TEST_CASE("HTML: the article's own <time> before one in a block of other stories earlier on the page") {
    // A list of other stories before the article, not named as such.
    const Article a = page(
        "<html><body><div class='meer-nieuws'><h2>Meer nieuws</h2><ul><li><a href='/a'>Ander bericht</a> "
        "<time datetime='2023-11-02'>2 november 2023</time></li></ul></div>"
        "<article><h1>Boeren protesteren in Den Haag</h1><div class='meta'>Gepubliceerd: "
        "<time datetime='2019-10-01T07:30:00+02:00'>1 oktober 2019</time></div><p>Duizenden boeren.</p></article>"
        "</body></html>");
    CHECK(a.date == "2019-10-01");
    // Teasers that are <article>s themselves: the one that holds the headline.
    const Article b = page(
        "<html><body><main><article class='teaser'><h2>Ander bericht</h2><time datetime='2023-11-02'></time>"
        "</article><article><h1>Boeren protesteren</h1><time datetime='2019-10-01'></time><p>Tekst.</p>"
        "</article></main></body></html>");
    CHECK(b.date == "2019-10-01");
    // <main> counts as the article too; without either, the first <time>.
    const Article c = page(
        "<html><body><div><time datetime='2023-11-02'></time></div><main><p>Tekst <time datetime='2019-10-01'>"
        "</time>.</p></main></body></html>");
    CHECK(c.date == "2019-10-01");
    const Article d = page(
        "<html><body><div><time datetime='2023-11-02'></time></div><p>Tekst <time datetime='2019-10-01'></time>."
        "</p></body></html>");
    CHECK(d.date == "2023-11-02");
    // A <time> marked as the publication date still comes first.
    const Article e = page(
        "<html><body><p><time itemprop='datePublished' datetime='2018-05-05'></time></p>"
        "<article><h1>Kop</h1><time datetime='2019-10-01'></time></article></body></html>");
    CHECK(e.date == "2018-05-05");
}
