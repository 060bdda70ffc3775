// Incremental runs of the indexer leave Xapian's spelling data as a fresh
// index of the same files would have it: a changed document moves only the
// words that differ, and every word's frequency stays its document count.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>

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

RunSummary index(const fs::path& db, const fs::path& corpus, unsigned shards) {
    IndexOptions o;
    o.db_path = db.string();
    o.schema_path = default_schema_path();
    o.roots = {corpus.string()};
    o.quiet = true;
    o.shards = shards;
    std::ostringstream out, diag;
    return run_index(o, out, diag);
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
    const fs::path corpus = tmp.path / "corpus";
    fs::create_directories(corpus);
    for (int i = 0; i < 12; ++i)
        write(corpus / ("art" + std::to_string(i) + ".txt"),
              "title Bericht " + std::to_string(i) + "\n\nDe minister sprak over sancties en de haven van " +
                  (i % 2 ? "Rotterdam" : "Antwerpen") + ". Bijzonder" + std::string(1, char('a' + i)) + " nieuws.\n");
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
