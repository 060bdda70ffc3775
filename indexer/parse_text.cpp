// The two plain-text formats: .txt with an optional "key value" header and
// .md with YAML (or Hugo's TOML) front matter, whose Markdown body becomes plain text for
// indexing (a light converter of the constructs news articles use).
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <iomanip>
#include <optional>
#include <sstream>
#include <vector>

#include <toml++/toml.h>
#include <yaml-cpp/yaml.h>

#include "date.h"
#include "parse_internal.h"
#include "toml_guard.h"

namespace knipsel::detail {
namespace {

// The keys of a .txt header or Markdown front matter, with their Dutch
// names (as the query's field names have them).
constexpr std::array<std::pair<std::string_view, std::string_view>, 9> metadata_keys = {{
    {"date", "date"}, {"title", "title"}, {"source", "source"}, {"url", "url"}, {"lang", "lang"},
    {"datum", "date"}, {"titel", "title"}, {"bron", "source"}, {"taal", "lang"}}};

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::string_view ltrim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    return s;
}

std::string_view rtrim(std::string_view s) {
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// The English name of a metadata key in any case ("Titel" -> "title"), or
// "" for another word.
std::string_view metadata_key(std::string_view key) {
    for (auto [name, english] : metadata_keys)
        if (iequals(key, name)) return english;
    return {};
}

// title/source/url/lang (English names); the date goes through set_date for its warning,
// and the language warns at `line` when it is none we know.
void set_field(Article& article, std::string_view key, std::string_view value, std::size_t line,
               ParseResult& out) {
    if (key == "title") article.title = std::string(value);
    else if (key == "source") article.source = std::string(value);
    else if (key == "url") article.url = std::string(value);
    else if (key == "lang") set_lang(article, value, line, out);
}

// The date of a header or front matter: a Unix time (see is_unix_time;
// read as a date, its first four digits were a year of the 16th century)
// as the day it was in the Netherlands, as a .jsonl date is read; any
// other value through set_date for its warning ("0000000000" too).
void set_text_date(Article& article, std::string_view value, std::size_t line, ParseResult& out) {
    value = trim(value);
    if (is_unix_time(value)) {
        if (std::string day = unix_time_day(std::stod(std::string(value))); !day.empty()) {
            article.date = std::move(day);
            return;
        }
    }
    set_date(article, value, line, out);
}

// The names static-site generators and feeds give the publication date in
// front matter: Astro's pubDate, Hugo's publishDate, JSON Feed's
// date_published, schema.org's datePublished. In this order, in any case,
// when the front matter has no date or datum (as a .jsonl's other names).
constexpr std::array<std::string_view, 5> other_date_keys = {
    "pubDate", "publishDate", "published", "date_published", "datePublished"};

// A front matter's date under one of other_date_keys, kept until all its
// keys are read.
struct OtherDate {
    bool date_given = false;  // a date or datum with a value: the others do not count
    std::string value;
    std::size_t line = 0;
    std::size_t rank = other_date_keys.size();  // the key's place in other_date_keys; size() for none yet
};

// The place of a key in other_date_keys, or other_date_keys.size().
std::size_t other_date_rank(std::string_view name) {
    std::size_t rank = 0;
    while (rank < other_date_keys.size() && !iequals(name, other_date_keys[rank])) ++rank;
    return rank;
}

// One key of front matter (as written) and its value: a field of ours set,
// the date under another name kept in `other`, any other key ignored.
void take_front_matter_value(std::string_view name, std::string_view value, std::size_t line, Article& article,
                             OtherDate& other, ParseResult& out) {
    const std::string_view key = metadata_key(name);
    if (key == "date") {
        set_text_date(article, value, line, out);
        other.date_given = other.date_given || !trim(value).empty();
        return;
    }
    if (!key.empty()) {
        set_field(article, key, value, line, out);
        return;
    }
    const std::size_t rank = other_date_rank(name);
    // Jekyll's "published: false" marks a draft: a flag, not a date to warn about.
    static constexpr std::string_view flags[] = {"true", "false", "yes", "no", "on", "off"};
    const bool flag = std::any_of(std::begin(flags), std::end(flags), [&](std::string_view f) {
        return iequals(trim(value), f);
    });
    if (rank >= other.rank || trim(value).empty() || flag) return;
    other.value = std::string(value);
    other.line = line;
    other.rank = rank;
}

// The date under another name, when the front matter gave no date or datum.
void set_other_date(Article& article, const OtherDate& other, ParseResult& out) {
    if (!other.date_given && other.rank < other_date_keys.size()) set_text_date(article, other.value, other.line, out);
}

// A TOML date as text, "YYYY-MM-DD".
std::string date_text(const toml::date& d) {
    std::ostringstream out;
    out << std::setfill('0') << std::setw(4) << int(d.year) << '-' << std::setw(2) << int(d.month) << '-'
        << std::setw(2) << int(d.day);
    return out.str();
}

// A TOML date-time as ISO text, "YYYY-MM-DDTHH:MM:SS" and its offset
// ("Z", "+01:00") if it has one: read as a quoted one is, a UTC time on
// the day it was in the Netherlands.
std::string date_time_text(const toml::date_time& dt) {
    std::ostringstream out;
    out << date_text(dt.date) << 'T' << std::setfill('0') << std::setw(2) << int(dt.time.hour) << ':' << std::setw(2)
        << int(dt.time.minute) << ':' << std::setw(2) << int(dt.time.second);
    if (dt.offset) {
        const int minutes = dt.offset->minutes;
        if (minutes == 0) {
            out << 'Z';
        } else {
            const int away = minutes < 0 ? -minutes : minutes;
            out << (minutes < 0 ? '-' : '+') << std::setw(2) << away / 60 << ':' << std::setw(2) << away % 60;
        }
    }
    return out.str();
}

// Joins lines [first, end) back into text.
std::string join_lines(const std::vector<std::string_view>& lines, std::size_t first) {
    std::string out;
    for (std::size_t i = first; i < lines.size(); ++i) {
        if (i > first) out += '\n';
        out += lines[i];
    }
    return out;
}

// ---- Markdown -> text ------------------------------------------------------

bool is_word_byte(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Decodes the entity at s[0] == '&' into out; returns the bytes consumed, or
// 0 when it is no entity we know (the '&' is then kept as text).
std::size_t decode_entity(std::string_view s, std::string& out) {
    const std::size_t semi = s.find(';');
    if (semi == std::string_view::npos || semi > 10) return 0;
    const std::string_view name = s.substr(1, semi - 1);
    struct Named {
        std::string_view name, text;
    };
    static constexpr Named named[] = {{"amp", "&"},  {"lt", "<"},       {"gt", ">"},
                                      {"quot", "\""}, {"apos", "'"},     {"nbsp", " "},
                                      {"euro", "€"},  {"hellip", "…"}};
    for (const Named& n : named) {
        if (name == n.name) {
            out += n.text;
            return semi + 1;
        }
    }
    // Any other name HTML5 knows ("&eacute;", "&rsquo;", "&mdash;", "&shy;"), as gumbo reads it.
    const auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    if (!name.empty() && std::all_of(name.begin(), name.end(), alnum)) {
        const std::string text = decode_reference(s.substr(0, semi + 1));
        if (text.empty()) return 0;
        out += text;
        return semi + 1;
    }
    if (name.size() >= 2 && name[0] == '#') {
        const bool hex = name[1] == 'x' || name[1] == 'X';
        const std::string_view digits = name.substr(hex ? 2 : 1);
        if (digits.empty()) return 0;
        std::uint32_t cp = 0;
        for (char c : digits) {
            const int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                          : hex && std::isxdigit(static_cast<unsigned char>(c))
                              ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                              : -1;
            if (v < 0) return 0;
            cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
            if (cp > 0x10FFFF) return 0;
        }
        append_utf8(out, cp);
        return semi + 1;
    }
    return 0;
}

// Text with HTML's character references decoded as the Markdown body's are:
// exporters from WordPress write a title as its HTML ("Kim &#038; Trump:
// &#8216;geen akkoord&#8217;"), whose digits were indexed as words.
std::string references_decoded(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t used = s[i] == '&' ? decode_entity(s.substr(i), out) : 0;
        if (used == 0) out += s[i];
        i += used == 0 ? 1 : used;
    }
    return out;
}

// Inline HTML tags that sit inside a word ("<b>Noord</b>-Korea") vanish;
// any other tag separates words.
bool is_inline_tag(std::string_view name) {
    static constexpr std::string_view inline_tags[] = {
        "a", "abbr", "b", "cite", "code", "em", "i", "kbd", "mark", "q", "s",
        "small", "span", "strong", "sub", "sup", "u", "del", "ins", "time"};
    for (std::string_view tag : inline_tags)
        if (iequals(name, tag)) return true;
    return false;
}

// The index of the bracket closing the one at s[open], or npos.
std::size_t matching(std::string_view s, std::size_t open, char open_ch, char close_ch) {
    int depth = 0;
    for (std::size_t i = open; i < s.size(); ++i) {
        if (s[i] == '\\') {
            ++i;
        } else if (s[i] == open_ch) {
            ++depth;
        } else if (s[i] == close_ch && --depth == 0) {
            return i;
        }
    }
    return std::string_view::npos;
}

// Whether the text between < and > is a CommonMark autolink: a scheme and
// a colon, or an e-mail address, with no space or < > in it. A tag that
// holds an address, <a href="https://…"> or <img src="https://…">, is none.
bool is_autolink(std::string_view inside) {
    if (inside.find_first_of(" \t\n<>") != std::string_view::npos) return false;
    const std::size_t colon = inside.find(':');
    if (colon != std::string_view::npos && colon >= 2 && colon <= 32 &&
        std::isalpha(static_cast<unsigned char>(inside[0])) &&
        std::all_of(inside.begin(), inside.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '.' || c == '-';
        }))
        return true;
    const std::size_t at = inside.find('@');
    return at != std::string_view::npos && at > 0 && inside.find('.', at) != std::string_view::npos &&
           inside.find('/') == std::string_view::npos;
}

// The position of `needle` in s from `from` on, in any ASCII case, or npos.
std::size_t find_ignoring_case(std::string_view s, std::string_view needle, std::size_t from) {
    for (std::size_t i = from; i + needle.size() <= s.size(); ++i)
        if (iequals(s.substr(i, needle.size()), needle)) return i;
    return std::string_view::npos;
}

// A Markdown line without what a reader never sees of its raw HTML:
// comments and <script> or <style> elements, which may run over lines
// (`hidden_end` holds the "-->" or "</script" still to come, "" when none;
// `after` is the text after the line).
std::string without_hidden_html(std::string_view line, std::string& hidden_end, std::string_view after) {
    std::string out;
    std::size_t i = 0;
    while (i < line.size()) {
        if (!hidden_end.empty()) {
            const std::size_t end = find_ignoring_case(line, hidden_end, i);
            if (end == std::string_view::npos) return out;
            i = end + hidden_end.size();
            if (hidden_end != "-->") {  // the rest of "</script >"
                const std::size_t gt = line.find('>', i);
                i = gt == std::string_view::npos ? line.size() : gt + 1;
            }
            hidden_end.clear();
            out += ' ';
            continue;
        }
        const std::size_t lt = line.find('<', i);
        if (lt == std::string_view::npos) {
            out += line.substr(i);
            break;
        }
        out += line.substr(i, lt - i);
        i = lt + 1;
        const std::string_view rest = line.substr(lt);
        // What opens here, and what closes it.
        std::string_view opener, closer;
        if (rest.starts_with("<!--")) {
            opener = "<!--";
            closer = "-->";
        }
        for (std::string_view name : {"script", "style"}) {
            const std::size_t n = 1 + name.size();
            if (opener.empty() && rest.size() >= n && iequals(rest.substr(1, name.size()), name) &&
                (rest.size() == n || rest[n] == '>' || is_space(rest[n]) || rest[n] == '/')) {
                opener = rest.substr(0, n);
                closer = name == "script" ? "</script" : "</style";
            }
        }
        // Hidden: one that opens the line (an HTML block, to its closer's
        // line), or one closed in its paragraph. Inside a paragraph an
        // unclosed one is text, as in a code span ("een `<script>` op de
        // site"): it hid the rest of the article.
        const bool in_code_span = std::count(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(lt), '`') % 2;
        const auto closed_in_paragraph = [&] {
            if (find_ignoring_case(line, closer, lt + opener.size()) != std::string_view::npos) return true;
            std::size_t blank = after.size();  // the paragraph's end: a line of spaces only
            for (std::size_t at = 0; at < after.size();) {
                const std::size_t eol = std::min(after.find('\n', at), after.size());
                if (trim(after.substr(at, eol - at)).empty()) {
                    blank = at;
                    break;
                }
                at = eol + 1;
            }
            return find_ignoring_case(after.substr(0, blank), closer, 0) != std::string_view::npos;
        };
        if (opener.empty() || in_code_span || (lt > 0 && !closed_in_paragraph())) {
            out += '<';
            continue;
        }
        hidden_end = std::string(closer);
        i = lt + opener.size();
    }
    return out;
}

std::string inline_text(std::string_view s) {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == '\\' && i + 1 < s.size() && std::ispunct(static_cast<unsigned char>(s[i + 1]))) {
            out += s[i + 1];
            i += 2;
        } else if (c == '`') {
            std::size_t run = s.find_first_not_of('`', i);
            if (run == std::string_view::npos) run = s.size();
            const std::string_view ticks = s.substr(i, run - i);
            const std::size_t close = s.find(ticks, run);
            if (close == std::string_view::npos) {
                i = run;  // a stray backtick is a marker to drop
            } else {
                out += trim(s.substr(run, close - run));
                i = close + ticks.size();
            }
        } else if (c == '[' || (c == '!' && i + 1 < s.size() && s[i + 1] == '[')) {
            // [text](url), [text][ref], ![alt](src) -> text / alt
            const std::size_t open = c == '!' ? i + 1 : i;
            const std::size_t close = matching(s, open, '[', ']');
            std::size_t after = std::string_view::npos;
            if (close != std::string_view::npos && close + 1 < s.size()) {
                if (s[close + 1] == '(') after = matching(s, close + 1, '(', ')');
                else if (s[close + 1] == '[') after = matching(s, close + 1, '[', ']');
            }
            if (after == std::string_view::npos) {
                out += c;
                ++i;
            } else {
                out += inline_text(s.substr(open + 1, close - open - 1));
                i = after + 1;
            }
        } else if (c == '<') {
            const std::size_t close = s.find('>', i);
            const std::string_view inside =
                close == std::string_view::npos ? std::string_view() : s.substr(i + 1, close - i - 1);
            const bool tag_like = !inside.empty() && (std::isalpha(static_cast<unsigned char>(inside[0])) ||
                                                      inside[0] == '/' || inside[0] == '!');
            if (!tag_like) {
                out += c;
                ++i;
            } else if (is_autolink(inside)) {
                out += inside;  // <https://nos.nl/a>, <redactie@nos.nl>
                i = close + 1;
            } else {
                std::string_view name = inside[0] == '/' ? inside.substr(1) : inside;
                name = name.substr(0, name.find_first_of(" \t/>"));
                if (!is_inline_tag(name)) out += ' ';
                i = close + 1;
            }
        } else if (c == '&') {
            const std::size_t used = decode_entity(s.substr(i), out);
            if (used == 0) out += c;
            i += used == 0 ? 1 : used;
        } else if (c == '*') {
            ++i;
        } else if (c == '_') {
            // snake_case is a word, _nadruk_ is emphasis
            const bool inside_word = i > 0 && i + 1 < s.size() && is_word_byte(s[i - 1]) &&
                                     is_word_byte(s[i + 1]);
            if (inside_word) out += c;
            ++i;
        } else if (c == '~' && i + 1 < s.size() && s[i + 1] == '~') {
            i += 2;
        } else {
            out += c;
            ++i;
        }
    }
    return out;
}

