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

Rel Rel::seq(const Rel& o) const {
    Rel r(m_n);
    // Only the events with a successor in o can carry a pair through: `po ; [F] ; po` visits
    // the fences of each row, not every later event (the relations of a large execution are
    // mostly such compositions of dense program order with a sparse set or edge relation).
    std::vector<uint64_t> through(m_stride, 0);
    for (int k = 0; k < m_n; k++)
        if (!o.row_empty(k)) through[static_cast<size_t>(k) >> 6] |= uint64_t(1) << (k & 63);
    for (int a = 0; a < m_n; a++) {
        uint64_t* out = r.row(a);
        const uint64_t* in = row(a);
        for (size_t i = 0; i < m_stride; i++)
            for (uint64_t w = in[i] & through[i]; w; w &= w - 1) {
                const uint64_t* orow = o.row(static_cast<int>(i * 64) + __builtin_ctzll(w));
                for (size_t j = 0; j < m_stride; j++) out[j] |= orow[j];
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

Rel Rel::plus() const {
    // Warshall over bit rows: after step k, paths through intermediates < k+1 are present.
    Rel r = *this;
    for (int k = 0; k < m_n; k++) {
        if (r.row_empty(k)) continue;  // no path goes on through k
        const uint64_t* rk = r.row(k);
        const size_t word = static_cast<size_t>(k) >> 6;
        const uint64_t bit = uint64_t(1) << (k & 63);
        for (int a = 0; a < m_n; a++) {
            uint64_t* ra = r.row(a);
            if (!(ra[word] & bit)) continue;
            for (size_t j = 0; j < m_stride; j++) ra[j] |= rk[j];
        }
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
    // Iterative Tarjan: an SCC of two or more events, or a self-loop, holds a cycle.
    std::vector<int> index(static_cast<size_t>(m_n), -1), low(static_cast<size_t>(m_n), 0);
    std::vector<char> on(static_cast<size_t>(m_n), 0);
    std::vector<int> stack;
    int next = 0;
    for (int a = 0; a < m_n; a++)
        if (has(a, a)) return a;
    std::vector<std::pair<int, std::vector<int>>> frames;
    std::vector<size_t> pos;
    for (int root = 0; root < m_n; root++) {
        if (index[static_cast<size_t>(root)] >= 0) continue;
        frames.clear();
        pos.clear();
        frames.emplace_back(root, successors(root));
        pos.push_back(0);
        index[static_cast<size_t>(root)] = low[static_cast<size_t>(root)] = next++;
        stack.push_back(root);
        on[static_cast<size_t>(root)] = 1;
        while (!frames.empty()) {
            const int v = frames.back().first;
            std::vector<int>& succ = frames.back().second;
            size_t& p = pos.back();
            if (p < succ.size()) {
                const int w = succ[p++];
                if (index[static_cast<size_t>(w)] < 0) {
                    index[static_cast<size_t>(w)] = low[static_cast<size_t>(w)] = next++;
                    stack.push_back(w);
                    on[static_cast<size_t>(w)] = 1;
                    frames.emplace_back(w, successors(w));
                    pos.push_back(0);
                } else if (on[static_cast<size_t>(w)]) {
                    low[static_cast<size_t>(v)] = std::min(low[static_cast<size_t>(v)], index[static_cast<size_t>(w)]);
                }
                continue;
            }
            if (low[static_cast<size_t>(v)] == index[static_cast<size_t>(v)]) {
                int count = 0, w = -1;
                do {
                    w = stack.back();
                    stack.pop_back();
                    on[static_cast<size_t>(w)] = 0;
                    count++;
                } while (w != v);
                if (count > 1) return v;
            }
            frames.pop_back();
            pos.pop_back();
            if (!frames.empty()) {
                const int u = frames.back().first;
                low[static_cast<size_t>(u)] = std::min(low[static_cast<size_t>(u)], low[static_cast<size_t>(v)]);
            }
        }
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
