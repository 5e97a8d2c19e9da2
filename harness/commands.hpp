// harness/commands.hpp: the subcommands cli.cpp dispatches to, one file each.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fc {

enum class OutputFormat { text, json, csv, markdown };
OutputFormat output_format(bool json, bool csv, bool markdown);  // throws UsageError if several

int cmd_matrix(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_merge(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
std::string matrix_help();
int cmd_validate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_compare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_fixes(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

int print_results(const std::vector<nlohmann::json>& results, OutputFormat fmt, std::ostream& out);
int results_exit_code(const std::vector<nlohmann::json>& results, bool expect_holds);

}  // namespace fc
