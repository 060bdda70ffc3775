// Snippets: which passage of an article is shown and which words are marked.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analyser.h"
#include "schema.h"
#include "shipped_analyser.h"
#include "snippet.h"

using knipsel::Analyser;
using knipsel::BuiltQuery;
using knipsel::Snippet;

namespace {

// What build_query records for highlighting a plain query: each word
// folded, and its stem.
BuiltQuery query_of(const std::string& text) {
    BuiltQuery q;
    for (const knipsel::Token& t : dutch().tokenise(text)) {
        q.words.insert(t.term);
        q.stems.insert(dutch().stem(t.term));
    }
    q.loose_words = q.words;
    q.loose_stems[dutch().language()] = q.stems;
    return q;
}

// The same with `phrase` (folded words) marked only together.
BuiltQuery with_phrase(BuiltQuery q, const std::vector<std::string>& phrase) {
    for (const auto& w : phrase) {
        q.words.insert(w);
        q.stems.insert(dutch().stem(w));
    }
    q.phrases.insert(phrase);
    return q;
}

std::string marked(const std::string& body, const BuiltQuery& q, std::size_t window = 30) {
    Snippet s = knipsel::make_snippet(body, q, dutch(), window);
    std::string out;
    std::size_t at = 0;
    for (auto [b, e] : s.highlights) {
        out += s.text.substr(at, b - at) + "[" + s.text.substr(b, e - b) + "]";
        at = e;
    }
    return out + s.text.substr(at);
}

// The snippet's text with the marked words in [brackets].
std::string marked(const std::string& body, const std::string& query, std::size_t window = 30) {
    Snippet s = knipsel::make_snippet(body, query_of(query), dutch(), window);
    std::string out;
    std::size_t at = 0;
    for (auto [b, e] : s.highlights) {
        REQUIRE(b >= at);
        REQUIRE(e <= s.text.size());
        out += s.text.substr(at, b - at) + "[" + s.text.substr(b, e - b) + "]";
        at = e;
    }
    return out + s.text.substr(at);
}

std::string filler(std::size_t words) {
    std::string out;
    for (std::size_t i = 0; i < words; ++i) out += "woord" + std::to_string(i % 7) + " ";
    return out;
}

}  // namespace

TEST_CASE("snippets mark inflections, diacritics and hyphenated names") {
    CHECK(marked("De sanctie blijft van kracht.", "sancties") == "De [sanctie] blijft van kracht.");
    CHECK(marked("Er kwamen nieuwe ideeën op tafel.", "ideeen") == "Er kwamen nieuwe [ideeën] op tafel.");
    CHECK(marked("Kim reisde naar Noord-Korea.", "Noord-Korea") == "Kim reisde naar [Noord]-[Korea].");
    // Three words of context before the first marked one, widened to a
    // whole name (in an article longer than the passage).
    CHECK(marked("Kim Jong-un reisde naar Noord-Korea. " + filler(40), "Noord-Korea")
              .rfind("… Jong-un reisde naar [Noord]-[Korea]. woord0", 0) == 0);
}

TEST_CASE("a short article is shown whole, or as much as the passage holds before its end") {
    // It had started three words before the match: "… Verenigde Staten leggen sancties op."
    CHECK(marked("De Verenigde Staten leggen sancties op.", "sancties") == "De Verenigde Staten leggen [sancties] op.");
    const std::string body = filler(20) + "en de sancties blijven.";
    const std::string s = marked(body, "sancties", 10);
    CHECK(s == "… woord0 woord1 woord2 woord3 woord4 woord5 en de [sancties] blijven.");
}

TEST_CASE("a snippet keeps what closes the text after its last word") {
    // Quotes and brackets after the last word were cut after 4 bytes, and
    // an emoji after a space left out, with no "…": „… door…" open.
    CHECK(marked("De fuut zei: „We gaan gewoon door…”", "fuut") == "De [fuut] zei: „We gaan gewoon door…”");
    CHECK(marked("Waar is de fuut, waar?!”", "fuut") == "Waar is de [fuut], waar?!”");
    CHECK(marked("De leeuwerik (zo schreef hij: „de leeuwerik.”)", "zo") ==
          "De leeuwerik ([zo] schreef hij: „de leeuwerik.”)");
    CHECK(marked("De zwaluw zong — 🎉.", "zwaluw") == "De [zwaluw] zong — 🎉.");
}

