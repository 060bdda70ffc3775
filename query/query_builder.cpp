#include "query_builder.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include "date.h"
#include "error.h"
#include "index_layout.h"
#include "lang.h"

namespace knipsel {
namespace {

// date:FROM..TO with YYYY, YYYY-MM, YYYY-MM-DD or DD-MM-YYYY bounds, the
// month also by its name (see query_date; either bound may be left out),
// over the YYYYMMDD value slot.
class DateRangeProcessor : public Xapian::RangeProcessor {
public:
    // `hint` is set to what to do about a date it refuses (the parser's
    // error carries only a message).
    DateRangeProcessor(Xapian::valueno value_slot, const std::string& field, std::string& hint)
        : Xapian::RangeProcessor(value_slot, field + ":"), field_(field), hint_(hint) {}

    // The articles whose time overlaps the range: those dated in it, and
    // those dated by a year or month alone that began before it and ends in
    // or after it (an article of "2019-02" is one of datum:2019-02-15,
    // for all it says). Their last day is in slot_date_end.
    Xapian::Query operator()(const std::string& begin, const std::string& end) override {
        std::string lo, hi;
        if (!begin.empty()) lo = date_slot_low(bound(begin));
        if (!end.empty()) hi = date_slot_high(bound(end));
        if (lo.empty() && hi.empty()) throw Xapian::QueryParserError(field_ + ": needs at least one date");
        if (lo.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi);
        const Xapian::Query ends_after(Xapian::Query::OP_VALUE_GE, slot_date_end, lo);
        if (hi.empty()) return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo),
                                             ends_after);
        if (lo > hi) {  // else it finds nothing and does not say why
            hint_ = "put the earlier date first: " + field_ + ":" + end + ".." + begin;
            throw Xapian::QueryParserError(field_ + ":" + begin + ".." + end + " ends before it starts");
        }
        return Xapian::Query(
            Xapian::Query::OP_OR, Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi),
            Xapian::Query(Xapian::Query::OP_AND, Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi), ends_after));
    }

private:
    std::string bound(const std::string& text) const {
        QueryDate d = query_date(text);
        if (!d.date.empty()) return d.date;
        hint_ = impossible_date(text);
        if (hint_.empty())
            hint_ = "a date is written as in " + field_ + ":2019-03-12, " + field_ + ":12-03-2019, " + field_ +
                    ":maart-2019 or " + field_ + ":2019; a range: " + field_ + ":2017..2019";
        throw Xapian::QueryParserError("'" + text + "' in " + field_ + ": " + d.problem + " (use " +
                                           std::string(query_date_forms) + "; a range: " + field_ +
                                           ":2017..2019)");
    }

    // What is wrong with a date written in numbers whose month or day does
    // not exist ("2019-13": "a month is 01 to 12"; "2019-02-30": "February
    // 2019 has 28 days"); empty for another.
    static std::string impossible_date(const std::string& text) {
        std::vector<std::string> parts;
        for (std::size_t at = 0; at <= text.size();) {
            const std::size_t dash = std::min(text.find('-', at), text.size());
            parts.push_back(text.substr(at, dash - at));
            at = dash + 1;
        }
        const auto number = [](const std::string& p, std::size_t most) {
            return !p.empty() && p.size() <= most &&
                   std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
        };
        if (parts.size() < 2 || parts.size() > 3) return {};
        const bool year_first = parts[0].size() == 4;  // YYYY-MM[-DD], else DD-MM-YYYY
        const std::string& year = year_first ? parts[0] : parts.back();
        const std::string& month = parts[1];
        const std::string day = parts.size() == 3 ? (year_first ? parts[2] : parts[0]) : "";
        if (year.size() != 4 || !number(year, 4) || !number(month, 2) || (parts.size() == 3 && !number(day, 2)) ||
            (!year_first && parts.size() != 3))
            return {};
        const int m = std::stoi(month);
        if (m < 1 || m > 12) return "a month is 01 to 12 ('" + text + "' has month " + month + ")";
        if (day.empty()) return {};
        const std::chrono::year_month_day_last last{std::chrono::year{std::stoi(year)} /
                                                    std::chrono::month{static_cast<unsigned>(m)} / std::chrono::last};
        const unsigned days = static_cast<unsigned>(last.day());
        const int d = std::stoi(day);
        if (d >= 1 && static_cast<unsigned>(d) <= days) return {};
        static constexpr std::array<std::string_view, 12> months = {
            "January", "February", "March",     "April",   "May",      "June",
            "July",    "August",   "September", "October", "November", "December"};
        return std::string(months[static_cast<std::size_t>(m - 1)]) + " " + year + " has " + std::to_string(days) +
               " days";
    }

    std::string field_;
    std::string& hint_;
};

// The whitespace-separated units of a query ("(Iran", "NEAR/3", "sancties)").
// (Split at the bytes that `std::istream >> std::string` skips in the C
// locale, without a stream: a query has a few units, a stream costs more.)
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

template <class F>
void each_unit(std::string_view text, F&& f) {
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        while (i < n && is_blank(text[i])) ++i;
        const std::size_t start = i;
        while (i < n && !is_blank(text[i])) ++i;
        if (i > start) f(text.substr(start, i - start));
    }
}

std::vector<std::string> units_of(std::string_view text) {
    std::vector<std::string> units;
    each_unit(text, [&](std::string_view u) { units.emplace_back(u); });
    return units;
}

// A lang: filter's value as the indexer reads an article's language
// ("en-gb", "eng", "engels" and "english" are "en"); one it does not know
// as typed ("frans": BooleanFieldProcessor knows more names).
std::string lang_filter_value(const std::string& value) { return lang_code(value).value_or(value); }

// A filter field (source:, lang:): the value as typed, when the index has
// it and it is more than one word; else every value of the field that has
// all the typed words, so that "bron:Noordzee" finds "Persbureau Noordzee"
// (an exact filter would find nothing and not say why).
// The language field's codes may also be named, in Dutch, in English or
// in the language itself, as ICU names them ("taal:engels", "lang:Dutch",
// "taal:nederlands" for en and nl).
// A value no article has is noted in `unknown`, with the values there are.
class BooleanFieldProcessor : public Xapian::FieldProcessor {
public:
    BooleanFieldProcessor(const Xapian::Database& db, const std::string& prefix, const std::string& name,
                          std::optional<unsigned> slot, const Analyser* languages, std::set<std::string>& unknown)
        : db_(db), prefix_(prefix), name_(name), slot_(slot), languages_(languages), unknown_(unknown) {}

    // A query is parsed more than once (per language): each value is looked
    // up once (over remote shards a lookup is a round trip).
    Xapian::Query operator()(const std::string& value) override {
        auto [it, fresh] = cache_.try_emplace(value);
        if (fresh) it->second = lookup(value);
        return it->second;
    }

private:
    // One pass over the field's values: those with every typed word, and
    // all of them by frequency for the note when none has.
    Xapian::Query lookup(const std::string& value) const {
        // A language as the indexer reads one: "en-gb", "eng" and "engels" are "en".
        const std::string exact = prefix_ + (languages_ ? lang_filter_value(value) : value);
        const std::vector<std::string> typed = units_of(value);
        // One word is every value with it, the value itself too: bron:NOS
        // finds "NOS" and "NOS Nieuws - Algemeen" (a feed's title), not
        // the first alone. A language's code is a value only.
        if (value.empty() || (db_.term_exists(exact) && (typed.size() > 1 || languages_))) return Xapian::Query(exact);
        std::vector<Xapian::Query> values;
        std::vector<std::pair<Xapian::doccount, std::string>> all;
        for (auto t = db_.allterms_begin(prefix_); t != db_.allterms_end(prefix_); ++t) {
            all.emplace_back(t.get_termfreq(), std::string(*t, prefix_.size()));
            const std::vector<std::string> has = words_and_parts(all.back().second);
            if (std::all_of(typed.begin(), typed.end(),
                            [&](const std::string& w) { return std::find(has.begin(), has.end(), w) != has.end(); }))
                values.emplace_back(*t);
        }
        if (values.empty() && languages_)
            for (const auto& [docs, code] : all)
                if (names_language(value, code)) values.emplace_back(prefix_ + code);
        if (values.empty()) {
            unknown_.insert(name_ + ":" + value + " (" + name_ + ": " + commonest(all) + ")");
            return Xapian::Query(exact);  // matches nothing
        }
        return Xapian::Query(Xapian::Query::OP_OR, values.begin(), values.end());
    }

    // Whether `value` (folded) names the language whose code is `code`.
    bool names_language(const std::string& value, const std::string& code) const {
        const icu::Locale language(code.c_str());
        if (language.isBogus() || std::string_view(language.getLanguage()).empty()) return false;
        for (const icu::Locale& in : {icu::Locale("nl"), icu::Locale::getEnglish(), language}) {
            icu::UnicodeString name;
            language.getDisplayLanguage(in, name);
            std::string utf8;
            name.toUTF8String(utf8);
            if (utf8 != code && languages_->fold_text(utf8, false) == value) return true;
        }
        return false;
    }

    // A value's words and, of a hyphenated one, its parts: "oost-azie
    // bulletin" has "oost-azie", "oost", "azie" and "bulletin".
    static std::vector<std::string> words_and_parts(const std::string& value) {
        std::vector<std::string> words = units_of(value);
        for (std::size_t i = 0, n = words.size(); i < n; ++i)
            if (words[i].find('-') != std::string::npos)
                for (std::size_t start = 0; start <= words[i].size();) {
                    const std::size_t end = std::min(words[i].find('-', start), words[i].size());
                    if (end > start) words.push_back(words[i].substr(start, end - start));
                    start = end + 1;
                }
        return words;
    }

    // A value as articles write it ("Oost-Azië Bulletin"), kept in the
    // field's slot; the term is folded ("oost-azie bulletin").
    std::string as_written(const std::string& value) const {
        if (!slot_) return value;
        const auto first = db_.postlist_begin(prefix_ + value);
        if (first == db_.postlist_end(prefix_ + value)) return value;
        std::string written = db_.get_document(*first).get_value(*slot_);
        return written.empty() ? value : written;
    }

    // "en, nl": the values, the commonest first, at most 8.
    std::string commonest(std::vector<std::pair<Xapian::doccount, std::string>>& all) const {
        constexpr std::size_t max_shown = 8;
        if (all.empty()) return "no article has a value";
        std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        std::string out;
        for (std::size_t i = 0; i < std::min(all.size(), max_shown); ++i)
            out += (i ? ", " : "") + as_written(all[i].second);
        if (all.size() > max_shown) out += ", … (" + std::to_string(all.size()) + " in all)";
        return out;
    }

    Xapian::Database db_;
    std::string prefix_;
    std::string name_;  // as the query names the field: lang, taal
    std::optional<unsigned> slot_;  // where documents keep the value as written
    const Analyser* languages_;     // the language field's: folds a language's name
    std::set<std::string>& unknown_;
    std::map<std::string, Xapian::Query> cache_;
};

bool is_field_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Rewrites a query unit by unit (its runs of non-blanks: "(Iran", "NIET",
// "\"geen"), keeping the blanks between them: `rewrite(unit, in_phrase,
// out)` appends the unit as it is to be read to `out`, or returns false to
// keep the whole text as it is.
template <class Rewrite>
std::string rewrite_units(const std::string& text, Rewrite&& rewrite) {
    std::string out;
    bool in_phrase = false;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == ' ' || text[i] == '\t') {
            out += text[i++];
            continue;
        }
        std::size_t end = text.find_first_of(" \t", i);
        if (end == std::string::npos) end = text.size();
        const std::string_view unit(text.data() + i, end - i);
        if (!rewrite(unit, in_phrase, out)) return text;
        for (char c : unit)
            if (c == '"') in_phrase = !in_phrase;
        i = end;
    }
    return out;
}

// Dutch boolean operators: EN, OF and NIET (upper case, outside phrases)
// are AND, OR and NOT, as a Dutch user types them ("Iran NIET sancties",
// "VS OF EU"). Not in a sentence typed in capitals ("KIM WIL NIET
// PRATEN": no lower case, and a word of five letters or more), where NIET
// is more likely a word.
std::string dutch_operators(const std::string& text) {
    static const std::map<std::string, std::string, std::less<>> operators = {
        {"EN", "AND"}, {"OF", "OR"}, {"NIET", "NOT"}};
    const auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    if (std::none_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
        std::size_t run = 0;  // capitals in a row
        for (char c : text) {
            run = is_upper(c) ? run + 1 : 0;
            if (run >= 5) return text;
        }
    }
    return rewrite_units(text, [](std::string_view unit, bool in_phrase, std::string& out) {
        std::size_t b = 0, e = unit.size();
        while (b < e && unit[b] == '(') ++b;
        while (e > b && unit[e - 1] == ')') --e;
        auto op = operators.find(unit.substr(b, e - b));
        if (!in_phrase && op != operators.end()) {
            out.append(unit.substr(0, b));
            out += op->second;
            out.append(unit.substr(e));
        } else {
            out.append(unit);
        }
        return true;
    });
}

// A query of excluded words only ("-sancties", "-VS -EU") means the
// articles without them, as "NOT sancties" does: Xapian's parser, which
// has no word to exclude them from, would drop the minus and find just the
// articles that have them.
std::string hate_only_as_not(const std::string& text) {
    return rewrite_units(text, [](std::string_view unit, bool in_phrase, std::string& out) {
        if (!in_phrase) {
            if (unit.size() < 2 || unit[0] != '-' || unit[1] == '-') return false;  // something else is asked for
            out += "NOT ";
            unit.remove_prefix(1);
        }
        out.append(unit);
        return true;
    });
}

// An excluded date range ("-datum:2018") as NOT ("NOT datum:2018"):
// Xapian's parser takes no '-' before a range ("Unknown range operation").
std::string excluded_ranges_as_not(const std::string& text, const std::vector<std::string>& date_fields) {
    if (text.find('-') == std::string::npos) return text;
    return rewrite_units(text, [&](std::string_view unit, bool in_phrase, std::string& out) {
        const std::size_t minus = unit.find_first_not_of('('), colon = unit.find(':');
        if (!in_phrase && minus != std::string_view::npos && unit[minus] == '-' && colon != std::string_view::npos &&
            colon > minus + 1 &&
            std::find(date_fields.begin(), date_fields.end(), unit.substr(minus + 1, colon - minus - 1)) !=
                date_fields.end()) {
            out.append(unit.substr(0, minus));
            out += "NOT ";
            out.append(unit.substr(minus + 1));
        } else {
            out.append(unit);
        }
        return true;
    });
}

// What not_binds_one() moves: a word, phrase or field:value, a bracketed
// group, or an operator.
struct QueryItem {
    enum class Kind { word, group, op } kind;
    std::string text;
};

bool is_operator(std::string_view unit);
std::string not_binds_one(const std::string& text);

// The items of a query: blank-separated, but a phrase or a bracketed group
// is one item however many blanks it holds. An unbalanced '(' (the parser
// closes it at the end) makes the rest one word, which nothing moves.
std::vector<QueryItem> query_items(std::string_view t) {
    std::vector<QueryItem> items;
    for (std::size_t i = 0; i < t.size();) {
        if (t[i] == ' ' || t[i] == '\t') {
            ++i;
            continue;
        }
        std::size_t j = i, group_end = std::string_view::npos;
        int depth = 0;
        bool phrase = false;
        for (; j < t.size(); ++j) {
            const char c = t[j];
            if (c == '"') {
                phrase = !phrase;
            } else if (!phrase && c == '(') {
                ++depth;
            } else if (!phrase && c == ')' && depth > 0) {
                if (--depth == 0 && group_end == std::string_view::npos) group_end = j;
            } else if (!phrase && depth == 0 && (c == ' ' || c == '\t')) {
                break;
            }
        }
        const std::string_view unit = t.substr(i, j - i);
        if (is_operator(unit))
            items.push_back({QueryItem::Kind::op, std::string(unit)});
        else if (unit.front() == '(' && depth == 0 && group_end == j - 1)
            items.push_back(
                {QueryItem::Kind::group, "(" + not_binds_one(std::string(unit.substr(1, unit.size() - 2))) + ")"});
        else
            items.push_back({QueryItem::Kind::word, std::string(unit)});
        i = j;
    }
    return items;
}

// Xapian's parser reads all the words after a NOT, up to the next
// operator, as what it excludes: "NOT Korea sancties" found the articles
// without both (29 of corpus/, most without "sancties"), and "Iran NOT
// Korea sancties" Iran without (Korea and sancties). A reader means the
// one word, phrase, field:value or bracketed group after it, as a `-` word
// does: such a NOT and what it excludes move to the end of their run of
// words (up to an OR, XOR or bracket, or the end), where they exclude just
// that from the run ("sancties NOT Korea"). A multi-word name of a synonym
// group is one word here (mark_synonyms). Runs with NEAR or ADJ are left
// as they are; so is a query with nothing after a NOT's word.
std::string not_binds_one(const std::string& text) {
    if (text.find("NOT") == std::string::npos) return text;
    const std::vector<QueryItem> items = query_items(text);
    using Kind = QueryItem::Kind;
    std::string out;
    auto add = [&](const std::string& s) {
        if (!out.empty()) out += ' ';
        out += s;
    };
    for (std::size_t begin = 0; begin < items.size();) {
        std::size_t end = begin;
        const auto joins_runs = [](const QueryItem& item) {
            return item.kind == Kind::op && (item.text == "OR" || item.text == "XOR");
        };
        while (end < items.size() && !joins_runs(items[end])) ++end;
        // items[begin, end) is a run; items[end], if any, its OR or XOR.
        bool moves = false, proximity = false;
        for (std::size_t k = begin; k < end; ++k) {
            if (items[k].kind == Kind::op && items[k].text != "AND" && items[k].text != "NOT") proximity = true;
            if (items[k].kind == Kind::op && items[k].text == "NOT" && k + 2 < end && items[k + 1].kind != Kind::op &&
                items[k + 2].kind != Kind::op)
                moves = true;
        }
        std::vector<std::string> rest, nots;
        bool rest_ends_op = false;
        for (std::size_t k = begin; moves && !proximity && k < end; ++k) {
            const QueryItem& item = items[k];
            if (item.kind == Kind::op && item.text == "NOT" && k + 1 < end && items[k + 1].kind != Kind::op) {
                if (rest_ends_op && rest.back() == "AND") rest.pop_back();  // AND NOT: the NOT says it
                nots.push_back("NOT " + items[++k].text);
                rest_ends_op = !rest.empty() && is_operator(rest.back());
                continue;
            }
            rest.push_back(item.text);
            rest_ends_op = item.kind == Kind::op;
        }
        const bool rewrite = moves && !proximity && !rest.empty() && !rest_ends_op && !is_operator(rest.front());
        if (rewrite) {
            for (const auto& s : rest) add(s);
            for (const auto& s : nots) add(s);
        } else {
            for (std::size_t k = begin; k < end; ++k) add(items[k].text);
        }
        if (end < items.size()) add(items[end].text);
        begin = end + 1;
    }
    return out;
}

// Xapian's parser keeps "6,3", "2.000", "AT&T" and "kern_energie" whole,
// as one term, where knipsel's tokeniser (the index's) reads two words:
// such a joint becomes '/', which the parser reads as a phrase of the two,
// as the index holds them ("6,3" finds "een kracht van 6,3"). Not in a
// field's value (source:nrc.nl, date:1.2.2019).
std::string split_as_indexed(const std::string& text) {
    const auto word_byte = [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 0x80 || std::isalnum(u);
    };
    return rewrite_units(text, [&](std::string_view unit, bool, std::string& out) {
        std::size_t end = unit.size();
        for (std::size_t i = 1; i < unit.size(); ++i)
            if (unit[i] == ':' && is_field_char(unit[i - 1])) {
                end = i;  // the value after it stays as it is
                break;
            }
        for (std::size_t i = 0; i < unit.size(); ++i) {
            const char c = unit[i];
            // A point between letters the parser already reads as a phrase
            // ("v.s.", "nrc.nl"); beside a digit it does not ("6.3").
            const bool digit = i > 0 && i + 1 < unit.size() &&
                               (std::isdigit(static_cast<unsigned char>(unit[i - 1])) ||
                                std::isdigit(static_cast<unsigned char>(unit[i + 1])));
            const bool joint = ((c == '.' && digit) || c == ',' || c == '&' || c == '_') && i > 0 && i + 1 < end &&
                               word_byte(unit[i - 1]) && word_byte(unit[i + 1]);
            out += joint ? '/' : c;
        }
        return true;
    });
}

// Brackets and quotes that Xapian's parser cannot pair. On a syntax
// error it parses the query again with no operators at all: "Iran NOT
// Korea)" became "Iran Korea", the articles the user excluded. So a ')'
// without its '(' is left out, as is a last '"' that opens nothing (a
// '(' left open, or a phrase, the parser closes at the end itself);
// `repairs` says what went.
std::string balance_brackets(const std::string& text, std::vector<std::string>& repairs) {
    std::string out;
    out.reserve(text.size());
    int depth = 0;
    bool in_phrase = false;
    std::size_t phrase_start = 0;
    bool dropped = false;
    for (char c : text) {
        if (c == '"') {
            in_phrase = !in_phrase;
            if (in_phrase) phrase_start = out.size();
        } else if (!in_phrase && c == '(') {
            ++depth;
        } else if (!in_phrase && c == ')') {
            if (depth == 0) {
                dropped = true;
                out += ' ';
                continue;
            }
            --depth;
        }
        out += c;
    }
    if (dropped) repairs.push_back("a ')' without its '(' was left out");
    if (in_phrase && out.find_first_not_of(" \t", phrase_start + 1) == std::string::npos) {
        out[phrase_start] = ' ';
        repairs.push_back("a '\"' with nothing after it was left out");
    }
    return out;
}

// Single typographic quotes around words, as Dutch papers quote in
// headlines (‘geen akkoord’, ‚geen akkoord’): an opening ‘ or ‚ at the start
// of a word, closed by a ’ at the end of one (not followed by a letter, as
// the apostrophe of "auto’s" is). Their byte offsets, in pairs; a ‘ with no
// such ’ after it ("‘s-Gravenhage", as a word processor writes the
// apostrophe) is left alone.
std::vector<std::size_t> single_quote_pairs(const std::string& text) {
    constexpr std::string_view open_left = "\xE2\x80\x98", open_low = "\xE2\x80\x9A", close = "\xE2\x80\x99";
    auto word_byte = [](unsigned char c) { return std::isalnum(c) || c >= 0x80; };
    std::vector<std::size_t> pairs;
    std::size_t from = 0;
    while (true) {
        std::size_t open = std::string::npos;
        for (std::size_t i = text.find("\xE2\x80", from); i != std::string::npos; i = text.find("\xE2\x80", i + 1)) {
            const std::string_view here = std::string_view(text).substr(i, 3);
            const bool starts_word = i == 0 || text[i - 1] == ' ' || text[i - 1] == '(' || text[i - 1] == '\t';
            if ((here == open_left || here == open_low) && starts_word && i + 3 < text.size() &&
                word_byte(static_cast<unsigned char>(text[i + 3]))) {
                open = i;
                break;
            }
        }
        if (open == std::string::npos) return pairs;
        std::size_t closing = std::string::npos;
        for (std::size_t i = text.find(close, open + 3); i != std::string::npos; i = text.find(close, i + 3)) {
            const bool ends_word = i + 3 >= text.size() || !word_byte(static_cast<unsigned char>(text[i + 3]));
            if (ends_word && i > open + 3 && text[i - 1] != ' ') {
                closing = i;
                break;
            }
        }
        if (closing == std::string::npos) {
            from = open + 3;
            continue;
        }
        pairs.push_back(open);
        pairs.push_back(closing);
        from = closing + 3;
    }
}

