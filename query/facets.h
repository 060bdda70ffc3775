// Counts of a query's matches by year, source and language (knipsel-query
// --facets): how a topic spreads over time and over the archive's sources.
// Read from value slots with Xapian's ValueCountMatchSpy, so they are the
// same on one database, local shards and xapian-tcpsrv shards.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "analyser.h"
#include "schema.h"

namespace knipsel {

struct FacetCount {
    std::string value;  // "2019", "Persbureau Noordzee", "nl"
    Xapian::doccount count = 0;
};

struct Facet {
    // "year" (of the date field; then "month" too when every dated match is
    // of one year), or a boolean field's name ("source", "lang")
    std::string field;
    std::vector<FacetCount> counts;  // years in order; other values by count, most first
    Xapian::doccount without = 0;    // matches with no value for it (an undated article)
};

struct Facets {
    Xapian::doccount matches = 0;  // every match, counted
    std::vector<Facet> facets;
};

// The facets the schema has slots for (the date field's years, and months
// when they are all of one year, then each
// boolean field with a slot, in the schema's order) over every match of
// `query`. Each such field is listed whatever the matches, so that a
// script finds "source" with empty counts where no match (or no article)
// has one. A filter field's values that `analyser` folds alike are one, as
// its filter takes them ("Het Blad", "het blad").
Facets count_facets(const Xapian::Database& db, const Xapian::Query& query, const Schema& schema,
                    const Analyser& analyser);

// The same fields with nothing counted: the facets of no matches (a query
// without hits, --like with an id no article has).
Facets no_facets(const Schema& schema);

}  // namespace knipsel