TEST_CASE("a snippet from the article's start keeps what stands before its first word") {
    // It had started at the word: "Sanctie werkt niet”", "Sanctie) werkt".
    CHECK(marked("„Sanctie werkt niet”, zei hij.", "sanctie") == "„[Sanctie] werkt niet”, zei hij.");
    CHECK(marked("(Sanctie) werkt", "sanctie") == "([Sanctie]) werkt");
    CHECK(marked("\n  ¿Sanctie? Ja.", "sanctie") == "¿[Sanctie]? Ja.");
    // Further on, the ellipsis says where it starts.
    CHECK(marked("„Een twee drie vier sanctie” " + filler(40), "sanctie").rfind("… twee drie vier [sanctie]” woord0", 0) ==
          0);
}

TEST_CASE("a snippet never cuts a hyphenated or apostrophed name in two") {
    // The passage would end at "Noord" or start at "un": the name is
    // shown whole either way.
    CHECK(marked("Sancties tegen het regime van Noord-Korea en meer.", "sancties", 4) ==
          "[Sancties] tegen het regime …");
    CHECK(marked("Sancties tegen Noord-Korea blijven van kracht.", "sancties", 3) ==
          "[Sancties] tegen Noord-Korea …");
    CHECK(marked("Een gesprek met Kim Jong-un over de sancties en de gevolgen daarvan.", "sancties", 4) ==
          "… Jong-un over de [sancties] …");
}

TEST_CASE("a snippet is the passage with the most different query words") {
    std::string body = "Eerst alleen sancties. " + filler(40) + "Toen sancties tegen Yongbyon en nog meer sancties.";
    std::string s = marked(body, "sancties Yongbyon", 10);
    CHECK(s.find("[Yongbyon]") != std::string::npos);
    CHECK(s.rfind("… ", 0) == 0);  // not the start of the article
    CHECK(s.find("Eerst") == std::string::npos);
}

TEST_CASE("a stopword the query searched is marked but does not choose the passage") {
    std::string body = "De vergadering begon laat. " + filler(40) + "Daarna kwamen de sancties ter sprake.";
    std::string s = marked(body, "de sancties", 10);
    CHECK(s.find("[sancties]") != std::string::npos);
    CHECK(s.find("[de]") != std::string::npos);
}

TEST_CASE("a query of stopwords only shows a passage with them, marked") {
    // Such a query searches its stopwords (nothing else was typed): they
    // are its words, and choose the passage as any word would.
    const std::string body = filler(40) + "Toen kwam er een brief van de minister. " + filler(40);
    CHECK(marked(body, "een", 10).find("er [een] brief") != std::string::npos);
    const std::string both = marked(body, "een de", 10);
    CHECK(both.find("er [een] brief van [de] minister") != std::string::npos);
    // With a word that is no stopword, that word chooses the passage.
    CHECK(marked(body + "De sancties bleven.", "de sancties", 10).find("[De] [sancties] bleven.") != std::string::npos);
}

TEST_CASE("a long article is shown from its first passage with every word, with an ellipsis after") {
    std::string body = filler(20) + "De sancties tegen Yongbyon blijven. " + filler(5000) + "Yongbyon sancties.";
    std::string s = marked(body, "sancties Yongbyon");
    CHECK(s.find("[sancties] tegen [Yongbyon] blijven.") != std::string::npos);
    CHECK(s.size() >= 4);
    CHECK(s.substr(s.size() - 4) == " …");
}

TEST_CASE("words far into a long article are found across the pieces it is read in") {
    // Every few thousand bytes the text is analysed anew; a hyphenated name
    // on such a seam is still one word.
    for (std::size_t words : {500u, 560u, 570u, 580u, 585u, 590u, 600u, 700u}) {
        std::string body = filler(words) + "Noord-Korea " + filler(50);
        std::string s = marked(body, "Noord-Korea");
        INFO(words);
        CHECK(s.find("[Noord]-[Korea]") != std::string::npos);
    }
}

TEST_CASE("a sign a space apart from its number is marked across the pieces too") {
    // With 585 filler words (7 bytes each) the first piece of 4096 bytes
    // ends at the space in "25 %", or in "€ 200".
    for (std::size_t words : {583u, 584u, 585u, 586u, 587u}) {
        INFO(words);
        CHECK(marked(filler(words) + "25 % op staal. " + filler(20), "procent").find("[%]") != std::string::npos);
        CHECK(marked(filler(words) + "\xE2\x82\xAC 200 miljard. " + filler(20), "euro").find("[\xE2\x82\xAC]") !=
              std::string::npos);
    }
}

