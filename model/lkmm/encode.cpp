// model/lkmm/encode.cpp: symbolic execution of Programs into guarded events (see encode.hpp).
// Which events each primitive produces follows herd7's C semantics for the kernel's
// linux-kernel.def: a fully ordered RMW is F[mb]; R; W; F[mb]; a void RMW's read is
// `noreturn`; _acquire / _release annotate the read / the write; a conditional RMW
// (cmpxchg, atomic_add_unless) that fails is one `once` read and nothing else.
#include "model/lkmm/encode.hpp"

#include <algorithm>
#include <cstdint>
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
    z3::expr alu(AluOp op, const z3::expr& a, const z3::expr& b);
    void undefined_when(AluOp op, const z3::expr& a, const z3::expr& b, const z3::expr& guard, int cpu);
    z3::expr fresh_bv(const std::string& n) { return c.bv_const((n + "_" + std::to_string(m_fresh++)).c_str(), 32); }
    z3::expr fresh_int(const std::string& n) {
        return c.bv_const((n + "_" + std::to_string(m_fresh++)).c_str(), m_out.clock_bits);
    }
    z3::expr clk(int v) { return clock_val(c, v, m_out.clock_bits); }
    // A read of a location only this CPU writes has one possible value (event() explains):
    // that value itself, so the solver gets no variable to choose for it.
    z3::expr read_value(int cpu, int loc, const std::string& n) {
        return owns(cpu, loc) ? m_last_value[static_cast<size_t>(loc)] : fresh_bv(n);
    }
    bool single(int loc) const {
        return loc >= 0 && static_cast<size_t>(loc) < m_single.size() && m_single[static_cast<size_t>(loc)];
    }
    // `cpu` is the one CPU that writes `loc` (find_single_writers).
    bool owns(int cpu, int loc) const { return single(loc) && m_writer[static_cast<size_t>(loc)] == cpu; }
    z3::expr write_clock(int loc, const z3::expr& guard);
    void find_single_writers();

    z3::expr rank(int loc, const z3::expr& clk) {
        m_ranks.push_back(Rank{fresh_bv("stamp"), loc, clk});
        return m_ranks.back().out;
    }

    const EngineScenario& m_s;
    Encoding& m_out;
    z3::context& c;
    int m_fresh = 0;
    std::vector<Rank> m_ranks;
    // Per location (memory, then spinlocks): written by one CPU only; and, for those, the
    // clock of that CPU's last executed write so far (0: the initial write).
    std::vector<bool> m_single;
    std::vector<int> m_writer;  // per location: the CPU that writes it, -1 for none
    std::vector<z3::expr> m_count;
    std::vector<z3::expr> m_last_value;                // single-writer locations: the value last written so far
    bool m_stamps_write = false, m_stamps_rf = false;  // the current program has such instructions
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
    std::vector<int> nwrites(static_cast<size_t>(nlocs), 0);
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
            nwrites[static_cast<size_t>(loc)]++;  // each instruction writes at most once
        }
    // Clock width: values 0..n distinct for the initial write and the n writes of the busiest
    // location, which is all a total coherence order needs. An RMW's clock = source's + 1
    // cannot wrap around into a model: a wrapped 0 contradicts "an executed write's clock >= 1".
    int most = 0;
    for (int n : nwrites) most = std::max(most, n);
    m_out.clock_bits = 1;
    while ((int64_t{1} << m_out.clock_bits) <= most) m_out.clock_bits++;
    m_count.assign(static_cast<size_t>(nlocs), clk(0));
    m_writer = writer;
    for (int l = 0; l < nlocs; l++)
        m_last_value.push_back(bv(l < m_out.nmem ? m_s.init.value[static_cast<size_t>(l)] : 0));
}

