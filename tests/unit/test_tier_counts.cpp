// tier_counts(): the documents with at least k of a plain query's words,
// counted over bitmaps, must be what Xapian's matcher counts for the same
// queries -- on random documents and random queries with every operator a
// plain query is built from, in one database and split over shards.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include <xapian.h>

#include "database.h"
#include "query_builder.h"
#include "tier_counts.h"

namespace {

const std::vector<std::string> vocabulary = {"haven", "schip", "zee", "kade", "boot", "storm", "vis", "net"};

// Documents of a few words each, every word at its own position.
std::vector<std::vector<std::string>> random_documents(std::mt19937& rng, std::size_t n) {
    std::uniform_int_distribution<std::size_t> length(0, 6), word(0, vocabulary.size() - 1);
    std::vector<std::vector<std::string>> docs(n);
    for (auto& d : docs)
        for (std::size_t i = length(rng); i > 0; --i) d.push_back(vocabulary[word(rng)]);
    return docs;
}

void add_all(Xapian::WritableDatabase& db, const std::vector<std::vector<std::string>>& docs, std::size_t shard,
             std::size_t shards) {
    for (std::size_t i = shard; i < docs.size(); i += shards) {
        Xapian::Document doc;
        Xapian::termpos pos = 1;
        for (const auto& w : docs[i]) doc.add_posting(w, pos++);
        doc.add_boolean_term(i % 3 == 0 ? "Lnl" : "Len");
        db.add_document(doc);
    }
}

Xapian::Query term(std::mt19937& rng) {
    return Xapian::Query(vocabulary[std::uniform_int_distribution<std::size_t>(0, vocabulary.size() - 1)(rng)]);
}

// A word's query as build_query() makes them: terms under OR, SYNONYM,
// SCALE_WEIGHT, AND, AND_NOT, AND_MAYBE, PHRASE and NEAR, or nothing.
Xapian::Query random_word(std::mt19937& rng, int depth = 0) {
    const int kind = std::uniform_int_distribution<int>(0, depth >= 2 ? 0 : 9)(rng);
    switch (kind) {
        case 0: return term(rng);
        case 1: return Xapian::Query(Xapian::Query::OP_OR, random_word(rng, depth + 1), random_word(rng, depth + 1));
        case 2: return Xapian::Query(Xapian::Query::OP_SYNONYM, term(rng), random_word(rng, depth + 1));
        case 3: return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, random_word(rng, depth + 1), 0.25);
        case 4: return Xapian::Query(Xapian::Query::OP_AND, random_word(rng, depth + 1), random_word(rng, depth + 1));
        case 5:
            return Xapian::Query(Xapian::Query::OP_AND_NOT, random_word(rng, depth + 1), random_word(rng, depth + 1));
        case 6:
            return Xapian::Query(Xapian::Query::OP_AND_MAYBE, random_word(rng, depth + 1), random_word(rng, depth + 1));
        case 7: {
            const Xapian::Query parts[] = {term(rng), Xapian::Query(Xapian::Query::OP_OR, term(rng), term(rng))};
            return Xapian::Query(Xapian::Query::OP_PHRASE, std::begin(parts), std::end(parts));
        }
        case 8: {
            const Xapian::Query parts[] = {term(rng), term(rng)};
            return Xapian::Query(Xapian::Query::OP_NEAR, std::begin(parts), std::end(parts), 3);
        }
        default: return Xapian::Query::MatchNothing;
    }
}

// What the matcher counts: documents with at least k of the words.
std::vector<Xapian::doccount> matcher_counts(const Xapian::Database& db, const std::vector<Xapian::Query>& words,
                                             const Xapian::Query& filter) {
    std::vector<Xapian::doccount> out;
    for (std::size_t k = 1; k <= words.size(); ++k) {
        // At least k: an OR of the ANDs of every k-word combination.
        std::vector<Xapian::Query> combos;
        std::vector<bool> pick(words.size(), false);
        std::fill(pick.begin(), pick.begin() + static_cast<std::ptrdiff_t>(k), true);
        do {
            std::vector<Xapian::Query> parts;
            for (std::size_t i = 0; i < words.size(); ++i)
                if (pick[i]) parts.push_back(words[i]);
            combos.emplace_back(Xapian::Query::OP_AND, parts.begin(), parts.end());
        } while (std::prev_permutation(pick.begin(), pick.end()));
        Xapian::Query q(Xapian::Query::OP_OR, combos.begin(), combos.end());
        if (!filter.empty()) q = Xapian::Query(Xapian::Query::OP_FILTER, q, filter);
        Xapian::Enquire enquire(db);
        enquire.set_query(q);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        out.push_back(enquire.get_mset(0, 0, db.get_doccount() + 1).get_matches_estimated());
    }
    return out;
}

}  // namespace

