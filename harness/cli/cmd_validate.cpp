// harness/cli/cmd_validate.cpp: `foliocheck validate`: one proposal against every check and the
// proposal's writers, one row per reader order, the weakest memory model at which each row
// fails, rows that mean nothing marked (vacuous holds, what-if combinations), and the first
// counterexample of each failing check/writer pair.
#include <unistd.h>

#include <map>
#include <sstream>

#include "checks/concurrency.hpp"
#include "harness/cli/options.hpp"
#include "harness/cli/sweep_cli.hpp"
#include "harness/search/matrix.hpp"
#include "harness/search/validate_rows.hpp"

namespace po = boost::program_options;

namespace fc {

SweepPlan parse_validate_options(const std::vector<std::string>& args) {
    SweepPlan plan;
    po::options_description d = sweep_description("validate options");
    d.add_options()("proposal", po::value<std::string>(), "the proposal to validate (foliocheck list)");
    const po::variables_map vm = parse_vm(args, d, nullptr, "validate");
    if (vm.count("help")) {
        std::ostringstream h;
        h << "usage: foliocheck validate --proposal P [options]\n" << d;
        plan.help = h.str();
        return plan;
    }
    if (!vm.count("proposal")) throw UsageError("validate needs --proposal P; 'foliocheck list' names them");
    const Proposal& p = proposal_arg(vm["proposal"].as<std::string>());
    plan.proposals = {&p};
    plan.options = sweep_options(vm);
    plan.reqs = {proposal_requests(p, plan.options)};
    return plan;
}

int cmd_validate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const SweepPlan plan = parse_validate_options(args);
    if (!plan.help.empty()) {
        out << plan.help;
        return EXIT_HOLDS;
    }
    const Proposal& p = *plan.proposals[0];
    const SweepOptions& o = plan.options;
    const std::vector<SweepRow> results =
        run_matrix(plan.reqs[0], o.jobs, progress_line(::isatty(STDERR_FILENO) != 0), result_json);
    if (sweep_interrupted(results))  // no rows, no "fails from" from searches that did not complete
        return report_interrupted("validate", results, out, err, o.format == OutputFormat::json);
    if (const int c = report_error_rows("validate", results, out, err, o.format == OutputFormat::json, true); c >= 0)
        return c;
    const std::vector<Row> rows = group_rows(results);
    const int code = results_exit_code(results, o.expect);
    if (o.format == OutputFormat::json) {
        nlohmann::json j;
        j["proposal"] = p.name;
        j["rows"] = nlohmann::json::array();
        for (const Row& r : rows) j["rows"].push_back(row_json(r));
        j["results"] = rows_json(results);
        out << j.dump(2) << "\n";
        return code;
    }
    const bool md = o.format == OutputFormat::markdown;
    if (!md)
        out << "foliocheck validate: " << p.name << ": " << p.summary << "\n"
            << results.size() << " configurations, search " << search_name(o.search.mode)
            << ", one row per reader order\n\n";
    out << rows_text(rows, o.memories, md);
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
