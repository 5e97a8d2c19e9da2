// harness/cmd_validate.cpp: `foliocheck validate`, `compare` and `fixes`: proposals against
// every check and writer, the weakest memory model at which each failure appears, and the
// smallest sets of catalogue fixes that make a failing configuration hold.
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <iomanip>
#include <map>
#include <sstream>

#include "harness/commands.hpp"
#include "harness/matrix.hpp"
#include "harness/options.hpp"
#include "harness/pool.hpp"
#include "harness/proposals.hpp"
#include "harness/report.hpp"
#include "harness/token.hpp"

namespace po = boost::program_options;

namespace fc {

namespace {

const Memory kMemories[] = {Memory::sc, Memory::lkmm, Memory::relaxed};

po::options_description sweep_description(const char* title) {
    po::options_description d(title);
    d.add_options()("pages", po::value<std::string>(), "pages: list or ranges (default 1-3)")(
        "memory", po::value<std::string>(), "memory settings (default sc,lkmm,relaxed)")(
        "search", po::value<std::string>(), "reduced (default) or full: exhaustive searches only")(
        "max-executions", po::value<std::string>(), "per configuration: stop after N executions (then not exhaustive)")(
        "timeout", po::value<std::string>(), "per configuration: stop after SECONDS (then not exhaustive)")(
        "jobs", po::value<std::string>(), "configurations run in parallel (default: cores)")("json", "JSON")(
        "markdown", "Markdown")("help,h", "this help");
    return d;
}

std::vector<std::string> split_commas(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    std::istringstream in(s);
    while (std::getline(in, cur, ','))
        if (!cur.empty()) out.push_back(cur);
    return out;
}

SweepOptions sweep_options(const po::variables_map& vm) {
    SweepOptions o;
    o.search.mode = SearchMode::reduced;
    o.jobs = default_jobs();
    if (vm.count("pages")) {
        o.pages.clear();
        for (const std::string& part : split_commas(vm["pages"].as<std::string>())) {
            const size_t dash = part.find('-');
            const int lo = static_cast<int>(parse_integer("--pages", part.substr(0, dash), 1, kMaxPages));
            const int hi = dash == std::string::npos
                               ? lo
                               : static_cast<int>(parse_integer("--pages", part.substr(dash + 1), 1, kMaxPages));
            if (hi < lo) throw UsageError("--pages range '" + part + "' is empty; write LOW-HIGH, e.g. 1-3");
            for (int p = lo; p <= hi; p++)
                if (std::find(o.pages.begin(), o.pages.end(), p) == o.pages.end()) o.pages.push_back(p);
        }
        if (o.pages.empty()) throw UsageError("--pages needs at least one page count, e.g. 1-3");
        std::sort(o.pages.begin(), o.pages.end());
    }
    if (vm.count("memory")) {
        o.memories.clear();
        for (const std::string& m : split_commas(vm["memory"].as<std::string>())) {
            Memory mm;
            if (!parse_memory(m, mm)) throw UsageError("unknown --memory value '" + m + "'; valid: sc, lkmm, relaxed");
            if (std::find(o.memories.begin(), o.memories.end(), mm) == o.memories.end()) o.memories.push_back(mm);
        }
        if (o.memories.empty()) throw UsageError("--memory needs at least one of sc, lkmm, relaxed");
        std::sort(o.memories.begin(), o.memories.end(), [](Memory a, Memory b) { return int(a) < int(b); });
    }
    if (vm.count("search")) {
        const std::string m = vm["search"].as<std::string>();
        if (m == "full") o.search.mode = SearchMode::full;
        else if (m == "reduced") o.search.mode = SearchMode::reduced;
        else throw UsageError("this command runs exhaustive searches only: --search reduced or full, not '" + m + "'");
    }
    if (vm.count("max-executions"))
        o.search.max_executions = static_cast<uint64_t>(
            parse_integer("--max-executions", vm["max-executions"].as<std::string>(), 1, 1000000000000000LL));
    if (vm.count("timeout")) o.search.timeout_seconds = parse_seconds("--timeout", vm["timeout"].as<std::string>());
    if (vm.count("jobs")) o.jobs = static_cast<unsigned>(parse_integer("--jobs", vm["jobs"].as<std::string>(), 1, 256));
    o.format = output_format(vm.count("json") > 0, false, vm.count("markdown") > 0);
    return o;
}

// One row of a proposal's verdict table: a check against a writer at one folio size, with
// the reader orders the proposal allows merged (the check fails if any allowed order fails).
struct Group {
    std::string check, writer;
    int pages = 0;
    std::map<Memory, std::string> verdict;
    std::map<Memory, std::string> token;  // replay token of the counterexample with fewest preemptions
    std::map<Memory, unsigned> preemptions;
};

std::string merge_verdict(const std::string& a, const std::string& b) {
    auto rank = [](const std::string& v) {
        if (v == "error") return 3;
        if (v == "violation") return 2;
        if (v == "no-violation-found") return 1;
        return 0;
    };
    return rank(a) >= rank(b) ? a : b;
}

std::vector<Group> group_results(const std::vector<nlohmann::json>& results) {
    std::vector<Group> groups;
    std::map<std::string, size_t> index;
    for (const auto& r : results) {
        const std::string key =
            r.value("check", "") + "|" + r.value("writer", "") + "|" + std::to_string(r.value("pages", 0));
        if (!index.count(key)) {
            index[key] = groups.size();
            Group g;
            g.check = r.value("check", "");
            g.writer = r.value("writer", "");
            g.pages = r.value("pages", 0);
            groups.push_back(g);
        }
        Group& g = groups[index[key]];
        Memory m;
        parse_memory(r.value("memory", "sc"), m);
        const std::string v = r.value("verdict", "error");
        g.verdict[m] = g.verdict.count(m) ? merge_verdict(g.verdict[m], v) : v;
        if (v == "violation" && r["counterexample"].is_object()) {
            const unsigned pre = r["counterexample"]["preemptions"].get<unsigned>();
            if (!g.preemptions.count(m) || pre < g.preemptions[m]) {
                g.preemptions[m] = pre;
                g.token[m] = r["counterexample"].value("replay_token", "");
            }
        }
    }
    return groups;
}

// The weakest memory model at which a group fails: sc < lkmm < relaxed.
std::string fails_from(const Group& g) {
    for (Memory m : kMemories)
        if (g.verdict.count(m) && g.verdict.at(m) == "violation") {
            if (m == Memory::sc) return "sc: interleaving bug";
            if (m == Memory::lkmm) return "lkmm: barrier bug";
            return "relaxed: relies on the kernel's implied ordering";
        }
    return "-";
}

std::vector<RunRequest> proposal_requests(const Proposal& p, const SweepOptions& o, Skipped& skipped) {
    MatrixSpec spec;
    spec.checks = all_checks();
    for (const char* w : p.writers) spec.writers.push_back(find_writer(w));
    spec.pages = o.pages;
    spec.mapcounts = {p.mapcount};
    spec.orders = {p.order};
    spec.barriers = {p.barrier};
    spec.memories = o.memories;
    spec.search = o.search;
    std::vector<RunRequest> reqs = enumerate(spec, skipped);
    for (RunRequest& r : reqs) r.writer_mb = p.writer_mb;
    return reqs;
}

std::string replay_block(const std::string& token) {
    if (token.empty()) return "  (no replay token: the schedule was too long to record)\n";
    const ReplayToken t = decode_token(token, FOLIOCHECK_VERSION);
    RunResult r;
    // A replay is one execution: run it in a child like every other simulation.
    const std::vector<TaskOutput> outs = run_in_children(
        1, 1, [&](size_t) { return counterexample_text(replay_run(t.request, t.state, false)); }, nullptr);
    return outs[0].text;
}

std::string table_row(const std::vector<std::string>& cells, const std::vector<size_t>& w) {
    std::ostringstream s;
    s << "  ";
    for (size_t i = 0; i < cells.size(); i++) s << std::left << std::setw(static_cast<int>(w[i] + 2)) << cells[i];
    return s.str() + "\n";
}

std::string groups_text(const std::vector<Group>& groups, const std::vector<Memory>& mems, bool markdown) {
    std::vector<std::string> head = {"check", "writer", "pages"};
    for (Memory m : mems) head.push_back(memory_name(m));
    head.push_back("fails from");
    std::vector<std::vector<std::string>> rows;
    for (const Group& g : groups) {
        std::vector<std::string> row = {g.check, g.writer, std::to_string(g.pages)};
        for (Memory m : mems) row.push_back(g.verdict.count(m) ? g.verdict.at(m) : "-");
        row.push_back(fails_from(g));
        rows.push_back(row);
    }
    std::ostringstream s;
    if (markdown) {
        s << "|";
        for (const auto& h : head) s << " " << h << " |";
        s << "\n|";
        for (size_t i = 0; i < head.size(); i++) s << "---|";
        s << "\n";
        for (const auto& row : rows) {
            s << "|";
            for (const auto& c : row) s << " " << c << " |";
            s << "\n";
        }
        return s.str();
    }
    std::vector<size_t> w(head.size());
    for (size_t i = 0; i < head.size(); i++) {
        w[i] = head[i].size();
        for (const auto& row : rows) w[i] = std::max(w[i], row[i].size());
    }
    s << table_row(head, w);
    for (const auto& row : rows) s << table_row(row, w);
    return s.str();
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

}  // namespace

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
    Skipped skipped;
    plan.reqs = {proposal_requests(p, plan.options, skipped)};
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
    const std::vector<RunRequest>& reqs = plan.reqs[0];
    const std::vector<nlohmann::json> results = run_matrix(reqs, o.jobs, ::isatty(STDERR_FILENO) != 0);
    if (sweep_interrupted(results))
        return report_interrupted("validate", results, out, err, o.format == OutputFormat::json);
    const std::vector<Group> groups = group_results(results);
    if (o.format == OutputFormat::json) {
        nlohmann::json j;
        j["proposal"] = p.name;
        j["groups"] = nlohmann::json::array();
        for (const Group& g : groups) {
            nlohmann::json gj = {
                {"check", g.check}, {"writer", g.writer}, {"pages", g.pages}, {"fails_from", fails_from(g)}};
            for (const auto& [m, v] : g.verdict) gj["verdict"][memory_name(m)] = v;
            for (const auto& [m, t] : g.token) gj["replay_token"][memory_name(m)] = t;
            j["groups"].push_back(gj);
        }
        j["results"] = results;
        out << j.dump(2) << "\n";
        return results_exit_code(results, false);
    }
    const bool md = o.format == OutputFormat::markdown;
    if (!md)
        out << "foliocheck validate: " << p.name << ": " << p.summary << "\n"
            << results.size() << " configurations, search " << search_name(o.search.mode) << "\n\n";
    out << groups_text(groups, o.memories, md);
    if (md) return results_exit_code(results, false);
    // The first counterexample of each failing check/writer pair: fewest pages, weakest model.
    std::map<std::string, bool> shown;
    for (const Group& g : groups) {
        const std::string pair = g.check + " vs " + g.writer;
        if (shown[pair]) continue;
        for (Memory m : o.memories)
            if (g.verdict.count(m) && g.verdict.at(m) == "violation") {
                shown[pair] = true;
                out << "\n== " << pair << ", " << g.pages << (g.pages == 1 ? " page" : " pages") << ", memory "
                    << memory_name(m) << " ==\n"
                    << replay_block(g.token.count(m) ? g.token.at(m) : "");
                break;
            }
    }
    return results_exit_code(results, false);
}

SweepPlan parse_compare_options(const std::vector<std::string>& args) {
    SweepPlan plan;
    po::options_description d = sweep_description("compare options");
    d.add_options()("proposals", po::value<std::vector<std::string>>(), "two proposal names");
    po::positional_options_description pos;
    pos.add("proposals", 2);
    const po::variables_map vm = parse_vm(args, d, &pos, "compare");
    if (vm.count("help")) {
        std::ostringstream h;
        h << "usage: foliocheck compare P1 P2 [options]\n" << d;
        plan.help = h.str();
        return plan;
    }
    if (!vm.count("proposals") || vm["proposals"].as<std::vector<std::string>>().size() != 2)
        throw UsageError("compare needs two proposals: foliocheck compare P1 P2");
    const auto names = vm["proposals"].as<std::vector<std::string>>();
    const Proposal& a = proposal_arg(names[0]);
    const Proposal& b = proposal_arg(names[1]);
    plan.proposals = {&a, &b};
    plan.options = sweep_options(vm);
    Skipped sa, sb;
    plan.reqs = {proposal_requests(a, plan.options, sa), proposal_requests(b, plan.options, sb)};
    return plan;
}

int cmd_compare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const SweepPlan plan = parse_compare_options(args);
    if (!plan.help.empty()) {
        out << plan.help;
        return EXIT_HOLDS;
    }
    const Proposal& a = *plan.proposals[0];
    const Proposal& b = *plan.proposals[1];
    const SweepOptions& o = plan.options;
    std::vector<RunRequest> ra = plan.reqs[0];
    const std::vector<RunRequest>& rb = plan.reqs[1];
    const size_t na = ra.size();
    ra.insert(ra.end(), rb.begin(), rb.end());
    const std::vector<nlohmann::json> all = run_matrix(ra, o.jobs, ::isatty(STDERR_FILENO) != 0);
    if (sweep_interrupted(all)) return report_interrupted("compare", all, out, err, o.format == OutputFormat::json);
    // Writers differ between proposals (batch-zap-v4 vs two-loop): compare per writer kind.
    struct Cell {
        std::string verdict = "holds";
        std::string failing;
    };
    std::map<std::string, Cell> cells[2];
    for (size_t i = 0; i < all.size(); i++) {
        const auto& r = all[i];
        const WriterDef* w = find_writer(r.value("writer", ""));
        const char* kind = w->kind == WriterKind::unmap ? "unmap" : w->kind == WriterKind::map ? "map" : "pin";
        const std::string key = r.value("check", "") + " | " + kind + " | " + std::to_string(r.value("pages", 0)) +
                                " | " + r.value("memory", "");
        Cell& c = cells[i < na ? 0 : 1][key];
        const std::string v = r.value("verdict", "error");
        c.verdict = merge_verdict(c.verdict, v);
        if (v == "violation" && c.failing.find(w->name) == std::string::npos)
            c.failing += (c.failing.empty() ? "" : ",") + std::string(w->name);
    }
    out << "foliocheck compare: " << a.name << " vs " << b.name << " (check | writer kind | pages | memory)\n";
    size_t diffs = 0;
    for (const auto& [key, ca] : cells[0]) {
        if (!cells[1].count(key)) continue;
        const Cell& cb = cells[1].at(key);
        if (ca.verdict == cb.verdict) continue;
        diffs++;
        out << "  " << key << ":  " << a.name << " " << ca.verdict
            << (ca.failing.empty() ? "" : " (" + ca.failing + ")") << "   " << b.name << " " << cb.verdict
            << (cb.failing.empty() ? "" : " (" + cb.failing + ")") << "\n";
    }
    if (!diffs) out << "  no differences\n";
    else out << diffs << " difference(s)\n";
    return results_exit_code(all, false);
}

