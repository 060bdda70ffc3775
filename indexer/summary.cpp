#include "summary.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "interrupt.h"

namespace knipsel {
namespace {

nlohmann::json problems_json(const std::vector<FileProblem>& problems) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : problems) {
        nlohmann::json j = {{"file", p.file}, {"reason", p.message}};
        if (p.line) j["line"] = p.line;
        out.push_back(std::move(j));
    }
    return out;
}

}  // namespace

void print_summary(const RunSummary& s, const IndexOptions& options, std::ostream& out) {
    if (options.json) {
        nlohmann::json j = {
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
            {"interrupted", s.interrupted ? nlohmann::json(signal_name(s.interrupted)) : nlohmann::json()},
        };
        // Invalid UTF-8 in file names must not abort the dump.
        out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        return;
    }
    if (options.quiet) return;
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.2f", s.seconds);
    const auto plural = [](auto n) { return n == 1 ? "" : "s"; };
    out << s.added << " added, " << s.replaced << " replaced, " << s.unchanged << " unchanged, "
        << s.removed << " removed, " << s.skipped << " skipped, " << s.errors.size() << " error"
        << plural(s.errors.size()) << ", " << secs << " s; " << s.docs_in_index << " document"
        << plural(s.docs_in_index) << " in " << options.db_path << '\n';
}

}  // namespace knipsel
