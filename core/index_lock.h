// One writer at a time: an advisory lock (flock) on PATH.lock beside the
// index, PATH resolved (symbolic links followed), so that every spelling
// of one index takes the same lock. The holder's pid and start time are written into the lock file so
// a second writer can say who holds it; the kernel drops the lock when the
// holder dies, so a killed run never leaves a stale lock behind.
#pragma once

#include <string>

namespace knipsel {

class IndexLock {
public:
    // Takes the lock for the index at db_path, waiting up to wait_seconds
    // (0: do not wait). Throws Error(Exit::temp_fail) naming the holder when
    // it stays locked, Error(Exit::cant_create) when the lock file cannot
    // be created. While it waits, `interrupted` (if given) is asked for a
    // signal that stops the run: then it throws Error(128 + the signal).
    IndexLock(const std::string& db_path, double wait_seconds, int (*interrupted)() = nullptr);
    ~IndexLock();
    IndexLock(const IndexLock&) = delete;
    IndexLock& operator=(const IndexLock&) = delete;

    // The lock file of the index at db_path: beside the index that db_path
    // resolves to (a --db that is a link, or lies in a linked folder, locks
    // the index it leads to), "PATH.lock" as given when it resolves to nothing.
    static std::string lock_path(const std::string& db_path);

private:
    int fd_ = -1;
};

}  // namespace knipsel
