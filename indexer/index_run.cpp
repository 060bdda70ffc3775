#include "index_run.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cctype>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <deque>
#include <future>
#include <map>
#include <memory_resource>
#include <optional>
#include <thread>
#include <tuple>
#include <set>
#include <sstream>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <atomic>
#include <mutex>

#include <dirent.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include "analyser.h"
#include "database.h"
#include "error.h"
#include "folders.h"
#include "index_access.h"
#include "index_layout.h"
#include "index_lock.h"
#include "interrupt.h"
#include "parsers.h"
#include "progress.h"
#include "work_queue.h"
#include "schema.h"

namespace fs = std::filesystem;

namespace knipsel {
namespace {

struct SourceEntry {
    std::string rel;  // relative to the root, '/'-separated
    Format format = Format::unknown;
    // One stat (following links) taken by the walk, for known formats only.
    int stat_errno = 0;
    std::int64_t mtime_ns = 0;
    std::int64_t ctime_ns = 0;
    std::uint64_t size = 0;
};

struct Root {
    fs::path path;     // as given
    std::string key;   // canonical absolute path of the folder (a file's own folder)
    std::string term_prefix;  // file_term_prefix(key)
    bool is_file = false;
    std::string recorded;  // what the index records: the canonical path, the file's own for a file
    // A folder or file inside a recorded folder that this run does not walk
    // is indexed as part of that folder: `path`, `key`, `term_prefix` and
    // `recorded` are the folder's, and `part` is the path inside it, so its
    // ids are those the folder's own walk gives. "" for a root of its own.
    std::string part;
    // Roots recorded inside this root folder (indexed on their own by an
    // older knipsel, or before this folder was): their files are indexed
    // again under this root's ids, so their old documents go (Run::prune).
    std::vector<std::string> nested;           // their recorded paths
    std::vector<std::string> nested_moved;     // those whose files' ids change
    std::vector<std::string> nested_prefixes;  // the file-term prefixes of folders
    std::vector<std::string> nested_files;     // the file terms of single files

    // The folder or file this run walks, for messages.
    std::string walked() const { return part.empty() || is_file ? path.string() : (path / part).string(); }
    // Folders (relative to the root, "" for itself) that the walk could not
    // read: what the index holds from them is kept, not pruned.
    std::vector<std::string> unreadable;
    // The folders the walk read, as they were then (st_dev, st_ino), by
    // their path relative to the root ("" the root folder itself, or a file
    // root's folder): one found otherwise later went away during the run (a
    // share unmounted, a folder moved), and the files the run had not read
    // from it are not taken for deleted (Shared::went_away).
    std::unordered_map<std::string, std::pair<dev_t, ino_t>> folder_ids;
    // The path of one of them, as the run reads the files in it.
    std::string folder_path(const std::string& rel) const {
        if (is_file) return path.has_parent_path() ? path.parent_path().string() : std::string(".");
        return rel.empty() ? path.string() : (path / rel).string();
    }
};

// The folder of a file (relative to its root), "" for the root's own.
std::string folder_of(std::string_view rel) {
    const std::size_t slash = rel.rfind('/');
    return std::string(rel.substr(0, slash == std::string_view::npos ? 0 : slash));
}

// The folder a browser's "Save page as ... complete" puts beside the page
// ("Kop.html" and "Kop_files", in Dutch "Kop_bestanden"), in folder `dir`.
bool saved_page_resources(int dir, std::string_view name) {
    for (std::string_view suffix : {"_files", "_bestanden"}) {
        if (name.size() <= suffix.size() || !name.ends_with(suffix)) continue;
        const std::string page(name.substr(0, name.size() - suffix.size()));
        for (const char* ext : {".html", ".htm"})
            if (::faccessat(dir, (page + ext).c_str(), F_OK, AT_SYMLINK_NOFOLLOW) == 0) return true;
    }
    return false;
}

// A file's extension in lower case with its dot (".pdf"), "" when it has none.
std::string extension_of(std::string_view rel) {
    const std::size_t slash = rel.rfind('/');
    const std::string_view name = rel.substr(slash == std::string_view::npos ? 0 : slash + 1);
    const std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) return "";
    std::string ext(name.substr(dot));
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

// folder / name as std::filesystem::path would join them (name is one component).
std::string join(std::string_view folder, std::string_view name) {
    std::string out;
    out.reserve(folder.size() + 1 + name.size());
    out.append(folder);
    if (!out.empty() && out.back() != '/') out += '/';
    out.append(name);
    return out;
}

// The size, mtime and ctime of a file (links followed), relative to an open folder.
void stat_source(int dir_fd, const char* name, SourceEntry& e) {
    struct stat st;
    if (::fstatat(dir_fd, name, &st, 0) != 0) {
        e.stat_errno = errno;
        return;
    }
    e.size = static_cast<std::uint64_t>(st.st_size);
    e.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    e.ctime_ns = static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
}

// "MTIME_NS:SIZE:CTIME_NS:PARSERS", the stamp stored in slot_file_stamp.
// The ctime (the inode's last change, which no tool sets back) catches a
// file whose size and mtime came back to the stamp's: two files of one size
// and mtime swapped by name, an edit of one size restored to its old mtime
// (touch -d, cp -p, rsync -a). A chmod or chown changes it too: that file
// is read again, and found unchanged by its content's hash.
constexpr std::size_t stamp_size = 96;
std::string_view stamp_of(const SourceEntry& e, char (&buf)[stamp_size]) {
    // Three 64-bit numbers take at most 3 * 20 + 3 bytes, the version a few more.
    static_assert(3 * 21 + file_parsers_version.size() <= sizeof buf);
    char* p = std::to_chars(buf, buf + 21, e.mtime_ns).ptr;
    *p++ = ':';
    p = std::to_chars(p, p + 21, e.size).ptr;
    *p++ = ':';
    p = std::to_chars(p, p + 21, e.ctime_ns).ptr;
    *p++ = ':';
    p += file_parsers_version.copy(p, file_parsers_version.size());
    return {buf, static_cast<std::size_t>(p - buf)};
}

// A stored stamp read as numbers once, when preloaded: comparing it with
// each file's stat is then two compares, not a string written and compared.
struct Stamp {
    std::int64_t mtime_ns = 0;
    std::uint64_t size = 0;
    std::int64_t ctime_ns = 0;
    // Exactly "MTIME_NS:SIZE:CTIME_NS:PARSERS" of these parsers: not ":E"
    // after it (a file that had errors) nor another version's stamp, whose
    // files are read again.
    bool plain = false;
    bool operator==(const Stamp&) const = default;
    bool matches(const SourceEntry& e) const {
        return plain && mtime_ns == e.mtime_ns && size == e.size && ctime_ns == e.ctime_ns;
    }
};

Stamp parse_stamp(std::string_view text) {
    Stamp st;
    const char* end = text.data() + text.size();
    auto m = std::from_chars(text.data(), end, st.mtime_ns);
    if (m.ec != std::errc() || m.ptr == end || *m.ptr != ':') return {};
    auto s = std::from_chars(m.ptr + 1, end, st.size);
    if (s.ec != std::errc() || s.ptr == end || *s.ptr != ':') return {};
    auto c = std::from_chars(s.ptr + 1, end, st.ctime_ns);
    if (c.ec != std::errc()) return {};
    const std::string_view rest(c.ptr, static_cast<std::size_t>(end - c.ptr));
    st.plain = rest.size() == file_parsers_version.size() + 1 && rest[0] == ':' && rest.substr(1) == file_parsers_version;
    return st;
}

bool document_has_term(const Xapian::Document& doc, const std::string& term) {
    Xapian::TermIterator t = doc.termlist_begin();
    t.skip_to(term);
    return t != doc.termlist_end() && *t == term;
}

// A slot_file_docs value; 0 (no file gives none) when it is no number.
std::uint32_t parse_count(std::string_view text) {
    std::uint32_t n = 0;
    auto r = std::from_chars(text.data(), text.data() + text.size(), n);
    return r.ec == std::errc() && r.ptr == text.data() + text.size() ? n : 0;
}

// The record of a file of many articles (meta::file_articles):
// "STAMP\nCONTENT_HASH\nDOCUMENTS", what its documents' slot_file_stamp,
// slot_content_hash and slot_file_docs would say, each once.
struct FileRecord {
    std::string stamp, content_hash;
    std::uint32_t count = 0;
};
std::string record_text(std::string_view stamp, std::string_view hash, std::size_t count) {
    return std::string(stamp).append("\n").append(hash).append("\n").append(std::to_string(count));
}
FileRecord parse_record(std::string_view text) {
    FileRecord r;
    const std::size_t a = text.find('\n'), b = a == text.npos ? a : text.find('\n', a + 1);
    if (b == text.npos) return r;  // no stamp: its file is read again
    r.stamp = text.substr(0, a);
    r.content_hash = text.substr(a + 1, b - a - 1);
    r.count = parse_count(text.substr(b + 1));
    return r;
}
bool many_articles(Format f) { return f == Format::jsonl || f == Format::feed; }

// Open addressing over a vector of (key, value) entries, for the preloaded
// files of a big index, looked up once per file of the walk: a node-based
// map costs several cache misses per lookup there, this one about two.
// Keys are not copied: they must outlive the table. Entries do not move
// once all are added.
template <class T>
class FlatTable {
public:
    void reserve(std::size_t n) {
        entries_.reserve(n);
        if (2 * n > slots_.size()) rehash(2 * n);
    }
    // The entry of `key`, and whether it was added now.
    std::pair<T*, bool> try_emplace(std::string_view key) {
        if (2 * (entries_.size() + 1) > slots_.size()) rehash(2 * (entries_.size() + 1));
        const std::uint64_t h = std::hash<std::string_view>{}(key);
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            Slot& slot = slots_[i];
            if (!slot.index) {
                entries_.emplace_back(key, T{});
                slot = {tag_of(h), static_cast<std::uint32_t>(entries_.size())};
                return {&entries_.back().second, true};
            }
            if (slot.tag == tag_of(h) && entries_[slot.index - 1].first == key)
                return {&entries_[slot.index - 1].second, false};
        }
    }
    T* find(std::string_view key) {
        if (slots_.empty()) return nullptr;
        const std::uint64_t h = std::hash<std::string_view>{}(key);
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            const Slot& slot = slots_[i];
            if (!slot.index) return nullptr;
            if (slot.tag == tag_of(h) && entries_[slot.index - 1].first == key) return &entries_[slot.index - 1].second;
        }
    }
    auto begin() { return entries_.begin(); }
    auto end() { return entries_.end(); }

private:
    struct Slot {
        std::uint32_t tag = 0;    // the hash's high half: most mismatches end here
        std::uint32_t index = 0;  // 1 + its place in entries_; 0: free
    };
    static std::uint32_t tag_of(std::uint64_t h) { return static_cast<std::uint32_t>(h >> 32); }
    void rehash(std::size_t at_least) {
        std::size_t n = 64;
        while (n < at_least) n *= 2;
        slots_.assign(n, {});
        mask_ = n - 1;
        for (std::size_t e = 0; e < entries_.size(); ++e) {
            const std::uint64_t h = std::hash<std::string_view>{}(entries_[e].first);
            std::size_t i = h & mask_;
            while (slots_[i].index) i = (i + 1) & mask_;
            slots_[i] = {tag_of(h), static_cast<std::uint32_t>(e + 1)};
        }
    }
    std::vector<std::pair<std::string_view, T>> entries_;
    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
};

constexpr std::size_t max_spelling_bytes = 32;  // longer words are not worth suggesting


// A file that needs reading: what the writer knows of it beforehand.
struct FileJob {
    const Root* root = nullptr;  // the root it was walked under
    SourceEntry src;
    Format format = Format::unknown;
    std::string name;       // as shown in messages, and the path it is read from
    SourceFile file;        // facts stored with its documents
    std::string stamp;      // "MTIME_NS:SIZE:CTIME_NS:PARSERS"
    std::string this_file;  // its file term
    std::vector<Xapian::docid> existing;  // its documents in the index
    std::string existing_hash;            // their content hash, when they all share it
    // The article hashes of a .jsonl's or feed's documents, each with its
    // document: an article the index holds as it is (the other lines of a
    // .jsonl that got one more) is not analysed again, nor its document
    // touched (apply_docs); the file's facts go to its record (finish_file).
    std::unordered_map<std::string, Xapian::docid> existing_articles;
    bool spelling = false;                // its documents' spelling words are wanted
};

// Xapian's spelling data (for "Bedoelde u: ..."): each word of a
// document counts once, so a word's frequency is its document count, the
// term frequency of its plain (unprefixed) term.
bool is_prefixed(std::string_view term) { return !term.empty() && term[0] >= 'A' && term[0] <= 'Z'; }
bool spelling_word(std::string_view term) {
    return term.size() >= 3 && term.size() <= max_spelling_bytes && !is_prefixed(term) &&
           term.find_first_of("0123456789") == std::string_view::npos;
}

// The words of a document that count, in term order.
std::vector<std::string> spelling_words(const Xapian::Document& doc) {
    std::vector<std::string> words;
    for (auto it = doc.termlist_begin(), end = doc.termlist_end(); it != end;) {
        std::string term = *it;
        if (is_prefixed(term)) {
            it.skip_to("[");  // past all prefixed terms at once: '[' follows 'Z'
            continue;
        }
        ++it;
        if (spelling_word(term)) words.push_back(std::move(term));
    }
    return words;
}

struct PreparedDoc {
    std::string id, term, hash;
    Xapian::Document doc;
    std::vector<std::string> spelling;  // spelling_words(doc), found on the worker; empty without spelling data
    Xapian::docid unchanged = 0;        // the document that holds the article as it is; `doc` is then empty
};

// A file read, parsed and analysed, ready for the writer.
struct Prepared {
    FileJob job;
    std::string read_error;
    int read_errno = 0;       // why it could not be opened (ENOENT: gone since the walk)
    std::string_view empty_file;  // "empty file", "blank file": nothing to index, not an article without a title
    bool same_content = false;
    ParseResult parsed;  // its problems (articles are in docs, or in rest)
    std::vector<PreparedDoc> docs;
    // A file of more than docs_per_chunk articles (a .jsonl archive): the
    // articles after the first chunk, made into documents a chunk at a time
    // (make_docs) while the writer applies the chunk before, so that a big
    // file's documents (about 13 bytes a byte of text) are never all in
    // memory at once (a 150 MB .jsonl took 960 MiB so).
    std::vector<Article> rest;          // all its articles; prepare() made the first docs_per_chunk
    std::vector<Xapian::docid> kept;    // its documents that the file still holds, so far
};

constexpr std::size_t docs_per_chunk = 256;

Prepared prepare(FileJob job, const Schema& schema, const Analyser& analyser);
std::vector<PreparedDoc> make_docs(const FileJob& job, std::vector<Article>& articles, std::size_t begin,
                                   std::size_t end, const Schema& schema, const Analyser& analyser);

// What the shards' runs share: the output streams and the ids seen so far.
struct Shared {
    Shared(const IndexOptions& o, std::ostream& out_stream, std::ostream& diag_stream)
        : options(o), out(out_stream), diag(diag_stream) {}
    const IndexOptions& options;
    std::ostream& out;
    std::ostream& diag;
    std::mutex mutex;
    // The ids parsed in this run, to catch duplicates, each with the file
    // that had it first (an index into seen_files, which names each once).
    std::unordered_map<std::string, std::uint32_t> seen_ids;
    std::vector<std::string> seen_files;
    std::atomic<std::size_t> done{0};          // files handled, for the progress line
    // What the shards' commits have made durable so far, for the summary of
    // a run that then fails (a full disk); null: not asked for.
    RunSummary* committed = nullptr;

