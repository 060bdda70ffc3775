// knipsel-latin-fold-build: writes the folded forms of U+0080..U+024F as a
// C++ include file (latin_fold.inc), so that the analyser folds Latin text
// without ICU's normalisation data (see fold.h). Run by the build.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "fold.h"

namespace {

// `s` as a C++ string literal: printable ASCII as is, other bytes as \ooo
// (octal escapes end after three digits, so no digit that follows is read
// into them).
std::string literal(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '?') {
            out += static_cast<char>(c);
        } else {
            char esc[8];
            std::snprintf(esc, sizeof esc, "\\%03o", c);
            out += esc;
        }
    }
    return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: knipsel-latin-fold-build OUTPUT.inc\n";
        return 64;
    }
    std::ofstream out(argv[1], std::ios::binary);
    out << "// Made by knipsel-latin-fold-build from ICU; do not edit.\n"
           "// latin_folds[cp - 0x80] = {full fold, case fold} of U+0080..U+"
        << std::hex << std::uppercase << knipsel::latin_fold_end - 1 << std::dec << ".\n";
    out << "inline constexpr std::string_view latin_folds[][2] = {\n";
    for (std::int32_t cp = 0x80; cp < knipsel::latin_fold_end; ++cp)
        out << "    {" << literal(knipsel::fold_with_icu(cp, false)) << ", " << literal(knipsel::fold_with_icu(cp, true))
            << "},\n";
    out << "};\n";
    out.close();
    if (!out) {
        std::cerr << "knipsel-latin-fold-build: error: cannot write " << argv[1] << '\n';
        return 73;
    }
    return 0;
}
