// Choosing a parser for a file, the charset step every format shares, and the
// helpers that keep titles, dates and languages consistent across formats.
#include "parsers.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unicode/ucal.h>
#include <unicode/uloc.h>
#include <unicode/utf8.h>

#include "analyser.h"
#include "charset.h"
#include "date.h"
#include "error.h"
#include "parse_internal.h"

namespace knipsel {

namespace detail {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string to_lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

namespace {

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Quotes a value in a message without letting a huge or multi-line value
// break the one-line rule.
std::string quote_for_message(std::string_view value) { return "'" + message_text(value, 40) + "'"; }

// The value on one line: each line break, with the blanks around it, made
// one space (a JSON string's "\n", a TOML """multi-line""" string). Unlike
// index_layout's one_line (each break a space, for Omega's data lines),
// this is what a reader sees as the title.
std::string joined_lines(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] != '\n' && value[i] != '\r') {
            out += value[i];
            continue;
        }
        while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
        while (i + 1 < value.size() && is_space(value[i + 1])) ++i;
        if (!out.empty()) out += ' ';
    }
    return out;
}

}  // namespace

std::string message_text(std::string_view text, std::size_t max_bytes) {
    std::size_t end = text.size();
    if (end > max_bytes) {
        end = max_bytes;
        while (end > 0 && is_continuation_byte(text[end])) --end;
    }
    std::string out;
    for (char c : text.substr(0, end)) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    if (end < text.size()) out += "…";
    return out;
}

namespace {

// A whole day with a time in UTC ("2020-02-09T23:30:00Z", RSS's "Sun, 09
// Feb 2020 23:30:00 GMT", "… +0000", "… GMT+0000 (Coordinated Universal
// Time)"): the seconds since 1970, else nullopt.
// Servers and feeds write UTC for any place; the article's day is the one
// it was in the Netherlands, as for a Unix time. A time with another
// offset is the day its writer saw, as written.
std::optional<double> utc_seconds(std::string_view raw, const std::string& day) {
    const auto d = date_at(raw);
    if (!d || !d->has_day || day.size() != 10) return std::nullopt;
    std::string_view rest = raw.substr(d->length);
    const auto digits = [&](std::size_t n) -> std::optional<int> {
        if (rest.size() < n) return std::nullopt;
        int v = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (!std::isdigit(static_cast<unsigned char>(rest[i]))) return std::nullopt;
            v = v * 10 + (rest[i] - '0');
        }
        rest.remove_prefix(n);
        return v;
    };
    if (!rest.empty() && rest[0] == 'T') rest.remove_prefix(1);
    else while (!rest.empty() && (rest[0] == ' ' || rest[0] == ',')) rest.remove_prefix(1);
    const auto hours = digits(2);
    if (!hours || rest.empty() || rest[0] != ':') return std::nullopt;
    rest.remove_prefix(1);
    const auto minutes = digits(2);
    if (!minutes) return std::nullopt;
    int seconds = 0;
    if (!rest.empty() && rest[0] == ':') {
        rest.remove_prefix(1);
        const auto s = digits(2);
        if (!s) return std::nullopt;
        seconds = *s;
        if (!rest.empty() && rest[0] == '.') {
            rest.remove_prefix(1);
            while (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest[0]))) rest.remove_prefix(1);
        }
    }
    rest = trim(rest);
    // JavaScript's Date.toString(), which scrapers in Node write: "GMT+0000
    // (Coordinated Universal Time)", its zone's name after the offset.
    if (rest.ends_with(')'))
        if (const std::size_t open = rest.rfind('('); open != std::string_view::npos) rest = trim(rest.substr(0, open));
    if (rest.starts_with("GMT+") || rest.starts_with("GMT-") || rest.starts_with("UTC+") || rest.starts_with("UTC-"))
        rest.remove_prefix(3);
    bool utc = false;
    for (std::string_view zone : {"Z", "GMT", "UTC", "UT", "+00:00", "+0000", "-00:00", "-0000", "+00"})
        utc = utc || rest == zone;
    // Midnight as "24:00" (normalise_date takes it) is the next day's 00:00, as timegm reads it.
    const bool midnight = *hours == 24 && *minutes == 0 && seconds == 0;
    if (!utc || (*hours > 23 && !midnight) || *minutes > 59 || seconds > 60) return std::nullopt;
    std::tm tm{};  // in UTC, as index_layout's modtime is made
    tm.tm_year = std::stoi(day.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(day.substr(5, 2)) - 1;
    tm.tm_mday = std::stoi(day.substr(8, 2));
    tm.tm_hour = *hours;
    tm.tm_min = *minutes;
    tm.tm_sec = seconds;
    return static_cast<double>(timegm(&tm));
}

}  // namespace

