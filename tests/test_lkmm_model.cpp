// tests/test_lkmm_model.cpp: the exact LKMM check on hand-built execution graphs, against
// the answers of the kernel's memory model (tools/memory-model, herd7) for the classic shapes.
#include <doctest/doctest.h>

#include "model/lkmm/lkmm_model.hpp"
#include "tests/lkmm_graph_support.hpp"

using namespace fc::lkmm;
using fc::lkmm::test::GraphBuilder;

namespace {
enum { X = 0, Y = 1 };

// MP: P0 writes x then y; P1 reads y = 1 then x = 0.
Verdict mp(Fence f0, Fence f1, Tag wy = Tag::once, Tag ry = Tag::once) {
    GraphBuilder b(2, 2);
    b.write(0, X, 1);
    if (f0 != Fence::none) b.fence(0, f0);
    const int wy_ev = b.write(0, Y, 1, wy);
    b.read(1, Y, wy_ev, ry);
    if (f1 != Fence::none) b.fence(1, f1);
    b.read(1, X, 0);  // the initial write of x
    return check(b.done(), Model::lkmm);
}
}  // namespace

TEST_CASE("MP with only once accesses is consistent under lkmm") { CHECK(mp(Fence::none, Fence::none).consistent); }

TEST_CASE(
    "MP with smp_wmb and smp_rmb is inconsistent by happens-before and the reason is the rf and co of the cycle") {
    const Verdict v = mp(Fence::wmb, Fence::rmb);
    CHECK_FALSE(v.consistent);
    CHECK(v.axiom == "happens-before");
    // The cycle needs P1's read of y from P0's write (rf) and its read of x from before P0's
    // write of x (fr, whichever write it read): one rf edge and one fr edge.
    CHECK(v.why.rf.size() == 1);
    CHECK(v.why.fr.size() == 1);
    CHECK(v.why.co.empty());
}

TEST_CASE("MP with release and acquire is inconsistent, with only one of them it is consistent") {
    CHECK_FALSE(mp(Fence::none, Fence::none, Tag::release, Tag::acquire).consistent);
    CHECK(mp(Fence::none, Fence::none, Tag::release, Tag::once).consistent);
    CHECK(mp(Fence::none, Fence::none, Tag::once, Tag::acquire).consistent);
}

TEST_CASE("smp_mb__before_atomic with no RMW after it orders nothing") {
    CHECK(mp(Fence::before_atomic, Fence::rmb).consistent);
    CHECK(mp(Fence::after_spinlock, Fence::rmb).consistent);
    CHECK_FALSE(mp(Fence::mb, Fence::rmb).consistent);
}

TEST_CASE("SB is consistent with once accesses and inconsistent by propagation with smp_mb on both sides") {
    auto sb = [](Fence f) {
        GraphBuilder b(2, 2);
        b.write(0, X, 1);
        if (f != Fence::none) b.fence(0, f);
        b.read(0, Y, 1);
        b.write(1, Y, 1);
        if (f != Fence::none) b.fence(1, f);
        b.read(1, X, 0);
        return check(b.done(), Model::lkmm);
    };
    CHECK(sb(Fence::none).consistent);
    const Verdict v = sb(Fence::mb);
    CHECK_FALSE(v.consistent);
    CHECK(v.axiom == "propagation");
    CHECK(sb(Fence::wmb).consistent);  // smp_wmb() does not order a write before a read
}

TEST_CASE("LB is consistent without dependencies and inconsistent with a control dependency on both sides") {
    auto lb = [](bool deps) {
        GraphBuilder b(2, 2);
        // P0: r0 = READ_ONCE(x); WRITE_ONCE(y, 1)   P1: r1 = READ_ONCE(y); WRITE_ONCE(x, 1)
        // with both reads seeing 1; the reads are added after the writes they read from.
        Graph& g = b.g;
        Event r0{EvType::read, Tag::once, Fence::none, 0, 0, X, 1, -1};
        Event w0{EvType::write, Tag::once, Fence::none, 0, 1, Y, 1, -1};
        Event r1{EvType::read, Tag::once, Fence::none, 1, 0, Y, 1, -1};
        Event w1{EvType::write, Tag::once, Fence::none, 1, 1, X, 1, -1};
        const int ir0 = g.add(r0), iw0 = g.add(w0), ir1 = g.add(r1), iw1 = g.add(w1);
        g.rf[static_cast<size_t>(ir0)] = iw1;
        g.rf[static_cast<size_t>(ir1)] = iw0;
        g.co[X].push_back(iw1);
        g.co[Y].push_back(iw0);
        b.done();
        if (deps) {
            b.ctrl(ir0, iw0);
            b.ctrl(ir1, iw1);
        }
        return check(g, Model::lkmm);
    };
    CHECK(lb(false).consistent);
    const Verdict v = lb(true);
    CHECK_FALSE(v.consistent);
    CHECK(v.axiom == "happens-before");
    CHECK(v.why.segments.size() == 2);  // each dependency rests on its CPU's path
}

TEST_CASE("CoRR reading the new value then the old one is inconsistent by coherence") {
    GraphBuilder b(1, 2);
    const int w = b.write(0, X, 1);
    b.read(1, X, w);
    b.read(1, X, 0);
    const Verdict v = check(b.done(), Model::lkmm);
    CHECK_FALSE(v.consistent);
    CHECK(v.axiom == "coherence");
}

TEST_CASE("an RMW whose read does not read its write's immediate coherence predecessor breaks atomic") {
    GraphBuilder b(1, 2);
    const int w = b.write(0, X, 5);
    auto [r, rw] = b.rmw(1, X, 0, 1);  // reads the initial 0, but P0's 5 comes between in co
    b.set_co(X, {0, w, rw});
    (void)r;
    const Verdict v = check(b.done(), Model::lkmm);
    CHECK_FALSE(v.consistent);
    CHECK(v.axiom == "atomic");
}

TEST_CASE("SC rejects SB's weak outcome and accepts MP's interleaving outcome") {
    GraphBuilder b(2, 2);
    b.write(0, X, 1);
    b.read(0, Y, 1);
    b.write(1, Y, 1);
    b.read(1, X, 0);
    CHECK_FALSE(check(b.done(), Model::sc).consistent);
    GraphBuilder m(2, 2);
    const int wx = m.write(0, X, 1);
    m.write(0, Y, 1);
    m.read(1, Y, 1);  // initial y: the interleaving reads before P0 runs
    m.read(1, X, wx);
    CHECK(check(m.done(), Model::sc).consistent);
}
