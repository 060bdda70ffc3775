// The Dutch analysis chain, one code path for the indexer and the query
// tool: Unicode normalisation (NFKD) and full case folding, diacritics
// dropped (één -> een), typographic apostrophes and hyphens unified,
// hyphenated words kept whole and split into parts (Noord-Korea -> noord,
// korea, noordkorea), Dutch clitics removed (zo'n -> zo) but the plural "'s"
// kept (auto's, stemmed as auto), stopwords, and
// the stemmer the schema names with knipsel's Dutch plural rules.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include <tsl/robin_map.h>
#include <tsl/robin_set.h>
#include <xapian.h>

#include "compounds.h"
#include "schema.h"

namespace knipsel {

// Bump when any change alters the terms or values a document gets: indexes
// built by an older version are then refused with "re-index" (exit 78).
inline constexpr int analyser_version = 10;

// Longest term indexed, in bytes; longer words are skipped (as omindex does)
// and never reach Xapian's 245-byte limit.
inline constexpr std::size_t max_term_bytes = 64;

struct Token {
    enum class Kind : std::uint8_t {
        word,   // a word or one part of a hyphenated word
        whole,  // a hyphenated word joined ("noordkorea"), or an abbreviation with points ("V.S." -> "vs"),
                // at the position of its first part
    };
    std::string term;          // the folded form
    std::uint32_t pos = 0;     // word position, counting from 0 (a whole shares its first part's)
    std::uint32_t begin = 0;   // byte offsets of the word in the analysed text
    std::uint32_t end = 0;
    Kind kind = Kind::word;
};

// Removes the characters a page puts inside words to mark where a line
// may break, which a reader never sees: the soft hyphen (U+00AD, "&shy;",
// which news sites put in long compounds: "vredes&shy;verklaring"), the
// zero-width space (U+200B), the word joiner (U+2060) and a stray
// zero-width no-break space (U+FEFF). Left in, they split the word. The
// parsers remove them from every article, and a query from what is typed.
void remove_invisible(std::string& text);

// An abbreviation written with points ("V.S.", "d.w.z."): whether the
// word at [begin, end) of `text` is one of its letters (one ASCII letter
// followed by a point), and whether a run of such letters starting at
// `begin` starts clean (not glued to a point before it: "nr.a.b."). One
// rule for the indexer's tokens and the snippets' words.
bool acronym_letter(std::string_view text, std::size_t begin, std::size_t end);
bool acronym_starts_clean(std::string_view text, std::size_t begin);

class Analyser {
public:
    explicit Analyser(const AnalysisSpec& spec);

    // All tokens of a text, in order. Words longer than max_term_bytes give
    // no token but still take a position.
    std::vector<Token> tokenise(std::string_view text) const;

    // The word tokens of a text as tokenise() gives them (same terms and
    // offsets, no Kind::whole), handed one at a time to
    // visit(std::string_view term, std::uint32_t begin, std::uint32_t end)
    // without building a vector: snippets read whole bodies this way. `term`
    // is valid during the call only.
    template <class Visit>
    void each_word(std::string_view text, Visit&& visit) const {
        using V = std::remove_reference_t<Visit>;
        scan_words(
            text,
            [](void* v, std::string_view term, std::uint32_t begin, std::uint32_t end, bool) {
                if (term.size() <= max_term_bytes) (*static_cast<V*>(v))(term, begin, end);
            },
            const_cast<void*>(static_cast<const void*>(std::addressof(visit))));
    }

    // The stem of a folded term (the Z term's text). Cached per analyser.
    std::string stem(const std::string& term) const;
    // True when a stem always starts with its word's first letter, or with
    // its third for a word in "ge-" (a participle: gelanceerd -> lancer, as
    // lanceren), as with Snowball's Dutch and English stemmers and the verb
    // rules (Kraaij-Pohlmann drops other prefixes too): snippets then stem
    // only words that can match.
    bool stem_keeps_first_letter() const { return stem_keeps_first_letter_; }

    // The parts of a folded compound word, coarse and fine, each once
    // ("kernwapenprogramma" -> kernwapen, programma, kern, wapen); empty for
    // a word that is no compound or when the schema splits none. Cached.
    const std::vector<std::string>& compound_parts(const std::string& term) const;
    // The coarsest split of a folded compound ("sanctieverlichting" ->
    // sanctie, verlichting); empty when it is none. Not cached.
    std::vector<std::string> compound_split(const std::string& term) const;
    bool is_stopword(std::string_view term) const { return stopwords_.find(term) != stopwords_.end(); }

    // Everything the indexer derives from one folded term, found with one
    // cache lookup instead of one each for the stopword list, the stem and
    // the compound parts (and their stems): the indexer's hot path.
    struct TermInfo {
        bool stopword = false;
        std::string stem;                     // stem(term); empty for a stopword
        std::vector<std::string> part_stems;  // stem() of each of compound_parts(term), in order
    };
    // Valid until the next call (the cache starts afresh when full).
    const TermInfo& term_info(std::string_view term) const;

