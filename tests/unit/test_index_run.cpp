// Incremental runs of the indexer leave Xapian's spelling data as a fresh
// index of the same files would have it: a changed document moves only the
// words that differ, and every word's frequency stays its document count.
// A new index makes it from its terms at the end of the run; a run that
// finds it unfinished (a crash) makes it again.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>

#include "database.h"
#include "index_layout.h"
#include "index_run.h"
#include "schema.h"

using namespace knipsel;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("knipsel-unit-" + std::to_string(::getpid()) + "-" +
                                            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

void write(const fs::path& file, const std::string& text, bool append = false) {
    std::ofstream out(file, append ? std::ios::app : std::ios::trunc);
    out << text;
}

// A later mtime than any write of this test gave, so the run sees the change.
void bump_mtime(const fs::path& file) {
    fs::last_write_time(file, fs::last_write_time(file) + std::chrono::seconds(10));
}

// A quiet run of knipsel-index over `corpus` (none: the recorded roots),
// with `adjust` setting the options a test needs (--full, --compact).
RunSummary index_with(const fs::path& db, const fs::path& corpus, const std::function<void(IndexOptions&)>& adjust) {
    IndexOptions o;
    o.db_path = db.string();
    o.schema_path = default_schema_path();
    if (!corpus.empty()) o.roots = {corpus.string()};
    o.quiet = true;
    adjust(o);
    std::ostringstream out, diag;
    return run_index(o, out, diag);
}

RunSummary index(const fs::path& db, const fs::path& corpus, unsigned shards) {
    return index_with(db, corpus, [shards](IndexOptions& o) { o.shards = shards; });
}

// A folder `corpus` in dir with art0.txt ... art<files - 1>.txt: short news
// items that share most words ("sancties" in each) and differ in a few.
// Each document of a one-database index changed by `f` and written back
// (what an index of older parsers held).
template <typename F>
void rewrite_documents(const fs::path& db, F f) {
    Xapian::WritableDatabase w(db.string());
    for (Xapian::docid id = 1; id <= w.get_lastdocid(); ++id) {
        Xapian::Document doc = w.get_document(id);
        f(doc);
        w.replace_document(id, doc);
    }
    w.commit();
}

bool document_has_copy_term(const Xapian::Document& doc) {
    auto t = doc.termlist_begin();
    t.skip_to(std::string(prefix::copy));
    return t != doc.termlist_end() && *t == prefix::copy;
}

fs::path news_corpus(const fs::path& dir, int files) {
    const fs::path corpus = dir / "corpus";
    fs::create_directories(corpus);
    for (int i = 0; i < files; ++i)
        write(corpus / ("art" + std::to_string(i) + ".txt"),
              "title Bericht " + std::to_string(i) + "\n\nDe minister sprak over sancties en de haven van " +
                  (i % 2 ? "Rotterdam" : "Antwerpen") + ". Bijzonder" + std::string(1, char('a' + i)) + " nieuws.\n");
    return corpus;
}

std::map<std::string, Xapian::doccount> spellings(const fs::path& db) {
    Xapian::Database d(db.string());
    std::map<std::string, Xapian::doccount> words;
    for (auto it = d.spellings_begin(); it != d.spellings_end(); ++it) words[*it] = it.get_termfreq();
    return words;
}

}  // namespace

TEST_CASE("re-runs keep the spelling data equal to a fresh index's", "[index_run]") {
    const unsigned shards = GENERATE(1u, 2u);
    TempDir tmp;
    const fs::path corpus = news_corpus(tmp.path, 12);
    index(tmp.path / "k.db", corpus, shards);

    // Appended words, new and known; words dropped; a file gone; a new file.
    write(corpus / "art1.txt", "Later kwam er een verklaring over de haven en een raketproef.\n", true);
    write(corpus / "art2.txt", "title Bericht 2\n\nAlleen nog een kort bericht over de raketproef.\n");
    bump_mtime(corpus / "art1.txt");
    bump_mtime(corpus / "art2.txt");
    fs::remove(corpus / "art3.txt");
    write(corpus / "nieuw.txt", "title Nieuw\n\nEen nieuw bericht over sancties en vrede.\n");
    RunSummary rerun = index(tmp.path / "k.db", corpus, shards);
    CHECK(rerun.replaced == 2);
    CHECK(rerun.removed == 1);
    CHECK(rerun.added == 1);

    index(tmp.path / "fresh.db", corpus, shards);
    const auto incremental = spellings(tmp.path / "k.db");
    CHECK(incremental.count("raketproef") == 1);
    CHECK(incremental.count("bijzonderd") == 0);  // only in the file that is gone
    CHECK(incremental == spellings(tmp.path / "fresh.db"));
}

