// What each Dutch word becomes: the analysis chain's behaviour, one row a case.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include "analyser.h"
#include "fold.h"
#include "schema.h"
#include "shipped_analyser.h"

using knipsel::Analyser;
using knipsel::Token;

namespace {

// The terms of a text in order, wholes marked with a leading '+'.
std::string terms(const std::string& text) {
    std::string out;
    for (const Token& t : dutch().tokenise(text)) {
        if (!out.empty()) out += ' ';
        if (t.kind == Token::Kind::whole) out += '+';
        out += t.term;
    }
    return out;
}

// The same, the text read as an article (the indexer's reading), by `a`.
std::string article_terms(const std::string& text, const Analyser& a = dutch()) {
    std::string out;
    for (const Token& t : a.tokenise(text, knipsel::Reading::article)) {
        if (!out.empty()) out += ' ';
        if (t.kind == Token::Kind::whole) out += '+';
        out += t.term;
    }
    return out;
}

}  // namespace

TEST_CASE("folding: case, diacritics, ligatures and typographic apostrophes") {
    struct Row { const char* in; const char* out; };
    const Row rows[] = {
        {"Één", "een"},
        {"ideeën", "ideeen"},
        {"coöperatie", "cooperatie"},
        {"Financiële", "financiele"},
        {"België", "belgie"},
        {"café", "cafe"},
        {"STRAßE", "strasse"},
        {"ĳs", "ijs"},
        {"e\xCC\x81\xC3\xA9n", "een"},  // decomposed e + combining acute, then precomposed é
        {"VS", "vs"},
    };
    for (const auto& r : rows) {
        INFO(r.in);
        CHECK(terms(r.in) == r.out);
    }
}

TEST_CASE("superscript, subscript and circled digits are the digits NFKD makes them, within their word") {
    struct Row { const char* in; const char* out; };
    const Row rows[] = {
        {"CO₂", "co2"},
        {"H₂O", "h2o"},
        {"85 m²", "85 m2"},
        {"10 m³", "10 m3"},
        {"x³", "x3"},
        {"CO₂-uitstoot", "co2 uitstoot +co2uitstoot"},
        {"①", "1"},
        {"⑳", "20"},
        {"Ⅻ", "xii"},
        // A fraction is no word: NFKD's "1⁄2" would make "2½" "21" and "2".
        {"2½ jaar", "2 jaar"},
        {"¾", ""},
        // A superscript digit is a unit's after one or two letters, ...
        {"12 km²", "12 km2"},
        {"5 cm³", "5 cm3"},
        {"Km²", "km2"},
        // ... and no part of a longer word (a footnote marker) or a number (a power): left out.
        {"uit het onderzoek² blijkt", "uit het onderzoek blijkt"},
        {"de minister³ zei", "de minister zei"},
        {"The study¹ found", "the study found"},
        {"10⁶ euro", "10 euro"},
        {"m2²", "m2"},
        {"²", ""},
        {"CO₂²", "co2"},
    };
    for (const auto& r : rows) {
        INFO(r.in);
        CHECK(terms(r.in) == r.out);
    }
    // A query folds the same: "CO₂" is "co2", not "co" (carbon monoxide).
    CHECK(dutch().fold_text("CO₂-uitstoot m²", false) == "co2-uitstoot m2");
}

TEST_CASE("letters with no decomposition fold as PostgreSQL's unaccent folds them") {
    struct Row { const char* in; const char* out; };
    const Row rows[] = {
        {"Wałęsa", "walesa"},
        {"ŁÓDŹ", "lodz"},
        {"Støre", "store"},
        {"ØRESUND", "oresund"},
        {"ǿ", "o"},  // ø with an acute: the acute goes by NFKD, the stroke by the table
        {"œuvre", "oeuvre"},
        {"Œuvre", "oeuvre"},
        {"Kılıçdaroğlu", "kilicdaroglu"},
        {"Đoković", "dokovic"},
        {"Æther", "aether"},
        {"þing", "thing"},
        {"Ðan", "dan"},
        {"ħaġar", "hagar"},
        {"STRAßE", "strasse"},  // by case folding already
    };
    for (const auto& r : rows) {
        INFO(r.in);
        CHECK(terms(r.in) == r.out);
    }
}

TEST_CASE("Hangul keeps its syllables as typed, not NFKD's jamo") {
    CHECK(terms("김정은") == "김정은");
    CHECK(dutch().fold_text("김정은", false) == "김정은");
    // Written decomposed (NFD, conjoining jamo: a Mac's file names, some PDFs), the same syllables.
    const std::string nfd = "\xE1\x84\x80\xE1\x85\xB5\xE1\x86\xB7\xE1\x84\x8C\xE1\x85\xA5\xE1\x86\xBC"
                            "\xE1\x84\x8B\xE1\x85\xB3\xE1\x86\xAB";
    CHECK(terms("de leider " + nfd + " lachte") == "de leider 김정은 lachte");
    CHECK(terms("Noord-" + nfd) == "noord 김정은 +noord김정은");
    CHECK(dutch().fold_text(nfd, false) == "김정은");
    std::vector<std::string> seen;
    dutch().each_word(nfd + " x", [&](std::string_view term, std::uint32_t, std::uint32_t) {
        seen.emplace_back(term);
    });
    CHECK(seen == std::vector<std::string>{"김정은", "x"});
}

TEST_CASE("hyphenated words give their parts and the joined word") {
    CHECK(terms("Noord-Korea") == "noord korea +noordkorea");
    CHECK(terms("Kim Jong-un") == "kim jong un +jongun");
    CHECK(terms("Noord\xE2\x80\x90Korea") == "noord korea +noordkorea");  // U+2010 HYPHEN
    CHECK(terms("Noord- en Zuid-Korea") == "noord en zuid korea +zuidkorea");
    CHECK(terms("liaison-kantoren") == "liaison kantoren +liaisonkantoren");
}

TEST_CASE("an article's word of several hyphens also gives each run of its parts joined, as typed joined") {
    // "covid19", "F35", "jongun" and "email" find the compounds made of them.
    CHECK(article_terms("de COVID-19-pandemie") == "de covid 19 pandemie +covid19 +19pandemie +covid19pandemie");
    CHECK(article_terms("de F-35-vloot") == "de f 35 vloot +f35 +35vloot +f35vloot");
    CHECK(article_terms("het Kim Jong-un-regime") == "het kim jong un regime +jongun +unregime +jongunregime");
    CHECK(article_terms("anti-Noord-Korea-betogingen") ==
          "anti noord korea betogingen +antinoord +antinoordkorea +noordkorea +noordkoreabetogingen +koreabetogingen "
          "+antinoordkoreabetogingen");
    // A part of one letter with the first word of the compound after it.
    CHECK(article_terms("het e-mailadres") == "het e mailadres +email +emailadres");
    // Two parts: the whole alone, as before; and a query's hyphenated word is one whole.
    CHECK(article_terms("Noord-Korea") == "noord korea +noordkorea");
    CHECK(article_terms("e-mail") == "e mail +email");
    CHECK(terms("de COVID-19-pandemie") == "de covid 19 pandemie +covid19pandemie");
    CHECK(terms("het e-mailadres") == "het e mailadres +emailadres");
    // Each run at its first part's position; the parts keep theirs, so phrases match as before.
    const auto toks = dutch().tokenise("de COVID-19-pandemie woedt", knipsel::Reading::article);
    std::vector<std::string> at;
    for (const Token& t : toks) at.push_back(t.term + "@" + std::to_string(t.pos));
    CHECK(at == std::vector<std::string>{"de@0", "covid@1", "19@2", "pandemie@3", "covid19@1", "19pandemie@2",
                                         "covid19pandemie@1", "woedt@4"});
    // Bounded: runs of at most max_hyphen_run parts, fewer than three a part, ...
    const auto wholes_of = [](int parts) {
        std::string word = "a1";
        for (int i = 2; i <= parts; ++i) word += "-a" + std::to_string(i);
        const auto many = dutch().tokenise(word, knipsel::Reading::article);
        return std::count_if(many.begin(), many.end(), [](const Token& t) { return t.kind == Token::Kind::whole; });
    };
    CHECK(wholes_of(6) == 1 + 5 + 4 + 3);  // the whole, and the runs of 2, 3 and 4 parts
    // ... and none in a chain of more than max_hyphen_chain parts (a 5 MB chain took 1.6 GB).
    CHECK(wholes_of(7) == 1);
    CHECK(article_terms("a-b-c-d-e-f-g") == "a b c d e f g +abcdefg");
}

TEST_CASE("a run of a hyphenated word's parts has no stopword and is not numbers alone") {
    // A date is no number it never wrote: "1-12-2019" is not "112" or "122019".
    CHECK(article_terms("op 1-12-2019 brak brand uit") == "op 1 12 2019 +1122019 brak brand uit");
    CHECK(article_terms("2-3-4-5") == "2 3 4 5 +2345");
    // A fixed expression gives no word it never wrote ("open", "overkop", "opeen"; in English "today").
    CHECK(article_terms("de lift ging op-en-neer") == "de lift ging op en neer +openneer");
    CHECK(article_terms("hals-over-kop") == "hals over kop +halsoverkop");
    CHECK(article_terms("een-op-een") == "een op een +eenopeen");
    CHECK(article_terms("the day-to-day operations", dutch().for_language("en")) ==
          "the day to day +daytoday operations");
    // Only a stopword of the article's language stops a run.
    CHECK(article_terms("het Kim Jong-un-regime") == "het kim jong un regime +jongun +unregime +jongunregime");
    CHECK(article_terms("the F-35-fleet", dutch().for_language("en")) == "the f 35 fleet +f35 +35fleet +f35fleet");
}

