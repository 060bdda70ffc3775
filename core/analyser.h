// The Dutch analysis chain, one code path for the indexer and the query
// tool: Unicode normalisation (NFKD) and full case folding, diacritics
// dropped (één -> een), typographic apostrophes and hyphens unified,
// hyphenated words kept whole and split into parts (Noord-Korea -> noord,
// korea, noordkorea), Dutch clitics removed (zo'n -> zo) but the plural "'s"
// kept (auto's, stemmed as auto), percent and currency signs beside a
// number as words of their own (25% -> 25, procent; €200 -> euro, 200),
// stopwords, and the stemmer the schema names with knipsel's Dutch plural
// rules.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include <tsl/robin_map.h>
#include <tsl/robin_set.h>
#include <unicode/utf8.h>
#include <xapian.h>

#include "compounds.h"
#include "fold.h"
#include "schema.h"

namespace knipsel {

// Bump when any change alters the terms or values a document gets: indexes
// built by an older version are then refused with "re-index" (exit 78).
inline constexpr int analyser_version = 25;

// Longest term indexed, in bytes; longer words are skipped (as omindex does)
// and never reach Xapian's 245-byte limit.
inline constexpr std::size_t max_term_bytes = 64;

struct Token {
    enum class Kind : std::uint8_t {
        word,   // a word or one part of a hyphenated word
        whole,  // a hyphenated word joined ("noordkorea"), or an abbreviation with points ("V.S." -> "vs"),
                // at the position of its first part; read as an article, also a run of a hyphenated word's
                // parts joined ("COVID-19-pandemie": "covid19")
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
// zero-width space (U+200B), the word joiner (U+2060), a stray
// zero-width no-break space (U+FEFF) and the noncharacters U+FFFE and
// U+FFFF (which XML refuses: Omega's xml page would not parse). Left in,
// they split the word. A word
// broken at a line's end, as typeset and exported text has it, is mended:
// a soft hyphen there goes with the line break ("ont<SHY>\nwapening":
// "ontwapening"), and a hyphen after a letter keeps to the word when the
// next line goes on in a small letter ("vredes-\nbesprekingen":
// "vredes-besprekingen", read as a hyphen inside a line is). The parsers
// do this to every article, and a query to what is typed.
void remove_invisible(std::string& text);

// The bidirectional controls (U+202A-U+202E, U+2066-U+2069) that turn the
// text after them around on screen: in a title, a source or a sample,
// where Omega's page and a terminal show it, "\u202Ekooc" would read
// "cook". Left out.
void remove_bidi_controls(std::string& text);

// An abbreviation written with points ("V.S.", "d.w.z."): whether the
// word at [begin, end) of `text` is one of its letters (one ASCII letter
// followed by a point), and whether a run of such letters starting at
// `begin` starts clean (not glued to a point before it: "nr.a.b."). One
// rule for the indexer's tokens and the snippets' words.
bool acronym_letter(std::string_view text, std::size_t begin, std::size_t end);
bool acronym_starts_clean(std::string_view text, std::size_t begin);

// A number written with points between its thousands ("12.000",
// "1.500.000"; in English with commas, `separator`: "28,500"): whether the
// word at [begin, end) of `text` can be one of its groups (the first of
// 1-3 digits, the others of 3, each after a separator), and whether a run
// of such groups from `begin` to `end` stands clean (not after a letter,
// digit or separator: "v1.000", "1.12.000"; not before a separator and a
// digit: "1.234.5"). One rule for the indexer's tokens and the snippets'
// words.
bool number_group(std::string_view text, std::size_t begin, std::size_t end, bool first, char separator = '.');
bool number_stands_clean(std::string_view text, std::size_t begin, std::size_t end, char separator = '.');

// How a text is read. An article's lower-case "vs" is "versus" ("Ajax vs
// PSV"), where the capitals "VS" are the country: Dutch writes the country
// in capitals, and queries are typed in small letters, so a query's "vs"
// stays the country. And an article's hyphenated word of three or more
// parts is also each run of its parts joined (Token::Kind::whole), which a
// query, whose hyphenated words are each one whole, does not need.
enum class Reading : std::uint8_t { query, article };

namespace analyser_detail {
// An article's "vs" in small letters (Reading::article): the word "versus".
inline constexpr std::string_view versus = "versus";
inline bool is_versus(std::string_view text, std::uint32_t begin, std::uint32_t end) {
    return end == begin + 2 && text[begin] == 'v' && text[begin + 1] == 's';
}
}  // namespace analyser_detail

class Analyser {
public:
    explicit Analyser(const AnalysisSpec& spec);

