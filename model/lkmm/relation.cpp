// model/lkmm/relation.cpp: bit-matrix relations (see relation.hpp).
#include "model/lkmm/relation.hpp"

#include <algorithm>
#include <deque>

namespace fc::lkmm {

EventSet& EventSet::operator|=(const EventSet& o) {
    for (size_t i = 0; i < m_w.size(); i++) m_w[i] |= o.m_w[i];
    return *this;
}

EventSet& EventSet::operator&=(const EventSet& o) {
    for (size_t i = 0; i < m_w.size(); i++) m_w[i] &= o.m_w[i];
    return *this;
}

EventSet EventSet::minus(const EventSet& o) const {
    EventSet r = *this;
    for (size_t i = 0; i < m_w.size(); i++) r.m_w[i] &= ~o.m_w[i];
    return r;
}

EventSet EventSet::after(int a) const {
    EventSet r = *this;
    const size_t word = static_cast<size_t>(a + 1) >> 6;
    for (size_t i = 0; i < word && i < r.m_w.size(); i++) r.m_w[i] = 0;
    if (word < r.m_w.size()) r.m_w[word] &= ~uint64_t(0) << ((a + 1) & 63);
    return r;
}

EventSet EventSet::all(int n) {
    EventSet r(n);
    for (int i = 0; i < n; i++) r.add(i);
    return r;
}

bool EventSet::empty() const {
    for (uint64_t w : m_w)
        if (w) return false;
    return true;
}

bool Rel::row_empty(int a) const {
    const uint64_t* r = row(a);
    for (size_t i = 0; i < m_stride; i++)
        if (r[i]) return false;
    return true;
}

bool Rel::empty() const {
    for (uint64_t w : m_w)
        if (w) return false;
    return true;
}

void Rel::set_row(int a, const EventSet& s) {
    uint64_t* r = row(a);
    for (size_t i = 0; i < m_stride; i++) r[i] = s.words()[i];
}

std::vector<int> Rel::successors(int a) const {
    std::vector<int> out;
    const uint64_t* r = row(a);
    for (size_t i = 0; i < m_stride; i++)
        for (uint64_t w = r[i]; w; w &= w - 1) out.push_back(static_cast<int>(i * 64) + __builtin_ctzll(w));
    return out;
}

Rel& Rel::operator|=(const Rel& o) {
    for (size_t i = 0; i < m_w.size(); i++) m_w[i] |= o.m_w[i];
    return *this;
}

Rel& Rel::operator&=(const Rel& o) {
    for (size_t i = 0; i < m_w.size(); i++) m_w[i] &= o.m_w[i];
    return *this;
}

Rel Rel::minus(const Rel& o) const {
    Rel r = *this;
    for (size_t i = 0; i < m_w.size(); i++) r.m_w[i] &= ~o.m_w[i];
    return r;
}

Rel Rel::inverse() const {
    Rel r(m_n);
    for (int a = 0; a < m_n; a++)
        for (int b : successors(a)) r.add(b, a);
    return r;
}

Rel Rel::seq(const Rel& o, bool o_transitive) const {
    Rel r(m_n);
    // Only the events with a successor in o can carry a pair through: `po ; [F] ; po` visits
    // the fences of each row, not every later event (the relations of a large execution are
    // mostly such compositions of dense program order with a sparse set or edge relation).
    // Each row of o is ORed over its non-zero words only (an edge relation's rows, or a
    // reflexive closure's, are a word or two).
    std::vector<uint64_t> through(m_stride, 0);
    std::vector<uint32_t> lo(static_cast<size_t>(m_n), 0), hi(static_cast<size_t>(m_n), 0);
    for (int k = 0; k < m_n; k++) {
        const uint64_t* orow = o.row(k);
        size_t first = 0, last = m_stride;
        while (first < m_stride && !orow[first]) first++;
        if (first == m_stride) continue;
        while (!orow[last - 1]) last--;
        lo[static_cast<size_t>(k)] = static_cast<uint32_t>(first);
        hi[static_cast<size_t>(k)] = static_cast<uint32_t>(last);
        through[static_cast<size_t>(k) >> 6] |= uint64_t(1) << (k & 63);
    }
    for (int a = 0; a < m_n; a++) {
        uint64_t* out = r.row(a);
        const uint64_t* in = row(a);
        for (size_t i = 0; i < m_stride; i++)
            for (uint64_t w = in[i] & through[i]; w; w &= w - 1) {
                const int k = static_cast<int>(i * 64) + __builtin_ctzll(w);
                // out holds only what rows of o gave it: k in out means some row already taken
                // reaches k, and by transitivity contains k's row (the first fence after an
                // event brings the program order of every later one).
                if (o_transitive && ((out[i] >> (k & 63)) & 1)) continue;
                const uint64_t* orow = o.row(k);
                for (size_t j = lo[static_cast<size_t>(k)]; j < hi[static_cast<size_t>(k)]; j++) out[j] |= orow[j];
            }
    }
    return r;
}

Rel Rel::restrict(const EventSet& s, const EventSet& t) const {
    Rel r(m_n);
    const std::vector<uint64_t>& tw = t.words();
    for (int a = 0; a < m_n; a++) {
        if (!s.has(a)) continue;
        const uint64_t* in = row(a);
        uint64_t* out = r.row(a);
        for (size_t i = 0; i < m_stride; i++) out[i] = in[i] & tw[i];
    }
    return r;
}

// Strongly connected components in the order Tarjan's algorithm completes them: every
// edge leaving a component goes to one completed before it (a reverse topological order).
// Iterative, successors read off the bit rows: thousands of events, so no recursion and no
// successor lists.
std::vector<int> Rel::components(std::vector<int>& order) const {
    const size_t n = static_cast<size_t>(m_n);
    std::vector<int> index(n, -1), low(n, 0), comp(n, -1), stack;
    struct Frame {
        int v;
        size_t word;
        uint64_t bits;
    };
    std::vector<Frame> frames;
    int next = 0, ncomp = 0;
    order.clear();
    for (int root = 0; root < m_n; root++) {
        if (index[static_cast<size_t>(root)] >= 0) continue;
        auto open = [&](int v) {
            index[static_cast<size_t>(v)] = low[static_cast<size_t>(v)] = next++;
            stack.push_back(v);
            frames.push_back(Frame{v, 0, m_stride ? row(v)[0] : 0});
        };
        open(root);
        while (!frames.empty()) {
            Frame& f = frames.back();
            while (!f.bits && ++f.word < m_stride) f.bits = row(f.v)[f.word];
            if (f.bits) {
                const int w = static_cast<int>(f.word * 64) + __builtin_ctzll(f.bits);
                f.bits &= f.bits - 1;
                const int v = f.v;
                if (index[static_cast<size_t>(w)] < 0) {
                    open(w);  // invalidates f
                } else if (comp[static_cast<size_t>(w)] < 0) {
                    low[static_cast<size_t>(v)] = std::min(low[static_cast<size_t>(v)], index[static_cast<size_t>(w)]);
                }
                continue;
            }
            const int v = f.v;
            frames.pop_back();
            if (low[static_cast<size_t>(v)] == index[static_cast<size_t>(v)]) {
                int w = -1;
                do {
                    w = stack.back();
                    stack.pop_back();
                    comp[static_cast<size_t>(w)] = ncomp;
                    order.push_back(w);
                } while (w != v);
                ncomp++;
            }
            if (!frames.empty()) {
                const int u = frames.back().v;
                low[static_cast<size_t>(u)] = std::min(low[static_cast<size_t>(u)], low[static_cast<size_t>(v)]);
            }
        }
    }
    return comp;
}

Rel Rel::plus() const {
    // Over the components, sinks first: an event reaches its successors and what they reach,
    // which is already final (their components completed earlier). A successor already
    // reached is skipped: it came in with the row of an earlier one that reaches it, and that
    // row holds its own. Program-order-like relations then cost one row copy per event,
    // where Warshall's algorithm cost a row per pair (0.4 s per closure at 6,000 events).
    std::vector<int> order;
    const std::vector<int> comp = components(order);
    Rel r(m_n);
    std::vector<uint64_t> reach(m_stride);
    for (size_t start = 0; start < order.size();) {
        const int c = comp[static_cast<size_t>(order[start])];
        size_t end = start;
        while (end < order.size() && comp[static_cast<size_t>(order[end])] == c) end++;
        std::fill(reach.begin(), reach.end(), 0);
        bool cyclic = end - start > 1;
        for (size_t k = start; k < end; k++) {
            const int v = order[k];
            const uint64_t* in = row(v);
            for (size_t i = 0; i < m_stride; i++)
                for (uint64_t w = in[i]; w; w &= w - 1) {
                    const int x = static_cast<int>(i * 64) + __builtin_ctzll(w);
                    if (comp[static_cast<size_t>(x)] == c) {
                        cyclic = true;  // a self-loop, or an edge inside the component
                        continue;
                    }
                    if ((reach[i] >> (x & 63)) & 1) continue;
                    reach[i] |= uint64_t(1) << (x & 63);
                    const uint64_t* xr = r.row(x);
                    for (size_t j = 0; j < m_stride; j++) reach[j] |= xr[j];
                }
        }
        if (cyclic)
            for (size_t k = start; k < end; k++)
                reach[static_cast<size_t>(order[k]) >> 6] |= uint64_t(1) << (order[k] & 63);
        for (size_t k = start; k < end; k++) std::copy(reach.begin(), reach.end(), r.row(order[k]));
        start = end;
    }
    return r;
}

Rel Rel::star() const { return plus().opt(); }

Rel Rel::opt() const {
    Rel r = *this;
    for (int a = 0; a < m_n; a++) r.add(a, a);
    return r;
}

Rel Rel::identity(const EventSet& s) {
    Rel r(s.size());
    for (int a = 0; a < s.size(); a++)
        if (s.has(a)) r.add(a, a);
    return r;
}

Rel Rel::cross(const EventSet& s, const EventSet& t) {
    Rel r(s.size());
    for (int a = 0; a < s.size(); a++)
        if (s.has(a)) {
            uint64_t* out = r.row(a);
            for (size_t i = 0; i < r.m_stride; i++) out[i] = t.words()[i];
        }
    return r;
}

EventSet Rel::domain() const {
    EventSet s(m_n);
    for (int a = 0; a < m_n; a++)
        if (!row_empty(a)) s.add(a);
    return s;
}

EventSet Rel::range() const {
    EventSet s(m_n);
    for (int a = 0; a < m_n; a++)
        for (int b : successors(a)) s.add(b);
    return s;
}

int Rel::cycle_event() const {
    // A self-loop, else a component of two or more events holds a cycle: the first such
    // component Tarjan's algorithm completes, named by its root (the last of it in `order`).
    for (int a = 0; a < m_n; a++)
        if (has(a, a)) return a;
    std::vector<int> order;
    const std::vector<int> comp = components(order);
    for (size_t k = 0; k + 1 < order.size(); k++)
        if (comp[static_cast<size_t>(order[k])] == comp[static_cast<size_t>(order[k + 1])]) {
            while (k + 1 < order.size() &&
                   comp[static_cast<size_t>(order[k + 1])] == comp[static_cast<size_t>(order[k])])
                k++;
            return order[k];
        }
    return -1;
}

std::vector<int> Rel::path(int a, int b) const {
    std::vector<int> parent(static_cast<size_t>(m_n), -2);
    std::deque<int> q;
    for (int s : successors(a)) {
        if (parent[static_cast<size_t>(s)] != -2) continue;
        parent[static_cast<size_t>(s)] = a;
        q.push_back(s);
    }
    while (!q.empty()) {
        const int v = q.front();
        q.pop_front();
        if (v == b) break;
        for (int s : successors(v))
            if (parent[static_cast<size_t>(s)] == -2) {
                parent[static_cast<size_t>(s)] = v;
                q.push_back(s);
            }
    }
    if (parent[static_cast<size_t>(b)] == -2) return {};
    std::vector<int> out{b};
    int v = b;
    // Walk back to a; the first step out of a is recorded with parent a.
    while (true) {
        const int p = parent[static_cast<size_t>(v)];
        out.push_back(p);
        if (p == a) break;
        v = p;
    }
    std::reverse(out.begin(), out.end());
    return out;
}

}  // namespace fc::lkmm
