// Folding one code point as knipsel's analysis does, with ICU: the one
// definition that the analyser (for code points beyond the Latin scripts)
// and the build-time table of the Latin ones (latin_fold_build.cpp) share.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace knipsel {

// Case fold, compatibility-decompose and drop the marks: "É" -> "e",
// "ĳ" -> "ij", "ß" -> "ss", "ﬁ" -> "fi", "₂" -> "2"; then fold a letter
// with no decomposition as letters_without_decomposition() says ("Ł" -> "l",
// "œ" -> "oe"), and compose what is left ("김" stays "김", not its jamo).
// With case_only, only the first.
std::string fold_with_icu(std::int32_t cp, bool case_only);

// A Latin letter that has no decomposition to take its marks away (a
// stroke, a bar, a ligature), folded to the letters it is read as, as
// PostgreSQL's unaccent folds it: "Wałęsa" is "walesa", "Støre" "store",
// "œuvre" "oeuvre", "Kılıçdaroğlu" "kilicdaroglu".
struct LetterFold {
    char32_t cp;        // the letter, in lower case (a capital is case folded to it first)
    const char* ascii;  // what it folds to
};
std::span<const LetterFold> letters_without_decomposition();

// A UTF-8 text in Unicode's composed form (NFC): "e" + U+0301 -> "é".
std::string compose(const std::string& utf8);
// And in its decomposed form (NFD), as macOS writes file names: "é" -> "e" + U+0301.
std::string decompose(const std::string& utf8);

// Whether a code point is a mark that full folding drops (Mn, Me).
bool is_dropped_mark(std::int32_t cp);

// Code points below this have their folded forms compiled in
// (latin_fold.inc, made at build time by knipsel-latin-fold-build): a
// Dutch text then folds without loading ICU's normalisation data, which
// cost each knipsel-query start 0.2-0.5 ms.
inline constexpr std::int32_t latin_fold_end = 0x250;  // Latin scripts: everything Dutch text needs

}  // namespace knipsel
