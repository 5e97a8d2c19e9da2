// model/lkmm/rel_expr.hpp: relations of one execution graph as an expression DAG that keeps
// how each relation is built, so that a pair of a derived relation can be explained by the
// reads-from and coherence edges (and the executed events and paths) it rests on:
//   union -> a branch that holds it; intersection -> every branch; sequence -> an
//   intermediate event; closure -> a shortest path; fr -> the rf and co edges it combines.
#pragma once

#include <vector>

#include "model/lkmm/graph.hpp"
#include "model/lkmm/relation.hpp"

namespace fc::lkmm {

class RelExpr {
public:
    explicit RelExpr(const Graph& g);
    using Id = int;
    // A relation fixed by the events and the paths taken. path_dependent: a pair of it also
    // rests on the exact path between its two events (dependencies, fence positions).
    Id fixed(Rel r, bool path_dependent = false);
    Id order(Rel r);            // a fixed relation that is transitive (program order)
    Id set(const EventSet& s);  // [S]
    Id rf();
    Id co();
    Id fr();  // rf^-1 ; co
    Id uni(std::vector<Id> kids);
    Id inter(Id a, Id b);
    Id seq(std::vector<Id> kids);  // left to right
    Id plus(Id a);
    Id star(Id a);
    Id opt(Id a);
    Id inv(Id a);
    Id minus_fixed(Id a, Id fixed_b);  // a \ b, b built by fixed() or set()

    const Rel& val(Id id);
    // Adds to w what (a, b) in relation id rests on. Precondition: val(id).has(a, b).
    void explain(Id id, int a, int b, Witness& w);
    // acyclic(id): -1, or an event on a cycle; explain_cycle adds the cycle's reasons.
    int cycle(Id id);
    void explain_cycle(Id id, int on_cycle, Witness& w);

private:
    enum class Op : uint8_t { fixed, rf, co, fr, uni, inter, seq, plus, star, opt, inv, minus };
    struct Node {
        Op op;
        bool path = false;
        bool transitive = false;  // val is transitive: order(), closures
        bool is_set = false;      // val is [set]: a sequence with it restricts rows or columns
        EventSet set;
        std::vector<Id> kids;
        Rel val;
        bool ready = false;
    };
    Id push(Op op, std::vector<Id> kids);
    Rel then(const Rel& left, Id right);
    void explain_edge_fixed(const Node& n, int a, int b, Witness& w);
    const Graph& m_g;
    std::vector<Node> m_nodes;
};

}  // namespace fc::lkmm
