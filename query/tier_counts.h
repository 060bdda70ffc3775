// Exact counts of a plain query's tiers (the documents with at least k of
// its words) from the words' posting lists, without Xapian's matcher.
#pragma once

#include <optional>
#include <vector>

#include <xapian.h>

namespace knipsel {

struct ReadIndex;
struct BuiltQuery;

// counts[k-1]: the documents with at least k of the query's words (and
// its filters), exactly. Counted over a bitmap of document ids a word at
// a time: an OR of a word's forms and an AND of the words are then a pass
// over memory, where Xapian's matcher (weighing each document, or with
// BoolWeight still through its tree of posting lists) took the two
// "menu instellingen" counts 16 of the query's 27 M instructions (README,
// "Counts").
// nullopt when the query cannot be counted so (a remote shard, whose
// posting lists would each be a transfer, or a value-range filter): the
// caller then asks Xapian's matcher.
std::optional<std::vector<Xapian::doccount>> tier_counts(const ReadIndex& index, const BuiltQuery& built);

}  // namespace knipsel
