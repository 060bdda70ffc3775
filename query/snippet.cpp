#include "snippet.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>

#include <tsl/robin_map.h>

namespace knipsel {
namespace {

// Text is analysed a piece at a time, each piece ending at a space, so that
// a long article stops being read once a window holds every query word.
constexpr std::size_t piece_bytes = 4096;

// A passage's ends move over at most this many words joined to the ones
// inside by at most this many bytes of hyphen or apostrophe ("-", "’").
constexpr std::size_t max_joined_words = 4;
constexpr std::size_t max_joiner_bytes = 3;

// Text between two words longer than this (a token the index skips) is
// shown by its first and last gap_end_bytes.
constexpr std::size_t max_gap_bytes = 48;
constexpr std::size_t gap_end_bytes = 16;

// Query words the passage lacks are shown in at most this many pieces of
// their own, each from extra_before words before the word to extra_after after.
constexpr std::size_t max_extra_pieces = 2;
constexpr std::size_t extra_before = 4;
constexpr std::size_t extra_after = 5;

// The shortest query stem looked for inside compounds: the exception
// file's short parts ("+top" for topontmoeting).
constexpr std::size_t compound_part_shortest = 3;

// The distinct words a page's matcher looks up, about (SnippetMatcher::key).
constexpr std::size_t memo_reserved = 128;

constexpr int no_match = -1;
constexpr std::size_t no_acronym = static_cast<std::size_t>(-1);
constexpr int stopword_match = -2;  // a stopword the query has: marked, not counted

}  // namespace

// Which query word a text word matches, as a small number: words with the
// same stem share one ("sanctie", "sancties"), so a window's distinct count
// is the number of different query words in it. Each distinct text word is
// looked up once a page (SnippetMaker keeps the matcher).
class SnippetMatcher {
public:
    // `compounds`: also a compound with a query word's stem as its part.
    SnippetMatcher(const BuiltQuery& q, const Analyser& analyser, bool compounds)
        : q_(q), analyser_(analyser), loose_stems_(stems_in(q, analyser)), compounds_(compounds) {
        // The first letters a matching word can start with.
        auto mark = [&](const std::string& w) {
            if (!w.empty()) first_[static_cast<unsigned char>(w[0])] = true;
        };
        for (const auto& w : q.words) mark(w);
        for (const auto& h : q.wildcard_heads) mark(h);
        if (analyser.stem_keeps_first_letter())
            for (const auto& s : q.stems) mark(s);
        else
            first_.fill(true);
        // What the scanner folds: words that can pass key()'s first test.
        wanted_ = first_;
        // A number of four digits or more may be written with points
        // ("12.000" for 12000): its groups, whatever digit they begin with.
        for (const auto& w : q.loose_words)
            if (w.size() >= 4 && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                numbers_ = true;
                for (char c = '0'; c <= '9'; ++c) wanted_[static_cast<unsigned char>(c)] = true;
            }
        wanted_['g'] = true;  // "ge" before a letter first_ has: a participle
        for (const auto& [term, forms] : q.marked_stopwords)
            if (!term.empty()) wanted_[static_cast<unsigned char>(term[0])] = true;
        // A compound the index found by a query word's stem as its part
        // ("sanctieverlichting" for "sancties", "verlichting"; "speelgoed"
        // for "spelen", its part "speel" stemmed as "spelen") is marked too.
        for (const auto& s : loose_stems_)
            if (s.size() >= compound_part_shortest && !analyser.is_stopword(s)) {
                part_stems_.push_back(s);
                part_spellings_.push_back(part_spellings(s));
                respelt_.push_back(respelt(s));
            }
        // A query of stopwords only searches them (nothing else was typed):
        // they are its words, and choose the passage as others would.
        stopwords_count_ = std::none_of(q.loose_words.begin(), q.loose_words.end(),
                                        [&](const std::string& w) { return !analyser.is_stopword(w); }) &&
                           q.phrases.empty() && q.wildcard_heads.empty() && q.marked_stopwords.empty();
        // Each phrase's parts as the words that can stand for them.
        for (const auto& phrase : q.phrases) {
            std::vector<int> parts;
            for (const auto& part : phrase) {
                parts.push_back(part_id(part));
                // An article's "vs" in small letters reads as "versus"
                // (analyser.h): a phrase's "vs" is either, as its query is.
                if (part == "vs")
                    ids_.try_emplace("|~" + analyser_.stem(std::string(analyser_detail::versus)), parts.back());
            }
            phrases_.push_back(std::move(parts));
        }
        // The words of each NEAR (and ADJ/n) in the forms it takes them in
        // ("vs": the country or "versus").
        if (q.folded.find("NEAR") != std::string::npos || q.folded.find("ADJ") != std::string::npos) {
            std::set<std::string> free;  // the terms outside them
            collect_proximity(q.query, free);
            for (Proximity& near : near_)
                for (const std::string& w : near.loose)
                    near.only.push_back(!free.count(w) && !free.count(analyser_.stem(w)));
            for (const auto& [form, k] : near_forms_) {
                first_[static_cast<unsigned char>(form[0])] = true;
                wanted_[static_cast<unsigned char>(form[0])] = true;
            }
        }
        // Words a query searches only together (a synonym of several
        // words, typed: "Europese Unie" as the phrase, and its words
        // loose in an AND), not alone.
        // (Looked for only in a query with phrases, as such a synonym's
        // is; the terms are stemmed only when it has such an AND.)
        if (!phrases_.empty()) {
            std::vector<std::string> free;  // the terms outside phrases and such ANDs
            std::vector<std::vector<std::string>> ands;
            collect_together(q.query, free, ands, false);
            if (!ands.empty()) {
                std::set<std::string> loose(loose_stems_), free_stems;
                for (const std::string& w : q.loose_words) loose.insert(analyser.stem(w));
                for (const std::string& t : free) free_stems.insert(stem_of(t));
                for (const std::vector<std::string>& terms : ands) {
                    Together group;
                    for (const std::string& t : terms) {
                        std::string stem = stem_of(t);
                        if (!loose.count(stem)) break;
                        group.keys.push_back(id(stem));
                        if (!free_stems.count(stem)) group.only.push_back(group.keys.back());
                    }
                    if (group.keys.size() == terms.size() && !group.only.empty())
                        together_.push_back(std::move(group));
                }
            }
        }
        // A page meets some hundred words that can match: room for them
        // at once, not rehashed as the table grows.
        memo_.reserve(memo_reserved);
    }

    // The query word a text word matches (a key >= 0), and the phrase part
    // it can be (`part`, or no_match).
    int key(std::string_view view, int& part) {
        part = no_match;
        if (view.empty()) return no_match;
        // Most words of a body fail this first test, so it is inline and
        // splits no compound unless this matcher looks for them.
        if (!first_[static_cast<unsigned char>(view[0])] &&
            !(view.size() > 2 && view[0] == 'g' && view[1] == 'e' && first_[static_cast<unsigned char>(view[2])]) &&
            !(compounds_ && maybe_compound(view)))
            return no_match;
        if (auto hit = memo_.find(view); hit != memo_.end()) {
            part = hit->second.second;
            return hit->second.first;
        }
        std::string term(view);
        const int k = lookup(term);
        part = phrases_.empty() ? no_match : phrase_part(term);
        memo_.emplace(std::move(term), std::pair{k, part});
        return k;
    }
    int key(std::string_view view) {
        int part;
        return key(view, part);
    }

