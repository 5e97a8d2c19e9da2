// tests/test_lkmm_hint.cpp: EngineScenario::violation_hint orders the exact engine's search
// and decides nothing. The MP answers are the kernel's (tools/memory-model: MP+onces Sometimes,
// MP+wmb+rmb Never, 3 and 4 final states); the folio checks' hints are read from their C
// predicates and compared with the predicates' C++ implementations.
#include <doctest/doctest.h>

#include <string>

#include "checks/check.hpp"
#include "checks/violation_hint.hpp"
#include "cli_support.hpp"
#include "tests/lkmm_litmus_support.hpp"

using namespace fc;
using namespace fc::lkmm::test;

namespace {

// MP with P1's registers r0 (y) and r1 (x); the weak outcome r0 = 1, r1 = 0 is the violation.
struct Mp {
    Litmus l{2};
    explicit Mp(bool barriers) {
        cpu(l, 0, [&](Emitter& e) {
            e.prim(Prim::WRITE_ONCE, X, 1);
            if (barriers) e.barrier(Prim::smp_wmb);
            e.prim(Prim::WRITE_ONCE, Y, 1);
        });
        cpu(l, 1, [&](Emitter& e) {
            const int r0 = e.reg("r0"), r1 = e.reg("r1");
            e.prim(Prim::READ_ONCE, Y, 0, r0);
            if (barriers) e.barrier(Prim::smp_rmb);
            e.prim(Prim::READ_ONCE, X, 0, r1);
        });
        l.exists = [](const int* const* r, const int*) { return r[1][0] == 1 && r[1][1] == 0; };
    }
    void hint_weak_outcome() {  // r0 - 1 == 0 and r1 == 0
        l.s.violation_hint = {LinearCondition{{LinearTerm{1, 0, 1}}, -1, LinearCondition::Rel::eq},
                              LinearCondition{{LinearTerm{1, 1, 1}}, 0, LinearCondition::Rel::eq}};
    }
};

}  // namespace

TEST_CASE("a hint the model forbids still ends in every outcome: MP with wmb and rmb is Never with 3 final states") {
    Mp mp(true);
    mp.hint_weak_outcome();
    const SearchOutcome o = mp.l.run();
    CHECK(std::string(observation(o)) == "Never");
    CHECK(o.exact.outcomes == 3);
    // The solver offered the weak outcome under the hint; LKMM refuted it (happens-before),
    // and the search went on without the hint to the end.
    CHECK(o.exact.hinted == 1);
    CHECK(o.exact.refinements >= 1);
}

TEST_CASE("a hint nothing satisfies changes no answer: MP with once accesses is Sometimes with 4 final states") {
    Mp mp(false);
    mp.l.s.violation_hint = {LinearCondition{{LinearTerm{1, 0, 1}}, -5, LinearCondition::Rel::eq}};  // r0 == 5
    const SearchOutcome o = mp.l.run();
    CHECK(std::string(observation(o)) == "Sometimes");
    CHECK(o.exact.outcomes == 4);
    CHECK(o.exact.hinted == 0);
}

TEST_CASE("with a hint the first execution the solver offers is the violation") {
    Mp mp(false);
    mp.hint_weak_outcome();
    SearchSpec spec;
    spec.stop_at_first_violation = true;
    const SearchOutcome o = lkmm::explore_lkmm(mp.l.s, spec);
    CHECK(o.violations == 1);
    CHECK(o.exact.candidates == 1);
    CHECK(o.exact.hinted == 1);
}

TEST_CASE("every check's C predicate reads as the linear condition its C++ predicate computes") {
    for (const CheckDef* c : all_checks()) {
        for (int pages : {1, 2, 3, 16, 512}) {
            for (bool swapcache : {false, true}) {
                CAPTURE(c->name);
                CAPTURE(pages);
                CAPTURE(swapcache);
                SeesExtraLinear f;
                REQUIRE(sees_extra_linear(c->sees_extra_c, pages, swapcache, f));
                for (int r = -3; r <= 2 * pages + 9; r += (pages > 16 ? 7 : 1))
                    for (int m = -3; m <= 2 * pages + 9; m += (pages > 16 ? 5 : 1)) {
                        const long long v =
                            static_cast<long long>(f.coef_r) * r + static_cast<long long>(f.coef_m) * m + f.constant;
                        bool linear = false;
                        switch (f.rel) {
                        case LinearCondition::Rel::eq: linear = v == 0; break;
                        case LinearCondition::Rel::ne: linear = v != 0; break;
                        case LinearCondition::Rel::lt: linear = v < 0; break;
                        case LinearCondition::Rel::le: linear = v <= 0; break;
                        case LinearCondition::Rel::gt: linear = v > 0; break;
                        case LinearCondition::Rel::ge: linear = v >= 0; break;
                        }
                        CHECK(linear == c->sees_extra(r, m, pages, swapcache));
                    }
            }
        }
    }
    SeesExtraLinear f;
    CHECK_FALSE(sees_extra_linear("{R} * {M} != 0", 2, false, f));  // not linear: no hint
    CHECK_FALSE(sees_extra_linear("{R} != {Q}", 2, false, f));
}

TEST_CASE("a folio check's violation at 64 pages is the first execution the exact engine offers") {
    // khugepaged vs zap-v6.5 without smp_rmb(): before the hint, at 512 pages, 246 non-violating
    // outcomes came first (124 s).
    const auto r = fc::test::run(
        "run --check khugepaged --writer zap-v6.5 --reader-order ref-first --memory lkmm --pins 1 --pages 64 --first");
    CHECK(r.code == 1);
    CHECK(r.out.find("verdict: violation") != std::string::npos);
    CHECK(r.out.find("candidates 1, consistent executions 1,") != std::string::npos);
    CHECK(r.out.find("offered under the scenario's violation hint first 1,") != std::string::npos);
}
