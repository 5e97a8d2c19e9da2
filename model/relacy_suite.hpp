// model/relacy_suite.hpp: the interpreter. Each CPU's Program runs as a thread of a Relacy
// test suite; every primitive becomes the Relacy operations model/kernel_atomics.cpp's
// lower() names, and is recorded as a TraceEvent beside a shadow of the modification order.
// Included only by model/relacy_engine.cpp, after model/relacy.hpp.
//
// Rules (measured behaviour of Relacy, docs/relacy-behaviour.md): no heap inside the
// simulation, no state outside SearchState that changes control flow across executions,
// small fiber stacks. The suite reaches the search's state through g_search, set by
// explore_relacy() for the search's lifetime.
#pragma once

#include "model/relacy_access.hpp"
#include "model/relacy_cached_scheduler.hpp"
#include "model/replay_scheduler.hpp"
#include "model/search_state.hpp"

namespace fc::rlx {

inline SearchState* g_search = nullptr;

constexpr int kNoCounterValue = 0x7fffffff;

inline rl::memory_order to_rl(Order o) {
    switch (o) {
    case Order::relaxed: return rl::mo_relaxed;
    case Order::acquire: return rl::mo_acquire;
    case Order::release: return rl::mo_release;
    case Order::acq_rel: return rl::mo_acq_rel;
    case Order::seq_cst: return rl::mo_seq_cst;
    }
    return rl::mo_seq_cst;
}

// The signed amount an RMW adds, from the kernel operand as written.
inline int rmw_delta(Prim p, int operand) {
    // The inc/dec rows take no operand: their amount is in the name (atomic_inc*, atomic_dec*,
    // atomic_fetch_inc*, atomic_fetch_dec*); an operand passed with them is ignored.
    const PrimInfo& info = prim_info(p);
    if (info.operands == 0) return std::strstr(info.name, "dec") != nullptr ? -1 : 1;
    return info.operand_negated ? static_cast<int>(0u - static_cast<unsigned>(operand)) : operand;
}

// The addend of an RMW that adds: atomic_t arithmetic wraps (the kernel builds with
// -fno-strict-overflow; Documentation/atomic_t.txt), and Relacy's own fetch_add computes
// `value + op` in int, undefined on overflow. Relacy's rmw() applies perform_rmw(), found by
// argument-dependent lookup, so this type brings the wrapping add.
struct WrappingAdd {
    int delta;
};
inline std::ostream& operator<<(std::ostream& s, WrappingAdd w) { return s << w.delta; }  // Relacy's raw history
[[maybe_unused]] inline int perform_rmw(rl::rmw_type_t<rl::rmw_type_add>, int v, WrappingAdd op) {
    return static_cast<int>(static_cast<unsigned>(v) + static_cast<unsigned>(op.delta));
}

// spin_lock / spin_unlock / spin_trylock: a Relacy mutex whose trylock never fails
// spuriously (a kernel spin_trylock() fails only when the lock is held).
struct SpinTag;
struct SpinLock : rl::generic_mutex<SpinTag> {
    SpinLock() { init(false, false, false, false, $); }
    ~SpinLock() { deinit($); }
};

// Relacy atomics exist only for the slots (model/program_analysis.hpp); their storage is
// static because the suite is constructed by Relacy at every execution's start.
alignas(rl::atomic<int>) inline unsigned char g_atomic_mem[ProgramAnalysis::kMaxSlots * sizeof(rl::atomic<int>)];
alignas(SpinLock) inline unsigned char g_lock_mem[kMaxLocks * sizeof(SpinLock)];

template <unsigned N>
struct Suite : rl::test_suite<Suite<N>, N> {
    // Placement-constructed for the slots this scenario uses; the same lifetime as members:
    // built with the suite at every execution's start, destroyed at its end.
    Suite() {
        for (int s = 0; s < g_search->analysis.nslots(); s++) new (atom_ptr(s)) rl::atomic<int>();
        for (int l = 0; l < g_search->scenario.nlocks; l++) new (lock_ptr(l)) SpinLock();
    }
    ~Suite() {
        for (int l = g_search->scenario.nlocks; l-- > 0;) lock_ptr(l)->~SpinLock();
        for (int s = g_search->analysis.nslots(); s-- > 0;) atom_ptr(s)->~atomic();
    }
    static rl::atomic<int>* atom_ptr(int s) { return reinterpret_cast<rl::atomic<int>*>(g_atomic_mem) + s; }
    static SpinLock* lock_ptr(int l) { return reinterpret_cast<SpinLock*>(g_lock_mem) + l; }