    // The first bytes of the words that can match, for Analyser::each_word;
    // none when a word may hold a query stem anywhere (compounds).
    const Analyser::FirstBytes* word_filter() const { return compounds_ ? nullptr : &wanted_; }

    // A NEAR of the query (or an ADJ/n): the keys of its words, their
    // window (as Xapian's: the most positions they may span), and whether
    // each word is in the query only in NEARs (`only`): then it is marked
    // only where it makes a match, as the words of a phrase are.
    struct Proximity {
        std::vector<int> keys;
        std::vector<std::string> loose;  // the query word of each key
        std::size_t window = 0;
        std::vector<bool> only;  // of each key: its word is in the query only in NEARs
    };
    const std::vector<Proximity>& proximity() const { return near_; }

    // Query words searched only together with others: the keys of a
    // group of words the query searches in an AND (`keys`), and those of
    // them (`only`) that it searches nowhere alone. Where the body lacks
    // one of `keys`, the words of `only` are marked only in a phrase.
    struct Together {
        std::vector<int> keys;
        std::vector<int> only;
    };
    const std::vector<Together>& together() const { return together_; }

    // Whether a word that begins with `head` (folded) may match: a query
    // word or stem begins with it, or it with a wildcard's head.
    bool may_head(std::string_view head) const {
        if (head.empty()) return false;
        const auto begins = [&](const std::string& w) { return w.size() > head.size() && w.starts_with(head); };
        return std::any_of(q_.loose_words.begin(), q_.loose_words.end(), begins) ||
               std::any_of(loose_stems_.begin(), loose_stems_.end(), begins) ||
               std::any_of(q_.wildcard_heads.begin(), q_.wildcard_heads.end(),
                           [&](const std::string& h) { return head.starts_with(h); });
    }

    // Whether a query word or stem may begin with `c` (a word so folded may match).
    bool may_begin(char c) const { return first_[static_cast<unsigned char>(c)]; }

    // Whether the query has a number that an article may write with points.
    bool numbers() const { return numbers_; }

    // The phrases, each as the part ids its words must have in order.
    const std::vector<std::vector<int>>& phrases() const { return phrases_; }
    int phrase_key(std::size_t i) { return id("\"" + std::to_string(i)); }
    // Whether a matcher that finds compounds could find more in `body` than
    // this one: a query stem not found as a word (`found`: the keys the
    // body gave) is in its text as a part may spell it (part_spellings),
    // as is or with a capital (a quick look: most bodies that lack a query
    // word lack it altogether).
    bool could_find_compounds(std::string_view body, const std::vector<int>& found) const {
        for (std::size_t i = 0; i < part_stems_.size(); ++i) {
            const auto it = ids_.find(part_stems_[i]);
            if (it != ids_.end() && std::count(found.begin(), found.end(), it->second)) continue;
            for (const std::string& seen : part_spellings_[i]) {
                if (body.find(seen) != std::string_view::npos) return true;
                std::string capital(seen);
                capital[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(capital[0])));
                if (body.find(capital) != std::string_view::npos) return true;
            }
            // A part spelt otherwise is looked for in long words only, and
            // such a word is split here, as the second reading would: its
            // letters are common ("h", vowels, "v" of "haven" in "heeft").
            const auto compound_here = [&](std::size_t b, std::size_t e) {
                const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
                while (b > 0 && letter(body[b - 1])) --b;
                while (e < body.size() && letter(body[e])) ++e;
                if (e - b < compound_min_word) return false;
                // Beside a letter beyond ASCII the word folds otherwise: the second reading decides.
                if ((b > 0 && static_cast<unsigned char>(body[b - 1]) >= 0x80) ||
                    (e < body.size() && static_cast<unsigned char>(body[e]) >= 0x80) || e - b > max_term_bytes)
                    return true;
                std::string term(body.substr(b, e - b));
                for (char& c : term) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                const auto& parts = analyser_.term_info(term).part_stems;
                return std::find(parts.begin(), parts.end(), part_stems_[i]) != parts.end();
            };
            if (const Respelt& r = respelt_[i]; !r.head.empty()) {
                if (holds_respelt(body, r.head, r, compound_here)) return true;
                std::string capital(r.head);
                capital[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(capital[0])));
                if (holds_respelt(body, capital, r, compound_here)) return true;
            }
        }
        return false;
    }

    // The key of a compound whose part the index stems as a query word
    // ("kernproef", "speelgoed"), else no_match: the indexer's own split
    // and stems of the word's parts (Analyser::term_info), for a word that
    // may be one (only those are split).
    int compound_key(std::string_view term) {
        if (term.size() > max_term_bytes || !maybe_compound(term)) return no_match;
        for (const std::string& part : analyser_.term_info(term).part_stems)
            if (std::find(part_stems_.begin(), part_stems_.end(), part) != part_stems_.end()) return id(part);
        return no_match;
    }
    // Whether this matcher looks inside every long word for compounds.
    bool compounds() const { return compounds_; }

    // The key of a stopword that is a word of its own, counted: one the
    // query typed with its accents ("één"), for the occurrences written
    // so, or any of a query of stopwords only.
    int marked(std::string_view term) { return id("=" + std::string(term)); }

    // How many different keys the query's words can give: when a window
    // has that many, no later window can beat it.
    std::size_t reachable() const {
        std::size_t n = 0;
        for (const std::string& w : q_.loose_words)
            if (stopwords_count_ || !analyser_.is_stopword(w)) ++n;
        return std::max<std::size_t>(
            n + q_.phrases.size() + q_.wildcard_heads.size() + q_.marked_stopwords.size(), 1);
    }

