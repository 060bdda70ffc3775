// knipsel-lexicon-build: compiles hunspell-nl's dictionary and Debian's Dutch
// hyphenation patterns into the compound lexicon that CompoundSplitter maps
// at run time. Runs at build time (core/CMakeLists.txt).
//
// hunspell-nl knows how Dutch compounds: its flags say which words may begin
// (COMPOUNDBEGIN), continue (COMPOUNDMIDDLE) or end (COMPOUNDEND) a compound,
// and which suffixes make a linking form (vrede -> vredes, mens -> mensen).
// That is what keeps `waarschuwen`, `onderhandelaars` or `levering` whole:
// `waar`, `onderhand` and `leve` may not begin a compound. The words are
// folded by the same Analyser as the text.
//
// It also stores the irregular forms core/irregular_forms.sh lists from
// apertium-afr-nld (liep: lopen, kinderen: kind), less those Snowball joins
// to their lemma anyway and those that are a word of their own by
// hunspell-nl (bleek, vroeg: adjectives; sloot, namen: nouns; voer: voeren's).
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <CLI/CLI.hpp>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "analyser.h"
#include "compounds.h"
#include "error.h"

namespace {

struct Options {
    std::string dic;          // hunspell-nl: nl.dic (stems with flags)
    std::string aff;          // hunspell-nl: nl.aff (suffix rules, compound flags)
    std::string stopwords;    // function words are never parts
    std::string exceptions;   // "!word" never a part, "+word" a short part
    std::string hyphenation;  // hyphen-nl's patterns, compiled into the lexicon
    std::string irregular;    // "form<TAB>lemma<TAB>kind" (core/irregular_forms.sh)
    std::string irregular_exceptions;  // "!form": stored as its own lemma, no irregular form's nor degree's
    std::string output;
};

std::vector<std::string> read_lines(const std::string& path, const char* what) {
    std::ifstream in(path);
    if (!in) throw knipsel::Error(knipsel::Exit::no_input, std::string("cannot read the ") + what + " " + path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(std::move(line));
    }
    return lines;
}

std::u32string to_u32(const std::string& s) {
    std::u32string out;
    for (int32_t i = 0; i < static_cast<int32_t>(s.size());) {
        UChar32 c;
        U8_NEXT(s.data(), i, static_cast<int32_t>(s.size()), c);
        out.push_back(c < 0 ? 0xFFFD : static_cast<char32_t>(c));
    }
    return out;
}

// Capitalised entries are names (Amsterdam, Frankrijk) and abbreviations
// (NAVO, pH): never parts of a common-noun compound.
bool has_upper(const std::u32string& s) {
    for (char32_t c : s)
        if (u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c))) return true;
    return false;
}

// hunspell-nl uses FLAG long: two characters a flag.
std::set<std::string> flag_set(const std::string& flags) {
    std::set<std::string> out;
    for (std::size_t k = 0; k + 1 < flags.size(); k += 2) out.insert(flags.substr(k, 2));
    return out;
}

// One SFX rule: strip `strip` from the end, append `add`, when the end of the
// word matches `condition` (hunspell's: characters, '.', [set], [^set]).
struct Suffix {
    std::u32string strip, add;
    std::set<std::string> continuation;  // flags of the derived form
    bool plural = false;                 // hunspell-nl's morphology "ts:NN2": a noun's plural
    bool comparative = false;            // "ts:AJcn": an adjective's comparative (bekender)
    bool degree = false;                 // "ts:AJc*", "ts:AJs*": its comparative or superlative (grotere, grootste)
    std::vector<std::pair<bool, std::u32string>> condition;  // (negated, set); empty set = '.'
};

bool condition_matches(const Suffix& s, const std::u32string& word) {
    if (word.size() < s.condition.size() || word.size() < s.strip.size()) return false;
    std::size_t at = word.size() - s.condition.size();
    for (const auto& [negated, set] : s.condition) {
        char32_t c = word[at++];
        if (set.empty()) continue;
        if ((set.find(c) != std::u32string::npos) == negated) return false;
    }
    return word.compare(word.size() - s.strip.size(), s.strip.size(), s.strip) == 0;
}

