// harness/cli/options.hpp: the command line, parsed and validated (Boost.Program_options).
// Every bad input becomes a UsageError: one line naming the problem and the fix (exit 2).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "harness/search/input.hpp"
#include "harness/search/runner.hpp"

namespace fc {

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

// Boost.Program_options 1.74 fills its error messages by replacing "%option%", "%value%",
// ... until none is left: an argument that contains one of these loops forever (and grows
// without bound) as soon as a message names it. Call before handing arguments to Boost.
void reject_parser_placeholders(const std::vector<std::string>& args);

}  // namespace fc
