// harness/cli/cmd_release.cpp: `foliocheck release --kernel V`: "is V safe?" in one table. Every
// check of the release (checks/kernels.cpp, the same table `matrix --kernel V` runs) against
// every path the release runs and the check's locks allow, with the release's mapcount design,
// read orders and writer ranges, and for each failing row the smallest set of catalogue fixes
// that makes it hold; per check, the smallest set that holds against all those paths.
#include <unistd.h>

#include <algorithm>
#include <sstream>

#include "checks/concurrency.hpp"
#include "checks/kernels.hpp"
#include "harness/cli/options.hpp"
#include "harness/cli/sweep_cli.hpp"
#include "harness/search/fixes_search.hpp"
#include "harness/search/matrix.hpp"
#include "harness/search/validate_rows.hpp"

namespace po = boost::program_options;

namespace fc {

namespace {

struct ReleasePlan {
    std::string help;
    const KernelRelease* release = nullptr;
    SweepOptions options;
    bool fixes = true;
};

ReleasePlan parse_release_options(const std::vector<std::string>& args) {
    ReleasePlan plan;
    po::options_description d = sweep_description("release options", "sc,lkmm");
    d.add_options()("kernel", po::value<std::string>(), "the release (foliocheck list: kernel releases)")(
        "no-fixes", "do not search the fix catalogue for failing rows");
    const po::variables_map vm = parse_vm(args, d, nullptr, "release");
    if (vm.count("help")) {
        std::ostringstream h;
        h << "usage: foliocheck release --kernel V [options]\n" << d;
        plan.help = h.str();
        return plan;
    }
    if (!vm.count("kernel")) throw UsageError("release needs --kernel V; valid: " + kernel_names());
    plan.release = find_kernel(vm["kernel"].as<std::string>());
    if (!plan.release)
        throw UsageError("unknown --kernel '" + vm["kernel"].as<std::string>() + "'; valid: " + kernel_names());
    plan.options = sweep_options(vm);
    if (!vm.count("memory")) plan.options.memories = {Memory::sc, Memory::lkmm};
    if (!plan.options.order.empty())
        throw UsageError("release reads in the release's own orders; drop --reader-order (use validate for others)");
    plan.fixes = !vm.count("no-fixes");
    return plan;
}

FixesPlan fix_plan(const ReleasePlan& plan, const CheckDef* c, std::vector<const WriterDef*> writers,
                   std::vector<int> pages, Memory m, const std::string& order, const std::string& range) {
    FixesPlan f;
    f.base.check = c;
    f.base.writer = writers.front();
    f.base.mapcount = plan.release->design;
    f.base.kernel = plan.release->name;
    f.base.own_ref_taken = true;  // as every --kernel run (harness/search/matrix.cpp enumerate())
    if (range == "0") f.base.range = PageRange{0, 0};
    if (order != "kernel") {
        ReadOrder o;
        parse_read_order(order, o);
        f.base.order = o;
    }
    f.base.memory = m;
    f.base.search = plan.options.search;
    f.writers = std::move(writers);
    f.pages = std::move(pages);
    f.jobs = plan.options.jobs;
    return f;
}

// "reader-map-first + reader-rmb" (the smallest sets that hold, joined by " or "), or "none".
std::string smallest_fix(const FixSearch& s) {
    const std::vector<const SetResult*> h = holding_sets(s);
    if (h.empty()) return s.as_given.verdict == Outcome::holds ? "-" : "none in the catalogue";
    std::vector<std::string> names;
    for (const SetResult* r : h)
        if (r->fixes.size() == h.front()->fixes.size()) names.push_back(r->name());
    // smp_mb() where smp_rmb() already does: the stronger barrier is not a second answer.
    std::string out;
    for (const std::string& n : names) {
        std::string weaker = n;
        const size_t at = weaker.find("reader-mb");
        if (at != std::string::npos) weaker.replace(at, 9, "reader-rmb");
        if (weaker != n && std::find(names.begin(), names.end(), weaker) != names.end()) continue;
        out += (out.empty() ? "" : " or ") + n;
    }
    return out;
}

}  // namespace

int cmd_release(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const ReleasePlan plan = parse_release_options(args);
    if (!plan.help.empty()) {
        out << plan.help;
        return EXIT_HOLDS;
    }
    const KernelRelease& k = *plan.release;
    const SweepOptions& o = plan.options;
    const bool tty = progress_wanted(o.format == OutputFormat::json);
    const bool md = o.format == OutputFormat::markdown;
    std::vector<SweepRow> all;
    nlohmann::json jchecks = nlohmann::json::array();
    std::ostringstream body;
    size_t failing = 0, rows_total = 0, sc_failing = 0;
    size_t check_no = 0;
    for (const CheckDef* c : k.checks) {
        check_no++;
        const std::string phase =
            "check " + std::to_string(check_no) + "/" + std::to_string(k.checks.size()) + " (" + c->name + ")";
        const std::vector<const WriterDef*> writers = kernel_racing_writers(k, c);
        if (writers.empty()) continue;  // no path of this release races the check
        // The release's own table (kernel_matrix(), as `matrix --kernel`), one check at a time.
        MatrixSpec spec = kernel_matrix(k.name);
        spec.checks = {c};
        spec.writers = writers;
        spec.pages = c->small_only ? std::vector<int>{1} : o.pages;
        spec.memories = o.memories;
        spec.search = o.search;
        Skipped skipped;
        const std::vector<SweepRow> results = run_matrix(
            enumerate(spec, skipped), o.jobs, progress_line(tty, phase + ": the release's rows"), result_json);
        all.insert(all.end(), results.begin(), results.end());
        if (sweep_interrupted(all))  // no rows, no fixes from searches that did not complete
            return report_interrupted("release", all, out, err, o.format == OutputFormat::json);
        const std::vector<Row> rows = group_rows(results);
        std::vector<std::string> fixes;
        nlohmann::json jrows = nlohmann::json::array();
        for (const Row& r : rows) {
            rows_total++;
            std::string fix = "-";
            Memory weakest = Memory::sc;
            bool fails = false;
            for (const auto& [m, v] : r.verdict)
                if (v == Outcome::violation) {
                    fails = true;
                    weakest = m;  // the map is ordered sc < lkmm < relaxed: the last is the weakest
                }
            if (fails) {
                failing++;
                if (r.verdict.count(Memory::sc) && r.verdict.at(Memory::sc) == Outcome::violation) sc_failing++;
            }
            if (fails && plan.fixes && command_timed_out()) fix = "not searched (command timeout)";
            else if (fails && plan.fixes)
                fix = smallest_fix(
                          search_fixes(fix_plan(plan, c, {find_writer(r.writer)}, {r.pages}, weakest, r.order, r.range),
                                       progress_line(tty, phase + ": fixes for a failing row"), result_json)) +
                      " (" + memory_name(weakest) + ")";
            fixes.push_back(fix);
            nlohmann::json jr = row_json(r);
            jr["fix"] = fix;
            jrows.push_back(jr);
        }
        body << (md ? "### " : "== ") << c->name << " (" << c->kernel << ")" << (md ? "\n\n" : " ==\n");
        body << "paths its locks allow that " << k.name << " runs: ";
        for (size_t i = 0; i < writers.size(); i++) body << (i ? ", " : "") << writers[i]->name;
        body << (md ? "\n\n" : "\n");
        const std::pair<std::string, std::vector<std::string>> extra{"fix for this row (model judged)", fixes};
        body << rows_text(rows, o.memories, md, &extra);
        std::string check_fix;
        if (plan.fixes && command_timed_out()) {
            body << "fix for the whole check: not searched (command timeout)\n\n";
        } else if (plan.fixes) {
            const Memory weakest = o.memories.back();
            const FixSearch fs = search_fixes(fix_plan(plan, c, writers, spec.pages, weakest, "kernel", "all"),
                                              progress_line(tty, phase + ": fixes for the whole check"), result_json);
            const std::vector<const SetResult*> h = holding_sets(fs);
            if (fs.as_given.verdict == Outcome::holds) check_fix = "holds against every path as released";
            else if (!h.empty()) check_fix = "holds against every path with: " + smallest_fix(fs);
            else {
                const SetResult* b = best_failing_set(fs);
                const int i = b ? b->first_violation() : -1;
                check_fix = "no set of the catalogue holds against every path";
                if (i >= 0)
                    check_fix += "; closest: " + b->name() + ", broken by " + b->writers[static_cast<size_t>(i)]->name +
                                 " at " + std::to_string(b->pages[static_cast<size_t>(i)]) + " page(s)";
            }
            check_fix += " (" + std::string(memory_name(weakest)) + ")";
            body << (md ? "\n" : "") << "fix for the whole check: " << check_fix << "\n\n";
        }
        jchecks.push_back({{"check", c->name}, {"rows", jrows}, {"fix", check_fix}});
    }
    // A signal during a fix search: its sets did not complete, so no row's fix can be shown.
    if (sweep_interrupted(all)) return report_interrupted("release", all, out, err, o.format == OutputFormat::json);
    if (const int c = report_error_rows("release", all, out, err, o.format == OutputFormat::json, true); c >= 0)
        return c;
    const int code = results_exit_code(all, o.expect);
    std::ostringstream verdict;
    verdict << "is " << k.name << " safe? ";
    const size_t not_run = count_not_run(all);
    if (not_run) err << "foliocheck: " << not_run_note(all) << "\n";
    if (failing == 0 && not_run) verdict << "not answered: " << not_run_note(all);
    else if (failing == 0) verdict << "every row holds (" << rows_total << " rows)";
    else
        verdict << "no: " << failing << " of " << rows_total << " rows fail, " << sc_failing << " already under sc"
                << (not_run ? "; " + not_run_note(all) : std::string());
    if (o.format == OutputFormat::json) {
        nlohmann::json j = {{"kernel", k.name},         {"summary", k.summary}, {"sources", k.sources},
                            {"verdict", verdict.str()}, {"checks", jchecks},    {"results", rows_json(all)}};
        out << j.dump(2) << "\n";
        return code;
    }
    if (!md)
        out << "foliocheck release " << k.name << ": " << k.summary << "\nsources: " << k.sources << "\n"
            << all.size() << " configurations, search " << search_name(o.search.mode) << "\n";
    out << (md ? "**" : "") << verdict.str() << (md ? "**" : "") << "\n\n" << body.str();
    return code;
}

}  // namespace fc
