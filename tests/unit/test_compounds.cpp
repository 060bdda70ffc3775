// What each Dutch compound splits into, and which words stay whole: one row a
// case, news vocabulary first, with the precision and recall of the tables.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "compounds.h"
#include "error.h"

using knipsel::CompoundSplitter;

namespace {

const CompoundSplitter& splitter() {
    static const CompoundSplitter s(KNIPSEL_COMPOUND_LEXICON_FILE, KNIPSEL_COMPOUND_EXCEPTIONS);
    return s;
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "|") + p;
    return out;
}

struct Row {
    const char* word;
    const char* parts;  // expected split() joined by '|'; "" = stays whole
};

// Real compounds from Dutch news about the Korean talks, with their parts.
const Row compounds[] = {
    {"vredesverklaring", "vrede|verklaring"},  // linker -s-
    {"slotverklaring", "slot|verklaring"},
    {"sanctieverlichting", "sanctie|verlichting"},
    {"handelsoorlog", "handel|oorlog"},
    {"handelsakkoord", "handel|akkoord"},
    {"kernwapenprogramma", "kernwapen|programma"},  // coarsest split; split_deep goes on
    {"raketlanceerinstallatie", "raket|lanceer|installatie"},
    {"importheffingen", "import|heffingen"},  // an inflected last part
    {"voedseltekort", "voedsel|tekort"},
    {"topontmoeting", "top|ontmoeting"},  // "+top" in the exception file
    {"persconferentie", "pers|conferentie"},  // not per|s|conferentie
    {"ontwerpverklaring", "ontwerp|verklaring"},
    {"veiligheidsraad", "veiligheid|raad"},
    {"mensenrechten", "mens|rechten"},  // linker -en-
    {"verbindingsbureau", "verbinding|bureau"},
    {"grensovergang", "grens|overgang"},
    {"wapenstilstand", "wapen|stilstand"},
    {"vredesakkoord", "vrede|akkoord"},
    {"regeringsleider", "regering|leider"},
    {"staatshoofd", "staat|hoofd"},
    {"buitenlandminister", "buitenland|minister"},
    {"kernproef", "kern|proef"},
    {"raketproeven", "raket|proeven"},
    {"sanctiepakket", "sanctie|pakket"},
    {"vredesverdrag", "vrede|verdrag"},
    {"handelspartner", "handel|partner"},
    {"exportverbod", "export|verbod"},
    {"satellietbeelden", "satelliet|beelden"},
    {"uraniumverrijking", "uranium|verrijking"},
    {"kernreactor", "kern|reactor"},
    {"oorlogstoestand", "oorlog|toestand"},
    {"hoofdstad", "hoofd|stad"},
    {"grensgebied", "grens|gebied"},
    {"nieuwjaarstoespraak", "nieuwjaar|toespraak"},
    {"spoedvergadering", "spoed|vergadering"},
    {"reisverbod", "reis|verbod"},
    {"vredesproces", "vrede|proces"},
    {"onderhandelingstafel", "onderhandeling|tafel"},
    {"uitzonderingsprocedure", "uitzondering|procedure"},
    {"zonnebril", "zonne|bril"},  // zonne- is hunspell-nl's compound form of zon
    {"legerleiding", "leger|leiding"},
    {"atoomakkoord", "atoom|akkoord"},
    {"olieleveranties", "olie|leveranties"},
    {"kernwapens", "kern|wapens"},
    {"raketlancering", "raket|lancering"},
    {"vredesmissies", "vrede|missies"},
    {"staatstelevisie", "staat|televisie"},
    {"investeringsbank", "investering|bank"},
    {"grenscontroles", "grens|controles"},
    {"oppositieleider", "oppositie|leider"},
    {"verkiezingscampagne", "verkiezing|campagne"},
    {"regeringswoordvoerder", "regering|woord|voerder"},
    {"trouwring", "trouw|ring"},                             // a ring: no verb "trouweren"
    {"fietsdiefstal", "fiets|diefstal"},                     // its parts whole ("-diefstal")
    {"vliegtuigonderdelen", "vliegtuig|onderdelen"},
    // parts of three letters the exception file admits (+wet, +gas, +lid, +bom)
    {"klimaatwet", "klimaat|wet"},
    {"gasprijs", "gas|prijs"},
    {"kamerlid", "kamer|lid"},
    {"lidstaten", "lid|staten"},
    {"bomaanslag", "bom|aanslag"},
    {"waterstofbom", "waterstof|bom"},
};

