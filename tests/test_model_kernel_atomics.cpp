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

// What atomic_t.txt's naming convention says a primitive is, derived from its name alone
// (not from the table): "_relaxed" unordered, "_acquire"/"_release" one-sided, plain
// value-returning RMWs fully ordered, void RMWs and atomic_read/atomic_set unordered,
// conditional RMWs (cmpxchg, add_unless, inc_not_zero) fully ordered on success only.
struct Derived {
    PrimKind kind;
    Ordering ordering;
    RmwResult result;
    int operands;
    bool negated;
};

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

Derived derive(const std::string& name) {
    using K = PrimKind;
    using O = Ordering;
    using R = RmwResult;
    if ((name.rfind("smp_", 0) == 0 && !has(name, "load") && !has(name, "store")) || name == "barrier")
        return {K::fence, O::barrier, R::none, 0, false};
    if (name == "spin_lock") return {K::lock, O::acquire, R::none, 0, false};
    if (name == "spin_unlock") return {K::lock, O::release, R::none, 0, false};
    if (name == "spin_trylock") return {K::lock, O::acquire, R::success, 0, false};
    if (name == "READ_ONCE" || name == "atomic_read") return {K::load, O::unordered, R::none, 0, false};
    if (name == "smp_load_acquire" || name == "atomic_read_acquire") return {K::load, O::acquire, R::none, 0, false};
    if (name == "WRITE_ONCE" || name == "atomic_set") return {K::store, O::unordered, R::none, 1, false};
    if (name == "smp_store_release" || name == "atomic_set_release") return {K::store, O::release, R::none, 1, false};
    // RMWs.
    const bool cond = has(name, "cmpxchg") || has(name, "add_unless") || has(name, "inc_not_zero");
    O ord = cond ? O::full_on_success : O::full;
    if (ends_with(name, "_relaxed")) ord = O::unordered;
    if (ends_with(name, "_acquire")) ord = O::acquire;
    if (ends_with(name, "_release")) ord = O::release;
    const bool negated = has(name, "sub");
    const int operands = has(name, "cmpxchg") || has(name, "add_unless")                 ? 2
                         : (has(name, "_add") || has(name, "_sub") || has(name, "xchg")) ? 1
                                                                                         : 0;
    if (has(name, "fetch_") || has(name, "xchg")) return {K::rmw, ord, R::old_value, operands, negated};
    if (has(name, "_return")) return {K::rmw, ord, R::new_value, operands, negated};
    if (has(name, "_and_test")) return {K::rmw, ord, R::is_zero, operands, negated};
    if (has(name, "add_negative")) return {K::rmw, ord, R::is_negative, operands, negated};
    if (cond) return {K::rmw, ord, R::success, operands, negated};
    // void RMWs: atomic_inc, atomic_dec, atomic_add, atomic_sub: unordered.
    return {K::rmw, O::unordered, R::none, operands, negated};
}

std::vector<Prim> all_prims() {
    std::vector<Prim> v;
    for (size_t i = 0; i < static_cast<size_t>(Prim::count_); i++) v.push_back(static_cast<Prim>(i));
    return v;
}

bool is_barrier(Prim p) { return prim_info(p).kind == PrimKind::fence; }

// The fence order every barrier must lower to under c11 and relaxed.
Order expected_barrier_order(Prim p) {
    switch (p) {
    case Prim::smp_rmb: return Order::acquire;
    case Prim::smp_wmb: return Order::release;
    case Prim::smp_mb:
    case Prim::smp_mb__before_atomic:
    case Prim::smp_mb__after_atomic:
    case Prim::smp_mb__after_spinlock:
    case Prim::smp_mb__after_unlock_lock: return Order::seq_cst;  // stronger than LKMM: lang/shapes.cpp flags it
    case Prim::barrier: return Order::seq_cst;                    // unused: barrier() emits no fence
    default: break;
    }
    FAIL("not a barrier: " << prim_info(p).name);
    return Order::relaxed;
}

}  // namespace