// Typographic double quotes are phrase quotes: the Dutch „…” (which
// Xapian's parser does not know: „weg te lopen” was three loose words),
// and “…” and ‟, as pasted from an article or a word processor; so are
// single ones around words (single_quote_pairs), and guillemets, as
// Belgian and French sources write them («…», »…«, ‹…›), where the
// query has both of a pair (a lone » is a breadcrumb's, not a quote).
std::string ascii_quotes(const std::string& text) {
    const bool double_guillemets = text.find("\xC2\xAB") != std::string::npos &&  // « and »
                                   text.find("\xC2\xBB") != std::string::npos;
    const bool single_guillemets = text.find("\xE2\x80\xB9") != std::string::npos &&  // ‹ and ›
                                   text.find("\xE2\x80\xBA") != std::string::npos;
    if (text.find("\xE2\x80") == std::string::npos && !double_guillemets) return text;
    const std::vector<std::size_t> singles = single_quote_pairs(text);
    std::string out;
    out.reserve(text.size());
    // A guillemet opens and the next closes, the spaces French puts inside
    // them left out (« geen akkoord »).
    bool in_guillemets = false;
    std::size_t skip_spaces_from = std::string::npos;
    const auto guillemet = [&](std::size_t length, std::size_t& i) {
        if (in_guillemets)
            while (!out.empty() && out.back() == ' ') out.pop_back();
        out += '"';
        in_guillemets = !in_guillemets;
        i += length - 1;
        skip_spaces_from = in_guillemets ? i + 1 : std::string::npos;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i == skip_spaces_from && text[i] == ' ') {
            ++skip_spaces_from;
            continue;
        }
        if (double_guillemets && i + 1 < text.size() && text[i] == '\xC2' &&
            (text[i + 1] == '\xAB' || text[i + 1] == '\xBB')) {
            guillemet(2, i);
            continue;
        }
        if (single_guillemets &&
            (text.compare(i, 3, "\xE2\x80\xB9") == 0 || text.compare(i, 3, "\xE2\x80\xBA") == 0)) {
            guillemet(3, i);
            continue;
        }
        if (text.compare(i, 2, "\xE2\x80") == 0 && i + 2 < text.size()) {
            const auto c = static_cast<unsigned char>(text[i + 2]);
            const bool single = std::find(singles.begin(), singles.end(), i) != singles.end();
            if (single || c == 0x9C || c == 0x9D || c == 0x9E || c == 0x9F) {  // U+201C “, U+201D ”, U+201E „, U+201F ‟
                out += '"';
                i += 2;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

// Where the percent or per mille sign of a number with one ("3%", "2,5‰")
// begins; npos for another word.
std::size_t percent_sign_at(std::string_view word) {
    std::size_t sign = std::string_view::npos;
    for (const std::string_view s : {"%", "\u2030"})
        if (word.ends_with(s)) sign = word.size() - s.size();
    if (sign == std::string_view::npos || sign == 0) return std::string_view::npos;
    const std::string_view number = word.substr(0, sign);
    const bool numeric = std::isdigit(static_cast<unsigned char>(number.front())) &&
                         std::isdigit(static_cast<unsigned char>(number.back())) &&
                         std::all_of(number.begin(), number.end(), [](char c) {
                             return std::isdigit(static_cast<unsigned char>(c)) || c == ',' || c == '.';
                         });
    return numeric ? sign : std::string_view::npos;
}

// A number and its sign written apart, Dutch style ("25 %", "3,5 ‰",
// "€ 200"; a space, a no-break space, a thin or narrow no-break space
// between), glued ("25%", "€200"): the indexer reads them so (analyser's
// space_before), and apart "25 %" was "25 OR procent".
std::string glued_signs(const std::string& text) {
    const auto space_at = [&](std::size_t i) -> std::size_t {  // the bytes of a space at i, or 0
        const auto b = [&](std::size_t k) { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0; };
        if (b(0) == ' ') return 1;
        if (b(0) == 0xC2 && b(1) == 0xA0) return 2;
        if (b(0) == 0xE2 && b(1) == 0x80 && (b(2) == 0x89 || b(2) == 0xAF)) return 3;
        return 0;
    };
    const auto sign_at = [&](std::size_t i, bool currency) -> std::size_t {  // the bytes of a sign at i, or 0
        static constexpr std::array<std::string_view, 4> currencies = {"\u20AC", "$", "\u00A3", "\u00A5"};
        static constexpr std::array<std::string_view, 2> percents = {"%", "\u2030"};
        const std::string_view rest = std::string_view(text).substr(i);
        for (const std::string_view s : currency ? std::span<const std::string_view>(currencies)
                                                 : std::span<const std::string_view>(percents))
            if (rest.starts_with(s)) return s.size();
        return std::size_t{0};
    };
    const auto digit = [&](std::size_t i) {
        return i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]));
    };
    const auto word_byte = [&](std::size_t i) {
        const auto c = static_cast<unsigned char>(text[i]);
        return std::isalnum(c) || c >= 0x80 || c == '_';
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        // A number ("25", "3,5"; not part of a word: "a25") then a space and % or ‰, no word after.
        if (digit(i) && (i == 0 || !word_byte(i - 1))) {
            std::size_t e = i;
            while (digit(e) || ((text[e] == ',' || text[e] == '.') && digit(e + 1))) ++e;
            const std::size_t space = space_at(e), sign = space ? sign_at(e + space, false) : 0;
            if (sign && (e + space + sign == text.size() || !word_byte(e + space + sign))) {
                out.append(text, i, e - i).append(text, e + space, sign);
                i = e + space + sign;
                continue;
            }
            out.append(text, i, e - i);
            i = e;
            continue;
        }
        // A currency sign, a space, a number.
        if (const std::size_t sign = sign_at(i, true); sign && (i == 0 || !word_byte(i - 1))) {
            const std::size_t space = space_at(i + sign);
            out.append(text, i, sign);
            i += sign + (space && digit(i + sign + space) ? space : 0);
            continue;
        }
        out += text[i++];
    }
    return out;
}

// The typographic hyphens (U+2010 ‐, U+2011 ‑, as pasted from a word
// processor or a web page) are '-', as the text's are: "oud‑president" was
// the stems "oud" and "president" anywhere, not the phrase. So is an en
// dash between two letters ("Zuid–Koreaanse"; between numbers it is a range).
std::string ascii_hyphens(const std::string& text) {
    if (text.find("\xE2\x80") == std::string::npos) return text;
    const auto letter_at = [&](std::size_t i, bool before) {
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
        const auto size = static_cast<std::int32_t>(text.size());
        auto at = static_cast<std::int32_t>(i);
        UChar32 c = -1;
        if (before && at > 0) U8_PREV(bytes, 0, at, c);
        if (!before && at < size) U8_NEXT(bytes, at, size, c);
        return c >= 0 && u_isalpha(c);
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 2, "\xE2\x80") == 0 && i + 2 < text.size()) {
            const auto c = static_cast<unsigned char>(text[i + 2]);
            if (c == 0x90 || c == 0x91 || (c == 0x93 && letter_at(i, true) && letter_at(i + 3, false))) {
                out += '-';
                i += 2;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

}  // namespace

namespace {
bool is_operator(std::string_view unit);
}  // namespace

std::string without_quotes(const std::string& text, const Analyser* signs) {
    std::string quoted = signs ? glued_signs(ascii_quotes(text)) : ascii_quotes(text);  // "7 %" is "7%"
    // A percentage, which the query reads as a phrase ("7%": "7 procent"),
    // as its two words ("7 procent"): else the loose query is that phrase again.
    bool percent = false;
    if (signs)
        quoted = rewrite_units(quoted, [&](std::string_view unit, bool, std::string& out) {
            const std::size_t b = unit.find_first_not_of("(+-\""), e = unit.find_last_not_of(")\"") + 1;
            const std::string_view word = b < e ? unit.substr(b, e - b) : std::string_view();
            const std::size_t sign = percent_sign_at(word);
            const std::string_view said =
                sign == std::string_view::npos ? std::string_view()
                                               : signs->sign_word(word, sign, word.size(), word[sign] == '%' ? U'%' : U'\u2030');
            out.append(unit.substr(0, said.empty() ? unit.size() : b));
            if (said.empty()) return true;
            out.append(word.substr(0, sign)).append(" ").append(said).append(unit.substr(e));
            percent = true;
            return true;
        });
    if (quoted.find('"') == std::string::npos && !percent) return {};
    // A field's quoted value (title:"...", source:"...") has no loose form:
    // its words apart would not be the field's.
    if (quoted.find(":\"") != std::string::npos) return {};
    std::string out;  // one space between words, none at the ends
    bool in_phrase = false;
    std::size_t unit_start = 0;  // in out: where the word being copied began
    // A word of a phrase that reads as an operator outside it ("Iran OF
    // Korea") is a word of the loose query too: written in lower case, so
    // that the count and the command given are those of the words.
    const auto end_unit = [&](bool was_in_phrase) {
        if (!was_in_phrase || unit_start >= out.size()) return;
        const std::string_view unit = std::string_view(out).substr(unit_start);
        if (is_operator(unit) || unit == "EN" || unit == "OF" || unit == "NIET")
            for (std::size_t i = unit_start; i < out.size(); ++i)
                out[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[i])));
    };
    for (char c : quoted) {
        const bool blank = c == '"' || c == ' ' || c == '\t';
        if (blank) {
            end_unit(in_phrase);
            if (c == '"') in_phrase = !in_phrase;
            if (out.empty() || out.back() == ' ') continue;
            out += ' ';
            unit_start = out.size();
            continue;
        }
        out += c;
    }
    end_unit(in_phrase);
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

namespace {

// Two years joined by a hyphen ("2017-2019"): a range of years as people
// write one. (No date form has two 4-digit numbers so.)
bool years_joined(std::string_view v) {
    const auto digits = [](std::string_view y) {
        return std::all_of(y.begin(), y.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    return v.size() == 9 && v[4] == '-' && digits(v.substr(0, 4)) && digits(v.substr(5));
}

// A date field's value with a range written the usual way read as FROM..TO:
// two years joined by a hyphen, or any two dates (or one, open) joined by
// an en dash, an em dash or an ellipsis ("2017–2019", "2019-01…2019-06").
// Another hyphen is part of a date ("2019-01" a month, "3-mei-2018" a day).
std::string dotted_range(std::string_view value) {
    if (years_joined(value)) return std::string(value.substr(0, 4)) + ".." + std::string(value.substr(5));
    // An ellipsis typed as three points ("2019-01...2019-06").
    if (const std::size_t three = value.find("..."); three != std::string_view::npos)
        return std::string(value.substr(0, three)) + ".." + std::string(value.substr(three + 3));
    if (value.find("..") != std::string_view::npos) return std::string(value);
    std::size_t at = std::string_view::npos, width = 0;
    for (std::string_view dash : {"\u2013", "\u2014", "\u2026"})
        for (std::size_t i = value.find(dash); i != std::string_view::npos; i = value.find(dash, i + 1)) {
            if (width) return std::string(value);  // two of them: no one range
            at = i;
            width = dash.size();
        }
    if (!width) return std::string(value);
    return std::string(value.substr(0, at)) + ".." + std::string(value.substr(at + width));
}

// Each date field's value with its range as dotted_range() reads it
// ("datum:2017-2019" is "datum:2017..2019", not a date that is none).
std::string dotted_ranges(const std::string& text, const std::vector<std::string>& date_fields) {
    return rewrite_units(text, [&](std::string_view unit, bool in_phrase, std::string& out) {
        const std::size_t b = unit.find_first_not_of("(+-"), colon = unit.find(':');
        if (in_phrase || b == std::string_view::npos || colon == std::string_view::npos || colon <= b ||
            std::find(date_fields.begin(), date_fields.end(), unit.substr(b, colon - b)) == date_fields.end()) {
            out.append(unit);
            return true;
        }
        const std::size_t end = unit.find_last_not_of(')') + 1;  // "(datum:2017-2019)"
        out.append(unit.substr(0, colon + 1));
        out += dotted_range(unit.substr(colon + 1, end - colon - 1));
        out.append(unit.substr(end));
        return true;
    });
}

// Two years joined by a hyphen, an en dash or an em dash ("2017-2019",
// "2017–2019"), outside a field: the two years, else nullopt.
std::optional<std::pair<std::string_view, std::string_view>> bare_year_range(std::string_view v) {
    if (years_joined(v)) return std::pair(v.substr(0, 4), v.substr(5));
    for (std::string_view dash : {"\u2013", "\u2014"})
        if (v.size() == 8 + dash.size() && v.substr(4, dash.size()) == dash) {
            const std::string joined = std::string(v.substr(0, 4)) + "-" + std::string(v.substr(4 + dash.size()));
            if (years_joined(joined)) return std::pair(v.substr(0, 4), v.substr(4 + dash.size()));
        }
    return std::nullopt;
}

// The schema's date field, or null.
const FieldSpec* date_field(const Schema& schema) {
    const auto date = std::find_if(schema.fields.begin(), schema.fields.end(),
                                   [](const FieldSpec& f) { return f.kind == FieldKind::date; });
    return date == schema.fields.end() ? nullptr : &*date;
}

// For a query where no document has every word: how the range of years a
// unit outside fields and phrases writes with a hyphen or a dash
// ("2017-2019", a hyphenated word to the parser, kept so) is written, with
// the date field's Dutch alias as a Dutch user types it; "" when it has none.
std::string year_range_hint(const std::string& text, const Schema& schema) {
    const FieldSpec* date = date_field(schema);
    if (!date) return {};
    const std::string& field = date->aliases.empty() ? date->name : date->aliases.front();
    std::string hint;
    rewrite_units(text, [&](std::string_view unit, bool in_phrase, std::string&) {
        const std::size_t b = std::min(unit.find_first_not_of("(+"), unit.size());
        const std::string_view years = unit.substr(b, unit.find_last_not_of(')') + 1 - b);
        if (in_phrase || !hint.empty()) return true;
        if (const auto range = bare_year_range(years))
            hint = "a range of years is written " + field + ":" + std::string(range->first) + ".." +
                   std::string(range->second);
        return true;
    });
    return hint;
}

// "12 maart 2019" or "12-03-2019" typed as words (or a phrase): articles that write that
// date, not those of that day, which the date field finds; said beside the
// results. Empty when the query has no such date or filters by date.
std::string date_words_hint(const std::string& text, const Schema& schema) {
    const FieldSpec* date = date_field(schema);
    if (!date) return {};
    const std::string& field = date->aliases.empty() ? date->name : date->aliases.front();
    std::vector<std::string> units = units_of(text);
    for (std::string& u : units) {
        if (u.find(':') != std::string::npos) {
            std::string name = u.substr(0, u.find(':'));
            name.erase(0, std::min(name.find_first_not_of("(+-"), name.size()));
            const auto& aliases = date->aliases;
            if (name == date->name || std::find(aliases.begin(), aliases.end(), name) != aliases.end()) return {};
        }
        u.erase(std::remove_if(u.begin(), u.end(), [](char c) { return c == '"' || c == '(' || c == ')'; }), u.end());
    }
    // One word: "12-03-2019", "2019-03-12", "12/03/2019".
    for (const std::string& u : units)
        if (u.size() >= 8 && std::isdigit(static_cast<unsigned char>(u.front())))
            if (const auto day = normalise_date(u); day && day->size() == 10)
                return "the articles of that day: " + field + ":" + *day +
                       " (the words find articles that write the date)";
    for (std::size_t i = 0; i + 2 < units.size(); ++i) {
        const auto digits = [](const std::string& u, std::size_t lo, std::size_t hi) {
            return u.size() >= lo && u.size() <= hi &&
                   std::all_of(u.begin(), u.end(), [](char c) { return c >= '0' && c <= '9'; });
        };
        if (!digits(units[i], 1, 2) || !digits(units[i + 2], 4, 4) ||
            !std::all_of(units[i + 1].begin(), units[i + 1].end(), [](char c) { return std::isalpha(c); }))
            continue;
        const std::string day = units[i] + "-" + units[i + 1] + "-" + units[i + 2];
        if (!query_date(day).date.empty())
            return "the articles of that day: " + field + ":" + day + " (the words find articles that write the date)";
    }
    return {};
}

// "date:2019-02" (one date, no range) means the whole of that period. (In
// a phrase, "datum:" is a word: "\"datum:\"" made a range of no field.)
std::string expand_single_dates(const std::string& text, const std::vector<std::string>& date_fields) {
    std::string out;
    std::size_t i = 0;
    bool in_phrase = false;
    while (i < text.size()) {
        bool matched = false;
        if (text[i] == '"') in_phrase = !in_phrase;
        if (!in_phrase && (i == 0 || !is_field_char(text[i - 1]))) {
            for (const auto& f : date_fields) {
                std::string head = f + ":";
                if (text.compare(i, head.size(), head) != 0) continue;
                std::size_t j = i + head.size();
                std::size_t k = j;
                while (k < text.size() && !std::isspace(static_cast<unsigned char>(text[k])) && text[k] != ')') ++k;
                std::string value = text.substr(j, k - j);
                out += head + value;
                if (!value.empty() && value.find("..") == std::string::npos) out += ".." + value;
                i = k;
                matched = true;
                break;
            }
        }
        if (!matched) out += text[i++];
    }
    return out;
}

// A field of the shipped schema that this index's schema left out, typed
// (`what`: "datum:", or a range of dates without its field): no filter,
// and no words either ("datum:2019" would find any article with "2019").
Error missing_field(const std::string& field, const std::string& what) {
    return Error(Exit::usage,
                 "this index's schema has no field '" + field +
                     "' to search by name (none, or one without a prefix): " + what + " cannot be searched",
                 "leave it out, or index with a schema that has the field");
}

// Points in a row are punctuation but in a date range: Xapian's parser
// reads "a..b" as a range, and one of no field it knows is an error
// ("Korea..." and "zei dat...", pasted from a truncated quote: exit 65).
// A range of dates typed without its field ("2017..2019") is one of the
// first date field (an error without one: dropped, it would leave the
// other words to be searched as if it were not typed); any other run of
// points is a space.
std::string loose_points(const std::string& text, const std::vector<std::string>& date_fields) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (std::isspace(static_cast<unsigned char>(text[i]))) {
            out += text[i++];
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
        std::string unit = text.substr(i, end - i);
        i = end;
        const std::size_t points = unit.find("..");
        if (points == std::string::npos) {
            out += unit;
            continue;
        }
        const std::size_t colon = unit.find(':');
        const std::size_t name = std::min(unit.find_first_not_of("(+-"), unit.size());
        if (colon != std::string::npos && colon < points && name < colon &&
            std::find(date_fields.begin(), date_fields.end(), unit.substr(name, colon - name)) != date_fields.end()) {
            out += unit;
            continue;
        }
        // The range itself, within brackets: digits and '-' on either side of the points.
        const std::size_t first = unit.find_first_not_of('(');
        const std::size_t last = unit.find_last_not_of(')');
        const std::string range = first == std::string::npos ? std::string() : unit.substr(first, last - first + 1);
        const std::size_t at = range.find("..");
        const auto dateish = [](std::string_view v) {
            return !v.empty() && std::isdigit(static_cast<unsigned char>(v.front())) &&
                   v.find_first_not_of("0123456789-") == std::string_view::npos;
        };
        if (colon == std::string::npos && at != std::string::npos && range.find("..", at + 2) == std::string::npos &&
            (dateish(std::string_view(range).substr(0, at)) || dateish(std::string_view(range).substr(at + 2))) &&
            (at == 0 || dateish(std::string_view(range).substr(0, at))) &&
            (at + 2 == range.size() || dateish(std::string_view(range).substr(at + 2)))) {
            if (date_fields.empty()) throw missing_field("date", printable(range));
            out += unit.substr(0, first) + date_fields.front() + ":" + range + unit.substr(last + 1);
            continue;
        }
        for (std::size_t k = 0; k < unit.size();) {
            if (unit[k] == '.' && k + 1 < unit.size() && unit[k + 1] == '.') {
                while (k < unit.size() && unit[k] == '.') ++k;
                out += ' ';
            } else {
                out += unit[k++];
            }
        }
    }
    return out;
}

void collect_wildcards(const std::string& folded, std::vector<std::string>& heads) {
    for (std::size_t star = folded.find('*'); star != std::string::npos; star = folded.find('*', star + 1)) {
        std::size_t start = star;
        while (start > 0 && !std::isspace(static_cast<unsigned char>(folded[start - 1])) &&
               folded[start - 1] != '(' && folded[start - 1] != '"' && folded[start - 1] != ':')
            --start;
        if (start < star) heads.push_back(folded.substr(start, star - start));
    }
}

// A whitespace-separated unit of a query that is NEAR or ADJ (NEAR/3).
bool is_proximity_operator(std::string_view unit) {
    return unit == "NEAR" || unit == "ADJ" || unit.rfind("NEAR/", 0) == 0 || unit.rfind("ADJ/", 0) == 0;
}

// A unit that is an operator (upper case), not a word.
bool is_operator(std::string_view unit) {
    return unit == "AND" || unit == "OR" || unit == "NOT" || unit == "XOR" || is_proximity_operator(unit);
}

// Plain: no phrase, bracket, wildcard, +/- or upper-case operator.
// The stopword typed with its accents that a unit of the folded query is,
// as keep_marked_stopwords() quotes it ("\"één\""), or "".
std::string marked_unit(std::string_view unit, const BuiltQuery& built) {
    if (unit.size() < 3 || unit.front() != '"' || unit.back() != '"') return {};
    const std::string_view word = unit.substr(1, unit.size() - 2);
    for (const auto& [folded, forms] : built.marked_stopwords)
        if (forms.count(std::string(word))) return std::string(word);
    return {};
}

std::string filter_of(std::string_view unit, const std::set<std::string>& filter_fields);

// An excluded filter ("-taal:en", "-datum:2019", "-bron:\"den haag\"")
// keeps a query plain: a filter, not a word.
bool is_excluded_filter(std::string_view unit, const std::set<std::string>& filter_fields) {
    if (unit.size() < 3 || unit[0] != '-' || filter_of(unit, filter_fields).empty()) return false;
    const std::size_t colon = unit.find(':');
    const std::string_view value = unit.substr(colon + 1);
    const bool quoted = value.size() > 2 && value.front() == '"' && value.back() == '"' &&
                        std::count(value.begin(), value.end(), '"') == 2;
    return unit.find_first_of("()*") == std::string_view::npos &&
           (quoted || value.find('"') == std::string_view::npos);
}

// The filter that a unit is ("bron:noordzee", "-taal:en", or a quoted
// value's first unit: "bron:\"persbureau"): its field's name, else "".
std::string filter_of(std::string_view unit, const std::set<std::string>& filter_fields) {
    const std::size_t colon = unit.find(':');
    if (colon == std::string_view::npos || colon + 1 == unit.size()) return {};
    const std::size_t b = unit[0] == '-' ? 1 : 0;
    const std::string name(unit.substr(b, colon - b));
    return filter_fields.count(name) ? name : std::string();
}

bool is_percent_or(const std::vector<std::string>& units, std::size_t i);

// Whether units[i] begins a percentage as signed_numbers_as_phrases()
// writes one unbracketed ("7,5%": ("7/5 procent" OR "7/5 percent")), its five units.
bool is_amount_at(const std::vector<std::string>& units, std::size_t i) {
    return i + 4 < units.size() && is_percent_or(units, i + 2) && units[i] == "(" + units[i + 3] &&
           units[i + 4] == "percent\")";
}

// Whether a unit of plain_units() is such a percentage: one word of a
// plain query (it reads as "7,5 procent" would as one word), not a phrase
// that makes the query a strict AND.
bool is_amount_unit(std::string_view unit) {
    const std::vector<std::string> units = units_of(unit);
    return units.size() == 5 && is_amount_at(units, 0);
}

// The units of a query, a filter's quoted value with its blanks in one
// ("bron:\"persbureau noordzee\"", "-bron:\"den haag vandaag\""), and a
// percentage's phrases in one (is_amount_at).
std::vector<std::string> plain_units(const std::string& folded, const std::set<std::string>& filter_fields) {
    std::vector<std::string> units;
    bool open = false;  // a filter's quoted value goes on
    each_unit(folded, [&](std::string_view unit) {
        const auto quotes = std::count(unit.begin(), unit.end(), '"');
        if (open) {
            units.back() += ' ';
            units.back().append(unit);
            open = quotes % 2 == 0;
            return;
        }
        units.emplace_back(unit);
        const std::size_t colon = unit.find(':');
        open = quotes % 2 == 1 && !filter_of(unit, filter_fields).empty() && colon + 1 < unit.size() &&
               unit[colon + 1] == '"';
    });
    for (std::size_t i = 0; i < units.size(); ++i)
        if (is_amount_at(units, i)) {
            for (std::size_t k = i + 1; k < i + 5; ++k) units[i].append(" ").append(units[k]);
            const auto first = units.begin() + static_cast<std::ptrdiff_t>(i);
            units.erase(first + 1, first + 5);
        }
    return units;
}

// A filter with a quoted value, whole (of plain_units()): one filter.
bool is_quoted_filter(const std::string& unit, const std::set<std::string>& filter_fields) {
    const std::size_t colon = unit.find(':');
    return !filter_of(unit, filter_fields).empty() && colon + 2 < unit.size() && unit[colon + 1] == '"' &&
           unit.back() == '"' && std::count(unit.begin(), unit.end(), '"') == 2 &&
           unit.find_first_of("()*") == std::string::npos;
}

bool is_plain(const std::string& folded, const BuiltQuery& built, const std::set<std::string>& filter_fields) {
    bool plain = true;
    for (const std::string& u : plain_units(folded, filter_fields)) {
        const std::string_view unit = u;
        if (is_excluded_filter(unit, filter_fields) || is_quoted_filter(u, filter_fields)) continue;
        plain = plain && !is_operator(unit) && unit[0] != '+' && unit[0] != '-' &&
                // “ ” „ are '"' by now (ascii_quotes); "één" is a word
                (unit.find_first_of("\"()*") == std::string_view::npos || !marked_unit(unit, built).empty() ||
                 is_amount_unit(unit));
    }
    return plain;
}

// Whether token `t` is in the value of a filter field (date:2017..2018,
// lang:en): the rest of its unit after "field:". (A quoted value with
// blanks is the caller's.)
bool in_filter_value(const std::string& folded, const Token& t, const std::set<std::string>& filter_fields) {
    const std::size_t blank = folded.find_last_of(" \t", t.begin);
    std::size_t start = blank == std::string::npos ? 0 : blank + 1;
    while (start < t.begin && (folded[start] == '(' || folded[start] == '+' || folded[start] == '-')) ++start;
    const std::size_t colon = folded.find(':', start);
    return colon < t.begin && filter_fields.count(folded.substr(start, colon - start)) > 0;
}

// Whether units[i] of a folded query is the OR that
// signed_numbers_as_phrases() puts between a percentage and its English
// word: ("3/5 procent" OR "3/5 percent", a decimal comma as split_as_indexed()
// writes it). No operator typed: "inflatie 3,5%" reads as "inflatie \"3,5%\"" does.
bool is_percent_or(const std::vector<std::string>& units, std::size_t i) {
    if (units[i] != "OR" || i < 2 || i + 2 >= units.size()) return false;
    const std::string& number = units[i + 1];
    return number.size() > 1 && number[0] == '"' && std::all_of(number.begin() + 1, number.end(), [](char c) {
               return std::isdigit(static_cast<unsigned char>(c)) || c == ',' || c == '.' || c == '/';
           }) &&
           units[i - 2].ends_with("(" + number) && units[i - 1].ends_with("\"") &&
           std::count(units[i - 1].begin(), units[i - 1].end(), '"') == 1 && units[i + 2].starts_with("percent\")");
}

// Whether a folded query has an operator outside its phrases: a unit that
// is one (brackets aside), or a word excluded with '-'.
bool has_operators(const std::string& folded) {
    bool in_phrase = false;
    const std::vector<std::string> units = units_of(folded);
    for (std::size_t i = 0; i < units.size(); ++i) {
        const std::string& u = units[i];
        const std::size_t b = u.find_first_not_of('('), e = u.find_last_not_of(')');
        if (!in_phrase && b != std::string::npos && !is_percent_or(units, i)) {
            const std::string word = u.substr(b, e - b + 1);
            if (is_operator(word) || (word.size() > 1 && word[0] == '-')) return true;
        }
        for (char c : u)
            if (c == '"') in_phrase = !in_phrase;
    }
    return false;
}

// Whether token `t` of a query is an operator (AND, OR, NOT, XOR, NEAR,
// ADJ: upper case) or NEAR/3's window, not a word.
bool is_operator_token(const std::string& text, const Token& t) {
    auto after = [&](std::string_view op) {
        return t.begin >= op.size() && text.compare(t.begin - op.size(), op.size(), op) == 0;
    };
    return is_operator(std::string_view(text).substr(t.begin, t.end - t.begin)) || after("NEAR/") || after("ADJ/");
}

// Whether a text may have NEAR or ADJ: the common case, that it has not,
// answered without splitting a long query into units.
bool has_proximity_operator(const std::string& text) {
    return text.find("NEAR") != std::string::npos || text.find("ADJ") != std::string::npos;
}

// Whether Xapian's parser gave up on a NEAR or ADJ of `folded` and
// searched it as a word ("near"): `folded` has the operator, and not the
// word ("near the border" in a phrase).
bool proximity_fell_back(const std::string& folded, const Xapian::Query& parsed) {
    if (!has_proximity_operator(folded)) return false;
    bool proximity = false, typed = false;
    for (const std::string& u : units_of(folded)) {
        proximity = proximity || is_proximity_operator(u);
        const std::size_t b = u.find_first_not_of("\"(+-"), e = u.find_last_not_of("\")");
        const std::string word = b == std::string::npos ? std::string() : u.substr(b, e - b + 1);
        typed = typed || word == "near" || word == "adj";
    }
    if (!proximity || typed) return false;
    for (auto t = parsed.get_unique_terms_begin(); t != parsed.get_unique_terms_end(); ++t)
        if (*t == "near" || *t == "adj") return true;
    return false;
}

// The terms of `q` outside exclusions (`kept`) and inside them (the right
// side of an AND_NOT), each as (stem?, term without its prefix).
void terms_by_polarity(const Xapian::Query& q, bool excluded, std::set<std::pair<bool, std::string>>& kept,
                       std::set<std::pair<bool, std::string>>& dropped) {
    if (q.get_type() == Xapian::Query::LEAF_TERM) {
        for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t) {
            const std::string& term = *t;
            const std::size_t bare = term.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
            if (bare == std::string::npos) continue;
            (excluded ? dropped : kept).emplace(bare > 0 && term[0] == 'Z', term.substr(bare));
        }
        return;
    }
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        terms_by_polarity(q.get_subquery(i), excluded || (q.get_type() == Xapian::Query::OP_AND_NOT && i > 0),
                          kept, dropped);
}

// A word or stem the query has only in what it excludes is in no hit,
// so no snippet marks it ("NOT gezamenlijke verklaring Singapore" marked
// "verklaring" and "slotverklaring", "Kim -title:Hanoi" the body's
// "Hanoi").
void unmark_excluded(BuiltQuery& built, const Analyser& analyser) {
    std::set<std::pair<bool, std::string>> kept, dropped;
    terms_by_polarity(built.query, false, kept, dropped);
    for (const auto& k : kept) dropped.erase(k);
    if (dropped.empty()) return;
    // A stem is kept as one, or as a kept word's (a phrase has its words as
    // written); it goes as a dropped stem or a dropped word's.
    // (A word's stems in each language the index has: an English one too.)
    const auto stems_of = [&](const std::string& word) {
        std::vector<std::string> out{analyser.stem(word)};
        for (const auto& other : analyser.others()) out.push_back(other->stem(word));
        return out;
    };
    std::set<std::string> kept_stems, dropped_stems;
    const auto add_stems = [&](const std::set<std::pair<bool, std::string>>& terms, std::set<std::string>& to) {
        for (const auto& [stem, term] : terms) {
            if (stem) {
                to.insert(term);
                continue;
            }
            for (auto& s : stems_of(term)) to.insert(std::move(s));
        }
    };
    add_stems(kept, kept_stems);
    add_stems(dropped, dropped_stems);
    const auto gone = [&](const std::string& s) { return dropped_stems.count(s) && !kept_stems.count(s); };
    for (auto* words : {&built.words, &built.loose_words})
        std::erase_if(*words, [&](const std::string& w) {
            return !kept.count({false, w}) && (dropped.count({false, w}) || gone(analyser.stem(w)));
        });
    std::erase_if(built.stems, gone);
    for (auto& [language, stems] : built.loose_stems) std::erase_if(stems, gone);
}

// The most words NEAR/N and ADJ/N may have between their words.
constexpr unsigned long max_proximity_window = 100000;

// A NEAR/N or ADJ/N whose N is no whole number from 1 to
// max_proximity_window is an error that names it: Xapian's parser took
// NEAR/0 for the word "near", and NEAR/4294967296 as NEAR/0 (the number
// modulo 2^32).
void check_proximity_windows(const std::string& folded) {
    if (!has_proximity_operator(folded)) return;
    bool in_phrase = false;
    for (const std::string& u : units_of(folded)) {
        const std::size_t slash = u.find('/');
        if (!in_phrase && is_proximity_operator(u) && slash != std::string::npos) {
            const std::string window = u.substr(slash + 1), name = u.substr(0, slash);
            if (window.empty() || window.size() > 6 || window.find_first_not_of("0123456789") != std::string::npos ||
                std::stoul(window) == 0 || std::stoul(window) > max_proximity_window)
                throw Error(Exit::data_error,
                            "cannot parse the query: " + printable(u) + ": its window is a whole number from 1 to " +
                                std::to_string(max_proximity_window),
                            "Iran " + name + "/3 sancties: the two words at most 3 words apart");
        }
        for (char c : u)
            if (c == '"') in_phrase = !in_phrase;
    }
}

// Why Xapian's parser gave up on a NEAR or ADJ of `folded`, as an error
// that says what is wrong: no word on one side ("Iran NEAR"), a wildcard
// or a word with '-' or '+' beside it ("Iran NEAR sancties*"), else a
// phrase of several words or brackets.
Error proximity_error(const std::string& folded) {
    const std::vector<std::string> units = units_of(folded);
    const auto no_word = [](const std::string& u) { return is_operator(u) || u.find_first_not_of("()") == u.npos; };
    bool in_phrase = false;
    for (std::size_t i = 0; i < units.size(); ++i) {
        const bool was_in_phrase = in_phrase;
        for (char c : units[i])
            if (c == '"') in_phrase = !in_phrase;
        if (was_in_phrase || !is_proximity_operator(units[i])) continue;
        const std::string& op = units[i];
        const bool before = i > 0 && !no_word(units[i - 1]) && units[i - 1].back() != '(';
        const bool after = i + 1 < units.size() && !no_word(units[i + 1]) && units[i + 1].front() != ')';
        if (!before || !after)
            return Error(Exit::data_error,
                         "cannot parse the query: " + op + " has no word " +
                             (before ? "after it" : after ? "before it" : "on either side") + " (it takes one on each)",
                         "Iran " + op + " sancties");
        for (const std::string* side : {&units[i - 1], &units[i + 1]}) {
            const std::size_t b = side->find_first_not_of('('), e = side->find_last_not_of(')');
            const std::string word = side->substr(b, e - b + 1);
            if (word.back() == '*')
                return Error(Exit::data_error, "cannot parse the query: " + op + " takes a word, not a wildcard: " +
                                                   printable(word),
                             "the word alone finds its forms too: Iran " + op + " sanctie finds \"sancties\"");
            if (word.front() == '-' || word.front() == '+')
                return Error(Exit::data_error,
                             "cannot parse the query: " + op + " takes a word, not one with '" + word.front() +
                                 "' before it: " + printable(word),
                             word.front() == '-' ? "to leave out what has a word, write it apart: Iran -sancties"
                                                 : "the words beside " + op + " are required already");
        }
    }
    return Error(Exit::data_error,
                 "cannot parse the query: NEAR and ADJ take one word on each side, not a phrase or brackets",
                 "a hyphenated word counts as one: Kim Jong-un NEAR Trump; for more, (Iran NEAR sancties) OR "
                 "(Iran NEAR olie)");
}

// Xapian's parser takes NEAR and ADJ only between words joined by
// operators: beside an implicit AND ("Korea Iran NEAR sancties") it gives
// up on the operators and searches "near" as a word. For such a parse, the
// query with that AND written out ("Korea AND Iran NEAR sancties"), which
// means the same (an explicit AND binds as the implicit one does); else "".
// Not with +/- (they need the implicit AND) nor inside a phrase. With
// `between` OR (--any), the words are joined by OR.
std::string proximity_with_ands(const std::string& folded, const Xapian::Query& parsed,
                                Xapian::Query::op between = Xapian::Query::OP_AND) {
    if (!proximity_fell_back(folded, parsed)) return {};
    const std::vector<std::string> units = units_of(folded);
    for (const std::string& u : units)
        if (u[0] == '+' || u[0] == '-') return {};
    std::string out;
    bool in_phrase = false;
    for (std::size_t i = 0; i < units.size(); ++i) {
        const std::string& u = units[i];
        if (i > 0) {
            const std::string& before = units[i - 1];
            const bool join =
                !in_phrase && !is_operator(before) && !is_operator(u) && before.back() != '(' && u[0] != ')';
            out += !join ? " " : between == Xapian::Query::OP_OR ? " OR " : " AND ";
        }
        out += u;
        for (char c : u)
            if (c == '"') in_phrase = !in_phrase;
    }
    return out;
}

// Xapian's parser also gives up on NEAR and ADJ beside a hyphenated word,
// which it reads as a phrase ("Noord-Korea NEAR sancties" searched
// "near"). The index has such a word joined too, at its first part's
// position ("noordkorea"): `text` with each hyphenated word beside NEAR or
// ADJ written so. Text without NEAR or ADJ is returned as it is.
std::string join_beside_proximity(const std::string& text, const Analyser& analyser) {
    if (!has_proximity_operator(text)) return text;
    const std::vector<std::string> units = units_of(text);
    if (std::none_of(units.begin(), units.end(), [](const std::string& u) { return is_proximity_operator(u); }))
        return text;
    std::string out;
    bool in_phrase = false;
    for (std::size_t i = 0; i < units.size(); ++i) {
        std::string u = units[i];
        const bool beside = (i > 0 && is_proximity_operator(units[i - 1])) ||
                            (i + 1 < units.size() && is_proximity_operator(units[i + 1]));
        // A phrase of one word is that word ("\"Noord-Korea\" NEAR sancties").
        std::string word = u;
        if (u.size() > 2 && u.front() == '"' && u.back() == '"' && std::count(u.begin(), u.end(), '"') == 2)
            word = u.substr(1, u.size() - 2);
        const bool quoted = word.find('"') != std::string::npos;
        if (beside && !in_phrase && !quoted && !is_operator(word) && word.find_first_of(":*") == std::string::npos) {
            std::size_t b = 0, e = word.size();
            while (b < e && (word[b] == '(' || word[b] == '+' || word[b] == '-')) ++b;
            while (e > b && word[e - 1] == ')') --e;
            // One hyphenated word: its parts, then its whole.
            const std::vector<Token> tokens = analyser.tokenise(std::string_view(word).substr(b, e - b));
            const bool one_word = tokens.size() > 2 && tokens.back().kind == Token::Kind::whole &&
                                  std::all_of(tokens.begin(), tokens.end() - 1, [&](const Token& t) {
                                      return t.kind == Token::Kind::word && t.begin >= tokens.back().begin &&
                                             t.end <= tokens.back().end;
                                  });
            u = one_word ? word.replace(b, e - b, tokens.back().term) : word;
        }
        if (i > 0) out += ' ';
        out += u;
        for (char c : units[i])
            if (c == '"') in_phrase = !in_phrase;
    }
    return out;
}

// The Z terms of a folded word in every language the index analyses
// (Dutch, English), prefixed.
std::vector<std::string> stem_terms(const std::string& word, const std::string& prefix, const Analyser& analyser) {
    std::vector<std::string> out = {"Z" + prefix + analyser.stem(word)};
    for (const auto& other : analyser.others()) {
        std::string t = "Z" + prefix + other->stem(word);
        if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(std::move(t));
    }
    return out;
}

bool is_any_stopword(const std::string& word, const Analyser& analyser) {
    if (analyser.is_stopword(word)) return true;
    for (const auto& other : analyser.others())
        if (other->is_stopword(word)) return true;
    return false;
}

// A stopword the parser left out of the query is searched nowhere, so no
// snippet marks it ("sancties van de VN" searches neither "van" nor "de",
// and had every "de" of the snippet marked). One the query searches stays:
// a query of stopwords only ("de"), a phrase's ("\"van de\"", marked as the
// phrase's), a stopword typed with its accents ("één", marked as such).
void unmark_unsearched_stopwords(BuiltQuery& built, const Analyser& analyser) {
    std::set<std::pair<bool, std::string>> kept, dropped;
    terms_by_polarity(built.query, false, kept, dropped);
    std::erase_if(built.loose_words,
                  [&](const std::string& w) { return is_any_stopword(w, analyser) && !kept.count({false, w}); });
}

// The index's term statistics the query builder asks for, each asked once:
// over remote shards every question is a round trip (per shard, for a
// frequency), and one query asks about the same word several times.
class TermStats {
public:
    // `lang_prefix`: the prefix of the language filter's terms ("L"), or
    // empty when the schema has no such filter.
    TermStats(const Xapian::Database& db, std::string lang_prefix) : db_(db), lang_prefix_(std::move(lang_prefix)) {}
    const Xapian::Database& db() const { return db_; }
    // Where another language's stems may match: the term that tags its
    // articles ("Len"); "" when the schema has no language terms (then
    // anywhere); nullopt when the index has no article in that language
    // (then nowhere: no article has its stems).
    std::optional<std::string> language_tag(const std::string& language) {
        if (lang_prefix_.empty()) return std::string();
        std::string tag = lang_prefix_ + language;
        if (!exists(tag)) return std::nullopt;
        return tag;
    }
    bool exists(const std::string& term) {
        auto [it, fresh] = exists_.try_emplace(term, false);
        if (fresh) it->second = db_.term_exists(term);
        return it->second;
    }
    Xapian::doccount freq(const std::string& term) {
        auto [it, fresh] = freq_.try_emplace(term, 0);
        if (fresh) {
            it->second = db_.get_termfreq(term);
            exists_[term] = it->second > 0;
        }
        return it->second;
    }
    Xapian::doccount doccount() {
        if (!doccount_) doccount_ = db_.get_doccount();
        return *doccount_;
    }

private:
    const Xapian::Database& db_;
    std::string lang_prefix_;
    std::map<std::string, bool> exists_;
    std::map<std::string, Xapian::doccount> freq_;
    std::optional<Xapian::doccount> doccount_;
};

// Documents with the stem of a word in any language: another language's
// stem only in that language's articles, which alone have its stems (the
// English stem of "verlies" is "ver", of "kans" "kan": in a Dutch article
// those are other words), and where it differs, the Dutch stem of a word
// typed only in the other articles (the Dutch stem of "kinderen" is
// "kind": in an English article "a kind of"); a synonym member's
// anywhere (`typed` false: the Dutch stem of "Iraans" is the English
// "Iran"). A stem the index does not have matches nothing and weighs
// nothing in the synonym, so it is not looked up (over remote shards that
// would be a round trip each).
Xapian::Query stem_query(const std::string& word, const std::string& prefix, const Analyser& analyser,
                         TermStats& stats, bool typed = true) {
    const std::string own = "Z" + prefix + analyser.stem(word);
    std::vector<Xapian::Query> stems = {Xapian::Query(own)};
    // The other languages' articles that have the Dutch stem and not their
    // own: left out (not weighed: the stems' statistics stay as they are).
    std::vector<Xapian::Query> elsewhere;
    for (const auto& other : analyser.others()) {
        std::string t = "Z" + prefix + other->stem(word);
        if (t == own) continue;
        const std::optional<std::string> tag = stats.language_tag(other->language());
        if (!tag) continue;
        if (tag->empty()) {
            stems.emplace_back(t);
            continue;
        }
        stems.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query(t), Xapian::Query(*tag));
        if (typed)
            elsewhere.emplace_back(Xapian::Query::OP_AND_NOT,
                                   Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(own), Xapian::Query(*tag)),
                                   Xapian::Query(t));
    }
    Xapian::Query q =
        stems.size() == 1 ? stems[0] : Xapian::Query(Xapian::Query::OP_SYNONYM, stems.begin(), stems.end());
    if (elsewhere.empty()) return q;
    return Xapian::Query(Xapian::Query::OP_AND_NOT, q,
                         Xapian::Query(Xapian::Query::OP_OR, elsewhere.begin(), elsewhere.end()));
}

