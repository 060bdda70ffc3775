// A crash with an index open is one line naming it, and exit 74 (crash.h).
#include <algorithm>
#include <csignal>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "crash.h"

namespace {

struct Ended {
    int status;
    std::string stderr_text;
};

// Runs report_crashes and then a crash by SIGNAL in a child process.
Ended crash_child(int signal, const std::string& db_path) {
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::dup2(pipe_fds[1], STDERR_FILENO);
        ::close(pipe_fds[0]);
        knipsel::report_crashes("knipsel-query", db_path);
        ::raise(signal);
        ::_exit(0);  // not reached: the handler exits
    }
    ::close(pipe_fds[1]);
    std::string text;
    char buffer[512];
    for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
    ::close(pipe_fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return {status, text};
}

}  // namespace

TEST_CASE("a crash with an index open says so in one line naming the index, and exits 74", "[crash]") {
    if (!knipsel::crashes_reported()) {
        WARN("not checked under a sanitizer: it keeps its own report of a crash");
        return;
    }
    for (const int signal : {SIGSEGV, SIGBUS, SIGABRT}) {
        const Ended ended = crash_child(signal, "/srv/archief/knipsel.db");
        REQUIRE(WIFEXITED(ended.status));
        CHECK(WEXITSTATUS(ended.status) == 74);
        const std::string name = signal == SIGSEGV ? "SIGSEGV" : signal == SIGBUS ? "SIGBUS" : "SIGABRT";
        CHECK(ended.stderr_text ==
              "knipsel-query: error: crashed (" + name + ") with the index /srv/archief/knipsel.db open: it may be "
              "damaged (xapian-check /srv/archief/knipsel.db tells); if it is not, this is a bug in knipsel\n"
              "hint: re-index into a new --db; a damaged index cannot be searched or updated\n");
    }
    // A control character in the path does not break the line.
    const Ended ended = crash_child(SIGSEGV, "a\nb.db");
    CHECK(ended.stderr_text.find("with the index a?b.db open") != std::string::npos);
    CHECK(std::count(ended.stderr_text.begin(), ended.stderr_text.end(), '\n') == 2);
}
