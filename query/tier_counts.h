// Exact counts of a plain query's tiers (the documents with at least k of
// its words) from the words' posting lists, without Xapian's matcher.
#pragma once

#include <optional>
#include <vector>

#include <xapian.h>

namespace knipsel {

struct ReadIndex;
struct BuiltQuery;

// counts[k-1]: the documents built.at_least[k-1] matches, exactly: those
// with at least k of the query's words (and its filters), or, past 8
// words, with any word and with every word. Counted over a bitmap of
// document ids a word at a time: an OR of a word's forms and an AND of the
// words are then a pass over memory, where Xapian's matcher (weighing each
// document, or with BoolWeight still through its tree of posting lists)
// took the two "menu instellingen" counts 16 of the query's 27 M
// instructions (docs/performance.md, "Tier counts from the posting lists").
// nullopt when the query cannot be counted so (a remote shard, whose
// posting lists would each be a transfer, or a wildcard): the caller then
// asks Xapian's matcher. A date range is read from its slot's values.
std::optional<std::vector<Xapian::doccount>> tier_counts(const ReadIndex& index, const BuiltQuery& built);

// How many documents `query` matches, counted the same way (a query of
// filters only, or with operators and `-` words, whose count Xapian only
// estimates: datum:2019 was "about 100" on its first page for 4,996);
// nullopt where tier_counts() would give none.
std::optional<Xapian::doccount> match_count(const ReadIndex& index, const Xapian::Query& query);

}  // namespace knipsel
