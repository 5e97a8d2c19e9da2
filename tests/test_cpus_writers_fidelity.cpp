// tests/test_cpus_writers_fidelity.cpp: three and four CPUs (--also), the fidelity
// fixes (compaction's own reference, ptep_clear_flush(), KSM's entry condition, ...), the PMD
// and COW writers and swapcache addition. Every verdict below is derived by hand in the
// comment above its test (R = _refcount, M = the mapcount the check computes).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "checks/kernels.hpp"
#include "harness/report/report.hpp"
#include "harness/search/matrix.hpp"
#include "harness/search/runner.hpp"
#include "harness/search/token.hpp"
#include "tests/configuration_support.hpp"

namespace fc {
using namespace configs;

TEST_SUITE("configurations/three-and-four-cpus") {
    // L15: GUP-fast pins while a zap and the check run. The writer's mm maps pages 0-1, GUP's
    // own mm maps page 0, no pin held in advance: R = 3 + 1 (compaction's own) = 4, M = 3.
    // GUP-fast: R 4 -> 5 (kept: nobody clears its PTE). zap-v6.9 of the writer's mm: M 3 -> 1,
    // then R -= 2. Map-first: M = 3 read before the zap, R = 3 read after the zap and GUP's
    // increment (so the check saw the pin): 3 - 1 > 3 is false, the pin is missed.
    // Ref-first: R = 5 (pin seen, no zap yet) then M <= 3: 4 > 3; R = 3 (zap done, M = 1):
    // 2 > 1: holds.
    TEST_CASE("compaction misses a GUP-fast pin it saw when a concurrent zap in another mm hides it (3 CPUs)") {
        RunRequest q = req(kCheckCompaction, kWriterZapV69, 2, MapcountDesign::large, ReadOrder::map_first);
        q.also = {ExtraWriter{&kWriterGupFast, PageRange{-1, -1}}};
        BuiltScenario b;
        build_scenario(scenario_config(q, ReadOrder::map_first), b);
        REQUIRE(b.engine.cpus.size() == 3);
        CHECK(b.engine.init.value[LOC_REFCOUNT] == 4);
        CHECK(b.engine.init.value[LOC_LARGE_MAPCOUNT] == 2);
        CHECK(b.judge.writer_cpu == 2);
        const RunResult& r = run_config(q);
        expect(r, Verdict::violation);
        CHECK(r.counterexample->snapshot.refcount == 3);
        CHECK(r.counterexample->snapshot.mapcount == 3);
        const ReplayToken t = decode_token(r.counterexample->replay_token, FOLIOCHECK_VERSION);
        REQUIRE(t.request.also.size() == 1);
        CHECK(t.request.also[0].writer == &kWriterGupFast);
        CHECK(replay_run(t.request, t.state, false).verdict == Verdict::violation);
        q.order = ReadOrder::ref_first;
        expect(run_config(q), Verdict::holds);
    }

    // Two zaps of different ranges in two mms: the writer's mm and the second writer's mm map
    // pages 0-1, and khugepaged's: R = 6 + 1 pin = 7, M = 6. CPU 0 zaps page 0, CPU 2 page 1
    // (each M - 1, then R - 1). Map-first: M = 6, then R = 6 after one zap: equal, missed.
    // (Also after both mapcount drops, M = 5, then R = 5 after both zaps: the misses are exactly
    // the snapshots with R == M, 6 or 5.) Ref-first: R is read when R = M + 1 and M only falls
    // afterwards: never equal, holds.
    TEST_CASE("two zaps of different ranges in two mms: khugepaged misses the pin map-first and holds ref-first") {
        RunRequest q = partial(req(kCheckKhugepaged, kWriterZapV69, 2, MapcountDesign::large, std::nullopt), 0, 0);
        q.also = {ExtraWriter{&kWriterZapV69, PageRange{1, 1}}};
        const RunResult& r = run_config(q);
        expect(r, Verdict::violation);
        const Snapshot& sn = r.counterexample->snapshot;
        CHECK(sn.refcount == sn.mapcount);
        CHECK((sn.mapcount == 6 || sn.mapcount == 5));
        q.order = ReadOrder::ref_first;
        expect(run_config(q), Verdict::holds);
    }

    // Fork while a zap runs, 1 page: the writer's mm, the zapping mm and khugepaged's map it:
    // R = 3 + 1 = 4, M = 3. fork-v6.9 (R + 1, then M + 1) and zap-v6.9 in the other mm (M - 1,
    // then R - 1). Map-first: M = 3 read first, then the zap completes: R = 3: missed; or M = 4
    // read after the fork, then the zap completes: R = 4: missed. Under
    // CONFIG_MM_ID the two mapcount updates of a large folio take the lock in turn; at 1 page
    // (small folio) there is none.
    TEST_CASE("fork while a zap runs in another mm: khugepaged misses the pin (3 CPUs)") {
        RunRequest q = req(kCheckKhugepaged, kWriterForkV69, 1, MapcountDesign::per_page, std::nullopt);
        q.also = {ExtraWriter{&kWriterZapV69, PageRange{-1, -1}}};
        BuiltScenario b;
        build_scenario(scenario_config(q, ReadOrder::map_first), b);
        CHECK(b.engine.init.value[LOC_REFCOUNT] == 4);
        const RunResult& r = run_config(q);
        expect(r, Verdict::violation);
        const Snapshot& sn = r.counterexample->snapshot;
        CHECK(sn.refcount == sn.mapcount);
        CHECK((sn.mapcount == 3 || sn.mapcount == 4));
    }

    // 4 CPUs: two partial zaps and GUP-fast. Writer's mm and second zap's mm map pages 0-1,
    // GUP's mm page 0: R = 5 + 1 (own) = 6, M = 5. Map-first: M = 5 first; then GUP (R 7),
    // zap of page 0 (M 4, R 6), zap of page 1 (M 3, R 5): R = 5, 4 > 5 false: the pin GUP
    // kept, and the check saw, is missed.
    TEST_CASE("four CPUs: two partial zaps and a GUP-fast pin against compaction, map-first, is a violation") {
        RunRequest q =
            partial(req(kCheckCompaction, kWriterZapV69, 2, MapcountDesign::large, ReadOrder::map_first), 0, 0);
        q.also = {ExtraWriter{&kWriterZapV69, PageRange{1, 1}}, ExtraWriter{&kWriterGupFast, PageRange{-1, -1}}};
        q.search.mode = SearchMode::reduced;
        q.search.stop_at_first_violation = true;
        BuiltScenario b;
        build_scenario(scenario_config(q, ReadOrder::map_first), b);
        REQUIRE(b.engine.cpus.size() == 4);
        CHECK(b.engine.init.value[LOC_REFCOUNT] == 6);
        const RunResult r = run_config(q);
        CHECK(r.verdict == Verdict::violation);
    }

    TEST_CASE("a third further writer, a second GUP-fast and --pins with GUP-fast are refused in one line") {
        RunRequest q = req(kCheckCompaction, kWriterZapV69, 2, MapcountDesign::large, std::nullopt);
        q.also = {ExtraWriter{&kWriterGupFast, {-1, -1}}, ExtraWriter{&kWriterGupFast, {-1, -1}}};
        CHECK(validate_config(scenario_config(q, ReadOrder::ref_first)) ==
              "only one GUP-fast writer per scenario (its reference is the pin)");
        q.also = {ExtraWriter{&kWriterZapV69, {-1, -1}}, ExtraWriter{&kWriterZapV69, {-1, -1}},
                  ExtraWriter{&kWriterZapV69, {-1, -1}}};
        CHECK(validate_config(scenario_config(q, ReadOrder::ref_first)) ==
              "--also takes at most 2 further writers (4 CPUs)");
        q.also = {ExtraWriter{&kWriterGupFast, {-1, -1}}};
        q.pins = 2;
        CHECK(validate_config(scenario_config(q, ReadOrder::ref_first)).find("--pins with a gup-fast writer") == 0);
    }
}

TEST_SUITE("configurations/fidelity") {
    // compaction's folio_get_nontail_page() runs on the checker's CPU right before its reads.
    // Under sc the reads come after it in program order, so every value they can return is
    // the folded scenario's: the same verdicts (zap-v6.5, 2 pages: ref-first holds, map-first
    // misses: M = 2 (or 1, mid-zap) read first, then R = 2 after the zap: 1 > M false). The
    // initial refcount
    // is one lower and the reader CPU has one more (fully ordered) RMW.
    TEST_CASE("compaction's own reference modelled before its reads gives the folded verdicts under sc") {
        RunRequest q = req(kCheckCompaction, kWriterZapV65, 2, MapcountDesign::per_page, ReadOrder::ref_first);
        q.own_ref_taken = true;
        BuiltScenario b;
        build_scenario(scenario_config(q, ReadOrder::ref_first), b);
        CHECK(b.engine.init.value[LOC_REFCOUNT] == 3);
        REQUIRE(!b.engine.cpus[1].code.empty());
        const Insn* first = nullptr;
        for (const Insn& in : b.engine.cpus[1].code)
            if (in.op == Op::prim && prim_info(in.prim).kind != PrimKind::fence) {
                first = &in;
                break;
            }
        REQUIRE(first != nullptr);
        CHECK(first->prim == Prim::atomic_add_unless);
        expect(run_config(q), Verdict::holds);
        q.order = ReadOrder::map_first;
        const RunResult& r = run_config(q);
        expect(r, Verdict::violation);
        CHECK(r.counterexample->snapshot.refcount == 2);
        CHECK((r.counterexample->snapshot.mapcount == 1 || r.counterexample->snapshot.mapcount == 2));
    }
}

TEST_SUITE("configurations/pmd-and-cow") {
    // The writer's mm maps a 2-page folio with one PMD; compaction has no mm of its own:
    // R = 1 (PMD) + 1 (pin) + 1 (own) = 3, M = _large_mapcount + 1 = 1, _entire_mapcount 0.
    // zap_huge_pmd(): folio_remove_rmap_pmd() (M 1 -> 0; with CONFIG_PAGE_MAPCOUNT the large
    // mapcount first, then _entire_mapcount -1, then ENTIRELY_MAPPED off _nr_pages_mapped),
    // then the reference at the flush (R 3 -> 2). Ref-first: R = 3 then M <= 1 (2 > 1), or
    // R = 2 then M = 0 (1 > 0): holds. Map-first: M = 1 then R = 2: 1 > 1 false: violation.
    TEST_CASE(
        "a PMD zap lowers _entire_mapcount and _large_mapcount before the reference: compaction misses "
        "the pin map-first only") {
        RunRequest q = req(kCheckCompaction, kWriterZapPmd, 2, MapcountDesign::mm_id, ReadOrder::ref_first);
        BuiltScenario b;
        build_scenario(scenario_config(q, ReadOrder::ref_first), b);
        CHECK(b.engine.init.value[LOC_REFCOUNT] == 3);
        CHECK(b.engine.init.value[LOC_ENTIRE_MAPCOUNT] == 0);
        CHECK(b.engine.init.value[LOC_LARGE_MAPCOUNT] == 0);
        CHECK(b.engine.init.value[LOC_NR_PAGES_MAPPED] == kEntirelyMapped);
        const std::vector<std::string> prims = writer_prims(q);
        REQUIRE(prims.size() >= 3);
        CHECK(prims[0] == "spin_lock");  // folio_dec_large_mapcount() first (MM_ID)
        CHECK(std::find(prims.begin(), prims.end(), "atomic_add_negative folio->_entire_mapcount") != prims.end());
        CHECK(prims.back() == "atomic_dec_and_test folio->_refcount");
        expect(run_config(q), Verdict::holds);
        q.order = ReadOrder::map_first;
        const RunResult& r = run_config(q);
        expect(r, Verdict::violation);
        CHECK(r.counterexample->snapshot.refcount == 2);
        CHECK(r.counterexample->snapshot.mapcount == 1);
        q.range = PageRange{0, 0};
        CHECK(validate_config(scenario_config(q, ReadOrder::ref_first)).find("a PMD maps the whole folio") !=
              std::string::npos);
    }

    // cow (wp_page_copy) of page 0 of a small folio against KSM: KSM's mm and the writer's
    // mm map it: R = 2 + 1 (pin) + 1 (KSM's) = 4, M = 2; cow: M 2 -> 1, then R 4 -> 3.
    // Map-first: M = 2 then R = 3: 2 + 1 == 3: "no I/O in progress", missed. Ref-first holds.
    TEST_CASE("a COW of the page in another mm is an unmap for KSM: map-first misses the pin, ref-first holds") {
        RunRequest q = req(kCheckKsm, kWriterCow, 1, MapcountDesign::per_page, ReadOrder::map_first);
        expect(run_config(q), Verdict::violation);
        q.order = ReadOrder::ref_first;
        expect(run_config(q), Verdict::holds);
    }
}

TEST_SUITE("configurations/swapcache-add") {
    // Reclaim adds the folio to the swapcache during khugepaged's scan: folio_ref_add(1)
    // (R 3 -> 4), then folio_set_swapcache(); both unordered. khugepaged's and the writer's
    // mms map the page: R = 2 + 1 (pin) = 3, M = 2. is_refcount_suitable() reads M, then the
    // flag, then R. sc: flag 1 implies the reference was added before (R = 4 != 2 + 1); flag
    // 0: R in {3, 4} != 2: holds. lkmm: the flag's store may be seen before the reference's
    // add: flag 1, R = 3 == 2 + 1: missed.
    TEST_CASE("swapcache addition during khugepaged's scan: is_refcount_suitable() holds under sc, misses under c11") {
        RunRequest q = req(kCheckKhugepaged, kWriterSwapcacheAdd, 1, MapcountDesign::per_page, std::nullopt);
        expect(run_config(q), Verdict::holds);
        q.memory = Memory::c11;
        const RunResult& r = run_config(q);
        expect(r, Verdict::violation);
        CHECK(r.counterexample->snapshot.swapcache);
        CHECK(r.counterexample->snapshot.refcount == 3);
        CHECK(r.counterexample->expected_refcount == 3);
    }

    // folio_expected_ref_count() reads the flag right before the mapcount, and the != leaves
    // R's read either side. Ref-first under sc: R = 3 read before the addition, then the flag
    // (1) and M = 2: 3 == 2 + 1: missed, with no weak memory at all.
    TEST_CASE("swapcache addition: khugepaged-expected misses the pin under sc with the refcount read first") {
        RunRequest q =
            req(kCheckKhugepagedExpected, kWriterSwapcacheAdd, 1, MapcountDesign::per_page, ReadOrder::ref_first);
        const RunResult& r = run_config(q);
        expect(r, Verdict::violation);
        CHECK(r.counterexample->snapshot.swapcache);
        CHECK(r.counterexample->snapshot.refcount == 3);
        q.order = ReadOrder::map_first;
        expect(run_config(q), Verdict::holds);
    }

    TEST_CASE("swapcache addition is refused against checks that hold the folio lock, and with --swapcache") {
        RunRequest q = req(kCheckKsm, kWriterSwapcacheAdd, 1, MapcountDesign::per_page, std::nullopt);
        CHECK(validate_config(scenario_config(q, ReadOrder::ref_first)).find("holds the folio lock") !=
              std::string::npos);
        q = req(kCheckKhugepaged, kWriterSwapcacheAdd, 1, MapcountDesign::per_page, std::nullopt);
        q.swapcache = true;
        CHECK(validate_config(scenario_config(q, ReadOrder::ref_first)).find("drop --swapcache") != std::string::npos);
    }
}

}  // namespace fc
