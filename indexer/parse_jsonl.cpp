// JSON Lines archives: one article per line. A bad line is reported with its
// number and skipped; the rest of the file is still indexed. Also the JSON-LD
// of HTML pages (read_json_ld), so that one file compiles nlohmann::json.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <unordered_map>
#include <vector>

#include "date.h"
#include "parse_internal.h"

namespace knipsel::detail {
namespace {

using nlohmann::json;

// nlohmann's message, shortened to its reason: "[json.exception.parse_error.101]
// parse error at line 1, column 9: syntax error while parsing object - unexpected
// end of input; expected '}'" -> "unexpected end of input; expected '}'", and
// "[json.exception.out_of_range.406] number overflow parsing '1e999'" ->
// "number overflow parsing '1e999'".
std::string short_reason(const json::exception& e) {
    std::string_view what = e.what();
    if (what.substr(0, 1) == "[")
        if (const std::size_t close = what.find("] "); close != std::string_view::npos) what.remove_prefix(close + 2);
    // The echo of the input ("; last read: '…'") can be long and multi-line.
    what = what.substr(0, what.find("; last read"));
    if (const std::size_t dash = what.rfind(" - "); dash != std::string_view::npos)
        what.remove_prefix(dash + 3);
    else if (const std::size_t colon = what.find(": "); colon != std::string_view::npos)
        what.remove_prefix(colon + 2);
    return message_text(trim(what), 80);
}

// Reads an optional string field; an error message when it has another type.
std::optional<std::string> read_string(const json& object, const char* key, std::string& target) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::nullopt;
    if (!it->is_string())
        return std::string("field '") + key + "' must be a string, not " + it->type_name();
    target = it->get<std::string>();
    return std::nullopt;
}

// A field under its name or, when that is absent, under another name that
// exports from other tools (newspaper3k, RSS converters) or Dutch users
// give it, taken when it is a string ("publisher" may be an object).
// An empty string under the name counts as absent ("title": "" beside
// "headline"), and an object with a "name" (NewsAPI's "source": {"name":
// "NOS"}, a publisher) gives its name.
std::optional<std::string> read_field(const json& object, const char* key,
                                      std::initializer_list<const char*> other_names, std::string& target) {
    if (const auto it = object.find(key); it != object.end() && !it->is_null()) {
        const auto name = it->is_object() ? it->find("name") : it->end();
        if (it->is_object() && name != it->end() && name->is_string()) {
            target = name->get<std::string>();
            if (!trim(target).empty()) return std::nullopt;
        } else if (auto error = read_string(object, key, target)) {
            return error;
        } else if (!trim(target).empty()) {
            return std::nullopt;
        }
    }
    for (const char* name : other_names) {
        const auto it = object.find(name);
        if (it == object.end()) continue;
        const json* value = &*it;
        if (value->is_object()) {  // "publisher": {"name": "NOS"}
            const auto named = value->find("name");
            if (named == value->end()) continue;
            value = &*named;
        }
        if (value->is_string() && !trim(value->get<std::string>()).empty()) {
            target = value->get<std::string>();
            break;
        }
    }
    return std::nullopt;
}

bool is_web_address(std::string_view s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

// The other names of the date field, in the order they are taken.
constexpr std::initializer_list<const char*> other_date_names = {
    "published", "publish_date", "date_publish", "publishedAt", "pubDate", "datePublished", "date_published", "datum"};

// An article's fields and the keys they are read from: ours, then the
// names of other tools' exports too: newspaper3k, news-please (maintext,
// date_publish, source_domain), trafilatura (its "source" is the page's
// address, its site "sitename" or "source-hostname"), NewsAPI
// (publishedAt, content, description), schema.org's NewsArticle as JSON
// (headline, datePublished, publisher, articleBody, inLanguage). In the
// order of parse_jsonl's targets: title, date, source, url, lang, body.
struct ArticleField {
    const char* key;
    std::initializer_list<const char*> other_names;
};
constexpr ArticleField article_fields[] = {
    {"title", {"headline", "titel"}},
    {"date", other_date_names},
    {"source", {"publisher", "bron", "sitename", "source-hostname", "source_domain", "hostname"}},
    {"url", {"link"}},
    {"lang", {"language", "inLanguage", "taal"}},
    {"body", {"text", "tekst", "maintext", "content", "description", "articleBody"}},
};

// The date of a record given as a number: under "date", or under another
// name when "date" has none. A whole number below 10^8 is a date's digits
// (20190312, 2019: as text they are that date); a larger one, or a string
// of 10 or 13 digits, a Unix time (see unix_time_day and is_unix_time;
// 10^8 seconds is 1973). nullopt when the date is text (read by set_date
// as every other date is, "0000000000" too); "" when it is a number that
// is no date (0, -5, 1.5, 1e300).
std::optional<std::string> epoch_date(const json& object) {
    auto from = [](const json& value) -> std::optional<std::string> {
        if (value.is_number_integer() && value.get<std::int64_t>() >= 0 && value.get<std::int64_t>() < 100000000)
            return normalise_date(std::to_string(value.get<std::int64_t>())).value_or("");
        if (value.is_number()) return unix_time_day(value.get<double>());
        if (!value.is_string()) return std::nullopt;
        const std::string_view text = trim(value.get_ref<const std::string&>());
        if (!is_unix_time(text)) return std::nullopt;
        return unix_time_day(std::stod(std::string(text)));
    };
    if (const auto it = object.find("date"); it != object.end() && !it->is_null()) {
        if (!(it->is_string() && trim(it->get_ref<const std::string&>()).empty())) return from(*it);
    }
    for (const char* name : other_date_names) {
        const auto it = object.find(name);
        if (it == object.end() || it->is_null()) continue;
        if (it->is_number()) return from(*it);
        if (it->is_string() && !trim(it->get_ref<const std::string&>()).empty()) return from(*it);
    }
    return std::nullopt;
}


std::string normalise_line_endings(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\r') out += text[i];
        else if (i + 1 >= text.size() || text[i + 1] != '\n') out += '\n';
    }
    return out;
}

}  // namespace

