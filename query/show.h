// knipsel-query --show: the stored articles of the ids a search listed,
// whole: an article of a .jsonl archive or a feed has no file of its own
// to open, and the index keeps each article's text.
#pragma once

#include <string>
#include <vector>

#include "database.h"

namespace knipsel {

// What an id is, for the hint beside "no article with the id ...".
inline constexpr const char* id_hint =
    "give an id as a search lists it (its file's path in the indexed folder, "
    "and #ID for an article of a .jsonl file or a feed)";

// "no article with the id ID in DB": the one line on stderr for an id given
// to --show or --like that no article (of the reachable shards) has.
std::string no_article_with_id(const std::string& id, const ReadIndex& index, const std::string& db_path);

struct StoredArticle {
    std::string id, title, date, source, url, path, lang;
    std::string body;  // the text as indexed, line breaks restored
};

struct Shown {
    std::vector<StoredArticle> articles;  // in the order asked for
    std::vector<std::string> missing;     // ids no article of the index has, as given
    std::vector<std::string> warnings;    // for stderr: an id taken as shown over another article
};

// Looks up each id (as a result lists it: "2019/hanoi.md",
// "persoverzicht-2019.jsonl#hanoi-01", "a\\b.txt" for a backslash in
// the name, "a\x0Ab.txt" for a newline; or as the file is named, its
// bytes as they are, Latin-1 too) in the index, one database or
// shards, local or remote; retried when a writer commits meanwhile.
Shown stored_articles(ReadIndex& index, const std::vector<std::string>& ids, const std::string& db_path);

// knipsel-query --like: the words an article is most about, to search for
// the articles like it: its body's stems that some other article has too,
// weighed by how often the article has them and how rare they are in the
// index (tf-idf, as "more like this" commonly does), each written as the
// form the article uses most, at most like_words of them; and its id term,
// for the search to leave it out. An id no article has gives no id_term,
// for the caller to report as --show does (no_article_with_id); an article
// with no words to search by is an error (exit 1).
inline constexpr std::size_t like_words = 20;
struct LikeQuery {
    std::string id;       // the article's, as stored (the id as given may be as shown)
    std::string warning;  // for stderr: the id was taken as shown over another article
    std::string words;    // "hanoi yongbyon sanctieverlichting ..."
    std::string id_term;  // the article's Q term
    // When the article is a copy of another (an article saved twice), the
    // Q term of the one searches show, which is no more like it than itself.
    std::string original_term;
};
LikeQuery like_query(ReadIndex& index, const std::string& id, const std::string& db_path);

// Beside --like's id only filters may stand (datum:2019, taal:nl, bron:,
// their names in the index's schema): they narrow the articles like it. A
// field whose value is searched as words (title:Singapore) would be one
// more word to find them by, and an unknown one a word too; either is a
// usage error (exit 64).
void check_like_filters(const std::string& filters, const Schema& schema);

}  // namespace knipsel
