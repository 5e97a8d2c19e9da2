// model/lkmm/relation.hpp: binary relations over the events of one execution graph, as bit
// matrices (row i = the events i is related to). The exact LKMM check (lkmm_model.cpp) builds
// every relation of the kernel's cat files from these operations.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace fc::lkmm {

// A set of events (one bit per event).
class EventSet {
public:
    EventSet() = default;
    explicit EventSet(int n) : m_n(n), m_w(static_cast<size_t>((n + 63) / 64), 0) {}
    int size() const { return m_n; }
    bool has(int i) const { return (m_w[static_cast<size_t>(i) >> 6] >> (i & 63)) & 1; }
    void add(int i) { m_w[static_cast<size_t>(i) >> 6] |= uint64_t(1) << (i & 63); }
    EventSet& operator|=(const EventSet& o);
    EventSet& operator&=(const EventSet& o);
    EventSet minus(const EventSet& o) const;
    // The members greater than a.
    EventSet after(int a) const;
    static EventSet all(int n);
    bool empty() const;
    const std::vector<uint64_t>& words() const { return m_w; }

private:
    int m_n = 0;
    std::vector<uint64_t> m_w;
};

class Rel {
public:
    Rel() = default;
    explicit Rel(int n)
        : m_n(n), m_stride(static_cast<size_t>((n + 63) / 64)), m_w(m_stride * static_cast<size_t>(n), 0) {}
    int size() const { return m_n; }
    bool has(int a, int b) const { return (row(a)[static_cast<size_t>(b) >> 6] >> (b & 63)) & 1; }
    void add(int a, int b) { row(a)[static_cast<size_t>(b) >> 6] |= uint64_t(1) << (b & 63); }
    bool row_empty(int a) const;
    // Row a becomes exactly s (s.size() == size()).
    void set_row(int a, const EventSet& s);
    bool empty() const;
    // The events b with (a, b) in the relation, in increasing order.
    std::vector<int> successors(int a) const;

    Rel& operator|=(const Rel& o);
    Rel& operator&=(const Rel& o);
    Rel minus(const Rel& o) const;
    Rel inverse() const;
    // this ; o. o_transitive: o is transitive (program order, a closure), which lets a row
    // skip each successor it already reaches: that successor's row is inside what it has.
    Rel seq(const Rel& o, bool o_transitive = false) const;
    // [S] ; this ; [T]
    Rel restrict(const EventSet& s, const EventSet& t) const;
    Rel plus() const;  // transitive closure
    Rel star() const;  // reflexive-transitive closure
    Rel opt() const;   // reflexive closure
    static Rel identity(const EventSet& s);
    static Rel cross(const EventSet& s, const EventSet& t);
    EventSet domain() const;
    EventSet range() const;
    // One event on a cycle of the relation, or -1 when it is acyclic (Tarjan's SCCs).
    int cycle_event() const;
    // A shortest path a -> ... -> b of at least one edge (empty if none). a == b: a cycle.
    std::vector<int> path(int a, int b) const;

private:
    // The strongly connected component of each event; `order` lists the events component by
    // component, each component completed before any that reaches it.
    std::vector<int> components(std::vector<int>& order) const;
    uint64_t* row(int a) { return m_w.data() + m_stride * static_cast<size_t>(a); }
    const uint64_t* row(int a) const { return m_w.data() + m_stride * static_cast<size_t>(a); }
    int m_n = 0;
    size_t m_stride = 0;
    std::vector<uint64_t> m_w;
};

}  // namespace fc::lkmm
