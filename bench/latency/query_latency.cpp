// knipsel-query-latency: in-process query latency, the figure a long-running
// searcher (a web front end, a service) sees. Opens the index once, then
// runs each query through the same search() that knipsel-query uses
// (query building, matching, tiers, snippets) and prints one JSON line per
// query with every run's time in milliseconds.
//
//   knipsel-query-latency --db DB [--runs N] [--warmup N] [--all] [-n N] -- QUERY...
//
// Each QUERY is one argument ("menu instellingen"). bench/bench.py reads the
// output; the first (cold) run of each query is reported apart.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "database.h"
#include "error.h"
#include "options.h"
#include "search.h"

namespace {

struct Args {
    std::string db;
    unsigned runs = 200;
    unsigned warmup = 3;
    knipsel::MatchMode match = knipsel::MatchMode::best;
    unsigned count = 10;
    std::vector<std::string> queries;
};

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "knipsel-query-latency: error: " << problem << '\n'
              << "usage: knipsel-query-latency --db DB [--runs N] [--warmup N] [--all|--any] [-n N] -- QUERY...\n";
    std::exit(64);
}

unsigned number(const std::string& flag, const char* value) {
    char* end = nullptr;
    unsigned long n = std::strtoul(value, &end, 10);
    if (!*value || *end || n > 1000000) usage(flag + " wants a number, not '" + value + "'");
    return static_cast<unsigned>(n);
}

Args parse(int argc, char** argv) {
    Args a;
    int i = 1;
    for (; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&]() -> const char* {
            if (i + 1 >= argc) usage(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--") {
            ++i;
            break;
        } else if (arg == "--db") {
            a.db = value();
        } else if (arg == "--runs") {
            a.runs = number(arg, value());
        } else if (arg == "--warmup") {
            a.warmup = number(arg, value());
        } else if (arg == "-n") {
            a.count = number(arg, value());
        } else if (arg == "--all") {
            a.match = knipsel::MatchMode::all;
        } else if (arg == "--any") {
            a.match = knipsel::MatchMode::any;
        } else {
            usage("unknown option " + arg);
        }
    }
    for (; i < argc; ++i) a.queries.emplace_back(argv[i]);
    if (a.db.empty()) usage("--db is required");
    if (a.queries.empty()) usage("no QUERY given");
    if (a.runs == 0) usage("--runs must be at least 1");
    return a;
}

double time_one(knipsel::ReadIndex& index, const knipsel::QueryOptions& options, std::size_t& hits) {
    auto start = std::chrono::steady_clock::now();
    knipsel::SearchResult r = knipsel::search(index, options);
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    hits = r.total;
    return ms;
}

}  // namespace

int main(int argc, char** argv) {
    Args a = parse(argc, argv);
    knipsel::keep_freed_memory();
    try {
        knipsel::ReadIndex index = knipsel::open_for_reading(a.db, knipsel::ReadOptions{});
        for (const std::string& q : a.queries) {
            knipsel::QueryOptions options;
            options.db_path = a.db;
            options.query = q;
            options.count = a.count;
            options.match = a.match;
            std::size_t hits = 0;
            double cold = time_one(index, options, hits);
            for (unsigned i = 0; i < a.warmup; ++i) time_one(index, options, hits);
            std::vector<double> ms;
            ms.reserve(a.runs);
            for (unsigned i = 0; i < a.runs; ++i) ms.push_back(time_one(index, options, hits));
            nlohmann::json line = {{"query", q}, {"hits", hits}, {"cold_ms", cold}, {"ms", ms}};
            std::cout << line.dump() << '\n';
        }
    } catch (const knipsel::Error& e) {
        std::cerr << "knipsel-query-latency: error: " << e.what() << '\n';
        return static_cast<int>(e.code());
    } catch (const Xapian::Error& e) {
        std::cerr << "knipsel-query-latency: error: " << e.get_description() << '\n';
        return 74;
    }
    return 0;
}
