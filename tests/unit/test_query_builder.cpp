// Query building: which articles a plain query finds, on a small in-memory
// index made with the shipped schema (its synonyms included).
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "analyser.h"
#include "document.h"
#include "error.h"
#include "index_layout.h"
#include "printers.h"
#include "query_builder.h"
#include "schema.h"
#include "shipped_analyser.h"

namespace {

struct Index {
    knipsel::Schema schema = knipsel::load_schema_file(KNIPSEL_SCHEMA_FILE);
    Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};

    void add(const std::string& id, const std::string& body, const std::string& lang = "nl",
             const std::string& source = "") {
        knipsel::Article a;
        a.id = id;
        a.path = id;
        a.title = id;
        a.lang = lang;
        a.source = source;
        a.body = body;
        db.add_document(knipsel::make_document(a, knipsel::SourceFile{}, schema, dutch()));
    }

    // The stored data of the (first ten) articles `query` finds.
    std::vector<std::string> found(const Xapian::Query& query) {
        Xapian::Enquire e(db);
        e.set_query(query);
        std::vector<std::string> datas;
        Xapian::MSet m = e.get_mset(0, 10);
        for (auto it = m.begin(); it != m.end(); ++it) datas.push_back(it.get_document().get_data());
        return datas;
    }

    // The articles that have every word of a plain query.
    std::vector<std::string> every_word(const std::string& query) {
        knipsel::BuiltQuery q = knipsel::build_query(query, db, schema, dutch());
        REQUIRE(q.plain);
        return found(q.at_least.back());
    }

    // The articles a query with operators finds.
    std::vector<std::string> matches(const std::string& query) {
        knipsel::BuiltQuery q = knipsel::build_query(query, db, schema, dutch());
        REQUIRE_FALSE(q.plain);
        return found(q.query);
    }

    // knipsel-query's correction of `text` ("Bedoelde u"). This index has
    // no spelling table: an unknown word's nearest is found by scanning
    // the terms, as over remote shards.
    std::string correction(const std::string& text, Xapian::doccount rare_docs = 0) {
        const knipsel::BuiltQuery q = knipsel::build_query(text, db, schema, dutch());
        return knipsel::spelling_correction(text, q, db, {}, dutch(), true, rare_docs);
    }
};

bool has(const std::vector<std::string>& datas, const std::string& id) {
    for (const auto& d : datas)
        if (d.find("\nid=" + id + "\n") != std::string::npos || d.rfind("id=" + id + "\n", 0) == 0) return true;
    return false;
}

}  // namespace

TEST_CASE("a several-word synonym matches its words in any form, as a phrase") {
    Index ix;
    ix.add("enkelvoud", "De VS schorten de gezamenlijke militaire oefening op.");
    ix.add("meervoud", "Zuid-Korea en de VS houden weer militaire oefeningen.");
    ix.add("engels", "The allies resumed a military exercise near the border.", "en");
    ix.add("los", "Militaire leiders bespraken de oefening niet.");
    // "militaire oefeningen = en:military exercises" (schemas/synonyms-nl.txt)
    const auto found = ix.every_word("militaire oefeningen");
    CHECK(has(found, "enkelvoud"));
    CHECK(has(found, "meervoud"));
    // The words apart also count, at a lower weight, after the phrases.
    REQUIRE(found.size() >= 3);
    CHECK_FALSE(has({found[0], found[1]}, "los"));
    // An English query finds the English member in another form too.
    const auto english = ix.every_word("military exercises");
    CHECK(has(english, "engels"));
}

TEST_CASE("synonyms also work in a query with operators") {
    Index ix;
    ix.add("afkorting", "De VS kondigen nieuwe sancties aan tegen Iran.");
    ix.add("voluit", "De Verenigde Staten kondigen nieuwe sancties aan.");
    ix.add("zonder", "Brussel bespreekt de sancties tegen Iran.");
    ix.add("wire", "The United Nations kept its sanctions on Yongbyon in place.", "en");
    ix.add("yongbyon", "Satellietbeelden tonen nieuwe activiteit in Yongbyon.");

    const auto both = ix.matches("VS AND sancties");
    CHECK(has(both, "afkorting"));
    CHECK(has(both, "voluit"));
    CHECK_FALSE(has(both, "zonder"));
    // A several-word member, also beside brackets.
    CHECK(has(ix.matches("(Verenigde Staten) AND sancties"), "afkorting"));
    // Excluding a word excludes its synonyms.
    const auto not_vs = ix.matches("sancties NOT Verenigde Staten");
    CHECK(has(not_vs, "zonder"));
    CHECK_FALSE(has(not_vs, "afkorting"));
    CHECK_FALSE(has(not_vs, "voluit"));
    // In an exclusion the English member counts too; elsewhere it does not.
    const auto yongbyon = ix.matches("Yongbyon NOT sancties");
    CHECK(has(yongbyon, "yongbyon"));
    CHECK_FALSE(has(yongbyon, "wire"));
    CHECK_FALSE(has(ix.matches("Yongbyon AND sancties"), "wire"));
    // Beside NEAR a word is taken as written, the others still bring their synonyms.
    CHECK(has(ix.matches("VS OR (Iran NEAR sancties)"), "voluit"));
    // A phrase is searched as written.
    const auto phrase = ix.matches("\"Verenigde Staten\" OR Brussel");
    CHECK(has(phrase, "voluit"));
    CHECK_FALSE(has(phrase, "afkorting"));
}

TEST_CASE("a related member is found at a lower weight and does not bring in its group") {
    Index ix;
    ix.add("afkorting", "De VS kondigen nieuwe sancties aan tegen de olie.");
    ix.add("bijvoeglijk", "Amerikaanse sancties treffen voortaan de Iraanse olie.");
    ix.add("zonder", "Brussel bespreekt nieuwe sancties tegen de olie.");
    // "VS = ... = ~Amerikaans" (schemas/synonyms-nl.txt)
    const auto vs = ix.every_word("VS sancties");
    REQUIRE(vs.size() == 2);
    CHECK(has({vs[0]}, "afkorting"));
    CHECK(has({vs[1]}, "bijvoeglijk"));
    // Typed, the adjective is a word of its own: no "VS" articles.
    const auto adjective = ix.every_word("Amerikaanse sancties");
    CHECK(has(adjective, "bijvoeglijk"));
    CHECK_FALSE(has(adjective, "afkorting"));
    // With operators the same; an exclusion leaves the related word be.
    CHECK(has(ix.matches("VS AND sancties"), "bijvoeglijk"));
    const auto not_vs = ix.matches("sancties NOT VS");
    CHECK(has(not_vs, "bijvoeglijk"));
    CHECK(has(not_vs, "zonder"));
    CHECK_FALSE(has(not_vs, "afkorting"));
}

TEST_CASE("a query kept to English articles reads as English: its English members apply") {
    Index ix;
    ix.add("land", "North Korea fired another missile on Sunday.", "en");
    ix.add("bijvoeglijk", "The North Korean leader met the president.", "en");
    for (const char* id : {"nl-1", "nl-2", "nl-3"})
        ix.add(id, "Korea en Japan bespraken de handel in het noorden.");
    // "korea" is mostly in Dutch articles: the words alone read as Dutch,
    // and "~en:North Korean" is left out.
    CHECK_FALSE(has(ix.every_word("North Korea"), "bijvoeglijk"));
    const auto english = ix.every_word("lang:en North Korea");
    CHECK(has(english, "land"));
    CHECK(has(english, "bijvoeglijk"));
    CHECK_FALSE(has(english, "nl-1"));
}

