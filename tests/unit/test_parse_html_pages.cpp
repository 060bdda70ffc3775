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

TEST_CASE("HTML: a JSON-LD publisher given by its @id (Yoast's @graph) is the source, named by its node") {
    const Article a = page(
        "<html><head><title>Gemeente Zwolle verhoogt OZB met 8 procent - RTV Oost</title><script "
        "type='application/ld+json'>{\"@context\":\"https://schema.org\",\"@graph\":[{\"@type\":\"WebSite\","
        "\"@id\":\"https://www.rtvoost.nl/#website\",\"publisher\":{\"@id\":\"https://www.rtvoost.nl/#organization\"}},"
        "{\"@type\":\"Organization\",\"@id\":\"https://www.rtvoost.nl/#organization\",\"name\":\"RTV Oost\"},"
        "{\"@type\":\"NewsArticle\",\"datePublished\":\"2023-11-08T06:12:00+01:00\",\"publisher\":{\"@id\":"
        "\"https://www.rtvoost.nl/#organization\"}}]}</script></head><body><h1>Gemeente Zwolle verhoogt OZB met 8 "
        "procent</h1><p>Huiseigenaren betalen meer.</p></body></html>");
    CHECK(a.source == "RTV Oost");
    CHECK(a.title == "Gemeente Zwolle verhoogt OZB met 8 procent");
    CHECK(a.date == "2023-11-08");
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

TEST_CASE("HTML: microdata's datePublished on a <span> or <div> is the date, by its content or its text") {
    const Article a = page(
        "<html><body><div class='article' itemscope itemtype='http://schema.org/NewsArticle'><h1 itemprop='headline'>"
        "Ruzie over het pensioenakkoord</h1><p class='byline'>Door Tom Kreling &ndash; <span itemprop='datePublished' "
        "content='2020-06-12'>12 juni 2020</span></p><p>Het akkoord dreigt te ontsporen.</p></div></body></html>");
    CHECK(a.date == "2020-06-12");
    CHECK(contains(a.body, "Door Tom Kreling \xe2\x80\x93 12 juni 2020"));
    const Article b = page("<html><body><h1>Kop</h1><div itemprop='datePublished'>12 juni 2020</div><p>Tekst.</p>"
                           "</body></html>");
    CHECK(b.date == "2020-06-12");
    // Text that is no date gives none.
    const Article c = page("<html><body><h1>Kop</h1><span itemprop='datePublished'>gisteren</span></body></html>");
    CHECK(c.date.empty());
}

TEST_CASE("HTML: an <aside> in the <article>, a pull quote or an info box, is the article's text") {
    const Article a = page(
        "<html><body><article><h1>Femke Halsema: 'Amsterdam is geen pretpark'</h1><p>Halsema ontvangt ons.</p>"
        "<aside class='pullquote'><blockquote>'Wie hier komt om zich te misdragen, is niet welkom'</blockquote>"
        "</aside><section><p>Het stadsbestuur voerde een rookverbod in.</p><aside class='artstyle__quote'><p>'Dit is "
        "niet normaal meer'</p></aside></section><aside class='infobox'><h3>Loopbaan</h3><p>Femke Halsema (1966)."
        "</p></aside><aside class='artstyle__related'><a>Wallen krijgen rookverbod</a></aside><aside "
        "class='ad-slot'>Advertentie</aside><aside class='newsletter-signup'>Meld je aan</aside><aside "
        "class='social-share'>Deel</aside></article><aside class='pullquote'>Meest gelezen</aside></body></html>");
    CHECK(a.body == "Femke Halsema: 'Amsterdam is geen pretpark'\n\nHalsema ontvangt ons.\n\n'Wie hier komt om zich "
                    "te misdragen, is niet welkom'\n\nHet stadsbestuur voerde een rookverbod in.\n\n'Dit is niet "
                    "normaal meer'\n\nLoopbaan\n\nFemke Halsema (1966).");
}

TEST_CASE("HTML: a page from before HTML5 loses its header, menu, breadcrumb, share, related and footer blocks") {
    const Article a = page(
        "<html><head><title>Gemeente Zoetermeer sluit zwembad - Haagsche Courant</title></head><body>"
        "<div id='header'><div id='logo'>Haagsche Courant</div><div id='topmenu'><a href='/'>Home</a> | "
        "<a href='/regio'>Regio</a></div></div>"
        "<div id='menu'><ul><li>Nieuws</li><li>Economie</li></ul></div>"
        "<div id='content'><div class='breadcrumb'>Home &gt; Regio &gt; Zoetermeer</div>"
        "<h1>Gemeente Zoetermeer sluit zwembad</h1>"
        "<div class='share'>Deel dit artikel: Facebook Twitter</div>"
        "<p>Het gemeentebestuur heeft besloten het zwembad te sluiten.</p>"
        "<div class='related'><h3>Lees ook</h3><ul><li>Nieuw stadhuis duurder</li></ul></div></div>"
        "<div id='footer'>&copy; 2009 Wegener Nieuwsmedia | Privacy | Colofon</div>"
        "<div class='Sidebar social-share'>Volg ons</div><div class='nav'>Vorige</div></body></html>");
    CHECK(a.body == "Gemeente Zoetermeer sluit zwembad\n\nHet gemeentebestuur heeft besloten het zwembad te sluiten.");
}

TEST_CASE("HTML: a paywall's teaser, a newsletter's prompt, ads, 'Lees ook' links, skip links, screen-reader "
          "text and a form's labels are not the article's text") {
    const Article a = page(
        "<html><body><a class='skip-link' href='#main'>Direct naar inhoud</a><span class='sr-only'>Ga naar de inhoud"
        "</span><div class='advertisement'>Advertentie</div><div class='ad-slot'>Reclame</div><main><article>"
        "<h1>BBB grote winnaar</h1><p>Het is een politieke aardverschuiving.</p><div class='inline-related'><strong>"
        "Lees ook:</strong> <a href='/x'>Boeren protesteren</a></div><p>De coalitie verliest.</p><div "
        "class='newsletter'><form><label for='e'>E-mailadres</label><input id='e'></form></div><div "
        "class='newsletter-signup'><p>Schrijf je in voor de nieuwsbrief!</p></div><div class='nieuwsbrief-blok'>Meld "
        "je aan.</div><div class='paywall'><p>Lees verder met een abonnement.</p></div></article></main><form><label>"
        "Zoeken</label><input></form>"
        "</body></html>");
    CHECK(a.body == "BBB grote winnaar\n\nHet is een politieke aardverschuiving.\n\nDe coalitie verliest.");
}

TEST_CASE("HTML: a comment's or a sidebar teaser's microdata date does not date the article") {
    // An undated article, its first comment dated 2011: undated, not 2011.
    const Article a = page(
        "<html><body><article><h1>Kop</h1><p>Tekst.</p></article><div id='comments' class='comments-area'><ol>"
        "<li itemscope itemtype='https://schema.org/Comment'><time itemprop='datePublished' "
        "datetime='2011-03-04T10:00:00+01:00'>4 maart 2011</time><p>Eens.</p></li></ol></div></body></html>");
    CHECK(a.date.empty());
    // A comment dated in the article's own markup is a comment still.
    const Article b = page(
        "<html><body><article><h1>Kop</h1><p>Tekst.</p><div itemscope itemtype='https://schema.org/Comment'><span "
        "itemprop='datePublished' content='2011-03-04'>4 maart 2011</span></div></article></body></html>");
    CHECK(b.date.empty());
    // "Meest gelezen" before the article, each teaser dated: the article's own <time>.
    const Article c = page(
        "<html><body><div class='sidebar'><h3>Meest gelezen</h3><ul><li itemscope "
        "itemtype='https://schema.org/NewsArticle'><time itemprop='datePublished' datetime='2019-01-01T08:00+01:00'>"
        "1 januari</time> Iets anders</li></ul></div><article><h1>Kop</h1><time datetime='2023-09-09T10:00+02:00'>"
        "9 september</time><p>Tekst.</p></article></body></html>");
    CHECK(c.date == "2023-09-09");
    // The article's own microdata date still counts.
    const Article d = page(
        "<html><body><article itemscope itemtype='https://schema.org/NewsArticle'><h1>Kop</h1><span "
        "itemprop='datePublished' content='2020-06-12'>12 juni 2020</span><p>Tekst.</p></article></body></html>");
    CHECK(d.date == "2020-06-12");
}

TEST_CASE("HTML: a <title> that is only the site's name gives way to the page's heading") {
    const Article a = page(
        "<html><head><meta property='og:title' content='Trouw'><meta property='og:site_name' content='Trouw'>"
        "<title>Trouw</title></head><body><main><h2>Kerk in Staphorst sluit na 300 jaar</h2><p>Tekst.</p></main>"
        "</body></html>");
    CHECK(a.title == "Kerk in Staphorst sluit na 300 jaar");
    CHECK(a.source == "Trouw");
    const Article b = page(
        "<html><head><meta property='og:site_name' content='NOS'><title>NOS</title></head><body><h1>Kabinet valt</h1>"
        "<p>Tekst.</p></body></html>");
    CHECK(b.title == "Kabinet valt");
}

TEST_CASE("HTML: a <label> that is no form's (a map's caption, a voting guide's statement) is the article's text") {
    const Article a = page(
        "<html><body><article><h1>Zo hoog stond het water</h1><p>De Geul trad buiten haar oevers.</p><figure>"
        "<img src='kaart.png'><label>Kaart: het overstroomde gebied</label></figure><label class='stelling'>Stelling "
        "1: de dijken moeten hoger.</label><label>Zoek <input name='q'></label><label for='x'>E-mail</label>"
        "</article></body></html>");
    CHECK(a.body == "Zo hoog stond het water\n\nDe Geul trad buiten haar oevers.\n\nKaart: het overstroomde gebied"
                    "\n\nStelling 1: de dijken moeten hoger.");
}

TEST_CASE("HTML: a block named as page furniture that holds the article, or a class that only mentions one, is kept") {
    // A header that holds the headline keeps it; its menu still goes.
    const Article a = page(
        "<html><body><div id='header'><h1>Kabinet valt over stikstof</h1><div class='menu'>Home Regio</div></div>"
        "<div class='article-header'><p>De lead.</p></div><div class='has-sidebar related-content'><p>De tekst.</p>"
        "</div><div class='footer'><article><p>Het slot.</p></article></div></body></html>");
    CHECK(a.title == "Kabinet valt over stikstof");
    CHECK(a.body == "Kabinet valt over stikstof\n\nDe lead.\n\nDe tekst.\n\nHet slot.");
    // In the article a "header" is its own, with the lead, as an <article>'s <header> is.
    const Article b = page(
        "<html><body><div class='header'>Zoeken</div><article><div class='header'><h2>Ondertitel</h2><p>De lead."
        "</p></div><p>De tekst.</p><div class='share'>Deel</div></article></body></html>");
    CHECK(b.body == "Ondertitel\n\nDe lead.\n\nDe tekst.");
    // A utility class that starts like a consent manager's name is no notice.
    const Article c = page("<html><body><p><span class='uc-first'>tekst</span> blijft.</p></body></html>");
    CHECK(c.body == "tekst blijft.");
}

TEST_CASE("HTML: a <header> or role='banner' outside the article that holds its <h1> keeps the lead and the date") {
    // The article's header outside <article> or <main> was dropped whole as the site's masthead.
    for (const char* header : {"header", "div role='banner'"}) {
        INFO(header);
        const std::string open = std::string("<") + header + ">";
        const std::string close = std::string("</") + (std::string(header) == "header" ? "header" : "div") + ">";
        const Article a = page(
            "<html><head><meta charset='utf-8'><title>Kop drie</title></head><body><div class='article'>" + open +
            "<h1>Kop drie</h1><p class='lead'>Belangrijke inleiding over Malieveld.</p><time datetime='2023-03-03'>"
            "3 maart</time>" + close + "<p>Rest van het stuk.</p></div></body></html>");
        CHECK(a.title == "Kop drie");
        CHECK(a.date == "2023-03-03");
        CHECK(a.body == "Kop drie\n\nBelangrijke inleiding over Malieveld.\n\n3 maart\n\nRest van het stuk.");
        // A masthead still goes: its <h1> marked as the logo, or the site's name beside the article's <h1>.
        const Article b = page(
            "<html><body>" + open + "<h1 class='logo'><a href='/'>Het Dagblad</a></h1><nav>Home Regio</nav>"
            "<time datetime='2024-02-06'>vandaag</time>" + close + "<div class='article'><h2>Kabinet valt</h2>"
            "<p>Tekst <time datetime='2019-10-01'>1 oktober</time>.</p></div></body></html>");
        CHECK(b.body == "Kabinet valt\n\nTekst 1 oktober.");
        CHECK(b.date == "2019-10-01");
        const Article c = page("<html><body>" + open + "<h1>Het Dagblad</h1><ul><li>Home</li><li>Regio</li></ul>" +
                               close + "<article><h1>Kabinet valt</h1><p>Tekst.</p></article></body></html>");
        CHECK(c.body == "Kabinet valt\n\nTekst.");
    }
    // As a <div id="header">: one that holds only the site's logo goes too.
    const Article d = page("<html><body><div id='header'><h1 id='logo'>Het Dagblad</h1></div><div><h2>Kabinet valt"
                           "</h2><p>Tekst.</p></div></body></html>");
    CHECK(d.body == "Kabinet valt\n\nTekst.");
}

TEST_CASE("HTML: the consent notices of Cookiebot, Osano, Usercentrics, TrustArc, Sourcepoint, Complianz, "
          "Funding Choices and iubenda are not indexed") {
    std::string html = "<html><body>";
    for (const char* notice :
         {"id='CybotCookiebotDialog'", "class='cc-window cc-banner'", "id='usercentrics-root'", "id='uc-banner-modal'",
          "class='truste_box_overlay'", "id='truste-consent-track'", "id='sp_message_container_123'",
          "id='privacy-gate'", "class='qc-cmp2-container'", "class='cmplz-cookiebanner cmplz-show'",
          "class='fc-consent-root'", "id='iubenda-cs-banner'"})
        html += std::string("<div ") + notice + "><p>Wij gebruiken cookies. Akkoord</p></div>";
    html += "<article><h1>Raad stemt in met begroting</h1><p>De raad stemde in.</p></article></body></html>";
    CHECK(page(html).body == "Raad stemt in met begroting\n\nDe raad stemde in.");
}

TEST_CASE("HTML: a consent notice's <h1> outside <main> is neither the title nor text when the article has none") {
    // Didomi and OneTrust put their notice first; the article is a <div class="article">.
    for (const char* notice : {"<div id='didomi-host'><div class='didomi-popup'>",
                               "<div id='onetrust-consent-sdk'><div id='onetrust-banner-sdk'>"}) {
        INFO(notice);
        for (const char* title : {"NU.nl", "Hoogwater in Limburg: Maas treedt buiten oevers | NU.nl"}) {
            INFO(title);
            const Article a = page(std::string("<html><head><title>") + title +
                                   "</title><meta property='og:site_name' content='NU.nl'></head><body>" + notice +
                                   "<h1>Wij vragen je toestemming</h1><p>Cookies.</p></div></div><div class='article'>"
                                   "<h1>Hoogwater in Limburg: Maas treedt buiten oevers</h1><p>In Valkenburg staat "
                                   "het water.</p></div></body></html>");
            CHECK(a.title == "Hoogwater in Limburg: Maas treedt buiten oevers");
            CHECK(a.body == "Hoogwater in Limburg: Maas treedt buiten oevers\n\nIn Valkenburg staat het water.");
        }
    }
}

TEST_CASE("HTML: readers' comments below the article are not its text") {
    const std::string article =
        "<html><body><main><article><h1>Storm Poly richt ravage aan</h1><p>Het KNMI gaf code rood af.</p>"
        "</article>";
    for (const char* comments : {
             "<div class='block comments' id='comments'><h3>Reacties (312)</h3><div class='comment'><b>Jan</b>"
             "<p>Wat een drama weer.</p></div></div>",
             "<section id='reacties'><h2>Reacties</h2><p>Wat een drama weer.</p></section>",
             "<div class='comments-section'><h2>Reacties</h2><p>Wat een drama weer.</p></div>",
             "<section class='reacties'><p>Wat een drama weer.</p></section>",
             "<div id='disqus_thread'><p>Wat een drama weer.</p></div>",
             // WordPress: each comment an <article>, and the form to write one.
             "<div id='comments' class='comments-area'><h2>2 reacties</h2><ol class='comment-list'><li>"
             "<article class='comment-body'><footer><b>Kees</b> <time datetime='2011-01-01'>1 jan</time></footer>"
             "<p>Wat een drama weer.</p></article></li></ol><div id='respond'><h3>Geef een reactie</h3></div></div>",
             "<div id='respond'><h3>Geef een reactie</h3><form><label>Naam</label></form></div>",
         }) {
        INFO(comments);
        const Article a = page(article + comments + "</main></body></html>");
        CHECK(a.body == "Storm Poly richt ravage aan\n\nHet KNMI gaf code rood af.");
    }
}

TEST_CASE("HTML: an <h1> that is the site's name beside the headline in <title> is the logo, not the headline") {
    struct Row {
        const char* html;
        const char* title;
    };
    const Row rows[] = {
        // Marked as the logo; the headline in an <h2>.
        {"<title>Kabinet valt over stikstof - Dagblad van het Noorden</title><h1 id='logo'>Dagblad van het Noorden"
         "</h1><h2>Kabinet valt over stikstof</h2><p>Tekst.</p>",
         "Kabinet valt over stikstof"},
        // A name before a headline of words, the site's name first.
        {"<title>Leeuwarder Courant | Kabinet valt over stikstof</title><h1>Leeuwarder Courant</h1><p>Tekst.</p>",
         "Kabinet valt over stikstof"},
        // Beside the page's first <h2>.
        {"<title>Kabinet valt - Dagblad van het Noorden</title><h1>Dagblad van het Noorden</h1><h2>Kabinet valt</h2>",
         "Kabinet valt"},
        // The name the page gives its site; a title of the name alone gives way to the <h2>.
        {"<title>Kabinet valt - Het Dagblad</title><meta name='application-name' content='Het Dagblad'>"
         "<h1>Het Dagblad</h1><p>Tekst.</p>",
         "Kabinet valt"},
        {"<title>Dagblad van het Noorden</title><meta property='og:site_name' content='Dagblad van het Noorden'>"
         "<h1>Dagblad van het Noorden</h1><h2>Kabinet valt over stikstof</h2><p>Tekst.</p>",
         "Kabinet valt over stikstof"},
        // As before: a logo of one word, and an <h1> that is the headline beside the site's name.
        {"<title>Kabinet valt over stikstof | NU.nl</title><h1 class='logo'><a href='/'>NU.nl</a></h1>"
         "<h2>Kabinet valt over stikstof</h2>",
         "Kabinet valt over stikstof"},
        {"<title>Leeuwarder Courant | Kabinet valt over stikstof</title><h1>Kabinet valt over stikstof</h1>",
         "Kabinet valt over stikstof"},
        {"<title>Kabinet valt | Leeuwarder Courant</title><h1>Kabinet valt</h1><h2>Leeuwarder Courant</h2>",
         "Kabinet valt"},
        {"<title>BBC News | Kim Meets Trump Again</title><h1>Kim Meets Trump Again</h1>", "Kim Meets Trump Again"},
    };
    for (const auto& r : rows) {
        INFO(r.html);
        CHECK(page(r.html).title == r.title);
    }
}

TEST_CASE("HTML: an og:title, JSON-LD headline or twitter:title that is the site's name gives way to the <h1>") {
    for (const char* headline :
         {"<meta property='og:title' content='NU.nl'>", "<meta name='twitter:title' content='NU.nl'>",
          "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"headline\":\"NU.nl\"}</script>"}) {
        INFO(headline);
        const Article a = page(std::string("<html><head><title>NU.nl</title>") + headline +
                               "<meta property='og:site_name' content='NU.nl'></head><body><h1>Kabinet presenteert "
                               "Miljoenennota</h1><p>Tekst.</p></body></html>");
        CHECK(a.title == "Kabinet presenteert Miljoenennota");
        CHECK(a.source == "NU.nl");
    }
}

TEST_CASE("HTML: a broadcaster's name leaves the title, and the name a title loses is the source when none is given") {
    struct Row {
        const char* title;
        const char* headline;
        const char* source;
    };
    const Row rows[] = {
        {"Uitslag Tweede Kamerverkiezing 2023: PVV grootste partij - RTL Nieuws",
         "Uitslag Tweede Kamerverkiezing 2023: PVV grootste partij", "RTL Nieuws"},
        {"Nationale staking legt treinverkeer plat \xe2\x80\x93 VRT NWS", "Nationale staking legt treinverkeer plat",
         "VRT NWS"},
        {"Amsterdamse caf\xc3\xa9s vrezen sluiting - Het Parool", "Amsterdamse caf\xc3\xa9s vrezen sluiting",
         "Het Parool"},
        {"Premier Schoof: 'We gaan door' \xe2\x80\x93 Het Parool", "Premier Schoof: 'We gaan door'", "Het Parool"},
        {"Dit zijn de nieuwe ministers - AD.nl", "Dit zijn de nieuwe ministers", "AD.nl"},
        {"Israel en Hamas sluiten bestand | Buitenland | NOS", "Israel en Hamas sluiten bestand", "NOS"},
        {"Gemeenteraad stemt in | NU - Het laatste nieuws het eerst op NU.nl", "Gemeenteraad stemt in", "NU"},
        // No name recognisable as a site's: neither loses anything.
        {"Vrede in Noord-Korea - VS dreigt", "Vrede in Noord-Korea - VS dreigt", ""},
        {"Rutte praat - RTL Nieuws", "Rutte praat - RTL Nieuws", ""},
        {"Brand in loods | Binnenland", "Brand in loods", ""},
    };
    for (const auto& r : rows) {
        INFO(r.title);
        const Article a = page(std::string("<html><head><title>") + r.title + "</title></head><body><p>Tekst.</p>");
        CHECK(a.title == r.headline);
        CHECK(a.source == r.source);
    }
    // A source the page gives comes first.
    const Article b = page("<html><head><title>Kabinet valt - Het Parool</title><meta property='og:site_name' "
                           "content='Parool'></head><body><p>Tekst.</p>");
    CHECK(b.source == "Parool");
}

TEST_CASE("HTML: the site's name after ' - ', ' – ', ' — ' or ' · ' leaves the title; og:title loses it too") {
    struct Row {
        const char* html;
        const char* title;
    };
    const Row rows[] = {
        // Names that read as a site's: capitals, a domain, a newspaper's.
        {"<title>Gemeenteraad stemt in met begroting - NOS</title><p>Tekst.</p>",
         "Gemeenteraad stemt in met begroting"},
        {"<title>Gemeenteraad stemt in met begroting - nu.nl</title><p>Tekst.</p>",
         "Gemeenteraad stemt in met begroting"},
        {"<title>Gemeenteraad stemt in \xe2\x80\x93 NOS</title><p>Tekst.</p>", "Gemeenteraad stemt in"},
        {"<title>Gemeenteraad stemt in \xe2\x80\x94 NRC</title><p>Tekst.</p>", "Gemeenteraad stemt in"},
        {"<title>Gemeenteraad stemt in - Het Parool</title><p>Tekst.</p>", "Gemeenteraad stemt in"},
        {"<title>Gemeenteraad stemt in - De Telegraaf</title><p>Tekst.</p>", "Gemeenteraad stemt in"},
        {"<title>Gemeenteraad stemt in \xc2\xb7 de Volkskrant</title><p>Tekst.</p>", "Gemeenteraad stemt in"},
        // A headline that holds " - " or " – " itself: only its last part is the site's name.
        {"<title>Ajax - Feyenoord eindigt in 2-2 - nu.nl</title><p>Tekst.</p>", "Ajax - Feyenoord eindigt in 2-2"},
        {"<title>Ajax - Feyenoord eindigt in 2-2 - NOS</title><p>Tekst.</p>", "Ajax - Feyenoord eindigt in 2-2"},
        {"<title>Ajax - Feyenoord eindigt in 2-2 | NOS</title><p>Tekst.</p>", "Ajax - Feyenoord eindigt in 2-2"},
        {"<title>Ajax - Feyenoord eindigt in 2-2 - Het Parool</title><p>Tekst.</p>",
         "Ajax - Feyenoord eindigt in 2-2"},
        {"<title>Rotterdam \xe2\x80\x93 Feyenoord viert kampioenschap op de Coolsingel \xe2\x80\x93 AD.nl</title>"
         "<p>Tekst.</p>",
         "Rotterdam \xe2\x80\x93 Feyenoord viert kampioenschap op de Coolsingel"},
        {"<title>Ajax - Feyenoord - NOS</title><p>Tekst.</p>", "Ajax - Feyenoord"},
        // A section before the site's name goes with it, after the same separator.
        {"<title>Gemeenteraad stemt in - Utrecht - AD.nl</title><p>Tekst.</p>", "Gemeenteraad stemt in"},
        {"<title>Gemeenteraad stemt in - Utrecht | Het Dagblad</title><meta property='og:site_name' "
         "content='Het Dagblad'><p>Tekst.</p>",
         "Gemeenteraad stemt in - Utrecht"},
        {"<title>Gemeenteraad stemt in - Utrecht - Het Dagblad</title><meta property='og:site_name' "
         "content='Het Dagblad'><p>Tekst.</p>",
         "Gemeenteraad stemt in"},
        // NU.nl's name and slogan.
        {"<title>Gemeenteraad stemt in | NU - Het laatste nieuws het eerst op NU.nl</title><p>Tekst.</p>",
         "Gemeenteraad stemt in"},
        // The names the page gives its site: application-name, a JSON-LD publisher beside og:site_name.
        {"<title>Kabinet valt over stikstof - Omroep West</title><meta name='application-name' content='Omroep West'>"
         "<p>Tekst.</p>",
         "Kabinet valt over stikstof"},
        {"<title>Kabinet valt - NOS Nieuws</title><meta property='og:site_name' content='NOS'><script "
         "type='application/ld+json'>{\"publisher\":{\"name\":\"NOS Nieuws\"}}</script><p>Tekst.</p>",
         "Kabinet valt"},
        // The name the page gives its site at the title's start, before a separator or a colon.
        {"<title>NOS Nieuws - Kim ontmoet Trump in Hanoi</title><meta property='og:site_name' content='NOS Nieuws'>"
         "<p>Tekst.</p>",
         "Kim ontmoet Trump in Hanoi"},
        {"<title>de Volkskrant: Kim ontmoet Moon</title><meta property='og:site_name' content='de Volkskrant'>"
         "<p>Tekst.</p>",
         "Kim ontmoet Moon"},
        {"<title>Noord-Korea test raket</title><meta property='og:site_name' content='Noord'><p>Tekst.</p>",
         "Noord-Korea test raket"},
        {"<title>NOS Nieuws</title><meta property='og:site_name' content='NOS'><p>Tekst.</p>", "NOS Nieuws"},
        // og:title ending in og:site_name, or the same as <title>.
        {"<meta property='og:title' content='Kabinet valt | De Telegraaf'><meta property='og:site_name' "
         "content='De Telegraaf'><title>Kabinet valt | De Telegraaf</title><p>Tekst.</p>",
         "Kabinet valt"},
        {"<meta property='og:title' content='Kabinet valt over stikstof - NRC'><title>Kabinet valt over stikstof - NRC"
         "</title><p>Tekst.</p>",
         "Kabinet valt over stikstof"},
        // Nothing that is not recognisably the site.
        {"<meta property='og:title' content='Kabinet valt - NRC'><title>Kabinet</title><p>Tekst.</p>",
         "Kabinet valt - NRC"},
        {"<title>Kim Jong-un - de man achter de bom</title><p>Tekst.</p>", "Kim Jong-un - de man achter de bom"},
        {"<title>Kim - NOS</title><p>Tekst.</p>", "Kim - NOS"},
        {"<title>Ajax - Feyenoord - Het Parool</title><p>Tekst.</p>", "Ajax - Feyenoord - Het Parool"},
        {"<title>Kim | Trump | NOS</title><p>Tekst.</p>", "Kim | Trump | NOS"},
        {"<title>Rutte praat - Het Binnenhof</title><p>Tekst.</p>", "Rutte praat - Het Binnenhof"},
        {"<title>Dit is het einde - Het einde</title><p>Tekst.</p>", "Dit is het einde - Het einde"},
        {"<title>Gemeenteraad stemt in - Utrecht</title><p>Tekst.</p>", "Gemeenteraad stemt in - Utrecht"},
        {"<title>Vrede in Noord-Korea - VS dreigt</title><p>Tekst.</p>", "Vrede in Noord-Korea - VS dreigt"},
    };
    for (const auto& r : rows) {
        INFO(r.html);
        CHECK(page(r.html).title == r.title);
    }
}
