// The document model: one article as the parsers produce it and the indexer
// stores it. All strings are UTF-8.
#pragma once

#include <string>

namespace knipsel {

struct Article {
    std::string id;      // unique id: path relative to the root, or "PATH#ID" for JSON Lines
    std::string path;    // path of the file relative to the indexed root
    std::string title;
    std::string date;    // "YYYY", "YYYY-MM" or "YYYY-MM-DD" (see date.h), or empty
    std::string source;
    std::string url;
    std::string lang;    // ISO 639-1 code such as "nl" or "en", or empty
    std::string body;    // plain text; paragraphs separated by blank lines
};

}  // namespace knipsel