TEST_CASE("a query word's English stem finds English articles only, not Dutch words that stem so in English") {
    Index ix;
    ix.add("verlies", "Het bedrijf leed een groot verlies.");
    ix.add("ver", "De oplossing is nog ver weg.");           // English stem of "verlies": "ver"
    ix.add("kannen", "Er stonden kannen water op tafel.");   // English stem of "kans": "kan"
    ix.add("wennen", "De boeren moeten wennen aan de regels.");  // of "wens": "wen"
    ix.add("wire", "The reporter Kan said the outlook was bleak.", "en");
    CHECK(has(ix.every_word("verlies"), "verlies"));
    CHECK_FALSE(has(ix.every_word("verlies"), "ver"));
    CHECK_FALSE(has(ix.every_word("kans"), "kannen"));
    CHECK(has(ix.every_word("kans"), "wire"));  // an English article, by the English stem "kan"
    CHECK_FALSE(has(ix.every_word("wens"), "wennen"));
    // Without English articles the English stems are not searched at all.
    Index dutch_only;
    dutch_only.add("kansen", "Er waren kansen genoeg.");
    const knipsel::BuiltQuery q = knipsel::build_query("kans", dutch_only.db, dutch_only.schema, dutch());
    CHECK(q.query.get_description().find("Zkan)") == std::string::npos);
    CHECK(q.query.get_description().find("Zkans") != std::string::npos);
}

TEST_CASE("a hyphenated query word finds its parts as a phrase, or its whole in any form") {
    Index ix;
    ix.add("apart", "Kim Jong Un sprak.");
    ix.add("joined", "Hij stuurde een email.");
    ix.add("plural", "Twee oud-ministers spraken.");
    ix.add("singular", "Een VN-sanctie werd verlengd.");
    ix.add("other", "Een oud kabinet en een minister van sancties.");
    CHECK(has(ix.every_word("Jong-un"), "apart"));
    CHECK(has(ix.every_word("e-mail"), "joined"));
    CHECK(has(ix.every_word("oud-minister"), "plural"));
    CHECK(has(ix.every_word("VN-sancties"), "singular"));
    CHECK_FALSE(has(ix.every_word("oud-minister"), "other"));
    // Letters with points are not a hyphenated word: "U.S." is not "us".
    ix.add("pronoun", "Let us go.", "en");
    CHECK_FALSE(has(ix.every_word("U.S."), "pronoun"));
}

TEST_CASE("an abbreviation joined to a word is a compound: its parts apart count too, a name's do not") {
    Index ix;
    ix.add("joined", "De EU-sancties tegen Iran gaan vandaag in.");
    ix.add("near", "De sancties die de EU tegen Iran instelt, gaan vandaag in.");
    ix.add("far", "De EU vergadert over landbouw, visserij, de begroting en de uitbreiding; de Verenigde "
                  "Staten en Canada spraken elders, na lange onderhandelingen, over nieuwe sancties.");
    ix.add("europe", "Europa en de Europese sancties tegen Iran.");
    ix.add("name", "In het noorden van het land, niet ver van de grens met Korea.");
    ix.add("talks", "De NAVO spreekt met Rusland over de grens.");
    const auto eu = ix.every_word("EU-sancties");
    REQUIRE(eu.size() == 3);
    // The compound as typed first, then its parts near each other, then anywhere.
    CHECK(has({eu[0]}, "joined"));
    CHECK(has({eu[1]}, "near"));
    CHECK(has({eu[2]}, "far"));
    CHECK_FALSE(has(eu, "europe"));  // "eu" near the sancties as itself, not as the start of "europese"
    CHECK(has(ix.every_word("EU-sancties Iran"), "near"));
    // A name stays a phrase: "Noord-Korea" is not the north of a land near Korea.
    CHECK_FALSE(has(ix.every_word("Noord-Korea"), "name"));
    CHECK_FALSE(has(ix.every_word("noord-korea"), "name"));
    // Nor is a name after the hyphen a compound's part: "NAVO-Rusland" (the council) is one name.
    CHECK_FALSE(has(ix.every_word("NAVO-Rusland"), "talks"));
    CHECK(has(ix.every_word("NAVO Rusland"), "talks"));
}

TEST_CASE("NEAR beside words joined by the implicit AND is still proximity") {
    Index ix;
    ix.add("dichtbij", "Korea en Iran: de sancties tegen Iran blijven.");
    ix.add("ver", "Iran wordt genoemd. Dan volgen veel andere woorden over Korea, de regio, de handel, de "
                  "olie, de gesprekken en de top, en pas daarna, na nog meer zinnen, komen de sancties.");
    // Xapian's parser alone gives up on NEAR here and searches "near" as a word.
    const knipsel::BuiltQuery q = knipsel::build_query("Korea Iran NEAR/2 sancties", ix.db, ix.schema, dutch());
    CHECK(q.query.get_description().find(" NEAR ") != std::string::npos);
    const auto near = ix.matches("Korea Iran NEAR/2 sancties");
    CHECK(has(near, "dichtbij"));
    CHECK_FALSE(has(near, "ver"));
}

TEST_CASE("a NEAR or ADJ window that is no whole number from 1 to 100000 is named") {
    Index ix;
    ix.add("a", "Iran en de sancties.");
    // NEAR/4294967296 was NEAR/0 to Xapian's parser (modulo 2^32).
    for (const char* query : {"Iran NEAR/0 sancties", "Iran NEAR/-1 sancties", "Iran ADJ/x sancties",
                              "Iran NEAR/4294967296 sancties", "Iran ADJ/100001 sancties"}) {
        INFO(query);
        CHECK_THROWS_WITH(knipsel::build_query(query, ix.db, ix.schema, dutch()),
                          Catch::Contains("its window is a whole number from 1 to 100000"));
    }
    CHECK(ix.matches("Iran NEAR/100000 sancties").size() == 1);
    CHECK(ix.matches("Iran NEAR/4 sancties").size() == 1);
}

TEST_CASE("a hyphenated word beside NEAR or ADJ is one word") {
    Index ix;
    ix.add("dichtbij", "De nieuwe sancties tegen Noord-Korea treffen de steenkool.");
    ix.add("ver", "Noord-Korea wordt genoemd. Dan volgen veel andere woorden over de regio, de handel, de "
                  "olie, de gesprekken en de top, en pas daarna, na nog meer zinnen, komen de sancties.");
    ix.add("near", "Troops gathered near the border of North Korea.", "en");
    for (const char* query : {"Noord-Korea NEAR sancties", "sancties NEAR/3 Noord-Korea", "\"Noord-Korea\" NEAR sancties",
                              "(sancties NEAR Noord-Korea) OR Hanoi"}) {
        INFO(query);
        const auto near = ix.matches(query);
        CHECK(has(near, "dichtbij"));
        CHECK_FALSE(has(near, "ver"));
        CHECK_FALSE(has(near, "near"));
    }
    // ADJ keeps the order.
    CHECK(has(ix.matches("sancties ADJ/3 Noord-Korea"), "dichtbij"));
    CHECK_FALSE(has(ix.matches("Noord-Korea ADJ/3 sancties"), "dichtbij"));
    // Beside a phrase of several words Xapian's parser would search "near"
    // as a word and find nothing: that is an error that says so.
    for (const char* query : {"\"Noord Korea\" NEAR sancties", "Noord-Korea NEAR (sancties OR olie)"}) {
        INFO(query);
        CHECK_THROWS_WITH(knipsel::build_query(query, ix.db, ix.schema, dutch()),
                          Catch::Contains("NEAR and ADJ take one word on each side"));
    }
    // A word "near" typed in lower case is a word, also in a phrase.
    CHECK(has(ix.matches("near AND border"), "near"));
    CHECK(has(ix.matches("\"near the border\" OR Hanoi"), "near"));
    CHECK(has(ix.matches("(near AND border) OR (sancties NEAR Noord-Korea)"), "near"));
}

