// knipsel-index --explain: the documents the given files become and the
// terms each gets, made by the same parsers, analysis and document layout
// as an indexing run, and printed instead of written. The index side of
// knipsel-query --explain: why an article is (or is not) found by a word.
#pragma once

#include <cstddef>
#include <ostream>
#include <vector>

#include "index_run.h"
#include "options.h"

namespace knipsel {

struct ExplainSummary {
    std::size_t files = 0;      // files read and parsed
    std::size_t documents = 0;  // documents shown
    std::vector<FileProblem> errors;
    std::vector<FileProblem> warnings;
};

// Explains each of options.roots, which must be files of a format knipsel
// reads (a folder, a missing file or another format is an error, and the
// others are still explained), with the schema options.schema_path names.
// Text goes to `out` (JSON with options.json: one object), problems to
// `diag` as a run prints them. Touches no index.
ExplainSummary explain_files(const IndexOptions& options, std::ostream& out, std::ostream& diag);

}  // namespace knipsel
