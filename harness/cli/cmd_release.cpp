// harness/cli/cmd_release.cpp: `foliocheck release --kernel V`: "is V safe?" in one table. Every
// check of the release (checks/kernels.cpp, the same table `matrix --kernel V` runs) against
// every path the release merged and the check's locks allow, with the release's mapcount
// design, read orders and writer ranges, and for each failing row the smallest set of catalogue
// fixes that makes it hold; per check, the smallest set that holds against all those paths.
// "is V safe?" counts merged paths only, its failing rows split by what a miss costs
// (CheckDef::miss_cost); the patches posted against V (kOrigins) follow in a block of their
// own, each with its rows and its own count.
#include <unistd.h>

#include <algorithm>
#include <map>
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

// The rows one verdict line counts: all, failing, failing under sc, failing by miss cost.
struct Tally {
    size_t total = 0, failing = 0, sc_failing = 0;
    size_t unanswered = 0;  // rows without a failure and with a model not answered: never "holds"
    std::map<MissCost, size_t> by_cost;
    void add(const Row& r, const CheckDef* c) {
        total++;
        bool fails = false, sc = false, open = false;
        for (const auto& [m, v] : r.verdict) {
            if (v == Outcome::violation) {
                fails = true;
                sc = sc || m == Memory::sc;
            }
            if (v != Outcome::violation && v != Outcome::holds) open = true;
        }
        if (!fails) {
            unanswered += open;
            return;
        }
        failing++;
        if (sc) sc_failing++;
        by_cost[c->miss_cost.cost]++;
    }
    // "every row holds (40 rows)" or "no: 3 of 40 rows fail: 2 can corrupt data, 1 wastes work; 2 already under sc"
    std::string text() const {
        std::ostringstream s;
        if (failing == 0 && unanswered) {
            s << "not answered: no row fails, but " << unanswered << " of " << total
              << " rows have a model without an answer (a limit or the command's --timeout)";
            return s.str();
        }
        if (failing == 0) {
            s << "every row holds (" << total << " rows)";
            return s.str();
        }
        s << "no: " << failing << " of " << total << " rows fail: ";
        bool first = true;
        for (const auto& [cost, n] : by_cost) {
            s << (first ? "" : ", ") << n << " " << miss_cost_verb(cost, n);
            first = false;
        }
        s << "; " << sc_failing << " already under sc";
        return s.str();
    }
    nlohmann::json json() const {
        nlohmann::json by = nlohmann::json::object();
        for (const auto& [cost, n] : by_cost) by[miss_cost_name(cost)] = n;
        return {{"rows", total},
                {"failing", failing},
                {"failing_sc", sc_failing},
                {"failing_by_cost", by},
                {"unanswered", unanswered}};
    }
};