    // All tokens of a text, in order. Words longer than max_term_bytes give
    // no token but still take a position. Read as an article (the indexer's
    // reading), a hyphenated word of three or more parts also gives the
    // joined form of each shorter run of its adjacent parts, of up to
    // max_hyphen_run parts ("COVID-19-pandemie": covid19, 19pandemie, with
    // covid19pandemie; "Kim Jong-un-regime": jongun), and a part of one
    // letter joins the first word of the compound after it ("e-mailadres":
    // email), each at its first part's position: a query written joined
    // ("covid19", "email") finds the article. And "vs" is "versus" (Reading).
    std::vector<Token> tokenise(std::string_view text, Reading reading = Reading::query) const;
    // ... a stopword part breaks a run, a run of numbers alone is none
    // ("1-12-2019", "op-en-neer" and "day-to-day" give none), and a word of
    // more than max_hyphen_chain parts has none.
    static constexpr std::size_t max_hyphen_run = 4, max_hyphen_chain = 6;

    // The separator of a number's thousands in this language: ',' in
    // English ("28,500"), '.' in Dutch ("28.500", where "3,5" is a decimal).
    char thousands_separator() const { return thousands_separator_; }

    // The first bytes of the terms a caller looks for, as a table.
    using FirstBytes = std::array<bool, 256>;

    // The word tokens of a text as tokenise(text, Reading::article) gives
    // them (same terms and offsets, no Kind::whole), handed one at a time to
    // visit(std::string_view term, std::uint32_t begin, std::uint32_t end)
    // without building a vector: snippets read whole bodies this way. `term`
    // is valid during the call only. With `wanted`, a word whose term would
    // start with a byte it lacks is handed on with an empty term and its
    // offsets, unfolded: snippets need every word's place but only the
    // terms that can match. The visitor is inlined into the scanner.
    template <class Visit>
    void each_word(std::string_view text, Visit&& visit, const FirstBytes* wanted = nullptr) const {
        scan_words(
            text,
            [&visit, text](std::string_view term, std::uint32_t begin, std::uint32_t end, bool) {
                if (!term.empty() && analyser_detail::is_versus(text, begin, end)) term = analyser_detail::versus;
                if (term.size() <= max_term_bytes) visit(term, begin, end);
            },
            wanted);
    }

    // The stem of a folded term (the Z term's text). Cached per analyser.
    std::string stem(const std::string& term) const;
    // True when a stem always starts with its word's first letter, or with
    // its third for a word in "ge-" (a participle: gelanceerd -> lancer, as
    // lanceren), as with Snowball's Dutch and English stemmers and the verb
    // rules (Kraaij-Pohlmann drops other prefixes too): snippets then stem
    // only words that can match.
    bool stem_keeps_first_letter() const { return stem_keeps_first_letter_; }

    // The stem of a compound's part: stem(part), but by the rules alone
    // where the exceptions give the word a stem of its own (overheids|gelden
    // is geld's plural: Zgeld, where gelden alone is the verb, Zgelden),
    // unless they give it for parts too ("~~ronde ronde").
    std::string part_stem(const std::string& part) const;

