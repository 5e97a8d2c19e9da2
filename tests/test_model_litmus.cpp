// tests/test_model_litmus.cpp: calibration litmus tests through the real engine
// (model/engine explore()), with scenarios built by hand with the Emitter.
//
// Locations: x = LOC_REFCOUNT, y = loc_mapcount(0); both start at the value the test sets.
// The judge flags the weak outcome as a "violation", so SearchOutcome.violations counts the
// executions that reached it. Expected results are LKMM's (tools/memory-model litmus tests
// SB, SB+fencembonceonces, MP, MP+fencewmbonceonce+fencermbonceonce), and the execution
// counts are the ones docs/relacy-behaviour.md §3 records for the same shapes.
#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "model/engine.hpp"
#include "model/folio.hpp"
#include "model/program.hpp"

using namespace fc;

namespace {

const int X = LOC_REFCOUNT;
const int Y = loc_mapcount(0);

// "Weak" when every listed (cpu, register) holds its value at the end. No allocation: the
// judge runs inside the simulation.
struct Cond {
    int cpu, reg, value;
};
struct WeakOutcome {
    Cond cond[4];
    int n = 0;
};

Judgement judge_weak(const void* ctx, const int* const* regs, const int* /*final_values*/) {
    const WeakOutcome& w = *static_cast<const WeakOutcome*>(ctx);
    bool all = true;
    for (int i = 0; i < w.n; i++) all = all && regs[w.cond[i].cpu][w.cond[i].reg] == w.cond[i].value;
    return Judgement{all, false};
}

struct Litmus {
    EngineScenario s;
    WeakOutcome weak;
    Litmus() { s.init = FolioInit{}; }  // the folio's locations, as the tests name them
    Litmus(const Litmus&) = delete;
    Litmus& operator=(const Litmus&) = delete;
};

void set_init(EngineScenario& s, int loc, int value) {
    s.init.value[loc] = value;
    s.init.used[loc] = true;
}

SearchSpec full_search() {
    SearchSpec spec;
    spec.mode = SearchMode::full;
    return spec;
}

// SB: CPU0: write(x); [barrier]; r0 = read(y)   ||   CPU1: write(y); [barrier]; r0 = read(x)
// `write` is WRITE_ONCE(v, 1) or an RMW on v with operand `operand`; both locations start at
// `init`. Weak outcome: both reads return `init` (neither CPU saw the other's write).
void build_sb(Litmus& t, Memory m, Prim write, int operand, Prim read, bool mb, int init) {
    t.s.memory = m;
    set_init(t.s, X, init);
    set_init(t.s, Y, init);
    t.s.cpus.assign(2, Program{});
    for (int cpu = 0; cpu < 2; cpu++) {
        Program& p = t.s.cpus[static_cast<size_t>(cpu)];
        p.cpu_label = "P" + std::to_string(cpu);
        Emitter e(p);
        const int r0 = e.reg("r0");
        e.prim(write, cpu == 0 ? X : Y, operand);
        if (mb) e.barrier(Prim::smp_mb);
        e.prim(read, cpu == 0 ? Y : X, 0, r0);
        e.finish();
    }
    t.weak.cond[0] = {0, 0, init};
    t.weak.cond[1] = {1, 0, init};
    t.weak.n = 2;
    t.s.judge = judge_weak;
    t.s.judge_ctx = &t.weak;
}

// MP: CPU0: WRITE_ONCE(x, 1); [smp_wmb]; WRITE_ONCE(y, 1)
//     CPU1: r0 = READ_ONCE(y); [smp_rmb]; r1 = READ_ONCE(x)
// Weak outcome: r0 == 1 && r1 == 0 (the flag seen, the data not).
void build_mp(Litmus& t, Memory m, bool barriers) {
    t.s.memory = m;
    set_init(t.s, X, 0);
    set_init(t.s, Y, 0);
    t.s.cpus.assign(2, Program{});
    {
        Emitter e(t.s.cpus[0]);
        e.prim(Prim::WRITE_ONCE, X, 1);
        if (barriers) e.barrier(Prim::smp_wmb);
        e.prim(Prim::WRITE_ONCE, Y, 1);
        e.finish();
    }
    {
        Emitter e(t.s.cpus[1]);
        const int r0 = e.reg("r0");
        const int r1 = e.reg("r1");
        e.prim(Prim::READ_ONCE, Y, 0, r0);
        if (barriers) e.barrier(Prim::smp_rmb);
        e.prim(Prim::READ_ONCE, X, 0, r1);
        e.finish();
    }
    t.weak.cond[0] = {1, 0, 1};
    t.weak.cond[1] = {1, 1, 0};
    t.weak.n = 2;
    t.s.judge = judge_weak;
    t.s.judge_ctx = &t.weak;
}

SearchOutcome run_sb(Memory m, Prim write, int operand, Prim read, bool mb, int init = 0) {
    Litmus t;
    build_sb(t, m, write, operand, read, mb, init);
    return explore(t.s, full_search());
}

SearchOutcome run_mp(Memory m, bool barriers) {
    Litmus t;
    build_mp(t, m, barriers);
    return explore(t.s, full_search());
}

void check_clean_full_search(const SearchOutcome& o) {
    CHECK(o.relacy_failure == "");
    CHECK(o.completed);
    CHECK(o.stopped_by == "");
    CHECK(o.executions > 0);
}

std::vector<const TraceEvent*> loads_of(const Trace& t) {
    std::vector<const TraceEvent*> v;
    for (const TraceEvent& e : t.events)
        if (e.kind == EventKind::access && prim_info(e.prim).kind == PrimKind::load) v.push_back(&e);
    return v;
}

}  // namespace

