// model/outcomes.hpp: what the search keeps across executions.
//   OutcomeTable:      each distinct outcome (Judgement::outcome) with its count and the
//                      first execution that gave it
//   ReadsFromClassSet: the distinct reads-from classes of the observer CPU's loads in
//                      secondary executions, each coexisting or torn
//   KeptExecution:     one execution kept whole (the counterexample)
// Relacy-free and allocation-free once constructed: all three are fed inside the simulation.
#pragma once

#include <cstdint>
#include <vector>

#include "model/engine.hpp"

namespace fc {

class OutcomeTable {
public:
    static constexpr int kMaxOutcomes = 4096;  // distinct outcomes kept (the rest are counted, not kept)

    OutcomeTable() : m_slots(kMaxOutcomes), m_order(kMaxOutcomes, 0) {}
    // Counts the outcome of execution number `execution` (nothing when j has none).
    void record(const Judgement& j, uint64_t execution);
    // The outcomes in the order first seen.
    std::vector<OutcomeCount> in_order() const;
    bool truncated() const { return m_truncated; }

private:
    struct Slot {
        int n = 0;
        int values[kMaxOutcome] = {};
        uint64_t count = 0;
        bool violation = false;
        uint64_t first_execution = 0;
    };
    std::vector<Slot> m_slots;  // open addressing on the outcome's hash
    std::vector<int> m_order;   // indices into m_slots, in the order first seen
    int m_used = 0;
    bool m_truncated = false;
};

class ReadsFromClassSet {
public:
    ReadsFromClassSet() : m_key(kSlots, 0) {}
    // Records the class of one execution: for each load of `observer`, its location, the
    // position in that location's modification order of the write it read, and the value.
    void record(const TraceEvent* ev, size_t nev, int observer);
    uint64_t coexisting() const { return m_coexisting; }
    uint64_t torn() const { return m_torn; }
    bool overflow() const { return m_overflow; }

private:
    static constexpr size_t kSlots = size_t(1) << 15;  // open-addressing set of class hashes
    std::vector<uint64_t> m_key;                       // 0 = empty
    uint64_t m_used = 0, m_coexisting = 0, m_torn = 0;
    bool m_overflow = false;
};

// One execution kept whole, with what a search reports about it.
struct KeptExecution {
    static constexpr size_t kMaxState = 262144;  // Relacy's scheduler state, as text

    explicit KeptExecution(size_t max_events) : ev(max_events), state(kMaxState, '\0') {}
    bool has = false;
    bool stale = false;  // some load read an overwritten value
    std::vector<TraceEvent> ev;
    size_t n = 0;
    bool truncated = false;
    int regs[kMaxCpus][kMaxRegs] = {};
    std::vector<int> final_values;  // by location
    uint64_t execution = 0;
    unsigned preemptions = 0;
    std::vector<char> state;  // "" = too long to keep
};

// True if some load of the execution returned a value older than the latest write.
bool any_stale(const TraceEvent* ev, size_t n);

}  // namespace fc
