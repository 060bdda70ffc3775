// Text that is not valid UTF-8: detect its charset with ICU and convert it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace knipsel {

struct Utf8Text {
    std::string text;     // valid UTF-8, without a byte order mark, line endings as \n
    std::string charset;  // what it was converted from: "UTF-8", "windows-1252", "UTF-16LE", ...
    // NUL bytes that ended the file and were left out: the zeros a crash
    // can leave at the end of a file being written, which are no content.
    std::size_t zero_padding = 0;
    // A few NUL bytes amid text that is otherwise text (a bad copy, an
    // editor's glitch), read as a blank rather than the article lost as
    // binary: a space where they stood between two words, left out beside
    // a blank or line break ("\r\0\n" is one line break).
    std::size_t stray_nuls = 0;
};

// Whether `nuls` NUL bytes amid `size` bytes of text are strays to read
// as blanks (a bad copy), not a sign of a binary file: one or two in a text of
// some length, or at most one in a thousand bytes.
constexpr bool stray_nuls(std::size_t nuls, std::size_t size) {
    return nuls * 1000 <= size || (nuls <= 2 && size >= 32 && nuls * 16 <= size);
}

// A line of a one-record-a-line file (.jsonl) that did not read as UTF-8.
struct LineIssue {
    std::size_t line;  // 1-based
    std::string message;
    bool error;  // the line is left out (NUL bytes); else converted, a warning
};

// Returns the text as UTF-8, or nullopt when the bytes look binary (NUL bytes
// outside a UTF-16/32 text, or mostly control characters). Valid UTF-8 is
// kept as is; a BOM decides UTF-8/16/32, and so do the zeros of UTF-16
// without one (every second byte of its ASCII); otherwise ICU's charset detector
// picks, and Dutch windows-1252 / ISO-8859-1 text comes out right.
// `declared`: the charset the file names for itself (an HTML page's <meta
// charset>, a feed's XML declaration), taken for text that is not UTF-8
// where ICU knows it ("iso-8859-15": its 0xA4 is "€", which no detector
// tells from windows-1252's "¤"); Latin-1 and ASCII are read as
// windows-1252, as browsers do, and a name ICU does not know is ignored.
std::optional<Utf8Text> to_utf8(std::string_view bytes, std::string_view declared = {});
// The same, taking the bytes: text that is UTF-8 already keeps their buffer
// (a 150 MB .jsonl is then not held twice while it is parsed).
std::optional<Utf8Text> to_utf8_taking(std::string&& bytes, std::string_view declared = {});
// to_utf8_taking, line by line, for a file of one record a line: one line
// in windows-1252 is converted alone (not the whole file read as
// windows-1252, garbling every UTF-8 line), and one with NUL bytes is left
// out (not the whole file taken for binary); `issues` names those lines.
// A UTF-16/32 BOM, or UTF-16 without one, still decides for the whole file.
std::optional<Utf8Text> to_utf8_by_line(std::string&& bytes, std::vector<LineIssue>& issues);

// Whether ICU knows the charset `name` ("iso-8859-15", "latin1", "UTF-16"),
// as a file declares it; false for "x-bogus".
bool known_charset(std::string_view name);

// The text with every byte that starts no valid UTF-8 sequence replaced by
// U+FFFD, as a browser shows it; valid UTF-8 comes back unchanged. For text
// that a library made from valid input: gumbo turns a numeric character
// reference too large for an int ("&#x2019aaaaaaaa;") into a stray byte.
std::string repair_utf8(std::string text);

}  // namespace knipsel
