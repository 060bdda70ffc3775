#include "index_layout.h"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>

#include <tsl/robin_map.h>
#include <unicode/utf8.h>
#include <xxhash.h>

#include "date.h"

namespace knipsel {
namespace {

constexpr std::size_t sample_chars = 300;
constexpr std::size_t max_caption_chars = 200;
constexpr std::size_t max_id_term_bytes = 240;
constexpr const char* line_separator = "\xE2\x80\xA8";       // U+2028, for '\n'
constexpr const char* paragraph_separator = "\xE2\x80\xA9";  // U+2029, for '\r'
constexpr Xapian::termpos field_gap = 100;             // positions between title and body

// Indexes the tokens of a text as positional terms with a prefix and, for
// non-stopwords, Z-prefixed stems: TermGenerator's STEM_SOME layout, from
// our analyser. A word's stems are added once per distinct word with the
// wdf of all its occurrences (the same document as one add_term per
// occurrence, with a third of Xapian's term lookups and ours).
void index_tokens(Xapian::Document& doc, const Analyser& analyser, std::string_view text,
                  const std::vector<Token>& tokens, const std::string& prefix, unsigned wdf,
                  Xapian::termpos& next_pos) {
    Xapian::termpos last = next_pos;
    std::string term;
    tsl::robin_map<std::string_view, Xapian::termcount> counts;  // word -> occurrences
    counts.reserve(tokens.size());
    for (const Token& t : tokens) {
        Xapian::termpos pos = next_pos + t.pos;
        term.assign(prefix).append(t.term);
        doc.add_posting(term, pos, wdf);
        ++counts[t.term];
        last = std::max(last, pos);
        // "één" beside "een", at its position: the number, not the article.
        if (t.end - t.begin != t.term.size() && t.kind == Token::Kind::word)
            if (std::string marked = analyser.marked_stopword(text.substr(t.begin, t.end - t.begin), t.term);
                !marked.empty())
                doc.add_posting(prefix + marked, pos, wdf);
    }
    for (const auto& [word, n] : counts) {
        const Analyser::TermInfo& info = analyser.term_info(word);
        if (info.stopword) continue;
        term.assign(knipsel::prefix::stem).append(prefix).append(info.stem);
        doc.add_term(term, wdf * n);
        // Compound parts count as stems of their own: "vredesverklaring"
        // is found by "verklaring". (Boosting exact words over parts was
        // measured and gave nothing on the judged queries.)
        for (const std::string& part_stem : info.part_stems) {
            term.assign(knipsel::prefix::stem).append(prefix).append(part_stem);
            doc.add_term(term, wdf * n);
        }
    }
    next_pos = last + 1;
}

// One line: Omega's data values hold no newline.
std::string one_line(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c == '\n' || c == '\r') c = ' ';
    return out;
}

// The first `max_chars` characters of text, cut at a word, on one line,
// without bidirectional controls (Omega shows it as it is).
std::string sample_of(std::string_view body, std::size_t max_chars) {
    // Only the head is flattened: max_chars characters take at most 4 bytes each.
    std::string flat = one_line(body.substr(0, max_chars * 4));
    const bool whole = flat.size() == body.size();
    remove_bidi_controls(flat);
    std::size_t chars = 0, i = 0, last_space = std::string::npos;
    while (i < flat.size() && chars < max_chars) {
        unsigned char c = static_cast<unsigned char>(flat[i]);
        if (c == ' ') last_space = i;
        i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        ++chars;
    }
    if (i >= flat.size() && whole) return flat;
    std::size_t cut = last_space != std::string::npos ? last_space : std::min(i, flat.size());
    return flat.substr(0, cut) + " …";
}

// omindex's extension term of a file: "E" + its extension in lower case
// ("Ehtml" for "Nieuws.HTML"); "" for a name without one.
std::string extension_term(std::string_view path) {
    const std::size_t slash = path.rfind('/');
    const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    const std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) return {};
    std::string term(prefix::extension);
    for (char c : name.substr(dot + 1)) term += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    return term.size() <= max_id_term_bytes ? term : std::string();
}

