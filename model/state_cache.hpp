// model/state_cache.hpp: the bookkeeping of the cached search (docs/performance.md, "State
// caching"). Relacy-free: the scheduler in model/relacy_cached_scheduler.hpp and the engine
// feed it, this file decides.
//
// Relacy's full search is an odometer over a decision tree: every execution replays the
// decisions of the one before up to the deepest node that still has an untried choice, takes
// that choice, and continues. A state reached before decision node d has its whole subtree
// explored once an execution ends with its deepest untried node above d (depth < d): only
// then is it entered into the done set. A state found in the done set ends the execution it
// was reached in ("cut"): every continuation from it has been explored already.
//
// Alongside, for the counterexample with the fewest preemptions: a state's key includes the
// CPU that ran last, so the number of preemptions after it depends only on the state; the
// done set keeps, per state, the fewest preemptions after it on any path to a violation and
// the CPU to run next on that path (best_cpu), so the best counterexample can be rebuilt by
// following best_cpu from the initial state (a "guided" execution).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace fc {

// 128-bit fingerprint of a state: two independently seeded 64-bit hashes. Equal states have
// equal keys; different states collide with probability about 2^-128 per pair.
struct StateKey {
    uint64_t a = 0, b = 0;
    bool operator==(const StateKey& o) const { return a == o.a && b == o.b; }
    StateKey& operator^=(const StateKey& o) {
        a ^= o.a;
        b ^= o.b;
        return *this;
    }
};

// The key of one state component (kind, index, value): a strong 64-bit mix, twice with
// different seeds. A state's key is the XOR of its components' keys (Zobrist hashing), so a
// write updates it in O(1).
StateKey component_key(uint32_t kind, uint32_t index, int64_t value);

enum ComponentKind : uint32_t {
    KEY_LOCATION = 1,  // index = location, value = (value, position in modification order)
    KEY_PC = 2,        // index = cpu
    KEY_REG = 3,       // index = cpu * 256 + register
    KEY_STAMP = 4,     // index = cpu * 2 + {last write, last read-from}
    KEY_LAST_CPU = 5,  // the CPU of the last event (preemption accounting)
    KEY_LOCK = 6,      // index = lock, value = owner + 1
    KEY_BLOCKED = 7,   // index = cpu: waiting for a lock
};

constexpr uint16_t kNoViolation = 0xffff;

// The cache grows while Relacy runs, and Relacy tracks (and reports as leaks) every heap block
// allocated through operator new during a simulation: the cache's storage comes from
// malloc/free, called from this Relacy-free translation unit.
void* cache_alloc(size_t bytes);
void cache_free(void* p);
template <typename T>
struct CacheAllocator {
    using value_type = T;
    CacheAllocator() = default;
    template <typename U>
    CacheAllocator(const CacheAllocator<U>&) {}
    T* allocate(size_t n) { return static_cast<T*>(cache_alloc(n * sizeof(T))); }
    void deallocate(T* p, size_t) { cache_free(p); }
    template <typename U>
    bool operator==(const CacheAllocator<U>&) const {
        return true;
    }
    template <typename U>
    bool operator!=(const CacheAllocator<U>&) const {
        return false;
    }
};

class StateCache {
public:
    struct Done {
        StateKey key;
        uint16_t min_pre = kNoViolation;  // fewest preemptions after this state to a violation
        uint8_t best_cpu = 0;             // the CPU to run next on that path
        bool used = false;
    };

    void reset();

    // A scheduling decision at tree depth `depth` in state `key`, about to pick among the
    // running CPUs. Returns true when the state's subtree is done (cut the execution here).
    // `replayed`: the decision lies in the prefix the odometer replays (depth <= the node
    // advanced at the last iteration end): its entry is on the path already.
    bool decision(size_t depth, const StateKey& key, unsigned preemptions_so_far);
    // The CPU the decision at `depth` picked (the path keeps it for best_cpu).
    void chosen(size_t depth, unsigned cpu);

    // End of an execution. `violation_pre`: preemptions of this execution if it was judged a
    // violation, or (for a cut one) preemptions up to the cut plus the cut state's min_pre;
    // kNoViolation otherwise. `advanced`: the depth of the tree node the odometer advances
    // next, or -1 when the search is over. Moves finished states into the done set.
    void end_execution(unsigned violation_pre, long advanced);

    const Done* find(const StateKey& key) const;
    uint16_t cut_min_pre() const { return m_cut_min_pre; }  // the last cut state's min_pre
    unsigned cut_pre() const { return m_cut_pre; }          // preemptions before the cut
    size_t states() const { return m_count; }
    size_t replay_limit() const { return m_replay_limit; }
    // Split searches: states above this depth are shared with other parts and never done.
    void set_min_done_depth(size_t d) { m_min_done_depth = d; }
    size_t bytes() const { return m_table.size() * sizeof(Done); }

private:
    struct PathEntry {
        size_t depth;
        StateKey key;
        unsigned pre;  // preemptions before the decision
        uint16_t min_pre;
        uint8_t chosen;
        uint8_t best_cpu;
    };
    void insert(const StateKey& key, uint16_t min_pre, uint8_t best_cpu);
    void grow();

    std::vector<Done, CacheAllocator<Done>> m_table;  // open addressing, power-of-two size
    size_t m_count = 0;
    std::vector<PathEntry, CacheAllocator<PathEntry>> m_path;  // the states of the current path, by depth
    size_t m_replay_limit = 0;                                 // decisions at depth < this are replayed
    bool m_first = true;
    size_t m_min_done_depth = 0;
    uint16_t m_cut_min_pre = kNoViolation;
    unsigned m_cut_pre = 0;
};

}  // namespace fc