// Compounds knipsel does not split yet, pinned so a change is noticed; they
// count as misses in the recall below.
const Row known_misses[] = {
    {"denucleariseringsproces", "denuclearisering|proces"},  // denuclearisering: not in hunspell-nl
    {"middaguur", "middag|uur"},                             // uur: 3 letters
    {"vicepresident", "vice|president"},                     // hunspell-nl: vice- begins no compound
};

// Words that must stay whole: simple words, derivations whose suffix looks
// like a word, verbs with a particle, and names.
const char* const whole_words[] = {
    "bestuur", "verklaring", "president", "ministers", "onderhandelingen", "yongbyon", "pyongyang",
    "panmunjom", "singapore", "denuclearisatie", "washington", "overeenkomst", "voorzitter",
    "mogelijkheden", "vriendschap", "wetenschap", "onderzoek", "belangrijkste", "regelmatige",
    "fotografen", "transactie", "verpleegkundigen", "waarschuwen", "onderhandelaars", "levering",
    "lancering", "duitsland", "nederland", "frankrijk", "stockholm", "rotterdam", "amerikanen",
    "ontmantelen", "versoepelen", "opvallende", "resterende", "betekent", "presenteerde",
    "persoonlijk", "tijdelijk", "moeilijk", "uiteindelijk", "gemeenschap", "bijeenkomst",
    "terugtrekking", "europees", "maximale", "metropole", "schiereiland", "vijandelijkheden",
    "omstandigheden", "teleurgesteld", "waarschijnlijk", "verantwoordelijk", "duidelijk",
    "ambassadeur", "diplomatiek", "resolutie", "economische", "internationaal", "bevolking",
    // parts that are other words (an audit of 6,300 frequent words): an
    // -ering noun of a verb, a tail that is no word of its own, exceptions
    "waardering", "verwarring", "reserveringen", "formulering", "vliegtuig", "voertuig", "platform",
    "handhaven", "chocolade", "diefstal", "combinatie", "ogenblik", "huisvesting", "programmeren",
    // not weer in the fire brigade, nor a battle in the rain (a tester's finds)
    "brandweer", "neerslag",
    // an alderman is no law, an article of grammar no member (+wet, +lid)
    "wethouder", "wethouders", "lidwoord",
};

}  // namespace

TEST_CASE("news compounds split into their parts, without linkers") {
    for (const Row& r : compounds) {
        INFO(r.word);
        CHECK(joined(splitter().split(r.word)) == r.parts);
    }
}

TEST_CASE("known misses stay whole") {
    for (const Row& r : known_misses) {
        INFO(r.word);
        CHECK(splitter().split(r.word).empty());
    }
}

TEST_CASE("simple words, derivations and names stay whole") {
    for (const char* w : whole_words) {
        INFO(w);
        CHECK(joined(splitter().split(w)).empty());
    }
}

