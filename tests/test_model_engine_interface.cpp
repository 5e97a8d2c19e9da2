// tests/test_model_engine_interface.cpp: the engine interface (model/engine.hpp) on its own
// terms: locations are plain numbers (no folio layout), the engine is chosen by the search
// spec, and the optional results (value sets, reads-from classes of the observer CPU) are
// what a hand count of the interleavings gives.
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "model/engine.hpp"
#include "model/program.hpp"

using namespace fc;

namespace {

// Counts every execution's outcome as secondary; a violation when r0 == 0 && r1 == 0 on CPU 1
// (registers 0, 1) or, for SB, when both CPUs' register 0 is 0.
struct Ask {
    bool sb = false;
};

Judgement judge(const void* ctx, const int* const* regs, const int*) {
    const Ask& a = *static_cast<const Ask*>(ctx);
    Judgement j;
    j.secondary = true;
    if (a.sb) j.violation = regs[0][0] == 0 && regs[1][0] == 0;
    return j;
}

// Two plain locations x = 0 and y = 1, both 0 at the start: nothing of the folio.
EngineScenario two_locations() {
    EngineScenario s;
    s.init.value = {0, 0};
    s.init.used = {true, true};
    s.loc_names = {"x", "y"};
    s.cpus.assign(2, Program{});
    return s;
}

SearchSpec full() {
    SearchSpec spec;
    spec.mode = SearchMode::full;
    return spec;
}

}  // namespace

