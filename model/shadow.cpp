// model/shadow.cpp: see shadow.hpp.
#include "model/shadow.hpp"

#include <cstring>

namespace fc {

void ShadowHistory::resize(int nslots) {
    const size_t n = static_cast<size_t>(nslots);
    m_ev.reset(new int[n * kMaxHist]);
    m_val.reset(new int[n * kMaxHist]);
    m_mo.reset(new int[n * kMaxHist]);
    m_n.assign(n, 0);
    m_mo_count.assign(n, 0);
}

int ShadowHistory::store(int slot, int event_index, int value) {
    int& n = m_n[static_cast<size_t>(slot)];
    if (n == kMaxHist) {  // keep the newest: shift one out
        const size_t base = at(slot, 0);
        std::memmove(&m_ev[base], &m_ev[base + 1], sizeof(int) * (kMaxHist - 1));
        std::memmove(&m_val[base], &m_val[base + 1], sizeof(int) * (kMaxHist - 1));
        std::memmove(&m_mo[base], &m_mo[base + 1], sizeof(int) * (kMaxHist - 1));
        n--;
    }
    const int mo = event_index < 0 ? 0 : ++m_mo_count[static_cast<size_t>(slot)];
    m_ev[at(slot, n)] = event_index;
    m_val[at(slot, n)] = value;
    m_mo[at(slot, n)] = mo;
    n++;
    return mo;
}

// A load of `value` read the latest write if it holds that value, else the most recent older
// write of that value (Relacy reads at most 1 store back in full search, 2 in random search).
// A write of an equal value earlier still cannot be told apart by value. When the value
// matches no write in the history, the answer is the latest position (the conservative one
// for a judge that asks "did the load see this write?") and e->rf = -2 (unknown).
int ShadowHistory::rf(int slot, int value, TraceEvent* e) const {
    const int n = m_n[static_cast<size_t>(slot)];
    if (e) e->latest = m_val[at(slot, n - 1)];
    for (int i = n - 1; i >= 0; i--)
        if (m_val[at(slot, i)] == value) {
            if (e) {
                e->rf = m_ev[at(slot, i)];
                e->stale = (i != n - 1);
            }
            return m_mo[at(slot, i)];
        }
    if (e) {
        e->rf = -2;  // unknown: older than the shadow history
        e->stale = true;
    }
    return m_mo[at(slot, n - 1)];
}

}  // namespace fc
