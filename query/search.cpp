#include "search.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include "error.h"
#include "index_layout.h"
#include "tier_counts.h"

namespace knipsel {
namespace {

constexpr int max_attempts = 5;
constexpr Xapian::doccount very_few_hits = 3;  // and a rare word in the query may be misspelt
// Snippets come from the start of huge bodies: the rest is read only for
// a query word this much lacks.
constexpr std::size_t snippet_scan_bytes = 200000;

std::string_view head_of(std::string_view s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return s;
    while (max_bytes > 0 && (static_cast<unsigned char>(s[max_bytes]) & 0xC0) == 0x80) --max_bytes;
    return s.substr(0, max_bytes);
}

// A hit's fields and snippet from its stored data: the part of a hit that
// needs no database access, so the threads of remote shards can each make
// their own hits.
// Reading long bodies for snippets is most of a query's own time.
struct HitJob {
    std::string data;       // as stored; fill_hit restores the body's head in place
    std::string_view body;  // the head of the body, read for snippets
    Hit* hit;
};

void fill_hit(HitJob& job, SnippetMaker& snippets, const Analyser& main_analyser) {
    // Only the fields a hit shows, read where they are stored (the last of
    // a name counts, as in decode_data); a field the document lacks is empty.
    std::string_view id, path, title, date, source, url, lang, body, copies;
    each_data_field(job.data, [&](std::string_view name, std::string_view stored) {
        if (name == "body") body = stored;
        else if (name == "id") id = stored;
        else if (name == "path") path = stored;
        else if (name == "title") title = stored;
        else if (name == "date") date = stored;
        else if (name == "source") source = stored;
        else if (name == "url") url = stored;
        else if (name == "language") lang = stored;
        else if (name == "copies") copies = stored;
    });
    Hit& h = *job.hit;
    restore_line_breaks(id, h.id);
    restore_line_breaks(path, h.path);
    restore_line_breaks(title, h.title);
    restore_line_breaks(date, h.date);
    restore_line_breaks(source, h.source);
    restore_line_breaks(url, h.url);
    restore_line_breaks(lang, h.lang);
    // The body's line breaks restored where it is stored, and only as far
    // as snippets read it (the rest of a huge body is looked at only when
    // its head lacks a query word).
    std::span<char> stored;
    std::size_t read = 0;
    if (!body.empty()) {
        stored = std::span<char>(job.data.data() + (body.data() - job.data.data()), body.size());
        body = std::string_view(stored.data(), restore_line_breaks_in_place(stored, snippet_scan_bytes, &read));
    }
    job.body = head_of(body, snippet_scan_bytes);
    if (!copies.empty()) {
        std::string ids;
        restore_line_breaks(copies, ids);
        h.copies = split_copies(ids);
    }
    const Analyser& analyser = main_analyser.for_language(h.lang);
    h.snippet = snippets.make(job.body, analyser);
    // A word far into a transcript or a long report: the body is read whole.
    if ((job.body.size() < body.size() || read < stored.size()) && snippets.lacked_word()) {
        const std::size_t head = body.size();
        std::memmove(stored.data() + head, stored.data() + read, stored.size() - read);
        job.body = std::string_view(stored.data(),
                                    head + restore_line_breaks_in_place(stored.subspan(head, stored.size() - read)));
        h.snippet = snippets.make(job.body, analyser);
    }
}

// The hits' stored data, fields and snippets (jobs[i] for the mset's
// item i). Xapian's remote backend fetches one document per round trip,
// so over several remote shards each shard's documents are fetched on a
// thread of their own, through that shard's connection alone, one request
// after the other, while this thread makes the hits of those that have
// come (with the index's own analyser: an Analyser's caches are its
// thread's). Otherwise all is done here: a second thread for local hits
// made the ten benchmark queries slower (median 0.54 -> 0.65 ms
// in-process, 12.5 -> 13.4 ms as a process: its stack, malloc arena and
// analyser are memory touched for the first time).
void fetch_and_fill(ReadIndex& index, const Xapian::MSet& mset, const BuiltQuery& built, std::vector<HitJob>& jobs) {
    const std::size_t n = index.shards.size();
    bool per_shard = index.remote && n > 1 && index.db.size() == n &&
                     std::all_of(index.shards.begin(), index.shards.end(), [](const auto& s) { return s.size() == 1; });
    SnippetMaker snippets(built);
    if (!per_shard) {
        std::size_t k = 0;
        for (auto it = mset.begin(); it != mset.end(); ++it, ++k) {
            jobs[k].data = it.get_document().get_data();
            fill_hit(jobs[k], snippets, *index.analyser);
        }
        return;
    }
    struct Wanted {
        std::size_t hit;
        Xapian::docid in_shard;
    };
    std::vector<std::vector<Wanted>> wanted(n);
    std::size_t i = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it, ++i) {
        Xapian::docid did = *it;
        wanted[(did - 1) % n].push_back(Wanted{i, (did - 1) / static_cast<Xapian::docid>(n) + 1});
    }
    std::mutex lock;  // over the rest
    std::condition_variable arrived;
    std::vector<std::size_t> ready;  // hits whose data has come
    std::size_t fetching = 0;        // threads still fetching
    bool stop = false;               // making the hits failed: fetch no more
    std::vector<std::exception_ptr> errors(n);
    // A shard's documents, one request after the other, handed over as they come.
    auto fetch = [&](std::size_t shard) {
        try {
            for (const Wanted& w : wanted[shard]) {
                std::string data = index.shards[shard].get_document(w.in_shard).get_data();
                std::lock_guard<std::mutex> hold(lock);
                if (stop) break;
                jobs[w.hit].data = std::move(data);
                ready.push_back(w.hit);
                arrived.notify_one();
            }
        } catch (...) {
            errors[shard] = std::current_exception();
        }
        std::lock_guard<std::mutex> hold(lock);
        --fetching;
        arrived.notify_one();
    };
    std::vector<std::thread> fetchers;
    std::exception_ptr failed;
    for (std::size_t shard = 0; shard < n && !failed; ++shard) {
        if (wanted[shard].empty()) continue;
        {
            std::lock_guard<std::mutex> hold(lock);  // the threads already started count down
            ++fetching;
        }
        try {
            fetchers.emplace_back(fetch, shard);
        } catch (...) {  // no thread to be had: fetch no more, and join those that run
            failed = std::current_exception();
            std::lock_guard<std::mutex> hold(lock);
            --fetching;
            stop = true;
        }
    }
    for (;;) {
        std::size_t hit;
        {
            std::unique_lock<std::mutex> hold(lock);
            arrived.wait(hold, [&] { return !ready.empty() || fetching == 0; });
            if (ready.empty() || failed) break;
            hit = ready.back();
            ready.pop_back();
        }
        try {
            fill_hit(jobs[hit], snippets, *index.analyser);
        } catch (...) {
            failed = std::current_exception();
            std::lock_guard<std::mutex> hold(lock);
            stop = true;
        }
    }
    for (auto& t : fetchers) t.join();
    if (failed) std::rethrow_exception(failed);
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
}

// How many documents match `query`: exactly, and without weighing them.
Xapian::doccount count_exactly(ReadIndex& index, const Xapian::Query& query) {
    Xapian::Enquire enquire(index.db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    return enquire.get_mset(0, 0, index.db.get_doccount()).get_matches_estimated();
}

// How many documents a query matches, and whether that is a count or
// Xapian's estimate.
struct Matches {
    Xapian::doccount count = 0;
    bool exact = false;
};

// The value slot of the date, to sort by.
Xapian::valueno date_slot(const ReadIndex& index) {
    const FieldSpec* date = index.schema.field("date");
    if (!date || !date->slot)
        throw Error(Exit::usage, "this index has no date field to sort by (its schema left it out)",
                    "leave out --sort (hits by relevance), or index with a schema that has the field");
    return *date->slot;
}

// A hit's snippet without the marks of words it did not match: a part of a
// typed compound where the article lacks the other ("sanctieverlichting
// Iran" marked "sancties" in articles found by "Iran" alone). A mark stays
// where its word, its stem or a part of it is one of a matched word's terms.
void unmark_unmatched_words(const BuiltQuery& q, const Analyser& analyser, Hit& h) {
    std::set<std::string> kept, unmatched;
    for (const QueryWord& w : q.query_words) {
        const bool matched = std::find(h.matched.begin(), h.matched.end(), w.text) != h.matched.end();
        for (const auto& parts : w.alternatives)
            for (const auto& forms : parts) (matched ? kept : unmatched).insert(forms.begin(), forms.end());
    }
    if (unmatched.empty() || h.snippet.highlights.empty()) return;
    const Analyser& language = analyser.for_language(h.lang);
    std::vector<std::pair<std::size_t, std::size_t>> marks;
    for (const auto& [begin, end] : h.snippet.highlights) {
        bool keep = false, drop = false;
        for (const Token& t :
             language.tokenise(std::string_view(h.snippet.text).substr(begin, end - begin), Reading::article)) {
            if (t.kind == Token::Kind::whole) continue;
            std::vector<std::string> terms = {t.term, std::string(prefix::stem) + language.stem(t.term)};
            for (const std::string& part : language.term_info(t.term).part_stems)
                terms.push_back(std::string(prefix::stem) + part);
            for (const std::string& term : terms) {
                keep = keep || kept.count(term);
                drop = drop || unmatched.count(term);
            }
        }
        if (keep || !drop) marks.emplace_back(begin, end);
    }
    h.snippet.highlights = std::move(marks);
}

// Runs one query for a page of results, appending hits.
Matches run_page(ReadIndex& index, const QueryOptions& options, const Xapian::Query& query,
                 Xapian::doccount first, Xapian::doccount count, Xapian::doccount check_at_least,
                 bool matched_all, SearchResult& result) {
    Xapian::Enquire enquire(index.db);
    enquire.set_query(query);
    if (options.sort != SortOrder::relevance)
        enquire.set_sort_by_value_then_relevance(date_slot(index), options.sort == SortOrder::date_descending);
    // One document past the page is checked too: a page that reaches the
    // last hit then knows the count exactly (not "about 151" for 150).
    const Xapian::doccount checked = std::max(check_at_least, first + count + 1);
    Xapian::MSet mset = enquire.get_mset(first, count, checked);
    const std::size_t first_new = result.hits.size();
    result.hits.resize(first_new + mset.size());
    std::vector<HitJob> jobs(mset.size());
    for (std::size_t k = 0; k < jobs.size(); ++k) jobs[k].hit = &result.hits[first_new + k];
    fetch_and_fill(index, mset, result.built, jobs);

    std::size_t i = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it, ++i) {
        Hit& h = result.hits[first_new + i];
        h.rank = options.offset + static_cast<unsigned>(first_new + i) + 1;
        h.score = it.get_weight();
        h.matched_all = matched_all;
        if (!result.built.plain) continue;
        if (matched_all) {
            for (const QueryWord& w : result.built.query_words) h.matched.push_back(w.text);
        } else if (index.remote) {
            // From the stored text: Xapian's matching terms would fetch
            // each hit's whole term list from its remote shard.
            h.matched =
                matched_words_in_text(result.built, index.schema, *index.analyser, h.title, jobs[i].body, h.lang);
        } else {
            std::set<std::string> terms(enquire.get_matching_terms_begin(it), enquire.get_matching_terms_end(it));
            h.matched = matched_words(result.built, terms);
        }
        unmark_unmatched_words(result.built, *index.analyser, h);
    }
    // A count is exact only where the matcher saw every match: its bounds
    // can agree on a wrong number when it stopped early (datum:2026.. with
    // an OR of two VALUE_GEs: 8,202 "exact" for 8,217).
    const Xapian::doccount estimated = mset.get_matches_estimated();
    return Matches{estimated, mset.get_matches_lower_bound() == mset.get_matches_upper_bound() && estimated < checked};
}

// run_page(), but oldest first puts the articles without a date last, as
// newest first does: Xapian sorts an empty value before every other (and
// its remote backend takes no KeyMaker to say otherwise), so the dated
// articles are run first and the undated ones after them.
Matches run_one(ReadIndex& index, const QueryOptions& options, const Xapian::Query& query, Xapian::doccount first,
                Xapian::doccount count, Xapian::doccount check_at_least, bool matched_all, SearchResult& result) {
    if (options.sort != SortOrder::date_ascending)
        return run_page(index, options, query, first, count, check_at_least, matched_all, result);
    const Xapian::Query has_date(Xapian::Query::OP_VALUE_GE, date_slot(index), "0");
    const std::size_t before = result.hits.size();
    // Counted exactly up to the end of the page (as run_page does), so that
    // a page past the dated ones knows where the undated ones start.
    const Matches dated = run_page(index, options, Xapian::Query(Xapian::Query::OP_FILTER, query, has_date), first,
                                   count, check_at_least, matched_all, result);
    const auto got = static_cast<Xapian::doccount>(result.hits.size() - before);
    const Xapian::doccount undated_first = got > 0 || first < dated.count ? 0 : first - dated.count;
    const Matches undated = run_page(index, options, Xapian::Query(Xapian::Query::OP_AND_NOT, query, has_date),
                                     undated_first, count - got, check_at_least, matched_all, result);
    return Matches{dated.count + undated.count, dated.exact && undated.exact};
}

// Whether a query's filter is only the copies left out (build()).
bool is_copies_filter(const Xapian::Query& f) {
    return f.get_type() == Xapian::Query::OP_AND_NOT && f.get_num_subqueries() == 2 &&
           f.get_subquery(0).get_type() == Xapian::Query::LEAF_MATCH_ALL &&
           f.get_subquery(1).get_type() == Xapian::Query::LEAF_TERM &&
           *f.get_subquery(1).get_terms_begin() == prefix::copy;
}

// More copies than this, and a word's count is left to tier_counts().
constexpr Xapian::doccount max_copies_looked_up = 1000;

// How many documents a plain query of one word matches, exactly, when
// that is cheap; else nullopt. Xapian estimates the word's OR of its stem
// and its exact form as if the two were independent ("pakket": about 1800
// for 1,008 on the bench corpus), but every document with the word has its
// stem: a word whose stem is one term (no other language's stem, no
// compound parts, no filter) matches that term's documents, which the
// index counts. Another word is counted by tier_counts() where it can be.
std::optional<Xapian::doccount> one_word_count(const ReadIndex& index, const BuiltQuery& q) {
    if (!q.plain || q.word_queries.size() != 1) return std::nullopt;
    const Xapian::Query& word = q.word_queries.front();
    // No filter but the copies left out (see build()): counted as if none,
    // less the copies that match, looked up one by one (they are few).
    const bool copies_only = is_copies_filter(q.filter);
    std::vector<Xapian::docid> copies;
    if (copies_only) {
        const std::string copy(prefix::copy);
        if (index.remote || index.db.get_termfreq(copy) > max_copies_looked_up) return std::nullopt;
        for (auto p = index.db.postlist_begin(copy); p != index.db.postlist_end(copy); ++p) copies.push_back(*p);
    }
    const auto has = [&](const std::string& term, Xapian::docid did) {
        auto it = index.db.postlist_begin(term);
        const auto end = index.db.postlist_end(term);
        if (it != end) it.skip_to(did);
        return it != end && *it == did;
    };
    const auto is_term = [](const Xapian::Query& t) { return t.get_type() == Xapian::Query::LEAF_TERM; };
    const auto stem_of = [&](const Xapian::Query& t) -> std::optional<std::string> {
        if (!is_term(t)) return std::nullopt;
        std::string term = *t.get_terms_begin();
        if (term.empty() || term[0] != 'Z') return std::nullopt;
        return term;
    };
    std::optional<std::string> stem;
    if (q.filter.empty() || copies_only) {
        if (word.get_type() == Xapian::Query::OP_OR && word.get_num_subqueries() == 2) {
            const Xapian::Query exact = word.get_subquery(1);
            if (exact.get_type() == Xapian::Query::OP_SCALE_WEIGHT && exact.get_num_subqueries() == 1 &&
                is_term(exact.get_subquery(0)))
                stem = stem_of(word.get_subquery(0));
        } else {
            stem = stem_of(word);
        }
    }
    if (stem) {
        Xapian::doccount n = index.db.get_termfreq(*stem);
        for (const Xapian::docid c : copies) n -= has(*stem, c) ? 1 : 0;
        return n;
    }
    // A Dutch stem with an English one kept to English articles,
    // (Zafdruk SYNONYM (Zafdrukken FILTER Len)) OR afdrukken: the Dutch
    // stem's documents and those of the English stem's that are English
    // and lack the Dutch one, walking the English stem's (short) posting list.
    // Not over remote shards, whose posting lists would come over the wire.
    if (!index.remote && (q.filter.empty() || copies_only) && word.get_type() == Xapian::Query::OP_OR &&
        word.get_num_subqueries() == 2) {
        const Xapian::Query syn = word.get_subquery(0);
        if (syn.get_type() == Xapian::Query::OP_SYNONYM && syn.get_num_subqueries() == 2) {
            const Xapian::Query english = syn.get_subquery(1);
            const std::optional<std::string> dutch_stem = stem_of(syn.get_subquery(0));
            if (dutch_stem && english.get_type() == Xapian::Query::OP_FILTER && english.get_num_subqueries() == 2 &&
                is_term(english.get_subquery(0)) && is_term(english.get_subquery(1))) {
                const std::string en_stem = *english.get_subquery(0).get_terms_begin();
                const std::string lang = *english.get_subquery(1).get_terms_begin();
                Xapian::doccount n = index.db.get_termfreq(*dutch_stem);
                auto in_lang = index.db.postlist_begin(lang), lang_end = index.db.postlist_end(lang);
                auto in_dutch = index.db.postlist_begin(*dutch_stem), dutch_end = index.db.postlist_end(*dutch_stem);
                for (auto it = index.db.postlist_begin(en_stem); it != index.db.postlist_end(en_stem); ++it) {
                    const Xapian::docid id = *it;
                    if (in_lang != lang_end) in_lang.skip_to(id);
                    if (in_lang == lang_end) break;  // no English article from here on
                    if (*in_lang != id) continue;
                    if (in_dutch != dutch_end) in_dutch.skip_to(id);
                    if (in_dutch == dutch_end || *in_dutch != id) ++n;
                }
                // The copies counted: those with the Dutch stem, or with
                // the English one in English.
                for (const Xapian::docid c : copies)
                    n -= has(*dutch_stem, c) || (has(en_stem, c) && has(lang, c)) ? 1 : 0;
                return n;
            }
        }
    }
    if (const auto counts = tier_counts(index, q)) return counts->front();
    return std::nullopt;
}

// Leaves the document of an id term out of every query a search runs and
// counts (--like: the article the others are like).
void leave_out(BuiltQuery& q, const std::string& id_term) {
    const Xapian::Query id(id_term);
    for (Xapian::Query& at_least : q.at_least) at_least = Xapian::Query(Xapian::Query::OP_AND_NOT, at_least, id);
    q.query = Xapian::Query(Xapian::Query::OP_AND_NOT, q.query, id);
    q.filter = Xapian::Query(Xapian::Query::OP_AND_NOT, q.filter.empty() ? Xapian::Query::MatchAll : q.filter, id);
}

// The page of hits and the counts, as run() says; a count may be Xapian's estimate.
void run_page_and_count(ReadIndex& index, const QueryOptions& options, SearchResult& result) {
    result.hits.clear();
    const BuiltQuery& q = result.built;
    result.matched = (options.match == MatchMode::all && q.plain) || !q.plain ? q.query : q.at_least.front();
    result.tiered = q.plain && options.match == MatchMode::best && q.at_least.size() > 1;
    if ((options.match == MatchMode::all && q.plain) || !q.plain) {
        const Matches m = run_one(index, options, q.plain ? q.at_least.back() : q.query, options.offset,
                                  options.count, 100, true, result);
        result.total = result.total_all = m.count;
        result.total_exact = m.exact;
        if (!m.exact)
            if (const auto one = one_word_count(index, q)) {
                result.total = result.total_all = *one;
                result.total_exact = true;
            }
        return;
    }
    // The counts the tiers below need exactly, where they can be had without
    // the matcher (tier_counts): the ranked pages then need not weigh every
    // match to count them. (One word: see one_word_count.)
    std::optional<std::vector<Xapian::doccount>> counts;
    if (options.match == MatchMode::any || q.at_least.size() > 1)
        counts = tier_counts(index, q);
    else if (const auto one = one_word_count(index, q))
        counts = std::vector<Xapian::doccount>{*one};
    // A page sorted oldest first still needs its dated part counted (run_one).
    const bool counted = counts && options.sort != SortOrder::date_ascending;
    const Xapian::doccount all_docs = index.db.get_doccount();
    if (options.match == MatchMode::any) {
        const Matches m =
            run_one(index, options, q.at_least.front(), options.offset, options.count, 100, false, result);
        // Counted exactly, as its every-word count is: an estimate could
        // fall under it (a date filter's "about 200" with 228 of every word).
        result.total = counts ? counts->front() : m.exact ? m.count : count_exactly(index, q.at_least.front());
        result.total_exact = true;
        for (Hit& h : result.hits) h.matched_all = h.matched.size() == q.query_words.size();
        result.total_all = counts ? counts->back() : count_exactly(index, q.at_least.back());
        return;
    }
    // Tiers: documents with every word, then with one word fewer, and so on
    // down to one word; each tier ranked by BM25, so that paging runs
    // across the tiers. Where tier_counts() cannot count them, a tier is
    // counted exactly by the matcher only where that is needed: the top one
    // ("N with every word"), and those a later page skips (to know where in
    // the tiers below it starts). The tiers below a full page are not run;
    // all tiers together are the documents with any word, counted once,
    // exactly. (Counting every tier took a 4-word query on the bench corpus
    // 11 ms, against 3 then: the tiers' AND_NOTs over the word combinations
    // cost far more than one count of the words' OR.)
    //
    // Sorted by date, the tiers below every word are one (the documents
    // with some of the words): a page is then at most two runs of dates,
    // every word and the rest, not one run per number of words.
    const std::size_t top = q.at_least.size();
    std::vector<std::size_t> tiers;  // k of each tier, from the top: at least k words, fewer than the tier above
    for (std::size_t k = top; k >= 1; --k)
        if (options.sort == SortOrder::relevance || k == top || k == 1) tiers.push_back(k);
    const auto in_tier_counted = [&](std::size_t k, std::size_t above) {  // documents with k to above-1 words
        return (*counts)[k - 1] - (k < top ? (*counts)[above - 1] : 0);
    };
    Xapian::doccount before = 0;  // documents in the tiers above, while the page has not started
    for (std::size_t t = 0; t < tiers.size(); ++t) {
        const std::size_t k = tiers[t], above = t == 0 ? top + 1 : tiers[t - 1];
        const Xapian::doccount left = options.count - static_cast<Xapian::doccount>(result.hits.size());
        if (left == 0 && k < top) break;
        const bool page_started = options.offset <= before;
        const Xapian::doccount first = page_started ? 0 : options.offset - before;
        Xapian::Query tier = k == top ? q.at_least[k - 1]
                                      : Xapian::Query(Xapian::Query::OP_AND_NOT, q.at_least[k - 1],
                                                      q.at_least[above - 1]);
        const bool exact = k > 1 && (k == top || !page_started);
        // One word (a single tier) is counted as Xapian estimates it, as --all does.
        const Xapian::doccount check = exact ? all_docs : top == 1 ? 100 : 0;
        Matches in_tier;
        if (counted) {
            // Xapian still checks a hundred documents of the top tier, as it
            // does for --all: fewer can lose a hit to its weight bounds (a
            // phrase in a synonym group), as Omega's own queries can.
            in_tier = Matches{in_tier_counted(k, above), true};
            if (first < in_tier.count) run_one(index, options, tier, first, left, check ? 100 : 0, k == top, result);
        } else {
            in_tier = run_one(index, options, tier, first, left, check, k == top, result);
            if (counts) in_tier = Matches{in_tier_counted(k, above), true};
        }
        if (k == top) {
            result.total_all = in_tier.count;
            result.total_exact = in_tier.exact;
        }
        before += in_tier.count;
    }
    if (top > 1) {
        result.total = counts ? counts->front() : count_exactly(index, q.at_least.front());
        result.total_exact = true;
    } else {
        result.total = result.total_all;
    }
}

// Runs a query for a page of hits and counts its matches. The count is
// exact: Xapian's estimate was made as far as the page reached, so it
// moved from page to page and was far off with a filter or a `-` word
// (datum:2019 "about 100" on the first page for 4,996, datum:2018..2020
// "about 60000" for 15,049). Where the page's run left it an estimate, it
// is counted on bitmaps of the posting lists (match_count, 0.1 to 2 ms on
// 100,000 articles), else (remote shards, wildcards) by Xapian's matcher
// unweighted, whose time grows with the matches.
void run(ReadIndex& index, const QueryOptions& options, SearchResult& result) {
    run_page_and_count(index, options, result);
    if (result.total_exact) return;
    const BuiltQuery& q = result.built;
    const Xapian::Query& counted = q.plain ? q.at_least.back() : q.query;
    const std::optional<Xapian::doccount> n = match_count(index, counted);
    result.total = n ? *n : count_exactly(index, counted);
    result.total_exact = true;
    // Only a query of one tier is left estimated: its every-word count is its count.
    result.total_all = result.total;
}

// `text` as a query, less the copies of articles (see ReadIndex::copies).
BuiltQuery build(const std::string& text, ReadIndex& index, Xapian::Query::op between) {
    BuiltQuery built = build_query(text, index.db, index.schema, *index.analyser, between);
    if (index.copies) leave_out(built, std::string(prefix::copy));
    return built;
}

// How many documents have every word of `text`, a query (none when it
// reads as no query).
Xapian::doccount with_every_word(const std::string& text, ReadIndex& index, const QueryOptions& options,
                                 Xapian::Query::op between) {
    SearchResult counted;
    try {
        counted.built = build(text, index, between);
    } catch (const Error&) {
        return 0;
    }
    QueryOptions count_only = options;
    count_only.count = 0;
    count_only.offset = 0;
    run(index, count_only, counted);
    return counted.total_all;
}

// --any with a phrase or a wildcard ("sanc* Yongbyon"), which make no
// plain query: its hits were counted and marked as having every word, being
// those of the query with OR. Counted and marked by the query with AND.
void mark_every_word(ReadIndex& index, const std::string& text, SearchResult& result) {
    const BuiltQuery every = build(text, index, Xapian::Query::OP_AND);
    result.total_all = count_exactly(index, every.query);
    if (result.hits.empty()) return;
    // The hits' documents that the query with AND matches, by their id terms.
    std::vector<Xapian::Query> ids;
    for (const Hit& h : result.hits) ids.emplace_back(id_term(index.schema, h.id));
    Xapian::Enquire enquire(index.db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, every.query,
                                    Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end())));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    std::set<std::string> with_every;
    const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(ids.size()));
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        std::string id;
        each_data_field(it.get_document().get_data(), [&](std::string_view name, std::string_view stored) {
            if (name == "id") restore_line_breaks(stored, id);
        });
        with_every.insert(std::move(id));
    }
    for (Hit& h : result.hits) h.matched_all = with_every.count(h.id) > 0;
}