// The fix cell of a failing row: the smallest catalogue set under the weakest failing model.
std::string row_fix(const ReleasePlan& plan, const CheckDef* c, const Row& r, const Progress& progress) {
    Memory weakest = Memory::sc;
    bool fails = false;
    for (const auto& [m, v] : r.verdict)
        if (v == Outcome::violation) {
            fails = true;
            weakest = m;  // the map is ordered sc < lkmm < relaxed: the last is the weakest
        }
    if (!fails || !plan.fixes) return "-";
    if (command_timed_out()) return "not searched (command timeout)";
    return smallest_fix(search_fixes(fix_plan(plan, c, {find_writer(r.writer)}, {r.pages}, weakest, r.order, r.range),
                                     progress, result_json)) +
           " (" + memory_name(weakest) + ")";
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
    Tally merged;
    // Per proposal (in the release's order): its rows' text and JSON, and its tally.
    struct ProposalBlock {
        std::ostringstream body;
        nlohmann::json rows = nlohmann::json::array();
        Tally tally;
    };
    std::map<const WriterDef*, ProposalBlock> proposed;
    size_t check_no = 0;
    for (const CheckDef* c : k.checks) {
        check_no++;
        const std::string phase =
            "check " + std::to_string(check_no) + "/" + std::to_string(k.checks.size()) + " (" + c->name + ")";
        const std::vector<const WriterDef*> writers = kernel_racing_writers(k, c);
        const std::vector<const WriterDef*> proposals = kernel_racing_proposals(k, c);
        if (writers.empty() && proposals.empty()) continue;  // no path of this release races the check
        // The release's own table (kernel_matrix(), as `matrix --kernel`), one check at a time.
        MatrixSpec spec = kernel_matrix(k.name);
        spec.checks = {c};
        spec.writers = kernel_racing_paths(k, c);
        spec.pages = c->small_only ? std::vector<int>{1} : o.pages;
        spec.memories = o.memories;
        spec.search = o.search;
        Skipped skipped;
        const std::vector<SweepRow> results = run_matrix(
            enumerate(spec, skipped), o.jobs, progress_line(tty, phase + ": the release's rows"), result_json);
        all.insert(all.end(), results.begin(), results.end());
        if (sweep_interrupted(all))  // no rows, no fixes from searches that did not complete
            return report_interrupted("release", all, out, err, o.format == OutputFormat::json);
        std::vector<Row> rows, proposal_rows;
        for (const Row& r : group_rows(results))
            (is_proposal(find_writer(r.writer)) ? proposal_rows : rows).push_back(r);
        std::vector<std::string> fixes;
        nlohmann::json jrows = nlohmann::json::array();
        for (const Row& r : rows) {
            merged.add(r, c);
            const std::string fix = row_fix(plan, c, r, progress_line(tty, phase + ": fixes for a failing row"));
            fixes.push_back(fix);
            nlohmann::json jr = row_json(r);
            jr["fix"] = fix;
            jr["miss_cost"] = miss_cost_name(c->miss_cost.cost);
            jrows.push_back(jr);
        }
        const std::string cost = std::string("a miss: ") + miss_cost_name(c->miss_cost.cost);
        body << (md ? "### " : "== ") << c->name << " (" << c->kernel << "; " << cost << ")" << (md ? "\n\n" : " ==\n");
        body << "paths its locks allow that " << k.name << " merged: ";
        for (size_t i = 0; i < writers.size(); i++) body << (i ? ", " : "") << writers[i]->name;
        if (writers.empty()) body << "none";
        body << (md ? "\n\n" : "\n");
        const std::pair<std::string, std::vector<std::string>> extra{"fix for this row (model judged)", fixes};
        if (!rows.empty()) body << rows_text(rows, o.memories, md, &extra);
        std::string check_fix;
        if (plan.fixes && !writers.empty() && command_timed_out()) {
            body << "fix for the whole check: not searched (command timeout)\n\n";
        } else if (plan.fixes && !writers.empty()) {
            const Memory weakest = o.memories.back();
            const FixSearch fs = search_fixes(fix_plan(plan, c, writers, spec.pages, weakest, "kernel", "all"),
                                              progress_line(tty, phase + ": fixes for the whole check"), result_json);
            const std::vector<const SetResult*> h = holding_sets(fs);
            if (fs.as_given.verdict == Outcome::holds) check_fix = "holds against every merged path as released";
            else if (!h.empty()) check_fix = "holds against every merged path with: " + smallest_fix(fs);
            else {
                const SetResult* b = best_failing_set(fs);
                const int i = b ? b->first_violation() : -1;
                check_fix = "no set of the catalogue holds against every merged path";
                if (i >= 0)
                    check_fix += "; closest: " + b->name() + ", broken by " + b->writers[static_cast<size_t>(i)]->name +
                                 " at " + std::to_string(b->pages[static_cast<size_t>(i)]) + " page(s)";
            }
            check_fix += " (" + std::string(memory_name(weakest)) + ")";
            body << (md ? "\n" : "") << "fix for the whole check: " << check_fix << "\n\n";
        } else body << "\n";
        jchecks.push_back({{"check", c->name},
                           {"miss_cost", miss_cost_name(c->miss_cost.cost)},
                           {"miss_cost_why", c->miss_cost.why},
                           {"rows", jrows},
                           {"fix", check_fix}});
        // The proposals' rows of this check, each under its own proposal.
        for (const WriterDef* w : proposals) {
            ProposalBlock& b = proposed[w];
            std::vector<Row> mine;
            std::vector<std::string> pfixes;
            for (const Row& r : proposal_rows)
                if (r.writer == w->name) {
                    mine.push_back(r);
                    b.tally.add(r, c);
                    pfixes.push_back(row_fix(plan, c, r, progress_line(tty, phase + ": fixes for a proposal's row")));
                    nlohmann::json jr = row_json(r);
                    jr["fix"] = pfixes.back();
                    jr["miss_cost"] = miss_cost_name(c->miss_cost.cost);
                    b.rows.push_back(jr);
                }
            if (mine.empty()) continue;
            // Markdown: emphasis, not headings, so that the block nests under any heading level
            // (scripts/gen-results.sh shifts release's headings one level down).
            b.body << (md ? "*" : "-- ") << c->name << " (" << cost << ")" << (md ? "*\n\n" : " --\n");
            const std::pair<std::string, std::vector<std::string>> pextra{"fix for this row (model judged)", pfixes};
            b.body << rows_text(mine, o.memories, md, &pextra) << "\n";
        }
    }
    // A signal during a fix search: its sets did not complete, so no row's fix can be shown.
    if (sweep_interrupted(all)) return report_interrupted("release", all, out, err, o.format == OutputFormat::json);
    if (const int c = report_error_rows("release", all, out, err, o.format == OutputFormat::json, true); c >= 0)
        return c;
    const int code = results_exit_code(all, o.expect);
    // Rows the command's --timeout left unanswered are never counted as holding.
    const size_t not_run = count_not_run(all);
    if (not_run) err << "foliocheck: " << not_run_note(all) << "\n";
    const std::string verdict =
        "is " + std::string(k.name) + " safe? " + merged.text() + (not_run ? "; " + not_run_note(all) : std::string());
    // The proposals block: each posted patch with its count and rows, in the release's order.
    std::ostringstream pbody;
    nlohmann::json jprops = nlohmann::json::array();
    for (const WriterDef* w : k.proposals) {
        const auto it = proposed.find(w);
        if (it == proposed.end()) continue;
        const WriterOrigin* origin = writer_origin(w);
        const std::string line = std::string(w->name) + ": " + it->second.tally.text();
        pbody << (md ? "**" : "== ") << line << (md ? "**\n\n" : " ==\n") << "posted: " << origin->posting
              << (md ? "\n\n" : "\n") << it->second.body.str();
        jprops.push_back({{"writer", w->name},
                          {"posted_against", origin->posted_against},
                          {"posting", origin->posting},
                          {"verdict", it->second.tally.text()},
                          {"counts", it->second.tally.json()},
                          {"rows", it->second.rows}});
    }
    if (o.format == OutputFormat::json) {
        nlohmann::json j = {{"kernel", k.name},    {"summary", k.summary},     {"sources", k.sources},
                            {"verdict", verdict},  {"counts", merged.json()},  {"checks", jchecks},
                            {"proposals", jprops}, {"results", rows_json(all)}};
        out << j.dump(2) << "\n";
        return code;
    }
    if (!md)
        out << "foliocheck release " << k.name << ": " << k.summary << "\nsources: " << k.sources << "\n"
            << all.size() << " configurations, search " << search_name(o.search.mode) << "\n";
    out << (md ? "**" : "") << verdict << (md ? "**" : "") << " (the paths " << k.name
        << " merged; what a miss costs, per check: docs/checks.md)\n\n"
        << body.str();
    if (!jprops.empty())
        out << (md ? "### " : "") << "proposals posted against " << k.name << " (not merged; not counted above)"
            << (md ? "\n\n" : ":\n\n") << pbody.str();
    return code;
}

}  // namespace fc