// Accumulates output lines: consecutive lines of a paragraph are joined by
// \n, paragraphs by a blank line.
class TextBuilder {
public:
    void add_line(std::string_view line) {
        std::string collapsed;
        bool space = false;
        for (char c : trim(line)) {
            if (is_space(c)) {
                space = true;
                continue;
            }
            if (space) collapsed += ' ';
            space = false;
            collapsed += c;
        }
        if (collapsed.empty()) return;
        if (!text_.empty()) text_ += paragraph_break_ ? "\n\n" : "\n";
        text_ += collapsed;
        paragraph_break_ = false;
    }
    void end_paragraph() { paragraph_break_ = true; }
    std::string take() { return std::move(text_); }

private:
    std::string text_;
    bool paragraph_break_ = false;
};

bool all_of_char(std::string_view s, char c, std::size_t min_count) {
    std::size_t count = 0;
    for (char x : s) {
        if (x == c) ++count;
        else if (x != ' ' && x != '\t') return false;
    }
    return count >= min_count;
}

// The length of a list marker ("- ", "* ", "+ ", "1. ", "12) ") at the
// start of s, or 0. Three digits at most, so a paragraph that starts with a
// year ("1999. Het jaar …") keeps it.
std::size_t list_marker_length(std::string_view s) {
    if (s.size() >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && (s[1] == ' ' || s[1] == '\t'))
        return 2;
    std::size_t digits = 0;
    while (digits < s.size() && digits < 4 && std::isdigit(static_cast<unsigned char>(s[digits])))
        ++digits;
    if (digits == 0 || digits > 3 || digits + 1 >= s.size()) return 0;
    if ((s[digits] == '.' || s[digits] == ')') && (s[digits + 1] == ' ' || s[digits + 1] == '\t'))
        return digits + 2;
    return 0;
}