// `match`, with documents that have the exact word weighted up.
Xapian::Query with_exact_bonus(const Xapian::Query& match, const std::string& exact_term, TermStats& stats) {
    if (!stats.exists(exact_term)) return match;
    // OR, though the exact word only adds weight to a match: with AND_MAYBE
    // here, Xapian 1.4.22's AND_NOT (the tiers below every-word) let some
    // every-word documents through again on some indexes.
    return Xapian::Query(Xapian::Query::OP_OR, match,
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(exact_term), exact_word_bonus));
}

// A hyphenated word's whole, as the tokeniser joins it ("e-mail":
// "email"), or "" for other text (an abbreviation with points, "U.S.", is
// searched as its letters: its whole would be the English "us").
std::string hyphenated_whole(std::string_view text, const Analyser& analyser) {
    if (text.find('.') != std::string_view::npos) return {};
    const std::vector<Token> tokens = analyser.tokenise(text);
    const auto is_whole = [](const Token& t) { return t.kind == Token::Kind::whole; };
    const auto whole = std::find_if(tokens.begin(), tokens.end(), is_whole);
    if (whole == tokens.end() || whole->begin != 0 || whole->end < text.size() ||
        std::count_if(tokens.begin(), tokens.end(), is_whole) != 1)
        return {};
    return whole->term;
}

// The whole the tokeniser joins of a wildcard's head ("noordkor" of
// "noord-kor", "sgrav" of "'s-grav": the apostrophe before it is no part),
// or "" when it joins none.
std::string wildcard_whole(std::string_view head, const Analyser& analyser) {
    const std::size_t start = head.find_first_not_of('\'');
    return start == std::string_view::npos ? std::string() : hyphenated_whole(head.substr(start), analyser);
}

// The length of a term's field prefix (its leading capitals: "S" of "Ssanc").
std::size_t prefix_length(std::string_view term) {
    return std::min(term.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), term.size());
}

// Whether `text` is `pattern`, where each '*' stands for any bytes.
bool glob_matches(std::string_view pattern, std::string_view text) {
    std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            resume = t;
        } else if (p < pattern.size() && pattern[p] == text[t]) {
            ++p;
            ++t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

// A wildcard after a hyphenated word or an apostrophe ("noord-kor*",
// "'s-grav*") as the words its whole begins ("noordkor*": the index holds
// "noord-koreaanse" as "noordkoreaanse" too). The parser would read the
// parts as a phrase and drop the '*', finding nothing.
// A wildcard inside a word ("sanc*ies", "pyong*ang") stands for any
// letters there: Xapian's parser takes one only at a word's end, so the
// word is read as its head ("sanc*") and `patterns` keeps what the words
// it expands to must match (expand_wildcards). One before any letter
// ("*ies") would have to read every word of the index: refused.
std::string join_wildcard_wholes(const std::string& folded, const Analyser& analyser,
                                 std::map<std::string, std::vector<std::string>>& patterns) {
    std::set<std::string> at_end;  // heads of wildcards at a word's end
    std::string joined_text = rewrite_units(folded, [&](std::string_view unit, bool in_phrase, std::string& out) {
        std::size_t b = 0, e = unit.size();
        while (b < e && (unit[b] == '(' || unit[b] == '+' || unit[b] == '-')) ++b;
        while (e > b && unit[e - 1] == ')') --e;
        for (std::size_t i = b + 1; i < e; ++i)
            if (unit[i] == ':' && is_field_char(unit[i - 1])) {
                b = i + 1;  // a field's value: title:noord-kor*
                break;
            }
        const std::string_view word = unit.substr(b, e - b);
        const std::size_t star = word.find('*');
        // A phrase is searched word for word: "sanc*ies tegen" found nothing and did not say why.
        if (star != std::string_view::npos && (in_phrase || word.find('"') != std::string_view::npos))
            throw Error(Exit::data_error, "cannot parse the query: a wildcard does not work inside quotes: " +
                                              printable(unit),
                        "write the word out in the phrase, or take the quotes away: sanc*ies tegen");
        if (star == std::string_view::npos) {
            out += unit;
            return true;
        }
        const std::string_view head = word.substr(0, star);
        const bool inner = word.find_first_not_of('*', star) != std::string_view::npos;
        if (inner && std::none_of(head.begin(), head.end(), [](char c) { return c != '\'' && c != '-'; }))
            throw Error(Exit::data_error, "cannot parse the query: a wildcard needs letters before it: " +
                                              printable(word),
                        "put it after a word's first letters: sanc*, or inside a word: pyong*ang");
        std::string joined;
        // "noord-*a", "jong-*n": the hyphen before the star joins too.
        std::string_view trimmed = head;
        while (!trimmed.empty() && (trimmed.back() == '-' || trimmed.back() == '\'')) trimmed.remove_suffix(1);
        if (trimmed.find_first_of("-'") != std::string_view::npos)
            joined = wildcard_whole(trimmed, analyser);
        else if (trimmed.size() < head.size())
            joined = std::string(trimmed);
        if (!inner) at_end.insert(joined.empty() ? std::string(head) : joined);
        if (joined.empty() && !inner) {
            out += unit;
            return true;
        }
        if (joined.empty()) joined = head;
        if (inner) {
            // The rest as the index writes a word: no hyphens or apostrophes, one '*' for several.
            std::string pattern = joined;
            for (const char c : word.substr(star))
                if (c != '-' && c != '\'' && !(c == '*' && pattern.back() == '*')) pattern += c;
            patterns[joined].push_back(std::move(pattern));
        }
        out.append(unit.substr(0, b)).append(joined).append("*").append(unit.substr(e));
        return true;
    });
    // "sanc*ies OR sanc*": the head's expansion serves both, so it keeps every word.
    for (const std::string& head : at_end)
        if (auto p = patterns.find(head); p != patterns.end()) p->second.push_back(head + "*");
    return joined_text;
}

// The words of a folded text: stopwords kept (a phrase needs them), the
// joined whole of a hyphenated word left out.
struct Words {
    std::vector<std::string> parts;
    std::string lang;  // of a synonym member that names one ("en:sanctions")
};
Words words_of(const std::string& text, const Analyser& analyser) {
    Words w;
    for (const Token& t : analyser.tokenise(text))
        if (t.kind != Token::Kind::whole) w.parts.push_back(t.term);
    return w;
}

constexpr std::size_t query_split_min_bytes = 10;

// The parts a compound query word is also searched by, written apart
// ("sanctieverlichting" finds "verlichting van de sancties"), unless the
// compound itself is common (in 50 articles or more, and 1 in 20): then it
// needs no help, and its parts' long posting lists would cost ("werkblad"
// in a software manual: 3.1 -> 5.8 ms a query).
std::vector<std::string> query_split(const std::string& word, const std::string& prefix, const Analyser& analyser,
                                     TermStats& stats) {
    // Splitting loads the hyphenation patterns (a few ms): only for a word
    // long enough to be worth it, and a compound that is not common.
    if (word.size() < query_split_min_bytes) return {};
    const Xapian::doccount freq = stats.freq("Z" + prefix + analyser.stem(word));
    if (freq >= 50 && 20 * freq >= stats.doccount()) return {};
    std::vector<std::string> split = analyser.compound_split(word);
    return split.size() < 2 ? std::vector<std::string>() : split;
}

// A compound typed with another linking morpheme than the archive writes
// it with ("bestuurcrisis", "vredeverklaring" for "bestuurscrisis",
// "vredesverklaring"), which the index has in no form: the compound as
// the index has it, its first part joined to the rest by s, e, en or
// nothing; empty when there is none. (Its parts apart found the
// articles with "bestuur ... crisis" above the one with "bestuurscrisis",
// whose parts stand at one position, as no NEAR takes them.)
std::string linked_variant(const std::string& word, const std::vector<std::string>& split,
                           const std::string& prefix, const Analyser& analyser, TermStats& stats) {
    if (split.size() < 2 || stats.exists(prefix + word) || stats.freq("Z" + prefix + analyser.stem(word)) > 0)
        return {};
    const std::string& first = split.front();
    if (!word.starts_with(first)) return {};
    std::string rest;
    for (std::size_t i = 1; i < split.size(); ++i) rest += split[i];
    if (!word.ends_with(rest) || word.size() < first.size() + rest.size()) return {};
    const std::string typed_link = word.substr(first.size(), word.size() - first.size() - rest.size());
    for (const std::string_view link : {"s", "", "en", "e"}) {
        if (link == typed_link) continue;
        std::string candidate = first;
        candidate.append(link).append(rest);
        if (stats.exists(prefix + candidate)) return candidate;
    }
    return {};
}

// `q`, or also documents with all of `apart` (words typed apart) anywhere,
// which count compound_parts_weight.
Xapian::Query or_apart(const Xapian::Query& q, const std::vector<std::string>& apart, const std::string& prefix,
                       const Analyser& analyser, TermStats& stats) {
    if (apart.size() < 2) return q;
    std::vector<Xapian::Query> each;
    for (const auto& word : apart) each.push_back(stem_query(word, prefix, analyser, stats));
    return Xapian::Query(Xapian::Query::OP_OR, q,
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                       Xapian::Query(Xapian::Query::OP_AND, each.begin(), each.end()),
                                       compound_parts_weight));
}

