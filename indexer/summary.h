// The run summary of knipsel-index, as one line of text or one JSON object.
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>

#include "index_run.h"
#include "options.h"

namespace knipsel {

void print_summary(const RunSummary& summary, const IndexOptions& options, std::ostream& out);

// A run stopped by an error once its command line was read (exit 66: a
// missing folder, 75: a locked index, 73 or 74: a full disk, a read-only
// index; 64, 78 and the others too).
struct RunFailure {
    int exit = 0;
    std::string reason, hint;
    std::optional<std::size_t> docs_in_index;  // as the index now holds them; unknown when it cannot be read
};

// With --json, the summary of such a run: what it committed before the
// error (`committed`), and the error in "failed" and in "errors", so that
// a monitor reading summary lines sees failed runs too. Nothing without --json.
void print_failed_summary(const RunSummary& committed, const IndexOptions& options, const RunFailure& failure,
                          std::ostream& out);

}  // namespace knipsel
