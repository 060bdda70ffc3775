// The folders an index was built from, as it records them, and whether a
// rebuild from them now would lose articles: knipsel-index asks it before
// it rebuilds an index after an upgrade, and knipsel-query before it says
// that the next run rebuilds one.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace knipsel {

// The folders (and files given on their own) the index records, absolute.
std::vector<std::string> recorded_roots(const Xapian::Database& db);

// How many files the index `db` holds from a recorded root as a folder.
std::size_t folder_files_held(const Xapian::Database& db, const std::string& root);

// Whether a walk leaves an entry out: a hidden file or folder (".git").
inline bool hidden(std::string_view name) { return name.size() > 1 && name[0] == '.'; }

// Whether a folder holds a file of a format knipsel reads, as the walk
// (collect) finds them: hidden entries left out, links followed to files.
// Stops at the first: a folder of articles answers at once. A folder that
// cannot be read counts as holding some (the walk says what is wrong).
// The walk's "folder holds no article" (a disk not mounted leaves its
// mount point, empty or with a stray file) asked before a rebuild, which
// cannot keep what the index holds from it.
bool holds_article(const std::string& folder);

// Whether a rebuild from the recorded root `root` would lose the articles
// the index `db` holds from it: the root is gone, or there but holding no
// article while the index holds files from it (a disk not mounted).
bool rebuild_would_lose(const Xapian::Database& db, const std::string& root);

}  // namespace knipsel
