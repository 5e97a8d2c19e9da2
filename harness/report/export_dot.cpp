// harness/report/export_dot.cpp: a counterexample execution as a graphviz digraph (see export_dot.hpp).
#include "harness/report/export_dot.hpp"

#include <cstdint>
#include <map>
#include <sstream>

#include "checks/scenario.hpp"
#include "harness/report/report.hpp"

namespace fc {

namespace {

// A DOT double-quoted string's content ("\n" line breaks are kept as escapes).
std::string q(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return "\"" + out + "\"";
}

std::string node(size_t i) { return "e" + std::to_string(i); }

// Does this access write its location? (A failed atomic_add_unless() does not.)
bool writes(const TraceEvent& e) {
    if (e.kind != EventKind::access) return false;
    const PrimInfo& info = prim_info(e.prim);
    if (info.kind == PrimKind::store) return true;
    if (info.kind != PrimKind::rmw) return false;
    return info.result != RmwResult::success || e.result;
}

}  // namespace

std::string export_dot(const RunRequest& req, const Counterexample& cx) {
    const ScenarioConfig cfg = scenario_config(req, cx.order);
    BuiltScenario b;
    build_scenario(cfg, b);
    const std::vector<Program>& cpus = cx.cpus.empty() ? b.engine.cpus : cx.cpus;
    const InitialValues& init = b.engine.init;
    const Trace& t = cx.trace;
    const std::vector<int> numbers = display_numbers(t);

    RunRequest resolved = req;
    resolved.order = cx.order;

    std::ostringstream s;
    s << "// foliocheck " << FOLIOCHECK_VERSION << " counterexample (foliocheck run --dot)\n";
    s << "// render: dot -Tpng FILE -o counterexample.png\n";
    s << "digraph foliocheck {\n";
    std::string title = "foliocheck: " + title_text(resolved) + "\ncheck: " + req.check->predicate;
    if (cx.snapshot.violation)
        title += "\nthe check saw refcount " + std::to_string(cx.snapshot.refcount) + ", mapcount " +
                 std::to_string(cx.snapshot.mapcount) + " and missed the pin";
    title += "\npo: program order   rf: reads-from   mo: modification order of a location   red: stale read";
    s << "  label=" << q(title) << ";\n";
    s << "  labelloc=t;\n  fontname=\"Helvetica\";\n  newrank=true;\n  nodesep=0.3;\n  ranksep=0.25;\n";
    s << "  node [shape=box, fontname=\"Courier\", fontsize=10, style=rounded];\n";
    s << "  edge [fontname=\"Helvetica\", fontsize=9];\n\n";

    // Initial values of the locations the execution touches.
    std::vector<bool> touched(LOC_COUNT, false);
    for (const TraceEvent& e : t.events)
        if (e.kind == EventKind::access) touched[e.loc] = true;
    std::string init_label = "init";
    for (int loc = 0; loc < LOC_COUNT; loc++)
        if (touched[static_cast<size_t>(loc)] && init.used[static_cast<size_t>(loc)])
            init_label += "\n" + loc_name(loc) + " = " + std::to_string(init.value[static_cast<size_t>(loc)]);
    s << "  init [shape=note, style=\"\", fontname=\"Courier\", label=" << q(init_label) << "];\n\n";

    // One cluster per CPU, steps in program order.
    for (size_t c = 0; c < cpus.size(); c++) {
        s << "  subgraph cluster_cpu" << c << " {\n";
        s << "    label=" << q("CPU " + std::to_string(c) + ": " + cpus[c].cpu_label) << ";\n";
        s << "    style=rounded;\n    color=gray50;\n";
        size_t prev = SIZE_MAX;
        for (size_t i = 0; i < t.events.size(); i++) {
            const TraceEvent& e = t.events[i];
            if (e.cpu != c || numbers[i] == 0) continue;
            std::string label = "#" + std::to_string(numbers[i]) + "  " + event_text(e, &numbers);
            if (e.kind == EventKind::access) {
                const Lowering l = lower(e.prim, req.memory);
                if (l.fence_before || l.fence_after) label += "  (fully ordered)";
                else if (req.memory != Memory::sc) label += std::string("  (") + order_name(e.order) + ")";
            }
            if (e.call >= 0 && static_cast<size_t>(e.call) < cpus[c].calls.size())
                label += "\n" + short_call(cpus[c].calls[static_cast<size_t>(e.call)]);
            s << "    " << node(i) << " [label=" << q(label);
            if (e.kind != EventKind::access) s << ", style=\"rounded,dashed\"";
            if (e.stale) s << ", style=\"rounded,filled\", fillcolor=\"#ffb3b3\", color=red, penwidth=2";
            s << "];\n";
            if (prev != SIZE_MAX) s << "    " << node(prev) << " -> " << node(i) << " [label=\"po\"];\n";
            prev = i;
        }
        s << "  }\n\n";
    }

    // The global order of the steps, for the layout only.
    s << "  // step order (layout only)\n";
    size_t prev = SIZE_MAX;
    for (size_t i = 0; i < t.events.size(); i++) {
        if (numbers[i] == 0) continue;
        s << "  " << (prev == SIZE_MAX ? std::string("init") : node(prev)) << " -> " << node(i)
          << " [style=invis, weight=0];\n";
        prev = i;
    }

    // Reads-from.
    s << "\n  // rf: the write each load read\n";
    for (size_t i = 0; i < t.events.size(); i++) {
        const TraceEvent& e = t.events[i];
        if (e.kind != EventKind::access || prim_info(e.prim).kind != PrimKind::load || numbers[i] == 0) continue;
        const std::string color = e.stale ? "red" : "darkgreen";
        if (e.rf == -1) {
            s << "  init -> " << node(i) << " [label=\"rf\", color=" << color << ", fontcolor=" << color
              << ", constraint=false];\n";
        } else if (e.rf >= 0 && static_cast<size_t>(e.rf) < t.events.size()) {
            s << "  " << node(static_cast<size_t>(e.rf)) << " -> " << node(i) << " [label=\"rf\", color=" << color
              << ", fontcolor=" << color << ", constraint=false];\n";
        } else {
            s << "  // " << node(i) << " read a write older than foliocheck's shadow history (rf unknown)\n";
        }
    }

    // Modification order: per location, the writes in trace order.
    s << "\n  // mo: the writes to each location, in order\n";
    std::map<int, size_t> last_write;
    for (size_t i = 0; i < t.events.size(); i++) {
        const TraceEvent& e = t.events[i];
        if (!writes(e)) continue;
        auto it = last_write.find(e.loc);
        if (it != last_write.end())
            s << "  " << node(it->second) << " -> " << node(i) << " [label=" << q("mo " + loc_name(e.loc))
              << ", color=blue, fontcolor=blue, style=dashed, constraint=false];\n";
        last_write[e.loc] = i;
    }
    s << "}\n";
    return s.str();
}

}  // namespace fc