std::int64_t unix_time_of(const std::string& canonical_date) {
    std::string d = date_slot_low(canonical_date);
    std::tm tm{};
    tm.tm_year = std::stoi(d.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(d.substr(4, 2)) - 1;
    tm.tm_mday = std::stoi(d.substr(6, 2));
    tm.tm_hour = 12;
    return static_cast<std::int64_t>(timegm(&tm));
}

// A file:// link to the file. UTF-8 letters stay as they are (an IRI, as
// browsers show it); other bytes are %-escaped, those of a name that is
// not UTF-8 too ("caf\xE9.txt" from an old Windows archive: caf%E9.txt,
// which opens the file, where the raw byte would become U+FFFD in JSON).
std::string file_url(const SourceFile& file) {
    const std::string& path = file.abs_path;
    std::string url = "file://";
    auto escape = [&url](unsigned char c) {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%%%02X", c);
        url += buf;
    };
    const auto n = static_cast<std::int32_t>(path.size());
    for (std::int32_t i = 0; i < n;) {
        const auto c = static_cast<unsigned char>(path[static_cast<std::size_t>(i)]);
        if (c < 0x80) {
            if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~')
                url += static_cast<char>(c);
            else
                escape(c);
            ++i;
            continue;
        }
        const std::int32_t start = i;
        UChar32 cp;
        U8_NEXT(path.data(), i, n, cp);
        for (std::int32_t k = start; k < i; ++k) {
            const auto b = static_cast<unsigned char>(path[static_cast<std::size_t>(k)]);
            if (cp < 0 || cp == 0xFFFE || cp == 0xFFFF)  // not UTF-8, or a noncharacter XML refuses
                escape(b);
            else
                url += static_cast<char>(b);
        }
    }
    return url;
}

}  // namespace

std::string content_hash(std::string_view bytes) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx",
                  static_cast<unsigned long long>(XXH3_64bits(bytes.data(), bytes.size())));
    return hex;
}

std::size_t shard_of(std::string_view rel_path, std::size_t n) {
    return n <= 1 ? 0 : static_cast<std::size_t>(XXH3_64bits(rel_path.data(), rel_path.size()) % n);
}

std::string article_hash(const Article& a) {
    std::string all;
    for (const std::string* f : {&a.id, &a.path, &a.title, &a.date, &a.source, &a.url, &a.lang, &a.body}) {
        all += *f;
        all += '\0';
    }
    // The record's size is the document's size=: a .jsonl line that changed
    // only between its fields makes another document.
    all += std::to_string(a.record_bytes);
    // The text key is a value of the document too (p13): a document made
    // before it had one is made again.
    all.append("\0t1", 3);
    return content_hash(all);
}

std::string text_key(const Article& a) {
    std::string all;
    for (const std::string* f : {&a.title, &a.date, &a.source, &a.lang, &a.body}) {
        all += *f;
        all += '\0';
    }
    return content_hash(all);
}

namespace {

// prefix + value, or for a value too long for a Xapian term, a readable head
// cut at a UTF-8 character start plus a hash of the whole value.
void bounded_term(std::string_view prefix, std::string_view value, std::string& term) {
    term.assign(prefix).append(value);
    if (term.size() <= max_id_term_bytes) return;
    std::size_t keep = max_id_term_bytes - 17;
    while (keep > 0 && (static_cast<unsigned char>(term[keep]) & 0xC0) == 0x80) --keep;
    term.resize(keep);
    term.append("#").append(content_hash(value));
}

std::string bounded_term(std::string_view prefix, std::string_view value) {
    std::string term;
    bounded_term(prefix, value, term);
    return term;
}

}  // namespace

std::string id_term(const Schema& schema, std::string_view id) {
    return bounded_term(schema.required("id", FieldKind::id).prefix, id);
}

std::string file_term_prefix(std::string_view root) {
    return std::string(prefix::file) + content_hash(root).substr(0, 8) + ":";
}

std::string file_term(std::string_view root, std::string_view rel_path) {
    return bounded_term(file_term_prefix(root), rel_path);
}

std::string file_term_under(std::string_view prefix, std::string_view rel_path) {
    return bounded_term(prefix, rel_path);
}

