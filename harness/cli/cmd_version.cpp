// harness/cli/cmd_version.cpp: `foliocheck version` (and `--version`): what a verdict rests on,
// for a bug report to quote: the build, the LKMM the exact engine implements (pinned) and the
// solver.
#include <iostream>

#include "harness/cli/commands.hpp"
#include "harness/cli/options.hpp"
#include "harness/search/request_fields.hpp"
#include "harness/search/verdict.hpp"
#include "model/lkmm/version.hpp"

namespace fc {

int cmd_version(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        out << "foliocheck version (or --version)\n"
               "  The build, the Linux-kernel memory model --memory lkmm implements (pinned kernel\n"
               "  commits), the oracle it is tested against and the solver.\n";
        return EXIT_HOLDS;
    }
    if (!args.empty()) throw UsageError("version takes no arguments, got '" + args[0] + "'");
    out << "foliocheck " << FOLIOCHECK_VERSION << " (build " << build_id() << ")\n"
        << "--memory lkmm: " << lkmm::kPinnedModel << "\n"
        << "  tested against " << lkmm::kOracle << "; solver " << lkmm::solver_version() << "\n"
        << "--memory sc, c11, relaxed: Relacy (Debian relacy-dev)\n";
    return EXIT_HOLDS;
}

}  // namespace fc