TEST_SUITE("model/litmus") {
    TEST_CASE("SB with WRITE_ONCE and READ_ONCE reaches the weak outcome under c11") {
        const SearchOutcome o = run_sb(Memory::c11, Prim::WRITE_ONCE, 1, Prim::READ_ONCE, false);
        check_clean_full_search(o);
        // docs/relacy-behaviour.md §3, SB relaxed: 20 weak of 64 executions.
        CHECK(o.executions == 64);
        CHECK(o.violations == 20);
        CHECK(o.has_counterexample);
    }

    TEST_CASE("SB with WRITE_ONCE and READ_ONCE never reaches the weak outcome under sc") {
        const SearchOutcome o = run_sb(Memory::sc, Prim::WRITE_ONCE, 1, Prim::READ_ONCE, false);
        check_clean_full_search(o);
        // Only interleavings: 2 CPUs x (2 accesses + exit) scheduling points, (2*3)!/(3!*3!) = 20.
        CHECK(o.executions == 20);
        CHECK(o.violations == 0);
        CHECK_FALSE(o.has_counterexample);
    }

    TEST_CASE("smp_mb under sc adds no scheduling point: SB with smp_mb still runs exactly 20 executions") {
        const SearchOutcome o = run_sb(Memory::sc, Prim::WRITE_ONCE, 1, Prim::READ_ONCE, true);
        check_clean_full_search(o);
        CHECK(o.executions == 20);
        CHECK(o.violations == 0);
    }

    TEST_CASE("SB with smp_mb between the accesses never reaches the weak outcome under c11") {
        const SearchOutcome o = run_sb(Memory::c11, Prim::WRITE_ONCE, 1, Prim::READ_ONCE, true);
        check_clean_full_search(o);
        // docs/relacy-behaviour.md §3, SB with seq_cst fences: 0 of 130 (the fences are
        // scheduling points and the loads may still return the older store).
        CHECK(o.executions == 130);
        CHECK(o.violations == 0);
        CHECK_FALSE(o.has_counterexample);
    }

    TEST_CASE("SB with smp_mb never reaches the weak outcome under relaxed, which keeps explicit barriers") {
        const SearchOutcome o = run_sb(Memory::relaxed, Prim::WRITE_ONCE, 1, Prim::READ_ONCE, true);
        check_clean_full_search(o);
        CHECK(o.executions == 130);
        CHECK(o.violations == 0);
    }

    TEST_CASE(
        "SB with atomic_inc then atomic_read reaches the weak outcome under lkmm (non-returning RMWs are unordered)") {
        const SearchOutcome o = run_sb(Memory::c11, Prim::atomic_inc, 0, Prim::atomic_read, false);
        check_clean_full_search(o);
        // A relaxed RMW then a relaxed load: the SB relaxed counts, 20 weak of 64.
        CHECK(o.executions == 64);
        CHECK(o.violations == 20);
    }

    TEST_CASE("SB with atomic_add_return then atomic_read never reaches the weak outcome under c11") {
        const SearchOutcome o = run_sb(Memory::c11, Prim::atomic_add_return, 1, Prim::atomic_read, false);
        check_clean_full_search(o);
        // docs/relacy-behaviour.md §3: fence, relaxed RMW, fence, then a relaxed load: 0 of 462.
        CHECK(o.executions == 462);
        CHECK(o.violations == 0);
        CHECK_FALSE(o.has_counterexample);
    }

    TEST_CASE("SB with atomic_add_return then atomic_read reaches the weak outcome under relaxed") {
        const SearchOutcome o = run_sb(Memory::relaxed, Prim::atomic_add_return, 1, Prim::atomic_read, false);
        check_clean_full_search(o);
        CHECK(o.executions == 64);
        CHECK(o.violations == 20);
    }

    TEST_CASE("SB with atomic_dec_and_test then atomic_read never reaches the weak outcome under c11") {
        // Both counters start at 1; the weak outcome is both reads still seeing 1.
        const SearchOutcome o = run_sb(Memory::c11, Prim::atomic_dec_and_test, 0, Prim::atomic_read, false, 1);
        check_clean_full_search(o);
        CHECK(o.violations == 0);
    }

    TEST_CASE("SB with atomic_dec_and_test then atomic_read reaches the weak outcome under relaxed") {
        const SearchOutcome o = run_sb(Memory::relaxed, Prim::atomic_dec_and_test, 0, Prim::atomic_read, false, 1);
        check_clean_full_search(o);
        CHECK(o.violations == 20);
        CHECK(o.has_counterexample);
    }

    TEST_CASE("SB with atomic_add_return never reaches the weak outcome under sc") {
        const SearchOutcome o = run_sb(Memory::sc, Prim::atomic_add_return, 1, Prim::atomic_read, false);
        check_clean_full_search(o);
        CHECK(o.executions == 20);
        CHECK(o.violations == 0);
    }

    TEST_CASE("MP without barriers reaches the weak outcome under c11") {
        const SearchOutcome o = run_mp(Memory::c11, false);
        check_clean_full_search(o);
        // docs/relacy-behaviour.md §3, MP relaxed: 4 weak of 44 executions.
        CHECK(o.executions == 44);
        CHECK(o.violations == 4);
    }

    TEST_CASE("MP with smp_wmb and smp_rmb never reaches the weak outcome under c11") {
        const SearchOutcome o = run_mp(Memory::c11, true);
        check_clean_full_search(o);
        // docs/relacy-behaviour.md §3, MP with release/acquire fences: 0 of 40.
        CHECK(o.executions == 40);
        CHECK(o.violations == 0);
    }

    TEST_CASE("MP without barriers never reaches the weak outcome under sc") {
        const SearchOutcome o = run_mp(Memory::sc, false);
        check_clean_full_search(o);
        CHECK(o.executions == 20);
        CHECK(o.violations == 0);
    }

    TEST_CASE("the SB counterexample has no preemption and marks the one stale read with its reads-from") {
        Litmus t;
        build_sb(t, Memory::c11, Prim::WRITE_ONCE, 1, Prim::READ_ONCE, false, 0);
        const SearchOutcome o = explore(t.s, full_search());
        REQUIRE(o.has_counterexample);
        // One CPU runs to its end, then the other: its read of the first CPU's location is stale.
        CHECK(o.cx_preemptions == 0);
        CHECK(o.cx_execution >= 1);
        CHECK(o.cx_execution <= o.executions);
        REQUIRE(o.cx_regs.size() == 2);
        CHECK(o.cx_regs[0] == std::vector<int>{0});
        CHECK(o.cx_regs[1] == std::vector<int>{0});
        CHECK_FALSE(o.cx_trace.truncated);
        // 2 writes + 2 reads + 2 exits, nothing else under lkmm (WRITE_ONCE/READ_ONCE imply no fence).
        REQUIRE(o.cx_trace.events.size() == 6);
        const auto loads = loads_of(o.cx_trace);
        REQUIRE(loads.size() == 2);
        int stale = 0;
        for (const TraceEvent* l : loads) {
            CHECK(l->before == 0);
            CHECK(l->after == 0);
            CHECK(l->order == Order::relaxed);
            CHECK(l->rf == -1);  // both read the initial value
            if (l->stale) {
                stale++;
                CHECK(l->latest == 1);  // the other CPU's WRITE_ONCE had already happened
            } else {
                CHECK(l->latest == 0);
            }
        }
        CHECK(stale == 1);
        CHECK(count_preemptions(o.cx_trace.events.data(), o.cx_trace.events.size()) == 0);
    }

    TEST_CASE("the MP counterexample reads the flag from CPU0's store and the data stale from the initial value") {
        Litmus t;
        build_mp(t, Memory::c11, false);
        const SearchOutcome o = explore(t.s, full_search());
        REQUIRE(o.has_counterexample);
        CHECK(o.cx_preemptions == 0);
        const Trace& tr = o.cx_trace;
        const auto loads = loads_of(tr);
        REQUIRE(loads.size() == 2);
        const TraceEvent& flag = *loads[0];
        const TraceEvent& data = *loads[1];
        CHECK(flag.loc == Y);
        CHECK(flag.before == 1);
        CHECK_FALSE(flag.stale);
        REQUIRE(flag.rf >= 0);
        REQUIRE(static_cast<size_t>(flag.rf) < tr.events.size());
        const TraceEvent& w = tr.events[static_cast<size_t>(flag.rf)];
        CHECK(w.cpu == 0);
        CHECK(w.prim == Prim::WRITE_ONCE);
        CHECK(w.loc == Y);
        CHECK(w.after == 1);
        CHECK(data.loc == X);
        CHECK(data.before == 0);
        CHECK(data.stale);
        CHECK(data.latest == 1);
        CHECK(data.rf == -1);
        REQUIRE(o.cx_regs.size() == 2);
        CHECK(o.cx_regs[1] == std::vector<int>{1, 0});
    }

    TEST_CASE("fully ordered RMWs appear in the lkmm trace between two implied smp_mb events") {
        Litmus t;
        build_sb(t, Memory::relaxed, Prim::atomic_add_return, 1, Prim::atomic_read, false, 0);
        t.s.memory = Memory::c11;
        // Judge everything a violation so that the first execution is kept as the counterexample.
        t.weak.n = 0;
        const SearchOutcome o = explore(t.s, full_search());
        REQUIRE(o.has_counterexample);
        CHECK(o.violations == o.executions);
        // Per CPU: implied_mb, RMW, implied_mb, read, exit.
        REQUIRE(o.cx_trace.events.size() == 10);
        for (int cpu = 0; cpu < 2; cpu++) {
            std::vector<const TraceEvent*> mine;
            for (const TraceEvent& e : o.cx_trace.events)
                if (e.cpu == cpu) mine.push_back(&e);
            CAPTURE(cpu);
            REQUIRE(mine.size() == 5);
            CHECK(mine[0]->kind == EventKind::implied_mb);
            CHECK(mine[1]->kind == EventKind::access);
            CHECK(mine[1]->prim == Prim::atomic_add_return);
            CHECK(mine[1]->before == 0);
            CHECK(mine[1]->after == 1);
            CHECK(mine[2]->kind == EventKind::implied_mb);
            CHECK(mine[2]->order == Order::seq_cst);
            CHECK(mine[3]->kind == EventKind::access);
            CHECK(mine[4]->kind == EventKind::exit);
        }
    }

    TEST_CASE(
        "three CPUs' atomic_add_return under sc run (3*2)!/(2!)^3 = 90 executions and never return the same value") {
        // Each CPU: r0 = atomic_add_return(1, x). "Weak" here: CPU0 and CPU1 both got 1, impossible.
        Litmus t;
        t.s.memory = Memory::sc;
        set_init(t.s, X, 0);
        t.s.cpus.assign(3, Program{});
        for (auto& p : t.s.cpus) {
            Emitter e(p);
            e.prim(Prim::atomic_add_return, X, 1, e.reg("r0"));
            e.finish();
        }
        t.weak.cond[0] = {0, 0, 1};
        t.weak.cond[1] = {1, 0, 1};
        t.weak.n = 2;
        t.s.judge = judge_weak;
        t.s.judge_ctx = &t.weak;
        const SearchOutcome o = explore(t.s, full_search());
        check_clean_full_search(o);
        CHECK(o.executions == 90);
        CHECK(o.violations == 0);
    }

}  // TEST_SUITE("model/litmus")