// A link reference definition, "[nos]: https://nos.nl \"NOS\"", which a
// reader does not see: a label, a destination, perhaps a title in quotes or
// brackets, and nothing else. "[Update]: De minister heeft…" is a paragraph,
// and a footnote, "[^1]: Centraal Bureau…", is text (see footnote_text).
bool is_reference_definition(std::string_view s) {
    if (s.size() < 2 || s[0] != '[' || s[1] == '^') return false;
    const std::size_t close = s.find("]:");
    if (close == std::string_view::npos || close < 2 || s.substr(1, close - 1).find('[') != std::string_view::npos)
        return false;
    std::string_view rest = ltrim(s.substr(close + 2));
    if (rest.empty()) return false;  // its destination on the next line: too rare to follow
    std::size_t end = 0;
    if (rest[0] == '<') {
        end = rest.find('>');
        if (end == std::string_view::npos) return false;
        ++end;
    } else {
        end = std::min(rest.find_first_of(" \t"), rest.size());
    }
    rest = trim(rest.substr(end));
    if (rest.empty()) return true;
    const char open = rest.front(), closing = open == '(' ? ')' : open;
    return (open == '"' || open == '\'' || open == '(') && rest.size() >= 2 && rest.back() == closing;
}

// The text of a footnote definition, "[^1]: Centraal Bureau voor de
// Statistiek", without its marker; nullopt for another line.
std::optional<std::string_view> footnote_text(std::string_view s) {
    if (!s.starts_with("[^")) return std::nullopt;
    const std::size_t close = s.find("]:");
    if (close == std::string_view::npos || close < 3 || s.substr(2, close - 2).find_first_of(" \t[]") !=
                                                            std::string_view::npos)
        return std::nullopt;
    return ltrim(s.substr(close + 2));
}