    void before() {
        SearchState& g = *g_search;
        if (g.limit_reached()) {
            RL_UNTIL(true);
            return;
        }
        g.begin_execution();
        const InitialValues& init = g.scenario.init;
        for (int s = 0; s < g.analysis.nslots(); s++) {
            const int v = init.value[static_cast<size_t>(g.analysis.slot_loc[static_cast<size_t>(s)])];
            atom_ptr(s)->store(v, rl::mo_seq_cst, $);
            g.shadow_store(s, -1, v);
        }
    }

    // Reduced search: a fence never needs a scheduling point of its own. Another CPU's step
    // between a fence and this CPU's neighbouring access commutes with the fence (a non-fence
    // step neither affects nor is affected by it; two fences keep their relative order), so
    // the fence runs as part of the neighbouring step (docs/performance.md, reduction R1).
    void fence(unsigned cpu, Order o, EventKind kind, Prim p, int32_t call) {
        SearchState& g = *g_search;
        if (g.reduce) rl::ctx().disable_preemption();
        rl::atomic_thread_fence(to_rl(o), $);
        if (g.reduce) rl::ctx().enable_preemption();
        if (TraceEvent* e = g.new_event(cpu, kind)) {
            e->prim = p;
            e->order = o;
            e->call = call;
        }
    }

    // spin_lock / spin_unlock / spin_trylock: always a scheduling point (a lock operation
    // conflicts with the other CPUs' operations on the same lock).
    void exec_lock(unsigned cpu, const Insn& in, int* regs) {
        SearchState& g = *g_search;
        SpinLock& m = *lock_ptr(in.loc);
        int result = 0;
        bool ok = true;
        int& owner = g.lock_owner[in.loc];
        switch (in.prim) {
        case Prim::spin_lock:
            g.waiting[cpu] = owner != 0;  // for the state key: this CPU will wait here
            m.lock_exclusive($);
            g.waiting[cpu] = false;
            owner = static_cast<int>(cpu) + 1;
            break;
        case Prim::spin_unlock:
            m.unlock_exclusive($);
            owner = 0;
            break;
        default:
            ok = m.try_lock_exclusive($);
            result = ok ? 1 : 0;
            if (ok) owner = static_cast<int>(cpu) + 1;
            break;
        }
        if (in.dst >= 0) regs[in.dst] = result;
        if (TraceEvent* e = g.new_event(cpu, EventKind::access)) {
            e->prim = in.prim;
            e->loc = in.loc;
            e->order = g.low[static_cast<size_t>(in.prim)].order;
            e->call = in.call;
            e->result = ok;
            e->before = e->after = result;
            e->is_lock = true;
        }
    }

    void exec_prim(unsigned cpu, const Insn& in, int* regs) {
        SearchState& g = *g_search;
        const PrimInfo& info = prim_info(in.prim);
        const Lowering& l = g.low[static_cast<size_t>(in.prim)];
        if (info.kind == PrimKind::lock) {
            exec_lock(cpu, in, regs);
            return;
        }
        if (!l.access) {
            if (l.fence) {
                fence(cpu, l.fence_order, EventKind::barrier, in.prim, in.call);
            } else if (TraceEvent* e = g.new_event(cpu, EventKind::barrier)) {
                e->prim = in.prim;
                e->no_op = true;
                e->call = in.call;
            }
            return;
        }
        if (l.fence_before) fence(cpu, Order::seq_cst, EventKind::implied_mb, in.prim, in.call);
        const int operand = in.src >= 0 ? regs[in.src] : in.imm;
        const int operand_b = in.src2 >= 0 ? regs[in.src2] : in.imm2;
        const rl::memory_order mo = to_rl(l.order);
        const int slot = g.analysis.slot_of[in.loc];
        rl::atomic<int>& a = *atom_ptr(slot);
        // Reduced search: an access that conflicts with nothing any other CPU may still do (no
        // remaining write to this location elsewhere, and for a write no remaining access)
        // commutes with every step the others will ever take: it needs no scheduling point of
        // its own (reduction R2, docs/performance.md).
        const bool quiet = g.reduce && !g.analysis.conflicts(cpu, N, g.pc, slot, info.kind != PrimKind::load);
        if (quiet) rl::ctx().disable_preemption();
        int before = 0, after = 0, result = 0;
        bool succeeded = true, flag = false;
        switch (info.kind) {
        case PrimKind::load: before = after = result = a.load(mo, $); break;
        case PrimKind::store:
            before = g.shadow.latest_value(slot);
            a.store(operand, mo, $);
            after = operand;
            break;
        case PrimKind::rmw: rmw(a, info, l, slot, operand, operand_b, before, after, result, succeeded, flag); break;
        case PrimKind::fence:
        case PrimKind::lock: break;
        }
        if (quiet) rl::ctx().enable_preemption();
        if (in.dst >= 0) regs[in.dst] = result;
        const int index = static_cast<int>(g.nev);
        if (TraceEvent* e = g.new_event(cpu, EventKind::access)) {
            e->prim = in.prim;
            e->loc = in.loc;
            e->order = l.order;
            e->call = in.call;
            e->operand = operand;
            e->operand_b = operand_b;
            e->before = before;
            e->after = after;
            e->result = flag;
        }
        TraceEvent* recorded = index < static_cast<int>(g.nev) ? &g.ev[static_cast<size_t>(index)] : nullptr;
        if (info.kind == PrimKind::load) g.last_rf_mo[cpu] = g.shadow.rf(slot, before, recorded);
        if (info.kind != PrimKind::load && succeeded) g.last_write_mo[cpu] = g.shadow_store(slot, index, after);
        if (l.fence_after && (succeeded || !l.fence_after_only_on_success))
            fence(cpu, Order::seq_cst, EventKind::implied_mb, in.prim, in.call);
    }

