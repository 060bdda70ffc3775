#include "options.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string_view>
#include <vector>

#include <unicode/utf8.h>

#include <CLI/CLI.hpp>

#include "analyser.h"
#include "database.h"
#include "error.h"

namespace knipsel {

namespace {

const char* const generic_hint = "see knipsel-query --help (a query word that reads as an option goes after --)";

bool takes_value(const CLI::Option& option) { return option.get_items_expected_max() > 0; }

Error unknown_option(const CLI::App& app, const std::string& name) {
    std::vector<std::string> long_names;
    for (const CLI::Option* option : app.get_options())
        for (const std::string& lname : option->get_lnames()) long_names.push_back(lname);
    const std::string best = nearest_option(std::string_view(name).substr(2), long_names);
    std::string hint = best.empty() ? "see knipsel-query --help. " : "did you mean --" + best + "? ";
    hint += "A query word that starts with -- goes after --: knipsel-query -- " + printable(name);
    return Error(Exit::usage, "unknown option " + printable(name), hint);
}

// The command line in two parts: knipsel-query's own options with their
// values, and the query words in the order typed. An argument that starts
// with '-' and names none of the options is a word ("Kim -Trump" excludes
// Trump, as on the web), so "--" is needed only before a word that reads as
// an option: -n, -h, or one starting with "--".
struct SplitArguments {
    std::vector<std::string> options;
    std::vector<std::string> words;
};

SplitArguments split_arguments(const CLI::App& app, int argc, char** argv) {
    SplitArguments out;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--") {
            out.words.insert(out.words.end(), argv + i + 1, argv + argc);
            break;
        }
        if (arg.size() < 2 || arg[0] != '-') {  // a word, or "-" alone
            out.words.emplace_back(arg);
            continue;
        }
        const bool long_name = arg[1] == '-';
        const std::size_t name_end = long_name ? std::min(arg.find('='), arg.size()) : 2;
        const std::string name(arg.substr(0, name_end));
        const CLI::Option* option = app.get_option_no_throw(name);
        if (long_name && !option) throw unknown_option(app, name);
        // A short option only alone or with its number ("-n5"): "-nieuws",
        // "-n5x", "-hamas" and "-3" are words.
        const bool attached = arg.size() > name_end;
        const auto digits = [](std::string_view s) {
            return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
        };
        if (!long_name && (!option || (attached && !(takes_value(*option) && digits(arg.substr(2)))))) {
            out.words.emplace_back(arg);
            continue;
        }
        out.options.emplace_back(arg);
        if (takes_value(*option) && !attached) {
            if (i + 1 == argc)
                throw Error(Exit::usage, name + " needs a value (" + option->get_option_text() + ")",
                            generic_hint);
            out.options.emplace_back(argv[++i]);  // as typed, even "-date"
        }
    }
    return out;
}

// windows-1252's characters for the bytes 0x80-0x9F; its other bytes are
// Latin-1 (U+00A0-U+00FF). The five it leaves undefined keep their C1 code
// point, as browsers do. A table of 32, not ICU's converter: that one loads
// ICU's data, and knipsel-query starts once per search.
constexpr char16_t windows_1252_c1[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

bool is_valid_utf8(std::string_view s) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
    const auto length = static_cast<std::int32_t>(s.size());
    for (std::int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        if (c < 0) return false;
    }
    return true;
}

// Unicode's spaces and control characters as ASCII spaces: a no-break space (U+00A0, which web
// pages put between words), the thin and other fixed-width spaces, the
// line and paragraph separators. Xapian's parser takes them for spaces
// already, but knipsel's own reading of the words (every word first,
// their highlights) split at ASCII ones only, so "sancties<NBSP>Yongbyon"
// was one word there.
void spaces_as_ascii(std::string& text) {
    std::string out;
    out.reserve(text.size());
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    const auto length = static_cast<std::int32_t>(text.size());
    for (std::int32_t i = 0; i < length;) {
        const std::int32_t start = i;
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        // So are control characters (an escape pasted from a terminal,
        // \x1f): "sancties\x1fYongbyon" was one word, found only strictly.
        const bool control = (c >= 0 && c < 0x20) || (c >= 0x7F && c < 0xA0);
        const bool space = control || c == 0x00A0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
                           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
        if (space)
            out += ' ';
        else
            out.append(text, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
    }
    text = std::move(out);
}


}  // namespace

