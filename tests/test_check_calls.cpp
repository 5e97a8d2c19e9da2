// tests/test_check_calls.cpp: `check_X(f)` in a scenario file emits the built-in check's reads
// (checks/reads.cpp, one emitter for both): the same verdicts against every catalogue writer,
// and the same barriers, own reference and kernel function name in the program.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "checks/check.hpp"
#include "checks/scenario.hpp"
#include "checks/writers/writer.hpp"
#include "harness/search/matrix.hpp"
#include "harness/search/runner.hpp"
#include "lang/scenario.hpp"

using namespace fc;

namespace {

const std::string kDir = std::string(FOLIOCHECK_SOURCE_DIR) + "/scenarios/catalogue/";

// P1 of a file that asks the check through check_X(f): the folio as the built-in scenario
// starts it (the writer's mm, the checker's own for KSM, khugepaged and lazyfree; the
// check's references, without the one compaction takes itself right before its reads).
std::string check_call_file(const CheckDef& c) {
    const int maps = 1 + (c.checker_mm_maps ? 1 : 0);
    const int refs = c.own_refs - (c.takes_own_ref_before_reads ? 1 : 0);
    std::string fn = std::string("check_") + c.name;
    for (char& ch : fn)
        if (ch == '-') ch = '_';
    return "C call-" + std::string(c.name) +
           "\n\"the check as a call\"\n\n{\n\tconst int ref_first = 1;\n\tconst int reader_barrier = NO_BARRIER;\n"
           "\tstruct folio f = { .pages = 1, .maps = " +
           std::to_string(maps) + ", .refs = " + std::to_string(refs) +
           ", .pins = 1 };\n}\n\nP1(struct folio *f)\n{\n\tint no_extra;\n\n\tno_extra = " + fn +
           "(f, ref_first, reader_barrier);\n}\n\nexists (1:no_extra=1)\n";
}

struct FileRun {
    uint64_t executions = 0, violations = 0;
};

FileRun run_call(const RunRequest& req, ReadOrder order, SearchSpec search) {
    std::vector<lang::ScenarioFile> parts;
    parts.push_back(lang::load_scenario_file(kDir + "writers/" + req.writer->name + ".litmus"));
    parts.push_back(lang::parse_scenario_text("<call>", check_call_file(*req.check)));
    const lang::File f = lang::compose(parts);
    lang::Overrides ov;
    ov.pages = req.pages;
    ov.design = req.mapcount;
    ov.set["ref_first"] = order == ReadOrder::ref_first;
    ov.set["reader_barrier"] = req.barrier == ReaderBarrier::rmb ? 1 : req.barrier == ReaderBarrier::mb ? 2 : 0;
    lang::CompiledScenario c;
    lang::compile_scenario(f, ov, req.memory, c);
    const SearchOutcome out = explore(c.engine, search);
    REQUIRE(out.completed);
    return FileRun{out.executions, out.violations};
}

std::vector<Prim> prims(const Program& p) {
    std::vector<Prim> out;
    for (const Insn& in : p.code)
        if (in.op == Op::prim) out.push_back(in.prim);
    return out;
}

bool has_call(const Program& p, const std::string& name) {
    for (const std::string& c : p.calls)
        if (c.rfind(name, 0) == 0) return true;
    return false;
}

// The reader CPU as a file compiles check_X(f): P0 does nothing.
void compile_call(const CheckDef& c, int pages, lang::CompiledScenario& out, lang::File& keep) {
    std::vector<lang::ScenarioFile> parts;
    parts.push_back(lang::parse_scenario_text(
        "<idle>", "C idle\n\"\"\n\n{\n\tstruct folio f = { .pages = 1 };\n}\n\nP0(struct folio *f)\n{\n}\n"));
    parts.push_back(lang::parse_scenario_text("<call>", check_call_file(c)));
    keep = lang::compose(parts);
    lang::Overrides ov;
    ov.pages = pages;
    lang::compile_scenario(keep, ov, Memory::sc, out);
}

}  // namespace

