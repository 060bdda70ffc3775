#include "toml_guard.h"

#include <cstdint>
#include <cstdio>

#include <unicode/utf8.h>

namespace knipsel {
namespace {

enum class State { code, basic, literal, multi_basic, multi_literal, comment };

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// The UTF-8 sequence that starts at `i` (one byte when it is not valid).
std::string_view character_at(std::string_view s, std::size_t i) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
    std::int32_t at = static_cast<std::int32_t>(i);
    UChar32 cp;
    U8_NEXT(p, at, static_cast<std::int32_t>(s.size()), cp);
    return s.substr(i, cp < 0 ? 1 : static_cast<std::size_t>(at) - i);
}

// Past a closing delimiter of three quotes: TOML lets a multi-line string
// end with up to two more quote characters of its own.
std::size_t past_closing(std::string_view s, std::size_t i, char quote) {
    std::size_t end = i + 3;
    for (int extra = 0; extra < 2 && end < s.size() && s[end] == quote; ++extra) ++end;
    return end;
}

}  // namespace

std::optional<TomlTextProblem> make_toml_safe(std::string& text) {
    const std::string_view s = text;
    std::string out;  // written only from the first escaped character on
    std::size_t copied = 0;
    std::size_t line = 1;
    State state = State::code;
    // Whether a quote here starts a string: at a key or a value. Elsewhere
    // (`x = 12"é"`) toml++ reads it as part of a bare value, and checks
    // each character of that for whitespace.
    bool token_start = true;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == '\n') {
            ++line;
            // A one-line string that a line break ends is toml++'s error to report.
            if (state != State::multi_basic && state != State::multi_literal) {
                state = State::code;
                token_start = true;
            }
            ++i;
            continue;
        }
        switch (state) {
            case State::code:
                if (c == '#') {
                    state = State::comment;
                } else if ((c == '"' || c == '\'') && token_start) {
                    const bool triple = s.substr(i, 3) == std::string(3, c);
                    state = c == '"' ? (triple ? State::multi_basic : State::basic)
                                     : (triple ? State::multi_literal : State::literal);
                    i += triple ? 3 : 1;
                    continue;
                } else if (static_cast<unsigned char>(c) >= 0x80) {
                    return TomlTextProblem{line, "'" + std::string(character_at(s, i)) +
                                                     "' outside a quoted string or comment"};
                } else if (!is_blank(c)) {
                    token_start = c == '=' || c == '[' || c == '{' || c == ',' || c == '.';
                }
                break;
            case State::basic:
                if (c == '\\' && i + 1 < s.size() && s[i + 1] != '\n') {
                    i += 2;  // an escape: \" does not end the string
                    continue;
                }
                if (c == '"') {
                    state = State::code;
                    token_start = false;
                }
                break;
            case State::literal:
                if (c == '\'') {
                    state = State::code;
                    token_start = false;
                }
                break;
            case State::multi_basic: {
                if (s.substr(i, 3) == "\"\"\"") {
                    i = past_closing(s, i, '"');
                    state = State::code;
                    token_start = false;
                    continue;
                }
                if (c != '\\') break;
                std::size_t j = i + 1;
                while (j < s.size() && is_blank(s[j])) ++j;
                if (j >= s.size() || s[j] != '\n') {
                    i += 2;  // an ordinary escape
                    continue;
                }
                // A line-ending backslash: toml++ skips the blanks and line
                // breaks after it, asking of each character whether it is one.
                while (j < s.size() && (is_blank(s[j]) || s[j] == '\n')) line += s[j++] == '\n';
                if (j < s.size() && static_cast<unsigned char>(s[j]) >= 0x80) {
                    const std::string_view ch = character_at(s, j);
                    const auto* p = reinterpret_cast<const std::uint8_t*>(ch.data());
                    std::int32_t at = 0;
                    UChar32 cp;
                    U8_NEXT(p, at, static_cast<std::int32_t>(ch.size()), cp);
                    if (cp < 0) return TomlTextProblem{line, "a byte that is not UTF-8"};
                    char escape[12];
                    std::snprintf(escape, sizeof escape, cp > 0xFFFF ? "\\U%08X" : "\\u%04X",
                                  static_cast<unsigned>(cp));
                    out.append(s.substr(copied, j - copied)).append(escape);
                    copied = j + ch.size();
                    j = copied;
                }
                i = j;
                continue;
            }
            case State::multi_literal:
                if (s.substr(i, 3) == "'''") {
                    i = past_closing(s, i, '\'');
                    state = State::code;
                    token_start = false;
                    continue;
                }
                break;
            case State::comment:
                break;
        }
        ++i;
    }
    if (copied > 0) text = out.append(s.substr(copied));
    return std::nullopt;
}

}  // namespace knipsel
