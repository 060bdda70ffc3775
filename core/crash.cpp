#include "crash.h"

#include <csignal>
#include <cstring>

#include <unistd.h>

#include "error.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define KNIPSEL_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define KNIPSEL_SANITIZED 1
#endif
#endif

namespace knipsel {
#ifndef KNIPSEL_SANITIZED
namespace {

// One message per signal, made before any crash: a signal handler may
// only call async-signal-safe functions (write, _exit), so no allocation.
struct Message {
    int signal;
    const char* name;
    char text[4096];
    std::size_t size;
};
Message messages[] = {{SIGSEGV, "SIGSEGV", {}, 0}, {SIGBUS, "SIGBUS", {}, 0},
                      {SIGFPE, "SIGFPE", {}, 0}, {SIGILL, "SIGILL", {}, 0},
                      {SIGABRT, "SIGABRT", {}, 0}};  // glibc's malloc on a heap overrun: "free(): invalid size"

void on_crash(int signal) {
    for (const auto& m : messages)
        if (m.signal == signal) {
            // Nothing can be done about a failed write here: the exit code still says it.
            [[maybe_unused]] const auto written = ::write(STDERR_FILENO, m.text, m.size);
        }
    ::_exit(static_cast<int>(Exit::io_error));
}

}  // namespace
#endif

void report_crashes(const char* tool, const std::string& db_path) {
#ifndef KNIPSEL_SANITIZED
    for (auto& m : messages) {
        // The path as given, its control characters left out (one line).
        std::string path;
        for (const char c : db_path) path += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
        const std::string text = std::string(tool) + ": error: crashed (" + m.name + ") with the index " + path +
                                 " open: it may be damaged (xapian-check " + path +
                                 " tells); if it is not, this is a bug in knipsel\n"
                                 "hint: re-index into a new --db; a damaged index cannot be searched or updated\n";
        m.size = std::min(text.size(), sizeof m.text);
        std::memcpy(m.text, text.data(), m.size);
        struct sigaction action {};
        action.sa_handler = on_crash;
        sigemptyset(&action.sa_mask);
        action.sa_flags = static_cast<int>(SA_RESETHAND);
        ::sigaction(m.signal, &action, nullptr);
    }
#else
    (void)tool;
    (void)db_path;
#endif
}

bool crashes_reported() {
#ifndef KNIPSEL_SANITIZED
    return true;
#else
    return false;
#endif
}

}  // namespace knipsel