TEST_CASE("without a matching word the snippet is the article's start") {
    std::string s = marked("Een rustige dag in Den Haag. " + filler(100), "Yongbyon");
    CHECK(s.rfind("Een rustige dag in Den Haag.", 0) == 0);
    CHECK(s.find('[') == std::string::npos);
    CHECK(knipsel::make_snippet("", query_of("Yongbyon"), dutch()).text.empty());
}

TEST_CASE("a wildcard marks every word it covers") {
    BuiltQuery q;
    q.wildcard_heads = {"denucleari"};
    Snippet s = knipsel::make_snippet("Over denuclearisatie en denucleariseren werd gesproken.", q, dutch());
    CHECK(s.highlights.size() == 2);
}

TEST_CASE("line breaks become spaces and a snippet never ends inside a character") {
    std::string s = marked("Sancties\nop de\tagenda——", "sancties", 3);
    CHECK(s.find('\n') == std::string::npos);
    CHECK(s.find('\t') == std::string::npos);
    Snippet raw = knipsel::make_snippet("sancties raket——", query_of("sancties"), dutch(), 2);
    for (unsigned char c : std::string(1, raw.text.back())) CHECK((c & 0xC0) != 0xC0);
}

TEST_CASE("snippets read words exactly as the tokeniser makes them", "[snippet][analyser]") {
    // each_word (what snippets read) against tokenise's word tokens (what
    // the index holds): same terms, same byte offsets, on hyphens,
    // apostrophes, diacritics, long words and broken UTF-8.
    const std::vector<std::string> texts = {
        "Noord-Korea's leider Kim Jong-un sprak zo'n tien minuten met de VS.",
        "auto's, foto’s en 's-Gravenhage; O'Neill en rock'n'roll",
        "Ideeën over coöperatie in België — één café, ÉÉN CAFÉ",
        "de " + std::string(80, 'x') + " en Noord-" + std::string(70, 'y') + "-Korea",
        std::string("vrede\xFF\xFEoorlog\xC3 en -- 'quote' -los- 2019-03-08 e-mail"),
        "",
        "   ,,, !!",
        "Ajax vs PSV, Federer vs. Nadal en de VS",
    };
    for (const std::string& text : texts) {
        std::vector<std::string> want, got;
        for (const knipsel::Token& t : dutch().tokenise(text, knipsel::Reading::article))
            if (t.kind == knipsel::Token::Kind::word)
                want.push_back(t.term + "@" + std::to_string(t.begin) + "-" + std::to_string(t.end));
        dutch().each_word(text, [&](std::string_view term, std::uint32_t b, std::uint32_t e) {
            got.push_back(std::string(term) + "@" + std::to_string(b) + "-" + std::to_string(e));
        });
        INFO(text);
        CHECK(got == want);
    }
    std::vector<std::string> words;
    dutch().each_word("Noord-Korea's auto’s", [&](std::string_view term, std::uint32_t, std::uint32_t) {
        words.emplace_back(term);
    });
    CHECK(words == std::vector<std::string>{"noord", "korea's", "auto's"});
}

TEST_CASE("one maker for a page gives each body the snippet it would get alone, in either language") {
    // What the maker keeps from one body (which words match, their stems)
    // must not change the next body's snippet, nor cross languages.
    const BuiltQuery q = query_of("sancties handel Korea");
    const Analyser& nl = dutch();
    const Analyser& en = dutch().for_language("en");
    const std::vector<std::pair<std::string, const Analyser*>> page = {
        {"De sancties tegen Noord-Korea bleven van kracht. De handel stokte.", &nl},
        {"Trade sanctions on North Korea stayed; handel was not mentioned.", &en},
        {"Over handelsoorlogen en sanctie werd niet gesproken, wel over Korea's.", &nl},
        {"Korea, Korea en nog eens Korea: geen sancties.", &nl},
        {"Sanctioned handlers met in Korea.", &en},
        // Dutch "sanctie" matches the query's "sancties" in Dutch only (in
        // English it stems to "sancti").
        {"Europe weighed a new sanctie, Korea said.", &en},
        {"Europa woog een nieuwe sanctie, zei Korea.", &nl},
        {"", &nl},
    };
    knipsel::SnippetMaker maker(q, 8);
    for (const auto& [body, analyser] : page) {
        INFO(body);
        const Snippet shared = maker.make(body, *analyser);
        const Snippet alone = knipsel::make_snippet(body, q, *analyser, 8);
        CHECK(shared.text == alone.text);
        CHECK(shared.highlights == alone.highlights);
    }
    CHECK(marked("Europa woog een nieuwe sanctie, zei Korea.", "sancties handel Korea", 8) ==
          "Europa woog een nieuwe [sanctie], zei [Korea].");
}