TEST_CASE("precision and recall on the tables") {
    int right = 0, wrong = 0, missed = 0;
    auto score = [&](const char* word, const std::string& gold) {
        std::string got = joined(splitter().split(word));
        if (got.empty())
            missed += !gold.empty();
        else if (got == gold)
            ++right;
        else
            ++wrong;  // a wrong split, or a split of a word that must stay whole
    };
    for (const Row& r : compounds) score(r.word, r.parts);
    for (const Row& r : known_misses) score(r.word, r.parts);
    for (const char* w : whole_words) score(w, "");
    const double precision = right + wrong ? double(right) / (right + wrong) : 1.0;
    const double recall = double(right) / (right + missed);
    char line[160];
    std::snprintf(line, sizeof line, "compound splitting: precision %.3f (%d right, %d wrong), recall %.3f (%d missed)",
                  precision, right, wrong, recall, missed);
    WARN(line);
    CHECK(precision == 1.0);
    CHECK(recall >= 0.9);
}

TEST_CASE("split_deep splits the parts that are compounds themselves") {
    CHECK(joined(splitter().split_deep("kernwapenprogramma")) == "kern|wapen|programma");
    CHECK(joined(splitter().split_deep("vredesverklaring")) == "vrede|verklaring");
    CHECK(splitter().split_deep("bestuur").empty());
}

TEST_CASE("only plain folded words of 8 letters or more are split") {
    CHECK(splitter().split("kernwap").empty());       // 7 letters
    CHECK(splitter().split("Handelsoorlog").empty());  // not folded
    CHECK(splitter().split("vredes-verklaring").empty());
    CHECK(splitter().split("handels0orlog").empty());
    CHECK(splitter().split("").empty());
    CHECK(splitter().split(std::string(100, 'a')).empty());
}

TEST_CASE("splits cut only at hyphenation points") {
    CHECK(splitter().hyphenation_points("handelsoorlog") == std::vector<std::size_t>{3, 7, 10});
    CHECK(splitter().hyphenation_points("Yongbyon").empty());  // not folded
    CHECK(splitter().known("verklaring"));
    CHECK(splitter().known("vredes", knipsel::lexicon_linked));
    CHECK_FALSE(splitter().known("vredes", knipsel::lexicon_last));
    CHECK_FALSE(splitter().known("rijk"));  // "!rijk"
    CHECK(splitter().lexicon_size() > 50000);
    CHECK(splitter().identity().rfind("knipsel-compounds/6 lexicon=", 0) == 0);
    // Words under four letters are only words, never parts: a noun with an
    // 's plural (cd's, ngo's) and any other (pas, gas), but not a plural
    // typed without its apostrophe (cds).
    CHECK(splitter().known("cd", knipsel::lexicon_short_s_plural));
    CHECK(splitter().known("ngo", knipsel::lexicon_short_s_plural));
    CHECK(splitter().known("pas", knipsel::lexicon_short_word));
    CHECK_FALSE(splitter().known("pas", knipsel::lexicon_short_s_plural));
    CHECK_FALSE(splitter().known("cds", knipsel::lexicon_short_word));
    CHECK_FALSE(splitter().known("cd"));
    CHECK_FALSE(splitter().known("pas", knipsel::lexicon_noun | knipsel::lexicon_head));
}

TEST_CASE("the lexicon holds the irregular forms apertium-afr-nld lists, with their lemmas") {
    // The build stores them (core/irregular_forms.sh): an empty list is a build that lost them.
    CHECK(splitter().irregular_size() > 500);
    CHECK(splitter().irregular_lemma("liep") == "lopen");
    CHECK(splitter().irregular_lemma("hielden") == "houden");
    CHECK(splitter().irregular_lemma("kinderen") == "kind");
    CHECK(splitter().irregular_lemma("lopen").empty());
    CHECK(splitter().irregular_lemma("verklaring").empty());
    CHECK(splitter().irregular_lemma("").empty());
}

TEST_CASE("split is safe to call from several threads") {
    std::vector<std::string> expected;
    for (const Row& r : compounds) expected.push_back(r.parts);
    std::vector<int> failures(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int round = 0; round < 50; ++round)
                for (std::size_t i = 0; i < expected.size(); ++i)
                    failures[t] += joined(splitter().split(compounds[i].word)) != expected[i];
        });
    for (auto& th : threads) th.join();
    CHECK(failures == std::vector<int>(4, 0));
}

