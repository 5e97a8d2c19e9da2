// harness/cli/cmd_validate.cpp: `foliocheck validate`: one proposal against every check and the
// proposal's writers, one row per reader order, the weakest memory model at which each row
// fails, rows that mean nothing marked (vacuous holds, what-if combinations), and the first
// counterexample of each failing check/writer pair.
#include <unistd.h>

#include <map>
#include <sstream>

#include "checks/concurrency.hpp"
#include "checks/kernels.hpp"
#include "harness/cli/options.hpp"
#include "harness/cli/sweep_cli.hpp"
#include "harness/search/matrix.hpp"
#include "harness/search/validate_rows.hpp"

namespace po = boost::program_options;

namespace fc {

SweepPlan parse_validate_options(const std::vector<std::string>& args) {
    SweepPlan plan;
    po::options_description d = sweep_description("validate options");
    const std::string kernel_help = "with --writer: the release whose checks judge it (default " +
                                    std::string(all_kernels().back().name) + "; " + kernel_names() + ")";
    d.add_options()("proposal", po::value<std::string>(), "the proposal to validate (foliocheck list)")(
        "writer", po::value<std::string>(),
        "instead of a proposal: a writer (a built-in, or the one --writer-file FILE loads) against every check of "
        "--kernel")("kernel", po::value<std::string>(), kernel_help.c_str());
    const po::variables_map vm = parse_vm(args, d, nullptr, "validate");
    if (vm.count("help")) {
        std::ostringstream h;
        h << "usage: foliocheck validate --proposal P [options]\n"
             "       foliocheck validate --writer-file FILE [--kernel V] [options]\n"
          << d;
        plan.help = h.str();
        return plan;
    }
    plan.options = sweep_options(vm);
    if (vm.count("writer")) {
        if (vm.count("proposal")) throw UsageError("validate takes --proposal or --writer (--writer-file), not both");
        const std::string name = vm["writer"].as<std::string>();
        plan.writer = find_writer(name);
        if (!plan.writer) throw UsageError("unknown writer '" + name + "'; valid: " + writer_names());
        const std::string k = vm.count("kernel") ? vm["kernel"].as<std::string>() : all_kernels().back().name;
        plan.kernel = find_kernel(k);
        if (!plan.kernel) throw UsageError("unknown --kernel '" + k + "'; valid: " + kernel_names());
        plan.reqs = {writer_requests(plan.writer, *plan.kernel, plan.options)};
        if (plan.reqs[0].empty())
            throw UsageError("no check of " + k + " has a configuration at these --pages; add sizes, e.g. --pages 1-3");
        return plan;
    }
    if (vm.count("kernel"))
        throw UsageError("--kernel goes with --writer/--writer-file: a proposal names its own writers and design");
    if (!vm.count("proposal"))
        throw UsageError("validate needs --proposal P ('foliocheck list' names them) or --writer-file FILE");
    const Proposal& p = proposal_arg(vm["proposal"].as<std::string>());
    plan.proposals = {&p};
    plan.reqs = {proposal_requests(p, plan.options)};
    return plan;
}

int cmd_validate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const SweepPlan plan = parse_validate_options(args);
    if (!plan.help.empty()) {
        out << plan.help;
        return EXIT_HOLDS;
    }
    // What is validated: a proposal, or a writer against a release's checks.
    const std::string name = plan.writer ? plan.writer->name : plan.proposals[0]->name;
    const std::string summary = plan.writer ? std::string(plan.writer->summary) + "; every check " + plan.kernel->name +
                                                  " runs, its mapcount design"
                                            : plan.proposals[0]->summary;
    const SweepOptions& o = plan.options;
    const std::vector<SweepRow> results =
        run_matrix(plan.reqs[0], o.jobs, progress_line(progress_wanted(o.format == OutputFormat::json)), result_json);
    if (sweep_interrupted(results))  // no rows, no "fails from" from searches that did not complete
        return report_interrupted("validate", results, out, err, o.format == OutputFormat::json);
    if (const int c = report_error_rows("validate", results, out, err, o.format == OutputFormat::json, true); c >= 0)
        return c;
    const std::vector<Row> rows = group_rows(results);
    const int code = results_exit_code(results, o.expect);
    if (count_not_run(results)) err << "foliocheck: " << not_run_note(results) << "\n";
    if (o.format == OutputFormat::json) {
        nlohmann::json j;
        if (plan.writer) {
            j["writer"] = name;
            j["kernel"] = plan.kernel->name;
        } else {
            j["proposal"] = name;
        }
        j["rows"] = nlohmann::json::array();
        for (const Row& r : rows) j["rows"].push_back(row_json(r));
        j["results"] = rows_json(results);
        j["not_run"] = count_not_run(results);
        out << j.dump(2) << "\n";
        return code;
    }
    const bool md = o.format == OutputFormat::markdown;
    if (!md)
        out << "foliocheck validate: " << name << ": " << summary << "\n"
            << results.size() << " configurations, search " << search_name(o.search.mode)
            << ", one row per reader order\n\n";
    out << rows_text(rows, o.memories, md);
    if (count_not_run(results)) out << "\n" << not_run_note(results) << "\n";
    if (md) return code;
    // The first counterexample of each failing check/writer pair: fewest pages, weakest model.
    std::map<std::string, bool> shown;
    for (const Row& g : rows) {
        const std::string pair = g.check + " vs " + g.writer;
        if (shown[pair]) continue;
        for (Memory m : o.memories)
            if (g.verdict.count(m) && g.verdict.at(m) == Outcome::violation) {
                shown[pair] = true;
                out << "\n== " << pair << ", " << g.pages << (g.pages == 1 ? " page" : " pages") << ", reader "
                    << g.order << ", memory " << memory_name(m) << " ==\n"
                    << replay_block(g.token.count(m) ? g.token.at(m) : "");
                break;
            }
    }
    return code;
}

}  // namespace fc