TEST_SUITE("model/engine interface") {
    TEST_CASE("a default scenario has no locations: the folio layout is not part of the interface") {
        const EngineScenario s;
        CHECK(s.init.value.empty());
        CHECK(s.init.used.empty());
        CHECK(scenario_loc_name(s, 3) == "loc3");
    }

    TEST_CASE("SB over two plain locations under sc runs its 20 interleavings and never reaches the weak outcome") {
        EngineScenario s = two_locations();
        for (int c = 0; c < 2; c++) {
            Emitter e(s.cpus[static_cast<size_t>(c)]);
            e.prim(Prim::WRITE_ONCE, c, 1);
            e.prim(Prim::READ_ONCE, 1 - c, 0, e.reg("r0"));
            e.finish();
        }
        Ask a;
        a.sb = true;
        s.judge = judge;
        s.judge_ctx = &a;
        const SearchOutcome o = explore(s, full());
        CHECK(o.relacy_failure.empty());
        CHECK(o.completed);
        CHECK(o.executions == 20);
        CHECK(o.violations == 0);
        CHECK(o.secondary == 20);
        // One value set per location of the scenario: each held 0 and 1 (bits v + 1).
        REQUIRE(o.value_set.size() == 2);
        CHECK(o.value_set[0] == ((1u << 1) | (1u << 2)));
        CHECK(o.value_set[1] == ((1u << 1) | (1u << 2)));
        CHECK_FALSE(o.value_set_overflow[0]);
    }

    TEST_CASE("the observer CPU's loads define the reads-from classes: 3 coexisting and 1 torn for x then y") {
        // CPU 0: WRITE_ONCE(x, 1); WRITE_ONCE(y, 1). CPU 1: READ_ONCE(x); READ_ONCE(y).
        // Under sc CPU 1 reads (x, y) = (0, 0), (1, 0) or (1, 1), each a moment at which both
        // values were current, or (0, 1): x read before its write, y after its own, which
        // comes later: the two values never coexisted (torn).
        EngineScenario s = two_locations();
        {
            Emitter e(s.cpus[0]);
            e.prim(Prim::WRITE_ONCE, 0, 1);
            e.prim(Prim::WRITE_ONCE, 1, 1);
            e.finish();
        }
        {
            Emitter e(s.cpus[1]);
            e.prim(Prim::READ_ONCE, 0, 0, e.reg("r0"));
            e.prim(Prim::READ_ONCE, 1, 0, e.reg("r1"));
            e.finish();
        }
        Ask a;
        s.judge = judge;
        s.judge_ctx = &a;
        s.observer_cpu = 1;
        const SearchOutcome o = explore(s, full());
        REQUIRE(o.secondary_classes.has_value());
        CHECK(o.secondary_classes->coexisting == 3);
        CHECK(o.secondary_classes->torn == 1);
        CHECK(o.secondary_classes->complete);

        // CPU 0 loads nothing: every execution has the same (empty) class.
        s.observer_cpu = 0;
        const SearchOutcome none = explore(s, full());
        REQUIRE(none.secondary_classes.has_value());
        CHECK(none.secondary_classes->coexisting == 1);
        CHECK(none.secondary_classes->torn == 0);
        CHECK(none.executions == o.executions);
    }

    TEST_CASE("explore runs the engine the spec names, Relacy by default, and refuses an engine it has no row for") {
        CHECK(SearchSpec{}.engine == EngineKind::relacy);
        CHECK(std::string(engine_name(EngineKind::relacy)) == "relacy");
        EngineScenario s = two_locations();
        for (Program& p : s.cpus) {
            Emitter e(p);
            e.prim(Prim::READ_ONCE, 0, 0, e.reg("r0"));
            e.finish();
        }
        Ask a;
        s.judge = judge;
        s.judge_ctx = &a;
        SearchSpec spec = full();
        CHECK(explore(s, spec).executions == explore_relacy(s, spec).executions);
        spec.engine = static_cast<EngineKind>(9);
        const SearchOutcome o = explore(s, spec);
        CHECK(o.relacy_failure == "no search engine number 9");
        CHECK(o.executions == 0);
        CHECK_FALSE(o.completed);
    }

    // The interface carries up to kMaxCpus (8) CPUs; Relacy's state holds kRelacyMaxCpus (4).
    // A store-buffering ring over n CPUs (CPU c writes x_c, then reads x_{c+1 mod n}) whose
    // violation is every read returning 0: SC forbids it (the reads would each precede the
    // next round the ring), LKMM allows it with no barrier, and every other vector of reads
    // is reachable under both: 2^n - 1 outcomes under sc, 2^n under lkmm.
    TEST_CASE("the exact engine runs an 8-CPU ring under lkmm and sc, and Relacy refuses 5 CPUs") {
        struct Ring {
            int n = 0;
        };
        auto ring = [](int n, Ring& r) {
            r.n = n;
            EngineScenario s;
            s.init.value.assign(static_cast<size_t>(n), 0);
            s.init.used.assign(static_cast<size_t>(n), true);
            s.cpus.assign(static_cast<size_t>(n), Program{});
            for (int c = 0; c < n; c++) {
                Emitter e(s.cpus[static_cast<size_t>(c)]);
                e.prim(Prim::WRITE_ONCE, c, 1);
                e.prim(Prim::READ_ONCE, (c + 1) % n, 0, e.reg("r0"));
                e.finish();
            }
            s.judge = [](const void* ctx, const int* const* regs, const int*) {
                Judgement j;
                j.violation = true;
                for (int c = 0; c < static_cast<const Ring*>(ctx)->n; c++) j.violation = j.violation && regs[c][0] == 0;
                return j;
            };
            s.judge_ctx = &r;
            s.judge_regs.assign(static_cast<size_t>(n), 1);  // register 0 of every CPU
            s.judge_locs.assign(static_cast<size_t>(n), false);
            return s;
        };
        Ring r8;
        EngineScenario s = ring(kMaxCpus, r8);
        SearchSpec exact;
        exact.engine = EngineKind::exact;
        s.memory = Memory::lkmm;
        const SearchOutcome weak = explore(s, exact);
        CHECK(weak.completed);
        CHECK(weak.exact.outcomes == 256);
        CHECK(weak.violations == 1);
        s.memory = Memory::sc;
        const SearchOutcome sc = explore(s, exact);
        CHECK(sc.completed);
        CHECK(sc.exact.outcomes == 255);
        CHECK(sc.violations == 0);
        Ring r5;
        const SearchOutcome relacy = explore(ring(kRelacyMaxCpus + 1, r5), full());
        CHECK(relacy.relacy_failure == "scenario needs 2 to 4 CPUs");
        CHECK(relacy.executions == 0);
        CHECK_FALSE(relacy.completed);
    }
}
