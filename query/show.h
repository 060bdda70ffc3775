// knipsel-query --show: the stored articles of the ids a search listed,
// whole: an article of a .jsonl archive or a feed has no file of its own
// to open, and the index keeps each article's text.
#pragma once

#include <string>
#include <vector>

#include "database.h"

namespace knipsel {

struct StoredArticle {
    std::string id, title, date, source, url, path, lang;
    std::string body;  // the text as indexed, line breaks restored
};

struct Shown {
    std::vector<StoredArticle> articles;  // in the order asked for
    std::vector<std::string> missing;     // ids no article of the index has
};

// Looks up each id (as a result lists it: "2019/hanoi.md",
// "persoverzicht-2019.jsonl#hanoi-01") in the index, one database or
// shards, local or remote; retried when a writer commits meanwhile.
Shown stored_articles(ReadIndex& index, const std::vector<std::string>& ids, const std::string& db_path);

}  // namespace knipsel
