#include "index_run.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <deque>
#include <future>
#include <optional>
#include <thread>
#include <set>
#include <sstream>
#include <system_error>
#include <unordered_set>

#include <fcntl.h>
#include <unistd.h>
#include <xapian.h>

#include "analyser.h"
#include "database.h"
#include "error.h"
#include "index_layout.h"
#include "index_lock.h"
#include "parsers.h"
#include "progress.h"
#include "work_queue.h"
#include "schema.h"

namespace fs = std::filesystem;

namespace knipsel {
namespace {

struct SourceEntry {
    fs::path path;
    std::string rel;  // relative to the root, '/'-separated
};

struct Root {
    fs::path path;     // as given
    std::string key;   // canonical absolute path: what the index records
    bool is_file = false;
};

const char* mime_of(Format f) {
    switch (f) {
    case Format::txt: return "text/plain";
    case Format::md: return "text/markdown";
    case Format::html: return "text/html";
    case Format::jsonl: return "application/jsonl";
    case Format::unknown: break;
    }
    return "application/octet-stream";
}

bool hidden(const fs::path& p) {
    std::string name = p.filename().string();
    return name.size() > 1 && name[0] == '.';
}

bool read_file(const fs::path& p, std::string& out, std::string& why) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
        why = std::string("cannot read: ") + std::strerror(errno);
        return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
        why = "read error";
        return false;
    }
    out = ss.str();
    return true;
}

std::vector<std::string> recorded_roots(const Xapian::Database& db) {
    std::vector<std::string> roots;
    std::istringstream in(db.get_metadata(meta::roots));
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) roots.push_back(line);
    return roots;
}

// A file that needs reading: what the writer knows of it beforehand.
struct FileJob {
    SourceEntry src;
    Format format = Format::unknown;
    std::string name;       // as shown in messages
    SourceFile file;        // facts stored with its documents
    std::string stamp;      // "MTIME_NS:SIZE"
    std::string this_file;  // its file term
    std::vector<Xapian::docid> existing;  // its documents in the index
    std::string existing_hash;            // their content hash, when they all share it
};

struct PreparedDoc {
    std::string id, term, hash;
    Xapian::Document doc;
};

// A file read, parsed and analysed, ready for the writer.
struct Prepared {
    FileJob job;
    std::string read_error;
    bool same_content = false;
    ParseResult parsed;  // its problems (articles are in docs)
    std::vector<PreparedDoc> docs;
};

Prepared prepare(FileJob job, const Schema& schema, const Analyser& analyser);

// Brings one index up to date with the files of some roots.
class Run {
public:
    Run(const IndexOptions& options, RunSummary& summary, std::ostream& out, std::ostream& diag,
        const Schema& schema, const Analyser& analyser, Xapian::Database& reader,
        Xapian::WritableDatabase* writer)
        : options_(options), summary_(summary), out_(out), diag_(diag), schema_(schema), analyser_(analyser),
          db_(reader), writer_(writer) {}

    std::vector<SourceEntry> collect(const Root& root);
    std::optional<FileJob> plan(const Root& root, const SourceEntry& src);
    void apply(Prepared prepared);
    void prune(const Root& root);
    void finish(const std::vector<Root>& roots);

private:
    void problem(bool error, const std::string& file, std::size_t line, const std::string& message) {
        FileProblem p{file, line, message};
        if (!options_.quiet || error)
            diag_ << "knipsel-index: " << (error ? "error: " : "warning: ") << describe(p) << '\n';
        (error ? summary_.errors : summary_.warnings).push_back(std::move(p));
    }
    std::string shown(const Root& root, const std::string& rel) const {
        return root.is_file ? root.path.string() : (root.path / rel).string();
    }
    void report(const char* action, const std::string& id) {
        if (options_.dry_run) out_ << action << ' ' << id << '\n';
    }
    void changed() {
        if (writer_ && ++pending_ >= options_.batch_size) commit();
    }
    void commit() {
        if (!writer_) return;
        try {
            writer_->commit();
        } catch (const Xapian::Error& e) {
            throw translate(e, "cannot commit to", options_.db_path);
        }
        pending_ = 0;
    }
    void remove(Xapian::docid id) {
        report("remove", decode_data(db_.get_document(id).get_data())["id"]);
        if (writer_) writer_->delete_document(id);
        ++summary_.removed;
        changed();
    }
    std::vector<Xapian::docid> docs_of(const std::string& term) const {
        std::vector<Xapian::docid> ids;
        for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) ids.push_back(*it);
        return ids;
    }
    bool has_term(Xapian::docid id, const std::string& term) const {
        auto it = db_.termlist_begin(id);
        it.skip_to(term);
        return it != db_.termlist_end(id) && *it == term;
    }
    // True when every document of the file has this value in the slot and
    // the file's documents are all there (a crash may have left some out).
    bool all_have(const std::vector<Xapian::docid>& docs, Xapian::valueno slot, const std::string& value) const {
        if (docs.empty()) return false;
        for (Xapian::docid id : docs) {
            Xapian::Document doc = db_.get_document(id);
            if (doc.get_value(slot) != value || doc.get_value(slot_file_docs) != std::to_string(docs.size()))
                return false;
        }
        return true;
    }

    const IndexOptions& options_;
    RunSummary& summary_;
    std::ostream& out_;
    std::ostream& diag_;
    const Schema& schema_;
    const Analyser& analyser_;
    Xapian::Database& db_;               // reads (the writer itself when writing)
    Xapian::WritableDatabase* writer_;   // null in a dry run
    std::unordered_set<std::string> seen_ids_;    // ids parsed in this run, to catch duplicates
    std::unordered_set<std::string> seen_files_;  // file terms of this run, for pruning
    unsigned pending_ = 0;
};

