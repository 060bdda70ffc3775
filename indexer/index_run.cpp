#include "index_run.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>
#include <unordered_set>

#include <xapian.h>

#include "analyser.h"
#include "database.h"
#include "error.h"
#include "index_layout.h"
#include "parsers.h"
#include "schema.h"

namespace fs = std::filesystem;

namespace knipsel {
namespace {

struct SourceEntry {
    fs::path root;
    fs::path path;
    std::string rel;  // relative to root, '/'-separated
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

// The files of all roots, each root's in sorted order. Hidden files and
// folders (.git, .cache) are left out and counted as skipped.
std::vector<SourceEntry> collect(const std::vector<fs::path>& roots, RunSummary& summary,
                                 std::ostream& diag, bool quiet) {
    std::vector<SourceEntry> out;
    for (const fs::path& root : roots) {
        if (!fs::is_directory(root)) {
            out.push_back({root.parent_path(), root, root.filename().generic_string()});
            continue;
        }
        std::vector<SourceEntry> files;
        std::error_code ec;
        fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
        for (; !ec && it != end; it.increment(ec)) {
            const fs::directory_entry& e = *it;
            if (hidden(e.path())) {
                if (e.is_directory(ec)) it.disable_recursion_pending();
                ++summary.skipped;
                continue;
            }
            if (e.is_regular_file(ec))
                files.push_back({root, e.path(), e.path().lexically_relative(root).generic_string()});
            else if (!e.is_directory(ec))
                ++summary.skipped;  // sockets, fifos, dangling links
        }
        if (ec) {
            summary.errors.push_back({root.string(), 0, "cannot read folder: " + ec.message()});
            if (!quiet) diag << "knipsel-index: error: " << describe(summary.errors.back()) << '\n';
        }
        std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.rel < b.rel; });
        out.insert(out.end(), std::make_move_iterator(files.begin()), std::make_move_iterator(files.end()));
    }
    return out;
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

class Writer {
public:
    Writer(const IndexOptions& options, RunSummary& summary, std::ostream& diag)
        : options_(options), summary_(summary), diag_(diag),
          schema_(load_schema_file(options.schema_path)), analyser_(schema_.analysis),
          db_(open_for_writing(options.db_path, schema_, analyser_)) {}

    void index(const SourceEntry& src);
    void finish(const std::vector<fs::path>& roots);

private:
    void problem(bool error, const SourceEntry& src, std::size_t line, const std::string& message) {
        FileProblem p{(src.root / src.rel).string(), line, message};
        if (!options_.quiet || error)
            diag_ << "knipsel-index: " << (error ? "error: " : "warning: ") << describe(p) << '\n';
        (error ? summary_.errors : summary_.warnings).push_back(std::move(p));
    }
    void changed() {
        if (++pending_ >= options_.batch_size) commit();
    }
    void commit() {
        try {
            db_.commit();
        } catch (const Xapian::Error& e) {
            throw translate(e, "cannot commit to", options_.db_path);
        }
        pending_ = 0;
    }
    std::vector<Xapian::docid> docs_of(const std::string& file_term) {
        std::vector<Xapian::docid> ids;
        for (auto it = db_.postlist_begin(file_term); it != db_.postlist_end(file_term); ++it) ids.push_back(*it);
        return ids;
    }