std::string from_windows_1252(std::string_view s) {
    std::string out;
    out.reserve(s.size() * 2);
    for (unsigned char byte : s) {
        UChar32 c = byte >= 0x80 && byte < 0xA0 ? windows_1252_c1[byte - 0x80] : byte;
        char buffer[U8_MAX_LENGTH];
        std::int32_t n = 0;
        U8_APPEND_UNSAFE(buffer, n, c);
        out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
}

bool parse_query_options(int argc, char** argv, QueryOptions& out) {
    CLI::App app{"knipsel-query: search a knipsel index.\n"
                 "Plain words find first the documents with every word, then those with some of them\n"
                 "(--all: only every word, strict AND; --any: any of the words, plain OR). A word\n"
                 "starting with - must not be in the document (Kim -Trump), one with + must.\n"
                 "\"phrases\", AND/OR/NOT (EN/OF/NIET), NEAR, prefix*, title:/titel:, source:/bron:,\n"
                 "lang:/taal: and date:/datum:2019-01..2019-06 work as in the README; a field's value\n"
                 "follows its colon without a space. Dates: YYYY, YYYY-MM, YYYY-MM-DD or DD-MM-YYYY,\n"
                 "the month also by its name, Dutch or English (mei, mrt, okt, sept, October), with\n"
                 "its year: datum:mei-2018, datum:3-mei-2018, datum:2018-mei, datum:mei-2018..juni-2019.",
                 "knipsel-query"};
    out.db_path = default_db_path();
    std::vector<std::string> words;
    const std::map<std::string, SortOrder> sorts = {
        {"relevance", SortOrder::relevance}, {"date", SortOrder::date_ascending}, {"-date", SortOrder::date_descending}};
    const std::map<std::string, OutputFormat> formats = {{"text", OutputFormat::text}, {"json", OutputFormat::json}};
    std::string sort = "relevance", format = "text";
    const char* env_db = std::getenv("KNIPSEL_DB");
    const std::string db_default = env_db && *env_db ? "default " + printable(out.db_path) + " from $KNIPSEL_DB"
                                                     : "default ./knipsel.db, or $KNIPSEL_DB";
    app.add_option("--db", out.db_path,
                   "index to search (" + db_default + "); its schema and analyser are read from the index")
        ->option_text("PATH");
    // Whole numbers only: CLI11 would read "-3" as 4294967293 or print its
    // conversion error over several lines; one message names the limit.
    const auto whole_number = [](unsigned long most, unsigned long least = 0) {
        return CLI::Validator(
            [most, least](std::string& value) {
                const bool digits = !value.empty() && std::all_of(value.begin(), value.end(), [](unsigned char c) {
                    return c >= '0' && c <= '9';
                });
                if (!digits) return "'" + printable(value) + "' is not a whole number of " + std::to_string(least) +
                                    " or more";
                const bool fits = value.size() <= 9 && std::stoul(value) <= most;
                if (!fits) return "'" + value + "' is too large (at most " + std::to_string(most) + ")";
                if (std::stoul(value) < least)
                    return "'" + value + "' is too small (at least " + std::to_string(least) + ")";
                return std::string();
            },
            "");
    };
    app.add_option("-n,--count", out.count, "number of results (default 10, at most 10000)")
        ->check(whole_number(10000))
        ->option_text("N");
    app.add_option("--offset", out.offset, "skip this many results first (default 0)")
        ->check(whole_number(999999999))
        ->option_text("N");
    app.add_option("--sort", sort, "relevance (default), date (oldest first) or -date (newest first)")
        ->check(CLI::IsMember({"relevance", "date", "-date"}))
        ->option_text("relevance|date|-date");
    app.add_option("--format", format, "text (default) or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->option_text("text|json");
    bool all = false, any = false;
    auto* all_flag = app.add_flag("--all", all, "only documents with every word (strict AND)");
    app.add_flag("--any", any, "documents with any of the words, ranked (plain OR)")->excludes(all_flag);
    app.add_flag("--exact", out.exact,
                 "search the words as typed, even when a spelling correction is suggested (\"Bedoelde u\")");
    app.add_flag("--explain", out.explain, "print the analysed terms and the parsed Xapian query");
    app.add_flag("--show", out.show,
                 "print the whole stored articles of the ids given in place of QUERY (as results list them)");
    app.add_option("--like", out.like,
                   "the articles most like the one of this id (as results list it), by the words it is most about")
        ->option_text("ID");
    app.add_flag("--facets", out.facets, "count every match by year, source and language (after the results)");
    app.add_flag("--allow-partial", out.allow_partial,
                 "when a shard cannot be reached or opened, search the others (with a warning)");
    app.add_option("--connect-timeout", out.connect_timeout_ms, "milliseconds to wait for a remote shard (default 3000)")
        ->check(whole_number(600000, 1))
        ->option_text("MS");
    // Shown in --help only: split_arguments hands the words over.
    app.add_option("QUERY", words, "the words to search for, anywhere between the options")->option_text("WORDS...");
    app.footer(
        "A query word that reads as an option (-n, -h, --word) goes after --: knipsel-query -- -n.\n"
        "Exit codes: 0 hits, 1 no hits, 64 bad usage, 65 the query cannot be parsed, 66 no index\n"
        "(all in the README's table).\n");
    app.set_version_flag("--version", "knipsel-query 0.1.0");
    try {
        SplitArguments split = split_arguments(app, argc, argv);
        std::vector<const char*> options = {argc > 0 ? argv[0] : "knipsel-query"};
        for (const auto& option : split.options) options.push_back(option.c_str());
        app.parse(static_cast<int>(options.size()), options.data());
        words = std::move(split.words);
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return false;
    } catch (const CLI::CallForVersion&) {
        std::cout << "knipsel-query 0.1.0\n";
        return false;
    } catch (const CLI::ParseError& e) {
        throw Error(Exit::usage, usage_message(e.what()), generic_hint);
    }
    out.sort = sorts.at(sort);
    out.format = formats.at(format);
    if (out.db_path.empty())
        throw Error(Exit::usage, "--db names no index: its value is empty", "see knipsel-query --help");
    out.db_path = normalise_db_path(out.db_path);
    out.match = all ? MatchMode::all : any ? MatchMode::any : MatchMode::best;
    if (out.show) {
        for (const char* other : {"--all", "--any", "--exact", "--explain", "--facets", "--sort", "--offset", "--count", "--like"})
            if (app.count(other)) throw Error(Exit::usage, std::string("--show and ") + other + " cannot be combined");
        if (words.empty())
            throw Error(Exit::usage, "--show needs the ids of the articles to show",
                        "knipsel-query --show persoverzicht-2019.jsonl#hanoi-01 (the ids a search lists)");
        for (auto& w : words) {
            if (w.empty())
                throw Error(Exit::usage, "--show was given an empty id",
                            "knipsel-query --show persoverzicht-2019.jsonl#hanoi-01 (the ids a search lists)");
        }
        out.ids = std::move(words);  // as typed: a Latin-1 file's name is its bytes (show.cpp reads them)
        return true;
    }
    if (app.count("--like")) {
        for (const char* other : {"--all", "--any", "--exact", "--show"})
            if (app.count(other)) throw Error(Exit::usage, std::string("--like and ") + other + " cannot be combined");
        if (out.like.empty()) throw Error(Exit::usage, "--like needs an id", "knipsel-query --like ID (the id a search lists)");
        // Beside the id, only filters: they narrow the articles like it.
        for (auto& w : words) {
            if (!is_valid_utf8(w)) w = from_windows_1252(w);
            const std::size_t colon = w.find(':');
            const bool range = colon == std::string::npos && w.find("..") != std::string::npos;  // 2018..2019: date:
            if (!range && (colon == 0 || colon == std::string::npos || colon + 1 == w.size()))
                throw Error(Exit::usage, "--like takes filters beside its id, not the word " + printable(w),
                            "knipsel-query --like ID datum:2019 taal:nl (bron:, datum:, taal:)");
            out.query += (out.query.empty() ? "" : " ") + w;
        }
        out.match = MatchMode::any;
        out.exact = true;
        return true;
    }
    if (words.empty())
        throw Error(Exit::usage, "no query given",
                    "give the words to search for: knipsel-query sancties Iran (see knipsel-query --help)");
    // Before anything reads the words: a word typed on a Latin-1 terminal
    // would match nothing and split differently in --explain.
    std::string converted;
    for (auto& w : words) {
        if (is_valid_utf8(w)) continue;
        w = from_windows_1252(w);
        converted += (converted.empty() ? "" : " ") + w;
    }
    if (!converted.empty())
        out.warnings.push_back("the query is not UTF-8: read as windows-1252 (Latin-1): " + printable(converted));
    for (const auto& w : words) out.query += (out.query.empty() ? "" : " ") + w;
    remove_invisible(out.query);  // a word pasted from a web page may hold a soft hyphen, as articles do
    spaces_as_ascii(out.query);
    bool blank = out.query.find_first_not_of(" \t\r\n") == std::string::npos;
    if (blank) throw Error(Exit::usage, "the query is empty", "give at least one word to search for");
    return true;
}

}  // namespace knipsel