FixesPlan parse_fixes_options(const std::vector<std::string>& args) {
    FixesPlan plan;
    std::vector<std::string> run_args;
    plan.jobs = default_jobs();
    for (size_t i = 0; i < args.size(); i++) {
        if (args[i] == "--jobs") {
            if (i + 1 >= args.size()) throw UsageError("--jobs needs a number");
            plan.jobs = static_cast<unsigned>(parse_integer("--jobs", args[++i], 1, 256));
        } else {
            run_args.push_back(args[i]);
        }
    }
    RunOptions ro;
    try {
        ro = parse_run_options(run_args);
    } catch (const UsageError& e) {
        if (std::string(e.what()) == "help") {
            plan.help =
                "usage: foliocheck fixes --check C --writer W [run options] [--jobs N]\n"
                "tries the fix catalogue, singly and in pairs, on a failing configuration\n";
            return plan;
        }
        throw;
    }
    plan.base = ro.request;
    if (!is_exhaustive_mode(plan.base.search.mode))
        throw UsageError("fixes needs exhaustive searches: --search reduced or full");
    if (!ro.request.pin) throw UsageError("--no-pin with fixes: without the pin nothing can fail; drop --no-pin");
    return plan;
}

int cmd_fixes(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const FixesPlan plan = parse_fixes_options(args);
    if (!plan.help.empty()) {
        out << plan.help;
        return EXIT_HOLDS;
    }
    const RunRequest& base = plan.base;
    const unsigned jobs = plan.jobs;
    struct Candidate {
        std::vector<const Fix*> fixes;
        RunRequest req;
    };
    std::vector<Candidate> cands;
    cands.push_back({{}, base});
    const auto& fx = all_fixes();
    for (size_t i = 0; i < fx.size(); i++) {
        RunRequest r = base;
        if (fx[i].apply(r) &&
            validate_config(scenario_config(r, r.effective_order() == ReadOrder::either ? ReadOrder::ref_first
                                                                                        : r.effective_order()))
                .empty())
            cands.push_back({{&fx[i]}, r});
    }
    const size_t singles = cands.size();
    for (size_t i = 1; i < singles; i++)
        for (size_t k = i + 1; k < singles; k++) {
            const Fix* f1 = cands[i].fixes[0];
            const Fix* f2 = cands[k].fixes[0];
            if (f1->conflicts_with && std::string(f1->conflicts_with) == f2->name) continue;
            RunRequest r = cands[i].req;
            if (!f2->apply(r)) continue;
            cands.push_back({{f1, f2}, r});
        }
    std::vector<RunRequest> reqs;
    for (const Candidate& c : cands) reqs.push_back(c.req);
    const std::vector<nlohmann::json> results = run_matrix(reqs, jobs, ::isatty(STDERR_FILENO) != 0);
    // Never "smallest fix sets" from candidates whose searches did not complete.
    if (sweep_interrupted(results)) return report_interrupted("fixes", results, out, err);
    out << "foliocheck fixes: " << title_text(base) << "\n";
    const std::string base_verdict = results[0].value("verdict", "error");
    out << "as given: " << base_verdict << "\n";
    if (base_verdict != "violation") {
        out << (base_verdict == "holds" ? "nothing to fix: it holds\n"
                                        : "cannot tell what to fix: the search was not exhaustive\n");
        return base_verdict == "holds" ? EXIT_HOLDS : EXIT_NOT_EXHAUSTIVE;
    }
    std::vector<bool> holds(cands.size());
    for (size_t i = 0; i < cands.size(); i++) holds[i] = results[i].value("verdict", "") == "holds";
    out << "\ncandidates (each an exhaustive " << search_name(base.search.mode) << " search):\n";
    for (size_t i = 1; i < cands.size(); i++) {
        std::string name;
        for (const Fix* f : cands[i].fixes) name += (name.empty() ? "" : " + ") + std::string(f->name);
        out << "  " << std::left << std::setw(46) << name << results[i].value("verdict", "error") << "\n";
    }
    out << "\nsmallest fix sets that make it hold:\n";
    size_t found = 0;
    for (size_t i = 1; i < cands.size(); i++) {
        if (!holds[i]) continue;
        bool subset_holds = false;
        if (cands[i].fixes.size() == 2)
            for (size_t k = 1; k < singles; k++)
                if (holds[k] && (cands[k].fixes[0] == cands[i].fixes[0] || cands[k].fixes[0] == cands[i].fixes[1]))
                    subset_holds = true;
        if (subset_holds) continue;
        found++;
        out << "  ";
        for (size_t k = 0; k < cands[i].fixes.size(); k++)
            out << (k ? " + " : "") << cands[i].fixes[k]->name << " (" << cands[i].fixes[k]->summary << ")";
        out << "\n";
    }
    if (!found) out << "  none: no fix of the catalogue, alone or in pairs, makes it hold\n";
    return EXIT_VIOLATION;
}

}  // namespace fc
