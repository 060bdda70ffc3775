#include "database.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <thread>

#include <unicode/utf8.h>
#include <unistd.h>

#include "error.h"
#include "folders.h"
#include "index_layout.h"

namespace fs = std::filesystem;

namespace knipsel {

std::string default_db_path() {
    if (const char* env = std::getenv("KNIPSEL_DB"); env && *env) return env;
    return "knipsel.db";
}

std::string normalise_db_path(std::string path) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return path;
}

Error translate(const Xapian::Error& e, const std::string& what, const std::string& path) {
    std::string msg = what + " " + path + ": " + e.get_msg();
    if (const char* cause = e.get_error_string(); cause && *cause) msg += " (" + std::string(cause) + ")";
    // Xapian's exceptions are not polymorphic: tell them apart by type name.
    const std::string type = e.get_type();
    // A file of the index its user may not read or write (a run by hand as
    // root left it root's): no damage, nothing to rebuild.
    if (const char* cause = e.get_error_string();
        cause && (std::string(cause) == std::strerror(EACCES) || std::string(cause) == std::strerror(EPERM)))
        return Error(Exit::cant_create, msg, "check the owner and permissions of the index's files");
    // Out of file descriptors (a low ulimit -n; many shards): no damage
    // either. A failed commit names the cause inside its message.
    // (A lock file that cannot be made ends its message with the cause.)
    const auto names = [&](int error) {
        const char* cause = e.get_error_string();
        const std::string said = std::strerror(error);
        const std::string& m = e.get_msg();
        return (cause && said == cause) || m.find("(" + said + ")") != std::string::npos || m.ends_with(": " + said);
    };
    // A full file system (no space, or no inodes left) is no damage and no
    // other writer's lock: a lock file it could not make had said "locked".
    if (names(ENOSPC) || names(EDQUOT))
        return Error(Exit::io_error, msg,
                     "the file system holding the index is full (no space or no inodes left): free some and run "
                     "again");
    if (type == "DatabaseLockError" && (names(EACCES) || names(EPERM) || names(EROFS)))
        return Error(Exit::cant_create, msg, "check the owner and permissions of the index's folder");
    if (names(EMFILE) || names(ENFILE))
        return Error(Exit::io_error, msg,
                     "the index is not damaged: raise the open-files limit (ulimit -n; LimitNOFILE= in a "
                     "systemd unit) and run again");
    if (type == "DatabaseModifiedError")
        return Error(Exit::temp_fail, "index " + path + " changed while it was being read", "try again");
    if (type == "DatabaseLockError")
        return Error(Exit::temp_fail, "index " + path + " is locked by another knipsel-index",
                     "wait for it to finish and try again");
    if (type == "DatabaseOpeningError" || type == "DatabaseCorruptError" || type == "DatabaseVersionError" ||
        type == "DatabaseNotFoundError")
        return Error(Exit::io_error, msg, "the index is damaged or not a Xapian database: re-index into a new --db");
    if (type == "DatabaseCreateError")
        return Error(Exit::cant_create, msg, "check that the folder exists and is writable");
    if (type == "QueryParserError")
        return Error(Exit::data_error, "cannot parse the query: " + e.get_msg());
    if (type == "NetworkError" || type == "NetworkTimeoutError") {  // a remote shard lost after it was reached
        // Xapian's context names the connection: "remote:tcp(HOST:PORT)",
        // "remote:prog(PROGRAM ARGS)"; a stub line names it the same way.
        const std::string& context = e.get_context();
        std::string shard;
        if (context.starts_with("remote:tcp(") && context.ends_with(")"))
            shard = context.substr(11, context.size() - 12);
        else if (context.starts_with("remote:prog(") && context.ends_with(")"))
            shard = ":" + context.substr(12, context.size() - 13);
        std::string reason = e.get_msg();
        if (const char* cause = e.get_error_string(); cause && *cause) reason += " (" + std::string(cause) + ")";
        return Error(Exit::unavailable,
                     what + " " + path + ": " +
                         (shard.empty() ? "a remote shard failed (Xapian does not say which): "
                                        : "the remote shard " + shard + " failed: ") +
                         reason,
                     "check the xapian-tcpsrv servers the index lists");
    }
    return Error(Exit::io_error, msg + " (" + type + ")");
}

Error unchanged_but_modified(const std::string& what, const std::string& path) {
    return Error(Exit::io_error,
                 what + " " + path + ": the index is damaged: a block is of a revision newer than the index's",
                 "re-index into a new --db");
}

