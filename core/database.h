// Opening knipsel indexes: the default path, the self-description check
// (schema and analyser recorded in the index), and the one place where
// Xapian's exceptions become knipsel::Error with an exit code.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "analyser.h"
#include "error.h"
#include "schema.h"

namespace knipsel {

// $KNIPSEL_DB, else "./knipsel.db".
std::string default_db_path();

// The index path without trailing slashes, so "k.db/" and "k.db" name the
// same index (and the same PATH.lock and PATH.new beside it).
std::string normalise_db_path(std::string path);

// Translates a Xapian exception met while doing `what` on the index at `path`.
Error translate(const Xapian::Error& e, const std::string& what, const std::string& path);

// A DatabaseModifiedError on an index that has no newer revision to read
// (`Database::reopen()` found none): no writer moved the blocks, so they
// are damaged, which no retry mends (exit 74, not "try again").
Error unchanged_but_modified(const std::string& what, const std::string& path);

// An index opened for searching, with the schema and analyser it was built with.
struct ReadIndex {
    Xapian::Database db;
    // A stub's shards, each on its own (the same connections as db), in db's
    // order: shard i holds db's documents i+1, i+1+N, ...
    std::vector<Xapian::Database> shards;
    Schema schema;
    std::unique_ptr<Analyser> analyser;
    std::vector<std::string> missing_shards;  // unreachable shards left out (allow_partial)
    bool remote = false;                      // some shard is served by xapian-tcpsrv
    // Searches leave out the copies of an article the index holds twice
    // (meta::twins): set by each search, as the index says.
    bool copies = false;
};

struct ReadOptions {
    bool allow_partial = false;   // leave out shards that cannot be reached or opened instead of failing
    unsigned connect_timeout_ms = 3000;
};

// Opens an index for reading: a database, or a stub (a folder holding
// XAPIANDB, or a stub file) whose lines name local shards ("auto PATH")
// and remote ones served by xapian-tcpsrv ("remote HOST:PORT", or Xapian's
// "remote :PROGRAM ARGS"). Missing -> exit 66 with a hint how to build one;
// an unreachable remote shard -> 69 naming it, a missing local one -> 66
// (or, with allow_partial, either left out and listed); one database listed
// twice (by its Xapian UUID) -> 66; not a knipsel index, or built by
// another analyser -> 78.
ReadIndex open_for_reading(const std::string& path, const ReadOptions& options = {});

// f() over the index, done again at its new revision when a writer commits
// meanwhile (a block it rewrote read as corrupt, too, unless that persists),
// at most five times: a search during a nightly re-index must work.
template <class F>
auto read_retrying(ReadIndex& index, const std::string& db_path, F&& f) {
    constexpr int max_attempts = 5;
    for (int attempt = 1;; ++attempt) {
        try {
            return f();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (!index.db.reopen()) throw unchanged_but_modified("cannot read", db_path);
            if (attempt == max_attempts)
                throw Error(Exit::temp_fail, "the index kept changing while reading it", "try again");
        } catch (const Xapian::DatabaseCorruptError& e) {
            if (attempt == max_attempts) throw translate(e, "cannot read", db_path);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            index.db.reopen();
        } catch (const Xapian::Error& e) {
            throw translate(e, "cannot read", db_path);
        }
    }
}

// The shards of the index at `path`: a plain Xapian database is one shard;
// a folder holding a Xapian stub file XAPIANDB with "auto NAME" lines has
// one shard per line (Xapian, quest, xapian-delve and Omega open such a
// folder as one database). Empty when nothing is there. Throws
// knipsel::Error (64) for a stub with remote shards, for one that lists
// other than the shard-0 … shard-N-1 create_index_layout made beside it
// (one made by hand over indexes of their own: searched, never written),
// and for one shard of a sharded index given as an index of its own.
std::vector<std::string> shard_paths(const std::string& path);

// The error for a --db that is a file (a stub's XAPIANDB, an article).
Error file_as_index_folder(const std::string& path);

// Creates a new, empty index at `path` that records this schema and
// analyser, with `shards` shards: a plain database for one, else a folder
// with shard-0 … shard-N-1 and the stub. Returns the shard paths.
std::vector<std::string> create_index_layout(const std::string& path, unsigned shards, const Schema& schema,
                                             const Analyser& analyser);

// Throws Error(Exit::config) unless the index was built with this schema
// and analyser (a new, empty index is fine).
void check_compatible(const Xapian::Database& db, const std::string& path, const Schema& schema,
                      const Analyser& analyser);

// Whether a knipsel index was made with this very schema (its settings
// and files) but another analyser: another version of knipsel, or one
// built with another lexicon (an upgrade), not a change of the user's.
bool made_by_another_knipsel(const Xapian::Database& db, const Schema& schema, const Analyser& analyser);

// Brings the index's synonyms (Xapian's synonym table and the recorded
// synonym file) in line with the schema's, and writes its self-description
// (meta::self) where it has none yet; true when it wrote anything.
bool write_synonyms(Xapian::WritableDatabase& db, const Schema& schema, const Analyser& analyser);

// Throws unless `path` may be replaced by a new index (knipsel-index
// --full): nothing there, an empty folder, or an index of knipsel's,
// whatever its schema; a shard Xapian cannot open (damaged: what --full is
// there to rebuild) only when each of its files is one of a Xapian
// database's. A file, a folder of other files or another tool's Xapian
// index is never replaced: a file -> 73, a folder -> 74, an index -> 78.
// `why` (the caller's reason to replace it) ends the message.
// `being_made`: `path` is where create_index_layout makes an index
// (PATH.creating), never a finished one: a stub there may also be cut short
// as it was written (empty, half a line), its shards begun beside it.
void check_replaceable(const std::string& path, const std::string& why, bool being_made = false);

// Opens an existing index shard for writing with this schema. An index
// built with another schema or analyser -> exit 78; a folder that is no
// Xapian index -> 74.
Xapian::WritableDatabase open_for_writing(const std::string& path, const Schema& schema,
                                          const Analyser& analyser);

}  // namespace knipsel
