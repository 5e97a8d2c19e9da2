// model/lkmm/graph.hpp: one candidate execution of a scenario as an execution graph in the
// terms of the kernel's memory model (tools/memory-model/linux-kernel.bell and lock.cat,
// torvalds/linux 02bae7a24257 and 3867a24cc408): its events, its static relations (program
// order and dependencies of the path each CPU took) and its dynamic ones (reads-from and
// coherence order). Built by the search (search.cpp) from a solver model, or by hand in tests.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "model/lkmm/relation.hpp"

namespace fc::lkmm {

enum class EvType : uint8_t { init, read, write, fence };

// The access annotation herd7 gives an event (linux-kernel.bell `Accesses`, lock.cat's lock
// events). plain: an unannotated C access (linux-kernel.bell `Plain`).
enum class Tag : uint8_t {
    once,
    acquire,
    release,
    noreturn,    // the read of an RMW that returns nothing (atomic_inc(), ...)
    lock_read,   // LKR: the read of spin_lock() or a successful spin_trylock() (Acquire)
    lock_write,  // LKW: its write
    unlock,      // UL: spin_unlock() (Release)
    lock_fail,   // LF: a failed spin_trylock()
    plain,
};

// linux-kernel.bell `Barriers` that a Program can emit (smp_mb__after_unlock_lock() has no
// primitive row yet; RCU is refused before the engine).
enum class Fence : uint8_t {
    none,
    mb,
    rmb,
    wmb,
    before_atomic,
    after_atomic,
    after_spinlock,
    after_unlock_lock,
    barrier
};  // barrier(): a compiler barrier, in no ordering relation

struct Event {
    EvType type = EvType::read;
    Tag tag = Tag::once;
    Fence fence = Fence::none;
    int cpu = -1;   // -1: an initial write
    int pc = -1;    // instruction index in its CPU's Program (events of one instruction share it)
    int loc = -1;   // location (spinlocks numbered after the memory locations)
    int value = 0;  // value read or written
    int rmw = -1;   // the other half of an RMW pair (read -> its write, write -> its read)
    // herd7's `RMW` set (CAction: is_rmw || is_atomic): an access of an atomic RMW instruction,
    // including the lone read of a conditional RMW that failed; not the lock events.
    bool atomic = false;
};

struct Graph {
    std::vector<Event> ev;  // events of one CPU are in program order
    std::vector<int> rf;    // per event: the write a read reads from (-1 for others)
    // Per location: its writes in coherence order (the initial write first).
    std::vector<std::vector<int>> co;
    int nlocs = 0;
    // Dependencies of the path each CPU took (linux-kernel.bell before carry-dep):
    // addr, data (register data flow from a read into a written value) and ctrl (from a read
    // into a branch condition, to the events the branch decides on). Sized to the events.
    Rel addr, data, ctrl;
    // A partial graph (a slice of a candidate, see slice()): only some reads-from edges
    // (rf = -1 elsewhere), and coherence and from-read edges given as pairs rather than
    // derived from total orders. Every relation of the model is monotone in these edges.
    bool partial = false;
    Rel co_edges, fr_edges;

    int size() const { return static_cast<int>(ev.size()); }
    void resize_deps() { addr = data = ctrl = Rel(size()); }
    // Builders for tests and the search: add an event and return its index.
    int add(const Event& e);
    std::string describe(int e) const;  // "P1:R[once] x=1"
};

// What the explanation of a failed axiom rests on: a clause "not all of these" is sound for
// every candidate of the same program (relations are monotone in rf and co once the events
// and the paths are fixed).
struct Witness {
    std::vector<int> events;              // executed events
    std::vector<std::pair<int, int>> rf;  // (write, read)
    std::vector<std::pair<int, int>> co;  // (earlier, later) at one location
    std::vector<std::pair<int, int>> fr;  // (read, write): the read's source is co-before the write
    // (cpu, first pc, last pc): the exact path this CPU took between two instructions
    // (dependencies and fence or lock positions rest on it).
    std::vector<std::tuple<int, int, int>> segments;
    void normalise();  // sort and deduplicate
};

// The slice of candidate g on events `keep` (indices into g, in increasing order) with only
// the dynamic edges of w, after replacing the source of read `read` by `source` (read < 0:
// no replacement). Indices of the slice map back through `keep`.
Graph slice(const Graph& g, const std::vector<int>& keep, const Witness& w, int read = -1, int source = -1);

}  // namespace fc::lkmm
