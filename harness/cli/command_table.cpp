// harness/cli/command_table.cpp: the table (see command_table.hpp).
#include "harness/cli/command_table.hpp"

#include "harness/cli/commands.hpp"

namespace fc {

const std::vector<Command>& command_table() {
    // The usage column is aligned so that the hints after the synopses line up in --help.
    static const std::vector<Command> table = {
        {"list", "list", cmd_list},
        {"version", "version                                     build, pinned LKMM, herd7 oracle, solver",
         cmd_version},
        {"run", "run --check CHECK --writer WRITER [options]   (foliocheck run --help)", cmd_run},
        {"replay", "replay TOKEN [--trace story|raw] [--json]", cmd_replay},
        {"matrix", "matrix [options]                            (foliocheck matrix --help)", cmd_matrix},
        {"merge", "merge SHARD.json... [--markdown|--csv|--json]", cmd_merge},
        {"validate", "validate --proposal P [options]             (foliocheck validate --help)", cmd_validate},
        {"compare", "compare P1 P2 [options]", cmd_compare},
        {"fixes", "fixes --check C [--writer W] [run options]  try the fix catalogue against every writer", cmd_fixes},
        {"release", "release --kernel V [options]                is release V safe? (foliocheck list)", cmd_release},
        {"review", "review --kernel V --patch-file F [options]  does a patch add a failure? (foliocheck review --help)",
         cmd_review},
        {"litmus", "litmus [options] FILE...                    run scenario files (foliocheck litmus --help)",
         cmd_litmus},
    };
    return table;
}

const Command* find_command(const std::string& name) {
    for (const Command& c : command_table())
        if (name == c.name) return &c;
    return nullptr;
}

std::string usage_text() {
    std::string s;
    for (const Command& c : command_table())
        s += std::string(s.empty() ? "usage: " : "       ") + "foliocheck " + c.usage + "\n";
    return s;
}

std::string command_names() {
    std::string s;
    for (const Command& c : command_table()) s += (s.empty() ? "" : ", ") + std::string(c.name);
    return s;
}

}  // namespace fc
