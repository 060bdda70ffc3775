// Language tags and names read as one code (lang.h).
#include "lang.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace knipsel {
namespace {

std::string_view trim(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

std::string to_lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

std::string normalise_lang(std::string_view tag) {
    tag = trim(tag);
    if (auto code = lang_code(tag)) return *code;
    return to_lower_ascii(tag.substr(0, tag.find_first_of("-_")));
}

std::optional<std::string> lang_code(std::string_view tag) {
    tag = trim(tag);
    // The names exports and CMSs write for the schema's two languages:
    // ISO 639-2's codes (bibliographic "dut" too) and the names in Dutch
    // and in English. Other languages keep their code, as no schema knows them.
    static constexpr std::pair<std::string_view, std::string_view> names[] = {
        {"nld", "nl"},     {"dut", "nl"},       {"nederlands", "nl"}, {"dutch", "nl"},   {"vlaams", "nl"},
        {"flemish", "nl"}, {"eng", "en"},       {"engels", "en"},     {"english", "en"}};
    const std::string lower = to_lower_ascii(tag);
    for (auto [name, code] : names)
        if (lower == name) return std::string(code);
    // A BCP 47 tag, "nl", "nl-BE", "EN_us", "nld-NL": its primary subtag, lowercased.
    const std::size_t end = std::min(tag.find_first_of("-_"), tag.size());
    const std::string primary = lower.substr(0, end);
    const auto letters = [](std::string_view s) {
        return std::all_of(s.begin(), s.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
    };
    const auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    if (primary.size() < 2 || primary.size() > 3 || !letters(primary)) return std::nullopt;
    for (std::size_t start = end; start < tag.size();) {
        const std::size_t next = std::min(tag.find_first_of("-_", start + 1), tag.size());
        const std::string_view subtag = tag.substr(start + 1, next - start - 1);
        if (subtag.empty() || subtag.size() > 8 || !std::all_of(subtag.begin(), subtag.end(), alnum))
            return std::nullopt;
        start = next;
    }
    if (primary.size() == 2) return primary;
    for (auto [name, code] : names)
        if (primary == name) return std::string(code);
    return std::nullopt;  // "fra", "deu": a code, but not one we can tell from a word
}

}  // namespace knipsel
