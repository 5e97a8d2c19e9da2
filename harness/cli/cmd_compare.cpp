// harness/cli/cmd_compare.cpp: `foliocheck compare P1 P2`: two proposals side by side, one row per
// check, writer kind, folio size, reader order and memory model; the rows where they differ
// first, and one line of summary a reviewer can quote.
#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "harness/cli/options.hpp"
#include "harness/cli/sweep_cli.hpp"
#include "harness/search/matrix.hpp"

namespace po = boost::program_options;

namespace fc {

namespace {

const char* kind_name(WriterKind k) {
    return k == WriterKind::unmap ? "unmap" : k == WriterKind::map ? "map (fork)" : "pin (GUP-fast)";
}

struct Cell {
    Outcome verdict = Outcome::holds;
    std::vector<std::string> failing;  // writers of this kind that violate
};

struct Line {
    std::string check, kind, order;
    int pages = 0;
    Memory memory = Memory::sc;
    Cell cell[2];
    bool present[2] = {false, false};
    bool differs() const { return present[0] && present[1] && cell[0].verdict != cell[1].verdict; }
};

std::string pages_phrase(const std::set<int>& p, const std::vector<int>& swept) {
    const std::vector<int> v(p.begin(), p.end());
    if (v.size() == swept.size())
        return "at every size swept (" + std::to_string(v.front()) + "-" + std::to_string(v.back()) + " pages)";
    const bool tail = std::equal(v.rbegin(), v.rend(), swept.rbegin());
    if (tail && v.front() > swept.front()) return "at >= " + std::to_string(v.front()) + " pages";
    std::string s = "at ";
    for (size_t i = 0; i < v.size(); i++) s += (i ? ", " : "") + std::to_string(v[i]);
    return s + (v.size() == 1 && v[0] == 1 ? " page" : " pages");
}

std::string mem_phrase(const std::set<Memory>& m, const std::vector<Memory>& swept) {
    if (m.size() == swept.size()) return "";
    std::string s = " (";
    for (Memory x : m) s += (s.size() > 2 ? ", " : "") + std::string(memory_name(x));
    return s + ")";
}

// "two-loop fixes refcount-first readers against unmap writers at >= 2 pages (sc); neither
// fixes mapcount-first readers"
std::string summary(const std::vector<Line>& lines, const std::string names[2], const SweepOptions& o) {
    std::vector<std::string> orders;
    for (const Line& l : lines)
        if (std::find(orders.begin(), orders.end(), l.order) == orders.end()) orders.push_back(l.order);
    std::vector<std::string> parts;
    for (const std::string& ord : orders) {
        bool any_fix = false, both_fail = false, all_hold = true;
        for (int fixer = 0; fixer < 2; fixer++) {
            std::map<std::string, std::pair<std::set<int>, std::set<Memory>>> by_kind;
            for (const Line& l : lines)
                if (l.order == ord && l.differs() && l.cell[1 - fixer].verdict == Outcome::violation &&
                    l.cell[fixer].verdict == Outcome::holds) {
                    by_kind[l.kind].first.insert(l.pages);
                    by_kind[l.kind].second.insert(l.memory);
                }
            for (const auto& [kind, pm] : by_kind) {
                any_fix = true;
                parts.push_back(names[fixer] + " fixes " + order_prose(ord) + " readers against " + kind + " writers " +
                                pages_phrase(pm.first, o.pages) + mem_phrase(pm.second, o.memories));
            }
        }
        std::set<std::string> both_kinds;  // writer kinds that break both proposals in this order
        for (const Line& l : lines) {
            if (l.order != ord) continue;
            if (l.cell[0].verdict == Outcome::violation && l.cell[1].verdict == Outcome::violation) {
                both_fail = true;
                both_kinds.insert(l.kind);
            }
            if (l.cell[0].verdict != Outcome::holds || l.cell[1].verdict != Outcome::holds) all_hold = false;
        }
        std::string kinds;
        for (const std::string& k : both_kinds) kinds += (kinds.empty() ? "" : ", ") + k;
        if (!any_fix && both_fail) parts.push_back("neither fixes " + order_prose(ord) + " readers");
        else if (any_fix && both_fail)
            parts.push_back("both still fail for " + order_prose(ord) + " readers against " + kinds + " writers");
        else if (all_hold) parts.push_back("both hold for " + order_prose(ord) + " readers");
    }
    std::string s;
    for (const std::string& p : parts) s += (s.empty() ? "" : "; ") + p;
    return s;
}

std::string cell_text(const Cell& c) {
    std::string s = outcome_name(c.verdict);
    if (!c.failing.empty()) {
        s += " (";
        for (size_t i = 0; i < c.failing.size(); i++) s += (i ? "," : "") + c.failing[i];
        s += ")";
    }
    return s;
}

}  // namespace

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
    plan.reqs = {proposal_requests(a, plan.options), proposal_requests(b, plan.options)};
    return plan;
}

