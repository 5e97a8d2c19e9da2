// tests/test_model_kernel_atomics.cpp: the primitive table and lower() (model/kernel_atomics).
//
// The expected rows below are written out independently from Documentation/atomic_t.txt
// ("RMW operations that have a return value are fully ordered", "RMW operations that have
// no return value are unordered", conditional RMWs are "unordered on FAILURE"), so a slip
// in either the table or this file shows up as a mismatch.
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "model/kernel_atomics.hpp"

using namespace fc;

namespace {

struct ExpectedRow {
    Prim prim;
    const char* name;
    PrimKind kind;
    Ordering ordering;
    RmwResult result;
    bool shown;
    bool negated;
};

using K = PrimKind;
using O = Ordering;
using R = RmwResult;

// clang-format off
const std::vector<ExpectedRow> kExpected = {
    {Prim::atomic_read,               "atomic_read",               K::load,  O::unordered,       R::none,        false, false},
    {Prim::atomic_set,                "atomic_set",                K::store, O::unordered,       R::none,        true,  false},
    {Prim::READ_ONCE,                 "READ_ONCE",                 K::load,  O::unordered,       R::none,        false, false},
    {Prim::WRITE_ONCE,                "WRITE_ONCE",                K::store, O::unordered,       R::none,        true,  false},
    {Prim::atomic_inc,                "atomic_inc",                K::rmw,   O::unordered,       R::none,        false, false},
    {Prim::atomic_dec,                "atomic_dec",                K::rmw,   O::unordered,       R::none,        false, false},
    {Prim::atomic_add,                "atomic_add",                K::rmw,   O::unordered,       R::none,        true,  false},
    {Prim::atomic_sub,                "atomic_sub",                K::rmw,   O::unordered,       R::none,        true,  true},
    {Prim::atomic_inc_and_test,       "atomic_inc_and_test",       K::rmw,   O::full,            R::is_zero,     false, false},
    {Prim::atomic_dec_and_test,       "atomic_dec_and_test",       K::rmw,   O::full,            R::is_zero,     false, false},
    {Prim::atomic_sub_and_test,       "atomic_sub_and_test",       K::rmw,   O::full,            R::is_zero,     true,  true},
    {Prim::atomic_add_negative,       "atomic_add_negative",       K::rmw,   O::full,            R::is_negative, true,  false},
    {Prim::atomic_add_return,         "atomic_add_return",         K::rmw,   O::full,            R::new_value,   true,  false},
    {Prim::atomic_inc_return_relaxed, "atomic_inc_return_relaxed", K::rmw,   O::unordered,       R::new_value,   false, false},
    {Prim::atomic_dec_return_relaxed, "atomic_dec_return_relaxed", K::rmw,   O::unordered,       R::new_value,   false, false},
    {Prim::atomic_add_return_relaxed, "atomic_add_return_relaxed", K::rmw,   O::unordered,       R::new_value,   true,  false},
    {Prim::atomic_sub_return_relaxed, "atomic_sub_return_relaxed", K::rmw,   O::unordered,       R::new_value,   true,  true},
    {Prim::atomic_add_unless,         "atomic_add_unless",         K::rmw,   O::full_on_success, R::success,     true,  false},
    {Prim::smp_mb,                    "smp_mb",                    K::fence, O::barrier,         R::none,        false, false},
    {Prim::smp_rmb,                   "smp_rmb",                   K::fence, O::barrier,         R::none,        false, false},
    {Prim::smp_wmb,                   "smp_wmb",                   K::fence, O::barrier,         R::none,        false, false},
    {Prim::smp_mb__before_atomic,     "smp_mb__before_atomic",     K::fence, O::barrier,         R::none,        false, false},
    {Prim::smp_mb__after_atomic,      "smp_mb__after_atomic",      K::fence, O::barrier,         R::none,        false, false},
};
// clang-format on

std::vector<Prim> all_prims() {
    std::vector<Prim> v;
    for (size_t i = 0; i < static_cast<size_t>(Prim::count_); i++) v.push_back(static_cast<Prim>(i));
    return v;
}

bool is_barrier(Prim p) { return prim_info(p).kind == PrimKind::fence; }

// The fence order every barrier must lower to under lkmm and relaxed.
Order expected_barrier_order(Prim p) {
    switch (p) {
    case Prim::smp_rmb: return Order::acquire;
    case Prim::smp_wmb: return Order::release;
    case Prim::smp_mb:
    case Prim::smp_mb__before_atomic:
    case Prim::smp_mb__after_atomic: return Order::seq_cst;
    default: break;
    }
    FAIL("not a barrier: " << prim_info(p).name);
    return Order::relaxed;
}

}  // namespace

