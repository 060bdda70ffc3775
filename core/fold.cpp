#include "fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

namespace knipsel {

bool is_dropped_mark(std::int32_t cp) {
    const std::int8_t type = u_charType(cp);
    return type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK;
}

std::string fold_with_icu(std::int32_t cp, bool case_only) {
    icu::UnicodeString u(static_cast<UChar32>(cp));
    u.foldCase();
    std::string out;
    if (case_only) {
        u.toUTF8String(out);
        return out;
    }
    // A code point that neither case folding nor decomposition changes is
    // itself, or nothing when it is a mark, without ICU's normalisation
    // data, which takes 0.2-0.5 ms to load: a saved web page's
    // variation selector (U+FE0E after an emoji) or a Chinese word loaded
    // it at every query whose snippets had one.
    if (u.length() == U16_LENGTH(cp) && u.char32At(0) == cp &&
        u_getIntPropertyValue(cp, UCHAR_DECOMPOSITION_TYPE) == U_DT_NONE) {
        if (!is_dropped_mark(cp)) u.toUTF8String(out);
        return out;
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
    icu::UnicodeString decomposed = U_SUCCESS(status) ? nfkd->normalize(u, status) : u;
    if (U_FAILURE(status)) decomposed = u;
    icu::UnicodeString kept;
    for (int32_t i = 0; i < decomposed.length();) {
        UChar32 c = decomposed.char32At(i);
        if (!is_dropped_mark(c)) kept.append(c);
        i += U16_LENGTH(c);
    }
    // Case again: a compatibility form decomposes to a capital that the
    // first folding could not see ("𝐍𝐀𝐕𝐎", bold letters pasted from social
    // media, is "NAVO"; folded, "navo", as typed).
    kept.foldCase();
    kept.toUTF8String(out);
    return out;
}

std::string compose(const std::string& utf8) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) return utf8;
    icu::UnicodeString composed = nfc->normalize(icu::UnicodeString::fromUTF8(utf8), status);
    if (U_FAILURE(status)) return utf8;
    std::string out;
    composed.toUTF8String(out);
    return out;
}

}  // namespace knipsel
