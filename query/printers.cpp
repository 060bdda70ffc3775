#include "printers.h"

#include <cstdio>
#include <string_view>

#include <nlohmann/json.hpp>

#include "error.h"
#include "options.h"

namespace knipsel {
namespace {

std::size_t codepoints(const std::string& s, std::size_t byte_end) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < byte_end && i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
    return n;
}

nlohmann::json or_null(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

std::string millis(double ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f ms", ms);
    return buf;
}

// Whether the three bytes at s[i] are a bidi control: U+200E, U+200F
// (marks), U+202A-U+202E (embeddings, overrides), U+2066-U+2069 (isolates).
bool is_bidi_control(std::string_view s, std::size_t i) {
    if (i + 2 >= s.size() || s[i] != '\xE2') return false;
    const auto b = static_cast<unsigned char>(s[i + 1]), c = static_cast<unsigned char>(s[i + 2]);
    return (b == 0x80 && (c == 0x8E || c == 0x8F || (c >= 0xAA && c <= 0xAE))) ||
           (b == 0x81 && c >= 0xA6 && c <= 0xA9);
}

// An article's text for a terminal: its control characters (an escape
// sequence or a bell in a scraped page; C1 controls such as U+009B, a CSI
// to some terminals) become spaces, so a document cannot drive the
// terminal it is shown on; its bidi controls are left out, so that it
// cannot reorder what the terminal shows after it (the next hit, the
// count). The rest, valid or not, is left as it is.
std::string terminal_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7F) {
            out += ' ';
        } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
            out += ' ';
            ++i;
        } else if (is_bidi_control(s, i)) {
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// A query in a sentence: in quotes, unless it has its own (a phrase).
std::string quoted(const std::string& query) {
    for (const char* quote : {"\"", "\u201C", "\u201D", "\u201E"})
        if (query.find(quote) != std::string::npos) return query;
    return '"' + query + '"';
}

}  // namespace

bool bold_wanted(bool terminal, const char* no_color, const char* term) {
    if (!terminal) return false;
    if (no_color && *no_color) return false;  // no-color.org: set and not empty
    return !(term && std::string_view(term) == "dumb");
}