TEST_SUITE("model/kernel_atomics") {
    TEST_CASE("the expected table names every primitive exactly once, in enum order") {
        REQUIRE(kExpected.size() == static_cast<size_t>(Prim::count_));
        REQUIRE(kExpected.size() == 23);
        for (size_t i = 0; i < kExpected.size(); i++) CHECK(static_cast<size_t>(kExpected[i].prim) == i);
    }

    TEST_CASE("every primitive's row has the kernel name, kind, LKMM class and result kind of atomic_t.txt") {
        for (const ExpectedRow& e : kExpected) {
            const PrimInfo& info = prim_info(e.prim);
            CAPTURE(e.name);
            CHECK(info.prim == e.prim);
            CHECK(std::string(info.name) == e.name);
            CHECK(info.kind == e.kind);
            CHECK(info.ordering == e.ordering);
            CHECK(info.result == e.result);
            CHECK(info.operand_shown == e.shown);
            CHECK(info.operand_negated == e.negated);
        }
    }

    TEST_CASE("prim_info rejects an index past the end of the table") {
        CHECK_THROWS_AS(prim_info(Prim::count_), std::logic_error);
    }

    TEST_CASE("under sc every access is seq_cst with no fences and every barrier is a no-op") {
        for (Prim p : all_prims()) {
            const Lowering l = lower(p, Memory::sc);
            CAPTURE(prim_info(p).name);
            CHECK_FALSE(l.fence_before);
            CHECK_FALSE(l.fence_after);
            CHECK_FALSE(l.fence_after_only_on_success);
            if (is_barrier(p)) {
                CHECK_FALSE(l.access);
                CHECK_FALSE(l.fence);
            } else {
                CHECK(l.access);
                CHECK(l.order == Order::seq_cst);
                CHECK_FALSE(l.fence);
            }
        }
    }

    TEST_CASE("under lkmm unordered primitives lower to a bare relaxed access") {
        int seen = 0;
        for (Prim p : all_prims()) {
            if (prim_info(p).ordering != Ordering::unordered) continue;
            seen++;
            const Lowering l = lower(p, Memory::lkmm);
            CAPTURE(prim_info(p).name);
            CHECK(l.access);
            CHECK(l.order == Order::relaxed);
            CHECK_FALSE(l.fence_before);
            CHECK_FALSE(l.fence_after);
            CHECK_FALSE(l.fence_after_only_on_success);
            CHECK_FALSE(l.fence);
        }
        // atomic_read, atomic_set, READ_ONCE, WRITE_ONCE, inc, dec, add, sub, 4 *_return_relaxed.
        CHECK(seen == 12);
    }

    TEST_CASE("under lkmm fully ordered RMWs lower to seq_cst fence, relaxed RMW, seq_cst fence") {
        int seen = 0;
        for (Prim p : all_prims()) {
            if (prim_info(p).ordering != Ordering::full) continue;
            seen++;
            const Lowering l = lower(p, Memory::lkmm);
            CAPTURE(prim_info(p).name);
            CHECK(l.access);
            CHECK(l.order == Order::relaxed);
            CHECK(l.fence_before);
            CHECK(l.fence_after);
            CHECK_FALSE(l.fence_after_only_on_success);
            CHECK_FALSE(l.fence);
        }
        // inc_and_test, dec_and_test, sub_and_test, add_negative, add_return.
        CHECK(seen == 5);
    }

    TEST_CASE("atomic_dec_and_test is fully ordered under lkmm") {
        const Lowering l = lower(Prim::atomic_dec_and_test, Memory::lkmm);
        CHECK(l.access);
        CHECK(l.order == Order::relaxed);
        CHECK(l.fence_before);
        CHECK(l.fence_after);
        CHECK_FALSE(l.fence_after_only_on_success);
    }

    TEST_CASE("atomic_add_unless keeps its trailing fence only on success under lkmm") {
        const Lowering l = lower(Prim::atomic_add_unless, Memory::lkmm);
        CHECK(l.access);
        CHECK(l.order == Order::relaxed);
        CHECK(l.fence_before);
        CHECK(l.fence_after);
        CHECK(l.fence_after_only_on_success);
        CHECK_FALSE(l.fence);
    }

    TEST_CASE("under lkmm smp_rmb is an acquire fence, smp_wmb a release fence, and the full barriers seq_cst fences") {
        CHECK(lower(Prim::smp_rmb, Memory::lkmm).fence_order == Order::acquire);
        CHECK(lower(Prim::smp_wmb, Memory::lkmm).fence_order == Order::release);
        CHECK(lower(Prim::smp_mb, Memory::lkmm).fence_order == Order::seq_cst);
        CHECK(lower(Prim::smp_mb__before_atomic, Memory::lkmm).fence_order == Order::seq_cst);
        CHECK(lower(Prim::smp_mb__after_atomic, Memory::lkmm).fence_order == Order::seq_cst);
        for (Prim p : all_prims()) {
            if (!is_barrier(p)) continue;
            const Lowering l = lower(p, Memory::lkmm);
            CAPTURE(prim_info(p).name);
            CHECK_FALSE(l.access);
            CHECK(l.fence);
            CHECK(l.fence_order == expected_barrier_order(p));
            CHECK_FALSE(l.fence_before);
            CHECK_FALSE(l.fence_after);
        }
    }

    TEST_CASE("under relaxed every access is relaxed, even value-returning RMWs, with no implied fences") {
        for (Prim p : all_prims()) {
            if (is_barrier(p)) continue;
            const Lowering l = lower(p, Memory::relaxed);
            CAPTURE(prim_info(p).name);
            CHECK(l.access);
            CHECK(l.order == Order::relaxed);
            CHECK_FALSE(l.fence_before);
            CHECK_FALSE(l.fence_after);
            CHECK_FALSE(l.fence_after_only_on_success);
            CHECK_FALSE(l.fence);
        }
    }

    TEST_CASE("under relaxed the explicit smp_* barriers are kept with their lkmm fence orders") {
        for (Prim p : all_prims()) {
            if (!is_barrier(p)) continue;
            const Lowering l = lower(p, Memory::relaxed);
            CAPTURE(prim_info(p).name);
            CHECK_FALSE(l.access);
            CHECK(l.fence);
            CHECK(l.fence_order == expected_barrier_order(p));
        }
    }

    TEST_CASE("memory setting names round-trip through parse_memory and unknown names are rejected") {
        for (Memory m : {Memory::sc, Memory::lkmm, Memory::relaxed}) {
            Memory back = m == Memory::sc ? Memory::lkmm : Memory::sc;
            REQUIRE(parse_memory(memory_name(m), back));
            CHECK(back == m);
        }
        CHECK(std::string(memory_name(Memory::sc)) == "sc");
        CHECK(std::string(memory_name(Memory::lkmm)) == "lkmm");
        CHECK(std::string(memory_name(Memory::relaxed)) == "relaxed");
        Memory out = Memory::lkmm;
        CHECK_FALSE(parse_memory("SC", out));
        CHECK_FALSE(parse_memory("", out));
        CHECK_FALSE(parse_memory("foo", out));
        CHECK(out == Memory::lkmm);  // untouched on failure
    }

    TEST_CASE("order names are the C++11 spellings") {
        CHECK(std::string(order_name(Order::relaxed)) == "relaxed");
        CHECK(std::string(order_name(Order::acquire)) == "acquire");
        CHECK(std::string(order_name(Order::release)) == "release");
        CHECK(std::string(order_name(Order::acq_rel)) == "acq_rel");
        CHECK(std::string(order_name(Order::seq_cst)) == "seq_cst");
    }

}  // TEST_SUITE("model/kernel_atomics")
