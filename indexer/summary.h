// The run summary of knipsel-index, as one line of text or one JSON object.
#pragma once

#include <ostream>

#include "index_run.h"
#include "options.h"

namespace knipsel {

void print_summary(const RunSummary& summary, const IndexOptions& options, std::ostream& out);

}  // namespace knipsel