void print_text(const SearchResult& r, std::ostream& out, bool bold, const Facets* facets) {
    if (!r.like.empty()) out << "Like " << shown_id(r.like) << ", by its words: " << printable(r.query) << "\n\n";
    if (!r.suggestion.empty()) {
        out << "Bedoelde u: " << printable(r.suggestion) << '\n';
        if (r.corrected)
            out << "Showing results for " << quoted(printable(r.suggestion)) << "; for " << quoted(printable(r.query))
                << " as typed, add --exact.\n";
        out << '\n';
    }
    bool separated = false;
    for (const Hit& h : r.hits) {
        // Only the default matching ranks the hits with every word first:
        // --any ranks all in one order ("No document has every word" was
        // said above hits that had every word).
        if (!h.matched_all && !separated && r.built.plain && r.like.empty() && r.tiered) {
            out << (h.rank == 1 ? "No document has every word. " : "") << "Also relevant, with some of the words:\n\n";
            separated = true;
        }
        // The id is a path: shown exactly, a newline in it as \x0A, a backslash as \\ (shown_id).
        out << h.rank << ". " << (h.title.empty() ? shown_id(h.id) : terminal_text(h.title)) << '\n';
        out << "   " << (h.date.empty() ? "(no date)" : h.date) << "  " << shown_id(h.id);
        if (!h.source.empty()) out << "  " << terminal_text(h.source);
        out << '\n';
        if (!h.copies.empty()) {
            // At most a few: a scraper's 500 saved "Access denied" pages are one hit.
            constexpr std::size_t shown_copies = 5;
            out << "   also saved as:";
            for (std::size_t i = 0; i < h.copies.size() && i < shown_copies; ++i)
                out << (i ? ", " : " ") << shown_id(h.copies[i]);
            if (h.copies.size() > shown_copies) out << " and " << h.copies.size() - shown_copies << " more";
            out << '\n';
        }
        if (!h.snippet.text.empty()) {
            const std::string_view text = h.snippet.text;
            out << "   ";
            std::size_t cursor = 0;
            for (auto [b, e] : h.snippet.highlights) {
                out << terminal_text(text.substr(cursor, b - cursor));
                const std::string word = terminal_text(text.substr(b, e - b));
                out << (bold ? "\x1b[1m" + word + "\x1b[0m" : word);
                cursor = e;
            }
            out << terminal_text(text.substr(cursor)) << '\n';
        }
        out << '\n';
    }
    std::size_t last = r.hits.empty() ? 0 : r.hits.back().rank;
    // Past the last hit, or -n 0: the counts, as a page's line gives them.
    // A query of filters only (datum:maart-2019) has no words to count.
    const bool no_words = r.built.word_queries.empty() && r.built.words.empty();
    const bool every_word_count = r.built.plain && !r.built.operators && !no_words && r.like.empty() &&
                                  (r.total_exact || r.total_all != r.total);
    if (r.hits.empty() && r.total > 0)
        out << "No results on this page; " << (r.total_exact ? "" : "about ") << r.total << " in all"
            << (every_word_count ? ", " + std::to_string(r.total_all) + " with every word" : std::string()) << " ("
            << millis(r.millis) << ")\n";
    else if (r.hits.empty())
        out << "No results for: " << printable(r.query) << " (" << millis(r.millis) << ")\n";
    else if (!r.like.empty())  // twenty words: "with every word" would say nothing
        out << "Results " << r.hits.front().rank << "-" << last << " of " << (r.total_exact ? "" : "about ") << r.total
            << " with some of its words (" << millis(r.millis) << ")\n";
    else if (r.built.operators || no_words)  // the hits of "Iran OR Korea" need not have every word
        out << "Results " << r.hits.front().rank << "-" << last << " of " << (r.total_exact ? "" : "about ") << r.total
            << " (" << millis(r.millis) << ")\n";
    else if (!r.total_exact && r.total_all == r.total)  // an estimate of them all: the two are one
        out << "Results " << r.hits.front().rank << "-" << last << " of about " << r.total << " (" << millis(r.millis)
            << ")\n";
    else
        out << "Results " << r.hits.front().rank << "-" << last << " of " << (r.total_exact ? "" : "about ") << r.total << ", "
            << r.total_all << " with every word (" << millis(r.millis) << ")\n";
    if (r.total == 0 && !r.unquoted.empty())
        out << "Without the quotes " << r.unquoted_total_all
            << (r.unquoted_total_all == 1 ? " document has" : " documents have") << " every word, " << r.unquoted_total
            << " some of them: knipsel-query -- " << printable(r.unquoted) << '\n';
    if (facets && facets->matches > 0) {
        // "By year: 2018 12, 2019 8, no date 1"
        for (const Facet& f : facets->facets) {
            out << "By " << (f.field == "lang" ? "language" : f.field) << ":";
            const char* separator = " ";
            for (const FacetCount& c : f.counts) {
                out << separator << terminal_text(c.value) << ' ' << c.count;
                separator = ", ";
            }
            if (f.without > 0)
                out << separator << (f.field == "year" ? "no date " : f.field == "month" ? "no month " : "none ")
                    << f.without;
            out << '\n';
        }
    }
}

