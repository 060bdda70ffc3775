// What the fuzz targets share: checks of the properties every input must
// keep (valid UTF-8, one-line messages), which abort loudly so libFuzzer
// records the input as a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace knipsel::fuzz {

// Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Prints "property violated: what" with a short dump of `value` and aborts.
[[noreturn]] void violated(const char* what, std::string_view value);

inline void require(bool ok, const char* what, std::string_view value = {}) {
    if (!ok) violated(what, value);
}

inline std::string_view as_view(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

}  // namespace knipsel::fuzz