// The files of a root in sorted order. Hidden files and folders (.git,
// .cache) are left out and counted as skipped.
std::vector<SourceEntry> Run::collect(const Root& root) {
    if (root.is_file) return {{root.path, root.path.filename().generic_string()}};
    std::vector<SourceEntry> files;
    std::error_code ec;
    fs::recursive_directory_iterator it(root.path, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const fs::directory_entry& e = *it;
        std::error_code type_ec;
        if (hidden(e.path())) {
            if (e.is_directory(type_ec)) it.disable_recursion_pending();
            ++summary_.skipped;
            continue;
        }
        if (e.is_regular_file(type_ec))
            files.push_back({e.path(), e.path().lexically_relative(root.path).generic_string()});
        else if (!e.is_directory(type_ec))
            ++summary_.skipped;  // sockets, fifos, dangling links
    }
    if (ec) problem(true, root.path.string(), 0, "cannot read folder: " + ec.message());
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.rel < b.rel; });
    return files;
}

// Decides on the writer's thread whether a file needs work: unchanged files
// (same size and mtime, all their documents present) need none.
std::optional<FileJob> Run::plan(const Root& root, const SourceEntry& src) {
    Format format = format_for(src.path);
    if (format == Format::unknown) {
        ++summary_.skipped;
        return std::nullopt;
    }
    FileJob job;
    job.src = src;
    job.format = format;
    job.name = shown(root, src.rel);
    std::error_code ec;
    auto size = fs::file_size(src.path, ec);
    if (ec) {
        problem(true, job.name, 0, "cannot read: " + ec.message());
        return std::nullopt;
    }
    auto mtime = fs::last_write_time(src.path, ec);
    if (ec) {
        problem(true, job.name, 0, "cannot read: " + ec.message());
        return std::nullopt;
    }
    job.file.format = mime_of(format);
    job.file.size = size;
    job.file.mtime_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count();
    job.file.abs_path = fs::absolute(src.path, ec).lexically_normal().string();
    job.stamp = std::to_string(job.file.mtime_ns) + ":" + std::to_string(job.file.size);
    job.this_file = file_term(root.key, src.rel);
    seen_files_.insert(job.this_file);

    job.existing = docs_of(job.this_file);
    if (all_have(job.existing, slot_file_stamp, job.stamp)) {
        summary_.unchanged += job.existing.size();
        return std::nullopt;
    }
    if (!job.existing.empty()) {
        std::string hash = db_.get_document(job.existing.front()).get_value(slot_content_hash);
        if (all_have(job.existing, slot_content_hash, hash)) job.existing_hash = hash;
    }
    return job;
}

// Reads, parses and analyses a file: runs on a worker thread, touches no index.
Prepared prepare(FileJob job, const Schema& schema, const Analyser& analyser) {
    Prepared out;
    std::string bytes;
    if (!read_file(job.src.path, bytes, out.read_error)) {
        out.job = std::move(job);
        return out;
    }
    job.file.content_hash = content_hash(bytes);
    if (!job.existing_hash.empty() && job.existing_hash == job.file.content_hash) {
        out.same_content = true;
        out.job = std::move(job);
        return out;
    }
    out.parsed = parse_file(job.format, bytes, job.src.rel);
    job.file.doc_count = out.parsed.articles.size();
    for (const Article& a : out.parsed.articles) {
        PreparedDoc d{a.id, id_term(schema, a.id), article_hash(a), make_document(a, job.file, schema, analyser)};
        d.doc.add_boolean_term(job.this_file);
        out.docs.push_back(std::move(d));
    }
    out.parsed.articles.clear();
    out.job = std::move(job);
    return out;
}

