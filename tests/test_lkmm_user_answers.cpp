// tests/test_lkmm_user_answers.cpp: `--memory lkmm` is LKMM's answer on the shapes a user
// writes where Relacy's C++11 mapping (now --memory c11) answered Never and LKMM says
// Sometimes: barrier helpers with nothing to attach to, and ptep_get_and_clear() as arm64
// runs it. Each test is the project's own; its Observation is derived by hand from
// tools/memory-model/linux-kernel.cat at 02bae7a24257 (the relations named in each case),
// and herd7 7.57 with the pinned LKMM files (`foliocheck --version`) answered each of these
// programs the same on 2026-12-07: Sometimes with 4 final states for the three helpers and
// the relaxed clear, Never with 3 for smp_wmb(), the ordered clear and the clear with smp_mb().
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "scenario_support.hpp"

using namespace fc::test;

namespace {

// `foliocheck litmus --json` on `text` (and any further arguments); the one result object.
nlohmann::json answer(const std::string& name, const std::string& init, const std::string& text,
                      const std::string& memory = "lkmm") {
    const std::string path = temp_file("fc-user-answers-" + name);
    {
        std::ofstream f(path);
        f << "C " << name << "\n\n" << init << "\n\n" << text;
    }
    const CliResult r = run_cli("litmus --json --memory " + memory + " " + path);
    std::remove(path.c_str());
    INFO(r.err);
    REQUIRE((r.code == 0 || r.code == 1 || r.code == 4));  // 4: a bounded (undecided) answer
    const nlohmann::json j = nlohmann::json::parse(r.out);
    REQUIRE(j.is_array());
    REQUIRE(j.size() == 1);
    return j[0];
}

// Message passing whose writer puts `barrier` between its two stores; the reader orders its
// loads with smp_rmb(). Sometimes unless the barrier orders the stores.
std::string mp_with(const std::string& barrier) {
    return "P0(int *x, int *y)\n{\n\tWRITE_ONCE(*x, 1);\n\t" + barrier +
           ";\n\tWRITE_ONCE(*y, 1);\n}\n\nP1(int *x, int *y)\n{\n\tint r0 = READ_ONCE(*y);\n\tsmp_rmb();\n\tint r1 = "
           "READ_ONCE(*x);\n}\n\n"
           "exists (1:r0=1 /\\ 1:r1=0)\n";
}

// Reclaim's lazyfree discard against GUP-fast, as a store-buffering pair (mm/rmap.c
// try_to_unmap_one(): the PTE cleared, smp_mb(), then folio_ref_count(); mm/gup.c
// gup_fast_pte_range(): the reference taken by a fully ordered atomic_add_unless() through
// try_grab_folio_fast(), then the PTE re-read). The bad outcome: reclaim sees no extra
// reference and GUP-fast sees the PTE still present, so both go ahead.
std::string reclaim_vs_gup(const std::string& clear, bool mb) {
    return "P0(int *pte, atomic_t *ref)\n{\n\tint r0 = " + clear + "(pte, 0);\n" + (mb ? "\tsmp_mb();\n" : "") +
           "\tint r1 = atomic_read(ref);\n}\n\n"
           "P1(int *pte, atomic_t *ref)\n{\n\tint r0 = atomic_add_unless(ref, 1, 0);\n"
           "\tint r1 = READ_ONCE(*pte);\n}\n\n"
           "exists (0:r1=1 /\\ 1:r1=1)\n";
}

// The initial values: a mapped PTE (1) and one reference (1), reclaim's isolation reference.
const char* const kMappedOnce = "{ pte=1; ref=1; }";

}  // namespace

