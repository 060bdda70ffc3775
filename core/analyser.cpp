#include "analyser.h"

#include <algorithm>
#include <array>

#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <xxhash.h>

#include "error.h"
#include "fold.h"

namespace knipsel {
using namespace analyser_detail;  // the scanner's pieces (analyser.h): CharClass, plural_s, is_clitic
namespace {

constexpr int32_t table_size = latin_fold_end;

#include "latin_fold.inc"  // latin_folds, made at build time
// Entries before a cache starts afresh: each holds a word, its stem and
// parts (~150 bytes), and every worker has its own, so the limit bounds
// an indexer's memory on an archive of millions of different words (names,
// numbers): 2^16 keeps a 200,000-article run at 183 MiB (2^18: 264 MiB),
// and the bench corpus's words nearly fit.
constexpr std::size_t cache_limit = 1 << 16;

bool is_letter_or_mark(int32_t cp) {
    if (u_isalnum(cp)) return true;
    int8_t t = u_charType(cp);
    // A number that is no decimal digit is part of a word when NFKD makes
    // it letters or digits: "CO₂" is "co2", "m²" "m2", "①" "1", "Ⅻ" "xii".
    // A fraction is not: NFKD's "1⁄2" would read "2½" as "21" and "2".
    if (t == U_OTHER_NUMBER || t == U_LETTER_NUMBER) {
        // The Latin ones ("²", "½") from the compiled-in table: an
        // analyser's start loads no normalisation data.
        const std::string folded = cp < table_size ? std::string(latin_folds[cp - 0x80][0]) : fold_with_icu(cp, false);
        const auto* s = reinterpret_cast<const uint8_t*>(folded.data());
        const int32_t n = static_cast<int32_t>(folded.size());
        bool word = n > 0;
        for (int32_t i = 0; i < n && word;) {
            UChar32 c;
            U8_NEXT(s, i, n, c);
            word = c >= 0 && u_isalnum(c);
        }
        return word;
    }
    return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK;
}

}  // namespace

bool analyser_detail::unit_letters(std::string_view text, std::size_t begin, std::size_t end) {
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    auto i = static_cast<int32_t>(begin);
    int letters = 0;
    while (i < static_cast<int32_t>(end)) {
        UChar32 cp;
        U8_NEXT(s, i, static_cast<int32_t>(end), cp);
        if (cp >= 0 && u_isalpha(cp))
            ++letters;
        else if (cp < 0 || !is_dropped_mark(cp))
            return false;
    }
    return letters >= 1 && letters <= 2;
}

void analyser_detail::compose_jamo(FoldBuffer& word) {
    const std::string composed = compose(std::string(word.view()));
    word.size = 0;
    word.append(composed.data(), composed.size());
}

namespace {

std::uint8_t classify(int32_t cp) {
    switch (cp) {
    case '-': case 0x2010: case 0x2011:
        return hyphen;
    case '\'': case '`': case 0xB4: case 0x2018: case 0x2019: case 0x02BC:
        return apostrophe;
    case '%': case 0x2030: case 0x20AC: case '$': case 0xA3: case 0xA5:  // % ‰ € $ £ ¥ (sign_index)
        return sign;
    default:
        return is_letter_or_mark(cp) ? letter : other;
    }
}

bool ends_with(const std::string& s, std::string_view tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// The words of the signs, by language, in the order of sign_index: % ‰ € $ £ ¥.
// English has no one word for "‰" ("per mille"): there it stays no word.
constexpr std::array<std::string_view, 6> dutch_sign_words = {"procent", "promille", "euro", "dollar", "pond", "yen"};
constexpr std::array<std::string_view, 6> english_sign_words = {"percent", "", "euro", "dollar", "pound", "yen"};

// The bytes of a space that may stand between a number and its sign
// ("25 %", "€ 200"): a space, a no-break space (U+00A0), a thin space
// (U+2009) or a narrow no-break space (U+202F), as typeset text has them.
std::size_t space_before(std::string_view t, std::size_t at) {
    const auto b = [&](std::size_t back) { return static_cast<unsigned char>(t[at - back]); };
    if (at >= 1 && b(1) == ' ') return 1;
    if (at >= 2 && b(2) == 0xC2 && b(1) == 0xA0) return 2;
    if (at >= 3 && b(3) == 0xE2 && b(2) == 0x80 && (b(1) == 0x89 || b(1) == 0xAF)) return 3;
    return 0;
}
std::size_t space_after(std::string_view t, std::size_t at) {
    const auto b = [&](std::size_t ahead) { return static_cast<unsigned char>(t[at + ahead]); };
    const std::size_t n = t.size();
    if (at + 1 <= n && b(0) == ' ') return 1;
    if (at + 2 <= n && b(0) == 0xC2 && b(1) == 0xA0) return 2;
    if (at + 3 <= n && b(0) == 0xE2 && b(1) == 0x80 && (b(2) == 0x89 || b(2) == 0xAF)) return 3;
    return 0;
}
// Whether a token's text is one sign ("%", "€"): its term is a sign's word.
bool is_sign(std::string_view original) {
    const auto* s = reinterpret_cast<const uint8_t*>(original.data());
    const int32_t n = static_cast<int32_t>(original.size());
    int32_t i = 0;
    UChar32 cp;
    U8_NEXT(s, i, n, cp);
    return cp >= 0 && i == n && sign_index(static_cast<char32_t>(cp)) >= 0;
}

bool has_digit(const std::string& s) {
    for (char c : s)
        if (c >= '0' && c <= '9') return true;
    return false;
}

class StemAdapter : public Xapian::StemImplementation {
public:
    explicit StemAdapter(const Analyser& a) : analyser_(a) {}
    std::string operator()(const std::string& word) override { return analyser_.stem(word); }
    std::string get_description() const override { return "knipsel"; }

private:
    const Analyser& analyser_;
};

}  // namespace

Analyser::Analyser(const AnalysisSpec& spec) : spec_(spec), case_only_(spec.fold == "case") {
    if (spec.stemmer != "none" && !spec.stemmer.empty()) {
        try {
            snowball_ = Xapian::Stem(spec.stemmer);
        } catch (const Xapian::InvalidArgumentError&) {
            throw Error(Exit::config, "unknown stemmer '" + spec.stemmer + "' in the schema",
                        "Xapian's stemmers: " + Xapian::Stem::get_available_languages());
        }
    }
    plural_rules_ = spec.stemmer_rules == "nl-plurals";
    stem_keeps_first_letter_ = spec.stemmer == "dutch" || spec.stemmer == "english" || spec.stemmer == "porter" ||
                               spec.stemmer == "none" || spec.stemmer.empty();
    stopwords_.insert(spec.stopwords.begin(), spec.stopwords.end());

    class_table_.resize(table_size);
    for (int32_t cp = 0; cp < table_size; ++cp) {
        class_table_[cp] = classify(cp);
        if (cp < 0x80 && class_table_[cp] == letter)
            ascii_fold_[cp] = static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
    }

    if (spec.language == "nl")
        sign_words_ = dutch_sign_words;
    else if (spec.language == "en")
        sign_words_ = english_sign_words;
    if (spec.language == "en") thousands_separator_ = ',';

    if (spec.compounds == "hunspell-nl") splitter_ = CompoundSplitter::shared(default_compound_files());

    std::string stop_list;
    for (const auto& w : spec.stopwords) stop_list += w + '\n';
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx",
                  static_cast<unsigned long long>(XXH3_64bits(stop_list.data(), stop_list.size())));
    identity_ = "knipsel-analyser/" + std::to_string(analyser_version) + " stemmer=" + spec.stemmer +
                " rules=" + spec.stemmer_rules +
                (case_only_ ? " fold=casefold" : " fold=nfkd,casefold,nomarks") +
                (plural_rules_ ? ",apostrophes+plural-s" : ",apostrophes") +
                ",hyphen-parts+whole,acronyms,marked-stopwords" + (sign_words_[0].empty() ? "" : ",signs") +
                " stopwords=" + hash + " compounds=" + (splitter_ ? splitter_->identity() : std::string("none"));
    for (const AnalysisSpec& other : spec.others) {
        AnalysisSpec o = other;
        o.fold = spec.fold;  // one folding for all: query words fold the same whatever the language
        others_.push_back(std::make_unique<Analyser>(o));
        identity_ += " | " + o.language + (o.detect ? " (detected)" : "") + ": " + others_.back()->identity();
    }
}

const Analyser& Analyser::for_language(std::string_view lang) const {
    for (const auto& other : others_)
        if (other->language() == lang) return *other;
    return *this;
}

namespace {
constexpr std::size_t detect_sample_words = 400;
constexpr std::size_t detect_sample_bytes = detect_sample_words * 12;
}  // namespace

std::string Analyser::detect_language(std::string_view text) const {
    return detect_language(text, tokenise(text.substr(0, detect_sample_bytes), Reading::article));
}

namespace {

// Where a text's quotations are, read word by word in order: a double
// quotation mark, straight or typographic ("…", “…”, ”…”, „…”, „…“), or a
// guillemet («…», »…«) opens a quotation or closes the open one (a „ only
// opens), and a paragraph's end closes it (a quotation over several
// paragraphs opens each anew).
class Quotations {
public:
    explicit Quotations(std::string_view text) : text_(text) {}
    // Whether the word at text[begin] is quoted; words asked in order.
    bool quoted(std::size_t begin) {
        for (; at_ < begin && at_ < text_.size(); ++at_) {
            const auto c = static_cast<unsigned char>(text_[at_]);
            const auto next = [&](std::size_t k) {
                return at_ + k < text_.size() ? static_cast<unsigned char>(text_[at_ + k]) : 0;
            };
            // A straight quotation mark after a digit is an inch mark ("a 65\" tv", "6'2\"").
            const bool inch = at_ > 0 && text_[at_ - 1] >= '0' && text_[at_ - 1] <= '9';
            if ((c == '"' && !inch) || (c == 0xC2 && (next(1) == 0xAB || next(1) == 0xBB)) ||
                (c == 0xE2 && next(1) == 0x80 && (next(2) == 0x9C || next(2) == 0x9D)))
                inside_ = !inside_;
            else if (c == 0xE2 && next(1) == 0x80 && next(2) == 0x9E)
                inside_ = true;
            else if (c == '\n')
                inside_ = inside_ && !blank_line_after(at_ + 1);
        }
        return inside_;
    }
    bool any() const { return any_; }
    void note(bool quoted) { any_ = any_ || quoted; }

private:
    bool blank_line_after(std::size_t i) const {
        while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\r')) ++i;
        return i == text_.size() || text_[i] == '\n';
    }
    std::string_view text_;
    std::size_t at_ = 0;
    bool inside_ = false, any_ = false;
};

}  // namespace

std::string Analyser::detect_language(std::string_view text, const std::vector<Token>& tokens) const {
    // Stopwords of the other language only: 8, or in a short text (a wire
    // item of 30 to 60 words has 4 to 7) one word in eight, at least 4.
    constexpr std::size_t min_hits = 8, min_hits_short = 4, words_per_hit = 8;
    // A quotation is in whatever language was spoken, and a short news item
    // is often mostly one ("Trump op Twitter: \"There is no longer a Nuclear
    // Threat …\" Critici noemen dat voorbarig."): with four words or more
    // outside its quotations, a text is the language of those alone when
    // they tell clearly: stopwords of one language only, or two and more
    // than three times the other's (the English of "the president said on
    // Tuesday" around a Dutch quotation). When they do not (an English item
    // of quotations with "Trump told reporters" between them has no
    // stopword outside), the whole sample tells, as in a text without
    // quotations.
    constexpr std::size_t min_unquoted_words = 4, min_hits_unquoted = 2;
    if (std::none_of(others_.begin(), others_.end(), [](const auto& o) { return o->spec_.detect; })) return {};
    // The sample: the words of the text's first detect_sample_bytes, as
    // tokenise() gives them for those bytes alone. The text's own tokens
    // serve up to the last one that ends inside; a word cut by the end of
    // the sample (and a cut word over max_term_bytes, which the whole text
    // gives no token) comes from tokenising the few bytes left.
    const std::size_t limit = std::min(text.size(), detect_sample_bytes);
    struct SampleWord {
        std::string_view term;
        bool quoted;
    };
    std::vector<SampleWord> sample;
    Quotations quotations(text.substr(0, limit));
    const auto take = [&](const Token& t, std::size_t offset) {
        const bool quoted = quotations.quoted(offset + t.begin);
        quotations.note(quoted);
        sample.push_back({t.term, quoted});
    };
    std::size_t done = 0;  // bytes whose words are in the sample
    for (const Token& t : tokens) {
        if (sample.size() == detect_sample_words || t.end > limit) break;
        if (t.kind == Token::Kind::whole) continue;
        take(t, 0);
        done = t.end;
    }
    std::vector<Token> tail;
    if (sample.size() < detect_sample_words && done < limit) {
        tail = tokenise(text.substr(done, limit - done), Reading::article);
        for (const Token& t : tail) {
            if (sample.size() == detect_sample_words) break;
            if (t.kind != Token::Kind::whole) take(t, done);
        }
    }
    const auto unquoted = static_cast<std::size_t>(
        std::count_if(sample.begin(), sample.end(), [](const SampleWord& w) { return !w.quoted; }));
    const bool by_unquoted = quotations.any() && unquoted >= min_unquoted_words;
    std::string best;
    for (const auto& other : others_) {
        if (!other->spec_.detect) continue;
        // Words that are stopwords of one language and not of the other:
        // "the", "of", "and" against "de", "het", "een"; all of them, and
        // those outside quotations.
        std::size_t mine = 0, theirs = 0, mine_outside = 0, theirs_outside = 0;
        for (const SampleWord& w : sample) {
            bool a = is_stopword(w.term), b = other->is_stopword(w.term);
            if (a && !b) ++(w.quoted ? mine : mine_outside);
            if (b && !a) ++(w.quoted ? theirs : theirs_outside);
        }
        mine += mine_outside;
        theirs += theirs_outside;
        if (by_unquoted) {
            const std::size_t more = std::max(mine_outside, theirs_outside);
            const std::size_t fewer = std::min(mine_outside, theirs_outside);
            const std::size_t needed = std::clamp(unquoted / words_per_hit, min_hits_unquoted, min_hits);
            if (more > 3 * fewer && (fewer == 0 || more >= needed)) {
                if (theirs_outside > mine_outside) best = other->language();
                continue;
            }
        }
        const std::size_t needed = std::clamp(sample.size() / words_per_hit, min_hits_short, min_hits);
        if (theirs >= needed && theirs > 3 * mine) best = other->language();
    }
    return best;
}

namespace {

// The bytes of one line break at text[at] ("\n" or "\r\n") and the next
// line's indent, when a line goes on there: 0 at anything else, and at a
// blank line (a paragraph ends there, and no word runs across it).
std::size_t line_break_at(std::string_view text, std::size_t at) {
    std::size_t i = at;
    if (i < text.size() && text[i] == '\r') ++i;
    if (i >= text.size() || text[i] != '\n') return 0;
    ++i;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    return i < text.size() && text[i] != '\n' && text[i] != '\r' ? i - at : 0;
}

// Whether the character at text[at] is a small letter, and the one
// before text[at] a letter: a word broken by a hyphen at a line's end
// ("vredes-\nbesprekingen", not "Noord-\nKorea" or "1990-\n1995").
bool small_letter_at(std::string_view text, std::size_t at) {
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    int32_t i = static_cast<int32_t>(at);
    UChar32 cp;
    U8_NEXT(s, i, static_cast<int32_t>(text.size()), cp);
    return cp >= 0 && u_islower(cp);
}
bool letter_before(std::string_view text, std::size_t at) {
    if (at == 0) return false;
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    int32_t i = static_cast<int32_t>(at);
    UChar32 cp;
    U8_PREV(s, 0, i, cp);
    return cp >= 0 && u_isalpha(cp);
}

}  // namespace

namespace {

// Whether text at `at` is "en", "of" or "tot" (or English "and", "or")
// and a blank: a line that starts so after a hyphen goes on a pair whose
// first word leaves its end out ("Noord-⏎en Zuid-Korea"), no broken word.
bool conjunction_at(std::string_view text, std::size_t at) {
    for (std::string_view word : {"en", "of", "tot", "and", "or"})
        if (text.substr(at, word.size()) == word && at + word.size() < text.size() &&
            (text[at + word.size()] == ' ' || text[at + word.size()] == '\t'))
            return true;
    return false;
}

}  // namespace

void remove_invisible(std::string& text) {
    std::size_t out = 0;
    const std::size_t n = text.size();
    for (std::size_t i = 0; i < n;) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t skip = 0;
        if (c == 0xC2 && i + 1 < n && static_cast<unsigned char>(text[i + 1]) == 0xAD) {
            skip = 2 + line_break_at(text, i + 2);  // at a line's end, the break goes with it
        } else if (c == '-' && i + 1 < n && (text[i + 1] == '\n' || text[i + 1] == '\r') &&
                   letter_before(std::string_view(text).substr(0, out), out)) {
            // The letter before it is read from what is written so far (`out`).
            if (const std::size_t brk = line_break_at(text, i + 1);
                brk && small_letter_at(text, i + 1 + brk) && !conjunction_at(text, i + 1 + brk)) {
                text[out++] = '-';
                i += 1 + brk;
                continue;
            }
        } else if ((c == 0xE2 || c == 0xEF) && i + 2 < n) {
            const auto c1 = static_cast<unsigned char>(text[i + 1]), c2 = static_cast<unsigned char>(text[i + 2]);
            if ((c == 0xE2 && c1 == 0x80 && c2 == 0x8B) || (c == 0xE2 && c1 == 0x81 && c2 == 0xA0) ||
                (c == 0xEF && c1 == 0xBB && c2 == 0xBF) || (c == 0xEF && c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF)))
                skip = 3;
        }
        if (skip) {
            i += skip;
            continue;
        }
        if (out != i) text[out] = text[i];
        ++out;
        ++i;
    }
    text.resize(out);
}