TEST_CASE("NEAR or ADJ without a word on one side, or beside a wildcard or a -word, says so") {
    Index ix;
    ix.add("dichtbij", "De sancties tegen Iran bleven van kracht.");
    const std::vector<std::pair<const char*, const char*>> cases = {
        {"Iran NEAR", "NEAR has no word after it"},
        {"NEAR sancties", "NEAR has no word before it"},
        {"Iran NEAR/3", "NEAR/3 has no word after it"},
        {"Iran NEAR sancties*", "NEAR takes a word, not a wildcard: sancties*"},
        {"Iran ADJ sanc*", "ADJ takes a word, not a wildcard: sanc*"},
        {"Iran NEAR -sancties", "NEAR takes a word, not one with '-' before it: -sancties"},
        {"-Iran NEAR sancties", "NEAR takes a word, not one with '-' before it: -iran"},
    };
    for (const auto& [query, message] : cases) {
        INFO(query);
        try {
            (void)knipsel::build_query(query, ix.db, ix.schema, dutch());
            FAIL("no error");
        } catch (const knipsel::Error& e) {
            CHECK_THAT(e.what(), Catch::StartsWith(std::string("cannot parse the query: ") + message));
            CHECK(e.code() == knipsel::Exit::data_error);
            CHECK_FALSE(e.hint().empty());
        }
    }
}

TEST_CASE("a word beside NEAR or ADJ matches in any of its forms, a quoted phrase only as written") {
    Index ix;
    ix.add("meervoud", "Nieuwe sancties tegen Iran treffen de olie.");
    ix.add("enkelvoud", "Een sanctie tegen Iran trof de banken.");
    ix.add("engels", "New sanctions against Iran hit its oil exports.", "en");
    for (const char* query : {"Iran NEAR sanctie", "Iran NEAR sancties", "IRAN NEAR Sancties", "sancties NEAR/3 iran",
                              "sanctie ADJ tegen", "Sancties ADJ/2 tegen", "sancties ADJ/1 tegen",
                              "(sanctie ADJ tegen) OR Hanoi", "Hanoi OR (sanctie NEAR Iran)"}) {
        INFO(query);
        const auto found = ix.matches(query);
        CHECK(has(found, "meervoud"));
        CHECK(has(found, "enkelvoud"));
        CHECK_FALSE(has(found, "engels"));
    }
    // In English articles by their English forms.
    for (const char* query : {"sanction NEAR Iran", "Sanctions NEAR/3 iran", "sanction ADJ against"}) {
        INFO(query);
        const auto found = ix.matches(query);
        CHECK(has(found, "engels"));
        CHECK_FALSE(has(found, "meervoud"));
    }
    // ADJ keeps the order.
    CHECK(ix.matches("tegen ADJ sanctie").empty());
    // A phrase is as written, though ADJ/1 gets the same window from Xapian's parser.
    for (const char* query : {"\"sanctie tegen\"", "\"sanctie tegen\" OR (sancties ADJ/1 tegen)"}) {
        INFO(query);
        const auto found = ix.matches(query);
        CHECK(has(found, "enkelvoud"));
        CHECK(has(found, "meervoud") == (std::string(query).find("ADJ") != std::string::npos));
    }
    CHECK_FALSE(has(ix.matches("\"sancties tegen\""), "enkelvoud"));
}

TEST_CASE("NEAR/n and ADJ/n keep their window when the words match in any form") {
    Index ix;
    ix.add("naast", "Strenge sancties Iran raken de economie.");
    ix.add("vijf", "Iran noemde gisteren opnieuw strenge sancties onaanvaardbaar.");  // 5 words apart
    ix.add("ver", "Iran wordt genoemd. Dan volgen veel andere woorden over Korea, de regio, de handel, de olie, de "
                  "gesprekken en de top, en pas daarna, na nog meer zinnen, komen de sancties.");
    for (const char* near : {"NEAR", "ADJ"}) {
        const std::string op(near);
        const auto words = [&](const std::string& window) {
            return op == "NEAR" ? "sanctie " + op + window + " Iran" : "Iran " + op + window + " sanctie";
        };
        INFO(op);
        CHECK(has(ix.matches(words("/1")), "naast") == (op == "NEAR"));
        CHECK_FALSE(has(ix.matches(words("/1")), "vijf"));
        CHECK_FALSE(has(ix.matches(words("/3")), "vijf"));
        CHECK_FALSE(has(ix.matches(words("/4")), "vijf"));
        CHECK(has(ix.matches(words("/5")), "vijf"));
        CHECK(has(ix.matches(words("/6")), "vijf"));
        CHECK(has(ix.matches(words("")), "vijf"));  // 10
        CHECK_FALSE(has(ix.matches(words("")), "ver"));
    }
}

TEST_CASE("EN, OF and NIET are AND, OR and NOT") {
    Index ix;
    ix.add("beide", "De sancties tegen Iran blijven van kracht.");
    ix.add("iran", "Iran verrijkt weer uranium.");
    ix.add("korea", "Korea en China praten over de grens.");
    const auto niet = ix.matches("Iran NIET sancties");
    CHECK(has(niet, "iran"));
    CHECK_FALSE(has(niet, "beide"));
    const auto of = ix.matches("(Iran OF Korea) EN grens");
    CHECK(has(of, "korea"));
    CHECK_FALSE(has(of, "iran"));
    CHECK(has(ix.matches("Iran OF Korea"), "iran"));
    // Between abbreviations too.
    ix.add("vs", "De VS kondigen maatregelen aan.");
    ix.add("eu", "De EU kondigt maatregelen aan.");
    const auto abbreviations = ix.matches("VS OF EU");
    CHECK(has(abbreviations, "vs"));
    CHECK(has(abbreviations, "eu"));
    // In lower case, in a phrase, or in a sentence typed in capitals they are words.
    CHECK(has(ix.matches("\"Korea EN China\" OR Iran"), "korea"));
    // --explain leaves them out, as it does AND, OR and NOT.
    const auto explained = knipsel::explain_terms("Iran NIET sancties", dutch());
    REQUIRE(explained.size() == 2);
    CHECK(explained[0].rfind("Iran -> iran", 0) == 0);
    CHECK(explained[1].rfind("sancties -> sancties", 0) == 0);
    knipsel::BuiltQuery shouted = knipsel::build_query("IRAN NIET SANCTIES", ix.db, ix.schema, dutch());
    CHECK(shouted.plain);
    CHECK(knipsel::build_query("Iran niet sancties", ix.db, ix.schema, dutch()).plain);
}

TEST_CASE("a query of excluded words only finds the articles without them") {
    Index ix;
    ix.add("sancties", "De sancties tegen Iran blijven van kracht.");
    ix.add("vs", "De VS kondigen maatregelen aan.");
    ix.add("korea", "Korea en China praten over de grens.");
    const auto without = ix.matches("-sancties");
    CHECK_FALSE(has(without, "sancties"));
    CHECK(has(without, "vs"));
    CHECK(has(without, "korea"));
    const auto without_two = ix.matches("-sancties -VS");
    CHECK_FALSE(has(without_two, "sancties"));
    CHECK_FALSE(has(without_two, "vs"));
    CHECK(has(without_two, "korea"));
    CHECK_FALSE(has(ix.matches("-\"tegen Iran\""), "sancties"));
    CHECK(has(ix.matches("-\"tegen Iran\""), "korea"));
    // Beside a word the minus excludes from that word's articles, as ever.
    const auto korea = ix.matches("grens -sancties");
    CHECK(has(korea, "korea"));
    CHECK_FALSE(has(korea, "vs"));
}