    void problem(RunSummary& summary, bool error, const std::string& file, std::size_t line,
                 const std::string& message) {
        FileProblem p{file, line, message};
        std::lock_guard<std::mutex> lock(mutex);
        if (!options.quiet || error)
            diag << "knipsel-index: " << (error ? "error: " : "warning: ") << describe(p) << '\n';
        (error ? summary.errors : summary.warnings).push_back(std::move(p));
    }
    void report(RunSummary& summary, const char* action, const std::string& id) {
        if (!options.dry_run) return;
        std::lock_guard<std::mutex> lock(mutex);
        summary.changes.emplace_back(action, id);  // a --full's adds tell what it drops (list_dropped)
        // One line an id, as knipsel-query shows it ("nl\x0Anaam.txt", "kade\\muur.txt", no raw ESC).
        if (!options.json) out << action << ' ' << shown_id(id) << '\n';
    }
    // The root of this run a file term belongs to (as recorded), if any.
    const std::string* active_root(const std::string& term) const {
        for (const auto& [prefix, root] : root_prefixes)
            if (term.compare(0, prefix.size(), prefix) == 0) return &root;
        return nullptr;
    }
    std::vector<std::pair<std::string, std::string>> root_prefixes;  // prefix, root as recorded
    // The roots recorded before and this run's, as meta::roots text: put
    // in when a new index is made and with a shard's first commit, so that
    // an index whose first run was killed (kill -9, a crash) records the
    // folders its documents come from, and a re-run with no folder given
    // (cron) finishes the job. finish() records the final list.
    std::string roots_so_far;
    // Recorded roots this run does not walk that are still there, by the
    // prefix of their file terms: an id one of them has stays its own.
    std::vector<std::pair<std::string, std::string>> other_roots;  // prefix, root as recorded
    const std::string* other_root_of(const std::string& term) const {
        for (const auto& [prefix, root] : other_roots)
            if (term.compare(0, prefix.size(), prefix) == 0) return &root;
        return nullptr;
    }
    // Recorded roots that are gone while the index keeps their documents
    // (a disk not mounted), by the prefix of their file terms; and the
    // prefixes of this run's roots that the index recorded before. A file
    // of a gone root's id takes it over only from a root new in this run
    // (the folder indexed at its new place), not from one indexed beside
    // it all along, whose file was that id's duplicate.
    std::vector<std::pair<std::string, std::string>> gone_roots;  // prefix, root as recorded
    std::vector<std::string> recorded_root_prefixes;
    const std::string* gone_root_of(const std::string& term) const {
        for (const auto& [prefix, root] : gone_roots)
            if (term.compare(0, prefix.size(), prefix) == 0) return &root;
        return nullptr;
    }
    bool recorded_before(const std::string& term) const {
        for (const auto& prefix : recorded_root_prefixes)
            if (term.compare(0, prefix.size(), prefix) == 0) return true;
        return false;
    }
    // Recorded roots that are gone and hold nothing in the index (a folder
    // that moved and was indexed at its new place): no longer recorded.
    std::set<std::string> forgotten_roots;
    // Recorded roots inside a root folder of this run whose old documents
    // this run removed (Root::nested): no longer recorded.
    std::set<std::string> nested_done;
    // Whether a folder of a root (its path relative to the root; a file
    // root's own folder whatever is given), or the root folder itself, went
    // away since the walk read it: gone, or another folder now (a share
    // unmounted, leaving its empty mount point; a folder moved). A file of it
    // that is gone when read was not deleted: what the index holds from it
    // stays. Once found gone, a folder counts as gone for the rest of the
    // run (went_away_folders, said at the end of its root's files); found
    // there, it is looked at again the next time.
    bool went_away(const Root& root, const std::string& folder) {
        std::lock_guard<std::mutex> lock(mutex);
        for (const std::string& rel : {std::string(), root.is_file ? std::string() : folder}) {
            if (went_away_folders.count({&root, rel})) return true;
            const auto was = root.folder_ids.find(rel);
            if (was == root.folder_ids.end()) continue;  // not read by the walk: nothing to compare
            struct stat st;
            if (::stat(root.folder_path(rel).c_str(), &st) == 0 && S_ISDIR(st.st_mode) &&
                std::make_pair(st.st_dev, st.st_ino) == was->second)
                continue;
            went_away_folders.emplace(&root, rel);
            return true;
        }
        return false;
    }
    std::set<std::pair<const Root*, std::string>> went_away_folders;
    // Empty when `id` is new in this run; else the file that had it first.
    std::string first_sight(const std::string& id, const std::string& file) {
        std::lock_guard<std::mutex> lock(mutex);
        if (seen_files.empty() || seen_files.back() != file) seen_files.push_back(file);
        const auto [it, fresh] = seen_ids.try_emplace(id, static_cast<std::uint32_t>(seen_files.size() - 1));
        return fresh ? std::string() : seen_files[it->second];
    }
};

// Brings one shard of an index up to date with the files that belong to it.
class Run {
public:
    // `path` is the shard's, named by its write errors (PATH.new/... for --full).
    Run(Shared& shared, const Schema& schema, const Analyser& analyser, Xapian::Database& reader,
        Xapian::WritableDatabase* writer, std::string path)
        : shared_(shared), options_(shared.options), schema_(schema), analyser_(analyser), db_(reader),
          writer_(writer), path_(std::move(path)),
          spelling_pending_(writer && schema.spelling && reader.get_metadata(meta::spelling_pending) == "1"),
          spelling_at_end_(writer && schema.spelling && (spelling_pending_ || reader.get_doccount() == 0)) {}

    RunSummary& summary() { return summary_; }
    // One sweep over three value streams (docids ascend in each), instead of
    // a posting list per file: what makes a no-change run cheap. Done once,
    // on first use or beforehand.
    void preload() {
        if (preloaded_) return;
        preloaded_ = true;
        auto stamp = db_.valuestream_begin(slot_file_stamp), stamp_end = db_.valuestream_end(slot_file_stamp);
        auto count = db_.valuestream_begin(slot_file_docs), count_end = db_.valuestream_end(slot_file_docs);
        auto value_at = [](auto& it, const auto& end, Xapian::docid id) {
            if (it != end) it.skip_to(id);
            return it != end && it.get_docid() == id ? *it : std::string();
        };
        files_.reserve(db_.get_doccount());
        for (auto v = db_.valuestream_begin(slot_file_term); v != db_.valuestream_end(slot_file_term); ++v) {
            const Xapian::docid id = v.get_docid();
            const std::string s = value_at(stamp, stamp_end, id);
            const std::string c = value_at(count, count_end, id);
            const Stamp st = parse_stamp(s);
            const std::uint32_t n = parse_count(c);
            // One hash per file: its term goes into the pool first (a
            // .jsonl file's later documents waste that copy).
            auto [state, added] = files_.try_emplace(keep(*v));
            FileState& f = *state;
            if (added) {
                f.stamp = st;
                f.count = n;
                f.first = id;
                continue;
            }
            if (!(st == f.stamp) || n != f.count) f.mixed = true;
            if (!f.more) {
                more_docs_.emplace_back();
                f.more = static_cast<std::uint32_t>(more_docs_.size());
            }
            more_docs_[f.more - 1].push_back(id);
        }
        // A file's record, where it has one, stands for what its
        // documents say of it (their stamps are then of different runs).
        const std::string record_prefix = meta::file_articles;
        for (auto k = db_.metadata_keys_begin(record_prefix); k != db_.metadata_keys_end(record_prefix); ++k) {
            const std::string key = *k;
            FileState* f = files_.find(std::string_view(key).substr(record_prefix.size()));
            if (!f) continue;  // its documents are gone (a crash before the record went): left alone
            FileRecord r = parse_record(db_.get_metadata(key));
            f->stamp = parse_stamp(r.stamp);
            f->count = r.count;
            f->mixed = false;
            records_.push_back(std::move(r));
            f->record = static_cast<std::uint32_t>(records_.size());
        }
        for (auto& [term, f] : files_) f.complete = !f.mixed && f.count == doc_count(f);
    }
    // How many files under a file-term prefix (a root's) the index holds,
    // in one folder of it ("" for all).
    std::size_t files_under(std::string_view prefix, std::string_view folder = "") {
        preload();
        std::size_t n = 0;
        for (const auto& [term, f] : files_)
            n += term.starts_with(prefix) && file_term_in_folder(term, prefix, folder) ? 1 : 0;
        return n;
    }
    // With N shards written at once, each commits every batch/N documents:
    // what is held in memory, and lost by a crash, stays one --batch in all.
    void share_batch(std::size_t shards) {
        batch_size_ = std::max(1u, static_cast<unsigned>((options_.batch_size + shards - 1) / shards));
    }
    // True for a file whose size, mtime and ctime are unchanged and whose documents
    // are all there: counted as unchanged and seen, nothing more to do.
    // Leaves its file term in term_buf_.
    bool unchanged(const Root& root, const SourceEntry& src) {
        if (src.format == Format::unknown || src.stat_errno) return false;
        file_term_under(root.term_prefix, src.rel, term_buf_);
        const FileState* state = see_file(term_buf_);
        if (!state || !state->complete || !state->stamp.matches(src)) return false;
        summary_.unchanged += doc_count(*state);
        return true;
    }
    // The files of this shard that may need work, in path order (the order
    // new documents get their ids in); unchanged ones are counted and left
    // out first, so a no-change run sorts nothing.
    std::vector<const SourceEntry*> to_plan(const Root& root, const std::vector<const SourceEntry*>& files);
    std::optional<FileJob> plan(const Root& root, const SourceEntry& src);
    // A prepared file: its problems, then its documents (apply_docs); a
    // file with more articles to come (Prepared::rest) gets the rest with
    // apply_docs, chunk by chunk, then finish_file.
    void apply(Prepared& prepared);
    void apply_docs(Prepared& prepared);
    void finish_file(Prepared& prepared);
    void remove_gone(Prepared& prepared);
    void prune(const Root& root);
    void finish(const std::vector<Root>& roots);
    // A file the walk listed that is gone when read (deleted or renamed
    // since, by a scraper or rsync): no error; what the index holds from it
    // goes, as for any deleted file (the next run's walk finds a new name).
    std::size_t vanished(const std::string& file_term) {
        if (!options_.prune) return 0;
        const std::vector<Xapian::docid> ids = docs_of(file_term);
        for (Xapian::docid id : ids) remove(id);
        erase_record(file_term);
        return ids.size();
    }
    // A path given that was deleted from an indexed folder: the documents
    // of that file (`file_term`), or of the files in that folder (`folder`
    // under `prefix`), removed unless `keep`. Returns how many they were.
    std::size_t deleted(const std::string& file_term, std::string_view prefix, std::string_view folder, bool keep) {
        preload();
        std::vector<std::string> terms{file_term};
        for (const auto& entry : files_)
            if (entry.first.starts_with(prefix) && file_term_in_folder(entry.first, prefix, folder))
                terms.emplace_back(entry.first);
        std::size_t n = 0;
        for (const std::string& term : terms) {
            const std::vector<Xapian::docid> ids = docs_of(term);
            n += ids.size();
            if (!keep)
                for (Xapian::docid id : ids) remove(id);
        }
        return n;
    }

private:
    void problem(bool error, const std::string& file, std::size_t line, const std::string& message) {
        shared_.problem(summary_, error, file, line, message);
    }
    std::string shown(const Root& root, const std::string& rel) const {
        return root.is_file ? root.path.string() : (root.path / rel).string();
    }
    void report(const char* action, const std::string& id) { shared_.report(summary_, action, id); }
    void changed() {
        wrote_ = true;
        if (writer_ && ++pending_ >= batch_size_) commit();
    }
    // The writer, for a change: each batch's changes are one Xapian
    // transaction, begun by its first change. Within it Xapian merges its
    // in-memory changes into the tables every kFlushThreshold documents
    // (tune_xapian_writers) without committing them: small merges keep its maps of
    // changed terms small, and commit() alone makes a batch durable.
    Xapian::WritableDatabase& write() {
        if (!in_transaction_) {
            writer_->begin_transaction(true);  // flushed: commit_transaction() commits
            in_transaction_ = true;
        }
        return *writer_;
    }
    void commit() {
        if (!writer_) return;
        try {
            flush_spelling();
            if (!roots_recorded_ && !shared_.roots_so_far.empty() && wrote_) {
                roots_recorded_ = true;
                if (db_.get_metadata(meta::roots) != shared_.roots_so_far)
                    write().set_metadata(meta::roots, shared_.roots_so_far);
            }
            // Until the spelling data is made at the end, a crash after
            // documents were committed leaves the mark that tells the next
            // run to make it.
            if (spelling_at_end_ && wrote_ && !pending_marked_) {
                write().set_metadata(meta::spelling_pending, "1");
                pending_marked_ = true;
            }
            // The copies of one article are marked anew at the end of the
            // run (mark_copies); until then, and after a crash, unknown.
            if (wrote_ && !twins_marked_) {
                if (db_.get_metadata(meta::twins) != meta::twins_unknown)
                    write().set_metadata(meta::twins, meta::twins_unknown);
                twins_marked_ = true;
            }
            if (in_transaction_) {
                in_transaction_ = false;  // ended by the commit, or cancelled when it fails
                writer_->commit_transaction();
            } else {
                writer_->commit();  // what was written outside a batch (the synonyms)
            }
        } catch (const Xapian::Error& e) {
            throw translate(e, "cannot commit to", path_);
        }
        pending_ = 0;
        if (shared_.committed) {
            std::lock_guard<std::mutex> lock(shared_.mutex);
            RunSummary& c = *shared_.committed;
            c.added += summary_.added - at_commit_.added;
            c.replaced += summary_.replaced - at_commit_.replaced;
            c.removed += summary_.removed - at_commit_.removed;
            c.unchanged += summary_.unchanged - at_commit_.unchanged;
            c.skipped += summary_.skipped - at_commit_.skipped;
            at_commit_.added = summary_.added, at_commit_.replaced = summary_.replaced;
            at_commit_.removed = summary_.removed, at_commit_.unchanged = summary_.unchanged;
            at_commit_.skipped = summary_.skipped;
        }
    }
    RunSummary at_commit_;  // summary_'s counts at the last commit (only those)
    // Moves the spelling data from the words of `before` (may be null) to
    // `new_words` (spelling_words of the new document, found by the worker
    // that made it): only the words that differ count, since a
    // changed document keeps most of its words. The counts go to Xapian
    // once per word at each commit (flush_spelling): a call per word per
    // document cost ~10 % of a full index (Xapian looks each word up in its
    // own std::map of changes).
    void respell(const Xapian::Document* before, const std::vector<std::string>& new_words) {
        if (!writer_ || !schema_.spelling || spelling_at_end_) return;
        const std::vector<std::string> old_words = before ? spelling_words(*before) : std::vector<std::string>();
        auto o = old_words.begin(), n = new_words.begin();
        while (o != old_words.end() || n != new_words.end()) {
            if (n == new_words.end() || (o != old_words.end() && *o < *n)) {
                --spelling_changes_[*o++];
            } else if (o == old_words.end() || *n < *o) {
                ++spelling_changes_[*n++];
            } else {
                ++o, ++n;
            }
        }
    }
    void flush_spelling() {
        for (const auto& [word, change] : spelling_changes_) {
            if (change > 0)
                write().add_spelling(word, static_cast<Xapian::termcount>(change));
            else if (change < 0)
                write().remove_spelling(word, static_cast<Xapian::termcount>(-change));
        }
        spelling_changes_.clear();
    }
    void remove(Xapian::docid id) {
        Xapian::Document doc = db_.get_document(id);
        report("remove", decode_data(doc.get_data())["id"]);
        respell(&doc, {});
        if (writer_)
            write().delete_document(id);
        else
            dry_removed_.insert(id);
        ++summary_.removed;
        changed();
    }
    std::vector<Xapian::docid> docs_of(const std::string& term) const {
        std::vector<Xapian::docid> ids;
        for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it)
            if (writer_ || (!dry_removed_.count(*it) && !dry_taken_.count(*it))) ids.push_back(*it);
        return ids;
    }
    // What a dry run, which only reads the index, would have changed in it
    // so far: documents it would have removed, and those whose id another
    // file would have taken (no longer their old file's). What it reports
    // after them is then what the run would do (a file whose id a deleted
    // file had is added, not a duplicate of it).
    std::unordered_set<Xapian::docid> dry_removed_, dry_taken_;
    // What the index holds for one source file, read in one sweep over the
    // file terms and the stamp values when first needed.
    // Small, as there is one per file of the index.
    struct FileState {
        Stamp stamp;                 // its first document's
        Xapian::docid first = 0;     // its first document
        std::uint32_t count = 0;     // the documents the file gave: its record's, else its first one's slot_file_docs
        std::uint32_t more = 0;      // its other documents (a .jsonl file's) are more_docs_[more - 1]; 0: none
        std::uint32_t record = 0;    // its record (meta::file_articles) is records_[record - 1]; 0: none
        bool complete = false;  // as many documents as the file gave last time
        bool mixed = false;     // its documents disagree (a crash mid-file)
        bool seen = false;      // planned in this run (not to be pruned)
    };
    std::size_t doc_count(const FileState& f) const { return 1 + (f.more ? more_docs_[f.more - 1].size() : 0); }
    std::vector<Xapian::docid> docs(const FileState& f) const {
        std::vector<Xapian::docid> all{f.first};
        if (f.more) all.insert(all.end(), more_docs_[f.more - 1].begin(), more_docs_[f.more - 1].end());
        return all;
    }
    // What the index holds for a file of this run, which is thereby seen;
    // null when it holds nothing.
    const FileState* see_file(std::string_view term) {
        preload();
        FileState* state = files_.find(term);
        if (state) state->seen = true;
        return state;
    }
    std::string file_term_of(Xapian::docid id) const {
        auto it = db_.termlist_begin(id);
        it.skip_to("XFILE");
        return it != db_.termlist_end(id) && (*it).rfind("XFILE", 0) == 0 ? *it : std::string();
    }
    bool has_term(Xapian::docid id, const std::string& term) const {
        auto it = db_.termlist_begin(id);
        it.skip_to(term);
        return it != db_.termlist_end(id) && *it == term;
    }
    // True when every document of the file has this value in the slot and
    // the file's documents are all there (a crash may have left some out).
    // Read from the value streams: a document's values read one by one
    // cost a dozen block reads each.
    bool all_have(std::vector<Xapian::docid> docs, Xapian::valueno slot, const std::string& value) const {
        if (docs.empty()) return false;
        std::sort(docs.begin(), docs.end());
        const std::string count = std::to_string(docs.size());
        auto v = db_.valuestream_begin(slot), n = db_.valuestream_begin(slot_file_docs);
        const auto v_end = db_.valuestream_end(slot), n_end = db_.valuestream_end(slot_file_docs);
        for (Xapian::docid id : docs) {
            if (v != v_end) v.skip_to(id);
            if (n != n_end) n.skip_to(id);
            if (v == v_end || v.get_docid() != id || *v != value || n == n_end || n.get_docid() != id || *n != count)
                return false;
        }
        return true;
    }
    // The key of a file's record (meta::file_articles).
    static std::string record_key(std::string_view file_term) {
        return std::string(meta::file_articles).append(file_term);
    }
    // Writes a file of many articles' record, unless it says that already.
    void write_record(const std::string& file_term, const std::string& text) {
        if (!writer_) return;
        const FileState* f = files_.find(file_term);
        if (f && f->record) {
            const FileRecord& r = records_[f->record - 1];
            if (record_text(r.stamp, r.content_hash, r.count) == text) return;
        }
        write().set_metadata(record_key(file_term), text);
        changed();
    }
    // A file's record goes with the last of its documents.
    void erase_record(std::string_view file_term) {
        if (!writer_) return;
        const FileState* f = files_.find(file_term);
        if (f && f->record) write().set_metadata(record_key(file_term), "");
    }

    Shared& shared_;
    const IndexOptions& options_;
    RunSummary summary_;
    const Schema& schema_;
    const Analyser& analyser_;
    Xapian::Database& db_;               // reads (the writer itself when writing)
    Xapian::WritableDatabase* writer_;   // null in a dry run
    const std::string path_;             // the shard, as messages name it
    // The preloaded files by file term: 100,000s of small entries, their
    // terms kept in one pool (few large allocations, freed at once).
    std::pmr::monotonic_buffer_resource pool_;
    FlatTable<FileState> files_;
    std::vector<std::vector<Xapian::docid>> more_docs_;  // see FileState::more
    std::vector<FileRecord> records_;                    // see FileState::record
    std::string_view keep(std::string_view s) {
        char* p = static_cast<char*>(pool_.allocate(s.size() + 1, 1));
        std::memcpy(p, s.data(), s.size());
        return {p, s.size()};
    }
    bool preloaded_ = false;
    std::string term_buf_;  // the file term plan() looks up, its buffer reused
    unsigned pending_ = 0;
    bool in_transaction_ = false;  // see write()
    std::unordered_map<std::string, long> spelling_changes_;  // word -> documents added minus removed, since the last commit
    unsigned batch_size_ = options_.batch_size;  // documents per commit of this shard
    // A new (empty) shard, or one a crash left without its spelling data,
    // gets it made from its terms at the end of the run (respell_all)
    // instead of word by word at each commit, which rewrote the spelling
    // table's growing fragment lists each time (a 2-shard full index is 4 %
    // faster this way, the data the same).
    const bool spelling_pending_;  // a crash left the mark: respell_all whatever this run does
    const bool spelling_at_end_;
    bool pending_marked_ = false;
    bool twins_marked_ = false;  // meta::twins set to meta::twins_unknown
    bool roots_recorded_ = false;  // shared_.roots_so_far is in, or need not be
    bool wrote_ = false;  // this run changed a document
    bool respell_all();
};

