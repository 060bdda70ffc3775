// Bytes of unknown encoding -> UTF-8 text: a BOM or a UTF-8 check decides the
// common cases cheaply; ICU's detector and converters handle the rest.
#include "charset.h"

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace knipsel {
namespace {

// The length of the valid UTF-8 sequence at p (1 to 4), or 0 when none starts there.
int utf8_sequence(const unsigned char* p, const unsigned char* end) {
    const unsigned char c = *p;
    if (c < 0x80) return 1;
    int extra;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) extra = 1, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) extra = 2, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) extra = 3, cp = c & 0x07;
    else return 0;
    if (end - p <= extra) return 0;
    for (int k = 1; k <= extra; ++k) {
        if ((p[k] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    if ((extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return extra + 1;
}

bool is_valid_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    while (p < end) {
        // Plain ASCII is almost all of a Dutch text: check eight bytes at a time.
        if (end - p >= 8) {
            std::uint64_t chunk;
            std::memcpy(&chunk, p, 8);
            if ((chunk & 0x8080808080808080ULL) == 0) {
                p += 8;
                continue;
            }
        }
        const int n = utf8_sequence(p, end);
        if (n == 0) return false;
        p += n;
    }
    return true;
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

// What git and grep do: look at the start of the file only.
bool looks_binary(std::string_view bytes) {
    const std::string_view head = bytes.substr(0, 8192);
    std::size_t controls = 0;
    for (char ch : head) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == 0) return true;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) ++controls;
    }
    return controls * 10 > head.size();
}

std::string normalise_line_endings(std::string text) {
    std::size_t w = text.find('\r');
    if (w == std::string::npos) return text;
    // In place: the text only gets shorter.
    for (std::size_t r = w; r < text.size(); ++r) {
        if (text[r] != '\r') {
            text[w++] = text[r];
        } else {
            text[w++] = '\n';
            if (r + 1 < text.size() && text[r + 1] == '\n') ++r;
        }
    }
    text.resize(w);
    return text;
}

std::optional<std::string> convert(std::string_view bytes, const char* from) {
    if (bytes.empty()) return std::string();
    if (bytes.size() > INT_MAX / 4) return std::nullopt;
    const auto length = static_cast<int32_t>(bytes.size());
    UErrorCode status = U_ZERO_ERROR;
    const int32_t needed = ucnv_convert("UTF-8", from, nullptr, 0, bytes.data(), length, &status);
    if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) return std::nullopt;
    std::string out(static_cast<std::size_t>(needed), '\0');
    status = U_ZERO_ERROR;
    ucnv_convert("UTF-8", from, out.data(), needed, bytes.data(), length, &status);
    if (U_FAILURE(status)) return std::nullopt;
    return out;
}

// UTF-8 text with a few bytes in windows-1252 (a page of a CMS in UTF-8
// with a "\xA9 2019" or a quote pasted from Word, a file appended to by
// another program): each valid UTF-8 sequence kept, each other byte read
// as windows-1252, as it would be alone. nullopt when the text is not
// mostly UTF-8: fewer of its non-ASCII characters valid UTF-8 than not,
// and no valid one a character of Western text (a letter of the Latin
// blocks, U+00A0-U+024F, or punctuation, U+2000-U+206F, € or ™) unless
// more are not: windows-1252 text in which a pair of bytes happens to be
// valid UTF-8 ("CAFÉ”", U+0254) is read as a whole, while an article of
// UTF-8 with one "café" and two quotes pasted from Word keeps its "é".
// (Reading windows-1252 text so costs only the stray pair: each other
// byte is read as windows-1252 here too.) `converted` counts the bytes
// read as windows-1252.
std::optional<std::string> mostly_utf8(std::string_view bytes, std::size_t& converted) {
    // windows-1252's 0x80-0x9F; 0xA0-0xFF are U+00A0-U+00FF. The five bytes
    // it leaves undefined become U+FFFD.
    static constexpr char16_t c1[32] = {
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* end = p + bytes.size();
    std::size_t valid = 0, invalid = 0, western = 0;
    for (const unsigned char* q = p; q < end;) {
        const int n = utf8_sequence(q, end);
        if (n == 0) {
            ++invalid;
        } else if (n > 1) {
            ++valid;
            std::uint32_t cp = q[0] & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
            for (int k = 1; k < n; ++k) cp = (cp << 6) | (q[k] & 0x3F);
            if ((cp >= 0xA0 && cp <= 0x24F) || (cp >= 0x2000 && cp <= 0x206F) || cp == 0x20AC || cp == 0x2122)
                ++western;
        }
        q += n == 0 ? 1 : n;
    }
    if (invalid == 0 || (valid < invalid && (western == 0 || western < valid - western))) return std::nullopt;
    std::string out;
    out.reserve(bytes.size() + invalid * 2);
    while (p < end) {
        const int n = utf8_sequence(p, end);
        if (n > 0) {
            out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
            p += n;
            continue;
        }
        const std::uint32_t cp = *p < 0xA0 ? c1[*p - 0x80] : *p;
        if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
        } else {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        }
        out += static_cast<char>(0x80 | (cp & 0x3F));
        ++p;
    }
    converted = invalid;
    return out;
}

