// Opening knipsel indexes: the default path, the self-description check
// (schema and analyser recorded in the index), and the one place where
// Xapian's exceptions become knipsel::Error with an exit code.
#pragma once

#include <memory>
#include <string>

#include <xapian.h>

#include "analyser.h"
#include "error.h"
#include "schema.h"

namespace knipsel {

// $KNIPSEL_DB, else "./knipsel.db".
std::string default_db_path();

// Translates a Xapian exception met while doing `what` on the index at `path`.
Error translate(const Xapian::Error& e, const std::string& what, const std::string& path);

// An index opened for searching, with the schema and analyser it was built with.
struct ReadIndex {
    Xapian::Database db;
    Schema schema;
    std::unique_ptr<Analyser> analyser;
};

// Opens an index for reading. Missing -> exit 66 with a hint how to build
// one; not a knipsel index, or built by another analyser version -> 78.
ReadIndex open_for_reading(const std::string& path);

// Throws Error(Exit::config) unless the index was built with this schema
// and analyser (a new, empty index is fine).
void check_compatible(const Xapian::Database& db, const std::string& path, const Schema& schema,
                      const Analyser& analyser);

// Opens (creating if needed) an index for writing with this schema. An
// index built with another schema or analyser -> exit 78; locked by another
// writer -> exit 75; cannot create -> 73.
Xapian::WritableDatabase open_for_writing(const std::string& path, const Schema& schema,
                                          const Analyser& analyser);

}  // namespace knipsel
