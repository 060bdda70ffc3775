#include "schema.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <unistd.h>

#define TOML_IMPLEMENTATION  // toml++ compiled here, once, for all of knipsel (TOML_HEADER_ONLY=0)
#include <toml++/toml.h>
#include <xapian.h>

#include "error.h"
#include "index_layout.h"  // prefix::all
#include "toml_guard.h"

#ifndef KNIPSEL_SCHEMA_DIR
#define KNIPSEL_SCHEMA_DIR "schemas"
#endif
#ifndef KNIPSEL_DATA_FROM_BINDIR
#define KNIPSEL_DATA_FROM_BINDIR "../share/knipsel"
#endif

namespace knipsel {
namespace {

Error schema_error(const std::string& origin, const toml::source_region& where,
                   const std::string& what) {
    std::string at = origin;
    if (where.begin.line) at += ":" + std::to_string(where.begin.line);
    return Error(Exit::config, at + ": " + what, "fix the schema file and run again");
}

std::string read_file(const std::string& path, const char* what) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error(Exit::config, std::string("cannot read ") + what + " " + path + ": it is a folder, not a file",
                    "name the file itself");
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int err = errno;
        throw Error(Exit::config, std::string("cannot read ") + what + " " + path + ": " + std::strerror(err),
                    std::string(what) == "schema file" ? "check the path (--schema FILE or KNIPSEL_SCHEMA name it)"
                                                       : "check the path, relative to the schema file");
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Keys a table may have, and no others: a misspelt one ([anlaysis.en])
// would otherwise switch its setting off without a word.
void only_known_keys(const toml::table& t, const std::set<std::string>& known, const std::string& where,
                     const std::string& origin) {
    for (const auto& [key, node] : t)
        if (!known.count(std::string(key.str())))
            throw schema_error(origin, node.source(), "unknown " + std::string(node.is_table() ? "table" : "key") +
                                                          " '" + std::string(key.str()) + "'" + where);
}

std::string get_string(const toml::table& t, const char* key, const std::string& origin,
                       bool required, const std::string& fallback = {}) {
    const toml::node* n = t.get(key);
    if (!n) {
        if (required)
            throw schema_error(origin, t.source(), std::string("missing key '") + key + "'");
        return fallback;
    }
    if (auto s = n->value<std::string>()) return *s;
    throw schema_error(origin, n->source(), std::string("'") + key + "' must be a string");
}

const toml::table& get_table(const toml::table& root, const char* key, const std::string& origin) {
    const toml::node* n = root.get(key);
    if (!n) throw schema_error(origin, root.source(), std::string("missing table [") + key + "]");
    if (auto* t = n->as_table()) return *t;
    throw schema_error(origin, n->source(), std::string("'") + key + "' must be a table");
}

FieldKind parse_kind(const std::string& s, const toml::node& at, const std::string& origin) {
    if (s == "text") return FieldKind::text;
    if (s == "boolean") return FieldKind::boolean;
    if (s == "date") return FieldKind::date;
    if (s == "id") return FieldKind::id;
    if (s == "stored") return FieldKind::stored;
    throw schema_error(origin, at.source(),
                       "unknown field kind '" + s + "' (text, boolean, date, id or stored)");
}

FieldSpec parse_field(const toml::table& t, const std::string& origin) {
    static const std::set<std::string> article_fields = {"id",  "path", "title", "date",
                                                         "source", "url", "lang", "body"};
    static const std::set<std::string> known_keys = {"name", "kind", "prefix",
                                                     "aliases", "weight", "slot"};
    for (const auto& [key, node] : t)
        if (!known_keys.count(std::string(key.str())))
            throw schema_error(origin, node.source(), "unknown key '" + std::string(key.str()) + "' in [[field]]");
    FieldSpec f;
    f.name = get_string(t, "name", origin, true);
    if (!article_fields.count(f.name))
        throw schema_error(origin, t.get("name")->source(),
                           "unknown field '" + f.name +
                               "' (id, path, title, date, source, url, lang or body)");
    f.kind = parse_kind(get_string(t, "kind", origin, true), *t.get("kind"), origin);
    f.prefix = get_string(t, "prefix", origin, false);
    if (t.get("prefix") && f.prefix.empty() && f.name != "body")
        throw schema_error(origin, t.get("prefix")->source(),
                           "prefix of field '" + f.name + "' is empty: leave the key out for a field that is "
                           "not searched by name (only the body's words have none)");
    for (char c : f.prefix)
        if (c < 'A' || c > 'Z')
            throw schema_error(origin, t.get("prefix")->source(),
                               "prefix '" + f.prefix + "' must be upper-case ASCII letters");
    if ((f.kind == FieldKind::boolean || f.kind == FieldKind::id) && f.prefix.empty())
        throw schema_error(origin, t.source(), "field '" + f.name + "' needs a prefix");
    if (const toml::node* a = t.get("aliases")) {
        const toml::array* arr = a->as_array();
        if (!arr) throw schema_error(origin, a->source(), "'aliases' must be an array of strings");
        for (const toml::node& el : *arr) {
            auto s = el.value<std::string>();
            if (!s) throw schema_error(origin, el.source(), "'aliases' must be an array of strings");
            // Typed before a ':' in a query, where capitals are its own
            // (Titel:Kim): letters a-z, lower case.
            std::string alias = *s;
            for (char& c : alias)
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            if (alias.empty() || alias.find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos)
                throw schema_error(origin, el.source(),
                                   "alias '" + *s + "' must be letters a-z (a query types it before ':')");
            f.aliases.push_back(std::move(alias));
        }
    }
    if (const toml::node* w = t.get("weight")) {
        auto v = w->value<int64_t>();
        if (!v || *v < 1 || *v > 100)
            throw schema_error(origin, w->source(), "'weight' must be an integer from 1 to 100");
        f.weight = static_cast<unsigned>(*v);
    }
    if (const toml::node* s = t.get("slot")) {
        auto v = s->value<int64_t>();
        if (!v || *v < 0 || *v > 99)
            throw schema_error(origin, s->source(), "'slot' must be an integer from 0 to 99 (100 and up are knipsel's own)");
        f.slot = static_cast<unsigned>(*v);
    }
    if (f.kind == FieldKind::date && !f.slot)
        throw schema_error(origin, t.source(), "date field '" + f.name + "' needs a 'slot'");
    // A boolean field's slot holds its value as written, for the counts of
    // knipsel-query --facets; other kinds have nothing to keep there.
    if (f.slot && f.kind != FieldKind::date && f.kind != FieldKind::boolean)
        throw schema_error(origin, t.get("slot")->source(),
                           "field '" + f.name + "' cannot have a 'slot' (only date and boolean fields have one)");
    return f;
}

}  // namespace

std::vector<std::string> content_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        auto hash = line.find('#');
        if (hash != std::string::npos) line.erase(hash);
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
        size_t start = 0;
        while (start < line.size() && std::isspace(static_cast<unsigned char>(line[start]))) ++start;
        if (start < line.size()) lines.push_back(line.substr(start));
    }
    return lines;
}

