#include "fuzz_support.h"

#include <cstdio>
#include <cstdlib>

#include <unicode/ustring.h>

namespace knipsel::fuzz {

bool is_valid_utf8(std::string_view s) {
    // ICU as an independent oracle (the indexer has its own validator).
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = 0;
    u_strFromUTF8(nullptr, 0, &length, s.data(), static_cast<int32_t>(s.size()), &status);
    return status != U_INVALID_CHAR_FOUND && status != U_ILLEGAL_ARGUMENT_ERROR;
}

void violated(const char* what, std::string_view value) {
    std::fprintf(stderr, "property violated: %s\n  value (%zu bytes): ", what, value.size());
    for (std::size_t i = 0; i < value.size() && i < 200; ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        if (c >= 0x20 && c < 0x7F) std::fputc(c, stderr);
        else std::fprintf(stderr, "\\x%02X", c);
    }
    std::fputc('\n', stderr);
    std::abort();
}

}  // namespace knipsel::fuzz
