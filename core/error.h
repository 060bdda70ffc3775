// The one error type of knipsel: a message for the user, an optional hint,
// and the exit code the tool ends with. Library code throws it; each tool's
// main catches it once and prints "knipsel-x: error: …" / "hint: …".
#pragma once

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

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

// A command-line parser's message on its first line, with CLI11's words for
// an option given twice ("--db: At Most 1 required but received 2") put as
// a user reads them.
inline std::string usage_message(std::string message) {
    if (const std::size_t end = message.find('\n'); end != std::string::npos) message.resize(end);
    if (const std::size_t at = message.find(": At Most 1 required but received"); at != std::string::npos)
        message = message.substr(0, at) + " was given more than once (it takes one value)";
    return message;
}

// Edits (insert, delete, change, swap two neighbours) from a to b, for "did you mean".
inline std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

// The long option a mistyped one means ("dry-rn": "dry-run"; "form":
// "format", the one it begins), or "" when none is within two edits.
inline std::string nearest_option(std::string_view typed, const std::vector<std::string>& long_names) {
    std::string best;
    std::size_t best_distance = 3;  // more edits than 2 is another word, not a typo
    std::vector<std::string> begun;
    for (const std::string& name : long_names) {
        if (typed.size() >= 2 && name.compare(0, typed.size(), typed) == 0) begun.push_back(name);
        if (const std::size_t distance = edit_distance(typed, name); distance < best_distance)
            best = name, best_distance = distance;
    }
    return begun.size() == 1 ? begun[0] : best;
}

// The length of the valid UTF-8 sequence that starts at s[i] (1 to 4),
// or 0 when none does (a stray byte, a cut, overlong or surrogate form).
inline std::size_t utf8_sequence_at(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return 1;
    const std::size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    const auto second = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xE0 && second < 0xA0) || (c == 0xED && second > 0x9F) || (c == 0xF0 && second < 0x90) ||
        (c == 0xF4 && second > 0x8F))
        return 0;  // overlong, a surrogate, past U+10FFFF
    return n;
}

inline bool is_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8_sequence_at(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

// Text for a one-line message or a terminal: control characters (a newline
// in a file name, an escape in a query) shown as \xNN, not obeyed, and so
// are bytes that are no UTF-8 (a Latin-1 file name's "caf\xE9.txt").
inline std::string printable(std::string_view s) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = utf8_sequence_at(s, i);
        if (c < 0x20 || c == 0x7F || n == 0) {  // and a byte that is no UTF-8 (a Latin-1 file name)
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
            ++i;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out;
}

// A path in a command a hint gives to paste: as it is when it holds only
// characters no POSIX shell reads otherwise, else in single quotes (a
// quote in it as '\''). A control character or a byte that is no UTF-8
// is written as printable writes it, so the hint stays one line.
inline std::string shell_quoted(std::string_view s) {
    const std::string shown = printable(s);
    const bool plain = !shown.empty() && shown.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                                 "0123456789@%+=:,./_-") == std::string::npos;
    if (plain) return shown;
    std::string out = "'";
    for (const char c : shown) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// An id (a file's path, "FILE#ID") for text output and messages, on one
// line and unambiguous: as printable writes it, and a backslash doubled, so
// that a name holding the four characters "\x0A" ("a\\x0Ab") is not shown
// as one holding a newline ("a\x0Ab"). id_from_shown reads it back.
inline std::string shown_id(std::string_view id) {
    std::string out;
    out.reserve(id.size());
    for (std::size_t i = 0; i < id.size();) {
        const std::size_t backslash = id.find('\\', i);
        out += printable(id.substr(i, backslash == std::string_view::npos ? std::string_view::npos : backslash - i));
        if (backslash == std::string_view::npos) break;
        out += "\\\\";
        i = backslash + 1;
    }
    return out;
}

// shown_id's inverse: "\\" back to a backslash, each \xNN back to its byte,
// so that an id a search listed as "a\x0Ab" (a newline in it) or
// "a\\x0Ab" (a backslash in it) can be given back as shown. A backslash
// before anything else is left as it is.
inline std::string id_from_shown(std::string_view s) {
    auto digit = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '\\') {
            out += '\\';
            ++i;
        } else if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x' && digit(s[i + 2]) >= 0 &&
                   digit(s[i + 3]) >= 0) {
            out += static_cast<char>(digit(s[i + 2]) * 16 + digit(s[i + 3]));
            i += 3;
        } else {
            out += s[i];
        }
    }
    return out;
}

}  // namespace knipsel