    // The parts of a folded compound word, coarse and fine, each once
    // ("kernwapenprogramma" -> kernwapen, programma, kern, wapen); empty for
    // a word that is no compound or when the schema splits none. Cached.
    const std::vector<std::string>& compound_parts(const std::string& term) const;
    // The coarsest split of a folded compound ("sanctieverlichting" ->
    // sanctie, verlichting); empty when it is none. Not cached.
    std::vector<std::string> compound_split(const std::string& term) const;
    bool is_stopword(std::string_view term) const { return stopwords_.find(term) != stopwords_.end(); }
    // Whether a folded word is one of the language's own by its lexicon
    // (hunspell-nl's words in any of their forms), or splits into such
    // words as a compound: "woning", "woningen", "huurwoning". False
    // without a lexicon.
    bool is_dictionary_word(const std::string& term) const;

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
    // phrase of the parts), a sign beside a number its word, apart from the
    // number ("25%": "25 procent"), everything else is kept. With keep_operators,
    // the operators AND, OR, NOT, XOR, NEAR and ADJ stay upper case.
    std::string fold_text(std::string_view text, bool keep_operators) const;

    // A stopword written with accents, which Dutch puts on a few to mean
    // something else ("één" the number, not "een" the article; "vóór"):
    // its term with the accents kept ("één"), which the indexer adds beside
    // the folded one and a query for it searches. "" for any other word
    // (`original` is the text a token was made from, `term` its term).
    std::string marked_stopword(std::string_view original, std::string_view term) const;
    // Any word as marked_stopword() writes one: in lower case with its
    // accents ("Coöperatie": "coöperatie"), "" when folding took none away.
    std::string marked_form(std::string_view original, std::string_view term) const;
    // Each term that is a key of `forms` as `text` first writes it, in
    // marked_form(): "reunie" -> "reünie"; the term itself where folding
    // took nothing away, "" where the text lacks it.
    void written_forms(std::string_view text, std::unordered_map<std::string, std::string>& forms) const;

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

    // The word a percent or currency sign is in this analyser's language
    // ("procent" for "%", "euro" for "€"; English "percent", "pound"), when
    // the sign at text[begin, end) (the code point `cp`) stands beside a
    // number: "%" and "‰" after one ("25%", "25 %", "2,5%"), "€", "$", "£"
    // and "¥" before or after one ("€200", "€ 200", "200 €", "US$ 5").
    // Empty otherwise ("$HOME", a "%" in prose) and for a language without
    // sign words. The scanner calls it for each such sign it meets.
    std::string_view sign_word(std::string_view text, std::size_t begin, std::size_t end, char32_t cp) const;

private:
    // Whether a folded noun has a LexiconFlag of its plural (wapen: its
    // plural adds -s), by hunspell-nl, directly or by a compound's last part.
    bool noun_flag(std::string_view word, std::uint16_t flag) const;
    // A separable verb's participle (aangekondigd, opgeschort) or finite
    // form written joined (aankondigde, afschaft): its infinitive, or empty.
    std::string separable_infinitive(std::string_view word, bool also_noun = false) const;
    std::string joined_separable_form(std::string_view word) const;
    std::string compound_irregular_lemma(std::string_view word) const;
    std::string_view participle_in(std::string_view word) const;
    // The infinitive hunspell-nl has for a verb's stem (lanceer: lanceren), or empty.
    std::string infinitive_of(std::string_view verb_stem) const;
    // The infinitive of a conjugated weak verb (lanceert, lanceerde,
    // lanceerden, gelanceerd, gelanceerde: lanceren), by hunspell-nl's verb
    // forms, a separable verb's too (aangekondigd, aankondigde:
    // aankondigen); empty for any other word, and for a form that is also a
    // noun (staat, plant, ruimte) unless it is a separable verb's
    // participle (aangekondigd).
    std::string verb_infinitive(std::string_view word) const;
    // The infinitive of a finite form of a weak verb whose stem has three
    // letters (eist, eiste, eisten: eisen; legt, legde: leggen), which the
    // lexicon, of words of four letters or more, does not hold; empty for
    // any other word.
    std::string short_verb_infinitive(std::string_view word) const;
    // The infinitive of a weak verb's stem of three letters (eis: eisen;
    // leg: leggen), as the lexicon has it; empty if it has none, or with
    // `no_plural` if it is a noun's plural too (kappen: kap; for a
    // participle, which Snowball kept apart: gekapt is not the hood's).
    std::string short_stem_infinitive(std::string_view stem, bool no_plural = false) const;

