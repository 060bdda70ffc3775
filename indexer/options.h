// knipsel-index's command line, parsed into a plain struct. All CLI11 use
// is in options.cpp.
#pragma once

#include <string>
#include <vector>

namespace knipsel {

struct IndexOptions {
    std::string db_path;
    std::string schema_path;
    std::vector<std::string> roots;
    unsigned batch_size = 2000;  // documents per commit
    bool json = false;           // summary as one JSON object
    bool quiet = false;          // no warnings, no summary on stderr
};

// Parses argv; throws knipsel::Error(Exit::usage) on bad usage. Returns
// false when --help or --version was printed and the tool should exit 0.
bool parse_index_options(int argc, char** argv, IndexOptions& out);

}  // namespace knipsel