private:
    int lookup(const std::string& term) {
        for (const std::string& head : q_.wildcard_heads)
            if (term.compare(0, head.size(), head) == 0) return id("*" + head);
        bool stopword = analyser_.is_stopword(term);
        if (q_.loose_words.count(term))
            return !stopword ? id(analyser_.stem(term)) : stopwords_count_ ? marked(term) : stopword_match;
        if (stopword) return no_match;
        std::string stem = analyser_.stem(term);
        if (loose_stems_.count(stem)) return id(stem);
        if (!near_forms_.empty())
            if (const auto it = near_forms_.find(term); it != near_forms_.end()) return it->second;
        return compounds_ ? compound_key(term) : no_match;
    }
    // The NEARs of `q` (and ADJ/n, not a phrase's ADJ/1) into near_, and
    // the terms outside them into `free`, unprefixed.
    void collect_proximity(const Xapian::Query& q, std::set<std::string>& free) {
        const auto unprefixed = [](const std::string& term) {
            std::size_t b = 0;
            while (b < term.size() && term[b] >= 'A' && term[b] <= 'Z') ++b;
            return term.substr(b);
        };
        const Xapian::Query::op op = q.get_type();
        const std::size_t n = q.get_num_subqueries();
        std::size_t window = 0;
        if ((op == Xapian::Query::OP_NEAR || op == Xapian::Query::OP_PHRASE) && n >= 2) {
            // Xapian 1.4 shows the window only in the description: "(iran@1 NEAR 4 sancties@2)".
            const std::string description = q.get_description();
            const std::string name = op == Xapian::Query::OP_NEAR ? " NEAR " : " PHRASE ";
            if (const std::size_t at = description.find(name); at != std::string::npos)
                window = std::strtoul(description.c_str() + at + name.size(), nullptr, 10);
        }
        if (window <= n) {  // no proximity, or a phrase (marked by mark_phrases)
            if (op == Xapian::Query::LEAF_TERM)
                for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t) free.insert(unprefixed(*t));
            for (std::size_t i = 0; i < n; ++i) collect_proximity(q.get_subquery(i), free);
            return;
        }
        Proximity near;
        near.window = window;
        std::vector<std::string> others;  // forms of a part that are no query word
        for (std::size_t i = 0; i < n; ++i) {
            const Xapian::Query sub = q.get_subquery(i);
            int k = no_match;
            std::string loose;
            others.clear();
            for (auto t = sub.get_terms_begin(); t != sub.get_terms_end(); ++t) {
                std::string term = unprefixed(*t);
                if (k == no_match && q_.loose_words.count(term) && !analyser_.is_stopword(term)) {
                    k = id(analyser_.stem(term));
                    loose = term;
                } else if (!term.empty()) {
                    others.push_back(std::move(term));
                }
            }
            if (k == no_match) return;  // a part that is no query word: nothing to tell
            for (std::string& form : others)
                if (!q_.loose_words.count(form) && !loose_stems_.count(analyser_.stem(form)))
                    near_forms_.try_emplace(std::move(form), k);
            if (std::find(near.keys.begin(), near.keys.end(), k) != near.keys.end()) continue;
            near.keys.push_back(k);
            near.loose.push_back(std::move(loose));
        }
        if (near.keys.size() < 2) return;
        if (std::find_if(near_.begin(), near_.end(), [&](const Proximity& p) {
                return p.keys == near.keys && p.window == near.window;
            }) == near_.end())
            near_.push_back(std::move(near));
    }
    // The terms of the ANDs of `q` whose parts are all terms into `ands`,
    // and the terms elsewhere (not in a phrase) into `free`.
    static void collect_together(const Xapian::Query& q, std::vector<std::string>& free,
                                 std::vector<std::vector<std::string>>& ands, bool in_phrase) {
        const Xapian::Query::op op = q.get_type();
        const std::size_t n = q.get_num_subqueries();
        if (op == Xapian::Query::LEAF_TERM) {
            if (!in_phrase) free.insert(free.end(), q.get_terms_begin(), q.get_terms_end());
            return;
        }
        if (op == Xapian::Query::OP_AND && n >= 2 && !in_phrase) {
            std::vector<std::string> terms;
            for (std::size_t i = 0; i < n; ++i) {
                const Xapian::Query sub = q.get_subquery(i);
                if (sub.get_type() != Xapian::Query::LEAF_TERM) break;
                terms.push_back(*sub.get_terms_begin());
            }
            if (terms.size() == n) {
                ands.push_back(std::move(terms));
                return;
            }
        }
        for (std::size_t i = 0; i < n; ++i)
            collect_together(q.get_subquery(i), free, ands, in_phrase || op == Xapian::Query::OP_PHRASE);
    }
    // The stem a term of the query stands for: a stem term's ("Zeuropes"),
    // or the stem of a word's, unprefixed.
    std::string stem_of(const std::string& term) const {
        if (term.size() > 1 && term[0] == 'Z') return term.substr(1);
        std::size_t b = 0;
        while (b < term.size() && term[b] >= 'A' && term[b] <= 'Z') ++b;
        return analyser_.stem(term.substr(b));
    }
    // Whether a word may be a compound with a query stem as its part: long
    // enough, and holding a spelling of one (part_spellings).
    bool maybe_compound(std::string_view term) const {
        if (term.size() < compound_min_word) return false;
        for (const auto& spellings : part_spellings_)
            for (const std::string& seen : spellings)
                if (seen.size() < term.size() && term.find(seen) != std::string_view::npos) return true;
        for (const Respelt& r : respelt_)
            if (!r.head.empty() && holds_respelt(term, r.head, r, [](std::size_t, std::size_t) { return true; }))
                return true;
        return false;
    }
    // A part as an inflection may write it, with another vowel or vowels
    // before its last consonants: "sted" of "hoofdsteden" for "stad",
    // "schep" of "vrachtschepen" for "schip", "stal" of "roestvrijstalen"
    // for "staal", "grens" of "grensdorp" for "grenz". A word that holds
    // one is only a candidate: compound_key's split decides.
    struct Respelt {
        std::string head, tail;  // head, one or more vowels, tail; none when head is empty
    };
    static bool vowel_at(std::string_view w, std::size_t i) {
        const char c = w[i];
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' ||
               (c == 'j' && i > 0 && w[i - 1] == 'i');  // "ij"
    }
    // The stem's consonants before and after its last vowels, when it has
    // some on either side and three or more in all (not "oog", "ei", "koe",
    // nor "hav" of "haven", which "heffingen" would match: letters that
    // common make many long words candidates, each split to see).
    static Respelt respelt(const std::string& stem) {
        std::size_t tail = stem.size();
        while (tail > 0 && !vowel_at(stem, tail - 1)) --tail;
        std::size_t head = tail;
        while (head > 0 && vowel_at(stem, head - 1)) --head;
        if (head == 0 || tail == stem.size() || head == tail || head + stem.size() - tail < 3) return {};
        return {stem.substr(0, head), stem.substr(tail)};
    }
    // Whether `text` holds `head`, vowels, then r.tail, whose last letter
    // may be written as its voiced or unvoiced pair ("grens", "grenzen";
    // "proef", "proeven"), at text[b, e) that `accept(b, e)`.
    template <class Accept>
    static bool holds_respelt(std::string_view text, std::string_view head, const Respelt& r, Accept&& accept) {
        const auto same = [](char a, char b) {
            return a == b || (a == 'f' && b == 'v') || (a == 'v' && b == 'f') || (a == 's' && b == 'z') ||
                   (a == 'z' && b == 's');
        };
        const std::string& tail = r.tail;
        for (std::size_t at = text.find(head); at != std::string_view::npos; at = text.find(head, at + 1)) {
            std::size_t v = at + head.size();
            while (v < text.size() && vowel_at(text, v)) ++v;
            if (v == at + head.size() || text.size() - v < tail.size()) continue;
            if (text.compare(v, tail.size() - 1, tail, 0, tail.size() - 1) == 0 &&
                same(text[v + tail.size() - 1], tail.back()) && accept(at, v + tail.size()))
                return true;
        }
        return false;
    }
    // How a compound's part that the index stems as `stem` may be written,
    // to look for in a body's text: the stem, less a final f or s, which
    // is v or z before an ending ("proev" of "raketproeven" for "proef");
    // and with the vowel of its last syllable doubled, as a verb's stem
    // writes it ("speel" of "speelgoed" for "spel", "lanceer" for "lancer",
    // "leef" for "lev"), when the analyser stems that as `stem` too.
    std::vector<std::string> part_spellings(const std::string& stem) const {
        const auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
        const char last = stem.back();
        std::vector<std::string> out{last == 'f' || last == 's' ? stem.substr(0, stem.size() - 1) : stem};
        const std::size_t n = stem.size();
        if (n >= 3 && !vowel(last) && vowel(stem[n - 2]) && !vowel(stem[n - 3])) {
            std::string doubled = stem.substr(0, n - 1) + stem[n - 2] + (last == 'v' ? 'f' : last == 'z' ? 's' : last);
            if (analyser_.stem(doubled) == stem) out.push_back(std::move(doubled));
        }
        // An irregular plural of a stem with one consonant on either side
        // of its vowel, which respelt() leaves out ("leden" of
        // "kamerleden" for "lid"): the plurals in -en with another vowel
        // that the analyser stems as `stem` (its lexicon of irregular forms).
        std::size_t tail = n;
        while (tail > 0 && !vowel_at(stem, tail - 1)) --tail;
        std::size_t head = tail;
        while (head > 0 && vowel_at(stem, head - 1)) --head;
        if (head == 1 && tail + 1 == n && respelt(stem).head.empty()) {
            const char ending = last == 'f' ? 'v' : last == 's' ? 'z' : last;
            for (const char v : {'a', 'e', 'i', 'o', 'u'}) {
                if (tail == head + 1 && stem[head] == v) continue;  // the stem's own vowel: a regular plural
                std::string plural = stem.substr(0, head) + v + ending + "en";
                if (analyser_.part_stem(plural) == stem) out.push_back(std::move(plural));
            }
        }
        return out;
    }
    // A phrase part: a stopword as it is, another word by its stem.
    int part_id(const std::string& word) {
        return id(analyser_.is_stopword(word) ? "|=" + word : "|~" + analyser_.stem(word));
    }
    int phrase_part(const std::string& term) {
        if (auto it = ids_.find("|=" + term); it != ids_.end()) return it->second;
        if (analyser_.is_stopword(term)) return no_match;
        auto it = ids_.find("|~" + analyser_.stem(term));
        return it == ids_.end() ? no_match : it->second;
    }
    int id(const std::string& name) { return ids_.try_emplace(name, static_cast<int>(ids_.size())).first->second; }

    // The query's loose stems in the article's language: another
    // language's stem of a query word is another word here.
    static const std::set<std::string>& stems_in(const BuiltQuery& q, const Analyser& analyser) {
        static const std::set<std::string> none;
        const auto it = q.loose_stems.find(analyser.language());
        return it == q.loose_stems.end() ? none : it->second;
    }

    const BuiltQuery& q_;
    const Analyser& analyser_;
    const std::set<std::string>& loose_stems_;
    std::array<bool, 256> first_{};
    Analyser::FirstBytes wanted_{};  // first_, and the first bytes of "ge" and of marked stopwords
    // Words are short: eight bytes at a time, mixed inline (std::hash
    // calls out to a byte-wise hash, which was a tenth of the snippets' time).
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
            std::size_t i = 0;
            for (; i + 8 <= s.size(); i += 8) {
                std::uint64_t v;
                std::memcpy(&v, s.data() + i, 8);
                h = (h ^ v) * 0xBF58476D1CE4E5B9ULL;
                h ^= h >> 31;
            }
            std::uint64_t v = 0;
            std::memcpy(&v, s.data() + i, s.size() - i);
            h = (h ^ v) * 0x94D049BB133111EBULL;
            return static_cast<std::size_t>(h ^ (h >> 29));
        }
    };
    // Looked up by string_view, the hashes stored: a lookup compares a
    // word's bytes only when its hash matches.
    tsl::robin_map<std::string, std::pair<int, int>, Hash, std::equal_to<>,
                   std::allocator<std::pair<std::string, std::pair<int, int>>>, true>
        memo_;
    std::unordered_map<std::string, int> ids_;
    bool compounds_;
    bool stopwords_count_ = false;  // the query's stopwords are its words
    bool numbers_ = false;
    std::vector<std::string> part_stems_;  // the query stems a compound may hold
    std::vector<std::vector<std::string>> part_spellings_;  // part_spellings() of each
    std::vector<Respelt> respelt_;                          // respelt() of each
    std::vector<std::vector<int>> phrases_;
    std::vector<Proximity> near_;
    std::vector<Together> together_;
    std::unordered_map<std::string, int> near_forms_;  // a NEAR word's form that is no query word: its key
};