bool is_table_separator(std::string_view s) {
    return s.find('-') != std::string_view::npos &&
           s.find_first_not_of("|-: \t") == std::string_view::npos;
}

// The key and value of a "key: value" line of front matter; false if it
// is not one.
bool split_front_matter_line(std::string_view line, std::string_view& key, std::string_view& value) {
    static constexpr std::string_view key_chars =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    key = line.substr(0, colon);
    if (key.find_first_not_of(key_chars) != std::string_view::npos) return false;
    if (colon + 1 < line.size() && !is_space(line[colon + 1])) return false;
    value = trim(line.substr(colon + 1));
    return true;
}

// Where a quoted value's quote closes on its line, npos if it does not: in
// double quotes a backslash escapes the character after it, in single
// quotes '' is one (YAML's).
std::size_t closing_quote(std::string_view value) {
    const char quote = value[0];
    for (std::size_t i = 1; i < value.size(); ++i) {
        if (quote == '"' && value[i] == '\\') ++i;
        else if (quote == '\'' && value[i] == '\'' && i + 1 < value.size() && value[i + 1] == '\'') ++i;
        else if (value[i] == quote) return i;
    }
    return std::string_view::npos;
}

// A quoted value without its quotes ("Kop", 'Auto''s weren', escapes as
// written). One whose quote its line never closes is read to the end of the
// line (`unclosed`): a stray double quote goes, an apostrophe stays, as Dutch
// writes it ('s-Gravenhage, 't Hooft). Any other value as it is.
std::string_view unquoted(std::string_view value, bool& unclosed) {
    unclosed = false;
    if (value.empty() || (value.front() != '"' && value.front() != '\'')) return value;
    if (const std::size_t close = closing_quote(value); close != std::string_view::npos)
        return value.substr(1, close - 1);
    unclosed = true;
    return value.front() == '"' ? trim(value.substr(1)) : value;
}

// Whether a line of front matter (lines [first, close)) has a quoted value
// that is never closed: its line does not close it, and the next line that
// is not blank starts at the margin (another key) or there is none
// ("title: \"Kop", or a Dutch name with its apostrophe, "title:
// 's-Gravenhage besluit" or "'t Hooft", above "date: ..."). yaml-cpp reads
// such a value on to the end, taking the keys below it into it. (A value
// that goes on over indented lines is YAML's own and left to it.)
bool has_unclosed_quote(const std::vector<std::string_view>& lines, std::size_t first, std::size_t close) {
    for (std::size_t i = first; i < close; ++i) {
        std::string_view key, value;
        bool unclosed = false;
        if (!split_front_matter_line(rtrim(lines[i]), key, value)) continue;
        unquoted(value, unclosed);
        if (!unclosed) continue;
        std::size_t next = i + 1;
        while (next < close && trim(lines[next]).empty()) ++next;
        if (next == close || !is_space(lines[next][0])) return true;
    }
    return false;
}

