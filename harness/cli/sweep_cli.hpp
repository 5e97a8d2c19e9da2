// harness/cli/sweep_cli.hpp: what validate, compare, fixes and release share: their options
// (one grammar: --pages, --memory, --reader-order, --search, limits, --jobs, --expect, output),
// proposal lookup, tables in text or Markdown, and the counterexample block of a replay token.
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "harness/cli/commands.hpp"
#include "harness/report/tables.hpp"

namespace fc {

boost::program_options::options_description sweep_description(const char* title);
SweepOptions sweep_options(const boost::program_options::variables_map& vm);
boost::program_options::variables_map parse_vm(const std::vector<std::string>& args,
                                               const boost::program_options::options_description& d,
                                               const boost::program_options::positional_options_description* pos,
                                               const char* cmd);
std::vector<int> parse_pages_option(const std::string& text);
const Proposal& proposal_arg(const std::string& name);

// A proposal's configurations: every check against the proposal's writers, one row per reader
// order (the proposal's, or --reader-order).
std::vector<RunRequest> proposal_requests(const Proposal& p, const SweepOptions& o);

// The counterexample block `replay` prints for a token (run in a child, like every search).
std::string replay_block(const std::string& token);

// "ref-first" -> "refcount-first" (prose).
std::string order_prose(const std::string& order);

}  // namespace fc
