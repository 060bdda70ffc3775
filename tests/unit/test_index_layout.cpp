// The Xapian document an article becomes: Omega-compatible terms, values and data.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyser.h"
#include "index_layout.h"
#include "schema.h"

using namespace knipsel;

namespace {

std::set<std::string> terms_of(const Xapian::Document& doc) {
    std::set<std::string> out;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) out.insert(*it);
    return out;
}

}  // namespace

TEST_CASE("an article becomes an Omega-style Xapian document") {
    Schema schema = load_schema_file(KNIPSEL_SCHEMA_FILE);
    Analyser analyser(schema.analysis);
    Article a;
    a.id = a.path = "2019/hanoi.txt";
    a.title = "Geen akkoord in Hanoi";
    a.date = "2019-02";
    a.source = "Persbureau Noordzee";
    a.lang = "nl";
    a.body = "De sancties tegen Noord-Korea blijven.\n\nYongbyon blijft open.";
    SourceFile file;
    file.format = "text/plain";
    file.mtime_ns = 1'550'000'000'000'000'000;
    file.size = 70;
    file.content_hash = "00ff";
    file.abs_path = "/data/2019/hanoi.txt";
    Xapian::Document doc = make_document(a, file, schema, analyser);
    auto terms = terms_of(doc);

    CHECK(terms.count("Q2019/hanoi.txt"));
    CHECK(terms.count("Shanoi"));          // title words, S prefix
    CHECK(terms.count("ZShanoi"));         // and their stems
    CHECK(terms.count("hanoi"));           // title words count as body words too
    CHECK(terms.count("sancties"));        // plain, positional
    CHECK(terms.count("Zsanctie"));        // stem
    CHECK(terms.count("noordkorea"));      // hyphenated whole
    CHECK(terms.count("de"));              // stopwords are indexed for phrases...
    CHECK_FALSE(terms.count("Zde"));       // ...but get no stem
    CHECK(terms.count("Lnl"));
    CHECK(terms.count("XSOURCEpersbureau noordzee"));
    CHECK(terms.count("D20190201"));
    CHECK(terms.count("M201902"));
    CHECK(terms.count("Y2019"));
    CHECK(doc.get_value(0) == "20190201");

    auto data = decode_data(doc.get_data());
    CHECK(data["caption"] == "Geen akkoord in Hanoi");
    CHECK(data["url"] == "file:///data/2019/hanoi.txt");
    CHECK(data["date"] == "2019-02");
    CHECK(data["body"] == a.body);  // line breaks survive the NAME=VALUE data
    CHECK(data["language"] == "nl");
    CHECK(data["type"] == "text/plain");
    CHECK(std::stoll(data["modtime"]) > 1'548'000'000);  // 2019-02-01
    for (char c : data["sample"]) CHECK(c != '\n');
    // Omega reads one NAME=VALUE per line: every line has an '='.
    std::string raw = doc.get_data();
    std::size_t lines = 0;
    for (std::size_t p = 0, nl; (nl = raw.find('\n', p)) != std::string::npos; p = nl + 1, ++lines)
        CHECK(raw.substr(p, nl - p).find('=') != std::string::npos);
    CHECK(lines == data.size());

    // Omega reads modtime as a 32-bit time: an article from before 1901
    // has none (not one that shows as 2036), but its date slot.
    a.date = "1899-12-31";
    auto old_data = decode_data(make_document(a, file, schema, analyser).get_data());
    CHECK(old_data.count("modtime") == 0);
    CHECK(old_data["date"] == "1899-12-31");
    CHECK(make_document(a, file, schema, analyser).get_value(0) == "18991231");
    CHECK(make_document(a, file, schema, analyser).get_value(knipsel::slot_date_end).empty());  // a whole date

    // A date of a month or a year alone: its last day beside the first.
    a.date = "2019-02";
    CHECK(make_document(a, file, schema, analyser).get_value(knipsel::slot_date_end) == "20190228m");
    a.date = "2020";
    CHECK(make_document(a, file, schema, analyser).get_value(knipsel::slot_date_end) == "20201231y");

    // Omega's heading is cut at a word after 200 characters; the title stays whole.
    std::string long_title;
    while (long_title.size() < 5000) long_title += "Kim en Trump praten opnieuw ";
    a.title = long_title;
    auto long_data = decode_data(make_document(a, file, schema, analyser).get_data());
    CHECK(long_data["caption"].size() < 220);
    CHECK(long_data["caption"].ends_with(" …"));
    CHECK(long_data["title"] == long_title);
}

TEST_CASE("every article gets the L term and language= of the language it was analysed in") {
    Schema schema = load_schema_file(KNIPSEL_SCHEMA_FILE);
    Analyser analyser(schema.analysis);
    auto lang_of = [&](const std::string& tag, const std::string& body) {
        Article a;
        a.id = a.path = "x.txt";
        a.lang = tag;
        a.body = body;
        Xapian::Document doc = make_document(a, SourceFile{}, schema, analyser);
        std::string l_terms;
        for (const std::string& t : terms_of(doc))
            if (t.size() <= 3 && t[0] == 'L') l_terms += t + " ";
        return l_terms + "language=" + decode_data(doc.get_data())["language"];
    };
    const std::string dutch = "De regering heeft de sancties tegen het land niet opgeheven, zei de minister.";
    const std::string english = "The government said that it would not lift the sanctions against the country "
                                "and that there was no reason for it to do so in the coming weeks.";
    CHECK(lang_of("", dutch) == "Lnl language=nl");      // untagged: the schema's own language
    CHECK(lang_of("", english) == "Len language=en");    // untagged but read as English
    CHECK(lang_of("nl", dutch) == "Lnl language=nl");
    CHECK(lang_of("en", dutch) == "Len language=en");    // a tag is believed
}

TEST_CASE("an article's size is its record's in a file of many, else its file's") {
    Schema schema = load_schema_file(KNIPSEL_SCHEMA_FILE);
    Analyser analyser(schema.analysis);
    Article a;
    a.id = "feed.jsonl#1";
    a.path = "feed.jsonl";
    a.body = "Tekst.";
    SourceFile file;
    file.size = 7050;
    CHECK(decode_data(make_document(a, file, schema, analyser).get_data())["size"] == "7050");
    const std::string hash = article_hash(a);
    a.record_bytes = 1480;
    CHECK(decode_data(make_document(a, file, schema, analyser).get_data())["size"] == "1480");
    CHECK(article_hash(a) != hash);  // a new size is a new document
}

TEST_CASE("copies of an article share a text key: its title, date, source, language and text, not where it is") {
    Article a;
    a.id = a.path = "Kop.html";
    a.title = "Kim en Trump in Hanoi";
    a.date = "2019-02-27";
    a.source = "NOS";
    a.lang = "nl";
    a.body = "Tekst.";
    a.url = "https://nos.nl/a";
    const std::string key = text_key(a);
    Article copy = a;
    copy.id = copy.path = "kopie/Kop (1).html";
    copy.url = "";
    copy.record_bytes = 310;
    CHECK(text_key(copy) == key);
    CHECK(article_hash(copy) != article_hash(a));
    for (std::string Article::*field : {&Article::title, &Article::date, &Article::source, &Article::lang,
                                        &Article::body}) {
        Article other = a;
        other.*field += "x";
        CHECK(text_key(other) != key);
    }
    // Fields run together otherwise are apart in the key.
    Article moved = a;
    moved.title = a.title + "Tekst";
    moved.body = ".";
    CHECK(text_key(moved) != key);
}

TEST_CASE("omindex's T (MIME type) and E (extension) terms, one each") {
    Schema schema = load_schema_file(KNIPSEL_SCHEMA_FILE);
    Analyser analyser(schema.analysis);
    auto type_terms = [&](const std::string& path, const std::string& mime) {
        Article a;
        a.id = a.path = path;
        a.body = "Tekst.";
        SourceFile file;
        file.format = mime;
        std::string out;
        for (const std::string& t : terms_of(make_document(a, file, schema, analyser)))
            if (t[0] == 'T' || t[0] == 'E') out += (out.empty() ? "" : " ") + t;
        return out;
    };
    CHECK(type_terms("2019/hanoi.html", "text/html") == "Ehtml Ttext/html");
    CHECK(type_terms("map.v2/Oud.HTM", "text/html") == "Ehtm Ttext/html");  // lower case, the name's own dot
    CHECK(type_terms("feed.jsonl", "application/jsonl") == "Ejsonl Tapplication/jsonl");
    CHECK(type_terms("geen-extensie", "") == "");
}

TEST_CASE("the file:// link of an article without a URL opens its file") {
    Schema schema = load_schema_file(KNIPSEL_SCHEMA_FILE);
    Analyser analyser(schema.analysis);
    Article a;
    a.id = a.path = "x.txt";
    a.title = "Titel";
    a.body = "Tekst.";
    SourceFile file;
    file.format = "text/plain";
    auto url_of = [&](const std::string& abs_path) {
        file.abs_path = abs_path;
        return decode_data(make_document(a, file, schema, analyser).get_data())["url"];
    };
    CHECK(url_of("/archief/2019 #1 (100%).txt") == "file:///archief/2019%20%231%20%28100%25%29.txt");
    CHECK(url_of("/archief/café één.txt") == "file:///archief/café%20één.txt");  // UTF-8 stays (an IRI)
    // A name in Latin-1 (an old Windows archive): its bytes escaped, so
    // the link still names the file, where a raw byte is no UTF-8.
    CHECK(url_of("/archief/caf\xE9.txt") == "file:///archief/caf%E9.txt");
    // A noncharacter, which XML refuses (Omega's xml page), as its bytes.
    CHECK(url_of("/archief/naam\xEF\xBF\xBF.txt") == "file:///archief/naam%EF%BF%BF.txt");
    CHECK(url_of("/archief/\xC3(\xFF.txt") == "file:///archief/%C3%28%FF.txt");
}

TEST_CASE("positions let phrases match across hyphenated words") {
    Schema schema = load_schema_file(KNIPSEL_SCHEMA_FILE);
    Analyser analyser(schema.analysis);
    Article a;
    a.id = a.path = "x.txt";
    a.body = "leider van Noord-Korea";
    Xapian::Document doc = make_document(a, SourceFile{}, schema, analyser);
    auto positions = [&](const std::string& term) {
        std::vector<Xapian::termpos> out;
        for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it)
            if (*it == term)
                for (auto p = it.positionlist_begin(); p != it.positionlist_end(); ++p) out.push_back(*p);
        return out;
    };
    REQUIRE(positions("noord").size() == 1);
    REQUIRE(positions("korea").size() == 1);
    CHECK(positions("korea")[0] == positions("noord")[0] + 1);
    CHECK(positions("noordkorea") == positions("noord"));
}

