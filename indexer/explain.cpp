#include "explain.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <system_error>
#include <utility>

#include <sys/stat.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "analyser.h"
#include "error.h"
#include "index_layout.h"
#include "parsers.h"
#include "schema.h"

namespace knipsel {
namespace {

namespace fs = std::filesystem;

// A positional term of one field, and the stem terms the document has for it.
struct WordTerms {
    std::string word;  // the term without the field's prefix
    std::vector<Xapian::termpos> positions;
    Xapian::termcount wdf = 0;
    bool stopword = false;
    std::string stem;                // its Z term, "" when the document has none
    std::vector<std::string> parts;  // the Z terms of its compound parts
};

// A document taken apart again: what a search can find it by.
struct Explained {
    std::map<std::string, std::string> data;
    std::vector<WordTerms> title_words, words;
    std::vector<std::string> filters;      // boolean terms: id, language, source, type, dates
    std::vector<std::string> other_terms;  // terms none of the above accounts for
    std::vector<std::pair<Xapian::valueno, std::string>> values;  // the schema's slots
};

// The upper-case run a term starts with: its Xapian prefix.
std::string_view prefix_of(std::string_view term) {
    std::size_t n = 0;
    while (n < term.size() && term[n] >= 'A' && term[n] <= 'Z') ++n;
    return term.substr(0, n);
}

// `main_analyser`: the index's; the document's language picks its own.
Explained take_apart(const Xapian::Document& doc, const Schema& schema, const Analyser& main_analyser) {
    Explained e;
    e.data = decode_data(doc.get_data());
    const Analyser& analyser = main_analyser.for_language(e.data["language"]);
    const FieldSpec* title = schema.field("title");
    const std::string title_prefix = title && title->kind == FieldKind::text ? title->prefix : std::string("\x01");
    const std::string body_prefix = schema.required("body", FieldKind::text).prefix;

    std::set<std::string> stems;  // the document's Z terms
    std::vector<std::pair<std::string, WordTerms>> positional;  // prefix, word
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        std::vector<Xapian::termpos> positions(t.positionlist_begin(), t.positionlist_end());
        const std::string_view prefix = prefix_of(term);
        if (!positions.empty()) {
            WordTerms w;
            w.word = term.substr(prefix.size());
            w.positions = std::move(positions);
            w.wdf = t.get_wdf();
            positional.emplace_back(std::string(prefix), std::move(w));
        } else if (!prefix.empty() && prefix[0] == 'Z') {
            stems.insert(term);
        } else {
            e.filters.push_back(term);
        }
    }
    std::set<std::string> unclaimed = stems;  // those no word accounts for (yet)
    for (auto& [prefix, w] : positional) {
        const bool in_title = prefix == title_prefix, in_body = prefix == body_prefix;
        if (!in_title && !in_body) {
            e.other_terms.push_back(prefix + w.word);
            continue;
        }
        // What index_tokens added for the word, as far as the document has
        // it ("sancties" and "sanctie" share their stem).
        const Analyser::TermInfo& info = analyser.term_info(w.word);
        w.stopword = info.stopword;
        if (!info.stopword) {
            if (std::string stem = "Z" + prefix + info.stem; stems.count(stem)) {
                unclaimed.erase(stem);
                w.stem = std::move(stem);
            }
            for (const std::string& part : info.part_stems)
                if (std::string term = "Z" + prefix + part; stems.count(term) && term != w.stem) {
                    unclaimed.erase(term);
                    w.parts.push_back(std::move(term));
                }
        }
        (in_title ? e.title_words : e.words).push_back(std::move(w));
    }
    e.other_terms.insert(e.other_terms.end(), unclaimed.begin(), unclaimed.end());
    for (auto* list : {&e.title_words, &e.words})
        std::stable_sort(list->begin(), list->end(),
                         [](const WordTerms& a, const WordTerms& b) { return a.positions.front() < b.positions.front(); });
    // The schema's slots (0-99); knipsel's own bookkeeping of the file
    // (stamps and hashes, slots 100-104) says nothing about the analysis.
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
        if (v.get_valueno() < 100) e.values.emplace_back(v.get_valueno(), *v);
    return e;
}

// Characters, not bytes, for lining up columns.
std::size_t width(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string padded(std::string s, std::size_t to) {
    const std::size_t w = width(s);
    if (w < to) s.append(to - w, ' ');
    return s;
}

constexpr std::size_t positions_shown = 6;

std::string positions_text(const std::vector<Xapian::termpos>& positions) {
    std::string out;
    for (std::size_t i = 0; i < positions.size() && i < positions_shown; ++i) {
        if (i) out += ' ';
        out += std::to_string(positions[i]);
    }
    if (positions.size() > positions_shown) out += " …";
    return out;
}

std::string stems_text(const WordTerms& w) {
    if (w.stopword) return "stopword: no stem";
    std::string out = w.stem.empty() ? std::string("no stem") : w.stem;
    if (!w.parts.empty()) {
        out += "  parts:";
        for (const auto& p : w.parts) out += " " + p;
    }
    return out;
}

void print_words(std::ostream& out, const std::vector<WordTerms>& words) {
    std::size_t word_w = 4, pos_w = 9;
    for (const auto& w : words) {
        word_w = std::max(word_w, std::min<std::size_t>(width(printable(w.word)), 28));
        pos_w = std::max(pos_w, width(positions_text(w.positions)));
    }
    out << "    " << padded("word", word_w) << "  " << padded("n", 4) << "  " << padded("positions", pos_w)
        << "  stems\n";
    for (const auto& w : words) {
        const std::string n = std::to_string(w.positions.size());
        out << "    " << padded(printable(w.word), word_w) << "  " << padded(n, 4) << "  "
            << padded(positions_text(w.positions), pos_w) << "  " << stems_text(w) << '\n';
    }
}

void print_text(std::ostream& out, const Explained& e, const Schema& schema) {
    auto field = [&](const char* label, const char* name) {
        auto it = e.data.find(name);
        if (it != e.data.end() && !it->second.empty())
            out << "  " << padded(label, 9) << ' ' << printable(it->second) << '\n';
    };
    auto id = e.data.find("id");
    // As knipsel-query shows the id, a backslash doubled, and --show takes it back.
    out << '\n' << shown_id(id == e.data.end() ? std::string() : id->second) << '\n';
    field("title", "title");
    field("date", "date");
    field("source", "source");
    field("language", "language");
    field("url", "url");
    out << "  " << padded("filters", 9);
    for (const auto& f : e.filters) out << ' ' << printable(f);
    out << '\n';
    if (!e.values.empty()) {
        out << "  " << padded("values", 9);
        for (const auto& [slot, value] : e.values) out << ' ' << slot << '=' << printable(value);
        out << '\n';
    }
    const FieldSpec* title = schema.field("title");
    if (!e.title_words.empty() && title) {
        out << "  title words, " << e.title_words.size() << " (prefix " << title->prefix << "):\n";
        print_words(out, e.title_words);
    }
    std::size_t positions = 0;
    for (const auto& w : e.words) positions += w.positions.size();
    out << "  words, " << e.words.size() << " at " << positions << " positions";
    if (!e.title_words.empty() && title)
        out << " (the title's words first, weighted " << title->weight << "×)";
    out << ":\n";
    print_words(out, e.words);
    if (!e.other_terms.empty()) {
        out << "  other terms:";
        for (const auto& t : e.other_terms) out << ' ' << printable(t);
        out << '\n';
    }
}

nlohmann::json words_json(const std::vector<WordTerms>& words) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& w : words) {
        nlohmann::json j = {{"word", w.word},           {"positions", w.positions}, {"wdf", w.wdf},
                            {"stopword", w.stopword}, {"stem", nullptr},          {"parts", w.parts}};
        if (!w.stem.empty()) j["stem"] = w.stem;
        out.push_back(std::move(j));
    }
    return out;
}