// The charset a text of mostly UTF-8 is reported as converted from.
std::string mostly_utf8_name(std::size_t converted) {
    return "windows-1252 (" + std::to_string(converted) + (converted == 1 ? " byte" : " bytes") +
           "; the rest is UTF-8)";
}

struct DetectorCloser {
    void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};

// Below this confidence (0-100) the detector's guess is noise: a few
// accented letters in a short text score ~25 for windows-1250 or -1254,
// which would turn Dutch "naïef" into "naďef".
constexpr int32_t min_confidence = 50;

// The detector's guess among single-byte charsets. ISO-8859-1 becomes
// windows-1252: the detector reports Latin-1 whenever bytes 0x80-0x9F are
// absent, and windows-1252 agrees with it on every printable character
// while also giving ’ “ ” € – correctly when they are present. An unsure
// guess also becomes windows-1252, the likeliest encoding of Dutch text.
// How Dutch a decoding reads: its accented letters of Dutch (and French
// and German words in Dutch text) count for it; a character outside ASCII
// that is no lower-case letter, between two letters ("co•peratie",
// "coˆperatie", "na±ve"), counts against it. (Another language's lower-case
// letter counts neither way: Polish read as Polish is no worse for its "ł".)
int dutch_letters_score(std::string_view utf8) {
    static constexpr std::u32string_view good = U"áàâäãåçéèêëíìîïñóòôöõúùûüÁÀÂÄÇÉÈÊËÍÎÏÓÔÖÚÛÜ";
    int score = 0;
    std::u32string cps;
    for (std::size_t i = 0; i < utf8.size();) {
        UChar32 c;
        U8_NEXT(utf8.data(), i, utf8.size(), c);
        cps.push_back(c < 0 ? 0xFFFD : static_cast<char32_t>(c));
    }
    const auto ascii_letter = [](char32_t c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; };
    for (std::size_t i = 0; i < cps.size(); ++i) {
        if (cps[i] < 0x80) continue;
        if (good.find(cps[i]) != std::u32string_view::npos) ++score;
        else if (i > 0 && i + 1 < cps.size() && ascii_letter(cps[i - 1]) && ascii_letter(cps[i + 1]) &&
                 !u_islower(static_cast<UChar32>(cps[i])))
            score -= 2;
    }
    return score;
}

std::string detect_charset(std::string_view bytes) {
    const std::string fallback = "windows-1252";
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UCharsetDetector, DetectorCloser> detector(ucsdet_open(&status));
    if (U_FAILURE(status)) return fallback;
    const auto length = static_cast<int32_t>(std::min<std::size_t>(bytes.size(), 64 * 1024));
    ucsdet_setText(detector.get(), bytes.data(), length, &status);
    const UCharsetMatch* match = ucsdet_detect(detector.get(), &status);
    if (U_FAILURE(status) || match == nullptr) return fallback;
    const char* name = ucsdet_getName(match, &status);
    const int32_t confidence = ucsdet_getConfidence(match, &status);
    if (U_FAILURE(status) || name == nullptr || confidence < min_confidence) return fallback;
    const std::string charset = name;
    // UTF-8 was already ruled out, and UTF-16/32 without a BOM would have had
    // NUL bytes; Latin-1 is the sensible reading of what is left.
    if (charset == "ISO-8859-1" || charset.rfind("UTF-", 0) == 0) return fallback;
    return charset;
}

}  // namespace

std::string repair_utf8(std::string text) {
    if (is_valid_utf8(text)) return text;
    std::string out;
    out.reserve(text.size() + 8);
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = p + text.size();
    while (p < end) {
        const int n = utf8_sequence(p, end);
        if (n == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD
            ++p;
        } else {
            out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
            p += n;
        }
    }
    return out;
}