const FieldSpec* Schema::field(const std::string& field_name) const {
    for (const auto& f : fields)
        if (f.name == field_name) return &f;
    return nullptr;
}

const FieldSpec& Schema::required(const std::string& field_name, FieldKind kind) const {
    const FieldSpec* f = field(field_name);
    if (!f || f->kind != kind)
        throw Error(Exit::config, "schema '" + name + "' lacks the field '" + field_name + "' of the right kind",
                    "fix the schema file and run again");
    return *f;
}

namespace {

bool get_bool(const toml::table& t, const char* key, const std::string& origin, bool fallback) {
    const toml::node* n = t.get(key);
    if (!n) return fallback;
    if (auto b = n->value_exact<bool>()) return *b;
    throw schema_error(origin, n->source(), std::string("'") + key + "' must be true or false");
}

// One language's analysis: the keys of [analysis] or of [analysis.CODE].
AnalysisSpec parse_analysis(const toml::table& an, const std::string& language, const SchemaFileReader& read,
                            std::map<std::string, std::string>& files, const std::string& origin, bool main) {
    static const std::set<std::string> main_keys = {"language", "fold", "stemmer", "stemmer_rules", "compounds",
                                                    "stopwords", "spelling", "synonyms"};
    static const std::set<std::string> other_keys = {"stemmer", "stemmer_rules", "compounds", "stopwords", "detect"};
    for (const auto& [key, node] : an) {
        std::string k(key.str());
        if (main && node.is_table()) continue;  // another language
        if (!(main ? main_keys : other_keys).count(k))
            throw schema_error(origin, node.source(),
                               "unknown key '" + k + "' in [analysis" + (main ? "" : "." + language) + "]");
    }
    AnalysisSpec a;
    a.language = main ? get_string(an, "language", origin, false, "nl") : language;
    if (main) {
        a.fold = get_string(an, "fold", origin, false, "full");
        if (a.fold != "full" && a.fold != "case")
            throw schema_error(origin, an.get("fold")->source(), "unknown fold '" + a.fold + "' (full or case)");
    }
    a.stemmer = get_string(an, "stemmer", origin, false, "none");
    if (a.stemmer != "none" && !a.stemmer.empty()) {
        // Checked here, where the file and line are known (the analyser
        // would say only that the schema names an unknown one).
        bool known = true;
        try {
            Xapian::Stem stem(a.stemmer);
        } catch (const Xapian::InvalidArgumentError&) {
            known = false;
        }
        if (!known)
            throw Error(Exit::config,
                        origin + ":" + std::to_string(an.get("stemmer")->source().begin.line) + ": unknown stemmer '" +
                            a.stemmer + "'",
                        "Xapian's stemmers: " + Xapian::Stem::get_available_languages() + ", or none");
    }
    a.stemmer_rules = get_string(an, "stemmer_rules", origin, false, "none");
    if (a.stemmer_rules != "none" && a.stemmer_rules != "nl-plurals")
        throw schema_error(origin, an.get("stemmer_rules")->source(),
                           "unknown stemmer_rules '" + a.stemmer_rules + "' (nl-plurals or none)");
    a.compounds = get_string(an, "compounds", origin, false, "none");
    if (a.compounds != "none" && a.compounds != "hunspell-nl")
        throw schema_error(origin, an.get("compounds")->source(),
                           "unknown compounds '" + a.compounds + "' (hunspell-nl or none)");
    a.stopwords_file = get_string(an, "stopwords", origin, false);
    if (!a.stopwords_file.empty()) {
        std::string text = read(a.stopwords_file, "stopword file");
        a.stopwords = content_lines(text);
        files[a.stopwords_file] = std::move(text);
    }
    a.detect = !main && get_bool(an, "detect", origin, false);
    return a;
}

// A field's term prefix, as Omega's conventions have it: one capital
// letter other than X, or X and more capitals; not one the index layout
// uses for its own terms (Z stems, E extensions, T formats, D/M/Y dates,
// XFILE files) nor another field's (a title prefix "L" made the title
// word "en" the English-language filter term); none for the body, whose
// words plain queries search unprefixed.
void check_prefix(const FieldSpec& f, const toml::table& t, std::map<std::string, std::string>& prefixes,
                  const std::string& origin) {
    if (f.prefix.empty()) return;
    const toml::source_region where = t.get("prefix") ? t.get("prefix")->source() : t.source();
    const std::string named = "prefix '" + f.prefix + "' of field '" + f.name + "'";
    if (f.name == "body")
        throw schema_error(origin, where, named + ": the body has no prefix (plain words search it without one)");
    if ((f.prefix.size() == 1) == (f.prefix[0] == 'X'))
        throw schema_error(origin, where, named + " must be one capital other than X, or X and more capitals");
    std::string layout;
    for (std::string_view own : prefix::all) layout += (layout.empty() ? "" : ", ") + std::string(own);
    if (std::find(std::begin(prefix::all), std::end(prefix::all), f.prefix) != std::end(prefix::all))
        throw schema_error(origin, where, named + " is one the index uses for its own terms (" + layout + ")");
    const auto [it, fresh] = prefixes.emplace(f.prefix, f.name);
    if (!fresh)
        throw schema_error(origin, where, named + " is field '" + it->second + "''s too");
}

}  // namespace