TEST_CASE("a word whose end is left out for the next word's is also the word it stands for") {
    // "Noord- en Zuid-Korea": the part after the last word's hyphen.
    CHECK(article_terms("Noord- en Zuid-Korea") == "noord en zuid korea +zuidkorea +noordkorea");
    CHECK(article_terms("Noord-, Oost- en Zuid-Europa") ==
          "noord oost en zuid europa +zuideuropa +oosteuropa +noordeuropa");
    CHECK(article_terms("Basic- of Python-scripts") == "basic of python scripts +pythonscripts +basicscripts");
    // A compound's head ("land- en tuinbouw"), or a word of the lexicon after
    // one of its words or a stopword ("in- en uitvoer", "voor- en nadelen").
    CHECK(article_terms("land- en tuinbouw") == "land en tuinbouw +landbouw");
    CHECK(article_terms("in- en uitvoer") == "in en uitvoer +invoer");
    CHECK(article_terms("voor- en nadelen") == "voor en nadelen +voordelen");
    CHECK(article_terms("vredes- en veiligheidsbeleid") == "vredes en veiligheidsbeleid +vredesbeleid");
    CHECK(article_terms("import- en exportfilters") == "import en exportfilters +importfilters");
    // No word of the lexicon, no word: "hoofd- en kleine letters" is no "hoofdkleine".
    CHECK(article_terms("hoofd- en kleine letters") == "hoofd en kleine letters");
    CHECK(article_terms("zei- en toen") == "zei en toen");
    // Nor a number never written, nor a name's end ("Jean-Pierre") after a word that is no name.
    CHECK(article_terms("op 1- en 2-12 dicht") == "op 1 en 2 12 +212 dicht");
    CHECK(article_terms("antwoord- en Jean-Pierre") == "antwoord en jean pierre +jeanpierre");
    CHECK(article_terms("tekst- of HTML-document") == "tekst of html document +htmldocument +tekstdocument");
    // At most eight words left open before one last word.
    std::string chain;
    for (int i = 0; i < 20; ++i) chain += "Noord" + std::to_string(i) + "- ";
    const std::vector<Token> made = dutch().tokenise(chain + "en Zuid-Korea", knipsel::Reading::article);
    CHECK(std::count_if(made.begin(), made.end(), [](const Token& t) {
              return t.kind == Token::Kind::whole && t.term.ends_with("korea") && t.term != "zuidkorea";
          }) == 8);
    // A dash between blanks is no such hyphen, nor a hyphen without "en", "of" or "tot" after it.
    CHECK(article_terms("Noord - en Zuid-Korea") == "noord en zuid korea +zuidkorea");
    CHECK(article_terms("Noord- maar Zuid-Korea") == "noord maar zuid korea +zuidkorea");
    // A query's words are as typed.
    CHECK(terms("Noord- en Zuid-Korea") == "noord en zuid korea +zuidkorea");
    // Across a line break, the pair is no word broken at the line's end.
    std::string broken = "Noord-\nen Zuid-Korea";
    knipsel::remove_invisible(broken);
    CHECK(broken == "Noord-\nen Zuid-Korea");
    CHECK(article_terms(broken) == "noord en zuid korea +zuidkorea +noordkorea");
}

TEST_CASE("a word broken at a line's end by a soft hyphen is joined, by a hyphen read as one inside a line") {
    const auto cleaned = [](std::string text) {
        knipsel::remove_invisible(text);
        return text;
    };
    CHECK(cleaned("de ont\xC2\xAD\nwapening") == "de ontwapening");
    CHECK(cleaned("de ont\xC2\xAD\r\n   wapening") == "de ontwapening");
    CHECK(cleaned("de vredes-\nbesprekingen") == "de vredes-besprekingen");
    CHECK(cleaned("de vredes-\r\n\tbesprekingen") == "de vredes-besprekingen");
    CHECK(cleaned("de Zuid-\xC3\xA9\xC3\xA9n-\n\xC3\xA9\xC3\xA9n") == "de Zuid-\xC3\xA9\xC3\xA9n-\xC3\xA9\xC3\xA9n");
    CHECK(article_terms(cleaned("de ont\xC2\xAD\nwapening en de vredes-\nbesprekingen")) ==
          "de ontwapening en de vredes besprekingen +vredesbesprekingen");
    // Not: a capital or a digit on the next line, a dash after a space, a paragraph's end.
    CHECK(cleaned("Noord-\nKorea") == "Noord-\nKorea");
    CHECK(cleaned("1990-\n1995") == "1990-\n1995");
    CHECK(cleaned("1990-\nheden") == "1990-\nheden");
    CHECK(cleaned("zei hij -\nmaar") == "zei hij -\nmaar");
    CHECK(cleaned("vredes-\n\nbesprekingen") == "vredes-\n\nbesprekingen");
    CHECK(cleaned("ont\xC2\xAD\n\nwapening") == "ont\n\nwapening");
    CHECK(cleaned("vredes-") == "vredes-");
}

TEST_CASE("an article's lower-case vs is versus; the capitals, and a query's vs, are the country") {
    CHECK(article_terms("Ajax vs PSV") == "ajax versus psv");
    CHECK(article_terms("Ajax vs. PSV") == "ajax versus psv");
    CHECK(article_terms("Federer vs Nadal", dutch().for_language("en")) == "federer versus nadal");
    CHECK(article_terms("de VS en de V.S.") == "de vs en de v s +vs");
    CHECK(article_terms("Vs") == "vs");
    CHECK(terms("Ajax vs PSV") == "ajax vs psv");
    std::vector<std::string> words;
    dutch().each_word("Ajax vs PSV en de VS", [&](std::string_view term, std::uint32_t, std::uint32_t) {
        words.emplace_back(term);
    });
    CHECK(words == std::vector<std::string>{"ajax", "versus", "psv", "en", "de", "vs"});
    // Written as the article writes it: "vs" is no accented form of "versus".
    std::unordered_map<std::string, std::string> forms = {{"versus", ""}};
    dutch().written_forms("Ajax vs PSV", forms);
    CHECK(forms["versus"] == "versus");
}

TEST_CASE("an abbreviation with points is also one word, at its first letter's position") {
    CHECK(terms("de V.S. en de V.N.") == "de v s +vs en de v n +vn");
    CHECK(terms("d.w.z. dat") == "d w z +dwz dat");
    CHECK(terms("(E.U.)") == "e u +eu");
    // Not: one initial, letters without a point after the last, a run glued
    // to a word before it, or a letter inside a code.
    CHECK(terms("J. de Vries") == "j de vries");
    CHECK(terms("a.b") == "a b");
    CHECK(terms("nr.a.b.") == "nr a b");
    CHECK(terms("v1.2.") == "v1 2");
    CHECK(terms("A. B. Smit") == "a b smit");
    auto toks = dutch().tokenise("de V.S. steunen");
    REQUIRE(toks.size() == 5);
    CHECK(toks[3].kind == Token::Kind::whole);
    CHECK(toks[3].pos == toks[1].pos);
    CHECK(toks[3].begin == 3);
    CHECK(toks[3].end == 7);  // "V.S.", its last point included
    CHECK(toks[4].term == "steunen");
    CHECK(toks[4].pos == 3);
}

TEST_CASE("a number with points between its thousands is also one word") {
    CHECK(terms("12.000 soldaten") == "12 000 +12000 soldaten");
    CHECK(terms("1.500.000 euro") == "1 500 000 +1500000 euro");
    CHECK(terms("in 2.000.") == "in 2 000 +2000");
    // Not: decimals, groups not of three digits, a part of a longer code.
    CHECK(terms("3,5 procent") == "3 5 procent");
    CHECK(terms("1.2.2019") == "1 2 2019");
    CHECK(terms("1.234.5") == "1 234 5");
    CHECK(terms("v1.000") == "v1 000");
    CHECK(terms("1234.567") == "1234 567");
    // English writes its thousands with commas, and its decimals with a point.
    const Analyser& en = dutch().for_language("en");
    CHECK(article_terms("28,500 troops", en) == "28 500 +28500 troops");
    CHECK(article_terms("$1,000,000 in 10,000 notes", en) == "dollar 1 000 000 +1000000 in 10 000 +10000 notes");
    CHECK(article_terms("1.500 and 3,5 and 1,234,5", en) == "1 500 and 3 5 and 1 234 5");
    CHECK(terms("28,500 militairen") == "28 500 militairen");
}

TEST_CASE("a stopword written with accents keeps them in a term of its own") {
    // "één" is the number, "een" the article; "vóór" is not "voor".
    CHECK(dutch().marked_stopword("één", "een") == "één");
    CHECK(dutch().marked_stopword("Één", "een") == "één");
    CHECK(dutch().marked_stopword("VÓÓR", "voor") == "vóór");
    CHECK(dutch().marked_stopword("e\xCC\x81" "e\xCC\x81" "n", "een") == "één");  // decomposed: composed
    CHECK(dutch().marked_stopword("een", "een").empty());
    CHECK(dutch().marked_stopword("Een", "een").empty());
    CHECK(dutch().marked_stopword("idée", "idee").empty());  // no stopword: folding joins it, as it should
    CHECK(dutch().marked_stopword("zo\xE2\x80\x99n", "zo").empty());  // zo’n: a clitic, no accent
}

TEST_CASE("Dutch apostrophes: the plural 's stays, other clitics go, other apostrophes join") {
    struct Row { const char* in; const char* out; };
    const Row rows[] = {
        {"auto's", "auto's"},
        {"auto\xE2\x80\x99s", "auto's"},  // auto’s
        {"Kim's", "kim's"},
        {"foto's", "foto's"},
        {"Noord-Korea's", "noord korea's +noordkorea's"},
        {"zo'n", "zo"},
        {"'s-Gravenhage", "s gravenhage +sgravenhage"},
        {"'t Hof", "t hof"},
        {"O'Neill", "oneill"},
        {"VVD'er", "vvd'er"},
        {"CDA\xE2\x80\x99" "ers", "cda'ers"},  // CDA’ers
        {"D66'ster", "d66'ster"},
        {"'citaat'", "citaat"},
    };
    for (const auto& r : rows) {
        INFO(r.in);
        CHECK(terms(r.in) == r.out);
    }
}

