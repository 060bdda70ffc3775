#include "folders.h"

#include <filesystem>
#include <sstream>
#include <system_error>

#include "document.h"
#include "index_layout.h"

namespace fs = std::filesystem;

namespace knipsel {

Format format_for_name(std::string_view name) {
    // The extension as std::filesystem::path::extension() sees it: from the
    // last dot, unless that dot starts the name (".txt" is a hidden file).
    const std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || name == "..") return Format::unknown;
    const std::string_view raw = name.substr(dot);
    if (raw.size() > 9) return Format::unknown;  // longer than any we know
    char lower[9];  // lower-cased on the stack: called once per file of a walk
    for (std::size_t i = 0; i < raw.size(); ++i)
        lower[i] = raw[i] >= 'A' && raw[i] <= 'Z' ? static_cast<char>(raw[i] - 'A' + 'a') : raw[i];
    const std::string_view ext(lower, raw.size());
    if (ext == ".txt") return Format::txt;
    if (ext == ".md" || ext == ".markdown") return Format::md;
    if (ext == ".html" || ext == ".htm") return Format::html;
    if (ext == ".jsonl") return Format::jsonl;
    if (ext == ".rss" || ext == ".atom") return Format::feed;
    return Format::unknown;
}

std::vector<std::string> recorded_roots(const Xapian::Database& db) {
    std::vector<std::string> roots;
    std::istringstream in(db.get_metadata(meta::roots));
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) roots.push_back(line);
    return roots;
}

std::size_t folder_files_held(const Xapian::Database& db, const std::string& root) {
    const std::string prefix = file_term_prefix(root);
    std::size_t n = 0;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) ++n;
    return n;
}

bool holds_article(const std::string& folder) {
    std::error_code ec;
    fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec);
    if (ec) return true;
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) return true;
        const std::string name = it->path().filename().string();
        if (hidden(name)) {
            if (it->is_directory(ec) && !it->is_symlink(ec)) it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file(ec) && format_for_name(name) != Format::unknown) return true;
    }
    return ec.operator bool();
}

bool rebuild_would_lose(const Xapian::Database& db, const std::string& root) {
    std::error_code ec;
    return !fs::exists(root, ec) ||
           (fs::is_directory(root, ec) && !holds_article(root) && folder_files_held(db, root) > 0);
}

}  // namespace knipsel
