#include "summary.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "error.h"
#include "interrupt.h"

namespace knipsel {
namespace {

// Text that is not UTF-8 (a Latin-1 file name) as stderr shows it,
// "caf\xE9.txt": JSON cannot hold its bytes, and U+FFFD would make two
// such names one.
std::string as_json_text(const std::string& s) { return is_utf8(s) ? s : shown_id(s); }

nlohmann::json problems_json(const std::vector<FileProblem>& problems) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : problems) {
        nlohmann::json j = {{"file", as_json_text(p.file)}, {"reason", as_json_text(p.message)}};
        if (p.line) j["line"] = p.line;
        out.push_back(std::move(j));
    }
    return out;
}

nlohmann::json summary_json(const RunSummary& s, const IndexOptions& options) {
    return {
        {"db", options.db_path},
        {"added", s.added},
        {"replaced", s.replaced},
        {"removed", s.removed},
        {"unchanged", s.unchanged},
        {"skipped", s.skipped},
        {"errors", problems_json(s.errors)},
        {"warnings", problems_json(s.warnings)},
        {"seconds", s.seconds},
        {"docs_in_index", s.docs_in_index},
        {"copies", s.copies},  // of them, copies of another article, which searches show once
        // Rebuilt from scratch: --full, or the first run after an upgrade (rebuild_after_upgrade).
        {"full", options.full},
        {"interrupted", s.interrupted ? nlohmann::json(signal_name(s.interrupted)) : nlohmann::json()},
    };
}

void print_json(const nlohmann::json& j, std::ostream& out) {
    // Invalid UTF-8 in file names must not abort the dump.
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace

void print_failed_summary(const RunSummary& committed, const IndexOptions& options, const RunFailure& failure,
                          std::ostream& out) {
    if (!options.json) return;
    nlohmann::json j = summary_json(committed, options);
    j["docs_in_index"] = failure.docs_in_index ? nlohmann::json(*failure.docs_in_index) : nlohmann::json();
    j["errors"].push_back({{"file", as_json_text(options.db_path)}, {"reason", as_json_text(failure.reason)}});
    j["failed"] = {
        {"exit", failure.exit}, {"reason", as_json_text(failure.reason)}, {"hint", as_json_text(failure.hint)}};
    print_json(j, out);
}

void print_summary(const RunSummary& s, const IndexOptions& options, std::ostream& out) {
    if (options.json) {
        nlohmann::json j = summary_json(s, options);
        if (options.dry_run) {
            nlohmann::json changes = nlohmann::json::array();
            for (const auto& [action, id] : s.changes)
                changes.push_back({{"action", action}, {"id", as_json_text(id)}});
            j["changes"] = std::move(changes);
        }
        print_json(j, out);
        return;
    }
    if (options.quiet) return;
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.2f", s.seconds);
    const auto plural = [](auto n) { return n == 1 ? "" : "s"; };
    out << s.added << " added, " << s.replaced << " replaced, " << s.unchanged << " unchanged, "
        << s.removed << " removed, " << s.skipped << " skipped, " << s.errors.size() << " error"
        << plural(s.errors.size()) << ", " << secs << " s; " << (options.dry_run ? "would be " : "")
        << s.docs_in_index << " document"
        << plural(s.docs_in_index) << " in " << options.db_path;
    if (s.copies > 0)
        out << " (" << s.copies << (s.copies == 1 ? " is a copy" : " are copies") << " of another, shown once)";
    out << '\n';
}

}  // namespace knipsel
