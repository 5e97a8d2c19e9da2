// model/lkmm/encode.cpp: symbolic execution of Programs into guarded events (see encode.hpp).
// Which events each primitive produces follows herd7's C semantics for the kernel's
// linux-kernel.def: a fully ordered RMW is F[mb]; R; W; F[mb]; a void RMW's read is
// `noreturn`; _acquire / _release annotate the read / the write; a conditional RMW
// (cmpxchg, atomic_add_unless) that fails is one `once` read and nothing else.
#include "model/lkmm/encode.hpp"

#include "model/lkmm/concrete.hpp"

#include <stdexcept>
#include <string>

namespace fc::lkmm {

namespace {

Fence fence_of(Prim p) {
    switch (p) {
    case Prim::smp_mb: return Fence::mb;
    case Prim::smp_rmb: return Fence::rmb;
    case Prim::smp_wmb: return Fence::wmb;
    case Prim::smp_mb__before_atomic: return Fence::before_atomic;
    case Prim::smp_mb__after_atomic: return Fence::after_atomic;
    case Prim::smp_mb__after_spinlock: return Fence::after_spinlock;
    case Prim::smp_mb__after_unlock_lock: return Fence::after_unlock_lock;
    case Prim::barrier: return Fence::barrier;
    default: throw std::invalid_argument(std::string("exact engine: no fence for ") + prim_info(p).name);
    }
}

// regs[kMaxRegs] and regs[kMaxRegs + 1] carry Op::stamp_write / Op::stamp_rf's sources: the
// coherence position of this CPU's last write and of the write its last load read.
struct State {
    z3::expr guard;
    std::vector<z3::expr> regs;
};
constexpr size_t kLastWrite = kMaxRegs, kLastRf = kMaxRegs + 1;

// A coherence position to compute once every write is known: rank = the number of writes
// (initial write excluded) at `loc` that are executed and not after clock `clk`.
struct Rank {
    z3::expr out;  // bit-vector 32
    int loc;
    z3::expr clk;
};

class Encoder {
public:
    Encoder(const EngineScenario& s, Encoding& out) : m_s(s), m_out(out), c(out.ctx) {}
    void run();

private:
    z3::expr bv(int v) { return c.bv_val(v, 32); }
    z3::expr operand(const State& st, int reg, int imm) {
        return reg >= 0 ? st.regs[static_cast<size_t>(reg)] : bv(imm);
    }
    int event(int cpu, int pc, EvType type, Tag tag, int loc, const z3::expr& guard, const z3::expr& value);
    z3::expr read(int cpu, int pc, Tag tag, int loc, const z3::expr& guard, const z3::expr& value);
    void fence(int cpu, int pc, Fence f, const z3::expr& guard) {
        event(cpu, pc, EvType::fence, Tag::once, -1, guard, bv(0));
        last().ev.fence = f;
    }
    SymEvent& last() { return m_out.ev.back(); }
    void prim(int cpu, int pc, const Insn& in, State& st);
    void rmw(int cpu, int pc, const Insn& in, State& st);
    void lock(int cpu, int pc, const Insn& in, State& st);
    void program(int cpu);
    void reads_from_and_coherence();
    void finals();
    z3::expr alu(AluOp op, const z3::expr& a, const z3::expr& b);
    z3::expr fresh_bv(const std::string& n) { return c.bv_const((n + "_" + std::to_string(m_fresh++)).c_str(), 32); }
    // Clocks and selectors are bit-vectors too (kClockBits, compared unsigned): with values
    // in bit-vectors, mixing in integer arithmetic made Z3 measurably slower.
    z3::expr fresh_int(const std::string& n) {
        const std::string name = n + "_" + std::to_string(m_fresh++);
        return kClockBits ? c.bv_const(name.c_str(), kClockBits) : c.int_const(name.c_str());
    }
    z3::expr clk(int v) { return clock_val(c, v); }
    z3::expr write_clock(int loc, const z3::expr& guard);
    void find_single_writers();

    z3::expr rank(int loc, const z3::expr& clk) {
        m_ranks.push_back(Rank{fresh_bv("stamp"), loc, clk});
        return m_ranks.back().out;
    }
    void ranks();