TEST_CASE("tier counts are the matcher's counts, in one database and over shards") {
    std::mt19937 rng(20261129);
    for (int round = 0; round < 40; ++round) {
        const auto docs = random_documents(rng, 150 + static_cast<std::size_t>(round) * 5);
        const std::size_t shards = 1 + static_cast<std::size_t>(round % 3);
        knipsel::ReadIndex index;
        std::vector<Xapian::WritableDatabase> writers;
        for (std::size_t s = 0; s < shards; ++s) {
            writers.emplace_back(std::string(), Xapian::DB_BACKEND_INMEMORY);
            add_all(writers.back(), docs, s, shards);
            if (shards > 1) {
                index.shards.push_back(writers.back());
                index.db.add_database(writers.back());
            } else {
                index.db = writers.back();
            }
        }
        knipsel::BuiltQuery q;
        q.plain = true;
        const std::size_t n = 1 + static_cast<std::size_t>(round % 4);
        for (std::size_t i = 0; i < n; ++i) q.word_queries.push_back(random_word(rng));
        q.at_least.resize(n);  // tier_counts() reads only how many tiers there are
        if (round % 5 == 0) q.filter = Xapian::Query("Lnl");
        // Every document less some (the copies of articles, --like's own):
        // made as every id less theirs (matches_filter).
        if (round % 5 == 1)
            q.filter = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, random_word(rng));
        const auto counts = knipsel::tier_counts(index, q);
        REQUIRE(counts);
        INFO("round " << round << ", " << shards << " shard(s), words: " << [&] {
            std::string d;
            for (const auto& w : q.word_queries) d += w.get_description() + " ";
            return d;
        }());
        CHECK(*counts == matcher_counts(index.db, q.word_queries, q.filter));
    }
}

TEST_CASE("past 8 words the tiers are any word and every word") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    std::mt19937 rng(7);
    add_all(db, random_documents(rng, 300), 0, 1);
    knipsel::ReadIndex index;
    index.db = db;
    knipsel::BuiltQuery q;
    q.plain = true;
    for (int i = 0; i < 10; ++i) q.word_queries.push_back(i % 2 ? term(rng) : random_word(rng));
    q.at_least.resize(2);  // as build_query makes them for more than 8 words
    const auto all = matcher_counts(db, q.word_queries, Xapian::Query());
    CHECK(knipsel::tier_counts(index, q) == std::vector<Xapian::doccount>{all.front(), all.back()});
}

TEST_CASE("tier counts give way to the matcher where they cannot count") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::Document doc;
    doc.add_posting("haven", 1);
    doc.add_value(0, "20180101");
    db.add_document(doc);
    knipsel::ReadIndex index;
    index.db = db;
    knipsel::BuiltQuery q;
    q.plain = true;
    q.word_queries = {Xapian::Query("haven")};
    q.at_least.resize(1);
    REQUIRE(knipsel::tier_counts(index, q) == std::vector<Xapian::doccount>{1});
    q.filter = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, 0, "2018", "2019");  // a date filter: its values read
    CHECK(knipsel::tier_counts(index, q) == std::vector<Xapian::doccount>{1});
    CHECK(knipsel::match_count(index, q.filter) == Xapian::doccount{1});
    q.filter = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, 0, "2019", "2020");
    CHECK(knipsel::tier_counts(index, q) == std::vector<Xapian::doccount>{0});
    q.filter = Xapian::Query(Xapian::Query::OP_WILDCARD, "hav");
    CHECK_FALSE(knipsel::tier_counts(index, q));
    CHECK_FALSE(knipsel::match_count(index, q.filter));
    q.filter = Xapian::Query();
    index.remote = true;  // each posting list would be a transfer
    CHECK_FALSE(knipsel::tier_counts(index, q));
    CHECK_FALSE(knipsel::match_count(index, Xapian::Query("haven")));
}