// A deque: it grows without copying what it holds (a folder of 100,000s of
// files), and the entries stay where they are for the pointers taken later.
using SourceList = std::deque<SourceEntry>;

// A root folder, open for the stats of the entries found under it: shared
// by the slices that hold them, and closed by whichever thread lets it go last.
using OpenFolder = std::shared_ptr<DIR>;

// The walk hands its entries over a slice at a time to the thread that
// opened the index. Their stats are taken by whichever of the two threads
// is free (each stat is a system call, and a no-change run is mostly
// stats: two threads take them ~1.6x as fast as one), and that thread then
// checks them against the preloaded stamps, so a no-change run's lookups
// overlap the walk. What the check keeps (or never saw) needs work.
class WalkFeed {
public:
    static constexpr std::size_t slice_size = 512;
    static constexpr std::size_t max_ahead = 4;  // slices waiting for their stats before the walk takes one
    explicit WalkFeed(std::size_t roots) : kept_(roots), walked_(roots), articles_(roots) {}

    // On the walking thread. Entries added after base(f) are stat'ed by
    // their paths relative to f, the root folder; an entry added outside
    // any root folder (a root that is a file) has its stat already.
    void base(OpenFolder f) { slice_.base = std::move(f); }
    void add(std::size_t root, SourceEntry e) {
        ++walked_[root];
        if (e.format != Format::unknown) ++articles_[root];
        slice_.entries.push_back(std::move(e));
        if (slice_.entries.size() >= slice_size) hand_over(root);
    }
    // The end of a root's walk.
    void flush(std::size_t root) {
        hand_over(root);
        slice_.base = nullptr;
    }
    // Once the walk is done: the stats nobody has taken yet.
    void finish() {
        stat_while_more_than(0);
        close();
    }
    void close() {
        std::lock_guard<std::mutex> lock(mutex_);
        closed_ = true;
        ready_.notify_one();
    }
    std::size_t walked(std::size_t root) const { return walked_[root]; }
    // ... of them of a format knipsel reads (a stray PDF alone is no article).
    std::size_t articles(std::size_t root) const { return articles_[root]; }

    // On the checking thread, until close(): keep(root, entry) says whether
    // an entry needs work.
    template <class Keep>
    void check(Keep keep) {
        for (;;) {
            Slice s;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                ready_.wait(lock, [&] { return closed_ || !stated_.empty() || !unstated_.empty(); });
                auto& queue = !stated_.empty() ? stated_ : unstated_;
                if (queue.empty()) return;
                s = std::move(queue.front());
                queue.pop_front();
            }
            take_stats(s);
            for (SourceEntry& e : s.entries)
                if (keep(s.root, e)) kept_[s.root].push_back(std::move(e));
        }
    }

    // After both: each root's entries that need work, and those never checked.
    std::vector<SourceList> take() {
        for (auto* queue : {&stated_, &unstated_}) {
            for (Slice& s : *queue) {
                take_stats(s);
                for (SourceEntry& e : s.entries) kept_[s.root].push_back(std::move(e));
            }
            queue->clear();
        }
        return std::move(kept_);
    }

private:
    struct Slice {
        std::size_t root = 0;
        std::vector<SourceEntry> entries;
        OpenFolder base;  // null once stat'ed, or when the root is a file
    };
    // The stats of a slice's entries of known formats.
    static void take_stats(Slice& s) {
        if (!s.base) return;
        const int fd = ::dirfd(s.base.get());
        for (SourceEntry& e : s.entries)
            if (e.format != Format::unknown) stat_source(fd, e.rel.c_str(), e);
        s.base = nullptr;
    }
    void hand_over(std::size_t root) {
        if (slice_.entries.empty()) return;
        Slice next;
        next.base = slice_.base;
        slice_.root = root;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            unstated_.push_back(std::move(slice_));
            ready_.notify_one();
        }
        slice_ = std::move(next);
        stat_while_more_than(max_ahead);
    }
    // On the walking thread: takes the stats of waiting slices itself while
    // more than `n` wait, so the walk never runs far ahead of them.
    void stat_while_more_than(std::size_t n) {
        for (;;) {
            Slice s;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                if (unstated_.size() <= n) return;
                s = std::move(unstated_.front());
                unstated_.pop_front();
            }
            take_stats(s);
            std::lock_guard<std::mutex> lock(mutex_);
            stated_.push_back(std::move(s));
            ready_.notify_one();
        }
    }

    Slice slice_;  // the walk's, not yet handed over
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<Slice> unstated_, stated_;
    bool closed_ = false;
    std::vector<SourceList> kept_;
    std::vector<std::size_t> walked_;
    std::vector<std::size_t> articles_;
};

