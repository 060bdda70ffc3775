#include "progress.h"

#include <cstdio>

namespace knipsel {

Progress::Progress(std::ostream& out, std::size_t total, bool enabled)
    : out_(out), total_(total), enabled_(enabled), start_(std::chrono::steady_clock::now()), last_(start_) {}

void Progress::tick(std::size_t done) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    double rate = secs > 0 ? done / secs : 0;
    double eta = rate > 0 && total_ > done ? (total_ - done) / rate : 0;
    char line[128];
    std::snprintf(line, sizeof line, "\r%zu/%zu files  %.0f files/s  ETA %d:%02d   ", done, total_, rate,
                  static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
    out_ << line << std::flush;
    drawn_ = true;
}

void Progress::finish() {
    if (drawn_) out_ << "\r\x1b[K" << std::flush;
    drawn_ = false;
}

}  // namespace knipsel
