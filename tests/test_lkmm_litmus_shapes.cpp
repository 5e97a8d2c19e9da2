// tests/test_lkmm_litmus_shapes.cpp: the exact engine on more classic shapes (three and four
// CPUs, coherence, RMWs, spinlocks). Answers: the kernel's tools/memory-model/litmus-tests
// (torvalds/linux 02bae7a24257) where the shape is there (named), else derived by hand from
// linux-kernel.cat (the derivation in a comment).
#include <doctest/doctest.h>

#include "tests/lkmm_litmus_support.hpp"

using namespace fc;
using namespace fc::lkmm::test;

namespace {
constexpr Prim none = Prim::count_;
std::string obs(Litmus& l) { return observation(l.run()); }
}  // namespace

TEST_CASE("WRC with a release on the middle CPU and smp_rmb on the last is Never, with once accesses Sometimes") {
    // litmus-tests/WRC+pooncerelease+fencermbonceonce+Once.litmus: Never (A-cumulativity).
    for (bool ordered : {false, true}) {
        Litmus l(3);
        cpu(l, 0, [&](Emitter& e) { e.prim(Prim::WRITE_ONCE, X, 1); });
        cpu(l, 1, [&](Emitter& e) {
            const int r0 = e.reg("r0");
            e.prim(Prim::READ_ONCE, X, 0, r0);
            e.prim(ordered ? Prim::smp_store_release : Prim::WRITE_ONCE, Y, 1);
        });
        cpu(l, 2, [&](Emitter& e) {
            const int r0 = e.reg("r0"), r1 = e.reg("r1");
            e.prim(Prim::READ_ONCE, Y, 0, r0);
            if (ordered) e.barrier(Prim::smp_rmb);
            e.prim(Prim::READ_ONCE, X, 0, r1);
        });
        l.exists = [](const int* const* r, const int*) { return r[1][0] == 1 && r[2][0] == 1 && r[2][1] == 0; };
        CHECK(obs(l) == (ordered ? "Never" : "Sometimes"));
    }
}

TEST_CASE("IRIW with smp_rmb on the readers is Sometimes and with smp_mb Never") {
    // litmus-tests/IRIW+fencembonceonces+OnceOnce.litmus: Never;
    // IRIW+poonceonces+OnceOnce.litmus: Sometimes (smp_rmb() is not a strong fence either).
    for (Prim b : {Prim::smp_rmb, Prim::smp_mb}) {
        Litmus l(4);
        cpu(l, 0, [&](Emitter& e) { e.prim(Prim::WRITE_ONCE, X, 1); });
        cpu(l, 2, [&](Emitter& e) { e.prim(Prim::WRITE_ONCE, Y, 1); });
        for (int c : {1, 3})
            cpu(l, c, [&](Emitter& e) {
                const int r0 = e.reg("r0"), r1 = e.reg("r1");
                e.prim(Prim::READ_ONCE, c == 1 ? X : Y, 0, r0);
                e.barrier(b);
                e.prim(Prim::READ_ONCE, c == 1 ? Y : X, 0, r1);
            });
        l.exists = [](const int* const* r, const int*) {
            return r[1][0] == 1 && r[1][1] == 0 && r[3][0] == 1 && r[3][1] == 0;
        };
        CHECK(obs(l) == (b == Prim::smp_mb ? "Never" : "Sometimes"));
    }
}

TEST_CASE("ISA2 with release/acquire chains is Never") {
    // litmus-tests/ISA2+pooncerelease+poacquirerelease+poacquireonce.litmus: Never.
    Litmus l(3);
    cpu(l, 0, [&](Emitter& e) {
        e.prim(Prim::WRITE_ONCE, X, 1);
        e.prim(Prim::smp_store_release, Y, 1);
    });
    cpu(l, 1, [&](Emitter& e) {
        const int r0 = e.reg("r0");
        e.prim(Prim::smp_load_acquire, Y, 0, r0);
        e.prim(Prim::smp_store_release, Z, 1);
    });
    cpu(l, 2, [&](Emitter& e) {
        const int r0 = e.reg("r0"), r1 = e.reg("r1");
        e.prim(Prim::smp_load_acquire, Z, 0, r0);
        e.prim(Prim::READ_ONCE, X, 0, r1);
    });
    l.exists = [](const int* const* r, const int*) { return r[1][0] == 1 && r[2][0] == 1 && r[2][1] == 0; };
    CHECK(obs(l) == "Never");
}