namespace {

// JSON as sites write it into their pages, made JSON: a line break inside
// a string (a space now) and a comma before a closing bracket (gone).
std::string relaxed_json(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool in_string = false, escaped = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            out += c == '\n' || c == '\r' || c == '\t' ? ' ' : c;
            continue;
        }
        if (c == '"') in_string = true;
        if (c == ',') {
            const std::size_t next = text.find_first_not_of(" \t\r\n", i + 1);
            if (next != std::string_view::npos && (text[next] == '}' || text[next] == ']')) continue;
        }
        out += c;
    }
    return out;
}

}  // namespace

JsonLd read_json_ld(std::string_view json_text) {
    JsonLd out;
    json ld = json::parse(json_text, nullptr, false);
    if (ld.is_discarded()) ld = json::parse(relaxed_json(json_text), nullptr, false);
    if (ld.is_discarded()) return out;
    auto first = [](const json& object, const char* key, std::string& target) {
        if (!target.empty()) return;
        if (auto it = object.find(key); it != object.end() && it->is_string()) target = it->get<std::string>();
    };
    // The nodes a graph names by their "@id", as Yoast's refers to its
    // Organization from the article ("publisher": {"@id": "…#organization"}).
    std::unordered_map<std::string, const json*> by_id;
    std::vector<const json*> stack{&ld};
    while (!stack.empty()) {
        const json* j = stack.back();
        stack.pop_back();
        if (j->is_object())
            if (auto id = j->find("@id"); id != j->end() && id->is_string() && j->contains("name"))
                by_id.emplace(id->get<std::string>(), j);
        if (j->is_object() || j->is_array())
            for (const json& child : *j) stack.push_back(&child);
    }
    const auto node = [&](const json& j) {
        if (auto id = j.find("@id"); id != j.end() && id->is_string() && !j.contains("name"))
            if (auto it = by_id.find(id->get<std::string>()); it != by_id.end()) return it->second;
        return &j;
    };
    stack = {&ld};
    while (!stack.empty()) {
        const json* j = stack.back();
        stack.pop_back();
        if (j->is_array()) {
            for (auto it = j->rbegin(); it != j->rend(); ++it) stack.push_back(&*it);
            continue;
        }
        if (!j->is_object()) continue;
        first(*j, "datePublished", out.date_published);
        first(*j, "dateCreated", out.date_created);
        first(*j, "headline", out.headline);
        if (auto p = j->find("publisher"); p != j->end() && p->is_object()) first(*node(*p), "name", out.publisher);
        if (auto g = j->find("@graph"); g != j->end()) stack.push_back(&*g);
        // A WebPage whose mainEntity is the article.
        if (auto m = j->find("mainEntity"); m != j->end()) stack.push_back(&*m);
    }
    return out;
}

namespace {

// A JSON document written over several lines (pretty-printed, or an array
// of articles) saved as .jsonl: one error for the file, on its first line,
// instead of one for each of its lines. false when the text is not one.
bool several_line_document(std::string_view text, ParseResult& out) {
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return false;
    const std::size_t line_end = std::min(text.find('\n', first), text.size());
    if (line_end == text.size()) return false;  // one line: read as JSON Lines
    if (!json::parse(text.substr(first, line_end - first), nullptr, false).is_discarded()) return false;
    const json whole = json::parse(text, nullptr, false);
    if (whole.is_discarded() || !(whole.is_object() || whole.is_array())) return false;
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + first, '\n'));
    out.errors.push_back({line, std::string("one JSON ") + (whole.is_array() ? "array" : "object") +
                                    " over several lines, not JSON Lines (one article's object a line): "
                                    "rewrite it with jq -c " + (whole.is_array() ? "'.[]'" : "'.'")});
    return true;
}

}  // namespace