    const IndexOptions& options_;
    RunSummary& summary_;
    std::ostream& diag_;
    Schema schema_;
    Analyser analyser_;
    Xapian::WritableDatabase db_;
    std::unordered_set<std::string> seen_ids_;  // ids parsed in this run, to catch duplicates
    unsigned pending_ = 0;
};

void Writer::index(const SourceEntry& src) {
    Format format = format_for(src.path);
    if (format == Format::unknown) {
        ++summary_.skipped;
        return;
    }
    std::error_code ec;
    auto size = fs::file_size(src.path, ec);
    auto mtime = fs::last_write_time(src.path, ec);
    if (ec) {
        problem(true, src, 0, "cannot read: " + ec.message());
        return;
    }
    SourceFile file;
    file.format = mime_of(format);
    file.size = size;
    file.mtime_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count();
    file.abs_path = fs::absolute(src.path, ec).lexically_normal().string();
    const std::string stamp = std::to_string(file.mtime_ns) + ":" + std::to_string(file.size);
    const std::string this_file = file_term(src.rel);

    std::vector<Xapian::docid> existing = docs_of(this_file);
    auto all_existing = [&](Xapian::valueno slot, const std::string& value) {
        for (Xapian::docid id : existing)
            if (db_.get_document(id).get_value(slot) != value) return false;
        return !existing.empty();
    };
    if (all_existing(slot_file_stamp, stamp)) {
        summary_.unchanged += existing.size();
        return;
    }
    std::string bytes, why;
    if (!read_file(src.path, bytes, why)) {
        problem(true, src, 0, why);
        return;
    }
    file.content_hash = content_hash(bytes);
    if (all_existing(slot_content_hash, file.content_hash)) {
        // Touched but not changed: only remember the new stamp.
        for (Xapian::docid id : existing) {
            Xapian::Document doc = db_.get_document(id);
            doc.add_value(slot_file_stamp, stamp);
            db_.replace_document(id, doc);
            changed();
        }
        summary_.unchanged += existing.size();
        return;
    }

    ParseResult parsed = parse_file(format, bytes, src.rel);
    for (const auto& w : parsed.warnings) problem(false, src, w.line, w.message);
    for (const auto& e : parsed.errors) problem(true, src, e.line, e.message);
    if (parsed.articles.empty() && parsed.errors.empty()) ++summary_.skipped;  // e.g. a binary file

    std::set<std::string> new_terms;
    for (const Article& article : parsed.articles) {
        if (!seen_ids_.insert(article.id).second) {
            problem(true, src, 0, "duplicate id '" + article.id + "' (already indexed in this run from another root)");
            continue;
        }
        Xapian::Document doc = make_document(article, file, schema_, analyser_);
        doc.add_boolean_term(this_file);
        std::string term = id_term(schema_, article.id);
        new_terms.insert(term);
        try {
            (db_.term_exists(term) ? summary_.replaced : summary_.added) += 1;
            db_.replace_document(term, doc);
        } catch (const Xapian::Error& e) {
            throw translate(e, "cannot write to", options_.db_path);
        }
        changed();
    }
    // Documents of this file that it no longer holds (lines removed from a
    // .jsonl). Kept when the file had errors: a bad line must not lose a document.
    if (parsed.errors.empty()) {
        for (Xapian::docid id : existing) {
            Xapian::Document doc = db_.get_document(id);
            std::string term = id_term(schema_, decode_data(doc.get_data())["id"]);
            if (!new_terms.count(term)) {
                db_.delete_document(id);
                ++summary_.removed;
                changed();
            }
        }
    }
}

void Writer::finish(const std::vector<fs::path>& roots) {
    std::set<std::string> known;
    std::istringstream in(db_.get_metadata(meta::roots));
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) known.insert(line);
    for (const auto& r : roots) known.insert(fs::absolute(r).lexically_normal().string());
    std::string text;
    for (const auto& r : known) text += r + "\n";
    db_.set_metadata(meta::roots, text);
    commit();
    summary_.docs_in_index = db_.get_doccount();
}

}  // namespace

std::string describe(const FileProblem& p) {
    std::string out = p.file;
    if (p.line) out += ":" + std::to_string(p.line);
    return out + ": " + p.message;
}

RunSummary run_index(const IndexOptions& options, std::ostream& diag) {
    auto start = std::chrono::steady_clock::now();
    std::vector<fs::path> roots;
    for (const auto& r : options.roots) {
        std::error_code ec;
        if (!fs::exists(r, ec))
            throw Error(Exit::no_input, "no such folder: " + r, "give the folder that holds the articles");
        roots.emplace_back(r);
    }
    RunSummary summary;
    Writer writer(options, summary, diag);
    for (const SourceEntry& src : collect(roots, summary, diag, options.quiet)) writer.index(src);
    writer.finish(roots);
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return summary;
}

}  // namespace knipsel