namespace {

// A local database, opened again when a writer's commit meets the
// opening: glass can read a block the writer is rewriting as corrupt
// ("Expected block 638 to be level 1, not 0") or as of a newer revision.
// What stays so is damage.
Xapian::Database open_local(const std::string& path, const std::string& index_path) {
    // Glass opens some tables only when first read and takes one it cannot
    // open for an empty one: an unreadable docdata.glass gave hits with no
    // title or text, and exit 0. So each is checked here (seven access()
    // calls, ~10 µs at this VM's ~1.4 µs a system call).
    if (fs::is_directory(path))
        for (const char* table : {"iamglass", "postlist.glass", "termlist.glass", "position.glass", "docdata.glass",
                                  "spelling.glass", "synonym.glass"}) {
            const std::string file = (fs::path(path) / table).string();
            if (::access(file.c_str(), R_OK) != 0 && (errno == EACCES || errno == EPERM))
                throw Error(Exit::cant_create, "cannot read index " + index_path + ": " + file + ": " +
                                                   std::strerror(errno),
                            "check the owner and permissions of the index's files");
        }
    for (int attempt = 1;; ++attempt) {
        try {
            return Xapian::Database(path);
        } catch (const Xapian::DatabaseCorruptError&) {
            if (attempt == 5) throw;
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt == 5) throw unchanged_but_modified("cannot open", index_path);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

// What an index records about itself: the schema, the files it names, the
// synonyms and the analyser's identity.
struct SelfDescription {
    std::string schema;
    std::map<std::string, std::string> files;
    std::string synonyms;
    std::string analyser;
};

// From the keys meta::self bundles.
SelfDescription read_self_keys(const Xapian::Database& db) {
    SelfDescription self;
    self.schema = db.get_metadata(meta::schema);
    for (auto it = db.metadata_keys_begin(meta::file); it != db.metadata_keys_end(meta::file); ++it)
        self.files[(*it).substr(std::string(meta::file).size())] = db.get_metadata(*it);
    self.synonyms = db.get_metadata(meta::synonyms);
    self.analyser = db.get_metadata(meta::analyser);
    return self;
}

// meta::self's value: this line, then each key it copies as "KEY LENGTH\n",
// the value's LENGTH bytes and "\n". (Parsed in a few microseconds, where
// JSON took 40: a query process reads it every time.)
constexpr std::string_view self_magic = "knipsel-self 1\n";

bool is_self_value(std::string_view value) { return value.substr(0, self_magic.size()) == self_magic; }

// From meta::self when the index has it (one read, one round trip to a
// remote shard), else from the keys it bundles (indexes made before it).
SelfDescription read_self(const Xapian::Database& db, const std::string& path) {
    const std::string bundle = db.get_metadata(meta::self);
    if (!is_self_value(bundle)) return read_self_keys(db);
    const auto damaged = [&](const std::string& why) {
        return Error(Exit::config, path + ": its self-description (" + meta::self + ") is damaged: " + why,
                     "re-index: knipsel-index --full --db " + shell_quoted(path));
    };
    SelfDescription self;
    std::string_view rest(bundle);
    rest.remove_prefix(self_magic.size());
    while (!rest.empty()) {
        const std::size_t eol = rest.find('\n');
        const std::size_t space = rest.substr(0, eol).rfind(' ');
        if (eol == std::string_view::npos || space == std::string_view::npos)
            throw damaged("a record has no \"KEY LENGTH\" line");
        const std::string key(rest.substr(0, space));
        const std::string_view digits = rest.substr(space + 1, eol - space - 1);
        std::size_t length = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
        if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty())
            throw damaged("the length of " + key + " is not a number");
        rest.remove_prefix(eol + 1);
        if (length >= rest.size() || rest[length] != '\n') throw damaged(key + " is cut short");
        std::string value(rest.substr(0, length));
        rest.remove_prefix(length + 1);
        if (key == meta::schema) {
            self.schema = std::move(value);
        } else if (key == meta::synonyms) {
            self.synonyms = std::move(value);
        } else if (key == meta::analyser) {
            self.analyser = std::move(value);
        } else if (key.rfind(meta::file, 0) == 0) {
            self.files[key.substr(std::string(meta::file).size())] = std::move(value);
        } else {
            throw damaged("unknown key " + key);
        }
    }
    return self;
}

// Writes meta::self from the keys it bundles.
void write_self(Xapian::WritableDatabase& db) {
    const SelfDescription self = read_self_keys(db);
    std::string out(self_magic);
    const auto add = [&](const std::string& key, const std::string& value) {
        out += key + ' ' + std::to_string(value.size()) + '\n' + value + '\n';
    };
    add(meta::schema, self.schema);
    for (const auto& [name, text] : self.files) add(meta::file + name, text);
    add(meta::synonyms, self.synonyms);
    add(meta::analyser, self.analyser);
    db.set_metadata(meta::self, out);
}

}  // namespace

namespace {

// A schema's settings, a line each: its lines less comments, trailing
// spaces and blank lines.
// Where two analyser identities part (analyser.h: identity()): "its
// stopwords=2d5e…, this knipsel's stopwords=9a6b…", the first setting that
// differs, rather than two lines of settings that look the same.
std::string analyser_difference(const std::string& recorded, const std::string& current,
                                const std::string& current_is = "this knipsel's") {
    const auto settings = [](const std::string& identity) {
        std::vector<std::string> out;
        for (std::size_t at = 0; at < identity.size();) {
            const std::size_t end = std::min(identity.find(' ', at), identity.size());
            if (end > at) out.push_back(identity.substr(at, end - at));
            at = end + 1;
        }
        return out;
    };
    const std::vector<std::string> a = settings(recorded), b = settings(current);
    for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i)
        if (i >= a.size() || i >= b.size() || a[i] != b[i])
            return "its " + (i < a.size() ? printable(a[i]) : "(nothing)") + ", " + current_is + " " +
                   (i < b.size() ? b[i] : "(nothing)");
    return "the same";
}

// The analyser version an identity starts with ("knipsel-analyser/25 ..." -> "25").
std::string analyser_version_of(const std::string& identity) {
    const std::size_t slash = identity.find('/'), end = identity.find(' ');
    return slash == std::string::npos || slash > end ? std::string() : identity.substr(slash + 1, end - slash - 1);
}

std::vector<std::string> schema_lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        char quote = 0;
        for (std::size_t i = 0; i < line.size(); ++i) {
            const char c = line[i];
            if (quote) {
                if (c == '\\' && quote == '"') ++i;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                line.erase(i);
                break;
            }
        }
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
        if (!line.empty()) out.push_back(line);
    }
    return out;
}

}  // namespace

void check_compatible(const Xapian::Database& db, const std::string& path, const Schema& schema,
                    const Analyser& analyser) {
    std::string recorded_schema = db.get_metadata(meta::schema);
    std::string recorded_analyser = db.get_metadata(meta::analyser);
    if (recorded_analyser.empty() && db.get_doccount() == 0) return;  // new, empty index
    const std::string hint = "re-index: knipsel-index --full --db " + shell_quoted(path);
    if (recorded_analyser.empty())
        throw Error(Exit::config, path + " is a Xapian index but not one built by knipsel-index",
                    "give --db another folder for knipsel's index (--full does not replace another tool's)");
    if (recorded_analyser != analyser.identity()) {
        // An upgrade of knipsel says so; else the schema's analysis or the
        // lexicon knipsel was built with changed.
        const std::string recorded_version = analyser_version_of(recorded_analyser);
        const std::string version = analyser_version_of(analyser.identity());
        const std::string why = recorded_version != version
                                    ? " (this knipsel analyses text as version " + version +
                                          " does; the index was made by version " + recorded_version + ")"
                                    : " (with the new schema)";
        throw Error(Exit::config,
                    path + " was built with another analyser (" +
                        analyser_difference(recorded_analyser, analyser.identity()) + ")",
                    hint + why);
    }
    // Comments and blank lines aside (a note in the schema is no change).
    const std::vector<std::string> recorded = schema_lines(recorded_schema), now = schema_lines(schema.toml_text);
    std::string differs;
    for (std::size_t i = 0; differs.empty() && i < std::max(recorded.size(), now.size()); ++i)
        if (i >= recorded.size() || i >= now.size() || recorded[i] != now[i])
            differs = "its setting " + std::to_string(i + 1) + " is " +
                      (i < recorded.size() ? "'" + printable(recorded[i]) + "'" : "not there") + ", this schema's " +
                      (i < now.size() ? "'" + printable(now[i]) + "'" : "not there");
    // A stopword or synonym file likewise ('#' starts a comment there).
    for (const auto& [name, text] : schema.files)
        if (differs.empty() && content_lines(db.get_metadata(meta::file + name)) != content_lines(text))
            differs = "its " + name + " is another than this schema's";
    if (!differs.empty())
        throw Error(Exit::config, path + " was built with another schema: " + differs,
                    "give the schema it was built with (--schema FILE), or re-index with this one: knipsel-index "
                    "--full --db " + shell_quoted(path) + " --schema " +
                        (schema.origin.empty() ? "FILE" : shell_quoted(schema.origin)));
}