TEST_CASE("a number with points between its thousands is marked whole for the number") {
    CHECK(marked("Er staan 12.000 soldaten klaar.", "12000") == "Er staan [12.000] soldaten klaar.");
    CHECK(marked("Voor 1.500.000 euro.", "1500000 euro") == "Voor [1.500.000] [euro].");
    CHECK(marked("Versie 12.000.5 uit.", "12000") == "Versie 12.000.5 uit.");
    CHECK(marked("Datum 1.12.000 en 12.000 man.", "12000") == "Datum 1.12.000 en [12.000] man.");
}

TEST_CASE("an English number with commas between its thousands is marked whole for the number") {
    const Analyser& en = dutch().for_language("en");
    const auto marked_en = [&](const std::string& body, const std::string& query) {
        const Snippet s = knipsel::make_snippet(body, query_of(query), en, 30);
        std::string out;
        std::size_t at = 0;
        for (auto [b, e] : s.highlights) {
            out += s.text.substr(at, b - at) + "[" + s.text.substr(b, e - b) + "]";
            at = e;
        }
        return out + s.text.substr(at);
    };
    CHECK(marked_en("The US keeps 28,500 troops there.", "28500") == "The US keeps [28,500] troops there.");
    CHECK(marked_en("Some 1,000,000 people.", "1000000") == "Some [1,000,000] people.");
    // In Dutch the comma is a decimal one.
    CHECK(marked("Er staan 28,500 soldaten.", "28500") == "Er staan 28,500 soldaten.");
}

TEST_CASE("an article's lower-case vs is marked for versus, not for the country") {
    CHECK(marked("Ajax vs PSV eindigde in 1-1.", "versus") == "Ajax [vs] PSV eindigde in 1-1.");
    CHECK(marked("Ajax vs PSV, en de VS keken toe.", "VS") == "Ajax vs PSV, en de [VS] keken toe.");
}

TEST_CASE("an abbreviation with points is marked whole for the abbreviation") {
    CHECK(marked("De V.S. eisen sancties.", "VS") == "De [V.S.] eisen sancties.");
    CHECK(marked("De V.S. eisen sancties.", "vs sancties") == "De [V.S.] eisen [sancties].");
    // Its letters alone are no match: "V. Smit" is a name.
    CHECK(marked("Brief van V. Smit.", "VS") == "Brief van V. Smit.");
    // Far into an article, the passage with it is the one shown.
    CHECK(marked(filler(60) + "Toen eisten de V.N. meer.", "VN", 10).find("[V.N.]") != std::string::npos);
}

TEST_CASE("a word typed joined marks it written with hyphens, which the index holds joined too") {
    CHECK(marked("Een G-20 top volgt.", "G20") == "Een [G-20] top volgt.");
    CHECK(marked("Het COVID-19-virus verspreidt zich.", "covid19") == "Het [COVID-19]-virus verspreidt zich.");
    CHECK(marked("Over Noord-Korea en de VS.", "noordkorea VS") == "Over [Noord-Korea] en de [VS].");
    // A part that matches alone keeps its own mark.
    CHECK(marked("Over Noord-Korea.", "Korea") == "Over Noord-[Korea].");
    // A part of one letter joined to the first word of the compound after
    // it, as the index joins it: the hyphenated word is marked.
    CHECK(marked("Stuur het naar het e-mailadres van de krant.", "email") ==
          "Stuur het naar het [e-mailadres] van de krant.");
    CHECK(marked("Een e-mail aan het e-mailadres.", "email") == "Een [e-mail] aan het [e-mailadres].");
    // The compound's last part is its own word still.
    CHECK(marked("Het e-mailadres van de krant.", "adres") == "Het e-[mailadres] van de krant.");
    // Far into an article, the passage with it is the one shown.
    CHECK(marked(filler(60) + "Toen kwam de G-20 bijeen.", "G20", 10).find("[G-20]") != std::string::npos);
}

