// harness/cli/cli.hpp: the subcommands. main.cpp only calls cli_main().
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace fc {

int cli_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// What cli_main does first with a command's arguments (args without the command): every
// --writer-file FILE [--writer-hash H] is loaded and registered as a writer (lang/), and the
// command gets its name (run/fixes: --writer NAME; matrix: added to --writers; validate
// becomes matrix --writers NAME --memory sc,lkmm,relaxed: the writer against every check,
// and *run_as is set to "matrix"). Throws UsageError. Parse-only callers (fuzz/) apply it
// before a command's parser, as cli_main does.
std::vector<std::string> take_writer_files(const std::string& cmd, const std::vector<std::string>& args,
                                           std::string* run_as = nullptr);

}  // namespace fc
