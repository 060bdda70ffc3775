// One run of knipsel-index: walk the folders, parse every file, and bring
// the index up to date, committing in batches. Files whose size, mtime and ctime
// (or, failing that, content hash) are unchanged are not parsed again;
// documents of vanished files are removed. --full builds a new index beside
// the old one (PATH.new, removed when it fails) and swaps it in atomically;
// --dry-run only reports.
#pragma once

#include <cstddef>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "options.h"

namespace knipsel {

struct FileProblem {
    std::string file;      // as the user would type it: root joined with the relative path
    std::size_t line = 0;  // 0 when it concerns the whole file
    std::string message;
};

struct RunSummary {
    std::size_t added = 0, replaced = 0, unchanged = 0, removed = 0, skipped = 0;
    // Files skipped for a format knipsel does not read, per root folder (as
    // messages name it) and extension ("" for none): said once per root.
    std::map<std::string, std::map<std::string, std::size_t>> other_formats;
    std::vector<FileProblem> errors;    // documents or lines not indexed
    std::vector<FileProblem> warnings;  // indexed, but something was off
    std::size_t docs_in_index = 0;
    std::size_t copies = 0;  // of them, copies of another article (shown once: see mark_copies)
    double seconds = 0;
    int interrupted = 0;  // the signal (SIGINT, SIGTERM) that stopped the run early, or 0
    bool compaction_stopped = false;  // --compact was stopped by it: the index is as it was, not compacted
    // --dry-run --json: what the run would do ("add", id), in the JSON
    // summary rather than as lines before it.
    std::vector<std::pair<std::string, std::string>> changes;
};

// Runs the indexer. Problems with single files are collected in the summary
// (and printed to `diag` as they happen); fatal problems throw
// knipsel::Error. With --dry-run, "add ID" / "replace ID" / "remove ID"
// lines go to `out`. `committed`, when given, gets the counts of what was
// committed so far (added, replaced, removed, unchanged, skipped), which
// is what a run that then fails (a full disk) leaves in the index.
RunSummary run_index(const IndexOptions& options, std::ostream& out, std::ostream& diag,
                     RunSummary* committed = nullptr);

// Whether the index at options.db_path was made by another version of
// knipsel with this run's very schema (made_by_another_knipsel), so that a
// run that is not --full rebuilds it in full, as --full does, instead of
// stopping at "built with another analyser" until someone runs --full by
// hand (a nightly run after an upgrade; knipsel-query cannot search such
// an index). `roots`: the folders to rebuild from, those given and the
// others the index records; false when one of those is gone (its
// documents would be lost: `gone` names each such) or with --dry-run.
bool rebuild_after_upgrade(const IndexOptions& options, std::vector<std::string>& roots,
                           std::vector<std::string>& gone);

// Tells Xapian, through its environment, to merge a writer's in-memory
// changes into its tables every kFlushThreshold documents, which within a
// batch's transaction does not commit them (Run::write()). Call it before
// any other thread starts; a XAPIAN_FLUSH_THRESHOLD already set is kept.
void tune_xapian_writers();

// "PATH:LINE: message" (or "PATH: message").
std::string describe(const FileProblem& p);

}  // namespace knipsel