void file_term_under(std::string_view prefix, std::string_view rel_path, std::string& out) {
    bounded_term(prefix, rel_path, out);
}

bool file_term_in_folder(std::string_view term, std::string_view prefix, std::string_view folder_rel) {
    std::string under(prefix);
    if (!folder_rel.empty()) under.append(folder_rel).append("/");
    if (term.starts_with(under)) return true;
    // bounded_term's shortened form: the head of prefix + path (cut to a
    // whole character, so up to 3 bytes short of the full length), '#' and
    // 16 hex digits. It may be inside the folder when the head agrees.
    constexpr std::size_t hash_tail = 17;
    if (term.size() + 3 < max_id_term_bytes || term[term.size() - hash_tail] != '#') return false;
    return std::string_view(under).starts_with(term.substr(0, term.size() - hash_tail));
}

std::string encode_data(const std::map<std::string, std::string>& fields) {
    std::size_t size = 0;
    for (const auto& [name, value] : fields) size += name.size() + value.size() + 2;
    std::string out;
    out.reserve(size + size / 16);  // room for some line separators
    for (const auto& [name, value] : fields) {
        out += name;
        out += '=';
        // A run of ordinary bytes at a time: a body is thousands of them.
        const char* run = value.data();
        const char* const end = run + value.size();
        for (const char* p = run; p != end; ++p) {
            if (*p != '\n' && *p != '\r') continue;
            out.append(run, p);
            out += *p == '\n' ? line_separator : paragraph_separator;
            run = p + 1;
        }
        out.append(run, end);
        out += '\n';
    }
    return out;
}

namespace {

// The first U+2028 or U+2029 in [p, end), or end. (Typographic quotes and
// dashes start E2 80 too: passed over.)
const char* next_line_break(const char* p, const char* end) {
    for (;;) {
        p = static_cast<const char*>(std::memchr(p, '\xE2', static_cast<std::size_t>(end - p)));
        if (!p) return end;
        if (end - p >= 3 && p[1] == '\x80' && (p[2] == '\xA8' || p[2] == '\xA9')) return p;
        ++p;
    }
}

char restored(const char* separator) { return separator[2] == '\xA8' ? '\n' : '\r'; }

}  // namespace

void restore_line_breaks(std::string_view stored, std::string& out) {
    const char* p = stored.data();
    const char* const end = p + stored.size();
    const char* sep = next_line_break(p, end);
    out.assign(p, sep);
    if (sep == end) return;
    out.reserve(stored.size());
    // A run of ordinary bytes at a time: a long body has thousands of line breaks.
    while (sep != end) {
        out += restored(sep);
        p = sep + 3;
        sep = next_line_break(p, end);
        out.append(p, sep);
    }
}

std::size_t restore_line_breaks_in_place(std::span<char> value, std::size_t max_bytes, std::size_t* read) {
    char* const begin = value.data();
    const char* const end = begin + value.size();
    const char* sep = next_line_break(begin, end);
    char* out = begin + (sep - begin);
    while (sep != end && static_cast<std::size_t>(out - begin) <= max_bytes) {
        *out++ = restored(sep);
        const char* const run = sep + 3;
        sep = next_line_break(run, end);
        std::memmove(out, run, static_cast<std::size_t>(sep - run));
        out += sep - run;
    }
    if (read) *read = static_cast<std::size_t>(sep - begin);
    return static_cast<std::size_t>(out - begin);
}

namespace {

constexpr char copy_end = '\0';  // no file name holds it

}  // namespace

std::string join_copies(const std::vector<std::string>& ids) {
    std::string out;
    for (const std::string& id : ids) out.append(id) += copy_end;
    return out;
}

std::vector<std::string> split_copies(std::string_view listed) {
    // An index made before this form: one id a line.
    const char end = listed.find(copy_end) == std::string_view::npos ? '\n' : copy_end;
    std::vector<std::string> ids;
    for (std::size_t b = 0, e = 0; b < listed.size(); b = e + 1) {
        e = listed.find(end, b);
        if (e == std::string_view::npos) e = listed.size();
        if (e > b) ids.emplace_back(listed.substr(b, e - b));
    }
    return ids;
}