TEST_CASE("NOT excludes the one word, phrase, field or bracket after it, as a minus does") {
    Index ix;
    ix.add("sancties", "De sancties tegen Iran blijven van kracht.");
    ix.add("korea", "De sancties tegen Korea blijven van kracht.");
    ix.add("alleen-korea", "Korea en China praten over de grens.");
    ix.add("iran", "Iran verrijkt weer uranium.");
    ix.add("vs", "De VS kondigen sancties aan tegen Iran.");
    // Xapian's parser had read these as "not (Korea and sancties)":
    // "alleen-korea" and "iran" came up, without "sancties".
    for (const char* query : {"NOT Korea sancties", "NIET Korea sancties", "sancties NOT Korea", "sancties -Korea",
                              "AND NOT Korea sancties"}) {
        INFO(query);
        const auto found = ix.matches(query);
        CHECK(has(found, "sancties"));
        CHECK(has(found, "vs"));
        CHECK_FALSE(has(found, "korea"));
        CHECK_FALSE(has(found, "alleen-korea"));
        CHECK_FALSE(has(found, "iran"));
    }
    const auto iran = ix.matches("Iran NOT Korea sancties");
    CHECK(has(iran, "sancties"));
    CHECK(has(iran, "vs"));
    CHECK_FALSE(has(iran, "iran"));  // no "sancties"
    CHECK_FALSE(has(iran, "korea"));
    // A phrase, a bracket and a several-word synonym are excluded whole.
    CHECK(ix.matches("NOT \"tegen Korea\" sancties").size() == 2);
    const auto bracket = ix.matches("NOT (Korea OR VS) sancties");
    CHECK(bracket.size() == 1);
    CHECK(has(bracket, "sancties"));
    const auto name = ix.matches("NOT Verenigde Staten sancties");
    CHECK_FALSE(has(name, "vs"));
    CHECK(has(name, "korea"));
    // After OR, within brackets, and before an AND, as written.
    const auto either = ix.matches("uranium OR NOT Korea sancties");
    CHECK(has(either, "iran"));
    CHECK(has(either, "sancties"));
    CHECK_FALSE(has(either, "korea"));
    CHECK(ix.matches("(NOT Korea sancties) OR grens").size() == 3);
    const auto and_after = ix.matches("NOT Korea AND sancties");
    CHECK(and_after.size() == 2);
    CHECK_FALSE(has(and_after, "korea"));
}

TEST_CASE("an excluded synonym group's words are not marked in the hits") {
    Index ix;
    ix.add("bijvoeglijk", "Amerikaanse sancties treffen de Iraanse olie.");
    const knipsel::BuiltQuery excluded = knipsel::build_query("Iran NOT VS", ix.db, ix.schema, dutch());
    CHECK(has(ix.found(excluded.query), "bijvoeglijk"));  // the related word is no exclusion
    const auto marks_adjective = [](const knipsel::BuiltQuery& q) {
        for (const auto* words : {&q.words, &q.loose_words})
            for (const auto& w : *words)
                if (w.rfind("amerikaan", 0) == 0) return true;
        for (const auto& [language, stems] : q.loose_stems)
            for (const auto& w : stems)
                if (w.rfind("amerikaan", 0) == 0) return true;
        return false;
    };
    CHECK_FALSE(marks_adjective(excluded));
    CHECK(marks_adjective(knipsel::build_query("Iran AND VS", ix.db, ix.schema, dutch())));
    // Nor the words of an excluded several-word member, or of an excluded
    // field: "verklaring" and "slotverklaring", the body's "Hanoi" were.
    const auto marks = [](const knipsel::BuiltQuery& q, const std::string& word) {
        for (const auto* words : {&q.words, &q.loose_words, &q.stems})
            for (const auto& w : *words)
                if (w.rfind(word, 0) == 0) return true;
        for (const auto& [language, stems] : q.loose_stems)
            for (const auto& w : stems)
                if (w.rfind(word, 0) == 0) return true;
        return false;
    };
    ix.add("slot", "In Singapore tekenden zij een gezamenlijke verklaring.");
    ix.add("zonder", "In Singapore werd geen verklaring getekend, wel een slotverklaring.");
    const auto statement = knipsel::build_query("NOT gezamenlijke verklaring Singapore", ix.db, ix.schema, dutch());
    CHECK(ix.found(statement.query).size() == 1);
    CHECK_FALSE(marks(statement, "verkla"));
    CHECK_FALSE(marks(statement, "gezamenlijk"));
    CHECK(marks(statement, "singapo"));
    CHECK_FALSE(marks(knipsel::build_query("Kim -title:Hanoi", ix.db, ix.schema, dutch()), "hanoi"));
    // A word kept elsewhere in the query stays marked.
    CHECK(marks(knipsel::build_query("verklaring NOT gezamenlijke verklaring", ix.db, ix.schema, dutch()), "verkla"));
}

TEST_CASE("a field's name typed with capitals is the field") {
    Index ix;
    ix.add("nl", "De sancties tegen Iran blijven van kracht.");
    ix.add("en", "The sanctions against Iran stay in place.", "en");
    for (const char* query : {"Taal:en Iran", "TAAL:en Iran", "Lang:en Iran"}) {
        INFO(query);
        const auto found = ix.matches(query + std::string(" OR Teheran"));
        CHECK(has(found, "en"));
        CHECK_FALSE(has(found, "nl"));
    }
    CHECK(has(ix.matches("Titel:nl OR Teheran"), "nl"));  // each article's title is its id here
}

TEST_CASE("with --any the words of a query with operators, a phrase or a minus join by OR") {
    Index ix;
    ix.add("sancties", "De sancties tegen Iran blijven van kracht.");
    ix.add("olie", "De olie-export van het land daalt.");
    ix.add("grens", "De olie gaat over de grens.");
    const knipsel::BuiltQuery any =
        knipsel::build_query("sancties olie -grens", ix.db, ix.schema, dutch(), Xapian::Query::OP_OR);
    const auto found = ix.found(any.query);
    CHECK(has(found, "sancties"));
    CHECK(has(found, "olie"));
    CHECK_FALSE(has(found, "grens"));
    CHECK(ix.matches("sancties olie -grens").empty());  // by default every word
}

TEST_CASE("with --any, words beside NEAR join by OR too") {
    Index ix;
    ix.add("olie", "De sancties treffen de olie van het land.");
    ix.add("iran", "Iran verrijkt weer uranium.");
    const knipsel::BuiltQuery any =
        knipsel::build_query("sancties NEAR olie Iran", ix.db, ix.schema, dutch(), Xapian::Query::OP_OR);
    const auto found = ix.found(any.query);
    CHECK(has(found, "olie"));
    CHECK(has(found, "iran"));
    CHECK(ix.matches("sancties NEAR olie Iran").empty());
}

TEST_CASE("a synonym member of more than five words is one, also after NOT") {
    Index ix;
    ix.add("voluit", "De Organisatie voor Veiligheid en Samenwerking in Europa stuurt waarnemers naar Korea.");
    ix.add("afkorting", "De OVSE stuurt waarnemers naar Korea.");
    ix.add("zonder", "Waarnemers uit Europa reizen naar Korea.");
    const auto without = ix.matches("Korea NOT Organisatie voor Veiligheid en Samenwerking in Europa");
    CHECK(without.size() == 1);
    CHECK(has(without, "zonder"));
    const auto found = ix.every_word("Organisatie voor Veiligheid en Samenwerking in Europa");
    CHECK(has(found, "afkorting"));
    CHECK(has(found, "voluit"));
}

TEST_CASE("an excluded filter or a filter's quoted value keeps a query plain") {
    Index ix;
    ix.add("nl", "De sancties tegen Iran blijven van kracht.", "nl", "Persbureau Noordzee");
    ix.add("nl-2018", "De sancties tegen Iran van 2018.", "nl", "Den Haag Vandaag");
    ix.add("en", "The sanctions against Iran stay in place.", "en", "Wire Service");
    for (const char* query : {"sancties -taal:en", "sancties -bron:\"Den Haag Vandaag\" -taal:en",
                              "sancties bron:\"Persbureau Noordzee\"", "Iran -bron:\"Den Haag Vandaag\" -bron:wire"}) {
        INFO(query);
        const auto found = ix.every_word(query);
        CHECK(has(found, "nl"));
        CHECK_FALSE(has(found, "en"));
    }
    // Only Dutch excluded, English is left: the query reads as English.
    const auto english = ix.every_word("sancties -taal:nl");
    CHECK(has(english, "en"));
    CHECK_FALSE(has(english, "nl"));
}

