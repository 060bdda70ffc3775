// Running a query against an open index: ranking, sorting, paging and
// snippets, retried on Xapian's DatabaseModifiedError so that a search
// during a re-index sees the last committed state instead of failing.
#pragma once

#include <string>
#include <vector>

#include "database.h"
#include "options.h"
#include "query_builder.h"
#include "snippet.h"

namespace knipsel {

struct Hit {
    unsigned rank = 0;  // 1-based, counting the offset
    double score = 0;
    std::string id, path, title, date, source, url, lang;
    Snippet snippet;
    bool matched_all = true;            // has every word of a plain query
    std::vector<std::string> matched;   // the plain query's words it has
    std::vector<std::string> copies;    // ids of the same article saved elsewhere, shown as this one
};

struct SearchResult {
    std::string query;
    std::string like;  // --like: the id of the article the hits are like (query: its words)
    // --like: its id when no article has it (the JSON's "missing", as --show's), else empty
    std::vector<std::string> missing;
    BuiltQuery built;
    // The query whose matches these are: with --any or the default tiers,
    // the query of any word (the tiers rank within it); else built.query.
    Xapian::Query matched;
    // That query, or built.query when `matched` is empty: what --explain,
    // the JSON's "parsed" and --facets report on.
    const Xapian::Query& listed_query() const { return matched.empty() ? built.query : matched; }
    bool tiered = false;  // the default matching: every word first, then fewer
    Xapian::doccount total = 0;      // all matches: counted, or Xapian's estimate
    bool total_exact = false;        // total is a count, not an estimate
    Xapian::doccount total_all = 0;  // of which have every word (plain queries)
    std::vector<Hit> hits;
    double millis = 0;
    // "Bedoelde u": the query with the words the index does not know
    // corrected, when the query as typed found no document with every word.
    std::string suggestion;
    bool corrected = false;  // the hits are the suggestion's (not with --exact)
    // A query with phrases that found nothing: the same words without the
    // quotes, when some documents have them, and how many (not run for the
    // hits: a phrase typed is meant, and "no results" stays the answer).
    std::string unquoted;
    Xapian::doccount unquoted_total = 0, unquoted_total_all = 0;
};

SearchResult search(ReadIndex& index, const QueryOptions& options);

// Call once at start: lets the heap keep the memory a search frees.
// glibc's default hands it back to the kernel after each large free, and
// on a VM that munmap and TLB flush cost more than the search itself. The
// first megabyte of heap, about what one query process touches (Xapian's
// block buffers, the hits' text, the snippets), is mapped at once: a page
// fault costs ~11 µs on such a VM, and a query took ~180 of them there.
void keep_freed_memory();

}  // namespace knipsel
