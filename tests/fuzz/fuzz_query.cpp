// The query front end on arbitrary query text: search() exactly as
// knipsel-query runs it (build_query, the matching modes and sort orders,
// snippets) and both printers, against a small glass index built once from
// the corpus plus a few articles with awkward text. A query may be refused
// only with exit 65; a Xapian exception (74 from search) is a bug. The
// input's length picks the match mode and sort order, so seeds stay plain
// query text.
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <xapian.h>

#include "analyser.h"
#include "database.h"
#include "error.h"
#include "facets.h"
#include "fuzz_support.h"
#include "index_layout.h"
#include "options.h"
#include "parsers.h"
#include "printers.h"
#include "schema.h"
#include "search.h"

namespace fs = std::filesystem;

namespace {

using knipsel::fuzz::require;

struct Fixture {
    knipsel::Schema schema = knipsel::load_schema_file(KNIPSEL_FUZZ_SCHEMA_FILE);
    knipsel::Analyser analyser{schema.analysis};
    fs::path dir;
    knipsel::ReadIndex index;
};

Fixture* fixture = nullptr;

void add(Xapian::WritableDatabase& db, const knipsel::Article& a, const Fixture& f) {
    knipsel::SourceFile file;
    file.format = "text/plain";
    file.abs_path = "/fuzz/" + a.path;
    db.replace_document(knipsel::id_term(f.schema, a.id), knipsel::make_document(a, file, f.schema, f.analyser));
}

void build_index(Fixture& f) {
    char dir_template[] = "/tmp/knipsel-fuzz-query-XXXXXX";
    if (!::mkdtemp(dir_template)) std::abort();
    f.dir = dir_template;
    Xapian::WritableDatabase db((f.dir / "db").string(), Xapian::DB_CREATE);
    for (const auto& entry : fs::directory_iterator(KNIPSEL_FUZZ_CORPUS)) {
        const knipsel::Format format = knipsel::format_for(entry.path());
        if (format == knipsel::Format::unknown) continue;
        std::string bytes(static_cast<std::size_t>(entry.file_size()), '\0');
        if (FILE* in = std::fopen(entry.path().c_str(), "rb")) {
            bytes.resize(std::fread(bytes.data(), 1, bytes.size(), in));
            std::fclose(in);
        }
        for (const auto& a : knipsel::parse_file(format, bytes, entry.path().filename().string()).articles)
            add(db, a, f);
    }
    // Text that stresses snippets and highlighting: multi-byte punctuation
    // right after a word, clitics, hyphens, diacritics, a long word.
    const char* awkward[] = {
        "Raket——lancering en sancties—— tegen Noord-Korea’s regime…",
        "Één idee, twee ideeën; coöperatie. ’s-Gravenhage «citaat» „aanhaling”",
        "x\u2028y\u00A0z Kim Jong-un zo'n auto's O'Neill STRAßE ĳs ﬁnanciën",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa korte",
        "Zeldzaam slot van de zin: raket——"};
    int n = 0;
    for (const char* body : awkward) {
        knipsel::Article a;
        a.id = a.path = "awkward-" + std::to_string(++n) + ".txt";
        a.title = knipsel::first_sentence_title(body);
        a.body = body;
        a.date = "2019-02-2" + std::to_string(n);
        a.source = "Fuzz";
        a.lang = "nl";
        add(db, a, f);
    }
    db.set_metadata(knipsel::meta::schema, f.schema.toml_text);
    for (const auto& [name, text] : f.schema.files) db.set_metadata(knipsel::meta::file + name, text);
    db.set_metadata(knipsel::meta::analyser, f.analyser.identity());
    knipsel::write_synonyms(db, f.schema, f.analyser);
    db.commit();
    db.close();
    f.index = knipsel::open_for_reading((f.dir / "db").string());
}

void remove_index() {
    if (fixture) {
        std::error_code ec;
        fs::remove_all(fixture->dir, ec);
    }
}

void check_snippet(const knipsel::Snippet& s) {
    require(knipsel::fuzz::is_valid_utf8(s.text), "snippet is not UTF-8", s.text);
    require(s.text.find('\n') == std::string::npos, "snippet is not one line", s.text);
    for (const auto& [b, e] : s.highlights)
        require(b < e && e <= s.text.size(), "highlight outside the snippet", s.text);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fixture = new Fixture;
    build_index(*fixture);
    std::atexit(remove_index);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // A query comes from argv: it ends at the first NUL.
    std::string text(knipsel::fuzz::as_view(data, size));
    text.resize(text.find('\0') == std::string::npos ? text.size() : text.find('\0'));
    knipsel::QueryOptions options;
    options.db_path = "fuzz.db";
    options.query = text;
    options.match = static_cast<knipsel::MatchMode>(size % 3);
    options.sort = static_cast<knipsel::SortOrder>(size / 3 % 3);
    options.count = 10;
    try {
        const knipsel::SearchResult result = knipsel::search(fixture->index, options);
        for (const knipsel::Hit& hit : result.hits) check_snippet(hit.snippet);
        const knipsel::Facets facets =
            result.total == 0 ? knipsel::Facets{}
                              : knipsel::count_facets(fixture->index.db, result.listed_query(), fixture->index.schema,
                                                      *fixture->index.analyser);
        std::ostringstream out;
        knipsel::print_text(result, out, true, &facets);
        knipsel::print_json(result, {}, out, &facets);
        knipsel::print_explain(result, *fixture->index.analyser, fixture->index.schema, out);
        if (knipsel::fuzz::is_valid_utf8(text))
            require(knipsel::fuzz::is_valid_utf8(out.str()), "output of a UTF-8 query is not UTF-8", out.str());
    } catch (const knipsel::Error& e) {
        // 65, or 64 for a query of no word at all (punctuation only).
        const bool no_word = e.code() == knipsel::Exit::usage &&
                             std::string_view(e.what()) == "the query has no word to search for";
        require(e.code() == knipsel::Exit::data_error || no_word,
                "query refused with an exit code other than 65 (or 64 for no word)", e.what());
        require(std::string_view(e.what()).find('\n') == std::string_view::npos, "error message is not one line",
                e.what());
    }
    return 0;
}