z3::expr Encoder::write_clock(int loc, const z3::expr& guard) {
    if (!single(loc)) return fresh_int("clk");
    z3::expr& count = m_count[static_cast<size_t>(loc)];
    const z3::expr mine = shallow(count + clk(1));
    count = shallow(z3::ite(guard, mine, count));
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
    const bool own = owns(cpu, loc);
    if (type == EvType::write) {
        if (own) {
            z3::expr& last = m_last_value[static_cast<size_t>(loc)];
            // Named unless it folds to a constant or a name: a read's value is this term, and a
            // chain of if-then-else as long as the CPU's writes here would cost its length at
            // every evaluation in a model (concretise). Z3 eliminates the name again.
            last = shallow(z3::ite(guard, value, last));
            if (!last.is_numeral() && !last.is_const()) {
                const z3::expr named = fresh_bv("last");
                m_out.constraints.push_back(named == last);
                last = named;
            }
        }
        e.clk = write_clock(loc, guard);
        e.counted = single(loc);
    }
    if (type == EvType::init) e.clk = clk(0);
    if (type == EvType::read) {
        // Coherence (CoWR, CoRW) and a coherence order that is this CPU's program order
        // (find_single_writers) leave this CPU's last executed write as the only source.
        e.determined = own;
        e.srcclk = own ? m_count[static_cast<size_t>(loc)] : fresh_int("srcclk");
        if (own) e.own_value = m_last_value[static_cast<size_t>(loc)];
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
        // A plain C load (herd7's C: `r0 = *x;`) is linux-kernel.bell's Plain, not Once.
        const Tag tag = in.plain ? Tag::plain : info.ordering == Ordering::acquire ? Tag::acquire : Tag::once;
        const z3::expr v = read(cpu, pc, tag, in.loc, st.guard, read_value(cpu, in.loc, "r"));
        if (in.dst >= 0) st.regs[static_cast<size_t>(in.dst)] = v;
        if (m_stamps_rf) st.regs[kLastRf] = rank(in.loc, last().srcclk);
        return;
    }
    case PrimKind::store: {
        const Tag tag = in.plain ? Tag::plain : info.ordering == Ordering::release ? Tag::release : Tag::once;
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
    const z3::expr v = read_value(cpu, in.loc, "rmw");
    z3::expr ok = c.bool_val(true), after = v;
    switch (info.op) {
    case RmwOp::add: {
        const z3::expr delta = info.operands == 0 ? bv(std::string(info.name).find("dec") != std::string::npos ? -1 : 1)
                               : info.operand_negated ? shallow(-a)
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
    ok = shallow(ok);
    after = shallow(after);
    const z3::expr g_ok = conditional ? shallow(st.guard && ok) : st.guard;
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
        // linux_add_unless_no), sharing the reads-from choice with the success read.
        const int f = event(cpu, pc, EvType::read, Tag::once, in.loc, shallow(st.guard && shallow(!ok)), v);
        m_out.ev[static_cast<size_t>(f)].alt_of = r;
        m_out.ev[static_cast<size_t>(f)].ev.atomic = true;  // herd7 read_mem_atomic
        m_out.ev[static_cast<size_t>(f)].srcclk = m_out.ev[static_cast<size_t>(r)].srcclk;
    }
    if (in.dst < 0) return;
    z3::expr res = bv(0);
    switch (info.result) {
    case RmwResult::none: res = bv(0); break;
    case RmwResult::new_value: res = after; break;
    case RmwResult::old_value: res = v; break;
    case RmwResult::is_zero: res = z3::ite(shallow(after == bv(0)), bv(1), bv(0)); break;
    case RmwResult::is_negative: res = z3::ite(shallow(z3::slt(after, bv(0))), bv(1), bv(0)); break;
    case RmwResult::success: res = z3::ite(ok, bv(1), bv(0)); break;
    }
    st.regs[static_cast<size_t>(in.dst)] = shallow(res);
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
    const z3::expr v = read_value(cpu, loc, "lock");
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
        // A path whose guard folded to false never reaches here: no merge with it.
        in.erase(std::remove_if(in.begin(), in.end(), [](const State& s) { return s.guard.is_false(); }), in.end());
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
        case Op::prim:
            if (i.addr >= 0)  // Insn::addr: an offset other than 0 is outside the variable
                m_out.undefined.push_back({shallow(st.guard && shallow(reg(i.addr) != bv(0))), cpu, kPointerOutside});
            prim(cpu, ipc, i, st);
            break;
        case Op::movi: reg(i.dst) = bv(i.imm); break;
        case Op::add: reg(i.dst) = shallow(reg(i.dst) + reg(i.src)); break;
        case Op::addi: reg(i.dst) = shallow(reg(i.dst) + bv(i.imm)); break;
        case Op::alu: {
            const z3::expr a = operand(st, i.src, i.imm), b = operand(st, i.src2, i.imm2);
            undefined_when(i.alu, a, b, st.guard, static_cast<int>(cpu));
            reg(i.dst) = alu(i.alu, a, b);
            if (a.is_numeral() && b.is_numeral()) reg(i.dst) = reg(i.dst).simplify();
            break;
        }
        case Op::jz:
        case Op::jnz:
        case Op::jne: {
            const z3::expr cond = i.op == Op::jz    ? reg(i.src) == bv(0)
                                  : i.op == Op::jnz ? reg(i.src) != bv(0)
                                                    : reg(i.src) != reg(i.src2);
            incoming[static_cast<size_t>(i.target)].push_back(State{shallow(st.guard && shallow(cond)), st.regs});
            st.guard = shallow(st.guard && shallow(!shallow(cond)));
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

// The cases Program::alu_apply refuses as undefined in C: a candidate that reaches one with
// such operands is an execution without an answer (the harness refuses the whole search).
void Encoder::undefined_when(AluOp op, const z3::expr& a, const z3::expr& b, const z3::expr& guard, int cpu) {
    const z3::expr zero = bv(0);
    switch (op) {
    case AluOp::div:
        m_out.undefined.push_back({guard && b == zero, cpu, "division by zero (x / 0)"});
        m_out.undefined.push_back({guard && a == bv(INT32_MIN) && b == bv(-1), cpu, "INT_MIN / -1 overflows int"});
        break;
    case AluOp::mod:
        m_out.undefined.push_back({guard && b == zero, cpu, "division by zero (x % 0)"});
        m_out.undefined.push_back({guard && a == bv(INT32_MIN) && b == bv(-1), cpu, "INT_MIN % -1 overflows int"});
        break;
    case AluOp::shl:
    case AluOp::shr:
        m_out.undefined.push_back(
            {guard && (z3::slt(b, zero) || z3::sgt(b, bv(31))), cpu, "a shift by less than 0 or more than 31"});
        break;
    default: break;
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
    find_single_writers();  // and the clock width, before the first clock
    for (int l = 0; l < m_out.nmem; l++)
        if (used[static_cast<size_t>(l)])
            event(-1, -1, EvType::init, Tag::once, l, c.bool_val(true), bv(m_s.init.value[static_cast<size_t>(l)]));
    for (int l = 0; l < m_s.nlocks; l++)
        event(-1, -1, EvType::init, Tag::once, m_out.nmem + l, c.bool_val(true), bv(0));
    m_out.insn_guard.assign(m_s.cpus.size(), {});
    m_out.final_regs.assign(m_s.cpus.size(), {});
    for (size_t cpu = 0; cpu < m_s.cpus.size(); cpu++) program(static_cast<int>(cpu));
    encode_memory(m_s, m_out, m_ranks);
}

}  // namespace

// simplify() visits every subterm (Z3 keeps no cache between calls), so on a running chain
// it is quadratic. This folds only what a term's own operands decide.
z3::expr shallow(const z3::expr& e) {
    if (!e.is_app()) return e;
    const unsigned n = e.num_args();
    if (e.decl().decl_kind() == Z3_OP_ITE) {
        const z3::expr g = e.arg(0);
        if (g.is_true()) return e.arg(1);
        if (g.is_false()) return e.arg(2);
        if (z3::eq(e.arg(1), e.arg(2))) return e.arg(1);
    }
    const Z3_decl_kind k = e.decl().decl_kind();
    if (k == Z3_OP_AND || k == Z3_OP_OR) {
        const bool unit = k == Z3_OP_AND;  // true for and, false for or
        z3::expr_vector kept(e.ctx());
        for (unsigned i = 0; i < n; i++) {
            const z3::expr a = e.arg(i);
            if (unit ? a.is_true() : a.is_false()) continue;
            if (unit ? a.is_false() : a.is_true()) return a;
            kept.push_back(a);
        }
        if (kept.size() == n) return e;
        if (kept.empty()) return e.ctx().bool_val(unit);
        return kept.size() == 1 ? kept[0] : unit ? z3::mk_and(kept) : z3::mk_or(kept);
    }
    for (unsigned i = 0; i < n; i++) {
        const z3::expr a = e.arg(i);
        if (!a.is_numeral() && !a.is_true() && !a.is_false()) return e;
    }
    return e.simplify();
}

void encode(const EngineScenario& s, Encoding& out) { Encoder(s, out).run(); }

int model_int(const z3::model& m, const z3::expr& e) {
    const z3::expr v = m.eval(e, true);
    if (v.is_bv()) return static_cast<int>(static_cast<uint32_t>(v.get_numeral_uint64()));
    return static_cast<int>(v.get_numeral_int64());
}

bool model_bool(const z3::model& m, const z3::expr& e) { return m.eval(e, true).is_true(); }

}  // namespace fc::lkmm
