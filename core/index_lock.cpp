#include "index_lock.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <system_error>
#include <thread>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "error.h"

namespace knipsel {
namespace {

std::string holder_of(int fd) {
    char buf[256] = {};
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    std::string text = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text.empty() ? "another process" : text;
}

}  // namespace

std::string IndexLock::lock_path(const std::string& db_path) {
    std::error_code ec;
    const std::filesystem::path real = std::filesystem::weakly_canonical(std::filesystem::absolute(db_path, ec), ec);
    return (ec || real.empty() ? db_path : real.string()) + ".lock";
}

IndexLock::IndexLock(const std::string& db_path, double wait_seconds, int (*interrupted)()) {
    const std::string path = lock_path(db_path);
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0)
        throw Error(Exit::cant_create, "cannot create lock file " + path + ": " + std::strerror(errno),
                    "check that the folder of the index exists and is writable");
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_seconds);
    while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            std::string why = std::strerror(errno);
            ::close(fd_);
            throw Error(Exit::io_error, "cannot lock " + path + ": " + why);
        }
        if (const int signal = interrupted ? interrupted() : 0) {
            std::string holder = holder_of(fd_);
            ::close(fd_);
            const char* name = sigabbrev_np(signal);
            throw Error(static_cast<Exit>(128 + signal),
                        std::string("interrupted by ") + (name ? std::string("SIG") + name : "a signal") +
                            " while waiting for " + db_path + ", which " + holder + " is updating: nothing was done");
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            std::string holder = holder_of(fd_);
            ::close(fd_);
            throw Error(Exit::temp_fail, "index " + db_path + " is being updated by " + holder,
                        wait_seconds > 0 ? "still locked after waiting; try again later"
                                         : "try again later, or wait for it with --wait SECONDS");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    char when[64];
    std::time_t now = std::time(nullptr);
    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", std::localtime(&now));
    std::string me = "knipsel-index (pid " + std::to_string(::getpid()) + ", since " + when + ")\n";
    if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, me.data(), me.size(), 0) < 0) {
        // The lock holds without the note; only the message of a waiting writer is poorer.
    }
}

IndexLock::~IndexLock() {
    if (fd_ >= 0) {
        // Empty the note before releasing, so nobody names a finished run.
        if (::ftruncate(fd_, 0) != 0) {
        }
        ::flock(fd_, LOCK_UN);
        ::close(fd_);
    }
}

}  // namespace knipsel