// Brings the index in line with a prepared file, on the writer's thread.
void Run::apply(Prepared p) {
    FileJob& job = p.job;
    if (!p.read_error.empty()) return problem(true, job.name, 0, p.read_error);
    if (p.same_content) {
        // Touched but not changed: only remember the new stamp.
        if (writer_)
            for (Xapian::docid id : job.existing) {
                Xapian::Document doc = db_.get_document(id);
                doc.add_value(slot_file_stamp, job.stamp);
                writer_->replace_document(id, doc);
                changed();
            }
        summary_.unchanged += job.existing.size();
        return;
    }
    for (const auto& w : p.parsed.warnings) problem(false, job.name, w.line, w.message);
    for (const auto& e : p.parsed.errors) problem(true, job.name, e.line, e.message);
    if (p.docs.empty() && p.parsed.errors.empty()) ++summary_.skipped;  // e.g. a binary file

    std::set<std::string> new_terms;
    for (PreparedDoc& d : p.docs) {
        if (!seen_ids_.insert(d.id).second) {
            problem(true, job.name, 0, "duplicate id '" + d.id + "' (already indexed in this run from another root)");
            continue;
        }
        new_terms.insert(d.term);
        try {
            auto old = db_.postlist_begin(d.term);
            bool exists = old != db_.postlist_end(d.term);
            if (exists && db_.get_document(*old).get_value(slot_article_hash) == d.hash &&
                has_term(*old, job.this_file)) {
                // The same article, e.g. an untouched line of a changed .jsonl:
                // only the facts about its file change.
                ++summary_.unchanged;
                if (!writer_) continue;
                Xapian::Document doc = db_.get_document(*old);
                for (Xapian::valueno slot : {slot_file_stamp, slot_content_hash, slot_file_docs})
                    doc.add_value(slot, d.doc.get_value(slot));
                writer_->replace_document(*old, doc);
                changed();
                continue;
            }
            report(exists ? "replace" : "add", d.id);
            (exists ? summary_.replaced : summary_.added) += 1;
            if (!writer_) continue;
            writer_->replace_document(d.term, d.doc);
        } catch (const Xapian::Error& e) {
            throw translate(e, "cannot write to", options_.db_path);
        }
        changed();
    }
    // Documents of this file that it no longer holds (lines removed from a
    // .jsonl). Kept when the file had errors: a bad line must not lose a document.
    if (p.parsed.errors.empty()) {
        for (Xapian::docid id : job.existing) {
            std::string term = id_term(schema_, decode_data(db_.get_document(id).get_data())["id"]);
            if (!new_terms.count(term)) remove(id);
        }
    }
}

// Removes the documents of files under this root that were not seen.
void Run::prune(const Root& root) {
    if (!options_.prune) return;
    const std::string prefix = file_term_prefix(root.key);
    std::vector<std::string> vanished;
    for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix); ++it)
        if (!seen_files_.count(*it)) vanished.push_back(*it);
    for (const auto& term : vanished)
        for (Xapian::docid id : docs_of(term)) remove(id);
}

void Run::finish(const std::vector<Root>& roots) {
    if (writer_) {
        std::set<std::string> known;
        for (const auto& r : recorded_roots(db_)) known.insert(r);
        for (const auto& r : roots) known.insert(r.key);
        std::string text;
        for (const auto& r : known) text += r + "\n";
        writer_->set_metadata(meta::roots, text);
        commit();
    }
    summary_.docs_in_index = db_.get_doccount();
}