TEST_CASE("the words of a query's wildcards are shared out, so many wildcards stay cheap") {
    Index ix;
    std::string body;
    for (int i = 0; i < 120; ++i) body += "zaag" + std::to_string(1000 + i) + "x ";
    ix.add("zagen", body);
    const auto terms = [&](const std::string& query) {
        const knipsel::BuiltQuery q = knipsel::build_query(query, ix.db, ix.schema, dutch());
        std::size_t n = 0;
        for (auto t = q.query.get_terms_begin(); t != q.query.get_terms_end(); ++t) ++n;
        return n;
    };
    // One wildcard takes all 120 (up to 1000); each of 100 its 30 most frequent.
    CHECK(terms("zaag*") == 120);
    std::string many;
    for (int i = 0; i < 100; ++i) many += "zaag* ";
    CHECK(terms(many) == 30);
    CHECK(terms("zaag* zaag* zaag*") == 120);  // 1000 each
}

TEST_CASE("a word and its other forms bring the same synonym group, so exclude the same articles") {
    Index ix;
    ix.add("sancties", "De sancties tegen Iran blijven van kracht.");
    ix.add("straf", "De EU overweegt strafmaatregelen tegen Iran.");
    ix.add("wire", "Iran faces new sanctions from Washington.", "en");
    ix.add("iran", "Iran verrijkt weer uranium.");
    // "sancties = strafmaatregelen = en:sanctions" (schemas/synonyms-nl.txt)
    for (const char* query : {"Iran NIET sancties", "Iran NIET sanctie", "Iran NOT Sanctie", "Iran -sanctie",
                              "Iran -sancties", "Iran AND NOT sanctie"}) {
        INFO(query);
        const auto found = ix.matches(query);
        CHECK(has(found, "iran"));
        CHECK_FALSE(has(found, "sancties"));
        CHECK_FALSE(has(found, "straf"));
        CHECK_FALSE(has(found, "wire"));
    }
    for (const char* query : {"Iran AND sanctie", "sanctie OR uranium"}) {
        INFO(query);
        CHECK(has(ix.matches(query), "straf"));
    }
    CHECK(has(ix.every_word("Iran sanctie"), "straf"));
    CHECK(has(ix.every_word("strafmaatregel"), "sancties"));
    // An English member in another form: "sanction" is "sanctions".
    CHECK(has(ix.matches("Iran AND sanction"), "sancties"));
}

TEST_CASE("a field with no value is an error that names it") {
    Index ix;
    ix.add("datum", "De datum en de titel van het verdrag: bron en taal onbekend.");
    struct Row { const char* query; const char* field; };
    const Row rows[] = {{"datum:", "datum:"},  {"date:", "date:"},   {"titel:", "titel:"},
                        {"title:", "title:"},  {"bron:", "bron:"},   {"source:", "source:"},
                        {"lang:", "lang:"},    {"taal:", "taal:"},   {"Iran datum:", "datum:"},
                        {"(Iran OR titel:)", "titel:"}, {"-bron:", "bron:"}, {"titel:\"\"", "titel:"},
                        {"datum: 2019", "datum:"}, {"titel:\"", "titel:"}};
    for (const auto& r : rows) {
        INFO(r.query);
        try {
            knipsel::build_query(r.query, ix.db, ix.schema, dutch());
            FAIL_CHECK("no error");
        } catch (const knipsel::Error& e) {
            CHECK(e.code() == knipsel::Exit::data_error);
            CHECK(std::string(e.what()).find(std::string(r.field) + " has no value") != std::string::npos);
        }
    }
    // In a phrase a field's name is a word; a word ending in ':' that is no field too.
    CHECK(has(ix.matches("\"datum:\" OR Iran"), "datum"));
    CHECK(has(ix.every_word("verdrag:"), "datum"));
}

TEST_CASE("a rare word one edit from a word in ten times its articles is corrected when asked") {
    Index ix;
    for (int i = 0; i < 12; ++i) {
        ix.add("yongbyon" + std::to_string(i), "De reactor in Yongbyon draait weer.");
        ix.add("peace" + std::to_string(i), "A lasting peace on the peninsula.", "en");
    }
    ix.add("typo", "De reactor in Yongbion draait weer.");
    ix.add("pence", "Vicepresident Pence was er ook.");
    auto correct = [&](const std::string& text, Xapian::doccount rare_docs) { return ix.correction(text, rare_docs); };
    CHECK(correct("reactor Yongbion", 3) == "reactor Yongbyon");
    CHECK(correct("Yongbion", 0).empty());  // a word the index knows is no misspelling by default
    CHECK(correct("Pence", 3).empty());     // shorter than six letters: names like it are common
    CHECK(correct("Yongbyon", 3).empty());  // common itself
    // An unknown word whose nearest word is that misspelling: what it misspells.
    CHECK(correct("Yongbiom", 0) == "Yongbyon");
    ix.add("typo2", "Opnieuw Yongbion.");
    CHECK(correct("Yongbion", 3).empty());  // 12 articles are not ten times 2
}

TEST_CASE("a sign's word is no misspelling: the sign was typed, not the word") {
    // "€ 200" searched euro, in no article here, and was "corrected" to
    // the europa that many have.
    Index ix;
    for (int i = 0; i < 12; ++i) ix.add("europa" + std::to_string(i), "Europa kost 200 miljoen.");
    CHECK(ix.correction("\xE2\x82\xAC 200", 0).empty());
    CHECK(ix.correction("eurpa 200", 0) == "europa 200");  // typed, a word is corrected
}

TEST_CASE("a correction is written as the articles write it, with its accents") {
    // The index holds words folded: "Bedoelde u: cooperatie" was the
    // suggestion for "coöperatei", where the articles write "coöperatie".
    Index ix;
    ix.add("coop", "De Coöperatie van boeren en de reünie in België.");
    ix.add("plain", "Een reactor in Yongbyon.");
    CHECK(ix.correction("coöperatei") == "coöperatie");
    CHECK(ix.correction("reünei") == "reünie");
    CHECK(ix.correction("Belgei") == "België");  // the capital typed kept
    CHECK(ix.correction("Yongbiom") == "Yongbyon");  // no accent to restore
    // A pasted address's scheme is no misspelling ("https" of "http").
    ix.add("http", "Een http-verzoek uit Yongbyon, over http.");
    CHECK(ix.correction("https://example.org/yongbyon").empty());
    // nor its path's words, though one reads as two ("noordzee": "noord zee")
    ix.add("noord", "De noord zee en de noord zee.");
    CHECK(ix.correction("https://example.org/noordzee/yongbiom").empty());
    CHECK(ix.correction("www.example.org/noordzee").empty());
    CHECK(ix.correction("noordzee Yongbiom") == "noord zee Yongbyon");  // outside an address it still is
}

TEST_CASE("a word typed without its space is corrected to the two words an article has together") {
    Index ix;
    ix.add("kim", "Kim Jong-un ontmoette Donald Trump in Hanoi.");
    ix.add("trump", "Donald Trump zei niets over het akkoord.");
    ix.add("raad", "De Veiligheidsraad kwam bijeen.");
    ix.add("veiligheid", "Over veiligheid besliste de raad niet.");
    ix.add("apart1", "Een verklaring over de vrede.");
    ix.add("apart2", "Een pakket van maatregelen.");
    auto correct = [&](const std::string& text) { return ix.correction(text); };
    CHECK(correct("donaldtrump") == "donald trump");
    CHECK(correct("Kimjongun") == "Kim jongun");  // "Jong-un" is also indexed joined
    CHECK(correct("Hanoi kimjongun") == "Hanoi kim jongun");
    // A word one edit away was meant rather than two words run together.
    CHECK(correct("Veiligheidraad") == "Veiligheidsraad");
    // Words no article has together, or a stopword, are no split.
    CHECK(correct("vredepakket").empty());
    CHECK(correct("hetakkoord").empty());
}

