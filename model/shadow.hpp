// model/shadow.hpp: what the engine records beside Relacy about the writes of an execution.
//   ShadowHistory: per slot, the newest writes in modification order (event index, value,
//                  position), so that a load can be told which write it read and whether
//                  that write was already overwritten (a stale read)
//   ValueSets:     every value each location held in any execution of the search, and the
//                  smallest one (whatever its size)
// Relacy-free, and allocation-free once sized: both are used inside the simulation.
#pragma once

#include <climits>
#include <cstdint>
#include <memory>
#include <vector>

#include "model/trace.hpp"

namespace fc {

class ShadowHistory {
public:
    static constexpr int kMaxHist = 256;  // writes kept per slot (the newest)

    void resize(int nslots);
    void clear(int slot) {
        m_n[static_cast<size_t>(slot)] = 0;
        m_mo_count[static_cast<size_t>(slot)] = 0;
    }
    bool empty(int slot) const { return m_n[static_cast<size_t>(slot)] == 0; }
    int latest_value(int slot) const { return m_val[at(slot, m_n[static_cast<size_t>(slot)] - 1)]; }
    int latest_mo(int slot) const { return m_mo[at(slot, m_n[static_cast<size_t>(slot)] - 1)]; }
    // The modification-order position a write with this event index would get (the initial
    // value, event index -1, is position 0).
    int next_mo(int slot, int event_index) const {
        return event_index < 0 ? 0 : m_mo_count[static_cast<size_t>(slot)] + 1;
    }
    // Records a write; returns its position in the slot's modification order.
    int store(int slot, int event_index, int value);
    // Which write a load of `value` read (see shadow.cpp); fills e->latest, e->rf and
    // e->stale when `e` is given. Returns that write's modification-order position.
    int rf(int slot, int value, TraceEvent* e) const;

private:
    size_t at(int slot, int i) const { return static_cast<size_t>(slot) * kMaxHist + static_cast<size_t>(i); }
    // [slot * kMaxHist + i], oldest first; only entries below m_n[slot] are ever read, so the
    // storage is not filled in advance (a 512-page scenario has over a thousand slots).
    std::unique_ptr<int[]> m_ev, m_val, m_mo;
    std::vector<int> m_n;         // writes kept per slot
    std::vector<int> m_mo_count;  // writes to each slot so far (the initial value is 0)
};

class ValueSets {
public:
    void resize(size_t nlocs) {
        m_bits.assign(nlocs, 0);
        m_overflow.assign(nlocs, false);
        m_min.assign(nlocs, INT_MAX);
    }
    // Bit v+1 for v in -1..62; anything else sets the location's overflow flag.
    void record(int loc, int value) {
        const size_t l = static_cast<size_t>(loc);
        if (value >= -1 && value < 63) m_bits[l] |= uint64_t(1) << (value + 1);
        else m_overflow[l] = true;
        if (value < m_min[l]) m_min[l] = value;
    }
    const std::vector<uint64_t>& bits() const { return m_bits; }
    const std::vector<bool>& overflow() const { return m_overflow; }
    const std::vector<int>& mins() const { return m_min; }

private:
    std::vector<uint64_t> m_bits;
    std::vector<bool> m_overflow;
    std::vector<int> m_min;  // INT_MAX: nothing used the location
};

}  // namespace fc