TEST_CASE("2+2W: once and smp_wmb Sometimes, smp_mb Never") {
    // litmus-tests/2+2W+poonceonces.litmus: Sometimes; 2+2W+fencembonceonces.litmus: Never.
    // smp_wmb(): hb has no read to close the cycle and pb needs a strong fence: Sometimes.
    for (Prim b : {none, Prim::smp_wmb, Prim::smp_mb}) {
        Litmus l(2);
        for (int c = 0; c < 2; c++)
            cpu(l, c, [&](Emitter& e) {
                e.prim(Prim::WRITE_ONCE, c == 0 ? X : Y, 1);
                if (b != none) e.barrier(b);
                e.prim(Prim::WRITE_ONCE, c == 0 ? Y : X, 2);
            });
        l.exists = [](const int* const*, const int* fin) { return fin[X] == 1 && fin[Y] == 1; };
        const fc::SearchOutcome o = l.run();
        CHECK(std::string(observation(o)) == (b == Prim::smp_mb ? "Never" : "Sometimes"));
    }
}

TEST_CASE(
    "S with smp_wmb and an acquire load is Never; R with smp_mb on both sides Never, with smp_wmb on one Sometimes") {
    {  // litmus-tests/S+fencewmbonceonce+poacquireonce.litmus: Never.
        Litmus l(2);
        cpu(l, 0, [&](Emitter& e) {
            e.prim(Prim::WRITE_ONCE, X, 2);
            e.barrier(Prim::smp_wmb);
            e.prim(Prim::WRITE_ONCE, Y, 1);
        });
        cpu(l, 1, [&](Emitter& e) {
            const int r0 = e.reg("r0");
            e.prim(Prim::smp_load_acquire, Y, 0, r0);
            e.prim(Prim::WRITE_ONCE, X, 1);
        });
        l.exists = [](const int* const* r, const int* fin) { return r[1][0] == 1 && fin[X] == 2; };
        CHECK(obs(l) == "Never");
    }
    // litmus-tests/R+fencembonceonces.litmus: Never; R+poonceonces.litmus: Sometimes.
    for (Prim b0 : {Prim::smp_mb, Prim::smp_wmb}) {
        Litmus l(2);
        cpu(l, 0, [&](Emitter& e) {
            e.prim(Prim::WRITE_ONCE, X, 1);
            e.barrier(b0);
            e.prim(Prim::WRITE_ONCE, Y, 1);
        });
        cpu(l, 1, [&](Emitter& e) {
            const int r0 = e.reg("r0");
            e.prim(Prim::WRITE_ONCE, Y, 2);
            e.barrier(Prim::smp_mb);
            e.prim(Prim::READ_ONCE, X, 0, r0);
        });
        l.exists = [](const int* const* r, const int* fin) { return fin[Y] == 2 && r[1][0] == 0; };
        CHECK(obs(l) == (b0 == Prim::smp_mb ? "Never" : "Sometimes"));
    }
}