namespace {

struct Bom {
    std::string_view bytes;
    const char* charset;
};
// UTF-32LE before UTF-16LE: its BOM starts with the UTF-16LE one.
constexpr Bom boms[] = {
    {std::string_view("\xFF\xFE\x00\x00", 4), "UTF-32LE"},
    {std::string_view("\x00\x00\xFE\xFF", 4), "UTF-32BE"},
    {std::string_view("\xFF\xFE", 2), "UTF-16LE"},
    {std::string_view("\xFE\xFF", 2), "UTF-16BE"},
};

bool has_wide_bom(std::string_view bytes) {
    for (const Bom& bom : boms)
        if (starts_with(bytes, bom.bytes)) return true;
    return false;
}

// The charset a file declares, when it is one to read text that is not
// UTF-8 with: a single-byte charset ICU knows, not one that is UTF-8 or
// UTF-16 (which the bytes are not), nor Latin-1 or ASCII (windows-1252,
// which the detector gives, reads them as browsers do). "" otherwise.
struct ConverterCloser {
    void operator()(UConverter* c) const { ucnv_close(c); }
};

// ICU's own name of a single-byte charset ("latin1" -> "ISO-8859-1"), ""
// for one it does not know or one of several bytes a character.
std::string single_byte_converter(const std::string& name) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, ConverterCloser> converter(ucnv_open(name.c_str(), &status));
    if (U_FAILURE(status) || ucnv_getMaxCharSize(converter.get()) != 1) return {};
    const char* own = ucnv_getName(converter.get(), &status);
    return U_FAILURE(status) || own == nullptr ? std::string() : std::string(own);
}

}  // namespace

bool known_charset(std::string_view name) {
    if (name.empty() || name.size() > 40) return false;
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, ConverterCloser> converter(ucnv_open(std::string(name).c_str(), &status));
    return U_SUCCESS(status) && converter;
}

namespace {

std::string declared_single_byte(std::string_view declared) {
    if (declared.empty() || declared.size() > 40) return {};
    const std::string own = single_byte_converter(std::string(declared));
    if (own.empty()) return {};
    for (const char* read_as_1252 : {"windows-1252", "ISO-8859-1", "US-ASCII"})
        if (own == single_byte_converter(read_as_1252)) return {};
    return std::string(declared);
}

// Whether `bytes` is UTF-16 without a byte order mark, as tools that
// write none give it (iconv -t utf-16le, a Windows export): its charset,
// "UTF-16LE" or "UTF-16BE", else nullptr. Most of a Dutch text is ASCII or
// Latin-1, so in UTF-16LE nearly every second byte is 0 and the one before
// it a printable character (in BE the other way round): four in five of the
// first 4 KB's pairs must be so, at least four of them (zeros that end the
// file, a crash's, not counted). An image, zip or PDF has its zeros
// anywhere but so, and its other bytes no text.
const char* utf16_without_bom(std::string_view bytes) {
    const std::size_t last = bytes.find_last_not_of('\0');
    if (last == std::string_view::npos) return nullptr;
    const std::size_t text = std::min<std::size_t>(last + 2, bytes.size());  // with a last character's zero
    const std::string_view head = bytes.substr(0, std::min<std::size_t>(text, 4096) & ~std::size_t{1});
    const std::size_t pairs = head.size() / 2;
    if (pairs < 4) return nullptr;
    const auto text_byte = [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0x7F && (c < 0x80 || c >= 0xA0));
    };
    std::size_t le = 0, be = 0;
    for (std::size_t i = 0; i < head.size(); i += 2) {
        if (head[i + 1] == '\0' && text_byte(head[i])) ++le;
        else if (head[i] == '\0' && text_byte(head[i + 1])) ++be;
    }
    if (le * 5 >= pairs * 4) return "UTF-16LE";
    if (be * 5 >= pairs * 4) return "UTF-16BE";
    return nullptr;
}