TEST_CASE("a hyphenated word is marked whole for the whole, also where a later part is a query word too") {
    // vredes-besprekingen: the query vredesbesprekingen also has besprekingen (its compound's head)
    CHECK(marked("Bij de vredes-besprekingen in Genève.", "vredesbesprekingen besprekingen") ==
          "Bij de [vredes-besprekingen] in Genève.");
    CHECK(marked("Bij de besprekingen in Genève.", "vredesbesprekingen besprekingen") ==
          "Bij de [besprekingen] in Genève.");
}

TEST_CASE("a word whose end is left out for the next word's is marked for the word it stands for") {
    CHECK(marked("De land- en tuinbouw lijdt eronder.", "landbouw") == "De [land-] en tuinbouw lijdt eronder.");
    CHECK(marked("Spanning tussen Noord- en Zuid-Korea.", "noordkorea") == "Spanning tussen [Noord-] en Zuid-Korea.");
    CHECK(marked("De in- en uitvoer van graan.", "invoer") == "De [in-] en uitvoer van graan.");
    // a hyphen before a blank that leaves no end out marks nothing
    CHECK(marked("Het land- ach, laat maar.", "landbouw") == "Het land- ach, laat maar.");
}

TEST_CASE("hyphenated words joined before an abbreviation leave it marked whole") {
    // Joining "Noord-Korea" moves the words after it: the abbreviation's
    // letters are still found where they now stand.
    CHECK(marked("Over Noord-Korea en de V.S. nu.", "noordkorea VS") == "Over [Noord-Korea] en de [V.S.] nu.");
    CHECK(marked("De G-20, Noord-Korea en de V.N. spraken.", "G20 noordkorea VN") ==
          "De [G-20], [Noord-Korea] en de [V.N.] spraken.");
    // Letters without points beside each other are no abbreviation.
    CHECK(marked("Over Noord-Korea en V S nu.", "noordkorea VS") == "Over [Noord-Korea] en V S nu.");
}

TEST_CASE("a stopword typed with accents marks only its occurrences so written") {
    BuiltQuery q;
    q.words = {"een"};
    q.marked_stopwords["een"] = {"één"};
    Snippet s = knipsel::make_snippet(filler(40) + "Een man en één vrouw.", q, dutch(), 10);
    REQUIRE(s.highlights.size() == 1);
    CHECK(s.text.substr(s.highlights[0].first, s.highlights[0].second - s.highlights[0].first) == "één");
}

TEST_CASE("a phrase's words are marked only where they stand together, as one mark") {
    const BuiltQuery geen = with_phrase(BuiltQuery(), {"geen", "akkoord"});
    CHECK(marked("Er kwam geen enkel voorstel, en dus geen akkoord.", geen) ==
          "Er kwam geen enkel voorstel, en dus [geen] [akkoord].");
    const BuiltQuery us = with_phrase(BuiltQuery(), {"u", "s"});
    // With its last point, as the tokeniser reads it (it had been "[U.S].").
    CHECK(marked("The U.N. and the U.S. disagreed.", us) == "The U.N. and the [U.S.] disagreed.");
    const BuiltQuery jong = with_phrase(query_of("Kim"), {"jong", "un"});
    CHECK(marked("Kim Jong-un ontmoette Kim Yo-jong.", jong) == "[Kim] [Jong-un] ontmoette [Kim] Yo-jong.");
    const BuiltQuery ton = with_phrase(query_of("ton"), {"2", "000"});
    CHECK(marked("Er ging 13.000 ton heen, later 2.000.", ton) == "Er ging 13.000 [ton] heen, later [2.000].");
}

