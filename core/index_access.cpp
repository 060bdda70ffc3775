#include "index_access.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace fs = std::filesystem;

namespace knipsel {

namespace {

constexpr const char* kTable = "postlist.glass";  // every glass database has it

std::optional<Access> access_of(const fs::path& path, bool folder) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || S_ISDIR(st.st_mode) != folder) return std::nullopt;
    return Access{static_cast<mode_t>(st.st_mode & 07777), st.st_uid, st.st_gid};
}

void give(const fs::path& path, const Access& want, std::vector<AccessProblem>& problems) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        problems.push_back({path.string(), std::string("cannot look at it: ") + std::strerror(errno)});
        return;
    }
    if (S_ISLNK(st.st_mode)) return;
    const bool root = ::geteuid() == 0;
    bool chowned = false;
    if ((root && st.st_uid != want.owner) || st.st_gid != want.group) {
        // The owner is root's alone to give: anyone else keeps it, as a
        // file they write is theirs anyway.
        if (::fchownat(AT_FDCWD, path.c_str(), root ? want.owner : static_cast<uid_t>(-1), want.group,
                       AT_SYMLINK_NOFOLLOW) != 0)
            problems.push_back({path.string(), std::string("cannot give it the index's ") +
                                                   (root ? "owner and group" : "group") + ": " +
                                                   std::strerror(errno)});
        else
            chowned = true;  // which may have dropped its set-group-ID bit
    }
    if ((chowned || static_cast<mode_t>(st.st_mode & 07777) != want.mode) &&
        ::fchmodat(AT_FDCWD, path.c_str(), want.mode, 0) != 0)
        problems.push_back({path.string(), std::string("cannot give it the index's permissions: ") +
                                               std::strerror(errno)});
}

}  // namespace

std::optional<IndexAccess> index_access(const fs::path& index) {
    const std::optional<Access> folder = access_of(index, true);
    if (!folder) return std::nullopt;
    // The files' access from a table (iamglass may be the umask's, see
    // align_table_access): the index's own, or its first shard's.
    std::optional<Access> file = access_of(index / kTable, false);
    std::vector<fs::path> inside;
    std::error_code ec;
    for (fs::directory_iterator it(index, ec), end; !ec && it != end; it.increment(ec)) inside.push_back(it->path());
    std::sort(inside.begin(), inside.end());
    for (const auto& p : inside)
        if (!file) file = access_of(p / kTable, false);
    for (const auto& p : inside)
        if (!file) file = access_of(p, false);  // the stub XAPIANDB of shards another tool left empty
    // An empty folder made for the index: its files as the folder, less execute.
    if (!file) file = Access{static_cast<mode_t>(folder->mode & 0666), folder->owner, folder->group};
    return IndexAccess{*folder, *file};
}

std::vector<AccessProblem> give_access(const fs::path& index, const IndexAccess& access) {
    std::vector<AccessProblem> problems;
    give(index, access.folder, problems);
    std::error_code ec;
    for (fs::recursive_directory_iterator it(index, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::file_status st = it->symlink_status(ec);
        if (ec) break;
        if (fs::is_directory(st)) give(it->path(), access.folder, problems);
        else if (fs::is_regular_file(st)) give(it->path(), access.file, problems);
    }
    if (ec) problems.push_back({index.string(), "cannot list it: " + ec.message()});
    // One cause (a group the user is not in) fails for every file: said
    // once, with a count, not once per table of every shard.
    std::vector<AccessProblem> said;
    std::vector<std::size_t> more;
    for (auto& p : problems) {
        const auto same =
            std::find_if(said.begin(), said.end(), [&](const AccessProblem& s) { return s.reason == p.reason; });
        if (same != said.end()) {
            ++more[static_cast<std::size_t>(same - said.begin())];
            continue;
        }
        said.push_back(std::move(p));
        more.push_back(0);
    }
    for (std::size_t i = 0; i < said.size(); ++i)
        if (more[i]) said[i].reason += " (and " + std::to_string(more[i]) + " more of the index)";
    return said;
}

std::vector<AccessProblem> align_table_access(const std::vector<std::string>& shard_folders) {
    std::vector<AccessProblem> problems;
    for (const auto& shard : shard_folders) {
        const std::optional<Access> table = access_of(fs::path(shard) / kTable, false);
        if (!table) continue;  // not a glass database of knipsel's making: not ours to change
        std::error_code ec;
        for (fs::directory_iterator it(shard, ec), end; !ec && it != end; it.increment(ec))
            if (it->is_regular_file(ec) && !it->is_symlink(ec)) give(it->path(), *table, problems);
    }
    return problems;
}

}  // namespace knipsel