int cmd_compare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const SweepPlan plan = parse_compare_options(args);
    if (!plan.help.empty()) {
        out << plan.help;
        return EXIT_HOLDS;
    }
    const std::string names[2] = {plan.proposals[0]->name, plan.proposals[1]->name};
    const SweepOptions& o = plan.options;
    std::vector<RunRequest> reqs = plan.reqs[0];
    const size_t na = reqs.size();
    reqs.insert(reqs.end(), plan.reqs[1].begin(), plan.reqs[1].end());
    const std::vector<SweepRow> all =
        run_matrix(reqs, o.jobs, progress_line(progress_wanted(o.format == OutputFormat::json)), result_json);
    if (sweep_interrupted(all)) return report_interrupted("compare", all, out, err, o.format == OutputFormat::json);
    if (const int c = report_error_rows("compare", all, out, err, o.format == OutputFormat::json, true); c >= 0)
        return c;
    // Writers differ between proposals (batch-zap-v4 vs two-loop): rows per writer kind.
    std::vector<Line> lines;
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < all.size(); i++) {
        const nlohmann::json& r = all[i].json;
        const WriterDef* w = find_writer(all[i].writer);
        const int side = i < na ? 0 : 1;
        const Memory m = all[i].memory;
        const std::string key = r.value("check", "") + "|" + kind_name(w->kind) + "|" +
                                std::to_string(r.value("pages", 0)) + "|" + r.value("reader_order", "") + "|" +
                                memory_name(m);
        if (!index.count(key)) {
            index[key] = lines.size();
            Line l;
            l.check = r.value("check", "");
            l.kind = kind_name(w->kind);
            l.order = r.value("reader_order", "");
            l.pages = r.value("pages", 0);
            l.memory = m;
            lines.push_back(l);
        }
        Line& l = lines[index[key]];
        Cell& c = l.cell[side];
        const Outcome v = all[i].outcome;
        if (!l.present[side]) c.verdict = v;
        else c.verdict = says_most(c.verdict, v);
        l.present[side] = true;
        if (v == Outcome::violation) c.failing.push_back(w->name);
    }
    std::stable_partition(lines.begin(), lines.end(), [](const Line& l) { return l.differs(); });
    const size_t diffs =
        static_cast<size_t>(std::count_if(lines.begin(), lines.end(), [](const Line& l) { return l.differs(); }));
    const std::string sum =
        summary(lines, names, o) + (count_not_run(all) ? "; but " + not_run_note(all) : std::string());
    const int code = results_exit_code(all, o.expect);
    if (count_not_run(all)) err << "foliocheck: " << not_run_note(all) << "\n";
    if (o.format == OutputFormat::json) {
        nlohmann::json j;
        j["proposals"] = {names[0], names[1]};
        j["summary"] = sum;
        j["differences"] = diffs;
        j["rows"] = nlohmann::json::array();
        for (const Line& l : lines) {
            nlohmann::json row = {
                {"check", l.check},        {"writer_kind", l.kind},           {"pages", l.pages},
                {"reader_order", l.order}, {"memory", memory_name(l.memory)}, {"differs", l.differs()}};
            for (int s = 0; s < 2; s++)
                row[names[s]] = l.present[s] ? nlohmann::json{{"verdict", outcome_name(l.cell[s].verdict)},
                                                              {"failing", l.cell[s].failing}}
                                             : nlohmann::json(nullptr);
            j["rows"].push_back(row);
        }
        j["results"] = rows_json(all);
        out << j.dump(2) << "\n";
        return code;
    }
    const bool md = o.format == OutputFormat::markdown;
    if (!md)
        out << "foliocheck compare: " << names[0] << " vs " << names[1] << ", " << all.size()
            << " configurations, search " << search_name(o.search.mode)
            << "; one row per check, writer kind, pages, reader order and memory\n";
    out << (md ? "**summary:** " : "summary: ") << sum << "\n\n";
    const std::vector<std::string> head = {"check", "writers", "pages", "reader", "memory", names[0], names[1]};
    for (int part = 0; part < 2; part++) {
        std::vector<std::vector<std::string>> rows;
        for (const Line& l : lines) {
            if (l.differs() != (part == 0) || !l.present[0] || !l.present[1]) continue;
            rows.push_back({l.check, l.kind, std::to_string(l.pages), l.order, memory_name(l.memory),
                            cell_text(l.cell[0]), cell_text(l.cell[1])});
        }
        out << (part == 0 ? "where they differ (" : "the same in both (") << rows.size() << "):\n";
        if (!rows.empty()) out << (md ? "\n" : "") << table_text(head, rows, md);
        out << "\n";
    }
    return code;
}

}  // namespace fc
