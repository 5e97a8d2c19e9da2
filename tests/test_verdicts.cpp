// tests/test_verdicts.cpp: run_config on small scenarios whose verdicts are derived by hand.
//
// Notation in the derivations: R = the refcount the check read, M = the mapcount it computed.
// Initial folio (checks/scenario.hpp): every page mapped once by the writer's mm, once more by
// the checker's own mm for KSM and khugepaged; one pin; the checker's own reference
// (compaction, KSM, split: 1; khugepaged: 0). At 1 page:
//   compaction, split:  refcount 1 + pin + own = 3, mapcount 1
//   khugepaged:         refcount 2 + pin       = 3, mapcount 2
//   ksm:                refcount 2 + pin + own = 4, mapcount 2
// Writers at 1 page (program order; under sc each step is atomic and globally ordered):
//   zap-v6.5:  mapcount -1, then refcount -1
//   fork-v6.5: refcount +1, then mapcount +1
// Predicates: compaction extra iff R-1 > M; split extra iff M != R-1; khugepaged extra iff
// R != M; ksm extra iff M+1 != R. A violation is an execution where the check sees no extra
// reference although the pin is held.
//
// Execution counts under sc: every access is a seq_cst scheduling point and each CPU has one
// more at its exit, so 2 CPUs with 2 accesses each run (2*3)!/(3!*3!) = 20 interleavings
// (docs/relacy-behaviour.md §0); the reader order `either` runs both orders: 40.
#include <optional>

#include <doctest/doctest.h>

#include "harness/search/runner.hpp"
#include "tests/verdict_support.hpp"

using namespace fc;
using namespace fc::test;

namespace {

const auto REF = ReadOrder::ref_first;
const auto MAP = ReadOrder::map_first;

void check_holds(const RunResult& r) {
    CHECK(r.verdict == Verdict::holds);
    check_full_and_clean(r);
    CHECK(r.violations == 0);
    CHECK_FALSE(r.counterexample.has_value());
}

// A violation found by a complete full search, with the snapshot the check saw (R, M), the
// true counters when it read the refcount, and the fewest preemptions needed.
void check_violation(const RunResult& r, int refcount, int mapcount, int true_refcount, int true_mapcount,
                     unsigned preemptions) {
    CHECK(r.verdict == Verdict::violation);
    check_full_and_clean(r);
    CHECK(r.violations > 0);
    CHECK(r.violations <= r.executions);
    REQUIRE(r.counterexample.has_value());
    const Counterexample& cx = *r.counterexample;
    CHECK(cx.snapshot.refcount == refcount);
    CHECK(cx.snapshot.mapcount == mapcount);
    CHECK_FALSE(cx.snapshot.sees_extra);
    CHECK(cx.snapshot.violation);
    CHECK(cx.true_refcount_at_read == true_refcount);
    CHECK(cx.true_mapcount_at_read == true_mapcount);
    CHECK(cx.preemptions == preemptions);
    CHECK_FALSE(cx.trace.events.empty());
    CHECK(cx.execution >= 1);
    CHECK(cx.cpus.size() == 2);
}

}  // namespace