TEST_CASE("percent and currency signs beside a number are words of their own") {
    struct Row { const char* in; const char* out; };
    const Row rows[] = {
        // "%" and "‰" after a number, with or without a space (also a
        // no-break, thin or narrow no-break one, as typeset text has).
        {"een heffing van 25% op staal", "een heffing van 25 procent op staal"},
        {"25 %", "25 procent"},
        {"2,5%", "2 5 procent"},
        {"25\u00a0%", "25 procent"},
        {"25\u2009%", "25 procent"},
        {"25\u202f%", "25 procent"},
        {"(25%)", "25 procent"},
        {"100%-zeker", "100 procent zeker"},
        {"3‰", "3 promille"},
        // Currency signs before or after a number.
        {"€ 200 miljard", "euro 200 miljard"},
        {"€200", "euro 200"},
        {"200 €", "200 euro"},
        {"200€", "200 euro"},
        {"$ 50 miljard", "dollar 50 miljard"},
        {"US$ 5", "us dollar 5"},
        {"£3", "pond 3"},
        {"¥100", "yen 100"},
        // Not beside a number: no word, as before.
        {"$HOME", "home"},
        {"het % van de stemmen", "het van de stemmen"},
        {"% 25", "25"},
        {"€ of $", "of"},
        {"25  %", "25"},  // two spaces: not its number's
        {"vijf %", "vijf"},
    };
    for (const auto& r : rows) {
        INFO(r.in);
        CHECK(terms(r.in) == r.out);
    }
    // Each sign its own position, so that the phrase "25 procent" matches
    // "25%"; its offsets are the sign's bytes (snippets mark the sign).
    const std::string text = "25% en €200";
    const auto toks = dutch().tokenise(text);
    REQUIRE(toks.size() == 5);
    CHECK(toks[1].term == "procent");
    CHECK(toks[1].pos == 1);
    CHECK(text.substr(toks[1].begin, toks[1].end - toks[1].begin) == "%");
    CHECK(toks[3].term == "euro");
    CHECK(toks[3].pos == 3);
    CHECK(text.substr(toks[3].begin, toks[3].end - toks[3].begin) == "€");
    CHECK(toks[4].pos == 4);
    // English articles get the English words ("‰" has none there).
    std::string en;
    for (const Token& t : dutch().for_language("en").tokenise("a 25% tariff on $200 billion, £3 and 3‰"))
        en += (en.empty() ? "" : " ") + t.term;
    CHECK(en == "a 25 percent tariff on dollar 200 billion pound 3 and 3");
}

TEST_CASE("query text: a sign's word stands apart from its number") {
    CHECK(dutch().fold_text("25%", false) == "25 procent");
    CHECK(dutch().fold_text("\"25%\" AND €200", true) == "\"25 procent\" AND euro 200");
    CHECK(dutch().fold_text("25 % staal", false) == "25 procent staal");
    CHECK(dutch().fold_text("titel:$HOME 50%-regel", true) == "titel:$home 50 procent-regel");
}

TEST_CASE("positions: parts are consecutive, the whole shares the first part's") {
    auto toks = dutch().tokenise("de Noord-Koreaanse leider");
    REQUIRE(toks.size() == 5);
    CHECK(toks[0].pos == 0);
    CHECK(toks[1].term == "noord");
    CHECK(toks[1].pos == 1);
    CHECK(toks[2].pos == 2);
    CHECK(toks[3].kind == Token::Kind::whole);
    CHECK(toks[3].pos == 1);
    CHECK(toks[4].term == "leider");
    CHECK(toks[4].pos == 3);
}

TEST_CASE("byte offsets point at the original words") {
    std::string text = "Één ‘idee’, twee ideeën.";
    for (const Token& t : dutch().tokenise(text)) {
        std::string original = text.substr(t.begin, t.end - t.begin);
        CHECK_FALSE(original.empty());
    }
    auto toks = dutch().tokenise(text);
    CHECK(text.substr(toks[0].begin, toks[0].end - toks[0].begin) == "Één");
    CHECK(text.substr(toks.back().begin, toks.back().end - toks.back().begin) == "ideeën");
}

TEST_CASE("stemming joins Dutch singulars and plurals") {
    struct Row { const char* a; const char* b; };
    const Row same[] = {
        {"sancties", "sanctie"},       {"raketproeven", "raketproef"}, {"tarieven", "tarief"},
        {"topontmoetingen", "topontmoeting"}, {"onderhandelingen", "onderhandeling"},
        {"verklaringen", "verklaring"}, {"ideeen", "idee"},           {"presidenten", "president"},
        {"ministers", "minister"},      {"leiders", "leider"},        {"landen", "land"},
        {"verkiezingen", "verkiezing"}, {"gesprekken", "gesprek"},    {"naties", "natie"},
        {"auto's", "auto"},             {"korea's", "korea"},         {"satellietfoto's", "satellietfoto"},
        {"vvd'er", "vvd"},              {"cda'ers", "cda"},           {"d66'ers", "d66"},
        {"pvda'sters", "pvda"},
        // Nouns Snowball alone keeps apart: -en with an -s plural, -s with an
        // -en plural, -s/-f with -zen/-ven after a consonant (by hunspell-nl,
        // compounds by their last part), and a doubled consonant.
        {"wapens", "wapen"},            {"kernwapens", "kernwapen"},  {"atoomwapens", "atoomwapen"},
        {"havens", "haven"},            {"vrachtwagens", "vrachtwagen"}, {"tekens", "teken"},
        {"kansen", "kans"},             {"wensen", "wens"},           {"mensen", "mens"},
        {"grenzen", "grens"},           {"staatsgrenzen", "staatsgrens"},
        {"stappen", "stap"},            {"bussen", "bus"},            {"rollen", "rol"},
        {"pillen", "pil"},
        // Nouns in -e with an -s plural, which Snowball keeps.
        {"ziektes", "ziekte"},          {"rentes", "rente"},          {"ziekten", "ziektes"},
        // ... also a loanword in an accented -e (café/cafés, folded cafe/cafes)
        // and one of four letters (zone/zones, fase/fases).
        {"cafes", "cafe"},              {"comites", "comite"},        {"sanctiecomites", "sanctiecomite"},
        {"zones", "zone"},              {"fases", "fase"},
        // Nouns in -heid with their plural in -heden, which Snowball keeps apart.
        {"mogelijkheden", "mogelijkheid"}, {"eenheden", "eenheid"},      {"werkzaamheden", "werkzaamheid"},
        {"keuzemogelijkheden", "keuzemogelijkheid"},
        // Singulars in -ies: not the -ie rule of sancties/sanctie.
        {"adviezen", "advies"},         {"verliezen", "verlies"},
        // A plural in -'s written without its apostrophe, as often typed.
        {"autos", "auto's"},            {"fotos", "foto"},            {"menus", "menu's"},
        {"euros", "euro"},              {"taxis", "taxi"},            {"satellietfotos", "satellietfoto"},
        // ... also a short noun's, mostly an abbreviation (cd's, tv's, ngo's).
        {"cds", "cd's"},                {"tvs", "tv"},                {"pcs", "pc's"},
        {"dvds", "dvd"},                {"ngos", "ngo's"},            {"opas", "opa"},
        // A long vowel written once before -z- or -v- (an open syllable),
        // which Snowball undoubles only where it is written twice.
        {"werkloze", "werkloos"},       {"werklozen", "werkloos"},    {"daklozen", "dakloos"},
        {"kerkhoven", "kerkhof"},       {"gerechtshoven", "gerechtshof"}, {"werkslaven", "werkslaaf"},
        {"boerenkazen", "boerenkaas"},  {"dozen", "doos"},            {"portugezen", "portugese"},
        {"uitgaven", "uitgave"},        {"brave", "braaf"},           {"maatstaven", "maatstaf"},
        // An adjective's comparative and superlative (hunspell-nl's degree
        // rules), which Snowball keeps apart from it.
        {"groter", "groot"},            {"grootste", "groot"},        {"sterker", "sterk"},
        {"belangrijkste", "belangrijk"}, {"zwaardere", "zwaar"},      {"moeilijker", "moeilijk"},
        // A diminutive's plural in -jes, which Snowball keeps.
        {"huisjes", "huisje"},          {"vlaggetjes", "vlaggetje"},  {"blikjes", "blikje"},
        {"boompjes", "boompje"},        {"koninkjes", "koninkje"},    {"franjes", "franje"},
    };
    for (const auto& r : same) {
        INFO(r.a << " ~ " << r.b);
        CHECK(dutch().stem(r.a) == dutch().stem(r.b));
    }
}