TEST_CASE("a hyphenated word no article writes is suggested apart when an article has its parts") {
    Index ix;
    ix.add("hanoi", "De top in Hanoi eindigde zonder akkoord.");
    ix.add("navo", "De NAVO-top in Brussel.");
    ix.add("apart", "Het Iran akkoord bleef overeind. Over de escalatie werd gezwegen.");
    ix.add("oud", "Een oud gebouw.");
    ix.add("president", "De president sprak.");
    auto correct = [&](const std::string& text) { return ix.correction(text); };
    CHECK(correct("Hanoi-top") == "Hanoi top");
    CHECK(correct("Brussel Hanoi-top") == "Brussel Hanoi top");  // the other words as typed
    CHECK(correct("Hanoi\u2011top") == "Hanoi top");              // a non-breaking hyphen
    CHECK(correct("NAVO-top").empty());       // written so in an article
    CHECK(correct("Iran-akkoord").empty());   // its parts side by side in one
    CHECK(correct("oud-president").empty());  // no article has both parts
    CHECK(correct("de-escalatie").empty());   // a part is a stopword
    CHECK(correct("Hanoi-Pyongyang").empty());  // a part is in no article
    CHECK(correct("title:Hanoi-top").empty());   // a field's value
    CHECK(correct("\"de Hanoi-top\"").empty());  // a word of a phrase
    CHECK(correct("„de Hanoi-top”").empty());
    CHECK(correct("\"de top\" Hanoi-top") == "\"de top\" Hanoi top");
    // Nor is a part corrected to a stopword, which the search leaves out.
    ix.add("wire", "Trump and Kim met in Hanoi, and they talked.", "en");
    CHECK(correct("anti").empty());
    CHECK(correct("anti-Amerikaans").empty());
    // Not in the "very few hits" mode, which keeps what was typed.
    CHECK(ix.correction("Hanoi-top", 3).empty());
}

TEST_CASE("a source filter takes the whole name, or words of it") {
    Index ix;
    ix.add("noordzee", "Nieuwe sancties tegen Iran.", "nl", "Persbureau Noordzee");
    ix.add("weekend", "Sancties tegen Iran in het weekend.", "nl", "Persbureau Noordzee Weekend");
    ix.add("dagblad", "Sancties tegen Iran in de krant.", "nl", "Het Diplomatiek Dagblad");
    auto matches = [&](const std::string& query) {
        return ix.found(knipsel::build_query(query, ix.db, ix.schema, dutch()).query);
    };
    // The whole name is that source only.
    const auto exact = matches("source:\"Persbureau Noordzee\" sancties");
    CHECK(has(exact, "noordzee"));
    CHECK_FALSE(has(exact, "weekend"));
    // Words of a name: every source that has them all.
    const auto word = matches("bron:Noordzee sancties");
    CHECK(has(word, "noordzee"));
    CHECK(has(word, "weekend"));
    CHECK_FALSE(has(word, "dagblad"));
    CHECK(matches("bron:\"noordzee weekend\"").size() == 1);
    CHECK(has(matches("sancties NOT bron:Diplomatiek"), "weekend"));
    CHECK_FALSE(has(matches("sancties NOT bron:Diplomatiek"), "dagblad"));
    CHECK(matches("bron:Telegraaf").empty());
}

TEST_CASE("operators are no query words to mark in snippets") {
    Index ix;
    const knipsel::BuiltQuery q =
        knipsel::build_query("sanctions AND Korea OR Iran NEAR/3 olie", ix.db, ix.schema, dutch());
    CHECK(q.words.count("sanctions"));
    CHECK(q.words.count("olie"));
    CHECK_FALSE(q.words.count("and"));
    CHECK_FALSE(q.words.count("or"));
    CHECK_FALSE(q.words.count("near"));
    CHECK_FALSE(q.words.count("3"));
}

TEST_CASE("a stopword the search leaves out is no word to mark in snippets, one it searches is") {
    // Every "de" and "van" of a snippet had been marked for "sancties van de VN".
    Index ix;
    ix.add("vn", "De sancties van de VN blijven.");
    const knipsel::BuiltQuery plain = knipsel::build_query("sancties van de VN", ix.db, ix.schema, dutch());
    CHECK(plain.loose_words.count("sancties"));
    CHECK_FALSE(plain.loose_words.count("van"));
    CHECK_FALSE(plain.loose_words.count("de"));
    // A query of stopwords only searches them.
    const knipsel::BuiltQuery only = knipsel::build_query("de", ix.db, ix.schema, dutch());
    CHECK(only.loose_words.count("de"));
    // A phrase searches its stopwords, marked as the phrase's.
    const knipsel::BuiltQuery phrase = knipsel::build_query("\"sancties van de VN\"", ix.db, ix.schema, dutch());
    CHECK(phrase.phrases.count({"sancties", "van", "de", "vn"}));
}

TEST_CASE("a word before a colon that names no field is a word to mark in snippets, as pasted") {
    Index ix;
    ix.add("citaat", "Trump: nee, geen nieuwe top.");
    for (const char* query : {"Trump: nee", "Trump:", "Trump: \xE2\x80\x98nee\xE2\x80\x99"}) {
        INFO(query);
        const knipsel::BuiltQuery q = knipsel::build_query(query, ix.db, ix.schema, dutch());
        CHECK(q.words.count("trump"));
        CHECK(q.loose_words.count("trump"));
    }
    const knipsel::BuiltQuery field = knipsel::build_query("titel:Trump nee", ix.db, ix.schema, dutch());
    CHECK_FALSE(field.words.count("titel"));
    CHECK(field.words.count("trump"));
}

TEST_CASE("numbers with a decimal comma or thousands point, and words joined by & or _, are found as indexed") {
    // Xapian's parser keeps "6,3" as one term; the index holds "6" and "3".
    Index ix;
    ix.add("beving", "Een schok met een kracht van 6,3 bij de testlocatie.");
    ix.add("steun", "Er gaat 2.000 ton voedsel en 7,5 miljoen euro naar AT&T en kern_energie.");
    ix.add("anders", "Zes en drie: 6 of 3, 2000 ton.");
    for (const char* query : {"6,3", "kracht 6,3"}) {
        INFO(query);
        const auto found = ix.every_word(query);
        CHECK(has(found, "beving"));
        CHECK_FALSE(has(found, "anders"));  // the two numbers apart are not "6,3"
    }
    CHECK(has(ix.matches("\"kracht van 6,3\""), "beving"));
    for (const char* query : {"2.000 ton", "7,5 miljoen", "kern_energie"}) {
        INFO(query);
        CHECK(has(ix.every_word(query), "steun"));
    }
    CHECK(has(ix.every_word("AT&T"), "steun"));  // two English stopwords, kept as the phrase they are
    // A field's value is left as it is.
    const knipsel::BuiltQuery source = knipsel::build_query("source:nrc.nl 6,3", ix.db, ix.schema, dutch());
    CHECK(source.query.get_description().find("nrc.nl") != std::string::npos);
    // The words are named as typed (matched words, --explain): "6,3", not "6/3".
    const knipsel::BuiltQuery typed = knipsel::build_query("2.000 ton 6,3", ix.db, ix.schema, dutch());
    REQUIRE(typed.query_words.size() == 3);
    CHECK(typed.query_words[0].text == "2.000");
    CHECK(typed.query_words[2].text == "6,3");
}