bool made_by_another_knipsel(const Xapian::Database& db, const Schema& schema, const Analyser& analyser) {
    const std::string recorded = db.get_metadata(meta::analyser);
    if (recorded.empty() || recorded == analyser.identity()) return false;
    if (schema_lines(db.get_metadata(meta::schema)) != schema_lines(schema.toml_text)) return false;
    for (const auto& [name, text] : schema.files)
        if (content_lines(db.get_metadata(meta::file + name)) != content_lines(text)) return false;
    return true;
}

namespace {

// Whether every entry of `dir` is a file a Xapian database (glass or
// chert) keeps, and there is one: a damaged database, not a folder of
// someone's files.
bool only_xapian_files(const fs::path& dir) {
    std::error_code ec;
    bool any = false;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        const std::string ext = e.path().extension().string();
        const bool known = name == "iamglass" || name == "iamchert" || name == "flintlock" || ext == ".glass" ||
                           ext == ".DB" || ext == ".baseA" || ext == ".baseB" || ext == ".tmp";
        if (!known || !e.is_regular_file(ec)) return false;
        any = true;
    }
    return any && !ec;
}

// The line of the stub create_index_layout writes for shard i.
std::string own_stub_line(std::size_t i) { return "auto shard-" + std::to_string(i); }

// Whether `stub` holds the start of a stub create_index_layout writes, or
// all of it: a kill or a full disk may cut it short as it is written
// (empty, "auto shard-0\nauto sh"), and it then lists no shard, or not all.
bool starts_own_stub(const fs::path& stub) {
    constexpr std::uintmax_t max_bytes = 1 << 20;  // thousands of shards' lines; a big file is something else
    std::error_code ec;
    if (const std::uintmax_t size = fs::file_size(stub, ec); ec || size > max_bytes) return false;
    std::ifstream in(stub, std::ios::binary);
    std::string read(std::istreambuf_iterator<char>(in), {});
    std::string_view text = read;
    for (std::size_t i = 0; !text.empty(); ++i) {
        const std::string line = own_stub_line(i) + "\n";
        const std::string_view head = text.substr(0, line.size());
        if (!std::string_view(line).starts_with(head)) return false;
        text.remove_prefix(head.size());
    }
    return !in.bad();
}

// Whether a folder's entry is named as create_index_layout names its shards: shard-0, shard-1, ...
bool own_shard_name(const std::string& name) {
    constexpr std::string_view prefix = "shard-";
    return name.size() > prefix.size() && name.starts_with(prefix) &&
           std::all_of(name.begin() + prefix.size(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The error for a stub that lists what knipsel-index did not make as a
// shard of it (`line`): it searches as one index, but is none to write to.
Error stub_not_made_here(const std::string& path, const std::string& stub, const std::string& line) {
    std::string example = "knipsel-index --db DATABASE";
    if (const std::size_t space = line.find(' '); space != std::string::npos) {
        const fs::path listed = line.substr(space + 1);
        example = "knipsel-index --db " +
                  shell_quoted((listed.is_absolute() ? listed : fs::path(path) / listed).lexically_normal().string());
    }
    return Error(Exit::usage,
                 stub + " is not a sharded index of knipsel-index's: it lists " + line +
                     ", no shard knipsel-index made in " + path + " (writing to it would move articles between "
                     "the indexes it lists)",
                 "index each database it lists on its own, where it lives (" + example + " FOLDER); knipsel-query "
                 "--db " + shell_quoted(path) + " searches them as one");
}

}  // namespace

void check_replaceable(const std::string& path, const std::string& why, bool being_made) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return;
    const std::string hint = "give --db another name for the new index, or move " + path + " away first";
    const std::string because = " (" + why + ")";
    if (!fs::is_directory(path, ec))
        throw Error(Exit::cant_create,
                    path + " is a file, not an index of knipsel's: knipsel-index does not replace it" + because, hint);
    if (fs::is_empty(path, ec)) return;
    std::vector<std::string> shards;
    if (const fs::path stub = fs::path(path) / "XAPIANDB"; being_made && fs::is_regular_file(stub, ec) &&
                                                           starts_own_stub(stub)) {
        // Killed as it wrote the stub, or as it made the shards: the stub
        // may list none of them yet, so take those begun beside it, each
        // checked below as a shard the stub lists.
        for (const auto& e : fs::directory_iterator(path, ec))
            if (own_shard_name(e.path().filename().string())) shards.push_back(e.path().string());
    } else {
        shards = shard_paths(path);  // a stub's remote shards: usage error
    }
    if (fs::is_regular_file(fs::path(path) / "XAPIANDB", ec)) {
        // A folder of shards holds the stub and the shards it lists.
        std::set<std::string> expected = {"XAPIANDB"};
        for (const auto& shard : shards) expected.insert(fs::path(shard).filename().string());
        for (const auto& e : fs::directory_iterator(path, ec))
            if (!expected.count(e.path().filename().string()))
                throw Error(Exit::io_error,
                            path + " holds " + e.path().filename().string() +
                                ", which no index of knipsel's has: knipsel-index does not replace it" + because,
                            hint);
    }
    for (const auto& shard : shards) {
        // A shard a crash left unmade or empty holds nothing to lose.
        if (!fs::exists(shard, ec) || (fs::is_directory(shard, ec) && fs::is_empty(shard, ec))) continue;
        try {
            Xapian::Database db(shard);
            if (!db.get_metadata(meta::analyser).empty() || !db.get_metadata(meta::schema).empty()) continue;
            // One a crash left before its first commit (killed as knipsel-index
            // created it): no document, no metadata, nothing to lose.
            if (db.get_doccount() == 0 && db.metadata_keys_begin() == db.metadata_keys_end()) continue;
            throw Error(Exit::config,
                        shard + " is a Xapian index but not one built by knipsel-index, which does not replace it" +
                            because,
                        hint);
        } catch (const Xapian::Error&) {
            if (!only_xapian_files(shard))
                throw Error(Exit::io_error,
                            shard + " is not an index of knipsel's: knipsel-index does not replace it" + because, hint);
        }
    }
}

Error file_as_index_folder(const std::string& path) {
    return Error(Exit::cant_create, path + " is a file, not an index folder",
                 "give --db a folder: knipsel-index creates it, or updates the index in it");
}

namespace {

// A stub line's first word and the rest, as Xapian reads them: blanks
// (spaces, tabs, any number) separate them and may trail, a CR (CRLF)
// ends the line, and a path keeps blanks of its own. nullopt for a blank
// line or a comment. (`line` loses its CR.)
struct StubWords {
    std::string kind, target;  // target "" when the line has one word
};
std::optional<StubWords> stub_words(std::string& line) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    constexpr const char* blanks = " \t";
    const std::size_t start = line.find_first_not_of(blanks);
    if (start == std::string::npos || line[start] == '#') return std::nullopt;
    const std::size_t end = line.find_last_not_of(blanks) + 1;
    const std::size_t kind_end = std::min(line.find_first_of(blanks, start), end);
    const std::size_t rest = std::min(line.find_first_not_of(blanks, kind_end), end);
    return StubWords{line.substr(start, kind_end - start), line.substr(rest, end - rest)};
}

}  // namespace