namespace {

struct TempFile {
    std::filesystem::path path;
    explicit TempFile(const std::string& text) {
        path = std::filesystem::temp_directory_path() /
               ("knipsel-compounds-" + std::to_string(std::hash<std::string>{}(text)) + ".txt");
        std::ofstream(path) << text;
    }
    ~TempFile() { std::filesystem::remove(path); }
};

}  // namespace

TEST_CASE("the exception file forces and forbids splits") {
    TempFile ex("# test\n-handelsoorlog\nvredesverklaring = vredes|verklaring  # forced\n");
    CompoundSplitter s(KNIPSEL_COMPOUND_LEXICON_FILE, ex.path.string());
    CHECK(s.split("handelsoorlog").empty());
    CHECK(joined(s.split("vredesverklaring")) == "vredes|verklaring");
    CHECK(joined(s.split("slotverklaring")) == "slot|verklaring");
    CHECK(s.identity() != splitter().identity());
}

TEST_CASE("the threads of a process share one splitter while they hold it") {
    const knipsel::CompoundFiles files{KNIPSEL_COMPOUND_LEXICON_FILE, KNIPSEL_COMPOUND_EXCEPTIONS};
    std::vector<std::shared_ptr<const CompoundSplitter>> got(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < got.size(); ++t)
        threads.emplace_back([&, t] { got[t] = CompoundSplitter::shared(files); });
    for (auto& th : threads) th.join();
    for (const auto& s : got) CHECK(s == got[0]);
    CHECK(joined(got[0]->split("vredesverklaring")) == "vrede|verklaring");

    // Once no one holds it, the next one reads the files again.
    TempFile ex("-vredesverklaring\n");
    const knipsel::CompoundFiles other{KNIPSEL_COMPOUND_LEXICON_FILE, ex.path.string()};
    CHECK(CompoundSplitter::shared(other)->split("vredesverklaring").empty());
    std::ofstream(ex.path) << "vredesverklaring = vredes|verklaring\n";
    CHECK(joined(CompoundSplitter::shared(other)->split("vredesverklaring")) == "vredes|verklaring");
}