std::map<std::string, std::vector<Suffix>> read_suffixes(const std::string& path) {
    std::map<std::string, std::vector<Suffix>> rules;
    for (const std::string& line : read_lines(path, "hunspell affix file")) {
        std::istringstream in(line);
        std::string kind, flag, strip, add, cond;
        if (!(in >> kind >> flag >> strip >> add) || kind != "SFX") continue;
        if (!(in >> cond)) continue;  // the header line: SFX Zb Y 4
        Suffix s;
        for (std::string morph; in >> morph;) {
            s.plural |= morph == "ts:NN2";
            s.comparative |= morph == "ts:AJcn";
            s.degree |= morph.starts_with("ts:AJc") || morph.starts_with("ts:AJs");
        }
        s.strip = strip == "0" ? U"" : to_u32(strip);
        std::string cont;
        if (auto slash = add.find('/'); slash != std::string::npos) {
            cont = add.substr(slash + 1);
            add.erase(slash);
        }
        s.add = add == "0" ? U"" : to_u32(add);
        s.continuation = flag_set(cont);
        std::u32string c = to_u32(cond);
        for (std::size_t i = 0; i < c.size(); ++i) {
            if (c[i] == U'[') {
                std::size_t close = c.find(U']', i);
                if (close == std::u32string::npos) break;
                bool negated = i + 1 < close && c[i + 1] == U'^';
                s.condition.emplace_back(negated, c.substr(i + 1 + negated, close - i - 1 - negated));
                i = close;
            } else if (c[i] == U'.') {
                s.condition.emplace_back(false, U"");
            } else {
                s.condition.emplace_back(false, std::u32string(1, c[i]));
            }
        }
        rules[flag].push_back(std::move(s));
    }
    return rules;
}