// The index's terms that start as `stem` does less its last two bytes
// (at least three; Dutch stems drop a doubled vowel: "straat" -> "strat"),
// with `prefix`, that `keep` accepts: at most max_forms, from at most
// max_scanned terms.
template <class Keep>
std::vector<std::string> terms_near_stem(const std::string& stem, const std::string& prefix, std::size_t max_forms,
                                         TermStats& stats, Keep keep) {
    constexpr std::size_t max_scanned = 2000;
    const std::size_t n = stem.size();
    const std::size_t head_bytes = std::max(std::min<std::size_t>(3, n), n - std::min<std::size_t>(2, n));
    const std::string head = prefix + stem.substr(0, head_bytes);
    std::vector<std::string> forms;
    std::size_t scanned = 0;
    for (auto it = stats.db().allterms_begin(head); it != stats.db().allterms_end(head); ++it) {
        if (++scanned > max_scanned || forms.size() == max_forms) break;
        std::string term = *it;
        if (keep(term)) forms.push_back(std::move(term));
    }
    return forms;
}

// The index's positional terms (prefix + word) for a compound part: its
// inflections and the compounds it begins ("verrijking": verrijkt,
// verrijkingen, verrijkingsgraad), words whose stem starts with the part's
// stem that split there; not another word that merely starts so ("minister":
// not "ministerie", which made "ministerraad" find "ministerie ...
// raadpleging" as its parts). Stems (Z terms) carry no positions, so a
// proximity query needs the words themselves.
std::vector<std::string> part_forms(const std::string& part, const std::string& prefix, const Analyser& analyser,
                                    TermStats& stats) {
    constexpr std::size_t max_part_forms = 50;
    const std::string stem = analyser.part_stem(part);
    std::vector<std::string> forms =
        terms_near_stem(stem, prefix, max_part_forms, stats, [&](const std::string& term) {
            const std::string word = term.substr(prefix.size());
            const std::string word_stem = analyser.stem(word);
            if (word_stem.compare(0, stem.size(), stem) != 0) return false;
            if (word_stem.size() == stem.size()) return true;
            const std::vector<std::string> split = analyser.compound_split(word);
            if (split.size() >= 2) return analyser.stem(split.front()) == stem;
            // Or what follows the part (a linking s, e or en aside) is a
            // word of the index: "uraniumgas", whose "gas" is too short
            // for the splitter.
            for (const std::string& head : {part, stem}) {
                if (!word.starts_with(head)) continue;
                const std::string rest = word.substr(head.size());
                for (const std::string_view link : {"", "s", "e", "en"})
                    if (rest.size() >= link.size() + 3 && rest.starts_with(link) &&
                        stats.exists(prefix + rest.substr(link.size())))
                        return true;
            }
            return false;
        });
    const std::string exact = prefix + part;
    if (std::find(forms.begin(), forms.end(), exact) == forms.end() && stats.exists(exact)) forms.push_back(exact);
    return forms;
}

// `q`, or also documents with a compound's parts written apart: near each
// other, in either order ("verlichting van de sancties" for
// "sanctieverlichting"), at compound_parts_weight, and anywhere at
// compound_parts_anywhere_weight (both when both).
//
// `combined`: the word is ANDed with other words or a filter. Xapian
// 1.4.22's matcher then check()s the word's OR, and when the NEAR in it
// fails its position test there, the OR takes the NEAR to be at the next
// document too and adds its weight ("date:2018..2018 topontmoeting": 7 of
// 10 hits scored wrong, an article worth 2.39 scored 4.31). So the NEAR
// in the OR only matches (at weight 0), and its weight comes from a second
// NEAR beside the OR (AND_MAYBE), which the matcher walks with skip_to():
// every score right (each document's score the sum of its words' scores,
// every judged query and tier, the news and the bench corpus), at 1.3-1.7x
// the time of a compound-word query ("tekstdocument opslaan" 8.1 ->
// 10.1 ms on the bench corpus). A word alone is an OR that is not
// check()ed, and keeps the one NEAR.
//
// `abbreviation`: the first part is an abbreviation ("eu" of "EU-sancties"),
// near the other as itself only: the words whose stem begins as its does
// are others ("europa", "euiyong").
Xapian::Query or_parts_apart(const Xapian::Query& q, const std::vector<std::string>& parts, const std::string& prefix,
                             const Analyser& analyser, TermStats& stats, bool combined, bool abbreviation = false) {
    if (parts.size() < 2) return q;
    std::vector<Xapian::Query> anywhere;
    for (const auto& part : parts) anywhere.push_back(stem_query(part, prefix, analyser, stats));
    std::vector<Xapian::Query> alternatives = {
        q, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(Xapian::Query::OP_AND, anywhere.begin(), anywhere.end()),
                         compound_parts_anywhere_weight)};
    std::vector<Xapian::Query> near;
    for (const auto& part : parts) {
        std::vector<std::string> forms;
        if (abbreviation && &part == &parts.front()) {
            if (stats.exists(prefix + part)) forms.push_back(prefix + part);
        } else {
            forms = part_forms(part, prefix, analyser, stats);
        }
        if (forms.empty()) break;  // a part the index has in no word form
        near.emplace_back(Xapian::Query::OP_OR, forms.begin(), forms.end());
    }
    if (near.size() < parts.size())  // a part the index has in no word form
        return Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
    const Xapian::Query near_parts(Xapian::Query::OP_NEAR, near.begin(), near.end(), compound_parts_window);
    const Xapian::Query weighed(Xapian::Query::OP_SCALE_WEIGHT, near_parts, compound_parts_weight);
    if (!combined) {
        alternatives.push_back(weighed);
        return Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
    }
    alternatives.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, near_parts, 0.0);
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE,
                         Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end()), weighed);
}

// The index's words (positional terms, unprefixed) that are a form of
// `word` in `lang` (a member's language; empty: the index's own): those
// with the same stem as it in that language ("oefening", "oefeningen";
// "exercise", "exercises"; not "ver" for "verlies", whose English stem
// "ver" is) and the word itself; looked up near its stem (terms_near_stem).
// With `prefix` ("S", a title word), the prefixed terms.
std::vector<std::string> same_stem_forms(const std::string& word, const std::string& lang, const Analyser& analyser,
                                         TermStats& stats, const std::string& prefix = "") {
    constexpr std::size_t max_forms = 20;
    const Analyser& in = lang.empty() ? analyser : analyser.for_language(lang);
    const std::string stem = in.stem(word);
    const std::string exact = prefix + word;
    const bool exists = stats.exists(exact);
    std::vector<std::string> forms =
        terms_near_stem(stem, prefix, max_forms - (exists ? 1 : 0), stats, [&](const std::string& term) {
            return term != exact && in.stem(term.substr(prefix.size())) == stem;
        });
    if (exists) forms.insert(forms.begin(), exact);
    return forms;
}

// A synonym group member ("verenigde staten", "vs"): one word in any form,
// several as a phrase (or written as one word, as "noordkorea"). A phrase
// matches its words in any form ("militaire oefening" for "militaire
// oefeningen", "nuclear weapon" for "nuclear weapons"); stopwords in it
// ("staten van amerika") only as written.
Xapian::Query member_query(const Words& m, const Analyser& analyser, TermStats& stats) {
    if (m.parts.size() == 1) return stem_query(m.parts[0], "", analyser, stats, false);
    std::vector<Xapian::Query> each;
    for (const auto& part : m.parts) {
        std::vector<std::string> forms;
        if (!is_any_stopword(part, analyser)) forms = same_stem_forms(part, m.lang, analyser, stats);
        if (forms.empty()) forms.push_back(part);
        each.emplace_back(Xapian::Query::OP_OR, forms.begin(), forms.end());
    }
    Xapian::Query phrase(Xapian::Query::OP_PHRASE, each.begin(), each.end());
    std::string joined;
    for (const auto& p : m.parts) joined += p;
    return Xapian::Query(Xapian::Query::OP_OR, phrase, Xapian::Query(joined));
}

// The terms that show a document matched a member, for QueryWord.
std::vector<std::set<std::string>> member_parts(const Words& m, const std::string& prefix,
                                                const std::map<std::string, std::string>& text_prefixes,
                                                const Analyser& analyser) {
    std::vector<std::set<std::string>> parts;
    for (const auto& word : m.parts) {
        std::set<std::string> forms = {prefix + word};
        if (m.parts.size() == 1 && !is_any_stopword(word, analyser))
            for (auto& t : stem_terms(word, prefix, analyser)) forms.insert(t);
        if (prefix.empty())  // title words also count (S terms) for a plain word
            for (const auto& [name, pre] : text_prefixes) {
                forms.insert(pre + word);
                if (m.parts.size() == 1)
                    for (auto& t : stem_terms(word, pre, analyser)) forms.insert(t);
            }
        parts.push_back(std::move(forms));
    }
    return parts;
}

// A synonym group, its members analysed.
struct SynonymGroup {
    std::string line;  // as written: "VS = Verenigde Staten = Amerika"
    std::vector<Words> members;
    std::vector<Words> related;  // "~Amerikaans": found by the members, at related_weight
};

// Whether the words typed are member m, as written or in other forms: each
// word the same stem as the member's (in the member's language), stopwords
// as written. The stems are compared only for words that begin alike, so
// that a query stems no member it cannot be a form of.
bool spells_member(const Words& m, const std::vector<std::string>& typed, const Analyser& analyser) {
    if (m.parts == typed) return true;
    if (m.parts.size() != typed.size()) return false;
    const Analyser& in = m.lang.empty() ? analyser : analyser.for_language(m.lang);
    for (std::size_t i = 0; i < typed.size(); ++i) {
        const std::string& member = m.parts[i];
        const std::string& word = typed[i];
        if (member == word) continue;
        if (member.compare(0, 2, word, 0, 2) != 0 || is_any_stopword(member, analyser) ||
            is_any_stopword(word, analyser) || in.stem(member) != in.stem(word))
            return false;
    }
    return true;
}

// The other language of the members of `g` that the typed words spell,
// when each of them is in it ("denuclearisation", "NPT": "en"), else "":
// such a word brings its language's other members ("denuclearization",
// "Non-Proliferation Treaty"), as a query in that language would.
std::string typed_language(const SynonymGroup& g, const std::vector<std::string>& typed, const Analyser& analyser) {
    std::string lang;
    for (const Words& m : g.members) {
        if (!spells_member(m, typed, analyser)) continue;
        if (m.lang.empty() || (!lang.empty() && lang != m.lang)) return {};
        lang = m.lang;
    }
    return lang;
}

// The schema's synonym groups, analysed, with the lookups a query makes
// in them.
struct Synonyms {
    using Members = std::vector<std::pair<const SynonymGroup*, const Words*>>;  // in the groups' order
    std::vector<SynonymGroup> groups;
    std::unordered_map<std::string, Members> by_first;  // the members by their first word
    // The members of several words by their words joined ("noordkorea"),
    // as the index holds "Noord-Korea" and a user may type it.
    std::unordered_map<std::string, Members> by_whole;
    // The members by their number of words and the first two bytes of
    // their first word (head_key), which every form of them shares (spells_member).
    std::unordered_map<std::string, Members> by_head;
    std::set<std::vector<std::string>> related;  // the words of every related member
    std::size_t longest = 1;  // the most words a member has ("Organisatie voor Veiligheid en Samenwerking in Europa": 7)

    Synonyms() = default;
    Synonyms(const Synonyms&) = delete;  // the lookups point into `groups`
    Synonyms& operator=(const Synonyms&) = delete;
    static std::string head_key(const std::vector<std::string>& words) {
        std::string key = std::to_string(words.size()) + ':';
        if (!words.empty()) key.append(words.front(), 0, 2);
        return key;
    }
    void index() {
        by_first.clear();
        by_whole.clear();
        by_head.clear();
        related.clear();
        longest = 1;
        for (const auto& g : groups) {
            for (const auto& m : g.members) {
                by_first[m.parts.front()].emplace_back(&g, &m);
                if (m.parts.size() > 1) {
                    std::string whole;
                    for (const auto& part : m.parts) whole += part;
                    by_whole[whole].emplace_back(&g, &m);
                }
                by_head[head_key(m.parts)].emplace_back(&g, &m);
                longest = std::max(longest, m.parts.size());
            }
            for (const auto& m : g.related) related.insert(m.parts);
        }
    }
};

// The group of which the words typed spell a member in other forms: each
// word a form of the member's (the same stem in the member's language;
// stopwords as written), so that "sanctie" brings the group of "sancties",
// as "sancties" does, and "NOT sanctie" excludes the same articles as "NOT
// sancties". (The caller looks for the member as written first.) Not when
// the words are a related member as written: "Japans" stays a word of its
// own, though it stems as "Japan" does. The first group that has such a
// member; only the members whose first word begins alike are looked at.
const SynonymGroup* group_by_stems(const std::vector<std::string>& typed, const Synonyms& synonyms,
                                   const Analyser& analyser) {
    if (synonyms.related.count(typed)) return nullptr;
    const auto candidates = synonyms.by_head.find(Synonyms::head_key(typed));
    if (candidates == synonyms.by_head.end()) return nullptr;
    for (const auto& [group, member] : candidates->second)
        if (spells_member(*member, typed, analyser)) return group;
    return nullptr;
}

std::vector<SynonymGroup> load_synonyms(const Schema& schema, const Analyser& analyser) {
    std::vector<SynonymGroup> groups;
    for (const auto& group : schema.synonyms) {
        SynonymGroup g;
        for (const auto& member : group) {
            if (!g.line.empty()) g.line += " = ";
            g.line += member;
            SynonymMember m = synonym_member(member);
            Words w = words_of(m.text, analyser);
            w.lang = m.lang;
            if (!w.parts.empty()) (m.related ? g.related : g.members).push_back(std::move(w));
        }
        if (!g.members.empty() && g.members.size() + g.related.size() > 1) groups.push_back(std::move(g));
    }
    return groups;
}

bool same_fields(const std::vector<FieldSpec>& a, const std::vector<FieldSpec>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const FieldSpec& x, const FieldSpec& y) {
        return x.name == y.name && x.kind == y.kind && x.prefix == y.prefix && x.aliases == y.aliases &&
               x.weight == y.weight && x.slot == y.slot;
    });
}

// What building a query takes from the schema and the analysis that is the
// same for every query: made once per schema and analysis, not per query
// (a long-running searcher asks many; the stopper's set of stopwords alone
// was a third of building `menu instellingen`). One per thread.
struct QuerySetup {
    // What it was made from, compared on every query.
    std::vector<FieldSpec> fields;
    std::vector<std::vector<std::string>> stopwords;  // the main language's, then the others'
    std::vector<std::vector<std::string>> synonym_lines;
    std::string analyser;  // Analyser::identity()
    bool made = false;

    // A word that is a stopword in any of the index's languages ("the",
    // "de") is left out, as the indexer gives it no stem. (Not released to
    // the parsers: this keeps it.)
    std::unique_ptr<Xapian::SimpleStopper> stopper;
    Synonyms synonyms;
    std::map<std::string, std::string> fields_taking;  // query_fields()
    std::vector<std::string> date_fields;              // names and aliases
    std::map<std::string, std::string> text_prefixes;  // field name -> term prefix
    std::set<std::string> filter_fields;               // date and boolean fields' names and aliases

    bool made_from(const Schema& schema, const std::string& identity) const {
        if (!made || identity != analyser || !same_fields(fields, schema.fields) ||
            stopwords.size() != schema.analysis.others.size() + 1 || stopwords[0] != schema.analysis.stopwords ||
            synonym_lines != schema.synonyms)
            return false;
        for (std::size_t i = 0; i < schema.analysis.others.size(); ++i)
            if (stopwords[i + 1] != schema.analysis.others[i].stopwords) return false;
        return true;
    }
};

std::map<std::string, std::string> query_fields(const Schema& schema);

const QuerySetup& query_setup(const Schema& schema, const Analyser& analyser) {
    thread_local QuerySetup setup;
    std::string identity = analyser.identity();
    if (setup.made_from(schema, identity)) return setup;
    setup.made = false;
    setup.fields = schema.fields;
    setup.stopwords = {schema.analysis.stopwords};
    for (const AnalysisSpec& other : schema.analysis.others) setup.stopwords.push_back(other.stopwords);
    setup.synonym_lines = schema.synonyms;
    setup.analyser = std::move(identity);

    setup.stopper =
        std::make_unique<Xapian::SimpleStopper>(schema.analysis.stopwords.begin(), schema.analysis.stopwords.end());
    for (const AnalysisSpec& other : schema.analysis.others)
        for (const auto& word : other.stopwords) setup.stopper->add(word);
    setup.synonyms.groups = load_synonyms(schema, analyser);
    setup.synonyms.index();
    setup.fields_taking = query_fields(schema);
    setup.date_fields.clear();
    setup.text_prefixes.clear();
    setup.filter_fields.clear();
    for (const FieldSpec& f : schema.fields) {
        std::vector<std::string> names = f.aliases;
        names.insert(names.begin(), f.name);
        for (const auto& name : names) {
            if (f.kind == FieldKind::text) setup.text_prefixes[name] = f.prefix;
            if (f.kind == FieldKind::date) setup.date_fields.push_back(name);
        }
    }
    // Query words, for highlighting: not field names, nor filter values.
    setup.filter_fields.insert(setup.date_fields.begin(), setup.date_fields.end());
    for (const FieldSpec& f : schema.fields)
        if (f.kind == FieldKind::boolean) {
            setup.filter_fields.insert(f.name);
            setup.filter_fields.insert(f.aliases.begin(), f.aliases.end());
        }
    setup.made = true;
    return setup;
}

// `q`, or also a group's related members (weighted as one term: how rare
// the related word is) at related_weight.
Xapian::Query with_related(const Xapian::Query& q, const std::vector<Xapian::Query>& related) {
    if (related.empty()) return q;
    return Xapian::Query(Xapian::Query::OP_OR, q,
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                       Xapian::Query(Xapian::Query::OP_SYNONYM, related.begin(), related.end()),
                                       related_weight));
}

// at_least[k-1] matches documents with at least k of the words: an OR of
// the ANDs of every k-word combination. For more than 8 words there are
// two entries only: any word, every word.
std::vector<Xapian::Query> at_least_queries(const std::vector<Xapian::Query>& words) {
    const std::size_t n = words.size();
    std::vector<Xapian::Query> out;
    if (n == 0) return out;
    out.push_back(Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end()));
    // Beyond 8 words the combinations explode: only "every word", then "any".
    for (std::size_t k = 2; k < n && n <= 8; ++k) {
        std::vector<Xapian::Query> combos;
        std::vector<bool> pick(n, false);
        std::fill(pick.begin(), pick.begin() + static_cast<std::ptrdiff_t>(k), true);
        do {
            std::vector<Xapian::Query> parts;
            for (std::size_t i = 0; i < n; ++i)
                if (pick[i]) parts.push_back(words[i]);
            combos.emplace_back(Xapian::Query::OP_AND, parts.begin(), parts.end());
        } while (std::prev_permutation(pick.begin(), pick.end()));
        out.emplace_back(Xapian::Query::OP_OR, combos.begin(), combos.end());
    }
    if (n > 1) out.push_back(Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end()));
    return out;
}

void add_stems(BuiltQuery& built, const std::string& word, const Analyser& analyser, bool loose = true) {
    const auto add = [&](const Analyser& in) {
        std::string stem = in.stem(word);
        if (loose) built.loose_stems[in.language()].insert(stem);
        built.stems.insert(std::move(stem));
    };
    add(analyser);
    for (const auto& other : analyser.others()) add(*other);
}

// Takes a stem out of the stems marked wherever they stand, in every language.
void erase_loose_stem(BuiltQuery& built, const std::string& stem) {
    for (auto& [language, stems] : built.loose_stems) stems.erase(stem);
}

// A word of the query for snippets: marked wherever it stands (`loose`), or
// only within a phrase.
void add_query_word(BuiltQuery& built, const std::string& word, const Analyser& analyser, bool loose) {
    built.words.insert(word);
    if (loose) built.loose_words.insert(word);
    if (!is_any_stopword(word, analyser)) add_stems(built, word, analyser, loose);
}

// A synonym member's words, for snippets to mark: one word wherever it
// stands, several as a phrase (and joined, as "noordkorea" is searched).
void add_member_words(BuiltQuery& built, const Words& m, const Analyser& analyser) {
    if (m.parts.size() == 1) return add_query_word(built, m.parts[0], analyser, true);
    for (const auto& part : m.parts) add_query_word(built, part, analyser, false);
    built.phrases.insert(m.parts);
    std::string joined;
    for (const auto& p : m.parts) joined += p;
    built.words.insert(joined);
    built.loose_words.insert(joined);
}

// The hyphenated words of a query that join an abbreviation in capitals
// to a word ("EU-sancties", "VN-resolutie", "G20-top"), folded as the
// parser sees them: compounds, which an article may well write apart ("de
// sancties van de EU"), unlike a name ("Noord-Korea", "Kim Jong-un",
// "VN-Veiligheidsraad") whose parts apart mean something else.
std::set<std::string> abbreviation_compounds(const std::string& typed, const Analyser& analyser) {
    std::set<std::string> out;
    for (std::string unit : units_of(typed)) {
        while (!unit.empty() && (unit[0] == '(' || unit[0] == '+' || unit[0] == '-')) unit.erase(0, 1);
        while (!unit.empty() && unit.back() == ')') unit.pop_back();
        if (const std::size_t colon = unit.find(':'); colon != std::string::npos) unit.erase(0, colon + 1);
        const std::size_t hyphen = unit.find('-');
        if (hyphen == std::string::npos || hyphen < 2 || hyphen > 6 || unit.find('-', hyphen + 1) != std::string::npos)
            continue;
        bool capitals = true, letter = false;
        for (std::size_t i = 0; i < hyphen; ++i) {
            const auto c = static_cast<unsigned char>(unit[i]);
            capitals = capitals && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
            letter = letter || (c >= 'A' && c <= 'Z');
        }
        const std::string_view rest = std::string_view(unit).substr(hyphen + 1);
        const bool word = rest.size() >= 3 && rest[0] >= 'a' && rest[0] <= 'z';
        if (capitals && letter && word) out.insert(analyser.fold_text(unit, true));
    }
    return out;
}

// The every-word / most-words / any-word queries of a plain query. Its
// words are whitespace-separated units; consecutive units that spell a
// member of a synonym group ("verenigde staten") become one word that
// matches any member ("vs", "amerika").
// Whether a unit of a query is "vs", "vs." or "V.S." (a field's value too:
// "title:vs"; with a phrase's quote or a bracket: "\"vs", "vs)").
bool is_vs_unit(std::string_view unit) {
    if (const std::size_t colon = unit.find(':'); colon != std::string_view::npos) unit.remove_prefix(colon + 1);
    while (!unit.empty() && std::string_view("\"(+-").find(unit.front()) != std::string_view::npos)
        unit.remove_prefix(1);
    while (!unit.empty() && (unit.back() == '"' || unit.back() == ')')) unit.remove_suffix(1);
    if (unit.ends_with('.')) unit.remove_suffix(1);
    return unit == "vs" || unit == "v.s";
}

// For each "vs", "vs." or "V.S." of the query as typed, in order (as
// is_vs_unit finds them in the query folded), whether it is "vs" in small
// letters, as an article's "versus" is (analyser.h, Reading).
std::vector<bool> small_vs_typed(std::string_view typed) {
    const auto letter = [&](std::size_t at) {
        const auto c = static_cast<unsigned char>(typed[at]);
        return std::isalnum(c) != 0 || c >= 0x80;
    };
    const auto is = [&](std::size_t at, char c) { return at < typed.size() && (typed[at] | 0x20) == c; };
    std::vector<bool> small;
    for (std::size_t at = 0; at < typed.size(); ++at) {
        if (!is(at, 'v') || (at > 0 && letter(at - 1))) continue;
        const bool points = typed.substr(at + 1, 1) == "." && is(at + 2, 's');  // "V.S."
        const std::size_t end = is(at + 1, 's') ? at + 2 : points ? at + 3 : 0;
        if (end == 0 || (end < typed.size() && letter(end))) continue;
        small.push_back(typed.substr(at, end - at) == "vs");
    }
    return small;
}

// `q`, a query's "vs" (in `prefix`'s field), or the word "versus" that an
// article's "vs" in small letters is; `w` matched by either.
Xapian::Query or_versus(const Xapian::Query& q, QueryWord& w, const std::string& prefix, BuiltQuery& built,
                        const std::map<std::string, std::string>& text_prefixes, const Analyser& analyser,
                        TermStats& stats) {
    const std::string versus(analyser_detail::versus);
    w.alternatives.push_back(member_parts(Words{{versus}, ""}, prefix, text_prefixes, analyser));
    add_query_word(built, versus, analyser, true);
    return Xapian::Query(Xapian::Query::OP_OR, q,
                         with_exact_bonus(stem_query(versus, prefix, analyser, stats), prefix + versus, stats));
}