std::vector<std::string> shard_paths(const std::string& path) {
    std::error_code ec;
    // One shard of a sharded index, given as an index of its own, would
    // take every recorded folder's articles (the others' shards' too) under
    // a lock of its own, beside a run on the whole index.
    const fs::path self = fs::absolute(path, ec).lexically_normal();
    const fs::path whole = self.parent_path();
    if (std::ifstream parent(whole / "XAPIANDB"); parent && !ec)
        for (std::string line; std::getline(parent, line);)
            if (const auto w = stub_words(line);
                w && w->kind == "auto" && (whole / w->target).lexically_normal() == self)
                throw Error(Exit::usage, path + " is a shard of the index " + whole.string() + " (" + line + ")",
                            "index the whole: knipsel-index --db " + whole.string());
    fs::path stub = fs::path(path) / "XAPIANDB";
    if (fs::is_regular_file(stub, ec)) {
        std::vector<std::string> shards;
        std::string foreign;  // the first line create_index_layout does not write
        std::ifstream in(stub);
        for (std::string line; std::getline(in, line);) {
            const auto w = stub_words(line);
            if (!w) continue;  // as Xapian reads a stub
            if (w->kind == "remote")
                throw Error(Exit::usage, path + " has remote shards (" + line + "): they are indexed where they live",
                            "run knipsel-index on each shard's host, into the database xapian-tcpsrv serves");
            // Its own line, however an editor left its blanks (a tab, CRLF).
            if (w->kind + " " + w->target == own_stub_line(shards.size()))
                shards.push_back((fs::path(path) / w->target).string());
            else if (foreign.empty())
                foreign = line;
        }
        // A stub made by hand over indexes of their own (the README's hosts,
        // each indexing its part): files go to the shard their path hashes
        // to, so a run would move articles from one index into another.
        if (!foreign.empty()) throw stub_not_made_here(path, stub.string(), foreign);
        if (shards.empty())
            throw Error(Exit::io_error, stub.string() + " lists no local shards",
                        "each line must read: auto SHARD-FOLDER");
        return shards;
    }
    if (fs::exists(path, ec)) return {path};
    return {};
}

bool write_synonyms(Xapian::WritableDatabase& db, const Schema& schema, const Analyser& analyser) {
    if (db.get_metadata(meta::synonyms) == schema.synonyms_text) {
        if (is_self_value(db.get_metadata(meta::self))) return false;
        write_self(db);  // a new index, or one with no meta::self or an older form of it
        return true;
    }
    std::vector<std::string> keys;
    for (auto it = db.synonym_keys_begin(); it != db.synonym_keys_end(); ++it) keys.push_back(*it);
    for (const auto& key : keys) db.clear_synonyms(key);
    // Xapian's synonym table, for quest and Omega (FLAG_AUTO_SYNONYMS): each
    // member, folded, points at the one-word members of its group.
    for (const auto& group : schema.synonyms) {
        std::vector<std::string> folded;
        for (const auto& member : group) {
            const SynonymMember m = synonym_member(member);
            if (!m.related) folded.push_back(analyser.fold_text(m.text, false));  // equals only
        }
        for (const auto& key : folded)
            for (const auto& value : folded)
                if (value != key && value.find_first_of(" -") == std::string::npos) db.add_synonym(key, value);
    }
    db.set_metadata(meta::synonyms, schema.synonyms_text);
    write_self(db);
    return true;
}