// One "key: value" line of front matter that is not valid YAML as a whole
// (the rest of it still counts); false if it is not one.
bool read_front_matter_line(std::string_view line, std::size_t number, Article& article, OtherDate& other,
                            ParseResult& out) {
    std::string_view key, value;
    if (!split_front_matter_line(line, key, value)) return false;
    bool unclosed = false;
    value = unquoted(value, unclosed);
    if (unclosed) out.warnings.push_back({number, "front matter value has no closing quote, read to the end of its line"});
    take_front_matter_value(key, value, number, article, other, out);
    return true;
}

// Front matter that yaml-cpp refuses, read line by line as far as it goes:
// a stray line must not lose the title above it, and each line not read
// is a warning.
void read_front_matter_lines(const std::vector<std::string_view>& lines, std::size_t first, std::size_t close,
                             Article& article, OtherDate& other, ParseResult& out) {
    // Whether the key above leaves its value to the lines below it (a list
    // or mapping under "tags:", a folded ">-", a bracket or quote still
    // open): its indented lines and list items are its own.
    bool value_below = false;
    for (std::size_t i = first; i < close; ++i) {
        const std::string_view line = rtrim(lines[i]);
        const std::string_view unindented = ltrim(line);
        if (unindented.empty() || unindented[0] == '#') continue;
        const bool indented = unindented.size() < line.size();
        if (value_below && (indented || line.substr(0, 2) == "- ")) continue;
        value_below = false;
        // A key indented with a tab, which YAML forbids, below a key that has
        // its value: an editor's tab, meant as that key ("\tdate: 2019-03-12").
        // Indented with spaces it would be a value's stray line.
        const bool tab = line.substr(0, line.size() - unindented.size()).find('\t') != std::string_view::npos;
        std::string_view key, value;
        if ((indented && !tab) || !split_front_matter_line(unindented, key, value)) {
            out.warnings.push_back({i + 1, "front matter line is not 'key: value', ignored"});
            continue;
        }
        if (tab)
            out.warnings.push_back({i + 1, "front matter line is indented with a tab, which YAML does not allow; "
                                           "read as key '" + std::string(key) + "'"});
        read_front_matter_line(unindented, i + 1, article, other, out);
        bool unclosed = false;
        unquoted(value, unclosed);
        value_below = value.empty() || unclosed || value[0] == '|' || value[0] == '>' ||
                      (value[0] == '[' && value.back() != ']') || (value[0] == '{' && value.back() != '}');
    }
}

// YAML front matter (between "---" lines, which start at `first_line`),
// read with yaml-cpp: folded and literal values ("title: >-" and the lines
// under it), quotes and their escapes, comments, as YAML means them. Keys
// whose value is a list or a mapping (tags, authors) are not ours.
// False when it is not YAML (or not a mapping), for read_front_matter_lines
// (which parse_md also uses for front matter with an unclosed quote).
bool read_yaml_front_matter(const std::string& yaml_text, std::size_t first_line, Article& article,
                            OtherDate& other, ParseResult& out) {
    YAML::Node root;
    try {
        root = YAML::Load(yaml_text);
    } catch (const YAML::Exception&) {
        return false;
    }
    if (root.IsNull()) return true;
    if (!root.IsMap()) return false;
    for (const auto& entry : root) {
        if (!entry.first.IsScalar()) continue;
        const std::string& name = entry.first.Scalar();
        const bool ours = !metadata_key(name).empty();
        if (!ours && other_date_rank(name) == other_date_keys.size()) continue;
        const std::size_t line = first_line + static_cast<std::size_t>(std::max(0, entry.second.Mark().line));
        if (entry.second.IsNull()) continue;  // "title:" with nothing after it
        if (!entry.second.IsScalar()) {
            if (ours) out.warnings.push_back({line, "front matter key '" + name + "' is not a string, ignored"});
            continue;
        }
        take_front_matter_value(name, entry.second.Scalar(), line, article, other, out);
    }
    return true;
}

}  // namespace