std::map<std::string, std::string> decode_data(const std::string& data) {
    std::map<std::string, std::string> fields;
    each_data_field(data, [&fields](std::string_view name, std::string_view stored) {
        restore_line_breaks(stored, fields[std::string(name)]);
    });
    return fields;
}

namespace {

// Omega's modtime for a Unix time: Omega shows it as a 32-bit time_t, so an
// article of 1899 would read as one of 2036. Out of that range (before
// 1901-12-13, after 2038-01-19) it has none (""); the date slot and terms
// still carry the date.
std::string omega_modtime(std::int64_t unix_time) {
    return unix_time >= INT32_MIN && unix_time <= INT32_MAX ? std::to_string(unix_time) : std::string();
}

}  // namespace

Xapian::Document make_document(const Article& a, const SourceFile& file, const Schema& schema,
                               const Analyser& main_analyser) {
    // An untagged article in another configured language (English) is
    // recognised and analysed as one, and tagged so that lang: finds it.
    // The body is tokenised once for both (detection reads its first
    // words), unless it reads as another language.
    std::string lang = a.lang;
    std::vector<Token> body_tokens;
    const Analyser* tokenised_by = nullptr;
    if (lang.empty()) {
        body_tokens = main_analyser.tokenise(a.body, Reading::article);
        tokenised_by = &main_analyser;
        lang = main_analyser.detect_language(a.body, body_tokens);
    }
    const Analyser& analyser = main_analyser.for_language(lang);
    if (tokenised_by != &analyser) body_tokens = analyser.tokenise(a.body, Reading::article);
    // Untagged and not read as another language: analysed as the index's
    // own, and tagged so, so that lang:nl finds every Dutch article.
    if (lang.empty()) lang = analyser.language();
    Xapian::Document doc;
    Xapian::termpos pos = 1;
    const FieldSpec* title = schema.field("title");
    const FieldSpec& body = schema.required("body", FieldKind::text);
    if (title && title->kind == FieldKind::text && !a.title.empty()) {
        const std::vector<Token> title_tokens = analyser.tokenise(a.title, Reading::article);
        Xapian::termpos title_pos = 1;
        index_tokens(doc, analyser, a.title, title_tokens, title->prefix, 1, title_pos);
        // Title words also count as body words, weighted up (as omindex does).
        index_tokens(doc, analyser, a.title, title_tokens, body.prefix, title->weight, pos);
        pos += field_gap;
    }
    index_tokens(doc, analyser, a.body, body_tokens, body.prefix, body.weight, pos);

    doc.add_boolean_term(id_term(schema, a.id));
    auto boolean_field = [&](const char* name, const std::string& value) {
        const FieldSpec* f = schema.field(name);
        if (!f || f->kind != FieldKind::boolean || value.empty()) return;
        std::string term = f->prefix + analyser.fold_text(value, false);
        if (term.size() <= max_id_term_bytes) doc.add_boolean_term(term);
        if (f->slot) doc.add_value(*f->slot, one_line(value));  // for knipsel-query --facets
    };
    boolean_field("source", a.source);
    boolean_field("lang", lang);
    // omindex's file type filters (Omega's B=Ttext/html, B=Ehtml): the MIME
    // type of the file and its extension, lower case.
    if (!file.format.empty()) doc.add_boolean_term(std::string(prefix::mime_type) + file.format);
    if (std::string ext = extension_term(a.path); !ext.empty()) doc.add_boolean_term(ext);

    if (const FieldSpec* date = schema.field("date"); date && date->kind == FieldKind::date && !a.date.empty()) {
        std::string ymd = date_slot_low(a.date);
        doc.add_value(*date->slot, ymd);
        if (a.date.size() < 10) doc.add_value(slot_date_end, date_slot_high(a.date) + (a.date.size() == 4 ? "y" : "m"));
        // Omega's date terms, for its date filters.
        doc.add_boolean_term(std::string(prefix::day) + ymd);
        doc.add_boolean_term(std::string(prefix::month) + ymd.substr(0, 6));
        doc.add_boolean_term(std::string(prefix::year) + ymd.substr(0, 4));
    }
    doc.add_value(slot_file_stamp,
                  std::to_string(file.mtime_ns) + ":" + std::to_string(file.size) + ":" +
                      std::to_string(file.ctime_ns) + ":" + std::string(file_parsers_version) +
                      (file.had_errors ? ":E" : ""));
    doc.add_value(slot_content_hash, file.content_hash);
    doc.add_value(slot_file_docs, std::to_string(file.doc_count));
    doc.add_value(slot_article_hash, article_hash(a));
    doc.add_value(slot_text_key, text_key(a));

    std::string url = a.url.empty() ? file_url(file) : a.url;
    const std::int64_t modtime = a.date.empty() ? file.mtime_ns / 1000000000 : unix_time_of(a.date);
    std::map<std::string, std::string> data = {
        // Omega's fields
        // Omega's heading, at most max_caption_chars (omindex cuts at 128); the title is whole.
        {"caption", sample_of(a.title, max_caption_chars)},
        {"sample", sample_of(a.body, sample_chars)},
        {"url", one_line(url)},
        {"size", std::to_string(a.record_bytes ? a.record_bytes : file.size)},
        {"type", file.format},
        // knipsel's own
        // Exact (encode_data keeps a newline in a file name): a script
        // opens the file by its path.
        {"id", a.id},
        {"path", a.path},
        {"title", one_line(a.title)},
        {"date", a.date},
        {"source", one_line(a.source)},
        {"body", a.body},
    };
    if (std::string shown = omega_modtime(modtime); !shown.empty()) data["modtime"] = std::move(shown);
    data["language"] = one_line(lang);
    doc.set_data(encode_data(data));
    return doc;
}

