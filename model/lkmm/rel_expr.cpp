// model/lkmm/rel_expr.cpp: evaluation and explanation of relation expressions.
#include "model/lkmm/rel_expr.hpp"

#include <stdexcept>

namespace fc::lkmm {

RelExpr::RelExpr(const Graph& g) : m_g(g) {}

RelExpr::Id RelExpr::push(Op op, std::vector<Id> kids) {
    Node n;
    n.op = op;
    n.kids = std::move(kids);
    m_nodes.push_back(std::move(n));
    return static_cast<Id>(m_nodes.size() - 1);
}

RelExpr::Id RelExpr::fixed(Rel r, bool path_dependent) {
    const Id id = push(Op::fixed, {});
    m_nodes[static_cast<size_t>(id)].val = std::move(r);
    m_nodes[static_cast<size_t>(id)].ready = true;
    m_nodes[static_cast<size_t>(id)].path = path_dependent;
    return id;
}

RelExpr::Id RelExpr::order(Rel r) {
    const Id id = fixed(std::move(r));
    m_nodes[static_cast<size_t>(id)].transitive = true;
    return id;
}

// [S] is materialised only if something asks for its matrix: a sequence with it restricts
// rows or columns instead (val(), then()), and at thousands of events each identity matrix
// is megabytes the kernel must zero.
RelExpr::Id RelExpr::set(const EventSet& s) {
    const Id id = push(Op::fixed, {});
    m_nodes[static_cast<size_t>(id)].is_set = true;
    m_nodes[static_cast<size_t>(id)].set = s;
    return id;
}
RelExpr::Id RelExpr::rf() { return push(Op::rf, {}); }
RelExpr::Id RelExpr::co() { return push(Op::co, {}); }
RelExpr::Id RelExpr::fr() { return push(Op::fr, {}); }
RelExpr::Id RelExpr::uni(std::vector<Id> kids) { return push(Op::uni, std::move(kids)); }
RelExpr::Id RelExpr::inter(Id a, Id b) { return push(Op::inter, {a, b}); }
RelExpr::Id RelExpr::plus(Id a) {
    const Id id = push(Op::plus, {a});
    m_nodes[static_cast<size_t>(id)].transitive = true;
    return id;
}
RelExpr::Id RelExpr::star(Id a) {
    const Id id = push(Op::star, {a});
    m_nodes[static_cast<size_t>(id)].transitive = true;
    return id;
}
RelExpr::Id RelExpr::opt(Id a) {
    const Id id = push(Op::opt, {a});
    m_nodes[static_cast<size_t>(id)].transitive = m_nodes[static_cast<size_t>(a)].transitive;
    return id;
}
RelExpr::Id RelExpr::inv(Id a) { return push(Op::inv, {a}); }

RelExpr::Id RelExpr::minus_fixed(Id a, Id b) {
    if (m_nodes[static_cast<size_t>(b)].op != Op::fixed)
        throw std::logic_error("minus_fixed: right side must be fixed");
    return push(Op::minus, {a, b});
}

RelExpr::Id RelExpr::seq(std::vector<Id> kids) {
    if (kids.size() == 1) return kids[0];
    Id acc = kids[0];
    for (size_t i = 1; i < kids.size(); i++) acc = push(Op::seq, {acc, kids[i]});
    return acc;
}

const Rel& RelExpr::val(Id id) {
    Node& n = m_nodes[static_cast<size_t>(id)];
    if (n.ready) return n.val;
    const int size = m_g.size();
    Rel r(size);
    switch (n.op) {
    case Op::fixed:
        if (n.is_set) r = Rel::identity(n.set);  // a set() asked for as a matrix
        break;
    case Op::rf:
        for (int e = 0; e < size; e++)
            if (m_g.rf[static_cast<size_t>(e)] >= 0) r.add(m_g.rf[static_cast<size_t>(e)], e);
        break;
    case Op::co:
        if (m_g.partial) {
            r = m_g.co_edges;
            break;
        }
        for (const std::vector<int>& order : m_g.co)
            for (size_t i = 0; i < order.size(); i++)
                for (size_t j = i + 1; j < order.size(); j++) r.add(order[i], order[j]);
        break;
    case Op::fr: {
        if (m_g.partial) {
            r = m_g.fr_edges;
            break;
        }
        // fr = rf^-1 ; co (lock.cat: `let fr = rf^-1 ; co`)
        std::vector<int> pos(static_cast<size_t>(size), -1);
        for (const std::vector<int>& order : m_g.co)
            for (size_t i = 0; i < order.size(); i++) pos[static_cast<size_t>(order[i])] = static_cast<int>(i);
        for (int e = 0; e < size; e++) {
            const int src = m_g.rf[static_cast<size_t>(e)];
            if (src < 0) continue;
            const std::vector<int>& order = m_g.co[static_cast<size_t>(m_g.ev[static_cast<size_t>(src)].loc)];
            for (size_t j = static_cast<size_t>(pos[static_cast<size_t>(src)]) + 1; j < order.size(); j++)
                r.add(e, order[j]);
        }
        break;
    }
    case Op::uni:
        for (Id k : n.kids) r |= val(k);
        break;
    case Op::inter:
        r = val(n.kids[0]);
        r &= val(n.kids[1]);
        break;
    case Op::seq: {
        const Node& left = m_nodes[static_cast<size_t>(n.kids[0])];
        if (left.is_set) r = val(n.kids[1]).restrict(left.set, EventSet::all(size));  // [S] ; A
        else r = then(val(n.kids[0]), n.kids[1]);
        break;
    }
    case Op::plus: r = val(n.kids[0]).plus(); break;
    case Op::star: r = val(n.kids[0]).star(); break;
    case Op::opt: r = val(n.kids[0]).opt(); break;
    case Op::inv: r = val(n.kids[0]).inverse(); break;
    case Op::minus: r = val(n.kids[0]).minus(val(n.kids[1])); break;
    }
    Node& m = m_nodes[static_cast<size_t>(id)];  // val() of kids may have grown m_nodes? no: nodes are fixed here
    m.val = std::move(r);
    m.ready = true;
    return m.val;
}

// left ; right, with right taken apart where that is cheaper than composing with its value:
// A ; [S] keeps columns; A ; (X ; Y) = (A ; X) ; Y; A ; (X | Y) = A ; X | A ; Y; A ; X? = A |
// A ; X. A fence relation (po ; [F] ; po, inside unions) then becomes column restrictions
// and compositions with program order, which is transitive (Rel::seq skips what a row
// already reaches), instead of a dense left side composed with a dense right side.
Rel RelExpr::then(const Rel& left, Id right) {
    const Node& n = m_nodes[static_cast<size_t>(right)];
    switch (n.op) {
    case Op::fixed:
        if (n.is_set) return left.restrict(EventSet::all(left.size()), n.set);
        break;
    case Op::seq: return then(then(left, n.kids[0]), n.kids[1]);
    case Op::uni: {
        Rel r(left.size());
        for (Id k : n.kids) r |= then(left, k);
        return r;
    }
    case Op::opt: {
        Rel r = left;
        r |= then(left, n.kids[0]);
        return r;
    }
    default: break;
    }
    return left.seq(val(right), n.transitive);
}

void RelExpr::explain_edge_fixed(const Node& n, int a, int b, Witness& w) {
    w.events.push_back(a);
    w.events.push_back(b);
    if (!n.path) return;
    const Event& ea = m_g.ev[static_cast<size_t>(a)];
    const Event& eb = m_g.ev[static_cast<size_t>(b)];
    if (ea.cpu >= 0 && ea.cpu == eb.cpu)
        w.segments.emplace_back(ea.cpu, std::min(ea.pc, eb.pc), std::max(ea.pc, eb.pc));
}

void RelExpr::explain(Id id, int a, int b, Witness& w) {
    const Node& n = m_nodes[static_cast<size_t>(id)];
    switch (n.op) {
    case Op::fixed: explain_edge_fixed(n, a, b, w); return;
    case Op::rf:
        w.rf.emplace_back(a, b);
        w.events.push_back(a);
        w.events.push_back(b);
        return;
    case Op::co:
        w.co.emplace_back(a, b);
        w.events.push_back(a);
        w.events.push_back(b);
        return;
    case Op::fr:
        // As its own literal (the read's source is co-before b), whichever write it read.
        w.fr.emplace_back(a, b);
        w.events.push_back(a);
        w.events.push_back(b);
        return;
    case Op::uni:
        for (Id k : n.kids)
            if (val(k).has(a, b)) {
                explain(k, a, b, w);
                return;
            }
        break;
    case Op::inter:
        explain(n.kids[0], a, b, w);
        explain(n.kids[1], a, b, w);
        return;
    case Op::minus: explain(n.kids[0], a, b, w); return;
    case Op::seq: {
        const Rel& l = val(n.kids[0]);
        const Rel& r = val(n.kids[1]);
        for (int c : l.successors(a))
            if (r.has(c, b)) {
                explain(n.kids[0], a, c, w);
                explain(n.kids[1], c, b, w);
                return;
            }
        break;
    }
    case Op::opt:
        if (a == b) return;
        explain(n.kids[0], a, b, w);
        return;
    case Op::star:
        if (a == b) return;
        [[fallthrough]];
    case Op::plus: {
        const std::vector<int> p = val(n.kids[0]).path(a, b);
        if (p.empty()) break;
        for (size_t i = 0; i + 1 < p.size(); i++) explain(n.kids[0], p[i], p[i + 1], w);
        return;
    }
    case Op::inv: explain(n.kids[0], b, a, w); return;
    }
    throw std::logic_error("explain: the pair is not in the relation");
}

int RelExpr::cycle(Id id) { return val(id).cycle_event(); }

void RelExpr::explain_cycle(Id id, int on_cycle, Witness& w) {
    const std::vector<int> p = val(id).path(on_cycle, on_cycle);
    if (p.empty()) throw std::logic_error("explain_cycle: no cycle through the event");
    for (size_t i = 0; i + 1 < p.size(); i++) explain(id, p[i], p[i + 1], w);
}

}  // namespace fc::lkmm