TEST_CASE("CoRR, CoRW, CoWR and CoWW outcomes against coherence are Never") {
    {  // CoRR: P1 reads the new value, then the old one.
        Litmus l(2);
        cpu(l, 0, [&](Emitter& e) { e.prim(Prim::WRITE_ONCE, X, 1); });
        cpu(l, 1, [&](Emitter& e) {
            const int r0 = e.reg("r0"), r1 = e.reg("r1");
            e.prim(Prim::READ_ONCE, X, 0, r0);
            e.prim(Prim::READ_ONCE, X, 0, r1);
        });
        l.exists = [](const int* const* r, const int*) { return r[1][0] == 1 && r[1][1] == 0; };
        CHECK(obs(l) == "Never");
    }
    {  // CoRW: P0 reads the other CPU's write that comes after its own in coherence.
        Litmus l(2);
        cpu(l, 0, [&](Emitter& e) {
            const int r0 = e.reg("r0");
            e.prim(Prim::READ_ONCE, X, 0, r0);
            e.prim(Prim::WRITE_ONCE, X, 1);
        });
        cpu(l, 1, [&](Emitter& e) { e.prim(Prim::WRITE_ONCE, X, 2); });
        l.exists = [](const int* const* r, const int* fin) { return r[0][0] == 2 && fin[X] == 2; };
        CHECK(obs(l) == "Never");
    }
    {  // CoWR: P0 writes then reads the initial value.
        Litmus l(2);
        cpu(l, 0, [&](Emitter& e) {
            const int r0 = e.reg("r0");
            e.prim(Prim::WRITE_ONCE, X, 1);
            e.prim(Prim::READ_ONCE, X, 0, r0);
        });
        cpu(l, 1, [&](Emitter& e) { e.prim(Prim::WRITE_ONCE, X, 2); });
        l.exists = [](const int* const* r, const int* fin) { return r[0][0] == 0 || (r[0][0] == 2 && fin[X] == 1); };
        CHECK(obs(l) == "Never");
    }
    {  // CoWW: two writes of one CPU end in the other order.
        Litmus l(2);
        cpu(l, 0, [&](Emitter& e) {
            e.prim(Prim::WRITE_ONCE, X, 1);
            e.prim(Prim::WRITE_ONCE, X, 2);
        });
        cpu(l, 1, [&](Emitter& e) { e.prim(Prim::READ_ONCE, X, 0, e.reg("r0")); });
        l.exists = [](const int* const*, const int* fin) { return fin[X] == 1; };
        CHECK(obs(l) == "Never");
    }
}

TEST_CASE("atomic_inc is unordered, atomic_inc_return fully ordered (SB shape)") {
    for (Prim p : {Prim::atomic_inc, Prim::atomic_inc_return}) {
        Litmus l(2);
        for (int c = 0; c < 2; c++)
            cpu(l, c, [&](Emitter& e) {
                const int r0 = e.reg("r0"), r1 = e.reg("r1");
                e.prim(Prim::WRITE_ONCE, c == 0 ? X : Y, 1);
                e.prim(p, Z, 0, p == Prim::atomic_inc ? -1 : r1);
                e.prim(Prim::READ_ONCE, c == 0 ? Y : X, 0, r0);
            });
        l.exists = [](const int* const* r, const int* fin) { return r[0][0] == 0 && r[1][0] == 0 && fin[Z] == 2; };
        CHECK(obs(l) == (p == Prim::atomic_inc ? "Sometimes" : "Never"));
    }
}

TEST_CASE("a failing cmpxchg orders nothing, a succeeding one is a full barrier") {
    // litmus-tests/cmpxchg-fail-unordered-1.litmus: Sometimes (z = 0: both fail);
    // cmpxchg-fail-ordered-1 needs smp_mb__after_atomic(); here z = 1 lets one succeed.
    for (int z0 : {0, 1}) {
        Litmus l(2);
        l.s.init.value[Z] = z0;
        for (int c = 0; c < 2; c++)
            cpu(l, c, [&](Emitter& e) {
                const int r0 = e.reg("r0"), r1 = e.reg("r1");
                e.prim(Prim::WRITE_ONCE, c == 0 ? X : Y, 1);
                e.prim_ops(Prim::cmpxchg, Z, {-1, 1}, {-1, 0}, r1);
                e.prim(Prim::READ_ONCE, c == 0 ? Y : X, 0, r0);
            });
        l.exists = [](const int* const* r, const int*) { return r[0][0] == 0 && r[1][0] == 0; };
        // z = 1: one cmpxchg succeeds (full barrier on that CPU) and the other fails: still
        // Sometimes, since SB needs both CPUs ordered. Both succeed is impossible.
        CHECK(obs(l) == "Sometimes");
    }
    {  // cmpxchg-fail-ordered-1 (Documentation/litmus-tests/atomic): a failed cmpxchg() then
       // smp_mb__after_atomic() is a full barrier: Never. The failed read is still in herd7's
       // `RMW` set (an atomic access), which After-atomic needs before it.
        Litmus l(2);
        for (int c = 0; c < 2; c++)
            cpu(l, c, [&](Emitter& e) {
                const int r0 = e.reg("r0"), r1 = e.reg("r1");
                e.prim(Prim::WRITE_ONCE, c == 0 ? X : Y, 1);
                e.prim_ops(Prim::cmpxchg, Z, {-1, 1}, {-1, 0}, r1);
                e.barrier(Prim::smp_mb__after_atomic);
                e.prim(Prim::READ_ONCE, c == 0 ? Y : X, 0, r0);
            });
        l.exists = [](const int* const* r, const int*) { return r[0][0] == 0 && r[1][0] == 0; };
        CHECK(obs(l) == "Never");
    }
}

