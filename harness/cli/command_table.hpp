// harness/cli/command_table.hpp: the commands foliocheck answers, one row each. The dispatch
// (cli_main), the top-level usage (`foliocheck --help`) and the unknown-command error all read
// this table, so a command is added by adding its row (docs/development.md, "Adding a command").
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace fc {

// args: the words after the command's name. Returns an exit code (harness/search/verdict.hpp);
// bad input is a UsageError, which cli_main prints as one line and exit 2.
using CommandFn = int (*)(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

struct Command {
    const char* name;
    const char* usage;  // its line of `foliocheck --help`, after "foliocheck "
    CommandFn run;      // answers --help with its own help and exit 0
};

const std::vector<Command>& command_table();
const Command* find_command(const std::string& name);  // null if there is none

std::string usage_text();     // `foliocheck --help`: one usage line per command, in table order
std::string command_names();  // "list, run, ...": what the unknown-command error lists

}  // namespace fc