void set_date(Article& article, std::string_view raw, std::size_t line, ParseResult& out) {
    raw = trim(raw);
    if (raw.empty()) return;
    if (auto date = normalise_date(raw)) {
        // "dinsdag 3 december 2026", a Thursday: one of the two is a slip,
        // and the date is the likelier one to be right (a template's day).
        if (const auto written = date_at(raw); written && written->weekday >= 0)
            if (const int actual = weekday_of(written->date); actual != written->weekday)
                out.warnings.push_back({line, "date " + quote_for_message(raw) + ": " + written->date + " is a " +
                                                  std::string(weekday_name(actual)) + ", not a " +
                                                  std::string(weekday_name(written->weekday)) +
                                                  "; the weekday is ignored"});
        if (const auto seconds = utc_seconds(raw, *date))
            if (std::string day = epoch_day(*seconds); !day.empty()) date = std::move(day);
        article.date = *date;
    } else {
        article.date.clear();
        out.warnings.push_back({line, "invalid date " + quote_for_message(raw) + ", ignored"});
    }
}

namespace {

// Whether a two-letter code is one of ISO 639-1's (by ICU's list): "nk",
// a slip for "nl", took an article out of taal:nl without a word.
bool iso_639_1(std::string_view code) {
    if (code.size() != 2) return true;  // longer ones are names lang_code() already knows
    for (const char* const* known = uloc_getISOLanguages(); *known; ++known)
        if (code == *known) return true;
    return false;
}

}  // namespace

void set_lang(Article& article, std::string_view raw, std::size_t line, ParseResult& out) {
    raw = trim(raw);
    if (raw.empty()) {
        article.lang.clear();
        return;
    }
    article.lang = normalise_lang(raw);
    const auto code = lang_code(raw);
    if (!code || !iso_639_1(*code))
        out.warnings.push_back({line, "unknown language " + quote_for_message(raw) + ", kept as it is"});
}

namespace {

// Control characters that XML (Omega's xml template) and terminals refuse:
// a form feed or vertical tab (pdftotext's page breaks) ends a line, the
// rest are blanks; tab, line feed and carriage return stay.
void blank_controls(std::string& text) {
    for (char& c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u == '\f' || u == '\v') c = '\n';
        else if ((u < 0x20 && u != '\t' && u != '\n' && u != '\r') || u == 0x7F) c = ' ';
    }
}

// Whether a url names a scheme a link may not have: any but http(s),
// ftp(s) and mailto, such as "javascript:" or "data:", which Omega's page would make
// a link that runs a script. One without a scheme ("nos.nl/artikel/1",
// "/nieuws/1", "www.nos.nl:8080/a": a host and its port) is let be.
bool unsafe_url_scheme(std::string_view url) {
    url = trim(url);
    const std::size_t colon = url.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    const std::string_view scheme = url.substr(0, colon);
    if (!std::isalpha(static_cast<unsigned char>(scheme[0])) ||
        scheme.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-") !=
            std::string_view::npos ||
        (colon + 1 < url.size() && std::isdigit(static_cast<unsigned char>(url[colon + 1]))))
        return false;
    for (std::string_view safe : {"http", "https", "ftp", "ftps", "mailto"})
        if (iequals(scheme, safe)) return false;
    return true;
}

}  // namespace

