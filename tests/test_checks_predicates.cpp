// tests/test_checks_predicates.cpp: each check's predicate (CheckDef::sees_extra) on
// snapshots computed by hand, the registries, validate_config's impossible combinations,
// and the initial folio the canonical scenario builds.
#include <stdexcept>
#include <string>

#include <doctest/doctest.h>

#include "checks/check.hpp"
#include "checks/scenario.hpp"
#include "checks/writers/writer.hpp"
#include "model/folio.hpp"

using namespace fc;

namespace {

ScenarioConfig config(const CheckDef& c, const WriterDef& w, int pages, bool swapcache = false, bool pin = true) {
    ScenarioConfig cfg;
    cfg.check = &c;
    cfg.writer = &w;
    cfg.folio.pages = pages;
    cfg.order = ReadOrder::ref_first;
    cfg.pin = pin;
    cfg.swapcache = swapcache;
    return cfg;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_SUITE("checks/predicates") {
    // compaction: (folio_ref_count(folio) - 1) > folio_mapcount(folio); -1 is its own reference.
    TEST_CASE("compaction sees no extra reference at refcount 3, mapcount 2 and one at refcount 4, mapcount 2") {
        CHECK_FALSE(kCheckCompaction.sees_extra(3, 2, 2, false));  // 2 mappings + its own reference
        CHECK(kCheckCompaction.sees_extra(4, 2, 2, false));        // plus a pin: 3 > 2
        CHECK_FALSE(kCheckCompaction.sees_extra(2, 2, 2, false));  // mapcount ahead of refcount: 1 > 2 is false
        CHECK_FALSE(kCheckCompaction.sees_extra(2, 1, 1, false));
        CHECK(kCheckCompaction.sees_extra(3, 1, 1, false));
        CHECK(kCheckCompaction.sees_extra(18, 16, 16, false));
        CHECK_FALSE(kCheckCompaction.sees_extra(17, 16, 16, false));
    }

    // ksm: page_mapcount(page) + 1 + swapped != page_count(page).
    TEST_CASE("ksm sees an extra reference exactly when page_count differs from mapcount + 1 + swapped") {
        CHECK_FALSE(kCheckKsm.sees_extra(3, 2, 1, false));  // 2 + 1 == 3
        CHECK(kCheckKsm.sees_extra(4, 2, 1, false));        // a pin
        CHECK(kCheckKsm.sees_extra(2, 2, 1, false));        // != also catches a refcount below: "extra" too
    }

    TEST_CASE("ksm counts the swapcache as one reference") {
        CHECK_FALSE(kCheckKsm.sees_extra(4, 2, 1, true));  // 2 + 1 + 1 == 4
        CHECK(kCheckKsm.sees_extra(5, 2, 1, true));        // a pin on a swapcache page
        CHECK(kCheckKsm.sees_extra(3, 2, 1, true));        // 3 != 4
    }

    // khugepaged: is_refcount_suitable(): ref_count == mapcount [+ nr_pages if swapcache].
    TEST_CASE("khugepaged without swapcache sees an extra reference exactly when refcount differs from mapcount") {
        CHECK_FALSE(kCheckKhugepaged.sees_extra(4, 4, 2, false));
        CHECK(kCheckKhugepaged.sees_extra(5, 4, 2, false));
        CHECK(kCheckKhugepaged.sees_extra(3, 4, 2, false));
        CHECK_FALSE(kCheckKhugepaged.sees_extra(2, 2, 1, false));
    }

    TEST_CASE("khugepaged with swapcache and 2 pages expects 2 more references than mappings") {
        CHECK_FALSE(kCheckKhugepaged.sees_extra(6, 4, 2, true));  // 4 + 2
        CHECK(kCheckKhugepaged.sees_extra(7, 4, 2, true));        // a pin
        CHECK(kCheckKhugepaged.sees_extra(5, 4, 2, true));        // only one swapcache reference counted
        CHECK(kCheckKhugepaged.sees_extra(6, 4, 2, false));       // the same counts without swapcache: extra
        CHECK_FALSE(kCheckKhugepaged.sees_extra(3, 2, 1, true));  // 1 page: 2 + 1
    }

    // split: can_split_folio(): mapcount == ref_count - extra_pins - 1, extra_pins = nr_pages if swapcache.
    TEST_CASE("split sees no extra reference when mapcount equals refcount minus its own reference") {
        CHECK_FALSE(kCheckSplit.sees_extra(3, 2, 2, false));
        CHECK(kCheckSplit.sees_extra(4, 2, 2, false));
        CHECK(kCheckSplit.sees_extra(2, 2, 2, false));
    }

    TEST_CASE("split with swapcache subtracts one reference per page") {
        CHECK_FALSE(kCheckSplit.sees_extra(5, 2, 2, true));  // 2 == 5 - 2 - 1
        CHECK(kCheckSplit.sees_extra(6, 2, 2, true));
        CHECK(kCheckSplit.sees_extra(4, 2, 2, true));
        CHECK_FALSE(kCheckSplit.sees_extra(3, 1, 1, true));  // 1 == 3 - 1 - 1
    }

    TEST_CASE("the checks' own references, own-mm mappings and kernel read orders are those of the kernel code") {
        CHECK(kCheckKsm.own_refs == 1);
        CHECK(kCheckKsm.checker_mm_maps);
        CHECK(kCheckKsm.small_only);
        CHECK(kCheckKsm.clears_pte_first);
        CHECK(kCheckKsm.kernel_order == ReadOrder::either);
        CHECK(kCheckCompaction.own_refs == 1);
        CHECK_FALSE(kCheckCompaction.checker_mm_maps);
        CHECK(kCheckCompaction.swapcache_refusal != nullptr);
        CHECK(kCheckCompaction.kernel_order == ReadOrder::either);
        CHECK(kCheckKhugepaged.own_refs == 0);
        CHECK(kCheckKhugepaged.checker_mm_maps);
        CHECK(kCheckKhugepaged.kernel_order == ReadOrder::map_first);
        CHECK(kCheckSplit.own_refs == 1);
        CHECK_FALSE(kCheckSplit.checker_mm_maps);
        CHECK(kCheckSplit.kernel_order == ReadOrder::either);
        for (const CheckDef* c : {&kCheckKsm, &kCheckKhugepaged, &kCheckSplit}) CHECK(c->swapcache_refusal == nullptr);
        for (const CheckDef* c : {&kCheckCompaction, &kCheckKhugepaged, &kCheckSplit}) {
            CHECK_FALSE(c->small_only);
            CHECK_FALSE(c->clears_pte_first);
        }
    }

    TEST_CASE("cow-reuse reuses only when the large mapcount equals the refcount, swapcache or not") {
        // __wp_can_reuse_large_anon_folio(): 4 mappings and 4 references: exclusive; a fifth
        // reference (a pin) is extra. It frees the swapcache first and never adds it.
        CHECK_FALSE(kCheckCowReuse.sees_extra(4, 4, 4, false));
        CHECK(kCheckCowReuse.sees_extra(5, 4, 4, false));
        CHECK(kCheckCowReuse.sees_extra(3, 4, 4, false));
        CHECK_FALSE(kCheckCowReuse.sees_extra(4, 4, 4, true));
        CHECK(kCheckCowReuse.holds_folio_lock == false);
        CHECK(kCheckCowReuse.reads_under_mapcount_lock);
        CHECK(kCheckCowReuse.bails_if_mapped_shared);
    }

    TEST_CASE("reclaim-precheck sees no extra reference when the mapcount equals the refcount less the isolation one") {
        // shrink_folio_list(): folio_expected_ref_count() != folio_ref_count() - 1; 2 mappings,
        // the isolation reference: refcount 3 passes, 4 (a pin) is extra.
        CHECK_FALSE(kCheckReclaimPrecheck.sees_extra(3, 2, 2, false));
        CHECK(kCheckReclaimPrecheck.sees_extra(4, 2, 2, false));
        CHECK(kCheckReclaimPrecheck.own_refs == 1);
        CHECK(kCheckReclaimPrecheck.holds_folio_lock);
        CHECK(kCheckReclaimPrecheck.swapcache_refusal != nullptr);
    }

}  // TEST_SUITE("checks/predicates")

TEST_SUITE("checks/registry") {
    TEST_CASE(
        "all_checks lists ksm, compaction, khugepaged and split, then the newer forms, and find_check finds each by "
        "name") {
        const auto& checks = all_checks();
        REQUIRE(checks.size() == 9);
        CHECK(checks[0] == &kCheckKsm);
        CHECK(checks[1] == &kCheckCompaction);
        CHECK(checks[2] == &kCheckKhugepaged);
        CHECK(checks[3] == &kCheckSplit);
        CHECK(checks[4] == &kCheckKhugepagedExpected);
        CHECK(checks[5] == &kCheckSplitExpected);
        CHECK(checks[6] == &kCheckLazyfree);
        CHECK(checks[7] == &kCheckCowReuse);
        CHECK(checks[8] == &kCheckReclaimPrecheck);
        for (size_t i = 0; i < checks.size(); i++) CHECK(checks[i]->newer == (i >= 4));
        CHECK(find_check("cow-reuse") == &kCheckCowReuse);
        CHECK(find_check("reclaim-precheck") == &kCheckReclaimPrecheck);
        CHECK(find_check("lazyfree") == &kCheckLazyfree);
        CHECK(find_check("ksm") == &kCheckKsm);
        CHECK(find_check("compaction") == &kCheckCompaction);
        CHECK(find_check("khugepaged") == &kCheckKhugepaged);
        CHECK(find_check("split") == &kCheckSplit);
        CHECK(find_check("KSM") == nullptr);
        CHECK(find_check("") == nullptr);
    }

    TEST_CASE("find_writer finds every listed writer by its own name, and the writers the verdict tests use exist") {
        const auto& w = all_writers();
        REQUIRE(w.size() >= 7);
        for (size_t i = 0; i < w.size(); i++) {
            CAPTURE(w[i]->name);
            CHECK(find_writer(w[i]->name) == w[i]);
            for (size_t k = 0; k < i; k++) CHECK(std::string(w[k]->name) != w[i]->name);  // names are unique
        }
        CHECK(find_writer("zap-v6.5") == &kWriterZapV65);
        CHECK(find_writer("zap-v6.5-nogather") == &kWriterZapV65NoGather);
        CHECK(find_writer("batch-zap-v4") == &kWriterBatchZapV4);
        CHECK(find_writer("zap-v6.9") == &kWriterZapV69);
        CHECK(find_writer("fork-v6.5") == &kWriterForkV65);
        CHECK(find_writer("fork-v6.9") == &kWriterForkV69);
        CHECK(find_writer("gup-fast") == &kWriterGupFast);
        CHECK(find_writer("zap") == nullptr);
        CHECK(find_writer("") == nullptr);
        CHECK(kWriterGupFast.kind == WriterKind::pin);
        CHECK(kWriterForkV65.kind == WriterKind::map);
        CHECK(kWriterForkV69.kind == WriterKind::map);
        CHECK(kWriterZapV65.kind == WriterKind::unmap);
        CHECK(kWriterBatchZapV4.kind == WriterKind::unmap);
    }

    TEST_CASE("read order and reader barrier names round-trip and unknown names are rejected") {
        for (ReadOrder o : {ReadOrder::ref_first, ReadOrder::map_first, ReadOrder::either}) {
            ReadOrder back = o == ReadOrder::either ? ReadOrder::ref_first : ReadOrder::either;
            REQUIRE(parse_read_order(read_order_name(o), back));
            CHECK(back == o);
        }
        CHECK(std::string(read_order_name(ReadOrder::ref_first)) == "ref-first");
        CHECK(std::string(read_order_name(ReadOrder::map_first)) == "map-first");
        ReadOrder o = ReadOrder::either;
        CHECK_FALSE(parse_read_order("ref_first", o));
        CHECK(o == ReadOrder::either);
        ReaderBarrier b = ReaderBarrier::none;
        REQUIRE(parse_reader_barrier("rmb", b));
        CHECK(b == ReaderBarrier::rmb);
        REQUIRE(parse_reader_barrier("none", b));
        CHECK(b == ReaderBarrier::none);
        CHECK_FALSE(parse_reader_barrier("wmb", b));
        CHECK_FALSE(parse_reader_barrier("smp_rmb", b));
        CHECK(b == ReaderBarrier::none);  // untouched on failure
        CHECK(std::string(reader_barrier_name(ReaderBarrier::rmb)) == "rmb");
    }

}  // TEST_SUITE("checks/registry")

TEST_SUITE("checks/scenario") {
    TEST_CASE("validate_config accepts the ordinary combinations") {
        CHECK(validate_config(config(kCheckCompaction, kWriterZapV65, 1)) == "");
        CHECK(validate_config(config(kCheckCompaction, kWriterBatchZapV4, 16)) == "");
        CHECK(validate_config(config(kCheckKsm, kWriterGupFast, 1)) == "");
        CHECK(validate_config(config(kCheckKsm, kWriterZapV65, 1, true)) == "");
        CHECK(validate_config(config(kCheckKhugepaged, kWriterZapV65, 2, true)) == "");
        CHECK(validate_config(config(kCheckSplit, kWriterForkV65, 2, true, false)) == "");
    }

    TEST_CASE("validate_config rejects ksm with 2 pages and says to use --pages 1") {
        const std::string m = validate_config(config(kCheckKsm, kWriterZapV65, 2));
        CHECK(contains(m, "--check ksm"));
        CHECK(contains(m, "--pages 1"));
    }

    TEST_CASE("validate_config rejects compaction with swapcache and says to drop --swapcache") {
        const std::string m = validate_config(config(kCheckCompaction, kWriterZapV65, 1, true));
        CHECK(contains(m, "--swapcache with --check compaction"));
        CHECK(contains(m, "drop --swapcache"));
    }

    TEST_CASE("validate_config rejects gup-fast without the pin and says to drop --no-pin") {
        const std::string m = validate_config(config(kCheckKsm, kWriterGupFast, 1, false, false));
        CHECK(contains(m, "--no-pin with --writer gup-fast"));
        CHECK(contains(m, "drop --no-pin"));
    }

    TEST_CASE("validate_config rejects 0 and 513 pages and accepts 1, 16 and 512") {
        const std::string want = "--pages must be between 1 and 512";
        CHECK(validate_config(config(kCheckCompaction, kWriterZapV65, 0)) == want);
        CHECK(validate_config(config(kCheckCompaction, kWriterZapV65, 513)) == want);
        CHECK(validate_config(config(kCheckSplit, kWriterZapV65, 512)) == "");
        CHECK(validate_config(config(kCheckCompaction, kWriterZapV65, -1)) == want);
        CHECK(validate_config(config(kCheckCompaction, kWriterZapV65, 1)) == "");
        CHECK(validate_config(config(kCheckSplit, kWriterZapV65, 16)) == "");
        // split at 1 page: the kernel never splits a small folio: --what-if only.
        CHECK(contains(validate_config(config(kCheckSplit, kWriterZapV65, 1)), "add --what-if"));
        ScenarioConfig what_if = config(kCheckSplit, kWriterZapV65, 1);
        what_if.what_if = true;
        CHECK(validate_config(what_if) == "");
    }

    TEST_CASE("build_scenario throws invalid_argument for an impossible combination or an unresolved order") {
        BuiltScenario b1;
        CHECK_THROWS_AS(build_scenario(config(kCheckKsm, kWriterZapV65, 2), b1), std::invalid_argument);
        BuiltScenario b2;
        ScenarioConfig either = config(kCheckCompaction, kWriterZapV65, 1);
        either.order = ReadOrder::either;
        CHECK_THROWS_AS(build_scenario(either, b2), std::invalid_argument);
    }

    // Initial folio: refcount = pages * maps_per_page + pin + own_refs + (swapcache ? pages : 0),
    // maps_per_page = 1 + (the checker's own mm maps each page).
    TEST_CASE("the compaction scenario at 2 pages starts at refcount 4 and mapcount 2") {
        BuiltScenario b;
        build_scenario(config(kCheckCompaction, kWriterZapV65, 2), b);
        CHECK(b.true_refcount == 4);  // 2 mappings + pin + compaction's own
        CHECK(b.true_mapcount == 2);
        CHECK(b.engine.init.value[LOC_REFCOUNT] == 4);
        CHECK(b.engine.init.value[loc_mapcount(0)] == 0);
        CHECK(b.engine.init.value[loc_mapcount(1)] == 0);
        CHECK(b.engine.init.value[LOC_ENTIRE_MAPCOUNT] == -1);
        CHECK(b.engine.init.value[LOC_NR_PAGES_MAPPED] == 2);
        CHECK_FALSE(b.engine.init.used[LOC_LARGE_MAPCOUNT]);
        CHECK_FALSE(b.engine.init.used[loc_mapcount(2)]);
        CHECK(b.engine.cpus.size() == 2);
        CHECK(b.judge.reader_cpu == 1);
        CHECK(b.judge.pin);
        CHECK(b.judge.measure_spurious);
    }

    TEST_CASE("the khugepaged scenario at 1 page starts at refcount 3 and mapcount 2") {
        BuiltScenario b;
        build_scenario(config(kCheckKhugepaged, kWriterZapV65, 1), b);
        CHECK(b.true_refcount == 3);  // 2 mappings (writer's mm and khugepaged's) + pin, no own reference
        CHECK(b.true_mapcount == 2);
        CHECK(b.engine.init.value[loc_mapcount(0)] == 1);
        CHECK_FALSE(b.engine.init.used[LOC_ENTIRE_MAPCOUNT]);  // small folio
    }

    TEST_CASE("the ksm gup-fast scenario holds no pin in advance: refcount 3 and a present PTE") {
        BuiltScenario b;
        build_scenario(config(kCheckKsm, kWriterGupFast, 1), b);
        CHECK(b.true_refcount == 3);  // 2 mappings + KSM's own; GUP-fast's reference is the pin
        CHECK(b.true_mapcount == 2);
        CHECK(b.engine.init.value[loc_pte(0)] == 1);
        CHECK_FALSE(b.judge.pin);
        CHECK_FALSE(b.judge.measure_spurious);
        CHECK(b.judge.writer.kept >= 0);
        CHECK(b.judge.writer.grab_stamp >= 0);
    }

    TEST_CASE(
        "the split scenario with swapcache at 2 pages adds one reference per page, and the large design a "
        "_large_mapcount") {
        ScenarioConfig cfg = config(kCheckSplit, kWriterZapV69, 2, true);
        cfg.folio.design = MapcountDesign::large;
        BuiltScenario b;
        build_scenario(cfg, b);
        CHECK(b.true_refcount == 6);  // 2 mappings + pin + own + 2 swapcache
        CHECK(b.true_mapcount == 2);
        CHECK(b.engine.init.used[LOC_LARGE_MAPCOUNT]);
        CHECK(b.engine.init.value[LOC_LARGE_MAPCOUNT] == 1);  // -1 based: 2 mappings
    }

    TEST_CASE(
        "judge_snapshot flags a violation when the check misses the pin and counts spurious one reference lower") {
        BuiltScenario b;
        build_scenario(config(kCheckCompaction, kWriterZapV65, 1), b);
        int reader[kMaxRegs] = {};
        int writer[kMaxRegs] = {};
        const int* regs[2] = {writer, reader};
        // Read refcount 2, mapcount 1: (2 - 1) > 1 is false: the pin is missed.
        reader[b.judge.reg_refcount] = 2;
        reader[b.judge.reg_mapcount] = 1;
        Snapshot s = judge_snapshot(b.judge, regs);
        CHECK(s.refcount == 2);
        CHECK(s.mapcount == 1);
        CHECK_FALSE(s.sees_extra);
        CHECK(s.violation);
        CHECK_FALSE(s.spurious);
        // Read refcount 3, mapcount 0: extra seen; without the pin it would read 2: (2 - 1) > 0: spurious.
        reader[b.judge.reg_refcount] = 3;
        reader[b.judge.reg_mapcount] = 0;
        s = judge_snapshot(b.judge, regs);
        CHECK(s.sees_extra);
        CHECK_FALSE(s.violation);
        CHECK(s.spurious);
        // Read refcount 3, mapcount 1: the true state; without the pin 2 - 1 > 1 is false.
        reader[b.judge.reg_mapcount] = 1;
        s = judge_snapshot(b.judge, regs);
        CHECK(s.sees_extra);
        CHECK_FALSE(s.violation);
        CHECK_FALSE(s.spurious);
    }

}  // TEST_SUITE("checks/scenario")
