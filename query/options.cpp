#include "options.h"

#include <iostream>
#include <map>
#include <vector>

#include <CLI/CLI.hpp>

#include "analyser.h"
#include "database.h"
#include "error.h"

namespace knipsel {

bool parse_query_options(int argc, char** argv, QueryOptions& out) {
    CLI::App app{"knipsel-query: search a knipsel index. Words are combined with AND; "
                 "\"phrases\", AND/OR/NOT (EN/OF/NIET), NEAR, prefix*, title:/titel:, source:/bron:, lang:/taal: "
                 "and date:/datum:2019-01..2019-06 work as in the README.",
                 "knipsel-query"};
    out.db_path = default_db_path();
    std::vector<std::string> words;
    const std::map<std::string, SortOrder> sorts = {
        {"relevance", SortOrder::relevance}, {"date", SortOrder::date_ascending}, {"-date", SortOrder::date_descending}};
    const std::map<std::string, OutputFormat> formats = {{"text", OutputFormat::text}, {"json", OutputFormat::json}};
    std::string sort = "relevance", format = "text";
    app.add_option("--db", out.db_path, "index to search ($KNIPSEL_DB, default ./knipsel.db)")->option_text("PATH");
    app.add_option("-n,--count", out.count, "number of results (default 10, at most 10000)")
        ->check(CLI::Range(0u, 10000u))
        ->option_text("N");
    app.add_option("--offset", out.offset, "skip this many results first")->option_text("N");
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
    app.add_flag("--allow-partial", out.allow_partial,
                 "when a remote shard cannot be reached, search the others (with a warning)");
    app.add_option("--connect-timeout", out.connect_timeout_ms, "milliseconds to wait for a remote shard (default 3000)")
        ->check(CLI::Range(1u, 600000u))
        ->option_text("MS");
    app.add_option("QUERY", words, "the query")->required()->option_text("WORDS...");
    app.set_version_flag("--version", "knipsel-query 0.1.0");
    app.allow_extras(false);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return false;
    } catch (const CLI::CallForVersion&) {
        std::cout << "knipsel-query 0.1.0\n";
        return false;
    } catch (const CLI::ParseError& e) {
        throw Error(Exit::usage, e.what(), "see knipsel-query --help");
    }
    out.sort = sorts.at(sort);
    out.format = formats.at(format);
    out.db_path = normalise_db_path(out.db_path);
    out.match = all ? MatchMode::all : any ? MatchMode::any : MatchMode::best;
    for (const auto& w : words) out.query += (out.query.empty() ? "" : " ") + w;
    remove_invisible(out.query);  // a word pasted from a web page may hold a soft hyphen, as articles do
    bool blank = out.query.find_first_not_of(" \t\r\n") == std::string::npos;
    if (blank) throw Error(Exit::usage, "the query is empty", "give at least one word to search for");
    return true;
}

}  // namespace knipsel
