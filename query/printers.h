// Result printers: text for people, JSON for scripts, from the same
// SearchResult. The JSON shape is schemas/query-output.schema.json.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "facets.h"
#include "search.h"
#include "show.h"

namespace knipsel {

// Whether text output may mark words with ANSI bold: on a terminal, unless
// NO_COLOR is set and not empty (no-color.org) or TERM is "dumb".
// `no_color`, `term`: the environment's values, null when unset.
bool bold_wanted(bool terminal, const char* no_color, const char* term);
// `bold`: mark matched words with ANSI bold (see bold_wanted).
// `facets`: the counts of --facets, printed after the hits (null: none).
void print_text(const SearchResult& result, std::ostream& out, bool bold, const Facets* facets = nullptr);
// `missing_shards`: shards left out with --allow-partial (adds "partial").
void print_json(const SearchResult& result, const std::vector<std::string>& missing_shards, std::ostream& out,
                const Facets* facets = nullptr);
// knipsel-query --show: each stored article whole, its fields and then its
// text, line by line (the ids not found are the caller's to report).
void print_shown_text(const Shown& shown, std::ostream& out);
// The same as one JSON object: "articles" and "missing" (see README).
void print_shown_json(const Shown& shown, const std::vector<std::string>& missing_shards, std::ostream& out);
void print_explain(const SearchResult& result, const Analyser& analyser, const Schema& schema, std::ostream& out);

}  // namespace knipsel
