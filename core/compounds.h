// Dutch compound splitting, so that `verklaring` finds `vredesverklaring`:
// split points come from Debian's hyphenation patterns (hyphen-nl, run by
// libhyphen), parts from the hunspell-nl words its flags allow in compounds,
// with their linking forms (vredes-, mensen-, zonne-). Both are compiled at
// build time into one file (knipsel-lexicon-build) that the splitter maps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace knipsel {

// The shortest word split() looks at and the shortest lexicon word, in bytes
// of the folded (ASCII for Dutch) word. Shorter parts are mostly prefixes and
// junk (per|s|conferentie, zon|neb|ril); the exception file may admit a few
// ("+top" for topontmoeting).
inline constexpr std::size_t compound_min_word = 8;
inline constexpr std::size_t compound_min_part = 4;

// What a lexicon form may be in a compound, from hunspell-nl's compound flags.
enum LexiconFlag : std::uint16_t {
    lexicon_last = 1,    // the last part, in any inflection (verklaring, heffingen)
    lexicon_head = 2,    // a part before another one, as it is (kern, vrede, zonne)
    lexicon_linked = 4,  // a word with its linker before another part (vredes, mensen)
    // Not about compounds: nouns whose singular and plural Snowball's Dutch
    // stemmer keeps apart. One in -en whose plural adds -s (wapen, wapens:
    // wap, wapen); one in a consonant and -s whose plural adds -en (kans,
    // kansen: kan, kans); one whose plural turns a final -s or -f into
    // -zen or -ven after a consonant (grens, grenzen: gren, grenz); one in
    // -e whose plural adds -s (ziekte, ziektes: ziekt, ziektes).
    lexicon_en_plural_s = 8,
    lexicon_s_plural_en = 16,
    lexicon_sf_plural_zv = 32,
    lexicon_e_plural_s = 64,
    // Not about compounds either: hunspell-nl's weak verbs, so that a
    // conjugated form is stemmed as its infinitive (lanceert, lanceerde,
    // gelanceerd: lanceren). A verb's stem, the "ik" form with its -t,
    // -de/-te and -den/-ten forms (lanceer, ontmoet); an infinitive
    // (lanceren, ontmoeten); a past participle (gelanceerd, ontmoet).
    lexicon_verb_stem = 128,
    lexicon_infinitive = 256,
    lexicon_participle = 512,
    // A noun or a noun's plural (staat, plant, ruimte), or an adjective
    // with a comparative (bekend, bekende): a form that is one is not taken
    // for a verb's.
    lexicon_noun = 1024,
    // Short words, which the flags above store only in the roles they name
    // and not at all under compound_min_part letters: any form of two to
    // four letters that hunspell-nl has (pas, gas, bios), and a noun of two
    // or three letters whose plural adds 's (cd/cd's, tv/tv's, ngo/ngo's),
    // so that the plural written without its apostrophe (cds, NGOs) is
    // stemmed as the noun while a word of its own (pas beside pa's, bios
    // beside bio's) is not.
    lexicon_short_word = 2048,
    lexicon_short_s_plural = 4096,
};

// One word for the lexicon file: the folded form and its LexiconFlags.
struct LexiconEntry {
    std::string word;
    std::uint16_t flags = 0;
};

// The irregular forms' key for a strong participle that is the verb's only
// after a separable verb's particle ("|gedragen": bij|gedragen is
// bijdragen's, while gedragen alone is also "to behave"). No folded word
// has a '|'.
inline std::string separable_participle_key(std::string_view participle) {
    return "|" + std::string(participle);
}

// An irregular form and the word it is stemmed as, both folded: a strong
// verb's (liep, gesproken: lopen, spreken) or a noun's plural (kinderen: kind).
// A lemma that begins with own_stem_mark is the form's stem itself, not
// stemmed further (CompoundSplitter::own_stem); one that begins with two is
// that in a compound's part too (CompoundSplitter::own_stem_in_parts).
constexpr char own_stem_mark = '~';
struct IrregularForm {
    std::string form;
    std::string lemma;
};

// Writes the compiled lexicon (format in compounds.cpp): the words (entries
// with the same word are merged), the irregular forms (one lemma a form:
// the first given wins) and the hyphenation patterns of a libhyphen
// dictionary (hyph_nl_NL.dic), compiled by libhyphen. Throws knipsel::Error
// (66 missing input, 78 patterns not loadable, 73/74 cannot write).
void write_compound_lexicon(const std::string& path, const std::vector<LexiconEntry>& entries,
                            const std::vector<IrregularForm>& irregular, const std::string& hyphenation_path);