void print_json(const SearchResult& r, const std::vector<std::string>& missing_shards, std::ostream& out,
                const Facets* facets) {
    nlohmann::json results = nlohmann::json::array();
    for (const Hit& h : r.hits) {
        nlohmann::json marks = nlohmann::json::array();
        for (auto [b, e] : h.snippet.highlights)
            marks.push_back({codepoints(h.snippet.text, b), codepoints(h.snippet.text, e)});
        results.push_back({
            {"rank", h.rank},
            {"id", h.id},
            {"path", h.path},
            {"title", h.title},
            {"date", or_null(h.date)},
            {"source", or_null(h.source)},
            {"url", or_null(h.url)},
            {"lang", or_null(h.lang)},
            {"score", h.score},
            {"snippet", h.snippet.text},
            {"highlights", marks},
            {"matched_all", r.built.operators ? nlohmann::json(nullptr) : nlohmann::json(h.matched_all)},
            {"matched", h.matched},
            {"copies", h.copies},
        });
    }
    nlohmann::json j = {
        {"query", r.query},
        {"parsed", r.listed_query().get_description()},
        {"total", r.total},
        {"total_exact", r.total_exact},
        {"total_all", r.built.operators ? nlohmann::json(nullptr) : nlohmann::json(r.total_all)},
        {"results", results},
        {"time_ms", r.millis},
        {"suggestion", or_null(r.suggestion)},
        {"corrected", r.corrected},
    };
    if (!r.like.empty()) j["like"] = r.like;
    if (!r.missing.empty()) j["missing"] = r.missing;
    if (!r.unquoted.empty())
        j["without_quotes"] = {{"query", r.unquoted}, {"total", r.unquoted_total}, {"total_all", r.unquoted_total_all}};
    if (!r.built.synonyms_used.empty()) j["synonyms"] = r.built.synonyms_used;
    if (!r.built.unknown_filters.empty()) j["unknown_filters"] = r.built.unknown_filters;
    if (!r.built.unknown_fields.empty()) j["unknown_fields"] = r.built.unknown_fields;
    if (facets) {
        nlohmann::json fields = nlohmann::json::array();
        for (const Facet& f : facets->facets) {
            nlohmann::json counts = nlohmann::json::array();
            for (const FacetCount& c : f.counts) counts.push_back({{"value", c.value}, {"count", c.count}});
            fields.push_back({{"field", f.field}, {"counts", counts}, {"without", f.without}});
        }
        j["facets"] = {{"matches", facets->matches}, {"fields", fields}};
    }
    if (!missing_shards.empty()) {
        j["partial"] = true;
        j["missing_shards"] = missing_shards;
    }
    out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void print_shown_text(const Shown& shown, std::ostream& out) {
    bool first = true;
    for (const StoredArticle& a : shown.articles) {
        if (!first) out << '\n';
        first = false;
        out << "== " << shown_id(a.id) << '\n';
        auto field = [&out](const char* label, const std::string& value) {
            if (!value.empty()) out << label << terminal_text(value) << '\n';
        };
        field("title:  ", a.title);
        field("date:   ", a.date);
        field("source: ", a.source);
        field("lang:   ", a.lang);
        field("url:    ", a.url);
        if (!a.path.empty() && a.path != a.id) out << "file:   " << shown_id(a.path) << '\n';
        out << '\n';
        std::string_view body = a.body;
        while (!body.empty()) {
            const std::size_t end = body.find('\n');
            std::string_view line = body.substr(0, end);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            out << terminal_text(line) << '\n';
            if (end == std::string_view::npos) break;
            body.remove_prefix(end + 1);
        }
    }
}

void print_shown_json(const Shown& shown, const std::vector<std::string>& missing_shards, std::ostream& out) {
    nlohmann::json articles = nlohmann::json::array();
    for (const StoredArticle& a : shown.articles)
        articles.push_back({{"id", a.id},
                            {"title", or_null(a.title)},
                            {"date", or_null(a.date)},
                            {"source", or_null(a.source)},
                            {"url", or_null(a.url)},
                            {"path", a.path},
                            {"lang", or_null(a.lang)},
                            {"body", a.body}});
    // The ids as given; one that is no UTF-8 (typed on a Latin-1 terminal) as it was read.
    nlohmann::json missing = nlohmann::json::array();
    for (const std::string& id : shown.missing) missing.push_back(is_utf8(id) ? id : from_windows_1252(id));
    nlohmann::json j = {{"articles", articles}, {"missing", missing}};
    if (!missing_shards.empty()) {
        j["partial"] = true;
        j["missing_shards"] = missing_shards;
    }
    out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void print_explain(const SearchResult& r, const Analyser& analyser, const Schema& schema, std::ostream& out) {
    out << "query:    " << printable(r.query) << '\n';
    out << "analysed: " << printable(r.built.folded) << '\n';
    for (const auto& line : explain_terms(r.query, analyser, &schema)) out << "  " << printable(line) << '\n';
    for (const auto& group : r.built.synonyms_used) out << "synonyms: " << printable(group) << '\n';
    const Xapian::Query& matched = r.listed_query();
    out << "xapian:   " << matched.get_description() << '\n';
    if (r.tiered)
        out << "ranked:   every word first: " << r.built.at_least.back().get_description() << '\n';
    if (std::string notation = explain_notation(matched.get_description()); !notation.empty())
        out << "notation: " << notation << '\n';
    out << "analyser: " << analyser.identity() << '\n';
}

}  // namespace knipsel