TEST_CASE("stemming joins a weak verb's forms with its infinitive and the nouns Snowball gives its stem") {
    struct Row { const char* a; const char* b; };
    const Row same[] = {
        // present, past, past plural, participle and its -e form
        {"lanceert", "lanceren"},   {"lanceerde", "lanceren"},  {"lanceerden", "lanceren"},
        {"gelanceerd", "lanceren"}, {"gelanceerde", "lanceren"}, {"lancering", "lanceerde"},
        {"ontmoette", "ontmoeten"}, {"ontmoetten", "ontmoeten"}, {"ontmoet", "ontmoeten"},
        {"verhoogt", "verhogen"},   {"verhoogde", "verhogen"},   {"verhoogd", "verhogen"},
        {"mislukt", "mislukken"},   {"mislukte", "mislukken"},   {"onderhandelde", "onderhandelen"},
        {"onderhandelt", "onderhandelen"}, {"gestopt", "stoppen"}, {"stopte", "stoppen"},
        {"gebeurde", "gebeuren"},   {"gebeurd", "gebeuren"},     {"reisde", "reizen"},
        {"werkten", "werken"},      {"investeerden", "investering"},
        // one short vowel before one consonant: the infinitive that doubles
        // it, though the lexicon has one that does not (stelen, betonen)
        {"stelde", "stellen"},      {"gesteld", "stellen"},      {"achtergesteld", "achterstellen"},
        {"beton", "betonnen"},      {"ingekopt", "inkoppen"},
        // a separable verb's participle, its ge- after the particle (also
        // one that is an adjective too: aangekondigd, uitgebreid)
        {"aangekondigd", "aankondigen"}, {"aangekondigde", "aankondiging"}, {"opgeschort", "opschorten"},
        {"afgeschaft", "afschaffen"},   {"opgelegd", "opleggen"},    {"ingevoerd", "invoeren"},
        {"uitgebreid", "uitbreiden"},   {"uitgebreide", "uitbreiding"}, {"vastgesteld", "vaststellen"},
        {"ondertekende", "ondertekenen"}, {"toegevoegd", "toevoegen"},
        // a participle that is an adjective too but no compound's part
        {"gemaakt", "maken"},           {"geregeld", "regelen"},     {"georganiseerd", "organiseren"},
        {"gevraagde", "vragen"},
        // a participle of a stem in -d or -t, which takes no second one
        {"gemeld", "melden"},           {"geland", "landen"},        {"gevlucht", "vluchten"},
        {"gestart", "starten"},         {"getest", "testen"},        {"gevluchte", "vluchtten"},
        // a stem in -t, which takes no -t in the present and none after
        // ge- (hunspell-nl lists it with no third person, its participle
        // not as one)
        {"praat", "praten"},            {"praatte", "praten"},       {"gewacht", "wachten"},
        {"wachtte", "wachten"},         {"geschat", "schatten"},
        // 't kofschip: a -t after a voiceless consonant only (geplant is
        // planten's, plannen's is gepland); a verb in ge- keeps its own forms
        {"geplant", "planten"},         {"gepland", "plannen"},      {"geniet", "genieten"},
        {"geleefd", "leven"},           {"gereisd", "reizen"},
        // a verb whose stem has three letters, which the lexicon lacks
        {"eist", "eisen"},              {"eiste", "eisen"},          {"eisten", "eis"},
        {"legt", "leggen"},             {"legde", "leggen"},         {"pakt", "pakken"},
        {"lukte", "lukken"},            {"kent", "kennen"},          {"kende", "kennen"},
        // and its finite forms written joined, in a subordinate clause
        {"aankondigde", "aankondigen"}, {"aankondigt", "aankondiging"}, {"afschaft", "afschaffen"},
        {"uitbreidt", "uitbreiden"},    {"opschortte", "opschorten"},
    };
    for (const auto& r : same) {
        INFO(r.a << " ~ " << r.b);
        CHECK(dutch().stem(r.a) == dutch().stem(r.b));
    }
    const Row apart[] = {
        // A form that is also a noun, or an adjective with a comparative,
        // keeps its own stem: the state is not standing, a plant not a
        // plan, "bekend" not "bekennen" (confess).
        {"staat", "staan"}, {"plant", "plannen"}, {"ruimte", "ruimen"},
        {"bekend", "bekennen"}, {"bekende", "bekennen"}, {"beroemde", "beroemen"},
        // A noun that reads as a separable participle in -e is none: a
        // back part is not to share out behind, afterbirth no verb.
        {"achtergedeelte", "achterdelen"}, {"nageboorte", "naboren"},
        // A three-letter stem's form that the lexicon has as a noun: a belt
        // does not ring, yeast does not guess.
        {"belt", "bellen"}, {"gist", "gissen"},
        // A noun in ge- that is a compound's part keeps its own stem: an
        // area is not to offer, a sound not to ring.
        {"gebied", "bieden"}, {"geluid", "luiden"}, {"gerecht", "rechten"},
        {"gedicht", "dichten"}, {"gezicht", "zichten"},
        // Planted is not planned; enjoying is not stapling.
        {"geplant", "plannen"}, {"geniet", "nieten"}, {"genieten", "nieten"},
        // A word of its own is no compound verb's form, and an exception
        // (schemas/irregular-exceptions.txt) none at all: attention is no
        // memento, "since" no "regard".
        {"aandacht", "aandenken"}, {"aangezien", "aanzien"},
        // Set is not stolen, concrete not stressed, a header no purchase.
        {"stelde", "stelen"}, {"beton", "betonen"}, {"ingekopt", "inkopen"},
    };
    for (const auto& r : apart) {
        INFO(r.a << " !~ " << r.b);
        CHECK(dutch().stem(r.a) != dutch().stem(r.b));
    }
    // English articles keep the English stemmer's stems.
    CHECK(dutch().for_language("en").stem("launched") == "launch");
}

TEST_CASE("stemming joins a strong verb's forms and an irregular plural with their lemma") {
    struct Row { const char* a; const char* b; };
    const Row same[] = {
        // ... in a compound too, after a word or a separable verb's particle
        {"hoofdsteden", "hoofdstad"}, {"kabinetsleden", "kabinetslid"}, {"terugkwam", "terugkomen"},
        {"teruggekomen", "terugkomen"}, {"overgebleven", "overblijven"}, {"opgeslagen", "opslaan"},
        // past, past plural, participle, present (by apertium-afr-nld)
        {"liep", "lopen"},       {"liepen", "lopen"},      {"gelopen", "lopen"},   {"loopt", "lopen"},
        {"hield", "houden"},     {"hielden", "houden"},    {"gehouden", "houden"}, {"houdt", "houden"},
        {"sprak", "spreken"},    {"spraken", "spreken"},   {"gesproken", "spreken"},
        {"kwam", "komen"},       {"kwamen", "komen"},      {"gekomen", "komen"},
        {"bleef", "blijven"},    {"bleven", "blijven"},    {"gebleven", "blijven"},
        {"nam", "nemen"},        {"genomen", "nemen"},     {"gaf", "geven"},       {"gaven", "geven"},
        {"ging", "gaan"},        {"gegaan", "gaan"},       {"stond", "staan"},
        {"trok", "trekken"},     {"getrokken", "trekken"}, {"vond", "vinden"},     {"gevonden", "vinden"},
        {"besprak", "bespreken"}, {"aanhielden", "aanhouden"}, {"kocht", "kopen"},
        // (bezat, though hunspell-nl also has a weak verb bezatten)
        {"bezat", "bezitten"},
        // a separable verb's participle whose ge- form is irregular (not
        // op|ge|slot|en, a weak one's with -en)
        {"opgesloten", "opsluiten"}, {"achtergebleven", "achterblijven"}, {"toegezegd", "toezeggen"},
        {"doorgespoten", "doorspuiten"},
        // and a separable verb's participle
        {"aangehouden", "aanhouden"},
        // whose ge- form is also a word of its own: to behave, a fact
        {"bijgedragen", "bijdragen"}, {"vrijgegeven", "vrijgeven"}, {"voorgedragen", "voordragen"},
        {"opgegeten", "opeten"},
        // verbs apertium-afr-nld's analyser lacks and its generator has
        // (vechten, heffen, werpen), and those hunspell-nl writes with
        // its ij-letter (zwĳgen, strĳden)
        {"gevochten", "vechten"}, {"hief", "heffen"}, {"opgeheven", "opheffen"},
        {"wierp", "werpen"}, {"geworpen", "werpen"}, {"uitgezonden", "uitzenden"}, {"zond", "zenden"},
        {"bestreden", "bestrijden"}, {"zweeg", "zwijgen"}, {"gezwegen", "zwijgen"},
        {"overleden", "overlijden"}, {"overleed", "overlijden"}, {"gezonken", "zinken"}, {"schonk", "schenken"},
        // where both verbs have the form, the analyser's verb's (beval:
        // bevelen's past, not bevallen's present; geleken: lijken's)
        {"beval", "bevelen"}, {"geleken", "lijken"},
        // a compound's tail that is an exception is no irregular form
        // (college|leden: not colle|geleden)
        {"collegeleden", "collegelid"},
        // exceptions that keep a noun and its verb's form together
        {"verdacht", "verdachte"}, {"verdachten", "verdachte"}, {"gevangen", "gevangene"},
        // ... and that take a form from a rarer word ("=" lines: het leek
        // erop, koos voor, onder druk gezet)
        {"leek", "lijken"}, {"leken", "lijken"}, {"koos", "kiezen"}, {"kozen", "kiezen"},
        {"gezet", "zetten"}, {"voortgezet", "voortzetten"}, {"voortgezette", "voortzetten"},
        // a weak verb's participle with a stem of three letters, a
        // separable verb's too (ge|leg|d, uit|ge|leg|d, aan|ge|zet)
        {"gelegd", "leggen"}, {"gered", "redden"},
        {"uitgelegd", "uitleggen"}, {"opgelegd", "opleggen"}, {"aangezet", "aanzetten"},
        // plurals in -eren and other irregular ones
        {"kinderen", "kind"},    {"eieren", "ei"},         {"volkeren", "volk"},
        {"steden", "stad"},      {"leden", "lid"},
        // Plurals in -eren that hunspell-nl also has as verbs, joined with
        // their singular, the verb's forms with them ...
        {"bladeren", "blad"},    {"kalveren", "kalf"},     {"lammeren", "lam"},
        {"bladert", "bladeren"}, {"bladerde", "blad"},     {"gebladerd", "blad"},
        // ... and those apertium-afr-nld lacks (schemas/irregular-exceptions.txt's "+" lines).
        {"liederen", "lied"},    {"runderen", "rund"},     {"hoenderen", "hoen"},
        {"beenderen", "been"},   {"beenderen", "benen"},   {"gelederen", "gelid"},
        // ("~" lines: a verb's forms with a stem of their own)
        {"weet", "weten"},       {"wist", "weten"},        {"wisten", "weten"},
        {"geldt", "gelden"},     {"gold", "gelden"},       {"weert", "weren"},     {"geweerd", "weren"},
        {"stelt", "stellen"},     {"herstelt", "herstellen"}, {"hersteld", "herstel"}, {"gemist", "missen"},
        {"geeist", "eisen"},       {"gedood", "doden"},      {"doodt", "doden"},     {"gezorgd", "zorgen"},
        {"wijst", "wijzen"},      {"escaleert", "escaleren"}, {"geescaleerd", "escaleren"},
        {"inbraken", "inbraak"},  {"toespraken", "toespraak"}, {"deense", "deens"}, {"vlaamse", "vlaams"},
        {"delft", "delftse"},     {"natuurlijke", "natuurlijk"}, {"boze", "boos"}, {"rechtse", "rechts"},
        {"kampte", "kampt"},
        // a participle hunspell-nl lists on its own (the rule) or as an adjective ("~")
        {"veroordeeld", "veroordelen"}, {"gereageerd", "reageren"}, {"beoordeeld", "beoordelen"},
        {"geheerst", "heersen"}, {"gemaild", "mailen"}, {"geraakt", "raken"}, {"aangepast", "aanpassen"},
        {"ontwikkeld", "ontwikkelen"}, {"geleid", "leiden"}, {"gevreesde", "vrezen"}, {"gezakt", "zakken"},
        {"botste", "botsen"}, {"gevuld", "vullen"}, {"gebeld", "bellen"}, {"geplunderd", "plunderen"},
        {"gelukt", "lukken"}, {"redenen", "reden"}, {"coaches", "coach"}, {"gevangenen", "gevangene"},
        {"gegeven", "geven"},
        // a fourth tester's round: seems, turned out, proven, Latin plurals,
        // invited, celebrated, rain, boys, rounds, false, German
        {"lijkt", "lijken"}, {"leek", "lijkt"}, {"geleken", "lijken"}, {"bleek", "blijken"}, {"bleken", "blijkt"},
        {"bewezen", "bewijzen"}, {"bewees", "bewijst"}, {"politici", "politicus"}, {"historici", "historicus"},
        {"criteria", "criterium"}, {"nodigt", "nodigde"}, {"gevierd", "vieren"},
        {"viert", "vieren"}, {"regende", "regen"}, {"geregend", "regen"}, {"jongens", "jongen"},
        {"ronde", "rondes"}, {"valse", "vals"}, {"duitse", "duits"}, {"openbare", "openbaar"}, {"verse", "vers"},
        // a compound's part is stemmed by the rules: overheids|gelden is geld's plural
        {"wet", "wetten"},       {"overheidsgelden", "overheidsgeld"},
    };
    for (const auto& r : same) {
        INFO(r.a << " ~ " << r.b);
        CHECK(dutch().stem(r.a) == dutch().stem(r.b));
    }
    const Row apart[] = {
        // A form that is also a noun or an adjective keeps its own stem:
        // a ditch not "closed", early not "asked", names not "took", fodder
        // (voer, also voeren's) not "sailed" (but bleek is blijken's: "uit
        // onderzoek bleek", in news hardly ever pale).
        {"sloot", "sluiten"}, {"vroeg", "vragen"}, {"namen", "nemen"},
        {"voer", "varen"}, {"sloten", "sluiten"}, {"streek", "strijken"}, {"bond", "binden"},
        {"gevaren", "varen"}, {"verslagen", "verslaan"}, {"verboden", "verbieden"},
        // Left out by schemas/irregular-exceptions.txt: goods are not good;
        // wheels (rad) are not added, as Snowball stems rad as raad (council).
        {"data", "datum"}, {"media", "medium"}, {"goederen", "goed"}, {"raderen", "raad"},
        // ... ago, below, knows, rice, coppersmiths: no forms of lijden,
        // benijden, wijten, rijzen, mijden
        {"geleden", "lijden"}, {"beneden", "benijden"}, {"weet", "wijten"}, {"rijst", "rijzen"},
        {"kopersmeden", "kopersmijden"},
        // not a three-letter stem's participle: a leak, healthy, violence
        {"leek", "lek"}, {"gezond", "zonnen"}, {"geweld", "wellen"}, {"tegengeweld", "tegenwellen"},
        {"gezette", "zetten"},
        // nor one whose infinitive is a noun's plural too: hoods, suits
        {"gekapt", "kap"}, {"gepakt", "pak"}, {"geveld", "velen"},
        // a verb only apertium's generator knows whose infinitive is a
        // noun's plural keeps its forms from the noun: praised is no price,
        // committed no company, tolerates no treaty, salvaged no mountain
        {"prees", "prijs"}, {"geprezen", "prijs"}, {"bedreven", "bedrijf"}, {"verdroeg", "verdrag"},
        {"verdraagt", "verdrag"}, {"geborgen", "berg"}, {"wijkt", "wijk"}, {"dong", "ding"},
        {"streed", "strijd"},
        // "~" lines: to know, to apply, to keep out are not law, money, again
        {"weten", "wet"}, {"weet", "wet"}, {"wist", "wet"}, {"gelden", "geld"}, {"geldt", "geld"},
        {"weren", "weer"}, {"weert", "weer"},
        // ... and Danish is not Den (Haag), Flemish not a flame, Wilders
        // not wild, of course not nature, missed not fog (tester's finds)
        {"deense", "den"}, {"vlaamse", "vlam"}, {"wilders", "wild"}, {"natuurlijk", "natuur"},
        {"gemist", "mist"}, {"inbraken", "inbreken"}, {"boos", "bos"}, {"boze", "bossen"}, {"vasten", "vaste"},
        {"rechts", "recht"}, {"rechtse", "rechten"}, {"kampt", "kamp"},
        {"gelukt", "geluk"}, {"reden", "rede"}, {"brons", "bron"}, {"waal", "wal"}, {"build", "builen"},
        {"gegevens", "geven"},  // data: the "~gegeven" line is the participle's only
        // a fourth tester's round: news is not new, great not violence, only
        // not bad, seems not a corpse, a boy not young, names not words...
        {"nieuws", "nieuw"}, {"geweldig", "geweld"}, {"geweldige", "geweld"}, {"slechts", "slecht"},
        {"lijkt", "lijk"}, {"leek", "lek"}, {"jongen", "jong"}, {"jongens", "jonge"}, {"jetten", "jet"},
        {"biden", "bidden"}, {"nodigt", "nodig"}, {"vieren", "vier"}, {"gevierd", "vier"}, {"langs", "lang"},
        {"links", "link"}, {"openbaar", "open"}, {"ronde", "rond"}, {"vals", "val"}, {"valse", "vallen"},
        {"duitse", "duit"}, {"verse", "ver"}, {"regen", "reg"},
    };
    for (const auto& r : apart) {
        INFO(r.a << " !~ " << r.b);
        CHECK(dutch().stem(r.a) != dutch().stem(r.b));
    }
    // A compound's part keeps the rules' stem: overheidsgelden holds geld.
    const auto& info = dutch().term_info("overheidsgelden");
    CHECK(std::find(info.part_stems.begin(), info.part_stems.end(), dutch().stem("geld")) != info.part_stems.end());
    // ... unless its line is "~~": onderhandelingsronde holds ronde, not rond.
    const auto& round = dutch().term_info("onderhandelingsronde");
    CHECK(std::find(round.part_stems.begin(), round.part_stems.end(), dutch().stem("ronde")) != round.part_stems.end());
    CHECK(std::find(round.part_stems.begin(), round.part_stems.end(), dutch().stem("rond")) == round.part_stems.end());
    // ... and gegevensbescherming (data protection) holds gegevens', not geven's.
    const auto& data = dutch().term_info("gegevensbescherming");
    CHECK(std::find(data.part_stems.begin(), data.part_stems.end(), dutch().stem("geven")) == data.part_stems.end());
    CHECK(std::find(data.part_stems.begin(), data.part_stems.end(), dutch().stem("gegevens")) != data.part_stems.end());
}

