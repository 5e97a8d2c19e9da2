// harness/options.hpp: the command line, parsed and validated (Boost.Program_options).
// Every bad input becomes a UsageError: one line naming the problem and the fix (exit 2).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "harness/runner.hpp"

namespace fc {

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct RunOptions {
    RunRequest request;
    bool json = false;
};

// Parses `run` arguments (argv after the subcommand). Throws UsageError.
RunOptions parse_run_options(const std::vector<std::string>& args);
std::string run_help();

// Number parsing with messages that name the option.
long long parse_integer(const std::string& option, const std::string& text, long long min, long long max);
double parse_seconds(const std::string& option, const std::string& text);

}  // namespace fc
