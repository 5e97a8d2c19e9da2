// model/trace.hpp: one execution as foliocheck records it, in kernel terms (no Relacy).
// The engine fills these while it searches; harness/ prints them as CPU columns.
#pragma once

#include <cstdint>
#include <vector>

#include "model/kernel_atomics.hpp"

namespace fc {

enum class EventKind : uint8_t {
    access,      // a primitive's access to a location (load, store or RMW)
    implied_mb,  // the smp_mb() before/after a fully ordered RMW (lkmm)
    barrier,     // an explicit smp_* barrier; a scheduling point unless `no_op`
    exit,        // the CPU finished its path
};

struct TraceEvent {
    EventKind kind = EventKind::access;
    uint8_t cpu = 0;
    Prim prim = Prim::atomic_read;
    uint16_t loc = 0;  // location index (lock primitives: the spinlock's index)
    Order order = Order::relaxed;
    bool no_op = false;     // barrier that the memory setting drops (sc): not a scheduling point
    bool stale = false;     // load returned a value older than the latest in modification order
    bool result = false;    // *_and_test / add_negative / add_unless outcome
    int32_t call = -1;      // Program::calls index of the kernel call
    int32_t operand = 0;    // the kernel operand as written
    int32_t operand_b = 0;  // the second operand (cmpxchg's new value, add_unless's u)
    bool is_lock = false;   // spin_lock/unlock/trylock: loc is the spinlock's index
    int32_t before = 0;     // load: value read; store/RMW: value before
    int32_t after = 0;      // store/RMW: value written; load: = before
    int32_t latest = 0;     // load: latest value in modification order when it read
    int32_t rf = -1;        // load: index of the event whose write it read, -1 = initial value
};

struct Trace {
    std::vector<TraceEvent> events;
    bool truncated = false;
};

// Number of preemptions in an execution: switches away from a CPU that had not finished.
unsigned count_preemptions(const TraceEvent* ev, size_t n);

}  // namespace fc