std::vector<std::string> create_index_layout(const std::string& path, unsigned shards, const Schema& schema,
                                             const Analyser& analyser) {
    // Built under a temporary name and renamed into place, so a crash while
    // Xapian creates its files never leaves a half-made index at `path`.
    const std::string tmp = path + ".creating";
    std::error_code ec;
    // Never someone's folder of that name; whatever a killed run left there.
    check_replaceable(tmp, "a new index is made there first", /*being_made=*/true);
    fs::remove_all(tmp, ec);  // left by a crash; the caller holds the index lock
    std::vector<std::string> names;
    if (shards <= 1) {
        names.push_back("");
    } else {
        fs::create_directories(tmp, ec);
        if (ec) throw Error(Exit::cant_create, "cannot create " + tmp + ": " + ec.message());
        std::ofstream stub(fs::path(tmp) / "XAPIANDB");
        for (unsigned i = 0; i < shards; ++i) {
            names.push_back("shard-" + std::to_string(i));
            stub << own_stub_line(i) << "\n";
        }
        // Checked once written out: an error in writing it (a full disk)
        // comes at the close, and a stub cut short would be renamed into place.
        stub.close();
        if (!stub) throw Error(Exit::cant_create, "cannot write " + tmp + "/XAPIANDB");
    }
    for (const auto& name : names) {
        std::string shard = name.empty() ? tmp : (fs::path(tmp) / name).string();
        try {
            Xapian::WritableDatabase db(shard, Xapian::DB_CREATE);
            db.set_metadata(meta::schema, schema.toml_text);
            for (const auto& [file, text] : schema.files) db.set_metadata(meta::file + file, text);
            db.set_metadata(meta::analyser, analyser.identity());
            write_synonyms(db, schema, analyser);  // and meta::self
            db.commit();  // an empty index that describes itself: searchable at once
        } catch (const Xapian::Error& e) {
            throw translate(e, "cannot create index", shard);
        }
    }
    fs::rename(tmp, path, ec);
    if (ec) throw Error(Exit::cant_create, "cannot create " + path + ": " + ec.message());
    std::vector<std::string> out;
    for (const auto& name : names) out.push_back(name.empty() ? path : (fs::path(path) / name).string());
    return out;
}

namespace {

struct StubLine {
    std::size_t line;
    std::string kind;    // auto, glass, remote
    std::string target;  // path, HOST:PORT, or :PROGRAM ARGS (blanks between args made single spaces)
};

// A remote line's program form (Xapian's "remote :PROGRAM ARGS", run with
// the database on its standard input and output), not ":PORT" on this host
// nor an IPv6 address ("::1:7331").
bool remote_program(const std::string& target) {
    return target.size() > 1 && target[0] == ':' && target[1] != ':' &&
           target.find_first_not_of("0123456789", 1) != std::string::npos;
}

// The stub file of an index, if it has one: PATH/XAPIANDB, or PATH itself
// when it is a file.
// Whether a file is a single-file Xapian database (xapian-compact
// --single-file), which opens as a folder's does.
bool single_file_database(const std::string& path) {
    static constexpr std::string_view magic = "\x0f\x0dXapian ";
    char head[magic.size()] = {};
    std::ifstream in(path, std::ios::binary);
    return in.read(head, sizeof head) && std::string_view(head, sizeof head) == magic;
}

std::string stub_file(const std::string& path) {
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) return single_file_database(path) ? std::string() : path;
    fs::path inside = fs::path(path) / "XAPIANDB";
    return fs::is_regular_file(inside, ec) ? inside.string() : std::string();
}

// A line of a file that is not a stub, to quote in an error: its first
// characters, or "binary data" if it is not text.
std::string quoted_line(const std::string& line) {
    constexpr int32_t max_chars = 60;
    const auto* bytes = reinterpret_cast<const uint8_t*>(line.data());
    const auto length = static_cast<int32_t>(line.size());
    int32_t i = 0;
    for (int32_t chars = 0; i < length && chars < max_chars; ++chars) {
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        if (c < 0 || (c < 0x20 && c != '\t') || c == 0x7f) return "(binary data)";
    }
    return "\"" + line.substr(0, static_cast<std::size_t>(i)) + (i < length ? "...\"" : "\"");
}

// A remote line's port: 1 to 65535 after its last colon, or 0 when it has none.
unsigned remote_port(const std::string& target) {
    const std::size_t colon = target.rfind(':');
    if (colon == std::string::npos) return 0;
    const std::string_view digits = std::string_view(target).substr(colon + 1);
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    return ec == std::errc() && end == digits.data() + digits.size() && port <= 65535 ? port : 0;
}

// The stub's shard lines. `path` is the --db given: a file that is not a
// stub (an article given by mistake, an empty file) is not an index.
std::vector<StubLine> read_stub(const std::string& stub, const std::string& path) {
    const std::string hint = "--db names an index folder made by knipsel-index, or a stub file of "
                             "\"auto PATH\" and \"remote HOST:PORT\" lines";
    constexpr std::uintmax_t max_stub_bytes = 1 << 20;  // a stub lists shards; a big file is something else
    std::error_code ec;
    if (const std::uintmax_t size = fs::file_size(stub, ec); !ec && size > max_stub_bytes)
        throw Error(Exit::no_input, path + " is not an index: " + stub + " is a file of " + std::to_string(size) +
                                        " bytes, not a stub",
                    hint);
    std::vector<StubLine> lines;
    std::ifstream in(stub);
    std::size_t n = 0;
    for (std::string line; std::getline(in, line);) {
        ++n;
        // Blanks (spaces, tabs, any number of them) separate the words and
        // may trail, as a hand-edited stub has them; a path keeps its own.
        const auto read = stub_words(line);
        if (!read) continue;
        const std::string& kind = read->kind;
        const std::string at = "line " + std::to_string(n) + " of " + stub;
        if (read->target.empty() || (kind != "auto" && kind != "glass" && kind != "chert" && kind != "remote"))
            throw Error(Exit::no_input, path + " is not an index: " + at + " is not a stub line: " + quoted_line(line),
                        hint);
        std::string target = read->target;
        constexpr const char* blanks = " \t";
        if (kind == "remote") {
            // One word (HOST:PORT), or a program and its arguments, which
            // Xapian splits at single spaces.
            std::string words;
            for (std::size_t w = 0; w < target.size();) {
                const std::size_t word_end = std::min(target.find_first_of(blanks, w), target.size());
                words += (words.empty() ? "" : " ") + target.substr(w, word_end - w);
                w = std::min(target.find_first_not_of(blanks, word_end), target.size());
            }
            target = words;
            const std::string form = "a remote shard's line reads: remote HOST:PORT (or remote :PROGRAM ARGS, "
                                     "e.g. :xapian-progsrv PATH)";
            if (!remote_program(target)) {
                if (target.find(' ') != std::string::npos)
                    throw Error(Exit::no_input,
                                path + " is not an index: " + at + " names more than HOST:PORT: " + quoted_line(line),
                                form);
                const std::string host = target.substr(0, target.rfind(':'));
                // Xapian 1.4's TCP client resolves IPv4 addresses only
                // ("Address family for hostname not supported").
                if (host.find(':') != std::string::npos || host.starts_with('['))
                    throw Error(Exit::no_input,
                                path + " is not an index: " + at + " names an IPv6 address, and Xapian 1.4's remote "
                                "backend connects over IPv4 only: " + quoted_line(line),
                                "give the shard host's IPv4 address, or a host name that has one");
                if (remote_port(target) == 0)
                    throw Error(Exit::no_input,
                                path + " is not an index: " + at + " names no port of 1 to 65535: " + quoted_line(line),
                                form);
            }
        }
        lines.push_back({n, kind, target});
    }
    if (!in.eof()) throw Error(Exit::io_error, "cannot read " + stub);
    if (lines.empty()) throw Error(Exit::no_input, path + " is not an index: " + stub + " lists no shards", hint);
    return lines;
}