void parse_jsonl(std::string_view text, const std::string& rel_path, ParseResult& out) {
    if (several_line_document(text, out)) return;
    std::unordered_map<std::string, std::size_t> first_line_of_id;
    std::size_t line_number = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++line_number;
        if (trim(line).empty()) continue;

        auto fail = [&](std::string message) { out.errors.push_back({line_number, std::move(message)}); };
        json object;
        try {
            object = json::parse(line);
        } catch (const json::parse_error& e) {
            fail("not valid JSON: " + short_reason(e));
            continue;
        } catch (const json::exception& e) {
            // out_of_range for a number such as 1e999: only this line is lost.
            fail(short_reason(e));
            continue;
        }
        if (!object.is_object()) {
            fail(std::string("not a JSON object but ") + object.type_name() +
                 (object.is_array() ? " (an array of articles is one a line: jq -c '.[]')" : ""));
            continue;
        }

        std::string id;
        auto id_field = object.find("id");
        // Scrapers' exports (news-please) have no id, or an empty one: the
        // article's address is one (trafilatura's is its "source").
        const auto blank = [](const json& v) {
            return v.is_null() || (v.is_string() && trim(v.get_ref<const std::string&>()).empty());
        };
        if (id_field == object.end() || blank(*id_field))
            for (const char* key : {"url", "link", "source"})
                if (const auto it = object.find(key);
                    it != object.end() && it->is_string() && is_web_address(it->get<std::string>())) {
                    id_field = it;
                    break;
                }
        if (id_field == object.end() || id_field->is_null()) {
            fail("no id");
            continue;
        }
        if (id_field->is_string()) id = id_field->get<std::string>();
        else if (id_field->is_number_unsigned()) id = std::to_string(id_field->get<std::uint64_t>());
        else if (id_field->is_number_integer()) id = std::to_string(id_field->get<std::int64_t>());
        else {
            fail(std::string("field 'id' must be a string or an integer, not ") + id_field->type_name());
            continue;
        }
        if (trim(id).empty()) {
            fail("no id");
            continue;
        }

        Article article;
        std::string date;
        // A Unix time (a number, which read_field refuses) is the date it stands for.
        const std::optional<std::string> epoch = epoch_date(object);
        std::optional<std::string> type_error;
        std::string* const targets[] = {&article.title, &date, &article.source, &article.url, &article.lang,
                                        &article.body};
        for (std::size_t i = 0; i < std::size(article_fields); ++i) {
            if (targets[i] == &date && epoch) continue;
            if (!type_error)
                type_error = read_field(object, article_fields[i].key, article_fields[i].other_names, *targets[i]);
        }
        const std::string full_id = rel_path + "#" + id;
        auto fail_for = [&](std::string message) {
            out.errors.push_back({line_number, std::move(message), full_id});
        };
        if (type_error) {
            fail_for(*type_error);
            continue;
        }
        // A title with no body while a long text sits under a key of
        // another name ("inhoud"): said, as the article is indexed by its
        // title alone.
        if (trim(article.body).empty() && !trim(article.title).empty()) {
            constexpr std::size_t long_text = 200;
            const auto ours = [](const std::string& key) {
                for (const ArticleField& f : article_fields) {
                    if (key == f.key) return true;
                    for (const char* other : f.other_names)
                        if (key == other) return true;
                }
                return false;
            };
            std::string longest;
            std::size_t longest_size = 0;
            for (const auto& [key, value] : object.items())
                if (value.is_string() && value.get_ref<const std::string&>().size() >= long_text &&
                    value.get_ref<const std::string&>().size() > longest_size && !ours(key)) {
                    longest = key;
                    longest_size = value.get_ref<const std::string&>().size();
                }
            if (!longest.empty())
                out.warnings.push_back({line_number, "no body: indexed by its title; the text under '" + longest +
                                                         "' is not read (the body is 'body', 'text', 'tekst', "
                                                         "'maintext', 'content', 'description' or 'articleBody')"});
        }
        if (is_web_address(trim(article.source))) {  // trafilatura's "source": the page, not the paper
            if (trim(article.url).empty()) article.url = std::string(trim(article.source));
            article.source.clear();
            for (const char* name : {"publisher", "sitename", "source-hostname", "source_domain", "hostname"})
                if (const auto it = object.find(name);
                    it != object.end() && it->is_string() && !trim(it->get<std::string>()).empty()) {
                    article.source = it->get<std::string>();
                    break;
                }
        }

        if (trim(article.title).empty() && trim(article.body).empty()) {
            fail_for("no title or body");
            continue;
        }

        const auto [previous, inserted] = first_line_of_id.emplace(id, line_number);
        if (!inserted) {
            fail_for("duplicate id '" + id + "' (first on line " + std::to_string(previous->second) + ")");
            continue;
        }

        article.id = rel_path + "#" + id;
        article.path = rel_path;
        article.record_bytes = line.size();
        article.body = std::string(trim(normalise_line_endings(article.body)));
        // Exports of a site's CMS keep the article as its HTML: read as a page's text.
        if (looks_like_html(article.body)) article.body = html_text(article.body);
        if (looks_like_html(article.title)) article.title = html_text(article.title);
        set_lang(article, std::string(article.lang), line_number, out);
        if (epoch) {
            if (epoch->empty()) {
                out.warnings.push_back({line_number, "invalid date (a number that is no date nor Unix time), ignored"});
            } else {
                article.date = *epoch;
            }
        } else {
            set_date(article, date, line_number, out);
        }
        add_article(std::move(article), line_number, out);
    }
}

}  // namespace knipsel::detail
