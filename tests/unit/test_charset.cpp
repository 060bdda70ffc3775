#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "charset.h"
#include "error.h"

using knipsel::to_utf8;

namespace {

std::string read_data(const std::string& name) {
    std::ifstream in(std::string(KNIPSEL_TEST_DATA) + "/" + name, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("windows-1252 Dutch text comes out exactly right") {
    auto text = to_utf8(read_data("cp1252.txt"));
    REQUIRE(text);
    CHECK(text->charset == "windows-1252");
    CHECK(text->text == "title Windows-tekst\n\nCoöperatie, ideeën en één café – ’t is “mooi”\n");
}

TEST_CASE("latin-1 text without 0x80-0x9F bytes is read as windows-1252") {
    auto text = to_utf8(read_data("latin1.txt"));
    REQUIRE(text);
    CHECK(text->charset == "windows-1252");
    CHECK(text->text == "Café in Ålesund: ideeën over één ½ ton, zeì hij ¿ñ?\n");
}

TEST_CASE("a UTF-16LE file with BOM is converted, line endings too") {
    auto text = to_utf8(read_data("utf16le.txt"));
    REQUIRE(text);
    CHECK(text->charset == "UTF-16LE");
    CHECK(text->text == "title Zestien\n\nÉén café, ’t is “mooi”.\nTweede regel.\n");
}

TEST_CASE("UTF-16BE and UTF-32 with BOM are converted") {
    struct Row {
        std::string bytes;
        const char* charset;
    };
    using namespace std::string_literals;
    const Row rows[] = {
        {"\xFE\xFF\x00\xE9\x00n"s, "UTF-16BE"},
        {"\xFF\xFE\x00\x00\xE9\x00\x00\x00n\x00\x00\x00"s, "UTF-32LE"},
        {"\x00\x00\xFE\xFF\x00\x00\x00\xE9\x00\x00\x00n"s, "UTF-32BE"},
    };
    for (const auto& r : rows) {
        INFO(r.charset);
        auto text = to_utf8(r.bytes);
        REQUIRE(text);
        CHECK(text->charset == r.charset);
        CHECK(text->text == "én");
    }
}

namespace {

// `utf8` (ASCII and Latin-1 only) as UTF-16 without a byte order mark.
std::string utf16(std::string_view utf8, bool little_endian) {
    std::string out;
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        auto c = static_cast<unsigned char>(utf8[i]);
        if (c >= 0xC0) c = static_cast<unsigned char>(((c & 0x1F) << 6) | (utf8[++i] & 0x3F));
        out += little_endian ? std::string{static_cast<char>(c), '\0'} : std::string{'\0', static_cast<char>(c)};
    }
    return out;
}

}  // namespace

TEST_CASE("UTF-16 without a byte order mark is converted, not skipped as binary") {
    // printf 'title: X\n\nDit is tekst.\n' | iconv -t utf-16le
    for (bool le : {true, false}) {
        INFO(le);
        auto text = to_utf8(utf16("title: X\n\nDit is tekst.\n", le));
        REQUIRE(text);
        CHECK(text->charset == (le ? "UTF-16LE" : "UTF-16BE"));
        CHECK(text->text == "title: X\n\nDit is tekst.\n");
        auto dutch = to_utf8(utf16("Co\xC3\xB6peratie, idee\xC3\xABn en \xC3\xA9\xC3\xA9n caf\xC3\xA9\r\n", le));
        REQUIRE(dutch);
        CHECK(dutch->text == "Coöperatie, ideeën en één café\n");
    }
    // A line break appended by `echo >>` is read; zeros that end it are padding.
    auto appended = to_utf8(utf16("Het kabinet is gevallen.\n", true) + "\n");
    REQUIRE(appended);
    CHECK(appended->text == "Het kabinet is gevallen.\n\n");
    auto padded = to_utf8(utf16("Het kabinet is gevallen.\n", true) + std::string(64, '\0'));
    REQUIRE(padded);
    CHECK(padded->charset == "UTF-16LE");
    CHECK(padded->text == "Het kabinet is gevallen.\n");
    CHECK(padded->zero_padding == 64);
    // A .jsonl file so is read as a whole too, not each line refused for its NULs.
    std::vector<knipsel::LineIssue> issues;
    auto lines = knipsel::to_utf8_by_line(utf16("{\"id\":\"a\",\"body\":\"Tekst.\"}\n", true), issues);
    REQUIRE(lines);
    CHECK(issues.empty());
    CHECK(lines->charset == "UTF-16LE");
    CHECK(lines->text == "{\"id\":\"a\",\"body\":\"Tekst.\"}\n");
}

TEST_CASE("binary files with many zeros are not taken for UTF-16 without a byte order mark") {
    using namespace std::string_literals;
    const std::string png = "\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0\x5C\x72\xA8\x66"
                            "\0\0\0\x04gAMA\0\0\xB1\x8F\x0B\xFC\x61\x05\0\0\0\x09pHYs\0\0\x0E\xC4\0\0"s;
    const std::string zip = "PK\x03\x04\x14\0\0\0\x08\0\x21\x4E\x6C\x4E\0\0\0\0\0\0\0\0\0\0\0\0"
                            "\x0B\0\0\0artikel.txtPK\x01\x02\x1E\x03\x14\0\0\0\x08\0"s;
    std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Length 2 0 R /Filter /FlateDecode >>\nstream\n";
    for (int i = 0; i < 64; ++i) pdf += "x\x9C\0\x03\0\0\x01"s;
    // Little-endian 16-bit numbers: a table of small integers, an audio file's samples.
    std::string numbers;
    for (int i = 0; i < 200; ++i) numbers += std::string{static_cast<char>(i), '\0'};
    for (const std::string& bytes : {png, zip, pdf, numbers}) {
        INFO(bytes.substr(0, 8));
        CHECK_FALSE(to_utf8(bytes));
    }
}

TEST_CASE("UTF-8 is kept and its BOM stripped") {
    auto with_bom = to_utf8(read_data("utf8bom.txt"));
    REQUIRE(with_bom);
    CHECK(with_bom->charset == "UTF-8");
    CHECK(with_bom->text == "title Met BOM\n\nÉén café.\n");

    auto plain = to_utf8("één “citaat” 😀");
    REQUIRE(plain);
    CHECK(plain->charset == "UTF-8");
    CHECK(plain->text == "één “citaat” 😀");

    auto empty = to_utf8("");
    REQUIRE(empty);
    CHECK(empty->text.empty());
}

TEST_CASE("invalid UTF-8 sequences are not taken for UTF-8") {
    // overlong '/', a lone continuation byte, a surrogate, a truncated sequence
    for (std::string bad : {"a\xC0\xAF", "caf\xA9 is dicht", "x\xED\xA0\x80y", "caf\xC3"}) {
        INFO(bad);
        auto text = to_utf8(bad);
        REQUIRE(text);
        CHECK(text->charset != "UTF-8");
    }
}

TEST_CASE("binary data is refused") {
    CHECK_FALSE(to_utf8(read_data("binary.bin")));

    std::string all_bytes;
    for (int b = 0; b < 256; ++b) all_bytes += static_cast<char>(b);
    CHECK_FALSE(to_utf8(all_bytes));

    // no NUL, but mostly control characters
    CHECK_FALSE(to_utf8(std::string(100, '\x01') + "tekst"));

    // a few control characters in real text are fine
    auto text = to_utf8("tekst\x0C met een form feed en \x1B escape die verder gewoon tekst is");
    CHECK(text);
}

TEST_CASE("mixed line endings become \\n") {
    auto text = to_utf8(read_data("mixed_endings.txt"));
    REQUIRE(text);
    CHECK(text->text == "title Regels\n\nEen\nTwee\nDrie\nVier\n");

    auto converted = to_utf8("caf\xE9\r\nbar\rbaz");
    REQUIRE(converted);
    CHECK(converted->text == "café\nbar\nbaz");
}

TEST_CASE("a stray NUL between CR and LF is left out and the two end one line, not two") {
    const std::string bytes("Een regel tekst die lang genoeg is\r\0\nen nog een regel\n", 54);
    auto text = to_utf8(bytes);
    REQUIRE(text);
    CHECK(text->charset == "UTF-8");
    CHECK(text->stray_nuls == 1);
    CHECK(text->text == "Een regel tekst die lang genoeg is\nen nog een regel\n");
}

TEST_CASE("a stray NUL between two words is a blank, not glue that makes them one") {
    using namespace std::string_literals;
    struct Row {
        std::string bytes, text;
    };
    const Row rows[] = {
        // The tester's article: "eenNUL" was one word.
        {"title: X\n\nTekst met een\0NUL byte erin, verder gewoon Nederlands artikel.\n"s,
         "title: X\n\nTekst met een NUL byte erin, verder gewoon Nederlands artikel.\n"},
        // A run of them is one blank, and none is added beside a blank or line break.
        {"Het kabinet\0\0is gevallen, en de Kamer debatteert er morgen over.\n"s,
         "Het kabinet is gevallen, en de Kamer debatteert er morgen over.\n"},
        {"Het kabinet is gevallen, en de Kamer debatteert morgen\0 verder.\n"s,
         "Het kabinet is gevallen, en de Kamer debatteert morgen verder.\n"},
        {"De Tweede Kamer debatteert morgen over de val.\0\nDaarna verkiezingen.\n"s,
         "De Tweede Kamer debatteert morgen over de val.\nDaarna verkiezingen.\n"},
        // Amid a UTF-8 sequence a space would cut it: the "é" stays whole.
        {"Het caf\xC3\0\xA9 op de hoek is dicht, zegt de gemeente Utrecht.\n"s,
         "Het café op de hoek is dicht, zegt de gemeente Utrecht.\n"},
    };
    for (const Row& r : rows) {
        INFO(r.bytes);
        auto text = to_utf8(r.bytes);
        REQUIRE(text);
        CHECK(text->charset == "UTF-8");
        CHECK(text->stray_nuls == static_cast<std::size_t>(std::count(r.bytes.begin(), r.bytes.end(), '\0')));
        CHECK(text->text == r.text);
    }
}

TEST_CASE("repair_utf8 replaces each byte that starts no valid sequence with U+FFFD") {
    using knipsel::repair_utf8;
    CHECK(repair_utf8("Noord-Korea \xC3\xA9\xC3\xA9n") == "Noord-Korea \xC3\xA9\xC3\xA9n");  // valid: unchanged
    CHECK(repair_utf8("presi\xAAs") == "presi\xEF\xBF\xBDs");                                 // stray continuation byte
    CHECK(repair_utf8("caf\xC3") == "caf\xEF\xBF\xBD");                                       // cut-off sequence
    CHECK(repair_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");                           // overlong '/'
    CHECK(repair_utf8("\xED\xA0\x80x") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDx");     // UTF-16 surrogate
    CHECK(repair_utf8("") == "");
}

TEST_CASE("to_utf8_taking gives what to_utf8 gives, in the bytes' own buffer when they are UTF-8") {
    std::vector<std::string> inputs = {
        "", "title Een\n\nTekst.\n", "\xEF\xBB\xBFmet BOM\r\nen CRLF\r\n", "oud\rMac\r\rregels",
        "Coöperatie, ideeën en één café\n", std::string("nul\0byte", 8), "caf\xE9 zonder UTF-8\n",
        std::string("\xFF\xFEt\0i\0t\0e\0l\0", 12)};
    for (const char* file : {"cp1252.txt", "latin1.txt", "utf16le.txt", "mixed_endings.txt", "utf8bom.txt", "binary.bin"})
        inputs.push_back(read_data(file));
    for (const std::string& bytes : inputs) {
        INFO("input: " << bytes);
        const auto viewed = to_utf8(std::string_view(bytes));
        const auto taken = knipsel::to_utf8_taking(std::string(bytes));
        REQUIRE(viewed.has_value() == taken.has_value());
        if (!viewed) continue;
        CHECK(taken->text == viewed->text);
        CHECK(taken->charset == viewed->charset);
    }
    // A big UTF-8 text is not copied: its buffer becomes the text's.
    std::string big(1 << 20, 'a');
    const char* buffer = big.data();
    const auto taken = knipsel::to_utf8_taking(std::move(big));
    REQUIRE(taken);
    CHECK(taken->text.data() == buffer);
}

TEST_CASE("UTF-8 text with a stray windows-1252 byte keeps its UTF-8 and reads only that byte as windows-1252") {
    // A CMS page in UTF-8 with a "(c) 2019" pasted from a Latin-1 source:
    // read as windows-1252 as a whole, every "é" became "Ã©".
    auto text = to_utf8("Zee\xC3\xABn en caf\xC3\xA9's, na\xC3\xAF" "ef. Copyright \xA9 2019 \x93Krant\x94");
    REQUIRE(text);
    CHECK(text->text == "Zeeën en café's, naïef. Copyright © 2019 “Krant”");
    CHECK(text->charset == "windows-1252 (3 bytes; the rest is UTF-8)");
    // Text in windows-1252 whose "É”" happens to be valid UTF-8 is still read as a whole.
    auto cp1252 = to_utf8("CAF\xC9\x94 en caf\xE9 en re\xFCnie en co\xF6rdinatie");
    REQUIRE(cp1252);
    CHECK(cp1252->text == "CAFÉ” en café en reünie en coördinatie");
    CHECK(cp1252->charset == "windows-1252");
    // More stray bytes than UTF-8 characters, but those are a Western
    // text's: the UTF-8 stays ("café" became "cafÃ©", its word "cafa").
    std::string word_quotes;
    for (int i = 0; i < 40; ++i) word_quotes += "De minister sprak lang over de plannen. ";
    word_quotes += "Het caf\xC3\xA9 ging dicht. Hij zei \x93nee\x94.\n";
    auto quoted = to_utf8(word_quotes);
    REQUIRE(quoted);
    CHECK(quoted->text.find("Het café ging dicht. Hij zei “nee”.") != std::string::npos);
    CHECK(quoted->charset == "windows-1252 (2 bytes; the rest is UTF-8)");
}

TEST_CASE("a .jsonl line of UTF-8 with a stray windows-1252 byte keeps its UTF-8") {
    std::vector<knipsel::LineIssue> issues;
    auto text =
        knipsel::to_utf8_by_line(std::string("{\"a\":\"caf\xC3\xA9 \xA9 2019\"}\n{\"b\":\"co\xF6rdinatie\"}\n"), issues);
    REQUIRE(text);
    CHECK(text->text == "{\"a\":\"café © 2019\"}\n{\"b\":\"coördinatie\"}\n");
    REQUIRE(issues.size() == 2);
    CHECK(issues[0].line == 1);
    CHECK(issues[0].message == "not all UTF-8: 1 byte of the line read as windows-1252");
    CHECK_FALSE(issues[0].error);
    CHECK(issues[1].line == 2);
}

TEST_CASE("a charset the file declares reads text that is not UTF-8, where it is a single-byte one ICU knows") {
    // ISO-8859-15's 0xA4 is the euro sign; no detector tells it from windows-1252's currency sign.
    auto euro = to_utf8("Het kost \xA4 5 voor de co\xF6rdinatie van \xE9\xE9n dag.", "iso-8859-15");
    REQUIRE(euro);
    CHECK(euro->text == "Het kost € 5 voor de coördinatie van één dag.");
    CHECK(euro->charset == "iso-8859-15");
    // Latin-1 and ASCII are read as windows-1252, as browsers do: 0x80 is the euro sign.
    for (const char* declared : {"iso-8859-1", "latin1", "us-ascii", "utf-8", "x-no-such-charset", "utf-16"}) {
        INFO(declared);
        auto text = to_utf8("Het kost \x80 5 voor de co\xF6rdinatie van \xE9\xE9n dag.", declared);
        REQUIRE(text);
        CHECK(text->text == "Het kost € 5 voor de coördinatie van één dag.");
        CHECK(text->charset == "windows-1252");
    }
    // UTF-8 stays UTF-8, whatever the page claims.
    auto utf8 = to_utf8("caf\xC3\xA9", "iso-8859-15");
    REQUIRE(utf8);
    CHECK(utf8->text == "café");
}

TEST_CASE("a message shows a byte that is no UTF-8 as \\xNN, and UTF-8 as it is") {
    CHECK(knipsel::printable("caf\xE9.txt") == "caf\\xE9.txt");
    CHECK(knipsel::printable("café.txt") == "café.txt");
    CHECK(knipsel::printable("a\nb") == "a\\x0Ab");
    CHECK(knipsel::printable("€ “x” 🇳🇱") == "€ “x” 🇳🇱");
    // Cut, overlong and surrogate sequences are no UTF-8 either.
    CHECK(knipsel::printable("\xE2\x82") == "\\xE2\\x82");
    CHECK(knipsel::printable("\xC0\xAF") == "\\xC0\\xAF");
    CHECK(knipsel::printable("\xED\xA0\x80") == "\\xED\\xA0\\x80");
}

TEST_CASE("an id is shown on one line and unambiguously, and read back as shown") {
    using knipsel::id_from_shown;
    using knipsel::shown_id;
    const std::pair<const char*, const char*> rows[] = {
        {"a\nb.txt", "a\\x0Ab.txt"},             // a newline in the name
        {"a\\x0Ab.txt", "a\\\\x0Ab.txt"},       // the four characters \x0A in it
        {"c:\\d\\", "c:\\\\d\\\\"},         // backslashes, one at the end
        {"\\\n", "\\\\\\x0A"},               // a backslash before a newline
        {"caf\xE9\\.txt", "caf\\xE9\\\\.txt"},  // a byte that is no UTF-8
        {"reünie.txt", "reünie.txt"},
        {"", ""},
    };
    for (const auto& [id, shown] : rows) {
        CAPTURE(id);
        CHECK(shown_id(id) == shown);
        CHECK(id_from_shown(shown) == id);
    }
    // What was typed as is: a backslash before anything else, a cut escape.
    CHECK(id_from_shown("c\\d") == "c\\d");
    CHECK(id_from_shown("a\\x0") == "a\\x0");
    CHECK(id_from_shown("a\\x0a") == "a\n");
}

TEST_CASE("a classic Mac's file (lines ended by CR alone) in Mac Roman reads as Mac Roman") {
    // "Café De Zwaan sluit na één eeuw" / "De coöperatie stopt." in Mac Roman.
    const std::string mac = "Caf\x8E De Zwaan sluit na \x8E\x8En eeuw\rDe co\x9Aperatie stopt.\r";
    auto text = to_utf8(mac);
    REQUIRE(text);
    CHECK(text->charset == "Mac Roman");
    CHECK(text->text == "Café De Zwaan sluit na één eeuw\nDe coöperatie stopt.\n");
    // windows-1252 with CR line ends stays windows-1252.
    const std::string windows = "Caf\xE9 \x93open\x94 na \xE9\xE9n eeuw\rDe co\xF6peratie stopt.\r";
    auto w = to_utf8(windows);
    REQUIRE(w);
    CHECK(w->charset == "windows-1252");
    CHECK(w->text == "Café “open” na één eeuw\nDe coöperatie stopt.\n");
}

TEST_CASE("Latin-1 Dutch that ICU's detector takes for ISO-8859-2 reads as windows-1252") {
    // The detector scored this ISO-8859-2: "De naďeve minister at crčme brűlée ŕ la carte", and
    // "naïeve" found nothing.
    auto text = to_utf8("title: Test\n\nDe na\xEF" "eve minister at cr\xE8me br\xFBl\xE9" "e \xE0 la carte.\n");
    REQUIRE(text);
    CHECK(text->charset == "windows-1252");
    CHECK(text->text == "title: Test\n\nDe naïeve minister at crème brûlée à la carte.\n");
}