// The files of a root, in no particular order, into the feed, which takes
// their stats. Hidden files and folders (.git, .cache) are left out and counted as skipped.
void collect(Root& root, std::size_t root_index, WalkFeed& feed, Shared& shared, RunSummary& summary) {
    struct stat folder_st;
    if (root.is_file) {
        if (::stat(root.folder_path("").c_str(), &folder_st) == 0)
            root.folder_ids[""] = {folder_st.st_dev, folder_st.st_ino};
        SourceEntry e{root.part.empty() ? root.path.filename().generic_string() : root.part};
        e.format = format_for_name(e.rel);
        if (e.format != Format::unknown) stat_source(AT_FDCWD, root.path.c_str(), e);
        feed.add(root_index, std::move(e));  // outside any folder: its stat is taken
        feed.flush(root_index);
        return;
    }
    const fs::path base(root.key);
    // Our own walk rather than recursive_directory_iterator, so a folder we
    // cannot read is reported and the walk goes on with the others; and
    // readdir with no path objects, since a no-change run of a big archive
    // is mostly this walk.
    struct Folder {
        std::string path, rel;
    };
    // The stats are taken in the feed (on two threads), by each entry's
    // path relative to the root folder, held open for them: one descriptor
    // however many folders are waiting.
    auto cannot_read = [&](const std::string& path, const std::string& rel) {
        shared.problem(summary, true, path, 0,
                       "cannot read folder: " + std::error_code(errno, std::generic_category()).message() +
                           "; what the index holds from it is kept");
        root.unreadable.push_back(rel);
    };
    const int root_fd = ::open(root.path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR* root_dir = root_fd < 0 ? nullptr : ::fdopendir(root_fd);
    if (!root_dir) {
        cannot_read(root.path.string(), "");
        if (root_fd >= 0) ::close(root_fd);
        return;
    }
    if (::fstat(root_fd, &folder_st) == 0) root.folder_ids[""] = {folder_st.st_dev, folder_st.st_ino};
    feed.base(OpenFolder(root_dir, ::closedir));
    // The index itself, its lock and its temporary siblings may lie inside
    // the folder it indexes (the default --db, ./knipsel.db, in the archive
    // knipsel-index runs in): no articles, left out without a word, not
    // "files of other formats" every night.
    std::unordered_set<std::string> own;
    {
        std::error_code ec;
        const fs::path db = fs::weakly_canonical(fs::absolute(shared.options.db_path), ec);
        for (const char* suffix : {"", ".lock", ".new", ".creating", ".compact"}) {
            fs::path p = db;
            p += suffix;
            const fs::path rel = p.lexically_relative(base);
            if (!ec && !rel.empty() && *rel.begin() != "..") own.insert(rel.generic_string());
        }
    }
    std::vector<Folder> folders = {{root.walked(), root.part}};
    while (!folders.empty() && !interrupting_signal()) {
        Folder folder = std::move(folders.back());
        folders.pop_back();
        const int fd = ::open(folder.path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        DIR* dir = fd < 0 ? nullptr : ::fdopendir(fd);
        if (!dir) {
            cannot_read(folder.path, folder.rel);
            if (fd >= 0) ::close(fd);
            continue;
        }
        if (::fstat(fd, &folder_st) == 0) root.folder_ids[folder.rel] = {folder_st.st_dev, folder_st.st_ino};
        for (;;) {
            errno = 0;
            const dirent* d = ::readdir(dir);
            if (!d) {
                if (errno) cannot_read(folder.path, folder.rel);
                break;
            }
            const std::string_view name = d->d_name;
            if (name == "." || name == "..") continue;
            if (hidden(name)) {
                ++summary.skipped;
                continue;
            }
            unsigned char type = d->d_type;
            if (type == DT_UNKNOWN) {
                struct stat st;
                type = ::fstatat(fd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ? DT_UNKNOWN
                       : S_ISLNK(st.st_mode)                                   ? DT_LNK
                       : S_ISDIR(st.st_mode)                                   ? DT_DIR
                       : S_ISREG(st.st_mode)                                   ? DT_REG
                                                                               : DT_UNKNOWN;
            }
            std::string rel = folder.rel.empty() ? std::string(name) : join(folder.rel, name);
            if (!own.empty() && own.count(rel)) continue;
            if (type == DT_DIR) {
                if (saved_page_resources(fd, name)) {
                    ++summary.skipped;  // the page's pictures, scripts and ad frames: no articles
                    continue;
                }
                folders.push_back({join(folder.path, name), std::move(rel)});
                continue;
            }
            if (type == DT_LNK) {
                // Links are followed only to files inside the indexed folder;
                // links to folders are not followed (no loops, no escapes).
                const std::string path = join(folder.path, name);
                std::error_code resolve_ec, type_ec;
                fs::path target = fs::weakly_canonical(path, resolve_ec);
                auto target_rel = target.lexically_relative(base);
                bool inside = !resolve_ec && !target_rel.empty() && *target_rel.begin() != "..";
                if (!fs::is_regular_file(target, type_ec) || !inside) {
                    // Said every run: a link left out is never a silent skip.
                    const char* why =
                        resolve_ec || !fs::exists(target, type_ec)
                            ? "symbolic link to nothing (a missing target or a loop), skipped"
                        : !inside ? "symbolic link out of the indexed folder, not followed"
                        : fs::is_directory(target, type_ec)
                            ? "symbolic link to a folder, not followed (its files are indexed where they are)"
                            : "symbolic link to something not a file, skipped";
                    shared.problem(summary, false, path, 0, why);
                    ++summary.skipped;
                    continue;
                }
            } else if (type != DT_REG) {
                shared.problem(summary, false, join(folder.path, name), 0, "not a file or folder (a socket or pipe?), skipped");
                ++summary.skipped;
                continue;
            }
            SourceEntry e{std::move(rel)};
            e.format = format_for_name(name);  // its stat is taken in the feed
            feed.add(root_index, std::move(e));
        }
        ::closedir(dir);
    }
    feed.flush(root_index);
}

std::vector<const SourceEntry*> Run::to_plan(const Root& root, const std::vector<const SourceEntry*>& files) {
    std::vector<const SourceEntry*> out;
    for (const SourceEntry* src : files)
        if (!unchanged(root, *src)) out.push_back(src);
    std::sort(out.begin(), out.end(), [](const SourceEntry* a, const SourceEntry* b) { return a->rel < b->rel; });
    return out;
}

// Decides on the writer's thread whether a file needs work: unchanged files
// (same size, mtime and ctime, all their documents present) need none.
std::optional<FileJob> Run::plan(const Root& root, const SourceEntry& src) {
    if (src.format == Format::unknown) {
        ++summary_.skipped;
        ++summary_.other_formats[root.walked()][extension_of(src.rel)];
        return std::nullopt;
    }
    if (src.stat_errno == ENOENT || src.stat_errno == ENOTDIR) {
        // Deleted or renamed between the walk's listing and its stat: as a
        // file not listed at all, its documents go (prune), without a word;
        // unless its folder went away meanwhile (a share unmounted), which
        // deleted nothing: then they stay.
        if (shared_.went_away(root, folder_of(src.rel))) {
            file_term_under(root.term_prefix, src.rel, term_buf_);
            see_file(term_buf_);
        }
        return std::nullopt;
    }
    if (src.stat_errno) {
        problem(true, shown(root, src.rel), 0, std::string("cannot read: ") + std::strerror(src.stat_errno));
        // Listed but not looked at (a folder readable but not searchable):
        // what the index holds from it stays, as for a file it cannot open.
        file_term_under(root.term_prefix, src.rel, term_buf_);
        see_file(term_buf_);
        return std::nullopt;
    }
    // The common case of a re-run, answered from the preloaded stamps
    // without touching the index or building a job.
    if (unchanged(root, src)) return std::nullopt;
    const FileState* state = see_file(term_buf_);
    char stamp_buf[stamp_size];
    const std::string_view stamp = stamp_of(src, stamp_buf);
    FileJob job;
    job.root = &root;
    job.src = src;
    job.format = src.format;
    job.name = shown(root, src.rel);
    job.file.format = mime_type(src.format, src.rel);
    job.file.size = src.size;
    job.file.mtime_ns = src.mtime_ns;
    job.file.ctime_ns = src.ctime_ns;
    job.stamp = stamp;
    job.this_file = term_buf_;
    job.spelling = writer_ && schema_.spelling && !spelling_at_end_;  // else made from the terms at the end
    if (state) job.existing = docs(*state);
    if (!job.existing.empty()) {
        // A file that had errors is parsed again, so they are reported again;
        // so is one that other parsers read (see file_parsers_version).
        bool current = false;
        if (state->record) {  // the file's record says it for all its documents
            const FileRecord& r = records_[state->record - 1];
            current = state->stamp.plain;
            if (current && state->complete) job.existing_hash = r.content_hash;
        } else {
            Xapian::Document first = db_.get_document(job.existing.front());
            current = parse_stamp(first.get_value(slot_file_stamp)).plain;
            std::string hash = first.get_value(slot_content_hash);
            if (current && all_have(job.existing, slot_content_hash, hash)) job.existing_hash = hash;
        }
        if (current && many_articles(job.format)) {
            std::vector<Xapian::docid> sorted = job.existing;
            std::sort(sorted.begin(), sorted.end());
            auto it = db_.valuestream_begin(slot_article_hash);
            const auto end = db_.valuestream_end(slot_article_hash);
            // A document made before the text key (slot_text_key) is made again.
            auto key = db_.valuestream_begin(slot_text_key);
            const auto key_end = db_.valuestream_end(slot_text_key);
            for (Xapian::docid id : sorted) {
                if (it == end) break;
                it.skip_to(id);
                if (key != key_end) key.skip_to(id);
                if (it != end && it.get_docid() == id && key != key_end && key.get_docid() == id)
                    job.existing_articles.emplace(*it, id);
            }
        }
    }
    return job;
}

// Reads, parses and analyses a file: runs on a worker thread, touches no index.
Prepared prepare(FileJob job, const Schema& schema, const Analyser& analyser) {
    Prepared out;
    std::string bytes;
    // A .jsonl file holds many articles and is parsed line by line, a feed
    // holds many too: single-article formats are capped at one article's size.
    const std::size_t limit = read_limit(job.format);
    bool truncated = false;
    if (!read_file(job.name, limit, bytes, truncated, out.read_error, out.read_errno)) {
        out.job = std::move(job);
        return out;
    }
    // The size of what was read, not the walk's: a file written to since
    // (a download still arriving) would keep a stale size in its data.
    if (!truncated) job.file.size = bytes.size();
    if (out.empty_file = nothing_in(bytes); !out.empty_file.empty()) {
        out.job = std::move(job);
        return out;
    }
    job.file.content_hash = content_hash(bytes);
    if (!job.existing_hash.empty() && job.existing_hash == job.file.content_hash) {
        out.same_content = true;
        out.job = std::move(job);
        return out;
    }
    std::error_code ec;
    job.file.abs_path = fs::absolute(job.name, ec).lexically_normal().string();
    out.parsed = parse_file_taking(job.format, std::move(bytes), job.src.rel);  // in its buffer: a big .jsonl is not held twice
    if (truncated)
        out.parsed.warnings.push_back({0, "larger than " + std::to_string(limit >> 20) + " MB: only its first " +
                                              std::to_string(limit >> 20) + " MB are indexed"});
    job.file.doc_count = out.parsed.articles.size();
    job.file.had_errors = !out.parsed.errors.empty();
    std::vector<Article>& articles = out.parsed.articles;
    const std::size_t first = std::min(articles.size(), docs_per_chunk);
    out.docs = make_docs(job, articles, 0, first, schema, analyser);
    if (first < articles.size()) out.rest = std::move(articles);
    articles.clear();
    out.job = std::move(job);
    return out;
}

// The documents of articles[begin, end) of a file; each article's text is
// let go as its document is made.
std::vector<PreparedDoc> make_docs(const FileJob& job, std::vector<Article>& articles, std::size_t begin,
                                   std::size_t end, const Schema& schema, const Analyser& analyser) {
    std::vector<PreparedDoc> docs;
    docs.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i) {
        Article& a = articles[i];
        std::string hash = article_hash(a);
        if (const auto held = job.existing_articles.find(hash); held != job.existing_articles.end()) {
            // The article's id is in its hash, so this file's document of
            // that id holds it as it is: the writer keeps it untouched
            // (apply_docs), and the file's facts go to its record.
            PreparedDoc d{a.id, id_term(schema, a.id), std::move(hash), Xapian::Document(), {}, held->second};
            docs.push_back(std::move(d));
            a = Article();
            continue;
        }
        PreparedDoc d{a.id, id_term(schema, a.id), std::move(hash), make_document(a, job.file, schema, analyser), {}};
        d.doc.add_boolean_term(job.this_file);
        d.doc.add_value(slot_file_term, job.this_file);
        if (job.spelling) d.spelling = spelling_words(d.doc);
        docs.push_back(std::move(d));
        a = Article();
    }
    return docs;
}

// Brings the index in line with a prepared file, on the writer's thread.
void Run::apply(Prepared& p) {
    FileJob& job = p.job;
    if (p.read_errno == ENOENT || p.read_errno == ENOTDIR) {
        // Deleted since the walk, unless its folder (or the root) went away:
        // a share unmounted or moved mid-run must not empty the index of
        // every file the run had not read yet. Said at the root's end.
        if (!shared_.went_away(*job.root, folder_of(job.src.rel))) vanished(job.this_file);
        return;
    }
    if (!p.read_error.empty()) return problem(true, job.name, 0, p.read_error);
    if (!p.empty_file.empty()) {
        // A placeholder, a download not yet written, a truncated save, a
        // file emptied with `echo > a.txt`: like a .jsonl with no lines, it
        // holds no articles (now), in any format.
        problem(false, job.name, 0, std::string(p.empty_file) + ", nothing to index");
        ++summary_.skipped;
        finish_file(p);  // what it held before goes, as for a file emptied of its lines
        return;
    }
    if (p.same_content) {
        // Touched but not changed: remember the new stamp, and the file's
        // facts Omega shows (an undated article's time, a file's size). A
        // file of many articles keeps them in its record: its documents
        // stay as they are, as its unchanged lines do when it changes.
        if (many_articles(job.format)) {
            write_record(job.this_file, record_text(job.stamp, job.file.content_hash, job.existing.size()));
            summary_.unchanged += job.existing.size();
            return;
        }
        if (writer_)
            for (Xapian::docid id : job.existing) {
                Xapian::Document doc = db_.get_document(id);
                doc.add_value(slot_file_stamp, job.stamp);
                refresh_file_facts(doc, job.file, true);
                write().replace_document(id, doc);
                changed();
            }
        summary_.unchanged += job.existing.size();
        return;
    }
    if (p.parsed.binary && !job.existing.empty()) {
        // A file the index has articles from that no longer reads as text
        // (overwritten, damaged): an error, and its articles stay.
        p.parsed.warnings.clear();
        p.parsed.errors.push_back({0, "binary file (NUL bytes or control characters), not indexed; its " +
                                          std::to_string(job.existing.size()) + " document" +
                                          (job.existing.size() == 1 ? " is" : "s are") + " kept"});
    }
    // A file that now gives no article for an error of its own ("no title
    // or body"): its articles stay, as the message says.
    if (!p.parsed.binary && p.docs.empty() && !job.existing.empty() && !p.parsed.errors.empty())
        p.parsed.errors.front().message += "; its " + std::to_string(job.existing.size()) + " document" +
                                           (job.existing.size() == 1 ? " is" : "s are") + " kept";
    // A feed saved while its site had no items, a .jsonl of blank lines:
    // skipped, and named, as an empty file is.
    if (p.docs.empty() && p.rest.empty() && p.parsed.errors.empty() && p.parsed.warnings.empty())
        p.parsed.warnings.push_back({0, "no article in it (a feed without items, only blank lines), nothing to index"});
    for (const auto& w : p.parsed.warnings) problem(false, job.name, w.line, w.message);
    for (const auto& e : p.parsed.errors) problem(true, job.name, e.line, e.message);
    if (p.docs.empty() && p.parsed.errors.empty()) ++summary_.skipped;  // e.g. a binary file
    apply_docs(p);
    if (p.rest.empty()) finish_file(p);
}

void Run::apply_docs(Prepared& p) {
    FileJob& job = p.job;
    std::vector<Xapian::docid>& kept = p.kept;  // its documents that it still holds (ids are unique)
    for (PreparedDoc& d : p.docs) {
        if (const std::string first = shared_.first_sight(d.id, job.name); !first.empty()) {
            problem(true, job.name, 0,
                    "duplicate id '" + d.id + "' (" +
                        (first == job.name ? "twice in this file" : "already indexed in this run, from " + first) +
                        ", which keeps it)");
            continue;
        }
        if (d.unchanged) {  // as the index holds it: nothing to write (its file's facts go to its record)
            ++summary_.unchanged;
            kept.push_back(d.unchanged);
            continue;
        }
        try {
            auto old = db_.postlist_begin(d.term);
            const bool exists = old != db_.postlist_end(d.term) && !dry_removed_.count(*old);
            const bool same_file = exists && has_term(*old, job.this_file);
            if (exists && !same_file) {
                // The id belongs to a file under another root of this index:
                // the first keeps it, rather than both taking turns.
                std::string other = file_term_of(*old);
                // The file that holds it, by its file term's path in its root.
                const auto holder = [&other](const std::string& root) {
                    const std::size_t colon = other.find(':');
                    return colon == std::string::npos ? root : join(root, std::string_view(other).substr(colon + 1));
                };
                if (const std::string* root = shared_.active_root(other)) {
                    problem(true, job.name, 0,
                            "duplicate id '" + d.id + "' (also in " + holder(*root) + ", which keeps it)");
                    continue;
                }
                // Indexed from a folder this run does not walk, which is
                // still there (one that is gone moved here: its documents
                // move with it).
                if (const std::string* root = shared_.other_root_of(other)) {
                    problem(true, job.name, 0,
                            "duplicate id '" + d.id + "' (also in " + holder(*root) + ", which keeps it)");
                    continue;
                }
                if (const std::string* root = shared_.gone_root_of(other);
                    root && shared_.recorded_before(job.this_file)) {
                    problem(true, job.name, 0,
                            "duplicate id '" + d.id + "' (also in the indexed folder " + *root +
                                ", which is gone; it keeps it while the index keeps its documents)");
                    continue;
                }
            }
            Xapian::Document doc;
            if (same_file) {
                kept.push_back(*old);
                doc = db_.get_document(*old);
            }
            // A feed's article also needs its file's type: a .atom file's
            // were application/rss+xml (parsers before p9), and its hash does not say.
            if (same_file && doc.get_value(slot_article_hash) == d.hash && !doc.get_value(slot_text_key).empty() &&
                (job.format != Format::feed ||
                 document_has_term(doc, std::string(prefix::mime_type) + job.file.format))) {
                // The same article, e.g. an untouched line of a changed .jsonl:
                // only the facts about its file change.
                ++summary_.unchanged;
                if (!writer_) continue;
                for (Xapian::valueno slot : {slot_file_stamp, slot_content_hash, slot_file_docs})
                    doc.add_value(slot, d.doc.get_value(slot));
                refresh_file_facts(doc, job.file, false);
                write().replace_document(*old, doc);
                changed();
                continue;
            }
            report(exists ? "replace" : "add", d.id);
            (exists ? summary_.replaced : summary_.added) += 1;
            if (!writer_) {
                if (exists && !same_file) dry_taken_.insert(*old);
                continue;
            }
            if (exists && !same_file) doc = db_.get_document(*old);
            respell(exists ? &doc : nullptr, d.spelling);
            if (exists)
                write().replace_document(d.term, d.doc);
            else
                write().add_document(d.doc);  // what replace_document would do, without looking the id up again
        } catch (const Xapian::Error& e) {
            throw translate(e, "cannot write to", path_);
        }
        changed();
    }
}

void Run::finish_file(Prepared& p) {
    remove_gone(p);
    if (!many_articles(p.job.format)) return;
    // The record goes in with the file's last change, in the same commit:
    // a run killed before it leaves the old record (or none), which the
    // file's stamp no longer matches, so the next run reads it again.
    const SourceFile& f = p.job.file;
    const bool errors = f.had_errors || !p.parsed.errors.empty();
    if (!p.empty_file.empty() || (f.doc_count == 0 && !errors)) return erase_record(p.job.this_file);
    // The stamp of the size read (a file still being written is read again).
    const std::string stamp = std::to_string(f.mtime_ns) + ":" + std::to_string(f.size) + ":" +
                              std::to_string(f.ctime_ns) + ":" + std::string(file_parsers_version) +
                              (errors ? ":E" : "");
    write_record(p.job.this_file, record_text(stamp, f.content_hash, f.doc_count));
}

void Run::remove_gone(Prepared& p) {
    // Documents of this file that it no longer holds (lines removed from a
    // .jsonl). A line with an error keeps the document of its id (a bad
    // line must not lose one); one whose id is unknown (no JSON), or a
    // file read only in part (a feed cut off), keeps them all, and says so.
    std::vector<Xapian::docid>& kept = p.kept;
    const ParseIssue* unknown = nullptr;
    for (const ParseIssue& e : p.parsed.errors) {
        if (e.id.empty()) {
            unknown = &e;
            break;
        }
        const std::string term = id_term(schema_, e.id);
        if (auto it = db_.postlist_begin(term); it != db_.postlist_end(term)) kept.push_back(*it);
    }
    std::sort(kept.begin(), kept.end());
    std::vector<Xapian::docid> gone;
    for (Xapian::docid id : p.job.existing)
        if (!std::binary_search(kept.begin(), kept.end(), id)) gone.push_back(id);
    if (gone.empty()) return;
    if (unknown && unknown->line == 0 && !p.parsed.partial) return;  // a file of one article, as it was
    if (unknown || p.parsed.partial) {
        problem(false, p.job.name, unknown ? unknown->line : 0,
                std::to_string(gone.size()) + " document" + (gone.size() == 1 ? "" : "s") +
                    " of this file that it may no longer hold kept, as " +
                    (unknown ? "this line could not be read" : "the file was read only in part"));
        return;
    }
    for (Xapian::docid id : gone) remove(id);
}

// Removes the documents of files under this root that were not seen (and
// not inside a folder the walk could not read).
// The preloaded map holds every file term of the index (each document
// carries its file term in slot_file_term too): no walk over the terms.
void Run::prune(const Root& root) {
    // A root that is one file judges only that file: the rest of its folder
    // is not this run's to prune. Nor is the rest of a folder of which this
    // run walks a part.
    if (!options_.prune || root.is_file) return;
    preload();
    auto unread = [&](std::string_view term) {
        for (const std::string& folder : root.unreadable)
            if (file_term_in_folder(term, root.term_prefix, folder)) return true;
        return false;
    };
    // The old documents of roots recorded inside this one, once its walk
    // has read every folder (their files are this root's now).
    auto nested = [&](std::string_view term) {
        if (!root.unreadable.empty()) return false;
        for (const std::string& prefix : root.nested_prefixes)
            if (term.starts_with(prefix)) return true;
        return std::find(root.nested_files.begin(), root.nested_files.end(), term) != root.nested_files.end();
    };
    std::vector<std::string> vanished;
    for (const auto& [term, f] : files_)
        if (!f.seen && ((term.starts_with(root.term_prefix) && file_term_in_folder(term, root.term_prefix, root.part) &&
                         !unread(term)) ||
                        nested(term)))
            vanished.emplace_back(term);
    std::sort(vanished.begin(), vanished.end());  // removed in term order, as before
    // Their documents as the index holds them now: this run may have given
    // one of them to another file (an id that moved).
    for (const auto& term : vanished) {
        for (Xapian::docid id : docs_of(term)) remove(id);
        erase_record(term);
    }
}

// Makes the shard's spelling data what its terms say: each plain term that
// is a spelling word, with its term frequency (its document count), and no
// other word. One pass over the terms: a new index's words go to Xapian
// once each, and its fragment lists are written once.
// False when a signal stopped it (a big index's spelling data takes
// seconds: `systemctl stop` must not wait for it, nor kill the run).
bool Run::respell_all() {
    std::unordered_map<std::string, Xapian::termcount> had;  // empty but for a crashed run's leftovers
    for (auto it = db_.spellings_begin(); it != db_.spellings_end(); ++it) had.emplace(*it, it.get_termfreq());
    std::size_t n = 0;
    for (auto it = db_.allterms_begin(), end = db_.allterms_end(); it != end;) {
        if (++n % 4096 == 0 && interrupting_signal()) return false;
        const std::string term = *it;
        if (is_prefixed(term)) {
            it.skip_to("[");
            continue;
        }
        if (spelling_word(term)) {
            const Xapian::termcount want = it.get_termfreq();
            Xapian::termcount have = 0;
            if (auto h = had.find(term); h != had.end()) {
                have = h->second;
                had.erase(h);
            }
            if (want > have) write().add_spelling(term, want - have);
            if (want < have) write().remove_spelling(term, have - want);
        }
        ++it;
    }
    for (const auto& [word, freq] : had) write().remove_spelling(word, freq);
    return true;
}

// Whether a canonical path lies inside a canonical folder.
bool inside(std::string_view path, std::string_view folder) {
    if (folder == "/") return path.size() > 1 && path.starts_with('/');
    return path.size() > folder.size() + 1 && path.starts_with(folder) && path[folder.size()] == '/';
}

// A path given that is not there but was deleted from a folder the index
// records (a script that re-indexes the files it just changed or deleted):
// `folder` is that recorded folder (the outermost, still a folder), or the
// path itself for a file recorded on its own; "" for a mistyped path, one
// in no recorded folder, or one whose own folder is gone too.
struct DeletedPath {
    std::string folder;
    std::string path;   // canonical
    std::string given;  // as given, for messages
};
DeletedPath deleted_from_indexed_folder(const std::string& given, const std::vector<std::string>& recorded) {
    std::error_code ec;
    std::string c = fs::weakly_canonical(fs::absolute(given), ec).string();
    while (c.size() > 1 && c.back() == '/') c.pop_back();
    if (ec || !fs::is_directory(fs::path(c).parent_path(), ec)) return {};
    const std::string* best = nullptr;
    for (const std::string& r : recorded)
        if ((r == c || inside(c, r)) && (!best || r.size() < best->size())) best = &r;
    if (!best) return {};
    // A recorded folder given that is gone is no deletion: "no such folder".
    if (*best == c) return format_for_name(c) != Format::unknown ? DeletedPath{c, c, given} : DeletedPath{};
    return fs::is_directory(*best, ec) ? DeletedPath{*best, c, given} : DeletedPath{};
}

void Run::finish(const std::vector<Root>& roots) {
    // Interrupted, the spelling data is left to the next run: the mark
    // that asks for it goes in with the documents (commit()).
    if (writer_ && spelling_at_end_ && (wrote_ || spelling_pending_) && !interrupting_signal()) {
        try {
            commit();  // the documents first: the terms are read as committed
            if (respell_all()) {
                write().set_metadata(meta::spelling_pending, "");
                ++pending_;
            } else if (in_transaction_) {
                // Stopped: the mark stays, and the next run makes it all.
                in_transaction_ = false;
                writer_->cancel_transaction();
            }
        } catch (const Xapian::Error& e) {
            throw translate(e, "cannot write the spelling data of", path_);
        }
    }
    if (writer_) {
        roots_recorded_ = true;  // the final list, below
        std::set<std::string> known;
        for (const auto& r : recorded_roots(db_))
            if (!shared_.forgotten_roots.count(r)) known.insert(r);
        for (const auto& r : roots) known.insert(r.recorded);
        for (const auto& r : shared_.nested_done) known.erase(r);
        std::string text;
        for (const auto& r : known) text += r + "\n";
        if (text != db_.get_metadata(meta::roots)) {
            write().set_metadata(meta::roots, text);
            ++pending_;
        }
        // A changed synonym file acts on queries alone: taken over as it is.
        if (write_synonyms(*writer_, schema_, analyser_)) ++pending_;
        if (pending_) commit();  // a run that changed nothing writes nothing
    }
    summary_.docs_in_index = db_.get_doccount();
}

// A folder (or a file) given on the command line that is not there: a
// name with an article's extension is said to be a file, one with another
// extension either ("scan.pdf", "archief.2019").
Error no_such_folder(const std::string& path) {
    if (format_for(fs::path(path)) != Format::unknown)
        return Error(Exit::no_input, "no such file: " + path, "give the articles' files, or the folder that holds them");
    if (fs::path(path).has_extension())
        return Error(Exit::no_input, "no such file or folder: " + path,
                     "give the folder that holds the articles, or their files");
    return Error(Exit::no_input, "no such folder: " + path, "give the folder that holds the articles");
}

// Nothing there, or an empty folder (made for the index): no index yet;
// one is made there.
bool no_index_at(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return true;
    return fs::is_directory(path, ec) && fs::is_empty(path, ec) && !ec;
}

// The folders and files the index at `db` records; none when it cannot say.
std::vector<std::string> recorded_roots_at(const std::string& db) {
    if (no_index_at(db)) return {};
    try {
        return recorded_roots(Xapian::Database(db));
    } catch (const Xapian::Error&) {
        return {};
    }
}

// A run with no folder given on an index that is not there: exit 66, no
// such index, when --db or $KNIPSEL_DB names it (mistyped, or its disk not
// mounted); a bare `knipsel-index` is bad usage.
Error no_index_to_update(const IndexOptions& options) {
    return Error(options.db_named ? Exit::no_input : Exit::usage,
                 "no folder given and no index at " + options.db_path + " to take them from",
                 "knipsel-index --db " + options.db_path + " FOLDER");
}

// The roots of this run: those given, or else those recorded in the index.
// A recorded root that is gone goes into `gone`, for index_into to judge
// once it knows what the index holds from it. `target` is the index this
// run writes (PATH.new for --full): the roots it records decide how given
// ones that nest with them are indexed; they are left in `recorded`.
// An index that cannot be opened to read the folders it records (with
// none given): a damaged one is rebuilt from the folders given with --full.
Error unreadable_roots(const Xapian::Error& e, const std::string& path) {
    const Error said = translate(e, "cannot read the folders recorded in", path);
    if (said.code() != Exit::io_error) return said;
    return Error(said.code(), said.what(),
                 "the index is damaged: give its folders, knipsel-index --db " + path + " --full FOLDER..., "
                 "to rebuild it from them");
}

std::vector<Root> resolve_roots(const IndexOptions& options, const std::string& target,
                                std::vector<std::string>& gone, std::vector<std::string>& recorded,
                                std::vector<DeletedPath>& deleted) {
    std::vector<std::string> given = options.roots;
    const bool from_index = given.empty();
    {
        if (!no_index_at(target)) {
            try {
                recorded = recorded_roots(Xapian::Database(target));
            } catch (const Xapian::Error& e) {
                // Said when the run opens it to write; with no folder given
                // there is nothing to go on.
                if (from_index) throw unreadable_roots(e, target);
            }
        }
    }
    if (from_index) {
        if (no_index_at(options.db_path)) throw no_index_to_update(options);
        if (target == options.db_path) {
            given = recorded;
        } else {
            try {
                given = recorded_roots(Xapian::Database(options.db_path));
            } catch (const Xapian::Error& e) {
                throw unreadable_roots(e, options.db_path);
            }
        }
        if (given.empty())
            throw Error(Exit::usage, "no folder given and " + options.db_path + " records none",
                        "knipsel-index --db " + options.db_path + " FOLDER");
    }
    std::vector<Root> roots;
    std::vector<std::string> missing;  // given, and not there
    for (const auto& g : given) {
        std::error_code ec;
        if (!fs::exists(g, ec)) {
            (from_index ? gone : missing).push_back(g);
            continue;
        }
        Root r;
        r.path = g;
        r.is_file = !fs::is_directory(g, ec);
        r.key = r.recorded = fs::weakly_canonical(fs::absolute(g), ec).string();
        if (r.is_file) r.key = fs::path(r.key).parent_path().string();
        r.term_prefix = file_term_prefix(r.key);
        // The same folder or file given twice is walked once.
        if (std::none_of(roots.begin(), roots.end(), [&](const Root& o) { return o.recorded == r.recorded; }))
            roots.push_back(std::move(r));
    }
    // Ids are paths relative to the outermost folder that holds a file, so
    // that a file has one id however the folders around it were given.
    auto outermost = [](const std::string& path, const std::vector<std::string>& folders) {
        const std::string* best = nullptr;
        for (const auto& f : folders)
            if (inside(path, f) && (!best || f.size() < best->size())) best = &f;
        return best;
    };
    std::vector<std::string> run_folders, recorded_folders;
    for (const Root& r : roots)
        if (!r.is_file) run_folders.push_back(r.recorded);
    for (const auto& p : recorded) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) recorded_folders.push_back(p);
    }
    // Deleted from a folder the index records (the old index's, for
    // --full): its documents go, unless a folder this run walks holds it
    // (the walk prunes them); else not there at all.
    if (!missing.empty()) {
        const std::vector<std::string> indexed = target == options.db_path ? recorded
                                                                           : recorded_roots_at(options.db_path);
        for (const std::string& m : missing) {
            DeletedPath d = deleted_from_indexed_folder(m, indexed);
            if (d.folder.empty()) throw no_such_folder(m);
            if (outermost(d.path, run_folders)) continue;
            if (d.folder != d.path)
                deleted.push_back(std::move(d));
            else if (target == options.db_path)  // --full has said it leaves out a file recorded on its own
                gone.push_back(d.path);
        }
    }
    // Inside a folder this run walks: that walk indexes it.
    std::erase_if(roots, [&](const Root& r) { return outermost(r.recorded, run_folders) != nullptr; });
    std::erase_if(gone, [&](const std::string& g) { return outermost(g, run_folders) != nullptr; });
    for (Root& r : roots) {
        if (const std::string* folder = outermost(r.recorded, recorded_folders)) {
            // Inside a recorded folder this run does not walk: indexed as a
            // part of it ("knipsel-index ~/archief/2019" after ~/archief).
            r.part = fs::path(r.recorded).lexically_relative(*folder).generic_string();
            if (!r.is_file) r.path = *folder;
            r.key = r.recorded = *folder;
            r.term_prefix = file_term_prefix(r.key);
            continue;
        }
        if (r.is_file) continue;
        // Roots recorded inside this folder (before it was indexed, or by a
        // knipsel that kept nested folders apart): their files get this
        // root's ids, and their old documents go once the walk is whole.
        for (const auto& p : recorded) {
            if (!inside(p, r.recorded)) continue;
            std::error_code ec;
            const fs::path path(p);
            const bool is_folder = fs::is_directory(path, ec);
            const bool exists = is_folder || fs::exists(path, ec);
            // A file recorded on its own right in this folder has the ids
            // it has here: only its record goes.
            if (is_folder || !exists) r.nested_prefixes.push_back(file_term_prefix(p));
            if ((!is_folder || !exists) && path.parent_path() != r.key)
                r.nested_files.push_back(file_term(path.parent_path().string(), path.filename().string()));
            r.nested.push_back(p);
            if (is_folder || !exists || path.parent_path() != r.key) r.nested_moved.push_back(p);
        }
    }
    return roots;
}

