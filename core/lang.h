// A language as articles and queries name it: a BCP 47 tag ("nl-BE",
// "EN_us") or the schema's two languages by their names and ISO 639-2
// codes ("Nederlands", "English", "eng"). The indexer stores what these
// give, and the query's lang: filter reads its value with the same ones.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace knipsel {

// "nl-NL" -> "nl", "EN_us" -> "en": the primary subtag, lowercased;
// the schema's languages by their other names too ("Nederlands", "dut",
// "English", "eng" -> "nl", "en"). A value lang_code() does not know is
// only lowercased up to its first "-" or "_", as before.
std::string normalise_lang(std::string_view tag);

// The language code of a tag or name as normalise_lang() gives it, or
// nullopt for a value that is none ("leve de koning", "fra").
std::optional<std::string> lang_code(std::string_view tag);

}  // namespace knipsel