TEST_SUITE("model/kernel_atomics") {
    TEST_CASE(
        "every primitive's kind, LKMM class, result and operands follow from its kernel name by atomic_t.txt's rules") {
        REQUIRE(static_cast<size_t>(Prim::count_) == 80);
        for (Prim p : all_prims()) {
            const PrimInfo& info = prim_info(p);
            CAPTURE(info.name);
            const Derived d = derive(info.name);
            CHECK(info.prim == p);
            CHECK(info.kind == d.kind);
            CHECK(info.ordering == d.ordering);
            CHECK(info.result == d.result);
            CHECK(static_cast<int>(info.operands) == d.operands);
            CHECK(info.operand_negated == d.negated);
            Prim back = Prim::count_;
            REQUIRE(find_prim(info.name, back));
            CHECK(back == p);
        }
        Prim none = Prim::smp_mb;
        CHECK_FALSE(find_prim("atomic_frobnicate", none));
        CHECK(none == Prim::smp_mb);
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
            } else if (prim_info(p).kind != PrimKind::lock) {
                CHECK(l.access);
                CHECK(l.order == Order::seq_cst);
                CHECK_FALSE(l.fence);
            }
        }
    }

    TEST_CASE("under c11 unordered primitives lower to a bare relaxed access") {
        int seen = 0;
        for (Prim p : all_prims()) {
            if (prim_info(p).ordering != Ordering::unordered) continue;
            seen++;
            const Lowering l = lower(p, Memory::c11);
            CAPTURE(prim_info(p).name);
            CHECK(l.access);
            CHECK(l.order == Order::relaxed);
            CHECK_FALSE(l.fence_before);
            CHECK_FALSE(l.fence_after);
            CHECK_FALSE(l.fence_after_only_on_success);
            CHECK_FALSE(l.fence);
        }
        // atomic_read, atomic_set, READ_ONCE, WRITE_ONCE, inc, dec, add, sub, 4 *_return_relaxed,
        // 4 atomic_fetch_*_relaxed, atomic_add_negative_relaxed, 2 xchg_relaxed, 2 cmpxchg_relaxed.
        CHECK(seen == 21);
    }

    TEST_CASE("under c11 fully ordered RMWs lower to seq_cst fence, relaxed RMW, seq_cst fence") {
        int seen = 0;
        for (Prim p : all_prims()) {
            if (prim_info(p).ordering != Ordering::full) continue;
            seen++;
            const Lowering l = lower(p, Memory::c11);
            CAPTURE(prim_info(p).name);
            CHECK(l.access);
            CHECK(l.order == Order::relaxed);
            CHECK(l.fence_before);
            CHECK(l.fence_after);
            CHECK_FALSE(l.fence_after_only_on_success);
            CHECK_FALSE(l.fence);
        }
        // inc_and_test, dec_and_test, sub_and_test, add_negative, 4 *_return, 4 atomic_fetch_*,
        // atomic_xchg, xchg.
        CHECK(seen == 14);
    }

    TEST_CASE("atomic_dec_and_test is fully ordered under c11") {
        const Lowering l = lower(Prim::atomic_dec_and_test, Memory::c11);
        CHECK(l.access);
        CHECK(l.order == Order::relaxed);
        CHECK(l.fence_before);
        CHECK(l.fence_after);
        CHECK_FALSE(l.fence_after_only_on_success);
    }

    TEST_CASE("atomic_add_unless keeps its trailing fence only on success under c11") {
        const Lowering l = lower(Prim::atomic_add_unless, Memory::c11);
        CHECK(l.access);
        CHECK(l.order == Order::relaxed);
        CHECK(l.fence_before);
        CHECK(l.fence_after);
        CHECK(l.fence_after_only_on_success);
        CHECK_FALSE(l.fence);
    }

    TEST_CASE("under c11 smp_rmb is an acquire fence, smp_wmb a release fence, and the full barriers seq_cst fences") {
        CHECK(lower(Prim::smp_rmb, Memory::c11).fence_order == Order::acquire);
        CHECK(lower(Prim::smp_wmb, Memory::c11).fence_order == Order::release);
        CHECK(lower(Prim::smp_mb, Memory::c11).fence_order == Order::seq_cst);
        CHECK(lower(Prim::smp_mb__before_atomic, Memory::c11).fence_order == Order::seq_cst);
        CHECK(lower(Prim::smp_mb__after_atomic, Memory::c11).fence_order == Order::seq_cst);
        for (Prim p : all_prims()) {
            if (!is_barrier(p)) continue;
            const Lowering l = lower(p, Memory::c11);
            CAPTURE(prim_info(p).name);
            CHECK_FALSE(l.access);
            CHECK(l.fence == (p != Prim::barrier));  // a compiler barrier orders no marked access
            CHECK(l.fence_order == expected_barrier_order(p));
            CHECK_FALSE(l.fence_before);
            CHECK_FALSE(l.fence_after);
        }
    }

    TEST_CASE(
        "under relaxed every access is relaxed, even value-returning RMWs, except what the code spells _acquire or "
        "_release") {
        for (Prim p : all_prims()) {
            if (is_barrier(p) || prim_info(p).kind == PrimKind::lock) continue;
            const Lowering l = lower(p, Memory::relaxed);
            const std::string name = prim_info(p).name;
            CAPTURE(name);
            CHECK(l.access);
            const bool acq = ends_with(name, "_acquire") || name == "smp_load_acquire";
            const bool rel = ends_with(name, "_release") || name == "smp_store_release";
            CHECK(l.order == (acq ? Order::acquire : rel ? Order::release : Order::relaxed));
            CHECK_FALSE(l.fence_before);
            CHECK_FALSE(l.fence_after);
            CHECK_FALSE(l.fence_after_only_on_success);
            CHECK_FALSE(l.fence);
        }
    }

    TEST_CASE("under relaxed the explicit smp_* barriers are kept with their c11 fence orders") {
        for (Prim p : all_prims()) {
            if (!is_barrier(p)) continue;
            const Lowering l = lower(p, Memory::relaxed);
            CAPTURE(prim_info(p).name);
            CHECK_FALSE(l.access);
            CHECK(l.fence == (p != Prim::barrier));
            CHECK(l.fence_order == expected_barrier_order(p));
        }
    }

    TEST_CASE("memory setting names round-trip through parse_memory and unknown names are rejected") {
        for (Memory m : {Memory::sc, Memory::c11, Memory::relaxed}) {
            Memory back = m == Memory::sc ? Memory::c11 : Memory::sc;
            REQUIRE(parse_memory(memory_name(m), back));
            CHECK(back == m);
        }
        CHECK(std::string(memory_name(Memory::sc)) == "sc");
        CHECK(std::string(memory_name(Memory::lkmm)) == "lkmm");
        CHECK(std::string(memory_name(Memory::c11)) == "c11");
        CHECK(std::string(memory_name(Memory::relaxed)) == "relaxed");
        Memory out = Memory::c11;
        CHECK_FALSE(parse_memory("SC", out));
        CHECK_FALSE(parse_memory("", out));
        CHECK_FALSE(parse_memory("foo", out));
        CHECK(out == Memory::c11);  // untouched on failure
    }

    TEST_CASE("order names are the C++11 spellings") {
        CHECK(std::string(order_name(Order::relaxed)) == "relaxed");
        CHECK(std::string(order_name(Order::acquire)) == "acquire");
        CHECK(std::string(order_name(Order::release)) == "release");
        CHECK(std::string(order_name(Order::acq_rel)) == "acq_rel");
        CHECK(std::string(order_name(Order::seq_cst)) == "seq_cst");
    }

}  // TEST_SUITE("model/kernel_atomics")