TEST_CASE("ids too long for a Xapian term are shortened uniquely") {
    Schema schema = load_schema_file(KNIPSEL_SCHEMA_FILE);
    std::string a(400, 'a'), b = a;
    b.back() = 'b';
    CHECK(id_term(schema, a).size() <= 245);
    CHECK(id_term(schema, a) != id_term(schema, b));
    CHECK(id_term(schema, "kort.txt") == "Qkort.txt");
    std::string accents;
    for (int i = 0; i < 200; ++i) accents += "é";
    std::string t = id_term(schema, accents);
    CHECK(t.size() <= 245);
    CHECK((static_cast<unsigned char>(t[t.find('#') - 1]) & 0xC0) != 0xC0);  // no cut UTF-8 sequence
}

TEST_CASE("file terms made from a root's prefix equal those made from the root") {
    const std::string root = "/srv/nieuws";
    const std::string prefix = file_term_prefix(root);
    for (const std::string& rel : {std::string("2024/01/a.txt"), std::string(300, 'x'), std::string()}) {
        INFO(rel.size());
        CHECK(file_term_under(prefix, rel) == file_term(root, rel));
    }
    CHECK(file_term(root, "a.txt").rfind(prefix, 0) == 0);
}

TEST_CASE("a file term is known to be inside a folder the walk could not read") {
    const std::string root = "/srv/nieuws";
    const std::string prefix = file_term_prefix(root);
    CHECK(file_term_in_folder(file_term(root, "2024/01/a.txt"), prefix, "2024"));
    CHECK(file_term_in_folder(file_term(root, "2024/01/a.txt"), prefix, "2024/01"));
    CHECK(file_term_in_folder(file_term(root, "2024/01/a.txt"), prefix, ""));  // the root itself
    CHECK_FALSE(file_term_in_folder(file_term(root, "2024/01/a.txt"), prefix, "2024/0"));
    CHECK_FALSE(file_term_in_folder(file_term(root, "2024.txt"), prefix, "2024"));
    CHECK_FALSE(file_term_in_folder(file_term(root, "2023/a.txt"), prefix, "2024"));
    CHECK_FALSE(file_term_in_folder(file_term("/srv/ander", "2024/a.txt"), prefix, "2024"));
    // A path too long for a term: the term keeps its head and a hash.
    const std::string deep = std::string(150, 'd') + "/" + std::string(150, 'e');
    const std::string term = file_term(root, deep + "/a.txt");
    REQUIRE(term.size() <= 240);
    CHECK(file_term_in_folder(term, prefix, deep));
    CHECK(file_term_in_folder(term, prefix, std::string(150, 'd')));
    CHECK_FALSE(file_term_in_folder(term, prefix, std::string(150, 'f')));
    CHECK_FALSE(file_term_in_folder(term, prefix, std::string(150, 'd') + "/" + std::string(150, 'x')));
}

