// Snippets: the passage of a document's body that holds the most query
// words, with those words marked. Words are matched after analysis, so
// "sancties" marks "sanctie" and "één" marks "een".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyser.h"
#include "query_builder.h"

namespace knipsel {

struct Snippet {
    std::string text;  // one line
    std::vector<std::pair<std::size_t, std::size_t>> highlights;  // [begin, end) byte offsets in text
};

// The first window_words-word passage with every query word, else the one
// with the most (then the most matches); a long body is analysed only up
// to the end of that first complete passage.
Snippet make_snippet(std::string_view body, const BuiltQuery& query, const Analyser& analyser,
                     std::size_t window_words = 30);

}  // namespace knipsel