    const EngineScenario& m_s;
    Encoding& m_out;
    z3::context& c;
    int m_fresh = 0;
    std::vector<Rank> m_ranks;
    // Per location (memory, then spinlocks): written by one CPU only; and, for those, the
    // clock of that CPU's last executed write so far (0: the initial write).
    std::vector<bool> m_single;
    std::vector<z3::expr> m_count;
    bool m_stamps_write = false, m_stamps_rf = false;  // the current program has such instructions
    bool shadowed(int w, const SymEvent& r) const;
    std::vector<std::vector<int>> m_ipdom;         // per CPU (concrete.hpp post_dominators)
    std::vector<std::vector<int>> m_uncond_write;  // per CPU, per pc: location always written there, or -1
};

// A location that one CPU alone writes (besides the initial write) has its coherence order
// fixed: every consistent execution orders that CPU's executed writes to it in program order
// (linux-kernel.cat `coherence`: po-loc between writes is CoWW), after the initial write. Its
// writes get determined clocks 1, 2, ... in program order over the executed ones (a running
// count through the guards) instead of free clock variables: the solver has no coherence
// choice to make there. Every consistent execution is still a model (its co at that location
// is this order, and dense clocks satisfy RMW atomicity, clock = source's clock + 1, exactly
// when nothing comes between), and the clocks stay distinct, so no tie lemma is ever needed.
void Encoder::find_single_writers() {
    const int nlocs = m_out.nmem + m_s.nlocks;
    std::vector<int> writer(static_cast<size_t>(nlocs), -1);
    m_single.assign(static_cast<size_t>(nlocs), true);
    for (size_t cpu = 0; cpu < m_s.cpus.size(); cpu++)
        for (const Insn& i : m_s.cpus[cpu].code) {
            if (i.op != Op::prim) continue;
            const PrimInfo& info = prim_info(i.prim);
            int loc = -1;
            if (info.kind == PrimKind::store || info.kind == PrimKind::rmw) loc = i.loc;
            if (info.kind == PrimKind::lock) loc = m_out.nmem + i.loc;
            if (loc < 0 || loc >= nlocs) continue;
            int& w = writer[static_cast<size_t>(loc)];
            if (w >= 0 && w != static_cast<int>(cpu)) m_single[static_cast<size_t>(loc)] = false;
            w = static_cast<int>(cpu);
        }
    m_count.assign(static_cast<size_t>(nlocs), clk(0));
}

z3::expr Encoder::write_clock(int loc, const z3::expr& guard) {
    if (loc < 0 || static_cast<size_t>(loc) >= m_single.size() || !m_single[static_cast<size_t>(loc)])
        return fresh_int("clk");
    z3::expr& count = m_count[static_cast<size_t>(loc)];
    const z3::expr mine = (count + clk(1)).simplify();
    count = z3::ite(guard, mine, count).simplify();
    return mine;
}

int Encoder::event(int cpu, int pc, EvType type, Tag tag, int loc, const z3::expr& guard, const z3::expr& value) {
    SymEvent e(c);
    e.ev.type = type;
    e.ev.tag = tag;
    e.ev.cpu = cpu;
    e.ev.pc = pc;
    e.ev.loc = loc;
    e.guard = guard;
    e.value = value;
    if (type == EvType::write) e.clk = write_clock(loc, guard);
    if (type == EvType::init) e.clk = clk(0);
    if (type == EvType::read) {
        e.src = fresh_int("src");
        e.srcclk = fresh_int("srcclk");
    }
    m_out.ev.push_back(std::move(e));
    return static_cast<int>(m_out.ev.size()) - 1;
}

z3::expr Encoder::read(int cpu, int pc, Tag tag, int loc, const z3::expr& guard, const z3::expr& value) {
    event(cpu, pc, EvType::read, tag, loc, guard, value);
    return value;
}

void Encoder::prim(int cpu, int pc, const Insn& in, State& st) {
    const PrimInfo& info = prim_info(in.prim);
    switch (info.kind) {
    case PrimKind::fence: fence(cpu, pc, fence_of(in.prim), st.guard); return;
    case PrimKind::load: {
        const Tag tag = info.ordering == Ordering::acquire ? Tag::acquire : Tag::once;
        const z3::expr v = read(cpu, pc, tag, in.loc, st.guard, fresh_bv("r"));
        if (in.dst >= 0) st.regs[static_cast<size_t>(in.dst)] = v;
        if (m_stamps_rf) st.regs[kLastRf] = rank(in.loc, last().srcclk);
        return;
    }
    case PrimKind::store: {
        const Tag tag = info.ordering == Ordering::release ? Tag::release : Tag::once;
        event(cpu, pc, EvType::write, tag, in.loc, st.guard, operand(st, in.src, in.imm));
        m_out.written[in.loc] = true;
        if (m_stamps_write) st.regs[kLastWrite] = rank(in.loc, last().clk);
        return;
    }
    case PrimKind::rmw: rmw(cpu, pc, in, st); return;
    case PrimKind::lock: lock(cpu, pc, in, st); return;
    }
}

void Encoder::rmw(int cpu, int pc, const Insn& in, State& st) {
    const PrimInfo& info = prim_info(in.prim);
    const z3::expr a = operand(st, in.src, in.imm), b = operand(st, in.src2, in.imm2);
    const z3::expr v = fresh_bv("rmw");
    z3::expr ok = c.bool_val(true), after = v;
    switch (info.op) {
    case RmwOp::add: {
        const z3::expr delta = info.operands == 0 ? bv(std::string(info.name).find("dec") != std::string::npos ? -1 : 1)
                               : info.operand_negated ? -a
                                                      : a;
        after = v + delta;
        break;
    }
    case RmwOp::xchg: after = a; break;
    case RmwOp::cmpxchg:
        ok = v == a;
        after = b;
        break;
    case RmwOp::add_unless:
        // atomic_add_unless(v, a, u); atomic_inc_not_zero(v) = atomic_add_unless(v, 1, 0)
        ok = info.operands == 0 ? v != bv(0) : v != b;
        after = v + (info.operands == 0 ? bv(1) : a);
        break;
    case RmwOp::none: throw std::logic_error("rmw without an operation");
    }
    const bool conditional = info.op == RmwOp::cmpxchg || info.op == RmwOp::add_unless;
    const z3::expr g_ok = conditional ? (st.guard && ok) : st.guard;
    const bool full = info.ordering == Ordering::full || info.ordering == Ordering::full_on_success;
    const Tag rtag = info.ordering == Ordering::acquire ? Tag::acquire
                     : info.result == RmwResult::none   ? Tag::noreturn
                                                        : Tag::once;
    const Tag wtag = info.ordering == Ordering::release ? Tag::release : Tag::once;
    if (full) fence(cpu, pc, Fence::mb, g_ok);
    const int r = event(cpu, pc, EvType::read, rtag, in.loc, g_ok, v);
    const int w = event(cpu, pc, EvType::write, wtag, in.loc, g_ok, after);
    m_out.ev[static_cast<size_t>(r)].ev.rmw = w;
    m_out.ev[static_cast<size_t>(w)].ev.rmw = r;
    m_out.ev[static_cast<size_t>(r)].ev.atomic = m_out.ev[static_cast<size_t>(w)].ev.atomic = true;
    m_out.written[in.loc] = true;
    if (full) fence(cpu, pc, Fence::mb, g_ok);
    // Op::stamp_write: a conditional RMW that failed wrote nothing.
    if (m_stamps_write) {
        const z3::expr wrank = rank(in.loc, m_out.ev[static_cast<size_t>(w)].clk);
        st.regs[kLastWrite] = conditional ? z3::ite(ok, wrank, st.regs[kLastWrite]) : wrank;
    }
    if (conditional) {
        // The failure: one `once` read of the same value (herd7 CSem: linux_cmpexch_no,
        // linux_add_unless_no), sharing the reads-from selector with the success read.
        const int f = event(cpu, pc, EvType::read, Tag::once, in.loc, st.guard && !ok, v);
        m_out.ev[static_cast<size_t>(f)].alt_of = r;
        m_out.ev[static_cast<size_t>(f)].ev.atomic = true;  // herd7 read_mem_atomic
        m_out.ev[static_cast<size_t>(f)].src = m_out.ev[static_cast<size_t>(r)].src;
        m_out.ev[static_cast<size_t>(f)].srcclk = m_out.ev[static_cast<size_t>(r)].srcclk;
    }
    if (in.dst < 0) return;
    z3::expr res = bv(0);
    switch (info.result) {
    case RmwResult::none: res = bv(0); break;
    case RmwResult::new_value: res = after; break;
    case RmwResult::old_value: res = v; break;
    case RmwResult::is_zero: res = z3::ite(after == bv(0), bv(1), bv(0)); break;
    case RmwResult::is_negative: res = z3::ite(z3::slt(after, bv(0)), bv(1), bv(0)); break;
    case RmwResult::success: res = z3::ite(ok, bv(1), bv(0)); break;
    }
    st.regs[static_cast<size_t>(in.dst)] = res;
}

// lock.cat with the lock's value as its state (0 unlocked, 1 locked): spin_lock() is an RMW
// LKR/LKW that reads 0 and writes 1 (an LKR reads its LKW's immediate coherence predecessor,
// lock.cat's singlestep(co)); spin_unlock() is UL writing 0; spin_trylock() is that RMW when
// it reads 0 and an LF read of a locked value otherwise.
void Encoder::lock(int cpu, int pc, const Insn& in, State& st) {
    const int loc = m_out.nmem + in.loc;
    if (in.prim == Prim::spin_unlock) {
        event(cpu, pc, EvType::write, Tag::unlock, loc, st.guard, bv(0));
        return;
    }
    const z3::expr v = fresh_bv("lock");
    const bool try_ = in.prim == Prim::spin_trylock;
    const z3::expr g_ok = try_ ? (st.guard && v == bv(0)) : st.guard;
    if (!try_) m_out.constraints.push_back(z3::implies(st.guard, v == bv(0)));
    const int r = event(cpu, pc, EvType::read, Tag::lock_read, loc, g_ok, v);
    const int w = event(cpu, pc, EvType::write, Tag::lock_write, loc, g_ok, bv(1));
    m_out.ev[static_cast<size_t>(r)].ev.rmw = w;
    m_out.ev[static_cast<size_t>(w)].ev.rmw = r;
    if (try_) {
        const int f = event(cpu, pc, EvType::read, Tag::lock_fail, loc, st.guard && v != bv(0), v);
        m_out.ev[static_cast<size_t>(f)].alt_of = r;
        m_out.ev[static_cast<size_t>(f)].src = m_out.ev[static_cast<size_t>(r)].src;
        m_out.ev[static_cast<size_t>(f)].srcclk = m_out.ev[static_cast<size_t>(r)].srcclk;
        m_out.constraints.push_back(z3::implies(st.guard && v != bv(0), v == bv(1)));
        if (in.dst >= 0) st.regs[static_cast<size_t>(in.dst)] = z3::ite(v == bv(0), bv(1), bv(0));
    } else if (in.dst >= 0) {
        st.regs[static_cast<size_t>(in.dst)] = bv(0);
    }
}

void Encoder::program(int cpu) {
    const Program& p = m_s.cpus[static_cast<size_t>(cpu)];
    const size_t n = p.code.size();
    // Coherence ranks cost a sum over a location's writes: computed only for a program that
    // reads them.
    m_stamps_write = m_stamps_rf = false;
    for (const Insn& i : p.code) {
        m_stamps_write = m_stamps_write || i.op == Op::stamp_write;
        m_stamps_rf = m_stamps_rf || i.op == Op::stamp_rf;
    }
    std::vector<std::vector<State>> incoming(n + 1);
    State cur{c.bool_val(true), std::vector<z3::expr>(kMaxRegs + 2, bv(0))};
    cur.regs[kLastWrite] = cur.regs[kLastRf] = bv(-1);  // no write, no load yet
    bool falls = true;
    std::vector<z3::expr>& guards = m_out.insn_guard[static_cast<size_t>(cpu)];
    for (size_t pc = 0; pc <= n; pc++) {
        std::vector<State>& in = incoming[pc];
        if (falls) in.push_back(cur);
        State st{c.bool_val(false), cur.regs};
        if (in.size() == 1) {
            st = in[0];
        } else if (!in.empty()) {
            z3::expr_vector gs(c);
            for (const State& s : in) gs.push_back(s.guard);
            const z3::expr g = c.bool_const(("g" + std::to_string(cpu) + "_" + std::to_string(pc)).c_str());
            m_out.constraints.push_back(g == z3::mk_or(gs));
            st.guard = g;
            for (size_t r = 0; r < st.regs.size(); r++) {
                bool same = true;
                for (const State& s : in) same = same && z3::eq(s.regs[r], in[0].regs[r]);
                if (same) {
                    st.regs[r] = in[0].regs[r];
                    continue;
                }
                z3::expr v = in.back().regs[r];
                for (size_t k = in.size() - 1; k-- > 0;) v = z3::ite(in[k].guard, in[k].regs[r], v);
                const z3::expr named = fresh_bv("m");
                m_out.constraints.push_back(named == v);
                st.regs[r] = named;
            }
        }
        in.clear();
        guards.push_back(st.guard);
        if (pc == n) {
            m_out.final_regs[static_cast<size_t>(cpu)].assign(st.regs.begin(), st.regs.begin() + kMaxRegs);
            break;
        }
        const Insn& i = p.code[pc];
        const int ipc = static_cast<int>(pc);
        auto reg = [&](int r) -> z3::expr& { return st.regs[static_cast<size_t>(r)]; };
        falls = true;
        switch (i.op) {
        case Op::prim: prim(cpu, ipc, i, st); break;
        case Op::movi: reg(i.dst) = bv(i.imm); break;
        case Op::add: reg(i.dst) = reg(i.dst) + reg(i.src); break;
        case Op::addi: reg(i.dst) = reg(i.dst) + bv(i.imm); break;
        case Op::alu: reg(i.dst) = alu(i.alu, operand(st, i.src, i.imm), operand(st, i.src2, i.imm2)); break;
        case Op::jz:
        case Op::jnz:
        case Op::jne: {
            const z3::expr cond = i.op == Op::jz    ? reg(i.src) == bv(0)
                                  : i.op == Op::jnz ? reg(i.src) != bv(0)
                                                    : reg(i.src) != reg(i.src2);
            incoming[static_cast<size_t>(i.target)].push_back(State{st.guard && cond, st.regs});
            st.guard = st.guard && !cond;
            break;
        }
        case Op::jmp:
            incoming[static_cast<size_t>(i.target)].push_back(st);
            falls = false;
            break;
        case Op::stamp_write: reg(i.dst) = st.regs[kLastWrite]; break;
        case Op::stamp_rf: reg(i.dst) = st.regs[kLastRf]; break;
        }
        cur = st;
    }
}

// C's operators on int as Program::alu_apply defines them (wrapping; x/0 and x%0 are 0).
z3::expr Encoder::alu(AluOp op, const z3::expr& a, const z3::expr& b) {
    const z3::expr one = bv(1), zero = bv(0);
    auto flag = [&](const z3::expr& cnd) { return z3::ite(cnd, one, zero); };
    const z3::expr bad_div = b == zero || (a == bv(INT32_MIN) && b == bv(-1));
    switch (op) {
    case AluOp::add: return a + b;
    case AluOp::sub: return a - b;
    case AluOp::mul: return a * b;
    case AluOp::div: return z3::ite(bad_div, zero, a / b);
    case AluOp::mod: return z3::ite(bad_div, zero, z3::srem(a, b));
    case AluOp::and_: return a & b;
    case AluOp::or_: return a | b;
    case AluOp::xor_: return a ^ b;
    case AluOp::shl: return z3::shl(a, b & bv(31));
    case AluOp::shr: return z3::ashr(a, b & bv(31));
    case AluOp::eq: return flag(a == b);
    case AluOp::ne: return flag(a != b);
    case AluOp::lt: return flag(z3::slt(a, b));
    case AluOp::le: return flag(z3::sle(a, b));
    case AluOp::gt: return flag(z3::sgt(a, b));
    case AluOp::ge: return flag(z3::sge(a, b));
    case AluOp::land: return flag(a != zero && b != zero);
    case AluOp::lor: return flag(a != zero || b != zero);
    case AluOp::not_: return flag(a == zero);
    case AluOp::neg: return -a;
    case AluOp::mov: return a;
    }
    return a;
}

// A write of the reading CPU is shadowed when another unconditional write of that CPU to the
// same location runs on every path from it to the read (its instruction post-dominates the
// write's and comes before the read): coherence (CoWR) forbids reading the older one.
bool Encoder::shadowed(int w, const SymEvent& r) const {
    const SymEvent& we = m_out.ev[static_cast<size_t>(w)];
    if (we.ev.cpu != r.ev.cpu) return false;
    const std::vector<int>& ipdom = m_ipdom[static_cast<size_t>(r.ev.cpu)];
    const std::vector<int>& uncond = m_uncond_write[static_cast<size_t>(r.ev.cpu)];
    for (int pc = ipdom[static_cast<size_t>(we.ev.pc)]; pc < r.ev.pc; pc = ipdom[static_cast<size_t>(pc)])
        if (uncond[static_cast<size_t>(pc)] == r.ev.loc) return true;
    return false;
}

void Encoder::reads_from_and_coherence() {
    std::vector<SymEvent>& ev = m_out.ev;
    const int nlocs = m_out.nmem + m_s.nlocks;
    std::vector<std::vector<int>> writes(static_cast<size_t>(nlocs));
    for (size_t i = 0; i < ev.size(); i++)
        if (ev[i].ev.type == EvType::write || ev[i].ev.type == EvType::init)
            writes[static_cast<size_t>(ev[i].ev.loc)].push_back(static_cast<int>(i));
    for (const std::vector<int>& ws : writes) {
        if (ws.empty()) continue;
        z3::expr_vector clocks(c);
        for (int w : ws) {
            clocks.push_back(ev[static_cast<size_t>(w)].clk);
            if (ev[static_cast<size_t>(w)].ev.type == EvType::write)
                m_out.constraints.push_back(
                    z3::implies(ev[static_cast<size_t>(w)].guard, clock_le(clk(1), ev[static_cast<size_t>(w)].clk)));
        }
        // Distinct clocks for executed writes are added lazily (search.cpp: a model whose
        // executed writes tie gets the disequality of that pair): an eager `distinct` over a
        // location's writes makes Z3's arithmetic split on every pair.
    }
    // Reads-from: a read (with its failure alternative, which shares value and selector)
    // reads exactly one executed write of its location with its value; not a write of its own
    // CPU that comes later in program order (nor its own RMW's write).
    for (size_t i = 0; i < ev.size(); i++) {
        SymEvent& r = ev[i];
        if (r.ev.type != EvType::read) continue;
        if (r.alt_of >= 0) {
            r.cands = ev[static_cast<size_t>(r.alt_of)].cands;
            r.any = ev[static_cast<size_t>(r.alt_of)].any;
            continue;
        }
        z3::expr any = r.guard;
        if (i + 1 < ev.size()) {
            for (size_t j = i + 1; j < ev.size() && ev[j].ev.cpu == r.ev.cpu && ev[j].ev.pc == r.ev.pc; j++)
                if (ev[j].alt_of == static_cast<int>(i)) any = r.guard || ev[j].guard;
        }
        z3::expr_vector choice(c);
        for (int w : writes[static_cast<size_t>(r.ev.loc)]) {
            const SymEvent& we = ev[static_cast<size_t>(w)];
            if (we.ev.cpu == r.ev.cpu && we.ev.pc >= r.ev.pc) continue;
            if (shadowed(w, r)) continue;
            r.cands.push_back(w);
            const z3::expr pick = r.src == clk(w);
            choice.push_back(pick);
            m_out.constraints.push_back(
                z3::implies(pick && any, we.guard && r.value == we.value && r.srcclk == we.clk));
        }
        m_out.constraints.push_back(z3::implies(any, z3::mk_or(choice)));
        r.any = any;
    }
    // Coherence (linux-kernel.cat `coherence`, acyclic po-loc | com) as the coherence position
    // each CPU has observed at each location, which never goes back: a read reads a write at
    // or after it (CoRR, CoWR), a write comes strictly after it (CoWW, CoRW).
    std::vector<std::vector<z3::expr>> floor(m_s.cpus.size(),
                                             std::vector<z3::expr>(static_cast<size_t>(nlocs), clk(0)));
    for (size_t i = 0; i < ev.size(); i++) {
        SymEvent& e = ev[i];
        if (e.ev.cpu < 0 || e.alt_of >= 0 || (e.ev.type != EvType::read && e.ev.type != EvType::write)) continue;
        z3::expr& fl = floor[static_cast<size_t>(e.ev.cpu)][static_cast<size_t>(e.ev.loc)];
        const z3::expr next = fresh_int("floor");
        if (e.ev.type == EvType::read) {
            m_out.constraints.push_back(z3::implies(e.any, clock_le(fl, e.srcclk)));
            m_out.constraints.push_back(next == z3::ite(e.any, e.srcclk, fl));
        } else {
            m_out.constraints.push_back(z3::implies(e.guard, clock_lt(fl, e.clk)));
            m_out.constraints.push_back(next == z3::ite(e.guard, e.clk, fl));
            if (e.ev.rmw >= 0)  // atomicity: nothing between the RMW's source and its write
                m_out.constraints.push_back(
                    z3::implies(e.guard, e.clk == ev[static_cast<size_t>(e.ev.rmw)].srcclk + clk(1)));
        }
        fl = next;
    }
}

void Encoder::finals() {
    for (int l = 0; l < m_out.nmem; l++) {
        const int init = m_s.init.value[static_cast<size_t>(l)];
        const bool judged = m_s.judge_locs.empty() ||
                            (static_cast<size_t>(l) < m_s.judge_locs.size() && m_s.judge_locs[static_cast<size_t>(l)]);
        if (!m_out.written[static_cast<size_t>(l)] ||
            !judged) {  // a location the judge never reads needs no final value term
            m_out.final_val.push_back(bv(init));
            continue;
        }
        const z3::expr maxclk = fresh_int("maxclk"), fin = fresh_bv("final");
        z3::expr_vector some(c);
        for (const SymEvent& w : m_out.ev) {
            if (w.ev.loc != l || (w.ev.type != EvType::write && w.ev.type != EvType::init)) continue;
            const z3::expr top = w.guard && w.clk == maxclk;
            m_out.constraints.push_back(z3::implies(w.guard, clock_le(w.clk, maxclk)));
            m_out.constraints.push_back(z3::implies(top, fin == w.value));
            some.push_back(top);
        }
        m_out.constraints.push_back(z3::mk_or(some));
        m_out.final_val.push_back(fin);
    }
}

void Encoder::run() {
    m_out.nmem = static_cast<int>(m_s.init.value.size());
    m_out.written.assign(static_cast<size_t>(m_out.nmem), false);
    // Initial writes: every memory location some instruction touches, and every spinlock (0).
    std::vector<bool> used(static_cast<size_t>(m_out.nmem), false);
    for (const Program& p : m_s.cpus)
        for (const Insn& i : p.code)
            if (i.op == Op::prim && prim_info(i.prim).kind != PrimKind::fence &&
                prim_info(i.prim).kind != PrimKind::lock) {
                if (i.loc >= m_out.nmem)
                    throw std::invalid_argument("exact engine: a location outside the scenario's initial values");
                used[i.loc] = true;
            }
    for (int l = 0; l < m_out.nmem; l++)
        if (used[static_cast<size_t>(l)])
            event(-1, -1, EvType::init, Tag::once, l, c.bool_val(true), bv(m_s.init.value[static_cast<size_t>(l)]));
    for (int l = 0; l < m_s.nlocks; l++)
        event(-1, -1, EvType::init, Tag::once, m_out.nmem + l, c.bool_val(true), bv(0));
    find_single_writers();
    m_out.insn_guard.assign(m_s.cpus.size(), {});
    m_out.final_regs.assign(m_s.cpus.size(), {});
    for (size_t cpu = 0; cpu < m_s.cpus.size(); cpu++) program(static_cast<int>(cpu));
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
    reads_from_and_coherence();
    ranks();
    finals();
}

void Encoder::ranks() {
    for (const Rank& r : m_ranks) {
        // Counted in bit-vectors: int2bv is slow in Z3's solver.
        z3::expr sum = bv(0);
        for (const SymEvent& w : m_out.ev)
            if (w.ev.type == EvType::write && w.ev.loc == r.loc)
                sum = sum + z3::ite(w.guard && clock_le(w.clk, r.clk), bv(1), bv(0));
        m_out.constraints.push_back(r.out == sum);
    }
}

}  // namespace

void encode(const EngineScenario& s, Encoding& out) { Encoder(s, out).run(); }

z3::expr Encoding::rf_lit(int write, int read) const {
    const SymEvent& r = ev[static_cast<size_t>(read)];
    return r.guard && r.src == clock_val(ctx, write);
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

int model_int(const z3::model& m, const z3::expr& e) {
    const z3::expr v = m.eval(e, true);
    if (v.is_bv()) return static_cast<int>(static_cast<uint32_t>(v.get_numeral_uint64()));
    return static_cast<int>(v.get_numeral_int64());
}

bool model_bool(const z3::model& m, const z3::expr& e) { return m.eval(e, true).is_true(); }

}  // namespace fc::lkmm
