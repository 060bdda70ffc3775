// knipsel-query: search a knipsel index from the command line.
#include <cstdlib>
#include <iostream>
#include <optional>

#include <unistd.h>

#include "crash.h"
#include "database.h"
#include "error.h"
#include "facets.h"
#include "options.h"
#include "printers.h"
#include "search.h"
#include "show.h"

int main(int argc, char** argv) {
    using namespace knipsel;
    QueryOptions options;  // its --db names the index in an error below
    try {
        keep_freed_memory();
        if (!parse_query_options(argc, argv, options)) {  // --help or --version, printed
            std::cout.flush();
            if (!std::cout) throw Error(Exit::io_error, "cannot write to standard output");
            return 0;
        }
        for (const auto& warning : options.warnings) std::cerr << "knipsel-query: warning: " << warning << '\n';
        report_crashes("knipsel-query", options.db_path);
        ReadOptions read_options;
        read_options.allow_partial = options.allow_partial;
        read_options.connect_timeout_ms = options.connect_timeout_ms;
        ReadIndex index = open_for_reading(options.db_path, read_options);
        for (const auto& missing : index.missing_shards)
            std::cerr << "knipsel-query: warning: left out shard " << missing << '\n';
        if (options.show) {
            const Shown shown = stored_articles(index, options.ids, options.db_path);
            for (const auto& warning : shown.warnings) std::cerr << "knipsel-query: warning: " << warning << '\n';
            for (const auto& id : shown.missing)
                std::cerr << "knipsel-query: error: " << no_article_with_id(id, index, options.db_path) << '\n';
            if (!shown.missing.empty()) std::cerr << "hint: " << id_hint << '\n';
            if (options.format == OutputFormat::json)
                print_shown_json(shown, index.missing_shards, std::cout);
            else
                print_shown_text(shown, std::cout);
            std::cout.flush();
            if (!std::cout) throw Error(Exit::io_error, "cannot write the articles to standard output");
            std::_Exit(static_cast<int>(shown.missing.empty() ? Exit::ok : Exit::partial));
        }
        if (!options.like.empty()) {
            check_like_filters(options.query, index.schema);
            // No article to search like: exit 1, and a JSON reader still
            // gets its one object, as --show's, naming an id no article has
            // in "missing" (it told no such article from no hits by stderr alone).
            const auto nothing_like = [&](bool missing) {
                if (options.format == OutputFormat::json) {
                    SearchResult none;
                    none.like = is_utf8(options.like) ? options.like : from_windows_1252(options.like);
                    if (missing) none.missing = {none.like};
                    none.total_exact = true;
                    const Facets nothing_counted = no_facets(index.schema);
                    print_json(none, index.missing_shards, std::cout, options.facets ? &nothing_counted : nullptr);
                    std::cout.flush();
                    if (!std::cout) throw Error(Exit::io_error, "cannot write the results to standard output");
                }
                std::_Exit(static_cast<int>(Exit::partial));
            };
            LikeQuery like;
            try {
                like = like_query(index, options.like, options.db_path);
            } catch (const Error& e) {
                if (e.code() != Exit::partial) throw;  // none with words to search by: no hits
                std::cerr << "knipsel-query: error: " << e.what() << '\n';
                if (!e.hint().empty()) std::cerr << "hint: " << e.hint() << '\n';
                nothing_like(false);
            }
            if (like.id_term.empty()) {  // as --show reports an id no article has
                std::cerr << "knipsel-query: error: " << no_article_with_id(options.like, index, options.db_path)
                          << "\nhint: " << id_hint << '\n';
                nothing_like(true);
            }
            if (!like.warning.empty()) std::cerr << "knipsel-query: warning: " << like.warning << '\n';
            options.like = like.id;  // the article's, as output gives ids: JSON as it is, text as shown
            // Its words, and the filters given beside the id (datum:2019).
            options.query = like.words + (options.query.empty() ? "" : " " + options.query);
            options.exclude_terms = {like.id_term};
            if (!like.original_term.empty()) options.exclude_terms.push_back(like.original_term);
        }
        // --facets reads every match after the search: a commit between
        // the two is met as the search meets one, by searching the new
        // revision again (both then count the same articles).
        SearchResult result;
        std::optional<Facets> facets;
        read_retrying(index, options.db_path, [&] {
            result = search(index, options);
            if (options.facets && result.total > 0)
                facets = count_facets(index.db, result.listed_query(), index.schema, *index.analyser);
        });
        for (const auto& filter : result.built.unknown_filters)
            std::cerr << "knipsel-query: warning: no article has " << printable(filter) << '\n';
        for (const auto& field : result.built.unknown_fields)
            std::cerr << "knipsel-query: warning: " << printable(field) << '\n';
        for (const auto& repair : result.built.repairs)
            std::cerr << "knipsel-query: warning: " << repair << '\n';
        // "sancties 2017-2019": no document has the year range as a word.
        if ((result.total == 0 || result.total_all == 0) && !result.built.range_hint.empty())
            std::cerr << "hint: " << result.built.range_hint << '\n';
        if (!result.built.date_hint.empty()) std::cerr << "hint: " << result.built.date_hint << '\n';
        // JSON on standard output is one object: the explanation goes beside it.
        if (options.explain)
            print_explain(result, *index.analyser, index.schema, options.format == OutputFormat::json ? std::cerr : std::cout);
        if (options.facets && !facets) facets = no_facets(index.schema);
        // The facets counted every match: the total is that count, not
        // Xapian's estimate beside it ("about 140" over years summing to 133).
        if (facets && !result.total_exact && result.total > 0) {
            if (result.total_all == result.total) result.total_all = facets->matches;
            result.total = facets->matches;
            result.total_exact = true;
        }
        const Facets* counted = facets ? &*facets : nullptr;
        if (options.format == OutputFormat::json) {
            print_json(result, index.missing_shards, std::cout, counted);
        } else {
            bool bold = bold_wanted(isatty(STDOUT_FILENO), std::getenv("NO_COLOR"), std::getenv("TERM"));
            print_text(result, std::cout, bold, counted);
        }
        std::cout.flush();
        if (!std::cout) throw Error(Exit::io_error, "cannot write the results to standard output");
        // The work is done and written: leave without taking the index,
        // analysers and results apart (0.3-0.8 ms of a query's process on
        // the bench corpus).
        std::_Exit(static_cast<int>(result.total > 0 ? Exit::ok : Exit::partial));
    } catch (const Error& e) {
        std::cerr << "knipsel-query: error: " << e.what() << '\n';
        if (!e.hint().empty()) std::cerr << "hint: " << e.hint() << '\n';
        return static_cast<int>(e.code());
    } catch (const Xapian::Error& e) {
        // Not translated where it happened: still one line and an exit code.
        Error err = translate(e, "index error at", options.db_path);
        std::cerr << "knipsel-query: error: " << err.what() << '\n';
        return static_cast<int>(err.code());
    } catch (const std::exception& e) {
        std::cerr << "knipsel-query: error: " << e.what() << '\n';
        return static_cast<int>(Exit::io_error);
    }
}
