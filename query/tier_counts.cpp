#include "tier_counts.h"

#include <algorithm>
#include <bit>
#include <cstdint>

#include "database.h"
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
    std::uint64_t block(std::size_t i) const { return words_[i]; }

private:
    std::vector<std::uint64_t> words_;
};

// Adds the documents with the term `q` to `set`.
void add_postings(const Xapian::Database& db, const Xapian::Query& q, DocSet& set) {
    const std::string term = *q.get_terms_begin();
    for (auto p = db.postlist_begin(term), end = db.postlist_end(term); p != end; ++p) set.add(*p);
}

// The documents of `db` (one local database) that `q` matches, or nullopt
// for a query this does not evaluate. Terms, AND, OR and NOT are done on
// the sets; a phrase or NEAR is asked of Xapian's matcher (its positions
// are read there), which then checks only the documents with all its
// terms: few, where a phrase or NEAR stands in a plain query.
std::optional<DocSet> matches(const Xapian::Database& db, const Xapian::Query& q, Xapian::docid last) {
    DocSet set(last);
    const auto subquery = [&](std::size_t i) { return matches(db, q.get_subquery(i), last); };
    switch (q.get_type()) {
        case Xapian::Query::LEAF_TERM:
            add_postings(db, q, set);
            return set;
        case Xapian::Query::LEAF_MATCH_ALL:
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
        default:
            return std::nullopt;  // value ranges, wildcards, posting sources
    }
}

// matches() of a query's filter. Every document less some (the copies of
// articles, or an article's own id with --like) is every id less theirs,
// not a walk over every document: the filter's documents are only ever
// taken with those of words.
std::optional<DocSet> matches_filter(const Xapian::Database& db, const Xapian::Query& q, Xapian::docid last) {
    if (q.get_type() != Xapian::Query::OP_AND_NOT || q.get_subquery(0).get_type() != Xapian::Query::LEAF_MATCH_ALL)
        return matches(db, q, last);
    DocSet set(last);
    set.fill();
    for (std::size_t i = 1; i < q.get_num_subqueries(); ++i) {
        std::optional<DocSet> sub = matches(db, q.get_subquery(i), last);
        if (!sub) return std::nullopt;
        set.subtract(*sub);
    }
    return set;
}

}  // namespace

std::optional<std::vector<Xapian::doccount>> tier_counts(const ReadIndex& index, const BuiltQuery& built) {
    const std::size_t n = built.word_queries.size();
    // (More than 64 words are left to the matcher: the tiers are counted in
    // time quadratic in the words.)
    if (index.remote || !built.plain || n == 0 || n > 64) return std::nullopt;
    std::vector<Xapian::doccount> counts(n, 0);
    const std::vector<Xapian::Database> single = {index.db};
    for (const Xapian::Database& db : index.shards.empty() ? single : index.shards) {
        if (db.size() != 1) return std::nullopt;
        if (db.get_doccount() == 0) continue;
        const Xapian::docid last = db.get_lastdocid();
        std::vector<DocSet> words;
        for (const auto& q : built.word_queries) {
            std::optional<DocSet> set = matches(db, q, last);
            if (!set) return std::nullopt;
            words.push_back(std::move(*set));
        }
        std::optional<DocSet> filter;
        if (!built.filter.empty() && !(filter = matches_filter(db, built.filter, last))) return std::nullopt;
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