TEST_CASE("a NEAR's words are marked where they stand closest together, in any form it took") {
    // As build_query makes `Ajax NEAR vs`: an article's "vs" is "versus", the query's may be either.
    BuiltQuery q = query_of("Ajax vs");
    q.folded = "ajax NEAR vs";
    const std::vector<Xapian::Query> vs{Xapian::Query("vs"), Xapian::Query("versus")};
    const std::vector<Xapian::Query> near{Xapian::Query("ajax"),
                                          Xapian::Query(Xapian::Query::OP_OR, vs.begin(), vs.end())};
    q.query = Xapian::Query(Xapian::Query::OP_NEAR, near.begin(), near.end(), 11);
    const std::string body = "Ajax speelde. Later komt de VS ter sprake. Ajax vs PSV eindigde in 2-2.";
    CHECK(marked(body, q) == "Ajax speelde. Later komt de VS ter sprake. [Ajax] [vs] PSV eindigde in 2-2.");
    // A word the query also has outside the NEAR is marked wherever it stands.
    BuiltQuery psv = query_of("Ajax vs PSV");
    psv.folded = "psv AND (ajax NEAR vs)";
    psv.query = Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("Zpsv"), q.query);
    CHECK(marked("PSV won. " + body, psv) ==
          "[PSV] won. Ajax speelde. Later komt de VS ter sprake. [Ajax] [vs] [PSV] eindigde in 2-2.");
    // Without a match among the words shown, they are marked as plain words are.
    CHECK(marked("Ajax speelde. " + filler(20) + "De VS keken toe.", q, 40).find("[Ajax]") != std::string::npos);
}

TEST_CASE("a compound found by a query word's part is marked whole") {
    CHECK(marked("Het ging daarna over sanctieverlichting voor Pyongyang.", query_of("sancties")) ==
          "Het ging daarna over [sanctieverlichting] voor Pyongyang.");
    CHECK(marked("Het ging daarna over sanctieverlichting voor Pyongyang.", query_of("verlichting")) ==
          "Het ging daarna over [sanctieverlichting] voor Pyongyang.");
    // Not a word that merely holds the letters: "bestuurder" is no compound of "uur".
    CHECK(marked("De bestuurder van het kantoor.", query_of("uur")) == "De bestuurder van het kantoor.");
}

TEST_CASE("a compound of three parts, or with a short first part, is marked for any of them") {
    CHECK(marked("Er is weer gewerkt aan het kernwapenprogramma van het land.", query_of("wapen")) ==
          "Er is weer gewerkt aan het [kernwapenprogramma] van het land.");
    CHECK(marked("De tweede topontmoeting tussen beide leiders.", query_of("ontmoeting")) ==
          "De tweede [topontmoeting] tussen beide leiders.");
    CHECK(marked("De tweede topontmoeting tussen beide leiders.", query_of("top")) ==
          "De tweede [topontmoeting] tussen beide leiders.");
    // A stem's f is a v before an ending: "proef" in "raketproeven".
    CHECK(marked("Na een reeks raketproeven deze zomer.", query_of("proef")) ==
          "Na een reeks [raketproeven] deze zomer.");
    CHECK(marked("De stopzetting van de proef.", query_of("top")) == "De stopzetting van de proef.");
}

TEST_CASE("a compound whose part the index stems as a query word is marked, however the part is spelt") {
    // The index splits "speelgoed" into speel|goed and stems "speel" as
    // "spelen" is stemmed; the text does not hold that stem ("spel").
    CHECK(marked("Heffingen op laptops en speelgoed gaan omlaag.", query_of("spelen")) ==
          "Heffingen op laptops en [speelgoed] gaan omlaag.");
    CHECK(marked("Het land ontmantelt de raketlanceerinstallatie in Tongchang-ri.", query_of("lanceren")) ==
          "Het land ontmantelt de [raketlanceerinstallatie] in Tongchang-ri.");
    // Also when the query word stands in the article as a word of its own.
    CHECK(marked("Ze spelen met speelgoed.", query_of("spelen")) == "Ze [spelen] met [speelgoed].");
    // Far into an article, the passage is the compound's.
    CHECK(marked(filler(60) + "De heffing op speelgoed gaat omlaag. " + filler(60), query_of("spelen"), 10) ==
          "… De heffing op [speelgoed] gaat omlaag. woord0 woord1 woord2 woord3 …");
}