std::string markdown_to_text(std::string_view markdown) {
    TextBuilder builder;
    std::string fence;  // the ``` or ~~~ that opened the current code block (a line may be a view of `seen`)
    std::string hidden_end;  // the end of a comment or <script> that goes on over lines
    for (std::string_view raw : split_lines(markdown)) {
        std::string_view line = ltrim(raw);
        std::string seen;
        // A line all of a comment or <script> ends a paragraph, as CommonMark's HTML block does.
        if (fence.empty() && (!hidden_end.empty() || line.find('<') != std::string_view::npos)) {
            const std::size_t line_end = static_cast<std::size_t>(raw.data() - markdown.data()) + raw.size();
            seen = without_hidden_html(line, hidden_end, markdown.substr(std::min(line_end + 1, markdown.size())));
            line = trim(seen);
        }
        if (!fence.empty()) {
            if (line.substr(0, fence.size()) == fence) {
                fence.clear();
                builder.end_paragraph();
            } else if (line.empty()) {
                builder.end_paragraph();
            } else {
                builder.add_line(raw);
            }
            continue;
        }
        if (line.substr(0, 3) == "```" || line.substr(0, 3) == "~~~") {
            fence = std::string(line.substr(0, 3));
            builder.end_paragraph();
            continue;
        }
        while (!line.empty() && line[0] == '>') line = ltrim(line.substr(1));
        if (line.find('|') != std::string_view::npos && is_table_separator(line)) continue;
        if (line.empty() || all_of_char(line, '-', 3) || all_of_char(line, '*', 3) ||
            all_of_char(line, '_', 3) || all_of_char(line, '=', 1)) {
            // blank line, thematic break or the underline of a setext heading
            builder.end_paragraph();
            continue;
        }
        if (is_reference_definition(line)) continue;
        if (const auto footnote = footnote_text(line)) line = *footnote;

        std::size_t hashes = 0;
        while (hashes < line.size() && line[hashes] == '#') ++hashes;
        if (hashes >= 1 && hashes <= 6 && (hashes == line.size() || is_space(line[hashes]))) {
            std::string_view heading = trim(line.substr(hashes));
            // "## Kop ##" loses its closing hashes, "# C#" keeps its own
            const std::size_t closing = heading.find_last_not_of('#');
            if (closing == std::string_view::npos) heading = {};
            else if (closing + 1 < heading.size() && is_space(heading[closing]))
                heading = rtrim(heading.substr(0, closing + 1));
            builder.end_paragraph();
            builder.add_line(inline_text(heading));
            builder.end_paragraph();
            continue;
        }

        if (const std::size_t marker = list_marker_length(line)) {
            line = ltrim(line.substr(marker));
            if (line.substr(0, 4) == "[ ] " || line.substr(0, 4) == "[x] " || line.substr(0, 4) == "[X] ")
                line.remove_prefix(4);
        }
        std::string text = inline_text(line);
        if (!line.empty() && line[0] == '|')
            for (char& c : text)
                if (c == '|') c = ' ';
        builder.add_line(text);
    }
    return builder.take();
}

// The bytes of a time of day at the start of `t`, after a date: "T10:00",
// " 10:00:00 +0100", ", 14:03", " om 14.35 uur", " 10:00 CET"; 0 if none.
std::size_t time_length(std::string_view t) {
    std::size_t i = 0;
    const auto digits = [&](std::size_t max) {
        std::size_t n = 0;
        while (i < t.size() && n < max && std::isdigit(static_cast<unsigned char>(t[i]))) ++i, ++n;
        return n;
    };
    if (i < t.size() && t[i] == 'T') {
        ++i;
    } else {
        if (i < t.size() && t[i] == ',') ++i;
        while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) ++i;
        if (t.substr(i, 3) == "om ") i += 3;
    }
    if (digits(2) == 0 || i >= t.size() || (t[i] != ':' && t[i] != '.')) return 0;
    ++i;
    if (digits(2) != 2 || (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])))) return 0;  // "12.000"
    std::size_t end = i;
    if (i + 2 < t.size() && t[i] == ':' && std::isdigit(static_cast<unsigned char>(t[i + 1]))) {
        ++i;
        if (digits(2) != 2) return end;
        if (i < t.size() && t[i] == '.') {  // fractions of a second
            ++i;
            digits(9);
        }
        end = i;
    }
    // A zone: "Z", "+01:00", " +0100", " CET", or " uur".
    std::size_t z = end;
    if (z < t.size() && t[z] == 'Z') return z + 1;
    if (z < t.size() && t[z] == ' ') ++z;
    if (z < t.size() && (t[z] == '+' || t[z] == '-')) {
        i = z + 1;
        if (digits(2) == 2) {
            if (i < t.size() && t[i] == ':') ++i;
            if (digits(2) == 2) return i;
        }
        return end;
    }
    for (std::string_view zone : {"uur", "UTC", "GMT", "CEST", "CET"})
        if (t.substr(z, zone.size()) == zone &&
            (z + zone.size() == t.size() || !std::isalpha(static_cast<unsigned char>(t[z + zone.size()]))))
            return z + zone.size();
    return end;
}

// Whether a .txt header's value without a colon reads as one for its key:
// "lang nl-BE", "url https://…", "date 2019-02 De tweede top…" (a date, or
// digits that meant to be one and get the warning). Without this, a text
// that starts with the word would lose its first sentence to the header:
// "Lang leve de koning, riep de menigte.", "URL shorteners zijn een risico."
bool plausible_value(std::string_view key, std::string_view value) {
    const std::size_t token_end = std::min(value.find_first_of(" \t"), value.size());
    const std::string_view token = value.substr(0, token_end);
    if (key == "lang") return token_end == value.size() && lang_code(token).has_value();
    if (key == "url")
        return token_end == value.size() && (token.find("://") != std::string_view::npos || token.starts_with("www."));
    if (key == "date") {
        if (normalise_date(token) || date_at(value)) return true;
        return !token.empty() && std::isdigit(static_cast<unsigned char>(token[0])) &&
               token.find_first_not_of("0123456789-./") == std::string_view::npos;
    }
    return false;
}

// What a line at the top of a .txt is to its header.
enum class HeaderLine {
    none,       // no header line: the header ends
    sure,       // "key: value", or a key without its colon whose value reads as one for it
    tentative,  // "Title fights are costly.": a header line only before another one or a blank line
};

// Whether a value ends as a sentence does, which a title or a paper's name does not:
// "Source close to the minister said the deal is off." is text, "title Kabinet valt" a header.
bool ends_as_sentence(std::string_view value) {
    value = rtrim(value);
    return value.ends_with('.') || value.ends_with('!') || value.ends_with('?') || value.ends_with("…");
}

