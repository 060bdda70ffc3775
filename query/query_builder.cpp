#include "query_builder.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "date.h"
#include "error.h"

namespace knipsel {
namespace {

// date:FROM..TO with YYYY, YYYY-MM or YYYY-MM-DD bounds (either may be
// left out), over the YYYYMMDD value slot.
class DateRangeProcessor : public Xapian::RangeProcessor {
public:
    DateRangeProcessor(Xapian::valueno value_slot, const std::string& field)
        : Xapian::RangeProcessor(value_slot, field + ":"), field_(field) {}

    Xapian::Query operator()(const std::string& begin, const std::string& end) override {
        std::string lo, hi;
        if (!begin.empty()) lo = date_slot_low(bound(begin));
        if (!end.empty()) hi = date_slot_high(bound(end));
        if (lo.empty() && hi.empty()) throw Xapian::QueryParserError(field_ + ": needs at least one date");
        if (hi.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo);
        if (lo.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi);
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi);
    }

private:
    std::string bound(const std::string& text) const {
        auto d = normalise_date(text);
        if (!d)
            throw Xapian::QueryParserError("'" + text + "' in " + field_ +
                                           ": is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)");
        return *d;
    }
    std::string field_;
};

bool is_field_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// "date:2019-02" (one date, no range) means the whole of that period.
std::string expand_single_dates(const std::string& text, const std::vector<std::string>& date_fields) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        bool matched = false;
        if (i == 0 || !is_field_char(text[i - 1])) {
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

void collect_wildcards(const std::string& folded, std::vector<std::string>& heads) {
    for (std::size_t star = folded.find('*'); star != std::string::npos; star = folded.find('*', star + 1)) {
        std::size_t start = star;
        while (start > 0 && !std::isspace(static_cast<unsigned char>(folded[start - 1])) &&
               folded[start - 1] != '(' && folded[start - 1] != '"' && folded[start - 1] != ':')
            --start;
        if (start < star) heads.push_back(folded.substr(start, star - start));
    }
}

// Plain: no phrase, bracket, wildcard, +/- or upper-case operator.
bool is_plain(const std::string& folded) {
    std::istringstream in(folded);
    for (std::string unit; in >> unit;) {
        if (unit == "AND" || unit == "OR" || unit == "NOT" || unit == "XOR" || unit == "NEAR" || unit == "ADJ" ||
            unit.rfind("NEAR/", 0) == 0 || unit.rfind("ADJ/", 0) == 0)
            return false;
        if (unit[0] == '+' || unit[0] == '-') return false;
        if (unit.find_first_of("\"()*\xE2") != std::string::npos) return false;  // quotes, also “ ” „
    }
    return true;
}

// The words of a plain query, each with the terms that match its parts:
// the folded word, its Z stem, and for a field word the prefixed forms.
std::vector<QueryWord> plain_words(const std::string& folded, const std::set<std::string>& filter_fields,
                                   const std::map<std::string, std::string>& text_prefixes,
                                   const Analyser& analyser) {
    std::vector<QueryWord> words;
    std::istringstream in(folded);
    for (std::string unit; in >> unit;) {
        std::string prefix;
        if (auto colon = unit.find(':'); colon != std::string::npos) {
            std::string field = unit.substr(0, colon);
            if (filter_fields.count(field)) continue;  // a filter, not a word
            if (auto p = text_prefixes.find(field); p != text_prefixes.end()) {
                prefix = p->second;
                unit = unit.substr(colon + 1);
            }
        }
        QueryWord w;
        w.text = unit;
        for (const Token& t : analyser.tokenise(unit)) {
            if (t.kind == Token::Kind::whole || analyser.is_stopword(t.term)) continue;
            std::string stem = analyser.stem(t.term);
            std::set<std::string> forms = {prefix + t.term, "Z" + prefix + stem};
            if (prefix.empty())  // title words also count (S terms) for a plain word
                for (const auto& [name, pre] : text_prefixes) forms.insert({pre + t.term, "Z" + pre + stem});
            w.parts.push_back(std::move(forms));
        }
        if (!w.parts.empty()) words.push_back(std::move(w));
    }
    return words;
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

}  // namespace

std::vector<std::string> matched_words(const BuiltQuery& q, const std::set<std::string>& matching) {
    std::vector<std::string> out;
    for (const QueryWord& w : q.query_words) {
        bool all_parts = true;
        for (const auto& forms : w.parts) {
            bool any = false;
            for (const auto& f : forms) any = any || matching.count(f);
            all_parts = all_parts && any;
        }
        if (all_parts) out.push_back(w.text);
    }
    return out;
}

BuiltQuery build_query(const std::string& text, const Xapian::Database& db, const Schema& schema,
                       const Analyser& analyser) {
    Xapian::QueryParser qp;
    qp.set_database(db);
    qp.set_stemmer(analyser.xapian_stem());
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_stopper((new Xapian::SimpleStopper(schema.analysis.stopwords.begin(), schema.analysis.stopwords.end()))
                       ->release());
    qp.set_default_op(Xapian::Query::OP_AND);
    qp.set_max_expansion(1000, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);

    std::vector<std::string> date_fields;
    std::map<std::string, std::string> text_prefixes;  // field name -> term prefix
    for (const FieldSpec& f : schema.fields) {
        std::vector<std::string> names = f.aliases;
        names.insert(names.begin(), f.name);
        for (const auto& name : names) {
            switch (f.kind) {
            case FieldKind::text:
                if (!f.prefix.empty()) qp.add_prefix(name, f.prefix);
                text_prefixes[name] = f.prefix;
                break;
            case FieldKind::boolean:
                qp.add_boolean_prefix(name, f.prefix, &f.name);
                break;
            case FieldKind::date:
                qp.add_rangeprocessor((new DateRangeProcessor(*f.slot, name))->release());
                date_fields.push_back(name);
                break;
            case FieldKind::id:
            case FieldKind::stored:
                break;
            }
        }
    }

    BuiltQuery built;
    built.folded = analyser.fold_text(expand_single_dates(text, date_fields), true);
    constexpr unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                               Xapian::QueryParser::FLAG_PURE_NOT;
    auto parse = [&] {
        try {
            qp.set_default_op(Xapian::Query::OP_AND);
            return qp.parse_query(built.folded, flags);
        } catch (const Xapian::QueryParserError& e) {
            throw Error(Exit::data_error, "cannot parse the query: " + e.get_msg(),
                        "check quotes, brackets and field:value syntax (see knipsel-query --help)");
        }
    };
    built.query = parse();
    // Query words, for highlighting: not field names, nor filter values.
    std::set<std::string> filter_fields(date_fields.begin(), date_fields.end());
    for (const FieldSpec& f : schema.fields)
        if (f.kind == FieldKind::boolean) {
            filter_fields.insert(f.name);
            filter_fields.insert(f.aliases.begin(), f.aliases.end());
        }
    const std::vector<Token> tokens = analyser.tokenise(built.folded);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (t.end < built.folded.size() && built.folded[t.end] == ':') continue;
        if (t.begin > 0 && built.folded[t.begin - 1] == ':' && i > 0 && filter_fields.count(tokens[i - 1].term))
            continue;
        built.words.insert(t.term);
        if (!analyser.is_stopword(t.term)) built.stems.insert(analyser.stem(t.term));
    }
    collect_wildcards(built.folded, built.wildcard_heads);
    // A query of stopwords only ("één", "de") keeps them, but stopwords have
    // no stemmed terms in the index: search their plain terms instead.
    if (built.stems.empty() && !built.words.empty()) {
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
        built.query = parse();
    }
    built.plain = is_plain(built.folded);
    if (built.plain) {
        built.query_words = plain_words(built.folded, filter_fields, text_prefixes, analyser);
        // Each word on its own (a hyphenated word is a phrase of its parts),
        // and the filters, which every tier keeps.
        std::vector<Xapian::Query> words;
        std::string filter_text;
        std::istringstream in(built.folded);
        for (std::string unit; in >> unit;) {
            auto colon = unit.find(':');
            if (colon != std::string::npos && filter_fields.count(unit.substr(0, colon))) {
                filter_text += unit + " ";
                continue;
            }
            Xapian::Query w = qp.parse_query(unit, flags);
            if (w.empty()) continue;
            words.push_back(w);
        }
        Xapian::Query filter = filter_text.empty() ? Xapian::Query() : qp.parse_query(filter_text, flags);
        auto filtered = [&](Xapian::Query q) {
            return filter.empty() ? q : Xapian::Query(Xapian::Query::OP_FILTER, q, filter);
        };
        built.at_least = at_least_queries(words);
        for (auto& q : built.at_least) q = filtered(q);
        if (built.at_least.empty()) built.plain = false;  // only stopwords or filters
    }
    return built;
}

std::vector<std::string> explain_terms(const std::string& text, const Analyser& analyser) {
    std::vector<std::string> lines;
    for (const Token& t : analyser.tokenise(text)) {
        std::string original = text.substr(t.begin, t.end - t.begin);
        std::string line = original + " -> " + t.term;
        if (t.kind == Token::Kind::whole) line += " (whole word)";
        if (analyser.is_stopword(t.term))
            line += " (stopword)";
        else
            line += ", stem " + analyser.stem(t.term);
        lines.push_back(std::move(line));
    }
    return lines;
}

}  // namespace knipsel
