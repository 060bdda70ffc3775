// Query strings -> Xapian queries. The words are analysed by the index's
// own Analyser before Xapian's QueryParser sees them, so a query word is
// folded and stemmed exactly as the indexer did; the parser then supplies
// the syntax (phrases, AND/OR/NOT, wildcards, fields, date ranges).
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "analyser.h"
#include "schema.h"

namespace knipsel {

// One word of a plain query as the user sees it ("Noord-Korea" is one),
// with the index terms that count as a match of it.
struct QueryWord {
    std::string text;  // as typed ("Verenigde Staten" for a synonym group)
    // Ways to match it (the word itself, its synonyms): one is enough;
    // each has parts that must all match, a part by any of its terms.
    std::vector<std::vector<std::set<std::string>>> alternatives;
};

// How much an exact match of a word adds to its stem match (BM25 weight
// factor of the unstemmed term): exact words outrank inflections and
// compound parts. Chosen on the judged queries (docs/analysis.md, "Ranking"): with
// the grown corpus 0.3 / 0.4 / 0.5 / 0.7 gave nDCG@10 .906 / .905 / .906 /
// .907 and plain-query .851 / .854 / .853 / .847; at 0.3 an article with
// "verklaring" once fell under one with only "slotverklaring" and
// "vredesverklaring" (by 0.004 of weight), at 0.5 it stays above. (0.3
// for a word with synonyms, 0.5 for the others: .906 / .854, no better.)
inline constexpr double exact_word_bonus = 0.5;
// How much a compound query word's parts written apart count against the
// compound itself: near each other ("verlichting van de sancties" for
// "sanctieverlichting", within compound_parts_window positions, stopwords
// counted, either order; a part by any word its stem begins), and, less,
// anywhere in the article ("top" and "ontmoeting" in an article on a
// summit); words typed apart that spell a synonym count
// compound_parts_weight anywhere. Measured on the judged queries (with the
// corpus of commit 0393eb5; compound / overall / plain-query nDCG@10):
//   anywhere only at 0.25 (before):            .856 / .908 / .836
//   near only, window 6, same-stem forms:      .850 / .903 / .825
//   near 0.25, window 6, prefix forms:         .850 / .904 / .843
//   near 0.25 + anywhere 0.1, window 6:        .857 / .906 / .851
//     near weight 0.5 / 1.0:                   .855, .849 / .906, .905 / .850, .849
//     anywhere 0.25:                           .856 / .906 / .851
//     window 3 / 4 / 8 / 12:                   plain .840 / .839 / .850 / .843
inline constexpr double compound_parts_weight = 0.25;
// How much a group's related member ("~Amerikaans" beside "VS") counts
// against the group's members: an article on "Amerikaanse sancties" is on
// US sanctions, but one that writes "VS" is nearer. Measured on the judged
// queries when the country adjectives were added (overall / plain-query
// nDCG@10; without them .907 / .869): 0.15 .908 / .869, 0.2 .909 / .869,
// 0.25 .908 / .870, 0.3 .908 / .870, 0.5 .906 / .870, 0.7 .900 / .867,
// 1.0 .897 / .872 -- flat up to 0.4, worse above (short articles that only
// say "Amerikaanse" then outrank the ones on the VS).
inline constexpr double related_weight = 0.25;
inline constexpr double compound_parts_anywhere_weight = 0.1;
inline constexpr unsigned compound_parts_window = 6;

struct BuiltQuery {
    Xapian::Query query;                     // the query as written; plain words joined by AND
    // A plain query (words and filters only, no operators, phrases or
    // wildcards) can also be run as "every word" / "any word":
    bool plain = false;
    // Operators (AND, OR, NOT, XOR, NEAR, ADJ, EN, OF, NIET, a word excluded
    // with '-'): "with every word" has no meaning for the query's hits.
    bool operators = false;
    // at_least[k-1]: documents with at least k of the plain words (filters
    // still required); at_least[0] is "any word", at_least.back() "every
    // word" (for more than 8 words only these two).
    std::vector<Xapian::Query> at_least;
    std::vector<Xapian::Query> word_queries;  // of a plain query: its words' queries, at_least's parts
    Xapian::Query filter;                     // and its filters (empty: none)
    Xapian::Query lang_filter;                // and of those the languages it keeps to (lang:en, -taal:nl)
    std::vector<QueryWord> query_words;      // plain words that are not stopwords
    std::string folded;                      // the text QueryParser parsed
    std::map<std::string, std::string> typed_units;  // "1/5" (as parsed, a phrase) -> "1,5" (as typed)
    std::set<std::string> words;             // folded query words, for highlighting
    std::set<std::string> stems;             // their stems
    // For snippets: the words and stems that are marked wherever they
    // stand, and phrases whose words are marked only together, in their
    // order (a phrase typed, a synonym member of several words, the letters
    // of "U.S.", the parts of "2.000" or "Jong-un"): folded words, a
    // stopword as it is, another word by its stem.
    std::set<std::string> loose_words;
    // The loose stems by the language whose stemmer gave them ("nl", "en"):
    // a Dutch article is marked by the Dutch stems only (the English stem
    // of "verlies" is "ver", another word in Dutch).
    std::map<std::string, std::set<std::string>> loose_stems;
    std::set<std::vector<std::string>> phrases;  // (a set: a 10,000-word query repeats them)
    std::vector<std::string> wildcard_heads; // "denucleari" for denucleari*
    // Stopwords typed with their accents ("één"): folded word -> the forms
    // typed, so that snippets mark "één" and not every "een".
    std::map<std::string, std::set<std::string>, std::less<>> marked_stopwords;
    std::vector<std::string> synonyms_used;  // "VS = Verenigde Staten = ...", groups a plain query used
    std::vector<std::string> unknown_filters;  // "taal:engels (taal: nl, en)": filter values no article has
    // "auteur: is no field of this index (title/titel:, ...); searched as the phrase \"auteur Kim\"":
    // a name before a colon that is no field, searched as words.
    std::vector<std::string> unknown_fields;
    // "a range of years is written datum:2017..2019", for a "2017-2019" that finds nothing.
    std::string range_hint;
    // "datum:12-maart-2019", for a date typed as words ("12 maart 2019").
    std::string date_hint;
    std::vector<std::string> repairs;          // "a ')' without its '(' was left out": what the query lost to parse
    std::string lang_prefix;  // the language filter's term prefix ("L"), "" when the schema has none
};

// A query with its phrases' quotes (straight or typographic) taken out,
// its words loose; "" when it has none. With `signs`, the analyser that
// names the signs, a percentage (a phrase: "7%") is loose too ("7 procent").
std::string without_quotes(const std::string& text, const Analyser* signs = nullptr);

// The most words (stopwords aside) a query may have.
inline constexpr std::size_t max_query_words = 100;

// Builds the query; a query Xapian cannot parse throws knipsel::Error (65),
// one of more than max_query_words words knipsel::Error (64). `between`
// joins the words of a query with operators, a phrase or a `-` word: AND,
// or OR for --any ("--any sancties Iran -taal:en").
BuiltQuery build_query(const std::string& text, const Xapian::Database& db, const Schema& schema,
                       const Analyser& analyser, Xapian::Query::op between = Xapian::Query::OP_AND);

// A corrected query: each word the index does not know (neither the word
// nor its stem) replaced by Xapian's spelling suggestion, within the text
// as typed, or split in two words that some article has together when
// typed without its space; a hyphenated word no article writes, with its
// parts apart when some article has them all ("Hanoi-top" -> "Hanoi
// top"); empty when nothing could be corrected.
// With `rare_docs`, instead, each word the index has in 1 to `rare_docs`
// documents (a misspelling some articles share: "yongbion") is replaced
// by a word one edit away in ten times as many documents or more.
// Xapian's remote backend serves no spelling data: with `scan_terms`, the
// suggestion is instead the most frequent index word within two edits
// that starts with the same two letters. `shards`: a stub's local shards
// (db's), each asked on its own. `only_say` is set when a word typed as a
// name ("Biden") became one the archive writes in small letters
// ("bieden"): a suggestion to show, not to search in its place.
std::string spelling_correction(const std::string& text, const BuiltQuery& q, const Xapian::Database& db,
                                const std::vector<Xapian::Database>& shards, const Analyser& analyser,
                                bool scan_terms = false, Xapian::doccount rare_docs = 0, bool* only_say = nullptr);

// The words of a plain query that a document's matching terms cover.
std::vector<std::string> matched_words(const BuiltQuery& q, const std::set<std::string>& matching_terms);

// The words of a plain query an article has, from its stored title, body
// and language, analysed again by make_document (`analyser` is the index's
// main one): the same answer as matched_words() on Xapian's matching terms,
// without fetching each hit's term list (a large transfer from a remote shard).
std::vector<std::string> matched_words_in_text(const BuiltQuery& q, const Schema& schema, const Analyser& analyser,
                                               const std::string& title, std::string_view body, const std::string& lang);

// The analysed terms of the query words, one line each, for --explain;
// with the index's schema, a field's name is no word ("titel:Hanoi" is
// "hanoi in the title", "datum:2019" a date filter).
std::vector<std::string> explain_terms(const std::string& text, const Analyser& analyser,
                                       const Schema* schema = nullptr);

// What the notation of a Xapian query's description means ("Zword", "0.5
// *", "FILTER Len"), for those it uses, in one line for --explain.
std::string explain_notation(const std::string& description);

}  // namespace knipsel