// check_X(f) composed with each catalogue writer file against the built-in check and writer, at
// every configuration of pages 1-3 under `memory` (lkmm: both on the exact engine).
void calls_match_built_ins(Memory memory, std::vector<int> pages, size_t at_least) {
    MatrixSpec spec = default_matrix();
    spec.what_if = true;
    spec.checks = all_checks();
    spec.writers.clear();
    for (const WriterDef* w : all_writers())
        if (!w->emit_from && w->kind != WriterKind::pin) {  // GUP-fast: the built-in judge alone
            const std::string path = kDir + "writers/" + w->name + ".litmus";
            if (std::FILE* fp = std::fopen(path.c_str(), "r")) {
                std::fclose(fp);
                spec.writers.push_back(w);
            }
        }
    REQUIRE(spec.writers.size() >= 10);
    spec.pages = std::move(pages);
    spec.mapcounts = {MapcountDesign::per_page};
    spec.memories = {memory};
    // Under lkmm the reads without a barrier fail everywhere; with smp_rmb() between them
    // some rows hold, so a barrier lost on either side changes a verdict.
    if (memory == Memory::lkmm) spec.barriers = {ReaderBarrier::none, ReaderBarrier::rmb};
    Skipped skipped;
    size_t n = 0, violations = 0;
    for (RunRequest q : enumerate(spec, skipped)) {
        q.own_ref_taken = true;  // check_compaction(f) takes compaction's reference, as the kernel does
        q.search.mode = SearchMode::reduced;
        if (memory == Memory::lkmm) q.search.engine = EngineKind::exact;
        const ReadOrder eff = q.effective_order();
        for (ReadOrder o : eff == ReadOrder::either ? std::vector<ReadOrder>{ReadOrder::ref_first, ReadOrder::map_first}
                                                    : std::vector<ReadOrder>{eff}) {
            RunRequest one = q;
            one.order = o;
            one.pins = 1;  // the file's folio holds one pin
            INFO(std::string(q.check->name)
                 << " vs " << std::string(q.writer->name) << ", " << q.pages << " pages, "
                 << std::string(read_order_name(o)) << ", " << std::string(reader_barrier_name(one.barrier)));
            const RunResult built = run_config(one);
            const FileRun file = run_call(one, o, one.search);
            CHECK((file.violations > 0) == (built.verdict == Verdict::violation));
            // Relacy counts executions; the exact engine one execution per outcome, and the two
            // programs' outcomes name different registers: only Relacy's counts compare.
            if (memory != Memory::lkmm) {
                CHECK(file.violations == built.violations);
                CHECK(file.executions == built.executions);
            }
            n++;
            if (built.verdict == Verdict::violation) violations++;
        }
    }
    CHECK(n > at_least);
    CHECK(violations > 0);
    CHECK(violations < n);
}

TEST_CASE("check_X(f) in a file gives the built-in check's verdicts against every catalogue writer, pages 1-3, sc") {
    calls_match_built_ins(Memory::sc, {1, 2, 3}, 150);
}

// Under lkmm a dropped smp_rmb()/smp_mb() changes verdicts (lazyfree's, the rmb fixes'), so
// these cases fail if the file's reads lose a barrier the built-in has, or the reverse. One
// case per size keeps each under half a minute.
TEST_CASE("check_X(f) in a file gives the built-in check's verdicts against every catalogue writer, 1 page, lkmm") {
    calls_match_built_ins(Memory::lkmm, {1}, 50);
}
TEST_CASE("check_X(f) in a file gives the built-in check's verdicts against every catalogue writer, 2 pages, lkmm") {
    calls_match_built_ins(Memory::lkmm, {2}, 50);
}
TEST_CASE("check_X(f) in a file gives the built-in check's verdicts against every catalogue writer, 3 pages, lkmm") {
    calls_match_built_ins(Memory::lkmm, {3}, 50);
}

TEST_CASE("check_lazyfree(f) keeps the smp_mb() before and the smp_rmb() after its reads, as the built-in does") {
    lang::CompiledScenario c;
    lang::File f;
    compile_call(kCheckLazyfree, 2, c, f);
    const std::vector<Prim> file = prims(c.engine.cpus[1]);
    REQUIRE(file.size() >= 4);
    CHECK(file.front() == Prim::smp_mb);
    CHECK(file.back() == Prim::smp_rmb);
    CHECK(has_call(c.engine.cpus[1], "try_to_unmap_one"));

    ScenarioConfig cfg;
    cfg.check = &kCheckLazyfree;
    cfg.writer = &kWriterZapV69;
    cfg.folio.pages = 2;
    cfg.order = ReadOrder::ref_first;
    BuiltScenario b;
    build_scenario(cfg, b);
    CHECK(prims(b.engine.cpus[1]) == file);  // the same primitives, in the same order
}

TEST_CASE("check_compaction(f) takes compaction's own reference right before its reads, as the built-in does") {
    lang::CompiledScenario c;
    lang::File f;
    compile_call(kCheckCompaction, 1, c, f);
    const std::vector<Prim> file = prims(c.engine.cpus[1]);
    REQUIRE(!file.empty());
    CHECK(file.front() == Prim::atomic_add_unless);
    CHECK(has_call(c.engine.cpus[1], "isolate_migratepages_block"));

    ScenarioConfig cfg;
    cfg.check = &kCheckCompaction;
    cfg.writer = &kWriterZapV65;
    cfg.folio.pages = 1;
    cfg.order = ReadOrder::ref_first;
    cfg.own_ref_taken = true;
    BuiltScenario b;
    build_scenario(cfg, b);
    CHECK(prims(b.engine.cpus[1]) == file);
}

TEST_CASE("every check_X(f) is labelled with the check's kernel function") {
    for (const CheckDef* chk : all_checks()) {
        CAPTURE(chk->name);
        lang::CompiledScenario c;
        lang::File f;
        compile_call(*chk, 1, c, f);
        CHECK(has_call(c.engine.cpus[1], chk->function));
    }
}