void add_article(Article article, std::size_t line, ParseResult& out) {
    if (article.body.size() > max_article_bytes) {  // a .jsonl line's or a feed item's
        std::size_t cut = max_article_bytes;
        while (cut > 0 && is_continuation_byte(article.body[cut])) --cut;  // whole characters
        article.body.resize(cut);
        out.warnings.push_back({line, "article larger than " + std::to_string(max_article_bytes >> 20) +
                                          " MB: only its first " + std::to_string(max_article_bytes >> 20) +
                                          " MB are indexed"});
    }
    remove_invisible(article.title);
    remove_invisible(article.body);
    remove_invisible(article.source);
    remove_invisible(article.url);  // U+FFFE and U+FFFF too, which XML (Omega's xml page) refuses
    for (std::string* field : {&article.title, &article.body, &article.source, &article.url}) blank_controls(*field);
    for (std::string* field : {&article.title, &article.source}) {
        remove_bidi_controls(*field);
        std::replace(field->begin(), field->end(), '\t', ' ');
    }
    article.title = joined_lines(trim(article.title));
    article.source = joined_lines(trim(article.source));
    // A browser drops tabs and line breaks from an address before it reads
    // its scheme ("java\tscript:" is "javascript:"): so does the check, and
    // the address is stored as the browser reads it.
    std::erase_if(article.url, [](char c) { return c == '\t' || c == '\n' || c == '\r'; });
    article.url = std::string(trim(article.url));
    if (unsafe_url_scheme(article.url)) {
        out.warnings.push_back({line, "url " + quote_for_message(article.url) +
                                          " is no web address (http or https), ignored"});
        article.url.clear();
    }
    if (article.title.empty()) article.title = first_sentence_title(article.body);
    if (article.title.empty() && trim(article.body).empty()) {
        out.errors.push_back({line, "no title or body"});
        return;
    }
    out.articles.push_back(std::move(article));
}

}  // namespace detail

Format format_for(const std::filesystem::path& path) { return format_for_name(path.filename().native()); }


const char* mime_type(Format f) {
    switch (f) {
    case Format::txt: return "text/plain";
    case Format::md: return "text/markdown";
    case Format::html: return "text/html";
    case Format::jsonl: return "application/jsonl";
    case Format::feed: return "application/rss+xml";
    case Format::unknown: break;
    }
    return "application/octet-stream";
}

const char* mime_type(Format f, std::string_view name) {
    // An Atom feed is read as RSS is, but its type is its own, as omindex
    // and /etc/mime.types record it.
    constexpr std::string_view atom = ".atom";
    if (f == Format::feed && name.size() >= atom.size() &&
        detail::iequals(name.substr(name.size() - atom.size()), atom))
        return "application/atom+xml";
    return mime_type(f);
}

std::size_t read_limit(Format f) {
    return f == Format::jsonl ? std::string::npos : f == Format::feed ? max_feed_bytes : max_article_bytes;
}

std::string_view nothing_in(std::string_view bytes) {
    if (bytes.empty()) return "empty file";
    // In UTF-16, a blank's other byte is a NUL; elsewhere NULs are no
    // blanks (a file of zeros is damage, which keeps what it held).
    bool utf16 = false;
    if (bytes.starts_with("\xEF\xBB\xBF")) {
        bytes.remove_prefix(3);
    } else if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
        bytes.remove_prefix(2);
        utf16 = true;
    }
    const bool blank = std::all_of(bytes.begin(), bytes.end(), [utf16](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || (utf16 && c == '\0');
    });
    return blank ? "blank file" : "";
}

bool read_file(const std::filesystem::path& p, std::size_t limit, std::string& out, bool& truncated,
               std::string& why, int& open_errno) {
    errno = 0;
    open_errno = 0;
    // Opened without waiting: a named pipe given as a file would block the
    // open (and the run, holding the index's lock) until a writer came.
    const int fd = ::open(p.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        open_errno = errno;
        why = std::string("cannot read: ") + std::strerror(errno);
        return false;
    }
    struct Close {
        int fd;
        ~Close() { ::close(fd); }
    } close_fd{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        why = "not a regular file (a named pipe, socket or device?)";
        return false;
    }
    out.clear();
    char buf[1 << 16];
    bool more = true;  // the file goes on past `limit`
    while (out.size() <= limit) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            why = std::string("read error: ") + std::strerror(errno);
            return false;
        }
        if (n == 0) {
            more = false;
            break;
        }
        out.append(buf, static_cast<std::size_t>(n));
    }
    truncated = out.size() > limit || (out.size() == limit && more);
    if (out.size() > limit) out.resize(limit);
    if (truncated) {
        // End at a line, or at least at a whole UTF-8 character.
        std::size_t cut = out.rfind('\n');
        if (cut != std::string::npos && cut > limit / 2) out.resize(cut + 1);
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
        if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
    }
    return true;
}

