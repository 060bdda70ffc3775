// knipsel-query's command line, parsed into a plain struct. All CLI11 use
// is in options.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace knipsel {

enum class SortOrder { relevance, date_ascending, date_descending };
enum class OutputFormat { text, json };
// How plain words combine: best = documents with every word first, then
// those with most of them; all = every word (strict AND); any = plain OR.
enum class MatchMode { best, all, any };

struct QueryOptions {
    std::string db_path;
    std::string query;  // the words of QUERY... joined by spaces
    unsigned count = 10;
    unsigned offset = 0;
    SortOrder sort = SortOrder::relevance;
    OutputFormat format = OutputFormat::text;
    MatchMode match = MatchMode::best;
    bool explain = false;
    bool facets = false;         // count every match by year, source and language
    bool exact = false;          // no spelling correction of the query
    bool allow_partial = false;  // search the reachable shards when a remote one is down
    unsigned connect_timeout_ms = 3000;
    // --show: the QUERY words are ids, whose stored articles are printed whole.
    // The ids (here and --like's) are as typed, UTF-8 or not (see show.h).
    bool show = false;
    std::vector<std::string> ids;
    // --like ID: the articles most like that one (its characteristic words,
    // searched as --any), the article itself left out; `query` then holds
    // the filters given beside it (datum:2019), if any.
    std::string like;
    std::vector<std::string> exclude_terms;  // documents' id terms that the search leaves out (set for --like)
    // For stderr before the results ("knipsel-query: warning: ..."): a query
    // word that was not UTF-8 and was read as windows-1252.
    std::vector<std::string> warnings;
};

// Parses argv; throws knipsel::Error(Exit::usage) on bad usage. Returns
// false when --help or --version was printed and the tool should exit 0.
// An argument that starts with '-' and is none of knipsel-query's options
// ("-Trump", "-3", "-") is a query word in its place, as after "--"; an
// unknown "--name" is an error. A query word that is not valid UTF-8 is read
// as windows-1252 (a Latin-1 terminal), with a warning.
bool parse_query_options(int argc, char** argv, QueryOptions& out);

// Text that is not UTF-8 read as windows-1252 (a Latin-1 terminal's
// "caf\xE9": "café").
std::string from_windows_1252(std::string_view s);

}  // namespace knipsel
