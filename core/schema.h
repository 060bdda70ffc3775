// The index schema: how each article field is indexed (term prefix, kind,
// weight, value slot) and how text is analysed (stemmer, stopwords). Loaded
// from schemas/knipsel.toml by the indexer, and from the copy the indexer
// recorded in the index by the query tool.
#pragma once

#include <functional>
#include <map>
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
    std::string language;       // ISO code: "nl", "en"
    std::string fold = "full";  // "full": case, compatibility forms and diacritics; "case": case only
    std::string stemmer;        // Xapian stemmer name, or "none"
    std::string stemmer_rules;  // knipsel rules around the stemmer, or "none"
    std::string compounds;      // compound splitting: "hunspell-nl" or "none"
    std::string stopwords_file; // as named in the schema, or empty
    std::vector<std::string> stopwords;
    bool detect = false;        // another language: also for untagged articles that read as it
    // Other languages ([analysis.en] ...): articles tagged with one (or
    // detected as one) are analysed with its spec. Only on the main spec.
    std::vector<AnalysisSpec> others;
};

struct Schema {
    std::string name;
    int version = 0;
    AnalysisSpec analysis;
    std::vector<FieldSpec> fields;
    bool spelling = false;       // record Xapian spelling data for "Bedoelde u: ..."
    std::string synonyms_file;   // as named in the schema, or empty

    std::string toml_text;       // the schema file as read, recorded in the index
    std::string origin;          // where it was read from, as parse_schema was told
    // The files the schema names that decide the terms (stopword lists), by
    // name as read; recorded in the index and compared on open.
    std::map<std::string, std::string> files;
    // The synonym file as read: recorded in the index too, but it only acts
    // on queries, so a changed file is taken over without re-indexing.
    std::string synonyms_text;
    std::vector<std::vector<std::string>> synonyms;  // its groups, parsed once (parse_synonyms)

    const FieldSpec* field(const std::string& name) const;
    // The field that must exist, by name (throws knipsel::Error if absent).
    const FieldSpec& required(const std::string& name, FieldKind kind) const;
};

// Loads a schema file and the files it names (relative to it). Any problem
// is a knipsel::Error (exit 78) naming the file and line.
Schema load_schema_file(const std::string& path);

// Gives the text of a file the schema names ("stopwords-nl.txt"); `what`
// says what it is, for messages ("stopword file", "synonym file").
using SchemaFileReader = std::function<std::string(const std::string& name, const char* what)>;

// Parses a schema text, with the files it names read through `read` (from
// disk, or as recorded in an index); `origin` names it in error messages.
Schema parse_schema(const std::string& toml_text, const SchemaFileReader& read, const std::string& origin);

// The lines of a stopword or synonym file that say something: '#' starts a
// comment, and each line is trimmed; blank ones are left out (a stopword
// file's words; what makes two such files the same).
std::vector<std::string> content_lines(const std::string& text);

// The groups of a synonym file: one group a line, members separated by
// '=' ("VS = Verenigde Staten = Amerika"), '#' starts a comment. A
// malformed line is an Error naming `origin` and the line.
std::vector<std::vector<std::string>> parse_synonyms(const std::string& text, const std::string& origin);

// A synonym member may name its language: "en:sanctions" is an English
// member, used only when the query reads as English. A member written
// "~Amerikaans" (or "~en:American") is related, not equal: the group's
// words also find it, at a lower weight, but it does not bring in the
// group when typed (an adjective beside its country). Splits off the
// marks.
struct SynonymMember {
    std::string lang;
    std::string text;
    bool related = false;
};
SynonymMember synonym_member(const std::string& member);

// Where the shipped data is found, so that an installed or copied binary
// does not depend on the tree it was built in. The folder beside the
// running binary, <bindir>/../share/knipsel: an install prefix has the
// compound lexicon and the schemas/ folder there, a build tree
// (build/bin/../share/knipsel) the compiled lexicon only. Empty when
// /proc/self/exe cannot be read. It is not checked to exist.
std::string data_dir_beside_executable();

// The folder of the shipped schema files: the install's
// share/knipsel/schemas when there is one beside the binary, else the
// source tree's schemas/ the binary was built from (a build tree). A
// caller that has the data folder already passes it: each readlink costs
// knipsel-query's start ~10 us.
std::string default_schema_dir(const std::string& data_dir = data_dir_beside_executable());

// The default schema file: $KNIPSEL_SCHEMA, else knipsel.toml in
// default_schema_dir(). Not ./schemas/knipsel.toml: a cron job's working
// folder must not decide how the archive is indexed.
std::string default_schema_path();

}  // namespace knipsel