// The exception file (schemas/compound-exceptions.txt): words never split,
// words never a part, short words that may be parts, forced splits. Throws
// knipsel::Error (exit 78) naming the file and line on a bad line.
struct CompoundExceptions {
    std::unordered_set<std::string> never_split;  // "-word"
    std::unordered_set<std::string> never_part;   // "!word" (dropped from the lexicon at build time)
    std::unordered_set<std::string> short_part;   // "+word" (kept in the lexicon at build time)
    std::unordered_map<std::string, std::vector<std::string>> forced;  // "word = part|part"
    std::string text;  // the file as read, for identity()
};
CompoundExceptions load_compound_exceptions(const std::string& path);

// Where the data files are: the lexicon is $KNIPSEL_COMPOUND_LEXICON, else
// nl-compounds.lex in the share/knipsel beside the binary (an install
// prefix, or the build tree's own share/), else the build tree's path
// compiled in; the exceptions are compound-exceptions.txt in
// default_schema_dir() (schema.h).
struct CompoundFiles {
    std::string lexicon;
    std::string exceptions;
};
CompoundFiles default_compound_files();

// Splits folded Dutch words into the known words they are made of. Build it
// once and share it: split() is const and safe to call from many threads
// (the lexicon is a read-only mapping, libhyphen only reads its patterns,
// scratch space is on the stack). Loading maps the file and takes ~3 ms,
// where libhyphen's own loader takes ~50 ms to compile hyph_nl_NL.dic.
class CompoundSplitter {
public:
    // Throws knipsel::Error: exit 66 when a file is missing, 78 when the
    // lexicon is damaged or of another format version or the exceptions bad.
    CompoundSplitter(const std::string& lexicon_path, const std::string& exceptions_path);
    explicit CompoundSplitter(const CompoundFiles& files) : CompoundSplitter(files.lexicon, files.exceptions) {}

    // The process's one splitter for these files, loaded on the first call
    // and shared while anyone holds it: the analysers of a process's threads
    // (knipsel-query's shard threads, knipsel-index's workers) then map the
    // lexicon and build the hyphenation automaton once, not once each.
    static std::shared_ptr<const CompoundSplitter> shared(const CompoundFiles& files);

    ~CompoundSplitter();
    CompoundSplitter(CompoundSplitter&&) noexcept;
    CompoundSplitter& operator=(CompoundSplitter&&) noexcept;

    // The parts of a folded word (lower case, no diacritics, as Analyser
    // makes it), in order and without linkers: "vredesverklaring" ->
    // {"vrede", "verklaring"}. Empty when the word is not a compound: shorter
    // than compound_min_word, not plain a-z, in the "never split" list, or
    // no split into lexicon words at hyphenation points exists.
    //
    // The split is the coarsest one: fewest parts, then the longest first
    // part, so "kernwapenprogramma" -> {"kernwapen", "programma"} because the
    // lexicon knows "kernwapen". A part may itself be a compound; call
    // split() on it (or use split_deep()) for the finer parts.
    std::vector<std::string> split(std::string_view folded_word) const;

    // split() applied again to each part until nothing splits:
    // "kernwapenprogramma" -> {"kern", "wapen", "programma"}.
    std::vector<std::string> split_deep(std::string_view folded_word) const;

    // Whether the lexicon holds a folded word with any of the LexiconFlags in `flags`.
    bool known(std::string_view folded_word,
               std::uint16_t flags = lexicon_last | lexicon_head | lexicon_linked) const;

    // The hyphenation points of a folded word as byte offsets ("handelsoorlog"
    // -> 3, 7, 10 for han-dels-oor-log), the only places split() cuts.
    std::vector<std::size_t> hyphenation_points(std::string_view folded_word) const;

    // The lemma a folded irregular form is stemmed as (liep: lopen,
    // kinderen: kind), "" for any other word. Valid while the splitter lives.
    // (Also looks up a separable_participle_key.)
    std::string_view irregular_lemma(std::string_view folded_word) const;
    // The stem a folded form is given as it is, not by the stemmer (weten,
    // weet, wist: "weten", kept from wet, law), "" for any other word: an
    // irregular form whose lemma is stored after own_stem_mark.
    std::string_view own_stem(std::string_view folded_word) const;
    // Whether that stem is also the form's as a compound's part (ronde:
    // onderhandelings|ronde holds "ronde", not rond, around), its lemma
    // stored after two own_stem_marks; a part's stem is otherwise the rules'.
    bool own_stem_in_parts(std::string_view folded_word) const;

    std::size_t lexicon_size() const;
    std::size_t irregular_size() const;

    // What determines the splits, to record in the index beside the
    // analyser's identity: format version, lexicon and exception checksums.
    const std::string& identity() const;

private:
    // An irregular form's lemma as the lexicon stores it, marked or not.
    std::string_view stored_lemma(std::string_view folded_word) const;

    struct Data;
    std::unique_ptr<const Data> d_;
};

}  // namespace knipsel
