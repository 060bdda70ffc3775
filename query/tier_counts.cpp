#include "tier_counts.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <sstream>

#include "database.h"
#include "index_layout.h"
#include "query_builder.h"

namespace knipsel {
namespace {

// A set of one database's document ids.
class DocSet {
public:
    explicit DocSet(Xapian::docid last) : words_(last / 64 + 1, 0) {}

    void add(Xapian::docid did) { words_[did / 64] |= std::uint64_t{1} << (did % 64); }
    void fill() { std::fill(words_.begin(), words_.end(), ~std::uint64_t{0}); }
    void unite(const DocSet& other) {
        for (std::size_t i = 0; i < words_.size(); ++i) words_[i] |= other.words_[i];
    }
    void intersect(const DocSet& other) {
        for (std::size_t i = 0; i < words_.size(); ++i) words_[i] &= other.words_[i];
    }
    void subtract(const DocSet& other) {
        for (std::size_t i = 0; i < words_.size(); ++i) words_[i] &= ~other.words_[i];
    }
    void symmetric_difference(const DocSet& other) {
        for (std::size_t i = 0; i < words_.size(); ++i) words_[i] ^= other.words_[i];
    }
    std::size_t blocks() const { return words_.size(); }
    std::size_t count() const {
        std::size_t n = 0;
        for (const std::uint64_t w : words_) n += static_cast<std::size_t>(std::popcount(w));
        return n;
    }
    // Calls f(did) for each id in the set, in order.
    template <class F>
    void each(F f) const {
        for (std::size_t i = 0; i < words_.size(); ++i)
            for (std::uint64_t w = words_[i]; w; w &= w - 1)
                f(static_cast<Xapian::docid>(i * 64 + static_cast<std::size_t>(std::countr_zero(w))));
    }
    void remove(Xapian::docid did) { words_[did / 64] &= ~(std::uint64_t{1} << (did % 64)); }
    std::uint64_t block(std::size_t i) const { return words_[i]; }

private:
    std::vector<std::uint64_t> words_;
};

// Adds the documents with the term `q` to `set`.
void add_postings(const Xapian::Database& db, const Xapian::Query& q, DocSet& set) {
    const std::string term = *q.get_terms_begin();
    for (auto p = db.postlist_begin(term), end = db.postlist_end(term); p != end; ++p) set.add(*p);
}

// Keeps the documents of `set` that have `term` (`with`), or that lack it,
// each looked up in the term's posting list.
void keep_if(const Xapian::Database& db, const std::string& term, bool with, DocSet& set) {
    auto p = db.postlist_begin(term);
    const auto end = db.postlist_end(term);
    set.each([&](Xapian::docid did) {
        if (p != end && *p < did) p.skip_to(did);
        if ((p != end && *p == did) != with) set.remove(did);
    });
}

// The value slot of the index's dates, whose values (YYYYMMDD) its D, M and
// Y terms repeat (Omega's date terms, one of each for every dated document).
using DateSlot = std::optional<Xapian::valueno>;

DateSlot date_slot(const ReadIndex& index) {
    const FieldSpec* date = index.schema.field("date");
    if (!date || date->kind != FieldKind::date) return std::nullopt;
    return date->slot;
}

// Adds the documents of the terms `prefix` + a date between `lo` and `hi`
// (YYYYMMDD): a year's Y term when the range holds the whole year, else its
// months' M terms, or a month's days' D terms. A document's date terms
// being its date's, this is the documents dated lo..hi, from a few short
// posting lists instead of every document's value.
void add_dated(const Xapian::Database& db, const std::string& lo, const std::string& hi, std::string_view prefix,
               DocSet& set) {
    const std::size_t digits = prefix == knipsel::prefix::year ? 4 : prefix == knipsel::prefix::month ? 6 : 8;
    const std::string first = std::string(prefix) + lo.substr(0, digits);
    for (auto t = db.allterms_begin(std::string(prefix)), end = db.allterms_end(std::string(prefix)); t != end; ++t) {
        if (*t < first) {
            t.skip_to(first);
            if (t == end) break;
        }
        const std::string when = (*t).substr(prefix.size());
        if (when.size() != digits) continue;
        if (when > hi.substr(0, digits)) break;
        // The days this term covers: all in the range, or some of them.
        const std::string from = when + std::string("0101").substr(digits - 4, 8 - digits);
        const std::string to = when + std::string("1231").substr(digits - 4, 8 - digits);
        if (digits == 8 || (lo <= from && to <= hi)) {
            for (auto p = db.postlist_begin(*t), e = db.postlist_end(*t); p != e; ++p) set.add(*p);
        } else {
            const std::string_view finer = digits == 4 ? knipsel::prefix::month : knipsel::prefix::day;
            add_dated(db, std::max(lo, from), std::min(hi, to), finer, set);
        }
    }
}

// Adds the documents whose value in a slot is in the range of `q` (an
// OP_VALUE_RANGE, OP_VALUE_GE or OP_VALUE_LE: a date filter), false when
// that cannot be read. Xapian's Query has no accessor for a range's slot
// and bounds, so they are read from its description ("Query(VALUE_RANGE 0
// A B)"). The date slot's range is read from the date terms (a walk of its
// 100,000 values took 16 ms); another slot's, such as slot_date_end's,
// which only the articles dated by a year or month alone have, from its
// values.
bool add_in_range(const Xapian::Database& db, const Xapian::Query& q, DateSlot date, DocSet& set) {
    const auto op = q.get_type();
    std::string description = q.get_description();  // "Query(VALUE_RANGE 0 A B)"
    const std::string_view wrapper = "Query(";
    if (description.compare(0, wrapper.size(), wrapper) != 0 || description.back() != ')') return false;
    std::istringstream words(description.substr(wrapper.size(), description.size() - wrapper.size() - 1));
    std::string name, extra, lo, hi;
    Xapian::valueno slot = 0;
    words >> name >> slot;
    if (op == Xapian::Query::OP_VALUE_RANGE) words >> lo >> hi;
    else if (op == Xapian::Query::OP_VALUE_GE) words >> lo;
    else words >> hi;
    if (!words || words >> extra) return false;
    if (op == Xapian::Query::OP_VALUE_GE) hi = "99999999";
    const auto is_day = [](const std::string& d) {
        return d.size() == 8 && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    // (An index whose dated articles lack the terms is read by its values.)
    const bool has_terms = db.allterms_begin(std::string(knipsel::prefix::year)) !=
                           db.allterms_end(std::string(knipsel::prefix::year));
    if (date && slot == *date && (lo.empty() || is_day(lo)) && is_day(hi) && has_terms) {
        if (lo.empty()) lo = "00000000";
        add_dated(db, lo, hi, knipsel::prefix::year, set);
        return true;
    }
    const bool has_lo = op != Xapian::Query::OP_VALUE_LE, has_hi = op != Xapian::Query::OP_VALUE_GE;
    for (auto v = db.valuestream_begin(slot), end = db.valuestream_end(slot); v != end; ++v) {
        const std::string& value = *v;
        if ((!has_lo || value >= lo) && (!has_hi || value <= hi)) set.add(v.get_docid());
    }
    return true;
}

// The documents of `db` (one local database) that `q` matches, or nullopt
// for a query this does not evaluate. Terms, AND, OR and NOT are done on
// the sets; a phrase or NEAR is asked of Xapian's matcher (its positions
// are read there), which then checks only the documents with all its
// terms: few, where a phrase or NEAR stands in a plain query.
std::optional<DocSet> matches(const Xapian::Database& db, const Xapian::Query& q, Xapian::docid last, DateSlot date) {
    DocSet set(last);
    const auto subquery = [&](std::size_t i) { return matches(db, q.get_subquery(i), last, date); };
    switch (q.get_type()) {
        case Xapian::Query::LEAF_TERM:
            add_postings(db, q, set);
            return set;
        case Xapian::Query::LEAF_MATCH_ALL:
            // An index without deleted documents has every id up to the
            // last: set at once (the walk of 100,000 ids made `-ajax` 6 ms).
            if (db.get_doccount() == last) {
                for (Xapian::docid did = 1; did <= last; ++did) set.add(did);
                return set;
            }
            for (auto p = db.postlist_begin(""), end = db.postlist_end(""); p != end; ++p) set.add(*p);
            return set;
        case Xapian::Query::LEAF_MATCH_NOTHING:
            return set;
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_SYNONYM:
        case Xapian::Query::OP_XOR:
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_SCALE_WEIGHT: {
            const auto op = q.get_type();
            const std::size_t n = op == Xapian::Query::OP_AND_MAYBE ? 1 : q.get_num_subqueries();
            const bool unites = op == Xapian::Query::OP_OR || op == Xapian::Query::OP_SYNONYM;
            for (std::size_t i = 0; i < n; ++i) {
                // A term under OR goes straight into the set: a word's
                // forms are many, and a set of its own each would be a
                // bitmap of the whole database to clear and merge.
                if (unites && q.get_subquery(i).get_type() == Xapian::Query::LEAF_TERM) {
                    add_postings(db, q.get_subquery(i), set);
                    continue;
                }
                // A common term taken with or from few documents (`+nieuws
                // -ajax`, ajax in 70 % of them): those few are looked up in
                // its posting list, not all of it walked (8 ms -> 2 ms).
                const bool narrows = op == Xapian::Query::OP_AND || op == Xapian::Query::OP_FILTER ||
                                     op == Xapian::Query::OP_AND_NOT;
                if (i > 0 && narrows && q.get_subquery(i).get_type() == Xapian::Query::LEAF_TERM) {
                    const std::string term = *q.get_subquery(i).get_terms_begin();
                    if (set.count() * 8 < db.get_termfreq(term)) {
                        keep_if(db, term, op != Xapian::Query::OP_AND_NOT, set);
                        continue;
                    }
                }
                std::optional<DocSet> sub = subquery(i);
                if (!sub) return std::nullopt;
                if (i == 0)
                    set = std::move(*sub);
                else if (unites)
                    set.unite(*sub);
                else if (op == Xapian::Query::OP_XOR)
                    set.symmetric_difference(*sub);
                else if (op == Xapian::Query::OP_AND_NOT)
                    set.subtract(*sub);
                else
                    set.intersect(*sub);
            }
            return set;
        }
        case Xapian::Query::OP_PHRASE:
        case Xapian::Query::OP_NEAR: {
            // Each document the matcher finds is noted and turned down, so
            // that it keeps no list of them.
            struct Note : Xapian::MatchDecider {
                DocSet* set;
                explicit Note(DocSet* s) : set(s) {}
                bool operator()(const Xapian::Document& doc) const override {
                    set->add(doc.get_docid());
                    return false;
                }
            } note(&set);
            Xapian::Enquire enquire(db);
            enquire.set_query(q);
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            enquire.get_mset(0, 1, db.get_doccount(), nullptr, &note);
            return set;
        }
        case Xapian::Query::OP_VALUE_RANGE:
        case Xapian::Query::OP_VALUE_GE:
        case Xapian::Query::OP_VALUE_LE:
            if (!add_in_range(db, q, date, set)) return std::nullopt;
            return set;
        default:
            return std::nullopt;  // wildcards, posting sources
    }
}

// matches() of a query's filter. Every document less some (the copies of
// articles, or an article's own id with --like) is every id less theirs,
// not a walk over every document: the filter's documents are only ever
// taken with those of words.
std::optional<DocSet> matches_filter(const Xapian::Database& db, const Xapian::Query& q, Xapian::docid last,
                                     DateSlot date) {
    if (q.get_type() != Xapian::Query::OP_AND_NOT || q.get_subquery(0).get_type() != Xapian::Query::LEAF_MATCH_ALL)
        return matches(db, q, last, date);
    DocSet set(last);
    set.fill();
    for (std::size_t i = 1; i < q.get_num_subqueries(); ++i) {
        std::optional<DocSet> sub = matches(db, q.get_subquery(i), last, date);
        if (!sub) return std::nullopt;
        set.subtract(*sub);
    }
    return set;
}

// The databases to count in, one at a time: the shards of a stub, or the
// one database; none when one is remote (or a stub in a stub).
std::optional<std::vector<Xapian::Database>> local_databases(const ReadIndex& index) {
    if (index.remote) return std::nullopt;
    std::vector<Xapian::Database> dbs = index.shards.empty() ? std::vector<Xapian::Database>{index.db} : index.shards;
    for (const Xapian::Database& db : dbs)
        if (db.size() != 1) return std::nullopt;
    return dbs;
}

}  // namespace

std::optional<Xapian::doccount> match_count(const ReadIndex& index, const Xapian::Query& query) {
    const auto dbs = local_databases(index);
    if (!dbs) return std::nullopt;
    Xapian::doccount n = 0;
    for (const Xapian::Database& db : *dbs) {
        if (db.get_doccount() == 0) continue;
        const Xapian::docid last = db.get_lastdocid();
        std::optional<DocSet> set = matches(db, query, last, date_slot(index));
        if (!set) return std::nullopt;
        n += static_cast<Xapian::doccount>(set->count());
    }
    return n;
}

std::optional<std::vector<Xapian::doccount>> tier_counts(const ReadIndex& index, const BuiltQuery& built) {
    const std::size_t n = built.word_queries.size();
    // (More than 64 words are left to the matcher: the tiers are counted in
    // time quadratic in the words.)
    if (!built.plain || n == 0 || n > 64) return std::nullopt;
    const auto dbs = local_databases(index);
    if (!dbs) return std::nullopt;
    std::vector<Xapian::doccount> counts(n, 0);
    for (const Xapian::Database& db : *dbs) {
        if (db.get_doccount() == 0) continue;
        const Xapian::docid last = db.get_lastdocid();
        const DateSlot date = date_slot(index);
        std::vector<DocSet> words;
        for (const auto& q : built.word_queries) {
            std::optional<DocSet> set = matches(db, q, last, date);
            if (!set) return std::nullopt;
            words.push_back(std::move(*set));
        }
        std::optional<DocSet> filter;
        if (!built.filter.empty() && !(filter = matches_filter(db, built.filter, last, date))) return std::nullopt;
        // Block by block of 64 documents: at_least[k] = those with k words or more.
        std::vector<std::uint64_t> at_least(n + 1);
        for (std::size_t b = 0; b < words.front().blocks(); ++b) {
            std::fill(at_least.begin() + 1, at_least.end(), 0);
            at_least[0] = filter ? filter->block(b) : ~std::uint64_t{0};
            for (const DocSet& w : words) {
                const std::uint64_t has = w.block(b);
                if (!has) continue;
                for (std::size_t k = n; k >= 1; --k) at_least[k] |= at_least[k - 1] & has;
            }
            for (std::size_t k = 1; k <= n; ++k)
                counts[k - 1] += static_cast<Xapian::doccount>(std::popcount(at_least[k]));
        }
    }
    // Past 8 words the query has two tiers only: any word, every word.
    if (built.at_least.size() != n) counts = {counts.front(), counts.back()};
    return counts;
}

}  // namespace knipsel