void build_plain(BuiltQuery& built, Xapian::QueryParser& qp, unsigned flags, const QuerySetup& setup,
                 const Schema& schema, const Analyser& analyser, TermStats& stats,
                 const std::set<std::string>& compounds_typed,
                 const std::vector<bool>& small_vs) {
    const std::set<std::string>& filter_fields = setup.filter_fields;
    const std::map<std::string, std::string>& text_prefixes = setup.text_prefixes;
    struct Unit {
        std::string text;    // folded, as the parser saw it
        std::string prefix;  // a text field's prefix (title:...), else ""
        Words words;
        bool small_vs = false;  // "vs" typed in small letters
        bool amount = false;    // a percentage (is_amount_unit): its Dutch words, and "percent" for English
    };
    std::vector<Unit> units;
    std::string filter_text;
    std::vector<std::string> excluded_filters;  // "taal:en" of -taal:en
    std::set<std::string> filtered_langs;  // lang:en (or taal:en) in the query
    std::set<std::string> excluded_langs;  // -lang:nl
    const FieldSpec* lang_field = schema.field("lang");
    if (lang_field && lang_field->kind != FieldKind::boolean) lang_field = nullptr;
    const auto names_lang = [&](const std::string& field) {
        return lang_field && (field == lang_field->name ||
                              std::count(lang_field->aliases.begin(), lang_field->aliases.end(), field));
    };
    std::size_t vs_seen = 0;
    for (const std::string& unit : plain_units(built.folded, filter_fields)) {
        auto colon = unit.find(':');
        const bool vs = is_vs_unit(unit);
        Unit u{unit, "", {}, vs && vs_seen < small_vs.size() && small_vs[vs_seen]};
        vs_seen += vs ? 1 : 0;
        if (is_excluded_filter(unit, filter_fields)) {
            excluded_filters.push_back(unit.substr(1));
            if (names_lang(unit.substr(1, colon - 1))) excluded_langs.insert(lang_filter_value(unit.substr(colon + 1)));
            continue;
        }
        if (colon != std::string::npos) {
            std::string field = unit.substr(0, colon);
            if (filter_fields.count(field)) {
                filter_text += unit + " ";
                if (names_lang(field)) filtered_langs.insert(lang_filter_value(unit.substr(colon + 1)));
                continue;
            }
            if (auto p = text_prefixes.find(field); p != text_prefixes.end()) {
                u.prefix = p->second;
                u.words = words_of(unit.substr(colon + 1), analyser);
            } else {
                u.words = words_of(unit, analyser);
            }
        } else if (is_amount_unit(unit)) {
            u.amount = true;
            u.words = words_of(unit.substr(0, unit.find(" OR ")), analyser);  // ("7/5 procent"
        } else {
            u.words = words_of(unit, analyser);
        }
        units.push_back(std::move(u));
    }
    // With only languages excluded, the one language they leave, if one
    // ("sancties -taal:nl" with Dutch and English: as "sancties taal:en").
    if (filtered_langs.empty() && !excluded_langs.empty()) {
        std::vector<std::string> left, all{analyser.language()};
        for (const auto& other : analyser.others()) all.push_back(other->language());
        for (const std::string& lang : all)
            if (!excluded_langs.count(analyser.fold_text(lang, false))) left.push_back(analyser.fold_text(lang, false));
        if (left.size() == 1) filtered_langs.insert(left.front());
    }
    // The languages the query keeps to, as one filter (for spelling_correction).
    if (lang_field) {
        std::vector<Xapian::Query> tags;
        for (const std::string& lang : filtered_langs)
            if (stats.db().term_exists(lang_field->prefix + lang)) tags.emplace_back(lang_field->prefix + lang);
        if (!tags.empty()) built.lang_filter = Xapian::Query(Xapian::Query::OP_OR, tags.begin(), tags.end());
    }
    // The language the query reads as: the one other language it keeps to
    // (lang:en), else by where its words occur: a word counts for another
    // language when most articles with it are in that language ("tariffs"
    // -> en; "Yongbyon", found in both, stays nl).
    std::optional<std::string> lang_cache;
    auto query_lang = [&]() -> const std::string& {
        if (lang_cache) return *lang_cache;
        lang_cache = std::string();
        if (!lang_field) return *lang_cache;
        if (filtered_langs.size() == 1)
            for (const auto& other : analyser.others())
                if (analyser.fold_text(other->language(), false) == *filtered_langs.begin())
                    return *lang_cache = other->language();
        for (const auto& other : analyser.others()) {
            const Xapian::Query in_lang(lang_field->prefix + other->language());
            std::size_t votes = 0, known = 0;
            for (const Unit& u : units) {
                if (u.words.parts.size() != 1 || is_any_stopword(u.words.parts[0], analyser)) continue;
                const std::string& term = u.words.parts[0];
                Xapian::doccount all = stats.freq(term);
                if (all == 0) continue;
                ++known;
                Xapian::Enquire e(stats.db());
                e.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(term), in_lang));
                e.set_weighting_scheme(Xapian::BoolWeight());
                // Counted only until more than half of them are found.
                if (2 * e.get_mset(0, 0, all / 2 + 1).get_matches_lower_bound() > all) ++votes;
            }
            if (known > 0 && 2 * votes > known) *lang_cache = other->language();
        }
        return *lang_cache;
    };
    // A word also matched by `apart` (see or_apart, or_parts_apart): another way to match
    // it, and the stems to mark in snippets.
    // (`loose`: those stems are marked wherever they stand, as a compound's
    // parts are; a synonym member's words typed apart are not.)
    auto add_apart = [&](QueryWord& w, const std::vector<std::string>& apart, const std::string& prefix,
                         bool loose = true) {
        if (apart.size() < 2) return;
        std::vector<std::set<std::string>> parts;
        for (const auto& word : apart) {
            parts.push_back(member_parts(Words{{word}, ""}, prefix, text_prefixes, analyser).front());
            add_stems(built, word, analyser, loose);
        }
        w.alternatives.push_back(std::move(parts));
    };
    // (The members of the groups by their first word: a query of many words
    // looks at a few members a word, not at all of them.)
    const Synonyms& synonyms = setup.synonyms;
    // The group and span of units at i that spell one of its members, longest first.
    auto synonym_at = [&](std::size_t i, std::size_t& span) -> const SynonymGroup* {
        for (span = std::min(synonyms.longest, units.size() - i); span >= 1; --span) {
            std::vector<std::string> seq;
            bool plain_units = true;
            for (std::size_t k = i; k < i + span; ++k) {
                plain_units = plain_units && units[k].prefix.empty() && units[k].text.find(':') == std::string::npos &&
                              !units[k].amount;
                seq.insert(seq.end(), units[k].words.parts.begin(), units[k].words.parts.end());
            }
            if (!plain_units || seq.empty()) continue;
            const auto candidates = synonyms.by_first.find(seq.front());
            if (candidates != synonyms.by_first.end())
                for (const auto& [group, member] : candidates->second)
                    if (member->parts == seq) return group;
            if (const SynonymGroup* g = group_by_stems(seq, synonyms, analyser)) return g;
            if (const auto joined = synonyms.by_whole.find(seq.front());
                seq.size() == 1 && joined != synonyms.by_whole.end())
                return joined->second.front().first;
        }
        return nullptr;
    };

    // A "vs" in small letters between two words ("Ajax vs PSV") may mean
    // versus, as in the articles ("Ajax vs PSV eindigde..."): either is a
    // match. Alone, first or last ("vs sancties"), or in capitals ("VS
    // China"), it is the country only.
    const auto versus_too = [&](std::size_t i) { return units[i].small_vs && i > 0 && i + 1 < units.size(); };
    std::vector<Xapian::Query> words;
    const bool combined = units.size() > 1 || !filter_text.empty();  // see or_parts_apart
    // A query of stopwords only ("wij en zij", "ons zij") searches them, as
    // words with no stem, every word first and then the nearest misses, as
    // any plain query: each is its plain term.
    const bool stopwords_only =
        units.size() > 1 && std::all_of(units.begin(), units.end(), [&](const Unit& u) {
            return u.words.parts.size() == 1 && is_any_stopword(u.words.parts[0], analyser);
        });
    for (std::size_t i = 0; i < units.size();) {
        std::size_t span = 0;
        if (const SynonymGroup* g = synonym_at(i, span)) {
            QueryWord w;
            std::vector<Xapian::Query> members;
            for (std::size_t k = i; k < i + span; ++k) w.text += (k > i ? " " : "") + units[k].text;
            const Words typed = words_of(w.text, analyser);
            std::vector<Xapian::Query> related;
            const std::string typed_lang = typed_language(*g, typed.parts, analyser);
            for (const auto* list : {&g->members, &g->related})
                for (const auto& m : *list) {
                    // Another language's member only for a query in that
                    // language or when typed, or one of its language typed:
                    // "sanctions" finds "sancties", not the other way.
                    const bool typed_member = list == &g->members && spells_member(m, typed.parts, analyser);
                    if (!m.lang.empty() && m.lang != query_lang() && m.lang != typed_lang && !typed_member) continue;
                    (list == &g->members ? members : related).push_back(member_query(m, analyser, stats));
                    w.alternatives.push_back(member_parts(m, "", text_prefixes, analyser));
                    add_member_words(built, m, analyser);
                }
            // One term for the weighting (how rare the concept is, however
            // written); beside it, what the typed words alone would match
            // (a compound's parts apart, several words anywhere, at their
            // own weight) and the exact word weighted up. (OP_SYNONYM
            // ignores the weights inside it.)
            Xapian::Query q = with_related(Xapian::Query(Xapian::Query::OP_SYNONYM, members.begin(), members.end()),
                                           related);
            std::vector<std::string> typed_words;
            for (const auto& part : typed.parts)
                if (!is_any_stopword(part, analyser)) typed_words.push_back(part);
            // Typed apart, a member's words are marked together (a member),
            // or each as typed, not in every form: "Verenigde Staten" is
            // not "staat" in "de staat Texas".
            if (typed.parts.size() > 1)
                for (const auto& part : typed.parts) {
                    erase_loose_stem(built, analyser.stem(part));
                    for (const auto& other : analyser.others()) erase_loose_stem(built, other->stem(part));
                }
            if (typed_words.size() == 1) {
                const std::vector<std::string> split = query_split(typed_words[0], "", analyser, stats);
                q = with_exact_bonus(or_parts_apart(q, split, "", analyser, stats, combined), typed_words[0], stats);
                add_apart(w, split, "");
            } else if (span > 1) {  // words typed apart, not "Noord-Korea"
                q = or_apart(q, typed_words, "", analyser, stats);
                add_apart(w, typed_words, "", false);
            }
            if (span == 1 && versus_too(i)) q = or_versus(q, w, "", built, text_prefixes, analyser, stats);
            words.push_back(q);
            built.query_words.push_back(std::move(w));
            built.synonyms_used.push_back(g->line);
            i += span;
            continue;
        }
        const bool versus = versus_too(i);
        const Unit& u = units[i++];
        if (const std::string marked = marked_unit(u.text, built); !marked.empty()) {
            // "één": its accented term, which the index has beside "een"
            // where an article writes it so (a stopword has no stem).
            QueryWord w;
            w.text = marked;
            w.alternatives.push_back({{marked}});
            built.query_words.push_back(std::move(w));
            words.emplace_back(marked);
            continue;
        }
        if (stopwords_only) {
            QueryWord w;
            w.text = u.text;
            w.alternatives.push_back({{u.prefix + u.words.parts[0]}});
            built.query_words.push_back(std::move(w));
            words.emplace_back(u.prefix + u.words.parts[0]);
            continue;
        }
        std::vector<std::string> kept;
        for (const auto& part : u.words.parts)
            if (!is_any_stopword(part, analyser)) kept.push_back(part);
        // A stopword is left out; several in one unit are a phrase, kept
        // ("U.S.": the letters u and s, which the pronoun "us" is not).
        if (kept.empty() && u.words.parts.size() < 2) continue;
        const std::vector<std::string>& marked_parts = kept.empty() ? u.words.parts : kept;
        Xapian::Query q;
        std::vector<std::string> split;
        std::string whole;  // of a hyphenated word
        std::string linked;  // a compound as the index writes it (linked_variant)
        if (u.words.parts.size() == 1) {
            split = query_split(kept[0], u.prefix, analyser, stats);
            q = with_exact_bonus(
                or_parts_apart(stem_query(kept[0], u.prefix, analyser, stats), split, u.prefix, analyser, stats, combined),
                u.prefix + kept[0], stats);
            linked = linked_variant(kept[0], split, u.prefix, analyser, stats);
            if (!linked.empty()) {
                q = Xapian::Query(Xapian::Query::OP_OR, q, stem_query(linked, u.prefix, analyser, stats));
                built.loose_words.insert(linked);
                built.loose_stems[analyser.language()].insert(analyser.stem(linked));
            }
            // A word the index has in no form matches nothing: said once,
            // so that a query of 10,000 unknown words stays cheap.
            if (split.size() < 2 && !stats.exists(u.prefix + kept[0])) {
                bool any = false;
                for (const auto& t : stem_terms(kept[0], u.prefix, analyser)) any = any || stats.exists(t);
                if (!any) q = Xapian::Query::MatchNothing;
            }
        } else {
            // A hyphenated word: the parser's phrase of its parts ("Jong-un"
            // also finds "Jong Un"), or its whole in any form, which the
            // index has for each hyphenated word as for a word written
            // joined ("e-mail" finds "email", "oud-minister"
            // "oud-ministers", "Noord-Koreaanse" "Noordkoreaanse"). Not
            // both: an article with the phrase weighs as before.
            q = qp.parse_query(u.text, flags);
            if (q.empty()) continue;
            const std::string bare = u.text.substr(u.prefix.empty() ? 0 : u.text.find(':') + 1);
            whole = u.amount ? std::string() : hyphenated_whole(bare, analyser);
            if (!whole.empty()) {
                const Xapian::Query joined = stem_query(whole, u.prefix, analyser, stats);
                q = Xapian::Query(Xapian::Query::OP_OR, q, Xapian::Query(Xapian::Query::OP_AND_NOT, joined, q));
            }
            // "EU-sancties" is a compound: its parts apart count too, as
            // those of "sanctieverlichting" do (or_parts_apart).
            if (compounds_typed.count(bare) && kept.size() == 2) {
                split = kept;
                q = or_parts_apart(q, split, u.prefix, analyser, stats, combined, true);
            }
        }
        QueryWord w;
        const auto typed = built.typed_units.find(u.text);
        const std::string& shown = typed == built.typed_units.end() ? u.text : typed->second;
        w.text = u.prefix.empty() ? shown : shown.substr(shown.find(':') + 1);
        std::string english;  // of a percentage: "7/5 percent")
        if (u.amount) {
            // Named as typed ("7,5%", not the phrases it is read as).
            english = u.text.substr(u.text.find(" OR ") + 4);
            const std::string number = units_of(english).front();  // "7/5
            const auto typed_number = built.typed_units.find(number);
            w.text = (typed_number == built.typed_units.end() ? number : typed_number->second).substr(1) + "%";
        }
        std::vector<std::set<std::string>> parts;
        for (const auto& part : marked_parts) {
            auto forms = member_parts(Words{{part}, ""}, u.prefix, text_prefixes, analyser);
            parts.push_back(forms.front());
        }
        w.alternatives.push_back(std::move(parts));
        if (!whole.empty()) w.alternatives.push_back(member_parts(Words{{whole}, ""}, u.prefix, text_prefixes, analyser));
        if (!english.empty())
            w.alternatives.push_back(member_parts(words_of(english, analyser), "", text_prefixes, analyser));
        if (!linked.empty())
            w.alternatives.push_back(member_parts(Words{{linked}, ""}, u.prefix, text_prefixes, analyser));
        add_apart(w, split, u.prefix);
        if (versus) q = or_versus(q, w, u.prefix, built, text_prefixes, analyser, stats);
        built.query_words.push_back(std::move(w));
        words.push_back(q);
    }
    Xapian::Query filter = filter_text.empty() ? Xapian::Query() : qp.parse_query(filter_text, flags);
    // Each excluded filter parsed alone (the parser takes no "-" before a
    // date range, nor a NOT before one with nothing to exclude it from).
    for (const std::string& excluded : excluded_filters)
        filter = Xapian::Query(Xapian::Query::OP_AND_NOT, filter.empty() ? Xapian::Query::MatchAll : filter,
                               qp.parse_query(excluded, flags));
    built.at_least = at_least_queries(words);
    built.word_queries = words;
    built.filter = filter;
    for (auto& q : built.at_least)
        if (!filter.empty()) q = Xapian::Query(Xapian::Query::OP_FILTER, q, filter);
    if (built.at_least.empty())
        built.plain = false;  // only stopwords or filters
    else
        built.query = built.at_least.back();
}

// Synonyms in a query with operators ("VS AND sancties", "Iran NOT VS"):
// each run of plain words that spells a member of a group is parsed as a
// placeholder word, whose term in the parsed query then becomes the group,
// its members matched as in a plain query. In an exclusion every member
// counts, an English one too ("NOT sancties" also leaves out the English
// articles on "sanctions"); elsewhere an English member only when typed
// or when the query keeps to English articles ("sancties AND lang:en").
// Not for a word beside NEAR or ADJ, which takes its own forms only
// (proximity_forms: positional terms), nor inside a phrase.
struct MarkedSynonyms {
    struct Run {
        const SynonymGroup* group = nullptr;
        Words typed;
        bool versus = false;  // "vs" in small letters between two words: "versus" too (build_plain)
    };
    std::string text;               // the folded query, each run a placeholder
    std::vector<Run> runs;          // runs[i] is placeholder i
    std::map<std::string, std::size_t> leaf_run;  // a placeholder's parsed terms -> its run
    std::set<std::string> langs;    // languages the query names in a lang: filter
};

constexpr std::size_t max_marked_synonyms = 26;

std::string placeholder(std::size_t i) { return std::string("qqsynq") + static_cast<char>('a' + i); }

MarkedSynonyms mark_synonyms(const std::string& folded, const Synonyms& synonyms, const Analyser& analyser,
                             const std::vector<bool>& small_vs, const std::set<std::string>& filter_fields) {
    struct Piece {
        std::string lead, word, trail;  // "(" "+" "-" before a word, ")" after it
        bool plain = false;
        std::vector<std::string> parts;  // the word's analysed parts, when plain
        bool small_vs = false;           // "vs" typed in small letters
    };
    auto quotes_in = [](const std::string& unit) {
        return static_cast<std::size_t>(std::count(unit.begin(), unit.end(), '"'));
    };
    MarkedSynonyms out;
    if (folded.find(placeholder(0).substr(0, 6)) != std::string::npos) return {};  // typed: leave the query be
    std::vector<Piece> pieces;
    bool in_phrase = false;
    bool after_proximity = false;
    std::size_t vs_seen = 0;
    for (const std::string& unit : units_of(folded)) {
        // NEAR and ADJ take the words beside them in their forms, not their groups.
        const bool proximity = is_proximity_operator(unit);
        if (proximity && !pieces.empty()) pieces.back().plain = false;
        Piece p;
        const std::size_t quotes = quotes_in(unit);
        std::size_t b = 0, e = unit.size();
        while (b < e && (unit[b] == '(' || unit[b] == '+' || unit[b] == '-')) ++b;
        while (e > b && unit[e - 1] == ')') --e;
        p.lead = unit.substr(0, b);
        p.word = unit.substr(b, e - b);
        p.trail = unit.substr(e);
        p.plain = !in_phrase && !after_proximity && quotes == 0 && !p.word.empty() && !is_operator(p.word) &&
                  p.word.find_first_of("\"()*:") == std::string::npos;
        if (p.plain) p.parts = words_of(p.word, analyser).parts;
        if (is_vs_unit(unit)) {
            p.small_vs = vs_seen < small_vs.size() && small_vs[vs_seen];
            ++vs_seen;
        }
        after_proximity = proximity;
        if (quotes % 2) in_phrase = !in_phrase;
        pieces.push_back(std::move(p));
    }
    std::string text;
    bool any = false;
    for (std::size_t i = 0; i < pieces.size();) {
        const SynonymGroup* found = nullptr;
        std::size_t span = std::min(synonyms.longest, pieces.size() - i);
        Words typed;
        for (; span >= 1 && !found && out.runs.size() < max_marked_synonyms; --span) {
            typed = Words{};
            bool ok = true;
            for (std::size_t k = i; k < i + span && ok; ++k) {
                ok = pieces[k].plain && (k == i || pieces[k].lead.empty()) &&
                     (k == i + span - 1 || pieces[k].trail.empty());
                if (ok) typed.parts.insert(typed.parts.end(), pieces[k].parts.begin(), pieces[k].parts.end());
            }
            if (!ok || typed.parts.empty()) continue;
            if (const auto candidates = synonyms.by_first.find(typed.parts.front());
                candidates != synonyms.by_first.end())
                for (const auto& [group, member] : candidates->second)
                    if (member->parts == typed.parts) {
                        found = group;
                        break;
                    }
            if (!found) found = group_by_stems(typed.parts, synonyms, analyser);
            if (found) break;
        }
        if (!text.empty()) text += ' ';
        if (!found) {
            text += pieces[i].lead + pieces[i].word + pieces[i].trail;
            ++i;
            continue;
        }
        const std::size_t n = out.runs.size();
        const std::string name = placeholder(n);
        text += pieces[i].lead + name + pieces[i + span - 1].trail;
        // Between two words, an AND between them as good as none ("Ajax AND vs AND PSV").
        const auto word_at = [&](std::size_t k, int step) {
            for (; k < pieces.size() && pieces[k].lead.empty() && pieces[k].trail.empty() && pieces[k].word == "AND";
                 k += step) {
            }
            return k < pieces.size() && !pieces[k].word.empty() && !is_operator(pieces[k].word) &&
                   filter_of(pieces[k].word, filter_fields).empty();
        };
        const bool versus = span == 1 && pieces[i].small_vs && word_at(i - 1, -1) && word_at(i + 1, 1);
        out.runs.push_back({found, std::move(typed), versus});
        out.leaf_run[name] = n;
        for (auto& t : stem_terms(name, "", analyser)) out.leaf_run[t] = n;
        any = true;
        i += span;
    }
    if (!any) return {};
    out.text = std::move(text);
    return out;
}

// An operator that only combines its subqueries (no window, factor or
// range): a query of it can be rebuilt from rebuilt subqueries.
bool boolean_combination(Xapian::Query::op op) {
    switch (op) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
        return true;
    default:
        return false;
    }
}

// `q` with each placeholder term replaced by its synonym group.
// `included` gets the runs met outside an exclusion (NOT, `-`).
Xapian::Query substitute_synonyms(const Xapian::Query& q, const MarkedSynonyms& marked, const Analyser& analyser,
                                  TermStats& stats, std::set<std::size_t>& included, bool excluded = false) {
    const Xapian::Query::op op = q.get_type();
    if (op == Xapian::Query::LEAF_TERM) {
        auto term = q.get_terms_begin();
        if (term == q.get_terms_end()) return q;
        auto run = marked.leaf_run.find(*term);
        if (run == marked.leaf_run.end()) return q;
        const MarkedSynonyms::Run& r = marked.runs[run->second];
        if (!excluded) included.insert(run->second);
        std::vector<Xapian::Query> members, related;
        const std::string typed_lang = typed_language(*r.group, r.typed.parts, analyser);
        const auto in_query_lang = [&](const Words& m) {
            return m.lang.empty() || m.lang == typed_lang || marked.langs.count(m.lang) > 0;
        };
        for (const Words& m : r.group->members)
            if (excluded || in_query_lang(m) || spells_member(m, r.typed.parts, analyser))
                members.push_back(member_query(m, analyser, stats));
        // Not in an exclusion: "Iran NOT VS" keeps the articles that only
        // say "Amerikaanse".
        for (const Words& m : r.group->related)
            if (!excluded && in_query_lang(m))
                related.push_back(member_query(m, analyser, stats));
        Xapian::Query group =
            with_related(Xapian::Query(Xapian::Query::OP_SYNONYM, members.begin(), members.end()), related);
        // Excluded, a "vs" is the country only ("Ajax NOT vs").
        if (!r.versus || excluded) return group;
        const std::string versus(analyser_detail::versus);
        return Xapian::Query(Xapian::Query::OP_OR, group,
                             with_exact_bonus(stem_query(versus, "", analyser, stats), versus, stats));
    }
    if (!boolean_combination(op)) return q;  // a phrase, a range, a weighted or wildcard query: as parsed
    bool marked_inside = false;
    for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end() && !marked_inside; ++t)
        marked_inside = marked.leaf_run.count(*t) > 0;
    if (!marked_inside) return q;
    std::vector<Xapian::Query> subs;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        subs.push_back(substitute_synonyms(q.get_subquery(i), marked, analyser, stats, included,
                                           excluded || (op == Xapian::Query::OP_AND_NOT && i > 0)));
    return Xapian::Query(op, subs.begin(), subs.end());
}

// The most words a wildcard ("instel*") expands to: its most frequent;
// of a query with several (each time one is written), each its share of
// max_wildcard_words, but at least min_wildcard_terms. (Time and memory
// grow with the words: on the bench corpus `a*` took 0.08 s and 26 MB,
// 100 wildcards of 1000 words each 7.6 s and 1.3 GB.)
constexpr std::size_t max_wildcard_terms = 1000;
constexpr std::size_t max_wildcard_words = 3000;
constexpr std::size_t min_wildcard_terms = 30;

std::size_t wildcard_limit(std::size_t wildcards) {
    if (wildcards == 0) return max_wildcard_terms;
    return std::clamp(max_wildcard_words / wildcards, min_wildcard_terms, max_wildcard_terms);
}