namespace {

// Offsets in 32 bits (make() reads at most the first 4 GB of a body): a
// long body's words are then two thirds of the memory.
struct Word {
    std::uint32_t begin, end;
    int key;             // the query word it matches, or no_match / stopword_match
    int part = no_match;  // the phrase part it can be
};

// Words that stand together as one of the query's phrases: each marked, as
// one query word. Only there are a phrase's words marked ("geen" of "geen
// akkoord", "u" of "U.S." stay unmarked elsewhere).
void mark_phrases(std::vector<Word>& words, std::size_t from, SnippetMatcher& matcher) {
    const auto& phrases = matcher.phrases();
    for (std::size_t p = 0; p < phrases.size(); ++p) {
        const std::vector<int>& parts = phrases[p];
        for (std::size_t i = from; i + parts.size() <= words.size(); ++i) {
            std::size_t k = 0;
            while (k < parts.size() && words[i + k].part == parts[k]) ++k;
            if (k < parts.size()) continue;
            const int key = matcher.phrase_key(p);
            for (k = 0; k < parts.size(); ++k) words[i + k].key = key;
            i += parts.size() - 1;
        }
    }
}

struct Window {
    std::size_t start = 0, distinct = 0, count = 0;
};

// Scores the windows that start at a matched word in [from, to) and keeps
// the best: the most distinct query words, then the most matches.
void score_windows(const std::vector<Word>& words, std::size_t from, std::size_t to, std::size_t window_words,
                   Window& best) {
    std::vector<int> seen;
    for (std::size_t start = from; start < to; ++start) {
        if (words[start].key < 0) continue;
        seen.clear();
        std::size_t count = 0;
        for (std::size_t i = start; i < std::min(words.size(), start + window_words); ++i) {
            if (words[i].key < 0) continue;
            ++count;
            if (std::find(seen.begin(), seen.end(), words[i].key) == seen.end()) seen.push_back(words[i].key);
        }
        if (seen.size() > best.distinct || (seen.size() == best.distinct && count > best.count))
            best = Window{start, seen.size(), count};
    }
}

// Runs of words that the index also holds as one word: each run that
// `run(i, j, end)` finds at words[i] (words [i, j), the word ending at
// `end`; its key, or no_match) becomes that one word, from `from` on.
template <class Run>
void join_runs(std::vector<Word>& words, std::size_t from, Run&& run) {
    std::size_t out = from;
    for (std::size_t i = from; i < words.size();) {
        std::size_t j = i + 1;
        std::uint32_t end = 0;
        const int key = run(i, j, end);
        if (key != no_match) {
            words[out++] = Word{words[i].begin, end, key, no_match};
            i = j;
        } else {
            if (out != i) words[out] = words[i];
            ++out;
            ++i;
        }
    }
    words.resize(out);
}

// An abbreviation with points ("V.S."), which the index also holds as one
// word (Analyser::tokenise): its letters from `from` on become that word
// when the query has it ("VS"), so the passage is found and marked whole.
// A piece of text ends at a space, so no abbreviation spans two.
void join_acronyms(std::string_view body, std::vector<Word>& words, std::size_t from, SnippetMatcher& matcher) {
    // Most words are longer than one letter: that is tested inline.
    const auto letter = [&](const Word& w) { return w.end == w.begin + 1 && acronym_letter(body, w.begin, w.end); };
    join_runs(words, from, [&](std::size_t i, std::size_t& j, std::uint32_t& end) {
        j = i;
        while (j < words.size() && letter(words[j]) && (j == i || words[j].begin == words[j - 1].end + 1)) ++j;
        if (j - i < 2 || !acronym_starts_clean(body, words[i].begin)) return no_match;
        std::string joined;
        for (std::size_t k = i; k < j; ++k)
            joined += static_cast<char>(std::tolower(static_cast<unsigned char>(body[words[k].begin])));
        end = words[j - 1].end + 1;  // its last point
        return matcher.key(joined);
    });
}

// A number written with points between its thousands ("12.000"; in
// English with commas, `separator`: "28,500"), which the index also holds as
// one word (Analyser::tokenise): its groups from `from` on become that word
// when the query has it ("12000").
void join_numbers(std::string_view body, std::vector<Word>& words, std::size_t from, SnippetMatcher& matcher,
                  char separator) {
    join_runs(words, from, [&](std::size_t i, std::size_t& j, std::uint32_t& end) {
        if (!number_group(body, words[i].begin, words[i].end, true, separator)) return no_match;
        while (j < words.size() && words[j].begin == words[j - 1].end + 1 &&
               number_group(body, words[j].begin, words[j].end, false, separator))
            ++j;
        end = words[j - 1].end;
        // As the index joins it: "1.12.000" and "1.234.5" are no such number.
        if (j - i < 2 || !number_stands_clean(body, words[i].begin, end, separator)) return no_match;
        std::string joined;
        for (std::size_t k = i; k < j; ++k) joined.append(body.substr(words[k].begin, words[k].end - words[k].begin));
        return matcher.key(joined);
    });
}

// Where the word of one letter at body[begin] begins: at the apostrophe
// before it when that elides a word ("'s-Gravenhage", "’t Zand", "'k
// weet"), which is the word's; not one that closes a word ("auto's").
std::size_t elided_begin(std::string_view body, std::size_t begin) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(body[begin])));
    if (c != 's' && c != 't' && c != 'k' && c != 'n' && c != 'm') return begin;
    std::size_t a = begin;
    if (a >= 1 && body[a - 1] == '\'')
        a -= 1;
    else if (a >= 3 && body.substr(a - 3, 3) == "\u2019")
        a -= 3;
    else
        return begin;
    const bool stands_apart = a == 0 || body[a - 1] == ' ' || body[a - 1] == '\n' || body[a - 1] == '\t' ||
                              body[a - 1] == '\r' || body[a - 1] == '(' || body[a - 1] == '"';
    return stands_apart ? a : begin;
}

