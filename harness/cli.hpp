// harness/cli.hpp: the subcommands. main.cpp only calls cli_main().
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace fc {

int cli_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace fc
