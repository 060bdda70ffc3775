// Who may read an index: the permission bits, group and owner of its folder
// and files. knipsel-index gives a rebuilt or compacted index the old one's
// before swapping it in, and keeps the files Xapian writes anew at a commit
// (iamglass) in line with the index's other files.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace knipsel {

struct Access {
    mode_t mode = 0;  // permission bits only (07777)
    uid_t owner = 0;
    gid_t group = 0;
};

struct IndexAccess {
    Access folder;  // the index folder's: for it and its shard folders
    Access file;    // a table's (postlist.glass): for every file
};

// A path that could not be given its access: a warning, the run goes on.
struct AccessProblem {
    std::string path;
    std::string reason;
};

// The access of the index folder `index`: the folder's own, and its files'
// as its postlist.glass (or its first shard's) has them. nullopt when
// `index` is not a folder.
std::optional<IndexAccess> index_access(const std::filesystem::path& index);

// Gives the folder `index`, its sub-folders and files `access`: the mode and
// group, and the owner too when running as root (no one else may give a file
// away). Symlinks are left as they are. A problem that recurs (one cause
// for every file) is returned once, with the count of the others.
std::vector<AccessProblem> give_access(const std::filesystem::path& index, const IndexAccess& access);

// Gives each file in each of the shard folders the access of that folder's
// postlist.glass, where it differs: Xapian writes iamglass anew at every
// commit (and makes a table it had not needed) with the process's umask and
// group, which would lock out a reader of the index's group.
std::vector<AccessProblem> align_table_access(const std::vector<std::string>& shard_folders);

}  // namespace knipsel
