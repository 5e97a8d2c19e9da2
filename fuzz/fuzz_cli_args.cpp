// fuzz/fuzz_cli_args.cpp: the whole command line, every subcommand, without ever running a
// simulation or forking.
//
// Input: one argument per line (see fuzz_support.hpp); the first is the subcommand.
//   run, replay, matrix, validate, compare, fixes: only the command's parse-only entry point
//     runs (harness/cli/commands.hpp). When it rejects the arguments, cli_main runs on them too,
//     which then stops at the same point: it must exit 2 with exactly one line
//     "foliocheck: ..." on stderr and nothing on stdout. Arguments it accepts are never
//     handed to cli_main (that would start a search).
//   merge: runs whole (it reads files and prints, no simulation). Each file argument is
//     replaced by an in-memory file (memfd) holding the argument's own text, so the input
//     fuzzes the shard JSON as well and never opens a real path.
//   litmus: parse-only too (parse_litmus_plan). Before any of these, --writer-file FILE is
//     applied as cli_main applies it (take_writer_files: it reads a scenario file, no search).
//   anything else (list, help, unknown commands, no arguments): cli_main runs whole.
// Properties: no exception but UsageError escapes a parse-only entry point; cli_main never
// reports an internal error for bad input, and its stderr is empty or one usage line.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "harness/cli/cli.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/options.hpp"

namespace {

struct Outcome {
    int rc;
    std::string out, err;
};

Outcome run_cli(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    const int rc = fc::cli_main(args, out, err);
    return {rc, out.str(), err.str()};
}

// cli_main's answer to arguments that its parser rejects or that ask for help.
void expect_usage_error(const std::vector<std::string>& args) {
    const Outcome o = run_cli(args);
    const std::string a = fcfuzz::joined(args);
    fcfuzz::require(o.rc == 2, "rejected arguments do not exit 2", a + " -> " + std::to_string(o.rc));
    fcfuzz::require(fcfuzz::usage_line(o.err), "usage error is not one 'foliocheck: ' line",
                    a + " -> " + fcfuzz::printable(o.err));
    fcfuzz::require(o.out.empty(), "usage error also wrote to stdout", a);
}

void expect_help(const std::vector<std::string>& args) {
    const Outcome o = run_cli(args);
    fcfuzz::require(o.rc == 0 && o.err.empty() && !o.out.empty(), "help is not exit 0 with text on stdout",
                    fcfuzz::joined(args));
}

// A command that never simulates: any outcome is fine except an internal error, and stderr
// must be empty or one usage line (exit 2).
void expect_clean(const std::vector<std::string>& args) {
    const Outcome o = run_cli(args);
    const std::string a = fcfuzz::joined(args);
    fcfuzz::require(o.err.rfind("[foliocheck internal", 0) == std::string::npos,
                    "bad input reported as an internal error", a + " -> " + fcfuzz::printable(o.err));
    if (o.rc == 2)
        fcfuzz::require(fcfuzz::usage_line(o.err), "usage error is not one 'foliocheck: ' line",
                        a + " -> " + fcfuzz::printable(o.err));
    else fcfuzz::require(o.err.empty(), "stderr output without a usage error", a + " -> " + fcfuzz::printable(o.err));
}

// Parses with a parse-only entry point; on rejection checks cli_main's answer, on help the
// help output. Arguments it accepts go no further: cli_main would run them.
template <typename Parse>
void parse_only(const std::vector<std::string>& args, Parse parse) {
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    std::string help;
    try {
        help = parse(rest);
    } catch (const fc::UsageError& e) {
        if (std::string(e.what()) == "help") {  // run's parser asks its caller for the help
            expect_help(args);
            return;
        }
        fcfuzz::require(e.what()[0] != '\0', "empty UsageError", fcfuzz::joined(args));
        expect_usage_error(args);
        return;
    }
    if (!help.empty()) expect_help(args);
}

void fuzz_merge(std::vector<std::string> args) {
    std::vector<int> fds;
    for (size_t i = 1; i < args.size(); i++) {
        const std::string& a = args[i];
        if (!a.empty() && a[0] == '-') continue;  // an option, as merge sees it
        const int fd = ::memfd_create("fuzz-shard", 0);
        fcfuzz::require(fd >= 0, "memfd_create failed");
        size_t off = 0;
        while (off < a.size()) {
            const ssize_t n = ::write(fd, a.data() + off, a.size() - off);
            fcfuzz::require(n > 0, "write to memfd failed");
            off += static_cast<size_t>(n);
        }
        fds.push_back(fd);
        args[i] = "/proc/self/fd/" + std::to_string(fd);
    }
    expect_clean(args);
    for (int fd : fds) ::close(fd);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::vector<std::string> args = fcfuzz::split_args(data, size);
    std::string cmd = args.empty() ? "" : args[0];
    if (cmd != "merge" && !args.empty()) {
        // cli_main first loads --writer-file FILE (a scenario file) and hands the command the
        // writer's name: the parse-only entry points below must see what cli_main's parsers see.
        try {
            std::vector<std::string> rest = fc::take_writer_files(cmd, {args.begin() + 1, args.end()}, &cmd);
            rest.insert(rest.begin(), cmd);
            args = rest;
        } catch (const fc::UsageError& e) {
            fcfuzz::require(e.what()[0] != '\0', "empty UsageError", fcfuzz::joined(args));
            expect_usage_error(args);
            return 0;
        }
    }
    if (cmd == "run") {
        parse_only(args, [](const std::vector<std::string>& a) {
            fc::parse_run_options(a);
            return std::string();
        });
    } else if (cmd == "replay") {
        parse_only(args, [](const std::vector<std::string>& a) {
            // --help before anything it would reject asks for the help (cli_main's order).
            if (fc::parse_replay_args(a).help) return std::string("help");
            fc::parse_replay_options(a);
            return std::string();
        });
    } else if (cmd == "matrix") {
        parse_only(args, [&](const std::vector<std::string>& a) {
            const fc::MatrixPlan p = fc::parse_matrix_options(a);
            fcfuzz::require(!p.help.empty() || !p.reqs.empty(), "matrix accepted an empty selection",
                            fcfuzz::joined(args));
            return p.help;
        });
    } else if (cmd == "validate") {
        parse_only(args, [](const std::vector<std::string>& a) { return fc::parse_validate_options(a).help; });
    } else if (cmd == "compare") {
        parse_only(args, [](const std::vector<std::string>& a) { return fc::parse_compare_options(a).help; });
    } else if (cmd == "fixes") {
        parse_only(args, [](const std::vector<std::string>& a) { return fc::parse_fixes_options(a).help; });
    } else if (cmd == "litmus") {  // runs searches when accepted: parse only
        parse_only(args, [](const std::vector<std::string>& a) { return fc::parse_litmus_plan(a).help; });
    } else if (cmd == "merge") {
        fuzz_merge(args);
    } else {
        expect_clean(args);  // list, help, unknown commands, no command: nothing simulates
    }
    return 0;
}