namespace {

// `declared`: the charset the file names for itself (see declared_charset).
ParseResult parse_text(Format format, std::optional<Utf8Text> utf8, const std::string& rel_path,
                       const std::vector<LineIssue>& line_issues = {}, const std::string& declared = {}) {
    ParseResult out;
    if (!utf8) {
        out.warnings.push_back({0, "binary file, skipped"});
        out.binary = true;
        return out;
    }
    // A feed's <?xml … encoding="x-bogus"?>: its text is read as what its
    // bytes are, as a page's with such a <meta charset> is, and that is said
    // (libxml2 refused the whole feed, "Unsupported encoding x-bogus").
    if (format == Format::feed && !declared.empty() && !known_charset(declared))
        out.warnings.push_back({1, "unknown encoding '" + detail::message_text(declared, 40) + "' declared, read as " +
                                       (utf8->charset == "UTF-8" ? "UTF-8" : "the charset its bytes are")});
    if (utf8->charset != "UTF-8") out.warnings.push_back({0, "converted from " + utf8->charset});
    if (utf8->zero_padding > 0)
        out.warnings.push_back({0, "ends in " + std::to_string(utf8->zero_padding) +
                                       " NUL bytes (left by a crash?), left out"});
    if (utf8->stray_nuls > 0)
        out.warnings.push_back({0, std::to_string(utf8->stray_nuls) + " NUL byte" + (utf8->stray_nuls == 1 ? "" : "s") +
                                       " amid the text (a bad copy?), read as a blank"});
    for (const LineIssue& issue : line_issues)
        (issue.error ? out.errors : out.warnings).push_back({issue.line, issue.message});
    switch (format) {
        case Format::txt: detail::parse_txt(utf8->text, rel_path, out); break;
        case Format::md: detail::parse_md(utf8->text, rel_path, out); break;
        case Format::html: detail::parse_html(utf8->text, rel_path, out); break;
        case Format::jsonl: detail::parse_jsonl(utf8->text, rel_path, out); break;
        case Format::feed: detail::parse_feed(utf8->text, rel_path, out); break;
        case Format::unknown: break;
    }
    // Messages quote what they found (a date, a key): keep each one line.
    for (auto* issues : {&out.errors, &out.warnings})
        for (ParseIssue& issue : *issues) issue.message = printable(issue.message);
    return out;
}

// The charset a page or feed names for itself: an HTML page's <meta
// charset="…"> or http-equiv "…; charset=…" in its first 4 KB (browsers
// look at the first 1 KB; saved pages put scripts before it), a feed's
// <?xml … encoding="…"?>. "" when none; to_utf8 decides what it is worth.
std::string declared_charset(Format format, std::string_view bytes) {
    if (format != Format::html && format != Format::feed) return {};
    std::string head = detail::to_lower_ascii(bytes.substr(0, 4096));
    std::string_view key = "charset";
    if (format == Format::feed) {
        if (head.rfind("<?xml", 0) != 0) return {};
        head.resize(std::min(head.size(), head.find("?>")));
        key = "encoding";
    }
    for (std::size_t at = head.find(key); at != std::string::npos; at = head.find(key, at + 1)) {
        std::size_t i = at + key.size();
        while (i < head.size() && detail::is_space(head[i])) ++i;
        if (i >= head.size() || head[i] != '=') continue;
        ++i;
        while (i < head.size() && (detail::is_space(head[i]) || head[i] == '"' || head[i] == '\'')) ++i;
        std::size_t end = i;
        while (end < head.size() && (std::isalnum(static_cast<unsigned char>(head[end])) || head[end] == '-' ||
                                     head[end] == '_' || head[end] == '.' || head[end] == ':'))
            ++end;
        if (end > i) return head.substr(i, end - i);
    }
    return {};
}

ParseResult unsupported() {
    ParseResult out;
    out.errors.push_back({0, "unsupported file type, not indexed"});
    return out;
}

}  // namespace

