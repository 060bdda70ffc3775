// Charset detection and conversion (to_utf8) on arbitrary bytes: whatever
// comes out is valid UTF-8 with \n line endings, and valid UTF-8 input
// comes out unchanged but for its BOM, line endings and the NUL bytes that
// end it (Utf8Text::zero_padding); to_utf8_by_line gives the same.
#include <algorithm>
#include <string>
#include <vector>

#include "charset.h"
#include "fuzz_support.h"

namespace {

std::string expected_from_utf8(std::string_view in) {
    if (in.substr(0, 3) == "\xEF\xBB\xBF") in.remove_prefix(3);
    while (!in.empty() && in.back() == '\0') in.remove_suffix(1);
    // Stray NULs amid the text are blanks, read before line endings are:
    // a run of them a space between two other bytes, none beside a blank or
    // line break ("\r\0\n" is one line break, as "\r\n" is), at the start
    // or before a UTF-8 continuation byte.
    const bool strays = knipsel::stray_nuls(static_cast<std::size_t>(std::count(in.begin(), in.end(), '\0')), in.size());
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    std::string kept;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '\0' || !strays) {
            kept += in[i];
        } else if (i + 1 < in.size() && in[i + 1] != '\0' && !kept.empty() && !blank(kept.back()) &&
                   !blank(in[i + 1]) && (static_cast<unsigned char>(in[i + 1]) & 0xC0) != 0x80) {
            kept += ' ';
        }
    }
    std::string out;
    for (std::size_t i = 0; i < kept.size(); ++i) {
        if (kept[i] != '\r') {
            out += kept[i];
        } else {
            out += '\n';
            if (i + 1 < kept.size() && kept[i + 1] == '\n') ++i;
        }
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using knipsel::fuzz::require;
    const std::string_view bytes = knipsel::fuzz::as_view(data, size);
    const auto text = knipsel::to_utf8(bytes);
    // Line by line (.jsonl): valid UTF-8 out, and text that is UTF-8 as a
    // whole comes out as to_utf8 gives it.
    std::vector<knipsel::LineIssue> issues;
    const auto lines = knipsel::to_utf8_by_line(std::string(bytes), issues);
    if (lines) {
        require(knipsel::fuzz::is_valid_utf8(lines->text), "to_utf8_by_line gave invalid UTF-8", lines->text);
        require(lines->text.find('\r') == std::string::npos, "to_utf8_by_line left a carriage return", lines->text);
        if (text && text->charset == "UTF-8" && issues.empty())
            require(lines->text == text->text, "to_utf8_by_line read UTF-8 otherwise", lines->text);
    }
    if (!text) return 0;
    require(knipsel::fuzz::is_valid_utf8(text->text), "to_utf8 gave invalid UTF-8", text->text);
    require(text->text.find('\r') == std::string::npos, "to_utf8 left a carriage return", text->text);
    require(!text->charset.empty(), "to_utf8 names no charset");
    if (text->charset == "UTF-8")
        require(text->text == expected_from_utf8(bytes), "UTF-8 input was changed", text->text);
    return 0;
}
