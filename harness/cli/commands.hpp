// harness/cli/commands.hpp: the commands the command table (command_table.hpp) dispatches to.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/kernels.hpp"
#include "harness/cli/expect.hpp"
#include "harness/report/progress.hpp"
#include "harness/report/report.hpp"
#include "harness/report/sweep_tables.hpp"
#include "harness/search/fixes_search.hpp"
#include "harness/search/matrix.hpp"
#include "harness/search/proposals.hpp"
#include "harness/search/token.hpp"

namespace fc {

enum class OutputFormat { text, json, csv, markdown };
OutputFormat output_format(bool json, bool csv, bool markdown);  // throws UsageError if several

// Parse-only entry points: everything a command checks before it runs a simulation, as the
// command itself calls it. Each throws the command's UsageError; none forks or searches
// (tests and fuzz/ drive them). `help` is set instead when --help was asked for.
struct MatrixPlan {
    std::string help;
    MatrixSpec spec;
    Skipped skipped;
    std::vector<RunRequest> reqs;     // after --shard; never empty
    std::vector<size_t> sweep_index;  // each request's position in the whole sweep (before --shard)
    unsigned jobs = 1;
    Expect expect = Expect::none;
    OutputFormat format = OutputFormat::text;
};
MatrixPlan parse_matrix_options(const std::vector<std::string>& args);

struct SweepOptions {  // validate, compare and release
    std::vector<int> pages = {1, 2, 3};
    std::vector<Memory> memories = {Memory::sc, Memory::lkmm, Memory::relaxed};
    std::string order;  // --reader-order: "" (the proposal's), kernel, ref-first, map-first, either
    SearchSpec search;
    unsigned jobs = 1;
    Expect expect = Expect::none;
    OutputFormat format = OutputFormat::text;
};
struct SweepPlan {
    std::string help;
    std::vector<const Proposal*> proposals;  // validate: one (or none with --writer); compare: two
    const WriterDef* writer = nullptr;       // validate --writer (--writer-file): the path validated
    const KernelRelease* kernel = nullptr;   // with it: the release whose checks it is judged by
    SweepOptions options;
    std::vector<std::vector<RunRequest>> reqs;  // one list per proposal
};
SweepPlan parse_validate_options(const std::vector<std::string>& args);
SweepPlan parse_compare_options(const std::vector<std::string>& args);

// The question (check, writers, pages, --max-fixes, --jobs) and how to answer it.
struct FixesPlan : FixQuery {
    std::string help;
    Expect expect = Expect::none;
    bool json = false;
};
FixesPlan parse_fixes_options(const std::vector<std::string>& args);

struct ReplayPlan {
    ReplayToken token;  // decoded and checked
    bool raw = false;   // --trace raw
    bool json = false;
};
ReplayPlan parse_replay_options(const std::vector<std::string>& args);
// replay's arguments, the token not yet decoded (it may be a run's or a litmus file's).
struct ReplayArgs {
    std::string token;
    bool raw = false;  // --trace raw
    bool json = false;
    bool help = false;
};
ReplayArgs parse_replay_args(const std::vector<std::string>& args);

// The commands (harness/cli/command_table.cpp has their rows), one file each: args are the
// words after the command's name.
int cmd_list(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_version(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_replay(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_matrix(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_merge(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
std::string matrix_help();
int cmd_validate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_compare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_fixes(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_release(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_review(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);  // cmd_review.hpp

// harness/cli/cmd_litmus.cpp: scenario files (lang/). parse_litmus_options() is the parse-only
// entry point (options only: files are read when the command runs); `help` set for --help.
struct LitmusPlan {
    std::string help;
    size_t files = 0;
};
LitmusPlan parse_litmus_plan(const std::vector<std::string>& args);
int cmd_litmus(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_litmus_replay(const ReplayArgs& args, std::ostream& out, std::ostream& err);
std::string litmus_help();

int print_results(const std::vector<nlohmann::json>& results, OutputFormat fmt, std::ostream& out);

}  // namespace fc
