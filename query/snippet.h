// Snippets: the passage of a document's body that holds the most query
// words, with those words marked. Words are matched after analysis, so
// "sancties" marks "sanctie" and "één" marks "een".
#pragma once

#include <cstddef>
#include <memory>
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

class SnippetMatcher;

// Makes the snippets of a page of hits: which query word each word of the
// bodies matches (its analysis and stem) is worked out once for the page,
// not once a body. For the thread that made it.
class SnippetMaker {
public:
    explicit SnippetMaker(const BuiltQuery& query, std::size_t window_words = 30);
    ~SnippetMaker();
    SnippetMaker(const SnippetMaker&) = delete;
    SnippetMaker& operator=(const SnippetMaker&) = delete;

    // The first window_words-word passage with every query word, else the
    // one with the most (then the most matches); a long body is analysed
    // only up to the end of that first complete passage.
    Snippet make(std::string_view body, const Analyser& analyser);
    // Whether the body the last make() read lacks a query word, a compound
    // with one too: a caller that gave it only the head of a long body
    // can give it more.
    bool lacked_word() const;

private:
    const BuiltQuery& query_;
    std::size_t window_words_;
    // One for each analyser met (a page can hold Dutch and English hits),
    // and one that also finds compounds, for the bodies where a query word
    // is not found as a word.
    std::vector<std::pair<const Analyser*, std::unique_ptr<SnippetMatcher>>> matchers_, compound_matchers_;
    SnippetMatcher& matcher_for(const Analyser& analyser, bool compounds);
    // The word lists make() fills, kept so that a page allocates them once.
    struct Buffers;
    std::unique_ptr<Buffers> buffers_;
    std::size_t last_wanted_ = 0;  // the reachable() of the last make()'s matcher
};

// One snippet: SnippetMaker(query, window_words).make(body, analyser).
Snippet make_snippet(std::string_view body, const BuiltQuery& query, const Analyser& analyser,
                     std::size_t window_words = 30);

}  // namespace knipsel