bool refresh_file_facts(Xapian::Document& doc, const SourceFile& file, bool whole_file) {
    std::map<std::string, std::string> data = decode_data(doc.get_data());
    bool changed = false;
    const auto set = [&](const std::string& name, const std::string& value) {
        const auto at = data.find(name);
        if (value.empty() ? at == data.end() : at != data.end() && at->second == value) return;
        if (value.empty())
            data.erase(at);
        else
            data[name] = value;
        changed = true;
    };
    if (const auto date = data.find("date"); date == data.end() || date->second.empty())
        set("modtime", omega_modtime(file.mtime_ns / 1000000000));
    if (whole_file) set("size", std::to_string(file.size));
    if (changed) doc.set_data(encode_data(data));
    return changed;
}

std::string id_path(std::string_view rel_path) {
    const char* const p = rel_path.data();
    const auto n = static_cast<std::int32_t>(rel_path.size());
    std::int32_t i = 0;
    UChar32 cp = 0;
    while (i < n && cp >= 0) U8_NEXT(p, i, n, cp);
    const auto hex_digit = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
    if (cp >= 0) {
        // UTF-8, the common case: as it is, but a '%' before two hex digits
        // as %25, so that "caf%E9.txt" is not the id of a Latin-1 "café.txt".
        bool escapes = false;
        for (std::size_t k = 0; k + 2 < rel_path.size() && !escapes; ++k)
            escapes = rel_path[k] == '%' && hex_digit(rel_path[k + 1]) && hex_digit(rel_path[k + 2]);
        if (!escapes) return std::string(rel_path);
        std::string out;
        for (std::size_t k = 0; k < rel_path.size(); ++k) {
            const bool hex = k + 2 < rel_path.size() && hex_digit(rel_path[k + 1]) && hex_digit(rel_path[k + 2]);
            out += rel_path[k] == '%' && hex ? std::string("%25") : std::string(1, rel_path[k]);
        }
        return out;
    }
    std::string out;
    out.reserve(rel_path.size() + 8);
    for (std::int32_t k = 0; k < n;) {
        const std::int32_t start = k;
        U8_NEXT(p, k, n, cp);
        for (std::int32_t b = start; b < k; ++b) {
            const auto c = static_cast<unsigned char>(p[b]);
            if (cp >= 0 && c != '%') {
                out += static_cast<char>(c);
                continue;
            }
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            out += hex;
        }
    }
    return out;
}

}  // namespace knipsel
