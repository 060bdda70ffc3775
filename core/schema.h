// The index schema: how each article field is indexed (term prefix, kind,
// weight, value slot) and how text is analysed (stemmer, stopwords). Loaded
// from schemas/knipsel.toml by the indexer, and from the copy the indexer
// recorded in the index by the query tool.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace knipsel {

enum class FieldKind { text, boolean, date, id, stored };

struct FieldSpec {
    std::string name;                  // one of the Article fields
    FieldKind kind = FieldKind::stored;
    std::string prefix;                // Xapian term prefix ("" for the body)
    std::vector<std::string> aliases;  // other names in queries ("titel")
    unsigned weight = 1;               // wdf per occurrence, text fields
    std::optional<unsigned> slot;      // value slot, date fields
};

struct AnalysisSpec {
    std::string language;
    std::string stemmer;        // Xapian stemmer name, or "none"
    std::string stemmer_rules;  // knipsel rules around the stemmer, or "none"
    std::string compounds;      // compound splitting: "hunspell-nl" or "none"
    std::vector<std::string> stopwords;
};

struct Schema {
    std::string name;
    int version = 0;
    AnalysisSpec analysis;
    std::vector<FieldSpec> fields;

    std::string toml_text;       // the schema file as read, recorded in the index
    std::string stopwords_text;  // the stopword file as read, recorded in the index

    const FieldSpec* field(const std::string& name) const;
    // The field that must exist, by name (throws knipsel::Error if absent).
    const FieldSpec& required(const std::string& name, FieldKind kind) const;
};

// Loads a schema file and the stopword file it names. Any problem is a
// knipsel::Error (exit 78) naming the file and line.
Schema load_schema_file(const std::string& path);

// Parses schema and stopword texts as recorded in an index; `origin` names
// where they came from in error messages.
Schema parse_schema(const std::string& toml_text, const std::string& stopwords_text,
                    const std::string& origin);

// The default schema file: $KNIPSEL_SCHEMA, else the installed/source copy.
std::string default_schema_path();

}  // namespace knipsel
