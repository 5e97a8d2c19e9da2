// harness/cli/sweep_cli.cpp: see sweep_cli.hpp.
#include "harness/cli/sweep_cli.hpp"

#include <algorithm>
#include <iomanip>
#include <sstream>

#include "checks/concurrency.hpp"
#include "checks/scenario.hpp"
#include "harness/cli/options.hpp"
#include "harness/report/report.hpp"
#include "harness/search/matrix.hpp"
#include "harness/search/pool.hpp"
#include "harness/search/runner.hpp"
#include "harness/search/token.hpp"

namespace po = boost::program_options;

namespace fc {

namespace {

std::vector<std::string> split_commas(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    std::istringstream in(s);
    while (std::getline(in, cur, ','))
        if (!cur.empty()) out.push_back(cur);
    return out;
}

}  // namespace

po::options_description sweep_description(const char* title, const char* memory_default) {
    po::options_description d(title);
    const std::string memory_help = std::string("memory settings (default ") + memory_default + ")";
    d.add_options()("pages", po::value<std::string>(), "pages: list or ranges (default 1-3)")(
        "memory", po::value<std::string>(), memory_help.c_str())(
        "reader-order", po::value<std::string>(),
        "kernel (default: the order the kernel's C allows, one row per order), ref-first, map-first or either "
        "(both orders merged in one row)")("search", po::value<std::string>(),
                                           "cached (default), reduced or full: exhaustive searches only")(
        "max-executions", po::value<std::string>(), "per configuration: stop after N executions (then not exhaustive)")(
        "timeout", po::value<std::string>(), kCommandTimeoutHelp)(
        "timeout-each", po::value<std::string>(), "per configuration: stop after SECONDS (then not exhaustive)")(
        "jobs", po::value<std::string>(), "configurations run in parallel (default: cores)")(
        "expect", po::value<std::string>(), expect_help())("json", "JSON")("markdown", "Markdown")("help,h",
                                                                                                   "this help");
    return d;
}

std::vector<int> parse_pages_option(const std::string& text) {
    std::vector<int> pages;
    for (const std::string& part : split_commas(text)) {
        const size_t dash = part.find('-');
        const int lo = static_cast<int>(parse_integer("--pages", part.substr(0, dash), 1, kMaxPages));
        const int hi = dash == std::string::npos
                           ? lo
                           : static_cast<int>(parse_integer("--pages", part.substr(dash + 1), 1, kMaxPages));
        if (hi < lo) throw UsageError("--pages range '" + part + "' is empty; write LOW-HIGH, e.g. 1-3");
        for (int p = lo; p <= hi; p++)
            if (std::find(pages.begin(), pages.end(), p) == pages.end()) pages.push_back(p);
    }
    if (pages.empty()) throw UsageError("--pages needs at least one page count, e.g. 1-3");
    std::sort(pages.begin(), pages.end());
    return pages;
}

SweepOptions sweep_options(const po::variables_map& vm) {
    SweepOptions o;
    o.search.mode = SearchMode::cached;
    o.jobs = default_jobs();
    if (vm.count("pages")) o.pages = parse_pages_option(vm["pages"].as<std::string>());
    if (vm.count("memory")) {
        o.memories.clear();
        for (const std::string& m : split_commas(vm["memory"].as<std::string>())) {
            Memory mm;
            if (!parse_memory(m, mm)) throw UsageError("unknown --memory value '" + m + "'; valid: " + memory_names());
            if (std::find(o.memories.begin(), o.memories.end(), mm) == o.memories.end()) o.memories.push_back(mm);
        }
        if (o.memories.empty()) throw UsageError("--memory needs at least one of " + memory_names());
        std::sort(o.memories.begin(), o.memories.end(), [](Memory a, Memory b) { return int(a) < int(b); });
    }
    if (vm.count("reader-order")) {
        const std::string v = vm["reader-order"].as<std::string>();
        ReadOrder ro;
        if (v != "kernel" && !parse_read_order(v, ro))
            throw UsageError("unknown --reader-order '" + v + "'; valid: kernel, " + read_order_names());
        o.order = v;
    }
    if (vm.count("search")) {
        const std::string m = vm["search"].as<std::string>();
        if (!parse_search_mode(m, o.search.mode) || !is_exhaustive_mode(o.search.mode))
            throw UsageError("this command runs exhaustive searches only: --search " + exhaustive_search_mode_names() +
                             ", not '" + m + "'");
    }
    if (vm.count("max-executions"))
        o.search.max_executions = static_cast<uint64_t>(
            parse_integer("--max-executions", vm["max-executions"].as<std::string>(), 1, 1000000000000000LL));
    if (vm.count("timeout-each"))
        o.search.timeout_seconds = parse_seconds("--timeout-each", vm["timeout-each"].as<std::string>());
    set_command_timeout(vm.count("timeout") ? parse_seconds("--timeout", vm["timeout"].as<std::string>()) : 0);
    if (vm.count("jobs")) o.jobs = static_cast<unsigned>(parse_integer("--jobs", vm["jobs"].as<std::string>(), 1, 256));
    if (vm.count("expect")) o.expect = parse_expect(vm["expect"].as<std::string>());
    o.format = output_format(vm.count("json") > 0, false, vm.count("markdown") > 0);
    return o;
}

po::variables_map parse_vm(const std::vector<std::string>& args, const po::options_description& d,
                           const po::positional_options_description* pos, const char* cmd) {
    po::variables_map vm;
    try {
        reject_parser_placeholders(args);
        po::command_line_parser p(args);
        p.options(d);
        const po::positional_options_description none;  // a stray word is an error, not ignored
        p.positional(pos ? *pos : none);
        po::store(p.run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(std::string(e.what()) + "; see 'foliocheck " + cmd + " --help'");
    }
    return vm;
}

const Proposal& proposal_arg(const std::string& name) {
    const Proposal* p = find_proposal(name);
    if (!p) {
        std::string names;
        for (const Proposal& q : all_proposals()) names += (names.empty() ? "" : ", ") + std::string(q.name);
        throw UsageError("unknown proposal '" + name + "'; valid: " + names);
    }
    return *p;
}

std::vector<RunRequest> proposal_requests(const Proposal& p, const SweepOptions& o) {
    MatrixSpec spec;
    for (const CheckDef* c : all_checks())
        if (!c->newer) spec.checks.push_back(c);  // the checks the proposals were posted against
    for (const char* w : p.writers) spec.writers.push_back(find_writer(w));
    spec.pages = o.pages;
    spec.mapcounts = {p.mapcount};
    spec.orders = {o.order.empty() ? std::string(p.order) : o.order};
    spec.barriers = {p.barrier};
    spec.memories = o.memories;
    spec.search = o.search;
    // Combinations the kernel never runs (a batched zap at 1 page, ...) are run and marked
    // what-if (rows say so), not dropped: the proposal's table stays complete.
    spec.what_if = true;
    Skipped skipped;
    std::vector<RunRequest> reqs = enumerate(spec, skipped);
    for (RunRequest& r : reqs) {
        r.writer_mb = p.writer_mb;
        r.what_if = !what_if_reason(scenario_config(r, r.effective_order())).empty();
    }
    return reqs;
}

std::vector<RunRequest> writer_requests(const WriterDef* w, const KernelRelease& k, const SweepOptions& o) {
    MatrixSpec spec = kernel_matrix(k.name);
    spec.writers = {w};
    spec.ranges = {"all"};
    spec.pages = o.pages;
    spec.orders = {o.order.empty() ? std::string("kernel") : o.order};
    spec.memories = o.memories;
    spec.search = o.search;
    spec.what_if = true;  // every check is run; the rows the kernel never runs are marked below
    Skipped skipped;
    std::vector<RunRequest> reqs = enumerate(spec, skipped);
    for (RunRequest& r : reqs)
        r.what_if = !what_if_reason(r.check, r.writer, r.pages).empty() ||
                    !what_if_reason(scenario_config(r, r.effective_order())).empty();
    return reqs;
}

std::string replay_block(const std::string& token) {
    // No token: a schedule too long to record, or a run on its memory setting's other engine.
    if (token.empty())
        return "  (no replay token: run this configuration with foliocheck run to see its counterexample)\n";
    const ReplayToken t = decode_token(token, FOLIOCHECK_VERSION);
    // A replay is one execution: run it in a child like every other simulation.
    const std::vector<TaskOutput> outs = run_in_children(
        1, 1, [&](size_t) { return counterexample_text(replay_run(t.request, t.state, false)); }, nullptr,
        /*budgeted=*/false);
    return outs[0].text;
}

std::string order_prose(const std::string& order) {
    if (order == "ref-first") return "refcount-first";
    if (order == "map-first") return "mapcount-first";
    return order;
}

}  // namespace fc