TEST_CASE("document data round-trips values with newlines, carriage returns and '='") {
    std::map<std::string, std::string> in = {{"body", "a=b\nc\n\nd \xE2\x80\x94 \xE2\x80"},
                                             {"path", "naam\nmet\rregels.txt"},
                                             {"title", "x"}};
    const std::string data = encode_data(in);
    CHECK(std::count(data.begin(), data.end(), '\n') == 3);  // one line a value
    CHECK(data.find('\r') == std::string::npos);
    CHECK(decode_data(data) == in);
}

TEST_CASE("document data read field by field gives what decode_data gives") {
    const std::vector<std::string> datas = {
        encode_data({{"body", "regel\nregel\r\n\n \xE2\x80\x9Cquote\xE2\x80\x9D \xE2\x80\x94 eind\n"},
                     {"id", "a\nb"},
                     {"title", "\xE2\x80"}}),
        "body=a\xE2\x80\xA8" "b\xE2\x80\xA9\nnaam zonder is\n=leeg\nid=1\nid=2\nlaatste=\xE2\x80\xA8",
        "x=\xE2\x80\xA9\xE2\x80\xA8\xE2\x80\xA8y\xE2\x80",
        "",
        "\n\nz=1",
    };
    for (const std::string& data : datas) {
        INFO(data);
        std::map<std::string, std::string> read;
        each_data_field(data, [&](std::string_view name, std::string_view stored) {
            restore_line_breaks(stored, read[std::string(name)]);
        });
        CHECK(read == decode_data(data));
    }
    CHECK(decode_data(datas[1]) == std::map<std::string, std::string>{
                                       {"body", "a\nb\r"}, {"", "leeg"}, {"id", "2"}, {"laatste", "\n"}});
}