Schema parse_schema(const std::string& toml_text, const SchemaFileReader& read, const std::string& origin) {
    toml::table root;
    std::string safe_text = toml_text;
    if (auto problem = make_toml_safe(safe_text))
        throw Error(Exit::config, origin + ":" + std::to_string(problem->line) + ": " + problem->message,
                    "fix the schema file and run again");
    try {
        root = toml::parse(safe_text, origin);
    } catch (const toml::parse_error& e) {
        throw schema_error(origin, e.source(), std::string(e.description()));
    }
    Schema s;
    only_known_keys(root, {"schema", "analysis", "field"}, "", origin);
    const toml::table& head = get_table(root, "schema", origin);
    only_known_keys(head, {"name", "version"}, " in [schema]", origin);
    s.name = get_string(head, "name", origin, true);
    if (const toml::node* v = head.get("version")) {
        auto n = v->value<int64_t>();
        if (!n) throw schema_error(origin, v->source(), "'version' must be an integer");
        s.version = static_cast<int>(*n);
    }
    const toml::table& an = get_table(root, "analysis", origin);
    s.analysis = parse_analysis(an, "", read, s.files, origin, true);
    for (const auto& [key, node] : an) {
        const toml::table* t = node.as_table();
        if (!t) continue;
        std::string code(key.str());
        if (code.size() < 2 || code.size() > 3 || code == s.analysis.language ||
            code.find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos)
            throw schema_error(origin, node.source(),
                               "[analysis." + code + "] must name another language by its ISO 639 code (e.g. en)");
        // The parsers read these codes as en and nl (README, "Languages"):
        // a table by them would never meet an article.
        for (const auto& [long_code, short_code] : {std::pair{"eng", "en"}, {"nld", "nl"}, {"dut", "nl"}})
            if (code == long_code)
                throw schema_error(origin, node.source(),
                                   "[analysis." + code + "]: articles tagged " + code + " are read as " + short_code +
                                       ": name the table [analysis." + short_code + "]");
        s.analysis.others.push_back(parse_analysis(*t, code, read, s.files, origin, false));
    }
    s.spelling = get_bool(an, "spelling", origin, false);
    s.synonyms_file = get_string(an, "synonyms", origin, false);
    if (!s.synonyms_file.empty()) {
        s.synonyms_text = read(s.synonyms_file, "synonym file");
        // Named by its path, beside the schema file, where one is read.
        std::error_code ec;
        const std::filesystem::path beside = std::filesystem::path(origin).parent_path() / s.synonyms_file;
        s.synonyms = parse_synonyms(s.synonyms_text,
                                    std::filesystem::is_regular_file(beside, ec) ? beside.string() : s.synonyms_file);
    }
    const toml::node* fields = root.get("field");
    const toml::array* arr = fields ? fields->as_array() : nullptr;
    if (!arr) throw schema_error(origin, root.source(), "missing [[field]] entries");
    std::set<std::string> names;
    std::map<std::string, std::string> typed_names;  // a name or alias -> its field
    std::map<std::string, std::string> prefixes;     // a prefix -> its field
    std::set<unsigned> slots;
    for (const toml::node& n : *arr) {
        const toml::table* t = n.as_table();
        if (!t) throw schema_error(origin, n.source(), "[[field]] entries must be tables");
        FieldSpec f = parse_field(*t, origin);
        if (!names.insert(f.name).second)
            throw schema_error(origin, t->source(), "field '" + f.name + "' is defined twice");
        for (const std::string* typed : [&] {
                 std::vector<const std::string*> all = {&f.name};
                 for (const auto& a : f.aliases) all.push_back(&a);
                 return all;
             }()) {
            const auto [it, fresh] = typed_names.emplace(*typed, f.name);
            if (!fresh && it->second != f.name)
                throw schema_error(origin, t->source(),
                                   "'" + *typed + "' of field '" + f.name + "' names field '" + it->second +
                                       "' already (a query could not tell them apart)");
        }
        check_prefix(f, *t, prefixes, origin);
        if (f.slot && !slots.insert(*f.slot).second)
            throw schema_error(origin, t->get("slot")->source(),
                               "slot " + std::to_string(*f.slot) + " of field '" + f.name + "' is another field's too");
        s.fields.push_back(std::move(f));
    }
    s.toml_text = toml_text;
    s.origin = origin;
    // The fields the tools cannot work without.
    s.required("id", FieldKind::id);
    s.required("body", FieldKind::text);
    return s;
}

