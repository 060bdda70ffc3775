// knipsel-index: index folders of articles into a Xapian database.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include <sys/statvfs.h>
#include <xapian.h>

#include "crash.h"
#include "database.h"
#include "error.h"
#include "explain.h"
#include "index_run.h"
#include "interrupt.h"
#include "options.h"
#include "summary.h"

namespace {

std::string db_path_for_terminate;  // set once, before the run: the index it writes (PATH.new for --full)
bool full_for_terminate = false;    // --full: that PATH.new is half built and is removed
// The run's options and what it has committed, for its --json summary (set while it runs).
const knipsel::IndexOptions* options_for_terminate = nullptr;
knipsel::RunSummary committed_for_terminate;
std::chrono::steady_clock::time_point run_start;

// The documents the index holds now, after a run that failed; unknown
// when it cannot be read (a --db that is a file, a damaged index).
std::optional<std::size_t> docs_now(const std::string& db) {
    try {
        return Xapian::Database(db).get_doccount();
    } catch (...) {
        return std::nullopt;
    }
}

// With --json, a run that fails once its command line is read (a missing
// folder, a locked index, a full disk) still prints its summary line: what
// was committed, and the error.
void print_failure(const knipsel::IndexOptions& options, knipsel::RunSummary committed, int code,
                   const std::string& reason, const std::string& hint) {
    using namespace knipsel;
    if (!options.json || options.dry_run) return;
    if (options.full) committed = RunSummary{};  // its PATH.new is removed: nothing of it stays
    committed.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - run_start).count();
    print_failed_summary(committed, options, {code, reason, hint, docs_now(options.db_path)}, std::cout);
    std::cout.flush();
}