// `bytes` as UTF-16 without a byte order mark (see utf16_without_bom), or
// nullopt when it is not, or reads as no text: a character U+0000 amid it,
// or mostly control characters. Zeros that end it are zero padding. Of an
// odd last byte (a line break appended by `echo >>`, a file cut off), one
// of ASCII is read as the character it is; any other, half a character
// whose other half is lost, is left out.
std::optional<Utf8Text> from_utf16_without_bom(std::string_view bytes) {
    const char* charset = utf16_without_bom(bytes);
    if (!charset) return std::nullopt;
    auto text = convert(bytes.substr(0, bytes.size() & ~std::size_t{1}), charset);
    if (!text) return std::nullopt;
    std::size_t padding = 0;
    while (!text->empty() && text->back() == '\0') {
        text->pop_back();
        padding += 2;
    }
    if (bytes.size() % 2 == 1) {
        const auto last = static_cast<unsigned char>(bytes.back());
        if (last == 0 && padding > 0) ++padding;  // one more of the zeros that end it
        else if (last != 0 && last < 0x80) *text += static_cast<char>(last);
    }
    if (text->find('\0') != std::string::npos || looks_binary(*text)) return std::nullopt;
    return Utf8Text{normalise_line_endings(std::move(*text)), charset, padding};
}

// How many NUL bytes end `bytes`.
std::size_t zero_padding_of(std::string_view bytes) {
    const std::size_t last = bytes.find_last_not_of('\0');
    return last == std::string_view::npos ? bytes.size() : bytes.size() - last - 1;
}

// `bytes` with each run of NUL bytes a space, as any other control
// character is a blank ("Tekst met een\0NUL byte" is "een NUL", not
// "eenNUL"); left out where a blank or line break is beside it already
// ("\r\0\n" stays one line break, not two) or a space would cut a UTF-8
// sequence in two ("\xC3\0\xA9" is the "é" it was).
std::string with_stray_nuls_blank(std::string_view bytes) {
    const auto is_blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    std::string out;
    out.reserve(bytes.size());
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (bytes[i] != '\0') {
            out += bytes[i];
            continue;
        }
        const std::size_t next = bytes.find_first_not_of('\0', i);
        if (next == std::string_view::npos) break;  // none: the zeros that end a file are cut off before
        i = next - 1;
        const auto after = static_cast<unsigned char>(bytes[next]);
        if (!out.empty() && !is_blank(out.back()) && !is_blank(bytes[next]) && (after & 0xC0) != 0x80) out += ' ';
    }
    return out;
}

// to_utf8 of `bytes`; with `owned` (the string `bytes` views), text that is
// UTF-8 already keeps owned's buffer instead of being copied.
std::optional<Utf8Text> to_utf8_from(std::string_view bytes, std::string* owned, std::string_view declared) {
    for (const Bom& bom : boms) {
        if (!starts_with(bytes, bom.bytes)) continue;
        auto text = convert(bytes.substr(bom.bytes.size()), bom.charset);
        if (!text) return std::nullopt;
        return Utf8Text{normalise_line_endings(std::move(*text)), bom.charset};
    }
    if (auto utf16 = from_utf16_without_bom(bytes)) return utf16;

    const bool utf8_bom = starts_with(bytes, "\xEF\xBB\xBF");
    if (utf8_bom) bytes.remove_prefix(3);
    const std::size_t padding = zero_padding_of(bytes);
    if (padding > 0 && padding == bytes.size()) return std::nullopt;  // nothing but zeros
    bytes.remove_suffix(padding);
    // A stray NUL or two in text (see stray_nuls), the
    // rest valid UTF-8 that does not look binary either. A blank, said.
    if (const std::size_t nuls = std::count(bytes.begin(), bytes.end(), '\0');
        nuls > 0 && stray_nuls(nuls, bytes.size())) {
        std::string kept = with_stray_nuls_blank(bytes);
        if (!looks_binary(kept) && is_valid_utf8(kept))
            return Utf8Text{normalise_line_endings(std::move(kept)), "UTF-8", padding, nuls};
    }
    if (looks_binary(bytes)) return std::nullopt;
    if (is_valid_utf8(bytes)) {
        if (!owned) return Utf8Text{normalise_line_endings(std::string(bytes)), "UTF-8", padding};
        owned->resize(owned->size() - padding);
        if (utf8_bom) owned->erase(0, 3);
        return Utf8Text{normalise_line_endings(std::move(*owned)), "UTF-8", padding};
    }

    std::size_t converted = 0;
    if (auto text = mostly_utf8(bytes, converted))
        return Utf8Text{normalise_line_endings(std::move(*text)), mostly_utf8_name(converted), padding};
    std::string charset = declared_single_byte(declared);
    const bool detected = charset.empty();
    if (detected) charset = detect_charset(bytes);
    auto text = convert(bytes, charset.c_str());
    // ICU's detector takes Latin-1 Dutch for Central European or Turkish
    // now and then ("De naïeve minister at crème brûlée à la carte" scores
    // ISO-8859-2: "naďeve", "crčme", "brűlée", "ŕ la"): such a guess stands
    // only where it reads more Dutch-like than windows-1252 does.
    if (detected && text && (charset == "ISO-8859-2" || charset == "ISO-8859-9" || charset == "windows-1250" ||
                             charset == "windows-1254"))
        if (auto western = convert(bytes, "windows-1252");
            western && dutch_letters_score(*western) >= dutch_letters_score(*text)) {
            text = std::move(western);
            charset = "windows-1252";
        }
    if (!text && charset != "windows-1252") {
        charset = "windows-1252";
        text = convert(bytes, charset.c_str());
    }
    if (!text) return std::nullopt;
    // Only CRs ending its lines: a classic Mac's file, in Mac Roman, which
    // read as windows-1252 gives "CafŽ" and "cošperatie". Taken when its
    // reading has more letters where Dutch has them.
    if (declared_single_byte(declared).empty() && bytes.find('\r') != std::string_view::npos &&
        bytes.find('\n') == std::string_view::npos)
        if (auto mac = convert(bytes, "macintosh"); mac && dutch_letters_score(*mac) > dutch_letters_score(*text)) {
            text = std::move(mac);
            charset = "Mac Roman";
        }
    return Utf8Text{normalise_line_endings(std::move(*text)), charset, padding};
}

}  // namespace