// A stub's local shard that is a stub itself, followed as Xapian will: one
// that leads back to a stub on its way is an error here, where Xapian 1.4
// follows it until its stack runs out (a segfault, quest's too).
// Its own lines, as read_stub() gives them.
std::vector<StubLine> check_nested_stubs(const std::string& stub, const std::string& path,
                                         std::vector<fs::path>& chain) {
    constexpr std::size_t max_depth = 16;
    std::error_code ec;
    chain.push_back(fs::weakly_canonical(stub, ec));
    const fs::path base = fs::path(stub).parent_path();
    std::map<std::string, std::size_t> listed;  // a shard -> the line that lists it
    std::vector<StubLine> lines = read_stub(stub, path);
    for (const StubLine& l : lines) {
        const std::string line =
            "line " + std::to_string(l.line) + " of " + stub + " (" + l.kind + " " + l.target + ")";
        const std::string local = fs::path(l.target).is_absolute() ? l.target : (base / l.target).string();
        const std::string shard =
            l.kind == "remote" ? "remote " + l.target : fs::weakly_canonical(local, ec).string();
        if (const auto [at, fresh] = listed.emplace(shard, l.line); !fresh)
            throw Error(Exit::no_input,
                        path + " is not an index: " + line + " lists the shard of line " + std::to_string(at->second) +
                            " again (each of its articles would be listed twice)",
                        "list each shard once");
        if (l.kind == "remote") continue;
        const std::string inner = stub_file(local);
        if (inner.empty()) continue;
        if (std::find(chain.begin(), chain.end(), fs::weakly_canonical(inner, ec)) != chain.end())
            throw Error(Exit::no_input,
                        path + " is not an index: " + line + " leads back to the stub " +
                            fs::path(inner).lexically_normal().string(),
                        "a stub lists shard folders (or stubs that list them), never itself");
        if (chain.size() == max_depth)
            throw Error(Exit::no_input,
                        path + " is not an index: " + line + " is a stub more than " + std::to_string(max_depth) +
                            " stubs deep",
                        "list the shard folders in one stub");
        check_nested_stubs(inner, path, chain);
    }
    chain.pop_back();
    return lines;
}

Xapian::Database open_remote(const std::string& target, const ReadOptions& options) {
    constexpr unsigned remote_timeout_ms = 10000;  // Xapian's default, for each reply once connected
    if (remote_program(target)) {
        const std::size_t space = std::min(target.find(' '), target.size());
        const std::string args = space < target.size() ? target.substr(space + 1) : std::string();
        return Xapian::Remote::open(target.substr(1, space - 1), args, remote_timeout_ms);
    }
    const std::size_t colon = target.rfind(':');
    const std::string host = colon == 0 ? "127.0.0.1" : target.substr(0, colon);
    return Xapian::Remote::open(host, remote_port(target), remote_timeout_ms, options.connect_timeout_ms);
}

}  // namespace

