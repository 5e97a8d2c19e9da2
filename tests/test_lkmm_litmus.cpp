// tests/test_lkmm_litmus.cpp: the exact engine on the classic litmus shapes, each with the
// answer of the kernel's memory model (tools/memory-model/litmus-tests at torvalds/linux
// 02bae7a24257 where the shape is there, else derived by hand from linux-kernel.cat).
#include <doctest/doctest.h>

#include "tests/lkmm_litmus_support.hpp"

using namespace fc;
using namespace fc::lkmm::test;

namespace {

// MP: P0 writes x then y (barrier b0 between); P1 reads y then x (barrier b1 between).
const char* mp(Prim wy, Prim b0, Prim ry, Prim b1) {
    Litmus l(2);
    cpu(l, 0, [&](Emitter& e) {
        e.prim(Prim::WRITE_ONCE, X, 1);
        if (b0 != Prim::count_) e.barrier(b0);
        e.prim(wy, Y, 1);
    });
    cpu(l, 1, [&](Emitter& e) {
        const int r0 = e.reg("r0"), r1 = e.reg("r1");
        e.prim(ry, Y, 0, r0);
        if (b1 != Prim::count_) e.barrier(b1);
        e.prim(Prim::READ_ONCE, X, 0, r1);
    });
    l.exists = [](const int* const* r, const int*) { return r[1][0] == 1 && r[1][1] == 0; };
    return observation(l.run());
}
constexpr Prim none = Prim::count_;

// SB: each CPU writes its variable, barrier, reads the other's.
const char* sb(Prim b) {
    Litmus l(2);
    for (int c = 0; c < 2; c++)
        cpu(l, c, [&](Emitter& e) {
            const int r0 = e.reg("r0");
            e.prim(Prim::WRITE_ONCE, c == 0 ? X : Y, 1);
            if (b != none) e.barrier(b);
            e.prim(Prim::READ_ONCE, c == 0 ? Y : X, 0, r0);
        });
    l.exists = [](const int* const* r, const int*) { return r[0][0] == 0 && r[1][0] == 0; };
    return observation(l.run());
}

}  // namespace

TEST_CASE("MP: once accesses Sometimes, wmb+rmb Never, release/acquire Never") {
    CHECK(std::string(mp(Prim::WRITE_ONCE, none, Prim::READ_ONCE, none)) == "Sometimes");
    CHECK(std::string(mp(Prim::WRITE_ONCE, Prim::smp_wmb, Prim::READ_ONCE, Prim::smp_rmb)) == "Never");
    CHECK(std::string(mp(Prim::smp_store_release, none, Prim::smp_load_acquire, none)) == "Never");
    CHECK(std::string(mp(Prim::WRITE_ONCE, Prim::smp_wmb, Prim::READ_ONCE, none)) == "Sometimes");
}

TEST_CASE("MP: smp_mb__before_atomic and smp_mb__after_spinlock with no RMW or lock next to them order nothing") {
    CHECK(std::string(mp(Prim::WRITE_ONCE, Prim::smp_mb__before_atomic, Prim::READ_ONCE, Prim::smp_rmb)) ==
          "Sometimes");
    CHECK(std::string(mp(Prim::WRITE_ONCE, Prim::smp_mb__after_spinlock, Prim::READ_ONCE, Prim::smp_rmb)) ==
          "Sometimes");
    CHECK(std::string(mp(Prim::WRITE_ONCE, Prim::smp_mb, Prim::READ_ONCE, Prim::smp_rmb)) == "Never");
}

TEST_CASE("MP: smp_mb__after_atomic() after a WRITE_ONCE() (no RMW before it) orders nothing") {
    // linux-kernel.cat `mb`: [M] ; po? ; [RMW] ; fencerel(After-atomic) ; [M] needs an RMW.
    CHECK(std::string(mp(Prim::WRITE_ONCE, Prim::smp_mb__after_atomic, Prim::READ_ONCE, Prim::smp_rmb)) == "Sometimes");
}

TEST_CASE("SB: once Sometimes, smp_mb on both sides Never, smp_wmb Sometimes") {
    CHECK(std::string(sb(none)) == "Sometimes");
    CHECK(std::string(sb(Prim::smp_mb)) == "Never");
    CHECK(std::string(sb(Prim::smp_wmb)) == "Sometimes");
}

TEST_CASE("SB under sc is Never without barriers") {
    Litmus l(2, Memory::sc);
    for (int c = 0; c < 2; c++)
        cpu(l, c, [&](Emitter& e) {
            const int r0 = e.reg("r0");
            e.prim(Prim::WRITE_ONCE, c == 0 ? X : Y, 1);
            e.prim(Prim::READ_ONCE, c == 0 ? Y : X, 0, r0);
        });
    l.exists = [](const int* const* r, const int*) { return r[0][0] == 0 && r[1][0] == 0; };
    const SearchOutcome o = l.run();
    CHECK(std::string(observation(o)) == "Never");
    CHECK(o.exact.outcomes == 3);  // (0,1) (1,0) (1,1)
}

TEST_CASE("LB: once Sometimes, a control dependency on both sides Never") {
    for (bool ctrl : {false, true}) {
        Litmus l(2);
        for (int c = 0; c < 2; c++)
            cpu(l, c, [&](Emitter& e) {
                const int r0 = e.reg("r0");
                e.prim(Prim::READ_ONCE, c == 0 ? X : Y, 0, r0);
                const int skip = e.label();
                if (ctrl) e.jz(r0, skip);
                e.prim(Prim::WRITE_ONCE, c == 0 ? Y : X, 1);
                e.bind(skip);
            });
        l.exists = [](const int* const* r, const int*) { return r[0][0] == 1 && r[1][0] == 1; };
        const SearchOutcome o = l.run();
        CHECK(std::string(observation(o)) == (ctrl ? "Never" : "Sometimes"));
        if (!ctrl) CHECK_FALSE(o.exact.cx_sc);  // load buffering is not an interleaving
    }
}
