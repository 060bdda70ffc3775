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
