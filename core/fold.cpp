#include "fold.h"

#include <algorithm>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

namespace knipsel {

std::span<const LetterFold> letters_without_decomposition() {
    // Lower case only: a capital reaches its row through case folding
    // ("Ł" -> "ł" -> "l"). Sorted by code point.
    static constexpr LetterFold table[] = {
        {0xE6, "ae"},   // æ
        {0xF0, "d"},    // ð
        {0xF8, "o"},    // ø (also ǿ, decomposed to ø and an acute)
        {0xFE, "th"},   // þ
        {0x111, "d"},   // đ
        {0x127, "h"},   // ħ
        {0x131, "i"},   // ı (Turkish dotless i)
        {0x138, "q"},   // ĸ (Greenlandic kra, now written q)
        {0x142, "l"},   // ł
        {0x14B, "n"},   // ŋ
        {0x153, "oe"},  // œ
        {0x167, "t"},   // ŧ
        {0x180, "b"},   // ƀ
        {0x183, "b"},   // ƃ
        {0x188, "c"},   // ƈ
        {0x18C, "d"},   // ƌ
        {0x192, "f"},   // ƒ
        {0x195, "hv"},  // ƕ
        {0x199, "k"},   // ƙ
        {0x19A, "l"},   // ƚ
        {0x19E, "n"},   // ƞ
        {0x1A3, "oi"},  // ƣ
        {0x1A5, "p"},   // ƥ
        {0x1AB, "t"},   // ƫ
        {0x1AD, "t"},   // ƭ
        {0x1B4, "y"},   // ƴ
        {0x1B6, "z"},   // ƶ
        {0x1E5, "g"},   // ǥ
        {0x221, "d"},   // ȡ
        {0x225, "z"},   // ȥ
        {0x234, "l"},   // ȴ
        {0x235, "n"},   // ȵ
        {0x236, "t"},   // ȶ
        {0x237, "j"},   // ȷ
        {0x238, "db"},  // ȸ
        {0x239, "qp"},  // ȹ
        {0x23C, "c"},   // ȼ
        {0x23F, "s"},   // ȿ
        {0x240, "z"},   // ɀ
        {0x247, "e"},   // ɇ
        {0x249, "j"},   // ɉ
        {0x24D, "r"},   // ɍ
        {0x24F, "y"},   // ɏ
        // The lower case of capitals above (Ɓ, Ɖ, Ɗ, Ɛ, Ɠ, Ɩ, Ɨ, Ɲ, Ʈ, Ʉ, Ʋ, Ⱥ, Ⱦ), beyond U+024F.
        {0x253, "b"},   // ɓ
        {0x256, "d"},   // ɖ
        {0x257, "d"},   // ɗ
        {0x25B, "e"},   // ɛ
        {0x260, "g"},   // ɠ
        {0x268, "i"},   // ɨ
        {0x269, "i"},   // ɩ
        {0x272, "n"},   // ɲ
        {0x288, "t"},   // ʈ
        {0x289, "u"},   // ʉ
        {0x28B, "v"},   // ʋ
        {0x2C65, "a"},  // ⱥ
        {0x2C66, "t"},  // ⱦ
    };
    return table;
}

namespace {

// The row of letters_without_decomposition() for a folded code point, or null.
const char* letter_fold(UChar32 c) {
    if (c < 0xE6 || c > 0x2C66) return nullptr;
    const auto table = letters_without_decomposition();
    const auto row = std::lower_bound(table.begin(), table.end(), c,
                                      [](const LetterFold& f, UChar32 v) { return f.cp < static_cast<char32_t>(v); });
    return row != table.end() && row->cp == static_cast<char32_t>(c) ? row->ascii : nullptr;
}

}  // namespace

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
        if (const char* folded = letter_fold(cp)) return folded;
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
    icu::UnicodeString letters;
    for (int32_t i = 0; i < kept.length();) {
        UChar32 c = kept.char32At(i);
        if (const char* folded = letter_fold(c))
            letters.append(icu::UnicodeString(folded, -1, icu::UnicodeString::kInvariant));
        else
            letters.append(c);
        i += U16_LENGTH(c);
    }
    // Composed again what NFKD took apart and no mark dropping changed: a
    // Hangul syllable is its jamo, which are letters, not marks; as
    // syllables the term is the word as typed, which quest and Omega
    // search ("김정은"). NFC's data is compiled into ICU: nothing to load.
    if (letters.countChar32() > 1) {
        UErrorCode nfc_status = U_ZERO_ERROR;
        const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(nfc_status);
        if (U_SUCCESS(nfc_status)) {
            icu::UnicodeString composed = nfc->normalize(letters, nfc_status);
            if (U_SUCCESS(nfc_status)) letters = composed;
        }
    }
    letters.toUTF8String(out);
    return out;
}

namespace {
std::string normalize(const std::string& utf8, const icu::Normalizer2* (*instance)(UErrorCode&)) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* form = instance(status);
    if (U_FAILURE(status)) return utf8;
    icu::UnicodeString normalized = form->normalize(icu::UnicodeString::fromUTF8(utf8), status);
    if (U_FAILURE(status)) return utf8;
    std::string out;
    normalized.toUTF8String(out);
    return out;
}
}  // namespace

std::string compose(const std::string& utf8) { return normalize(utf8, &icu::Normalizer2::getNFCInstance); }

std::string decompose(const std::string& utf8) { return normalize(utf8, &icu::Normalizer2::getNFDInstance); }

}  // namespace knipsel
