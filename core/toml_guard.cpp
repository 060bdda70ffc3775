#include "toml_guard.h"

#include <cstdint>
#include <cstdio>
#include <string_view>
#include <utility>

#include <unicode/utf8.h>

namespace knipsel {
namespace {

enum class State { code, basic, literal, multi_basic, multi_literal, comment };

// The code point and length of the UTF-8 sequence at `i` (-1 and 1 when
// the bytes there are not UTF-8).
std::pair<UChar32, std::size_t> decode_at(std::string_view s, std::size_t i) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
    std::int32_t at = static_cast<std::int32_t>(i);
    UChar32 cp;
    U8_NEXT(p, at, static_cast<std::int32_t>(s.size()), cp);
    return {cp, cp < 0 ? 1 : static_cast<std::size_t>(at) - i};
}

void append_escape(UChar32 cp, std::string& out) {
    char escape[12];
    std::snprintf(escape, sizeof escape, cp > 0xFFFF ? "\\U%08X" : "\\u%04X", static_cast<unsigned>(cp));
    out += escape;
}

// Past a closing delimiter of three quotes: TOML lets a multi-line string
// end with up to two more quote characters of its own.
std::size_t past_closing(std::string_view s, std::size_t i, char quote) {
    std::size_t end = i + 3;
    for (int extra = 0; extra < 2 && end < s.size() && s[end] == quote; ++extra) ++end;
    return end;
}

bool has_non_ascii(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return true;
    return false;
}

// The end of the literal string whose content starts at `from` (the
// position of its closing delimiter), or npos when it is not closed.
std::size_t literal_end(std::string_view s, std::size_t from, bool multi_line) {
    if (multi_line) return s.find("'''", from);
    const std::size_t end = s.find_first_of("'\n", from);
    return end != std::string_view::npos && s[end] == '\'' ? end : std::string_view::npos;
}

}  // namespace

std::optional<TomlTextProblem> make_toml_safe(std::string& text) {
    if (!has_non_ascii(text)) return std::nullopt;
    const std::string_view s = text;
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    std::size_t line = 1;
    State state = State::code;
    auto problem = [&](std::size_t at, const char* where) {
        const auto [cp, len] = decode_at(s, at);
        const std::string shown = cp < 0 ? "a byte that is not UTF-8" : "'" + std::string(s.substr(at, len)) + "'";
        return TomlTextProblem{line, shown + " " + where};
    };
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        const bool ascii = static_cast<unsigned char>(c) < 0x80;
        if (c == '\n') {
            ++line;
            // A one-line string that a line break ends is toml++'s error to report.
            if (state != State::multi_basic && state != State::multi_literal) state = State::code;
            out += c;
            ++i;
            continue;
        }
        if (!ascii && (state == State::literal || state == State::multi_literal || state == State::comment)) {
            // toml++ skips a comment, and only a literal string left open
            // (its error to report) gets here with more than ASCII: any
            // ASCII character can stand for the character.
            out += '?';
            i += decode_at(s, i).second;
            continue;
        }
        switch (state) {
            case State::code:
                if (!ascii) return problem(i, "outside a quoted string or comment");
                if (c == '#') {
                    state = State::comment;
                } else if (c == '"') {
                    const bool triple = s.substr(i, 3) == "\"\"\"";
                    state = triple ? State::multi_basic : State::basic;
                    out.append(s.substr(i, triple ? 3 : 1));
                    i += triple ? 3 : 1;
                    continue;
                } else if (c == '\'') {
                    // Written as a basic string when it holds more than
                    // ASCII, so that the character can be escaped.
                    const bool triple = s.substr(i, 3) == "'''";
                    const std::size_t from = i + (triple ? 3 : 1);
                    const std::size_t end = literal_end(s, from, triple);
                    if (end == std::string_view::npos || !has_non_ascii(s.substr(from, end - from))) {
                        state = triple ? State::multi_literal : State::literal;
                        out.append(s.substr(i, from - i));
                        i = from;
                        continue;
                    }
                    const std::string_view quotes = triple ? "\"\"\"" : "\"";
                    out += quotes;
                    for (std::size_t j = from; j < end;) {
                        const char d = s[j];
                        if (static_cast<unsigned char>(d) < 0x80) {
                            if (d == '\\' || d == '"') out += '\\';
                            out += d;
                            line += d == '\n';
                            ++j;
                            continue;
                        }
                        const auto [cp, len] = decode_at(s, j);
                        if (cp < 0) return problem(j, "in a string");
                        append_escape(cp, out);
                        j += len;
                    }
                    out += quotes;
                    i = triple ? past_closing(s, end, '\'') : end + 1;
                    // The extra quotes a multi-line literal string ends with are its own.
                    if (triple)
                        for (std::size_t q = end + 3; q < i; ++q) out.insert(out.size() - 3, "'");
                    continue;
                }
                break;
            case State::basic:
            case State::multi_basic: {
                if (state == State::multi_basic && s.substr(i, 3) == "\"\"\"") {
                    const std::size_t end = past_closing(s, i, '"');
                    out.append(s.substr(i, end - i));
                    i = end;
                    state = State::code;
                    continue;
                }
                if (c == '\\' && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80)
                    return problem(i + 1, "after a backslash (no escape)");
                if (c == '\\' && i + 1 < s.size() && s[i + 1] != '\n') {
                    out.append(s.substr(i, 2));  // an escape: \" does not end the string
                    i += 2;
                    continue;
                }
                if (c == '"' && state == State::basic) state = State::code;
                if (!ascii) {
                    const auto [cp, len] = decode_at(s, i);
                    if (cp < 0) return problem(i, "in a string");
                    append_escape(cp, out);
                    i += len;
                    continue;
                }
                break;
            }
            case State::literal:
            case State::multi_literal:
                if (state == State::literal) {
                    if (c == '\'') state = State::code;
                    break;
                }
                if (s.substr(i, 3) == "'''") {
                    const std::size_t end = past_closing(s, i, '\'');
                    out.append(s.substr(i, end - i));
                    i = end;
                    state = State::code;
                    continue;
                }
                break;
            case State::comment:
                break;
        }
        out += c;
        ++i;
    }
    text = std::move(out);
    return std::nullopt;
}

}  // namespace knipsel