TEST_SUITE("harness/verdicts") {
    // ---------------------------------------------------------------- compaction

    // 2 pages: refcount 2 + pin + own = 4, M = 2. batch-zap-v4: folio_get (5), folio_put per
    // page (4, 3), then folio_remove_rmap_range (mapcounts 2 -> 0), then folio_put (2).
    // ref-first: R = 3 is read after both per-page puts and before any rmap removal, so the
    // mapcount read after it can still be 2: (3 - 1) > 2 is false: violation. R = 2 comes after
    // the rmap removal (M = 0); R >= 4 gives R-1 >= 3 > 2. So the only violating snapshot is
    // R = 3, M = 2, with true counters 3 and 2 at the read; it needs the reader to be preempted
    // between its reads (the writer's 3 steps fit between them): 1 preemption.
    // Known counts (this configuration's first measured run): 2763 executions, 10 violating.
    TEST_CASE("compaction misses the pin against batch-zap-v4 at 2 pages, ref-first, sc") {
        const RunResult r = run_config(request({"compaction", "batch-zap-v4", 2, REF}));
        check_violation(r, 3, 2, 3, 2, 1);
        CHECK(r.executions == 2763);
        CHECK(r.violations == 10);
        CHECK(r.counterexample->expected_refcount == 3);  // largest R with (R-1) > 2 false
        CHECK(r.counterexample->order == REF);
    }

    // zap-v6.5 at 2 pages: both page_remove_rmap()s come before both folio_put()s. ref-first:
    // R = 4 gives 3 > M for any M <= 2; R <= 3 is read after every rmap removal, so the
    // mapcount read after it is 0: R-1 >= 1 > 0. No violating interleaving: holds.
    TEST_CASE("compaction sees the pin against zap-v6.5 at 2 pages, ref-first, sc") {
        const RunResult r = run_config(request({"compaction", "zap-v6.5", 2, REF}));
        check_holds(r);
        CHECK(r.executions == 1268);
    }

    // 1 page: states (R, M) in order (3, 1) -> (3, 0) -> (2, 0). ref-first: R = 3 with M in
    // {1, 0}: 2 > M, extra; R = 2 then M = 0: 1 > 0, extra. Holds, in 20 executions.
    // Spurious (the same execution with refcount one lower: (R-2) > M): only R = 3 with M = 0,
    // i.e. the refcount read before the put and the mapcount read after the rmap removal. Of the
    // 20 merges of (W1 W2 Wexit) with (R1 R2 Rexit), 4 have R1 after W2 (W1 W2 first, then Wexit
    // placed among R1 R2 Rexit) and 4 have R2 before W1 (R1 R2 first, then Rexit placed among
    // W1 W2 Wexit); the other 20 - 8 = 12 are spurious.
    TEST_CASE("compaction sees the pin against zap-v6.5 at 1 page, ref-first, sc, with 12 spurious detections of 20") {
        const RunResult r = run_config(request({"compaction", "zap-v6.5", 1, REF}));
        check_holds(r);
        CHECK(r.executions == 20);
        REQUIRE(r.spurious.has_value());
        CHECK(*r.spurious == 12);
    }

    // map-first, 1 page: M = 1 (before the rmap removal), then R = 2 (after the put): 1 > 1
    // is false: violation. True counters when R was read: 2 and 0. The reader must be preempted
    // after its first read: 1 preemption.
    TEST_CASE("compaction misses the pin against zap-v6.5 at 1 page, map-first, sc") {
        const RunResult r = run_config(request({"compaction", "zap-v6.5", 1, MAP}));
        check_violation(r, 2, 1, 2, 0, 1);
        CHECK(r.executions == 20);
    }

    // The same at 2 pages (a known result): map-first is a violation.
    TEST_CASE("compaction misses the pin against zap-v6.5 at 2 pages, map-first, sc") {
        const RunResult r = run_config(request({"compaction", "zap-v6.5", 2, MAP}));
        CHECK(r.verdict == Verdict::violation);
        check_full_and_clean(r);
        REQUIRE(r.counterexample.has_value());
        CHECK_FALSE(r.counterexample->snapshot.sees_extra);
    }

    // The kernel order for compaction is `either` (operands of >): both orders run, and the
    // map-first one violates. 20 + 20 executions.
    TEST_CASE("compaction with the kernel's unspecified order explores both orders and finds the map-first violation") {
        const RunResult r = run_config(request({"compaction", "zap-v6.5", 1}));
        CHECK(r.verdict == Verdict::violation);
        check_full_and_clean(r);
        CHECK(r.executions == 40);
        REQUIRE(r.runs.size() == 2);
        CHECK(r.runs[0].order == REF);
        CHECK(r.runs[0].outcome.violations == 0);
        CHECK(r.runs[1].order == MAP);
        CHECK(r.runs[1].outcome.violations > 0);
        REQUIRE(r.counterexample.has_value());
        CHECK(r.counterexample->order == MAP);
    }

    // fork-v6.5, 1 page: states (3, 1) -> (4, 1) -> (4, 2). ref-first: R = 3 read before the
    // folio_get, M = 2 read after the mapcount increment: 2 > 2 is false: violation (true
    // counters at the read 3 and 1; 1 preemption).
    TEST_CASE("compaction misses the pin against fork-v6.5 at 1 page, ref-first, sc") {
        const RunResult r = run_config(request({"compaction", "fork-v6.5", 1, REF}));
        check_violation(r, 3, 2, 3, 1, 1);
        CHECK(r.executions == 20);
    }

    // fork-v6.5 map-first: M = 1 then R in {3, 4}: R-1 >= 2 > 1; M = 2 is read after the
    // mapcount increment, so R = 4 afterwards: 3 > 2. Holds.
    TEST_CASE("compaction sees the pin against fork-v6.5 at 1 page, map-first, sc") {
        const RunResult r = run_config(request({"compaction", "fork-v6.5", 1, MAP}));
        check_holds(r);
        CHECK(r.executions == 20);
    }

    // lkmm, zap-v6.5, 1 page, ref-first: the mapcount read is a relaxed load that may return
    // the value before page_remove_rmap() even after the reader saw the folio_put() (R = 2,
    // M = 1 stale): 1 > 1 is false: violation, with no preemption (the writer runs to its end
    // first). True counters at the read: 2 and 0.
    TEST_CASE("compaction misses the pin against zap-v6.5 at 1 page, ref-first, lkmm, without smp_rmb") {
        const RunResult r = run_config(request({"compaction", "zap-v6.5", 1, REF, Memory::c11}));
        check_violation(r, 2, 1, 2, 0, 0);
    }

    // With smp_rmb() between the reads: R = 2 reads from folio_put()'s atomic_dec_and_test,
    // which is preceded by the full barrier after page_remove_rmap()'s atomic_add_negative;
    // the reader's acquire fence then makes the mapcount decrement visible: M = 0. Holds.
    TEST_CASE("compaction sees the pin against zap-v6.5 at 1 page, ref-first, lkmm, with smp_rmb") {
        const RunResult r = run_config(request({"compaction", "zap-v6.5", 1, REF, Memory::c11, ReaderBarrier::rmb}));
        check_holds(r);
    }

    // ---------------------------------------------------------------- ksm

    // ksm, zap-v6.5, 1 page: states (4, 2) -> (4, 1) -> (3, 1). ref-first: R = 4: M+1 <= 3
    // != 4, extra; R = 3 then M = 1: 2 != 3, extra. Holds in 20 executions.
    TEST_CASE("ksm sees the pin against zap-v6.5, ref-first, sc") {
        const RunResult r = run_config(request({"ksm", "zap-v6.5", 1, REF}));
        check_holds(r);
        CHECK(r.executions == 20);
    }

    // map-first: M = 2 before the rmap removal, R = 3 after the put: 2 + 1 == 3: violation.
    // True counters at the read: 3 and 1.
    TEST_CASE("ksm misses the pin against zap-v6.5, map-first, sc") {
        const RunResult r = run_config(request({"ksm", "zap-v6.5", 1, MAP}));
        check_violation(r, 3, 2, 3, 1, 1);
        CHECK(r.executions == 20);
    }

    // gup-fast: refcount 2 + own = 3, M = 2 always (nobody changes a mapcount), so KSM sees no
    // extra reference iff R == 3. KSM clears the PTE and runs smp_mb() before reading.
    // sc: if GUP-fast keeps its reference, its PTE re-read returned 1, i.e. ran before KSM's
    // clear; its increment came before that, so KSM reads R = 4. Holds.
    TEST_CASE("ksm sees GUP-fast's pin under sc") {
        const RunResult r = run_config(request({"ksm", "gup-fast", 1, REF}));
        check_holds(r);
        CHECK_FALSE(r.spurious.has_value());  // no pinless twin in a GUP-fast scenario
    }

    // lkmm: the successful atomic_add_unless() is followed by a full barrier and KSM has
    // smp_mb() after its PTE clear: the SB shape with fences on both sides, forbidden. Holds.
    TEST_CASE("ksm sees GUP-fast's pin under c11") {
        const RunResult r = run_config(request({"ksm", "gup-fast", 1, REF, Memory::c11}));
        check_holds(r);
    }

    // relaxed: the implied full barrier of atomic_add_unless() is gone: GUP-fast's PTE re-read
    // may return the stale 1 while KSM's refcount read returns the stale 3 (SB weak outcome):
    // R = 3, M = 2, violation, with no preemption. KSM read R while the true refcount was 4.
    TEST_CASE("ksm misses GUP-fast's pin under relaxed") {
        const RunResult r = run_config(request({"ksm", "gup-fast", 1, REF, Memory::relaxed}));
        check_violation(r, 3, 2, 4, 2, 0);
    }

    // ---------------------------------------------------------------- khugepaged

    // khugepaged reads the mapcount first (its kernel order). zap-v6.5, 1 page: states
    // (3, 2) -> (3, 1) -> (2, 1). M = 2 before the rmap removal, R = 2 after the put: R == M:
    // violation (true counters at the read 2 and 1). M = 1 never equals R in {3, 2}.
    TEST_CASE("khugepaged misses the pin against zap-v6.5 at 1 page in its kernel order (map-first), sc") {
        const RunResult r = run_config(request({"khugepaged", "zap-v6.5", 1}));
        check_violation(r, 2, 2, 2, 1, 1);
        CHECK(r.executions == 20);
        REQUIRE(r.runs.size() == 1);
        CHECK(r.runs[0].order == MAP);
    }

    // ref-first: R = 3 with M in {2, 1}: never equal; R = 2 then M = 1: not equal. Holds.
    TEST_CASE("khugepaged would see the pin against zap-v6.5 at 1 page if it read the refcount first, sc") {
        const RunResult r = run_config(request({"khugepaged", "zap-v6.5", 1, REF}));
        check_holds(r);
        CHECK(r.executions == 20);
    }

    // fork-v6.5, map-first: states (3, 2) -> (4, 2) -> (4, 3). M = 2 then R in {3, 4}; M = 3
    // then R = 4. R never equals M: holds.
    TEST_CASE("khugepaged sees the pin against fork-v6.5 at 1 page in its kernel order, sc") {
        const RunResult r = run_config(request({"khugepaged", "fork-v6.5", 1}));
        check_holds(r);
        CHECK(r.executions == 20);
    }

    // ---------------------------------------------------------------- split

    // split, zap-v6.5, 1 page: states (3, 1) -> (3, 0) -> (2, 0). ref-first: R = 3: M != 2;
    // R = 2 then M = 0 != 1. Holds.
    TEST_CASE("split sees the pin against zap-v6.5 at 1 page, ref-first, sc") {
        const RunResult r = run_config(request({"split", "zap-v6.5", 1, REF}));
        check_holds(r);
        CHECK(r.executions == 20);
    }

    // map-first: M = 1 then R = 2: 1 == 2 - 1: violation (true counters 2 and 0).
    TEST_CASE("split misses the pin against zap-v6.5 at 1 page, map-first, sc") {
        const RunResult r = run_config(request({"split", "zap-v6.5", 1, MAP}));
        check_violation(r, 2, 1, 2, 0, 1);
    }

    // fork-v6.5, ref-first: R = 3 before the folio_get, M = 2 after the dup: 2 == 3 - 1:
    // violation (true counters 3 and 1).
    TEST_CASE("split misses the pin against fork-v6.5 at 1 page, ref-first, sc") {
        const RunResult r = run_config(request({"split", "fork-v6.5", 1, REF}));
        check_violation(r, 3, 2, 3, 1, 1);
    }

    // fork-v6.5, map-first: M = 1 then R - 1 in {2, 3}; M = 2 then R - 1 = 3. Holds.
    TEST_CASE("split sees the pin against fork-v6.5 at 1 page, map-first, sc") {
        const RunResult r = run_config(request({"split", "fork-v6.5", 1, MAP}));
        check_holds(r);
    }

}  // TEST_SUITE("harness/verdicts")