TEST_CASE("spelling data left unfinished by a crash is made by the next run", "[index_run]") {
    const unsigned shards = GENERATE(1u, 2u);
    TempDir tmp;
    const fs::path corpus = news_corpus(tmp.path, 8);
    index(tmp.path / "k.db", corpus, shards);
    index(tmp.path / "fresh.db", corpus, shards);
    const auto fresh = spellings(tmp.path / "fresh.db");
    REQUIRE(fresh.count("sancties") == 1);
    CHECK(fresh.at("sancties") == 8);
    for (const std::string& shard : shard_paths((tmp.path / "k.db").string()))
        CHECK(Xapian::Database(shard).get_metadata(meta::spelling_pending).empty());

    // What a build killed after a commit leaves: documents, the mark, and
    // spelling data that is partly there (here: one stray word, one missing).
    for (const std::string& shard : shard_paths((tmp.path / "k.db").string())) {
        Xapian::WritableDatabase w(shard, Xapian::DB_OPEN);
        w.set_metadata(meta::spelling_pending, "1");
        w.add_spelling("verdwenenwoord", 3);
        for (auto it = w.spellings_begin(); it != w.spellings_end(); ++it)
            if (*it == "sancties") w.remove_spelling(*it, it.get_termfreq());
        w.commit();
    }
    REQUIRE(spellings(tmp.path / "k.db") != fresh);
    RunSummary rerun = index(tmp.path / "k.db", corpus, shards);
    CHECK(rerun.unchanged == 8);
    CHECK(spellings(tmp.path / "k.db") == fresh);
    for (const std::string& shard : shard_paths((tmp.path / "k.db").string()))
        CHECK(Xapian::Database(shard).get_metadata(meta::spelling_pending).empty());
}

TEST_CASE("a run that changes nothing writes nothing, even to an empty shard", "[index_run]") {
    TempDir tmp;
    const fs::path corpus = news_corpus(tmp.path, 1);
    index(tmp.path / "k.db", corpus, 3);  // one file, three shards: two stay empty
    std::vector<Xapian::rev> before;
    for (const std::string& shard : shard_paths((tmp.path / "k.db").string()))
        before.push_back(Xapian::Database(shard).get_revision());
    REQUIRE(before.size() == 3);
    RunSummary rerun = index(tmp.path / "k.db", corpus, 3);
    CHECK(rerun.unchanged == 1);
    std::vector<Xapian::rev> after;
    for (const std::string& shard : shard_paths((tmp.path / "k.db").string()))
        after.push_back(Xapian::Database(shard).get_revision());
    CHECK(after == before);
    CHECK(spellings(tmp.path / "k.db").count("sancties") == 1);
}

TEST_CASE("files read by older parsers are read again once, and replaced only where the article differs",
          "[index_run]") {
    TempDir tmp;
    const fs::path corpus = news_corpus(tmp.path, 4);
    const fs::path db = tmp.path / "k.db";
    REQUIRE(index(db, corpus, 1).added == 4);
    // What an index of older parsers holds: stamps without this version, and
    // (as if those parsers had read art1.txt differently) another article hash.
    rewrite_documents(db, [](Xapian::Document& doc) {
        const std::string stamp = doc.get_value(slot_file_stamp);
        REQUIRE(stamp.ends_with(":" + std::string(file_parsers_version)));
        doc.add_value(slot_file_stamp, stamp.substr(0, stamp.rfind(':')));
        if (doc.get_data().find("path=art1.txt\n") != std::string::npos) doc.add_value(slot_article_hash, "0");
    });
    RunSummary upgrade = index(db, corpus, 1);
    CHECK(upgrade.replaced == 1);
    CHECK(upgrade.unchanged == 3);
    CHECK(upgrade.added == 0);
    // The stamps are this version's again: the next run reads nothing.
    Xapian::Database d(db.string());
    for (Xapian::docid id = 1; id <= d.get_lastdocid(); ++id)
        CHECK(d.get_document(id).get_value(slot_file_stamp).ends_with(":" + std::string(file_parsers_version)));
    const Xapian::rev before = d.get_revision();
    RunSummary rerun = index(db, corpus, 1);
    CHECK(rerun.unchanged == 4);
    CHECK(rerun.replaced == 0);
    CHECK(Xapian::Database(db.string()).get_revision() == before);
}

