// model/lkmm/concrete.cpp: a solver model as an execution graph (see concrete.hpp).
#include "model/lkmm/concrete.hpp"

#include <algorithm>
#include <map>

namespace fc::lkmm {

std::vector<int> post_dominators(const Program& p) {
    const int n = static_cast<int>(p.code.size());
    std::vector<int> ipdom(static_cast<size_t>(n) + 1, n);
    auto meet = [&](int a, int b) {
        while (a != b) {
            if (a < b) a = ipdom[static_cast<size_t>(a)];
            else b = ipdom[static_cast<size_t>(b)];
        }
        return a;
    };
    for (int i = n - 1; i >= 0; i--) {
        const Insn& in = p.code[static_cast<size_t>(i)];
        if (in.op == Op::jmp) ipdom[static_cast<size_t>(i)] = in.target;
        else if (in.op == Op::jz || in.op == Op::jnz || in.op == Op::jne)
            ipdom[static_cast<size_t>(i)] = meet(i + 1, in.target);
        else ipdom[static_cast<size_t>(i)] = i + 1;
    }
    return ipdom;
}

namespace {

using Taint = std::vector<int>;  // read events (graph indices) a value comes from

void join(Taint& into, const Taint& from) {
    for (int e : from)
        if (std::find(into.begin(), into.end(), e) == into.end()) into.push_back(e);
}

// Dependencies along the path CPU `cpu` took: register data flow from reads into written
// values (data), into branch conditions and from there to the events the branch decides on
// (ctrl). An RMW's write depends on its own read when its value is computed from it
// (atomic_add and friends, atomic_add_unless; herd7: the RMW's internal data dependency).
void dependencies(const EngineScenario& s, const Encoding& enc, const z3::model& m, int cpu,
                  const std::vector<int>& ipdom, const std::vector<int>& graph_of, Graph& g) {
    const Program& p = s.cpus[static_cast<size_t>(cpu)];
    std::vector<Taint> taint(kMaxRegs);
    // Executed events of each instruction, in order.
    std::map<int, std::vector<int>> at;
    for (size_t i = 0; i < enc.ev.size(); i++)
        if (enc.ev[i].ev.cpu == cpu && graph_of[i] >= 0) at[enc.ev[i].ev.pc].push_back(graph_of[i]);
    struct Region {
        int end;
        Taint from;
    };
    std::vector<Region> regions;
    const std::vector<z3::expr>& guards = enc.insn_guard[static_cast<size_t>(cpu)];
    for (size_t pc = 0; pc < p.code.size(); pc++) {
        if (!model_bool(m, guards[pc])) continue;
        const Insn& in = p.code[pc];
        const int ipc = static_cast<int>(pc);
        regions.erase(std::remove_if(regions.begin(), regions.end(), [&](const Region& r) { return r.end <= ipc; }),
                      regions.end());
        const std::vector<int>& evs = at[ipc];
        for (int e : evs) {
            const Event& ge = g.ev[static_cast<size_t>(e)];
            if (ge.type == EvType::fence) continue;
            for (const Region& r : regions)
                for (int src : r.from) g.ctrl.add(src, e);
        }
        auto t = [&](int r) -> Taint { return r >= 0 ? taint[static_cast<size_t>(r)] : Taint{}; };
        switch (in.op) {
        case Op::movi: taint[static_cast<size_t>(in.dst)].clear(); break;
        case Op::add: join(taint[static_cast<size_t>(in.dst)], t(in.src)); break;
        case Op::addi: break;
        case Op::alu: {
            Taint d = t(in.src);
            join(d, t(in.src2));
            taint[static_cast<size_t>(in.dst)] = d;
            break;
        }
        case Op::jz:
        case Op::jnz:
        case Op::jne: {
            Taint cond = t(in.src);
            if (in.op == Op::jne) join(cond, t(in.src2));
            if (!cond.empty()) regions.push_back(Region{ipdom[pc], cond});
            break;
        }
        case Op::jmp:
        case Op::stamp_write:
        case Op::stamp_rf: break;
        case Op::prim: {
            const PrimInfo& info = prim_info(in.prim);
            int read = -1, write = -1;
            for (int e : evs) {
                const Event& ge = g.ev[static_cast<size_t>(e)];
                if (ge.type == EvType::read) read = e;
                if (ge.type == EvType::write) write = e;
            }
            Taint value;  // what the written value is computed from
            if (info.kind == PrimKind::store) value = t(in.src);
            if (info.kind == PrimKind::rmw) {
                if (info.op == RmwOp::cmpxchg) value = t(in.src2);
                else value = t(in.src);
                if ((info.op == RmwOp::add || info.op == RmwOp::add_unless) && read >= 0) join(value, Taint{read});
            }
            if (write >= 0)
                for (int src : value) g.data.add(src, write);
            // An access through a pointer (Insn::addr): herd7's addr, from the reads its
            // offset was computed from to the access (both halves of an RMW).
            if (in.addr >= 0)
                for (int e : evs)
                    if (g.ev[static_cast<size_t>(e)].type != EvType::fence)
                        for (int src : t(in.addr)) g.addr.add(src, e);
            if (in.dst >= 0) {
                Taint d;
                if (read >= 0) d.push_back(read);
                if (info.kind == PrimKind::rmw) join(d, t(in.src));
                taint[static_cast<size_t>(in.dst)] = d;
            }
            break;
        }
        }
    }
}

}  // namespace

Concrete concretise(const EngineScenario& s, const Encoding& enc, const z3::model& m,
                    const std::vector<std::vector<int>>& ipdom) {
    Concrete out;
    Graph& g = out.g;
    const int nlocs = enc.nmem + s.nlocks;
    g.nlocs = nlocs;
    g.co.assign(static_cast<size_t>(nlocs), {});
    std::vector<int> graph_of(enc.ev.size(), -1);
    const ModelChoices chosen = model_choices(enc, m);
    const std::vector<int>& source = chosen.source;
    for (size_t i = 0; i < enc.ev.size(); i++) {
        const SymEvent& se = enc.ev[i];
        if (!chosen.ran[i]) continue;
        Event e = se.ev;
        e.value = model_int(m, se.value);
        graph_of[i] = g.add(e);
        out.enc_of.push_back(static_cast<int>(i));
    }
    for (int i = 0; i < g.size(); i++) {
        Event& e = g.ev[static_cast<size_t>(i)];
        if (e.rmw >= 0) e.rmw = graph_of[static_cast<size_t>(e.rmw)];
    }
    std::vector<std::vector<std::pair<int64_t, int>>> byclk(static_cast<size_t>(nlocs));
    for (int i = 0; i < g.size(); i++) {
        const size_t at = static_cast<size_t>(out.enc_of[static_cast<size_t>(i)]);
        const SymEvent& se = enc.ev[at];
        const Event& e = g.ev[static_cast<size_t>(i)];
        if (e.type == EvType::read && source[at] >= 0)
            g.rf[static_cast<size_t>(i)] = graph_of[static_cast<size_t>(se.cands[static_cast<size_t>(source[at])])];
        if (e.type == EvType::write || e.type == EvType::init) {
            byclk[static_cast<size_t>(e.loc)].emplace_back(chosen.clock[at], i);
        }
    }
    for (int l = 0; l < nlocs; l++) {
        std::sort(byclk[static_cast<size_t>(l)].begin(), byclk[static_cast<size_t>(l)].end());
        const auto& order = byclk[static_cast<size_t>(l)];
        for (size_t k = 1; k < order.size(); k++)
            if (order[k].first == order[k - 1].first)
                out.ties.emplace_back(out.enc_of[static_cast<size_t>(order[k - 1].second)],
                                      out.enc_of[static_cast<size_t>(order[k].second)]);
        for (const auto& [clk, e] : byclk[static_cast<size_t>(l)]) g.co[static_cast<size_t>(l)].push_back(e);
    }
    g.resize_deps();
    for (size_t cpu = 0; cpu < s.cpus.size(); cpu++)
        dependencies(s, enc, m, static_cast<int>(cpu), ipdom[cpu], graph_of, g);
    out.regs.assign(s.cpus.size(), std::vector<int>(kMaxRegs, 0));
    for (size_t cpu = 0; cpu < s.cpus.size(); cpu++)
        for (int r = 0; r < kMaxRegs; r++)
            out.regs[cpu][static_cast<size_t>(r)] = model_int(m, enc.final_regs[cpu][static_cast<size_t>(r)]);
    // Final memory: the co-last write of each location in this graph (the judge's view).
    for (int l = 0; l < enc.nmem; l++) {
        const std::vector<int>& order = g.co[static_cast<size_t>(l)];
        out.final_values.push_back(order.empty() ? s.init.value[static_cast<size_t>(l)]
                                                 : g.ev[static_cast<size_t>(order.back())].value);
    }
    return out;
}

}  // namespace fc::lkmm