TEST_SUITE("harness/runner") {
    TEST_CASE("bound and random search never conclude holds, even on a configuration that holds under full search") {
        const Req cfg{"compaction", "zap-v6.5", 2, REF};
        REQUIRE(run_config(request(cfg)).verdict == Verdict::holds);
        for (unsigned b : {0u, 1u, 2u, 20u}) {
            CAPTURE(b);
            const RunResult r = run_config(request(cfg, bound_search(b)));
            CHECK(r.verdict == Verdict::no_violation_found);
            CHECK_FALSE(r.exhaustive);
            CHECK(r.executions > 0);
            CHECK(r.internal_error == "");
        }
        // A bound of 20 covers every interleaving of this scenario (1268, as full search), and
        // is still not called exhaustive: only full search is.
        CHECK(run_config(request(cfg, bound_search(20))).executions == 1268);
        const RunResult rnd = run_config(request(cfg, random_search(100)));
        CHECK(rnd.verdict == Verdict::no_violation_found);
        CHECK_FALSE(rnd.exhaustive);
        CHECK(rnd.executions == 100);
    }

    TEST_CASE("max_executions 10 on a holding configuration yields no-violation-found, stopped by max-executions") {
        SearchSpec s;
        s.max_executions = 10;
        const RunResult r = run_config(request({"compaction", "zap-v6.5", 2, REF}, s));
        CHECK(r.verdict == Verdict::no_violation_found);
        CHECK_FALSE(r.exhaustive);
        CHECK(r.stopped_by == "max-executions");
        CHECK(r.executions == 10);
        CHECK_FALSE(r.spurious.has_value());
    }

    TEST_CASE("max_executions covers both reader orders together, not each order") {
        // Each order of compaction/zap-v6.5/1 page has 20 executions; a limit of 25 stops the
        // second order after 5.
        SearchSpec s;
        s.max_executions = 25;
        const RunResult r = run_config(request({"compaction", "zap-v6.5", 1, ReadOrder::either}, s));
        CHECK(r.executions == 25);
        CHECK(r.stopped_by == "max-executions");
        CHECK_FALSE(r.exhaustive);
    }

    TEST_CASE("a violation found by bound search is still a violation") {
        const RunResult r = run_config(request({"compaction", "batch-zap-v4", 2, REF}, bound_search(1)));
        CHECK(r.verdict == Verdict::violation);
        CHECK_FALSE(r.exhaustive);
        REQUIRE(r.counterexample.has_value());
        CHECK(r.counterexample->snapshot.refcount == 3);
        CHECK(r.counterexample->snapshot.mapcount == 2);
    }

    // checks/scenario.cpp judge_snapshot(): "the pinless run has the same executions with every
    // refcount one lower". If so, the spurious count measured in one pass with the pin equals
    // the count of a separate run without it.
    TEST_CASE("the one-pass spurious count equals the spurious count of the same run without the pin") {
        const Req cases[] = {
            {"compaction", "batch-zap-v4", 2, REF},
            {"compaction", "zap-v6.5", 1, REF, Memory::c11},
            {"compaction", "zap-v6.9", 2, MAP, Memory::relaxed},
            {"khugepaged", "zap-v6.5", 1, std::nullopt, Memory::sc},
            {"khugepaged", "fork-v6.9", 2, REF, Memory::c11},
            {"ksm", "zap-v6.5", 1, ReadOrder::either, Memory::c11, ReaderBarrier::rmb},
            {"split", "fork-v6.5", 2, ReadOrder::either, Memory::relaxed},
            {"split", "zap-v6.5-nogather", 1, MAP, Memory::sc, ReaderBarrier::none, true, true},
        };
        for (const Req& c : cases) {
            CAPTURE(describe(c));
            Req pinless = c;
            pinless.pin = false;
            const RunResult with = run_config(request(c));
            const RunResult without = run_config(request(pinless));
            check_full_and_clean(with);
            check_full_and_clean(without);
            REQUIRE(with.spurious.has_value());
            REQUIRE(without.spurious.has_value());
            CHECK(*with.spurious == *without.spurious);
            CHECK(with.executions == without.executions);
            // Without the pin there is nothing to miss.
            CHECK(without.violations == 0);
            CHECK(without.verdict == Verdict::holds);
        }
    }

    // The counterexample is the violating execution with the fewest preemptions; bound search
    // with context bound b finds a violation iff one needs at most b preemptions. So the
    // smallest violating bound must equal the counterexample's preemption count.
    TEST_CASE(
        "the counterexample's preemption count is the smallest context bound at which bound search finds a violation") {
        const Req cases[] = {
            {"compaction", "batch-zap-v4", 2, REF},
            {"compaction", "fork-v6.5", 1, REF},
            {"khugepaged", "zap-v6.5", 2},
            {"compaction", "zap-v6.5", 1, REF, Memory::c11},
            {"ksm", "gup-fast", 1, REF, Memory::relaxed},
        };
        for (const Req& c : cases) {
            CAPTURE(describe(c));
            const RunResult full = run_config(request(c));
            REQUIRE(full.verdict == Verdict::violation);
            REQUIRE(full.counterexample.has_value());
            CHECK(smallest_violating_bound(c, 3) == static_cast<int>(full.counterexample->preemptions));
        }
    }

    TEST_CASE("batch-zap-v4 at 2 pages, ref-first, sc needs exactly one preemption to violate") {
        const Req c{"compaction", "batch-zap-v4", 2, REF};
        const RunResult b0 = run_config(request(c, bound_search(0)));
        CHECK(b0.verdict == Verdict::no_violation_found);
        CHECK(b0.violations == 0);
        const RunResult b1 = run_config(request(c, bound_search(1)));
        CHECK(b1.verdict == Verdict::violation);
        REQUIRE(b1.counterexample.has_value());
        CHECK(b1.counterexample->preemptions == 1);
        CHECK(smallest_violating_bound(c, 2) == 1);
    }

    TEST_CASE("reduced search reaches the full search's verdicts, exhaustively, in fewer executions") {
        const Req cases[] = {
            {"compaction", "batch-zap-v4", 2, REF},                               // violation
            {"compaction", "zap-v6.5", 2, REF},                                   // holds
            {"compaction", "zap-v6.5", 1, REF, Memory::c11},                      // violation (stale read)
            {"compaction", "zap-v6.5", 1, REF, Memory::c11, ReaderBarrier::rmb},  // holds
            {"ksm", "gup-fast", 1, REF, Memory::c11},                             // holds
            {"ksm", "gup-fast", 1, REF, Memory::relaxed},                         // violation
        };
        SearchSpec reduced;
        reduced.mode = SearchMode::reduced;
        for (const Req& c : cases) {
            CAPTURE(describe(c));
            const RunResult full = run_config(request(c));
            const RunResult red = run_config(request(c, reduced));
            CHECK(red.verdict == full.verdict);
            CHECK(red.exhaustive);
            CHECK(red.internal_error == "");
            CHECK(red.executions > 0);
            CHECK(red.executions <= full.executions);
        }
    }

    TEST_CASE("a gup-fast scenario reports no spurious count") {
        const RunResult r = run_config(request({"compaction", "gup-fast", 1, REF}));
        CHECK(r.verdict == Verdict::holds);
        CHECK_FALSE(r.spurious.has_value());
    }

}  // TEST_SUITE("harness/runner")
