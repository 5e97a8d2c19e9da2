// tests/test_ranges_designs_kernels.cpp: partial ranges, pins of both kinds, the
// CONFIG_MM_ID and CONFIG_NO_PAGE_MAPCOUNT designs, the folio_expected_ref_count() and
// lazyfree checks, kernel releases, what-if refusals (3-4 CPUs, fidelity fixes and the PMD,
// COW and swapcache writers: tests/test_cpus_writers_fidelity.cpp). Every verdict below is derived by hand
// in the comment above its test (R = _refcount, M = the mapcount the check computes).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "checks/kernels.hpp"
#include "harness/report/report.hpp"
#include "harness/report/sweep_tables.hpp"
#include "harness/search/matrix.hpp"
#include "harness/search/runner.hpp"
#include "harness/search/token.hpp"
#include "tests/configuration_support.hpp"

namespace fc {
using namespace configs;

TEST_SUITE("configurations/partial-ranges") {
    // khugepaged's mm and the writer's mm both map pages 0 and 1, one pin:
    //   R = 2 + 2 + 1 = 5, _large_mapcount + 1 = M = 4.
    // zap-v6.9 of page 0 only: atomic_sub(1, _large_mapcount) (M 4 -> 3), then
    // folio_ref_sub_and_test(1) (R 5 -> 4). is_refcount_suitable() reads M first: M = 4 read
    // before the zap, R = 4 read after it: 4 == 4, "no extra reference" while the pin is held.
    TEST_CASE("under the v6.10 single mapcount khugepaged misses the pin against a zap of page 0 of a 2-page folio") {
        const RunResult& r =
            run_config(partial(req(kCheckKhugepaged, kWriterZapV69, 2, MapcountDesign::large, std::nullopt), 0, 0));
        expect(r, Verdict::violation);
        REQUIRE(r.counterexample.has_value());
        CHECK(r.counterexample->order == ReadOrder::map_first);
        CHECK(r.counterexample->snapshot.refcount == 4);
        CHECK(r.counterexample->snapshot.mapcount == 4);
    }

    // The whole folio: one atomic_sub(2) (M 4 -> 2) and one folio_ref_sub_and_test(2)
    // (R 5 -> 3 with one pin). M read first is 4 or 2, R read after it is 5 or 3: never equal.
    // With two pins R is 6 -> 4: M = 4 read before the zap, R = 4 after it, equal: missed.
    TEST_CASE(
        "under the v6.10 single mapcount khugepaged sees one pin against a zap of the whole 2-page folio, but "
        "misses two") {
        RunRequest one = req(kCheckKhugepaged, kWriterZapV69, 2, MapcountDesign::large, std::nullopt);
        one.pins = 1;
        expect(run_config(one), Verdict::holds);
        const RunResult every =
            run_config(req(kCheckKhugepaged, kWriterZapV69, 2, MapcountDesign::large, std::nullopt));
        expect(every, Verdict::violation);
        REQUIRE(every.counterexample);
        CHECK(every.counterexample->pins == 2);
        CHECK(every.counterexample->snapshot.mapcount == 4);
        CHECK(every.counterexample->snapshot.refcount == 4);
    }

    // folio_expected_ref_count() != folio_ref_count(): operands of one !=, either order.
    // Map-first: as above (4, 4): violation. Ref-first: R = 5 (before the drop) then M in {4, 3};
    // or R = 4 (after the drop, so M is already 3) then M = 3: never R == M. Holds.
    TEST_CASE("khugepaged-expected misses the pin against a one-page zap only when the mapcount is read first") {
        const RunRequest base =
            partial(req(kCheckKhugepagedExpected, kWriterZapV69, 2, MapcountDesign::large, ReadOrder::map_first), 0, 0);
        expect(run_config(base), Verdict::violation);
        RunRequest ref = base;
        ref.order = ReadOrder::ref_first;
        expect(run_config(ref), Verdict::holds);
    }

    // A second mm maps page 1 only; the writer zaps page 1. split (own reference, no checker
    // mm): R = 2 (writer) + 1 (other mm) + 1 (pin) + 1 (own) = 5, M = 3. zap-v6.5 of page 1:
    // page_remove_rmap (M 3 -> 2), then the reference at the flush (R 5 -> 4). can_split_folio:
    // M == R - 1 - 0 means "may split". Map-first: M = 3 then R = 4: 3 == 3, violation.
    TEST_CASE("another mm's mapping counts in both counters and split misses the pin against a zap of page 1") {
        RunRequest r =
            partial(req(kCheckSplit, kWriterZapV65, 2, MapcountDesign::per_page, ReadOrder::map_first), 1, 1);
        r.other_mms = {PageRange{1, 1}};
        BuiltScenario b;
        build_scenario(scenario_config(r, ReadOrder::map_first), b);
        CHECK(b.engine.init.value[LOC_REFCOUNT] == 5);
        CHECK(b.engine.init.value[loc_mapcount(0)] == 0);
        CHECK(b.engine.init.value[loc_mapcount(1)] == 1);
        CHECK(b.true_mapcount == 3);
        const RunResult& res = run_config(r);
        expect(res, Verdict::violation);
        CHECK(res.counterexample->snapshot.mapcount == 3);
        CHECK(res.counterexample->snapshot.refcount == 4);
    }

    TEST_CASE("a range outside the folio, a second GUP page range and a third further mm are refused in one line") {
        RunRequest r = partial(req(kCheckCompaction, kWriterZapV69, 2, MapcountDesign::large, std::nullopt), 1, 2);
        CHECK(validate_config(scenario_config(r, ReadOrder::ref_first)).find("outside the folio") != std::string::npos);
        r = partial(req(kCheckKsm, kWriterGupFast, 1, MapcountDesign::per_page, std::nullopt), 0, 0);
        CHECK(validate_config(scenario_config(r, ReadOrder::ref_first)).empty());
        r.pins = 2;
        CHECK(validate_config(scenario_config(r, ReadOrder::ref_first)).find("--pins") == 0);
        r = req(kCheckCompaction, kWriterZapV69, 2, MapcountDesign::large, std::nullopt);
        r.other_mms = {PageRange{0, 0}, PageRange{1, 1}, PageRange{0, 1}};
        CHECK(validate_config(scenario_config(r, ReadOrder::ref_first)) == "--mms takes at most 2 further mms");
    }
}

TEST_SUITE("configurations/designs") {
    // CONFIG_MM_ID: the writer's large-mapcount update is bit_spin_lock, atomic_read +
    // atomic_set of _large_mapcount, a plain load and store of its mm's slot, unlock, and
    // then (CONFIG_PAGE_MAPCOUNT) the per-page atomic_add_negative. The numbers are those of
    // the v6.10 test (M 4 -> 3 in one store, R 5 -> 4): the same violation map-first. The
    // writer's slot 0 goes 1 -> 0 (it mapped 2 pages), khugepaged's slot 1 stays 1.
    TEST_CASE(
        "under CONFIG_MM_ID the partial zap updates _large_mapcount and the mm's slot under the lock and "
        "khugepaged still misses the pin") {
        const RunRequest q =
            partial(req(kCheckKhugepaged, kWriterZapV69, 2, MapcountDesign::mm_id, std::nullopt), 0, 0);
        const std::vector<std::string> expected = {
            "spin_lock",
            "atomic_read folio->_large_mapcount",
            "atomic_set folio->_large_mapcount",
            "READ_ONCE folio->_mm_id_mapcount[0]",
            "WRITE_ONCE folio->_mm_id_mapcount[0]",
            "spin_unlock",
            "atomic_add_negative page[0]->_mapcount",
            "atomic_dec_return_relaxed folio->_nr_pages_mapped",  // if (last): not taken here
            "atomic_sub_and_test folio->_refcount",
        };
        CHECK(writer_prims(q) == expected);
        const RunResult& r = run_config(q);
        expect(r, Verdict::violation);
        const std::vector<int>& fin = r.runs[0].outcome.cx_final;
        REQUIRE(fin.size() > static_cast<size_t>(LOC_MM_ID_MAPCOUNT0 + 1));
        CHECK(fin[LOC_LARGE_MAPCOUNT] == 2);
        CHECK(fin[LOC_MM_ID_MAPCOUNT0] == 0);
        CHECK(fin[LOC_MM_ID_MAPCOUNT0 + 1] == 1);
    }

    // CONFIG_NO_PAGE_MAPCOUNT: no per-page _mapcount, no _nr_pages_mapped for a large folio;
    // the locked update is all. Whole folio: M 4 -> 2 in one store, R 5 -> 3 in one RMW:
    // never equal with one pin (holds; with two, R 6 -> 4 meets M 4: violation). Page 0 only:
    // M 4 -> 3, R 5 -> 4: (4, 4) map-first, violation.
    TEST_CASE(
        "under CONFIG_NO_PAGE_MAPCOUNT the zap touches only the locked large mapcount, and khugepaged holds "
        "against the whole zap with one pin but not with two, nor against a one-page zap") {
        RunRequest whole = req(kCheckKhugepaged, kWriterZapV69, 2, MapcountDesign::no_page_mapcount, std::nullopt);
        whole.pins = 1;
        const std::vector<std::string> prims = writer_prims(whole);
        for (const std::string& p : prims) {
            CHECK(p.find("->_mapcount") == std::string::npos);
            CHECK(p.find("_nr_pages_mapped") == std::string::npos);
        }
        CHECK(prims.size() == 7);  // lock, read, set, slot read, slot write, unlock, sub_and_test
        BuiltScenario b;
        build_scenario(scenario_config(whole, ReadOrder::map_first), b);
        CHECK_FALSE(b.engine.init.used[loc_mapcount(0)]);
        CHECK_FALSE(b.engine.init.used[LOC_NR_PAGES_MAPPED]);
        CHECK(b.engine.init.value[LOC_LARGE_MAPCOUNT] == 3);
        CHECK(b.engine.nlocks == 1);
        expect(run_config(whole), Verdict::holds);
        expect(run_config(partial(whole, 0, 0)), Verdict::violation);
        RunRequest every = whole;
        every.pins = kEveryPinCount;
        const RunResult r = run_config(every);
        expect(r, Verdict::violation);
        REQUIRE(r.counterexample);
        CHECK(r.counterexample->pins == 2);
    }

    // The MM_ID lock serialises two updaters (fork in one CPU, a zap... here: the lock is only
    // taken by the writer, so a small folio must not take it at all).
    TEST_CASE("a small folio takes no mapcount lock under either newer design") {
        for (MapcountDesign d : {MapcountDesign::mm_id, MapcountDesign::no_page_mapcount}) {
            const RunRequest q = req(kCheckCompaction, kWriterZapV69, 1, d, ReadOrder::ref_first);
            const std::vector<std::string> prims = writer_prims(q);
            CHECK(std::find(prims.begin(), prims.end(), "spin_lock") == prims.end());
            CHECK(prims.front() == "atomic_add_negative page[0]->_mapcount");
        }
    }
}

TEST_SUITE("configurations/pins") {
    // The default judges every pin count from one search; one search per count is the plain
    // meaning. They must agree on the verdict (and a counterexample's count must be one that
    // fails) for every check and path of the current release at 4 pages, both range choices.
    TEST_CASE("every pin count judged from one search gives the verdicts of one search per count, 4 pages") {
        MatrixSpec spec = kernel_matrix("current");
        spec.pages = {4};
        Skipped skipped;
        size_t derived = 0, violations = 0;
        for (RunRequest q : enumerate(spec, skipped)) {
            INFO(q.check->name << " vs " << q.writer->name << ", range " << (q.range.first < 0 ? "all" : "0"));
            const RunResult every = run_config(q);
            REQUIRE(every.internal_error.empty());
            REQUIRE(every.verdict != Verdict::no_violation_found);
            bool some = false;
            int first_failing = 0;
            for (int k = q.first_pins(); k <= q.last_pins(); k++) {
                RunRequest at = q;
                at.pins = k;
                const RunResult r = run_config(at);
                if (r.verdict == Verdict::violation && !some) first_failing = k;
                some = some || r.verdict == Verdict::violation;
            }
            CHECK((every.verdict == Verdict::violation) == some);
            if (every.verdict == Verdict::violation) {
                violations++;
                REQUIRE(every.counterexample);
                RunRequest at = q;
                at.pins = every.counterexample->pins;
                CHECK(run_config(at).verdict == Verdict::violation);
                CHECK(every.counterexample->pins >= first_failing);
            }
            if (every.pins_how == "derived") derived++;
        }
        CHECK(derived > 20);
        CHECK(violations > 0);
    }

    // The static half of the argument: a path that computes with a value it read from the
    // refcount observes the pin count; folio_put()'s and compaction's zero tests do not.
    TEST_CASE("a path that branches on a refcount it read observes the pin count, a zero test does not") {
        RunRequest q = req(kCheckCompaction, kWriterZapV69, 2, MapcountDesign::large, ReadOrder::map_first);
        q.own_ref_taken = true;  // get_page_unless_zero(): atomic_add_unless(&_refcount, 1, 0)
        BuiltScenario b;
        build_scenario(scenario_config(q, ReadOrder::map_first), b);
        CHECK(b.judge.extra_pin_counts == 1);
        CHECK(b.pin_observer.empty());
        CHECK(b.pin_zero_tests);
        Program& writer = b.engine.cpus[0];
        Insn load;
        load.op = Op::prim;
        load.prim = Prim::atomic_read;
        load.loc = LOC_REFCOUNT;
        load.dst = 0;
        Insn branch;
        branch.op = Op::jz;
        branch.src = 0;
        branch.target = static_cast<int32_t>(writer.code.size() + 2);
        writer.code.push_back(load);
        writer.code.push_back(branch);
        bool zero = false;
        const std::string why = pin_count_observer(b.engine, b.judge.reader_cpu, b.judge.reg_refcount, zero);
        CHECK(why.find("computes with a value read from the refcount") != std::string::npos);
        Insn store;
        store.op = Op::prim;
        store.prim = Prim::atomic_set;
        store.loc = LOC_REFCOUNT;
        writer.code.pop_back();
        writer.code.back() = store;
        CHECK(pin_count_observer(b.engine, b.judge.reader_cpu, b.judge.reg_refcount, zero).find("stores a value") !=
              std::string::npos);
    }

    // FOLL_PIN on a small folio is GUP_PIN_COUNTING_BIAS = 1024 references: compaction vs
    // zap-v6.5 at 1 page: R = 1 + 1024 + 1 = 1026, M <= 1: R - 1 >= 1024 > M always, holds
    // (with FOLL_GET it is the known map-first violation: M = 1 then R = 2, 1 > 1 false).
    TEST_CASE("a FOLL_PIN on a small folio adds 1024 references and compaction can no longer miss it") {
        RunRequest q = req(kCheckCompaction, kWriterZapV65, 1, MapcountDesign::per_page, ReadOrder::map_first);
        expect(run_config(q), Verdict::violation);
        q.pin_kind = PinKind::foll_pin;
        BuiltScenario b;
        build_scenario(scenario_config(q, ReadOrder::map_first), b);
        CHECK(b.engine.init.value[LOC_REFCOUNT] == 1026);
        expect(run_config(q), Verdict::holds);
    }

    // FOLL_PIN on a large folio is one reference plus _pincount: compaction vs zap-v6.9 at 2
    // pages: R = 2 + 1 + 1 = 4, M = 2; map-first M = 2 then R = 2: 1 > 2 false: violation,
    // exactly as with FOLL_GET (the count checks do not read _pincount).
    TEST_CASE("a FOLL_PIN on a large folio is one reference and _pincount, and compaction misses it like a FOLL_GET") {
        RunRequest q = req(kCheckCompaction, kWriterZapV69, 2, MapcountDesign::large, ReadOrder::map_first);
        q.pin_kind = PinKind::foll_pin;
        BuiltScenario b;
        build_scenario(scenario_config(q, ReadOrder::map_first), b);
        CHECK(b.engine.init.value[LOC_REFCOUNT] == 4);
        CHECK(b.engine.init.value[LOC_PINCOUNT] == 1);
        expect(run_config(q), Verdict::violation);
        // One pin per page: R = 5, _pincount 2; M = 2 read first, R = 3 after the zap: 2 > 2
        // false, missed as well. (Compaction misses any pin count up to the folio's pages.)
        q.pins = 2;
        BuiltScenario two;
        build_scenario(scenario_config(q, ReadOrder::map_first), two);
        CHECK(two.engine.init.value[LOC_REFCOUNT] == 5);
        CHECK(two.engine.init.value[LOC_PINCOUNT] == 2);
        expect(run_config(q), Verdict::violation);
    }

    // KSM vs GUP-fast is store buffering: KSM stores pte = 0 then reads R; GUP-fast raises R
    // (fully ordered) then re-reads the PTE. With ptep_clear_flush() a full barrier no
    // execution has both reads miss (holds under lkmm); as a plain store KSM's R read may be
    // satisfied before its PTE store is visible: both miss (violation under lkmm), never
    // under sc (interleavings only).
    TEST_CASE("KSM needs ptep_clear_flush() to be a full barrier against GUP-fast: plain store fails under c11") {
        RunRequest q = req(kCheckKsm, kWriterGupFast, 1, MapcountDesign::per_page, std::nullopt, Memory::c11);
        expect(run_config(q), Verdict::holds);
        q.ptep_flush_mb = false;
        expect(run_config(q), Verdict::violation);
        q.memory = Memory::sc;
        expect(run_config(q), Verdict::holds);
    }

    // With FOLL_PIN GUP-fast adds 1023 more references after its add_unless and KSM also calls
    // folio_maybe_dma_pinned() after its count check: still store buffering with full
    // barriers on both sides under lkmm: holds.
    TEST_CASE("KSM against a GUP-fast FOLL_PIN holds under c11 and consults folio_maybe_dma_pinned()") {
        RunRequest q = req(kCheckKsm, kWriterGupFast, 1, MapcountDesign::per_page, std::nullopt, Memory::c11);
        q.pin_kind = PinKind::foll_pin;
        BuiltScenario b;
        build_scenario(scenario_config(q, ReadOrder::ref_first), b);
        CHECK(b.judge.reg_pinned >= 0);
        expect(run_config(q), Verdict::holds);
    }
}

TEST_SUITE("configurations/newer-checks") {
    // lazyfree: smp_mb(); R; M; smp_rmb(); keep if R != 1 + M. Reclaim's isolation reference,
    // reclaim's mm (the checker's) and the writer's mm map 2 pages, one pin:
    // R = 2 + 2 + 1 + 1 = 6, M = 4. A zap of page 0 in the other mm: M 4 -> 3, then R 6 -> 5.
    // R first: R = 6 then M in {4, 3} (6 != 5, 6 != 4); R = 5 then M = 3 (5 != 4): holds.
    // A fork of page 0 in the other mm: R 6 -> 7, then M 4 -> 5. R = 6 read before, M = 5
    // after: 6 == 1 + 5, the pinned folio is discarded: violation.
    TEST_CASE("the lazyfree check holds against a partial zap in another mm but misses the pin against a fork") {
        const RunRequest zap =
            partial(req(kCheckLazyfree, kWriterZapV69, 2, MapcountDesign::large, std::nullopt), 0, 0);
        CHECK(zap.effective_order() == ReadOrder::ref_first);
        expect(run_config(zap), Verdict::holds);
        const RunRequest fork =
            partial(req(kCheckLazyfree, kWriterForkV69, 2, MapcountDesign::large, std::nullopt), 0, 0);
        const RunResult& r = run_config(fork);
        expect(r, Verdict::violation);
        CHECK(r.counterexample->snapshot.refcount == 6);
        CHECK(r.counterexample->snapshot.mapcount == 5);
    }

    // lazyfree vs GUP-fast in reclaim's mm: get_and_clear_ptes(), then its own smp_mb(); GUP
    // takes its reference (full) and re-reads the PTE: store buffering with a full barrier on
    // both sides: holds under lkmm, whatever ptep_clear_flush() is (lazyfree does not use it).
    TEST_CASE("the lazyfree check holds against GUP-fast under c11 thanks to its own smp_mb()") {
        RunRequest q = req(kCheckLazyfree, kWriterGupFast, 1, MapcountDesign::per_page, std::nullopt, Memory::c11);
        q.ptep_flush_mb = false;
        expect(run_config(q), Verdict::holds);
    }

    // split-expected (__folio_split): M + 0 != R - 1 with either order; split's own reference:
    // R = 2 + 1 + 1 = 4, M = 2. zap-v6.9 of page 0: M 2 -> 1, R 4 -> 3. Map-first: M = 2 then
    // R = 3: 2 == 2, "may split": violation. Ref-first: R = 4 then M <= 2 (2 != 3); R = 3 then
    // M = 1 (1 != 2): holds.
    TEST_CASE("split-expected misses the pin against a one-page zap with the mapcount read first") {
        RunRequest q =
            partial(req(kCheckSplitExpected, kWriterZapV69, 2, MapcountDesign::mm_id, ReadOrder::map_first), 0, 0);
        expect(run_config(q), Verdict::violation);
        q.order = ReadOrder::ref_first;
        expect(run_config(q), Verdict::holds);
    }

    // cow-reuse (__wp_can_reuse_large_anon_folio): under the mapcount lock, stop if "maybe mapped
    // shared", else reuse if M == R. The faulting mm and the writer's mm map 2 pages, one pin:
    // M = 4, R = 5. batch-zap-v4 (references before mappings): folio_get R 6, two puts R 4,
    // then the rmap removal M 2, then folio_put R 3. With MM_ID (no-page-mapcount) the reader
    // sees M = 4 only while the writer's slot still holds its 2 mappings (shared: no reuse),
    // and M = 2 only after both puts (R in {4, 3}, never 2): holds. Without the lock and the bit
    // (--mapcount large, a what-if: the kernel has no such check there) M = 4 read before the
    // removal and R = 4 after the two puts: 4 == 4, the pinned folio is reused: violation.
    TEST_CASE("cow-reuse holds against references dropped first only thanks to MM_ID's lock and shared bit") {
        RunRequest q = req(kCheckCowReuse, kWriterBatchZapV4, 2, MapcountDesign::no_page_mapcount, std::nullopt);
        q.what_if = true;  // batch-zap-v4 was posted against v6.5, which has no COW reuse check
        q.pins = 1;
        expect(run_config(q), Verdict::holds);
        q.mapcount = MapcountDesign::large;
        const RunResult& r = run_config(q);
        expect(r, Verdict::violation);
        CHECK(r.counterexample->snapshot.refcount == 4);
        CHECK(r.counterexample->snapshot.mapcount == 4);
        // Every merged unmap path lowers the mapcount first: holds with every pin count.
        RunRequest zap = req(kCheckCowReuse, kWriterZapV69, 2, MapcountDesign::no_page_mapcount, std::nullopt);
        expect(run_config(zap), Verdict::holds);
    }

    // reclaim-precheck (shrink_folio_list): M + 0 != R - 1, either order, the isolation
    // reference. The writer's mm maps 2 pages, p pins: R = 2 + 1 + p, M = 2. zap-v6.9 of both
    // pages: M 2 -> 0, then R -> 1 + p. Map-first: M = 2, R = 1 + p: 2 == p, so 2 pins are
    // missed (one per page), 1 pin is not. GUP-fast: M stays 2 and a refcount read that
    // includes GUP's reference is 4: 2 != 3, holds.
    TEST_CASE("reclaim-precheck misses two pins against a whole-folio zap with the mapcount read first, never GUP") {
        RunRequest q =
            req(kCheckReclaimPrecheck, kWriterZapV69, 2, MapcountDesign::no_page_mapcount, ReadOrder::map_first);
        q.pins = 1;
        expect(run_config(q), Verdict::holds);
        q.pins = 2;
        const RunResult& r = run_config(q);
        expect(r, Verdict::violation);
        CHECK(r.counterexample->snapshot.mapcount == 2);
        CHECK(r.counterexample->snapshot.refcount == 3);
        const RunRequest gup =
            req(kCheckReclaimPrecheck, kWriterGupFast, 2, MapcountDesign::no_page_mapcount, std::nullopt);
        expect(run_config(gup), Verdict::holds);
    }

    // batch-zap-v4 on MMU_GATHER: folio_get (R 4 -> 5), mapcounts 2 -> 0, folio_put (5 -> 4),
    // then the references at the flush (4 -> 2). compaction, ref-first: R read in {4, 5} with
    // M <= 2 after (3 > 2, 4 > 2), or R in {3, 2} read after M reached 0 (2 > 0, 1 > 0): holds,
    // where v4 on NO_GATHER fails (its references drop before the mapcounts).
    TEST_CASE("batch-zap-v4 obeys the rule on MMU_GATHER architectures: compaction ref-first holds at 2 pages") {
        expect(run_config(
                   req(kCheckCompaction, kWriterBatchZapV4Gather, 2, MapcountDesign::per_page, ReadOrder::ref_first)),
               Verdict::holds);
        expect(run_config(req(kCheckCompaction, kWriterBatchZapV4, 2, MapcountDesign::per_page, ReadOrder::ref_first)),
               Verdict::violation);
    }

    // v4 patch 2/3: atomic_sub_return_relaxed(nr_unmapped, &_nr_pages_mapped) runs even when
    // no page became unmapped (khugepaged's mm still maps both pages: nr_unmapped = 0).
    TEST_CASE("the v4 folio_remove_rmap_range() subtracts from _nr_pages_mapped unconditionally") {
        const std::vector<std::string> prims =
            writer_prims(req(kCheckKhugepaged, kWriterBatchZapV4, 2, MapcountDesign::per_page, std::nullopt));
        CHECK(std::count(prims.begin(), prims.end(), "atomic_sub_return_relaxed folio->_nr_pages_mapped") == 1);
    }
}

TEST_SUITE("configurations/kernels") {
    TEST_CASE("each release names its mapcount design and the form of each check it runs") {
        REQUIRE(find_kernel("v6.5") != nullptr);
        CHECK(find_kernel("v6.5")->design == MapcountDesign::per_page);
        CHECK(find_kernel("v6.10")->design == MapcountDesign::large);
        CHECK(find_kernel("v6.15")->design == MapcountDesign::mm_id);
        CHECK(find_kernel("current")->design == MapcountDesign::no_page_mapcount);
        CHECK(find_kernel("v6.3") == nullptr);
        const KernelRelease& cur = *find_kernel("current");
        CHECK(kernel_check(cur, "khugepaged") == &kCheckKhugepagedExpected);
        CHECK(kernel_check(cur, "split") == &kCheckSplitExpected);
        CHECK(kernel_check(cur, "compaction") == &kCheckCompaction);
        CHECK(kernel_writer(cur, "zap") == &kWriterZapV69);
        CHECK(kernel_check(*find_kernel("v6.10"), "khugepaged") == &kCheckKhugepaged);
        CHECK(kernel_check(*find_kernel("v6.5"), "khugepaged-expected") == nullptr);
        CHECK(kernel_writer(*find_kernel("v6.5"), "zap") == &kWriterZapV65);
        CHECK(kernel_read_order(cur, kCheckKhugepagedExpected) == ReadOrder::either);
    }

    TEST_CASE("matrix --kernel v6.10 sweeps v6.10's checks and writers with the large mapcount and partial ranges") {
        Skipped skipped;
        const std::vector<RunRequest> reqs = enumerate(kernel_matrix("v6.10"), skipped);
        REQUIRE(!reqs.empty());
        bool partial_khugepaged_zap = false;
        for (const RunRequest& r : reqs) {
            CHECK(r.kernel == "v6.10");
            CHECK(std::find(find_kernel("v6.10")->checks.begin(), find_kernel("v6.10")->checks.end(), r.check) !=
                  find_kernel("v6.10")->checks.end());
            CHECK((r.pages == 1 || r.mapcount == MapcountDesign::large));
            if (r.check == &kCheckKhugepaged && r.writer == &kWriterZapV69 && r.pages == 2 && r.range.first == 0)
                partial_khugepaged_zap = true;
        }
        CHECK(partial_khugepaged_zap);
    }

    // split at 1 page and batch-zap-v4 on a small folio: the kernel never runs them.
    TEST_CASE("a small-folio split is refused without --what-if and marked in JSON and matrix rows with it") {
        RunRequest q = req(kCheckSplitExpected, kWriterZapV69, 1, MapcountDesign::per_page, std::nullopt);
        CHECK(validate_config(scenario_config(q, ReadOrder::ref_first)).find("add --what-if") != std::string::npos);
        q.what_if = true;
        CHECK(validate_config(scenario_config(q, ReadOrder::ref_first)).empty());
        const RunResult r = run_config(q);
        const nlohmann::json j = result_json(r);
        CHECK(j["what_if"] == true);
        CHECK(title_text(q).find("WHAT-IF") != std::string::npos);
        CHECK(matrix_text({j}).find("[what-if]") != std::string::npos);
        CHECK(matrix_markdown({j}).find("[what-if]") != std::string::npos);
    }
}

}  // namespace fc