TEST_CASE("a number keeps its digits as its stem, less a plural's 's") {
    CHECK(dutch().stem("737's") == "737");
    CHECK(dutch().stem("16's") == "16");
    CHECK(dutch().stem("f16's") == "f16");
    CHECK(dutch().stem("737") == "737");
    CHECK(dutch().stem("2019") == "2019");
    CHECK(dutch().for_language("en").stem("1990's") == "1990");
}

TEST_CASE("a noun in -heid is its adjective's unless that is a stopword or minder, meerder") {
    const auto& a = dutch();
    CHECK(a.stem("overheid") != a.stem("overige"));  // the government is not "over"
    CHECK(a.stem("rijksoverheid") != a.stem("rijksover"));  // a compound of it keeps its -heid
    CHECK(a.term_info("rijksoverheid").part_stems == std::vector<std::string>{"rijk", "overheid"});
    CHECK(a.stem("minderheid") != a.stem("minder"));
    CHECK(a.stem("meerderheid") != a.stem("meerdere"));
    CHECK(a.stem("overheden") == a.stem("overheid"));
    CHECK(a.stem("minderheden") == a.stem("minderheid"));
    CHECK(a.stem("meerderheden") == a.stem("meerderheid"));
    // the others as Snowball has them
    CHECK(a.stem("veiligheid") == a.stem("veilig"));
    CHECK(a.stem("mogelijkheid") == a.stem("mogelijk"));
    CHECK(a.stem("zekerheid") == a.stem("zeker"));
}

TEST_CASE("stemming joins an adjective in -ieel, -iaal or -ueel with its -e form") {
    struct Row { const char* a; const char* b; };
    const Row same[] = {
        // Snowball writes a long vowel once after a consonant only
        // (nationaal, nationale: national), so these kept two stems.
        {"financieel", "financiële"}, {"officieel", "officiële"}, {"sociaal", "sociale"},
        {"actueel", "actuele"}, {"presidentieel", "presidentiële"},
        {"potentieel", "potentiële"}, {"materiaal", "materialen"}, {"viool", "violen"},
        {"nationaal", "nationale"},
    };
    for (const auto& r : same) {
        INFO(r.a << " ~ " << r.b);
        std::vector<knipsel::Token> a = dutch().tokenise(r.a), b = dutch().tokenise(r.b);
        REQUIRE(a.size() == 1);
        REQUIRE(b.size() == 1);
        CHECK(dutch().stem(a[0].term) == dutch().stem(b[0].term));
    }
    // Another word stays apart (a theatre's foyer: no "foyeer" stem).
    CHECK(dutch().stem("financieel") != dutch().stem("financier"));
}

TEST_CASE("stemming joins a short vowel's and a long vowel's forms, each its own") {
    struct Row { const char* a; const char* b; };
    const Row same[] = {
        // A short vowel's consonant doubled before an ending.
        {"man", "mannen"}, {"bom", "bommen"}, {"kop", "koppen"}, {"krantenkop", "krantenkoppen"},
        {"zon", "zonnen"}, {"bal", "ballen"}, {"knop", "knoppen"}, {"top", "toppen"}, {"atoombom", "atoombommen"},
        // A long vowel written twice in a closed syllable, once in an open one.
        {"boom", "bomen"}, {"maan", "manen"}, {"koop", "kopen"}, {"jaar", "jaren"}, {"week", "weken"},
        {"staat", "staten"}, {"lidstaat", "lidstaten"}, {"diplomaat", "diplomaten"}, {"afspraak", "afspraken"},
        {"groot", "grote"}, {"centraal", "centrale"}, {"internationaal", "internationale"}, {"zwaar", "zware"},
        {"heer", "heren"}, {"deel", "delen"}, {"uitgave", "uitgaven"}, {"baas", "bazen"}, {"amerikaan", "amerikanen"},
        {"werkloos", "werkloze"}, {"breed", "brede"},
        // A short vowel that its plural lengthens: one stem still.
        {"dag", "dagen"}, {"oorlog", "oorlogen"}, {"weg", "wegen"}, {"dak", "daken"}, {"verbod", "verboden"},
        {"spel", "spelen"}, {"glas", "glazen"}, {"handelsoorlog", "handelsoorlogen"}, {"slot", "sloten"},
        // ... but the long vowel's own plural where the short word is none
        // the lexicon has, or doubles its consonant.
        {"bondgenoot", "bondgenoten"}, {"boot", "boten"}, {"school", "scholen"}, {"schaap", "schapen"},
        // An e after another syllable keeps Snowball's one stem, long or a schwa.
        {"probleem", "problemen"}, {"systeem", "systemen"},
        // A word the lexicon does not know keeps Snowball's stem.
        {"iran", "iraanse"}, {"iraans", "iraanse"},
    };
    for (const auto& r : same) {
        INFO(r.a << " ~ " << r.b);
        CHECK(dutch().stem(r.a) == dutch().stem(r.b));
    }
}