TEST_SUITE("model/engine") {
    TEST_CASE("explore refuses a scenario with one CPU") {
        EngineScenario s;
        s.init = FolioInit{};  // locations from the folio layout (LOC_*) up
        s.cpus.assign(1, Program{});
        const SearchOutcome o = explore(s, full_search());
        CHECK(o.relacy_failure == "scenario needs 2 to 4 CPUs");
        CHECK(o.executions == 0);
        CHECK_FALSE(o.completed);
    }

    TEST_CASE("count_preemptions counts switches away from an unfinished CPU and skips no-op barriers") {
        auto ev = [](int cpu, EventKind k, bool no_op = false) {
            TraceEvent e;
            e.cpu = static_cast<uint8_t>(cpu);
            e.kind = k;
            e.no_op = no_op;
            return e;
        };
        const std::vector<TraceEvent> t = {
            ev(0, EventKind::access),        ev(1, EventKind::access),  // 1: CPU0 had not finished
            ev(0, EventKind::barrier, true),                            // no-op barrier: not a scheduling point
            ev(1, EventKind::access),                                   // still CPU1: no switch
            ev(0, EventKind::access),                                   // 2: CPU1 had not finished
            ev(0, EventKind::exit),          ev(1, EventKind::access),  // free: CPU0 exited
            ev(1, EventKind::exit),
        };
        CHECK(count_preemptions(t.data(), t.size()) == 2);
        CHECK(count_preemptions(t.data(), 0) == 0);
        CHECK(count_preemptions(t.data(), 2) == 1);
    }

    // CPU0: atomic_add_unless(x, 1, 0) || CPU1: WRITE_ONCE(x, v). Each CPU makes one access, so
    // under sc there are (2*2)!/(2!*2!) = 6 interleavings whatever x holds: whether the
    // conditional RMW will succeed must not change how many scheduling points it has.
    // KNOWN BUG (model/relacy_suite.hpp exec_prim, the RmwResult::success branch): when the shadow's
    // latest value is already 0 the loop breaks before any Relacy operation, so a failing
    // atomic_add_unless is no scheduling point and no memory-model read: 3 executions, not 6.
    namespace {
    Judgement judge_none(const void*, const int* const*, const int*) { return Judgement{}; }
    uint64_t add_unless_executions(int init, int other_write) {
        EngineScenario s;
        s.init = FolioInit{};  // locations from the folio layout (LOC_*) up
        s.memory = Memory::sc;
        set_init(s, X, init);
        s.cpus.assign(2, Program{});
        {
            Emitter e(s.cpus[0]);
            e.prim(Prim::atomic_add_unless, X, 1, e.reg("ok"));
            e.finish();
        }
        {
            Emitter e(s.cpus[1]);
            e.prim(Prim::WRITE_ONCE, X, other_write);
            e.finish();
        }
        s.judge = judge_none;
        const SearchOutcome o = explore(s, full_search());
        REQUIRE(o.relacy_failure == "");
        return o.executions;
    }
    }  // namespace

    TEST_CASE("atomic_add_unless on a nonzero counter is one scheduling point: 6 executions against one WRITE_ONCE") {
        CHECK(add_unless_executions(5, 0) == 6);
    }

    TEST_CASE("atomic_add_unless on a zero counter is a scheduling point too: 6 executions against one WRITE_ONCE") {
        CHECK(add_unless_executions(0, 1) == 6);
    }

    TEST_CASE("max_executions stops a full search after exactly that many executions") {
        Litmus t;
        build_sb(t, Memory::c11, Prim::WRITE_ONCE, 1, Prim::READ_ONCE, false, 0);
        SearchSpec spec = full_search();
        spec.max_executions = 7;
        const SearchOutcome o = explore(t.s, spec);
        CHECK(o.executions == 7);
        CHECK_FALSE(o.completed);
        CHECK(o.stopped_by == "max-executions");
        CHECK(o.relacy_failure == "");
    }

}  // TEST_SUITE("model/engine")
