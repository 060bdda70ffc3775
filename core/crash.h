// A crash (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) as one line naming the index.
//
// Xapian trusts its own files: a damaged index (a disk error, a copy cut
// short) can make it read out of bounds and crash rather than throw
// DatabaseCorruptError (seen in 1.4.22's term lists). The tools then end
// as the README's exit table says of a damaged index: exit 74 and one
// line on stderr naming the index and how to check it, not "Segmentation
// fault". A sanitizer build keeps the sanitizer's own report.
#pragma once

#include <string>

namespace knipsel {

// From here on, a crash prints "TOOL: error: crashed (SIGNAL) with
// the index DB_PATH open: …" and a hint line, and exits 74. The message is made
// now: the handler only writes it.
void report_crashes(const char* tool, const std::string& db_path);

// Whether report_crashes does so (not in a sanitizer build).
bool crashes_reported();

}  // namespace knipsel