TEST_CASE("a compound whose part is another form of the query word is marked") {
    // The index splits these as grens|dorp, roest|vrij|stalen, hoofd|steden
    // and vracht|schepen, and stems the parts as the query words.
    CHECK(marked("Het grensdorp Panmunjom ligt vlak bij de grensovergang.", query_of("grens")) ==
          "Het [grensdorp] Panmunjom ligt vlak bij de [grensovergang].");
    CHECK(marked("Hulpgroepen mogen geen roestvrijstalen buizen leveren.", query_of("staal")) ==
          "Hulpgroepen mogen geen [roestvrijstalen] buizen leveren.");
    CHECK(marked("De hoofdsteden van Europa en de havensteden.", query_of("stad")) ==
          "De [hoofdsteden] van Europa en de [havensteden].");
    CHECK(marked("De vrachtschepen lagen stil.", query_of("schip")) == "De [vrachtschepen] lagen stil.");
    // Far into an article, the passage is the compound's; and one the
    // passage shows is marked when the passage was found by the word itself.
    CHECK(marked(filler(60) + "De vrachtschepen lagen stil. " + filler(60), query_of("schip"), 10) ==
          "… woord2 woord3 De [vrachtschepen] lagen stil. woord0 woord1 woord2 woord3 …");
    CHECK(marked("Het schip en de vrachtschepen.", query_of("schip")) == "Het [schip] en de [vrachtschepen].");
    // Letters alike are no compound: "stadion" holds no "stad" part.
    CHECK(marked("Het stadion en de stedelijke regio.", query_of("stad")) == "Het stadion en de stedelijke regio.");
}

TEST_CASE("a compound whose part is an irregular plural of the query word is marked") {
    // kamer|leden and bestuurs|leden: "leden" is lid's plural, with another vowel.
    CHECK(marked("De kamerleden vroegen de minister om opheldering.", query_of("lid")) ==
          "De [kamerleden] vroegen de minister om opheldering.");
    CHECK(marked("Ook de bestuursleden en de leden stemden.", query_of("lid")) ==
          "Ook de [bestuursleden] en de [leden] stemden.");
    // Letters alike are no plural of it: "geleden" (ago), "verleden" (past).
    CHECK(marked("Dat is lang geleden, het verleden telt niet.", query_of("lid")) ==
          "Dat is lang geleden, het verleden telt niet.");
}

TEST_CASE("every compound the passage shows is marked, also beside the query word itself") {
    CHECK(marked("België veroordeelde de proef. De kernproef volgt op een reeks raketproeven.", query_of("proef")) ==
          "België veroordeelde de [proef]. De [kernproef] volgt op een reeks [raketproeven].");
    CHECK(marked("De sancties blijven; over sanctieverlichting praat het sanctiecomité niet.", query_of("sancties")) ==
          "De [sancties] blijven; over [sanctieverlichting] praat het [sanctiecomité] niet.");
}

TEST_CASE("query words far from the passage get a short piece of their own, in text order") {
    const std::string body = "Yongbyon is het nucleaire complex. " + filler(60) + "Daarom bleven de sancties van kracht. " +
                             filler(60) + "Einde.";
    const std::string m = marked(body, "sancties Yongbyon");
    INFO(m);
    CHECK(m.rfind("[Yongbyon] is het nucleaire complex.", 0) == 0);
    CHECK(m.find(" … ") != std::string::npos);
    CHECK(m.find("de [sancties] van kracht") != std::string::npos);
    CHECK(m.find("[sancties]") > m.find("[Yongbyon]"));
    CHECK(m.size() < 400);
}

TEST_CASE("a short piece for a word far from the passage is widened to whole words, as the passage is") {
    // The pieces had been cut to "… Korea a b c sancties d e f g 12 …" and
    // "… un x y z embargo q r s t 6 …", the article's last without its point.
    std::string vul, meer;
    for (int i = 0; i < 60; ++i) {
        vul += "vul" + std::to_string(i) + " ";
        meer += "meer" + std::to_string(i) + " ";
    }
    const std::string body = "Yongbyon staat vooraan. " + vul + "Noord-Korea a b c sancties d e f g 12.500 ton olie. " +
                             meer + "Kim Jong-un x y z embargo q r s t 6,3.";
    const std::string m = marked(body, "Yongbyon sancties embargo");
    INFO(m);
    CHECK(m.find(" … Noord-Korea a b c [sancties] d e f g 12.500 … ") != std::string::npos);
    const std::string end = " … Jong-un x y z [embargo] q r s t 6,3.";
    CHECK(m.size() >= end.size());
    CHECK(m.substr(m.size() - end.size()) == end);
    // A number's groups after the passage's word: "ruim 57.000 mensen", not "ruim 57 …".
    const std::string n =
        marked("Yongbyon staat vooraan. " + filler(40) + "In Zuid-Korea staan er nog ruim 57.000 mensen. " + filler(40),
               "Yongbyon Korea");
    INFO(n);
    CHECK(n.find(" … woord3 woord4 In Zuid-[Korea] staan er nog ruim 57.000 …") != std::string::npos);
}