// The index's terms that start with `head`: the max_wildcard_terms most
// frequent (of equal frequency the first), found in one pass over them
// that keeps only those. Xapian's own WILDCARD_LIMIT_MOST_FREQUENT opens a
// posting list for every term it matches before keeping the most frequent
// ("uniek*" with 1.5M such words: 885 MB).
// Of a wildcard inside a word, only the terms that match one of
// `patterns` (glob_matches) count.
std::vector<std::string> wildcard_terms(const Xapian::Database& db, const std::string& head, std::size_t limit,
                                        const std::vector<std::string>& patterns) {
    using Entry = std::pair<Xapian::doccount, std::string>;
    // The heap's top is the entry to drop first: the least frequent, the last in order.
    const auto keeps_before = [](const Entry& a, const Entry& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    };
    std::vector<Entry> kept;
    for (auto t = db.allterms_begin(head); t != db.allterms_end(head); ++t) {
        if (!patterns.empty() && std::none_of(patterns.begin(), patterns.end(),
                                              [&](const std::string& p) { return glob_matches(p, *t); }))
            continue;
        const Xapian::doccount freq = t.get_termfreq();
        if (kept.size() == limit && freq <= kept.front().first) continue;
        kept.emplace_back(freq, *t);
        std::push_heap(kept.begin(), kept.end(), keeps_before);
        if (kept.size() > limit) {
            std::pop_heap(kept.begin(), kept.end(), keeps_before);
            kept.pop_back();
        }
    }
    std::vector<std::string> terms;
    for (auto& e : kept) terms.push_back(std::move(e.second));
    return terms;
}

// `q` with each wildcard the parser made (OP_WILDCARD) replaced by the
// synonym of the terms it expands to (wildcard_terms), as the parser's
// wildcards combine them. (Xapian 1.4 names a wildcard's head only in its
// description: "WILDCARD SYNONYM instel".) Each head is looked up once.
// A head inside a field ("Ssanc" of title:sanc*ies) has its patterns
// under the head without the field's prefix (upper-case letters).
Xapian::Query expand_wildcards(const Xapian::Query& q, const Xapian::Database& db, std::size_t limit,
                               const std::map<std::string, std::vector<std::string>>& patterns,
                               std::map<std::string, Xapian::Query>& expanded) {
    const Xapian::Query::op op = q.get_type();
    if (op == Xapian::Query::OP_WILDCARD) {
        const std::string description = q.get_description();  // Query(WILDCARD SYNONYM instel)
        const std::string lead = "Query(WILDCARD SYNONYM ";
        if (description.rfind(lead, 0) != 0 || description.back() != ')') return q;
        const std::string head = description.substr(lead.size(), description.size() - lead.size() - 1);
        auto [it, fresh] = expanded.try_emplace(head);
        if (fresh) {
            const std::size_t prefix = prefix_length(head);
            std::vector<std::string> matching;
            if (auto p = patterns.find(head.substr(prefix)); p != patterns.end())
                for (const std::string& pattern : p->second) matching.push_back(head.substr(0, prefix) + pattern);
            const std::vector<std::string> terms = wildcard_terms(db, head, limit, matching);
            it->second = Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
        }
        return it->second;
    }
    // Leaves, and operators with a parameter this cannot copy (NEAR's window), stay.
    if (!boolean_combination(op) && op != Xapian::Query::OP_SYNONYM) return q;
    std::vector<Xapian::Query> subs;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        subs.push_back(expand_wildcards(q.get_subquery(i), db, limit, patterns, expanded));
    return Xapian::Query(op, subs.begin(), subs.end());
}

// The words beside NEAR and ADJ match in any of their forms, as plain
// words do ("Iran NEAR sanctie" finds "sancties"): each becomes the OR of
// the index's positional terms with its stem (same_stem_forms; stems
// carry no positions). A quoted phrase stays as written. Both are
// OP_PHRASE to Xapian's parser; they differ in the window it gives them:
// n plus the number of words less one for ADJ/n and NEAR/n (ADJ and NEAR
// alone: n = 10), the number of words for a phrase, which ADJ/1 has too.
struct ProximityWords {
    const Analyser& analyser;
    TermStats& stats;
    std::vector<std::string> prefixes;                        // the text fields' term prefixes ("S")
    std::set<std::pair<std::string, std::string>> adjacent;  // the words typed beside ADJ/1
    std::set<std::string> quoted;                             // the words typed quoted alone ("sanctie")
};

// The words beside each ADJ/1 of a query (as join_beside_proximity writes
// it), as the parser's terms: the one case where an ADJ and a phrase get
// the same window.
std::set<std::pair<std::string, std::string>> adjacent_words(const std::string& text, const Analyser& analyser) {
    std::set<std::pair<std::string, std::string>> out;
    if (text.find("ADJ/1") == std::string::npos) return out;
    const std::vector<std::string> units = units_of(text);
    const auto word = [&](std::string u) {
        u.erase(0, std::min(u.find_first_not_of("(+-\""), u.size()));
        while (!u.empty() && (u.back() == ')' || u.back() == '"')) u.pop_back();
        if (const std::size_t colon = u.find(':'); colon != std::string::npos) u.erase(0, colon + 1);
        const std::vector<Token> tokens = analyser.tokenise(u);
        return tokens.empty() ? u : tokens.back().term;  // a hyphenated word's whole comes last
    };
    for (std::size_t i = 1; i + 1 < units.size(); ++i)
        if (units[i] == "ADJ/1") out.emplace(word(units[i - 1]), word(units[i + 1]));
    return out;
}

// The words a query quotes alone ("sanctie"), as the parser's terms: as
// written beside NEAR and ADJ too, as they are anywhere else.
std::set<std::string> quoted_words(const std::string& text, const Analyser& analyser) {
    std::set<std::string> out;
    for (std::string u : units_of(text)) {
        u.erase(0, std::min(u.find_first_not_of("(+-"), u.size()));
        while (!u.empty() && u.back() == ')') u.pop_back();
        if (u.size() < 3 || u.front() != '"' || u.back() != '"') continue;
        const std::vector<Token> tokens = analyser.tokenise(u.substr(1, u.size() - 2));
        if (!tokens.empty()) out.insert(tokens.back().term);  // a hyphenated word's whole comes last
    }
    return out;
}

// The window of a NEAR or PHRASE the parser made (NEAR/3 of two words: 4),
// which Xapian 1.4 shows only in the description ("(iran@1 NEAR 4
// sancties@2)"); 0 when it cannot be read.
Xapian::termcount proximity_window(const Xapian::Query& q) {
    const std::string description = q.get_description();
    const std::string op = q.get_type() == Xapian::Query::OP_NEAR ? " NEAR " : " PHRASE ";
    const std::size_t at = description.find(op);
    if (at == std::string::npos) return 0;
    return static_cast<Xapian::termcount>(std::strtoul(description.c_str() + at + op.size(), nullptr, 10));
}

// A term without its prefix ("Siran": "iran").
std::string unprefixed(const std::string& term) {
    std::size_t b = 0;
    while (b < term.size() && term[b] >= 'A' && term[b] <= 'Z') ++b;
    return term.substr(b);
}

// A leaf term's forms in `lang` (empty: the index's own), prefixed as it
// is; empty for a stopword or a word quoted (as written) or a term of no
// text field.
std::vector<std::string> term_forms(const std::string& term, const std::string& lang, ProximityWords& p) {
    const std::string word = unprefixed(term);
    if (p.quoted.count(word)) return {};
    const std::string prefix = term.substr(0, term.size() - word.size());
    if (!prefix.empty() && std::find(p.prefixes.begin(), p.prefixes.end(), prefix) == p.prefixes.end()) return {};
    if (word.empty() || is_any_stopword(word, p.analyser)) return {};
    return same_stem_forms(word, lang, p.analyser, p.stats, prefix);
}

// `q` with each word of its NEARs and ADJs in any of its forms in `lang`;
// nullopt when it has none to change.
std::optional<Xapian::Query> proximity_forms(const Xapian::Query& q, const std::string& lang, ProximityWords& p) {
    const Xapian::Query::op op = q.get_type();
    if (op == Xapian::Query::OP_NEAR || op == Xapian::Query::OP_PHRASE) {
        const std::size_t n = q.get_num_subqueries();
        std::vector<std::string> terms;
        for (std::size_t i = 0; i < n; ++i) {
            const Xapian::Query sub = q.get_subquery(i);
            if (sub.get_type() != Xapian::Query::LEAF_TERM || sub.get_terms_begin() == sub.get_terms_end())
                return std::nullopt;
            terms.push_back(*sub.get_terms_begin());
        }
        const Xapian::termcount window = proximity_window(q);
        if (window == 0 || n < 2) return std::nullopt;
        bool as_written = false;
        if (op == Xapian::Query::OP_PHRASE && window <= n)  // a quoted phrase, or ADJ/1
            for (std::size_t i = 0; i + 1 < n; ++i)
                if (!p.adjacent.count({unprefixed(terms[i]), unprefixed(terms[i + 1])})) as_written = true;
        std::vector<Xapian::Query> subs;
        bool changed = false;
        for (std::size_t i = 0; i < n; ++i) {
            std::vector<std::string> forms = as_written ? std::vector<std::string>() : term_forms(terms[i], lang, p);
            // An article's "vs" in small letters is indexed as "versus"
            // (analyser.h, Reading); a query's, typed in small letters as
            // queries are, may be either: "Ajax vs PSV" as a phrase too.
            if (const std::string word = unprefixed(terms[i]); word == "vs") {
                if (forms.empty()) forms.push_back(terms[i]);
                forms.push_back(terms[i].substr(0, terms[i].size() - word.size()) + std::string(analyser_detail::versus));
            }
            if (forms.empty() || (forms.size() == 1 && forms[0] == terms[i])) {
                subs.push_back(q.get_subquery(i));
                continue;
            }
            subs.emplace_back(Xapian::Query::OP_OR, forms.begin(), forms.end());
            changed = true;
        }
        if (!changed) return std::nullopt;
        return Xapian::Query(op, subs.begin(), subs.end(), window);
    }
    if (!boolean_combination(op)) return std::nullopt;
    std::vector<Xapian::Query> subs;
    bool changed = false;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
        std::optional<Xapian::Query> sub = proximity_forms(q.get_subquery(i), lang, p);
        changed = changed || sub.has_value();
        subs.push_back(sub ? std::move(*sub) : q.get_subquery(i));
    }
    if (!changed) return std::nullopt;
    return Xapian::Query(op, subs.begin(), subs.end());
}

}  // namespace

std::vector<std::string> matched_words(const BuiltQuery& q, const std::set<std::string>& matching) {
    std::vector<std::string> out;
    for (const QueryWord& w : q.query_words) {
        bool matched = false;
        for (const auto& parts : w.alternatives) {
            bool all_parts = !parts.empty();
            for (const auto& forms : parts) {
                bool any = false;
                for (const auto& f : forms) any = any || matching.count(f);
                all_parts = all_parts && any;
            }
            matched = matched || all_parts;
        }
        if (matched) out.push_back(w.text);
    }
    return out;
}

std::vector<std::string> matched_words_in_text(const BuiltQuery& q, const Schema& schema, const Analyser& analyser,
                                               const std::string& title, std::string_view body, const std::string& lang) {
    // The terms the indexer gave the article, made again the same way.
    Article article;
    article.title = title;
    article.body = std::string(body);
    article.lang = lang;
    const Xapian::Document doc = make_document(article, SourceFile{}, schema, analyser);
    return matched_words(q, std::set<std::string>(doc.termlist_begin(), doc.termlist_end()));
}

// An abbreviation typed with points ("V.S.", "V.N.") that a synonym group
// has ("VS", "VN") is that word, which the index holds for "VS" and "V.S."
// alike, so that the group applies. Any other ("U.S.", whose letters
// joined are the English "us"; "d.w.z.") stays its letters, which the
// parser reads as a phrase, as the article has them (build_plain keeps
// such a phrase of stopwords). Not in a phrase, nor in a field's value.
std::string join_acronyms(const std::string& folded, const Analyser& analyser,
                          const std::vector<SynonymGroup>& groups) {
    const auto in_a_group = [&](const std::string& word) {
        for (const SynonymGroup& g : groups)
            for (const Words& m : g.members)
                if (m.parts.size() == 1 && m.parts[0] == word) return true;
        return false;
    };
    std::string out;
    std::size_t copied = 0;
    std::size_t quotes_to = 0;  // the quotes before here are counted
    bool in_phrase = false;
    for (const Token& t : analyser.tokenise(folded)) {
        const std::string_view span = std::string_view(folded).substr(t.begin, t.end - t.begin);
        if (t.kind != Token::Kind::whole || span.find('.') == std::string_view::npos) continue;  // a hyphenated word's
        for (; quotes_to < t.begin; ++quotes_to) in_phrase ^= folded[quotes_to] == '"';
        if (in_phrase) continue;
        const std::size_t unit = folded.find_last_of(" \t", t.begin);
        if (folded.find(':', unit == std::string::npos ? 0 : unit) < t.begin) continue;  // a field's value
        if (!in_a_group(t.term)) continue;
        out.append(folded, copied, t.begin - copied);
        out += t.term;
        copied = t.end;
    }
    if (copied == 0) return folded;
    out.append(folded, copied, std::string::npos);
    return out;
}

// A stopword typed with the accents that make it another word ("één" the
// number, "vóór") is searched as typed, by the term the indexer adds for it
// (Analyser::marked_stopword): as a phrase of that one word, or inside the
// phrase it is in. Folded, it would be the stopword ("een"), which every
// article has. `typed` is the text that `folded` was folded from.
std::string keep_marked_stopwords(const std::string& typed, const std::string& folded, const Analyser& analyser,
                                  BuiltQuery& built) {
    std::vector<Token> from = analyser.tokenise(typed), to = analyser.tokenise(folded);
    std::erase_if(from, [](const Token& t) { return t.kind == Token::Kind::whole; });
    std::erase_if(to, [](const Token& t) { return t.kind == Token::Kind::whole; });
    if (from.size() != to.size()) return folded;  // not word for word: leave it
    std::string out;
    std::size_t copied = 0, quotes_to = 0;
    bool in_phrase = false;
    for (std::size_t i = 0; i < from.size(); ++i) {
        const std::string marked =
            analyser.marked_stopword(std::string_view(typed).substr(from[i].begin, from[i].end - from[i].begin),
                                     from[i].term);
        if (marked.empty()) continue;
        built.marked_stopwords[from[i].term].insert(marked);
        for (; quotes_to < to[i].begin; ++quotes_to) in_phrase ^= folded[quotes_to] == '"';
        out.append(folded, copied, to[i].begin - copied);
        out += in_phrase ? marked : '"' + marked + '"';
        copied = to[i].end;
    }
    if (copied == 0) return folded;
    out.append(folded, copied, std::string::npos);
    return out;
}

namespace {

// What a field of the query takes, by name ("datum" -> "a date"): the
// fields Xapian's parser is given.
std::map<std::string, std::string> query_fields(const Schema& schema) {
    std::map<std::string, std::string> out;
    for (const FieldSpec& f : schema.fields) {
        const char* what = f.kind == FieldKind::date                         ? "a date"
                           : f.kind == FieldKind::boolean                    ? "a value"
                           : f.kind == FieldKind::text && !f.prefix.empty() ? "a word"
                                                                             : nullptr;
        if (!what) continue;
        out[f.name] = what;
        for (const auto& alias : f.aliases) out[alias] = what;
    }
    return out;
}

// An unknown filter value's note ("bron:oost-azie bulletinn (bron: ...)",
// made of the folded query) with the value as the query typed it
// (`bron:"Oost-Azie Bulletinn"`), where `text` has `name:` with a value
// that folds to it; else as it was.
std::string as_typed(const std::string& note, const std::string& text, const Analyser& analyser) {
    const std::size_t colon = note.find(':');
    if (colon == std::string::npos) return note;
    const std::size_t list = note.find(" (" + note.substr(0, colon) + ": ", colon);
    if (list == std::string::npos) return note;
    const std::string name = note.substr(0, colon + 1), value = note.substr(colon + 1, list - colon - 1);
    for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
        if (at > 0 && !std::isspace(static_cast<unsigned char>(text[at - 1])) && text[at - 1] != '(' &&
            text[at - 1] != '-' && text[at - 1] != '+')
            continue;
        const std::size_t begin = at + name.size();
        std::size_t end = begin;
        if (begin < text.size() && text[begin] == '"') {
            end = text.find('"', begin + 1);
            end = end == std::string::npos ? text.size() : end + 1;
        } else {
            while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) && text[end] != ')') ++end;
        }
        std::string typed = text.substr(begin, end - begin);
        const std::string inner = typed.size() >= 2 && typed.front() == '"' ? typed.substr(1, typed.size() - 2) : typed;
        if (analyser.fold_text(inner, false) == value) return name + typed + note.substr(list);
    }
    return note;
}

// A field's name typed with capitals ("Datum:2019", "Titel:Hanoi", at the
// start of a sentence or by habit) is the field: the date steps below and
// Xapian's parser know only its name as the schema writes it, and had read
// "Datum:2019" as the words "datum 2019" (no article).
// A word field's value that starts with an apostrophe ("titel:'s-Gravenhage")
// loses it: the parser takes no field before one, and searched "titel" as a
// word of the body (the index has the word without it, "s-gravenhage").
std::string lower_field_names(const std::string& text, const std::map<std::string, std::string>& fields) {
    return rewrite_units(text, [&](std::string_view unit, bool in_phrase, std::string& out) {
        const std::size_t b = unit.find_first_not_of("(+-"), colon = unit.find(':');
        if (!in_phrase && b != std::string_view::npos && colon != std::string_view::npos && colon > b) {
            std::string name(unit.substr(b, colon - b));
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (auto field = fields.find(name); field != fields.end()) {
                out.append(unit.substr(0, b));
                out += name;
                std::string_view value = unit.substr(colon + 1);
                if (field->second == "a word")
                    for (const std::string_view apostrophe : {"'", "\u2019", "\u2018"})
                        if (value.starts_with(apostrophe) && value.size() > apostrophe.size()) {
                            value.remove_prefix(apostrophe.size());
                            break;
                        }
                out += ':';
                out.append(value);
                return true;
            }
        }
        out.append(unit);
        return true;
    });
}

// A number with a percent or per mille sign ("3%", "-2,5%") is a phrase
// ("3 procent", or "3 percent"): as two loose words it found "3,67
// procent" and "3 dagen ... 25 procent" above "bijna 3 procent".
std::string signed_numbers_as_phrases(const std::string& text) {
    return rewrite_units(text, [](std::string_view unit, bool in_phrase, std::string& out) {
        std::size_t b = 0, e = unit.size();
        while (b < e && (unit[b] == '(' || unit[b] == '+' || unit[b] == '-')) ++b;
        while (e > b && unit[e - 1] == ')') --e;
        const std::string_view word = unit.substr(b, e - b);
        const std::size_t sign = percent_sign_at(word);
        if (in_phrase || sign == std::string_view::npos) {
            out += unit;
            return true;
        }
        const std::string_view number = word.substr(0, sign);
        // Dutch writes "25 percent" too, and English articles do: both are
        // the amount (not beside + or -, which take one word).
        const bool percent = word.ends_with("%") && (b == 0 || unit[b - 1] == '(');
        out.append(unit.substr(0, b));
        if (percent) out += '(';
        out.append("\"").append(word).append("\"");
        if (percent) out.append(" OR \"").append(number).append(" percent\")");
        out.append(unit.substr(e));
        return true;
    });
}

// A date field's value in quotes, written as a date is in a sentence
// ('datum:"12 maart 2019"', 'datum:"dinsdag 12 maart 2019"', 'datum:"March
// 12, 2019"', 'datum:"maart 2019"', also as a range's bound:
// 'datum:"1 maart 2019".."30 juni 2019"'), is that date as the field takes
// it (datum:2019-03-12): it was "'\"12' is not a date".
std::string unquoted_dates(const std::string& text, const std::vector<std::string>& date_fields) {
    std::string out;
    std::size_t copied = 0;
    for (std::size_t colon = text.find(':'); colon != std::string::npos; colon = text.find(':', colon + 1)) {
        std::size_t b = colon;
        while (b > 0 && is_field_char(text[b - 1])) --b;
        const std::string name = text.substr(b, colon - b);
        if (name.empty() || std::find(date_fields.begin(), date_fields.end(), name) == date_fields.end()) continue;
        if (b > 0 && text[b - 1] != ' ' && text[b - 1] != '(' && text[b - 1] != '-' && text[b - 1] != '+') continue;
        std::string value;
        std::size_t j = colon + 1;
        bool quoted = false;
        while (j < text.size() && text[j] != ' ' && text[j] != '\t' && text[j] != ')') {
            if (text[j] != '"') {
                value += text[j++];
                continue;
            }
            const std::size_t close = text.find('"', j + 1);
            if (close == std::string::npos) break;
            std::string inner = text.substr(j + 1, close - j - 1);
            if (const auto date = normalise_date(inner)) {
                inner = *date;
            } else {
                std::replace(inner.begin(), inner.end(), ' ', '-');
            }
            value += inner;
            quoted = true;
            j = close + 1;
        }
        if (!quoted) continue;
        out.append(text, copied, colon + 1 - copied).append(value);
        copied = colon = j;
        if (colon >= text.size()) break;
    }
    return out.append(text, std::min(copied, text.size()), std::string::npos);
}

// Whether a unit reads as a value of a field that takes `what` (query_fields()):
// a date or a range of dates for a date field ("2019", "mei-2018..2019"),
// any word for the others. (Not an operator: "titel: AND Iran".)
bool reads_as_value(const std::string& what, std::string unit) {
    while (!unit.empty() && unit.back() == ')') unit.pop_back();
    if (unit.empty() || is_operator(unit)) return false;
    if (what != "a date") return true;
    unit = dotted_range(unit);
    const std::size_t dots = unit.find("..");
    if (dots == std::string::npos) return !query_date(unit).date.empty();
    const std::string from = unit.substr(0, dots), to = unit.substr(dots + 2);
    return (!from.empty() || !to.empty()) && (from.empty() || !query_date(from).date.empty()) &&
           (to.empty() || !query_date(to).date.empty());
}

// A field with no value ("datum:", "titel:", "bron:\"\"", or "datum: 2019"
// with a space after the colon) is an error: Xapian's parser would search
// the field's name as a word and find articles that merely say "datum".
// (In a phrase a colon is punctuation.)
void check_field_values(const std::string& text, const std::map<std::string, std::string>& fields) {
    bool in_phrase = false;
    const std::vector<std::string> units = units_of(text);
    for (std::size_t i = 0; i < units.size(); ++i) {
        const std::string& unit = units[i];
        const bool was_in_phrase = in_phrase;
        for (char c : unit)
            if (c == '"') in_phrase = !in_phrase;
        if (was_in_phrase) continue;
        const std::size_t b = unit.find_first_not_of("(+-");
        const std::size_t colon = unit.find(':');
        if (b == std::string::npos || colon == std::string::npos || colon <= b) continue;
        const std::string name = unit.substr(b, colon - b);
        const auto field = fields.find(name);
        if (field == fields.end()) {
            // A field of the shipped schema, its names and aliases, that
            // this index's schema left out: no filter, and no words either
            // ("datum:2019" would find any article with "2019").
            static const std::map<std::string, std::string, std::less<>> shipped = {
                {"date", "date"},     {"datum", "date"},   {"title", "title"}, {"titel", "title"},
                {"source", "source"}, {"bron", "source"},  {"lang", "lang"},   {"taal", "lang"},
                {"language", "lang"}};
            std::string lower = name;
            for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (const auto known = shipped.find(lower); known != shipped.end() && colon + 1 < unit.size())
                throw missing_field(known->second, name + ":");
            continue;
        }
        std::string value = unit.substr(colon + 1);
        while (!value.empty() && value.back() == ')') value.pop_back();
        if (!value.empty() && value != "\"\"" && value != "\"") continue;
        const std::string example = field->second == "a date"  ? "2019-02"
                                    : field->second == "a word" ? "Singapore"
                                    : name == "lang" || name == "taal" || name == "language" ? "nl"
                                                                                          : "Noordzee";
        const bool spaced = value.empty() && unit.back() == ':' && i + 1 < units.size();
        // The word after the space as the value only when it reads as one:
        // "datum: sancties Iran" is no date to move.
        const bool moves = spaced && reads_as_value(field->second, units[i + 1]);
        throw Error(Exit::data_error,
                    "cannot parse the query: " + name + ": has no value (" + field->second + ")" +
                        (spaced ? ": a space follows the colon" : ""),
                    moves    ? "write the value right after the colon: " + name + ":" + printable(units[i + 1])
                    : spaced ? name + ": needs " + field->second + " right after the colon: " + name + ":" + example
                             : "write the value right after the colon: " + name + ":" + example +
                                   " (see knipsel-query --help)");
    }
}

// The fields a query can name, with their aliases, as a warning lists
// them: "title/titel:, source/bron:, lang/taal/language:, date/datum:".
std::string field_list(const Schema& schema, const std::map<std::string, std::string>& fields) {
    std::string out;
    for (const FieldSpec& f : schema.fields) {
        if (!fields.count(f.name)) continue;
        out += (out.empty() ? "" : ", ") + f.name;
        for (const auto& alias : f.aliases) out += "/" + alias;
        out += ':';
    }
    return out;
}

// Whether "name:value" reads as a field the user meant: letters before the
// colon and a word after it. Not a URL ("https://", "mailto:"), a time
// ("10:30"), a number ("1:0"), nor a word that ends a clause ("Trump: nee").
bool reads_as_field(std::string_view name, std::string_view value) {
    static const std::set<std::string, std::less<>> schemes = {"file", "ftp", "http", "https", "mailto", "tel"};
    if (name.empty() || value.empty() || !std::all_of(name.begin(), name.end(), is_field_char)) return false;
    std::string lower(name);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (schemes.count(lower) || value.substr(0, 2) == "//") return false;
    const auto first = static_cast<unsigned char>(value.front());
    return std::isalnum(first) || first == '"' || first >= 0x80;  // (a byte of a UTF-8 letter)
}

