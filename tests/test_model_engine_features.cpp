// tests/test_model_engine_features.cpp: what scenario files need from the engine, checked
// against outcomes derived by hand: any locations (beyond the folio layout), four CPUs,
// spinlocks, xchg/cmpxchg/acquire/release, local arithmetic, final values and outcome sets.
//
// Expected results are LKMM's for the shapes (tools/memory-model/litmus-tests:
// MP+pooncerelease+poacquireonce: Never; IRIW+poonceonces+OnceOnce: Sometimes;
// IRIW under sc: Never) or plain counting of interleavings.
#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "model/engine.hpp"
#include "model/folio.hpp"
#include "model/program.hpp"

using namespace fc;

namespace {

// Scenario-file style locations: appended after the folio layout.
int add_loc(EngineScenario& s, const std::string& name, int value) {
    s.init.value.push_back(value);
    s.init.used.push_back(true);
    s.loc_names.resize(s.init.value.size());
    s.loc_names.back() = name;
    return static_cast<int>(s.init.value.size()) - 1;
}

// The outcome is (cpu, reg) values listed in `regs`, then the final values of `locs`; the
// execution "violates" when the outcome equals `weak` (if given).
struct OutcomeSpec {
    int regs[8][2];
    int nregs = 0;
    int locs[4];
    int nlocs = 0;
    int weak[12];
    int nweak = 0;
};

Judgement judge_outcome(const void* ctx, const int* const* regs, const int* final_values) {
    const OutcomeSpec& o = *static_cast<const OutcomeSpec*>(ctx);
    Judgement j;
    for (int i = 0; i < o.nregs; i++) j.outcome[j.outcome_n++] = regs[o.regs[i][0]][o.regs[i][1]];
    for (int i = 0; i < o.nlocs; i++) j.outcome[j.outcome_n++] = final_values[o.locs[i]];
    if (o.nweak == j.outcome_n) {
        j.violation = true;
        for (int i = 0; i < o.nweak; i++) j.violation = j.violation && j.outcome[i] == o.weak[i];
    }
    return j;
}

SearchSpec spec_of(SearchMode m) {
    SearchSpec s;
    s.mode = m;
    return s;
}

std::set<std::vector<int>> outcome_set(const SearchOutcome& o) {
    std::set<std::vector<int>> s;
    for (const OutcomeCount& c : o.outcomes) s.insert(c.values);
    return s;
}

// MP: P0: WRITE(x, 1); WRITE(y, 1) || P1: r0 = READ(y); r1 = READ(x). Weak: r0 = 1, r1 = 0.
SearchOutcome run_mp(Memory m, Prim store_flag, Prim load_flag) {
    EngineScenario s;
    s.init = FolioInit{};  // locations from the folio layout (LOC_*) up
    s.memory = m;
    const int x = add_loc(s, "x", 0), y = add_loc(s, "y", 0);
    s.cpus.assign(2, Program{});
    {
        Emitter e(s.cpus[0]);
        e.prim(Prim::WRITE_ONCE, x, 1);
        e.prim(store_flag, y, 1);
        e.finish();
    }
    {
        Emitter e(s.cpus[1]);
        const int r0 = e.reg("r0"), r1 = e.reg("r1");
        e.prim(load_flag, y, 0, r0);
        e.prim(Prim::READ_ONCE, x, 0, r1);
        e.finish();
    }
    OutcomeSpec o;
    o.regs[0][0] = 1, o.regs[0][1] = 0;
    o.regs[1][0] = 1, o.regs[1][1] = 1;
    o.nregs = 2;
    o.weak[0] = 1, o.weak[1] = 0;
    o.nweak = 2;
    s.judge = judge_outcome;
    s.judge_ctx = &o;
    return explore(s, spec_of(SearchMode::full));
}

// Two CPUs each add 1 to x by a load and a store, with or without a spinlock around it.
SearchOutcome run_counter(bool locked) {
    EngineScenario s;
    s.init = FolioInit{};  // locations from the folio layout (LOC_*) up
    s.memory = Memory::sc;
    const int x = add_loc(s, "x", 0);
    s.nlocks = 1;
    s.cpus.assign(2, Program{});
    for (Program& p : s.cpus) {
        Emitter e(p);
        const int r = e.reg("r");
        if (locked) e.prim_ops(Prim::spin_lock, 0, {}, {});
        e.prim(Prim::READ_ONCE, x, 0, r);
        e.alu(AluOp::add, r, {r, 0}, {-1, 1});
        e.prim_reg(Prim::WRITE_ONCE, x, r);
        if (locked) e.prim_ops(Prim::spin_unlock, 0, {}, {});
        e.finish();
    }
    OutcomeSpec o;
    o.locs[0] = x;
    o.nlocs = 1;
    o.weak[0] = 1;  // a lost update
    o.nweak = 1;
    s.judge = judge_outcome;
    s.judge_ctx = &o;
    return explore(s, spec_of(SearchMode::full));
}

}  // namespace