    // Rewrites text for Xapian's QueryParser: each word becomes its folded
    // form (hyphenated words keep their hyphens, so the parser makes them a
    // phrase of the parts), everything else is kept. With keep_operators,
    // the operators AND, OR, NOT, XOR, NEAR and ADJ stay upper case.
    std::string fold_text(std::string_view text, bool keep_operators) const;

    // A stopword written with accents, which Dutch puts on a few to mean
    // something else ("één" the number, not "een" the article; "vóór"):
    // its term with the accents kept ("één"), which the indexer adds beside
    // the folded one and a query for it searches. "" for any other word
    // (`original` is the text a token was made from, `term` its term).
    std::string marked_stopword(std::string_view original, std::string_view term) const;

    // A Xapian::Stem that calls stem(), for QueryParser and TermGenerator.
    Xapian::Stem xapian_stem() const;

    // The language this analyser is for ("nl").
    const std::string& language() const { return spec_.language; }

    // The analyser for articles in `lang`: another language's the schema
    // configures ([analysis.en]), else this one.
    const Analyser& for_language(std::string_view lang) const;

    // The other languages' analysers, for queries that must match them all.
    const std::vector<std::unique_ptr<Analyser>>& others() const { return others_; }

    // The configured other language (with detect = true) that an untagged
    // text reads as, by the share of its stopwords among the first words
    // against this language's; empty when it reads as this language.
    std::string detect_language(std::string_view text) const;
    // The same, given `tokens` == tokenise(text): what the indexer has at
    // hand anyway, so the text is not tokenised a second time for this.
    std::string detect_language(std::string_view text, const std::vector<Token>& tokens) const;

    // What determines the terms: recorded in the index, compared on open.
    std::string identity() const { return identity_; }

private:
    // Whether a folded noun has a LexiconFlag of its plural (wapen: its
    // plural adds -s), by hunspell-nl, directly or by a compound's last part.
    bool noun_flag(std::string_view word, std::uint16_t flag) const;
    // The infinitive of a conjugated weak verb (lanceert, lanceerde,
    // lanceerden, gelanceerd, gelanceerde: lanceren), by hunspell-nl's verb
    // forms; empty for any other word, and for a form that is also a noun
    // (staat, plant, ruimte).
    std::string verb_infinitive(std::string_view word) const;

public:
    // Whether `word` is a compound with `part` (a stem, or any start of a
    // part) as one of its two parts, cut where lexicon words meet: for
    // snippets, which mark "sanctieverlichting" for "sancties". Lexicon
    // lookups only: no hyphenation patterns are loaded for it.
    bool has_compound_part(std::string_view word, std::string_view part) const;

private:
    std::uint8_t char_class(int32_t cp) const;
    std::string stem_uncached(const std::string& term) const;
    void fold_codepoint(int32_t cp, std::string& out) const;
    // The one word scanner under tokenise() and each_word(): each word, its
    // apostrophe clitics handled, with whether a hyphen joins it to the
    // word before ("noord" "korea").
    using WordSink = void (*)(void* context, std::string_view term, std::uint32_t begin, std::uint32_t end,
                              bool hyphen_joined);
    void scan_words(std::string_view text, WordSink sink, void* context) const;

    AnalysisSpec spec_;
    // Xapian::Stem and the caches are not thread-safe: one Analyser per thread.
    mutable Xapian::Stem snowball_;
    mutable std::unordered_map<std::string, std::string> stem_cache_;
    mutable std::unordered_map<std::string, std::vector<std::string>> parts_cache_;
    // Looked up by string_view: the indexer asks for every distinct word of
    // every article, most of them already there. Open addressing with the
    // hashes stored: std::unordered_map's chains cost a division and a cache
    // miss a step (its lookups were 5 % of a full index's CPU time, now 3 %).
    struct ViewHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    mutable tsl::robin_map<std::string, TermInfo, ViewHash, std::equal_to<>,
                           std::allocator<std::pair<std::string, TermInfo>>, true>
        info_cache_;
    std::shared_ptr<const CompoundSplitter> splitter_;  // shared by the process's analysers
    std::vector<std::unique_ptr<Analyser>> others_;
    bool plural_rules_ = false;
    bool stem_keeps_first_letter_ = false;
    bool case_only_ = false;  // fold = "case": keep diacritics and compatibility forms
    tsl::robin_set<std::string, ViewHash, std::equal_to<>> stopwords_;  // looked up by string_view
    std::vector<std::uint8_t> class_table_;  // CharClass of U+0000..U+024F
    std::array<char, 256> ascii_fold_{};      // an ASCII letter or digit byte's folded form, else 0
    std::string identity_;
};

}  // namespace knipsel
