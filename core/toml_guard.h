// A guard in front of toml::parse for toml++ 3.3.0 (Debian 12). Asked
// whether a character of U+00A1..U+0499 (é, ë, ĳ, Greek, most of Cyrillic)
// is whitespace, that version reaches __builtin_unreachable() (toml++ issues
// #190 and #295, fixed upstream by pull request #305): undefined behaviour,
// which UBSan stops at. It asks outside strings, inside the bare values it
// scans (`x = 12"é"` is one), and after a line-ending backslash in a
// """multi-line""" string. So toml++ is given ASCII only.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace knipsel {

struct TomlTextProblem {
    std::size_t line = 0;  // from 1
    std::string message;   // "'é' outside a quoted string or comment"
};

// Rewrites UTF-8 `text` as ASCII TOML that parses to the same values: in a
// basic string a character becomes its \u escape, a literal string holding
// one becomes a basic string, and in a comment it becomes '?'. The lines
// stay where they are. A character outside strings and comments, where TOML
// allows none, is returned as the problem instead (and the text is left).
std::optional<TomlTextProblem> make_toml_safe(std::string& text);

}  // namespace knipsel
