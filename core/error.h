// The one error type of knipsel: a message for the user, an optional hint,
// and the exit code the tool ends with. Library code throws it; each tool's
// main catches it once and prints "knipsel-x: error: …" / "hint: …".
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace knipsel {

// Exit codes, sysexits-like; the README carries the same table.
enum class Exit : int {
    ok = 0,
    partial = 1,       // knipsel-index: some files failed; knipsel-query: no hits
    usage = 64,        // bad command line
    data_error = 65,   // bad query or bad input data / schema
    no_input = 66,     // no such index or folder
    unavailable = 69,  // a remote shard cannot be reached
    cant_create = 73,  // cannot create the index
    io_error = 74,     // I/O error while reading or writing
    temp_fail = 75,    // index locked by another writer: try again
    config = 78,       // index built with another schema or analyser: re-index
};

class Error : public std::runtime_error {
public:
    Error(Exit code, const std::string& message, std::string hint = {})
        : std::runtime_error(message), code_(code), hint_(std::move(hint)) {}

    Exit code() const noexcept { return code_; }
    const std::string& hint() const noexcept { return hint_; }

private:
    Exit code_;
    std::string hint_;
};

// Text for a one-line message or a terminal: control characters (a newline
// in a file name, an escape in a query) shown as \xNN, not obeyed.
inline std::string printable(std::string_view s) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        if (c < 0x20 || c == 0x7F) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace knipsel
