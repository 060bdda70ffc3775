// knipsel-index's command line, parsed into a plain struct. All CLI11 use
// is in options.cpp.
#pragma once

#include <string>
#include <vector>

namespace knipsel {

struct IndexOptions {
    std::string db_path;
    bool db_named = false;           // by --db or $KNIPSEL_DB, not the default
    std::string schema_path;
    bool schema_given = false;       // --schema was on the command line (a re-index hint repeats it)
    std::vector<std::string> roots;  // empty: the roots recorded in the index
    unsigned batch_size = 2000;      // documents per commit
    bool json = false;               // summary as one JSON object
    bool quiet = false;              // no warnings, no progress, no text summary
    bool full = false;               // rebuild into a new index, swapped in when complete
    std::vector<std::string> forget;  // --full: recorded folders (or files) to rebuild without
    bool dry_run = false;            // report what would change, change nothing
    bool prune = true;               // remove documents of files that vanished
    double wait_seconds = 0;         // wait this long for another writer's lock
    unsigned threads = 0;            // worker threads for reading and analysis; 0: one per core
    unsigned shards = 0;             // shards of a new index; 0: by size (see shard_count)
    bool compact = false;            // afterwards, merge the shards into one compacted database
    bool explain = false;            // print the documents and terms the roots (files) give; index nothing
};

// Parses argv; throws knipsel::Error(Exit::usage) on bad usage. Returns
// false when --help or --version was printed and the tool should exit 0.
bool parse_index_options(int argc, char** argv, IndexOptions& out);

}  // namespace knipsel