// Whether the space at body[at] may stand between a number and its percent
// or currency sign ("25 %", "€ 200"), which the scanner reads as one word
// only in one piece: the byte before it or after it may be a sign's (an
// ASCII "%" or "$", or a byte of "‰", "€", "£", "¥"; a byte of another
// character only moves the piece's end to the next space).
bool beside_sign(std::string_view body, std::size_t at) {
    const auto sign_byte = [](unsigned char c) {
        return c == '%' || c == '$' || c == 0xC2 || c == 0xE2 || c == 0xA3 || c == 0xA5 || c == 0xAC || c == 0xB0;
    };
    return (at > 0 && sign_byte(static_cast<unsigned char>(body[at - 1]))) ||
           (at + 1 < body.size() && sign_byte(static_cast<unsigned char>(body[at + 1])));
}

// A word a hyphen touches (the one before it or the one after), as the
// scanner handed it on: its index in the words and its folded term (empty
// when the scanner did not fold it). Only these can be joined by
// join_hyphenated, so only these are noted while a piece is read.
struct HyphenWord {
    std::size_t word;
    std::string term;
};

// A word written with hyphens ("G-20", "COVID-19-virus") is also one
// word in the index, its parts joined ("g20", "covid19"): a run of words
// joined by single hyphens becomes that word when the query has it ("G20",
// "covid19") and its first word does not match on its own, so that the
// passage is found and marked whole. `touched`: the words of the piece a hyphen
// touches, in order (HyphenWord). A run begins at a folded word (a query
// word's first letter); the words after it in the run are folded here, if
// the scanner did not.
// Returns whether it joined any.
bool join_hyphenated(std::string_view body, std::vector<Word>& words, std::vector<HyphenWord>& touched,
                     SnippetMatcher& matcher, const Analyser& analyser) {
    constexpr std::size_t max_run = 4;
    const auto term_of = [&](std::size_t t) -> const std::string& {
        std::string& term = touched[t].term;
        if (term.empty()) {
            const Word& w = words[touched[t].word];
            const std::vector<Token> tokens = analyser.tokenise(body.substr(w.begin, w.end - w.begin));
            if (!tokens.empty()) term = tokens.front().term;
        }
        return term;
    };
    // The word after touched[t]'s, across one hyphen, is touched[t + 1]'s:
    // a hyphen touches it too.
    const auto hyphen_after = [&](std::size_t t) {
        const std::size_t i = touched[t].word;
        return t + 1 < touched.size() && touched[t + 1].word == i + 1 && words[i + 1].begin == words[i].end + 1 &&
               body[words[i].end] == '-' && !term_of(t).empty() && !term_of(t + 1).empty();
    };
    const auto alone = [&](const Word& w) { return w.key == no_match && w.part == no_match; };
    struct Joined {
        std::size_t first, last;  // words[first, last] become one
        int key;
    };
    std::vector<Joined> joins;
    std::size_t next = 0;  // words before this are in a run joined already
    for (std::size_t t = 0; t < touched.size(); ++t) {
        const std::size_t i = touched[t].word;
        if (i < next || !alone(words[i]) || touched[t].term.empty() || !hyphen_after(t)) continue;
        // The words after the first may match on their own: the whole is
        // marked for a query word that is the whole ("vredes-besprekingen"
        // for vredesbesprekingen, whose "besprekingen" the query also has).
        std::size_t u = t;
        while (u - t + 1 < max_run && hyphen_after(u)) ++u;
        int key = no_match;
        std::size_t best_end = t;
        for (; u > t && key < 0; --u) {
            std::string joined;
            for (std::size_t k = t; k <= u; ++k) joined += touched[k].term;
            key = matcher.key(joined);
            if (key >= 0) best_end = u;
        }
        // A part of one letter is also joined to the first word of the
        // compound after it, as the index joins it ("e-mailadres": email);
        // the hyphenated word is marked.
        if (key < 0 && touched[t].term.size() == 1 && matcher.may_begin(touched[t].term[0]) &&
            alone(words[touched[t + 1].word]) && !analyser.is_stopword(touched[t].term) &&
            !analyser.is_stopword(term_of(t + 1))) {
            const std::vector<std::string> split = analyser.compound_split(term_of(t + 1));
            if (!split.empty()) {
                key = matcher.key(touched[t].term + split.front());
                best_end = t + 1;
            }
        }
        if (key >= 0) {
            joins.push_back(Joined{i, touched[best_end].word, key});
            next = touched[best_end].word + 1;
        }
    }
    if (joins.empty()) return false;
    std::size_t out = joins.front().first;
    std::size_t i = out;
    for (const Joined& j : joins) {
        for (; i < j.first; ++i) words[out++] = words[i];
        words[out++] = Word{words[j.first].begin, words[j.last].end, j.key, no_match};
        i = j.last + 1;
    }
    for (; i < words.size(); ++i) words[out++] = words[i];
    words.resize(out);
    return true;
}

