#include "options.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>

#include "database.h"
#include "error.h"
#include "schema.h"

namespace knipsel {

bool parse_index_options(int argc, char** argv, IndexOptions& out) {
    CLI::App app{"knipsel-index: index a folder of Dutch news articles (.txt, .md, .html, .htm, .jsonl, .rss, .atom) "
                 "into a Xapian database. Re-running it replaces documents by id.",
                 "knipsel-index"};
    out.db_path = default_db_path();
    out.schema_path = default_schema_path();
    app.add_option("--db", out.db_path, "index to create or update ($KNIPSEL_DB, default ./knipsel.db)")
        ->option_text("PATH");
    app.add_option("--schema", out.schema_path, "index schema file ($KNIPSEL_SCHEMA)")->option_text("FILE");
    app.add_option("--batch", out.batch_size, "documents per commit (default 2000; a crash loses at most one batch)")
        ->check(CLI::Range(1u, 1000000u))
        ->option_text("N");
    app.add_flag("--full", out.full, "rebuild from scratch into a new index and swap it in when complete");
    app.add_option("--forget", out.forget,
                   "with --full: rebuild without this folder (or file) that the index records, one gone for good")
        ->allow_extra_args(false)  // one PATH each: `--forget nas lokaal` forgets nas and indexes lokaal
        ->option_text("PATH");
    app.add_flag("-n,--dry-run", out.dry_run,
                 "print what would be added, replaced and removed (with --full: what the rebuild would index "
                 "and drop); change nothing");
    bool no_prune = false;
    app.add_flag("--no-prune", no_prune, "keep documents whose files have vanished");
    app.add_option("--wait", out.wait_seconds, "wait up to SECONDS for another knipsel-index to finish")
        ->check(CLI::Validator(
            [](std::string& value) {
                constexpr double most = 86400;  // a day: a nightly run waits for the last one, not forever
                double seconds = -1;
                const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
                if (ec == std::errc() && end == value.data() + value.size() && seconds >= 0 && seconds <= most)
                    return std::string();  // (NaN compares false: refused)
                return "'" + printable(value) + "' is not a number of seconds from 0 to 86400";
            },
            ""))
        ->option_text("SECONDS");
    app.add_option("--threads", out.threads, "worker threads that read and analyse files (default: one per core)")
        ->check(CLI::Range(1u, 256u))
        ->option_text("N");
    app.add_option("--shards", out.shards,
                   "shards of a new index, written in parallel (default: one per core from 5000 files, else 1)")
        ->check(CLI::Range(1u, 64u))
        ->option_text("N");
    app.add_flag("--compact", out.compact,
                 "afterwards merge the shards into one compacted database (smaller, a little faster to search)");
    app.add_flag("--explain", out.explain,
                 "print the documents the given files become and the terms each gets (with --schema's "
                 "analysis); index nothing");
    app.add_flag("--json", out.json, "print the run summary (or what --explain shows) as one JSON object");
    app.add_flag("-q,--quiet", out.quiet, "print errors only");
    app.add_option("DIR", out.roots, "folders (or files) to index; none: the folders the index was built from")
        ->option_text("PATH...");
    app.set_version_flag("--version", "knipsel-index 0.1.0");
    // A mistyped long option, with the one it means ("--dry-rn": --dry-run).
    std::vector<std::string> long_names;
    for (const CLI::Option* option : app.get_options())
        for (const std::string& lname : option->get_lnames()) long_names.push_back(lname);
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--") break;
        if (!arg.starts_with("--") || arg.size() == 2) continue;
        const std::string_view name = arg.substr(2, arg.find('=') == std::string_view::npos ? arg.npos
                                                                                          : arg.find('=') - 2);
        if (std::find(long_names.begin(), long_names.end(), name) != long_names.end()) continue;
        const std::string best = nearest_option(name, long_names);
        throw Error(Exit::usage, "unknown option --" + printable(name),
                    best.empty() ? "see knipsel-index --help" : "did you mean --" + best + "?");
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return false;
    } catch (const CLI::CallForVersion&) {
        std::cout << "knipsel-index 0.1.0\n";
        return false;
    } catch (const CLI::ParseError& e) {
        throw Error(Exit::usage, usage_message(e.what()), "see knipsel-index --help");
    }
    if (out.db_path.empty())
        throw Error(Exit::usage, "--db names no index: its value is empty", "see knipsel-index --help");
    out.db_path = normalise_db_path(out.db_path);
    out.schema_given = app.count("--schema") > 0;
    const char* db_env = std::getenv("KNIPSEL_DB");
    out.db_named = app.count("--db") > 0 || (db_env && *db_env);
    out.prune = !no_prune;
    if (!out.forget.empty() && !out.full)
        throw Error(Exit::usage, "--forget needs --full: the index is rebuilt without the folder",
                    "knipsel-index --db " + out.db_path + " --full --forget " + out.forget.front());
    if (out.compact && out.dry_run) throw Error(Exit::usage, "--compact and --dry-run cannot be combined");
    if (out.explain) {
        for (const char* other : {"--full", "--dry-run", "--compact", "--no-prune", "--shards", "--wait", "--batch"})
            if (app.count(other)) throw Error(Exit::usage, std::string("--explain and ") + other + " cannot be combined");
        if (out.roots.empty())
            throw Error(Exit::usage, "--explain needs the files to explain", "knipsel-index --explain corpus/article.md");
    }
    return true;
}

}  // namespace knipsel