void remove_bidi_controls(std::string& text) {
    std::size_t out = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto c1 = i + 2 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
        const auto c2 = i + 2 < text.size() ? static_cast<unsigned char>(text[i + 2]) : 0;
        if (static_cast<unsigned char>(text[i]) == 0xE2 &&
            ((c1 == 0x80 && c2 >= 0xAA && c2 <= 0xAE) || (c1 == 0x81 && c2 >= 0xA6 && c2 <= 0xA9))) {
            i += 3;
            continue;
        }
        text[out++] = text[i++];
    }
    text.resize(out);
}

std::string Analyser::marked_stopword(std::string_view original, std::string_view term) const {
    // The word is a stopword, with no stem to search by.
    return is_stopword(term) ? marked_form(original, term) : std::string();
}

void Analyser::written_forms(std::string_view text, std::unordered_map<std::string, std::string>& forms) const {
    std::string key;
    each_word(text, [&](std::string_view term, std::uint32_t begin, std::uint32_t end) {
        key.assign(term);
        const auto form = forms.find(key);
        if (form == forms.end() || !form->second.empty()) return;
        form->second = marked_form(text.substr(begin, end - begin), term);
        if (form->second.empty()) form->second = key;
    });
}

std::string Analyser::marked_form(std::string_view original, std::string_view term) const {
    // Folding took bytes away (ASCII folds to itself, byte for byte: an
    // ASCII word with another term is read as another word, "vs" as "versus").
    if (original.size() == term.size() || case_only_ ||
        std::all_of(original.begin(), original.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
        return {};
    std::string out;
    const auto* s = reinterpret_cast<const uint8_t*>(original.data());
    const int32_t n = static_cast<int32_t>(original.size());
    for (int32_t i = 0; i < n;) {
        UChar32 cp;
        U8_NEXT(s, i, n, cp);
        if (cp < 0 || char_class(cp) != letter) return {};  // "zo’n" is "zo" with a clitic, not with a mark
        if (cp < 0x80)
            out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
        else if (cp < table_size)
            out += latin_folds[cp - 0x80][1];  // lower case, marks kept
        else
            out += fold_with_icu(cp, true);
    }
    if (out == term) return {};
    // Written decomposed ("e" and U+0301), the same word: composed. (ICU's
    // normalisation data is loaded only for such a text.)
    for (unsigned char c : out)
        if (c == 0xCC || c == 0xCD) {
            out = compose(out);
            break;
        }
    // A capital often goes without its accent: "Eén op de vijf" at the
    // start of a sentence is "één". A capital vowel followed by the same
    // vowel with a mark takes that mark too.
    if (original[0] >= 'A' && original[0] <= 'Z' && out.size() >= 3) {
        const auto lead = static_cast<unsigned char>(out[1]), next = static_cast<unsigned char>(out[2]);
        if (lead >= 0xC2 && lead <= 0xC5 && (next & 0xC0) == 0x80) {  // U+0080-U+017F: two bytes
            const std::int32_t cp = (lead & 0x1F) << 6 | (next & 0x3F);
            if (std::string_view(latin_folds[cp - 0x80][0]) == std::string_view(out.data(), 1))
                out.replace(0, 1, out, 1, 2);
        }
    }
    return out;
}

std::uint8_t Analyser::classify_beyond_latin(int32_t cp) { return classify(cp); }

std::string_view Analyser::sign_word(std::string_view text, std::size_t begin, std::size_t end, char32_t cp) const {
    const int k = sign_index(cp);
    if (k < 0 || sign_words_[static_cast<std::size_t>(k)].empty()) return {};
    // A percent sign follows its number; a currency sign stands before it
    // or after it.
    const std::size_t before = begin - space_before(text, begin), after = end + space_after(text, end);
    const auto digit = [&](std::size_t at) { return text[at] >= '0' && text[at] <= '9'; };
    if ((before > 0 && digit(before - 1)) || (k >= first_currency_sign && after < text.size() && digit(after)))
        return sign_words_[static_cast<std::size_t>(k)];
    return {};
}

void Analyser::fold_codepoint(int32_t cp, std::string& out) const {
    // ASCII letters and digits, most of any Dutch text: lower case, inline.
    if (cp < 0x80) {
        out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
        return;
    }
    // The rest of the Latin scripts from the compiled-in table; beyond
    // them, fold_with_icu (which loads ICU's normalisation data only for a
    // letter that folding or decomposition changes).
    if (cp < table_size)
        out += latin_folds[cp - 0x80][case_only_ ? 1 : 0];
    else
        out += fold_with_icu(cp, case_only_);
}

namespace {

struct Tokenised {
    std::vector<Token> tokens;
    std::vector<Token> chain;  // the parts of a hyphenated word so far
    std::uint32_t pos = 0;
    const Analyser* runs_by = nullptr;  // read as an article: a chain's runs too, split by this analyser

    void flush() {
        if (chain.empty()) return;
        std::uint32_t first = pos;
        std::string whole;
        const bool runs = runs_by && chain.size() > 1 && chain.size() <= Analyser::max_hyphen_chain;
        for (auto& t : chain) {
            if (chain.size() > 1) whole += t.term;
            t.pos = pos++;
            if (t.term.size() > max_term_bytes) continue;  // its text is in `whole` already
            if (runs)
                tokens.push_back(t);  // its term is wanted for the runs
            else
                tokens.push_back(std::move(t));
        }
        if (runs) add_runs(first);
        if (chain.size() > 1 && whole.size() <= max_term_bytes)
            tokens.push_back(Token{std::move(whole), first, chain.front().begin, chain.back().end, Token::Kind::whole});
        chain.clear();
    }

    // What a reader types joined of a word of several hyphens: each run of
    // its adjacent parts short of the whole ("covid19" and "19pandemie" of
    // "COVID-19-pandemie": which of them one types joined, a code, a name or
    // a word, the parts do not tell), at most Analyser::max_hyphen_run
    // parts long, so a word of n parts adds fewer than 3n terms; and a part
    // of one letter with the first word of the compound after it
    // ("e-mailadres": "email", "T-shirtprint": "tshirt"), the joined word
    // the compound is made of.
    //
    // No run has a stopword for a part: a fixed expression's run is a word
    // it never wrote ("op-en-neer": "open", "day-to-day": "today",
    // "hals-over-kop": "overkop"). Nor is a run digits alone: a date's or a
    // score's ("1-12-2019": "112") is a number it never wrote. Only a word of
    // at most Analyser::max_hyphen_chain parts has runs; a longer chain is no
    // compound anyone types joined, and its runs only cost memory.
    void add_runs(std::uint32_t first) {
        const std::size_t n = chain.size();
        const auto digits = [](const std::string& term) {
            return std::all_of(term.begin(), term.end(), [](char c) { return c >= '0' && c <= '9'; });
        };
        for (std::size_t i = 0; i + 1 < n; ++i) {
            if (runs_by->is_stopword(chain[i].term)) continue;
            std::string run = chain[i].term;
            bool all_digits = digits(chain[i].term);
            for (std::size_t j = i + 1; j < n && j - i < Analyser::max_hyphen_run; ++j) {
                if (runs_by->is_stopword(chain[j].term)) break;
                run += chain[j].term;
                all_digits = all_digits && digits(chain[j].term);
                if (run.size() > max_term_bytes) break;
                if (i == 0 && j == n - 1) break;  // the whole, which follows
                if (all_digits) continue;
                tokens.push_back(Token{run, first + static_cast<std::uint32_t>(i), chain[i].begin, chain[j].end,
                                       Token::Kind::whole});
            }
            if (chain[i].term.size() != 1 || runs_by->is_stopword(chain[i + 1].term)) continue;
            const std::vector<std::string> split = runs_by->compound_split(chain[i + 1].term);
            if (!split.empty())
                tokens.push_back(Token{chain[i].term + split.front(), first + static_cast<std::uint32_t>(i),
                                       chain[i].begin, chain[i + 1].end, Token::Kind::whole});
        }
    }
};

// An abbreviation written with points, as older articles and English
// wires do ("V.S.", "V.N.", "d.w.z."): two or more single letters, each
// followed by a point, are also one word, joined as the abbreviation is
// written without them ("vs"), at the first letter's position, as a
// hyphenated word's whole is. So "VS" finds "V.S.".
//
// So is a number written with points between its thousands ("12.000",
// "1.500.000": 12000, 1500000), so that "12000" finds "12.000 soldaten"
// (its groups stay the words a phrase "12 000" finds); in English, whose
// thousands are commas (`separator`), "28,500 troops".
void add_acronyms(std::string_view text, std::vector<Token>& tokens, char separator) {
    const auto letter = [&](const Token& t) {
        return t.kind == Token::Kind::word && acronym_letter(text, t.begin, t.end);
    };
    const auto group = [&](const Token& t, bool first) {
        return t.kind == Token::Kind::word && number_group(text, t.begin, t.end, first, separator);
    };
    std::vector<Token> wholes;
    for (std::size_t i = 0; i < tokens.size();) {
        std::size_t j = i;
        while (j < tokens.size() && letter(tokens[j]) && (j == i || tokens[j].begin == tokens[j - 1].end + 1)) ++j;
        if (j - i >= 2 && acronym_starts_clean(text, tokens[i].begin)) {
            Token whole{std::string(), tokens[i].pos, tokens[i].begin, tokens[j - 1].end + 1, Token::Kind::whole};
            for (std::size_t k = i; k < j; ++k) whole.term += tokens[k].term;
            wholes.push_back(std::move(whole));
        } else if (j == i && group(tokens[i], true)) {
            j = i + 1;
            while (j < tokens.size() && tokens[j].begin == tokens[j - 1].end + 1 && group(tokens[j], false)) ++j;
            const std::uint32_t end = tokens[j - 1].end;
            if (j - i >= 2 && number_stands_clean(text, tokens[i].begin, end, separator)) {
                Token whole{std::string(), tokens[i].pos, tokens[i].begin, end, Token::Kind::whole};
                for (std::size_t k = i; k < j; ++k) whole.term += tokens[k].term;
                wholes.push_back(std::move(whole));
            }
        }
        i = j > i ? j : i + 1;
    }
    if (wholes.empty()) return;
    // Each whole right after its letters, as a hyphenated word's is.
    std::vector<Token> merged;
    merged.reserve(tokens.size() + wholes.size());
    std::size_t w = 0;
    for (Token& t : tokens) {
        while (w < wholes.size() && wholes[w].end <= t.begin) merged.push_back(std::move(wholes[w++]));
        merged.push_back(std::move(t));
    }
    while (w < wholes.size()) merged.push_back(std::move(wholes[w++]));
    tokens = std::move(merged);
}


// The bytes of the hyphen at text[at] ('-', U+2010, U+2011), else 0.
std::size_t hyphen_at(std::string_view text, std::size_t at) {
    if (at < text.size() && text[at] == '-') return 1;
    if (at + 2 < text.size() && text[at] == '\xE2' && text[at + 1] == '\x80' &&
        (text[at + 2] == '\x90' || text[at + 2] == '\x91'))
        return 3;
    return 0;
}

// Whether text[from, to) is blanks only (at least one), with at most one
// comma before them when `comma`.
bool blanks_between(std::string_view text, std::size_t from, std::size_t to, bool comma) {
    if (from >= to) return false;
    if (comma && text[from] == ',') ++from;
    if (from >= to) return false;
    for (std::size_t i = from; i < to; ++i)
        if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r') return false;
    return true;
}

// A word whose end is left out, as Dutch writes the words of a pair that
// share it (the weglatingsstreepje): "Noord- en Zuid-Korea", "land- en
// tuinbouw", "in- en uitvoer", "Noord-, Oost- en Zuid-Europa". Each such
// word is also the word it stands for ("noordkorea", "landbouw",
// "invoer"), at its position, as a hyphenated word's whole is, so that
// "Noord-Korea" and "landbouw" find the article. The shared end is the
// part of the last word after its first hyphen ("Korea" of "Zuid-Korea":
// where the two words start alike, both with a capital, a small letter or
// a digit, else the word made must be the lexicon's: "antwoord- en
// Jean-Pierre" makes none; nor does a word of digits alone, "1- en 2-12"),
// or, of a word without one, the longest end that is a word of the
// lexicon after one of its words of three letters or more or a stopword
// ("bouw" of tuin|bouw, "filters" of export|filters, not ex|portfilters,
// "voer" of uit|voer, "grondkleur" of achter|grondkleur), else its
// compound's head, such that the word it makes is one of the lexicon's
// ("landbouw", "invoer", "voorgrondkleur"): no lexicon, no such word.
// Whether a word starts with a capital (1), a small letter (0) or neither, a digit (2).
int first_letter_kind(std::string_view text, std::size_t at) {
    UChar32 cp = 0;
    auto i = static_cast<std::int32_t>(at);
    U8_NEXT(text.data(), i, static_cast<std::int32_t>(text.size()), cp);
    return u_isupper(cp) ? 1 : u_islower(cp) ? 0 : 2;
}

bool all_digits(const std::string& term) {
    return std::all_of(term.begin(), term.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// More words left open before one pair's last are none a writer lists
// ("Noord-, Oost-, Zuid- en West-Europa" has three): a chain of thousands
// would cost time and memory for each.
constexpr std::size_t max_left_open = 8;

void add_suspended(std::string_view text, std::vector<Token>& tokens, const Analyser& analyser) {
    static constexpr std::array<std::string_view, 6> conjunctions = {"en", "of", "tot", "and", "or", "to"};
    std::vector<std::size_t> words;  // the indexes of the word tokens, in the text's order
    for (std::size_t i = 0; i < tokens.size(); ++i)
        if (tokens[i].kind == Token::Kind::word) words.push_back(i);
    std::vector<Token> wholes;
    for (std::size_t k = 1; k + 1 < words.size(); ++k) {
        const Token& conjunction = tokens[words[k]];
        if (std::find(conjunctions.begin(), conjunctions.end(), conjunction.term) == conjunctions.end()) continue;
        const Token& last = tokens[words[k + 1]];
        if (!blanks_between(text, conjunction.end, last.begin, false)) continue;
        // The shared end: the parts after the last word's first hyphen, or its compound's head.
        std::string end;
        std::size_t next = k + 2;
        for (std::uint32_t at = last.end; next < words.size(); ++next) {
            const std::size_t h = hyphen_at(text, at);
            if (h == 0 || tokens[words[next]].begin != at + h) break;
            end += tokens[words[next]].term;
            at = tokens[words[next]].end;
        }
        const bool hyphenated = !end.empty();
        std::vector<std::string> ends;  // of a word without a hyphen: its head first, then the shortest
        if (hyphenated) {
            ends.push_back(std::move(end));
        } else {
            const std::vector<std::string> split = analyser.compound_split(last.term);
            if (split.size() >= 2 && ends_with(last.term, split.back())) ends.push_back(split.back());
            for (std::size_t cut = last.term.size() >= 5 ? last.term.size() - 3 : 0; cut >= 2; --cut) {
                const std::string head = last.term.substr(0, cut), tail = last.term.substr(cut);
                if ((analyser.is_stopword(head) || (cut >= 3 && analyser.is_dictionary_word(head))) &&
                    analyser.is_dictionary_word(tail))
                    ends.push_back(tail);
            }
            if (ends.empty()) continue;
        }
        // The words left open before the conjunction, the last first, at most max_left_open.
        std::size_t boundary = conjunction.begin;
        for (std::size_t j = k; j-- > 0 && k - j <= max_left_open;) {
            const Token& open = tokens[words[j]];
            const std::size_t h = hyphen_at(text, open.end);
            if (h == 0 || !blanks_between(text, open.end + h, boundary, j + 1 < k)) break;
            if (open.begin > 0 && hyphen_at(text, open.begin - 1) != 0) break;  // "Noord-Korea- en …"
            if (j > 0 && hyphen_at(text, tokens[words[j - 1]].end) != 0 &&
                tokens[words[j - 1]].end + hyphen_at(text, tokens[words[j - 1]].end) == open.begin)
                break;
            for (const std::string& shared : ends) {
                std::string term = open.term + shared;
                if (term.size() > max_term_bytes || all_digits(term)) continue;  // "1- en 2-12" is no 112
                // A shared end after a hyphen needs no lexicon where the two
                // words start alike ("Noord- en Zuid-Korea", "x- en y-waarden";
                // not "antwoord- en Jean-Pierre").
                const bool alike =
                    hyphenated && first_letter_kind(text, open.begin) == first_letter_kind(text, last.begin);
                if (!alike && !analyser.is_dictionary_word(term)) continue;
                wholes.push_back(Token{std::move(term), open.pos, open.begin,
                                       static_cast<std::uint32_t>(open.end + h), Token::Kind::whole});
                break;
            }
            boundary = open.begin;
        }
    }
    for (Token& t : wholes) tokens.push_back(std::move(t));
}

}  // namespace

bool acronym_letter(std::string_view text, std::size_t begin, std::size_t end) {
    if (end != begin + 1 || end >= text.size() || text[end] != '.') return false;
    const char c = text[begin];
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool acronym_starts_clean(std::string_view text, std::size_t begin) {
    return begin == 0 || text[begin - 1] != '.';
}

bool number_group(std::string_view text, std::size_t begin, std::size_t end, bool first, char separator) {
    const std::size_t n = end - begin;
    if (first ? n < 1 || n > 3 : n != 3 || begin == 0 || text[begin - 1] != separator) return false;
    const std::string_view digits = text.substr(begin, n);
    return std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool number_stands_clean(std::string_view text, std::size_t begin, std::size_t end, char separator) {
    const auto digit_at = [&](std::size_t at) { return at < text.size() && text[at] >= '0' && text[at] <= '9'; };
    return (begin == 0 ||
            (!std::isalnum(static_cast<unsigned char>(text[begin - 1])) && text[begin - 1] != separator)) &&
           !(end < text.size() && text[end] == separator && digit_at(end + 1));
}

std::vector<Token> Analyser::tokenise(std::string_view text, Reading reading) const {
    Tokenised out;
    out.tokens.reserve(text.size() / 6);  // a Dutch word and its space: about 7 bytes
    const bool article = reading == Reading::article;
    if (article) out.runs_by = this;
    scan_words(text, [&](std::string_view term, std::uint32_t begin, std::uint32_t end, bool hyphen_joined) {
        if (!hyphen_joined) out.flush();
        if (article && is_versus(text, begin, end)) term = versus;
        out.chain.push_back(Token{std::string(term), 0, begin, end, Token::Kind::word});
    });
    out.flush();
    add_acronyms(text, out.tokens, thousands_separator_);
    if (article) add_suspended(text, out.tokens, *this);
    return std::move(out.tokens);
}

std::string Analyser::fold_text(std::string_view text, bool keep_operators) const {
    static const std::array<std::string_view, 6> operators = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
    std::vector<Token> tokens = tokenise(text);
    std::string out;
    std::uint32_t copied = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (t.kind == Token::Kind::whole) continue;
        out.append(text.substr(copied, t.begin - copied));
        std::string_view original = text.substr(t.begin, t.end - t.begin);
        bool is_operator = false;
        if (keep_operators)
            for (auto op : operators) is_operator |= original == op;
        // A sign's word stands apart from the number it was written
        // against ("25%": "25 procent", "€200": "euro 200"), else the
        // parser would read one word.
        const bool sign = is_sign(original);
        const auto glued = [&](char c) {
            const auto u = static_cast<unsigned char>(c);
            return u >= 0x80 || ascii_fold_[u] != 0;
        };
        if (sign && !out.empty() && glued(out.back())) out += ' ';
        out += is_operator ? std::string(original) : t.term;
        if (sign && t.end < text.size() && glued(text[t.end])) out += ' ';
        copied = t.end;
    }
    out.append(text.substr(copied));
    return out;
}

std::string Analyser::stem(const std::string& term) const {
    // A member of an abbreviation's party or club (vvd'er, d66'ers): the
    // abbreviation's stem.
    if (const std::size_t quote = term.rfind('\''); quote != std::string::npos && quote > 0 &&
                                                      is_member_suffix(std::string_view(term).substr(quote + 1)))
        return stem(term.substr(0, quote));
    // Numbers and codes stay as they are, but for a plural's 's ("737's",
    // "F-16's", "de jaren 90's"): the number itself.
    if (has_digit(term)) {
        if (ends_with(term, plural_s) && term.size() > plural_s.size())
            return term.substr(0, term.size() - plural_s.size());
        return term;
    }
    if (auto hit = stem_cache_.find(term); hit != stem_cache_.end()) return hit->second;
    if (stem_cache_.size() > cache_limit) stem_cache_.clear();
    return stem_cache_[term] = stem_uncached(term);
}

const std::vector<std::string>& Analyser::compound_parts(const std::string& word) const {
    static const std::vector<std::string> none;
    const std::string term = ends_with(word, plural_s) ? word.substr(0, word.size() - plural_s.size()) : word;
    if (!splitter_ || term.size() < compound_min_word) return none;
    if (auto hit = parts_cache_.find(term); hit != parts_cache_.end()) return hit->second;
    if (parts_cache_.size() > cache_limit) parts_cache_.clear();
    std::vector<std::string> parts = splitter_->split(term);
    for (const std::string& part : std::vector<std::string>(parts))
        for (std::string& fine : splitter_->split_deep(part))
            if (std::find(parts.begin(), parts.end(), fine) == parts.end()) parts.push_back(std::move(fine));
    return parts_cache_[term] = std::move(parts);
}

const Analyser::TermInfo& Analyser::term_info(std::string_view view) const {
    if (auto hit = info_cache_.find(view); hit != info_cache_.end()) return hit->second;
    if (info_cache_.size() > cache_limit) info_cache_.clear();
    std::string term(view);
    TermInfo info;
    info.stopword = is_stopword(term);
    if (!info.stopword) {
        info.stem = stem(term);
        for (const std::string& part : compound_parts(term)) info.part_stems.push_back(part_stem(part));
    }
    return info_cache_.emplace(std::move(term), std::move(info)).first->second;
}

std::vector<std::string> Analyser::compound_split(const std::string& word) const {
    const std::string term = ends_with(word, plural_s) ? word.substr(0, word.size() - plural_s.size()) : word;
    if (!splitter_ || term.size() < compound_min_word) return {};
    return splitter_->split(term);
}

namespace {
// A word the lexicon has in any role: noun, verb form, compound part.
constexpr std::uint16_t any_word = lexicon_last | lexicon_head | lexicon_linked | lexicon_noun | lexicon_verb_stem |
                                   lexicon_infinitive | lexicon_participle;

}  // namespace

bool Analyser::is_dictionary_word(const std::string& term) const {
    if (!splitter_) return false;
    return splitter_->known(term, any_word | lexicon_short_word) || !compound_split(term).empty();
}

namespace {

// Whether a weak verb's stem (less its participle's ending) takes that
// ending: the -t after a voiceless consonant, the -d after any other ('t
// kofschip, with crash|t; f and s may be either, as leef and reis are
// leven's and reizen's): geplant is no plan's (gepland), but planten's.
bool kofschip_takes(std::string_view stem, char ending) {
    if (stem.empty()) return false;
    const char last = stem.back();
    if (last == 'f' || last == 's') return true;
    const bool voiceless = last == 't' || last == 'k' || last == 'p' || last == 'x' || last == 'h';  // ch, sh
    return voiceless == (ending == 't');
}

// A long vowel written twice after another vowel before the stem's last
// consonant (financieel, sociaal, viool; see stem_uncached).
bool double_vowel_after_i_or_u(std::string_view s) {
    const std::size_t n = s.size();
    return n >= 5 && !is_vowel(s[n - 1]) && std::string_view("jwy").find(s[n - 1]) == std::string_view::npos &&
           s[n - 2] == s[n - 3] && std::string_view("aeo").find(s[n - 2]) != std::string_view::npos &&
           std::string_view("iu").find(s[n - 4]) != std::string_view::npos;
}
}  // namespace

std::string Analyser::part_stem(const std::string& part) const {
    return splitter_ && !splitter_->own_stem(part).empty() && !splitter_->own_stem_in_parts(part)
               ? stem_uncached(part, false)
               : stem(part);
}

std::string Analyser::stem_uncached(const std::string& term, bool own_stems) const {
    if (!plural_rules_) return snowball_(term);
    std::string w = term;
    if (ends_with(w, plural_s)) {
        w.resize(w.size() - plural_s.size());  // auto's -> auto
    } else if (w.size() >= 4 && w.back() == 's' && std::string_view("aiouy").find(w[w.size() - 2]) != std::string_view::npos &&
               noun_flag(std::string_view(w).substr(0, w.size() - 1), lexicon_noun) &&
               !(splitter_ && splitter_->known(w, any_word))) {
        // That plural written without its apostrophe (autos, fotos, menus):
        // the word less its -s is a noun in a vowel, and the word is none
        // the lexicon knows in any role (not kous, reus or keus beside kou,
        // reu, keu; not kneus, a verb's, beside kneu).
        w.pop_back();
    } else if (w.size() >= 3 && w.size() <= compound_min_part && w.back() == 's' && splitter_ &&
               splitter_->known(std::string_view(w).substr(0, w.size() - 1), lexicon_short_s_plural) &&
               !splitter_->known(w, any_word | lexicon_short_word)) {
        // A short noun's plural written without its apostrophe (cds, tvs,
        // NGOs, dvds): the word less its -s is a noun of two or three letters
        // with an 's plural, and the word is none the lexicon knows (not
        // pas or bios, words of their own beside pa's and bio's).
        w.pop_back();
    } else if (w.size() >= 5 && ends_with(w, "jes")) {
        // A diminutive's plural as its singular (huisjes, vlaggetjes,
        // blikjes): Snowball takes no -s after a j. The few other words in
        // -jes are plurals in -je too (franjes) or adverbs (bleekjes) that
        // meet no other word without their -s.
        w.pop_back();
    }
    // A strong verb's forms and an irregular plural are stemmed as their
    // lemma, by apertium-afr-nld (liep, gesproken -> lopen, spreken;
    // kinderen -> kind); a weak verb's forms as its infinitive, which
    // Snowball stems as it does the nouns in -ing made from it (lanceerde
    // -> lanceren -> lancer, as lancering). A form that is also a noun or
    // an adjective (sloot, bleek) is in neither list. An infinitive that
    // is a plural in -eren too (bladeren: blad) takes its forms along
    // (bladert, bladerde -> bladeren -> blad).
    // A form the exceptions give a stem of its own (weten, weet, wist:
    // "weten"), where every rule would make it another word's (wet, law).
    if (const std::string_view own = splitter_ && own_stems ? splitter_->own_stem(w) : std::string_view();
        !own.empty())
        return std::string(own);
    if (std::string_view lemma = splitter_ ? splitter_->irregular_lemma(w) : std::string_view(); !lemma.empty()) {
        w = lemma;
    } else if (std::string infinitive = verb_infinitive(w); !infinitive.empty()) {
        const std::string_view plural_of = splitter_->irregular_lemma(infinitive);
        w = plural_of.empty() ? std::move(infinitive) : std::string(plural_of);
    } else if (std::string short_infinitive = short_verb_infinitive(w); !short_infinitive.empty()) {
        w = std::move(short_infinitive);
    } else if (std::string compound = compound_irregular_lemma(w); !compound.empty()) {
        w = std::move(compound);
    }
    // Nouns whose singular and plural Snowball keeps apart, as hunspell-nl
    // knows them (a compound by its last part: atoomwapens, staatsgrens).
    // A noun in -en with an -s plural (wapen/wapens, haven/havens): Snowball
    // takes -en off the singular (wap) and only -s off the plural (wapen),
    // so the plural is stemmed as the singular. Not "volgens", "tijdens",
    // "namens": no plurals of volgen, tijden, namen.
    if (w.size() >= 6 && ends_with(w, "ens") &&
        noun_flag(std::string_view(w).substr(0, w.size() - 1), lexicon_en_plural_s)) {
        w.pop_back();
    } else if (w.size() >= 5 && ends_with(w, "es") &&
               noun_flag(std::string_view(w).substr(0, w.size() - 1), lexicon_e_plural_s)) {
        // A noun in -e with an -s plural (ziekte/ziektes, rente/rentes, café/cafés):
        // Snowball takes no -s after a vowel, so the plural keeps it.
        w.pop_back();
    } else if (w.size() >= 4 && (w.back() == 's' || w.back() == 'f')) {
        // A singular in a consonant and -s or -f (kans/kansen, grens/grenzen,
        // golf/golven): Snowball takes the -s off the singular as if it were
        // a plural's (kan), so the singular is stemmed as its plural is.
        if (w.back() == 's' && noun_flag(w, lexicon_s_plural_en)) {
            w += "en";
        } else if (noun_flag(w, lexicon_sf_plural_zv)) {
            w.back() = w.back() == 's' ? 'z' : 'v';
            w += "en";
        }
    }
    // A noun in -heid has its plural in -heden (mogelijkheid/mogelijkheden,
    // eenheid/eenheden): Snowball takes -heid off the singular but leaves
    // the plural "mogelijkhed", so the plural is stemmed as the singular.
    // (Every -heden word of hunspell-nl and of the bench corpus is one;
    // "heden", today, is too short.)
    if (w.size() >= 8 && ends_with(w, "heden")) w.replace(w.size() - 5, 5, "heid");
    // Plurals that Snowball's Dutch stemmer leaves apart from the singular:
    // ideeën/knieën (folded ideeen/knieen) and sancties/naties.
    // Not a singular in -ies (advies/adviezen, verlies/verliezen, precies):
    // the word without its -s is a noun, or the word is none the lexicon knows.
    if (ends_with(w, "eeen") || ends_with(w, "ieen"))
        w.resize(w.size() - 2);
    else if (w.size() >= 6 && ends_with(w, "ies") &&
             (noun_flag(std::string_view(w).substr(0, w.size() - 1), lexicon_last) || !noun_flag(w, lexicon_last)))
        w.pop_back();
    std::string s = snowball_(w);
    // A noun in -heid that is no adjective's quality keeps its -heid: the
    // government is not "over" (overheid, overige), the minority and the
    // majority are not "less" and "several" (minderheid, minder;
    // meerderheid, meerdere); nor is a compound's (rijksoverheid, which
    // had the stem "rijksover" and was not found by "overheid").
    if (ends_with(w, "heid") && s.size() + 4 == w.size() && w.compare(0, s.size(), s) == 0 &&
        (is_stopword(s) || ends_with(s, "minder") || ends_with(s, "meerder") || ends_with(s, "over")))
        s = w;
    // Snowball writes a long vowel once in a closed syllable only after a
    // consonant (nationaal, nationale: national), not after a vowel, so
    // that the adjectives in -ieel, -iaal, -ueel kept two stems
    // (financieel: financieel; financiële: financiel); written once here
    // after an i or u (sociaal, sociale: social; actueel, actuele: actuel;
    // viool, violen). Not after an e: joining Koreaan and Koreanen took
    // English "korean(s)" into "Noord-Koreaans"'s related words, which
    // cost a judged plain query a hit in its top five.
    if (double_vowel_after_i_or_u(s)) s.erase(s.size() - 2, 1);
    // A consonant doubled before an ending (stap/stappen, bus/bussen,
    // rol/rollen): Snowball undoubles only kk, dd and tt, so the rest are
    // undoubled here.
    if (s.size() >= 3 && s.back() == s[s.size() - 2] &&
        std::string_view("bfglmnprsz").find(s.back()) != std::string_view::npos)
        s.pop_back();
    // A long vowel is written twice in a closed syllable (boom, maan, koop,
    // groot) and once in an open one (bomen, manen, kopen, grote), a short
    // one once, its consonant doubled before an ending (bom/bommen,
    // man/mannen, kop/koppen). Snowball writes the long vowel once, so
    // that "bom" stood for boom, bomen and bom, and bommen, "bomm" to keep
    // it from the tree, for neither. Where the lexicon knows the word with
    // the long vowel as a noun or an adjective (boom, maan, koop, groot),
    // its stem writes it twice: boom, bomen -> boom; bom, bommen -> bom. A
    // plural that lengthens a short vowel (dag/dagen, weg/wegen,
    // oorlog/oorlogen) keeps Snowball's one stem, as its long twin is no
    // noun (daag, weeg are a verb's) or the short word doubles no
    // consonant in its own plural (slot/sloten beside sloot). Not an e
    // after another syllable, which in an open syllable is as often a
    // schwa (tekenen, openen) as long (problemen), so problem stays the
    // stem of probleem and problemen alike.
    if (const std::size_t n = s.size(); splitter_ && n >= 2 && !is_vowel(s[n - 1]) &&
                                        std::string_view("jwy").find(s[n - 1]) == std::string_view::npos &&
                                        std::string_view("aeou").find(s[n - 2]) != std::string_view::npos &&
                                        (n == 2 || !is_vowel(s[n - 3]))) {
        const char vowel = s[n - 2];
        const bool one_syllable = std::none_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(n - 2),
                                               [](char c) { return is_vowel(c) || c == 'y'; });
        const bool written_twice = w.size() > n && w.compare(0, n - 1, s, 0, n - 1) == 0 && w[n - 1] == vowel &&
                                   w[n] == s[n - 1];
        const bool open = w.size() > n && w.compare(0, n, s) == 0 && is_vowel(w[n]);
        if ((vowel != 'e' || one_syllable) && (written_twice || open)) {
            // The two words, with the f or s they end in (graven: graaf, graf).
            std::string short_word = s;
            if (short_word.back() == 'v') short_word.back() = 'f';
            if (short_word.back() == 'z') short_word.back() = 's';
            std::string long_word = short_word;
            long_word.insert(n - 1, 1, vowel);
            // (A compound's long twin only by its last part, where the short
            // word is one the lexicon has: maatstaven is maatstaf's, not
            // a maat|staaf's.)
            bool long_vowel = noun_flag(long_word, lexicon_last | lexicon_noun) &&
                              (splitter_->known(long_word, any_word) ||
                               !splitter_->known(short_word, lexicon_last | lexicon_noun));
            // A noun in -e (zone, fase: zones, fases) is no adjective's -e
            // form (grote, centrale: with a comparative, groter, centraler):
            // zone is not zoon's. A plural of both nouns (sloten: slot,
            // sloot) is the short one's where that doubles no consonant
            // before -en (no slotten, as bommen).
            if (long_vowel && open && w.size() == n + 1 && w[n] == 'e')
                long_vowel = !splitter_->known(w, lexicon_e_plural_s) || splitter_->known(s + "er", lexicon_noun);
            else if (long_vowel && open && splitter_->known(short_word, lexicon_last | lexicon_noun))
                long_vowel = splitter_->known(short_word + short_word.back() + "en", any_word);
            if (long_vowel) s.insert(n - 1, 1, vowel);
        }
    }
    // After a long vowel Dutch writes f/s at the end of a word and v/z before
    // an ending: tarief/tarieven, raketproef/raketproeven, reis/reizen.
    // The long vowel may be written once, in an open syllable (bazen,
    // Chinese, werkloze, graven: baas, Chinees, werkloos, graaf), which
    // Snowball undoubles in the singular (bas, chines). Not in a verb's
    // forms, whose stem would then be another word's (leven is not lef,
    // lezen not les, loven not los).
    const std::size_t n = s.size();
    if (n >= 3 && (s[n - 1] == 'v' || s[n - 1] == 'z')) {
        bool long_vowel = (is_vowel(s[n - 2]) && is_vowel(s[n - 3])) || (s[n - 3] == 'i' && s[n - 2] == 'j') ||
                          (std::string_view("aeou").find(s[n - 2]) != std::string_view::npos && !is_vowel(s[n - 3]) &&
                           !(splitter_ && splitter_->known(w, lexicon_infinitive | lexicon_verb_stem | lexicon_participle)));
        if (long_vowel) s[n - 1] = s[n - 1] == 'v' ? 'f' : 's';
    }
    return s;
}

bool Analyser::noun_flag(std::string_view word, std::uint16_t flag) const {
    if (!splitter_) return false;
    if (splitter_->known(word, flag)) return true;
    // A compound whose last part has it: a lexicon word (or linking form)
    // before a flagged noun, both of compound_min_part letters or more
    // (staats|grens, atoom|wapen). Looked up cut by cut rather than split(),
    // which would load the hyphenation patterns into every query process.
    if (word.size() < compound_min_word) return false;
    for (std::size_t cut = compound_min_part; cut + compound_min_part <= word.size(); ++cut)
        if (splitter_->known(word.substr(cut), flag) &&
            splitter_->known(word.substr(0, cut), lexicon_head | lexicon_linked))
            return true;
    return false;
}

std::string Analyser::verb_infinitive(std::string_view w) const {
    if (!splitter_ || w.size() < compound_min_part + 1) return {};
    // A form that is a noun or an adjective too is not a verb's, unless it
    // is a separable verb's participle (aangekondigd, uitgebreid) or a
    // participle in ge- that hunspell-nl has as one and as no compound's
    // part (gemaakt, geregeld, gevreesde; not gericht, geluid, gerecht).
    if (splitter_->known(w, lexicon_noun)) {
        const std::string_view participle = participle_in(w);
        if (!w.starts_with("ge") || participle.empty() || splitter_->known(participle, lexicon_last | lexicon_head))
            return separable_infinitive(w, true);
    }
    const auto verb = [&](std::string_view s) {
        return s.size() >= compound_min_part && splitter_->known(s, lexicon_verb_stem);
    };
    // The verb's stem: the form less its ending (lanceer|t, lanceer|de,
    // ontmoet|ten), or the participle's stem (ge|lanceer|d|e, verhoog|d).
    std::string_view stem;
    for (std::string_view ending : {"den", "ten", "de", "te", "t", ""})
        if (w.ends_with(ending) && verb(w.substr(0, w.size() - ending.size()))) {
            stem = w.substr(0, w.size() - ending.size());
            break;
        }
    // A participle that hunspell-nl lists as a word of its own, without
    // its verb's participle flag (veroordeeld, ontwikkeld; gereageerd,
    // gevreesde below): the verb's stem and the -d or -t that 't kofschip
    // gives it, where the word is no compound's part.
    const bool part_word = splitter_->known(w, lexicon_last | lexicon_head | lexicon_linked);
    const auto own_participle = [&](std::string_view form) -> std::string_view {
        for (std::string_view ending : {"", "e"}) {
            if (!form.ends_with(ending) || form.size() < ending.size() + 1) continue;
            const std::string_view participle = form.substr(0, form.size() - ending.size());
            const char dt = participle.back();
            const std::string_view s = participle.substr(0, participle.size() - 1);
            if ((dt == 'd' || dt == 't') && verb(s) && kofschip_takes(s, dt)) return s;
        }
        return {};
    };
    // (Without ge-, a stem of five letters or more: a verb with a prefix,
    // not English "build" read as builen's.)
    if (stem.empty() && !part_word && !w.starts_with("ge"))
        if (const std::string_view s = own_participle(w); s.size() > compound_min_part) stem = s;
    if (stem.empty() && !part_word && w.starts_with("ge") && participle_in(w).empty())
        stem = own_participle(w.substr(2));
    if (stem.empty()) {
        const std::string_view participle = participle_in(w);
        // A stem in -t is its own participle after ge- (ge|wacht, ge|praat),
        // which hunspell-nl does not list as one: taken where the word is
        // no noun or compound part (not gerecht, gezicht, gedicht).
        if (participle.empty() && w.starts_with("ge") && w.back() == 't' && verb(w.substr(2)) &&
            !splitter_->known(w, lexicon_last | lexicon_head | lexicon_linked | lexicon_noun))
            return infinitive_of(w.substr(2));
        if (participle.empty()) {
            if (std::string infinitive = separable_infinitive(w); !infinitive.empty()) return infinitive;
            return joined_separable_form(w);
        }
        // A verb in ge- (genieten): its own infinitive, and its stem, which
        // reads as a participle too (geniet is genieten's, not nieten's).
        if (participle.starts_with("ge")) {
            if (splitter_->known(w, lexicon_infinitive)) return std::string(w);
            if (participle.back() == 't')
                if (std::string infinitive = infinitive_of(participle); !infinitive.empty()) return infinitive;
        }
        const std::string_view bare = participle.starts_with("ge") ? participle.substr(2) : participle;
        const char ending = participle.back();
        const bool dt = ending == 'd' || ending == 't';
        const auto takes = [ending](std::string_view stem_less) { return kofschip_takes(stem_less, ending); };
        // gebeurd is gebeuren's (not beuren's), ontmoet ontmoeten's; a stem
        // in -d or -t takes no second one (ge|meld, ge|vlucht, ge|start).
        const std::string_view stripped[] = {participle.substr(0, participle.size() - dt),
                                             bare.substr(0, bare.size() - dt)};
        for (std::string_view s : {stripped[0], stripped[1], bare, participle})
            if (verb(s) && (!dt || s.size() == bare.size() || s.size() == participle.size() || takes(s))) {
                stem = s;
                break;
            }
        // A stem in -t that hunspell-nl lists with no -t form of its own
        // (vlucht, start, test: only -te/-ten): its infinitive as listed.
        if (stem.empty() && participle.starts_with("ge") && bare.size() >= compound_min_part && bare.back() == 't')
            if (std::string infinitive = std::string(bare) + "en"; splitter_->known(infinitive, lexicon_infinitive))
                return infinitive;
        // A stem of three letters, which the lexicon does not hold as one
        // (ge|leg|d, ge|pak|t: leggen, pakken; a stem in -t or -d takes
        // none: ge|red, redden), where the word is no noun, adjective or
        // compound part (geweld, gezond: not wellen's, zonnen's).
        const bool short_stem_ok = stem.empty() && participle.starts_with("ge") && dt &&
                                   !splitter_->known(w, lexicon_noun | lexicon_last | lexicon_head | lexicon_linked);
        if (short_stem_ok && bare.size() == 4 && takes(bare.substr(0, 3)))
            if (std::string infinitive = short_stem_infinitive(bare.substr(0, 3), true); !infinitive.empty())
                return infinitive;
        if (short_stem_ok && bare.size() == 3)
            if (std::string infinitive = short_stem_infinitive(bare, true); !infinitive.empty()) return infinitive;
        if (stem.empty()) return separable_infinitive(w);
    }
    return infinitive_of(stem);
}

std::string Analyser::short_verb_infinitive(std::string_view w) const {
    // Only a form the lexicon does not have itself: not a noun or another
    // verb's (belt, gist, kust, luiden, korten).
    if (!splitter_ || w.size() < 4 || w.size() > 6 || splitter_->known(w, any_word)) return {};
    for (std::string_view ending : {"ten", "den", "te", "de", "t"})
        if (w.ends_with(ending) && w.size() == 3 + ending.size()) return short_stem_infinitive(w.substr(0, 3));
    return {};
}

std::string Analyser::short_stem_infinitive(std::string_view stem, bool no_plural) const {
    if (!splitter_ || stem.size() != 3 ||
        !std::all_of(stem.begin(), stem.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
        return {};
    // One short vowel between consonants doubles the consonant in the
    // infinitive (leg: leggen, not legen, whose stem is leeg); any
    // other stem takes -en (eis: eisen).
    const bool short_vowel = !is_vowel(stem[0]) && is_vowel(stem[1]) && !is_vowel(stem[2]);
    std::string infinitive(stem);
    if (short_vowel) infinitive += stem[2];
    infinitive += "en";
    if (no_plural && splitter_->known(infinitive, lexicon_noun)) return {};
    return splitter_->known(infinitive, lexicon_infinitive) ? infinitive : std::string();
}

// The past participle a form is, as hunspell-nl has it, less the form's
// -e or -en (gelanceerd of gelanceerde); empty if it is none.
std::string_view Analyser::participle_in(std::string_view w) const {
    for (std::string_view ending : {"", "e", "en"})
        if (w.ends_with(ending) && w.size() > ending.size() &&
            splitter_->known(w.substr(0, w.size() - ending.size()), lexicon_participle))
            return w.substr(0, w.size() - ending.size());
    return {};
}

// The infinitive of a verb's stem, as hunspell-nl has it: stem + en
// (werken, ontmoeten), a long vowel undoubled (lanceer: lanceren), the
// consonant doubled (misluk: mislukken), a final f or s voiced (geloof:
// geloven, reis: reizen). Empty if the lexicon has none of these.
std::string Analyser::infinitive_of(std::string_view stem) const {
    const std::size_t n = stem.size();
    if (n < 2) return {};
    const char last = stem[n - 1];
    const bool long_vowel = n >= 3 && stem[n - 2] == stem[n - 3] && is_vowel(stem[n - 2]) && !is_vowel(last);
    const std::string undoubled =
        long_vowel ? std::string(stem.substr(0, n - 2)) + last : std::string(stem);
    std::vector<std::string> candidates = {std::string(stem) + "en", undoubled + "en",
                                           std::string(stem) + last + "en"};
    // One short vowel before one consonant (stel, kram): the stem of the
    // infinitive that doubles it (stellen, krammen), as Dutch spelling
    // writes a short vowel; the one that does not (stelen, kramen) has a
    // long vowel, whose stem is written "steel", "kraam". Where the
    // lexicon has both, the doubled one is this stem's (a schwa's
    // consonant is never doubled: onderhandel, open have no such twin).
    if (n >= 2 && is_vowel(stem[n - 2]) && !is_vowel(last) && last != 'j' && last != 'w' &&
        (n == 2 || !is_vowel(stem[n - 3])))
        std::rotate(candidates.begin(), candidates.begin() + 2, candidates.end());
    if (last == 'f' || last == 's') {
        const char voiced = last == 'f' ? 'v' : 'z';
        candidates.push_back(std::string(stem.substr(0, n - 1)) + voiced + "en");
        candidates.push_back(undoubled.substr(0, undoubled.size() - 1) + voiced + "en");
    }
    for (const std::string& c : candidates)
        if (splitter_->known(c, lexicon_infinitive)) return c;
    return {};
}

namespace {
// The particles of Dutch separable verbs (aan|kondigen, op|schorten).
constexpr std::string_view separable_particles[] = {
    "aan",  "achter", "af",    "bij", "binnen", "buiten", "door",  "in",    "los",   "mee", "na",
    "neer", "om",     "onder", "op",  "over",   "rond",   "samen", "tegen", "terug", "toe", "uit",
    "vast", "voor",   "vrij",  "weg"};
}  // namespace

// A compound whose last part is an irregular form (hoofd|steden,
// klein|kinderen, over|leed, voor|kwamen): the compound of its first part
// and that form's lemma (hoofdstad, kleinkind, overlijden, voorkomen).
// The first part is a word that begins compounds, or a separable verb's
// particle; the last one of 3 letters or more. Empty if there is none.
std::string Analyser::compound_irregular_lemma(std::string_view w) const {
    constexpr std::size_t min_tail = 3;
    if (!splitter_ || w.size() < compound_min_word) return {};
    for (std::size_t cut = 2; cut + min_tail <= w.size(); ++cut) {
        const std::string_view tail = w.substr(cut);
        const std::string_view lemma = splitter_->irregular_lemma(tail);
        // (An exception is stored as its own lemma: no irregular form, so
        // collegeleden's tail is leden, not geleden.)
        if (lemma.empty() || lemma == tail) continue;
        // A verb's form (its lemma an infinitive) that is a word of its
        // own is not the compound verb's: aandacht (attention) is no
        // aandenken's, aangezien (since) no aanzien's.
        if (lemma.ends_with("en") && splitter_->known(w, any_word)) return {};
        const std::string_view head = w.substr(0, cut);
        const bool particle = std::find(std::begin(separable_particles), std::end(separable_particles), head) !=
                              std::end(separable_particles);
        if (particle || (cut >= compound_min_part && splitter_->known(head, lexicon_head | lexicon_linked)))
            return std::string(head) + std::string(lemma);
    }
    return {};
}

// A separable verb's finite form written joined, as in a subordinate
// clause ("dat hij aankondigde", "afschaft"): the particle with the
// infinitive of the verb's own form (kondigde: kondigen).
std::string Analyser::joined_separable_form(std::string_view w) const {
    for (std::string_view particle : separable_particles) {
        if (!w.starts_with(particle) || w.size() < particle.size() + compound_min_part + 1) continue;
        const std::string_view rest = w.substr(particle.size());
        // The infinitive itself stays (uit|breiden, not uit|brei|den).
        if (splitter_->known(rest, lexicon_infinitive)) return {};
        if (std::string infinitive = verb_infinitive(rest); !infinitive.empty())
            return std::string(particle) + infinitive;
    }
    return {};
}

// A separable verb's weak participle, its ge- after the particle
// (aan|ge|kondig|d, op|ge|schort, af|ge|schaf|t|e): the infinitive of the
// particle and the verb's stem (aankondigen, opschorten, afschaffen), as
// verb_infinitive finds it for a verb's own forms; hunspell-nl lists few
// of these verbs and none of these participles. `also_noun`: the word is a
// noun or an adjective too (aangekondigd, uitgebreid).
std::string Analyser::separable_infinitive(std::string_view w, bool also_noun) const {
    for (std::string_view particle : separable_particles) {
        if (!w.starts_with(particle) || w.substr(particle.size()).substr(0, 2) != "ge") continue;
        // A participle in the irregular forms is its verb's (door|gespoten:
        // doorspuiten, not a weak spot|en; toe|gezegd: toezeggen).
        const std::string_view ge_form = w.substr(particle.size());
        if (const std::string_view lemma = splitter_->irregular_lemma(ge_form); !lemma.empty())
            return std::string(particle) + std::string(lemma);
        // ... or one that is also a word of its own (bij|gedragen:
        // bijdragen, though gedragen is also "to behave").
        if (const std::string_view lemma = splitter_->irregular_lemma(separable_participle_key(ge_form));
            !lemma.empty())
            return std::string(particle) + std::string(lemma);
        const std::string_view rest = w.substr(particle.size() + 2);  // kondigd, schort, schafte
        for (std::string_view ending : {"", "e", "en"}) {
            if (!rest.ends_with(ending) || rest.size() < ending.size() + 2) continue;
            const std::string_view participle = rest.substr(0, rest.size() - ending.size());
            if (participle.back() != 'd' && participle.back() != 't') continue;
            // The verb's stem less the participle's d or t (kondig|d), or
            // with it where the stem ends so (schort, breid).
            const std::string_view stems[] = {participle.substr(0, participle.size() - 1), participle};
            // The separable verb's infinitive as hunspell-nl lists it
            // (opschorten, ondertekenen)...
            for (std::string_view verb_stem : stems)
                if (verb_stem.size() >= 2)
                    if (std::string infinitive = infinitive_of(std::string(particle) + std::string(verb_stem));
                        !infinitive.empty())
                        return infinitive;
            // ... else the verb the particle goes with (kondigen:
            // aankondigen). Not for a noun or an adjective in -e or -en
            // unless it is the inflection of one (uitgebreide), since the
            // ending may be its own (achter|ge|deelte is no achterdelen's,
            // na|ge|boorte no naboren's).
            if (also_noun && !ending.empty() &&
                !splitter_->known(w.substr(0, w.size() - ending.size()), lexicon_noun))
                continue;
            for (std::string_view verb_stem : {stems[1], stems[0]})
                if (verb_stem.size() >= compound_min_part && splitter_->known(verb_stem, lexicon_verb_stem))
                    if (std::string infinitive = infinitive_of(verb_stem); !infinitive.empty())
                        return std::string(particle) + infinitive;
            // ... or with a stem of three letters (uit|ge|leg|d: uitleggen),
            // its d or t as 't kofschip has it, or a stem in -t or -d, which
            // takes none (aan|ge|zet: aanzetten); not where the ge- form is a
            // compound part (tegen|geweld).
            if (!ending.empty() || splitter_->known(ge_form, lexicon_last | lexicon_head | lexicon_linked)) continue;
            for (const std::string_view short_stem : {stems[0], stems[1]})
                if (short_stem.size() == 3 &&
                    (short_stem.size() == participle.size() || kofschip_takes(short_stem, participle.back())))
                    if (std::string infinitive = short_stem_infinitive(short_stem, true); !infinitive.empty())
                        return std::string(particle) + infinitive;
        }
    }
    return {};
}

Xapian::Stem Analyser::xapian_stem() const { return Xapian::Stem(new StemAdapter(*this)); }

}  // namespace knipsel