// How Xapian's parser searches a name that is no field and its value:
// "auteur:Kim" as a phrase of the two words, "auteur:\"Kim Jong\"" as the
// word and the phrase. `rest` is the query from the value on.
std::string searched_as(const std::string& name, std::string_view rest) {
    if (rest.front() == '"') {
        const std::string_view phrase = rest.substr(0, rest.find('"', 1));  // to the end if left open
        return "the word " + name + " and the phrase " + std::string(phrase) + '"';
    }
    return "the phrase \"" + name + " " + std::string(rest.substr(0, rest.find_first_of(" \t\n)"))) + '"';
}

// A field the index does not have ("auteur:Kim", "url:example",
// "Hanoi:Trump") is no filter to Xapian's parser, only words, which seldom
// find an article: "No results" alone would not say why. Each such name,
// once, with the fields there are, for a warning.
std::vector<std::string> unknown_fields(const std::string& text, const std::map<std::string, std::string>& fields,
                                        const Schema& schema) {
    std::vector<std::string> out;
    std::set<std::string> named;
    bool in_phrase = false;
    std::size_t at = 0;  // where the unit starts in `text`
    for (const std::string& unit : units_of(text)) {
        at = text.find(unit, at);
        const bool was_in_phrase = in_phrase;
        for (char c : unit)
            if (c == '"') in_phrase = !in_phrase;
        const std::size_t b = unit.find_first_not_of("(+-"), colon = unit.find(':');
        if (was_in_phrase || b == std::string::npos || colon == std::string::npos || colon <= b) continue;
        const std::string name = unit.substr(b, colon - b);
        if (fields.count(name) || !reads_as_field(name, unit.substr(colon + 1)) || !named.insert(name).second) continue;
        out.push_back(name + ": is no field of this index (" + field_list(schema, fields) + "); searched as " +
                      searched_as(name, std::string_view(text).substr(at + colon + 1)));
    }
    return out;
}

// Whether a query has a word: a token, or a word too long to be a term,
// which gives none but takes a position (10,000 letters are a word no
// article has, not punctuation): between two words it leaves a gap.
bool has_word(const std::string& text, const Analyser& analyser) {
    if (!analyser.tokenise(text).empty()) return true;
    const std::vector<Token> around = analyser.tokenise("x " + text + " x");
    return around.size() == 2 && around[1].pos > 1;
}

}  // namespace

BuiltQuery build_query(const std::string& text, const Xapian::Database& db, const Schema& schema,
                       const Analyser& analyser, Xapian::Query::op between) {
    const QuerySetup& setup = query_setup(schema, analyser);
    Xapian::QueryParser qp;
    qp.set_database(db);
    qp.set_stemmer(analyser.xapian_stem());
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_stopper(setup.stopper.get());
    qp.set_default_op(Xapian::Query::OP_AND);
    qp.set_max_expansion(1000, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);

    const std::vector<std::string>& date_fields = setup.date_fields;
    const std::map<std::string, std::string>& text_prefixes = setup.text_prefixes;
    std::set<std::string> unknown_filters;  // filled while parsing
    std::string date_hint;                  // set by a date field that refuses its value
    for (const FieldSpec& f : schema.fields) {
        const auto add = [&](const std::string& name) {
            switch (f.kind) {
            case FieldKind::text:
                if (!f.prefix.empty()) qp.add_prefix(name, f.prefix);
                break;
            case FieldKind::boolean: {
                const Analyser* languages = f.name == "lang" ? &analyser : nullptr;
                auto* processor = new BooleanFieldProcessor(db, f.prefix, name, f.slot, languages, unknown_filters);
                qp.add_boolean_prefix(name, processor->release(), &f.name);
                break;
            }
            case FieldKind::date:
                qp.add_rangeprocessor((new DateRangeProcessor(*f.slot, name, date_hint))->release());
                break;
            case FieldKind::id:
            case FieldKind::stored:
                break;
            }
        };
        add(f.name);
        for (const auto& alias : f.aliases) add(alias);
    }

    BuiltQuery built;
    const std::map<std::string, std::string>& fields = setup.fields_taking;
    const std::string quoted =
        unquoted_dates(lower_field_names(balance_brackets(signed_numbers_as_phrases(
                                                              glued_signs(ascii_hyphens(ascii_quotes(text)))),
                                                          built.repairs),
                                         fields),
                       setup.date_fields);
    check_field_values(quoted, fields);
    built.unknown_fields = unknown_fields(quoted, fields, schema);
    built.range_hint = year_range_hint(quoted, schema);
    built.date_hint = date_words_hint(quoted, schema);
    const std::string operators = hate_only_as_not(analyser.language() == "nl" ? dutch_operators(quoted) : quoted);
    const std::string dated =
        expand_single_dates(loose_points(dotted_ranges(operators, date_fields), date_fields), date_fields);
    const std::string unsplit = join_acronyms(keep_marked_stopwords(dated, analyser.fold_text(dated, true), analyser, built),
                                             analyser, setup.synonyms.groups);
    std::map<std::string, std::vector<std::string>> wildcard_patterns;  // "sanc" -> "sanc*ies"
    built.folded = join_wildcard_wholes(split_as_indexed(unsplit), analyser, wildcard_patterns);
    // Punctuation alone ("!!!", "-", "*", "()") is no search: Xapian's
    // parser makes an empty query of it, which said "No results" as if the
    // archive lacked something.
    if (!has_word(built.folded, analyser))
        throw Error(Exit::usage, "the query has no word to search for",
                    "give a word or a number (a wildcard after letters: sanc*; see knipsel-query --help)");
    {
        // "1/5" is "1,5" to the user (matched words, --explain).
        const std::vector<std::string> as_typed = units_of(unsplit), as_parsed = units_of(built.folded);
        for (std::size_t i = 0; i < std::min(as_typed.size(), as_parsed.size()); ++i)
            if (as_typed[i] != as_parsed[i]) built.typed_units.emplace(as_parsed[i], as_typed[i]);
    }
    constexpr unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                               Xapian::QueryParser::FLAG_PURE_NOT;
    std::string parse_text = built.folded;  // with placeholders for synonyms (mark_synonyms)
    auto parse = [&] {
        try {
            qp.set_default_op(between);
            return qp.parse_query(
                join_beside_proximity(not_binds_one(excluded_ranges_as_not(parse_text, date_fields)), analyser), flags);
        } catch (const Xapian::QueryParserError& e) {
            // An operator at either end, or two in a row ("sancties AND"):
            // Xapian says "Syntax: <expression> AND <expression>".
            const std::string& msg = e.get_msg();
            constexpr std::string_view syntax = "Syntax: <expression> ", operand = " <expression>";
            if (msg.starts_with(syntax) && msg.ends_with(operand) && msg.size() > syntax.size() + operand.size()) {
                const std::string op = msg.substr(syntax.size(), msg.size() - syntax.size() - operand.size());
                // NOT may also lead ("NOT Korea sancties"): it needs a word after it.
                if (op == "NOT")
                    throw Error(Exit::data_error, "cannot parse the query: NOT needs a word or phrase after it",
                                "for example: sancties NOT Iran, or NOT Iran sancties");
                throw Error(Exit::data_error,
                            "cannot parse the query: " + op + " needs a word or phrase on each side",
                            "for example: sancties " + op + " Iran");
            }
            if (!date_hint.empty()) throw Error(Exit::data_error, "cannot parse the query: " + msg, date_hint);
            throw Error(Exit::data_error, "cannot parse the query: " + msg,
                        "check quotes, brackets and field:value syntax (see knipsel-query --help)");
        }
    };
    check_proximity_windows(built.folded);
    built.query = parse();
    if (std::string joined = proximity_with_ands(built.folded, built.query, between); !joined.empty()) {
        const std::string as_typed = std::exchange(built.folded, joined);
        parse_text = built.folded;
        try {
            built.query = parse();
        } catch (const Error&) {
            built.folded = parse_text = as_typed;  // the first reading stands
            built.query = parse();
        }
    }
    if (proximity_fell_back(built.folded, built.query)) throw proximity_error(built.folded);
    // Query words, for highlighting: not field names, nor filter values.
    const std::set<std::string>& filter_fields = setup.filter_fields;
    const std::vector<Token> tokens = analyser.tokenise(built.folded);
    std::size_t filter_value_end = 0;  // of a quoted one: source:"Persbureau Noordzee"
    // The words of a quoted phrase, or of one unit joined by '-', '.', '/'
    // ("jong-un", "u.s.", "2/000"), are marked in snippets only together.
    // (Tokens come in order: the quotes before each are counted as they go,
    // so that a query of 10,000 words costs no more than 10,000 steps.)
    std::size_t counted_to = 0, quotes = 0, last_quote = 0;
    const auto group_of = [&](const Token& t) {
        const std::string& f = built.folded;
        for (; counted_to < t.begin; ++counted_to)
            if (f[counted_to] == '"') {
                ++quotes;
                last_quote = counted_to;
            }
        if (quotes % 2 == 1) return "\"" + std::to_string(last_quote);  // inside a phrase
        const std::size_t start = f.find_last_of(" \t\"()", t.begin);
        return std::to_string(start == std::string::npos ? 0 : start + 1);
    };
    std::vector<std::pair<std::string, std::vector<const Token*>>> groups;
    std::size_t query_words = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (t.begin < filter_value_end) continue;
        // A field's name; another word before a colon ("Trump: nee", as
        // pasted) is searched as a word, and marked as one.
        if (t.end < built.folded.size() && built.folded[t.end] == ':' && fields.count(t.term)) continue;
        if (t.begin > 0 && built.folded[t.begin - 1] == ':' && i > 0 && filter_fields.count(tokens[i - 1].term))
            continue;
        if (t.begin > 1 && built.folded[t.begin - 1] == '"' && built.folded[t.begin - 2] == ':' && i > 0 &&
            filter_fields.count(tokens[i - 1].term)) {
            filter_value_end = std::min(built.folded.find('"', t.begin), built.folded.size());
            continue;
        }
        if (in_filter_value(built.folded, t, filter_fields)) continue;  // "2018" of date:..2018
        if (is_operator_token(built.folded, t)) continue;  // "and" is no query word to mark in a snippet
        // A longer query is no search (a pasted article), and its time and
        // memory grow faster than its words (on the bench corpus 1,000
        // words took 9 s, 3,000 50 s and 582 MB).
        if (t.kind != Token::Kind::whole && !is_any_stopword(t.term, analyser) && ++query_words > max_query_words)
            throw Error(Exit::usage,
                        "the query has more than " + std::to_string(max_query_words) + " words (stopwords aside)",
                        "search with the " + std::to_string(max_query_words) + " that matter most");
        std::string group = group_of(t);
        if (groups.empty() || groups.back().first != group)
            groups.emplace_back(std::move(group), std::vector<const Token*>());
        groups.back().second.push_back(&t);
    }
    for (const auto& [group, members] : groups) {
        std::vector<std::string> parts;
        for (const Token* t : members)
            if (t->kind != Token::Kind::whole) parts.push_back(t->term);
        const bool phrase = parts.size() > 1;
        for (const Token* t : members) {
            if (t->kind != Token::Kind::whole) {
                add_query_word(built, t->term, analyser, !phrase);
            } else if (built.folded.find('.', members.front()->begin) >= members.back()->end) {
                add_query_word(built, t->term, analyser, true);  // "jongun" for "jong-un"; not "us" for "u.s."
            }
        }
        if (phrase) built.phrases.insert(std::move(parts));
    }
    collect_wildcards(built.folded, built.wildcard_heads);
    // A wildcard's head ("instel" of "instel*") is marked as the words it
    // begins, not as a word of its own.
    for (const std::string& head : built.wildcard_heads) {
        built.loose_words.erase(head);
        erase_loose_stem(built, analyser.stem(head));
    }
    // A query of stopwords only ("één", "de") keeps them, but stopwords have
    // no stemmed terms in the index: search their plain terms instead.
    if (built.stems.empty() && !built.words.empty()) {
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
        built.query = parse();
    }
    built.plain = is_plain(built.folded, built, setup.filter_fields);
    built.operators = !built.plain && has_operators(built.folded);
    const FieldSpec* lang_field = schema.field("lang");
    if (lang_field && lang_field->kind == FieldKind::boolean) built.lang_prefix = lang_field->prefix;
    TermStats stats(db, built.lang_prefix);
    const std::vector<bool> small_vs = small_vs_typed(text);  // for "versus" too (build_plain)
    if (built.plain)
        build_plain(built, qp, flags, setup, schema, analyser, stats, abbreviation_compounds(quoted, analyser),
                    small_vs);
    MarkedSynonyms marked;
    if (!built.plain) marked = mark_synonyms(built.folded, setup.synonyms, analyser, small_vs, setup.filter_fields);
    // The words beside NEAR and ADJ in any of their forms (proximity_forms).
    // And a quoted phrase's "vs" as "versus" too (proximity_forms).
    const auto quotes_vs = [](const std::string& folded) {
        if (folded.find('"') == std::string::npos) return false;
        const auto letter = [&](std::size_t at) { return std::isalnum(static_cast<unsigned char>(folded[at])) != 0; };
        for (std::size_t at = folded.find("vs"); at != std::string::npos; at = folded.find("vs", at + 2))
            if ((at == 0 || !letter(at - 1)) && (at + 2 == folded.size() || !letter(at + 2))) return true;
        return false;
    };
    const bool proximity = !built.plain && (has_proximity_operator(built.folded) || quotes_vs(built.folded));
    ProximityWords near_words{analyser, stats, {}, {}, {}};
    if (proximity) {
        for (const auto& [name, prefix] : text_prefixes)
            if (!prefix.empty()) near_words.prefixes.push_back(prefix);
        const std::string joined = join_beside_proximity(built.folded, analyser);
        near_words.adjacent = adjacent_words(joined, analyser);
        near_words.quoted = quoted_words(built.folded, analyser);
    }
    std::set<std::size_t> included_runs;  // marked.runs met outside an exclusion
    // The query parsed with the stemmer set, for articles in `lang` (empty:
    // the index's own language).
    auto parse_marked = [&](const std::string& lang) {
        Xapian::Query q = parse();
        if (proximity)
            if (std::optional<Xapian::Query> forms = proximity_forms(q, lang, near_words)) q = std::move(*forms);
        return marked.runs.empty() ? q : substitute_synonyms(q, marked, analyser, stats, included_runs);
    };
    if (!marked.runs.empty()) {
        if (const FieldSpec* lang = schema.field("lang"); lang && lang->kind == FieldKind::boolean)
            for (const auto& other : analyser.others()) {
                const std::string tag = lang->prefix + analyser.fold_text(other->language(), false);
                for (auto t = built.query.get_unique_terms_begin(); t != built.query.get_unique_terms_end(); ++t)
                    if (*t == tag) marked.langs.insert(other->language());
            }
        parse_text = marked.text;
        built.query = parse_marked("");
        std::set<std::string> lines;
        for (std::size_t i = 0; i < marked.runs.size(); ++i) {
            const MarkedSynonyms::Run& run = marked.runs[i];
            if (lines.insert(run.group->line).second) built.synonyms_used.push_back(run.group->line);
            // An excluded group's words are in no hit ("Iran NOT VS" keeps
            // the articles that say "Amerikaanse", but it is no match there).
            if (!included_runs.count(i)) continue;
            for (const auto* list : {&run.group->members, &run.group->related})
                for (const Words& m : *list) add_member_words(built, m, analyser);
            if (run.versus) add_query_word(built, std::string(analyser_detail::versus), analyser, true);
        }
    } else if (proximity) {
        built.query = parse_marked("");
    }
    if (!built.plain && !analyser.others().empty()) {
        // Operators as written, with each other language's stems for the
        // articles analysed in it (an English article has English stems).
        // Each parse is kept to its own language's articles: OR-ed over all
        // of them, "Yongbyon NOT sancties" would let a Dutch article with
        // "sancties" through the English parse, which excludes only the
        // English stem "sancti".
        const FieldSpec* lang = schema.field("lang");
        std::vector<Xapian::Query> tags, per_language;
        for (const auto& other : analyser.others()) {
            qp.set_stemmer(other->xapian_stem());
            Xapian::Query q = parse_marked(other->language());
            if (q.get_description() == built.query.get_description()) continue;
            if (!lang || lang->kind != FieldKind::boolean) {
                built.query = Xapian::Query(Xapian::Query::OP_OR, built.query, q);  // no language terms to keep to
                continue;
            }
            Xapian::Query tag(lang->prefix + analyser.fold_text(other->language(), false));
            tags.push_back(tag);
            per_language.emplace_back(Xapian::Query::OP_FILTER, q, tag);
        }
        if (!tags.empty()) {
            per_language.emplace(per_language.begin(), Xapian::Query::OP_AND_NOT, built.query,
                                 Xapian::Query(Xapian::Query::OP_OR, tags.begin(), tags.end()));
            built.query = Xapian::Query(Xapian::Query::OP_OR, per_language.begin(), per_language.end());
        }
    }
    if (!built.wildcard_heads.empty()) {
        std::map<std::string, Xapian::Query> expanded;
        built.query =
            expand_wildcards(built.query, db, wildcard_limit(built.wildcard_heads.size()), wildcard_patterns, expanded);
        // A wildcard inside a word marks the words it found, not every word its head begins.
        for (const auto& [head, terms] : expanded) {
            const std::size_t prefix = prefix_length(head);
            if (!wildcard_patterns.count(head.substr(prefix))) continue;
            std::erase(built.wildcard_heads, head.substr(prefix));
            for (auto t = terms.get_terms_begin(); t != terms.get_terms_end(); ++t)
                built.loose_words.insert((*t).substr(prefix));
        }
    }
    for (const std::string& unknown : unknown_filters) built.unknown_filters.push_back(as_typed(unknown, quoted, analyser));
    if (!built.plain) unmark_excluded(built, analyser);
    unmark_unsearched_stopwords(built, analyser);
    return built;
}

namespace {

// The edits between two byte strings (Levenshtein's; with `swaps`, two
// letters swapped count as one, as Xapian's spelling suggestion counts
// them: "dael", "deal"), or `limit` + 1 once it must exceed `limit`. Three
// rows, no table: it runs for every term of a range of the term list.
unsigned edit_distance(std::string_view a, std::string_view b, unsigned limit, bool swaps = false) {
    if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
    std::vector<unsigned> before(b.size() + 1), last(b.size() + 1), row(b.size() + 1);  // rows i-2, i-1, i
    for (std::size_t j = 0; j <= b.size(); ++j) last[j] = static_cast<unsigned>(j);
    unsigned last_best = 0;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        unsigned best = row[0] = static_cast<unsigned>(i);
        for (std::size_t j = 1; j <= b.size(); ++j) {
            row[j] = std::min({last[j] + 1, row[j - 1] + 1, last[j - 1] + (a[i - 1] == b[j - 1] ? 0u : 1u)});
            if (swaps && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                row[j] = std::min(row[j], before[j - 2] + 1);
            best = std::min(best, row[j]);
        }
        // A row's cells come from the row before or, swapped, from the one before that plus one.
        if (best > limit && (!swaps || last_best >= limit)) return limit + 1;
        last_best = best;
        std::swap(before, last);
        std::swap(last, row);
    }
    return std::min(last[b.size()], limit + 1);
}

// The index word within max_edits of `word` that shares its first two
// bytes (terms are sorted, so that is one range of the term list): of
// those with the fewest edits the most frequent, as Xapian's spelling
// suggestion does; or, with `most_frequent`, the most frequent of all.
std::string scan_suggestion(const std::string& word, const Xapian::Database& db, unsigned max_edits,
                            bool most_frequent = false) {
    const std::string head = word.substr(0, 2);
    std::string best;
    Xapian::doccount best_freq = 0;
    unsigned best_edits = max_edits + 1;
    for (auto it = db.allterms_begin(head); it != db.allterms_end(head); ++it) {
        const std::string term = *it;
        unsigned edits = edit_distance(word, term, max_edits);
        if (edits > max_edits || edits == 0) continue;
        Xapian::doccount freq = it.get_termfreq();
        if (most_frequent ? freq > best_freq : edits < best_edits || (edits == best_edits && freq > best_freq)) {
            best = term;
            best_freq = freq;
            best_edits = edits;
        }
    }
    return best;
}

// The index word within max_edits of `word` that shares its first byte
// (not two: "dael" is "deal") and that some document `filter` lets through
// has (the query's language filter: "lang:en dael" is "deal", where "dal",
// nearer, is only in Dutch articles): of those with the fewest edits the
// one in the most such documents. Asked only when the spelling suggestion
// has none there.
std::string scan_suggestion_under(const std::string& word, const Xapian::Database& db, unsigned max_edits,
                                  const Xapian::Query& filter) {
    const std::string head = word.substr(0, 1);
    std::string best;
    Xapian::doccount best_docs = 0;
    unsigned best_edits = max_edits + 1;
    for (auto it = db.allterms_begin(head); it != db.allterms_end(head); ++it) {
        const std::string term = *it;
        const unsigned edits = edit_distance(word, term, max_edits);
        if (edits > max_edits || edits == 0 || edits > best_edits) continue;
        Xapian::Enquire enquire(db);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(term), filter));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        const Xapian::doccount docs = enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
        if (docs > 0 && (edits < best_edits || docs > best_docs)) {
            best = term;
            best_docs = docs;
            best_edits = edits;
        }
    }
    return best;
}

// Xapian's spelling suggestion for `word`. Over several local shards each
// is asked on its own, and of their answers the one with the fewest edits,
// then in the most documents, is taken, as one database would answer:
// Xapian 1.4 asked of the shards as one gave another word or none
// ("toehaten" found nothing with 3 shards).
std::string spelling_suggestion(const std::string& word, const Xapian::Database& db,
                                const std::vector<Xapian::Database>& shards, unsigned max_edits) {
    if (shards.size() < 2) return db.get_spelling_suggestion(word, max_edits);
    std::string best;
    unsigned best_edits = max_edits + 1;
    Xapian::doccount best_freq = 0;
    for (const Xapian::Database& shard : shards) {
        const std::string candidate = shard.get_spelling_suggestion(word, max_edits);
        if (candidate.empty() || candidate == best) continue;
        const unsigned edits = edit_distance(word, candidate, max_edits);
        const Xapian::doccount freq = db.get_termfreq(candidate);
        if (edits < best_edits || (edits == best_edits && freq > best_freq)) {
            best = candidate;
            best_edits = edits;
            best_freq = freq;
        }
    }
    return best;
}

// A misspelling some articles share ("yongbion", in `rare_in` of them):
// the word one edit away in ten times as many articles, if there is one
// and it is no stopword ("yongbyon"). Words under 6 letters have too many
// such neighbours. (Xapian suggests nothing for a word in its spelling
// table, so the index's terms are scanned.)
std::string common_neighbour(const std::string& rare, Xapian::doccount rare_in, const Xapian::Database& db,
                             const Analyser& analyser) {
    constexpr std::size_t min_letters = 6;
    constexpr Xapian::doccount ratio = 10;
    if (rare.size() < min_letters) return {};
    std::string common = scan_suggestion(rare, db, 1, true);
    if (common.empty() || db.get_termfreq(common) < ratio * rare_in || is_any_stopword(common, analyser)) return {};
    return common;
}

// A word typed without its space ("kimjongun", "donaldtrump",
// "verenigdestaten"): two words of the index, neither a stopword, that
// spell it together and that some article has side by side; of several
// such splits, the one whose rarer word is in the most articles ("kim
// jongun"). Empty if there is none. (Both anywhere in an article was
// enough: a compound the archive lacks, "raadhuis", became "raad huis",
// found in articles with "naar huis" and "Witte Huis".)
std::string split_suggestion(const std::string& word, const Xapian::Database& db, const Analyser& analyser) {
    constexpr std::size_t min_bytes = 2;   // "vs", "eu"
    constexpr std::size_t max_bytes = 40;  // a longer word is no two words run together
    if (word.size() < 2 * min_bytes || word.size() > max_bytes) return {};
    std::string best;
    Xapian::doccount best_freq = 0;
    for (std::size_t i = min_bytes; i + min_bytes <= word.size(); ++i) {
        if ((static_cast<unsigned char>(word[i]) & 0xC0) == 0x80) continue;  // inside a letter
        const std::string left = word.substr(0, i), right = word.substr(i);
        const Xapian::doccount in_left = db.get_termfreq(left);
        if (in_left <= best_freq || is_any_stopword(left, analyser)) continue;
        const Xapian::doccount in_right = db.get_termfreq(right);
        if (in_right <= best_freq || is_any_stopword(right, analyser)) continue;
        Xapian::Enquire both(db);
        const std::vector<Xapian::Query> words = {Xapian::Query(left, 1, 1), Xapian::Query(right, 1, 2)};
        both.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(), 2));
        both.set_weighting_scheme(Xapian::BoolWeight());
        if (both.get_mset(0, 1).empty()) continue;
        best = left + " " + right;
        best_freq = std::min(in_left, in_right);
    }
    return best;
}

