// model/outcomes.cpp: see outcomes.hpp.
#include "model/outcomes.hpp"

#include <sys/mman.h>

#include <cstring>
#include <new>

namespace fc {

ZeroedPages::ZeroedPages(size_t bytes) : m_bytes(bytes) {
    m_p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m_p == MAP_FAILED) throw std::bad_alloc();
}

ZeroedPages::~ZeroedPages() { munmap(m_p, m_bytes); }

void OutcomeTable::record(const Judgement& j, uint64_t execution) {
    if (j.outcome_n <= 0) return;
    const int n = j.outcome_n > kMaxOutcome ? kMaxOutcome : j.outcome_n;
    uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < n; i++) h = (h ^ static_cast<uint32_t>(j.outcome[i])) * 1099511628211ull;
    for (int probe = 0; probe < kMaxOutcomes; probe++) {
        const size_t at = static_cast<size_t>((h + static_cast<uint64_t>(probe)) % kMaxOutcomes);
        Slot& s = m_slots[at];
        if (s.count == 0) {
            if (m_used >= kMaxOutcomes / 2) {  // keep the table sparse: count, do not keep
                m_truncated = true;
                return;
            }
            s.n = n;
            std::memcpy(s.values, j.outcome, sizeof(int) * static_cast<size_t>(n));
            s.count = 1;
            s.violation = j.violation;
            s.first_execution = execution;
            m_order[static_cast<size_t>(m_used++)] = static_cast<int>(at);
            return;
        }
        if (s.n == n && std::memcmp(s.values, j.outcome, sizeof(int) * static_cast<size_t>(n)) == 0) {
            s.count++;
            return;
        }
    }
    m_truncated = true;
}

std::vector<OutcomeCount> OutcomeTable::in_order() const {
    std::vector<OutcomeCount> out;
    for (int i = 0; i < m_used; i++) {
        const Slot& o = m_slots[static_cast<size_t>(m_order[static_cast<size_t>(i)])];
        out.push_back(
            OutcomeCount{std::vector<int>(o.values, o.values + o.n), o.count, o.violation, o.first_execution});
    }
    return out;
}

namespace {

bool is_write(const TraceEvent& e) { return e.kind == EventKind::access && prim_info(e.prim).kind != PrimKind::load; }

}  // namespace

// The n-th write to a location is the same write in every execution when the programs that
// write it follow a fixed path, so the class does not depend on how the search reached it.
// "Coexisting" if the writes read were all current at one moment of the execution (some
// interval [write, next write to the location) common to every load), else "torn".
void ReadsFromClassSet::record(const TraceEvent* ev, size_t nev, int observer) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a over (loc, mo position, value)
    long start_max = -1, end_min = static_cast<long>(nev) + 1;
    for (size_t i = 0; i < nev; i++) {
        const TraceEvent& e = ev[i];
        if (e.kind != EventKind::access || e.cpu != observer || prim_info(e.prim).kind != PrimKind::load) continue;
        long mo = 0, end = static_cast<long>(nev) + 1;
        if (e.rf >= 0) {
            for (int k = 0; k <= e.rf; k++)
                if (is_write(ev[k]) && ev[k].loc == e.loc) mo++;
        } else if (e.rf == -2) {
            mo = -2;  // older than the shadow history: unknown write
        }
        for (size_t k = static_cast<size_t>(e.rf < 0 ? 0 : e.rf + 1); k < nev && e.rf != -2; k++)
            if (is_write(ev[k]) && ev[k].loc == e.loc) {
                end = static_cast<long>(k);
                break;
            }
        if (e.rf >= 0 && e.rf > start_max) start_max = e.rf;
        if (e.rf == -2) start_max = static_cast<long>(nev) + 2;  // cannot place it: torn
        if (end < end_min) end_min = end;
        for (long v : {static_cast<long>(e.loc), mo, static_cast<long>(e.before)}) {
            h ^= static_cast<uint64_t>(v) + 0x9e3779b97f4a7c15ull;
            h *= 1099511628211ull;
        }
    }
    const bool coexisting = start_max < end_min;
    h = (h << 1) | (coexisting ? 1 : 0);
    if (h == 0) h = 2;
    size_t slot = static_cast<size_t>(h) & (kSlots - 1);
    for (size_t probe = 0; probe < kSlots; probe++, slot = (slot + 1) & (kSlots - 1)) {
        if (m_key[slot] == h) return;
        if (m_key[slot] == 0) {
            if (m_used * 2 >= kSlots) {
                m_overflow = true;
                return;
            }
            m_key[slot] = h;
            m_used++;
            (coexisting ? m_coexisting : m_torn)++;
            return;
        }
    }
}

bool any_stale(const TraceEvent* ev, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (ev[i].kind == EventKind::access && ev[i].stale) return true;
    return false;
}

}  // namespace fc