    // One RMW. `succeeded` is false for a conditional RMW that did not write (cmpxchg that
    // found another value, atomic_add_unless that found u); `flag` is the boolean the trace
    // shows (*_and_test, add_negative, add_unless, cmpxchg success).
    static void rmw(rl::atomic<int>& a, const PrimInfo& info, const Lowering& l, int slot, int operand, int operand_b,
                    int& before, int& after, int& result, bool& succeeded, bool& flag) {
        const rl::memory_order mo = to_rl(l.order);
        const rl::memory_order fail_mo = to_rl(l.failure_order);
        switch (info.op) {
        case RmwOp::xchg:
            before = a.exchange(operand, mo, $);
            after = operand;
            result = before;
            return;
        case RmwOp::cmpxchg: {
            // cmpxchg(v, o, n): one strong CAS (Relacy's CAS reads the latest value, as the
            // kernel's does: a failed cmpxchg still returns the current value).
            int expected = operand;
            succeeded = a.compare_exchange_strong(expected, operand_b, mo, $, fail_mo, $);
            before = succeeded ? operand : expected;
            after = succeeded ? operand_b : before;
            result = before;
            flag = succeeded;
            return;
        }
        case RmwOp::add_unless: {
            // atomic_add_unless(v, a, u): a strong CAS loop (Relacy's RMWs read the latest
            // value, so this is one RMW unless another CPU writes in between). Every attempt
            // is a real CAS, so a failing add_unless is still a scheduling point and reads the
            // latest value (Relacy: a failed CAS never reads a stale value). The first guess is
            // the latest value, or a sentinel no counter holds when that is u.
            const int delta = info.operands == 0 ? 1 : operand;  // atomic_inc_not_zero: a = 1
            const int unless = info.operands == 0 ? 0 : operand_b;
            int expected = g_search->shadow.latest_value(slot);
            if (expected == unless) expected = unless == kNoCounterValue ? kNoCounterValue - 1 : kNoCounterValue;
            for (;;) {
                // Wrapping add: the sentinel guess is INT_MAX, and INT_MAX + 1 in int is UB (UBSan).
                const int desired = static_cast<int>(static_cast<unsigned>(expected) + static_cast<unsigned>(delta));
                if (a.compare_exchange_strong(expected, desired, mo, $, fail_mo, $)) break;
                if (expected == unless) {  // the failed CAS read the latest value: u
                    succeeded = false;
                    break;
                }
            }
            before = expected;
            after =
                succeeded ? static_cast<int>(static_cast<unsigned>(expected) + static_cast<unsigned>(delta)) : expected;
            flag = succeeded;
            result = succeeded ? 1 : 0;
            return;
        }
        case RmwOp::add:
        case RmwOp::none: break;
        }
        const int delta = rmw_delta(info.prim, operand);
        before = a.rmw(rl::rmw_type_t<rl::rmw_type_add>(), WrappingAdd{delta}, mo, $);
        after = static_cast<int>(static_cast<unsigned>(before) + static_cast<unsigned>(delta));
        switch (info.result) {
        case RmwResult::none: result = 0; break;
        case RmwResult::new_value: result = after; break;
        case RmwResult::old_value: result = before; break;
        case RmwResult::is_zero:
            flag = (after == 0);
            result = flag;
            break;
        case RmwResult::is_negative:
            flag = (after < 0);
            result = flag;
            break;
        case RmwResult::success: break;
        }
    }