// Swaps the freshly built index at `fresh` in for `target`, atomically
// (renameat2 RENAME_EXCHANGE), then removes the old one. Returns the
// problem when the old one, swapped out to `fresh`, cannot be removed (a
// file of it another user's): the run then says so, since it doubles the
// space the index takes. The new index gets the old one's permissions,
// group and (as root) owner before it is swapped in, so that it is never
// readable by others than the old one was, nor locks out its readers (a
// cron job's umask 077, Omega as www-data); what it could not be given is
// added to `access_problems`.
std::string swap_in(const std::string& fresh, const std::string& target, std::vector<AccessProblem>& access_problems) {
    std::error_code ec;
    if (const std::optional<IndexAccess> old = index_access(target)) {
        for (AccessProblem& p : give_access(fresh, *old)) {
            // Said once it is swapped in: named where it then is.
            if (p.path.starts_with(fresh)) p.path = target + p.path.substr(fresh.size());
            access_problems.push_back(std::move(p));
        }
    }
    if (!fs::exists(target, ec)) {
        fs::rename(fresh, target, ec);
        if (ec) throw Error(Exit::cant_create, "cannot move " + fresh + " to " + target + ": " + ec.message());
        return {};
    }
    if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0)
        throw Error(Exit::io_error, "cannot swap the new index into " + target + ": " + std::strerror(errno),
                    "the new index is complete at " + fresh);
    fs::remove_all(fresh, ec);  // the old index, now under the temporary name
    return ec ? "cannot remove the old index, swapped out to here: " + ec.message() + "; remove it by hand" : "";
}