std::string to_utf8(const std::u32string& s) {
    std::string out;
    for (char32_t c : s) {
        char buf[4];
        int32_t n = 0;
        UBool error = false;
        U8_APPEND(buf, n, 4, static_cast<UChar32>(c), error);
        if (!error) out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
}

int run(const Options& o) {
    knipsel::AnalysisSpec spec;
    spec.language = "nl";
    spec.stemmer = spec.stemmer_rules = spec.compounds = "none";
    const knipsel::Analyser analyser(spec);  // folding only: no lexicon needed to build the lexicon
    const knipsel::CompoundExceptions ex =
        o.exceptions.empty() ? knipsel::CompoundExceptions{} : knipsel::load_compound_exceptions(o.exceptions);

    // The folded form of a plain word (no hyphen, apostrophe, digit or dot)
    // of any length (sta, gaf, cd), else "".
    auto fold_any = [&](const std::string& text) -> std::string {
        std::vector<knipsel::Token> tokens = analyser.tokenise(text);
        if (tokens.size() != 1 || tokens[0].begin != 0 || tokens[0].end != text.size()) return {};
        for (char c : tokens[0].term)
            if (c < 'a' || c > 'z') return {};
        return tokens[0].term;
    };
    // That of compound_min_part letters or more, or one the exceptions admit.
    auto fold = [&](const std::u32string& form) -> std::string {
        std::string t = fold_any(to_utf8(form));
        if (t.size() < knipsel::compound_min_part && !ex.short_part.count(t)) return {};
        return t;
    };

    const auto suffixes = read_suffixes(o.aff);
    std::unordered_map<std::string, std::uint16_t> flags;
    auto mark = [&](const std::u32string& form, std::uint16_t f) {
        if (std::string w = fold(form); !w.empty()) flags[w] |= f;
    };
    // A form of two to compound_min_part letters, which mark() leaves out or
    // stores only in the roles it names: marked as a word, with `f` too.
    auto mark_short = [&](const std::u32string& form, std::uint16_t f) {
        if (std::string w = fold_any(to_utf8(form)); w.size() >= 2 && w.size() <= knipsel::compound_min_part)
            flags[w] |= knipsel::lexicon_short_word | f;
    };

    // An adjective's comparatives and superlatives with the adjective
    // (groter, grotere, grootst, grootste: groot), and the nouns, whose
    // forms are no degree's (ouder, a parent; lager, a bearing).
    std::vector<std::pair<std::string, std::string>> degrees;
    std::set<std::string> nouns;

    // Weak verbs' stems in -t (for the irregular forms below: bezat is
    // bezitten's past, though hunspell-nl also has a verb bezatten).
    std::set<std::string> t_stems;

    std::vector<std::string> lines = read_lines(o.dic, "hunspell dictionary");
    for (std::size_t i = 1; i < lines.size(); ++i) {  // the first line is the entry count
        const std::string& line = lines[i];
        auto slash = line.find('/');
        std::u32string stem = to_u32(line.substr(0, slash));
        std::string flag_text;
        if (slash != std::string::npos) flag_text = line.substr(slash + 1, line.find_first_of(" \t", slash) - slash - 1);
        const std::set<std::string> f = flag_set(flag_text);
        if (f.count("Fw") || has_upper(stem)) continue;  // Fw: a forbidden (misspelt) form
        if (ex.never_part.count(fold(stem))) continue;   // "!rijk": rijk, rijke, rijkste, ...
        mark_short(stem, 0);
        const bool ends = f.count("Cc") != 0;
        // hunspell-nl lists many compounds whole, so its COMPOUNDBEGIN flags
        // miss common heads (wapen in wapenstilstand); a word that may end a
        // compound may begin one. Words with no compound flag at all (terug,
        // onderhand, leve) still begin none.
        if (f.count("Ca") || f.count("Cb") || ends) mark(stem, knipsel::lexicon_head);
        if (ends) mark(stem, knipsel::lexicon_last);
        // Weak verbs: hunspell-nl lists a verb's stem with its -t (V3) and
        // -de/-den (Vp) or -te/-ten (Vq) forms, its infinitive (Vi: the
        // present participle) and its past participle (Ve: with -e) apart.
        // A stem in -t takes no second -t, so it has no V3 (wacht, zet,
        // praat: wachtte, zette, praatte).
        if (f.count("V3") && (f.count("Vp") || f.count("Vq"))) {
            mark(stem, knipsel::lexicon_verb_stem);
        } else if (f.count("Vq") && !stem.empty() && stem.back() == U't') {
            t_stems.insert(fold(stem));  // marked below
        }
        if (f.count("Vi")) mark(stem, knipsel::lexicon_infinitive);
        if (f.count("Ve")) mark(stem, knipsel::lexicon_participle);
        // An adjective with a comparative is one in its own right, though a
        // participle too (bekend, bekender: not bekennen's): it and its
        // forms are marked as nouns are, so that none is taken for a verb's.
        bool adjective = false;
        for (const std::string& flag : f)
            if (auto rules = suffixes.find(flag); rules != suffixes.end())
                for (const Suffix& s : rules->second) adjective |= s.comparative && condition_matches(s, stem);
        if (adjective) mark(stem, knipsel::lexicon_noun);
        for (const std::string& flag : f)
            if (auto rules = suffixes.find(flag); rules != suffixes.end())
                for (const Suffix& s : rules->second) {
                    if (!s.degree || !condition_matches(s, stem)) continue;
                    const std::u32string form = stem.substr(0, stem.size() - s.strip.size()) + s.add;
                    degrees.emplace_back(fold(form), fold(stem));
                    // and its own inflection, by the rule's continuation (grootst/A0: grootste)
                    for (const std::string& next : s.continuation)
                        if (auto more = suffixes.find(next); more != suffixes.end())
                            for (const Suffix& c : more->second)
                                if (condition_matches(c, form))
                                    degrees.emplace_back(fold(form.substr(0, form.size() - c.strip.size()) + c.add),
                                                         fold(stem));
                }
        for (const std::string& flag : f) {
            auto rules = suffixes.find(flag);
            if (rules == suffixes.end()) continue;
            for (const Suffix& s : rules->second) {
                if (!condition_matches(s, stem)) continue;
                if (adjective) mark(stem.substr(0, stem.size() - s.strip.size()) + s.add, knipsel::lexicon_noun);
                std::u32string form = stem.substr(0, stem.size() - s.strip.size()) + s.add;
                mark_short(form, 0);
                if (s.plural && s.add == U"'s" && stem.size() < knipsel::compound_min_part)
                    mark_short(stem, knipsel::lexicon_short_s_plural);
                const bool begins = s.continuation.count("Ca") || s.continuation.count("Cb");
                if (begins) mark(form, form == stem ? knipsel::lexicon_head : knipsel::lexicon_linked);
                // An inflected form of a word that ends compounds ends them
                // too (importheffingen), but not a form only made for inside one.
                if (s.continuation.count("Cc") || (ends && !s.continuation.count("Cx")))
                    mark(form, knipsel::lexicon_last);
                if (s.plural) {
                    mark(stem, knipsel::lexicon_noun);
                    mark(form, knipsel::lexicon_noun);
                    nouns.insert(fold(stem));
                    nouns.insert(fold(form));
                }
                // Singulars and plurals the stemmer must bring together.
                if (s.plural && stem.size() > 2) {
                    const char32_t last = stem.back(), before = stem[stem.size() - 2];
                    const bool after_consonant = before != U'j' && std::u32string_view(U"aeiouy").find(before) ==
                                                                       std::u32string_view::npos;
                    if (s.strip.empty() && s.add == U"s" && stem.compare(stem.size() - 2, 2, U"en") == 0)
                        mark(stem, knipsel::lexicon_en_plural_s);  // wapen, wapens
                    if (s.strip.empty() && s.add == U"en" && last == U's' && after_consonant)
                        mark(stem, knipsel::lexicon_s_plural_en);  // kans, kansen
                    if (((s.strip == U"s" && s.add == U"zen") || (s.strip == U"f" && s.add == U"ven")) &&
                        after_consonant)
                        mark(stem, knipsel::lexicon_sf_plural_zv);  // grens, grenzen; golf, golven
                    // ziekte, ziektes (not idee, idees); by the folded form, so that a
                    // loanword in an accented -e counts too (café, cafés: cafe, cafes).
                    if (s.strip.empty() && s.add == U"s")
                        if (const std::string folded = fold(stem);
                            folded.size() > 2 && folded.back() == 'e' && folded[folded.size() - 2] != 'e')
                            mark(stem, knipsel::lexicon_e_plural_s);
                }
            }
        }
    }
    for (const std::string& w : ex.short_part) flags[w] |= knipsel::lexicon_head | knipsel::lexicon_last;
    // A stem in -t is a verb's stem unless it is another weak verb's third
    // person too (schaft: schaffen's; schaften, to eat, is rare).
    for (const std::string& w : t_stems)
        if (auto it = flags.find(w.substr(0, w.size() - 1)); it == flags.end() || !(it->second & knipsel::lexicon_verb_stem))
            flags[w] |= knipsel::lexicon_verb_stem;

    std::vector<knipsel::IrregularForm> irregular;
    std::size_t irregular_verbs = 0, degree_forms = 0;
    if (!o.irregular.empty()) {
        std::set<std::string> stopwords;
        if (!o.stopwords.empty())
            for (const std::string& line : read_lines(o.stopwords, "stopword file"))
                if (!line.empty() && line[0] != '#') stopwords.insert(line);
        Xapian::Stem snowball("dutch");
        const auto flags_of = [&](const std::string& w) {
            auto it = flags.find(w);
            return it == flags.end() ? std::uint16_t{0} : it->second;
        };
        struct Row {
            std::string form, lemma, kind;
            bool generated = false;  // a verb only apertium's generator knows
        };
        std::vector<Row> rows;
        const std::vector<std::string> list = read_lines(o.irregular, "irregular form list");
        for (std::size_t i = 0; i < list.size(); ++i) {
            std::istringstream in(list[i]);
            Row r;
            std::string form_text, lemma_text;
            std::string generated_mark;
            if (!std::getline(in, form_text, '\t') || !std::getline(in, lemma_text, '\t') ||
                !std::getline(in, r.kind, '\t') || (std::getline(in, generated_mark) && generated_mark != "generated") ||
                !std::set<std::string>{"past", "pastpl", "pp", "pres3", "pres1", "n"}.count(r.kind))
                throw knipsel::Error(knipsel::Exit::data_error,
                                     o.irregular + ":" + std::to_string(i + 1) +
                                         ": expected form<TAB>lemma<TAB>past|pastpl|pp|pres3|pres1|n[<TAB>generated]");
            r.generated = generated_mark == "generated";
            r.form = fold_any(form_text);
            r.lemma = fold_any(lemma_text);
            if (!r.form.empty() && !r.lemma.empty() && r.form != r.lemma) rows.push_back(std::move(r));
        }
        constexpr std::uint16_t part = knipsel::lexicon_last | knipsel::lexicon_head | knipsel::lexicon_linked;
        constexpr std::uint16_t weak_verb = knipsel::lexicon_verb_stem | knipsel::lexicon_infinitive;
        // A verb's form that hunspell-nl has as a noun which may be a
        // compound's part keeps its own stem (sloot, streek, bond, verkoop,
        // staat; gevaren, verslagen), and so does its past plural (sloten,
        // streken): the noun
        // flag alone is not enough, as hunspell-nl gives some pasts a
        // "plural" (ging/gingen) and a participle a -heid (gehouden).
        std::set<std::string> noun_pasts;  // lemmas whose past is such a noun
        for (const Row& r : rows)
            if (r.kind == "past" && (flags_of(r.form) & knipsel::lexicon_noun) && (flags_of(r.form) & part))
                noun_pasts.insert(r.lemma);
        // Whether an infinitive is also a noun's plural (prijzen: prijs;
        // bedrijven: bedrijf; bergen: berg, with its long vowel: blazen:
        // blaas): its stem is that noun's, so its forms would join it.
        const auto noun_plural = [&](const std::string& infinitive) {
            if (!infinitive.ends_with("en") || infinitive.size() < 5) return false;
            std::string base = infinitive.substr(0, infinitive.size() - 2);
            const std::size_t n = base.size();
            if (n >= 2 && base[n - 1] == base[n - 2]) base.pop_back();  // undoubled: kappen, kap
            if (base.back() == 'v') base.back() = 'f';
            if (base.back() == 'z') base.back() = 's';
            std::vector<std::string> singulars = {base};
            const auto vowel = [](char c) { return std::string_view("aeiou").find(c) != std::string_view::npos; };
            if (base.size() >= 3 && !vowel(base.back()) && vowel(base[base.size() - 2]) && !vowel(base[base.size() - 3]))
                singulars.push_back(base.substr(0, base.size() - 1) + base[base.size() - 2] + base.back());
            return std::any_of(singulars.begin(), singulars.end(),
                               [&](const std::string& w) { return flags_of(w) & knipsel::lexicon_noun; });
        };
        std::vector<std::pair<std::string, std::string>> eren_plurals;  // kinderen, kind
        for (const Row& r : rows) {
            const std::string& form = r.form;
            const std::string& lemma = r.lemma;
            if (stopwords.count(form)) continue;
            // A verb that only apertium's generator knows and whose
            // infinitive is a noun's plural too keeps its forms apart: they
            // would be found by the noun (prees by prijs, bedreven by
            // bedrijf, verdroeg by verdrag, geborgen by berg, dong by ding).
            if (r.generated && noun_plural(lemma)) continue;
            if (snowball(form) == snowball(lemma)) continue;  // joined without help (loop, lopen: lop)
            // A stem keeps its word's first letter, or a participle's third
            // (Analyser::stem_keeps_first_letter: snippets rely on it).
            if (form[0] != lemma[0] && !(form.starts_with("ge") && form.size() > 2 && form[2] == lemma[0])) continue;
            const std::uint16_t f = flags_of(form);
            // A weak verb's form too (voer: voeren) or a plural that is a
            // verb too (stemmen, rollen: Snowball's stems and the analyser's
            // undoubling join most of them anyway) keeps its own stem; but
            // not a plural in -eren (bladeren, kalveren, lammeren:
            // blad, kalf, lam), whose verb is made from the noun ("to
            // leaf through", "to calve") and which Snowball keeps apart from
            // its singular (blader, blad). The verb's forms follow their
            // infinitive (Analyser::stem: bladert, bladeren, blad).
            // (A stem in -t only as a rare weak verb's, as bezat, stays the
            // strong verb's form.)
            const std::uint16_t weak = t_stems.count(form) ? f & knipsel::lexicon_infinitive : f & weak_verb;
            if (weak && !(r.kind == "n" && form.ends_with("eren"))) continue;
            if (r.kind != "pastpl" && r.kind != "n" && (f & knipsel::lexicon_noun) && (f & part)) continue;
            if (r.kind == "pastpl" && noun_pasts.count(lemma)) continue;
            irregular_verbs += r.kind != "n";
            irregular.push_back({form, lemma});
            if (r.kind == "n" && form.ends_with("eren")) eren_plurals.push_back({form, lemma});
        }
        // A plural in -eren's compounding form, the plural less its -en
        // (kinder|armoede, eier|productie, runder|vlees), is the noun's, as
        // the plural is: "kinderarmoede" is then found by "kinderen ... in
        // armoede" (its part "kinder" had a stem of its own). Not a noun of
        // its own, nor a form listed already.
        {
            std::set<std::string> stored;
            for (const knipsel::IrregularForm& r : irregular) stored.insert(r.form);
            for (const auto& [form, lemma] : eren_plurals) {
                const std::string head = form.substr(0, form.size() - 2);
                if (stored.count(head) || stopwords.count(head) || (flags_of(head) & knipsel::lexicon_noun) ||
                    snowball(head) == snowball(lemma))
                    continue;
                stored.insert(head);
                irregular.push_back({head, lemma});
            }
        }
        // A strong participle kept apart above as a word of its own
        // (gedragen, to behave; gegeven, a fact; gegeten by its first
        // letter) is still the verb's after a separable verb's particle:
        // bij|gedragen is bijdragen's, vrij|gegeven vrijgeven's. Stored
        // under a key no folded word has (compounds.h,
        // separable_participle_key), for Analyser::separable_infinitive.
        {
            std::set<std::string> stored;
            for (const knipsel::IrregularForm& r : irregular) stored.insert(r.form);
            for (const Row& r : rows)
                if (r.kind == "pp" && r.form.starts_with("ge") && !stored.count(r.form))
                    irregular.push_back({knipsel::separable_participle_key(r.form), r.lemma});
        }
        // An adjective's degrees that Snowball keeps apart from it (groter:
        // groter, groot: grot), unless the form is a noun's too, a weak
        // verb's, or an exception's ("!laatste": the last, not the latest).
        std::set<std::string> excepted;
        std::vector<knipsel::IrregularForm> forced;  // "=form lemma": before any other lemma of the form
        if (!o.irregular_exceptions.empty()) {
            const std::vector<std::string> exception_lines =
                read_lines(o.irregular_exceptions, "irregular exception file");
            for (std::size_t i = 0; i < exception_lines.size(); ++i) {
                const std::string& line = exception_lines[i];
                if (line.starts_with("!")) excepted.insert(line.substr(1, line.find_first_of(" \t#") - 1));
                if (!line.starts_with("=") && !line.starts_with("~")) continue;
                // "~~form stem": that stem in a compound's part too.
                const bool in_parts = line.starts_with("~~");
                const std::size_t from = in_parts ? 2 : 1;
                std::istringstream in(line.substr(from, line.find('#') - from));
                knipsel::IrregularForm f;
                std::string rest;
                if (!(in >> f.form >> f.lemma) || (in >> rest))
                    throw knipsel::Error(knipsel::Exit::data_error, o.irregular_exceptions + ":" +
                                                                        std::to_string(i + 1) + ": expected " +
                                                                        line[0] + "form " +
                                                                        (line[0] == '=' ? "lemma" : "stem"));
                // "~form stem": the form's stem as it is (own_stem_mark).
                if (line[0] == '~') f.lemma.insert(0, in_parts ? 2 : 1, knipsel::own_stem_mark);
                forced.push_back(std::move(f));
            }
        }
        std::set<std::string> listed;
        for (const knipsel::IrregularForm& r : irregular) listed.insert(r.form);
        for (const auto& [form, lemma] : degrees) {
            if (form.empty() || lemma.empty() || form == lemma || listed.count(form) || nouns.count(form) ||
                stopwords.count(form) || excepted.count(form) || (flags_of(form) & weak_verb) ||
                snowball(form) == snowball(lemma) || form[0] != lemma[0])
                continue;
            listed.insert(form);
            irregular.push_back({form, lemma});
            ++degree_forms;
        }
        // An exception is stored as its own lemma, so that the analyser
        // finds no other for it either (aangezien is no aan|gezien of
        // aanzien, wist no form of wissen).
        for (const std::string& form : excepted)
            if (!form.empty() && listed.insert(form).second) irregular.push_back({form, form});
        // A verb's form that the rules above keep apart as another word's
        // and that news writes far more often as this verb's (leek, koos,
        // gezet): first, so that the lexicon keeps this lemma.
        irregular.insert(irregular.begin(), forced.begin(), forced.end());
        if (irregular.empty())
            throw knipsel::Error(knipsel::Exit::data_error, o.irregular + ": no irregular form left to store",
                                 "core/irregular_forms.sh makes it from apertium-afr-nld: apt-get install "
                                 "lttoolbox apertium-afr-nld");
    }

    std::size_t dropped = 0;
    if (!o.stopwords.empty())
        for (const std::string& line : read_lines(o.stopwords, "stopword file"))
            if (!line.empty() && line[0] != '#') dropped += flags.erase(line);
    for (const std::string& w : ex.never_part) dropped += flags.erase(w);

    std::vector<knipsel::LexiconEntry> entries;
    entries.reserve(flags.size());
    std::size_t heads = 0, lasts = 0, plurals = 0, verbs = 0, short_words = 0;
    for (auto& [word, f] : flags) {
        short_words += (f & knipsel::lexicon_short_word) != 0;
        verbs += (f & knipsel::lexicon_verb_stem) != 0;
        heads += (f & (knipsel::lexicon_head | knipsel::lexicon_linked)) != 0;
        lasts += (f & knipsel::lexicon_last) != 0;
        plurals += (f & (knipsel::lexicon_en_plural_s | knipsel::lexicon_s_plural_en |
                         knipsel::lexicon_sf_plural_zv | knipsel::lexicon_e_plural_s)) != 0;
        entries.push_back({word, f});
    }
    knipsel::write_compound_lexicon(o.output, entries, irregular, o.hyphenation);
    std::printf("knipsel-lexicon-build: %zu forms (%zu begin a compound, %zu end one, %zu singulars the stemmer "
                "needs told, %zu weak verbs, %zu short words; %zu dropped), %zu irregular forms (%zu of strong "
                "verbs, %zu adjectives' degrees) -> %s\n",
                entries.size(), heads, lasts, plurals, verbs, short_words, dropped, irregular.size(), irregular_verbs,
                degree_forms, o.output.c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Compiles hunspell-nl and hyphen-nl into knipsel's compound lexicon."};
    Options o;
    app.add_option("--dic", o.dic, "hunspell dictionary (hunspell-nl: /usr/share/hunspell/nl.dic)")->required();
    app.add_option("--aff", o.aff, "hunspell affix file (hunspell-nl: /usr/share/hunspell/nl.aff)")->required();
    app.add_option("--hyphenation", o.hyphenation, "libhyphen patterns (hyphen-nl: /usr/share/hyphen/hyph_nl_NL.dic)")
        ->required();
    app.add_option("--stopwords", o.stopwords, "stopword file: these words are never parts");
    app.add_option("--exceptions", o.exceptions, "compound exception file ('!word' never a part, '+word' a short part)");
    app.add_option("--irregular", o.irregular,
                   "irregular forms, form<TAB>lemma<TAB>past|pastpl|pp|pres3|pres1|n "
                   "(core/irregular_forms.sh, from apertium-afr-nld)");
    app.add_option("--irregular-exceptions", o.irregular_exceptions,
                   "'!form' lines: forms stored as their own lemma, no irregular form's nor an adjective's degree "
                   "(schemas/irregular-exceptions.txt)");
    app.add_option("-o,--output", o.output, "the lexicon file to write")->required();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : static_cast<int>(knipsel::Exit::usage);
    }
    try {
        return run(o);
    } catch (const knipsel::Error& e) {
        std::fprintf(stderr, "knipsel-lexicon-build: error: %s\n", e.what());
        if (!e.hint().empty()) std::fprintf(stderr, "hint: %s\n", e.hint().c_str());
        return static_cast<int>(e.code());
    }
}
