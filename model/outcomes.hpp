// model/outcomes.hpp: what the search keeps across executions.
//   OutcomeTable:      each distinct outcome (Judgement::outcome) with its count and the
//                      first execution that gave it
//   ReadsFromClassSet: the distinct reads-from classes of the observer CPU's loads in
//                      secondary executions, each coexisting or torn
//   KeptExecution:     one execution kept whole (the counterexample)
// Relacy-free and allocation-free once constructed: all three are fed inside the simulation.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "model/engine.hpp"

namespace fc {

// Zero-filled memory for a table of which a search touches a few entries: anonymous pages,
// zero until written, so that a table nobody fills costs no time (a search builds two).
class ZeroedPages {
public:
    explicit ZeroedPages(size_t bytes);
    ~ZeroedPages();
    ZeroedPages(const ZeroedPages&) = delete;
    ZeroedPages& operator=(const ZeroedPages&) = delete;
    void* get() const { return m_p; }

private:
    void* m_p;
    size_t m_bytes;
};

class OutcomeTable {
public:
    static constexpr int kMaxOutcomes = 4096;  // distinct outcomes kept (the rest are counted, not kept)

    OutcomeTable()
        : m_pages(sizeof(Slot) * kMaxOutcomes), m_slots(static_cast<Slot*>(m_pages.get())), m_order(kMaxOutcomes, 0) {}
    // Counts the outcome of execution number `execution` (nothing when j has none).
    void record(const Judgement& j, uint64_t execution);
    // The outcomes in the order first seen.
    std::vector<OutcomeCount> in_order() const;
    bool truncated() const { return m_truncated; }

private:
    struct Slot {  // all zero: empty
        int n;
        int values[kMaxOutcome];
        uint64_t count;
        bool violation;
        uint64_t first_execution;
    };
    ZeroedPages m_pages;
    Slot* m_slots;             // kMaxOutcomes, open addressing on the outcome's hash
    std::vector<int> m_order;  // indices into m_slots, in the order first seen
    int m_used = 0;
    bool m_truncated = false;
};

class ReadsFromClassSet {
public:
    ReadsFromClassSet() : m_pages(sizeof(uint64_t) * kSlots), m_key(static_cast<uint64_t*>(m_pages.get())) {}
    // Records the class of one execution: for each load of `observer`, its location, the
    // position in that location's modification order of the write it read, and the value.
    void record(const TraceEvent* ev, size_t nev, int observer);
    uint64_t coexisting() const { return m_coexisting; }
    uint64_t torn() const { return m_torn; }
    bool overflow() const { return m_overflow; }

private:
    static constexpr size_t kSlots = size_t(1) << 15;  // open-addressing set of class hashes
    ZeroedPages m_pages;
    uint64_t* m_key;  // kSlots class hashes, 0 = empty
    uint64_t m_used = 0, m_coexisting = 0, m_torn = 0;
    bool m_overflow = false;
};

// Relacy's scheduler state of one execution, as text ("" until captured). The buffer is not
// filled in advance: only the captured string's bytes are ever written or read, and most
// searches capture none (a search builds three of these).
class StateText {
public:
    static constexpr size_t kMaxState = 262144;
    StateText() : m_text(new char[kMaxState]) { m_text[0] = '\0'; }
    char* data() { return m_text.get(); }
    const char* data() const { return m_text.get(); }
    static constexpr size_t size() { return kMaxState; }

private:
    std::unique_ptr<char[]> m_text;
};

// One execution kept whole, with what a search reports about it.
struct KeptExecution {
    explicit KeptExecution(size_t max_events) : ev(max_events) {}
    bool has = false;
    bool stale = false;  // some load read an overwritten value
    std::vector<TraceEvent> ev;
    size_t n = 0;
    bool truncated = false;
    int regs[kRelacyMaxCpus][kMaxRegs] = {};
    std::vector<int> final_values;  // by location
    uint64_t execution = 0;
    unsigned preemptions = 0;
    uint64_t subtree = 0;  // the split subtree it lies in (CachedSchedulerHooks::subtree)
    StateText state;       // "" = too long to keep
};

// True if some load of the execution returned a value older than the latest write.
bool any_stale(const TraceEvent* ev, size_t n);

}  // namespace fc
