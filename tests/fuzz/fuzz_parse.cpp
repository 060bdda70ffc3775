// One input-format parser (KNIPSEL_FUZZ_FORMAT: txt, md, html, jsonl or feed) on
// arbitrary bytes, through parse_file as the indexer calls it. Besides the
// sanitizers it checks what the indexer relies on: every stored field is
// valid UTF-8, messages are one line, ids and dates have their documented form.
#include <string>

#include "fuzz_support.h"
#include "parsers.h"

#define KNIPSEL_STR2(x) #x
#define KNIPSEL_STR(x) KNIPSEL_STR2(x)

namespace {

using knipsel::fuzz::require;

constexpr knipsel::Format format = knipsel::Format::KNIPSEL_FUZZ_FORMAT;
const std::string rel_path = "fuzz/input." KNIPSEL_STR(KNIPSEL_FUZZ_FORMAT);

bool is_digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// "YYYY", "YYYY-MM" or "YYYY-MM-DD".
bool is_canonical_date(std::string_view d) {
    if (d.size() != 4 && d.size() != 7 && d.size() != 10) return false;
    if (!is_digits(d.substr(0, 4))) return false;
    for (std::size_t at = 4; at < d.size(); at += 3)
        if (d[at] != '-' || !is_digits(d.substr(at + 1, 2))) return false;
    return true;
}

void check_issues(const std::vector<knipsel::ParseIssue>& issues) {
    for (const auto& issue : issues) {
        require(!issue.message.empty(), "issue message is empty");
        require(issue.message.find_first_of("\n\r") == std::string::npos, "issue message is not one line",
                issue.message);
        require(knipsel::fuzz::is_valid_utf8(issue.message), "issue message is not UTF-8", issue.message);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const knipsel::ParseResult result = knipsel::parse_file(format, knipsel::fuzz::as_view(data, size), rel_path);
    check_issues(result.errors);
    check_issues(result.warnings);
    if (format != knipsel::Format::jsonl && format != knipsel::Format::feed)
        require(result.articles.size() <= 1, "a single-document format gave several articles");
    for (const knipsel::Article& a : result.articles) {
        for (const std::string* field : {&a.id, &a.path, &a.title, &a.date, &a.source, &a.url, &a.lang, &a.body})
            require(knipsel::fuzz::is_valid_utf8(*field), "article field is not UTF-8", *field);
        require(a.path == rel_path, "article path is not the file's", a.path);
        require(a.id == rel_path || a.id.rfind(rel_path + "#", 0) == 0, "article id does not name the file", a.id);
        require(a.date.empty() || is_canonical_date(a.date), "date is not YYYY[-MM[-DD]]", a.date);
        require(!a.title.empty() || !a.body.empty(), "article with neither title nor body");
        require(a.title.find_first_of("\n\r") == std::string::npos, "title holds a line break", a.title);
        require(a.source.find_first_of("\n\r") == std::string::npos, "source holds a line break", a.source);
    }
    return 0;
}
