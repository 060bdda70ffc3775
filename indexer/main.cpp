// knipsel-index: index folders of articles into a Xapian database.
#include <iostream>

#include "database.h"
#include "error.h"
#include "index_run.h"
#include "interrupt.h"
#include "options.h"
#include "summary.h"

int main(int argc, char** argv) {
    using namespace knipsel;
    tune_xapian_writers();
    try {
        IndexOptions options;
        if (!parse_index_options(argc, argv, options)) return 0;
        RunSummary summary = run_index(options, std::cout, std::cerr);
        print_summary(summary, options, std::cout);
        std::cout.flush();
        if (!std::cout)
            throw Error(Exit::io_error, "cannot write the report to standard output (the index itself was written)");
        if (summary.interrupted) {
            std::cerr << "knipsel-index: error: interrupted by " << signal_name(summary.interrupted) << ": "
                      << (options.dry_run ? "the dry run stopped early"
                          : options.full  ? "--full stopped, the index is as it was before it"
                                          : "what was written is kept; the next run goes on from there")
                      << '\n';
            return 128 + summary.interrupted;  // as the shell reports a process the signal ended
        }
        return static_cast<int>(summary.errors.empty() ? Exit::ok : Exit::partial);
    } catch (const Error& e) {
        std::cerr << "knipsel-index: error: " << e.what() << '\n';
        if (!e.hint().empty()) std::cerr << "hint: " << e.hint() << '\n';
        return static_cast<int>(e.code());
    } catch (const Xapian::Error& e) {
        // Not translated where it happened: still one line and an exit code.
        Error err = translate(e, "index error at", "");
        std::cerr << "knipsel-index: error: " << err.what() << '\n';
        return static_cast<int>(err.code());
    } catch (const std::exception& e) {
        std::cerr << "knipsel-index: error: " << e.what() << '\n';
        return static_cast<int>(Exit::io_error);
    }
}
