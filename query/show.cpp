#include "show.h"

#include <chrono>
#include <thread>

#include <xapian.h>

#include "error.h"
#include "index_layout.h"

namespace knipsel {
namespace {

StoredArticle article_of(const Xapian::Document& doc) {
    std::map<std::string, std::string> data = decode_data(doc.get_data());
    StoredArticle a;
    a.id = std::move(data["id"]);
    a.title = std::move(data["title"]);
    a.date = std::move(data["date"]);
    a.source = std::move(data["source"]);
    a.url = std::move(data["url"]);
    a.path = std::move(data["path"]);
    a.lang = std::move(data["language"]);
    a.body = std::move(data["body"]);
    return a;
}

Shown look_up(const Xapian::Database& db, const Schema& schema, const std::vector<std::string>& ids) {
    Shown shown;
    for (const std::string& id : ids) {
        const std::string term = id_term(schema, id);
        Xapian::PostingIterator p = db.postlist_begin(term);
        if (p == db.postlist_end(term)) {
            shown.missing.push_back(id);
            continue;
        }
        shown.articles.push_back(article_of(db.get_document(*p)));
    }
    return shown;
}

}  // namespace

Shown stored_articles(ReadIndex& index, const std::vector<std::string>& ids, const std::string& db_path) {
    constexpr int max_attempts = 5;
    for (int attempt = 1;; ++attempt) {
        try {
            return look_up(index.db, index.schema, ids);
        } catch (const Xapian::DatabaseModifiedError&) {
            // A writer committed while we read: look at the new revision.
            if (attempt == max_attempts)
                throw Error(Exit::temp_fail, "the index kept changing while reading it", "try again");
            index.db.reopen();
        } catch (const Xapian::DatabaseCorruptError& e) {
            // As for a search: a block a committing writer rewrites, unless it persists.
            if (attempt == max_attempts) throw translate(e, "cannot read", db_path);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            index.db.reopen();
        } catch (const Xapian::Error& e) {
            throw translate(e, "cannot read", db_path);
        }
    }
}

}  // namespace knipsel
