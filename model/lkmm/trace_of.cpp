// model/lkmm/trace_of.cpp: see trace_of.hpp.
#include "model/lkmm/trace_of.hpp"

#include <deque>

namespace fc::lkmm {

namespace {

// Kahn's topological order of the graph's events under `edges`; empty if cyclic.
std::vector<int> topo(const Graph& g, const Rel& edges) {
    const int n = g.size();
    std::vector<int> indeg(static_cast<size_t>(n), 0), out;
    for (int a = 0; a < n; a++)
        for (int b : edges.successors(a)) indeg[static_cast<size_t>(b)]++;
    std::deque<int> ready;
    for (int a = 0; a < n; a++)
        if (!indeg[static_cast<size_t>(a)]) ready.push_back(a);
    while (!ready.empty()) {
        const int a = ready.front();
        ready.pop_front();
        out.push_back(a);
        for (int b : edges.successors(a))
            if (--indeg[static_cast<size_t>(b)] == 0) ready.push_back(b);
    }
    if (static_cast<int>(out.size()) != n) out.clear();
    return out;
}

}  // namespace

Trace trace_of(const EngineScenario& s, const Graph& g) {
    const int n = g.size();
    Rel po(n), rf(n), co(n), fr(n);
    std::vector<int> pos(static_cast<size_t>(n), -1);
    for (const std::vector<int>& order : g.co)
        for (size_t i = 0; i < order.size(); i++) {
            pos[static_cast<size_t>(order[i])] = static_cast<int>(i);
            if (i) co.add(order[i - 1], order[i]);
        }
    for (int a = 0; a < n; a++) {
        const Event& e = g.ev[static_cast<size_t>(a)];
        if (a + 1 < n && e.cpu >= 0 && g.ev[static_cast<size_t>(a + 1)].cpu == e.cpu) po.add(a, a + 1);
        const int src = g.rf[static_cast<size_t>(a)];
        if (src < 0) continue;
        rf.add(src, a);
        const std::vector<int>& order = g.co[static_cast<size_t>(e.loc)];
        const size_t next = static_cast<size_t>(pos[static_cast<size_t>(src)]) + 1;
        if (next < order.size() && order[next] != e.rmw) fr.add(a, order[next]);
    }
    Rel sc = po;
    sc |= rf;
    sc |= co;
    Rel all = sc;
    all |= fr;
    std::vector<int> order = topo(g, all);
    if (order.empty()) order = topo(g, sc);
    if (order.empty()) order = topo(g, po);
    Trace t;
    std::vector<int> index_of(static_cast<size_t>(n), -1);
    std::vector<int> latest(static_cast<size_t>(g.nlocs), -1);  // coherence position written so far
    std::vector<int> latest_value(static_cast<size_t>(g.nlocs), 0);
    for (int a = 0; a < n; a++)
        if (g.ev[static_cast<size_t>(a)].type == EvType::init)
            latest_value[static_cast<size_t>(g.ev[static_cast<size_t>(a)].loc)] = g.ev[static_cast<size_t>(a)].value;
    auto wrote = [&](int a) {
        const Event& w = g.ev[static_cast<size_t>(a)];
        if (pos[static_cast<size_t>(a)] <= latest[static_cast<size_t>(w.loc)]) return;
        latest[static_cast<size_t>(w.loc)] = pos[static_cast<size_t>(a)];
        latest_value[static_cast<size_t>(w.loc)] = w.value;
    };
    for (int a : order) {
        const Event& e = g.ev[static_cast<size_t>(a)];
        if (e.type == EvType::init) {
            index_of[static_cast<size_t>(a)] = -1;
            continue;
        }
        if (e.type == EvType::write && e.rmw >= 0 && index_of[static_cast<size_t>(e.rmw)] >= 0) {
            TraceEvent& te = t.events[static_cast<size_t>(index_of[static_cast<size_t>(e.rmw)])];
            te.after = e.value;
            index_of[static_cast<size_t>(a)] = index_of[static_cast<size_t>(e.rmw)];
            wrote(a);
            continue;
        }
        const Insn& in = s.cpus[static_cast<size_t>(e.cpu)].code[static_cast<size_t>(e.pc)];
        TraceEvent te;
        te.cpu = static_cast<uint8_t>(e.cpu);
        te.prim = in.prim;
        te.call = in.call;
        te.operand = in.imm;
        te.operand_b = in.imm2;
        // The order label a counterexample prints beside an access: the primitive's own
        // (smp_store_release is "release", READ_ONCE "relaxed"), never the default.
        te.order = lower(in.prim, s.memory).order;
        if (e.type == EvType::fence) {
            te.kind = prim_info(in.prim).kind == PrimKind::fence ? EventKind::barrier : EventKind::implied_mb;
        } else {
            const bool lock = prim_info(in.prim).kind == PrimKind::lock;
            te.is_lock = lock;
            te.loc = static_cast<uint16_t>(lock ? in.loc : e.loc);
            te.before = te.after = e.value;
            if (e.type == EvType::read) {
                const int src = g.rf[static_cast<size_t>(a)];
                te.rf = src >= 0 ? index_of[static_cast<size_t>(src)] : -1;
                te.stale = pos[static_cast<size_t>(src)] < latest[static_cast<size_t>(e.loc)];
                te.latest = latest_value[static_cast<size_t>(e.loc)];
            } else {
                wrote(a);
            }
        }
        index_of[static_cast<size_t>(a)] = static_cast<int>(t.events.size());
        t.events.push_back(te);
    }
    return t;
}

}  // namespace fc::lkmm
