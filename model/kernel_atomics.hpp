// model/kernel_atomics.hpp: the ONE place where a kernel atomic primitive becomes
// Relacy operations and memory orders (in the spirit of tools/memory-model/linux-kernel.def).
//
// Every row below states, for one kernel primitive:
//   - what it does to the location (load, store, RMW and what it returns);
//   - its LKMM ordering class, from Documentation/atomic_t.txt ("RMW operations that have
//     a return value are fully ordered", "RMW operations that have no return value are
//     unordered", "conditional RMW ... unordered on FAILURE") and linux-kernel.def;
//   - how each memory setting lowers it (lower() below).
//
// Nothing here includes Relacy: model/engine.cpp turns a Lowering into rl:: calls.
#pragma once

#include <cstdint>
#include <string>

namespace fc {

// The three memory settings a run can choose (docs/model.md, "Memory settings").
enum class Memory : uint8_t {
    sc,       // every access sequentially consistent: only interleavings, no weak behaviour
    lkmm,     // the kernel's ordering classes, mapped onto C++11 orders (table below)
    relaxed,  // every atomic access relaxed, even value-returning RMWs; explicit smp_* kept
};

// LKMM ordering class of a primitive (Documentation/atomic_t.txt).
enum class Ordering : uint8_t {
    unordered,        // atomic_read/atomic_set, RMWs without return value, *_relaxed
    full,             // value-returning RMWs, *_and_test, atomic_add_negative, xchg
    full_on_success,  // conditional RMWs: atomic_add_unless, cmpxchg
    acquire,          // *_acquire, smp_load_acquire
    release,          // *_release, smp_store_release
    barrier,          // a barrier primitive (its own row says which)
};

enum class PrimKind : uint8_t { load, store, rmw, fence };

// What an RMW hands back to the kernel code (stored in the destination register).
enum class RmwResult : uint8_t {
    none,         // void: atomic_inc, atomic_add, ...
    new_value,    // atomic_*_return*
    is_zero,      // atomic_*_and_test
    is_negative,  // atomic_add_negative
    success,      // atomic_add_unless: true if the add happened
};

enum class Prim : uint8_t {
    atomic_read,
    atomic_set,
    READ_ONCE,
    WRITE_ONCE,
    atomic_inc,
    atomic_dec,
    atomic_add,
    atomic_sub,
    atomic_inc_and_test,
    atomic_dec_and_test,
    atomic_sub_and_test,
    atomic_add_negative,
    atomic_add_return,
    atomic_inc_return_relaxed,
    atomic_dec_return_relaxed,
    atomic_add_return_relaxed,
    atomic_sub_return_relaxed,
    atomic_add_unless,
    smp_mb,
    smp_rmb,
    smp_wmb,
    smp_mb__before_atomic,
    smp_mb__after_atomic,
    count_
};

struct PrimInfo {
    Prim prim;
    const char* name;  // kernel spelling, grep-able
    PrimKind kind;
    Ordering ordering;     // LKMM class
    RmwResult result;      // for RMWs
    bool operand_shown;    // atomic_add(i, v) shows i; atomic_inc(v) does not
    bool operand_negated;  // atomic_sub(i, v) adds -i: the operand is shown as i
};

const PrimInfo& prim_info(Prim p);

// C++11 orders, spelled without Relacy so that harness code can print and test them.
enum class Order : uint8_t { relaxed, acquire, release, acq_rel, seq_cst };
const char* order_name(Order o);

// How one primitive runs under one memory setting.
//   access:        emit the access itself (false only for barriers)
//   order:         the C++11 order of the access
//   fence_before / fence_after: a seq_cst fence around the access (fully ordered RMWs:
//                  "like having an smp_mb() before and an smp_mb() after", atomic_t.txt;
//                  a seq_cst RMW alone is not enough, see relacy-notes.md section 3)
//   fence:         for barrier primitives, the fence to emit (or none)
//   fence_order:   its C++11 order
//   fence_after_only_on_success: full_on_success RMWs keep the trailing fence only when
//                  the conditional RMW succeeded (atomic_t.txt: unordered on failure);
//                  the leading fence is emitted in both cases (documented in limitations.md).
struct Lowering {
    bool access = true;
    Order order = Order::relaxed;
    bool fence_before = false;
    bool fence_after = false;
    bool fence_after_only_on_success = false;
    bool fence = false;
    Order fence_order = Order::seq_cst;
};

Lowering lower(Prim p, Memory m);

const char* memory_name(Memory m);
bool parse_memory(const std::string& s, Memory& out);

}  // namespace fc