TEST_CASE("documents made before the text key get one, and their copies are marked, on the next run",
          "[index_run]") {
    TempDir tmp;
    const fs::path corpus = news_corpus(tmp.path, 3);
    fs::copy_file(corpus / "art0.txt", corpus / "art0 (1).txt");
    write(corpus / "feed.jsonl", "{\"id\": \"a\", \"title\": \"Een\", \"body\": \"Sancties.\"}\n"
                                 "{\"id\": \"b\", \"title\": \"Een\", \"body\": \"Sancties.\"}\n");
    const fs::path db = tmp.path / "k.db";
    REQUIRE(index(db, corpus, 1).added == 6);
    // What knipsel before parsers p13 made: no text key, no copies marked.
    rewrite_documents(db, [](Xapian::Document& doc) {
        const std::string stamp = doc.get_value(slot_file_stamp);
        doc.add_value(slot_file_stamp, stamp.substr(0, stamp.rfind(':')) + ":p12");
        doc.remove_value(slot_text_key);
        if (document_has_copy_term(doc)) doc.remove_term(std::string(prefix::copy));
    });
    {
        Xapian::WritableDatabase w(db.string());
        w.set_metadata(meta::twins, "");
        // Nor the records of files of many articles (meta::file_articles).
        std::vector<std::string> records;
        for (auto k = w.metadata_keys_begin(meta::file_articles); k != w.metadata_keys_end(meta::file_articles); ++k)
            records.push_back(*k);
        CHECK(records.size() == 1);  // feed.jsonl's
        for (const std::string& key : records) w.set_metadata(key, "");
        w.commit();
    }
    const RunSummary upgrade = index(db, corpus, 1);
    CHECK(upgrade.replaced == 6);
    CHECK(upgrade.copies == 2);  // art0 (1).txt, and feed.jsonl#b
    Xapian::Database d(db.string());
    for (Xapian::docid id = 1; id <= d.get_lastdocid(); ++id) CHECK(!d.get_document(id).get_value(slot_text_key).empty());
    CHECK(d.get_termfreq(std::string(prefix::copy)) == 2);
    CHECK(d.get_metadata(meta::twins) == "2");
}

namespace {

// The records (meta::file_articles) of a one-database index, key -> value.
std::map<std::string, std::string> file_records(const fs::path& db) {
    Xapian::Database d(db.string());
    std::map<std::string, std::string> records;
    for (auto k = d.metadata_keys_begin(meta::file_articles); k != d.metadata_keys_end(meta::file_articles); ++k)
        records[*k] = d.get_metadata(*k);
    return records;
}

std::string jsonl_lines(int from, int to) {
    std::string text;
    for (int k = from; k < to; ++k)
        text += "{\"id\": \"r" + std::to_string(k) + "\", \"title\": \"Regel\", \"body\": \"Sancties nummer " +
                std::to_string(k) + ".\"}\n";
    return text;
}

}  // namespace