TEST_CASE("a bad exception file or lexicon is a clear error") {
    auto code_of = [](auto&& make) {
        try {
            make();
        } catch (const knipsel::Error& e) {
            return e.code();
        }
        return knipsel::Exit::ok;
    };
    TempFile bad_line("handelsoorlog\n");
    CHECK(code_of([&] { CompoundSplitter(KNIPSEL_COMPOUND_LEXICON_FILE, bad_line.path.string()); }) ==
          knipsel::Exit::config);
    TempFile not_folded("-Yongbyon\n");
    CHECK(code_of([&] { CompoundSplitter(KNIPSEL_COMPOUND_LEXICON_FILE, not_folded.path.string()); }) ==
          knipsel::Exit::config);
    TempFile long_short("+handel\n");
    CHECK(code_of([&] { CompoundSplitter(KNIPSEL_COMPOUND_LEXICON_FILE, long_short.path.string()); }) ==
          knipsel::Exit::config);
    CHECK(code_of([] { CompoundSplitter("/nonexistent/nl-compounds.lex", KNIPSEL_COMPOUND_EXCEPTIONS); }) ==
          knipsel::Exit::no_input);
    TempFile garbage(std::string(70000, 'x'));
    CHECK(code_of([&] { CompoundSplitter(garbage.path.string(), KNIPSEL_COMPOUND_EXCEPTIONS); }) ==
          knipsel::Exit::config);

    // A lexicon cut short is refused, not read past its end.
    std::ifstream in(KNIPSEL_COMPOUND_LEXICON_FILE, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    TempFile truncated(bytes.substr(0, bytes.size() - 100));
    CHECK(code_of([&] { CompoundSplitter(truncated.path.string(), KNIPSEL_COMPOUND_EXCEPTIONS); }) ==
          knipsel::Exit::config);
}

TEST_CASE("the default files are the build's lexicon and the schema folder's exceptions") {
    knipsel::CompoundFiles f = knipsel::default_compound_files();
    CHECK(f.exceptions.ends_with("schemas/compound-exceptions.txt"));
    if (!std::getenv("KNIPSEL_COMPOUND_LEXICON")) CHECK(f.lexicon == KNIPSEL_COMPOUND_LEXICON_FILE);
}

namespace {

// A copy of the shipped lexicon in the temporary folder, `damage` done to
// its bytes; removed when the returned guard goes.
struct DamagedLexicon {
    std::filesystem::path path;
    ~DamagedLexicon() { std::filesystem::remove(path); }
};
template <class Damage>
DamagedLexicon damaged_lexicon(const char* name, Damage damage) {
    std::string bytes;
    {
        std::ifstream in(KNIPSEL_COMPOUND_LEXICON_FILE, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    damage(bytes);
    const std::filesystem::path path = std::filesystem::temp_directory_path() / name;
    {
        std::ofstream out(path, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    return DamagedLexicon{path};  // made in place: no copy removes the file early
}

}  // namespace

TEST_CASE("a damaged lexicon knows no word, and reads nothing outside its file") {
    // Its bucket table and irregular records are checked where they are
    // read, not all at start-up: each bucket past the entries, each lemma
    // past the text, is no word (under ASan, a read outside is a failure).
    const DamagedLexicon copy = damaged_lexicon("knipsel-damaged.lex", [](std::string& bytes) {
        REQUIRE(bytes.size() > 72 + 65540);
        std::uint64_t irregular_offset = 0, irregular_count = 0;
        std::memcpy(&irregular_offset, bytes.data() + 56, 8);
        std::memcpy(&irregular_count, bytes.data() + 64, 8);
        REQUIRE(irregular_offset + irregular_count * 16 <= bytes.size());
        for (std::size_t b = 0; b < 16384; ++b) std::memset(bytes.data() + 72 + 4 * b, 0xFF, 4);  // not the last
        for (std::size_t i = 0; i < irregular_count; ++i)  // each lemma's offset
            std::memset(bytes.data() + irregular_offset + 16 * i + 8, 0xF0, 4);
    });
    const CompoundSplitter damaged(copy.path.string(), KNIPSEL_COMPOUND_EXCEPTIONS);
    CHECK_FALSE(damaged.known("vredes", knipsel::lexicon_linked));
    CHECK(damaged.irregular_lemma("liep").empty());
    CHECK(damaged.irregular_lemma("kinderen").empty());
    CHECK(damaged.split("vredesverklaring").empty());  // no part known
}

TEST_CASE("a damaged hyphenation section is an error when a word is split, never a crash") {
    // A tester's lexicon with 380 bytes of its patterns set to 0xFF crashed
    // knipsel-index and knipsel-query in libhyphen (SIGSEGV).
    const DamagedLexicon copy = damaged_lexicon("knipsel-damaged-hyphen.lex", [](std::string& bytes) {
        std::uint64_t hyphen_offset = 0, hyphen_size = 0;
        std::memcpy(&hyphen_offset, bytes.data() + 40, 8);
        std::memcpy(&hyphen_size, bytes.data() + 48, 8);
        REQUIRE(hyphen_offset + hyphen_size == bytes.size());
        std::memset(bytes.data() + hyphen_offset + hyphen_size / 2, 0xFF, 380);
    });
    const CompoundSplitter damaged(copy.path.string(), KNIPSEL_COMPOUND_EXCEPTIONS);
    CHECK(damaged.known("vredes", knipsel::lexicon_linked));  // its entries are whole
    CHECK_THROWS_WITH(damaged.split("kernwapenonderhandelingen"), Catch::Contains("is damaged"));
}
