// Query strings -> Xapian queries. The words are analysed by the index's
// own Analyser before Xapian's QueryParser sees them, so a query word is
// folded and stemmed exactly as the indexer did; the parser then supplies
// the syntax (phrases, AND/OR/NOT, wildcards, fields, date ranges).
#pragma once

#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "analyser.h"
#include "schema.h"

namespace knipsel {

struct BuiltQuery {
    Xapian::Query query;
    std::string folded;                      // the text QueryParser parsed
    std::set<std::string> words;             // folded query words, for highlighting
    std::set<std::string> stems;             // their stems
    std::vector<std::string> wildcard_heads; // "denucleari" for denucleari*
};

// Builds the query; a query Xapian cannot parse throws knipsel::Error (65).
BuiltQuery build_query(const std::string& text, const Xapian::Database& db, const Schema& schema,
                       const Analyser& analyser);

// The analysed terms of the query words, one line each, for --explain.
std::vector<std::string> explain_terms(const std::string& text, const Analyser& analyser);

}  // namespace knipsel