TEST_CASE("a .jsonl's record: an index without one is read as before and gets one; a stale one re-reads the file",
          "[index_run]") {
    TempDir tmp;
    const fs::path corpus = tmp.path / "c", db = tmp.path / "k.db";
    fs::create_directories(corpus);
    write(corpus / "x.jsonl", jsonl_lines(0, 5));
    REQUIRE(index(db, corpus, 1).added == 5);
    auto records = file_records(db);
    REQUIRE(records.size() == 1);
    // An index of a knipsel before records: the documents' stamps say it all.
    {
        Xapian::WritableDatabase w(db.string());
        w.set_metadata(records.begin()->first, "");
        w.commit();
    }
    RunSummary rerun = index(db, corpus, 1);
    CHECK(rerun.unchanged == 5);
    CHECK(rerun.added + rerun.replaced + rerun.removed == 0);
    CHECK(file_records(db).empty());  // nothing changed, nothing written
    write(corpus / "x.jsonl", jsonl_lines(5, 6), true);
    bump_mtime(corpus / "x.jsonl");
    rerun = index(db, corpus, 1);
    CHECK(rerun.added == 1);
    CHECK(rerun.unchanged == 5);
    records = file_records(db);
    REQUIRE(records.size() == 1);
    CHECK(records.begin()->second.ends_with("\n6"));
    // A record older than the file (a run killed after some of the file's
    // documents were committed, before its record): the file is read again.
    {
        Xapian::WritableDatabase w(db.string());
        w.set_metadata(records.begin()->first, "1:2:3:" + std::string(file_parsers_version) + "\n0\n6");
        w.commit();
    }
    rerun = index(db, corpus, 1);
    CHECK(rerun.unchanged == 6);
    CHECK(rerun.added + rerun.replaced + rerun.removed == 0);
    CHECK(file_records(db) == records);
    const Xapian::rev before = Xapian::Database(db.string()).get_revision();
    CHECK(index(db, corpus, 1).unchanged == 6);
    CHECK(Xapian::Database(db.string()).get_revision() == before);
    // A file deleted: its documents and its record go.
    fs::remove(corpus / "x.jsonl");
    write(corpus / "y.txt", "titel: Y\n\nSancties.\n");
    rerun = index(db, corpus, 1);
    CHECK(rerun.removed == 6);
    CHECK(file_records(db).empty());
}

TEST_CASE("a sharded index keeps a .jsonl's unchanged lines as they are", "[index_run]") {
    TempDir tmp;
    const fs::path corpus = tmp.path / "c", db = tmp.path / "k.db";
    fs::create_directories(corpus);
    write(corpus / "x.jsonl", jsonl_lines(0, 40));
    write(corpus / "z.jsonl", jsonl_lines(40, 80));
    REQUIRE(index(db, corpus, 2).added == 80);
    write(corpus / "x.jsonl", jsonl_lines(1, 41));  // x.jsonl#r0 gone, x.jsonl#r40 new
    write(corpus / "z.jsonl", jsonl_lines(41, 81));  // z.jsonl#r40 gone, z.jsonl#r80 new
    bump_mtime(corpus / "x.jsonl");
    bump_mtime(corpus / "z.jsonl");
    RunSummary rerun = index(db, corpus, 2);
    CHECK(rerun.removed == 2);
    CHECK(rerun.added == 2);
    CHECK(rerun.replaced == 0);
    CHECK(rerun.unchanged == 78);
    CHECK(rerun.errors.empty());
    rerun = index(db, corpus, 2);
    CHECK(rerun.unchanged == 80);
    CHECK(rerun.added + rerun.replaced + rerun.removed == 0);
}

namespace {

// The record meta::self holds for a key: "KEY LENGTH", newline, the value, newline.
std::string self_record(const std::string& key, const std::string& value) {
    return key + " " + std::to_string(value.size()) + "\n" + value + "\n";
}

}  // namespace

