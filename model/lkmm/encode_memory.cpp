// model/lkmm/encode_memory.cpp: reads-from, coherence, ranks and final values over the
// events encode.cpp produced (see encode.hpp).
#include <algorithm>
#include <string>

#include "model/lkmm/concrete.hpp"
#include "model/lkmm/encode.hpp"

namespace fc::lkmm {

namespace {

class MemoryEncoder {
public:
    MemoryEncoder(const EngineScenario& s, Encoding& out) : m_s(s), m_out(out), c(out.ctx) {}
    void run(const std::vector<Rank>& ranks);

private:
    z3::expr bv(int v) { return c.bv_val(v, 32); }
    z3::expr clk(int v) { return clock_val(c, v, m_out.clock_bits); }
    // Names distinct from encode.cpp's (a Z3 constant is its name).
    z3::expr fresh_clock(const std::string& n) {
        return c.bv_const(("mem_" + n + "_" + std::to_string(m_fresh++)).c_str(), m_out.clock_bits);
    }
    bool shadowed(int w, const SymEvent& r);
    void at_most_one(const std::vector<z3::expr>& picks, const std::string& name);
    void reads_from();
    void coherence();
    void ranks(const std::vector<Rank>& ranks);
    void finals();

    const EngineScenario& m_s;
    Encoding& m_out;
    z3::context& c;
    int m_fresh = 0;
    std::vector<std::vector<int>> m_writes;        // per location: its writes, the initial one first
    std::vector<std::vector<int>> m_ipdom;         // per CPU (concrete.hpp post_dominators)
    std::vector<std::vector<int>> m_uncond_write;  // per CPU, per pc: location always written there, or -1
    std::vector<int> m_shadow_pc;                  // per write event: shadowed()'s first shadowing pc, -1 unknown
};

// A write of the reading CPU is shadowed when another unconditional write of that CPU to the
// same location runs on every path from it to the read (its instruction post-dominates the
// write's and comes before the read): coherence (CoWR) forbids reading the older one.
// The first such write on the write's post-dominator chain is found once per write (the
// chain only grows), so a CPU's n reads of its n writes cost n walks, not n^2.
bool MemoryEncoder::shadowed(int w, const SymEvent& r) {
    const SymEvent& we = m_out.ev[static_cast<size_t>(w)];
    if (we.ev.cpu != r.ev.cpu) return false;
    int& first = m_shadow_pc[static_cast<size_t>(w)];
    if (first < 0) {
        const std::vector<int>& ipdom = m_ipdom[static_cast<size_t>(we.ev.cpu)];
        const std::vector<int>& uncond = m_uncond_write[static_cast<size_t>(we.ev.cpu)];
        const int end = static_cast<int>(uncond.size()) - 1;  // the program's exit
        int pc = ipdom[static_cast<size_t>(we.ev.pc)];
        while (pc < end && uncond[static_cast<size_t>(pc)] != we.ev.loc) pc = ipdom[static_cast<size_t>(pc)];
        first = pc;
    }
    return first < r.ev.pc;
}

// At most one of `picks` (Sinz's sequential counter: `seen_k` = one of the first k is true;
// linear in the candidates, where the pairwise form is quadratic).
void MemoryEncoder::at_most_one(const std::vector<z3::expr>& picks, const std::string& name) {
    if (picks.size() < 2) return;
    z3::expr seen = picks[0];
    for (size_t k = 1; k < picks.size(); k++) {
        m_out.constraints.push_back(!(picks[k] && seen));
        if (k + 1 == picks.size()) break;
        const z3::expr next = c.bool_const((name + "_" + std::to_string(k)).c_str());
        m_out.constraints.push_back(z3::implies(seen || picks[k], next));
        seen = next;
    }
}

// Reads-from: a read (with its failure alternative, which shares value and choice) reads
// exactly one executed write of its location, with its value; not a write of its own CPU
// that comes later in program order (nor its own RMW's write). One Boolean per candidate
// write, one-hot when the read is executed: rf is a function from executed reads to
// executed writes in every execution, so every consistent execution is a model, and rf
// literals are these Booleans themselves (no selector term compared with constants).
void MemoryEncoder::reads_from() {
    std::vector<SymEvent>& ev = m_out.ev;
    for (size_t i = 0; i < ev.size(); i++) {
        SymEvent& r = ev[i];
        if (r.ev.type != EvType::read) continue;
        if (r.alt_of >= 0) {
            r.cands = ev[static_cast<size_t>(r.alt_of)].cands;
            r.picks = ev[static_cast<size_t>(r.alt_of)].picks;
            r.any = ev[static_cast<size_t>(r.alt_of)].any;
            continue;
        }
        z3::expr any = r.guard;
        for (size_t j = i + 1; j < ev.size() && ev[j].ev.cpu == r.ev.cpu && ev[j].ev.pc == r.ev.pc; j++)
            if (ev[j].alt_of == static_cast<int>(i)) any = r.guard || ev[j].guard;
        z3::expr_vector choice(c);
        for (int w : m_writes[static_cast<size_t>(r.ev.loc)]) {
            const SymEvent& we = ev[static_cast<size_t>(w)];
            if (we.ev.cpu == r.ev.cpu && we.ev.pc >= r.ev.pc) continue;
            if (shadowed(w, r)) continue;
            if (r.determined) {
                // The source is fixed by the clocks (encode.cpp: the read's srcclk is its CPU's
                // count of executed writes so far): "reads w" is "w ran and has that clock".
                // No Boolean per candidate: a CPU's chain of n conditional writes would
                // otherwise give n^2 / 2 of them, each with a 32-bit value equality.
                r.cands.push_back(w);
                r.picks.push_back(we.guard && r.srcclk == we.clk);
                continue;
            }
            const z3::expr pick = c.bool_const(("rf_" + std::to_string(i) + "_" + std::to_string(w)).c_str());
            r.cands.push_back(w);
            r.picks.push_back(pick);
            choice.push_back(pick);
            m_out.constraints.push_back(
                z3::implies(pick, any && we.guard && r.value == we.value && r.srcclk == we.clk));
        }
        r.any = any;
        if (r.determined) {
            m_out.constraints.push_back(z3::implies(any, r.value == r.own_value));
            continue;
        }
        m_out.constraints.push_back(z3::implies(any, z3::mk_or(choice)));
        at_most_one(r.picks, "rf_amo_" + std::to_string(i));
    }
}

// Coherence (linux-kernel.cat `coherence`, acyclic po-loc | com) as the coherence position
// each CPU has observed at each location, which never goes back: a read reads a write at or
// after it (CoRR, CoWR), a write comes strictly after it (CoWW, CoRW). Executed writes come
// after the initial write (clock 0). Distinct clocks for executed writes are added lazily
// (search.cpp: a model whose executed writes tie gets the disequality of that pair): an eager
// `distinct` over a location's writes makes the solver split on every pair.
void MemoryEncoder::coherence() {
    std::vector<SymEvent>& ev = m_out.ev;
    for (const std::vector<int>& ws : m_writes)
        for (int w : ws)
            if (ev[static_cast<size_t>(w)].ev.type == EvType::write)
                m_out.constraints.push_back(
                    z3::implies(ev[static_cast<size_t>(w)].guard, clock_le(clk(1), ev[static_cast<size_t>(w)].clk)));
    std::vector<std::vector<z3::expr>> floor(m_s.cpus.size(), std::vector<z3::expr>(m_writes.size(), clk(0)));
    for (size_t i = 0; i < ev.size(); i++) {
        SymEvent& e = ev[i];
        if (e.ev.cpu < 0 || e.alt_of >= 0 || (e.ev.type != EvType::read && e.ev.type != EvType::write)) continue;
        z3::expr& fl = floor[static_cast<size_t>(e.ev.cpu)][static_cast<size_t>(e.ev.loc)];
        // The next floor is named only when it does not fold to a constant or a name: a CPU
        // that runs without choices (its guards constant) then adds no clock variables.
        auto named = [&](const z3::expr& def) {
            const z3::expr d = shallow(def);
            if (d.is_numeral() || d.is_const()) return d;
            const z3::expr next = fresh_clock("floor");
            m_out.constraints.push_back(next == d);
            return next;
        };
        z3::expr next = fl;
        if (e.ev.type == EvType::read) {
            m_out.constraints.push_back(z3::implies(e.any, clock_le(fl, e.srcclk)));
            next = named(z3::ite(e.any, e.srcclk, fl));
        } else {
            m_out.constraints.push_back(z3::implies(e.guard, clock_lt(fl, e.clk)));
            next = named(z3::ite(e.guard, e.clk, fl));
            if (e.ev.rmw >= 0)  // atomicity: nothing between the RMW's source and its write
                m_out.constraints.push_back(
                    z3::implies(e.guard, e.clk == ev[static_cast<size_t>(e.ev.rmw)].srcclk + clk(1)));
        }
        fl = next;
    }
}

void MemoryEncoder::ranks(const std::vector<Rank>& ranks) {
    for (const Rank& r : ranks) {
        // Counted in bit-vectors: int2bv is slow in Z3's solver.
        z3::expr sum = bv(0);
        for (const SymEvent& w : m_out.ev)
            if (w.ev.type == EvType::write && w.ev.loc == r.loc)
                sum = sum + z3::ite(w.guard && clock_le(w.clk, r.clk), bv(1), bv(0));
        m_out.constraints.push_back(r.out == sum);
    }
}

void MemoryEncoder::finals() {
    for (int l = 0; l < m_out.nmem; l++) {
        const int init = m_s.init.value[static_cast<size_t>(l)];
        const bool judged = m_s.judge_locs.empty() ||
                            (static_cast<size_t>(l) < m_s.judge_locs.size() && m_s.judge_locs[static_cast<size_t>(l)]);
        if (!m_out.written[static_cast<size_t>(l)] ||
            !judged) {  // a location the judge never reads needs no final value term
            m_out.final_val.push_back(bv(init));
            continue;
        }
        const z3::expr maxclk = fresh_clock("maxclk");
        const z3::expr fin = c.bv_const(("mem_final_" + std::to_string(l)).c_str(), 32);
        z3::expr_vector some(c);
        for (int wi : m_writes[static_cast<size_t>(l)]) {
            const SymEvent& w = m_out.ev[static_cast<size_t>(wi)];
            const z3::expr top = w.guard && w.clk == maxclk;
            m_out.constraints.push_back(z3::implies(w.guard, clock_le(w.clk, maxclk)));
            m_out.constraints.push_back(z3::implies(top, fin == w.value));
            some.push_back(top);
        }
        m_out.constraints.push_back(z3::mk_or(some));
        m_out.final_val.push_back(fin);
    }
}

void MemoryEncoder::run(const std::vector<Rank>& rks) {
    for (const Program& p : m_s.cpus) {
        m_ipdom.push_back(post_dominators(p));
        std::vector<int> uncond(p.code.size() + 1, -1);
        for (size_t pc = 0; pc < p.code.size(); pc++) {
            const Insn& i = p.code[pc];
            if (i.op != Op::prim) continue;
            const PrimInfo& info = prim_info(i.prim);
            const bool always =
                info.kind == PrimKind::store ||
                (info.kind == PrimKind::rmw && info.op != RmwOp::cmpxchg && info.op != RmwOp::add_unless);
            if (always) uncond[pc] = i.loc;
        }
        m_uncond_write.push_back(std::move(uncond));
    }
    m_shadow_pc.assign(m_out.ev.size(), -1);
    m_writes.assign(static_cast<size_t>(m_out.nmem + m_s.nlocks), {});
    for (size_t i = 0; i < m_out.ev.size(); i++)
        if (m_out.ev[i].ev.type == EvType::write || m_out.ev[i].ev.type == EvType::init)
            m_writes[static_cast<size_t>(m_out.ev[i].ev.loc)].push_back(static_cast<int>(i));
    reads_from();
    coherence();
    ranks(rks);
    finals();
}

}  // namespace

void encode_memory(const EngineScenario& s, Encoding& out, const std::vector<Rank>& ranks) {
    MemoryEncoder(s, out).run(ranks);
}

ModelChoices model_choices(const Encoding& enc, const z3::model& m) {
    const size_t n = enc.ev.size();
    ModelChoices out;
    out.ran.assign(n, false);
    out.clock.assign(n, -1);
    out.source.assign(n, -1);
    int nlocs = 0;
    for (const SymEvent& e : enc.ev) nlocs = std::max(nlocs, e.ev.loc + 1);
    std::vector<int64_t> count(static_cast<size_t>(nlocs), 0);  // per location
    for (size_t i = 0; i < n; i++) {
        const SymEvent& e = enc.ev[i];
        out.ran[i] = model_bool(m, e.guard);
        if (!out.ran[i]) continue;
        if (e.ev.type == EvType::init) out.clock[i] = 0;
        if (e.ev.type != EvType::write) continue;
        // Events are in program order per CPU, and a counted location has one writing CPU.
        if (e.counted) out.clock[i] = ++count[static_cast<size_t>(e.ev.loc)];
        else out.clock[i] = static_cast<int64_t>(m.eval(e.clk, true).get_numeral_uint64());
    }
    for (size_t i = 0; i < n; i++) {
        const SymEvent& e = enc.ev[i];
        if (e.ev.type != EvType::read || !out.ran[i]) continue;
        if (e.determined) {
            // The last executed candidate: candidates are in program order, the initial write
            // first (encode_memory.cpp reads_from), and it is the one whose clock the
            // read's count names.
            for (size_t k = 0; k < e.cands.size(); k++)
                if (out.ran[static_cast<size_t>(e.cands[k])]) out.source[i] = static_cast<int>(k);
            continue;
        }
        for (size_t k = 0; k < e.picks.size(); k++)
            if (model_bool(m, e.picks[k])) out.source[i] = static_cast<int>(k);
    }
    return out;
}

z3::expr Encoding::rf_lit(int write, int read) const {
    const SymEvent& r = ev[static_cast<size_t>(read)];
    for (size_t k = 0; k < r.cands.size(); k++)
        if (r.cands[k] == write) return r.guard && r.picks[k];
    return ctx.bool_val(false);  // never a candidate: no model reads it, a clause with it is void
}

z3::expr Encoding::co_lit(int a, int b) const {
    const SymEvent& ea = ev[static_cast<size_t>(a)];
    const SymEvent& eb = ev[static_cast<size_t>(b)];
    return ea.guard && eb.guard && clock_lt(ea.clk, eb.clk);
}

z3::expr Encoding::fr_lit(int read, int write) const {
    const SymEvent& r = ev[static_cast<size_t>(read)];
    const SymEvent& w = ev[static_cast<size_t>(write)];
    return r.guard && w.guard && clock_lt(r.srcclk, w.clk);
}

}  // namespace fc::lkmm
