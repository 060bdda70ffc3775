// Text that is not valid UTF-8: detect its charset with ICU and convert it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace knipsel {

struct Utf8Text {
    std::string text;     // valid UTF-8, without a byte order mark, line endings as \n
    std::string charset;  // what it was converted from: "UTF-8", "windows-1252", "UTF-16LE", ...
};

// Returns the text as UTF-8, or nullopt when the bytes look binary (NUL bytes
// outside a UTF-16/32 text, or mostly control characters). Valid UTF-8 is
// kept as is; a BOM decides UTF-8/16/32; otherwise ICU's charset detector
// picks, and Dutch windows-1252 / ISO-8859-1 text comes out right.
std::optional<Utf8Text> to_utf8(std::string_view bytes);
// The same, taking the bytes: text that is UTF-8 already keeps their buffer
// (a 150 MB .jsonl is then not held twice while it is parsed).
std::optional<Utf8Text> to_utf8_taking(std::string&& bytes);

// The text with every byte that starts no valid UTF-8 sequence replaced by
// U+FFFD, as a browser shows it; valid UTF-8 comes back unchanged. For text
// that a library made from valid input: gumbo turns a numeric character
// reference too large for an int ("&#x2019aaaaaaaa;") into a stray byte.
std::string repair_utf8(std::string text);

}  // namespace knipsel