ReadIndex open_for_reading(const std::string& path, const ReadOptions& options) {
    std::error_code ec;
    const auto unreadable = [&path](const std::error_code& error) {
        return Error(Exit::cant_create, "cannot read index " + path + ": " + error.message(),
                     "check the owner and permissions of the index and the folders above it");
    };
    if (!fs::exists(path, ec) && ec == std::errc::permission_denied) throw unreadable(ec);
    if (!fs::exists(path, ec))
        throw Error(Exit::no_input, "no index at " + path,
                    "build one with: knipsel-index --db " + path + " FOLDER");
    // A folder with no Xapian database in it (an empty one, or the articles
    // given as --db by mistake) is no index, not a damaged one.
    if (fs::is_directory(path, ec)) {
        bool database = false;
        for (const char* name : {"iamglass", "iamchert", "XAPIANDB", "postlist.glass"}) {
            database = database || fs::exists(fs::path(path) / name, ec);
            if (ec == std::errc::permission_denied) throw unreadable(ec);
        }
        if (!database) {
            const bool empty = fs::is_empty(path, ec);
            throw Error(Exit::no_input,
                        empty ? "no index at " + path + " (an empty folder)"
                              : path + " is a folder but no index (no Xapian database in it)",
                        empty ? "build one with: knipsel-index --db " + path + " FOLDER"
                              : "give the index knipsel-index wrote (--db); to index this folder: knipsel-index --db "
                                "INDEX " + path);
        }
    }
    ReadIndex index;
    std::optional<SelfDescription> prefetched;  // read by the first shard's connection as it opens
    // The other shards' descriptions, each checked against the first's (the
    // one the search goes by): a shard of another schema or analyser, or
    // another tool's, is named. A remote one's is read as it connects.
    std::vector<std::pair<std::string, std::optional<SelfDescription>>> other_selves;  // where, description
    std::vector<std::size_t> shard_lines;                       // the stub line of each of index.shards
    std::vector<std::pair<std::string, StubLine>> uuid_lines;  // each database's UUID, and its stub line
    try {
        const std::string stub = stub_file(path);
        if (stub.empty()) {
            index.db = open_local(path, path);
        } else {
            // Each shard opened on its own, so an unreachable one can be named;
            // remote ones all at once (each connection waits for its server
            // to start a process and open the database).
            const fs::path base = fs::path(stub).parent_path();
            std::vector<fs::path> chain;
            const std::vector<StubLine> lines = check_nested_stubs(stub, path, chain);
            std::vector<Xapian::Database> opened(lines.size());
            std::vector<std::exception_ptr> failed(lines.size());
            std::vector<std::optional<SelfDescription>> selves(lines.size());
            {
                std::vector<std::thread> connecting;
                for (std::size_t i = 0; i < lines.size(); ++i) {
                    auto open = [&, i] {
                        try {
                            const StubLine& l = lines[i];
                            fs::path p = l.target;
                            opened[i] = l.kind == "remote"
                                            ? open_remote(l.target, options)
                                            : open_local(p.is_absolute() ? p.string() : (base / p).string(), path);
                            // The index describes itself from its first shard: read it
                            // while the other connections wait for their servers. A
                            // failure here is met again, and reported, when read below.
                            if (l.kind == "remote" || i > 0) {
                                try {
                                    (i == 0 ? prefetched : selves[i]) = read_self(opened[i], path);
                                } catch (...) {  // read again below, where a failure is reported
                                }
                            }
                        } catch (...) {
                            failed[i] = std::current_exception();
                        }
                    };
                    if (lines[i].kind == "remote" && lines.size() > 1)
                        connecting.emplace_back(open);
                    else
                        open();
                }
                for (auto& t : connecting) t.join();
            }
            std::string unreached;  // "HOST:PORT (reason), ..." of the shards left out
            bool any_remote_left_out = false;
            for (std::size_t i = 0; i < lines.size(); ++i) {
                const StubLine& l = lines[i];
                const std::string where = stub + ":" + std::to_string(l.line) + " (" + l.kind + " " + l.target + ")";
                const auto leave_out = [&](const std::string& reason, const std::string& said) {
                    index.missing_shards.push_back(where + ": " + said);
                    unreached += (unreached.empty() ? "" : ", ") + l.target + " (" + reason + ")";
                    any_remote_left_out = any_remote_left_out || l.kind == "remote";
                };
                const fs::path local = fs::path(l.target).is_absolute() ? fs::path(l.target) : base / l.target;
                try {
                    if (failed[i]) std::rethrow_exception(failed[i]);
                    if (!index.shards.empty()) other_selves.emplace_back("shard " + where, std::move(selves[i]));
                    index.remote = index.remote || l.kind == "remote";
                    index.shards.push_back(opened[i]);
                    shard_lines.push_back(i);
                    index.db.add_database(index.shards.back());
                } catch (const Xapian::Error& e) {
                    const std::string type = e.get_type();
                    const bool network = type == "NetworkError" || type == "NetworkTimeoutError";
                    const char* cause = e.get_error_string();
                    std::string said = e.get_msg();
                    if (cause && *cause) said += " (" + std::string(cause) + ")";
                    std::error_code missing;
                    const bool gone = l.kind != "remote" && !fs::exists(local, missing);
                    if (options.allow_partial) {
                        // A shard down, its disk not mounted (here or on its
                        // server's host): the others answer.
                        std::string reason = type == "NetworkTimeoutError" ? "timeout"
                                             : gone                       ? "no such index"
                                             : cause && *cause            ? cause
                                                                          : e.get_msg();
                        if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(reason[0]));
                        leave_out(reason, gone ? "no such index" : said);
                        continue;
                    }
                    if (network)
                        throw Error(Exit::unavailable, "shard " + where + " cannot be reached: " + said,
                                    "start xapian-tcpsrv for it, or search the rest with --allow-partial");
                    // A remote shard whose server answers but cannot open its
                    // database (a disk not mounted there) is as unavailable.
                    if (l.kind == "remote")
                        throw Error(Exit::unavailable, "shard " + where + " cannot be opened by its server: " + said,
                                    "check the index on that host, or search the rest with --allow-partial");
                    if (gone)
                        throw Error(Exit::no_input, "shard " + where + ": no such index",
                                    "mount or restore it, list only the shards there are in " + stub +
                                        ", or search the rest with --allow-partial");
                    throw translate(e, "cannot open shard", where);
                } catch (const Error& e) {
                    // A local shard knipsel cannot read (its files another user's).
                    if (!options.allow_partial) throw;
                    leave_out(e.what(), e.what());
                }
            }
            if (index.db.size() == 0)
                throw Error(any_remote_left_out ? Exit::unavailable : Exit::no_input,
                            "no shard of " + path + " can be reached: " + unreached,
                            any_remote_left_out ? "start xapian-tcpsrv for the shards listed in " + stub
                                                : "mount or restore the shards listed in " + stub);
            // The same database listed twice, however its lines spell it (a
            // host by name and by address, a local shard and the server of
            // it, a shard and a stub that lists it): each of its articles
            // would be a hit twice. Xapian's UUID of each database says so;
            // a stub's is its shards', joined by ':'. Checked once the
            // shards' descriptions agree (below), as a copy of a shard has
            // its UUID too.
            for (std::size_t k = 0; k < index.shards.size(); ++k) {
                const std::string uuids = index.shards[k].get_uuid();
                for (std::size_t at = 0; at < uuids.size();) {
                    const std::size_t end = std::min(uuids.find(':', at), uuids.size());
                    if (end > at) uuid_lines.emplace_back(uuids.substr(at, end - at), lines[shard_lines[k]]);
                    at = end + 1;
                }
            }
        }
        // The self-description, read again from the new revision when a
        // writer commits meanwhile (a search during a re-index must work).
        SelfDescription self;
        for (int attempt = 1;; ++attempt) {
            try {
                self = attempt == 1 && prefetched ? std::move(*prefetched) : read_self(index.db, path);
                break;
            } catch (const Xapian::DatabaseModifiedError&) {
                if (!index.db.reopen()) throw unchanged_but_modified("cannot open", path);
                if (attempt == 5) throw;
            } catch (const Xapian::DatabaseCorruptError&) {
                if (attempt == 5) throw;  // as when opening, above
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                index.db.reopen();
            }
        }
        const std::string& toml_text = self.schema;
        const std::string& recorded = self.analyser;
        if (toml_text.empty())
            throw Error(Exit::config, path + " is not a knipsel index (no schema recorded): another tool's Xapian index?",
                        "knipsel-index builds its own, beside it: knipsel-index --db OTHER_PATH FOLDER");
        const std::string origin = path + " (recorded schema)";
        index.schema = parse_schema(
            toml_text,
            [&](const std::string& name, const char* what) {
                if (std::string(what) == "synonym file") return self.synonyms;
                std::string text = self.files[name];
                if (text.empty())
                    throw Error(Exit::config, origin + " names the " + what + " " + name + ", which is not recorded",
                                "re-index with this version of knipsel-index");
                return text;
            },
            origin);
        index.analyser = std::make_unique<Analyser>(index.schema.analysis);
        if (recorded != index.analyser->identity()) {
            // Analysed by the index's own recorded schema and files: where
            // the version is this one's too, a setting that still differs
            // is the lexicon knipsel was built with, or damage.
            const bool same_version = recorded.substr(0, recorded.find(' ')) ==
                                      index.analyser->identity().substr(0, index.analyser->identity().find(' '));
            std::string hint = "the next knipsel-index run rebuilds it with this version's (knipsel-index --db " +
                               path + " now, or --full)";
            // Unless a folder it was built from is gone or holds no article
            // (a disk not mounted): knipsel-index then refuses to rebuild it,
            // as it would lose that folder's articles. A remote index's
            // folders are on its own host.
            if (!index.remote) {
                // Each such folder, with a --forget each: the command works pasted.
                std::vector<std::pair<std::string, std::string>> lost;  // (folder, "is gone")
                std::string forget;
                for (const std::string& root : recorded_roots(index.db))
                    if (rebuild_would_lose(index.db, root)) {
                        std::error_code there;
                        lost.emplace_back(shell_quoted(root), fs::exists(root, there) ? "holds no article" : "is gone");
                        forget += " --forget " + shell_quoted(root);
                    }
                const std::string command = "knipsel-index --db " + shell_quoted(path) + " --full" + forget;
                if (lost.size() == 1) {
                    hint = "knipsel-index rebuilds it once " + lost[0].first + " it was built from is back (it " +
                           lost[0].second + "), or without it: " + command;
                } else if (!lost.empty()) {
                    std::string folders;
                    for (std::size_t k = 0; k < lost.size(); ++k)
                        folders += (k == 0 ? "" : k + 1 == lost.size() ? " and " : ", ") + lost[k].first + " (it " +
                                   lost[k].second + ")";
                    hint = "knipsel-index rebuilds it once " + folders + " it was built from are back, or without "
                           "them: " + command;
                }
            }
            throw Error(Exit::config,
                        path + " was built with another analyser (" +
                            analyser_difference(recorded, index.analyser->identity()) + ")",
                        hint + (same_version ? "; if this knipsel was not rebuilt since, the index may be damaged "
                                               "(xapian-check " + path + " tells)"
                                             : std::string()));
        }
        for (std::size_t k = 0; k < other_selves.size(); ++k) {
            auto& [where, other] = other_selves[k];
            if (!other) other = read_self(index.shards[k + 1], path);
            if (other->schema.empty())
                throw Error(Exit::config, where + " is not a knipsel index (no schema recorded)",
                            "list only the shards knipsel-index wrote in " + stub_file(path));
            if (other->analyser != recorded && analyser_version_of(other->analyser) != analyser_version_of(recorded))
                throw Error(Exit::config,
                            where + " was built with another analyser than the first shard (another knipsel version: " +
                                analyser_difference(other->analyser, recorded, "the first shard's") + ")",
                            "re-index it with the same version of knipsel-index as the others");
            if (other->analyser != recorded) {
                // The same version: a setting of the schema or its files (a
                // stopword, the stemmer), or the lexicon knipsel was built with.
                std::string files;
                std::set<std::string> names;
                for (const auto& [name, text] : other->files) names.insert(name);
                for (const auto& [name, text] : self.files) names.insert(name);
                for (const auto& name : names)
                    if (other->files[name] != self.files[name]) files += (files.empty() ? "" : ", ") + printable(name);
                throw Error(Exit::config,
                            where + " was built with other analysis settings than the first shard (" +
                                analyser_difference(other->analyser, recorded, "the first shard's") +
                                (files.empty() ? std::string() : "; files other than the first shard's: " + files) +
                                ")",
                            "re-index it with the same schema files as the others (schema, stopwords, synonyms), "
                            "by a knipsel built with the same compound lexicon");
            }
            if (other->schema != self.schema || other->files != self.files || other->synonyms != self.synonyms)
                throw Error(Exit::config, where + " was built with another schema than the first shard",
                            "re-index it with the same schema, stopwords and synonyms as the others");
        }
        std::map<std::string, const StubLine*> listed;
        for (const auto& [uuid, line] : uuid_lines)
            if (const auto [at, fresh] = listed.emplace(uuid, &line); !fresh && at->second->line != line.line)
                throw Error(Exit::no_input,
                            path + " is not an index: line " + std::to_string(line.line) + " of " + stub + " (" +
                                line.kind + " " + line.target + ") lists the shard of line " +
                                std::to_string(at->second->line) + " again (" + at->second->kind + " " +
                                at->second->target + "): the same Xapian database, UUID " + uuid +
                                " (each of its articles would be listed twice)",
                            "list each shard once");
    } catch (const Xapian::Error& e) {
        throw translate(e, "cannot open index", path);
    }
    return index;
}

Xapian::WritableDatabase open_for_writing(const std::string& path, const Schema& schema,
                                          const Analyser& analyser) {
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw Error(Exit::io_error, "no index at " + path + " (a shard the index lists is missing?)",
                    "restore it, or rebuild the index from its folders: knipsel-index --db INDEX --full FOLDER...");
    if (!fs::is_directory(path, ec)) throw file_as_index_folder(path);
    if (!fs::exists(fs::path(path) / "iamglass", ec))
        throw Error(Exit::io_error, path + " exists but is not a Xapian index",
                    "give another --db, or move that folder away");
    try {
        Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
        check_compatible(db, path, schema, analyser);
        return db;
    } catch (const Xapian::Error& e) {
        Error said = translate(e, "cannot open index for writing", path);
        if (said.code() != Exit::io_error || said.hint().find("re-index") != std::string::npos ||
            said.hint().find("not damaged") != std::string::npos)
            throw said;
        throw Error(said.code(), said.what(), "if the index is damaged, rebuild it: knipsel-index --full FOLDER...");
    }
}

}  // namespace knipsel
