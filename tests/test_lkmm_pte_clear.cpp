// tests/test_lkmm_pte_clear.cpp: ptep_get_and_clear(f, i) in a folio scenario file, from the
// lowering to the verdict. The plain name lowers to arm64's ordering, xchg_relaxed()
// (__ptep_get_and_clear(), arch/arm64/include/asm/pgtable.h), `_relaxed` says so explicitly
// and `_ordered` is x86's fully ordered xchg() (native_ptep_get_and_clear(),
// arch/x86/include/asm/pgtable_64.h). The scenario is reclaim's lazyfree discard against
// GUP-fast (mm/rmap.c try_to_unmap_one(): the PTE cleared, smp_mb(), folio_ref_count();
// mm/gup.c gup_fast_pte_range(): try_grab_folio(), then the PTE re-read): the bad outcome is
// reclaim seeing no extra reference while GUP-fast, its reference taken, still sees the PTE.
// Under LKMM that store-buffering shape is allowed when the clear is relaxed and nothing
// orders it before the refcount read, and forbidden once the clear is fully ordered or
// followed by smp_mb(). herd7 7.57 with the pinned LKMM files (`foliocheck --version`)
// answered the lowered program written by hand on 2026-12-07 ({ pte=1; ref=2; } P0:
// r0 = CLEAR(pte, 0); [smp_mb();] r1 = atomic_read(ref); P1: r0 = atomic_add_unless(ref, 1, 0);
// r1 = READ_ONCE(*pte); exists (0:r1=2 /\ 1:r0=1 /\ 1:r1=1)): xchg_relaxed Sometimes with
// 4 states (Positive 1, Negative 3); xchg Never with 3; xchg_relaxed then smp_mb() Never with 3.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "model/folio.hpp"
#include "scenario_support.hpp"

using namespace fc;
using namespace fc::test;

namespace {

// The folio's initial refcount is .maps + .refs = 2: the mapping's reference and reclaim's
// isolation reference; GUP-fast's try_grab_folio() makes it 3.
std::string reclaim_vs_gup_fast(const std::string& clear, bool mb) {
    return "C reclaim-vs-gup-fast-" + clear + (mb ? "-mb" : "") +
           "\n\n{\n\tstruct folio f = { .pages = 1, .mapcount = per_page, .maps = 1, .pins = 0, .refs = 1 };\n}\n\n"
           "P0(struct folio *f)\n{\n\tint old;\n\tint refs;\n\n\told = " +
           clear + "(f, 0);\n" + (mb ? "\tsmp_mb();\n" : "") +
           "\trefs = folio_ref_count(f);\n}\n\n"
           "P1(struct folio *f)\n{\n\tint got;\n\tint pte = 1;\n\n\tgot = try_grab_folio(f, 1);\n\tif (got)\n\t\tpte "
           "= ptep_get(f, 0);\n}\n\n"
           "exists (0:refs=2 /\\ 1:got=1 /\\ 1:pte=1)\n";
}

// The primitives CPU 0's ptep_get_and_clear call lowers to, through the front end's API.
std::vector<Prim> lowered_clear(const std::string& clear) {
    const lang::ScenarioFile f = lang::parse_scenario_text("reclaim.litmus", reclaim_vs_gup_fast(clear, false));
    lang::CompiledScenario c;
    lang::compile_scenario(f.ast, lang::Overrides{}, Memory::lkmm, c);
    REQUIRE(!c.engine.cpus.empty());
    const Program& p = c.engine.cpus[0];
    std::vector<Prim> out;
    for (const Insn& i : p.code) {
        if (i.op != Op::prim || i.call < 0) continue;
        if (p.calls[static_cast<size_t>(i.call)].find("ptep_get_and_clear") == std::string::npos) continue;
        CHECK(i.loc == loc_pte(0));
        CHECK(i.imm == 0);  // exchanged for an empty PTE
        out.push_back(i.prim);
    }
    return out;
}

// `foliocheck litmus --json --memory lkmm` on the scenario: the one result object.
nlohmann::json answer(const std::string& clear, bool mb) {
    const std::string path = temp_file("fc-pte-clear");
    {
        std::ofstream f(path);
        f << reclaim_vs_gup_fast(clear, mb);
    }
    const CliResult r = run_cli("litmus --json --memory lkmm " + path);
    std::remove(path.c_str());
    INFO(r.err);
    REQUIRE(r.code == 0);
    const nlohmann::json j = nlohmann::json::parse(r.out);
    REQUIRE(j.is_array());
    REQUIRE(j.size() == 1);
    return j[0];
}

}  // namespace

TEST_SUITE("ptep_get_and_clear(f, i) in a folio scenario") {
    TEST_CASE("the plain name lowers to one xchg_relaxed(), as arm64 runs it") {
        CHECK(lowered_clear("ptep_get_and_clear") == std::vector<Prim>{Prim::xchg_relaxed});
    }
    TEST_CASE("the _relaxed name lowers to xchg_relaxed() and the _ordered name to the fully ordered xchg()") {
        CHECK(lowered_clear("ptep_get_and_clear_relaxed") == std::vector<Prim>{Prim::xchg_relaxed});
        CHECK(lowered_clear("ptep_get_and_clear_ordered") == std::vector<Prim>{Prim::xchg});
    }
    TEST_CASE("reclaim without smp_mb() after the plain clear can miss GUP-fast's reference: Sometimes") {
        for (const char* clear : {"ptep_get_and_clear", "ptep_get_and_clear_relaxed"}) {
            CAPTURE(clear);
            const nlohmann::json j = answer(clear, false);
            CHECK(j["observation"] == "Sometimes");
            CHECK(j["positive"] == 1);
            CHECK(j["states"].size() == 4);
        }
    }
    TEST_CASE("reclaim without smp_mb() cannot miss it when the clear is x86's ordered one: Never") {
        const nlohmann::json j = answer("ptep_get_and_clear_ordered", false);
        CHECK(j["observation"] == "Never");
        CHECK(j["states"].size() == 3);
    }
    TEST_CASE("reclaim's smp_mb() after the plain clear forbids the miss: Never") {
        const nlohmann::json j = answer("ptep_get_and_clear", true);
        CHECK(j["observation"] == "Never");
        CHECK(j["states"].size() == 3);
    }
}
