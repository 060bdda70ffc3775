#include "interrupt.h"

#include <atomic>
#include <csignal>

namespace knipsel {
namespace {

std::atomic<int> stop_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "set from a signal handler");

void install(void (*handler)(int)) {
    struct sigaction action {};
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;  // reads in flight are not cut short by EINTR
    // SIGHUP too: a terminal closed (an ssh session lost) under a run
    // started by hand, which knipsel-reindex passes on.
    for (int signal : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal, &action, nullptr);
}

// Async-signal-safe: a lock-free atomic and sigaction. The second signal,
// of either kind, finds the default action.
extern "C" void on_interrupt(int signal) {
    stop_signal.store(signal, std::memory_order_relaxed);
    install(SIG_DFL);
}

}  // namespace

void catch_interrupts() { install(on_interrupt); }

void release_interrupts() { install(SIG_DFL); }

int interrupting_signal() { return stop_signal.load(std::memory_order_relaxed); }

const char* signal_name(int signal) {
    switch (signal) {
        case SIGINT:
            return "SIGINT";
        case SIGTERM:
            return "SIGTERM";
        case SIGHUP:
            return "SIGHUP";
        default:
            return "a signal";
    }
}

}  // namespace knipsel
