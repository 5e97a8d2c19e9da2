// harness/cli/options.hpp: the command line, parsed and validated (Boost.Program_options).
// Every bad input becomes a UsageError: one line naming the problem and the fix (exit 2).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "harness/search/runner.hpp"

namespace fc {

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct RunOptions {
    RunRequest request;
    bool json = false;
    std::string litmus_file;  // --litmus FILE: the counterexample as an LKMM litmus test
    std::string dot_file;     // --dot FILE: the counterexample execution as a graphviz digraph
    bool minimize = false;    // --minimize: fewest pages, then the shortest prefix of the writer's path
    unsigned jobs = 1;        // --jobs N: one search split over N child processes (harness/search/split.hpp)
};

// Parses `run` arguments (argv after the subcommand). Throws UsageError.
RunOptions parse_run_options(const std::vector<std::string>& args);
std::string run_help();

// "FIRST-LAST" or "N" (pages 0..kMaxPages-1) for --range and --mms.
PageRange parse_page_range(const std::string& option, const std::string& text);
// --kernel: the release's form of the named check and writer, and its mapcount design.
// Throws UsageError for an unknown release, or a check/writer the release does not run
// (unless r.what_if).
void resolve_kernel(RunRequest& r, const std::string& check, const std::string& writer);
// --also WRITER[:RANGE] (after --kernel and --what-if are known).
ExtraWriter parse_also(const std::string& text, const RunRequest& r);

// Number parsing with messages that name the option.
long long parse_integer(const std::string& option, const std::string& text, long long min, long long max);
double parse_seconds(const std::string& option, const std::string& text);

// User text made fit for a one-line message: control characters (a newline or a terminal
// escape in an argument or a replay token) become \xNN.
std::string escape_controls(const std::string& text);

// Boost.Program_options 1.74 fills its error messages by replacing "%option%", "%value%",
// ... until none is left: an argument that contains one of these loops forever (and grows
// without bound) as soon as a message names it. Call before handing arguments to Boost.
void reject_parser_placeholders(const std::vector<std::string>& args);

}  // namespace fc