TEST_CASE("an index records its self-description in one value, and one made before it gains it", "[index_run]") {
    const unsigned shards = GENERATE(1u, 2u);
    TempDir tmp;
    const fs::path corpus = news_corpus(tmp.path, 4);
    const std::string db = (tmp.path / "k.db").string();
    index(db, corpus, shards);
    std::vector<std::string> selves;
    for (const std::string& shard : shard_paths(db)) {
        Xapian::Database d(shard);
        const std::string self = d.get_metadata(meta::self);
        CHECK(self.rfind("knipsel-self 1\n", 0) == 0);
        std::size_t keys = 0;
        for (auto it = d.metadata_keys_begin("knipsel:"); it != d.metadata_keys_end("knipsel:"); ++it) {
            if (*it == meta::self || *it == meta::roots || *it == meta::spelling_pending || *it == meta::twins)
                continue;
            INFO(*it);
            CHECK(self.find(self_record(*it, d.get_metadata(*it))) != std::string::npos);
            ++keys;
        }
        CHECK(keys == 5);  // schema, two stopword files, synonyms, analyser
        selves.push_back(self);
    }
    const ReadIndex opened = open_for_reading(db);
    const auto same_as_opened = [&](const ReadIndex& other) {
        CHECK(other.schema.toml_text == opened.schema.toml_text);
        CHECK(other.schema.synonyms == opened.schema.synonyms);
        CHECK(other.analyser->identity() == opened.analyser->identity());
    };
    const auto set_everywhere = [&](const std::string& key, const std::string& value) {
        for (const std::string& shard : shard_paths(db)) {
            Xapian::WritableDatabase w(shard, Xapian::DB_OPEN);
            w.set_metadata(key, value);
            w.commit();
        }
    };
    const auto self_values = [&] {
        std::vector<std::string> out;
        for (const std::string& shard : shard_paths(db)) out.push_back(Xapian::Database(shard).get_metadata(meta::self));
        return out;
    };

    SECTION("an index made before meta::self is read from the keys and gains it on the next run") {
        set_everywhere(meta::self, "");
        same_as_opened(open_for_reading(db));
        CHECK(index(db, corpus, shards).unchanged == 4);
        CHECK(self_values() == selves);
    }
    SECTION("a value in another form (JSON, as the first builds with meta::self wrote it) counts as none") {
        set_everywhere(meta::self, "{\"schema\": \"\"}");
        same_as_opened(open_for_reading(db));
        CHECK(index(db, corpus, shards).unchanged == 4);
        CHECK(self_values() == selves);
    }
    SECTION("the query side reads the value, not the keys") {
        set_everywhere(meta::schema, "");
        set_everywhere(meta::analyser, "not this one");
        same_as_opened(open_for_reading(db));
    }
}

TEST_CASE("a damaged self-description is a configuration error naming the index", "[index_run]") {
    TempDir tmp;
    const std::string db = (tmp.path / "k.db").string();
    index(db, news_corpus(tmp.path, 2), 1);
    {
        Xapian::WritableDatabase w(db, Xapian::DB_OPEN);
        w.set_metadata(meta::self, "knipsel-self 1\nknipsel:schema 9999\n[analysis]\n");
        w.commit();
    }
    try {
        open_for_reading(db);
        FAIL("opened an index whose self-description is damaged");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::config);
        CHECK_THAT(e.what(), Catch::Contains(db) && Catch::Contains("knipsel:self"));
    }
}

TEST_CASE("an index made by another analyser is refused with a re-index hint that says why", "[index_run]") {
    TempDir tmp;
    const std::string db = (tmp.path / "k.db").string();
    const fs::path corpus = news_corpus(tmp.path, 2);
    index(db, corpus, 1);
    const std::string identity = [&] { return Xapian::Database(db).get_metadata(meta::analyser); }();
    const std::string now = "knipsel-analyser/" + std::to_string(analyser_version) + " ";
    REQUIRE(identity.starts_with(now));
    auto refused_with = [&](const std::string& recorded) {
        {
            Xapian::WritableDatabase w(db, Xapian::DB_OPEN);
            w.set_metadata(meta::analyser, recorded);
            w.commit();
        }
        try {
            index(db, corpus, 1);
        } catch (const Error& e) {
            CHECK(e.code() == Exit::config);
            return e.hint();
        }
        FAIL("indexed into an index made by another analyser");
        return std::string();
    };
    // An older knipsel's: the versions named.
    const std::string hint = "re-index: knipsel-index --full --db " + db;
    const std::string older =
        "knipsel-analyser/" + std::to_string(analyser_version - 1) + " " + identity.substr(now.size());
    CHECK(refused_with(older) == hint + " (this knipsel analyses text as version " +
                                     std::to_string(analyser_version) + " does; the index was made by version " +
                                     std::to_string(analyser_version - 1) + ")");
    // The same version, other settings: the schema's.
    CHECK(refused_with(now + "stemmer=english") == hint + " (with the new schema)");
}

