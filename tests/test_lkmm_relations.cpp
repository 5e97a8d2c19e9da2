// tests/test_lkmm_relations.cpp: the relation algebra the exact LKMM check is built from
// (model/lkmm/relation.cpp, rel_expr.cpp), against the definitions computed the slow way on
// small random relations: the fast paths (closure over components, composition that skips
// what a row already reaches, sequences taken apart over unions, options and sets) must give
// exactly the relation the cat file's operator defines.
#include <random>
#include <vector>

#include <doctest/doctest.h>

#include "model/lkmm/graph.hpp"
#include "model/lkmm/rel_expr.hpp"
#include "model/lkmm/relation.hpp"

using namespace fc::lkmm;

namespace {

using Bools = std::vector<std::vector<bool>>;

Bools bools(const Rel& r) {
    Bools b(static_cast<size_t>(r.size()), std::vector<bool>(static_cast<size_t>(r.size())));
    for (int a = 0; a < r.size(); a++)
        for (int c = 0; c < r.size(); c++) b[static_cast<size_t>(a)][static_cast<size_t>(c)] = r.has(a, c);
    return b;
}

// Pairs (a, b) at the given density; `forward` keeps only a < b (program-order-like).
Rel random_rel(std::mt19937& rng, int n, double density, bool forward = false) {
    std::bernoulli_distribution pick(density);
    Rel r(n);
    for (int a = 0; a < n; a++)
        for (int b = 0; b < n; b++)
            if ((!forward || a < b) && pick(rng)) r.add(a, b);
    return r;
}

Bools compose(const Bools& x, const Bools& y) {
    const size_t n = x.size();
    Bools z(n, std::vector<bool>(n));
    for (size_t a = 0; a < n; a++)
        for (size_t k = 0; k < n; k++)
            if (x[a][k])
                for (size_t c = 0; c < n; c++)
                    if (y[k][c]) z[a][c] = true;
    return z;
}

Bools closure(Bools x) {  // Floyd-Warshall: the definition of r+
    const size_t n = x.size();
    for (size_t k = 0; k < n; k++)
        for (size_t a = 0; a < n; a++)
            if (x[a][k])
                for (size_t c = 0; c < n; c++)
                    if (x[k][c]) x[a][c] = true;
    return x;
}

Bools unite(Bools x, const Bools& y) {
    for (size_t a = 0; a < x.size(); a++)
        for (size_t c = 0; c < x.size(); c++)
            if (y[a][c]) x[a][c] = true;
    return x;
}

Bools identity_of(const std::vector<bool>& s) {
    Bools z(s.size(), std::vector<bool>(s.size()));
    for (size_t a = 0; a < s.size(); a++) z[a][a] = s[a];
    return z;
}

Graph graph_of_size(int n) {
    Graph g;
    for (int i = 0; i < n; i++) {
        Event e;
        e.type = EvType::fence;
        e.cpu = 0;
        e.pc = i;
        g.add(e);
    }
    return g;
}

}  // namespace

TEST_CASE("the transitive closure is the definition's on random relations, cycles and self-loops included") {
    std::mt19937 rng(20261207);
    for (int n : {1, 2, 5, 63, 64, 65, 130}) {
        for (double density : {0.0, 0.01, 0.03, 0.1, 0.5}) {
            for (bool forward : {false, true}) {
                CAPTURE(n);
                CAPTURE(density);
                CAPTURE(forward);
                const Rel r = random_rel(rng, n, density, forward);
                CHECK(bools(r.plus()) == closure(bools(r)));
                Bools refl = closure(bools(r));
                for (int a = 0; a < n; a++) refl[static_cast<size_t>(a)][static_cast<size_t>(a)] = true;
                CHECK(bools(r.star()) == refl);
            }
        }
    }
}

TEST_CASE("composition with a transitive relation skips nothing it should reach") {
    std::mt19937 rng(7);
    for (int n : {3, 64, 100}) {
        for (double density : {0.02, 0.2}) {
            CAPTURE(n);
            CAPTURE(density);
            const Rel left = random_rel(rng, n, density);
            const Rel order = random_rel(rng, n, density, true).plus();  // transitive, as po is
            CHECK(bools(left.seq(order, true)) == compose(bools(left), bools(order)));
            const Rel other = random_rel(rng, n, density);
            CHECK(bools(left.seq(other)) == compose(bools(left), bools(other)));
        }
    }
}

TEST_CASE("a sequence is evaluated to the same relation however its right side is taken apart") {
    // A ; ([S] ; po ; [F] ; po) | B? ; [T]: the shape of a fence relation beside an option,
    // as linux-kernel.cat composes them (strong-fence, prop's optional parts).
    std::mt19937 rng(11);
    const int n = 90;
    const Graph g = graph_of_size(n);
    for (int round = 0; round < 6; round++) {
        CAPTURE(round);
        std::vector<bool> s(n), f(n), t(n);
        EventSet S(n), F(n), T(n);
        std::bernoulli_distribution coin(0.4), rare(0.1);
        for (int i = 0; i < n; i++) {
            if (coin(rng)) s[static_cast<size_t>(i)] = true, S.add(i);
            if (rare(rng)) f[static_cast<size_t>(i)] = true, F.add(i);
            if (coin(rng)) t[static_cast<size_t>(i)] = true, T.add(i);
        }
        const Rel a = random_rel(rng, n, 0.05), b = random_rel(rng, n, 0.03);
        const Rel po = random_rel(rng, n, 0.3, true).plus();
        RelExpr x(g);
        const auto A = x.fixed(a), B = x.fixed(b), P = x.order(po);
        const auto fencerel = x.seq({x.set(S), P, x.set(F), P});
        const auto e = x.seq({A, x.uni({fencerel, x.opt(B)}), x.set(T)});
        const Bools P_ = bools(po);
        const Bools fence_ = compose(compose(compose(identity_of(s), P_), identity_of(f)), P_);
        Bools b_opt = bools(b);
        for (int i = 0; i < n; i++) b_opt[static_cast<size_t>(i)][static_cast<size_t>(i)] = true;
        const Bools want = compose(compose(bools(a), unite(fence_, b_opt)), identity_of(t));
        CHECK(bools(x.val(e)) == want);
    }
}