ParseResult parse_file(Format format, std::string_view bytes, const std::string& rel_path) {
    if (format == Format::jsonl) return parse_file_taking(format, std::string(bytes), rel_path);
    if (format == Format::unknown) return unsupported();
    const std::string declared = declared_charset(format, bytes);
    return parse_text(format, to_utf8(bytes, declared), id_path(rel_path), {}, declared);
}

ParseResult parse_file_taking(Format format, std::string&& bytes, const std::string& rel_path) {
    if (format == Format::jsonl) {
        std::vector<LineIssue> issues;
        std::optional<Utf8Text> text = to_utf8_by_line(std::move(bytes), issues);
        return parse_text(format, std::move(text), id_path(rel_path), issues);
    }
    if (format == Format::unknown) return unsupported();
    const std::string declared = declared_charset(format, bytes);
    return parse_text(format, to_utf8_taking(std::move(bytes), declared), id_path(rel_path), {}, declared);
}

namespace {

// The length in bytes of the sentence-closing marks (closing quotes and
// brackets) that start at `pos`, so "zei hij.” Daarna" ends after the quote.
std::size_t closer_length(std::string_view s, std::size_t pos) {
    static constexpr std::string_view multi_byte[] = {"”", "’", "»"};
    if (pos >= s.size()) return 0;
    char c = s[pos];
    if (c == '"' || c == '\'' || c == ')' || c == ']') return 1;
    for (std::string_view closer : multi_byte)
        if (s.substr(pos, closer.size()) == closer) return closer.size();
    return 0;
}

// Whether the point at `at` ends an abbreviation rather than a sentence:
// after an initial or the letters of one ("M.", "V.S."), after an
// abbreviation Dutch news writes ("o.a.", "dr.", "mr.", "ca."), or before
// a word in lower case on the same line ("zgn. hervormingen").
bool abbreviation_point(std::string_view body, std::size_t at) {
    std::size_t word = at;
    while (word > 0 && !detail::is_space(body[word - 1]) && body[word - 1] != '(' && body[word - 1] != '"') --word;
    const std::string lower = detail::to_lower_ascii(body.substr(word, at - word));
    if ((lower.size() == 1 && std::isalpha(static_cast<unsigned char>(lower[0]))) ||
        (lower.size() >= 3 && lower[lower.size() - 2] == '.'))
        return true;  // "M", "v.s"
    for (std::string_view a : {"o.a", "dr", "drs", "mr", "mw", "mevr", "dhr", "prof", "ir", "ing", "ca", "blz", "nr",
                               "enz", "jl", "bv", "vgl", "resp", "incl", "excl", "min", "bijv", "art", "kon",
                               "zgn", "evt", "ong", "gem", "mln", "mld", "mrd"})
        if (lower == a) return true;
    std::size_t next = at + 1;  // on the same line
    while (next < body.size() && (body[next] == ' ' || body[next] == '\t')) ++next;
    // A month's abbreviation before its year ("1 jan. 2019"); "VS." ends
    // a sentence as often as not, so it is no abbreviation here.
    for (std::string_view month : {"jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dec"})
        if (lower == month && next > at + 1 && next < body.size() && std::isdigit(static_cast<unsigned char>(body[next])))
            return true;
    return next > at + 1 && next < body.size() && std::islower(static_cast<unsigned char>(body[next]));
}

}  // namespace