TEST_CASE("an abbreviation with points finds the abbreviation written without, and the other way round") {
    // Older articles write "V.S.", "V.N."; today's "VS", "VN".
    Index ix;
    ix.add("oud", "De V.S. eisen nieuwe sancties.");
    ix.add("nieuw", "De VS eisen nieuwe sancties.");
    ix.add("naam", "Brief van V. Smit over sancties.");
    for (const char* query : {"VS sancties", "V.S. sancties", "Verenigde Staten sancties"}) {
        INFO(query);
        const auto found = ix.every_word(query);
        CHECK(has(found, "oud"));
        CHECK(has(found, "nieuw"));
        CHECK_FALSE(has(found, "naam"));
    }
    // In a phrase the letters are the words, as the article has them.
    const auto phrase = ix.matches("\"de V.S. eisen\"");
    CHECK(has(phrase, "oud"));
    CHECK_FALSE(has(phrase, "nieuw"));
    // "U.S." joined would be the English word "us", and no group has it:
    // its letters as a phrase, which the pronoun is not.
    ix.add("wire", "The U.S. wants new sanctions.", "en");
    ix.add("ons", "Let us talk about sanctions.", "en");
    const auto found = ix.every_word("U.S. sanctions");  // a plain query still: every word first, then some
    CHECK(has(found, "wire"));
    CHECK_FALSE(has(found, "ons"));
    const knipsel::BuiltQuery us = knipsel::build_query("U.S. sanctions", ix.db, ix.schema, dutch());
    REQUIRE(us.query_words.size() == 2);
    CHECK(us.query_words[0].text == "u.s.");
}

TEST_CASE("a stopword typed with its accents finds it so written, not every article with the stopword") {
    Index ix;
    ix.add("getal", "Het gaat om één van de zwaarste kernproeven.");
    ix.add("lidwoord", "Het gaat om een van de zwaarste kernproeven.");
    ix.add("zinsbegin", "Eén van de zwaarste kernproeven.");  // a capital without its accent
    for (const char* query : {"één", "Één", "Eén", "één kernproeven"}) {
        INFO(query);
        const auto found = ix.every_word(query);  // a word of a plain query, not a phrase
        CHECK(has(found, "getal"));
        CHECK(has(found, "zinsbegin"));
        CHECK_FALSE(has(found, "lidwoord"));
    }
    const auto phrase = ix.matches("\"om één van\"");
    CHECK(has(phrase, "getal"));
    CHECK_FALSE(has(phrase, "lidwoord"));
    // --explain says so.
    const auto explained = knipsel::explain_terms("één kernproeven", dutch());
    REQUIRE(explained.size() == 2);
    CHECK(explained[0] == "één -> één (with its accents: not the stopword een)");
    // Without accents it is the stopword, found in both.
    const knipsel::BuiltQuery plain = knipsel::build_query("een", ix.db, ix.schema, dutch());
    CHECK(has(ix.found(plain.query), "lidwoord"));
    CHECK(has(ix.found(plain.query), "getal"));
}

TEST_CASE("Dutch quotes make a phrase, as straight and English ones do, single ones too") {
    // „…” is how Dutch writes quotes; Xapian's parser alone read the words
    // loose. Dutch papers also quote with ‘…’ (and ‚…’) in headlines; ’ is
    // also the apostrophe of auto’s and ’s-Gravenhage, and a word processor
    // writes ‘s-Gravenhage for the latter.
    Index ix;
    ix.add("citaat", "Trump zei dat je altijd bereid moet zijn om weg te lopen met de auto's.");
    ix.add("los", "Te voet lopen ze weg uit de stad; de auto's bleven staan.");
    for (const char* query : {"\xE2\x80\x9Eweg te lopen\xE2\x80\x9D", "\xE2\x80\x9Cweg te lopen\xE2\x80\x9D",
                              "\"weg te lopen\"", "Trump \xE2\x80\x9Eweg te lopen\xE2\x80\x9D",
                              "\xE2\x80\x98weg te lopen\xE2\x80\x99", "\xE2\x80\x9Aweg te lopen\xE2\x80\x99",
                              "Trump \xE2\x80\x98weg te lopen\xE2\x80\x99",
                              "\xE2\x80\x98weg te lopen\xE2\x80\x99, auto\xE2\x80\x99s",
                              // guillemets, as Belgian and French sources quote
                              "\xC2\xABweg te lopen\xC2\xBB", "\xC2\xAB weg te lopen \xC2\xBB",
                              "\xC2\xBBweg te lopen\xC2\xAB", "\xE2\x80\xB9weg te lopen\xE2\x80\xBA"}) {
        INFO(query);
        const knipsel::BuiltQuery q = knipsel::build_query(query, ix.db, ix.schema, dutch());
        CHECK(q.folded.find("\"weg te lopen\"") != std::string::npos);
        const auto found = ix.found(q.query);
        CHECK(has(found, "citaat"));
        CHECK_FALSE(has(found, "los"));
    }
    // A lone guillemet is a breadcrumb's separator, not a quote.
    CHECK(knipsel::build_query("Nieuws \xC2\xBB lopen", ix.db, ix.schema, dutch()).folded.find('"') ==
          std::string::npos);
    // A dash between words leaves a query plain (every word first, then some).
    CHECK(knipsel::build_query("Korea \xE2\x80\x93 sancties", ix.db, ix.schema, dutch()).plain);
    // An apostrophe inside a single quote is none of its ends.
    CHECK(knipsel::build_query("\xE2\x80\x98" "de auto\xE2\x80\x99s bleven\xE2\x80\x99", ix.db, ix.schema, dutch()).folded ==
          "\"de auto's bleven\"");
    // No closing quote: words, not a phrase.
    for (const char* query : {"auto\xE2\x80\x99s lopen", "\xE2\x80\x98s-Gravenhage lopen", "\xE2\x80\x99s-Gravenhage lopen"}) {
        INFO(query);
        const knipsel::BuiltQuery q = knipsel::build_query(query, ix.db, ix.schema, dutch());
        CHECK(q.folded.find('"') == std::string::npos);
        CHECK(q.plain);
    }
}

TEST_CASE("bold only on a terminal that takes it", "[printers]") {
    using knipsel::bold_wanted;
    CHECK(bold_wanted(true, nullptr, "xterm-256color"));
    CHECK_FALSE(bold_wanted(false, nullptr, "xterm"));
    CHECK_FALSE(bold_wanted(true, "1", "xterm"));
    CHECK(bold_wanted(true, "", "xterm"));  // NO_COLOR= (empty) is not set, by no-color.org
    CHECK_FALSE(bold_wanted(true, nullptr, "dumb"));
    CHECK(bold_wanted(true, nullptr, nullptr));
}

TEST_CASE("--explain names a field's value, not its name, as a word") {
    const knipsel::Schema schema = knipsel::load_schema_file(KNIPSEL_SCHEMA_FILE);
    const auto dated = knipsel::explain_terms("datum:2019 titel:Hanoi", dutch(), &schema);
    REQUIRE(dated.size() == 2);
    CHECK(dated[0] == "datum:2019 -> articles dated 2019-01-01 to 2019-12-31 (a filter)");
    CHECK(dated[1] == "Hanoi -> hanoi (in the title), stem hanoi");
    const auto ranged = knipsel::explain_terms("datum:mei-2018..juni-2019 bron:Noordzee sancties", dutch(), &schema);
    REQUIRE(ranged.size() == 3);
    CHECK(ranged[0] == "datum:mei-2018..juni-2019 -> articles dated 2018-05-01 to 2019-06-30 (a filter)");
    CHECK(ranged[1] == "bron:Noordzee -> articles whose source is Noordzee (a filter)");
    CHECK(ranged[2] == "sancties -> sancties, stem sanctie");
    CHECK(knipsel::explain_terms("datum:..2018", dutch(), &schema).at(0) ==
          "datum:..2018 -> articles dated up to 2018-12-31 (a filter)");
    // A phrase in a title field; a colon in a phrase is no field.
    const auto phrase = knipsel::explain_terms("titel:\"Kim Jong-un\" \"tijd: nu\"", dutch(), &schema);
    REQUIRE(phrase.size() >= 5);
    CHECK(phrase[0] == "Kim -> kim (in the title), stem kim");
    CHECK(phrase.back().rfind("nu -> nu", 0) == 0);
    CHECK(phrase[phrase.size() - 2].rfind("tijd -> tijd,", 0) == 0);
    // Without the schema, as before: every word.
    CHECK(knipsel::explain_terms("titel:Hanoi", dutch()).size() == 2);
}