// A corrected phrase that no document has either ("complx Yongbyon" as
// "complex Yongbyon"): its words loose, when some document has them all;
// else no suggestion (one that finds nothing helps no one).
std::string loose_if_found(const std::string& suggestion, ReadIndex& index, const QueryOptions& options,
                           Xapian::Query::op between) {
    const std::string loose = without_quotes(suggestion);
    return !loose.empty() && with_every_word(loose, index, options, between) > 0 ? loose : "";
}

}  // namespace

SearchResult search(ReadIndex& index, const QueryOptions& options) {
    auto start = std::chrono::steady_clock::now();
    SearchResult result;
    result.query = options.query;
    result.like = options.like;
    // The words of an article (--like) are no typed query to correct.
    const bool spelling = index.schema.spelling && options.like.empty();
    const Xapian::Query::op between = options.match == MatchMode::any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND;
    for (int attempt = 1;; ++attempt) {
        try {
            // The copies of an article (the same text saved twice) are left
            // out where the index says it has some (meta::twins). A remote
            // index is not asked, a round trip: its copy term is left out
            // whether or not it has any.
            if (index.remote) {
                index.copies = true;
            } else {
                const std::string twins = index.db.get_metadata(meta::twins);
                index.copies = !twins.empty() && twins != "0";
            }
            result.built = build(options.query, index, between);
            for (const std::string& id_term : options.exclude_terms) leave_out(result.built, id_term);
            run(index, options, result);
            if (options.match == MatchMode::any && !result.built.plain && !result.built.operators)
                mark_every_word(index, options.query, result);
            // Nothing has every word: perhaps a word is misspelt.
            if (result.total_all == 0 && spelling) {
                bool only_say = false;
                result.suggestion = spelling_correction(options.query, result.built, index.db, index.shards,
                                                        *index.analyser, index.remote, 0, &only_say);
                if (!result.suggestion.empty() && !options.exact && !only_say) {
                    SearchResult fixed;
                    fixed.query = result.query;
                    fixed.suggestion = result.suggestion;
                    fixed.built = build(result.suggestion, index, between);
                    run(index, options, fixed);
                    if (options.match == MatchMode::any && !fixed.built.plain && !fixed.built.operators)
                        mark_every_word(index, result.suggestion, fixed);
                    if (fixed.total_all > 0 || fixed.total > result.total) {
                        fixed.corrected = true;
                        result = std::move(fixed);
                    } else if (fixed.total == 0) {
                        result.suggestion = loose_if_found(result.suggestion, index, options, between);
                    }
                } else if (!result.suggestion.empty()) {
                    // Only said (--exact, or a name typed so), but only
                    // when some article has all its words, as above
                    // ("Noord-Koria" was "Bedoelde u: Noord-korte", in no article).
                    if (with_every_word(result.suggestion, index, options, between) == 0)
                        result.suggestion = loose_if_found(result.suggestion, index, options, between);
                }
            }
            // Very few have every word: perhaps a misspelling that a few
            // articles share ("Yongbion" beside "Yongbyon"). Only said, beside
            // the results as typed: a rare word may be just what was meant
            // ("staken", with "staten" in many more articles).
            if (result.suggestion.empty() && result.total_all <= very_few_hits && spelling)
                result.suggestion = spelling_correction(options.query, result.built, index.db, index.shards,
                                                        *index.analyser, index.remote, very_few_hits);
            // A phrase that is not in the archive (a quote pasted from
            // elsewhere, worded a little differently): say how many
            // documents have its words, to search them loose.
            // Its words as corrected where a correction was offered
            // ("complx Yongbyon": the count and command of "complex
            // Yongbyon", which is what "Bedoelde u" says).
            if (result.total == 0)
                if (std::string loose = without_quotes(options.query, index.analyser.get()); !loose.empty()) {
                    if (!result.suggestion.empty()) {
                        const std::string corrected = without_quotes(result.suggestion, index.analyser.get());
                        loose = corrected.empty() ? result.suggestion : corrected;
                    }
                    SearchResult counted;
                    // Loose, its words may read as what the phrase did not
                    // ("datum:2019" as a field the index lacks): then no count.
                    try {
                        counted.built = build(loose, index, between);
                    } catch (const Error&) {
                        loose.clear();
                    }
                    if (!loose.empty()) {
                        QueryOptions count_only = options;
                        count_only.count = 0;
                        count_only.offset = 0;
                        // Counted as the command given runs it (no --all:
                        // every word first, then some of them).
                        count_only.match = MatchMode::best;
                        run(index, count_only, counted);
                        if (counted.total > 0) {
                            result.unquoted = loose;
                            result.unquoted_total = counted.total;
                            result.unquoted_total_all = counted.total_all;
                        }
                    }
                }
            break;
        } catch (const Xapian::DatabaseModifiedError&) {
            // A writer committed while we read: look at the new revision.
            if (!index.db.reopen()) throw unchanged_but_modified("cannot search", options.db_path);
            if (attempt == max_attempts)
                throw Error(Exit::temp_fail, "the index kept changing while searching", "try again");
        } catch (const Xapian::DatabaseCorruptError& e) {
            // Glass can report a block a committing writer rewrites as
            // corrupt: the same, unless it persists (real damage).
            if (attempt == max_attempts) throw translate(e, "cannot search", options.db_path);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            index.db.reopen();
        } catch (const Xapian::Error& e) {
            throw translate(e, "cannot search", options.db_path);
        }
    }
    result.millis = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return result;
}

void keep_freed_memory() {
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
    // The heap grows by the pad at once; its first pages are then mapped
    // in one call instead of one page fault per page as they are touched.
    constexpr std::size_t prefault_bytes = 1 << 20;
    void* first = std::malloc(64 << 10);  // under the mmap threshold: from the heap, which grows
    if (!first) return;
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const std::uintptr_t start = (reinterpret_cast<std::uintptr_t>(first) + page - 1) & ~(page - 1);
    ::madvise(reinterpret_cast<void*>(start), prefault_bytes, MADV_POPULATE_WRITE);  // Linux 5.14+; else a no-op
    std::free(first);
}

}  // namespace knipsel