    std::uint8_t char_class(int32_t cp) const {
        return cp < latin_fold_end ? class_table_[static_cast<std::size_t>(cp)] : classify_beyond_latin(cp);
    }
    static std::uint8_t classify_beyond_latin(int32_t cp);
    // own_stems: a form the exceptions give a stem of its own has it (a
    // whole word's stem), or is stemmed by the rules (a compound's part's).
    std::string stem_uncached(const std::string& term, bool own_stems = true) const;
    void fold_codepoint(int32_t cp, std::string& out) const;
    // The one word scanner under tokenise() and each_word(): each word, its
    // apostrophe clitics handled, handed to
    // sink(std::string_view term, std::uint32_t begin, std::uint32_t end, bool hyphen_joined)
    // with whether a hyphen joins it to the word before ("noord" "korea").
    // A template, so that each caller's sink is inlined into it (a call
    // through a pointer a word cost snippets 3 % of a query's time). With
    // `wanted` (each_word's), a word whose term starts with another byte is
    // not folded: its term is handed on empty, and not at all when the
    // term would be longer than max_term_bytes.
    template <class Sink>
    void scan_words(std::string_view text, Sink&& sink, const FirstBytes* wanted = nullptr) const;

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
    // Each sign's word (sign_word), in the order of analyser_detail::sign_index; empty: not a word.
    std::array<std::string_view, 6> sign_words_{};
    char thousands_separator_ = '.';
    std::string identity_;
};

// The scanner's pieces, in the header for Analyser::scan_words: not an API.
namespace analyser_detail {

// What a code point does in a word.
enum CharClass : std::uint8_t { other = 0, letter = 1, hyphen = 2, apostrophe = 3, sign = 4 };

// A sign that is a word beside a number (Analyser::sign_word): its index in
// the table of sign words, or -1. Percent signs first, then currencies.
constexpr int sign_index(char32_t cp) {
    switch (cp) {
    case U'%': return 0;
    case U'‰': return 1;
    case U'€': return 2;
    case U'$': return 3;
    case U'£': return 4;
    case U'¥': return 5;
    default: return -1;
    }
}
inline constexpr int first_currency_sign = 2;

// A superscript digit ("¹", "²", "³", "⁰", "⁴"-"⁹"): part of a unit's word
// after one or two letters ("m²", "km²", "cm³": unit_letters), and no part
// of any other word (a footnote marker, "onderzoek²"; a power, "10⁶"). A
// subscript digit is always its word's ("CO₂", "H₂O").
constexpr bool is_superscript_digit(std::int32_t cp) {
    return cp == 0xB2 || cp == 0xB3 || cp == 0xB9 || cp == 0x2070 || (cp >= 0x2074 && cp <= 0x2079);
}
// Whether text[begin, end) is one or two letters (with their marks): a unit a superscript digit belongs to.
bool unit_letters(std::string_view text, std::size_t begin, std::size_t end);

// The Dutch plural (or genitive) "'s" of a word ending in a vowel: auto's,
// foto's, Korea's.
inline constexpr std::string_view plural_s = "'s";

inline bool is_clitic(std::string_view s) { return s == "s" || s == "n" || s == "t"; }
// The suffix of a member or follower after an apostrophe (VVD'er, CDA'ers,
// D66'ster): kept with it, as "'s" is.
inline bool is_member_suffix(std::string_view s) { return s == "er" || s == "ers" || s == "ster" || s == "sters"; }

// Each byte of `bytes` that is an ASCII 'a'..'z' as its high bit; others
// 0. Seven-bit sums: no carry crosses a byte.
inline constexpr std::uint64_t high_bits = 0x8080808080808080ULL;
constexpr std::uint64_t lower_case_letters(std::uint64_t bytes) {
    constexpr std::uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL, ones = 0x0101010101010101ULL;
    const std::uint64_t b7 = bytes & low7;
    const std::uint64_t from_a = (b7 + (0x80 - 'a') * ones) & high_bits;      // >= 'a'
    const std::uint64_t past_z = (b7 + (0x80 - 'z' - 1) * ones) & high_bits;  // > 'z'
    return from_a & ~past_z & ~bytes & high_bits;
}
static_assert(lower_case_letters(0x617a407b60) == 0x8080000000, "a, z in; @, {, ` out");
// The same for any ASCII letter or digit, the bytes that are a word's
// (what a word not folded is skipped by): a capital as its lower case
// (| 0x20), a digit as it is.
constexpr std::uint64_t ascii_word_bytes(std::uint64_t bytes) {
    constexpr std::uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL, ones = 0x0101010101010101ULL;
    const std::uint64_t b7 = bytes & low7;
    const std::uint64_t digits = ((b7 + (0x80 - '0') * ones) & ~(b7 + (0x80 - '9' - 1) * ones)) & high_bits;
    return (lower_case_letters(bytes | 0x20 * ones) | digits) & ~bytes & high_bits;
}
static_assert(ascii_word_bytes(0x617a415a30392f3a) == 0x8080808080800000, "a, z, A, Z, 0, 9 in; /, : out");
static_assert(ascii_word_bytes(0x405b607b5f7f2000) == 0, "@, [, `, {, _, DEL, space out");
// How many of eight bytes read from memory come before the first whose high
// bit `marks` has.
constexpr int bytes_before(std::uint64_t marks) {
    return (std::endian::native == std::endian::little ? std::countr_zero(marks) : std::countl_zero(marks)) / 8;
}
static_assert(bytes_before(std::endian::native == std::endian::little ? 0x8000 : 0x0080000000000000ULL) == 1);

// A folded word or clitic, in a fixed buffer. Longer than max_term_bytes it
// is cut at max_term_bytes + 1 bytes: every user drops such a word anyway.
// Counting only, it keeps the size and not the bytes (a word not folded).
struct FoldBuffer {
    static constexpr std::size_t cap = max_term_bytes + 1;
    char text[cap];
    std::size_t size = 0;
    bool counting = false;