TEST_CASE("--explain says what the notation of the Xapian query means") {
    const std::string notation =
        knipsel::explain_notation("Query(((ZShanoi OR 0.5 * Shanoi) FILTER VALUE_RANGE 0 20190101 20191231))");
    CHECK(notation.find("ZSword: in the title, in any form") != std::string::npos);
    CHECK(notation.find("Sword: in the title, as written") != std::string::npos);
    CHECK(notation.find("VALUE_RANGE 0 A B") != std::string::npos);
    CHECK(notation.find("Zword:") == std::string::npos);  // no plain stem here
    CHECK(notation.find("SYNONYM") == std::string::npos);
    CHECK(knipsel::explain_notation("Query((Zsanctie SYNONYM (Zsancti FILTER Len)))") ==
          "Zword: the word in any form (its stem); FILTER Len: in English articles only; SYNONYM: counted as one word");
    CHECK(knipsel::explain_notation("Query(iran)").empty());
}

TEST_CASE("a schema changed between queries is read anew: its stopwords, fields and synonyms") {
    // What build_query takes from the schema is kept from one query to the
    // next (query_setup): a changed schema must not get the old one's.
    Index ix;
    ix.add("vs", "De VS kondigen nieuwe sancties aan tegen Iran.");
    ix.add("iran", "Nieuws uit Teheran.");  // "iran" in its title
    const auto described = [&](const std::string& query) {
        return knipsel::build_query(query, ix.db, ix.schema, dutch()).query.get_description();
    };
    // (Xapian's parser leaves a stopword out beside the implicit AND.)
    CHECK(described("iran xyzzy -vs").find("xyzz") != std::string::npos);
    ix.schema.analysis.stopwords.push_back("xyzzy");
    CHECK(described("iran xyzzy -vs").find("xyzz") == std::string::npos);
    ix.schema.analysis.stopwords.pop_back();
    CHECK(described("iran xyzzy -vs").find("xyzz") != std::string::npos);

    CHECK_FALSE(knipsel::build_query("VS sancties", ix.db, ix.schema, dutch()).synonyms_used.empty());
    const auto synonyms = ix.schema.synonyms;
    ix.schema.synonyms.clear();
    CHECK(knipsel::build_query("VS sancties", ix.db, ix.schema, dutch()).synonyms_used.empty());
    ix.schema.synonyms = synonyms;
    CHECK_FALSE(knipsel::build_query("VS sancties", ix.db, ix.schema, dutch()).synonyms_used.empty());

    CHECK(described("kopregel:iran").find("ZSiran") == std::string::npos);
    for (auto& f : ix.schema.fields)
        if (f.name == "title") f.aliases.push_back("kopregel");
    CHECK(described("kopregel:iran").find("ZSiran") != std::string::npos);
}

TEST_CASE("a field of the shipped schema that the index's schema lacks is an error, not words") {
    Index ix;
    ix.add("a", "Sancties in 2019.");
    std::erase_if(ix.schema.fields, [](const knipsel::FieldSpec& f) { return f.name == "date"; });
    // A range of dates typed without its field is one of date: too, not dropped.
    for (const char* query : {"datum:2019 sancties", "date:2019..2020", "Datum:mei-2019", "-datum:2019 sancties",
                              "2017..2019 sancties", "sancties ..2019", "(2018-05..2019) sancties"}) {
        INFO(query);
        try {
            knipsel::build_query(query, ix.db, ix.schema, dutch());
            FAIL("no error");
        } catch (const knipsel::Error& e) {
            CHECK(e.code() == knipsel::Exit::usage);
            CHECK_THAT(e.what(), Catch::Contains("this index's schema has no field 'date' to search by name"));
        }
    }
    // other words with a colon stay words
    CHECK_NOTHROW(knipsel::build_query("sancties 10:30 auteur:jan", ix.db, ix.schema, dutch()));
    CHECK_NOTHROW(knipsel::build_query("Korea... sancties", ix.db, ix.schema, dutch()));
}

TEST_CASE("a word in another form brings the first synonym group with a member of that stem") {
    Index ix;
    ix.add("sancties", "Nieuwe sancties tegen Iran.");
    ix.schema.synonyms = {{"strafmaatregel", "sanctie"}, {"boete", "sanctie"}};
    const auto group = [&](const std::string& query) {
        const knipsel::BuiltQuery q = knipsel::build_query(query, ix.db, ix.schema, dutch());
        return q.synonyms_used.size() == 1 ? q.synonyms_used[0] : std::string("(none)");
    };
    CHECK(group("sancties") == "strafmaatregel = sanctie");
    CHECK(group("sancties AND iran") == "strafmaatregel = sanctie");
    std::swap(ix.schema.synonyms[0], ix.schema.synonyms[1]);
    CHECK(group("sancties") == "boete = sanctie");
    CHECK(group("sancties AND iran") == "boete = sanctie");
}

TEST_CASE("a percentage beside other words is one word of a plain query: every word first, then some") {
    // It was the query's one phrase, so the query a strict AND: "stikstof
    // 7,5%" found nothing where no article had both.
    Index ix;
    ix.add("beide", "De uitstoot van stikstof daalde met 7,5 procent.");
    ix.add("stikstof", "De stikstof op de Veluwe moet omlaag.");
    ix.add("teken", "De rente op de lening is 7,5%.");
    ix.add("los", "In 7 dagen steeg de huur 5 procent.");  // the amount's words apart: no match
    for (const char* query : {"stikstof 7,5%", "7,5% stikstof", "stikstof 7,5 %", "stikstof 7,5% taal:nl"}) {
        INFO(query);
        const knipsel::BuiltQuery q = knipsel::build_query(query, ix.db, ix.schema, dutch());
        REQUIRE(q.plain);
        CHECK_FALSE(q.operators);
        REQUIRE(q.query_words.size() == 2);
        REQUIRE(q.at_least.size() == 2);
        const auto every = ix.found(q.at_least.back());
        CHECK(every.size() == 1);
        CHECK(has(every, "beide"));
        const auto some = ix.found(q.at_least.front());
        CHECK(some.size() == 3);
        CHECK(has(some, "stikstof"));
        CHECK(has(some, "teken"));
        CHECK_FALSE(has(some, "los"));
    }
    // Named as typed (matched words), by its Dutch and its English word.
    const knipsel::BuiltQuery typed = knipsel::build_query("stikstof 7,5%", ix.db, ix.schema, dutch());
    REQUIRE(typed.query_words.size() == 2);
    CHECK(typed.query_words[1].text == "7,5%");
    CHECK(typed.query_words[1].alternatives.size() == 2);
    // Alone it is a plain word too, and finds the amount however written.
    const auto alone = ix.every_word("7,5%");
    CHECK(alone.size() == 2);
    CHECK(has(alone, "beide"));
    CHECK(has(alone, "teken"));
    // In quotes, beside an operator, or with + or -, it is as typed.
    CHECK_FALSE(knipsel::build_query("stikstof \"7,5%\"", ix.db, ix.schema, dutch()).plain);
    const knipsel::BuiltQuery either = knipsel::build_query("stikstof OR 7,5%", ix.db, ix.schema, dutch());
    CHECK_FALSE(either.plain);
    CHECK(either.operators);
    CHECK(ix.found(either.query).size() == 3);
    CHECK_FALSE(knipsel::build_query("stikstof +7,5%", ix.db, ix.schema, dutch()).plain);
}