// A word whose end is left out for the next word's ("Noord-" of "Noord- en
// Zuid-Korea", "land-" of "land- en tuinbouw") is also the word it stands
// for in the index ("noordkorea", "landbouw"): marked with its hyphen when
// the query has that word. The analyser's own reading decides (its whole
// tokens there), for the few words of the piece that end in a hyphen
// before a blank or comma and begin a query word: the text around them
// is read again (which loads the compound lexicon: not for every "lucht-
// en ruimtevaart" of a page).
void mark_suspended(std::string_view body, std::vector<Word>& words, std::size_t piece_first,
                    const std::vector<HyphenWord>& touched, SnippetMatcher& matcher, const Analyser& analyser) {
    // The words before the first such word and after the last that its reading needs: a word with a
    // hyphen before it ("Noord-Korea- en"), the conjunction, the last word and its hyphenated parts.
    constexpr std::size_t words_before = 2, words_after = 12;
    const auto open = [&](const Word& w) {
        const std::size_t e = w.end;
        return e + 1 < body.size() && body[e] == '-' &&
               (body[e + 1] == ' ' || body[e + 1] == ',' || body[e + 1] == '\n' || body[e + 1] == '\t');
    };
    std::size_t first = words.size(), last = 0;
    for (const HyphenWord& h : touched)
        if (open(words[h.word]) && matcher.may_head(h.term)) {
            first = std::min(first, h.word);
            last = std::max(last, h.word);
        }
    if (first == words.size()) return;
    const std::size_t from = first >= piece_first + words_before ? first - words_before : piece_first;
    const std::size_t to = std::min(words.size() - 1, last + words_after);
    const std::size_t b = words[from].begin, e = words[to].end;
    for (const Token& t : analyser.tokenise(body.substr(b, e - b), Reading::article)) {
        if (t.kind != Token::Kind::whole || t.begin + b < words[first].begin) continue;
        for (std::size_t i = first; i <= last; ++i) {
            Word& w = words[i];
            if (w.begin != t.begin + b || w.end + 1 != t.end + b || !open(w) || w.key >= 0) continue;
            const int key = matcher.key(t.term);
            if (key < 0) continue;
            w.key = key;
            w.part = no_match;
            w.end += 1;  // its hyphen
        }
    }
}

// Appends body[from, to), the text between two shown words. Words the
// index skips (longer than max_term_bytes: a URL, base64, a run of letters
// no word boundary cuts) are text between words too: a stretch longer than
// max_gap_bytes keeps its ends and loses its middle ("https://www.exa … 789"),
// so one such token cannot make a snippet of thousands of characters.
void append_gap(std::string& out, std::string_view body, std::size_t from, std::size_t to) {
    if (to <= from) return;
    if (to - from <= max_gap_bytes) {
        out.append(body.substr(from, to - from));
        return;
    }
    std::size_t head = from + gap_end_bytes, tail = to - gap_end_bytes;
    while (head > from && (static_cast<unsigned char>(body[head]) & 0xC0) == 0x80) --head;
    while (tail < to && (static_cast<unsigned char>(body[tail]) & 0xC0) == 0x80) ++tail;
    out.append(body.substr(from, head - from));
    out += " … ";
    out.append(body.substr(tail, to - tail));
}

}  // namespace

// The words of a body, and of its first reading while a second one looks
// for compounds: kept from one body of the page to the next.
struct SnippetMaker::Buffers {
    std::vector<Word> words, plain_words;
    std::vector<HyphenWord> touched;  // join_hyphenated's, of the piece being read
    std::vector<std::size_t> near_at;  // the shown words of a NEAR
    std::vector<char> near_kept;       // of each shown word: 1 kept by a NEAR's match, 2 unmarked
};

SnippetMaker::SnippetMaker(const BuiltQuery& query, std::size_t window_words)
    : query_(query), window_words_(window_words), buffers_(std::make_unique<Buffers>()) {}

SnippetMaker::~SnippetMaker() = default;

Snippet make_snippet(std::string_view body, const BuiltQuery& query, const Analyser& analyser,
                     std::size_t window_words) {
    return SnippetMaker(query, window_words).make(body, analyser);
}

bool SnippetMaker::lacked_word() const {
    std::vector<int> found;
    for (const Word& w : buffers_->words)
        if (w.key >= 0 && std::find(found.begin(), found.end(), w.key) == found.end()) found.push_back(w.key);
    return found.size() < last_wanted_;
}

SnippetMatcher& SnippetMaker::matcher_for(const Analyser& analyser, bool compounds) {
    auto& list = compounds ? compound_matchers_ : matchers_;
    auto found = std::find_if(list.begin(), list.end(), [&](const auto& m) { return m.first == &analyser; });
    if (found == list.end())
        found = list.emplace(list.end(), &analyser, std::make_unique<SnippetMatcher>(query_, analyser, compounds));
    return *found->second;
}