// Merges the shards of the index (or compacts a single database) into a
// new database beside it with Xapian's compactor, then swaps it in.
// Returns false when a signal stopped it: the index is as it was. The
// compactor runs in a child process, which the signal ends: Xapian's
// compactor has no way to stop part-way, and one stopped by an exception
// thrown from its status callback leaked what it had built.
bool compact(const std::string& db_path, std::string& left_over, std::vector<AccessProblem>& access_problems) {
    const std::string tmp = db_path + ".compact";
    std::error_code ec;
    check_replaceable(tmp, "--compact writes the merged index there first");  // never someone's folder of that name
    fs::remove_all(tmp, ec);  // left by an interrupted --compact; we hold the lock
    int report[2];            // the child's error, if any: "CODE\nMESSAGE\nHINT"
    if (::pipe2(report, O_CLOEXEC) != 0)
        throw Error(Exit::io_error, std::string("cannot start --compact: ") + std::strerror(errno));
    const pid_t child = ::fork();
    if (child < 0) {
        const int err = errno;
        ::close(report[0]);
        ::close(report[1]);
        throw Error(Exit::io_error, std::string("cannot start --compact: ") + std::strerror(err));
    }
    if (child == 0) {
        // The child: a signal ends it (the parent cleans up), as does the
        // parent's end (a second signal kills the parent at once), and it
        // leaves by _exit, running none of the parent's exit handlers.
        ::signal(SIGINT, SIG_DFL);
        ::signal(SIGTERM, SIG_DFL);
        ::signal(SIGHUP, SIG_DFL);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        ::close(report[0]);
        std::string failure;
        try {
            Xapian::Database all(db_path);
            all.compact(tmp, Xapian::DBCOMPACT_MULTIPASS);
        } catch (const Xapian::Error& e) {
            const Error err = translate(e, "cannot compact", db_path);
            failure = std::to_string(static_cast<int>(err.code())) + "\n" + err.what() + "\n" + err.hint();
        } catch (const std::exception& e) {
            failure = std::to_string(static_cast<int>(Exit::io_error)) + "\ncannot compact " + db_path + ": " +
                      e.what() + "\n";
        }
        for (std::size_t done = 0; done < failure.size();) {
            const ssize_t n = ::write(report[1], failure.data() + done, failure.size() - done);
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        ::_exit(failure.empty() ? 0 : 1);
    }
    ::close(report[1]);
    int status = 0;
    for (;;) {
        const pid_t done = ::waitpid(child, &status, WNOHANG);
        if (done == child) break;
        if (done < 0 && errno != EINTR) {
            const int err = errno;
            ::kill(child, SIGKILL);
            ::close(report[0]);
            fs::remove_all(tmp, ec);
            throw Error(Exit::io_error, "cannot compact " + db_path + ": lost the compacting process: " +
                                            std::strerror(err),
                        "the index is as it was");
        }
        if (interrupting_signal()) {
            ::kill(child, SIGKILL);
            while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
            }
            ::close(report[0]);
            fs::remove_all(tmp, ec);
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::string failure;
    char buf[4096];
    for (ssize_t n; (n = ::read(report[0], buf, sizeof buf)) > 0;) failure.append(buf, static_cast<std::size_t>(n));
    ::close(report[0]);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fs::remove_all(tmp, ec);
        const std::size_t first = failure.find('\n'), second = failure.find('\n', first + 1);
        if (first == std::string::npos || second == std::string::npos)
            throw Error(Exit::io_error,
                        "cannot compact " + db_path + ": the compacting process ended early" +
                            (WIFSIGNALED(status) ? std::string(" (signal ") + std::to_string(WTERMSIG(status)) + ")"
                                                 : std::string()),
                        "the index is as it was");
        throw Error(static_cast<Exit>(std::atoi(failure.substr(0, first).c_str())),
                    failure.substr(first + 1, second - first - 1), failure.substr(second + 1));
    }
    left_over = swap_in(tmp, db_path, access_problems);
    return true;
}

unsigned worker_count(const IndexOptions& options) {
    if (options.threads) return options.threads;
    return std::max(1u, std::thread::hardware_concurrency());
}

// Shards of a new index: as asked, else one per core for a folder big
// enough that parallel writers pay (one Xapian writer is the bottleneck of
// a big run), else one.
unsigned shard_count(const IndexOptions& options, std::size_t files) {
    if (options.shards) return options.shards;
    return files >= 5000 ? std::max(1u, std::thread::hardware_concurrency()) : 1u;
}

void merge(RunSummary& into, RunSummary& from) {
    into.added += from.added;
    into.replaced += from.replaced;
    into.unchanged += from.unchanged;
    into.removed += from.removed;
    into.skipped += from.skipped;
    for (const auto& [root, counts] : from.other_formats)
        for (const auto& [ext, n] : counts) into.other_formats[root][ext] += n;
    into.docs_in_index += from.docs_in_index;
    for (auto* list : {&from.errors, &from.warnings}) {
        auto& dest = list == &from.errors ? into.errors : into.warnings;
        dest.insert(dest.end(), std::make_move_iterator(list->begin()), std::make_move_iterator(list->end()));
    }
    into.changes.insert(into.changes.end(), std::make_move_iterator(from.changes.begin()),
                        std::make_move_iterator(from.changes.end()));
}

// One shard: `workers` threads read, parse and analyse; this thread plans
// and writes, in file order, with a bounded window of files in flight.
void index_pipelined(Run& run, const Root& root, const std::vector<const SourceEntry*>& all, const Schema& schema,
                     unsigned workers, Shared& shared, Progress& progress) {
    const std::vector<const SourceEntry*> files = run.to_plan(root, all);
    progress.tick(shared.done += all.size() - files.size());
    // Started with the first file that needs reading: a no-change run needs
    // neither the threads nor their analysers.
    std::optional<WorkQueue<Analyser>> pool;
    auto start_workers = [&] {
        std::vector<std::unique_ptr<Analyser>> analysers;
        for (unsigned i = 0; i < workers; ++i) analysers.push_back(std::make_unique<Analyser>(schema.analysis));
        pool.emplace(std::move(analysers));
    };
    const std::size_t window = 16 * workers;
    std::deque<std::future<Prepared>> in_flight;
    // Documents (thousands of small allocations) are freed on a worker: the
    // writer thread is the one that limits a run.
    auto free_on_worker = [&](auto&& what) {
        using T = std::decay_t<decltype(what)>;
        pool->submit([done = std::make_shared<T>(std::move(what))](Analyser&) mutable { done.reset(); });
    };
    // The articles of a big file after its first chunk: made into documents
    // on the workers, a few chunks ahead of the writer, and applied in order.
    auto apply_rest = [&](Prepared& p) {
        std::deque<std::future<std::vector<PreparedDoc>>> chunks;
        std::size_t next = docs_per_chunk;  // the first chunk came with p
        auto submit_chunk = [&] {
            const std::size_t begin = next, end = std::min(p.rest.size(), next + docs_per_chunk);
            chunks.push_back(pool->submit([&p, begin, end, &schema](Analyser& a) {
                return make_docs(p.job, p.rest, begin, end, schema, a);
            }));
            next = end;
        };
        // The chunks read `p`: none may outlive this call, whatever it throws.
        struct Drain {
            std::deque<std::future<std::vector<PreparedDoc>>>& chunks;
            ~Drain() {
                for (auto& c : chunks)
                    if (c.valid()) c.wait();
            }
        } drain{chunks};
        while (next < p.rest.size() && chunks.size() <= workers) submit_chunk();
        while (!chunks.empty()) {
            p.docs = chunks.front().get();
            chunks.pop_front();
            if (interrupting_signal()) return;  // its documents so far stay; the next run reads it again
            if (next < p.rest.size()) submit_chunk();
            run.apply_docs(p);
            free_on_worker(std::move(p.docs));
            p.docs.clear();
        }
        run.finish_file(p);
    };
    auto apply_oldest = [&] {
        Prepared p = in_flight.front().get();
        in_flight.pop_front();
        run.apply(p);
        if (!p.rest.empty()) apply_rest(p);
        free_on_worker(std::move(p));
        progress.tick(++shared.done);
    };
    for (const SourceEntry* src : files) {
        if (interrupting_signal()) break;  // the files in flight are still written
        std::optional<FileJob> job = run.plan(root, *src);
        if (!job) {
            progress.tick(++shared.done);
            continue;
        }
        if (!pool) start_workers();
        in_flight.push_back(pool->submit(
            [job = std::move(*job), &schema](Analyser& a) mutable { return prepare(std::move(job), schema, a); }));
        if (in_flight.size() >= window) apply_oldest();
    }
    while (!in_flight.empty()) apply_oldest();
}

// Several shards: each is written by a thread of its own with its share of
// the worker threads, so the Xapian writers run in parallel, and a shard's
// files are still read and analysed while its writer waits for a commit's
// fsyncs (a thread doing both left its core idle then).
void index_sharded(std::vector<std::unique_ptr<Run>>& runs, const Root& root, const SourceList& files,
                   const Schema& schema, const IndexOptions& options, Shared& shared, Progress& progress) {
    const std::size_t n = runs.size();
    std::vector<std::vector<const SourceEntry*>> parts(n);
    for (const SourceEntry& src : files) parts[shard_of(src.rel, n)].push_back(&src);
    for (auto& run : runs) run->share_batch(n);
    const unsigned workers = std::max(1u, static_cast<unsigned>(worker_count(options) / n));
    std::vector<std::exception_ptr> failures(n);
    std::size_t finished = 0;
    std::mutex finished_mutex;
    std::condition_variable finished_cv;
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < n; ++i) {
        threads.emplace_back([&, i] {
            try {
                Progress silent(shared.diag, 0, false);  // this thread draws the progress line
                index_pipelined(*runs[i], root, parts[i], schema, workers, shared, silent);
            } catch (...) {
                failures[i] = std::current_exception();
            }
            std::lock_guard<std::mutex> lock(finished_mutex);
            ++finished;
            finished_cv.notify_one();
        });
    }
    {
        std::unique_lock<std::mutex> lock(finished_mutex);
        while (!finished_cv.wait_for(lock, std::chrono::milliseconds(200), [&] { return finished == n; }))
            progress.tick(shared.done);
    }
    for (auto& t : threads) t.join();
    for (auto& f : failures)
        if (f) std::rethrow_exception(f);
}

// The copies of one article the index holds (documents of one text key,
// in any shard), marked after a run that changed documents, or one that
// finds them unknown (a run killed before this): one sweep over a value
// stream a shard, then only the documents whose marks change are
// rewritten. Of each article's documents the one of the shortest id
// ("Kop.html" before "Kop (1).html" and "kopie/Kop.html") is shown and
// lists the others' ids (its data's `copies`); the others get the term
// prefix::copy, which searches leave out. meta::twins says how many.
void mark_copies(std::vector<std::optional<Xapian::WritableDatabase>>& writers,
                 const std::vector<std::string>& paths) {
    std::size_t i = 0;
    try {
        bool unknown = false;
        for (i = 0; i < writers.size(); ++i) {
            if (!writers[i]) return;  // a dry run
            unknown = unknown || writers[i]->get_metadata(meta::twins) == meta::twins_unknown;
        }
        if (!unknown) return;
        // (key, shard, docid), 16 bytes a document.
        struct Keyed {
            std::uint64_t key;
            std::uint32_t shard;
            Xapian::docid did;
            bool operator<(const Keyed& o) const {
                return std::tie(key, shard, did) < std::tie(o.key, o.shard, o.did);
            }
        };
        std::vector<Keyed> docs;
        for (i = 0; i < writers.size(); ++i) {
            Xapian::WritableDatabase& db = *writers[i];
            for (auto v = db.valuestream_begin(slot_text_key); v != db.valuestream_end(slot_text_key); ++v) {
                const std::string hex = *v;
                std::uint64_t key = 0;
                std::from_chars(hex.data(), hex.data() + hex.size(), key, 16);
                docs.push_back({key, static_cast<std::uint32_t>(i), v.get_docid()});
            }
        }
        std::sort(docs.begin(), docs.end());
        // What each document of a shard should have: the copy term, or the
        // copies' ids; those with neither are not listed.
        struct Want {
            bool copy = false;
            std::string copies;
        };
        std::vector<std::map<Xapian::docid, Want>> want(writers.size());
        std::size_t copies = 0;
        for (std::size_t b = 0, e = 0; b < docs.size(); b = e) {
            for (e = b + 1; e < docs.size() && docs[e].key == docs[b].key;) ++e;
            if (e - b < 2) continue;
            copies += e - b - 1;
            struct Member {
                std::string id;
                std::uint32_t shard;
                Xapian::docid did;
            };
            std::vector<Member> members;
            for (std::size_t k = b; k < e; ++k) {
                i = docs[k].shard;
                std::string id;
                each_data_field(writers[i]->get_document(docs[k].did).get_data(),
                                [&](std::string_view name, std::string_view stored) {
                                    if (name == "id") restore_line_breaks(stored, id);
                                });
                members.push_back({std::move(id), docs[k].shard, docs[k].did});
            }
            std::sort(members.begin(), members.end(), [](const Member& x, const Member& y) {
                return std::make_pair(x.id.size(), std::string_view(x.id)) <
                       std::make_pair(y.id.size(), std::string_view(y.id));
            });
            std::vector<std::string> listed;
            for (std::size_t k = 1; k < members.size(); ++k) listed.push_back(std::move(members[k].id));
            want[members[0].shard][members[0].did].copies = join_copies(listed);
            for (std::size_t k = 1; k < members.size(); ++k) want[members[k].shard][members[k].did].copy = true;
        }
        const std::string copy_term(prefix::copy), lister_term(prefix::has_copies);
        for (i = 0; i < writers.size(); ++i) {
            Xapian::WritableDatabase& db = *writers[i];
            // The documents marked now, whether or not they stay so.
            std::set<Xapian::docid> marked;
            for (auto p = db.postlist_begin(copy_term); p != db.postlist_end(copy_term); ++p) marked.insert(*p);
            for (auto p = db.postlist_begin(lister_term); p != db.postlist_end(lister_term); ++p) marked.insert(*p);
            for (const auto& [did, w] : want[i]) marked.insert(did);
            bool changed = false;
            for (const Xapian::docid did : marked) {
                const auto it = want[i].find(did);
                const Want w = it == want[i].end() ? Want{} : it->second;
                Xapian::Document doc = db.get_document(did);
                const bool is_copy = document_has_term(doc, copy_term);
                const bool lists = document_has_term(doc, lister_term);
                std::map<std::string, std::string> data = decode_data(doc.get_data());
                const auto listed = data.find("copies");
                if (is_copy == w.copy && (listed == data.end() ? "" : listed->second) == w.copies) continue;
                if (w.copy && !is_copy) doc.add_boolean_term(copy_term);
                if (!w.copy && is_copy) doc.remove_term(copy_term);
                if (w.copies.empty() && lists) doc.remove_term(lister_term);
                if (!w.copies.empty() && !lists) doc.add_boolean_term(lister_term);
                if (w.copies.empty()) data.erase("copies");
                else data["copies"] = w.copies;
                doc.set_data(encode_data(data));
                db.replace_document(did, doc);
                changed = true;
            }
            // A shard whose marks and count stay is not written (re-indexing
            // one file touches one shard).
            if (db.get_metadata(meta::twins) != std::to_string(copies)) {
                db.set_metadata(meta::twins, std::to_string(copies));
                changed = true;
            }
            if (changed) db.commit();
        }
    } catch (const Xapian::Error& e) {
        throw translate(e, "cannot mark the articles it holds twice in", i < paths.size() ? paths[i] : "");
    }
}

// One warning for the files of a root that are in formats knipsel does
// not read, by extension, commonest first: a folder of PDFs is then not
// taken for searchable, and a thousand of them are not a thousand lines.
void say_other_formats(Shared& shared, RunSummary& summary, const std::string& root,
                       const std::map<std::string, std::size_t>& counts) {
    std::vector<std::pair<std::string, std::size_t>> kinds(counts.begin(), counts.end());
    std::stable_sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    constexpr std::size_t shown_kinds = 6;
    std::size_t files = 0;
    std::string list;
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        files += kinds[i].second;
        if (i == shown_kinds) list += ", …";
        if (i >= shown_kinds) continue;
        list += (i ? ", " : "") + std::to_string(kinds[i].second) + " " +
                (kinds[i].first.empty() ? std::string("without extension") : kinds[i].first);
    }
    shared.problem(summary, false, root, 0,
                   std::to_string(files) + (files == 1 ? " file" : " files") + " of other formats skipped (" + list +
                       "): knipsel-index reads .txt, .md, .html, .htm, .jsonl, .rss and .atom");
}

// Throws when this user cannot write to the index folder at `dir` or to a
// file in it: Xapian would only say it cannot take its lock, which reads as
// "locked by another knipsel-index" (exit 75, and --wait would not wait).
void check_writable(const std::string& dir) {
    auto refuse = [](const std::string& path, int err) {
        throw Error(Exit::cant_create, "cannot write to index " + path + ": " + std::strerror(err),
                    err == EROFS ? "the file system of the index is mounted read-only"
                                 : "the index folder and its files must be writable by the user that runs "
                                   "knipsel-index (check their owner and permissions)");
    };
    auto denied = [](const std::string& path) {
        return ::faccessat(AT_FDCWD, path.c_str(), W_OK, AT_EACCESS) != 0 &&
               (errno == EACCES || errno == EPERM || errno == EROFS);
    };
    if (denied(dir)) refuse(dir, errno);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        std::error_code type_ec;
        if (!entry.is_regular_file(type_ec)) continue;
        const std::string file = entry.path().string();
        if (denied(file)) refuse(file, errno);
    }
}