TEST_CASE("line breaks restored in place: the whole value, or a head longer than asked for") {
    std::string stored;
    for (int i = 0; i < 200; ++i) stored += "regel \xE2\x80\x99" + std::to_string(i) + "\xE2\x80\xA8";
    stored += "\xE2\x80\xA9slot \xE2\x80";
    std::string whole;
    restore_line_breaks(stored, whole);
    REQUIRE(whole.size() < stored.size());
    for (std::size_t max : {std::size_t(0), std::size_t(1), std::size_t(10), std::size_t(500), whole.size() - 1,
                            whole.size(), std::string::npos}) {
        INFO(max);
        std::string buffer = stored;
        const std::size_t n = restore_line_breaks_in_place(std::span<char>(buffer.data(), buffer.size()), max);
        CHECK(std::string_view(buffer).substr(0, n) == std::string_view(whole).substr(0, n));
        if (n < whole.size()) CHECK(n > max);
        if (max >= whole.size()) CHECK(n == whole.size());
    }
    // A value without line breaks stays as it is.
    std::string plain = "geen \xE2\x80\x94 regels";
    CHECK(restore_line_breaks_in_place(std::span<char>(plain.data(), plain.size()), 3) == plain.size());
}

TEST_CASE("copies' ids are stored whole, a newline in a name too, and an older index's list still reads") {
    const std::vector<std::string> ids{"g\nh.txt", "c\\d.txt", "a.jsonl#1"};
    CHECK(knipsel::split_copies(knipsel::join_copies(ids)) == ids);
    const std::string stored = knipsel::encode_data({{"copies", knipsel::join_copies(ids)}});
    CHECK(knipsel::split_copies(knipsel::decode_data(stored)["copies"]) == ids);
    // Made before: one id a line.
    CHECK(knipsel::split_copies("b.txt\nkopie/b.txt") == std::vector<std::string>{"b.txt", "kopie/b.txt"});
    CHECK(knipsel::split_copies("").empty());
}

TEST_CASE("the sample Omega shows has no bidirectional controls") {
    // "\u202Eomgekeerd gpj.exe" read "exe.jpg …" backwards on Omega's page.
    Schema schema = load_schema_file(KNIPSEL_SCHEMA_FILE);
    Analyser analyser(schema.analysis);
    Article a;
    a.id = a.path = "a.txt";
    a.title = "Kop";
    a.body = "Open \xE2\x80\xAEomgekeerd gpj.exe en \xE2\x81\xA6isolaat\xE2\x81\xA9 nu.";
    SourceFile file;
    file.format = "text/plain";
    file.abs_path = "/data/a.txt";
    const std::string data = make_document(a, file, schema, analyser).get_data();
    CHECK(data.find("\nsample=Open omgekeerd gpj.exe en isolaat nu.\n") != std::string::npos);
}