TEST_CASE("--full replaces only an index of knipsel's", "[index_run]") {
    TempDir tmp;
    const fs::path corpus = news_corpus(tmp.path, 3);
    auto full = [&](const fs::path& db) { return index_with(db, corpus, [](IndexOptions& o) { o.full = true; }); };
    auto refused = [&](const fs::path& db, Exit code) {
        try {
            full(db);
            FAIL("--full replaced " << db);
        } catch (const Error& e) {
            CHECK(e.code() == code);
            CHECK_THAT(e.what(), Catch::Contains("does not replace it") && Catch::Contains(db.string()));
        }
        CHECK_FALSE(fs::exists(db.string() + ".new"));
    };

    SECTION("a folder of someone's files (a mistyped --db) stays as it was") {
        const fs::path folder = tmp.path / "artikelen";
        fs::create_directories(folder);
        write(folder / "scriptie.txt", "drie jaar werk\n");
        refused(folder, Exit::io_error);
        CHECK(fs::exists(folder / "scriptie.txt"));
    }
    SECTION("a file stays as it was") {
        write(tmp.path / "notities.txt", "niet weggooien\n");
        refused(tmp.path / "notities.txt", Exit::cant_create);
        CHECK(fs::is_regular_file(tmp.path / "notities.txt"));
    }
    SECTION("another tool's Xapian index (omindex's) stays as it was") {
        const fs::path other = tmp.path / "omindex.db";
        {
            Xapian::WritableDatabase w(other.string(), Xapian::DB_CREATE);
            Xapian::Document d;
            d.set_data("url=/x\nsample=iets");
            d.add_term("Zsanctie");
            w.add_document(d);
            w.commit();
        }
        refused(other, Exit::config);
        CHECK(Xapian::Database(other.string()).get_doccount() == 1);
    }
    SECTION("a stale PATH.new that is not an index of knipsel's stays, and so does the index") {
        const fs::path db = tmp.path / "k.db";
        index(db, corpus, 1);
        fs::create_directories(db.string() + ".new");
        write(db.string() + ".new/kladblok.txt", "aantekeningen\n");
        try {
            full(db);
            FAIL("--full deleted a stale PATH.new that was not its own");
        } catch (const Error& e) {
            CHECK(e.code() == Exit::io_error);
            CHECK_THAT(e.what(), Catch::Contains(".new"));
        }
        CHECK(fs::exists(db.string() + ".new/kladblok.txt"));
        CHECK(Xapian::Database(db.string()).get_doccount() == 3);
    }
    SECTION("nor do a new index or --compact clear a folder of someone's beside it") {
        const fs::path db = tmp.path / "k.db";
        for (const char* beside : {".creating", ".compact"}) {
            fs::create_directories(db.string() + beside);
            write(db.string() + beside + "/kladblok.txt", "aantekeningen\n");
        }
        CHECK_THROWS_AS(index(db, corpus, 1), Error);  // PATH.creating
        CHECK_FALSE(fs::exists(db));
        fs::remove_all(db.string() + ".creating");
        index(db, corpus, 1);
        CHECK_THROWS_AS(index_with(db, {}, [](IndexOptions& o) { o.compact = true; }), Error);  // PATH.compact
        for (const char* beside : {".creating", ".compact"})
            CHECK(fs::exists(db.string() + beside + "/kladblok.txt") == (std::string(beside) == ".compact"));
        CHECK(Xapian::Database(db.string()).get_doccount() == 3);
    }
    SECTION("a new index killed before its first commit is made again, not refused as another tool's") {
        // A kill -9 as Xapian made PATH.creating's shard left a database
        // with no document and no metadata: every later run stopped, exit 78.
        const fs::path db = tmp.path / "k.db";
        fs::create_directories(db.string() + ".new.creating");  // a --full's of two shards, killed in the first
        write(db.string() + ".new.creating/XAPIANDB", "auto shard-0\nauto shard-1\n");
        for (const std::string& shard : {db.string() + ".creating", db.string() + ".new.creating/shard-0"})
            Xapian::WritableDatabase(shard, Xapian::DB_CREATE).commit();
        CHECK(index(db, corpus, 1).docs_in_index == 3);
        CHECK_FALSE(fs::exists(db.string() + ".creating"));
        CHECK_FALSE(fs::exists(db.string() + ".new.creating"));  // removed with a warning, as a --full's
    }
    SECTION("an index of knipsel's, sharded or not, damaged or empty, is rebuilt") {
        const fs::path one = tmp.path / "een.db", two = tmp.path / "twee.db", empty = tmp.path / "leeg";
        index(one, corpus, 1);
        index(two, corpus, 2);
        fs::create_directories(empty);
        for (const fs::path& db : {one, two, empty}) {
            CHECK(full(db).docs_in_index == 3);
            CHECK_FALSE(fs::exists(db.string() + ".new"));
        }
        // Damaged past opening: its files are all Xapian's, so --full is the way out.
        write(one / "iamglass", "kapot");
        CHECK(full(one).docs_in_index == 3);
    }
}