// One pass over all roots into the index at `target` (its shards).
RunSummary index_into(const std::string& target, const IndexOptions& options, const Schema& schema,
                      const Analyser& analyser, std::ostream& out, std::ostream& diag, std::ostream& progress_out,
                      RunSummary* committed) {
    RunSummary summary;
    Shared shared(options, out, diag);
    shared.committed = committed;
    std::vector<std::string> gone;
    std::vector<std::string> recorded;
    std::vector<DeletedPath> deleted;
    std::vector<Root> roots = resolve_roots(options, target, gone, recorded, deleted);
    for (const Root& r : roots) {
        shared.root_prefixes.emplace_back(r.term_prefix, r.recorded);
        if (std::find(recorded.begin(), recorded.end(), r.recorded) != recorded.end())
            shared.recorded_root_prefixes.push_back(r.term_prefix);
    }
    {
        std::set<std::string> so_far(recorded.begin(), recorded.end());
        for (const Root& r : roots) so_far.insert(r.recorded);
        for (const auto& r : so_far) shared.roots_so_far += r + "\n";
    }
    {
        std::error_code ec;
        for (const auto& p : recorded) {
            const bool walked = std::any_of(roots.begin(), roots.end(), [&](const Root& r) {
                return r.recorded == p || r.key == p || (!r.is_file && inside(p, r.key));
            });
            if (walked || !fs::exists(p, ec)) continue;
            const std::string key = fs::is_directory(p, ec) ? p : fs::path(p).parent_path().string();
            shared.other_roots.emplace_back(file_term_prefix(key), p);
        }
    }
    std::vector<std::string> shards;
    std::vector<Xapian::Database> readers;
    std::vector<std::optional<Xapian::WritableDatabase>> writers;
    std::vector<std::unique_ptr<Run>> runs;
    auto open_shards = [&] {
        const std::size_t n = std::max<std::size_t>(1, shards.size());
        readers.resize(n);
        writers.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            if (options.dry_run) {
                if (i < shards.size()) {
                    try {
                        readers[i] = Xapian::Database(shards[i]);
                    } catch (const Xapian::Error& e) {
                        throw translate(e, "cannot open index", shards[i]);
                    }
                    check_compatible(readers[i], target, schema, analyser);
                }
            } else {
                check_writable(shards[i]);
                writers[i].emplace(open_for_writing(shards[i], schema, analyser));
                readers[i] = *writers[i];
            }
            runs.push_back(std::make_unique<Run>(shared, schema, analyser, readers[i],
                                                 writers[i] ? &*writers[i] : nullptr,
                                                 i < shards.size() ? shards[i] : target));
        }
    };
    // An existing index is opened and its stamps preloaded on another thread
    // while this one walks the folders, and that thread then shares the
    // walk's stats and leaves out the unchanged files as the walk finds
    // them: a no-change run is little else. Its errors surface after the
    // walk, so the walk's messages come first as they always have (leaving
    // early, the future waits for the thread, which the closed feed lets go).
    WalkFeed feed(roots.size());
    auto opened = std::async(std::launch::async, [&] {
        if (!no_index_at(target)) shards = shard_paths(target);
        if (shards.empty()) return feed.check([](std::size_t, const SourceEntry&) { return true; });
        open_shards();
        for (auto& run : runs) run->preload();
        feed.check([&](std::size_t r, const SourceEntry& e) {
            return !runs[shard_of(e.rel, runs.size())]->unchanged(roots[r], e);
        });
    });
    struct CloseFeed {
        WalkFeed& feed;
        ~CloseFeed() { feed.close(); }
    } close_feed{feed};
    std::size_t total_files = 0;
    for (std::size_t r = 0; r < roots.size(); ++r) {
        collect(roots[r], r, feed, shared, summary);
        total_files += feed.walked(r);
    }
    feed.finish();
    opened.get();
    std::vector<SourceList> files = feed.take();
    // A root folder with no article in it while the index holds files from
    // it is most likely a disk that is not mounted (its mount point stays,
    // maybe with a stray file: a README, a .pdf): its documents are kept, as
    // for a recorded folder that is gone.
    for (std::size_t r = 0; r < roots.size(); ++r) {
        const auto& unread = roots[r].unreadable;
        if (roots[r].is_file || feed.articles(r) > 0 || !options.prune || interrupting_signal() ||
            std::find(unread.begin(), unread.end(), "") != unread.end())  // the root itself: said already
            continue;
        std::size_t held = 0;
        for (auto& run : runs) held += run->files_under(roots[r].term_prefix, roots[r].part);
        if (held == 0) continue;
        shared.problem(summary, true, roots[r].walked(), 0,
                       "folder holds no article (.txt, .md, .html, .htm, .jsonl, .rss, .atom); the " +
                           std::to_string(held) +
                           (held == 1 ? " file the index holds from it is" : " files the index holds from it are") +
                           " kept (a disk not mounted?); " +
                           // --full refuses such a recorded folder, as a gone one; a part of one it rebuilds
                           (roots[r].part.empty() ? "--full --forget " + shell_quoted(roots[r].recorded)
                                                   : std::string("--full")) +
                           " rebuilds without them");
        roots[r].unreadable.push_back("");
    }
    // A recorded root that is gone: an error, its documents kept (an
    // unmounted disk must not empty the index), unless the index holds
    // nothing from it any more (a folder that moved and was indexed at its
    // new place, its documents with it): then it is no longer recorded.
    // A file given on its own that is gone from a folder still there was
    // deleted: its documents go, as any deleted file's do.
    for (const std::string& g : gone) {
        std::error_code ec;
        const fs::path p(g);
        std::size_t held = 0, held_as_file = 0;
        const std::string as_file = file_term(p.parent_path().string(), p.filename().string());
        for (auto& run : runs) {
            held += run->files_under(file_term_prefix(g));  // a folder's files
            held_as_file += run->files_under(as_file);      // a file's
        }
        if (held == 0 && held_as_file > 0 && options.prune && fs::is_directory(p.parent_path(), ec)) {
            std::size_t removed = 0;
            for (auto& run : runs) removed += run->vanished(as_file);
            shared.problem(summary, false, g, 0,
                           "indexed file is gone: " + std::to_string(removed) +
                               (removed == 1 ? " document" : " documents") +
                               " removed from the index, and the file no longer indexed");
            shared.forgotten_roots.insert(g);
            continue;
        }
        if (held > 0) shared.gone_roots.emplace_back(file_term_prefix(g), g);
        // A file given on its own whose folder is gone too: said as a file.
        const bool was_file = held == 0 && held_as_file > 0;
        held += held_as_file;
        if (held == 0) {
            shared.problem(summary, false, g, 0,
                           "indexed folder is gone and the index holds nothing from it: no longer indexed");
            shared.forgotten_roots.insert(g);
        } else if (was_file) {
            shared.problem(summary, true, g, 0,
                           "indexed file is gone with its folder; its " + std::to_string(held_as_file) +
                               (held_as_file == 1 ? " document is" : " documents are") +
                               " kept (a disk not mounted? moved? index it at its new place); --full --forget " +
                               shell_quoted(g) + " rebuilds without them");
        } else {
            shared.problem(summary, true, g, 0,
                           "indexed folder is gone; the " + std::to_string(held) +
                               (held == 1 ? " file the index holds from it is" : " files the index holds from it are") +
                               " kept (a disk not mounted? moved? index it at its new place); --full --forget " +
                               shell_quoted(g) + " rebuilds without them");
        }
    }
    // A path given that was deleted from an indexed folder: its documents
    // go, as a walk of the folder would remove them; a folder that holds no
    // article (a disk not mounted) keeps them, as a walk does.
    for (const DeletedPath& d : deleted) {
        const std::string prefix = file_term_prefix(d.folder);
        const std::string rel = fs::path(d.path).lexically_relative(d.folder).generic_string();
        const std::string as_file = file_term_under(prefix, rel);
        const bool unmounted = !holds_article(d.folder);
        std::size_t n = 0;
        for (auto& run : runs) n += run->deleted(as_file, prefix, rel, unmounted || !options.prune);
        const std::string docs = std::to_string(n) + (n == 1 ? " document" : " documents");
        const std::string from = "gone from the indexed folder " + d.folder;
        if (n == 0)
            shared.problem(summary, false, d.given, 0, from + ", and the index holds nothing from it");
        else if (unmounted)
            shared.problem(summary, true, d.given, 0,
                           from + ", which holds no article (a disk not mounted?): its " + docs +
                               (n == 1 ? " is" : " are") + " kept");
        else if (!options.prune)
            shared.problem(summary, false, d.given, 0,
                           from + ": its " + docs + (n == 1 ? " is" : " are") + " kept (--no-prune)");
        else
            shared.problem(summary, false, d.given, 0,
                           from + ": " + docs + (options.dry_run ? " would be" : "") + " removed from the index");
    }
    if (shards.empty() && interrupting_signal()) {
        summary.interrupted = interrupting_signal();  // before anything was written: no index
        return summary;
    }
    if (shards.empty()) {
        // --full rebuilds an index with the shards it has, unless told otherwise.
        const std::size_t had = options.full && !options.shards ? shard_paths(options.db_path).size() : 0;
        const unsigned count = had > 0 ? static_cast<unsigned>(had) : shard_count(options, total_files);
        if (!options.dry_run) shards = create_index_layout(target, count, schema, analyser);
        open_shards();
        // A new index records its folders at once: a first run killed
        // before its first commit leaves an index that the next run with
        // no folder given (the nightly one) fills.
        for (auto& writer : writers)
            if (writer) try {
                    writer->set_metadata(meta::roots, shared.roots_so_far);
                    writer->commit();
                } catch (const Xapian::Error& e) {
                    throw translate(e, "cannot write to", target);
                }
    } else if (options.shards && options.shards != shards.size()) {
        // --shards shapes a new index; an existing one keeps its shards.
        shared.problem(summary, false, options.db_path, 0,
                       "--shards " + std::to_string(options.shards) + " not applied: the index has " +
                           std::to_string(shards.size()) + (shards.size() == 1 ? " shard" : " shards") +
                           "; --full --shards " + std::to_string(options.shards) + " rebuilds it so");
    }
    const std::size_t n = runs.size();
    for (std::size_t r = 0; r < roots.size() && !interrupting_signal(); ++r) {
        Progress progress(progress_out, feed.walked(r), !options.quiet && ::isatty(STDERR_FILENO));
        shared.done = feed.walked(r) - files[r].size();  // unchanged, left out already
        if (n == 1) {
            std::vector<const SourceEntry*> all;
            all.reserve(files[r].size());
            for (const SourceEntry& src : files[r]) all.push_back(&src);
            index_pipelined(*runs[0], roots[r], all, schema, worker_count(options), shared, progress);
        } else {
            index_sharded(runs, roots[r], files[r], schema, options, shared, progress);
        }
        if (interrupting_signal()) break;  // the files not reached are not gone
        // A root that went away during the run (a share unmounted at 03:15,
        // a folder moved) is found so again now, before anything is pruned:
        // as for a root gone when the run began, an error, and what the
        // index holds from it stays (until a run reads it again).
        Root& root = roots[r];
        if (shared.went_away(root, root.is_file ? std::string() : root.part)) {
            std::size_t held = 0;
            for (auto& run : runs)
                held += root.is_file ? 0 : run->files_under(root.term_prefix, root.part);
            shared.problem(summary, true, root.walked(), 0,
                           root.is_file ? "indexed file went away with its folder during the run; what the index "
                                          "holds from it is kept (a disk unmounted? moved?)"
                           : held == 0 ? "indexed folder went away during the run; its files not read by then are "
                                         "not indexed (a disk unmounted? moved?)"
                                       : "indexed folder went away during the run; the " + std::to_string(held) +
                                             (held == 1 ? " file the index holds from it is"
                                                        : " files the index holds from it are") +
                                             " kept (a disk unmounted? moved?)");
            root.unreadable.push_back("");  // nothing of it pruned, nor its nested roots' old documents
        } else {
            for (const auto& [gone_root, rel] : shared.went_away_folders)
                if (gone_root == &root && !rel.empty()) {
                    shared.problem(summary, true, root.folder_path(rel), 0,
                                   "folder went away during the run; what the index holds from it is kept "
                                   "(unmounted? moved?)");
                    // As a folder the walk could not read: nor are the old
                    // documents of a root recorded inside it pruned.
                    root.unreadable.push_back(rel);
                }
        }
        // The shards' prunes in parallel, as their writes were.
        std::vector<std::future<void>> pruning;
        for (std::size_t i = 1; i < n; ++i)
            pruning.push_back(std::async(std::launch::async, [&run = *runs[i], &root] { run.prune(root); }));
        runs[0]->prune(root);
        for (auto& f : pruning) f.get();
    }
    // Roots recorded inside a folder this run walked whole: their files
    // were indexed under its ids and their old documents removed.
    if (options.prune && !interrupting_signal())
        for (const Root& r : roots)
            if (r.unreadable.empty()) {
                shared.nested_done.insert(r.nested.begin(), r.nested.end());
                for (const std::string& p : r.nested_moved)
                    shared.problem(summary, false, p, 0,
                                   std::string(options.dry_run ? "would no longer be" : "no longer") +
                                       " indexed on its own: it lies inside the indexed folder " + r.recorded +
                                       ", whose walk indexes its files (with ids relative to that folder)");
            }
    // Each shard's last commit on a thread of its own: the flush and the
    // fsyncs of one shard overlap the other's.
    std::vector<std::future<void>> finishing;
    for (std::size_t i = 1; i < n; ++i)
        finishing.push_back(std::async(std::launch::async, [&run = *runs[i], &roots] { run.finish(roots); }));
    runs[0]->finish(roots);
    for (auto& f : finishing) f.get();
    if (!interrupting_signal()) mark_copies(writers, shards);
    for (auto& run : runs) merge(summary, run->summary());
    if (!readers.empty()) {
        const std::string copies = readers.front().get_metadata(meta::twins);
        std::from_chars(copies.data(), copies.data() + copies.size(), summary.copies);
    }
    for (const auto& [root, counts] : summary.other_formats) say_other_formats(shared, summary, root, counts);
    summary.interrupted = interrupting_signal();
    return summary;
}

}  // namespace

std::string describe(const FileProblem& p) {
    std::string out = shown_id(p.file);  // one line, whatever the file is called, a backslash doubled
    if (p.line) out += ":" + std::to_string(p.line);
    return out + ": " + p.message;
}

// Documents between two merges of a writer's changes into its tables (see
// tune_xapian_writers). Full indexes of the bench corpus, 2 shards, 3
// alternating rounds (medians): Xapian's default of 10,000 (so one merge
// per commit, every 1000 documents a shard) 11.6 s, 250 9.7 s, 125 9.1 s;
// committing every 250 documents instead took 10.1 s, as each commit
// writes and syncs every table, and its blocks are copied when next changed.
constexpr const char* kFlushThreshold = "125";

void tune_xapian_writers() { setenv("XAPIAN_FLUSH_THRESHOLD", kFlushThreshold, 0); }