// Xapian 1.4 can throw again from a destructor while it unwinds from a
// failed write (a disk that fills up during a commit), or call
// std::terminate itself on such a path. The index on disk is still its
// last commit (Xapian's commits are atomic): say so as the write error it
// is, one line and exit 74, rather than "terminate called" and an abort.
[[noreturn]] void on_terminate() {
    using namespace knipsel;
    // With no exception to tell the cause, look for the one seen: a full disk.
    std::string message = "stopped on an internal error while updating " + db_path_for_terminate;
    struct statvfs fs {};
    if (statvfs(db_path_for_terminate.c_str(), &fs) == 0 &&
        static_cast<unsigned long long>(fs.f_bavail) * fs.f_frsize < 1024ULL * 1024)
        message = "cannot write to " + db_path_for_terminate + ": No space left on device";
    int code = static_cast<int>(Exit::io_error);
    if (std::exception_ptr e = std::current_exception()) {
        try {
            std::rethrow_exception(e);
        } catch (const Xapian::Error& x) {
            Error err = translate(x, "cannot write to", db_path_for_terminate);
            message = err.what();
            code = static_cast<int>(err.code());
        } catch (const std::exception& x) {
            message = x.what();
        } catch (...) {
        }
    }
    if (options_for_terminate)
        print_failure(*options_for_terminate, committed_for_terminate, code, message, "");
    if (full_for_terminate) {
        // As for any failed --full: a half-built PATH.new would keep a full disk full.
        std::error_code ec;
        std::filesystem::remove_all(db_path_for_terminate, ec);
        message += "; --full stopped: " + db_path_for_terminate + " is removed and the index is as it was";
    } else {
        message += "; the index keeps its last commit";
    }
    std::fprintf(stderr, "knipsel-index: error: %s\n", message.c_str());
    std::fflush(stderr);
    std::_Exit(code);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace knipsel;
    // A reader of the output that went away (`| head`) must not end the
    // run by SIGPIPE part way: the write fails instead, the run goes on to
    // its end and exits 74, as on a full disk.
    std::signal(SIGPIPE, SIG_IGN);
    tune_xapian_writers();
    std::vector<std::string> gone;  // the recorded folders that stop the rebuild after an upgrade
    std::string gone_named, gone_forget;  // them as a message names them; a --forget for each
    std::string db_path;
    IndexOptions options;
    // The command line is read and no summary printed yet: a failure gets a
    // --json summary, so that a monitor reading a line a run sees each one.
    // One that cannot be read (exit 64 from CLI11) gets none: no options to report.
    bool summary_owed = false;
    try {
        if (!parse_index_options(argc, argv, options)) {  // --help or --version, printed
            std::cout.flush();
            if (!std::cout) throw Error(Exit::io_error, "cannot write to standard output");
            return 0;
        }
        run_start = std::chrono::steady_clock::now();
        summary_owed = !options.explain;  // --explain prints its own JSON
        if (options.explain) {
            ExplainSummary explained = explain_files(options, std::cout, std::cerr);
            std::cout.flush();
            if (!std::cout) throw Error(Exit::io_error, "cannot write to standard output");
            return static_cast<int>(explained.errors.empty() ? Exit::ok : Exit::partial);
        }
        // An index reached through a symlink is the folder it points to:
        // --full and --compact swap their new index in there, beside it,
        // not in place of the link (which left the real index stale).
        if (std::error_code ec; std::filesystem::is_symlink(options.db_path, ec))
            if (const auto real = std::filesystem::weakly_canonical(std::filesystem::absolute(options.db_path), ec);
                !ec)
                options.db_path = real.string();
        std::vector<std::string> roots;
        if (rebuild_after_upgrade(options, roots, gone)) {
            // Said even with --quiet: the run takes as long as a first one.
            std::cerr << "knipsel-index: note: " << printable(options.db_path)
                      << (options.dry_run ? " was made by another version of knipsel: a run rebuilds it in full from "
                                            "its folders, as --full does; this dry run shows that rebuild\n"
                                          : " was made by another version of knipsel: it is rebuilt in full from its "
                                            "folders, as --full does (the old index stays in place until the new "
                                            "one is swapped in)\n");
            options.full = true;
            options.roots = std::move(roots);
        } else if (!gone.empty()) {
            for (std::size_t k = 0; k < gone.size(); ++k) {
                gone_named += (k == 0 ? "" : k + 1 == gone.size() ? " and " : ", ") + printable(gone[k]);
                gone_forget += " --forget " + shell_quoted(gone[k]);
            }
            for (const std::string& g : gone) {
                std::error_code ec;
                std::cerr << "knipsel-index: warning: " << printable(options.db_path)
                          << " was made by another version of knipsel and is not rebuilt: the folder "
                          << printable(g) << " it was built from "
                          << (std::filesystem::exists(g, ec)
                                  ? "holds no article (a disk not mounted?) while the index holds files from it"
                                  : "is gone")
                          << ", and a rebuild would lose its articles (bring it back, or rebuild without it with "
                             "--full"
                          << gone_forget << ")\n";
            }
        }
        db_path = options.db_path;
        full_for_terminate = options.full;
        db_path_for_terminate = options.full ? options.db_path + ".new" : options.db_path;
        std::set_terminate(on_terminate);
        report_crashes("knipsel-index", options.db_path);
        options_for_terminate = &options;
        RunSummary summary = run_index(options, std::cout, std::cerr, &committed_for_terminate);
        summary_owed = false;
        options_for_terminate = nullptr;
        print_summary(summary, options, std::cout);
        std::cout.flush();
        if (!std::cout)
            throw Error(Exit::io_error, options.dry_run
                                            ? "cannot write the report to standard output (a dry run: the index is "
                                              "as it was)"
                                            : "cannot write the report to standard output (the index itself was "
                                              "written)");
        std::cerr.flush();
        if (!std::cerr) return static_cast<int>(Exit::io_error);  // its warnings were lost: nowhere to say so
        if (summary.interrupted) {
            std::cerr << "knipsel-index: error: interrupted by " << signal_name(summary.interrupted) << ": "
                      << (options.dry_run              ? "the dry run stopped early"
                          : summary.compaction_stopped ? "--compact stopped, the index is complete but not compacted"
                          : options.full               ? "--full stopped, the index is as it was before it"
                                                       : "what was written is kept; the next run goes on from there")
                      << '\n';
            return 128 + summary.interrupted;  // as the shell reports a process the signal ended
        }
        return static_cast<int>(summary.errors.empty() ? Exit::ok : Exit::partial);
    } catch (const Error& e) {
        std::cerr << "knipsel-index: error: " << e.what() << '\n';
        if (summary_owed)
            print_failure(options, committed_for_terminate, static_cast<int>(e.code()), e.what(), e.hint());
        // Built with another analyser and not rebuilt for a folder that is
        // gone: plain --full refuses too (exit 66), so name what works.
        if (!gone.empty() && e.code() == Exit::config && e.hint().starts_with("re-index: knipsel-index --full"))
            std::cerr << "hint: bring " << gone_named << " back and run again, or rebuild without "
                      << (gone.size() == 1 ? "it" : "them") << ": knipsel-index --db " << shell_quoted(db_path)
                      << " --full" << gone_forget << '\n';
        else if (!e.hint().empty())
            std::cerr << "hint: " << e.hint() << '\n';
        return static_cast<int>(e.code());
    } catch (const Xapian::Error& e) {
        // Not translated where it happened: still one line and an exit code.
        Error err = translate(e, "index error at", "");
        std::cerr << "knipsel-index: error: " << err.what() << '\n';
        if (summary_owed)
            print_failure(options, committed_for_terminate, static_cast<int>(err.code()), err.what(), err.hint());
        return static_cast<int>(err.code());
    } catch (const std::exception& e) {
        std::cerr << "knipsel-index: error: " << e.what() << '\n';
        if (summary_owed)
            print_failure(options, committed_for_terminate, static_cast<int>(Exit::io_error), e.what(), "");
        return static_cast<int>(Exit::io_error);
    }
}
