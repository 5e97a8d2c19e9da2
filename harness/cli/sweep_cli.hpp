// harness/cli/sweep_cli.hpp: what validate, compare, fixes and release share: their options
// (one grammar: --pages, --memory, --reader-order, --search, limits, --jobs, --expect, output),
// proposal lookup, tables in text or Markdown, and the counterexample block of a replay token.
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "checks/kernels.hpp"
#include "harness/cli/commands.hpp"
#include "harness/report/tables.hpp"

namespace fc {

// memory_default: the --memory default the command's help states (the command sets it).
boost::program_options::options_description sweep_description(const char* title,
                                                              const char* memory_default = "sc,lkmm,relaxed");

// --timeout of every sweep: one budget for the whole command (pool.hpp, set_command_timeout).
constexpr const char* kCommandTimeoutHelp =
    "the whole command: stop after SECONDS; configurations not done by then are 'not run (command timeout)' "
    "(exit 4); --timeout-each limits each configuration";
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

// A writer (a built-in, or one a writer file registered) against every check the release
// runs, with the release's mapcount design, one row per reader order. A check whose locks
// exclude the writer, or a size either never meets, is run and marked what-if (as a
// proposal's rows are): the table stays complete and says which rows the kernel never runs.
std::vector<RunRequest> writer_requests(const WriterDef* w, const KernelRelease& k, const SweepOptions& o);

// The counterexample block `replay` prints for a token (run in a child, like every search).
std::string replay_block(const std::string& token);

// "ref-first" -> "refcount-first" (prose).
std::string order_prose(const std::string& order);

}  // namespace fc
