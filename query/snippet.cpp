#include "snippet.h"

#include <algorithm>
#include <set>

namespace knipsel {
namespace {

bool matches(const Token& t, const BuiltQuery& q, const Analyser& analyser) {
    if (q.words.count(t.term)) return true;
    for (const auto& head : q.wildcard_heads)
        if (t.term.compare(0, head.size(), head) == 0) return true;
    return !analyser.is_stopword(t.term) && q.stems.count(analyser.stem(t.term));
}

}  // namespace

Snippet make_snippet(const std::string& body, const BuiltQuery& q, const Analyser& analyser,
                     std::size_t window_words) {
    std::vector<Token> words;
    std::vector<bool> hit;
    for (Token& t : analyser.tokenise(body)) {
        if (t.kind == Token::Kind::whole) continue;
        hit.push_back(matches(t, q, analyser));
        words.push_back(std::move(t));
    }
    Snippet out;
    if (words.empty()) return out;

    // The window with the most distinct matched words, then the most matches.
    std::size_t best = 0, best_distinct = 0, best_count = 0;
    for (std::size_t start = 0; start < words.size(); ++start) {
        if (start > 0 && !hit[start]) continue;  // windows worth trying start at a match
        std::set<std::string> distinct;
        std::size_t count = 0;
        for (std::size_t i = start; i < std::min(words.size(), start + window_words); ++i)
            if (hit[i]) {
                distinct.insert(words[i].term);
                ++count;
            }
        if (distinct.size() > best_distinct || (distinct.size() == best_distinct && count > best_count)) {
            best = start, best_distinct = distinct.size(), best_count = count;
        }
    }
    // Start a few words before the first match, for context.
    std::size_t first = best >= 3 && best_count ? best - 3 : (best_count ? 0 : best);
    std::size_t last = std::min(words.size(), first + window_words) - 1;
    std::size_t from = words[first].begin;
    std::size_t to = words[last].end;
    // Keep closing punctuation after the last word (". ", "”").
    while (to < body.size() && body[to] != ' ' && body[to] != '\n' && to - words[last].end < 4) ++to;
    // Never end inside a UTF-8 sequence ("raket——").
    while (to > words[last].end && to < body.size() && (static_cast<unsigned char>(body[to]) & 0xC0) == 0x80) --to;

    if (first > 0) out.text = "… ";
    std::size_t cursor = from;
    for (std::size_t i = first; i <= last; ++i) {
        if (!hit[i]) continue;
        out.text.append(body, cursor, words[i].begin - cursor);
        std::size_t b = out.text.size();
        out.text.append(body, words[i].begin, words[i].end - words[i].begin);
        out.highlights.emplace_back(b, out.text.size());
        cursor = words[i].end;
    }
    out.text.append(body, cursor, to - cursor);
    if (last + 1 < words.size()) out.text += " …";
    for (char& c : out.text)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    return out;
}

}  // namespace knipsel
