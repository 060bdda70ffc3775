#include "search.h"

#include <chrono>

#include "error.h"
#include "index_layout.h"

namespace knipsel {
namespace {

constexpr int max_attempts = 5;
constexpr std::size_t snippet_scan_bytes = 200000;  // snippets come from the start of huge bodies

std::string head_of(const std::string& s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return s;
    while (max_bytes > 0 && (static_cast<unsigned char>(s[max_bytes]) & 0xC0) == 0x80) --max_bytes;
    return s.substr(0, max_bytes);
}

void run(ReadIndex& index, const QueryOptions& options, SearchResult& result) {
    Xapian::Enquire enquire(index.db);
    enquire.set_query(result.built.query);
    if (options.sort != SortOrder::relevance) {
        const FieldSpec* date = index.schema.field("date");
        if (!date || !date->slot) throw Error(Exit::config, "this index has no date field to sort by");
        enquire.set_sort_by_value_then_relevance(*date->slot, options.sort == SortOrder::date_descending);
    }
    Xapian::MSet mset = enquire.get_mset(options.offset, options.count, 100);
    result.total = mset.get_matches_estimated();
    result.hits.clear();
    unsigned rank = options.offset;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        auto data = decode_data(it.get_document().get_data());
        Hit h;
        h.rank = ++rank;
        h.score = it.get_weight();
        h.id = data["id"];
        h.path = data["path"];
        h.title = data["title"];
        h.date = data["date"];
        h.source = data["source"];
        h.url = data["url"];
        h.lang = data["language"];
        h.snippet = make_snippet(head_of(data["body"], snippet_scan_bytes), result.built, *index.analyser);
        result.hits.push_back(std::move(h));
    }
}

}  // namespace

SearchResult search(ReadIndex& index, const QueryOptions& options) {
    auto start = std::chrono::steady_clock::now();
    SearchResult result;
    result.query = options.query;
    for (int attempt = 1;; ++attempt) {
        try {
            result.built = build_query(options.query, index.db, index.schema, *index.analyser);
            run(index, options, result);
            break;
        } catch (const Xapian::DatabaseModifiedError&) {
            // A writer committed while we read: look at the new revision.
            if (attempt == max_attempts)
                throw Error(Exit::temp_fail, "the index kept changing while searching", "try again");
            index.db.reopen();
        } catch (const Xapian::Error& e) {
            throw translate(e, "cannot search", options.db_path);
        }
    }
    result.millis = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace knipsel