Snippet SnippetMaker::make(std::string_view body, const Analyser& analyser) {
    constexpr std::size_t max_body_bytes = std::numeric_limits<std::uint32_t>::max();  // Word's offsets
    if (body.size() > max_body_bytes) body = body.substr(0, max_body_bytes);
    const std::size_t window_words = window_words_;
    SnippetMatcher* matcher_used = &matcher_for(analyser, false);
    const std::size_t wanted = matcher_used->reachable();
    last_wanted_ = wanted;
    std::vector<Word>& words = buffers_->words;
    Window best;
    std::size_t at = 0;  // analysed up to here
    // The words of the body up to the first window with every query word,
    // and the best window: `matcher` says which words match.
    const auto scan = [&](SnippetMatcher& matcher) {
        words.clear();
        best = Window();
        at = 0;
        std::size_t scored = 0;  // windows starting before this word have been scored
        while (at < body.size()) {
            std::size_t end = std::min(body.size(), at + piece_bytes);
            while (end < body.size() && ((body[end] != ' ' && body[end] != '\n') || beside_sign(body, end))) ++end;
            const std::size_t piece_first = words.size();
            std::vector<HyphenWord>& touched = buffers_->touched;
            touched.clear();
            // The first of the piece's words from which join_acronyms can
            // find something: two letters each with a point after it, side by
            // side ("V.S."); none in most pieces.
            std::size_t acronyms_from = no_acronym;
            std::uint32_t letter_end = 0;  // the end of the last word when it was such a letter, else 0
            const std::string_view piece = body.substr(at, end - at);
            const char* const text = piece.data();
            const std::uint32_t piece_size = static_cast<std::uint32_t>(piece.size());
            const bool hyphen_before_piece = at > 0 && body[at - 1] == '-';
            const auto at32 = static_cast<std::uint32_t>(at);
            analyser.each_word(piece, [&](std::string_view term, std::uint32_t b, std::uint32_t e) {
                int part = no_match, key = no_match;  // an empty term: a word no query word can be, not folded
                if (!term.empty()) {
                    key = matcher.key(term, part);
                    if (!query_.marked_stopwords.empty())
                        if (auto m = query_.marked_stopwords.find(term); m != query_.marked_stopwords.end())
                            key = m->second.count(analyser.marked_stopword(body.substr(at + b, e - b), term))
                                      ? matcher.marked(term)
                                      : no_match;  // "een" for "één": not what was asked
                }
                if (e == b + 1 && e < piece_size && text[e] == '.') {
                    if (letter_end != 0 && b == letter_end + 1 && acronyms_from == no_acronym)
                        acronyms_from = words.size() - 1;
                    letter_end = e;
                } else {
                    letter_end = 0;
                }
                if ((e < piece_size && text[e] == '-') || (b > 0 ? text[b - 1] == '-' : hyphen_before_piece))
                    touched.push_back(HyphenWord{words.size(), std::string(term)});  // empty when not folded
                const std::uint32_t begin =
                    e == b + 1 ? static_cast<std::uint32_t>(elided_begin(body, at + b)) : at32 + b;
                words.push_back(Word{begin, at32 + e, key, part});
            }, matcher.word_filter());
            if (!touched.empty()) mark_suspended(body, words, piece_first, touched, matcher, analyser);
            const bool moved = !touched.empty() && join_hyphenated(body, words, touched, matcher, analyser);
            if (acronyms_from != no_acronym) join_acronyms(body, words, moved ? piece_first : acronyms_from, matcher);
            if (matcher.numbers())
                join_numbers(body, words, piece_first, matcher, analyser.thousands_separator());
            if (!matcher.phrases().empty()) mark_phrases(words, piece_first, matcher);
            at = end;
            // Windows that are complete now (or all of them at the end).
            std::size_t complete = at < body.size() ? (words.size() >= window_words ? words.size() - window_words + 1 : 0)
                                                    : words.size();
            if (complete > scored) {
                score_windows(words, scored, complete, window_words, best);
                scored = complete;
            }
            if (best.distinct >= wanted) break;
        }
    };
    scan(*matcher_used);
    // A query word not found as a word may be in a compound ("sancties" in
    // "sanctieverlichting"): looked for only then, in a second reading.
    std::vector<int> found;
    if (best.distinct < wanted)
        for (const Word& w : words)
            if (w.key >= 0 && std::find(found.begin(), found.end(), w.key) == found.end()) found.push_back(w.key);
    if (best.distinct < wanted && matcher_used->could_find_compounds(body, found)) {
        std::vector<Word>& plain_words = buffers_->plain_words;
        plain_words.swap(words);
        const Window plain_best = best;
        const std::size_t plain_at = at;
        SnippetMatcher& compound = matcher_for(analyser, true);
        scan(compound);
        if (best.distinct > plain_best.distinct) {
            matcher_used = &compound;
        } else {
            words.swap(plain_words);
            best = plain_best;
            at = plain_at;
        }
    }
    Snippet out;
    if (words.empty()) return out;
    // Words the query searches only together with others that the body
    // lacks are no match but in a phrase ("Europese" of "Europese
    // Commissie" for "Europese Unie", an article found by "EU").
    for (const SnippetMatcher::Together& t : matcher_used->together()) {
        const bool all = std::all_of(t.keys.begin(), t.keys.end(), [&](int k) {
            return std::any_of(words.begin(), words.end(), [&](const Word& w) { return w.key == k; });
        });
        if (!all)
            for (Word& w : words)
                if (std::find(t.only.begin(), t.only.end(), w.key) != t.only.end()) w.key = no_match;
    }

    // Start a few words before the first match, for context.
    std::size_t first = best.start >= 3 && best.count ? best.start - 3 : (best.count ? 0 : best.start);
    std::size_t last = std::min(words.size(), first + window_words) - 1;
    // A passage that takes in the text's last word shows as much before it
    // as the window holds: a short article whole, not from three words
    // before its first match ("… Verenigde Staten leggen sancties op.").
    const bool to_the_end = last + 1 == words.size() &&
                            (at >= body.size() || body.find_first_not_of(" \t\r\n", at) == std::string_view::npos);
    if (best.count && to_the_end)
        first = words.size() > window_words ? std::min(first, words.size() - window_words) : 0;
    // A name or compound written with a hyphen or apostrophe between its
    // words ("Noord-Korea", "Kim Jong-un") is shown whole, not cut to
    // "Noord-Kor" or "… un": the passage widens to take it in.
    auto joined = [&](std::size_t i) {  // words[i] and words[i + 1] are written as one
        const std::size_t gap_from = words[i].end, gap_to = words[i + 1].begin;
        if (gap_to < gap_from || gap_to - gap_from > max_joiner_bytes) return false;
        for (std::size_t k = gap_from; k < gap_to; ++k)
            if (body[k] == ' ' || body[k] == '\n' || body[k] == '\t' || body[k] == '\r') return false;
        return true;
    };
    // The window's last match is shown even when the context before its
    // first pushed it past window_words ("… Yongbyon … de sancties").
    if (best.count)
        for (std::size_t i = std::min(words.size(), best.start + window_words); i-- > best.start;)
            if (words[i].key >= 0 || words[i].key == stopword_match) {
                last = std::max(last, i);
                break;
            }
    // The last word of the match of several words that words[i] is in (a
    // phrase, a synonym as "Den Haag"), else i: it is shown whole, not cut
    // to "… Zaken in Den …". A phrase's words are marked in whole
    // occurrences from the first of a run of its key (mark_phrases).
    const auto match_end = [&](std::size_t i) {
        const auto& phrases = matcher_used->phrases();
        for (std::size_t p = 0; p < phrases.size(); ++p) {
            const int key = matcher_used->phrase_key(p);
            if (words[i].key != key) continue;
            std::size_t run = i;
            while (run > 0 && words[run - 1].key == key) --run;
            const std::size_t n = phrases[p].size();
            return std::min(words.size() - 1, i + (n - 1 - (i - run) % n));
        }
        return i;
    };
    // Widens words[f, l] to whole words at both ends; the end byte of what
    // it shows.
    const auto widen = [&](std::size_t& f, std::size_t& l) {
        l = match_end(l);
        for (std::size_t n = 0; n < max_joined_words && f > 0 && joined(f - 1); ++n) --f;
        for (std::size_t n = 0; n < max_joined_words && l + 1 < words.size() && joined(l); ++n) ++l;
        std::size_t to = words[l].end;
        // Keep closing punctuation after the last word (". ", "”", "?!”",
        // ".”)"), not the start of a word joined on past the limit above.
        constexpr std::size_t max_closing_bytes = 12;
        while (to < body.size() && body[to] != ' ' && body[to] != '\n' && to - words[l].end < max_closing_bytes &&
               !(l + 1 < words.size() && to >= words[l + 1].begin))
            ++to;
        // After the text's last word, what ends it too ("zwaluw 🎉", "zong
        // — 🎉."), when that is short: nothing is left out, so no "…".
        constexpr std::size_t max_tail_bytes = 32;
        if (l + 1 == words.size()) {
            const std::size_t end = body.find_last_not_of(" \t\r\n");
            if (end != std::string_view::npos && end + 1 > to && end + 1 - to <= max_tail_bytes) to = end + 1;
        }
        // Never end inside a UTF-8 sequence ("raket——").
        while (to > words[l].end && to < body.size() && (static_cast<unsigned char>(body[to]) & 0xC0) == 0x80) --to;
        return to;
    };
    const std::size_t to = widen(first, last);
    const std::size_t from = words[first].begin;

    // The passage, and a short piece around the first occurrence of each
    // query word it lacks (words far apart: "… Yongbyon … de sancties …"),
    // in the order of the text; a piece too is widened to whole words
    // ("ruim 57.000 mensen", "Kim Jong-un", "6,3 procent."), not cut to
    // "ruim 57 …" or "… un".
    struct Piece {
        std::size_t first, last, from, to;
    };
    std::vector<Piece> pieces{{first, last, from, to}};
    std::vector<int> shown;
    const auto show = [&](std::size_t f, std::size_t l) {
        for (std::size_t i = f; i <= l; ++i)
            if (words[i].key >= 0 && std::find(shown.begin(), shown.end(), words[i].key) == shown.end())
                shown.push_back(words[i].key);
    };
    show(first, last);
    for (std::size_t m = 0; m < words.size() && pieces.size() <= max_extra_pieces; ++m) {
        if (words[m].key < 0 || std::find(shown.begin(), shown.end(), words[m].key) != shown.end()) continue;
        std::size_t f = m >= extra_before ? m - extra_before : 0;
        std::size_t l = std::min(words.size() - 1, m + extra_after);
        const std::size_t piece_to = widen(f, l);
        bool overlaps = false;
        for (const Piece& p : pieces) overlaps |= f <= p.last + 1 && l + 1 >= p.first;
        if (overlaps) continue;
        pieces.push_back({f, l, words[f].begin, piece_to});
        show(f, l);
    }
    std::sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) { return a.first < b.first; });
    // The words of a NEAR are marked where they stand closest together,
    // which is its match as the reader sees it, not wherever they stand:
    // "Ajax vs PSV" for `Ajax NEAR vs`, not "Ajax speelde ... de VS" ten
    // words before it. Only the words the query has nowhere else, and only
    // when the shown words hold a match (else the code cannot know it).
    std::vector<char>& near_kept = buffers_->near_kept;
    near_kept.clear();
    const std::size_t shown_from = pieces.front().first;
    for (const SnippetMatcher::Proximity& near : matcher_used->proximity()) {
        std::vector<std::size_t>& near_at = buffers_->near_at;
        near_at.clear();
        const auto part_of = [&](int key) {
            return static_cast<std::size_t>(std::find(near.keys.begin(), near.keys.end(), key) - near.keys.begin());
        };
        for (const Piece& piece : pieces)
            for (std::size_t i = piece.first; i <= piece.last; ++i)
                if (words[i].key >= 0 && part_of(words[i].key) < near.keys.size()) near_at.push_back(i);
        // The smallest windows with every word (two pointers), and the least span.
        std::size_t have[8] = {}, covered = 0, least = near.window;  // Xapian: a span of at most the window
        const std::size_t parts = std::min<std::size_t>(near.keys.size(), 8);
        std::vector<std::pair<std::size_t, std::size_t>> matches;  // [l, r] in near_at
        for (std::size_t l = 0, r = 0; r < near_at.size(); ++r) {
            const std::size_t pr = part_of(words[near_at[r]].key);
            if (pr < parts && have[pr]++ == 0) ++covered;
            while (l < r) {
                const std::size_t pl = part_of(words[near_at[l]].key);
                if (pl < parts && have[pl] == 1) break;
                if (pl < parts) --have[pl];
                ++l;
            }
            if (covered < parts) continue;
            const std::size_t span = near_at[r] - near_at[l] + 1;
            if (span > least) continue;
            if (span < least) matches.clear();
            least = span;
            matches.emplace_back(l, r);
        }
        if (matches.empty()) continue;
        if (near_kept.empty()) near_kept.assign(pieces.back().last + 1 - shown_from, 0);
        for (const auto& [l, r] : matches)
            for (std::size_t k = l; k <= r; ++k) near_kept[near_at[k] - shown_from] = 1;
        for (const std::size_t i : near_at)
            if (near.only[part_of(words[i].key)] && near_kept[i - shown_from] == 0) near_kept[i - shown_from] = 2;
    }
    const auto near_unmarked = [&](std::size_t i) { return !near_kept.empty() && near_kept[i - shown_from] == 2; };
    // A compound of a query word that the passage shows is marked however
    // the passage was found: a first reading does not look inside words
    // ("de proef. De kernproef volgt op een reeks raketproeven").
    if (!matcher_used->compounds())
        for (const Piece& piece : pieces)
            for (std::size_t i = piece.first; i <= piece.last; ++i) {
                Word& w = words[i];
                const std::uint32_t size = w.end - w.begin;
                if (w.key != no_match || size < compound_min_word) continue;
                const auto fold = [&](std::string_view term, std::uint32_t b, std::uint32_t e) {
                    if (b == 0 && e == size) w.key = matcher_used->compound_key(term);
                };
                analyser.each_word(body.substr(w.begin, size), fold);
            }
    // A passage from the first word starts at the text's start, with what
    // stands before that word ("„Sanctie werkt niet”", "(Sanctie)"): no
    // "…" says that anything is left out there.
    if (pieces.front().first == 0) {
        std::size_t start = 0;
        while (start < words[0].begin && (body[start] == ' ' || body[start] == '\n' || body[start] == '\t' ||
                                          body[start] == '\r'))
            ++start;
        pieces.front().from = start;
    }

    if (pieces.front().first > 0) out.text = "… ";
    for (std::size_t p = 0; p < pieces.size(); ++p) {
        const Piece& piece = pieces[p];
        if (p > 0) out.text += " … ";
        std::size_t cursor = piece.from;
        for (std::size_t i = piece.first; i <= piece.last; ++i) {
            const std::size_t gap_from = cursor;
            append_gap(out.text, body, cursor, words[i].begin);
            std::size_t b = out.text.size();
            out.text.append(body, words[i].begin, words[i].end - words[i].begin);
            cursor = words[i].end;
            if ((words[i].key < 0 && words[i].key != stopword_match) || near_unmarked(i)) continue;
            // Marked words written as one ("U.S.", "Jong-un", "2.000") are one mark.
            if (i > piece.first && words[i - 1].key == words[i].key && words[i].key >= 0 && joined(i - 1) &&
                !out.highlights.empty() && out.highlights.back().second == b - (words[i].begin - gap_from)) {
                // An abbreviation's letters marked as one take its last
                // point, as the tokeniser reads it: "U.S.", not "U.S".
                if (acronym_letter(body, words[i - 1].begin, words[i - 1].end) &&
                    acronym_letter(body, words[i].begin, words[i].end)) {
                    out.text += '.';
                    ++cursor;
                }
                out.highlights.back().second = out.text.size();
            } else {
                out.highlights.emplace_back(b, out.text.size());
            }
        }
        append_gap(out.text, body, cursor, piece.to);
    }
    const std::size_t end_word = pieces.back().last, end_byte = pieces.back().to;
    bool more = end_word + 1 < words.size() ||
                (at < body.size() && body.find_first_not_of(" \t\r\n", end_byte) != std::string_view::npos);
    if (more) out.text += " …";
    for (char& c : out.text)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    return out;
}

}  // namespace knipsel