TEST_SUITE("lkmm: the shapes Relacy's mapping got wrong") {
    TEST_CASE("smp_mb__before_atomic() with no atomic RMW after it orders nothing: Sometimes") {
        // linux-kernel.cat: Before-atomic orders [M] ; po ; [RMW], and here no RMW follows.
        const nlohmann::json j = answer("mp-before-atomic", "{}", mp_with("smp_mb__before_atomic()"));
        CHECK(j["observation"] == "Sometimes");
        CHECK(j["states"].size() == 4);  // herd7: 4 final states
    }
    TEST_CASE("smp_mb__after_atomic() after a plain WRITE_ONCE() orders nothing: Sometimes") {
        // linux-kernel.cat: After-atomic orders [RMW] ; po ; [M], and the store before it is no RMW.
        const nlohmann::json j = answer("mp-after-atomic", "{}", mp_with("smp_mb__after_atomic()"));
        CHECK(j["observation"] == "Sometimes");
        CHECK(j["states"].size() == 4);  // herd7: 4 final states
    }
    TEST_CASE("smp_mb__after_spinlock() with no spin_lock() before it orders nothing: Sometimes") {
        // linux-kernel.cat: After-spinlock orders [LKW] ; po ; [M], and no lock was taken.
        const nlohmann::json j = answer("mp-after-spinlock", "{}", mp_with("smp_mb__after_spinlock()"));
        CHECK(j["observation"] == "Sometimes");
        CHECK(j["states"].size() == 4);  // herd7: 4 final states
    }
    TEST_CASE("the same message passing with smp_wmb() between the stores is forbidden: Never") {
        // wmb orders the two stores; with the reader's rmb the MP cycle is forbidden (hb).
        const nlohmann::json j = answer("mp-wmb", "{}", mp_with("smp_wmb()"));
        CHECK(j["observation"] == "Never");
        CHECK(j["states"].size() == 3);  // herd7: 3 final states
    }
}

TEST_SUITE("lkmm: reclaim's PTE clear against GUP-fast, ordered as arm64 and x86 order it") {
    TEST_CASE("reclaim without its smp_mb() can miss GUP-fast's reference when the PTE clear is relaxed") {
        // xchg_relaxed's write and the later read of the refcount are unordered: SB is allowed.
        const nlohmann::json j = answer("reclaim-relaxed", kMappedOnce, reclaim_vs_gup("xchg_relaxed", false));
        CHECK(j["observation"] == "Sometimes");
        CHECK(j["states"].size() == 4);  // herd7: 4 final states
    }
    TEST_CASE("reclaim without smp_mb() cannot miss it when the clear is x86's fully ordered xchg()") {
        const nlohmann::json j = answer("reclaim-ordered", kMappedOnce, reclaim_vs_gup("xchg", false));
        CHECK(j["observation"] == "Never");
        CHECK(j["states"].size() == 3);  // herd7: 3 final states
    }
    TEST_CASE("reclaim's smp_mb() after a relaxed clear forbids the miss: Never") {
        // strong-fence on both sides (smp_mb(); atomic_add_unless() fully ordered on success): pb cycle.
        const nlohmann::json j = answer("reclaim-mb", kMappedOnce, reclaim_vs_gup("xchg_relaxed", true));
        CHECK(j["observation"] == "Never");
        CHECK(j["states"].size() == 3);  // herd7: 3 final states
    }
}

TEST_SUITE("c11: Relacy's approximation says when its Never is not LKMM's") {
    TEST_CASE("each barrier helper with nothing to attach to is a bounded Never naming the stronger barrier") {
        for (const char* helper : {"smp_mb__before_atomic()", "smp_mb__after_atomic()", "smp_mb__after_spinlock()"}) {
            CAPTURE(helper);
            const nlohmann::json j = answer("c11-helper", "{}", mp_with(helper), "c11");
            CHECK(j["observation"] == "Never");  // Relacy runs the helper as a seq_cst fence
            CHECK(j["qualifier"] == "bounded");
            REQUIRE(j["blindspots"].is_array());
            REQUIRE(!j["blindspots"].empty());
            CHECK(j["blindspots"][0]["kind"] == "stronger-barrier");
        }
    }
    TEST_CASE("a helper right next to its atomic RMW is not flagged") {
        const nlohmann::json j = answer(
            "c11-helper-rmw", "{}",
            "P0(int *x, atomic_t *y)\n{\n\tWRITE_ONCE(*x, 1);\n\tsmp_mb__before_atomic();\n\tatomic_inc(y);\n}\n\n"
            "P1(int *x, atomic_t *y)\n{\n\tint r0 = atomic_read(y);\n\tsmp_rmb();\n\tint r1 = READ_ONCE(*x);\n}\n\n"
            "exists (1:r0=1 /\\ 1:r1=0)\n",
            "c11");
        CHECK(j["observation"] == "Never");
        CHECK(j["qualifier"].is_null());
    }
}