std::optional<Utf8Text> to_utf8(std::string_view bytes, std::string_view declared) {
    return to_utf8_from(bytes, nullptr, declared);
}

std::optional<Utf8Text> to_utf8_taking(std::string&& bytes, std::string_view declared) {
    return to_utf8_from(bytes, &bytes, declared);
}

std::optional<Utf8Text> to_utf8_by_line(std::string&& bytes, std::vector<LineIssue>& issues) {
    std::string_view rest(bytes);
    if (has_wide_bom(rest)) return to_utf8_from(bytes, &bytes, {});
    if (auto utf16 = from_utf16_without_bom(rest)) return utf16;
    const bool utf8_bom = starts_with(rest, "\xEF\xBB\xBF");
    if (utf8_bom) rest.remove_prefix(3);
    const std::size_t padding = zero_padding_of(rest);
    rest.remove_suffix(padding);
    if (rest.find('\0') == std::string_view::npos && is_valid_utf8(rest)) {
        // UTF-8 as a whole (the common case): in its own buffer, as
        // to_utf8_taking gives it, without checking it twice.
        if (looks_binary(rest)) return std::nullopt;
        bytes.resize(bytes.size() - padding);
        if (utf8_bom) bytes.erase(0, 3);
        return Utf8Text{normalise_line_endings(std::move(bytes)), "UTF-8", padding};
    }
    // Binary to git's eye and not starting as a line of JSON does (an
    // image named .jsonl): binary, not a file of bad lines.
    const std::size_t first = rest.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || (rest[first] != '{' && looks_binary(rest))) return std::nullopt;
    std::string out;
    out.reserve(rest.size() + rest.size() / 8);
    for (std::size_t number = 1; !rest.empty(); ++number) {
        const std::size_t end = std::min(rest.find('\n'), rest.size());
        const std::string_view line = rest.substr(0, end);
        if (line.find('\0') != std::string_view::npos) {
            issues.push_back({number, "NUL bytes in the line, not indexed", true});
        } else if (is_valid_utf8(line)) {
            out += line;
        } else if (std::size_t count = 0; auto mixed = mostly_utf8(line, count)) {
            out += *mixed;
            issues.push_back({number, "not all UTF-8: " + std::to_string(count) +
                                          (count == 1 ? " byte" : " bytes") + " of the line read as windows-1252",
                              false});
        } else if (auto converted = convert(line, "windows-1252")) {
            out += *converted;
            issues.push_back({number, "not UTF-8: the line converted from windows-1252", false});
        } else {
            issues.push_back({number, "not text in UTF-8 or windows-1252, not indexed", true});
        }
        if (end < rest.size()) out += '\n';
        rest.remove_prefix(std::min(end + 1, rest.size()));
    }
    return Utf8Text{normalise_line_endings(std::move(out)), "UTF-8", padding};
}

}  // namespace knipsel