namespace {

// The command that rebuilds the index with this run's schema.
// `why`: the hint check_compatible gave, whose reason in brackets is kept.
std::string reindex_hint(const IndexOptions& options, const std::string& why) {
    std::string hint = "re-index: knipsel-index --full --db " + shell_quoted(options.db_path);
    if (options.schema_given) hint += " --schema " + shell_quoted(options.schema_path);
    const std::size_t reason = why.rfind(" (");
    return hint + (reason == std::string::npos ? std::string() : why.substr(reason));
}

// A PATH.new that a killed --full left, or a PATH.compact of a killed
// --compact (kill -9, a crash, a power cut), can be as big as the index:
// the run that holds the lock removes it, and says so. Kept when it is not
// an index of knipsel's. `being_made`: a PATH.new.creating (see check_replaceable).
// The warning goes into `said` too, for the run's summary (--json).
void remove_stale(const std::string& fresh, const std::string& left_by, std::ostream& diag,
                  std::vector<FileProblem>& said, bool being_made = false) {
    std::error_code ec;
    if (!fs::exists(fresh, ec)) return;
    try {
        check_replaceable(fresh, "", being_made);
    } catch (const Error&) {
        return;
    }
    fs::remove_all(fresh, ec);
    // Said even with --quiet (the nightly wrapper's): it happens once, and
    // tells where the disk space went or came back from.
    FileProblem p{fresh, 0,
                  ec ? "cannot remove this index left by " + left_by + " (or swapped out by a --full or --compact "
                           "that could not remove it): " + ec.message()
                     : "removed, a half-built index left by " + left_by};
    diag << "knipsel-index: warning: " << describe(p) << '\n';
    said.push_back(std::move(p));
}


// Whether the index `db` holds a recorded root as a file given on its own.
bool held_as_file(const Xapian::Database& db, const std::string& root) {
    const fs::path p(root);
    return db.term_exists(file_term(p.parent_path().string(), p.filename().string()));
}

// How many files the index `db` holds from a recorded root (a folder's
// files, or the file itself).
std::size_t files_held(const Xapian::Database& db, const std::string& root) {
    return folder_files_held(db, root) + (held_as_file(db, root) ? 1 : 0);
}


// --full rebuilds from the folders given and those the index records, as a
// run without --full indexes them: `knipsel-index --full lokaal` keeps the
// other recorded folders. A recorded folder that is gone while the index
// holds files from it (a disk not mounted) stops the rebuild before it
// begins, the index as it was: the new index could not keep its articles,
// and the folder would no longer be indexed once back. --forget names
// those to rebuild without on purpose. Warnings go into `said`.
void add_recorded_roots(IndexOptions& options, std::ostream& diag, std::vector<FileProblem>& said) {
    if (no_index_at(options.db_path)) return;  // --forget: refused before the lock (run_index)
    std::optional<Xapian::Database> old;
    std::vector<std::string> recorded;
    try {
        old.emplace(options.db_path);
        recorded = recorded_roots(*old);
    } catch (const Xapian::Error&) {
        return;  // damaged: rebuilt from the folders given (resolve_roots says so when there are none)
    }
    const auto warn = [&](const std::string& path, const std::string& message) {
        FileProblem p{path, 0, message};
        if (!options.quiet) diag << "knipsel-index: warning: " << describe(p) << '\n';
        said.push_back(std::move(p));
    };
    const auto canonical = [](const std::string& path) {
        std::error_code ec;
        std::string c = fs::weakly_canonical(fs::absolute(path), ec).string();
        // A gone folder keeps the slash it was typed with (nas/, as a
        // shell completes it); the index records it without.
        while (c.size() > 1 && c.back() == '/') c.pop_back();
        return c;
    };
    std::set<std::string> forget, have;
    for (const std::string& f : options.forget) {
        const std::string c = canonical(f);
        if (std::find(recorded.begin(), recorded.end(), c) == recorded.end()) {
            std::string list;
            for (const auto& r : recorded) list += (list.empty() ? "" : ", ") + r;
            throw Error(Exit::usage, "--forget " + f + ": not a folder or file that the index at " +
                                         options.db_path + " records",
                        list.empty() ? "it records none" : "it records " + list);
        }
        forget.insert(c);
    }
    std::vector<std::string> folders;  // walked by the rebuild: a recorded root gone inside one was deleted
    for (const std::string& g : options.roots) {
        const std::string c = canonical(g);
        if (forget.count(c))
            throw Error(Exit::usage, "--forget " + c + ": given as a folder to index too");
        have.insert(c);
        if (std::error_code ec; fs::is_directory(c, ec)) folders.push_back(c);
    }
    for (const std::string& r : recorded) {
        std::error_code ec;
        if (have.count(r) || forget.count(r) || !fs::exists(r, ec)) continue;
        options.roots.push_back(r);
        if (fs::is_directory(r, ec)) folders.push_back(r);
    }
    std::string gone, gone_paths;
    std::size_t gone_count = 0;
    std::size_t empty_count = 0;
    for (const std::string& r : recorded) {
        std::error_code ec;
        if (forget.count(r)) {
            const std::size_t held = files_held(*old, r);
            warn(r, "no longer indexed (--forget): the rebuilt index leaves out the " + std::to_string(held) +
                        (held == 1 ? " file" : " files") + " the index held from it");
            continue;
        }
        // A root folder there but holding no article, while the index holds
        // files from it, is a disk not mounted, as for a run without --full.
        if (fs::is_directory(r, ec) && !holds_article(r)) {
            if (const std::size_t held = folder_files_held(*old, r); held > 0) {
                ++empty_count;
                gone += (gone.empty() ? "" : "; ") + r + " (holds no article; " + std::to_string(held) +
                        (held == 1 ? " file" : " files") + " in the index)";
                gone_paths += " --forget " + shell_quoted(r);
            }
            continue;
        }
        if (have.count(r) || fs::exists(r, ec) ||
            std::any_of(folders.begin(), folders.end(), [&](const std::string& f) { return inside(r, f); }))
            continue;
        // A file given on its own, gone from a folder still there, was
        // deleted, as a run without --full takes it.
        if (folder_files_held(*old, r) == 0 && held_as_file(*old, r) &&
            fs::is_directory(fs::path(r).parent_path(), ec)) {
            warn(r, "indexed file is gone: the rebuilt index leaves out its documents, and the file is no longer "
                    "indexed");
            continue;
        }
        const std::size_t held = files_held(*old, r);
        if (held == 0) {
            warn(r, "indexed folder is gone and the index holds nothing from it: no longer indexed");
        } else {
            ++gone_count;
            gone += (gone.empty() ? "" : "; ") + r + " (" + std::to_string(held) + (held == 1 ? " file" : " files") +
                    " in the index)";
            gone_paths += " --forget " + shell_quoted(r);
        }
    }
    if (gone_count || empty_count)
        throw Error(Exit::no_input,
                    std::string(gone_count + empty_count > 1 ? "indexed folders are " : "indexed folder is ") +
                        (empty_count == 0 ? "gone: " : gone_count == 0 ? "empty: " : "gone or empty: ") + gone +
                        "; --full would lose their articles and stop indexing them, so the index is left as it was "
                        "(a disk not mounted? moved? index it at its new place)",
                    "bring it back and run again; to rebuild without it for good: knipsel-index --db " +
                        shell_quoted(options.db_path) + " --full" + gone_paths);
}

}  // namespace

namespace {

// A dry run of --full: the documents of the index that the rebuild would
// not make again (a file deleted, a folder forgotten), as "remove ID".
// What it would make are the run's "add" changes.
void list_dropped(const IndexOptions& options, RunSummary& summary, std::ostream& out, std::ostream& diag) {
    if (no_index_at(options.db_path)) return;
    std::unordered_set<std::string> made;
    for (const auto& [action, id] : summary.changes)
        if (action == "add") made.insert(id);
    try {
        const Xapian::Database old(options.db_path);
        for (auto it = old.postlist_begin(""), end = old.postlist_end(""); it != end; ++it) {
            std::string id = decode_data(old.get_document(*it).get_data())["id"];
            if (made.count(id)) continue;
            ++summary.removed;
            if (!options.json) out << "remove " << shown_id(id) << '\n';
            summary.changes.emplace_back("remove", std::move(id));
        }
    } catch (const Xapian::Error& e) {
        // A damaged index, which --full replaces: what it held cannot be listed.
        FileProblem p{options.db_path, 0,
                      "cannot list the documents the rebuild would drop: " +
                          std::string(translate(e, "cannot read", "").what())};
        diag << "knipsel-index: warning: " << describe(p) << '\n';
        summary.warnings.push_back(std::move(p));
    }
}

}  // namespace

bool rebuild_after_upgrade(const IndexOptions& options, std::vector<std::string>& roots,
                           std::vector<std::string>& gone) {
    if (std::error_code ec;
        options.full || no_index_at(options.db_path) || !fs::is_directory(options.db_path, ec))
        return false;
    try {
        const Schema schema = load_schema_file(options.schema_path);
        const Analyser analyser(schema.analysis);
        bool other = false;
        for (const std::string& shard : shard_paths(options.db_path))
            other = other || made_by_another_knipsel(Xapian::Database(shard), schema, analyser);
        if (!other) return false;
        roots.clear();
        std::set<std::string> have;
        for (const std::string& given : options.roots) {
            std::error_code ec;
            roots.push_back(given);
            have.insert(fs::weakly_canonical(fs::absolute(given), ec).string());
        }
        for (const std::string& recorded : recorded_roots(Xapian::Database(options.db_path))) {
            std::error_code ec;
            if (have.count(recorded)) continue;
            // Its documents would be lost: gone, or there but holding no
            // article while the index holds files from it (a disk not mounted).
            if (rebuild_would_lose(Xapian::Database(options.db_path), recorded)) gone.push_back(recorded);
            else roots.push_back(recorded);
        }
        return gone.empty() && !roots.empty();
    } catch (const std::exception&) {
        return false;  // the run says what is wrong with the index or the schema
    } catch (const Xapian::Error&) {
        return false;
    }
}

RunSummary run_index(const IndexOptions& given_options, std::ostream& out, std::ostream& diag,
                     RunSummary* committed) {
    auto start = std::chrono::steady_clock::now();
    IndexOptions options = given_options;  // --full adds the recorded folders to those given
    Schema schema = load_schema_file(options.schema_path);
    Analyser analyser(schema.analysis);
    // From here a signal stops the run cleanly (waiting for the lock, it
    // stops the wait, with a word: nothing was done).
    catch_interrupts();
    struct Release {
        ~Release() { release_interrupts(); }
    } release;
    // A mistyped folder is said before anything is locked or made: the
    // run leaves no lock file behind.
    for (const auto& g : options.roots) {
        std::error_code ec;
        // Unless deleted from a folder the index records (resolve_roots).
        if (!fs::exists(g, ec) && deleted_from_indexed_folder(g, recorded_roots_at(options.db_path)).folder.empty())
            throw no_such_folder(g);
    }
    // No folder given and no index to take them from: nothing to update,
    // and nothing is made (no lock file beside a mistyped --db, or on the
    // mount point of the index's disk when it is not mounted).
    if (options.roots.empty() && no_index_at(options.db_path)) throw no_index_to_update(options);
    if (!options.forget.empty() && no_index_at(options.db_path))
        throw Error(Exit::usage, "--forget " + options.forget.front() + ": there is no index at " +
                                     options.db_path + " that records it");
    // So is a --db that is one shard of a sharded index, a remote stub or a
    // file; and, for --full, anything but an index of knipsel's.
    shard_paths(options.db_path);
    const std::string fresh = options.db_path + ".new";  // where --full builds
    // A dry run of a rebuild (the first after an upgrade) reads no index: a
    // PATH.new an interrupted --full left is not what the rebuild starts from.
    const std::string target = !options.full ? options.db_path : options.dry_run ? fresh + ".dry-run" : fresh;
    if (options.full) {
        // What --full swaps out and deletes must be an index of knipsel's,
        // never a mistyped --db's folder of articles or another tool's index.
        check_replaceable(options.db_path, "--full would replace the index at --db");
        check_replaceable(target, "--full builds the new index there first");
    } else if (std::error_code ec; fs::exists(options.db_path, ec) && !fs::is_directory(options.db_path, ec)) {
        throw file_as_index_folder(options.db_path);
    }
    std::optional<IndexLock> lock;
    if (!options.dry_run) lock.emplace(options.db_path, options.wait_seconds, interrupting_signal);

    std::vector<FileProblem> said_before;
    if (lock) {
        remove_stale(fresh, "an interrupted --full", diag, said_before);
        // Killed as it began, also as it wrote its stub.
        remove_stale(fresh + ".creating", "an interrupted --full", diag, said_before, /*being_made=*/true);
        remove_stale(options.db_path + ".compact", "an interrupted --compact", diag, said_before);
    }
    if (options.full) add_recorded_roots(options, diag, said_before);
    // A --full that fails (a full disk) removes what it built: a half-built
    // PATH.new would keep the disk full for every later run.
    struct DropHalfBuilt {
        const std::string* path;
        ~DropHalfBuilt() {
            std::error_code ec;
            if (!path) return;
            fs::remove_all(*path, ec);
            fs::remove_all(*path + ".creating", ec);  // a full disk as it was being made
        }
    } drop_half_built{options.full && !options.dry_run ? &fresh : nullptr};
    // A dry run reads an index that a writer may commit to meanwhile: it
    // starts again on the new revision (its output is held back till then).
    for (int attempt = 1;; ++attempt) {
        std::ostringstream held_out, held_diag;
        std::ostream& run_out = options.dry_run ? held_out : out;
        std::ostream& run_diag = options.dry_run ? held_diag : diag;
        try {
            RunSummary summary = index_into(target, options, schema, analyser, run_out, run_diag, diag,
                                            options.dry_run ? nullptr : committed);
            summary.warnings.insert(summary.warnings.begin(), said_before.begin(), said_before.end());
            std::vector<AccessProblem> access_problems;
            const auto say_access_problems = [&] {
                for (const AccessProblem& a : access_problems) {
                    FileProblem p{a.path, 0, a.reason};
                    diag << "knipsel-index: warning: " << describe(p) << '\n';
                    summary.warnings.push_back(std::move(p));
                }
                access_problems.clear();
            };
            // What Xapian wrote anew (iamglass at each commit) gets the
            // access of the index's other files back; --full and --compact
            // give the whole new index the old one's below.
            if (!options.full && !options.dry_run) {
                access_problems = align_table_access(shard_paths(options.db_path));
                say_access_problems();
            }
            if (options.dry_run && !summary.interrupted) {
                // What the index would hold after the changes planned, not what it holds now.
                summary.docs_in_index = summary.docs_in_index + summary.added - summary.removed;
                if (options.full) list_dropped(options, summary, run_out, run_diag);
            }
            if (options.dry_run) {
                out << held_out.str();
                diag << held_diag.str();
            }
            if (summary.interrupted) {
                std::error_code ec;
                if (options.full && !options.dry_run) {
                    fs::remove_all(target, ec);  // half a new index: the old one stays
                    drop_half_built.path = nullptr;
                    // ... and the summary says so: nothing went into it.
                    summary.added = summary.replaced = summary.removed = 0;
                    summary.docs_in_index = 0;
                    if (fs::exists(options.db_path, ec)) try {
                            summary.docs_in_index = Xapian::Database(options.db_path).get_doccount();
                        } catch (const Xapian::Error&) {
                            // A damaged old index (what --full was to replace) counts none.
                        }
                }
                summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                return summary;
            }
            // Complete: should the swap fail, its hint points to it.
            drop_half_built.path = nullptr;
            std::string left_over;
            if (options.full && !options.dry_run) left_over = swap_in(target, options.db_path, access_problems);
            say_access_problems();
            const auto say_left_over = [&](const std::string& where) {
                if (left_over.empty()) return;
                FileProblem p{where, 0, left_over};
                diag << "knipsel-index: warning: " << describe(p) << '\n';
                summary.warnings.push_back(std::move(p));
                left_over.clear();
            };
            say_left_over(target);
            // A signal stops the compaction between its steps, and what it
            // made goes: the index stays as it was.
            const bool compacted = !options.compact || compact(options.db_path, left_over, access_problems);
            say_access_problems();
            if (!compacted) {
                summary.interrupted = interrupting_signal();
                summary.compaction_stopped = true;
            }
            say_left_over(options.db_path + ".compact");
            release_interrupts();
            summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            return summary;
        } catch (const Xapian::DatabaseModifiedError&) {
            if (!options.dry_run || attempt == 5)
                throw Error(Exit::temp_fail, "the index kept changing while reading it", "try again");
        } catch (const Error& e) {
            if (options.full && drop_half_built.path)
                throw Error(e.code(), e.what(),
                            (e.hint().empty() ? "" : e.hint() + "; ") + "--full stopped: " + fresh +
                                " is removed and the index at " + options.db_path + " is as it was");
            if (e.code() == Exit::config && e.hint().starts_with("re-index: knipsel-index --full"))
                throw Error(e.code(), e.what(), reindex_hint(options, e.hint()));
            // A modification met inside a translated Xapian call (no lock is
            // held in a dry run, so temp_fail can only mean that); a reader
            // racing a commit can also see a block that is being rewritten
            // (io_error). A truly damaged index still fails after 5 tries.
            bool transient = e.code() == Exit::temp_fail || e.code() == Exit::io_error;
            if (!options.dry_run || !transient || attempt == 5) throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(50 * attempt));
        }
    }
}

}  // namespace knipsel
