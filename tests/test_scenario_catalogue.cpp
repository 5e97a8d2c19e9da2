// tests/test_scenario_catalogue.cpp: the catalogue as files (scenarios/catalogue/) gives the
// same answers as the built-in checks and writers, configuration by configuration.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "checks/check.hpp"
#include "checks/writers/writer.hpp"
#include "harness/search/matrix.hpp"
#include "harness/search/runner.hpp"
#include "lang/scenario.hpp"

using namespace fc;

namespace {

const std::string kDir = std::string(FOLIOCHECK_SOURCE_DIR) + "/scenarios/catalogue/";

struct FileRun {
    uint64_t executions = 0, violations = 0;
};

// The file twin of a built-in request: the writer file (P0) composed with the check file (P1),
// one search per reader order, as run_config does for `either`.
// pins: the file's pin count (--pins of `litmus`); 0 keeps the file's own (.pins = 1).
FileRun run_files(const RunRequest& req, int pins = 0) {
    FileRun r;
    std::vector<ReadOrder> orders;
    const ReadOrder eff = req.effective_order();
    if (eff == ReadOrder::either) orders = {ReadOrder::ref_first, ReadOrder::map_first};
    else orders = {eff};
    for (ReadOrder o : orders) {
        std::vector<lang::ScenarioFile> parts;
        parts.push_back(lang::load_scenario_file(kDir + "writers/" + req.writer->name + ".litmus"));
        parts.push_back(lang::load_scenario_file(kDir + "checks/" + req.check->name + ".litmus"));
        const lang::File f = lang::compose(parts);
        lang::Overrides ov;
        ov.pages = req.pages;
        ov.design = req.mapcount;
        if (pins > 0) ov.pins = pins;
        ov.set["ref_first"] = o == ReadOrder::ref_first;
        ov.set["gup"] = req.writer->kind == WriterKind::pin;
        ov.set["reader_barrier"] = req.barrier == ReaderBarrier::rmb ? 1 : req.barrier == ReaderBarrier::mb ? 2 : 0;
        lang::CompiledScenario c;
        lang::compile_scenario(f, ov, req.memory, c);
        const SearchOutcome out = explore(c.engine, req.search);
        REQUIRE(out.completed);
        r.executions += out.executions;
        r.violations += out.violations;
    }
    return r;
}

std::string label(const RunRequest& q) {
    return std::string(q.check->name) + " vs " + q.writer->name + ", " + std::to_string(q.pages) + " pages, " +
           mapcount_name(q.mapcount);
}

// The files declare one pin (.pins = 1): their twin is the built-in with --pins 1.
RunRequest one_pin(RunRequest q) {
    q.pins = 1;
    return q;
}

}  // namespace

TEST_CASE(
    "every default-matrix configuration gives the same verdict and execution count from its files, with one pin and "
    "with a pin per page, and the default of every pin count is what the files give at some count") {
    // The combinations the kernel never runs (a batched zap or a split at 1 page) are refused
    // by default (a combination the kernel never runs); the files must agree on them too, so run them as what-if.
    MatrixSpec spec = default_matrix();
    spec.what_if = true;
    Skipped skipped;
    const std::vector<RunRequest> reqs = enumerate(spec, skipped);
    REQUIRE(reqs.size() == 216);  // `foliocheck matrix`: "106 hold, 110 violation(s), 0 not exhaustive, of 216"
    size_t violations = 0, one_pin_violations = 0;
    for (const RunRequest& q : reqs) {
        INFO(label(q));
        // Executions are compared under the reduced search: the cached search's counts depend on
        // how a program spells its state (a file's loop counters are registers the built-in
        // does not have), its verdicts do not.
        RunRequest reduced = one_pin(q);
        reduced.search.mode = SearchMode::reduced;
        const RunResult built = run_config(reduced);
        const FileRun file = run_files(reduced);
        CHECK(file.executions == built.executions);
        CHECK(file.violations == built.violations);
        CHECK((file.violations > 0) == (built.verdict == Verdict::violation));
        REQUIRE(q.search.mode == SearchMode::cached);
        const RunResult built_cached = run_config(one_pin(q));
        const FileRun file_cached = run_files(q);
        CHECK(built_cached.verdict == built.verdict);
        CHECK((file_cached.violations > 0) == (built.verdict == Verdict::violation));
        if (built.verdict == Verdict::violation) one_pin_violations++;
        // Every pin count (the default, judged from one search): a violation exactly when the
        // files, an independent program with the pins in their initial refcount, violate at
        // some count 1..pages; and the same counts as the files at a pin per page.
        bool some = false;
        for (int k = 1; k <= (q.writer->kind == WriterKind::pin ? 1 : q.pages); k++) {
            RunRequest at = q;
            at.pins = k;
            at.search.mode = SearchMode::reduced;
            const FileRun f = run_files(at, q.writer->kind == WriterKind::pin ? 0 : k);
            some = some || f.violations > 0;
            if (k == q.pages && k > 1) {
                const RunResult b = run_config(at);
                CHECK(f.executions == b.executions);
                CHECK(f.violations == b.violations);
            }
        }
        const RunResult every = run_config(q);
        CHECK((every.verdict == Verdict::violation) == some);
        if (every.verdict == Verdict::violation) violations++;
    }
    CHECK(one_pin_violations == 104);
    CHECK(violations == 110);
}

