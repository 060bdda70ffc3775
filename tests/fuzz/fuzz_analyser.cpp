// The analysis chain on arbitrary bytes (query text from argv need not be
// UTF-8): tokenise, fold_text and stem, with the shipped schema. Checks the
// token invariants the indexer and the snippets rely on.
#include <memory>
#include <string>

#include "analyser.h"
#include "fuzz_support.h"
#include "schema.h"

namespace {

const knipsel::Analyser& analyser() {
    static const knipsel::Schema schema = knipsel::load_schema_file(KNIPSEL_FUZZ_SCHEMA_FILE);
    static const knipsel::Analyser instance(schema.analysis);
    return instance;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    analyser();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using knipsel::fuzz::require;
    const std::string_view text = knipsel::fuzz::as_view(data, size);
    const knipsel::Analyser& a = analyser();

    const std::vector<knipsel::Token> tokens = a.tokenise(text);
    std::uint32_t last_pos = 0;
    for (const knipsel::Token& t : tokens) {
        require(!t.term.empty(), "empty term");
        require(t.term.size() <= knipsel::max_term_bytes, "term longer than max_term_bytes", t.term);
        require(knipsel::fuzz::is_valid_utf8(t.term), "term is not UTF-8", t.term);
        require(t.begin < t.end && t.end <= text.size(), "token offsets outside the text", t.term);
        require(t.pos >= last_pos || t.kind == knipsel::Token::Kind::whole, "positions go backwards", t.term);
        if (t.kind == knipsel::Token::Kind::word) last_pos = t.pos;
        const std::string stem = a.stem(t.term);
        require(knipsel::fuzz::is_valid_utf8(stem), "stem is not UTF-8", stem);
    }
    for (bool keep_operators : {false, true}) {
        const std::string folded = a.fold_text(text, keep_operators);
        if (knipsel::fuzz::is_valid_utf8(text))
            require(knipsel::fuzz::is_valid_utf8(folded), "fold_text of UTF-8 is not UTF-8", folded);
    }
    return 0;
}