    void append(const char* p, std::size_t n) {
        n = std::min(n, cap - size);
        if (!counting) std::memcpy(text + size, p, n);
        size += n;
    }
    std::string_view view() const { return {text, counting ? 0 : size}; }
};

// A Hangul conjoining jamo (U+1100-U+11FF, U+A960-U+A97F, U+D7B0-U+D7FF):
// Hangul written decomposed (NFD, as a Mac's file names and some PDFs have
// it), which compose_jamo() makes the syllables a precomposed word folds to.
constexpr bool is_conjoining_jamo(std::int32_t cp) {
    return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xD7B0 && cp <= 0xD7FF);
}
// The folded word in `word` composed (NFC): "김정은" written in jamo is "김정은" in syllables.
void compose_jamo(FoldBuffer& word);

}  // namespace analyser_detail

template <class Sink>
void Analyser::scan_words(std::string_view text, Sink&& sink, const FirstBytes* wanted) const {
    using namespace analyser_detail;
    // A word is a run of letters with the clitics an apostrophe attaches to
    // it ("auto's", "zo'n"); it is folded into a fixed buffer, and handed on
    // as soon as its last run ends without an apostrophe.
    FoldBuffer word, clitic;
    std::string folded;
    bool open = false, hyphen_joined = false;
    bool jamo = false;  // the word has a conjoining jamo (rare: composed only then)
    std::uint32_t word_begin = 0;
    const char* const fold_ascii = ascii_fold_.data();

    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const int32_t n = static_cast<int32_t>(text.size());
    int32_t i = 0;
    // A percent or currency sign beside a number is a word of its own
    // ("25%": 25, procent), handed on as a word is (the word before it, if
    // any, has been already: a sign ends it). Inlined, with the text
    // rebuilt from `s` and `n`, which the loop keeps anyway: so it costs
    // the loop least (a call, or one more live value, spilled the loop's
    // table pointers to the stack; looking for signs only at a number's
    // ends cost more, numbers being common).
    const auto sign_token = [&](int32_t begin, int32_t end, UChar32 cp) {
        const std::string_view all(reinterpret_cast<const char*>(s), static_cast<std::size_t>(n));
        const std::string_view w = sign_word(all, static_cast<std::size_t>(begin), static_cast<std::size_t>(end),
                                             static_cast<char32_t>(cp));
        if (w.empty()) return;
        const bool skipped = wanted && !(*wanted)[static_cast<unsigned char>(w[0])];
        sink(skipped ? std::string_view() : w, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end),
             false);
    };
    std::uint8_t pending_join = other;  // joiner seen right after the last run
    while (i < n) {
        const int32_t start = i;
        if (s[i] < 0x80) {
            if (!fold_ascii[s[i]]) {  // ASCII space or punctuation
                if ((s[i] | 1) == '%') [[unlikely]]  // '%' or '$' (0x25, 0x24)
                    sign_token(start, start + 1, s[i]);
                ++i;
                pending_join = other;
                continue;
            }
        } else {
            UChar32 cp;
            U8_NEXT(s, i, n, cp);
            const std::uint8_t cls = cp < 0 || is_superscript_digit(cp) ? std::uint8_t{other} : char_class(cp);
            if (cls != letter) {
                if (cls == sign) [[unlikely]]
                    sign_token(start, i, cp);
                pending_join = other;
                continue;
            }
            i = start;  // the loop below folds it
        }
        const bool attach = pending_join == apostrophe && open;
        FoldBuffer& out = attach ? clitic : word;
        if (!attach) {
            word_begin = static_cast<std::uint32_t>(start);
            hyphen_joined = pending_join == hyphen;
            jamo = false;
            // Its term's first byte is its first letter's, folded (a word
            // starting beyond ASCII is folded to know it).
            word.counting = wanted && s[start] < 0x80 &&
                            !(*wanted)[static_cast<unsigned char>(fold_ascii[s[start]])];
        }
        out.size = 0;
        int32_t end = i;
        while (i < n) {
            if (s[i] < 0x80 && out.counting) {  // a word not folded: its ASCII run skipped
                const int32_t from = i;
                bool ended = false;  // by a byte that is no ASCII letter or digit
                while (!ended && i + 8 <= n) {
                    std::uint64_t bytes;
                    std::memcpy(&bytes, s + i, 8);
                    const std::uint64_t others = ~ascii_word_bytes(bytes) & high_bits;
                    ended = others != 0;
                    i += ended ? bytes_before(others) : 8;
                }
                if (!ended)
                    while (i < n && s[i] < 0x80 && fold_ascii[s[i]]) ++i;
                out.size = std::min(out.size + static_cast<std::size_t>(i - from), FoldBuffer::cap);
                if (i == from) break;
                end = i;
                if (i == n || s[i] < 0x80) break;  // ended by ASCII that folds to nothing
                continue;
            }
            if (s[i] < 0x80) {  // ASCII, most of Dutch text: a run at a time, no UTF-8 decoding
                const int32_t from = i;
                std::size_t size = out.size;  // in a register: the char stores could alias out.size
                char* const dst = out.text;
                for (;;) {
                    // Lower-case letters, which fold to themselves, eight at a time.
                    while (i + 8 <= n && size + 8 <= FoldBuffer::cap) {
                        std::uint64_t bytes;
                        std::memcpy(&bytes, s + i, 8);
                        std::memcpy(dst + size, s + i, 8);  // past the run: overwritten, or beyond size
                        const std::uint64_t others = ~lower_case_letters(bytes) & high_bits;
                        if (!others) {
                            size += 8;
                            i += 8;
                            continue;
                        }
                        const int32_t run = bytes_before(others);
                        size += static_cast<std::size_t>(run);
                        i += run;
                        break;
                    }
                    // Then one byte as the table folds it (a capital, a digit), or the run's end.
                    const char c = i < n ? fold_ascii[s[i]] : 0;
                    if (c == 0) break;
                    if (size < FoldBuffer::cap) dst[size++] = c;
                    ++i;
                }
                out.size = size;
                if (i == from) break;
                end = i;
                if (i == n || s[i] < 0x80) break;  // ended by ASCII that folds to nothing
                continue;
            }
            int32_t j = i;
            UChar32 c2;
            U8_NEXT(s, j, n, c2);
            if (c2 < 0 || char_class(c2) != letter) break;
            if (is_superscript_digit(c2) && !unit_letters(text, static_cast<std::size_t>(start),
                                                          static_cast<std::size_t>(i)))
                break;
            if (is_conjoining_jamo(c2)) [[unlikely]]
                jamo = true;
            folded.clear();
            fold_codepoint(c2, folded);
            out.append(folded.data(), folded.size());
            i = j;
            end = i;
        }
        if (attach) {
            // With the Dutch plural rules "'s" stays (auto's, Korea's: an
            // exact word of its own, "beide Korea's" is not "Korea"; its stem
            // is the singular's); other clitics go (zo'n -> zo), other
            // apostrophes join (o'neill -> oneill).
            // So do "'er", "'ers", "'ster" and "'sters" after an abbreviation
            // (VVD'er, CDA'ers, D66'ster): stemmed as the abbreviation.
            if (clitic.view() == "s" && plural_rules_) {
                word.append(plural_s.data(), plural_s.size());
            } else if (plural_rules_ && is_member_suffix(clitic.view())) {
                word.append("'", 1);
                word.append(clitic.text, clitic.size);
            } else if (!is_clitic(clitic.view())) {
                word.append(clitic.text, clitic.size);
            }
        } else {
            open = word.size > 0;  // a run that folds to nothing is no word
        }
        pending_join = other;
        // A single hyphen or apostrophe directly followed by a letter joins.
        if (i < n) {
            int32_t j = i;
            std::uint8_t c2cls;
            if (s[i] < 0x80) {  // mostly a space: no UTF-8 decoding
                c2cls = class_table_[s[j++]];
            } else {
                UChar32 c2;
                U8_NEXT(s, j, n, c2);
                c2cls = c2 < 0 ? std::uint8_t{other} : char_class(c2);
            }
            if (c2cls == hyphen || c2cls == apostrophe) {
                int32_t k = j;
                UChar32 c3;
                if (k < n) {
                    U8_NEXT(s, k, n, c3);
                    if (c3 >= 0 && char_class(c3) == letter) {
                        pending_join = c2cls;
                        i = j;
                    }
                }
            }
        }
        if (open && pending_join != apostrophe) {
            if (jamo && !word.counting && word.size <= max_term_bytes) [[unlikely]]
                compose_jamo(word);
            if (!word.counting && wanted && !(*wanted)[static_cast<unsigned char>(word.text[0])])
                word.counting = true;  // begins beyond ASCII ("Één"), folded to learn that: handed on empty all the same
            if (!word.counting || word.size <= max_term_bytes)
                sink(word.view(), word_begin, static_cast<std::uint32_t>(end), hyphen_joined);
            open = false;
        }
    }
}

}  // namespace knipsel