std::vector<std::vector<std::string>> parse_synonyms(const std::string& text, const std::string& origin) {
    std::vector<std::vector<std::string>> groups;
    std::istringstream in(text);
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        std::vector<std::string> group;
        std::size_t start = 0;
        bool blank = line.find_first_not_of(" \t\r") == std::string::npos;
        if (blank) continue;
        while (start <= line.size()) {
            std::size_t eq = line.find('=', start);
            std::string member = line.substr(start, eq == std::string::npos ? std::string::npos : eq - start);
            std::size_t b = member.find_first_not_of(" \t\r"), e = member.find_last_not_of(" \t\r");
            if (b == std::string::npos)
                throw Error(Exit::config, origin + ":" + std::to_string(number) + ": empty member in a synonym group",
                            "write members separated by '=': VS = Verenigde Staten");
            group.push_back(member.substr(b, e - b + 1));
            if (eq == std::string::npos) break;
            start = eq + 1;
        }
        if (group.size() < 2)
            throw Error(Exit::config, origin + ":" + std::to_string(number) + ": a synonym group needs two members or more",
                        "write members separated by '=': VS = Verenigde Staten");
        if (std::all_of(group.begin(), group.end(), [](const std::string& m) { return synonym_member(m).related; }))
            throw Error(Exit::config,
                        origin + ":" + std::to_string(number) + ": a synonym group needs a member not marked '~' (related)",
                        "write the word the related ones belong to: VS = ~Amerikaans");
        groups.push_back(std::move(group));
    }
    return groups;
}