TEST_CASE("MP with both sides in critical sections of one spinlock is Never; unlocked it is Sometimes") {
    // litmus-tests/MP+polocks.litmus: Never.
    for (bool locked : {false, true}) {
        Litmus l(2);
        l.s.nlocks = 1;
        cpu(l, 0, [&](Emitter& e) {
            e.prim(Prim::WRITE_ONCE, X, 1);
            if (locked) e.prim(Prim::spin_lock, 0);
            e.prim(Prim::WRITE_ONCE, Y, 1);
            if (locked) e.prim(Prim::spin_unlock, 0);
        });
        cpu(l, 1, [&](Emitter& e) {
            const int r0 = e.reg("r0"), r1 = e.reg("r1");
            if (locked) e.prim(Prim::spin_lock, 0);
            e.prim(Prim::READ_ONCE, Y, 0, r0);
            if (locked) e.prim(Prim::spin_unlock, 0);
            e.prim(Prim::READ_ONCE, X, 0, r1);
        });
        l.exists = [](const int* const* r, const int*) { return r[1][0] == 1 && r[1][1] == 0; };
        CHECK(obs(l) == (locked ? "Never" : "Sometimes"));
    }
}

TEST_CASE("SB with every access in one spinlock's critical sections is Never") {
    // litmus-tests/SB+polocks? no such file; by lock.cat the critical sections are ordered by
    // co of the lock, and po-unlock-lock-po & int is in ppo, so one CPU sees the other's write.
    Litmus l(2);
    l.s.nlocks = 1;
    for (int c = 0; c < 2; c++)
        cpu(l, c, [&](Emitter& e) {
            const int r0 = e.reg("r0");
            e.prim(Prim::spin_lock, 0);
            e.prim(Prim::WRITE_ONCE, c == 0 ? X : Y, 1);
            e.prim(Prim::READ_ONCE, c == 0 ? Y : X, 0, r0);
            e.prim(Prim::spin_unlock, 0);
        });
    l.exists = [](const int* const* r, const int*) { return r[0][0] == 0 && r[1][0] == 0; };
    CHECK(obs(l) == "Never");
}

TEST_CASE("spin_trylock on a lock held for the whole run fails, and succeeds on a free one") {
    for (bool held : {false, true}) {
        Litmus l(2);
        l.s.nlocks = 1;
        cpu(l, 0, [&](Emitter& e) {
            if (held) e.prim(Prim::spin_lock, 0);
            e.prim(Prim::WRITE_ONCE, X, 1);
        });
        cpu(l, 1, [&](Emitter& e) {
            const int r0 = e.reg("r0"), r1 = e.reg("r1");
            e.prim(Prim::READ_ONCE, X, 0, r1);
            e.prim_ops(Prim::spin_trylock, 0, {-1, 0}, {-1, 0}, r0);
        });
        // Violation: the trylock succeeded after P0's write was seen (P0 locked before it).
        l.exists = [](const int* const* r, const int*) { return r[1][1] == 1 && r[1][0] == 1; };
        CHECK(obs(l) == (held ? "Never" : "Sometimes"));
    }
}