TEST_CASE("the window's last match is not cut off by the context shown before its first") {
    const std::string body = filler(40) + "een akkoord over Yongbyon in ruil voor " + filler(22) + "de sancties. " +
                             filler(40);
    const std::string m = marked(body, "sancties Yongbyon");
    INFO(m);
    CHECK(m.find("[Yongbyon]") != std::string::npos);
    CHECK(m.find("[sancties]") != std::string::npos);
}

TEST_CASE("a match of several words at the passage's end is shown whole") {
    // The window ended after "Den": "… Zaken in [Den] …".
    const BuiltQuery q = with_phrase(query_of("sancties"), {"den", "haag"});
    const std::string m =
        marked("De sancties zijn besproken op het ministerie van Buitenlandse Zaken in Den Haag vandaag.", q, 11);
    INFO(m);
    CHECK(m == "De [sancties] zijn besproken op het ministerie van Buitenlandse Zaken in [Den] [Haag] …");
}

TEST_CASE("an apostrophe that elides a word belongs to it") {
    // It had been left out of the mark and of the passage's start:
    // "'[s-Gravenhage]", "… s-Gravenhage neemt het stokje".
    CHECK(marked("Het kabinet zetelt in 's-Gravenhage.", with_phrase(BuiltQuery(), {"s", "gravenhage"})) ==
          "Het kabinet zetelt in ['s-Gravenhage].");
    CHECK(marked(filler(40) + "Daarna: 's-Gravenhage neemt het stokje over. " + filler(40), "stokje")
              .find("… 's-Gravenhage neemt het [stokje] over.") != std::string::npos);
    CHECK(marked(filler(40) + "Hij woont in \u2019t Zand, al jaren. " + filler(40), "jaren")
              .find("… \u2019t Zand, al [jaren].") != std::string::npos);
    // One that closes a word is that word's already.
    CHECK(marked("Nieuwe auto's rijden.", "auto") == "Nieuwe [auto's] rijden.");
}

TEST_CASE("text the index skips between words is shortened, not shown whole") {
    const std::string url = "https://www.example.nl/nieuws?utm=" + std::string(600, 'a');
    const Snippet s = knipsel::make_snippet("Lees over de luchtballon op " + url + " en meer.", query_of("luchtballon"),
                                            dutch(), 30);
    INFO(s.text);
    CHECK(s.text.size() < 200);
    CHECK(s.text.find("luchtballon") != std::string::npos);
    CHECK(s.text.find(" … ") != std::string::npos);
}

TEST_CASE("words that share their first letters are told apart, however many came before") {
    // Thousands of different words that start like a query word ("menu")
    // come before the passage; look-alikes of 8, 9 and 16 bytes stay unmarked.
    std::string body;
    for (int i = 0; i < 3000; ++i) body += "menig" + std::to_string(i) + " instituut" + std::to_string(i % 10) + " ";
    body += "Kies in het menu de instellingen van het instituut, menigmaal; instituutsgebouwen blijven.";
    const std::string s = marked(body, "menu instellingen", 12);
    CHECK(s == "… Kies in het [menu] de [instellingen] van het instituut, menigmaal; "
               "instituutsgebouwen blijven.");
}

TEST_CASE("a maker gives each body its own snippet after a long body or a second reading for compounds") {
    // What make() keeps from one body to the next (its word lists) must not
    // show in the next body's snippet.
    const BuiltQuery q = query_of("sancties Yongbyon");
    const std::vector<std::string> page = {
        filler(3000) + "De sancties tegen Yongbyon bleven. " + filler(40),
        "Over sanctieverlichting voor Yongbyon werd gesproken.",  // found in a second reading
        "Een sanctie, geen compound: sanctiebeleid of niet, Yongbyon.",
        "Kort.",
        "",
        filler(5) + "Yongbyon zonder het andere woord, " + filler(200),  // a second reading finds nothing more
        "Sancties.",
    };
    knipsel::SnippetMaker maker(q, 10);
    for (const auto& body : page) {
        INFO(body.substr(0, 80));
        const Snippet shared = maker.make(body, dutch());
        const Snippet alone = knipsel::make_snippet(body, q, dutch(), 10);
        CHECK(shared.text == alone.text);
        CHECK(shared.highlights == alone.highlights);
    }
    CHECK(marked(page[1], q) == "Over [sanctieverlichting] voor [Yongbyon] werd gesproken.");
}
