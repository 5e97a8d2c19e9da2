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
// Nothing here includes Relacy: model/relacy_suite.hpp turns a Lowering into rl:: calls.
#pragma once

#include <cstdint>
#include <string>

namespace fc {

// The memory settings a run can choose (docs/model.md, "Memory settings").
//   lkmm is the kernel's memory model itself, decided by the exact engine (model/lkmm/);
//   c11 is Relacy's approximation of it: the kernel's ordering classes mapped onto C++11
//   orders (the table below), with the differences docs/limitations.md lists.
enum class Memory : uint8_t {
    sc,       // every access sequentially consistent: only interleavings, no weak behaviour
    lkmm,     // LKMM exactly (tools/memory-model), on the exact engine
    c11,      // the kernel's ordering classes, mapped onto C++11 orders (table below), on Relacy
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

// lock: spin_lock / spin_unlock / spin_trylock on a spinlock_t (Insn::loc = lock index).
enum class PrimKind : uint8_t { load, store, rmw, fence, lock };

// What an RMW does to the location.
//   add:        v += delta (inc/dec/add/sub and their _return/fetch_/_and_test forms)
//   xchg:       v = A, returns the old value
//   cmpxchg:    if (v == A) v = B; returns the old value (conditional: unordered on failure)
//   add_unless: if (v != B) v += A; returns whether it added (atomic_add_unless(v, a, u),
//               atomic_inc_not_zero(v) = atomic_add_unless(v, 1, 0))
enum class RmwOp : uint8_t { none, add, xchg, cmpxchg, add_unless };

// What an RMW hands back to the kernel code (stored in the destination register).
enum class RmwResult : uint8_t {
    none,         // void: atomic_inc, atomic_add, ...
    new_value,    // atomic_*_return*
    old_value,    // atomic_fetch_*, xchg, cmpxchg
    is_zero,      // atomic_*_and_test
    is_negative,  // atomic_add_negative
    success,      // atomic_add_unless, atomic_inc_not_zero, spin_trylock: 1 if it happened
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
    // Rows added for scenario files (Documentation/atomic_t.txt's whole family; the _relaxed,
    // _acquire and _release suffixes and the fully ordered forms of each).
    atomic_read_acquire,
    smp_load_acquire,
    atomic_set_release,
    smp_store_release,
    atomic_add_return_acquire,
    atomic_add_return_release,
    atomic_sub_return,
    atomic_sub_return_acquire,
    atomic_sub_return_release,
    atomic_inc_return,
    atomic_inc_return_acquire,
    atomic_inc_return_release,
    atomic_dec_return,
    atomic_dec_return_acquire,
    atomic_dec_return_release,
    atomic_fetch_add,
    atomic_fetch_add_relaxed,
    atomic_fetch_add_acquire,
    atomic_fetch_add_release,
    atomic_fetch_sub,
    atomic_fetch_sub_relaxed,
    atomic_fetch_sub_acquire,
    atomic_fetch_sub_release,
    atomic_fetch_inc,
    atomic_fetch_inc_relaxed,
    atomic_fetch_inc_acquire,
    atomic_fetch_inc_release,
    atomic_fetch_dec,
    atomic_fetch_dec_relaxed,
    atomic_fetch_dec_acquire,
    atomic_fetch_dec_release,
    atomic_add_negative_relaxed,
    atomic_add_negative_acquire,
    atomic_add_negative_release,
    atomic_inc_not_zero,
    atomic_xchg,
    atomic_xchg_relaxed,
    atomic_xchg_acquire,
    atomic_xchg_release,
    xchg,
    xchg_relaxed,
    xchg_acquire,
    xchg_release,
    atomic_cmpxchg,
    atomic_cmpxchg_relaxed,
    atomic_cmpxchg_acquire,
    atomic_cmpxchg_release,
    cmpxchg,
    cmpxchg_relaxed,
    cmpxchg_acquire,
    cmpxchg_release,
    smp_mb__after_spinlock,
    spin_lock,
    spin_unlock,
    spin_trylock,
    // linux-kernel.def's fences without a C++11 counterpart: barrier() is a compiler barrier
    // (no ordering of marked accesses); smp_mb__after_unlock_lock() makes a preceding
    // spin_unlock() + spin_lock() a full barrier (linux-kernel.cat, `mb`).
    smp_mb__after_unlock_lock,
    barrier,
    count_
};

struct PrimInfo {
    Prim prim;
    const char* name;  // kernel spelling, grep-able
    PrimKind kind;
    Ordering ordering;     // LKMM class
    RmwOp op;              // for RMWs
    RmwResult result;      // for RMWs (and spin_trylock)
    uint8_t operands;      // kernel operands besides the location: atomic_inc 0, atomic_add 1,
                           // atomic_add_unless / cmpxchg 2 (Insn operands A and B)
    bool operand_negated;  // atomic_sub(i, v) adds -i: the operand is shown as i
    bool operand_shown() const { return operands > 0; }
};

const PrimInfo& prim_info(Prim p);
// The primitive a kernel name spells ("atomic_fetch_add_release"), if the table has it.
bool find_prim(const std::string& kernel_name, Prim& out);

// C++11 orders, spelled without Relacy so that harness code can print and test them.
enum class Order : uint8_t { relaxed, acquire, release, acq_rel, seq_cst };
const char* order_name(Order o);

// How one primitive runs under one memory setting.
//   access:        emit the access itself (false only for barriers)
//   order:         the C++11 order of the access
//   fence_before / fence_after: a seq_cst fence around the access (fully ordered RMWs:
//                  "like having an smp_mb() before and an smp_mb() after", atomic_t.txt;
//                  a seq_cst RMW alone is not enough, see docs/relacy-behaviour.md §3)
//   fence:         for barrier primitives, the fence to emit (or none)
//   fence_order:   its C++11 order
//   fence_after_only_on_success: full_on_success RMWs keep the trailing fence only when
//                  the conditional RMW succeeded (atomic_t.txt: unordered on failure);
//                  the leading fence is emitted in both cases (documented in limitations.md).
//   failure_order: the order of a failed conditional RMW's read (cmpxchg, add_unless):
//                  relaxed except under sc ("a failed RMW operation is unordered").
struct Lowering {
    bool access = true;
    Order order = Order::relaxed;
    bool fence_before = false;
    bool fence_after = false;
    bool fence_after_only_on_success = false;
    bool fence = false;
    Order fence_order = Order::seq_cst;
    Order failure_order = Order::relaxed;
};

Lowering lower(Prim p, Memory m);

const char* memory_name(Memory m);
bool parse_memory(const std::string& s, Memory& out);
std::string memory_names();  // "sc, lkmm, c11, relaxed"

}  // namespace fc
