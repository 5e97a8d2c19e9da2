// tests/test_answers.cpp: answers an mm developer can act on, through the real
// binary: --expect and exit codes on every sweep command, compare per reader order with its
// summary, fixes against every writer the check's locks allow, counterexamples at the weakest
// cause, vacuous and what-if rows, release tables. Verdicts asserted here are derived by hand
// in the comments (kernel order of updates, the numbers of the scenario), not read off the tool.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "checks/kernels.hpp"
#include "cli_support.hpp"

namespace {

using fc::test::Result;
using fc::test::run;

std::string temp_file() { return fc::test::temp_name("answers"); }

nlohmann::json run_json(const std::string& args) {
    const Result r = run(args);
    INFO(args << "\n" << r.err);
    const nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

bool contains(const std::string& s, const std::string& p) { return s.find(p) != std::string::npos; }

size_t lines(const std::string& s) {
    size_t n = 0;
    for (char c : s) n += c == '\n';
    return n;
}

// Exit codes of one command under no --expect, --expect holds, --expect violation, and a bad
// --expect value (usage error: one line, exit 2).
void check_expect(const std::string& cmd, int holds_code, int violation_code) {
    CAPTURE(cmd);
    CHECK(run(cmd).code == 0);  // a report
    CHECK(run(cmd + " --expect holds").code == holds_code);
    CHECK(run(cmd + " --expect violation").code == violation_code);
    const Result bad = run(cmd + " --expect maybe");
    CHECK(bad.code == 2);
    CHECK(lines(bad.err) == 1);
    CHECK(contains(bad.err, "unknown --expect 'maybe'; valid: holds, violation"));
}

// Unmap lowers the mapcount, then the refcount; a check reading the refcount first sees a
// refcount at least as high as any mapcount it reads later: it holds under sc.
const std::string kHoldsMatrix =
    "matrix --checks compaction --writers zap-v6.5 --pages 2 --reader-orders ref-first --memory sc --jobs 1";
// batch-zap-v4 drops references before the mappings (Aug 2023 v4): at 2 pages the refcount
// falls below mappings + pin while a mapping is still counted: violation under sc.
const std::string kFailsMatrix =
    "matrix --checks compaction --writers batch-zap-v4 --pages 2 --reader-orders ref-first --memory sc --jobs 1";

}  // namespace

TEST_SUITE("harness/answers") {
    TEST_CASE("matrix: --expect holds|violation exits 0 when met, 1 when contradicted, 4 when not exhaustive") {
        check_expect(kHoldsMatrix, 0, 1);
        check_expect(kFailsMatrix, 1, 0);
        // One execution of a holding configuration: no violation, not exhaustive.
        CHECK(run(kHoldsMatrix + " --max-executions 1 --expect holds").code == 4);
        CHECK(run(kHoldsMatrix + " --max-executions 1 --expect violation").code == 4);
    }

    TEST_CASE("merge: --expect takes the same values and gives the same exit codes as matrix") {
        const std::string holds = temp_file(), fails = temp_file(), cut = temp_file();
        REQUIRE(std::system((std::string(FOLIOCHECK_BIN) + " " + kHoldsMatrix + " --json >" + holds).c_str()) == 0);
        REQUIRE(std::system((std::string(FOLIOCHECK_BIN) + " " + kFailsMatrix + " --json >" + fails).c_str()) == 0);
        REQUIRE(std::system((std::string(FOLIOCHECK_BIN) + " " + kHoldsMatrix + " --max-executions 1 --json >" + cut)
                                .c_str()) == 0);
        check_expect("merge " + holds, 0, 1);
        check_expect("merge " + holds + " " + fails, 1, 0);
        CHECK(run("merge " + cut + " --expect holds").code == 4);
        CHECK(run("merge " + holds + " --expect=violation").code == 1);
        std::remove(holds.c_str());
        std::remove(fails.c_str());
        std::remove(cut.c_str());
    }

    TEST_CASE("validate, compare, fixes and release: --expect and exit codes") {
        // Every proposal races fork (refcount up, then mapcount up) against a refcount-first
        // reader: a violation under sc at 1 page.
        check_expect("validate --proposal two-loop --pages 1 --memory sc --jobs 1", 1, 0);
        check_expect("compare batch-zap-v4 two-loop --pages 1 --memory sc --jobs 1", 1, 0);
        check_expect("fixes --check compaction --writer fork-v6.5 --pages 1 --jobs 1", 1, 0);
        check_expect("release --kernel v6.10 --pages 1 --memory sc --no-fixes --jobs 1", 1, 0);
        // KSM against GUP-fast is a store-buffering shape with full barriers on both sides: it
        // holds under sc; fixes judges it against every writer KSM's locks allow, so only the
        // configuration as given decides --expect.
        const Result r = run("fixes --check ksm --writer gup-fast --jobs 1 --max-executions 1 --expect violation");
        CHECK(r.code == 4);  // one execution per configuration: nothing confirmed
    }

    TEST_CASE(
        "compare batch-zap-v4 two-loop shows the refcount-first difference at 2-3 pages and says so in one line") {
        const nlohmann::json j = run_json("compare batch-zap-v4 two-loop --memory sc --json");
        // By hand: v4 drops references before mappings (breaks refcount-first from 2 pages on);
        // the two-loop zap drops mappings first (refcount-first holds against it under sc). KSM
        // only has 1 page; khugepaged reads mapcount first in the kernel; fork and GUP-fast are
        // the same in both proposals.
        std::vector<std::string> diffs;
        for (const auto& r : j["rows"])
            if (r["differs"].get<bool>())
                diffs.push_back(r["check"].get<std::string>() + "/" + std::to_string(r["pages"].get<int>()) + "/" +
                                r["reader_order"].get<std::string>() + "/" + r["writer_kind"].get<std::string>());
        CHECK(diffs == std::vector<std::string>{"compaction/2/ref-first/unmap", "compaction/3/ref-first/unmap",
                                                "split/2/ref-first/unmap", "split/3/ref-first/unmap"});
        CHECK(j["differences"] == 4);
        CHECK(j["rows"][0]["differs"] == true);  // differences first
        const std::string s = j["summary"];
        CHECK(contains(s, "two-loop fixes refcount-first readers against unmap writers at >= 2 pages"));
        CHECK(contains(s, "neither fixes mapcount-first readers"));
        // --reader-order narrows to one order.
        const nlohmann::json m = run_json("compare batch-zap-v4 two-loop --memory sc --reader-order map-first --json");
        CHECK(m["differences"] == 0);
        CHECK(m["summary"] == "neither fixes mapcount-first readers");
    }

    TEST_CASE(
        "fixes for khugepaged under c11: no set holds against every unmap and fork writer, and it says which "
        "writer breaks the closest one") {
        // By hand, at 1 page under sc already: refcount-first fails against fork (refcount up
        // before mapcount up), mapcount-first against zap (mapcount down before refcount down);
        // no catalogue fix changes fork's or zap-v6.5's order (writer-mapcount-first only rewrites
        // batch-zap-v4, large-mapcount needs 2 pages, barriers cannot forbid an interleaving).
        const Result r = run("fixes --check khugepaged --memory c11 --pages 1 --jobs 2");
        CHECK(r.code == 0);
        CHECK(contains(r.out,
                       "zap-v6.5, zap-v6.5-nogather, batch-zap-v4, batch-zap-two-loop, zap-v6.9, fork-v6.5, "
                       "fork-v6.9, gup-fast"));
        CHECK(contains(r.out, "none of the catalogue's sets holds against every writer."));
        CHECK(contains(r.out, "the closest set, reader-ref-first + reader-rmb, breaks against fork-v6.5 at 1 page"));
        CHECK(contains(r.out, "cause: fails already under sc: no barrier can fix this ordering"));
    }

    TEST_CASE(
        "fixes --writer zap-v6.5 for khugepaged under c11: refcount-first + smp_rmb holds against zap but fork "
        "breaks it, and the counterexample shown is fork's") {
        const Result r = run("fixes --check khugepaged --writer zap-v6.5 --memory c11 --pages 1-2 --jobs 2");
        CHECK(contains(r.out,
                       "the smallest set that holds against zap-v6.5, reader-ref-first + reader-rmb, breaks "
                       "against batch-zap-v4 at 2 pages, fork-v6.5 at 1 page, fork-v6.9 at 1 page."));
        CHECK(contains(r.out, "shown: fork-v6.5 at 1 page"));
        CHECK(contains(r.out, "CPU 0: fork-v6.5"));
    }

    TEST_CASE(
        "fixes for compaction against batch-zap-v4 at 2 pages, refcount first: the two-loop order holds "
        "against v4, and fork breaks it") {
        // v4 drops references before mappings; writer-mapcount-first turns it into the two-loop
        // zap, which a refcount-first reader survives under sc. Fork raises the refcount before
        // the mapcount, which breaks a refcount-first reader under sc whatever the zap does.
        const Result r =
            run("fixes --check compaction --writer batch-zap-v4 --pages 2 --reader-order ref-first --jobs 2");
        CHECK(contains(r.out,
                       "the smallest set that holds against batch-zap-v4, writer-mapcount-first, breaks against "
                       "fork-v6.5 at 2 pages, fork-v6.9 at 2 pages."));
        CHECK(contains(r.out, "none of the catalogue's sets holds against every writer."));
    }

    TEST_CASE(
        "fixes searches beyond pairs: mapcount-first + smp_rmb + writer smp_mb holds against fork-v6.9 under "
        "lkmm") {
        // Fork's two RMWs are unordered (atomic_inc, atomic_inc): under c11 another CPU may see
        // the mapping before the reference; only a writer-side barrier orders them, and the
        // reader then needs mapcount first (sc) and smp_rmb() (lkmm): three fixes.
        const nlohmann::json j = run_json("fixes --check compaction --writer fork-v6.9 --memory c11 --pages 1 --json");
        bool found = false;
        for (const auto& s : j["sets"]) {
            if (s["fixes"] != nlohmann::json{"reader-map-first", "reader-rmb", "writer-mb"}) continue;
            found = true;
            for (const auto& b : s["breaks"]) CHECK(b["writer"] != "fork-v6.9");
            CHECK(s["breaks"].size() > 0);  // but zap (mapcount down first) breaks a mapcount-first reader
        }
        CHECK(found);
        CHECK(j["largest_set_tried"].get<int>() >= 3);
        for (const auto& s : j["sets"])
            if (s["fixes"].size() == 2) CHECK(s["breaks"].size() > 0);  // no pair holds against fork and zap
    }

    TEST_CASE(
        "compaction vs fork-v6.5, lkmm, refcount first: the counterexample has no stale read and says it fails "
        "under sc, in text, JSON and replay") {
        const std::string cfg = "run --check compaction --writer fork-v6.5 --memory c11 --reader-order ref-first";
        const nlohmann::json j = run_json(cfg + " --json");
        REQUIRE(j["verdict"] == "violation");
        const auto& cx = j["counterexample"];
        CHECK(cx["stale_reads"] == false);
        CHECK(cx["fails_under_sc"] == true);
        CHECK(contains(cx["cause"].get<std::string>(), "fails already under sc: no barrier can fix this ordering"));
        for (const auto& s : cx["steps"])
            if (s.contains("stale")) CHECK(s["stale"] == false);
        const Result text = run(cfg);
        CHECK(text.code == 1);
        CHECK(contains(text.out, "cause: fails already under sc: no barrier can fix this ordering"));
        CHECK_FALSE(contains(text.out, "STALE"));
        const Result replay = run("replay " + cx["replay_token"].get<std::string>());
        CHECK(contains(replay.out, "cause: fails already under sc: no barrier can fix this ordering"));
        CHECK_FALSE(contains(replay.out, "STALE"));
        const nlohmann::json rj = run_json("replay " + cx["replay_token"].get<std::string>() + " --json");
        CHECK(rj["counterexample"]["stale_reads"] == false);
    }

    TEST_CASE("a stale-read counterexample is shown only when no interleaving violates") {
        // zap-v6.5 drops the mapping before the reference: refcount-first holds under sc, so the
        // lkmm violation needs a stale read.
        const std::string cfg = "run --check compaction --writer zap-v6.5 --memory c11 --reader-order ref-first";
        CHECK(run("run --check compaction --writer zap-v6.5 --memory sc --reader-order ref-first").code == 0);
        const nlohmann::json j = run_json(cfg + " --json");
        REQUIRE(j["verdict"] == "violation");
        CHECK(j["counterexample"]["stale_reads"] == true);
        CHECK(j["counterexample"]["fails_under_sc"] == false);
        CHECK(contains(j["counterexample"]["cause"].get<std::string>(), "needs weak memory"));
    }

    TEST_CASE("the verdict line of a hold says why, with and without the pin") {
        const Result pinned = run("run --check compaction --writer zap-v6.5 --pages 2 --reader-order ref-first");
        CHECK(contains(
            pinned.out,
            "\nverdict: holds: no execution lets the check miss the pin, for every pin count 1..2\nexplored:"));
        const Result fixed =
            run("run --check compaction --writer zap-v6.5 --pages 2 --reader-order ref-first --pins 2");
        CHECK(
            contains(fixed.out, "\nverdict: holds: no execution lets the check miss the pin, with 2 pins (--pins)\n"));
        const Result pinless = run("run --check compaction --writer zap-v6.5 --no-pin");
        CHECK(contains(pinless.out, "verdict: holds: trivially, there is no pin to miss"));
        const Result vacuous = run("run --check compaction --writer gup-fast");
        CHECK(contains(vacuous.out,
                       "verdict: holds: no execution lets the check miss the pin, with GUP-fast's one reference as the "
                       "pin\n  (vacuous: "));
    }

    TEST_CASE("a hold the numbers force is marked vacuous under every mapcount design, a real hold is not") {
        // 2 pages, mapped by the zapping mm and khugepaged's mm: 4 mappings, refcount 4 + pin = 5.
        // zap-v6.9 with a single large mapcount (large, mm-id and no-page-mapcount all read
        // _large_mapcount) moves both counters by 2 at once: refcount {5, 3}, mapcount {4, 2};
        // is_refcount_suitable() needs refcount == mapcount: never, with one pin.
        for (const char* design : {"large", "mm-id", "no-page-mapcount"}) {
            CAPTURE(design);
            const std::string cfg = std::string("run --check khugepaged --writer zap-v6.9 --pages 2 --mapcount ") +
                                    design + " --reader-order ref-first --json";
            const nlohmann::json v = run_json(cfg + " --pins 1");
            CHECK(v["verdict"] == "holds");
            REQUIRE(v["vacuous"].is_string());
            CHECK(contains(v["vacuous"].get<std::string>(), "no refcount in {3, 5} with any mapcount in {2, 4}"));
            // With two pins the refcount takes {6, 4}: 4 meets the mapcount 4, so the hold for
            // every pin count rests on the read order (ref-first) and is not vacuous.
            const nlohmann::json every = run_json(cfg);
            CHECK(every["verdict"] == "holds");
            CHECK(every["pins"] == nlohmann::json::array({1, 2}));
            CHECK(every["vacuous"].is_null());
        }
        // Per page, v6.5: the mapcount passes through 3 while the refcount does too: the hold
        // depends on the read order (map-first fails), so it is not vacuous.
        const nlohmann::json real =
            run_json("run --check khugepaged --writer zap-v6.5 --pages 2 --reader-order ref-first --json");
        CHECK(real["verdict"] == "holds");
        CHECK(real["vacuous"].is_null());
    }

    TEST_CASE("validate marks what-if rows and vacuous holds, one row per reader order") {
        const nlohmann::json j = run_json("validate --proposal batch-zap-v4 --pages 1 --memory sc --json");
        bool ksm_v4 = false, ksm_fork = false, vacuous_gup = false;
        for (const auto& r : j["rows"]) {
            CHECK(r["reader_order"] != "either");
            if (r["check"] == "ksm" && r["writer"] == "batch-zap-v4") {
                ksm_v4 = true;  // batched zaps only ever handle large folios; KSM only small pages
                CHECK(r["what_if"].is_string());
                CHECK(r["note"] == "what-if");
            }
            if (r["check"] == "ksm" && r["writer"] == "fork-v6.5") {
                ksm_fork = true;
                CHECK(r["what_if"].is_null());
            }
            if (r["check"] == "split") CHECK(r["what_if"].is_string());  // 1-page split
            // The v4 patch batched large folios only: a 1-page batch zap is a what-if row for
            // every check (refused without --what-if).
            if (r["writer"] == "batch-zap-v4") CHECK(r["what_if"].is_string());
            // Compaction against GUP-fast: the mapcount never changes and a refcount that
            // includes GUP's reference always shows it.
            if (r["check"] == "compaction" && r["writer"] == "gup-fast") {
                vacuous_gup = true;
                CHECK(r["note"] == "vacuous");
            }
        }
        CHECK(ksm_v4);
        CHECK(ksm_fork);
        CHECK(vacuous_gup);
    }

    TEST_CASE("release --kernel judges each check against the paths that release runs and its locks allow") {
        const nlohmann::json j = run_json("release --kernel v6.10 --pages 1-2 --memory sc --no-fixes --json");
        CHECK(j["kernel"] == "v6.10");
        // v6.10's paths (its row of checks/kernels.cpp, not a copy); the folio lock of KSM and
        // split excludes reclaim's and migration's unmap and the swapcache addition
        // (checks/concurrency.cpp).
        std::set<std::string> v610;
        for (const fc::WriterDef* w : fc::find_kernel("v6.10")->writers) v610.insert(w->name);
        CHECK(v610.count("try-to-migrate") == 1);
        std::set<std::string> judged;
        for (const auto& r : j["results"]) {
            const std::string w = r["writer"];
            judged.insert(w);
            CHECK(v610.count(w) == 1);
            CHECK(r["mapcount"] == "large");
            if (r["check"] == "ksm") CHECK(r["pages"] == 1);
            if (r["check"] == "ksm" || r["check"] == "split")
                CHECK((w != "try-to-unmap-v6.10" && w != "try-to-migrate" && w != "swapcache-add"));
        }
        CHECK(judged == v610);  // every path of the release races some check
        CHECK(contains(j["verdict"].get<std::string>(), "is v6.10 safe? no:"));
        const Result bad = run("release --kernel v9.9");
        CHECK(bad.code == 2);
        CHECK(contains(bad.err, "unknown --kernel 'v9.9'; valid: v6.5, v6.10, v6.15, v6.17, current"));
    }

    TEST_CASE("release names the fix for a failing row") {
        // v6.5 khugepaged (mapcount first) against zap: the fix is to read the refcount first,
        // with smp_rmb() under c11 (the unmap side is ordered by its fully ordered RMWs).
        const Result r = run("release --kernel v6.5 --pages 1 --memory sc,c11 --jobs 2");
        CHECK(contains(r.out,
                       "khugepaged  zap-v6.5           1      map-first  violation  violation  sc: interleaving "
                       "bug  reader-ref-first + reader-rmb (c11)"));
    }
}

TEST_SUITE("harness/pins") {
    // The reviewer's question of the 2026 batched try_to_unmap(): khugepaged-expected
    // (folio_expected_ref_count() != folio_ref_count()) against finish_folio_unmap()'s one
    // folio_remove_rmap_ptes(4) and one folio_put_refs(4), CONFIG_MM_ID, 4 pages. Both mms map
    // every page: mapcount 8, refcount 8 + K pins. Mapcount read first (8), the writer drops
    // 4 mappings then 4 references, refcount read after (4 + K): 8 == 4 + K only at K = 4.
    const std::string kBatched =
        "run --check khugepaged-expected --writer try-to-unmap-batched --kernel current --pages 4";

    TEST_CASE("by default the batched unmap is a violation whose counterexample holds one pin per page") {
        const Result text = run(kBatched);
        CHECK(text.code == 1);
        CHECK(contains(text.out, "while a pin is held, with 4 pins of the counts 1-4 explored"));
        CHECK(contains(text.out, "counterexample (reader map-first, 1 preemption, 4 pins held):"));
        CHECK(contains(text.out, "the check saw refcount 8, mapcount 8;"));
        const nlohmann::json j = run_json(kBatched + " --json");
        CHECK(j["verdict"] == "violation");
        CHECK(j["pins"] == nlohmann::json::array({1, 2, 3, 4}));
        CHECK(j["pins_how"] == "derived");
        CHECK(j["counterexample"]["pins"] == 4);
        CHECK(j["counterexample"]["snapshot"]["refcount"] == 8);
        // The token replays the execution with its 4 pins.
        const nlohmann::json replay =
            run_json("replay " + j["counterexample"]["replay_token"].get<std::string>() + " --json");
        CHECK(replay["verdict"] == "violation");
        CHECK(replay["pins"] == nlohmann::json::array({4}));
        CHECK(replay["counterexample"]["pins"] == 4);
        CHECK(replay["counterexample"]["snapshot"]["refcount"] == 8);
    }

    TEST_CASE("the batched unmap holds with one, two or three pins, and the text names the count") {
        for (int k : {1, 2, 3}) {
            CAPTURE(k);
            const Result r = run(kBatched + " --pins " + std::to_string(k));
            CHECK(r.code == 0);
            CHECK(contains(r.out, "verdict: holds: no execution lets the check miss the pin, with " +
                                      std::to_string(k) + (k == 1 ? " pin" : " pins") + " (--pins)\n"));
        }
    }

    TEST_CASE("a holding configuration says it holds for every pin count, in text and JSON") {
        // khugepaged (refcount == mapcount) against zap-v6.9 with one large mapcount, 4 pages,
        // refcount read first: 4 mappings go (mapcount 8 -> 4), then 4 references (8 + K ->
        // 4 + K). A refcount of 8 + K read before the drop meets a mapcount of at most 8; one of
        // 4 + K read after it meets a mapcount already 4. Never equal for any K >= 1.
        const std::string zap =
            "run --check khugepaged --writer zap-v6.9 --pages 4 --mapcount large --reader-order "
            "ref-first";
        const Result r = run(zap);
        INFO(r.out);
        CHECK(r.code == 0);
        CHECK(contains(r.out, "verdict: holds: no execution lets the check miss the pin, for every pin count 1..4\n"));
        CHECK(contains(r.out, "pin counts 1-4 from this one search"));
        const nlohmann::json j = run_json(zap + " --json");
        CHECK(j["verdict"] == "holds");
        CHECK(j["pins"] == nlohmann::json::array({1, 2, 3, 4}));
        CHECK(j["pins_how"] == "derived");
        for (int k = 1; k <= 4; k++) CHECK(run(zap + " --pins " + std::to_string(k)).code == 0);
    }

    TEST_CASE("--pins takes 0 up to the folio's pages and refuses more in one line") {
        const Result five = run(kBatched + " --pins 5");
        CHECK(five.code == 2);
        CHECK(five.err ==
              "foliocheck: --pins 5 is more than the folio's 4 pages: give 0..4 (one pin per page at most; 0 = "
              "no pin)\n");
        CHECK(run("run --check khugepaged-expected --writer try-to-unmap-batched --kernel current --pages 8 --pins 8")
                  .code == 1);
        const nlohmann::json none = run_json(kBatched + " --pins 0 --json");
        CHECK(none["pin"] == false);
        CHECK(none["pins"] == nlohmann::json::array());
    }

    TEST_CASE("GUP-fast keeps its one pin: no pin counts to explore, and --pins other than 1 is refused") {
        const nlohmann::json j = run_json("run --check compaction --writer gup-fast --pages 2 --json");
        CHECK(j["pins"] == nlohmann::json::array({1}));
        CHECK(j["pins_how"].is_null());
        CHECK(run("run --check compaction --writer gup-fast --pages 2 --pins 2").code == 2);
    }

    TEST_CASE("a writer that reads the refcount gets one search per pin count, with the same answer") {
        // The writer file branches on the refcount it reads: the pin count is observed, so
        // the counts cannot be judged from one search. Otherwise it is zap-v6.9: khugepaged
        // with one large mapcount misses two pins (mapcount 4 read first, refcount 6 - 2 after).
        const std::string file = temp_file() + ".litmus";
        std::ofstream(file) << "C zap-reads-refcount\n\"a zap that reads the refcount\"\n\n(*\n * Kind: unmap\n *)\n\n"
                               "{\n\tstruct folio f = { .pages = 2 };\n}\n\nP0(struct folio *f)\n{\n\tint r;\n\n"
                               "\tfolio_remove_rmap_ptes(f, folio_page(f, 0), folio_nr_pages(f));\n"
                               "\tr = atomic_read(&f->_refcount);\n\tif (r == 6)\n"
                               "\t\tfolio_ref_sub_and_test(f, folio_nr_pages(f));\n\telse\n"
                               "\t\tfolio_ref_sub_and_test(f, folio_nr_pages(f));\n}\n";
        const std::string cfg = "run --writer-file " + file + " --check khugepaged --pages 2 --mapcount large";
        const nlohmann::json j = run_json(cfg + " --json");
        std::remove(file.c_str());
        std::remove(file.substr(0, file.size() - 7).c_str());
        CHECK(j["verdict"] == "violation");
        CHECK(j["pins_how"] == "searched");
        CHECK(j["counterexample"]["pins"] == 2);
        CHECK(contains(j["explored"].get<std::string>(), "one search per pin count 1-2 (CPU 0 (zap-reads-refcount)"));
        const nlohmann::json builtin =
            run_json("run --check khugepaged --writer zap-v6.9 --pages 2 --mapcount large --json");
        CHECK(builtin["pins_how"] == "derived");
        CHECK(builtin["counterexample"]["pins"] == 2);
    }
}