SynonymMember synonym_member(const std::string& member) {
    const bool related = member.size() > 1 && member[0] == '~';
    const std::string rest = related ? member.substr(1) : member;
    auto colon = rest.find(':');
    if (colon >= 2 && colon <= 3 && rest.find_first_not_of("abcdefghijklmnopqrstuvwxyz") == colon)
        return {rest.substr(0, colon), rest.substr(colon + 1), related};
    return {"", rest, related};
}

Schema load_schema_file(const std::string& path) {
    std::string text = read_file(path, "schema file");
    // Files the schema names are relative to the schema file.
    const std::filesystem::path dir = std::filesystem::path(path).parent_path();
    return parse_schema(
        text, [&](const std::string& name, const char* what) { return read_file((dir / name).string(), what); },
        path);
}

std::string data_dir_beside_executable() {
    // /proc/self/exe has the symlinks resolved: a link in ~/bin to an
    // installed binary still finds that install's share/. Plain readlink(2):
    // std::filesystem::read_symlink would lstat first, and knipsel-query
    // pays for each system call at every start.
    char buf[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf);
    if (n <= 0 || n == static_cast<ssize_t>(sizeof buf)) return {};
    const std::filesystem::path exe(std::string(buf, static_cast<std::size_t>(n)));
    if (!exe.has_parent_path()) return {};
    return (exe.parent_path() / KNIPSEL_DATA_FROM_BINDIR).lexically_normal().string();
}

std::string default_schema_dir(const std::string& data_dir) {
    if (!data_dir.empty()) {
        std::string dir = data_dir + "/schemas";
        std::error_code ec;
        if (std::filesystem::is_directory(dir, ec)) return dir;
    }
    return KNIPSEL_SCHEMA_DIR;
}

std::string default_schema_path() {
    if (const char* env = std::getenv("KNIPSEL_SCHEMA"); env && *env) return env;
    return default_schema_dir() + "/knipsel.toml";
}

}  // namespace knipsel