TEST_CASE("stemming does not over-stem into other words") {
    struct Row { const char* a; const char* b; };
    const Row apart[] = {
        {"minister", "mini"}, {"gesprek", "sprek"}, {"leven", "lef"}, {"bestuur", "best"},
        // Degrees with a meaning of their own: however, afterwards, the last;
        // and one that is a noun too (a parent).
        {"echter", "echt"}, {"later", "laat"}, {"laatste", "laat"}, {"ouder", "oud"},
        // A verb's forms keep their z or v: to read is no lesson, to praise not loose.
        {"lezen", "les"}, {"loven", "los"}, {"geven", "gef"},
        {"kernwapen", "kern"}, {"handel", "hand"},
        // Words in -ens that are no plurals: not the -en word beside them.
        {"volgens", "volgen"}, {"tijdens", "tijden"}, {"namens", "namen"}, {"ergens", "erg"},
        // A long vowel is not a short one (Snowball stems both "bom"): bombs
        // are not trees, men not moons, heads not purchases, lakes not far.
        {"bom", "boom"}, {"bommen", "bomen"}, {"bommen", "boom"}, {"bom", "bomen"},
        {"man", "maan"}, {"mannen", "manen"}, {"kop", "koop"}, {"koppen", "kopen"},
        {"groot", "grot"}, {"grote", "grot"}, {"ver", "veren"},
        // A noun in -e is not an adjective's -e form: a zone is no son.
        {"zone", "zoon"}, {"zones", "zonen"},
        // A singular in -ies is not the -ie word.
        {"advies", "advie"}, {"verlies", "ver"},
        // Words in -es that are no plurals of an -e noun.
        {"proces", "proce"}, {"congres", "congre"},
        // Words in a vowel and -s that the lexicon has are no plurals in -'s
        // (a stocking, a giant, a choice, bruised: not chill, male dog, cue,
        // linnet), and nor is a word whose rest is no noun.
        {"kous", "kou"}, {"reus", "reu"}, {"keus", "keu"}, {"kneus", "kneu"}, {"chaos", "chao"},
        {"virus", "viru"}, {"status", "statu"},
        // Nor are short words the lexicon has beside a short noun's plural
        // in 's (a pass, flax, the cinema: not dads, custard, organic), nor
        // an abbreviation of one letter (VS, the United States: not v's).
        {"pas", "pa"}, {"vlas", "vla"}, {"bios", "bio"}, {"vs", "v"},
    };
    for (const auto& r : apart) {
        INFO(r.a << " !~ " << r.b);
        CHECK(dutch().stem(r.a) != dutch().stem(r.b));
    }
    CHECK(dutch().stem("2019") == "2019");
    CHECK(dutch().stem("g20") == "g20");
}

TEST_CASE("stopwords are known, content words are not") {
    for (const char* w : {"de", "het", "een", "van", "en", "s", "t"}) {
        INFO(w);
        CHECK(dutch().is_stopword(w));
    }
    for (const char* w : {"sancties", "vs", "vn", "eu", "korea"}) {
        INFO(w);
        CHECK_FALSE(dutch().is_stopword(w));
    }
}

TEST_CASE("query text is folded word by word, syntax and operators kept") {
    CHECK(dutch().fold_text("Sancties AND Noord-Korea", true) == "sancties AND noord-korea");
    CHECK(dutch().fold_text("\"Ideeën van Kim's\" NOT titel:Één", true) == "\"ideeen van kim's\" NOT titel:een");
    CHECK(dutch().fold_text("denucleari* datum:2019-01..2019-06", true) == "denucleari* datum:2019-01..2019-06");
    CHECK(dutch().fold_text("Iran and Korea", true) == "iran and korea");
    CHECK(dutch().fold_text("Iran AND Korea", false) == "iran and korea");
}

TEST_CASE("overlong words are skipped but keep their position") {
    std::string giant(10000, 'a');
    auto toks = dutch().tokenise("voor " + giant + " na");
    REQUIRE(toks.size() == 2);
    CHECK(toks[0].term == "voor");
    CHECK(toks[1].term == "na");
    CHECK(toks[1].pos == 2);
}

TEST_CASE("invalid UTF-8 bytes separate words and never crash") {
    auto toks = dutch().tokenise(std::string("vrede\xFF\xFEoorlog\xC3"));
    REQUIRE(toks.size() == 2);
    CHECK(toks[0].term == "vrede");
    CHECK(toks[1].term == "oorlog");
}

TEST_CASE("the identity names stemmer, rules and stopwords") {
    std::string id = dutch().identity();
    CHECK(id.find("stemmer=dutch") != std::string::npos);
    CHECK(id.find("rules=nl-plurals") != std::string::npos);
    CHECK(id.find("stopwords=") != std::string::npos);
    CHECK(id.starts_with("knipsel-analyser/25 "));  // indexes of version 24 are rebuilt by the next run
    CHECK(id.find(",signs") != std::string::npos);
}

namespace {

// The shipped Dutch analysis with another folding.
Analyser with_fold(const std::string& fold) {
    knipsel::Schema s = knipsel::load_schema_file(KNIPSEL_SCHEMA_FILE);
    s.analysis.fold = fold;
    s.analysis.compounds = "none";  // not needed here, and slow to load
    return Analyser(s.analysis);
}

std::string terms_of(const Analyser& a, const std::string& text) {
    std::string out;
    for (const Token& t : a.tokenise(text)) out += (out.empty() ? "" : " ") + t.term;
    return out;
}

}  // namespace

TEST_CASE("fold = \"case\" lower-cases but keeps diacritics and compatibility forms; full drops them") {
    struct Row { const char* in; const char* case_only; const char* full; };
    const Row rows[] = {
        {"één", "één", "een"},
        {"Één", "één", "een"},
        {"IDEEËN", "ideeën", "ideeen"},
        {"Coöperatie", "coöperatie", "cooperatie"},
        {"café", "café", "cafe"},
        {"VS", "vs", "vs"},
    };
    const Analyser case_only = with_fold("case");
    const Analyser full = with_fold("full");
    for (const auto& r : rows) {
        INFO(r.in);
        CHECK(terms_of(case_only, r.in) == r.case_only);
        CHECK(terms_of(full, r.in) == r.full);
        CHECK(terms_of(dutch(), r.in) == r.full);  // the shipped schema folds fully
    }
    // The folding is part of the identity: an index built with the other is refused.
    CHECK(case_only.identity() != full.identity());
    CHECK(full.identity() == with_fold("full").identity());
}

TEST_CASE("the compiled-in folds of the Latin scripts are ICU's, in both foldings") {
    const Analyser case_only = with_fold("case");
    const Analyser full = with_fold("full");
    std::size_t letters = 0;
    for (std::int32_t cp = 0x80; cp < knipsel::latin_fold_end; ++cp) {
        if (cp == 0xB4) continue;  // the acute accent is an apostrophe ("auto´s"), not a letter
        const char utf8[2] = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};  // all two bytes
        const std::string word = "x" + std::string(utf8, 2) + "x";
        INFO("U+" << std::hex << cp);
        for (const Analyser* a : {&full, &case_only}) {
            const std::string got = a->fold_text(word, false);
            if (got == word && a == &case_only) continue;  // not a letter, or one case folding keeps
            // A letter is folded as ICU folds it; anything else is copied.
            const std::string icu = "x" + knipsel::fold_with_icu(cp, a == &case_only) + "x";
            CHECK((got == icu || got == word));
            letters += got == icu && got != word;
        }
    }
    CHECK(letters > 300);  // most of U+0080..U+024F are letters with a fold of their own
    // A combining mark folds to nothing ("cafe" + U+0301); ligatures and ß
    // to their letters.
    CHECK(full.fold_text("cafe\xCC\x81 cafe\xCC\x81", false) == "cafe cafe");
    CHECK(full.fold_text("Ĳssel Éen ß ﬁets", false) == "ijssel een ss fiets");
    // Bold and fraktur letters (pasted from social media) and full-width ones.
    CHECK(full.fold_text("De 𝐍𝐀𝐕𝐎 in ＨＡＮＯＩ, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", false) == "de navo in hanoi, unicode");
}

TEST_CASE("every code point folds as ICU's normalisation folds it") {
    // fold_with_icu skips the normalisation for a code point that case
    // folding and decomposition leave as it is (most of them): checked here
    // against the whole path for every assigned code point. The path: case
    // fold, NFKD, marks dropped, case fold again, the letters of
    // letters_without_decomposition() (the documented table: "ł" -> "l"),
    // then NFC (Hangul jamo back to their syllable).
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    REQUIRE(U_SUCCESS(status));
    const auto table = knipsel::letters_without_decomposition();
    const auto row_of = [&](UChar32 c) -> const knipsel::LetterFold* {
        for (const auto& row : table)
            if (row.cp == static_cast<char32_t>(c)) return &row;
        return nullptr;
    };
    std::size_t checked = 0, wrong = 0;
    for (UChar32 cp = 0x80; cp <= 0x10FFFF; ++cp) {
        if (u_charType(cp) == U_UNASSIGNED || U_IS_SURROGATE(cp)) continue;
        ++checked;
        icu::UnicodeString u(cp);
        u.foldCase();
        const icu::UnicodeString d = nfkd->normalize(u, status);
        icu::UnicodeString kept;
        for (int32_t i = 0; i < d.length(); i += U16_LENGTH(d.char32At(i)))
            if (!knipsel::is_dropped_mark(d.char32At(i))) kept.append(d.char32At(i));
        kept.foldCase();  // a compatibility form's capital: "𝐍" is "N", then "n"
        icu::UnicodeString letters;
        for (int32_t i = 0; i < kept.length(); i += U16_LENGTH(kept.char32At(i))) {
            const auto* row = row_of(kept.char32At(i));
            letters += row ? icu::UnicodeString::fromUTF8(row->ascii) : icu::UnicodeString(kept.char32At(i));
        }
        std::string expected;
        nfc->normalize(letters, status).toUTF8String(expected);
        if (knipsel::fold_with_icu(cp, false) != expected && ++wrong <= 10) {
            INFO("U+" << std::hex << cp);
            CHECK(knipsel::fold_with_icu(cp, false) == expected);
        }
    }
    CHECK(wrong == 0);
    CHECK(checked > 100000);
    CHECK(knipsel::fold_with_icu(0xDF, false) == "ss");               // ß: folding alone changes it
    CHECK(knipsel::fold_with_icu(0x345, false) == "\xCE\xB9");      // a mark that folds to iota
    CHECK(knipsel::fold_with_icu(0xFE0E, false).empty());            // a variation selector: dropped
    CHECK(knipsel::fold_with_icu(0x4E2D, false) == "\xE4\xB8\xAD");  // 中 stays
    CHECK(knipsel::fold_with_icu(0xAE40, false) == "\xEA\xB9\x80");  // 김 stays a syllable, not three jamo
    CHECK(knipsel::fold_with_icu(0x141, false) == "l");                // Ł: case folded to ł, then the table
    CHECK(knipsel::fold_with_icu(0x141, true) == "\xC5\x82");         // case folding only: ł
}