// The roots of this run: those given, or else those recorded in the index.
// A recorded root that is gone is an error for that root only (its
// documents stay: an unmounted disk must not empty the index).
std::vector<Root> resolve_roots(const IndexOptions& options, RunSummary& summary, std::ostream& diag) {
    std::vector<std::string> given = options.roots;
    bool recorded = given.empty();
    if (recorded) {
        std::error_code ec;
        if (!fs::exists(options.db_path, ec))
            throw Error(Exit::usage, "no folder given and no index at " + options.db_path + " to take them from",
                        "knipsel-index --db " + options.db_path + " FOLDER");
        try {
            given = recorded_roots(Xapian::Database(options.db_path));
        } catch (const Xapian::Error& e) {
            throw translate(e, "cannot open index", options.db_path);
        }
        if (given.empty())
            throw Error(Exit::usage, "no folder given and " + options.db_path + " records none",
                        "knipsel-index --db " + options.db_path + " FOLDER");
    }
    std::vector<Root> roots;
    for (const auto& g : given) {
        std::error_code ec;
        if (!fs::exists(g, ec)) {
            if (!recorded)
                throw Error(Exit::no_input, "no such folder: " + g, "give the folder that holds the articles");
            FileProblem p{g, 0, "indexed folder is gone; its documents are kept"};
            diag << "knipsel-index: error: " << describe(p) << '\n';
            summary.errors.push_back(std::move(p));
            continue;
        }
        Root r;
        r.path = g;
        r.is_file = !fs::is_directory(g, ec);
        r.key = fs::weakly_canonical(fs::absolute(g), ec).string();
        if (r.is_file) r.key = fs::path(r.key).parent_path().string();
        roots.push_back(std::move(r));
    }
    return roots;
}

// Swaps the freshly built index at `fresh` in for `target`, atomically
// (renameat2 RENAME_EXCHANGE), then removes the old one.
void swap_in(const std::string& fresh, const std::string& target) {
    std::error_code ec;
    if (!fs::exists(target, ec)) {
        fs::rename(fresh, target, ec);
        if (ec) throw Error(Exit::cant_create, "cannot move " + fresh + " to " + target + ": " + ec.message());
        return;
    }
    if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0)
        throw Error(Exit::io_error, "cannot swap the new index into " + target + ": " + std::strerror(errno),
                    "the new index is complete at " + fresh);
    fs::remove_all(fresh, ec);  // the old index, now under the temporary name
}

unsigned worker_count(const IndexOptions& options) {
    if (options.threads) return options.threads;
    return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

std::string describe(const FileProblem& p) {
    std::string out = p.file;
    if (p.line) out += ":" + std::to_string(p.line);
    return out + ": " + p.message;
}

RunSummary run_index(const IndexOptions& options, std::ostream& out, std::ostream& diag) {
    auto start = std::chrono::steady_clock::now();
    Schema schema = load_schema_file(options.schema_path);
    Analyser analyser(schema.analysis);
    std::optional<IndexLock> lock;
    if (!options.dry_run) lock.emplace(options.db_path, options.wait_seconds);

    RunSummary summary;
    std::vector<Root> roots = resolve_roots(options, summary, diag);
    const std::string target = options.full ? options.db_path + ".new" : options.db_path;
    {
        std::optional<Xapian::WritableDatabase> writer;
        Xapian::Database reader;
        if (options.dry_run) {
            std::error_code ec;
            if (fs::exists(target, ec)) {
                try {
                    reader = Xapian::Database(target);
                } catch (const Xapian::Error& e) {
                    throw translate(e, "cannot open index", target);
                }
                check_compatible(reader, target, schema, analyser);
            }
        } else {
            if (options.full) {
                std::error_code ec;
                fs::remove_all(target, ec);  // left by an interrupted --full; we hold the lock
            }
            writer.emplace(open_for_writing(target, schema, analyser));
            reader = *writer;
        }
        Run run(options, summary, out, diag, schema, analyser, reader, writer ? &*writer : nullptr);
        // Workers read, parse and analyse; this thread plans and writes, in
        // file order, with a bounded window of files in flight.
        std::vector<std::unique_ptr<Analyser>> analysers;
        for (unsigned i = 0; i < worker_count(options); ++i)
            analysers.push_back(std::make_unique<Analyser>(schema.analysis));
        WorkQueue<Analyser> workers(std::move(analysers));
        const std::size_t window = 16 * worker_count(options);
        for (const Root& root : roots) {
            std::vector<SourceEntry> files = run.collect(root);
            Progress progress(diag, files.size(), !options.quiet && ::isatty(STDERR_FILENO));
            std::deque<std::future<Prepared>> in_flight;
            std::size_t done = 0;
            auto apply_oldest = [&] {
                run.apply(in_flight.front().get());
                in_flight.pop_front();
                progress.tick(++done);
            };
            for (const SourceEntry& src : files) {
                std::optional<FileJob> job = run.plan(root, src);
                if (!job) {
                    progress.tick(++done);
                    continue;
                }
                in_flight.push_back(workers.submit(
                    [job = std::move(*job), &schema](Analyser& a) mutable { return prepare(std::move(job), schema, a); }));
                if (in_flight.size() >= window) apply_oldest();
            }
            while (!in_flight.empty()) apply_oldest();
            run.prune(root);
        }
        run.finish(roots);
    }
    if (options.full) swap_in(target, options.db_path);
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return summary;
}

}  // namespace knipsel