TEST_CASE("a .jsonl of many articles is indexed a chunk at a time, the same as all at once", "[index_run]") {
    TempDir tmp;
    const fs::path corpus = tmp.path / "corpus";
    fs::create_directories(corpus);
    // Three chunks and a bit (docs_per_chunk is 256).
    const int n = 800;
    auto line = [](int i, const std::string& extra = "") {
        return "{\"id\":\"r" + std::to_string(i) + "\",\"title\":\"Bericht " + std::to_string(i) +
               "\",\"date\":\"2020-01-02\",\"body\":\"De minister sprak over sancties. Kenmerk" + std::to_string(i) +
               extra + ".\"}\n";
    };
    auto write_lines = [&](auto&& text_of) {
        std::string all;
        for (int i = 0; i < n; ++i) all += text_of(i);
        write(corpus / "archief.jsonl", all);
        bump_mtime(corpus / "archief.jsonl");
    };
    write_lines([&](int i) { return line(i); });
    const fs::path db = tmp.path / "k.db";
    RunSummary first = index(db, corpus, 1);
    CHECK(first.added == n);
    CHECK(Xapian::Database(db.string()).get_doccount() == n);
    auto has = [&](const std::string& term) { return Xapian::Database(db.string()).term_exists(term); };
    CHECK(has("kenmerk0"));
    CHECK(has("kenmerk799"));

    SECTION("a changed line in a later chunk is replaced, lines removed anywhere are removed") {
        write_lines([&](int i) {
            if (i % 100 == 7) return std::string();  // 8 lines gone, in every chunk
            return i == 600 ? line(i, " gewijzigd") : line(i);
        });
        RunSummary again = index(db, corpus, 1);
        CHECK(again.replaced == 1);
        CHECK(again.removed == 8);
        CHECK(again.unchanged == n - 9);
        CHECK(Xapian::Database(db.string()).get_doccount() == n - 8);
        CHECK(has("gewijzigd"));
        CHECK_FALSE(has("kenmerk707"));
        CHECK(has("kenmerk708"));
    }
    SECTION("with a bad line in the last chunk, no document of the file is removed") {
        write_lines([&](int i) {
            if (i == 790) return std::string("{kapot\n");
            return i < 10 ? std::string() : line(i);
        });
        RunSummary again = index(db, corpus, 1);
        CHECK(again.errors.size() == 1);
        CHECK(again.removed == 0);
        CHECK(Xapian::Database(db.string()).get_doccount() == n);
    }
}

TEST_CASE("an index inside the folder it indexes leaves its own files out, without a word", "[index_run]") {
    TempDir tmp;
    const fs::path corpus = news_corpus(tmp.path, 3);
    const fs::path db = corpus / "knipsel.db";  // the default --db, run in the archive itself
    for (int run = 0; run < 3; ++run) {
        const RunSummary s = run < 2 ? index(db, corpus, 1)
                                     : index_with(db, corpus, [](IndexOptions& o) { o.full = true; });
        INFO("run " << run);
        CHECK(s.warnings.empty());  // not "9 files of other formats skipped (6 .glass, ...)"
        CHECK(s.skipped == 0);
        CHECK(s.docs_in_index == 3);
    }
    // A folder of the same name elsewhere in the tree is an ordinary folder.
    fs::create_directories(corpus / "sub" / "knipsel.db");
    write(corpus / "sub" / "knipsel.db" / "notitie.txt", "title Notitie\n\nGewoon een artikel.\n");
    CHECK(index(db, corpus, 1).added == 1);
}