TEST_CASE("the table of letters with no decomposition holds what NFKD cannot fold, and every stroked Latin letter") {
    // Each row: a lower-case letter (what case folding gives) that NFKD
    // leaves as it is, folded to lower-case ASCII letters; sorted.
    const auto table = knipsel::letters_without_decomposition();
    REQUIRE(!table.empty());
    for (std::size_t i = 0; i < table.size(); ++i) {
        const auto cp = static_cast<UChar32>(table[i].cp);
        INFO("U+" << std::hex << cp);
        CHECK(u_charType(cp) == U_LOWERCASE_LETTER);
        CHECK(u_foldCase(cp, U_FOLD_CASE_DEFAULT) == cp);
        CHECK(u_getIntPropertyValue(cp, UCHAR_DECOMPOSITION_TYPE) == U_DT_NONE);
        const std::string ascii = table[i].ascii;
        CHECK(!ascii.empty());
        CHECK(std::all_of(ascii.begin(), ascii.end(), [](char c) { return c >= 'a' && c <= 'z'; }));
        if (i > 0) CHECK(table[i - 1].cp < table[i].cp);
    }
    // Every Latin letter with a stroke or a bar (Polish ł, Croatian đ,
    // Norwegian ø, Maltese ħ), small or capital, folds to ASCII.
    std::size_t stroked = 0;
    for (UChar32 cp = 0x80; cp < knipsel::latin_fold_end; ++cp) {
        char name[128];
        UErrorCode status = U_ZERO_ERROR;
        u_charName(cp, U_UNICODE_CHAR_NAME, name, sizeof name, &status);
        // "LATIN SMALL LETTER L WITH STROKE": a letter A to Z with a stroke
        // (not "LAMBDA WITH STROKE", which is no Latin letter of A to Z).
        std::string n = U_SUCCESS(status) ? name : "";
        for (const std::string lead : {"LATIN SMALL LETTER ", "LATIN CAPITAL LETTER "})
            if (n.starts_with(lead)) n = n.substr(lead.size());
        if (n.size() < 2 || n[1] != ' ' || !(n.substr(1).starts_with(" WITH STROKE") || n.substr(1) == " WITH BAR"))
            continue;
        INFO(n);
        const std::string folded = knipsel::fold_with_icu(cp, false);
        CHECK(std::all_of(folded.begin(), folded.end(), [](char c) { return c >= 'a' && c <= 'z'; }));
        ++stroked;
    }
    CHECK(stroked > 20);
}

TEST_CASE("for_language: English articles get the English stemmer and stopwords, others the Dutch") {
    const Analyser& en = dutch().for_language("en");
    CHECK(en.language() == "en");
    CHECK(dutch().language() == "nl");
    CHECK(&dutch().for_language("nl") == &dutch());
    CHECK(&dutch().for_language("") == &dutch());
    CHECK(&dutch().for_language("fr") == &dutch());  // not configured: the main language's
    // English inflections meet in one stem, the Snowball English one.
    const std::string stem = Xapian::Stem("english")("negotiations");
    for (const char* w : {"negotiations", "negotiation", "negotiated", "negotiating", "negotiate"}) {
        INFO(w);
        CHECK(en.stem(w) == stem);
    }
    CHECK(en.stem("sanctions") == en.stem("sanction"));
    CHECK(en.stem("talks") == en.stem("talking"));
    // ... which the Dutch stemmer does not join.
    CHECK(dutch().stem("negotiations") != dutch().stem("negotiating"));
    for (const char* w : {"the", "and", "which", "with"}) {
        INFO(w);
        CHECK(en.is_stopword(w));
        CHECK_FALSE(dutch().is_stopword(w));
    }
    // English "'s" is the genitive: it goes ("North Korea's" is "Korea"), and
    // the Dutch plural "Korea's" still meets it through the stem.
    CHECK(terms_of(en, "North Korea's") == "north korea");
    CHECK(dutch().stem("korea's") == en.stem("korea"));
    // English text folds like Dutch (one folding for all languages).
    CHECK(terms_of(en, "Café NÉGOTIATIONS") == "cafe negotiations");
}

TEST_CASE("detect_language: an untagged English paragraph reads as English, a Dutch one as Dutch") {
    const std::string english =
        "North Korea and the United States agreed on Tuesday to resume working-level talks, "
        "officials said, after months in which the negotiations had stalled over the question of "
        "sanctions relief. The envoy told reporters that it was too early to say whether the two "
        "sides would meet again before the end of the year, and that he had been asked not to "
        "comment on the details of the proposal.";
    const std::string dutch_text =
        "Noord-Korea en de Verenigde Staten hebben dinsdag afgesproken de gesprekken op werkniveau te "
        "hervatten, zeiden functionarissen, nadat de onderhandelingen maandenlang hadden stilgelegen over "
        "de vraag van de verlichting van de sancties. De gezant zei tegen verslaggevers dat het te vroeg "
        "was om te zeggen of de twee partijen elkaar voor het einde van het jaar weer zouden zien.";
    CHECK(dutch().detect_language(english) == "en");
    CHECK(dutch().detect_language(dutch_text).empty());
    CHECK(dutch().detect_language("").empty());
    CHECK(dutch().detect_language("The talks.").empty());  // too few words to tell
    // A short wire item (38 words, 7 English-only stopwords) reads as English ...
    CHECK(dutch().detect_language("The Dutch government of Prime Minister Mark Rutte resigned on Friday over a "
                                  "scandal in which thousands of families were wrongly accused of fraud with "
                                  "childcare benefits. Elections are due in March.") == "en");
    // ... a short Dutch one with an English title in it does not.
    CHECK(dutch().detect_language("De film The Lord of the Rings is een must voor fans van de boeken, "
                                  "zegt de recensent van de krant.").empty());
    // nor three English words in a short Dutch text.
    CHECK(dutch().detect_language("Hij zei dat het land with the best intentions had gehandeld en dat de "
                                  "regering van plan is de wet te wijzigen.").empty());
    // A Dutch article quoting an English sentence stays Dutch.
    CHECK(dutch().detect_language(dutch_text + " \"We want to see the end of the sanctions,\" zei hij. " + dutch_text)
              .empty());
}

TEST_CASE("detect_language: a short item is the language of its words outside quotations") {
    // Short Dutch items that quote one English sentence, with every kind of quotation mark.
    for (const std::string& text : {
             std::string("Premier May tegen het Lagerhuis: \"I have always said that the only way to avoid no deal is "
                         "to vote for the deal that is on the table.\" Het Lagerhuis stemde tegen."),
             std::string("Trump op Twitter: \u201CThere is no longer a Nuclear Threat from North Korea. Everybody can "
                         "now feel much safer than the day I took office.\u201D Critici noemen dat voorbarig."),
             std::string("\u201EWe are not seeking war with the Iranian regime, but we are fully prepared to respond "
                         "to any attack,\u201D aldus Bolton in een verklaring."),
             std::string("\u00ABWe are not seeking war with the Iranian regime, but we are fully prepared to respond "
                         "to any attack,\u00BB aldus Bolton in een verklaring."),
         }) {
        INFO(text);
        CHECK(dutch().detect_language(text).empty());
    }
    // An English wire quoting a Dutch minister, and a short English item around a Dutch quotation.
    CHECK(dutch().detect_language(
              "The Dutch foreign minister said on Tuesday that the European Union would impose new sanctions on "
              "Iran. \"Wij kunnen niet accepteren dat er op ons grondgebied aanslagen worden gepleegd,\" he said in "
              "The Hague. The EU agreed on the measures after the Netherlands and France had pushed for them for "
              "months.") == "en");
    CHECK(dutch().detect_language("\"Wij kunnen niet accepteren dat er op ons grondgebied aanslagen worden "
                                  "gepleegd,\" the minister said on Tuesday.") == "en");
    // With fewer than four words outside, the quotation counts: there is too little else to tell by.
    CHECK(dutch().detect_language("\"We are not seeking war with the Iranian regime, but we are fully prepared to "
                                  "respond to any attack,\" aldus Bolton.") == "en");
    // English items mostly of quotations, whose few words outside them tell nothing, read by all their words.
    CHECK(dutch().detect_language(
              "\u201CWe had a very productive meeting and I think we will see a lot of progress in the months to "
              "come,\u201D Trump told reporters. \u201CBut there is a lot of work to do.\u201D\n\nKim Jong-un "
              "agreed. \u201CWe are ready for it,\u201D Kim said.") == "en");
    CHECK(dutch().detect_language(
              "\"It was a good meeting and we made progress on all of the issues,\" Pompeo told reporters in "
              "Tokyo. \"There is still a lot of work to be done.\" North Korea disagreed.") == "en");
    // A straight quotation mark after a digit is an inch mark, no quotation.
    CHECK(dutch().detect_language(
              "Samsung unveiled its new 65\" television on Tuesday in Seoul, and the company said it would be sold "
              "in the United States and in Europe from the spring. The price of the set was not disclosed but "
              "analysts expect it to be high.") == "en");
    CHECK(dutch()
              .detect_language("Samsung bracht dinsdag een nieuwe 55\" tv uit die volgens het bedrijf de beste van "
                               "het jaar is. De topman zei op de beurs in Berlijn: \"This is the best TV we have ever "
                               "made.\" Critici zijn sceptisch over de prijs en de levensduur van het scherm, en ook "
                               "over de vraag of het toestel in Nederland te koop komt.")
              .empty());
    // A quotation left open ends with its paragraph.
    CHECK(dutch().detect_language("The minister said: \"Wij kunnen dit niet accepteren, dat is voor ons en voor de "
                                  "regering echt een grens.\n\nThe EU agreed on the measures on Tuesday.") == "en");
}