// A line at the top of a .txt read as "key value" or "key: value": the key
// as typed, its English name ("" for a word that is none of ours), and the
// value. The colon may be written without the space after it,
// "title:Geen spatie", as some scripts write a header; the value then
// starts after the first colon, so that "url:https://nos.nl/a" keeps its own.
struct HeaderParts {
    std::string_view typed;  // "Titel"
    std::string_view key;    // "title"
    bool colon = false;
    bool alone = false;      // nothing after the key on the line: "title:"
    std::string_view value;  // trimmed
};

HeaderParts header_parts(std::string_view line) {
    line = ltrim(line);
    HeaderParts parts;
    const std::size_t key_end = std::min(line.find_first_of(" \t"), line.size());
    parts.typed = line.substr(0, key_end);
    std::size_t value_start = key_end;
    if (const std::size_t colon = parts.typed.find(':'); colon != std::string_view::npos && colon > 0) {
        parts.colon = true;
        parts.typed = parts.typed.substr(0, colon);
        value_start = colon + 1;
    }
    parts.key = metadata_key(parts.typed);
    parts.alone = value_start >= line.size();
    if (!parts.alone) parts.value = trim(line.substr(value_start));
    return parts;
}

HeaderLine header_line(std::string_view line) {
    // "key value" or "key: value"; a Dutch key only with its colon, so
    // that a text that starts "Taal en cultuur" is no header.
    const HeaderParts parts = header_parts(line);
    if (parts.key.empty() || (!parts.colon && !iequals(parts.typed, parts.key))) return HeaderLine::none;
    // "title:" with nothing after it, as scrapers write an empty field:
    // a header line that sets nothing (the title then comes from the text).
    if (parts.alone) return parts.colon ? HeaderLine::sure : HeaderLine::none;
    if (parts.colon) return HeaderLine::sure;
    if (parts.key == "title" || parts.key == "source")
        return ends_as_sentence(parts.value) ? HeaderLine::tentative : HeaderLine::sure;
    return plausible_value(parts.key, parts.value) ? HeaderLine::sure : HeaderLine::none;
}

void parse_txt(std::string_view text, const std::string& rel_path, ParseResult& out) {
    Article article;
    article.id = article.path = rel_path;
    const auto lines = split_lines(text);
    std::string body_start;  // text after the date on a "date" line
    // Export scripts may start a file with blank lines; its header is still
    // one (the body is trimmed anyway when there is none).
    std::size_t i = 0;
    while (i < lines.size() && trim(lines[i]).empty()) ++i;
    // The line each key was first given a value on. A key given again is
    // ignored with a warning, as a page's <meta> keeps the first: the last
    // one was kept without a word.
    std::vector<std::pair<std::string_view, std::size_t>> first_given;
    const auto given_before = [&](const HeaderParts& parts, std::size_t line) {
        for (const auto& [key, first] : first_given)
            if (key == parts.key) {
                out.warnings.push_back({line, "header key '" + std::string(parts.typed) +
                                                  "' given twice (first on line " + std::to_string(first) +
                                                  "), ignored"});
                return true;
            }
        first_given.emplace_back(parts.key, line);
        return false;
    };
    for (; i < lines.size(); ++i) {
        const HeaderLine kind = header_line(lines[i]);
        if (kind == HeaderLine::none) break;
        if (kind == HeaderLine::tentative) {
            // A sentence after "title" or "source" ("Source close to the
            // minister said…") is a header line only before another one or
            // a blank line.
            std::size_t next = i + 1;
            while (next < lines.size() && header_line(lines[next]) == HeaderLine::tentative) ++next;
            if (next == lines.size() || (header_line(lines[next]) == HeaderLine::none && !trim(lines[next]).empty()))
                break;
        }
        const HeaderParts parts = header_parts(lines[i]);
        const std::string_view key = parts.key, value = parts.value;
        if (value.empty()) continue;  // "title:" alone, or blanks after it: it sets nothing
        if (key != "date") {
            if (!given_before(parts, i + 1)) set_field(article, key, value, i + 1, out);
            continue;
        }
        // "date: Tue, 12 Mar 2019 10:00:00 +0100" is a header line like
        // the others: all of it is the date, and a value that is none
        // ("date: 201903") is the warning's, not the body's.
        if (parts.colon) {
            if (!given_before(parts, i + 1)) set_text_date(article, value, i + 1, out);
            continue;
        }
        // The seed articles run their body on after the date ("date 2019-02
        // De tweede ..."): the date (one token, or a written one, "12 maart
        // 2019"), perhaps a time, then the body. Digits that run on past a
        // date ("date 201903") are none: their tail is no word of the body.
        std::size_t date_end = 0;
        const std::size_t token_end = std::min(value.find_first_of(" \t"), value.size());
        const std::string_view token = value.substr(0, token_end);
        if (is_unix_time(token) || normalise_date(token))
            date_end = token_end;
        else if (auto written = date_at(value);
                 written && !(written->length < value.size() &&
                              std::isdigit(static_cast<unsigned char>(value[written->length]))))
            date_end = written->length;
        if (date_end) date_end += time_length(value.substr(date_end));
        if (date_end == 0) {
            // No date at its start: the value is named in the warning, and
            // the header goes on (its title is no body text).
            if (!given_before(parts, i + 1)) set_date(article, value, i + 1, out);
            continue;
        }
        if (!given_before(parts, i + 1)) set_text_date(article, value.substr(0, date_end), i + 1, out);
        const std::string_view rest = trim(value.substr(date_end));
        if (!rest.empty()) {
            body_start = std::string(rest);
            ++i;
            break;
        }
    }
    std::string body = join_lines(lines, i);
    if (!body_start.empty()) body = body_start + "\n" + body;
    article.body = std::string(trim(body));
    add_article(std::move(article), 0, out);
}