// A hyphenated word no article writes, whose parts some article has
// ("Hanoi-top", "Singapore-top": "de top in Hanoi"): its parts apart, as
// typed ("Hanoi top"), when no article has it joined or its parts side by
// side and some article has every part (in any form); empty otherwise. A
// part that is a stopword or that no article has ("oud-president" in an
// archive that says "oud" nowhere near "president" still finds nothing)
// leaves the word as it is, as does an abbreviation with points ("V.S.").
std::string hyphen_split_suggestion(const std::string& text, const Token& whole, const std::vector<Token>& tokens,
                                    const BuiltQuery& q, const Xapian::Database& db, const Analyser& analyser) {
    const std::string_view span = std::string_view(text).substr(whole.begin, whole.end - whole.begin);
    const auto has = [&](std::string_view hyphen) { return span.find(hyphen) != std::string_view::npos; };
    const bool hyphenated = has("-") || has("\u2010") || has("\u2011");  // also the hyphen and the non-breaking one
    if (!hyphenated || span.find('.') != std::string_view::npos) return {};
    // Not a field's value ("title:Hanoi-top": its parts apart would not
    // both be the field's) nor a word of a phrase, which stays a phrase.
    if (whole.begin > 0 && text[whole.begin - 1] == ':') return {};
    const std::string before = ascii_quotes(text.substr(0, whole.begin));
    if (std::count(before.begin(), before.end(), '"') % 2 == 1) return {};
    std::vector<const Token*> parts;
    for (const Token& t : tokens)
        if (t.kind == Token::Kind::word && t.begin >= whole.begin && t.end <= whole.end) parts.push_back(&t);
    if (parts.size() < 2) return {};
    // The word and its stems, those the index has.
    const auto indexed_forms = [&](const std::string& word) {
        std::vector<std::string> forms;
        if (db.get_termfreq(word) > 0) forms.push_back(word);
        for (auto& z : stem_terms(word, "", analyser))
            if (db.get_termfreq(z) > 0) forms.push_back(std::move(z));
        return forms;
    };
    if (!indexed_forms(whole.term).empty()) return {};
    std::vector<Xapian::Query> each, raw;
    for (const Token* p : parts) {
        if (!q.words.count(p->term) || is_any_stopword(p->term, analyser)) return {};
        const std::vector<std::string> forms = indexed_forms(p->term);
        if (forms.empty()) return {};
        each.emplace_back(Xapian::Query::OP_OR, forms.begin(), forms.end());
        raw.emplace_back(p->term);
    }
    auto any = [&](const Xapian::Query& query) {
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        return !enquire.get_mset(0, 1).empty();
    };
    const auto side_by_side = static_cast<Xapian::termcount>(raw.size());
    if (any(Xapian::Query(Xapian::Query::OP_PHRASE, raw.begin(), raw.end(), side_by_side)) ||
        !any(Xapian::Query(Xapian::Query::OP_AND, each.begin(), each.end())))
        return {};
    std::string apart;
    for (const Token* p : parts) {
        if (!apart.empty()) apart += ' ';
        apart.append(text, p->begin, p->end - p->begin);
    }
    return apart;
}

}  // namespace

namespace {

// A suggestion's words as the articles write them: the index holds them
// folded ("cooperatie", "reunie"), the articles "coöperatie", "reünie".
// Each is read from the first article that has it (one document, and only
// when a suggestion is made); a word no accent was folded from stays.
std::string as_written(const std::string& words, const Xapian::Database& db, const Analyser& analyser) {
    std::string out;
    for (std::size_t at = 0; at <= words.size();) {
        const std::size_t space = std::min(words.find(' ', at), words.size());
        const std::string word = words.substr(at, space - at);
        std::unordered_map<std::string, std::string> form = {{word, ""}};
        if (Xapian::PostingIterator p = db.postlist_begin(word); !word.empty() && p != db.postlist_end(word)) {
            auto data = decode_data(db.get_document(*p).get_data());
            analyser.written_forms(data["title"] + "\n" + data["body"], form);
        }
        out += form[word].empty() ? word : form[word];
        if (space < words.size()) out += ' ';
        at = space + 1;
    }
    return out;
}

// A hyphenated word no article writes, a part of it misspelt, too short
// to be corrected alone ("Jong-oen", "Moon Jae-im", "Ri Yong-hoo"): the
// hyphenated word within `max_edits` of it, joined, that articles write,
// as the first of them writes it ("Jong-un"), with the case of the first
// letter typed; empty when there is none. Only a hyphenated one: "jongoen"
// is one edit from "jongen", but the user typed a name's hyphen. The
// nearest few are read, one article each.
std::string hyphenated_correction(const std::string& text, const Token& whole, const Xapian::Database& db,
                                  const Analyser& analyser, unsigned max_edits) {
    constexpr std::size_t min_letters = 4;
    constexpr std::size_t max_read = 8;
    const std::string_view typed = std::string_view(text).substr(whole.begin, whole.end - whole.begin);
    if (typed.find('-') == std::string_view::npos || typed.find('.') != std::string_view::npos ||
        whole.term.size() < min_letters || db.get_termfreq(whole.term) > 0)
        return {};
    for (const auto& z : stem_terms(whole.term, "", analyser))
        if (db.get_termfreq(z) > 0) return {};
    struct Near {
        unsigned edits;
        Xapian::doccount docs;
        std::string term;
    };
    std::vector<Near> near;
    const std::string head = whole.term.substr(0, 2);
    for (auto it = db.allterms_begin(head); it != db.allterms_end(head); ++it) {
        const std::string term = *it;
        const unsigned edits = edit_distance(whole.term, term, max_edits);
        if (edits > 0 && edits <= max_edits) near.push_back({edits, it.get_termfreq(), term});
    }
    std::sort(near.begin(), near.end(), [](const Near& a, const Near& b) {
        return a.edits != b.edits ? a.edits < b.edits : a.docs != b.docs ? a.docs > b.docs : a.term < b.term;
    });
    for (std::size_t i = 0; i < std::min(near.size(), max_read); ++i) {
        const std::string& term = near[i].term;
        Xapian::PostingIterator p = db.postlist_begin(term);
        if (p == db.postlist_end(term)) continue;
        auto data = decode_data(db.get_document(*p).get_data());
        const std::string article = data["title"] + "\n" + data["body"];
        for (const Token& t : analyser.tokenise(article)) {
            if (t.kind != Token::Kind::whole || t.term != term) continue;
            std::string written = article.substr(t.begin, t.end - t.begin);
            if (written.find('-') == std::string::npos || written.find('.') != std::string::npos) break;
            const auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
            const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
            if (upper(typed[0]) && lower(written[0])) written[0] = static_cast<char>(written[0] - 'a' + 'A');
            if (lower(typed[0]) && upper(written[0])) written[0] = static_cast<char>(written[0] - 'A' + 'a');
            return written;
        }
    }
    return {};
}

// The most articles that have a stem of `word` in the language it is
// searched in there (stem_query): the index's own stem outside the articles
// of a language that stems it otherwise, another language's stem in its
// own articles. A Dutch stem that only English articles have ("deal" of
// "deall", "oil" of "oill") is no word the archive knows: "deall" is a
// misspelling. (Counted only for a word no article or very few write.)
// With a filter (the languages the query keeps to: lang:en), only the
// documents it lets through count: under lang:en "deall" is no word the
// English articles know.
Xapian::doccount searched_stem_docs(const std::string& word, const Xapian::Database& db, const Analyser& analyser,
                                    const std::string& lang_prefix, const Xapian::Query& filter) {
    const auto count = [&](const Xapian::Query& q) {
        Xapian::Enquire enquire(db);
        enquire.set_query(filter.empty() ? q : Xapian::Query(Xapian::Query::OP_FILTER, q, filter));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
    };
    const auto freq = [&](const std::string& term) {
        return filter.empty() || !db.term_exists(term) ? db.get_termfreq(term) : count(Xapian::Query(term));
    };
    const std::string own = "Z" + analyser.stem(word);
    Xapian::doccount most = 0;
    std::vector<Xapian::Query> stemmed_otherwise;  // the tags of the languages with another stem
    for (const auto& other : analyser.others()) {
        const std::string stem = "Z" + other->stem(word);
        if (stem == own) continue;
        if (lang_prefix.empty()) {
            most = std::max(most, freq(stem));
            continue;
        }
        const std::string tag = lang_prefix + analyser.fold_text(other->language(), false);
        stemmed_otherwise.emplace_back(tag);
        if (db.term_exists(stem)) {
            const Xapian::Query in_its_articles(Xapian::Query::OP_FILTER, Xapian::Query(stem), Xapian::Query(tag));
            most = std::max(most, count(in_its_articles));
        }
    }
    if (stemmed_otherwise.empty() || !db.term_exists(own)) return std::max(most, freq(own));
    return std::max(most, count(Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(own),
                                              Xapian::Query(Xapian::Query::OP_OR, stemmed_otherwise.begin(),
                                                            stemmed_otherwise.end()))));
}

// Of corrections as near as `suggestion` (Xapian's: the fewest edits, then
// the word most frequent as written), one whose stem clearly more articles
// have, as the word they write most in that form: "sactie" is one edit from
// "actie" (1 article) and from the stem "sanctie" of "sancties" (11), which
// the articles write, never "sanctie" itself. Only stems with the typed
// word's first letter are looked at (one range of the term list); empty when
// none is better.
std::string more_common_stem(const std::string& word, const std::string& suggestion, const Xapian::Database& db,
                             const Analyser& analyser, unsigned max_edits) {
    constexpr Xapian::doccount clearly_more = 2;  // a near tie keeps Xapian's answer
    const unsigned edits = edit_distance(word, suggestion, max_edits, true);
    if (word.empty() || edits > max_edits || suggestion.find(' ') != std::string::npos) return {};
    const std::string typed_stem = analyser.stem(word), suggested_stem = analyser.stem(suggestion);
    const Xapian::doccount suggested_docs =
        std::max(db.get_termfreq(suggestion), db.get_termfreq("Z" + suggested_stem));
    std::string best;
    Xapian::doccount best_docs = clearly_more * suggested_docs;
    const std::string head = "Z" + word.substr(0, 1);
    for (auto it = db.allterms_begin(head); it != db.allterms_end(head); ++it) {
        const std::string stem = (*it).substr(1);
        if (stem == suggested_stem || stem == typed_stem) continue;
        if (std::min(edit_distance(word, stem, edits, true), edit_distance(typed_stem, stem, edits, true)) > edits)
            continue;
        if (const Xapian::doccount docs = it.get_termfreq(); docs > best_docs) {
            best = stem;
            best_docs = docs;
        }
    }
    if (best.empty()) return {};
    // The word of that stem the most articles write ("sancties").
    std::string written;
    Xapian::doccount written_docs = 0;
    const std::string word_head = best.substr(0, std::min<std::size_t>(2, best.size()));
    for (auto it = db.allterms_begin(word_head); it != db.allterms_end(word_head); ++it) {
        const std::string term = *it;
        if (it.get_termfreq() <= written_docs || is_any_stopword(term, analyser) || analyser.stem(term) != best)
            continue;
        written = term;
        written_docs = it.get_termfreq();
    }
    return written;
}

// Whether the articles write `word` (a term) in small letters: in the
// first article that has it, once or more not capitalised ("bieden"), as
// a name never is ("Yongbyon"). One document, read only when a word typed
// as a name is to be corrected.
bool written_in_small_letters(const std::string& word, const Xapian::Database& db, const Analyser& analyser) {
    Xapian::PostingIterator p = db.postlist_begin(word);
    if (word.empty() || p == db.postlist_end(word)) return false;
    auto data = decode_data(db.get_document(*p).get_data());
    const std::string text = data["title"] + "\n" + data["body"];
    for (const Token& t : analyser.tokenise(text)) {
        if (t.term != word) continue;
        UChar32 c;
        std::int32_t i = 0;
        U8_NEXT(reinterpret_cast<const std::uint8_t*>(text.data() + t.begin), i,
                static_cast<std::int32_t>(t.end - t.begin), c);
        if (c >= 0 && u_islower(c)) return true;
    }
    return false;
}

}  // namespace

std::string spelling_correction(const std::string& text, const BuiltQuery& q, const Xapian::Database& db,
                                const std::vector<Xapian::Database>& shards, const Analyser& analyser, bool scan_terms,
                                Xapian::doccount rare_docs, bool* only_say) {
    constexpr std::size_t min_letters = 4;  // shorter words have too many neighbours
    constexpr unsigned max_edits = 2;
    constexpr Xapian::doccount rare_suggestion_docs = 3;  // a suggestion in so few may be a misspelling itself
    std::string out;
    std::size_t copied = 0;
    bool changed = false;
    const std::vector<Token> tokens = analyser.tokenise(text);
    for (const Token& t : tokens) {
        // A hyphenated word comes after its parts: unless one of them was
        // corrected, the word may be searched apart.
        if (t.kind == Token::Kind::whole) {
            if (rare_docs == 0 && t.begin >= copied)
                if (std::string fixed = hyphen_split_suggestion(text, t, tokens, q, db, analyser);
                    !fixed.empty() || !(fixed = hyphenated_correction(text, t, db, analyser, max_edits)).empty()) {
                    out.append(text, copied, t.begin - copied);
                    out += fixed;
                    copied = t.end;
                    changed = true;
                }
            continue;
        }
        if (!q.words.count(t.term) || t.term.size() < min_letters ||
            is_any_stopword(t.term, analyser) || t.term.find_first_of("0123456789") != std::string::npos)
            continue;
        // A sign's word ("€" is "euro", "%" "procent"; shorter written than
        // the word, unlike any word folded) was not typed: no misspelling
        // ("€ 200" was "Bedoelde u: europa 200").
        if (t.end - t.begin < t.term.size()) continue;
        // A pasted address's words are no misspellings ("https://…" was
        // "Bedoelde u: steps://…", ".../noordzee/..." ".../noord zee/...").
        const std::size_t chunk_begin = text.find_last_of(" \t\n", t.begin) + 1;  // npos + 1 is 0
        const std::string_view chunk =
            std::string_view(text).substr(chunk_begin, text.find_first_of(" \t\n", t.begin) - chunk_begin);
        if (chunk.find("://") != std::string_view::npos || chunk.starts_with("www.")) continue;
        // Nor a wildcard's letters, a pattern ("sanc*" was "Bedoelde u: said*").
        if (chunk.find('*') != std::string_view::npos) continue;
        // Counted in the languages the query keeps to: under lang:en a word
        // only Dutch articles have is unknown.
        const auto under_filter = [&](const std::string& term) {
            if (q.lang_filter.empty() || !db.term_exists(term)) return db.get_termfreq(term);
            Xapian::Enquire enquire(db);
            enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(term), q.lang_filter));
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
        };
        Xapian::doccount docs = under_filter(t.term);
        if (docs <= rare_docs)
            docs = std::max(docs, searched_stem_docs(t.term, db, analyser, q.lang_prefix, q.lang_filter));
        if (rare_docs > 0 ? docs == 0 || docs > rare_docs : docs > 0) continue;
        std::string suggestion;
        if (docs > 0) {
            suggestion = common_neighbour(t.term, docs, db, analyser);
            // Two words run together in a few articles (a hashtag,
            // "#kimjongun") that many more write apart, side by side (a
            // compound's parts are in many articles apart: "huisarts").
            if (suggestion.empty())
                if (std::string split = split_suggestion(t.term, db, analyser); !split.empty()) {
                    const std::size_t space = split.find(' ');
                    const std::vector<Xapian::Query> words = {Xapian::Query(split.substr(0, space), 1, 1),
                                                              Xapian::Query(split.substr(space + 1), 1, 2)};
                    Xapian::Enquire both(db);
                    both.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(), 2));
                    both.set_weighting_scheme(Xapian::BoolWeight());
                    if (both.get_mset(0, docs + 1).size() > docs) suggestion = split;
                }
        } else {
            suggestion = scan_terms ? scan_suggestion(t.term, db, max_edits)
                                    : spelling_suggestion(t.term, db, shards, max_edits);
            if (std::string stem_word = more_common_stem(t.term, suggestion, db, analyser, max_edits);
                !stem_word.empty())
                suggestion = stem_word;
            // One the language filter leaves no hit of ("lang:en dael" ->
            // "dal", in Dutch articles only): the nearest word with some there.
            if (!q.lang_filter.empty() && !suggestion.empty() && under_filter(suggestion) == 0 &&
                searched_stem_docs(suggestion, db, analyser, q.lang_prefix, q.lang_filter) == 0)
                suggestion = scan_suggestion_under(t.term, db, max_edits, q.lang_filter);
            // The nearest word may be a misspelling in a few articles
            // ("yongbiom" -> "yongbion"): what they misspell is meant.
            const Xapian::doccount in = suggestion.empty() ? 0 : db.get_termfreq(suggestion);
            if (in > 0 && in <= rare_suggestion_docs)
                if (std::string common = common_neighbour(suggestion, in, db, analyser); !common.empty())
                    suggestion = common;
            // Two words run together, unless a word one edit away was
            // meant ("Veiligheidraad" is "Veiligheidsraad", not
            // "veiligheid raad").
            if (suggestion.empty() || edit_distance(t.term, suggestion, 1) > 1)
                if (std::string split = split_suggestion(t.term, db, analyser); !split.empty()) suggestion = split;
        }
        // A stopword would be left out of the search ("anti" -> "and").
        if (suggestion.empty() || is_any_stopword(suggestion, analyser)) continue;
        // A short name typed as one ("Biden", "Rutte": a capital, then
        // small letters, 7 at most) that the archive lacks is no
        // misspelling of a word it writes in small letters ("bieden",
        // "rotte"): that is only said, not searched in its place. A longer
        // word is rather a misspelling typed with a capital
        // ("Handelsoorlg"), a name two edits from a word is rare.
        constexpr std::size_t name_letters = 7;
        const unsigned char first = static_cast<unsigned char>(text[t.begin]);
        const bool typed_as_name = first >= 'A' && first <= 'Z' && t.end - t.begin > 1 &&
                                   t.end - t.begin <= name_letters &&
                                   std::islower(static_cast<unsigned char>(text[t.begin + 1]));
        const bool name_to_word = typed_as_name && suggestion.find(' ') == std::string::npos &&
                                  written_in_small_letters(suggestion, db, analyser);
        // A word of the language that no article has ("woning", beside
        // "koning" in many) was meant as typed: a nearer word is only said.
        const bool typed_a_word = docs == 0 && analyser.is_dictionary_word(t.term);
        if ((name_to_word || typed_a_word) && only_say) *only_say = true;
        suggestion = as_written(suggestion, db, analyser);
        // Keep a capital the user typed: "Yongbion" -> "Yongbyon".
        if (!name_to_word && first >= 'A' && first <= 'Z' && suggestion[0] >= 'a' && suggestion[0] <= 'z')
            suggestion[0] = static_cast<char>(suggestion[0] - 'a' + 'A');
        out.append(text, copied, t.begin - copied);
        out += suggestion;
        copied = t.end;
        changed = true;
    }
    if (!changed) return {};
    out.append(text, copied, std::string::npos);
    return out;
}

namespace {

// A date filter's value as --explain says it: "2019" -> "2019-01-01 to
// 2019-12-31", "mei-2018.." -> "from 2018-05-01"; empty if it is no date.
std::string explain_dates(const std::string& typed) {
    const std::string value = dotted_range(typed);
    auto day = [](const std::string& slot) { return slot.substr(0, 4) + "-" + slot.substr(4, 2) + "-" + slot.substr(6, 2); };
    const std::size_t dots = value.find("..");
    const std::string begin = value.substr(0, dots), end = dots == std::string::npos ? value : value.substr(dots + 2);
    const QueryDate lo = query_date(begin), hi = query_date(end);
    if ((!begin.empty() && lo.date.empty()) || (!end.empty() && hi.date.empty()) || (begin.empty() && end.empty()))
        return {};
    if (begin.empty()) return "up to " + day(date_slot_high(hi.date));
    if (end.empty()) return "from " + day(date_slot_low(lo.date));
    return day(date_slot_low(lo.date)) + " to " + day(date_slot_high(hi.date));
}

// The field a token of the query names or belongs to: "titel:Hanoi" has
// the name "titel" and the value "Hanoi" (a phrase "titel:\"Kim Jong-un\""
// too). Outside phrases only: in a phrase a colon is punctuation.
struct FieldAt {
    std::string name, field, what;  // as typed, the schema's name, query_fields()'s "a word", "a date", "a value"
    std::size_t begin = 0, name_end = 0, value_end = 0;
};
std::vector<FieldAt> fields_in(const std::string& text, const Schema& schema) {
    const std::map<std::string, std::string> fields = query_fields(schema);
    std::map<std::string, std::string> canonical;  // "titel" -> "title"
    for (const FieldSpec& f : schema.fields) {
        canonical[f.name] = f.name;
        for (const auto& alias : f.aliases) canonical[alias] = f.name;
    }
    std::vector<FieldAt> out;
    bool in_phrase = false;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '"') {
            in_phrase = !in_phrase;
            ++i;
            continue;
        }
        const bool starts = !in_phrase && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '(' || text[i - 1] == '-' ||
                                           text[i - 1] == '+');
        std::size_t j = i;
        while (j < text.size() && (std::isalpha(static_cast<unsigned char>(text[j])) || text[j] == '_')) ++j;
        if (starts && j > i && j < text.size() && text[j] == ':') {
            std::string name = text.substr(i, j - i);
            std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
            if (auto f = fields.find(name); f != fields.end()) {
                std::size_t end = j + 1;
                if (end < text.size() && text[end] == '"') {
                    const std::size_t close = text.find('"', end + 1);
                    end = close == std::string::npos ? text.size() : close + 1;
                } else {
                    while (end < text.size() && text[end] != ' ' && text[end] != ')') ++end;
                }
                out.push_back({text.substr(i, j - i), canonical[name], f->second, i, j, end});
                i = end;
                continue;
            }
        }
        i = j > i ? j : i + 1;
    }
    return out;
}

}  // namespace

std::vector<std::string> explain_terms(const std::string& typed, const Analyser& analyser, const Schema* schema) {
    // Operators, the Dutch ones too, are no words to explain.
    const std::string text = analyser.language() == "nl" ? dutch_operators(typed) : typed;
    // A field's name is no word either; a filter's value is explained as a
    // whole, a title word as a word "in the title".
    const std::vector<FieldAt> fields = schema ? fields_in(text, *schema) : std::vector<FieldAt>{};
    auto field_of = [&](std::size_t offset) -> const FieldAt* {
        for (const FieldAt& f : fields)
            if (offset >= f.begin && offset < f.value_end) return &f;
        return nullptr;
    };
    std::vector<std::string> lines;
    std::set<const FieldAt*> filters_said;
    const std::vector<Token> tokens = analyser.tokenise(text);
    // "vs" in small letters between two words is "versus" too (build_plain).
    const auto word_beside = [&](std::size_t i, int step) {
        for (i += static_cast<std::size_t>(step); i < tokens.size(); i += static_cast<std::size_t>(step)) {
            if (tokens[i].kind == Token::Kind::whole) continue;
            if (text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin) == "AND") continue;
            const FieldAt* field = field_of(tokens[i].begin);
            if (field && tokens[i].begin < field->name_end) continue;  // "title" of "title:psv"
            return !is_operator_token(text, tokens[i]) && (!field || field->what == "a word");
        }
        return false;
    };
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (is_operator_token(text, t)) continue;
        const FieldAt* field = field_of(t.begin);
        if (field && t.begin < field->name_end) continue;  // "titel" of "titel:Hanoi"
        std::string original = text.substr(t.begin, t.end - t.begin);
        if (field && field->what != "a word") {
            if (!filters_said.insert(field).second) continue;
            const std::string value = text.substr(field->name_end + 1, field->value_end - field->name_end - 1);
            std::string line = field->name + ":" + value + " -> ";
            if (field->what == "a date") {
                const std::string dates = explain_dates(value);
                line += dates.empty() ? "a date filter" : "articles dated " + dates + " (a filter)";
            } else {
                line += "articles whose " + field->field + " is " + value + " (a filter)";
            }
            lines.push_back(std::move(line));
            continue;
        }
        const std::string in_field = field ? " (in the " + field->field + ")" : "";
        if (t.kind == Token::Kind::word)
            if (std::string marked = analyser.marked_stopword(original, t.term); !marked.empty()) {
                lines.push_back(original + " -> " + marked + in_field + " (with its accents: not the stopword " +
                                t.term + ")");
                continue;
            }
        std::string line = original + " -> " + t.term + in_field;
        if (t.kind == Token::Kind::whole) line += " (whole word)";
        if (analyser.is_stopword(t.term))
            line += " (stopword)";
        else
            line += ", stem " + analyser.stem(t.term);
        if (original == "vs" && word_beside(i, -1) && word_beside(i, 1))
            line += "; or " + std::string(analyser_detail::versus) + " (in small letters between two words)";
        lines.push_back(std::move(line));
    }
    return lines;
}

std::string explain_notation(const std::string& description) {
    std::vector<std::string> parts;
    auto has = [&](const std::string& what) { return description.find(what) != std::string::npos; };
    auto has_term = [&](char prefix) {
        // A term begins after "(", " " or "*": "Zsanctie", "(Shanoi".
        for (std::size_t i = 1; i < description.size(); ++i)
            if (description[i] == prefix && (description[i - 1] == '(' || description[i - 1] == ' ') &&
                i + 1 < description.size() && std::islower(static_cast<unsigned char>(description[i + 1])))
                return true;
        return false;
    };
    if (has_term('Z')) parts.push_back("Zword: the word in any form (its stem)");
    if (has("ZS")) parts.push_back("ZSword: in the title, in any form");
    if (has_term('S')) parts.push_back("Sword: in the title, as written");
    if (has(" * ")) parts.push_back("N * x: x weighs N times (0.5 the form as typed, 0.25 a related word, 0 a filter)");
    if (has("FILTER Len")) parts.push_back("FILTER Len: in English articles only");
    if (has("AND_NOT Len")) parts.push_back("AND_NOT Len: in articles not in English");
    if (has("SYNONYM")) parts.push_back("SYNONYM: counted as one word");
    if (has("PHRASE")) parts.push_back("a PHRASE N b: in this order, within N words");
    if (has("NEAR")) parts.push_back("a NEAR N b: within N words, either order");
    if (has("VALUE_RANGE") || has("VALUE_GE") || has("VALUE_LE"))
        parts.push_back("VALUE_RANGE 0 A B: dated A to B (VALUE_GE from, VALUE_LE up to)");
    if (has("XSOURCE")) parts.push_back("XSOURCEname: from that source");
    if (has("(Lnl") || has(" Lnl") || has("(Len")) parts.push_back("Lnl, Len: in that language");
    if (has("AND_NOT XCOPY")) parts.push_back("AND_NOT XCOPY: not the copies of an article saved twice (listed with it)");
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
    return out;
}

}  // namespace knipsel