TEST_CASE("detect_language from a text's tokens answers as from the text, also for words cut by the sample") {
    // The indexer hands detect_language the whole body's tokens; the sample
    // is still the words of the first 4,800 bytes, a cut word as cut ("theory"
    // cut after "the" counts as "the"). Seven English stopwords, then an
    // eighth that only the cut makes, moved across the sample's end byte by byte.
    const std::string filler = "abcdefghijklmnopqrstuv ";
    const std::string head = "the and with from this that are ";
    std::set<std::string> answers;
    for (const std::string& last : {std::string("theory"), std::string("the-rest"), std::string("the's"),
                                    std::string(70, 'x') + " the", std::string("noord-the")}) {
        for (std::size_t shift = 4700; shift < 4810; ++shift) {
            std::string text = head;
            while (text.size() + filler.size() < shift) text += filler;
            text.resize(shift, ' ');
            text += last + " " + filler + filler;
            INFO("shift " << shift << " last " << last);
            const std::string lang = dutch().detect_language(text);
            CHECK(dutch().detect_language(text, dutch().tokenise(text)) == lang);
            answers.insert(lang);
        }
    }
    CHECK(answers == std::set<std::string>{"", "en"});  // the cut decides, both ways
    std::string english = head + "the";
    for (int i = 0; i < 3; ++i) english += " " + filler;
    CHECK(dutch().detect_language(english, dutch().tokenise(english)) == "en");
}

TEST_CASE("compound_split gives the coarsest parts of a compound, nothing for a simple word") {
    using V = std::vector<std::string>;
    CHECK(dutch().compound_split("sanctieverlichting") == V{"sanctie", "verlichting"});
    CHECK(dutch().compound_split("vredesverklaring") == V{"vrede", "verklaring"});
    CHECK(dutch().compound_split("slotverklaring") == V{"slot", "verklaring"});
    CHECK(dutch().compound_split("verklaring").empty());
    CHECK(dutch().compound_split("sancties").empty());
    CHECK(dutch().compound_split("satellietfoto's") == V{"satelliet", "foto"});  // the plural 's is no part
    CHECK(dutch().for_language("en").compound_split("sanctieverlichting").empty());  // English splits none
}

TEST_CASE("stem_keeps_first_letter holds for every word of the corpus, in Dutch and English") {
    // Snippets rely on it to stem only words that can match a query stem.
    REQUIRE(dutch().stem_keeps_first_letter());
    REQUIRE(dutch().for_language("en").stem_keeps_first_letter());
    std::size_t words = 0;
    for (const auto& entry : std::filesystem::directory_iterator(KNIPSEL_CORPUS)) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        for (const Token& t : dutch().tokenise(text)) {
            for (const Analyser* a : {&dutch(), &dutch().for_language("en")}) {
                std::string stem = a->stem(t.term);
                INFO(t.term << " -> " << stem);
                REQUIRE(!stem.empty());
                const bool participle = t.term.size() > 2 && t.term.starts_with("ge") && stem[0] == t.term[2];
                CHECK((stem[0] == t.term[0] || participle));
            }
            ++words;
        }
    }
    CHECK(words > 20000);
    knipsel::AnalysisSpec kp;
    kp.stemmer = "kraaij_pohlmann";
    CHECK_FALSE(Analyser(kp).stem_keeps_first_letter());
}

TEST_CASE("plain words are cut and folded alike wherever they fall against eight-byte runs") {
    // Words of letters, capitals, digits and a diacritic, 1 to 80 bytes,
    // between spaces and punctuation: each token must be the word's folded
    // run at its offsets (runs over max_term_bytes give none), whichever
    // way the scanner takes its bytes (eight lower-case letters at a time,
    // or one).
    std::mt19937 random(20261129);
    const std::vector<std::string> letters = {"a", "k", "z", "A", "Q", "Z", "0", "7", "\xC3\xAB" /* ë */};
    const std::vector<std::string> gaps = {" ", "  ", ", ", ".", "\n", "; ", "(", ")"};
    for (int round = 0; round < 300; ++round) {
        std::string text;
        std::vector<Token> expected;
        const int words = 1 + static_cast<int>(random() % 12);
        for (int w = 0; w < words; ++w) {
            if (!text.empty() || random() % 2) text += gaps[random() % gaps.size()];
            const std::size_t length = 1 + random() % (random() % 4 == 0 ? 80 : 12);
            Token t;
            t.begin = static_cast<std::uint32_t>(text.size());
            for (std::size_t i = 0; i < length; ++i) {
                // Mostly lower case, as running text is.
                const std::string& l = random() % 4 ? letters[random() % 3] : letters[random() % letters.size()];
                text += l;
                t.term += l == "\xC3\xAB" ? 'e' : static_cast<char>(std::tolower(static_cast<unsigned char>(l[0])));
            }
            t.end = static_cast<std::uint32_t>(text.size());
            if (t.term.size() <= knipsel::max_term_bytes) expected.push_back(t);
        }
        if (random() % 2) text += gaps[random() % gaps.size()];
        const std::vector<Token> got = dutch().tokenise(text);
        INFO("text: " << text);
        REQUIRE(got.size() == expected.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            CHECK(got[i].term == expected[i].term);
            CHECK(got[i].begin == expected[i].begin);
            CHECK(got[i].end == expected[i].end);
        }
    }
}

namespace {

struct Seen {
    std::string term;
    std::uint32_t begin, end;
    bool operator==(const Seen&) const = default;
};

std::vector<Seen> seen_words(const std::string& text, const Analyser::FirstBytes* wanted) {
    std::vector<Seen> out;
    dutch().each_word(
        text, [&](std::string_view term, std::uint32_t b, std::uint32_t e) { out.push_back({std::string(term), b, e}); },
        wanted);
    return out;
}

Analyser::FirstBytes first_bytes(std::string_view bytes) {
    Analyser::FirstBytes t{};
    for (char c : bytes) t[static_cast<unsigned char>(c)] = true;
    return t;
}

// With a first-byte filter, each_word gives every word at the offsets it
// gives without one, the term of each whose term starts with a wanted byte,
// and an empty term for the others.
void check_filtered(const std::string& text, const Analyser::FirstBytes& wanted) {
    const std::vector<Seen> all = seen_words(text, nullptr), some = seen_words(text, &wanted);
    INFO("text: " << text);
    REQUIRE(some.size() == all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        INFO("word " << i << ": " << all[i].term);
        CHECK(some[i].begin == all[i].begin);
        CHECK(some[i].end == all[i].end);
        CHECK(some[i].term == (wanted[static_cast<unsigned char>(all[i].term[0])] ? all[i].term : ""));
    }
}

}  // namespace

TEST_CASE("each_word with a first-byte filter hands the other words on empty, at the same offsets") {
    const Analyser::FirstBytes ke = first_bytes("ke");
    CHECK(seen_words("Kernwapens, Één auto's en zo'n Noord-Korea 5G", &ke) ==
          std::vector<Seen>{{"kernwapens", 0, 10},
                            {"een", 12, 17},  // folded from "Één": its term starts with "e"
                            {"", 18, 24},
                            {"en", 25, 27},
                            {"", 28, 32},  // "zo'n", its clitic taken off
                            {"", 33, 38},
                            {"korea", 39, 44},
                            {"", 45, 47}});
    // Capitals, diacritics, digits, apostrophes, hyphens and other scripts,
    // against filters that take and leave each kind of first letter.
    const std::vector<std::string> texts = {
        "Kernwapens, Één auto's en zo'n Noord-Korea 5G",
        "ideeën Ideeën IDEEËN België coöperatie ÉÉN één Over-IJssel ĳs STRAßE ﬁets",
        "O'Neill's foto’s Korea’s d'r 's-Gravenhage 2.000 1,5 procent V.S. d.w.z. 300-kilogram",
        "gelanceerd Gelanceerde GE-test ge e g Kim Jong-un sanctieverlichting",
        "Москва Ελλάδα 北京 café—bar naïef ‘quote’ end-",
        "25% 2,5 % €200 € 200 $HOME US$ 5 3‰ £3 ¥9 % $ Procent-25%-regel",
        std::string(70, 'a') + " " + std::string(66, 'K') + "ë " + std::string(30, 'b') + "\xC3\xAB" + std::string(34, 'c') +
            " x"};
    const std::vector<std::string> filters = {"", "k", "ke", "gi", "eoi5", "abcdefghijklmnopqrstuvwxyz0123456789",
                                              "\xD0"};
    for (const std::string& text : texts)
        for (const std::string& f : filters) {
            INFO("filter: " << f);
            check_filtered(text, first_bytes(f));
        }
}

TEST_CASE("each_word with a first-byte filter agrees with the full scan wherever words fall against eight-byte runs") {
    std::mt19937 random(20261130);
    const std::vector<std::string> letters = {"a", "k", "z", "A", "Q", "Z", "0", "7", "\xC3\xAB" /* ë */, "\xC3\x89" /* É */};
    const std::vector<std::string> gaps = {" ", "  ", ", ", ".", "\n", "-", "'", "’", "(", "'s "};
    for (int round = 0; round < 300; ++round) {
        std::string text;
        const int words = 1 + static_cast<int>(random() % 12);
        for (int w = 0; w < words; ++w) {
            if (!text.empty() || random() % 2) text += gaps[random() % gaps.size()];
            const std::size_t length = 1 + random() % (random() % 4 == 0 ? 80 : 12);
            for (std::size_t i = 0; i < length; ++i)
                text += random() % 4 ? letters[random() % 3] : letters[random() % letters.size()];
        }
        std::string f;
        for (char c : std::string_view("akze07")) if (random() % 2) f += c;
        INFO("filter: " << f);
        check_filtered(text, first_bytes(f));
    }
}

TEST_CASE("dictionary words: hunspell-nl's in any form, and compounds of them; not misspellings or names") {
    for (const char* word : {"graf", "graven", "inkomen", "woning", "woningen", "jurken", "droge", "wet",
                             "huurwoning", "vrachtwagenchauffeurs"}) {
        INFO(word);
        CHECK(dutch().is_dictionary_word(word));
    }
    for (const char* word : {"sancteis", "handelsoorlg", "yongbion", "yongbyon", "biden", "topontmoting"}) {
        INFO(word);
        CHECK_FALSE(dutch().is_dictionary_word(word));
    }
}