    void thread(unsigned cpu) {
        SearchState& g = *g_search;
        g.fiber_stack[cpu] = rl::ctx().threadx_->fiber_.fib.uc_stack.ss_sp;
        const Program& p = g.scenario.cpus[cpu];
        int* regs = g.regs[cpu];
        const size_t n = p.code.size();
        size_t pc = 0;
        while (pc < n) {
            if (g_sched_hooks.cut) {  // cut: this execution is not judged; let go of held locks
                for (int l = 0; l < g.scenario.nlocks; l++)
                    if (g.lock_owner[l] == static_cast<int>(cpu) + 1) {
                        g.lock_owner[l] = 0;
                        lock_ptr(l)->unlock_exclusive($);
                    }
                return;
            }
            g.pc[cpu] = pc;
            const Insn& in = p.code[pc];
            size_t next = pc + 1;
            switch (in.op) {
            case Op::prim:
                if (in.addr >= 0 && regs[in.addr] != 0 && !g.undefined_op) {  // Insn::addr
                    g.undefined_op = kPointerOutside;
                    g.undefined_cpu = static_cast<int>(cpu);
                }
                exec_prim(cpu, in, regs);
                break;
            case Op::movi: regs[in.dst] = in.imm; break;
            case Op::add: regs[in.dst] += regs[in.src]; break;
            case Op::addi: regs[in.dst] += in.imm; break;
            case Op::jz:
                if (regs[in.src] == 0) next = static_cast<size_t>(in.target);
                break;
            case Op::jnz:
                if (regs[in.src] != 0) next = static_cast<size_t>(in.target);
                break;
            case Op::jne:
                if (regs[in.src] != regs[in.src2]) next = static_cast<size_t>(in.target);
                break;
            case Op::jmp: next = static_cast<size_t>(in.target); break;
            case Op::stamp_write: regs[in.dst] = g.last_write_mo[cpu]; break;
            case Op::stamp_rf: regs[in.dst] = g.last_rf_mo[cpu]; break;
            case Op::alu: {
                const char* undefined = nullptr;
                regs[in.dst] = alu_apply(in.alu, in.src >= 0 ? regs[in.src] : in.imm,
                                         in.src2 >= 0 ? regs[in.src2] : in.imm2, &undefined);
                if (undefined && !g.undefined_op) {  // the first one: the search's result is refused
                    g.undefined_op = undefined;
                    g.undefined_cpu = static_cast<int>(cpu);
                }
                break;
            }
            }
            pc = next;
        }
        g.pc[cpu] = n;
        g.new_event(cpu, EventKind::exit);
    }

    static bool same_access(const TraceEvent& a, const TraceEvent& b) {
        return a.cpu == b.cpu && a.prim == b.prim && a.loc == b.loc && a.before == b.before && a.after == b.after;
    }
    static bool matches(const std::vector<TraceEvent>& want) {
        const SearchState& g = *g_search;
        size_t k = 0;
        for (size_t i = 0; i < g.nev; i++) {
            if (g.ev[i].kind != EventKind::access) continue;
            if (k >= want.size() || !same_access(g.ev[i], want[k])) return false;
            k++;
        }
        return k == want.size();
    }

    void after() {
        SearchState& g = *g_search;
        g.executions++;
        if (g_sched_hooks.cut || g_sched_hooks.foreign) {  // cut, or another part's subtree
            g.cut++;
            return;
        }
        g.current_subtree = g_sched_hooks.subtree;
        if (g.judge_execution()) {
            RL_UNTIL(true);
            return;
        }
        const SearchSpec& s = g.spec;
        if (!s.match_accesses.empty() && matches(s.match_accesses)) {
            g.matched = true;
            g.capture_state(g.match_state.data(), g.match_state.size());
            g.stopped_by = "matched";
            RL_UNTIL(true);
            return;
        }
        if (!s.replay_state.empty() || g.guided) {
            if (!s.replay_state.empty() && !g_replay_check.mismatch &&
                g_replay_check.consumed != g_replay_check.entries) {
                g_replay_check.mismatch = true;
                g_replay_check.why = "the schedule has entries left over when the execution ends";
            }
            g.replay_done = true;
            RL_UNTIL(true);
            return;
        }
    }
};

}  // namespace fc::rlx