std::string first_sentence_title(std::string_view body, std::size_t max_chars) {
    using detail::is_space;
    std::string sentence;
    bool pending_space = false;
    std::size_t i = 0;
    while (i < body.size() && is_space(body[i])) ++i;
    for (; i < body.size(); ++i) {
        const char c = body[i];
        if (c == '\n') {
            std::size_t next = i + 1;
            while (next < body.size() && body[next] != '\n' && is_space(body[next])) ++next;
            if (next >= body.size() || body[next] == '\n') break;  // end of the first paragraph
            pending_space = true;
            continue;
        }
        if (is_space(c)) {
            pending_space = true;
            continue;
        }
        if (pending_space) sentence += ' ';
        pending_space = false;
        sentence += c;
        if ((c == '.' && !abbreviation_point(body, i)) || c == '!' || c == '?') {
            std::size_t end = i + 1;
            while (std::size_t n = closer_length(body, end)) end += n;
            if (end >= body.size() || is_space(body[end])) {
                sentence.append(body.substr(i + 1, end - i - 1));
                break;
            }
        }
    }

    // Cut at max_chars code points, one of them the "…" that shows the
    // title goes on ("… voet gezet op Zuid-Koreaans" reads as a whole):
    // `cut` is the byte offset of the first code point that does not fit.
    auto offset_of = [&sentence](std::size_t chars) {
        std::size_t count = 0, at = 0;
        while (at < sentence.size() && count < chars) {
            ++at;
            while (at < sentence.size() && (static_cast<unsigned char>(sentence[at]) & 0xC0) == 0x80) ++at;
            ++count;
        }
        return at;
    };
    if (offset_of(max_chars) >= sentence.size()) return sentence;
    std::size_t cut = offset_of(max_chars > 0 ? max_chars - 1 : 0);
    if (sentence[cut] != ' ') {
        std::size_t space = sentence.rfind(' ', cut);
        if (space != std::string::npos && space > 0) cut = space;
    }
    sentence.resize(cut);
    while (!sentence.empty() && (sentence.back() == ' ' || sentence.back() == ',' ||
                                 sentence.back() == ';' || sentence.back() == ':'))
        sentence.pop_back();
    return sentence + "…";
}

namespace detail {

// Seconds, or milliseconds when larger than any date in seconds
// (JavaScript's Date.now()): 1552345200 (23:00 UTC) is 12 March 2019 in
// the Netherlands. Shared by .jsonl records and .txt/.md headers.
std::string epoch_day(double value) {
    if (!std::isfinite(value)) return {};
    if (std::fabs(value) >= 1e11) value /= 1000;  // milliseconds
    constexpr double min_seconds = -30610224000.0, max_seconds = 253402300799.0;  // 1000-01-01, 9999-12-31
    if (value < min_seconds || value > max_seconds) return {};
    UErrorCode status = U_ZERO_ERROR;
    // One calendar a thread (opening one loads its zone rules: tens of
    // microseconds, for every line of a feed dated so).
    struct Close {
        void operator()(UCalendar* c) const { ucal_close(c); }
    };
    static thread_local std::unique_ptr<UCalendar, Close> opened;
    if (!opened) {
        static constexpr UChar zone[] = u"Europe/Amsterdam";
        opened.reset(ucal_open(zone, -1, "nl_NL", UCAL_GREGORIAN, &status));
        if (U_FAILURE(status)) {
            opened.reset();
            return {};
        }
    }
    UCalendar* calendar = opened.get();
    ucal_setMillis(calendar, std::floor(value) * 1000.0, &status);
    const int32_t year = ucal_get(calendar, UCAL_YEAR, &status);
    const int32_t month = ucal_get(calendar, UCAL_MONTH, &status) + 1;  // UCAL_MONTH counts from 0
    const int32_t day = ucal_get(calendar, UCAL_DATE, &status);
    if (U_FAILURE(status)) return {};
    char text[40];  // room for any int32_t, though the year is 1000-9999
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", static_cast<int>(year), static_cast<int>(month),
                  static_cast<int>(day));
    return text;
}

bool is_unix_time(std::string_view digits) {
    return (digits.size() == 10 || digits.size() == 13) && digits[0] != '0' &&
           digits.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string unix_time_day(double value) {
    constexpr double first_unix_time = 1e8;  // 1973-03-03T09:46:40Z; also refuses NaN
    if (!(value >= first_unix_time)) return {};
    return epoch_day(value);
}

}  // namespace detail

}  // namespace knipsel
