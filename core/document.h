// The document model: one article as the parsers produce it and the indexer
// stores it. All strings are UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace knipsel {

enum class Format { txt, md, html, jsonl, feed, unknown };

// The format a file is parsed as by its name alone (no folder), its
// extension case-insensitive: .txt, .md (also .markdown), .html/.htm,
// .jsonl, .rss/.atom (a news feed); anything else is unknown.
Format format_for_name(std::string_view name);

struct Article {
    // Unique id: the path relative to the root, or "PATH#ID" for an article
    // of a .jsonl file or a feed. A path that is not UTF-8 is written with
    // each invalid byte and each '%' as %XX (see id_path in index_layout.h).
    std::string id;
    std::string path;    // path of the file relative to the indexed root, written as in id
    std::string title;
    std::string date;    // "YYYY", "YYYY-MM" or "YYYY-MM-DD" (see date.h), or empty
    std::string source;
    std::string url;
    std::string lang;    // ISO 639-1 code such as "nl" or "en", or empty
    std::string body;    // plain text; paragraphs separated by blank lines
    // Bytes of the record the article was read from in a file of many (a
    // .jsonl line, a feed item), as UTF-8 text; 0 when the article is its
    // whole file (then the file's size is the article's).
    std::size_t record_bytes = 0;
};

}  // namespace knipsel
