// Progress of a run on a terminal: files done / total, rate and ETA on one
// stderr line, redrawn at most five times a second. Silent when stderr is
// not a terminal or with --quiet.
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>

namespace knipsel {

class Progress {
public:
    Progress(std::ostream& out, std::size_t total, bool enabled);
    ~Progress() { finish(); }
    void tick(std::size_t done);
    void finish();

private:
    std::ostream& out_;
    std::size_t total_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace knipsel