nlohmann::json explained_json(const Explained& e) {
    nlohmann::json j = nlohmann::json::object();
    for (const char* name : {"id", "title", "date", "source", "language", "url"}) {
        auto it = e.data.find(name);
        j[name == std::string("language") ? "lang" : name] = it == e.data.end() ? std::string() : it->second;
    }
    j["filters"] = e.filters;
    nlohmann::json values = nlohmann::json::object();
    for (const auto& [slot, value] : e.values) values[std::to_string(slot)] = value;
    j["values"] = std::move(values);
    j["title_words"] = words_json(e.title_words);
    j["words"] = words_json(e.words);
    j["other_terms"] = e.other_terms;
    return j;
}

nlohmann::json problems_json(const std::vector<ParseIssue>& issues) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : issues) {
        nlohmann::json j = {{"reason", p.message}};
        if (p.line) j["line"] = p.line;
        out.push_back(std::move(j));
    }
    return out;
}

}  // namespace

ExplainSummary explain_files(const IndexOptions& options, std::ostream& out, std::ostream& diag) {
    const Schema schema = load_schema_file(options.schema_path);
    const Analyser analyser(schema.analysis);
    ExplainSummary summary;
    nlohmann::json files = nlohmann::json::array();
    for (const std::string& name : options.roots) {
        std::vector<ParseIssue> errors, warnings;
        nlohmann::json docs = nlohmann::json::array();
        std::string type;
        // Each problem goes to `diag` as a run prints it, and into the summary.
        auto report = [&](bool error) {
            for (const auto& issue : error ? errors : warnings) {
                FileProblem p{name, issue.line, issue.message};
                if (!options.quiet || error)
                    diag << "knipsel-index: " << (error ? "error: " : "warning: ") << describe(p) << '\n';
                (error ? summary.errors : summary.warnings).push_back(std::move(p));
            }
        };
        const fs::path path(name);
        const Format format = format_for(path);
        struct stat st {};
        std::string bytes, why;
        bool truncated = false;
        int open_errno = 0;
        if (::stat(name.c_str(), &st) != 0) {
            errors.push_back({0, std::string("cannot read: ") + std::strerror(errno)});
        } else if (S_ISDIR(st.st_mode)) {
            errors.push_back({0, "a folder: --explain takes files (" + name + "/*.md, for one)"});
        } else if (format == Format::unknown) {
            errors.push_back({0, "not a format knipsel reads (.txt, .md, .html, .htm, .jsonl, .rss, .atom)"});
        } else if (!read_file(path, read_limit(format), bytes, truncated, why, open_errno)) {
            errors.push_back({0, why});
        } else if (const std::string_view nothing = nothing_in(bytes); !nothing.empty()) {
            warnings.push_back({0, std::string(nothing) + ", nothing to index"});
        } else {
            ++summary.files;
            SourceFile file;
            type = file.format = mime_type(format, name);
            file.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
            file.ctime_ns = static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
            file.size = static_cast<std::uint64_t>(st.st_size);
            file.content_hash = content_hash(bytes);
            std::error_code ec;
            file.abs_path = fs::absolute(path, ec).lexically_normal().string();
            // Its id as a run over this file gives it: the name in its folder.
            ParseResult parsed = parse_file_taking(format, std::move(bytes), path.filename().string());
            if (truncated)
                parsed.warnings.push_back({0, "larger than " + std::to_string(read_limit(format) >> 20) +
                                                  " MB: only its first " +
                                                  std::to_string(read_limit(format) >> 20) + " MB are indexed"});
            errors = std::move(parsed.errors);
            warnings = std::move(parsed.warnings);
            file.doc_count = parsed.articles.size();
            file.had_errors = !errors.empty();
            if (!options.json)
                out << shown_id(name) << ": " << parsed.articles.size()  // one line, as messages name files
                    << (parsed.articles.size() == 1 ? " document" : " documents") << " (" << type << ")\n";
            for (const Article& a : parsed.articles) {
                const Xapian::Document doc = make_document(a, file, schema, analyser);
                const Explained e = take_apart(doc, schema, analyser);
                if (options.json)
                    docs.push_back(explained_json(e));
                else
                    print_text(out, e, schema);
                ++summary.documents;
            }
            if (!options.json && !parsed.articles.empty()) out << '\n';
        }
        report(true);
        report(false);
        if (options.json)
            files.push_back({{"file", name},
                             {"type", type},
                             {"documents", std::move(docs)},
                             {"errors", problems_json(errors)},
                             {"warnings", problems_json(warnings)}});
    }
    if (options.json) {
        nlohmann::json j = {{"schema", options.schema_path},
                            {"files", std::move(files)},
                            {"documents", summary.documents},
                            {"errors", summary.errors.size()},
                            {"warnings", summary.warnings.size()}};
        out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }
    return summary;
}

}  // namespace knipsel