TEST_CASE("the catalogue files under c11 with smp_rmb agree with the built-ins at 2 pages") {
    MatrixSpec spec = default_matrix();
    spec.pages = {2};
    spec.memories = {Memory::c11};
    spec.barriers = {ReaderBarrier::rmb};
    Skipped skipped;
    for (const RunRequest& q : enumerate(spec, skipped)) {
        const RunResult built = run_config(one_pin(q));
        const FileRun file = run_files(q);
        INFO(label(q));
        CHECK(file.executions == built.executions);
        CHECK(file.violations == built.violations);
    }
}

TEST_CASE("the catalogue files agree with the built-ins at 1-2 pages under every memory setting and barrier") {
    MatrixSpec spec = default_matrix();
    spec.pages = {1, 2};
    spec.memories = {Memory::c11, Memory::relaxed};
    spec.barriers = {ReaderBarrier::none, ReaderBarrier::rmb, ReaderBarrier::mb};
    Skipped skipped;
    size_t n = 0;
    for (const RunRequest& q : enumerate(spec, skipped)) {
        const RunResult built = run_config(one_pin(q));
        const FileRun file = run_files(q);
        INFO(label(q) << ", " << memory_name(q.memory) << ", barrier " << reader_barrier_name(q.barrier));
        CHECK(file.executions == built.executions);
        CHECK(file.violations == built.violations);
        n++;
    }
    CHECK(n > 300);
}

TEST_CASE("the catalogue files agree with the built-ins under the plain full search too, pages 1-2, sc") {
    MatrixSpec spec = default_matrix();
    spec.pages = {1, 2};
    spec.search.mode = SearchMode::full;
    Skipped skipped;
    for (const RunRequest& q : enumerate(spec, skipped)) {
        REQUIRE(q.search.mode == SearchMode::full);
        const RunResult built = run_config(one_pin(q));
        const FileRun file = run_files(q);
        INFO(label(q));
        CHECK(file.executions == built.executions);
        CHECK(file.violations == built.violations);
    }
}

TEST_CASE("the catalogue files of the 2024-2026 checks and writers agree with the built-ins, pages 1-3, sc and lkmm") {
    // The newer checks (folio_expected_ref_count() forms, lazyfree) and writers (reclaim's
    // and migration's unmap, COW) that the language can express, against every writer and
    // check of the catalogue, per-page and large mapcounts. Not here (docs/scenarios.md): the
    // PMD writers, swapcache-add, batch-zap-v4-gather, the mm-id and no-page-mapcount designs,
    // lazyfree's GUP-fast scenario, and the COW reuse check (its mapcount lock and shared bit
    // exist with MM_ID only).
    const std::vector<std::string> newer_checks = {"khugepaged-expected", "split-expected", "lazyfree",
                                                   "reclaim-precheck"};
    const std::vector<std::string> newer_writers = {"try-to-unmap-v6.10", "try-to-unmap-lazyfree",
                                                    "try-to-unmap-batched", "try-to-migrate", "cow"};
    MatrixSpec spec = default_matrix();
    spec.what_if = true;
    for (const std::string& c : newer_checks) spec.checks.push_back(find_check(c));
    for (const std::string& w : newer_writers) spec.writers.push_back(find_writer(w));
    for (Memory m : {Memory::sc, Memory::c11}) {
        spec.memories = {m};
        spec.pages = m == Memory::sc ? std::vector<int>{1, 2, 3} : std::vector<int>{1, 2};
        Skipped skipped;
        size_t n = 0, newer = 0, violations = 0;
        for (const RunRequest& q : enumerate(spec, skipped)) {
            if (q.check == &kCheckLazyfree && q.writer->kind == WriterKind::pin) continue;
            const bool is_newer = q.check->newer || q.writer->newer;
            if (!is_newer) continue;  // the four v6.5 checks against the v6.5 writers: above
            INFO(label(q) << ", " << memory_name(m));
            RunRequest reduced = one_pin(q);            // executions compared where they do not depend on how a
            reduced.search.mode = SearchMode::reduced;  // program spells its state (see above)
            const RunResult built = run_config(reduced);
            const FileRun file = run_files(reduced);
            CHECK(file.executions == built.executions);
            CHECK(file.violations == built.violations);
            const FileRun file_cached = run_files(q);  // the default search: the same verdict
            CHECK((file_cached.violations > 0) == (built.verdict == Verdict::violation));
            n++;
            newer++;
            if (built.verdict == Verdict::violation) violations++;
        }
        CHECK(newer > 150);
        CHECK(violations > 0);
        CHECK(violations < n);
    }
}
