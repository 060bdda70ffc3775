// A guard in front of toml::parse for toml++ 3.3.0 (Debian 12). Asked
// whether a character of U+00A1..U+0499 (é, ë, ĳ, Greek, most of Cyrillic)
// is whitespace, that version reaches __builtin_unreachable() (toml++ issues
// #190 and #295, fixed upstream by pull request #305): undefined behaviour,
// which UBSan stops at. It asks where TOML allows no such character (outside
// quoted strings and comments, a quote inside a bare value included) and at
// the first character after a line-ending backslash in a """multi-line"""
// string, where it is allowed.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace knipsel {

struct TomlTextProblem {
    std::size_t line = 0;  // from 1
    std::string message;   // "'é' outside a quoted string or comment"
};

// Makes `text` safe for toml::parse: a character after a line-ending
// backslash is written as its \u escape (the same string once parsed). A
// non-ASCII character outside quoted strings and comments, which TOML does
// not allow there, is returned as the problem instead; the text is then left
// unparsed. `text` is UTF-8.
std::optional<TomlTextProblem> make_toml_safe(std::string& text);

}  // namespace knipsel