// TOML front matter that toml++ refuses, read line by line as far as it
// goes, as YAML's is: each "key = value" line of a key of ours (a value in
// quotes without them, one whose quote is never closed as written but for
// a stray double quote: title = 's-Gravenhage besluit), so that a broken
// title does not lose the date below it. Tables and arrays are not ours.
void read_toml_front_matter_lines(std::string_view toml_text, std::size_t first_line, Article& article,
                                  OtherDate& other, ParseResult& out) {
    const std::vector<std::string_view> lines = split_lines(toml_text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view line = trim(lines[i]);
        const std::size_t eq = line.find('=');
        if (line.empty() || line[0] == '#' || line[0] == '[' || eq == std::string_view::npos) continue;
        std::string_view name = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
        if (name.size() >= 2 && (name.front() == '"' || name.front() == '\'') && name.back() == name.front())
            name = name.substr(1, name.size() - 2);
        const bool ours = !metadata_key(name).empty() || other_date_rank(name) < other_date_keys.size();
        if (!ours || value.empty() || value[0] == '[' || value[0] == '{') continue;
        bool unclosed = false;  // said by the warning that the front matter is not TOML
        if (value.front() == '"' || value.front() == '\'')
            value = unquoted(value, unclosed);
        else if (const std::size_t hash = value.find(" #"); hash != std::string_view::npos)
            value = trim(value.substr(0, hash));
        take_front_matter_value(name, value, first_line + i, article, other, out);
    }
}

// Hugo's TOML front matter (between "+++" lines, which start at `first_line`):
// the same keys as YAML's; a date may be TOML's own (date = 2019-03-12).
void read_toml_front_matter(std::string_view toml_text, std::size_t first_line, Article& article,
                            OtherDate& other, ParseResult& out) {
    toml::table table;
    std::string safe_text(toml_text);
    if (auto problem = make_toml_safe(safe_text)) {
        out.warnings.push_back({first_line + problem->line - 1,
                                "front matter is not TOML (" + problem->message + "), read line by line"});
        read_toml_front_matter_lines(toml_text, first_line, article, other, out);
        return;
    }
    try {
        table = toml::parse(safe_text);
    } catch (const toml::parse_error& e) {
        out.warnings.push_back({first_line + e.source().begin.line - 1, "front matter is not TOML (" +
                                                                            message_text(e.description(), 100) +
                                                                            "), read line by line"});
        read_toml_front_matter_lines(toml_text, first_line, article, other, out);
        return;
    }
    for (const auto& [name, node] : table) {
        const std::string_view key = metadata_key(name.str());
        const bool dated = key == "date" || other_date_rank(name.str()) < other_date_keys.size();
        if (key.empty() && !dated) continue;
        const std::size_t line = first_line + node.source().begin.line - 1;
        std::string value;
        if (const auto* text = node.as_string()) {
            value = text->get();
        } else if (const auto* date = node.as_date()) {
            value = date_text(date->get());
        } else if (const auto* date_time = node.as_date_time()) {
            value = date_time_text(date_time->get());
        } else if (const auto* number = node.as_integer(); number && dated) {
            value = std::to_string(number->get());  // a Unix time, date = 1551706500
        } else if (key.empty()) {
            continue;  // another name's value that is no date (published = true)
        } else {
            out.warnings.push_back({line, "front matter key '" + std::string(name.str()) + "' is not a string, ignored"});
            continue;
        }
        take_front_matter_value(name.str(), value, line, article, other, out);
    }
}

void parse_md(std::string_view text, const std::string& rel_path, ParseResult& out) {
    Article article;
    article.id = article.path = rel_path;
    const auto lines = split_lines(text);
    std::size_t body_line = 0;
    OtherDate other;
    if (!lines.empty() && rtrim(lines[0]) == "+++") {
        std::size_t close = 1;
        while (close < lines.size() && rtrim(lines[close]) != "+++") ++close;
        if (close == lines.size()) {
            out.warnings.push_back({1, "front matter is never closed, read as body"});
        } else {
            std::string toml_text;
            for (std::size_t i = 1; i < close; ++i) (toml_text += lines[i]) += '\n';
            read_toml_front_matter(toml_text, 2, article, other, out);
            body_line = close + 1;
        }
    } else if (!lines.empty() && rtrim(lines[0]) == "---") {
        std::size_t close = 1;
        while (close < lines.size() && rtrim(lines[close]) != "---" && rtrim(lines[close]) != "...") ++close;
        if (close == lines.size()) {
            out.warnings.push_back({1, "front matter is never closed, read as body"});
        } else {
            std::string yaml_text;
            for (std::size_t i = 1; i < close; ++i) (yaml_text += lines[i]) += '\n';
            if (has_unclosed_quote(lines, 1, close) ||
                !read_yaml_front_matter(yaml_text, 2, article, other, out))
                read_front_matter_lines(lines, 1, close, article, other, out);
            body_line = close + 1;
        }
    }
    set_other_date(article, other, out);
    article.title = references_decoded(article.title);
    article.source = references_decoded(article.source);
    article.body = markdown_to_text(join_lines(lines, body_line));
    add_article(std::move(article), 0, out);
}

}  // namespace knipsel::detail