TEST_SUITE("model/engine features for scenario files") {
    TEST_CASE("MP with smp_store_release and smp_load_acquire never shows the weak outcome under c11") {
        const SearchOutcome o = run_mp(Memory::c11, Prim::smp_store_release, Prim::smp_load_acquire);
        REQUIRE(o.relacy_failure == "");
        CHECK(o.completed);
        CHECK(o.violations == 0);
        // r0=0 r1=0, r0=0 r1=1, r0=1 r1=1: the three outcomes of the interleavings.
        CHECK(outcome_set(o) == std::set<std::vector<int>>{{0, 0}, {0, 1}, {1, 1}});
    }

    TEST_CASE("MP with WRITE_ONCE and READ_ONCE shows the weak outcome under c11 and not under sc") {
        const SearchOutcome weak = run_mp(Memory::c11, Prim::WRITE_ONCE, Prim::READ_ONCE);
        CHECK(weak.violations > 0);
        CHECK(outcome_set(weak).count({1, 0}) == 1);
        const SearchOutcome sc = run_mp(Memory::sc, Prim::WRITE_ONCE, Prim::READ_ONCE);
        CHECK(sc.violations == 0);
    }

    TEST_CASE("a spinlock around a read-modify-write loses no update, and without it one is lost") {
        const SearchOutcome locked = run_counter(true);
        REQUIRE(locked.relacy_failure == "");
        CHECK(locked.completed);
        CHECK(locked.violations == 0);
        CHECK(outcome_set(locked) == std::set<std::vector<int>>{{2}});
        const SearchOutcome racy = run_counter(false);
        CHECK(racy.violations > 0);
        CHECK(outcome_set(racy) == std::set<std::vector<int>>{{1}, {2}});
    }

    TEST_CASE("cmpxchg lets exactly one of two CPUs win and returns the value it found") {
        EngineScenario s;
        s.init = FolioInit{};  // locations from the folio layout (LOC_*) up
        s.memory = Memory::c11;
        const int x = add_loc(s, "x", 0);
        s.cpus.assign(2, Program{});
        for (int c = 0; c < 2; c++) {
            Emitter e(s.cpus[static_cast<size_t>(c)]);
            const int r = e.reg("r");
            e.prim_ops(Prim::atomic_cmpxchg, x, {-1, 0}, {-1, c + 1}, r);
            e.finish();
        }
        OutcomeSpec o;
        o.regs[0][0] = 0, o.regs[0][1] = 0;
        o.regs[1][0] = 1, o.regs[1][1] = 0;
        o.nregs = 2;
        o.locs[0] = x;
        o.nlocs = 1;
        s.judge = judge_outcome;
        s.judge_ctx = &o;
        const SearchOutcome out = explore(s, spec_of(SearchMode::full));
        REQUIRE(out.relacy_failure == "");
        // CPU0 first: it returns 0 and writes 1, CPU1 finds 1. CPU1 first: the mirror image.
        CHECK(outcome_set(out) == std::set<std::vector<int>>{{0, 1, 1}, {2, 0, 2}});
    }

    TEST_CASE("xchg returns the old value and atomic_inc_not_zero does not add to zero") {
        EngineScenario s;
        s.init = FolioInit{};  // locations from the folio layout (LOC_*) up
        s.memory = Memory::sc;
        const int x = add_loc(s, "x", 5), z = add_loc(s, "z", 0);
        s.cpus.assign(2, Program{});
        {
            Emitter e(s.cpus[0]);
            e.prim_ops(Prim::xchg, x, {-1, 7}, {}, e.reg("old"));
            e.finish();
        }
        {
            Emitter e(s.cpus[1]);
            e.prim_ops(Prim::atomic_inc_not_zero, z, {}, {}, e.reg("ok"));
            e.finish();
        }
        OutcomeSpec o;
        o.regs[0][0] = 0, o.regs[0][1] = 0;
        o.regs[1][0] = 1, o.regs[1][1] = 0;
        o.nregs = 2;
        o.locs[0] = x, o.locs[1] = z;
        o.nlocs = 2;
        s.judge = judge_outcome;
        s.judge_ctx = &o;
        const SearchOutcome out = explore(s, spec_of(SearchMode::full));
        CHECK(outcome_set(out) == std::set<std::vector<int>>{{5, 0, 7, 0}});
    }

    TEST_CASE("the operand-less inc and dec forms add one and subtract one, whatever operand they are given") {
        // atomic_fetch_inc returns the old value, atomic_dec_return the new one, atomic_inc_and_test
        // whether the new value is 0; x starts at 5, y at 5, z at -1.
        EngineScenario s;
        s.init = FolioInit{};  // locations from the folio layout (LOC_*) up
        s.memory = Memory::c11;
        const int x = add_loc(s, "x", 5), y = add_loc(s, "y", 5), z = add_loc(s, "z", -1);
        s.cpus.assign(2, Program{});
        {
            Emitter e(s.cpus[0]);
            e.prim(Prim::atomic_fetch_inc, x, 0, e.reg("a"));
            e.prim(Prim::atomic_dec_return, y, 0, e.reg("b"));
            e.finish();
        }
        {
            Emitter e(s.cpus[1]);
            e.prim(Prim::atomic_inc_and_test, z, 7, e.reg("c"));
            e.prim(Prim::atomic_fetch_dec_relaxed, z, 0, e.reg("d"));
            e.finish();
        }
        OutcomeSpec o;
        o.regs[0][0] = 0, o.regs[0][1] = 0;
        o.regs[1][0] = 0, o.regs[1][1] = 1;
        o.regs[2][0] = 1, o.regs[2][1] = 0;
        o.regs[3][0] = 1, o.regs[3][1] = 1;
        o.nregs = 4;
        o.locs[0] = x, o.locs[1] = y, o.locs[2] = z;
        o.nlocs = 3;
        s.judge = judge_outcome;
        s.judge_ctx = &o;
        const SearchOutcome out = explore(s, spec_of(SearchMode::full));
        REQUIRE(out.relacy_failure == "");
        CHECK(outcome_set(out) == std::set<std::vector<int>>{{5, 4, 1, 0, 6, 4, -1}});
    }

    TEST_CASE("IRIW on four CPUs: every CPU sees both writes in one order under sc, not under relaxed") {
        auto run = [](Memory m) {
            EngineScenario s;
            s.init = FolioInit{};  // locations from the folio layout (LOC_*) up
            s.memory = m;
            const int x = add_loc(s, "x", 0), y = add_loc(s, "y", 0);
            s.cpus.assign(4, Program{});
            {
                Emitter e(s.cpus[0]);
                e.prim(Prim::WRITE_ONCE, x, 1);
                e.finish();
            }
            {
                Emitter e(s.cpus[1]);
                e.prim(Prim::WRITE_ONCE, y, 1);
                e.finish();
            }
            for (int c = 2; c < 4; c++) {
                Emitter e(s.cpus[static_cast<size_t>(c)]);
                const int r0 = e.reg("r0"), r1 = e.reg("r1");
                e.prim(Prim::READ_ONCE, c == 2 ? x : y, 0, r0);
                e.prim(Prim::READ_ONCE, c == 2 ? y : x, 0, r1);
                e.finish();
            }
            static OutcomeSpec o;
            o = OutcomeSpec{};
            o.regs[0][0] = 2, o.regs[0][1] = 0;
            o.regs[1][0] = 2, o.regs[1][1] = 1;
            o.regs[2][0] = 3, o.regs[2][1] = 0;
            o.regs[3][0] = 3, o.regs[3][1] = 1;
            o.nregs = 4;
            const int weak[4] = {1, 0, 1, 0};
            std::copy(weak, weak + 4, o.weak);
            o.nweak = 4;
            s.judge = judge_outcome;
            s.judge_ctx = &o;
            return explore(s, spec_of(SearchMode::reduced));
        };
        const SearchOutcome sc = run(Memory::sc);
        REQUIRE(sc.relacy_failure == "");
        CHECK(sc.completed);
        CHECK(sc.violations == 0);
        CHECK(run(Memory::relaxed).violations > 0);
    }

    TEST_CASE("local arithmetic follows C on int, wraps like herd7, and names what C leaves undefined") {
        CHECK(alu_apply(AluOp::sub, 3, 5) == -2);
        CHECK(alu_apply(AluOp::mul, -4, 6) == -24);
        CHECK(alu_apply(AluOp::div, 7, 2) == 3);
        const char* why = nullptr;
        CHECK(alu_apply(AluOp::div, 7, 2, &why) == 3);
        CHECK(why == nullptr);
        alu_apply(AluOp::div, 7, 0, &why);
        CHECK(std::string(why) == "division by zero (x / 0)");
        alu_apply(AluOp::mod, -2147483647 - 1, -1, &why);
        CHECK(std::string(why) == "INT_MIN % -1 overflows int");
        why = nullptr;
        alu_apply(AluOp::shl, 1, 32, &why);
        CHECK(std::string(why) == "a shift by less than 0 or more than 31");
        CHECK(alu_apply(AluOp::shl, 1, 31) == -2147483647 - 1);
        CHECK(alu_apply(AluOp::shr, -8, 1) == -4);
        CHECK(alu_apply(AluOp::neg, -2147483647 - 1, 0) == -2147483647 - 1);
        CHECK(alu_apply(AluOp::mod, -7, 3) == -1);
        CHECK(alu_apply(AluOp::land, 2, 0) == 0);
        CHECK(alu_apply(AluOp::lor, 0, 3) == 1);
        CHECK(alu_apply(AluOp::not_, 0, 0) == 1);
        CHECK(alu_apply(AluOp::le, 2, 2) == 1);
        CHECK(alu_apply(AluOp::add, 2147483647, 1) == -2147483647 - 1);
    }

    TEST_CASE("an instruction naming a location the scenario does not have is refused, not run") {
        EngineScenario s;
        s.init = FolioInit{};  // locations from the folio layout (LOC_*) up
        s.cpus.assign(2, Program{});
        Emitter e(s.cpus[0]);
        e.prim(Prim::READ_ONCE, 5000, 0, e.reg("r"));
        e.finish();
        OutcomeSpec none;
        s.judge = judge_outcome;
        s.judge_ctx = &none;
        const SearchOutcome o = explore(s, spec_of(SearchMode::full));
        CHECK(o.relacy_failure.find("location 5000") != std::string::npos);
        CHECK(o.executions == 0);
    }
}