TEST_CASE("a feed of more than 16 MB is read whole", "[index_run]") {
    TempDir tmp;
    const fs::path corpus = tmp.path / "corpus";
    fs::create_directories(corpus);
    std::string body;
    for (int i = 0; i < 60; ++i) body += "sancties tegen Noord-Korea ";
    std::string rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>NOS</title>";
    int items = 0;
    while (rss.size() <= (std::size_t{17} << 20)) {  // past one article's 16 MB
        ++items;
        rss += "<item><title>Bericht " + std::to_string(items) + "</title><link>https://example.org/" +
               std::to_string(items) + "</link><description>" + body + "</description></item>";
    }
    rss += "</channel></rss>";
    write(corpus / "archief.rss", rss);
    const RunSummary s = index(tmp.path / "k.db", corpus, 1);
    std::string said;
    for (const auto& w : s.warnings) said += describe(w) + "\n";
    CHECK(said == "");
    CHECK(s.added == static_cast<std::size_t>(items));
}

TEST_CASE("--shards on an existing index of another number of shards is said, not silently ignored", "[index_run]") {
    TempDir tmp;
    const fs::path corpus = news_corpus(tmp.path, 3), db = tmp.path / "k.db";
    index(db, corpus, 1);
    const RunSummary s = index(db, corpus, 2);
    REQUIRE(s.warnings.size() == 1);
    CHECK_THAT(s.warnings[0].message, Catch::Contains("--shards 2 not applied: the index has 1 shard") &&
                                          Catch::Contains("--full --shards 2"));
    CHECK(s.unchanged == 3);
    CHECK(index(db, corpus, 1).warnings.empty());  // the number it has: nothing to say
    CHECK(index_with(db, corpus, [](IndexOptions& o) { o.shards = 2; o.full = true; }).warnings.empty());
    CHECK(shard_paths(db.string()).size() == 2);
}

TEST_CASE("running out of file descriptors says so, also when a commit names it inside its message", "[index_run]") {
    // As Xapian reports a failed commit: the cause inside the message, no errno string.
    const Xapian::DatabaseError commit(
        "Modifications failed (DatabaseOpeningError: Couldn't write new rev file: db/v.tmp (Too many open files)), "
        "and couldn't open at the old revision");
    const Error from_commit = translate(commit, "cannot commit to", "db");
    CHECK(from_commit.code() == Exit::io_error);
    CHECK(from_commit.hint().find("raise the open-files limit") != std::string::npos);
    // As an open reports it: the errno's string beside the message.
    const Xapian::DatabaseOpeningError opening("Couldn't open db/postlist.glass", EMFILE);
    CHECK(translate(opening, "cannot open index", "db").hint().find("raise the open-files limit") != std::string::npos);
    // Another failure keeps its own hint.
    const Xapian::DatabaseCorruptError corrupt("Bad block");
    CHECK(translate(corrupt, "cannot open index", "db").hint().find("open-files") == std::string::npos);
}

TEST_CASE("a full file system is said to be full, not a lock held by another writer nor a damaged index",
          "[index_run]") {
    // As Xapian reports a lock file it could not make on a file system out of inodes.
    const Xapian::DatabaseLockError lock(
        "Unable to get write lock on db.creating: Couldn't open lockfile: No space left on device");
    const Error from_lock = translate(lock, "cannot create index", "db.creating");
    CHECK(from_lock.code() == Exit::io_error);
    CHECK(from_lock.hint().find("is full") != std::string::npos);
    const Xapian::DatabaseOpeningError rev("Couldn't write new rev file: db/v.tmp", ENOSPC);
    CHECK(translate(rev, "cannot create index", "db").hint().find("damaged") == std::string::npos);
    CHECK(translate(rev, "cannot create index", "db").code() == Exit::io_error);
    // A lock that another writer holds is still that.
    const Xapian::DatabaseLockError held("Unable to get write lock on db: already locked");
    CHECK(translate(held, "cannot open index", "db").code() == Exit::temp_fail);
}
